"""A protected name and a region named on its produce (checks-origin54, r54-origin): a geographical indication
("神戸ビーフ", "Malatya kayısısı", "西湖龙井") or a region's place beside a produce word ("Kent strawberries", "Lavande
de Provence", "瀬戸内レモン") claims that region, and a note naming another place as the source takes it back; the
honest forms stay clean (the region's own places, an ingredient's origin in the same sentence, per-ingredient origin
labels, a thing named after the GI that is not the product). And the style composition: a protected name with
"style", "type", "風", "风格". Lines written for the test, none a corpus line."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

RULE = "global.origin.claim_made_elsewhere"
STYLE = "global.origin.protected_name_style54"


@lru_cache(maxsize=1)
def _rules():
    return load_rules(Path(get_settings().rules_dir)).by_id


def _alerts(text: str, locale: str, rule: str = RULE) -> bool:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return any(f.rule == rule for f in LocaleChecker(locale, [_rules()[rule]]).check(item))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Somerset cider apples, pressed today. (Apples grown in Poland.)", "en-GB"),  # a region's produce, grown elsewhere
        ("Moules de Bretagne au cidre. *Origine des moules : Irlande", "fr-FR"),  # produce, link, region; an origin label
        ("宇治抹茶ラテ ※抹茶は中国産", "ja-JP"),  # a region's produce in CJK, an origin form in a note
        ("松阪牛入りコロッケ。※牛肉はオーストラリア産", "ja-JP"),  # a protected name, an origin form in a note
        ("正宗五常大米（来自泰国）", "zh-CN"),  # a protected name, a bare CLDR country name after a source word
        ("Rize çayı, demlik poşet. (Ürün Gürcistan menşelidir.)", "tr-TR"),  # the copula on the Turkish source word
        ("ทุเรียนนนท์ หอมมัน (*นำเข้าจากมาเลเซีย)", "th-TH"),  # a Thai GI; a Thai source word with no space after
        ("Kopi Gayo pilihan, diproduksi dan dikemas di Lampung.", "id-ID"),  # steps joined by "dan" share their place
    ],
)
def test_a_protected_name_or_a_regions_produce_is_taken_back_by_another_place(text, locale):
    assert _alerts(text, locale)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Somerset cider apples, pressed in Taunton.", "en-GB"),  # no other place
        ("Somerset apples with cinnamon from Sri Lanka.", "en-GB"),  # an ingredient named as such
        ("Risotto con zafferano di Sardegna e riso dalla Lombardia.", "it-IT"),  # two ingredients, one sentence
        ("米: 新潟産100%、小豆: 北海道産", "ja-JP"),  # two regions of one country
        ("쌀: 경기 이천산 100%, 팥: 중국산", "ko-KR"),  # per-ingredient origin labels
        ("Champagne flutes, made in the Czech Republic.", "en-GB"),  # a thing named after the GI
        ("French beans grown in Kenya.", "en-GB"),  # a country's name on produce: a variety, never marked
    ],
)
def test_the_honest_forms_stay_clean(text, locale):
    assert not _alerts(text, locale)


@pytest.mark.parametrize(
    ("text", "locale", "hit"),
    [
        ("Champagne-style sparkling wine from Surrey.", "en-GB", True),
        ("Formaggio tipo Grana Padano, prodotto in Germania.", "it-IT", True),
        ("国産シャンパン風スパークリング", "ja-JP", True),
        ("Italian-style sparkling wine from Surrey.", "en-GB", False),
        ("Champagne, brut, vintage 2015, Épernay.", "fr-FR", False),
    ],
)
def test_a_protected_name_with_style_words(text, locale, hit):
    assert _alerts(text, locale, STYLE) is hit
