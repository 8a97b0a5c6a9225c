"""/v1/assets: list with filters and cursor pagination, detail, the image file, and headless review
(decide, edit, waive, comment) through the same review functions as the UI.

Concurrency: every asset answers with ``ETag: "asset-ID-vN"``. A change (decision, edit, waiver) names
the version it was made on, either as ``If-Match: <ETag>`` or as ``version`` in the body:
- If-Match names another version than the current one: 412 Precondition Failed (with ``current_version``);
- ``version`` in the body is stale: 409 Conflict (with ``current_version``), as before;
- neither is sent: 428 Precondition Required (a blind write could overwrite a colleague's change).
Both may be sent; they must agree (else 412).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import and_, or_
from sqlmodel import select

from studio.accounts.apikeys import Principal
from studio.api.campaigns import ERRORS
from studio.api.deps import MAX_ID, Id, db_url, idempotent, require
from studio.api.problems import ApiError
from studio.api.schemas import (
    AssetDetail,
    AssetPage,
    AssetSummary,
    CommentIn,
    CommentOut,
    DecisionIn,
    DecisionOut,
    DecisionResult,
    EditIn,
    WaiverIn,
)
from studio.core.config import get_settings
from studio.core.errors import Conflict, InputError, NotFound
from studio.review import decisions as review
from studio.review.records import findings_of, waiver_records
from studio.store.database import session_scope
from studio.store.tables import STATUSES, Asset, AuditLog, Comment, ReviewDecision

router = APIRouter(prefix="/v1", tags=["assets"])
NOT_FOUND = {404: {"description": "no such asset"}}
CHANGE = {409: {"description": "stale `version` in the body (the problem has `current_version`), or a change "
                               "the asset's state or findings do not allow"},
          412: {"description": "If-Match names another version than the current one (`current_version`)"},
          428: {"description": "neither If-Match nor `version`: say which version you changed"}}
ETAG = re.compile(r'^(?:W/)?"asset-(\d{1,10})-v(\d{1,10})"$')


def etag(asset_id: int, version: int) -> str:
    return f'"asset-{asset_id}-v{version}"'


def precondition(request: Request, asset_id: int, body_version: int | None) -> tuple[int | None, bool]:
    """(expected version, from If-Match?) for a change; 428 when the client names no version at all."""
    header = request.headers.get("If-Match")
    if header is None:
        if body_version is None:
            raise ApiError(428, "say which version of the asset you changed", fix='send If-Match: "asset-ID-vN" '
                           "(the ETag of GET /v1/assets/ID) or `version` in the body")
        return body_version, False
    if header.strip() == "*":
        return body_version, False
    match = ETAG.match(header.strip())
    if match is None or int(match[1]) != asset_id:
        raise ApiError(412, f"If-Match {header[:100]!r} is not an ETag of asset {asset_id}",
                       fix=f'send the ETag of GET /v1/assets/{asset_id}, e.g. "asset-{asset_id}-v1"')
    version = int(match[2])
    if body_version is not None and body_version != version:
        raise ApiError(412, f"If-Match names version {version} but the body says version {body_version}",
                       fix="send one of them, or make them agree")
    return version, True


def changed(request: Request, asset_id: int, body_version: int | None, change):
    """Run ``change(expected_version)``; a stale If-Match is a 412 (a stale body version stays a 409)."""
    expected, by_header = precondition(request, asset_id, body_version)
    try:
        return change(expected)
    except Conflict as exc:
        if not by_header:
            raise
        current = exc.current.get("version") if isinstance(exc.current, dict) else None
        raise ApiError(412, f"If-Match: the asset is at version {current}, not {expected}", current_version=current,
                       fix="GET the asset again, review the current version and retry with its ETag") from None


def with_etag(response: JSONResponse, asset: dict, location: str | None = None) -> JSONResponse:
    if response.status_code < 300:
        response.headers["ETag"] = etag(asset["id"], asset["version"])
        if location:
            response.headers["Location"] = location
    return response


def versioned(request: Request, principal: Principal, asset_id: int, body, change) -> JSONResponse:
    """One change of an asset's current version (a decision, edit or waiver): ``change(expected_version)``
    runs under If-Match or the body's version (see ``changed``) and replays under its Idempotency-Key."""
    payload = {"asset_id": asset_id, "if_match": request.headers.get("If-Match"), **body.model_dump()}
    return idempotent(request, principal, payload, lambda: changed(request, asset_id, body.version, change))


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
def get_asset(request: Request, response: Response, asset_id: Id, principal: Principal = Depends(require("read"))):
    """The `ETag` header names the version: send it back as `If-Match` on a decision, edit or waiver."""
    with session_scope(db_url(request)) as session:
        out = detail(session, asset_id, principal)
    response.headers["ETag"] = etag(out.id, out.version)
    return out


def detail(session, asset_id: int, principal: Principal) -> AssetDetail:
    """The asset as GET /v1/assets/ID shows it (also the answer to an edit or waiver)."""
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
             responses={**ERRORS, **NOT_FOUND, **CHANGE})
