"""Worked examples per locale (prompts/examples/<locale>.yaml): every market has one, in its own
language, they reach the prompts, and a broken file fails at file:line."""

import json
import re

import pytest

from studio.checks.language import detect, language_of_locale
from studio.core.config import get_settings
from studio.core.errors import StudioError
from studio.generate.examples import load_examples_file, locale_examples, phrase_words
from studio.generate.prompts import render
from studio.market.locales import get_locale, list_locales
from studio.plan.brief import load_brief


@pytest.mark.parametrize("code", list_locales())
def test_every_locale_has_an_example_in_its_own_language(code):
    ex = locale_examples(code)
    assert ex is not None, f"prompts/examples/{code}.yaml is missing"
    expected = language_of_locale(code)
    spoken = " ".join(s.voiceover for s in ex.video_script) + " " + ex.copy_.post
    assert detect(spoken.replace("Brio", "")) in ({expected} | ({"id", "ms"} if expected in ("id", "ms") else set()))


def test_every_example_headline_fits_the_headline_it_shows_the_model():
    """A small model imitates the example's length: one over the limit teaches it to overshoot."""
    from studio.market.channels import measure

    over = {code: measure(locale_examples(code).copy_.headline, "google_ads_headline", get_locale(code)).count
            for code in list_locales()
            if not measure(locale_examples(code).copy_.headline, "google_ads_headline", get_locale(code)).ok}
    assert over == {}


@pytest.mark.parametrize("code", ["de-DE", "ja-JP", "ar-SA"])
def test_prompts_carry_the_example_and_the_instruction_in_the_target_language(code):
    brief, ex = load_brief("examples/campaign.yaml"), locale_examples(code)
    headline = render("copy", brief=brief, locale=get_locale(code), channel="google_ads_headline", variant=1)
    assert ex.copy_.headline in headline.user and ex.instruction in headline.user and ex.reply in headline.user
    script = render("video_script", brief=brief, locale=get_locale(code), channel="tiktok", duration_s=15)
    shown = json.loads(next(line for line in script.user.splitlines() if line.startswith('{"scenes"')))
    assert [s["voiceover"] for s in shown["scenes"]] == [s.voiceover for s in ex.video_script]
    assert sum(s["duration_s"] for s in shown["scenes"]) == pytest.approx(15)
    assert ex.instruction in script.user and ex.reply not in script.user  # a script answers in JSON


def test_a_broken_examples_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "de-DE.yaml"
    path.write_text("instruction: Schreibe auf Deutsch.\nreply: Nur den Text.\nproduct: Brio\n"
                    "copy:\n  headline: Brio Tee\n  post: Ein Beispiel für einen Post.\n"
                    "video_script:\n  - {visual: Tasse, on_screen_text: Brio}\n  - {visual: Hand, voiceover: Tee.}\n",
                    encoding="utf-8")
    with pytest.raises(StudioError) as err:
        load_examples_file(path)
    assert f"{path}:8" in str(err.value) and "voiceover" in str(err.value)


def test_example_headlines_spend_the_limit_on_the_point_not_the_product_name():
    """The model copies the example's form: "Brio Tee: ..." taught "Fjell Trinkflasche: ..." (20 of 30
    characters). Every example headline names its brand and then says its point, without the product noun."""
    from studio.market.channels import measure

    for code in list_locales():
        ex = locale_examples(code)
        headline = ex.copy_.headline
        assert headline.startswith("Brio"), f"{code}: {headline!r}"
        m = measure(headline, "google_ads_headline", get_locale(code))
        assert m.count <= 0.8 * m.limit, f"{code}: {headline!r} leaves no room ({m.count}/{m.limit})"


@pytest.mark.parametrize("code, asked", [("de-DE", "Gib fünf verschiedene Überschriften, eine pro Zeile, jede Fjell und 2–3 Wörter"),
                                         ("en-US", "each Fjell and 2–4 words, at most 30 characters"),
                                         ("ja-JP", "各行はFjellと11文字以内"),
                                         ("fr-FR", "chacun Fjell et 2–3 mots, 30 caractères au plus")])
def test_a_headline_prompt_asks_for_five_options_of_the_brand_and_a_few_words_in_the_target_language(code, asked):
    """The limit in a unit a 1.5B model keeps: words after the brand (from the 30 characters left after
    "Fjell: " over the language's word length: German words are longer than English ones), characters
    in Japanese; five options in the same reply."""
    brief = load_brief("examples/campaign.yaml")
    prompt = render("copy", brief=brief, locale=get_locale(code), channel="google_ads_headline", variant=0)
    last = prompt.user.strip().splitlines()[-1]
    assert asked in last and "different short options" not in prompt.user
    post = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0)
    assert asked not in post.user  # a post is one text, not options


