"""Lost updates under concurrent review (issue 12 item 1), measured through the REST API.

uvicorn serves ``studio.api.create_api`` on 127.0.0.1; per round, N httpx clients (two review API keys,
alternating) POST a decision on one asset, all naming the version they read. With compare-and-set
exactly one request per round may succeed (200); the rest must get 409, and the stored decisions must
equal the acknowledged ones. SQLite, and Postgres when DATABASE_URL_TEST is set.

    .venv/bin/python bench/concurrent_decisions.py [--rounds 5] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from api_load import scratch_postgres, seed_assets, serve  # noqa: E402


def seed(url: str, rounds: int) -> tuple[list[int], list[str]]:
    """One fresh draft per round and two reviewers' keys."""
    from studio.accounts.apikeys import create_key
    from studio.store.database import get_sql_engine, session_scope

    get_sql_engine(url)
    ids = seed_assets(url, rounds, "Bench CAS")
    with session_scope(url) as s:
        keys = [create_key(s, f"reviewer-{k}", "review,read")[1] for k in ("a", "b")]
    return ids, keys


async def round_(base: str, asset_id: int, keys: list[str], clients: int) -> Counter:
    async def one(i: int, http: httpx.AsyncClient) -> int:
        body = ({"action": "approve", "version": 1} if i % 2 else
                {"action": "reject", "version": 1, "reason": f"client {i} says no"})
        r = await http.post(f"/v1/assets/{asset_id}/decision", json=body,
                            headers={"Authorization": f"Bearer {keys[i % 2]}"})
        return r.status_code

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=clients)) as http:
        codes = await asyncio.gather(*(one(i, http) for i in range(clients)))
    return Counter(codes)


def run_backend(name: str, url: str, rounds: int, clients: int) -> None:
    from sqlmodel import func, select

    from studio.store.database import session_scope
    from studio.store.tables import ReviewDecision

    ids, keys = seed(url, rounds)
    server, base = serve(url)
    try:
        for n, asset_id in enumerate(ids, 1):
            codes = asyncio.run(round_(base, asset_id, keys, clients))
            with session_scope(url) as s:
                stored = s.exec(select(func.count()).select_from(ReviewDecision)
                                .where(ReviewDecision.asset_id == asset_id)).one()
            print(json.dumps({"db": name, "round": n, "clients": clients, "ok_200": codes.get(200, 0),
                              "conflict_409": codes.get(409, 0),
                              "other": {k: v for k, v in codes.items() if k not in (200, 409)},
                              "decisions_stored": stored}), flush=True)
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    run_backend("sqlite", f"sqlite:///{Path(tempfile.mkdtemp(prefix='studio-bench-')) / 'studio.db'}",
                args.rounds, args.clients)
    pg = os.environ.get("DATABASE_URL_TEST")
    if pg:
        url, drop = scratch_postgres(pg, "studio_bench")
        try:
            run_backend("postgres", url, args.rounds, args.clients)
        finally:
            drop()


if __name__ == "__main__":
    main()