def decide(request: Request, asset_id: Id, body: DecisionIn, principal: Principal = Depends(require("review"))):
    """Same rules as the review UI: a remaining block finding stops approval; reject and request_changes
    need a reason; the version (`version` or `If-Match`) must be the asset's current version."""

    def change(expected):
        with session_scope(db_url(request)) as session:
            asset = review.decide(session, asset_id, body.action, principal.actor, expected_version=expected,
                                  reason=body.reason)
            session.flush()
            row = session.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset_id)
                               .order_by(ReviewDecision.id.desc())).first()
            return 200, DecisionResult(asset=summary(asset), decision=DecisionOut.model_validate(row))

    response = versioned(request, principal, asset_id, body, change)
    return with_etag(response, json.loads(response.body)["asset"])


KIND_FIELD = {"copy": "text", "video_script": "script", "image": "image_prompt"}


@router.post("/assets/{asset_id}/versions", status_code=201, response_model=AssetDetail,
             responses={**ERRORS, **NOT_FOUND, **CHANGE}, summary="Edit the draft: save a new version (re-checked)")
def edit(request: Request, asset_id: Id, body: EditIn, principal: Principal = Depends(require("review"))):
    """As the editor in the UI: the new content becomes a new version, the checks run on it again, the asset
    goes back to in_review (an edit needs a fresh decision), and the audit log and `asset.edited` event
    record it. Send the field of the asset's kind: `text` (copy), `script` (video_script), `image_prompt` (image)."""
    sent = [f for f in ("text", "script", "image_prompt") if getattr(body, f) is not None]

    def change(expected):
        with session_scope(db_url(request)) as session:
            asset = review.get_asset(session, asset_id, principal.actor)
            field = KIND_FIELD.get(str(asset.kind), "text")
            if sent != [field]:
                raise InputError(f"a {asset.kind} asset is edited through `{field}` only (got: "
                                 f"{', '.join(sent) or 'nothing'})", where=f"body.{field}",
                                 fix=f"send the new {field.replace('_', ' ')} and nothing else")
            review.edit(session, asset_id, principal.actor, expected_version=expected,
                        reason=(body.reason or "").strip() or "edit", text=body.text, image_prompt=body.image_prompt,
                        script=body.script.model_dump() if body.script else None)
            session.flush()
            return 201, detail(session, asset_id, principal)

    response = versioned(request, principal, asset_id, body, change)
    return with_etag(response, json.loads(response.body), f"/v1/assets/{asset_id}")


@router.post("/assets/{asset_id}/waivers", status_code=201, response_model=AssetDetail,
             responses={**ERRORS, **NOT_FOUND, **CHANGE}, summary="A lead waives one rule's findings, with a reason")
def waive(request: Request, asset_id: Id, body: WaiverIn, principal: Principal = Depends(require("review"))):
    """Lead only (an API key with the admin scope acts as a lead), reason required. The waiver is bound to
    the rule, the text it matched and the current version: an edit that changes that text brings the
    finding back. Recorded in the audit log and as an `asset.waived` event."""

    def change(expected):
        with session_scope(db_url(request)) as session:
            review.waive(session, asset_id, body.rule, principal.actor, reason=body.reason,
                         expected_version=expected)
            session.flush()
            return 201, detail(session, asset_id, principal)

    response = versioned(request, principal, asset_id, body, change)
    return with_etag(response, json.loads(response.body), f"/v1/assets/{asset_id}")


@router.get("/assets/{asset_id}/comments", response_model=list[CommentOut], responses={**ERRORS, **NOT_FOUND},
            summary="The asset's comments, oldest first")
def list_comments(request: Request, asset_id: Id, principal: Principal = Depends(require("read"))):
    with session_scope(db_url(request)) as session:
        review.get_asset(session, asset_id, principal.actor)
        rows = session.exec(select(Comment).where(Comment.asset_id == asset_id).order_by(Comment.id)).all()
        return [CommentOut.model_validate(c) for c in rows]


@router.post("/assets/{asset_id}/comments", status_code=201, response_model=CommentOut,
             responses={**ERRORS, **NOT_FOUND}, summary="Comment on an asset (mention a user with @name)")
def add_comment(request: Request, asset_id: Id, body: CommentIn, principal: Principal = Depends(require("review"))):
    """Audited and sent as an `asset.commented` event; a user mentioned as @name, or the author of the
    comment answered, sees it in GET /v1/notifications."""

    def work():
        with session_scope(db_url(request)) as session:
            note = review.comment(session, asset_id, principal.actor, body.body, parent_id=body.parent_id)
            return 201, CommentOut.model_validate(note)

    response = idempotent(request, principal, {"asset_id": asset_id, **body.model_dump()}, work)
    if response.status_code == 201:
        response.headers["Location"] = f"/v1/assets/{asset_id}/comments"
    return response
