"""The background worker of one server process: executes queued runs and delivers webhooks.

Two daemon threads, started in the API app's lifespan, so generation never runs inside a request:
- runs: claims one queued Run at a time (``claim_next_run``) and calls ``studio.runs.pipeline.execute``;
- webhooks: sends due deliveries every ``poll_s`` (kept apart so a long run does not delay them).
Several server processes may share one Postgres database: a run is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` plus a conditional state change, so no two processes take it.
The claim is a lease (studio.runs.leases) that the executing process renews; a run whose process
died (its lease expired) is claimed again and resumed.

Where a claimed run executes is the server's executor (``ExecutorConfig``: ``studio serve --executor``,
or ``STUDIO_EXECUTOR`` in a deployment): ``local``, one long-lived child process of the server; or
``ray``, Ray actors (studio.runs.executors.WorkerPool) started with the server, kept warm between runs and
shut down with it, while this process drives the run (lease, claims, storing) as ``studio generate
--executor ray`` does.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

from sqlalchemy import or_
from sqlmodel import Session, select

from studio.core.errors import StudioError
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


EXECUTORS = ("local", "ray")
# Each setting of the server's executor: its `studio serve` option and its environment variable.
EXECUTOR_OPTIONS = {"kind": ("--executor", "STUDIO_EXECUTOR"), "address": ("--address", "STUDIO_RAY_ADDRESS"),
                    "workers": ("--workers", "STUDIO_RAY_WORKERS"),
                    "gpus_per_worker": ("--gpus-per-worker", "STUDIO_RAY_GPUS_PER_WORKER")}


@dataclass(frozen=True)
class ExecutorConfig:
    """Where the server's worker executes runs: ``local`` (a child process) or ``ray`` (``workers`` Ray
    actors, default one per GPU of the cluster, else one per CPU; on the cluster at ``address``, default
    a local Ray on loopback)."""

    kind: str = "local"
    address: str | None = None
    workers: int | None = None
    gpus_per_worker: float = 0

    @classmethod
    def resolve(cls, given: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> ExecutorConfig:
        """The options ``given`` on the command line (None: not given), else the environment's
        ``STUDIO_EXECUTOR`` / ``STUDIO_RAY_*``; a bad value is an error naming the option or variable."""
        env = os.environ if env is None else env
        raw: dict[str, str] = {}
        names: dict[str, str] = {}
        for field, (option, var) in EXECUTOR_OPTIONS.items():
            if given and given.get(field) is not None:
                raw[field], names[field] = str(given[field]).strip(), option
            elif env.get(var, "").strip():
                raw[field], names[field] = env[var].strip(), var
        kind = raw.get("kind", "local").lower()
        if kind not in EXECUTORS:
            raise StudioError(f"unknown executor {raw['kind']!r}", where=names["kind"], fix="use local or ray")
        if kind == "local":
            for field in ("address", "workers", "gpus_per_worker"):
                if field in raw:
                    raise StudioError(f"{names[field]} is a setting of the Ray executor", where=names[field],
                                      fix="add --executor ray (STUDIO_EXECUTOR=ray), or leave it out")
            return cls()
        workers = gpus = None
        if "workers" in raw:
            try:
                workers = int(raw["workers"])
            except ValueError:
                workers = 0
            if workers < 1:
                raise StudioError(f"{raw['workers']!r} is not a number of workers", where=names["workers"],
                                  fix="a whole number >= 1, or leave it out for one per GPU (else per CPU)")
        if "gpus_per_worker" in raw:
            try:
                gpus = float(raw["gpus_per_worker"])
            except ValueError:
                gpus = -1.0
            if not gpus >= 0:
                raise StudioError(f"{raw['gpus_per_worker']!r} is not a number of GPUs", where=names["gpus_per_worker"],
                                  fix="a number >= 0, e.g. 1 (one GPU per worker) or 0.5")
        return cls("ray", raw.get("address") or None, workers, gpus or 0)


class RayRunner:
    """The ``ray`` executor of a server: one Ray connection and one pool of actors for the life of the
    server process (started here, so a missing Ray or an unreachable cluster stops the server at start,
    not at its first run), each run driven by ``RayExecutor`` in the calling thread."""

    def __init__(self, config: ExecutorConfig):
        from studio.runs import executors

        ray = executors.require_ray()  # the clear "needs Ray" error, before anything starts
        self._owns_ray = not ray.is_initialized()
        self.stopping = threading.Event()
        # A local Ray's workers yield to the process answering requests, as the local child process does.
        self.pool = executors.WorkerPool(config.workers, address=config.address, gpus_per_worker=config.gpus_per_worker,
                                         nicer_by=5)

    def execute(self, run_id: int, db_url: str | None, owner: str | None = None) -> None:
        from studio.runs.executors import RayExecutor

        RayExecutor(run_id, db_url=db_url, owner=owner, pool=self.pool, stop=self.stopping).run()

    def request_stop(self) -> None:
        """The run being driven goes back to the queue within a second (the next server resumes it)."""
        self.stopping.set()

    def shutdown(self) -> None:
        from studio.runs import executors

        self.stopping.set()
        self.pool.shutdown()
        if self._owns_ray:
            executors.require_ray().shutdown()


def run_once(db_url: str | None = None, executor: GenerationProcess | RayRunner | None = None) -> int | None:
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

    def __init__(self, db_url: str | None = None, *, poll_s: float = 1.0, executor: ExecutorConfig | None = None):
        self.db_url, self.poll_s = db_url, poll_s
        config = executor or ExecutorConfig.resolve()
        # Never this process: a child process, or Ray actors. Test-double models are registered backends
        # (tests/helpers) that the child / the actors import through STUDIO_BACKENDS.
        self.executor: GenerationProcess | RayRunner = RayRunner(config) if config.kind == "ray" else GenerationProcess()
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
        if isinstance(self.executor, RayRunner):
            self.executor.request_stop()
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
