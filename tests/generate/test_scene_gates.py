"""What a video script's scenes gate reads beyond repeated scenes, and what a scene written on its own is asked
again for: an on-screen text that copies its voiceover, a word said twice back to back, a voiceover off its
plan line (prompts/scene_gates.yaml, whose examples run here); a scene still wrong after its re-ask is kept with a
``scene_unresolved`` warn that the reviewer sees; a scene that copies the worked example without its product's
name is told so."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.gates import script_gates
from studio.generate.scene_problems import off_point
from studio.generate.scene_rules import _scene_rules, caption_copies, stutter
from studio.generate.video_script import Scene, VideoScript
from studio.plan.brief import load_brief
from studio.store.database import session_scope
from studio.store.tables import FindingRow
from tests.generate.test_scene_by_scene import asked, by_scene, db_url, run_scripts, scene_reply  # noqa: F401
from tests.helpers.queued_model import use_model  # noqa: F401

FILE = Path(__file__).resolve().parents[2] / "prompts" / "scene_gates.yaml"
DATA = load_yaml_file(FILE)[0]
BRIEF = load_brief("examples/campaign.yaml")


def _script(scenes: list[tuple[str, str]]) -> VideoScript:
    """(voiceover, on-screen text) per scene, each with its own visual."""
    return VideoScript([Scene(f"Shot {i}", shown, said, 5) for i, (said, shown) in enumerate(scenes, 1)])


@pytest.mark.parametrize("ex", DATA["caption_copies"]["fails"], ids=lambda ex: ex["voiceover"][:30])
def test_an_on_screen_text_that_says_the_voiceover_again_fails_the_scenes_gate(ex):
    assert caption_copies(ex["voiceover"], ex["on_screen_text"], ex["locale"])
    script = _script([(ex["voiceover"], ex["on_screen_text"]), ("Eine Flasche statt hunderter.", "Fjell")])
    assert "scene 1's on-screen text copies its voiceover" in script_gates(script, ex["locale"], BRIEF)["scenes"]


@pytest.mark.parametrize("ex", DATA["caption_copies"]["clean"], ids=lambda ex: ex["voiceover"][:30])
def test_a_caption_of_its_own_or_a_name_under_a_name_is_no_copy(ex):
    assert not caption_copies(ex["voiceover"], ex["on_screen_text"], ex["locale"])


@pytest.mark.parametrize("ex", DATA["stutter"]["fails"], ids=lambda ex: ex["text"][:30])
def test_a_word_or_phrase_said_twice_back_to_back_fails_the_scenes_gate(ex):
    doubled = stutter(ex["text"], ex["locale"])
    assert doubled and (f"{doubled} {doubled}" in ex["text"].casefold() or f"{doubled}{doubled}" in ex["text"])
    script = _script([(ex["text"], "Fjell"), ("Eine Flasche statt hunderter.", "Fjell 24 h")])
    assert f"scene 1 says {doubled!r} twice in a row" in script_gates(script, ex["locale"], BRIEF)["scenes"]


@pytest.mark.parametrize("ex", DATA["stutter"]["clean"], ids=lambda ex: ex["text"][:30])
def test_a_figure_of_speech_a_reflexive_verb_or_a_reduplicated_word_is_no_stutter(ex):
    assert stutter(ex["text"], ex["locale"]) is None


@pytest.mark.parametrize("ex", DATA["off_point"]["fails"], ids=lambda ex: ex["voiceover"][:30])
def test_a_voiceover_that_only_names_the_brand_or_says_something_else_is_off_its_point(ex):
    assert off_point(ex["voiceover"], ex["line"], ex["locale"], BRIEF, hook=ex.get("hook", False))


@pytest.mark.parametrize("ex", DATA["off_point"]["clean"], ids=lambda ex: ex["voiceover"][:30])
def test_a_voiceover_that_says_its_point_in_its_own_words_is_on_it(ex):
    assert off_point(ex["voiceover"], ex["line"], ex["locale"], BRIEF, hook=ex.get("hook", False)) is None


def test_a_broken_threshold_fails_at_load_naming_file_and_line(tmp_path):
    path = tmp_path / "scene_gates.yaml"
    text = FILE.read_text(encoding="utf-8").replace("  min_cosine: 0.1\n", "  min_cosine: 10\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudioError, match="off_point.min_cosine must be a number") as err:
        _scene_rules(str(path), 0.0)
    assert f"{path}:{text.splitlines().index('  min_cosine: 10') + 1}" in str(err.value)


def test_a_scene_that_only_names_the_brand_is_asked_again_for_its_point_and_the_fix_is_kept(db_url, by_scene):  # noqa: F811
    """'Fjell Bottle.' as scene 2's voiceover passes the language gate and says nothing: asked again, quoting
    the point it has to get across."""

    def responder(prompt):
        if asked(prompt)[1] == 2 and "only names the brand" not in prompt.user:
            return scene_reply(prompt, say="Fjell Bottle.")
        return scene_reply(prompt)

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3]]
    assert '"Fjell Bottle." only names the brand' in model.calls[2][0].user
    assert "Keeps drinks cold for 24 hours" in model.calls[2][0].user
    assert asset.script["scenes"][1]["voiceover"] == "Fjell keeps drinks cold all day."


def test_a_scene_still_wrong_after_its_re_ask_is_kept_with_a_scene_unresolved_warn(db_url, by_scene):  # noqa: F811
    """Never silently kept: the reviewer sees which scene and why on the asset's findings."""
    model = by_scene(lambda p: scene_reply(p, say="Fjell Bottle.") if asked(p)[1] == 2 else scene_reply(p))
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls][:3] == [[1], [2], [2]]
    assert asset.script["scenes"][1]["voiceover"] == "Fjell Bottle."
    with session_scope(db_url) as s:
        found = [
            f for f in s.exec(select(FindingRow).where(FindingRow.asset_id == asset.id)) if f.rule == "scene_unresolved"
        ]
    assert [(f.severity, f.category) for f in found] == [("warn", "generation")]
    assert found[0].message.startswith("Scene 2 was asked again and is still wrong (off_point)")


