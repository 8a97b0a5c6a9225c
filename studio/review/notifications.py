"""What reaches a reviewer: comments and change requests addressed to them, derived from the review
records themselves (comments, decisions, versions), so there is no second copy to keep in step.

A comment reaches a user when it mentions them (``@name``), answers one of their comments, or is on an
asset they edited or decided on; a change request reaches the reviewers of the asset's locale and
whoever edited the asset. A user's own actions never notify themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, col, select

from studio.core.errors import NotFound
from studio.store.tables import Asset, AssetVersion, Comment, ReviewDecision, User

SCAN = 2000  # rows of each kind looked at per request (newest first)


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


def mentions(body: str, name: str) -> bool:
    return re.search(rf"(?<![\w@])@{re.escape(name)}(?![\w-])", body, re.IGNORECASE) is not None


def for_user(session: Session, name: str, *, since: dt.datetime | None = None, limit: int = 50) -> list[Notification]:
    """Newest first: comments and change requests addressed to user ``name`` (NotFound for no such user)."""
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"user {name[:100]!r} does not exist", where="query.user",
                       fix="use a user name from `studio users list`")
    locales = set(user.locales or ())
    everything = user.role == "admin" or "*" in locales
    authored = set(session.exec(select(AssetVersion.asset_id).where(AssetVersion.author == name)).all())
    touched = authored | set(session.exec(select(ReviewDecision.asset_id).where(ReviewDecision.actor == name)).all())
    out: list[Notification] = []

    comments = select(Comment).where(Comment.actor != name)
    decisions = select(ReviewDecision).where(ReviewDecision.action == "request_changes", ReviewDecision.actor != name)
    if since is not None:
        comments = comments.where(Comment.created_at > since)
        decisions = decisions.where(ReviewDecision.created_at > since)
    rows = session.exec(comments.order_by(col(Comment.id).desc()).limit(SCAN)).all()
    parents = {c.id: c.actor for c in session.exec(select(Comment).where(
        col(Comment.id).in_({c.parent_id for c in rows if c.parent_id}))).all()} if rows else {}
    asset_ids = {c.asset_id for c in rows}
    changes = session.exec(decisions.order_by(col(ReviewDecision.id).desc()).limit(SCAN)).all()
    asset_ids |= {d.asset_id for d in changes}
    locale_of = dict(session.exec(select(Asset.id, Asset.locale).where(col(Asset.id).in_(asset_ids))).all()) \
        if asset_ids else {}

    for c in rows:
        why = ("mentioned you" if mentions(c.body, name) else
               "answered your comment" if c.parent_id and parents.get(c.parent_id) == name else
               "on an asset you worked on" if c.asset_id in touched else None)
        if why:
            out.append(Notification("comment", c.created_at, c.asset_id, locale_of.get(c.asset_id, ""), c.actor,
                                    c.body, why, c.id))
    for d in changes:
        locale = locale_of.get(d.asset_id, "")
        why = ("you edited this asset" if d.asset_id in authored else
               f"you review {locale}" if everything or locale in locales else None)
        if why:
            out.append(Notification("changes_requested", d.created_at, d.asset_id, locale, d.actor, d.reason or "",
                                    why))
    out.sort(key=lambda n: n.at, reverse=True)
    return out[:limit]

