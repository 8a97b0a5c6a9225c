"""Review records as a team meets them: waivers bound to the text they waived, machine output that
edits never overwrite, versions of every kind, and decisions that cannot overwrite each other."""

import threading

import pytest
from sqlmodel import select

from studio.core.errors import Conflict, ReviewError
from studio.review import decisions as review
from studio.review import records as svc
from studio.review.decisions import Actor
from studio.store.database import session_scope
from studio.store.tables import Asset, AssetStatus, AssetVersion, FindingRow, ReviewDecision, Waiver
from tests.helpers.api import BACKENDS, make_db, seed_asset, seed_campaign

DE = Actor("anna", "reviewer", ("de-DE",))
LEAD = Actor("lena", "lead", ("de-DE",))
GREEN = "eu.green.offset_neutral"  # a real EU block rule: climate-neutral claims based on offsetting


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    url, drop = make_db(request.param, tmp_path)
    yield url
    drop()


def _checked_asset(db_url: str, text: str) -> int:
    """A de-DE copy asset checked by the real engine, as the pipeline stores it."""
    asset_id = seed_asset(db_url, seed_campaign(db_url), text=text)
    with session_scope(db_url) as s:
        asset = s.get(Asset, asset_id)
        svc.store_findings(s, asset, svc.run_checks(asset, svc.brief_of(s, asset)))
    return asset_id


def _blocks(db_url: str, asset_id: int) -> list[svc.FindingView]:
    with session_scope(db_url) as s:
        return review.active_blocks(s, s.get(Asset, asset_id))


def test_a_waiver_does_not_cover_a_new_claim_written_over_the_waived_one(db_url):
    asset_id = _checked_asset(db_url, "Unser Versand ist klimaneutral.")
    assert [(f.rule, f.matched) for f in _blocks(db_url, asset_id)] == [(GREEN, "klimaneutral")]
    with session_scope(db_url) as s:
        review.waive(s, asset_id, GREEN, LEAD, reason="Gold Standard certificate on file", expected_version=1)
    assert _blocks(db_url, asset_id) == []  # the lead's waiver covers the wording it was given for
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=2, text="Unser Versand ist CO2-neutral.")
    blocks = _blocks(db_url, asset_id)
    assert [(f.rule, f.matched) for f in blocks] == [(GREEN, "CO2-neutral")]  # the finding is open again
    with session_scope(db_url) as s, pytest.raises(ReviewError, match=GREEN):
        review.decide(s, asset_id, "approve", DE, expected_version=3)
    with session_scope(db_url) as s:
        asset = s.get(Asset, asset_id)
        assert asset.status == AssetStatus.IN_REVIEW and asset.worst_severity == "block"


def test_a_waiver_holds_through_an_edit_that_keeps_the_waived_text(db_url):
    asset_id = _checked_asset(db_url, "Unser Versand ist klimaneutral.")
    with session_scope(db_url) as s:
        review.waive(s, asset_id, GREEN, LEAD, reason="Gold Standard certificate on file", expected_version=1)
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=2, text="Ab heute: unser Versand ist klimaneutral.")
    with session_scope(db_url) as s:
        current = [f for f in svc.findings_of(s, asset_id) if f.rule == GREEN]
        assert current and all(f.waived and f.waived_by == "lena" for f in current)
        assert review.decide(s, asset_id, "approve", DE, expected_version=3).status == AssetStatus.APPROVED
        [waiver] = s.exec(select(Waiver).where(Waiver.asset_id == asset_id)).all()
        assert (waiver.rule, waiver.matched, waiver.version, waiver.actor) == (GREEN, "klimaneutral", 1, "lena")


def test_the_generated_draft_and_its_findings_stay_as_the_model_wrote_them(db_url):
    asset_id = _checked_asset(db_url, "Unser Versand ist klimaneutral.")
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=1, text="Unser Versand spart 30 % CO2 (TÜV-geprüft).")
    with session_scope(db_url) as s:
        draft = s.exec(select(AssetVersion).where(AssetVersion.asset_id == asset_id, AssetVersion.version == 1)).one()
        assert (draft.text, draft.author, draft.reason) == ("Unser Versand ist klimaneutral.", "model:tiny", "generated")
        first = s.exec(select(FindingRow).where(FindingRow.asset_id == asset_id, FindingRow.version == 1)).all()
        assert GREEN in {f.rule for f in first}  # the model's findings are kept beside the edit
        assert GREEN not in {f.rule for f in svc.findings_of(s, asset_id)}  # the current ones are the edit's
    with pytest.raises(PermissionError, match="written once"), session_scope(db_url) as s:
        draft = s.exec(select(AssetVersion).where(AssetVersion.asset_id == asset_id)).first()
        draft.text = "rewritten history"
        s.add(draft)
        s.flush()


def test_restoring_an_image_prompt_version(db_url):
    asset_id = seed_asset(db_url, seed_campaign(db_url), kind="image", channel="instagram",
                          text="a steel bottle on a mountain lake at dawn")
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=1, image_prompt="a steel bottle on a desk")
    with session_scope(db_url) as s:
        assert "+a steel bottle on a desk" in review.diff(s, asset_id, 1, 2)
        asset = review.restore(s, asset_id, 1, DE, expected_version=2)
        assert (asset.version, asset.image_prompt) == (3, "a steel bottle on a mountain lake at dawn")
        assert [v.image_prompt for v in review.versions(s, asset_id)][-1] == asset.image_prompt


def test_fifty_concurrent_decisions_on_one_version_exactly_one_wins(db_url):
    asset_id = seed_asset(db_url, seed_campaign(db_url), text="Die gute Trinkflasche von Fjell.")
    reviewers = [Actor(f"r{i}", "reviewer", ("de-DE",)) for i in range(50)]
    start, results, lock = threading.Barrier(50), [], threading.Lock()

    def decide(actor: Actor, n: int) -> None:
        action, reason = ("approve", None) if n % 2 else ("reject", f"no, says {actor.name}")
        start.wait()
        try:
            with session_scope(db_url) as s:
                review.decide(s, asset_id, action, actor, expected_version=1, reason=reason)
            outcome = "ok"
        except Conflict:
            outcome = "conflict"
        with lock:
            results.append((actor.name, action, outcome))

    threads = [threading.Thread(target=decide, args=(a, i)) for i, a in enumerate(reviewers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r[2] == "ok"]
    assert len(results) == 50 and len(winners) == 1, sorted(results)
    [(name, action, _)] = winners
    with session_scope(db_url) as s:
        asset = s.get(Asset, asset_id)
        decisions = s.exec(select(ReviewDecision).where(ReviewDecision.asset_id == asset_id)).all()
        assert asset.version == 2
        assert asset.status == (AssetStatus.APPROVED if action == "approve" else AssetStatus.REJECTED)
        assert [(d.actor, d.action) for d in decisions] == [(name, action)]  # no acknowledged decision lost