def test_a_scene_that_copies_the_worked_example_without_its_product_name_is_told_so():
    """The scene prompt shows the worked example's scene without its product's name ('Eine Tasse Grüntee.'): a
    scene that says it back names no example product and copied it all the same."""
    from studio.generate.echoes import copied_example

    for locale, line in [
        ("de-DE", "Eine Tasse Grüntee."),
        ("ja-JP", "一杯の緑茶。"),
        ("fr-FR", "Une tasse de thé vert."),
    ]:
        [why] = copied_example(line, locale, BRIEF)
        assert "reuses the worked example's sentence" in why
    assert copied_example("Fjell hält Getränke den ganzen Tag kalt.", "de-DE", BRIEF) == []


def test_a_voiceover_that_says_the_scenes_job_is_asked_again_for_its_point(db_url, by_scene):  # noqa: F811
    """pt-BR's call to action said 'A chamada para ação.' (the job its ask named): asked again, quoting the point."""
    model = by_scene(
        lambda p: (
            scene_reply(p, say="The call to action.")
            if asked(p)[1] == 3 and "only names" not in p.user
            else scene_reply(p)
        )
    )
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3], [3]]
    assert "only names the scene's job" in model.calls[3][0].user
    assert asset.script["scenes"][2]["voiceover"] == "Carry one bottle, not hundreds."


@pytest.mark.parametrize("ex", DATA["example_retold"]["fails"], ids=lambda ex: ex["text"][:30])
def test_a_worked_example_line_retold_with_the_names_swapped_is_found(ex):
    from studio.generate.scene_rules import example_retold

    assert example_retold(ex["text"], ex["locale"], BRIEF)


@pytest.mark.parametrize("ex", DATA["example_retold"]["clean"], ids=lambda ex: ex["text"][:30])
def test_a_line_of_its_own_that_shares_a_few_words_with_the_example_is_not_a_retelling(ex):
    from studio.generate.scene_rules import example_retold

    assert example_retold(ex["text"], ex["locale"], BRIEF) is None


