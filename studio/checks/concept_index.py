"""An encoder's index of the concept banks' exemplars and how its concepts vote over it: what the concept layer
decides with, whatever set the cut-offs.

``studio.checks.concepts`` builds an :class:`Index` per encoder (unit vectors, labels and, once calibrated, the
cut-offs) and decides with :class:`Votes` (the K nearest exemplars, weighted by similarity); the calibration
(``studio.checks.calibration``) sets the cut-offs by leave-one-out with the same votes, and keeps the counts it chose
them from beside the index (:class:`CategoryScores`). Nothing here reads a file or searches a grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

K = 7


@dataclass
class Index:
    """All exemplars of one encoder: unit vectors, labels (concept index or -1 = none), and cut-offs."""

    vectors: np.ndarray
    labels: np.ndarray
    texts: list[str]
    vote: float = 0.6
    floor: float = 0.5
    temperature: float = 0.05
    block_floor: float = 0.7  # a concept blocks (where its market blocks) only this close to a positive
    margin: float = -1.0  # nearest positive minus nearest "none" exemplar must reach this
    floors: np.ndarray | None = None  # per concept: its category's own floor (None: ``floor`` for all)
    votes_c: np.ndarray | None = None  # per concept: its category's vote (None: ``vote`` for all)
    means: np.ndarray | None = None  # centring: one mean per language in ``mean_langs``, then the mean of all
    mean_langs: tuple[str, ...] = ()
    # Per category (CALIBRATION "category"): temperature, vote, floor, margin, block floor; None: global.
    cat_params: np.ndarray | None = None
    # "category": the shared setting's leave-one-out score at its best, where chosen, and how many
    # settings lay within GLOBAL_TOLERANCE of the best (how flat the optimum is).
    objective: np.ndarray | None = None
    scores: CategoryScores | None = None  # the leave-one-out counts the cut-offs were chosen from (not cached)

    def vote_of(self, n: int) -> np.ndarray:
        return self.votes_c if self.votes_c is not None and len(self.votes_c) == n else np.full(n, self.vote)

    def floor_of(self, n: int) -> np.ndarray:
        return self.floors if self.floors is not None and len(self.floors) == n else np.full(n, self.floor)

    def groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The exemplar columns ordered by label, each label's first position in that order, and the labels
        (``-1`` first): a per-concept maximum is then one ``reduceat`` instead of a mask per concept."""
        cached = self.__dict__.get("_groups")
        if cached is None or len(cached[0]) != len(self.labels):
            order = np.argsort(self.labels, kind="stable")
            owners, starts = np.unique(self.labels[order], return_index=True)
            cached = self.__dict__["_groups"] = (order, starts, owners)
        return cached

    def centred(self, vectors: np.ndarray, lang: str) -> np.ndarray:
        """Unit vectors of ``vectors`` (lines in ``lang``) after the language's mean is taken out."""
        if self.means is None:
            return vectors
        row = self.mean_langs.index(lang) if lang in self.mean_langs else len(self.mean_langs)
        return _unit(vectors - self.means[row])

    def language_of(self, vectors: np.ndarray) -> list[str]:
        """Per raw vector, the language whose mean it lies closest to (a draft's words need not be in its
        market's language: English lines in hi-IN, Vietnamese in a test of a beef rule); "" when the
        index has no language means."""
        if self.means is None or not self.mean_langs:
            return [""] * len(vectors)
        near = np.argmax(vectors @ _unit(self.means[:-1]).T, axis=1)
        return [self.mean_langs[i] for i in near]


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class Votes:
    """How concepts vote: the scoring that decisions and calibration share. A category's concepts
    pool their votes; ``category_ids`` maps each concept to its category."""

    def __init__(self, categories: Sequence[str]):
        cats = np.array(list(categories))
        self.n = len(cats)
        self.category_ids = np.unique(cats, return_inverse=True)[1] if len(cats) else np.zeros(0, dtype=int)
        self.cat_cols = [np.flatnonzero(self.category_ids == c) for c in range(len(set(cats.tolist())))]
        self.same_category = (cats[:, None] == cats[None, :]).astype(float)

    def scores(self, idx: Index, sims: np.ndarray, exclude: np.ndarray | None = None,
                temperature: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per query row: vote share per concept, nearest-positive similarity per concept, top-K ids, and
        the similarity of the nearest "none" exemplar (hard negative or background)."""
        if exclude is not None:
            sims = sims.copy()
            sims[np.arange(len(sims)), exclude] = -np.inf
        k = min(K, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        weights = np.exp((top_sims - 1.0) / (temperature or idx.temperature))
        n = self.n
        top_labels = idx.labels[top]
        cell = np.arange(len(sims))[:, None] * (n + 1) + np.where(top_labels < 0, n, top_labels)
        votes = np.bincount(cell.ravel(), weights=weights.ravel(), minlength=len(sims) * (n + 1)).reshape(len(sims), n + 1)
        share = votes[:, :n] / np.maximum(votes.sum(axis=1, keepdims=True), 1e-12)
        # Nearest exemplar per concept and nearest "none" exemplar: one gather, one reduceat.
        order, starts, owners = idx.groups()
        group_max = np.maximum.reduceat(sims[:, order], starts, axis=1) if len(order) else np.zeros((len(sims), 0))
        nearest = np.full((len(sims), n), -1.0)
        mine = (owners >= 0) & (owners < n)
        nearest[:, owners[mine]] = group_max[:, mine]
        none_near = group_max[:, 0] if len(owners) and owners[0] < 0 else np.full(len(sims), -1.0)
        return share, nearest, top, none_near

    def pool(self, share: np.ndarray, active: np.ndarray | None = None) -> np.ndarray:
        """Concepts of one category pool their votes (casino, betting and lottery neighbours all say
        "gambling"); the pooled share goes to the category's leading concept among those that apply
        (``active``, per row: pork and beef share a category but not a market)."""
        if active is not None:  # concepts that do not apply here neither vote nor count in the total
            none = np.clip(1.0 - share.sum(axis=1, keepdims=True), 0.0, None)
            share = np.where(active, share, 0.0)
            share = share / np.maximum(share.sum(axis=1, keepdims=True) + none, 1e-12)
            pooled = np.where(active, share @ self.same_category, 0.0)
        else:
            pooled = share @ self.same_category
        # The leader of each category: a share no other concept of its category exceeds (shares are >= 0, so
        # this is the maximum over the concept's category, taken per category: no rows x n x n temporary,
        # which for a batch of 4,000 units was 100 MB and 2 ms of CPU per draft).
        cat_max = np.zeros((len(share), len(self.cat_cols)))
        for c, cols in enumerate(self.cat_cols):
            cat_max[:, c] = share[:, cols].max(axis=1)
        leader = share >= cat_max[:, self.category_ids]
        return np.where(leader & (share > 0), pooled, 0.0)

    def parts(self, idx: Index, sims: np.ndarray, exclude: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per query row: the K nearest positives of each concept (similarities, -inf where a concept
        has fewer, and their exemplar rows) and the K nearest "none" similarities."""
        if exclude is not None:
            sims = sims.copy()
            sims[np.arange(len(sims)), exclude] = -np.inf
        rows, n = len(sims), self.n
        pos = np.full((rows, n, K), -np.inf, dtype=np.float32)
        ids = np.zeros((rows, n, K), dtype=np.int32)
        for ci in range(n):
            cols = np.flatnonzero(idx.labels == ci)
            if not len(cols):
                continue
            k = min(K, len(cols))
            sub = sims[:, cols]
            top = np.argpartition(-sub, k - 1, axis=1)[:, :k]
            pos[:, ci, :k] = np.take_along_axis(sub, top, axis=1)
            ids[:, ci, :k] = cols[top]
        none_cols = np.flatnonzero(idx.labels < 0)
        none_top = np.full((rows, K), -np.inf, dtype=np.float32)
        if len(none_cols):
            k = min(K, len(none_cols))
            sub = sims[:, none_cols]
            none_top[:, :k] = np.take_along_axis(sub, np.argpartition(-sub, k - 1, axis=1)[:, :k], axis=1)
        return pos, ids, none_top

    @staticmethod
    def share(pos: np.ndarray, none_top: np.ndarray, temperature: float) -> tuple[np.ndarray, np.ndarray]:
        """A category's vote share among the K nearest of its positives (``pos``: rows x concepts x K,
        -inf where absent or not applicable) and the "none" exemplars (``none_top``: rows x K), and how
        many of those K nearest are its positives (the agreement count)."""
        both = np.concatenate([pos.reshape(len(pos), -1), none_top], axis=1)
        is_pos = np.arange(both.shape[1]) < both.shape[1] - none_top.shape[1]
        top = np.argpartition(-both, K - 1, axis=1)[:, :K]
        near = np.take_along_axis(both, top, axis=1)
        finite = np.isfinite(near)
        weights = np.where(finite, np.exp((np.where(finite, near, 0.0) - 1.0) / temperature), 0.0)
        mine = is_pos[top]
        share: np.ndarray = (weights * mine).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-12)
        count: np.ndarray = (mine & finite).sum(axis=1)
        return share, count


@dataclass
class CategoryScores:
    """Leave-one-out counts per category x setting (temperature, margin, vote) x floor: positives caught and
    "none" lines fired on; the choice of cut-offs (``calibration.choose``) reads only these."""

    settings: list[tuple[float, float, float]]
    floors: np.ndarray
    caught: np.ndarray
    false: np.ndarray
    sizes: list[int]
    medians: list[float]
