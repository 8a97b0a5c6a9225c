"""The review studio: the pages composed into one Gradio Blocks app, plus its sign-in check."""

from __future__ import annotations

import json

import gradio as gr

from studio.ui import asset_page, dashboard, inbox_page, queue_page, review_flow, users_page

TITLE = "Studio review"
CSS = """
.findings { list-style: none; padding-left: 0 }
.findings li { margin-bottom: .6em; border-left: 3px solid #ddd; padding-left: .5em }
.finding-block { border-left-color: #d93025 !important }
.finding-warn { border-left-color: #f29900 !important }
/* Draft text carries its locale's dir/lang; runs inside English prose are isolated. */
bdi.draft-text, .comment-body, [dir="rtl"] { unicode-bidi: isolate }
.comment-body { white-space: pre-wrap }
.keys-help { font-size: .85em; color: #5f6368 } .keys-help kbd { border: 1px solid #ccc; border-radius: 3px; padding: 0 4px }
textarea[dir="rtl"], .cm-content[dir="rtl"], td[dir="rtl"] { text-align: right }
/* A diff line takes its direction from its own text: "--- v1" stays LTR, an Arabic line reads RTL. */
.cm-content[dir="rtl"] .cm-line { unicode-bidi: plaintext }
:lang(ar), :lang(fa), :lang(ur) { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro",
  "Segoe UI", Tahoma, "DejaVu Sans", sans-serif !important }
:lang(ja) { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif !important }
:lang(zh) { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
  sans-serif !important }
:lang(ko) { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif !important }
:lang(th) { font-family: "Noto Sans Thai", "Leelawadee UI", Thonburi, Tahoma, sans-serif !important }
:lang(hi), :lang(mr), :lang(ne) { font-family: "Noto Sans Devanagari", "Nirmala UI", "Kohinoor Devanagari", Mangal,
  sans-serif !important }
"""

# Gradio renders the editor, the highlighted draft, the SRT preview, the diff and the queue table itself, so
# their dir/lang are set in the browser: the asset page's findings carry a hidden marker with the open
# asset's locale (dir/lang from its profile), the queue rows name their locale; a MutationObserver
# re-applies both whenever Gradio re-renders.
_LOCALE_JS = """() => {
  const MAP = __MAP__;
  const ASSET = ['#asset-editor textarea', '#asset-draft', '#asset-srt textarea', '#asset-diff .cm-content',
                 '#asset-conflict textarea'];
  const set = (el, dir, lang) => {
    if (el.getAttribute('dir') !== dir) el.setAttribute('dir', dir);
    if (el.getAttribute('lang') !== lang) el.setAttribute('lang', lang);
  };
  const apply = () => {
    const m = document.querySelector('#asset-findings .asset-locale');
    if (m) ASSET.forEach(sel => document.querySelectorAll(sel).forEach(el => set(el, m.dataset.dir, m.dataset.lang)));
    // The address names the queue's filters and the open asset: a link to share, bookmark or reload.
    const q = document.querySelector('#queue-url .queue-query');
    if (q || (m && m.dataset.asset)) {
      const params = new URLSearchParams(q ? q.dataset.query : location.search);
      params.delete('asset');
      if (m && m.dataset.asset) params.set('asset', m.dataset.asset);
      const want = params.toString() ? '?' + params.toString() : location.pathname;
      if (want !== location.search && !(want === location.pathname && !location.search)) {
        history.replaceState(null, '', want);
      }
    }
    document.querySelectorAll('#queue-table table').forEach(table => {
      const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim().split(/\\s/)[0]);
      const li = heads.indexOf('locale'), pi = heads.indexOf('preview');
      if (li < 0 || pi < 0) return;
      table.querySelectorAll('tbody tr').forEach(tr => {
        const cells = tr.children, d = MAP[(cells[li] && cells[li].textContent || '').trim()];
        if (d && cells[pi]) set(cells[pi], d[0], d[1]);
      });
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; apply(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
  apply();
}"""


def locale_js() -> str:
    """The page script: _LOCALE_JS with every locale profile's [dir, lang] filled in, then the keyboard
    shortcuts (studio.ui.review_flow.KEYS_JS)."""
    from studio.ui.common import locale_map
    from studio.ui.review_flow import KEYS_JS

    page = _LOCALE_JS.replace("__MAP__", json.dumps(locale_map()))
    return f"() => {{ ({page})(); ({KEYS_JS})(); }}"


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
                inbox_box = inbox_page.render()
                qbar = review_flow.render_queue_bar()
                queue = queue_page.render(db_state)
            with gr.Tab("Asset", id="asset"):
                abar = review_flow.render_asset_bar()
                asset = asset_page.render(db_state)
            with gr.Tab("Dashboard", id="dashboard"):
                dash = dashboard.render(db_state)
            with gr.Tab("Users", id="users", visible=False) as users_tab:
                admin = users_page.render(db_state)
        review_flow.wire(db_state, tabs, queue, qbar, asset, abar)
        inbox_page.wire(blocks, db_state, inbox_box)
        picked = gr.Number(visible=False)
        queue.table.select(queue_page.row_selected, [queue.table], [picked])
        picked.change(open_from_queue, [picked], [asset.asset_id, tabs]).then(
            asset_page.open_asset, [db_state, asset.asset_id], asset.outputs)
        blocks.load(queue_page.deep_link, None, [picked])  # /ui/?asset=ID opens that asset
        blocks.load(queue_page.load_filters, [db_state],
                    [*queue.filters[:4], queue.who, *queue.filters[4:], queue.search]).then(
            queue_page.load_queue, queue.load_inputs, queue.load_outputs)
        blocks.load(dashboard.campaign_choices, [db_state], [dash.campaign]).then(
            dashboard.load_dashboard, [db_state, dash.campaign], [dash.progress, dash.chart, dash.msg])
        blocks.load(is_admin, [db_state], [users_tab]).then(users_page.list_users, [db_state], [admin.table, admin.msg])
    return blocks
