"""Judge the learned category layer leave-one-writer-out (studio/checks/learned.py, trained by learned_train.py).

For each open writer (A = tuning, B = blind dev, C = apart, D = apart2, E-U = the look halves of
apart3-19) the layer is trained on the others (thresholds out-of-writer on those others) and the held-out writer's items are checked
by the engine without it and with it. The held-out writer's items never enter training, threshold
choice or feature selection. Printed per held-out writer: recall / false block / false warn without
and with the layer, the layer alone (its recall over the items whose expected categories it learns,
its false warn), and per category the recall it adds.

Caveat: the hand layers (rules, banks) were tuned on all these writers, so "without" is memory, not
first sight; what the layer adds here is what it adds on top of a tuned engine.

    .venv/bin/python -m bench.learned_eval [--target 0.8] [--lam 3] [--drop mean|max|market|kind|flags]
                                           [--writers ABCD] [--train-on ABCDEFG] [--held HIJ]
                                           [--sweep] [--near] [--pos-power 0.5] [--nn | --nn-only] [--json]
    .venv/bin/python -m bench.learned_eval --judge VALIDATION.json TEST.json

The decision rule of checks-learned51: ``--writers ABCDEFGHIJKLMNO --held KLMNO --sweep --near --json`` (validation)
picks one setting (``pick``), and ``--held PQRSTU --sweep --near --json`` (test) is read at that setting alone
(``--judge``); fitted layers are cached, so a second read costs no fit.

``--writers`` judges a subset (ABCD: the four writers the layer was first built on); ``--drop`` zeroes a block
of the feature row, a feature trial without a new model format. It reads only the open corpora (never
blind's frozen half, a check half, fresh or apart20). The engine's
findings on them are kept under <cache_dir>/learned_eval/ while rules, code and corpora are unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from studio.checks import learned, learned_corpora, learned_model, learned_train
from studio.checks.engine import CheckEngine
from studio.core.config import get_settings

T = TypeVar("T")
ALERT = {"block", "warn"}
NAMES = {
    "A": "tuning",
    "B": "blind dev",
    "C": "apart",
    "D": "apart2",
    "E": "apart3 look",
    "F": "apart4 look",
    "G": "apart5 look",
    "H": "apart6 look",
    "I": "apart7 look",
    "J": "apart8 look",
    **{w: f"apart{k} look" for k, w in enumerate("KLMNOPQRSTU", start=9)},
}


def _state_key(rules_dir: Path) -> str:
    """Rules (less learned/), the checks code and the corpora: what the engine's findings depend on."""
    h = hashlib.sha256(learned_corpora.corpus_hash().encode())
    pkg = Path(learned.__file__).resolve().parent
    files = [p for p in sorted(Path(rules_dir).rglob("*")) if p.is_file() and learned_model.LEARNED_DIR not in p.parts]
    for p in files + sorted(pkg.rglob("*.py")):
        if p.name in ("learned.py", "learned_corpora.py", "learned_model.py", "learned_train.py"):  # the layer itself: not what the engine finds without it
            continue
        h.update(str(p).encode() + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:24]


def base_findings(engine: CheckEngine, items: list[learned_corpora.Labelled]) -> list[list[tuple[str, str]]]:
    """(category, severity) of every finding of the engine without the learned layer, cached."""
    settings = get_settings()
    path = Path(settings.cache_dir) / "learned_eval" / f"{_state_key(settings.rules_dir)}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    out = [[(f.category, f.severity) for f in fs] for fs in engine.check_many([it.item for it in items])]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def cached(name: str, key: object, make: Callable[[], T]) -> T:
    """``make()``, kept under <cache_dir>/learned_eval/ as ``name``-<hash of key>.pickle."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:24]
    path = Path(get_settings().cache_dir) / "learned_eval" / f"{name}-{digest}.pickle"
    if path.exists():
        kept: T = pickle.loads(path.read_bytes())
        return kept
    made = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(made))
    return made


def features_key(items: list[learned_corpora.Labelled], locales: list[str]) -> list:
    """What the feature rows depend on: the corpora, the encoders' versions and the feature code."""
    return [
        learned_corpora.corpus_hash(),
        learned_model.encoder_versions(),
        learned.FEATURE_VERSION,
        inspect.getsource(learned.featurize),
        locales,
        [it.item.id for it in items],
    ]


