"""POST /v1/assets/{id}/results and GET /v1/campaigns/{id}/experiments as a CMS uses them, and the
experiment.decided webhook it receives."""

import datetime as dt
import json

import pytest
from sqlmodel import select

from studio.deliver import webhooks
from studio.store.database import session_scope
from studio.store.tables import AuditLog, WebhookDelivery
from tests.deliver.test_webhooks import SECRET, Receiver, allow_loopback  # noqa: F401  (autouse: the receiver is on 127.0.0.1)
from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401


@pytest.fixture(scope="module")
def race(db_url):
    camp = seed_campaign(db_url, "AB Launch")
    a = seed_asset(db_url, camp, locale="de-DE", channel="google_ads_headline", variant=1, text="Kalt. Den ganzen Tag.")
    b = seed_asset(db_url, camp, locale="de-DE", channel="google_ads_headline", variant=2, text="Fjell hält 24 h kalt.")
    return camp, a, b


def rows(days, impressions, clicks, start=dt.date(2026, 5, 1)):
    return {"rows": [{"day": (start + dt.timedelta(days=i)).isoformat(), "impressions": impressions, "clicks": clicks}
                     for i in range(days)]}


def test_bad_rows_are_a_problem_naming_row_and_field_and_store_nothing(client, keys, race):
    camp, a, _ = race
    body = {"rows": [{"day": "2026-05-01", "impressions": 100, "clicks": 5},
                     {"day": "2026-05-02", "impressions": 100, "clicks": 500}]}
    r = client.post(f"/v1/assets/{a}/results", json=body, headers=auth(keys["write"]))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"] == [{"row": "rows[1]", "field": "rows[1].clicks",
                                   "message": "500 clicks exceed 100 impressions"}]
    got = client.get(f"/v1/campaigns/{camp}/experiments", headers=auth(keys["read"])).json()
    assert got["experiments"] == []


def test_wrong_shapes_unknown_assets_and_scopes(client, keys, race):
    _, a, _ = race
    r = client.post(f"/v1/assets/{a}/results", json=[{"day": "2026-05-01"}], headers=auth(keys["write"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "rows"
    r = client.post(f"/v1/assets/{a}/results", json={"rows": [], "users": []}, headers=auth(keys["write"]))
    assert r.status_code == 422 and "users" in r.json()["detail"]
    r = client.post("/v1/assets/999999/results", json=rows(1, 10, 1), headers=auth(keys["write"]))
    assert r.status_code == 404 and "999999" in r.json()["detail"]
    r = client.post(f"/v1/assets/{a}/results", json=rows(1, 10, 1), headers=auth(keys["read"]))
    assert r.status_code == 403
    r = client.get("/v1/campaigns/999999/experiments", headers=auth(keys["read"]))
    assert r.status_code == 404


def test_a_clear_winner_is_decided_once_audited_and_sent_to_the_cms(client, keys, db_url, race):
    camp, a, b = race
    receiver = Receiver()
    try:
        with session_scope(db_url) as s:
            webhooks.register(s, receiver.url, ["experiment.decided"], SECRET)
        first = client.post(f"/v1/assets/{a}/results", json=rows(7, 3000, 60), headers=auth(keys["write"]))
        assert first.status_code == 200 and first.json()["inserted"] == 7
        assert first.json()["experiments"][0]["state"] == "collecting"  # one variant has results
        r = client.post(f"/v1/assets/{b}/results", json=rows(7, 3000, 96), headers=auth(keys["write"]))
        exp = r.json()["experiments"][0]
        assert exp["state"] == "decided" and exp["winner_asset_id"] == b and exp["decided_lift"] > 0.4
        again = client.post(f"/v1/assets/{b}/results", json=rows(7, 3000, 96), headers=auth(keys["write"]))
        assert again.json()["updated"] == 7 and again.json()["inserted"] == 0
        with session_scope(db_url) as s:
            sent = s.exec(select(WebhookDelivery).where(WebhookDelivery.event == "experiment.decided")).all()
            assert len(sent) == 1  # a repeated report of the same winner is not a new decision
            assert s.exec(select(AuditLog).where(AuditLog.action == "experiment_decided")).one().actor.startswith("apikey:")
        webhooks.deliver_due(db_url)
        headers, body = receiver.requests[0]
        payload = json.loads(body)
        assert payload["event"] == headers["X-Studio-Event"] == "experiment.decided"
        data = payload["data"]
        assert data["winner"]["asset_id"] == b and data["locale"] == "de-DE" and data["winner"]["lift"] > 0.4
        assert [v["asset_id"] for v in data["variants"]] == [a, b]
    finally:
        receiver.close()

    state = client.get(f"/v1/campaigns/{camp}/experiments", headers=auth(keys["read"])).json()["experiments"]
    [exp] = state
    assert (exp["locale"], exp["channel"], exp["metric"]) == ("de-DE", "google_ads_headline", "ctr")
    va, vb = exp["variants"]
    assert va["impressions"] == 21000 and vb["clicks"] == 672
    assert vb["low"] > va["high"]  # the intervals do not overlap
    assert vb["p_best"] > 0.998


def test_results_with_conversions_and_spend_round_trip(client, keys, race):
    _, a, _ = race
    body = {"rows": [{"day": "2026-04-01", "channel": "google_ads_description", "impressions": 900, "clicks": 40,
                      "conversions": 3, "spend": 17.25}]}
    r = client.post(f"/v1/assets/{a}/results", json=body, headers=auth(keys["write"]))
    assert r.status_code == 200
    exp = r.json()["experiments"][0]
    assert exp["channel"] == "google_ads_description" and exp["variants"][0]["spend"] == 17.25
