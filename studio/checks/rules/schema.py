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


# The rule types and their parts, once re-exported from here, are imported on first use (``__getattr__``): the
# loader imports this module, and a start that reads validated packs imports only the types its rules use.
_LAZY = {
    "CalendarRule": "calendar", "CalendarDate": "calendar", "HijriSpec": "calendar", "HolidaySpec": "calendar",
    "FormatRule": "format", "MixRule": "mix", "Registers": "mix", "NumberRule": "number", "PatternRule": "pattern",
    "RequiresRule": "requires", "When": "requires", "TermsRule": "terms", "PaletteColour": "terms",
    "ThemeRule": "theme",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"studio.checks.rules.types.{module}"), name)


__all__ = [  # and the lazy names above (``_LAZY``)
    "FLAGS", "RULE_ID", "AppliesTo", "CategoriesFile", "Category", "Example", "Examples", "Override", "PackFile",
    "RuleBase", "Source", "compile_patterns",
]
