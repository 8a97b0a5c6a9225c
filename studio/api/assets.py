"""/v1/assets: list with filters and cursor pagination, detail, the image file, and headless review."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import and_, or_
from sqlmodel import select

from studio.accounts.apikeys import Principal
from studio.api.campaigns import ERRORS
from studio.api.deps import MAX_ID, Id, db_url, idempotent, require
from studio.api.problems import ApiError
from studio.api.schemas import AssetDetail, AssetPage, AssetSummary, DecisionIn, DecisionOut, DecisionResult
from studio.core.config import get_settings
from studio.core.errors import NotFound
from studio.review import decisions as review
from studio.review.records import findings_of, waiver_records
from studio.store.database import session_scope
from studio.store.tables import STATUSES, Asset, AuditLog, ReviewDecision

router = APIRouter(prefix="/v1", tags=["assets"])
NOT_FOUND = {404: {"description": "no such asset"}}


def encode_cursor(asset: Asset) -> str:
    raw = json.dumps([asset.updated_at.isoformat(), asset.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, asset_id = json.loads(raw)
        asset_id = int(asset_id)
        if not 0 <= asset_id <= MAX_ID:
            raise ValueError(asset_id)
        return _utc(dt.datetime.fromisoformat(stamp)), asset_id
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        raise ApiError(422, "the cursor is not one this API returned", errors=[
            {"field": "query.cursor", "message": "invalid cursor"}],
            fix="pass next_cursor from the previous page unchanged, or leave it out to start again") from None


def _utc(value: dt.datetime) -> dt.datetime:
    """Stored times are aware UTC; a time without an offset is read as UTC."""
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def summary(asset: Asset) -> AssetSummary:
    return AssetSummary.model_validate(asset).model_copy(update={"image_url": image_url(asset)})


def image_url(asset: Asset) -> Optional[str]:
    return f"/v1/assets/{asset.id}/image" if asset.image_path else None


@router.get("/assets", response_model=AssetPage, responses=ERRORS, summary="List assets, oldest change first")
def list_assets(request: Request,
                campaign: Optional[int] = Query(None, ge=1, le=MAX_ID, description="campaign id"),
                locale: Optional[str] = Query(None, max_length=35), kind: Optional[Literal["copy", "image", "video_script"]] = None,
                channel: Optional[str] = Query(None, max_length=100),
                status: Optional[Literal[STATUSES]] = None,  # type: ignore[valid-type]
                updated_since: Optional[dt.datetime] = Query(None, description="ISO 8601; only assets changed after it"),
                cursor: Optional[str] = Query(None, max_length=500, description="next_cursor of the previous page"),
                limit: int = Query(50, ge=1, le=500),
                principal: Principal = Depends(require("read"))):
    """Ordered by (updated_at, id) so a CMS can sync with `updated_since` and page with `cursor`."""
    query = select(Asset)
    for column, value in ((Asset.campaign_id, campaign), (Asset.locale, locale), (Asset.kind, kind),
                          (Asset.channel, channel), (Asset.status, status)):
        if value is not None:
            query = query.where(column == value)
    if updated_since is not None:
        try:
            since = _utc(updated_since)
        except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before the first representable UTC time
            raise ApiError(422, "updated_since is outside the range of representable UTC times", errors=[
                {"field": "query.updated_since", "message": "out of range in UTC"}],
                fix="send a time between years 0001 and 9999 in UTC, e.g. 2026-01-01T00:00:00Z") from None
        query = query.where(Asset.updated_at > since)
    if cursor:
        stamp, last_id = decode_cursor(cursor)
        query = query.where(or_(Asset.updated_at > stamp, and_(Asset.updated_at == stamp, Asset.id > last_id)))
    query = query.order_by(Asset.updated_at, Asset.id).limit(limit + 1)
    with session_scope(db_url(request)) as session:
        rows = list(session.exec(query).all())
        items = [summary(a) for a in rows[:limit]]
        nxt = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return AssetPage(items=items, next_cursor=nxt)


@router.get("/assets/{asset_id}", response_model=AssetDetail, responses={**ERRORS, **NOT_FOUND},
            summary="One asset with findings, versions, decisions and audit trail")
def get_asset(request: Request, asset_id: Id, principal: Principal = Depends(require("read"))):
    with session_scope(db_url(request)) as session:
        asset = review.get_asset(session, asset_id, principal.actor)
        decisions = session.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset_id)
                                 .order_by(ReviewDecision.id)).all()
        audit = session.exec(select(AuditLog).where(AuditLog.entity == "asset", AuditLog.entity_id == asset_id)
                             .order_by(AuditLog.id)).all()
        decision_rows = [DecisionOut.model_validate(d) for d in decisions]
        latest = next((d for d in reversed(decision_rows) if d.action in review.TRANSITIONS), None)
        return AssetDetail.model_validate({
            **asset.model_dump(), "image_url": image_url(asset), "waivers": waiver_records(session, asset_id),
            "findings": [f.model_dump() for f in findings_of(session, asset_id)],
            "versions": [v.model_dump() for v in review.versions(session, asset_id)],
            "decision": latest, "decisions": decision_rows, "audit": [a.model_dump() for a in audit]})


def resolve_media(image_path: str) -> Path:
    """The asset's file, only if it lies under the media folder (no path traversal)."""
    media = get_settings().media_dir.resolve()
    path = Path(image_path)
    path = (path if path.is_absolute() else media / path).resolve()
    if not path.is_relative_to(media) or not path.is_file():
        raise NotFound("the asset's image file is not available", where="image_path",
                       fix="regenerate the image, or check the server's STUDIO_MEDIA_DIR")
    return path


@router.get("/assets/{asset_id}/image", responses={**ERRORS, **NOT_FOUND, 200: {"content": {"image/png": {}}}},
            response_class=FileResponse, summary="The asset's image file (PNG)")
def get_image(request: Request, asset_id: Id, principal: Principal = Depends(require("read"))):
    with session_scope(db_url(request)) as session:
        asset = review.get_asset(session, asset_id, principal.actor)
        if not asset.image_path:
            raise NotFound(f"asset {asset_id} has no image", where="asset_id",
                           fix="only image assets generated with an image model have one")
        path = resolve_media(asset.image_path)
    return FileResponse(path, media_type="image/png" if path.suffix.lower() == ".png" else None)


@router.post("/assets/{asset_id}/decision", response_model=DecisionResult, summary="Approve, reject or request changes",
             responses={**ERRORS, **NOT_FOUND, 409: {"description": "stale version (the problem body has "
                        "`current_version`) or a transition the asset's state or findings do not allow"}})
def decide(request: Request, asset_id: Id, body: DecisionIn, principal: Principal = Depends(require("review"))):
    """Same rules as the review UI: a remaining block finding stops approval; reject and request_changes
    need a reason; `version` must be the asset's current version."""

    def work():
        with session_scope(db_url(request)) as session:
            asset = review.decide(session, asset_id, body.action, principal.actor, expected_version=body.version,
                                  reason=body.reason)
            session.flush()
            row = session.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset_id)
                               .order_by(ReviewDecision.id.desc())).first()
            return 200, DecisionResult(asset=summary(asset), decision=DecisionOut.model_validate(row))

    return idempotent(request, principal, {"asset_id": asset_id, **body.model_dump()}, work)
