"""Engines and sessions. One engine per database URL per process."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from studio.core.config import get_settings
from studio.store import audit, tables  # noqa: F401  (registers the tables and the audit chain)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # busy_timeout first, so every statement below waits for another process instead of failing.
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets the review server read while a batch run writes. WAL is a property of the file: once one
    # connection set it, the others find it set. Switching needs the database to itself, and SQLite can answer
    # "database is locked" at once (without waiting) while another process recovers a killed writer's WAL, so
    # a connection switches only when the file is not in WAL yet, and retries that switch for a while.
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor: Any, wait_s: float = 10.0) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite does; SQLite gives the
    -wal and -shm files it adds the same mode. Password hashes, key hashes and webhook secrets live here."""
    if str(path) in ("", ":memory:") or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


@lru_cache(maxsize=16)
def get_sql_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: settings), with the schema created on first use."""
    url = url or get_settings().db_url()
    if url.startswith("sqlite:///"):
        _private_file(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    init_schema(engine)
    return engine


def init_schema(engine: Engine) -> None:
    """Bring the schema to the newest migration: a fresh database gets create_all + an Alembic stamp
    (fast, for tests and first runs); an older one is upgraded (see studio.store.migrate)."""
    from studio.store.migrate import ensure_schema

    ensure_schema(engine)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error, so failed work stores nothing."""
    with Session(get_sql_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
