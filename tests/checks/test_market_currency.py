"""The foreign-currency rules of every market are what scripts/currency_rules.py makes from CLDR:
a hand edit of a generated file (or a new market in locales/) without re-running it is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules.loader import LoadedRule
from studio.checks.rules.types import PatternRule
from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script():
    return load_script("currency_rules")


def test_every_market_has_its_generated_currency_rule() -> None:
    gen = _script()
    markets = gen.markets()
    assert len(markets) >= 23
    currencies = sorted(set(markets.values()))
    for market, own in markets.items():
        path = ROOT / "cultural_rules" / market / "currency.yaml"
        assert path.is_file(), f"{path}: run scripts/currency_rules.py"
        shipped = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"][0]
        assert shipped == gen.rule(market, own, currencies), f"{path} differs from its generator: run scripts/currency_rules.py"


@pytest.mark.parametrize("market,text,fires", [
    ("ar-AE", "كل الألعاب بـ 49 ريال سعودي فقط", True),
    ("ar-SA", "ساعات ذكية ابتداءً من ٩٩ دولار", True),          # the bare unit after the number
    ("pt-BR", "Fones de ouvido por 79 dólares", True),
    ("fr-CA", "Des bottes d'hiver à 99 dollars", False),        # the market's own dollar
    ("en-US", "Sneakers from 99 dollars", False),
    ("en-GB", "Spend over €50 and get free delivery", True),
    ("es-MX", "Envío gratis en compras mayores a 50 euros", True),
    ("en-GB", "Spend over £50 and get free delivery", False),
    ("de-DE", "Tickets für die Euro 2028 gewinnen", False),  # a name before a number is not a price
    ("en-US", "Try 3 flavours for $5", False),  # "TRY" is the lira's code only in capitals, and not kept
    ("ja-JP", "今なら¥980から", False),  # the market's own symbol
])
def test_a_price_in_another_markets_currency(market: str, text: str, fires: bool) -> None:
    data = yaml.safe_load((ROOT / "cultural_rules" / market / "currency.yaml").read_text(encoding="utf-8"))
    rule = PatternRule.model_validate(data["rules"][0])
    checker = LocaleChecker(market, [LoadedRule(rule, market, "currency.yaml:1")])
    found = checker.check(CheckInput(id="x", locale=market, text=text, kind="copy"))
    assert bool(found) is fires
