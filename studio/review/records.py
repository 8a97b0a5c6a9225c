"""Asset services shared by the pipeline and review: check a draft, write a version with its findings,
record waivers and the audit trail. Every write goes through here so versions, findings and audit agree.

Machine output and human judgement are kept apart (as in Argilla's records):
- ``AssetVersion`` rows hold every version's content, the model's draft first; never changed.
- ``FindingRow`` rows hold the checks' findings per content version; never changed. The current
  findings are those of ``Asset.content_version``.
- ``Waiver`` rows hold a lead's judgement, bound to the rule, the matched text and the version.
- ``compare_and_set`` is the only way the asset's version moves, so concurrent writers cannot both win.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, exists, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.finding import SEVERITY_ORDER, Finding, worst_severity
from studio.core.errors import Conflict, NotFound
from studio.plan.brief import Brief
from studio.store.tables import Asset, AssetKind, AssetVersion, AuditLog, Campaign, FindingRow, Waiver, utcnow

NO_FINDINGS_RANK = 3  # severity_rank of an asset without active findings: sorts after info


def audit(session: Session, actor: str, action: str, entity: str, entity_id: int | None,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    session.add(AuditLog(actor=actor, action=action, entity=entity, entity_id=entity_id, before=before, after=after))


def snapshot(asset: Asset) -> dict[str, Any]:
    """The reviewable state of an asset, for the audit log's before/after."""
    return {"version": asset.version, "status": str(asset.status), "text": asset.text, "script": asset.script,
            "image_path": asset.image_path, "image_prompt": asset.image_prompt}


def content_text(kind: str, text: str | None, script: dict[str, Any] | None, image_prompt: str | None) -> str:
    """The text the checks read for content of ``kind``: copy text, the whole video script, or the image prompt."""
    if kind == AssetKind.VIDEO_SCRIPT and script:
        parts = []
        for scene in script.get("scenes", []):
            parts += [scene.get("on_screen_text") or "", scene.get("voiceover") or ""]
        return "\n".join(p for p in parts if p)
    if kind == AssetKind.IMAGE:
        return image_prompt or ""
    return text or ""


def checked_text(asset: Asset) -> str:
    """The text the checks read: copy text, the whole video script, or the image prompt."""
    return content_text(asset.kind, asset.text, asset.script, asset.image_prompt)


def check_input(asset: Asset, brief: Brief, text: str | None = None) -> CheckInput:
    """What the check engine reads of an asset. Copy for a channel whose platform shows its own "Sponsored"
    label (Google Ads, Meta: locales/channels.yaml ``platform_labels_ads``) is checked as not sponsored: the
    copy prompt does not ask for the label there (prompts/copy.j2), and the market's ad-label rule (es.ad.label,
    ja.ad.stealth) blocked every Meta headline of a sponsored brief for the label the platform puts beside it."""
    from studio.market.channels import get_channel

    kind = AssetKind(asset.kind)
    channel = asset.channel if kind == AssetKind.COPY else None
    labelled = channel is not None and get_channel(channel).platform_labels_ads
    return CheckInput(
        id=str(asset.id or asset.job_key), locale=asset.locale, kind=kind.content_kind,
        text=checked_text(asset) if text is None else text, channel=channel,
        date=brief.publish_date,
        meta=AssetMeta(audience=brief.audience, sponsored=brief.sponsored and not labelled, ai_generated=True,
                       facts=[str(t) for t in brief.statements()]),
        glossary=[t for t in brief.glossary_terms(asset.locale)],
        waivers=[w.rule for w in brief.waivers],
    )


def run_checks(asset: Asset, brief: Brief) -> list[Finding]:
    """Findings for the asset's current content (rule packs + built-in checks + image checks)."""
    from studio.checks.engine import get_check_engine

    item = check_input(asset, brief)
    findings = list(get_check_engine().check(item)) if item.text else []
    if asset.kind == AssetKind.IMAGE and asset.image_path:
        from studio.checks.image import check_image

        findings += check_image(asset.image_path, asset.locale)
    return findings


def brief_of(session: Session, asset: Asset) -> Brief:
    campaign = session.get(Campaign, asset.campaign_id)
    if campaign is None:
        raise NotFound(f"campaign {asset.campaign_id} of asset {asset.id} does not exist", where="campaign_id")
    return Brief.model_validate(campaign.brief)


# --- severity: the one place an asset's worst severity and queue rank are set -----------------------------

def severity_rank(severity: str | None) -> int:
    """Queue order: 0 block, 1 warn, 2 info, 3 no active finding."""
    return SEVERITY_ORDER.get(severity, NO_FINDINGS_RANK) if severity else NO_FINDINGS_RANK


def apply_severity(asset: Asset, findings: Iterable[FindingView]) -> None:
    """Set the asset's worst severity and queue rank from its findings, waived ones left out."""
    asset.worst_severity = worst_severity([f.as_finding_dict() for f in findings if not f.waived])
    asset.severity_rank = severity_rank(asset.worst_severity)


