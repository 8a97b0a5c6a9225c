"""Built-in text checks (language, length, glossary): the rule-type protocol without a YAML rule.

Each is a class with an ``id`` and ``evaluate(ctx) -> list[Finding]`` over the same ``EvalContext``
the rule types get; ``TEXT_CHECKS`` is their registry (one ``register`` line each). Image checks
(NSFW, palette) follow the same shape in ``studio.checks.image``.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from studio.checks import language
from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext
from studio.market.channels import measure

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
        bare = ctx.text
        for term in item.glossary:
            bare = bare.replace(term, " ") if term else bare
        found = language.foreign_script(bare, expected)
        if found is None and language.has_native_script(bare, expected):
            return []  # bilingual copy: part of it is in the market's own script
        if found is None:
            text = language.judgeable(ctx.text, item.glossary)
            if text is not None:
                found = language.reads_as(text, expected, ctx.language_backend)
            elif ctx.language_backend == "lingua":
                found = language.short_reads_as(bare, expected)
        if found is None:
            return []
        return [Finding(rule=self.id, category="language", severity="warn",
                        message=f"the text reads as {found!r}, but {item.locale} expects {expected!r}",
                        suggestion=f"write or translate the text into {expected!r}")]


class LengthCheck:
    id = "builtin.length"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        item = ctx.item
        if not item.channel:
            return []
        m = measure(item.text, item.channel, item.locale)
        if m.ok:
            return []
        return [Finding(rule=self.id, category="length", severity="block",
                        message=f"{m.count} {m.unit} is over the {item.channel} limit of {m.limit}",
                        suggestion=f"shorten to {m.limit} {m.unit} or fewer")]


class GlossaryCheck:
    id = "builtin.glossary"

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        text = ctx.item.text
        out = []
        for term in ctx.item.glossary:
            if term and term not in text:
                near = text.casefold().find(term.casefold())
                if near < 0 and ctx.item.kind == "image_prompt":
                    continue  # image prompts are written for the image model, not in the market's words
                # An altered term is a mistake (warn); an absent one may simply not be needed in this
                # draft (a headline need not say "Trinkflasche"), so it is only noted (info).
                out.append(Finding(rule=self.id, category="glossary", severity="warn" if near >= 0 else "info",
                                   start=near if near >= 0 else None, end=near + len(term) if near >= 0 else None,
                                   message=f"glossary term {term!r} is not kept exactly"
                                   + (" (different case or spelling here)" if near >= 0 else " (missing)"),
                                   suggestion=f"write {term!r} exactly as in the glossary"))
        return out


TEXT_CHECKS: Registry[Check[EvalContext]] = Registry()
TEXT_CHECKS.register(LanguageCheck())
TEXT_CHECKS.register(LengthCheck())
TEXT_CHECKS.register(GlossaryCheck())