def test_a_longer_brand_leaves_fewer_words():
    from studio.generate.prompts import headline_words

    assert headline_words("en-US", "google_ads_headline", 30, "Fjell") == "2–4"
    assert headline_words("en-US", "google_ads_headline", 30, "Fjell Outdoor Gear") == "2"
    assert headline_words("de-DE", "google_ads_headline", 30, "Fjell") == "2–3"
    assert headline_words("ja-JP", "google_ads_headline", 15, "Fjell") == "11"  # "Fjell: " is 3.5 of 15 full-width


def test_a_headlines_line_without_the_brand_fails_at_load_naming_the_file(tmp_path, monkeypatch):
    from studio.generate.prompt_lines import _repair_lines

    path = tmp_path / "repair_lines.yaml"
    path.write_text('de:\n  too_long: "{count} von {limit} Zeichen."\n  options: "Acht Fassungen, je {brand} und {words} Wörter."\n'
                    '  headlines: "Acht Überschriften, je {words} Wörter."\n', encoding="utf-8")
    with pytest.raises(StudioError) as err:
        _repair_lines(path, 0.0)
    assert f"{path}:4" in str(err.value) and "de.headlines" in str(err.value) and "{brand}" in str(err.value)


def test_a_cut_line_that_does_not_quote_the_option_fails_at_load_naming_file_and_line(tmp_path):
    from studio.generate.prompt_lines import _repair_lines

    path = tmp_path / "repair_lines.yaml"
    path.write_text('de:\n  word_chars: 7.2\n  too_long: "{count} von {limit} Zeichen."\n'
                    '  options: "Acht Fassungen, je {brand} und {words} Wörter."\n'
                    '  cut: "Der Text hat {count} Zeichen, erlaubt sind {limit}. Kürze ihn."\n', encoding="utf-8")
    with pytest.raises(StudioError) as err:
        _repair_lines(path, 0.0)
    assert f"{path}:5" in str(err.value) and "de.cut" in str(err.value) and "{text}" in str(err.value)


@pytest.mark.parametrize("code", list_locales())
def test_a_post_prompt_shows_one_example_of_another_product_as_an_earlier_turn_and_ends_on_the_task(code):
    """Inline and last, the de-DE post came back as the prompt's last line (its only German); as an earlier
    turn, the example is the answer to a request of the same shape, for a bike light (unlike a drink: the
    tea's words carried over). One turn, not two: every candidate and repair reads it."""
    brief, ex = load_brief("examples/campaign.yaml"), locale_examples(code)
    post = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0)
    assert [reply for _, reply in post.history] == [ex.other.post] and post.example_turns == 1
    assert ex.other.product in post.history[0][0] and ex.instruction in post.history[0][0]
    assert ex.copy_.post not in post.user and ex.other.post not in post.user and not post.is_repair
    assert post.user.rstrip().endswith(f"{ex.instruction} {ex.reply}") and brief.product.name in post.user


@pytest.mark.parametrize("code", list_locales())
def test_every_second_example_is_in_the_language_and_its_headline_fits(code):
    from studio.market.channels import measure

    ex = locale_examples(code)
    assert ex.other is not None and ex.other.product_name not in (ex.product_name, "Fjell")
    m = measure(ex.other.headline, "google_ads_headline", get_locale(code))
    assert m.count <= 0.8 * m.limit, f"{code}: {ex.other.headline!r} leaves no room ({m.count}/{m.limit})"
    expected = language_of_locale(code)
    assert detect(ex.other.post.replace("Lumo", "")) in ({expected} | ({"id", "ms"} if expected in ("id", "ms") else set()))


def _shipped_scene_lines(lang: str) -> str:
    """The shipped scene lines of one language, as YAML text to break."""
    text = (get_settings().prompts_dir / "scene_lines.yaml").read_text(encoding="utf-8")
    start = text.index(f"\n{lang}:\n") + 1
    end = text.find("\n", text.index("\n  units:", start) + 1)
    return text[start:end + 1]


def test_a_scene_ask_without_the_brief_sentence_fails_at_load_naming_file_line_and_field(tmp_path):
    from studio.generate.prompt_lines import _scene_lines

    path = tmp_path / "scene_lines.yaml"
    broken = _shipped_scene_lines("de").replace(": {say}'", ": …'")
    path.write_text(_shipped_scene_lines("en") + broken, encoding="utf-8")
    with pytest.raises(StudioError) as err:
        _scene_lines(path, 0.0, ("de-DE", "en-US"))
    ask_line = (_shipped_scene_lines("en") + broken).splitlines().index(next(
        line for line in broken.splitlines() if line.startswith("  ask:"))) + 1
    assert f"{path}:{ask_line}" in str(err.value) and "de.ask" in str(err.value) and "{say}" in str(err.value)


