"""The optional judge of borderline semantic findings: what it sends to the model, what a reviewer sees
after each kind of answer, and where it is switched on (GPU profiles) and off (the CPU profiles)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine
from studio.checks.finding import Finding
from studio.checks.judge import Judge, JudgeSettings, judge_prompts, load_judge_prompts, read_reply
from studio.core.config import get_settings
from studio.core.errors import ModelError, RuleError
from studio.generate.profiles import load_profile
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401
from tests.helpers.said_headlines import without_said_headlines

CASINO = "Grab 50 free spins tonight, no wagering, play now"
# A casino line only the concept layer reads (free spins are a word rule's, global.gambling.casino_bonus).
SLOTS = "Try your luck on the slots tonight, jackpots waiting, play now. 21+"
SUNNY = "Fjell Bottle keeps drinks cold for 24 hours."


def item(text: str, locale: str = "en-US") -> CheckInput:
    return CheckInput(id="t", locale=locale, kind="copy", text=text)


def semantic(text: str, margin: float, category: str = "gambling") -> Finding:
    """A concept finding as the concept layer makes it, over the whole text, ``margin`` above its cut-off."""
    return Finding(rule=f"concept.{category}.casino_slots", category=category, severity="warn", start=0,
                   end=len(text), margin=margin,
                   message="Promotes casino gambling (semantic match, concept gambling.casino_slots, similarity 0.61; "
                           "closest examples: “Spin the reels”)")


def lexical(text: str) -> Finding:
    return Finding(rule="us.gambling.terms", category="gambling", severity="warn", start=0, end=len(text),
                   message="Names a gambling product")


def judge(model: QueuedTextModel, band: float = 0.08) -> Judge:
    return Judge(judge_prompts(get_settings().prompts_dir), JudgeSettings(band=band), model.generate)


def reviewer(reply: str) -> QueuedTextModel:
    return QueuedTextModel(lambda prompt: reply)


# ------------------------------------------------------------------------------- the layers' margins

def test_semantic_findings_carry_their_margin_and_lexical_ones_none_and_neither_is_stored():
    engine = get_check_engine()
    [concept] = [f for f in engine.check(item(SLOTS))
                 if f.rule.startswith("concept.")]
    assert concept.margin is not None and 0.0 <= concept.margin <= 0.5
    weight = engine.check(item("Drop 5 kilos in just 10 days, no gym needed!"))
    [theme] = [f for f in weight if f.rule == "global.theme.rapid_weight_loss"]
    assert theme.margin is not None and theme.margin >= 0
    # the same line's rate read by a rule (an amount and a span of time): a word list decided it, no margin
    assert [f.margin for f in weight if f.rule != theme.rule] == [None]
    claims = engine.check(item("Fjell Bottle: the best bottle in the world, guaranteed"))
    assert claims and all(f.margin is None for f in claims)  # word lists decided them: never judged
    assert "margin" not in concept.model_dump() and "margin" not in concept.model_dump_json()


# ------------------------------------------------------------------------------- verdicts

def test_a_confirmed_borderline_hit_keeps_its_finding_with_the_reason():
    model = reviewer("VIOLATION: it offers free casino spins to new players. Extra chatter.")
    [judged] = judge(model).review([item(CASINO)], [[semantic(CASINO, 0.03)]])
    [finding] = judged.findings
    assert finding.message.endswith("; confirmed by the judge: it offers free casino spins to new players.")
    assert [(v.verdict, v.why) for v in judged.verdicts] == [("confirmed", "it offers free casino spins to new players.")]
    # The model saw the category's instruction, the concept and the sentence as written.
    [[prompt]] = model.calls
    assert "Category: gambling." in prompt.system and "slots" in prompt.system
    assert f"---\n{CASINO}\n---" in prompt.user and "concept.gambling.casino_slots" in prompt.user
    assert "similarity 0.61" not in prompt.user  # the layer's numbers are not the judge's business
    assert "VIOLATION or CLEAN" in prompt.user


def test_a_dismissed_borderline_hit_disappears_and_is_recorded_with_why():
    model = reviewer("**CLEAN** - free spins here are a washing machine's spin cycle.")
    kept = lexical(CASINO)
    [judged] = judge(model).review([item(CASINO)], [[semantic(CASINO, 0.05), kept]])
    assert judged.findings == [kept]
    [record] = judged.records()
    assert record["verdict"] == "dismissed" and record["rule"] == "concept.gambling.casino_slots"
    assert record["why"] == "free spins here are a washing machine's spin cycle."
    assert record["text"] == CASINO and record["margin"] == 0.05


def test_confident_and_lexical_findings_are_not_sent_to_the_judge():
    model = reviewer("CLEAN: should not be asked.")
    findings = [semantic(CASINO, 0.2), lexical(CASINO)]
    [judged] = judge(model).review([item(CASINO)], [findings])
    assert model.calls == [] and judged.findings == findings and judged.verdicts == []


def test_a_category_the_profile_does_not_judge_is_left_alone():
    model = reviewer("CLEAN: no.")
    settings = JudgeSettings(band=0.08, categories=["health_claim"])
    j = Judge(judge_prompts(get_settings().prompts_dir), settings, model.generate)
    [judged] = j.review([item(CASINO)], [[semantic(CASINO, 0.01)]])
    assert model.calls == [] and len(judged.findings) == 1


@pytest.mark.parametrize("reply", ["I think this could be a problem.", "", "Violations everywhere", "Yes."])
def test_an_unreadable_reply_keeps_the_finding_unchanged_and_says_so(reply):
    finding = semantic(CASINO, 0.01)
    [judged] = judge(reviewer(reply)).review([item(CASINO)], [[finding]])
    assert judged.findings == [finding]
    [record] = judged.verdicts
    assert record.verdict == "unreadable" and "kept unjudged" in record.why


def test_a_model_that_fails_keeps_every_finding():
    def broken(prompt):
        raise RuntimeError("CUDA out of memory")

    finding = semantic(CASINO, 0.01)
    [judged] = judge(QueuedTextModel(broken)).review([item(CASINO)], [[finding]])
    assert judged.findings == [finding] and "CUDA out of memory" in judged.verdicts[0].why


def test_a_batch_of_drafts_costs_one_model_call():
    texts = [CASINO, "Spin to win: casino bonus for new players", SUNNY, CASINO]
    model = QueuedTextModel(lambda p: "CLEAN: a spin cycle." if "Spin to win" in p.user else "VIOLATION: casino offer.")
    found = [[semantic(t, 0.02)] if t != SUNNY else [] for t in texts]
    judged = judge(model).review([item(t) for t in texts], found)
    assert len(model.calls) == 1
    assert len(model.calls[0]) == 2  # the same sentence in two drafts is asked once
    assert [len(j.findings) for j in judged] == [1, 0, 0, 1]
    assert [v.verdict for j in judged for v in j.verdicts] == ["confirmed", "dismissed", "confirmed"]


def test_reply_reading():
    assert read_reply("VIOLATION. It promises a cure. More.") == ("VIOLATION", "It promises a cure.")
    assert read_reply("clean") == ("CLEAN", "no reason given")
    assert read_reply("> **Clean**: a spin class.")[0] == "CLEAN"
    assert read_reply("CLEANLY written")[0] is None


# ------------------------------------------------------------------------------- the prompts file

def test_the_shipped_judge_prompts_cover_every_concept_category():
    engine = get_check_engine()
    prompts = load_judge_prompts(get_settings().prompts_dir / "judge.yaml", engine.ruleset.categories)
    assert engine.concepts is not None
    assert {lc.category for lc in engine.concepts.concepts} <= set(prompts.categories)


@pytest.mark.parametrize(("body", "line", "words"), [
    ("""\
     system: You review advertising copy for one market, carefully.
     answer: Start with one word, YES or NO, then one sentence.
     categories:
       gambling: {violation: promotes betting or casinos in any words, clean: spin classes and delivery slots}
     """, 2, "VIOLATION and CLEAN"),
    ("""\
     system: You review advertising copy for one market, carefully.
     answer: Start with exactly one word, VIOLATION or CLEAN, then one sentence.
     categories:
       gambling:
         violation: promotes betting or casinos in any words
         clena: spin classes and delivery slots
     """, 6, "clena"),
    ("""\
     system: You review advertising copy for one market, carefully.
     answer: Start with exactly one word, VIOLATION or CLEAN, then one sentence.
     categories:
       gambling: {violation: promotes betting or casinos in any words, clean: spin classes and delivery slots}
       gamblin: {violation: promotes betting or casinos in any words, clean: spin classes and delivery slots}
     """, 5, "unknown category 'gamblin'"),
])
def test_bad_judge_prompts_name_file_and_line(tmp_path, body, line, words):
    path = tmp_path / "judge.yaml"
    path.write_text(textwrap.dedent(body))
    with pytest.raises(RuleError) as err:
        load_judge_prompts(path, get_check_engine().ruleset.categories)
    assert f"judge.yaml:{line}" in str(err.value) and words in str(err.value) and "fix:" in str(err.value)


# ------------------------------------------------------------------------------- profiles



PROFILE = """\
name: judged
checks:
  judge: {judge}
