"""Video scripts written scene by scene (profiles with drafting.script_by_scene, the cpu default): one
batched model call per scene position across the run's scripts, each reply stopped at the end of its
scene, a repeated scene asked again once with the repeat quoted; what a reviewer finds on the asset."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from studio.core.config import get_settings
from studio.generate.scenes import SCENE_STOP
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, script_json, use_model  # noqa: F401

SAMPLE = "examples/campaign.yaml"
# what each locale's scenes say, by scene number (short enough for 5 s at every rate)
SAYS = {
    "American English": ["Cold water on every trail.", "Fjell keeps drinks cold all day.", "Carry one bottle, not hundreds."],
    "German": ["Kaltes Wasser auf jedem Weg.", "Fjell hält Getränke den ganzen Tag kalt.", "Eine Flasche statt hunderte."],
    "French": ["De l'eau fraîche sur chaque sentier.", "Fjell garde vos boissons fraîches.", "Une gourde au lieu de cent."],
}
SHOTS = ["A hiker on a ridge at dawn", "The bottle on a rock by a lake", "A hand lifts the bottle"]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


@pytest.fixture
def by_scene(use_model, monkeypatch):
    """``by_scene(responder)``: runs draft with that responder through the test profile whose scripts are
    written scene by scene."""
    return _installer(use_model, monkeypatch, "queued-scenes")


def _installer(use_model, monkeypatch, profile: str):
    """A fixture's ``install(responder)``: that responder answers through the test profile ``profile``."""

    def install(responder) -> QueuedTextModel:
        model = use_model(QueuedTextModel(responder))
        monkeypatch.setenv("STUDIO_PROFILE", profile)
        get_settings.cache_clear()
        return model

    return install


def asked(prompt) -> tuple[str, int]:
    """(language, scene number) a scene prompt asks for."""
    language = re.search(r"short ads in ([\w ]+?) for", prompt.system).group(1)
    return language, int(re.match(r"Scene (\d+)\nVisual:", prompt.prefill).group(1))


def scene_reply(prompt, say: str | None = None, shot: str | None = None) -> str:
    """A reply as the model writes it: the prefill continued, then (cut off by the stop) the next scene."""
    language, n = asked(prompt)
    said = say or SAYS[language][n - 1]
    return (f"{prompt.prefill} {shot or SHOTS[n - 1]}\nOn-screen text: Fjell\nVoiceover: {said}"
            f"\nScene {n + 1}\nVisual: more")


def run_scripts(db_url, locales):
    brief = load_brief(SAMPLE)  # targeting the locales asked too (zh-CN is not one of the sample's)
    brief = brief.model_copy(update={"locales": list(dict.fromkeys([*brief.locales, *locales]))})
    run_brief(brief, db_url=db_url, locales=list(locales), kinds=["video_script"])
    with session_scope(db_url) as s:
        return {a.locale: a for a in s.exec(select(Asset).where(Asset.kind == "video_script")).all()}


def test_each_scene_position_is_one_call_for_every_script_with_the_earlier_scenes_in_its_chat(db_url, by_scene):
    model = by_scene(scene_reply)
    assets = run_scripts(db_url, ["en-US", "de-DE", "fr-FR"])
    scene_calls = [call for call in model.calls if all("Scene" in p.prefill for p in call)]
    # three positions, each one call holding the three locales' scene at that position, in order
    assert [sorted(asked(p) for p in call) for call in scene_calls] == [
        [("American English", n), ("French", n), ("German", n)] for n in (1, 2, 3)]
    assert len(model.calls) == 3, "no re-ask and no whole-script call for scripts with distinct scenes"
    for call, options in zip(model.calls, model.options):
        assert options["stop"] == list(SCENE_STOP)
        for p in call:
            _, n = asked(p)
            assert p.prefill == f"Scene {n}\nVisual:"
            # the chat holds each earlier scene as the model's own reply, without what ran on past it
            assert [turn[1].splitlines()[-1] for turn in p.history] == [
                f"Voiceover: {s}" for s in SAYS[asked(p)[0]][:n - 1]]
    german = assets["de-DE"]
    assert [s["voiceover"] for s in german.script["scenes"]] == SAYS["German"]
    assert [s["visual"] for s in assets["en-US"].script["scenes"]] == SHOTS
    # the English visuals in a German script are the plan's shots in German (``own_visual``)
    assert [s["visual"] for s in german.script["scenes"]] == ["Einen Blickfang", "Fjell Bottle in Nahaufnahme",
                                                              "Fjell Bottle in der Hand"]
    assert sum(s["duration_s"] for s in german.script["scenes"]) == pytest.approx(15)
    # the brief asks for AI disclosure: the market's label is on the last scene's on-screen text
    assert german.script["scenes"][-1]["on_screen_text"] == "Fjell · KI-generiert"
    assert german.generation["chosen"] == "candidate 1" and not german.generation["repairs"]
    assert [entry["scene"] for entry in german.generation["scenes_written"]] == [1, 2, 3]


def test_a_scene_that_repeats_an_earlier_one_is_asked_again_once_with_the_repeat_quoted(db_url, by_scene):
    first = SAYS["American English"][0]

    def responder(prompt):
        language, n = asked(prompt)
        if language == "American English" and n == 2 and "already says" not in prompt.user:
            return scene_reply(prompt, say=first)  # scene 2 says scene 1's line again
        return scene_reply(prompt)

    model = by_scene(responder)
    assets = run_scripts(db_url, ["en-US", "de-DE"])
    # positions 1 and 2, the re-ask of the English scene 2 alone, position 3
    assert [[asked(p) for p in call] for call in model.calls][2] == [("American English", 2)]
    assert len(model.calls) == 4
    reask = model.calls[2][0]
    assert f'Scene 1 already says "{first}". Scene 2 gets a new point across: Keeps drinks cold for 24 hours' in reask.user
    assert reask.history == model.calls[1][[asked(p)[0] for p in model.calls[1]].index("American English")].history
    english = assets["en-US"]
    assert [s["voiceover"] for s in english.script["scenes"]] == SAYS["American English"]
    log = english.generation["scenes_written"]
    assert [e["scene"] for e in log] == [1, 2, 2, 3]
    assert "already says" in log[1]["asked_again"] and log[2]["kept"] is True


def test_a_scene_that_repeats_again_when_asked_again_is_asked_only_once(db_url, by_scene):
    """One re-ask per scene while writing: the script keeps its repeat, the whole-script gates see it, and
    the repair asks the repeated scenes again (scene by scene, never the whole script as JSON)."""
    model = by_scene(lambda p: scene_reply(p, say="Fjell keeps it cold.", shot="The bottle") if "Scene" in p.prefill
                     else script_json())
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert all("Scene" in p.prefill for call in model.calls for p in call), "no whole-script call"
    # scenes 2 and 3 repeat scene 1: each asked again once (5 scene calls), then the repair's one call
    calls = [[asked(p)[1] for p in call] for call in model.calls]
    assert calls[:5] == [[1], [2], [2], [3], [3]] and len(calls) == 6 and {2, 3} <= set(calls[5])
    assert asset.generation["candidates"][0]["failed"]["scenes"].startswith("scene 2 repeats")
    [repair] = asset.generation["repairs"]
    assert 'Scene 3: Scene 1 already says "Fjell keeps it cold."' in " ".join(repair["problems"])
    assert repair["kept"] is False  # the repair repeats too: the first script stays


def test_a_reply_without_a_voiceover_is_asked_again(db_url, by_scene):
    def responder(prompt):
        if asked(prompt)[1] == 1 and "no \"Voiceover:\" line" not in prompt.user:
            return f"{prompt.prefill} A hiker on a ridge"  # stopped before it said anything
        return scene_reply(prompt)

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert 'Your reply had no "Voiceover:" line.' in model.calls[1][0].user
    assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS["American English"]


def test_a_scene_prompt_gives_the_scene_its_own_line_of_the_brief_only():
    from studio.core.errors import InputError
    from studio.generate.prompts import render_scene

    brief = load_brief(SAMPLE)
    prompt = render_scene(brief=brief, locale="de-DE", channel="tiktok", duration_s=15, position=1,
                          written=["Scene 1\nVisual: Eine Wanderin am Grat\nOn-screen text: Fjell\nVoiceover: Kaltes Wasser."])
    chat = "\n".join([prompt.system, *(t for turn in prompt.history for t in turn), prompt.user])
    # asked in German (prompts/scene_lines.yaml), the brief's sentence given as a fact to put in new words, not
    # quoted as a line to say (quoted, the 1.5B model said it back: en-US word for word, zh-CN in English)
    assert prompt.user.startswith("Szene 2 von 3 (5.0 s): das Produkt. Sag in einem kurzen deutschen Satz mit eigenen "
                                  "Worten, ohne ein englisches Wort, was dieser Punkt des Briefings bedeutet: Hält "
                                  "Getränke kalt für 24 Stunden\n")  # in German where the copy prompt says it so
    assert "Keeps drinks cold" not in prompt.user  # drafts-scene30
    assert "„Keeps drinks cold for 24 hours“" not in chat
    # the form of a scene, with no worked example's scene: shown the example's tea scene, 9 of 23 scripts put the tea
    # or its line into a scene ('一杯の緑茶。', 'Una taza de té verde.') and re-asked, 5 of 7 came back with it
    assert ("Each scene is these four lines, every line after the colon in German:\nScene (its number)\n"
            "Visual: what the picture shows\nOn-screen text: a few words\nVoiceover: one short sentence\n") in prompt.history[0][0]
    assert "Brio" not in chat and "slow mornings" not in chat and "Tee" not in chat
    # no fact list to recite: the other facts of the brief are in no turn of the chat
    for fact in ("750 ml", "29.99", "Dishwasher", "hot for 12 hours"):
        assert fact not in chat
    assert "Schreibe auf Deutsch für Kundinnen und Kunden in Deutschland." in prompt.history[0][0]
    assert prompt.prefill == "Scene 2\nVisual:"
    with pytest.raises(InputError, match="no scene 4"):
        render_scene(brief=brief, locale="de-DE", duration_s=15, position=3, written=["a", "b", "c"])


