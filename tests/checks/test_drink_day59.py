"""checks-alcohol59: the date reader of ``drink_day`` without the engine (the rules' examples run in test_rule_examples)."""

import pytest

from studio.checks.rules.types.drink_day import DrinkDayRule, stated_dates


@pytest.mark.parametrize(("text", "lang", "days"), [
    ("Sobota, 1 sierpnia: grill", "pl", ["08-01"]),
    ("Vendredi 13 novembre : soirée", "fr", ["11-13"]),
    ("le 13/11, happy hour", "fr", ["11-13"]),
    ("Am 27. Januar: Tasting", "de", ["01-27"]),
    ("September 11th: $2 beers", "en", ["09-11"]),
    ("Dec. 7 tiki night", "en", ["12-07"]),
    ("2nd October whisky tasting", "en", ["10-02"]),
    ("8月15日はビール半額", "ja", ["08-15"]),
    ("12月13日啤酒狂欢夜", "zh", ["12-13"]),
    ("6월 6일 맥주 파티", "ko", ["06-06"]),
    ("Ngày 27 tháng 7: bia tươi", "vi", ["07-27"]),
    ("2 de novembro: chopp", "pt", ["11-02"]),
    ("10 Kasım akşamı", "tr", ["11-10"]),
])
def test_dates_stated(text: str, lang: str, days: list[str]) -> None:
    assert [d for _, d in stated_dates(text, lang)] == days


@pytest.mark.parametrize(("text", "lang"), [
    ("Pinte à 6,50 € et 3.5 % de réduction", "fr"),  # prices and rates are no dates
    ("May we suggest a glass of red?", "en"),  # "May" with no day
    ("Open 11/9 to midnight", "en"),  # en writes the month first: numeric dates are not read in English
    ("45.000 TL, 1.200 TL kişi başı", "tr"),
])
def test_no_dates(text: str, lang: str) -> None:
    assert stated_dates(text, lang) == []


def test_days_are_validated() -> None:
    base = {"id": "x.alcohol.t", "type": "drink_day", "category": "alcohol", "severity": "warn", "message": "m",
            "source": {"name": "s"}, "near": ["beer"]}
    assert DrinkDayRule.model_validate({**base, "days": ["08-01 Godzina W"]}).days == ["08-01 Godzina W"]
    with pytest.raises(ValueError):
        DrinkDayRule.model_validate({**base, "days": ["8/1 Godzina W"]})
