"""Marian subword vocabulary: SentencePiece models plus the shared vocab.json.

We use sentencepiece directly instead of MarianTokenizer because we need the
character span of every subword (for word alignment) and because it loads in
milliseconds without importing transformers. The result is the same as
MarianTokenizer's: source pieces mapped through vocab.json (unknown pieces
become <unk>), then </s>; target ids decoded with the target model.

Both sides go through the model's input preprocessing first (``preprocess``:
OPUS-MT's for opus-mt models), as the training data did; source spans are
mapped back, so they point into the text as given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sentencepiece as spm

from .preprocess import Preprocess, preprocess


@dataclass(frozen=True)
class Encoded:
    ids: list[int]  # model ids, ending with </s>
    pieces: list[str]  # subwords, without </s>
    spans: list[tuple[int, int]]  # character span of each piece in the text as given (not as preprocessed)


@dataclass(frozen=True)
class Decoded:
    text: str
    pieces: list[str]  # shown subwords (special tokens dropped), up to </s>
    spans: list[tuple[int, int]]  # character span of each piece in ``text``
    positions: list[int]  # index in ``ids`` of each piece


def _byte_to_char(text: str) -> list[int]:
    """Map each UTF-8 byte offset (0..len) of ``text`` to a character offset."""
    table = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8")))
    table.append(len(text))
    return table


class MarianVocab:
    def __init__(self, model_dir: Path, preprocess: Preprocess = "none"):
        self.preprocess = preprocess
        self.source = spm.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
        self.target = spm.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
        self.token_to_id: dict[str, int] = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
        self.id_to_token = {i: t for t, i in self.token_to_id.items()}
        self.eos_id = self.token_to_id["</s>"]
        self.unk_id = self.token_to_id["<unk>"]
        self.pad_id = self.token_to_id["<pad>"]
        self.special_ids = {self.eos_id, self.unk_id, self.pad_id}

    def __len__(self) -> int:
        return len(self.token_to_id)

    def encode(self, text: str) -> Encoded:
        prepared = preprocess(text, self.preprocess)
        proto = self.source.encode(prepared.text, out_type="proto")
        b2c = _byte_to_char(prepared.text)
        pieces = [p.piece for p in proto.pieces]
        spans = [prepared.span(b2c[p.begin], b2c[p.end]) for p in proto.pieces]
        ids = [self.token_to_id.get(p, self.unk_id) for p in pieces]
        ids.append(self.eos_id)
        return Encoded(ids, pieces, spans)

    def encode_target(self, text: str) -> list[int]:
        """Model ids of an English text (target SentencePiece model, through vocab.json), ending with </s>."""
        prepared = preprocess(text, self.preprocess).text  # the training targets were preprocessed too
        ids = [self.token_to_id.get(p, self.unk_id) for p in self.target.encode(prepared, out_type=str)]
        ids.append(self.eos_id)
        return ids

    def count(self, text: str) -> int:
        """Number of model tokens for ``text``, </s> included."""
        return len(self.source.encode(preprocess(text, self.preprocess).text)) + 1

    def tokens(self, ids: list[int]) -> list[str]:
        return [self.id_to_token.get(i, "<unk>") for i in ids]

    def decode(self, ids: list[int]) -> Decoded:
        """Decode generated ids (no decoder-start token; stops at </s>)."""
        pieces, positions = [], []
        for n, i in enumerate(ids):
            if i == self.eos_id:
                break
            if i in self.special_ids:  # as MarianTokenizer with skip_special_tokens
                continue
            pieces.append(self.id_to_token.get(i, "<unk>"))
            positions.append(n)
        sp_ids = [self.target.piece_to_id(p) for p in pieces]
        proto = self.target.decode(sp_ids, out_type="proto")
        text = proto.text
        b2c = _byte_to_char(text)
        spans = [(b2c[min(p.begin, len(b2c) - 1)], b2c[min(p.end, len(b2c) - 1)]) for p in proto.pieces]
        return Decoded(text, pieces, spans, positions)
