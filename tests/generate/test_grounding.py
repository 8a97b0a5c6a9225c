"""The unsupported_claim gate: a draft that claims what the brief does not (the checks only warn) fails and the
gate names the claim; the brief's own claims, restated in another language, pass (read by meaning, not by
English words)."""

from __future__ import annotations

import pytest

from studio.checks.finding import Finding
from studio.generate.grounding import claim_failure, claim_gate, unsupported_claims
from studio.plan.brief import load_brief
from studio.store.tables import Asset
from tests.helpers.queued_model import use_model  # noqa: F401

BRIEF = load_brief("examples/campaign.yaml")


def _warn(rule: str, category: str, start: int, end: int, message: str) -> Finding:
    return Finding(rule=rule, category=category, severity="warn", start=start, end=end, message=message)


def checked(text: str, locale: str, kind: str = "copy", channel: str = "instagram"):
    """The text the checks read and their findings, for a hand-written draft (the real check engine)."""
    from studio.checks.engine import get_check_engine
    from studio.review.records import check_input

    item = check_input(
        Asset(campaign_id=1, locale=locale, kind=kind, channel=channel, variant=0, job_key="k", text=text), BRIEF
    )
    return item.text, list(get_check_engine().check(item))


@pytest.mark.parametrize(
    ("locale", "text", "rule"),
    [
        # the all23 run's ar-AE headline "the best water in the world" passed every gate with its warn
        ("ar-AE", "أفضل ماء في العالم: Fjell", "ae.claims.superlative"),
        ("en-US", "Fjell Bottle: the best bottle for every trail.", "global.grounding.absolute"),
        ("de-DE", "Fjell: die klimaneutrale Trinkflasche für jede Tour.", "global.grounding.green"),
        ("en-US", "Fjell Bottle, made from sustainable materials, easy to refill.", "global.grounding.green"),
    ],
)
def test_a_claim_the_brief_does_not_make_fails_the_gate_and_is_named(locale, text, rule):
    said, findings = checked(text, locale)
    assert rule in {f.rule for f in findings if f.severity in ("warn", "block")}
    gate = claim_gate(said, findings, locale, BRIEF)
    assert set(gate) == {"unsupported_claim"}
    claim = next(f for f in findings if f.rule == rule)
    # the claim is named (under its first rule)
    assert said[claim.start : claim.end].strip() in gate["unsupported_claim"]


def test_a_semantic_health_claim_the_brief_does_not_make_fails():
    """ar-SA's passing post asked "do you want to reduce weight and grow your body?": the concept layer warned
    weight_loss_rate on it; it reads as that claim, not as anything the brief says."""
    text = "هل تشعر بالرغبة في تقليل الوزن والنمو في الجسم؟ Fjell"
    sentence = text.split("؟")[0] + "؟"
    warn = _warn("concept.health_claim.weight_loss_rate", "health_claim", 0, len(sentence), "semantic match")
    gate = claim_gate(text, [warn], "ar-SA", BRIEF)
    assert "concept.health_claim.weight_loss_rate" in gate["unsupported_claim"]


# The brief's own claims and messages ("Keeps drinks cold for 24 hours and hot for 12 hours", "One bottle instead
# of hundreds of plastic ones"), as a writer of each language puts them, with the word a claim rule might fire on.
RESTATED = [
    ("de-DE", "Eine Flasche statt Hunderter Plastikflaschen.", "Plastikflaschen"),
    ("de-DE", "Hält Getränke 24 Stunden kalt und 12 Stunden heiß.", "kalt"),
    ("fr-FR", "Une bouteille au lieu de centaines de bouteilles en plastique.", "plastique"),
    ("fr-FR", "Garde vos boissons froides 24 heures et chaudes 12 heures.", "froides"),
    ("ja-JP", "24時間保冷、12時間保温。", "保冷"),
    ("ja-JP", "何百本ものペットボトルの代わりに、1本のボトルを。", "ペットボトル"),
    ("ar-SA", "زجاجة واحدة بدلاً من مئات الزجاجات البلاستيكية", "البلاستيكية"),
    ("ar-SA", "تحافظ على برودة المشروبات 24 ساعة وسخونتها 12 ساعة", "برودة"),
]


