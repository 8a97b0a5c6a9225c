"""Grounding findings: numbers and claims a draft makes that the brief does not state."""

from __future__ import annotations

import json

from studio.checks.contract import run

FACTS = ["Keeps drinks cold for 24 hours and hot for 12 hours", "750 ml, weighs 340 g", "Price 29.99 USD"]


def _check(text: str, facts: list[str] | None, locale: str = "en-US") -> list[dict]:
    line = {"id": "a", "locale": locale, "kind": "copy", "text": text, "channel": "instagram"}
    if facts is not None:
        line["meta"] = {"facts": facts}
    [out] = run([json.dumps(line, ensure_ascii=False)])
    return [f for f in out["findings"] if f["category"] == "unsupported_claim"]


def test_an_invented_duration_is_a_warning_on_its_span():
    text = "The Fjell Bottle keeps water ice cold for 48 hours on every trail."
    [found] = _check(text, FACTS)
    assert found["severity"] == "warn" and found["rule"] == "global.grounding.numbers"
    assert text[found["start"]:found["end"]] == "48 hours"
    assert "'48 hours'" in found["message"] and found["suggestion"]


def test_numbers_the_brief_states_are_grounded_in_any_script():
    assert _check("Cold for 24 hours, 750 ml, only 29.99 USD.", FACTS) == []
    assert _check("24時間、冷たいまま。", FACTS, "ja-JP") == []
    [found] = _check("يبقى باردًا ٤٨ ساعة", FACTS, "ar-SA")
    assert found["rule"] == "global.grounding.numbers"


def test_an_unsupported_health_claim_blocks_and_a_stated_one_does_not():
    [found] = _check("Clinically proven to keep you hydrated all day.", FACTS)
    assert found["severity"] == "block" and found["rule"] == "global.grounding.health"
    assert _check("Clinically proven to keep you hydrated all day.", [*FACTS, "Clinically proven to keep you hydrated"]) == []


def test_a_check_line_without_brief_facts_is_not_judged():
    """The `studio check` contract: input without meta.facts gets no grounding finding."""
    assert _check("Clinically proven: ice cold for 48 hours, the best bottle ever.", None) == []


def test_a_number_the_brief_spells_out_grounds_its_digits_but_a_plural_grounds_none():
    facts = [*FACTS, "One bottle instead of hundreds of plastic ones"]
    assert _check("1本で、プラスチックボトル数百本の代わりに。", facts, "ja-JP") == []  # 'one bottle' as 1本
    [found] = _check("Replaces 100 plastic bottles.", facts)  # 'hundreds' states no value
    assert "100" in found["message"]
