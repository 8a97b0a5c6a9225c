"""Built-in text checks (language, length, glossary, spelling): the rule-type protocol without a YAML rule.

Each is a class with an ``id`` and ``evaluate(ctx) -> list[Finding]`` over the same ``EvalContext``
the rule types get; ``TEXT_CHECKS`` is their registry (one ``register`` line each). Image checks
(NSFW, palette) follow the same shape in ``studio.checks.image``. How a glossary term may be rendered
otherwise (another script, cut, reordered, translated...) lives in ``studio.checks.glossary_readings`` (with
``glossary_scripts`` and ``glossary_spelling``).
"""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from studio.checks import language
from studio.checks.finding import Finding
from studio.checks.language.confirm import words_bear_out
from studio.checks.rules.base import EvalContext

LANGUAGE_KINDS = ("copy", "video_script")  # briefs and image prompts are not in the market language

C = TypeVar("C")


class Check(Protocol[C]):  # type: ignore[misc]  # contravariant use is intended: a check consumes a context
    id: str

    def evaluate(self, ctx: C) -> list[Finding]: ...


class Registry(list[C]):
    """An ordered list of checks; ``register`` is the one line that adds one."""

    def register(self, check: C) -> C:
        self.append(check)
        return check


class LanguageCheck:
    id = "builtin.language"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        item = ctx.item
        if item.kind not in LANGUAGE_KINDS:
            return []
        expected = language.language_of_locale(item.locale)
        if expected not in language.LANGUAGES:
            return []
        # A market's accepted mixes only ever dismiss a finding, so its data file is read only once the
        # text would otherwise be flagged: a one-draft `studio check` stays clear of YAML (cold start).
        found = self._reads_as(ctx, expected, None)
        if found is not None:
            mixes = language.market_mixes().get(item.locale)
            if mixes is not None:
                found = self._reads_as(ctx, expected, mixes)
                # Copy the market accepts as a whole in another language: read as that language, it is
                # fine (a detector may name a neighbour of it first: short English lines read as "nb").
                if found is not None and any(
                    found == lang or language.may_read_as(ctx.text, lang) for lang in mixes.accepts
                ):
                    found = None
        if found is None:
            return []
        return [
            Finding(
                rule=self.id,
                category="language",
                severity="warn",
                message=f"the text reads as {found!r}, but {item.locale} expects {expected!r}",
                suggestion=f"write or translate the text into {expected!r}",
            )
        ]

    @staticmethod
    def _reads_as(ctx: EvalContext, expected: str, mixes: language.MarketMixes | None) -> str | None:
        """The language the text reads as where it is not ``expected`` (None: it reads as expected)."""
        bare = ctx.text
        phrases = mixes.phrase_pattern() if mixes else None
        if phrases is not None:  # set phrases the market borrows ("Eid Mubarak") count as glossary terms
            bare = phrases.sub(" ", bare)
        for term in ctx.item.glossary:
            bare = bare.replace(term, " ") if term else bare
        found = language.foreign_script(bare, expected)
        if found is None and language.has_native_script(bare, expected):
            return None  # bilingual copy: part of it is in the market's own script
        if found is None and mixes is not None and mixes.mixed_name(bare):
            return None  # the market's own language in the way its copy mixes it (Hinglish)
        if found is None:
            text = language.judgeable(bare, ())
            if text is not None:
                found = language.reads_as(text, expected, ctx.language_backend)
                if found is not None:  # the detector's verdict, held to the words themselves (language.confirm)
                    found = words_bear_out(bare, found, expected, mixes.accepts if mixes else ())
            elif ctx.language_backend == "lingua":
                found = language.short_reads_as(bare, expected)
        if found is None:
            found = language.neighbour_reads_as(bare, expected)
        if found is None:
            found = language.mixed_reads_as(bare, expected) or language.latin_reads_as(bare, expected)
        return found


class LengthCheck:
    id = "builtin.length"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        item = ctx.item
        if not item.channel:
            return []
        from studio.market.channels import measure  # with its regexes, only for a draft with a channel

        m = measure(item.text, item.channel, item.locale)
        if m.ok:
            return []
        return [
            Finding(
                rule=self.id,
                category="length",
                severity="block",
                message=f"{m.count} {m.unit} is over the {item.channel} limit of {m.limit}",
                suggestion=f"shorten to {m.limit} {m.unit} or fewer",
            )
        ]


