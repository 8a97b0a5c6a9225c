"""Model time of a video script: written whole (one reply, then the repair round as before) against written
scene by scene (drafting.script_by_scene), the same jobs in one process with the model loaded once, so the
machine's load weighs on both alike. Token counts do not depend on the load; seconds do.

    STUDIO_RESULT_CACHE_DIR=off OMP_WAIT_POLICY=PASSIVE nice -n 10 .venv/bin/python bench/script_cost.py \
        --profile cpu --locales de-DE,ja-JP [--brief examples/campaign.yaml] [--json]

Per way: model calls, prompts, prompt tokens read (of them cached), tokens generated, seconds in model calls
and in the whole run, each per script; and how many scripts passed every gate (bench/quality.py's gates).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlmodel import select  # noqa: E402

from studio.core import timings  # noqa: E402
from studio.generate.gates import script_gates  # noqa: E402
from studio.generate.video_script import Scene, VideoScript  # noqa: E402
from studio.plan.brief import load_brief  # noqa: E402
from studio.runs.pipeline import run_brief  # noqa: E402
from studio.store.database import session_scope  # noqa: E402
from studio.store.tables import Asset  # noqa: E402

WAYS = {"whole": "0", "by_scene": "1"}


def measure(brief_path: str, locales: list[str], profile: str, way: str) -> dict:
    os.environ["STUDIO_SCRIPT_BY_SCENE"] = WAYS[way]
    brief = load_brief(brief_path)
    brief = brief.model_copy(update={"locales": list(dict.fromkeys([*brief.locales, *locales]))})
    db_url = f"sqlite:///{tempfile.mkdtemp(prefix='script-cost-')}/studio.db"
    started = time.perf_counter()
    with timings.recording() as rec:
        run_brief(brief, db_url=db_url, locales=locales, kinds=["video_script"], profile=profile)
    wall = time.perf_counter() - started
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset).where(Asset.kind == "video_script")).all()
        passed = 0
        for a in assets:
            scenes = [Scene(**sc) for sc in (a.script or {}).get("scenes", [])]
            script = VideoScript(scenes=scenes) if scenes else None
            passed += not script_gates(script, a.locale, brief)
        n = len(assets)
    calls = rec.calls
    per = {key: round(sum(getattr(c, key) for c in calls) / n, 1)
           for key in ("prompts", "prompt_tokens", "cached_tokens", "generated_tokens")}
    return {"way": way, "scripts": n, "passed": passed, "model_calls": len(calls),
            "model_s_per_script": round(sum(c.wall_s for c in calls) / n, 1), "wall_s_per_script": round(wall / n, 1),
            **{f"{k}_per_script": v for k, v in per.items()},
            "evaluated_tokens_per_script": round(per["prompt_tokens"] - per["cached_tokens"], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profile", default="cpu")
    ap.add_argument("--locales", default="de-DE,ja-JP")
    ap.add_argument("--brief", default="examples/campaign.yaml")
    ap.add_argument("--ways", default="whole,by_scene", help="comma-separated: whole, by_scene (in this order)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ["STUDIO_DRAFT_ALL_LOCALES"] = "1"
    rows = [measure(args.brief, args.locales.split(","), args.profile, way) for way in args.ways.split(",")]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    keys = [k for k in rows[0] if k != "way"]
    print(f"{'':32}" + "".join(f"{r['way']:>12}" for r in rows))
    for k in keys:
        print(f"{k:32}" + "".join(f"{r[k]:>12}" for r in rows))


if __name__ == "__main__":
    main()
