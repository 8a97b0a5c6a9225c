"""The review studio in a real Chromium (Playwright): sign in, review, decide, export, stay safe.

Screenshots of the main pages go to test-artifacts/screenshots/.
"""

import re
from pathlib import Path

import pytest

from studio.checks.finding import Finding

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
XSS = 'Sommer <img src=x onerror=alert(1)> und [klick](javascript:alert(2)) <script>alert(3)</script>'
# A real de-DE block rule with an in-place replacement; the real engine finds it and re-checks the fix.
NAZI = "Jedem das Seine – unsere Trinkflasche für den Sommer."
FIXED = "Für jeden das Richtige – unsere Trinkflasche für den Sommer."
RULE = "de.symbols.nazi_phrases"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def has(text):
    return re.compile(re.escape(text))


def sign_in(page, base, name, password):
    page.goto(base + "/ui/")
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#who textarea")).to_have_value(has(f"Signed in as {name}"), timeout=15000)


def open_asset(page, asset_id):
    page.get_by_role("tab", name="Asset").click()
    page.locator("#asset-id input").fill(str(asset_id))
    page.get_by_role("button", name="Open / reload").click()
    expect(page.locator("#asset-header textarea")).to_have_value(re.compile(rf"^#{asset_id} "), timeout=15000)


def message(page):
    return page.locator("#asset-msg textarea")


def decision(page):
    return page.locator("#decision-msg textarea")


def test_de_reviewer_fixes_approves_and_exports(page, live_server, users, make_asset):
    green = make_asset(NAZI, checks=True)
    clean = make_asset("Frisches Wasser für jeden Ausflug.")
    sign_in(page, live_server, "anna", users["anna"])
    expect(page.locator("#queue-table")).to_contain_text("Jedem das Seine", timeout=15000)
    shot(page, "queue")

    page.locator("#queue-table").get_by_text(NAZI).filter(visible=True).first.click()  # a row opens the asset
    expect(page.locator("#asset-header textarea")).to_have_value(re.compile(rf"^#{green} "), timeout=15000)
    expect(page.locator("#asset-findings")).to_contain_text(RULE)
    shot(page, "asset-with-block")
    expect(page.get_by_role("button", name="Approve")).to_be_disabled()  # the reason stands beside it
    expect(decision(page)).to_have_value(has(f"Approve is off: 1 block finding(s) not fixed or waived ({RULE})"))

    page.get_by_role("button", name="Apply suggestion").click()
    expect(message(page)).to_have_value(has("suggestion applied"), timeout=30000)
    expect(page.locator("#asset-findings")).not_to_contain_text(RULE)
    expect(page.locator("#asset-editor textarea")).to_have_value(FIXED)
    shot(page, "asset-after-suggestion")

    open_asset(page, clean)
    page.get_by_role("button", name="Approve").click()
    expect(decision(page)).to_have_value(has("approved"), timeout=15000)

    page.get_by_role("tab", name="Dashboard").click()
    page.get_by_role("button", name="Refresh").last.click()
    page.get_by_role("button", name="Export approved assets").click()
    link = page.locator("#export-files a").first
    expect(link).to_be_visible(timeout=15000)
    shot(page, "dashboard")
    href = link.get_attribute("href")
    body = page.request.get(href).text()
    assert "Frisches Wasser für jeden Ausflug." in body
    import httpx

    assert httpx.get(href if href.startswith("http") else live_server + href).status_code in (401, 403)
    assert "Für jeden das Richtige" not in body  # not approved, not exported


def test_reviewer_without_the_locale_cannot_open_the_asset(page, live_server, users, make_asset):
    secret = make_asset("Vertraulicher Entwurf für Deutschland.")
    sign_in(page, live_server, "paul", users["paul"])
    expect(page.locator("#queue-table")).not_to_contain_text("Vertraulicher")
    open_asset_expect_refusal(page, secret)
    expect(page.locator("#asset-draft")).not_to_contain_text("Vertraulicher")


def open_asset_expect_refusal(page, asset_id):
    page.get_by_role("tab", name="Asset").click()
    page.locator("#asset-id input").fill(str(asset_id))
    page.get_by_role("button", name="Open / reload").click()
    expect(message(page)).to_have_value(has("not assigned to de-DE"), timeout=15000)


def test_nothing_visible_before_sign_in(page, live_server, users, make_asset):
    make_asset("Geheimer Entwurf.")
    page.goto(live_server + "/ui/")
    expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=15000)
    shot(page, "login")
    assert "Geheimer" not in page.content()
    page.get_by_label("username").fill("anna")
    page.get_by_label("password").fill("wrong-password")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Incorrect credentials")).to_be_visible(timeout=15000)


