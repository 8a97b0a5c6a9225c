"""The review UI's handlers, called directly as Gradio would call them (with the signed-in user)."""

import threading
import time
from pathlib import Path

import pytest

from studio.checks.finding import Finding
from studio.store.database import session_scope
from studio.store.tables import Asset
from studio.ui import asset_page, dashboard, queue_page, users_page
from studio.ui.asset_page import OUT

XSS = '<img src=x onerror=alert(1)> [klick](javascript:alert(2)) <script>alert(3)</script>'
# A real de-DE block rule whose pack carries an in-place replacement; the real engine finds it.
NAZI = "Jedem das Seine – unsere Trinkflasche für den Sommer."
FIXED = "Für jeden das Richtige – unsere Trinkflasche für den Sommer."
RULE = "de.symbols.nazi_phrases"


def view(result) -> dict:
    return dict(zip(OUT, result))


def value(update):
    return update["value"] if isinstance(update, dict) else update


@pytest.fixture
def green(make_asset):
    return make_asset(NAZI, checks=True)


def test_reviewer_sees_draft_with_findings_in_place(db_url, users, as_user, green):
    v = view(asset_page.open_asset(db_url, green, as_user("anna")))
    assert "Sommer 2026" in v["header"] and "de-DE" in v["header"]
    segments = value(v["draft"])
    assert ("Jedem das Seine", f"block: {RULE}") in segments
    assert "Nazi" in v["findings"] and 'href="https://www.gesetze-im-internet.de/stgb/__86a.html"' in v["findings"]
    assert "hält Getränke 24 Stunden kalt" in v["brief"] and "meta_feed" in v["brief"]
    assert value(v["suggestion"]) is not None
    assert v["lead_box"]["visible"] is False  # a reviewer cannot waive


def test_other_locale_and_signed_out_see_nothing(db_url, users, as_user, green):
    v = view(asset_page.open_asset(db_url, green, as_user("paul")))
    assert "not assigned to de-DE" in v["msg"] and v["header"] == "" and value(v["draft"]) == []
    v = view(asset_page.open_asset(db_url, green, as_user(None)))
    assert "not signed in" in v["msg"] and v["header"] == ""


def test_apply_suggestion_rechecks_and_unblocks_approval(db_url, users, as_user, green):
    v = view(asset_page.open_asset(db_url, green, as_user("anna")))
    refused = view(asset_page.approve(db_url, green, v["version"], "", as_user("anna")))
    assert "cannot approve" in refused["decision_msg"] and RULE in refused["decision_msg"]
    v = view(asset_page.apply_suggestion(db_url, green, v["version"], value(v["suggestion"]), as_user("anna")))
    assert "suggestion applied" in v["msg"]
    assert value(v["editor"]) == FIXED
    assert RULE not in v["findings"]  # the real engine re-ran on the new text
    done = view(asset_page.approve(db_url, green, v["version"], "", as_user("anna")))
    assert done["decision_msg"].startswith("✓ approved") and "status approved" in done["header"]


def test_second_save_of_the_same_version_is_a_conflict_showing_the_other_version(db_url, users, as_user, make_asset):
    aid = make_asset("Frisches Wasser für unterwegs.")
    first = view(asset_page.save_edit(db_url, aid, 1, "Frisches Wasser, überall.", None, as_user("anna")))
    assert first["msg"].startswith("✓ saved") and first["version"] == 2
    second = view(asset_page.save_edit(db_url, aid, 1, "Mein anderer Text.", None, as_user("lena")))
    assert "changed by someone else" in second["msg"]
    assert second["conflict"]["visible"] and "Frisches Wasser, überall." in second["conflict"]["value"]
    with session_scope(db_url) as s:
        assert s.get(Asset, aid).text == "Frisches Wasser, überall."


