"""Leases on runs and claims on jobs: no run stays ``running`` after its process died, and parallel
runs of one brief share the work.

- A process executing a run holds its *lease* (``Run.lease_owner`` / ``lease_expires_at``) and renews
  it from a heartbeat thread every ``LEASE_S / 3`` seconds. A ``running`` run whose lease expired
  belongs to a dead process: the next worker takes it over (``claim_run``) and resumes it (finished
  jobs are skipped), or ends it ``cancelled`` when a cancel was asked for.
- Before generating a batch, a run *claims* its jobs: one ``JobClaim`` row per (campaign, job key),
  inserted with ``ON CONFLICT DO NOTHING`` on its primary key (race-free on SQLite and Postgres).
  A job another live run has claimed is left to it; a claim whose lease expired is taken over with a
  conditional update. Claims are renewed by the same heartbeat and deleted with the batch's assets.

The lease length is ``STUDIO_LEASE_S`` seconds (default 60): long enough that a busy CPU never
misses three beats in a row, short enough that a dead run is resumed within a minute.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from studio.store.database import session_scope
from studio.store.outbox import enqueue
from studio.store.tables import JobClaim, Run, utcnow

log = logging.getLogger("studio.runs.leases")


def lease_s() -> float:
    return float(os.environ.get("STUDIO_LEASE_S", "60"))


def new_owner(kind: str = "worker") -> str:
    """A name for this executor that no other process shares: kind, host, pid and a random suffix."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or utcnow()) + dt.timedelta(seconds=lease_s())


def stale(now: dt.datetime):
    """SQL condition: a running run whose process stopped beating (or that never had a lease)."""
    return and_(Run.state == "running", or_(Run.lease_expires_at.is_(None), Run.lease_expires_at < now))


def claim_run(session: Session, run_id: int, owner: str, *, from_state: str | None = None) -> bool:
    """Take the run's lease if it is queued or its lease expired; the conditional update decides races."""
    now = utcnow()
    takeable = or_(Run.state == "queued", stale(now)) if from_state is None else Run.state == from_state
    result = session.exec(update(Run).where(Run.id == run_id, Run.cancel_requested == False, takeable)  # noqa: E712
                          .values(state="running", lease_owner=owner, lease_expires_at=_expiry(now),
                                  heartbeat_at=now, updated_at=now))
    return result.rowcount == 1


def end_cancelled_stale(session: Session) -> list[int]:
    """Runs asked to cancel whose process died: end them ``cancelled`` (nobody else would)."""
    now = utcnow()
    ids = list(session.exec(select(Run.id).where(stale(now), Run.cancel_requested == True)).all())  # noqa: E712
    ended = []
    for run_id in ids:
        result = session.exec(update(Run).where(Run.id == run_id, stale(now))
                              .values(state="cancelled", lease_owner=None, lease_expires_at=None, updated_at=now))
        if result.rowcount == 1:
            ended.append(run_id)
            run = session.get(Run, run_id)
            enqueue(session, "job.cancelled", {"job_id": run_id, "campaign_id": run.campaign_id if run else None})
    return ended


def beat(db_url: str | None, run_id: int, owner: str) -> bool:
    """Renew the run's lease and its job claims; False when another process has taken the run over."""
    now = utcnow()
    with session_scope(db_url) as session:
        result = session.exec(update(Run).where(Run.id == run_id, Run.lease_owner == owner, Run.state == "running")
                              .values(lease_expires_at=_expiry(now), heartbeat_at=now))
        if result.rowcount != 1:
            return False
        session.exec(update(JobClaim).where(JobClaim.run_id == run_id, JobClaim.owner == owner)
                     .values(expires_at=_expiry(now)))
    return True


class Heartbeat:
    """Beats for a run from a daemon thread while the run executes (``with Heartbeat(...) as hb``).
    ``hb.lost`` is set when the lease was taken over; the run then stops after its current batch."""

    def __init__(self, db_url: str | None, run_id: int, owner: str):
        self.db_url, self.run_id, self.owner = db_url, run_id, owner
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"heartbeat-run-{run_id}")

    def _loop(self) -> None:
        while not self._stop.wait(lease_s() / 3):
            try:
                if not beat(self.db_url, self.run_id, self.owner):
                    self.lost.set()
                    return
            except Exception:  # a locked or unreachable database: try again next beat
                log.exception("heartbeat for run %s failed", self.run_id)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _insert_ignore(session: Session, rows: list[dict]):
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return session.exec(insert(JobClaim).values(rows).on_conflict_do_nothing(index_elements=["campaign_id", "job_key"]))


def claim_jobs(session: Session, campaign_id: int, run_id: int, owner: str, keys: list[str]) -> list[str]:
    """Claim ``keys`` for this run; return the ones it now holds (in the given order). Keys another
    live run holds are left out; expired claims are taken over."""
    if not keys:
        return []
    now = utcnow()
    _insert_ignore(session, [{"campaign_id": campaign_id, "job_key": k, "run_id": run_id, "owner": owner,
                              "expires_at": _expiry(now)} for k in keys])
    session.exec(update(JobClaim).where(JobClaim.campaign_id == campaign_id, JobClaim.job_key.in_(keys),
                                        JobClaim.expires_at < now)
                 .values(run_id=run_id, owner=owner, expires_at=_expiry(now)))
    held = set(session.exec(select(JobClaim.job_key).where(JobClaim.campaign_id == campaign_id,
                                                           JobClaim.job_key.in_(keys), JobClaim.owner == owner)).all())
    return [k for k in keys if k in held]


def release_jobs(session: Session, campaign_id: int, owner: str, keys: list[str] | None = None) -> None:
    """Drop this executor's claims (all of them, or ``keys``): done, or given up."""
    query = delete(JobClaim).where(JobClaim.campaign_id == campaign_id, JobClaim.owner == owner)
    if keys is not None:
        query = query.where(JobClaim.job_key.in_(keys))
    session.exec(query)


def claimed_by_others(session: Session, campaign_id: int, owner: str, keys: list[str]) -> set[str]:
    """Of ``keys``, those a live claim of another run holds right now."""
    if not keys:
        return set()
    return set(session.exec(select(JobClaim.job_key).where(
        JobClaim.campaign_id == campaign_id, JobClaim.job_key.in_(keys), JobClaim.owner != owner,
        JobClaim.expires_at >= utcnow())).all())
