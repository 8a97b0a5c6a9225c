"""Rule pack files: the pack/override/category models, and the rule models re-exported.

Each rule type lives in its own module under ``studio/checks/rules/types/``; the union the loader
validates a rule with is built from the registry (``studio.checks.rules.registry``), so there is
no list of types to keep here.

A word list may name a shared lexicon (``cultural_rules/lexicons/<name>.yaml``) with the entry
``"@lexicon:<name>"`` in ``terms``, ``near``, ``required`` or ``when.terms``: the loader puts the lexicon's words
in its place before the rule is validated (``studio.checks.rules.lexicon``).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from studio.checks.finding import Severity
from studio.checks.rules.base import (
    FLAGS,
    RULE_ID,
    AppliesTo,
    Example,
    Examples,
    RuleBase,
    Source,
    _Strict,
    compile_patterns,
)
from studio.checks.rules.types import (
    CalendarRule,
    FormatRule,
    MixRule,
    NumberRule,
    PatternRule,
    RequiresRule,
    TermsRule,
    ThemeRule,
)
from studio.checks.rules.types.calendar import CalendarDate, HijriSpec, HolidaySpec
from studio.checks.rules.types.mix import Registers
from studio.checks.rules.types.requires import When
from studio.checks.rules.types.terms import PaletteColour

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


__all__ = [
    "FLAGS", "RULE_ID", "AppliesTo", "CalendarDate", "CalendarRule", "CategoriesFile", "Category", "Example",
    "Examples", "FormatRule", "HijriSpec", "HolidaySpec", "MixRule", "NumberRule", "Override", "PackFile",
    "PaletteColour", "PatternRule", "Registers", "RequiresRule", "RuleBase", "Source", "TermsRule", "ThemeRule",
    "When", "compile_patterns",
]
