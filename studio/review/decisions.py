"""The review state machine: generated -> in_review -> approved | rejected | changes_requested.

Every change moves the asset to a new version by compare-and-set on ``Asset.version`` (of concurrent
changes from one version exactly one wins), re-runs the checks on new content, and appends to the audit
log. A ``block`` finding stops approval until it is fixed or a lead waives it; a waiver holds only while
the rule still matches the text it was recorded for.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session, select

from studio.core.errors import InputError, NotFound, PermissionDenied, ReviewError
from studio.review import records as svc
from studio.store.outbox import enqueue
from studio.store.tables import (
    Asset,
    AssetKind,
    AssetStatus,
    AssetVersion,
    Comment,
    FindingRow,
    ReviewAction,
    ReviewDecision,
)

Action = Literal["approve", "reject", "request_changes"]
ROLES = ("reviewer", "lead", "admin")
S = AssetStatus

# Which status each decision leads to, and from which statuses it may be taken.
TRANSITIONS: dict[str, tuple[AssetStatus, tuple[AssetStatus, ...]]] = {
    ReviewAction.APPROVE: (S.APPROVED, (S.GENERATED, S.IN_REVIEW, S.CHANGES_REQUESTED)),
    ReviewAction.REJECT: (S.REJECTED, (S.GENERATED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED)),
    ReviewAction.REQUEST_CHANGES: (S.CHANGES_REQUESTED, (S.GENERATED, S.IN_REVIEW, S.APPROVED)),
}


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user or an API key. ``locales`` empty with role admin means all."""

    name: str
    role: str = "reviewer"
    locales: tuple[str, ...] = field(default_factory=tuple)

    def can_access(self, locale: str) -> bool:
        return self.role == "admin" or "*" in self.locales or locale in self.locales

    @property
    def can_waive(self) -> bool:
        return self.role in ("lead", "admin")


def get_asset(session: Session, asset_id: int, actor: Actor | None = None) -> Asset:
    asset = session.get(Asset, asset_id)
    if asset is None:
        raise NotFound(f"asset {asset_id} does not exist", where="asset_id")
    if actor is not None and not actor.can_access(asset.locale):
        raise PermissionDenied(f"{actor.name} is not assigned to {asset.locale}", where="asset_id",
                               fix="ask an admin to add the locale to your account")
    return asset


def _check_version(asset: Asset, expected_version: int | None) -> None:
    """Early answer for a stale version; the compare-and-set in ``svc.compare_and_set`` is what decides."""
    if expected_version is not None and expected_version != asset.version:
        raise svc.conflict(asset, expected_version)


def active_blocks(session: Session, asset: Asset) -> list[svc.FindingView]:
    assert asset.id is not None
    return [f for f in svc.findings_of(session, asset.id) if f.severity == "block" and not f.waived]


def edit(session: Session, asset_id: int, actor: Actor, *, expected_version: int | None,
         text: str | None = None, script: dict | None = None, image_prompt: str | None = None,
         reason: str = "edit") -> Asset:
    """Save an edit as a new version and re-run the checks on it."""
    asset = get_asset(session, asset_id, actor)
    _check_version(asset, expected_version)
    if text is None and script is None and image_prompt is None:
        raise InputError("nothing to save", where="text", fix="send the edited text, script or image prompt")
    before = svc.snapshot(asset)
    svc.compare_and_set(session, asset, expected_version)
    if text is not None:
        asset.text = text
    if script is not None:
        asset.script = script
    if image_prompt is not None:
        asset.image_prompt = image_prompt
    if asset.status != S.IN_REVIEW:
        asset.status = S.IN_REVIEW  # an edited draft needs a fresh decision
    session.add(asset)
    session.flush()
    svc.add_version(session, asset, author=actor.name, reason=reason)
    svc.store_findings(session, asset, svc.run_checks(asset, svc.brief_of(session, asset)))
    svc.audit(session, actor.name, reason, "asset", asset.id, before, svc.snapshot(asset))
    _event(session, "asset.edited", asset, actor=actor.name, reason=reason)
    return asset


