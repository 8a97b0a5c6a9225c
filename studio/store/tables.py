"""Tables. Machine output (the generated versions, their findings) is kept apart from human judgement
(edits as new versions, decisions, waivers, comments), each with who and when. Machine output and
judgement rows are written once and never changed; the audit log is append-only down to the database
(triggers) and chained by hashes (see studio.store.audit)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint, event
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _json(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True), **kw)


class AssetKind(enum.StrEnum):
    """What an asset is. The check contract and the prompt templates call an image's text its
    ``image_prompt``: that name is ``content_kind``, the one place the two names meet."""

    COPY = "copy"
    IMAGE = "image"
    VIDEO_SCRIPT = "video_script"

    @property
    def content_kind(self) -> str:
        """The kind of the asset's text on the wire (check contract) and in prompts/: image -> image_prompt."""
        return "image_prompt" if self is AssetKind.IMAGE else self.value


class AssetStatus(enum.StrEnum):
    GENERATED = "generated"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"


class RunState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ReviewAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request_changes"
    WAIVE = "waive"
    REGENERATE = "regenerate"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the hook was deleted before the delivery went out


STATUSES: tuple[str, ...] = tuple(s.value for s in AssetStatus)
KINDS: tuple[str, ...] = tuple(k.value for k in AssetKind)


class StrEnumColumn(TypeDecorator[enum.StrEnum]):
    """A plain string column that stores one str Enum: an unknown value is refused on write, and a read
    gives the enum member. The schema stays VARCHAR (no database enum type to migrate)."""

    impl = String
    cache_ok = True

    def __init__(self, enum_type: type[enum.StrEnum]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum_type(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> enum.StrEnum | None:
        return None if value is None else self.enum_type(value)


def _enum(enum_type: type[enum.StrEnum], default: Any, *, index: bool = False) -> Any:
    return Field(default=default, sa_type=StrEnumColumn(enum_type), index=index, nullable=False)


class Campaign(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    brand: str
    brief: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    brief_hash: str
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("brand", "name", name="uq_campaign_brand_name"),)


class Run(SQLModel, table=True):
    """One generation run of a campaign (the API calls it a job)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    state: RunState = _enum(RunState, RunState.QUEUED, index=True)
    profile: str = "tiny"
    locales: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kinds: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    total: int = 0
    done: int = 0
    error: Optional[str] = Field(default=None, sa_column=Column(Text))
    cancel_requested: bool = False
    # The brief this run was planned from: resubmitting the campaign never rewrites an earlier run's view.
    brief: Optional[dict[str, Any]] = _json()
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # The lease of the process executing the run (studio.runs.leases): renewed by its heartbeat; a
    # running run whose lease has expired belongs to a dead process and is resumed by the next worker.
    lease_owner: Optional[str] = None
    lease_expires_at: Optional[dt.datetime] = Field(default=None, index=True)
    heartbeat_at: Optional[dt.datetime] = None

    def planned_brief(self, campaign: Campaign) -> dict[str, Any]:
        """The brief this run was planned from (a run stored before snapshots existed: the campaign's)."""
        return self.brief if self.brief is not None else campaign.brief


class JobClaim(SQLModel, table=True):
    """A run's claim on one job of a campaign while it generates it: parallel runs of one brief share
    the work instead of both generating it. Expires with the claiming run's lease."""

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    job_key: str = Field(primary_key=True)
    run_id: int = Field(foreign_key="run.id", index=True)
    owner: str
    expires_at: dt.datetime


class Asset(SQLModel, table=True):
    """One generated piece of content for (campaign, locale, kind, channel, variant). ``version`` is the
    optimistic-locking counter: every write is a compare-and-set on the version it read
    (``studio.review.records.compare_and_set``)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    job_key: str
    locale: str = Field(index=True)
    kind: AssetKind = _enum(AssetKind, ..., index=True)
    channel: str = Field(index=True)
    variant: int = 1
    status: AssetStatus = _enum(AssetStatus, AssetStatus.IN_REVIEW, index=True)
    version: int = 1
    # The version whose content the current findings were computed on (decisions bump ``version`` only).
    content_version: int = 1
    text: Optional[str] = Field(default=None, sa_column=Column(Text))
    script: Optional[dict[str, Any]] = _json()
    image_path: Optional[str] = None
    image_prompt: Optional[str] = Field(default=None, sa_column=Column(Text))
    # Plain statement when the profile could not produce this kind (e.g. no image model configured).
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
    generation: Optional[dict[str, Any]] = _json()  # model, seed, prompt hash, parse problems, timings
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
    """The content of one version, written once: the model's draft (reason ``generated``) and every
    human edit, restore or regeneration after it. Every kind's content is kept."""

    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    version: int
    text: Optional[str] = Field(default=None, sa_column=Column(Text))
    script: Optional[dict[str, Any]] = _json()
    image_path: Optional[str] = None
    image_prompt: Optional[str] = Field(default=None, sa_column=Column(Text))
    author: str
    reason: str = "generated"
    created_at: dt.datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("asset_id", "version", name="uq_asset_version"),)


class FindingRow(SQLModel, table=True):
    """A finding on one content version of an asset: machine output, written once. The asset's current
    findings are those of ``Asset.content_version``; waivers are human judgement in ``Waiver``."""

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
    # The checked text the finding spans ("" for a whole-asset finding): what a waiver binds to.
    matched: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))

    __table_args__ = (Index("ix_findingrow_asset_version", "asset_id", "version"),)

    def as_finding_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("rule", "category", "severity", "start", "end", "message", "suggestion", "source")}


