"""The check engine: rule packs + built-in checks turn one asset into findings.

Per locale the resolved rules are compiled once (one Aho-Corasick automaton for every term of
every rule, regexes compiled at load), so ``check`` is a single normalisation pass, one automaton
scan, the pattern rules, and the semantic layer last.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from studio.checks import evaluate, language
from studio.checks.asset import CheckInput
from studio.checks.concepts import CONCEPTS_DIR, ConceptLayer, load_background, load_banks
from studio.checks.embed import require_encoders
from studio.checks.finding import SEVERITY_ORDER, Finding
from studio.checks.matcher import Group, TermIndex
from studio.checks.normalize import fold, normalize
from studio.checks.prefilter import RegexPrefilter, canonical
from studio.checks.rules.loader import LoadedRule, RuleSet, load_rules
from studio.checks.rules.schema import (
    AppliesTo,
    CalendarRule,
    FormatRule,
    MixRule,
    NumberRule,
    PatternRule,
    RequiresRule,
    TermsRule,
    ThemeRule,
)
from studio.core.errors import RuleError

BUILTIN_IDS = ("builtin.language", "builtin.length", "builtin.glossary")
LANGUAGE_KINDS = ("copy", "video_script")  # briefs and image prompts are not in the market language


def applies(a: AppliesTo, item: CheckInput) -> bool:
    if a.kinds is not None and item.kind not in a.kinds:
        return False
    if a.channels is not None and item.channel not in a.channels:
        return False
    if a.audience is not None and item.meta.audience != a.audience:
        return False
    if a.sponsored is not None and item.meta.sponsored != a.sponsored:
        return False
    if a.ai_generated is not None and item.meta.ai_generated != a.ai_generated:
        return False
    return True


def _finding(rule, start=None, end=None, extra: str | None = None) -> Finding:
    msg = rule.finding_message()
    return Finding(rule=rule.id, category=rule.category, severity=rule.severity, start=start, end=end,
                   message=f"{msg} [{extra}]" if extra else msg, suggestion=rule.suggestion,
                   source=str(rule.source))


def _registers(locale: str, rule: MixRule) -> tuple[list[str], list[str]]:
    if rule.registers is not None:
        return rule.registers.formal, rule.registers.informal
    from studio.market.locales import get_locale, list_locales  # the profile knows its formal/informal forms

    if locale not in list_locales():  # no profile for this locale: no register lists to compare
        return [], []
    reg = get_locale(locale).register  # a broken profile raises: never check with half the data
    reg = reg if isinstance(reg, dict) else reg.model_dump()
    return list(reg.get("formal", [])), list(reg.get("informal", []))


class LocaleChecker:
    """The compiled rules of one locale (or one rule, for running its examples)."""

    def __init__(self, locale: str, rules: list[LoadedRule], theme=None):
        self.locale = locale
        self.rules = [lr.rule for lr in rules]
        self.theme = theme
        groups: list[Group] = []
        for r in self.rules:
            if isinstance(r, TermsRule):
                groups.append(Group((r.id, "terms"), r.terms, r.exceptions, r.match, r.case_sensitive, r.suffixes))
            elif isinstance(r, RequiresRule):
                if r.when.terms:
                    groups.append(Group((r.id, "when"), r.when.terms))
                if r.required:
                    groups.append(Group((r.id, "required"), r.required))
            elif isinstance(r, NumberRule) and r.words:
                groups.append(Group((r.id, "words"), r.words))
            elif isinstance(r, MixRule):
                formal, informal = _registers(locale, r)
                groups.append(Group((r.id, "formal"), formal, case_by_initial=True))
                groups.append(Group((r.id, "informal"), informal, case_by_initial=True))
        self.index = TermIndex(groups)
        self.needs_cased = self.index.needs_cased or any(isinstance(r, (PatternRule, RequiresRule)) for r in self.rules)
        self.themes = [r for r in self.rules if isinstance(r, ThemeRule)]
        # Every regex of the pattern and requires rules behind one literal prefilter: most never run.
        self._regexes: list = []
        self._rx_ids: dict[tuple[str, str], list[tuple[int, object]]] = {}
        for r in self.rules:
            if isinstance(r, PatternRule):
                self._add_regexes((r.id, "patterns"), r.compiled)
            elif isinstance(r, RequiresRule):
                self._add_regexes((r.id, "when"), r.when.compiled)
                self._add_regexes((r.id, "required"), r.compiled)
        self.prefilter = RegexPrefilter(self._regexes) if self._regexes else None

    def _add_regexes(self, key: tuple[str, str], compiled: list) -> None:
        n = len(self._regexes)
        self._rx_ids[key] = [(n + k, rx) for k, rx in enumerate(compiled)]
        self._regexes.extend(compiled)

    def _runnable(self, key: tuple[str, str], runnable: set[int]):
        """The regexes of ``key`` that the prefilter says may match, in rule order."""
        return [rx for i, rx in self._rx_ids.get(key, ()) if i in runnable]

    def check(self, item: CheckInput) -> list[Finding]:
        text = item.text
        rules = [r for r in self.rules if applies(r.applies_to, item)]
        if not rules:
            return []
        if self.needs_cased:
            cased = normalize(text, casefold=False)
            folded = fold(cased)
        else:
            cased, folded = None, normalize(text)
        hits = self.index.find(folded, cased) if self.index.size else {}
        out: list[Finding] = []
        themes: list[ThemeRule] = []
        runnable = self.prefilter.candidates(canonical(cased.text)) if self.prefilter is not None else set()
        for r in rules:
            if isinstance(r, TermsRule):
                out.extend(_finding(r, a, b) for a, b in hits.get((r.id, "terms"), ()))
            elif isinstance(r, PatternRule):
                for rx in self._runnable((r.id, "patterns"), runnable):
                    out.extend(_finding(r, *cased.span(*m.span())) for m in rx.finditer(cased.text) if m.end() > m.start())
            elif isinstance(r, RequiresRule):
                out.extend(self._requires(r, item, folded, cased, hits, runnable))
            elif isinstance(r, NumberRule):
                out.extend(self._number(r, folded, hits))
            elif isinstance(r, CalendarRule):
                if item.date is not None:
                    names = evaluate.calendar_occasions(r, item.date)
                    if names:
                        out.append(_finding(r, extra=f"{item.date.isoformat()}: {', '.join(names)}"))
            elif isinstance(r, MixRule):
                formal, informal = hits.get((r.id, "formal")), hits.get((r.id, "informal"))
                if formal and informal:
                    # Point at the register used less: that is the one to change.
                    minority = formal if (len(formal), -formal[0][0]) < (len(informal), -informal[0][0]) else informal
                    out.append(_finding(r, *minority[0]))
            elif isinstance(r, FormatRule):
                for (a, b), why in evaluate.format_problems(r.checks, text, self.locale):
                    out.append(_finding(r, a, b, extra=why))
            elif isinstance(r, ThemeRule):
                themes.append(r)
        if themes and self.theme is not None:
            for r, (a, b), score in self.theme.hits(themes, text, self.locale):
                out.append(_finding(r, a, b, extra=f"similarity {score:.3f}"))
        return out

    def _requires(self, r: RequiresRule, item, folded, cased, hits, runnable) -> list[Finding]:
        w = r.when
        trigger = None
        if w.meta:  # cheapest condition first; all conditions must hold
            meta = item.meta.model_dump()
            if any(meta.get(k) != v for k, v in w.meta.items()):
                return []
        if w.terms:
            spans = hits.get((r.id, "when"))
            if not spans:
                return []
            trigger = spans[0]
        if w.patterns:
            m = next((m for rx in self._runnable((r.id, "when"), runnable) if (m := rx.search(cased.text))), None)
            if m is None:
                return []
            trigger = trigger or cased.span(*m.span())
        if self._satisfied(r, cased, hits, self._runnable((r.id, "required"), runnable)):
            return []
        return [_finding(r, *trigger) if trigger else _finding(r)]

    @staticmethod
    def _satisfied(r: RequiresRule, cased, hits, regexes) -> bool:
        limit = r.within_first
        for a, _ in hits.get((r.id, "required"), ()):
            if limit is None or a < limit:
                return True
        for rx in regexes:
            m = rx.search(cased.text)
            if m and (limit is None or cased.span(*m.span())[0] < limit):
                return True
        return False

    @staticmethod
    def _number(r: NumberRule, folded, hits) -> list[Finding]:
        spans = [folded.span(a, b) for a, b in evaluate.number_spans(r, folded.text)] if r.numbers else []
        spans += hits.get((r.id, "words"), [])
        if r.contexts:
            orig = folded.original.casefold()
            spans = [s for s in spans if evaluate.near_context(orig, s, r.contexts, r.context_window)]
        return [_finding(r, a, b) for a, b in sorted(set(spans))]


class CheckEngine:
    """All packs of a rules directory, compiled per locale on first use and kept."""

    def __init__(self, ruleset: RuleSet, *, language_backend: str = "lingua"):
        self.ruleset = ruleset
        self.language_backend = language_backend
        self.theme = self._load_theme()
        self.concepts = self._load_concepts()
        self._checkers: dict[str, LocaleChecker] = {}
        self._single: dict[tuple[str, str], LocaleChecker] = {}
        for market in ruleset.markets:  # compile every market once, at load
            self.checker(market)

    @classmethod
    def from_dir(cls, rules_dir: Path | str, **kw) -> CheckEngine:
        return cls(load_rules(rules_dir), **kw)

    def _load_theme(self):
        theme_rules = [lr for lr in self.ruleset.by_id.values() if isinstance(lr.rule, ThemeRule)]
        if not theme_rules:
            return None
        try:
            require_encoders()
        except ImportError as exc:
            names = ", ".join(f"{lr.rule.id} ({lr.where})" for lr in theme_rules[:5])
            raise RuleError(f"theme rules need {exc}: {names}", where=theme_rules[0].where,
                            fix="install the embedding packages (make setup does)") from None
        from studio.checks.semantic import ThemeLayer

        return ThemeLayer()

    def _load_concepts(self) -> ConceptLayer | None:
        """The semantic layer over the exemplar banks in ``<rules>/concepts/`` (none: no layer)."""
        folder = Path(self.ruleset.root) / CONCEPTS_DIR
        concepts = load_banks(folder, self.ruleset.categories)
        if not concepts:
            return None
        try:
            require_encoders()
        except ImportError as exc:
            raise RuleError(f"the concept banks need {exc}", where=concepts[0].where,
                            fix="install the embedding packages (make setup does)") from None
        try:
            from studio.core.config import get_settings

            cache_dir: Path | None = Path(get_settings().cache_dir) / "theme"
        except Exception:  # no settings (a bare library use): build the index in memory only
            cache_dir = None
        return ConceptLayer(concepts, cache_dir=cache_dir, background=load_background(folder))

    def checker(self, locale: str) -> LocaleChecker:
        if locale not in self._checkers:
            self._checkers[locale] = LocaleChecker(locale, self.ruleset.rules_for(locale), self.theme)
        return self._checkers[locale]

    def check(self, item: CheckInput) -> list[Finding]:
        """Every finding for one asset: rules of its locale + built-ins + concepts, waivers dropped, sorted."""
        return self.check_many([item])[0]

    def check_many(self, items) -> list[list[Finding]]:
        """Findings for many assets; the semantic layer embeds all their sentences in one batch."""
        items = list(items)
        semantic = self.concepts.findings_many(items) if self.concepts is not None else [[] for _ in items]
        results = []
        for item, concept_findings in zip(items, semantic):
            out = self.checker(item.locale).check(item)
            out += self.builtin(item)
            # A rule names the problem more precisely than a concept: keep the concept finding only
            # for a category no rule flagged.
            flagged = {f.category for f in out if f.severity != "info"}
            out += [f for f in concept_findings if f.category not in flagged]
            if item.waivers:
                out = [f for f in out if f.rule not in item.waivers]
            results.append(sort_findings(out))
        return results

    def check_rule(self, rule_id: str, item: CheckInput) -> list[Finding]:
        """Findings of one rule alone (used to run a rule's own examples)."""
        key = (rule_id, item.locale)
        if key not in self._single:
            self._single[key] = LocaleChecker(item.locale, [self.ruleset.by_id[rule_id]], self.theme)
        return sort_findings(self._single[key].check(item))

    def builtin(self, item: CheckInput) -> list[Finding]:
        out: list[Finding] = []
        if item.kind in LANGUAGE_KINDS:
            out += self._language(item)
        if item.channel:
            from studio.market.channels import measure

            m = measure(item.text, item.channel, item.locale)
            if not m.ok:
                out.append(Finding(rule="builtin.length", category="length", severity="block",
                                   message=f"{m.count} {m.unit} is over the {item.channel} limit of {m.limit}",
                                   suggestion=f"shorten to {m.limit} {m.unit} or fewer"))
        for term in item.glossary:
            if term and term not in item.text:
                near = item.text.casefold().find(term.casefold())
                # An altered term is a mistake (warn); an absent one may simply not be needed in this
                # draft (a headline need not say "Trinkflasche"), so it is only noted (info).
                out.append(Finding(rule="builtin.glossary", category="glossary", severity="warn" if near >= 0 else "info",
                                   start=near if near >= 0 else None, end=near + len(term) if near >= 0 else None,
                                   message=f"glossary term {term!r} is not kept exactly"
                                   + (" (different case or spelling here)" if near >= 0 else " (missing)"),
                                   suggestion=f"write {term!r} exactly as in the glossary"))
        return out

    def _language(self, item: CheckInput) -> list[Finding]:
        text = language.judgeable(item.text, item.glossary)
        if text is None:
            return []
        expected = language.language_of_locale(item.locale)
        if expected not in language.LANGUAGES:
            return []
        found = language.reads_as(text, expected, self.language_backend)
        if found is None:
            return []
        return [Finding(rule="builtin.language", category="language", severity="warn",
                        message=f"the text reads as {found!r}, but {item.locale} expects {expected!r}",
                        suggestion=f"write or translate the text into {expected!r}")]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-1 if f.start is None else f.start, SEVERITY_ORDER[f.severity], f.rule))


@lru_cache(maxsize=1)
def get_check_engine() -> CheckEngine:
    """The process-wide engine over settings.rules_dir (loads every pack once)."""
    from studio.core.config import get_settings

    return CheckEngine.from_dir(get_settings().rules_dir)
