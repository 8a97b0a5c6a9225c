"""Asset services shared by the pipeline and review: check a draft, write a version with its findings,
and record the audit trail. Every write goes through here so versions, findings and audit agree."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, delete, select

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.finding import SEVERITY_ORDER, Finding, worst_severity
from studio.plan.brief import Brief
from studio.store.tables import Asset, AssetVersion, AuditLog, Campaign, FindingRow, utcnow

CHECK_KIND = {"copy": "copy", "video_script": "video_script", "image": "image_prompt"}


def audit(session: Session, actor: str, action: str, entity: str, entity_id: int | None,
          before: dict | None = None, after: dict | None = None) -> None:
    session.add(AuditLog(actor=actor, action=action, entity=entity, entity_id=entity_id, before=before, after=after))


def snapshot(asset: Asset) -> dict:
    """The reviewable state of an asset, for the audit log's before/after."""
    return {"version": asset.version, "status": asset.status, "text": asset.text, "script": asset.script,
            "image_path": asset.image_path, "image_prompt": asset.image_prompt}


def checked_text(asset: Asset) -> str:
    """The text the checks read: copy text, the whole video script, or the image prompt."""
    if asset.kind == "video_script" and asset.script:
        parts = []
        for scene in asset.script.get("scenes", []):
            parts += [scene.get("on_screen_text") or "", scene.get("voiceover") or ""]
        return "\n".join(p for p in parts if p)
    if asset.kind == "image":
        return asset.image_prompt or ""
    return asset.text or ""


def check_input(asset: Asset, brief: Brief, text: str | None = None) -> CheckInput:
    return CheckInput(
        id=str(asset.id or asset.job_key), locale=asset.locale, kind=CHECK_KIND[asset.kind],
        text=checked_text(asset) if text is None else text, channel=asset.channel if asset.kind == "copy" else None,
        date=brief.publish_date,
        meta=AssetMeta(audience=brief.audience, sponsored=brief.sponsored, ai_generated=True),
        glossary=[t for t in brief.glossary_terms(asset.locale)],
        waivers=[w.rule for w in brief.waivers],
    )


def run_checks(asset: Asset, brief: Brief) -> list[Finding]:
    """Findings for the asset's current content (rule packs + built-in checks + image checks)."""
    from studio.checks.engine import get_check_engine

    item = check_input(asset, brief)
    findings = list(get_check_engine().check(item)) if item.text else []
    if asset.kind == "image" and asset.image_path:
        from studio.checks.image import check_image

        findings += check_image(asset.image_path, asset.locale)
    return findings


def brief_of(session: Session, asset: Asset) -> Brief:
    campaign = session.get(Campaign, asset.campaign_id)
    return Brief.model_validate(campaign.brief)


def store_findings(session: Session, asset: Asset, findings: Iterable[Finding]) -> list[FindingRow]:
    """Replace the asset's findings with those of its current version; keep lead waivers by rule id."""
    waived = {w["rule"]: w for w in (asset.waivers or [])}
    session.exec(delete(FindingRow).where(FindingRow.asset_id == asset.id))
    rows = []
    for f in findings:
        w = waived.get(f.rule)
        row = FindingRow(asset_id=asset.id, version=asset.version, **f.model_dump(),
                         waived=bool(w), waiver_reason=w and w["reason"], waived_by=w and w["by"])
        session.add(row)
        rows.append(row)
    active = [r for r in rows if not r.waived]
    asset.worst_severity = worst_severity([r.as_finding_dict() for r in active])
    asset.severity_rank = SEVERITY_ORDER.get(asset.worst_severity, 3)
    return rows


def findings_of(session: Session, asset_id: int) -> list[FindingRow]:
    rows = session.exec(select(FindingRow).where(FindingRow.asset_id == asset_id)).all()
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r.severity], r.start if r.start is not None else -1))


def add_version(session: Session, asset: Asset, *, author: str, reason: str) -> AssetVersion:
    version = AssetVersion(asset_id=asset.id, version=asset.version, text=asset.text, script=asset.script,
                           image_path=asset.image_path, author=author, reason=reason)
    session.add(version)
    return version


def touch(asset: Asset) -> None:
    asset.updated_at = utcnow()
