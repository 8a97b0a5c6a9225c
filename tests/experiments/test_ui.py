"""The studio shows experiments: the dashboard's interval charts, winners and undecided tests (handlers
and a real Chromium), and the asset page's results block."""

import re
from pathlib import Path

import pytest

from studio.store.database import session_scope
from studio.store.tables import Asset
from studio.ui import asset_view, dashboard
from tests.experiments.helpers import report

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
XSS = "<img src=x onerror=alert(1)>Kalt"


@pytest.fixture
def experiments(db_url, make_asset):
    """de-DE meta_feed: a decided race; fr-FR meta_feed: a close, undecided one."""
    ids = {"de1": make_asset("Frisch unterwegs.", variant=1), "de2": make_asset(XSS, variant=2),
           "fr1": make_asset("Toujours frais.", locale="fr-FR", variant=1),
           "fr2": make_asset("Frais partout.", locale="fr-FR", variant=2)}
    report(db_url, ids["de1"], days=7, impressions=3000, clicks=60)
    report(db_url, ids["de2"], days=7, impressions=3000, clicks=96)
    report(db_url, ids["fr1"], days=3, impressions=2000, clicks=40)
    report(db_url, ids["fr2"], days=3, impressions=2000, clicks=41)
    return ids


def test_dashboard_lists_winners_and_undecided_with_a_chart_each(db_url, users, as_user, campaign_id, experiments):
    html = dashboard.load_experiments(db_url, campaign_id, as_user("root"))
    winners, undecided = html.split("<h4>Undecided")
    assert f"variant 2 (#{experiments['de2']})" in winners and "de-DE · meta_feed" in winners
    assert "fr-FR · meta_feed: undecided: the leader is best with probability" in undecided
    assert html.count("<svg") == 2 and html.count("class='variant'") == 4
    assert "<img" not in html and "&lt;img" in html  # a draft's text is shown, never run


def test_a_reviewer_sees_only_the_experiments_of_their_locales(db_url, users, as_user, campaign_id, experiments):
    html = dashboard.load_experiments(db_url, campaign_id, as_user("anna"))
    assert "de-DE" in html and "fr-FR" not in html
    assert "not signed in" in dashboard.load_experiments(db_url, campaign_id, as_user(None))


def test_asset_page_shows_the_variants_results(db_url, experiments):
    with session_scope(db_url) as s:
        won = asset_view.results_html(s, s.get(Asset, experiments["de2"]))
        lost = asset_view.results_html(s, s.get(Asset, experiments["de1"]))
        open_ = asset_view.results_html(s, s.get(Asset, experiments["fr1"]))
    assert "7 day(s), 21,000 impressions, 672 clicks" in won and "<b>winner</b>" in won
    assert f"lost to #{experiments['de2']}" in lost
    assert "undecided" in open_ and re.search(r"CTR 2\.\d+% \[", open_)


@pytest.mark.browser
def test_dashboard_chart_in_chromium(page, live_server, users, campaign_id, experiments):
    expect = pytest.importorskip("playwright.sync_api").expect
    from tests.ui.test_review_browser import sign_in

    sign_in(page, live_server, "root", users["root"])
    page.get_by_role("tab", name="Dashboard").click()
    page.get_by_role("button", name="Refresh").last.click()
    body = page.locator("#experiments-body")
    expect(body).to_contain_text("Winners (1)", timeout=15000)
    expect(body).to_contain_text("Undecided (1)")
    charts = page.locator("#experiments figure.experiment svg")
    expect(charts).to_have_count(2)
    expect(charts.first).to_be_visible()
    de = page.locator("#experiments figure[data-locale='de-DE'] g.variant")
    expect(de).to_have_count(2)
    box = de.nth(1).locator("line").bounding_box()
    assert box and box["width"] > 5  # an interval is drawn, not an empty element
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#experiments").screenshot(path=str(SHOTS / "experiments.png"))