def test_a_language_with_a_worked_example_but_no_scene_lines_fails_at_load(tmp_path):
    from studio.generate.prompt_lines import _scene_lines

    path = tmp_path / "scene_lines.yaml"
    path.write_text(_shipped_scene_lines("en"), encoding="utf-8")
    with pytest.raises(StudioError, match="no scene lines for ja, zh"):
        _scene_lines(path, 0.0, ("en-US", "ja-JP", "zh-CN"))


def test_a_shot_of_the_product_that_does_not_name_it_fails_at_load(tmp_path):
    from studio.generate.prompt_lines import _scene_lines

    path = tmp_path / "scene_lines.yaml"
    path.write_text(_shipped_scene_lines("en").replace('"{product} in the hand"', "a hand"), encoding="utf-8")
    with pytest.raises(StudioError, match=r"en\.shots.*\{product\}"):
        _scene_lines(path, 0.0, ("en-US",))


@pytest.mark.parametrize("code", list_locales())
def test_every_scene_prompt_asks_in_the_locales_language(code):
    """Each language the templates cover has its scene lines (shipped data, validated at load); a scene prompt
    asks in that language and quotes the brief's sentence in the locale's words where the copy prompt gives them so
    (drafts-scene30), else as the brief states it."""
    from studio.checks.language import language_of_locale
    from studio.generate.gates import language_verdict
    from studio.generate.prompt_brief import scene_points
    from studio.generate.prompt_lines import all_scene_lines
    from studio.generate.prompts import render_scene

    assert language_of_locale(code) in all_scene_lines()
    brief = load_brief("examples/campaign.yaml")
    prompt = render_scene(brief=brief, locale=code, channel="tiktok", duration_s=15, position=1,
                          written=["Scene 1\nVisual: -\nOn-screen text: -\nVoiceover: -"])
    said = scene_points(brief, code).get("Keeps drinks cold for 24 hours", "Keeps drinks cold for 24 hours")
    assert said in prompt.user and "24" in said
    if code in SAYS_FACTS:
        assert said != "Keeps drinks cold for 24 hours"
    ask = prompt.user.replace(said, "").replace("Fjell Bottle", "").replace("Fjell", "")
    if language_of_locale(code) != "en":
        ok, why = language_verdict(ask, code, [])
        assert ok, f"{code}: the ask reads {why}: {ask}"


POST_FORM = ("en-US", "de-DE", "fr-FR", "es-ES", "pt-BR", "it-IT", "ja-JP", "nl-NL", "tr-TR", "id-ID", "ms-MY", "vi-VN",
             "ar-SA", "ar-AE", "th-TH", "hi-IN")


@pytest.mark.parametrize("code", POST_FORM)
def test_a_post_is_asked_for_four_lines_in_the_target_language_where_the_worked_example_shows_them(code):
    """A 1.5B model follows the form of the example it is shown: the example post (the earlier turn) is a hook, what
    the product does for the reader, an invitation and hashtags, one a line, and the request for that form is in
    the language it writes, with the example's brand in the example turn and the brief's in the job."""
    from studio.generate.prompt_lines import repair_lines

    brief, ex = load_brief("examples/campaign.yaml"), locale_examples(code)
    asked = repair_lines(code).post
    post = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0)
    assert len(ex.other.post.splitlines()) == 4 and ex.other.post.splitlines()[-1].startswith("#")
    assert asked.replace("{brand}", "Fjell") in post.user and "Hook in the first line" not in post.user
    assert asked.replace("{brand}", ex.other.product_name) in post.history[0][0]
    assert detect(asked.replace("{brand}", "")) == language_of_locale(code)
    headline = render("copy", brief=brief, locale=get_locale(code), channel="google_ads_headline", variant=0)
    assert asked.replace("{brand}", "Fjell") not in headline.user


@pytest.mark.parametrize("code", POST_FORM)
def test_the_worked_example_post_is_asked_with_its_own_facts_and_the_job_with_the_briefs(code):
    """The example's request states the bike light's facts as the job states the brief's (Product, Facts, Key message),
    so its lines have a source the model can see: asked with none, the handlebar line came back in Fjell Bottle posts
    (q23c ar-AE, ar-SA, id-ID, vi-VN). The job's own facts stay out of the example's turn, the bike's out of the job."""
    brief = load_brief("examples/campaign.yaml")
    post = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0)
    example_turn = post.history[0][0]
    own = locale_examples("en-US").other  # its facts, in the locale's words where its phrases say them (drafts-facts29)
    facts = [locale_examples(code).say(f) or f for f in own.facts]
    message = locale_examples(code).say(own.key_message) or own.key_message
    assert "Product: " in example_turn and f"- {facts[1]}" in example_turn.splitlines()
    assert f"Key message: {message}" in example_turn.splitlines()
    assert example_turn.index("Facts:") < example_turn.index(locale_examples(code).instruction)
    assert not any(fact in example_turn for fact in brief.product.facts) and brief.product.name not in example_turn
    assert facts[1] not in post.user and "Facts:" in post.user


