"""cultural_rules/global/origin29.yaml and free29.yaml are what scripts/origin29_rules.py writes (checks-origin29,
r29-origin): a hand edit of a generated regex without re-running the script is caught."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_origin_and_free_rules_match_their_generator() -> None:
    gen = load_script("origin29_rules")
    specs = gen.rules()
    assert set(specs) == {"origin29.yaml", "free29.yaml"}
    for name, spec in specs.items():
        path = ROOT / "cultural_rules" / "global" / name
        shipped = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
        assert shipped == spec["rules"], f"{path} differs from its generator: run scripts/origin29_rules.py"
        assert all(len(p) <= 2000 for rule in shipped for key in ("patterns", "unless", "claim", "conditions")
                   for p in rule.get(key, []))