def cached_features(engine: CheckEngine, items: list[learned_corpora.Labelled], locales: list[str]) -> learned.Features:
    """learned.featurize over ``items``, cached (21 writers: the e5 languages take minutes to embed)."""
    return cached(
        "features",
        features_key(items, locales),
        lambda: learned.featurize([it.item for it in items], engine.concepts.embedder, locales),
    )


def closeness(engine: CheckEngine, items: list[learned_corpora.Labelled]) -> list[dict[str, float]]:
    """Per draft and category, how close the concept layer came to firing (ConceptLayer.closeness_many), cached
    while rules, code and corpora are unchanged; the gate trial's signal."""
    settings = get_settings()
    key = [_state_key(settings.rules_dir), [it.item.id for it in items]]
    return cached("closeness", key, lambda: engine.concepts.closeness_many([it.item for it in items]))


# The gate trial: a learned finding counts only where the concept layer's closeness for its category is at
# least -gate (it scored the category near its cut-off); None: no gate.
NEAR = (None, 0.4, 0.3, 0.2, 0.1)  # closeness runs from about -0.7 (no vote) to +0.3


def near(extra: list, close: list[dict[str, float]], gate: float | None) -> list:
    if gate is None:
        return extra
    return [[f for f in fs if c.get(f.category, -np.inf) >= -gate] for fs, c in zip(extra, close)]


def tally(items, base, extra, gate: bool = False) -> dict:
    """recall / false block / false warn without and with the learned findings, and per category.
    ``gate``: a learned finding counts only where the engine already has an info finding of its category
    (a weaker signal the rules and banks see there)."""
    r = defaultdict(int)
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # n, hit without, hit with
    for it, b, e in zip(items, base, extra):
        alerted = {c for c, s in b if s in ALERT}
        if gate:
            weak = {c for c, s in b if s == "info"}
            e = [f for f in e if f.category in weak]
        added = {f.category for f in e} - alerted
        if it.expect:
            r["violating"] += 1
            r["hit0"] += all(c in alerted for c in it.expect)
            r["hit1"] += all(c in alerted | added for c in it.expect)
            for c in it.expect:
                cats[c][0] += 1
                cats[c][1] += c in alerted
                cats[c][2] += c in alerted | added
            learnable = [c for c in it.expect if c not in learned_train.NOT_LEARNED]
            if learnable:
                r["learnable"] += 1
                r["alone_hit"] += all(c in {f.category for f in e} for c in learnable)
        else:
            r["clean"] += 1
            r["fb"] += any(s == "block" for _, s in b)
            r["fw0"] += bool(alerted)
            r["fw1"] += bool(alerted or added)
            r["alone_fw"] += bool(e)
    n, m = max(r["violating"], 1), max(r["clean"], 1)
    return {
        "violating": r["violating"],
        "clean": r["clean"],
        "without": {"recall": r["hit0"] / n, "false_block": r["fb"] / m, "false_warn": r["fw0"] / m},
        "with": {"recall": r["hit1"] / n, "false_block": r["fb"] / m, "false_warn": r["fw1"] / m},
        "alone": {
            "recall": r["alone_hit"] / max(r["learnable"], 1),
            "n": r["learnable"],
            "false_warn": r["alone_fw"] / m,
        },
        "by_category": {c: {"n": v[0], "without": v[1] / v[0], "with": v[2] / v[0]} for c, v in sorted(cats.items())},
    }


# Feature blocks a trial may drop: the row is mean | max | market one-hot | kind one-hot | 3 flags.
DROPPABLE = ("mean", "max", "market", "kind", "flags")


