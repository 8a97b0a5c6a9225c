"""Image prompts that read whole and describe only what a picture can show.

A 1.5B model writes an image prompt until its token budget runs out ("... a woman smiles as she holds the"):
the image model then draws from half a sentence and a reviewer reads a prompt cut off. It also carries the
brief's claims into the picture ("a bottle that keeps drinks cold for 24 hours"), which no photo can show
and which reads as an unsupported claim once the prompt is checked. ``tidy_image_prompt`` drops the last
sentence when it was cut (never a word in the middle), drops sentences past the word budget the prompt
asked for, and drops the phrases of ``not_seen`` (prompts/reader_gates.yaml); what it removed is returned
so the asset's generation meta records it (``image_prompt_dropped``): nothing is removed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.generate.prompt_words import fold, prompt_file
from studio.generate.reader_rules import READER_FILE, WORD, reader_rules

IMAGE_WORDS = 60  # prompts/image_prompt.j2 asks for "under 60 words"
NOT_SEEN_FIX = (
    "not_seen: {phrases: {en: [keeps drinks cold, for {n} hours]}, examples: [{text: ..., kept: ...}]}; "
    "{n} stands for a number"
)
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+|$)")
_NUMBER = r"\d+(?:[.,]\d+)?"
# what a phrase's removal may leave dangling before it: "a bottle that | keeps drinks cold", "cold and | for 12 hours"
_LEAD = r"(?:\s*,)?(?:\s+(?:that|which|and|to|it|while))*"


@dataclass(frozen=True)
class NotSeen:
    """``not_seen:`` of reader_gates.yaml: per language, phrases that describe what no picture shows (a
    claim, a duration, a price); ``{n}`` in a phrase stands for any number. ``examples``: (locale, text,
    kept) triples the test suite runs through ``tidy_image_prompt``."""

    patterns: dict[str, tuple[re.Pattern[str], ...]]
    examples: tuple[tuple[str, str, str], ...]

    def find(self, text: str, lang: str) -> list[re.Match[str]]:
        """Every phrase of ``lang`` (and English, the language image models read) in ``text``, leftmost first."""
        found = []
        for code in dict.fromkeys((lang, "en")):
            for pattern in self.patterns.get(code, ()):
                found += list(pattern.finditer(text))
        return sorted(found, key=lambda m: m.start())


def _pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p).replace(r"\ ", r"\s+") for p in fold(phrase).strip().split("{n}")]
    body = _NUMBER.join(parts)
    return re.compile(rf"{_LEAD}\s*(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


@lru_cache(maxsize=4)
def _not_seen(path: str, mtime: float) -> NotSeen:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    data, lines = load_yaml_file(Path(path), StudioError)
    value = data.get("not_seen") if isinstance(data, dict) else None
    where = f"{path}:{lines.get(('not_seen',), 1)}"
    if value is None:
        return NotSeen({}, ())
    if not isinstance(value, dict) or not isinstance(value.get("phrases"), dict) or not value["phrases"]:
        raise StudioError(
            "`not_seen:` must be a mapping with `phrases:` (language -> list of phrases)", where=where, fix=NOT_SEEN_FIX
        )
    patterns = {}
    for lang, phrases in value["phrases"].items():
        at = f"{path}:{lines.get(('not_seen', 'phrases', lang), 1)}"
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise StudioError(
                f"not_seen.phrases.{lang} must be a list of non-empty phrases", where=at, fix=NOT_SEEN_FIX
            )
        patterns[str(lang)] = tuple(_pattern(p) for p in sorted(phrases, key=len, reverse=True))
    examples = []
    for k, ex in enumerate(value.get("examples") or []):
        if not isinstance(ex, dict) or not all(isinstance(ex.get(key), str) for key in ("locale", "text", "kept")):
            raise StudioError(
                f"not_seen.examples[{k}] needs locale, text and kept (strings)",
                where=f"{path}:{lines.get(('not_seen', 'examples', k), 1)}",
                fix=NOT_SEEN_FIX,
            )
        examples.append((ex["locale"], ex["text"], ex["kept"]))
    return NotSeen(patterns, tuple(examples))


def not_seen_rules(prompts_dir: Path | None = None) -> NotSeen:
    """The ``not_seen:`` block of ``<prompts>/reader_gates.yaml`` (loaded once per version of the file)."""
    return _not_seen(*prompt_file(READER_FILE, prompts_dir))


def _sentences(text: str) -> list[str]:
    """``text``'s sentences, each stripped, empty ones left out."""
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _words(text: str) -> int:
    return len(WORD.findall(text))


def _open_end(word: str, lang: str, open_ends: dict[str, frozenset[str]]) -> bool:
    """Whether a sentence cannot end on ``word`` (an article, a preposition: reader_gates.yaml ``ends_open``) in
    English (the language image prompts are written in) or ``lang``."""
    return any(fold(word) in open_ends.get(code, ()) for code in ("en", lang))


