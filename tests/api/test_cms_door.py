"""The CMS door, driven through studio.client as the CMS team would: edit, waive and comment with the
same rules as the UI, ETag/If-Match, list endpoints, Location, webhook events for every state change."""

import pytest
from sqlmodel import select

from studio.client import ProblemError
from studio.store.database import session_scope
from studio.store.tables import AuditLog, Campaign, Run, WebhookDelivery
from tests.helpers.api import BLOCK, auth, client, db_url, seed_asset, seed_campaign, studio  # noqa: F401
from tests.helpers.api import keys as shared_keys  # noqa: F401

HOOK_EVENTS = ["asset.edited", "asset.waived", "asset.commented", "asset.changes_requested", "asset.approved",
               "job.cancelled"]


@pytest.fixture(scope="module")
def keys(shared_keys, db_url):
    """The shared keys, with "review" and "write" able to read too (a CMS reads before it changes)."""
    from studio.accounts.apikeys import create_key

    with session_scope(db_url) as s:
        return {**shared_keys, "review": create_key(s, "test-review", "read,review")[1],
                "write": create_key(s, "test-write", "read,write")[1]}


@pytest.fixture(scope="module")
def hook(client, keys):
    """A webhook on every new event (to a public address; nothing is sent in these tests)."""
    return studio(client, keys["admin"]).create_webhook("https://93.184.215.14/hook", HOOK_EVENTS)["id"]


def events(db_url, hook_id, asset_id=None):
    with session_scope(db_url) as s:
        rows = s.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook_id)
                      .order_by(WebhookDelivery.id)).all()
        return [(d.event, d.payload) for d in rows if asset_id is None or d.payload.get("asset_id") == asset_id]


def test_a_block_is_cleared_through_the_api_by_a_lead_waiver_then_approved(client, keys, db_url, hook):
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Door Block"), findings=[BLOCK])
    reviewer, lead = studio(client, keys["review"]), studio(client, keys["admin"])
    current = reviewer.asset(asset_id)
    with pytest.raises(ProblemError) as refused:
        reviewer.decide(asset_id, "approve", etag=current.etag)
    assert refused.value.status == 409 and "block finding" in refused.value.detail
    with pytest.raises(ProblemError) as not_lead:
        reviewer.waive(asset_id, "test.block", "lab test FT-2026-04", etag=current.etag)
    assert not_lead.value.status == 403 and "lead" in not_lead.value.detail
    with pytest.raises(ProblemError) as no_reason:
        lead.waive(asset_id, "test.block", "", etag=current.etag)
    assert no_reason.value.status == 422 and no_reason.value.errors[0]["field"] == "body.reason"
    waived = lead.waive(asset_id, "test.block", "lab test FT-2026-04", etag=current.etag)
    assert waived.version == current.version + 1 and waived.etag != current.etag
    [w] = waived["waivers"]
    assert (w["rule"], w["by"], w["reason"], w["version"]) == ("test.block", "apikey:test-admin", "lab test FT-2026-04", 1)
    assert reviewer.decide(asset_id, "approve", etag=waived.etag)["asset"]["status"] == "approved"
    assert [e for e, _ in events(db_url, hook, asset_id)] == ["asset.waived", "asset.approved"]


def test_an_edit_is_a_new_checked_version_back_in_review_audited_and_announced(client, keys, db_url, hook):
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Door Edit"), text="Fjell hält kalt.")
    cms = studio(client, keys["review"])
    first = cms.asset(asset_id)
    cms.decide(asset_id, "approve", etag=first.etag)
    approved = cms.asset(asset_id)
    edited = cms.edit(asset_id, text="Die beste Trinkflasche der Welt.", etag=approved.etag, reason="stronger claim")
    assert edited["text"] == "Die beste Trinkflasche der Welt." and edited["status"] == "in_review"
    assert [v["reason"] for v in edited["versions"]][-1] == "stronger claim"
    assert edited["findings"], "the edited text is checked again (an absolute claim)"
    with session_scope(db_url) as s:
        actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.entity_id == asset_id,
                                                                    AuditLog.entity == "asset").order_by(AuditLog.id))]
    assert actions[-1] == "stronger claim"
    assert [e for e, _ in events(db_url, hook, asset_id)][-1] == "asset.edited"
    with pytest.raises(ProblemError) as wrong_field:
        cms.edit(asset_id, image_prompt="a bottle", etag=edited.etag)
    assert wrong_field.value.status == 422 and "text" in wrong_field.value.detail


def test_if_match_412_when_stale_428_when_missing(client, keys, db_url):
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Door Etag"))
    cms = studio(client, keys["review"])
    old = cms.asset(asset_id)
    assert old.etag == f'"asset-{asset_id}-v1"'
    cms.edit(asset_id, text="Neu.", etag=old.etag)
    for call in (lambda: cms.decide(asset_id, "approve", etag=old.etag),
                 lambda: cms.edit(asset_id, text="Noch neuer.", etag=old.etag)):
        with pytest.raises(ProblemError) as stale:
            call()
        assert stale.value.status == 412 and stale.value.problem["current_version"] == 2
    r = client.post(f"/v1/assets/{asset_id}/decision", json={"action": "approve"}, headers=auth(keys["review"]))
    assert r.status_code == 428 and "If-Match" in r.json()["fix"]
    r = client.post(f"/v1/assets/{asset_id}/versions", json={"text": "x"}, headers=auth(keys["review"]))
    assert r.status_code == 428
    # the body's version keeps working (409 when stale), as before
    r = client.post(f"/v1/assets/{asset_id}/decision", json={"action": "approve", "version": 1},
                    headers=auth(keys["review"]))
    assert r.status_code == 409 and r.json()["current_version"] == 2


