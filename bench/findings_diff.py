"""Every finding of a tree's check engine on the open corpora, dumped to JSON, and two dumps compared.

A refactor that says "behaviour identical" proves it here: dump with the tree before, dump with the tree after
(each run imports the ``studio`` of the checkout it runs from: ``PYTHONPATH=<checkout>``), compare.

    PYTHONPATH=BEFORE nice -n 19 .venv/bin/python bench/findings_diff.py dump before.json [--learned DIR]
    PYTHONPATH=AFTER  nice -n 19 .venv/bin/python bench/findings_diff.py dump after.json  [--learned DIR]
    .venv/bin/python bench/findings_diff.py compare before.json after.json

Every layer is on: the rule packs, the built-in checks, theme rules, the concept layer and the learned layer.
The concept layer calibrates its indexes in the run (its on-disk cache is not read, so the calibration code runs
too), and the learned layer is trained in the run by the tree's own ``learned_train`` into ``--learned`` (a new
folder under the cache when not given; a folder that already holds a model is read as it is). The drafts are
every open part of the corpora (``studio.checks.corpora.open_parts``: the tuning corpus tests/corpus/*.jsonl,
blind's dev half, apart, apart2, the look halves): no withheld half, fresh or an unlisted corpus is read.
A finding is compared field by field (rule, category, severity, span, message, suggestion, source) and its
concept margin bit for bit (``float.hex``); where the two dumps trained their own learned models, the two model
files are compared too (manifest and every array). ``compare`` prints the counts and the first differences; exit 1
on any.

Measured for refactor52 (2026-12-06; register.py, calibration.py, learned.py and concepts.py split), edcc23b before,
b739fef after: 9,711 drafts, 10,735 findings each (903 with a margin, 854 concept, 21 learned), 0 drafts differ;
the two learned models identical. Each dump took about 8-9 min of CPU (about an hour of wall time, 3,849 s and
3,648 s, on the shared 2-core machine at load 9-11), the learned layer's training included.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from studio.checks.corpora import DIRS, load_corpus, open_parts
from studio.checks.engine import CheckEngine
from studio.checks.finding import Finding
from studio.core.config import get_settings


def _row(f: Finding) -> dict[str, Any]:
    row = f.model_dump()
    row["margin"] = None if f.margin is None else float(f.margin).hex()
    return row


def _engine(learned_dir: Path) -> CheckEngine:
    """Every layer on; the concept layer calibrates afresh, the learned layer is trained here if absent."""
    from studio.checks import learned, learned_model, learned_train

    settings = get_settings()
    if not (learned_dir / learned_model.MODEL_JSON).exists():
        learned_train.main(["--out", str(learned_dir)])
    engine = CheckEngine.from_dir(settings.rules_dir, cache_dir=settings.cache_dir / "rules", learned=False)
    if engine.concepts is None or engine.theme is None:
        raise SystemExit("the concept or theme layer is off here: install the embedding packages")
    engine.concepts.cache_dir = None  # calibrate in this run rather than read an index another tree calibrated
    engine.concepts._indexes.clear()
    engine.learned = learned_model.load(learned_dir, learned.market_categories(engine), embedder=engine.concepts.embedder)
    return engine


def dump(out: Path, learned_dir: Path | None) -> int:
    if learned_dir is None:
        learned_dir = Path(tempfile.mkdtemp(prefix="learned-", dir=get_settings().cache_dir))
    t = time.perf_counter()
    engine = _engine(learned_dir)
    drafts: dict[str, Any] = {}
    for corpus, part in open_parts():
        items = load_corpus(DIRS[corpus], split=part, corpus=corpus)
        found = engine.check_many([it.input for it in items])
        for it, fs in zip(items, found):
            drafts[f"{corpus}/{it.where}"] = {"id": it.input.id, "findings": [_row(f) for f in fs]}
        print(f"{corpus} ({part}): {len(items)} drafts, {sum(map(len, found))} findings", file=sys.stderr)
    out.write_text(json.dumps({"learned": str(learned_dir), "drafts": drafts}, ensure_ascii=False, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{len(drafts)} drafts, {sum(len(d['findings']) for d in drafts.values())} findings -> {out} "
          f"({time.perf_counter() - t:.0f} s)")
    return 0


def _models_differ(left: Path, right: Path) -> list[str]:
    """What differs between two learned model files (manifest, then every array exactly); [] when they match."""
    import numpy as np

    from studio.checks.learned_model import MODEL_JSON, MODEL_NPZ

    out = []
    # The weights' sha256 is the zip's, whose entries carry the time they were written: the arrays are compared.
    manifests = [{k: v for k, v in json.loads((m / MODEL_JSON).read_text()).items() if k != "weights_sha256"}
                 for m in (left, right)]
    if manifests[0] != manifests[1]:
        out.append(MODEL_JSON)
    a, b = np.load(left / MODEL_NPZ), np.load(right / MODEL_NPZ)
    out += [k for k in sorted(set(a.files) | set(b.files)) if k not in a.files or k not in b.files
            or a[k].dtype != b[k].dtype or not np.array_equal(a[k], b[k])]
    return out


def compare(a: Path, b: Path, show: int = 20) -> int:
    dumps = [json.loads(p.read_text(encoding="utf-8")) for p in (a, b)]
    left, right = (d["drafts"] for d in dumps)
    models = [Path(d["learned"]) for d in dumps]
    if models[0] != models[1] and all(m.is_dir() for m in models):
        differ_in = _models_differ(*models)
        print(f"learned models {models[0]} and {models[1]}: " + (f"differ in {differ_in}" if differ_in else "identical"))
        if differ_in:
            return 1
    differ = [k for k in sorted(left.keys() | right.keys()) if left.get(k) != right.get(k)]
    n_left = sum(len(d["findings"]) for d in left.values())
    n_right = sum(len(d["findings"]) for d in right.values())
    margins = sum(f["margin"] is not None for d in left.values() for f in d["findings"])
    print(f"{a}: {len(left)} drafts, {n_left} findings ({margins} with a margin); "
          f"{b}: {len(right)} drafts, {n_right} findings; {len(differ)} drafts differ")
    for k in differ[:show]:
        print(f"  {k}\n    {a.name}: {left.get(k)}\n    {b.name}: {right.get(k)}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="every finding of this tree's engine on the open corpora, to JSON")
    d.add_argument("out", type=Path)
    d.add_argument("--learned", type=Path, default=None, help="the learned model's folder (trained there if empty)")
    c = sub.add_parser("compare", help="two dumps, finding by finding; exit 1 on any difference")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        return dump(args.out, args.learned)
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
