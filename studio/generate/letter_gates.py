"""The gates that read a draft's letters, by writing system (studio.generate.gates composes them): English in
copy of a language with its own script (``mixed_script``), letters of a script the language is not written in
(``foreign_script``), and the brand written in another script (``transliterated``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from studio.checks.language import language_of_locale
from studio.generate.prompt_words import fold as _fold
from studio.generate.reader_rules import ReaderRules, reader_rules
from studio.generate.sounds_like import heard_in

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
    rules = rules or reader_rules()
    if not brief.brand:
        return None
    piece = heard_in(text, brief.brand, locale, rules)
    if piece is None:
        return None
    return (f"writes the brand {brief.brand!r} as {piece!r} in another script: "
            f"keep {brief.brand!r} as written, in Latin letters")
