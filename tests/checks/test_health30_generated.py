"""cultural_rules/global/health30.yaml is what scripts/health30_rules.py writes (checks-health30, r30-health): a hand
edit of a generated regex without re-running the script is caught."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_health_rules_match_their_generator() -> None:
    gen = load_script("health30_rules")
    specs = gen.rules()
    assert set(specs) == {"health30.yaml"}
    path = ROOT / "cultural_rules" / "global" / "health30.yaml"
    shipped = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    assert shipped == specs["health30.yaml"]["rules"], f"{path} differs from its generator: run scripts/health30_rules.py"
    assert all(len(p) <= 2000 for rule in shipped for key in ("patterns", "unless") for p in rule.get(key, []))
