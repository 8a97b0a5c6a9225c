"""Accounts: argon2 passwords, roles, locales, and the `studio users` commands."""

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from studio.accounts.users import add_user, authenticate, set_active, set_password, users_app
from studio.core.errors import InputError
from studio.store.database import session_scope
from studio.store.tables import User


def test_password_is_hashed_and_only_the_right_one_signs_in(db_url):
    with session_scope(db_url) as s:
        add_user(s, "anna", "reviewer", ["de-DE"], "correct horse")
    with session_scope(db_url) as s:
        stored = s.exec(select(User)).one()
        assert stored.password_hash.startswith("$argon2") and "correct horse" not in stored.password_hash
        actor = authenticate(s, "anna", "correct horse")
        assert actor.name == "anna" and actor.role == "reviewer" and actor.locales == ("de-DE",)
        assert authenticate(s, "anna", "wrong password") is None
        assert authenticate(s, "nobody", "correct horse") is None


def test_deactivated_user_and_changed_password(db_url):
    with session_scope(db_url) as s:
        add_user(s, "anna", "reviewer", ["de-DE"], "first-password")
        set_password(s, "anna", "second-password")
    with session_scope(db_url) as s:
        assert authenticate(s, "anna", "first-password") is None
        assert authenticate(s, "anna", "second-password") is not None
        set_active(s, "anna", False)
    with session_scope(db_url) as s:
        assert authenticate(s, "anna", "second-password") is None


def test_bad_role_short_password_and_duplicates_are_refused(db_url):
    with session_scope(db_url) as s:
        with pytest.raises(InputError, match="role"):
            add_user(s, "x", "boss", [], "long-enough")
        with pytest.raises(InputError, match="8 characters"):
            add_user(s, "x", "reviewer", [], "short")
        add_user(s, "anna", "reviewer", [], "long-enough")
        with pytest.raises(InputError, match="already exists"):
            add_user(s, "anna", "lead", [], "long-enough")


def test_cli_add_list_passwd(db_url, monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("STUDIO_PASSWORD", "env-password-1")
    result = runner.invoke(users_app, ["add", "lena", "--role", "lead", "--locales", "de-DE,fr-FR", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "lena (lead; locales: de-DE, fr-FR)" in result.output
    listed = runner.invoke(users_app, ["list", "--db", db_url])
    assert "lena\tlead\tde-DE,fr-FR" in listed.output
    bad = runner.invoke(users_app, ["add", "max", "--locales", "xx-XX", "--db", db_url])
    assert bad.exit_code == 2 and "unknown locale xx-XX" in bad.output
    changed = runner.invoke(users_app, ["passwd", "lena", "--password", "new-password-2", "--db", db_url])
    assert changed.exit_code == 0
    with session_scope(db_url) as s:
        assert authenticate(s, "lena", "new-password-2") is not None
        assert authenticate(s, "lena", "env-password-1") is None


@pytest.mark.parametrize("password", ["password", "12345678", "Qwertyuiop", "iloveyou", "anna-berg"])
def test_common_passwords_and_the_user_name_are_refused(db_url, password):
    with session_scope(db_url) as s:
        with pytest.raises(InputError) as err:
            add_user(s, "anna-berg", "reviewer", ["de-DE"], password)
    assert err.value.where == "password" and "common" in err.value.message
    with session_scope(db_url) as s:
        add_user(s, "anna-berg", "reviewer", ["de-DE"], "fjord kettle margin")
        with pytest.raises(InputError):
            set_password(s, "anna-berg", "letmein1")


def test_role_command_changes_the_role_and_ends_sessions(db_url):
    from studio.accounts import sessions
    from studio.accounts.users import get_user

    with session_scope(db_url) as s:
        add_user(s, "lena", "reviewer", ["de-DE"], "fjord kettle margin")
    with session_scope(db_url) as s:
        token = sessions.create(s, get_user(s, "lena"))
    result = CliRunner().invoke(users_app, ["role", "lena", "lead", "--db", db_url])
    assert result.exit_code == 0, result.output
    with session_scope(db_url) as s:
        assert get_user(s, "lena").role == "lead" and sessions.resolve(s, token) is None
    assert CliRunner().invoke(users_app, ["role", "lena", "boss", "--db", db_url]).exit_code == 2


def test_cli_add_lead_without_locales_is_refused_with_the_fix(db_url, monkeypatch):
    monkeypatch.setenv("STUDIO_PASSWORD", "a-long-passphrase-9")
    runner = CliRunner()
    result = runner.invoke(users_app, ["add", "lena", "--role", "lead", "--db", db_url])
    assert result.exit_code == 2 and "--locales" in result.output
    assert "lena" not in runner.invoke(users_app, ["list", "--db", db_url]).output  # nothing stored
    everywhere = runner.invoke(users_app, ["add", "lena", "--role", "lead", "--locales", "*", "--db", db_url])
    assert everywhere.exit_code == 0, everywhere.output
    admin = runner.invoke(users_app, ["add", "root", "--role", "admin", "--db", db_url])
    assert admin.exit_code == 0, admin.output  # an admin sees every locale without a list


def test_cli_add_aborted_password_prompt_exits_2(db_url, monkeypatch):
    monkeypatch.delenv("STUDIO_PASSWORD", raising=False)
    result = CliRunner().invoke(users_app, ["add", "max", "--locales", "de-DE", "--db", db_url], input="")
    assert result.exit_code == 2 and "no password given" in result.output
