"""Run a brief end to end: plan -> prompt -> generate (batched per model) -> check -> store for review.

Idempotent and resumable: each asset is committed with its version, findings and audit entry in one
transaction per batch, and a later run skips every job whose asset already exists, so a run killed
halfway resumes with nothing lost and nothing duplicated.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from studio.core import timings
from studio.core.config import get_settings
from studio.core.errors import Conflict, NotFound
from studio.generate.drafting import DraftMaker
from studio.plan.brief import Brief, PlannedAsset, check_waivers, plan
from studio.review import records as svc
from studio.runs import leases
from studio.store.database import session_scope
from studio.store.outbox import enqueue
from studio.store.tables import Asset, AssetStatus, Campaign, Run, utcnow

Progress = Callable[[int, int, str], None]
# Jobs per batch (one kind): a batch's candidates go to the model in one call and its repairs in one more, so
# the sample brief's 12 copy jobs in one batch make 2 calls instead of 4, and llama.cpp's slots stay full.
BATCH_SIZE = 16


@dataclass
class RunSummary:
    campaign_id: int
    run_id: int
    state: str = "completed"
    counts: Counter = field(default_factory=Counter)  # (locale, kind) -> assets made in this run
    findings: Counter = field(default_factory=Counter)  # severity -> count, over this run's assets
    skipped: int = 0  # jobs whose asset already existed (resume / re-run)
    problems: list[str] = field(default_factory=list)


def _brief_hash(brief: Brief) -> str:
    return hashlib.sha256(json.dumps(brief.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def submit(brief: Brief, *, db_url: str | None = None, profile: str | None = None, locales: list[str] | None = None,
           kinds: list[str] | None = None, actor: str = "cli") -> tuple[int, int]:
    """Create or update the campaign and queue a run. Fast: no model is touched."""
    from studio.generate.profiles import load_profile

    jobs = plan(brief, locales, kinds)  # validates --locales / --kinds before anything is stored
    if brief.waivers:
        from studio.checks.engine import get_check_engine

        check_waivers(brief, set(get_check_engine().ruleset.by_id))
    profile = profile or get_settings().profile
    load_profile(profile)  # an unknown profile fails here, before anything is stored
    with session_scope(db_url) as session:
        campaign = session.exec(select(Campaign).where(Campaign.brand == brief.brand,
                                                       Campaign.name == brief.campaign)).first()
        data, digest = brief.model_dump(mode="json"), _brief_hash(brief)
        if campaign is None:
            campaign = Campaign(name=brief.campaign, brand=brief.brand, brief=data, brief_hash=digest)
            session.add(campaign)
            session.flush()
            svc.audit(session, actor, "create", "campaign", campaign.id, None, {"brief_hash": digest})
        elif campaign.brief_hash != digest:
            before = {"brief_hash": campaign.brief_hash}
            campaign.brief, campaign.brief_hash, campaign.updated_at = data, digest, utcnow()
            session.add(campaign)
            svc.audit(session, actor, "update_brief", "campaign", campaign.id, before, {"brief_hash": digest})
        run = Run(campaign_id=campaign.id, profile=profile, locales=list(locales or []), kinds=list(kinds or []),
                  total=len(jobs), brief=data)
        session.add(run)
        session.flush()
        svc.audit(session, actor, "submit", "run", run.id, None, {"campaign_id": campaign.id, "jobs": len(jobs)})
        return campaign.id, run.id


def run_brief(brief: Brief, *, db_url: str | None = None, profile: str | None = None,
              locales: list[str] | None = None, kinds: list[str] | None = None,
              progress: Progress | None = None) -> RunSummary:
    """Submit and execute in this process (the CLI path)."""
    _, run_id = submit(brief, db_url=db_url, profile=profile, locales=locales, kinds=kinds)
    return execute(run_id, db_url=db_url, progress=progress)


def _set_run(db_url: str | None, run_id: int, **values) -> Run:
    with session_scope(db_url) as session:
        run = session.get(Run, run_id)
        for key, value in values.items():
            setattr(run, key, value)
        run.updated_at = utcnow()
        session.add(run)
        return run


def _notify(session: Session, event: str, payload: dict) -> None:
    enqueue(session, event, payload)


POLL_S = 0.5  # how often a run waiting on jobs another run holds looks again


class LeaseLost(Exception):
    """Another process took the run over (this one stopped beating for a lease's length)."""


def execute(run_id: int, *, db_url: str | None = None, progress: Progress | None = None,
            owner: str | None = None) -> RunSummary:
    """Generate, check and store every job of the run that has no asset yet.

    The run is executed under a lease (``owner``, renewed by a heartbeat): a worker that claimed it
    passes its owner; otherwise this call takes the lease (a queued run, or a running one whose process
    died). Jobs are claimed a batch at a time, so another run of the same brief shares the work: jobs it
    holds are left to it and waited for, and taken over if its lease expires."""
    owner = owner or leases.new_owner("cli")
    with session_scope(db_url) as session:
        run = session.get(Run, run_id)
        if run is None:
            raise NotFound(f"run {run_id} does not exist", where="run_id")
        if run.lease_owner != owner or run.state != "running":
            if not leases.claim_run(session, run_id, owner):
                session.refresh(run)
                raise Conflict(f"run {run_id} is {run.state}" + (" in another process" if run.state == "running" else ""),
                               where="run_id", fix="submit the brief again; finished jobs are skipped")
        campaign = session.get(Campaign, run.campaign_id)
        brief = Brief.model_validate(run.planned_brief(campaign))
        done_keys = set(session.exec(select(Asset.job_key).where(Asset.campaign_id == campaign.id)).all())
        profile_name, locales, kinds = run.profile, run.locales or None, run.kinds or None
    summary = RunSummary(campaign_id=campaign.id, run_id=run_id)
    jobs = plan(brief, locales, kinds)
    pending = [j for j in jobs if j.key not in done_keys]
    summary.skipped = len(jobs) - len(pending)
    _set_run(db_url, run_id, total=len(jobs), done=summary.skipped, error=None)
    try:
        with leases.Heartbeat(db_url, run_id, owner) as heartbeat:
            worker = None
            while pending:
                if heartbeat.lost.is_set():
                    raise LeaseLost(f"run {run_id} was taken over by another worker")
                with session_scope(db_url) as session:
                    if session.get(Run, run_id).cancel_requested:
                        summary.state = "cancelled"
                        break
                    have = set(session.exec(select(Asset.job_key).where(
                        Asset.campaign_id == campaign.id, Asset.job_key.in_([j.key for j in pending]))).all())
                    summary.skipped += len(have)  # made meanwhile by another run of the same brief
                    pending = [j for j in pending if j.key not in have]
                    others = leases.claimed_by_others(session, campaign.id, owner, [j.key for j in pending])
                    batch = next(_batches([j for j in pending if j.key not in others]), [])
                    held = set(leases.claim_jobs(session, campaign.id, run_id, owner, [j.key for j in batch]))
                batch = [j for j in batch if j.key in held]
                if not batch:
                    if pending:  # every pending job is another live run's: wait for it (or its lease to end)
                        time.sleep(POLL_S)
                    continue
                worker = worker or DraftMaker(brief, profile_name, campaign.id, db_url)
                made = worker.run_batch(batch)
                with timings.phase("store"):
                    _store_batch(db_url, run_id, campaign.id, owner, profile_name, made, summary)
                pending = [j for j in pending if j.key not in held]
                _set_run(db_url, run_id, done=len(jobs) - len(pending))
                if progress:
                    progress(len(jobs) - len(pending), len(jobs), batch[-1].key)
    except LeaseLost:
        summary.state = "lost"  # the new owner finishes it; nothing here may change the run
        return summary
    except BaseException as exc:
        _release(db_url, campaign.id, owner)
        cancelled = _finish(db_url, run_id, owner, "failed", error=f"{type(exc).__name__}: {exc}")
        if not cancelled:
            with session_scope(db_url) as session:
                _notify(session, "job.failed", {"job_id": run_id, "campaign_id": summary.campaign_id, "error": str(exc)})
        raise
    _release(db_url, campaign.id, owner)
    if _finish(db_url, run_id, owner, summary.state):
        summary.state = "cancelled"
    if summary.state == "completed":
        with session_scope(db_url) as session:
            _notify(session, "job.completed", {"job_id": run_id, "campaign_id": summary.campaign_id,
                                               "assets": sum(summary.counts.values())})
    return summary


def _store_batch(db_url, run_id: int, campaign_id: int, owner: str, profile_name: str, made, summary: RunSummary) -> None:
    """Commit one batch (assets, versions, findings, audit) and drop its claims, in one transaction.
    A job whose asset another run stored meanwhile (its claim had expired) is skipped, not duplicated."""
    rows = [(asset.model_dump(exclude={"id"}), findings) for asset, findings in made]
    for attempt in range(3):
        made = [(Asset.model_validate(data), findings) for data, findings in rows]  # new objects each try
        try:
            counted: Counter = Counter()
            with session_scope(db_url) as session:
                keys = [asset.job_key for asset, _ in made]
                exists = set(session.exec(select(Asset.job_key).where(Asset.campaign_id == campaign_id,
                                                                      Asset.job_key.in_(keys))).all())
                fresh = [(a, f) for a, f in made if a.job_key not in exists]
                for asset, findings in fresh:
                    session.add(asset)
                    session.flush()
                    svc.add_version(session, asset, author=f"model:{profile_name}", reason="generated")
                    svc.store_findings(session, asset, findings)
                    svc.audit(session, f"model:{profile_name}", "generate", "asset", asset.id, None, svc.snapshot(asset))
                    counted[(asset.locale, asset.kind)] += 1
                leases.release_jobs(session, campaign_id, owner, keys)
            break
        except IntegrityError:  # another run stored one of these jobs between our check and our insert
            if attempt == 2:
                raise
    summary.counts.update(counted)
    summary.skipped += len(made) - len(fresh)
    for asset, findings in fresh:
        summary.findings.update(f.severity for f in findings)  # brief waivers: dropped by the checks
        summary.problems += (asset.generation or {}).get("problems", [])


def _release(db_url: str | None, campaign_id: int, owner: str) -> None:
    try:
        with session_scope(db_url) as session:
            leases.release_jobs(session, campaign_id, owner)
    except Exception:  # the claims expire with the lease anyway
        pass


def _finish(db_url: str | None, run_id: int, owner: str, state: str, error: str | None = None) -> bool:
    """End the run we hold: ``state``, or ``cancelled`` when a cancel was asked for and the run did not
    complete (a cancel always ends in cancelled). Returns True when it ended cancelled."""
    with session_scope(db_url) as session:
        run = session.get(Run, run_id)
        if run is None or run.lease_owner != owner:
            return False
        cancelled = run.cancel_requested and state != "completed"
        run.state = "cancelled" if cancelled else state
        run.error = error if not cancelled else None
        run.lease_owner, run.lease_expires_at, run.updated_at = None, None, utcnow()
        session.add(run)
        if cancelled or state == "cancelled":
            _notify(session, "job.cancelled", {"job_id": run_id, "campaign_id": run.campaign_id})
        return cancelled or state == "cancelled"


def _batches(jobs: list[PlannedAsset]) -> Iterable[list[PlannedAsset]]:
    """Batches that share a model: text kinds together, image jobs apart, in plan order."""
    by_kind: dict[str, list[PlannedAsset]] = defaultdict(list)
    for job in jobs:
        by_kind[job.kind].append(job)
    for kind in ("copy", "video_script", "image"):
        group = by_kind.get(kind, [])
        for i in range(0, len(group), BATCH_SIZE):
            yield group[i: i + BATCH_SIZE]


def regenerate(asset_id: int, actor, note: str, *, db_url: str | None = None) -> Asset:
    """Generate a new version of one asset (same job), with the reviewer's note in the prompt."""
    with session_scope(db_url) as session:
        asset = session.get(Asset, asset_id)
        if asset is None:
            raise NotFound(f"asset {asset_id} does not exist", where="asset_id")
        if not actor.can_access(asset.locale):
            from studio.core.errors import PermissionDenied

            raise PermissionDenied(f"{actor.name} is not assigned to {asset.locale}", where="asset_id")
        campaign = session.get(Campaign, asset.campaign_id)
        brief = Brief.model_validate(campaign.brief)
        run = session.exec(select(Run).where(Run.campaign_id == campaign.id).order_by(Run.id.desc())).first()
        profile = run.profile if run else get_settings().profile
        job = PlannedAsset(locale=asset.locale, kind=asset.kind, channel=asset.channel, variant=asset.variant,
                  duration_s=next((a.duration_s for a in brief.assets if a.kind == asset.kind and a.channel == asset.channel), None))
    worker = DraftMaker(brief, profile, campaign.id, db_url, note=note, seed_offset=random.randrange(1, 10_000))
    [(fresh, _)] = worker.run_batch([job])
    with session_scope(db_url) as session:
        asset = session.get(Asset, asset_id)
        before = svc.snapshot(asset)
        asset.text, asset.script, asset.image_path = fresh.text, fresh.script, fresh.image_path
        asset.image_prompt, asset.note, asset.generation = fresh.image_prompt, fresh.note, fresh.generation
        svc.compare_and_set(session, asset, None)
        asset.status = AssetStatus.IN_REVIEW
        session.add(asset)
        session.flush()
        svc.add_version(session, asset, author=f"model:{profile}", reason=f"regenerate: {note}")
        svc.store_findings(session, asset, svc.run_checks(asset, brief))
        svc.audit(session, actor.name, "regenerate", "asset", asset.id, before, {**svc.snapshot(asset), "note": note})
        return asset

