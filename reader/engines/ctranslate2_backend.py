"""The fast engine: the same Marian model run by CTranslate2 (int8 on CPU, float16 on GPU).

The Hugging Face model is converted once with ``ctranslate2.converters.
TransformersConverter`` into a cache directory (``ctranslate2-<quantization>``
next to a locked model, or under the models directory for a local one),
keyed by the model key and the quantization and written atomically. The
conversion runs in a child process, so this process never imports torch or
transformers: translating with a converted model needs only ctranslate2,
sentencepiece and numpy.

Per batch of length-sorted units: ``translate_batch`` (beam search or greedy,
n-best via ``num_hypotheses``, the alignment head's attention via
``return_attention`` — CTranslate2 returns head 0 of the last decoder layer,
the head opus-mt trained on word alignments, as the torch backend uses), then,
where the per-token log-probabilities are wanted (``DecodingOptions.token_scores``;
``translate_batch`` only returns the sequence score), ``score_batch`` on the
chosen hypotheses. All batches are queued at once, so the Python work on one
batch (decoding subwords, word links) overlaps the model's work on the next.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel, models_dir
from ..translation import Hypothesis, Translation
from . import DecodingOptions, cuda_available, model_beams, settings_key
from .batching import plan_batches
from .units import Unit, assemble, forced_length, make_hypothesis, make_units, output_cap, with_hypothesis
from .vocab import MarianVocab

MARKER = "reader-conversion.json"
CPU_COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32")
GPU_COMPUTE_TYPES = ("float16", "int8_float16", "bfloat16", "int8_bfloat16", "int8", "float32")
_CONVERSION_VERSION = 1
CPU_BEAM_TOKENS = 4096  # padded source tokens × beams × batches in flight, on CPU (see _batch_tokens)
SCORE_TOKENS = 64  # target tokens per teacher-forced scoring slice (memory ~ this × vocabulary × 4 bytes)


SMALL_MODEL_D_MODEL = 256


def default_compute_type(device: str, model: ResolvedModel | None = None) -> str:
    """float16 on CUDA; int8 on CPU, except float32 for small models.

    int8 pays off on large matrices (opus-mt-de-en's 512 × 2048 layers and
    58k vocabulary); a small model gains no speed from it but loses exactness
    (the tiny test model reproduces its training pairs only in float32).
    """
    if device == "cuda":
        return "float16"
    return "float32" if model is not None and _d_model(model) < SMALL_MODEL_D_MODEL else "int8"


def _d_model(model: ResolvedModel) -> int:
    try:
        return int(json.loads((model.path / "config.json").read_text(encoding="utf-8")).get("d_model", 512))
    except (OSError, ValueError):
        return 512


def _quantization(compute_type: str) -> str:
    """The weights stored on disk for a compute type (CTranslate2 converts the rest at load time)."""
    return compute_type


def converted_dir(model: ResolvedModel, quantization: str) -> Path:
    """Where the converted model lives: beside a downloaded model, else under the models directory."""
    root = models_dir()
    try:
        inside = model.path.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if inside and os.access(model.path, os.W_OK):
        return model.path / f"ctranslate2-{quantization}"
    digest = hashlib.sha256(model.key.encode()).hexdigest()[:16]
    return root / "ctranslate2" / f"{model.path.name}-{digest}" / quantization


def _marker(model: ResolvedModel, quantization: str) -> dict:
    return {"model_key": model.key, "quantization": quantization, "version": _CONVERSION_VERSION}


def is_converted(model: ResolvedModel, quantization: str) -> bool:
    directory = converted_dir(model, quantization)
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8")) == _marker(model, quantization)
    except (OSError, ValueError):
        return False


def convert(model: ResolvedModel, quantization: str, notify=None) -> Path:
    """Convert ``model`` for CTranslate2 once; return the converted directory.

    The conversion (which needs torch and transformers) runs in a child
    process into a temporary directory that is renamed into place when done,
    so an interrupted conversion leaves nothing half-written behind.
    """
    target = converted_dir(model, quantization)
    if is_converted(model, quantization):
        return target
    if notify:
        notify(f"Converting {model.name} for CTranslate2 ({quantization}); this happens once …")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        out = tmp / "model"
        proc = subprocess.run(
            [sys.executable, "-m", __name__, str(model.path), str(out), quantization],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            lines = [l for l in (proc.stderr or "").splitlines() if l.strip()]
            raise ModelError(f"cannot convert {model.name} for CTranslate2: {lines[-1] if lines else 'failed'}")
        _check_vocabulary(model.path, out)
        (out / MARKER).write_text(json.dumps(_marker(model, quantization)), encoding="utf-8")
        if target.exists():  # a stale conversion (other weights): replace it
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(out, target)
        except OSError:
            if not is_converted(model, quantization):  # not a concurrent conversion that won the race
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _check_vocabulary(model_dir: Path, converted: Path) -> None:
    """The converted vocabulary must list vocab.json's tokens in id order (the converter drops a final <pad>)."""
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    by_id = sorted(vocab, key=vocab.get)
    files = [converted / "shared_vocabulary.json"]
    if not files[0].exists():
        files = [converted / "source_vocabulary.json", converted / "target_vocabulary.json"]
    for f in files:
        tokens = json.loads(f.read_text(encoding="utf-8"))
        if tokens != by_id[: len(tokens)] or len(by_id) - len(tokens) > 1:
            raise ModelError(f"{f.name} of the converted model does not match {model_dir / 'vocab.json'}")


