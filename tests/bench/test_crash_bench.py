"""bench/crash.py's small variant in CI: kill -9 at random points of a webhook delivery and of a
generate run (two trials each, SQLite); after the restart nothing is lost, duplicated or stuck and the
database and audit chain verify (issue 12)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_two_kills_each_of_generate_and_delivery_lose_and_duplicate_nothing():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "crash.py"), "--trials", "2", "--db", "sqlite",
                          "--scenarios", "webhook,generate"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    assert "ok: 0 lost, 0 duplicated, integrity clean, nothing stuck" in out.stdout
    rows = [line for line in out.stdout.splitlines() if line.startswith("| sqlite")]
    assert [line.split("|")[2].strip() for line in rows] == ["webhook", "generate"]
    assert all(line.split("|")[3].strip() == "2" for line in rows)