def apply_suggestion(session: Session, asset_id: int, finding_id: int, actor: Actor, *,
                     expected_version: int | None) -> Asset:
    """Apply the rule's in-place fix to the finding's span and save as a new version (re-checked)."""
    asset = get_asset(session, asset_id, actor)
    finding = session.get(FindingRow, finding_id)
    if finding is None or finding.asset_id != asset.id:
        raise NotFound(f"finding {finding_id} is not on asset {asset_id}", where="finding_id")
    new_text = suggested_text(asset.text or "", finding) if asset.kind == AssetKind.COPY else None
    if new_text is None:
        raise InputError(f"rule {finding.rule} has no in-place fix to apply", where="finding_id",
                         fix=f"edit the text by hand: {finding.suggestion or finding.message}")
    return edit(session, asset_id, actor, expected_version=expected_version, text=new_text,
                reason=f"apply suggestion of {finding.rule}")


def suggested_text(text: str, finding: FindingRow | svc.FindingView) -> str | None:
    """``text`` with the finding's rule replacement applied, or None when the rule has no fix."""
    from studio.checks.engine import get_check_engine

    loaded = get_check_engine().ruleset.by_id.get(finding.rule)
    fix = getattr(loaded.rule, "replacement", None) if loaded else None
    if fix is None:
        return None
    if finding.start is None or finding.end is None:  # whole-asset finding: a missing label goes first
        return f"{fix} {text}" if isinstance(fix, str) else None
    span = text[finding.start: finding.end]
    if isinstance(fix, dict):
        fix = {k.casefold(): v for k, v in fix.items()}.get(span.casefold())
        if fix is None:
            return None
    before, after = text[: finding.start], text[finding.end:]
    if not fix and before.endswith(" ") and (after[:1] in (" ", "") or after[:1] in ".,!?;:"):
        before = before[:-1]  # deleting a word leaves one space, not two
    return before + fix + after


def decide(session: Session, asset_id: int, action: str, actor: Actor, *, expected_version: int | None,
           reason: str | None = None) -> Asset:
    """Approve, reject (reason required) or request changes (comment required)."""
    if action not in TRANSITIONS:
        raise InputError(f"unknown action {action!r}", where="action", fix=f"use one of: {', '.join(TRANSITIONS)}")
    asset = get_asset(session, asset_id, actor)
    _check_version(asset, expected_version)
    target, sources = TRANSITIONS[action]
    if asset.status not in sources:
        raise ReviewError(f"cannot {action.replace('_', ' ')} an asset that is {asset.status}", where="action")
    if action in ("reject", "request_changes") and not (reason and reason.strip()):
        raise InputError(f"{action.replace('_', ' ')} needs a reason", where="reason",
                         fix="say what is wrong so the team can act on it")
    if action == "approve":
        blocks = active_blocks(session, asset)
        if blocks:
            rules = ", ".join(sorted({f.rule for f in blocks}))
            raise ReviewError(f"cannot approve: {len(blocks)} block finding(s) remain ({rules})", where="findings",
                              fix="fix the text so the finding disappears, or ask a lead to record a waiver with a reason")
    before = svc.snapshot(asset)
    svc.compare_and_set(session, asset, expected_version)
    asset.status = target
    session.add(asset)
    session.add(ReviewDecision(asset_id=asset.id, version=asset.version, action=action, actor=actor.name, reason=reason))
    svc.audit(session, actor.name, action, "asset", asset.id, before, svc.snapshot(asset))
    _event(session, f"asset.{target}", asset, actor=actor.name, reason=reason)
    return asset


def waive(session: Session, asset_id: int, rule: str, actor: Actor, *, reason: str,
          expected_version: int | None = None) -> Asset:
    """A lead records a waiver for one rule on one asset, with a reason."""
    asset = get_asset(session, asset_id, actor)
    if not actor.can_waive:
        raise PermissionDenied("only a lead or admin can waive a finding", where="role",
                               fix="ask a lead for your locale to review the finding")
    _check_version(asset, expected_version)
    if not reason or len(reason.strip()) < 3:
        raise InputError("a waiver needs a reason", where="reason", fix="say why the finding does not apply")
    if not any(f.rule == rule for f in svc.findings_of(session, asset.id)):
        raise NotFound(f"asset {asset_id} has no finding of rule {rule}", where="rule")
    before = svc.snapshot(asset)
    svc.compare_and_set(session, asset, expected_version)
    made = svc.record_waivers(session, asset, rule, actor.name, reason.strip())
    session.add(asset)
    session.add(ReviewDecision(asset_id=asset.id, version=asset.version, action=ReviewAction.WAIVE, actor=actor.name,
                               reason=f"{rule}: {reason.strip()}"))
    svc.audit(session, actor.name, "waive", "asset", asset.id, before,
              {**svc.snapshot(asset), "waived_rule": rule,
               "waived": [{"matched": w.matched, "version": w.version} for w in made]})
    _event(session, "asset.waived", asset, actor=actor.name, rule=rule, reason=reason.strip())
    return asset


