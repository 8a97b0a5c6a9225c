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


def _write_rule(tmp_path: Path, text: str) -> None:
    """A rules folder holding the global categories and one rule file, x.yaml, loaded as a rule file is."""
    (tmp_path / "global").mkdir()
    rules = Path(get_settings().rules_dir) / "global" / "categories.yaml"
    (tmp_path / "global" / "categories.yaml").write_text(rules.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "global" / "x.yaml").write_text(text, encoding="utf-8")


def test_a_rule_that_could_never_fire_is_refused_at_load(tmp_path):
    _write_rule(
        tmp_path,
        "pack: global\nrules:\n  - id: global.free.x\n    type: footnote\n    category: free_claim\n    severity: warn\n"
        "    message: m\n    source: {name: s}\n    claim: ['free']\n    missing: false\n",
    )
    with pytest.raises(RuleError, match=r"x\.yaml:\d+.*missing: true or conditions"):
        load_rules(tmp_path)



def _rule_with_note_unless(tmp_path: Path, unmarked: bool):
    """A footnote rule with ``unless`` and ``note_unless``, loaded as a rule file is."""
    _write_rule(
        tmp_path,
        "pack: global\nrules:\n  - id: global.dietary.x\n    type: footnote\n    category: dietary\n"
        "    severity: warn\n    message: m\n    source: {name: s}\n    claim: ['vegan']\n    missing: false\n"
        f"    unmarked: {str(unmarked).lower()}\n    conditions: ['beef|gelatine']\n    unless: ['may contain']\n"
        "    note_unless: ['\\bno\\b[^.\\n]{0,20}(?:beef|gelatine)']\n",
    )
    return load_rules(tmp_path).by_id["global.dietary.x"]


@pytest.mark.parametrize("unmarked", [False, True])
def test_note_unless_reads_the_note_alone_and_unless_reads_the_line_too_whether_or_not_the_claim_is_marked(
    tmp_path, unmarked
):
    """``unless`` and ``note_unless`` decide in one place for a marked claim and for an unmarked claim read with the
    copy's notes: a note that only rules the ingredient out clears the claim, one that names it does not, and
    ``note_unless`` words in the claim's own line clear nothing."""
    rule = _rule_with_note_unless(tmp_path, unmarked)
    mark = "" if unmarked else "*"

    def alerted(text: str) -> bool:
        item = CheckInput(id="t", locale="en-GB", kind="copy", text=text)
        return any(f.rule == "global.dietary.x" for f in LocaleChecker("en-GB", [rule]).check(item))

    assert alerted(f"Vegan gravy{mark}\n*made with beef stock")
    assert not alerted(f"Vegan gravy{mark}\n*no beef, no gelatine")
    assert not alerted(f"Vegan gravy{mark}\n*made with beef stock, may contain traces")
    # the note_unless words in the claim's own line while the note takes the label back: still a finding
    assert alerted(f"Vegan gravy, no beef{mark}\n*thickened with gelatine")


ENROL = "global.free.paid_enrolment_note"


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        # ※ straight after the sentence it annotates opens the note (Japanese typography), not a mark on the claim
        ("書道の体験教室は無料！※別途、入会金5,000円が必要です", "ja-JP"),
        ("书法体验课免费。※须先缴纳半年学费", "zh-CN"),
        # the same note on its own line, and the paid term told in a Romance language
        ("Clase de cerámica gratis*\n*con la matrícula anual del taller, 240 €", "es-MX"),
    ],
)
def test_a_free_lesson_whose_note_asks_for_a_paid_enrolment_is_pointed_at(text, locale):
    (f,) = _findings(ENROL, text, locale)
    assert text[f.start : f.end] in {"無料", "免费", "gratis*"} and "conditional" in f.message


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("書道の体験教室は無料！※要予約、定員10名", "ja-JP"),  # a note that asks for nothing paid
        ("書道の体験教室は無料！※入会金不要", "ja-JP"),  # the fee ruled out
        ("Clase de cerámica gratis*\n*sin matrícula, solo reserva tu lugar", "es-MX"),
        ("Taller abierto y gratuito*\n*inscripción previa en la web", "es-MX"),  # a free registration pays nothing
    ],
)
def test_a_free_lesson_with_an_honest_note_stays_clean(text, locale):
    assert _findings(ENROL, text, locale) == []


ORIGIN = "global.origin.note_names_another_place"


@pytest.mark.parametrize(
    ("text", "locale", "place"),
    [
        ("Rheingauer Riesling-Sekt\n*Grundwein aus Rheinhessen", "de-DE", "Rheinhessen"),
        ("梅酒、紀州産の南高梅で\n※原料梅は中国産を使用しています。", "ja-JP", "中国"),
        # the note on the claim's own line: its place is no part of what the claim names
        ("Mezcal de Oaxaca, edición especial* *destilado en Puebla", "es-MX", "Puebla"),
        # ※ straight after the closing bracket of a name opens the note
        ("紀州産の梅酒「紀の香」※原料梅は中国産を使用しています。", "ja-JP", "中国"),
    ],
)
def test_an_origin_note_naming_another_place_is_pointed_at(text, locale, place):
    (f,) = _findings(ORIGIN, text, locale)
    assert f.category == "origin_claim" and place in f.message


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Rheingauer Riesling-Sekt\n*Grundwein aus dem Rheingau", "de-DE"),
        ("梅酒、紀州産の南高梅で\n※原料梅は紀州産を使用しています。", "ja-JP"),
        ("Mezcal de Oaxaca, edición especial* *destilado en Oaxaca", "es-MX"),
        ("紀州産の梅酒「紀の香」※原料梅は紀州産を使用しています。", "ja-JP"),
    ],
)
def test_an_origin_note_naming_the_headlines_own_place_stays_clean(text, locale):
    assert _findings(ORIGIN, text, locale) == []


def test_elsewhere_without_a_place_group_is_refused_at_load(tmp_path):
    _write_rule(
        tmp_path,
        "pack: global\nrules:\n  - id: global.origin.x\n    type: footnote\n    category: origin_claim\n"
        "    severity: warn\n    message: m\n    source: {name: s}\n    claim: ['made in']\n    missing: false\n"
        "    elsewhere: true\n    conditions: ['made in \\\\w+']\n",
    )
    with pytest.raises(RuleError, match=r"x\.yaml:\d+.*\(\?P<place>"):
        load_rules(tmp_path)


BRACKETS = "global.free.purchase_condition_in_brackets"


@pytest.mark.parametrize(
    ("text", "locale", "said", "why"),
    [
        ("Ücretsiz fotoğraf çekimi! (Düğün paketi 40.000 TL satın alana)", "tr-TR", "Ücretsiz", "satın alana"),
        ("ล่องเรือฟรี! เงื่อนไข: ซื้อแพ็กเกจที่พักขั้นต่ำ 2 คืน", "th-TH", "ฟรี", "ซื้อแพ็กเกจ"),
    ],
)
def test_a_purchase_set_apart_in_brackets_or_under_a_label_is_read_as_the_note(text, locale, said, why):
    (f,) = _findings(BRACKETS, text, locale)
    assert text[f.start : f.end] == said and why in f.message



def test_a_bracket_after_a_marked_free_is_its_note():
    (f,) = _findings(BRACKETS, "Free helmet* (with any purchase over £300)", "en-GB")
    assert "with any purchase" in f.message
