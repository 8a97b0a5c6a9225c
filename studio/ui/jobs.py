"""Regeneration off the request path: a reviewer's "regenerate with a note" runs in a background
thread of the server process (one at a time, so a model is never loaded twice), and the asset page
polls its state."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from studio.review.decisions import Actor


@dataclass
class RegenState:
    asset_id: int
    actor: str
    note: str
    state: str = "queued"  # queued | running | done | failed
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None
    version: int | None = None

    def describe(self) -> str:
        took = f" in {self.finished - self.started:.1f} s" if self.finished else f" ({time.time() - self.started:.0f} s)"
        if self.state == "failed":
            return f"regeneration failed{took}: {self.error}"
        if self.state == "done":
            return f"regenerated{took}: version {self.version} is ready"
        return f"regeneration {self.state}{took} — you can keep working; the page refreshes when it is done"


class Regenerator:
    """Queue of regeneration requests, executed by one worker thread per server process."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-regenerate")
        self._lock = threading.Lock()
        self._jobs: dict[int, RegenState] = {}

    def submit(self, asset_id: int, actor: Actor, note: str, db: str | None) -> RegenState:
        with self._lock:
            current = self._jobs.get(asset_id)
            if current and current.state in ("queued", "running"):
                return current
            job = self._jobs[asset_id] = RegenState(asset_id=asset_id, actor=actor.name, note=note)
        self._pool.submit(self._run, job, actor, db)
        return job

    def _run(self, job: RegenState, actor: Actor, db: str | None) -> None:
        from studio.runs import pipeline

        job.state = "running"
        try:
            asset = pipeline.regenerate(job.asset_id, actor, job.note, db_url=db)
            job.version, job.state = asset.version, "done"
        except Exception as err:  # reported on the page; the asset is unchanged
            job.error, job.state = str(err), "failed"
        finally:
            job.finished = time.time()

    def get(self, asset_id: int) -> RegenState | None:
        return self._jobs.get(asset_id)


REGENERATOR = Regenerator()
