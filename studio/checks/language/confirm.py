"""Whether a detector's verdict is borne out by the words themselves (checks-restA59, issue 9).

A language detector names a language for a short line of names and numbers as readily as for a sentence:
"Sidra Llagar de Nava DOP" reads as Italian, "#publicidad Mi crema favorita de Lumia." as Italian,
"Google-score 4,9 (418 reviews, november 2026)" as English, a Vietnamese line typed without its diacritics as
Dutch. A reviewer reads the words: a line is in another language when some of its words are that language's
words and clearly not the market's. ``words_bear_out`` asks that of the words (wordfreq's Zipf frequencies, the
lists the other language checks read): at least ``MIN_WORDS`` words that are common in the detected language
(``KNOWN``) and lead the market's language (and any language the market accepts whole) by ``LEAD``, or, on a line
of at most three words, one word that leads by ``ONE_WORD_LEAD``. A capitalised word inside a line that also has
lower-case words is a name (a brand, a place, a label: "Lumia", "DOP") and is not counted; a line of capitalised
words only (a title, "Best Used Cars Sherbrooke") is read word by word. The detector's verdict stands where the
words bear it out; where they do not but bear out English (a line the detector gave to a neighbour: "Sailing
lessons in Búzios ... book your class today!" read as Dutch), it is English; otherwise there is no finding.

Measured on the open set at bdf4ccaa (the lead's baseline): of the 161 builtin.language warns that come from the
detector's verdict on judgeable copy, it drops 6 on clean lines and 7 on lines of other classes (slang read as
English, a Québécois oath read as Malay), and keeps all 119 on lines labelled language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from studio.checks.language.words import LEXICAL_LANGUAGES, word_zipf

KNOWN = 3.0  # the word is common in the detected language (once per 10^6 words)
LEAD = 1.0  # and this much more common there than in the market's language
MIN_WORDS = 2
ONE_WORD_LEAD = 2.5  # a line of at most SHORT_LINE words: one word this far ahead will do ("Jetzt zugreifen!")
SHORT_LINE = 3


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]+")  # compiled on first use: the builtin imports this module with every draft


def leading_words(text: str, found: str, against: Iterable[str]) -> list[tuple[str, float]]:
    """The words of ``text`` that are common in ``found`` and lead every language of ``against`` by ``LEAD``."""
    rivals = [a for a in against if a in LEXICAL_LANGUAGES]
    words = _word().findall(text)
    title = all(w[:1].isupper() for w in words)
    out = []
    for i, w in enumerate(words):
        if i and w[:1].isupper() and not title:
            continue  # a name inside a sentence
        low = w.lower()
        f = word_zipf(low, found)
        if f < KNOWN:
            continue
        lead = f - max((word_zipf(low, a) for a in rivals), default=0.0)
        if lead >= LEAD:
            out.append((w, lead))
    return out


def _borne_out(text: str, found: str, against: tuple[str, ...]) -> bool:
    lead = leading_words(text, found, against)
    if len(lead) >= MIN_WORDS:
        return True
    return len(_word().findall(text)) <= SHORT_LINE and any(x >= ONE_WORD_LEAD for _, x in lead)


def words_bear_out(text: str, found: str, expected: str, accepts: Iterable[str] = ()) -> str | None:
    """``found`` when the words of ``text`` bear it out against ``expected`` (and ``accepts``), else ``"en"`` when
    they bear out English, else None. A verdict for a language without a word list (or a market whose language has
    none and accepts none that has) is returned as it is: there is nothing to read it against."""
    against = tuple(dict.fromkeys((expected, *accepts)))
    if found not in LEXICAL_LANGUAGES or not any(a in LEXICAL_LANGUAGES for a in against):
        return found
    if _borne_out(text, found, against):
        return found
    if found != "en" and "en" not in against and _borne_out(text, "en", against):
        return "en"
    return None
