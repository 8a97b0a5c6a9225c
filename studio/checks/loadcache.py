"""A validated copy of the loaded rule packs and concept banks, kept on disk between processes.

Parsing and validating ``cultural_rules/`` (about 60 YAML files, a few hundred pydantic models and
their regexes) takes ~0.4 s of CPU at every start of `studio check`; unpickling what that produced
takes ~0.07 s. The copy lives under ``<cache_dir>/rules/<key>.pickle``, where the key is a sha256 of
the content (not the times) of every file under the rules directory, that directory's path, and the
source of the code that parses and validates them (studio.checks, studio.core, studio.market) with
the Python and pydantic versions, and what the caller says the load also depends on (``extra``: the engine
passes ``inflect.cache_token()``, since the shared lexicons are inflected as the rules load). Editing, adding or
removing a rule file, changing a validator or regenerating the inflection table gives a new key, so a stale copy is never read; it is simply left behind (``prune`` keeps the newest
few). Only what loaded without error is kept: a directory with a bad file raises its RuleError on
every start. A copy that cannot be read (damaged, written by other code) is rebuilt.

The copy is a pickle, read only from the user's own cache directory (``STUDIO_CACHE_DIR``), which is
as trusted as the installed code. Its compiled regexes are pickled in their compiled form (studio.checks.regex_pickle,
with the literals the regex prefilter needs); each file's content digest is read back from a memo while its stat is
unchanged (studio.checks.file_hashes).

Beside a copy, ``load_part`` keeps what is built from it alone, under the same key: each market's term
index (``matcher.TermIndex``, its Aho-Corasick automatons and inflected forms) as ``<key>.<part>.part``,
~2.8 MB, read in ~0.015 s instead of built in ~0.1-0.15 s at the first draft of a market (bench/checks.py
--cold-start-only). ``prune`` drops a part with its copy.

speed53: the copy is also kept in pieces, each a part (``kept_packs.KeptPacks``): an outline (the packs' names, kinds and
parents, the theme rules, the concept banks) and each pack alone, written together when the outline is first built.
An engine started from the outline reads only the packs of the markets it checks (global, eu and de-DE: 0.12 s of CPU,
the whole copy 0.21 s), and the whole copy (``load_copy``) only where something asks for every rule. A regex's
opcodes are kept as packed machine words (``regex_pickle._packed``), and a term index's automatons store ints (``matcher``): the
copy and a market's index read back ~0.05 and ~0.025 s faster in a new process (de-DE, 8 MB of automaton nodes left).

engine58: a data file read apart from the rules (``locales/language_mixes.yaml``, ``register_grammar.yaml``) is kept
by ``load_kept`` as ``<name>-<key>.kept``, keyed through the same ``FileHashes`` (one memo, read once a process:
``file_hashes``), and ``prune`` keeps the newest ``KEEP`` of each name, as it does the copies; it also drops the
temporary files of a write that never finished (a killed process) once they are an hour old.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from studio.checks.file_hashes import FileHashes as FileHashes
from studio.checks.file_hashes import _files
from studio.checks.file_hashes import file_hashes as file_hashes
from studio.checks.regex_pickle import RegexPickler
from studio.checks.regex_pickle import _packed as _packed

T = TypeVar("T")
FORMAT = 5  # 4: regex opcodes packed as bytes (speed53); 5: prefilter literal sets a tuple (engine-speed56)
KEEP = 8  # copies kept per cache folder (one per rules checkout/edit in use)
PART = ".part"  # what is built from a copy (``load_part``): kept while its copy is
KEPT = ".kept"  # a data file's validated load (``load_kept``): the newest KEEP of each name are kept
TMP_STALE_S = 3600  # a half-written copy this old belongs to no running write
# Files under the rules directory that no loader reads: editing cultural_rules/CLASSES.md (a diagnosis note) made the
# next `studio check` rebuild every pack's copy (~20-40 s of CPU) for nothing.
NOTES = (".md",)
_CODE = ("checks", "core", "market")  # studio subpackages whose code shapes the loaded objects


def _code_digest(hashes: FileHashes | None = None) -> bytes:
    import pydantic

    hashes = hashes or FileHashes(None)
    h = hashlib.sha256(f"{FORMAT}|{sys.version}|{pydantic.VERSION}".encode())
    pkg = Path(__file__).resolve().parents[1]
    for sub in _CODE:
        for rel, path, st in _files(pkg / sub, ".py"):
            h.update(f"{sub}/{rel}".encode() + b"\0")
            h.update(hashes.digest(path, st))
    return h.digest()


def key(root: Path, extra: bytes = b"", hashes: FileHashes | None = None) -> str:
    """sha256 over the rules directory's files (names and content), the loading code and ``extra``; ``hashes``:
    each file's content digest, read back while its stat is unchanged (``FileHashes``)."""
    root = root.resolve()
    hashes = hashes or FileHashes(None)
    h = hashlib.sha256(_code_digest(hashes))
    h.update(extra + b"\0")
    h.update(str(root).encode() + b"\0")
    for rel, path, st in _files(root):
        if rel.endswith(NOTES):
            continue  # a note beside the rules (CLASSES.md, a README): no loader reads it, so no copy is rebuilt for it
        h.update(rel.encode() + b"\0")
        h.update(hashes.digest(path, st))
    hashes.save()
    return h.hexdigest()[:32]


