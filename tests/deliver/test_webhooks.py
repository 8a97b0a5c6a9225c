"""Webhooks as a CMS receives them: signed, retried after a failure, de-duplicable, logged."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio.deliver import webhooks
from studio.store.database import session_scope
from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401

SECRET = "a-long-random-shared-secret"


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that records each request and answers with queued status codes."""

    def __init__(self, codes=()):
        self.codes, self.requests = list(codes), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                self.send_response(outer.codes.pop(0) if outer.codes else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver(codes=[500])  # the first delivery fails, later ones succeed
    yield r
    r.close()


def test_registration_validates_url_events_and_scope(client, keys):
    body = {"url": "ftp://cms.example.com/x", "events": ["asset.approved"], "secret": SECRET}
    r = client.post("/v1/webhooks", json=body, headers=auth(keys["admin"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "url"
    r = client.post("/v1/webhooks", json={**body, "url": "https://cms.example.com/x", "events": ["asset.deleted"]},
                    headers=auth(keys["admin"]))
    assert r.status_code == 422 and "asset.approved" in r.json()["fix"]
    r = client.post("/v1/webhooks", json={**body, "url": "https://cms.example.com/x"}, headers=auth(keys["write"]))
    assert r.status_code == 403


def test_approval_is_delivered_signed_and_retried_after_a_500(client, keys, db_url, receiver, monkeypatch):
    monkeypatch.setattr(webhooks, "BACKOFF_S", 0.0)  # the retry is due at once
    r = client.post("/v1/webhooks", json={"url": receiver.url, "events": ["asset.approved"], "secret": SECRET},
                    headers=auth(keys["admin"]))
    assert r.status_code == 201 and r.json()["secret"] == SECRET
    hook_id = r.json()["id"]
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Hook Launch"), locale="de-DE")
    r = client.post(f"/v1/assets/{asset_id}/decision", json={"action": "approve", "version": 1},
                    headers=auth(keys["review"]))
    assert r.status_code == 200

    assert webhooks.deliver_due(db_url) == 1  # receiver answers 500
    log = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth(keys["admin"])).json()
    assert log[0]["status"] == "pending" and log[0]["attempts"] == 1 and log[0]["last_status_code"] == 500
    assert webhooks.deliver_due(db_url) == 1  # retried: 200
    assert webhooks.deliver_due(db_url) == 0  # nothing left
    log = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth(keys["admin"])).json()
    assert log[0]["status"] == "delivered" and log[0]["attempts"] == 2

    assert len(receiver.requests) == 2
    (h1, b1), (h2, b2) = receiver.requests
    assert h1["X-Studio-Delivery"] == h2["X-Studio-Delivery"]  # same id: the receiver can de-duplicate
    for headers, body in receiver.requests:
        assert headers["X-Studio-Event"] == "asset.approved"
        assert webhooks.verify_signature(SECRET, headers["X-Studio-Timestamp"], body, headers["X-Studio-Signature"])
        assert not webhooks.verify_signature("wrong-secret-wrong", headers["X-Studio-Timestamp"], body,
                                             headers["X-Studio-Signature"])
    event = json.loads(b2)
    assert event["event"] == "asset.approved" and event["data"]["asset_id"] == asset_id


def test_a_receiver_that_keeps_failing_is_given_up_after_max_attempts(db_url, monkeypatch):
    monkeypatch.setattr(webhooks, "BACKOFF_S", 0.0)
    monkeypatch.setattr(webhooks, "MAX_ATTEMPTS", 3)
    down = Receiver(codes=[503] * 10)
    try:
        with session_scope(db_url) as s:
            hook, _ = webhooks.register(s, down.url, ["job.failed"], SECRET)
            webhooks.enqueue(s, "job.failed", {"job_id": 1})
            hook_id = hook.id
        for _ in range(5):
            webhooks.deliver_due(db_url)
        with session_scope(db_url) as s:
            [delivery] = webhooks.deliveries(s, hook_id)
            assert delivery.status == "failed" and delivery.attempts == 3
        assert len(down.requests) == 3
    finally:
        down.close()


def test_events_are_enqueued_only_with_the_committed_change(db_url):
    with session_scope(db_url) as s:
        webhooks.register(s, "http://127.0.0.1:9/never", ["job.completed"], SECRET)
    with pytest.raises(RuntimeError):
        with session_scope(db_url) as s:
            webhooks.enqueue(s, "job.completed", {"job_id": 99})
            raise RuntimeError("the run's commit failed")
    with session_scope(db_url) as s:
        from sqlmodel import select

        from studio.store.tables import WebhookDelivery

        assert not [d for d in s.exec(select(WebhookDelivery)).all() if d.payload.get("job_id") == 99]


def test_list_and_deactivate(client, keys):
    hooks = client.get("/v1/webhooks", headers=auth(keys["admin"])).json()
    assert hooks and all("secret" not in h or h["secret"] is None for h in hooks)
    r = client.delete(f"/v1/webhooks/{hooks[0]['id']}", headers=auth(keys["admin"]))
    assert r.status_code == 200 and r.json()["active"] is False
    assert client.get("/v1/webhooks/99999/deliveries", headers=auth(keys["admin"])).status_code == 404