def test_a_scene_whose_visual_retells_the_examples_shot_gets_the_plans_shot_without_a_re_ask(db_url, by_scene):  # noqa: F811
    """de-DE's instagram scenes (drafts-script9 run): 'Hände gießen Lumo Daily Cream am Fenster ein', the tea
    example's shot with the product swapped in, no example name left to find. Re-asked, 5 of 7 scenes that carried
    the example over came back with it (the 23-locale run at 70508b2): the visual becomes the shot the ask named."""
    model = by_scene(
        lambda p: (
            scene_reply(p, shot="Hände gießen Fjell Bottle am Fenster ein") if asked(p)[1] == 1 else scene_reply(p)
        )
    )
    [asset] = run_scripts(db_url, ["de-DE"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3]]
    assert asset.script["scenes"][0]["visual"] == "Einen Blickfang"
    assert "copied" not in asset.generation["candidates"][0]["failed"]


def test_a_caption_that_copies_its_voiceover_keeps_its_leading_clause_or_goes_without_a_re_ask(db_url, by_scene):  # noqa: F811
    """drafts-script10's base: asked for "a few other words on screen", the 1.5B model wrote the same caption 7
    times of 7 (en-US, it-IT, pt-BR), each re-ask a model call. A caption the subtitle already shows keeps its
    leading clause where that is words of its own, else the scene has no on-screen text (the AI label stays)."""

    def responder(prompt):
        n = asked(prompt)[1]
        said = {1: "Cold water all day, on every trail you take.", 3: "Carry one bottle, not hundreds."}.get(n)
        if said is None:
            return scene_reply(prompt)
        shown = said.rstrip(".") if n == 1 else "Carry one bottle not hundreds"
        shot = "A trail at dawn" if n == 1 else "A hand holds the bottle"
        return f"{prompt.prefill} {shot}\nOn-screen text: {shown}\nVoiceover: {said}\nScene {n + 1}"

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3]]  # no re-ask
    scenes = asset.script["scenes"]
    assert scenes[0]["on_screen_text"] == "Cold water all day"
    assert scenes[2]["on_screen_text"] == "AI-generated"  # no clause of its own: only the brief's label
    assert "scenes" not in script_gates(
        _script([(s["voiceover"], s["on_screen_text"]) for s in scenes]), "en-US", BRIEF
    )
    assert asset.generation["scenes_written"][0]["own_caption"] == "Cold water all day"


@pytest.mark.parametrize("ex", DATA["example_product"]["fails"], ids=lambda ex: ex["text"][:30])
def test_a_scene_that_shows_the_worked_examples_product_fails_the_copied_gate(ex):
    """drafts-script10's base: es-ES's 'Fjell Bottle en primer plano, con una taza de té verde a granel' passed
    every gate (the example's tea, carried over without its name)."""
    from studio.generate.scene_rules import example_product

    assert example_product(ex["text"], ex["locale"], BRIEF)
    script = VideoScript([Scene(ex["text"], "Fjell", "Fjell.", 5), Scene("Fjell Bottle", "24 h", "Kalt.", 5)])
    assert "the worked example's product" in script_gates(script, ex["locale"], BRIEF)["copied"]


@pytest.mark.parametrize("ex", DATA["example_product"]["clean"], ids=lambda ex: ex["text"][:30])
def test_a_scene_about_the_briefs_own_product_shows_no_example_product(ex):
    from studio.generate.scene_rules import example_product

    assert example_product(ex["text"], ex["locale"], BRIEF) is None


