"""Campaign dashboard: progress per locale, findings by category, A/B experiments, and the export of
approved assets."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pandas as pd
from sqlmodel import select

from studio.experiments.decisions import campaign_experiments
from studio.review.queue import campaign_progress, findings_by_category
from studio.store.database import session_scope
from studio.store.tables import Campaign
from studio.ui.common import actor_from, error_text, esc, ok_text

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
    if not files or not records:
        return None, error_text(ValueError(f"nothing exported: {export.nothing_reason(records, fmt or 'jsonl', 'approved')}"))
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


def load_experiments(db, campaign_id, request: gr.Request) -> str:
    """Handler: the campaign's experiments as HTML: an interval chart per locale x channel, winners, undecided."""
    try:
        actor = actor_from(db, request)
        if not campaign_id:
            return ""
        with session_scope(db) as session:
            states = campaign_experiments(session, int(campaign_id), _locales(actor))
    except Exception as err:
        return f"<p class='experiments-error'>{esc(error_text(err))}</p>"
    return experiments_html(states)


def experiments_html(states) -> str:
    """Winners and undecided tests as lists, then one SVG interval chart per experiment (escaped)."""
    if not states:
        return ("<div id='experiments-body'><p>No A/B results for this campaign yet: POST /v1/assets/{id}/results "
                "or <code>studio results import FILE.csv</code>.</p></div>")
    won = [s for s in states if s.winner_asset_id is not None]
    open_ = [s for s in states if s.winner_asset_id is None]
    parts = ["<div id='experiments-body'>", f"<h4>Winners ({len(won)})</h4><ul class='winners'>"]
    for s in won:
        v = next(v for v in s.variants if v.asset_id == s.winner_asset_id)
        parts.append(f"<li>{esc(s.locale)} · {esc(s.channel)}: variant {v.variant} (#{v.asset_id}) "
                     f"{esc(_metric(s.metric))} {v.mean:.2%}, lift {s.decided_lift or 0:+.1%} over the runner-up, "
                     f"P(best) {s.decided_probability or 0:.3f} — “{esc(v.preview)}”</li>")
    parts.append(f"</ul><h4>Undecided ({len(open_)})</h4><ul class='undecided'>")
    for s in open_:
        parts.append(f"<li>{esc(s.locale)} · {esc(s.channel)}: {esc(s.reason)}</li>")
    parts.append("</ul>")
    parts += [interval_svg(s) for s in states]
    parts.append("</div>")
    return "".join(parts)


def _metric(metric: str) -> str:
    return "CTR" if metric == "ctr" else "conversion rate"


def interval_svg(state) -> str:
    """One experiment: per variant its 95% credible interval (line) and posterior mean (dot), winner in green."""
    rows, width, left, right, row_h = state.variants, 640, 190, 20, 26
    height = 40 + row_h * max(1, len(rows))
    lo = min((v.low for v in rows), default=0.0)
    hi = max((v.high for v in rows), default=1.0)
    pad = (hi - lo) * 0.08 or 0.001
    lo, hi = max(0.0, lo - pad), min(1.0, hi + pad)
    scale = lambda x: left + (x - lo) / (hi - lo or 1) * (width - left - right)  # noqa: E731
    title = f"{state.locale} · {state.channel} · {_metric(state.metric)} · {state.state}"
    out = [f"<figure class='experiment' data-locale='{esc(state.locale)}' data-channel='{esc(state.channel)}'>",
           f"<svg role='img' aria-label='{esc(title)}' width='{width}' height='{height}' viewBox='0 0 {width} {height}' "
           "xmlns='http://www.w3.org/2000/svg' style='font: 12px sans-serif'>",
           f"<text x='4' y='14' font-weight='bold'>{esc(title)}</text>"]
    for tick in (lo, (lo + hi) / 2, hi):
        x = scale(tick)
        out.append(f"<line x1='{x:.1f}' y1='22' x2='{x:.1f}' y2='{height - 14}' stroke='#ddd'/>"
                   f"<text x='{x:.1f}' y='{height - 2}' text-anchor='middle' fill='#666'>{tick:.2%}</text>")
    for i, v in enumerate(rows):
        y = 34 + i * row_h
        colour = "#188038" if v.asset_id == state.winner_asset_id else "#1a73e8"
        out.append(f"<g class='variant' data-asset='{v.asset_id}'>"
                   f"<text x='4' y='{y + 4}'>variant {v.variant} (#{v.asset_id}) P(best) {v.p_best:.2f}</text>"
                   f"<line x1='{scale(v.low):.1f}' y1='{y}' x2='{scale(v.high):.1f}' y2='{y}' stroke='{colour}' "
                   f"stroke-width='4' stroke-linecap='round'/>"
                   f"<circle cx='{scale(v.mean):.1f}' cy='{y}' r='5' fill='{colour}'/>"
                   f"<title>{v.successes}/{v.trials}: {v.mean:.3%} [{v.low:.3%}, {v.high:.3%}]</title></g>")
    out.append("</svg>")
    out.append(f"<figcaption>{esc(state.reason)}</figcaption></figure>")
    return "".join(out)


def render(db: gr.State) -> SimpleNamespace:
    """Build the dashboard inside the current Blocks context."""
    with gr.Row():
        campaign = gr.Dropdown([], label="Campaign", scale=3)
        refresh = gr.Button("Refresh", variant="primary")
    msg = gr.Textbox(label="Message", interactive=False)
    progress = gr.Dataframe(headers=PROGRESS_COLUMNS, interactive=False, label="Progress per locale")
    chart = gr.BarPlot(x="category", y="count", color="severity", title="Active findings by category",
                       color_map={"block": "#d93025", "warn": "#f29900", "info": "#1a73e8"}, x_label_angle=-30)
    with gr.Accordion("A/B experiments (95% credible intervals per variant)", open=True):
        experiments = gr.HTML(elem_id="experiments")
    with gr.Row():
        fmt = gr.Dropdown(list(FORMATS), value="jsonl", label="Export format")
        export_btn = gr.Button("Export approved assets")
    files = gr.File(label="Export", file_count="multiple", interactive=False, elem_id="export-files")
    refresh.click(load_dashboard, [db, campaign], [progress, chart, msg], api_name="dashboard")
    campaign.input(load_dashboard, [db, campaign], [progress, chart, msg])
    refresh.click(load_experiments, [db, campaign], [experiments], api_name="experiments")
    campaign.change(load_experiments, [db, campaign], [experiments])
    export_btn.click(export_approved, [db, campaign, fmt], [files, msg], api_name="export")
    return SimpleNamespace(campaign=campaign, refresh=refresh, progress=progress, chart=chart, msg=msg,
                           experiments=experiments)
