"""Sign-in throttling: too many failures for one account, or from one address, answer 429 for a while.

Failures are rows in the database, so the limits hold across every server process. The account limit
stops guessing one password; the (higher) address limit stops one client spraying many accounts.
A locked account is refused even with the right password until the window passes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from studio.accounts.sessions import aware
from studio.store.tables import LoginFailure, utcnow


@dataclass(frozen=True)
class Limits:
    per_account: int = 5
    per_address: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


def keys(name: str, address: str | None) -> list[tuple[str, int]]:
    return [(f"user:{(name or '').strip().lower()[:200]}", 0), (f"addr:{address or '-'}", 1)]


def retry_after(session: Session, name: str, address: str | None, limits: Limits = Limits(),
                now: dt.datetime | None = None) -> int:
    """Seconds until a sign-in may be tried again for this account and address; 0 when allowed now."""
    now = now or utcnow()
    since = now - limits.window
    wait = 0.0
    for key, which in keys(name, address):
        limit = (limits.per_account, limits.per_address)[which]
        times = session.exec(select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since)
                             .order_by(LoginFailure.at.desc()).limit(limit)).all()
        if len(times) >= limit:  # allowed again once the limit-th newest failure leaves the window
            wait = max(wait, (aware(times[-1]) + limits.window - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def failed(session: Session, name: str, address: str | None, limits: Limits = Limits(),
           now: dt.datetime | None = None) -> None:
    """Count one failure against the account and the address; drops failures older than the window."""
    now = now or utcnow()
    session.exec(delete(LoginFailure).where(LoginFailure.at < now - limits.window))
    for key, _ in keys(name, address):
        session.add(LoginFailure(key=key, at=now))


def succeeded(session: Session, name: str) -> None:
    """A correct password clears the account's count (not the address's: one valid account must not
    reset the count of a client guessing others)."""
    session.exec(delete(LoginFailure).where(LoginFailure.key == keys(name, None)[0][0]))
