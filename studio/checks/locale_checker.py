"""One locale's compiled rules (``LocaleChecker``): a draft is normalised once, scanned once by the term index and
the regex prefilter, and each rule the scans let through (``ScopePlan``) evaluates it under a ``Budget`` (split out
of engine.py, engine57: the engine composes these with the semantic layers and the built-ins)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from studio.checks.asset import CheckInput
from studio.checks.finding import SEVERITY_ORDER, Finding
from studio.checks.matcher import Group, TermIndex
from studio.checks.normalize import fold, normalize
from studio.checks.prefilter import RegexPrefilter, canonical
from studio.checks.rules.base import Budget, EvalContext, RuleBase, ThemeScorer
from studio.checks.rules.loader import LoadedRule

BUDGET_RULE = "studio.budget"


def budget_finding(notes: list[str], unchecked: bool) -> Finding:
    """The one finding that says which per-draft limit cut the check short."""
    return Finding(rule=BUDGET_RULE, category="format", severity="block" if unchecked else "info",
                   message="check limits reached: " + "; ".join(notes),
                   suggestion="split the draft into shorter parts and check each" if unchecked else None)


def budget_findings(ctx: EvalContext) -> list[Finding]:
    """The budget finding of a draft whose check a limit cut short (none where no limit was hit)."""
    return [budget_finding(ctx.notes, ctx.unchecked)] if ctx.notes else []



class LocaleChecker:
    """The compiled rules of one locale (or one rule, for running its examples)."""

    def __init__(self, locale: str, rules: list[LoadedRule], theme: ThemeScorer | None = None,
                 index: TermIndex | None = None,
                 prefilter: Callable[[Callable[[], RegexPrefilter]], RegexPrefilter] | None = None):
        self.locale = locale
        self.rules: list[RuleBase] = [lr.rule for lr in rules]
        self.theme = theme
        # ``index``: this locale's term index, built earlier from the same rules (CheckEngine keeps a copy).
        self.index = index if index is not None else term_index(locale, self.rules)
        self.needs_cased = self.index.needs_cased or any(r.needs_cased for r in self.rules)
        # Every regex of every rule behind one literal prefilter: most never run.
        self._regexes: list[re.Pattern[str]] = []
        self._rx_keys: list[tuple[str, str]] = []  # per regex, its (rule id, role)
        for r in self.rules:
            for role, compiled in r.regex_groups():
                self._add_regexes((r.id, role), compiled)
        # ``prefilter``: reads this locale's prefilter back from where ``CheckEngine`` keeps it, else builds it with the
        # function it is handed (its automaton holds ~15,000 literals: ~0.03 s of a one-draft check to build).
        self.prefilter = self._prefilter(prefilter) if self._regexes else None
        # Per asset scope (``AppliesTo.covers`` reads nothing else), worked out once: the rules in scope and which
        # of them a draft's scans let run (``ScopePlan``).
        self._plans: dict[tuple[Any, ...], ScopePlan] = {}

    def _prefilter(self, kept: Callable[[Callable[[], RegexPrefilter]], RegexPrefilter] | None) -> RegexPrefilter:
        def build() -> RegexPrefilter:
            return RegexPrefilter(self._regexes)

        if kept is None:
            return build()
        found = kept(build)
        # kept under the key of the same rules and code, so the same regexes in the same order; a count that differs
        # (a copy written by other code) is built again rather than trusted
        return found if isinstance(found, RegexPrefilter) and found.size == len(self._regexes) else build()

    def _add_regexes(self, key: tuple[str, str], compiled: list[re.Pattern[str]]) -> None:
        self._rx_keys.extend([key] * len(compiled))
        self._regexes.extend(compiled)

    def _scope(self, item: CheckInput) -> tuple[Any, ...]:
        meta = item.meta
        return item.kind, item.channel, meta.audience, meta.sponsored, meta.ai_generated

    def plan(self, item: CheckInput) -> ScopePlan:
        """The rules in scope for ``item`` and their gates, worked out once per scope."""
        scope = self._scope(item)
        plan = self._plans.get(scope)
        if plan is None:
            plan = self._plans[scope] = ScopePlan([r for r in self.rules if r.applies_to.covers(item)])
        return plan

    def in_scope(self, item: CheckInput) -> list[RuleBase]:
        """The rules whose ``applies_to`` covers ``item``, in rule order."""
        return self.plan(item).rules

    def context(self, item: CheckInput, budget: Budget | None = None, language_backend: str = "lingua") -> EvalContext:
        """Normalise the draft once and run the shared scans (terms, regex prefilter)."""
        budget = budget or Budget()
        text = item.text
        cut = len(text) > budget.chars
        note = f"the draft is {len(text):,} characters; rules read only the first {budget.chars:,}"
        text = text[:budget.chars]
        if self.needs_cased:
            cased = normalize(text, casefold=False)
            folded = fold(cased)
        else:
            cased, folded = None, normalize(text)
        hits = self.index.find(folded, cased) if self.index.size else {}
        # The regexes the prefilter says may match, per (rule id, role), in rule order.
        by_key: dict[tuple[str, str], list[re.Pattern[str]]] = {}
        if self.prefilter is not None and cased is not None:
            for i in sorted(self.prefilter.candidates(canonical(cased.text))):
                by_key.setdefault(self._rx_keys[i], []).append(self._regexes[i])

        def regexes(key: tuple[str, str]) -> list[re.Pattern[str]]:
            """The regexes of ``key`` that the prefilter says may match, in rule order."""
            found = by_key.get(key)
            return list(found) if found else []

        return EvalContext(item=item, locale=self.locale, text=text, folded=folded, cased=cased, hits=hits,
                           runnable=regexes, theme=self.theme, language_backend=language_backend, budget=budget,
                           notes=[note] if cut else [], unchecked=cut, may_match=by_key.keys())

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        """Findings of every rule that applies to the asset; budget notes land in ``ctx.notes``."""
        budget = ctx.budget
        deadline = time.monotonic() + budget.seconds
        out: list[Finding] = []
        plan = self.plan(ctx.item)
        rules = plan.rules
        done = 0  # rules[:done] are run or passed over
        for k in plan.runnable(ctx):
            if time.monotonic() > deadline:
                break
            r = rules[k]
            found = r.evaluate(ctx)
            if len(found) > budget.findings_per_rule:
                ctx.note(f"{r.id} matched {len(found):,} times; the first {budget.findings_per_rule} are listed",
                         unread=False)
                found = sort_findings(found)[:budget.findings_per_rule]
            out.extend(found)
            done = k + 1
        # Every rule in scope past the last one run counts as not run once the time is up, gated or not (as when
        # each rule in scope read the clock): the same note whichever rules the draft's scans let through.
        if done < len(rules) and time.monotonic() > deadline:
            skipped = [r.id for r in rules[done:]]
            ctx.note(f"{len(skipped)} rule(s) not run after {budget.seconds:g} s: {', '.join(skipped[:5])}"
                     + (", ..." if len(skipped) > 5 else ""))
        return out

    def check(self, item: CheckInput, budget: Budget | None = None) -> list[Finding]:
        """Rule findings for one asset (no built-ins, no waivers), with a budget finding if one was hit."""
        if not self.in_scope(item):
            return []
        ctx = self.context(item, budget)
        out = self.evaluate(ctx)
        return out + budget_findings(ctx)


class ScopePlan:
    """The rules in scope for one asset scope, in rule order, with what lets each run on a draft: a rule with a regex
    gate (``gated_by``) runs only where the prefilter lets one of that role's regexes through, one with a term gate
    (``gated_by_terms``) only where the term index found one of that role's terms, the others always.

    A draft's rules to run are read from its scans (the prefilter's keys, the index's hits), not found by asking every
    rule in scope: with ~500 rules in scope and ~80 run, the per-rule loop and ``time.monotonic`` were ~0.2 ms of a
    ja-JP draft, and grew with every rule added (engine-speed56)."""

    def __init__(self, rules: list[RuleBase]):
        self.rules = rules
        self.always: list[int] = []
        self.by_regex: dict[tuple[str, str], list[int]] = {}
        self.by_terms: dict[tuple[str, str], list[int]] = {}
        self.term_gate: dict[int, tuple[str, str]] = {}  # a rule gated both ways: its term gate, read after the regex one
        for k, r in enumerate(rules):
            if r.gated_by is not None:
                self.by_regex.setdefault((r.id, r.gated_by), []).append(k)
                if r.gated_by_terms is not None:
                    self.term_gate[k] = (r.id, r.gated_by_terms)
            elif r.gated_by_terms is not None:
                self.by_terms.setdefault((r.id, r.gated_by_terms), []).append(k)
            else:
                self.always.append(k)
        # the rules that score with the semantic layer (``CheckEngine._prefetch_theme``)
        self.theme = [r for r in rules if r.needs_theme]

    def runnable(self, ctx: EvalContext) -> list[int]:
        """Places in ``rules`` of the rules ``ctx``'s scans let run, in rule order."""
        hits = ctx.hits
        by_regex, term_gate = self.by_regex, self.term_gate
        may_match = ctx.may_match
        if may_match is None:  # the prefilter's keys not known: the gates whose role has a regex to run
            may_match = [key for key in by_regex if ctx.runnable(key)]
        run = list(self.always)
        for key in may_match:
            found = by_regex.get(key)
            if found:
                run.extend(k for k in found if k not in term_gate or term_gate[k] in hits)
        by_terms = self.by_terms
        for key in hits:
            found = by_terms.get(key)
            if found:
                run.extend(found)
        run.sort()
        return run


def term_index(locale: str, rules: list[RuleBase]) -> TermIndex:
    """Every term group of ``rules`` in ``locale`` in one matcher."""
    groups: list[Group] = [g for r in rules for g in r.term_groups(locale)]
    return TermIndex(groups)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-1 if f.start is None else f.start, SEVERITY_ORDER[f.severity], f.rule))
