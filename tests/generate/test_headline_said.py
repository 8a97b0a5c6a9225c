"""A headline whose every candidate and repair fails a gate is said in the locale's own words instead
(headlines.assemble_headline, drafting's _said_headline): the cases of tests/generate/data/said_headlines.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from studio.generate.headlines import assemble_headline
from studio.generate.labels import strip_ai_label
from studio.generate.post_copy import post_gates
from studio.market.channels import fits
from studio.plan.brief import PlannedAsset, load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset, FindingRow
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

CASES = yaml.safe_load((Path(__file__).parent / "data" / "said_headlines.yaml").read_text(encoding="utf-8"))["cases"]
HEADLINE = "google_ads_headline"


def _job(locale: str, variant: int = 0) -> PlannedAsset:
    return PlannedAsset(locale=locale, kind="copy", channel=HEADLINE, variant=variant)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['locale']}-{Path(c['brief']).stem}")
def test_the_first_headline_said_in_the_locales_words_says_a_key_message_and_passes(case):
    brief = load_brief(case["brief"])
    lines = assemble_headline(_job(case["locale"]), brief)
    assert lines[0] == (case["stored"], case["statement"])
    for line, _ in lines:
        assert fits(line, HEADLINE, case["locale"]) and not post_gates(line, _job(case["locale"]), brief)
    assert not set(case.get("never", [])) & {line for line, _ in lines}


def test_a_headline_another_variant_says_is_not_said_again():
    brief = load_brief("examples/campaign.yaml")
    first = assemble_headline(_job("fr-FR"), brief)[0][0]
    assert first == "Fjell : Eau fraîche"
    second = ("Fjell : Une seule gourde", "One bottle instead of hundreds of plastic ones")
    assert assemble_headline(_job("fr-FR", 1), brief, {first})[0] == second
    # a variant that says it in another case says it too (run1's fr-FR 'Fjell : eau fraîche' / 'Fjell : Eau fraîche')
    assert assemble_headline(_job("fr-FR", 1), brief, {"Fjell : eau fraîche"})[0] == second


def test_hindi_and_thai_headlines_are_said_in_their_own_words():
    # drafts-hi30's hi and th phrases say the brief's statements whole: q23f's hi-IN headlines ('दिन भर ठंडा रेषिक लेखन
    # जो आपके ग्राहक लिए जा सकता है', the instruction echoed) had no line of the brief to fall back on
    brief = load_brief("examples/campaign.yaml")
    assert assemble_headline(_job("hi-IN"), brief)[0] == ("Fjell: दिन भर ठंडा पानी, आप जहाँ भी जाएँ",
                                                          "Cold water all day, wherever the day takes you")
    assert assemble_headline(_job("th-TH"), brief)[0][0] == "Fjell: น้ำเย็นตลอดวัน"


def test_a_locale_whose_words_say_no_statement_whole_offers_none():
    unsaid = load_brief("examples/campaign.yaml").model_copy(deep=True)
    unsaid.key_messages = ["Your summer, sorted"]
    unsaid.product.facts = ["Comes with a carry strap"]
    unsaid.product.claims = []
    assert assemble_headline(_job("hi-IN"), unsaid) == []


def _stored(tmp_path, use_model, monkeypatch, case) -> list[tuple[Asset, list[FindingRow]]]:
    """The headlines (with their findings) the pipeline stores for the case's locale when the model replies the case's reply to every
    headline prompt and repair (one candidate each)."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    use_model(QueuedTextModel(lambda p: case["reply"] if "Google Ads" in (p.history[0][0] if p.is_repair else p.user)
                              else "Fjell Bottle"))
    brief = load_brief(case["brief"])
    if case["locale"] not in brief.locales:
        brief = brief.model_copy(update={"locales": [*brief.locales, case["locale"]]})
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(brief, db_url=db_url, locales=[case["locale"]], kinds=["copy"])
    with session_scope(db_url) as s:
        found = list(s.exec(select(Asset).where(Asset.channel == HEADLINE).order_by(Asset.job_key)).all())
        return [(a, s.exec(select(FindingRow).where(FindingRow.asset_id == a.id)).all()) for a in found]


@pytest.mark.parametrize("case", [c for c in CASES if c["locale"] in ("it-IT", "tr-TR")], ids=lambda c: c["locale"])
def test_a_drafted_headline_that_fails_every_gate_is_said_in_the_locales_words_and_says_so(tmp_path, use_model,
                                                                                            monkeypatch, case):
    stored = _stored(tmp_path, use_model, monkeypatch, case)
    assert len(stored) == 2
    texts = [strip_ai_label(a.text, case["locale"]) for a, _ in stored]
    assert case["stored"] in texts and len(set(texts)) == 2  # the second variant says another statement
    for asset, findings in stored:
        assert not [f.rule for f in findings if f.severity == "block"]  # the checks ran on the said headline
        said = asset.generation["assembled"]
        assert said["from"] and said["from"] != asset.text and said["why"]
        assert any("said in the locale's words" in p for p in asset.generation["problems"])  # on the asset page
        assert not post_gates(strip_ai_label(asset.text, case["locale"]), _job(case["locale"]), load_brief(case["brief"]))


def test_a_drafted_headline_that_passes_keeps_the_models_line(tmp_path, use_model, monkeypatch):
    case = {"brief": "examples/campaign.yaml", "locale": "tr-TR", "reply": "Fjell: Soğuk su gün boyu"}
    for asset, _ in _stored(tmp_path, use_model, monkeypatch, case):
        assert asset.text == "Fjell: Soğuk su gün boyu" and "assembled" not in asset.generation
