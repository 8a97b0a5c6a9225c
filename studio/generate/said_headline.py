"""A headline said in the locale's own words, for a headline job whose every candidate and repair says nothing the
brief says (the sense gate): the brand, a colon and a piece of the brief the locale's prompts/examples ``words`` and
``phrases`` say whole (``LocaleExamples.say``), as ``post_copy.assemble_post`` does for a post.

drafts-hi30: q23f's two hi-IN headlines were 'दिन भर ठंडा रेषिक लेखन जो आपके ग्राहक लिए जा सकता है' (the instruction's
'ग्राहकों के लिए' echoed) and 'रात में भी ठंडा बार अपने दिन और दिन ब', their other candidates the worked example's
bike light ('रिचार्जेबल साइकिल लाइट ... लाइट लाइट'), and the repairs wrote the repair line back; the 1.5B model writes
no headline of the brief in Hindi in three samples (q23d, q23e, q23f: 0 of 6 pass). The passing headlines of the other
locales are mostly this form already ('Fjell: Zimna woda cały dzień', 'Fjell: Air dingin 24 jam').
"""

from __future__ import annotations

import re

from studio.plan.brief import Brief, PlannedAsset

# what joins the brand to the piece: fr's space before a colon, ja/zh the full-width colon their headlines use
_COLON = {"fr": " : ", "ja": "：", "zh": "："}


def _pieces(brief: Brief) -> list[str]:
    """The brief's statements a headline may say, shortest kinds first: each key message's first clause (up to its
    first comma: 'Cold water all day' of 'Cold water all day, wherever the day takes you'), each key message whole, the
    claims, then the facts. A later clause alone ('wherever the day takes you') says nothing of the product."""
    messages = [str(m) for m in brief.key_messages]
    firsts = [m.split(",", 1)[0].strip() for m in messages if "," in m]
    claims = [c.text for c in brief.product.claims]
    out: list[str] = []
    for piece in [*firsts, *messages, *claims, *brief.product.facts]:
        if piece and piece not in out:
            out.append(piece)
    return out


def assemble_headline(job: PlannedAsset, brief: Brief) -> tuple[str, dict] | None:
    """'<brand>: <a piece of the brief in the locale's words>' for a headline job: of the pieces (``_pieces``) the
    locale says whole, those that pass every copy gate and the sense gate as published (``post_copy.post_gates``: the
    channel's length with its labels among them); the job's variant picks among them in turn (variant 1 the first, 2
    the second, ...), so two headlines of a job say different pieces where two pass. (text, {"statement": the piece in
    the brief's English}), or None where the locale's words say no piece whole that passes (the brief's statements in
    its own language where the locale writes it)."""
    from studio.checks.language import language_of_locale
    from studio.generate.examples import locale_examples
    from studio.generate.post_copy import post_gates

    table = locale_examples(job.locale)
    terms, keep = brief.glossary.terms.get(job.locale, {}), list(brief.glossary.do_not_translate)
    lang = language_of_locale(job.locale)
    source = lang == language_of_locale(brief.source_locale)
    colon = _COLON.get(lang, ": ")
    made: list[tuple[str, str]] = []
    for piece in _pieces(brief):
        own = piece if source else (table.say(piece, terms, keep) if table is not None else None)
        if not own:
            continue
        text = f"{brief.brand}{colon}{re.sub(r'[.。।!！]+$', '', own.strip())}"
        if not post_gates(text, job, brief) and text not in (t for t, _ in made):
            made.append((text, piece))
    if not made:
        return None
    text, piece = made[(max(job.variant, 1) - 1) % len(made)]
    return text, {"statement": piece}
