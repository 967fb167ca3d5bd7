"""The fast engine: the same Marian model run by CTranslate2 (int8 on CPU, float16 on GPU).

The model is converted once (``conversion``). Per batch of length-sorted units:
``translate_batch`` (beam search or greedy,
n-best via ``num_hypotheses``, the alignment head's attention via
``return_attention`` — CTranslate2 returns head 0 of the last decoder layer,
the head opus-mt trained on word alignments, as the torch backend uses; left out,
with the first step's pass, where no word links are wanted: ``DecodingOptions.word_links``), then,
where the per-token log-probabilities are wanted (``DecodingOptions.token_scores``;
``translate_batch`` only returns the sequence score), ``score_batch`` on the
chosen hypotheses. All batches are queued at once, so the Python work on one
batch (decoding subwords, word links) overlaps the model's work on the next.
With a vocabulary shortlist (``reader.engines.shortlist``) the searches run with
``use_vmap``: each output step over the batch's candidates only; scoring stays
over the whole vocabulary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ...errors import ModelError
from ...models import ResolvedModel
from ...translation import Hypothesis, Translation
from ..base import BaseTranslator, Loaded
from ..batching import plan_batches
from ..devices import ctranslate2_cuda_available, resolve_device, small_model
from ..options import DecodingOptions, Device
from ..units import Unit, assemble, make_hypothesis, make_units, with_hypothesis
from ..shortlist import chosen_shortlist
from . import conversion
from .runtime import release_at_exit, threads, trim_malloc, tune_malloc, warm_up

CPU_COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32")
GPU_COMPUTE_TYPES = ("float16", "int8_float16", "bfloat16", "int8_bfloat16", "int8", "float32")
CPU_BEAM_TOKENS = 4096  # padded source tokens × beams × batches in flight, on CPU (see _batch_tokens)
SCORE_TOKENS = 64  # target tokens per teacher-forced scoring slice (memory ~ this × vocabulary × 4 bytes)
# On a GPU 64-token slices leave it idle between launches; 2,048 × 58k float32 logits are ~0.5 GB.
SCORE_TOKENS_BY_DEVICE = {"cpu": SCORE_TOKENS, "cuda": 2048}
# Searches queued ahead of the scoring pass that waits for them; 0: all at once. A GPU translator
# has one worker (runtime.threads): with every search queued first, no scoring would start until
# the last search ends. The order of the work does not change any output.
SEARCHES_AHEAD = {"cpu": 0, "cuda": 2}


def default_compute_type(device: str, model: ResolvedModel | None = None) -> str:
    """float16 on CUDA, int8 on CPU; float32 on both for small models (devices.small_model).

    int8 and float16 pay off on large matrices (opus-mt-de-en's 512 × 2048 layers and
    58k vocabulary); a small model gains no speed from them but loses exactness
    (the tiny test model reproduces its training pairs only in float32).
    """
    if model is not None and small_model(model):
        return "float32"
    return "float16" if device == "cuda" else "int8"


@dataclass
class _Model(Loaded):
    # Read through the shared state, never kept on a translator: at exit runtime's
    # _release() drops this reference, and that must be the last one (see _release).
    model: object  # ctranslate2.Translator; None once released
    suppress: list[list[str]] | None  # sequences never to generate (a kept decoder-start token)


@dataclass
class _SearchJob:
    """A batch's search in flight: what ``_score`` waits for."""

    source: list[list[str]]  # source subwords per unit, </s> included
    caps: list[int]  # most target tokens per unit, </s> included
    results: list  # one AsyncTranslationResult per unit
    first: list | None = None  # CPU beam search: one greedy step, for the first step's attention
    step_scores: list[list[float]] | None = None  # greedy: each step's log-probability, per unit


@dataclass
class _ScoringJob:
    """A searched batch whose per-token scoring is in flight: what ``_finish`` turns into hypotheses."""

    source: list[list[str]]
    rows: list[int]  # the unit of each hypothesis
    tokens: list[list[str]]  # each hypothesis's subwords, without </s>
    attention: list[list]  # the alignment head's attention at each of ``tokens``
    scores: list  # per hypothesis: its log-probs, an AsyncScoringResult, or None (not computed)
    sentence_scores: list[float]  # per hypothesis: the search's score


