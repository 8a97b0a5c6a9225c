"""Generation learns from the market: an A/B winner is the first prompt example for later drafts of the
same brand, locale and channel, ahead of merely approved drafts."""

from sqlmodel import select

from studio.experiments.learning import preferred_examples, winning_examples
from studio.generate.drafting import DraftMaker
from studio.plan.brief import Brief, PlannedAsset
from studio.store.database import session_scope
from studio.store.tables import Asset, Campaign
from tests.experiments.helpers import report

WINNER = "Kalt wie ein Bergsee, den ganzen Tag."
LOSER = "Frisch unterwegs mit Fjell."
APPROVED = "Deine Flasche für jeden Ausflug."


def race(db_url, make_asset, locale="de-DE"):
    a = make_asset(LOSER, variant=1, locale=locale, status="approved")
    b = make_asset(WINNER, variant=2, locale=locale, status="approved")
    report(db_url, a, days=7, impressions=3000, clicks=60)
    [state] = report(db_url, b, days=7, impressions=3000, clicks=96)
    assert state.winner_asset_id == b
    return a, b


def test_the_winner_comes_before_newer_approved_drafts(db_url, make_asset):
    race(db_url, make_asset)
    make_asset(APPROVED, variant=3, status="approved")  # approved later than the winner
    with session_scope(db_url) as s:
        assert preferred_examples(s, "Fjell", "de-DE", "meta_feed", "copy", k=2)[0] == WINNER
        [win] = winning_examples(s, "Fjell", "de-DE", "meta_feed", "copy")
        assert (win.locale, win.channel, win.metric) == ("de-DE", "meta_feed", "ctr") and win.lift > 0.4
        # other locales, channels and brands learn nothing from it
        assert WINNER not in preferred_examples(s, "Fjell", "fr-FR", "meta_feed", "copy", k=3)
        assert WINNER not in preferred_examples(s, "Fjell", "de-DE", "instagram", "copy", k=3)
        assert preferred_examples(s, "Other", "de-DE", "meta_feed", "copy", k=3) == []


def test_the_prompt_of_a_new_draft_shows_the_winner_first(db_url, make_asset, campaign_id):
    race(db_url, make_asset)
    make_asset(APPROVED, variant=3, status="approved")
    with session_scope(db_url) as s:
        brief = Brief.model_validate(s.get(Campaign, campaign_id).brief)
    maker = DraftMaker(brief, "tiny", campaign_id, db_url)
    prompt = maker._prompt(PlannedAsset(locale="de-DE", kind="copy", channel="meta_feed", variant=9))
    assert WINNER in prompt.user
    assert prompt.user.index(WINNER) < prompt.user.index(APPROVED)


def test_a_winner_a_reviewer_later_rejected_is_no_example(db_url, make_asset):
    _, b = race(db_url, make_asset)
    with session_scope(db_url) as s:
        asset = s.exec(select(Asset).where(Asset.id == b)).one()
        asset.status = "rejected"
        s.add(asset)
    with session_scope(db_url) as s:
        assert WINNER not in preferred_examples(s, "Fjell", "de-DE", "meta_feed", "copy", k=3)
