"""Glossary readings in Japanese copy (checks-glossary30): a name with kanji read aloud and written in kana
("ハナノモリ" or "はなのもり" for 花の森) or in Latin letters by its Japanese reading ("Bihada Labo", "BIHADA LABO" for
美肌ラボ). anyascii reads kanji in Mandarin (美肌 -> "meiji"), so such renderings went unread: here a kanji
word's reading comes from Janome's dictionary (Janome Apache-2.0, its IPADIC under the NAIST licence; loaded
only for a Japanese draft whose glossary name with kanji is missing, ~1 s the first time), and kana are written in Latin letters by modified
Hepburn (the romanisation of Japanese names in advertising and on signs: シ shi, チ chi, ツ tsu, フ fu, ジ ji,
ッ doubles the next consonant, ー and long vowels written once).

Both sides are compared as sounds: Hepburn letters (a Kunrei "si" or "tu" read as "shi", "tsu"), long vowels
once ("kou", "koo", "kō" are one), doubled consonants once, r and l one ("Labo" is ラボ). Nothing looser: the
consonant classes studio.checks.glossary_scripts hears alike across scripts would read とチョーク as 土足. The reading must agree exactly, and be READING_MIN letters at least: a short reading is
too often an ordinary word ("mori", "hana").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from studio.core.letters import HAN

_HAN_CHAR = re.compile(f"[{HAN}]")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]")
READING_MIN = 6  # sounds a name's reading needs (long vowels, doubled letters once)

# Modified Hepburn, katakana by row; small ャュョァィゥェォ and ッ and ー are read in _hepburn.
_ROWS = {
    "アイウエオ": ("a", "i", "u", "e", "o"),
    "カキクケコ": ("ka", "ki", "ku", "ke", "ko"),
    "ガギグゲゴ": ("ga", "gi", "gu", "ge", "go"),
    "サシスセソ": ("sa", "shi", "su", "se", "so"),
    "ザジズゼゾ": ("za", "ji", "zu", "ze", "zo"),
    "タチツテト": ("ta", "chi", "tsu", "te", "to"),
    "ダヂヅデド": ("da", "ji", "zu", "de", "do"),
    "ナニヌネノ": ("na", "ni", "nu", "ne", "no"),
    "ハヒフヘホ": ("ha", "hi", "fu", "he", "ho"),
    "バビブベボ": ("ba", "bi", "bu", "be", "bo"),
    "パピプペポ": ("pa", "pi", "pu", "pe", "po"),
    "マミムメモ": ("ma", "mi", "mu", "me", "mo"),
    "ラリルレロ": ("ra", "ri", "ru", "re", "ro"),
    "ヤユヨワヲンヴ": ("ya", "yu", "yo", "wa", "o", "n", "vu"),
}
_KANA_LATIN = {k: v for row, sounds in _ROWS.items() for k, v in zip(row, sounds, strict=True)}
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_SMALL_V = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


def katakana(text: str) -> str:
    """Hiragana written as katakana (the same sounds), other characters as they are."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def hepburn(kana: str) -> str:
    """Kana in modified Hepburn letters ("ショテン" -> "shoten", "ホッカイドウ" -> "hokkaidou")."""
    out: list[str] = []
    double = False
    for c in katakana(kana):
        if c == "ッ":
            double = True
            continue
        if c == "ー":
            vowel = re.search(r"[aiueo]$", out[-1]) if out else None
            out.append(vowel.group() if vowel else "")
            continue
        if c in _SMALL_Y and out and out[-1].endswith("i") and len(out[-1]) > 1:
            stem = out[-1][:-1]
            out[-1] = stem + ("" if stem.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[c]
            continue
        if c in _SMALL_V and out and out[-1]:
            out[-1] = re.sub(r"[aiueo]+$", "", out[-1]) + _SMALL_V[c]
            continue
        sound = _KANA_LATIN.get(c, _SMALL_Y.get(c, _SMALL_V.get(c)))
        if sound is None:
            return ""  # not kana: no reading
        if double and sound[0] not in "aiueon":
            sound = ("t" if sound.startswith("ch") else sound[0]) + sound
        double = False
        out.append(sound)
    return "".join(out)


# Other romanisations of Japanese written as Hepburn writes them (Kunrei/Nihon-shiki "si", "tu", "zyo"; "m" before
# b and p as in "shimbun"), so a name romanised either way reads the same.
_TO_HEPBURN = (
    (r"sy", "sh"),
    (r"ty|cy", "ch"),
    (r"[zj]y", "j"),
    (r"si", "shi"),
    (r"ti", "chi"),
    (r"tu", "tsu"),
    (r"hu", "fu"),
    (r"[zd]i", "ji"),
    (r"du", "zu"),
    (r"m(?=[bp])", "n"),
    (r"tch", "ch"),
)


def sounds(latin: str) -> str:
    """A romanised Japanese word as it sounds: Hepburn spelling (``_TO_HEPBURN``), long vowels once (ou, oo, ō,
    uu...), doubled consonants once, and r and l one sound (Japanese has one: "Labo" is ラボ)."""
    import unicodedata

    s = "".join(c for c in unicodedata.normalize("NFD", latin.casefold()) if not unicodedata.combining(c))
    s = re.sub(r"[^a-z]", "", s)
    for spelt, hepburn_spelt in _TO_HEPBURN:
        s = re.sub(spelt, hepburn_spelt, s)
    s = re.sub(r"o[ou]", "o", s)
    return re.sub(r"(.)\1+", r"\1", s).replace("l", "r")


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    from janome.tokenizer import Tokenizer  # type: ignore[import-untyped]

    return Tokenizer()


@lru_cache(maxsize=64)
def _units(text: str) -> list[tuple[int, int, str]]:
    """``text`` cut into units that are read (start, end, katakana reading): each kana one unit, each word
    with kanji one unit read by the dictionary; a unit without a reading (Latin, digits, an unknown kanji) ""."""
    out: list[tuple[int, int, str]] = []
    at = 0
    for tok in _tokenizer().tokenize(text):
        surface = tok.surface
        start, at = at, at + len(surface)
        if _HAN_CHAR.search(surface):
            reading = tok.reading if tok.reading and tok.reading != "*" else ""
            out.append((start, at, reading))
        else:
            out += [(start + i, start + i + 1, katakana(c) if _KANA.match(c) else "") for i, c in enumerate(surface)]
    return out


@lru_cache(maxsize=256)
def reading(term: str) -> str:
    """The Japanese reading of ``term`` (a name with kanji, or in kana) as sounds (``sounds``); "" if any part
    of it has no reading (Latin letters, an unknown kanji) or it is shorter than READING_MIN."""
    if not (_HAN_CHAR.search(term) or _KANA.search(term)):
        return ""
    parts = [r for _a, _b, r in _units(term)]
    if not all(parts):
        return ""
    heard = sounds(hepburn("".join(parts)))
    return heard if len(heard) >= READING_MIN else ""


def _read_as(want: str, text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` whose Japanese reading sounds as ``want`` (a name's ``reading``; nothing when it has none),
    in text order, each the longest so read from its start: a long vowel written out (ショボウ) is part of it."""
    if not want:
        return
    units = _units(text)
    for i, (a, _b, r) in enumerate(units):
        if not r:
            continue
        got, end = "", -1
        for j in range(i, len(units)):
            if not units[j][2]:
                break
            got += units[j][2]
            s = sounds(hepburn(got))
            if s == want:
                end = units[j][1]
            elif end >= 0 or len(s) > len(want):
                break
        if end >= 0:
            yield a, end


def read_in_kana(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of ``term`` (a name with kanji) written in ``text`` as it is read, wholly or partly in kana
    ("ハナノモリ", "はなの森" for 花の森), (-1, -1) if none. Japanese copy only."""
    if lang != "ja" or not _HAN_CHAR.search(term) or not _KANA.search(text):
        return -1, -1
    for a, end in _read_as(reading(term), text):
        if text[a:end] != term and _KANA.search(text[a:end]):
            return a, end
    return -1, -1


def read_in_kanji(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of ``term`` (a name written wholly or partly in kana) written in ``text`` with kanji read the same
    ("星空案内舎" for ほしぞら案内舎, "花の森" for はなのもり): the reverse of ``read_in_kana`` (checks-glossaryprice54).
    The kanji are read by the same dictionary, compared as exactly; the span holds a kanji where the name has
    kana. Japanese copy only."""
    if lang != "ja" or not _KANA.search(term) or not _HAN_CHAR.search(text):
        return -1, -1
    for a, end in _read_as(reading(term), text):
        span = text[a:end]
        if span != term and len(_KANA.findall(span)) < len(_KANA.findall(term)) and _HAN_CHAR.search(span):
            return a, end
    return -1, -1


def romanised_reading(term: str, text: str, lang: str | None) -> tuple[int, int]:
    """Span of ``term`` (a Japanese name with kanji or kana) written in Latin letters by its Japanese reading
    ("Bihada Labo", "BIHADA-LABO" for 美肌ラボ): one to four Latin words, apart by spaces or hyphens, that
    sound as the reading; (-1, -1) if none. Japanese copy only."""
    if lang != "ja" or not re.search(r"[A-Za-z]", text) or re.search(r"[A-Za-z]", term):
        return -1, -1
    want = reading(term)
    if not want:
        return -1, -1
    words = list(re.finditer(r"(?<![A-Za-z'’])[A-Za-zāīūēôâîûêō]+", text))
    for i, first in enumerate(words):
        for j in range(i, min(len(words), i + 4)):
            if j > i and not re.fullmatch(r"[ \u00a0・·-]+", text[words[j - 1].end() : words[j].start()]):
                break
            s = sounds(text[first.start() : words[j].end()])
            if s == want:
                return first.start(), words[j].end()
            if len(s) > len(want):
                break
    return -1, -1
