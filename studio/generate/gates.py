"""Automatic quality gates for a draft: what ``bench/quality.py`` scores and what the drafting loop
(generate -> check -> repair) uses to pick and repair candidates.

Each gate says why it failed in words a writer (or a repair prompt) can act on:

- language:   lingua identifies the locale's language (brand and glossary terms, URLs and numbers
              removed); confidence >= 0.5 on text long enough to judge, top language otherwise.
- length:     copy fits the channel limit (and was not cut to fit).
- repetition: no word 3-gram (character 6-gram in scripts without spaces) occurs 3 times or more; (copy) no word
              or phrase said twice in a row ("zawsze zawsze"; the scenes' stutter, prompts/scene_gates.yaml).
- brand:      no word that looks like the brand but is spelt differently ("Fjel", "Fjelll").
- copied:     the draft does not name the product of the prompt's worked example, repeat one of the
              prompt's instruction lines, or reuse a sentence of the worked example word for word.
- grounded:   every number in the draft occurs in the brief's description, facts, claims or messages.
- refusal:    the draft is not a model declining or talking about itself ("I'm sorry, but ...", "عذراً،
              ولكن ليس لدي القدرة ..."); phrases per language in prompts/refusals.yaml.
- unfinished: (copy) the line does not stop on an article, preposition, conjunction, colon or comma, nor
              after the first words of a brief statement that goes on ("Fjell bottle: keeps drinks").
- mixed_script:(copy, ja/zh/ko) no English words besides the brand, product, glossary and allowed terms.
- foreign_script:(copy and video scripts) no letters of a script the locale's language is not written in (Latin aside).
- foreign_words:(copy) no words of another language ("summer" in French copy, "一整天" in Japanese): far more
              common there than in the locale's language (wordfreq), or Han letters outside JIS X 0213 in Japanese.
- contradicts:(copy) no material the brief never names ("une gourde en verre" for a steel bottle).
- transliterated:(copy) the brand is not written in another script (フェル, 피엘, فيل, 菲尔 for Fjell): heard
              from the brand's sounds after romanising the draft (anyascii), not from a list of spellings.
- example_product:(copy) the draft does not talk about the worked example's product (緑茶, grüner Tee).
- hashtag:    (copy) every hashtag is a word of the language (wordfreq) or of the brief ("#Isolierflasch" is not).
              Word lists and rules for these seven: prompts/reader_gates.yaml (loaded by studio.generate.reader_rules).
- words:      (copy; languages wordfreq reads without a segmenter: reader_gates.yaml `words`) no word the
              language's word list does not know ("voudre", "insulada"); compounds of two known words pass.
- repeated_claim:(copy) no figure of the brief, nor a run of four words, said twice (the same fact twice).
- on_topic:   (copy; drafting also picks scripts by it) the draft names the brand, the product (or a word of
              its name) or a glossary term: a post of chatter does not say what it advertises.
- scenes:     (video scripts) parsed into two or more scenes whose voiceovers and visuals are all distinct, no
              on-screen text that copies its voiceover (caption_copies) and no word or phrase said twice back to
              back (stutter): prompts/scene_gates.yaml.
- speech_fits:(video scripts) the voiceover can be spoken at the locale's rate within the video.
- unsupported_claim: (after the checks; studio.generate.grounding) no block or warn finding of a claim (health,
              absolute, green, comparative, origin, free) that the brief's statements do not make, read by meaning.

Copy and video scripts are both picked and repaired by these gates (studio.generate.drafting).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from studio.checks.language import _NOISE, compatible, judgeable, language_of_locale, word_zipf, zipf_pairs
from studio.checks.rules.types.grounded import numbers_in, stated_numbers
from studio.generate.reader_rules import (
    SPACELESS,
    SPACELESS_LETTERS,
    WORD,
    ForeignSource,
    ReaderRules,
    prompt_file,
    reader_rules,
)
from studio.generate.reader_rules import fold as _fold

MIN_CONFIDENCE = 0.5
REPEAT_TIMES = 3


def brief_numbers(brief: Any) -> set[str]:
    """Every number the brief states (product description, facts, claims, key messages, names)."""
    return set().union(*(stated_numbers(t) for t in brief.statements()))


def repeated_ngram(text: str) -> str | None:
    """The first n-gram that occurs REPEAT_TIMES times or more (a generation loop), else None."""
    spaceless = len(SPACELESS.findall(text)) > len(text) / 3
    units = [ch for ch in text if not ch.isspace()] if spaceless else [w.lower() for w in WORD.findall(text)]
    n = 6 if spaceless else 3
    grams = Counter(tuple(units[i:i + n]) for i in range(len(units) - n + 1))
    for gram, count in grams.most_common(1):
        if count >= REPEAT_TIMES:
            return ("" if spaceless else " ").join(gram)
    return None


_HASHTAG = re.compile(r"#[^\W_][\w]*")


def repeated_hashtag(text: str) -> str | None:
    """A hashtag written twice in one text (a post's tag list looping: "#StayWarm ... #StayWarm"), else None."""
    seen: set[str] = set()
    for tag in _HASHTAG.findall(text):
        if tag.casefold() in seen:
            return tag
        seen.add(tag.casefold())
    return None


_LATIN_RUN = re.compile(r"[a-z\u00c0-\u024f'’-]+")


def _intact_in(word: str, brand: str) -> bool:
    """The brand, spelt exactly, inside a word of another script: no Latin letter touches it."""
    at = word.find(brand)
    if at < 0:
        return False
    around = word[at - 1:at] + word[at + len(brand):at + len(brand) + 1]
    return not re.search(r"[a-zA-Z\u00c0-\u024f]", around)


def altered_brand(text: str, brand: str) -> str | None:
    """A word spelt like the brand but not the brand ('Fjel', 'Fjelll', 'Fiell'), else None."""
    target = brand.casefold()
    for word in WORD.findall(text):
        w = word.casefold()
        if w == target or (w.startswith(target) and not w[len(target)].isalpha()):  # "Fjell's", "Fjell-Flasche"
            continue
        if _intact_in(w, target):  # "一杯のFjell", "Fjell은": scripts without spaces run the brand into a word
            continue
        # in such a word the Latin run is what may be misspelt ("一杯のFjelll")
        runs = _LATIN_RUN.findall(w) if _LATIN_RUN.sub("", w) else [w]
        for run in runs:
            if len(run) >= len(target) - 1 and difflib.SequenceMatcher(None, run, target).ratio() >= 0.75:
                return word
    return None


def language_verdict(text: str, locale: str, ignore: Sequence[str]) -> tuple[bool, str]:
    """(passes, why) for the language gate."""
    from studio.checks.language import _lingua

    expected = language_of_locale(locale)
    cleaned = text
    for term in sorted(ignore, key=len, reverse=True):
        cleaned = cleaned.replace(term, " ") if term else cleaned
    # a number with its unit ("750 ml", "24h", "29.99 USD": reader_gates.yaml latin_allowed) is in no language: left
    # in, "Fjell Bottle, 750 ml" read as Turkish and a scene that said it was asked again for its language
    if units := "|".join(map(re.escape, sorted(reader_rules().latin_allowed, key=len, reverse=True))):
        cleaned = re.sub(rf"\d[\d.,]*\s?(?:{units})\b", " ", cleaned, flags=re.IGNORECASE)
    cleaned = _NOISE.sub(" ", cleaned).strip()
    if not re.search(r"[^\W\d_]", cleaned):
        return False, "no words besides brand, numbers and links"
    ranked = _lingua().compute_language_confidence_values(cleaned)
    if not ranked:
        return False, "lingua could not identify a language"
    top, confidence = ranked[0].language.iso_code_639_1.name.lower(), ranked[0].value
    if not compatible(top, expected):
        return False, f"reads as {top} ({confidence:.2f}), expected {expected}"
    long_enough = judgeable(text, list(ignore)) is not None
    if long_enough and confidence < MIN_CONFIDENCE:
        return False, f"{expected} with confidence {confidence:.2f} < {MIN_CONFIDENCE}"
    return True, f"{top} {confidence:.2f}"


REFUSALS_FILE = "refusals.yaml"


@lru_cache(maxsize=4)
def _refusal_phrases(path: str, mtime: float) -> tuple[str, ...]:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    data, lines = load_yaml_file(Path(path), StudioError)
    fix = "give `phrases:` as a mapping of language -> list of phrases (see the file's header)"
    phrases = data.get("phrases") if isinstance(data, dict) else None
    if not isinstance(phrases, dict) or not phrases:
        raise StudioError("no `phrases:` mapping", where=f"{path}:1", fix=fix)
    out = []
    for lang, items in phrases.items():
        if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
            raise StudioError(f"phrases.{lang} must be a list of non-empty strings",
                              where=f"{path}:{lines.get(('phrases', lang), 1)}", fix=fix)
        out += [_fold(p) for p in items]
    return tuple(dict.fromkeys(out))


def refusal_phrases(prompts_dir: Path | None = None) -> tuple[str, ...]:
    """The folded refusal phrases of ``<prompts>/refusals.yaml`` (loaded once per version of the file)."""
    return _refusal_phrases(*prompt_file(REFUSALS_FILE, prompts_dir))


def refusal(text: str, prompts_dir: Path | None = None) -> str | None:
    """The refusal phrase a draft contains (the model declined or talked about itself), else None."""
    folded = _fold(text)
    return next((p for p in refusal_phrases(prompts_dir) if p in folded), None)


def ignore_terms(brief: Any) -> list[str]:
    """Words the language gate leaves out: brand, product name, do-not-translate terms."""
    return [brief.brand, brief.product.name, *brief.glossary.do_not_translate]


def text_gates(text: str, fields: Sequence[str], locale: str, brief: Any) -> dict[str, str]:
    """The gates every kind shares (language, repetition, brand, copied, grounded, refusal): gate -> why it failed."""
    from studio.generate.echoes import copied_example

    failed: dict[str, str] = {}
    if not text.strip():
        failed["language"] = "empty draft"
    else:
        ok, why = language_verdict(text, locale, ignore_terms(brief))
        if not ok:
            failed["language"] = why
    loops = [g for g in map(repeated_ngram, fields) if g] or [f"the hashtag {t}" for t in map(repeated_hashtag, fields) if t]
    if loops:
        failed["repetition"] = f"repeats {loops[0]}" if loops[0].startswith("the hashtag") else f"repeats {loops[0]!r}"
    if bad := altered_brand(" ".join(fields), brief.brand):
        failed["brand"] = f"brand spelt {bad!r}"
    if copied := copied_example("\n".join(fields), locale, brief):  # each field its own sentence
        failed["copied"] = copied[0][:240]
    invented = sorted(n for n in numbers_in(" ".join(fields)) if n not in brief_numbers(brief))
    if invented:
        failed["grounded"] = "numbers not in the brief: " + ", ".join(invented)
    if said := refusal(" ".join(fields)):
        failed["refusal"] = f"the model declined or spoke about itself ({said!r})"
    return failed


_LABEL_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")  # "(AI-generated)" at the end
_OPEN_END = re.compile(r"[:,;&+/–—-]\s*$")
# a lone letter of an alphabet after a colon or dash ends a line that was cut ("Trinkflasche Fjell: K")
_ONE_LETTER_END = re.compile(r"[:：–—-]\s*([A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])[.!?…]*$")
_LAST_WORD = re.compile(r"(?<![#@\w])([^\W\d_]+(?:['’][^\W\d_]+)?)[\s.!?…]*$")


def unfinished(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a line of copy stops before it is finished, else None: it ends on a colon, comma or dash, on
    an article, preposition or conjunction of its language ("Kaltes Wasser für den"), or after the first
    words of a brief statement that goes on ("Fjell bottle: keeps drinks" of "Keeps drinks cold for 24
    hours"): what a reader sees as a line cut short, whatever its length."""
    rules = rules or reader_rules()
    body = _LABEL_TAIL.sub("", text.strip()).strip()
    if not body:
        return None
    if _OPEN_END.search(body):
        return f"ends on {body.rstrip()[-1]!r}, as if cut off: {body[-30:]!r}"
    lang = language_of_locale(locale)
    if cut := _ONE_LETTER_END.search(body):  # "Trinkflasche Fjell: K" (not a unit: "24 h")
        return f"stops after the single letter {cut.group(1)!r}, as if cut off: {body[-30:]!r}"
    last = _LAST_WORD.search(body)
    if last and _fold(last.group(1)).replace("’", "'") in rules.ends_open.get(lang, ()):
        return f"ends on {last.group(1)!r}, a word that needs what follows it: {body[-30:]!r}"
    # cut mid-word: the last word starts the brand, the product's name or a glossary term ("une gour")
    names = " ".join([brief.brand, brief.product.name, *brief.glossary_terms(locale)])
    if cut := stops_mid_word(body, names):
        return f"stops mid-word at {cut!r}: {body[-30:]!r}"
    if cut := cut_sentence(body):  # without the label: drafting appends it (studio.generate.labels), cut or not
        return f"stops mid-sentence, as if cut off: {cut!r}; end that sentence or write a shorter post"
    # stopped mid-fact: the last words are how a brief statement starts, and the statement goes on with
    # a word that does not start a new phrase ("keeps drinks | cold", not "keeps drinks cold | for")
    source = language_of_locale(getattr(brief, "source_locale", "en-US") or "en-US")
    boundary = rules.ends_open.get(source, frozenset()) | rules.phrase_starts.get(source, frozenset())
    words = [w.casefold() for w in WORD.findall(re.sub(r"[#＃@]\w+", " ", body))]  # not the hashtags
    for statement in brief.statements():
        if statement == getattr(brief, "campaign", None):
            continue  # the campaign's name is no product statement
        said = [w.casefold() for w in WORD.findall(statement)]
        for k in range(min(len(said) - 1, len(words)), 1, -1):
            if words[-k:] == said[:k]:
                if said[k] not in boundary:
                    return (f"stops mid-fact after {' '.join(said[:k])!r} (the brief: {statement[:60]!r}): "
                            "finish the phrase or leave it out")
                break
    return None


_STOP = re.compile(r"[.!?。！？]")
CUT_WORDS = 4  # a last sentence this long (spaceless scripts: CUT_CHARS letters) without a stop was cut
CUT_CHARS = 12


def cut_sentence(body: str) -> str | None:
    """The end of a text whose earlier sentences end with a stop but whose last, a sentence of its own
    (CUT_WORDS words or more), ends on a letter with no stop, hashtag or emoji after it: the reply ran out
    of tokens ("... können Sie sicher und fr", "... ela mantém"), else None. Headlines have no inner stop;
    a short last call to action ("Jetzt entdecken") is not read."""
    body = body.rstrip()
    if not body or not re.search(r"[^\W\d_]$", body) or not _STOP.search(body):
        return None
    tail = _STOP.split(body)[-1].strip()
    if not tail or "#" in tail or "＃" in tail:
        return None
    if tail[0] in "¡¿":  # Spanish opens an exclamation or a question it never closed ("... todo el día. ¡Espera")
        return tail[-40:]
    long = len(tail) >= CUT_CHARS if SPACELESS.search(tail) and " " not in tail.strip() else len(WORD.findall(tail)) >= CUT_WORDS
    return tail[-40:] if long else None


def stops_mid_word(line: str, context: str) -> str | None:
    """The last word of ``line`` when it is the start of a longer word of ``context`` and nothing (no
    stop, no emoji) follows it: the line was cut mid-word ("Fjell : une gour" next to "gourde"), else None."""
    last = re.search(r"([^\W\d_]{2,})$", line.rstrip())
    if not last:
        return None
    start = last.group(1).casefold()
    longer = (w.casefold() for w in WORD.findall(context))
    return last.group(1) if any(len(w) > len(start) and w.startswith(start) for w in longer) else None


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


def contradicts(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft says the product is made of something the brief never names, else None ("une gourde
    en verre" for a stainless-steel bottle)."""
    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    stated = _fold(" ".join(brief.statements()))
    folded = _fold(text)
    for material, per_lang in rules.materials.items():
        if _at_word_start(material, stated) or any(_at_word_start(p, stated) for p in per_lang.get("en", ())):
            continue
        said = next((p for p in per_lang.get(lang, ()) if _at_word_start(p, folded)), None)
        if said:
            return f"says {said!r} ({material}), but the brief never says the product is {material}"
    # a word of the brief put as another thing: "Bottone" (a button) for "bottle", "verre à boire" for a bottle
    for word, per_lang in rules.misnamed.items():
        if not _at_word_start(word, stated):
            continue
        said = next((p for p in per_lang.get(lang, ()) if _at_word_start(p, folded) and not _at_word_start(p, stated)), None)
        if said:
            return (f"says {said!r} where the brief says {word!r}: {said!r} means something else; "
                    f"name the product as the brief does")
    return None


def _at_word_start(phrase: str, folded: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(phrase)}", folded) is not None


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
    (re.compile(r"[\u4e00-\u9fff]+"), "window", "zh"),  # Han: in Chinese copy only (Japanese reads it otherwise)
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


def transliterated(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft writes the brand in another script (フェル, 피엘, فيل, 菲尔 for Fjell), else None: the brand
    is kept as written. Every run of another script is romanised (anyascii) and heard as the brand's
    sounds (``Sounds.key``): the brand's consonant classes in order, its first vowel (an abjad writes
    none), ending as the brand ends. A brand that ends on a vowel keeps it (Lumo is not "Lum"), and the
    word must end on that vowel too (ルモ, 루모, 卢莫; not 润 "run", 柔软 "rouruan" nor 软木 "ruanmu"). A Han
    character is one syllable: the brand is heard in two or more, never in one (润). Derived from the
    brand: no list of spellings per brand.

    Strict by design, unlike the check engine's glossary reading
    ``studio.checks.glossary_readings.written_in_another_script`` (any glossary term, consonants only, one
    consonant off allowed, a span for a reviewer's warning): a draft this gate fails is thrown away and
    resampled, so the brand's vowels and ending must agree too, or an ordinary word would cost a good draft."""
    from anyascii import anyascii

    rules = rules or reader_rules()
    if rules.sounds is None or not brief.brand:
        return None
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
    return None


def example_product(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a draft talks about the product of the prompts' worked example (green tea) though the brief
    never names it, else None ("ライフタイプの緑茶で、静かな朝" for a water bottle)."""
    from studio.generate.examples import locale_examples

    rules = rules or reader_rules()
    stated = _fold(" ".join([*brief.statements(), *brief.glossary_terms(locale)]))
    # the worked example's own hashtags ("#PauseThé", "#お茶時間"), its product's name aside
    ex = locale_examples(locale)
    if ex is not None:
        theirs = {_fold(tag) for name, post in ex.copy_texts for tag in _TAG.findall(post)} - \
            {_fold(name) for name, _ in ex.copy_texts}
        reused = [f"#{tag}" for tag in dict.fromkeys(_TAG.findall(text)) if _fold(tag) in theirs and _fold(tag) not in stated]
        if reused:
            return (f"reuses the hashtag{'s' if len(reused) > 1 else ''} {', '.join(reused)} of the prompt's worked example "
                    f"(written for its product, not {brief.product.name!r}): use hashtags about this brief")
    nouns = rules.example_product.get(language_of_locale(locale), frozenset())
    if not nouns:
        return None
    folded = _fold(text)
    spaceless = bool(SPACELESS.search(folded))
    for noun in sorted(nouns, key=len, reverse=True):
        found = (noun in folded) if spaceless else re.search(rf"(?<![^\W_]){re.escape(noun)}(?![^\W_])", folded)
        if found and noun not in stated:
            return (f"talks about {noun!r}, the product of the prompt's worked example, not "
                    f"{brief.product.name!r}: write about this brief's product")
    return None


_TAG = re.compile(r"[#＃]([^\W_][\w]*)")
# languages wordfreq reads only through a segmenter (MeCab for ja and ko, jieba for zh; none for th): a word
# looked up there (zipf_frequency) raises ModuleNotFoundError, since neither is installed
SEGMENTED = frozenset({"ja", "zh", "ko", "th"})
_CAMEL = re.compile(r"[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ]+(?![a-zß-öø-ÿ])|\d+")


def _is_word(word: str, lang: str, min_zipf: float) -> bool:
    """At least ``min_zipf`` common in ``lang`` (wordfreq's large lists: the copy gates read every word a
    writer may use, where the language checks read the small ones)."""
    return word_zipf(word, lang, "best") >= min_zipf


def _tag_reads(tag: str, lang: str, own: frozenset[str], min_zipf: float, compound_zipf: float) -> bool:
    """A hashtag reads as words: one word of the language or of the brief, words in CamelCase, or two
    common words of four letters or more run together (#sommerzeit)."""
    def word(w: str, zipf: float = min_zipf) -> bool:
        w = w.casefold()
        return w.isdigit() or w in own or _is_word(w, lang, zipf)

    if word(tag):
        return True
    if "_" in tag:  # #وقت_الشاي, #cold_water: words joined by underscores
        return all(_tag_reads(part, lang, own, min_zipf, compound_zipf) for part in tag.split("_") if part)
    parts = _CAMEL.findall(tag)
    if len(parts) > 1 and "".join(parts) == tag:
        return all(word(p) for p in parts)
    low = tag.casefold()
    return any(word(low[:k], compound_zipf) and word(low[k:], compound_zipf) for k in range(4, len(low) - 3))


# A post is asked for two or three hashtags: more is a list the model ran on with ("#Clima #ClimaEsterno
# #ClimaInterior ... #ClimaPer" in an it-IT post that passed every gate), not copy a writer keeps.
MAX_HASHTAGS = 5


def odd_hashtag(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a hashtag of the draft is not a word of the locale's language nor of the brief, else None
    ("#Trinkflasch", "#Fjellbottlelife" in French copy). Hashtags in scripts without spaces are not read."""
    rules = rules or reader_rules()
    if rules.hashtag_min_zipf is None:
        return None
    lang = language_of_locale(locale)
    if lang in SEGMENTED:
        return None  # wordfreq needs MeCab or jieba to read these (not installed): "#Brio" in a ja post crashed it
    own = frozenset(w.casefold() for w in WORD.findall(" ".join([brief.brand, brief.product.name,
                                                                     *brief.glossary_terms(locale)])))
    own |= rules.hashtag_allowed
    # every odd hashtag, not the first: told of #Outdoorsy alone, a fr-FR repair dropped #Fjell #Gourde instead
    tags = list(dict.fromkeys(_TAG.findall(text)))
    if len(tags) > MAX_HASHTAGS:
        return (f"has {len(tags)} hashtags ({' '.join('#' + t for t in tags[:3])} ...): keep two or three about the "
                f"product, one of them #{brief.brand}")
    odd = [f"#{tag}" for tag in tags
           if not SPACELESS.search(tag) and re.search(r"[^\W\d_]", tag)
           and not _tag_reads(tag, lang, own, rules.hashtag_min_zipf, rules.hashtag_compound_zipf)]
    if not odd:
        return None
    if len(odd) == 1:
        return f"the hashtag {odd[0]} is not a word of {lang} nor of the brief: use real words or leave it out"
    return f"the hashtags {', '.join(odd)} are not words of {lang} nor of the brief: use real words or leave them out"


OWN_WORD_ZIPF = 2.0  # a run of Han letters this common in the copy's own language is a word of it
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's word list of ``lang`` read directly: Japanese and Chinese need a segmenter (MeCab, jieba)
    for ``zipf_frequency``, but a run of Han letters can be looked up as it is."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


def _zipf(word: str, lang: str) -> float:
    import math

    freq = _frequencies(lang).get(word, 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


def _foreign_in(text: str, lang: str, source: ForeignSource, allowed: frozenset[str]) -> list[str]:
    """The words of ``text`` that read as ``source.language`` rather than ``lang``: common there (``min_zipf``)
    and far more common there than in ``lang`` (``lead``), so a loanword the language uses ("cool", "design")
    is not one. Han runs (Japanese and Chinese are written without spaces) are read in windows of 2-4
    letters, the longest found kept."""
    found: list[str] = []
    if lang in ("ja", "zh") or source.language in ("ja", "zh"):
        for run in _HAN_RUN.findall(text):
            windows = [run[i:j] for i in range(len(run)) for j in range(i + 2, min(len(run), i + 4) + 1)]
            # a window with a numeral is a count ("一日", "数百"): wordfreq's Japanese list, cut by MeCab, has
            # none, so they would all read as Chinese; nor is one inside a longer word of the copy's language
            # ("全天" of "全天候")
            hits = [w for w in windows if not any(unicodedata.numeric(ch, None) is not None for ch in w)
                    and _zipf(w, source.language) >= source.min_zipf and _zipf(w, source.language) - _zipf(w, lang) >= source.lead
                    and not any(w != o and w in o and _zipf(o, lang) >= OWN_WORD_ZIPF for o in windows)]
            found += [h for h in hits if not any(h != o and h in o for o in hits)]
        return found
    for word in WORD.findall(text):
        w = word.casefold()
        if len(w) < 2 or w in allowed or any(ch.isdigit() for ch in w):
            continue
        [(theirs, own)] = zipf_pairs([w], source.language, lang, "best")
        if theirs >= source.min_zipf and theirs - own >= source.lead:
            found.append(word)
    return found


def foreign_words(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy carries words of another language, else None: English words in French copy ("la gourde
    pour votre summer"), Chinese words in Japanese copy ("一整天冷たい"). By word frequency in both languages
    (wordfreq; ``foreign_words`` in reader_gates.yaml), so loanwords the language uses pass; and, where the
    language has its own character set (JIS X 0213 for Japanese), Han letters outside it. The brand, the
    product's name, the glossary, the locale's labels and hashtags are not read."""
    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    sources = [s for s in rules.foreign if lang in s.into]
    codec = rules.charsets.get(lang)
    if not sources and codec is None:
        return None
    loc = get_locale(locale)
    cleaned = re.sub(r"[#＃@]\w+|https?://\S+", " ", text)
    for term in sorted((t for t in (brief.brand, brief.product.name, *brief.glossary_terms(locale), loc.ai_label,
                                    loc.ad_label) if t), key=len, reverse=True):
        cleaned = re.sub(re.escape(term), " ", cleaned, flags=re.IGNORECASE)
    found: dict[str, str] = {}  # word -> the language it reads as
    if codec is not None:
        for run in _HAN_RUN.findall(cleaned):
            for ch in run:
                try:
                    ch.encode(codec)
                except UnicodeEncodeError:
                    found.setdefault(run, "zh" if lang == "ja" else "another language")
                    break
    for source in sources:
        for word in _foreign_in(cleaned, lang, source, rules.foreign_allowed):
            if not any(word in w for w in found):
                found.setdefault(word, source.language)
    if not found:
        return None
    from babel import Locale

    names = sorted({Locale.parse(code).get_display_name("en") if code.isalpha() else code for code in found.values()})
    return (f"has {' and '.join(names)} words in {loc.language_name} copy: {', '.join(repr(w) for w in found)}; "
            f"say them in {loc.language_name}")


_NAMEISH = re.compile(r"[^\W\d_][\w'’-]*")


def _known(word: str, lang: str, rules: ReaderRules) -> bool:
    """A word of ``lang``'s list (wordfreq, at least ``words.min_zipf``), or its parts joined by hyphens, or two
    words of the list run together (German and Dutch compounds, a linking s or n allowed: "Isolierflasche" is
    not in the list, "Isolier" is not a word either; "Sommerabend" is "Sommer" + "abend")."""
    known = rules.words
    assert known is not None
    if word in known.allowed or word_zipf(word, lang, "best") >= known.min_zipf:
        return True
    if "-" in word:
        return all(_known(part, lang, rules) for part in word.split("-") if part)
    for clitic in known.clitics.get(lang, ()):
        # "agganciala" is "aggancia" + "la"; Spanish marks the stress it moves ("colócala": "coloca")
        stem = word[:-len(clitic)]
        if word.endswith(clitic) and len(stem) >= 3 and (
                _known(stem, lang, rules) or _known(unicodedata.normalize("NFC", "".join(
                    ch for ch in unicodedata.normalize("NFD", stem) if unicodedata.category(ch) != "Mn")), lang, rules)):
            return True

    def common(w: str) -> bool:
        return word_zipf(w, lang, "best") >= known.compound_zipf

    return any(common(word[k:]) and (common(word[:k]) or (word[k - 1] in "sn" and common(word[:k - 1])))
               for k in range(3, len(word) - 2))


def unknown_words(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy has words its language does not know, else None: words a 1.5B model made up ("S'il voudre le
    memeûr", "a garrafa insulada"), found by wordfreq's word list of the locale's language (``words`` in
    reader_gates.yaml: only languages wordfreq splits without MeCab or jieba and whose human copy it knows;
    compounds of two known words pass). The brand, the product's name, the glossary, the brief's own words, the
    locale's labels, hashtags, numbers and names (a capital letter inside a sentence, outside German) are not
    read, nor a misspelt brand ("Fjel": the brand gate says so). A real but wrong word ("sich in der Natur
    wohlen") is not caught: the list knows it."""
    from wordfreq import tokenize

    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    lang = language_of_locale(locale)
    if rules.words is None or lang not in rules.words.languages:
        return None
    loc = get_locale(locale)
    cleaned = re.sub(r"[#＃@]\w+|https?://\S+", " ", text)
    for term in sorted((t for t in (brief.brand, brief.product.name, *brief.glossary_terms(locale), loc.ai_label,
                                    loc.ad_label) if t), key=len, reverse=True):
        # with the rest of a word it starts: "Trinkflaschensystem" left "nsystem" to read
        cleaned = re.sub(rf"(?<![^\W_]){re.escape(term)}[^\W\d_]*", " ", cleaned, flags=re.IGNORECASE)
    stated = {w.casefold() for st in (*brief.statements(), brief.brand, brief.product.name) for w in WORD.findall(st)}
    misspelt = altered_brand(text, brief.brand) if brief.brand else None  # the brand gate names it: not twice
    if misspelt:
        stated |= {w.casefold() for w in WORD.findall(misspelt)}
    words, unknown = 0, []
    for m in _NAMEISH.finditer(cleaned):
        word = m.group(0)
        opens = not cleaned[:m.start()].strip() or re.search(r"[.!?:;\n¡¿«»\"“„(–—-]\s*$", cleaned[:m.start()])
        if word[0].isupper() and not opens and lang != "de":
            continue  # a name: "Lisboa", "Dolomiti"
        for token in tokenize(word, lang):
            if any(ch.isdigit() for ch in token):
                continue
            words += 1
            if len(token) > 2 and token not in stated and not _known(token, lang, rules):
                unknown.append(token)
    if not unknown:
        return None
    unknown = list(dict.fromkeys(unknown))
    return (f"has words that are not {loc.language_name}: {', '.join(repr(w) for w in unknown)} "
            f"({len(unknown)} of {words} words); use real {loc.language_name} words")


def repeated_claim(text: str, locale: str, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why copy states one thing twice, else None: a figure of the brief said twice ("cold for 24 hours and hot for 12 hours
    ... cold for 24 hours and hot for 12 hours"), or a run of ``repeated_claim.words`` words (``chars`` letters
    in scripts without spaces) said twice ("sich heute in der Natur wohlen ... sich immer noch in der Natur
    wohlen"). The brand and the product's name, hashtags and the locale's labels are not read: naming the
    product twice says nothing twice. A post has four short lines; each should say something new."""
    from studio.checks.rules.types.grounded import number_spans
    from studio.market.locales import get_locale

    rules = rules or reader_rules()
    if rules.repeat_words is None:
        return None
    loc = get_locale(locale)
    body = re.sub(r"[#＃@]\w+|https?://\S+", " ", text)
    for term in sorted((t for t in (loc.ai_label, loc.ad_label) if t), key=len, reverse=True):
        body = body.replace(term, " ")
    # a figure of the brief (24, 750, 29.99), not one inside a code ("ANNA10") nor a count of one ("1 + 1")
    stated = brief_numbers(brief) - {"0", "1"}
    counts = Counter(value for (start, _), value in number_spans(body)
                     if value in stated and not re.match(r"[^\W\d_]", body[start - 1:start]))
    if twice := [n for n, c in counts.items() if c > 1]:
        return f"says {twice[0]} {'twice' if counts[twice[0]] == 2 else f'{counts[twice[0]]} times'}: say each fact once and use the line for something new"
    # the brand and the product's name break runs: "with the Fjell Bottle" twice names the product twice
    names = sorted({brief.brand, brief.product.name, *brief.glossary_terms(locale)} - {""}, key=len, reverse=True)
    for name in names:
        body = re.sub(re.escape(name), " | ", body, flags=re.IGNORECASE)
    if len(SPACELESS.findall(body)) > len(body) / 3:
        n = rules.repeat_chars
        letters = "".join(ch if ch.isalpha() else "|" for ch in body)
        grams = Counter(letters[i:i + n] for i in range(len(letters) - n + 1) if "|" not in letters[i:i + n])
    else:
        n = rules.repeat_words
        grams = Counter()
        for piece in body.split("|"):
            words = [w.casefold() for w in WORD.findall(piece) if not w.isdigit()]
            grams.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    said = [g for g, c in grams.items() if c > 1]
    if not said:
        return None
    return f"says {said[0]!r} twice: say each thing once and use the line for something new"


def reader_gates(text: str, locale: str, brief: Any) -> dict[str, str]:
    """The copy gates for what a reader rejects though the other gates pass: gate -> why it failed."""
    failed: dict[str, str] = {}
    if not text.strip():
        return failed
    rules = reader_rules()
    for name, gate in (("unfinished", unfinished), ("mixed_script", mixed_script), ("foreign_script", foreign_script),
                       ("foreign_words", foreign_words), ("contradicts", contradicts),
                       ("transliterated", transliterated), ("example_product", example_product), ("hashtag", odd_hashtag),
                       ("words", unknown_words), ("repeated_claim", repeated_claim)):
        if why := gate(text, locale, brief, rules):
            failed[name] = why
    if why := off_topic(text, brief, locale):
        failed["on_topic"] = why
    if "repetition" not in failed and (doubled := _doubled_word(text, locale)):
        # the scripts' stutter (prompts/scene_gates.yaml): "Fjell: zawsze zawsze napoje" passed every copy gate
        failed["repetition"] = f"repeats {doubled!r} back to back"
    return failed


def _doubled_word(text: str, locale: str) -> str | None:
    """A word or phrase said twice back to back (the scene gates' ``stutter``, with their allowed doubles), hashtags
    not read."""
    from studio.generate.scene_rules import stutter

    return stutter(re.sub(r"[#＃]\w+", " ", text), locale)


def off_topic(text: str, brief: Any, locale: str) -> str | None:
    """Why copy is not about the brief's product, else None: it names neither the brand, nor the product's
    name or a word of it ("Bottle" of "Fjell Bottle"), nor a term of the brief's glossary for the locale.
    Small models answer with their own chatter ("Here is the updated version ...", a ja-JP post about the
    summer sky) or an echo of an instruction ("No emoji."); such a text passes the other gates, and a reader
    cannot tell what it advertises. Headlines are asked for the brand in every option (repair_lines.yaml).
    A name in Latin letters starts a word unless a letter of its own kind comes before it: Japanese, Chinese
    and Thai put it straight after their words ("冷たいFjellボトル" names it; "SuperFjell" does not)."""
    folded = text.casefold()
    names = [brief.brand, brief.product.name, *brief.glossary_terms(locale)]
    names += [w for w in WORD.findall(brief.product.name) if len(w) >= 4 and w.casefold() != brief.brand.casefold()]
    if any(n and (n.casefold() in folded if SPACELESS.search(n) or " " in n else
                  re.search(rf"(?<![^\W_{SPACELESS_LETTERS}]){re.escape(n.casefold())}", folded)) for n in names):
        return None
    return f"names neither {brief.brand!r} nor {brief.product.name!r}: say what it advertises and name {brief.brand}"


def copy_gates(text: str, channel: str, locale: str, brief: Any) -> dict[str, str]:
    """Every gate for one copy text: gate -> why it failed (empty: the draft passes); the bench's gates."""
    from studio.market.channels import measure
    from studio.market.locales import get_locale

    failed: dict[str, str] = {}
    m = measure(text, channel, get_locale(locale))
    if not m.ok:
        failed["length"] = f"{m.count} {m.unit}, over the {channel} limit of {m.limit}"
    failed.update(text_gates(text, [text], locale, brief))
    failed.update(reader_gates(text, locale, brief))
    failed.update(label_gate(text, channel, locale, brief))
    return failed


def label_gate(text: str, channel: str, locale: str, brief: Any) -> dict[str, str]:
    """The ``ai_label`` gate: the AI label exactly once where the copy needs one (studio.generate.labels)."""
    from studio.generate.labels import ai_label_problem

    return {"ai_label": why} if (why := ai_label_problem(text, locale, channel, brief)) else {}


_SPOKEN_SENTENCE = re.compile(r"[^.!?。！？]+")


def echoed_statement(sentence: str, brief: Any, similar: float) -> str | None:
    """The brief statement a voiceover sentence says back (its words, folded, at least ``similar`` alike in
    order), else None."""
    words = WORD.findall(_fold(sentence))
    if len(words) < 3:
        return None
    for statement in brief.statements():
        own = WORD.findall(_fold(statement))
        if len(own) >= 3 and difflib.SequenceMatcher(None, words, own, autojunk=False).ratio() >= similar:
            return statement
    return None


def brief_echo(script: Any, brief: Any, rules: ReaderRules | None = None) -> str | None:
    """Why a video script only says the brief back (more than ``share`` of its voiceover's sentences are brief
    statements word for word: "Keeps drinks cold for 24 hours." / "One bottle instead of hundreds of plastic
    ones."), else None: such a script passes every other gate and is no ad a writer would keep."""
    rules = rules or reader_rules()
    if rules.echo_similar is None:
        return None
    sentences = [t.strip() for s in script.scenes for t in _SPOKEN_SENTENCE.findall(s.voiceover) if len(t.strip()) > 1]
    echoed = [(t, st) for t in sentences if (st := echoed_statement(t, brief, rules.echo_similar))]
    if sentences and len(echoed) > rules.echo_share * len(sentences):
        return (f"{len(echoed)} of its {len(sentences)} voiceover sentences say the brief back word for word "
                f"(\"{echoed[0][0]}\")")
    return None


def scene_text_key(text: str) -> str:
    """What two scenes' texts are compared by: words only, case folded ("Cold water!" == "cold water")."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def repeated_scenes(scenes: Sequence[Any], field: str, *, empty_ok: bool = False) -> list[int]:
    """1-based numbers of the scenes whose ``field`` repeats an earlier scene's (or is empty, unless
    ``empty_ok``: then only a second empty one counts)."""
    seen: set[str] = set()
    out = []
    for i, scene in enumerate(scenes, 1):
        value = scene_text_key(getattr(scene, field))
        if (not value and not empty_ok) or value in seen:
            out.append(i)
        seen.add(value)
    return out


def script_fields(script: Any) -> tuple[str, list[str]]:
    """(the text the language gate reads: voiceover then on-screen text, every field of every scene)."""
    spoken = " ".join(s.voiceover for s in script.scenes)
    text = spoken + " " + " ".join(s.on_screen_text for s in script.scenes)
    return text.strip(), [f for s in script.scenes for f in (s.voiceover, s.visual, s.on_screen_text)]


def repeated_speech(voiceovers: Sequence[str], locale: str, brief: Any) -> str | None:
    """Why a script's voiceovers say one thing twice, else None: ``repeated_claim`` (a figure of the brief, or a run
    of ``repeated_claim.words`` words, ``chars`` letters without spaces) across the scenes' voiceovers, no run
    crossing from one scene into the next."""
    return repeated_claim(" | ".join(voiceovers), locale, brief)


def only_names(said: str, brief: Any) -> bool:
    """Whether a voiceover says nothing but the brand or the product's name ("Fjell Bottle.")."""
    rest = f" {said.casefold()} "
    for name in sorted({brief.brand, brief.product.name, *brief.product.name.split()}, key=len, reverse=True):
        rest = rest.replace(name.casefold(), " ")
    return not re.search(r"[^\W\d_]", rest)


def _scene_faults(scenes: Sequence[Any], locale: str) -> list[str]:
    """The scenes gate's reading of each scene on its own (``prompts/scene_gates.yaml``): an on-screen text that
    says the voiceover again word for word (``caption_copies``), a word or phrase said twice back to back
    (``stutter``)."""
    from studio.generate.scene_rules import caption_copies, scene_rules, stutter

    rules, out = scene_rules(), []
    for i, s in enumerate(scenes, 1):
        if caption_copies(s.voiceover, s.on_screen_text, locale, rules):
            out.append(f"scene {i}'s on-screen text copies its voiceover (caption_copies)")
        if doubled := next(filter(None, (stutter(t, locale, rules) for t in (s.voiceover, s.on_screen_text, s.visual))), None):
            out.append(f"scene {i} says {doubled!r} twice in a row (stutter)")
    return out


def script_gates(script: Any, locale: str, brief: Any, unparsed: str = "") -> dict[str, str]:
    """Every bench gate for one video script (``None``: not parsed, ``unparsed`` says why): gate -> why."""
    from studio.generate.scene_rules import example_product, example_retold
    from studio.generate.video_script import voiceover_fits
    from studio.market.locales import get_locale

    if script is None or not script.scenes:
        return {"scenes": ("not parsed into scenes: " + unparsed)[:160] if unparsed else "not parsed into scenes"}
    failed: dict[str, str] = {}
    same_vo, same_vis = repeated_scenes(script.scenes, "voiceover"), repeated_scenes(script.scenes, "visual", empty_ok=True)
    # a voiceover that only names its own picture ('Visual: 手に持ったFjell Bottle' / 'Voiceover: 手に持ったFjell
    # Bottle。', ja-JP) says nothing: such a script passed every gate
    says_visual = [i for i, s in enumerate(script.scenes, 1) if scene_text_key(s.voiceover)
                   and scene_text_key(s.voiceover) == scene_text_key(s.visual) and i not in same_vo]
    scene_faults = _scene_faults(script.scenes, locale)
    # pt-BR's product scene said 'Fjell Bottle' (its point had fallen back to the product's name) and passed
    says_name = [i for i, s in enumerate(script.scenes, 1) if scene_text_key(s.voiceover) and i not in same_vo
                 and i not in says_visual and only_names(s.voiceover, brief)]
    scene_faults += [f"scene {i}'s voiceover only names the brand" for i in says_name]
    # scenes that open alike ('Tú, en un día frío, te sientas como ...' three times: es-MX, drafts-script11's base)
    if not same_vo and (twice := repeated_speech([s.voiceover for s in script.scenes], locale, brief)):
        scene_faults.append("the voiceovers say" + twice.removeprefix("says").split(":")[0])
    if len(script.scenes) < 2 or same_vo or same_vis or says_visual or scene_faults:
        why = [f"{len(script.scenes)} scene(s)"] if len(script.scenes) < 2 else []
        why += [f"scene {i} repeats an earlier voiceover or has none" for i in same_vo]
        why += [f"scene {i} repeats an earlier visual" for i in same_vis]
        why += [f"scene {i}'s voiceover only says its visual" for i in says_visual]
        why += scene_faults
        failed["scenes"] = "; ".join(why)
    rate = get_locale(locale).speaking_rate
    needed, ok = voiceover_fits(script, rate)
    if not ok:
        failed["speech_fits"] = f"voiceover needs {needed:.1f} s, video is {script.duration_s:g} s"
    text, fields = script_fields(script)
    failed.update(text_gates(text, fields, locale, brief))
    # the worked example's product carried over without its name ('una taza de té verde' in a Fjell Bottle scene)
    if "copied" not in failed and (kind := next(filter(None, (example_product(f, locale, brief) for f in fields)), None)):
        failed["copied"] = f"a scene shows {kind!r}, the worked example's product, not {brief.product.name!r}"
    # a worked example's line with the names swapped ('Une bonne tasse de Fjell Bottle.' for 'Une bonne tasse de thé
    # vert Brio.': a cup of a bottle) passed every gate (drafts-script11's base: fr-CA, ja-JP 一杯のFjell Bottle。)
    if "copied" not in failed and (line := next(filter(None, (example_retold(t, locale, brief) for s in script.scenes
                                                              for t in (s.visual, s.voiceover))), None)):
        failed["copied"] = f"a scene retells the worked example's line {line!r} with the names swapped"
    # English in a ja/zh/ko voiceover or on-screen text (the scene plan's English line said back: "Fjell Bottle
    # Keeps drinks cold for 24 hours." passed the language gate in a zh-CN script that was Chinese otherwise)
    if why := mixed_script(text, locale, brief):
        failed["mixed_script"] = why
    elif why := foreign_script(text, locale, brief):  # Cyrillic in a German script ('вмест'), as in copy
        failed["foreign_script"] = why
    # English words in a Spanish script's on-screen text (the plan's English fact copied), Chinese words in a
    # Japanese voiceover ("塑料瓶"): the language gate passes a script that is the locale's language otherwise
    elif why := foreign_words(text, locale, brief):
        failed["foreign_words"] = why
    if why := brief_echo(script, brief):
        failed["brief_echo"] = why
    return failed
