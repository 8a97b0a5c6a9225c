"""What every rule type shares: the common fields, the evaluation context and the regex guard.

A rule type is a pydantic model (``RuleBase`` subclass with a ``type: Literal[...]`` tag) that says
what it contributes to the locale's shared indexes (``term_groups``: terms for the one Aho-Corasick
automaton; ``regex_groups``: compiled regexes behind the one literal prefilter) and how it turns
one asset into findings (``evaluate(ctx)``). The engine knows no rule type by name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.checks.asset import AssetKind, CheckInput
from studio.checks.finding import Finding, Severity
from studio.checks.matcher import Group
from studio.checks.normalize import Normalized

RULE_ID = r"^[a-z0-9_]+(\.[a-z0-9_\-]+)+$"
FLAGS = {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}
MAX_PATTERN_LENGTH = 2000
MAX_NESTED_REPEAT = 5  # a group repeated at most this often may hold an open-ended repeat  # a rule regex is a phrase with alternatives, not a program
Span = tuple[int, int]


def within(span: Span, others: Sequence[Span], window: int) -> bool:
    """Whether ``span`` stands within ``window`` characters of one of ``others`` (a rule's context words)."""
    a, b = span
    return any(x - b <= window and a - y <= window for x, y in others)


class _Strict(BaseModel):
    # defer_build: a model's validator is built on its first validation, not at import. `studio check`
    # reads the packs validated already (studio.checks.loadcache) and never validates a rule.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Source(_Strict):
    name: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.name}, {self.url}" if self.url else self.name


class AppliesTo(_Strict):
    kinds: list[AssetKind] | None = None
    channels: list[str] | None = None
    # Channels the rule never applies to; an asset with no channel stays in scope (fr.ai.images_virtuelles: an
    # email subject or an SMS carries no picture).
    not_channels: list[str] = Field(default_factory=list)
    audience: Literal["children", "general"] | None = None
    sponsored: bool | None = None
    ai_generated: bool | None = None

    @field_validator("channels", "not_channels")
    @classmethod
    def _known_channels(cls, value: list[str] | None) -> list[str] | None:
        """A rule limited to a channel that does not exist would silently never apply there."""
        from studio.market.channels import CHANNELS

        unknown = [c for c in value or [] if c not in CHANNELS]
        if unknown:
            raise ValueError(f"unknown channel(s) {', '.join(map(repr, unknown))}; "
                             f"known channels: {', '.join(sorted(CHANNELS))}")
        return value

    def covers(self, item: CheckInput) -> bool:
        """True when an asset is in this rule's scope (kind, channel and meta all fit)."""
        if self.kinds is not None and item.kind not in self.kinds:
            return False
        if self.channels is not None and item.channel not in self.channels:
            return False
        if item.channel in self.not_channels:
            return False
        if self.audience is not None and item.meta.audience != self.audience:
            return False
        if self.sponsored is not None and item.meta.sponsored != self.sponsored:
            return False
        if self.ai_generated is not None and item.meta.ai_generated != self.ai_generated:
            return False
        return True


class Example(_Strict):
    text: str
    date: dt.date | None = None
    meta: dict[str, Any] | None = None
    channel: str | None = None
    kind: AssetKind | None = None
    locale: str | None = None


