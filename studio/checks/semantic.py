"""The theme layer: a rule's exemplar phrases compared with a draft in multilingual embeddings.

Embeddings come from ``studio.checks.embed`` (USE multilingual v3 where it covers the draft's language,
multilingual-e5 elsewhere), cached per sentence and shared with the concept layer. A theme rule holds exemplar phrases in several languages. A draft is cut into the concept layer's
units (every sentence, and a short draft as a whole: ``studio.checks.units``), so both layers embed the
same pieces once; a rule with ``when_terms`` reads only the sentences that name one. Its score for a
rule is the best cosine similarity between a piece and an exemplar. e5 scores sit in a narrow band, so each rule calibrates its own cut-off from its
examples (``threshold: auto``) instead of sharing one global number. Exemplar vectors and the
calibrated cut-off are cached on disk per encoder (``cache_dir/theme/<rule>-<hash>.npz``, hash of
the exemplars, examples, encoder and chunking), so a new process does not re-embed them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from studio.checks.embed import Embedder, backend_for, calibration_cache_dir, default_embedder, save_arrays
from studio.checks.rules.types.theme import ThemeRule
from studio.checks.units import MAX_SENTENCE, MAX_WHOLE, sentences, units

# Bump when scoring changes (chunking, prefix, calibration): old cache files are then ignored.
CACHE_FORMAT = 3


def gated_sentences(rule: ThemeRule, text: str) -> list[tuple[int, int]]:
    """For a rule with ``when_terms``: the single sentences that name one of them (the sentence that
    names the territory is the one that can dispute it). Short pieces keep the costly encoder cheap."""
    return [(a, b) for a, b in sentences(text) if rule.admits(text[a:b])]


def _spans_for(rule: ThemeRule, text: str, merged: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return gated_sentences(rule, text) if rule.when_terms else merged


class ThemeLayer:
    """Scores drafts against theme rules; exemplar vectors and cut-offs per (rule, encoder)."""

    def __init__(self, cache_dir: Path | None = None, embedder: Embedder | None = None):
        self.embedder = embedder or default_embedder()
        self._disk = cache_dir if cache_dir is not None else calibration_cache_dir()
        self._exemplars: dict[tuple[str, str], np.ndarray] = {}
        self._thresholds: dict[tuple[str, str], float] = {}
        self.backend = "e5"  # the encoder of the call in progress (set by hits/score)
        self._separates: dict[tuple[str, str], bool] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts, self.backend)

    def _exemplar_matrix(self, rule: ThemeRule) -> np.ndarray:
        key = (rule.id, self.backend)
        if key not in self._exemplars:
            self._load_calibration(rule)
        if key not in self._exemplars:
            self._exemplars[key] = self.embed(list(rule.exemplars))
            if isinstance(rule.threshold, float):  # auto rules are saved once calibrated
                self._save_calibration(rule)
        return self._exemplars[key]

    def _cache_key(self, rule: ThemeRule) -> str:
        """Hash of everything the rule's vectors and cut-off depend on."""
        data = {"format": CACHE_FORMAT, "model": self.backend,
                "units": [MAX_SENTENCE, MAX_WHOLE], "exemplars": list(rule.exemplars),
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
                self._exemplars[(rule.id, self.backend)] = data["exemplars"]
                if "threshold" in data and "separates" in data:
                    self._thresholds[(rule.id, self.backend)] = float(data["threshold"])
                    self._separates[(rule.id, self.backend)] = bool(data["separates"])
        except (OSError, ValueError, KeyError):  # a damaged file: recompute and overwrite it
            self._exemplars.pop((rule.id, self.backend), None)

    def _save_calibration(self, rule: ThemeRule) -> None:
        path = self._cache_path(rule)
        if path is None:
            return
        key = (rule.id, self.backend)
        arrays = {"exemplars": self._exemplars[key]}
        if key in self._thresholds and key in self._separates:
            arrays["threshold"] = np.float64(self._thresholds[key])
            arrays["separates"] = np.bool_(self._separates[key])
        save_arrays(path, **arrays)

    def score(self, rule: ThemeRule, text: str, locale: str | None = None) -> tuple[float, tuple[int, int] | None]:
        """Best similarity of any chunk of ``text`` to the rule's exemplars, and that chunk's span."""
        if locale is not None:
            self.backend = backend_for(locale[:2])
        spans = units(text)  # the concept layer's pieces: embedded once for both layers
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
        key = (rule.id, self.backend)
        if key not in self._thresholds:
            self._exemplar_matrix(rule)  # may load the threshold from the disk cache
        if key not in self._thresholds:
            lo = min(self.score(rule, ex.text)[0] for ex in rule.examples.match)
            hi = max(self.score(rule, ex.text)[0] for ex in rule.examples.no_match)
            self._thresholds[key] = (lo + hi) / 2
            self._separates[key] = lo > hi
            self._save_calibration(rule)
        return self._thresholds[key]

    def _encoder(self, rule: ThemeRule, preferred: str) -> str:
        """The fast encoder where it separates the rule's own examples, else e5 (measured per rule:
        USE reads "Taiwan region" and "Taiwan, a country" as the same sentence; e5 does not)."""
        if preferred == "e5" or isinstance(rule.threshold, float):
            return preferred
        key = (rule.id, preferred)
        if key not in self._separates:
            self.backend = preferred
            self._exemplar_matrix(rule)
            self.threshold(rule)
        return preferred if self._separates.get(key, True) else "e5"

    def prefetch(self, jobs: Sequence[tuple[Sequence[ThemeRule], str, str | None]]) -> None:
        """Embed the chunks that ``hits`` will ask for, for many (rules, text, locale), in one batch per
        encoder: a batch of drafts costs a few encoder calls instead of one per draft."""
        wanted: dict[str, list[str]] = {}
        for rules, text, locale in jobs:
            preferred = backend_for(locale[:2]) if locale else "e5"
            spans = units(text)  # the concept layer's pieces: embedded once for both layers
            if not spans or not rules:
                continue
            for rule in rules:
                wanted.setdefault(self._encoder(rule, preferred), []).extend(
                    text[a:b].strip() for a, b in _spans_for(rule, text, spans))
        for backend, texts in wanted.items():
            self.embedder.embed(list(dict.fromkeys(texts)), backend)

    def hits(self, rules: list[ThemeRule], text: str, locale: str | None = None
             ) -> list[tuple[ThemeRule, tuple[int, int], float]]:
        """Rules whose exemplars some chunk of ``text`` reaches; the encoder follows the locale's language."""
        preferred = backend_for(locale[:2]) if locale else "e5"
        spans = units(text)  # the concept layer's pieces: embedded once for both layers
        if not spans or not rules:
            return []
        out = []
        for rule in rules:
            own = _spans_for(rule, text, spans)
            if not own:
                continue
            self.backend = self._encoder(rule, preferred)
            vecs = self.embed([text[a:b].strip() for a, b in own])  # cached per sentence and encoder
            sims = (vecs @ self._exemplar_matrix(rule).T).max(axis=1)
            best = int(np.argmax(sims))
            if sims[best] >= self.threshold(rule):
                out.append((rule, own[best], float(sims[best])))
        return out

