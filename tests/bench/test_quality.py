"""bench/quality.py on the queued test model: each gate fails for the reason a reviewer would see."""

import json

import pytest

from bench import quality
from studio.generate import gates
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401
from tests.helpers.said_headlines import without_said_headlines

DE_SCRIPT = {"scenes": [
    {"visual": "Wanderin am Bergsee bei Sonnenaufgang", "on_screen_text": "Fjell", "voiceover": "Kaltes Wasser den ganzen Tag.", "duration_s": 5},
    {"visual": "Die Flasche im Rucksack auf dem Gipfel", "on_screen_text": "24 Stunden kalt", "voiceover": "Die Fjell Trinkflasche hält Getränke lange kalt.", "duration_s": 5},
    {"visual": "Familie beim Picknick im Park", "on_screen_text": "KI-generiert", "voiceover": "Eine Flasche statt hunderter aus Plastik.", "duration_s": 5},
]}


def responder(prompt) -> str:
    """German drafts that pass every gate; English ones that each break one gate."""
    text = f"{prompt.system}\n{prompt.user}"
    german, headline, script = "German" in prompt.system, "Maximum 30 characters" in text, "JSON" in text
    if german:
        if script:
            return json.dumps(DE_SCRIPT, ensure_ascii=False)
        if headline:
            return "Fjell: 24 Stunden eiskalt"
        return "Die Fjell Trinkflasche hält dein Wasser 24 Stunden kalt, auf jeder Wanderung und an jedem Tag."
    if script:  # three scenes saying the same thing
        return json.dumps({"scenes": [{"visual": "Bottle on a table", "on_screen_text": "Fjell",
                                       "voiceover": "Cold water all day.", "duration_s": 5}] * 3})
    if headline and "concrete fact" in text:  # variant 2: the brand misspelt
        return "Fjel keeps water cold"
    if headline:  # too long for 30 characters
        return "Fjell Bottle keeps drinks cold on every single trail"
    return "The Fjell Bottle keeps your water ice cold for 48 hours on every trail you love."


@pytest.mark.slow
def test_gates_fail_and_pass_for_the_right_reasons(use_model, capsys, monkeypatch):
    without_said_headlines(monkeypatch)  # the model's own headlines are scored, none said in the locale's words
    use_model(QueuedTextModel(responder))
    result = quality.main(["--profile", "queued", "--locales", "en-US,de-DE", "--briefs", "examples/campaign.yaml",
                           "--json", "--quotes", "3"])
    assert json.loads(capsys.readouterr().out)["assets"] == result["assets"] == 8
    by = {(s["locale"], s["channel"], s["variant"]): s for s in result["scores"]}
    for key, s in by.items():
        if key[0] == "de-DE":
            assert s["passed"], s
    # the post's invented 48 hours fail grounded, which its repair (the same reply) does not mend: the post is
    # assembled from the locale's words for the brief (drafts-posts31), and the bench counts it apart
    post = by[("en-US", "instagram", 1)]
    assert post["passed"] and post["assembled"] and "48" not in post["text"]
    too_long = by[("en-US", "google_ads_headline", 1)]  # kept in full (never cut): over the limit, a block finding
    assert too_long["text"] == "Fjell Bottle keeps drinks cold on every single trail"
    assert set(too_long["failed"]) == {"length", "no_block"} and "builtin.length" in too_long["failed"]["no_block"]
    # misspelt ("Fjel"), the brand is not named at all; its repair names Fjell but is too long, and a headline
    # that names the brand is kept over one that never will (drafts-copy11b): whole, with its length finding
    misspelt = by[("en-US", "google_ads_headline", 2)]
    assert misspelt["text"] == "Fjell Bottle keeps drinks cold on every single trail"
    assert set(misspelt["failed"]) == {"length", "no_block"}
    assert "scenes" in by[("en-US", "tiktok", 1)]["failed"]
    assert result["cells"]["de-DE copy"] == {"assets": 3, "passed": 3, "failing": {}}
    assert result["cells"]["en-US copy"]["passed"] == 1 and result["pass_rate"] == 0.625
    assert len(result["quotes"]["de-DE"]) == 3
    # headlines apart from posts, and how many headline options the loop wrote fit: every German one, not the
    # long English one (the misspelt one fits)
    assert result["channels"]["google_ads_headline"] == {"assets": 4, "passed": 2}
    assert result["channels"]["instagram"] == {"assets": 2, "passed": 2}
    fit, written = result["options_fit"]["candidates"]  # a second candidate only where the first has a problem
    assert written >= 4 and 2 <= fit < written


