"""Unbounded work from one input (#12.6): rule regexes are checked for catastrophic backtracking at
load, and each draft is checked under size, time and findings budgets that end in a clear finding."""

from __future__ import annotations

import time
from typing import Literal

import pytest

from studio.checks.engine import CheckEngine
from studio.checks.finding import Finding
from studio.checks.rules.base import Budget, EvalContext, RuleBase, backtracking_risk
from studio.checks.rules.registry import register, unregister
from studio.core.errors import RuleError
from tests.checks.test_engine import SRC, item, make_rules


def pattern_pack(pattern: str) -> dict[str, str]:
    return {"global/p.yaml": f"""
        pack: global
        rules:
          - id: g.ok
            type: terms
            category: free_claim
            severity: warn
            message: free
            {SRC}
            terms: [free]
          - id: g.bad
            type: pattern
            category: free_claim
            severity: warn
            message: m
            {SRC}
            patterns: ['{pattern}']
        """}


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*!", r"(a|aa)+$", r"(x+x+)+y", r"(.*,){12}z"])
def test_a_catastrophic_pattern_is_refused_at_load_with_file_and_line(tmp_path, pattern):
    with pytest.raises(RuleError) as exc:
        CheckEngine.from_dir(make_rules(tmp_path, pattern_pack(pattern)))
    msg = str(exc.value)
    assert "p.yaml:11: rule g.bad: " in msg and "patterns[0] can take exponential time" in msg and "rewrite it" in msg


@pytest.mark.parametrize("pattern", [r"\bfree\b", r"(\w+\s+){0,2}(abwehr\w*)", r"(ab|cd)+", r"[^\n]{0,40}\b20\d\d\b",
                                     r"(?<!\bje)\w+", r"\b(buy one|when you spend)\b"])
def test_ordinary_patterns_pass_the_backtracking_check(pattern):
    assert backtracking_risk(pattern) is None


def test_every_shipped_pattern_passes_the_backtracking_check():
    from studio.checks.engine import get_check_engine

    assert get_check_engine().ruleset.by_id  # loading the shipped packs did not raise


def test_a_huge_line_is_checked_up_to_the_size_budget_with_a_block_finding(tmp_path):
    engine = CheckEngine.from_dir(make_rules(tmp_path, {"global/p.yaml": f"""
        pack: global
        rules:
          - id: g.ok
            type: terms
            category: free_claim
            severity: warn
            message: free
            {SRC}
            terms: [free]
        """}))
    text = "free " * 2_000_000  # a 10 MB line: 2,000,000 matches before the budget
    start = time.perf_counter()
    found = engine.check(item(text))
    assert time.perf_counter() - start < 30  # generous on a shared machine; before: minutes and 2e6 findings
    budget = [f for f in found if f.rule == "studio.budget"]
    assert len(budget) == 1 and budget[0].severity == "block" and budget[0].category == "format"
    assert "10,000,000 characters" in budget[0].message and "first 20,000" in budget[0].message
    assert "g.ok matched 4,000 times; the first 50 are listed" in budget[0].message
    assert len([f for f in found if f.rule == "g.ok"]) == 50
    assert all(f.end <= 20_000 for f in found if f.start is not None)


def test_many_matches_are_capped_per_rule_with_an_info_finding(tmp_path):
    engine = CheckEngine.from_dir(make_rules(tmp_path, pattern_pack(r"\bfree\b")), budget=Budget(findings_per_rule=5))
    found = engine.check(item("free " * 40))
    assert len([f for f in found if f.rule == "g.ok"]) == 5
    assert [f.start for f in found if f.rule == "g.ok"] == [0, 5, 10, 15, 20]  # the first ones, in order
    budget = [f for f in found if f.rule == "studio.budget"]
    assert len(budget) == 1 and budget[0].severity == "info"  # nothing went unread: only the list is short


def test_rules_left_when_the_time_budget_runs_out_are_named_in_a_block_finding(tmp_path):
    class SlowRule(RuleBase):
        type: Literal["slow"]

        def evaluate(self, ctx: EvalContext) -> list[Finding]:
            time.sleep(0.2)
            return [self.finding()]

    register(SlowRule)
    try:
        rules = "".join(f"""
          - id: g.slow{n}
            type: slow
            category: free_claim
            severity: warn
            message: slow
            {SRC}
        """ for n in range(4))
        root = make_rules(tmp_path, {"global/s.yaml": "\n        pack: global\n        rules:" + rules})
        engine = CheckEngine.from_dir(root, budget=Budget(seconds=0.1))
        found = engine.check(item("Hello there, nothing to see."))
    finally:
        unregister("slow")
    assert [f.rule for f in found if f.rule.startswith("g.slow")] == ["g.slow0"]
    budget = [f for f in found if f.rule == "studio.budget"]
    assert len(budget) == 1 and budget[0].severity == "block"
    assert "3 rule(s) not run after 0.1 s: g.slow1, g.slow2, g.slow3" in budget[0].message


def test_a_budget_finding_cannot_be_waived(tmp_path):
    engine = CheckEngine.from_dir(make_rules(tmp_path, pattern_pack(r"\bfree\b")), budget=Budget(chars=10))
    found = engine.check(item("A long text that is over ten characters.", waivers=["studio.budget"]))
    assert [f.rule for f in found] == ["studio.budget"]


def test_the_theme_layer_reads_only_the_theme_budget(tmp_path):
    from studio.checks.rules.types.theme import ThemeRule

    seen: list[int] = []

    class Recorder:
        def hits(self, rules, text, locale=None):
            seen.append(len(text))
            return []

    rule = ThemeRule.model_validate({"id": "g.theme", "type": "theme", "category": "gambling", "severity": "warn",
                                     "message": "m", "source": {"name": "t"}, "exemplars": ["bet"], "threshold": 0.9})
    from studio.checks.engine import LocaleChecker
    from studio.checks.rules.loader import LoadedRule

    checker = LocaleChecker("en-US", [LoadedRule(rule, "global", "t.yaml:1")], Recorder())
    found = checker.check(item("word " * 4000), Budget(theme_chars=1000))
    assert seen == [1000]
    assert [f.rule for f in found] == ["studio.budget"] and "first 1,000 characters" in found[0].message
