"""Automatic quality gates for a draft: what ``bench/quality.py`` scores and what the drafting loop
(generate -> check -> repair) uses to pick and repair candidates.

Each gate says why it failed in words a writer (or a repair prompt) can act on:

- language:   lingua identifies the locale's language (brand and glossary terms, URLs and numbers
              removed); confidence >= 0.5 on text long enough to judge, top language otherwise.
- length:     copy fits the channel limit (and was not cut to fit).
- repetition: no word 3-gram (character 6-gram in scripts without spaces) occurs 3 times or more.
- brand:      no word that looks like the brand but is spelt differently ("Fjel", "Fjelll").
- copied:     the draft does not name the product of the prompt's worked example, repeat one of the
              prompt's instruction lines, or reuse a sentence of the worked example word for word.
- grounded:   every number in the draft occurs in the brief's description, facts, claims or messages.
- refusal:    the draft is not a model declining or talking about itself ("I'm sorry, but ...", "عذراً،
              ولكن ليس لدي القدرة ..."); phrases per language in prompts/refusals.yaml.
- unfinished: (copy) the line does not stop on an article, preposition, conjunction, colon or comma, nor
              after the first words of a brief statement that goes on ("Fjell bottle: keeps drinks").
- mixed_script:(copy, ja/zh/ko) no English words besides the brand, product, glossary and allowed terms.
- contradicts:(copy) no material the brief never names ("une gourde en verre" for a steel bottle).
              Word lists per language for these three: prompts/reader_gates.yaml.
- on_topic:   (drafting only) the draft names the brand, the product or a glossary term.
- scenes:     (video scripts) parsed into two or more scenes whose voiceovers and visuals are all distinct.
- speech_fits:(video scripts) the voiceover can be spoken at the locale's rate within the video.

Copy and video scripts are both picked and repaired by these gates (studio.generate.drafting).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.checks.language import _NOISE, compatible, judgeable, language_of_locale
from studio.checks.rules.types.grounded import numbers_in, stated_numbers

MIN_CONFIDENCE = 0.5
REPEAT_TIMES = 3
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")


def brief_numbers(brief: Any) -> set[str]:
    """Every number the brief states (product description, facts, claims, key messages, names)."""
    return set().union(*(stated_numbers(t) for t in brief.statements()))


def repeated_ngram(text: str) -> str | None:
    """The first n-gram that occurs REPEAT_TIMES times or more (a generation loop), else None."""
    spaceless = len(_SPACELESS.findall(text)) > len(text) / 3
    units = [ch for ch in text if not ch.isspace()] if spaceless else [w.lower() for w in _WORD.findall(text)]
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
    for word in _WORD.findall(text):
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


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


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
    if prompts_dir is None:
        from studio.core.config import get_settings

        prompts_dir = get_settings().prompts_dir
    path = Path(prompts_dir) / REFUSALS_FILE
    return _refusal_phrases(str(path), path.stat().st_mtime if path.is_file() else 0.0)


def refusal(text: str, prompts_dir: Path | None = None) -> str | None:
    """The refusal phrase a draft contains (the model declined or talked about itself), else None."""
    folded = _fold(text)
    return next((p for p in refusal_phrases(prompts_dir) if p in folded), None)


def ignore_terms(brief: Any) -> list[str]:
    """Words the language gate leaves out: brand, product name, do-not-translate terms."""
    return [brief.brand, brief.product.name, *brief.glossary.do_not_translate]


def text_gates(text: str, fields: Sequence[str], locale: str, brief: Any) -> dict[str, str]:
    """The gates every kind shares (language, repetition, brand, copied, grounded, refusal): gate -> why it failed."""
    from studio.generate.drafting import copied_example

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


READER_FILE = "reader_gates.yaml"
_READER_FIX = ("give ends_open / phrase_starts as language -> list of words, mixed_script and latin_allowed as lists, "
               "materials as material -> language -> list of phrases (see the file's header)")


@dataclass(frozen=True)
class ReaderRules:
    """``prompts/reader_gates.yaml``: what the unfinished, mixed_script and contradicts gates read."""

    ends_open: dict[str, frozenset[str]]
    phrase_starts: dict[str, frozenset[str]]
    mixed_script: frozenset[str]
    latin_allowed: frozenset[str]
    materials: dict[str, dict[str, tuple[str, ...]]]


def _word_lists(value: Any, at: tuple, path: str, lines: dict) -> dict[str, frozenset[str]]:
    """A mapping of language -> list of words/phrases at ``at`` (keys into the file), folded."""
    from studio.core.errors import StudioError

    name = ".".join(map(str, at))
    if not isinstance(value, dict) or not value:
        raise StudioError(f"`{name}:` must be a mapping of language -> words",
                          where=f"{path}:{lines.get(at, 1)}", fix=_READER_FIX)
    out = {}
    for lang, words in value.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise StudioError(f"{name}.{lang} must be a list of non-empty words",
                              where=f"{path}:{lines.get((*at, lang), lines.get(at, 1))}", fix=_READER_FIX)
        out[str(lang)] = frozenset(_fold(w).strip() for w in words)
    return out


@lru_cache(maxsize=4)
def _reader_rules(path: str, mtime: float) -> ReaderRules:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    data, lines = load_yaml_file(Path(path), StudioError)
    if not isinstance(data, dict):
        raise StudioError("the file must be a YAML mapping", where=f"{path}:1", fix=_READER_FIX)
    flat = {}
    for key in ("mixed_script", "latin_allowed"):
        items = data.get(key)
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise StudioError(f"`{key}:` must be a list of non-empty strings",
                              where=f"{path}:{lines.get((key,), 1)}", fix=_READER_FIX)
        flat[key] = frozenset(_fold(w).strip() for w in items)
    materials = data.get("materials") or {}
    if not isinstance(materials, dict):
        raise StudioError("`materials:` must be a mapping of material -> language -> phrases",
                          where=f"{path}:{lines.get(('materials',), 1)}", fix=_READER_FIX)
    mats = {str(name): {lang: tuple(sorted(ws)) for lang, ws in
                        _word_lists(per_lang, ("materials", name), path, lines).items()}
            for name, per_lang in materials.items()}
    starts = data.get("phrase_starts")
    return ReaderRules(_word_lists(data.get("ends_open"), ("ends_open",), path, lines),
                       _word_lists(starts, ("phrase_starts",), path, lines) if starts is not None else {},
                       flat["mixed_script"], flat["latin_allowed"], mats)


def reader_rules(prompts_dir: Path | None = None) -> ReaderRules:
    """The rules of ``<prompts>/reader_gates.yaml`` (loaded once per version of the file)."""
    if prompts_dir is None:
        from studio.core.config import get_settings

        prompts_dir = get_settings().prompts_dir
    path = Path(prompts_dir) / READER_FILE
    return _reader_rules(str(path), path.stat().st_mtime if path.is_file() else 0.0)


_LABEL_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")  # "(AI-generated)" at the end
_OPEN_END = re.compile(r"[:,;&+/–—-]\s*$")
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
    last = _LAST_WORD.search(body)
    if last and _fold(last.group(1)).replace("’", "'") in rules.ends_open.get(lang, ()):
        return f"ends on {last.group(1)!r}, a word that needs what follows it: {body[-30:]!r}"
    # cut mid-word: the last word starts the brand, the product's name or a glossary term ("une gour")
    names = " ".join([brief.brand, brief.product.name, *brief.glossary_terms(locale)])
    if cut := stops_mid_word(body, names):
        return f"stops mid-word at {cut!r}: {body[-30:]!r}"
    # stopped mid-fact: the last words are how a brief statement starts, and the statement goes on with
    # a word that does not start a new phrase ("keeps drinks | cold", not "keeps drinks cold | for")
    source = language_of_locale(getattr(brief, "source_locale", "en-US") or "en-US")
    boundary = rules.ends_open.get(source, frozenset()) | rules.phrase_starts.get(source, frozenset())
    words = [w.casefold() for w in _WORD.findall(re.sub(r"[#＃@]\w+", " ", body))]  # not the hashtags
    for statement in brief.statements():
        if statement == getattr(brief, "campaign", None):
            continue  # the campaign's name is no product statement
        said = [w.casefold() for w in _WORD.findall(statement)]
        for k in range(min(len(said) - 1, len(words)), 1, -1):
            if words[-k:] == said[:k]:
                if said[k] not in boundary:
                    return (f"stops mid-fact after {' '.join(said[:k])!r} (the brief: {statement[:60]!r}): "
                            "finish the phrase or leave it out")
                break
    return None


def stops_mid_word(line: str, context: str) -> str | None:
    """The last word of ``line`` when it is the start of a longer word of ``context`` and nothing (no
    stop, no emoji) follows it: the line was cut mid-word ("Fjell : une gour" next to "gourde"), else None."""
    last = re.search(r"([^\W\d_]{2,})$", line.rstrip())
    if not last:
        return None
    start = last.group(1).casefold()
    longer = (w.casefold() for w in _WORD.findall(context))
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
    return None


def _at_word_start(phrase: str, folded: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(phrase)}", folded) is not None


def reader_gates(text: str, locale: str, brief: Any) -> dict[str, str]:
    """The copy gates for what a reader rejects though the other gates pass: gate -> why it failed."""
    failed: dict[str, str] = {}
    if not text.strip():
        return failed
    rules = reader_rules()
    for name, gate in (("unfinished", unfinished), ("mixed_script", mixed_script), ("contradicts", contradicts)):
        if why := gate(text, locale, brief, rules):
            failed[name] = why
    return failed


def off_topic(text: str, brief: Any, locale: str) -> str | None:
    """Why a draft is not about the brief's product (it names neither the brand nor the product nor
    one of the locale's glossary terms), else None. Small models answer with their own chatter ("Here
    is the updated version ...") or an echo of an instruction ("No emoji."); such a text passes the
    other gates, so the drafting loop must not prefer it. (A headline without the brand can be good
    copy: this is for picking among candidates, not a bench gate.)"""
    folded = text.casefold()
    names = [brief.brand, brief.product.name, *brief.glossary_terms(locale)]
    if any(n and n.casefold() in folded for n in names):
        return None
    return f"names neither {brief.brand!r} nor {brief.product.name!r}"


def copy_gates(text: str, channel: str, locale: str, brief: Any) -> dict[str, str]:
    """Every gate for one copy text: gate -> why it failed (empty: the draft passes). Besides the bench's
    gates, drafting picks by ``on_topic``: the draft names the brand, the product or a glossary term."""
    from studio.market.channels import measure
    from studio.market.locales import get_locale

    failed: dict[str, str] = {}
    m = measure(text, channel, get_locale(locale))
    if not m.ok:
        failed["length"] = f"{m.count} {m.unit}, over the {channel} limit of {m.limit}"
    failed.update(text_gates(text, [text], locale, brief))
    failed.update(reader_gates(text, locale, brief))
    if why := off_topic(text, brief, locale):
        failed["on_topic"] = why
    return failed


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


def script_gates(script: Any, locale: str, brief: Any, unparsed: str = "") -> dict[str, str]:
    """Every bench gate for one video script (``None``: not parsed, ``unparsed`` says why): gate -> why."""
    from studio.generate.video_script import voiceover_fits
    from studio.market.locales import get_locale

    if script is None or not script.scenes:
        return {"scenes": ("not parsed into scenes: " + unparsed)[:160] if unparsed else "not parsed into scenes"}
    failed: dict[str, str] = {}
    same_vo, same_vis = repeated_scenes(script.scenes, "voiceover"), repeated_scenes(script.scenes, "visual", empty_ok=True)
    if len(script.scenes) < 2 or same_vo or same_vis:
        why = [f"{len(script.scenes)} scene(s)"] if len(script.scenes) < 2 else []
        why += [f"scene {i} repeats an earlier voiceover or has none" for i in same_vo]
        why += [f"scene {i} repeats an earlier visual" for i in same_vis]
        failed["scenes"] = "; ".join(why)
    rate = get_locale(locale).speaking_rate
    needed, ok = voiceover_fits(script, rate)
    if not ok:
        failed["speech_fits"] = f"voiceover needs {needed:.1f} s, video is {script.duration_s:g} s"
    text, fields = script_fields(script)
    failed.update(text_gates(text, fields, locale, brief))
    return failed
