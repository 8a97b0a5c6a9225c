"""checks-comparative58: the two readers' own parts, without the engine (the rules' examples run in test_rule_examples)."""

from decimal import Decimal

import pytest

from studio.checks.rules.types.reduction import AMOUNT, ReductionRule, amount_value


@pytest.mark.parametrize(("raw", "locale", "value"), [
    ("1.299,00", "de-DE", Decimal("1299.00")),
    ("1,299", "en-IN", Decimal("1299")),
    ("1,50,000", "en-IN", Decimal("150000")),
    ("3,000", "ja-JP", Decimal("3000")),
    ("24,90", "pt-BR", Decimal("24.90")),
    ("45.000", "tr-TR", Decimal("45000")),
])
def test_amount_read_per_locale(raw: str, locale: str, value: Decimal) -> None:
    assert amount_value(raw, locale) == value


def test_amounts_found_with_their_currency() -> None:
    text = "statt 30,00 € nur 20,00 € | ₹1,299 | R$ 140 | 3,000円 | 45.000 TL | 40 %"
    found = [m.group("a") or m.group("b") for m in AMOUNT.finditer(text)]
    assert found == ["30,00", "20,00", "1,299", "140", "3,000", "45.000"]


def test_stated_reduction_forms() -> None:
    rule = ReductionRule.model_validate({
        "id": "x.price.test", "type": "reduction", "category": "price", "severity": "warn", "message": "m",
        "source": {"name": "s"}, "patterns": [r"(?P<p>\d{1,2})\s?%", r"(?P<zhe>\d(?:\.\d)?)折", r"(?P<wari>\d)割引",
                                             r"(?P<half>half price)"]})
    got = [rule.stated(m) for rx in rule.compiled for m in rx.finditer("40 % | 8.5折 | 3割引 | half price")]
    assert got == [40.0, 15.0, 30.0, 50.0]
