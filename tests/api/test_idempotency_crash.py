"""A server killed (kill -9) while it works on a request with an Idempotency-Key leaves the key reserved
with no answer. The client's retry with the same key must not be refused ("still being processed")
forever: once the reservation is older than any request runs, the retry takes it over and is answered
(issue 12, bench/crash.py)."""

import datetime as dt
import hashlib
import json

from sqlmodel import select

from studio.accounts.apikeys import verify
from studio.api.schemas import DecisionIn
from studio.store.database import session_scope
from studio.store.tables import IdempotencyRecord, ReviewDecision, utcnow
from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401


def left_by_a_dead_server(db_url, key: str, api_key: str, asset_id: int, body: dict, age_s: float) -> None:
    """The reservation row the server wrote before it died (what idempotent() stores first)."""
    payload = {"asset_id": asset_id, "if_match": None, **DecisionIn(**body).model_dump()}  # as the route digests it
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    with session_scope(db_url) as s:
        principal = verify(s, api_key)
        s.add(IdempotencyRecord(key=key, scope=f"{principal.key_id}:POST:/v1/assets/{asset_id}/decision",
                                status_code=0, body={"request_sha256": digest},
                                created_at=utcnow() - dt.timedelta(seconds=age_s)))


def test_a_retry_after_the_server_died_mid_request_is_answered_once(client, keys, db_url, monkeypatch):
    monkeypatch.setenv("STUDIO_IDEMPOTENCY_STALE_S", "60")
    asset = seed_asset(db_url, seed_campaign(db_url, "Crash retry"), locale="fr-FR", text="Fjell, partout.")
    body = {"action": "approve", "version": 1}
    left_by_a_dead_server(db_url, "retry-after-crash", keys["review"], asset, body, age_s=120)
    headers = {**auth(keys["review"]), "Idempotency-Key": "retry-after-crash"}

    retry = client.post(f"/v1/assets/{asset}/decision", json=body, headers=headers)
    assert retry.status_code == 200, retry.text  # before the fix: 409 "still being processed", for ever
    again = client.post(f"/v1/assets/{asset}/decision", json=body, headers=headers)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    with session_scope(db_url) as s:
        assert len(s.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset)).all()) == 1


def test_a_request_still_in_flight_keeps_its_key(client, keys, db_url, monkeypatch):
    monkeypatch.setenv("STUDIO_IDEMPOTENCY_STALE_S", "60")
    asset = seed_asset(db_url, seed_campaign(db_url, "In flight"), locale="fr-FR", text="Fjell, partout.")
    body = {"action": "approve", "version": 1}
    left_by_a_dead_server(db_url, "in-flight", keys["review"], asset, body, age_s=1)
    r = client.post(f"/v1/assets/{asset}/decision", json=body,
                    headers={**auth(keys["review"]), "Idempotency-Key": "in-flight"})
    assert r.status_code == 409 and "still being processed" in r.json()["detail"]