class GlossaryCheck:
    id = "builtin.glossary"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        if not ctx.item.glossary:
            return []
        # The readings of a glossary term (its scripts, spellings, inflections, Han variants and kana) are imported
        # by the first draft that has a glossary: ~0.01-0.02 s of a one-draft `studio check` without one.
        from studio.checks.glossary_readings import kept_but_altered, rendered_otherwise
        from studio.checks.glossary_scripts import VOWEL_MARKS, script_absent
        from studio.checks.glossary_spelling import altered, han_homophone

        text = ctx.item.text
        lang = language.language_of_locale(ctx.item.locale)
        out = []
        for term in ctx.item.glossary:
            if term and ctx.item.kind != "image_prompt" and term in text:
                near, end, how = kept_but_altered(term, text, lang)  # kept in one place, altered in another
                if near >= 0:
                    out.append(
                        Finding(
                            rule=self.id,
                            category="glossary",
                            severity="warn",
                            start=near,
                            end=end,
                            message=f"glossary term {term!r} is not kept exactly{how}: found {text[near:end]!r}",
                            suggestion=f"write {term!r} exactly as in the glossary",
                        )
                    )
                continue
            if term and term not in text and VOWEL_MARKS.sub("", term) not in VOWEL_MARKS.sub("", text):
                near = text.casefold().find(term.casefold())
                end = near + len(term)
                if near < 0:
                    near, end = altered(term, text, lang)
                how = ""
                if near < 0 and lang == "zh":
                    near, end = han_homophone(term, text)
                    how = " (written with a homophone)" if near >= 0 else ""
                if near < 0:
                    others = [t for t in ctx.item.glossary if t != term]
                    near, end, how = rendered_otherwise(term, text, others, lang, ctx.item.kind)
                if near < 0 and ctx.item.kind == "image_prompt":
                    continue  # image prompts are written for the image model, not in the market's words
                # An altered term is a mistake (warn); an absent one may simply not be needed in this
                # draft (a headline need not say "Trinkflasche"), so it is only noted (info). Except where
                # the draft is written wholly in other scripts than the term's (a Latin brand in copy with no
                # Latin letter, a Han name in copy all in Latin letters): such a draft could not keep the
                # name as written, and a name translated into Han ("爪爪伙伴" for PawPal) or romanised has
                # no capitals or sounds a reading could find it by; the reviewer is asked to look (warn).
                elsewhere = near < 0 and ctx.item.kind in LANGUAGE_KINDS and script_absent(term, text)
                if elsewhere:
                    how = " (missing; the draft is written in another script: translated or transliterated?)"
                out.append(
                    Finding(
                        rule=self.id,
                        category="glossary",
                        severity="warn" if near >= 0 or elsewhere else "info",
                        start=near if near >= 0 else None,
                        end=end if near >= 0 else None,
                        message=f"glossary term {term!r} is not kept exactly"
                        + (how or (" (different case or spelling here)" if near >= 0 else " (missing)"))
                        + (f": found {text[near:end]!r}" if near >= 0 else ""),
                        suggestion=f"write {term!r} exactly as in the glossary",
                    )
                )
        return out


# One word written two ways in one draft ("e-mail" and "email", "Wi-Fi" and "WiFi", "T-shirt" and
# "Tshirt"): the reader sees two spellings of one term. A hyphenated Latin word is compared with the same
# letters written together elsewhere in the draft (written apart is often grammar: "a well-known brand",
# "it is well known").
_HYPHENATED = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")


class SpellingConsistencyCheck:
    id = "builtin.spelling_consistency"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        text = ctx.item.text
        if "-" not in text or ctx.item.kind not in LANGUAGE_KINDS:
            return []
        folded = text.casefold()
        for m in _HYPHENATED.finditer(text):
            a, b = m.group(1).casefold(), m.group(2).casefold()
            for other in (a + b,):  # apart is grammar, not spelling: "a well-known brand" is "well known"
                for o in re.finditer(rf"(?<![\w-]){re.escape(other)}(?![\w-])", folded):
                    return [
                        Finding(
                            rule=self.id,
                            category="glossary",
                            severity="warn",
                            start=o.start(),
                            end=o.end(),
                            message=f"{text[o.start() : o.end()]!r} and {m.group()!r}: one term spelt two ways in one text",
                            suggestion=f"write it one way throughout ({m.group()!r} or {text[o.start() : o.end()]!r})",
                        )
                    ]
        return []


TEXT_CHECKS: Registry[Check[EvalContext]] = Registry()
TEXT_CHECKS.register(LanguageCheck())
TEXT_CHECKS.register(LengthCheck())
TEXT_CHECKS.register(GlossaryCheck())
TEXT_CHECKS.register(SpellingConsistencyCheck())