def test_reject_needs_reason_and_lead_waiver_allows_approval(db_url, users, as_user, make_asset):
    aid = make_asset("Test", findings=[Finding(rule="t.block", category="price", severity="block", start=0, end=4,
                                               message="price without VAT")])
    no_reason = view(asset_page.reject(db_url, aid, 1, "", as_user("anna")))
    assert "needs a reason" in no_reason["decision_msg"]
    denied = view(asset_page.waive(db_url, aid, 1, "t.block", "not applicable here", as_user("anna")))
    assert "only a lead" in denied["waive_msg"]
    lead = view(asset_page.open_asset(db_url, aid, as_user("lena")))
    assert lead["lead_box"]["visible"] is True and "t.block" in lead["waive_rule"]["choices"]
    waived = view(asset_page.waive(db_url, aid, 1, "t.block", "price shown in the landing page", as_user("lena")))
    assert "waiver recorded" in waived["waive_msg"] and "waived by lena" in waived["findings"]
    ok = view(asset_page.approve(db_url, aid, waived["version"], "", as_user("anna")))
    assert ok["decision_msg"].startswith("✓ approved")


def test_versions_diff_restore_comments_and_audit(db_url, users, as_user, make_asset):
    aid = make_asset("Erste Fassung.")
    v = view(asset_page.save_edit(db_url, aid, 1, "Zweite Fassung.", None, as_user("anna")))
    diff = asset_page.show_diff(db_url, aid, 1, 2, as_user("anna"))
    assert "-Erste Fassung." in diff and "+Zweite Fassung." in diff
    v = view(asset_page.restore(db_url, aid, v["version"], 1, as_user("anna")))
    assert value(v["editor"]) == "Erste Fassung." and v["version"] == 3
    v = view(asset_page.add_comment(db_url, aid, XSS, 0, as_user("anna")))
    first_id = value(v["parent"]) or v["parent"]["choices"][1][1]
    v = view(asset_page.add_comment(db_url, aid, "Antwort", first_id, as_user("lena")))
    assert "&lt;img src=x onerror=alert(1)&gt;" in v["comments"] and "<img" not in v["comments"]
    assert v["comments"].index("Antwort") > v["comments"].index("anna")
    actions = list(v["audit"]["what"])
    assert actions[:2] == ["comment", "comment"] and "restore v1" in actions and "edit" in actions


def test_untrusted_text_is_escaped(db_url, users, as_user, make_asset, campaign_id):
    from studio.store.tables import Campaign

    with session_scope(db_url) as s:
        camp = s.get(Campaign, campaign_id)
        camp.brief = {**camp.brief, "key_messages": [XSS]}
        s.add(camp)
    aid = make_asset(XSS, findings=[Finding(rule="t.x", category="format", severity="warn", start=0, end=10,
                                            message=XSS, suggestion=XSS, source="javascript:alert(4)")])
    v = view(asset_page.open_asset(db_url, aid, as_user("anna")))
    for html in (v["findings"], v["brief"]):
        assert "<img" not in html and "<script" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in v["brief"]


def test_video_script_scene_table_and_srt(db_url, users, as_user, make_asset):
    script = {"title": "t", "scenes": [
        {"visual": "Berg", "on_screen_text": "Los geht's", "voiceover": "Ab auf den Gipfel mit Fjell.", "duration_s": 4},
        {"visual": "See", "on_screen_text": "Kalt", "voiceover": " ".join(["sehr"] * 40), "duration_s": 2}]}
    aid = make_asset(kind="video_script", channel="tiktok", script=script)
    v = view(asset_page.open_asset(db_url, aid, as_user("anna")))
    frame = value(v["scenes"])
    assert list(frame["fits"]) == ["yes", "NO"]  # 40 words do not fit in 2 s at the de-DE rate
    assert "00:00:00,000 --> 00:00:04,000" in value(v["srt"]) and "Ab auf den Gipfel" in value(v["srt"])
    assert "Speaking rate for de-DE" in value(v["rate"])
    frame.loc[1, "voiceover"] = "Eiskalt."
    saved = view(asset_page.save_edit(db_url, aid, v["version"], None, frame, as_user("anna")))
    assert list(value(saved["scenes"])["fits"]) == ["yes", "yes"]


