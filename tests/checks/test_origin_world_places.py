"""The ``world`` entry of global.origin.claim_made_elsewhere (cultural_rules/global/origin_places.yaml) is what
scripts/origin_world_places.py makes from CLDR's territory names, and reads production in a country the other
entries do not list (checks-look30, r30-look)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings

ROOT = Path(__file__).resolve().parents[2]
RULE = "global.origin.claim_made_elsewhere"


def _script():
    spec = importlib.util.spec_from_file_location("origin_world_places", ROOT / "scripts" / "origin_world_places.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_world_entry_is_what_the_script_makes():
    script = _script()
    text = script.TABLE.read_text(encoding="utf-8")
    assert script.render(text) == text, "rerun: .venv/bin/python scripts/origin_world_places.py"


def _alerts(text: str, locale: str) -> bool:
    rule = load_rules(Path(get_settings().rules_dir)).by_id[RULE]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return any(f.rule == RULE for f in LocaleChecker(locale, [rule]).check(item))


def test_production_in_an_unlisted_country_takes_a_listed_countrys_claim_back_and_its_own_territory_does_not():
    assert _alerts("Fabriqué en France, cousu en Macédoine du Nord", "fr-FR")
    assert _alerts("Prodotto in Italia, confezionato in Serbia", "it-IT")
    assert not _alerts("Fabriqué en France, assemblé à la Réunion", "fr-FR")  # a French department
    assert not _alerts("Hecho en España, envasado en Canarias", "es-ES")  # Spain's own islands
