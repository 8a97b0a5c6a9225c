"""cultural_rules/global/injection31.yaml is what scripts/injection31_rules.py writes (checks-inject31, r31-inject): a
hand edit of a generated regex without re-running the script is caught."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_injection_rules_match_their_generator() -> None:
    gen = load_script("injection31_rules")
    specs = gen.rules()
    assert set(specs) == {"injection31.yaml"}
    path = ROOT / "cultural_rules" / "global" / "injection31.yaml"
    shipped = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    assert shipped == specs["injection31.yaml"]["rules"], f"{path} differs from its generator: run scripts/injection31_rules.py"
    # every market language has both pieces of the addressed-directive grammar
    assert set(gen.CHECKER) == set(gen.DIRECTIVE)
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "id", "vi", "th", "ja", "ko", "zh", "ar", "hi"} <= set(gen.CHECKER)
