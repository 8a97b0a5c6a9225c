"""Text normalisation for matching, with an offset map back into the original text.

Matching runs on a normalised view (NFKC, so full-width forms become half-width; zero-width
characters removed; "f r e e" and "最 佳" spacing tricks collapsed; the digits of other scripts read as
ASCII digits; optionally casefolded).
Every normalised character remembers the original span it came from, so a finding found in the
view points at the right characters of the text the user wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from studio.core.letters import HALFWIDTH_KANA, HAN, HANGUL, KANA, SPACELESS

# Invisible characters people (or models) use to split words: ZWSP, ZWNJ, ZWJ, word joiner,
# BOM, soft hyphen, bidi isolates/marks.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e")
_ZW_RE = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")
# Scripts written without spaces between words: a space between two such characters is a trick.
_NOSPACE = SPACELESS + HALFWIDTH_KANA
_NOSPACE_CHAR = re.compile(f"[{_NOSPACE}]")
_SPACED_CJK = re.compile(f"[{_NOSPACE}][ \\t\u3000]+(?=[{_NOSPACE}])")
# Three or more single letters separated by one separator: "f r e e", "f.r.e.e", "f-r-e-e".
# Casefolding writes "ß" as "ss", so a spaced-out "S c h e i ß e" reads "s c h e i ss e" in the folded view.
_SPACED_LATIN = re.compile(r"(?<!\w)\w(?:[ .\-_](?:ss(?=[ .\-_]\w)|\w)){2,}(?!\w)")
# Scripts whose letters carry vowel signs (combining marks): Devanagari, Bengali, Gurmukhi ... and Thai.
# There a letter with its signs is what a writer spaces out or masks: "เ-หี้-ย", "चू**या".
COMPLEX_LETTERS = "\u0900-\u0dff\u0e00-\u0e7f"
_COMPLEX_CHAR = re.compile(f"[{COMPLEX_LETTERS}]")
# Three or more pieces of one or two such letters (with their signs) joined by "-", "." or "_"; never
# a space, which separates real short words in Hindi ("तो ही है").
_SPACED_COMPLEX = re.compile(f"(?<![{COMPLEX_LETTERS}])[{COMPLEX_LETTERS}]{{1,3}}(?:[.\\-_][{COMPLEX_LETTERS}]{{1,3}}){{2,}}(?![{COMPLEX_LETTERS}])")


# Arabic orthographic variation a reader does not see as a different word (the normalisation of
# Larkey, Ballesteros & Connell, "Light stemming for Arabic information retrieval", 2007, as in
# Lucene's ArabicNormalizer): short vowels and other harakat (U+064B-U+065F, U+0670) and the
# tatweel stretch (U+0640, "عـروض") are dropped; hamza-carrying alefs become bare alef, alef maqsura
# becomes ya, ta marbuta becomes ha. Only the casefolded view (term matching) is folded this way;
# regular expressions run on the cased view and keep the text's spelling.
ARABIC_DROP = frozenset("\u0640" + "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670")
_AR_DROP_RE = re.compile("[" + "".join(sorted(ARABIC_DROP)) + "]")
_AR_LETTERS = str.maketrans({"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
                             "\u0649": "\u064a", "\u0629": "\u0647"})
_AR_LETTER_RE = re.compile("[\u0622\u0623\u0625\u0671\u0649\u0629]")


# Digits of the studio's other scripts (Arabic-Indic, Extended Arabic-Indic as in Persian and Urdu,
# Devanagari, Bengali, Thai) and the Arabic percent, decimal and thousands signs read as ASCII, one
# character for one: "مضمون ١٠٠٪", "ส่วนลด ๕๐%", "१००% शुद्ध" are the "100%" and "50%" every rule and
# term writes (NFKC leaves them as they are). Python's \d matched them already; a literal "100%" did not.
_DIGIT_SOURCES = "\u0660\u06f0\u0966\u09e6\u0e50"
_DIGITS = str.maketrans({**{chr(ord(z) + k): str(k) for z in _DIGIT_SOURCES for k in range(10)},
                         "\u066a": "%", "\u066b": ".", "\u066c": ","})
_DIGIT_RE = re.compile("[" + "".join(f"{z}-{chr(ord(z) + 9)}" for z in _DIGIT_SOURCES) + "\u066a-\u066c]")


@dataclass(frozen=True)
class Normalized:
    """A normalised view of ``original``. ``starts[i]``/``ends[i]``: original span of view char i."""

    original: str
    text: str
    starts: list[int] | None = None  # None: the view has the same offsets as the original
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the view to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def fold(view: Normalized) -> Normalized:
    """Casefold a cased view, reusing its offset map when casefolding keeps the length."""
    folded = view.text.casefold()
    if len(folded) == len(view.text) and not _AR_DROP_RE.search(folded):
        if _AR_LETTER_RE.search(folded):
            folded = folded.translate(_AR_LETTERS)
        return Normalized(view.original, folded, view.starts, view.ends)
    return normalize(view.original)


class _NfkcChar(dict[int, str]):
    """str.translate table: each character to its own NFKC form, filled on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = unicodedata.normalize("NFKC", chr(code))
        return value


