"""The on-disk cache of the semantic layer's calibrated indexes: where each is kept, the key that makes a
changed bank or setting miss it, and saving and loading it.

``studio.checks.concepts`` builds and calibrates an :class:`~studio.checks.concept_index.Index` per encoder once;
:func:`save_index` keeps it under a name keyed by the banks' content and every setting its vectors and
cut-offs depend on (:func:`cache_path`), and :func:`load_index` reads it back in milliseconds in a new
process. An index saved under other banks or settings is never read: its key differs. A damaged file
reads as absent, and the caller rebuilds and overwrites it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from studio.checks import calibration as cal
from studio.checks import concept_index
from studio.checks.concept_index import Index
from studio.checks.embed import save_arrays

CACHE_FORMAT = 11


def _optional(array: np.ndarray) -> np.ndarray | None:
    return array if array.size else None


def cache_path(
    cache_dir: Path | None,
    backend: str,
    texts: list[str],
    labels: list[int],
    langs: list[str],
    centre: list[object],
    mode: str,
    agree: int = 1,
) -> Path | None:
    """Where an index is kept: keyed by everything its vectors and cut-offs depend on (the exemplars
    with their labels and languages, the encoder, the centring and the calibration settings)."""
    if cache_dir is None:
        return None
    # The settings are read from ``calibration`` (and ``concept_index.K``) when the key is made, so a setting changed
    # there (a bench run trying another grid) keys a new file rather than reading an index calibrated under the old one.
    key = hashlib.sha256(
        json.dumps(
            {
                "f": CACHE_FORMAT,
                "b": backend,
                "k": concept_index.K,
                "t": cal.TEMPERATURES,
                "m": cal.MARGIN_GRID,
                "c": centre,
                "cal": [
                    mode,
                    cal.OWN_FALSE_COST,
                    cal.VOTE_GRID,
                    cal.SHRINK_GAIN,
                    cal.GLOBAL_TOLERANCE,
                    agree,
                    cal.FLAT_TOLERANCE,
                    cal.VOTE_SHRINK_GAIN,
                    cal.VOTE_FALSE_COST,
                    cal.GLOBAL_WEIGHTING,
                    cal.FLOOR_SHRINK_GAIN,
                    cal.FLOOR_GRID,
                    cal.FLOOR_WRONG,
                    cal.ANCHOR if mode == "anchored" else None,
                ],
                "texts": texts,
                "labels": labels,
                "langs": langs,
            },
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    return cache_dir / f"concepts-{backend}-{key[:24]}.npz"


def load_index(path: Path | None, texts: list[str]) -> Index | None:
    """The index saved at ``path`` (None: none there, or a damaged file, which the caller rebuilds)."""
    if path is None or not path.exists():
        return None
    try:
        with np.load(path) as data:
            return Index(
                data["vectors"],
                data["labels"],
                texts,
                float(data["vote"]),
                float(data["floor"]),
                float(data["temperature"]),
                float(data["block_floor"]),
                float(data["margin"]),
                data["floors"],
                votes_c=_optional(data["votes_c"]),
                means=_optional(data["means"]),
                mean_langs=tuple(str(x) for x in data["mean_langs"]),
                cat_params=_optional(data["cat_params"]),
                objective=_optional(data["objective"]),
            )
    except (OSError, ValueError, KeyError):
        return None


def save_index(path: Path | None, idx: Index, n_concepts: int) -> None:
    if path is None:
        return
    save_arrays(
        path,
        vectors=idx.vectors,
        labels=idx.labels,
        vote=np.asarray(idx.vote),
        floor=np.asarray(idx.floor),
        temperature=np.asarray(idx.temperature),
        block_floor=np.asarray(idx.block_floor),
        margin=np.asarray(idx.margin),
        floors=idx.floor_of(n_concepts),
        votes_c=idx.vote_of(n_concepts),
        means=idx.means if idx.means is not None else np.zeros(0, dtype=np.float32),
        mean_langs=np.asarray(idx.mean_langs, dtype="<U8"),
        cat_params=idx.cat_params if idx.cat_params is not None else np.zeros(0),
        objective=idx.objective if idx.objective is not None else np.zeros(0),
    )
