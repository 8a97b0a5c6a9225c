"""Inflected forms of rule terms from simplemma's dictionaries, so "Gewinnspiel" also finds
"Gewinnspiele"/"Gewinnspielen" and "gratuit" finds "gratuites" without hand-written suffix lists.

simplemma maps a form to its lemma; here the map is read the other way: every form whose lemma is
the term's lemma becomes a variant the term index matches verbatim, so checking costs nothing more
than a slightly larger automaton. Reading a language's dictionary takes seconds, so variants are
looked up first in ``models/inflections/simplemma-<version>.json`` (the shipped rules' terms, written
by ``python -m studio.checks.inflect``), then in ``<cache_dir>/lemmas/``; only a term in neither
costs a pass over the dictionary (once, then cached).

Only a term that is its own lemma gets variants ("bitch" -> "bitches", not "billigste" -> "billig":
a superlative's lemma is a different claim; Polish "brandy" would become the noun "brand"), and a
variant must keep all but the term's last two letters (at least ``MIN_STEM``), which rules out
suppletive forms ("good" -> "better").
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

# simplemma's dictionaries among the studio's market languages (ISO 639-1).
LANGUAGES = frozenset({"de", "en", "es", "fr", "hi", "id", "it", "ms", "nl", "pl", "pt", "tr"})
MIN_STEM = 4
MAX_VARIANTS = 24
ALGORITHM = "v2"  # part of the cache key: a change here recomputes every cached table  # per term: a verb's whole paradigm is not needed to catch an ad's wording

_lock = threading.Lock()
_memory: dict[str, dict[str, list[str]]] = {}


@lru_cache(maxsize=1)
def _version() -> str:
    """simplemma's installed version, read once: importlib.metadata parses the package's METADATA on every call
    (~0.5 ms), and loading the packs asks once per lexicon group (bench/fuzz.py's pack mutants: 0.5 -> 1.2-1.9 s
    of CPU a load before it was kept)."""
    try:
        from importlib.metadata import version

        return version("simplemma")
    except Exception:  # noqa: BLE001 - not installed: no variants
        return ""


def _cache_file(lang: str) -> Path | None:
    try:
        from studio.core.config import get_settings

        return Path(get_settings().cache_dir) / "lemmas" / f"{lang}-{_version()}-{ALGORITHM}.json"
    except Exception:  # noqa: BLE001 - no settings (bare library use): memory only
        return None


def shipped_file() -> Path:
    from studio.core.config import get_settings

    return Path(get_settings().models_dir) / "inflections" / f"simplemma-{_version()}-{ALGORITHM}.json"


def cache_token() -> bytes:
    """What the variants depend on besides the terms and this code: simplemma's version and the shipped
    table's content (part of the key of a kept term index, studio.checks.loadcache.load_part)."""
    import hashlib

    try:
        shipped = hashlib.sha256(shipped_file().read_bytes()).hexdigest()
    except Exception:  # noqa: BLE001 - missing or no settings: the variants are computed, which the key says
        shipped = "-"
    return f"{_version()}|{ALGORITHM}|{shipped}".encode()


@lru_cache(maxsize=1)
def _shipped() -> dict[str, dict[str, list[str]]]:
    try:
        raw = json.loads(shipped_file().read_text(encoding="utf-8"))
        return {str(lang): {str(t): [str(v) for v in vs] for t, vs in table.items()} for lang, table in raw.items()}
    except Exception:  # noqa: BLE001 - missing or unreadable: computed instead, never trusted half-read
        return {}


def _load(lang: str) -> dict[str, list[str]]:
    if lang not in _memory:
        table: dict[str, list[str]] = dict(_shipped().get(lang, {}))
        path = _cache_file(lang)
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                table.update({str(k): [str(x) for x in v] for k, v in raw.items()})
            except (OSError, ValueError, AttributeError):
                pass  # a damaged cache is recomputed, never trusted
        _memory[lang] = table
    return _memory[lang]


def _save(lang: str, table: dict[str, list[str]]) -> None:
    path = _cache_file(lang)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(table, fh, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache is not an error: the next process recomputes


@lru_cache(maxsize=1)
def _factory() -> Any:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory(cache_max_size=2)


def _compute(terms: list[str], lang: str) -> dict[str, list[str]]:
    """One pass over the language's dictionary for all ``terms`` (casefolded single words)."""
    import simplemma

    own = [t for t in terms if simplemma.lemmatize(t, lang=lang).casefold() == t]
    out: dict[str, list[str]] = {t: [] for t in terms}
    if not own:
        return out
    forms: dict[str, set[str]] = {t: set() for t in own}
    for form, lemma in _factory().get_dictionary(lang).items():
        key = lemma.casefold()
        if key in forms:
            forms[key].add(form.casefold())
    for t in own:
        keep = t[:max(MIN_STEM, len(t) - 2)]
        out[t] = sorted(f for f in forms[t] if f != t and f.startswith(keep) and len(f) >= len(t) - 1
                        and " " not in f)[:MAX_VARIANTS]
    return out


def variants(terms: Iterable[str], lang: str) -> dict[str, list[str]]:
    """{term: its other inflected forms} for single-word, casefolded ``terms`` in ``lang``.

    Terms of other scripts or unknown words get no variants; so does every term when simplemma is
    not installed or ``lang`` has no dictionary.
    """
    if lang not in LANGUAGES or not _version():
        return {}
    wanted = sorted({t for t in terms if t.isalpha() and len(t) >= MIN_STEM})
    with _lock:
        table = _load(lang)
        missing = [t for t in wanted if t not in table]
        if missing:
            table.update(_compute(missing, lang))
            _save(lang, table)
        return {t: table[t] for t in wanted if table.get(t)}


def write_shipped() -> Path:
    """Compute the variants of every inflected term of the shipped rules and write ``shipped_file()``."""
    from studio.checks.language import language_of_locale
    from studio.checks.matcher import term_mode
    from studio.checks.normalize import normalize
    from studio.checks.rules import load_rules
    from studio.checks.rules.lexicon import inflected_entries
    from studio.core.config import get_settings

    ruleset = load_rules(get_settings().rules_dir)
    wanted: dict[str, set[str]] = {}
    for market in ruleset.markets:
        lang = language_of_locale(market)
        for lr in ruleset.rules_for(market):
            for g in lr.rule.term_groups(market):
                if g.inflect and not g.case_sensitive:
                    wanted.setdefault(lang, set()).update(
                        normalize(t).text for t in g.terms if term_mode(t, g.match) == "word")
            # a rule's own inflected words (origin_elsewhere's demonyms), whose forms its table keeps in every language
            own = getattr(lr.rule, "inflected_words", None)
            if own is not None:
                for other in LANGUAGES:
                    wanted.setdefault(other, set()).update(own())
    # A lexicon's words are inflected in their own group's language, whatever the rules that read them say.
    for lang, words in inflected_entries(ruleset.root).items():
        wanted.setdefault(lang, set()).update(words)
    out: dict[str, dict[str, list[str]]] = {}
    for lang in sorted(wanted):
        if lang in LANGUAGES:
            terms = sorted(t for t in wanted[lang] if t.isalpha() and len(t) >= MIN_STEM)
            out[lang] = {t: v for t, v in _compute(terms, lang).items()}
    path = shipped_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One term per line: a rule change shows as a readable diff.
    langs = [f" {json.dumps(lang)}: {{\n" + ",\n".join(f"  {json.dumps(t, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                                                    for t, v in sorted(table.items())) + "\n }" for lang, table in sorted(out.items())]
    path.write_text("{\n" + ",\n".join(langs) + "\n}\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_shipped())
