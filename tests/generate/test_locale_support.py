"""Honest failure: a profile that cannot write a locale says so on the asset instead of queueing gibberish,
and `studio models list` says per locale what each profile is good for."""


import pytest
from sqlmodel import select
from typer.testing import CliRunner

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset, FindingRow
from tests.helpers.queued_model import MODELS_DIR, QueuedTextModel, default_responder, use_model  # noqa: F401

SUPPORT = """
locale_support:
  measured: bench/quality.py on this profile, both briefs
  default: unsupported
  locales:
    en-US: {support: supported, writes: 8, passed: 7, drafts: 8}
    de-DE: {support: weak, writes: 5, passed: 3, drafts: 8}
    ar-SA: {support: unsupported, writes: 1, passed: 0, drafts: 8}
    ar-AE: ar-SA
"""


@pytest.fixture
def measured(use_model, monkeypatch, tmp_path):
    """The queued test profile with per-locale support figures."""
    model = use_model(QueuedTextModel(default_responder))
    (tmp_path / "queued.yaml").write_text((MODELS_DIR / "queued.yaml").read_text() + SUPPORT)
    monkeypatch.setenv("STUDIO_MODELS_DIR", str(tmp_path))
    get_settings.cache_clear()
    return model


def _assets(db_url):
    with session_scope(db_url) as s:
        assets = s.exec(select(Asset)).all()
        rules = {a.id: {(r.rule, r.severity) for r in s.exec(select(FindingRow).where(FindingRow.asset_id == a.id))}
                 for a in assets}
        return assets, rules


def test_unsupported_locale_gets_no_draft_but_a_block_finding_that_asks_for_a_larger_profile(tmp_path, measured):
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    brief = load_brief("examples/campaign.yaml")
    brief = brief.model_copy(update={"locales": [*brief.locales, "ar-AE"]})
    run_brief(brief, db_url=db_url, locales=["en-US", "de-DE", "ar-SA", "ar-AE"], kinds=["copy", "video_script"])
    assets, rules = _assets(db_url)
    arabic = [a for a in assets if a.locale in ("ar-SA", "ar-AE")]
    assert len(arabic) == 8  # still one asset per job: the campaign shows the gap
    for a in arabic:
        assert a.text == "" and a.script is None
        assert "cannot write Arabic" in a.note and "1/8" in a.note
        assert "larger profile" in a.note and "human writer" in a.note
        assert ("profile_unsupported_locale", "block") in rules[a.id]
        assert a.worst_severity == "block"
    # The model was never asked to write Arabic.
    asked = [p.user for call in measured.calls for p in call]
    assert asked and not any("Arabic" in u for u in asked)
    german = [a for a in assets if a.locale == "de-DE"]
    assert all(a.text or a.script for a in german)
    assert all(("profile_weak_locale", "warn") in rules[a.id] for a in german)
    english = [a for a in assets if a.locale == "en-US"]
    assert not any(r.startswith("profile_") for a in english for r, _ in rules[a.id])


def test_locales_not_listed_take_the_profile_default(tmp_path, measured):
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["ja-JP"], kinds=["copy"])
    assets, rules = _assets(db_url)
    assert assets and all(a.text == "" and "not measured" in a.note for a in assets)


def test_a_profile_without_measurements_drafts_every_locale(tmp_path, use_model):
    use_model(QueuedTextModel(default_responder))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["ar-SA"], kinds=["copy"])
    assets, rules = _assets(db_url)
    assert assets and all(a.text for a in assets)


@pytest.fixture
def profile_with(tmp_path, monkeypatch):
    """Load the queued test profile under a new name with ``support`` as its locale_support block."""
    from studio.generate.profiles import load_profile

    monkeypatch.setenv("STUDIO_MODELS_DIR", str(tmp_path))
    monkeypatch.setenv("STUDIO_BACKENDS", "tests.helpers.queued_model")

    def load(name: str, support: str):
        queued = (MODELS_DIR / "queued.yaml").read_text().replace("name: queued", f"name: {name}")
        (tmp_path / f"{name}.yaml").write_text(queued + support)
        get_settings.cache_clear()
        return load_profile(name)

    yield load
    get_settings.cache_clear()


def test_an_unknown_locale_in_the_support_table_names_file_line_and_the_known_ones(profile_with):
    with pytest.raises(ModelError) as err:
        profile_with("broken", SUPPORT.replace("ar-SA: {", "xx-XX: {"))
    text = str(err.value)
    assert "broken.yaml:" in text and "xx-XX" in text and "en-US" in text


def test_models_list_prints_per_locale_support_with_the_figure(measured):
    from studio.cli.main import app

    result = CliRunner().invoke(app, ["models", "list", "queued"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("de-DE" in line and "weak" in line and "5/8 writes" in line for line in lines)
    assert any("ar-SA" in line and "unsupported" in line and "ar-AE 1/8 writes, 0/8 pass (as ar-SA)" in line
               for line in lines)
    assert any("other locales" in line and "unsupported" in line for line in lines)


def test_drafting_all_locales_on_request_remeasures_an_unsupported_one(tmp_path, measured, monkeypatch):
    monkeypatch.setenv("STUDIO_DRAFT_ALL_LOCALES", "1")
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["ar-SA"], kinds=["copy"])
    assets, rules = _assets(db_url)
    assert assets and all(a.text and not a.note for a in assets)


def test_a_level_the_figures_do_not_give_must_say_what_the_drafts_showed(profile_with):
    """The gates pass right-script nonsense, so a person may mark a locale unsupported that passes 6/8: the
    profile then has to say why, and every refused asset and `studio models list` show that reason."""
    unexplained = SUPPORT.replace("ar-SA: {support: unsupported, writes: 1, passed: 0, drafts: 8}",
                                  "ar-SA: {support: unsupported, writes: 8, passed: 6, drafts: 8}")
    with pytest.raises(ModelError) as err:
        profile_with("judged", unexplained)
    text = str(err.value)
    assert "judged.yaml:" in text and "ar-SA" in text and "why:" in text and "'weak'" in text

    explained = unexplained.replace("drafts: 8}\n    ar-AE", "drafts: 8, why: 'a refusal in Arabic'}\n    ar-AE")
    assert explained != unexplained
    level, measure = profile_with("judged", explained).support_for("ar-SA")
    assert level == "unsupported" and measure is not None
    assert measure.figure().endswith("6/8 (75%) passed every gate; read by a person: a refusal in Arabic")


def test_models_list_says_why_a_locale_is_not_at_its_figures_level():
    from studio.cli.main import app

    result = CliRunner().invoke(app, ["models", "list", "cpu"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "read by a person (ar-AE, ar-SA): the drafts that pass are a refusal in Arabic" in flat
