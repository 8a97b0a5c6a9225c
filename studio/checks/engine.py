"""The check engine: rule packs + built-in checks turn one asset into findings.

Per locale the resolved rules are compiled once: every rule type contributes its terms to one
Aho-Corasick automaton and its regexes to one literal prefilter, so ``check`` is a single
normalisation pass, one automaton scan, then each rule's own ``evaluate(ctx)``. The engine knows
no rule type by name (see ``studio.checks.rules.types``). Each draft runs under a ``Budget``;
whatever a limit cut short is reported as one ``studio.budget`` finding.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.checks import inflect, loadcache
from studio.checks.asset import CheckInput
from studio.checks.builtins import TEXT_CHECKS
from studio.checks.concepts import CONCEPTS_DIR, ConceptLayer, Exemplar, LoadedConcept, load_background, load_banks
from studio.checks.embed import blas_threads, calibration_cache_dir, default_embedder, require_encoders
from studio.checks.finding import SEVERITY_ORDER, Finding
from studio.checks.matcher import Group, TermIndex
from studio.checks.normalize import fold, normalize
from studio.checks.prefilter import RegexPrefilter, canonical
from studio.checks.rules.base import AppliesTo, Budget, EvalContext, RuleBase, ThemeScorer
from studio.checks.rules.loader import LoadedRule, Pack, RuleSet, load_rules
from studio.checks.semantic import ThemeLayer
from studio.core.config import get_settings
from studio.core.errors import RuleError
from studio.market.labels import OwnLabels, own_labels
from studio.market.locales import profiles_digest

BUILTIN_IDS = tuple(c.id for c in TEXT_CHECKS)
BUDGET_RULE = "studio.budget"


def applies(a: AppliesTo, item: CheckInput) -> bool:
    return a.covers(item)


def budget_finding(notes: list[str], unchecked: bool) -> Finding:
    """The one finding that says which per-draft limit cut the check short."""
    return Finding(rule=BUDGET_RULE, category="format", severity="block" if unchecked else "info",
                   message="check limits reached: " + "; ".join(notes),
                   suggestion="split the draft into shorter parts and check each" if unchecked else None)


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
        return out + _budget(ctx)


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
        if ctx.may_match is None:  # the prefilter's keys not known: ask each regex gate
            return [k for k, r in enumerate(self.rules)
                    if (r.gated_by is None or ctx.runnable((r.id, r.gated_by)))
                    and (r.gated_by_terms is None or (r.id, r.gated_by_terms) in hits)]
        run = list(self.always)
        by_regex, term_gate = self.by_regex, self.term_gate
        for key in ctx.may_match:
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


# The concept banks and the background lines of a rules directory.
Banks = tuple[list[LoadedConcept], list[Exemplar]]


def _load_banks(ruleset: RuleSet) -> Banks:
    folder = Path(ruleset.root) / CONCEPTS_DIR
    return load_banks(folder, ruleset.categories), load_background(folder)


def _load_dir(rules_dir: Path | str) -> tuple[RuleSet, Banks]:
    ruleset = load_rules(rules_dir)
    return ruleset, _load_banks(ruleset)


def _budget(ctx: EvalContext) -> list[Finding]:
    return [budget_finding(ctx.notes, ctx.unchecked)] if ctx.notes else []


@dataclass
class Outline:
    """What an engine needs of the loaded packs before it checks a draft: the packs' names, kinds and parents, the
    rules that need the theme layer and the concept banks. Kept as a part of its own beside the copy."""

    root: Path
    categories: dict[str, str]
    packs: dict[str, tuple[str, list[str]]]  # name -> (kind, extends)
    theme_rules: list[tuple[str, str]]  # (id, file:line) of every rule that needs the theme layer
    banks: Banks

    @classmethod
    def of(cls, ruleset: RuleSet, banks: Banks) -> Outline:
        return cls(ruleset.root, ruleset.categories, {n: (p.kind, list(p.extends)) for n, p in ruleset.packs.items()},
                   [(lr.rule.id, lr.where) for lr in ruleset.by_id.values() if lr.rule.needs_theme], banks)

    @property
    def markets(self) -> list[str]:
        return sorted(n for n, (kind, _) in self.packs.items() if kind == "market")


class KeptPacks:
    """The loaded packs kept under one key (``loadcache``), read a piece at a time: the outline, then each pack a
    market's rules come from (``rules_for``), and the whole copy only where something asks for every rule.

    `studio check` on one draft reads the global pack, its market's region packs and its market's pack, not the
    other 20-odd markets' (the whole copy took ~0.2 s of CPU to read back, global, eu and de-DE ~0.12 s; speed53).
    A pack read alone is the pack the whole copy holds (pickled from it, under the same key), and a market's rules
    resolve from it as ``RuleSet.rules_for`` resolves them, in the same order."""

    def __init__(self, cache_dir: Path, rules_key: str, rules_dir: Path | str):
        self.cache_dir, self.key, self.rules_dir = cache_dir, rules_key, rules_dir
        self.whole: tuple[RuleSet, Banks] | None = None  # the whole copy, once read
        self._packs: dict[str, Pack] = {}

    def read_whole(self) -> tuple[RuleSet, Banks]:
        if self.whole is None:
            self.whole = loadcache.load_copy(self.cache_dir, self.key, lambda: _load_dir(self.rules_dir))
        return self.whole

    def outline(self) -> Outline:
        return loadcache.load_part(self.cache_dir, self.key, "outline", b"", self._outline_and_packs)

    def _outline_and_packs(self) -> Outline:
        """The outline of the whole copy, every pack kept apart first (a process that finds the outline finds them)."""
        ruleset, banks = self.read_whole()
        for name, pack in ruleset.packs.items():
            loadcache.save_part(self.cache_dir, self.key, f"pack {name}", b"", pack)
        return Outline.of(ruleset, banks)

    def pack(self, name: str) -> Pack:
        if name not in self._packs:
            self._packs[name] = loadcache.load_part(self.cache_dir, self.key, f"pack {name}", b"",
                                                    lambda: self.read_whole()[0].packs[name])
        return self._packs[name]

    def rules_for(self, outline: Outline, locale: str) -> list[LoadedRule]:
        """``RuleSet.rules_for(locale)`` of the whole copy, from the packs of the locale's chain alone."""
        stubs = RuleSet(outline.root, outline.categories,
                        {n: Pack(n, kind, list(extends)) for n, (kind, extends) in outline.packs.items()}, {})
        chain = stubs.chain(locale) if locale in stubs.packs else stubs.chain("global")
        return RuleSet(outline.root, outline.categories, {n: self.pack(n) for n in chain}, {}).rules_for(locale)