class Waiver(SQLModel, table=True):
    """A lead's judgement that a finding does not apply. It covers findings of ``rule`` whose matched
    text is ``matched``, on content version ``version`` and later ones: an edit that changes the match
    reopens the finding. Written once; a new waiver is a new row."""

    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    rule: str
    matched: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    version: int
    actor: str
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class ReviewDecision(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", index=True)
    version: int
    action: ReviewAction = _enum(ReviewAction, ...)
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
    """Append-only: who did what, when, with the state before and after. Updates and deletes are refused
    by the ORM, and by triggers in the database for raw SQL. ``seq``/``prev_hash``/``hash`` chain each
    entry to the one before (set at flush by studio.store.audit; ``studio audit verify`` checks them)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    seq: Optional[int] = Field(default=None, index=True, unique=True)
    prev_hash: Optional[str] = None
    hash: Optional[str] = None
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    entity: str
    entity_id: Optional[int] = Field(default=None, index=True)
    before: Optional[dict[str, Any]] = _json()
    after: Optional[dict[str, Any]] = _json()


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    role: str  # reviewer | lead | admin
    locales: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    password_hash: str
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class ApiKey(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    prefix: str = Field(index=True)
    key_hash: str
    scopes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    revoked_at: Optional[dt.datetime] = None


class Webhook(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    url: str
    events: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret: str
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    event: str
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: DeliveryStatus = _enum(DeliveryStatus, DeliveryStatus.PENDING, index=True)
    attempts: int = 0
    last_status_code: Optional[int] = None
    last_error: Optional[str] = None
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    delivered_at: Optional[dt.datetime] = None
    history: Optional[list[dict[str, Any]]] = _json()  # every attempt: [{at, status_code, error}], oldest first


class IdempotencyRecord(SQLModel, table=True):
    key: str = Field(primary_key=True)
    scope: str = Field(primary_key=True)  # api key id + method + path
    status_code: int
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
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



# Rows that are written once. The ORM refuses to change them; the audit log is also guarded in the database.
WRITE_ONCE = (AuditLog, AssetVersion, FindingRow, Waiver)


def _refuse_update(mapper: Any, connection: Connection, target: Any) -> None:
    if isinstance(target, AuditLog):
        raise PermissionError("the audit log is append-only: entries cannot be changed")
    raise PermissionError(f"{type(target).__name__} rows are written once: record a new one instead")


def _refuse_delete(mapper: Any, connection: Connection, target: Any) -> None:
    if isinstance(target, AuditLog):
        raise PermissionError("the audit log is append-only: entries cannot be deleted")
    raise PermissionError(f"{type(target).__name__} rows are written once: they cannot be deleted")


for _table in WRITE_ONCE:
    event.listen(_table, "before_update", _refuse_update)
    event.listen(_table, "before_delete", _refuse_delete)


# The same refusal in the database, for raw SQL and bulk statements. Migration 0002 installs the same
# triggers on databases made before it; ``create_all`` installs them through this event.
AUDIT_MESSAGE = "the audit log is append-only: entries cannot be changed or deleted"
AUDIT_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS auditlog_no_update BEFORE UPDATE ON auditlog "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END",
        "CREATE TRIGGER IF NOT EXISTS auditlog_no_delete BEFORE DELETE ON auditlog "
        f"BEGIN SELECT RAISE(ABORT, '{AUDIT_MESSAGE}'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION studio_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{AUDIT_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
        "DROP TRIGGER IF EXISTS auditlog_append_only ON auditlog",
        "CREATE TRIGGER auditlog_append_only BEFORE UPDATE OR DELETE ON auditlog "
        "FOR EACH ROW EXECUTE FUNCTION studio_audit_append_only()",
        "DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog",
        "CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog "
        "FOR EACH STATEMENT EXECUTE FUNCTION studio_audit_append_only()",
    ),
}


@event.listens_for(AuditLog.__table__, "after_create")  # type: ignore[attr-defined]
def _install_audit_triggers(table: Any, connection: Connection, **kw: Any) -> None:
    for statement in AUDIT_TRIGGERS.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


class UserSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random token, the table only its SHA-256."""

    token_hash: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
    address: Optional[str] = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, counted per account (``user:NAME``) and per address (``addr:IP``)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class InboxRead(SQLModel, table=True):
    """When a user last opened their inbox: notices (mentions, replies, change requests) after it are new."""

    user_name: str = Field(primary_key=True)
    read_at: dt.datetime = Field(default_factory=utcnow)