def load_kept(folder: Path, name: str, sources: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()``'s result for ``sources`` (a data file and the code that parses and validates it), kept as
    ``<folder>/<name>-<key>.kept``; the key is a sha256 of the sources' content (``FileHashes``: read again only when
    a file's stat changes), ``FORMAT`` and the Python and pydantic versions, so an edit of any source reads a new
    copy. Writing one drops all but the ``KEEP`` newest of ``name`` (``prune``). A source that cannot be read: built
    and not kept (``build`` reports a missing data file its own way)."""
    import pydantic

    try:
        hashes = file_hashes(folder)
        h = hashlib.sha256(f"{FORMAT}|{sys.version}|{pydantic.VERSION}".encode())
        for source in sources:
            h.update(hashes.digest(source, os.stat(source)))
        hashes.save()
    except OSError:
        return build()
    return _load_path(folder / f"{name}-{h.hexdigest()[:24]}{KEPT}", build)


def load(root: Path | str, cache_dir: Path | None, build: Callable[[], T], extra: bytes = b"") -> T:
    """``build()``'s result for ``root``: from the copy under ``cache_dir`` when its key matches,
    else built now and saved. Without a cache folder, always built."""
    return load_keyed(root, cache_dir, build, extra)[0]


def load_keyed(root: Path | str, cache_dir: Path | None, build: Callable[[], T],
               extra: bytes = b"") -> tuple[T, str | None]:
    """``load``, with the key its copy is kept under (None: no copy), for ``load_part``."""
    rules_key = copy_key(root, cache_dir, extra)
    if cache_dir is None or rules_key is None:
        return build(), None
    return load_copy(cache_dir, rules_key, build), rules_key


def copy_key(root: Path | str, cache_dir: Path | None, extra: bytes = b"") -> str | None:
    """The key the copy of ``root``'s packs is kept under in ``cache_dir`` (None: no cache folder, or a file vanished
    while hashing: load the ordinary way, which reports it)."""
    if cache_dir is None:
        return None
    try:
        return key(Path(root), extra, file_hashes(cache_dir))
    except OSError:
        return None


def load_copy(cache_dir: Path, rules_key: str, build: Callable[[], T]) -> T:
    """The copy kept under ``rules_key`` (``copy_key``), read back, or built now and saved."""
    return _load_path(cache_dir / f"{rules_key}.pickle", build)


def load_part(cache_dir: Path | None, rules_key: str | None, name: str, extra: bytes, build: Callable[[], T]) -> T:
    """Something built from the loaded packs alone (a market's term index), kept beside their copy under
    the same key, with ``name`` and ``extra`` (a digest of any input outside the rules and the loading
    code) added: ``<rules key>.<sha256(name, extra)>.part``. Without a key, always built."""
    if cache_dir is None or rules_key is None:
        return build()
    return _load_path(_part_path(cache_dir, rules_key, name, extra), build)


def save_part(cache_dir: Path, rules_key: str, name: str, extra: bytes, value: object) -> None:
    """Keep ``value`` as the part ``load_part(cache_dir, rules_key, name, extra, ...)`` reads back."""
    _save(_part_path(cache_dir, rules_key, name, extra), value)


def _part_path(cache_dir: Path, rules_key: str, name: str, extra: bytes) -> Path:
    part = hashlib.sha256(name.encode() + b"\0" + extra).hexdigest()[:16]
    return cache_dir / f"{rules_key}.{part}{PART}"


def load_file(path: Path, build: Callable[[], T]) -> T:
    """``build()``'s result kept at ``path`` (a name that says what it was built from), read back while it is
    there; a damaged file is rebuilt. Not pruned: name it with a suffix other than .pickle, .part and .kept (a data
    file's validated load is ``load_kept``'s, which prunes)."""
    return _load_path(path, build)


def _load_path(path: Path, build: Callable[[], T]) -> T:
    try:
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
        return value
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged copy or one written by other code: rebuild it
        path.unlink(missing_ok=True)
    value = build()
    _save(path, value)
    return value


def _save(path: Path, value: object) -> None:
    """Write atomically (a reader never sees half a file); a read-only or full cache is not an error."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            RegexPickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(tmp, path)
        tmp = None
        if path.suffix != PART:
            prune(path.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Drop all but the ``keep`` most recently written copies (with their parts), all but the ``keep`` newest
    ``load_kept`` copies of each name, and temporary files of a write that never finished."""
    copies = _newest_first(folder.glob("*.pickle"))
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
    kept = {p.stem for p in copies[:keep]}
    for part in folder.glob(f"*{PART}"):
        if part.name.split(".", 1)[0] not in kept:
            part.unlink(missing_ok=True)
    by_name: dict[str, list[Path]] = {}
    for path in folder.glob(f"*{KEPT}"):
        by_name.setdefault(path.name.rsplit("-", 1)[0], []).append(path)
    for paths in by_name.values():
        keep_newest(paths, keep)
    now = time.time()
    for tmp in folder.glob("*.tmp"):
        try:
            if now - tmp.stat().st_mtime > TMP_STALE_S:
                tmp.unlink(missing_ok=True)
        except OSError:
            pass


def keep_newest(paths: Iterable[Path], keep: int = KEEP) -> None:
    """Delete all but the ``keep`` most recently written of ``paths`` (copies of one thing, each built from another
    version of its source: one per checkout or install in use, as the rule-pack copies are)."""
    for old in _newest_first(paths)[keep:]:
        old.unlink(missing_ok=True)


def _newest_first(paths: Iterable[Path]) -> list[Path]:
    """``paths`` by the time each was written, newest first; one that vanished meanwhile (another process pruning)
    left out."""
    dated = []
    for path in paths:
        try:
            dated.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            pass
    return [path for _, path in sorted(dated, key=lambda d: d[0], reverse=True)]


TOUCH_S = 24 * 3600  # a copy in use has its folder time refreshed at most once a day


def touch(folder: Path) -> None:
    """Mark a kept copy (a folder) as in use by its folder time, so that pruning by age keeps it; at most once a
    ``TOUCH_S``, and best effort on a read-only cache (the warm USE copy and the converted GGUF models use it)."""
    try:
        if time.time() - folder.stat().st_mtime > TOUCH_S:
            os.utime(folder)
    except OSError:
        pass