def test_a_post_whose_worked_example_is_one_line_keeps_the_english_hook_line():
    """The four-line request only where the example shows the form: asked for lines the example does not
    show, a small model follows the example, and the request would stand alone."""
    brief = load_brief("examples/campaign.yaml")
    assert "\n" not in locale_examples("ko-KR").other.post
    post = render("copy", brief=brief, locale=get_locale("ko-KR"), channel="instagram", variant=0)
    assert "Hook in the first line; end with two or three hashtags about Fjell Bottle, one of them #Fjell." in post.user


def test_a_posts_candidates_open_with_different_hooks():
    from studio.generate.drafting import ANGLE_STEP

    brief = load_brief("examples/campaign.yaml")
    first, second = (render("copy", brief=brief, locale=get_locale("de-DE"), channel="instagram",
                            variant=ANGLE_STEP * k).user for k in (0, 1))
    assert first != second and "Open with" in first and "Open with" in second


def test_a_post_reply_keeps_its_lines_and_hashtags():
    """Three lines run together dropped a four-line post's hashtags and its AI label; headline replies are
    still options."""
    from studio.generate.headlines import clean_copy

    raw = ("Den ganzen Tag unterwegs?\nDie Fjell Trinkflasche hält Getränke 24 Stunden kalt.\n"
           "Holen Sie sich Ihre Fjell.\n#Fjell #Trinkflasche\n(KI-generiert)")
    assert clean_copy(raw, post=True) == raw
    assert clean_copy(raw) == " ".join(raw.splitlines()[:3])


def test_a_copy_prompt_gives_the_locales_words_for_the_briefs_english_ones():
    """prompts/examples ``words``: the ones the brief uses, in the copy prompt's terms; the brief's glossary wins."""
    from studio.generate.prompts import render
    from studio.market.channels import get_channel
    from studio.market.locales import get_locale
    from studio.plan.brief import load_brief

    brief = load_brief("examples/campaign.yaml")
    user = render("copy", brief=brief, locale=get_locale("ja-JP"), channel=get_channel("instagram")).user
    assert "dishwasher-safe = 食洗機対応" in user and "lifetime warranty = 永久保証" in user
    assert "bottle = ボトル" not in user  # "water bottle" is the brief's phrase, not "bottle" alone
    de = render("copy", brief=brief, locale=get_locale("de-DE"), channel=get_channel("google_ads_headline")).user
    assert "water bottle = Trinkflasche" in de and "hot = heiß" in de
    assert "price" not in de.split("Use these terms:")[1].splitlines()[0]  # not in the table: not listed


def test_a_dutch_prompt_gives_dutch_words_the_words_gate_knows():
    """The cpu profile's nl-NL drafts kept the brief's English ("Fjell: Keep drinks cold all day, wherever you go!",
    "een warm water bottle": 0 of 4 passed in the 23-locale run of issue 10). The prompt now lists Dutch words for
    the brief's English ones, and each is one the words gate reads as Dutch (a term the gate then failed would
    teach the model a word its draft is rejected for: "vaatwasserbestendig" is not in wordfreq's list)."""
    from studio.generate.gates import unknown_words

    brief = load_brief("examples/campaign.yaml")
    user = render("copy", brief=brief, locale=get_locale("nl-NL"), channel="google_ads_headline", variant=0).user
    assert "water bottle = waterfles" in user and "keeps drinks cold = houdt drankjes koud" in user
    table = locale_examples("nl-NL").words
    assert unknown_words(" ".join(table.values()), "nl-NL", brief) is None


def test_words_of_an_examples_file_are_english_keys():
    from pydantic import ValidationError

    from studio.generate.examples import LocaleExamples, load_examples_file

    data = load_examples_file(get_settings().prompts_dir / "examples" / "de-DE.yaml").model_dump(by_alias=True)
    with pytest.raises(ValidationError):
        LocaleExamples.model_validate({**data, "words": {"Kalt": "kalt"}})
    assert LocaleExamples.model_validate({**data, "words": {"stainless-steel": "Edelstahl"}}).brief_words(
        ["An insulated stainless steel bottle"]) == {"stainless-steel": "Edelstahl"}


# every locale whose headlines ran over the limit in the 23-locale run of issue 10 has one (drafts-fit14)
@pytest.mark.parametrize("code", ["en-US", "de-DE", "fr-FR", "es-ES", "pl-PL", "ja-JP", "nl-NL", "id-ID", "it-IT", "es-MX",
                                  "pt-BR", "ko-KR", "vi-VN", "zh-CN", "en-GB", "en-IN"])
