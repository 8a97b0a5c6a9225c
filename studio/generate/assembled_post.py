"""Copy said in the locale's own words without a model (prompts/examples ``words`` and ``phrases`` with the brief's
glossary, through ``LocaleExamples.say``): how a brief statement is said whole in a locale (``brief_sayer``, shared
with the assembled headline, ``headlines.assemble_headline``) and the post drafting puts in place of one whose every
candidate and repair says nothing the brief says (``assemble_post``). Split from studio.generate.post_copy, which
tidies what the model wrote (engine58)."""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.generate.post_copy import post_gates
from studio.plan.brief import Brief, PlannedAsset

# A fact or claim that says what the product does: its English opens with a verb ('Keeps drinks cold for 24 hours'),
# so the product's name before the locale's words for it is a sentence ('Fjell Bottle garde les boissons fraîches
# pendant 24 heures.').
DOES = re.compile(r"[A-Z][a-z]+s\s+[a-z]")


# a sentence's stop where the language does not write '.', and what joins the product's name to what it does where a
# space alone does not (ja: the topic particle, 'Fjell Bottleは飲み物を…'; ko: a comma, since 은/는 follows the
# name's last sound), in an assembled post's lines
_FULL_STOP = {"ja": "。", "zh": "。", "hi": "।", "th": ""}  # hi the danda; th ends a sentence with no mark
_NAME_JOIN = {"ja": "は", "ko": ", "}


def _lower_first(text: str, lang: str) -> str:
    """``text`` with its first letter in lower case as the language writes it after a name: Turkish dotted 'İ' is 'i'
    and dotless 'I' is 'ı' (Python's lower() gives 'i' plus a combining dot: 'i̇çecekleri'); a script without case is
    unchanged."""
    if not text:
        return text
    head = text[0]
    if lang in ("tr", "az"):
        head = {"İ": "i", "I": "ı"}.get(head, head.lower())
    else:
        head = head.lower()
    return head + text[1:]


def brief_sayer(locale: str, brief: Brief) -> Callable[[str], str | None] | None:
    """How a brief statement is said whole in ``locale``'s own words: the statement itself in the brief's source
    language, else ``LocaleExamples.say`` with the brief's glossary (None where it cannot say it); None where the
    locale has no prompts/examples words. Shared by the assembled post and the assembled headline
    (``headlines.assemble_headline``)."""
    from studio.checks.language import language_of_locale
    from studio.generate.examples import locale_examples

    if language_of_locale(locale) == language_of_locale(brief.source_locale):
        return lambda text: text
    table = locale_examples(locale)
    if table is None:
        return None
    terms, keep = brief.glossary.terms.get(locale, {}), list(brief.glossary.do_not_translate)
    return lambda text: table.say(text, terms, keep)


def assemble_post(job: PlannedAsset, brief: Brief) -> tuple[str, dict] | None:
    """A post said in the locale's own words (prompts/examples ``words`` and ``phrases``, the brief's glossary, through
    ``LocaleExamples.say``): the brief's first key message the locale says whole, the product's name before the first
    fact or claim that says what it does (else, after a colon, a fact that is no sentence: 'Fjell Bottle: 750 ml,
    waży 340 g'), then #brand; the first such pair that passes every gate (``post_gates``): (text, {"key_message":
    ..., "fact": ...} in the brief's English), or None where the locale's words say no key message or no fact whole
    (ja, ko, zh since drafts-facts29's phrases, hi and th since drafts-hi30's). Drafting puts it in place of a post whose every candidate and repair still says nothing the
    brief says (the sense gate), and records it (``assembled``): q23e's th-TH post, 'สำหรับคุณที่ต้องการความเย็น
    ในตอนค่ำ, ลองใช้ Fjell Bottle!' (for you who want coolness in the evening), and its repair said none of the brief."""
    from studio.checks.language import language_of_locale

    say = brief_sayer(job.locale, brief)

    def said(statements) -> list[tuple[str, str]]:
        """(English, the locale's words) of each statement the locale says whole; the brief's own in its language."""
        return [(en, own) for en in statements if say is not None and (own := say(en))]

    statements = [*brief.product.facts, *(c.text for c in brief.product.claims)]
    does = sorted((s for s in statements if DOES.match(s)), key=len, reverse=True)
    colon = " : " if language_of_locale(job.locale) == "fr" else ": "
    lang = language_of_locale(job.locale)
    join = _NAME_JOIN.get(lang, " ")
    lines = [(en, f"{brief.product.name}{join}{_lower_first(own, lang)}") for en, own in said(does)]
    # else a fact that is no sentence, after the name and a colon ('Fjell Bottle: 750 ml, waży 340 g')
    lines += [(en, f"{brief.product.name}{colon}{own}") for en, own in said([s for s in statements if s not in does])]
    for message in said(brief.key_messages):
        for fact, line in lines:
            stop = _FULL_STOP.get(lang, ".")
            text = "\n".join([message[1].rstrip(".!。！") + stop, line.rstrip(".。") + stop, f"#{brief.brand}"])
            if not post_gates(text, job, brief):  # a key message said twice in its words fails the repetition gate
                return text, {"key_message": message[0], "fact": fact}
    return None
