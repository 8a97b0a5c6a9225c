"""Campaign dashboard: progress per locale, findings by category, and the export of approved assets."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pandas as pd
from sqlmodel import select

from studio.review.queue import campaign_progress, findings_by_category
from studio.store.database import session_scope
from studio.store.tables import Campaign
from studio.ui.common import actor_from, error_text, ok_text

PROGRESS_COLUMNS = ["locale", "generated", "in_review", "approved", "rejected", "changes_requested"]
FORMATS = ("jsonl", "csv", "xliff", "srt", "vtt")


def campaign_choices(db, request: gr.Request):
    """Handler: the campaigns, newest first, for the dashboard's dropdown."""
    try:
        actor_from(db, request)
        with session_scope(db) as session:
            rows = session.exec(select(Campaign.id, Campaign.name, Campaign.brand).order_by(Campaign.id.desc())).all()
    except Exception:
        return gr.update(choices=[], value=None)
    choices = [(f"{name} ({brand})", cid) for cid, name, brand in rows]
    return gr.update(choices=choices, value=choices[0][1] if choices else None)


def load_dashboard(db, campaign_id, request: gr.Request):
    """Handler: (progress table, findings-by-category frame for the bar plot, message)."""
    empty = pd.DataFrame(columns=PROGRESS_COLUMNS), pd.DataFrame({"category": [], "count": [], "severity": []})
    try:
        actor = actor_from(db, request)
        if not campaign_id:
            return *empty, "Pick a campaign."
        with session_scope(db) as session:
            progress = campaign_progress(session, int(campaign_id), actor)
            findings = findings_by_category(session, int(campaign_id), actor)
    except Exception as err:
        return *empty, error_text(err)
    frame = pd.DataFrame(progress, columns=PROGRESS_COLUMNS)
    chart = pd.DataFrame(findings, columns=["category", "severity", "count"])
    # Gradio derives the y range from the data; with one bar that range is empty, so pin it at 0.
    top = int(chart["count"].max()) if len(chart) else 1
    return frame, gr.update(value=chart, y_lim=[0, max(1, top)]), ""


def export_approved(db, campaign_id, fmt, request: gr.Request):
    """Handler: files of the campaign's approved assets in ``fmt`` (jsonl | csv | xliff | srt | vtt)."""
    try:
        actor = actor_from(db, request)
        if not campaign_id:
            return None, error_text(ValueError("pick a campaign first"))
        from studio.deliver import export

        with session_scope(db) as session:
            records = export.select_records(session, campaign=int(campaign_id), status="approved",
                                            locales=_locales(actor))
        files = export.render(records, fmt or "jsonl")
    except Exception as err:
        return None, error_text(err)
    out = Path(tempfile.mkdtemp(prefix="studio-export-"))
    paths = []
    for name, data in files.items():
        path = out / Path(name).name
        path.write_bytes(data)
        paths.append(str(path))
    return paths, ok_text(f"{len(records)} approved assets exported as {fmt} ({len(paths)} file(s))")


def _locales(actor) -> list[str] | None:
    if actor.role == "admin" or "*" in actor.locales:
        return None
    return list(actor.locales) or ["-"]


def render(db: gr.State) -> SimpleNamespace:
    """Build the dashboard inside the current Blocks context."""
    with gr.Row():
        campaign = gr.Dropdown([], label="Campaign", scale=3)
        refresh = gr.Button("Refresh", variant="primary")
    msg = gr.Textbox(label="Message", interactive=False)
    progress = gr.Dataframe(headers=PROGRESS_COLUMNS, interactive=False, label="Progress per locale")
    chart = gr.BarPlot(x="category", y="count", color="severity", title="Active findings by category",
                       color_map={"block": "#d93025", "warn": "#f29900", "info": "#1a73e8"}, x_label_angle=-30)
    with gr.Row():
        fmt = gr.Dropdown(list(FORMATS), value="jsonl", label="Export format")
        export_btn = gr.Button("Export approved assets")
    files = gr.File(label="Export", file_count="multiple", interactive=False, elem_id="export-files")
    refresh.click(load_dashboard, [db, campaign], [progress, chart, msg], api_name="dashboard")
    campaign.input(load_dashboard, [db, campaign], [progress, chart, msg])
    export_btn.click(export_approved, [db, campaign, fmt], [files, msg], api_name="export")
    return SimpleNamespace(campaign=campaign, refresh=refresh, progress=progress, chart=chart, msg=msg)
