"""Shared fixtures: a temporary SQLite database, a seeded campaign, assets with findings, users.

Keep these generic; other test modules may append fixtures below.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Tests draft with the tiny profile (SmolLM2, one small package) or the queued test double, never with the
# CPU default's 1 GB Qwen weights.
os.environ.setdefault("STUDIO_PROFILE", "tiny")

BRIEF = {
    "campaign": "Sommer 2026",
    "brand": "Fjell",
    "product": {"name": "Fjell Trinkflasche", "description": "Isolierte Edelstahlflasche, 0,75 l",
                "facts": ["hält Getränke 24 Stunden kalt", "spülmaschinenfest"],
                "claims": [{"text": "24 Stunden kalt", "evidence": "Labortest 2025-03"}]},
    "key_messages": ["Begleiter für jeden Ausflug", "Plastikfrei unterwegs"],
    "tone": "friendly",
    "locales": ["de-DE", "fr-FR"],
    "assets": [{"kind": "copy", "channel": "meta_feed", "variants": 2},
               {"kind": "video_script", "channel": "tiktok", "duration_s": 15}],
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium (never `playwright install`)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


@pytest.fixture
def brief_data() -> dict:
    import copy

    return copy.deepcopy(BRIEF)


@pytest.fixture
def campaign_id(db_url, brief_data) -> int:
    """A stored campaign with a valid brief (validated through studio.plan.brief.parse_brief)."""
    from studio.plan.brief import parse_brief
    from studio.store.database import session_scope
    from studio.store.tables import Campaign

    brief = parse_brief(brief_data)
    with session_scope(db_url) as s:
        camp = Campaign(name=brief.campaign, brand=brief.brand, brief=brief.model_dump(mode="json"), brief_hash="test")
        s.add(camp)
        s.flush()
        return camp.id


@pytest.fixture
def make_asset(db_url, campaign_id):
    """Factory: store an asset with version 1 and the given findings (hand-made Finding objects);
    ``checks=True`` stores what the real check engine finds instead."""
    from studio.review import records as svc
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    counter = {"n": 0}

    def make(text: str = "", *, locale: str = "de-DE", kind: str = "copy", channel: str = "meta_feed",
             variant: int | None = None, findings=(), checks: bool = False, status: str = "in_review",
             script: dict | None = None, image_prompt: str | None = None, image_path: str | None = None,
             campaign: int | None = None) -> int:
        counter["n"] += 1
        variant = variant or counter["n"]
        with session_scope(db_url) as s:
            asset = Asset(campaign_id=campaign or campaign_id, job_key=f"{locale}/{kind}/{channel}/{variant}",
                          locale=locale, kind=kind, channel=channel, variant=variant, status=status,
                          text=text if kind == "copy" else None, script=script, image_prompt=image_prompt,
                          image_path=image_path)
            s.add(asset)
            s.flush()
            svc.add_version(s, asset, author="model:tiny", reason="generated")
            found = svc.run_checks(asset, svc.brief_of(s, asset)) if checks else list(findings)
            svc.store_findings(s, asset, found)
            return asset.id

    return make


@pytest.fixture
def cheap_hashing(monkeypatch):
    """argon2 with small cost parameters: same code path, milliseconds instead of ~0.3 s per hash."""
    from argon2 import PasswordHasher

    import studio.accounts.users

    monkeypatch.setattr(studio.accounts.users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def users(db_url, cheap_hashing) -> dict:
    """Accounts: a de-DE reviewer, a fr-FR reviewer, a de-DE lead and an admin (password 'secret-pw')."""
    from studio.accounts.users import add_user
    from studio.store.database import session_scope

    spec = {"anna": ("reviewer", ["de-DE"]), "paul": ("reviewer", ["fr-FR"]), "lena": ("lead", ["de-DE"]),
            "root": ("admin", [])}
    with session_scope(db_url) as s:
        for name, (role, locales) in spec.items():
            add_user(s, name, role, locales, "secret-pw")
    return {name: "secret-pw" for name in spec}


class FakeRequest:
    """What the UI handlers read from gr.Request: the signed-in user name."""

    def __init__(self, username: str | None):
        self.username = username


@pytest.fixture
def as_user():
    return FakeRequest


@pytest.fixture
def live_server(db_url):
    """The real app (API + mounted UI) served by uvicorn on a free 127.0.0.1 port in a daemon thread."""
    import socket
    import threading
    import time

    import uvicorn

    from studio.server import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db_url, start_worker=False), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True  # open event streams of the page are cut after timeout_graceful_shutdown
    thread.join(5)


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty result cache (studio.generate.cache): a text one test generated is
    never served to another test that queued a different model answer for the same prompt."""
    monkeypatch.setenv("STUDIO_RESULT_CACHE_DIR", str(tmp_path_factory.mktemp("results")))


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    """Point the settings at an empty models folder (profiles written there by the test)."""
    from studio.core.config import get_settings

    monkeypatch.setenv("STUDIO_MODELS_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    get_settings.cache_clear()
