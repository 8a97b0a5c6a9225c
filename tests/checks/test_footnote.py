"""``footnote`` (studio/checks/rules/types/footnote.py): a "free" or a price that carries a reference mark,
read together with its note (cultural_rules/global/footnotes.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings
from studio.core.errors import RuleError

FREE = "global.free.footnote_condition"
PRICE = "global.price.footnote_condition"


@cache
def _rule(rid: str):
    return load_rules(Path(get_settings().rules_dir)).by_id[rid]


def _findings(rid: str, text: str, locale: str = "en-US"):
    rule = _rule(rid)
    return [
        f
        for f in LocaleChecker(locale, [rule]).check(CheckInput(id="t", locale=locale, kind="copy", text=text))
        if f.rule == rid
    ]


@pytest.mark.parametrize(
    ("text", "locale", "said", "why"),
    [
        ("Weekend spa day FREE*", "en-GB", "FREE*", "not in the copy"),
        ("Lavage offert !*\n*pour tout achat d'un forfait entretien", "fr-FR", "offert !*", "'pour tout achat'"),
        (
            "Zweite Nacht gratis*\n*Kurtaxe und Pflichtfrühstück 18 € pro Nacht obligatorisch",
            "de-DE",
            "gratis*",
            "obligatorisch",
        ),
    ],
)
def test_a_free_whose_note_is_missing_or_charges_is_pointed_at(text, locale, said, why):
    (f,) = _findings(FREE, text, locale)
    assert text[f.start : f.end] == said and why in f.message and f.severity == "warn"


def test_a_free_headline_without_a_mark_is_read_with_the_notes_of_the_copy():
    text = "पहले दो महीने मुफ़्त! 📺\n*₹199 इंस्टॉलेशन शुल्क लागू"
    (f,) = _findings(FREE, text, "hi-IN")
    assert text[f.start : f.end] == "मुफ़्त" and "conditional" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "Free delivery*\n*on orders over £40",
        "Free taster class*\n*no obligation, no fees",
        "Gratis proefles\n*prijzen inclusief btw",
        "Free parking for guests",
    ],
)
def test_an_honest_note_or_no_mark_leaves_free_clean(text):
    assert _findings(FREE, text) == []


def test_a_price_whose_note_adds_a_compulsory_fee_is_flagged_and_one_whose_note_includes_it_is_not():
    assert _findings(PRICE, "Cabin from $89*\n*plus a $30 mandatory cleaning fee per stay")
    assert _findings(PRICE, "Cabin from $89*\n*per night, cleaning and all fees included") == []
    assert _findings(PRICE, "Sneakers 59,99 €*\n*zzgl. Versandkosten", "de-DE") == []


def test_a_rule_that_could_never_fire_is_refused_at_load(tmp_path):
    (tmp_path / "global").mkdir()
    rules = Path(get_settings().rules_dir) / "global" / "categories.yaml"
    (tmp_path / "global" / "categories.yaml").write_text(rules.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "global" / "x.yaml").write_text(
        "pack: global\nrules:\n  - id: global.free.x\n    type: footnote\n    category: free_claim\n    severity: warn\n"
        "    message: m\n    source: {name: s}\n    claim: ['free']\n    missing: false\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=r"x\.yaml:\d+.*missing: true or conditions"):
        load_rules(tmp_path)
