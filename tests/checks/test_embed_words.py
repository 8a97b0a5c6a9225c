"""The ``e5w`` static encoder (studio/checks/embed.py ``WordTable``): each word embedded once with e5, a
sentence the mean of its words. A test double stands in for e5 (one fixed vector per
word), so the arithmetic and the table's reuse are checked without the model."""

import numpy as np

from studio.checks.embed import Embedder, WordTable


class CountingE5(Embedder):
    """e5 replaced by a fixed random unit vector per text; counts the texts it is asked for."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def _encode(self, backend, texts):
        if backend != "e5":
            return super()._encode(backend, texts)
        self.asked.extend(texts)
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(8) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def test_words_keep_devanagari_vowel_signs_and_drop_punctuation():
    assert WordTable.words("Giảm giá 30% cho đồ bơi! हल्के कपड़े, साफ़ कटिंग।") == [
        "giảm",
        "giá",
        "30",
        "cho",
        "đồ",
        "bơi",
        "हल्के",
        "कपड़े",
        "साफ़",
        "कटिंग",
    ]


def test_each_word_is_embedded_once_and_a_sentence_is_their_mean(tmp_path):
    e5 = CountingE5()
    table = WordTable(e5, tmp_path)
    first = table.encode(["Diskon besar untuk semua sepatu", "Sepatu lari diskon"])
    assert sorted(e5.asked) == sorted({"diskon", "besar", "untuk", "semua", "sepatu", "lari"})
    words = [table.rows[table.index[w]] for w in ("sepatu", "lari", "diskon")]
    assert np.allclose(first[1], np.mean(words, axis=0))
    table.save()
    again = CountingE5()
    reloaded = WordTable(again, tmp_path)
    assert np.allclose(reloaded.encode(["Sepatu lari diskon"]), first[1:]) and again.asked == []


def test_the_static_encoder_gives_unit_vectors_through_the_embedder(tmp_path, monkeypatch):
    monkeypatch.setattr("studio.checks.embed.encoder_cache_dir", lambda: tmp_path)
    e5 = CountingE5()
    vecs = e5.embed(["Mua ngay hôm nay", "Giảm giá mùa hè"], "e5w")
    assert vecs.shape == (2, 8) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0)
