"""Request and response bodies of the API, with the examples shown at /docs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from studio.checks.finding import Finding

BRIEF_EXAMPLE = {
    "campaign": "spring-launch", "brand": "Acme", "tone": "friendly",
    "product": {"name": "Acme Flow", "description": "A reusable water bottle", "facts": ["750 ml", "steel"]},
    "key_messages": ["Keeps drinks cold for 24 hours"], "locales": ["de-DE", "fr-FR"],
    "assets": [{"kind": "copy", "channel": "instagram", "variants": 2}],
}


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CampaignAccepted(_Out):
    campaign_id: int
    job_id: int
    state: str = "queued"
    status_url: str
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"campaign_id": 3, "job_id": 12, "state": "queued", "status_url": "/v1/jobs/12"}]})


class Progress(_Out):
    locale: str
    kind: str
    planned: int
    done: int


class JobOut(_Out):
    id: int
    campaign_id: int
    state: Literal["queued", "running", "completed", "failed", "cancelled"]
    profile: str
    total: int
    done: int
    cancel_requested: bool
    error: Optional[str] = None
    progress: list[Progress] = Field(default_factory=list, description="per locale and asset kind")
    created_at: dt.datetime
    updated_at: dt.datetime
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": 12, "campaign_id": 3, "state": "running", "profile": "tiny", "total": 4, "done": 2,
         "cancel_requested": False, "error": None,
         "progress": [{"locale": "de-DE", "kind": "copy", "planned": 2, "done": 2},
                      {"locale": "fr-FR", "kind": "copy", "planned": 2, "done": 0}],
         "created_at": "2025-03-01T10:00:00", "updated_at": "2025-03-01T10:00:09"}]})


class AssetSummary(_Out):
    id: int
    campaign_id: int
    job_key: str
    locale: str
    kind: str
    channel: str
    variant: int
    status: str
    version: int
    worst_severity: Optional[str] = None
    text: Optional[str] = None
    image_url: Optional[str] = None
    updated_at: dt.datetime


ASSET_EXAMPLE = {"id": 41, "campaign_id": 3, "job_key": "de-DE/copy/instagram/1", "locale": "de-DE",
                 "kind": "copy", "channel": "instagram", "variant": 1, "status": "in_review", "version": 1,
                 "worst_severity": "warn", "text": "Acme Flow hält Getränke 24 Stunden kalt.", "image_url": None,
                 "updated_at": "2025-03-01T10:00:05"}


class AssetPage(BaseModel):
    items: list[AssetSummary]
    next_cursor: Optional[str] = Field(None, description="pass as ?cursor= for the next page; null on the last")
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [ASSET_EXAMPLE], "next_cursor": None}]})


class FindingOut(_Out):
    id: int
    version: int
    rule: str
    category: str
    severity: str
    start: Optional[int] = None
    end: Optional[int] = None
    message: str
    suggestion: Optional[str] = None
    source: Optional[str] = None
    matched: str = Field("", description="the text the finding spans; a waiver covers this text only")
    waived: bool = False
    waiver_reason: Optional[str] = None
    waived_by: Optional[str] = None


class VersionOut(_Out):
    version: int
    text: Optional[str] = None
    script: Optional[dict] = None
    image_path: Optional[str] = None
    image_prompt: Optional[str] = None
    author: str
    reason: str
    created_at: dt.datetime


class DecisionOut(_Out):
    version: int
    action: str
    actor: str
    reason: Optional[str] = None
    created_at: dt.datetime


class AuditOut(_Out):
    at: dt.datetime
    actor: str
    action: str
    before: Optional[dict] = None
    after: Optional[dict] = None


class AssetDetail(AssetSummary):
    script: Optional[dict] = None
    image_prompt: Optional[str] = None
    note: Optional[str] = None
    waivers: Optional[list] = Field(None, description="lead waivers: rule, matched text, version, by, reason, at")
    findings: list[FindingOut] = Field(default_factory=list)
    versions: list[VersionOut] = Field(default_factory=list)
    decision: Optional[DecisionOut] = Field(None, description="the latest review decision")
    decisions: list[DecisionOut] = Field(default_factory=list)
    audit: list[AuditOut] = Field(default_factory=list)
    model_config = ConfigDict(json_schema_extra={"examples": [{**ASSET_EXAMPLE, "findings": [
        {"id": 7, "version": 1, "rule": "de.uwg.absolute_claim", "category": "absolute_claim", "severity": "warn",
         "start": 0, "end": 9, "message": "Absolute claim needs proof", "suggestion": None, "source": "UWG §5",
         "waived": False}], "versions": [], "decision": None, "decisions": [], "audit": []}]})


VERSION_DOC = ("the asset version you reviewed (optimistic locking: 409 when stale); or send the asset's ETag "
               "as `If-Match` instead (412 when stale). Neither: 428")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"action": "approve", "version": 1}, {"action": "reject", "version": 1, "reason": "off-brand tone"}]})

    action: Literal["approve", "reject", "request_changes"]
    version: Optional[int] = Field(None, ge=1, le=2**31 - 1, description=VERSION_DOC)
    reason: Optional[str] = Field(None, max_length=5000, description="required for reject and request_changes")


class Scene(BaseModel):
    """One scene of a video script, as the generator writes it."""

    model_config = ConfigDict(extra="forbid")

    visual: str = Field("", max_length=5000)
    on_screen_text: str = Field("", max_length=2000)
    voiceover: str = Field("", max_length=5000)
    duration_s: float = Field(gt=0, le=600)


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field("", max_length=500)
    scenes: list[Scene] = Field(min_length=1, max_length=100)


class EditIn(BaseModel):
    """A new version of the draft: `text` for copy, `script` for a video script, `image_prompt` for an image."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Fjell hält Getränke 24 Stunden kalt.", "version": 1, "reason": "shorter headline"}]})

    text: Optional[str] = Field(None, min_length=1, max_length=100_000)
    script: Optional[Script] = None
    image_prompt: Optional[str] = Field(None, min_length=1, max_length=10_000)
    version: Optional[int] = Field(None, ge=1, le=2**31 - 1, description=VERSION_DOC)
    reason: Optional[str] = Field(None, max_length=500, description="recorded with the version (default: edit)")


