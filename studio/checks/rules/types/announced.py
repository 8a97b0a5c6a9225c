"""``announced``: an EU price-reduction announcement read as Article 6a of Directive 98/6/EC reads it.

checks-comparative60 (issue 9). ``eu.price.prior`` was a ``requires`` rule: a reduction word or figure, cleared only by
the 30-day prior price written in the copy. Art. 6a(1) asks that "any announcement of a price reduction shall indicate
the prior price applied by the trader" for the PRODUCT reduced; the Commission's guidance on the article (2021/C 526/02)
and the national authorities' guidance (e.g. the Finnish KKV's, the German PAngV-Leitfaden on § 11) read two things
out of its scope that strangers' clean EU copy states and the ``requires`` rule could not read:

- a reduction bound to a condition that is not the trader's price to everyone (guidance 1.1 and 2.3): a loyalty card or
  membership, a personalised code, a quantity or bundle condition ("ab 3 Broten", "bij aankoop van twee", "le 3e
  offert"), a standing tariff for a group (children, seniors, students). ``conditioned`` (regexes) reads it on the
  line of the trigger;
- a general announcement for a range of unidentified goods (guidance 2.2: "-20 % on all shoes"; the prior price is
  shown for each product where it is offered, not in the general announcement), which the input shows by naming
  NO price of a product (no amount in the copy: ``amount`` regexes find none) while it states the campaign's own
  calendar dates (``campaign`` regexes: "du 7 janvier au 3 février", "op 27 april", "Martes 13"). A general
  announcement that states no dates, and every announcement that names a price ("49 € statt 79 €", "-30 %, jetzt
  59 €"), stays the plain ``requires`` rule: there the ad itself must show the prior price.

The law's own evidence (``required``, ``required_patterns``) still clears every line, as before. Nothing is compiled at
import: the regexes compile on first use (``_compiled``) and run only on a draft whose trigger fired.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, line_at, regexes
from studio.checks.rules.regexes import compiled_all
from studio.checks.rules.types.requires import RequiresRule


class AnnouncedRule(RequiresRule):
    type: Literal["announced"]  # type: ignore[assignment]
    conditioned: list[str] = Field(default_factory=list)  # regexes: a condition outside the trader's general price
    campaign: list[str] = Field(default_factory=list)  # regexes: the campaign's calendar dates
    amount: list[str] = Field(default_factory=list)  # regexes: a price of a product (a money amount)

    @field_validator("conditioned", "campaign", "amount")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return regexes(v)

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        found = super().evaluate(ctx)
        return [f for f in found if not self.out_of_scope(ctx, f.start)]

    def out_of_scope(self, ctx: EvalContext, at: int | None) -> bool:
        """Whether what the input states puts the announcement fired at ``at`` outside Art. 6a's ad-level duty."""
        text = ctx.text
        line = line_at(text, at)
        if any(rx.search(line) for rx in compiled_all(tuple(self.conditioned), re.IGNORECASE)):
            return True
        if not self.campaign or any(rx.search(text) for rx in compiled_all(tuple(self.amount), re.IGNORECASE)):
            return False
        return any(rx.search(text) for rx in compiled_all(tuple(self.campaign), re.IGNORECASE))
