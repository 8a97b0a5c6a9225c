"""Notifications for the CMS door (GET /v1/notifications): the same notices a reviewer sees in the studio's
inbox (studio.review.inbox decides what is addressed to whom), looked up by user name and shaped for the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, select

from studio.core.errors import NotFound
from studio.review.decisions import Actor
from studio.review.inbox import inbox
from studio.store.tables import User

WHY = {"mention": "mentioned you", "reply": "answered your comment", "comment": "on an asset you worked on",
       "changes_requested": "changes requested on an asset you worked on"}


@dataclass(frozen=True)
class Notification:
    kind: str  # comment | changes_requested
    at: dt.datetime
    asset_id: int
    locale: str
    actor: str
    text: str
    why: str
    comment_id: int | None = None

    def model_dump(self) -> dict[str, Any]:
        return asdict(self)


def for_user(session: Session, name: str, *, since: dt.datetime | None = None, limit: int = 50) -> list[Notification]:
    """Newest first: comments and change requests addressed to user ``name`` (NotFound for no such user)."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"user {name[:100]!r} does not exist", where="query.user",
                       fix="use a user name from `studio users list`")
    actor = Actor(user.name, user.role, tuple(user.locales or ()))
    return [Notification("changes_requested" if n.kind == "changes_requested" else "comment", n.at, n.asset_id,
                         n.locale, n.actor, n.body, WHY.get(n.kind, n.label), n.comment_id)
            for n in inbox(session, actor, limit=limit, since=since)]
