"""The glossary readings (studio.checks.glossary_readings, glossary_scripts, glossary_spelling) on their own: where a draft renders a glossary
term other than as written, as a span the reviewer's warning points at."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studio.checks.glossary_readings import initials_used, kept_but_altered, rendered_otherwise, reordered
from studio.checks.glossary_scripts import romanised, written_in_another_script
from studio.checks.glossary_spelling import altered, han_homophone
from studio.generate.gates import transliterated


def _said(text: str, span: tuple[int, int]) -> str | None:
    return text[span[0] : span[1]] if span[0] >= 0 else None


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("Lumina", "新しいルミナで肌が明るく", "ルミナ"),
        ("QuickCash", "ควิกแคช สินเชื่อทันใจ", "ควิกแคช"),
        ("PayZap", "पेज़ैप से करें UPI पेमेंट", "पेज़ैप"),
        ("NovaBuds", "노바버즈 프로 출시", "노바버즈"),
    ],
)
def test_a_latin_name_written_in_another_script_is_found_where_it_stands(term, text, rendered):
    assert _said(text, written_in_another_script(term, text)) == rendered


def test_each_reading_points_at_the_rendering():
    assert _said("Try Aqua-Pure today", altered("AquaPure", "Try Aqua-Pure today")) == "Aqua-Pure"
    assert _said("Samar Noir Oud is here", reordered("Samar Oud Noir", "Samar Noir Oud is here")) == "Samar Noir Oud"
    assert _said("Nafahat Royal Oud", romanised("نفحات", "Nafahat Royal Oud")) == "Nafahat"
    assert _said("Meet GN serum", initials_used("GlowNeem", "Meet GN serum")) == "GN"
    near, end, how = rendered_otherwise("Lumina", "新しいルミナで", [], "ja", "copy")
    assert (near, end, how) == (3, 6, " (written in another script here)")
    assert written_in_another_script("Lumina", "Lumina is kept as written") == (-1, -1)


def test_the_reviewers_reading_and_the_drafting_gate_answer_different_questions():
    """By design: the reading warns a reviewer about any near rendering (consonants only, one off allowed);
    the gate throws a draft away, so it wants the brand's vowels and ending too."""
    # "ルミネ" (the Lumine store) shares Lumina's consonants: a reviewer looks at it, a draft is not resampled
    assert _said("ルミネで買い物", written_in_another_script("Lumina", "ルミネで買い物")) == "ルミネ"
    assert transliterated("ルミネで買い物", "ja-JP", SimpleNamespace(brand="Lumina")) is None
    # a short brand (Fjell) is too few consonants for the tolerant reading, but the gate hears it exactly
    assert written_in_another_script("Fjell", "フィエルの水筒") == (-1, -1)
    assert "'Fjell'" in (transliterated("フィエルの水筒", "ja-JP", SimpleNamespace(brand="Fjell")) or "")


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("Thistle & Lace", "Thistle and Lace: your wedding, sorted.", "Thistle and Lace"),
        ("Salt and Stone", "Neu: Salt & Stone Deo", "Salt & Stone"),
        ("Pack+Go", "Viaja ligero con Pack y Go", "Pack y Go"),
        # the "and" swapped and a long part one letter off too (checks-struct15)
        ("Kettlewood & Sons", "Winterjassen van Kettlewoud en Sons", "Kettlewoud en Sons"),
        ("Rosenhain & Co", "Neu bei Rosenhein und Co: Gartenmöbel", "Rosenhein und Co"),
    ],
)
def test_an_ampersand_and_the_word_for_and_are_one_name_written_two_ways(term, text, rendered):
    near, end, how = rendered_otherwise(term, text, [], "en", "copy")
    assert _said(text, (near, end)) == rendered and "'&' or 'and'" in how


def test_a_name_with_its_and_swapped_and_another_word_in_its_place_is_not_that_name():
    assert rendered_otherwise("Kettlewood & Sons", "Winterjassen van Kettering en Sons", [], "nl", "copy")[0] == -1


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("Hoppa", "ホッパで通勤をもっと快適に", "ホッパ"),
        ("Sola", "毎日のソラ、毎日の水", "ソラ"),
        ("Tapo", "타포 앱으로 예약하세요", "타포"),
    ],
)
def test_a_short_name_written_in_another_script_is_heard_sound_by_sound(term, text, rendered):
    """Too few consonants for the tolerant reading: every sound, vowels too, must agree (checks-struct15)."""
    near, end, how = rendered_otherwise(term, text, [], "ja", "copy")
    assert _said(text, (near, end)) == rendered and "another script" in how


@pytest.mark.parametrize(
    ("term", "text"), [("Hoppa", "ホップの香りのビール"), ("Sola", "ソルトで味付け"), ("Tapo", "타파스 바")]
)
def test_a_short_name_is_not_heard_in_a_word_that_only_shares_its_consonants(term, text):
    assert written_in_another_script(term, text) == (-1, -1)


@pytest.mark.parametrize(
    ("term", "text", "lang", "rendered"),
    [
        (
            "FrostLine Parka",
            "Découvrez le Manteau Ligne Givre, conçu pour le grand froid.",
            "fr",
            "Manteau Ligne Givre",
        ),
        ("Fjell", "Agua fría todo el día con la Botella Térmica", "es", "Botella Térmica"),
        # a coined Latin name that is not the Japanese name read aloud ("Bihada Labo" is: test_glossary_kana)
        ("美肌ラボ", "Kirari Labo 化粧水 新発売！", "ja", "Kirari Labo"),
    ],
)
def test_a_missing_name_with_another_name_in_its_place_points_at_that_name(term, text, lang, rendered):
    near, end, how = rendered_otherwise(term, text, [], lang, "copy")
    assert _said(text, (near, end)) == rendered and "missing" in how


