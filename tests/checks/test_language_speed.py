"""Naming an English line without lingua's full models (``language.quick_foreign``): the same verdict the
full models give, and neighbours (Spanish in a Portuguese market) left to them."""

import pytest

from bench.checks import PHRASES, SENTENCES
from studio.checks import language


def _full(text: str, expected: str) -> str | None:
    """``reads_as`` past its quick passes: the full models' verdict."""
    ranked = language._lingua().compute_language_confidence_values(text)
    mine = sum(r.value for r in ranked if language.compatible(r.language.iso_code_639_1.name.lower(), expected))
    top = ranked[0].language.iso_code_639_1.name.lower()
    if (language.compatible(top, expected) or mine >= language.MIXED_CONFIDENCE
            or language._reads_as_market_without_names(text, expected)):
        return None
    return top


ENGLISH = [
    "Our new collection is here. Light fabrics, clean cuts and colours for every day.",
    "Your favourite coffee is back, with a new cup and the same great taste.",
    "Sign up for our newsletter and save ten percent on your first order with us.",
]


# The lines long enough to judge (the language check reads shorter ones another way).
JUDGED = [j for j in (language.judgeable(t) for t in ENGLISH + [t for _, t in SENTENCES + PHRASES]) if j]


@pytest.mark.parametrize("judged", JUDGED)
def test_a_line_named_without_the_full_models_reads_as_the_full_models_say(judged):
    for expected in language.LANGUAGES:
        quick = language.quick_foreign(judged, expected)
        if quick is not None:
            assert quick == _full(judged, expected) == "en", expected


@pytest.mark.parametrize("text", ENGLISH)
def test_english_copy_in_a_german_or_vietnamese_market_is_named_english(text):
    assert language.quick_foreign(text, "de") == language.reads_as(text, "de") == "en"
    assert language.quick_foreign(text, "vi") == language.reads_as(text, "vi") == "en"
    assert language.quick_foreign(text, "en") is None  # its own market: nothing to name


def test_a_line_a_quick_pass_is_less_sure_of_goes_to_the_full_models():
    # fastText gives this line 0.89 English: the full models name it (English, a finding) as before.
    text = "Order today and get free delivery on every pair of running shoes in our store."
    assert language.quick_foreign(text, "de") is None and language.reads_as(text, "de") == "en"


def test_a_neighbour_language_and_a_line_with_names_go_to_the_full_models():
    # The full models give Portuguese a mixed-copy share of this Spanish line: no finding in pt-BR.
    spanish = "Número uno en ventas de tenis en México, con envío gratis a todo el país."
    assert language.quick_foreign(spanish, "pt") is None
    # A run of capitalised words can sway a detector: the full models weigh the rest without it.
    assert language.quick_foreign("Black Friday deals are here, shop the whole store and save big today.", "de") is None


MALAY_INDONESIAN = [
    ("id", "Koleksi terbaru kami sudah hadir. Bahan ringan, potongan rapi, dan warna untuk setiap hari."),
    ("ms", "Koleksi terbaharu kami sudah tiba. Fabrik ringan, potongan kemas dan warna untuk setiap hari."),
]


@pytest.mark.parametrize(("lang", "text"), MALAY_INDONESIAN)
def test_malay_or_indonesian_copy_is_confirmed_in_either_market_without_the_full_models(lang, text):
    # The quick passes split such copy between the two (fastText 0.60 id + 0.33 ms on the first line):
    # counted together, it is the market's language, with no wait for the full models to load.
    for market in ("id", "ms"):
        assert language.confirmed(text, market), market
        assert language.reads_as(text, market) is None
        assert _full(text, market) is None  # what the full models would have said


@pytest.mark.parametrize("market", ["id", "ms"])
def test_english_or_vietnamese_copy_in_a_malay_or_indonesian_market_is_still_named(market):
    assert language.reads_as(ENGLISH[0], market) == "en"
    vietnamese = "Bộ sưu tập mới của chúng tôi đã có mặt. Chất liệu nhẹ, đường cắt gọn gàng và màu sắc cho mỗi ngày."
    assert not language.confirmed(vietnamese, market)
    assert language.reads_as(vietnamese, market) == "vi"