def test_the_cut_example_is_a_long_headline_cut_to_fit_by_dropping_words(code):
    from studio.market.channels import measure

    cut = locale_examples(code).other.cut
    assert cut is not None
    assert not measure(cut.long, "google_ads_headline", get_locale(code)).ok
    assert measure(cut.short, "google_ads_headline", get_locale(code)).ok
    assert detect(cut.long.replace("Lumo", "")) == language_of_locale(code)


def test_a_cut_example_that_adds_words_fails_at_load_naming_file_and_line(tmp_path):
    text = (get_settings().prompts_dir / "examples" / "en-US.yaml").read_text(encoding="utf-8")
    path = tmp_path / "en-US.yaml"
    path.write_text(text.replace('short: "Lumo: seen on every ride"', 'short: "Lumo: bright all night"'), encoding="utf-8")
    with pytest.raises(StudioError) as err:
        load_examples_file(path)
    line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "cut:" in ln and "long" in ln)
    assert f"{path}:{line}" in str(err.value) and "add none" in str(err.value) and "all" in str(err.value)


def test_a_worked_example_whose_product_bears_the_briefs_brand_is_not_shown():
    """examples/campaign_hard.yaml's brand is Lumo, the worked examples' bike light's name too: shown "Lumo:
    sicher im Dunkeln" as another product's headline, a 1.5B model wrote "Lumo: recargable de bicicletas" for a
    face cream. The copy prompt keeps only the examples of other names (the tea)."""
    from studio.generate.prompts import render
    from studio.market.channels import get_channel
    from studio.plan.brief import load_brief

    hard, fjell = load_brief("examples/campaign_hard.yaml"), load_brief("examples/campaign.yaml")
    for channel in ("meta_headline", "sms"):
        prompt = render("copy", brief=hard, locale="de-DE", channel=get_channel(channel))
        said = prompt.user + "".join(u + r for u, r in prompt.history)
        assert "Fahrradlicht" not in said and "Brio" in said
    prompt = render("copy", brief=fjell, locale="de-DE", channel=get_channel("google_ads_headline"))
    assert "Lumo: sicher im Dunkeln" in prompt.user  # a brief of another brand still sees both
    # the bike light's cut headline a headline's repair showed ("Lumo: das helle aufladbare Fahrradlicht" came back as
    # the face cream's Meta headline) is shown to no brief now; the example_product gate fails it
    from studio.generate.gates import reader_gates

    assert "example_product" in reader_gates("Lumo: das helle aufladbare Fahrradlicht", "de-DE", hard)
    # a few words of the long cut headline are the example retold too ("Lumo: mocna ładowana lampka" passed as a
    # pl-PL Meta headline for the cream); a common run of it ("that keeps you") is not
    from studio.generate.echoes import copied_example

    assert copied_example("Lumo: mocna ładowana lampka", "pl-PL", hard)
    assert not copied_example("Fjell: the bottle that keeps you going", "en-US", fjell)


@pytest.mark.parametrize("code", [c for c in list_locales() if locale_examples(c) is not None and locale_examples(c).words])
def test_the_words_a_prompt_gives_for_a_briefs_english_pass_the_copy_gates(code):
    """prompts/examples ``words`` are what the copy prompt tells the model to write: a word the ``words`` or
    ``foreign_words`` gate fails ("Glastiegel", "Nachfüllbeutel") would fail the draft that follows the prompt."""
    from studio.generate.gates import foreign_words, unknown_words
    from studio.plan.brief import load_brief

    brief = load_brief("examples/campaign_hard.yaml")
    said = ". ".join([*locale_examples(code).words.values(), *map(phrase_words, locale_examples(code).phrases.values())])
    assert unknown_words(said, code, brief) is None
    assert foreign_words(said, code, brief) is None


@pytest.mark.parametrize("locale, said", [
    ("fr-FR", "Fjell : garde l'idée principale"),  # the cut request's "keep the main point"
    ("pl-PL", "Fjell i 2–3 słowa"),  # the brand and 2–3 words
    ("id-ID", "Fjell dan 2–3 kata"),
    ("ja-JP", "Fjellと10文字以内"),
    ("ms-MY", "Fjell - Mesej utama"),  # all it says besides the brand is "kekalkan mesej utama" (keep the main message)
])
def test_a_headline_that_says_the_length_request_back_is_an_echo_not_an_ad(locale, said):
    """drafts-length21: asked to cut a headline to the brand and 2–3 words, keeping its main point, the 1.5B model
    answered with the request's own words, and 'Fjell : garde l'idée' passed every copy gate."""
    from studio.generate.echoes import ECHO, copied_example
    from studio.plan.brief import load_brief

    fjell = load_brief("examples/campaign.yaml")
    problems = copied_example(said, locale, fjell)
    assert problems and problems[0].startswith(ECHO)


