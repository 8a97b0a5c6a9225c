"""Webhooks: registration, enqueueing in the caller's transaction, and signed delivery with retries.

``enqueue`` writes one WebhookDelivery row per subscribed webhook inside the caller's session, so an
event exists exactly when the change that caused it was committed. The worker delivers due rows with
httpx, signed with HMAC-SHA256 of ``timestamp + "." + body``; failures retry with exponential backoff
up to ``MAX_ATTEMPTS``; every attempt is kept in the delivery's ``history``. Receivers de-duplicate on
``X-Studio-Delivery``. A deactivated webhook's pending deliveries are cancelled, never sent.

No SSRF: a target whose address is loopback, private, link-local, multicast or otherwise not global
is refused at registration and again at every delivery (DNS may change), unless the host or its
network is on ``STUDIO_WEBHOOK_ALLOW_PRIVATE`` (on-prem CMS). The delivery connects to the address
that was checked (pinned; the Host header and TLS name stay the URL's), follows no redirects, and logs
only generic errors ("connection failed", "timeout", "HTTP 503"), so the log is no port scanner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import update
from sqlmodel import Session, select

from studio.core.config import get_settings
from studio.core.errors import Conflict, InputError, NotFound
from studio.store.outbox import EVENTS, enqueue
from studio.store.tables import Webhook, WebhookDelivery, utcnow

__all__ = ["EVENTS", "enqueue", "register", "deliver_due", "deliver_one", "ping", "redeliver", "sign",
           "verify_signature"]

MAX_ATTEMPTS = 6
BACKOFF_S = 10.0  # first retry after 10 s, then 20, 40, 80, 160
LEASE_S = 60.0  # a claimed delivery is invisible to other workers this long
TIMEOUT_S = 10.0


class TargetRefused(Exception):
    """The webhook's host resolves to an address the studio may not call."""


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _allow_list() -> tuple[set[str], list]:
    names, networks = set(), []
    for entry in get_settings().webhook_allow_private:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.lower().rstrip("."))
    return names, networks


def _public(address: Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_global and not (mapped or address).is_multicast


def allowed(host: str, address: Address) -> bool:
    """A global address, or a private one whose host or network is on the allow-list."""
    if _public(address):
        return True
    names, networks = _allow_list()
    return host.lower().rstrip(".") in names or any(address in net for net in networks if net.version == address.version)


def resolve(host: str, port: int) -> list[Address]:
    """Every address ``host`` resolves to (a literal address is itself); raises OSError when none."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def pinned_target(url: str) -> tuple[str, str]:
    """(URL with the checked address in place of the host, host name) for one delivery.
    Raises TargetRefused when any address is not allowed (a name that also points inside is refused
    whole), OSError when the name does not resolve."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses or not all(allowed(host, a) for a in addresses):
        raise TargetRefused(host)
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), host


def check_url(url: str) -> str:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018  (raises on a port out of range)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise InputError(f"webhook URL must be http(s) with a host (and no user:password), got {url[:200]!r}",
                         where="url", fix="use e.g. https://cms.example.com/hooks/studio")
    try:
        pinned_target(url)
    except TargetRefused:
        raise InputError(f"webhook host {parts.hostname!r} is a loopback, private or link-local address",
                         where="url", fix="use a public address; for an on-prem CMS an operator adds its host "
                                          "or network to STUDIO_WEBHOOK_ALLOW_PRIVATE") from None
    except (OSError, UnicodeError):
        pass  # not resolvable from here now: each delivery checks again
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
    """Send every due delivery once; returns how many were attempted (cancelled ones not counted)."""
    from studio.store.database import session_scope

    with session_scope(db_url) as session:
        ids = _claim_due(session, utcnow(), limit)
    return _send(db_url, ids, client)


def deliver_one(db_url: str | None, delivery_id: int, *, client: httpx.Client | None = None) -> int:
    """Send one pending delivery now (a ping), if no worker has claimed it meanwhile; returns 1 if sent."""
    from studio.store.database import session_scope

    with session_scope(db_url) as session:
        row = session.get(WebhookDelivery, delivery_id)
        if row is None or row.status != "pending":
            return 0
        lease = utcnow() + dt.timedelta(seconds=LEASE_S)
        won = session.exec(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                                         WebhookDelivery.next_attempt_at == row.next_attempt_at,
                                                         WebhookDelivery.status == "pending")
                           .values(next_attempt_at=lease)).rowcount == 1
    return _send(db_url, [delivery_id], client) if won else 0


