"""Hearing a name written in another script (``heard_in``): the runs of a draft in a script other than Latin, romanised
with anyascii and compared with the name as sounds (reader_gates.yaml ``transliteration:``). The ``transliterated`` gate
(studio.generate.letter_gates) hears the brand in them; the ``copied`` gate (studio.generate.echoes) the worked example's
product. Beneath both gate layers, so the scene gates' reading of the copied gate may use it."""

from __future__ import annotations

import re
from typing import Any

from studio.checks.language import language_of_locale
from studio.core.letters import HAN
from studio.generate.reader_rules import ReaderRules

# Runs of a script other than Latin in which a brand may be transliterated, and how a run is cut into
# the words to compare: "prefix" (the word starts the run, endings and particles follow: 피엘은, フェルク),
# "word" (the run is the word: فيل, फ्येल), "window" (no spaces: any few characters of a Thai or Han run).
_SCRIPTS = (
    (re.compile(r"[\u30a1-\u30fa\u30fc\u31f0-\u31ff\uff66-\uff9f]+"), "prefix", None),  # katakana
    (re.compile(r"[\uac00-\ud7af]+"), "prefix", None),  # hangul
    (re.compile(r"[\u0621-\u065f\u0670-\u06d3\u0750-\u077f]+"), "word", None),  # Arabic letters (not ؟ ، ؛)
    (re.compile(r"[\u0590-\u05ff]+"), "word", None),  # Hebrew
    (re.compile(r"[\u0900-\u097f]+"), "word", None),  # Devanagari
    (re.compile(r"[\u0400-\u04ff\u0370-\u03ff]+"), "word", None),  # Cyrillic, Greek
    (re.compile(r"[\u0e00-\u0e7f]+"), "window", None),  # Thai
    (re.compile(f"[{HAN}]+"), "window", "zh"),  # Han: in Chinese copy only (Japanese reads it otherwise)
)
_ABJAD = re.compile(r"[\u0590-\u06ff\u0750-\u077f]")
_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_THAI_FOLLOWING = re.compile(r"[\u0e30-\u0e3a\u0e47]")  # vowel signs written after or over their consonant
# Thai writes some vowels before the consonant they follow (โม is "mo"): read them after it, in sound order
_THAI_PREPOSED = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")


def _pieces(run: str, how: str, whole: bool = False) -> list[str]:
    if how == "word":
        return [run.removeprefix("ال")] if len(run) > 3 and run.startswith("ال") else [run]
    if how == "prefix":
        return [run[:k] for k in range(1, min(len(run), 6) + 1)]
    # windows of a Thai run end where a syllable may end: not before a consonant that would close it
    # ("เฟร" of "เฟรช", fresh), unless the window ends on the silent mark (เฟลล์)
    # (``whole``: nor before a vowel sign its consonant is read with: 'รูมืออ' of 'ครูมืออาชีพ', a professional teacher,
    # ends on the silent 'อ' of 'อา' and read "rumueo", Lumo)
    return [run[i:j] for i in range(len(run)) for j in range(i + 1, min(len(run), i + 6) + 1)
            if j == len(run) or run[j - 1] == "\u0e4c" or not _THAI_CONSONANT.match(run[j])
            and not (whole and _THAI_FOLLOWING.match(run[j]))]


def _without_labels(text: str, locale: str) -> str:
    """``text`` without the locale's own disclosure labels, wherever they stand: the studio writes them, so they are
    never the brand. Heard as sounds, ar 'إعلان' (i'lan, advertisement: l + a nasal, no vowel written) is 'Lumo', and
    every Arabic draft of the second brief (sponsored) failed as a transliterated brand (campaign_hard, session 46)."""
    from studio.generate.labels import strip_ai_label
    from studio.market.locales import get_locale

    text = strip_ai_label(text, locale)
    label = get_locale(locale).ad_label
    return re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", " ", text) if label else text


