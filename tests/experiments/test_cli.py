"""`studio results import FILE.csv` and `studio generate --challengers N` as a campaign manager uses them."""

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from studio.cli.main import app
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset, AssetResult, AuditLog, ExperimentDecision
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401

runner = CliRunner()
HEADER = "asset_id,day,channel,impressions,clicks,conversions,spend\n"


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def csv_for(asset_clicks: dict, days: int = 7, impressions: int = 3000) -> str:
    return HEADER + "".join(f"{asset},2026-05-{d + 1:02d},,{impressions},{clicks},0,4.5\n"
                            for asset, clicks in asset_clicks.items() for d in range(days))


def test_import_decides_a_winner_and_a_second_import_changes_nothing(tmp_path, db_url, make_asset):
    a, b = make_asset("Frisch unterwegs.", variant=1), make_asset("Kalt wie ein Bergsee.", variant=2)
    path = tmp_path / "results.csv"
    path.write_text(csv_for({a: 60, b: 96}))
    result = invoke("results", "import", str(path), "--db", db_url)
    assert result.exit_code == 0, result.output
    assert "14 row(s) for 2 asset(s): 14 new, 0 replaced" in result.output
    assert "decided" in result.output and f"#{b} (variant 2)" in result.output
    again = invoke("results", "import", str(path), "--db", db_url)
    assert again.exit_code == 0 and "0 new, 14 replaced" in again.output
    with session_scope(db_url) as s:
        assert len(s.exec(select(AssetResult)).all()) == 14
        assert s.exec(select(ExperimentDecision)).one().winner_asset_id == b
    shown = invoke("results", "show", "1", "--db", db_url)
    assert shown.exit_code == 0 and "P(best)" in shown.output


def test_bad_csv_exits_2_naming_file_line_and_field_and_stores_nothing(tmp_path, db_url, make_asset):
    a = make_asset("Frisch unterwegs.")
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + f"{a},2026-05-01,,1000,20,0,1\n{a},2026-05-02,,1000,2000,0,1\n"
                    f"x,2026-05-03,,1000,20,0,1\n{a},2026-05-04,,-5,0,0,1\n")
    result = runner.invoke(app, ["results", "import", str(path), "--db", db_url])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert f"{path}:3.clicks" in text and "2000 clicks exceed 1000 impressions" in text
    assert f"{path}:4.asset_id" in text and f"{path}:5.impressions" in text
    with session_scope(db_url) as s:
        assert s.exec(select(AssetResult)).all() == []


@pytest.mark.parametrize("content, needle", [
    ("day,impressions,clicks\n2026-05-01,10,1\n", "lacks column(s) asset_id"),
    ("asset_id,day,impressions,clicks,email\n1,2026-05-01,10,1,a@b.c\n", "user-level data is not accepted"),
    ("asset_id,day,impressions,clicks\n", "no result rows"),
    ("asset_id,day,impressions,clicks\n999,2026-05-01,10,1\n", "asset 999 does not exist"),
])
def test_unusable_files_exit_2_with_the_reason(tmp_path, db_url, campaign_id, content, needle):
    path = tmp_path / "r.csv"
    path.write_text(content)
    result = runner.invoke(app, ["results", "import", str(path), "--db", db_url])
    assert result.exit_code == 2 and needle in " ".join(result.output.split())


def test_challengers_are_drafted_against_the_winner_once(tmp_path, use_model):
    db = f"sqlite:///{tmp_path / 'studio.db'}"
    model = use_model(QueuedTextModel(default_responder))
    brief_path = "examples/campaign.yaml"
    brief = load_brief(brief_path)
    run_brief(brief, db_url=db, locales=["de-DE"], kinds=["copy"])
    with session_scope(db) as s:
        assets = s.exec(select(Asset).where(Asset.channel == "google_ads_headline")).all()
        a, b = sorted(assets, key=lambda x: x.variant)[:2]
        b.text = "Fjell: 24 Stunden eiskalt."
        s.add(b)
    path = tmp_path / "results.csv"
    path.write_text(csv_for({a.id: 60, b.id: 96}))
    assert invoke("results", "import", str(path), "--db", db).exit_code == 0
    model.calls.clear()
    result = invoke("generate", brief_path, "--db", db, "--locales", "de-DE", "--kinds", "copy", "--challengers", "2")
    assert result.exit_code == 0, result.output
    assert "challengers: 2 new draft(s) against 1 winner(s)" in result.output
    # The drafting request (a repair, if one follows, is a later chat turn after it).
    asked = [(p.history[0][0] if p.history else p.user) for p, *_ in model.calls]
    challenger = [u for u in asked if "challenger" in u]
    assert challenger, asked
    assert "Fjell: 24 Stunden eiskalt." in challenger[-1]  # the winner is the example and the one to beat
    with session_scope(db) as s:
        made = s.exec(select(Asset).where(Asset.channel == "google_ads_headline")).all()
        new = [x for x in made if (x.generation or {}).get("challenger_of") == b.id]
        assert sorted(x.variant for x in new) == [3, 4] and all(x.status == "in_review" for x in new)
        assert len(s.exec(select(AuditLog).where(AuditLog.action == "generate_challenger")).all()) == 2
    again = invoke("generate", brief_path, "--db", db, "--locales", "de-DE", "--kinds", "copy", "--challengers", "2")
    assert "challengers: 0 new draft(s) against 1 winner(s) (2 existed)" in again.output
