"""User administration (admins only): list users, add one, change a password, deactivate."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pandas as pd

from studio.accounts import users
from studio.core.errors import PermissionDenied
from studio.review.decisions import ROLES
from studio.store.database import session_scope
from studio.ui.common import actor_from, error_text, ok_text

COLUMNS = ["name", "role", "locales", "active", "created"]


def _admin(db, request):
    actor = actor_from(db, request)
    if actor.role != "admin":
        raise PermissionDenied("only an admin manages users", where="role", fix="ask an admin")
    return actor


def _frame(session) -> pd.DataFrame:
    return pd.DataFrame([[u.name, u.role, ", ".join(u.locales), u.active, f"{u.created_at:%Y-%m-%d}"]
                         for u in users.list_users(session)], columns=COLUMNS)


def list_users(db, request: gr.Request):
    """Handler: (users table, message)."""
    try:
        _admin(db, request)
        with session_scope(db) as session:
            return _frame(session), ""
    except Exception as err:
        return pd.DataFrame(columns=COLUMNS), error_text(err)


def add_user(db, name, role, locales, password, request: gr.Request):
    """Handler: create a user; returns (users table, message)."""
    try:
        _admin(db, request)
        codes = users.parse_locales(locales)
        with session_scope(db) as session:
            users.add_user(session, name, role, codes, password)
        with session_scope(db) as session:
            return _frame(session), ok_text(f"added {name}")
    except Exception as err:
        return gr.update(), error_text(err)


def set_password(db, name, password, request: gr.Request):
    """Handler: change a user's password."""
    try:
        _admin(db, request)
        with session_scope(db) as session:
            users.set_password(session, name, password)
        return ok_text(f"password changed for {name} (signed out everywhere)")
    except Exception as err:
        return error_text(err)


def set_active(db, name, active, request: gr.Request):
    """Handler: activate or deactivate a user; returns (users table, message)."""
    try:
        actor = _admin(db, request)
        if name == actor.name and not active:
            raise PermissionDenied("you cannot deactivate yourself", where="name")
        with session_scope(db) as session:
            users.set_active(session, name, bool(active))
        with session_scope(db) as session:
            return _frame(session), ok_text(f"{name} is now {'active' if active else 'inactive'}")
    except Exception as err:
        return gr.update(), error_text(err)


def set_role(db, name, role, request: gr.Request, locales=None):
    """Handler: change a user's role (and locales, when given); returns (users table, message)."""
    try:
        actor = _admin(db, request)
        if name == actor.name and role != "admin":
            raise PermissionDenied("you cannot take the admin role from yourself", where="name")
        codes = users.parse_locales(locales) if locales else None
        with session_scope(db) as session:
            users.set_role(session, name, role, codes)
        with session_scope(db) as session:
            return _frame(session), ok_text(f"{name} is now {role} (signed out everywhere)")
    except Exception as err:
        return gr.update(), error_text(err)


def render(db: gr.State) -> SimpleNamespace:
    table = gr.Dataframe(headers=COLUMNS, interactive=False, label="Users")
    msg = gr.Textbox(label="Message", interactive=False)
    with gr.Row():
        name = gr.Textbox(label="Name")
        role = gr.Dropdown(list(ROLES), value="reviewer", label="Role")
        locales = gr.Textbox(label="Locales (comma-separated)")
        password = gr.Textbox(label="Password", type="password")
    with gr.Row():
        add_btn = gr.Button("Add user", variant="primary")
        pw_btn = gr.Button("Set password")
        role_btn = gr.Button("Set role")
        active = gr.Checkbox(value=True, label="Active")
        active_btn = gr.Button("Set active")
        refresh = gr.Button("Refresh")
    refresh.click(list_users, [db], [table, msg])
    add_btn.click(add_user, [db, name, role, locales, password], [table, msg])
    pw_btn.click(set_password, [db, name, password], [msg])
    active_btn.click(set_active, [db, name, active], [table, msg])
    role_btn.click(set_role, [db, name, role], [table, msg])
    return SimpleNamespace(table=table, msg=msg, refresh=refresh)
