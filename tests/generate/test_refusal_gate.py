"""The refusal gate: a model that declines or talks about itself ("عذراً، ولكن ليس لدي القدرة ...") wrote
no ad, even when the reply is fluent in the right language; the bench counts it as failed and the
drafting loop repairs it instead of queueing it as a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.gates import copy_gates, refusal
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

FILE = Path(__file__).resolve().parents[2] / "prompts" / "refusals.yaml"
EXAMPLES = load_yaml_file(FILE)[0]["examples"]


@pytest.mark.parametrize("text", EXAMPLES["refusal"])
def test_every_refusal_example_fails_the_gate(text):
    assert refusal(text), text


@pytest.mark.parametrize("text", EXAMPLES["clean"])
def test_ad_copy_that_says_sorry_or_cant_passes(text):
    assert refusal(text) is None, text


def test_a_fluent_arabic_refusal_fails_the_copy_gates_though_its_language_is_right():
    brief = load_brief("examples/campaign.yaml")
    failed = copy_gates("عذراً، ولكن ليس لدي القدرة على كتابة الإعلان", "instagram", "ar-SA", brief)
    assert "language" not in failed
    assert "refusal" in failed and "عذراً، ولكن" in failed["refusal"]


def test_a_broken_refusals_file_names_the_file_and_line(tmp_path):
    (tmp_path / "refusals.yaml").write_text("phrases:\n  en: [\"i'm sorry, but\"]\n  de: 3\n")
    with pytest.raises(StudioError) as err:
        refusal("anything", tmp_path)
    assert "refusals.yaml:3" in str(err.value.where) and "phrases.de" in str(err.value)


def test_a_refused_headline_is_repaired_and_the_refusal_stays_in_the_history(tmp_path, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    declined, fixed = "I'm sorry, but I can't write ads.", "Fjell Bottle: cold 24 hours"
    model = use_model(QueuedTextModel(lambda p: fixed if p.is_repair else declined))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["en-US"], kinds=["copy"])
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset).where(Asset.channel == "google_ads_headline")).all()
    assert assets and all(a.text == fixed for a in assets)
    first = assets[0].generation["candidates"][0]
    assert first["text"] == declined and "refusal" in first["failed"]
    repair_prompts = [p for call in model.calls for p in call if p.is_repair]
    assert any("It is not an ad: the model declined" in p.user for p in repair_prompts)