def drop(feats: learned.Features, blocks: list[str], n_locales: int) -> learned.Features:
    """The same features with ``blocks`` zeroed (a constant column standardises to 0: as if dropped)."""
    rows = []
    for r, m in zip(feats.rows, feats.means):
        if r is None or m is None:
            rows.append(r)
            continue
        d = m.shape[0]
        spans = {
            "mean": (0, d),
            "max": (d, 2 * d),
            "market": (2 * d, 2 * d + n_locales),
            "kind": (2 * d + n_locales, 2 * d + n_locales + len(learned.KINDS)),
            "flags": (r.shape[0] - 3, r.shape[0]),
        }
        r = r.copy()
        for b in blocks:
            r[slice(*spans[b])] = 0.0
        rows.append(r)
    return learned.Features(feats.backend, rows, feats.means, feats.spans, feats.unit_vecs)


# ---------------------------------------------------------------- the nearest-neighbour learner (a trial)


@dataclass
class Fired:
    """A nearest-neighbour finding as the tally reads it, with the training lines that fired it."""

    category: str
    lines: tuple[str, ...]


def _unit_norm(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


class NearIndex:
    """Every labelled draft against every labelled line of its encoder, once: per draft, writer and category
    the most similar line of that writer with that category (and the most similar clean line), where a
    draft's similarity to a line is its best unit's (or its mean's) cosine to the line's mean vector. Any
    reference set that is a union of writers is then a mask over writers."""

    def __init__(self, items: list[learned_corpora.Labelled], feats: learned.Features, categories: list[str]) -> None:
        self.writers = sorted({it.writer for it in items})
        self.cats = list(categories)
        n, nw, nc = len(items), len(self.writers), len(categories)
        self.best = np.full((n, nw, nc), -np.inf, dtype=np.float32)
        self.line = np.full((n, nw, nc), -1)
        self.clean = np.full((n, nw), -np.inf, dtype=np.float32)
        wr = np.array([self.writers.index(it.writer) for it in items])
        for backend in sorted(set(feats.backend)):
            q = [i for i in range(n) if feats.backend[i] == backend and feats.unit_vecs[i] is not None]
            if not q:
                continue
            t = np.stack([learned.present(feats.means[i]) for i in q]).astype(np.float32)
            blocks = [
                _unit_norm(np.vstack([learned.present(feats.unit_vecs[i]), learned.present(feats.means[i])[None]]))
                for i in q
            ]
            starts = np.cumsum([0] + [len(u) for u in blocks[:-1]])
            sim = np.maximum.reduceat(np.vstack(blocks).astype(np.float32) @ t.T, starts, axis=0)  # q x lines
            qa = np.array(q)
            for w in range(nw):
                of_w = wr[qa] == w
                cl = np.nonzero(of_w & np.array([not items[i].expect for i in q]))[0]
                if len(cl):
                    self.clean[qa, w] = sim[:, cl].max(axis=1)
                for c, cat in enumerate(categories):
                    cols = np.nonzero(of_w & np.array([cat in items[i].expect for i in q]))[0]
                    if len(cols):
                        k = sim[:, cols].argmax(axis=1)
                        self.best[qa, w, c] = sim[np.arange(len(q)), cols[k]]
                        self.line[qa, w, c] = qa[cols[k]]

    def margins(self, items, query: list[int], ref_writers: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per query draft and category: how far the nearest positive of its second-nearest writer beats
        the nearest clean line, over ``ref_writers``' lines less the query's own writer's (a training
        writer's margins are out-of-writer); -inf where fewer than two writers have a positive. Also the
        two lines (indices) that fired."""
        allow = np.array(
            [[w in ref_writers and w != items[i].writer for w in self.writers] for i in query], dtype=bool
        ).reshape(len(query), len(self.writers))
        best = np.where(allow[:, :, None], self.best[query], -np.inf)
        order = np.argsort(-best, axis=1)[:, :2, :]  # the two nearest writers per category
        top = np.take_along_axis(best, order, axis=1)
        lines = np.take_along_axis(self.line[query], order, axis=1)
        near_clean = np.where(allow, self.clean[query], -np.inf).max(axis=1)
        marg = np.where(np.isfinite(top[:, 1, :]), top[:, 1, :] - np.maximum(near_clean, -1.0)[:, None], -np.inf)
        return marg, np.transpose(lines, (0, 2, 1))


def nn_margins(
    items: list[learned_corpora.Labelled],
    feats: learned.Features,
    query: list[int],
    ref: list[int],
    categories: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """NearIndex.margins for one query set against the writers of ``ref`` (a test's entry point)."""
    return NearIndex(items, feats, categories).margins(items, query, {items[i].writer for i in ref})


class NearestLearner:
    """The nearest-neighbour learner trained on ``train`` for ``test``: the training writers' out-of-writer
    margins (what its per-category cut is chosen on, choose_thresholds as for the logistic layer) and the
    held-out drafts' margins against every training line. ``cut`` re-cuts without recomputing."""

    def __init__(self, items, feats, train: list[int], test: list[int], allowed, index: NearIndex | None = None):
        counts: dict[str, int] = defaultdict(int)
        for i in train:
            for c in items[i].expect:
                counts[c] += 1
        nl = learned_train.NOT_LEARNED
        cats = sorted(c for c, n in counts.items() if n >= learned_train.MIN_POSITIVES and c not in nl)
        index = index or NearIndex(items, feats, cats)
        self.cats = [c for c in cats if c in index.cats]
        self.items, self.test, self.allowed = items, test, allowed
        ref = {items[i].writer for i in train}
        oof, _ = index.margins(items, train, ref)
        oof = oof[:, [index.cats.index(c) for c in self.cats]]
        self.y = np.array([[c in items[i].expect for c in self.cats] for i in train], dtype=np.float64)
        self.mask = np.array([[c in allowed(items[i].item) for c in self.cats] for i in train], dtype=bool)
        self.mask &= np.isfinite(oof)
        self.oof = np.where(np.isfinite(oof), oof, -9.0)
        self.clean = np.array([not items[i].expect for i in train])
        marg, which = index.margins(items, test, ref)
        pick = [index.cats.index(c) for c in self.cats]
        self.marg, self.which = marg[:, pick], which[:, pick]

    def cut(self, target: float, clean_rate: float) -> tuple[list[list[Fired]], dict[str, float]]:
        thr = learned_train.choose_thresholds(self.oof, self.y, self.mask, self.clean, target, clean_rate)
        out: list[list[Fired]] = []
        for k, i in enumerate(self.test):
            ok = self.allowed(self.items[i].item)
            out.append(
                [
                    Fired(c, tuple(self.items[j].item.id for j in self.which[k, n]))
                    for n, c in enumerate(self.cats)
                    if c in ok and np.isfinite(self.marg[k, n]) and self.marg[k, n] >= thr[n]
                ]
            )
        return out, {c: round(float(t), 3) for c, t in zip(self.cats, thr) if np.isfinite(t)}


SWEEP = [
    (0.8, 1.0),
    (0.9, 1.0),
    (0.8, 0.005),
    (0.8, 0.002),
    (0.9, 0.002),
    (0.9, 0.0),
    (0.95, 0.0),
    (0.97, 0.0),
    (0.99, 0.0),
    (0.7, 0.002),
]


def sweep(layers, items, base, feats, engine, close: list[dict[str, float]] | None = None) -> list[dict]:
    """Other threshold settings on the same fitted models: thresholds re-cut on each held-out writer's
    inner out-of-writer scores (the held-out writer still unseen), then that writer scored; with ``close``
    (closeness per item) each setting again under every NEAR gate."""
    rows = []
    for target, clean_rate in SWEEP:
        held_out = {}
        for held, (layer, test) in layers.items():
            for h in layer.heads.values():
                oof, y, mask, clean = h.oof
                h.thresholds = learned_train.choose_thresholds(oof, y, mask, clean, target, clean_rate)
            held_out[held] = (
                test,
                layer.findings_many([items[i].item for i in test], engine.concepts.embedder, feats.take(test)),
            )
        for gate in NEAR if close is not None else (None,):
            gated = {w: (t, near(e, [close[i] for i in t], gate)) for w, (t, e) in held_out.items()} if close else held_out
            rows.append({**_sweep_row(target, clean_rate, gated, items, base), "gate": gate})
    return rows


def _sweep_row(target, clean_rate, held_out: dict, items, base) -> dict:
    """One SWEEP setting's row: each held-out writer's tally (``held_out``: writer -> (its item indexes, the
    learned findings on them)), and the writers pooled, as counted and gated."""
    writers, pi, pb, pe = {}, [], [], []
    for held, (test, extra) in held_out.items():
        mine = [items[i] for i in test]
        writers[held] = tally(mine, [base[i] for i in test], extra)
        pi += mine
        pb += [base[i] for i in test]
        pe += extra
    return {
        "target": target,
        "clean_rate": clean_rate,
        "writers": writers,
        "pooled": tally(pi, pb, pe),
        "gated": tally(pi, pb, pe, gate=True),
    }


def nn_sweep(learners, items, base) -> list[dict]:
    """The nearest-neighbour learner at every SWEEP setting, each held-out writer judged by a learner that
    never saw it."""
    rows = []
    for target, clean_rate in SWEEP:
        held_out, cuts = {}, {}
        for held, nl in learners.items():
            extra, cuts[held] = nl.cut(target, clean_rate)
            held_out[held] = (nl.test, extra)
        rows.append({**_sweep_row(target, clean_rate, held_out, items, base), "cuts": cuts})
    return rows


def fitted(items, feats, train: list[int], locales, allowed, args) -> learned.LearnedLayer:
    """learned_train.build on the ``train`` items; the fitted heads cached (a 21-writer fit is minutes)."""
    key = [
        features_key(items, locales),  # the judged writers' items: their ids name the subset
        sorted({items[i].writer for i in train}),
        [args.target, args.clean_rate, args.lam, args.pos_power, sorted(args.drop), learned_train.FOLDS],
        inspect.getsource(learned_train),
    ]

    def make() -> tuple:
        layer = learned_train.build(
            [items[i] for i in train],
            feats.take(train),
            locales,
            allowed,
            args.target,
            args.clean_rate,
            args.lam,
            args.pos_power,
        )
        return layer.heads, layer.nearest

    heads, nearest = cached("layer", key, make)
    return learned.LearnedLayer(heads, locales, nearest, allowed=allowed)


def gain(row: dict) -> tuple[float, float]:
    """A sweep row's pooled (recall gain, false-warn cost) on top of the engine, in points."""
    a, b = row["pooled"]["without"], row["pooled"]["with"]
    return 100 * (b["recall"] - a["recall"]), 100 * (b["false_warn"] - a["false_warn"])


def pick(rows: list[dict], budget: float = 1.0) -> dict | None:
    """The decision rule's choice among validation sweep rows: the largest pooled recall gain for at most
    ``budget`` points of false-warn cost (ties: the lower cost); None when none gains within it."""
    ok = [r for r in rows if gain(r)[0] > 0 and gain(r)[1] <= budget + 1e-9]
    return max(ok, key=lambda r: (round(gain(r)[0], 6), -gain(r)[1]), default=None)


def verdict(validation: dict, test: dict) -> dict:
    """The setting the validation report's sweep picks, and the test report's figures at that setting
    only (its other sweep rows are not read)."""
    def key(r: dict) -> tuple:
        return r["target"], r["clean_rate"], r.get("gate")

    row = pick(validation["sweep"]) or next(r for r in validation["sweep"] if key(r) == (0.9, 0.0, None))
    setting = key(row)
    mine = next(r for r in test["sweep"] if key(r) == setting)
    per = {w: [100 * (v["with"][k] - v["without"][k]) for k in ("recall", "false_warn")] for w, v in mine["writers"].items()}
    return {
        "setting": setting,
        "validation": {"gain": gain(row), "pooled": row["pooled"]},
        "test": {"gain": gain(mine), "pooled": mine["pooled"], "per_writer": per},
        "on": gain(mine)[0] >= 1.5 - 1e-9
        and gain(mine)[1] <= 1.0 + 1e-9
        and mine["pooled"]["with"]["false_block"] <= mine["pooled"]["without"]["false_block"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", type=float, default=learned_train.TARGET_PRECISION, help="threshold precision target")
    ap.add_argument(
        "--clean-rate",
        type=float,
        default=learned_train.CLEAN_RATE,
        help="per category, the share of out-of-writer clean drafts it may warn on",
    )
    ap.add_argument(
        "--sweep",
        action="store_true",
        help="also print pooled figures for other (target, clean-rate) settings (re-cut, not re-fitted)",
    )
    ap.add_argument("--lam", type=float, default=learned_train.LAMBDA, help="L2 strength")
    ap.add_argument(
        "--pos-power",
        type=float,
        default=learned_train.POS_POWER,
        help="positives weighted by (negatives / positives) ** this, per category (1: rare categories fully)",
    )
    ap.add_argument(
        "--drop",
        action="append",
        default=[],
        choices=sorted(DROPPABLE),
        help="feature trial: zero a block of the feature row (standardised, a zero column weighs nothing)",
    )
    ap.add_argument(
        "--writers", default="".join(learned_corpora.WRITERS), help="the writers to train and judge on (default: all open ones)"
    )
    ap.add_argument(
        "--train-on",
        default="",
        help="train once on these writers and judge the others of --writers (default: leave each one out)",
    )
    ap.add_argument("--held", default="", help="judge only these writers (each trained on the others)")
    ap.add_argument("--nn", action="store_true", help="also judge the nearest-neighbour learner (NearestLearner)")
    ap.add_argument("--nn-only", action="store_true", help="judge the nearest-neighbour learner alone (fast)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--near", action="store_true", help="with --sweep: each setting also gated on the concept layer's closeness"
    )
    ap.add_argument(
        "--judge",
        nargs=2,
        metavar=("VALIDATION", "TEST"),
        help="two --sweep --json reports: the setting VALIDATION picks (pick) and TEST's figures at it alone",
    )
    args = ap.parse_args(argv)
    if args.judge:
        val, test = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.judge)
        json.dump(verdict(val, test), sys.stdout, indent=1)
        print()
        return 0
    settings = get_settings()
    engine = CheckEngine.from_dir(settings.rules_dir, cache_dir=settings.cache_dir / "rules", learned=False)
    corpora = learned_corpora.open_corpora()
    every = [it for w in sorted(corpora) for it in corpora[w]]
    t0 = time.monotonic()
    base_all = base_findings(engine, every)  # over every open writer: one cache whichever writers are judged
    t1 = time.monotonic()
    corpora = {w: v for w, v in corpora.items() if w in args.writers}
    keep = [k for k, it in enumerate(every) if it.writer in args.writers]
    items = [every[k] for k in keep]
    base = [base_all[k] for k in keep]
    close_all = closeness(engine, every) if args.near else None
    close = [close_all[k] for k in keep] if close_all is not None else None
    # Features over every open writer (one cache), the judged writers' rows taken: a market only other writers
    # have is a constant zero column here, which standardises to nothing.
    locales = sorted({it.item.locale for it in every})
    feats = cached_features(engine, every, locales).take(keep)
    if args.drop:
        feats = drop(feats, args.drop, len(locales))
    t2 = time.monotonic()
    allowed = learned.market_categories(engine)
    report: dict = {
        "drop": args.drop,
        "writers_judged": "".join(sorted(corpora)),
        "target_precision": args.target,
        "clean_rate": args.clean_rate,
        "lam": args.lam,
        "pos_power": args.pos_power,
        "writers": {},
    }
    pooled_items, pooled_base, pooled_extra = [], [], []
    layers = {}
    # Who is judged, and on whom each is trained: every writer on all the others, or (--train-on) the
    # writers outside one fixed training set, each by the same layer (the layer as built, on new writers).
    judged = sorted(w for w in corpora if w not in args.train_on and (not args.held or w in args.held))

    def trained_on(held: str) -> set[str]:
        return set(args.train_on) if args.train_on else set(corpora) - {held}

    report["writers_judged"] = "".join(judged)
    report["trained_on"] = {w: "".join(sorted(trained_on(w))) for w in judged}
    fixed: tuple | None = None  # (train indices, the layer) when --train-on fixes the training writers
    for held in [] if args.nn_only else judged:
        train = [i for i, it in enumerate(items) if it.writer in trained_on(held)]
        test = [i for i, it in enumerate(items) if it.writer == held]
        if fixed is None or fixed[0] != train:
            layer = fitted(items, feats, train, locales, allowed, args)
            fixed = (train, layer) if args.train_on else None
        else:
            layer = fixed[1]
        layers[held] = (layer, test)
        extra = layer.findings_many([items[i].item for i in test], engine.concepts.embedder, feats.take(test))
        mine = [items[i] for i in test]
        report["writers"][held] = tally(mine, [base[i] for i in test], extra)
        report["writers"][held]["firing"] = {
            b: [c for c, t in zip(h.categories, h.thresholds) if np.isfinite(t)] for b, h in layer.heads.items()
        }
        pooled_items += mine
        pooled_base += [base[i] for i in test]
        pooled_extra += extra
    report["pooled"] = tally(pooled_items, pooled_base, pooled_extra)
    if args.sweep and not args.nn_only:
        report["sweep"] = sweep(layers, items, base, feats, engine, close if args.near else None)
    if args.nn or args.nn_only:
        learners = {}
        nl = learned_train.NOT_LEARNED
        index = NearIndex(items, feats, sorted({c for it in items for c in it.expect} - nl))
        for held in judged:
            train = [i for i, it in enumerate(items) if it.writer in trained_on(held)]
            test = [i for i, it in enumerate(items) if it.writer == held]
            learners[held] = NearestLearner(items, feats, train, test, allowed, index)
        report["nn"] = nn_sweep(learners, items, base)
    report["seconds"] = {
        "engine": round(t1 - t0, 1),
        "features": round(t2 - t1, 1),
        "train_and_score": round(time.monotonic() - t2, 1),
    }
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    print(f"learned layer, leave one writer out, target precision {args.target}")
    print(
        "held out        n  / clean   without: recall  fb    fw    | with: recall  fb    fw    | alone: recall (n)   fw"
    )
    for w, r in [*report["writers"].items(), ("all", report["pooled"])]:
        a, b, c = r["without"], r["with"], r["alone"]
        name = f"{w} {NAMES.get(w, '')}".strip()
        print(
            f"{name:<14} {r['violating']:>4} / {r['clean']:<5} {a['recall']:>15.1%} {a['false_block']:5.1%} "
            f"{a['false_warn']:5.1%} | {b['recall']:>11.1%} {b['false_block']:5.1%} {b['false_warn']:5.1%} | "
            f"{c['recall']:>12.1%} ({c['n']}) {c['false_warn']:5.1%}"
        )
    print("\ncategory (pooled over held-out writers)   n   without   with")
    for c, v in report["pooled"]["by_category"].items():
        if v["with"] != v["without"] or c not in learned_train.NOT_LEARNED:
            print(f"  {c:<20} {v['n']:>5} {v['without']:>9.1%} {v['with']:>6.1%}")
    for w, r in report["writers"].items():
        print(f"firing when {w} is held out: " + "; ".join(f"{b}: {', '.join(cs)}" for b, cs in r["firing"].items()))
    for row in [*report.get("sweep", []), *({**r, "nn": True} for r in report.get("nn", []))]:
        w, a, g = row["pooled"]["with"], row["pooled"]["alone"], row["gated"]["with"]
        print(
            ("nn    " if row.get("nn") else "")
            + f"gated recall {g['recall']:.1%} fw {g['false_warn']:.1%}; "
            + f"sweep target {row['target']:.2f} clean-rate {row['clean_rate']:.3f}: pooled with recall {w['recall']:.1%} "
            f"fw {w['false_warn']:.1%}; alone recall {a['recall']:.1%} fw {a['false_warn']:.1%}; per writer "
            + " ".join(
                f"{k} {v['with']['recall'] - v['without']['recall']:+.1%}/{v['with']['false_warn'] - v['without']['false_warn']:+.1%}"
                for k, v in row["writers"].items()
            )
        )
    print(f"\nseconds: {report['seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
