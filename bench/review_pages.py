"""Server time of the review pages with many assets in SQLite.

    .venv/bin/python bench/review_pages.py [--assets 100000] [--runs 40] [--db /tmp/bench.db]

Seeds N assets as campaigns of 240 (6 locales x 4 channels x 10 variants; bulk inserts, a finding on
3 of 5 assets), then times the
queue page handler (filters, counts, one page) and the asset page handler as Gradio calls them.
Prints median and p99 in milliseconds. Target: queue page <= 300 ms at 100k assets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

LOCALES = ["de-DE", "fr-FR", "ja-JP", "es-ES", "it-IT", "pt-BR"]
CHANNELS = ["meta_feed", "instagram", "google_ads_headline", "x"]
STATUSES = ["in_review"] * 6 + ["approved", "rejected", "changes_requested", "generated"]
BRIEF = {"campaign": "Bench", "brand": "Fjell", "product": {"name": "Flasche", "facts": ["24 h kalt"]},
         "key_messages": ["Unterwegs"], "locales": LOCALES,
         "assets": [{"kind": "copy", "channel": c, "variants": 10} for c in CHANNELS]}


class _Request:
    def __init__(self, username):
        self.username = username


def seed(db_url: str, n: int) -> None:
    from sqlalchemy import insert

    from studio.accounts.users import _HASHER
    from studio.plan.brief import parse_brief
    from studio.store.database import get_sql_engine
    from studio.store.tables import Asset, AssetVersion, Campaign, FindingRow, User

    engine = get_sql_engine(db_url)
    brief = parse_brief(BRIEF).model_dump(mode="json")
    rnd = random.Random(1)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        per = len(LOCALES) * len(CHANNELS) * 10
        conn.execute(insert(Campaign), [{"name": f"Bench {c}", "brand": "Fjell", "brief": brief, "brief_hash": "b",
                                         "created_at": now, "updated_at": now} for c in range(1, n // per + 2)])
        conn.execute(insert(User), [{"name": "anna", "role": "reviewer", "locales": ["de-DE"],
                                     "password_hash": _HASHER.hash("bench-password"), "active": True,
                                     "created_at": now}])
        batch, versions, findings = [], [], []
        for i in range(1, n + 1):
            sev = rnd.choice([None, None, "info", "warn", "block"])
            rank = {"block": 0, "warn": 1, "info": 2}.get(sev, 3)
            created = now - dt.timedelta(seconds=n - i)
            text = f"Entwurf {i}: Die Fjell Flasche hält Getränke 24 Stunden kalt – perfekt für unterwegs."
            batch.append({"campaign_id": i // per + 1, "job_key": f"k/{i}", "locale": LOCALES[i % len(LOCALES)],
                          "kind": "copy", "channel": CHANNELS[i % len(CHANNELS)], "variant": (i // 24) % 10 + 1,
                          "status": rnd.choice(STATUSES),
                          "version": 1, "text": text, "worst_severity": sev, "severity_rank": rank,
                          "created_at": created, "updated_at": created})
            versions.append({"asset_id": i, "version": 1, "text": text, "author": "model:tiny", "reason": "generated",
                             "created_at": created})
            if sev:
                findings.append({"asset_id": i, "version": 1, "rule": f"bench.{sev}", "category": "absolute_claim",
                                 "severity": sev, "start": 0, "end": 7, "message": "bench finding", "waived": False})
            if len(batch) == 10_000:
                conn.execute(insert(Asset), batch)
                conn.execute(insert(AssetVersion), versions)
                if findings:
                    conn.execute(insert(FindingRow), findings)
                batch, versions, findings = [], [], []
        if batch:
            conn.execute(insert(Asset), batch)
            conn.execute(insert(AssetVersion), versions)
            if findings:
                conn.execute(insert(FindingRow), findings)
        conn.exec_driver_sql("ANALYZE")


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm caches (engine, locale profiles, channel table)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(round(0.99 * (len(samples) - 1))))]
    return statistics.median(samples), p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.mkdtemp()) / "bench.db")
    if path.exists():
        path.unlink()
    db_url = f"sqlite:///{path}"
    start = time.perf_counter()
    seed(db_url, args.assets)
    print(f"seeded {args.assets} assets in {time.perf_counter() - start:.1f} s ({path})")

    from studio.ui import asset_page, queue_page

    anna = _Request("anna")
    some_de = [i for i in range(1, args.assets + 1) if i % len(LOCALES) == 0][: args.runs]
    cases = {
        "queue page (in_review, all filters open)": lambda: queue_page.load_queue(
            db_url, "any", "any", "any", "any", "in_review", "any", 1, anna),
        "queue page (any status, page 50)": lambda: queue_page.load_queue(
            db_url, "any", "any", "any", "any", "any", "any", 50, anna),
        "queue page (channel + block filter)": lambda: queue_page.load_queue(
            db_url, "1", "de-DE", "copy", "meta_feed", "in_review", "block", 1, anna),
    }
    it = iter(some_de * 10)
    cases["asset page (open_asset)"] = lambda: asset_page.open_asset(db_url, next(it), anna)
    print(f"{'handler':45} {'median ms':>10} {'p99 ms':>8}")
    for name, fn in cases.items():
        med, p99 = timed(fn, args.runs)
        print(f"{name:45} {med:10.1f} {p99:8.1f}")


if __name__ == "__main__":
    main()
