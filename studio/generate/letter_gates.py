"""The gates that read a draft's letters, by writing system (studio.generate.gates composes them): English in
copy of a language with its own script (``mixed_script``), letters of a script the language is not written in
(``foreign_script``), and the brand written in another script (``transliterated``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from studio.checks.language import language_of_locale
from studio.core.letters import HAN
from studio.generate.reader_rules import ReaderRules, reader_rules
from studio.generate.reader_rules import fold as _fold

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’-]*")


def mixed_script(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy in a language written in its own script (ja, zh, ko: ``mixed_script`` in the rules file)
    carries English words, else None ("一 bottleで"). The brand, the product name, the glossary, the
    locale's labels and ``latin_allowed`` (units, currencies, acronyms) are fine; hashtags are not read."""
    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    if language_of_locale(locale) not in rules.mixed_script:
        return None
    loc = get_locale(locale)
    allowed = [brief.brand, brief.product.name, *brief.glossary_terms(locale), loc.ai_label, loc.ad_label]
    cleaned = re.sub(r"[#＃]\w+", " ", text)
    for term in sorted((t for t in allowed if t), key=len, reverse=True):
        cleaned = re.sub(re.escape(term), " ", cleaned, flags=re.IGNORECASE)
    foreign = [w for w in _LATIN.findall(cleaned) if len(w) >= 2 and _fold(w) not in rules.latin_allowed]
    if foreign:
        return f"English words in {loc.language_name} copy: {', '.join(dict.fromkeys(foreign))}"
    return None


# The Unicode scripts an ISO 15924 code (a locale's ``script``) writes with; composite codes per ISO 15924
# (Jpan = Han + Hiragana + Katakana, Kore = Hangul + Han). Latin is read by ``mixed_script`` instead.
_ISO_SCRIPTS = {"Latn": ("Latin",), "Arab": ("Arabic",), "Deva": ("Devanagari",), "Thai": ("Thai",),
                "Hans": ("Han",), "Hant": ("Han",), "Hani": ("Han",), "Jpan": ("Han", "Hiragana", "Katakana"),
                "Kore": ("Hangul", "Han"), "Cyrl": ("Cyrillic",), "Grek": ("Greek",), "Hebr": ("Hebrew",)}


@cache
def _foreign_letters(script: str) -> Any:
    import regex

    own = "".join(rf"\p{{scx={name}}}" for name in ("Latin", *_ISO_SCRIPTS.get(script, ()), "Zyyy", "Zinh"))
    return regex.compile(rf"[\p{{L}}--[{own}]]+", regex.V1)


