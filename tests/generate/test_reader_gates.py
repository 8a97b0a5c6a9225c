"""The copy gates for what a reader rejects though the language, length and grounding gates pass: a line
that stops before it is finished ("Fjell bottle: keeps drinks"), English words in Japanese copy ("一
bottleで"), a material the brief never names ("une gourde en verre" for a steel bottle). The examples
and their clean near-misses live in prompts/reader_gates.yaml, next to the word lists they test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.gates import copy_gates, reader_gates, reader_rules
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

FILE = Path(__file__).resolve().parents[2] / "prompts" / "reader_gates.yaml"
EXAMPLES = load_yaml_file(FILE)[0]["examples"]
BRIEF = load_brief("examples/campaign.yaml")


@pytest.mark.parametrize("gate", ["unfinished", "mixed_script", "contradicts"])
def test_every_example_fails_its_gate(gate):
    for ex in EXAMPLES[gate]:
        failed = reader_gates(ex["text"], ex["locale"], BRIEF)
        assert gate in failed, ex
        assert len(failed[gate]) > 10  # says why, in words a writer (or a repair prompt) acts on


@pytest.mark.parametrize("ex", EXAMPLES["clean"], ids=lambda ex: ex["text"][:30])
def test_clean_near_misses_pass_every_reader_gate(ex):
    assert reader_gates(ex["text"], ex["locale"], BRIEF) == {}


def test_a_line_cut_mid_fact_is_told_which_fact_it_cut():
    why = reader_gates("Fjell bottle: keeps drinks", "en-GB", BRIEF)["unfinished"]
    assert "'keeps drinks'" in why and "Keeps drinks cold for 24 hours" in why


def test_mixed_script_names_the_english_words_and_allows_the_brand_product_and_label():
    why = reader_gates("一 bottleで冷たさ24時間", "ja-JP", BRIEF)["mixed_script"]
    assert "bottle" in why
    assert reader_gates("Fjell Bottleで冷たさ24時間 (AI生成)", "ja-JP", BRIEF) == {}
    assert reader_gates("Fjell: keeps drinks cold", "de-DE", BRIEF).get("mixed_script") is None  # Latin-script locales


def test_a_material_the_brief_names_is_no_contradiction():
    glass = BRIEF.model_copy(update={"product": BRIEF.product.model_copy(
        update={"description": "A glass bottle with a steel lid, 750 ml"})})
    assert "contradicts" in reader_gates("Fjell, une gourde en verre", "fr-FR", BRIEF)
    assert reader_gates("Fjell, une gourde en verre", "fr-FR", glass) == {}


def test_copy_gates_include_the_reader_gates():
    assert "unfinished" in copy_gates("Fjell bottle: keeps drinks", "google_ads_headline", "en-GB", BRIEF)


def test_a_broken_rules_file_names_the_file_and_line(tmp_path):
    (tmp_path / "reader_gates.yaml").write_text(
        "ends_open:\n  en: [the, a]\n  pt: [o, no]\nmixed_script: [ja]\nlatin_allowed: [ml]\n")
    with pytest.raises(StudioError) as err:
        reader_rules(tmp_path)
    assert "reader_gates.yaml:3" in str(err.value.where) and "ends_open.pt" in str(err.value)


def test_an_unfinished_headline_loses_to_a_finished_one(tmp_path, use_model, monkeypatch):
    """Both fit 30 characters and read as English; only the finished one is an ad a writer can use."""
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    cut, whole = "Fjell bottle: keeps drinks", "Fjell Bottle: cold all day"
    # the second headline's own prompt (its first candidate) gets the cut text; its second candidate the whole
    use_model(QueuedTextModel(lambda p: cut if "Lead with a concrete fact." in p.user else whole))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(BRIEF, db_url=db_url, locales=["en-US"], kinds=["copy"])
    with session_scope(db_url) as s:
        headlines = s.exec(select(Asset).where(Asset.channel == "google_ads_headline")).all()
    assert headlines and all(a.text == whole for a in headlines)
    lost = [c for a in headlines for c in a.generation["candidates"] if c["text"] == cut]
    assert lost and all("unfinished" in c["failed"] for c in lost)
