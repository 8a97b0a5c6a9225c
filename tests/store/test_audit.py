"""The audit log as an auditor meets it: append-only down to the database, and a hash chain that
`studio audit verify` checks, naming the first entry that was tampered with."""

import pytest
from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.exc import DatabaseError
from sqlmodel import select
from typer.testing import CliRunner

from studio.cli.main import app
from studio.review import records as svc
from studio.store import audit, migrate
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import AuditLog
from tests.helpers.api import BACKENDS, make_db

runner = CliRunner()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    url, drop = make_db(request.param, tmp_path)
    with session_scope(url) as s:
        for n in range(5):
            svc.audit(s, f"user{n}", "comment", "asset", n, {"n": n}, {"n": n + 1, "body": "Grüße – ok"})
    with session_scope(url) as s:  # a second transaction extends the same chain
        svc.audit(s, "lena", "waive", "asset", 7, None, {"rule": "eu.green.offset_neutral"})
    yield url
    drop()


def _verify(url: str):
    return runner.invoke(app, ["audit", "verify", "--db", url])


def test_an_untouched_log_verifies(db_url):
    result = _verify(db_url)
    assert result.exit_code == 0, result.output
    assert "audit log ok: 6 entries" in result.output
    with session_scope(db_url) as s:
        rows = s.exec(select(AuditLog).order_by(AuditLog.seq)).all()
        assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
        assert rows[0].prev_hash == audit.GENESIS and all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))


@pytest.mark.parametrize("sql", ["UPDATE auditlog SET actor = 'mallory' WHERE seq = 2",
                                 "DELETE FROM auditlog WHERE seq = 2"])
def test_raw_sql_cannot_change_or_delete_entries(db_url, sql):
    engine = get_sql_engine(db_url)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(text(sql))
    assert _verify(db_url).exit_code == 0


@pytest.mark.parametrize("stmt", [update(AuditLog).values(actor="mallory"), delete(AuditLog)])
def test_bulk_orm_statements_are_refused(db_url, stmt):
    with pytest.raises(PermissionError, match="append-only"), session_scope(db_url) as s:
        s.exec(stmt)
    with session_scope(db_url) as s:
        assert len(s.exec(select(AuditLog)).all()) == 6


def _drop_guards(url: str) -> None:
    """What an attacker with the database owner's rights can do first."""
    engine = get_sql_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER auditlog_no_update"))
            conn.execute(text("DROP TRIGGER auditlog_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER auditlog_append_only ON auditlog"))


@pytest.mark.parametrize(("sql", "problem"), [
    ("UPDATE auditlog SET actor = 'mallory' WHERE seq = 3", "seq 3 (id 3): its content does not match its hash"),
    ("DELETE FROM auditlog WHERE seq = 3", "seq 4 (id 4): expected entry seq 3 here"),
])
def test_verify_names_the_first_broken_link(db_url, sql, problem):
    _drop_guards(db_url)
    with get_sql_engine(db_url).begin() as conn:
        conn.execute(text(sql))
    result = _verify(db_url)
    assert result.exit_code == 1
    assert f"audit log broken at entry {problem}" in result.output
    assert "2 entries before it verified" in result.output


def test_a_database_from_before_the_chain_gets_it_on_upgrade(tmp_path):
    """Revision 0001 had no chain and no triggers: upgrading chains the old entries and guards the table."""
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(connection=conn), "0001")
        for n in range(3):
            conn.execute(text("INSERT INTO auditlog (at, actor, action, entity, entity_id, before, after) VALUES "
                              f"('2026-01-0{n + 1} 10:00:00.000000', 'anna', 'approve', 'asset', 1, NULL, "
                              f"'{{\"v\": {n}}}')"))
    engine.dispose()
    assert runner.invoke(migrate.db_app, ["upgrade", "--db", url]).exit_code == 0
    result = _verify(url)
    assert result.exit_code == 0 and "3 entries" in result.output, result.output
    with session_scope(url) as s:
        svc.audit(s, "lena", "comment", "asset", 1)
    assert "4 entries" in _verify(url).output
    with pytest.raises(DatabaseError, match="append-only"), get_sql_engine(url).begin() as conn:
        conn.execute(text("DELETE FROM auditlog"))




def test_concurrent_writers_extend_one_chain(db_url):
    import threading

    start = threading.Barrier(20)

    def write(n: int) -> None:
        start.wait()
        with session_scope(db_url) as s:
            svc.audit(s, f"w{n}", "comment", "asset", n, None, {"n": n})
            svc.audit(s, f"w{n}", "approve", "asset", n, None, {"n": n})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = _verify(db_url)
    assert result.exit_code == 0 and "audit log ok: 46 entries" in result.output, result.output
