"""The reviewer's inbox on the queue page: a badge with the count of new notices (comments and change
requests addressed to them, see studio.review.inbox) and the list, each linking to its asset."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from studio.review.inbox import Notice, inbox, mark_read, unread
from studio.store.database import session_scope
from studio.ui.common import actor_from, error_text, esc, locale_attrs

REFRESH_S = 30.0


def badge_label(n: int) -> str:
    return f"Inbox ({n} new)" if n else "Inbox"


def notice_html(n: Notice) -> str:
    body = f"<div class='comment-body'{locale_attrs(n.locale)}>{esc(n.body)}</div>" if n.body else ""
    return (f'<li class="notice{" notice-new" if n.new else ""}">{"<b>new</b> · " if n.new else ""}'
            f'<b>{esc(n.actor)}</b> {esc(n.label)} on <a href="?asset={int(n.asset_id)}">#{int(n.asset_id)}</a> '
            f"<small>{esc(n.locale)} · {n.at:%Y-%m-%d %H:%M}</small>{body}</li>")


def inbox_badge(db, request: gr.Request):
    """Handler (load, timer): the inbox button with the number of new notices."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            return gr.update(value=badge_label(unread(session, actor)))
    except Exception:
        return gr.update()


def open_inbox(db, request: gr.Request):
    """Handler: show the notices (newest first) and mark them read."""
    try:
        actor = actor_from(db, request)
        with session_scope(db) as session:
            notices = inbox(session, actor)
            mark_read(session, actor)
    except Exception as err:
        return gr.update(), gr.update(value=f"<p>{esc(error_text(err))}</p>", visible=True)
    items = "".join(notice_html(n) for n in notices) or "<li>Nothing addressed to you yet.</li>"
    return gr.update(value=badge_label(0)), gr.update(value=f'<ul class="inbox">{items}</ul>', visible=True)


def render() -> SimpleNamespace:
    button = gr.Button("Inbox", size="sm", elem_id="inbox-btn")
    listing = gr.HTML(visible=False, elem_id="inbox-list")
    return SimpleNamespace(button=button, listing=listing)


def wire(blocks: gr.Blocks, db, box: SimpleNamespace) -> None:
    box.button.click(open_inbox, [db], [box.button, box.listing])
    blocks.load(inbox_badge, [db], [box.button])
    gr.Timer(REFRESH_S).tick(inbox_badge, [db], [box.button], show_progress="hidden")