def foreign_script(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy carries letters of a script its language is not written in, else None ("Ein保温-Trinkflasche"
    in German: the model slipped into Chinese). Latin is always allowed (brands, units); the brief's own
    names and glossary are not read."""
    from studio.market.locales import get_locale

    loc = get_locale(locale)
    if loc.script not in _ISO_SCRIPTS:
        return None
    cleaned = text
    for term in (t for t in (brief.brand, brief.product.name, *brief.glossary_terms(locale)) if t):
        cleaned = cleaned.replace(term, " ")
    found = _foreign_letters(loc.script).findall(cleaned)
    if found:
        return (f"letters of another script in {loc.language_name} copy: {', '.join(dict.fromkeys(found))}; "
                f"write it all in {loc.language_name}")
    return None


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
# Thai writes some vowels before the consonant they follow (โม is "mo"): read them after it, in sound order
_THAI_PREPOSED = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")


def _pieces(run: str, how: str) -> list[str]:
    if how == "word":
        return [run.removeprefix("ال")] if len(run) > 3 and run.startswith("ال") else [run]
    if how == "prefix":
        return [run[:k] for k in range(1, min(len(run), 6) + 1)]
    # windows of a Thai run end where a syllable may end: not before a consonant that would close it
    # ("เฟร" of "เฟรช", fresh), unless the window ends on the silent mark (เฟลล์)
    return [run[i:j] for i in range(len(run)) for j in range(i + 1, min(len(run), i + 6) + 1)
            if j == len(run) or run[j - 1] == "\u0e4c" or not _THAI_CONSONANT.match(run[j])]


def _without_labels(text: str, locale: str) -> str:
    """``text`` without the locale's own disclosure labels, wherever they stand: the studio writes them, so they are
    never the brand. Heard as sounds, ar 'إعلان' (i'lan, advertisement: l + a nasal, no vowel written) is 'Lumo', and
    every Arabic draft of the second brief (sponsored) failed as a transliterated brand (campaign_hard, session 46)."""
    from studio.generate.labels import strip_ai_label
    from studio.market.locales import get_locale

    text = strip_ai_label(text, locale)
    label = get_locale(locale).ad_label
    return re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", " ", text) if label else text


def transliterated(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft writes the brand in another script (フェル, 피엘, فيل, 菲尔 for Fjell), else None: the brand
    is kept as written. Every run of another script is romanised (anyascii) and heard as the brand's
    sounds (``Sounds.key``): the brand's consonant classes in order, its first vowel (an abjad writes
    none), ending as the brand ends. A brand that ends on a vowel keeps it (Lumo is not "Lum"), and the
    word must end on that vowel too (ルモ, 루모, 卢莫; not 润 "run", 柔软 "rouruan" nor 软木 "ruanmu"). A Han
    character is one syllable: the brand is heard in two or more, never in one (润). Derived from the
    brand: no list of spellings per brand.

    Strict by design, unlike the check engine's glossary reading
    ``studio.checks.glossary_scripts.written_in_another_script`` (any glossary term, consonants only, one
    consonant off allowed, a span for a reviewer's warning): a draft this gate fails is thrown away and
    resampled, so the brand's vowels and ending must agree too, or an ordinary word would cost a good draft."""
    from anyascii import anyascii

    rules = rules or reader_rules()
    if rules.sounds is None or not brief.brand:
        return None
    text = _without_labels(text, locale)
    cons, vowels, closed = rules.sounds.key(anyascii(brief.brand), added=False)
    if len(cons) < 2 or not vowels:
        return None  # too few sounds to tell the brand from ordinary words
    lang = language_of_locale(locale)
    for pattern, how, only in _SCRIPTS:
        if only and only != lang:
            continue
        for run in pattern.findall(text):
            for piece in _pieces(run, how):
                if only and len(piece) < 2:
                    continue  # one Han syllable ("润", run) is a word, not a brand of two consonants
                c, v, end = rules.sounds.key(anyascii(_THAI_PREPOSED.sub(r"\2\1", piece)), added=closed)
                if c != cons:
                    continue
                if (v and vowels[0] in v and end == closed and (closed or v[-1] == vowels[-1])
                        or not v and _ABJAD.search(piece)):  # an abjad writes no vowel: nor the brand's end
                    return (f"writes the brand {brief.brand!r} as {piece!r} in another script: "
                            f"keep {brief.brand!r} as written, in Latin letters")
                # a whole word heard as the brand with another vowel, where it is no word of the language: q23g's hi-IN
                # headline 'दिन भर ठंडा फिल्ल बोटल खरीदें' ('Fill' for Fjell; th-TH's caption 'ฟิลล' is not read: Thai has no list); a word the
                # language's list has ('पल' moment, 'फल' fruit: p-l with one vowel) is a word, not the brand
                if how == "word" and piece == run and v and len(v) == len(vowels) and end == closed and _no_word(piece, lang):
                    return (f"writes the brand {brief.brand!r} as {piece!r} in another script: "
                            f"keep {brief.brand!r} as written, in Latin letters")
    return None


def _no_word(piece: str, lang: str) -> bool:
    """Whether wordfreq's list of ``lang`` lacks ``piece`` (Hindi: with or without its nukta); False where there is no
    list to ask (Thai: no word can be told from a name)."""
    from studio.checks.language.words import word_zipf

    try:
        return max(word_zipf(w, lang, "best") for w in {piece, piece.replace("\u093c", "")}) == 0
    except LookupError:
        return False
