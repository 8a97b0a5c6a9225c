"""/v1/assets as a CMS uses it: list, filter, page, read one, fetch its image, decide headlessly."""

import datetime as dt

import pytest

from studio.core.config import get_settings
from tests.helpers.api import BLOCK, WARN, auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401


@pytest.fixture(scope="module")
def seeded(db_url):
    camp = seed_campaign(db_url)
    other = seed_campaign(db_url, "Other Launch")
    ids = {
        "de": seed_asset(db_url, camp, locale="de-DE", findings=[WARN]),
        "de_block": seed_asset(db_url, camp, locale="de-DE", variant=2, findings=[BLOCK]),
        "fr": seed_asset(db_url, camp, locale="fr-FR", text="La meilleure gourde Fjell."),
        "fr2": seed_asset(db_url, camp, locale="fr-FR", variant=2, text="Fjell, partout."),
        "other": seed_asset(db_url, other, locale="ja-JP", text="Fjellのボトル"),
    }
    return camp, other, ids


def test_list_filters_by_campaign_locale_and_status(client, keys, seeded):
    camp, other, ids = seeded
    r = client.get("/v1/assets", params={"campaign": camp, "locale": "fr-FR"}, headers=auth(keys["read"]))
    assert r.status_code == 200
    assert {a["id"] for a in r.json()["items"]} == {ids["fr"], ids["fr2"]}
    r = client.get("/v1/assets", params={"campaign": other}, headers=auth(keys["read"]))
    assert [a["locale"] for a in r.json()["items"]] == ["ja-JP"]
    r = client.get("/v1/assets", params={"status": "approved", "campaign": other}, headers=auth(keys["read"]))
    assert r.json() == {"items": [], "next_cursor": None}


def test_cursor_pages_through_every_asset_once(client, keys, seeded):
    seen, cursor = [], None
    for _ in range(10):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/assets", params=params, headers=auth(keys["read"])).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(set(seen)) and len(seen) >= 5


def test_updated_since_returns_only_newer_changes(client, keys, seeded):
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    r = client.get("/v1/assets", params={"updated_since": future}, headers=auth(keys["read"]))
    assert r.status_code == 200 and r.json()["items"] == []
    r = client.get("/v1/assets", params={"updated_since": "2000-01-01T00:00:00"}, headers=auth(keys["read"]))
    assert len(r.json()["items"]) >= 5


def test_a_forged_cursor_is_a_422_naming_the_cursor(client, keys):
    r = client.get("/v1/assets", params={"cursor": "not-a-cursor"}, headers=auth(keys["read"]))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == "query.cursor"


def test_detail_has_findings_versions_and_audit(client, keys, seeded):
    _, _, ids = seeded
    r = client.get(f"/v1/assets/{ids['de_block']}", headers=auth(keys["read"]))
    assert r.status_code == 200
    body = r.json()
    assert body["text"] == "Die beste Trinkflasche von Fjell."
    assert [(f["rule"], f["severity"]) for f in body["findings"]] == [("test.block", "block")]
    assert [v["version"] for v in body["versions"]] == [1]
    assert body["audit"][0]["action"] == "generate" and body["decision"] is None


def test_unknown_asset_is_404_problem(client, keys):
    r = client.get("/v1/assets/999999", headers=auth(keys["read"]))
    assert r.status_code == 404 and "999999" in r.json()["detail"]


def test_approval_is_blocked_by_a_block_finding(client, keys, seeded):
    _, _, ids = seeded
    r = client.post(f"/v1/assets/{ids['de_block']}/decision", json={"action": "approve", "version": 1},
                    headers=auth(keys["review"]))
    assert r.status_code == 409
    assert "block finding" in r.json()["detail"] and r.json()["fix"]


def test_approve_then_stale_version_gets_409_with_the_current_version(client, keys, seeded):
    _, _, ids = seeded
    r = client.post(f"/v1/assets/{ids['de']}/decision", json={"action": "approve", "version": 1},
                    headers=auth(keys["review"]))
    assert r.status_code == 200
    assert r.json()["asset"]["status"] == "approved" and r.json()["decision"]["actor"] == "apikey:test-review"
    stale = client.post(f"/v1/assets/{ids['de']}/decision", json={"action": "reject", "version": 1, "reason": "tone"},
                        headers=auth(keys["review"]))
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    detail = client.get(f"/v1/assets/{ids['de']}", headers=auth(keys["read"])).json()
    assert detail["decision"]["action"] == "approve" and detail["status"] == "approved"


def test_reject_needs_a_reason(client, keys, seeded):
    _, _, ids = seeded
    r = client.post(f"/v1/assets/{ids['fr2']}/decision", json={"action": "reject", "version": 1},
                    headers=auth(keys["review"]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"


def test_decision_needs_the_review_scope(client, keys, seeded):
    _, _, ids = seeded
    url = f"/v1/assets/{ids['fr']}/decision"
    assert client.post(url, json={"action": "approve", "version": 1}).status_code == 401
    r = client.post(url, json={"action": "approve", "version": 1}, headers=auth(keys["read"]))
    assert r.status_code == 403 and "review" in r.json()["detail"]
    r = client.post(url, json={"action": "approve", "version": 1}, headers=auth(keys["revoked"]))
    assert r.status_code == 401


def test_a_retried_decision_with_the_same_idempotency_key_is_applied_once(client, keys, seeded):
    _, _, ids = seeded
    url, body = f"/v1/assets/{ids['fr']}/decision", {"action": "approve", "version": 1}
    headers = {**auth(keys["review"]), "Idempotency-Key": "decide-fr-1"}
    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    detail = client.get(f"/v1/assets/{ids['fr']}", headers=auth(keys["read"])).json()
    assert [d["action"] for d in detail["decisions"]] == ["approve"] and detail["version"] == 2
    other = client.post(url, json={"action": "reject", "version": 2, "reason": "x"}, headers=headers)
    assert other.status_code == 422 and "different request body" in other.json()["detail"]


def test_image_is_served_only_from_the_media_folder(client, keys, db_url, seeded, tmp_path):
    camp, _, _ = seeded
    media = get_settings().media_dir
    media.mkdir(parents=True, exist_ok=True)
    png = media / f"test-api-{tmp_path.name}.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    ok = seed_asset(db_url, camp, locale="en-US", kind="image", channel="instagram", image_path=str(png), text="a lake")
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"secret")
    bad = seed_asset(db_url, camp, locale="ja-JP", kind="image", channel="instagram", text="x",
                     image_path=str(media / ".." / ".." / outside.relative_to("/")))
    try:
        r = client.get(f"/v1/assets/{ok}/image", headers=auth(keys["read"]))
        assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
        listed = client.get("/v1/assets", params={"kind": "image", "locale": "en-US"}, headers=auth(keys["read"]))
        assert listed.json()["items"][0]["image_url"] == f"/v1/assets/{ok}/image"
        r = client.get(f"/v1/assets/{bad}/image", headers=auth(keys["read"]))
        assert r.status_code == 404 and b"secret" not in r.content
        text_only = client.get(f"/v1/assets/{seeded[2]['de']}/image", headers=auth(keys["read"]))
        assert text_only.status_code == 404
    finally:
        png.unlink()