def test_gate_helpers_catch_loops_invented_numbers_and_misspelt_brands():
    assert gates.repeated_ngram("cold water cold water cold water cold water") == "cold water cold"
    assert gates.repeated_ngram("Cold water all day, wherever the day takes you.") is None
    assert gates.repeated_ngram("アムバルドアムバルドアムバルドアムバルド") is not None
    assert gates.numbers_in("Nur 29,99 USD, ٢٤ Stunden, 1,000 Flaschen") == {"29.99", "24", "1000"}
    assert gates.altered_brand("Fjelll keeps it cold", "Fjell") == "Fjelll"
    assert gates.altered_brand("Fjell's bottle, die Fjell-Flasche", "Fjell") is None
    # scripts without spaces (and Korean particles) run the intact brand into a word: not a misspelling
    assert gates.altered_brand("一杯のFjell Bottle。Fjell은 차갑습니다", "Fjell") is None
    assert gates.altered_brand("一杯のFjelll", "Fjell") == "一杯のFjelll"


def test_a_draft_naming_the_worked_examples_product_is_flagged():
    from studio.generate.echoes import copied_example
    from studio.generate.examples import locale_examples
    from studio.plan.brief import load_brief

    brief = load_brief("examples/campaign.yaml")
    name = locale_examples("de-DE").product_name
    [problem] = copied_example(f"{name} Tee: ruhig in den Tag", "de-DE", brief)
    assert name in problem and "Fjell Bottle" in problem
    assert copied_example("Fjell Trinkflasche: 24 Stunden kalt", "de-DE", brief) == []


def test_a_draft_that_echoes_the_prompt_or_reuses_the_examples_sentences_is_flagged():
    """Seen in make demo on the cpu profile: a German post that was the repair prompt itself, and video
    scripts that were the worked example's tea script with the brand swapped in."""
    from studio.generate.echoes import copied_example
    from studio.generate.examples import locale_examples
    from studio.plan.brief import load_brief

    brief = load_brief("examples/campaign.yaml")
    de = locale_examples("de-DE")
    [echo] = copied_example(f"{de.instruction} {de.reply} {de.repair} - Fjell", "de-DE", brief)
    assert "instruction" in echo
    fr_line = locale_examples("fr-FR").video_script[-1].voiceover
    [reused] = copied_example(f"Le matin avec Fjell. | {fr_line}", "fr-FR", brief)
    assert "worked example" in reused
    assert copied_example("Fjell hält dein Wasser den ganzen Tag kalt. | Eine Flasche statt hundert.", "de-DE",
                          brief) == []


@pytest.mark.parametrize("code", ["en-US", "zh-CN", "ja-JP"])
def test_the_examples_sentence_with_the_brand_swapped_in_is_flagged(code):
    """cpu baseline, zh-CN: "一杯Fjell绿茶。" passed every gate: the tea example's "一杯Brio绿茶。" with the brand
    swapped in. The example's product name is read up to any script's comma or bracket ("Brio（...）")."""
    from studio.generate.echoes import copied_example
    from studio.generate.examples import locale_examples
    from studio.plan.brief import load_brief

    brief, ex = load_brief("examples/campaign.yaml"), locale_examples(code)
    assert ex.product_name == "Brio"
    line = ex.video_script[1].voiceover
    assert "Brio" in line
    [reused] = copied_example(f"{brief.brand}. {line.replace('Brio', brief.brand)}", code, brief)
    assert "worked example" in reused and line.rstrip("。.") in reused
    assert copied_example(f"{brief.brand}. {ex.video_script[0].visual[:4]} {brief.product.name}", code, brief) == []


def test_a_script_that_keeps_the_examples_visual_is_flagged():
    """cpu, en-US: distinct scenes about Fjell, shot as 'Steam rises from a cup on a kitchen table' (the tea
    example's visual). Each field of a scene is a sentence of its own to the copied gate."""
    from studio.generate.examples import locale_examples
    from studio.generate.video_script import Scene, VideoScript
    from studio.plan.brief import load_brief

    brief, ex = load_brief("examples/campaign.yaml"), locale_examples("en-US")
    said = ["Cold water all day.", "Cold for 24 hours.", "One bottle, not hundreds."]
    own = ["A bottle on a mountain trail", "A hiker drinks by a lake", "A hand holds the bottle"]
    script = VideoScript([Scene(v, "Fjell", s, 5.0) for v, s in zip([ex.video_script[0].visual, *own[1:]], said)])
    assert "copied" in gates.script_gates(script, "en-US", brief)
    ok = VideoScript([Scene(v, "Fjell", s, 5.0) for v, s in zip(own, said)])
    assert "copied" not in gates.script_gates(ok, "en-US", brief)


