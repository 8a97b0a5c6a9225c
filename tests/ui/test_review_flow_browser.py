"""The daily review flow in a real Chromium: keyboard path, next item after a decision, bulk approve."""

import re

import pytest

from studio.checks.finding import Finding
from tests.ui.test_review_browser import decision, has, shot, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def warn(rule="t.tone"):
    return [Finding(rule=rule, category="tone", severity="warn", start=0, end=4, message="too casual")]


def block(rule="t.price"):
    return [Finding(rule=rule, category="price", severity="block", start=0, end=4, message="price without VAT")]


def header(page):
    return page.locator("#asset-header textarea")


def showing(page, asset_id):
    expect(header(page)).to_have_value(re.compile(rf"^#{asset_id} "), timeout=15000)


def statuses(db_url, ids):
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    with session_scope(db_url) as s:
        return [str(s.get(Asset, i).status) for i in ids]


def test_keyboard_path_opens_decides_and_moves(page, live_server, users, make_asset, db_url):
    one = make_asset("Erster Entwurf für den Sommer.", findings=warn())
    two = make_asset("Zweiter Entwurf für den Sommer.", findings=warn())
    three = make_asset("Dritter Entwurf für den Sommer.", findings=warn())
    sign_in(page, live_server, "anna", users["anna"])
    expect(page.locator("#queue-table")).to_contain_text("Dritter Entwurf", timeout=15000)
    expect(page.get_by_text("Keyboard:").first).to_be_visible()  # the keys are documented on the page
    page.keyboard.press("?")
    expect(page.locator(".keys-help li").filter(has_text="request changes").first).to_be_visible()

    page.locator("body").press("o")  # open the first undecided item
    showing(page, one)
    page.keyboard.press("n")
    showing(page, two)
    page.keyboard.press("p")
    showing(page, one)

    page.keyboard.press("a")  # approve; the next undecided item opens
    expect(decision(page)).to_have_value(has(f"✓ approved #{one} · now showing #{two}"), timeout=15000)
    showing(page, two)

    page.keyboard.press("r")  # reject: the reason box takes the typing, keys do not fire in it
    box = page.locator("#decision-reason textarea")
    expect(box).to_be_focused()
    page.keyboard.type("zu lang, bitte kürzen")  # contains a, n, p, r, c: none of them may act
    expect(box).to_have_value("zu lang, bitte kürzen")
    showing(page, two)
    page.keyboard.press("Enter")
    expect(decision(page)).to_have_value(has(f"✓ rejected #{two} · now showing #{three}"), timeout=15000)
    showing(page, three)
    page.keyboard.press("c")  # keys act again after Enter sent the decision
    expect(box).to_be_focused()
    page.keyboard.press("Escape")  # leave the box: nothing sent, and the keys act again
    page.keyboard.press("n")  # the other two are decided: nothing else in review
    expect(page.locator("#asset-msg textarea")).to_have_value("No other item in this filter.", timeout=15000)
    showing(page, three)
    shot(page, "review-flow-keyboard")
    assert statuses(db_url, [one, two, three]) == ["approved", "rejected", "in_review"]  # c sent nothing


def test_next_item_after_a_click_decision_stays_in_the_filter(page, live_server, users, make_asset, db_url):
    first = make_asset("Achtung: Preis ohne Hinweis.", findings=block())
    clean = make_asset("Frisches Wasser für jeden Ausflug.")
    a = make_asset("Locker gesagt: trink mehr.", findings=warn())
    b = make_asset("Noch lockerer gesagt: trink mehr.", findings=warn())
    sign_in(page, live_server, "anna", users["anna"])
    page.get_by_label("Worst severity").click()
    page.get_by_role("option", name="warn", exact=True).click()
    expect(page.locator("#queue-table")).not_to_contain_text("Frisches Wasser", timeout=15000)
    page.get_by_role("button", name="Start reviewing (o)").click()
    showing(page, a)
    page.get_by_role("button", name="Approve").click()
    expect(decision(page)).to_have_value(has(f"✓ approved #{a} · now showing #{b}"), timeout=15000)
    showing(page, b)  # not the block item nor the clean one: they are outside the filter
    page.get_by_role("button", name="Approve").click()
    expect(decision(page)).to_have_value(has(f"✓ approved #{b} · nothing left to review in this filter"),
                                         timeout=15000)
    assert statuses(db_url, [first, clean, a, b]) == ["in_review", "in_review", "approved", "approved"]


