"""Next item and bulk approve below the UI: queue order, wrap-around, all-or-nothing, locale rights."""

import pytest
from sqlmodel import select

from studio.checks.finding import Finding
from studio.core.errors import PermissionDenied, ReviewError
from studio.review.decisions import Actor, approve_clean
from studio.review.queue import QueueFilter, clean_undecided, neighbour
from studio.store.database import session_scope
from studio.store.tables import Asset, AuditLog

ANNA = Actor("anna", "reviewer", ("de-DE",))
PAUL = Actor("paul", "reviewer", ("fr-FR",))
WARN = [Finding(rule="t.tone", category="tone", severity="warn", start=0, end=4, message="too casual")]


def status(db_url, ids):
    with session_scope(db_url) as s:
        return [str(s.get(Asset, i).status) for i in ids]


def test_next_undecided_follows_queue_order_and_wraps(db_url, make_asset):
    loud, clean1, clean2 = make_asset("Laut", findings=WARN), make_asset("Leise eins"), make_asset("Leise zwei")
    with session_scope(db_url) as s:
        assert neighbour(s, QueueFilter(), ANNA, None, 1, undecided=True) == loud  # warn sorts first
        assert neighbour(s, QueueFilter(), ANNA, loud, 1, undecided=True) == clean1
        assert neighbour(s, QueueFilter(), ANNA, clean2, 1, undecided=True) == loud  # wraps around
        assert neighbour(s, QueueFilter(), ANNA, loud, -1) == clean2
        assert neighbour(s, QueueFilter(severity="warn"), ANNA, loud, 1) is None  # nothing else in the filter
        assert neighbour(s, QueueFilter(), PAUL, None, 1, undecided=True) is None  # not his locale


def test_bulk_approve_is_all_or_nothing_and_per_asset(db_url, make_asset):
    loud, clean = make_asset("Laut", findings=WARN), make_asset("Leise")
    with session_scope(db_url) as s:
        assert clean_undecided(s, QueueFilter(), ANNA) == [clean]
    with pytest.raises(ReviewError, match="warn/block findings"), session_scope(db_url) as s:
        approve_clean(s, [clean, loud], ANNA)
    assert status(db_url, [loud, clean]) == ["in_review", "in_review"]  # nothing changed
    with session_scope(db_url) as s:
        approve_clean(s, [clean], ANNA)
        assert s.exec(select(AuditLog.entity_id).where(AuditLog.action == "approve")).all() == [clean]
    assert status(db_url, [loud, clean]) == ["in_review", "approved"]


def test_bulk_approve_refuses_a_locale_the_user_does_not_hold(db_url, make_asset, users, as_user):
    from studio.ui.review_flow import bulk_approve

    clean = make_asset("Leise")
    with pytest.raises(PermissionDenied, match="not assigned to de-DE"), session_scope(db_url) as s:
        approve_clean(s, [clean], PAUL)
    said = bulk_approve(db_url, "any", "de-DE", "any", "any", "in_review", "any", "", as_user("paul"))
    assert said.startswith("⚠ paul is not assigned to de-DE")
    assert status(db_url, [clean]) == ["in_review"]


def test_text_search_covers_draft_script_campaign_and_locale(db_url, make_asset):
    from studio.review.queue import queue_page

    peak = make_asset("Eiskalt auf dem Gipfel.")
    valley = make_asset("Warm im Tal, 100% dicht.")
    script = make_asset(kind="video_script", channel="tiktok", script={"title": "T", "scenes": [
        {"visual": "Berg", "on_screen_text": "", "voiceover": "Grüße vom Gipfelkreuz", "duration_s": 3}]})
    french = make_asset("Froid au sommet.", locale="fr-FR")

    def found(text):
        with session_scope(db_url) as s:
            return sorted(r.id for r in queue_page(s, QueueFilter(text=text), None).rows)

    assert found("gipfel") == sorted([peak, script])  # case-insensitive, text and script
    assert found("grüße") == [script]  # non-ASCII inside the stored script
    assert found("100%") == [valley] and found("1_0") == []  # % and _ are plain characters
    assert found("fr-FR") == [french] and found("sommer 2026 tal") == [valley]  # locale; campaign name + word
