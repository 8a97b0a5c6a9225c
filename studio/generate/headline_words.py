"""The words a headline's editor's cuts read in its language, from ``prompts/spare_words.yaml``: ``spare`` (phrases said
without the words a headline reads without, ``without_spare_words``), ``joins`` (the "and" a line is read up to) and
``trailing`` (the prepositions that open a last phrase a headline can end without), ``leading`` (the postpositions
that close a phrase a headline can end on, the rest of the line dropped) and ``not_alone`` (the brief's words a
brand-first headline does not say alone). The file is read once per version,
each key checked at load (an error names the file and line), and the spare phrases' patterns compiled there, once per
language."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

SPARE_WORDS_FILE = "spare_words.yaml"
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_FIX = ("give `spare:` as language -> list of [from, to] pairs, `to` being `from` with whole words taken out ({n} a "
        "number), `joins:` / `trailing:` / `leading:` as language -> list of words, and `not_alone:` as a list of "
        "English words (see the file's header)")


class Spare(NamedTuple):
    """One ``spare`` pair of a language: the phrase as said, the phrase without its spare words, and where the line
    says it (whole words, case-insensitive, ``{n}`` a number)."""

    said: str
    without: str
    pattern: re.Pattern[str]


class HeadlineWords(NamedTuple):
    """``prompts/spare_words.yaml`` as the cuts read it, per language (the locale's ISO 639-1 code)."""

    spare: dict[str, tuple[Spare, ...]]
    joins: dict[str, tuple[str, ...]]
    trailing: dict[str, tuple[str, ...]]
    leading: dict[str, tuple[str, ...]]
    not_alone: tuple[str, ...] = ()


def headline_words() -> HeadlineWords:
    """The file (the settings' prompts folder), read once per version of it; nothing where it is missing."""
    from studio.generate.prompt_words import prompt_file

    return _headline_words(*prompt_file(SPARE_WORDS_FILE))


@lru_cache(maxsize=4)
def _headline_words(path: str, mtime: float) -> HeadlineWords:
    """The file's keys, checked: a spare pair whose ``to`` is not ``from`` with whole words taken out is an error
    of the data (the cut only removes words), as is a word list that is not a list of words."""
    from pathlib import Path

    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    if not mtime:
        return HeadlineWords({}, {}, {}, {})
    data, lines = load_yaml_file(Path(path), StudioError)
    if not isinstance(data, dict):
        raise StudioError("the file must be a YAML mapping", where=f"{path}:1", fix=_FIX)

    def where(*loc: Any) -> str:
        return f"{path}:{next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), 1)}"

    def per_language(key: str) -> dict[str, list[Any]]:
        said = data.get(key) or {}
        if not isinstance(said, dict):
            raise StudioError(f"`{key}:` must be a mapping of language -> list", where=where(key), fix=_FIX)
        for lang, items in said.items():
            if not isinstance(items or [], list):
                raise StudioError(f"{key}.{lang} must be a list", where=where(key, lang), fix=_FIX)
        return {str(lang): list(items or ()) for lang, items in said.items()}

    spare: dict[str, tuple[Spare, ...]] = {}
    for lang, pairs in per_language("spare").items():
        for i, pair in enumerate(pairs):
            if (not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(p, str) and p.strip() for p in pair)):
                raise StudioError(f"spare.{lang} holds {pair!r}, not a [from, to] pair of phrases",
                                  where=where("spare", lang, i), fix=_FIX)
            said, without = pair
            if not _is_subsequence(without.split(), said.split()) or len(without.split()) >= len(said.split()):
                raise StudioError(f"{without!r} is not {said!r} with words taken out", where=where("spare", lang, i),
                                  fix=_FIX)
        spare[lang] = tuple(Spare(said, without, _said_at(said)) for said, without in pairs)
    words: dict[str, dict[str, tuple[str, ...]]] = {}
    for key in ("joins", "trailing", "leading"):
        words[key] = {}
        for lang, items in per_language(key).items():
            for i, word in enumerate(items):
                if not isinstance(word, str) or not word.strip():
                    raise StudioError(f"{key}.{lang} holds {word!r}, not a word", where=where(key, lang, i), fix=_FIX)
            words[key][lang] = tuple(items)
    alone = data.get("not_alone") or []
    if not isinstance(alone, list) or not all(isinstance(w, str) and re.fullmatch(r"[a-z][a-z -]*", w) for w in alone):
        raise StudioError("`not_alone:` must be a list of English words of prompts/examples `words`",
                          where=where("not_alone"), fix=_FIX)
    return HeadlineWords(spare, words["joins"], words["trailing"], words["leading"], tuple(alone))


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)


def _said_at(said: str) -> re.Pattern[str]:
    """Where a line says the phrase ``said``: its words as whole words, any run of spaces between, ``{n}`` a number."""
    pattern = r"\s+".join(_NUMBER if w == "{n}" else re.escape(w) for w in said.split())
    return re.compile(rf"(?<![^\W_]){pattern}(?![^\W_])", re.IGNORECASE)


def spare_words(language: str) -> tuple[tuple[str, str], ...]:
    """``spare`` of ``language``: (from, to) phrases, ``to`` being ``from`` without the words a headline reads without
    ("selama {n} jam" -> "{n} jam")."""
    return tuple((s.said, s.without) for s in headline_words().spare.get(language, ()))


def joins(language: str) -> tuple[str, ...]:
    """``joins`` of ``language``: the words that join two phrases of one line ("and"), a word ending in "-" being a
    prefix written on the next word (ar "و-": "وسهل", and easy)."""
    return headline_words().joins.get(language, ())


def trailing(language: str) -> tuple[str, ...]:
    """``trailing`` of ``language``: the prepositions that open a phrase a headline can end without (pt "para" of
    "Garrafa térmica para o calor", es "en" of "... frías en todo el día")."""
    return headline_words().trailing.get(language, ())


def leading(language: str) -> tuple[str, ...]:
    """``leading`` of ``language``: the postpositions that close the phrase a headline can end on, what follows them
    dropped (tr "için" of "Fjell, soğuk su için en iyi seçenek", the best choice for cold water: "Fjell, soğuk su")."""
    return headline_words().leading.get(language, ())


def not_alone() -> tuple[str, ...]:
    """``not_alone``: the English of prompts/examples ``words`` that a brand-first headline does not say alone ("all
    day": "Fjell: todo el día" says no fact of the product); the same in every language."""
    return headline_words().not_alone


def without_spare_words(line: str, language: str) -> tuple[str, list[str]]:
    """``line`` with each listed phrase of ``spare_words`` said without its spare words ("Fjell: Air dingin selama 24
    jam" -> "Fjell: Air dingin 24 jam"), and the words dropped; (line, []) where no listed phrase is in it. Whole
    words only, matched case-insensitively; a number is kept as written."""
    dropped: list[str] = []
    for spare in headline_words().spare.get(language, ()):
        m = spare.pattern.search(line)
        if m is None:
            continue
        words = spare.said.split()
        numbers, written = iter(m.groups()), re.split(r"\s+", m.group(0))
        wanted, out, gone = spare.without.split(), [], []  # the words of ``to`` as the line wrote them (its case)
        for w, as_written in zip(words, written):
            if wanted and wanted[0] == w:
                out.append(next(numbers) if w == "{n}" else as_written)
                wanted.pop(0)
            else:
                gone.append(next(numbers) if w == "{n}" else as_written)
        line = line[:m.start()] + " ".join(out) + line[m.end():]
        dropped.extend(gone)
    return line, dropped
