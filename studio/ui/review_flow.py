"""The daily review flow across the queue and asset pages: open the first item, move next/previous in the
queue's order, advance to the next undecided draft after a decision, bulk approve clean items, and the
keyboard shortcuts that drive all of it (see ``KEYS_JS``; documented on the page by ``KEYS_HELP``).

Handlers take the queue's filter values, so "next" means next in what the reviewer is looking at."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from studio.review import decisions as review
from studio.review.queue import clean_undecided, neighbour
from studio.store.database import session_scope
from studio.ui import asset_page
from studio.ui.common import actor_from, error_text, ok_text
from studio.ui.queue_page import load_queue, make_filter

KEYS = (("o", "open the first undecided item"), ("n", "next item"), ("p", "previous item"), ("a", "approve"),
        ("r", "reject (type the reason, Enter)"), ("c", "request changes (type the comment, Enter)"),
        ("Esc", "leave a text box"), ("?", "show or hide this help"))
KEYS_HELP = ('<details class="keys-help"><summary>Keyboard: '
             + " · ".join(f"<kbd>{k}</kbd> {what.split(' (')[0]}" for k, what in KEYS)
             + "</summary><ul>" + "".join(f"<li><kbd>{k}</kbd> {what}</li>" for k, what in KEYS)
             + "<li>Keys do nothing while you type in a text box.</li></ul></details>")

_OUT_INDEX = {name: i for i, name in enumerate(asset_page.OUT)}


def _with_message(outs: tuple, message: str, where: str = "decision_msg") -> tuple:
    values = list(outs)
    current = values[_OUT_INDEX[where]]
    values[_OUT_INDEX[where]] = message + (f"\n{current}" if isinstance(current, str) and current else "")
    return tuple(values)


def _next_id(db, request, asset_id, flt_values, step: int, undecided: bool) -> int | None:
    actor = actor_from(db, request)
    with session_scope(db) as session:
        return neighbour(session, make_filter(*flt_values), actor, int(asset_id) if asset_id else None, step,
                         undecided=undecided)


def open_first(db, campaign, locale, kind, channel, status, severity, search, request: gr.Request):
    """Handler (queue, key o): open the first undecided item of the current filter on the asset tab."""
    try:
        found = _next_id(db, request, None, (campaign, locale, kind, channel, status, severity, search), 1, True)
    except Exception as err:
        return (*asset_page._keep(error_text(err)), gr.update())
    if found is None:
        return (*asset_page._blank("Nothing left to review in this filter."), gr.Tabs(selected="asset"))
    return (*asset_page.open_asset(db, found, request), gr.Tabs(selected="asset"))


def _stepper(step: int):
    def handler(db, asset_id, campaign, locale, kind, channel, status, severity, search, request: gr.Request):
        try:
            found = _next_id(db, request, asset_id, (campaign, locale, kind, channel, status, severity, search), step,
                             False)
        except Exception as err:
            return asset_page._keep(error_text(err))
        if found is None:
            return asset_page._keep("No other item in this filter.")
        return asset_page.open_asset(db, found, request)
    handler.__name__ = "next_item" if step > 0 else "previous_item"
    handler.__doc__ = f"Handler (key {'n' if step > 0 else 'p'}): the {handler.__name__.replace('_', ' ')}."
    return handler


next_item = _stepper(1)
previous_item = _stepper(-1)


def after_decision(db, asset_id, decision_msg, advance, campaign, locale, kind, channel, status, severity, search,
                   request: gr.Request):
    """Handler (after Approve/Reject/Request changes): when the decision went through and "next after a
    decision" is on, open the next undecided draft of the same filter, saying what was decided."""
    if not advance or not isinstance(decision_msg, str) or not decision_msg.startswith("✓") or not asset_id:
        return tuple(gr.update() for _ in asset_page.OUT)
    done = f"{decision_msg.splitlines()[0]} #{int(asset_id)}"
    try:
        found = _next_id(db, request, asset_id, (campaign, locale, kind, channel, status, severity, search), 1, True)
    except Exception as err:
        return asset_page._keep(f"{done} · {error_text(err)}", where="decision_msg")
    if found is None:
        return asset_page._keep(f"{done} · nothing left to review in this filter", where="decision_msg")
    return _with_message(asset_page.open_asset(db, found, request), f"{done} · now showing #{found}")


