"""Decisions by the words themselves (wordfreq's frequencies; Malay and Indonesian from a table shipped
beside this module, ``zipf_small.tsv``, so their copy never imports wordfreq): short lines, Malay and
Indonesian, a clause in another language, an English sentence in a market with its own script."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from studio.checks.language.detectors import (
    _LETTERS,
    _NAME_RUN,
    _NOISE,
    QUICK_CONFIDENCE,
    SHORT_MIN_LETTERS,
    _lingua,
    _lingua_low,
    _share,
    compatible,
    confirmed,
    fasttext_group_share,
    fasttext_top,
)
from studio.checks.language.scripts import _SCRIPTS, NATIVE_SCRIPTS, has_native_script

# Short copy is judged when the detector leads with another language and gives the market's own
# almost nothing: a button of two words ("Jetzt zugreifen!" in fr-FR) needs a near-certain
# detector, three to five words ("Big sale today only" in id-ID) a clear lead.
SHORT_CONFIDENCE = 0.5
SHORT_TWO_WORD_CONFIDENCE = 0.9
SHORT_MINE_AT_MOST = 0.05
SHORT_MIN_WORDS = 2


def short_reads_as(text: str, expected: str) -> str | None:
    """For copy of two to five words, too short for ``judgeable``: the language it reads as when the
    detector leads clearly with another language and all but rules out the market's, else None."""
    clean = _NOISE.sub(" ", text)
    words = len(clean.split())
    if len(_LETTERS.findall(clean)) < SHORT_MIN_LETTERS or words < SHORT_MIN_WORDS:
        return None
    if confirmed(clean, expected) or neighbourhood_confirmed(clean, expected):
        return None
    ranked = _lingua().compute_language_confidence_values(clean)
    if not ranked:
        return None
    top = ranked[0].language.iso_code_639_1.name.lower()
    mine = next((r.value for r in ranked if compatible(r.language.iso_code_639_1.name.lower(), expected)), 0.0)
    needed = SHORT_TWO_WORD_CONFIDENCE if words == 2 else SHORT_CONFIDENCE
    if ranked[0].value >= needed and mine <= SHORT_MINE_AT_MOST and not compatible(top, expected):
        return str(top)
    if not compatible(top, expected) and lexical_lead(clean, expected, str(top)):
        return str(top)
    return None


# A short Malay or Indonesian line fastText does not put first ("Botol terbaik di dunia." reads as Italian,
# 0.38, to it: the "di" and the full stop) would load lingua's full models (~3 s of a `studio check`) only to
# confirm it. Three cheaper signals confirm it together: lingua's trigram pass gives Malay and Indonesian
# QUICK_CONFIDENCE (as ``reads_as`` trusts on longer copy), every word is a plain word either language's list
# knows at LEXICAL_KNOWN at least (the shipped table), and fastText gives them NEIGHBOURHOOD_FASTTEXT at least
# among its first five. Measured against the full models' verdict (``short_reads_as`` without it) on every
# short line x {id, ms} the two quick passes leave to the full models, 31,458 of them (the two- to five-word
# heads and tails of every sentence in the tuning, apart, apart2 and blind dev corpora, the bench's lines and
# hand-written Tagalog, Italian, Spanish, English and Vietnamese ones; bench/language_shortcuts.py, line 4):
# it confirms 694, none of them a finding the full models give. Any two of the three signals alone lose none
# either; the trigram pass alone would lose 50 (Turkish and Polish lines it reads as Malay).
NEIGHBOURHOOD_FASTTEXT = 0.1


def neighbourhood_confirmed(clean: str, expected: str) -> bool:
    """True when a short line in a Malay or Indonesian market reads as Malay/Indonesian to the trigram pass
    and fastText and is made of the languages' common words (see above)."""
    if expected not in ZIPF_LANGUAGES:
        return False
    ranked = _lingua_low().compute_language_confidence_values(clean)
    if (
        not ranked
        or not compatible(ranked[0].language.iso_code_639_1.name.lower(), expected)
        or _share(ranked, expected) < QUICK_CONFIDENCE
    ):
        return False
    words = [w.lower() for w in _WORD.findall(clean)]
    group = [lang for lang in ZIPF_LANGUAGES if compatible(lang, expected)]
    if not words or not all(
        _ASCII_WORD.fullmatch(w) and max(word_zipf(w, lang) for lang in group) >= LEXICAL_KNOWN for w in words
    ):
        return False
    share = fasttext_group_share(clean, expected)
    return share is not None and share >= NEIGHBOURHOOD_FASTTEXT