def test_queue_and_dashboard_and_export(db_url, users, as_user, make_asset, campaign_id):
    make_asset("Freigegebener Text für Fjell.", status="approved")
    make_asset("Noch in Prüfung.", findings=[Finding(rule="eu.green.offset_neutral", category="green_claim",
                                                     severity="block", start=0, end=4, message="green claim")])
    make_asset("Texte français", locale="fr-FR")
    frame, counts, page, info, msg = queue_page.load_queue(db_url, "any", "any", "any", "any", "any", "any", 1,
                                                           as_user("anna"))
    assert list(frame["locale"]) == ["de-DE", "de-DE"] and frame.iloc[0]["severity"] == "block"
    assert "approved: 1" in counts and "in review: 1" in counts and msg == ""
    assert frame.iloc[0]["findings"] == "1" and frame.iloc[0]["top reason"] == "block: eu.green.offset_neutral — green claim"
    assert frame.iloc[0]["link"] == f"[#{frame.iloc[0]['id']}](?asset={frame.iloc[0]['id']})"
    progress, chart, msg = dashboard.load_dashboard(db_url, campaign_id, as_user("anna"))
    assert progress.iloc[0]["approved"] == 1 and list(value(chart)["category"]) == ["green_claim"]
    files, msg = dashboard.export_approved(db_url, campaign_id, "jsonl", as_user("anna"))
    assert "1 approved assets" in msg
    assert "Freigegebener Text für Fjell." in Path(files[0]).read_text()
    files, msg = dashboard.export_approved(db_url, campaign_id, "srt", as_user("anna"))
    assert files is None and "srt: 0 files — no approved video scripts" in msg


def test_users_page_is_for_admins(db_url, users, as_user):
    table, msg = users_page.list_users(db_url, as_user("anna"))
    assert "only an admin" in msg and table.empty
    table, msg = users_page.add_user(db_url, "mia", "reviewer", "fr-FR", "long-enough-pw", as_user("root"))
    assert "added mia" in msg and "mia" in list(table["name"])


def test_regenerate_runs_in_background_and_reports(db_url, users, as_user, make_asset, monkeypatch):
    from studio.runs import pipeline

    release = threading.Event()

    def slow_regenerate(asset_id, actor, note, *, db_url=None):
        release.wait(5)
        with session_scope(db_url) as s:
            return s.get(Asset, asset_id)

    monkeypatch.setattr(pipeline, "regenerate", slow_regenerate)
    aid = make_asset("Alt.")
    assert "say what" in asset_page.regenerate(db_url, aid, "", as_user("anna"))
    start = time.perf_counter()
    state = asset_page.regenerate(db_url, aid, "kürzer, bitte", as_user("anna"))
    assert time.perf_counter() - start < 1 and "regeneration" in state  # the request does not wait
    release.set()
    for _ in range(50):
        text, seen = asset_page.poll_regen(aid, None)
        if seen is not None:
            break
        time.sleep(0.05)
    assert "regenerated" in text and seen == 1


def test_source_links_keep_their_name_and_only_http_links_survive():
    from studio.ui.common import link, split_source

    assert split_source("Regulation (EU) 2024/1689 (AI Act) Art. 50(4), https://eur-lex.europa.eu/eli/reg/2024/1689/oj") == (
        "Regulation (EU) 2024/1689 (AI Act) Art. 50(4)", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj")
    assert split_source("UWG §5 (https://www.gesetze-im-internet.de/uwg_2004/__5.html)")[0] == "UWG §5"
    assert link("javascript:alert(1)") == "javascript:alert(1)"  # shown as text, not a link
    assert link('x https://a.de/"onmouseover=alert(1)').count('"') == 6  # quotes in the URL stay escaped
