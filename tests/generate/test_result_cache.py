"""The result cache: a campaign generated once is not generated again for the same model, prompt,
parameters and seed (studio.generate.cache), and anything that changes the request does generate."""

from sqlmodel import select

from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401

SAMPLE = "examples/campaign.yaml"


def texts(db_url):
    with session_scope(db_url) as s:
        return {a.job_key: (a.text, a.script) for a in s.exec(select(Asset)).all()}


def test_a_second_identical_run_makes_no_model_calls_and_gives_the_same_drafts(tmp_path, use_model):
    brief = load_brief(SAMPLE)
    first_db, second_db = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    model = use_model(QueuedTextModel(default_responder))
    run_brief(brief, db_url=first_db, locales=["en-US", "de-DE"], kinds=["copy", "video_script"])
    # batched per kind: copy first candidates, second candidates (the de-DE ones, in English), one copy repair
    # round, scripts, one script repair round (the default reply's scenes all say the same thing)
    assert len(model.calls) == 5

    again = use_model(QueuedTextModel(lambda p: "a reply the cache must never let through"))
    summary = run_brief(brief, db_url=second_db, locales=["en-US", "de-DE"], kinds=["copy", "video_script"])
    assert again.calls == []  # the same model, prompts, parameters and seeds: nothing generated twice
    assert sum(summary.counts.values()) == 8
    assert texts(second_db) == texts(first_db)


def test_a_changed_prompt_generates_again(tmp_path, use_model):
    brief = load_brief(SAMPLE)
    model = use_model(QueuedTextModel(default_responder))
    run_brief(brief, db_url=f"sqlite:///{tmp_path / 'a.db'}", locales=["en-US"], kinds=["copy"])
    changed = brief.model_copy(update={"key_messages": [*brief.key_messages, "Made in Norway"]})
    run_brief(changed, db_url=f"sqlite:///{tmp_path / 'b.db'}", locales=["en-US"], kinds=["copy"])
    # every prompt changed, all generated again: 3 first candidates, then the repair round of the 2 headlines
    # that are only too long (no second candidate for that: drafting.RESAMPLE_GATES)
    assert len(model.calls) == 4 and [len(call) for call in model.calls[2:4]] == [3, 2]


def test_the_cache_can_be_turned_off(tmp_path, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_RESULT_CACHE_DIR", "off")
    brief = load_brief(SAMPLE)
    model = use_model(QueuedTextModel(default_responder))
    for name in ("a.db", "b.db"):
        run_brief(brief, db_url=f"sqlite:///{tmp_path / name}", locales=["en-US"], kinds=["copy"])
    assert len(model.calls) == 4  # first candidates, repair round; twice
