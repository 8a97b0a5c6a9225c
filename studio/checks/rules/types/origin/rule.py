"""The ``origin_elsewhere`` rule type: its fields (``production``, ``countries``), their validation (a word under one
entry only, ``within`` naming a listed entry), the table built once at validation (studio.checks.rules.types.origin.table)
and ``evaluate``, which reads each draft with studio.checks.rules.types.origin.draft. What the rule finds is told there.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.rules.base import EvalContext, RuleBase
from studio.checks.rules.types.origin.draft import CLOSE_QUOTES, OriginDraft
from studio.checks.rules.types.origin.stated import against, label_lines
from studio.checks.rules.types.origin.table import Country, OriginTable, Production, Subdivisions, _key
from studio.checks.rules.types.origin.twice import contradictions, whole_imports


class OriginElsewhereRule(RuleBase):
    type: Literal["origin_elsewhere"]
    production: Production
    countries: dict[str, Country] = Field(min_length=2)
    # checks-origin57: also read the copy's places of origin against the stated origin (the brief's meta.facts, a
    # note that states the pack's origin): studio.checks.rules.types.origin.stated
    stated: bool = False
    # checks-origin58: ISO 3166-2 subdivisions, read by the stated reader to tell two places of one country apart
    subdivisions: Subdivisions | None = None
    # checks-origin59: read the towns of the gazetteer (global/towns59.tsv) as places too, each of the entry its country
    # maps to: the subdivisions' countries and these (ISO 3166-1 -> an entry): studio.checks.rules.types.origin.towns
    towns: dict[str, str] | None = None
    # checks-origin61: one thing named twice with two origins ("زعفران إيراني أصلي (زعفران إسباني)"):
    # studio.checks.rules.types.origin.twice
    twice: bool = False
    table: Any = Field(default=None, exclude=True, repr=False)

    needs_cased = True

    @field_validator("countries")
    @classmethod
    def _one_country_each(cls, v: dict[str, Country]) -> dict[str, Country]:
        """A place or claim listed under two countries would contradict itself."""
        seen: dict[str, str] = {}
        for name, country in v.items():
            for word in [*country.claims, *country.places, *country.demonyms, *country.protected]:
                key = _key(word)
                if key in seen and seen[key] != name:
                    raise ValueError(
                        f"{word!r} is listed under both {seen[key]} and {name}; a claim or place belongs to one country"
                    )
                seen[key] = name
        return v

    @model_validator(mode="after")
    def _build(self) -> OriginElsewhereRule:
        for name, country in self.countries.items():
            if country.within is not None and country.within not in self.countries:
                raise ValueError(
                    f"countries.{name}.within: {country.within!r} is not a listed country; "
                    f"name one of the entries above (india, spain, ...)"
                )
            if country.within == name:
                raise ValueError(f"countries.{name}.within: an entry cannot lie within itself")
        if self.subdivisions is not None:
            for cc, entry in self.subdivisions.countries.items():
                if entry not in self.countries:
                    raise ValueError(f"subdivisions.countries.{cc}: {entry!r} is not a listed country")
            for code in [*self.subdivisions.names, *(c for cs in [*self.subdivisions.entries.values(), *self.subdivisions.places.values()] for c in cs)]:
                if code[:2] not in self.subdivisions.countries:
                    raise ValueError(f"subdivisions: {code}: {code[:2]} is not in subdivisions.countries")
            for entry in self.subdivisions.entries:
                if entry not in self.countries:
                    raise ValueError(f"subdivisions.entries.{entry}: not a listed country")
        for cc, entry in (self.towns or {}).items():
            if entry not in self.countries or len(cc) != 2 or not cc.isupper():
                raise ValueError(f"towns.{cc}: {entry!r}: map an ISO 3166-1 code to a listed country")
        self.table = OriginTable(self.countries, self.production, self.subdivisions)
        if self.towns is not None:
            self.table.towns = {**(self.subdivisions.countries if self.subdivisions else {}), **self.towns}
        return self

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        lang = language_of_locale(ctx.locale)
        draft = OriginDraft(self.table, view.text, lang)
        stated: list[Finding] = []
        facts = ctx.item.meta.facts
        # checks-origin59: with the towns read, a draft that names no place of the table is read too where the brief
        # states the facts or the copy holds a note (a town of the copy against them)
        towns_only = self.towns is not None and (facts is not None or any(ch in view.text for ch in "(（[［※"))
        if self.stated and (draft.places or draft.demonyms or draft.claims or towns_only):
            if facts is not None or any(ch in view.text for ch in "(（[［※") or label_lines(self.table, view.text):
                stated = [self.finding(*view.span(a, b), extra=what)
                          for a, b, what in against(self.table, view.text, lang, [f for f in facts or [] if f] or None)]
        if self.twice:
            stated += [self.finding(*view.span(a, b), extra=what)
                       for a, b, what in contradictions(self.table, draft, lang, ctx.locale) + whole_imports(self.table, draft, lang)
                       if not any(f.start is not None and f.start <= view.span(a, b)[0] < (f.end or 0) for f in stated)]
        if not draft.claims and not draft.marked and not any(q in view.text for q in CLOSE_QUOTES):
            return stated  # no claim, nor a quoted place of origin
        spans: list[tuple[int, int]] = []
        quoted = draft.quoted_entries() if any(q in view.text for q in CLOSE_QUOTES) else set()
        named = set(draft.claims) | set(draft.marked) | quoted  # the entries the draft claims something for
        for country in self.countries:  # in table order, as before; only the entries the draft names are read
            if country not in named:
                continue  # nothing is claimed for it here (a place only: production happens there)
            for span in draft.contradictions(country):
                if span not in spans:
                    spans.append(span)
        found = [self.finding(*view.span(a, b)) for a, b in spans]
        return found + [f for f in stated if not any(g.start is not None and f.start is not None and g.start <= f.start < (g.end or 0) for g in found)]

    def inflected_words(self) -> set[str]:
        """The demonyms whose forms the table reads (for studio.checks.inflect's shipped table)."""
        return {_key(d) for c in self.countries.values() for d in c.demonyms}
