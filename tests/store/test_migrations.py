"""Schema migrations and backups as an operator meets them: `studio db upgrade`, `studio db backup`."""

import sqlite3
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel
from typer.testing import CliRunner

from studio.store import migrate
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import Campaign
from tests.helpers.api import BACKENDS, make_db

runner = CliRunner()


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    url, drop = make_db(request.param, tmp_path)
    yield url
    drop()


def test_replaying_every_migration_gives_exactly_the_models_schema(empty_url):
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(migrate.alembic_config(connection=conn), "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
        assert migrate.current(conn) == migrate.head()
    engine.dispose()


def test_fresh_database_is_created_and_stamped_at_head(empty_url):
    engine = get_sql_engine(empty_url)
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert "asset" in inspect(conn).get_table_names()


def test_db_upgrade_brings_a_pre_migration_database_to_head_and_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    with old.begin() as conn:  # the schema as first released (0001), with no alembic_version table
        from alembic import command

        command.upgrade(migrate.alembic_config(connection=conn), "0001")
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("INSERT INTO campaign (name, brand, brief, brief_hash, created_at, updated_at) "
                             "VALUES ('c', 'b', '{}', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    old.dispose()
    result = runner.invoke(migrate.db_app, ["upgrade", "--db", url])
    assert result.exit_code == 0, result.output
    assert migrate.head() in result.output and "was empty" in result.output
    again = runner.invoke(migrate.db_app, ["upgrade", "--db", url])
    assert again.exit_code == 0 and "was" not in again.output  # idempotent
    with session_scope(url) as s:
        assert s.get(Campaign, 1).name == "c"


def test_backup_is_a_consistent_copy_while_the_database_is_written(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    get_sql_engine(url)
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            with session_scope(url) as s:
                s.add(Campaign(name=f"c{n}", brand="b", brief={}, brief_hash="h"))
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        out = tmp_path / "backup.db"
        result = runner.invoke(migrate.db_app, ["backup", str(out), "--db", url])
        assert result.exit_code == 0, result.output
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.head(),)
    copy.close()
    refused = runner.invoke(migrate.db_app, ["backup", str(out), "--db", url])
    assert refused.exit_code == 2 and "never overwrites" in refused.output


def test_backup_of_postgres_points_to_pg_dump():
    with pytest.raises(Exception, match="pg_dump"):
        migrate.backup("postgresql+psycopg://u@h/db", "x.db")


@pytest.mark.parametrize("case,needle", [
    ("missing", "no database at"),
    ("not a database", "is not a SQLite database"),
    ("folder is a file", "cannot create the folder"),
    ("postgres", "pg_dump"),
])
def test_backup_errors_are_a_clear_message_and_exit_2_without_traceback(tmp_path, case, needle):
    src, out = tmp_path / "studio.db", tmp_path / "backup.db"
    if case == "not a database":
        src.write_bytes(b"this is a text file, not SQLite" * 100)
    elif case != "missing":
        get_sql_engine(f"sqlite:///{src}")
    if case == "folder is a file":
        (tmp_path / "plain").write_text("x")
        out = tmp_path / "plain" / "backup.db"
    url = "postgresql+psycopg://u@h/db" if case == "postgres" else f"sqlite:///{src}"
    result = runner.invoke(migrate.db_app, ["backup", str(out), "--db", url])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert needle in result.output and "fix:" in result.output and "Traceback" not in result.output
    assert not out.exists(), "a failed backup leaves no file"


def test_upgrade_to_0004_adds_run_leases_and_job_claims_keeping_runs(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(connection=conn), "0001")
        conn.exec_driver_sql("INSERT INTO campaign (name, brand, brief, brief_hash, created_at, updated_at) "
                             "VALUES ('c', 'b', '{}', 'h', '2026-01-01', '2026-01-01')")
        conn.exec_driver_sql("INSERT INTO run (campaign_id, state, profile, locales, kinds, total, done, "
                             "cancel_requested, created_at, updated_at) "
                             "VALUES (1, 'running', 'tiny', '[]', '[]', 6, 2, 0, '2026-01-01', '2026-01-01')")
    engine.dispose()
    before, after = migrate.upgrade(url)
    assert (before, after) == ("0001", migrate.head())
    engine = create_engine(url)
    with engine.connect() as conn:
        assert {"lease_owner", "lease_expires_at", "heartbeat_at"} <= {c["name"] for c in inspect(conn).get_columns("run")}
        assert inspect(conn).has_table("jobclaim")
        assert conn.exec_driver_sql("SELECT state, lease_expires_at FROM run").one() == ("running", None)
    engine.dispose()
