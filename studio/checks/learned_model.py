"""The learned category layer's model file: ``<rules>/learned/model.json`` (the manifest: thresholds, categories,
hashes of the encoders and corpora it was built from, the command) and ``model.npz`` (weights, feature scaling, the
vectors of the training lines quoted as nearest examples), written by :func:`save` and read back, validated, by
:func:`load` (a missing, malformed or stale file raises :class:`LearnedModelError` with the rebuild command).

``studio.checks.learned`` is the layer this file holds; ``studio.checks.learned_train`` builds it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from studio.checks.asset import CheckInput
from studio.checks.corpora import CORPUS_DIR
from studio.checks.embed import PACKAGES, Embedder
from studio.checks.learned import FEATURE_VERSION, KINDS, Head, LearnedLayer, Nearest
from studio.checks.learned_corpora import corpus_hash
from studio.core.errors import RuleError

LEARNED_DIR = "learned"
MODEL_JSON = "model.json"
MODEL_NPZ = "model.npz"
REBUILD = "python -m studio.checks.learned"


class LearnedModelError(RuleError):
    """The learned model file is missing, malformed or stale."""


def encoder_versions() -> dict[str, str]:
    out = {}
    for backend, (_module, requirement) in PACKAGES.items():
        dist = requirement.split("==")[0]
        try:
            out[backend] = f"{dist}=={metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            out[backend] = f"{dist} (not installed)"
    return out


def save(
    layer: LearnedLayer,
    folder: Path,
    *,
    corpus: str,
    command: str,
    report: dict[str, Any] | None = None,
    settings: dict[str, float] | None = None,
) -> None:
    """Write the model file: ``model.npz`` (weights, feature scaling, nearest-example vectors) and
    ``model.json`` (its manifest; ``settings``: the training's threshold settings, recorded)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {}
    heads = {}
    for backend, h in layer.heads.items():
        for k in ("mu", "sd", "w", "b"):
            arrays[f"{backend}.{k}"] = getattr(h, k).astype(np.float32)
        heads[backend] = {
            "categories": h.categories,
            "dim": h.dim,
            "thresholds": {
                c: (None if not np.isfinite(t) else round(float(t), 6)) for c, t in zip(h.categories, h.thresholds)
            },
        }
        nb = layer.nearest[backend]
        arrays[f"{backend}.nearest"] = np.round(nb.vecs.astype(np.float32) * 127).astype(np.int8)
        heads[backend]["nearest"] = [
            {"id": i, "quote": q, "expect": e} for i, q, e in zip(nb.ids, nb.quotes, nb.categories)
        ]
    np.savez_compressed(folder / MODEL_NPZ, **arrays)
    weights_sha = hashlib.sha256((folder / MODEL_NPZ).read_bytes()).hexdigest()
    manifest = {
        "feature_version": FEATURE_VERSION,
        "encoders": encoder_versions(),
        "corpus_sha256": corpus,
        "weights_sha256": weights_sha,
        "command": command,
        **(settings or {}),
        "locales": layer.locales,
        "heads": heads,
        "lowo": report or {},
    }
    (folder / MODEL_JSON).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load(
    folder: Path,
    allowed: Callable[[CheckInput], set[str]] = lambda item: set(),
    corpus_root: Path | None = CORPUS_DIR,
    embedder: Embedder | None = None,
) -> LearnedLayer:
    """The model under ``folder``, validated: missing, malformed or stale files raise LearnedModelError
    naming the file and the fix (``REBUILD``). The corpus hash is checked where the open corpora are
    present (``corpus_root``; None skips it). ``embedder``: the encoders the layer reads vectors from."""
    mj, mz = folder / MODEL_JSON, folder / MODEL_NPZ
    fix = f"rebuild it: {REBUILD}"
    for p in (mj, mz):
        if not p.exists():
            raise LearnedModelError("the learned model file is missing", where=str(p), fix=fix)
    try:
        manifest = json.loads(mj.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LearnedModelError(f"not valid JSON: {exc.msg}", where=f"{mj}:{exc.lineno}", fix=fix) from None
    for key in ("feature_version", "encoders", "corpus_sha256", "weights_sha256", "locales", "heads"):
        if key not in manifest:
            raise LearnedModelError(f"`{key}` is missing", where=str(mj), fix=fix)
    if manifest["feature_version"] != FEATURE_VERSION:
        raise LearnedModelError(
            f"stale: built for feature version {manifest['feature_version']}, this code reads "
            f"version {FEATURE_VERSION}",
            where=str(mj),
            fix=fix,
        )
    installed = encoder_versions()
    for backend, built in manifest["encoders"].items():
        if installed.get(backend) != built:
            raise LearnedModelError(
                f"stale: built over {built}, installed {installed.get(backend)} (its vectors differ)",
                where=str(mj),
                fix=fix,
            )
    sha = hashlib.sha256(mz.read_bytes()).hexdigest()
    if sha != manifest["weights_sha256"]:
        raise LearnedModelError(
            f"{MODEL_NPZ} does not match its manifest (sha256 {sha[:12]}, manifest says "
            f"{manifest['weights_sha256'][:12]})",
            where=str(mz),
            fix=fix,
        )
    if corpus_root is not None and corpus_root.is_dir():
        now = corpus_hash(corpus_root)
        if now != manifest["corpus_sha256"]:
            raise LearnedModelError(
                f"stale: the open corpora changed since the model was built (sha256 {now[:12]}, "
                f"built from {manifest['corpus_sha256'][:12]})",
                where=str(mj),
                fix=fix,
            )
    arrays = np.load(mz)
    heads, nearest = {}, {}
    for backend, h in manifest["heads"].items():
        try:
            cats = list(h["thresholds"])
            thr = np.array([np.inf if h["thresholds"][c] is None else float(h["thresholds"][c]) for c in cats])
            head = Head(
                cats,
                arrays[f"{backend}.mu"],
                arrays[f"{backend}.sd"],
                arrays[f"{backend}.w"],
                arrays[f"{backend}.b"],
                thr,
                int(h["dim"]),
            )
            if (
                head.w.shape != (head.mu.shape[0], len(cats))
                or head.mu.shape[0] != 2 * head.dim + len(manifest["locales"]) + len(KINDS) + 3
            ):
                raise ValueError(f"weights of shape {head.w.shape} do not fit {len(cats)} categories")
            rows = h.get("nearest", [])
            nearest[backend] = Nearest(
                (arrays[f"{backend}.nearest"].astype(np.float32) / 127).astype(np.float16),
                [r["id"] for r in rows],
                [r["quote"] for r in rows],
                [r["expect"] for r in rows],
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise LearnedModelError(f"head {backend!r} is malformed: {exc}", where=str(mj), fix=fix) from None
        heads[backend] = head
    return LearnedLayer(heads, list(manifest["locales"]), nearest, allowed=allowed, embedder=embedder)
