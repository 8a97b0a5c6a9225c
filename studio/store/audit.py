"""The audit log's hash chain, and ``studio audit verify``.

Every entry carries ``seq`` (1, 2, 3, ...), ``prev_hash`` (the hash of entry ``seq - 1``; GENESIS for
the first) and ``hash``: SHA-256 over ``prev_hash`` and the entry's content in a canonical JSON form.
They are set when a session flushes new entries, under a lock that serialises writers (an immediate
transaction on SQLite, a transaction-scoped advisory lock on Postgres), so concurrent writers extend
one chain. A changed, removed or inserted entry breaks the chain at the first entry it touches;
``verify`` walks it and names that entry.

The chain is tamper-evident, not tamper-proof: someone who can drop the database's triggers can rewrite
the whole chain. Keep a copy of the head hash (printed by ``verify``) elsewhere to detect that too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import typer
from sqlalchemy import event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import ORMExecuteState, Session
from sqlmodel import col

from studio.store.tables import AuditLog

GENESIS = "0" * 64
_LOCK_ID = 0x57D11  # Postgres advisory lock for appending to the chain (migrate uses 0x57D10)
FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "before", "after")


def _stamp(value: dt.datetime) -> str:
    """UTC, without offset, to the microsecond: the same string before and after a database round trip."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, row: Any) -> str:
    """The hash of one entry: its predecessor's hash and its content in canonical JSON."""
    content = {name: getattr(row, name) for name in FIELDS}
    content["at"] = _stamp(content["at"])
    body = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appenders: nobody else may read the chain's tail until this transaction ends."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
    elif conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading the tail


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session: Session, flush_context: Any, instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, AuditLog)]
    if not new:
        return
    new.sort(key=lambda o: sa_inspect(o).insert_order)
    _lock_chain(session)
    with session.no_autoflush:
        tail = session.execute(select(col(AuditLog.seq), col(AuditLog.hash)).where(col(AuditLog.seq).is_not(None))
                               .order_by(col(AuditLog.seq).desc()).limit(1)).first()
    seq, prev = (tail[0], tail[1] or "") if tail and tail[0] is not None else (0, GENESIS)
    for entry in new:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = entry_hash(prev, entry)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_writes(state: ORMExecuteState) -> None:
    """Bulk ``update(AuditLog)``/``delete(AuditLog)`` through a session: refused with a clear error
    (the database's triggers refuse them too, and any raw SQL)."""
    if (state.is_update or state.is_delete) and any(
            m.class_ is AuditLog for m in state.all_mappers):
        raise PermissionError("the audit log is append-only: entries cannot be changed or deleted")


@dataclass
class Verdict:
    ok: bool
    entries: int
    head: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"audit log ok: {self.entries} entries, head {self.head}"
        return (f"audit log broken at entry seq {self.broken_seq} (id {self.broken_id}): {self.problem}; "
                f"{self.entries} entries before it verified")


def _rows(session: Session, batch: int = 1000) -> Iterator[AuditLog]:
    last = None
    while True:
        stmt = select(AuditLog).order_by(col(AuditLog.seq), col(AuditLog.id)).limit(batch)
        if last is not None:
            stmt = stmt.where(col(AuditLog.seq) > last)
        rows = list(session.scalars(stmt))
        yield from rows
        if len(rows) < batch or rows[-1].seq is None:
            return
        last = rows[-1].seq


def verify(session: Session) -> Verdict:
    """Walk the chain in ``seq`` order; the first entry whose link or content does not hold breaks it."""
    prev, expected_seq, good = GENESIS, 1, 0
    for row in _rows(session):
        problem = ""
        if row.seq != expected_seq:
            problem = (f"expected entry seq {expected_seq} here, found {row.seq}: an entry was removed or inserted"
                       if row.seq is not None else "the entry has no place in the chain (seq is empty)")
        elif row.prev_hash != prev:
            problem = "prev_hash does not match the entry before it: an entry before it was removed or replaced"
        elif row.hash != entry_hash(prev, row):
            problem = "its content does not match its hash: the entry was changed"
        if problem:
            return Verdict(False, good, prev, broken_seq=row.seq if row.seq is not None else expected_seq,
                           broken_id=row.id, problem=problem)
        prev, expected_seq, good = row.hash or "", expected_seq + 1, good + 1
    return Verdict(True, good, prev)


audit_app = typer.Typer(help="The audit log: verify its hash chain.", no_args_is_help=True)


@audit_app.callback()
def _audit() -> None:
    """The audit log: verify its hash chain."""


@audit_app.command("verify")
def verify_cmd(db: str | None = typer.Option(None, "--db", help="database path or URL (default: DATABASE_URL or var/studio.db)")) -> None:
    """Check every link of the audit log's hash chain. Exit 0 when intact, 1 at the first broken link."""
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    with session_scope(get_settings().db_url(db)) as session:
        verdict = verify(session)
    typer.echo(verdict.describe())
    raise typer.Exit(0 if verdict.ok else 1)
