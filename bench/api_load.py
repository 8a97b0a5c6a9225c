"""Bounded load run of the REST API on 127.0.0.1, with a campaign generating in the background.

uvicorn serves ``studio.api.create_api`` (its worker thread executes the queued run with the real
model profile) while C concurrent httpx clients send a fixed number of GET /v1/assets and POST
/v1/check requests. Prints p50/p99 latency and requests/s per route, on SQLite and, when
DATABASE_URL_TEST is set, on a fresh Postgres database. Target: GET /v1/assets p99 <= 100 ms.

    .venv/bin/python bench/api_load.py [--requests 400] [--clients 20] [--profile tiny] [--no-generate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

CHECK = {"id": "bench", "locale": "de-DE", "kind": "copy", "channel": "instagram",
         "text": "Die beste Trinkflasche der Welt, jetzt 100% gratis testen!"}


def scratch_postgres(server_url: str, prefix: str) -> tuple[str, Callable[[], None]]:
    """A new empty database on the Postgres server of ``server_url`` (DATABASE_URL_TEST), named ``prefix`` and a
    random tail: (its URL, drop), where drop removes it and closes the admin connection. The benches that measure
    Postgres (this one, concurrent_decisions, crash) each run on one and drop it after."""
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server_url.rsplit("/", 1)[0] + "/" + name, drop


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_assets(url: str, n_assets: int, name: str = "Bench Seed") -> list[int]:
    """A campaign of ``n_assets`` de-DE instagram drafts, each with its version; their ids."""
    from studio.plan.brief import load_brief
    from studio.review import records as svc
    from studio.store.database import session_scope
    from studio.store.tables import Asset, Campaign

    brief = load_brief("examples/campaign.yaml")
    ids = []
    with session_scope(url) as s:
        camp = Campaign(name=name, brand="Bench", brief=brief.model_dump(mode="json"), brief_hash=name)
        s.add(camp)
        s.flush()
        for i in range(n_assets):
            a = Asset(campaign_id=camp.id, job_key=f"de-DE/copy/instagram/{i + 1}", locale="de-DE", kind="copy",
                      channel="instagram", variant=i + 1, text=f"Fjell Trinkflasche Nummer {i}.")
            s.add(a)
            s.flush()
            svc.add_version(s, a, author="bench", reason="generated")
            svc.store_findings(s, a, [])
            ids.append(a.id)
    return ids


def seed(url: str, n_assets: int) -> str:
    from studio.accounts.apikeys import create_key
    from studio.store.database import session_scope

    seed_assets(url, n_assets)
    with session_scope(url) as s:
        return create_key(s, "bench", "admin")[1]


def serve(url: str, start_s: float = 60) -> tuple[subprocess.Popen, str]:
    """uvicorn in its own process (as in production), so the load clients do not share its GIL."""
    port = free_port()
    code = ("import uvicorn; from studio.api import create_api; "
            f"uvicorn.run(create_api({url!r}), host='127.0.0.1', port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + start_s
    while time.time() < deadline:
        try:
            if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the API server did not start within {start_s:.0f} s")


async def load(base: str, key: str, route: str, total: int, clients: int) -> dict:
    headers = {"Authorization": f"Bearer {key}"}
    latencies: list[float] = []
    errors = 0
    remaining = iter(range(total))

    async def client(http: httpx.AsyncClient):
        nonlocal errors
        for _ in remaining:
            t0 = time.perf_counter()
            if route == "GET /v1/assets":
                r = await http.get("/v1/assets", params={"limit": 50}, headers=headers)
            else:
                r = await http.post("/v1/check", json=CHECK, headers=headers)
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += r.status_code != 200

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=clients)) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    wall = time.perf_counter() - started
    lat = sorted(latencies)
    return {"route": route, "requests": len(lat), "errors": errors, "rps": round(len(lat) / wall, 1),
            "p50_ms": round(statistics.median(lat), 1), "p99_ms": round(lat[max(0, int(len(lat) * 0.99) - 1)], 1)}


def run_backend(name: str, url: str, args) -> list[dict]:
    from studio.plan.brief import load_brief
    from studio.store.database import get_sql_engine

    get_sql_engine(url)
    key = seed(url, args.assets)
    server, base = serve(url)
    try:
        headers = {"Authorization": f"Bearer {key}"}
        httpx.post(f"{base}/v1/check", json=CHECK, headers=headers, timeout=120)  # load the check engine once
        job = None
        if not args.no_generate:
            brief = load_brief("examples/campaign.yaml").model_dump(mode="json")
            r = httpx.post(f"{base}/v1/campaigns", params={"kinds": "copy", "profile": args.profile}, json=brief,
                           headers=headers, timeout=30)
            job = r.json()["status_url"]
            while httpx.get(base + job, headers=headers).json()["state"] == "queued":
                time.sleep(0.1)
        out = []
        for route in ("GET /v1/assets", "POST /v1/check"):
            result = asyncio.run(load(base, key, route, args.requests, args.clients))
            if job:
                result["job_state_after"] = httpx.get(base + job, headers=headers).json()["state"]
            out.append({"db": name, **result})
            print(json.dumps(out[-1]), flush=True)
        return out
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per route")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--assets", type=int, default=300, help="assets seeded before the run")
    parser.add_argument("--profile", default="tiny", help="model profile of the background campaign")
    parser.add_argument("--no-generate", action="store_true", help="no background campaign")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    run_backend("sqlite", f"sqlite:///{Path(tempfile.mkdtemp(prefix='studio-bench-')) / 'studio.db'}", args)
    pg = os.environ.get("DATABASE_URL_TEST")
    if pg:
        url, drop = scratch_postgres(pg, "studio_bench")
        try:
            run_backend("postgres", url, args)
        finally:
            drop()


if __name__ == "__main__":
    main()
