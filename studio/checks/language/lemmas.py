"""simplemma's lemmas, its dictionaries read from a SQLite copy instead of unpickled whole.

simplemma keeps each language's form -> lemma dictionary as an lzma-compressed pickle and loads it whole
on the language's first word: 2.3 s of CPU for Polish (3.7 million forms), 0.5 s for German, once per
process. The register reader asks for a handful of lemmas per thousand drafts, so that load was most of
the difference between a pl-PL batch and the others (~2.3 ms a draft in a first batch of 1,000). Here
the dictionary is copied once into a SQLite table under ``<cache_dir>/simplemma/`` (named for the data
file's size and time, as rival_name's word tables are) and each lookup reads one row. simplemma's own
strategies (dictionary, hyphens, rules, prefixes, affixes) run unchanged over it: they only ``get``
from the dictionary, so every lemma is the one ``simplemma.lemmatize`` gives (tests/checks/test_lemmas.py).
Without a writable cache folder, simplemma's own dictionaries serve.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

TABLE = "lemma"


class SqliteForms(Mapping[str, str]):
    """One language's form -> lemma dictionary in a read-only SQLite file (keys and values as simplemma's
    UTF-8 bytes)."""

    def __init__(self, path: Path):
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()  # one connection, shared by a server's threads

    def __getitem__(self, form: str) -> str:
        with self._lock:
            row = self._con.execute(f"SELECT lemma FROM {TABLE} WHERE form = ?", (form.encode(),)).fetchone()
        if row is None:
            raise KeyError(form)
        return bytes(row[0]).decode()

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            forms = [bytes(r[0]).decode() for r in self._con.execute(f"SELECT form FROM {TABLE}")]
        return iter(forms)

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0])


def _write(path: Path, forms: dict[bytes, bytes]) -> None:
    """The dictionary as a SQLite file at ``path``, written beside it first and moved into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.execute(f"CREATE TABLE {TABLE} (form BLOB PRIMARY KEY, lemma BLOB NOT NULL) WITHOUT ROWID")
            con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", sorted(forms.items()))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


class KeptDictionaries:
    """A simplemma ``DictionaryFactory`` whose dictionaries are SQLite copies kept in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._open: dict[str, Mapping[str, str]] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        got = self._open.get(lang)
        if got is None:
            got = self._open[lang] = self._load(lang)
        return got

    def _load(self, lang: str) -> Mapping[str, str]:
        from simplemma.strategies.dictionaries.dictionary_factory import (
            DATA_FOLDER,
            SUPPORTED_LANGUAGES,
            MappingStrToByteString,
            _load_dictionary_from_disk,
        )

        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"Unsupported language: {lang}")
        import simplemma

        # the release and the dictionary's size, not its path or time: every install of one simplemma release (each
        # virtualenv, each clean clone in CI) shares one copy instead of writing its own 24 MB of German
        st = (Path(DATA_FOLDER) / f"{lang}.plzma").stat()
        path = self.folder / f"{lang}-{st.st_size}-{simplemma.__version__}.sqlite"
        if not path.is_file():
            forms = cast(dict[bytes, bytes], _load_dictionary_from_disk(lang))  # simplemma's pickle: bytes to bytes
            try:
                _write(path, forms)
            except (OSError, sqlite3.Error):  # a read-only cache: this process keeps the loaded dictionary
                return MappingStrToByteString(forms)
            # copies of other simplemma installs (another size or time): the newest few stay, as the rule-pack copies
            # do; 25 German copies of 24 MB had piled up in one shared cache (engine58)
            from studio.checks import loadcache

            loadcache.keep_newest(self.folder.glob(f"{lang}-*.sqlite"))
        try:
            return SqliteForms(path)
        except sqlite3.Error:
            return MappingStrToByteString(cast(dict[bytes, bytes], _load_dictionary_from_disk(lang)))


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    """simplemma's default lemmatizer over ``KeptDictionaries`` (its own dictionaries without a cache folder)."""
    import simplemma
    from simplemma.strategies import DefaultStrategy

    from studio.core.config import get_settings

    folder = get_settings().cache_dir / "simplemma"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return simplemma
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=KeptDictionaries(folder)))


def lemmatize(word: str, lang: str) -> str:
    """``simplemma.lemmatize(word, lang=lang)``."""
    return str(_lemmatizer().lemmatize(word, lang=lang))


__all__ = ["KeptDictionaries", "SqliteForms", "lemmatize"]