def test_the_environment_switches_scene_by_scene_writing_for_a_run(monkeypatch):
    from studio.core.errors import ModelError
    from studio.generate.profiles import load_profile

    assert load_profile("cpu").drafting.effective().script_by_scene  # the cpu default writes scene by scene
    monkeypatch.setenv("STUDIO_SCRIPT_BY_SCENE", "0")
    assert not load_profile("cpu").drafting.effective().script_by_scene
    monkeypatch.setenv("STUDIO_SCRIPT_BY_SCENE", "yes")
    with pytest.raises(ModelError, match="STUDIO_SCRIPT_BY_SCENE='yes' is not 1 or 0"):
        load_profile("cpu").drafting.effective()


def test_the_environment_sets_the_replies_per_scene_prompt_for_a_run(monkeypatch):
    from studio.core.errors import ModelError
    from studio.generate.profiles import load_profile

    assert load_profile("cpu").drafting.effective().scene_candidates == 1  # unmeasured on the bench: one reply
    monkeypatch.setenv("STUDIO_SCENE_CANDIDATES", "2")
    assert load_profile("cpu").drafting.effective().scene_candidates == 2
    monkeypatch.setenv("STUDIO_SCENE_CANDIDATES", "two")
    with pytest.raises(ModelError, match="STUDIO_SCENE_CANDIDATES='two' is not a whole number"):
        load_profile("cpu").drafting.effective()


def test_a_re_ask_that_copies_the_worked_example_does_not_replace_a_scene_that_was_only_too_long(db_url, by_scene):
    long = "Cold water on every trail, at every lake and on every summit you climb this long summer."

    def responder(prompt):
        if asked(prompt)[1] == 1:
            return scene_reply(prompt, say="A cup of Brio green tea." if "fit in" in prompt.user else long)
        return scene_reply(prompt) if "Scene" in prompt.prefill else script_json()

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert "only" in model.calls[1][0].user and "fit in 5 s" in model.calls[1][0].user  # the re-ask quotes the count
    written = asset.generation["scenes_written"]
    assert written[1]["kept"] is False and "Brio" in written[1]["problem"]
    assert asset.generation["candidates"][0]["text"].startswith(long)  # the writer gets the long line to shorten


LONG = ("Fill it at the spring, carry it up the ridge, drink cold water at the top, and bring it home again "
        "tomorrow, next week and on every trip you take this summer with your friends and your family too.")


def test_a_finished_script_is_repaired_scene_by_scene_in_one_call_for_every_script(db_url, by_scene):
    """The repair asks again only the scenes the whole script's gates blame (a voiceover too long for the
    video, a number the brief does not state), every script's in one batched call, each quoted; the
    scripts' other scenes are kept word for word, and no script is rewritten whole."""
    asks: dict[tuple[str, int], int] = {}

    def responder(prompt):
        key = asked(prompt)
        asks[key] = asks.get(key, 0) + 1
        if key == ("American English", 3) and asks[key] <= 2:
            return scene_reply(prompt, say=LONG)  # too long when written and when asked again while writing
        if key == ("German", 2) and asks[key] <= 2:
            return scene_reply(prompt, say="Fjell hält Getränke 48 Stunden kalt.")  # the brief says 24 (twice)
        return scene_reply(prompt)

    model = by_scene(responder)
    assets = run_scripts(db_url, ["en-US", "de-DE"])
    assert all("Scene" in p.prefill for call in model.calls for p in call), "no whole-script call"
    # scenes 1, 2 (+ the German scene 2 asked again for its number while written), 3 (+ the English scene 3
    # asked again), then one repair call
    repair_call = model.calls[-1]
    assert len(model.calls) == 6 and sorted(asked(p) for p in repair_call) == [("American English", 3), ("German", 2)]
    by_language = {asked(p)[0]: p for p in repair_call}
    english = by_language["American English"]
    assert f'"{LONG}" has {len(LONG.split())} words; only 11 fit in 5 s' in english.user and "at most 11 words" in english.user
    # the re-asked scene sees the script's earlier scenes as its own replies
    assert [turn[1].splitlines()[-1] for turn in english.history] == [f"Voiceover: {s}" for s in SAYS["American English"][:2]]
    assert "48" in by_language["German"].user and '"Hält Getränke kalt für 24 Stunden"' in by_language["German"].user
    for locale, language in (("en-US", "American English"), ("de-DE", "German")):
        asset = assets[locale]
        assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS[language]
        [repair] = asset.generation["repairs"]
        assert repair["kept"] is True and asset.generation["chosen"] == "repair 1"
        assert asset.generation["candidates"][0]["failed"]  # the first script failed a gate; the repair passes them
        assert not repair["failed"]


def test_a_script_whose_scenes_pass_gets_no_repair_call(db_url, by_scene):
    model = by_scene(scene_reply)
    [asset] = run_scripts(db_url, ["de-DE"]).values()
    assert len(model.calls) == 3 and not asset.generation["repairs"]


def test_a_voiceover_over_the_asked_budget_but_within_its_seconds_is_not_asked_again(db_url, by_scene):
    """The prompt asks for the scene's share of the budget (with air between lines); a model call to save a
    word is spent only on a voiceover its seconds cannot hold (en-US: 2.5 words a second, 12 in 5 s)."""
    twelve = "Cold water on every trail you walk and every lake you swim."
    thirteen = "Fjell keeps your drinks cold on every long trail and at every lake."  # not scene 1's words again
    assert (len(twelve.split()), len(thirteen.split())) == (12, 13)
    model = by_scene(lambda p: scene_reply(p, say=twelve) if asked(p) == ("American English", 1) else
                     scene_reply(p, say=thirteen) if asked(p) == ("American English", 2) and "fit in" not in p.user else
                     scene_reply(p))
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert "at most 11 words" in model.calls[0][0].user  # what the prompt asks of scene 1
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3]]  # only scene 2 asked again
    assert asset.script["scenes"][0]["voiceover"] == twelve


def test_a_scene_that_says_the_brief_back_is_asked_again_while_written_with_the_sentence_quoted(db_url, by_scene):
    """Each scene said its fact of the plan unchanged (the brief's own sentences, which fail brief_echo past half the
    sentences): the first is kept (one of three passes the gate, and is a line a writer keeps); the second and third
    are asked again at once, in the scene's own call position, quoting the sentence; no repair is needed after."""
    brief_lines = ["Cold water all day, wherever the day takes you.", "Keeps drinks cold for 24 hours.",
                   "One bottle instead of hundreds of plastic ones."]

    def responder(prompt):
        n = asked(prompt)[1]
        return scene_reply(prompt) if "word for word" in prompt.user else scene_reply(prompt, say=brief_lines[n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3], [3]]
    assert (f'"{brief_lines[1]}" is the brief\'s own sentence, word for word. Say its point in new words, as an ad '
            "would.") in model.calls[2][0].user
    assert [s["voiceover"] for s in asset.script["scenes"]] == [brief_lines[0], *SAYS["American English"][1:]]
    assert asset.generation["chosen"] == "candidate 1" and not asset.generation["repairs"]
    assert not asset.generation["candidates"][0]["failed"]


