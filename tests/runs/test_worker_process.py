"""Generation runs in a child process of the server; it must not outlive a killed server."""

import os
import subprocess
import sys
import time
from pathlib import Path

PARENT = r'''
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from studio.runs.worker import _child_init

if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), initializer=_child_init)
    print(pool.submit(os.getpid).result(), flush=True)
    pool.submit(time.sleep, 120)  # a long "generation"
    time.sleep(0.5)
    os._exit(0)  # the server dies without shutting the pool down (kill -9, OOM)
'''


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie waiting for its reaper counts as gone
        return f.read().split()[2] != "Z"


def test_generation_child_exits_when_the_server_dies(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, str(script)], cwd=repo, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(repo)})
    child = int(out.stdout.split()[0])
    deadline = time.time() + 15
    while time.time() < deadline and alive(child):
        time.sleep(0.2)
    assert not alive(child), "the generation child kept running after its server died"