def test_a_tea_brief_may_name_its_own_tea_and_a_broken_word_list_fails_at_load(tmp_path):
    from studio.generate.scene_rules import example_product

    tea = BRIEF.model_copy(update={"product": BRIEF.product.model_copy(update={"name": "Fjell Green Tea"})})
    assert example_product("A cup of green tea by the lake.", "en-US", tea) is None
    path = tmp_path / "scene_gates.yaml"
    text = FILE.read_text(encoding="utf-8").replace("    en: [green tea]\n", "    en: []\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudioError, match="example_product.words must be a mapping") as err:
        _scene_rules(str(path), 0.0)
    assert f"{path}:" in str(err.value)


def test_a_scene_that_carries_the_worked_examples_tea_over_in_its_visual_gets_the_plans_shot(db_url, by_scene):  # noqa: F811
    model = by_scene(
        lambda p: scene_reply(p, shot="Fjell Bottle beside a cup of green tea") if asked(p)[1] == 2 else scene_reply(p)
    )
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3]]
    assert asset.script["scenes"][1]["visual"] == "Fjell Bottle up close"


def test_a_voiceover_that_carries_the_worked_examples_tea_over_is_asked_again(db_url, by_scene):  # noqa: F811
    """Without a point to say instead (profiles without ``script_points``), the scene is asked again."""

    def responder(prompt):
        if asked(prompt)[1] == 2 and "the worked example's product" not in prompt.user:
            return scene_reply(prompt, say="Fjell Bottle and a cup of green tea.")
        return scene_reply(prompt)

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3]]
    assert "It shows 'green tea', the worked example's product, not Fjell Bottle" in model.calls[2][0].user
    assert "green tea" not in asset.script["scenes"][1]["voiceover"]


def test_a_voiceover_that_stops_on_a_word_its_phrase_goes_on_from_fails_the_unfinished_gate():
    """drafts-latin18's note: a vi-VN script whose scene said only 'Một người đang' (a person is [doing]) passed
    every gate; a voiceover ending on a finished word passes."""
    cut = _script([("Một người đang.", "Fjell"), ("Nước lạnh cả ngày với Fjell.", "Nước lạnh")])
    assert "scene 1's voiceover ends on 'đang'" in script_gates(cut, "vi-VN", BRIEF)["unfinished"]
    whole = _script([("Một người đang leo núi.", "Fjell"), ("Nước lạnh cả ngày với Fjell.", "Nước lạnh")])
    assert "unfinished" not in script_gates(whole, "vi-VN", BRIEF)


# On-screen texts of the 23-locale run and drafts-loops19's runs: the ones a reviewer keeps, in 12 languages, and the
# ones that say the prompt back (the scene ask's words, a line about the product's description), which fitted drops.
KEPT_CAPTIONS = [("ar-SA", "بارد طوال اليوم"), ("en-GB", "Drinks stay cool for 24 hours"), ("en-US", "Stay cool and hydrated, wherever you go"),
                 ("es-MX", "Agua fría todo el día, donde vayas."), ("fr-FR", "L'eau fraîche toute la journée, où le jour va."),
                 ("it-IT", "Acqua fresca tutt'oggi"), ("ja-JP", "一日中、冷たい水を飲むことができます。"), ("nl-NL", "Koud water de hele dag"),
                 ("pl-PL", "Zimna woda cały dzień, gdziekolwiek jesteś"), ("pt-BR", "Mantém as bebidas geladas por 24 horas"),
                 ("th-TH", "น้ำเย็นตลอดวัน"), ("vi-VN", "Ghi giữ đồ uống luôn lạnh cho 24 giờ"), ("zh-CN", "清冷的水")]
TALKING_CAPTIONS = [("ja-JP", "Fjell Bottleの商品の説明です。", ""),
                    ("ar-AE", "حافظ على المشروبات بارد لمدة 24 ساعة. قلها في جملة عربية جديدة بكلماتك الخاصة؛ لا تنقل أي كلمة إنجليزية.",
                     "حافظ على المشروبات بارد لمدة 24 ساعة."),
                    ("th-TH", "ฟิลเลทเปิดเรื่องที่เราคิดว่าจะเป็นประโยคภาษาไทยใหม่", "")]


@pytest.mark.parametrize(("locale", "caption"), KEPT_CAPTIONS)
def test_an_on_screen_text_of_the_ad_is_kept(locale, caption):
    from studio.generate.scene_fits import untalking_caption

    assert untalking_caption({"visual": "", "on_screen_text": caption, "voiceover": "Fjell."}, locale, BRIEF) is None


