"""The review queue service: filters, order, pagination, counts, locale scoping, dashboard, examples."""

import datetime as dt

from studio.checks.finding import Finding
from studio.review.decisions import Actor
from studio.review.queue import (
    QueueFilter,
    approved_examples,
    campaign_progress,
    findings_by_category,
    queue_page,
    variants_of,
)
from studio.store.database import session_scope
from studio.store.tables import Asset

DE = Actor("anna", "reviewer", ("de-DE",))
ADMIN = Actor("root", "admin", ())


def _f(severity, category="absolute_claim", rule="t.rule"):
    return Finding(rule=rule, category=category, severity=severity, start=0, end=3, message="m")


def _age(db_url, asset_id, minutes):
    with session_scope(db_url) as s:
        a = s.get(Asset, asset_id)
        a.created_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
        s.add(a)


def test_queue_sorts_by_severity_then_age_and_counts_statuses(db_url, make_asset):
    clean_old = make_asset("Alt und sauber")
    warn = make_asset("Warnung", findings=[_f("warn")])
    block_new = make_asset("Block neu", findings=[_f("block")])
    block_old = make_asset("Block alt", findings=[_f("block")])
    done = make_asset("Fertig", status="approved")
    for aid, minutes in ((clean_old, 0), (warn, 5), (block_new, 10), (block_old, 1), (done, 2)):
        _age(db_url, aid, minutes)
    with session_scope(db_url) as s:
        page = queue_page(s, QueueFilter(status="in_review"), DE)
    assert [r.id for r in page.rows] == [block_old, block_new, warn, clean_old]
    assert page.counts["in_review"] == 4 and page.counts["approved"] == 1 and page.total == 4
    assert page.rows[0].severity == "block" and page.rows[0].preview == "Block alt"


def test_filters_pagination_and_locale_scope(db_url, make_asset):
    for i in range(7):
        make_asset(f"Entwurf {i}", findings=[_f("warn")] if i % 2 else [])
    make_asset("Brouillon", locale="fr-FR")
    with session_scope(db_url) as s:
        first = queue_page(s, QueueFilter(), DE, page=1, page_size=3)
        last = queue_page(s, QueueFilter(), DE, page=3, page_size=3)
        warn_only = queue_page(s, QueueFilter(severity="warn"), DE)
        clean = queue_page(s, QueueFilter(severity="none", locale="de-DE"), DE)
        everyone = queue_page(s, QueueFilter(), ADMIN)
        fr_by_de = queue_page(s, QueueFilter(locale="fr-FR"), DE)
    assert (first.total, first.pages, len(first.rows), len(last.rows)) == (7, 3, 3, 1)
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in last.rows})
    assert len(warn_only.rows) == 3 and all(r.severity == "warn" for r in warn_only.rows)
    assert len(clean.rows) == 4
    assert everyone.total == 8
    assert fr_by_de.total == 0 and fr_by_de.rows == []  # a de-DE reviewer never sees fr-FR drafts


def test_dashboard_progress_and_findings_by_category(db_url, campaign_id, make_asset):
    make_asset("a", findings=[_f("block", "green_claim"), _f("warn", "absolute_claim")])
    make_asset("b", status="approved", findings=[_f("warn", "absolute_claim")])
    make_asset("c", locale="fr-FR", status="rejected")
    with session_scope(db_url) as s:
        progress = {r["locale"]: r for r in campaign_progress(s, campaign_id)}
        cats = findings_by_category(s, campaign_id)
    assert progress["de-DE"]["generated"] == 2 and progress["de-DE"]["approved"] == 1
    assert progress["de-DE"]["in_review"] == 1 and progress["fr-FR"]["rejected"] == 1
    assert cats[0] == {"category": "absolute_claim", "severity": "warn", "count": 2}
    assert {"category": "green_claim", "severity": "block", "count": 1} in cats


def test_variants_are_the_siblings(db_url, make_asset):
    one = make_asset("Variante eins", variant=1)
    two = make_asset("Variante zwei", variant=2)
    make_asset("Andere Sprache", locale="fr-FR", variant=3)
    with session_scope(db_url) as s:
        sibs = variants_of(s, s.get(Asset, one))
    assert [a.id for a in sibs] == [two]


def test_approved_examples_closest_first_and_recent_without_query(db_url, make_asset):
    texts = ["Kühle Getränke für heiße Sommertage am See.", "Die Flasche für deine Bergwanderung.",
             "Spülmaschinenfest und robust im Büroalltag."]
    ids = [make_asset(t, status="approved") for t in texts]
    make_asset("Nicht freigegeben: Sommer am See", status="in_review")
    make_asset("Sur la plage cet été", locale="fr-FR", status="approved")
    with session_scope(db_url) as s:
        for minutes, aid in enumerate(ids):
            a = s.get(Asset, aid)
            a.updated_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    with session_scope(db_url) as s:
        recent = approved_examples(s, "Fjell", "de-DE", "meta_feed", "copy", k=2)
        close = approved_examples(s, "Fjell", "de-DE", "meta_feed", "copy",
                                  query_text="Wandern in den Alpen mit einer Trinkflasche", k=1)
        other_brand = approved_examples(s, "Other", "de-DE", "meta_feed", "copy")
    assert recent == [texts[2], texts[1]]  # newest approval first, only approved de-DE copy
    assert close == [texts[1]]
    assert other_brand == []
