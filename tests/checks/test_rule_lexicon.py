"""Named lexicons (cultural_rules/lexicons/, studio.checks.rules.lexicon): a rule that names one finds every word
of it, inflected in the word's own language and as the head of a German compound; a wrong lexicon or reference
fails the load at its file:line; the shipped alcohol rules find drinks only the shared lexicon names."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.engine import CheckEngine
from studio.checks.rules import load_rules
from studio.core.config import get_settings
from studio.core.errors import RuleError

RULE = """pack: global
rules:
  - id: global.alcohol.x
    type: terms
    category: alcohol
    severity: warn
    message: "m"
    source: {name: "s"}
    inflect: false
    terms: [%s]
    examples: {match: [], no_match: []}
"""
LEXICON = """lexicon: drinks
description: "d"
groups:
  - language: pl
    source: {name: "ustawa"}
    terms: %s
  - language: de
    source: {name: "VO 2019/787"}
    terms: ["obstler"]
    heads: ["schnaps"]
"""


def _tree(tmp_path: Path, terms: str = '"@lexicon:drinks", "kieliszek"', words: str = '["wódka", "nalewka"]') -> Path:
    (tmp_path / "global").mkdir()
    (tmp_path / "lexicons").mkdir()
    cats = Path(get_settings().rules_dir) / "global" / "categories.yaml"
    (tmp_path / "global" / "categories.yaml").write_text(cats.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "global" / "x.yaml").write_text(RULE % terms, encoding="utf-8")
    (tmp_path / "lexicons" / "drinks.yaml").write_text(LEXICON % words, encoding="utf-8")
    return tmp_path


def _found(root: Path, text: str, locale: str = "en-GB") -> bool:
    from studio.checks.asset import CheckInput

    engine = CheckEngine(load_rules(root), learned=False)
    return any(f.rule == "global.alcohol.x" for f in engine.check(CheckInput(id="1", locale=locale, kind="copy", text=text)))


def test_a_rule_naming_a_lexicon_finds_its_words_their_forms_and_compounds(tmp_path):
    root = _tree(tmp_path)
    assert _found(root, "Zimowa nalewka z aronii")
    assert _found(root, "Kieliszek na start")  # the rule's own word stays
    assert _found(root, "Po kolacji kieliszek wódki?")  # 'wódki': wódka inflected in Polish though the rule says inflect: false
    assert _found(root, "Ein Kräuterschnaps nach dem Essen", "de-DE")  # the head of a compound
    assert not _found(root, "Schnapsidee: ein Gutschein für alle", "de-DE")  # a head ends its word, it does not start one


@pytest.mark.parametrize(("terms", "words", "error"), [
    ('"@lexicon:drinkz"', '["wódka"]', "x.yaml:10: unknown lexicon '@lexicon:drinkz'"),
    ('"wódka"', '["wódka", "Wódka"]', "drinks.yaml:6: 'Wódka' is listed twice"),
    ('"wódka"', '["wódka", " "]', "drinks.yaml:6: groups[0].terms: Value error, lexicon words must not be blank"),
])
def test_a_wrong_lexicon_or_reference_fails_the_load_at_its_line(tmp_path, terms, words, error):
    with pytest.raises(RuleError) as exc:
        load_rules(_tree(tmp_path, terms, words))
    assert error in str(exc.value)


def test_exceptions_stay_with_the_rule(tmp_path):
    root = _tree(tmp_path)
    path = root / "global" / "x.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    examples:", '    exceptions: ["@lexicon:drinks"]\n    examples:'),
                    encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules(root)
    assert "x.yaml:11: exceptions names lexicon '@lexicon:drinks'" in str(exc.value)


@pytest.mark.parametrize(("locale", "text"), [
    ("en-GB", "A pint of perry: your five-a-day in a glass, packed with antioxidants!"),
    ("de-DE", "Ein Doppelkorn nach dem Essen – gut für die Verdauung."),
    ("fr-FR", "Chouchen Ar Gwenan : le nectar des Celtes pour vos fest-noz !"),
    ("es-MX", "Pox de San Juan Chamula, pa' que la fiesta no pare hasta el amanecer"),
    ("nl-NL", "Onze Limburgse Pinot Gris, heerlijk bij de barbecue!"),
])
def test_the_shipped_rules_read_drinks_only_the_lexicon_names(locale, text):
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    findings = get_check_engine().check(CheckInput(id="1", locale=locale, kind="copy", text=text))
    assert "alcohol" in {f.category for f in findings if f.severity in ("warn", "block")}


@pytest.mark.parametrize(("locale", "text", "rule"), [
    ("fr-FR", "Un poiré fermier du Domfrontais pour l'apéritif", "fr.alcohol.evin"),
    ("nl-NL", "Onze Limburgse Pinot Gris, heerlijk bij de barbecue!", "nl.alcohol.geen18"),
    ("es-MX", "Raicilla de la sierra de Jalisco, ya en tienda", "esmx.alcohol.moderation"),
    ("pt-BR", "Degustação de vinhos na vinícola, sábado às 16h", "ptbr.alcohol.moderation"),
])
def test_a_drink_without_the_line_is_one_finding_from_the_market_rule(locale, text, rule):
    """checks-alcohol52: the market's line rule reads the shared lexicons itself, so a reviewer sees one warning for
    the missing line, not one per rule that knows the drink."""
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    findings = get_check_engine().check(CheckInput(id="1", locale=locale, kind="copy", text=text))
    assert [f.rule for f in findings if f.category == "alcohol" and f.severity in ("warn", "block")] == [rule]
