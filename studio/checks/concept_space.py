"""The space an encoder's concept index lives in: which exemplars it holds (texts, labels, languages) and how their
vectors, and a draft's, are centred before the cosine.

``studio.checks.concepts`` embeds what :func:`exemplars` lists, builds the index here (:func:`centred_index`),
has it calibrated (``studio.checks.calibration``) and decides drafts in it, their vectors centred as the exemplars
are (:func:`centre_queries`). A change here moves every vector of an encoder: the settings below are part of the
cached index's key (``studio.checks.concept_cache``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.checks.concept_banks import Exemplar, LoadedConcept
from studio.checks.concept_index import Index

# Centring: e5's vectors share a large common component (every exemplar sits at 0.87-0.99 cosine to
# every other) and each language adds its own, so a line's language decides its neighbours as much as
# its meaning (left one language out, vi, id, ms recall more than with their own exemplars in).
# Subtracting the mean vector of the line's language (over the banks' exemplars and background in that
# language) before the cosine leaves what the line says. Exemplars are centred on their own language's
# mean, a draft's sentence on the mean it lies closest to (its words need not be in its market's
# language); a language with fewer than CENTRE_MIN lines is centred on the mean of all.
# Measured on the blind dev half (bench/corpus_eval.py): e5 "lang" takes recall 85.5% -> 87.6%
# (id .73->.85, ms .71->.89, vi .73->.88, hi .82->.86), the e5 languages' semantic recall in-bank
# 42% -> 69% and held out 45% -> 55%, but false warn 10.4% -> 11.2% (+3 clean items) and two bank
# examples stopped firing: dietary.beef 'स्पेशल बीफ़ स्टेक...' (settled by two more hi positives) and
# dietary.pork 'Babi panggang madu dan sate babi...', which loses to its hard-negative twin 'Ayam bakar madu
# dan sate kambing...' and is caught by the id-ID pack's term instead (a known limit, noted in the bank).
# Re-measured with the second set of banks (dev): 86.8/0.0/9.9 -> 88.3/0.0/11.0 recall/false block/false
# warn. On because left-one-language-out and the e5 markets say it generalises; USE is better uncentred
# (per language: recall -1.6 points).
CENTRE = {"use": "none", "e5": "lang", "e5w": "lang"}  # per encoder: "lang", "all" (one mean) or "none"
CENTRE_MIN = 30
CENTRE_BY = "nearest"
# With "none", the means are taken over the shared "none" lines only (hard negatives and background;
# every bank language has 44-279), so a bank's new positives do not shift every category's e5 space
# (with "category" calibration no bank then moves another at all). Blind dev
# (category calibration): over all exemplars 88.3/0.0/11.5 recall/false block/false warn, leave one
# language out held-out recall 62.9% (false warn 8.6%); over "none" lines 88.6/0.0/12.0 and 63.5% (9.1%).
CENTRE_ON = "all"  # "all": every exemplar of the language; "none": its hard negatives and background


def exemplars(concepts: Sequence[LoadedConcept], background: Sequence[Exemplar],
              exclude_lang: str | None = None) -> tuple[list[str], list[int], list[str]]:
    """Texts, labels (concept index, -1: "none": hard negatives and background) and languages of every exemplar
    of ``concepts`` and every ``background`` line, less those written in ``exclude_lang``."""
    texts, labels, langs = [], [], []
    for ci, lc in enumerate(concepts):
        for examples, label in ((lc.concept.positives, ci), (lc.concept.negatives, -1)):
            for ex in examples:
                if ex.lang != exclude_lang:
                    texts.append(ex.text)
                    labels.append(label)
                    langs.append(ex.lang)
    for ex in background:
        if ex.lang != exclude_lang:
            texts.append(ex.text)
            labels.append(-1)
            langs.append(ex.lang)
    return texts, labels, langs


def _means(vectors: np.ndarray, langs: Sequence[str], mode: str) -> tuple[np.ndarray | None, tuple[str, ...]]:
    """The centring means of an index's raw vectors (see CENTRE): per language with enough lines, then all."""
    if mode == "none" or not len(vectors):
        return None, ()
    own: tuple[str, ...] = ()
    if mode == "lang":
        counts: dict[str, int] = {}
        for lang in langs:
            counts[lang] = counts.get(lang, 0) + 1
        own = tuple(sorted(lang for lang, n in counts.items() if n >= CENTRE_MIN))
    lang_arr = np.asarray(langs)
    rows = [vectors[lang_arr == one].mean(axis=0) for one in own] + [vectors.mean(axis=0)]
    return np.stack(rows).astype(np.float32), own


def centred_index(raw: np.ndarray, labels: list[int], texts: list[str], langs: list[str], centre: str,
                  centre_on: str) -> Index:
    """The (uncalibrated) index of the exemplars' raw vectors, each centred on its language's mean (``centre``: see
    CENTRE; the means taken over the lines ``centre_on`` names)."""
    on = np.asarray(labels) < 0 if centre_on == "none" else np.ones(len(labels), dtype=bool)
    means, mean_langs = _means(raw[on], [g for g, keep in zip(langs, on) if keep], centre)
    idx = Index(raw, np.asarray(labels, dtype=np.int32), texts, means=means, mean_langs=mean_langs)
    if means is not None:
        lang_arr = np.asarray(langs)
        idx.vectors = raw.copy()
        for lang in set(langs):
            rows = np.flatnonzero(lang_arr == lang)
            idx.vectors[rows] = idx.centred(raw[rows], lang)
    return idx


def centre_queries(idx: Index, vecs: np.ndarray, langs: Sequence[str]) -> np.ndarray:
    """Unit vectors ``vecs`` of the units to decide (written in ``langs``), centred as the index is."""
    if idx.means is not None:
        by = np.asarray(idx.language_of(vecs) if CENTRE_BY == "nearest" else list(langs))
        for lang in set(by.tolist()):
            mine = np.flatnonzero(by == lang)
            vecs[mine] = idx.centred(vecs[mine], lang)
    return vecs
