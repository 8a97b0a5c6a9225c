"""Generate -> check -> repair on the queued test model: what a reviewer finds on the asset."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset, FindingRow
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401
from tests.helpers.said_headlines import without_said_headlines

SAMPLE = "examples/campaign.yaml"
TOO_LONG = "Fjell Bottle keeps drinks cold on every single trail"  # 52 characters; the headline allows 30
SHORT = "Fjell Bottle: cold 24 hours"


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


def is_repair(prompt) -> bool:
    """A script repair quotes the draft in its user message; a copy repair is the next chat turn after
    the task and the draft (``history``)."""
    return "\nDraft:\n" in prompt.user or prompt.is_repair


def headlines(db_url, locale="en-US"):
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset).where(Asset.channel == "google_ads_headline", Asset.locale == locale)
                        .order_by(Asset.variant)).all()
        return [(a, s.exec(select(FindingRow).where(FindingRow.asset_id == a.id)).all()) for a in assets]


def run(db_url, locales=("en-US",)):
    return run_brief(load_brief(SAMPLE), db_url=db_url, locales=list(locales), kinds=["copy"])


def test_a_too_long_first_candidate_gets_repaired_and_the_asset_shows_how(db_url, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    model = use_model(QueuedTextModel(lambda p: SHORT if is_repair(p) else TOO_LONG))
    run(db_url)
    (asset, findings), _ = headlines(db_url)
    assert asset.text == SHORT
    assert "builtin.length" not in {f.rule for f in findings}
    meta = asset.generation
    assert meta["chosen"] == "repair 1"
    assert meta["candidates"][0]["text"] == TOO_LONG and "length" in meta["candidates"][0]["failed"]
    [repair] = meta["repairs"]
    assert repair["kept"] and repair["text"] == SHORT
    # The repair prompt quoted the limit and the count, and asked for a fixed version of the draft.
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p) and p.history[-1][1] == TOO_LONG
                    and "google" in p.history[-1][0].lower()][:1]
    # the over-long option quoted with its count and the limit, to be cut
    assert f'"{TOO_LONG}" has 52 characters: 22 too many for the limit of 30. Cut it to Fjell and 2–4 words' in fix_prompt.user
    assert "Rewrite this draft and fix these problems:" in fix_prompt.user
    # and no worked example of a cut (the bike light's came back as the cut versions: "Fjell: sicher im Dunkeln")
    assert "Lumo" not in fix_prompt.user
    # the task and the draft are the earlier turns
    assert "Google Ads" in fix_prompt.history[0][0] and fix_prompt.history[-1][1] == TOO_LONG
    # and five cut versions asked with the limit, as the first prompt's headlines were
    assert fix_prompt.user.rstrip().endswith("each Fjell and 2–4 words, at most 30 characters.") and fix_prompt.prefill == "1."


def test_a_wrong_language_candidate_loses_to_a_right_one(db_url, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    german = "Fjell: 24 Stunden eiskalt"
    english = "Fjell: cold for 24 hours"
    # The job's own prompt gets English back; the second candidate (another opening angle) German.
    own_angles = ("Lead with the main benefit.", "Open with a short question.")
    use_model(QueuedTextModel(lambda p: english if any(a in p.user for a in own_angles) else german))
    run(db_url, ["de-DE"])
    (first, findings), (second, _) = headlines(db_url, "de-DE")
    assert first.text == german and second.text == german
    cands = first.generation["candidates"]
    assert [c["text"] for c in cands] == [english, german]
    assert "language" in cands[0]["failed"] and cands[1]["failed"] == {}
    assert first.generation["chosen"] == "candidate 2"


def test_a_clean_first_candidate_is_kept_without_asking_the_model_for_another(db_url, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "2")
    model = use_model(QueuedTextModel(lambda p: SHORT))
    run(db_url)
    for asset, _ in headlines(db_url):
        assert asset.text == SHORT and asset.generation["chosen"] == "candidate 1"
        assert [c["label"] for c in asset.generation["candidates"]] == ["candidate 1"]
        assert not asset.generation["repairs"]
    assert len(model.calls[0]) == 3  # every job's first candidate, in one call
    later = [p for call in model.calls[1:] for p in call]
    assert not any("Google Ads" in p.user or "Google Ads" in "".join(t for turn in p.history for t in turn)
                   for p in later)  # the clean headlines were not drafted again


def test_an_invented_duration_and_a_health_claim_become_unsupported_claim_findings(db_url, use_model, monkeypatch):
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    use_model(QueuedTextModel(lambda p: "Clinically proven: cold 48 hours"))
    run(db_url)
    (asset, findings), _ = headlines(db_url)
    claims = {f.rule: f for f in findings if f.category == "unsupported_claim"}
    numbers, health = claims["global.grounding.numbers"], claims["global.grounding.health"]
    assert asset.text[numbers.start:numbers.end] == "48 hours" and numbers.severity == "warn"
    assert asset.text[health.start:health.end] == "Clinically proven" and health.severity == "block"
    assert numbers.suggestion and "48 hours" in numbers.message


def test_repair_rounds_are_bounded_and_a_model_that_never_fits_leaves_full_text_and_a_length_finding(
        db_url, use_model, monkeypatch):
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "2")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "2")
    model = use_model(QueuedTextModel(lambda p: TOO_LONG))
    run(db_url)
    # one call for every job's first candidate, then one per repair round: never more. A headline that is
    # only too long gets no second candidate (another sample is no likelier to fit): the repair quotes its length
    assert len(model.calls) == 1 + 2
    assert len(model.calls[0]) == 3  # 3 copy jobs
    assert len(model.calls[1]) == 2 and all(p.is_repair for p in model.calls[1])  # the headlines; the clean post is done
    for asset, findings in headlines(db_url):
        assert asset.text == TOO_LONG  # never cut to fit
        assert "builtin.length" in {f.rule for f in findings}
        assert [c["label"] for c in asset.generation["candidates"]] == ["candidate 1"]
        assert [r["round"] for r in asset.generation["repairs"]] == [1, 2]
        assert not any(r["kept"] for r in asset.generation["repairs"])
        assert any("kept in full" in p for p in asset.generation["problems"])


def test_a_block_rule_s_message_is_quoted_in_the_repair_prompt(db_url, use_model, monkeypatch):
    from studio.checks.engine import get_check_engine

    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    blocked, fixed = "Jedem das Seine: Fjell", "Fjell: 24 Stunden kalt"
    model = use_model(QueuedTextModel(lambda p: fixed if is_repair(p) else blocked))
    run(db_url, ["de-DE"])
    (asset, findings), _ = headlines(db_url, "de-DE")
    assert asset.text == fixed and not [f for f in findings if f.severity == "block"]
    rule = get_check_engine().ruleset.by_id["de.symbols.nazi_phrases"].rule
    fix_prompts = [p for call in model.calls for p in call if is_repair(p)]
    assert fix_prompts and all(rule.message in p.user for p in fix_prompts)
    assert "Schreibe diesen Entwurf neu und behebe diese Probleme:" in fix_prompts[0].user  # in German


def test_an_echoed_instruction_loses_to_a_draft_about_the_product(db_url, use_model, monkeypatch):
    """'No emoji.' fits, reads as English and invents nothing, but it is not an ad for the product."""
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    own_angles = ("Lead with the main benefit.", "Open with a short question.")
    use_model(QueuedTextModel(lambda p: "No emoji." if any(a in p.user for a in own_angles) else "Fjell: cold for 24 hours"))
    run(db_url)
    (first, _), _ = headlines(db_url)
    assert first.text == "Fjell: cold for 24 hours"
    assert "on_topic" in first.generation["candidates"][0]["failed"]


def test_a_headline_is_asked_as_five_options_and_the_longest_that_fits_is_kept(db_url, use_model, monkeypatch):
    """Small models overshoot a 30-character headline; asked for a list, one option usually fits, and
    of those that fit the longest says the most."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    options = f"Here are five options:\n1. {TOO_LONG}\n2. Fjell: always cold\n3. {SHORT}\n4. Fjell Bottle, 24h"
    model = use_model(QueuedTextModel(lambda p: options if "five different headlines" in p.user else TOO_LONG))
    run(db_url)
    (asset, findings), _ = headlines(db_url)
    assert asset.text == SHORT and "builtin.length" not in {f.rule for f in findings}
    assert TOO_LONG in asset.generation["picked_from"]  # the reviewer sees what it was picked from
    instagram = [p for call in model.calls for p in call if "instagram" in p.user.lower()]
    assert instagram and not any("five different headlines" in p.user for p in instagram)  # long channels: one text
    # the list is asked for last, each the brand and a few words, and the reply is opened as a list
    headline = next(p for call in model.calls for p in call if "headline" in p.user.lower())
    assert headline.user.rstrip().splitlines()[-1] == ("Give five different headlines, one per line, each Fjell and "
                                                       "2–4 words, at most 30 characters.")
    assert headline.prefill == "1." and not instagram[0].prefill


