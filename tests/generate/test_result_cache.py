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


def test_a_loop_penalty_is_part_of_the_key_and_a_profile_without_one_keeps_its_keys():
    import hashlib
    import json
    from dataclasses import dataclass

    from studio.generate.backends import parse_spec
    from studio.generate.cache import result_key

    @dataclass(frozen=True)
    class Prompt:
        system: str
        user: str

    def spec(**generation):
        return parse_spec({"role": "text", "backend": "llamacpp", "id": "t/x", "path": "/x.gguf", "generation": generation})

    prompt, params = Prompt("s", "Write a post."), {"seed": 0}
    plain = result_key(spec(), prompt, params)
    # the key as it was before the DRY and presence/frequency knobs existed: caches written then still answer
    before = spec().model_dump(mode="json", exclude={"description", "tier"})
    for knob in ("dry_multiplier", "dry_base", "dry_allowed_length", "dry_penalty_last_n", "presence_penalty",
                 "frequency_penalty"):
        del before["generation"][knob]
    doc = {"model": before, "prompt": {"system": "s", "user": "Write a post.", "prefill": None}, "params": params}
    assert plain == hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    keys = {plain, result_key(spec(dry_multiplier=0.8), prompt, params),
            result_key(spec(dry_multiplier=0.8, dry_allowed_length=3), prompt, params),
            result_key(spec(presence_penalty=0.3), prompt, params)}
    assert len(keys) == 4  # each setting is another text: never answered from another's cache