def test_a_script_that_still_says_the_brief_back_has_those_scenes_repaired(db_url, by_scene):
    """Asked again while written, the scenes still said the brief back: the script fails brief_echo, and the
    repair asks again, quoted, in one call, the scenes past the one echo the gate's share allows (scenes 2 and 3)."""
    brief_lines = ["Cold water all day, wherever the day takes you.", "Keeps drinks cold for 24 hours.",
                   "One bottle instead of hundreds of plastic ones."]
    asks: list[int] = []

    def responder(prompt):
        n = asked(prompt)[1]
        asks.append(n)
        return scene_reply(prompt) if asks.count(n) > 2 else scene_reply(prompt, say=brief_lines[n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert "brief_echo" in asset.generation["candidates"][0]["failed"]
    repair_call = model.calls[-1]
    assert len(model.calls) == 6 and [asked(p)[1] for p in repair_call] == [2, 3]
    assert f'"{brief_lines[1]}" is the brief\'s own sentence, word for word' in repair_call[0].user
    assert [s["voiceover"] for s in asset.script["scenes"]] == [brief_lines[0], *SAYS["American English"][1:]]


def test_a_chinese_scene_that_copies_the_english_fact_is_asked_again_in_chinese_quoting_it(db_url, by_scene):
    """The brief is English: a zh-CN scene that says its fact in English is asked again in Chinese
    (prompts/scene_lines.yaml), the English quoted; asked in English ("say it in Chinese"), the 1.5B model wrote
    the English line again."""
    chinese = ["全天冷水，随您出发。", "Fjell让饮品整天清凉。", "一个水壶，告别塑料瓶。"]
    asks: list[int] = []

    def responder(prompt):
        n = asked(prompt)[1]
        asks.append(n)
        if n == 2 and asks.count(2) == 1:
            return scene_reply(prompt, say="Keeps drinks cold for 24 hours", shot="水壶特写")
        return scene_reply(prompt, say=chinese[n - 1], shot=["山顶日出", "水壶特写", "手中的水壶"][n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["zh-CN"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3]]
    assert ("“Keeps drinks cold for 24 hours”里有不是中文的词：Keeps drinks cold for 24 hours。请全部用中文写。"
            in model.calls[2][0].user)
    assert [s["voiceover"] for s in asset.script["scenes"]] == chinese and not asset.generation["repairs"]


def test_english_in_a_japanese_script_fails_mixed_script_and_only_that_scene_is_asked_again(db_url, by_scene):
    japanese = ["冷たい水を、一日中。", "Fjellで飲み物はずっと冷たい。", "ボトルひとつで、プラスチックを減らそう。"]
    english = "Fjell Bottle stays cold all day."

    asks = []

    def responder(prompt):
        n = asked(prompt)[1]
        asks.append(n)
        if n == 2 and asks.count(2) <= 2:  # English when written and when asked again while writing
            return scene_reply(prompt, say=english, shot="ボトルのアップ")
        return scene_reply(prompt, say=japanese[n - 1], shot=["山頂の朝日", "ボトルのアップ", "手に持ったボトル"][n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["ja-JP"]).values()
    assert "stays, cold, all, day" in asset.generation["candidates"][0]["failed"]["mixed_script"]
    # asked again in Japanese, the English words quoted, while written and in the repair
    assert f"「{english}」には日本語でない言葉があります：" in model.calls[2][0].user
    assert [asked(p)[1] for p in model.calls[-1]] == [2] and f"「{english}」" in model.calls[-1][0].user
    assert [s["voiceover"] for s in asset.script["scenes"]] == japanese
    assert asset.generation["chosen"] == "repair 1"


def test_a_scene_that_names_the_product_and_a_number_with_its_unit_is_not_asked_again_for_its_language(db_url, by_scene):
    """A scene judged alone is short: the product's name and "750 ml" are in no language, and are not read
    (left in, "Fjell Bottle, 750 ml" read as Turkish and the scene was asked again)."""
    spanish = ["Agua fría todo el día, vayas donde vayas.", "Fjell Bottle, 750 ml.", "Una botella en lugar de cientos."]
    model = by_scene(lambda p: scene_reply(p, say=spanish[asked(p)[1] - 1]))
    [asset] = run_scripts(db_url, ["es-ES"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3]]
    assert [s["voiceover"] for s in asset.script["scenes"]] == spanish
    assert not asset.generation["candidates"][0]["failed"]


def test_english_on_screen_under_a_spanish_voiceover_goes_without_a_re_ask(db_url, by_scene):
    """The on-screen text copied the brief's English fact under a Spanish voiceover: the script's language gate
    passes such a script (it is Spanish otherwise), foreign_words does not. Re-asked, ko-KR's 'Caffeine-Free.' and
    'Safe to remove.' came back the same (drafts-script14, after 1): the on-screen text goes, with no model call,
    and the script passes."""
    spanish = ["Agua fría todo el día, vayas donde vayas.", "Fjell Bottle mantiene tus bebidas frías 24 horas.",
               "Una botella en lugar de cientos de plástico."]
    copied = "Cold water all day, wherever the day takes you"

    def responder(prompt):
        n = asked(prompt)[1]
        reply = scene_reply(prompt, say=spanish[n - 1], shot=["Un sendero al amanecer", "La botella de cerca", "Una mano"][n - 1])
        return reply.replace("On-screen text: Fjell", f"On-screen text: {copied}") if n == 1 else reply

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["es-ES"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3]]
    assert asset.script["scenes"][0]["on_screen_text"] == ""
    assert [s["voiceover"] for s in asset.script["scenes"]] == spanish
    assert not asset.generation["candidates"][0]["failed"]


def test_foreign_words_in_a_script_fail_its_gates_and_the_brand_product_and_units_do_not():
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    brief = brief.model_copy(update={"locales": [*brief.locales, "es-ES"]})

    def script(said, shown):
        return VideoScript([Scene(f"Toma {c}", o, v, 5) for c, v, o in zip("ABC", said, shown)])

    japanese = ["山頂でも、冷たい水をどうぞ。", "Fjell Bottleなら24時間冷たいまま。", "750 mlのFjellを、いつも一緒に。"]
    assert script_gates(script(japanese, ["Fjell", "Fjell Bottle", "750 ml · AI生成"]), "ja-JP", brief) == {}
    chinese_word = [*japanese[:2], "一瓶代わりに、数百個の塑料瓶。"]  # 塑料: Chinese for plastic (プラスチック)
    assert "'塑料'" in script_gates(script(chinese_word, ["Fjell", "Fjell", "Fjell"]), "ja-JP", brief)["foreign_words"]
    spanish = ["Agua fría todo el día.", "Fjell Bottle mantiene tus bebidas frías 24 horas.", "Una botella, 750 ml."]
    assert script_gates(script(spanish, ["Fjell", "750 ml, 340 g", "Fjell · Generado con IA"]), "es-ES", brief) == {}
    failed = script_gates(script(spanish, ["Cold water all day", "Fjell", "Fjell"]), "es-ES", brief)
    assert set(failed) == {"foreign_words"} and "'Cold', 'water'" in failed["foreign_words"]


def test_a_japanese_scene_that_retells_the_worked_example_is_told_so_not_that_brio_is_english(db_url, by_scene):
    """"一杯のBrio緑茶。" is the worked example's line (its tea): the re-ask, in Japanese (prompts/scene_lines.yaml
    example), quotes what was copied, names the brief's product and gives the scene's point again; told that "Brio" is
    not Japanese, the model wrote the same line again, and asked in English it came back as '一杯のFjell Bottle。'."""
    japanese = ["冷たい水を、一日中。", "Fjellで飲み物はずっと冷たい。", "ボトルひとつで、プラスチックを減らそう。"]

    asks: list[int] = []

    def responder(prompt):
        n = asked(prompt)[1]
        asks.append(n)
        if asks.count(1) == 1:
            return scene_reply(prompt, say="一杯のBrio緑茶。", shot="窓辺でお茶を注ぐ手")
        return scene_reply(prompt, say=japanese[n - 1], shot=["山頂の朝日", "ボトルのアップ", "手に持ったボトル"][n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["ja-JP"]).values()
    reask = model.calls[1][0].user.split("\n\n")[-1]
    assert "「Brio」は別の商品の例です" in reask and "Fjell Bottleについて" in reask and "日本語でない" not in reask
    # the scene's point again, in the locale's words as the copy prompt gives it (drafts-scene30)
    assert "worked example" not in reask and "一日中冷たい水" in reask.split("：")[-1]
    assert [s["voiceover"] for s in asset.script["scenes"]] == japanese


def test_a_voiceover_that_only_names_its_visual_fails_the_scenes_gate_and_is_asked_again(db_url, by_scene):
    """ja-JP wrote 'Visual: 手に持ったFjell Bottle' / 'Voiceover: 手に持ったFjell Bottle。': the shot asked for, said
    as the line; such a script passed every gate."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    japanese = ["冷たい水を、一日中。", "Fjellで飲み物はずっと冷たい。", "ボトルひとつで、プラスチックを減らそう。"]
    shots = ["山頂の朝日", "ボトルのアップ", "手に持ったFjell Bottle"]
    said = [*japanese[:2], "手に持ったFjell Bottle。"]
    failed = script_gates(VideoScript([Scene(v, "Fjell", s, 5) for v, s in zip(shots, said)]), "ja-JP", brief)
    assert failed == {"scenes": "scene 3's voiceover only says its visual"}
    assert script_gates(VideoScript([Scene(v, "Fjell", s, 5) for v, s in zip(shots, japanese)]), "ja-JP", brief) == {}

    asks: list[int] = []

    def responder(prompt):
        n = asked(prompt)[1]
        asks.append(n)
        say = said[n - 1] if asks.count(n) == 1 else japanese[n - 1]
        return scene_reply(prompt, say=say, shot=shots[n - 1])

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["ja-JP"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [3], [3]]
    assert 'The voiceover "手に持ったFjell Bottle。" only names what the picture shows.' in model.calls[3][0].user
    assert [s["voiceover"] for s in asset.script["scenes"]] == japanese


def test_a_voiceover_of_several_sentences_too_long_for_its_seconds_keeps_its_first_whole_sentences(db_url, by_scene):
    """Asked for one short sentence, the 1.5B model wrote two or three (en-US: 24 words for 11) and a re-ask to
    cut words came back longer: the first whole sentences that fit are the voiceover, with no re-ask; the
    reply stays in the scene's log. One sentence too long is asked again (nothing is cut mid-sentence)."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitting_sentences

    line = plan_for_script(load_brief(SAMPLE), "en-US", 15)[0]
    two = "Cold water is the best way to start your day. It helps you feel refreshed and ready for whatever comes your way."
    scene = {"visual": "A lake", "on_screen_text": "Fjell", "voiceover": two}
    assert fitting_sentences(scene, line, "en-US")["voiceover"] == "Cold water is the best way to start your day."
    one = "Cold water is the best way to start your day and it helps you feel refreshed and ready for anything."
    assert fitting_sentences({**scene, "voiceover": one}, line, "en-US") is None
    assert fitting_sentences({**scene, "voiceover": "Cold water. All day."}, line, "en-US") is None  # fits already

    def responder(prompt):
        n = asked(prompt)[1]
        return scene_reply(prompt, say=f"{SAYS['American English'][n - 1]} {two}" if n == 1 else None)

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert len(model.calls) == 3, "no re-ask"
    assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS["American English"]
    log = asset.generation["scenes_written"][0]
    assert log["kept_sentences"] == SAYS["American English"][0] and two in log["reply"]


@pytest.fixture
def with_points(use_model, monkeypatch):
    """``with_points(responder)``: the scene-by-scene test profile with the plan written as points first, by the model:
    in a locale whose prompts/examples words say none of the brief's sentences (a brief the tables do not cover). The
    sample brief's sentences are all said by the German and French words, which are their points unasked
    (``verified_points``)."""
    monkeypatch.setattr("studio.generate.prompts.scene_points", lambda brief, locale: {})
    return _installer(use_model, monkeypatch, "queued-points")


@pytest.fixture
def verified_points(use_model, monkeypatch):
    """``verified_points(responder)``: the points profile with the locales' own words (prompts/examples) in place."""
    return _installer(use_model, monkeypatch, "queued-points")


def _point_responder(german: dict[str, str], again: dict[str, str], english: dict[str, str] | None = None):
    """Points from ``german`` (brief sentence -> point) on first ask, from ``again`` when asked again, English
    points (asked "in new words") from ``english``; scenes as usual."""

    def responder(prompt):
        if "Scene" not in prompt.prefill:  # a point, or a point asked again
            sentence = prompt.user.splitlines()[-1]
            if "in new words" in prompt.user:
                return (english or ENGLISH_POINTS)[sentence]
            return again[sentence] if prompt.user.startswith("That line is not usable") else german[sentence]
        return scene_reply(prompt)

    return responder


GERMAN_POINTS = {"Cold water all day, wherever the day takes you": "Kaltes Wasser den ganzen Tag, wohin du auch gehst",
                 "Keeps drinks cold for 24 hours": "Keeps drinks cold for 24 hours",  # English again: not used
                 "One bottle instead of hundreds of plastic ones": "Eine Flasche statt hunderter Plastikflaschen"}
ENGLISH_POINTS = {"Cold water all day, wherever the day takes you": "Ice-cold water, wherever your day goes",
                  "Keeps drinks cold for 24 hours": "Your drinks stay cold for a full 24 hours",
                  "One bottle instead of hundreds of plastic ones": "Carry one bottle, not hundreds of plastic ones"}


def test_the_plan_is_written_as_points_in_the_locales_language_first_and_the_scenes_are_asked_with_them(db_url, with_points):
    """Asked to put an English fact in German words, the 1.5B model said the English (base run: de-DE's three
    scenes): each brief sentence of the plan is first written as a point in German (one call, a line each),
    and a scene's ask gives the point. A German point that is English again is not asked again (1 re-ask of 12
    gave a usable point outside English): a spare fact of the brief (one no scene says) is written as a point and
    the scene gets it: no scene is asked with the English sentence.
    English scripts get points in new words (make demo's en-US scenes said the brief's sentences back word for
    word, and so did their re-asks)."""
    spare = "Keeps drinks cold for 24 hours and hot for 12 hours"
    again = {"Keeps drinks cold for 24 hours": "Keeps drinks cold for 24 hours",
             spare: "Hält Getränke 24 Stunden kalt und 12 Stunden heiß"}
    model = with_points(_point_responder({**GERMAN_POINTS, spare: again[spare]}, again))
    assets = run_scripts(db_url, ["en-US", "de-DE"])
    points, fallbacks, *scenes = model.calls
    assert [p.user.splitlines()[-1] for p in points] == [*ENGLISH_POINTS, *GERMAN_POINTS]
    assert "in new words" in points[0].user and "into German" in points[3].system
    assert model.options[0]["stop"] == ["\n"]
    # a rejected German point is not asked again (in the 23-locale run a re-ask gave 1 usable point of 12 outside
    # English): the second round writes the spare fact alone
    assert [p.user.splitlines()[-1] for p in fallbacks] == [spare]
    assert all("about Fjell Bottle" in p.user for p in fallbacks)  # the second round names what the line is about
    assert len(scenes) == 3 and all("Scene" in p.prefill for call in scenes for p in call)
    de = {asked(p)[1]: re.search(r"bedeutet: (.*)", p.user).group(1) for call in scenes for p in call if asked(p)[0] == "German"}
    assert de == {1: "Kaltes Wasser den ganzen Tag, wohin du auch gehst", 2: "Hält Getränke 24 Stunden kalt und 12 Stunden heiß",
                  3: "Eine Flasche statt hunderter Plastikflaschen"}
    en = {asked(p)[1]: re.search(r"for the viewer: (.*)", p.user).group(1) for call in scenes for p in call
          if asked(p)[0] == "American English"}
    assert en == {1: "Ice-cold water, wherever your day goes", 2: "Your drinks stay cold for a full 24 hours",
                  3: "Carry one bottle, not hundreds of plastic ones"}
    log = assets["de-DE"].generation["scenes_written"][0]["points"]
    assert [e.get("not_used") is None for e in log] == [True, False, True, True]
    assert log[-1]["fallback"] == "spare fact" and log[-1]["spare"] == spare and "asked_again" not in log[-1]
    assert [s["voiceover"] for s in assets["de-DE"].script["scenes"]] == SAYS["German"]


def test_a_point_that_fails_again_and_no_usable_spare_fact_leave_the_product_name_in_german_not_the_english(db_url, with_points):
    """The last resort for a point: the brand and the glossary's German word for the product ("Fjell
    Trinkflasche"), never the brief's English sentence."""
    spare = "Keeps drinks cold for 24 hours and hot for 12 hours"
    model = with_points(_point_responder({**GERMAN_POINTS, spare: "Kaffee und Cola"},
                                         {"Keeps drinks cold for 24 hours": "Keeps drinks cold"}))
    assets = run_scripts(db_url, ["de-DE"])
    de = {asked(p)[1]: re.search(r"bedeutet: (.*)", p.user).group(1) for call in model.calls[2:] for p in call}
    assert de[2] == "Fjell Trinkflasche"
    assert not any("Keeps drinks" in p.user for call in model.calls[2:] for p in call)
    log = assets["de-DE"].generation["scenes_written"][0]["points"]
    assert log[-1]["fallback"] == "product name" and log[-1]["spare_not_used"]


def test_the_worked_examples_latin_name_is_read_inside_japanese_text():
    """run1: 'Visual: 窗辺でお茶を注ぐ手' (one letter off the example's) / 'Voiceover: 一杯のBrio緑茶。' was re-asked as
    'Brio is not Japanese': the copied gate read no word 'Brio' between の and 緑."""
    from studio.generate.echoes import copied_example

    brief = load_brief(SAMPLE)
    assert "names 'Brio'" in copied_example("一杯のBrio緑茶。", "ja-JP", brief)[0]
    assert copied_example("Fjell Bottleで一日中冷たい水。", "ja-JP", brief) == []
    assert copied_example("Frische Briochen am Morgen.", "de-DE", brief) == []


@pytest.fixture
def two_replies(use_model, monkeypatch):
    """``two_replies(responder)``: the scene-by-scene test profile asking two replies per scene prompt."""
    return _installer(use_model, monkeypatch, "queued-scene-candidates")


def test_two_replies_per_scene_prompt_in_one_call_and_the_one_without_a_problem_is_kept_without_a_re_ask(db_url, two_replies):
    """With ``scene_candidates: 2`` each scene prompt is sent twice in its position's one call; a first reply
    that repeats scene 1 loses to a second that says its own line, and no re-ask is needed. When both
    replies fail, the scene is asked again (twice, in one call) as with one reply."""
    first = SAYS["American English"][0]
    seen: dict[tuple[str, int], int] = {}

    def responder(prompt):
        key = asked(prompt)
        seen[key] = seen.get(key, 0) + 1
        if key == ("American English", 2) and seen[key] == 1:
            return scene_reply(prompt, say=first)  # the first reply repeats scene 1, the second does not
        if key == ("German", 3):
            return scene_reply(prompt, say=SAYS["German"][0])  # every reply repeats scene 1: asked again
        return scene_reply(prompt)

    model = two_replies(responder)
    assets = run_scripts(db_url, ["en-US", "de-DE"])
    calls = [[asked(p) for p in call] for call in model.calls if all("Scene" in p.prefill for p in call)]
    assert calls[0] == [("American English", 1)] * 2 + [("German", 1)] * 2
    assert calls[1] == [("American English", 2)] * 2 + [("German", 2)] * 2  # no re-ask of the English scene 2
    assert calls[2] == [("American English", 3)] * 2 + [("German", 3)] * 2
    assert calls[3] == [("German", 3)] * 2 and "already says" in model.calls[3][0].user
    english = assets["en-US"]
    assert [s["voiceover"] for s in english.script["scenes"]] == SAYS["American English"]
    log = [e for e in english.generation["scenes_written"] if e["scene"] == 2]
    assert [e["kept"] for e in log] == [False, True] and "already says" in log[0]["problem"]
    assert not any("asked_again" in e for e in log)


def test_a_scene_that_states_a_number_the_brief_does_not_is_asked_again_while_written(db_url, by_scene):
    """The script's grounded gate read in a scene as it is written (``scene_fault``): "48 Stunden" for the
    brief's 24 hours is asked again at once with the brief's sentence quoted, not left to the repair."""

    def responder(prompt):
        if asked(prompt) == ("German", 2) and "48" not in prompt.user:
            return scene_reply(prompt, say="Fjell hält Getränke 48 Stunden kalt.")
        return scene_reply(prompt)

    model = by_scene(responder)
    [asset] = run_scripts(db_url, ["de-DE"]).values()
    reask = model.calls[2][0]
    assert asked(reask) == ("German", 2) and "48" in reask.user and '"Hält Getränke kalt für 24 Stunden"' in reask.user
    assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS["German"] and not asset.generation["repairs"]


def test_without_the_scene_repair_a_script_that_still_fails_keeps_its_scenes_and_makes_no_more_calls(db_url, by_scene, monkeypatch):
    """``scene_repair: false`` (the cpu profile: the repair kept 0 of 7 scripts, then 0 of 4 in make demo, 62 s of
    the scripts' 298 s): the scenes are written and re-asked once while written, and the script is scored as it is."""
    from studio.core.errors import ModelError
    from studio.generate.profiles import DraftingSettings, load_profile

    assert load_profile("cpu").drafting.effective().scene_repair is False
    monkeypatch.setenv("STUDIO_SCENE_REPAIR", "0")
    model = by_scene(lambda p: scene_reply(p, say="Fjell keeps it cold.", shot="The bottle"))
    [asset] = run_scripts(db_url, ["en-US"]).values()
    assert [[asked(p)[1] for p in call] for call in model.calls] == [[1], [2], [2], [3], [3]]
    assert asset.generation["repairs"] == [] and asset.generation["candidates"][0]["failed"]["scenes"]
    monkeypatch.setenv("STUDIO_SCENE_REPAIR", "maybe")
    with pytest.raises(ModelError, match="STUDIO_SCENE_REPAIR='maybe' is not 1 or 0"):
        DraftingSettings().effective()


def test_a_voiceover_that_says_an_earlier_scene_first_keeps_its_new_sentence():
    """make demo's en-US scene 3, asked for a new point, said scene 2's sentence and then the new one; keeping the
    first sentence that fits kept the repeat. A sentence an earlier scene says is left out first."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitting_sentences

    line = plan_for_script(load_brief(SAMPLE), "en-US", 15)[2]
    earlier = [{"visual": "A", "on_screen_text": "", "voiceover": "Fjell Bottle is the perfect companion for a long day."}]
    scene = {"visual": "B", "on_screen_text": "", "voiceover": "Fjell Bottle is the perfect companion for a long day. "
                                                               "One bottle instead of hundreds of plastic ones."}
    assert fitting_sentences(scene, line, "en-US", earlier)["voiceover"] == "One bottle instead of hundreds of plastic ones."
    # nothing said before: too long for its seconds, the first whole sentence (as before)
    assert fitting_sentences(scene, line, "en-US")["voiceover"] == "Fjell Bottle is the perfect companion for a long day."
    alone = {**scene, "voiceover": "Fjell Bottle is the perfect companion for a long day."}
    assert fitting_sentences(alone, line, "en-US", earlier) is None  # nothing new to keep: the re-ask's case


def test_points_are_asked_after_the_worked_examples_lines_in_both_languages_and_one_far_from_its_sentence_is_not_used():
    """The points' chat shows the worked examples' lines in English and in the locale's language (prompts/examples
    tell one story per product in every language), never a line naming an example product; a point whose meaning
    is far from its sentence (drafts-script6: 'Kaffee und Cola' for 'Keeps drinks cold for 24 hours and hot for 12
    hours') is not used."""
    from studio.generate.scene_points import point_pairs, point_problem, point_prompt

    brief = load_brief(SAMPLE)
    pairs = point_pairs("de-DE")
    assert ("Mornings start slow.", "Der Morgen beginnt ganz ruhig.") in pairs
    assert not any(n in f"{a} {b}" for a, b in pairs for n in ("Brio", "Lumo"))
    assert point_pairs("en-US") == []
    prompt = point_prompt("Keeps drinks cold for 24 hours", "de-DE")
    assert [b for _, b in prompt.history] == [b for _, b in pairs] and prompt.example_turns == len(pairs)
    assert prompt.user.endswith("\nKeeps drinks cold for 24 hours")
    # with the locale's words for its English (prompts/examples words); the examples' own turns have none
    assert "(use these words: drinks = Getränke; hours = Stunden; cold = kalt)" in prompt.user
    assert not any("use these words" in a for a, _ in prompt.history)
    fr = point_prompt("Keeps drinks cold for 24 hours", "fr-FR").user  # the phrase with its agreement, not "cold = frais"
    assert "keeps drinks cold = garde les boissons fraîches" in fr and "cold = frais" not in fr
    assert point_problem("Hält Getränke 24 Stunden lang kalt", "Keeps drinks cold for 24 hours", "de-DE", brief) is None
    why = point_problem("Kaffee und Cola", "Keeps drinks cold for 24 hours and hot for 12 hours", "de-DE", brief)
    assert why.startswith("not a translation of the sentence")


def test_a_point_that_claims_what_the_brief_does_not_is_not_used_and_its_reask_quotes_the_claim():
    """drafts-scripts20: en-US's point for 'One bottle instead of hundreds of plastic ones.' came back as 'A bottle's a
    more sustainable choice.' in two runs; its scene said the green claim and the script failed unsupported_claim."""
    from studio.generate.scene_points import CLAIM, point_problem, point_reask

    brief = load_brief(SAMPLE)
    sentence = "One bottle instead of hundreds of plastic ones."
    why = point_problem("A bottle's a more sustainable choice.", sentence, "en-US", brief)
    assert why == f"{CLAIM}: 'sustainable choice'"
    assert "(it claims what the brief does not say: 'sustainable choice')" in point_reask(
        sentence, "A bottle's a more sustainable choice.", why, "en-US").user
    assert point_problem("Die umweltfreundlichste Flasche der Welt.", sentence, "de-DE", brief).startswith(CLAIM)
    # the brief's own point, said in new words or in the language, claims nothing more
    assert point_problem("Just one bottle, not hundreds of plastic ones.", sentence, "en-US", brief) is None
    assert point_problem("Eine Flasche statt hunderter Plastikflaschen.", sentence, "de-DE", brief) is None


def test_a_point_that_stutters_is_not_used_and_its_reask_is_sampled_like_a_phrase_said_twice():
    """drafts-scripts27's th-TH point for 'One bottle instead of hundreds of plastic ones' was 'ขวดขวดพลาสติก...'
    ('bottle bottle plastic ...'): point_problem read no stutter, the scene said it and its re-ask wrote the same
    line, and the script failed the scenes gate. The point check reads the scenes gate's own stutter."""
    from types import SimpleNamespace

    from studio.generate.scene_gates import single_scene_faults
    from studio.generate.scene_points import SAID_TWICE, point_problem, point_reask, point_tries

    brief = load_brief(SAMPLE)
    sentence = "One bottle instead of hundreds of plastic ones"
    for locale, point, doubled in (("th-TH", "ขวดขวดพลาสติกแทนพลาสติกหลายชุด", "ขวด"),
                                   ("de-DE", "Eine Flasche Flasche statt hunderter Plastikflaschen.", "flasche")):
        why = point_problem(point, sentence, locale, brief)
        assert why is not None and why.startswith(SAID_TWICE) and repr(doubled) in why, why
        assert point_tries(locale, why) == 3  # a sampling slip: asked again, like a phrase said twice
        assert repr(doubled) in point_reask(sentence, point, why, locale).user
        # the same reading as the scenes gate's, which failed the script
        said = single_scene_faults([SimpleNamespace(visual="", on_screen_text="", voiceover=point)], locale)
        assert any("stutter" in p and doubled in p for p in said), said
    # the sentence said once stands
    assert point_problem("ขวดเดียวแทนขวดพลาสติกหลายร้อยใบ", sentence, "th-TH", brief) is None
    assert point_problem("Eine Flasche statt hunderter Plastikflaschen.", sentence, "de-DE", brief) is None
    assert point_problem("Une gourde au lieu de centaines de bouteilles en plastique.", sentence, "fr-FR", brief) is None
    assert point_problem("ขวดเดียวแทนขวดพลาสติกหลายร้อยขวด", sentence, "th-TH", brief) is None


def test_a_chinese_voiceover_too_long_for_its_seconds_keeps_its_leading_clauses_as_a_sentence():
    """drafts-script10's base: zh-CN's product scene said 36 characters where 22 fit in 5 s, its re-ask came back
    the same and the script failed speech_fits. A Chinese clause before "，" stands as a sentence; a Japanese
    "、" or a Latin comma often does not, so those are not cut."""
    from studio.generate.scene_fits import fitted

    line = {"seconds": 5.0, "budget": 20}
    long = {"visual": "Fjell Bottle特写", "on_screen_text": "全天冰镇",
            "voiceover": "Fjell Bottle是全天24小时冰镇的，无论你走到哪里，这里都有你的冰水。"}
    assert fitted(long, line, "zh-CN")["voiceover"] == "Fjell Bottle是全天24小时冰镇的。"
    fits = {**long, "voiceover": "一瓶水代替数百个塑料瓶子，保护环境，减少浪费。"}  # 20 characters: kept whole
    assert fitted(fits, line, "zh-CN") == fits
    japanese = {**long, "voiceover": "Fjell Bottleは一日中飲み物を冷たく、どこへ行ってもあなたのそばで冷たい水を届けます。"}
    assert fitted(japanese, line, "ja-JP")["voiceover"] == japanese["voiceover"]


def test_a_voiceover_that_opens_with_the_brand_and_runs_too_long_keeps_its_leading_clauses():
    """en-IN's product scene at 5cdfce7 said 19 words where 11 fit in 5 s, its re-ask came back the same and the
    script failed speech_fits. A voiceover that opens with the brand keeps its leading comma clauses that fit, as a
    sentence; one that opens with a clause of its own ("Whether you are at work,") is not cut, nor one that would
    keep the brand and a word or two, nor a verb-last language's."""
    from studio.generate.scene_fits import fitted

    brief = load_brief(SAMPLE)
    line = {"n": 2, "seconds": 5.0, "budget": 10, "job": "product", "say": "Keeps drinks cold for 24 hours"}
    long = {"visual": "Fjell Bottle up close", "on_screen_text": "",
            "voiceover": "Fjell Bottle keeps your drinks cold for 24 hours, so you can enjoy your favourite drinks "
                         "throughout the day."}
    assert fitted(long, line, "en-IN", brief=brief)["voiceover"] == "Fjell Bottle keeps your drinks cold for 24 hours."
    assert fitted(long, line, "en-IN")["voiceover"] == long["voiceover"]  # no brief, no brand to know: as before
    fits = {**long, "voiceover": "Fjell keeps drinks cold, all day long."}
    assert fitted(fits, line, "en-US", brief=brief) == fits
    opener = {**long, "voiceover": "Whether you are at work, at home or on the go, Fjell keeps your drinks cold all day."}
    assert fitted(opener, line, "en-US", brief=brief)["voiceover"] == opener["voiceover"]
    short = {**long, "voiceover": "Fjell Bottle, always, your companion for cold drinks on every single trip you take."}
    assert fitted(short, line, "en-US", brief=brief)["voiceover"] == short["voiceover"]
    spanish = {**long, "voiceover": "Fjell mantiene tus bebidas frías durante 24 horas, para que disfrutes del agua fría "
                                    "todo el día."}
    assert fitted(spanish, line, "es-MX", brief=brief)["voiceover"] == "Fjell mantiene tus bebidas frías durante 24 horas."
    turkish = {**long, "voiceover": "Fjell Bottle içecekleri 24 saat boyunca soğuk tutar, böylece gün boyu serin "
                                    "suyun tadını çıkarırsınız."}
    assert fitted(turkish, line, "tr-TR", brief=brief)["voiceover"] == turkish["voiceover"]


def test_an_english_point_is_asked_again_three_times_and_without_a_usable_reply_the_scene_keeps_the_sentence(
    db_url, with_points
):
    """drafts-script10: en-US's points all fell back to the product's name and its scenes said 'Welcome to Fjell,
    where quality meets convenience.' A rejected point's re-ask is sent three times in one call and the first
    usable reply is kept; in English, with none usable, the scene is asked with the brief's sentence, never with
    only the product's name."""
    tries: dict[str, int] = {}

    def responder(prompt):
        if "Scene" in prompt.prefill:
            return scene_reply(prompt)
        sentence = prompt.user.splitlines()[-1]
        if prompt.user.startswith("That line is not usable"):
            tries[sentence] = tries.get(sentence, 0) + 1
            if sentence == "Keeps drinks cold for 24 hours" and tries[sentence] == 2:
                return "Your drinks stay cold for a full 24 hours"
        return sentence  # the brief's own words: not a point

    model = with_points(responder)
    assets = run_scripts(db_url, ["en-US"])
    assert tries == {s: 3 for s in ENGLISH_POINTS}
    en = {asked(p)[1]: re.search(r"for the viewer: (.*)", p.user).group(1) for call in model.calls[2:] for p in call}
    assert en == {1: "Cold water all day, wherever the day takes you", 2: "Your drinks stay cold for a full 24 hours",
                  3: "One bottle instead of hundreds of plastic ones"}
    log = assets["en-US"].generation["scenes_written"][0]["points"]
    assert [e.get("fallback") for e in log[3:]] == ["the sentence", None, "the sentence"]


def test_a_point_that_says_words_twice_is_asked_again_three_times_in_french_too(db_url, with_points):
    """The 23-locale run: fr-FR's point for "One bottle instead of hundreds of plastic ones" was 'Une gourde en
    plastique au lieu de centaines de gourdes en plastique.' (a plastic bottle, and 'en plastique' twice), and its
    scene said it back: the script failed the repetition gate. A point that says a run twice is not used; it is a
    sampling slip, so outside English too its re-ask is sent three times (each its own sampling seed), and the
    first clean reply is the scene's point."""
    cta = "One bottle instead of hundreds of plastic ones"
    french = {"Cold water all day, wherever the day takes you": "De l'eau fraîche toute la journée, où que tu ailles.",
              "Keeps drinks cold for 24 hours": "Garde les boissons fraîches pendant 24 heures.",
              cta: "Une gourde en plastique au lieu de centaines de gourdes en plastique."}
    tries: list[str] = []

    def responder(prompt):
        if "Scene" in prompt.prefill:
            return scene_reply(prompt)
        sentence = prompt.user.splitlines()[-1]
        if prompt.user.startswith("That line is not usable"):
            tries.append(prompt.user.splitlines()[0])
            return french[sentence] if len(tries) < 3 else "Une seule gourde au lieu de centaines de bouteilles en plastique."
        return french.get(sentence, "Garde les boissons fraîches 24 heures et chaudes 12 heures.")

    model = with_points(responder)
    assets = run_scripts(db_url, ["fr-FR"])
    assert len(tries) == 3 and "'en plastique'" in tries[0]
    fr = {asked(p)[1]: re.search(r"point du brief : (.*)", p.user).group(1) for call in model.calls[2:] for p in call}
    assert fr[3] == "Une seule gourde au lieu de centaines de bouteilles en plastique."
    log = assets["fr-FR"].generation["scenes_written"][0]["points"]
    assert "en plastique" in log[2]["not_used"] and log[-1]["asked_again"] == fr[3] and "fallback" not in log[-1]
    assert "repetition" not in assets["fr-FR"].generation["candidates"][0]["failed"]


def test_a_voiceover_that_only_names_the_brand_fails_the_scenes_gate():
    """pt-BR's product scene said 'Fjell Bottle' and the script passed every gate."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    script = VideoScript([Scene("Ein Bergsee", "Kalt", "Kaltes Wasser, den ganzen Tag.", 5),
                          Scene("Fjell Bottle in Nahaufnahme", "Fjell", "Fjell Bottle.", 5),
                          Scene("Fjell Bottle in der Hand", "Eine statt hundert", "Eine Flasche statt hunderter.", 5)])
    assert "scene 2's voiceover only names the brand" in script_gates(script, "de-DE", brief)["scenes"]


def test_a_voiceover_that_says_earlier_scenes_again_keeps_its_new_sentence_even_when_that_is_still_too_long():
    """de-DE's scene 3 (drafts-script11's base) said scenes 1 and 2 again, then a sentence of its own: 39 words for
    9, all kept (the new sentence alone did not fit either). The repeats go; the new sentence stays, to be asked
    again for its length."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitting_sentences

    line = plan_for_script(load_brief(SAMPLE), "en-US", 15)[2]
    earlier = [{"visual": "A", "on_screen_text": "", "voiceover": "Fjell Bottle is the perfect companion for a long day."}]
    long_new = "Carry one bottle instead of hundreds of plastic ones on every trail and in every city you visit."
    scene = {"visual": "B", "on_screen_text": "", "voiceover": f"{earlier[0]['voiceover']} {long_new}"}
    assert fitting_sentences(scene, line, "en-US", earlier)["voiceover"] == long_new


def test_a_script_that_retells_the_worked_examples_line_with_the_names_swapped_fails_copied():
    """fr-CA 'Une bonne tasse de Fjell Bottle.' (a cup of a bottle: the example's 'Une bonne tasse de thé vert
    Brio.') and ja-JP '一杯のFjell Bottle。' passed every gate."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    script = VideoScript([Scene("Un lac en montagne", "Fjell", "Une bonne tasse de Fjell Bottle.", 5),
                          Scene("Fjell Bottle en gros plan", "24 heures", "Vos boissons restent froides 24 heures.", 5),
                          Scene("Fjell Bottle en main", "Une seule", "Une bouteille au lieu de centaines.", 5)])
    assert "Une bonne tasse de thé vert Brio." in script_gates(script, "fr-CA", brief)["copied"]
    fixed = VideoScript([Scene("Un lac en montagne", "Fjell", "De l'eau froide toute la journée.", 5), *script.scenes[1:]])
    assert "copied" not in script_gates(fixed, "fr-CA", brief)


def test_voiceovers_that_open_alike_fail_the_scenes_gate_and_the_scene_is_asked_again_while_written(db_url, by_scene):
    """es-MX (drafts-script11's base): 'Tú, en un día frío, te sientas como ...' opened all three voiceovers and
    only the length failed. A run of words an earlier scene said fails the scenes gate, and a scene that says one
    is asked again for a new point."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    script = VideoScript([Scene("Un lago", "Frío", "Tú, en un día frío, bebes agua.", 5),
                          Scene("Fjell Bottle de cerca", "24 horas", "Tú, en un día frío, sigues fresco.", 5),
                          Scene("Fjell Bottle en la mano", "Una sola", "Una botella en lugar de cientos.", 5)])
    assert "the voiceovers say 'tú en un día' twice" in script_gates(script, "es-MX", brief)["scenes"]
    opening = "Cold water on every trail, "
    model = by_scene(lambda p: scene_reply(p, say=opening + "all day.") if asked(p)[1] == 2 and "new point" not in p.user
                     else scene_reply(p))
    [asset] = run_scripts(db_url, ["en-US"]).values()
    reask = model.calls[2][0]
    assert asked(reask) == ("American English", 2) and "'cold water on every' twice" in reask.user
    assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS["American English"]


def test_a_voiceover_too_long_for_its_seconds_says_its_point_instead_with_no_re_ask(db_url, with_points):
    """Re-asked to cut a voiceover too long for its seconds, the 1.5B model wrote it as long again (drafts-script11's
    base: 4 of 4). The scene's point (the brief's line in the locale's language, checked when written) fits: it is
    the voiceover, no model call is spent, and the log says so."""
    long_one = "Fjell hält deine Getränke auf jeder langen Wanderung und an jedem heißen Tag im Sommer wunderbar kalt."

    def responder(prompt):
        if "Scene" in prompt.prefill and asked(prompt) == ("German", 2):
            return scene_reply(prompt, say=long_one)
        return _point_responder({**GERMAN_POINTS, "Keeps drinks cold for 24 hours": "Hält Getränke 24 Stunden lang kalt"}, {})(prompt)

    model = with_points(responder)
    [asset] = run_scripts(db_url, ["de-DE"]).values()
    scene_calls = [[asked(p)[1] for p in call] for call in model.calls if "Scene" in call[0].prefill]
    assert scene_calls == [[1], [2], [3]], "no re-ask"
    assert asset.script["scenes"][1]["voiceover"] == "Hält Getränke 24 Stunden lang kalt."
    assert {"scene": 2, "point_voiceover": "Hält Getränke 24 Stunden lang kalt.", "kept": True} in asset.generation["scenes_written"]


def test_letters_of_another_script_reject_a_point_and_fail_a_script():
    """de-DE's point 'Ein Glas als Erstes вмест eines Hunderttausend Plastikglasen.' was used for its scene (drafts-script11):
    Cyrillic in German is no point, and a script that says it fails foreign_script as copy does."""
    from studio.generate.gates import script_gates
    from studio.generate.scene_points import point_problem
    from studio.generate.video_script import Scene, VideoScript

    brief = load_brief(SAMPLE)
    sentence = "One bottle instead of hundreds of plastic ones"
    assert "вмест" in point_problem("Eine Flasche вмест hunderter Plastikflaschen.", sentence, "de-DE", brief)
    script = VideoScript([Scene("Ein Bergsee", "Kalt", "Kaltes Wasser auf jedem Weg.", 5),
                          Scene("Fjell Bottle in Nahaufnahme", "24 Stunden", "Fjell hält Getränke lange kalt.", 5),
                          Scene("Fjell Bottle in der Hand", "Eine statt hundert", "Eine Flasche вмест hunderter.", 5)])
    assert "вмест" in script_gates(script, "de-DE", brief)["foreign_script"]


def test_a_rejected_hook_point_gets_no_spare_fact_that_says_another_scenes_number_again(db_url, with_points):
    """drafts-demo12, after 1: fr-FR's hook point was rejected and the spare fact "Keeps drinks cold for 24 hours and
    hot for 12 hours" took its place, so the hook and scene 2 both said "24 heures" and the script failed the scenes
    gate. The spare for a scene skips facts with another scene's number; its own sentence's number is fine (the test
    above: scene 2's own fact extended)."""
    hook = "Cold water all day, wherever the day takes you"
    spare = "750 ml, weighs 340 g"
    said = {**GERMAN_POINTS, hook: hook, "Keeps drinks cold for 24 hours": "Hält Getränke 24 Stunden lang kalt",
            spare: "750 ml, nur 340 g leicht"}
    model = with_points(_point_responder(said, {hook: hook}))
    assets = run_scripts(db_url, ["de-DE"])
    fallbacks = model.calls[1]
    assert [p.user.splitlines()[-1] for p in fallbacks] == [spare]
    log = assets["de-DE"].generation["scenes_written"][0]["points"]
    assert log[-1]["fallback"] == "spare fact" and log[-1]["spare"] == spare


def test_a_visual_that_repeats_stutters_or_says_the_ask_becomes_the_plans_shot_with_no_re_ask(db_url, by_scene):
    """Re-asked for a new shot, the 1.5B model wrote the same visual again (the 23-locale run at 70508b2: ar-SA, tr-TR
    and vi-VN repeated a visual, fr-FR wrote 'un fleur en fleur en bordure' in all three scenes, pl-PL's visual was
    its ask, 'Haczyk na początku. Powiedz jednym krótkim zdaniem po polsku, ...'). A visual is a direction for the
    crew: it becomes the shot the ask named, in the locale's language, and no model call is spent on it."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    visuals = {"French": ["Un plan de la gourde, avec un fleur en fleur en bordure"] * 3,
               "German": ["Szene 1 von 3 (5.0 s): der Einstieg. Sag in einem kurzen deutschen Satz mit eigenen Worten",
                          "Die Flasche auf einem Stein", "Die Flasche auf einem Stein"]}

    def responder(prompt):
        language, n = asked(prompt)
        return scene_reply(prompt, shot=visuals[language][n - 1])

    model = by_scene(responder)
    assets = run_scripts(db_url, ["fr-FR", "de-DE"])
    assert len(model.calls) == 3, "one call per scene position, no re-ask"
    assert [s["visual"] for s in assets["fr-FR"].script["scenes"]] == [
        "Un plan qui attire l'attention", "Fjell Bottle en gros plan", "Fjell Bottle en main"]
    assert [s["visual"] for s in assets["de-DE"].script["scenes"]] == [
        "Einen Blickfang", "Die Flasche auf einem Stein", "Fjell Bottle in der Hand"]
    assert [s["voiceover"] for s in assets["fr-FR"].script["scenes"]] == SAYS["French"]
    brief = load_brief(SAMPLE)
    for locale, asset in assets.items():
        script = VideoScript([Scene(**s) for s in asset.script["scenes"]])
        assert "scenes" not in script_gates(script, locale, brief)
    log = assets["de-DE"].generation["scenes_written"]
    assert {"scene": 3, "own_visual": "Fjell Bottle in der Hand"}.items() <= log[2].items()


def test_a_voiceover_that_only_names_the_brand_says_its_point_with_no_re_ask(db_url, with_points):
    """Re-asked, 4 of 31 scenes came back fixed in the 23-locale run at 70508b2 (a voiceover that only said its visual
    0 of 4): every problem a scene's point can fix is tried with the point first, and the re-ask, a model call for the
    position, is sent only where the point does not give a scene without a problem."""

    def responder(prompt):
        if "Scene" in prompt.prefill and asked(prompt) == ("German", 1):
            return scene_reply(prompt, say="Fjell Bottle.")
        return _point_responder({**GERMAN_POINTS, "Keeps drinks cold for 24 hours": "Hält Getränke 24 Stunden lang kalt"}, {})(prompt)

    model = with_points(responder)
    [asset] = run_scripts(db_url, ["de-DE"]).values()
    scene_calls = [[asked(p)[1] for p in call] for call in model.calls if "Scene" in call[0].prefill]
    assert scene_calls == [[1], [2], [3]], "no re-ask"
    assert asset.script["scenes"][0]["voiceover"] == "Kaltes Wasser den ganzen Tag, wohin du auch gehst."
    assert {"scene": 1, "point_voiceover": "Kaltes Wasser den ganzen Tag, wohin du auch gehst.", "kept": True} in \
        asset.generation["scenes_written"]


def test_an_english_visual_in_a_korean_script_becomes_the_plans_shot_in_korean():
    """ko-KR's scene 1 (drafts-script14, after 1): 'A close-up of a Fjell bottle sitting on a table.'"""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitted

    brief = load_brief(SAMPLE)
    line = plan_for_script(brief, "ko-KR", 15)[1]
    scene = {"visual": "A close-up of a Fjell bottle sitting on a table.", "on_screen_text": "",
             "voiceover": "하루 종일 시원한 물."}
    assert fitted(scene, line, "ko-KR", [], brief)["visual"] == "Fjell Bottle 클로즈업"
    korean = {**scene, "visual": "탁자 위의 Fjell Bottle"}
    assert fitted(korean, line, "ko-KR", [], brief) == korean


def test_an_english_visual_in_a_hindi_script_becomes_the_plans_shot_and_a_hindi_point_keeps_its_own_stop():
    """hi-IN (drafts-script14): 'A beautiful mountain range with snow-covered peaks ...' as the visual of every
    scene, and the point 'पेय ठंडा घंटे से दूर रहता है।' said as 'पेय ठंडा घंटे से दूर रहता है।.'"""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitted
    from studio.generate.scenes import point_scene
    from studio.generate.script_plan import local_plan
    from studio.market.locales import get_locale

    brief = load_brief(SAMPLE)
    line = plan_for_script(brief, "hi-IN", 15)[1]
    shot = local_plan([line], get_locale("hi-IN"), brief.product.name)[0]["shot"]
    scene = {"visual": "A person running down a snowy hill with Fjell Bottle in their hand.", "on_screen_text": "",
             "voiceover": "पेय पूरे दिन ठंडे रहते हैं।"}
    assert fitted(scene, line, "hi-IN", [], brief)["visual"] == shot[:1].upper() + shot[1:]
    hindi = {**scene, "visual": "हाथ में Fjell Bottle"}
    assert fitted(hindi, line, "hi-IN", [], brief) == hindi

    class Job:
        locale = "hi-IN"

    plan = [{**line, "point": "पेय ठंडा घंटे से दूर रहता है।"}]
    alt, _ = point_scene({**hindi, "voiceover": "Fjell Bottle."}, [], plan, Job(), brief)
    assert alt["voiceover"] == "पेय ठंडा घंटे से दूर रहता है।"


def test_an_english_caption_in_an_arabic_script_goes_and_the_product_name_stays():
    """ar-SA (drafts-script14): 'Welcome to the Fjell Bottle Experience' on screen under an Arabic voiceover."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitted

    brief = load_brief(SAMPLE)
    line = plan_for_script(brief, "ar-SA", 15)[0]
    # a mountain in the morning ('جبل عند الفجر', at dawn, read 'الفجر' as the brand written in Arabic letters: the
    # transliterated gate's reading, which makes that visual the plan's shot)
    scene = {"visual": "جبل في الصباح", "on_screen_text": "Welcome to the Fjell Bottle Experience",
             "voiceover": "ماء بارد طوال اليوم."}
    assert fitted(scene, line, "ar-SA", [], brief)["on_screen_text"] == ""
    named = {**scene, "on_screen_text": "Fjell Bottle"}
    assert fitted(named, line, "ar-SA", [], brief) == named


@pytest.mark.parametrize("said, quoted", [("Fjell keeps your drinks cold on the trail and", 'stops on "and", mid-phrase'),
                                          ("One bottle at the lake, one bottle on the summit.", '"one bottle" twice in one sentence')])
def test_a_voiceover_cut_mid_phrase_or_saying_a_phrase_twice_is_asked_again_while_written(db_url, by_scene, said, quoted):
    """drafts-loops19: a voiceover that stops on 'and' or says 'one bottle' twice in one sentence failed the finished
    script (unfinished, repetition) with no re-ask; it is asked again once as it is written, the words quoted."""
    model = by_scene(lambda p: scene_reply(p, say=said) if asked(p)[1] == 2 and "mid-phrase" not in p.user
                     and "twice in one sentence" not in p.user else scene_reply(p))
    [asset] = run_scripts(db_url, ["en-US"]).values()
    reask = model.calls[2][0]
    assert asked(reask) == ("American English", 2) and quoted in reask.user
    assert [s["voiceover"] for s in asset.script["scenes"]] == SAYS["American English"]


@pytest.mark.parametrize("locale, said", [
    ("th-TH", "น้ำเย็นตลอดวัน, ทุกที่ท่านจะเดิน เขียนใจความนี้เป็นประโยคภาษาไทยใหม่ด้วยคำของค"),
    ("ar-AE", "قلها في جملة عربية جديدة بكلماتك الخاصة؛ لا تنقل أي كلمة إنجليزية."),
    ("de-DE", "Sag in einem kurzen deutschen Satz mit eigenen Worten: kaltes Wasser."),
])
def test_a_voiceover_that_says_the_scene_asks_own_words_is_asked_again_for_its_point(locale, said):
    """Session 36's 23-locale run: a th-TH voiceover went on with the scene ask's instruction (write this as a new
    Thai sentence in your own words) and an ar-AE one was that instruction alone; both passed as scenes."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_problems import scene_problem
    from studio.plan.brief import PlannedAsset

    brief = load_brief(SAMPLE)
    plan = plan_for_script(brief, locale, 15)
    job = PlannedAsset(locale=locale, kind="video_script", channel="tiktok", variant=0)
    kind, ask = scene_problem({"visual": "", "on_screen_text": "", "voiceover": said}, [], plan, job, brief)
    from studio.generate.script_plan import scene_point

    assert kind == "asked_back" and said in ask and scene_point(plan[0]) in ask
    own = {"th-TH": "น้ำเย็นตลอดวัน ทุกที่ที่คุณไป", "ar-AE": "ماء بارد طوال اليوم مع Fjell.",
           "de-DE": "Kaltes Wasser, den ganzen Tag, mit Fjell."}[locale]
    problem = scene_problem({"visual": "", "on_screen_text": "", "voiceover": own}, [], plan, job, brief)
    assert problem is None or problem[0] != "asked_back"


@pytest.mark.parametrize("locale, scene, kind, quoted", [
    # q23b's nl-NL hook: an absolute claim the brief does not make, kept unasked; the script failed unsupported_claim
    ("nl-NL", {"visual": "Een wandelaar op een berg", "on_screen_text": "De hele dag koel",
               "voiceover": "De klimaat verandert. Koud water is de beste keus."}, "claim", "'de beste'"),
    # q23b's ar-AE hook: the brand written in Arabic letters as the picture; the script named Fjell nowhere (on_topic)
    ("ar-AE", {"visual": "فجيل يفتح بقوة", "on_screen_text": "24 ساعة",
               "voiceover": "ماء بارد طوال اليوم."}, "brand", "'فجيل'"),
])
def test_a_scene_with_a_claim_or_the_brand_in_another_script_is_asked_again_while_written(locale, scene, kind, quoted):
    """The unsupported_claim gate and the brand in another script (the copy gate ``transliterated``) read in a scene as
    it is written (``scene_fault``), the words quoted; the same scene without them is no fault."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_problems import scene_fault
    from studio.generate.scenes import POINT_FIRST
    from studio.plan.brief import PlannedAsset

    brief = load_brief(SAMPLE)
    plan = plan_for_script(brief, locale, 15)
    job = PlannedAsset(locale=locale, kind="video_script", channel="tiktok", variant=0)
    got, ask = scene_fault(scene, [], plan, job, brief)
    assert got == kind and quoted in ask and kind in POINT_FIRST
    clean = {**scene, "voiceover": "Koud water de hele dag." if locale == "nl-NL" else scene["voiceover"],
             "visual": "Fjell Bottle op een berg" if locale == "nl-NL" else "Fjell Bottle في اليد"}
    assert scene_fault(clean, [], plan, job, brief) is None


def test_an_english_rewording_is_kept_when_it_says_its_own_sentence_and_no_other():
    """q23b's en-US point 'Replace many with one, reduce waste.' for 'One bottle instead of hundreds of plastic ones'
    (0.27, under the paraphrase floor 0.3; every other brief statement 0.10 or less) was rejected and the sentence
    itself used, so two voiceovers said the brief back and the script failed brief_echo. Judged by what it says, it
    stands; a line about something else, or one nearer another statement, still does not."""
    from studio.generate.scene_points import point_problem

    brief = load_brief(SAMPLE)
    sentence = "One bottle instead of hundreds of plastic ones"
    assert point_problem("Replace many with one, reduce waste.", sentence, "en-US", brief) is None
    assert point_problem("The sky is blue.", sentence, "en-US", brief).startswith("not a translation")
    assert point_problem("Drink more water.", sentence, "en-US", brief).startswith("not a translation")
    # other languages keep the translation floor
    assert point_problem("Vervang er veel door één.", sentence, "nl-NL", brief) is not None


def test_a_point_under_an_on_screen_text_that_says_a_run_twice_is_the_scene_without_that_text():
    """q23d's ko-KR hook: the reply had no voiceover and a caption that ran on ('... 차가운 물의 맛을 높이고, 즐거운
    환경은 차가운 물의 풍경을 만듭니다. ...'); its point was used under that caption, still said '차가운 물의' twice, and
    the script failed repetition. The point alone is the scene; a caption that is fine stays."""
    from studio.generate.gates import script_gates
    from studio.generate.prompts import plan_for_script
    from studio.generate.scenes import point_scene
    from studio.generate.video_script import Scene, VideoScript
    from studio.plan.brief import PlannedAsset

    brief = load_brief(SAMPLE)
    job = PlannedAsset(locale="ko-KR", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    plan = [{**line, "point": point} for line, point in
            zip(plan_for_script(brief, "ko-KR", 15), ["하루 종일 차가운 물, 어디서나.", "음료를 24시간 차가운 상태로 보존합니다.",
                                                    "한 병 대신 수백 개의 플라스틱 병."])]
    run_on = ("높은 향수는 차가운 물의 맛을 높이고, 즐거운 환경은 차가운 물의 풍경을 만듭니다.")
    assert "repetition" in script_gates(VideoScript([Scene("시선을 사로잡는 장면", run_on, "하루 종일 차가운 물, 어디서나.", 5.0)]),
                                        "ko-KR", brief)
    alt, still = point_scene({"visual": "시선을 사로잡는 장면", "on_screen_text": run_on, "voiceover": ""}, [], plan, job, brief)
    assert still is None and alt["voiceover"] == "하루 종일 차가운 물, 어디서나." and alt["on_screen_text"] == ""
    alt, still = point_scene({"visual": "시선을 사로잡는 장면", "on_screen_text": "하루 종일", "voiceover": ""}, [], plan, job, brief)
    assert still is None and alt["on_screen_text"] == "하루 종일"


def test_a_visual_that_misspells_the_brand_or_writes_it_in_another_script_becomes_the_plans_shot():
    """q23f's pt-BR hook: 'uma foto de uma bota de fujel com o gancho pendente' as its visual under the voiceover 'Aqui
    está a resposta para sua pergunta.' (here is the answer to your question). Its point was tried and refused for the
    visual's 'fujel' (a brand fault), so the chat line was kept and the script failed the brand and sense gates. ar-AE's
    'عرض فجيل بارد' wrote the brand in Arabic letters and passed. The plan's shot replaces such a visual; the point is
    then the voiceover, with no fault left."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_fits import fitted
    from studio.generate.scene_problems import scene_fault
    from studio.generate.scenes import point_scene
    from studio.generate.script_plan import with_points
    from studio.generate.video_script import parse_scene
    from studio.plan.brief import PlannedAsset

    brief = load_brief(SAMPLE)
    point = "Água gelada todo o dia, onde quer que o dia te leve."
    plan = with_points(plan_for_script(brief, "pt-BR", 15), {"Cold water all day, wherever the day takes you": point})
    job = PlannedAsset(locale="pt-BR", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    raw = ('Scene 1\nVisual: uma foto de uma bota de fujel com o gancho pendente\nOn-screen text: "A água gelada todo o '
           'dia, onde quer que o dia te leve"\nVoiceover: "Aqui está a resposta para sua pergunta. A água gelada todo o dia, '
           'onde quer que o dia te leve."')
    scene = fitted(parse_scene(raw), plan[0], "pt-BR", [], brief)
    assert scene["visual"] == "Uma imagem que chame a atenção"
    assert scene_fault(scene, [], plan, job, brief, echo=True, english=True)[0] == "off_point"
    alt, fault = point_scene(scene, [], plan, job, brief)
    assert (alt["voiceover"], alt["visual"], fault) == (point, "Uma imagem que chame a atenção", None)
    line = plan_for_script(brief, "ar-AE", 15)[1]
    arabic = {"visual": "عرض فجيل بارد وشاحن تلفت", "on_screen_text": "", "voiceover": "تحافظ على المشروبات باردة لمدة 24 ساعة."}
    assert fitted(arabic, line, "ar-AE", [], brief)["visual"] != arabic["visual"]
    # the brand written as it is stays
    kept = {**arabic, "visual": "Fjell Bottle على طاولة"}
    assert fitted(kept, line, "ar-AE", [], brief) == kept


def test_a_point_or_scene_that_negates_the_brief_fact_is_not_used():
    """q23f's zh-CN point for 'Keeps drinks cold for 24 hours' was '保持饮料24小时不冷' (keeps drinks not cold for 24
    hours): point_problem read numbers only, so it was used, the product scene said it and the script failed grounded.
    The grounded gate's reading (misstated_figure) now refuses it as a point and asks its scene again."""
    from studio.generate.prompts import plan_for_script
    from studio.generate.scene_points import point_problem
    from studio.generate.scene_problems import scene_fault
    from studio.plan.brief import PlannedAsset

    brief = load_brief(SAMPLE)
    sentence = "Keeps drinks cold for 24 hours"
    assert point_problem("保持饮料24小时不冷", sentence, "zh-CN", brief).startswith("negates the brief's fact")
    assert point_problem("保持饮料24小时冰凉", sentence, "zh-CN", brief) is None
    plan = plan_for_script(brief, "zh-CN", 15)
    job = PlannedAsset(locale="zh-CN", kind="video_script", channel="tiktok", variant=1, duration_s=15)
    hook = {"visual": "清晨的湖面", "on_screen_text": "", "voiceover": "一整天的冷水，无论走到哪里。"}
    scene = {"visual": "Fjell Bottle的特写", "on_screen_text": "", "voiceover": "保持饮料24小时不冷。"}
    assert scene_fault(scene, [hook], plan, job, brief)[0] == "grounded"
    assert scene_fault({**scene, "voiceover": "保持饮料24小时冰凉。"}, [hook], plan, job, brief) is None


def test_a_sentence_the_locales_own_words_say_whole_is_its_point_unasked_and_a_scene_off_it_says_it(db_url, verified_points):
    """q23g's failing scripts (es-ES, tr-TR, hi-IN) had points the 1.5B model mistranslated: es-ES's 'Keeps drinks cold
    for 24 horas' was refused, so its product scene fell back to the product's name and said only '¡Fjell Bottle!'.
    Where prompts/examples' words say a brief sentence whole (every sentence of the sample brief in German), those
    words are its point and no point is asked; a scene that only names the brand says it, with no re-ask. English
    points are still asked (in new words)."""

    def responder(prompt):
        if "Scene" in prompt.prefill and asked(prompt) == ("German", 2):
            return scene_reply(prompt, say="Fjell Bottle!")
        return _point_responder({}, {})(prompt)

    model = verified_points(responder)
    assets = run_scripts(db_url, ["en-US", "de-DE"])
    points = [p for call in model.calls for p in call if "Scene" not in p.prefill]
    assert [p.user.splitlines()[-1] for p in points] == list(ENGLISH_POINTS) and all("in new words" in p.user for p in points)
    german = assets["de-DE"]
    log = german.generation["scenes_written"][0]["points"]
    assert log == [{"sentence": s, "point": p, "verified": True} for s, p in (
        ("Cold water all day, wherever the day takes you", "Kaltes Wasser den ganzen Tag, wohin der Tag Sie auch führt"),
        ("Keeps drinks cold for 24 hours", "Hält Getränke kalt für 24 Stunden"),
        ("One bottle instead of hundreds of plastic ones", "Eine Flasche statt Hunderter Plastikflaschen"))]
    de = {asked(p)[1]: re.search(r"bedeutet: (.*)", p.user).group(1) for call in model.calls for p in call
          if "Scene" in p.prefill and asked(p)[0] == "German"}
    assert de[2] == "Hält Getränke kalt für 24 Stunden"
    scene_calls = [[asked(p) for p in call] for call in model.calls if "Scene" in call[0].prefill]
    assert len(scene_calls) == 3, "no re-ask"
    assert german.script["scenes"][1]["voiceover"] == "Hält Getränke kalt für 24 Stunden."
    assert german.generation["candidates"][0]["failed"] == {}
