"""The reference engine: MarianMTModel (transformers + torch) with ``generate``.

Per batch: encode once, beam search (or greedy), then one teacher-forced
decoder pass over the chosen hypotheses that yields both the per-token
log-probabilities and the alignment head's cross-attention.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel
from ..translation import Hypothesis, Translation
from .base import BaseTranslator, Loaded
from .batching import plan_batches
from .devices import resolve_device, small_model, torch_cuda_available
from .options import DecodingOptions, Device
from .units import Unit, assemble, make_hypothesis, make_units


@dataclass
class _TorchModel(Loaded):
    model: object  # MarianMTModel
    device: object  # torch.device
    # One generate() at a time per model: the reader translates and asks for
    # alternatives from two threads, and torch modules are not made for that.
    run_lock: threading.Lock = field(default_factory=threading.Lock)


class TorchTranslator(BaseTranslator):
    """The reference engine (transformers' ``generate``); fp16 on CUDA, fp32 on CPU."""

    backend = "torch"

    def __init__(self, model: ResolvedModel, options: DecodingOptions = DecodingOptions(), device: Device = "auto"):
        cuda = resolve_device(device, torch_cuda_available) == "cuda"
        self.on_cuda = cuda
        # fp16 on CUDA, except for small models (devices.small_model): their outputs are exact only in fp32.
        super().__init__(model, options, device, precision="fp16" if cuda and not small_model(model) else "fp32")

    def _new(self, options: DecodingOptions) -> TorchTranslator:
        return TorchTranslator(self.model_info, options, self.requested_device)

    # ------------------------------------------------------------ loading

    def _load(self) -> _TorchModel:
        import torch
        from transformers import MarianMTModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        device = torch.device("cuda" if self.on_cuda else "cpu")
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ModelError("--device cuda was asked for, but no CUDA device is available")
        try:
            _ = self.vocab  # a missing or broken .spm file is a ModelError too
            model = MarianMTModel.from_pretrained(
                self.model_info.path,
                dtype=torch.float16 if self.precision == "fp16" else torch.float32,
                attn_implementation="eager",  # cross-attention weights for the alignment
                use_safetensors=None,
            )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(f"cannot load model {self.name}: {str(exc).splitlines()[0]}") from None
        model.eval().to(device)
        config = model.config
        n_layers = config.decoder_layers
        n_heads = config.decoder_attention_heads
        if not (-n_layers <= self.layer < n_layers and 0 <= self.head < n_heads):
            raise ModelError(f"alignment layer/head {self.layer}/{self.head} outside the model's {n_layers}×{n_heads}")
        return _TorchModel(
            input_limit=min(config.max_position_embeddings, 512) - 1,  # room for </s>
            max_output=config.max_position_embeddings - 1,
            model=model,
            device=device,
        )

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
        units = make_units(sources, self.vocab, self.max_input)
        run_lock = self.loaded.run_lock
        results: list[list[Hypothesis] | None] = [None] * len(units)
        lengths = [len(u.encoded.ids) for u in units]
        for batch in plan_batches(lengths, self.options.batch_size, self.options.batch_tokens):
            with run_lock:  # per batch, so a one-sentence request waits at most one batch
                hyps_per_unit = self._translate_batch([units[i] for i in batch])
            for i, hyps in zip(batch, hyps_per_unit):
                results[i] = hyps
        return assemble(sources, units, results)

    def _translate_batch(self, units: list[Unit]) -> list[list[Hypothesis]]:
        import torch

        vocab, loaded = self.vocab, self.loaded
        model, device = loaded.model, loaded.device
        n_return = min(1 + self.options.alternatives, self.beams)
        input_ids, attention_mask = self._padded([u.encoded.ids for u in units])
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
            rows = torch.arange(len(units), device=device).repeat_interleave(n_return)
            scores, attention = self._score(
                generated, encoder_hidden[rows], attention_mask[rows]
            )
        out: list[list[Hypothesis]] = []
        gen = generated.tolist()
        for row, u in enumerate(units):
            hyps = []
            for k in range(n_return):
                r = row * n_return + k
                hyps.append(make_hypothesis(vocab, u, gen[r][1:], scores[r], attention[r]))
            out.append(hyps)
        return out

    def _padded(self, rows: list[list[int]], first: int | None = None):
        """A padded batch of id rows on the model's device (each after ``first``, if given) and its mask."""
        import torch

        pad = self.vocab.pad_id
        lead = 0 if first is None else 1
        ids = torch.full((len(rows), lead + max(len(r) for r in rows)), pad, dtype=torch.long)
        if first is not None:
            ids[:, 0] = first
        for n, r in enumerate(rows):
            ids[n, lead : lead + len(r)] = torch.tensor(r)
        device = self.loaded.device
        return ids.to(device), (ids != pad).long().to(device)

    def _force(self, units: list[Unit], targets: list[list[int]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The teacher-forced pass of ``translate``, over the given targets."""
        import torch

        loaded = self.loaded
        model = loaded.model
        input_ids, attention_mask = self._padded([u.encoded.ids for u in units])
        # As generate() returns them: the decoder-start token, the ids, padding after </s>.
        generated, _ = self._padded(targets, first=model.config.decoder_start_token_id)
        with loaded.run_lock, torch.inference_mode():
            hidden = model.get_encoder()(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            scores, attention = self._score(generated, hidden, attention_mask)
        return list(zip(scores, attention))

    def _score(self, generated, encoder_hidden, attention_mask):
        """Teacher-forced pass: log-probability of each generated token and the alignment head's attention."""
        import torch

        model = self.loaded.model
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
        rows = []
        for r in range(generated.shape[0]):
            # Per row keeps memory at T × vocab instead of B × T × vocab.
            logits = model.lm_head(hidden[r]) + model.final_logits_bias[0]
            logprobs = torch.log_softmax(logits.float(), dim=-1)
            rows.append(logprobs.gather(1, targets[r].unsqueeze(1)).squeeze(1))
        # One copy to the host for the batch, not one (and a device sync) per row.
        return list(torch.stack(rows).cpu().numpy()), cross.cpu().numpy()


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
        import torch

        # Masks rather than row indices: ``nonzero`` and ``len`` would wait for the GPU at every step.
        if self.caps.device != scores.device:
            self.caps = self.caps.to(scores.device)  # once
        generated = input_ids.shape[1] - 1  # minus the decoder start token
        done = self.caps - 1 <= generated
        eos = self.eos_id
        if scores.is_cuda or bool(done.any()):  # on the CPU, the usual step with no row done costs nothing
            kept = scores[:, eos].clamp(min=-1e4)
            column = done.unsqueeze(1)
            scores[:, :eos].masked_fill_(column, float("-inf"))
            scores[:, eos + 1 :].masked_fill_(column, float("-inf"))
            scores[:, eos] = torch.where(done, kept, scores[:, eos])
        if self.exact:
            scores[:, eos].masked_fill_(~done, float("-inf"))
        return scores
