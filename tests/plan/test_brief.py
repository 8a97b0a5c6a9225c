"""The brief: a user's YAML either loads or fails before any model loads, naming file:line and the fix."""

import json
import textwrap

import pytest

from studio.core.errors import BriefError
from studio.plan.brief import load_brief, parse_brief, plan

SAMPLE = "examples/campaign.yaml"


def write(tmp_path, text, name="brief.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_sample_brief_plans_one_job_per_locale_kind_channel_variant():
    brief = load_brief(SAMPLE)
    jobs = plan(brief)
    assert len(jobs) == len(brief.locales) * sum(a.variants for a in brief.assets)
    keys = [j.key for j in jobs]
    assert len(set(keys)) == len(keys)
    assert "de-DE/copy/google_ads_headline/2" in keys
    assert {j.duration_s for j in jobs if j.kind == "video_script"} == {15}


def test_plan_narrows_to_locales_and_kinds():
    jobs = plan(load_brief(SAMPLE), locales=["en-US", "de-DE"], kinds=["copy", "video_script"])
    assert {j.locale for j in jobs} == {"en-US", "de-DE"}
    assert {j.kind for j in jobs} == {"copy", "video_script"}


def test_plan_rejects_a_locale_the_brief_does_not_target():
    with pytest.raises(BriefError) as exc:
        plan(load_brief(SAMPLE), locales=["ko-KR"])
    assert "--locales" in str(exc.value) and "en-US" in str(exc.value)


def test_unknown_locale_and_channel_list_the_known_ones_with_line_numbers(tmp_path):
    path = write(tmp_path, """\
        campaign: X
        brand: Y
        product: {name: P}
        locales:
          - de-DE
          - xx-XX
        assets:
          - {kind: copy, channel: tv}
        """)
    with pytest.raises(BriefError) as exc:
        load_brief(path)
    text = str(exc.value)
    assert f"{path}:6: locales[1]" in text
    assert "unknown locale 'xx-XX'" in text and "ja-JP" in text
    assert f"{path}:8" in text and "unknown channel 'tv'" in text and "google_ads_headline" in text
    assert "fix:" in text


def test_missing_required_field_and_bad_type_name_the_field(tmp_path):
    path = write(tmp_path, """\
        campaign: X
        product: {name: P}
        locales: [de-DE]
        sponsored: maybe
        assets: [{kind: video_script, channel: tiktok}]
        """)
    with pytest.raises(BriefError) as exc:
        load_brief(path)
    text = str(exc.value)
    assert "brand" in text and "Field required" in text
    assert f"{path}:4: sponsored" in text
    assert "duration_s" in text


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "campaign: X\nbrand: [unclosed\nproduct: {name: P}\n")
    with pytest.raises(BriefError) as exc:
        load_brief(path)
    assert str(path) in str(exc.value) and "invalid YAML" in str(exc.value)


def test_json_brief_uses_the_same_schema(tmp_path):
    data = {"campaign": "X", "brand": "Y", "product": {"name": "P"}, "locales": ["fr-FR"],
            "assets": [{"kind": "copy", "channel": "x", "variants": 2}]}
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data))
    assert len(plan(load_brief(path))) == 2
    with pytest.raises(BriefError) as exc:
        parse_brief({**data, "assets": [{"kind": "poster", "channel": "x"}]}, source="body")
    assert "assets[0].kind" in str(exc.value)


def test_glossary_terms_include_brand_terms_and_the_locales_approved_terms():
    brief = load_brief(SAMPLE)
    assert brief.glossary_terms("de-DE") == ["Fjell", "Trinkflasche"]
    assert brief.glossary_terms("ja-JP") == ["Fjell"]


def test_glossary_terms_for_a_locale_the_brief_does_not_target_name_the_line(tmp_path):
    path = write(tmp_path, """\
        campaign: X
        brand: Y
        product: {name: P}
        locales: [de-DE, fr-FR]
        assets: [{kind: copy, channel: web}]
        glossary:
          terms: {de-De: {water bottle: Trinkflasche}}
        """)
    with pytest.raises(BriefError) as exc:
        load_brief(path)
    assert f"{path}:7" in str(exc.value) and "de-De" in str(exc.value) and "does not target" in str(exc.value)


def test_a_waiver_of_an_unknown_rule_is_an_error_at_its_line_before_anything_is_stored(tmp_path):
    from sqlmodel import select

    from studio.runs.pipeline import submit
    from studio.store.database import session_scope
    from studio.store.tables import Campaign

    path = write(tmp_path, """\
        campaign: X
        brand: Y
        product: {name: P}
        locales: [de-DE]
        assets: [{kind: copy, channel: web}]
        waivers:
          - {rule: de.claims.superlative, reason: substantiated by test T-1}
          - rule: global.claims.guaranted
            reason: typo in the id
        """)
    brief = load_brief(path)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(BriefError) as exc:
        submit(brief, db_url=db)
    text = str(exc.value)
    assert f"{path}:8" in text and "global.claims.guaranted" in text and "global.claims.guaranteed" in text
    assert "de.claims.superlative" not in text and "fix:" in text  # the known one is fine
    with session_scope(db) as s:
        assert s.exec(select(Campaign)).all() == []