class CheckEngine:
    """All packs of a rules directory, compiled per locale on first use and kept."""

    def __init__(self, ruleset: RuleSet | None, *, language_backend: str = "lingua", budget: Budget | None = None,
                 banks: Banks | None = None, learned: bool | None = None, labels: OwnLabels | None = None,
                 kept: tuple[KeptPacks, Outline] | None = None):
        # ``ruleset`` None: read from ``kept`` (the copy's outline and packs) a market at a time, whole on first use
        # of ``ruleset`` (``from_dir`` with a cache folder).
        if ruleset is None and kept is None:
            raise ValueError("CheckEngine needs a ruleset or the kept copy to read it from")
        self._ruleset = ruleset
        self._kept = kept
        self.language_backend = language_backend
        self.budget = budget or Budget()
        self.theme = self._load_theme()
        self.concepts = self._load_concepts(banks, labels)
        self.learned = self._load_learned(learned)
        self._checkers: dict[str, LocaleChecker] = {}
        self._single: dict[tuple[str, str], LocaleChecker] = {}
        # Where the loaded packs' copy lives and its key (``from_dir`` with a cache folder): each market's
        # term index is kept beside it (``loadcache.load_part``).
        self._copy: tuple[Path, str] | None = None
        # A digest of the locale profiles (``profiles_digest``): a market's term index holds its profile's register
        # words (the ``mix`` rule type), so the kept index is keyed by it too, or an edited register list would not
        # count until a rule file changed.
        self._profiles = b""
        # A locale's rules compile on its first draft (``checker``): `studio check` on one draft
        # compiles one market, not 23. ``compile_all`` does them all now (a server, before traffic).

    @property
    def ruleset(self) -> RuleSet:
        """Every pack (read from the kept copy on first use where the engine was started from its outline)."""
        if self._ruleset is None:
            assert self._kept is not None
            self._ruleset = self._kept[0].read_whole()[0]
        return self._ruleset

    @ruleset.setter
    def ruleset(self, value: RuleSet) -> None:
        self._ruleset = value

    def _outline_only(self) -> Outline | None:
        """The kept copy's outline while the whole copy is not read into ``ruleset`` (None once it is, or where the
        engine was given a ruleset)."""
        return self._kept[1] if self._ruleset is None and self._kept is not None else None

    @property
    def markets(self) -> list[str]:
        """The market packs' names (``RuleSet.markets``), without reading every rule."""
        outline = self._outline_only()
        return outline.markets if outline is not None else self.ruleset.markets

    def rules_for(self, locale: str) -> list[LoadedRule]:
        """``ruleset.rules_for(locale)``; from the kept copy's packs of that market alone until the whole is read."""
        if self._ruleset is None and self._kept is not None:
            kept, outline = self._kept
            if kept.whole is None:
                return kept.rules_for(outline, locale)
            self._ruleset = kept.whole[0]  # read whole to build a pack missing from the copy: use it throughout
        return self.ruleset.rules_for(locale)

    def compile_all(self) -> None:
        """Compile every market's rules now instead of on each market's first draft."""
        for market in self.markets:
            self.checker(market)

    @classmethod
    def from_dir(cls, rules_dir: Path | str, *, cache_dir: Path | None = None, **kw: Any) -> CheckEngine:
        """Load and validate every pack and concept bank under ``rules_dir``. With ``cache_dir``, a
        copy of the loaded packs and banks is kept there and read back while no file under
        ``rules_dir`` (nor the loading code) has changed (``studio.checks.loadcache``)."""
        # the shared lexicons are inflected as the rules load: the inflection table is part of the copy's key (and so
        # of every part kept under it); without a cache folder nothing is keyed and the table is not hashed
        token = inflect.cache_token() if cache_dir is not None else b""
        rules_key = loadcache.copy_key(rules_dir, cache_dir, token)
        # the markets' labels, built from the locale profiles (yaml, babel) once and read back beside the copy
        profiles = profiles_digest()
        if cache_dir is None or rules_key is None:
            ruleset, banks = _load_dir(rules_dir)
            return cls(ruleset, banks=banks, labels=own_labels(), **kw)
        # the outline first (the whole copy is read, or built and validated, only when the outline is not kept yet),
        # then each market's packs on its first draft
        kept = KeptPacks(cache_dir, rules_key, rules_dir)
        outline = kept.outline()
        labels = loadcache.load_part(cache_dir, rules_key, "own labels", profiles, own_labels)
        whole = kept.whole[0] if kept.whole is not None else None
        engine = cls(whole, banks=outline.banks, labels=labels, kept=(kept, outline), **kw)
        engine._copy = (cache_dir, rules_key)
        engine._profiles = profiles
        return engine

    def _load_theme(self) -> ThemeScorer | None:
        outline = self._outline_only()
        if outline is not None:
            theme_rules = outline.theme_rules
        else:
            theme_rules = [(lr.rule.id, lr.where) for lr in self.ruleset.by_id.values() if lr.rule.needs_theme]
        if not theme_rules:
            return None
        try:
            require_encoders()
        except ImportError as exc:
            names = ", ".join(f"{rid} ({where})" for rid, where in theme_rules[:5])
            raise RuleError(f"theme rules need {exc}: {names}", where=theme_rules[0][1],
                            fix="install the embedding packages (make setup does)") from None
        return ThemeLayer()

    def _load_concepts(self, banks: Banks | None, labels: OwnLabels | None) -> ConceptLayer | None:
        """The semantic layer over the exemplar banks in ``<rules>/concepts/`` (none: no layer), reading drafts
        without the markets' own labels (``labels``; None: read from the locale profiles now)."""
        concepts, background = banks if banks is not None else _load_banks(self.ruleset)
        if not concepts:
            return None
        try:
            require_encoders()
        except ImportError as exc:
            raise RuleError(f"the concept banks need {exc}", where=concepts[0].where,
                            fix="install the embedding packages (make setup does)") from None
        return ConceptLayer(concepts, cache_dir=calibration_cache_dir(), background=background,
                            labels=own_labels() if labels is None else labels)

    def _load_learned(self, on: bool | None) -> Any:
        """The learned category layer (studio.checks.learned) when it is on: ``learned`` here, else
        STUDIO_LEARNED, else its DEFAULT_ON. A missing or stale model file raises with the rebuild command."""
        from studio.checks import learned, learned_model

        if not (learned.enabled() if on is None else on):
            return None
        outline = self._outline_only()
        root = outline.root if outline is not None else self.ruleset.root
        return learned_model.load(
            Path(root) / learned_model.LEARNED_DIR,
            learned.market_categories(self),
            embedder=self.concepts.embedder if self.concepts is not None else default_embedder(),
        )

    def checker(self, locale: str) -> LocaleChecker:
        if locale not in self._checkers:
            rules = self.rules_for(locale)
            copy = self._copy
            if copy is None:
                self._checkers[locale] = LocaleChecker(locale, rules, self.theme)
                return self._checkers[locale]
            # Read back in ~0.015 s instead of built in ~0.1-0.15 s: a new process's first draft of a market.
            index = loadcache.load_part(*copy, f"terms {locale}", self._profiles,
                                        lambda: term_index(locale, [lr.rule for lr in rules]))
            self._checkers[locale] = LocaleChecker(
                locale, rules, self.theme, index,
                prefilter=lambda build: loadcache.load_part(*copy, f"regex prefilter {locale}", b"", build))
        return self._checkers[locale]

    def check(self, item: CheckInput) -> list[Finding]:
        """Every finding for one asset: rules of its locale + built-ins + concepts, waivers dropped, sorted."""
        return self.check_many([item])[0]

    def check_many(self, items: Iterable[CheckInput]) -> list[list[Finding]]:
        """Findings for many assets; the semantic layer embeds all their sentences in one batch."""
        if self.concepts is None and self.theme is None:
            return self._check_many(list(items))
        embedder = self.concepts.embedder if self.concepts is not None else default_embedder()
        with blas_threads(embedder.threads):  # the layers' similarity products too, not only the encoders
            return self._check_many(list(items))

    def _check_many(self, items: list[CheckInput]) -> list[list[Finding]]:
        semantic = self.concepts.findings_many(items) if self.concepts is not None else [[] for _ in items]
        if self.learned is not None:  # after the concepts: their unit vectors are in the embedder's cache
            semantic = [c + [f for f in extra if f.category not in {x.category for x in c}] for c, extra in
                        zip(semantic, self.learned.findings_many(items))]
        self._prefetch_theme(items)
        results = []
        for item, concept_findings in zip(items, semantic):
            checker = self.checker(item.locale)
            ctx = checker.context(item, self.budget, self.language_backend)
            out = checker.evaluate(ctx)
            for check in TEXT_CHECKS:
                out += check.evaluate(ctx)
            out += _semantic_beside(out, concept_findings)
            if item.waivers:
                out = [f for f in out if f.rule not in item.waivers]
            results.append(sort_findings(out + _budget(ctx)))  # a budget finding cannot be waived
        return results

    def _prefetch_theme(self, items: list[CheckInput]) -> None:
        """Embed every draft's theme chunks in one batch before the rules run (each theme rule then
        finds its draft's vectors cached), with the text each rule will read (see ThemeRule)."""
        prefetch = getattr(self.theme, "prefetch", None)
        if prefetch is None or len(items) < 2:
            return
        jobs = []
        for item in items:
            text = item.text[:self.budget.chars][:self.budget.theme_chars]
            rules = [r for r in self.checker(item.locale).plan(item).theme if getattr(r, "admits", lambda _: True)(text)]
            if rules:
                jobs.append((rules, text, item.locale))
        prefetch(jobs)

    def check_rule(self, rule_id: str, item: CheckInput) -> list[Finding]:
        """Findings of one rule alone (used to run a rule's own examples)."""
        key = (rule_id, item.locale)
        if key not in self._single:
            self._single[key] = LocaleChecker(item.locale, [self.ruleset.by_id[rule_id]], self.theme)
        return sort_findings(self._single[key].check(item, self.budget))

    def builtin(self, item: CheckInput) -> list[Finding]:
        """The built-in checks alone."""
        ctx = self.checker(item.locale).context(item, self.budget, self.language_backend)
        return [f for check in TEXT_CHECKS for f in check.evaluate(ctx)]


