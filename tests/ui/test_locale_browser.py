"""Draft text rendered in its locale's direction and language, in a real Chromium (Playwright).

An Arabic (ar-SA) asset reads right-to-left everywhere its text appears: queue preview, highlighted
draft, editor, findings, diff, comments, SRT preview; a German one stays left-to-right.
Screenshots go to test-artifacts/screenshots/ (rtl-*.png, ltr-*.png).
"""

import re

import pytest

from studio.checks.finding import Finding
from tests.ui.test_review_browser import open_asset, shot, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

ARABIC = "زجاجة فيل تحافظ على برودة الماء 24 ساعة مع Fjell Bottle."
ARABIC_EDIT = "زجاجة فيل تحافظ على برودة الماء طوال اليوم."
GERMAN = "Die Fjell Flasche hält 24 Stunden kalt."


@pytest.fixture
def amira(db_url, users):
    """An ar-SA reviewer (same password as the other test users)."""
    from studio.accounts.users import add_user
    from studio.store.database import session_scope

    with session_scope(db_url) as s:
        add_user(s, "amira", "reviewer", ["ar-SA"], "secret-pw")
    return "secret-pw"


def computed_direction(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).direction")


def assert_locale(locator, direction: str, lang: str):
    expect(locator).to_have_attribute("dir", direction, timeout=15000)
    expect(locator).to_have_attribute("lang", lang)
    assert computed_direction(locator) == direction


def test_arabic_asset_renders_right_to_left_everywhere(page, live_server, amira, make_asset):
    finding = Finding(rule="t.claim", category="claims", severity="warn", start=ARABIC.index("24"),
                      end=ARABIC.index("24") + 8, message="claim needs evidence", suggestion="طوال اليوم")
    aid = make_asset(ARABIC, locale="ar-SA", findings=[finding])
    sign_in(page, live_server, "amira", amira)
    table = page.locator("#queue-table")
    expect(table).to_contain_text("زجاجة", timeout=15000)
    preview = table.locator("td", has_text="زجاجة").first
    assert_locale(preview, "rtl", "ar")
    shot(page, "rtl-queue")

    open_asset(page, aid)
    assert_locale(page.locator("#asset-draft"), "rtl", "ar")
    assert_locale(page.locator("#asset-editor textarea"), "rtl", "ar")
    run = page.locator("#asset-findings bdi.draft-text").first
    expect(run).to_have_text("24 ساعة")
    assert_locale(run, "rtl", "ar")
    font = page.locator("#asset-editor textarea").evaluate("el => getComputedStyle(el).fontFamily")
    assert "Arabic" in font, font  # the Arabic font stack applies to the editor

    page.locator("#asset-editor textarea").fill(ARABIC_EDIT)
    page.get_by_role("button", name="Save edit (re-run checks)").click()
    expect(page.locator("#asset-msg textarea")).to_have_value(re.compile("saved"), timeout=15000)
    page.locator("#asset-comments").scroll_into_view_if_needed()
    page.get_by_label("Comment", exact=True).fill("النص جيد، شكراً")
    page.get_by_role("button", name="Post").click()
    body = page.locator("#asset-comments .comment-body").first
    expect(body).to_have_text("النص جيد، شكراً", timeout=15000)
    assert_locale(body, "rtl", "ar")

    page.get_by_text("Versions", exact=True).click()
    page.get_by_role("button", name="Compare").click()
    diff = page.locator("#asset-diff .cm-content")
    expect(diff).to_contain_text("طوال اليوم", timeout=15000)
    assert_locale(diff, "rtl", "ar")
    shot(page, "rtl-asset")


def test_arabic_video_script_srt_preview_is_rtl(page, live_server, amira, make_asset):
    script = {"title": "صيف", "scenes": [{"visual": "جبل", "on_screen_text": "لننطلق", "voiceover": "إلى القمة.",
                                          "duration_s": 4}]}
    aid = make_asset(kind="video_script", channel="tiktok", locale="ar-SA", script=script)
    sign_in(page, live_server, "amira", amira)
    open_asset(page, aid)
    srt = page.locator("#asset-srt textarea")
    expect(srt).to_have_value(re.compile("لننطلق|إلى القمة"), timeout=15000)
    assert_locale(srt, "rtl", "ar")
    shot(page, "rtl-video-script")


def test_german_asset_stays_left_to_right(page, live_server, users, make_asset):
    aid = make_asset(GERMAN, findings=[Finding(rule="t.claim", category="claims", severity="warn", start=25,
                                               end=36, message="claim needs evidence")])
    sign_in(page, live_server, "anna", users["anna"])
    preview = page.locator("#queue-table td", has_text="Fjell Flasche").first
    assert_locale(preview, "ltr", "de")
    open_asset(page, aid)
    assert_locale(page.locator("#asset-draft"), "ltr", "de")
    assert_locale(page.locator("#asset-editor textarea"), "ltr", "de")
    assert_locale(page.locator("#asset-findings bdi.draft-text").first, "ltr", "de")
    shot(page, "ltr-asset")
