"""Image prompts end on a whole sentence and describe only what a picture can show: a reply cut by the token
budget loses its cut sentence (never half a word), the brief's claims ("keeps drinks cold for 24 hours") are
dropped, and the asset's generation meta says what went. The phrases and their examples live in
prompts/reader_gates.yaml ``not_seen``."""

from __future__ import annotations

import pytest
from sqlmodel import select

from studio.core.errors import StudioError
from studio.generate.image_prompt import cut_end, not_seen_in, not_seen_rules, tidy_image_prompt
from studio.generate.prompts import render
from studio.market.locales import get_locale
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

BRIEF = load_brief("examples/campaign.yaml")


@pytest.mark.parametrize("ex", not_seen_rules().examples, ids=lambda ex: ex[1][:30])
def test_every_example_comes_out_as_the_file_says(ex):
    locale, text, kept = ex
    out, dropped = tidy_image_prompt(text, locale)
    assert out == kept
    assert dropped and not not_seen_in(out, locale) and cut_end(out, locale) is None


def test_a_prompt_cut_mid_sentence_drops_that_sentence_and_never_a_word_part():
    text = "A hiker at a lake at dawn with a steel bottle. Mist over the water, pines behind her, soft gol"
    out, dropped = tidy_image_prompt(text, "de-DE")
    assert out == "A hiker at a lake at dawn with a steel bottle."
    assert dropped == ["Mist over the water, pines behind her, soft gol"]


def test_a_whole_prompt_is_kept_word_for_word():
    text = "Friends share a picnic in a sunny park in Madrid, a steel bottle on the blanket. Warm colours"
    assert tidy_image_prompt(text, "es-ES") == (text, [])


def test_a_prompt_over_its_word_budget_loses_whole_sentences_from_the_end():
    text = "A woman on a balcony in Warsaw with a bottle. " + "Morning light on the plants. " * 3
    out, dropped = tidy_image_prompt(text, "pl-PL", words=15)
    assert out == "A woman on a balcony in Warsaw with a bottle. Morning light on the plants."
    assert len(dropped) == 2


def test_a_broken_not_seen_block_names_the_file_and_line(tmp_path):
    (tmp_path / "reader_gates.yaml").write_text(
        "ends_open:\n  en: [the]\nnot_seen:\n  phrases:\n    en: keeps drinks cold\n"
    )
    with pytest.raises(StudioError) as err:
        not_seen_rules(tmp_path)
    assert "reader_gates.yaml:5" in str(err.value.where) and "not_seen.phrases.en" in str(err.value)


def test_the_image_prompt_template_does_not_list_the_briefs_facts():
    prompt = render("image_prompt", brief=BRIEF, locale=get_locale("en-US"), variant=0)
    assert "24 hours" not in prompt.user and "warranty" not in prompt.user


def test_a_drafted_image_prompt_is_tidied_and_says_what_it_dropped(tmp_path, use_model):
    written = (
        "A hiker by a lake in Germany holds a steel bottle that keeps drinks cold for 24 hours. "
        "Soft morning light falls on the pines as she"
    )
    use_model(QueuedTextModel(lambda p: written))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["image"])
    with session_scope(db_url) as s:
        asset = s.exec(select(Asset).where(Asset.kind == "image")).one()
    assert asset.image_prompt == "A hiker by a lake in Germany holds a steel bottle."
    assert asset.generation["image_prompt_written"] == written
    assert asset.generation["image_prompt_dropped"] == [
        "that keeps drinks cold",
        "for 24 hours",
        "Soft morning light falls on the pines as she",
    ]