def _semantic_beside(rules: list[Finding], concepts: list[Finding]) -> list[Finding]:
    """The concept findings to add to a draft's rule findings. A rule names the problem more precisely
    than a concept, so a category a rule flagged keeps the rule's finding alone - unless the rule only
    warned and the concept would block there: two layers agreeing block. A concept alone never blocks:
    on copy written apart from the banks its decisions carry over too weakly to stop a reviewer (the
    blind corpus's frozen half: a clean national-flag line blocked), so it warns."""
    flagged: dict[str, bool] = {}  # category -> some rule blocked it
    for f in rules:
        if f.severity != "info":
            flagged[f.category] = flagged.get(f.category, False) or f.severity == "block"
    out = []
    for f in concepts:
        if f.category not in flagged:
            out.append(f.model_copy(update={"severity": "warn"}) if f.severity == "block" else f)
        elif f.severity == "block" and not flagged[f.category]:
            out.append(f)
    return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-1 if f.start is None else f.start, SEVERITY_ORDER[f.severity], f.rule))


@lru_cache(maxsize=1)
def get_check_engine() -> CheckEngine:
    """The process-wide engine over settings.rules_dir (loads every pack once; a new process reads the
    validated copy under ``<cache_dir>/rules/`` while the files are unchanged)."""
    settings = get_settings()
    return CheckEngine.from_dir(settings.rules_dir, cache_dir=settings.cache_dir / "rules")
