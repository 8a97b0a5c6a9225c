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


def _language_warned(locale: str, text: str) -> bool:
    item = CheckInput(id="x", locale=locale, kind="copy", text=text)
    return any(f.rule == "builtin.language" for f in get_check_engine().builtin(item))


@pytest.mark.parametrize("locale,text,warned", [
    ("hi-IN", "Yeh offer sirf aaj ke liye hai, jaldi karo aur order karo!", False),       # Hinglish
    ("hi-IN", "Naye phone par bumper discount, abhi khareedein!", False),
    ("en-IN", "Yeh Diwali, ghar laao naya TV. Offer sirf aaj tak!", False),
    ("hi-IN", "Eid Mubarak! Sabhi ko dher saari khushiyan.", False),
    ("en-IN", "Diwali ki shubhkamnayein!", False),                                         # borrowed greeting
    ("hi-IN", "Jetzt kaufen und sparen: alle Marken im Angebot!", True),                   # still wrong language
    ("hi-IN", "Découvrez notre nouvelle collection de printemps dès aujourd'hui en magasin.", True),
    ("hi-IN", "Happy Diwali! Shop now and save big on all your favourite brands", True),   # English beside it
    ("en-IN", "Compre agora e economize em todas as marcas favoritas.", True),
    ("ar-AE", "Pool day passes with lunch, this weekend only", False),                     # English: accepted
    ("ar-AE", "Скидки на все диваны до конца недели", True),                                # another script
    ("ar-AE", "Profitez de nos soldes d'été sur tous les canapés", True),                   # another language
    ("ar-SA", "Pool day passes with lunch, this weekend only", True),                      # accepted in ar-AE only
])
def test_copy_in_the_way_a_market_mixes_languages_is_its_own(locale: str, text: str, warned: bool) -> None:
    assert _language_warned(locale, text) is warned


@pytest.mark.parametrize("text,warned", [
    ("賞味期限：2026年12月", False),                 # kanji only, and Japanese
    ("原材料名：小麦粉、砂糖、植物油脂", False),
    ("期間限定 全品半額", False),
    ("这款产品质量很好，我们强烈推荐给你们", True),   # characters Japanese does not write: 这 们 产
    ("欢迎光临，全场商品八折优惠", True),
])
def test_kanji_only_lines_are_japanese_unless_they_hold_chinese_only_characters(text: str, warned: bool) -> None:
    assert _language_warned("ja-JP", text) is warned


@pytest.mark.parametrize("body,problem", [
    ("hi-IN:\n  mixes:\n    - {name: Hinglish, words: [hai, 'two words']}\n", "one word of letters"),
    ("hi-IN:\n  mixes:\n    - {name: Hinglish, words: [hai], min_words: 0}\n", "min_words"),
    ("hi-IN:\n  phrasse: [Eid Mubarak]\n", "phrasse"),
    ("Hindi:\n  phrases: [Eid Mubarak]\n", "not a locale code"),
    ("ar-AE:\n  accepts: [english]\n", "not one of the studio's languages"),
])
def test_a_bad_language_mixes_file_names_the_line_and_field(tmp_path, body: str, problem: str) -> None:
    from studio.checks.language import load_mixes
    from studio.core.errors import LocaleError

    path = tmp_path / "language_mixes.yaml"
    path.write_text("# mixes\n" + body, encoding="utf-8")
    with pytest.raises(LocaleError) as err:
        load_mixes(path)
    assert problem in str(err.value) and "language_mixes.yaml:" in str(err.value)


def test_the_shipped_language_mixes_load() -> None:
    from studio.checks.language import market_mixes

    mixes = market_mixes()
    assert {"hi-IN", "en-IN"} <= set(mixes)
    assert mixes["en-IN"].mixed_name("Offer sirf aaj ke liye hai") and not mixes["en-IN"].mixed_name("Offre spéciale par ici")
