"""``grounded``: claims a draft makes that the brief does not state (category ``unsupported_claim``).

A model writing copy invents specifics: "keeps drinks cold for 48 hours", "clinically proven", "100%
plastic-free". Such a claim is fine when the brief's facts, claims or key messages state it, and a
finding when they do not. The brief's statements reach the check as ``meta.facts`` (the pipeline
sets them; see ``studio.checks.asset.AssetMeta``). Input without ``meta.facts`` (a plain ``studio
check`` line) is not judged: the rule then gives no finding.

Two kinds of claim, one rule each in the pack:
- ``numbers: true``: every number in the draft (with its unit: "48 hours", "50 %", "3x") whose value
  is not a number the facts state. Digits of every script compare by value ("٤٨" is 48).
- ``terms``: claim phrases (health, green, absolute ...) found by the shared term index; a phrase
  the facts contain (casefolded) is grounded. With ``places: true`` (origin claims) a phrase is also grounded
  when the place it names is a place the facts name, in the draft's language or theirs: 'صنع في البرتغال'
  states the brief's 'Made in Portugal' (CLDR territory names, read by babel only for such a claim).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, Span, no_blank

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A unit or quantity word right after a number belongs to the claim ("48 hours", "50 %", "3x", "24h").
_UNIT = re.compile(r"[ \u00a0\u202f]?(?:%|％|[^\W\d_]{1,12})")


def ascii_digits(text: str) -> str:
    """Arabic-Indic, full-width and other decimal digits as 0-9 (same length: offsets are kept)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def number_value(raw: str) -> str:
    """One number as written, normalised: '29,99' -> '29.99', '1,000' -> '1000', '007' -> '7'."""
    parts = re.split(r"[.,]", raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return "".join(parts).lstrip("0") or "0"
    if len(parts) > 1:
        return f"{parts[0].lstrip('0') or '0'}.{parts[1]}"
    return raw.lstrip("0") or "0"


def number_spans(text: str) -> list[tuple[Span, str]]:
    """((start, end), value) for each number of ``text``; the span takes in a unit written after it."""
    digits = ascii_digits(text)
    out = []
    for m in NUMBER.finditer(digits):
        end = m.end()
        unit = _UNIT.match(text, end)
        if unit:
            end = unit.end()
        out.append(((m.start(), end), number_value(m.group())))
    return out


def numbers_in(text: str) -> set[str]:
    """The values of every number in ``text``."""
    return {value for _, value in number_spans(text)}


# Numbers a brief spells out ("one bottle instead of hundreds of plastic ones") ground the digits a draft
# writes for them ("1瓶"). Briefs are written in English (the source locale of every example brief); a
# plural ("hundreds") names no value and grounds none.
_SPELLED = {w: str(v) for v, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_SPELLED |= {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
             "ninety": "90", "hundred": "100", "thousand": "1000", "dozen": "12", "single": "1", "once": "1",
             "twice": "2", "double": "2"}
_WORDS = re.compile(r"[a-z]+")


def stated_numbers(text: str) -> set[str]:
    """The values of the numbers a statement gives, in digits or spelt out in English words."""
    return numbers_in(text) | {_SPELLED[w] for w in _WORDS.findall(text.casefold()) if w in _SPELLED}


def facts_of(ctx: EvalContext) -> list[str] | None:
    """The brief's statements the draft is checked against; None when the input carries none."""
    facts = ctx.item.meta.facts
    return None if facts is None else [f for f in facts if f]


# characters either side of an origin phrase where the place it names is read (after it in 'Made in Portugal', before
# it in 'पुर्तगाल में निर्मित')
PLACE_NEAR = 40


@lru_cache(maxsize=4096)
def places_named(text: str, lang: str) -> frozenset[str]:
    """The territories (CLDR codes) whose name in ``lang`` the text contains; names of three letters or fewer
    are left out (too likely inside another word). Cached: a draft's facts are read once per origin phrase it
    names, and one brief's facts come with every draft of its campaign."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return frozenset()
    folded = text.casefold()
    return frozenset(code for code, name in names.items() if code.isalpha() and len(name) > 3 and name.casefold() in folded)


class GroundedRule(RuleBase):
    type: Literal["grounded"]
    numbers: bool = False
    terms: list[str] = Field(default_factory=list)
    # an origin phrase is grounded by the place it names being a place the facts name (see the module docstring)
    places: bool = False
    suffixes: list[str] = Field(default_factory=list)
    match: Literal["auto", "word", "substring", "prefix"] = "auto"

    @model_validator(mode="after")
    def _something(self) -> GroundedRule:
        if not self.numbers and not self.terms:
            raise ValueError("a grounded rule needs `numbers: true` or `terms: [...]`")
        no_blank(self.terms)
        return self

    def term_groups(self, locale: str) -> list[Group]:
        return [Group((self.id, "terms"), self.terms, [], self.match, False, self.suffixes)] if self.terms else []

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        facts = facts_of(ctx)
        if facts is None:
            return []
        stated = " \n ".join(facts)
        out: list[Finding] = []
        if self.numbers:
            known = stated_numbers(stated)
            for (a, b), value in number_spans(ctx.text):
                if value not in known:
                    out.append(self.finding(a, b, extra=f"{ctx.text[a:b].strip()!r}: the brief states no {value}"))
        folded = stated.casefold()
        for a, b in ctx.hits.get((self.id, "terms"), ()):
            said = ctx.text[a:b]
            if said.casefold() not in folded and not (self.places and self._stated_place(ctx, a, b, stated)):
                out.append(self.finding(a, b, extra=f"{said!r} is not in the brief's facts or claims"))
        return out

    def _stated_place(self, ctx: EvalContext, start: int, end: int, stated: str) -> bool:
        """Whether the place named beside an origin phrase is one the facts name."""
        lang = language_of_locale(ctx.locale)
        named = places_named(ctx.text[max(0, start - PLACE_NEAR):end + PLACE_NEAR], lang)
        return bool(named) and bool(named & (places_named(stated, "en") | places_named(stated, lang)))