# --- findings and waivers -------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class FindingView:
    """A stored finding as the reviewer sees it: the machine's row plus the waiver that covers it, if any."""

    id: int
    asset_id: int
    version: int
    rule: str
    category: str
    severity: str
    start: int | None
    end: int | None
    message: str
    suggestion: str | None
    source: str | None
    matched: str
    waived: bool = False
    waiver_reason: str | None = None
    waived_by: str | None = None

    def as_finding_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("rule", "category", "severity", "start", "end", "message", "suggestion", "source")}

    def model_dump(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def covers(waiver: Waiver, finding: FindingRow | FindingView) -> bool:
    """A waiver covers a finding of its rule on the same matched text, found on its version or a later one."""
    return waiver.rule == finding.rule and waiver.matched == finding.matched and waiver.version <= finding.version


def waiver_covers_clause() -> Any:
    """SQL twin of ``covers`` for queries over FindingRow: true when some waiver covers the row."""
    return exists().where(and_(Waiver.asset_id == FindingRow.asset_id, Waiver.rule == FindingRow.rule,
                               Waiver.matched == FindingRow.matched, Waiver.version <= FindingRow.version))


def _view(row: FindingRow, waivers: Sequence[Waiver]) -> FindingView:
    waiver = next((w for w in reversed(waivers) if covers(w, row)), None)
    assert row.id is not None
    return FindingView(id=row.id, asset_id=row.asset_id, version=row.version, rule=row.rule, category=row.category,
                       severity=row.severity, start=row.start, end=row.end, message=row.message,
                       suggestion=row.suggestion, source=row.source, matched=row.matched, waived=waiver is not None,
                       waiver_reason=waiver.reason if waiver else None, waived_by=waiver.actor if waiver else None)


def matched_text(text: str, finding: Finding) -> str:
    """The span of ``text`` a finding covers ("" for a whole-asset finding)."""
    if finding.start is None or finding.end is None:
        return ""
    return text[finding.start: finding.end]


def store_findings(session: Session, asset: Asset, findings: Iterable[Finding]) -> list[FindingView]:
    """Record the findings of the asset's current content as a new content version (earlier versions'
    findings stay as they were); waivers still holding for them carry over."""
    assert asset.id is not None, "flush the asset before storing its findings"
    text = checked_text(asset)
    rows = [FindingRow(asset_id=asset.id, version=asset.version, matched=matched_text(text, f), **f.model_dump())
            for f in findings]
    session.add_all(rows)
    asset.content_version = asset.version
    session.add(asset)
    session.flush()
    waivers = waivers_of(session, asset.id)
    views = [_view(r, waivers) for r in rows]
    apply_severity(asset, views)
    return _sorted(views)


def _sorted(views: list[FindingView]) -> list[FindingView]:
    return sorted(views, key=lambda r: (SEVERITY_ORDER[r.severity], r.start if r.start is not None else -1, r.id))


def waivers_of(session: Session, asset_id: int) -> list[Waiver]:
    return list(session.exec(select(Waiver).where(Waiver.asset_id == asset_id).order_by(col(Waiver.id))).all())


def findings_of(session: Session, asset_id: int) -> list[FindingView]:
    """The asset's current findings (those of its current content version), each marked waived or not."""
    asset = session.get(Asset, asset_id)
    if asset is None:
        return []
    rows = session.exec(select(FindingRow).where(FindingRow.asset_id == asset_id,
                                                 FindingRow.version == asset.content_version)).all()
    waivers = waivers_of(session, asset_id)
    return _sorted([_view(r, waivers) for r in rows])


def record_waivers(session: Session, asset: Asset, rule: str, actor: str, reason: str) -> list[Waiver]:
    """One waiver per distinct text the rule matched in the current findings, bound to that version."""
    assert asset.id is not None
    current = [f for f in findings_of(session, asset.id) if f.rule == rule]
    if not current:
        raise NotFound(f"asset {asset.id} has no finding of rule {rule}", where="rule")
    made = []
    for matched, version in dict.fromkeys((f.matched, f.version) for f in current):
        waiver = Waiver(asset_id=asset.id, rule=rule, matched=matched, version=version, actor=actor, reason=reason)
        session.add(waiver)
        made.append(waiver)
    session.flush()
    apply_severity(asset, findings_of(session, asset.id))
    return made


def waiver_records(session: Session, asset_id: int) -> list[dict[str, Any]]:
    """The asset's waivers for the API: rule, matched text, version, who, why, when."""
    return [{"rule": w.rule, "matched": w.matched, "version": w.version, "by": w.actor, "reason": w.reason,
             "at": w.created_at.isoformat()} for w in waivers_of(session, asset_id)]


# --- versions and compare-and-set ------------------------------------------------------------------------

def add_version(session: Session, asset: Asset, *, author: str, reason: str) -> AssetVersion:
    version = AssetVersion(asset_id=asset.id, version=asset.version, text=asset.text, script=asset.script,
                           image_path=asset.image_path, image_prompt=asset.image_prompt, author=author, reason=reason)
    session.add(version)
    return version


def conflict(asset: Asset, expected_version: int) -> Conflict:
    return Conflict(f"asset {asset.id} was changed by someone else: you edited version {expected_version}, "
                    f"the current version is {asset.version}", where="version", current=snapshot(asset),
                    fix="reload the asset, compare with the current version, and apply your change again")


def compare_and_set(session: Session, asset: Asset, expected_version: int | None) -> None:
    """Move the asset to the next version only if it is still at ``expected_version`` (None: the version
    this session read). One ``UPDATE ... WHERE id = :id AND version = :expected``: of concurrent writers
    that read the same version exactly one succeeds; the others get a Conflict showing the current state.
    The row stays locked until the transaction ends, so the caller's further changes land on this version."""
    expected = asset.version if expected_version is None else expected_version
    if expected != asset.version:
        raise conflict(asset, expected)
    now = utcnow()
    result = session.execute(update(Asset).where(col(Asset.id) == asset.id, col(Asset.version) == expected)
                             .values(version=expected + 1, updated_at=now)
                             .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(asset)
        raise conflict(asset, expected)
    set_committed_value(asset, "version", expected + 1)
    set_committed_value(asset, "updated_at", now)


def touch(asset: Asset) -> None:
    asset.updated_at = utcnow()