def _send(db_url: str | None, ids: list[int], client: httpx.Client | None) -> int:
    from studio.store.database import session_scope

    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=False, trust_env=False)
    sent = 0
    try:
        for delivery_id in ids:
            with session_scope(db_url) as session:
                delivery = session.get(WebhookDelivery, delivery_id)
                hook = session.get(Webhook, delivery.webhook_id)
                if hook is None or not hook.active:  # deactivated after the event was queued
                    delivery.status, delivery.last_error = "cancelled", "webhook deactivated"
                    session.add(delivery)
                    continue
                url, secret, event, body = hook.url, hook.secret, delivery.event, body_of(delivery)
            code, error = _post(client, url, secret, event, delivery_id, body)
            sent += 1
            with session_scope(db_url) as session:
                _record(session, session.get(WebhookDelivery, delivery_id), code, error)
    finally:
        if own:
            client.close()
    return sent


def _post(client: httpx.Client, url: str, secret: str, event: str, delivery_id: int, body: bytes):
    """One signed POST to the pinned address; errors are generic on purpose (see the module doc)."""
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "studio-webhooks/1",
               "X-Studio-Event": event, "X-Studio-Delivery": str(delivery_id), "X-Studio-Timestamp": timestamp,
               "X-Studio-Signature": sign(secret, timestamp, body)}
    try:
        target, host = pinned_target(url)
    except TargetRefused:
        return None, "target address not allowed"
    except (OSError, UnicodeError):
        return None, "host not resolvable"
    port = urlsplit(url).port
    headers["Host"] = f"{host}:{port}" if port else host
    try:
        response = client.post(target, content=body, headers=headers, extensions={"sni_hostname": host})
        return response.status_code, None if response.is_success else f"HTTP {response.status_code}"
    except httpx.TimeoutException:
        return None, "timeout"
    except httpx.HTTPError:
        return None, "connection failed"


def _record(session: Session, delivery: WebhookDelivery, code: int | None, error: str | None) -> None:
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, error
    now = utcnow()
    delivery.history = [*(delivery.history or []), {"attempt": delivery.attempts, "at": now.isoformat(),
                                                    "status_code": code, "error": error}]
    if error is None:
        delivery.status, delivery.delivered_at = "delivered", now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = "failed"
    else:
        delivery.next_attempt_at = now + dt.timedelta(seconds=BACKOFF_S * 2 ** (delivery.attempts - 1))
    session.add(delivery)


def deactivate(session: Session, webhook_id: int) -> Webhook:
    """Stop a webhook: it gets no new events, and its pending deliveries (retries included) are cancelled."""
    row = get_webhook(session, webhook_id)
    row.active = False
    session.add(row)
    session.exec(update(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id,
                                               WebhookDelivery.status == "pending")
                 .values(status="cancelled", last_error="webhook deactivated"))
    return row


def ping(session: Session, webhook_id: int) -> WebhookDelivery:
    """Queue a ``ping`` event for one webhook (whatever it subscribed to), to test the receiver."""
    hook = get_webhook(session, webhook_id)
    if not hook.active:
        raise Conflict(f"webhook {webhook_id} is deactivated", where="webhook_id",
                       fix="register the URL again with POST /v1/webhooks")
    row = WebhookDelivery(webhook_id=webhook_id, event="ping", payload={"webhook_id": webhook_id,
                                                                       "events": list(hook.events or [])})
    session.add(row)
    session.flush()
    return row


def redeliver(session: Session, webhook_id: int, delivery_id: int) -> WebhookDelivery:
    """Send a past delivery again: same id (receivers de-duplicate on it) and body, due now. Its attempts
    go on counting in its history; one that has used up its retries gets this one attempt."""
    hook = get_webhook(session, webhook_id)
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.webhook_id != webhook_id:
        raise NotFound(f"delivery {delivery_id} is not one of webhook {webhook_id}", where="delivery_id",
                       fix=f"GET /v1/webhooks/{webhook_id}/deliveries lists them")
    if not hook.active:
        raise Conflict(f"webhook {webhook_id} is deactivated", where="webhook_id",
                       fix="register the URL again with POST /v1/webhooks")
    row.status, row.next_attempt_at, row.delivered_at = "pending", utcnow(), None
    session.add(row)
    session.flush()
    return row


def deliveries(session: Session, webhook_id: int, limit: int = 100) -> list[WebhookDelivery]:
    get_webhook(session, webhook_id)
    return list(session.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
                             .order_by(WebhookDelivery.id.desc()).limit(limit)).all())
