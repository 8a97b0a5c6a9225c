"""The pipeline end to end with a queued test model: what a campaign manager sees after a run."""

from collections import Counter

import pytest
from sqlmodel import func, select

from studio.plan.brief import load_brief
from studio.runs.pipeline import execute, run_brief, submit
from studio.store.database import session_scope
from studio.store.tables import Asset, AssetVersion, AuditLog, FindingRow, Run
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401

SAMPLE = "examples/campaign.yaml"


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


@pytest.fixture
def model(use_model):
    return use_model(QueuedTextModel(default_responder))


def count(db_url, table, *where):
    with session_scope(db_url) as s:
        return s.exec(select(func.count()).select_from(table).where(*where)).one()


def test_run_puts_every_job_in_review_with_versions_findings_and_audit(db_url, model):
    brief = load_brief(SAMPLE)
    summary = run_brief(brief, db_url=db_url, locales=["en-US", "de-DE"], kinds=["copy", "video_script"])
    assert summary.state == "completed"
    assert summary.counts == Counter({("en-US", "copy"): 3, ("de-DE", "copy"): 3,
                                      ("en-US", "video_script"): 1, ("de-DE", "video_script"): 1})
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset)).all()
        assert {a.status for a in assets} == {"in_review"}
        script = next(a for a in assets if a.kind == "video_script")
        assert len(script.script["scenes"]) == 3
        assert sum(sc["duration_s"] for sc in script.script["scenes"]) == pytest.approx(15)
        headline = next(a for a in assets if a.channel == "google_ads_headline")
        # Too long for the 30-character headline in every candidate and repair: never cut silently; said in the
        # locale's own words instead (headlines.assemble_headline), the model's line kept whole under its candidates,
        # and the asset page says so (tests/generate/test_headline_said.py; where the words say nothing, the line is
        # kept in full with its length finding: tests/generate/test_repair.py)
        said = headline.generation["assembled"]
        assert said["from"] == "Fjell Bottle keeps drinks cold for 24 hours" and "length" in said["why"]
        assert headline.text in ("Fjell: Cold water all day", "Fjell: One bottle", "Fjell: Kaltes Wasser", "Fjell: Eine Flasche")
        assert any("said in the locale's words" in p for p in headline.generation["problems"])
        rules = s.exec(select(FindingRow.rule).where(FindingRow.asset_id == headline.id)).all()
        assert "builtin.length" not in rules
        assert s.exec(select(func.count()).select_from(AssetVersion)).one() == len(assets)
        assert s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == "generate")).one() == len(assets)
    # Batched per kind, not called per job: one call for every copy job's first candidate, one for the second
    # candidates of the jobs still failing (the too-long headlines), one for the copy repair round, one for the
    # scripts, one for the script repair round (the default reply's scenes all say the same thing).
    assert len(model.calls) == 5
    assert len(model.calls[0]) == 6  # 6 copy jobs
    assert 0 < len(model.calls[1]) < 6  # the clean drafts are not drafted twice


def test_rerunning_the_same_brief_does_not_duplicate_assets(db_url, model):
    brief = load_brief(SAMPLE)
    run_brief(brief, db_url=db_url, locales=["en-US"], kinds=["copy"])
    again = run_brief(brief, db_url=db_url, locales=["en-US"], kinds=["copy"])
    assert again.skipped == 3 and sum(again.counts.values()) == 0
    assert count(db_url, Asset) == 3


def test_a_run_killed_halfway_resumes_with_nothing_lost_or_duplicated(db_url, monkeypatch, use_model):
    import studio.runs.pipeline as pipeline

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")  # one model call per batch, so the kill lands between batches
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    brief = load_brief(SAMPLE)
    use_model(QueuedTextModel(default_responder, fail_after_calls=2))
    campaign_id, run_id = submit(brief, db_url=db_url, locales=["en-US", "de-DE", "fr-FR"], kinds=["copy"])
    with pytest.raises(KeyboardInterrupt):
        execute(run_id, db_url=db_url)
    assert count(db_url, Asset) == 4  # two whole batches committed, nothing half-written
    assert count(db_url, FindingRow, FindingRow.version != 1) == 0

    use_model(QueuedTextModel(default_responder))
    summary = run_brief(brief, db_url=db_url, locales=["en-US", "de-DE", "fr-FR"], kinds=["copy"])
    assert summary.skipped == 4 and sum(summary.counts.values()) == 5
    with session_scope(db_url) as s:
        keys = s.exec(select(Asset.job_key)).all()
        assert len(keys) == len(set(keys)) == 9
        assert s.exec(select(Run).where(Run.id == summary.run_id)).one().state == "completed"


def test_profile_without_image_model_says_so_and_keeps_the_localised_prompt(db_url, model):
    summary = run_brief(load_brief(SAMPLE), db_url=db_url, locales=["ja-JP"], kinds=["image"])
    assert summary.counts[("ja-JP", "image")] == 1
    with session_scope(db_url) as s:
        image = s.exec(select(Asset).where(Asset.kind == "image")).one()
    assert image.image_path is None
    assert "No image model is configured in profile queued" in image.note
    assert "mountain lake" in image.image_prompt


def test_unparseable_video_script_is_retried_and_recorded_not_crashed(db_url, use_model):
    replies = iter(["Sorry, I cannot help.", "```json\n{\"scenes\": [{\"visual\": \"x\""])
    use_model(QueuedTextModel(lambda p: next(replies, "no")))
    summary = run_brief(load_brief(SAMPLE), db_url=db_url, locales=["en-US"], kinds=["video_script"])
    assert summary.state == "completed"
    with session_scope(db_url) as s:
        asset = s.exec(select(Asset)).one()
    assert asset.generation["problems"], "what failed is recorded on the asset"
    assert asset.script is not None or asset.note


def test_findings_reach_the_store_with_severity(db_url, use_model):
    use_model(QueuedTextModel(lambda p: "Der beste Kühlschrank der Welt! Hol dir jetzt deine Flasche!"))
    run_brief(load_brief(SAMPLE), db_url=db_url, locales=["de-DE"], kinds=["copy"])
    with session_scope(db_url) as s:
        rows = s.exec(select(FindingRow)).all()
        assert rows, "German copy with absolute claims gets findings"
        assert all(r.start is None or r.end > r.start for r in rows)
        assert {a.worst_severity for a in s.exec(select(Asset)).all()} - {None}
