"""The glossary readings of a name's words in another form, and of a kana name written in kanji
(checks-glossaryprice54): probes written for them, never copied from a corpus, with the near misses that must stay
silent."""

from __future__ import annotations

import pytest

from studio.checks.glossary_forms import hangul_half_replaced, number_swapped, word_inflected
from studio.checks.glossary_kana import read_in_kanji


@pytest.mark.parametrize(("term", "text", "lang", "found"), [
    ("Four Seasons Deli", "4 Seasons Deli: soup of the day is back", "en", "4 Seasons Deli"),
    ("7 Colinas Café", "Siete Colinas Café abre en Lavapiés", "es", "Siete Colinas Café"),
    ("Drei Linden Hof", "Der 3-Linden-Hof lädt zum Brunch", "de", "3-Linden-Hof"),
    ("Cinq Sens Spa", "5 Sens Spa : nouveaux soins d'hiver", "fr", "5 Sens Spa"),
    ("Dua Saudara Motor", "Bengkel 2 Saudara Motor buka Minggu", "id", "2 Saudara Motor"),
    ("Twee Gezusters", "Bij 2 Gezusters: verse stroopwafels", "nl", "2 Gezusters"),
])
def test_number_swapped_reads_a_number_written_the_other_way(term: str, text: str, lang: str, found: str) -> None:
    a, b = number_swapped(term, text, lang)
    assert text[a:b] == found


@pytest.mark.parametrize(("term", "text", "lang"), [
    ("Four Seasons Deli", "Four Seasons Deli: soup of the day", "en"),  # kept as written
    ("Un Jour Café", "1 Jour Café", "fr"),  # "un" is also the article: not read as a number
    ("Three Rivers Iron Works", "Where three rivers meet, the iron works stood", "en"),  # words of the copy
    ("Seven", "7 days a week", "en"),  # a name that is a number alone
])
def test_number_swapped_leaves_the_rest(term: str, text: str, lang: str) -> None:
    assert number_swapped(term, text, lang) == (-1, -1)


@pytest.mark.parametrize(("term", "text", "lang", "found"), [
    ("Harbour Bakeries", "Harbour Bakery's new sourdough is in", "en", "Harbour Bakery's"),
    ("Golden Berries Farm", "Golden Berry Farm opens for picking", "en", "Golden Berry Farm"),
])
def test_word_inflected_reads_a_word_in_another_form(term: str, text: str, lang: str, found: str) -> None:
    a, b = word_inflected(term, text, lang)
    assert text[a:b] == found


@pytest.mark.parametrize(("term", "text", "lang"), [
    ("Harbour Bakeries", "Harbour Bakeries' new sourdough is in", "en"),  # a possessive added: grammar
    ("Golden Bakes", "Join the golden bake sale on Sunday", "en"),  # a phrase of the copy, no capital
    ("Kanzlei Isarrecht", "Die Kanzlei Isarrechte berät", "de"),  # German declines names: not read
    ("Harbour Bakeries", "Harbour Bakeries sourdough", "en"),  # as written
])
def test_word_inflected_leaves_grammar_and_phrases(term: str, text: str, lang: str) -> None:
    assert word_inflected(term, text, lang) == (-1, -1)


def test_read_in_kanji_reads_a_kana_name_written_in_kanji() -> None:
    text = "星空案内舎のナイトツアー、今夜も催行します。"
    a, b = read_in_kanji("ほしぞら案内舎", text, "ja")
    assert text[a:b] == "星空案内舎"
    assert read_in_kanji("ほしぞら案内舎", "ほしぞら案内舎のナイトツアー", "ja") == (-1, -1)
    assert read_in_kanji("ほしぞら案内舎", "今夜の星空を案内します", "ko") == (-1, -1)


@pytest.mark.parametrize(("term", "text", "found"), [
    ("바다정원", "바다공원에서 주말 플리마켓이 열립니다", "바다공원"),
    ("초록마을카페", "초록마을식당 신메뉴 출시", "초록마을식당"),
])
def test_hangul_half_replaced_reads_a_name_half_renamed(term: str, text: str, found: str) -> None:
    a, b = hangul_half_replaced(term, text, [])
    assert text[a:b] == found


@pytest.mark.parametrize(("term", "text"), [
    ("바다정원", "바다정원에서 만나요"),  # kept as written
    ("바다정원", "푸른바다공원 산책"),  # the half inside a longer word
    ("바다정원", "바다가 보이는 정원"),  # the halves apart: a phrase of the copy
    ("星河电器", "星河璀璨，电器大促"),  # Han: not read
])
def test_hangul_half_replaced_leaves_the_rest(term: str, text: str) -> None:
    assert hangul_half_replaced(term, text, []) == (-1, -1)
