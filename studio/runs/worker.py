"""The background worker of one server process: executes queued runs and delivers webhooks.

Two daemon threads, started in the API app's lifespan, so generation never runs inside a request:
- runs: claims one queued Run at a time (``claim_next_run``) and calls ``studio.runs.pipeline.execute``;
- webhooks: sends due deliveries every ``poll_s`` (kept apart so a long run does not delay them).
Several server processes may share one Postgres database: a run is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` plus a conditional state change, so no two processes take it.
The claim is a lease (studio.runs.leases) that the executing process renews; a run whose process
died (its lease expired) is claimed again and resumed.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from sqlalchemy import or_
from sqlmodel import Session, select

from studio.runs import leases
from studio.store.tables import Run, utcnow

log = logging.getLogger("studio.runs.worker")


def claim_next_run(session: Session, owner: str | None = None) -> int | None:
    """Take the lease of the oldest run that needs a worker and return its id (None when none does):
    a queued run, or a running one whose process stopped beating (it resumes; finished jobs are
    skipped). Stale runs that were asked to cancel are ended ``cancelled`` on the way."""
    leases.end_cancelled_stale(session)
    owner = owner or leases.new_owner()
    now = utcnow()
    query = (select(Run.id).where(or_(Run.state == "queued", leases.stale(now)), Run.cancel_requested == False)  # noqa: E712
             .order_by(Run.id))
    if session.get_bind().dialect.name == "postgresql":
        query = query.limit(1).with_for_update(skip_locked=True)  # lock only the run we take
    else:
        query = query.limit(5)  # SQLite has one writer; the conditional update in claim_run decides
    for run_id in session.exec(query).all():
        if leases.claim_run(session, run_id, owner):
            return run_id
    return None


def _execute(run_id: int, db_url: str | None, owner: str | None = None) -> None:
    from studio.runs import pipeline

    pipeline.execute(run_id, db_url=db_url, owner=owner)


def _exit_with_parent(parent: int) -> None:
    """A generation child outlives a killed server otherwise, burning CPU on a run nobody serves."""
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)  # its run's lease expires and the next worker resumes it


def _child_init() -> None:
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()
    # Generation yields the CPU to the server process that answers requests: a lower priority, and
    # one core left free for it (torch would otherwise spin a thread on every core).
    try:
        os.nice(5)
    except OSError:
        pass
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))


class GenerationProcess:
    """One long-lived child process that executes runs and keeps its models loaded between them.

    Generation is CPU-bound Python + torch; in a thread it would compete with request handling for
    the GIL. In a child process the OS schedules it, at a lower priority, beside the server."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def execute(self, run_id: int, db_url: str | None, owner: str | None = None) -> None:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), initializer=_child_init)
        try:
            self._pool.submit(_execute, run_id, db_url, owner).result()
        except BrokenProcessPool:
            self._pool = None  # the child died (killed, out of memory): start a fresh one next time
            _mark_failed(run_id, db_url, "the generation process died; submit the brief again to resume")
            raise

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _mark_failed(run_id: int, db_url: str | None, error: str) -> None:
    """The child died under the run: end it (``cancelled`` when a cancel was asked for) and free its jobs."""
    from sqlalchemy import delete

    from studio.store.database import session_scope
    from studio.store.tables import JobClaim

    with session_scope(db_url) as session:
        run = session.get(Run, run_id)
        if run is not None and run.state == "running":
            run.state = "cancelled" if run.cancel_requested else "failed"
            run.error = None if run.cancel_requested else error
            run.lease_owner, run.lease_expires_at, run.updated_at = None, None, utcnow()
            session.add(run)
            session.exec(delete(JobClaim).where(JobClaim.run_id == run_id))
            from studio.store.outbox import enqueue

            payload = {"job_id": run_id, "campaign_id": run.campaign_id}
            enqueue(session, f"job.{run.state}", payload if run.cancel_requested else {**payload, "error": error})


def run_once(db_url: str | None = None, executor: GenerationProcess | None = None) -> int | None:
    """Claim and execute one queued run (in ``executor``'s child process, else in this thread);
    returns its id, or None when none was queued."""
    from studio.store.database import session_scope

    owner = leases.new_owner()
    with session_scope(db_url) as session:
        run_id = claim_next_run(session, owner)
    if run_id is None:
        return None
    try:
        if executor is not None:
            executor.execute(run_id, db_url, owner)
        else:
            _execute(run_id, db_url, owner)
    except Exception:  # execute already marked the run failed and queued job.failed
        log.exception("run %s failed", run_id)
    return run_id


class Worker:
    """Polls for queued runs and due webhook deliveries until ``stop()``."""

    def __init__(self, db_url: str | None = None, *, poll_s: float = 1.0):
        self.db_url, self.poll_s = db_url, poll_s
        # Always a child process: test-double models are registered backends (tests/helpers) that the
        # child imports through STUDIO_BACKENDS, so nothing needs generation in this process.
        self.executor = GenerationProcess()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> Worker:
        for name, target in (("studio-runs", self._runs), ("studio-webhooks", self._webhooks)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        if self.executor is not None:
            self.executor.shutdown()

    def _runs(self) -> None:
        while not self._stop.is_set():
            try:
                ran = run_once(self.db_url, self.executor)
            except Exception:  # a database hiccup must not kill the worker; try again next poll
                log.exception("run worker poll failed")
                ran = None
            if ran is None:
                self._stop.wait(self.poll_s)

    def _webhooks(self) -> None:
        import httpx

        from studio.deliver.webhooks import TIMEOUT_S, deliver_due

        with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False) as client:
            while not self._stop.is_set():
                try:
                    sent = deliver_due(self.db_url, client=client)
                except Exception:
                    log.exception("webhook delivery poll failed")
                    sent = 0
                if not sent:
                    self._stop.wait(self.poll_s)
