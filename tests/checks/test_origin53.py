"""A marked place claim (checks-origin53, r53-origin): a place or demonym of global.origin.claim_made_elsewhere's table
beside a marker ("asli", "echt", "100 %", "DOP", "Genuine") claims its region or country, and production, an origin
label, a source or an origin form elsewhere takes it back; a style, a material, a cuisine cooked in the copy's own
kitchen, packing elsewhere or the same region stays clean. Lines written for the test, none a corpus line."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

RULE = "global.origin.claim_made_elsewhere"


@lru_cache(maxsize=1)
def _rule():
    return load_rules(Path(get_settings().rules_dir)).by_id[RULE]


def _alerts(text: str, locale: str) -> bool:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return any(f.rule == RULE for f in LocaleChecker(locale, [_rule()]).check(item))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Kripik asli Malang, diproduksi di Bekasi.", "id-ID"),  # a region's city against another region's
        ("Vinho 100% catarinense (uvas do Chile).", "pt-BR"),  # a demonym under 100 %, a source abroad
        ("Echter Pfälzer Saumagen – hergestellt in Polen.", "de-DE"),  # a demonym after a marker
        ("Vera 'nduja calabrese, prodotta in Spagna.", "it-IT"),  # the noun between marker and demonym
        ("Hakiki Rize çayı (Gürcistan menşeli).", "tr-TR"),  # a Turkish source after the place
        ("100% 국내산 들기름 (들깨 일부 캐나다산)", "ko-KR"),  # a CJK origin form from CLDR
        ("Authentic Japanese knives – forged in China.", "en-US"),  # a country's adjective as the claim
    ],
)
def test_a_marked_place_claim_is_taken_back_by_another_place(text, locale):
    assert _alerts(text, locale)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Kripik asli Malang, diproduksi di Malang dan dikemas di Jakarta.", "id-ID"),  # made where claimed; packing is its own step
        ("Japanese-style knives, forged in China.", "en-US"),  # a style
        ("Pure Merino wool socks from Australian farms, knitted in Portugal.", "en-GB"),  # no marked place
        ("Pure New Zealand wool throws, woven in Wales.", "en-GB"),  # a material's origin
        ("Authentic Thai green curry, cooked fresh in our Manchester kitchen.", "en-GB"),  # a cuisine
        ("Echter Pfälzer Saumagen, mit Gewürzen aus Indien.", "de-DE"),  # an ingredient named as such
        ("Camiseta oficial Real Madrid, fabricada en Tailandia.", "es-ES"),  # a name, not a marker
    ],
)
def test_a_style_a_material_a_cuisine_or_the_same_place_is_not_taken_back(text, locale):
    assert not _alerts(text, locale)
