"""A tax added on top of a price (cultural_rules/global/claims.yaml, global.price.drip_tax): drip pricing where the law
asks for tax-inclusive prices, the ordinary quote in the United States and Canada, where sales tax is the state's or
the province's (16 CFR 464, Competition Act s. 74.01(1.1)); a fee added on top is drip pricing everywhere."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine


def _drip(locale: str, text: str) -> set[str]:
    found = get_check_engine().check(CheckInput(id="x", locale=locale, text=text, kind="copy"))
    return {f.rule for f in found if f.category == "price" and f.severity in ("warn", "block") and ".drip" in f.rule}


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-US", "Kayak tour, 2 hours, $65 plus tax. Life jackets included."),
        ("fr-CA", "Atelier de poterie : 3 h, 80 $ + taxes, matériel inclus."),
    ],
)
def test_sales_tax_on_top_is_the_ordinary_quote_in_the_us_and_canada(locale, text):
    assert _drip(locale, text) == set()


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en-GB", "Kayak tour, 2 hours, £65 + VAT. Life jackets included."),
        ("es-ES", "Taller de cerámica: 3 h, 80 € + IVA, material incluido."),
        ("en-US", "Lake cabin from $129/night + taxes and fees."),
        ("fr-CA", "Billets 59 $ + frais de service."),
    ],
)
def test_a_tax_where_prices_must_include_it_or_a_fee_anywhere_is_drip_pricing(locale, text):
    assert _drip(locale, text)
