"""Every rule in cultural_rules/ passes its own examples: a rule that fails them fails CI."""

from __future__ import annotations

import pytest

from studio.checks.engine import get_check_engine
from studio.checks.examples import cases, run_case
from studio.checks.rules import load_rules
from studio.core.config import get_settings

CASES = cases(load_rules(get_settings().rules_dir))


@pytest.mark.parametrize(
    "lr,expected,ex,n", CASES,
    ids=[f"{lr.rule.id}-{exp}-{n}" for lr, exp, _, n in CASES],
)
def test_rule_example(lr, expected, ex, n):
    failure = run_case(get_check_engine(), lr, expected, ex, n)
    assert failure is None, str(failure)


def test_every_rule_has_examples_both_ways():
    lacking = [lr.rule.id for lr in get_check_engine().ruleset.by_id.values()
               if not (lr.rule.examples.match and lr.rule.examples.no_match)]
    assert not lacking, f"rules need both match and no_match examples: {lacking}"
