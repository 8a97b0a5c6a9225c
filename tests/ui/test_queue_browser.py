"""The queue in a real Chromium: findings count and top reason per row, a link per asset, deep links."""

import re

import pytest

from studio.checks.finding import Finding
from tests.ui.test_review_browser import open_asset, shot, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_queue_rows_show_findings_and_link_to_the_asset(page, live_server, users, make_asset):
    blocked = make_asset("Preis: 9 € – die beste Flasche.", findings=[
        Finding(rule="t.price", category="price", severity="block", start=0, end=10, message="price without VAT note"),
        Finding(rule="t.best", category="absolute_claim", severity="warn", start=15, end=24, message="absolute")])
    clean = make_asset("Frisches Wasser für jeden Ausflug.")
    sign_in(page, live_server, "anna", users["anna"])
    row = page.get_by_role("row", name=re.compile(rf"^{blocked} block 2 block: t\.price — price without VAT note "))
    expect(row).to_have_count(1, timeout=15000)  # id, severity, 2 open findings, the top reason
    expect(page.get_by_role("row", name=re.compile(rf"^{clean} none 0 "))).to_have_count(1)  # the clean one: 0
    link = page.locator("#queue-table").get_by_role("link", name=f"#{blocked}").first
    assert link.get_attribute("href").endswith(f"?asset={blocked}")
    shot(page, "queue-findings-and-links")

    page.goto(f"{live_server}/ui/?asset={blocked}")  # the deep link opens the asset
    expect(page.locator("#asset-header textarea")).to_have_value(re.compile(rf"^#{blocked} "), timeout=15000)
    expect(page.locator("#asset-findings")).to_contain_text("t.price")

    open_asset(page, clean)  # the address follows the open asset, ready to share
    expect(page).to_have_url(re.compile(rf"\?asset={clean}$"), timeout=15000)
