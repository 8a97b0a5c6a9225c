"""``register``: the reader addressed in two treatments, read from verb forms (``locales/register_grammar.yaml``).

``mix`` compares word lists; this type reads the grammar: a clause-initial imperative ("Descubra" usted beside
"descubre" tú), a question verb to the reader ("Vuole provarlo?" Lei), and the pronouns. A finding needs a
verb form on at least one side (two pronoun lists are ``mix``'s), points at the first form of the register
the market does not ask for (``expects``; else the one used less), and names it. A draft wholly in the register the profile does not ask for is not reported: on the
open halves that reading alerted 24 clean lines for 3 items (writers call a wholly-du de-DE line clean).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase
from studio.checks.rules.types.mix import _outside_quotes


class RegisterRule(RuleBase):
    type: Literal["register"]
    # The language entry of locales/register_grammar.yaml to read with (es, it, fr, de, pt; ja, ko: sentence
    # endings; pl, nl: verb agreement).
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    # The register the market's profile asks for (locales/<code>.yaml `formality`): the finding points at the
    # first form of the other one. Unset where the profile allows either: the register used less is the odd one.
    expects: Literal["formal", "informal"] | None = None
    # Fixed notices the law words in one treatment whatever the copy's ("Evite el exceso", the alcohol warning
    # of Mexico's Reglamento de Control Sanitario de Productos y Servicios): their verb forms do not count.
    exceptions: list[str] = Field(default_factory=list)
    # A regular expression of the rough forms of the register the profile rules out (ja ぜ, ぞ, じゃん, the bare
    # imperative 来い, 返せ): a draft with no form of ``expects`` that shows one is reported as well (the
    # profile rules that register out). Unset: only a mix is reported (writers call wholly-casual ja copy with
    # softer forms, "乗り換えてみて", clean).
    alone: str | None = None
    # Report only a draft wholly in the ruled-out register (``alone``), not a mix: where another rule of the same
    # language already reads the mix (ko.formality.speech_level), a second rule that reads the draft with no
    # polite sentence at all (ko.formality.banmal_alone57) would otherwise report every mix twice.
    alone_only: bool = False

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        from studio.checks.language.register import read_register

        marks = read_register(ctx.text, self.language, mixes_only=True)
        if not marks:
            return []
        if self.exceptions:
            low = ctx.text.lower()
            fixed = [(i, i + len(e)) for e in self.exceptions for i in _find_all(low, e.lower())]
            marks = [m for m in marks if not any(a <= m.start < b for a, b in fixed)]
        spans = [(m.start, m.end) for m in marks]
        (kept,) = _outside_quotes(ctx.text, spans)
        marks = [m for m in marks if (m.start, m.end) in set(kept)]
        formal = [m for m in marks if m.register == "formal"]
        informal = [m for m in marks if m.register == "informal"]
        if self.alone and self.expects is not None:
            import re

            expected, other = (formal, informal) if self.expects == "formal" else (informal, formal)
            rough = next((m for m in other if m.kind != "pronoun" and re.search(self.alone, m.form)), None)
            if not expected and rough is not None:
                return [self.finding(rough.start, rough.end,
                                     extra=f"'{rough.form}' is {rough.register} ({rough.kind}), which the "
                                           f"market's profile rules out")]
        if self.alone_only:
            return []
        if formal and informal:
            if all(m.kind == "pronoun" for m in formal + informal):
                return []
            if self.expects is not None:
                minority = informal if self.expects == "formal" else formal
            else:
                minority = formal if (len(formal), -formal[0].start) < (len(informal), -informal[0].start) \
                    else informal
            majority = informal if minority is formal else formal
            odd = next((m for m in minority if m.kind != "pronoun"), minority[0])
            return [self.finding(odd.start, odd.end, extra=f"'{odd.form}' is {odd.register} ({odd.kind}); "
                                                           f"'{majority[0].form}' is {majority[0].register}")]
        return []


def _find_all(text: str, phrase: str) -> list[int]:
    out, i = [], text.find(phrase)
    while i >= 0:
        out.append(i)
        i = text.find(phrase, i + 1)
    return out
