"""bench/fuzz.py's short budget in CI: mutated briefs, rule packs, check lines and API sequences never end in a
traceback or take over a second (issue #12)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fuzz_short_budget_has_no_tracebacks_and_no_slow_inputs():
    # Slow by this process's CPU time: CI shares its cores, and a loaded machine stretched one API call's wall
    # time to 1.25 s while it took 0 inputs over 1 s of CPU.
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "fuzz.py"), "--budget", "short", "--slow-by", "cpu"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    assert "0 tracebacks, 0 over 1 s CPU" in out.stdout
