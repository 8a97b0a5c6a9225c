"""/v1/campaigns (queue a run of a brief, list, read one) and /v1/jobs (list by state, progress, cancel)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Literal, Optional

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import ValidationError
from sqlmodel import func, select

from studio.accounts.apikeys import Principal
from studio.api.deps import MAX_ID, Id, db_url, idempotent, require
from studio.api.problems import ApiError
from studio.api.schemas import BRIEF_EXAMPLE, CampaignAccepted, CampaignPage, CampaignSummary, JobOut, JobPage, Progress
from studio.core.errors import BriefError, InputError, NotFound
from studio.core.yamlfile import format_loc, validation_error
from studio.plan.brief import BRIEF_FIX, Brief, parse_brief, plan
from studio.store.database import session_scope
from studio.store.outbox import enqueue
from studio.store.tables import Asset, Campaign, Run, RunState, utcnow

router = APIRouter(prefix="/v1", tags=["campaigns"])
ERRORS = {401: {"description": "no or invalid API key"}, 403: {"description": "the key lacks the scope"},
          422: {"description": "invalid body or parameter; `errors` names each field"}}


def parse_brief_body(data: Any) -> Brief:
    """``parse_brief`` plus a field-by-field ``errors`` list for the problem body."""
    if not isinstance(data, dict):
        return parse_brief(data, source="body")
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        err = validation_error(exc, "body", None, BriefError, BRIEF_FIX)
        err.errors = [{"field": format_loc(tuple(p for p in e["loc"] if not str(p).startswith("function-"))),
                       "message": e["msg"]} for e in exc.errors()]
        raise err from None


def check_profile(profile: Optional[str]) -> None:
    """Only a profile the server has (models/NAME.yaml, by name): no paths, and the answer names none."""
    from studio.generate.profiles import profile_names

    if profile is None:
        return
    known = profile_names()
    if profile not in known:
        err = InputError(f"unknown model profile {profile[:100]!r}", where="query.profile",
                         fix=f"use one of: {', '.join(known)} (or leave it out for the server's default)")
        err.errors = [{"field": "query.profile", "message": "not a known profile name"}]
        raise err


def _split(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] or None if value else None


@router.post("/campaigns", status_code=202, response_model=CampaignAccepted, responses={**ERRORS, 409: {
    "description": "a request with this Idempotency-Key is in progress"}},
    summary="Submit a brief; generation runs in the background",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Brief"}}}}})
def create_campaign(request: Request,
                    brief: dict[str, Any] = Body(..., examples=[BRIEF_EXAMPLE],
                                                 description="the campaign brief, same schema as the YAML brief"),
                    profile: Optional[str] = Query(None, max_length=100, description="model profile (default: server's)"),
                    locales: Optional[str] = Query(None, max_length=1000, description="comma-separated subset of the brief's locales"),
                    kinds: Optional[str] = Query(None, max_length=100, description="comma-separated: copy,image,video_script"),
                    principal: Principal = Depends(require("write"))):
    """Validates the brief, creates or updates the campaign (same brand + campaign name = same campaign) and
    queues a job; returns 202 at once. Poll `status_url`, or subscribe to the `job.completed` webhook."""

    check_profile(profile)

    def work():
        from studio.runs import pipeline

        parsed = parse_brief_body(brief)
        campaign_id, run_id = pipeline.submit(parsed, db_url=db_url(request), profile=profile, locales=_split(locales),
                                              kinds=_split(kinds), actor=principal.actor.name)
        return 202, CampaignAccepted(campaign_id=campaign_id, job_id=run_id, status_url=f"/v1/jobs/{run_id}")

    payload = {"brief": brief, "profile": profile, "locales": locales, "kinds": kinds}
    response = idempotent(request, principal, payload, work)
    if response.status_code == 202:  # the job to poll, also on an idempotent replay
        import json

        response.headers["Location"] = json.loads(response.body)["status_url"]
    return response


def page_cursor(cursor: Optional[str]) -> Optional[int]:
    """The id a page continues below (lists are newest first); 422 for a cursor this API did not return."""
    if cursor is None:
        return None
    if not cursor.isdigit() or not 1 <= int(cursor) <= MAX_ID:
        raise ApiError(422, "the cursor is not one this API returned", errors=[
            {"field": "query.cursor", "message": "invalid cursor"}],
            fix="pass next_cursor from the previous page unchanged, or leave it out to start again")
    return int(cursor)


def newest_first(session, query, id_column, cursor: Optional[str], limit: int) -> tuple[list, Optional[str]]:
    """One page of ``query`` by descending id, after the cursor of the previous page: (rows, next_cursor)."""
    after = page_cursor(cursor)
    if after is not None:
        query = query.where(id_column < after)
    rows = list(session.exec(query.order_by(id_column.desc()).limit(limit + 1)).all())
    return rows[:limit], (str(rows[limit - 1].id) if len(rows) > limit else None)


@router.get("/campaigns", response_model=CampaignPage, responses=ERRORS, summary="List campaigns, newest first")
def list_campaigns(request: Request, brand: Optional[str] = Query(None, max_length=200),
                   name: Optional[str] = Query(None, max_length=200),
                   cursor: Optional[str] = Query(None, max_length=20, description="next_cursor of the previous page"),
                   limit: int = Query(50, ge=1, le=500), principal: Principal = Depends(require("read"))):
    query = select(Campaign)
    if brand is not None:
        query = query.where(Campaign.brand == brand)
    if name is not None:
        query = query.where(Campaign.name == name)
    with session_scope(db_url(request)) as session:
        rows, next_cursor = newest_first(session, query, Campaign.id, cursor, limit)
        ids = [c.id for c in rows]
        counts: dict = {}
        if ids:
            for campaign_id, status, n in session.exec(select(Asset.campaign_id, Asset.status, func.count())
                                                       .where(Asset.campaign_id.in_(ids))
                                                       .group_by(Asset.campaign_id, Asset.status)).all():
                counts.setdefault(campaign_id, {})[str(status)] = n
        items = [CampaignSummary.model_validate({**c.model_dump(), "assets_by_status": counts.get(c.id, {})})
                 for c in rows]
    return CampaignPage(items=items, next_cursor=next_cursor)


@router.get("/jobs", response_model=JobPage, responses=ERRORS, summary="List jobs, newest first, by state or campaign")
def list_jobs(request: Request,
              state: Optional[Literal["queued", "running", "completed", "failed", "cancelled"]] = None,
              campaign: Optional[int] = Query(None, ge=1, le=MAX_ID, description="campaign id"),
              cursor: Optional[str] = Query(None, max_length=20, description="next_cursor of the previous page"),
              limit: int = Query(20, ge=1, le=100), principal: Principal = Depends(require("read"))):
    query = select(Run)
    if state is not None:
        query = query.where(Run.state == state)
    if campaign is not None:
        query = query.where(Run.campaign_id == campaign)
    with session_scope(db_url(request)) as session:
        rows, next_cursor = newest_first(session, query, Run.id, cursor, limit)
        items = [_job(session, run) for run in rows]
    return JobPage(items=items, next_cursor=next_cursor)


def _job(session, run: Run) -> JobOut:
    campaign = session.get(Campaign, run.campaign_id)
    planned: Counter = Counter()
    keys: set[str] = set()
    try:
        for job in plan(Brief.model_validate(run.planned_brief(campaign)), run.locales or None, run.kinds or None):
            planned[(job.locale, job.kind)] += 1
            keys.add(job.key)
    except (ValidationError, BriefError):  # a stored brief that no longer validates (e.g. a locale removed)
        pass
    done: Counter = Counter()
    rows = session.exec(select(Asset.locale, Asset.kind, Asset.job_key).where(Asset.campaign_id == run.campaign_id)).all()
    for locale, kind, key in rows:
        if key in keys:
            done[(locale, kind)] += 1
    progress = [Progress(locale=loc, kind=k, planned=n, done=done[(loc, k)]) for (loc, k), n in planned.items()]
    fields = run.model_dump(exclude={"locales", "kinds", "lease_owner", "lease_expires_at", "heartbeat_at"})
    if progress:  # one source for both: `done` never disagrees with the progress beside it
        fields["done"], fields["total"] = sum(p.done for p in progress), sum(p.planned for p in progress)
    return JobOut(**fields, progress=progress)


def _get_run(session, job_id: int) -> Run:
    run = session.get(Run, job_id)
    if run is None:
        raise NotFound(f"job {job_id} does not exist", where="job_id", fix="use the job_id returned by POST /v1/campaigns")
    return run


@router.get("/jobs/{job_id}", response_model=JobOut, responses={**ERRORS, 404: {"description": "no such job"}},
            summary="State and progress of a generation job")
def get_job(request: Request, job_id: Id, principal: Principal = Depends(require("read"))):
    with session_scope(db_url(request)) as session:
        return _job(session, _get_run(session, job_id))


@router.post("/jobs/{job_id}/cancel", response_model=JobOut, responses={**ERRORS, 404: {"description": "no such job"}},
             summary="Cancel a job: a queued job stops at once, a running one after its current batch")
def cancel_job(request: Request, job_id: Id, principal: Principal = Depends(require("write"))):
    def work():
        from studio.review import records as svc

        with session_scope(db_url(request)) as session:
            run = _get_run(session, job_id)
            if run.state in ("queued", "running"):
                before = {"state": run.state}
                run.cancel_requested, run.updated_at = True, utcnow()
                lease = run.lease_expires_at
                if lease is not None and lease.tzinfo is None:
                    lease = lease.replace(tzinfo=dt.UTC)
                if run.state == "queued" or lease is None or lease < utcnow():
                    run.state = RunState.CANCELLED  # queued, or its process died: nobody else would end it
                    run.lease_owner, run.lease_expires_at = None, None
                session.add(run)
                svc.audit(session, principal.actor.name, "cancel", "run", run.id, before, {"state": run.state})
                if run.state == "cancelled":  # a running job announces it when its batch ends (pipeline)
                    enqueue(session, "job.cancelled", {"job_id": run.id, "campaign_id": run.campaign_id})
            session.flush()
            return 200, _job(session, run)

    return idempotent(request, principal, {"job_id": job_id}, work)


@router.get("/campaigns/{campaign_id}", summary="A campaign, its brief and its asset counts by status",
            responses={**ERRORS, 404: {"description": "no such campaign"}})
def get_campaign(request: Request, campaign_id: Id, principal: Principal = Depends(require("read"))) -> dict:
    with session_scope(db_url(request)) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound(f"campaign {campaign_id} does not exist", where="campaign_id")
        counts = dict(session.exec(select(Asset.status, func.count()).where(Asset.campaign_id == campaign_id)
                                   .group_by(Asset.status)).all())
        jobs = session.exec(select(Run.id).where(Run.campaign_id == campaign_id).order_by(Run.id)).all()
        by_locale: dict[str, dict[str, int]] = {}
        for locale, status, n in session.exec(select(Asset.locale, Asset.status, func.count())
                                              .where(Asset.campaign_id == campaign_id)
                                              .group_by(Asset.locale, Asset.status)).all():
            row = by_locale.setdefault(locale, {"assets": 0, "approved": 0})
            row["assets"] += n
            row["approved"] += n if status == "approved" else 0
        return {"id": campaign.id, "name": campaign.name, "brand": campaign.brand, "brief": campaign.brief,
                "created_at": campaign.created_at, "updated_at": campaign.updated_at,
                "assets_by_status": counts, "approvals_by_locale": dict(sorted(by_locale.items())),
                "job_ids": list(jobs)}
