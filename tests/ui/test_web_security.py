"""The server as a browser (or an attacker's page) meets it: sign-in, sessions, CSRF, CORS, headers.

Drives the real app (API + mounted Gradio UI) in-process through Starlette's TestClient."""

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from studio.accounts import sessions
from studio.core.config import get_settings
from studio.server import create_app
from studio.ui import users_page
from studio.ui.login import COOKIE

EVIL = "https://evil.example"
JOIN = "/ui/gradio_api/queue/join"


@pytest.fixture
def settings_env(monkeypatch):
    """Set STUDIO_* variables for the app the test builds next."""
    def apply(**env):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
    yield apply
    get_settings.cache_clear()


@pytest.fixture
def app(db_url, users):
    get_settings.cache_clear()
    return create_app(db_url, start_worker=False)


def web(app, base="http://studio.example.com"):
    """A client whose Host is not localhost: the set-up behind a proxy that docs/teams.md describes."""
    return TestClient(app, base_url=base, follow_redirects=False)


def sign_in(client, name="root", password="secret-pw"):
    r = client.post("/ui/login", data={"username": name, "password": password})
    assert r.status_code == 200, r.text
    return r


def event(client, **headers):
    """A state-changing call of Gradio's event API (what the UI's buttons send)."""
    return client.post(JOIN, json={"data": [], "fn_index": 0, "session_hash": "x"}, headers=headers)


def test_session_cookie_is_lax_httponly_and_secure_over_tls(app):
    with web(app, "https://studio.example.com") as client:
        cookie = sign_in(client).headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=") and "samesite=lax" in cookie and "httponly" in cookie and "secure" in cookie
    with web(app) as client:  # plain http (a local test server): no Secure flag, or the cookie never comes back
        assert "secure" not in sign_in(client).headers["set-cookie"].lower()


