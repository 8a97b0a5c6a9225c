"""Glossary readings, letter by letter: a term spelt otherwise (``altered``: spaced, hyphenated, accented,
full-width, or a coined name one letter off), and the helpers every reading shares (letters compacted with their
places, edit distance, what makes a name coined, which letters join a Latin name into a longer word).
studio.checks.glossary_readings and studio.checks.glossary_scripts build on this module."""

from __future__ import annotations

import re
import unicodedata

from studio.checks import language
from studio.core.letters import HAN, HANGUL_SYLLABLES, SPACELESS

FUZZY_MIN = 6  # a term this long (letters and digits) also counts as altered one edit away


def _compact(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, casefolded, accents and full-width forms undone; with each one's index
    in ``text``, so a match maps back to a span."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            for f in c.casefold():
                if f.isalnum():
                    chars.append(f)
                    where.append(i)
    return "".join(chars), where


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopped early once every path exceeds ``limit``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


FUZZY_MIN_NAME = 5  # a made-up brand word (no capital inside) is judged by distance from this length


def _coined(term: str, lang: str | None) -> bool:
    """A coined name, which does not inflect: a capital inside or a digit ("AquaPure", "X200"), or, given
    the copy's language, one capitalised word that neither that language nor English has ("Lumina",
    "Fjell"): a dictionary noun ("Kolekcja") inflects and is not judged by distance."""
    if any(ch.isupper() for ch in term[1:]) or any(ch.isdigit() for ch in term):
        return len(_compact(term)[0]) >= FUZZY_MIN
    if lang is None or not term[:1].isupper() or not term.isalpha() or len(term) < FUZZY_MIN_NAME:
        return False
    return not _own_word(term.lower(), lang) and language.word_zipf(term.lower(), "en") == 0


# Letters of scripts written without spaces (Thai, kana, Han, Hangul syllables): a Latin name beside them ends
# there ("新しいLumenaで", "Lumena로"), it does not go on into a longer word.
_SPACELESS = re.compile(f"[{SPACELESS}{HANGUL_SYLLABLES}]")


def _joins(ch: str) -> bool:
    """Whether ``ch`` beside a Latin name makes it part of a longer word."""
    return ch.isalnum() and not _SPACELESS.match(ch)


def _own_word(word: str, lang: str) -> bool:
    """Whether ``word`` is a word of ``lang``'s lists. Looked up only for the languages wordfreq reads without
    a segmenter (language.LEXICAL_LANGUAGES): its Japanese and Korean tokenisers need MeCab, which the studio
    does not install, and a Latin word is no word of a language written in another script anyway."""
    return lang in language.LEXICAL_LANGUAGES and language.word_zipf(word, lang) > 0


# The letters a keyboard, a domain name or a shop sign without them writes out in two (checks-restA58, issue 9):
# German umlauts and sharp s (Duden, "Umlaut": ä ae, ö oe, ü ue, ß ss; the Passgesetz/ICAO 9303 machine-readable
# spelling), Danish and Norwegian æ ae, ø oe, å aa (Retskrivningsordbogen; ICAO 9303), French and Latin œ oe,
# æ ae. "Kloetzer" for "Klötzer" and "Groessen" for "Größen" are the name respelt, not another word.
_TWO_LETTERS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "oe", "å": "aa", "œ": "oe"}


def _compact_two(text: str) -> tuple[str, list[int]]:
    """``_compact`` with the letters of ``_TWO_LETTERS`` written out in two (both letters at the one index)."""
    chars, where = [], []
    for i, ch in enumerate(text):
        two = _TWO_LETTERS.get(ch.lower())
        if two is None:
            c, w = _compact(ch)
            chars.append(c)
            where += [i] * len(c)
        else:
            chars.append(two)
            where += [i, i]
    return "".join(chars), where


def _transliterated(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` in ``text`` with such a letter written out in two on one side ("Printenbaeckerei" for
    "Printenbäckerei", "Groesse" for "Größe", or the term's "oe" written "ö"), (-1, -1) where neither side has
    one or the term is not there so read."""
    if not any(ch.lower() in _TWO_LETTERS for ch in term + text):
        return -1, -1
    t, _ = _compact_two(term)
    c, where = _compact_two(text)
    k = c.find(t) if t else -1
    while k >= 0:
        a, b = where[k], where[k + len(t) - 1] + 1
        if not (a and _joins(text[a - 1])) and not (b < len(text) and _joins(text[b])):
            return a, b  # the name whole, not a piece of a longer word ("Sue" is no part of "Süden")
        k = c.find(t, k + 1)
    return -1, -1


def altered(term: str, text: str, lang: str | None = None) -> tuple[int, int]:
    """Span of ``term`` written otherwise in ``text`` (-1, -1: not there): spaced, hyphenated, accented
    or full-width ("Aqua-Pure", "ａｑｕａｐｕｒｅ" for "AquaPure"), or, for a coined name (``_coined``),
    one letter off where a word starts ("Aquapur", "Lumena" for "Lumina") unless that word is one of
    the language's own ("lámina" in Spanish copy is not "Lumina" misspelt)."""
    t, _ = _compact(term)
    c, where = _compact(text)
    if not t or not c:
        return -1, -1
    k = c.find(t)
    if k >= 0:
        return where[k], where[k + len(t) - 1] + 1
    span = _transliterated(term, text)
    if span[0] >= 0:
        return span
    if not _coined(term, lang):
        return -1, -1
    for k in range(len(c)):
        if k and where[k - 1] + 1 == where[k] and _joins(text[where[k] - 1]):
            continue  # inside a word: "unaquapure" is not a spelling of the term
        for n in (len(t) - 1, len(t), len(t) + 1):
            if k + n <= len(c) and _distance(t, c[k : k + n], 1) <= 1:
                end = where[k + n - 1] + 1
                if end < len(text) and _joins(text[end]) and n < len(t) + 1:
                    continue  # the word goes on: a longer word, not the term misspelt
                word = text[where[k] : end].lower()
                if lang is not None and word.isalpha() and _own_word(word, lang):
                    continue  # a word of the copy's language, not the name misspelt
                return where[k], end
    return -1, -1


# A Chinese name written with a homophone ("鹭导游泳" for "鹭岛游泳": 岛 and 导 are both dao): the same number of
# Han characters, at least half of them the term's own in place and every other one read (anyascii's Mandarin
# reading, tones dropped) as the term's character there. Three characters at least: a two-character name shares
# its sound with everyday words too often ("美的" beside "美得").
_HAN = re.compile(f"[{HAN}]")
HOMOPHONE_MIN = 3


def han_homophone(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` (a Chinese name) written in ``text`` with one or more characters swapped for homophones,
    (-1, -1) if none. Only for Chinese copy: anyascii reads Han characters in Mandarin, not in Japanese."""
    n = len(term)
    if n < HOMOPHONE_MIN or not all(_HAN.match(ch) for ch in term):
        return -1, -1
    from anyascii import anyascii  # only for a draft whose glossary holds a Han name

    want = [anyascii(ch).lower() for ch in term]
    for k in range(len(text) - n + 1):
        window = text[k : k + n]
        if window == term or not all(_HAN.match(ch) for ch in window):
            continue
        if 2 * sum(a == b for a, b in zip(window, term, strict=True)) < n:
            continue
        if all(a == b or anyascii(a).lower() == s for a, b, s in zip(window, term, want, strict=True)):
            return k, k + n
    return -1, -1