def heard_in(text: str, name: str, locale: str, rules: ReaderRules, near: bool = False) -> str | None:
    """The word of ``text``'s runs in a script other than Latin that says ``name`` (``transliterated``'s hearing: each
    run romanised with anyascii and heard as ``Sounds.key``; the locale's labels are not read), else None. ``near`` hears a name a model copied from the
    prompt rather than the brand it was asked to keep (echoes.copied_example: the worked example's 'Brio' as hi
    'ब्रियू', "briyu"): its last vowel may be a near one (``near_vowels``: 'u' for 'o'), and an abjad word must spell the
    name's vowels with its long-vowel letters (ar 'بريو'), where the brand's hearing takes any word of its consonants
    ('لحم' meat and 'علم' flag are l-m, Lumo's: given Brio and Lumo, the brand's hearing fails 125 of the 2,567 open
    corpus lines of hi-IN, ar-SA, ar-AE, th-TH, ja-JP, ko-KR and zh-CN, 116 of them in Arabic script; near, 2)."""
    from anyascii import anyascii

    if rules.sounds is None:
        return None
    latin = anyascii(name)
    key = (*rules.sounds.key(latin, added=False), min(rules.sounds.placed(latin, added=False), default=0))
    if len(key[0]) < 2 or not key[1]:
        return None  # too few sounds to tell the name from ordinary words
    lang, text = language_of_locale(locale), _without_labels(text, locale)
    for pattern, how, only in _SCRIPTS:
        if only and only != lang:
            continue
        for run in pattern.findall(text):
            for piece in _pieces(run, how, whole=near):
                # one Han syllable ("润", run) is a word, not a name of two consonants
                if not (only and len(piece) < 2) and _says(piece, run if how == "word" else None, key, rules.sounds, lang, near):
                    return piece
    return None


# The vowels a long-vowel letter of an abjad writes in a name: ي for i and e (فيل, Fjell), و for u and o (لومو, Lumo),
# alif for a
_MATRES_WRITE = {"\u064a": "ie", "\u06cc": "ie", "\u0648": "uo", "\u0627": "a", "\u0622": "a", "\u0649": "a",
                 "\u05d9": "ie", "\u05d5": "uo", "\u05d0": "ae"}
# The same letters read as the first of those vowels where a near hearing needs them: ar 'بريو' is b-r-ī-ō (anyascii:
# "bryw", y and w silent), alif "" (dropped)
_MATRES = str.maketrans({letter: vowels[0] for letter, vowels in _MATRES_WRITE.items()})


def _says(piece: str, word: str | None, name: tuple[str, str, bool, int], sounds: Any, lang: str, near: bool) -> bool:
    """Whether ``piece`` (of a run, the whole run being ``word`` where a run is a word) sounds as a name of ``name``'s
    key (``Sounds.key`` and where its first vowel stands): its consonant classes in order, its first vowel (an abjad
    writes none, unless ``near``), ending as it ends (on its last vowel where it ends on one)."""
    from anyascii import anyascii

    cons, vowels, closed, first = name
    abjad = _ABJAD.search(piece) is not None
    latin = anyascii(piece.translate(_MATRES) if near and abjad else _THAI_PREPOSED.sub(r"\2\1", piece))
    c, v, end = sounds.key(latin, added=closed)
    if c != cons:
        return False
    if not v:
        # an abjad writes no short vowel, nor the brand's end: a word with long-vowel letters is heard where one of
        # them can write a vowel of the brand (لومو for Lumo, فيل for Fjell), a word without any only where
        # it is no word of the language (h47a's ar-SA drafts had 'لحم' meat, 'علم' flag and 'إعلاننا' our ad heard
        # as Lumo: l and a nasal)
        if not abjad or near:
            return False
        written = "".join(_MATRES_WRITE.get(ch, "") for ch in piece)
        if written:
            return any(sounds.near(w, x) for w in written for x in vowels)
        return _no_word(piece, lang)
    if end != closed:
        return False
    if near:
        # the name's first vowel where the name has it (Brio's 'i' after b-r: not 브이로, vlog, 'i' after the b); its
        # last as the name ends, or a near one in a whole word the language lacks (ब्रियू), not a word's ending (ビール);
        # an abjad's long-vowel letter writes both of a pair (ar و is ō and ū: 'بريو' is Brio, and in wordfreq's list)
        return vowels[0] in sounds.placed(latin, added=closed).get(first, "") and (
            closed or v[-1] == vowels[-1]
            or sounds.near(v[-1], vowels[-1]) and (abjad or piece == word and _no_word(piece, lang)))
    if vowels[0] in v and (closed or v[-1] == vowels[-1]):
        return True
    # a whole word heard as the brand with another vowel, where it is no word of the language: q23g's hi-IN headline
    # 'दिन भर ठंडा फिल्ल बोटल खरीदें' ('Fill' for Fjell; th-TH's caption 'ฟิลล' is not read: Thai has no list); a word the
    # language's list has ('पल' moment, 'फल' fruit: p-l with one vowel) is a word, not the brand
    return piece == word and len(v) == len(vowels) and _no_word(piece, lang)


def _no_word(piece: str, lang: str) -> bool:
    """Whether wordfreq's list of ``lang`` lacks ``piece`` (Hindi: with or without its nukta); False where there is no
    list to ask (Thai: no word can be told from a name)."""
    from studio.checks.language.words import word_zipf

    try:
        return max(word_zipf(w, lang, "best") for w in {piece, piece.replace("\u093c", "")}) == 0
    except LookupError:
        return False