class CTranslate2Translator(BaseTranslator):
    """The fast engine: a converted model run by ``ctranslate2.Translator``.

    Arguments:
        model: The resolved model, converted on first load.
        options: Decoding options.
        device: ``auto`` (CUDA when present), ``cpu`` or ``cuda``.
        compute_type: CTranslate2's compute type; None: ``default_compute_type``.

    Raises:
        ModelError: ``compute_type`` is not available on the device.
    """

    backend = "ctranslate2"

    def __init__(
        self,
        model: ResolvedModel,
        options: DecodingOptions = DecodingOptions(),
        device: Device = "auto",
        compute_type: str | None = None,
    ):
        self.device = resolve_device(device, ctranslate2_cuda_available)
        self.compute_type = compute_type or default_compute_type(self.device, model)
        allowed = GPU_COMPUTE_TYPES if self.device == "cuda" else CPU_COMPUTE_TYPES
        if self.compute_type not in allowed:
            raise ModelError(f"compute type {self.compute_type} is not available on {self.device}")
        self.quantization = conversion.stored_quantization(self.compute_type)
        self.shortlist = chosen_shortlist(
            conversion.converted_dir(model, self.quantization), model.key, options.shortlist, model.name
        )
        super().__init__(model, options, device, precision=self.compute_type,
                         shortlist=self.shortlist.digest if self.shortlist else "")

    def _new(self, options: DecodingOptions) -> CTranslate2Translator:
        return CTranslate2Translator(self.model_info, options, self.requested_device, self.compute_type)

    # ------------------------------------------------------------ loading

    def supports_alignment(self, n_layers: int | None = None) -> bool:
        """CTranslate2 returns head 0 of the last decoder layer; other heads need the torch backend."""
        if self.head != 0:
            return False
        return self.layer == -1 or (n_layers is not None and self.layer == n_layers - 1)

    def _load(self) -> _Model:
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
        supported = ctranslate2.get_supported_compute_types(self.device)
        if self.compute_type not in supported:  # e.g. int8_float16 on a GPU without int8 kernels: auto falls back
            raise ModelError(f"compute type {self.compute_type} is not supported on this {self.device} "
                             f"(CTranslate2 offers {', '.join(sorted(supported))})")
        path = conversion.convert(self.model_info, self.quantization, self.notify)
        _ = self.vocab  # read before the threads start
        inter, intra = threads(self.device)
        if self.device == "cpu":
            tune_malloc()
        try:
            ct2 = ctranslate2.Translator(
                str(path), device=self.device, compute_type=self.compute_type,
                inter_threads=inter, intra_threads=intra,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"cannot load {self.name} with CTranslate2: {str(exc).splitlines()[0]}") from None
        try:
            warm_up(ct2, self.vocab.id_to_token[self.vocab.eos_id])
        except RuntimeError as exc:
            raise ModelError(f"CTranslate2 cannot run {self.name} on {self.device}: {str(exc).splitlines()[0]}") from None
        max_positions = int(config.get("max_position_embeddings", 512))
        start = json.loads((path / "config.json").read_text(encoding="utf-8")).get("decoder_start_token")
        # A kept decoder-start token (see conversion._register_marian_loader) must never be generated.
        suppress = [[start]] if conversion.keeps_start_token(path) else None
        loaded = _Model(
            input_limit=min(max_positions, 512) - 1, max_output=max_positions - 1, model=ct2, suppress=suppress
        )
        release_at_exit(loaded)
        return loaded

    @property
    def _ct2(self):
        # Read from the shared state, never kept on self (see _Model.model).
        return self.loaded.model

    # ------------------------------------------------------------ translating

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        if not sources:
            return []
        self.load()
        units = make_units(sources, self.vocab, self.max_input)
        lengths = [len(u.encoded.ids) for u in units]
        # Batches run side by side on the CPU: the last ones are planned smaller so the cores end
        # together. The same plan with or without scoring slices (which would fill the tail), so
        # txt and jsonl get the same batches, hence the same text.
        workers = threads(self.device)[0]
        plan = plan_batches(lengths, self.options.batch_size, self._batch_tokens(), workers)
        batches = [[units[i] for i in b] for b in plan]
        # On the CPU every search is queued at once, as raw CTranslate2 is fed (queued searches
        # hold only their input; on CUDA SEARCHES_AHEAD); the scoring pass of batch k is queued as soon as its search is done,
        # while this thread turns batch k-1 into Hypothesis objects.
        ahead = SEARCHES_AHEAD[self.device] or len(batches)
        searching = [self._search(b) for b in batches[:ahead]]
        scoring = []
        done: list[list[list[Hypothesis]]] = []
        for k, batch in enumerate(batches):
            scoring.append(self._score(batch, searching[k]))
            if k + ahead < len(batches):
                searching.append(self._search(batches[k + ahead]))
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
        inter = threads(self.device)[0]
        return min(self.options.batch_tokens, max(128, CPU_BEAM_TOKENS // (self.beams * inter)))

    def _search(self, units: list[Unit]) -> _SearchJob:
        """Start the beam search (or greedy search) of a batch; returns what ``_score`` needs."""
        vocab = self.vocab
        source = [vocab.tokens(u.encoded.ids) for u in units]
        caps = [self._output_cap(len(u.encoded.ids)) for u in units]
        forced = self.options.force_length_extra is not None
        suppress = self.loaded.suppress
        links = self.options.word_links
        if self.beams == 1:
            # Greedy: CTranslate2 reports each step's log-probability through a callback, so
            # no second, teacher-forced pass is needed. The callback takes the GIL for every
            # token in the worker threads, so it is left out when the scores are not wanted.
            step_scores = None
            if self.options.token_scores or not all(u.whole for u in units):
                step_scores = [[] for _ in units]
            on_step = _step_recorder(step_scores) if step_scores is not None else None

            longest = max(caps)  # </s> included
            results = self._ct2.translate_batch(
                source, beam_size=1, max_input_length=0, max_decoding_length=longest,
                min_decoding_length=longest if forced else 0, suppress_sequences=suppress,
                return_attention=links, return_end_token=True, return_scores=True, callback=on_step,
                use_vmap=self.shortlist is not None, asynchronous=True,
            )
            return _SearchJob(source, caps, results, step_scores=step_scores)
        longest = max(max(caps) - 1, 1)  # tokens before </s>; </s> is appended when a cap cuts a hypothesis
        job = _SearchJob(source, caps, self._ct2.translate_batch(
            source,
            beam_size=self.beams,
            num_hypotheses=min(1 + self.options.alternatives, self.beams),
            max_input_length=0,  # never truncate: long sentences were split to fit
            max_decoding_length=longest,
            min_decoding_length=longest if forced else 0,
            suppress_sequences=suppress,
            return_attention=links,
            return_end_token=False,
            return_scores=True,  # the sentence score, when the per-token scores are not computed
            use_vmap=self.shortlist is not None,  # the candidates of the batch's source subwords only
            asynchronous=True,
        ))
        if links and self.device == "cpu" and len(units) > 1:
            # CTranslate2 4.x on CPU runs the first beam-search step before expanding the beams
            # and, in a padded batch, returns that step's attention from the wrong row (the
            # tokens are right; later steps are right). The first step's attention does not
            # depend on the beam, so one greedy step gives it exactly.
            job.first = self._ct2.translate_batch(
                source, beam_size=1, max_input_length=0, max_decoding_length=1,
                return_attention=True, use_vmap=self.shortlist is not None, asynchronous=True,
            )
        return job

    def _score(self, units: list[Unit], search: _SearchJob) -> _ScoringJob:
        """Wait for a batch's search and start the teacher-forced pass for the per-token log-probs it lacks."""
        source, caps, first, step_scores = search.source, search.caps, search.first, search.step_scores
        eos = self.vocab.id_to_token[self.vocab.eos_id]
        forced = self.options.force_length_extra is not None
        found, attended, rows, scores, sentence_scores = [], [], [], [], []
        for row, (job, cap) in enumerate(zip(search.results, caps)):
            result = job.result()
            step0 = first[row].result().attention[0][:1] if first is not None else None
            sentence_scores.extend(result.scores)
            # Without word links CTranslate2 returns no attention: an empty one per hypothesis.
            for tokens, attention in zip(result.hypotheses, result.attention or [[] for _ in result.hypotheses]):
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
                found.append(tokens[: cap - 1])
                attended.append(attention[: cap - 1])
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
                [source[rows[k]] for k in todo], [found[k] for k in todo], max_input_length=0,
                asynchronous=True, max_batch_size=SCORE_TOKENS_BY_DEVICE[self.device], batch_type="tokens",
            )
            for k, job in zip(todo, jobs):
                scores[k] = job
        return _ScoringJob(source, rows, found, attended, scores, sentence_scores)

    def _finish(self, units: list[Unit], job: _ScoringJob) -> list[list[Hypothesis]]:
        source = job.source
        vocab = self.vocab
        lookup, unk, eos = vocab.token_to_id, vocab.unk_id, vocab.eos_id
        out: list[list[Hypothesis]] = [[] for _ in units]
        for r, tokens, attention, sc, sentence_score in zip(
            job.rows, job.tokens, job.attention, job.scores, job.sentence_scores
        ):
            ids = [lookup.get(t, unk) for t in tokens]
            ids.append(eos)
            if sc is not None and not isinstance(sc, list):
                sc = sc.result().log_probs  # score_batch appends </s> and scores it too
            # The </s> row of the attention is not needed: links are read at shown subwords only.
            matrix = (np.asarray(attention, dtype=np.float32).reshape(len(tokens), len(source[r]))
                      if self.options.word_links else None)
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
            max_batch_size=SCORE_TOKENS_BY_DEVICE[self.device], batch_type="tokens",
        ) if jobs else []
        for (n, k, _, _), result in zip(jobs, results):
            h = (out[n].best, *out[n].alternatives)[k]
            scores = tuple(round(float(x), 4) for x in result.log_probs[: len(h.tokens)])
            out[n] = with_hypothesis(out[n], k, replace(h, token_scores=scores, score=round(float(np.mean(scores)), 4)))
        if again:
            for n, t in zip(again, self.translate([out[n].source for n in again])):
                out[n] = t
        return out

    def _force(self, units: list[Unit], targets: list[list[int]]) -> list[tuple[list[float], np.ndarray]]:
        """``score_batch`` for the log-probs; a greedy search held to the target as its prefix for the attention."""
        vocab, ct2 = self.vocab, self._ct2
        source = [vocab.tokens(u.encoded.ids) for u in units]
        prefixes = [vocab.tokens(ids[:-1]) for ids in targets]  # score_batch appends </s> and scores it too
        scoring = ct2.score_batch(
            source, prefixes, max_input_length=0, asynchronous=True, max_batch_size=SCORE_TOKENS_BY_DEVICE[self.device], batch_type="tokens"
        )
        # The attention at each prefix token is the one the search had there (the tokens after are not used).
        searched = ct2.translate_batch(
            source, target_prefix=prefixes, beam_size=1, max_input_length=0,
            max_decoding_length=max(len(p) for p in prefixes) + 1, suppress_sequences=self.loaded.suppress,
            return_attention=True,
        )
        out = []
        for src, prefix, scored, result in zip(source, prefixes, scoring, searched):
            attention = np.asarray(result.attention[0][: len(prefix)], dtype=np.float32).reshape(len(prefix), len(src))
            out.append((scored.result().log_probs, attention))
        return out


def _step_recorder(step_scores: list[list[float]]):
    """A greedy-search callback that keeps each step's log-probability, per batch row."""

    def on_step(step) -> bool:
        step_scores[step.batch_id].append(step.log_prob)
        return False  # never stop the search

    return on_step
