"""Webhooks: registration, enqueueing in the caller's transaction, and signed delivery with retries.

``enqueue`` writes one WebhookDelivery row per subscribed webhook inside the caller's session, so an
event exists exactly when the change that caused it was committed. The worker delivers due rows with
httpx, signed with HMAC-SHA256 of ``timestamp + "." + body``; failures retry with exponential backoff
up to ``MAX_ATTEMPTS``. Receivers de-duplicate on ``X-Studio-Delivery``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update
from sqlmodel import Session, select

from studio.core.errors import InputError, NotFound
from studio.store.outbox import EVENTS, enqueue
from studio.store.tables import Webhook, WebhookDelivery, utcnow

__all__ = ["EVENTS", "enqueue", "register", "deliver_due", "sign", "verify_signature"]

MAX_ATTEMPTS = 6
BACKOFF_S = 10.0  # first retry after 10 s, then 20, 40, 80, 160
LEASE_S = 60.0  # a claimed delivery is invisible to other workers this long
TIMEOUT_S = 10.0


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"webhook URL must be http(s) with a host, got {url!r}", where="url",
                         fix="use e.g. https://cms.example.com/hooks/studio")
    return url


def register(session: Session, url: str, events: list[str], secret: str | None = None) -> tuple[Webhook, str]:
    """Subscribe ``url`` to ``events``; returns (row, secret). A secret is generated when none is given."""
    check_url(url)
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise InputError(f"unknown or missing events: {', '.join(unknown) or '(none)'}", where="events",
                         fix=f"choose from: {', '.join(EVENTS)}")
    if secret is not None and len(secret) < 16:
        raise InputError("a webhook secret needs at least 16 characters", where="secret",
                         fix="use a random string, or leave it out to have one generated")
    secret = secret or secrets.token_urlsafe(32)
    row = Webhook(url=url, events=list(dict.fromkeys(events)), secret=secret)
    session.add(row)
    session.flush()
    return row, secret


def get_webhook(session: Session, webhook_id: int) -> Webhook:
    row = session.get(Webhook, webhook_id)
    if row is None:
        raise NotFound(f"webhook {webhook_id} does not exist", where="webhook_id", fix="GET /v1/webhooks lists them")
    return row


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance_s: float = 300) -> bool:
    """For receivers (and tests): constant-time check plus a bound on the timestamp's age."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= tolerance_s
    except ValueError:
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature)


def _claim_due(session: Session, now: dt.datetime, limit: int) -> list[int]:
    """Take due deliveries for this worker: a lease moves next_attempt_at forward, conditionally, so two
    workers never send the same attempt; on Postgres SKIP LOCKED also keeps them from waiting on each other."""
    query = (select(WebhookDelivery.id, WebhookDelivery.next_attempt_at)
             .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
             .order_by(WebhookDelivery.next_attempt_at).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    lease = now + dt.timedelta(seconds=LEASE_S)
    claimed = []
    for delivery_id, due in session.exec(query).all():
        result = session.exec(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                                            WebhookDelivery.next_attempt_at == due)
                              .values(next_attempt_at=lease))
        if result.rowcount == 1:
            claimed.append(delivery_id)
    return claimed


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps({"id": delivery.id, "event": delivery.event, "created_at": delivery.created_at.isoformat(),
                       "data": delivery.payload}, separators=(",", ":"), sort_keys=True).encode()


def deliver_due(db_url: str | None = None, *, client: httpx.Client | None = None, limit: int = 20) -> int:
    """Send every due delivery once; returns how many were attempted."""
    from studio.store.database import session_scope

    with session_scope(db_url) as session:
        ids = _claim_due(session, utcnow(), limit)
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=False)
    try:
        for delivery_id in ids:
            with session_scope(db_url) as session:
                delivery = session.get(WebhookDelivery, delivery_id)
                hook = session.get(Webhook, delivery.webhook_id)
                url, secret, event, body = hook.url, hook.secret, delivery.event, body_of(delivery)
            code, error = _post(client, url, secret, event, delivery_id, body)
            with session_scope(db_url) as session:
                _record(session, session.get(WebhookDelivery, delivery_id), code, error)
    finally:
        if own:
            client.close()
    return len(ids)


def _post(client: httpx.Client, url: str, secret: str, event: str, delivery_id: int, body: bytes):
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "studio-webhooks/1",
               "X-Studio-Event": event, "X-Studio-Delivery": str(delivery_id), "X-Studio-Timestamp": timestamp,
               "X-Studio-Signature": sign(secret, timestamp, body)}
    try:
        response = client.post(url, content=body, headers=headers)
        return response.status_code, None if response.is_success else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


def _record(session: Session, delivery: WebhookDelivery, code: int | None, error: str | None) -> None:
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, error
    now = utcnow()
    if error is None:
        delivery.status, delivery.delivered_at = "delivered", now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = "failed"
    else:
        delivery.next_attempt_at = now + dt.timedelta(seconds=BACKOFF_S * 2 ** (delivery.attempts - 1))
    session.add(delivery)


def deliveries(session: Session, webhook_id: int, limit: int = 100) -> list[WebhookDelivery]:
    get_webhook(session, webhook_id)
    return list(session.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
                             .order_by(WebhookDelivery.id.desc()).limit(limit)).all())