def _convert_main(argv: list[str]) -> int:
    """Child-process entry point: ``python -m reader.engines.ctranslate2_backend MODEL_DIR OUT QUANTIZATION``."""
    import warnings

    warnings.filterwarnings("ignore")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    _register_marian_loader()
    model_dir, out, quantization = argv
    TransformersConverter(model_dir, low_cpu_mem_usage=True).convert(out, quantization=quantization, force=True)
    return 0


def _register_marian_loader() -> None:
    """Convert Marian models whose decoder-start embedding is not zero faithfully.

    CTranslate2's Marian loader drops ``<pad>`` (the decoder-start token) and starts
    the decoder from a zero vector, which is what Marian-trained opus-mt models do
    (their ``<pad>`` row is zero). A model trained with transformers may have
    learned a ``<pad>`` embedding; then we keep the token and start from it, as
    ``generate`` does, and the runtime forbids generating it (as the model's
    ``bad_words_ids`` does).
    """
    from ctranslate2.converters import transformers as ct2_transformers

    base = ct2_transformers.MarianMTLoader
    bart = ct2_transformers.BartLoader

    class FaithfulMarianLoader(base):
        keep_start = False

        def get_model_spec(self, model):
            start = model.config.decoder_start_token_id
            weight = model.model.decoder.embed_tokens.weight
            self.keep_start = bool(start is not None and start < weight.shape[0] and weight[start].abs().max() > 0)
            if not self.keep_start:
                return super().get_model_spec(model)
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return bart.get_model_spec(self, model)

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            if self.keep_start:
                config.decoder_start_token = tokenizer.convert_ids_to_tokens(model.config.decoder_start_token_id)

        def set_decoder(self, spec, decoder):
            if self.keep_start:
                return bart.set_decoder(self, spec, decoder)
            return super().set_decoder(spec, decoder)

        def get_vocabulary(self, model, tokenizer):
            if self.keep_start:
                return bart.get_vocabulary(self, model, tokenizer)
            return super().get_vocabulary(model, tokenizer)

    ct2_transformers._MODEL_LOADERS["MarianConfig"] = FaithfulMarianLoader()


_LOADED: list[dict] = []  # loaded models, released before the interpreter shuts down


@atexit.register
def _release() -> None:
    # A CTranslate2 translator with several worker threads that is destroyed during
    # interpreter teardown aborts the process ("terminate called without an active
    # exception"); dropping it while Python is still whole is clean.
    while _LOADED:
        model = _LOADED.pop().pop("model", None)
        if model is not None:
            try:
                model.unload_model()
            except Exception:  # pragma: no cover - best effort at exit
                pass
    gc.collect()


# glibc mallopt parameter (malloc.h)
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2  # glibc malloc arenas (default: 8 per core) once CTranslate2 runs on CPU
_malloc_trim = None
_malloc_tuned = False