@pytest.mark.parametrize(
    ("term", "text", "lang", "others"),
    [
        ("Fjell", "Kaltes Wasser den ganzen Tag mit der Neuen Flasche", "de", []),  # German capitalises nouns
        ("Fjell", "Cold Water All Day, Every Day", "en", []),  # English headline case
        ("Fjell Bottle", "Agua fría todo el día con Fjell", "es", ["Fjell"]),  # the name there is another term
        ("美肌ラボ", "化粧水 新発売！ NEW", "ja", []),  # no coined Latin name, only an English word
        ("FrostLine Parka", "Le Manteau idéal pour l'hiver", "fr", []),  # one capitalised word is no name
    ],
)
def test_no_name_in_the_missing_terms_place_is_no_rendering(term, text, lang, others):
    assert rendered_otherwise(term, text, others, lang, "copy")[0] == -1


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("金桥咖啡", "金乔咖啡新店开业", "金乔咖啡"),  # 桥 and 乔 are both qiao
        ("金桥咖啡", "金桥咖啡秋季新品，金侨咖啡会员八折", "金侨咖啡"),  # kept once, a homophone elsewhere
        ("云栖书店", "运栖书店周末读书会", "运栖书店"),
    ],
)
def test_a_chinese_name_written_with_a_homophone_is_found_where_it_stands(term, text, rendered):
    assert _said(text, han_homophone(term, text)) == rendered


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("金桥咖啡", "金桥咖啡新店开业"),  # kept as written
        ("金桥咖啡", "金色咖啡新店开业"),  # 色 is not qiao: another name, not a homophone of this one
        ("金桥咖啡", "今乔卡非新店开业"),  # every character swapped: a sound-alike, not this name written otherwise
        ("美的", "美得很，空调八折"),  # two characters: too many everyday words share the sound
        ("PawPal", "PawPal 新品"),  # not a Chinese name
    ],
)
def test_a_chinese_name_is_not_heard_where_too_little_of_it_is_kept(term, text):
    assert han_homophone(term, text) == (-1, -1)


def test_the_reviewer_is_warned_of_a_homophone_in_chinese_copy_only():
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()

    def glossary(locale: str, text: str) -> list:
        item = CheckInput(id="x", locale=locale, kind="copy", text=text, glossary=["金桥咖啡"])
        return [f for f in engine.builtin(item) if f.rule == "builtin.glossary"]

    (kept_and_swapped,) = glossary("zh-CN", "金桥咖啡秋季新品，金乔咖啡会员八折")
    assert kept_and_swapped.severity == "warn" and "homophone" in kept_and_swapped.message
    assert "'金乔咖啡'" in kept_and_swapped.message  # names the form found
    (swapped,) = glossary("zh-CN", "金乔咖啡新店开业")
    assert swapped.severity == "warn" and "'金乔咖啡'" in swapped.message
    # Japanese reads kanji otherwise (anyascii's readings are Mandarin): no homophone reading there
    assert all("homophone" not in f.message for f in glossary("ja-JP", "金乔咖啡の新店"))


def test_a_name_run_together_in_a_hashtag_is_kept_but_run_into_a_word_elsewhere_is_not():
    # the hard brief's X posts in five locales ('#LumoDailyCream') warned 'Lumo' run into another word
    assert kept_but_altered("Lumo", "Lumo Daily Cream è la risposta. #LumoDailyCream", "it") == (-1, -1, "")
    assert kept_but_altered("Lumo", "विज्ञापन: आप रूखी त्वचा के लिए #LumoDailyCream #मुलायम", "hi") == (-1, -1, "")
    assert kept_but_altered("PayZap", "Pay with #PayZapp today and PayZap", "en") == (-1, -1, "")
    assert kept_but_altered("Lumo", "Prova LumoDaily oggi", "it")[2] == " (run into another word here)"
    assert kept_but_altered("PayZap", "Pay with PayZapp today", "en")[2] == " (run into another word here)"


@pytest.mark.parametrize(("term", "text", "rendered"), [
    ("Printenbäckerei Klötzer", "Neu: Printenbaeckerei Kloetzer in Aachen", "Printenbaeckerei Kloetzer"),
    ("Kloetzer Backwaren", "Klötzer Backwaren ab Montag", "Klötzer Backwaren"),
    ("Møller Kaffe", "Moeller Kaffe i dag", "Moeller Kaffe"),
    ("Straße Eins", "Strasse Eins, jetzt offen", "Strasse Eins"),
])
def test_a_name_with_its_umlaut_written_out_in_two_letters_is_the_name_altered(term, text, rendered):
    a, b = altered(term, text, "de")
    assert text[a:b] == rendered


@pytest.mark.parametrize(("term", "text"), [("Sue", "Im Süden"), ("Kaese", "Käsekuchen zum Kaffee")])
def test_a_written_out_umlaut_inside_a_longer_word_is_not_the_name(term, text):
    assert altered(term, text, "de") == (-1, -1)
