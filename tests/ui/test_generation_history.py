"""The asset page shows how the draft was made: generation problems, candidates and repairs."""

from studio.store.database import session_scope
from studio.store.tables import Asset
from studio.ui import asset_page
from studio.ui.asset_page import OUT

GENERATION = {
    "problems": ["no candidate or repair fits the google_ads_headline limit of 30 characters; kept in full"],
    "chosen": "repair 1",
    "candidates": [
        {"label": "candidate 1", "text": "Fjell hält <b>48 Stunden</b> kalt und passt in jeden Rucksack",
         "score": {"block": 1, "warn": 1, "gates": 2},
         "failed": {"length": "61 chars, over the limit of 30", "grounded": "numbers not in the brief: 48"},
         "findings": ["builtin.length", "global.grounding.numbers"]},
        {"label": "candidate 2", "text": "Fjell keeps it cold", "score": {"block": 0, "warn": 1, "gates": 1},
         "failed": {"language": "reads as en (0.91), expected de"}, "findings": ["builtin.language"]},
    ],
    "repairs": [{"round": 1, "of": "candidate 2", "label": "repair 1", "text": "Fjell: 24 Stunden kalt",
                 "problems": ["It is not written in German. Write it in German (de)."],
                 "score": {"block": 0, "warn": 0, "gates": 0}, "failed": {}, "findings": [], "kept": True}],
}


def _page_with(generation, text, db_url, as_user, make_asset) -> str:
    """The asset page's brief pane for a new asset whose generation meta is ``generation``."""
    asset_id = make_asset(text)
    with session_scope(db_url) as s:
        asset = s.get(Asset, asset_id)
        asset.generation = generation
        s.add(asset)
    return dict(zip(OUT, asset_page.open_asset(db_url, asset_id, as_user("anna"))))["brief"]


def test_the_reviewer_sees_candidates_and_repairs_with_the_kept_one_marked(db_url, users, as_user, make_asset):
    page = _page_with(GENERATION, "Fjell: 24 Stunden kalt", db_url, as_user, make_asset)
    assert "2 candidate(s), 1 repair(s), kept repair 1, 1 problem(s)" in page
    assert "repair 1 <b>(kept)</b> — 0 block, 0 warn, 0 gate(s) failed" in page
    assert "candidate 1 — 1 block, 1 warn, 2 gate(s) failed" in page
    assert "grounded: numbers not in the brief: 48" in page and "findings: builtin.length" in page
    assert "asked to fix: It is not written in German" in page
    assert "&lt;b&gt;48 Stunden&lt;/b&gt;" in page  # model text is escaped
    assert "kept in full" in page


def test_an_asset_without_generation_meta_shows_no_history(db_url, users, as_user, make_asset):
    asset_id = make_asset("Fjell: 24 Stunden kalt")
    page = dict(zip(OUT, asset_page.open_asset(db_url, asset_id, as_user("anna"))))["brief"]
    assert "asset-generation" not in page


JUDGED = {
    "judge": [
        {"rule": "concept.religion.sacred_on_goods", "category": "religion", "start": 0, "end": 30,
         "text": "Lotus-Muster auf der <Fjell>", "margin": 0.031, "verdict": "dismissed",
         "why": "A lotus pattern is decoration, not a deity."},
        {"rule": "concept.health_claim.cure", "category": "health_claim", "start": 31, "end": 60,
         "text": "heilt Kopfschmerzen", "margin": 0.05, "verdict": "confirmed",
         "why": "Claims to cure a named condition."},
    ],
}


def test_the_reviewer_sees_what_the_judge_dropped_and_why(db_url, users, as_user, make_asset):
    page = _page_with(JUDGED, "Lotus-Muster auf der Fjell, heilt Kopfschmerzen", db_url, as_user, make_asset)
    assert "judge dismissed 1 of 2 borderline finding(s)" in page
    dropped = page.index("dropped (judged clean)")
    kept = page.index("kept (confirmed)")
    assert dropped < kept  # the dismissals, which hide a finding, come first
    assert "concept.religion.sacred_on_goods (religion, margin 0.031)" in page
    assert "A lotus pattern is decoration, not a deity." in page
    assert "&lt;Fjell&gt;" in page  # the judged sentence is escaped


def test_the_reviewer_sees_which_brief_statements_went_to_the_model_in_english(db_url, users, as_user, make_asset):
    """drafts-facts28: a ja-JP draft with 'Dishwasher' in it; the page says the brief's fact went to the model in
    English and that the brief's glossary for the locale is the fix."""
    english = ["Dishwasher-safe lid, lifetime warranty on the steel body", "Price <29.99> USD"]
    page = _page_with({"given_in_english": english}, "Fjell: Dishwasher対応のふた", db_url, as_user, make_asset)
    assert "2 brief statement(s) given in English" in page
    assert "<li lang='en'>Dishwasher-safe lid, lifetime warranty on the steel body</li>" in page
    assert "&lt;29.99&gt;" in page  # escaped
    assert "glossary.terms." in page and "prompts/examples/" in page