def tune_malloc() -> None:
    """Keep glibc malloc from hoarding what CTranslate2's worker threads free (CPU peak RSS).

    Each worker thread would get its own arena, and the per-step buffers of beam search
    (logits over the vocabulary, key/value caches and their reordered copies) freed in one
    arena are not reusable by another; two arenas, and a ``malloc_trim`` after every
    ``translate`` call of several batches (``trim_malloc``), keep RSS near what the searches
    in flight hold (docs/benchmarks.md). Called once, before the first Translator starts its
    threads; does nothing where glibc is not the allocator.
    """
    global _malloc_tuned, _malloc_trim
    if _malloc_tuned or not sys.platform.startswith("linux"):
        return
    _malloc_tuned = True
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt, trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    _malloc_trim = trim


def trim_malloc() -> None:
    """Give the pages malloc holds free back to the system (after a translate call; ~20 ms)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def cpu_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class CTranslate2Translator:
    backend = "ctranslate2"

    def __init__(
        self,
        model: ResolvedModel,
        options: DecodingOptions = DecodingOptions(),
        device: str = "auto",
        compute_type: str | None = None,
    ):
        self.model_info = model
        self.name = model.name
        self.options = options
        self.requested_device = device
        self.device = "cuda" if device == "cuda" or (device == "auto" and cuda_available()) else "cpu"
        self.compute_type = compute_type or default_compute_type(self.device, model)
        allowed = GPU_COMPUTE_TYPES if self.device == "cuda" else CPU_COMPUTE_TYPES
        if self.compute_type not in allowed:
            raise ModelError(f"compute type {self.compute_type} is not available on {self.device}")
        self.quantization = _quantization(self.compute_type)
        self.beams = options.beams or model_beams(model)
        self.layer = model.alignment_layer if options.alignment_layer is None else options.alignment_layer
        self.head = model.alignment_head if options.alignment_head is None else options.alignment_head
        self.model_key = model.key
        self.settings_key = settings_key(self.backend, self.compute_type, self.beams, options, self.layer, self.head)
        self._adopted = False  # limits and vocabulary taken from the loaded model
        self._vocab: MarianVocab | None = None
        self._lock = threading.Lock()
        self._shared: dict = {}  # the loaded model and its limits, shared with with_options() siblings
        self.notify = None  # called with a message before a (slow, one-time) conversion

    def with_options(self, options: DecodingOptions) -> "CTranslate2Translator":
        """A translator with other decoding options that shares this one's loaded model."""
        other = CTranslate2Translator(self.model_info, options, self.requested_device, self.compute_type)
        other._vocab, other._lock, other._shared, other.notify = self._vocab, self._lock, self._shared, self.notify
        if self._shared:
            other._adopt(self._shared)
        return other

    # ------------------------------------------------------------ loading

    def supports_alignment(self, n_layers: int | None = None) -> bool:
        """CTranslate2 returns head 0 of the last decoder layer; other heads need the torch backend."""
        if self.head != 0:
            return False
        return self.layer == -1 or (n_layers is not None and self.layer == n_layers - 1)

    def threads(self) -> tuple[int, int]:
        """(inter_threads, intra_threads): $READER_CT2_THREADS="INTER,INTRA", else one batch per core on CPU.

        Several small single-threaded batches in parallel beat one batch on all cores on a
        small CPU (measured on 2 cores, benchmarks/speed.py); on a GPU one worker.
        """
        env = os.environ.get("READER_CT2_THREADS", "")
        if env:
            inter, _, intra = env.partition(",")
            return max(1, int(inter)), int(intra or 0)
        if self.device == "cuda":
            return 1, 0
        return cpu_threads(), 1

    def load(self) -> None:
        with self._lock:
            if self._adopted:
                return
            if self._shared:  # loaded through a with_options() sibling
                self._adopt(self._shared)
                return
            try:
                import ctranslate2
            except ImportError:
                raise ModelError("the ctranslate2 backend needs the ctranslate2 package (pip install ctranslate2)") from None
            config = json.loads((self.model_info.path / "config.json").read_text(encoding="utf-8"))
            n_layers = int(config.get("decoder_layers", 6))
            if not self.supports_alignment(n_layers):
                raise ModelError(
                    f"the ctranslate2 backend gives the alignment of layer -1 head 0 only; "
                    f"use --backend torch for layer {self.layer} head {self.head}"
                )
            if self.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
                raise ModelError("--device cuda was asked for, but CTranslate2 sees no CUDA device")
            path = convert(self.model_info, self.quantization, self.notify)
            self._vocab = self._vocab or MarianVocab(self.model_info.path)
            inter, intra = self.threads()
            if self.device == "cpu":
                tune_malloc()
            try:
                ct2 = ctranslate2.Translator(
                    str(path), device=self.device, compute_type=self.compute_type,
                    inter_threads=inter, intra_threads=intra,
                )
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"cannot load {self.name} with CTranslate2: {str(exc).splitlines()[0]}") from None
            max_positions = int(config.get("max_position_embeddings", 512))
            converted = json.loads((path / "config.json").read_text(encoding="utf-8"))
            start = converted.get("decoder_start_token")
            # A kept decoder-start token (see _register_marian_loader) must never be generated.
            suppress = [[start]] if start not in (None, converted.get("eos_token")) else None
            _LOADED.append(self._shared)
            self._shared.update(
                model=ct2, vocab=self._vocab, suppress=suppress, limit=min(max_positions, 512) - 1, max_output=max_positions - 1
            )
            self._adopt(self._shared)

    @property
    def _ct2(self):
        # Read from the shared dict, never kept on self: at exit _release() drops the
        # dict's reference, and that must be the last one (see _release).
        return self._shared.get("model")

    def _adopt(self, shared: dict) -> None:
        self._vocab, self._suppress = shared["vocab"], shared["suppress"]
        self._adopted = True
        limit = shared["limit"]  # room for </s>
        self.max_input = min(self.options.max_input_tokens or limit, limit)
        self.max_output = shared["max_output"]

    @property
    def vocab(self) -> MarianVocab:
        if self._vocab is None:
            self._vocab = MarianVocab(self.model_info.path)
        return self._vocab

    # ------------------------------------------------------------ translating

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        if not sources:
            return []
        self.load()
        units = make_units(sources, self.vocab, self.max_input)
        lengths = [len(u.encoded.ids) for u in units]
        batches = [[units[i] for i in b] for b in plan_batches(lengths, self.options.batch_size, self._batch_tokens())]
        # Every search is queued at once, as raw CTranslate2 is fed (queued searches hold only
        # their input); the scoring pass of batch k is queued as soon as its search is done,
        # while this thread turns batch k-1 into Hypothesis objects.
        searching = [self._search(b) for b in batches]
        scoring = []
        done: list[list[list[Hypothesis]]] = []
        for k, batch in enumerate(batches):
            scoring.append(self._score(batch, searching[k]))
            if k >= 1:
                done.append(self._finish(batches[k - 1], scoring[k - 1]))
                scoring[k - 1] = searching[k - 1] = None
        if batches:
            done.append(self._finish(batches[-1], scoring[-1]))
        results: list[list[Hypothesis] | None] = [None] * len(units)
        position = {id(u): n for n, u in enumerate(units)}
        for batch, hyps in zip(batches, done):
            for u, h in zip(batch, hyps):
                results[position[id(u)]] = h
        if self.device == "cpu" and len(batches) > 1:  # a long run, not a few sentences in view
            trim_malloc()
        return assemble(sources, units, results)

    def _batch_tokens(self) -> int:
        """The padded source tokens per batch: --batch-tokens, and on CPU at most what keeps memory small.

        The decoder's key/value caches hold about 50 kB per hypothesis and position (opus-mt
        size), for every beam and every batch in flight; CPU_BEAM_TOKENS bounds their sum so a
        book of long sentences stays well under 700 MB. Short sentences still fill --batch-size.
        """
        if self.device != "cpu":
            return self.options.batch_tokens
        inter = self.threads()[0]
        return min(self.options.batch_tokens, max(128, CPU_BEAM_TOKENS // (self.beams * inter)))

    def _caps(self, units: list[Unit]) -> list[int]:
        o = self.options
        if o.force_length_extra is not None:  # benchmark-only: exactly this many tokens
            return [forced_length(len(u.encoded.ids), o.force_length_extra, self.max_output) for u in units]
        return [output_cap(len(u.encoded.ids), o.max_length_ratio, o.max_length_extra, self.max_output) for u in units]

    def _search(self, units: list[Unit]) -> dict:
        """Start the beam search (or greedy search) of a batch; returns what ``_score`` needs."""
        vocab = self.vocab
        source = [vocab.tokens(u.encoded.ids) for u in units]
        caps = self._caps(units)
        forced = self.options.force_length_extra is not None
        state = dict(source=source, caps=caps, first=None, step_scores=None)
        if self.beams == 1:
            # Greedy: CTranslate2 reports each step's log-probability through a callback, so
            # no second, teacher-forced pass is needed. The callback takes the GIL for every
            # token in the worker threads, so it is left out when the scores are not wanted.
            on_step = None
            if self.options.token_scores or not all(u.whole for u in units):
                step_scores: list[list[float]] = [[] for _ in units]
                state["step_scores"] = step_scores

                def on_step(step) -> bool:
                    step_scores[step.batch_id].append(step.log_prob)
                    return False

            longest = max(caps)  # </s> included
            state["jobs"] = self._ct2.translate_batch(
                source, beam_size=1, max_input_length=0, max_decoding_length=longest,
                min_decoding_length=longest if forced else 0, suppress_sequences=self._suppress,
                return_attention=True, return_end_token=True, return_scores=True, callback=on_step,
                asynchronous=True,
            )
            return state
        longest = max(max(caps) - 1, 1)  # tokens before </s>; </s> is appended when a cap cuts a hypothesis
        state["jobs"] = self._ct2.translate_batch(
            source,
            beam_size=self.beams,
            num_hypotheses=min(1 + self.options.alternatives, self.beams),
            max_input_length=0,  # never truncate: long sentences were split to fit
            max_decoding_length=longest,
            min_decoding_length=longest if forced else 0,
            suppress_sequences=self._suppress,
            return_attention=True,
            return_end_token=False,
            return_scores=True,  # the sentence score, when the per-token scores are not computed
            asynchronous=True,
        )
        if self.device == "cpu" and len(units) > 1:
            # CTranslate2 4.x on CPU runs the first beam-search step before expanding the beams
            # and, in a padded batch, returns that step's attention from the wrong row (the
            # tokens are right; later steps are right). The first step's attention does not
            # depend on the beam, so one greedy step gives it exactly.
            state["first"] = self._ct2.translate_batch(
                source, beam_size=1, max_input_length=0, max_decoding_length=1,
                return_attention=True, asynchronous=True,
            )
        return state

    def _score(self, units: list[Unit], state: dict) -> dict:
        """Wait for a batch's search and start the teacher-forced pass for the per-token log-probs it lacks."""
        source, caps, first, step_scores = state["source"], state["caps"], state["first"], state["step_scores"]
        eos = self.vocab.id_to_token[self.vocab.eos_id]
        forced = self.options.force_length_extra is not None
        hyps, rows, scores, sentence_scores = [], [], [], []
        for row, (job, cap) in enumerate(zip(state["jobs"], caps)):
            result = job.result()
            step0 = first[row].result().attention[0][:1] if first is not None else None
            sentence_scores.extend(result.scores)
            for tokens, attention in zip(result.hypotheses, result.attention):
                if step0 is not None and attention:
                    attention = step0 + attention[1:]
                ended = bool(tokens) and tokens[-1] == eos
                if ended:
                    tokens, attention = tokens[:-1], attention[:-1]
                row_scores = None
                if step_scores is not None:
                    if ended and len(tokens) < cap:
                        row_scores = step_scores[row][: len(tokens) + 1]
                    elif forced:  # benchmark-only: the last forced step stands in for </s>
                        row_scores = step_scores[row][:cap]
                # Each row's own cap (the batch ran to the longest): at most cap - 1 tokens, then </s>.
                hyps.append((tokens[: cap - 1], attention[: cap - 1]))
                rows.append(row)
                scores.append(row_scores)
        # The rest (beam search; a greedy row cut by its cap) get one teacher-forced pass, in
        # slices of ~SCORE_TOKENS target tokens: it holds logits over the whole vocabulary for
        # every position (58k floats each), which would otherwise dominate peak memory (64 was
        # also the fastest slice on 2 cores: 0.21× the search's CPU time, vs 0.27× unsliced).
        # CTranslate2 4.8 offers no cheaper way for beam search: ``callback`` is refused with
        # beam_size > 1, and ``return_logits_vocab`` returns empty arrays there.
        # Without options.token_scores only the parts of long sentences are scored (their
        # scores are joined; add_token_scores() takes whole sentences only).
        todo = [k for k, sc in enumerate(scores) if sc is None and (self.options.token_scores or not units[rows[k]].whole)]
        if todo:
            jobs = self._ct2.score_batch(
                [source[rows[k]] for k in todo], [hyps[k][0] for k in todo], max_input_length=0,
                asynchronous=True, max_batch_size=SCORE_TOKENS, batch_type="tokens",
            )
            for k, job in zip(todo, jobs):
                scores[k] = job
        return dict(source=source, hyps=hyps, rows=rows, scores=scores, sentence_scores=sentence_scores)

    def _finish(self, units: list[Unit], state: dict) -> list[list[Hypothesis]]:
        source = state["source"]
        vocab = self.vocab
        lookup, unk, eos = vocab.token_to_id, vocab.unk_id, vocab.eos_id
        out: list[list[Hypothesis]] = [[] for _ in units]
        for r, (tokens, attention), sc, sentence_score in zip(
            state["rows"], state["hyps"], state["scores"], state["sentence_scores"]
        ):
            ids = [lookup.get(t, unk) for t in tokens]
            ids.append(eos)
            if sc is not None and not isinstance(sc, list):
                sc = sc.result().log_probs  # score_batch appends </s> and scores it too
            # The </s> row of the attention is not needed: links are read at shown subwords only.
            matrix = np.asarray(attention, dtype=np.float32).reshape(len(tokens), len(source[r]))
            out[r].append(make_hypothesis(vocab, units[r], ids, sc, matrix, score=sentence_score))
        return out

    def add_token_scores(self, translations: Sequence[Translation]) -> list[Translation]:
        """Give hypotheses translated without per-token log-probabilities their scores.

        One teacher-forced ``score_batch`` pass over the stored subwords: exactly what the
        search would have scored. The sentence score becomes their mean, as usual.
        """
        out = list(translations)
        todo = [n for n, t in enumerate(out) if not t.has_token_scores]
        if not todo:
            return out
        self.load()
        vocab = self.vocab
        eos = vocab.id_to_token[vocab.eos_id]
        jobs = []  # (translation, hypothesis index, source subwords, target subwords before </s>)
        again = []
        for n in todo:
            units = make_units([out[n].source], vocab, self.max_input)
            if len(units) != 1:  # long sentences are always scored (see _score); never here
                again.append(n)
                continue
            source = vocab.tokens(units[0].encoded.ids)
            for k, h in enumerate((out[n].best, *out[n].alternatives)):
                if not h.has_token_scores:
                    jobs.append((n, k, source, list(h.tokens[:-1] if h.tokens[-1:] == (eos,) else h.tokens)))
        results = self._ct2.score_batch(
            [j[2] for j in jobs], [j[3] for j in jobs], max_input_length=0,
            max_batch_size=SCORE_TOKENS, batch_type="tokens",
        ) if jobs else []
        for (n, k, _, _), result in zip(jobs, results):
            h = (out[n].best, *out[n].alternatives)[k]
            scores = tuple(round(float(x), 4) for x in result.log_probs[: len(h.tokens)])
            out[n] = with_hypothesis(out[n], k, replace(h, token_scores=scores, score=round(float(np.mean(scores)), 4)))
        if again:
            for n, t in zip(again, self.translate([out[n].source for n in again])):
                out[n] = t
        return out

if __name__ == "__main__":  # the conversion child process
    sys.exit(_convert_main(sys.argv[1:]))