class WaiverIn(BaseModel):
    """A lead's waiver of one rule's findings on the asset's current version, with a reason."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"rule": "de.uwg.absolute_claim", "reason": "backed by Fjell lab test FT-2026-04", "version": 1}]})

    rule: str = Field(min_length=1, max_length=200, description="the finding's rule id")
    reason: str = Field(min_length=3, max_length=5000)
    version: Optional[int] = Field(None, ge=1, le=2**31 - 1, description=VERSION_DOC)


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"body": "@lena can you check the claim in the headline?"}]})

    body: str = Field(min_length=1, max_length=10_000, description="mention a user with @name to notify them")
    parent_id: Optional[int] = Field(None, ge=1, le=2**31 - 1, description="the comment this one answers")


class CommentOut(_Out):
    id: int
    asset_id: int
    parent_id: Optional[int] = None
    actor: str
    body: str
    created_at: dt.datetime


class CampaignSummary(_Out):
    id: int
    name: str
    brand: str
    created_at: dt.datetime
    updated_at: dt.datetime
    assets_by_status: dict[str, int] = Field(default_factory=dict)


class CampaignPage(BaseModel):
    items: list[CampaignSummary]
    next_cursor: Optional[str] = Field(None, description="pass as ?cursor= for the next page; null on the last")


class JobPage(BaseModel):
    items: list[JobOut]
    next_cursor: Optional[str] = Field(None, description="pass as ?cursor= for the next page; null on the last")


class NotificationOut(BaseModel):
    kind: Literal["comment", "changes_requested"]
    at: dt.datetime
    asset_id: int
    locale: str
    actor: str
    text: str
    comment_id: Optional[int] = None
    why: str = Field(description="why it reaches the user: mentioned, reply, assigned locale, your edit")


class DecisionResult(_Out):
    asset: AssetSummary
    decision: DecisionOut


class CheckResult(BaseModel):
    id: str
    findings: list[Finding]
    model_config = ConfigDict(json_schema_extra={"examples": [{"id": "cms-17", "findings": [
        {"rule": "global.absolute_claim", "category": "absolute_claim", "severity": "warn", "start": 4, "end": 8,
         "message": "Absolute claim needs proof", "suggestion": None, "source": None}]}]})


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"url": "https://cms.example.com/hooks/studio", "events": ["asset.approved", "job.completed"],
         "secret": "a-long-random-shared-secret"}]})

    url: str = Field(max_length=2000)
    events: list[str] = Field(min_length=1, max_length=10)
    secret: Optional[str] = Field(None, max_length=500, description="generated and returned once when omitted")


class WebhookOut(_Out):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: dt.datetime
    secret: Optional[str] = Field(None, description="only in the response that created the webhook")


class DeliveryOut(_Out):
    id: int
    event: str
    status: str
    attempts: int
    last_status_code: Optional[int] = None
    last_error: Optional[str] = None
    next_attempt_at: dt.datetime
    created_at: dt.datetime
    delivered_at: Optional[dt.datetime] = None
    payload: dict[str, Any]
    history: list[dict[str, Any]] = Field(default_factory=list, description="every attempt, oldest first: "
                                          "{attempt, at, status_code, error}")

    @field_validator("history", mode="before")
    @classmethod
    def _none_is_no_attempt(cls, value: Any) -> Any:
        return [] if value is None else value  # a delivery not attempted yet (stored as NULL)


class CheckMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: Literal["children", "general"] = "general"
    sponsored: bool = False
    ai_generated: bool = False


class CheckItem(BaseModel):
    """One asset as in the `studio check` contract."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"id": "cms-17", "locale": "de-DE", "kind": "copy", "text": "Das beste Wasser der Welt!",
         "channel": "instagram", "meta": {"sponsored": True}}]})

    id: str = Field(max_length=200)
    locale: str = Field(max_length=35)
    kind: Literal["copy", "video_script", "image_prompt", "brief"]
    text: str = Field(max_length=100_000)
    channel: Optional[str] = Field(None, max_length=100)
    date: Optional[dt.date] = None
    meta: Optional[CheckMeta] = None
