"""The ``basis`` reader (studio/checks/rules/types/basis.py, checks-restB59): a superlative read against the substantiation
the input states, in the claim's neighbourhood, in a note of the copy or in the brief's facts."""

from __future__ import annotations

import pytest

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.engine import get_check_engine


def _fires(rule: str, locale: str, text: str, facts: list[str] | None = None) -> bool:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text, meta=AssetMeta(facts=facts))
    return bool(get_check_engine().check_rule(rule, item))


@pytest.mark.parametrize("text,facts,fires", [
    ("Britain's number one cider brand. Ice cold, all summer.", None, True),
    # the basis in a note below the claim
    ("Britain's number one cider brand*\n*NielsenIQ Scantrack, value sales, 52 w/e 4 Oct 2026", None, False),
    # the basis in the brief's facts
    ("Britain's number one cider brand. Ice cold, all summer.",
     ["Number one cider brand by value, NielsenIQ Scantrack, 52 w/e 4 Oct 2026"], False),
    # a fact that names no source is no basis
    ("Britain's number one cider brand. Ice cold, all summer.", ["Number one cider brand, 2026"], True),
])
def test_gb_superlative_read_against_its_basis(text: str, facts: list[str] | None, fires: bool) -> None:
    assert _fires("gb.claims.superlative", "en-GB", text, facts) is fires


def test_the_advertiser_is_no_source() -> None:
    assert _fires("global.claims.scoped_superlative", "es-MX", "Agencia de viajes #1 de México según nuestros clientes")
    assert not _fires("global.claims.scoped_superlative", "es-MX", "Agencia de viajes #1 de México según Kantar, 2025")


def test_korea_asks_the_period_too() -> None:
    # ko-KR: the survey body and its period (표시·광고 실증에 관한 운영고시); the rule's own unless words aside
    assert not _fires("ko.claims.absolute", "ko-KR", "국내 판매 1위 에어프라이어*\n*GfK, 2025년 1~12월 판매 수량")
    assert _fires("ko.claims.absolute", "ko-KR", "국내 판매 1위 에어프라이어! 지금 주문하세요")