def test_bulk_approve_takes_only_clean_items_and_audits_each(page, live_server, users, make_asset, db_url):
    from sqlmodel import select

    from studio.store.database import session_scope
    from studio.store.tables import AuditLog

    info = [Finding(rule="t.note", category="style", severity="info", start=0, end=4, message="fyi")]
    clean = [make_asset("Frisches Wasser für jeden Ausflug."), make_asset("Kalt bis zum Gipfel.", findings=info)]
    loud = [make_asset("Locker gesagt: trink mehr.", findings=warn()), make_asset("Preis: 9 €", findings=block())]
    sign_in(page, live_server, "paul", users["paul"])  # fr-FR: none of the de-DE items is his
    expect(page.get_by_role("button", name=re.compile("Approve 0 clean"))).to_be_disabled(timeout=15000)

    page.context.clear_cookies()  # signed out
    sign_in(page, live_server, "anna", users["anna"])
    bulk = page.get_by_role("button", name="Approve 2 clean item(s) (no warn/block)")
    expect(bulk).to_be_enabled(timeout=15000)
    bulk.click()
    expect(page.locator("#bulk-msg textarea")).to_have_value(
        has(f"✓ approved 2 clean item(s): #{clean[1]}, #{clean[0]}"), timeout=15000)  # queue order: info first
    expect(page.get_by_role("button", name=re.compile("Approve 0 clean"))).to_be_disabled(timeout=15000)
    page.keyboard.press("o")  # the keys still act after the clicked button turned disabled
    showing(page, loud[1])  # block first
    shot(page, "review-flow-bulk")
    assert statuses(db_url, clean + loud) == ["approved", "approved", "in_review", "in_review"]
    with session_scope(db_url) as s:
        audited = s.exec(select(AuditLog.entity_id).where(AuditLog.action == "approve", AuditLog.actor == "anna")).all()
    assert sorted(audited) == sorted(clean)


def test_search_and_filters_live_in_the_address(page, live_server, users, make_asset):
    make_asset("Eiskalt auf dem Gipfel.")
    make_asset("Warm im Tal.", status="approved")
    make_asset(kind="video_script", channel="tiktok", script={"title": "T", "scenes": [
        {"visual": "Berg", "on_screen_text": "", "voiceover": "Grüße vom Gipfelkreuz", "duration_s": 3}]})
    sign_in(page, live_server, "anna", users["anna"])
    table = page.locator("#queue-table")
    expect(table).to_contain_text("Eiskalt", timeout=15000)
    search = page.locator("#queue-search textarea, #queue-search input").first
    search.fill("grüße")
    search.press("Enter")
    expect(table).not_to_contain_text("Eiskalt", timeout=15000)
    expect(table).to_contain_text("Gipfelkreuz")
    expect(page).to_have_url(re.compile(r"\?q=gr%C3%BC%C3%9Fe$"), timeout=15000)

    page.goto(f"{live_server}/ui/?q=tal&status=any")  # a shared address opens the same filtered queue
    expect(table).to_contain_text("Warm im Tal", timeout=15000)
    expect(table).not_to_contain_text("Eiskalt")
    expect(search).to_have_value("tal")
    expect(page.get_by_role("combobox", name="Status")).to_have_value("any")
    shot(page, "review-flow-search")


def test_disabled_buttons_say_why(page, live_server, users, make_asset):
    first = make_asset("Preis: 5 €", findings=block())
    blocked = make_asset("Preis: 9 €", findings=block())
    sign_in(page, live_server, "lena", users["lena"])
    expect(page.locator("#bulk-approve")).to_have_attribute("title", has("no undecided item without warn or block"),
                                                           timeout=15000)
    page.keyboard.press("o")
    showing(page, first)
    page.keyboard.press("r")
    page.keyboard.type("falscher Preis")
    page.keyboard.press("Enter")  # rejected; the next one opens, its Approve off
    showing(page, blocked)
    approve = page.get_by_role("button", name="Approve")
    expect(approve).to_be_disabled()
    expect(approve).to_have_attribute("title", has("1 block finding(s) not fixed or waived (t.price)"))
    page.get_by_label("Waive rule (lead)").click()
    page.get_by_role("option", name="t.price").click()
    page.get_by_label("Waiver reason").fill("VAT note is on the landing page")
    page.get_by_role("button", name="Record waiver").click()
    expect(approve).to_be_enabled(timeout=15000)
    expect(approve).not_to_have_attribute("title", re.compile("."))


