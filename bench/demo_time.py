"""Where `make demo`'s generation time goes, and before/after: phases, model calls, prompts and tokens of one
or two `studio generate --timings` recordings (issue 10: `make demo` in <= 10 minutes on 2 cores).

    STUDIO_RESULT_CACHE_DIR=off studio generate examples/campaign.yaml --db /tmp/d.db --timings after.json
    .venv/bin/python bench/demo_time.py after.json                  # one run
    .venv/bin/python bench/demo_time.py before.json after.json      # side by side

Token and call counts do not depend on the machine's load; wall seconds do (quote `uptime` with them), CPU seconds
(``cpu_s``, recordings since studio.core.timings counted them) far less: compare a change in them and in tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

COUNTS = ("calls", "prompts", "prompt_tokens", "cached_tokens", "generated_tokens", "stopped")


def load(path: str) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"{path}: not a timings file ({exc}); write one with `studio generate BRIEF --timings {path}`")
    if not isinstance(doc, dict) or "phases" not in doc:
        sys.exit(f"{path}: no 'phases' in it; write one with `studio generate BRIEF --timings {path}`")
    return doc


def rows(doc: dict) -> dict[str, dict]:
    out = {name: dict(row) for name, row in doc["phases"].items()}
    out["other"] = {"seconds": doc.get("unaccounted_s", 0.0)}
    out["TOTAL"] = {"seconds": doc["wall_s"], **({"cpu_s": doc["cpu_s"]} if "cpu_s" in doc else {}),
                    "calls": doc.get("model_calls", 0),
                    **{k: doc.get(k, 0) for k in COUNTS[1:]}}
    return out


def table(docs: list[dict], names: list[str]) -> str:
    per = [rows(d) for d in docs]
    phases = list(dict.fromkeys(p for r in per for p in r if p not in ("other", "TOTAL"))) + ["other", "TOTAL"]
    cols = ("seconds", "cpu_s", *COUNTS)
    head = f"{'phase':28}" + "".join(f"{c[:9]:>{12 * len(docs)}}" for c in cols)
    sub = f"{'':28}" + "".join("".join(f"{n[:11]:>12}" for n in names) for _ in cols)
    lines = [head, sub] if len(docs) > 1 else [head]
    for phase in phases:
        cells = []
        for col in cols:
            for r in per:
                v = r.get(phase, {}).get(col, "")
                cells.append(f"{v:>12.1f}" if isinstance(v, float) else f"{v!s:>12}")
        lines.append(f"{phase[:28]:28}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("timings", nargs="+", help="one or two files written by `studio generate --timings`")
    args = ap.parse_args(argv)
    if len(args.timings) > 2:
        ap.error("give one recording, or two to compare (before after)")
    docs = [load(p) for p in args.timings]
    print(table(docs, [Path(p).stem for p in args.timings]))


if __name__ == "__main__":
    main()
