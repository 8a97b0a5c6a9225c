"""POST /v1/check (the `studio check` contract over HTTP) and GET /v1/exports."""

import csv
import io
import json
import zipfile

import pytest

from studio.checks.contract import run as contract_run
from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401

ITEM = {"id": "cms-1", "locale": "de-DE", "kind": "copy", "text": "Die beste Trinkflasche der Welt, 100% gratis!",
        "channel": "instagram", "meta": {"sponsored": True}}


def test_check_one_asset_matches_the_cli_contract(client, keys):
    r = client.post("/v1/check", json=ITEM, headers=auth(keys["read"]))
    assert r.status_code == 200
    [expected] = list(contract_run([json.dumps(ITEM)]))
    assert r.json() == json.loads(json.dumps(expected))
    assert r.json()["id"] == "cms-1" and r.json()["findings"]


def test_check_a_list_keeps_order(client, keys):
    items = [ITEM, {**ITEM, "id": "cms-2", "locale": "fr-FR", "text": "Une gourde."}]
    r = client.post("/v1/check", json=items, headers=auth(keys["read"]))
    assert r.status_code == 200 and [o["id"] for o in r.json()] == ["cms-1", "cms-2"]


@pytest.mark.parametrize("bad, field", [
    ({**ITEM, "locale": "xx-XX"}, "body"),
    ({**ITEM, "kind": "poem"}, "body.kind"),
    ({k: v for k, v in ITEM.items() if k != "text"}, "body.text"),
])
def test_check_bad_input_is_422_naming_the_field(client, keys, bad, field):
    r = client.post("/v1/check", json=bad, headers=auth(keys["read"]))
    assert r.status_code == 422
    assert any(e["field"].startswith(field) for e in r.json()["errors"]), r.json()


def test_check_needs_a_key(client):
    assert client.post("/v1/check", json=ITEM).status_code == 401


@pytest.fixture(scope="module")
def approved(client, keys, db_url):
    camp = seed_campaign(db_url, "Export Launch")
    ok = seed_asset(db_url, camp, locale="de-DE", text="Fjell hält kalt.")
    seed_asset(db_url, camp, locale="fr-FR", text="Fjell garde au frais.")
    r = client.post(f"/v1/assets/{ok}/decision", json={"action": "approve", "version": 1}, headers=auth(keys["review"]))
    assert r.status_code == 200
    return camp


def test_export_jsonl_has_only_approved_assets(client, keys, approved):
    r = client.get("/v1/exports", params={"campaign": approved, "format": "jsonl"}, headers=auth(keys["read"]))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert [(x["locale"], x["status"]) for x in rows] == [("de-DE", "approved")]


def test_export_csv_and_xliff(client, keys, approved):
    r = client.get("/v1/exports", params={"campaign": approved, "format": "csv", "status": "any"},
                   headers=auth(keys["read"]))
    assert r.status_code == 200 and len(list(csv.DictReader(io.StringIO(r.text)))) == 2  # cells may hold newlines
    r = client.get("/v1/exports", params={"campaign": approved, "format": "xliff", "status": "any"},
                   headers=auth(keys["read"]))
    assert r.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()  # one XLIFF per locale -> a zip
    assert sorted(names) == ["Export_Launch.de-DE.xliff", "Export_Launch.fr-FR.xliff", "summary.json"]


def test_export_unknown_format_is_422(client, keys):
    r = client.get("/v1/exports", params={"format": "docx"}, headers=auth(keys["read"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.format"
