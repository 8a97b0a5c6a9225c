"""Glossary readings: the ways a draft may render a glossary term other than as written.

``builtin.glossary`` (studio.checks.builtins.GlossaryCheck) finds a term that is not kept exactly; these
functions say where and how the draft wrote it instead: spaced, accented or one letter off (``altered``),
in another script (``written_in_another_script``), cut, reordered, romanised, cut to its initials, half
replaced or translated (``rendered_otherwise`` tries them in order). Each returns the span it found in the
draft, (-1, -1) where it found none, so a finding points at the rendering.

This module holds the word-level readings (cut, reordered, initials, half replaced, translated, a stand-in, the
"&" written as "and") and the two entry points (``rendered_otherwise``, ``kept_but_altered``); the readings
across scripts live in studio.checks.glossary_scripts, the spelling reading and the letter helpers they all
share in studio.checks.glossary_spelling. Neither imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.checks import language
from studio.checks.glossary_forms import hangul_half_replaced, number_swapped, word_inflected
from studio.checks.glossary_han import han_variant
from studio.checks.glossary_kana import read_in_kana, read_in_kanji, romanised_reading
from studio.checks.glossary_scripts import _NATIVE, _in_another_script, native_altered, part_in_latin, romanised
from studio.checks.glossary_spelling import FUZZY_MIN_NAME, _coined, _distance, _joins, altered, han_homophone
from studio.checks.glossary_words import small_words_changed
from studio.core.letters import HAN


def part_kept(term: str, text: str, others: list[str]) -> tuple[int, int]:
    """Span of a coined word of a several-word ``term`` kept in ``text`` while the term as a whole is not
    ("Centro SmartCasa" for "SmartCasa Hub", "VietPay+" for "VietPay Plus"): the name was cut or translated
    around its coined part. A part that is itself a glossary term ("Fjell" beside "Fjell Bottle") is the
    brand named alone, not the product name cut."""
    parts = term.split()
    if len(parts) < 2:
        return -1, -1
    kept = {o.casefold() for o in others}
    for part in parts:
        if part.casefold() in kept or not _coined(part, None):
            continue
        m = re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text)
        if m:
            return m.start(), m.end()
    return -1, -1


def initials_used(term: str, text: str) -> tuple[int, int]:
    """Span of a coined name cut to its initials ("GN" for "GlowNeem", "SCA" for "SOL Cica Ampoule"): the
    capitals of its parts, as a whole word in capitals."""
    parts = re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])", term)
    if len(parts) < 2 or len(parts) > 4:
        return -1, -1
    short = "".join(p[0] for p in parts)
    m = re.search(rf"(?<![\w&-]){short}(?![\w&-])", text)
    return (m.start(), m.end()) if m else (-1, -1)


def part_replaced(term: str, text: str, others: list[str], lang: str | None) -> tuple[int, int]:
    """Span of a several-word ``term`` with one word kept and its neighbour replaced by another capitalised
    word ("Kraftowy Dragon" for "Kraftowy Smok", "Inteligentny Hub" for "SmartHome Hub"): the name
    half-translated. Not in German copy, where every noun takes a capital, nor in English copy, where a
    heading capitalises every word ("Nike Running Shoes" beside "Nike Pegasus")."""
    parts = term.split()
    if len(parts) != 2 or lang in ("de", "en"):
        return -1, -1
    kept = {o.casefold() for o in others}
    for i, part in enumerate(parts):
        if part.casefold() in kept or len(part) < 3:
            continue
        other = parts[1 - i].casefold()
        for m in re.finditer(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text):
            # the other word replaced on either side ("Brera Tailoring" for "Sartoria Brera")
            nxt = re.match(r"\s+([^\W\d_][\w'’-]*)", text[m.end() :])
            if nxt and nxt.group(1)[0].isupper() and nxt.group(1).casefold() != other:
                return m.start(), m.end() + nxt.end()
            prev = re.search(r"([^\W\d_][\w'’-]*)\s+$", text[: m.start()])
            if prev and prev.group(1)[0].isupper() and prev.group(1).casefold() != other and prev.start() > 0:
                return prev.start(), m.end()
    return -1, -1


def reordered(term: str, text: str) -> tuple[int, int]:
    """Span of a several-word ``term`` with its words in another order ("Samar Noir Oud" for "Samar Oud Noir"),
    also where the reordering changed case, hyphens or accents on the way ("LAVIOLETTE-FLEURISTE" for
    "Fleuriste Laviolette", "Ti-Cone Cremerie" for "Crèmerie Ti-Cône"): the words are compared case- and
    accent-blind, split at spaces and hyphens, and must be the term's words, each once, in another order."""
    if len(term.split()) < 2:
        return -1, -1
    want = [_plain(w) for w in re.findall(r"[^\W_]+", term)]
    words = list(re.finditer(r"[^\W_]+", text))
    n = len(want)
    for i in range(len(words) - n + 1):
        window = words[i : i + n]
        if any(
            not re.fullmatch(r"[ \u00a0]*[-‐–]?[ \u00a0]*", text[a.end() : b.start()]) or a.end() == b.start()
            for a, b in zip(window, window[1:])
        ):
            continue
        got = [_plain(m.group()) for m in window]
        if sorted(got) == sorted(want) and got != want:
            return window[0].start(), window[-1].end()
    return -1, -1


