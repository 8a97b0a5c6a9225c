"""The review queue: filters, severity-then-age order, pagination and counts per status."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pandas as pd

from studio.review.queue import SEVERITIES, QueueFilter, filter_options, findings_summary, queue_page
from studio.store.database import session_scope
from studio.store.tables import STATUSES
from studio.ui.common import actor_from, error_text

ANY = "any"
PAGE_SIZE = 25
COLUMNS = ["id", "severity", "findings", "top reason", "status", "campaign", "locale", "kind", "channel", "variant",
           "version", "created", "preview", "link"]
# Only the link column is Markdown (built here from the id); model text stays plain "str".
DATATYPES = ["number", "str", "str", "str", "str", "str", "str", "str", "str", "number", "number", "str", "str",
             "markdown"]
TOP_REASON_CHARS = 90


def asset_link(asset_id: int) -> str:
    """The asset's deep link, relative to the UI (/ui/?asset=ID opens it)."""
    return f"[#{int(asset_id)}](?asset={int(asset_id)})"


def findings_cell(summary) -> str:
    return f"{summary.open}" + (f" (+{summary.waived} waived)" if summary.waived else "")


def short(text: str, limit: int = TOP_REASON_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
OUT = ("table", "counts", "page", "page_info", "status_msg")


def _opt(value):
    return None if value in (None, "", ANY) else value


def make_filter(campaign, locale, kind, channel, status, severity) -> QueueFilter:
    return QueueFilter(campaign_id=int(campaign) if _opt(campaign) not in (None,) else None, locale=_opt(locale),
                       kind=_opt(kind), channel=_opt(channel), status=_opt(status), severity=_opt(severity))


def counts_text(counts: dict[str, int]) -> str:
    return " · ".join(f"{status.replace('_', ' ')}: {n}" for status, n in counts.items())


def load_queue(db, campaign, locale, kind, channel, status, severity, page, request: gr.Request):
    """Handler: one page of the queue for the signed-in reviewer."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            result = queue_page(session, make_filter(campaign, locale, kind, channel, status, severity), actor,
                                page=int(page or 1), page_size=PAGE_SIZE)
            found = findings_summary(session, [r.id for r in result.rows])
    except Exception as err:  # shown to the reviewer; nothing else is rendered
        return pd.DataFrame(columns=COLUMNS), "", 1, "", error_text(err)
    frame = pd.DataFrame([[r.id, r.severity, findings_cell(found[r.id]), short(found[r.id].top), r.status, r.campaign,
                           r.locale, r.kind, r.channel, r.variant, r.version, r.created_at, r.preview, asset_link(r.id)]
                          for r in result.rows], columns=COLUMNS)
    info = f"page {result.page} of {result.pages} · {result.total} assets"
    return frame, counts_text(result.counts), result.page, info, ""


def load_filters(db, request: gr.Request):
    """Handler: dropdown choices limited to what the reviewer may see; also says who is signed in."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            opts = filter_options(session, actor)
    except Exception as err:
        return (gr.update(), gr.update(), gr.update(), gr.update(), error_text(err))
    scope = ("all" if actor.role == "admin" or "*" in actor.locales
             else ", ".join(actor.locales) or "none — ask an admin to assign your locales")
    who = f"Signed in as {actor.name} ({actor.role}; locales: {scope})"
    return (gr.update(choices=[("any", ANY)] + opts["campaign"], value=ANY),
            gr.update(choices=[ANY] + opts["locale"], value=ANY),
            gr.update(choices=[ANY] + opts["kind"], value=ANY),
            gr.update(choices=[ANY] + opts["channel"], value=ANY), who)


def deep_link(request: gr.Request):
    """Handler (page load): the asset named by ``?asset=ID`` in the address, to open it."""
    raw = (getattr(request, "query_params", None) or {}).get("asset") if request is not None else None
    try:
        return int(raw) if raw not in (None, "") else gr.update()
    except (TypeError, ValueError):
        return gr.update()


def row_selected(frame, evt: gr.SelectData):
    """Handler: the id of the clicked queue row (opens it on the asset page)."""
    try:
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        value = frame.iloc[row]["id"] if isinstance(frame, pd.DataFrame) else frame[row][0]
        return int(value)
    except Exception:
        return None


def render(db: gr.State) -> SimpleNamespace:
    """Build the queue page inside the current Blocks context."""
    who = gr.Textbox(label="Signed in", interactive=False, elem_id="who")
    with gr.Row():
        campaign = gr.Dropdown([("any", ANY)], value=ANY, label="Campaign")
        locale = gr.Dropdown([ANY], value=ANY, label="Locale")
        kind = gr.Dropdown([ANY], value=ANY, label="Kind")
        channel = gr.Dropdown([ANY], value=ANY, label="Channel")
        status = gr.Dropdown([ANY, *STATUSES], value="in_review", label="Status")
        severity = gr.Dropdown([ANY, *SEVERITIES], value=ANY, label="Worst severity")
    counts = gr.Textbox(label="Counts per status", interactive=False)
    table = gr.Dataframe(headers=COLUMNS, datatype=DATATYPES, interactive=False, wrap=True,
                         label="Queue (click a row to open it; the link column is each asset's address)",
                         elem_id="queue-table")
    with gr.Row():
        prev_btn = gr.Button("◀ Previous", size="sm")
        page = gr.Number(value=1, precision=0, label="Page", minimum=1)
        next_btn = gr.Button("Next ▶", size="sm")
        refresh = gr.Button("Refresh", size="sm", variant="primary")
    page_info = gr.Textbox(label="Showing", interactive=False)
    status_msg = gr.Textbox(label="Message", interactive=False, visible=True)

    filters = [campaign, locale, kind, channel, status, severity]
    inputs = [db, *filters, page]
    outputs = [table, counts, page, page_info, status_msg]
    refresh.click(load_queue, inputs, outputs, api_name="queue")
    for f in filters:
        # a new filter starts again at page 1
        f.input(lambda: 1, None, page).then(load_queue, inputs, outputs)
    prev_btn.click(lambda p: max(1, int(p or 1) - 1), page, page).then(load_queue, inputs, outputs)
    next_btn.click(lambda p: int(p or 1) + 1, page, page).then(load_queue, inputs, outputs)
    return SimpleNamespace(table=table, filters=filters, page=page, load_inputs=inputs, load_outputs=outputs,
                           who=who)
