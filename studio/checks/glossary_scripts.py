"""Glossary readings across scripts: a Latin term written in another script (``written_in_another_script``,
by consonant classes; a short name sound by sound), a term in another script written in Latin letters
(``romanised``) or one character off (``native_altered``). studio.checks.glossary_readings tries them among
the others; they use only the letter helpers of studio.checks.glossary_spelling."""

from __future__ import annotations

import re

from studio.checks.glossary_spelling import _SPACELESS, _coined, _compact, _distance

# A glossary term written in another script is the term used and not kept ("ルミナ" for LUMINA, "पेज़ैप" for
# PayZap, "노바버즈 프로" for NovaBuds Pro, "ควิกแคช" for QuickCash): each run of a non-Latin script is
# romanised (anyascii) and its consonants compared with the term's, as classes of letters that sound alike
# across scripts (Korean and Arabic have no f or v, Hindi writes z as ज). Vowels are left out: scripts
# spell them too differently ("Pay" is पे, "Nova" is نوفا). How a run is cut into candidate words: whole
# words (katakana runs are loanwords; Devanagari, Arabic, Cyrillic words are spaced; up to 3 spaced words
# together, as "सुपर सेवर पैक" renders "SuperSaver Pack"), Hangul words with any particle after the last, and
# in Thai, which runs words together, a window that starts a run.
_TRANSLIT_SCRIPTS = (
    (re.compile(r"[\u30a1-\u30fa\u30fc\u31f0-\u31ff\uff66-\uff9f]+"), "word"),  # katakana
    (re.compile(r"[\uac00-\ud7af]+(?:[ \u00a0][\uac00-\ud7af]+)*"), "prefix"),  # hangul
    (
        re.compile(
            r"[\u0621-\u065f\u0670-\u06d3\u0750-\u077f]+(?:[ \u00a0][\u0621-\u065f\u0670-\u06d3\u0750-\u077f]+)*"
        ),
        "word",
    ),
    (re.compile(r"[\u0900-\u097f]+(?:[ \u00a0][\u0900-\u097f]+)*"), "word"),  # Devanagari
    (
        re.compile(r"[\u0400-\u04ff\u0370-\u03ff]+(?:[ \u00a0][\u0400-\u04ff\u0370-\u03ff]+)*"),
        "word",
    ),  # Cyrillic, Greek
    (re.compile(r"[\u0e00-\u0e7f]+"), "window"),  # Thai
)
_SOUND_DIGRAPHS = (
    ("qu", "k"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("ts", "s"),
    ("dz", "s"),
    ("ng", "n"),
    ("x", "ks"),
)
_SOUND_CLASS = str.maketrans(
    {
        **dict.fromkeys("bpfv", "P"),
        **dict.fromkeys("ckgq", "K"),
        **dict.fromkeys("dt", "T"),
        **dict.fromkeys("szj", "S"),
        **dict.fromkeys("lr", "R"),
        **dict.fromkeys("mn", "N"),
    }
)
TRANSLIT_MIN = 3  # consonants a term needs to be heard in another script (fewer: too many words sound alike)


def _classed(latin: str) -> str:
    """A romanised word's letters, doubled letters once, spelt sounds (_SOUND_DIGRAPHS) and consonant
    classes (_SOUND_CLASS) in place: what _consonants and _sounds both compare."""
    s = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", latin.casefold()))
    for spelt, sound in _SOUND_DIGRAPHS:
        s = s.replace(spelt, sound)
    return s.translate(_SOUND_CLASS)


def _consonants(latin: str) -> str:
    """The consonant classes of a romanised word, in order ("QuickCash" and "khwikaekhch" -> "KKKS")."""
    return re.sub(r"[^PKTSRN]", "", _classed(latin))


def _script_pieces(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that may be one word written in a non-Latin script (see _TRANSLIT_SCRIPTS)."""
    out: list[tuple[int, int]] = []
    for pattern, how in _TRANSLIT_SCRIPTS:
        for m in pattern.finditer(text):
            words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group())]
            for i, (a, b) in enumerate(words):
                if how == "window":
                    out += [(a, j) for j in range(a + 2, min(b, a + 12) + 1)]
                    continue
                for k in range(i, min(len(words), i + 3)):  # this word and up to two more
                    ka, kb = words[k]
                    ends = range(ka + 1, kb + 1) if how == "prefix" else (kb,)  # a particle may follow
                    out += [(a, j) for j in ends]
    return out


def written_in_another_script(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` (a Latin name) written in another script in ``text`` (-1, -1: not there).

    The reviewer's reading, tolerant by design: consonant classes only (vowels left out, as scripts spell
    them too differently), one consonant off allowed for a name of four or more, any glossary term. It
    marks a place a reviewer looks at (a warn finding). Not the drafting gate
    ``studio.generate.letter_gates.transliterated``, which asks the stricter question for the brand alone (its
    consonants, first vowel and ending from prompts/reader_gates.yaml, exactly) because a draft it fails is
    thrown away and resampled, so an ordinary word taken for the brand costs a good draft."""
    from anyascii import anyascii

    want = _consonants(anyascii(term))
    if not re.search(r"[A-Za-z]", term):
        return -1, -1
    if len(want) < TRANSLIT_MIN:
        return _sounded_short(term, text)
    found = (-1, -1)
    for a, b in _script_pieces(text):
        got = _consonants(anyascii(text[a:b]))
        if abs(len(got) - len(want)) > 1 or not got or got[0] != want[0]:
            continue
        if (got == want or (len(want) > TRANSLIT_MIN and _distance(got, want, 1) <= 1)) and (
            found[0] < 0 or (a, -b) < (found[0], -found[1])
        ):
            found = (a, b)  # the first place, its longest reading
    return found


# A term in a script without Latin letters (Arabic, Han, Hangul, Thai...) one character off: "نفاحات" for
# "نفحات", "麦牙町" for "麦芽町". The term needs three such characters (two-character words are too often
# another word one character away), and in Arabic the altered form must be a whole word.
_NATIVE = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
NATIVE_MIN = 3


def native_altered(term: str, text: str) -> tuple[int, int]:
    """Span of a non-Latin ``term`` written one character off in ``text`` (-1, -1: not there)."""
    t = term.strip()
    if len(t) < NATIVE_MIN or not all(_NATIVE.match(ch) or ch == " " for ch in t):
        return -1, -1
    spaced = not _SPACELESS.search(t)  # Arabic, Devanagari, Cyrillic: words stand between spaces
    for n in (len(t) - 1, len(t), len(t) + 1):
        for k in range(0, len(text) - n + 1):
            piece = text[k : k + n]
            if piece == t or not all(_NATIVE.match(ch) or ch == " " for ch in piece):
                continue
            if spaced and ((k > 0 and text[k - 1].isalnum()) or (k + n < len(text) and text[k + n].isalnum())):
                continue
            if _distance(t, piece, 1) <= 1 and piece[0] == t[0]:
                return k, k + n
    return -1, -1


def romanised(term: str, text: str) -> tuple[int, int]:
    """Span of a term in a non-Latin script written in Latin letters ("Nafahat" for "نفحات"): a Latin word of
    the copy whose consonants, as classes of sounds alike across scripts, are the term's romanised ones."""
    from anyascii import anyascii

    if re.search(r"[A-Za-z]", term) or not _NATIVE.search(term):
        return -1, -1
    want = _consonants(anyascii(term))
    if len(want) < TRANSLIT_MIN:
        return -1, -1
    # One Latin word, or up to four written apart: a Han or Hangul name is romanised syllable by syllable or
    # word by word ("HanZhuang YouXuan" for 韩妆优选, "Moa Bank" for 모아뱅크).
    words = list(re.finditer(r"(?<![\w-])[A-Za-z][A-Za-z'’-]*(?![\w-])", text))
    for i, first in enumerate(words):
        for j in range(i, min(len(words), i + 4)):
            if j > i and not re.fullmatch(r"[ \u00a0]+", text[words[j - 1].end() : words[j].start()]):
                break
            piece = text[first.start() : words[j].end()]
            if len(re.sub(r"[^A-Za-z]", "", piece)) < 3:
                continue
            got = _consonants(piece)
            if got == want or (len(want) > TRANSLIT_MIN and _distance(got, want, 1) <= 1 and got[0] == want[0]):
                return first.start(), words[j].end()
            if len(got) > len(want) + 1:
                break
    return -1, -1


# The writing system a character belongs to, as the glossary check compares a term's with a draft's: Latin
# (full-width Latin too), Han with kana (Japanese writes both), or the first word of its Unicode name
# (HANGUL, THAI, ARABIC, DEVANAGARI, CYRILLIC...). None for what is no letter.
_HAN_KANA = ("CJK", "HIRAGANA", "KATAKANA")


def script_of(ch: str) -> str | None:
    import unicodedata

    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if "LATIN" in name:
        return "LATIN"
    first = name.split(" ", 1)[0]
    return "CJK" if first in _HAN_KANA or "KATAKANA" in name else first or None


def script_absent(term: str, text: str) -> bool:
    """Whether ``text`` is written wholly in scripts other than ``term``'s: the draft has letters, and none in
    any script the term is written in (a Latin name in copy that has no Latin letter, a Han name in copy
    written in Latin letters). Such a draft cannot hold the term as written; it translated, transliterated or
    dropped it."""
    want = {s for s in map(script_of, term) if s}
    have = {s for s in map(script_of, text) if s}
    return bool(want) and bool(have) and not (want & have)


# Arabic short-vowel and shadda marks (tashkeel) are pronunciation, not spelling: "نَفَحات" is "نفحات" kept.
VOWEL_MARKS = re.compile("[\u064b-\u065f\u0670]")


def _in_another_script(term: str, text: str, lang: str) -> tuple[int, int]:
    """``term`` transliterated into the market's script, or else the coined word of a longer name so
    written ("ลูมิร่า" of "Lumira Bright Serum"); (-1, -1) if neither."""
    near, end = written_in_another_script(term, text)
    for part in term.split() if near < 0 and " " in term else ():
        if _coined(part, lang):
            near, end = written_in_another_script(part, text)
            if near >= 0:
                break
    return near, end


SHORT_SOUND_MIN = 4  # letters a short name needs to be compared sound by sound (vowels too) in another script


def _sounds(latin: str, script_side: bool = False) -> str:
    """Consonant classes and vowels of a romanised word, doubled letters once ("Hoppa" -> "hoPa"); on the
    script side the romanised Japanese small tsu (a "t" before a consonant: ホッパ -> "hotpa") is the
    doubling it writes."""
    s = re.sub(r"[^a-z]", "", latin.casefold())
    if script_side:
        s = re.sub(r"t(?=[bcdfgkpsz])", "", s)
    return re.sub(r"(.)\1+", r"\1", _classed(s))


def _sounded_short(term: str, text: str) -> tuple[int, int]:
    """A short name (fewer than TRANSLIT_MIN consonants: "Hoppa", "Sola") written in another script: its
    consonants alone match too many words, so every sound is compared, vowels included, and must agree
    exactly ("Hoppa" and ホッパ or ホッパー; not ホップ)."""
    from anyascii import anyascii

    if len(_compact(term)[0]) < SHORT_SOUND_MIN:
        return -1, -1
    want = _sounds(anyascii(term))
    for a, b in _script_pieces(text):
        if _sounds(anyascii(text[a:b]), script_side=True) == want:
            return a, b
    return -1, -1


# A name in a non-Latin script half kept and half written in Latin letters (r22-glossary): one part of it kept
# in its script or romanised, beside a capitalised Latin word that stands for the rest ("말문 English Academy"
# for 말문영어, "Baan-Suan Flowers" for ดอกไม้บ้านสวน: the place name romanised, "flowers" translated). The part
# is a start or an end of the term, at least two letters and a third of it; kept in its script it must stand
# apart as a word, directly before or after the Latin word; romanised it must sound as that part
# (TRANSLIT_MIN consonants at least) and stand beside another capitalised Latin word.
_LATIN_WORD = r"[A-Z][A-Za-z'’]+"
_PART_MIN = 2


def part_in_latin(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` (non-Latin script) rendered part kept or romanised, part in Latin words (see above)."""
    from anyascii import anyascii

    if re.search(r"[A-Za-z]", term) or not _NATIVE.search(term) or " " in term.strip():
        return -1, -1
    n = len(term)
    least = max(_PART_MIN, -(-n // 3))
    parts = [term[:k] for k in range(n - 1, least - 1, -1)] + [term[k:] for k in range(1, n - least + 1)]
    sep = r"[ \u00a0-]+"
    for part in parts:
        kept = rf"(?<![^\W\d_]){re.escape(part)}(?![^\W\d_])"
        m = re.search(rf"{kept}(?:{sep}{_LATIN_WORD})+|(?:{_LATIN_WORD}{sep})+{kept}", text)
        if m:
            return m.span()
    for part in parts:
        want = _consonants(anyascii(part))
        if len(want) < TRANSLIT_MIN:
            continue
        words = list(re.finditer(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)*", text))
        for i, first in enumerate(words):
            for j in range(i, min(len(words), i + 3)):
                if j > i and not re.fullmatch(sep, text[words[j - 1].end() : words[j].start()]):
                    break
                piece = text[first.start() : words[j].end()]
                if _consonants(piece) != want:
                    continue
                after = re.match(rf"{sep}({_LATIN_WORD})", text[words[j].end() :])
                before = re.search(rf"({_LATIN_WORD}){sep}$", text[: first.start()])
                if after:
                    return first.start(), words[j].end() + after.end()
                if before:
                    return before.start(1), words[j].end()
    return -1, -1