def test_headline_fit_counts_the_options_that_fit_before_and_after_a_prompt_change(use_model, tmp_path, capsys):
    """bench/headline_fit.py: the old prompts folder and the current one go to the model in one call; the
    options of each reply are counted against the limit, and the picked one is gated."""
    import shutil

    from bench import headline_fit

    before = tmp_path / "prompts"
    shutil.copytree("prompts", before)
    (before / "repair_lines.yaml").write_text((before / "repair_lines.yaml").read_text(encoding="utf-8").replace(
        "Gib fünf verschiedene Überschriften", "Nenne acht verschiedene Überschriften"), encoding="utf-8")

    def reply(prompt) -> str:
        if "Nenne acht" in prompt.user:  # the old prompt: long options only
            return "Fjell Trinkflasche hält Getränke 24 Stunden kalt\nDie Fjell Trinkflasche für jeden Tag im Freien"
        return "Fjell: 24 Stunden kalt\nFjell: Wasser, kalt und klar\nFjell Trinkflasche hält Getränke 24 Stunden kalt"

    use_model(QueuedTextModel(reply))
    result = headline_fit.main(["--profile", "queued", "--locales", "de-DE", "--before-prompts", str(before),
                                "--candidates", "1"])
    assert result["before"]["total"] == {"options": 4, "fit": 0, "replies": 2, "picked_fit": 0, "picked_pass": 0}
    assert result["after"]["total"] == {"options": 6, "fit": 4, "replies": 2, "picked_fit": 2, "picked_pass": 2}
    assert "options that fit 4/6" in capsys.readouterr().out


def test_headline_fit_counts_every_option_a_drafting_run_recorded(use_model, tmp_path, monkeypatch, capsys):
    """bench/headline_fit.py --db: no model call; every option of every first candidate's and repair's reply
    on headline channels, as the drafting run kept them in the asset's generation meta."""
    from bench import headline_fit
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import run_brief

    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "1")
    long_de = "Fjell Trinkflasche hält Getränke 24 Stunden kalt"

    def reply(prompt) -> str:
        if "Google Ads" not in (prompt.history[0][0] if prompt.is_repair else prompt.user):
            return "Fjell hält Ihr Wasser kalt, den ganzen Tag. #Fjell"
        return "1. Fjell: 24 Stunden kalt\n2. Fjell: kalt\n3. Fjell" if prompt.is_repair else f"1. {long_de}\n2. {long_de}!"

    use_model(QueuedTextModel(reply))
    db = f"sqlite:///{tmp_path / 'run.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db, locales=["de-DE"], kinds=["copy"])
    [result] = headline_fit.main(["--db", db, "--locales", "de-DE"])["dbs"]
    # two headline jobs: two options each in the first reply (none fits), three in the repair's (all fit)
    assert result["total"] == {"candidates": [0, 4], "repairs": [6, 6], "kept_fit": 2, "headlines": 2}
    assert result["all_options"] and "first candidates 0/4, repairs 6/6; kept headline fits 2/2" in capsys.readouterr().out


def test_assembled_posts_are_counted_apart_from_what_the_model_wrote(capsys):
    """A post assembled from the locale's words (meta ``assembled``) passes on curated phrases: the report says how
    many of the passes are such posts and what the model itself wrote that passes."""
    scores = [quality.Score("th-TH", "copy", "instagram", 1, "Fjell Bottle: 750 ml", assembled=True),
              quality.Score("th-TH", "copy", "google_ads_headline", 1, "Fjell"),
              quality.Score("th-TH", "copy", "google_ads_headline", 2, "Fjell", failed={"sense": "says nothing"})]
    result = quality.report(scores, None, quotes=0)
    assert result["assembled"] == {"assets": 1, "passed": 1}
    assert [s["assembled"] for s in result["scores"]] == [True, False, False]
    quality.print_report(result)
    out = capsys.readouterr().out
    assert "assembled from the locale's words" in out and "written by the model and passing: 1/3" in out
