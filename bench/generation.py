"""Tokens/s of TextGenerator.generate against a bare model.generate, batched against one at a time,
and bf16 against fp32 on CPU, on the real default model (profile tiny).

    .venv/bin/python bench/generation.py [--new-tokens 32] [--prompts 8] [--dtypes bfloat16,float32]

Every run forces the same number of new tokens (min = max), so tokens/s compare like with like.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402

from studio.generate import profiles as models  # noqa: E402
from studio.generate.text import TextGenerator  # noqa: E402


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str


TOPICS = ["fresh coffee", "running shoes", "a city bike", "green tea", "a summer sale", "noise-cancelling headphones",
          "a family car", "sunscreen"]


def prompts(n: int) -> list[Prompt]:
    return [Prompt("You are a copywriter. Write one short, upbeat ad.", f"Write ad copy for {TOPICS[i % len(TOPICS)]}.")
            for i in range(n)]


def bare(gen: TextGenerator, ps: list[Prompt], new: int) -> float:
    """model.generate one prompt at a time, greedy, with the templated prompts tokenised up front."""
    tok = gen.tokenizer
    encoded = [tok([gen.render(p)], return_tensors="pt", add_special_tokens=False) for p in ps]
    t0 = time.perf_counter()
    with torch.inference_mode():
        for enc in encoded:
            gen.model.generate(**enc, max_new_tokens=new, min_new_tokens=new, do_sample=False,
                               pad_token_id=tok.pad_token_id)
    return time.perf_counter() - t0


def wrapped(gen: TextGenerator, ps: list[Prompt], new: int, batch: int) -> tuple[float, list[str]]:
    t0 = time.perf_counter()
    out = gen.generate(ps, max_new_tokens=new, min_new_tokens=new, temperature=0, batch_size=batch)
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--new-tokens", type=int, default=32)
    ap.add_argument("--prompts", type=int, default=8)
    ap.add_argument("--dtypes", default="bfloat16,float32")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    spec = models.load_profile("tiny").require("text")
    ps = prompts(args.prompts)
    tokens = args.prompts * args.new_tokens
    device = models.pick_device()
    print(f"model {spec.name} on {device}, {torch.get_num_threads()} threads; {args.prompts} prompts x "
          f"{args.new_tokens} new tokens (greedy)")
    for dtype in args.dtypes.split(","):
        os.environ["STUDIO_DTYPE"] = dtype
        t0 = time.perf_counter()
        gen = TextGenerator.from_spec(spec, device=device)
        load_s = time.perf_counter() - t0
        wrapped(gen, ps[:1], 4, 1)  # warm-up
        b = bare(gen, ps, args.new_tokens)
        w, _ = wrapped(gen, ps, args.new_tokens, 1)
        batched, out = wrapped(gen, ps, args.new_tokens, args.prompts)
        print(f"\n[{dtype}] load {load_s:.1f} s")
        print(f"  bare model.generate, 1 at a time   {tokens / b:7.1f} tok/s")
        print(f"  TextGenerator, 1 at a time         {tokens / w:7.1f} tok/s  (overhead {100 * (w - b) / b:+.1f}%)")
        print(f"  TextGenerator, batch {args.prompts:<2}            {tokens / batched:7.1f} tok/s  "
              f"({b / batched:.1f}x one at a time)")
        print(f"  sample: {out[0][:160]!r}")
        models.unload(spec)
    os.environ.pop("STUDIO_DTYPE", None)


if __name__ == "__main__":
    main()