@pytest.mark.parametrize(("locale", "caption", "left"), TALKING_CAPTIONS)
def test_an_on_screen_text_that_says_the_prompt_back_keeps_only_the_ads_words(locale, caption, left):
    """ar-AE's captions went on with the scene ask ('say it in a new Arabic sentence in your own words'), ja-JP's said
    'this is the product's description': both scripts failed sense. The sentences that talk go, with no re-ask."""
    from studio.generate.scene_fits import untalking_caption
    from studio.generate.sense import sense_gate

    scene = untalking_caption({"visual": "", "on_screen_text": caption, "voiceover": "Fjell."}, locale, BRIEF)
    assert scene is not None and scene["on_screen_text"] == left
    assert not left or sense_gate([left], locale, BRIEF) == {}


# Captions that put the scene's job from the plan on screen (q23e's and session 43's de-DE scripts passed every gate
# with 'Der Einstieg' / 'Das Produkt' / 'Die Handlungsaufforderung' as on-screen text), and captions that merely
# start with the same words.
LABEL_CAPTIONS = [("de-DE", "Der Einstieg", ""), ("de-DE", "Der Einstieg. Kaltes Wasser den ganzen Tag", "Kaltes Wasser den ganzen Tag"),
                  ("de-DE", "die Handlungsaufforderung:", ""), ("en-US", "The call to action - Grab yours", "Grab yours"),
                  ("en-US", "The product that lasts", None), ("de-DE", "Das Produktdesign aus Stahl", None),
                  ("de-DE", "Kaltes Wasser", None)]


@pytest.mark.parametrize(("locale", "caption", "left"), LABEL_CAPTIONS)
def test_an_on_screen_text_naming_the_scenes_job_loses_the_name(locale, caption, left):
    from studio.generate.scene_fits import fitted, unlabelled_caption

    scene = {"visual": "", "on_screen_text": caption, "voiceover": "Fjell."}
    out = unlabelled_caption(scene, locale)
    assert (out is None) if left is None else (out is not None and out["on_screen_text"] == left)
    if left == "":  # the script the reviewer sees shows no job name on screen
        line = {"n": 1, "job": "hook", "say": "Cold water all day", "seconds": 5, "budget": 12}
        assert fitted(scene, line, locale)["on_screen_text"] == ""


