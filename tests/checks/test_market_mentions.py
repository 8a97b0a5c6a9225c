"""Copy that mentions a sensitive subject without the violation: a free prize draw beside gambling words,
a royal birthday wish beside the King's title. The shipped market packs must leave it clean and still
flag the violation written beside it."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine


def _fires(rule_id: str, locale: str, text: str) -> bool:
    return bool(get_check_engine().check_rule(rule_id, CheckInput(id="x", locale=locale, kind="copy", text=text)))


@pytest.mark.parametrize("rule_id,locale,text,fires", [
    ("fr.gambling.warning", "fr-FR", "Grand jeu concours sans mise : tentez de gagner un jackpot !", False),
    ("fr.gambling.warning", "fr-FR", "Misez sur la finale au casino en ligne !", True),
    ("fr.gambling.warning", "fr-FR", "Première mise remboursée, sans mise minimum, au casino !", True),
    ("es.gambling.warning", "es-ES", "Sorteo gratuito sin apuesta: gana un viaje a Canarias con el bingo.", False),
    ("es.gambling.warning", "es-ES", "Apuesta 10 € en el casino online y gana el doble.", True),
    ("de.gambling.warning", "de-DE", "Lotto-Party ohne Einsatz, kostenlose Teilnahme, Hauptpreis ein Fahrrad.", False),
    ("de.gambling.warning", "de-DE", "Sportwetten ohne Risiko: Einsatz zurück bei Verlust!", True),
    ("nl.gambling.ban", "nl-NL", "Winactie zonder inzet: maak kans op de jackpot!", False),
    ("nl.gambling.ban", "nl-NL", "Online casino: verdubbel je inzet vandaag!", True),
])
def test_a_free_prize_draw_is_no_bet(rule_id: str, locale: str, text: str, fires: bool) -> None:
    assert _fires(rule_id, locale, text) is fires


@pytest.mark.parametrize("text,fires", [
    ("ทรงพระเจริญ ขอพระองค์ทรงพระเจริญยิ่งยืนนาน ในหลวง รัชกาลที่ 10", False),
    ("Long live the King! Thai king birthday celebration at the city hall", False),
    ("โปสเตอร์ทรงพระเจริญ พระราชินี เนื่องในวันแม่แห่งชาติ", False),
    ("โปรดร่วมลงนามถวายพระพร พระบาทสมเด็จพระเจ้าอยู่หัว ในหลวง รัชกาลที่ 10", False),
    ("ซื้อเลย! เสื้อยืดลายในหลวง ราคาพิเศษ 199 บาท", True),
    ("The Thai king's favourite coffee, now 30% off!", True),
    ("ล้อเลียนพระราชินี มีมตลกๆ ขำๆ", True),
    ("โปรโมชั่นราชวงศ์ ลดแรง ซื้อ 1 แถม 1", True),
])
def test_the_king_may_be_wished_well_but_not_sold_with(text: str, fires: bool) -> None:
    assert _fires("th.royal.institution", "th-TH", text) is fires