def comment(session: Session, asset_id: int, actor: Actor, body: str, parent_id: int | None = None) -> Comment:
    asset = get_asset(session, asset_id, actor)
    if not body or not body.strip():
        raise InputError("a comment cannot be empty", where="body")
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.asset_id != asset.id:
            raise NotFound(f"comment {parent_id} is not on asset {asset_id}", where="parent_id",
                           fix="reply to a comment of the same asset, or leave parent_id out")
    note = Comment(asset_id=asset.id, parent_id=parent_id, actor=actor.name, body=body.strip())
    session.add(note)
    session.flush()
    svc.audit(session, actor.name, "comment", "asset", asset.id, None, {"comment_id": note.id, "body": note.body})
    _event(session, "asset.commented", asset, actor=actor.name, comment_id=note.id, parent_id=parent_id)
    return note


def versions(session: Session, asset_id: int) -> list[AssetVersion]:
    return list(session.exec(select(AssetVersion).where(AssetVersion.asset_id == asset_id)
                             .order_by(AssetVersion.version)).all())


def _version_text(v: AssetVersion) -> str:
    if v.script:
        return "\n".join(f"{s.get('on_screen_text', '')} | {s.get('voiceover', '')}" for s in v.script.get("scenes", []))
    return v.text or v.image_prompt or ""


def diff(session: Session, asset_id: int, old: int, new: int) -> str:
    """A unified diff between two versions of an asset."""
    by_number = {v.version: v for v in versions(session, asset_id)}
    for n in (old, new):
        if n not in by_number:
            raise NotFound(f"asset {asset_id} has no version {n}", where="version",
                           fix=f"versions with content: {', '.join(map(str, sorted(by_number)))}")
    lines = difflib.unified_diff(_version_text(by_number[old]).splitlines(), _version_text(by_number[new]).splitlines(),
                                 f"v{old}", f"v{new}", lineterm="")
    return "\n".join(lines)


def restore(session: Session, asset_id: int, version: int, actor: Actor, *, expected_version: int | None) -> Asset:
    """Make an earlier version's content current again (as a new version)."""
    by_number = {v.version: v for v in versions(session, asset_id)}
    if version not in by_number:
        raise NotFound(f"asset {asset_id} has no version {version}", where="version")
    old = by_number[version]
    return edit(session, asset_id, actor, expected_version=expected_version, text=old.text, script=old.script,
                image_prompt=old.image_prompt, reason=f"restore v{version}")


def _event(session: Session, event: str, asset: Asset, **extra) -> None:
    """Queue the webhook event of an asset's state change in this transaction (sent later by the worker)."""
    enqueue(session, event, {"asset_id": asset.id, "campaign_id": asset.campaign_id, "locale": asset.locale,
                             "kind": str(asset.kind), "status": str(asset.status), "version": asset.version, **extra})


BULK_REASON = "bulk approve: no warn or block findings"


def approve_clean(session: Session, asset_ids: list[int], actor: Actor, *, locale: str | None = None) -> list[Asset]:
    """Approve every asset in ``asset_ids`` in one transaction, each exactly as a single approve (its own
    decision, audit entry and webhook). All or nothing: a locale the actor does not hold, an asset with an
    active warn or block finding, or one already decided refuses the whole batch before anything changes."""
    if locale and not actor.can_access(locale):
        raise PermissionDenied(f"{actor.name} is not assigned to {locale}", where="locale",
                               fix="ask an admin to add the locale to your account")
    assets = [get_asset(session, int(i), actor) for i in asset_ids]
    for asset in assets:
        assert asset.id is not None
        loud = sorted({f.rule for f in svc.findings_of(session, asset.id)
                       if f.severity in ("warn", "block") and not f.waived})
        if loud:
            raise ReviewError(f"asset {asset.id} has warn/block findings ({', '.join(loud)}); bulk approve takes "
                              "clean assets only", where="asset_ids", fix="review that asset on its own")
    return [decide(session, asset.id or 0, "approve", actor, expected_version=asset.version, reason=BULK_REASON)
            for asset in assets]
