"""Per-language word and phrase lists kept in ``prompts/`` files (``{key: {language: [word, ...]}}``): where such a
file is and which version of it is read (``prompt_file``), its lists validated at load with file:line errors
(``language_words``, ``folded_phrases``), and how gates compare words (``fold``). Split from
studio.generate.reader_rules, which reads ``prompts/reader_gates.yaml`` (engine58)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path


def prompt_file(name: str, prompts_dir: Path | None = None) -> tuple[str, float]:
    """``<prompts>/name`` (the settings' prompts folder unless given) and its modification time (0.0 where the file
    is missing): the key under which the prompt-file loaders cache what they read, once per version of the file."""
    if prompts_dir is None:
        from studio.core.config import get_settings

        prompts_dir = get_settings().prompts_dir
    path = Path(prompts_dir) / name
    return str(path), path.stat().st_mtime if path.is_file() else 0.0


def language_words(name: str, key: str, language: str) -> tuple[str, ...]:
    """The words ``key`` lists for ``language`` in the prompt file ``name`` (``{key: {language: [word, ...]}}``):
    ``claim_words.yaml``'s ``words``, ``post_labels.yaml``'s ``labels``. Read once per version of the file and
    validated as ``folded_phrases``' lists are; none where the file or its ``key`` is missing."""
    return _language_words(*prompt_file(name), key).get(language, ())


@lru_cache(maxsize=16)
def _language_words(path: str, mtime: float, key: str) -> dict[str, tuple[str, ...]]:
    if not mtime:
        return {}
    return _lists(path, key, required=False)


def fold(text: str) -> str:
    """NFKC, case folded, curly apostrophe as straight, runs of spaces as one: how gates compare words."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def _lists(path: str, key: str, *, required: bool) -> dict[str, tuple[str, ...]]:
    """``key:``'s mapping of language -> list of non-empty strings in the YAML file at ``path``, validated: an error
    names the file, the line and the fix (engine58: ``language_words`` read the lists unchecked, a word YAML reads as
    a boolean or number became 'True' or '5'). Where ``key`` is missing: an error if ``required``, else none."""
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    data, lines = load_yaml_file(Path(path), StudioError)
    fix = f"give `{key}:` as a mapping of language -> list of phrases (see the file's header)"
    lists = data.get(key) if isinstance(data, dict) else None
    if lists is None and not required and (data is None or isinstance(data, dict)):
        return {}
    if not isinstance(lists, dict) or not lists:
        raise StudioError(f"no `{key}:` mapping", where=f"{path}:1", fix=fix)
    out = {}
    for lang, items in lists.items():
        if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
            raise StudioError(f"{key}.{lang} must be a list of non-empty strings",
                              where=f"{path}:{lines.get((key, lang), 1)}", fix=fix)
        out[str(lang)] = tuple(items)
    return out


@lru_cache(maxsize=8)
def _folded_phrases(path: str, mtime: float, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(p) for items in _lists(path, key, required=True).values() for p in items))


def folded_phrases(name: str, key: str, prompts_dir: Path | None = None) -> tuple[str, ...]:
    """The folded phrases of ``<prompts>/name``'s ``key:`` mapping (language -> list of phrases), validated with
    file:line errors and loaded once per version of the file: the refusals' and the sense gate's meta-talk lists."""
    return _folded_phrases(*prompt_file(name, prompts_dir), key)
