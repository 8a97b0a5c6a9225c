"""What the scenes gate reads beyond repeated scenes (``prompts/scene_gates.yaml``): a caption that copies its
voiceover (``caption_copies``), a word or phrase doubled back to back (``stutter``), and a voiceover off its
plan line (``off_point``), a scene about the worked example's product (``example_product``). Loaded once per version
of the file, validated at load with file:line errors."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.generate.prompt_words import fold, prompt_file
from studio.generate.reader_rules import SPACELESS, SPACELESS_LETTERS, WORD

SCENE_FILE = "scene_gates.yaml"
_FIX = (
    "caption_copies: {similar: 0.9, min_words: 3, min_chars: 6}; example_retold: {similar: 0.85, min_chars: 12, min_letters: 6}; stutter: {words: 3, chars: 3, allowed: {fr: "
    "[nous nous]}}; off_point: {min_cosine: 0.1}; example_product: {words: {en: [green tea]}} (see the file's header)"
)


@dataclass(frozen=True)
class SceneRules:
    caption_similar: float = 0.9
    caption_min_words: int = 3
    caption_min_chars: int = 6
    stutter_words: int = 3
    stutter_chars: int = 3
    stutter_allowed: dict[str, frozenset[str]] = field(default_factory=dict)
    off_point_cosine: float = 0.1
    off_point_sense: float = 0.35  # the sense gate's bar for one scene's voiceover (its own SENSE is the whole draft's)
    example_similar: float = 0.85
    example_min_chars: int = 12
    example_min_letters: int = 6  # ... of a line written without spaces (ja, zh, th): a letter says more there
    example_product: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> folded phrases




def _number(
    value: Any, at: tuple, path: str, lines: dict, *, whole: bool = False, low: float = 0.0, high: float | None = None
):
    from studio.core.errors import StudioError

    ok = (
        isinstance(value, int if whole else (int, float))
        and not isinstance(value, bool)
        and value > low
        and (high is None or value <= high)
    )
    if not ok:
        kind = "a whole number" if whole else "a number"
        bound = f" above {low:g}" + (f" and at most {high:g}" if high is not None else "")
        raise StudioError(
            f"{'.'.join(at)} must be {kind}{bound}, got {value!r}",
            where=f"{path}:{lines.get(at, lines.get(at[:1], 1))}",
            fix=_FIX,
        )
    return value


@lru_cache(maxsize=4)
def _scene_rules(path: str, mtime: float) -> SceneRules:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    if not Path(path).is_file():
        return SceneRules()
    data, lines = load_yaml_file(Path(path), StudioError)
    if not isinstance(data, dict):
        raise StudioError("the file must be a YAML mapping", where=f"{path}:1", fix=_FIX)
    for key in ("caption_copies", "stutter", "off_point", "example_retold"):
        if not isinstance(data.get(key), dict):
            raise StudioError(f"`{key}:` must be a mapping", where=f"{path}:{lines.get((key,), 1)}", fix=_FIX)
    cap, stu, off, ex = data["caption_copies"], data["stutter"], data["off_point"], data["example_retold"]
    allowed = stu.get("allowed") or {}
    if not isinstance(allowed, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v) for v in allowed.values()
    ):
        raise StudioError(
            "stutter.allowed must be a mapping of language -> list of doubled phrases",
            where=f"{path}:{lines.get(('stutter', 'allowed'), 1)}",
            fix=_FIX,
        )
    product = data.get("example_product") or {}
    words = product.get("words") if isinstance(product, dict) else None
    if not isinstance(words, dict) or not all(
        isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v) for v in words.values()
    ):
        raise StudioError(
            "example_product.words must be a mapping of language -> non-empty list of phrases",
            where=f"{path}:{lines.get(('example_product', 'words'), lines.get(('example_product',), 1))}",
            fix=_FIX,
        )
    return SceneRules(
        caption_similar=float(_number(cap.get("similar"), ("caption_copies", "similar"), path, lines, high=1)),
        caption_min_words=_number(cap.get("min_words"), ("caption_copies", "min_words"), path, lines, whole=True),
        caption_min_chars=_number(cap.get("min_chars"), ("caption_copies", "min_chars"), path, lines, whole=True),
        stutter_words=_number(stu.get("words"), ("stutter", "words"), path, lines, whole=True),
        stutter_chars=_number(stu.get("chars"), ("stutter", "chars"), path, lines, whole=True),
        stutter_allowed={str(lang): frozenset(fold(w).strip() for w in ws) for lang, ws in allowed.items()},
        off_point_cosine=float(_number(off.get("min_cosine"), ("off_point", "min_cosine"), path, lines, high=1)),
        off_point_sense=float(_number(off.get("min_sense", SceneRules.off_point_sense), ("off_point", "min_sense"), path,
                                      lines, high=1)),
        example_similar=float(_number(ex.get("similar"), ("example_retold", "similar"), path, lines, high=1)),
        example_min_chars=_number(ex.get("min_chars"), ("example_retold", "min_chars"), path, lines, whole=True),
        example_min_letters=_number(ex.get("min_letters"), ("example_retold", "min_letters"), path, lines, whole=True),
        example_product={str(lang): tuple(fold(w).strip() for w in ws) for lang, ws in words.items()},
    )


def scene_rules(prompts_dir: Path | None = None) -> SceneRules:
    """The rules of ``<prompts>/scene_gates.yaml`` (defaults where the folder has no such file)."""
    return _scene_rules(*prompt_file(SCENE_FILE, prompts_dir))


def _units(text: str) -> list[str]:
    """Words, or letters where the text is written without spaces (ja, zh, th)."""
    folded = fold(text)
    if SPACELESS.search(folded):
        return re.findall(r"[^\W_]", folded)
    return WORD.findall(folded)


def caption_copies(voiceover: str, caption: str, locale: str, rules: SceneRules | None = None) -> bool:
    """Whether the on-screen text says the voiceover again word for word (the locale's ad and AI labels aside)."""
    from studio.market.locales import get_locale

    rules = rules or scene_rules()
    loc = get_locale(locale)
    for label in (loc.ad_label, loc.ai_label):
        if label:
            caption = re.sub(re.escape(label), " ", caption, flags=re.IGNORECASE)
    said, shown = _units(voiceover), _units(caption)
    spaceless = bool(SPACELESS.search(fold(voiceover)))
    if len(said) < (rules.caption_min_chars if spaceless else rules.caption_min_words) or not shown:
        return False
    return difflib.SequenceMatcher(None, said, shown, autojunk=False).ratio() >= rules.caption_similar


def stutter(text: str, locale: str, rules: SceneRules | None = None) -> str | None:
    """The word or phrase said twice back to back (only spaces between), else None."""
    rules = rules or scene_rules()
    folded = fold(text)
    allowed = rules.stutter_allowed.get(locale.split("-")[0], frozenset())
    # a letter or a vowel sign: Devanagari's matras are marks, not letters, and 'प्लास्टिक की' read as 'क क' (a stutter)
    ch = r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
    word = rf"{ch}+(?:[-'’]{ch}+)*"
    phrase = rf"(?<!{ch}|['’-])({word}(?:\s+{word}){{0,{rules.stutter_words - 1}}})\s+\1(?!{ch}|['’-])"
    for m in re.finditer(phrase, folded):
        if not SPACELESS.search(m.group(1)) and m.group(0) not in allowed and not m.group(1).isdigit():
            return m.group(1)
    # ``stutter_chars`` letters each with its marks: Thai's vowel and tone marks are code points of their own, and 'ที่'
    # (that, one letter and two marks) after 'ทุกที่' (everywhere) is grammar, 'ทุกที่ที่วันไป' (everywhere the day goes)
    letter = rf"(?:(?!{_THAI_MARK})[{SPACELESS_LETTERS}]{_THAI_MARK}*)"
    for m in re.finditer(rf"({letter}{{{rules.stutter_chars},}}?)\1", folded):
        return m.group(1)
    return None


_THAI_MARK = r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # the vowel and tone marks written above or below a Thai letter


def example_retold(text: str, locale: str, brief: Any, rules: SceneRules | None = None) -> str | None:
    """The line of the worked example's scenes (prompts/examples/) that ``text`` retells with the names swapped
    ("Hände gießen Fjell Bottle am Fenster ein" for "Hände gießen Tee am Fenster ein"), else None."""
    from studio.generate.echoes import _NAME, _folded, _named
    from studio.generate.examples import locale_examples

    example = locale_examples(locale)
    if example is None or not text.strip():
        return None
    rules = rules or scene_rules()
    own = _one_name(_named(_folded(text), (brief.brand, brief.product.name)))
    # what the example's product is ("thé vert", "緑茶") reads as its name too: 'Une bonne tasse de Fjell Bottle.'
    # retells 'Une bonne tasse de thé vert Brio.' (drafts-script11's base: fr-CA, id-ID, ms-MY, ja-JP 一杯のFjell Bottle)
    kinds = rules.example_product.get(locale.split("-")[0], ())
    for scene in example.video_script:
        for line in (scene.visual, scene.voiceover):
            theirs = _one_name(_named(_folded(line), (example.product_name, *kinds)))
            # the same words around the name, however short ('Secangkir Fjell Bottle.' for 'Secangkir teh hijau
            # Brio.'); a line that is only a name is the brand-only check's, not this one's
            if own == theirs and re.search(r"[^\W_]", theirs.replace(_NAME, "")):
                return line
            floor = rules.example_min_letters if SPACELESS.search(theirs) else rules.example_min_chars
            if len(theirs.replace(" ", "")) < floor:
                continue
            if difflib.SequenceMatcher(None, own, theirs, autojunk=False).ratio() >= rules.example_similar:
                return line
    return None


def _one_name(folded: str) -> str:
    """A folded line with a run of name placeholders read as one ("\x00 \x00" for "thé vert Brio")."""
    from studio.generate.echoes import _NAME

    return re.sub(f"{_NAME}(?:\\s*{_NAME})+", _NAME, folded)


def example_product(text: str, locale: str, brief: Any, rules: SceneRules | None = None) -> str | None:
    """The phrase of ``example_product`` (prompts/scene_gates.yaml: what the worked example's product is, per
    language: "green tea", "té verde", "緑茶") that ``text`` names, else None; none where the brief's own product
    is one ("Fjell green tea"). The scene prompt shows the worked example's product scene without its name, and the
    1.5B model carried the tea over with no name to catch: 'Fjell Bottle en primer plano, con una taza de té verde
    a granel' passed every gate (drafts-script10's base: es-ES, nl-NL 'Losse groene thee is de keurt dranken')."""
    rules = rules or scene_rules()
    folded, own = fold(text), fold(f"{brief.product.name} {brief.product.description}")
    for phrase in rules.example_product.get(locale.split("-")[0], ()):
        if phrase in own:
            continue
        if SPACELESS.search(phrase):
            if phrase in folded:
                return phrase
        elif re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", folded):
            return phrase
    return None
