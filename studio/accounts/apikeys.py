"""API keys for the CMS: scoped (read, write, review, admin), shown once, stored as a sha256 hash.

A key looks like ``sk_<prefix>_<secret>``; the prefix finds the row, the hash of the whole key is
compared in constant time. ``admin`` implies every other scope.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

import typer
from sqlmodel import Session, select

from studio.core.errors import InputError, NotFound
from studio.store.tables import ApiKey, utcnow

SCOPES = ("read", "write", "review", "admin")


@dataclass(frozen=True)
class Principal:
    """The caller behind a valid key."""

    key_id: int
    name: str
    scopes: tuple[str, ...]

    def has(self, scope: str) -> bool:
        return "admin" in self.scopes or scope in self.scopes

    @property
    def actor(self):
        from studio.review.decisions import Actor

        return Actor(name=f"apikey:{self.name}", role="lead" if "admin" in self.scopes else "reviewer", locales=("*",))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_scopes(text: str | list[str]) -> list[str]:
    scopes = [s.strip() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise InputError(f"unknown or missing scopes: {', '.join(unknown) or '(none)'}", where="--scopes",
                         fix=f"give a comma-separated list of: {', '.join(SCOPES)}")
    return list(dict.fromkeys(scopes))


def create_key(session: Session, name: str, scopes: str | list[str]) -> tuple[ApiKey, str]:
    """Make a key; returns (row, plaintext key). The plaintext is never stored: show it once."""
    if not name or not name.strip():
        raise InputError("an API key needs a name", where="--name", fix="name the system that will use it, e.g. cms")
    prefix = secrets.token_hex(4)
    key = f"sk_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name.strip(), prefix=prefix, key_hash=_hash(key), scopes=parse_scopes(scopes))
    session.add(row)
    session.flush()
    return row, key


def verify(session: Session, key: str) -> Principal | None:
    """The principal for a presented key, or None when it is unknown, malformed or revoked."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != "sk":
        return None
    digest = _hash(key)
    for row in session.exec(select(ApiKey).where(ApiKey.prefix == parts[1])).all():
        if hmac.compare_digest(row.key_hash, digest) and row.revoked_at is None:
            return Principal(key_id=row.id, name=row.name, scopes=tuple(row.scopes))
    return None


def revoke(session: Session, key_id: int) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"API key {key_id} does not exist", where="ID", fix="see `studio apikeys list`")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    return row


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(ApiKey.id)).all())


apikeys_app = typer.Typer(help="API keys for the REST API (shown once at creation, stored hashed).", no_args_is_help=True)
DB_OPT = typer.Option(None, "--db", help="database path or URL (default: DATABASE_URL or var/studio.db)")


def _scope(db: str | None):
    from studio.core.config import get_settings
    from studio.store.database import session_scope

    return session_scope(get_settings().db_url(db))


@apikeys_app.command("create")
def create_cmd(name: str = typer.Option(..., "--name", help="who uses the key, e.g. cms"),
               scopes: str = typer.Option("read", "--scopes", help=f"comma-separated: {', '.join(SCOPES)}"),
               db: str | None = DB_OPT, as_json: bool = typer.Option(False, "--json", help="print {id, key, scopes}")):
    """Create a key and print it once."""
    with _scope(db) as session:
        row, key = create_key(session, name, scopes)
        out = {"id": row.id, "key": key, "scopes": row.scopes}
    if as_json:
        typer.echo(json.dumps(out))
    else:
        typer.echo(f"API key {out['id']} ({name}, scopes {','.join(out['scopes'])}):\n{key}\n"
                   "Store it now: it is not shown again. Send it as 'Authorization: Bearer KEY'.")


@apikeys_app.command("list")
def list_cmd(db: str | None = DB_OPT, as_json: bool = typer.Option(False, "--json")):
    """List keys (never the secret)."""
    with _scope(db) as session:
        rows = [{"id": r.id, "name": r.name, "prefix": f"sk_{r.prefix}_", "scopes": r.scopes,
                 "created_at": r.created_at.isoformat(), "revoked": r.revoked_at is not None} for r in list_keys(session)]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for r in rows:
        typer.echo(f"{r['id']:>4}  {r['name']:<20} {r['prefix']:<14} {','.join(r['scopes']):<24} "
                   f"{'revoked' if r['revoked'] else 'active'}")


@apikeys_app.command("revoke")
def revoke_cmd(key_id: int = typer.Argument(..., metavar="ID"), db: str | None = DB_OPT):
    """Revoke a key: requests with it get 401 from now on."""
    with _scope(db) as session:
        row = revoke(session, key_id)
        typer.echo(f"revoked API key {row.id} ({row.name})")
