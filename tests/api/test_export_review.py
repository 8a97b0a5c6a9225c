"""Exports carry the review: source and target in XLIFF, who approved and who waived what (and why) in
every format, approvals per locale, a reason when nothing is exported, 404 for an unknown campaign."""

import csv
import io
import json
import zipfile

import pytest
from translate.storage.xliff2 import Xliff2File

from studio.review import decisions as review
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.api import BLOCK, auth, client, db_url, keys, seed_asset, seed_campaign, studio  # noqa: F401

LEAD = review.Actor(name="lena", role="lead", locales=("*",))


@pytest.fixture(scope="module")
def reviewed(client, keys, db_url):
    """de-DE: one translated draft (approved), one with a waived block (approved); fr-FR: left in review;
    en-US: the source-locale draft of the same job as the second German asset."""
    camp = seed_campaign(db_url, "Review Export")
    translated = seed_asset(db_url, camp, locale="de-DE", text="Fjell hält kalt.")
    with session_scope(db_url) as s:
        row = s.get(Asset, translated)
        row.generation = {"source_text": "Fjell keeps it cold."}
        s.add(row)
    waived = seed_asset(db_url, camp, locale="de-DE", variant=2, text="Die beste Flasche.", findings=[BLOCK])
    seed_asset(db_url, camp, locale="en-US", variant=2, text="The best bottle.")
    seed_asset(db_url, camp, locale="fr-FR", text="Fjell garde au frais.")
    with session_scope(db_url) as s:
        review.waive(s, waived, "test.block", LEAD, reason="backed by lab test FT-2026-04")
    for asset_id, version in ((translated, 1), (waived, 2)):
        r = client.post(f"/v1/assets/{asset_id}/decision", json={"action": "approve", "version": version},
                        headers=auth(keys["review"]))
        assert r.status_code == 200, r.json()
    return camp, translated, waived


def get(client, keys, **params):
    return client.get("/v1/exports", params=params, headers=auth(keys["read"]))


def test_xliff_has_the_brief_source_in_source_and_the_draft_in_target(client, keys, reviewed):
    camp, translated, waived = reviewed
    r = get(client, keys, campaign=camp, format="xliff")
    assert r.status_code == 200 and r.headers["content-type"] == "application/xliff+xml"  # only de-DE is approved
    store = Xliff2File.parsestring(r.content)
    assert store.getsourcelanguage() == "en-US" and store.gettargetlanguage() == "de-DE"
    units = {u.getid(): u for u in store.units}
    first = next(u for k, u in units.items() if k.startswith(f"asset-{translated}-"))
    assert (first.source, first.target) == ("Fjell keeps it cold.", "Fjell hält kalt.")
    second = next(u for k, u in units.items() if k.startswith(f"asset-{waived}-"))
    assert (second.source, second.target) == ("The best bottle.", "Die beste Flasche.")
    notes = second.getnotes()
    assert "approved by apikey:test-review" in notes
    assert "waiver test.block" in notes and "by lena" in notes and "lab test FT-2026-04" in notes


def test_json_and_csv_say_who_approved_and_who_waived_what_and_why(client, keys, reviewed):
    camp, _, waived = reviewed
    rows = {x["id"]: x for x in map(json.loads, get(client, keys, campaign=camp, format="jsonl").text.splitlines())}
    assert rows[waived]["approval"]["by"] == "apikey:test-review" and rows[waived]["approval"]["at"]
    [w] = rows[waived]["waivers"]
    assert (w["rule"], w["by"], w["reason"]) == ("test.block", "lena", "backed by lab test FT-2026-04") and w["at"]
    table = {int(x["id"]): x for x in csv.DictReader(io.StringIO(get(client, keys, campaign=camp, format="csv").text))}
    assert table[waived]["approved_by"] == "apikey:test-review" and table[waived]["approved_at"]
    assert "test.block" in table[waived]["waivers"] and "by lena" in table[waived]["waivers"]
    assert "FT-2026-04" in table[waived]["waivers"]


def test_approvals_per_locale_come_with_the_export(client, keys, reviewed):
    camp, _, _ = reviewed
    r = get(client, keys, campaign=camp, format="jsonl")
    assert r.headers["X-Studio-Approvals"] == "de-DE=2/2; en-US=0/1; fr-FR=0/1"
    export = studio(client, keys["read"]).export(campaign=camp, format="xliff", status="any")
    assert export.approvals == {"de-DE": (2, 2), "en-US": (0, 1), "fr-FR": (0, 1)}
    assert sorted(export.files) == ["Review_Export.de-DE.xliff", "Review_Export.en-US.xliff", "Review_Export.fr-FR.xliff"]
    assert studio(client, keys["read"]).campaign(camp)["approvals_by_locale"] == {
        "de-DE": {"assets": 2, "approved": 2}, "en-US": {"assets": 1, "approved": 0}, "fr-FR": {"assets": 1, "approved": 0}}
    r = get(client, keys, campaign=camp, format="xliff", status="any")
    summary = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("summary.json"))
    assert summary["approvals_by_locale"]["de-DE"] == {"assets": 2, "approved": 2, "approved_with_waiver": 1}


def test_an_export_with_nothing_in_it_says_why(client, keys, reviewed):
    camp, _, _ = reviewed
    r = get(client, keys, campaign=camp, format="srt")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"].startswith("srt: 0 files — no approved video scripts")


@pytest.mark.parametrize("campaign", ["no-such-campaign", "987654", str(2**40)])
def test_an_unknown_campaign_is_404_not_an_empty_file(client, keys, campaign):
    r = get(client, keys, campaign=campaign, format="jsonl")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert "does not exist" in r.json()["detail"]
