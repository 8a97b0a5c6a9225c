"""The "add a built-in check" recipe: a class with ``id`` and ``evaluate(ctx)`` plus one ``register`` line,
and the engine reports its findings beside the rules' (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from studio.checks.asset import CheckInput
from studio.checks.builtins import TEXT_CHECKS
from studio.checks.engine import get_check_engine
from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext


class ShoutingCheck:
    id = "builtin.shouting"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        words = [w for w in ctx.text.split() if len(w) > 3 and w.isupper()]
        if len(words) < 3:
            return []
        return [Finding(rule=self.id, category="format", severity="info",
                        message=f"{len(words)} words in capitals read as shouting")]


def test_a_registered_builtin_check_reports_through_the_engine():
    item = CheckInput(id="1", locale="en-US", kind="copy", text="HUGE SUMMER SALE TODAY at Fjell")
    engine = get_check_engine()
    assert "builtin.shouting" not in {f.rule for f in engine.check(item)}
    TEXT_CHECKS.register(ShoutingCheck())  # the one registration line
    try:
        found = {f.rule: f for f in engine.check(item)}
        assert found["builtin.shouting"].message == "4 words in capitals read as shouting"
        quiet = CheckInput(id="2", locale="en-US", kind="copy", text="Summer sale today at Fjell")
        assert "builtin.shouting" not in {f.rule for f in engine.check(quiet)}
    finally:
        TEXT_CHECKS.remove(next(c for c in TEXT_CHECKS if c.id == "builtin.shouting"))
