"""Shared pieces of the review UI: who is signed in, safe HTML, and how errors are shown.

Model output and brief text are untrusted: they are shown through text components, or through HTML
that this module builds with every value escaped, never as live Markdown/HTML.
"""

from __future__ import annotations

import html
import logging
import re
import sys
import traceback
from urllib.parse import urlparse

from studio.core.errors import PermissionDenied, StudioError
from studio.review.decisions import Actor
from studio.store.database import session_scope

SEVERITY_COLOURS = {"block": "#d93025", "warn": "#f29900", "info": "#1a73e8", "none": "#188038"}


def actor_from(db: str | None, request) -> Actor:
    """The signed-in user's Actor; raises PermissionDenied when nobody (or an inactive user) is signed in."""
    from studio.accounts.users import actor_for

    name = getattr(request, "username", None) if request is not None else None
    with session_scope(db) as session:
        actor = actor_for(session, name)
    if actor is None:
        raise PermissionDenied("you are not signed in", where="session", fix="sign in at /ui/ with your account")
    return actor


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links survive; ``javascript:`` and friends become plain text."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


_URL = re.compile(r"https?://[^\s<>\"]+")


def split_source(source: str | None) -> tuple[str, str | None]:
    """A finding's source as (name, url): 'Name, https://...', 'Name (https://...)' or 'Name <https://...>'."""
    if not source:
        return "", None
    text = source.strip()
    found = _URL.search(text)
    if not found:
        return text, None
    url = found.group().rstrip(".,;")
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    name = (text[: found.start()] + text[found.start() + len(url):]).strip()
    for opener, closer in (("(", ")"), ("<", ">")):
        if name.endswith(opener + closer):
            name = name[:-2].strip()
    name = name.rstrip(" ,;|-–").strip()
    return name or url, safe_url(url)


def link(source: str | None) -> str:
    name, url = split_source(source)
    if url:
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(name)}</a>'
    return esc(name)


def badge(severity: str | None) -> str:
    sev = severity or "none"
    colour = SEVERITY_COLOURS.get(sev, "#5f6368")
    return (f'<span style="background:{colour};color:#fff;border-radius:4px;padding:1px 6px;'
            f'font-size:0.85em">{esc(sev)}</span>')


def error_text(err: Exception) -> str:
    """One line a reviewer can act on."""
    if isinstance(err, StudioError):
        text = err.message
        if err.fix:
            text += f" — {err.fix}"
        return f"⚠ {text}"
    return f"⚠ {type(err).__name__}: {err}"


def ok_text(message: str) -> str:
    return f"✓ {message}"


log = logging.getLogger("studio.ui")


class _WithheldTraceback:
    """Stands in for the ``traceback`` module inside Gradio's queue: Gradio prints a failing event's
    exception, and its messages carry the event's input values ("Received inputs: [...]"), passwords
    included. This logs the exception type and the stack, never the message."""

    def __getattr__(self, name):
        return getattr(traceback, name)

    @staticmethod
    def print_exc(*_args, **_kwargs) -> None:
        exc = sys.exc_info()[1]
        if exc is None:
            return
        stack = "".join(traceback.format_tb(exc.__traceback__))
        log.error("a UI event failed with %s (message withheld: it may hold the inputs)\n%s",
                  type(exc).__name__, stack)


def withhold_event_inputs_from_logs() -> None:
    """Install ``_WithheldTraceback`` in the Gradio modules that print event failures."""
    import gradio.queueing
    import gradio.route_utils
    import gradio.utils

    for module in (gradio.queueing, gradio.route_utils, gradio.utils):
        if getattr(module, "traceback", None) is traceback:
            module.traceback = _WithheldTraceback()


def text_direction(locale: str | None) -> tuple[str, str]:
    """(dir, lang) for a locale's text, from its profile (``direction``, ``language``).

    An unknown locale falls back to left-to-right and the code's language part, so text still renders."""
    from studio.market.locales import get_locale

    try:
        profile = get_locale(locale or "")
        return profile.direction, profile.language
    except Exception:
        return "ltr", (locale or "und").split("-")[0].lower() or "und"


def locale_attrs(locale: str | None) -> str:
    """`` dir="…" lang="…"`` for an HTML element holding the locale's text."""
    direction, lang = text_direction(locale)
    return f' dir="{esc(direction)}" lang="{esc(lang)}"'


def locale_map() -> dict[str, list[str]]:
    """Every locale profile as code -> [dir, lang]: the browser script applies it to the queue preview."""
    from studio.market.locales import list_locales

    return {code: list(text_direction(code)) for code in list_locales()}
