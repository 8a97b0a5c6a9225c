"""``compared``: a comparison read by its OTHER TERM, which is a rival unless the copy states it is the advertiser's own.

checks-comparative58 (issue 9). Every comparative rule before this one needs the other term to be something a list
names: a rival's name (``rival_name``), a class of rival or an unnamed second party (lexicons read by ``terms``
rules). Strangers compare the offer with whatever they like ("than the usual soaps from the corner shop", "que los
detergentes de siempre", "than you'll find online", "R社より"), and no list names it. The law reads the other way
round: a comparison is comparative advertising unless the second party is the advertiser itself (its own earlier
product, a past period, an expectation), so this type reads it that way too (Directive 2006/114/EC art. 2(c), 4; UK
CAP Code 3.33; 比較広告ガイドライン; 비교표시·광고 심사지침; 广告法 art. 13).

A regex of ``patterns`` finds a comparison (a comparative word and its relation: "cheaper than", "más ... que",
"plus ... que", "più ... di", "leichter als", "lebih ... daripada", "rẻ hơn", "ถูกกว่า", "比X更", "Xより安い",
"X보다 더", "X'den daha", "X से बेहतर") and captures its other term in a group named ``other``. The type then
compares that term with what the input states of the advertiser:

- the term is the advertiser's own where it holds a word of ``terms`` (the ``own`` words: first-person possessives,
  "previous", "original", "former", "last year", "ever", "before", "you think", 従来品, 当社, 작년, 上一代 ...; read
  from the shared term index, inflected, usually ``"@lexicon:comparison_own58"``) or a term of the draft's
  glossary (the brand's own do-not-translate names, which the pipeline sets from the brief);
- the term is a time or a quantity where a digit stands in it or right before it ("more than 200 shops", "plus
  bas des 30 derniers jours", "10時より", "10 ग्राम से कम"), or where it is one of the ``alone`` words and nothing else ("than usual", "que nunca");
- anything else is the second party: a named brand, a category of goods, "others", a place of sale. A comparison
  with it is a finding unless a regex of ``unless`` stands within ``window`` characters (a cited basis: "source:",
  "tested by", "según", "(test ...)": the comparison is verifiable on its face and the reviewer checks the source).

The term index and the prefilter do all the scanning; the type does work only on a draft whose patterns matched.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, compile_patterns, no_blank, within

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w", re.UNICODE)


class ComparedRule(RuleBase):
    type: Literal["compared"]
    patterns: list[str] = Field(min_length=1)  # each with a group named "other": the compared term
    ignorecase: bool = False
    # the words that make the other term the advertiser's own, a past period or an expectation (anywhere in it)
    terms: list[str] = Field(min_length=1)
    # words that make it a time or a degree when they are the whole term ("usual", "nunca", "necessary")
    alone: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    window: int = Field(60, gt=0, le=400)
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_unless: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True
    gated_by = "patterns"  # no finding without a match of one of its patterns

    @model_validator(mode="after")
    def _build(self) -> ComparedRule:
        self.compiled = compile_patterns(self.patterns, re.IGNORECASE if self.ignorecase else 0, "patterns")
        for i, rx in enumerate(self.compiled):
            if "other" not in rx.groupindex:
                raise ValueError(f"patterns[{i}] has no group named 'other' (the compared term): {self.patterns[i]!r}")
        self.compiled_unless = compile_patterns(self.unless, re.IGNORECASE, "unless")
        return self

    @field_validator("terms", "alone")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "own words")

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled), ("unless", self.compiled_unless)]

    def term_groups(self, locale: str) -> list[Group]:
        return [Group((self.id, "terms"), self.terms, inflect=language_of_locale(locale))]

    def other_party(self, other: str, span: tuple[int, int], ctx: EvalContext) -> bool:
        """Whether the compared term ``other`` (at ``span`` of the draft) is a second party: not the advertiser's own,
        a time, a quantity or an expectation by what the input states."""
        term = other.strip(" \t'’\"«»“”„「」-–—")
        if not _WORD.search(term) or _DIGIT.search(term):
            return False
        if term.casefold() in {w.casefold() for w in self.alone}:
            return False
        a, b = span
        if _DIGIT.search(ctx.text[max(0, a - 3) : a].rstrip()[-1:]):
            return False  # a unit after a figure ("10 ग्राम से कम": less than per 10 grams)
        if any(a <= x < b for x, _ in ctx.hits.get((self.id, "terms"), ())):
            return False
        low = term.casefold()
        return not any(g.strip() and g.casefold() in low for g in ctx.item.glossary)

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        found = [m for rx in ctx.runnable((self.id, "patterns")) for m in rx.finditer(view.text)
                 if m.group("other")]
        if not found:
            return []
        basis = [m.span() for rx in ctx.runnable((self.id, "unless")) for m in rx.finditer(view.text)]
        out: list[Finding] = []
        seen: set[int] = set()
        for m in found:
            if basis and within(m.span(), basis, self.window):
                continue
            oa, ob = view.span(*m.span("other"))
            if oa in seen or not self.other_party(m.group("other"), (oa, ob), ctx):
                continue
            seen.add(oa)
            a, b = view.span(*m.span())
            out.append(self.finding(a, b, extra=f"compared with '{m.group('other').strip()}', not the advertiser's own"))
        return out
