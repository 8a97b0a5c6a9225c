"""The review queue: filters, severity-then-age order, pagination and counts per status."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

import gradio as gr
import pandas as pd

from studio.review.queue import SEVERITIES, QueueFilter, filter_options, findings_summary, queue_page
from studio.store.database import session_scope
from studio.store.tables import STATUSES
from studio.ui.common import actor_from, error_text, esc
from studio.ui.quality import queue_badges

ANY = "any"
DEFAULT_STATUS = "in_review"
PAGE_SIZE = 25
COLUMNS = ["id", "severity", "findings", "top reason", "quality", "status", "campaign", "locale", "kind", "channel", "variant",
           "version", "created", "preview", "link"]
# Only the link column is Markdown (built here from the id); model text stays plain "str".
DATATYPES = ["number", "str", "str", "str", "str", "str", "str", "str", "str", "str", "number", "number", "str", "str",
             "markdown"]
TOP_REASON_CHARS = 90
# Fixed widths so the long "top reason" and "preview" cells wrap instead of pushing locale and kind off screen.
COLUMN_WIDTHS = ["64px", "84px", "84px", "240px", "150px", "110px", "140px", "76px", "100px", "120px", "70px", "70px",
                 "130px", "320px", "70px"]


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


def make_filter(campaign, locale, kind, channel, status, severity, search=None) -> QueueFilter:
    return QueueFilter(campaign_id=int(campaign) if _opt(campaign) not in (None,) else None, locale=_opt(locale),
                       kind=_opt(kind), channel=_opt(channel), status=_opt(status), severity=_opt(severity),
                       text=(search or "").strip()[:200] or None)


def counts_text(counts: dict[str, int]) -> str:
    return " · ".join(f"{status.replace('_', ' ')}: {n}" for status, n in counts.items())


def load_queue(db, campaign, locale, kind, channel, status, severity, page, request: gr.Request, search=""):
    """Handler: one page of the queue for the signed-in reviewer (``search``: words to find, see QueueFilter)."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            result = queue_page(session, make_filter(campaign, locale, kind, channel, status, severity, search), actor,
                                page=int(page or 1), page_size=PAGE_SIZE)
            found = findings_summary(session, [r.id for r in result.rows])
            quality = queue_badges(session, [r.id for r in result.rows])
    except Exception as err:  # shown to the reviewer; nothing else is rendered
        return pd.DataFrame(columns=COLUMNS), "", 1, "", error_text(err)
    frame = pd.DataFrame([[r.id, r.severity, findings_cell(found[r.id]), short(found[r.id].top),
                           quality.get(r.id, ""), r.status, r.campaign,
                           r.locale, r.kind, r.channel, r.variant, r.version, r.created_at, r.preview, asset_link(r.id)]
                          for r in result.rows], columns=COLUMNS)
    info = f"page {result.page} of {result.pages} · {result.total} assets"
    return frame, counts_text(result.counts), result.page, info, ""


