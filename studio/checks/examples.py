"""Run every rule's own ``examples`` (the CI gate for rule packs and ``studio rules test``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.checks.asset import CheckInput
from studio.checks.rules.loader import LoadedRule, RuleSet
from studio.checks.rules.schema import Example

if TYPE_CHECKING:
    from studio.checks.engine import CheckEngine

DEFAULT_LOCALE = "en-US"


def example_locale(lr: LoadedRule, ruleset: RuleSet, ex: Example) -> str:
    """The example's own locale, else the market of its pack, else the first market extending it."""
    if ex.locale:
        return ex.locale
    if ruleset.packs[lr.pack].kind == "market":
        return lr.pack
    users = [m for m in ruleset.markets if lr.pack in ruleset.chain(m)[:-1]]
    return users[0] if users and lr.pack != "global" else DEFAULT_LOCALE


def example_input(lr: LoadedRule, ruleset: RuleSet, ex: Example, n: int) -> CheckInput:
    """A CheckInput for an example; context the example leaves out satisfies the rule's applies_to."""
    a = lr.rule.applies_to
    meta = {k: v for k, v in (("audience", a.audience), ("sponsored", a.sponsored), ("ai_generated", a.ai_generated)) if v is not None}
    meta.update(ex.meta or {})
    return CheckInput(
        id=f"{lr.rule.id}#{n}", locale=example_locale(lr, ruleset, ex), text=ex.text,
        kind=ex.kind or (a.kinds[0] if a.kinds else "copy"),
        channel=ex.channel or (a.channels[0] if a.channels else None), date=ex.date, meta=meta,
        glossary=list(ex.glossary),
    )


@dataclass
class ExampleFailure:
    rule: str
    where: str
    expected: str  # "match" | "no_match"
    text: str
    locale: str

    def __str__(self) -> str:
        verb = "should match but gives no finding" if self.expected == "match" else "should not match but gives a finding"
        return f"{self.where}: {self.rule}: [{self.locale}] {self.text!r} {verb}"


def cases(ruleset: RuleSet) -> list[tuple[LoadedRule, str, Example, int]]:
    out = []
    for lr in ruleset.by_id.values():
        for n, ex in enumerate(lr.rule.examples.match):
            out.append((lr, "match", ex, n))
        for n, ex in enumerate(lr.rule.examples.no_match):
            out.append((lr, "no_match", ex, n))
    return out


def run_case(engine: CheckEngine, lr: LoadedRule, expected: str, ex: Example, n: int) -> ExampleFailure | None:
    item = example_input(lr, engine.ruleset, ex, n)
    found = any(f.rule == lr.rule.id for f in engine.check_rule(lr.rule.id, item))
    if found == (expected == "match"):
        return None
    return ExampleFailure(lr.rule.id, lr.where, expected, ex.text, item.locale)


def run_examples(engine: CheckEngine) -> tuple[int, list[ExampleFailure]]:
    """(number of examples run, failures)."""
    all_cases = cases(engine.ruleset)
    failures = [f for c in all_cases if (f := run_case(engine, *c))]
    return len(all_cases), failures
