"""Prompt templates render for every market and kind, and carry the essentials a small model needs."""

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from studio.core.errors import InputError, StudioError
from studio.generate.prompts import KINDS, ChatPrompt, PromptLibrary, render
from studio.market.channels import get_channel
from studio.market.locales import get_locale, list_locales


def make_brief(**over):
    data = dict(
        campaign="Spring launch", brand="Acme",
        product=NS(name="TurboMix 3000", description="a quiet kitchen blender",
                   facts=["900 W motor", "1.5 l glass jar"],
                   claims=[NS(text="30% quieter than our previous model", evidence="Acme lab test 2025")]),
        key_messages=["Smoothies in 30 seconds"], tone="warm, confident", audience="general",
        sponsored=True, ai_disclosure=True, publish_dates=[dt.date(2026, 3, 1)], locales=["de-DE"],
        assets=[NS(kind="video_script", channel="tiktok", variants=1, duration_s=20)],
        glossary=NS(do_not_translate=["TurboMix"], terms={"de-DE": {"blender": "Standmixer"}}),
    )
    data.update(over)
    return NS(**data)


@pytest.mark.parametrize("code", list_locales())
def test_every_locale_and_kind_renders(code):
    brief, locale = make_brief(), get_locale(code)
    for kind in KINDS:
        prompt = render(kind, brief=brief, locale=locale, channel=get_channel("instagram"))
        assert isinstance(prompt, ChatPrompt) and prompt.system and prompt.user
        assert locale.language_name in prompt.system + prompt.user
        assert "TurboMix 3000" in prompt.user
    copy = render("copy", brief=brief, locale=locale, channel=get_channel("google_ads_headline"))
    budget = 15 if locale.script in ("Hans", "Jpan", "Kore") else 30  # wide characters count 2
    assert f"Maximum {budget} characters" in copy.user
    assert "TurboMix" in copy.user.split("Keep these words exactly as written:")[1]


def test_copy_prompt_puts_instruction_first_and_lists_only_brief_claims():
    p = render("copy", brief=make_brief(), locale=get_locale("de-DE"), channel=get_channel("x"))
    first = p.user.splitlines()[0]
    assert first.startswith("Write one X (Twitter) post in German for TurboMix 3000")
    assert "Maximum 265 characters" in p.user  # 280 less " (KI-generiert)", which drafting appends
    assert "30% quieter than our previous model" in p.user and "make no other claims" in p.user
    assert "Sie" in p.user  # formality
    assert 'Start with the label "Anzeige"' in p.user and "KI-generiert" not in p.user  # appended by drafting
    assert "blender = Standmixer" in p.user


def test_platform_labelled_channels_get_no_label_and_variants_differ():
    brief, de = make_brief(), get_locale("de-DE")
    head = render("copy", brief=brief, locale=de, channel=get_channel("google_ads_headline"))
    assert "Anzeige" not in head.user
    other = render("copy", brief=brief, locale=de, channel=get_channel("google_ads_headline"), variant=1)
    assert other.user != head.user


def test_no_claims_means_no_superlatives_and_children_rule():
    brief = make_brief(product=NS(name="Kid Juice", description="", facts=[], claims=[]), audience="children",
                       sponsored=False, ai_disclosure=False)
    p = render("copy", brief=brief, locale=get_locale("en-GB"), channel="email_subject")
    assert "Make no claims beyond the facts" in p.user and "never urge them to buy" in p.user
    assert "best under 40" in p.user and "#ad" not in p.user and "Ad" not in p.user.split("\n")[0]


def test_examples_are_included_as_style_references():
    p = render("copy", brief=make_brief(), locale=get_locale("en-US"), channel="instagram",
               examples=["Blend it. Love it.", "Morning smoothies, done."])
    assert "Blend it. Love it." in p.user and "do not copy" in p.user


def test_video_script_asks_for_json_scenes_within_speaking_budget():
    ja = render("video_script", brief=make_brief(), locale=get_locale("ja-JP"), channel="tiktok")
    assert '"scenes"' in ja.user and "add up to 20" in ja.user
    assert "at most 126 characters" in ja.user  # 20 s x 7 chars/s x 0.9
    de = render("video_script", brief=make_brief(), locale=get_locale("de-DE"), duration_s=10)
    assert "at most 19 words" in de.user and "10-second" in de.user  # 10 s x 2.2 words/s x 0.9


