"""Schema migrations (Alembic, in studio/store/migrations) and consistent SQLite backups.

``ensure_schema`` is what ``get_sql_engine`` runs on first use of a database:
- an empty database gets ``create_all`` and is stamped at head (fast: one step, no replay of history);
- a database at an older revision is upgraded to head;
- a database made before migrations existed (tables, no ``alembic_version``) is stamped at the
  initial revision and then upgraded, so its later migrations still apply.
On Postgres an advisory lock serialises this, so several server processes may start at once.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

import typer
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from studio.core.errors import InputError, StudioError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
_LOCK_ID = 0x57D10  # any constant shared by every studio process


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "studio/store/migrations has no revisions"
    return revision


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _at_head(engine: Engine) -> bool:
    with engine.connect() as conn:
        return inspect(conn).has_table("alembic_version") and current(conn) == head()


def ensure_schema(engine: Engine) -> str:
    """Bring the database to the head revision; returns what was done (created | upgraded | current).

    All of it is one transaction under a lock: on SQLite an immediate transaction (the write lock, taken
    before the schema is read; DDL would otherwise commit table by table, and a process killed halfway,
    or a second process starting at once, would leave tables without a revision stamp that no later
    start can migrate), on Postgres an advisory lock. A database already at head takes no lock."""
    from sqlmodel import SQLModel

    if engine.dialect.name == "sqlite" and _at_head(engine):
        return "current"
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        elif conn.dialect.name == "sqlite":
            raw = conn.connection.dbapi_connection
            if raw is not None and not raw.in_transaction:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        tables = set(inspect(conn).get_table_names())
        cfg = alembic_config(connection=conn)
        if not tables - {"alembic_version"}:
            SQLModel.metadata.create_all(conn)
            command.stamp(cfg, "head")
            return "created"
        revision = current(conn)
        if revision == head():
            return "current"
        if revision is None:
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")
        return "upgraded"


def upgrade(url: str) -> tuple[str | None, str | None]:
    """Apply migrations to head; returns (revision before, revision after)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            before = current(conn) if inspect(conn).has_table("alembic_version") else None
        ensure_schema(engine)
        with engine.connect() as conn:
            return before, current(conn)
    finally:
        engine.dispose()


def sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise InputError(f"backup copies SQLite databases; {url.split('://')[0]} is not one", where="--db",
                         fix="for Postgres use pg_dump (see docs/teams.md)")
    return Path(url.removeprefix("sqlite:///"))


def backup(url: str, out: str | Path) -> Path:
    """A consistent copy of a SQLite database while it is in use (the sqlite3 online backup API).

    Every failure is an ``InputError`` naming the path and the fix; a failed copy leaves no file."""
    src_path, out = sqlite_path(url), Path(out)
    if not src_path.is_file():
        raise InputError(f"no database at {src_path}", where="--db", fix="check the path (default var/studio.db)")
    if out.exists() or out.is_symlink():
        raise InputError(f"{out} exists; a backup never overwrites", where="OUT", fix="choose a new file name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder {out.parent} ({exc.strerror})", where="OUT",
                         fix="choose a folder you can write to") from None
    try:
        _copy(src_path, out)
    except sqlite3.DatabaseError as exc:
        out.unlink(missing_ok=True)
        message = str(exc)
        if "not a database" in message or "malformed" in message:
            raise InputError(f"{src_path} is not a SQLite database ({message})", where="--db",
                             fix="name the studio's database file (default var/studio.db)") from None
        raise InputError(f"the backup failed: {message}", where="OUT",
                         fix="check that the target folder is writable and has space, then run it again") from None
    except OSError as exc:
        out.unlink(missing_ok=True)
        raise InputError(f"the backup failed: {exc.strerror or exc}", where="OUT",
                         fix="check that the target folder is writable and has space, then run it again") from None
    return out


def _copy(src_path: Path, out: Path) -> None:
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True, timeout=30)
    try:
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "file is not a database" shows here
        dst = sqlite3.connect(out)
        try:
            with dst:
                src.backup(dst)  # copies page by page, restarting if a writer changes a copied page
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()


db_app = typer.Typer(help="Database: migrations and backups.", no_args_is_help=True)
DB_OPT = typer.Option(None, "--db", help="database path or URL (default: DATABASE_URL or var/studio.db)")


@db_app.command("upgrade")
def upgrade_cmd(db: str | None = DB_OPT) -> None:
    """Apply schema migrations up to the newest (safe to run twice)."""
    from studio.core.config import get_settings

    url = get_settings().db_url(db)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    before, after = upgrade(url)
    typer.echo(f"database at revision {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@db_app.command("current")
def current_cmd(db: str | None = DB_OPT) -> None:
    """Print the database's schema revision and the newest one."""
    from sqlalchemy import create_engine

    from studio.core.config import get_settings

    engine = create_engine(get_settings().db_url(db))
    with engine.connect() as conn:
        rev = current(conn) if inspect(conn).has_table("alembic_version") else None
    engine.dispose()
    typer.echo(f"current: {rev or 'none'}  head: {head()}")


@db_app.command("backup")
def backup_cmd(out: Path = typer.Argument(..., metavar="OUT", help="the new backup file"),
               db: str | None = DB_OPT) -> None:
    """Copy a SQLite database consistently, even while the server writes to it."""
    from studio.core.config import get_settings

    try:
        path = backup(get_settings().db_url(db), out)
    except StudioError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(f"backed up to {path} ({path.stat().st_size // 1024} KiB)")
