"""The readers of checks-comparative59: a reference price read against what the input states (``reference_stated``)
and the price asked against a stated ceiling (``ceiling``). Every line here was written for these tests."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.locale_checker import LocaleChecker
from studio.checks.rules import load_rules
from studio.checks.rules.types.reference_stated import prices_reduction, stated_reductions
from studio.core.config import get_settings

FORMER = "global.price.former_price"
CEILING = "global.price.above_stated_ceiling59"


@pytest.fixture(scope="module")
def rules():
    return load_rules(get_settings().rules_dir).by_id


def fired(rules, rid: str, text: str, locale: str, facts: list[str] | None = None) -> bool:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text, meta={"facts": facts} if facts else {})
    return any(f.rule == rid for f in LocaleChecker(locale, [rules[rid]]).check(item))


def test_stated_reductions_read_each_form():
    assert stated_reductions("30% off") == [30.0]
    assert stated_reductions("%20 indirim") == [20.0]
    assert stated_reductions("钢笔8折") == [20.0]
    assert stated_reductions("3割引") == [30.0]


def test_prices_reduction_reads_the_locale_and_needs_two_amounts():
    assert round(prices_reduction("was $120, now $84", "en-US") or 0) == 30
    assert round(prices_reduction("1.500.000đ, còn 1.200.000đ", "vi-VN") or 0) == 20
    assert prices_reduction("only $84", "en-US") is None


def test_the_briefs_facts_explain_the_reference(rules):
    text = "Blender: regular price $200, now $80."
    assert fired(rules, FORMER, text, "en-US")
    assert not fired(rules, FORMER, text, "en-US", facts=["Regular price $200 charged from 1 to 30 September 2026."])


def test_an_honest_percentage_explains_it_outside_the_strict_markets_only(rules):
    assert not fired(rules, FORMER, "Kettle: 60% off, was $100, now $40.", "en-US")
    assert fired(rules, FORMER, "Kettle: 60% off, was $100, now $45.", "en-US")  # the percentage is not what the prices give
    assert fired(rules, FORMER, "Çaydanlık %60 indirim: 100 TL yerine 40 TL.", "tr-TR")  # strict: the 30-day price only


def test_a_countdown_keeps_an_explained_reference(rules):
    assert not fired(rules, FORMER, "Was $300, now $120 until 30 November.", "en-US")
    assert fired(rules, FORMER, "Was $300, now $120 until 30 November – today only!", "en-US")


def test_the_price_asked_above_a_stated_ceiling(rules):
    assert fired(rules, CEILING, "Ghee 1 kg: MRP ₹650, our price ₹690", "en-IN")
    assert not fired(rules, CEILING, "Ghee 1 kg: MRP ₹650, our price ₹590", "en-IN")
    assert fired(rules, CEILING, "Kettle was $30, now $34!", "en-US")
