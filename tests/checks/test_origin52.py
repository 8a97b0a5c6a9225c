"""origin_claim and comparative composed over shared lexicons (checks-origin52, issue 9): the shipped engine reads a
local claim beside "imported", competitors as a group set below the product or run down, and a rival named beside a
superiority word, in lines written apart from the rules' own examples; and leaves the lawful forms alone (a shop that
sells local and imported fruit, a product compatible with other brands, the per-ingredient origin label)."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine

ALERT = ("warn", "block")


def _findings(locale: str, text: str):
    return get_check_engine().check(CheckInput(id="1", locale=locale, kind="copy", text=text))


@pytest.mark.parametrize(("category", "locale", "text"), [
    ("origin_claim", "en-GB", "Home-grown Kentish apples, imported from New Zealand out of season."),
    ("origin_claim", "de-DE", "Regionale Zutaten für unser Püree – die Kartoffeln sind importiert aus Ägypten."),
    ("origin_claim", "it-IT", "Pomodori a km zero, importati dalla Tunisia per la nostra passata."),
    ("origin_claim", "ko-KR", "우리 농산물로 만든 김치, 배추는 중국산입니다."),
    ("comparative", "fr-FR", "Nos forfaits sont moins chers que ceux des autres opérateurs."),
    ("comparative", "es-MX", "A diferencia de otras marcas, nuestros pañales no irritan."),
    ("comparative", "nl-NL", "Andere aanbieders rekenen je blauw; wij zijn gewoon goedkoper."),
    ("comparative", "zh-CN", "别家都是垃圾货，我们家才是正品。"),
    ("comparative", "tr-TR", "Diğer firmalardan daha ucuz, hem de aynı gün kargo."),
    ("comparative", "en-IN", "Rapido se sasta, roz ka safar!"),
])
def test_the_class_is_read_however_it_is_phrased(category, locale, text):
    assert category in {f.category for f in _findings(locale, text) if f.severity in ALERT}


@pytest.mark.parametrize(("locale", "text"), [
    ("en-GB", "Compatible with other brands' capsules – better coffee every morning."),
    ("en-GB", "Locally grown and imported fruit, fresh at our stall every day."),
    ("ja-JP", "国産牛と輸入牛、どちらもご用意しています。"),
    ("ko-KR", "국내산 쌀 사용 / 원산지: 쌀 국내산, 고춧가루 중국산"),
    ("it-IT", "Più veloce dell'anno scorso: la nuova versione dell'app."),
])
def test_the_lawful_forms_stay_clean(locale, text):
    assert not [f.rule for f in _findings(locale, text) if f.rule.endswith("52") and f.severity in ALERT]