# Short lines decided by the words themselves, when the detector leads with another language but not
# clearly enough on two to five words ("Compre já!" in es-ES, "Kup teraz!" in nl-NL): each word's
# frequency in both languages (wordfreq's "small" lists, Zipf scale), summed. Only for languages
# wordfreq tokenises without an extra segmenter (Latin script). English, the language of loanwords
# in every market ("Black Friday Sale", "Shop now"), needs a word the market's language does not use.
LEXICAL_LANGUAGES = frozenset({"de", "en", "es", "fr", "id", "it", "ms", "nb", "nl", "pl", "pt", "tr", "vi"})
LEXICAL_KNOWN = 3.0  # every word at least this common in the other language (Zipf: once per 10^6 words)
LEXICAL_LEAD = 2.5  # summed Zipf lead of the other language over the market's
LEXICAL_WORD_LEAD = 2.0  # and one word this far ahead
LEXICAL_LEAD_EN = (5.0, 3.0)
LEXICAL_NAME_MARKET = 3.5  # a capitalised word below this in the market's language and unknown to the other: a name
ENGLISH_LINE = (3, 4.0, 1.0, 1.5)  # words, every word's Zipf in English, every word's lead, mean lead
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=16384)
def word_zipf(word: str, lang: str, wordlist: str = "small") -> float:
    """A word's Zipf frequency in ``lang`` (wordfreq's ``wordlist``, tokenised as wordfreq reads the
    language): 0 for a word the list does not know. The one place the language checks and the copy
    gates (studio.generate.gates) read word frequencies. A plain ASCII word in a language of
    ``ZIPF_LANGUAGES`` is read from the shipped table (the same value: bench/build_zipf_table.py), so
    Malay and Indonesian copy does not import wordfreq (~0.4 s of a one-draft `studio check`)."""
    if wordlist == "small" and lang in ZIPF_LANGUAGES and _ASCII_WORD.fullmatch(word):
        return zipf_table(lang).get(word, 0.0)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang, wordlist))


@cache
def word_list_languages(wordlist: str = "best") -> frozenset[str]:
    """The languages wordfreq has ``wordlist`` for: Thai is not one (asked for it, wordfreq raises LookupError:
    drafts-sense21's th-TH run stopped on it when a Thai headline was composed)."""
    from wordfreq import available_languages

    return frozenset(available_languages(wordlist))


# wordfreq's "small" lists of these languages, plain ASCII lower-case words only, shipped as data (CC BY-SA 4.0,
# licenses/NOTICE-wordfreq.md) and read on first use: wordfreq reads such a word as one token, itself.
ZIPF_LANGUAGES = ("id", "ms")
ZIPF_TABLE = Path(__file__).with_name("zipf_small.tsv")
_ASCII_WORD = re.compile(r"[a-z]+")


@cache
def zipf_table(lang: str, path: Path = ZIPF_TABLE) -> dict[str, float]:
    """``lang``'s words and Zipf values from the table (lines ``language TAB Zipf TAB words``); a bad line
    names the file and line."""
    from studio.core.errors import LocaleError

    out: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            try:
                code, value, words = parts
                zipf = float(value)
            except ValueError:
                zipf, code, words = -1.0, "", ""
            if not 0.0 < zipf <= 9.0 or code not in ZIPF_LANGUAGES or not words:
                raise LocaleError(
                    "a word-frequency line must be: language TAB Zipf value (0-9] TAB words",
                    where=f"{path}:{n}",
                    fix="rebuild the table: python bench/build_zipf_table.py",
                )
            if code != lang:
                continue
            for word in words.split(" "):
                if not _ASCII_WORD.fullmatch(word):
                    raise LocaleError(
                        f"{word!r} is not a plain ASCII lower-case word",
                        where=f"{path}:{n}",
                        fix="rebuild the table: python bench/build_zipf_table.py",
                    )
                out[word] = zipf
    return out


