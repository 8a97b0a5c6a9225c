"""Review-UI sign-in sessions, stored server-side so every server process sees the same ones.

The browser's cookie holds a random token; the table keeps only its SHA-256, so a copy of the
database does not sign anyone in. A session ends after ``idle`` without a request, after ``absolute``
since sign-in whatever the activity, on sign-out, and when the user's password, role or active flag
changes (``revoke_user``, called by ``studio.accounts.users``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session

from studio.store.tables import User, UserSession, utcnow

IDLE = dt.timedelta(hours=2)
ABSOLUTE = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen_at is written at most this often per session


@dataclass(frozen=True)
class Lifetime:
    idle: dt.timedelta = IDLE
    absolute: dt.timedelta = ABSOLUTE


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without an offset; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, user: User, address: str | None = None) -> str:
    """A new session for ``user``; returns the token for the cookie (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_hash(token), user_id=user.id, address=(address or "")[:100] or None))
    session.flush()
    return token


def resolve(session: Session, token: str | None, lifetime: Lifetime = Lifetime(),
            now: dt.datetime | None = None) -> User | None:
    """The active user a token signs in, or None; an expired session is deleted on the way."""
    if not token or len(token) > 200:
        return None
    row = session.get(UserSession, _hash(token))
    if row is None:
        return None
    now = now or utcnow()
    if now - aware(row.last_seen_at) > lifetime.idle or now - aware(row.created_at) > lifetime.absolute:
        session.delete(row)
        session.flush()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        session.delete(row)
        session.flush()
        return None
    if now - aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
    return user


def end(session: Session, token: str | None) -> None:
    """Sign-out: the token stops working at once, in every server process."""
    if token:
        session.exec(delete(UserSession).where(UserSession.token_hash == _hash(token)))


def revoke_user(session: Session, user_id: int) -> None:
    """End every session of a user (password, role or active flag changed)."""
    session.exec(delete(UserSession).where(UserSession.user_id == user_id))
