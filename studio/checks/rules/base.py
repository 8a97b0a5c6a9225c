"""What every rule type shares: the common fields, the evaluation context and the regex guard (rules/regexes.py).

A rule type is a pydantic model (``RuleBase`` subclass with a ``type: Literal[...]`` tag) that says
what it contributes to the locale's shared indexes (``term_groups``: terms for the one Aho-Corasick
automaton; ``regex_groups``: compiled regexes behind the one literal prefilter) and how it turns
one asset into findings (``evaluate(ctx)``). The engine knows no rule type by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.checks.asset import AssetKind, CheckInput
from studio.checks.finding import Finding, Severity
from studio.checks.matcher import Group
from studio.checks.normalize import Normalized

# the regex guard's names, imported from here by the rule types (explicit re-exports)
from studio.checks.rules.regexes import MAX_NESTED_REPEAT as MAX_NESTED_REPEAT
from studio.checks.rules.regexes import MAX_PATTERN_LENGTH as MAX_PATTERN_LENGTH
from studio.checks.rules.regexes import backtracking_risk as backtracking_risk
from studio.checks.rules.regexes import compile_patterns as compile_patterns
from studio.checks.rules.regexes import compiled_regex as compiled_regex
from studio.checks.rules.regexes import nfkc_pattern as nfkc_pattern

RULE_ID = r"^[a-z0-9_]+(\.[a-z0-9_\-]+)+$"
FLAGS = {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}
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
    glossary: list[str] = Field(default_factory=list)  # the input's glossary, for rules that read it (glossary_name)


def _example(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Examples(_Strict):
    match: list[Example] = Field(default_factory=list)
    no_match: list[Example] = Field(default_factory=list)

    @field_validator("match", "no_match", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> Any:
        return [_example(x) for x in v] if isinstance(v, list) else v


def flat_words(v: object) -> object:
    """A word list that may hold lists (YAML aliases of shared word lists: ``unless: [*not_drinks58, *sober58]``),
    flattened one level; anything else as it is (for a ``mode="before"`` validator)."""
    if isinstance(v, list):
        return [w for x in v for w in (x if isinstance(x, list) else [x])]
    return v


def no_blank(words: list[str], what: str = "terms", ignore: str = "") -> list[str]:
    """``words`` as they are, or a ValueError when one is blank (``ignore``: characters that alone do not
    make a word, e.g. the ``*`` of a prefix term): the check every rule's word lists share."""
    if any(not w.strip().strip(ignore) for w in words):
        raise ValueError(f"{what} must not be blank")
    return words


def line_at(text: str, at: int | None) -> str:
    """The line of ``text`` that holds position ``at`` (the whole text when ``at`` is None)."""
    if at is None:
        return text
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    return text[lo : hi if hi >= 0 else len(text)]


def regexes(patterns: list[str]) -> list[str]:
    """``patterns`` as they are, or a ValueError naming the first that does not compile (``[i] is no regex``):
    the check the reader types' regex lists share (announced, reference_stated)."""
    for i, p in enumerate(patterns):
        try:
            re.compile(p)
        except re.error as e:
            raise ValueError(f"[{i}] is no regex ({e}): {p!r}") from e
    return patterns


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



def _flat_role(cls: type, v: object) -> object:
    return flat_words(v)


def _nonblank_role(cls: type, v: list[str]) -> list[str]:
    return no_blank(v, "terms", ignore="*")


def role_validators(*roles: str) -> tuple[Any, Any]:
    """The two validators of a ``WordRolesRule``'s word lists, for its class body:
    ``_flat_roles, _nonblank_roles = role_validators(*ROLES)`` (lists of lists flattened, no blank word), each error
    at its field as a decorated method's would be."""
    return field_validator(*roles, mode="before")(_flat_role), field_validator(*roles)(_nonblank_role)


class WordRolesRule(RuleBase):
    """A rule type whose word lists are the fields named in ``ROLES``: each may hold lexicon references and YAML
    aliases of lists (``role_validators``), and each is one group of the locale's shared term index, keyed
    ``(self.id, role)`` and inflected in the locale's language. The readers that pair words (drink_stated,
    health_triple, lottery, drink_day) each carried these three methods for their own roles."""

    ROLES: ClassVar[tuple[str, ...]] = ()

    def term_groups(self, locale: str) -> list[Group]:
        from studio.checks.language import language_of_locale

        lang = language_of_locale(locale)
        return [Group((self.id, role), words, inflect=lang) for role in self.ROLES if (words := getattr(self, role))]