# ---------------------------------------------------------------- video scripts in the same loop


def script_reply(voiceovers, visuals=None) -> str:
    visuals = visuals or ["The bottle on a trail", "A hiker drinks at a lake", "The bottle on a summit rock"]
    return json.dumps({"scenes": [{"visual": vis, "on_screen_text": "Fjell", "voiceover": vo, "duration_s": 5}
                                  for vo, vis in zip(voiceovers, visuals)]})


DISTINCT = ["Meet the Fjell Bottle.", "Cold water on every trail.", "Fjell, made for the hills."]
SAME = ["Fjell Bottle keeps it cold."] * 3


def scripts(db_url, locale="en-US"):
    with session_scope(db_url) as s:
        return s.exec(select(Asset).where(Asset.kind == "video_script", Asset.locale == locale)).all()


def run_scripts(db_url, locales=("en-US",)):
    return run_brief(load_brief(SAMPLE), db_url=db_url, locales=list(locales), kinds=["video_script"])


def test_a_script_of_repeated_scenes_is_repaired_and_the_history_shows_it(db_url, use_model):
    model = use_model(QueuedTextModel(lambda p: script_reply(DISTINCT) if is_repair(p) else script_reply(SAME)))
    run_scripts(db_url)
    [asset] = scripts(db_url)
    assert [s["voiceover"] for s in asset.script["scenes"]] == DISTINCT
    meta = asset.generation
    assert meta["chosen"] == "repair 1" and "scenes" in meta["candidates"][0]["failed"]
    [repair] = meta["repairs"]
    assert repair["kept"] and repair["failed"] == {}
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p)]
    assert "Scene 2 repeats an earlier voiceover" in fix_prompt.user
    assert SAME[0] in fix_prompt.user  # the draft it is asked to fix is quoted