def test_a_page_on_another_origin_cannot_call_the_ui_with_an_admins_cookie(app):
    with web(app) as client:
        sign_in(client)
        for headers in ({"Origin": EVIL}, {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
                        {"Sec-Fetch-Site": "same-site"}):
            refused = event(client, **headers)
            assert refused.status_code == 403, headers
            assert "cross-origin" in refused.json()["detail"]
        # the same call from the UI's own page goes through to Gradio (which then judges the body)
        assert event(client, Origin="http://studio.example.com").status_code != 403
        assert event(client, **{"Sec-Fetch-Site": "same-origin", "Origin": "http://studio.example.com"}).status_code != 403
        # and CORS no longer echoes a foreign Origin with credentials (Gradio's own middleware did)
        pre = client.options(JOIN, headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
        assert pre.headers.get("access-control-allow-origin") != EVIL
        got = client.get("/ui/config", headers={"Origin": EVIL})
        assert got.headers.get("access-control-allow-origin") != EVIL


def test_allowed_origins_setting_admits_a_listed_site(db_url, users, settings_env):
    settings_env(STUDIO_ALLOWED_ORIGINS="https://cms.example.com")
    with web(create_app(db_url, start_worker=False)) as client:
        sign_in(client)
        assert event(client, Origin="https://cms.example.com", **{"Sec-Fetch-Site": "cross-site"}).status_code != 403
        assert event(client, Origin=EVIL).status_code == 403
        pre = client.options(JOIN, headers={"Origin": "https://cms.example.com", "Access-Control-Request-Method": "POST"})
        assert pre.headers["access-control-allow-origin"] == "https://cms.example.com"


def test_logout_is_a_post_and_ends_the_session(app):
    with web(app) as client:
        sign_in(client)
        assert client.get("/ui/config").status_code == 200
        assert client.get("/ui/logout").status_code == 405  # an <img src=/ui/logout> signs nobody out
        assert client.get("/ui/config").status_code == 200
        assert client.post("/ui/logout", headers={"Origin": EVIL}).status_code == 403
        token = client.cookies[COOKIE]
        assert client.post("/ui/logout").status_code == 200
        client.cookies.set(COOKIE, token)  # a copied cookie no longer works either
        assert client.get("/ui/config").status_code == 401


def test_a_browser_without_a_session_gets_the_sign_in_form(app):
    with web(app) as client:
        r = client.get("/ui/", headers={"Accept": "text/html"})
        assert r.status_code == 303 and r.headers["location"] == "/ui/login"
        form = client.get("/ui/login")
        assert form.status_code == 200 and 'name="password"' in form.text
        bad = client.post("/ui/login", data={"username": "root", "password": "nope-nope"}, headers={"Accept": "text/html"})
        assert bad.status_code == 400 and "Incorrect credentials" in bad.text
        ok = client.post("/ui/login", data={"username": "root", "password": "secret-pw"}, headers={"Accept": "text/html"})
        assert ok.status_code == 303 and ok.headers["location"] == "/ui/"
        assert client.get("/ui/", headers={"Accept": "text/html"}).status_code == 200


def test_guessing_one_accounts_password_is_throttled(app):
    with web(app) as client:
        for _ in range(5):
            assert client.post("/ui/login", data={"username": "anna", "password": "guess-1234"}).status_code == 400
        locked = client.post("/ui/login", data={"username": "anna", "password": "secret-pw"})
        assert locked.status_code == 429  # even the right password, until the window passes
        assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
        assert client.post("/ui/login", data={"username": "paul", "password": "secret-pw"}).status_code == 200


def test_spraying_many_accounts_from_one_address_is_throttled(app):
    with web(app) as client:
        for i in range(20):
            assert client.post("/ui/login", data={"username": f"user{i}", "password": "guess-1234"}).status_code == 400
        r = client.post("/ui/login", data={"username": "paul", "password": "secret-pw"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


@pytest.mark.parametrize("change", ["password", "role", "deactivate"])
def test_sessions_end_when_password_role_or_active_changes(app, db_url, as_user, change):
    with web(app) as client:
        sign_in(client, "anna")
        assert client.get("/ui/config").status_code == 200
        if change == "password":
            assert "✓" in users_page.set_password(db_url, "anna", "a-new-long-pass", as_user("root"))
        elif change == "role":
            assert "✓" in users_page.set_role(db_url, "anna", "lead", as_user("root"))[1]
        else:
            assert "✓" in users_page.set_active(db_url, "anna", False, as_user("root"))[1]
        assert client.get("/ui/config").status_code == 401


def test_idle_and_absolute_expiry(db_url, users):
    from studio.accounts.users import get_user
    from studio.store.database import session_scope

    life = sessions.Lifetime(idle=dt.timedelta(minutes=30), absolute=dt.timedelta(hours=8))
    start = dt.datetime.now(dt.UTC)
    with session_scope(db_url) as s:
        token = sessions.create(s, get_user(s, "anna"))
    with session_scope(db_url) as s:  # active every 20 minutes: kept until the absolute limit
        for minutes in range(20, 8 * 60, 20):
            assert sessions.resolve(s, token, life, start + dt.timedelta(minutes=minutes)) is not None
        assert sessions.resolve(s, token, life, start + dt.timedelta(hours=8, minutes=10)) is None
    with session_scope(db_url) as s:
        token = sessions.create(s, get_user(s, "anna"))
    with session_scope(db_url) as s:
        assert sessions.resolve(s, token, life, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)) is None
        assert sessions.resolve(s, token, life) is None  # deleted, not merely refused once


def test_security_headers(app):
    with web(app, "https://studio.example.com") as client:
        for path in ("/v1/health", "/ui/login"):
            r = client.get(path)
            assert r.headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
            assert r.headers["strict-transport-security"].startswith("max-age=")
    with web(app) as client:  # HSTS only on responses that went over TLS
        assert "strict-transport-security" not in client.get("/v1/health").headers


def test_a_failing_ui_event_never_logs_its_inputs(app, capfd, caplog):
    """Gradio prints a failed event's exception, whose message lists the inputs: a password here."""
    with web(app) as client:
        sign_in(client)
        started = client.post("/ui/gradio_api/call/add_user", json={"data": ["mia", "reviewer", "Hunter2-Secret!"]},
                              headers={"Origin": "http://studio.example.com"})
        assert started.status_code == 200, started.text
        streamed = client.get(f"/ui/gradio_api/call/add_user/{started.json()['event_id']}")
        assert "event: error" in streamed.text
    out, err = capfd.readouterr()
    logged = out + err + caplog.text
    assert "ValueError" in logged  # the failure is still logged...
    assert "Hunter2-Secret!" not in logged  # ...without the password


def test_trusted_hosts_setting_refuses_other_host_headers(db_url, users, settings_env):
    settings_env(STUDIO_TRUSTED_HOSTS="studio.example.com")
    app = create_app(db_url, start_worker=False)
    with web(app) as client:
        assert client.get("/v1/health").status_code == 200
    with web(app, "http://rebound.attacker.example") as client:
        assert client.get("/v1/health").status_code == 400
