"""Export assets as JSONL, CSV, XLIFF 2 (translate-toolkit), SRT or WebVTT."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from sqlmodel import Session, select

from studio.core.errors import InputError, NotFound
from studio.review import records as svc
from studio.store.tables import Asset, Campaign, ReviewDecision

FORMATS = ("jsonl", "csv", "xliff", "srt", "vtt")
CSV_FIELDS = ("id", "campaign", "locale", "kind", "channel", "variant", "status", "version", "text",
              "image_path", "worst_severity", "findings", "approved_by", "approved_at", "waivers",
              "source_locale", "source_text")


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 80
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def file_part(value: str) -> str:
    """A campaign name (or other text) as a safe piece of a file name: letters, digits, ``._-`` only,
    at most ``MAX_NAME`` characters (a long one keeps a short hash so two names stay apart)."""
    slug = _UNSAFE.sub("_", value or "").strip("._") or "campaign"
    if len(slug) > MAX_NAME:
        slug = f"{slug[:MAX_NAME - 9]}-{hashlib.sha256(value.encode()).hexdigest()[:8]}"
    return slug


def inert(value):
    """A spreadsheet cell that cannot run: text starting with = + - @ (or a tab/newline) gets a leading
    apostrophe, so Excel, LibreOffice and Sheets show it as text (OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def approval_of(session: Session, asset: Asset) -> dict | None:
    """Who approved the asset's current state and when (None unless it is approved)."""
    if asset.status != "approved":
        return None
    row = session.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset.id,
                                                    ReviewDecision.action == "approve")
                       .order_by(ReviewDecision.id.desc())).first()
    return {"by": row.actor, "at": row.created_at.isoformat(), "version": row.version} if row else None


def _source_of(asset: Asset, campaign: Campaign, siblings: dict) -> tuple[str, str | None, str]:
    """(source locale, source text, where it came from) for one asset, from the brief's point of view:
    the source-language draft it was translated from, else the same job's asset in the brief's source
    locale, else the brief's key messages (the draft was written directly in the target language)."""
    brief = campaign.brief or {}
    source_locale = brief.get("source_locale") or "en-US"
    translated = (asset.generation or {}).get("source_text")
    if translated:
        return source_locale, translated, "translated from the source-language draft"
    sibling = siblings.get((asset.campaign_id, source_locale, asset.kind, asset.channel, asset.variant))
    if sibling is not None and sibling.id != asset.id:
        return source_locale, _content(sibling), f"the {source_locale} asset {sibling.id} of the same job"
    if asset.locale == source_locale:
        return source_locale, _content(asset), "written in the source locale"
    messages = [str(m) for m in brief.get("key_messages") or []]
    return source_locale, "\n".join(messages) or None, "the brief's key messages (drafted directly in the target language)"


def _content(asset: Asset) -> str:
    if asset.script:
        return "\n".join(s.get("voiceover") or "" for s in asset.script.get("scenes", []))
    return asset.text or asset.image_prompt or ""


def asset_record(session: Session, asset: Asset, campaign: Campaign, siblings: dict | None = None) -> dict:
    """The exported view of one asset: what a CMS or a spreadsheet needs, with the review that stands
    behind it (who approved it and when, every waiver with who, why and when)."""
    findings = [f.as_finding_dict() | {"waived": f.waived} for f in svc.findings_of(session, asset.id)]
    source_locale, source_text, source_origin = _source_of(asset, campaign, siblings or {})
    return {
        "id": asset.id, "campaign": campaign.name, "brand": campaign.brand, "locale": asset.locale,
        "kind": asset.kind, "channel": asset.channel, "variant": asset.variant, "status": asset.status,
        "version": asset.version, "text": asset.text, "script": asset.script, "image_path": asset.image_path,
        "image_prompt": asset.image_prompt, "note": asset.note, "worst_severity": asset.worst_severity,
        "findings": findings, "source_locale": source_locale, "source_text": source_text,
        "source_origin": source_origin, "approval": approval_of(session, asset),
        "waivers": svc.waiver_records(session, asset.id), "updated_at": asset.updated_at.isoformat(),
    }


