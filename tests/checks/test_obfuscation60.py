"""What a user sees from checks-restA60 (issue 9): a swear word disguised at its edge or spaced out around "ß"
is read as the word; a German or Dutch swear stem inside a compound is profanity; an English sentence around a
Korean or Chinese business name is a language finding in those markets; a rude vocative (lan, يا ولد, अबे) is a
formality finding on its own; and the clean near-misses stay quiet.
Lines are my own, none a corpus line."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine
from studio.checks.normalize import deobfuscate, normalize


@pytest.mark.parametrize(
    "text,want",
    [
        ("¡Qué c0ñ0 de ofertas!", "¡Qué coño de ofertas!"),  # the edge digit of a word disguised inside too
        ("m3rd4 alors", "merda alors"),
        ("mp3 player", None),  # a name with a digit: nothing disguised
        ("4K TV", None),
        ("A4 paper, H2O bottles", None),
    ],
)
def test_leet_at_the_word_edge(text, want):
    assert deobfuscate(text) == want


@pytest.mark.parametrize(
    "text,want",
    [
        ("S c h e i ß e, so billig!", "scheisse, so billig!"),  # ß casefolds to "ss" inside the spaced-out word
        ("f r e e delivery", "free delivery"),
        ("Class A B C ss", "class abc ss"),  # a trailing "ss" is no letter of the spaced-out run
    ],
)
def test_spaced_letters_with_sharp_s(text, want):
    assert normalize(text).text == want


def _findings(locale: str, text: str) -> list:
    return get_check_engine().check_many([CheckInput(id="t", locale=locale, kind="copy", text=text)])[0]


@pytest.mark.parametrize(
    "locale,text,category,rule",
    [
        ("de-DE", "Kein Bock auf Drecksscheißwetter? Regenjacken im Angebot", "profanity", "de.profanity.compound_part60"),
        ("de-DE", "Schluss mit Kackpreisen beim Handytarif", "profanity", "de.profanity.compound_part60"),
        ("nl-NL", "Teringlekkere frikandellen bij Snackbar Joop", "profanity", "nl.profanity.disease_prefix60"),
        ("es-ES", "¡Qué c0ñ0 de ofertas! Solo hoy", "profanity", None),
        ("ko-KR", "서울베이커리 New menu is here, come and try it", "language", "global.language.english_sentences59"),
        ("zh-CN", "小林咖啡 New coffee menu is here, come and try it today", "language", "global.language.english_sentences59"),
        ("tr-TR", "Bu fırsatı kaçırma lan, stoklar sınırlı", "formality", "tr.formality.rude_vocative60"),
        ("ar-SA", "يا ولد تعال شوف العروض الجديدة", "formality", "gcc.formality.rude_vocative60"),
        ("hi-IN", "अबे, जल्दी आ और सेल देख", "formality", "hi.formality.rude_vocative60"),
    ],
)
def test_finding_shown(locale, text, category, rule):
    found = [f for f in _findings(locale, text) if f.category == category]
    assert found and all(str(f.severity) == "warn" for f in found)
    if rule:
        assert rule in {f.rule for f in found}


@pytest.mark.parametrize(
    "locale,text,category",
    [
        ("de-DE", "Kakaobohnen aus fairem Handel, jetzt im Hofladen", "profanity"),
        ("de-DE", "Seminar gegen Human Trafficking: jetzt anmelden", "profanity"),
        ("nl-NL", "Teringen en andere longziekten: lees de folder", "profanity"),
        ("ko-KR", "서울베이커리 신메뉴 출시! Fresh & Tasty", "language"),  # Korean copy with an English slogan
        ("zh-CN", "小林咖啡：新品上市，Enjoy your coffee", "language"),  # the Chinese carries the message
        ("ko-KR", "HAPPY HOUR 매일 오후 5시, 서울베이커리", "language"),
        ("tr-TR", "LAN kablosu ve modem kurulumu ücretsiz", "formality"),
        ("ar-AE", "يا بنات، لا تفوتن التخفيضات", "formality"),
        ("hi-IN", "अरे, जल्दी आइए और सेल देखिए", "formality"),
    ],
)
def test_clean_near_miss_quiet(locale, text, category):
    assert not [f for f in _findings(locale, text) if f.category == category and str(f.severity) != "info"]