def test_a_repeated_scene_is_quoted_with_the_line_of_the_plan_it_should_say_instead(db_url, use_model):
    """Told only "scene 3 repeats an earlier voiceover", the CPU model wrote the same sentence again: the
    repair quotes the repeated sentence and gives the scene its own line of the brief and its own shot."""
    twice = ["Meet the Fjell Bottle.", "Cold water on every trail.", "Cold water on every trail!"]
    visuals = ["The bottle on a trail", "A hiker drinks at a lake", "The bottle on a trail"]
    model = use_model(QueuedTextModel(lambda p: script_reply(DISTINCT) if is_repair(p) else script_reply(twice, visuals)))
    run_scripts(db_url, ["de-DE"])
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p)]
    # scene 3 of the sample brief is its call to action: the last key message, the bottle in the hand, quoted in
    # the locale's words where its phrases say it (drafts-scene30)
    assert ('Scenes 2 and 3 both say "Cold water on every trail!": make scene 3 say "Eine Flasche statt Hunderter '
            'Plastikflaschen" in German.') in fix_prompt.user
    assert 'Scene 3 shows "The bottle on a trail" again, as scene 1 does: show Fjell Bottle in the hand' in fix_prompt.user


def test_a_scene_that_said_a_later_scene_s_line_early_is_the_one_sent_back_to_its_own_line(db_url, use_model):
    """en-US on the CPU model: scene 2 said the call to action, scene 3 said it again. Scene 3 is right;
    asking it to say its own line again fixes nothing: scene 2 gets the claim it skipped."""
    cta = "One bottle instead of hundreds of plastic ones"
    model = use_model(QueuedTextModel(lambda p: script_reply(DISTINCT) if is_repair(p)
                                      else script_reply(["Cold water all day, wherever the day takes you.", cta, cta])))
    run_scripts(db_url)
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p)]
    assert (f'Scenes 2 and 3 both say "{cta}": make scene 2 say "Keeps drinks cold for 24 hours" in '
            in fix_prompt.user)


