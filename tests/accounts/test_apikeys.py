"""API keys as an admin manages them: created once with scopes, stored hashed, revocable."""

import json

from typer.testing import CliRunner

from studio.accounts.apikeys import apikeys_app, verify
from studio.store.database import session_scope
from studio.store.tables import ApiKey

runner = CliRunner()


def test_create_prints_the_key_once_and_stores_only_a_hash(tmp_path):
    db = str(tmp_path / "k.db")
    result = runner.invoke(apikeys_app, ["create", "--name", "cms", "--scopes", "read,write", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"id", "key", "scopes"} and out["scopes"] == ["read", "write"]
    url = f"sqlite:///{db}"
    with session_scope(url) as s:
        row = s.get(ApiKey, out["id"])
        assert out["key"] not in (row.key_hash, row.prefix) and len(row.key_hash) == 64
        principal = verify(s, out["key"])
        assert principal.name == "cms" and principal.has("write") and not principal.has("review")
        assert principal.actor.name == "apikey:cms" and principal.actor.role == "reviewer"
        assert verify(s, out["key"][:-1] + "x") is None and verify(s, "Bearer nonsense") is None
    listed = runner.invoke(apikeys_app, ["list", "--db", db, "--json"])
    assert out["key"] not in listed.output and json.loads(listed.output)[0]["name"] == "cms"


def test_revoked_key_no_longer_authenticates(tmp_path):
    db = str(tmp_path / "k.db")
    out = json.loads(runner.invoke(apikeys_app, ["create", "--name", "old", "--scopes", "admin", "--db", db,
                                                 "--json"]).output)
    result = runner.invoke(apikeys_app, ["revoke", str(out["id"]), "--db", db])
    assert result.exit_code == 0 and "revoked" in result.output
    with session_scope(f"sqlite:///{db}") as s:
        assert verify(s, out["key"]) is None


def test_unknown_scope_is_refused_with_the_list_of_scopes(tmp_path):
    result = runner.invoke(apikeys_app, ["create", "--name", "x", "--scopes", "read,delete",
                                         "--db", str(tmp_path / "k.db")])
    assert result.exit_code != 0
    assert "delete" in str(result.exception) and "review" in str(result.exception)


def test_admin_key_acts_as_a_lead_with_every_scope():
    from studio.accounts.apikeys import Principal

    p = Principal(key_id=1, name="ops", scopes=("admin",))
    assert all(p.has(s) for s in ("read", "write", "review")) and p.actor.role == "lead"
    assert p.actor.can_access("ja-JP")
