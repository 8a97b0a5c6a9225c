"""Measure the per-draft budgets of the check engine on hostile input (issue #12, item 6).

    .venv/bin/python bench/check_budget.py [--locale de-DE] [--sizes 50000,10000000]

For each size, one draft of distinct German sentences (each with a "Testsieger") goes through the
shipped packs of the locale (theme layer included) via ``CheckEngine.check``: seconds, number of
findings, and the ``studio.budget`` finding's message. Then a catastrophic rule pattern is loaded
to show it is refused (before the guard: ``(a+)+$`` loaded and took 0.6 s on 22 characters,
doubling per character).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDIO_EMBED_THREADS", "1")

from studio.checks.asset import CheckInput  # noqa: E402
from studio.checks.engine import CheckEngine  # noqa: E402
from studio.core.config import get_settings  # noqa: E402
from studio.core.errors import RuleError  # noqa: E402

FILLER = "Unsere neue Kollektion ist da, leichte Stoffe für jeden Tag. Der Testsieger, jetzt gratis testen! "


def draft(size: int) -> str:
    """Distinct sentences (numbered), so the embedding cache cannot hide the theme layer's cost."""
    parts, n, total = [], 0, 0
    while total < size:
        part = f"{FILLER[:-2]} Nr. {n}! "
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts)[:size]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--locale", default="de-DE")
    ap.add_argument("--sizes", default="50000,10000000")
    args = ap.parse_args()
    t = time.perf_counter()
    engine = CheckEngine.from_dir(get_settings().rules_dir)
    print(f"load: {time.perf_counter() - t:.1f} s; budget {getattr(engine, 'budget', 'none (before #12.6)')}")
    warm = CheckInput(id="warm", locale=args.locale, kind="copy", text=FILLER)
    t = time.perf_counter()
    engine.check(warm)  # loads the embedding model and calibrates theme rules once
    print(f"warm-up check (model load, calibration): {time.perf_counter() - t:.1f} s")
    for size in (int(s) for s in args.sizes.split(",")):
        text = draft(size)
        item = CheckInput(id=f"n{size}", locale=args.locale, kind="video_script", text=text)
        t = time.perf_counter()
        found = engine.check(item)
        took = time.perf_counter() - t
        budget = [f for f in found if f.rule == "studio.budget"]
        print(f"{size:>10,} chars: {took:6.2f} s, {len(found):5} findings; "
              f"budget: {budget[0].severity + ': ' + budget[0].message if budget else 'none'}")
    root = Path(tempfile.mkdtemp()) / "rules"
    (root / "global").mkdir(parents=True)
    (root / "global" / "categories.yaml").write_text(
        (get_settings().rules_dir / "global" / "categories.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "global" / "p.yaml").write_text(
        "pack: global\nrules:\n  - id: g.bad\n    type: pattern\n    category: price\n    severity: warn\n"
        "    message: m\n    source: {name: s}\n    patterns: ['(a+)+$']\n", encoding="utf-8")
    t = time.perf_counter()
    try:
        CheckEngine.from_dir(root)
        print("(a+)+$ loaded: NOT refused")
    except RuleError as exc:
        print(f"(a+)+$ refused at load in {time.perf_counter() - t:.3f} s: {str(exc).splitlines()[1]}")


if __name__ == "__main__":
    main()
