"""Build a random-weight "twin" of Helsinki-NLP/opus-mt-de-en for speed benchmarks.

The twin has exactly the shape of opus-mt-de-en (MarianMTModel, 6+6 layers,
d_model 512, 8 heads, FFN 2048, shared/tied vocabulary of 58101 ids, static
sinusoidal positions, swish, scale_embedding, pad 58100 = decoder_start, eos 0,
max_position_embeddings 512; generation: num_beams 4, max_length 512,
bad_words_ids [[58100]]) - about 74.4M parameters - but RANDOM weights, so its
output is gibberish and it will usually not stop before max_length: benchmarks
should cap ``max_new_tokens``.  It needs no download (the Hub is not used).

It is written in the same Hugging Face layout as the real model (config.json,
model.safetensors, source.spm, target.spm, vocab.json, tokenizer_config.json,
special_tokens_map.json, generation_config.json).  The sentencepiece models are
real unigram models trained on the German / English text of
``../shared/data/parallel/`` (if that folder is absent: on
tests/fixtures/tiny_corpus.tsv), so token counts per sentence are realistic.
vocab.json maps the pieces of both models to one id space ("</s>" 0, "<unk>" 1,
pieces, ..., "<pad>" 58100) and is padded with never-produced ``<filler_N>``
entries to exactly 58101 ids.

Usage (a few minutes on 2 CPU cores; the output folder is git-ignored)::

    . .venv/bin/activate
    python benchmarks/make_twin_model.py [OUT_DIR]   # default benchmarks/out/opus-mt-de-en-twin/
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import sentencepiece as spm
import torch

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"
PARALLEL = ROOT.parent / "shared" / "data" / "parallel"
TINY_CORPUS = ROOT / "tests" / "fixtures" / "tiny_corpus.tsv"

VOCAB_SIZE = 58101
PAD = VOCAB_SIZE - 1
REQUIRED_CHARS = "äöüßÄÖÜ„“”‘’–—…"

OPUS_MT_DE_EN = dict(
    vocab_size=VOCAB_SIZE,
    decoder_vocab_size=VOCAB_SIZE,
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    encoder_attention_heads=8,
    decoder_attention_heads=8,
    encoder_ffn_dim=2048,
    decoder_ffn_dim=2048,
    max_position_embeddings=512,
    activation_function="swish",
    normalize_before=False,
    normalize_embedding=False,
    scale_embedding=True,
    static_position_embeddings=True,
    share_encoder_decoder_embeddings=True,
    tie_word_embeddings=True,
    add_bias_logits=False,
    add_final_layer_norm=False,
    dropout=0.1,
    attention_dropout=0.0,
    activation_dropout=0.0,
    init_std=0.02,
    pad_token_id=PAD,
    decoder_start_token_id=PAD,
    eos_token_id=0,
    forced_eos_token_id=0,
    bos_token_id=0,
    architectures=["MarianMTModel"],
)


def read_text() -> tuple[list[str], list[str], str]:
    if PARALLEL.is_dir():
        de = sorted(PARALLEL.glob("*.de"))
        en = sorted(PARALLEL.glob("*.en"))
        if de and en:
            read = lambda fs: [l.strip() for f in fs for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
            return read(de), read(en), f"{PARALLEL} ({len(de)} German, {len(en)} English files)"
    print(f"note: {PARALLEL} not found - training the spm models on {TINY_CORPUS.name} instead "
          "(token counts will be less realistic)")
    rows = [l.split("\t") for l in TINY_CORPUS.read_text(encoding="utf-8").splitlines() if l.strip()]
    return [r[0] for r in rows], [r[1] for r in rows], str(TINY_CORPUS)


def train_spm(lines: list[str], vocab_size: int, threads: int) -> bytes:
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=False,
        required_chars=REQUIRED_CHARS,
        input_sentence_size=2_000_000,
        shuffle_input_sentence=False,
        num_threads=threads,
        minloglevel=2,
    )
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description="random-weight opus-mt-de-en twin for speed benchmarks")
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--spm-vocab", type=int, default=29000, help="requested pieces per spm model")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tokenizers-from", type=Path, metavar="DIR",
                    help="take source.spm and target.spm from DIR (a twin built elsewhere) instead of training them: "
                         "the same subwords where ../shared/data is absent (benchmarks/gpu.py on the device)")
    args = ap.parse_args()
    t0 = time.time()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    # ---- tokenizer: two real spm models + shared vocab.json of exactly 58101 ids
    if args.tokenizers_from:
        src, tgt = ((args.tokenizers_from / n).read_bytes() for n in ("source.spm", "target.spm"))
        print(f"spm models from {args.tokenizers_from}")
    else:
        de, en, origin = read_text()
        print(f"training spm models on {origin}: {len(de)} German / {len(en)} English lines")
        src = train_spm(de, args.spm_vocab, args.threads)
        tgt = train_spm(en, args.spm_vocab, args.threads)
    (out / "source.spm").write_bytes(src)
    (out / "target.spm").write_bytes(tgt)
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    sizes = []
    for blob in (src, tgt):
        sp = spm.SentencePieceProcessor(model_proto=blob)
        sizes.append(sp.get_piece_size())
        for i in range(sp.get_piece_size()):
            if not (sp.is_unknown(i) or sp.is_control(i)):
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
    if len(vocab) > PAD:
        print(f"warning: {len(vocab) - PAD} pieces do not fit into {VOCAB_SIZE} ids; dropping the rarest")
        vocab = dict(list(vocab.items())[:PAD])
    n_pieces = len(vocab) - 2
    k = 0
    while len(vocab) < PAD:
        vocab[f"<filler_{k}>"] = len(vocab)
        k += 1
    vocab["<pad>"] = PAD
    assert len(vocab) == VOCAB_SIZE and sorted(vocab.values()) == list(range(VOCAB_SIZE))
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"spm pieces: source {sizes[0]}, target {sizes[1]}; shared vocab {n_pieces} pieces + {k} fillers "
          f"+ 3 specials = {len(vocab)} ({time.time() - t0:.0f}s)")
    (out / "tokenizer_config.json").write_text(json.dumps({
        "source_lang": "de", "target_lang": "en", "model_max_length": 512, "separate_vocabs": False,
        "tokenizer_class": "MarianTokenizer", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
    }, indent=2) + "\n", encoding="utf-8")
    (out / "special_tokens_map.json").write_text(json.dumps(
        {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}, indent=2) + "\n", encoding="utf-8")

    # ---- model: random weights, exact opus-mt-de-en shape
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(args.seed)
    model = MarianMTModel(MarianConfig(**OPUS_MT_DE_EN))
    model.generation_config = GenerationConfig(
        num_beams=4, max_length=512, bad_words_ids=[[PAD]], decoder_start_token_id=PAD,
        eos_token_id=0, forced_eos_token_id=0, pad_token_id=PAD, bos_token_id=0,
    )
    n_all = sum(p.numel() for p in model.parameters())
    n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"parameters: {n_all:,} ({n_all / 1e6:.1f}M; {n_train:,} trainable, the rest are the static "
          "sinusoidal position tables)")
    model.save_pretrained(str(out))

    # ---- sanity: the saved folder loads and tokenizes like opus-mt
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tok = MarianTokenizer.from_pretrained(str(out))
    sample = "Die NATO beeilt sich, die Ukraine vor möglichen Gesprächen zu bewaffnen – Bloomberg"
    ids = tok([sample]).input_ids[0]
    assert tok.pad_token_id == PAD and tok.eos_token_id == 0 and len(tok) == VOCAB_SIZE
    print(f"sample: {len(sample.split())} words -> {len(ids)} source tokens incl. </s>")
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"wrote {out} ({size / 1e6:.0f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