models:
  - role: text
    backend: queued
    id: tests/queued-text-model
    tier: test
"""


@pytest.mark.parametrize(("judge_yaml", "words"), [
    ("{band: 0.9}", "band"),
    ("{bnad: 0.05}", "bnad"),
    ("{categories: [gambling, weather]}", "no judge instruction for weather"),
    ("{categories: [gambling, gambling]}", "listed twice"),
])
def test_bad_judge_settings_in_a_profile_name_file_and_line(models_dir, judge_yaml, words):
    (models_dir / "judged.yaml").write_text(PROFILE.format(judge=judge_yaml))
    with pytest.raises(ModelError) as err:
        load_profile("judged")
    assert "judged.yaml:3" in str(err.value) and words in str(err.value)


def test_gpu_profiles_judge_and_cpu_profiles_do_not():
    for name in ("standard", "large", "large-vllm"):
        assert load_profile(name).checks.judge is not None, name
    for name in ("cpu", "cpu-small", "tiny"):
        assert load_profile(name).checks.judge is None, name


def test_a_cpu_profile_draft_maker_loads_no_model_for_judging():
    from studio.generate.drafting import DraftMaker
    from studio.plan.brief import load_brief

    maker = DraftMaker(load_brief("examples/campaign.yaml"), "cpu", campaign_id=1)
    assert maker.judge is None
    assert maker._judged([item(CASINO)], [[semantic(CASINO, 0.01)]])[0][1] == []
    assert "text_model" not in vars(maker)  # nothing loaded the CPU model


# ------------------------------------------------------------------------------- through a run

def run_on_judging_profile(tmp_path, monkeypatch, kind: str) -> str:
    """Run the sample brief's en-US ``kind`` jobs on a profile whose judge sees every semantic hit; the
    database URL. Band 0.5 is the widest allowed: every semantic hit is borderline (a vote share passes at
    most 0.5 over its cut-off)."""
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import run_brief

    models = tmp_path / "models"
    models.mkdir()
    (models / "judged.yaml").write_text(PROFILE.format(judge="{band: 0.5}"))
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(models))
    monkeypatch.setenv("STUDIO_PROFILE", "judged")
    get_settings.cache_clear()
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["en-US"], kinds=[kind])
    return db_url


def test_a_run_on_a_judging_profile_drops_dismissed_hits_and_keeps_why(tmp_path, use_model, monkeypatch):
    from studio.store.database import session_scope
    from studio.store.tables import Asset, FindingRow

    draft = SLOTS

    def respond(prompt):
        if "compliance reviewer" in prompt.system:
            return "CLEAN: the brief sells a bottle, not slots."
        return draft

    model = use_model(QueuedTextModel(respond))
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    without_said_headlines(monkeypatch)  # the model's headlines are the drafts judged, none said in the locale's words
    db_url = run_on_judging_profile(tmp_path, monkeypatch, "copy")
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset).where(Asset.text == draft)).all()
        assert assets
        for asset in assets:
            rules = {f.rule for f in s.exec(select(FindingRow).where(FindingRow.asset_id == asset.id)).all()}
            assert not any(r.startswith("concept.gambling") for r in rules)
            [record] = [r for r in asset.generation["judge"] if r["rule"].startswith("concept.gambling")]
            assert record["verdict"] == "dismissed" and record["why"] == "the brief sells a bottle, not slots."
    judge_calls = [c for c in model.calls if any("compliance reviewer" in p.system for p in c)]
    draft_calls = len(model.calls) - len(judge_calls)
    assert judge_calls and len(judge_calls) == draft_calls  # one judge call per batch of drafts


def test_a_script_batch_is_judged_in_one_call_and_a_confirmed_hit_stays_with_why(tmp_path, use_model, monkeypatch):
    from studio.store.database import session_scope
    from studio.store.tables import Asset, FindingRow
    from tests.helpers.queued_model import script_json

    def respond(prompt):
        if "compliance reviewer" in prompt.system:
            return "VIOLATION: it invites viewers to spin casino slots."
        return "```json\n" + script_json(SLOTS) + "\n```"

    model = use_model(QueuedTextModel(respond))
    db_url = run_on_judging_profile(tmp_path, monkeypatch, "video_script")
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset)).all()
        assert assets
        for asset in assets:
            found = [f for f in s.exec(select(FindingRow).where(FindingRow.asset_id == asset.id)).all()
                     if f.rule.startswith("concept.gambling")]
            assert found and all(f.message.endswith("confirmed by the judge: it invites viewers to spin casino slots.")
                                 for f in found)
            assert {r["verdict"] for r in asset.generation["judge"]} == {"confirmed"}
    judge_calls = [c for c in model.calls if any("compliance reviewer" in p.system for p in c)]
    # The confirmed gambling finding sends the script to one repair round (a second draft call); the repaired
    # script says the same, so its verdict comes from the result cache: the judge model is asked once.
    assert len(model.calls) - len(judge_calls) == 2
    assert len(judge_calls) == 1


def test_studio_check_with_a_judging_profile_lists_what_the_judge_dismissed(tmp_path, use_model, monkeypatch):
    import json

    from typer.testing import CliRunner

    from studio.cli.main import app

    model = use_model(QueuedTextModel(lambda p: "CLEAN: a bottle ad, not slots."))
    (tmp_path / "judged.yaml").write_text(PROFILE.format(judge="{band: 0.5}"))
    shutil.copy(Path(__file__).parents[2] / "models" / "cpu.yaml", tmp_path / "cpu.yaml")
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(tmp_path))
    get_settings.cache_clear()
    lines = "\n".join(json.dumps({"id": i, "locale": "en-US", "kind": "copy", "text": t})
                      for i, t in (("a", SLOTS), ("b", SUNNY)))
    runner = CliRunner()
    judged = runner.invoke(app, ["check", "-", "--profile", "judged"], input=lines, catch_exceptions=False)
    a, b = (json.loads(line) for line in judged.stdout.splitlines())
    assert not [f for f in a["findings"] if f["rule"].startswith("concept.gambling")]
    assert [(r["verdict"], r["why"]) for r in a["judge"]] == [("dismissed", "a bottle ad, not slots.")]
    assert "judge" not in b and len(model.calls) == 1  # the clean line asked nothing
    plain = runner.invoke(app, ["check", "-", "--profile", "cpu"], input=lines, catch_exceptions=False)
    first = json.loads(plain.stdout.splitlines()[0])
    assert any(f["rule"].startswith("concept.gambling") for f in first["findings"]) and "judge" not in first
    assert "profile cpu has no judge" in plain.stderr and len(model.calls) == 1