def find_campaign(session: Session, campaign: str | int) -> Campaign:
    """The campaign by id or name; NotFound names what was asked for."""
    row = None
    if str(campaign).isdigit() and int(campaign) <= 2**31 - 1:
        row = session.get(Campaign, int(campaign))
    if row is None:
        row = session.exec(select(Campaign).where(Campaign.name == str(campaign))).first()
    if row is None:
        raise NotFound(f"campaign {str(campaign)[:200]!r} does not exist", where="campaign",
                       fix="use a campaign id or name from GET /v1/campaigns (or `studio campaigns`)")
    return row


def select_records(session: Session, *, campaign: str | int | None = None, status: str = "approved",
                   locales: list[str] | None = None) -> list[dict]:
    """Records of the assets to export, in a stable order."""
    if status not in ("approved", "any"):
        raise InputError(f"unknown status {status!r}", where="--status", fix="use approved or any")
    query = select(Asset, Campaign).join(Campaign, Campaign.id == Asset.campaign_id)
    if campaign is not None:
        query = query.where(Campaign.id == find_campaign(session, campaign).id)
    if status == "approved":
        query = query.where(Asset.status == "approved")
    if locales:
        query = query.where(Asset.locale.in_(locales))
    rows = session.exec(query.order_by(Campaign.id, Asset.locale, Asset.kind, Asset.channel, Asset.variant)).all()
    siblings = _source_locale_assets(session, list({camp.id: camp for _, camp in rows}.values()))
    return [asset_record(session, asset, camp, siblings) for asset, camp in rows]


def _source_locale_assets(session: Session, campaigns: list[Campaign]) -> dict:
    """{(campaign id, locale, kind, channel, variant): asset} for the assets in each brief's source locale."""
    out: dict = {}
    for camp in campaigns:
        source_locale = (camp.brief or {}).get("source_locale") or "en-US"
        for a in session.exec(select(Asset).where(Asset.campaign_id == camp.id, Asset.locale == source_locale)).all():
            out[(a.campaign_id, a.locale, a.kind, a.channel, a.variant)] = a
    return out


def approvals(session: Session, campaign: str | int | None = None) -> dict[str, dict[str, int]]:
    """Per locale: how many assets, how many approved, how many of those carry a waiver (two light queries,
    without building the export's records)."""
    from studio.store.tables import Waiver

    assets = select(Asset.id, Asset.locale, Asset.status)
    waivers = select(Waiver.asset_id).join(Asset, Asset.id == Waiver.asset_id)
    if campaign is not None:
        campaign_id = find_campaign(session, campaign).id
        assets, waivers = assets.where(Asset.campaign_id == campaign_id), waivers.where(Asset.campaign_id == campaign_id)
    waived = set(session.exec(waivers).all())
    out: dict[str, dict[str, int]] = {}
    for asset_id, locale, status in session.exec(assets).all():
        row = out.setdefault(locale, {"assets": 0, "approved": 0, "approved_with_waiver": 0})
        row["assets"] += 1
        if status == "approved":
            row["approved"] += 1
            row["approved_with_waiver"] += asset_id in waived
    return dict(sorted(out.items()))


WHAT = {"srt": "video scripts", "vtt": "video scripts"}


def nothing_reason(records: list[dict], fmt: str, status: str) -> str:
    """Why an export made no file, in one line: e.g. "srt: 0 files — no approved video scripts"."""
    which = "approved " if status == "approved" else ""
    if fmt in WHAT:
        scripts = [r for r in records if r["kind"] == "video_script"]
        if scripts:
            return f"{fmt}: 0 files — the {len(scripts)} {which}video script(s) have no scenes"
        return f"{fmt}: 0 files — no {which}video scripts ({len(records)} {which}asset(s) of other kinds)"
    return f"{fmt}: 0 files — no {which}assets"