def clean_button(db, campaign, locale, kind, channel, status, severity, search, request: gr.Request):
    """Handler (after the queue loads): the bulk-approve button says how many clean items it would approve."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            n = len(clean_undecided(session, make_filter(campaign, locale, kind, channel, status, severity, search), actor))
    except Exception:
        return gr.update(value="Approve clean items", interactive=False)
    return gr.update(value=f"Approve {n} clean item(s) (no warn/block)", interactive=n > 0)


def bulk_approve(db, campaign, locale, kind, channel, status, severity, search, request: gr.Request) -> str:
    """Handler: approve every undecided item of the filter without warn/block findings, each audited."""
    try:
        actor = actor_from(db, request)
        flt = make_filter(campaign, locale, kind, channel, status, severity, search)
        with session_scope(db) as session:
            ids = clean_undecided(session, flt, actor)
            done = review.approve_clean(session, ids, actor, locale=flt.locale)  # refuses a locale not held
        if not done:
            return error_text(ValueError("no clean undecided item in this filter"))
        shown = ", ".join(f"#{a}" for a in ids[:20]) + (" …" if len(ids) > 20 else "")
        return ok_text(f"approved {len(done)} clean item(s): {shown}")
    except Exception as err:
        return error_text(err)


def render_queue_bar() -> SimpleNamespace:
    """Queue page: open the first item, bulk approve, and the keys help."""
    with gr.Row():
        first = gr.Button("Start reviewing (o)", variant="primary", size="sm", elem_id="open-first")
        bulk = gr.Button("Approve clean items", size="sm", interactive=False, elem_id="bulk-approve")
    bulk_msg = gr.Textbox(label="Bulk approve", interactive=False, elem_id="bulk-msg")
    gr.HTML(KEYS_HELP, padding=False)
    return SimpleNamespace(first=first, bulk=bulk, bulk_msg=bulk_msg)


def render_asset_bar() -> SimpleNamespace:
    """Asset page: previous/next in the queue, next-after-a-decision, and the keys help."""
    with gr.Row():
        prev_btn = gr.Button("◀ Previous item (p)", size="sm", elem_id="prev-item")
        next_btn = gr.Button("Next item (n) ▶", size="sm", elem_id="next-item")
        advance = gr.Checkbox(value=True, label="Open the next undecided item after a decision",
                              elem_id="advance")
    gr.HTML(KEYS_HELP, padding=False)
    return SimpleNamespace(prev=prev_btn, next=next_btn, advance=advance)


def wire(blocks_db, tabs, queue, qbar, asset, abar) -> None:
    """Connect the flow's events (called by studio.ui.app.build_ui once both pages exist)."""
    filters = [*queue.filters, queue.search]
    qbar.first.click(open_first, [blocks_db, *filters], [*asset.outputs, tabs])
    abar.next.click(next_item, [blocks_db, asset.asset_id, *filters], asset.outputs)
    abar.prev.click(previous_item, [blocks_db, asset.asset_id, *filters], asset.outputs)
    for event in asset.decided:
        event.then(after_decision, [blocks_db, asset.asset_id, asset.decision_msg, abar.advance, *filters],
                   asset.outputs)
    qbar.bulk.click(bulk_approve, [blocks_db, *filters], [qbar.bulk_msg]).then(
        load_queue, queue.load_inputs, queue.load_outputs)
    for shown in (queue.table, queue.page_info):  # rows or totals changed: the queue was (re)loaded
        shown.change(clean_button, [blocks_db, *filters], [qbar.bulk])


# The keyboard path. Keys act on the page's own buttons (so they do exactly what a click does) and never
# fire while the reviewer types in a text field or with a modifier held. r and c need a reason: with the
# reason box empty they focus it, and Enter there sends the decision.
KEYS_JS = """() => {
  let pending = null;
  const shown = id => { const el = document.getElementById(id); return el && el.offsetParent !== null ? el : null; };
  const press = id => { const el = shown(id) || document.getElementById(id); if (el && !el.disabled) el.click(); return el; };
  const reasonBox = () => document.querySelector('#decision-reason textarea, #decision-reason input');
  const typing = el => el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
  document.addEventListener('keydown', e => {
    const box = reasonBox();
    if (pending && e.key === 'Enter' && !e.shiftKey && e.target === box) {
      e.preventDefault(); e.stopPropagation();
      const id = pending; pending = null;
      box.blur();  // the keys act again once the decision is sent
      if (box.value.trim()) press(id);
      return;
    }
    if (e.key === 'Escape' && typing(e.target)) { pending = null; e.target.blur(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const asset = shown('next-item');
    const go = {
      'o': () => press('open-first'),
      'n': () => asset ? press('next-item') : press('open-first'),
      'p': () => asset && press('prev-item'),
      'a': () => asset && press('approve-btn'),
      'r': 'reject-btn', 'c': 'changes-btn',
      '?': () => document.querySelectorAll('.keys-help').forEach(d => { d.open = !d.open; }),
    }[e.key];
    if (!go) return;
    e.preventDefault();
    if (typeof go === 'function') { go(); return; }
    if (!asset || !box) return;
    if (box.value.trim()) { press(go); return; }
    pending = go; box.focus();
  }, true);
  // A flow button clicked with the mouse gives the focus back to the page: it may turn disabled (bulk approve
  // once done, Approve on a blocked draft), and Chromium sends no keys to a focused disabled button.
  const FLOW = ['open-first', 'bulk-approve', 'next-item', 'prev-item', 'approve-btn', 'reject-btn', 'changes-btn'];
  document.addEventListener('click', e => {
    const btn = e.target.closest && e.target.closest('button');
    if (btn && FLOW.includes(btn.id)) setTimeout(() => btn.blur(), 0);
  }, true);
  // A disabled button says why on itself (tooltip and accessible description), not only in a box nearby.
  const NO_CLEAN = 'Nothing to bulk approve: no undecided item without warn or block findings in this filter';
  const explain = (btn, reason) => {
    if (!btn) return;
    const want = btn.disabled && reason ? reason : '';
    if ((btn.getAttribute('title') || '') !== want) {
      if (want) { btn.setAttribute('title', want); btn.setAttribute('aria-description', want); }
      else { btn.removeAttribute('title'); btn.removeAttribute('aria-description'); }
    }
  };
  setInterval(() => {
    const msg = document.querySelector('#decision-msg textarea');
    // the reason may follow the outcome of the previous decision ("✓ approved #1 · now showing #2")
    const why = msg ? (msg.value.split('\\n').find(line => line.startsWith('Approve is off')) || '') : '';
    explain(document.getElementById('approve-btn'), why);
    explain(document.getElementById('bulk-approve'), NO_CLEAN);
  }, 250);
}"""
