"""``terms``: words and phrases (with exceptions and inflection suffixes) found by the shared index."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, _Strict


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
    # Inflected forms of single-word terms from simplemma's dictionary for the market's language
    # ("Gewinnspiel" -> "Gewinnspiele"); false for a list of exact forms.
    inflect: bool = True
    # Also match the terms spelt to slip past a filter: leetspeak ("sh!t") and masked letters ("f*ck").
    obfuscated: bool = False
    # Optional image hook for taboo_colour rules: dominant colours near these are findings.
    palette: list[PaletteColour] = Field(default_factory=list)

    @field_validator("terms", "exceptions")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        if any(not t.strip().rstrip("*") for t in v):
            raise ValueError("terms must not be blank")
        return v

    def term_groups(self, locale: str) -> list[Group]:
        return [Group((self.id, "terms"), self.terms, self.exceptions, self.match, self.case_sensitive, self.suffixes,
                      inflect=language_of_locale(locale) if self.inflect else None, obfuscated=self.obfuscated)]

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        return [self.finding(a, b) for a, b in ctx.hits.get((self.id, "terms"), ())]
