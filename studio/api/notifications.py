"""GET /v1/notifications: comments and change requests addressed to a reviewer (studio.review.notifications)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request

from studio.accounts.apikeys import Principal
from studio.api.assets import _utc
from studio.api.campaigns import ERRORS
from studio.api.deps import db_url, require
from studio.api.problems import ApiError
from studio.api.schemas import NotificationOut
from studio.store.database import session_scope

router = APIRouter(prefix="/v1", tags=["notifications"])


@router.get("/notifications", response_model=list[NotificationOut],
            responses={**ERRORS, 404: {"description": "no such user"}},
            summary="Comments and change requests addressed to a user, newest first")
def notifications(request: Request, user: str = Query(..., min_length=1, max_length=100, description="user name"),
                  since: Optional[dt.datetime] = Query(None, description="ISO 8601; only newer ones"),
                  limit: int = Query(50, ge=1, le=500), principal: Principal = Depends(require("read"))):
    """What the studio's inbox shows the user: comments that mention them (`@name`) or answer their comment,
    and comments and change requests on assets they edited, decided or commented on, in their locales. Poll with
    `since` = the newest `at` you have, or follow the `asset.commented` / `asset.changes_requested` webhooks."""
    from studio.review.notifications import for_user

    try:
        since_utc = _utc(since) if since is not None else None
    except OverflowError:
        raise ApiError(422, "since is outside the range of representable UTC times", errors=[
            {"field": "query.since", "message": "out of range in UTC"}],
            fix="send a time between years 0001 and 9999 in UTC, e.g. 2026-01-01T00:00:00Z") from None
    with session_scope(db_url(request)) as session:
        return [NotificationOut.model_validate(n.model_dump()) for n in for_user(session, user, since=since_utc,
                                                                                   limit=limit)]