def _plain(word: str) -> str:
    """A word without case or accents ("Cône" -> "cone")."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


# A name made of English words translated into the market's language ("Paquete Fresco" for FreshPack,
# "FietsMaatje" for BikeBuddy, "Taze Market" for FreshMart, "云支付" for CloudPay): the words of the term and
# a name-like span of the copy (a run of capitalised words, a CamelCase word, a short Han run) read alike
# to the multilingual sentence encoder, as a translation does. Only terms of two to four English words
# are tried; a span must read as the whole name (its single words score lower: "Fresco" 0.57 beside
# "Fresh Pack", the translation 0.68), and a Han span, which has no capitals to mark it a name, higher.
TRANSLATED_MIN = 0.6
TRANSLATED_MIN_HAN = 0.7
_CAP_RUN = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſ][^\W\d_]+(?:[ \u00a0]+[A-ZÀ-ÖØ-ÞĀ-ſ][^\W\d_]+)+")
_CAMEL = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)+(?![\w-])")
_HAN_RUN = re.compile(f"[{HAN}]{{2,}}")


def _term_words(term: str) -> list[str]:
    return re.findall(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])", term)


def _name_spans(text: str, parts: int) -> list[tuple[int, int, str]]:
    """Name-like spans of ``text`` (start, end, the words to compare) that a translated term could be."""
    out = []
    for m in _CAP_RUN.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group())]
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 4)):
                a, b = words[i][0], words[j][1]
                out.append((a, b, text[a:b]))
    for m in _CAMEL.finditer(text):
        out.append((m.start(), m.end(), " ".join(re.findall(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+", m.group()))))
    for m in _HAN_RUN.finditer(text):
        run = m.group()
        for n in range(2, min(len(run), 2 * parts) + 1):
            for k in range(len(run) - n + 1):
                out.append((m.start() + k, m.start() + k + n, run[k : k + n]))
    return out


def translated(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of a name of English words (``term``) translated into the copy's language (-1, -1: none)."""
    words = _term_words(term)
    if lang in (None, "en") or not 2 <= len(words) <= 4 or any(language.word_zipf(w.lower(), "en") == 0 for w in words):
        return -1, -1
    spans = [sp for sp in _name_spans(text, len(words)) if sp[2].casefold() != " ".join(words).casefold()]
    if not spans:
        return -1, -1
    import numpy as np

    from studio.checks.embed import backend_for, default_embedder

    backend = backend_for(lang)
    vecs = default_embedder().embed([" ".join(words)] + [sp[2] for sp in spans], backend)
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    sims = vecs[1:] @ vecs[0]
    best = int(np.argmax(sims))
    a, b, piece = spans[best]
    need = TRANSLATED_MIN_HAN if _HAN_RUN.fullmatch(piece) else TRANSLATED_MIN
    return (a, b) if float(sims[best]) >= need else (-1, -1)


# checks-struct14: "&" and the word for "and" are one name written two ways ("Thistle & Lace" / "Thistle and
# Lace", "Salt and Stone" / "Salt & Stone", "Pack+Go" / "Pack and Go"): the conjunctions of the markets' languages.
_AND_WORDS = "and|und|et|y|e|en|i|ve|dan|và|og|och|n|'n'"  # the Latin-script words for "and", as a term spells them
_AND = rf"(?:&|\+|{_AND_WORDS}|’n’|و|と|和|및|และ)"  # and as copy may write them, in any script
_AND_IN_TERM = re.compile(rf"\s*(?:&|\+)\s*|\s+(?:{_AND_WORDS})\s+", re.IGNORECASE)