def set_generation(db_url, asset_id, meta):
    from studio.store.database import session_scope
    from studio.store.tables import Asset

    with session_scope(db_url) as s:
        asset = s.get(Asset, asset_id)
        asset.generation = meta
        s.add(asset)


def test_quality_badges_in_queue_and_on_the_asset(page, live_server, users, make_asset, db_url):
    full = "Die Fjell Flasche ist eine isolierte Edelstahlflasche, die Getränke 24 Stunden kalt hält."
    cut = make_asset("Die Fjell Flasche ist eine")
    set_generation(db_url, cut, {"model": "SmolLM2-135M", "profile": "tiny", "trimmed_from": full,
                                 "problems": ["JSON repaired: trailing comma"]})
    same = {"visual": "Berg", "on_screen_text": "Los", "voiceover": "Ab auf den Gipfel.", "duration_s": 3}
    video = make_asset(kind="video_script", channel="tiktok", script={"title": "T", "scenes": [
        same, dict(same), {"visual": "See", "on_screen_text": "", "voiceover": " ".join(["eiskalt"] * 30),
                           "duration_s": 1}]})
    sign_in(page, live_server, "anna", users["anna"])
    table = page.locator("#queue-table")
    expect(table.get_by_role("row", name=re.compile(rf"^{cut} .*SmolLM2-135M \(tiny\) · cut · 1 generation problem")))\
        .to_have_count(1, timeout=15000)
    expect(table.get_by_role("row", name=re.compile(rf"^{video} .*1 repeated scene\(s\) · speech too long in 1 scene")))\
        .to_have_count(1)

    page.keyboard.press("o")
    showing(page, cut)
    quality = page.locator("#asset-quality")
    expect(quality).to_contain_text("model SmolLM2-135M")
    expect(quality).to_contain_text(f"Cut from: {full}")
    expect(quality).to_contain_text("Generation problem: JSON repaired: trailing comma")
    page.keyboard.press("n")
    showing(page, video)
    expect(quality).to_contain_text("Scene 2 repeats scene 1")
    expect(quality).to_contain_text(re.compile(r"Scene 3: the voiceover needs [\d.]+ s of speech in 1 s"))
    shot(page, "review-flow-quality")


def test_inbox_shows_what_is_addressed_to_the_reviewer(page, live_server, users, make_asset, db_url):
    from studio.review import decisions as review
    from studio.store.database import session_scope

    anna, lena = review.Actor("anna", "reviewer", ("de-DE",)), review.Actor("lena", "lead", ("de-DE",))
    asked, edited = make_asset("Preis: 9 €"), make_asset("Kalt bis zum Gipfel.")
    with session_scope(db_url) as s:
        review.edit(s, edited, anna, expected_version=1, text="Kalt bis ganz oben.")
    with session_scope(db_url) as s:
        review.comment(s, asked, lena, "@anna bitte den Preis prüfen")
        review.decide(s, edited, "request_changes", lena, expected_version=2, reason="Bitte kürzer")
    sign_in(page, live_server, "anna", users["anna"])
    inbox = page.get_by_role("button", name="Inbox (2 new)")
    expect(inbox).to_be_visible(timeout=15000)
    inbox.click()
    listing = page.locator("#inbox-list")
    expect(listing).to_contain_text("lena mentioned you", timeout=15000)
    expect(listing).to_contain_text("@anna bitte den Preis prüfen")
    expect(listing).to_contain_text(f"lena requested changes on #{edited}")
    expect(listing).to_contain_text("Bitte kürzer")
    expect(page.get_by_role("button", name="Inbox", exact=True)).to_be_visible()  # read now
    shot(page, "review-flow-inbox")
    listing.get_by_role("link", name=f"#{edited}").click()  # each notice links to its asset
    showing(page, edited)
    expect(page.locator("#inbox-btn")).to_have_text("Inbox", timeout=15000)  # still read after the reload
