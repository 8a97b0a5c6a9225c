"""A job keeps the brief it was planned from: resubmitting the campaign with a changed brief never
rewrites what an earlier job reports (issue 11 item 7)."""

import pytest
import yaml

from tests.helpers.api import auth, client, db_url, keys  # noqa: F401


@pytest.fixture(scope="module")
def brief():
    with open("examples/campaign.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    data["publish_dates"] = [str(d) for d in data["publish_dates"]]
    data["campaign"] = "Snapshot test"
    return data


def _progress(client, keys, job_id):
    job = client.get(f"/v1/jobs/{job_id}", headers=auth(keys["read"])).json()
    return {(p["locale"], p["kind"], p["planned"]) for p in job["progress"]}


def test_resubmitting_a_brief_leaves_the_earlier_jobs_view_alone(client, keys, brief):
    first = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief, headers=auth(keys["write"]))
    assert first.status_code == 202, first.text
    job1 = first.json()["job_id"]
    before = _progress(client, keys, job1)
    assert ("ja-JP", "copy", 3) in before
    changed = {**brief, "locales": ["en-US", "de-DE"],
               "glossary": {**brief["glossary"], "terms": {k: v for k, v in brief["glossary"]["terms"].items()
                                                           if k in ("en-US", "de-DE")}}}
    second = client.post("/v1/campaigns", params={"kinds": "copy"}, json=changed, headers=auth(keys["write"]))
    assert second.status_code == 202, second.text
    assert second.json()["campaign_id"] == first.json()["campaign_id"]  # the same campaign, a new brief
    assert _progress(client, keys, job1) == before  # job 1 still shows what it was asked to make
    assert {loc for loc, _, _ in _progress(client, keys, second.json()["job_id"])} == {"en-US", "de-DE"}
