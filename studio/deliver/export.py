"""Export assets as JSONL, CSV, XLIFF 2 (translate-toolkit), SRT or WebVTT."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from sqlmodel import Session, select

from studio.core.errors import InputError
from studio.review import records as svc
from studio.store.tables import Asset, Campaign

FORMATS = ("jsonl", "csv", "xliff", "srt", "vtt")
CSV_FIELDS = ("id", "campaign", "locale", "kind", "channel", "variant", "status", "version", "text",
              "image_path", "worst_severity", "findings")


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


def asset_record(session: Session, asset: Asset, campaign: Campaign) -> dict:
    """The exported view of one asset: what a CMS or a spreadsheet needs."""
    findings = [f.as_finding_dict() | {"waived": f.waived} for f in svc.findings_of(session, asset.id)]
    return {
        "id": asset.id, "campaign": campaign.name, "brand": campaign.brand, "locale": asset.locale,
        "kind": asset.kind, "channel": asset.channel, "variant": asset.variant, "status": asset.status,
        "version": asset.version, "text": asset.text, "script": asset.script, "image_path": asset.image_path,
        "image_prompt": asset.image_prompt, "note": asset.note, "worst_severity": asset.worst_severity,
        "findings": findings, "source_text": (asset.generation or {}).get("source_text"),
        "updated_at": asset.updated_at.isoformat(),
    }


def select_records(session: Session, *, campaign: str | int | None = None, status: str = "approved",
                   locales: list[str] | None = None) -> list[dict]:
    """Records of the assets to export, in a stable order."""
    if status not in ("approved", "any"):
        raise InputError(f"unknown status {status!r}", where="--status", fix="use approved or any")
    query = select(Asset, Campaign).join(Campaign, Campaign.id == Asset.campaign_id)
    if campaign is not None:
        query = query.where(Campaign.id == int(campaign)) if str(campaign).isdigit() else query.where(Campaign.name == campaign)
    if status == "approved":
        query = query.where(Asset.status == "approved")
    if locales:
        query = query.where(Asset.locale.in_(locales))
    rows = session.exec(query.order_by(Campaign.id, Asset.locale, Asset.kind, Asset.channel, Asset.variant)).all()
    return [asset_record(session, asset, camp) for asset, camp in rows]


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
        row = {**r, "text": _text_of(r), "findings": "; ".join(f"{f['severity']}:{f['rule']}" for f in r["findings"])}
        writer.writerow({key: inert(row.get(key)) for key in CSV_FIELDS})
    return {"assets.csv": buf.getvalue().encode("utf-8")}


def _xliff(records: list[dict]) -> dict[str, bytes]:
    """One XLIFF 2.0 file per (campaign, target locale); source is the source-language draft when the
    text was translated, else the target text itself (generated directly in the target language)."""
    from translate.storage.xliff2 import Xliff2File

    files: dict[str, Xliff2File] = {}
    for r in records:
        name = f"{file_part(r['campaign'])}.{file_part(r['locale'])}.xliff"
        if name not in files:
            files[name] = Xliff2File(sourcelanguage="en-US")
            files[name].settargetlanguage(r["locale"])
        target = _text_of(r)
        unit = files[name].addsourceunit(r["source_text"] or target)
        unit.setid(f"asset-{r['id']}-{r['kind']}-{r['channel']}-{r['variant']}")
        unit.target = target
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