_NFKC_CHAR = _NfkcChar()


def _one_to_one(text: str, casefold: bool) -> str | None:
    """The view when NFKC (+casefold) maps each character to exactly one character, else None.

    Full-width punctuation in CJK copy ("，" -> ",") changes characters but not positions; checking
    only the changed positions keeps such drafts off the per-character slow path.
    """
    if _ZW_RE.search(text) or casefold and _AR_DROP_RE.search(text):
        return None
    view = unicodedata.normalize("NFKC", text)
    if len(view) != len(text):
        return None
    if view != text and text.translate(_NFKC_CHAR) != view:
        return None  # a composition shifted positions
    if _DIGIT_RE.search(view):
        view = view.translate(_DIGITS)
    if casefold:
        folded = view.casefold()
        if len(folded) != len(view):
            return None
        view = folded
        if _AR_LETTER_RE.search(view):
            view = view.translate(_AR_LETTERS)
    return view


def normalize(text: str, *, casefold: bool = True) -> Normalized:
    """The matching view of ``text``; fast when every character maps to one (most drafts)."""
    view: str | None
    if text.isascii():
        view = text.lower() if casefold else text
    else:
        view = _one_to_one(text, casefold)
    if view is not None:  # positions unchanged: only spacing tricks can remove characters
        drop = _spacing_trick_positions(view) if (_SPACED_LATIN.search(view) or _SPACED_CJK.search(view)
                                                  or _COMPLEX_CHAR.search(view) and _SPACED_COMPLEX.search(view)) else None
        if not drop:
            return Normalized(text, view)
        keep = [k for k in range(len(view)) if k not in drop]
        return Normalized(text, "".join(view[k] for k in keep), keep, [k + 1 for k in keep])
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        # A base character and its combining marks normalise together (e + U+0301 -> é).
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = "".join(c for c in text[i:j] if c not in ZERO_WIDTH and not (casefold and c in ARABIC_DROP))
        if cluster:
            out = unicodedata.normalize("NFKC", cluster)
            out = out.translate(_DIGITS)
            if casefold:
                out = out.casefold()
                out = "".join(c for c in out if c not in ARABIC_DROP).translate(_AR_LETTERS)
            for ch in out:
                chars.append(ch)
                starts.append(i)
                ends.append(j)
        i = j
    view = "".join(chars)
    drop = _spacing_trick_positions(view)
    if drop:
        keep = [k for k in range(len(view)) if k not in drop]
        view = "".join(view[k] for k in keep)
        starts = [starts[k] for k in keep]
        ends = [ends[k] for k in keep]
    return Normalized(text, view, starts, ends)


def _spacing_trick_positions(view: str) -> set[int]:
    """Indexes of separators to drop: inside single-letter runs and between CJK characters."""
    drop: set[int] = set()
    for m in _SPACED_LATIN.finditer(view):
        g = m.group()
        drop.update(m.start() + k for k in range(1, len(g)) if g[k] in " .-_" and g[k - 1] not in " .-_")
    if _COMPLEX_CHAR.search(view):
        for m in _SPACED_COMPLEX.finditer(view):
            drop.update(m.start() + k for k, ch in enumerate(m.group()) if ch in ".-_")
    for m in _SPACED_CJK.finditer(view):
        drop.update(range(m.start() + 1, m.end()))
    return drop


def is_nospace_char(ch: str) -> bool:
    """True for Han, kana and Thai characters (scripts written without spaces)."""
    return bool(_NOSPACE_CHAR.match(ch))


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


# ---------------------------------------------------------------- obfuscated spellings ("sh!t", "f*ck")

