"""Shared fixtures for the API tests (imported by test_api_*.py, test_webhooks.py, test_postgres.py).

``db_url`` is parametrised over SQLite and, when DATABASE_URL_TEST is set, a real Postgres: each test
module gets its own fresh database on that server (created here, dropped after)."""

from __future__ import annotations

import os
import uuid

import pytest
from fastapi.testclient import TestClient

from studio.accounts.apikeys import create_key
from studio.checks.finding import Finding
from studio.plan.brief import load_brief
from studio.review import records as svc
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import Asset, Campaign

PG = os.environ.get("DATABASE_URL_TEST")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not PG, reason="set DATABASE_URL_TEST (scripts/pg start) to run against Postgres")])]
BLOCK = Finding(rule="test.block", category="absolute_claim", severity="block", start=4, end=9,
                message="absolute claim needs proof", suggestion='Use "gute"')
WARN = Finding(rule="test.warn", category="price", severity="warn", message="price format")


def fresh_postgres() -> tuple[str, callable]:
    """A new empty database on the DATABASE_URL_TEST server; returns (url, drop)."""
    from sqlalchemy import create_engine, text

    name = f"studio_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG.rsplit("/", 1)[0] + "/" + name

    def drop():
        get_sql_engine(url).dispose()
        get_sql_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def make_db(kind: str, folder) -> tuple[str, callable]:
    if kind == "postgres":
        return fresh_postgres()
    return f"sqlite:///{folder / 'studio.db'}", lambda: None


@pytest.fixture(scope="module", params=BACKENDS)
def db_url(request, tmp_path_factory):
    url, drop = make_db(request.param, tmp_path_factory.mktemp("db"))
    yield url
    drop()


@pytest.fixture(scope="module")
def client(db_url):
    from studio.api import create_api

    with TestClient(create_api(db_url, start_worker=False)) as c:
        yield c


@pytest.fixture(scope="module")
def keys(db_url):
    """One key per scope, plus a revoked one: {"read": "sk_...", ...}."""
    from studio.accounts.apikeys import revoke

    out = {}
    with session_scope(db_url) as s:
        for scopes in ("read", "write", "review", "admin"):
            out[scopes] = create_key(s, f"test-{scopes}", scopes)[1]
        row, out["revoked"] = create_key(s, "test-revoked", "admin")
        revoke(s, row.id)
    return out


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def seed_campaign(db_url: str, name: str = "Fjell Summer Launch") -> int:
    brief = load_brief("examples/campaign.yaml").model_copy(update={"campaign": name})
    with session_scope(db_url) as s:
        camp = Campaign(name=brief.campaign, brand=brief.brand, brief=brief.model_dump(mode="json"), brief_hash=name)
        s.add(camp)
        s.flush()
        return camp.id


def seed_asset(db_url: str, campaign_id: int, *, locale="de-DE", kind="copy", channel="instagram", variant=1,
               text="Die beste Trinkflasche von Fjell.", findings=(), image_path=None, script=None) -> int:
    """An asset as the pipeline stores it (version 1, findings, audit), without running a model."""
    with session_scope(db_url) as s:
        asset = Asset(campaign_id=campaign_id, job_key=f"{locale}/{kind}/{channel}/{variant}", locale=locale,
                      kind=kind, channel=channel, variant=variant, text=text if kind == "copy" else None,
                      image_prompt=text if kind == "image" else None, image_path=image_path, script=script)
        s.add(asset)
        s.flush()
        svc.add_version(s, asset, author="model:tiny", reason="generated")
        svc.store_findings(s, asset, list(findings))
        svc.audit(s, "model:tiny", "generate", "asset", asset.id, None, svc.snapshot(asset))
        return asset.id


def studio(client, key: str):
    """The CMS team's client (studio.client) over the in-process test app."""
    from studio.client import StudioClient

    return StudioClient(api_key=key, http=client)