@pytest.mark.parametrize(("locale", "text", "word"), RESTATED)
def test_the_briefs_own_claims_restated_in_the_language_pass(locale, text, word):
    said, findings = checked(f"Fjell: {text}", locale)
    assert claim_gate(said, findings, locale, BRIEF) == {}


@pytest.mark.parametrize(("locale", "text", "word"), RESTATED)
def test_a_claim_finding_on_a_restated_brief_claim_is_grounded(locale, text, word):
    """Where a check does fire on the brief's own words (a green term on "plastic", a concept warn on "cold all
    day"), the sentence restates a statement of the brief: the gate lets it through."""
    at = text.index(word)
    term = _warn("global.grounding.green", "unsupported_claim", at, at + len(word), "term")
    concept = _warn("concept.green_claim.generic_eco", "green_claim", 0, len(text), "semantic match")
    assert claim_gate(text, [term], locale, BRIEF) == {}
    assert claim_gate(text, [concept], locale, BRIEF) == {}


HARD = load_brief("examples/campaign_hard.yaml")  # "Made in Portugal" is one of its facts


@pytest.mark.parametrize(
    ("locale", "text", "grounded"),
    [
        ("de-DE", "Lumo Daily Cream: hergestellt in Portugal.", True),
        ("fr-FR", "Lumo, fabriqué au Portugal, pour peaux sèches.", True),
        ("es-ES", "Lumo: hecho en Portugal, hidrata 8 horas.", True),
        ("de-DE", "Lumo: hergestellt in der Schweiz.", False),
        ("en-US", "Lumo: the best cream, made in Portugal.", False),
    ],
)
def test_an_origin_the_brief_states_passes_in_other_words_and_another_does_not(locale, text, grounded):
    from studio.checks.engine import get_check_engine
    from studio.review.records import check_input

    item = check_input(
        Asset(campaign_id=1, locale=locale, kind="copy", channel="instagram", variant=0, job_key="k", text=text), HARD
    )
    findings = list(get_check_engine().check(item))
    fired = {f.category for f in findings} & {"unsupported_claim", "absolute_claim"}
    # the check reads the place as well (global.grounding.origin places: true): the brief's origin in the draft's
    # words raises no finding a reviewer would see; another place, or a claim of the draft's own, still does
    assert bool(fired) is not grounded
    assert (claim_gate(item.text, findings, locale, HARD) == {}) is grounded


def test_a_claim_word_added_to_a_restated_fact_is_still_the_drafts_own():
    """ "The best bottle keeps drinks cold for 24 hours" restates a fact, but not "the best"."""
    text = "Fjell: the best bottle keeps drinks cold for 24 hours."
    said, findings = checked(text, "en-US")
    gate = claim_gate(said, findings, "en-US", BRIEF)
    assert "global.grounding.absolute" in gate["unsupported_claim"]


def test_a_concept_warn_on_the_key_message_restated_is_grounded():
    """The all23 run's en-US post "Ready to go cold all day?" drew a warn of immunity_detox: it says the key
    message "Cold water all day", not a health claim."""
    text = "Ready to go cold all day?"
    warn = _warn("concept.health_claim.immunity_detox", "health_claim", 0, len(text), "semantic match")
    assert claim_gate(text, [warn], "en-US", BRIEF) == {}


def test_numbers_are_left_to_the_grounded_gate_and_other_categories_are_not_claims():
    text = "Fjell: 48 hours cold."
    numbers = _warn("global.grounding.numbers", "unsupported_claim", 7, 15, "number")
    religion = _warn("concept.religion.religious_mockery", "religion", 0, len(text), "semantic match")
    assert claim_gate(text, [numbers, religion], "en-US", BRIEF) == {}


# ---------------------------------------------------------------- the drafting loop


