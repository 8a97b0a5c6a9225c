"""``stated_pair`` (checks-faith58): two things the copy states, read against each other through a table.

A phrase rule knows one wording of a violation; this type knows the THINGS a violation is made of and which of them
cannot stand together. A rule carries two tables:

- ``contexts``: what the copy states as its frame, by key: a diet or faith label ("vegan", "jain", "halal"), an
  occasion ("a birthday", "a get-well visit", "a wedding"), each with the words that state it (lexicons, any language);
- ``things``: what the copy names, by key: an ingredient, a gift, a flower, each with its words (or, checks-faith61,
  ``patterns``: the thing by its shape where no list can name it, a count of four in any counter: "4パック", "四盒",
  "set 4 dulang"; compiled on first use, run only on a draft that states a context the thing breaks), the context keys it
  **breaks** (gelatin breaks vegan, vegetarian and halal; onion breaks jain; a chrysanthemum breaks a celebration in
  the markets that bury with it), where it counts (``markets``: locale codes or language prefixes; empty: every
  market) and the source that says so.

A finding is a thing beside a context it breaks, within ``window`` characters in the same draft: "Jain thali with
onion bhaji", "Na Dzień Nauczyciela chryzantemy w doniczce", "お見舞いに櫛". Every word list is matched by the shared
term index (nothing per draft grows with the tables); a draft with no context word costs one dictionary look-up per
context key.

Where it does not count:
- a thing right after a negation or before a "-free" (``negated_before`` / ``negated_after``: "without onion",
  "gelatin-free", "sans gélatine", "무첨가") confirms the frame instead;
- a context the copy denies (``context_negated_before``: "not vegan", "non-halal", "nicht vegan");
- ``unless`` words anywhere within the window of the thing (a funeral, a grave, All Saints for a chrysanthemum; "agar"
  or "plant-based" for a gelatin) and a thing's own ``unless`` words;
- ``exceptions``: phrases that hold a thing's word but are not the thing ("veg gelatin", "coconut milk").
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import (
    NEGATION_WINDOW,
    EvalContext,
    Negations,
    RuleBase,
    Source,
    _Strict,
    compile_patterns,
    no_blank,
    within,
)

Span = tuple[int, int]


class PairContext(_Strict):
    terms: list[str] = Field(min_length=1, description="words that state this frame (a label, an occasion)")

    @field_validator("terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")


class PairThing(_Strict):
    terms: list[str] = Field(default_factory=list, description="what this thing is called, in the markets' languages")
    patterns: list[str] = Field(default_factory=list,
                                description="the thing by its shape where no word list can name it (a count of four "
                                            "in any counter: '4パック', '四盒', 'set 4 dulang'); compiled on first use "
                                            "and run only on a draft that states one of the contexts it breaks")
    breaks: list[str] = Field(min_length=1, description="the context keys this thing cannot stand beside")
    markets: list[str] = Field(default_factory=list, description="locale codes or language prefixes; empty: all")
    unless: list[str] = Field(default_factory=list, description="words near the thing that make it fine")
    source: Source

    @field_validator("terms", "unless")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")

    @model_validator(mode="after")
    def _named(self) -> PairThing:
        if not self.terms and not self.patterns:
            raise ValueError("a thing needs terms or patterns")
        compile_patterns(self.patterns, re.IGNORECASE, "patterns")  # a bad pattern fails at load, not per draft
        return self


@cache
def _shape(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """A thing's patterns as one regex, compiled on the first draft that needs it (checks-faith61)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