# Characters standing in for letters in leetspeak. A run of them counts only between letters
# ("g1l1p0ll4s", "k@nker") or as one character at a word's edge ("sh1t"), never in numbers ("1488").
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
# Characters that hide letters: "f*ck", "c**o", "s.ktir", "p•ta".
MASKS = "*•●○◯×#_."
_LEET_RUN = re.compile("[" + re.escape("".join(LEET)) + "]+")
_MASK_SET = frozenset(MASKS)
_OBF_HINT = re.compile(r"[^\W\d_][\d@$!|*•●○◯×#_.]|[\d@$!|*•●○◯×#_.][^\W\d_]")
_MASKED = re.compile(r"[^\W\d_]+(?:[*•●○◯×#_.]+[^\W\d_]*)+")
_INITIAL_MASKED = re.compile(r"[^\W\d_]\*{2,5}")


def _letter(ch: str) -> bool:
    return ch.isalpha() and not is_nospace_char(ch)


# Cyrillic and Greek letters drawn like Latin ones (Unicode confusables, UTS #39 confusables.txt), as a
# writer slips them into a Latin word ("fuсk" with Cyrillic с). Only a word that mixes them with Latin
# letters is read this way: a Russian or Greek word stays what it is.
HOMOGLYPHS = {"а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
              "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u",
              "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x"}
_HOMOGLYPH = "".join(HOMOGLYPHS)
_MIXED_SCRIPT = re.compile(f"[a-z][{_HOMOGLYPH}]|[{_HOMOGLYPH}][a-z]")
_HOMOGLYPH_WORD = re.compile(f"[a-z{_HOMOGLYPH}]+")


def _unconfuse(text: str) -> str:
    """``text`` with the look-alike letters of words that mix them with Latin letters made Latin."""
    def latin(m: re.Match[str]) -> str:
        word = m.group()
        if not _MIXED_SCRIPT.search(word):
            return word
        return "".join(HOMOGLYPHS.get(c, c) for c in word)

    return _HOMOGLYPH_WORD.sub(latin, text)


def deobfuscate(text: str) -> str | None:
    """``text`` with leetspeak letters restored, look-alike Cyrillic/Greek letters inside Latin words made
    Latin, and masks as ``*``, same length (so the same offsets), or None when nothing looks obfuscated.
    Only Latin-like words are touched; numbers stay numbers."""
    original = text
    if _MIXED_SCRIPT.search(text):
        text = _unconfuse(text)
        if not _OBF_HINT.search(text):
            return text if text != original else None
    elif not _OBF_HINT.search(text):
        return None
    chars = list(text)
    for m in _LEET_RUN.finditer(text):
        a, b = m.start(), m.end()
        before = a > 0 and _letter(text[a - 1])
        after = b < len(text) and _letter(text[b])
        if not (before and after):
            if not (before or after) or b - a > 1:
                continue
            if text[a] == "!" and not after:
                continue  # "Buy now!" is punctuation, "sh!t" is not
            if text[a].isdigit() and _word_letters(text, a) < 3 and not _leet_inside(text, a):
                continue  # "5G", "mp3", "4K" are names, not words in disguise; "c0ñ0" is a word whose other digit sits between letters
        for k in range(a, b):
            chars[k] = LEET[text[k]]
    for k, ch in enumerate(chars):
        if ch in _MASK_SET and k > 0 and _letter(chars[k - 1]):
            chars[k] = "*"
    out = "".join(chars)
    return out if out != original or "*" in out else None


def _leet_inside(text: str, at: int) -> bool:
    """Whether the word around ``at`` has, besides ``at``, a leet character between two letters and three letters
    and leet characters in all ("c0ñ0", "m3rd4"): the word is disguised, so its edge digit is a letter too."""
    lo, hi = _word_bounds(text, at)
    word = text[lo:hi]
    inside = any(ch in LEET and k not in (0, len(word) - 1, at - lo) and _letter(word[k - 1]) and _letter(word[k + 1])
                 for k, ch in enumerate(word))
    return inside and sum(_letter(c) or c in LEET for c in word.strip(".,;:!?¡¿\"'()")) >= 4


def _word_letters(text: str, at: int) -> int:
    """Letters in the word around position ``at``."""
    lo, hi = _word_bounds(text, at)
    return sum(_letter(c) for c in text[lo:hi])


