"""Rule models: a closed set of rule types as a pydantic discriminated union on ``type``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from studio.checks.asset import AssetKind
from studio.checks.finding import Severity

RULE_ID = r"^[a-z0-9_]+(\.[a-z0-9_\-]+)+$"
FLAGS = {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    name: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.name}, {self.url}" if self.url else self.name


class AppliesTo(_Strict):
    kinds: list[AssetKind] | None = None
    channels: list[str] | None = None
    audience: Literal["children", "general"] | None = None
    sponsored: bool | None = None
    ai_generated: bool | None = None


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


def _compile(patterns: list[str], flags: int, field: str) -> list[re.Pattern]:
    out = []
    for i, p in enumerate(patterns):
        try:
            out.append(re.compile(p, flags))
        except re.error as exc:
            raise ValueError(f"{field}[{i}] is not a valid regex ({exc}): {p!r}") from None
    return out


class RuleBase(_Strict):
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

    def finding_message(self) -> str:
        return f"{self.message} ({self.message_local})" if self.message_local else self.message


class PaletteColour(_Strict):
    name: str
    rgb: tuple[int, int, int]
    tolerance: float = 40.0
    min_share: float = Field(0.25, gt=0, le=1)


class TermsRule(RuleBase):
    type: Literal["terms"]
    terms: list[str] = Field(min_length=1)
    exceptions: list[str] = Field(default_factory=list)
    match: Literal["auto", "word", "substring", "prefix"] = "auto"
    case_sensitive: bool = False
    # Inflection variants listed in data: each term also matches term + suffix (word mode).
    suffixes: list[str] = Field(default_factory=list)
    # Optional image hook for taboo_colour rules: dominant colours near these are findings.
    palette: list[PaletteColour] = Field(default_factory=list)

    @field_validator("terms", "exceptions")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        if any(not t.strip().rstrip("*") for t in v):
            raise ValueError("terms must not be blank")
        return v


class PatternRule(RuleBase):
    type: Literal["pattern"]
    patterns: list[str] = Field(min_length=1)
    flags: list[Literal["ignorecase", "multiline", "dotall"]] = Field(default_factory=lambda: ["ignorecase"])
    compiled: list[Any] = Field(default_factory=list, exclude=True, repr=False)

    @model_validator(mode="after")
    def _build(self) -> PatternRule:
        flags = 0
        for f in self.flags:
            flags |= FLAGS[f]
        self.compiled = _compile(self.patterns, flags, "patterns")
        return self


class When(_Strict):
    terms: list[str] | None = None
    patterns: list[str] | None = None
    meta: dict[str, Any] | None = None
    always: bool | None = None
    compiled: list[Any] = Field(default_factory=list, exclude=True, repr=False)

    @model_validator(mode="after")
    def _build(self) -> When:
        if not (self.terms or self.patterns or self.meta or self.always):
            raise ValueError("when needs at least one of terms, patterns, meta, always: true")
        self.compiled = _compile(self.patterns or [], re.IGNORECASE, "when.patterns")
        return self


class RequiresRule(RuleBase):
    type: Literal["requires"]
    when: When
    required: list[str] = Field(default_factory=list)
    required_patterns: list[str] = Field(default_factory=list)
    # The required phrase must appear within the first N characters (e.g. KR: title or first line).
    within_first: int | None = Field(None, gt=0)
    compiled: list[Any] = Field(default_factory=list, exclude=True, repr=False)

    @model_validator(mode="after")
    def _build(self) -> RequiresRule:
        if not (self.required or self.required_patterns):
            raise ValueError("requires needs required: [phrases] or required_patterns: [regex]")
        self.compiled = _compile(self.required_patterns, re.IGNORECASE, "required_patterns")
        return self


class NumberRule(RuleBase):
    type: Literal["number"]
    numbers: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    # Optional: only count a hit when one of these phrases is within context_window characters.
    contexts: list[str] = Field(default_factory=list)
    context_window: int = Field(15, ge=0)

    @field_validator("numbers", mode="before")
    @classmethod
    def _digits(cls, v: Any) -> Any:
        v = [str(x) for x in v] if isinstance(v, list) else v
        for x in v if isinstance(v, list) else []:
            if not x.isdigit():
                raise ValueError(f"numbers must be digit strings, got {x!r}")
        return v

    @model_validator(mode="after")
    def _some(self) -> NumberRule:
        if not (self.numbers or self.words):
            raise ValueError("number rule needs numbers: [...] or words: [...]")
        return self


class CalendarDate(_Strict):
    name: str
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    window_days: int = Field(0, ge=0)


class HolidaySpec(_Strict):
    country: str
    subdiv: str | None = None
    names: list[str] = Field(default_factory=lambda: ["*"])
    window_days: int = Field(0, ge=0)


class HijriSpec(_Strict):
    name: str
    month: int = Field(ge=1, le=12)
    day: int | None = Field(None, ge=1, le=30)
    whole_month: bool = False
    window_days: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _day_or_month(self) -> HijriSpec:
        if not self.whole_month and self.day is None:
            raise ValueError("hijri entry needs day: N or whole_month: true")
        return self


class CalendarRule(RuleBase):
    type: Literal["calendar"]
    dates: list[CalendarDate] = Field(default_factory=list)
    holidays: HolidaySpec | None = None
    hijri: list[HijriSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some(self) -> CalendarRule:
        if not (self.dates or self.holidays or self.hijri):
            raise ValueError("calendar rule needs dates, holidays or hijri")
        return self


class Registers(_Strict):
    formal: list[str] = Field(min_length=1)
    informal: list[str] = Field(min_length=1)


class MixRule(RuleBase):
    type: Literal["mix"]
    registers: Registers | None = None


class FormatRule(RuleBase):
    type: Literal["format"]
    checks: list[Literal["decimal", "currency", "date"]] = Field(min_length=1)


class ThemeRule(RuleBase):
    type: Literal["theme"]
    exemplars: list[str] = Field(min_length=1)
    threshold: Literal["auto"] | float = "auto"

    @model_validator(mode="after")
    def _calibratable(self) -> ThemeRule:
        if self.threshold == "auto" and not (self.examples.match and self.examples.no_match):
            raise ValueError("threshold: auto needs examples.match and examples.no_match to calibrate from")
        return self


Rule = Annotated[
    Union[TermsRule, PatternRule, RequiresRule, NumberRule, CalendarRule, MixRule, FormatRule, ThemeRule],
    Field(discriminator="type"),
]
RULE_ADAPTER: TypeAdapter = TypeAdapter(Rule)
RULE_TYPES = ("terms", "pattern", "requires", "number", "calendar", "mix", "format", "theme")
OVERRIDABLE = {"severity", "message", "message_local", "suggestion", "applies_to"}


class Override(_Strict):
    severity: Severity | None = None
    message: str | None = None
    message_local: str | None = None
    suggestion: str | None = None
    applies_to: AppliesTo | None = None


class PackFile(_Strict):
    """One ``cultural_rules/<pack>/*.yaml`` file (rules validated one by one afterwards)."""

    pack: str
    extends: list[str] = Field(default_factory=list)
    disable: list[str] = Field(default_factory=list)
    override: dict[str, Override] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)


class Category(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    description: str


class CategoriesFile(_Strict):
    categories: list[Category] = Field(min_length=1)
