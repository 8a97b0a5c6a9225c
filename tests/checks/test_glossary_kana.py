"""A Japanese name with kanji written as it is read (studio.checks.glossary_kana, checks-glossary30): in kana
(ホシゾラショボウ for 星空書房) or in Latin letters by its Japanese reading ("Hoshizora Shobo"), found where it stands
and warned with the glossary's form as the suggestion; a name simply absent stays a note."""

from __future__ import annotations

import pytest

from studio.checks.glossary_kana import hepburn, read_in_kana, romanised_reading


def _said(text: str, span: tuple[int, int]) -> str | None:
    return text[span[0] : span[1]] if span[0] >= 0 else None


@pytest.mark.parametrize(
    ("kana", "latin"),
    [
        ("ショテン", "shoten"),  # yōon: シ + small ョ
        ("ホッカイドウ", "hokkaidou"),  # small tsu doubles the next consonant
        ("マッチャ", "matcha"),  # ... and before ch it is a t
        ("チーズ", "chiizu"),  # the long mark repeats the vowel
        ("ふじさん", "fujisan"),  # hiragana read as katakana
    ],
)
def test_kana_are_written_in_hepburn(kana, latin):
    assert hepburn(kana) == latin


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("星空書房", "ホシゾラショボウの秋の読書フェア", "ホシゾラショボウ"),
        ("星空書房", "ほしぞらしょぼう、駅前に移転しました", "ほしぞらしょぼう"),
        ("星空書房", "ほしぞら書房の秋の読書フェア", "ほしぞら書房"),  # half in kana
        ("月見堂", "ツキミドーの新作どら焼き", "ツキミドー"),  # the long vowel written with ー
    ],
)
def test_a_kanji_name_written_in_kana_is_found_where_it_stands(term, text, rendered):
    assert _said(text, read_in_kana(term, text, "ja")) == rendered


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("星空書房", "Hoshizora Shoboの秋の読書フェア", "Hoshizora Shobo"),
        ("星空書房", "HOSHIZORA-SHOBOU 秋の読書フェア", "HOSHIZORA-SHOBOU"),
        ("星空書房", "Hosizora Syobô の秋の読書フェア", "Hosizora Syobô"),  # Kunrei spelling, a macron-less circumflex
        ("月見堂", "Tsukimidoの新作どら焼き", "Tsukimido"),
    ],
)
def test_a_kanji_name_romanised_by_its_japanese_reading_is_found_where_it_stands(term, text, rendered):
    assert _said(text, romanised_reading(term, text, "ja")) == rendered


@pytest.mark.parametrize(
    ("term", "text", "lang"),
    [
        ("星空書房", "星空書房の秋の読書フェア", "ja"),  # kept as written
        ("森", "もりの新作", "ja"),  # a one-word reading: too many words sound so
        ("土足", "黒板とチョークの授業", "ja"),  # dosoku is not tochoku: no sounds merged beyond r and l
        ("星空書房", "秋の読書フェア、駅前で開催", "ja"),  # absent, nothing read in its place
        ("星空书房", "Xingkong Shufang 新店开业", "zh"),  # Chinese copy: no Japanese reading
    ],
)
def test_no_japanese_reading_where_the_name_is_not_written_as_read(term, text, lang):
    assert read_in_kana(term, text, lang) == (-1, -1)
    assert romanised_reading(term, text, lang) == (-1, -1)


def test_the_reviewer_is_warned_at_the_reading_and_an_absent_name_stays_a_note():
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()

    def glossary(text: str) -> list:
        item = CheckInput(id="x", locale="ja-JP", kind="copy", text=text, glossary=["星空書房"])
        return [f for f in engine.builtin(item) if f.rule == "builtin.glossary"]

    text = "駅前のホシゾラショボウで秋の読書フェア"
    (kana,) = glossary(text)
    assert kana.severity == "warn" and text[kana.start : kana.end] == "ホシゾラショボウ"
    assert "'星空書房'" in kana.suggestion and "kana" in kana.message
    text = "Hoshizora Shoboで秋の読書フェア"
    (latin,) = glossary(text)
    assert latin.severity == "warn" and text[latin.start : latin.end] == "Hoshizora Shobo"
    (absent,) = glossary("駅前で秋の読書フェア")
    assert absent.severity == "info" and absent.start is None
