"""Run executors beyond the in-process loop of ``studio.runs.pipeline.execute``: a Ray executor that
spreads a run's batches over workers, one Ray actor per worker (per GPU on a cluster) holding its models.

The driver (this process) keeps everything that touches the store: it holds the run's lease and
heartbeat, claims a batch's jobs before it hands the batch to an actor, and stores each batch as its
result arrives (``pipeline._store_batch``: one transaction, skipped when the job's asset exists). Actors
only generate and check. So a killed actor loses nothing (its batches go to a fresh actor) and
duplicates nothing (a job is stored once, by job key); a killed driver leaves a run another
``studio generate`` resumes, skipping every stored job.

Ray is an optional extra (``pip install 'studio[ray]'``); nothing here imports it until it is used.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass

from sqlmodel import select

from studio.core.errors import Conflict, NotFound, StudioError
from studio.plan.brief import Brief, PlannedAsset, plan
from studio.runs import leases
from studio.runs.pipeline import (
    POLL_S,
    LeaseLost,
    Progress,
    RunSummary,
    _finish,
    _notify,
    _release,
    _set_run,
    _store_batch,
)
from studio.store.database import session_scope
from studio.store.tables import Asset, Campaign, Run, utcnow

# Settings the actors need to see as the driver does (profile, models, caches, backends, database).
FORWARDED_ENV = ("STUDIO_", "DATABASE_URL", "HF_", "TRANSFORMERS_", "XDG_CACHE_HOME", "PYTHONPATH")
MAX_ACTOR_DEATHS = 8  # more actors than this dying in one run is a broken setup, not bad luck
_LOCAL_ENV: dict = {}  # the settings a local Ray's workers inherited when it started
IN_FLIGHT_PER_ACTOR = 2  # one batch generating, one waiting, so an actor is never idle between batches
WAIT_S = 1.0  # how long the driver waits for a batch before it looks at cancel / stop again


class HandedBack(Exception):
    """The process driving the run is stopping (a server shutting down): the run went back to the queue."""


def loopback_init(address: str | None = None, *, num_cpus: int | None = None, temp_dir: str | None = None,
                  nicer_by: int = 0) -> None:
    """Connect to the cluster at ``address``, or start a local Ray that listens on loopback only, without
    dashboard or usage reporting (the settings in docs/scale.md). Does nothing when Ray is up.

    A local Ray's workers run ``nicer_by`` above this process's niceness (default: at the same), not at
    Ray's default of 15 above it: on a machine shared with other work, workers at 15 get only what every
    other process leaves them (on the shared 2-core machine, 2 such workers made fewer assets a minute
    than 1 in-process worker). ``RAY_worker_niceness`` (that increment) in the environment wins."""
    ray = require_ray()
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, runtime_env={"env_vars": _forwarded_env()})
        return
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # every listener on 127.0.0.1
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO", "0")
    _LOCAL_ENV["env"] = _forwarded_env()
    ours = "RAY_worker_niceness" not in os.environ  # read by the Ray processes started now, not kept after
    if ours:
        os.environ["RAY_worker_niceness"] = str(nicer_by)
    try:
        ray.init(num_cpus=num_cpus, include_dashboard=False, object_store_memory=256 * 2**20, _temp_dir=temp_dir,
                 configure_logging=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    finally:
        if ours:
            del os.environ["RAY_worker_niceness"]


def require_ray():
    try:
        import ray
    except ImportError:
        raise StudioError("the Ray executor needs Ray", where="--executor",
                          fix="pip install 'studio[ray]' (or run without --executor ray)") from None
    return ray


def _forwarded_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV)}


class DraftWorker:
    """The actor body. It keeps one DraftMaker per (campaign, brief, profile) it has served, so each model
    (and the check engine) loads once per worker, across batches and across runs of a pool."""

    def __init__(self, threads: int | None, core: int | None = None):
        if core is not None:  # held to one core of its machine: the core-th it may run on (wrapping round)
            cores = sorted(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cores[core % len(cores)]})
        if threads:  # a worker held to its share of the cores does not fight the others for them
            try:
                import torch

                torch.set_num_threads(threads)
            except ImportError:
                pass
        self.makers: dict = {}

    def run_batch(self, context: tuple, jobs: list[dict]) -> list[tuple[dict, list]]:
        from studio.generate.drafting import DraftMaker

        brief, profile, campaign_id, db_url = context
        key = (campaign_id, profile, db_url, json.dumps(brief, sort_keys=True))
        if key not in self.makers:
            self.makers = {key: DraftMaker(Brief.model_validate(brief), profile, campaign_id, db_url)}
        made = self.makers[key].run_batch([PlannedAsset(**j) for j in jobs])
        return [(asset.model_dump(exclude={"id"}), findings) for asset, findings in made]

    def usage(self) -> dict:
        """CPU seconds this worker has used and the cores it may run on (bench/ray_campaign.py)."""
        return {"cpu_s": time.process_time(), "cores": sorted(os.sched_getaffinity(0)), "nice": os.nice(0)}


class WorkerPool:
    """Ray actors running ``DraftWorker``, each reserving ``cpus_per_worker`` cores and ``gpus_per_worker``
    GPUs. Keep one for many runs (a server's worker) and the models stay loaded between them."""

    def __init__(self, workers: int | None = None, *, address: str | None = None, cpus_per_worker: float = 1,
                 gpus_per_worker: float = 0, pin_cores: bool = False, nicer_by: int = 0):
        """``pin_cores``: worker i runs on its machine's i-th core only (one worker per core, none moved
        between cores by the OS, none sharing a core while another idles). ``nicer_by``: a local Ray's
        workers' niceness above this process's (loopback_init)."""
        self.address, self.cpus, self.gpus, self.pin_cores = address, cpus_per_worker, gpus_per_worker, pin_cores
        loopback_init(address, nicer_by=nicer_by)
        self.actors = [self._new_actor(i) for i in range(workers or self._worker_count())]
        self.deaths = 0

    def _options(self) -> dict:
        """Actors see the driver's settings: on a cluster through their runtime env; on a local Ray
        only when they changed since it started (a runtime env costs a worker start of its own)."""
        env = _forwarded_env()
        if self.address or env != _LOCAL_ENV.get("env"):
            return {"runtime_env": {"env_vars": env}}
        return {}

    def _new_actor(self, i: int):
        ray = require_ray()
        threads = max(1, int(self.cpus)) if self.cpus else None
        cls = ray.remote(num_cpus=self.cpus, num_gpus=self.gpus, max_restarts=0)(DraftWorker)
        return cls.options(**self._options()).remote(threads, i if self.pin_cores else None)

    def _worker_count(self) -> int:
        resources = require_ray().cluster_resources()
        if self.gpus and resources.get("GPU"):
            return max(1, int(resources["GPU"] // self.gpus))
        return max(1, int(resources.get("CPU", 1) // (self.cpus or 1)))

    def replace(self, i: int) -> None:
        """Actor ``i`` died: a fresh one takes its place."""
        self.deaths += 1
        self.actors[i] = self._new_actor(i)

    def shutdown(self) -> None:
        for actor in self.actors:
            require_ray().kill(actor)
        self.actors = []


@dataclass
class RayExecutor:
    """Execute run ``run_id`` on ``workers`` Ray actors (default: one per GPU of the cluster, else one per
    CPU), each reserving ``cpus_per_worker`` cores and ``gpus_per_worker`` GPUs."""

    run_id: int
    db_url: str | None = None
    address: str | None = None
    workers: int | None = None
    cpus_per_worker: float = 1
    gpus_per_worker: float = 0
    owner: str | None = None
    progress: Progress | None = None

    pool: WorkerPool | None = None  # a pool kept across runs; default: one for this run, shut down after
    stop: threading.Event | None = None  # set: hand the run back to the queue after the current wait

    def __post_init__(self):
        self.owner = self.owner or leases.new_owner("ray")
        self.actor_deaths = 0
        self._own_pool = self.pool is None
        self.busy_s = 0.0  # the driver's own time in the run (claims, storing, checks for cancel), not waits

    @property
    def actors(self) -> list:
        return self.pool.actors if self.pool else []

    # ------------------------------------------------------------------ the run
    def run(self) -> RunSummary:
        with session_scope(self.db_url) as session:
            run = session.get(Run, self.run_id)
            if run is None:
                raise NotFound(f"run {self.run_id} does not exist", where="run_id")
            if run.lease_owner != self.owner or run.state != "running":
                if not leases.claim_run(session, self.run_id, self.owner):
                    session.refresh(run)
                    raise Conflict(f"run {self.run_id} is {run.state}", where="run_id",
                                   fix="submit the brief again; finished jobs are skipped")
            campaign = session.get(Campaign, run.campaign_id)
            brief = Brief.model_validate(run.planned_brief(campaign))
            done_keys = set(session.exec(select(Asset.job_key).where(Asset.campaign_id == campaign.id)).all())
            self._profile, self._campaign_id = run.profile, campaign.id
            locales, kinds = run.locales or None, run.kinds or None
        self._brief_data = brief.model_dump(mode="json")
        summary = RunSummary(campaign_id=self._campaign_id, run_id=self.run_id)
        jobs = plan(brief, locales, kinds)
        pending = [j for j in jobs if j.key not in done_keys]
        summary.skipped = len(jobs) - len(pending)
        _set_run(self.db_url, self.run_id, total=len(jobs), done=summary.skipped, error=None)
        try:
            with leases.Heartbeat(self.db_url, self.run_id, self.owner) as heartbeat:
                self._drive(pending, len(jobs), summary, heartbeat)
        except LeaseLost:
            summary.state = "lost"
            return summary
        except HandedBack:
            _release(self.db_url, self._campaign_id, self.owner)
            self._hand_back()
            summary.state = "queued"
            return summary
        except BaseException as exc:
            _release(self.db_url, self._campaign_id, self.owner)
            if not _finish(self.db_url, self.run_id, self.owner, "failed", error=f"{type(exc).__name__}: {exc}"):
                with session_scope(self.db_url) as session:
                    _notify(session, "job.failed", {"job_id": self.run_id, "campaign_id": self._campaign_id,
                                                    "error": str(exc)})
            raise
        finally:
            if self._own_pool and self.pool:
                self.pool.shutdown()
                self.pool = None
        _release(self.db_url, self._campaign_id, self.owner)
        if _finish(self.db_url, self.run_id, self.owner, summary.state):
            summary.state = "cancelled"
        if summary.state == "completed":
            with session_scope(self.db_url) as session:
                _notify(session, "job.completed", {"job_id": self.run_id, "campaign_id": self._campaign_id,
                                                   "assets": sum(summary.counts.values())})
        return summary

    def _hand_back(self) -> None:
        """The run goes back to ``queued`` (its stored jobs stay; the next worker resumes it at once
        instead of waiting for the lease to expire)."""
        with session_scope(self.db_url) as session:
            run = session.get(Run, self.run_id)
            if run is not None and run.lease_owner == self.owner and run.state == "running":
                run.state, run.lease_owner, run.lease_expires_at, run.updated_at = "queued", None, None, utcnow()
                session.add(run)

    def _claim(self, batch: list[PlannedAsset]) -> list[PlannedAsset]:
        """The jobs of ``batch`` this run now holds and that have no asset yet."""
        keys = [j.key for j in batch]
        with session_scope(self.db_url) as session:
            have = set(session.exec(select(Asset.job_key).where(Asset.campaign_id == self._campaign_id,
                                                                Asset.job_key.in_(keys))).all())
            free = [k for k in keys if k not in have]
            held = set(leases.claim_jobs(session, self._campaign_id, self.run_id, self.owner, free))
        return [j for j in batch if j.key in held]

    def _drive(self, pending: list[PlannedAsset], total: int, summary: RunSummary, heartbeat) -> None:
        ray = require_ray()
        if self.pool is None:
            self.pool = WorkerPool(self.workers, address=self.address, cpus_per_worker=self.cpus_per_worker,
                                   gpus_per_worker=self.gpus_per_worker)
        queue = deque(even_batches(pending, len(self.actors)))
        started, self._waited = time.perf_counter(), 0.0
        try:
            self._loop(ray, queue, total, summary, heartbeat)
        finally:
            self.busy_s = time.perf_counter() - started - self._waited

    def _loop(self, ray, queue: deque, total: int, summary: RunSummary, heartbeat) -> None:
        context = (self._brief_data, self._profile, self._campaign_id, self.db_url)
        in_flight: dict = {}  # object ref -> (actor index, batch)
        load = [0] * len(self.actors)
        waiting: list[list[PlannedAsset]] = []  # batches another live run holds: tried again later
        done = summary.skipped
        while queue or in_flight or waiting:
            if heartbeat.lost.is_set():
                raise LeaseLost(f"run {self.run_id} was taken over by another worker")
            if self.stop is not None and self.stop.is_set():
                raise HandedBack(f"run {self.run_id} handed back to the queue")
            with session_scope(self.db_url) as session:
                if session.get(Run, self.run_id).cancel_requested:
                    summary.state = "cancelled"
                    return
            if not queue and not in_flight and waiting:
                time.sleep(POLL_S)
                queue.extend(waiting)
                waiting.clear()
            # Feed every actor up to its share; near the end one batch each, so the last batches go to
            # whichever actor frees first instead of waiting behind a slower (busier core's) actor.
            share = IN_FLIGHT_PER_ACTOR if len(queue) > len(self.actors) else 1
            while queue and min(load) < share:
                batch = queue.popleft()
                held = self._claim(batch)
                stored = [j for j in batch if j not in held and not self._claimed_elsewhere(j)]
                summary.skipped += len(stored)
                done += len(stored)
                rest = [j for j in batch if j not in held and j not in stored]
                if rest:
                    waiting.append(rest)
                if not held:
                    continue
                i = load.index(min(load))
                ref = self.actors[i].run_batch.remote(context, [j.model_dump(mode="json") for j in held])
                in_flight[ref] = (i, held)
                load[i] += 1
            if not in_flight:
                continue
            t0 = time.perf_counter()
            finished, _ = ray.wait(list(in_flight), num_returns=1, timeout=WAIT_S)
            self._waited += time.perf_counter() - t0
            if not finished:
                continue
            ready = finished[0]
            i, batch = in_flight.pop(ready)
            load[i] -= 1
            try:
                rows = ray.get(ready)
            except ray.exceptions.RayActorError:
                self._replace(i, in_flight, queue, batch)
                load[i] = 0
                continue
            made = [(Asset.model_validate(data), findings) for data, findings in rows]
            _store_batch(self.db_url, self.run_id, self._campaign_id, self.owner, self._profile, made, summary)
            done += len(batch)
            _set_run(self.db_url, self.run_id, done=done)
            if self.progress:
                self.progress(done, total, batch[-1].key)

    def _claimed_elsewhere(self, job: PlannedAsset) -> bool:
        with session_scope(self.db_url) as session:
            return bool(leases.claimed_by_others(session, self._campaign_id, self.owner, [job.key]))

    def _replace(self, i: int, in_flight: dict, queue: deque, batch: list[PlannedAsset]) -> None:
        """Actor ``i`` died: its batches go back to the front of the queue (still claimed by this run)
        and a fresh actor takes its place."""
        self.actor_deaths += 1
        if self.actor_deaths > MAX_ACTOR_DEATHS:
            raise StudioError(f"{self.actor_deaths} Ray workers died in run {self.run_id}", where="--executor ray",
                              fix="see the Ray logs of the workers (memory, GPU) and run the brief again; "
                                  "stored jobs are skipped")
        lost = [batch] + [b for ref, (j, b) in list(in_flight.items()) if j == i]
        for ref in [ref for ref, (j, _) in in_flight.items() if j == i]:
            del in_flight[ref]
        queue.extendleft(reversed(lost))
        self.pool.replace(i)


# Jobs per Ray worker batch: smaller than the local pipeline's, so the workers share a campaign out evenly.
BATCH_SIZE = 8


def even_batches(jobs: list[PlannedAsset], workers: int) -> list[list[PlannedAsset]]:
    """Batches of one kind each (one model), at most BATCH_SIZE jobs, as many per kind as a whole number of
    rounds over the workers: 69 jobs on 2 workers are 10 batches of 7 (5 each), not 8 of 8 and one of 5,
    which leaves one worker a batch behind the other at the end."""
    by_kind: dict[str, list[PlannedAsset]] = {}
    for job in jobs:
        by_kind.setdefault(job.kind, []).append(job)
    out = []
    for kind in ("copy", "video_script", "image", *sorted(set(by_kind) - {"copy", "video_script", "image"})):
        group = by_kind.get(kind, [])
        if not group:
            continue
        rounds = -(-len(group) // (workers * BATCH_SIZE))
        count = min(len(group), rounds * workers)
        size, extra = divmod(len(group), count)
        start = 0
        for b in range(count):  # the first `extra` batches one job larger
            end = start + size + (b < extra)
            out.append(group[start:end])
            start = end
    return out


def execute_ray(run_id: int, **options) -> RunSummary:
    """``studio generate --executor ray``: execute a submitted run on Ray workers (see RayExecutor)."""
    return RayExecutor(run_id, **options).run()