def _example(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Examples(_Strict):
    match: list[Example] = Field(default_factory=list)
    no_match: list[Example] = Field(default_factory=list)

    @field_validator("match", "no_match", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> Any:
        return [_example(x) for x in v] if isinstance(v, list) else v


# ---------------------------------------------------------------- regexes: checked before they ever run

def _repeat_max(av: Any) -> int:
    return int(av[1])


def _items(op: Any, av: Any) -> list[list[Any]]:
    """The sub-sequences of one parse-tree node."""
    if op is C.SUBPATTERN:
        return [list(av[-1])]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return [list(av[2])]
    if op is C.BRANCH:
        return [list(b) for b in av[1]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [list(av[1])]
    if op is C.ATOMIC_GROUP:
        return [list(av)]
    if op is C.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _variable_repeat(items: list[Any], unbounded_only: bool) -> bool:
    """True when ``items`` holds a repeat that can match more than one length (at any depth)."""
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi = av[0], _repeat_max(av)
            if hi == C.MAXREPEAT or (not unbounded_only and hi != lo):
                return True
        if any(_variable_repeat(sub, unbounded_only) for sub in _items(op, av)):
            return True
    return False


def _first_literals(items: list[Any]) -> set[int] | None:
    """Literal code points a branch can start with, or None when it starts with anything else."""
    for op, av in items:
        if op is C.LITERAL:
            return {av}
        if op is C.SUBPATTERN:
            return _first_literals(list(av[-1]))
        if op in (C.AT,):
            continue
        return None
    return None


def _ambiguous_branch(items: list[Any], fold: bool) -> bool:
    """An alternation whose branches can start with the same character (``(a|ab)``, ``(\\w|x)``)."""
    for op, av in items:
        if op is C.BRANCH:
            seen: set[int] = set()
            for b in av[1]:
                first = _first_literals(list(b))
                if first is None:
                    return True
                first = {ord(chr(c).lower()) for c in first} if fold else first
                if seen & first:
                    return True
                seen |= first
        for sub in _items(op, av):
            if op is not C.BRANCH and _ambiguous_branch(sub, fold):
                return True
    return False


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack exponentially (a nested or ambiguous quantifier), or None.

    Python's ``re`` backtracks; ``(a+)+$`` takes seconds on 28 characters. The shipped rules use
    look-behind and Unicode ``\\b``/``\\w`` that linear-time engines (RE2) lack, so instead of a
    second engine every rule regex is read once at load and refused when a repeated group holds
    another open-ended repeat or alternatives that start alike.
    """
    tree = _sre_parse.parse(pattern, flags)

    def walk(items: list[Any]) -> str | None:
        for op, av in items:
            if op in (C.MAX_REPEAT, C.MIN_REPEAT):
                hi = _repeat_max(av)
                body = list(av[2])
                unbounded = hi == C.MAXREPEAT
                # (\w+\s+){0,2} is fine (polynomial, small degree); (a+)+ and (.*a){20} are not.
                if unbounded or hi > MAX_NESTED_REPEAT:
                    if _variable_repeat(body, unbounded_only=not unbounded):
                        return "a repeated group contains another open-ended repeat (like (a+)+)"
                    if unbounded and _ambiguous_branch(body, bool(flags & re.IGNORECASE)):
                        return "a repeated group has alternatives that can start with the same character (like (a|ab)+)"
            for sub in _items(op, av):
                why = walk(sub)
                if why:
                    return why
        return None

    return walk(list(tree))


def nfkc_pattern(pattern: str) -> str:
    """``pattern`` in the NFKC form of the text it runs on: regexes match the normalised view, where
    Thai "ำ" is two characters and full-width "！" is "!", so a pattern written with the composed or
    full-width form would never match. Characters NFKC changes are replaced by their escaped NFKC form;
    everything else, escapes included, is kept."""
    if pattern.isascii() or unicodedata.is_normalized("NFKC", pattern):
        return pattern
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            norm = unicodedata.normalize("NFKC", nxt)
            out.append(re.escape(norm) if norm != nxt else pattern[i:i + 2])
            i += 2
            continue
        norm = unicodedata.normalize("NFKC", ch)
        out.append(re.escape(norm) if norm != ch else ch)
        i += 1
    return "".join(out)


def no_blank(words: list[str], what: str = "terms", ignore: str = "") -> list[str]:
    """``words`` as they are, or a ValueError when one is blank (``ignore``: characters that alone do not
    make a word, e.g. the ``*`` of a prefix term): the check every rule's word lists share."""
    if any(not w.strip().strip(ignore) for w in words):
        raise ValueError(f"{what} must not be blank")
    return words


NEGATION_WINDOW = 28  # characters before / after a hit searched for a negation ("without eggs, butter", "fish-free")


class Negations(_Strict):
    """``negated_before`` / ``negated_after``: regexes for a negation just before a hit ("without", "sin", "không",
    "ไม่ใส่") and just after it ("-free", "frei", "なし", "무첨가"). A hit they frame confirms the absence and does not
    count. The contradiction and terms types read them (a rule type mixes this in beside ``RuleBase``)."""

    negated_before: list[str] = Field(default_factory=list)
    negated_after: list[str] = Field(default_factory=list)
    compiled_before: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_after: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    @model_validator(mode="after")
    def _compile_negations(self) -> Negations:
        # anchored: a negation ending within the clause before a hit, one opening right after it
        self.compiled_before = compile_patterns([f"(?:{p})[^.!?。！？;:]{{0,20}}$" for p in self.negated_before],
                                                re.IGNORECASE, "negated_before")
        self.compiled_after = compile_patterns([f"^\\W{{0,2}}(?:{p})" for p in self.negated_after],
                                               re.IGNORECASE, "negated_after")
        return self

    def negation_near(self, before: str, after: str) -> bool:
        """Whether the text just before a hit ends in a negation or the text just after it opens with one."""
        return any(rx.search(before) for rx in self.compiled_before) or any(rx.search(after) for rx in self.compiled_after)


def compile_patterns(patterns: Sequence[str], flags: int, field: str) -> list[re.Pattern[str]]:
    """Compile rule regexes, refusing invalid ones and those that can backtrack catastrophically."""
    out = []
    for i, p in enumerate(patterns):
        if len(p) > MAX_PATTERN_LENGTH:
            raise ValueError(f"{field}[{i}] is {len(p)} characters, over the limit of {MAX_PATTERN_LENGTH}")
        try:
            out.append(_checked_regex(p, flags))
        except ValueError as exc:
            raise ValueError(f"{field}[{i}] {exc}") from None
    return out


@lru_cache(maxsize=16384)
def compiled_regex(p: str, flags: int) -> re.Pattern[str]:
    """A regex compiled on its NFKC view (as written where that view does not compile), once per process, without
    the backtracking read: for a pattern a validator has already let through (``compile_patterns`` at load) and
    that is compiled again later from its text (a concept's ``cleared_by`` read back from the rule-pack copy)."""
    rx = re.compile(p, flags)
    view = nfkc_pattern(p)
    if view != p:
        try:
            rx = re.compile(view, flags)
        except re.error:
            pass  # a range whose end NFKC expands: keep the pattern as written
    return rx


@lru_cache(maxsize=16384)
def _checked_regex(p: str, flags: int) -> re.Pattern[str]:
    """One rule regex compiled on its NFKC view and read for backtracking, once per process: reloading the
    packs (the server after an edit, `rules validate`, the fuzz bench's mutated pack beside the unchanged
    global one) parsed every unchanged pattern again, 0.5 s of CPU for the global pack's generated origin
    patterns alone. Pattern objects are immutable, so the loads share them; a refused pattern raises each time."""
    try:
        rx = compiled_regex(p, flags)
    except re.error as exc:
        raise ValueError(f"is not a valid regex ({exc}): {p!r}") from None
    why = backtracking_risk(p, flags)
    if why:
        raise ValueError(f"can take exponential time: {why}: {p!r}; "
                         "rewrite it without the nested repeat, e.g. (a+)+ -> a+, (a|ab)+ -> (ab?)+")
    return rx


# ---------------------------------------------------------------- what a rule type sees when it evaluates

class ThemeScorer(Protocol):
    """The semantic layer as the theme rule type uses it (studio.checks.semantic.ThemeLayer)."""

    def hits(self, rules: list[Any], text: str, locale: str | None = None) -> list[tuple[Any, Span, float]]: ...


@dataclass(frozen=True)
class Budget:
    """Per-draft limits that keep one hostile or huge input from running for minutes.

    ``chars``: rules read at most this much of a draft; ``theme_chars``: the semantic layer embeds at
    most this much (~the first 30 chunks); ``seconds``: rules not started by then are skipped;
    ``findings_per_rule``: a rule reports at most this many spans. Every cut is reported as a
    ``studio.budget`` finding, never silently.
    """

    chars: int = 20_000
    theme_chars: int = 8_000
    seconds: float = 10.0
    findings_per_rule: int = 50


@dataclass
class EvalContext:
    """One asset, normalised once, with the locale's shared term and regex scans already done."""

    item: CheckInput
    locale: str
    text: str  # the text the rules see (the draft, cut to the size budget)
    folded: Normalized  # casefolded matching view
    cased: Normalized | None  # cased view (None when no rule of the locale needs one)
    hits: dict[tuple[str, str], list[Span]]  # term spans per (rule id, role), original offsets
    runnable: Callable[[tuple[str, str]], list[re.Pattern[str]]]  # the regexes of a key that may match
    # the (rule id, role) keys with a regex the prefilter lets through (None: not known, every key may have one)
    may_match: Collection[tuple[str, str]] | None = None
    theme: ThemeScorer | None = None
    language_backend: str = "lingua"
    budget: Budget = field(default_factory=Budget)
    notes: list[str] = field(default_factory=list)  # budget notes rule types leave for the engine
    unchecked: bool = False  # a limit left part of the draft unread (or rules unrun)

    def note(self, text: str, *, unread: bool = True) -> None:
        """Record that a limit cut this check short (reported once as a ``studio.budget`` finding).

        ``unread=False`` for a limit that only shortened a list of findings: nothing went unchecked.
        """
        if text not in self.notes:
            self.notes.append(text)
        self.unchecked = self.unchecked or unread

    def regex_view(self) -> Normalized:
        """The cased view regexes run on (rule types with regexes set ``needs_cased``)."""
        if self.cased is None:
            raise RuntimeError("a rule type with regexes must set needs_cased = True")
        return self.cased


class RuleBase(_Strict):
    """Fields every rule has, and the rule-type protocol with do-nothing defaults."""

    id: str = Field(pattern=RULE_ID)
    category: str
    severity: Severity
    message: str = Field(min_length=1)
    message_local: str | None = None
    suggestion: str | None = None
    # The in-place fix behind "apply suggestion": one text for every match, or {matched text: fix}
    # (matched case-insensitively). For a whole-asset finding a text is put at the start of the draft.
    replacement: str | dict[str, str] | None = None
    source: Source
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    examples: Examples = Field(default_factory=Examples)

    # Set by a type whose regexes run on the cased view (pattern, requires).
    needs_cased: ClassVar[bool] = False
    # Set by a type that scores with the semantic layer (theme): the engine then loads it.
    needs_theme: ClassVar[bool] = False
    # Set by a type whose ``evaluate`` finds nothing unless a regex of this role may match (pattern, rival_name):
    # the engine then skips it on a draft where the regex prefilter rules out every regex of the role.
    gated_by: ClassVar[str | None] = None
    # Set by a type whose ``evaluate`` finds nothing unless the term index found a term of this role (terms): the
    # engine then skips it on a draft where that role has no hit, without a call.
    gated_by_terms: ClassVar[str | None] = None

    def finding_message(self) -> str:
        return f"{self.message} ({self.message_local})" if self.message_local else self.message

    def finding(self, start: int | None = None, end: int | None = None, extra: str | None = None) -> Finding:
        msg = self.finding_message()
        return Finding(rule=self.id, category=self.category, severity=self.severity, start=start, end=end,
                       message=f"{msg} [{extra}]" if extra else msg, suggestion=self.suggestion,
                       source=str(self.source))

    def term_groups(self, locale: str) -> list[Group]:
        """Terms for the locale's shared Aho-Corasick index, keyed ``(self.id, role)``."""
        return []

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        """(role, compiled regexes) for the shared literal prefilter; see ``EvalContext.runnable``."""
        return []

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        raise NotImplementedError(f"rule type {type(self).__name__} has no evaluate(ctx)")
