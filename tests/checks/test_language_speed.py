"""Naming a line in another language without lingua's full models (``language.quick_foreign``): the same verdict
the full models give, and neighbours (Spanish in a Portuguese market) left to them."""

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
            assert quick == _full(judged, expected), expected


GERMAN = "Unsere neue Kollektion ist da. Leichte Stoffe, klare Schnitte und Farben für jeden Tag."


@pytest.mark.parametrize("market", ["en", "tr", "ja", "pl"])
def test_german_copy_in_another_market_is_named_german_as_the_full_models_name_it(market):
    # bench/checks.py --cold-start-only: a German line in en-US cost `studio check` 2.4 s of CPU (the full models
    # loaded to name it) before the quick passes could name languages other than English; 0.8 s after.
    assert language.quick_foreign(GERMAN, market) == language.reads_as(GERMAN, market) == _full(GERMAN, market) == "de"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_copy_in_a_german_or_vietnamese_market_is_named_english(text):
    assert language.quick_foreign(text, "de") == language.reads_as(text, "de") == "en"
    assert language.quick_foreign(text, "vi") == language.reads_as(text, "vi") == "en"
    assert language.quick_foreign(text, "en") is None  # its own market: nothing to name


def test_a_line_a_quick_pass_is_less_sure_of_goes_to_the_full_models():
    # fastText gives this line 0.89 English: the full models name it (English, a finding) as before.
    text = "Order today and get free delivery on every pair of running shoes in our store."
    assert language.quick_foreign(text, "de") is None and language.reads_as(text, "de") == "en"


def test_a_neighbour_language_and_a_line_of_names_go_to_the_full_models():
    # The full models give Portuguese a mixed-copy share of this Spanish line: no finding in pt-BR.
    spanish = "Número uno en ventas de tenis en México, con envío gratis a todo el país."
    assert language.quick_foreign(spanish, "pt") is None
    portuguese = "Bora é sempre mais barato que Uber e rápido. Sempre."
    assert language.quick_foreign(portuguese, "it") is None  # a Romance neighbour: the full models weigh it
    # A run of capitalised words ("Black Friday") is taken out and the rest read again: still English, near-certainly.
    assert language.quick_foreign("Black Friday deals are here, shop the whole store and save big today.", "de") == "en"
    # Names that are most of a line leave too little to read: the full models weigh it.
    assert language.quick_foreign("Black Friday at Galeries Lafayette Paris Haussmann, today.", "de") is None


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


SHORT_MALAY_INDONESIAN = ["Botol terbaik di dunia.", "Kopi terbaik di dunia.", "Gratis ongkir hari ini!", "Nasi goreng terbaik"]


def _short_full(text: str, expected: str) -> str | None:
    """``short_reads_as`` past its quick passes: the full models' verdict on a short line (no lexical lead)."""
    ranked = language._lingua().compute_language_confidence_values(text)
    top = ranked[0].language.iso_code_639_1.name.lower()
    mine = sum(r.value for r in ranked if language.compatible(r.language.iso_code_639_1.name.lower(), expected))
    return None if language.compatible(top, expected) or mine > language.SHORT_MINE_AT_MOST else top


@pytest.mark.parametrize("text", SHORT_MALAY_INDONESIAN)
def test_a_short_malay_or_indonesian_line_is_confirmed_by_its_words_without_the_full_models(text):
    # fastText reads "Botol terbaik di dunia." as Italian (0.38): the trigram pass, the words and fastText's
    # share for Malay and Indonesian confirm it together, as the full models would have.
    for market in ("id", "ms"):
        assert language.neighbourhood_confirmed(text, market), market
        assert language.short_reads_as(text, market) is None
        assert _short_full(text, market) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Big sale today only", "en"),
        ("Mua ngay hôm nay", "vi"),
        ("Il meglio del mondo", "it"),
        ("Compra ya, paga después", "es"),
        ("Bili na ngayon!", None),  # Tagalog: no language of the studio's, the full models read it as Malay
    ],
)
@pytest.mark.parametrize("market", ["id", "ms"])
def test_a_short_line_in_another_language_in_a_malay_or_indonesian_market_goes_to_the_full_models(text, found, market):
    assert not language.neighbourhood_confirmed(text, market)
    assert language.short_reads_as(text, market) == found


def test_the_shipped_word_table_gives_wordfreqs_values():
    from wordfreq import zipf_frequency

    words = {w.lower() for _, t in MALAY_INDONESIAN for w in language._WORD.findall(t)}
    words |= {"ongkir", "penghantaran", "diskaun", "botol", "terbaik", "sale", "xqzv"}
    for lang in language.ZIPF_LANGUAGES:
        for word in words:
            assert language.word_zipf(word, lang) == zipf_frequency(word, lang, "small"), (lang, word)
    assert len(language.zipf_table("id")) > 20000 and len(language.zipf_table("ms")) > 20000


def test_a_bad_line_in_the_word_table_names_the_file_and_line(tmp_path):
    from studio.core.errors import LocaleError

    path = tmp_path / "zipf.tsv"
    path.write_text("# header\nid\t5.00\tdunia\nid\tfive\tkopi\n", encoding="utf-8")
    with pytest.raises(LocaleError) as err:
        language.zipf_table.__wrapped__("id", path)
    assert err.value.where == f"{path}:3"
    path.write_text("ms\t4.00\tkopi Kopi\n", encoding="utf-8")
    with pytest.raises(LocaleError, match="'Kopi' is not a plain ASCII") as err:
        language.zipf_table.__wrapped__("ms", path)
    assert err.value.where == f"{path}:1"


def test_malay_and_indonesian_copy_is_checked_without_importing_wordfreq():
    import subprocess
    import sys

    code = (
        "import sys; from studio.checks import language as L; "
        "assert L.short_reads_as('Botol terbaik di dunia.', 'id') is None; "
        "assert L.neighbour_reads_as('Gratis ongkir ke seluruh Indonesia, diskon hemat!', 'ms') == 'id'; "
        "print('wordfreq' in sys.modules, 'lingua' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
