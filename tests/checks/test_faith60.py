"""checks-faith60: what a user sees from the religion reader's new uses (a holy figure made a mascot, or the measure of
a bargain by a particle that governs it), a figure named by its epithet, a cross described on what is trodden, and the
market pork rules reading a stated absence (cultural_rules/global/religion59.yaml, ms-MY/tr-TR/gcc packs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

RULES = Path(get_settings().rules_dir)
RID = "global.religion.sacred_on_merch59"


def _findings(rid: str, text: str, locale: str):
    rule = load_rules(RULES).by_id[rid]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return [f for f in LocaleChecker(locale, [rule]).check(item) if f.rule == rid]


@pytest.mark.parametrize("text,locale,use", [
    ("Our brand character is back: a cartoon Krishna dancing on every coupon", "en-IN", "mascot"),
    ("Even the Virgin Mary would switch to our broadband at this price", "en-GB", "even"),
    ("Ni la Guadalupana se resiste a nuestras ofertas del Buen Fin", "es-MX", "even"),
    ("Fußabtreter mit einem Kreuz in Gold, nur 12 €", "de-DE", "trodden"),
])
def test_the_figure_and_its_use_are_named_in_the_finding(text, locale, use):
    found = _findings(RID, text, locale)
    assert found, text
    f = found[0]
    assert f.category == "religion" and f.severity == "warn"
    assert f" as {use}:" in f.message
    assert f.suggestion and f.source


@pytest.mark.parametrize("text,locale", [
    ("Even the children's choir sings at our Christmas market, entry free", "en-GB"),   # no figure after "even"
    ("Notre mascotte, un petit renard roux, distribue les bons de réduction", "fr-FR"),  # a mascot, no figure
    ("Pendentif une croix en argent, chaîne fine, 39 €", "fr-FR"),                        # a cross worn, not trodden
    ("Even the Prophet's birthday is a day of prayer and charity in our community", "en-GB"),  # no offer word
])
def test_the_clean_near_miss_stays_quiet(text, locale):
    assert not _findings(RID, text, locale)


def test_a_particle_counts_only_right_before_the_figure():
    # "even" opens the sentence but governs "our prices", not the figure named eight words later
    assert not _findings(RID, "Even our prices bow to tradition this Diwali, when families pray to Lakshmi", "en-IN")


@pytest.mark.parametrize("rid,text,locale", [
    ("ms.dietary.pork", "Kek lapis kami tanpa lemak babi, tanpa alkohol", "ms-MY"),
    ("tr.dietary.pork", "Sucuklarımızda domuz eti ve alkol kullanılmaz", "tr-TR"),
    ("gcc.pork", "حلويات خالية من جيلاتين الخنزير", "ar-SA"),
])
def test_a_stated_absence_is_no_pork(rid, text, locale):
    assert not _findings(rid, text, locale)


@pytest.mark.parametrize("rid,text,locale", [
    ("ms.dietary.pork", "Kek lapis dengan lemak babi, resipi asli", "ms-MY"),
    ("tr.dietary.pork", "Domuz eti ve dana karışımı sucuk, yeni", "tr-TR"),
    ("gcc.pork", "حلويات بجيلاتين الخنزير، توصيل مجاني", "ar-SA"),
])
def test_pork_that_is_there_still_warns(rid, text, locale):
    found = _findings(rid, text, locale)
    assert found and found[0].category == "dietary"
