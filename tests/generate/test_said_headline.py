"""A headline job whose every candidate and repair says nothing the brief says is given the brief's words instead
(studio/generate/said_headline.py, drafts-hi30), as a post is (post_copy.assemble_post)."""

from __future__ import annotations

from sqlmodel import select

from studio.generate.post_copy import post_gates
from studio.generate.said_headline import assemble_headline
from studio.plan.brief import PlannedAsset, load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

BRIEF = load_brief("examples/campaign.yaml")
HARD = load_brief("examples/campaign_hard.yaml")

# q23f's hi-IN headlines (the instruction's 'for customers' echoed; 'cold ... and day and day')
Q23F_HI = ["दिन भर ठंडा रेषिक लेखन जो आपके ग्राहक लिए जा सकता है", "रात में भी ठंडा बार अपने दिन और दिन ब"]


def _job(locale: str, variant: int = 1, channel: str = "google_ads_headline") -> PlannedAsset:
    return PlannedAsset(locale=locale, kind="copy", channel=channel, variant=variant)


def test_a_headline_is_the_brand_and_a_piece_of_the_brief_in_the_locales_words():
    text, said = assemble_headline(_job("hi-IN"), BRIEF)
    assert text == "Fjell: दिन भर ठंडा पानी" and said == {"statement": "Cold water all day"}
    assert assemble_headline(_job("th-TH"), BRIEF)[0] == "Fjell: น้ำเย็นตลอดวัน"
    assert assemble_headline(_job("ja-JP"), BRIEF)[0] == "Fjell：一日中冷たい水"  # the colon ja's headlines write
    assert assemble_headline(_job("en-US"), BRIEF)[0] == "Fjell: Cold water all day"  # the brief's own words
    # the second variant says another piece; every piece passes every copy gate and the sense gate as published
    for code in ("hi-IN", "th-TH", "de-DE", "fr-FR", "ar-SA", "ja-JP", "pl-PL"):
        one, two = (assemble_headline(_job(code, v), BRIEF) for v in (1, 2))
        assert one[0] != two[0], code
        assert not post_gates(one[0], _job(code), BRIEF) and not post_gates(two[0], _job(code, 2), BRIEF)
    # a key message too long for the channel is not offered: de's 'Kaltes Wasser den ganzen Tag' (35 of 30)
    assert "Kaltes Wasser" not in assemble_headline(_job("de-DE"), BRIEF)[0]
    assert assemble_headline(_job("hi-IN", channel="meta_headline"), HARD)[0] == "Lumo: सुबह से शाम तक मुलायम त्वचा"


def test_no_headline_is_assembled_where_the_locales_words_say_no_piece_of_the_brief():
    unsaid = BRIEF.model_copy(deep=True)
    unsaid.key_messages = ["Your summer, sorted"]
    unsaid.product.facts = ["Comes with a carry strap"]
    unsaid.product.claims = []
    assert assemble_headline(_job("hi-IN"), unsaid) is None


def _headlines(tmp_path, use_model, monkeypatch, reply: str, locale: str) -> list[Asset]:
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    # the headline jobs and their repairs get ``reply``; the post gets a post of the brief
    post = "Kaltes Wasser? Fjell Bottle hält Getränke 24 Stunden kalt. #Fjell"
    use_model(QueuedTextModel(lambda p: reply if "Google Ads" in (p.history[0][0] if p.is_repair else p.user) else post))
    brief = BRIEF.model_copy(update={"locales": [*BRIEF.locales, locale]})
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(brief, db_url=db_url, locales=[locale], kinds=["copy"])
    with session_scope(db_url) as s:
        return list(s.exec(select(Asset).where(Asset.channel == "google_ads_headline").order_by(Asset.variant)).all())


def test_a_drafted_headline_that_says_nothing_of_the_brief_is_assembled_and_says_so(tmp_path, use_model, monkeypatch):
    one, two = _headlines(tmp_path, use_model, monkeypatch, Q23F_HI[1], "hi-IN")
    assert (one.text, two.text) == ("Fjell: दिन भर ठंडा पानी", "Fjell: दिन भर ठंडा पानी, आप जहाँ भी जाएँ")
    made = one.generation["assembled"]
    assert made["statement"] == "Cold water all day" and made["from"] == Q23F_HI[1]
    assert "says nothing the brief says" in made["why"]
    assert any("the headline is assembled" in p for p in one.generation["problems"])  # on the asset page
    assert one.generation["candidates"][0]["text"] == Q23F_HI[1]  # the model's text is kept under its candidates


def test_a_drafted_headline_that_says_the_brief_is_the_models(tmp_path, use_model, monkeypatch):
    one, _ = _headlines(tmp_path, use_model, monkeypatch, "Fjell: 24 घंटे ठंडा पानी", "hi-IN")
    assert one.text == "Fjell: 24 घंटे ठंडा पानी" and "assembled" not in one.generation
