"""Request plumbing shared by the routers: the database, API-key auth with scopes, and idempotency."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from studio.accounts.apikeys import Principal, verify
from studio.api.problems import ApiError
from studio.store.database import session_scope
from studio.store.tables import IdempotencyRecord, utcnow

bearer = HTTPBearer(auto_error=False, description="An API key from `studio apikeys create`, as `Bearer KEY`.")
KEY_FIX = "send 'Authorization: Bearer KEY' with a key from `studio apikeys create --name NAME --scopes read,write`"


# Row ids are 32-bit INTEGER on Postgres; larger path/query ids are refused with 422, not a driver error.
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def db_url(request: Request) -> str | None:
    return request.app.state.db_url


def require(scope: str) -> Callable[..., Principal]:
    """A dependency that admits a valid, unrevoked key holding ``scope`` (``admin`` holds all)."""

    def dependency(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
        if creds is None or not creds.credentials:
            raise ApiError(401, "this route needs an API key", fix=KEY_FIX)
        with session_scope(db_url(request)) as session:
            principal = verify(session, creds.credentials)
        if principal is None:
            raise ApiError(401, "the API key is unknown or revoked", fix=KEY_FIX)
        if not principal.has(scope):
            raise ApiError(403, f"the API key '{principal.name}' lacks the '{scope}' scope "
                                f"(it has: {', '.join(principal.scopes)})",
                           fix=f"create a key with --scopes {scope} (or ask an admin to)")
        request.state.principal = principal
        return principal

    dependency.__name__ = f"require_{scope}"
    return dependency


def stale_s() -> float:
    """How long a reservation without an answer may stand: longer than any request runs. Older, its
    server died mid-request (kill -9, out of memory) and a retry takes it over."""
    return float(os.environ.get("STUDIO_IDEMPOTENCY_STALE_S", "120"))


def _take_over(url: str | None, ident: dict, reserved_at: dt.datetime) -> bool:
    """Take over a reservation its server abandoned; the conditional update lets one retry win."""
    now = utcnow()
    if reserved_at.tzinfo is None:
        reserved_at = reserved_at.replace(tzinfo=dt.UTC)
    if now - reserved_at < dt.timedelta(seconds=stale_s()):
        return False
    with session_scope(url) as session:
        table = IdempotencyRecord.__table__
        result = session.execute(update(table).where(
            table.c.key == ident["key"], table.c.scope == ident["scope"], table.c.status_code == 0,
            table.c.created_at == session.get(IdempotencyRecord, ident).created_at).values(created_at=now))
        return result.rowcount == 1


def idempotent(request: Request, principal: Principal, payload: Any,
               work: Callable[[], tuple[int, Any]], *, keep: Callable[[Any], Any] | None = None) -> JSONResponse:
    """Run ``work`` once per ``Idempotency-Key`` (scoped by key id + method + path) and replay its response.

    The key is reserved before the work starts, so a concurrent retry gets 409 instead of a duplicate;
    a failed attempt releases it so the client may retry, and a reservation whose server died mid-request
    is taken over by a retry after ``stale_s()`` (the work runs again: compare-and-set answers 409 if
    the dead request had committed it). The same key with another body is refused.
    ``keep`` turns the response into what is stored and replayed (e.g. without a secret shown once)."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        status, body = work()
        return JSONResponse(jsonable_encoder(body), status_code=status)
    if not 1 <= len(key) <= 255:
        raise ApiError(422, "Idempotency-Key must be 1 to 255 characters", errors=[
            {"field": "header.Idempotency-Key", "message": "length 1..255"}], fix="send a UUID per logical request")
    url, scope = db_url(request), f"{principal.key_id}:{request.method}:{request.url.path}"
    digest = hashlib.sha256(json.dumps(jsonable_encoder(payload), sort_keys=True).encode()).hexdigest()
    ident = {"key": key, "scope": scope}
    try:
        with session_scope(url) as session:
            record = session.get(IdempotencyRecord, ident)
            if record is None:
                session.add(IdempotencyRecord(key=key, scope=scope, status_code=0, body={"request_sha256": digest}))
    except IntegrityError:  # a concurrent request reserved it first
        with session_scope(url) as session:
            record = session.get(IdempotencyRecord, ident)
    if record is not None:
        if record.body.get("request_sha256") != digest:
            raise ApiError(422, "this Idempotency-Key was already used with a different request body",
                           errors=[{"field": "header.Idempotency-Key", "message": "reused with another body"}],
                           fix="use a new Idempotency-Key for a new request; reuse a key only to retry the same one")
        if record.status_code == 0 and not _take_over(url, ident, record.created_at):
            raise ApiError(409, "a request with this Idempotency-Key is still being processed",
                           fix="retry after a moment; the first request's response will be replayed")
        if record.status_code != 0:
            return JSONResponse(record.body.get("response"), status_code=record.status_code,
                                headers={"Idempotent-Replayed": "true"})
    try:
        status, body = work()
    except BaseException:
        with session_scope(url) as session:
            stale = session.get(IdempotencyRecord, ident)
            if stale is not None:
                session.delete(stale)
        raise
    body = jsonable_encoder(body)
    with session_scope(url) as session:
        record = session.get(IdempotencyRecord, ident)
        record.status_code = status
        record.body = {"request_sha256": digest, "response": keep(body) if keep else body}
        session.add(record)
    return JSONResponse(body, status_code=status)
