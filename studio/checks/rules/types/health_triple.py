"""``health_triple`` (checks-alcohol58, issue 9): a health claim read as a relation, not a phrase.

A health claim is a triple: the product the copy sells, a disease, condition, body function or symptom (``terms``:
"arthritis", "Migräneanfälle", "pressione alta", "花粉症", "asam urat"), and a verb of effect that joins them
(``near``: cure, treat, prevent, relieve, stop, make disappear, bring back to normal, lower; 治る, 개선, 治疗, หาย,
ठीक). The phrase rules read the condition and the verb within a fixed number of characters, in a set order; a copywriter
puts them anywhere in the sentence ("my arthritis flare-ups simply stopped", "la pressione alta torna normale in un
mese", "asam urat dan kolesterol langsung turun"). This reader takes the **sentence** as the relation's scope: a
condition and an effect in the same sentence (up to ``span`` characters apart) make the claim, whichever comes first.

The product is the copy's (every asset sells one); the sentence is no claim where its subject is not a product that
may not make it (``unless``, anywhere in the sentence): a medicine with its licence or leaflet, a pharmacy, a doctor, a
clinic or a vaccine; advice to see a doctor; the authorised wording of Reg. (EU) 432/2012 ("contributes to the normal
function of", "trägt zur normalen ... bei"); the US disclaimer "not intended to diagnose, treat, cure or prevent".
Law: Reg. (EC) 1924/2006 art. 10 and 14 and Reg. (EU) 1169/2011 art. 7(3); UK CAP 12.1 and 15; 广告法 art. 16-18;
薬機法 art. 66-68; 식품표시광고법 art. 8; Drugs and Magic Remedies Act 1954 s. 4; ANVISA RDC 96/2008.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, Span, WordRolesRule, role_validators

# a sentence ends at a full stop, a question or exclamation mark, a semicolon or a line break (not at a decimal point)
SENTENCE_END = re.compile(r"(?<!\d)[.](?!\d)|[!?;。！？；\n]")


def sentences(text: str) -> list[Span]:
    """(start, end) of each sentence of ``text``."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


class HealthTripleRule(WordRolesRule):
    type: Literal["health_triple"]
    ROLES: ClassVar[tuple[str, ...]] = ("terms", "near", "unless")
    _flat_roles, _nonblank_roles = role_validators(*ROLES)
    terms: list[str] = Field(min_length=1)  # conditions, diseases, symptoms, body functions
    near: list[str] = Field(min_length=1)  # verbs and idioms of effect
    unless: list[str] = Field(default_factory=list)  # in the sentence: the claim is no product's, or authorised
    span: int = Field(120, gt=0, le=400)  # at most this many characters between the condition and the effect
    # "after": the effect must follow the condition (an outcome said of the condition: "my flare-ups simply stopped",
    # not "back to normal hours after the flu season"); "either": any order (a verb: "cures diabetes", "糖尿病を改善")
    near_side: Literal["either", "after"] = "either"

    gated_by_terms = "terms"


    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        conditions = ctx.hits.get((self.id, "terms"), ())
        effects = ctx.hits.get((self.id, "near"), ())
        if not conditions or not effects:
            return []
        unless = ctx.hits.get((self.id, "unless"), ())
        out: list[Finding] = []
        for s, e in sentences(ctx.text):
            if any(s <= a < e for a, _ in unless):
                continue
            cs = [c for c in conditions if s <= c[0] < e]
            fx = [f for f in effects if s <= f[0] < e]
            for a, b in cs:
                hit = next((f for f in fx if not (f[0] < b and a < f[1]) and max(f[0] - b, a - f[1]) <= self.span
                            and (self.near_side == "either" or f[0] >= b)), None)
                if hit:
                    out.append(self.finding(a, b, extra=f"{ctx.text[a:b]!r} with {ctx.text[hit[0]:hit[1]]!r} in one sentence"))
                    break
        return out
