"""Each file's sha256, remembered between processes while the file's stat is unchanged, and the listing of a tree's
files: what the keys of studio.checks.loadcache's copies are made of (split out of loadcache.py, engine59)."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path


def _files(root: Path, suffix: str = "") -> list[tuple[str, str, os.stat_result]]:
    """(path relative to ``root``, path, stat) of every file under ``root`` ending in ``suffix``, hidden files and
    folders left out, sorted by relative path."""
    out = []
    for folder, dirs, names in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_folder = os.path.relpath(folder, root)
        for name in names:
            if name.startswith(".") or not name.endswith(suffix):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue  # vanished while listed: not part of the tree
            out.append((name if rel_folder == "." else f"{rel_folder}/{name}", path, st))
    out.sort(key=lambda x: x[0])
    return out


class FileHashes:
    """Each file's sha256, kept in ``<cache_dir>/file-hashes.memo`` beside the copies and read back while the file's
    size, mtime, ctime, inode and device are those it was hashed with, as git's index does: the key stays a digest
    of content, without reading ~8 MB of rules and code at every start (~0.03-0.05 s of a one-draft `studio check`,
    growing with the rule data; engine57). Editing a file changes its ctime even where its mtime is set back; a
    file changed in the last two seconds is not kept (its times may not have moved yet when it changes again)."""

    NAME = "file-hashes.memo"
    SETTLED_NS = 2_000_000_000
    MAX_FILES = 20_000  # a few checkouts' rules and code (~900 files each)

    def __init__(self, cache_dir: Path | None):
        self.path = Path(cache_dir) / self.NAME if cache_dir is not None else None
        self.kept: dict[str, tuple[tuple[int, ...], bytes]] = {}
        self.changed = False
        self.seen: set[str] = set()
        if self.path is not None:
            try:
                with self.path.open("rb") as fh:
                    kept = pickle.load(fh)
                if isinstance(kept, dict):
                    self.kept = kept
            except Exception:  # noqa: BLE001 - missing or damaged: every file is read
                pass
        self.now = time.time_ns()

    def digest(self, path: str | Path, st: os.stat_result) -> bytes:
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        name = str(path)
        self.seen.add(name)
        found = self.kept.get(name)
        if found is not None and found[0] == sig:
            return found[1]
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").digest()  # in chunks: a GGUF model is ~100 MB
        if self.path is not None and self.now - max(st.st_mtime_ns, st.st_ctime_ns) > self.SETTLED_NS:
            self.kept[name] = (sig, digest)
            self.changed = True
        elif found is not None:
            del self.kept[name]
            self.changed = True
        return digest

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        self.changed = False
        if len(self.kept) > self.MAX_FILES:  # files of trees no longer checked: keep this tree's
            self.kept = {name: v for name, v in self.kept.copy().items() if name in self.seen}
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:  # a copy: another thread of a server may be adding to the memo
                pickle.dump(self.kept.copy(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


_SHARED: dict[Path, FileHashes] = {}


def file_hashes(cache_dir: Path) -> FileHashes:
    """This process's ``FileHashes`` for ``cache_dir``: the memo is read once a process, not once for the rules and
    again for each data file kept beside them (~0.013 s at 7,500 remembered files, engine58)."""
    hashes = _SHARED.get(cache_dir)
    if hashes is None:
        hashes = _SHARED[cache_dir] = FileHashes(cache_dir)
    hashes.now = time.time_ns()  # "settled" is judged at each use: a server's process outlives its first key
    return hashes
