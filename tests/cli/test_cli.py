"""The CLI as a campaign manager uses it: exit codes, messages naming the file and line, exports."""

import csv
import io
import json

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from studio.cli.main import app
from studio.plan.brief import load_brief
from studio.review.decisions import Actor, decide
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_broken_brief_exits_2_naming_the_line_and_loads_no_model(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("campaign: X\nbrand: Y\nproduct: {name: P}\nlocales: [de-DE]\nassets:\n  - {kind: copy, channel: fax}\n")
    result = invoke("generate", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert f"{bad}:6" in result.output and "unknown channel 'fax'" in result.output and "fix:" in result.output


def test_missing_brief_file_exits_2(tmp_path):
    result = invoke("generate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "file not found" in result.output


def test_generate_with_timings_writes_where_the_time_went(tmp_path, use_model):
    use_model(QueuedTextModel(default_responder))
    path = tmp_path / "out" / "timings.json"
    result = invoke("generate", "examples/campaign.yaml", "--db", str(tmp_path / "t.db"), "--locales", "en-US",
                    "--kinds", "copy,video_script", "--timings", str(path))
    assert result.exit_code == 0, result.output
    assert "where the time went" in result.output and str(path) in result.output.replace("\n", "")
    doc = json.loads(path.read_text())
    assert {"load text model", "copy candidates", "copy gates and checks", "video_script candidates",
            "store"} <= set(doc["phases"])
    assert abs(sum(p["seconds"] for p in doc["phases"].values()) + doc["unaccounted_s"] - doc["wall_s"]) < 0.05


def test_timings_that_cannot_be_written_name_the_option(tmp_path, use_model):
    use_model(QueuedTextModel(default_responder))
    (tmp_path / "file").write_text("")
    result = invoke("generate", "examples/campaign.yaml", "--db", str(tmp_path / "t.db"), "--locales", "en-US",
                    "--kinds", "copy", "--timings", str(tmp_path / "file" / "t.json"))
    assert result.exit_code != 0 and "--timings" in result.output


def test_locales_list_prints_one_code_a_line_first_on_the_line():
    result = invoke("locales", "list")
    codes = [line.split()[0] for line in result.output.splitlines()]
    assert result.exit_code == 0 and len(codes) >= 23 and {"zh-CN", "ar-SA", "fr-CA", "en-IN"} <= set(codes)


def test_models_list_says_what_is_present_and_why_not():
    result = invoke("models", "list")
    assert result.exit_code == 0
    assert "SmolLM2" in result.output and "tiny" in result.output
    assert "standard" in result.output and "missing" in result.output and "present" in result.output


@pytest.fixture
def seeded_db(tmp_path, use_model):
    db = tmp_path / "s.db"
    url = f"sqlite:///{db}"
    use_model(QueuedTextModel(default_responder))
    run_brief(load_brief("examples/campaign.yaml"), db_url=url, locales=["en-US", "de-DE"], kinds=["copy", "video_script"])
    with session_scope(url) as s:
        asset = s.exec(select(Asset).where(Asset.locale == "en-US", Asset.channel == "instagram")).one()
        asset.text = "Cold water all day with Fjell."
        s.add(asset)
    with session_scope(url) as s:
        from studio.review import records as svc

        asset = s.get(Asset, asset.id)
        svc.store_findings(s, asset, [])
        decide(s, asset.id, "approve", Actor("ed", "admin"), expected_version=asset.version)
    return db


def test_export_jsonl_defaults_to_approved_and_any_gives_everything(seeded_db):
    approved = invoke("export", "--db", str(seeded_db))
    lines = [json.loads(line) for line in approved.output.splitlines()]
    assert approved.exit_code == 0 and len(lines) == 1
    rec = lines[0]
    assert rec["text"] == "Cold water all day with Fjell." and rec["status"] == "approved"
    assert {"id", "campaign", "locale", "kind", "channel", "variant", "status", "text", "findings"} <= set(rec)
    everything = invoke("export", "--db", str(seeded_db), "--status", "any")
    assert len(everything.output.splitlines()) == 8


def test_export_csv_xliff_and_srt_to_a_folder(seeded_db, tmp_path):
    out = tmp_path / "out"
    for fmt in ("csv", "xliff", "srt", "vtt"):
        assert invoke("export", "--db", str(seeded_db), "--status", "any", "--format", fmt, "--out", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO((out / "assets.csv").read_text())))
    assert len(rows) == 8 and {r["locale"] for r in rows} == {"en-US", "de-DE"}
    from translate.storage.xliff2 import Xliff2File

    de = Xliff2File.parsestring((out / "Fjell_Summer_Launch.de-DE.xliff").read_bytes())
    assert de.gettargetlanguage() == "de-DE" and len(de.units) == 4
    srt = (out / "Fjell_Summer_Launch.en-US.tiktok.v1.srt").read_text()
    assert srt.startswith("1\n00:00:00,000 --> ") and "Cold water all day." in srt
    assert (out / "Fjell_Summer_Launch.en-US.tiktok.v1.vtt").read_text().startswith("WEBVTT")


def test_export_bad_format_exits_2(seeded_db):
    result = invoke("export", "--db", str(seeded_db), "--format", "docx")
    assert result.exit_code == 2 and "jsonl" in result.output


def test_a_rule_limited_to_an_unknown_channel_fails_validation_at_its_line(tmp_path):
    rules = tmp_path / "rules" / "global"
    rules.mkdir(parents=True)
    (rules / "categories.yaml").write_text("categories: [{id: price, description: p}]\n")
    (rules / "x.yaml").write_text(
        "pack: global\nrules:\n  - id: g.x\n    type: terms\n    category: price\n    severity: warn\n"
        "    message: m\n    source: {name: s}\n    terms: [cheap]\n    applies_to: {channels: [instagram, youtube]}\n"
        "    examples: {match: [cheap], no_match: [dear]}\n")
    result = runner.invoke(app, ["rules", "validate", str(tmp_path / "rules")])
    assert result.exit_code == 2
    assert "x.yaml:10" in result.stderr and "unknown channel(s) 'youtube'" in result.stderr


def test_export_that_makes_no_file_says_why(seeded_db, tmp_path):
    result = runner.invoke(app, ["export", "--db", str(seeded_db), "--format", "srt", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert "nothing exported: srt: 0 files — no approved video scripts" in result.output
    assert not (tmp_path / "o").exists()
