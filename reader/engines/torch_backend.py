"""The reference engine: MarianMTModel (transformers + torch) with ``generate``.

Per batch: encode once, beam search (or greedy), then one teacher-forced
decoder pass over the chosen hypotheses that yields both the per-token
log-probabilities and the alignment head's cross-attention.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel
from ..translation import Hypothesis, Translation
from .devices import cuda_available
from .options import DecodingOptions, model_beams, settings_key
from .batching import plan_batches
from .units import Unit as _Unit, assemble, forced_length, join_parts as _join, make_hypothesis, make_units, output_cap
from .vocab import MarianVocab


class TorchTranslator:
    backend = "torch"

    def __init__(self, model: ResolvedModel, options: DecodingOptions = DecodingOptions(), device: str = "auto"):
        self.model_info = model
        self.name = model.name
        self.options = options
        self.requested_device = device
        self.beams = options.beams or model_beams(model)
        self.layer = model.alignment_layer if options.alignment_layer is None else options.alignment_layer
        self.head = model.alignment_head if options.alignment_head is None else options.alignment_head
        self.precision = "fp16" if self._cuda_requested() else "fp32"
        self.model_key = model.key
        self.settings_key = settings_key(self.backend, self.precision, self.beams, options, self.layer, self.head)
        self._model = None
        self._vocab: MarianVocab | None = None
        self._lock = threading.Lock()  # guards loading
        # One generate() at a time per model: the reader translates and asks for
        # alternatives from two threads, and torch modules are not made for that.
        self._run_lock = threading.Lock()

    def _cuda_requested(self) -> bool:
        return self.requested_device == "cuda" or (self.requested_device == "auto" and cuda_available())

    def with_options(self, options: DecodingOptions) -> "TorchTranslator":
        """A translator with other decoding options that shares this one's loaded model."""
        other = TorchTranslator(self.model_info, options, self.requested_device)
        other._model, other._vocab, other._lock, other._run_lock = self._model, self._vocab, self._lock, self._run_lock
        if self._model is not None:
            other.device, other.max_input, other.max_output = self.device, self.max_input, self.max_output
        return other

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            import torch
            from transformers import MarianMTModel
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            self.device = torch.device("cuda" if self._cuda_requested() else "cpu")
            if self.device.type == "cuda" and not torch.cuda.is_available():
                raise ModelError("--device cuda was asked for, but no CUDA device is available")
            try:
                self._vocab = MarianVocab(self.model_info.path)
                model = MarianMTModel.from_pretrained(
                    self.model_info.path,
                    dtype=torch.float16 if self.precision == "fp16" else torch.float32,
                    attn_implementation="eager",  # cross-attention weights for the alignment
                    use_safetensors=None,
                )
            except (OSError, ValueError, KeyError, RuntimeError) as exc:
                raise ModelError(f"cannot load model {self.name}: {str(exc).splitlines()[0]}") from None
            model.eval().to(self.device)
            self._model = model
            config = model.config
            limit = min(config.max_position_embeddings, 512) - 1  # room for </s>
            self.max_input = min(self.options.max_input_tokens or limit, limit)
            self.max_output = config.max_position_embeddings - 1
            n_layers = config.decoder_layers
            n_heads = config.decoder_attention_heads
            if not (-n_layers <= self.layer < n_layers and 0 <= self.head < n_heads):
                raise ModelError(f"alignment layer/head {self.layer}/{self.head} outside the model's {n_layers}×{n_heads}")

    @property
    def vocab(self) -> MarianVocab:
        if self._vocab is None:
            self._vocab = MarianVocab(self.model_info.path)
        return self._vocab

    # ------------------------------------------------------------ translating

    def add_token_scores(self, translations: Sequence[Translation]) -> list[Translation]:
        """This engine always scores its tokens; a translation made without them is made again."""
        todo = [t.source for t in translations if not t.has_token_scores]
        fresh = dict(zip(todo, self.translate(todo)))
        return [fresh.get(t.source, t) for t in translations]

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        if not sources:
            return []
        self.load()
        units = self._units(sources)
        results: list[list[Hypothesis] | None] = [None] * len(units)
        lengths = [len(u.encoded.ids) for u in units]
        for batch in plan_batches(lengths, self.options.batch_size, self.options.batch_tokens):
            with self._run_lock:  # per batch, so a one-sentence request waits at most one batch
                hyps_per_unit = self._translate_batch([units[i] for i in batch])
            for i, hyps in zip(batch, hyps_per_unit):
                results[i] = hyps
        return self._assemble(sources, units, results)

    def _units(self, sources: Sequence[str]) -> list[_Unit]:
        return make_units(sources, self.vocab, self.max_input)

    def _translate_batch(self, units: list[_Unit]) -> list[list[Hypothesis]]:
        import torch

        vocab, model = self.vocab, self._model
        n_return = min(1 + self.options.alternatives, self.beams)
        longest = max(len(u.encoded.ids) for u in units)
        input_ids = torch.full((len(units), longest), vocab.pad_id, dtype=torch.long)
        for row, u in enumerate(units):
            input_ids[row, : len(u.encoded.ids)] = torch.tensor(u.encoded.ids)
        attention_mask = (input_ids != vocab.pad_id).long()
        input_ids, attention_mask = input_ids.to(self.device), attention_mask.to(self.device)
        caps = [self._output_cap(len(u.encoded.ids)) for u in units]
        force = self.options.force_length_extra is not None
        with torch.inference_mode():
            encoder_outputs = model.get_encoder()(input_ids=input_ids, attention_mask=attention_mask)
            # Kept aside: beam search expands ``encoder_outputs`` in place to batch × beams rows.
            encoder_hidden = encoder_outputs.last_hidden_state
            generated = model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                encoder_outputs=encoder_outputs,
                num_beams=self.beams,
                do_sample=False,
                num_return_sequences=n_return,
                max_new_tokens=max(caps),
                max_length=None,
                logits_processor=[_LengthCap(caps, self.beams, vocab.eos_id, exact=force)],
            )
            rows = torch.arange(len(units), device=self.device).repeat_interleave(n_return)
            scores, attention = self._score(
                generated, encoder_hidden[rows], attention_mask[rows]
            )
        out: list[list[Hypothesis]] = []
        gen = generated.tolist()
        for row, u in enumerate(units):
            hyps = []
            for k in range(n_return):
                r = row * n_return + k
                hyps.append(self._hypothesis(u, gen[r][1:], scores[r], attention[r]))
            out.append(hyps)
        return out

    def _output_cap(self, source_tokens: int) -> int:
        """Most target tokens for a source of this length: stops a degenerate repetition loop early."""
        o = self.options
        if o.force_length_extra is not None:  # benchmark-only: exactly this many tokens
            return forced_length(source_tokens, o.force_length_extra, self.max_output)
        return output_cap(source_tokens, o.max_length_ratio, o.max_length_extra, self.max_output)

    def _score(self, generated, encoder_hidden, attention_mask):
        """Teacher-forced pass: log-probability of each generated token and the alignment head's attention."""
        import torch

        model, vocab = self._model, self.vocab
        decoder_input = generated[:, :-1]
        targets = generated[:, 1:]
        decoder = model.get_decoder()
        out = decoder(
            input_ids=decoder_input,
            encoder_hidden_states=encoder_hidden,
            encoder_attention_mask=attention_mask,
            output_attentions=True,
            use_cache=False,
        )
        hidden = out.last_hidden_state
        cross = out.cross_attentions[self.layer][:, self.head].float()  # [B, T, S]
        scores = []
        for r in range(generated.shape[0]):
            # Per row keeps memory at T × vocab instead of B × T × vocab.
            logits = model.lm_head(hidden[r]) + model.final_logits_bias[0]
            logprobs = torch.log_softmax(logits.float(), dim=-1)
            scores.append(logprobs.gather(1, targets[r].unsqueeze(1)).squeeze(1).cpu().numpy())
        return scores, cross.cpu().numpy()

    def _hypothesis(self, unit: _Unit, ids: list[int], token_scores: np.ndarray, attention: np.ndarray) -> Hypothesis:
        return make_hypothesis(self.vocab, unit, ids, token_scores, attention)

    def _assemble(self, sources, units: list[_Unit], results) -> list[Translation]:
        return assemble(sources, units, results)


class _LengthCap:
    """A logits processor that forces </s> once a row has reached its own length cap.

    ``generate`` takes one ``max_new_tokens`` for the whole batch; this gives each
    sentence its own cap (rows are ``sentence * beams + beam`` in beam search).
    With ``exact`` (benchmarks only), </s> is also forbidden before the cap, so
    every row is exactly its cap long.
    """

    def __init__(self, caps: list[int], beams: int, eos_id: int, exact: bool = False):
        import torch

        self.caps = torch.tensor(caps).repeat_interleave(beams)
        self.eos_id = eos_id
        self.exact = exact

    def __call__(self, input_ids, scores):
        generated = input_ids.shape[1] - 1  # minus the decoder start token
        caps = self.caps.to(scores.device)
        done = (generated >= caps - 1).nonzero().flatten()
        if len(done):
            eos = scores[done, self.eos_id].clamp(min=-1e4)
            scores[done] = float("-inf")
            scores[done, self.eos_id] = eos
        if self.exact:
            early = (generated < caps - 1).nonzero().flatten()
            if len(early):
                scores[early, self.eos_id] = float("-inf")
        return scores