def zipf_pairs(words: Sequence[str], other: str, expected: str, wordlist: str = "small") -> list[tuple[float, float]]:
    """(Zipf in ``other``, Zipf in ``expected``) for each word: how far a word leads as another language."""
    return [(word_zipf(w, other, wordlist), word_zipf(w, expected, wordlist)) for w in words]


def lexical_lead(text: str, expected: str, other: str) -> bool:
    """True when the words of a short line are common words of ``other`` and, taken together, clearly
    not of ``expected``; words neither language knows (names, brands) are left out."""
    if expected not in LEXICAL_LANGUAGES or other not in LEXICAL_LANGUAGES or compatible(expected, other):
        return False
    words = _WORD.findall(text)
    pairs = zipf_pairs([w.lower() for w in words], other, expected)
    # A capitalised word past the first that neither language uses commonly is a name (a town, a brand: "Gdansk"
    # in "Best Tattoo Gdansk Now"): left out like a word neither knows, so it is no reason to read the line as the
    # market's. The first word is capitalised by the sentence, not the name ("Picolé de cajá vegano").
    pairs = [
        (o, e)
        for i, (w, (o, e)) in enumerate(zip(words, pairs))
        if (o or e) and not (i and w[:1].isupper() and o < LEXICAL_KNOWN and e < LEXICAL_NAME_MARKET)
    ]
    if len(pairs) < SHORT_MIN_WORDS or any(o < LEXICAL_KNOWN for o, _ in pairs):
        return False
    leads = [o - e for o, e in pairs]
    total, best = LEXICAL_LEAD_EN if other == "en" else (LEXICAL_LEAD, LEXICAL_WORD_LEAD)
    if sum(leads) >= total and max(leads) >= best and min(leads) > -0.5:
        return True
    # A line of three or more everyday English words, each clearly more English than the market's
    # ("Buy now, pay later" in vi-VN): markets whose web text borrows English words often (vi, id, ms,
    # tr) give each a fair frequency of their own, so no single word leads by LEXICAL_LEAD_EN[1]. A line
    # of capitalised words is a name or a title ("Black Friday Sale") and is not judged this way.
    return (
        other == "en"
        and len(pairs) >= ENGLISH_LINE[0]
        and not all(w[:1].isupper() for w in words)
        and min(o for o, _ in pairs) >= ENGLISH_LINE[1]
        and min(leads) >= ENGLISH_LINE[2]
        and sum(leads) / len(leads) >= ENGLISH_LINE[3]
    )


# Malay and Indonesian share most words, so the detectors are not asked to tell them apart (COMPATIBLE).
# Their words for everyday retail things differ, and wordfreq has a list for each: a word that is
# common in one and all but absent from the other ("ongkir", "hemat", "diskon" / "penghantaran",
# "diskaun") reads as that language. A finding needs such a word, a clear summed lead, and no word
# that leads as clearly the other way.
NEIGHBOURS = {"ms": "id", "id": "ms"}
NEIGHBOUR_WORD_LEAD = 3.5
NEIGHBOUR_LEAD = 4.0


def neighbour_reads_as(text: str, expected: str) -> str | None:
    """``id`` for Indonesian copy in a Malay market (and ``ms`` the other way round), else None."""
    other = NEIGHBOURS.get(expected)
    if other is None:
        return None
    leads = [o - e for o, e in zipf_pairs(_WORD.findall(_NOISE.sub(" ", text).lower()), other, expected)]
    if not leads or min(leads) <= -NEIGHBOUR_WORD_LEAD:
        return None
    return other if max(leads) >= NEIGHBOUR_WORD_LEAD and sum(leads) >= NEIGHBOUR_LEAD else None


