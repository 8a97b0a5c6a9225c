"""Crash safety of the store (issue 12, found by bench/crash.py): a process killed while it creates a
fresh SQLite database, or two processes that open a fresh one at once, leave a database the next
process can open — not a half-made schema that every later start fails to migrate."""

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import inspect
from sqlmodel import SQLModel

ROOT = Path(__file__).resolve().parents[2]

# The first process to open the database dies (kill -9: no cleanup) after creating some of the tables.
DIE_DURING_CREATE = textwrap.dedent("""
    import os, sys
    from sqlmodel import SQLModel
    def create_some_then_die(bind, **kw):
        for table in SQLModel.metadata.sorted_tables[:6]:
            table.create(bind)
        os._exit(9)
    SQLModel.metadata.create_all = create_some_then_die
    from studio.store.database import get_sql_engine
    get_sql_engine(sys.argv[1])
""")


def test_a_process_killed_while_creating_the_schema_leaves_a_database_the_next_one_opens(tmp_path):
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    died = subprocess.run([sys.executable, "-c", DIE_DURING_CREATE, url], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert died.returncode == 9, died.stderr

    from studio.store.database import get_sql_engine
    from studio.store.migrate import current, head

    engine = get_sql_engine(url)  # before the fix: "duplicate column name: lease_owner" on every start
    with engine.connect() as conn:
        assert set(SQLModel.metadata.tables) <= set(inspect(conn).get_table_names())
        assert current(conn) == head()


def test_processes_opening_a_fresh_database_at_once_all_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    code = "import sys; from studio.store.database import get_sql_engine; get_sql_engine(sys.argv[1])"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(e[-500:] for e in errors)