def test_a_voiceover_too_long_to_speak_gets_the_count_and_the_budget_and_rounds_are_bounded(db_url, use_model, monkeypatch):
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "2")
    long = [f"Fjell Bottle number {w} keeps water cold on the longest summer trail you can imagine today"
            for w in ("one", "two", "three")]
    model = use_model(QueuedTextModel(lambda p: script_reply(long)))
    run_scripts(db_url)
    [asset] = scripts(db_url)
    assert len(model.calls) == 3  # the candidates, then one call per repair round: never more
    [fix_prompt, *_] = [p for call in model.calls for p in call if is_repair(p)]
    words = sum(len(v.split()) for v in long)
    assert f"The voiceover has {words} words in all; only 37 words can be spoken in 15 seconds." in fix_prompt.user
    # each scene that overruns its own seconds is named, with what to cut (16 words; 5 s x 2.5 words/s)
    for n in (1, 2, 3):
        assert f"Scene {n}'s voiceover has 16 words; only 12 fit in its 5 s: cut 4." in fix_prompt.user
    # nothing better came back: the first script is kept whole, with its problem on record
    assert [s["voiceover"] for s in asset.script["scenes"]] == long
    assert [r["round"] for r in asset.generation["repairs"]] == [1, 2]
    assert any("voiceover needs" in p for p in asset.generation["problems"])


def test_an_unreadable_script_is_asked_again_as_json_and_the_readable_one_kept(db_url, use_model):
    model = use_model(QueuedTextModel(lambda p: script_reply(DISTINCT) if is_repair(p) else "Sure! Here is a great video."))
    run_scripts(db_url)
    [asset] = scripts(db_url)
    assert asset.script and len(asset.script["scenes"]) == 3
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p)]
    assert "could not be read as scenes" in fix_prompt.user and "Sure! Here is a great video." in fix_prompt.user
    assert asset.generation["candidates"][0]["failed"]["scenes"].startswith("not parsed")


def test_a_script_in_the_wrong_language_is_repaired_in_the_locale_s_language(db_url, use_model):
    german = ["Das ist die Fjell Flasche.", "Kaltes Wasser auf jedem Weg.", "Fjell, gemacht für die Berge."]
    use_model(QueuedTextModel(lambda p: script_reply(german, ["Flasche am See", "Wanderweg", "Gipfel"])
                              if is_repair(p) else script_reply(DISTINCT)))
    run_scripts(db_url, ["de-DE"])
    [asset] = scripts(db_url, "de-DE")
    assert [s["voiceover"] for s in asset.script["scenes"]] == german
    [repair] = asset.generation["repairs"]
    assert any("not written in German" in p for p in repair["problems"])


def test_the_last_option_of_a_reply_that_ran_out_of_tokens_is_never_picked(db_url, use_model, monkeypatch):
    """'Fjell : une g' fits the limit because the model stopped mid-word; it must not win as an option."""
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    long_lines = "\n".join(f"{i}. Fjell : une gourde qui garde l'eau fraîche toute la journée, partout" for i in range(1, 5))
    use_model(QueuedTextModel(lambda p: f"{long_lines}\n5. Fjell : une g" if "headline" in p.user.lower() else "Fjell"))
    run(db_url, ["fr-FR"])
    (asset, findings), _ = headlines(db_url, "fr-FR")
    assert asset.text != "Fjell : une g" and "une gourde qui garde" in asset.text  # kept whole, with its finding
    assert "builtin.length" in {f.rule for f in findings}