def test_request_changes_and_comments_are_events_and_reach_the_reviewer(client, keys, db_url, hook):
    from studio.accounts.users import add_user

    with session_scope(db_url) as s:
        add_user(s, "greta", "reviewer", ["de-DE"], "a-long-password-1")
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Door Notes"))
    cms = studio(client, keys["review"])
    cms.decide(asset_id, "request_changes", reason="tone is off", etag=cms.asset(asset_id).etag)
    note = cms.comment(asset_id, "@greta please shorten the headline")
    assert cms.comments(asset_id)[-1]["id"] == note["id"]
    with pytest.raises(ProblemError) as bad_parent:
        cms.comment(asset_id, "reply", parent_id=note["id"] + 1000)
    assert bad_parent.value.status == 404
    inbox = cms.notifications("greta")  # greta never touched the asset: only the mention reaches her
    assert [(n["kind"], n["why"], n["comment_id"]) for n in inbox] == [("comment", "mentioned you", note["id"])]
    with session_scope(db_url) as s:
        from studio.review.decisions import Actor, comment

        comment(s, asset_id, Actor("greta", "reviewer", ("de-DE",)), "on it")
    inbox = cms.notifications("greta")  # now she has worked on it: the change request reaches her too
    assert [(n["kind"], n["why"], n["text"]) for n in inbox][-1] == (
        "changes_requested", "changes requested on an asset you worked on", "tone is off")
    assert [e for e, _ in events(db_url, hook, asset_id)] == ["asset.changes_requested", "asset.commented",
                                                         "asset.commented"]
    with pytest.raises(ProblemError) as nobody:
        cms.notifications("nobody")
    assert nobody.value.status == 404


def test_list_campaigns_and_jobs_by_state_page_by_page(client, keys, db_url):
    ids = [seed_campaign(db_url, f"Door List {i}") for i in range(3)]
    with session_scope(db_url) as s:
        for camp, state in zip(ids, ("completed", "failed", "completed")):
            s.add(Run(campaign_id=camp, state=state))
    cms = studio(client, keys["read"])
    listed = [c["name"] for c in cms.campaigns(page_size=1)]
    assert listed[:3] == ["Door List 2", "Door List 1", "Door List 0"] and len(listed) == len(set(listed))
    done = [j["campaign_id"] for j in cms.jobs(state="completed", page_size=1)]
    assert done[:2] == [ids[2], ids[0]] and ids[1] not in done
    r = client.get("/v1/jobs", params={"state": "sleeping"}, headers=auth(keys["read"]))
    assert r.status_code == 422
    r = client.get("/v1/campaigns", params={"cursor": "abc"}, headers=auth(keys["read"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.cursor"


def test_submitting_a_brief_answers_202_with_the_job_in_location(client, keys):
    from studio.api.schemas import BRIEF_EXAMPLE as BRIEF

    r = client.post("/v1/campaigns", json=BRIEF, headers={**auth(keys["write"]), "Idempotency-Key": "door-1"})
    assert r.status_code == 202 and r.headers["Location"] == f"/v1/jobs/{r.json()['job_id']}"
    again = client.post("/v1/campaigns", json=BRIEF, headers={**auth(keys["write"]), "Idempotency-Key": "door-1"})
    assert again.headers["Location"] == r.headers["Location"]


def test_cancelling_a_queued_job_is_an_event(client, keys, db_url, hook):
    with session_scope(db_url) as s:
        camp = s.exec(select(Campaign)).first().id
        run = Run(campaign_id=camp, state="queued")
        s.add(run)
        s.flush()
        run_id = run.id
    assert studio(client, keys["write"]).cancel(run_id)["state"] == "cancelled"
    assert ("job.cancelled", {"job_id": run_id, "campaign_id": camp}) in events(db_url, hook)


def test_a_video_script_is_edited_as_a_script_and_a_malformed_one_names_the_field(client, keys, db_url):
    scene = {"visual": "a bottle on a rock", "on_screen_text": "Kalt. Den ganzen Tag.",
             "voiceover": "Fjell hält kalt.", "duration_s": 3.0}
    asset_id = seed_asset(db_url, seed_campaign(db_url, "Door Script"), kind="video_script", channel="tiktok",
                          script={"title": "t", "scenes": [scene]})
    cms = studio(client, keys["review"])
    current = cms.asset(asset_id)
    edited = cms.edit(asset_id, script={"title": "t", "scenes": [scene, {**scene, "voiceover": "Überall."}]},
                      etag=current.etag)
    assert [s["voiceover"] for s in edited["script"]["scenes"]] == ["Fjell hält kalt.", "Überall."]
    with pytest.raises(ProblemError) as bad:
        cms.edit(asset_id, script={"scenes": [{"voiceover": 3}]}, etag=edited.etag)
    assert bad.value.status == 422 and bad.value.errors[0]["field"].startswith("body.script.scenes[0]")
    with pytest.raises(ProblemError) as wrong:
        cms.edit(asset_id, text="plain text", etag=edited.etag)
    assert wrong.value.status == 422 and "script" in wrong.value.detail
