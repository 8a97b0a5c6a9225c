"""The check engine: rule packs + built-in checks turn one asset into findings.

Per locale the resolved rules are compiled once: every rule type contributes its terms to one
Aho-Corasick automaton and its regexes to one literal prefilter, so ``check`` is a single
normalisation pass, one automaton scan, then each rule's own ``evaluate(ctx)``. The engine knows
no rule type by name (see ``studio.checks.rules.types``). Each draft runs under a ``Budget``;
whatever a limit cut short is reported as one ``studio.budget`` finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.checks import inflect, loadcache
from studio.checks.asset import CheckInput
from studio.checks.builtins import TEXT_CHECKS
from studio.checks.concepts import ConceptLayer
from studio.checks.embed import blas_threads, calibration_cache_dir, default_embedder, require_encoders
from studio.checks.finding import Finding
from studio.checks.kept_packs import Banks, KeptPacks, Outline, banks_of
from studio.checks.locale_checker import (
    BUDGET_RULE,
    LocaleChecker,
    ScopePlan,
    budget_finding,
    budget_findings,
    sort_findings,
    term_index,
)
from studio.checks.rules.base import AppliesTo, Budget, ThemeScorer
from studio.checks.rules.loader import LoadedRule, RuleSet, load_rules
from studio.checks.semantic import ThemeLayer
from studio.core.config import get_settings
from studio.core.errors import RuleError
from studio.market.labels import OwnLabels, own_labels
from studio.market.locales import profiles_digest

# LocaleChecker, ScopePlan and the budget finding live in locale_checker.py, the kept packs in kept_packs.py; their
# names are kept here for the callers that import them from the engine
__all__ = ["BUDGET_RULE", "BUILTIN_IDS", "CheckEngine", "LocaleChecker", "ScopePlan", "budget_finding",
           "get_check_engine", "sort_findings", "term_index"]

BUILTIN_IDS = tuple(c.id for c in TEXT_CHECKS)


def applies(a: AppliesTo, item: CheckInput) -> bool:
    return a.covers(item)


def _load_dir(rules_dir: Path | str) -> tuple[RuleSet, Banks]:
    ruleset = load_rules(rules_dir)
    return ruleset, banks_of(ruleset)


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
        kept = KeptPacks(cache_dir, rules_key, lambda: _load_dir(rules_dir))
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
        concepts, background = banks if banks is not None else banks_of(self.ruleset)
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
        from studio.checks import learned

        if not (learned.enabled() if on is None else on):
            return None
        from studio.checks import learned_model  # with the corpora's code, only where the layer is on (it is off)

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
            results.append(sort_findings(out + budget_findings(ctx)))  # a budget finding cannot be waived
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


@lru_cache(maxsize=1)
def get_check_engine() -> CheckEngine:
    """The process-wide engine over settings.rules_dir (loads every pack once; a new process reads the
    validated copy under ``<cache_dir>/rules/`` while the files are unchanged)."""
    settings = get_settings()
    return CheckEngine.from_dir(settings.rules_dir, cache_dir=settings.cache_dir / "rules")
