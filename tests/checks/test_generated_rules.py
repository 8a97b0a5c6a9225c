"""The generated rule files under cultural_rules/global/ are what their generator scripts write: a hand edit of a
generated regex without re-running its script is caught. origin29.yaml and free29.yaml by scripts/origin29_rules.py
(checks-origin29, r29-origin), health30.yaml by scripts/health30_rules.py (checks-health30, r30-health),
injection31.yaml by scripts/injection31_rules.py (checks-inject31, r31-inject), free32.yaml by scripts/free32_rules.py
(checks-free32, r32-free); the market files <market>/alcohol33.yaml by scripts/alcohol33_rules.py (checks-alcohol33,
r33-alcohol), named with their market folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]

GENERATED = {
    "origin29_rules": {"origin29.yaml", "free29.yaml"},
    "health30_rules": {"health30.yaml"},
    "injection31_rules": {"injection31.yaml"},
    "free32_rules": {"free32.yaml"},
    "alcohol33_rules": {f"{m}/alcohol33.yaml" for m in ("fr-FR", "es-ES", "es-MX", "pt-BR", "nl-NL", "ja-JP", "ko-KR",
                                                        "vi-VN", "tr-TR", "gcc", "id-ID", "ms-MY", "th-TH", "india")},
}


@pytest.mark.parametrize("script", sorted(GENERATED))
def test_the_generated_rules_match_their_generator(script: str) -> None:
    specs = load_script(script).rules()
    assert set(specs) == GENERATED[script]
    for name, spec in specs.items():
        path = ROOT / "cultural_rules" / (name if "/" in name else f"global/{name}")
        shipped = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
        assert shipped == spec["rules"], f"{path} differs from its generator: run scripts/{script}.py"
        # the loader refuses a regex over 2,000 characters
        assert all(len(p) <= 2000 for rule in shipped for key in ("patterns", "unless", "claim", "conditions")
                   for p in rule.get(key, []))


def test_every_market_language_has_both_pieces_of_the_addressed_directive_grammar() -> None:
    gen = load_script("injection31_rules")
    assert set(gen.CHECKER) == set(gen.DIRECTIVE)
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "id", "vi", "th", "ja", "ko", "zh", "ar", "hi"} <= set(gen.CHECKER)