class StatedPairRule(RuleBase, Negations):
    type: Literal["stated_pair"]
    contexts: dict[str, PairContext] = Field(min_length=1)
    things: dict[str, PairThing] = Field(min_length=1)
    window: int = Field(160, gt=0, le=600)
    exceptions: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    context_negated_before: list[str] = Field(default_factory=list)
    inflect: bool = False
    compiled_ctx_neg: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    @field_validator("exceptions", "unless")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")

    @model_validator(mode="after")
    def _check_tables(self) -> StatedPairRule:
        for key, thing in self.things.items():
            unknown = [c for c in thing.breaks if c not in self.contexts]
            if unknown:
                raise ValueError(f"things.{key}.breaks names {unknown}, not a key of contexts "
                                 f"({', '.join(sorted(self.contexts))})")
        self.compiled_ctx_neg = compile_patterns([f"(?:{p})\\W{{0,3}}$" for p in self.context_negated_before],
                                                 re.IGNORECASE, "context_negated_before")
        return self

    def term_groups(self, locale: str) -> list[Group]:
        lang = None
        if self.inflect:
            from studio.checks.language import language_of_locale

            lang = language_of_locale(locale)
        out = [Group((self.id, "ctx:" + k), c.terms, self.exceptions, inflect=lang) for k, c in self.contexts.items()]
        for k, t in self.things.items():
            if _in_market(t.markets, locale):
                if t.terms:
                    out.append(Group((self.id, "thing:" + k), t.terms, self.exceptions, inflect=lang))
                if t.unless:
                    out.append(Group((self.id, "unless:" + k), t.unless, inflect=lang))
        if self.unless:
            out.append(Group((self.id, "unless"), self.unless, inflect=lang))
        return out

    def _ctx_denied(self, text: str, a: int) -> bool:
        before = text[max(0, a - 20):a]
        return any(rx.search(before) for rx in self.compiled_ctx_neg)

    def _negated(self, ctx: EvalContext, text: str) -> set[Span]:
        """The thing spans the copy says are absent: right after a negation or before "-free", and (checks-faith59)
        every item of a list such a negation governs: the later items of a list a negation opens ("without onion,
        garlic and potato", "ohne Zwiebeln, Knoblauch und Kartoffeln") and the earlier items of a list a negation
        closes ("domuz jelatini ve alkol içermez")."""
        spans = sorted({s for k in self.things for s in ctx.hits.get((self.id, "thing:" + k), ())})
        out: set[Span] = set()
        closing: set[Span] = set()  # negated by the word after them
        for a, b in spans:
            if any(rx.search(text[max(0, a - NEGATION_WINDOW):a]) for rx in self.compiled_before):
                out.add((a, b))
            elif any(rx.search(text[b:b + NEGATION_WINDOW]) for rx in self.compiled_after):
                out.add((a, b))
                closing.add((a, b))
        for prev, cur in zip(spans, spans[1:]):  # a negation that opens a list reaches forward
            if prev in out and _joined(text, prev, cur):
                out.add(cur)
        for prev, cur in reversed(list(zip(spans, spans[1:]))):  # one that closes it reaches back
            if cur in closing and _joined(text, prev, cur):
                out.add(prev)
                closing.add(prev)
        return out

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        text = ctx.text
        frames: dict[str, list[Span]] = {}
        for k in self.contexts:
            spans = [s for s in ctx.hits.get((self.id, "ctx:" + k), ()) if not self._ctx_denied(text, s[0])]
            if spans:
                frames[k] = spans
        if not frames:
            return []
        unless = list(ctx.hits.get((self.id, "unless"), ()))
        # every frame word, denied or not: a thing inside one is the frame's own word ("peanut" in "peanut-free")
        framed = [s for k in self.contexts for s in ctx.hits.get((self.id, "ctx:" + k), ())]
        out: list[Finding] = []
        negated = self._negated(ctx, text)
        for k, thing in self.things.items():
            if not _in_market(thing.markets, ctx.locale):
                continue
            found = list(ctx.hits.get((self.id, "thing:" + k), ()))
            if thing.patterns and any(c in frames for c in thing.breaks):
                found += [m.span() for m in _shape(tuple(thing.patterns)).finditer(text) if m.end() > m.start()]
            if not found:
                continue
            own = unless + list(ctx.hits.get((self.id, "unless:" + k), ()))
            for a, b in found:
                if any(x <= a and b <= y for x, y in framed):
                    continue
                if (a, b) in negated:
                    continue
                if own and within((a, b), own, self.window):
                    continue
                for c in thing.breaks:
                    near = [s for s in frames.get(c, ()) if not (a <= s[0] and s[1] <= b)]
                    if near and within((a, b), near, self.window):
                        x, y = near[0]
                        out.append(self.finding(a, b, extra=f"{k} breaks {c}: {text[x:y]!r} and {text[a:b]!r}"))
                        break
                else:
                    continue
                break  # one finding per thing
        return out


@cache
def _list_joint() -> re.Pattern[str]:
    """checks-faith59: what joins two items of one list ("onion, garlic and potato", "प्याज़ और लहसुन", "葱、蒜"), with
    at most one word of the first item's own before it ("domuz jelatini ve alkol"); compiled on first use."""
    return re.compile(r"^\s*(?:[^\s,、，]{1,14}\s*)?(?:[,、，/&+]\s*(?:(?:and|or|nor|und|oder|et|ou|y|o|e|i|lub|albo|ani|en|of"
                      r"|ve|veya|dan|atau|và|hoặc|और|या|व|و|أو|或|和|及|과|와|및|หรือ|และ|ni|nor)\s+)?|\s*(?:and|or|nor|und|oder|et"
                      r"|ou|y|o|e|i|lub|albo|ani|en|of|ve|veya|dan|atau|và|hoặc|और|या|व|و|أو|或|和|及|과|와|및|หรือ|และ|ni)\s+)\s*$",
                      re.IGNORECASE)


def _joined(text: str, first: Span, second: Span) -> bool:
    """Whether two thing spans are neighbouring items of one list (a separator, at most 20 characters apart)."""
    gap = second[0] - first[1]
    return 0 < gap <= 20 and bool(_list_joint().match(text[first[1]:second[0]]))


def _in_market(markets: list[str], locale: str) -> bool:
    """Whether a thing counts in ``locale``: no markets listed, its code listed, or its language prefix listed."""
    return not markets or locale in markets or locale.split("-")[0] in markets