def test_a_repair_that_is_only_the_brand_does_not_win_over_a_real_headline(db_url, use_model, monkeypatch):
    """'Fjell' fits every limit and has no finding, but it is no ad: the too-long text is kept whole."""
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    use_model(QueuedTextModel(lambda p: "Fjell" if is_repair(p) else TOO_LONG))
    run(db_url)
    (asset, findings), _ = headlines(db_url)
    assert asset.text == TOO_LONG and "builtin.length" in {f.rule for f in findings}
    [repair] = asset.generation["repairs"]
    assert repair["text"] == "Fjell" and not repair["kept"]


def test_a_script_reusing_the_worked_example_is_told_which_sentence(db_url, use_model):
    from studio.generate.examples import locale_examples

    borrowed = locale_examples("fr-FR").video_script[0].voiceover
    own = ["Voici la gourde Fjell.", "De l'eau fraîche sur chaque sentier.", "Fjell, faite pour la montagne."]
    model = use_model(QueuedTextModel(lambda p: script_reply(own, ["Gourde au lac", "Sentier", "Sommet"]) if is_repair(p)
                                      else script_reply([borrowed, *own[1:]], ["Gourde au lac", "Sentier", "Sommet"])))
    run_scripts(db_url, ["fr-FR"])
    [asset] = scripts(db_url, "fr-FR")
    assert [s["voiceover"] for s in asset.script["scenes"]] == own
    [fix_prompt] = [p for call in model.calls for p in call if is_repair(p)]
    assert "reuses the worked example's sentence" in fix_prompt.user and "in your own words" in fix_prompt.user


def test_among_options_all_too_long_the_shortest_is_the_one_repaired(db_url, use_model, monkeypatch):
    """Quoted the longest option, a 1.5B model kept most of it; the shortest one too long needs the fewest words cut."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    longest = "Fjell Bottle keeps your drinks cold for 24 hours on every summer hike"
    shortest = "Fjell Bottle: cold water on every hike"  # 38 characters, over 30
    model = use_model(QueuedTextModel(lambda p: SHORT if is_repair(p) else f"{longest}\n{shortest}\nFjell Bottle keeps drinks cold all day"))
    run(db_url)
    (asset, _), _ = headlines(db_url)
    assert asset.generation["candidates"][0]["text"] == shortest
    fixes = [p for call in model.calls for p in call if is_repair(p) and "google" in p.history[-1][0].lower()]
    assert fixes and all(p.history[-1][1] == shortest and f'"{shortest}" has 38 characters' in p.user for p in fixes)
    assert asset.text == SHORT


def test_a_repair_that_cut_a_headline_closer_to_its_limit_is_cut_once_more(db_url, use_model, monkeypatch):
    """lead39's en-IN headline: 54 characters cut to 34 by the one repair round, which was no better by score, so the
    54 were kept with a length block. The closer repair is kept and quoted once more; the one after it fits."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "1")
    closer = "Fjell Bottle: cold water on every hike"  # 38 characters, over 30
    model = use_model(QueuedTextModel(
        lambda p: (SHORT if p.history[-1][1] == closer else closer) if is_repair(p) else TOO_LONG))
    run(db_url)
    for asset, findings in headlines(db_url):
        assert asset.text == SHORT and "builtin.length" not in {f.rule for f in findings}
        assert [(r["round"], r["text"], r["kept"]) for r in asset.generation["repairs"]] == [
            (1, closer, True), (2, SHORT, True)]
    second = [p for call in model.calls for p in call if is_repair(p) and p.history[-1][1] == closer]
    assert len(second) == 2 and all(f'"{closer}" has 38 characters: 8 too many' in p.user for p in second)