def test_video_script_gives_every_scene_its_own_job_and_sentence_of_the_brief():
    """One free-form request makes a small model write one scene three times; a job per scene does not."""
    from studio.plan.brief import load_brief

    en = render("video_script", brief=load_brief("examples/campaign.yaml"), locale=get_locale("en-US"),
                channel="tiktok", duration_s=15)
    plan = en.user.split("The plan for your script")[1]
    scenes = [line for line in plan.splitlines() if line.startswith("Scene ")]
    assert len(scenes) == 3 and "add up to 15" in en.user
    assert "hook" in scenes[0] and "Cold water all day, wherever the day takes you" in scenes[0]
    assert "Fjell Bottle" in scenes[1] and "Keeps drinks cold for 24 hours" in scenes[1]  # the claim
    assert "call to action" in scenes[2] and "One bottle instead of hundreds of plastic ones" in scenes[2]
    assert all("at most 11 words" in s for s in scenes)  # 15 s x 2.5 words/s x 0.9, over 3 scenes
    # the worked example (another product) is shown with its own plan, so the model sees plan -> script
    assert 'Scene 2, product: "A cup of Brio green tea."' in en.user.split("The plan for your script")[0]
    # 20 s: four scenes, the claim and a fact in the middle; the budget in characters where the language has no spaces
    ja = render("video_script", brief=make_brief(), locale=get_locale("ja-JP"), channel="tiktok")
    scenes = [line for line in ja.user.split("The plan for your script")[1].splitlines() if line.startswith("Scene ")]
    assert len(scenes) == 4 and "30% quieter" in scenes[1] and "900 W motor" in scenes[2]
    assert all("at most 31 characters" in s for s in scenes)  # 126 characters over 4 scenes


def test_ramadan_publish_date_adds_calendar_note():
    p = render("copy", brief=make_brief(), locale=get_locale("ar-SA"), channel="instagram")
    assert "Ramadan" in p.user and "fasting" in p.user
    assert "Ramadan" not in render("copy", brief=make_brief(), locale=get_locale("de-DE"), channel="x").user


def test_image_prompt_is_localised_english_with_avoid_list():
    p = render("image_prompt", brief=make_brief(), locale=get_locale("zh-CN"), variant=2)
    assert "in English" in p.user and "China" in p.user and "the number 4" in p.user
    assert "No text, letters, logos" in p.user


def test_source_language_path_writes_in_source_for_translation():
    p = render("copy", brief=make_brief(), locale=get_locale("de-DE"), channel="x", language="en-US")
    assert "in American English" in p.user and "machine-translated into German" in p.user
    assert "Maximum 209 characters" in p.user  # 80% of 280 (translations run longer), less " (KI-generiert)"
    assert "Standmixer" not in p.user  # target terms apply after translation


def test_brief_as_plain_dict_works_and_copy_needs_channel():
    brief = {"campaign": "c", "brand": "B", "product": {"name": "Widget", "claims": [{"text": "Lasts 10 years",
                                                                                       "evidence": "test"}]}}
    p = render("copy", brief=brief, locale="fr-FR", channel="sms")
    assert "Widget" in p.user and "Lasts 10 years" in p.user and "Maximum 134 characters" in p.user
    with pytest.raises(InputError):
        render("copy", brief=brief, locale="fr-FR")
    with pytest.raises(InputError):
        render("poem", brief=brief, locale="fr-FR", channel="sms")


def test_undefined_variable_names_template_file_and_line(tmp_path):
    (tmp_path / "copy.j2").write_text(
        "{% block system %}You write ads.{% endblock %}\n"
        "{% block user %}\nWrite for {{ product.name }}.\nLimit: {{ chanel.limit }}\n{% endblock %}\n",
        encoding="utf-8")
    lib = PromptLibrary(tmp_path)
    with pytest.raises(StudioError) as err:
        lib.render("copy", brief=make_brief(), locale=get_locale("en-GB"), channel="x")
    assert f"{tmp_path / 'copy.j2'}:4" in str(err.value) and "chanel" in str(err.value)


def test_template_syntax_error_names_file_line(tmp_path):
    (tmp_path / "image_prompt.j2").write_text("{% block system %}x{% endblock %}\n{% block user %}{% if %}\n",
                                              encoding="utf-8")
    with pytest.raises(StudioError, match=r"image_prompt.j2:2"):
        PromptLibrary(tmp_path).render("image_prompt", brief=make_brief(), locale=get_locale("en-GB"))


def test_sandbox_blocks_unsafe_attribute_access(tmp_path):
    (tmp_path / "copy.j2").write_text(
        "{% block system %}x{% endblock %}{% block user %}{{ target.__class__.__mro__ }}{% endblock %}",
        encoding="utf-8")
    with pytest.raises(StudioError):
        PromptLibrary(tmp_path).render("copy", brief=make_brief(), locale=get_locale("en-GB"), channel="x")