def test_lead_waives_block_and_video_script_page(page, live_server, users, make_asset):
    blocked = make_asset("Preis: 9 €", findings=[Finding(rule="t.price", category="price", severity="block", start=0,
                                                         end=10, message="price without VAT note")])
    script = {"title": "Sommer", "scenes": [
        {"visual": "Berggipfel bei Sonnenaufgang", "on_screen_text": "Los geht's", "voiceover": "Ab auf den Gipfel.",
         "duration_s": 4},
        {"visual": "See", "on_screen_text": "24 h kalt", "voiceover": " ".join(["eiskalt"] * 30), "duration_s": 3}]}
    video = make_asset(kind="video_script", channel="tiktok", script=script)
    sign_in(page, live_server, "lena", users["lena"])
    open_asset(page, blocked)
    page.get_by_label("Waive rule (lead)").click()
    page.get_by_role("option", name="t.price").click()
    page.get_by_label("Waiver reason").fill("VAT note is in the landing page")
    expect(page.get_by_role("button", name="Approve")).to_be_disabled()
    page.get_by_role("button", name="Record waiver").click()
    expect(page.locator("#waive-msg textarea")).to_have_value(has("waiver recorded"), timeout=15000)
    expect(page.get_by_label("Waiver reason")).to_have_value("")  # cleared once used
    page.get_by_role("button", name="Approve").click()
    expect(decision(page)).to_have_value(has("approved"), timeout=15000)
    open_asset(page, video)
    expect(page.get_by_label("SRT preview")).to_have_value(has("00:00:00,000 --> 00:00:04,000"))
    expect(page.get_by_text("NO", exact=True)).to_be_visible()  # 30 words do not fit 3 s
    shot(page, "asset-video-script")


def test_xss_draft_renders_inert(page, live_server, users, make_asset):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    bad = make_asset(XSS, findings=[Finding(rule="t.x", category="format", severity="warn", start=7, end=37,
                                            message=XSS, suggestion=XSS, source="javascript:alert(4)")])
    sign_in(page, live_server, "anna", users["anna"])
    open_asset(page, bad)
    expect(page.locator("#asset-draft")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("#asset-findings")).to_contain_text("javascript:alert(4)")
    page.wait_for_timeout(500)
    shot(page, "asset-xss")
    assert page.locator("#asset-draft img, #asset-findings img, #asset-findings script").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert dialogs == []


def test_feedback_lands_beside_the_action_and_inputs_clear(page, live_server, users, make_asset):
    blocked = make_asset("Preis: 9 €", findings=[Finding(rule="t.price", category="price", severity="block", start=0,
                                                         end=10, message="price without VAT note")])
    sign_in(page, live_server, "lena", users["lena"])
    open_asset(page, blocked)
    approve = page.get_by_role("button", name="Approve")
    expect(approve).to_be_disabled()
    expect(decision(page)).to_have_value(has("Approve is off: 1 block finding(s) not fixed or waived (t.price)"))
    near(decision(page), approve)

    page.get_by_label("Waive rule (lead)").click()
    page.get_by_role("option", name="t.price").click()
    page.get_by_label("Waiver reason").fill("VAT note is in the landing page")
    page.get_by_role("button", name="Record waiver").click()
    waiver = page.locator("#waive-msg textarea")
    expect(waiver).to_have_value(has("waiver recorded for t.price"), timeout=15000)
    near(waiver, page.get_by_role("button", name="Record waiver"))
    expect(page.get_by_label("Waiver reason")).to_have_value("")
    expect(approve).to_be_enabled()
    expect(decision(page)).to_have_value("")

    page.get_by_label("Comment", exact=True).fill("Bitte den Preis prüfen")
    page.get_by_role("button", name="Post").click()
    expect(page.locator("#asset-comments")).to_contain_text("Bitte den Preis prüfen", timeout=15000)
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")

    page.get_by_label("Reason / comment for the decision").fill("passt so")
    approve.click()
    expect(decision(page)).to_have_value(has("✓ approved"), timeout=15000)
    expect(page.get_by_label("Reason / comment for the decision")).to_have_value("")
    expect(message(page)).to_have_value("")  # nothing reported in the box at the top
    shot(page, "asset-feedback-beside-action")


def near(box, button, limit: float = 200):
    """The message box sits within ``limit`` px (vertically) of the button it reports on."""
    a, b = box.bounding_box(), button.bounding_box()
    assert abs(a["y"] - (b["y"] + b["height"])) < limit, (a, b)