def _word_bounds(text: str, at: int) -> tuple[int, int]:
    """Where the whitespace-delimited word around position ``at`` starts and ends."""
    lo = at
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = at
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def masked_tokens(view: str) -> list[tuple[int, str]]:
    """(start, word) for words with masked letters in a ``deobfuscate``d view ("f*ck", "c**o")."""
    if "*" not in view:
        return []
    out = []
    for m in _MASKED.finditer(view):
        if _INITIAL_MASKED.fullmatch(m.group()) and (m.start() == 0 or not _letter(view[m.start() - 1])):
            out.append((m.start(), m.group()))  # "f***", "đ***": an initial and the rest starred out
            continue
        word = m.group().rstrip("*.")
        # three letters with one masked ("đ*t", "h*j", "s*k") are how short swear words are printed too;
        # a shorter word, or one with more masks than letters shown, says too little to be read
        short = len(word) == 3 and word.count("*") == 1 and word[0] != "*"
        if "*" in word and (len(word) >= 4 or short) and (m.start() == 0 or not _letter(view[m.start() - 1])):
            out.append((m.start(), word))
    return out


_MASK_RUN = re.compile("[*•●○◯×#]+")


# A hyphen or dash between two letters of such a script hides a letter too ("เ-ี้ย" for "เหี้ย"): Thai and
# Devanagari words take no hyphen inside, so only between two of their letters it counts.
_DASH_RUN = re.compile("[-\u2010-\u2015]+")


def complex_masks(view: str) -> list[tuple[int, int]]:
    """(start, end) of mask runs inside a word of a script with vowel signs ("चू**या", "เห*ย", "เ-ี้ย")."""
    if not _COMPLEX_CHAR.search(view):
        return []
    out = [(m.start(), m.end()) for m in _MASK_RUN.finditer(view)
           if _COMPLEX_CHAR.match(view[m.start() - 1:m.start()] or " ") or _COMPLEX_CHAR.match(view[m.end():m.end() + 1] or " ")]
    return out + [(m.start(), m.end()) for m in _DASH_RUN.finditer(view)
                  if _COMPLEX_CHAR.match(view[m.start() - 1:m.start()] or " ") and _COMPLEX_CHAR.match(view[m.end():m.end() + 1] or " ")]


def unmask_complex(view: str, start: int, end: int, term: str) -> tuple[int, int] | None:
    """Span of ``term`` in ``view`` when the mask run [start, end) hides part of it, else None.

    The run may hide a letter together with its vowel and tone signs, so it stands for one to two more
    characters than it has ("เห*ย" for "เหี้ย"); at least half of the term must be shown, and the
    shown characters must sit on both sides of the run in order."""
    run, n = end - start, len(term)
    if n < 3:
        return None
    for k in range(n):
        if view[start - k:start] != term[:k] or start - k < 0:
            continue
        for hidden in range(run, run + 3):
            rest = n - k - hidden
            if rest < 0:
                break
            shown = k + rest
            if shown * 2 >= n and shown >= 2 and view[end:end + rest] == term[k + hidden:]:
                return start - k, end + rest
    return None


# A symbol or x put *between* two syllables of a script written in syllable blocks (Hangul, Han, kana) splits a word
# the way a mask hides a letter in Latin ("씨*발", "존@나", "傻*逼", "卧-槽", "クxソ"): no word of these scripts
# carries one inside, so one to three of them between two such letters are dropped for the obfuscated term lists
# (r31-inject); a digit only between Hangul syllables (Korean writes "시1발"; "买2送1" is a number). A space is not
# dropped: Korean separates words with it ("개 새끼" is listed as it is).
SYLLABIC = HANGUL + HAN + KANA
_INSERTED = re.compile(f"(?<=[{SYLLABIC}])[*•●○◯×#_.@$!|~^+=\\-xX]{{1,3}}(?=[{SYLLABIC}])"
                       f"|(?<=[{HANGUL}])[0-9]{{1,2}}(?=[{HANGUL}])")


def drop_inserted(view: Normalized) -> tuple[Normalized, set[int]] | None:
    """``view`` without the symbols inserted between syllables, and the indexes (in the new view) of the letters a
    dropped run stood right before; None when nothing was inserted."""
    runs = list(_INSERTED.finditer(view.text))
    if not runs:
        return None
    keep: list[int] = []
    after: set[int] = set()
    i = 0
    for m in runs:
        keep.extend(range(i, m.start()))
        after.add(len(keep))
        i = m.end()
    keep.extend(range(i, len(view.text)))
    starts = [view.starts[k] if view.starts is not None else k for k in keep]
    ends = [view.ends[k] if view.ends is not None else k + 1 for k in keep]
    return Normalized(view.original, "".join(view.text[k] for k in keep), starts, ends), after