@pytest.mark.parametrize("locale, said", [
    ("fr-FR", "Fjell : l'eau fraîche toute la journée"),
    ("pl-PL", "Fjell: zimna woda przez 24 godziny"),
    ("id-ID", "Fjell: air dingin 24 jam"),
    ("ja-JP", "Fjellで一日中冷たい水"),
    ("en-US", "Fjell: cold water, all day long"),
    ("de-DE", "Fjell: 750 ml, 24 Stunden kalt"),
    ("ms-MY", "Fjell - Air sejuk sepanjang hari"),
])
def test_a_short_headline_in_its_own_words_is_no_echo(locale, said):
    from studio.generate.echoes import copied_example
    from studio.plan.brief import load_brief

    assert copied_example(said, locale, load_brief("examples/campaign.yaml")) == []


def test_a_key_message_the_locales_words_say_whole_is_given_in_the_language():
    """drafts-posts26: posts copied the English key message ('Eine One-Bottle-Solution', 'koud water all day', id-ID's
    line 'One bottle instead of hundreds of plastic ones.') though its words were listed as terms. Where the locale's
    words say every word of a key message, the prompt gives it in the language; where one is unsaid, in English."""
    brief = load_brief("examples/campaign.yaml")

    def key_line(code: str) -> str:
        user = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0).user
        return next(line for line in user.splitlines() if line.startswith("Key message:"))

    assert key_line("de-DE") == ("Key message: Kaltes Wasser den ganzen Tag, wohin der Tag Sie auch führt; "
                                 "Eine Flasche statt Hunderter Plastikflaschen")
    assert "Satu botol sebagai pengganti ratusan botol plastik" in key_line("id-ID")
    assert "One bottle" not in key_line("nl-NL") and "all day" not in key_line("nl-NL")
    de = locale_examples("de-DE")
    assert de.say("Cold water, wherever you go") is None  # 'you go' is in no words: the message stays English
    assert de.say("cold water all day") == "kaltes Wasser den ganzen Tag"  # a lower-case message keeps its case
    assert de.say("Cold water all day", {"cold water": "Eiswasser"}) == "Eiswasser den ganzen Tag"  # glossary wins


# Where the sample brief's key messages are given in the language (drafts-posts27 added es, fr, it, pt; drafts-facts29 ja,
# ko, zh as whole phrases in their word order; drafts-hi30 hi and th).
SAYS_KEY_MESSAGES = ["ar-AE", "ar-SA", "de-DE", "es-ES", "es-MX", "fr-CA", "fr-FR", "id-ID", "it-IT", "ms-MY", "nl-NL",
                     "pl-PL", "pt-BR", "tr-TR", "vi-VN", "ja-JP", "zh-CN", "ko-KR", "hi-IN", "th-TH"]


@pytest.mark.parametrize("code", SAYS_KEY_MESSAGES)
def test_the_sample_key_messages_reach_the_post_prompt_in_the_language(code):
    """q23d's es-ES post glued the brief's English into a sentence ('mientras que elLifetime warranty garantiza') and
    ms-MY's ended on 'One bottle instead of hundreds of plastic ones.': no English word of a key message is handed to
    the model where the locale's words say it."""
    brief = load_brief("examples/campaign.yaml")
    user = render("copy", brief=brief, locale=get_locale(code), channel="instagram", variant=0).user
    line = next(line for line in user.splitlines() if line.startswith("Key message:"))
    english = {"instead", "hundreds", "wherever", "takes", "ones", "bottle"}
    assert not english & set(re.findall(r"[a-z]+", line.removeprefix("Key message:").casefold())), line


@pytest.mark.parametrize("code", [c for c in list_locales() if locale_examples(c) is not None and locale_examples(c).words])
def test_a_key_message_given_in_the_language_passes_the_copy_gates(code):
    """What the prompt gives as the key message is what a post may say back: no word of it may fail the words or
    foreign_words gate."""
    from studio.generate.gates import foreign_words, unknown_words

    brief = load_brief("examples/campaign.yaml")
    for message in brief.key_messages:
        if (said := locale_examples(code).say(str(message))) is not None:
            assert unknown_words(said, code, brief) is None, said
            assert foreign_words(said, code, brief) is None, said


def _facts_block(code: str, path: str = "examples/campaign.yaml") -> str:
    user = render("copy", brief=load_brief(path), locale=get_locale(code), channel="instagram", variant=0).user
    return user.split("Facts:\n", 1)[1].split("Key message:", 1)[0]