def load_filters(db, request: gr.Request):
    """Handler: dropdown choices limited to what the reviewer may see, each set from the address when it names
    a valid value (``?locale=de-DE&q=Preis``, see ``filter_query``); also says who is signed in. Returns
    campaign, locale, kind, channel, who, status, severity, search."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            opts = filter_options(session, actor)
    except Exception as err:
        return (gr.update(), gr.update(), gr.update(), gr.update(), error_text(err), gr.update(), gr.update(),
                gr.update())
    url = dict(getattr(request, "query_params", None) or {})

    def pick(name, allowed):
        value = url.get(name)
        return value if value in allowed else ANY
    scope = ("all" if actor.role == "admin" or "*" in actor.locales
             else ", ".join(actor.locales) or "none — ask an admin to assign your locales")
    who = f"Signed in as {actor.name} ({actor.role}; locales: {scope})"
    campaigns = {str(i): i for _, i in opts["campaign"]}
    return (gr.update(choices=[("any", ANY)] + opts["campaign"], value=campaigns.get(url.get("campaign", ""), ANY)),
            gr.update(choices=[ANY] + opts["locale"], value=pick("locale", opts["locale"])),
            gr.update(choices=[ANY] + opts["kind"], value=pick("kind", opts["kind"])),
            gr.update(choices=[ANY] + opts["channel"], value=pick("channel", opts["channel"])), who,
            gr.update(value=url["status"]) if url.get("status") in (ANY, *STATUSES) else gr.update(),
            gr.update(value=pick("severity", SEVERITIES)),
            gr.update(value=(url.get("q") or "")[:200]))


QUERY_NAMES = ("campaign", "locale", "kind", "channel", "status", "severity", "q")


def filter_query(campaign, locale, kind, channel, status, severity, search) -> str:
    """Handler: a hidden element holding the filters as an address query; the page script puts it in the
    address bar, so the filtered queue can be bookmarked, shared and reloaded."""
    values = dict(zip(QUERY_NAMES, (campaign, locale, kind, channel, status, severity, (search or "").strip())))
    if values["status"] == DEFAULT_STATUS:
        values["status"] = None  # the default is left out; "any" is kept, it differs from the default
    query = urlencode({k: v for k, v in values.items() if v not in (None, "") and (v != ANY or k == "status")})
    return f'<span class="queue-query" hidden data-query="{esc(query)}"></span>'


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
    search = gr.Textbox("", label="Search", placeholder="words in the draft, campaign name or locale; Enter to search",
                        elem_id="queue-search")
    with gr.Row():
        campaign = gr.Dropdown([("any", ANY)], value=ANY, label="Campaign")
        locale = gr.Dropdown([ANY], value=ANY, label="Locale")
        kind = gr.Dropdown([ANY], value=ANY, label="Kind")
        channel = gr.Dropdown([ANY], value=ANY, label="Channel")
        status = gr.Dropdown([ANY, *STATUSES], value=DEFAULT_STATUS, label="Status")
        severity = gr.Dropdown([ANY, *SEVERITIES], value=ANY, label="Worst severity")
    counts = gr.Textbox(label="Counts per status", interactive=False)
    table = gr.Dataframe(headers=COLUMNS, datatype=DATATYPES, interactive=False, wrap=True, column_widths=COLUMN_WIDTHS,
                         label="Queue (click a row to open it; the link column is each asset's address)",
                         elem_id="queue-table")
    with gr.Row():
        prev_btn = gr.Button("◀ Previous", size="sm")
        page = gr.Number(value=1, precision=0, label="Page", minimum=1)
        next_btn = gr.Button("Next ▶", size="sm")
        refresh = gr.Button("Refresh", size="sm", variant="primary")
    page_info = gr.Textbox(label="Showing", interactive=False)
    status_msg = gr.Textbox(label="Message", interactive=False, visible=True)

    url = gr.HTML(padding=False, elem_id="queue-url")
    filters = [campaign, locale, kind, channel, status, severity]
    inputs = [db, *filters, page, search]
    outputs = [table, counts, page, page_info, status_msg]
    refresh.click(load_queue, inputs, outputs, api_name="queue")
    for f in filters:
        # a new filter starts again at page 1
        f.input(lambda: 1, None, page).then(load_queue, inputs, outputs)
    prev_btn.click(lambda p: max(1, int(p or 1) - 1), page, page).then(load_queue, inputs, outputs)
    next_btn.click(lambda p: int(p or 1) + 1, page, page).then(load_queue, inputs, outputs)
    search.submit(lambda: 1, None, page).then(load_queue, inputs, outputs)
    for changed in (table, page_info, *filters):  # the address follows the filters of the queue shown
        changed.change(filter_query, [*filters, search], url, show_progress="hidden")
    search.submit(filter_query, [*filters, search], url, show_progress="hidden")
    return SimpleNamespace(table=table, filters=filters, page=page, load_inputs=inputs, load_outputs=outputs,
                           who=who, search=search, page_info=page_info)
