"""POST /v1/campaigns and /v1/jobs: a CMS submits a brief, polls the job, cancels one; nothing generates
inside a request (the worker runs it)."""

import time

import pytest
import yaml
from sqlmodel import func, select

from studio.runs import worker
from studio.store.database import session_scope
from studio.store.tables import Asset, Campaign, Run
from tests.helpers.api import auth, client, db_url, keys  # noqa: F401
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401


@pytest.fixture(scope="module")
def brief():
    with open("examples/campaign.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    data["publish_dates"] = [str(d) for d in data["publish_dates"]]
    return data


def count(db_url, table):
    with session_scope(db_url) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_submit_returns_202_with_ids_and_runs_in_the_worker(client, keys, db_url, brief, use_model):
    use_model(QueuedTextModel(default_responder))
    r = client.post("/v1/campaigns", params={"locales": "en-US,de-DE", "kinds": "copy"}, json=brief,
                    headers=auth(keys["write"]))
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    assert r.json()["status_url"] == f"/v1/jobs/{job_id}"
    job = client.get(f"/v1/jobs/{job_id}", headers=auth(keys["read"])).json()
    assert job["state"] == "queued" and count(db_url, Asset) == 0  # nothing generated in the request
    assert {(p["locale"], p["kind"], p["planned"], p["done"]) for p in job["progress"]} == {
        ("en-US", "copy", 3, 0), ("de-DE", "copy", 3, 0)}
    assert worker.run_once(db_url) == job_id
    job = client.get(f"/v1/jobs/{job_id}", headers=auth(keys["read"])).json()
    assert job["state"] == "completed" and job["done"] == job["total"] == 6
    assert {(p["locale"], p["done"]) for p in job["progress"]} == {("en-US", 3), ("de-DE", 3)}
    assets = client.get("/v1/assets", params={"campaign": r.json()["campaign_id"]}, headers=auth(keys["read"])).json()
    assert len(assets["items"]) == 6 and {a["status"] for a in assets["items"]} == {"in_review"}


def test_invalid_brief_is_422_naming_each_field(client, keys, brief):
    bad = {**brief, "locales": ["xx-XX"], "assets": [{"kind": "copy", "channel": "fax"}]}
    r = client.post("/v1/campaigns", json=bad, headers=auth(keys["write"]))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"locales[0]", "assets[0].channel"} <= fields
    assert "xx-XX" in r.text and r.json()["fix"]


def test_invalid_json_is_422(client, keys):
    r = client.post("/v1/campaigns", content=b"{not json", headers={**auth(keys["write"]),
                                                                     "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("body")


def test_body_over_one_mib_is_413(client, keys, brief):
    big = {**brief, "key_messages": ["x" * 1024] * 1100}
    r = client.post("/v1/campaigns", json=big, headers=auth(keys["write"]))
    assert r.status_code == 413 and "KiB" in r.json()["detail"]


def test_retried_submit_with_idempotency_key_creates_one_job(client, keys, db_url, brief):
    headers = {**auth(keys["write"]), "Idempotency-Key": "launch-42"}
    before = count(db_url, Run)
    first = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief, headers=headers)
    again = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert count(db_url, Run) == before + 1 and count(db_url, Campaign) == 1
    changed = client.post("/v1/campaigns", json={**brief, "tone": "loud"}, headers=headers)
    assert changed.status_code == 422 and "Idempotency-Key" in changed.json()["detail"]


def test_cancel_a_queued_job_stops_it_at_once(client, keys, db_url, brief):
    r = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief, headers=auth(keys["write"]))
    job_id = r.json()["job_id"]
    assert client.post(f"/v1/jobs/{job_id}/cancel", headers=auth(keys["read"])).status_code == 403
    r = client.post(f"/v1/jobs/{job_id}/cancel", headers=auth(keys["write"]))
    assert r.status_code == 200 and r.json()["state"] == "cancelled" and r.json()["cancel_requested"]
    with session_scope(db_url) as s:  # the worker never takes it
        assert worker.claim_next_run(s) is None or s.get(Run, job_id).state == "cancelled"


def test_unknown_job_is_404_and_campaign_route_needs_write(client, keys, brief):
    assert client.get("/v1/jobs/424242", headers=auth(keys["read"])).status_code == 404
    assert client.post("/v1/jobs/424242/cancel", headers=auth(keys["write"])).status_code == 404
    assert client.post("/v1/campaigns", json=brief).status_code == 401
    assert client.post("/v1/campaigns", json=brief, headers=auth(keys["review"])).status_code == 403
    r = client.get("/v1/campaigns/1", headers=auth(keys["read"]))
    assert r.status_code == 200 and r.json()["brand"] == "Fjell" and r.json()["job_ids"]
    assert client.get("/v1/campaigns/99999", headers=auth(keys["read"])).status_code == 404


def test_the_app_worker_executes_queued_jobs_in_the_background(db_url, keys, brief, use_model):
    """The real worker: generation runs in its child process, which finds the test profile's backend
    through STUDIO_BACKENDS, as a plug-in backend would be found."""
    from fastapi.testclient import TestClient

    from studio.api import create_api

    use_model(QueuedTextModel(default_responder))
    with TestClient(create_api(db_url)) as c:
        app_worker = c.app.state.worker
        app_worker.poll_s = 0.05
        assert app_worker.executor is not None, "runs execute in the generation child process"
        r = c.post("/v1/campaigns", params={"locales": "fr-FR", "kinds": "copy"}, json=brief,
                   headers=auth(keys["write"]))
        job_url = r.json()["status_url"]
        deadline = time.time() + 180  # the first run in a process loads the check engine (90 s ran out in a CI starved by a model run, session 47)
        while time.time() < deadline and c.get(job_url, headers=auth(keys["read"])).json()["state"] != "completed":
            time.sleep(0.05)
        assert c.get(job_url, headers=auth(keys["read"])).json()["state"] == "completed"
