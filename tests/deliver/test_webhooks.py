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


@pytest.fixture(autouse=True)
def allow_loopback(monkeypatch):
    """The test receivers listen on 127.0.0.1, which the studio refuses unless an operator allows it."""
    from studio.core.config import get_settings

    def allow(value):
        monkeypatch.setenv("STUDIO_WEBHOOK_ALLOW_PRIVATE", value)
        get_settings.cache_clear()

    allow("127.0.0.1")
    yield allow
    get_settings.cache_clear()


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
    assert [(a["attempt"], a["status_code"], a["error"]) for a in log[0]["history"]] == [
        (1, 500, "HTTP 500"), (2, 200, None)]  # every attempt, not only the last

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


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://localhost:9/x", "http://0.0.0.0/x"])
def test_private_loopback_and_link_local_targets_are_refused_by_default(client, keys, allow_loopback, url):
    allow_loopback("")
    r = client.post("/v1/webhooks", json={"url": url, "events": ["asset.approved"]}, headers=auth(keys["admin"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "url"
    assert "STUDIO_WEBHOOK_ALLOW_PRIVATE" in r.json()["fix"]


def test_each_delivery_checks_the_target_again_and_errors_stay_generic(db_url, allow_loopback, monkeypatch):
    monkeypatch.setattr(webhooks, "BACKOFF_S", 0.0)
    with session_scope(db_url) as s:
        closed, _ = webhooks.register(s, "http://127.0.0.1:9/nothing-listens", ["job.failed"], SECRET)
        webhooks.enqueue(s, "job.failed", {"job_id": 7})
    webhooks.deliver_due(db_url)
    with session_scope(db_url) as s:
        [delivery] = webhooks.deliveries(s, closed.id)
        assert delivery.last_error == "connection failed"  # no errno, no "refused" vs "timed out": no port oracle
    allow_loopback("")  # the operator withdraws the allowance: the retry is not sent
    webhooks.deliver_due(db_url)
    with session_scope(db_url) as s:
        [delivery] = webhooks.deliveries(s, closed.id)
        assert delivery.attempts == 2 and delivery.last_error == "target address not allowed"


def test_delivery_connects_to_the_address_it_checked(db_url, receiver, allow_loopback, monkeypatch):
    """DNS rebinding: the name first answers an allowed address, then another one. The delivery uses the
    address it checked (one lookup, pinned); the Host header keeps the name."""
    import socket

    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host == "cms.test":
            lookups.append(host)
            return real("127.0.0.1" if len(lookups) == 1 else "127.0.0.2", *args, **kwargs)
        return real(host, *args, **kwargs)

    allow_loopback("127.0.0.1")  # the allowed address only: 127.0.0.2 is refused
    port = receiver.server.server_port
    receiver.codes.clear()
    with session_scope(db_url) as s:
        hook, _ = webhooks.register(s, f"http://cms.test:{port}/hook", ["job.completed"], SECRET)
        webhooks.enqueue(s, "job.completed", {"job_id": 8})
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    webhooks.deliver_due(db_url)
    with session_scope(db_url) as s:
        assert webhooks.deliveries(s, hook.id)[0].status == "delivered"
    assert lookups == ["cms.test"] and receiver.requests[-1][0]["Host"] == f"cms.test:{port}"


def test_a_deleted_hook_gets_no_more_retries(client, keys, db_url, receiver, monkeypatch):
    monkeypatch.setattr(webhooks, "BACKOFF_S", 0.0)
    r = client.post("/v1/webhooks", json={"url": receiver.url, "events": ["job.failed"]}, headers=auth(keys["admin"]))
    hook_id = r.json()["id"]
    with session_scope(db_url) as s:
        webhooks.enqueue(s, "job.failed", {"job_id": 9})
    webhooks.deliver_due(db_url)  # 500: a retry is due at once
    assert len(receiver.requests) == 1
    assert client.delete(f"/v1/webhooks/{hook_id}", headers=auth(keys["admin"])).status_code == 200
    webhooks.deliver_due(db_url)
    assert len(receiver.requests) == 1
    log = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth(keys["admin"])).json()
    assert log[0]["status"] == "cancelled" and log[0]["attempts"] == 1


def test_idempotent_replay_of_a_registration_never_shows_or_stores_the_secret(client, keys, db_url):
    from sqlmodel import select

    from studio.store.tables import IdempotencyRecord

    body = {"url": "https://cms.example.com/hooks/replay", "events": ["job.completed"]}
    headers = {**auth(keys["admin"]), "Idempotency-Key": "hook-replay-1"}
    first = client.post("/v1/webhooks", json=body, headers=headers)
    secret = first.json()["secret"]
    assert first.status_code == 201 and len(secret) >= 16
    again = client.post("/v1/webhooks", json=body, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and again.json()["secret"] is None
    with session_scope(db_url) as s:
        stored = [r.body for r in s.exec(select(IdempotencyRecord)).all()]
    assert stored and all(secret not in json.dumps(b) for b in stored)


def test_ping_sends_a_signed_event_now_and_answers_with_the_outcome(client, keys, receiver):
    from tests.helpers.api import studio

    cms = studio(client, keys["admin"])
    hook = cms.create_webhook(receiver.url, ["job.completed"], secret=SECRET)
    failed = cms.ping(hook["id"])  # the receiver answers the first request with 500
    assert (failed["event"], failed["last_status_code"], failed["last_error"]) == ("ping", 500, "HTTP 500")
    ok = cms.ping(hook["id"])
    assert ok["status"] == "delivered" and ok["last_status_code"] == 200
    headers, body = receiver.requests[-1]
    assert headers["X-Studio-Event"] == "ping"
    assert webhooks.verify_signature(SECRET, headers["X-Studio-Timestamp"], body, headers["X-Studio-Signature"])
    assert json.loads(body)["data"]["events"] == ["job.completed"]


def test_redeliver_sends_a_past_delivery_again_with_the_same_id(client, keys, db_url, receiver):
    from studio.client import ProblemError
    from tests.helpers.api import studio

    receiver.codes.clear()
    cms = studio(client, keys["admin"])
    hook = cms.create_webhook(receiver.url, ["job.failed"], secret=SECRET)
    with session_scope(db_url) as s:
        webhooks.enqueue(s, "job.failed", {"job_id": 42})
    webhooks.deliver_due(db_url)  # (earlier tests' retries may be due too)
    [past] = cms.deliveries(hook["id"])
    assert past["status"] == "delivered"
    r = client.post(f"/v1/webhooks/{hook['id']}/deliveries/{past['id']}/redeliver", headers=auth(keys["admin"]))
    assert r.status_code == 202 and r.headers["Location"] == f"/v1/webhooks/{hook['id']}/deliveries"
    assert r.json()["status"] == "pending"
    webhooks.deliver_due(db_url)
    assert len(receiver.requests) == 2
    first, again = receiver.requests
    assert first[0]["X-Studio-Delivery"] == again[0]["X-Studio-Delivery"] == str(past["id"])
    assert first[1] == again[1]  # the same event body
    [log] = cms.deliveries(hook["id"])
    assert log["status"] == "delivered" and [a["attempt"] for a in log["history"]] == [1, 2]
    with pytest.raises(ProblemError) as other:
        cms.redeliver(hook["id"] + 1000, past["id"])
    assert other.value.status == 404
    cms.delete_webhook(hook["id"])
    with pytest.raises(ProblemError) as gone:
        cms.ping(hook["id"])
    assert gone.value.status == 409


def test_a_delivery_not_attempted_yet_is_listed(client, keys, db_url):
    with session_scope(db_url) as s:
        hook, _ = webhooks.register(s, "http://127.0.0.1:9/later", ["job.failed"], SECRET)
        webhooks.enqueue(s, "job.failed", {"job_id": 5})
    r = client.get(f"/v1/webhooks/{hook.id}/deliveries", headers=auth(keys["admin"]))
    assert r.status_code == 200 and r.json()[0]["attempts"] == 0 and r.json()[0]["history"] == []