def test_a_fact_the_locales_words_say_whole_is_given_in_the_language_with_its_numbers_as_written():
    """drafts-facts28: the Facts block (_rules.j2) was English in every prompt and drafts pasted it ('mientras que
    elLifetime warranty garantiza', fr-CA 'keeps drinks cold for 24 heures'). A fact is given in the locale's words
    where they say every word; a number and a unit written as a symbol or a code stay as the brief writes them, a
    unit in words is the locale's ('24 horas'); a fact with an unsaid word stays English."""
    es = _facts_block("es-ES")
    assert "- Mantiene las bebidas frías durante 24 horas y calientes durante 12 horas\n" in es
    assert "- 750 ml, pesa 340 g\n" in es and "- Precio 29.99 USD\n" in es
    assert "- Tapa apta para lavavajillas, garantía de por vida en el cuerpo de acero\n" in es
    assert "Allowed claims (make no other claims):\n- Mantiene las bebidas frías durante 24 horas\n" in es
    assert not re.search(r"\b(keeps|hours|warranty|dishwasher|price|weighs)\b", es, re.IGNORECASE), es
    fr = _facts_block("fr-CA")
    assert "- Garde les boissons froides pendant 24 heures et chaudes pendant 12 heures\n" in fr
    th = _facts_block("th-TH")  # drafts-hi30: Thai and Hindi phrases in their word order (q23f's hi-IN got them in English)
    assert "- เก็บเครื่องดื่มให้เย็นได้นาน 24 ชั่วโมง และร้อนได้นาน 12 ชั่วโมง\n" in th and "- 750 ml, หนัก 340 g\n" in th
    hi = _facts_block("hi-IN")  # the verb last, agreeing with the feminine बोतल; the brief's full stop is the danda
    assert "- पेय को 24 घंटे ठंडा और 12 घंटे गरम रखती है\n" in hi and "- कीमत 29.99 USD\n" in hi
    assert locale_examples("hi-IN").say("A bottle that keeps drinks cold for 24 hours.") is None  # 'a' is in no words
    assert locale_examples("hi-IN").say("Keeps drinks cold for 24 hours.") == "पेय को 24 घंटे ठंडा रखती है।"
    ja = _facts_block("ja-JP")  # drafts-facts29: Japanese phrases, the number's place in its word order, its comma
    assert "- 飲み物を24時間冷たく、12時間温かく保ちます\n" in ja and "- 750 ml、重さ 340 g\n" in ja
    hard = _facts_block("pt-BR", "examples/campaign_hard.yaml")
    assert "- Sem perfume, para pele seca e sensível\n" in hard and "- Preço 24 EUR\n" in hard
    pt = locale_examples("pt-BR")
    assert pt.say("Keeps drinks cold for 24 hours", {"keeps drinks cold for": "conserva as bebidas frias por"}) == \
        "Conserva as bebidas frias por 24 horas"  # the brief's glossary wins
    assert pt.say("Fjell keeps drinks cold for 24 hours", keep=["Fjell"]) == "Fjell mantém as bebidas geladas por 24 horas"
    assert pt.say("Weighs 1,250 g") == "Pesa 1,250 g" and pt.say("Weighs 2 pounds") is None  # 'pounds' is in no words


SAYS_FACTS = ["de-DE", "es-ES", "es-MX", "fr-CA", "fr-FR", "it-IT", "nl-NL", "pt-BR", "tr-TR", "pl-PL", "id-ID", "ms-MY", "vi-VN",
              "ja-JP", "zh-CN", "ko-KR", "ar-SA", "ar-AE", "hi-IN", "th-TH"]


@pytest.mark.parametrize("code", SAYS_FACTS)
@pytest.mark.parametrize("path", ["examples/campaign.yaml", "examples/campaign_hard.yaml"])
def test_the_example_briefs_facts_claims_and_key_messages_reach_the_copy_prompt_in_the_language(code, path):
    from studio.generate.prompt_brief import given_in_english

    assert given_in_english(load_brief(path), code) == []
    block = _facts_block(code, path)
    english = {"keeps", "hours", "warranty", "lid", "price", "weighs", "refills", "pouch", "moisturises", "fragrance"}
    assert not english & set(re.findall(r"[a-z]+", block.replace("Allowed claims (make no other claims)", "").casefold()))


def test_what_a_prompt_gives_in_english_is_named():
    from studio.generate.prompt_brief import given_in_english

    brief = load_brief("examples/campaign.yaml")
    # a fact and a key message none of th-TH's and hi-IN's words say (their phrases say the sample brief's since
    # drafts-hi30), and the product line's description where a word of it is unsaid (drafts-scene30)
    strap = brief.model_copy(deep=True)
    strap.product.facts.append("Comes with a carry strap")
    strap.key_messages.append("Your summer, sorted")
    strap.product.description = "An insulated bottle for long hikes."
    assert given_in_english(strap, "th-TH") == ["Your summer, sorted", "Comes with a carry strap",
                                                "An insulated bottle for long hikes."]
    assert given_in_english(strap, "hi-IN") == given_in_english(strap, "th-TH")
    assert given_in_english(brief, "th-TH") == given_in_english(brief, "hi-IN") == given_in_english(brief, "en-GB") == []
    assert given_in_english(brief, "tr-TR") == []  # drafts-facts29: every statement said in Turkish


