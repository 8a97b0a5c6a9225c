"""A reviewer's inbox: comments and change requests addressed to them.

Addressed to a user means: a comment that mentions ``@name``, a reply to one of their comments, and a
change request (or a comment) on an asset they worked on (edited, decided or commented) or whose reason
mentions ``@name``. Their own actions never notify them, and only assets of their locales count. What
came after they last opened the inbox (``InboxRead``) is new.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from studio.review.decisions import Actor
from studio.store.tables import (
    Asset,
    AssetVersion,
    Comment,
    InboxRead,
    ReviewAction,
    ReviewDecision,
    utcnow,
)

LIMIT = 50


@dataclass(frozen=True)
class Notice:
    kind: str  # mention | reply | changes_requested | comment
    asset_id: int
    locale: str
    actor: str
    body: str
    at: dt.datetime
    new: bool = False
    comment_id: int | None = None

    @property
    def label(self) -> str:
        return {"mention": "mentioned you", "reply": "replied to you", "changes_requested": "requested changes",
                "comment": "commented"}.get(self.kind, self.kind)


def _mentions(text: str | None, name: str) -> bool:
    return bool(text) and re.search(rf"(?<![\w@])@{re.escape(name)}(?![\w-])", text or "", re.IGNORECASE) is not None


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def read_at(session: Session, actor: Actor) -> dt.datetime | None:
    row = session.get(InboxRead, actor.name)
    return _aware(row.read_at) if row else None


def mark_read(session: Session, actor: Actor) -> None:
    row = session.get(InboxRead, actor.name) or InboxRead(user_name=actor.name)
    row.read_at = utcnow()
    session.add(row)


def _worked_on(session: Session, name: str) -> set[int]:
    ids = set(session.exec(select(AssetVersion.asset_id).where(AssetVersion.author == name)).all())
    ids |= set(session.exec(select(ReviewDecision.asset_id).where(ReviewDecision.actor == name)).all())
    ids |= set(session.exec(select(Comment.asset_id).where(Comment.actor == name)).all())
    return {int(i) for i in ids}


def inbox(session: Session, actor: Actor, limit: int = LIMIT, since: dt.datetime | None = None) -> list[Notice]:
    """Newest first: what was addressed to ``actor`` (see the module doc), each marked new or not; with
    ``since``, only what came after it."""
    name, seen = actor.name, read_at(session, actor)
    mine = _worked_on(session, name)
    parent = aliased(Comment)
    notices: dict[tuple[str, int], Notice] = {}

    def add(kind: str, key: int, asset_id: int, locale: str, who: str, body: str, at: dt.datetime) -> None:
        if who == name or not actor.can_access(locale):
            return
        at = _aware(at)
        if since is not None and at <= _aware(since):
            return
        notices.setdefault((kind if kind == "changes_requested" else "comment", key),
                           Notice(kind, asset_id, locale, who, body, at, new=seen is None or at > seen,
                                  comment_id=None if kind == "changes_requested" else key))

    comments = session.exec(select(Comment, Asset.locale, parent.actor).join(Asset, Asset.id == Comment.asset_id)
                            .join(parent, parent.id == Comment.parent_id, isouter=True)
                            .where(Comment.actor != name).order_by(col(Comment.id).desc()).limit(2000)).all()
    for note, locale, parent_actor in comments:
        assert note.id is not None
        if _mentions(note.body, name):
            add("mention", note.id, note.asset_id, locale, note.actor, note.body, note.created_at)
        elif parent_actor == name:
            add("reply", note.id, note.asset_id, locale, note.actor, note.body, note.created_at)
        elif note.asset_id in mine:
            add("comment", note.id, note.asset_id, locale, note.actor, note.body, note.created_at)
    changes = session.exec(select(ReviewDecision, Asset.locale).join(Asset, Asset.id == ReviewDecision.asset_id)
                           .where(ReviewDecision.action == ReviewAction.REQUEST_CHANGES, ReviewDecision.actor != name)
                           .order_by(col(ReviewDecision.id).desc()).limit(2000)).all()
    for decision, locale in changes:
        assert decision.id is not None
        if decision.asset_id in mine or _mentions(decision.reason, name):
            add("changes_requested", decision.id, decision.asset_id, locale, decision.actor, decision.reason or "",
                decision.created_at)
    return sorted(notices.values(), key=lambda n: n.at, reverse=True)[:limit]


def unread(session: Session, actor: Actor) -> int:
    return sum(n.new for n in inbox(session, actor))
