"""Sign-in, the UI under its Content-Security-Policy, and sign-out by POST, in a real Chromium."""

import re

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_sign_in_work_under_the_csp_and_sign_out(page, live_server, users, make_asset):
    make_asset("Frisches Wasser für jeden Ausflug.")
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text
            and "'self'" in msg.text and "fonts" not in msg.text else None)
    page.goto(live_server + "/ui/")
    expect(page).to_have_url(re.compile(r"/ui/login$"))
    page.get_by_label("username").fill("anna")
    page.get_by_label("password").fill(users["anna"])
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#who textarea")).to_have_value(re.compile("Signed in as anna"), timeout=15000)
    expect(page.locator("#queue-table")).to_contain_text("Frisches Wasser", timeout=15000)
    assert not blocked, blocked  # the UI's own scripts and styles run under the policy
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/ui/login$"), timeout=15000)
    assert page.request.get(live_server + "/ui/config").status == 401  # the session is gone server-side
