"""The committed tiny MarianMT fixture (tests/fixtures/tiny-opus-mt-de-en).

It must load through the ordinary Hugging Face classes, reproduce every pair of
tests/fixtures/tiny_corpus.tsv with greedy and beam-4 search, and its last
decoder layer / head 0 cross-attention must follow the gold word alignment
(row that PREDICTS target token t = alignment of token t).  Like OPUS-MT models
it was trained on preprocessed text (``reader.engines.preprocess``, "opus-mt":
“ ” → ", … → ...) on both sides, so it is given and gives preprocessed text.
Rebuild with ``python tests/fixtures/make_tiny_model.py``.
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers import MarianMTModel, MarianTokenizer  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
MODEL_DIR = FIXTURES / "tiny-opus-mt-de-en"

# Measured when the fixture was built: 1322/1323 aligned target subwords (0.999; 1297/1297 before it was
# trained on preprocessed text and the two „…“ / … pairs were added).
ALIGNMENT_THRESHOLD = 0.95


def _maker():
    spec = importlib.util.spec_from_file_location("make_tiny_model", FIXTURES / "make_tiny_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def maker():
    return _maker()


@pytest.fixture(scope="module")
def original_rows(maker):
    return maker.read_corpus(FIXTURES / "tiny_corpus.tsv")


@pytest.fixture(scope="module")
def rows(maker):
    """The pairs as the model was trained on them: preprocessed, links moved onto the new words."""
    return maker.read_training_corpus(FIXTURES / "tiny_corpus.tsv")


@pytest.fixture(scope="module")
def tok():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses."
        return MarianTokenizer.from_pretrained(str(MODEL_DIR))


@pytest.fixture(scope="module")
def model():
    m = MarianMTModel.from_pretrained(str(MODEL_DIR), attn_implementation="eager")
    m.eval()
    return m


def _generate(model, tok, sents, **kw):
    enc = tok(sents, return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model.generate(**enc, **kw)
    return tok.batch_decode(out, skip_special_tokens=True)


def test_layout_and_conventions(tok, model):
    names = {p.name for p in MODEL_DIR.iterdir()}
    for f in ["config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
              "tokenizer_config.json", "generation_config.json"]:
        assert f in names
    assert sum((MODEL_DIR / f).stat().st_size for f in names) < 3_000_000
    vocab = json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"))
    pad = len(vocab) - 1
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1 and vocab["<pad>"] == pad
    assert sorted(vocab.values()) == list(range(len(vocab)))
    assert (tok.eos_token_id, tok.unk_token_id, tok.pad_token_id) == (0, 1, pad)
    c = model.config
    assert (c.vocab_size, c.pad_token_id, c.decoder_start_token_id, c.eos_token_id) == (len(vocab), pad, pad, 0)
    assert c.share_encoder_decoder_embeddings and c.scale_embedding and not c.normalize_before
    assert c.activation_function == "swish" and c.max_position_embeddings == 512
    g = model.generation_config
    assert (g.num_beams, g.max_length, g.bad_words_ids, g.decoder_start_token_id) == (4, 512, [[pad]], pad)
    assert (g.eos_token_id, g.forced_eos_token_id, g.pad_token_id) == (0, 0, pad)


def test_corpus_covers_sample_article(original_rows):
    sample = (Path(__file__).parents[1] / "reader" / "data" / "sample.de.txt").read_text(encoding="utf-8")
    src = {r[0] for r in original_rows}
    for line in sample.splitlines():
        if line.strip() and line not in src:
            # lines made of several sentences: each sentence is a training pair
            assert all(s in " ".join(src) for s in line.split(". ")), line
    assert sample.splitlines()[0] in src  # headline with "– Bloomberg"
    assert "Aktuell beobachtet" in src


def test_trained_on_preprocessed_text_with_the_links_moved(original_rows, rows):
    from reader.engines.preprocess import preprocess
    from reader.text.words import words

    assert len(rows) == len(original_rows)
    for (de0, en0, links0), (de, en, links) in zip(original_rows, rows):
        assert (de, en) == (preprocess(de0, "opus-mt").text, preprocess(en0, "opus-mt").text)
        assert not set("“”’…") & set(de + en)
        assert de.count("„") == de0.count("„")  # „ is not in preprocess-spm.sh's list
        if words(de) == words(de0) and words(en) == words(en0):
            assert sorted(links) == sorted(links0)
    # "…" became three words: its links are theirs now, the words after it moved on by two
    pair = {r[0]: r for r in rows}["Er sagte nur: „Vielleicht... morgen.\""]
    de_words, en_words = words(pair[0]), words(pair[1])
    assert de_words[4:] == ["„", "Vielleicht", ".", ".", ".", "morgen", ".", '"']
    assert en_words[4:] == ['"', "Maybe", ".", ".", ".", "tomorrow", ".", '"']
    linked = {(de_words[i], en_words[j]) for i, j in pair[2]}
    assert {("„", '"'), ("Vielleicht", "Maybe"), ("morgen", "tomorrow"), ('"', '"')} <= linked
    assert {(i, j) for i, j in pair[2] if 6 <= i <= 8} == {(i, j) for i in (6, 7, 8) for j in (6, 7, 8)}
    assert (9, 9) in pair[2] and (10, 10) in pair[2] and (11, 11) in pair[2]


@pytest.mark.parametrize("num_beams", [1, 4])
def test_reproduces_training_pairs(tok, model, rows, num_beams):
    hyps = _generate(model, tok, [r[0] for r in rows], num_beams=num_beams, do_sample=False)
    bad = [(r[1], h) for r, h in zip(rows, hyps) if h != r[1]]
    assert not bad, bad


def test_default_generation_is_beam4_and_single_sentences_work(tok, model, rows):
    for de, en, _ in rows[:5] + rows[-3:]:
        assert _generate(model, tok, [de]) == [en]


def test_unknown_words_do_not_crash(tok, model):
    text = "Das Xylophon kostet 5 € жук, sagt Jürgen."
    ids = tok([text], return_tensors="pt").input_ids[0].tolist()
    assert tok.unk_token_id in ids and ids[-1] == tok.eos_token_id
    hyp = _generate(model, tok, [text], max_new_tokens=40)
    assert isinstance(hyp[0], str)
    assert isinstance(tok.batch_decode([[tok.unk_token_id, 5, 0]], skip_special_tokens=True)[0], str)


def test_cross_attention_head0_follows_gold_alignment(maker, tok, model, rows):
    hit, tot = maker.agreement(model, tok, rows)
    assert tot > 1000
    assert hit / tot >= ALIGNMENT_THRESHOLD, f"{hit}/{tot}"


def test_head0_lights_the_original_german_characters(maker, tok, model):
    """On a sentence with „…“ and …: given the preprocessed German, head 0 links each
    English word to the right German words, and through ``Preprocessed.span`` to the
    right characters of the sentence as written."""
    from reader.engines.preprocess import preprocess
    from reader.text.words import word_spans, words

    original = "Er sagte nur: „Vielleicht… morgen.“"
    pp = preprocess(original, "opus-mt")
    en = _generate(model, tok, [pp.text])[0]
    assert en == 'He only said: "Maybe... tomorrow."'
    enc = tok([pp.text], return_tensors="pt")
    labels = tok(text_target=[en], return_tensors="pt").input_ids
    with torch.no_grad():
        att = model(**enc, labels=labels, output_attentions=True).cross_attentions[-1][0, 0]
    smap = maker.piece_word_map(tok.spm_source, pp.text)
    tmap = maker.piece_word_map(tok.spm_target, en)
    spans = word_spans(pp.text)
    lit: dict[int, set[str]] = {}  # English word -> the original German it is linked to
    for t, english in enumerate(tmap):
        s = int(att[t].argmax())
        for k in smap[s] if s < len(smap) else []:
            a, b = pp.span(*spans[k])
            for j in english:
                lit.setdefault(j, set()).add(original[a:b])
    en_words = words(en)
    assert en_words == ["He", "only", "said", ":", '"', "Maybe", ".", ".", ".", "tomorrow", ".", '"']
    assert lit[5] == {"Vielleicht"}
    assert lit[9] == {"morgen"}
    assert lit[1] == {"nur"} and lit[2] == {"sagte"}
    assert all(lit[j] == {"…"} for j in (6, 7, 8)), lit
    assert "„" in lit[4] and "“" in lit[11], lit