def test_a_voiceover_that_talks_like_the_request_is_a_scene_problem_its_point_answers():
    """drafts-scripts20's base: fr-FR's hook 'C'est un moment unique pour vous.' failed the script's sense gate (0.35 to
    the prompt's lines, 0.31 to the brief) yet was above off_point's floor. Over 135 voiceovers of five runs this reads
    two as the request (that one and th-TH's voiceover that ran on into the scene ask) and none of the others."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_problems import scene_problem
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(locale="fr-FR", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    plan = plan_for_script(BRIEF, "fr-FR", 15)
    hook = {"visual": "Un banc au soleil", "on_screen_text": "", "voiceover": "C'est un moment unique pour vous."}
    assert scene_problem(hook, [], plan, job, BRIEF)[0] == "off_point"
    good = {**hook, "voiceover": "De l'eau fraîche toute la journée, où que tu ailles."}
    assert scene_problem(good, [], plan, job, BRIEF) is None


def test_a_script_that_names_the_product_in_a_picture_is_on_topic_and_one_that_names_it_nowhere_is_not():
    # q23's nl-NL script: the bottle is in the pictures, the voiceovers say its facts; the drafting loop read
    # voiceovers and on-screen text only and failed 16 of 23 stored scripts so, while the bench read none
    shown = VideoScript([Scene("Een beeld dat meteen opvalt", "", "Koud water de hele dag, waar je ook bent.", 5.0),
                         Scene("Fjell Bottle van dichtbij", "", "Houdt drankjes koud voor 24 uur.", 5.0),
                         Scene("Een fles in de hand", "Gemaakt met AI", "Eén fles in plaats van honderden plastic flessen.", 5.0)])
    assert "on_topic" not in script_gates(shown, "nl-NL", BRIEF)
    nowhere = VideoScript([Scene("Een meer in de bergen", "", "Koud water de hele dag, waar je ook bent.", 5.0),
                           Scene("Een fles van dichtbij", "", "Houdt drankjes koud voor 24 uur.", 5.0),
                           Scene("Een fles in de hand", "Gemaakt met AI", "Eén fles in plaats van honderden plastic flessen.", 5.0)])
    assert "Fjell" in script_gates(nowhere, "nl-NL", BRIEF)["on_topic"]


def test_a_first_scene_whose_voiceover_says_one_run_twice_is_asked_again_as_later_scenes_are():
    """lead40's re-scored 23-locale run: it-IT's hook 'Buon giorno, tu. Buona giornata, lei. Buona giornata, tu. Buona
    giornata, lei.' was kept unasked (the repeat across voiceovers was read from the second scene on) and the script
    failed its scenes gate on it; its point, 'Acqua fresca tutt'oggi, dove il giorno ti porta.', had been written."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_problems import scene_problem
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(locale="it-IT", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    plan = plan_for_script(BRIEF, "it-IT", 15)
    hook = {"visual": "Fjell Bottle in primo piano", "on_screen_text": "",
            "voiceover": "Buon giorno, tu. Buona giornata, lei. Buona giornata, tu. Buona giornata, lei."}
    kind, ask = scene_problem(hook, [], plan, job, BRIEF)
    assert kind == "repeat" and "tu buona giornata lei" in ask and "scenes before it" not in ask
    good = {**hook, "voiceover": "Acqua fresca tutto il giorno, ovunque tu vada."}
    assert scene_problem(good, [], plan, job, BRIEF) is None


def test_a_voiceover_that_reads_as_the_worked_example_is_a_scene_problem_its_point_answers():
    """q23d (lead41's 23-locale run): es-MX's hook 'Si estás buscando la tranquilidad de la noche, la vela es tu guía.'
    (a candle at night: 0.32 to the worked example, 0.26 to the brief) was kept unasked and the script failed its sense
    gate, though its point 'Agua fría todo el día, donde vayas.' had been written and checked."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_problems import scene_problem
    from studio.generate.sense import sense_gate
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(locale="es-MX", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    plan = plan_for_script(BRIEF, "es-MX", 15)
    said = "Si estás buscando la tranquilidad de la noche, la vela es tu guía."
    hook = {"visual": "una imagen con una vela en la noche", "on_screen_text": "", "voiceover": said}
    assert "worked example" in sense_gate([said], "es-MX", BRIEF)["sense"]  # what the finished script would fail
    kind, ask = scene_problem(hook, [], plan, job, BRIEF)
    # the hook's point in the locale's words, as the copy prompt gives it (drafts-scene30), not the brief's English
    assert kind == "example" and said in ask and "Agua fría todo el día" in ask and "Cold water" not in ask
    good = {**hook, "voiceover": "Agua fría todo el día, donde vayas."}
    assert scene_problem(good, [], plan, job, BRIEF) is None


def test_a_scene_that_says_instead_backwards_or_words_the_language_lacks_is_a_scene_fault_its_point_answers():
    """q23g's tr-TR call to action 'Tek bir şişe yerine' (instead of one bottle) and hi-IN's 'एक बोटल औसे दूसरे से दूसरे
    प्लास्टिक बोटल के वाले.' (not Hindi words) were kept unasked while written, and each script failed that gate alone
    (instead, words). Read in the scene, each is asked again with its point, the locale's verified words, which the
    point itself passes; a point the model wrote that says it backwards is refused too."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_points import point_problem
    from studio.generate.scene_problems import scene_fault
    from studio.plan.brief import PlannedAsset

    for locale, said, gate in (("tr-TR", "Tek bir şişe yerine", "instead"),
                               ("hi-IN", "एक बोटल औसे दूसरे से दूसरे प्लास्टिक बोटल के वाले.", "words")):
        job = PlannedAsset(locale=locale, kind="video_script", channel="tiktok", variant=1, duration_s=15)
        plan = plan_for_script(BRIEF, locale, 15)
        earlier = [{"visual": "a", "on_screen_text": "", "voiceover": v["said"]} for v in plan[:2]]
        scene = {"visual": "Elde Fjell Bottle", "on_screen_text": "", "voiceover": said}
        fault = scene_fault(scene, earlier, plan, job, BRIEF)
        assert fault[0] == gate and f'"{plan[2]["said"]}"' in fault[1]
        assert scene_fault({**scene, "voiceover": plan[2]["said"] + "।" * (locale == "hi-IN")}, earlier, plan, job, BRIEF) is None
    assert "tek" in point_problem("Tek bir şişe yerine", "One bottle instead of hundreds of plastic ones", "tr-TR", BRIEF)


@pytest.mark.parametrize("field, text, kept", [
    ("on_screen_text", "'Koud water de hele dag", "Koud water de hele dag"),  # q23g nl-NL, on screen as written
    ("visual", 'Fjell Bottle en gros plan, avec un label indiquant "24 heures froides',
     "Fjell Bottle en gros plan, avec un label indiquant 24 heures froides"),  # q23g fr-CA, cut inside its quote
    ("on_screen_text", "「冷たい水", "冷たい水")])
def test_a_quote_mark_a_scene_opens_and_never_closes_is_taken_out(field, text, kept):
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitted

    scene = {"visual": "Fjell Bottle", "on_screen_text": "", "voiceover": "Fjell.", field: text}
    assert fitted(scene, plan_for_script(BRIEF, "nl-NL", 15)[0], "nl-NL")[field] == kept


@pytest.mark.parametrize("text", ['Un «mot» clair', "l'eau fraîche", "「冷たい水」", "„Kaltes Wasser“ jeden Tag", 'Label "Fjell"'])
def test_quote_marks_that_pair_up_are_left_as_they_are(text):
    from studio.generate.scene_fits import closed_quotes

    assert closed_quotes({"visual": text, "on_screen_text": text, "voiceover": ""}) is None


def test_a_voiceover_that_says_only_a_clause_of_its_point_is_off_it_and_a_point_copied_without_its_marks_is_respelt():
    """drafts-scripts31's model run: hi-IN's hook said only 'आप जहाँ भी जाएँ।' (wherever you go) of its point 'दिन भर ठंडा
    पानी, आप जहाँ भी जाएँ' and passed every gate; tr-TR's copied its point as 'Soguk su gün boyu, ...' (ğ as g)."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import respelt
    from studio.generate.scene_problems import scene_problem
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(locale="hi-IN", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    plan = plan_for_script(BRIEF, "hi-IN", 15)
    hook = {"visual": "ध्यान खींचने वाला दृश्य", "on_screen_text": "", "voiceover": "आप जहाँ भी जाएँ।"}
    problem = scene_problem(hook, [], plan, job, BRIEF)
    assert problem[0] == "off_point" and "only part of its line" in problem[1]
    assert scene_problem({**hook, "voiceover": "दिन भर ठंडा पानी, आप जहाँ भी जाएँ।"}, [], plan, job, BRIEF) is None
    line = plan_for_script(BRIEF, "tr-TR", 15)[0]
    scene = {"visual": "Dikkat çeken bir görüntü", "on_screen_text": "Soguk su gün boyu",
             "voiceover": "Soguk su gün boyu, gün sizi nereye götürürse götürsün"}
    assert respelt(scene, line, "tr-TR") == {**scene, "on_screen_text": "Soğuk su gün boyu",
                                             "voiceover": "Soğuk su gün boyu, gün sizi nereye götürürse götürsün"}
    # a word of its own the point marks ('esta' this, 'está' is) stays
    assert respelt({**scene, "voiceover": "Esta agua", "on_screen_text": ""}, {"said": "El agua está fría"}, "es-ES") is None
