"""Tables. Machine output (assets, findings) is kept apart from human judgement (decisions, comments),
each with who and when. The audit log is append-only."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _json(**kw) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True), **kw)


STATUSES = ("generated", "in_review", "approved", "rejected", "changes_requested")


class Campaign(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    brand: str
    brief: dict = Field(sa_column=Column(JSON, nullable=False))
    brief_hash: str
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("brand", "name", name="uq_campaign_brand_name"),)


class Run(SQLModel, table=True):
    """One generation run of a campaign (the API calls it a job)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    state: str = Field(default="queued", index=True)  # queued | running | completed | failed | cancelled
    profile: str = "tiny"
    locales: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kinds: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    total: int = 0
    done: int = 0
    error: Optional[str] = Field(default=None, sa_column=Column(Text))
    cancel_requested: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Asset(SQLModel, table=True):
    """One generated piece of content for (campaign, locale, kind, channel, variant). ``version`` is the
    optimistic-locking counter: every write must name the version it read."""

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    job_key: str
    locale: str = Field(index=True)
    kind: str = Field(index=True)  # copy | image | video_script
    channel: str = Field(index=True)
    variant: int = 1
    status: str = Field(default="in_review", index=True)
    version: int = 1
    text: Optional[str] = Field(default=None, sa_column=Column(Text))
    script: Optional[dict] = _json()
    image_path: Optional[str] = None
    image_prompt: Optional[str] = Field(default=None, sa_column=Column(Text))
    # Plain statement when the profile could not produce this kind (e.g. no image model configured).
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
    generation: Optional[dict] = _json()  # model, seed, prompt hash, parse problems, timings
    waivers: Optional[list] = _json()  # [{rule, reason, by, at}] from the brief or a lead
    worst_severity: Optional[str] = Field(default=None, index=True)
    severity_rank: int = Field(default=3, index=True)  # 0 block, 1 warn, 2 info, 3 none: sorts the queue
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)

    __table_args__ = (
        UniqueConstraint("campaign_id", "job_key", name="uq_asset_campaign_job"),
        Index("ix_asset_queue", "status", "severity_rank", "created_at"),
        # A reviewer's queue is limited to their locales: counts and pages per locale read this index.
        Index("ix_asset_locale_queue", "locale", "status", "severity_rank", "created_at"),
    )


class AssetVersion(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    version: int
    text: Optional[str] = Field(default=None, sa_column=Column(Text))
    script: Optional[dict] = _json()
    image_path: Optional[str] = None
    author: str
    reason: str = "generated"
    created_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("asset_id", "version", name="uq_asset_version"),)


class FindingRow(SQLModel, table=True):
    """A finding on one version of an asset. Waivers are human judgement recorded beside it."""

    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    version: int
    rule: str
    category: str = Field(index=True)
    severity: str
    start: Optional[int] = None
    end: Optional[int] = None
    message: str = Field(sa_column=Column(Text, nullable=False))
    suggestion: Optional[str] = Field(default=None, sa_column=Column(Text))
    source: Optional[str] = None
    waived: bool = False
    waiver_reason: Optional[str] = None
    waived_by: Optional[str] = None

    def as_finding_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("rule", "category", "severity", "start", "end", "message", "suggestion", "source")}


class ReviewDecision(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    version: int
    action: str  # approve | reject | request_changes | waive | regenerate
    actor: str
    reason: Optional[str] = Field(default=None, sa_column=Column(Text))
    created_at: dt.datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="comment.id")
    actor: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Append-only: who did what, when, with the state before and after. Updates and deletes are refused."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    entity: str
    entity_id: Optional[int] = Field(default=None, index=True)
    before: Optional[dict] = _json()
    after: Optional[dict] = _json()


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    role: str  # reviewer | lead | admin
    locales: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    password_hash: str
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class ApiKey(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    prefix: str = Field(index=True)
    key_hash: str
    scopes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: Optional[dt.datetime] = None


class Webhook(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    url: str
    events: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret: str
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    event: str
    payload: dict = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", index=True)  # pending | delivered | failed
    attempts: int = 0
    last_status_code: Optional[int] = None
    last_error: Optional[str] = None
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    delivered_at: Optional[dt.datetime] = None


class IdempotencyRecord(SQLModel, table=True):
    key: str = Field(primary_key=True)
    scope: str = Field(primary_key=True)  # api key id + method + path
    status_code: int
    body: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class AssetResult(SQLModel, table=True):
    """What a channel reports for one asset on one day: aggregate counts only, never user-level data.
    One row per (asset, day, channel); a repeated report replaces it (idempotent upsert)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    day: dt.date
    channel: str
    impressions: int
    clicks: int
    conversions: int = 0
    spend: float = 0.0
    source: str  # who reported it: an API key's name or "cli"
    updated_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("asset_id", "day", "channel", name="uq_assetresult_asset_day_channel"),)


class ExperimentDecision(SQLModel, table=True):
    """A declared A/B winner of one campaign x locale x channel x metric, with the evidence at that time."""

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    locale: str
    channel: str
    metric: str  # ctr | conversion_rate
    winner_asset_id: int = Field(foreign_key="asset.id", index=True)
    probability: float  # posterior probability that the winner is best
    expected_loss: float  # absolute rate lost if the winner is not best (posterior expectation)
    lift: float  # winner's posterior mean over the runner-up's, minus 1
    trials: int  # impressions (ctr) or clicks (conversion_rate) over all variants
    decided_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("campaign_id", "locale", "channel", "metric", name="uq_experiment_decision"),)


@event.listens_for(AuditLog, "before_update")
def _audit_no_update(mapper, connection, target):
    raise PermissionError("the audit log is append-only: entries cannot be changed")


@event.listens_for(AuditLog, "before_delete")
def _audit_no_delete(mapper, connection, target):
    raise PermissionError("the audit log is append-only: entries cannot be deleted")