# Copy that switches language part-way ("Jetzt kaufen, save big today", "Kup teraz, jetzt sparen"), or a
# short line in another language: each clause between punctuation is judged on its own words, as a short
# line is (``lexical_lead``). fastText names a clause's candidate language first (microseconds; English is
# always a candidate, as the language ads borrow from), so a clause in the market's language costs no
# word-frequency lookups. A clause of capitalised words is a name or a title ("Black Friday Sale",
# "Café de Flore") and is not judged. English clauses need three words that all lead, since every market
# borrows two-word English calls ("Shop now"). English copy is not judged by clause: it borrows whole
# phrases ("café au lait", "pain au chocolat").
_CLAUSE = re.compile(r"[,.!?;:…|/()\[\]\"“”«»„‹›\n]+|\s[-–—]\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
CLAUSE_MIN_WORDS = 2
CLAUSE_MAX_WORDS = 8
CLAUSE_HINT = 0.5  # fastText's share for another language that makes a clause worth a closer look
CLAUSE_EN = (3, 4.0, 1.5, 0.5)  # English clause: words, summed lead, one word's lead, every word's lead


def mixed_reads_as(text: str, expected: str) -> str | None:
    """The other language of a clause of two to eight words written in it, in Latin-script copy for a
    market of ``expected``, else None."""
    if expected not in LEXICAL_LANGUAGES or expected == "en":
        return None
    for clause in _CLAUSE.split(_NOISE.sub(" ", text)):
        words = _WORD.findall(clause)
        if (
            not CLAUSE_MIN_WORDS <= len(words) <= CLAUSE_MAX_WORDS
            or all(w.istitle() for w in words)
            or _NAME_RUN.fullmatch(clause.strip())
        ):
            continue  # a name or a title ("Black Friday Sale", "Back to School")
        top = fasttext_top(clause)
        if top is None or compatible(top[0], expected) or top[1] < CLAUSE_HINT:
            continue
        for other in dict.fromkeys((top[0], "en")):
            if other in LEXICAL_LANGUAGES and _clause_lead(clause, words, expected, other):
                return other
    return None


def _clause_lead(clause: str, words: list[str], expected: str, other: str) -> bool:
    if other != "en":
        return lexical_lead(clause, expected, other)
    if len(words) < CLAUSE_EN[0]:
        return False
    pairs = zipf_pairs([x.lower() for x in words], "en", expected)
    if any(o < LEXICAL_KNOWN for o, _ in pairs):
        return False
    leads = [o - e for o, e in pairs]
    return sum(leads) >= CLAUSE_EN[1] and max(leads) >= CLAUSE_EN[2] and min(leads) >= CLAUSE_EN[3]


# Copy for a market written in its own script (ar, hi, th, ko, ja, zh) that has none of it and is an
# English sentence ("Shop now and save big" in ar-SA): the words are English words, at least one a
# function word of a sentence (a product name is not one). A capitalised word English does not know is a
# brand or a product's name ("Download NotteKo now!" in ja-JP): it counts towards the line's length but
# never as English, and at least LATIN_MIN_ENGLISH of the words must be English ones (r22-lang). A lower-case
# word English does not know (romanised Hindi, "karo") still keeps the line from being read as English.
LATIN_MIN_WORDS = 3
LATIN_MIN_ENGLISH = 2
LATIN_FUNCTION_ZIPF = 5.5  # "and", "now", "your", "for", "the", "with", "get", "up"


def latin_reads_as(text: str, expected: str) -> str | None:
    """``"en"`` for an English sentence in copy for a market with its own script, else None."""
    if (
        expected not in NATIVE_SCRIPTS
        or has_native_script(text, expected)
        or any(rx.search(text) for s, rx in _SCRIPTS.items() if s in NATIVE_SCRIPTS[expected])
    ):
        return None
    words = _WORD.findall(_NOISE.sub(" ", text))
    if len(words) < LATIN_MIN_WORDS or not all(w.isascii() for w in words):
        return None
    freqs = [(w, word_zipf(w.lower(), "en")) for w in words]
    english = [f for w, f in freqs if f >= LEXICAL_KNOWN]
    names = [w for w, f in freqs if f < LEXICAL_KNOWN and w[:1].isupper()]
    if len(english) + len(names) < len(words) or len(english) < LATIN_MIN_ENGLISH:
        return None
    if max(english) < LATIN_FUNCTION_ZIPF:
        return None
    return "en"
