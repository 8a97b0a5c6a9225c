"""checks-faith61: what a user sees from the two readers built from the strangers' open misses: a faith's own
occasion read against the food that faith keeps from it, as religion (global/faith61.yaml), and a count of four read
against the occasion it is given for (global/number61.yaml, stated_pair ``patterns``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.checks.rules.types.stated_pair import PairThing
from studio.core.config import get_settings

RULES = Path(get_settings().rules_dir)
FOOD = "global.religion.faith_occasion_forbidden_food61"
FOUR = "global.taboo_number.four_for_occasion61"


def _findings(rid: str, text: str, locale: str):
    rule = load_rules(RULES).by_id[rid]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return [f for f in LocaleChecker(locale, [rule]).check(item) if f.rule == rid]


@pytest.mark.parametrize("text,locale,pair", [
    ("Pour l'Aïd, offrez un saucisson à vos collègues !", "fr-FR", "pork breaks muslim"),
    ("व्रत वालों के लिए स्पेशल मटन दम बिरयानी थाली", "hi-IN", "meat breaks hindu_fast"),
    ("Diwali feast for the family: slow-cooked beef rendang.", "en-GB", "beef breaks hindu"),
    ("Parsel Lebaran isi wine merah dan keju", "id-ID", "alcohol breaks muslim"),
])
def test_the_occasion_and_the_food_are_named_as_religion(text, locale, pair):
    found = _findings(FOOD, text, locale)
    assert found, text
    f = found[0]
    assert f.category == "religion" and f.severity == "warn"
    assert pair in f.message
    assert f.suggestion and f.source


@pytest.mark.parametrize("text,locale", [
    ("Pour l'Aïd, saucisson de bœuf halal et thé à la menthe.", "fr-FR"),  # the halal form of the cured meat
    ("Iftar buffet: lamb ouzi, chicken mandi and fresh juices.", "ar-AE"),  # meat breaks a Hindu fast, not Ramadan
    ("Diwali specials: chicken tikka and lamb rogan josh, no beef.", "en-IN"),  # the beef denied
    ("Navratri vrat thali: sabudana khichdi and kuttu puri, no onion.", "en-IN"),
    ("Christmas hamper: ham, stollen and a bottle of red wine.", "en-GB"),  # no occasion of the faiths read here
])
def test_an_occasion_served_as_it_allows_stays_quiet(text, locale):
    assert not _findings(FOOD, text, locale), text


@pytest.mark.parametrize("text,locale", [
    ("入院中の方へのお見舞いに、佐藤錦4パックの詰め合わせをどうぞ", "ja-JP"),  # a counter no older rule listed
    ("Hantaran set 4 dulang, RM444 sahaja, pakej kahwin!", "ms-MY"),
    ("探望病人送水果，精选苹果四盒装，早日康复！", "zh-CN"),
    ("결혼 선물로 와인잔 4개 세트 어떠세요?", "ko-KR"),
    ("Quà cưới: bộ ly bốn chiếc mạ vàng.", "vi-VN"),
])
def test_a_four_for_a_sick_visit_wedding_or_birth_warns(text, locale):
    found = _findings(FOUR, text, locale)
    assert found, text
    f = found[0]
    assert f.category == "taboo_number" and f.severity == "warn"
    assert "four breaks" in f.message


@pytest.mark.parametrize("text,locale", [
    ("入院中の方へのお見舞いに、佐藤錦3パックの詰め合わせをどうぞ", "ja-JP"),  # three is fine
    ("中秋礼盒：月饼四枚，配茶一罐", "zh-CN"),  # a gift box of four mooncakes: no sick visit, wedding or birth
    ("冬タイヤ4本セット半額", "ja-JP"),  # four tyres, no occasion
    ("결혼식 답례품 14개 세트, 3시 이후 배송", "ko-KR"),  # fourteen is not four
    ("Wedding gift set of 4 wine glasses, engraved.", "en-GB"),  # not a market where four sounds like death
])
def test_a_four_without_the_occasion_or_market_stays_quiet(text, locale):
    assert not _findings(FOUR, text, locale), text


def test_a_thing_needs_terms_or_patterns_and_a_bad_pattern_fails_at_load():
    src = {"name": "x"}
    with pytest.raises(ValidationError):
        PairThing(breaks=["a"], source=src)
    with pytest.raises(ValidationError):
        PairThing(breaks=["a"], patterns=["(a+)+"], source=src)
    assert PairThing(breaks=["a"], patterns=[r"4\s?pcs"], source=src).patterns
