"""checks-comparative61 (issue 9): a gift with a purchase read against the condition the input states
(`free_condition`), and a competitor in one clause set against the advertiser in the next (`contrast`).

What a user notices: "free" whose condition is a footnote, a commitment (a deposit, instalments, a contract), a
threshold or a drink is still a free_claim warning (global.free.with_purchase); a gift stated plainly with an ordinary
purchase, or one the copy says has no condition, stays quiet. A competitor named as a class or by where it stands,
then the advertiser in the next clause ("Rakip firmaların ürünleri ..., bizimkiler ..."; "他社の...。Xなら...") is a
comparative warning (global.comparative.rival_then_us61), while "we stock other brands" and a list without a turn stay
quiet."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine

FREE = "global.free.with_purchase"
CONTRAST = "global.comparative.rival_then_us61"


def _rules(text: str, locale: str) -> dict[str, tuple[str, str]]:
    found = get_check_engine().check(CheckInput(id="t", locale=locale, kind="copy", text=text))
    return {f.rule: (f.category, f.severity) for f in found}


@pytest.mark.parametrize("text,locale", [
    ("Free wireless earbuds!* *With purchase of any phone on a 24-month contract.", "en-GB"),  # footnote
    ("Auricolari in omaggio con l'acquisto di uno smartphone a rate.", "it-IT"),  # instalments bind the buyer
    ("Gratis Thermobecher ab 60 € Einkaufswert.", "de-DE"),  # a threshold
    ("Tặng miễn phí nồi chiên khi mua từ 3 sản phẩm trở lên.", "vi-VN"),  # a minimum quantity
    ("Bira alana çerez bedava!", "tr-TR"),  # a gift tied to buying alcohol
])
def test_free_with_a_binding_or_hidden_condition_is_warned(text: str, locale: str) -> None:
    assert _rules(text, locale).get(FREE) == ("free_claim", "warn")


@pytest.mark.parametrize("text,locale", [
    ("Suco grátis na compra de qualquer salgado.", "pt-BR"),  # any ordinary purchase, said with the claim
    ("Darmowa kawa przy zakupie w naszej piekarni.", "pl-PL"),
    ("Kostenlose Brezel zu jedem Frühstück – ohne Mindestbestellwert.", "de-DE"),  # "no minimum" stated
    ("무료 포장 서비스 (구매 고객 전원, 조건 없음)", "ko-KR"),  # "no condition" stated
])
def test_free_with_a_plain_ordinary_purchase_stays_quiet(text: str, locale: str) -> None:
    assert FREE not in _rules(text, locale)


@pytest.mark.parametrize("text,locale", [
    ("Rakip firmaların halıları çabuk soluyor, bizimkiler yıllarca parlak.", "tr-TR"),
    ("Karşıdaki fırının simidi öğlen bayatlıyor, bize gelin.", "tr-TR"),
    ("他社の洗剤は手が荒れる。ハナミズなら毎日でも安心。", "ja-JP"),
    ("Die Konkurrenz lässt dich warten. Bei uns kommt der Techniker heute.", "de-DE"),
])
def test_competitor_then_advertiser_is_comparative(text: str, locale: str) -> None:
    assert _rules(text, locale).get(CONTRAST) == ("comparative", "warn")


@pytest.mark.parametrize("text,locale", [
    ("We stock other brands too, and ours are on the top shelf.", "en-GB"),
    ("Compatible with other brands' cartridges: order yours here.", "en-GB"),
    ("他社製品も修理対応。お得な点検パックあり。", "ja-JP"),
])
def test_no_contrast_stays_quiet(text: str, locale: str) -> None:
    assert CONTRAST not in _rules(text, locale)