@pytest.mark.parametrize("code", SAYS_FACTS)
@pytest.mark.parametrize("path", ["examples/campaign.yaml", "examples/campaign_hard.yaml"])
def test_a_fact_given_in_the_language_passes_the_copy_gates_and_stays_grounded(code, path):
    """What the prompt gives as a fact is what a draft may say back: no word of it may fail the words or foreign_words
    gate, and its numbers and fact words read as the brief's (the grounded gate: misstated_figure, numbers)."""
    from studio.generate.gates import copy_gates

    brief = load_brief(path)
    # the product's description too, which the copy prompt's product line gives (drafts-scene30)
    for fact in [*brief.product.facts, *(c.text for c in brief.product.claims), *brief.key_messages,
                 brief.product.description]:
        said = locale_examples(code).say(str(fact), keep=brief.glossary.do_not_translate)
        assert said is not None, fact
        failed = copy_gates(f"{brief.brand}: {said}.", "instagram", code, brief)
        assert not {"grounded", "words", "foreign_words"} & set(failed), (said, failed)  # ("750 ml, pesa 340 g" is too short to read its language)


def test_a_phrase_places_the_statements_number_in_the_languages_word_order_and_plural():
    """drafts-facts29: Turkish puts '24 saat' before 'soğuk tutar' and Polish says '24 godziny' but '12 godzin': a
    phrase's {n} places the brief's number as written, with its unit's plural form where the language has them; a
    Turkish capital i is 'İ'; a statement that opens with a number the phrase moves opens with a capital."""
    tr, pl, ms = locale_examples("tr-TR"), locale_examples("pl-PL"), locale_examples("ms-MY")
    assert tr.say("Keeps drinks cold for 24 hours and hot for 12 hours") == "İçecekleri 24 saat soğuk, 12 saat sıcak tutar"
    assert tr.say("Keeps drinks cold for 36 hours") == "İçecekleri 36 saat soğuk tutar"
    assert pl.say("Keeps drinks cold for 24 hours and hot for 12 hours") == \
        "Utrzymuje napoje zimne przez 24 godziny i gorące przez 12 godzin"
    assert pl.say("Keeps drinks cold for 1 hour") is None  # 'hour' is in no phrase: stays English
    assert pl.say("Moisturises for 22 hours") == "Nawilża przez 22 godziny"
    assert pl.say("Moisturises for 1.5 hours") == "Nawilża przez 1.5 godziny"  # a fraction: 'other'
    assert ms.say("50 ml refillable glass jar") == "Balang kaca 50 ml yang boleh diisi semula"
    ar = locale_examples("ar-SA")  # Arabic counts 3-10 with a plural, 11-99 with a singular: '8 ساعات', '24 ساعة'
    assert ar.say("Moisturises for 8 hours") == "يرطب لمدة 8 ساعات" and ar.say("Moisturises for 24 hours") == "يرطب لمدة 24 ساعة"
    assert ar.say("750 ml, weighs 340 g") == "750 ml، تزن 340 g"  # its own comma (punctuation)
    with pytest.raises(StudioError, match="place each number"):
        _with_phrases("pl-PL", {"moisturises for {n} hours": "nawilża długo"})


def _with_phrases(code: str, phrases: dict[str, str]):
    import tempfile
    from pathlib import Path

    import yaml

    data = yaml.safe_load((get_settings().prompts_dir / "examples" / f"{code}.yaml").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{code}.yaml"
        path.write_text(yaml.safe_dump({**data, "phrases": phrases}, allow_unicode=True))
        return load_examples_file(path)


@pytest.mark.parametrize("code, fact", [("tr-TR", "- Bisikletin gidonuna takılır"), ("pl-PL", "- Przypina się do kierownicy roweru"),
                                        ("ja-JP", "- 自転車のハンドルに取り付けられます"), ("de-DE", "- Wird einfach am Lenker befestigt"),
                                        ("th-TH", "- ติดกับแฮนด์จักรยานได้"), ("hi-IN", "- साइकिल के हैंडल पर लग जाता है")])
def test_the_worked_example_posts_facts_reach_the_prompt_in_the_language(code, fact):
    """drafts-facts29: the bike light's facts above its post (copy.j2 example_user) were English in every locale ('Clips
    onto the bike's handlebar' above a Turkish post): they are data (en-US other.facts) said by the locale's phrases as
    a brief's facts are; English in en-US."""
    brief = load_brief("examples/campaign.yaml")

    def example_turn(locale: str) -> str:
        return render("copy", brief=brief, locale=get_locale(locale), channel="instagram", variant=0).history[0][0]

    turn = example_turn(code)
    assert fact in turn.splitlines() and not re.search(r"\b(drivers|handlebar|peace of mind)\b", turn, re.IGNORECASE), turn
    assert "Key message: Ride home after dark with peace of mind" in example_turn("en-US").splitlines()
