"""The review studio: the pages composed into one Gradio Blocks app, plus its sign-in check."""

from __future__ import annotations

import gradio as gr

from studio.ui import asset_page, dashboard, queue_page, users_page

TITLE = "Studio review"
CSS = """
.findings { list-style: none; padding-left: 0 }
.findings li { margin-bottom: .6em; border-left: 3px solid #ddd; padding-left: .5em }
.finding-block { border-left-color: #d93025 !important }
.finding-warn { border-left-color: #f29900 !important }
"""


# Sign-out is a POST (a link or an <img> elsewhere must not sign anyone out); same-origin form, so the
# cross-origin guard lets it through. The sign-in itself lives in studio.ui.login.
SIGN_OUT = ('<form method="post" action="/ui/logout" id="sign-out" style="text-align:right">'
            '<button type="submit" class="lg secondary sm">Sign out</button></form>')


def is_admin(db, request: gr.Request):
    """Handler: show the users tab to admins only."""
    from studio.ui.common import actor_from

    try:
        return gr.update(visible=actor_from(db, request).role == "admin")
    except Exception:
        return gr.update(visible=False)


def open_from_queue(asset_id):
    """Handler: a queue row was clicked -> switch to the asset tab with that id."""
    if asset_id is None:
        return gr.update(), gr.update()
    return asset_id, gr.Tabs(selected="asset")


def build_ui(db: str | None = None) -> gr.Blocks:
    """All pages in tabs; every handler reads the signed-in user from the request."""
    from studio.ui.common import withhold_event_inputs_from_logs

    withhold_event_inputs_from_logs()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        db_state = gr.State(db)
        with gr.Row():
            gr.Markdown(f"## {TITLE}")
            gr.HTML(SIGN_OUT, padding=False)
        with gr.Tabs() as tabs:
            with gr.Tab("Queue", id="queue"):
                queue = queue_page.render(db_state)
            with gr.Tab("Asset", id="asset"):
                asset = asset_page.render(db_state)
            with gr.Tab("Dashboard", id="dashboard"):
                dash = dashboard.render(db_state)
            with gr.Tab("Users", id="users", visible=False) as users_tab:
                admin = users_page.render(db_state)
        picked = gr.Number(visible=False)
        queue.table.select(queue_page.row_selected, [queue.table], [picked])
        picked.change(open_from_queue, [picked], [asset.asset_id, tabs]).then(
            asset_page.open_asset, [db_state, asset.asset_id], asset.outputs)
        blocks.load(queue_page.load_filters, [db_state], [*queue.filters[:4], queue.who]).then(
            queue_page.load_queue, queue.load_inputs, queue.load_outputs)
        blocks.load(dashboard.campaign_choices, [db_state], [dash.campaign]).then(
            dashboard.load_dashboard, [db_state, dash.campaign], [dash.progress, dash.chart, dash.msg])
        blocks.load(is_admin, [db_state], [users_tab]).then(users_page.list_users, [db_state], [admin.table, admin.msg])
    return blocks
