"""``terms``: words and phrases (with exceptions and inflection suffixes) found by the shared index.

A term that is a violation only in some company takes context from the same index: with ``near``, a
hit counts only when one of those words stands within ``window`` characters of it (a sacred figure
beside "t-shirt" or "doormat", not in a wedding invitation); with ``unless``, a hit within
``window`` characters of one of those words does not count ("sangría sin alcohol", "assembled in
USA from imported parts"). Both lists inflect like the terms. With ``negated_before`` / ``negated_after``
(regexes, as in the ``contradiction`` type), a hit right after a negation ("sin pescado", "ไม่ใส่กุ้ง") or right
before "-free" ("fish-free") confirms the absence instead and does not count.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import (
    NEGATION_WINDOW,
    EvalContext,
    Negations,
    RuleBase,
    _Strict,
    no_blank,
    within,
)
from studio.checks.rules.types.basis import Basis


class PaletteColour(_Strict):
    name: str
    rgb: tuple[int, int, int]
    tolerance: float = 40.0
    min_share: float = Field(0.25, gt=0, le=1)


class TermsRule(RuleBase, Negations):
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
    # Context (see the module docstring): words one of which must / must not stand within `window`
    # characters of a hit for it to count.
    near: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    window: int = Field(60, gt=0, le=400)
    # Which side of a hit a ``near`` word must stand on: "before" (it ends before the hit starts: "no need to" +
    # "fast"), "after" (it starts after the hit ends: "oruç" + "gerek yok"), or "either" (the default).
    near_side: Literal["either", "before", "after"] = "either"
    # Optional image hook for taboo_colour rules: dominant colours near these are findings.
    palette: list[PaletteColour] = Field(default_factory=list)
    # checks-restB59: the claim read against the substantiation the input states (types/basis.py)
    basis: Basis | None = None

    gated_by_terms = "terms"  # no finding without a hit of one of its terms

    @field_validator("terms", "exceptions", "near", "unless")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "terms", ignore="*")

    def _negated(self, text: str, a: int, b: int) -> bool:
        return self.negation_near(text[max(0, a - NEGATION_WINDOW):a], text[b:b + NEGATION_WINDOW])

    def term_groups(self, locale: str) -> list[Group]:
        lang = language_of_locale(locale) if self.inflect else None
        groups = [Group((self.id, "terms"), self.terms, self.exceptions, self.match, self.case_sensitive, self.suffixes,
                        inflect=lang, obfuscated=self.obfuscated)]
        for role in ("near", "unless"):
            if words := getattr(self, role):
                groups.append(Group((self.id, role), words, inflect=lang))
        if self.basis:
            groups.append(self.basis.group(self.id))
        return groups

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        hits = ctx.hits.get((self.id, "terms"), ())
        if hits and (self.compiled_before or self.compiled_after):
            hits = [(a, b) for a, b in hits if not self._negated(ctx.text, a, b)]
        if hits and self.near:
            near = list(ctx.hits.get((self.id, "near"), ()))
            hits = [(a, b) for a, b in hits
                    if within((a, b), [s for s in near if not (a <= s[0] and s[1] <= b) and _on_side(s, a, b, self.near_side)], self.window)]
        if hits and self.unless:
            unless = list(ctx.hits.get((self.id, "unless"), ()))
            hits = [h for h in hits if not within(h, unless, self.window)]
        if hits and self.basis:
            hits = [h for h in hits if not self.basis.stated(ctx, self.id, h)]
        return [self.finding(a, b) for a, b in hits]


def _on_side(span: tuple[int, int], a: int, b: int, side: str) -> bool:
    """Whether a ``near`` span stands on the rule's side of the hit ``a:b``: wholly before it, wholly after it, or
    (``either``) anywhere."""
    return side == "either" or (span[1] <= a if side == "before" else span[0] >= b)
