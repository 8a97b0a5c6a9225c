"""``contrast``: two parties set side by side, a competitor in one clause and the advertiser in the next.

checks-comparative61 (issue 9). The comparative rules before this one read a competitor beside a word that says what
is said of it (a failing, a slur, a superiority word, a put-down): the strangers' misses name the competitor and the
advertiser and say something of each in words no list held ("他社の青汁はまずくて続かない。みどりの雫なら美味しい",
"Rakip firmaların ilanları sahte, bizimkiler gerçek", "Karşıdaki X'in öğretmenleri sertifikasız, bize gelin"). What
makes such copy comparative advertising is not the words of the predicate but its structure: a competitor identified
explicitly or by implication, and the advertiser's own offer set against it (Directive 2006/114/EC art. 2(c); CAP
Code 3.33; 比較広告ガイドライン; 비교표시·광고 심사지침; 广告法 art. 13). So this type reads the two parties:

- the competitor: a hit of ``terms`` (usually the rival lexicons: a class of rival, the rivals as a group, the
  reader's current supplier; a deictic rival "the shop across the street");
- the advertiser's turn: a hit of ``near`` (the advertiser's side: "with us", "ours", "bizimkiler", "当社なら", "저희는")
  or a regex of ``turn`` (a structural turn, e.g. Japanese ``<name>なら`` opening a clause),

the turn standing AFTER the competitor (or, with ``either``, before it), within ``window`` characters, with a clause boundary between them (a comma, a
semicolon, a dash, a sentence's end, 、 or 。): two clauses, one party each, which is the shape of a contrast and not of
a list ("we stock other brands and ours"). ``unless`` (from ``terms``) drops a hit near a lawful form (compatible
with, we stock, a source).

Regexes compile on first use; the type works only where a competitor hit stands in the draft.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, regexes, within
from studio.checks.rules.regexes import compiled_all
from studio.checks.rules.types.terms import TermsRule

# a clause boundary: a comma, a semicolon, a colon, a dash, a sentence's end (not a decimal point), 、 。 ，
_CLAUSE = r"[,;:!?、。，；！？\n]|\.(?!\d)|\s[–—-]\s|[–—]"


@cache
def _clause() -> re.Pattern[str]:
    return re.compile(_CLAUSE)


class ContrastRule(TermsRule):
    type: Literal["contrast"]  # type: ignore[assignment]
    turn: list[str] = Field(default_factory=list)  # regexes: a structural turn to the advertiser
    either: bool = False  # the advertiser's clause may also come first ("ours ...; the others ...")

    @field_validator("turn")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return regexes(v)

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        text = ctx.text
        hits = list(ctx.hits.get((self.id, "terms"), ()))
        if not hits:
            return []
        if self.compiled_before or self.compiled_after:
            hits = [(a, b) for a, b in hits if not self._negated(text, a, b)]
        if hits and self.unless:
            unless = list(ctx.hits.get((self.id, "unless"), ()))
            hits = [h for h in hits if not within(h, unless, self.window)]
        if not hits:
            return []
        turns = list(ctx.hits.get((self.id, "near"), ()))
        turns += [m.span() for rx in compiled_all(tuple(self.turn)) for m in rx.finditer(text)]
        out: list[Finding] = []
        for a, b in hits:
            for ta, tb in turns:
                if ta >= b:  # the advertiser after the competitor ("theirs ...; ours ...")
                    lo, hi, start, end = b, ta, a, tb
                elif self.either and tb <= a:  # or before it ("ours ...; theirs ...")
                    lo, hi, start, end = tb, a, ta, b
                else:
                    continue
                if hi - lo > self.window:
                    continue
                if _clause().search(text, lo, hi):
                    out.append(self.finding(start, end, extra=f"'{text[a:b]}' set against '{text[ta:tb]}'"))
                    break
        return out