def conjunction_swapped(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` with its "&" (or "+") written as a word for "and", or its "and" written "&"."""
    parts = _AND_IN_TERM.split(term)
    if len(parts) < 2 or not all(p.strip() for p in parts):
        return -1, -1
    pattern = rf"\s*{_AND}\s*".join(re.escape(p.strip()) for p in parts)
    for m in re.finditer(rf"(?<![\w&]){pattern}(?![\w&])", text, re.IGNORECASE):
        if m.group() != term:
            return m.start(), m.end()
    # The "and" swapped and a long part one letter off as well ("Boekwurm & Co" written "Boekworm en Co"):
    # a part of FUZZY_MIN_NAME letters or more may be any word one edit away from it.
    names = [p.strip() for p in parts]
    if not any(len(n) >= FUZZY_MIN_NAME for n in names):
        return -1, -1
    loose = rf"\s*{_AND}\s*".join(
        rf"([^\W\d_]{{{len(n) - 1},{len(n) + 1}}})" if len(n) >= FUZZY_MIN_NAME else re.escape(n) for n in names
    )
    for m in re.finditer(rf"(?<![\w&]){loose}(?![\w&])", text, re.IGNORECASE):
        got = iter(m.groups())
        if all(_distance(n.casefold(), next(got).casefold(), 1) <= 1 for n in names if len(n) >= FUZZY_MIN_NAME):
            return m.start(), m.end()
    return -1, -1


# checks-comparative19: "Plus" in a name written as the sign ("Paisa+ Bank" for "Paisa Plus", "VietPay+" for
# "VietPay Plus"), or the sign written out: one name, two spellings.
_PLUS_WORD = re.compile(r"\s*\+\s*|\s+plus\b", re.IGNORECASE)


def plus_swapped(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` with its word "Plus" written "+" or its "+" written "Plus" (-1, -1: not there)."""
    parts = [p.strip() for p in _PLUS_WORD.split(term)]
    if len(parts) != 2 or not parts[0]:
        return -1, -1
    tail = rf"\s*{re.escape(parts[1])}" if parts[1] else ""
    pattern = rf"(?<![\w+]){re.escape(parts[0])}(?:\s*\+|\s+[Pp]lus\b|\s+PLUS\b){tail}(?![\w+])"
    for m in re.finditer(pattern, text):
        if m.group() != term:
            return m.start(), m.end()
    return -1, -1


# checks-struct14 (issue 9): a name missing from copy that names something else in its place. Every open corpus
# files a draft whose glossary term is missing as a glossary error (4 of 4; no clean draft there lacks its term),
# and the way it went missing is nearly always a rendering the readings above do not know: a product name
# translated word by word into a title-cased name ("Manteau Ligne Givre" for "FrostLine Parka"), a brand in a
# non-Latin script written as a coined Latin name ("Bihada Labo" for "美肌ラボ"). Copy that names nothing in the
# term's place keeps the info finding where the draft's script could have held the name (checks-comparative19: copy
# written wholly in another script than the term's is a warn, builtins.GlossaryCheck). German and English copy capitalise runs
# of ordinary words (nouns, headline case), so a capitalised run there is no sign.
_TITLE_CASE_LANGS = {"de", "en"}
_LATIN_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}(?:[ \u00a0]+[A-Z][a-z]+)*(?![\w'’-])")


def stand_in(term: str, text: str, others: list[str], lang: str | None) -> tuple[int, int]:
    """Span of the name the copy carries where ``term`` is missing (see above), (-1, -1) if none: a
    title-cased run or a CamelCase word that is no other glossary term (a Latin term, copy in a language that
    does not title-case) or a coined Latin name (a term in another script)."""
    taken = [(m.start(), m.end()) for o in others if o for m in re.finditer(re.escape(o), text)]

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    if re.search(r"[A-Za-z]", term):
        if lang not in _TITLE_CASE_LANGS:
            for m in list(_CAP_RUN.finditer(text)) + list(_CAMEL.finditer(text)):
                if m.start() > 0 and free(m.start(), m.end()):
                    return m.start(), m.end()
        return -1, -1  # copy with no name in its place: the name may simply not be used (info, not a rendering)
    if not _NATIVE.search(term):
        return -1, -1
    for m in _LATIN_NAME.finditer(text):
        words = m.group().split()
        if free(m.start(), m.end()) and any(language.word_zipf(w.lower(), "en") == 0 for w in words):
            return m.start(), m.end()
    return -1, -1


def rendered_otherwise(term: str, text: str, others: list[str], lang: str, kind: str) -> tuple[int, int, str]:
    """Where and how ``text`` renders the glossary ``term`` other than as written: the first reading that
    finds it, in this order, with the words the finding adds; (-1, -1, "") if none does. ``others``: the
    draft's other glossary terms (a part they share is no sign of this one). Image prompts are written for the
    image model, so a translated name there is no mistake."""
    readings: list[tuple[Callable[[], tuple[int, int]], str]] = [
        (lambda: conjunction_swapped(term, text), " (its '&' or 'and' written the other way here)"),
        (lambda: plus_swapped(term, text), " (its 'Plus' or '+' written the other way here)"),
        (lambda: _in_another_script(term, text, lang), " (written in another script here)"),
        (lambda: part_kept(term, text, others), " (only part of it kept here)"),
        (lambda: native_altered(term, text), " (one character off here)"),
        (lambda: han_variant(term, text), " (a character of it in another form here: Chinese, old or variant)"),
        (lambda: reordered(term, text), " (its words reordered here)"),
        (lambda: small_words_changed(term, text), " (its small words dropped or added, or a word of it misspelt here)"),
        (lambda: number_swapped(term, text, lang), " (a number in it written as digits or as a word here)"),
        (lambda: word_inflected(term, text, lang), " (a word of it put in another form here)"),
        (lambda: read_in_kana(term, text, lang), " (written in kana as it is read here)"),
        (lambda: read_in_kanji(term, text, lang), " (written in kanji read the same here)"),
        (lambda: romanised_reading(term, text, lang), " (written in Latin letters by its Japanese reading here)"),
        (lambda: romanised(term, text), " (written in Latin letters here)"),
        (lambda: part_in_latin(term, text), " (part of it kept or romanised, the rest in Latin words here)"),
        (lambda: initials_used(term, text), " (cut to its initials here)"),
        (lambda: part_replaced(term, text, others, lang), " (half of it replaced here)"),
        (lambda: hangul_half_replaced(term, text, others), " (half of it replaced here)"),
    ]
    if kind != "image_prompt":
        readings.append((lambda: translated(term, text, lang), " (translated here)"))
        readings.append(
            (
                lambda: stand_in(term, text, others, lang),
                " (missing; the copy names this instead: translated or renamed?)",
            )
        )
    for find, how in readings:
        near, end = find()
        # a rendering that holds another term of the glossary is the glossary's own local form (r22-glossary)
        taken = [m.span() for o in others if o for m in re.finditer(re.escape(o), text)]
        if near >= 0 and not any(a < end and near < b for a, b in taken):
            return near, end, how
    return -1, -1, ""


# A term kept as written in one place can still be altered in the same draft (checks-recall12): run into a
# longer word ("PayZapp", "CloudPayle" for Turkish "CloudPay'le"), or written once as the glossary says and once
# otherwise ("Leuchtfix Pro ... die LeuchtFix pro", "Leuchtfix-Pro-Lampe"). A plural or possessive s, an
# apostrophe before a suffix (Turkish "FreshMart'ta"), a hyphenated compound ("PayZap-App"), a hashtag, handle,
# address or e-mail, and the market's script beside a Latin name (a Hindi postposition, a Thai word) are no
# alteration. Polish copy declines names ("z NovaBankiem"), so an ending there is grammar, not a change.
_NO_GLUE_CHECK = {"pl"}
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[#@][\w.-]+"
    r"|\b[\w-]+\.(?:com|net|org|io|app|co|de|fr|es|it|nl|pl|br|mx|in|id|my|th|vn|jp|kr|cn|tr|ae|sa|uk|ca)\b(?:/\S*)?"
)


# German and Dutch nouns compound and inflect, so a coined name run into a longer word there is grammar
# ("Trinkflaschen", "Kiezgluts"); but one or two letters that are no ending of the language are a letter added
# to the name ("Kiezgluth" for Kiezglut). The noun endings of each language (Duden, "Die Deklination der
# Substantive"; ANS, "Het meervoud van het substantief" and the diminutive -je/-tje/-pje), with the
# adjective-forming -ig/-er/-in of German: a tail of one or two letters outside these is a misspelling.
_ENDINGS = {
    "de": {"e", "n", "s", "en", "er", "es", "ns", "in", "ig", "em"},
    "nl": {"e", "n", "s", "en", "je", "er", "es"},
}


def _glued(term: str, text: str, start: int, lang: str | None) -> bool:
    """Whether the occurrence of ``term`` at ``start`` runs into a longer word (see above)."""
    end = start + len(term)
    if start > 0 and _joins(text[start - 1]) and _joins(term[0]):
        return True
    if end < len(text) and _joins(text[end]) and _joins(term[-1]):
        rest = re.match(r"\w+", text[end:])
        tail = rest.group() if rest else ""
        return not (tail.casefold() == "s" or lang in _NO_GLUE_CHECK)
    return False


def kept_but_altered(term: str, text: str, lang: str | None) -> tuple[int, int, str]:
    """Where a ``term`` that the draft keeps as written somewhere is also altered: an occurrence run into a
    longer word, or the term written otherwise (case, spacing, hyphens, accents: ``altered``) elsewhere,
    outside addresses and hashtags. (-1, -1, "") if neither. Only for a coined name (or one with a coined
    part): a dictionary word the glossary fixes ("Trinkflasche") inflects and compounds as grammar asks."""
    found = [m.span() for m in re.finditer(re.escape(term), text)]
    addresses = [m.span() for m in _ADDRESS.finditer(text)]
    # a hashtag runs its words together by design: '#LumoDailyCream' keeps 'Lumo' (the hard brief's X posts in five
    # locales warned 'run into another word here')
    spans = [(a, b) for a, b in found if not any(x <= a and b <= y for x, y in addresses)]
    if lang == "zh":
        near, end = han_homophone(term, text)
        if near >= 0:
            return near, end, " (written with a homophone here, though kept elsewhere)"
    if not (_coined(term, lang) or any(_coined(p, lang) for p in term.split())):
        # A dictionary word the glossary fixes inflects and compounds in small letters; one run into a capital
        # ("BoraApp" for Bora, "MeuBora") is a coinage made of the name, not grammar (r22-glossary).
        for a, b in spans:
            after = re.match(r"[A-Z][a-z]*", text[b:]) if term[-1].islower() else None
            before = re.search(r"[A-Z][a-z]+$", text[:a]) if term[0].isupper() else None
            if after or before:
                return (
                    (before.start() if before else a),
                    (b + after.end() if after else b),
                    " (run into another word here)",
                )
        return -1, -1, ""
    # Run into a word: only a name with a capital inside or a digit ("PayZap", "X200"), or any coined name
    # outside German and Dutch, whose nouns compound and take plural endings ("Trinkflaschen").
    branded = any(any(ch.isupper() for ch in p[1:]) or any(ch.isdigit() for ch in p) for p in term.split())
    for a, _b in spans if branded or lang not in ("de", "nl") else ():
        if _glued(term, text, a, lang):
            m = re.match(r"\w*", text[a + len(term) :])
            pre = re.search(r"\w*$", text[:a])
            return (
                a - (len(pre.group()) if pre else 0),
                a + len(term) + (len(m.group()) if m else 0),
                " (run into another word here)",
            )
    if not branded and lang in _ENDINGS:
        for a, b in spans:
            tail = re.match(r"[^\W\d_]*", text[b:]).group()  # type: ignore[union-attr]
            if 0 < len(tail) <= 2 and tail.casefold() not in _ENDINGS[lang] and not (b < len(text) - len(tail) and text[b + len(tail)].isalnum()):
                return a, b + len(tail), " (a letter added to the name here)"
    masked = list(text)
    for a, b in found + addresses:
        masked[a:b] = " " * (b - a)
    near, end = altered(term, "".join(masked), None)
    if near >= 0 and not ((near > 0 and _joins(text[near - 1])) or (end < len(text) and _joins(text[end]))):
        return near, end, " (written otherwise here, though kept elsewhere)"
    return -1, -1, ""