def _tidy_sentence(sentence: str) -> str:
    """A sentence after phrases were taken out: no space before a comma or stop, no doubled or leading comma."""
    s = re.sub(r"\s+([,.!?;:])", r"\1", sentence)
    s = re.sub(r",(\s*,)+", ",", s)
    s = re.sub(r",(\s*[.!?])", r"\1", s)
    s = re.sub(r"\s{2,}", " ", s)
    return s.strip().lstrip(",").strip()


def drop_not_seen(text: str, lang: str, rules: NotSeen | None = None) -> tuple[str, list[str]]:
    """``text`` without the phrases of ``not_seen`` (and the "that" / "and" left dangling before them);
    a sentence left with fewer than three words, or ending on a word that needs what followed it ("The
    bottle has a."; reader_gates.yaml ``ends_open``), goes whole. (text, what was dropped)."""
    rules, open_ends = rules or not_seen_rules(), reader_rules().ends_open
    dropped: list[str] = []
    kept: list[str] = []
    for sentence in (m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()):
        out, end = [], 0
        for m in rules.find(sentence, lang):
            if m.start() < end:
                continue  # inside a longer phrase already dropped
            out.append(sentence[end : m.start()])
            dropped.append(m.group(0).strip(" ,"))
            end = m.end()
        out.append(sentence[end:])
        left = _tidy_sentence("".join(out))
        last = WORD.findall(left)[-1:]
        if end and (_words(left) < 3 or (last and _open_end(last[0], lang, open_ends))):
            dropped.append(left) if left.strip(" .!?") else None
            continue
        kept.append(left)
    return " ".join(kept), [d for d in dropped if d]


def _was_cut(text: str, last: str, lang: str) -> bool:
    """Whether the reply stopped mid-sentence: its last sentence, after whole ones, ends on a letter
    (``cut_sentence``), or it ends on a word that needs what follows ("... lit by")."""
    from studio.generate.gates import cut_sentence

    if not re.search(r"[^\W\d_]$", text):
        return False
    words = WORD.findall(last)
    return bool(cut_sentence(text)) or bool(words and _open_end(words[-1], lang, reader_rules().ends_open))


def cut_end(text: str, locale: str = "en-US") -> str | None:
    """The last sentence of an image prompt when the reply stopped in it (``_was_cut``), else None."""
    from studio.checks.language import language_of_locale

    text = re.sub(r"\s+", " ", text).strip()
    sentences = _sentences(text)
    return sentences[-1] if sentences and _was_cut(text, sentences[-1], language_of_locale(locale)) else None


def tidy_image_prompt(
    text: str, locale: str = "en-US", *, words: int = IMAGE_WORDS, rules: NotSeen | None = None
) -> tuple[str, list[str]]:
    """An image prompt that ends on a whole sentence, within ``words``, without unseeable phrases:
    (prompt, what was dropped, in order). The last sentence goes when it stops without a stop (the reply ran
    out of tokens; one sentence alone is cut back to its last comma instead); whole sentences go from the end
    while the prompt is over ``words`` (the first always stays). Nothing is cut inside a word."""
    from studio.checks.language import language_of_locale

    lang = language_of_locale(locale)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return text, []
    dropped: list[str] = []
    sentences = _sentences(text)
    if _was_cut(text, sentences[-1], lang):
        last = sentences[-1]
        if len(sentences) > 1:
            dropped.append(sentences.pop())
        elif "," in last:
            head, tail = last.rsplit(",", 1)
            sentences[-1] = head.rstrip() + "."
            dropped.append(tail.strip())
    while len(sentences) > 1 and _words(" ".join(sentences)) > words:
        dropped.append(sentences.pop())
    text, unseen = drop_not_seen(" ".join(sentences), lang, rules)
    return text, unseen + dropped


def not_seen_in(text: str, locale: str = "en-US", rules: NotSeen | None = None) -> list[str]:
    """The ``not_seen`` phrases an image prompt still says (bench/quality.py's gate)."""
    from studio.checks.language import language_of_locale

    rules = rules or not_seen_rules()
    return [m.group(0).strip(" ,") for m in rules.find(text, language_of_locale(locale))]


def image_prompt_meta(raw_text: str, text: str, dropped: list[str]) -> dict[str, Any]:
    """What an asset's generation meta keeps of the tidying: the removed parts and the prompt as written."""
    return {"image_prompt_dropped": dropped, "image_prompt_written": raw_text} if dropped else {}


def image_prompt_of(raw: str, locale: str) -> tuple[str, dict]:
    """One model reply as an image prompt: a last sentence cut by the token budget and phrases no picture shows are
    dropped, and the meta says what went (moved from drafting.DraftMaker._image_prompt, engine59)."""
    from studio.generate.headlines import clean_copy

    written = clean_copy(raw)
    text, dropped = tidy_image_prompt(written, locale)
    meta = {"problems": [] if text else ["the model returned no usable text"], **image_prompt_meta(written, text, dropped)}
    return text, meta