@pytest.mark.parametrize(
    ("locale", "text", "line"),
    [
        ("ar-AE", "أفضل ماء في العالم: Fjell", "وهذا غير موجود في الموجز"),
        ("de-DE", "Fjell: die beste Flasche der Welt", "das steht nicht im Briefing"),
        ("en-US", "Fjell Bottle: the best bottle for every trail", "which the brief does not say"),
    ],
)
def test_the_repair_quotes_the_claim_in_the_locales_language(locale, text, line):
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    said, findings = checked(text, locale, channel="google_ads_headline")
    claims = unsupported_claims(said, findings, locale, BRIEF)  # carried on the candidate, as drafting._score does
    cand = Candidate(
        "candidate 1", text, text, {}, gates=claim_failure(claims), findings=findings, checked=said, claims=claims
    )
    job = next(j for j in _jobs(locale) if j.channel == "google_ads_headline")
    assert isinstance(job, PlannedAsset)
    problems = repair_problems(cand, job, BRIEF)
    asked = [p for p in problems if line in p]
    assert asked, problems
    claimed = {"ar-AE": "أفضل", "de-DE": "die beste", "en-US": "the best"}[locale]
    assert claimed in asked[0].casefold() or claimed in asked[0]


def _jobs(locale):
    from studio.plan.brief import plan

    return plan(BRIEF.model_copy(update={"locales": [locale]}))


def _headlines(db_url, locale):
    from sqlmodel import select

    from studio.store.database import session_scope
    from studio.store.tables import FindingRow

    with session_scope(db_url) as s:
        assets = s.exec(
            select(Asset).where(Asset.channel == "google_ads_headline", Asset.locale == locale).order_by(Asset.variant)
        ).all()
        return [(a, s.exec(select(FindingRow).where(FindingRow.asset_id == a.id)).all()) for a in assets]


INVENTED, FAITHFUL = "Fjell: die beste Flasche", "Fjell: 24 Stunden kalt"


def test_a_headline_that_invents_a_claim_is_repaired_by_quoting_it(tmp_path, use_model, monkeypatch):
    from studio.runs.pipeline import run_brief
    from tests.helpers.queued_model import QueuedTextModel

    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    model = use_model(QueuedTextModel(lambda p: FAITHFUL if getattr(p, "is_repair", False) else INVENTED))
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    (asset, _), _ = _headlines(db_url, "de-DE")
    assert asset.text == FAITHFUL
    first = asset.generation["candidates"][0]
    assert "unsupported_claim" in first["failed"] and "die beste" in first["failed"]["unsupported_claim"]
    asked = [p.user for call in model.calls for p in call if getattr(p, "is_repair", False)]
    assert asked and any("Der Text behauptet „die beste“" in u for u in asked)


def test_the_picker_keeps_the_option_without_an_invented_claim(tmp_path, use_model, monkeypatch):
    """A headline reply of options: the longest that fits claims "die beste Flasche"; the option that says only the
    brief is kept (no repair asked for)."""
    from studio.runs.pipeline import run_brief
    from tests.helpers.queued_model import QueuedTextModel

    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    options = f"1. {INVENTED}\n2. {FAITHFUL}"
    use_model(QueuedTextModel(lambda p: options))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    (asset, _), _ = _headlines(db_url, "de-DE")
    assert asset.text == FAITHFUL
    assert "unsupported_claim" in asset.generation["candidates"][0]["failed"]


@pytest.mark.parametrize(
    ("locale", "text", "added"),
    [
        # after4 run: the zh-CN script restated the plastic message and added "protecting our environment"
        ("zh-CN", "用一个瓶子代替几百个塑料瓶子，保护我们的环境。", "保护我们的环境"),
        ("de-DE", "Eine Flasche statt Hunderter Plastikflaschen, gut für die Umwelt.", "gut für die Umwelt"),
    ],
)
def test_a_claim_added_to_a_restated_message_fails_and_is_quoted(locale, text, added):
    warn = _warn("concept.green_claim.absolute_harmless", "green_claim", 0, len(text), "semantic match")
    gate = claim_gate(text, [warn], locale, BRIEF)
    assert added in gate["unsupported_claim"]