def _text_of(record: dict) -> str:
    if record["script"]:
        return "\n".join(s.get("voiceover") or "" for s in record["script"].get("scenes", []))
    return record["text"] or record["image_prompt"] or ""


def _jsonl(records: list[dict]) -> dict[str, bytes]:
    return {"assets.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()}


def _csv(records: list[dict]) -> dict[str, bytes]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        row = {**r, "text": _text_of(r), "findings": "; ".join(f"{f['severity']}:{f['rule']}" for f in r["findings"]),
               "approved_by": (r["approval"] or {}).get("by"), "approved_at": (r["approval"] or {}).get("at"),
               "waivers": "; ".join(waiver_line(w) for w in r["waivers"])}
        writer.writerow({key: inert(row.get(key)) for key in CSV_FIELDS})
    return {"assets.csv": buf.getvalue().encode("utf-8")}


def waiver_line(w: dict) -> str:
    return f"waiver {w['rule']} on {w['matched']!r} (v{w['version']}) by {w['by']} at {w['at']}: {w['reason']}"


def _xliff(records: list[dict]) -> dict[str, bytes]:
    """One XLIFF 2.0 file per (campaign, target locale): ``srcLang`` is the brief's source locale and
    ``<source>`` its text (see ``_source_of``); ``<target>`` is the draft in the asset's locale. Notes
    carry the approval (who, when) and every waiver (rule, who, why, when)."""
    from translate.storage.xliff2 import Xliff2File

    files: dict[str, Xliff2File] = {}
    for r in records:
        name = f"{file_part(r['campaign'])}.{file_part(r['locale'])}.xliff"
        if name not in files:
            files[name] = Xliff2File(sourcelanguage=r["source_locale"])
            files[name].setsourcelanguage(r["source_locale"])
            files[name].settargetlanguage(r["locale"])
        target = _text_of(r)
        unit = files[name].addsourceunit(r["source_text"] or "")
        unit.setid(f"asset-{r['id']}-{r['kind']}-{r['channel']}-{r['variant']}")
        unit.target = target
        unit.addnote(f"source: {r['source_origin']}", origin="studio")
        if r["approval"]:
            unit.addnote(f"approved by {r['approval']['by']} at {r['approval']['at']} (v{r['approval']['version']})",
                         origin="studio")
        for w in r["waivers"]:
            unit.addnote(waiver_line(w), origin="studio")
        if r["status"] == "approved":
            unit.markapproved(True)
    return {name: bytes(store) for name, store in files.items()}


def _timed(records: list[dict], fmt: str) -> dict[str, bytes]:
    from studio.generate.video_script import Scene, VideoScript, to_srt, to_vtt

    out = {}
    for r in records:
        if r["kind"] != "video_script" or not r["script"]:
            continue
        script = VideoScript(scenes=[Scene(**scene) for scene in r["script"]["scenes"]], title=r["script"].get("title", ""))
        body = to_srt(script) if fmt == "srt" else to_vtt(script)
        out[f"{file_part(r['campaign'])}.{file_part(r['locale'])}.{file_part(r['channel'])}.v{r['variant']}.{fmt}"] = body.encode()
    return out


def render(records: list[dict], fmt: str) -> dict[str, bytes]:
    """Files for the records in ``fmt``: {filename: content}."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", where="--format", fix=f"use one of: {', '.join(FORMATS)}")
    if fmt == "jsonl":
        return _jsonl(records)
    if fmt == "csv":
        return _csv(records)
    if fmt == "xliff":
        return _xliff(records)
    return _timed(records, fmt)


def write(files: dict[str, bytes], out: str | Path) -> list[Path]:
    """Write files into a folder (created if needed); returns the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files.items():
        path = out / name
        path.write_bytes(content)
        paths.append(path)
    return paths