def test_a_restated_key_message_in_clauses_is_not_an_added_claim():
    text = "一整天的冷水，无论走到哪里，都有一瓶保温杯。"  # all23 zh-CN post: the key message
    warn = _warn("concept.green_claim.absolute_harmless", "green_claim", 0, len(text), "semantic match")
    assert claim_gate(text, [warn], "zh-CN", BRIEF) == {}


def test_the_loop_judges_claims_once_and_the_repair_quotes_what_the_gate_found(tmp_path, use_model, monkeypatch):  # noqa: F811
    """The claims the gate found travel on the candidate: the repair prompt quotes them (in German) and no claim
    is judged again for it (one ``unsupported_claims`` call per scored candidate)."""
    import studio.generate.grounding as grounding
    from studio.runs.pipeline import run_brief
    from tests.helpers.queued_model import QueuedTextModel
    from tests.helpers.said_headlines import without_said_headlines

    claim = "Fjell: die beste Flasche der Welt"
    good = "Fjell: 24 Stunden kalt"
    judged = []
    real = grounding.unsupported_claims
    monkeypatch.setattr(grounding, "unsupported_claims", lambda *a, **k: judged.append(a[0]) or real(*a, **k))
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    without_said_headlines(monkeypatch)  # replies only: a headline said in the locale's words is judged by the batch
    model = use_model(QueuedTextModel(lambda p: good if p.is_repair else claim))
    run_brief(BRIEF, db_url=f"sqlite:///{tmp_path / 'studio.db'}", locales=["de-DE"], kinds=["copy"])
    prompts = [p for call in model.calls for p in call]
    fixes = [p for p in prompts if p.is_repair and p.history[-1][1] == claim]
    assert fixes and "Der Text behauptet „die beste“, das steht nicht im Briefing." in fixes[0].user, fixes[0].user
    assert len(judged) == len(prompts)  # every reply scored once, the repair prompts judged nothing again


# ---------------------------------------------------------------- a figure said with the wrong fact (grounded)

def _fact_examples(kind: str) -> list[dict]:
    from pathlib import Path

    from studio.core.yamlfile import load_yaml_file

    data = load_yaml_file(Path(__file__).resolve().parents[2] / "prompts" / "reader_gates.yaml")[0]
    return data["fact_numbers"][kind]


def test_the_brief_pairs_each_figure_with_its_fact():
    from studio.generate.grounding import fact_rules, figure_facts

    # 'Keeps drinks cold for 24 hours and hot for 12 hours'; 750 of '750 ml, weighs 340 g' is said with no fact word,
    # 340 with 'weighs' (a measure: drafts-posts31)
    assert figure_facts(BRIEF, fact_rules()[0]) == {"24": "cold", "12": "hot", "340": "weighs"}


@pytest.mark.parametrize("ex", _fact_examples("fails"), ids=lambda ex: ex["text"][:30])
def test_a_figure_said_with_the_other_fact_or_its_fact_negated_is_not_grounded(ex):
    from studio.generate.gates import text_gates

    why = text_gates(ex["text"], [ex["text"]], ex["locale"], BRIEF).get("grounded", "")
    assert "with not" in why or "its own fact" in why or "its own measure" in why, why


@pytest.mark.parametrize("ex", _fact_examples("clean"), ids=lambda ex: ex["text"][:30])
def test_figures_said_with_their_own_facts_are_grounded(ex):
    from studio.generate.gates import text_gates

    assert "grounded" not in text_gates(ex["text"], [ex["text"]], ex["locale"], BRIEF)


def test_the_q23_zh_post_fails_for_its_negated_facts_not_for_saying_a_run_twice():
    from studio.generate.gates import text_gates

    post = ("一整天的冷水，无论你去哪里，Fjell Bottle都是你的好帮手。\n它能保持水在24小时内不冷，12小时内不热，重量轻，可洗碗机清洗，终身保修。\n"
            "#Fjell #保温杯 #一整天 #冷 #热")
    failed = text_gates(post, [post], "zh-CN", BRIEF)
    assert "repetition" not in failed
    assert "不冷" in failed["grounded"]
