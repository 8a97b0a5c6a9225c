"""Revision 0002 on a database with review history made under 0001: waivers, matched text, content
versions, image prompts, run briefs and the audit chain are carried over, on SQLite and Postgres."""

import json

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlmodel import select
from typer.testing import CliRunner

from studio.cli.main import app
from studio.plan.brief import load_brief
from studio.review import decisions as review
from studio.review import records as svc
from studio.review.decisions import Actor
from studio.store import migrate
from studio.store.database import session_scope
from studio.store.tables import Asset, AssetVersion, Run, Waiver
from tests.helpers.api import BACKENDS, make_db

NOW = "2026-06-01 10:00:00"


@pytest.fixture(params=BACKENDS)
def old_url(request, tmp_path):
    url, drop = make_db(request.param, tmp_path)
    engine = create_engine(url)
    brief = load_brief("examples/campaign.yaml").model_dump(mode="json")
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(connection=conn), "0001")
        conn.execute(text("INSERT INTO campaign (id, name, brand, brief, brief_hash, created_at, updated_at) "
                          f"VALUES (1, 'c', 'b', :brief, 'h', '{NOW}', '{NOW}')"), {"brief": json.dumps(brief)})
        ins = [
            "INSERT INTO run (id, campaign_id, state, profile, locales, kinds, total, done, cancel_requested, "
            f"created_at, updated_at) VALUES (1, 1, 'completed', 'tiny', '[]', '[]', 1, 1, false, '{NOW}', '{NOW}')",
            "INSERT INTO asset (id, campaign_id, job_key, locale, kind, channel, variant, status, version, text, "
            "waivers, severity_rank, created_at, updated_at) VALUES (1, 1, 'k1', 'de-DE', 'copy', 'instagram', 1, "
            "'in_review', 2, 'Unser Versand ist klimaneutral.', "
            f"'[{{\"rule\": \"g\", \"reason\": \"ok\", \"by\": \"lena\", \"at\": null}}]', 3, '{NOW}', '{NOW}')",
            "INSERT INTO asset (id, campaign_id, job_key, locale, kind, channel, variant, status, version, "
            "image_prompt, severity_rank, created_at, updated_at) VALUES (2, 1, 'k2', 'de-DE', 'image', "
            f"'instagram', 1, 'in_review', 1, 'a bottle at dawn', 3, '{NOW}', '{NOW}')",
            "INSERT INTO assetversion (asset_id, version, text, author, reason, created_at) VALUES "
            f"(1, 1, 'Unser Versand ist klimaneutral.', 'model:tiny', 'generated', '{NOW}')",
            "INSERT INTO assetversion (asset_id, version, author, reason, created_at) VALUES "
            f"(2, 1, 'model:tiny', 'generated', '{NOW}')",
            "INSERT INTO findingrow (asset_id, version, rule, category, severity, start, \"end\", message, waived, "
            "waiver_reason, waived_by) VALUES (1, 1, 'g', 'green_claim', 'block', 18, 30, 'm', true, 'ok', 'lena')",
            "INSERT INTO auditlog (at, actor, action, entity, entity_id, before, after) VALUES "
            f"('{NOW}', 'lena', 'waive', 'asset', 1, NULL, '{{\"waived_rule\": \"g\"}}')",
        ]
        for sql in ins:
            conn.execute(text(sql))
    engine.dispose()
    yield url
    drop()


def test_upgrade_keeps_review_history(old_url):
    before, after = migrate.upgrade(old_url)
    assert (before, after) == ("0001", migrate.head())
    with session_scope(old_url) as s:
        [waiver] = s.exec(select(Waiver)).all()
        assert (waiver.asset_id, waiver.rule, waiver.matched, waiver.version, waiver.actor, waiver.reason) == (
            1, "g", "klimaneutral", 1, "lena", "ok")
        [finding] = svc.findings_of(s, 1)
        assert finding.waived and finding.matched == "klimaneutral"
        assert s.get(Asset, 1).content_version == 1
        assert s.exec(select(AssetVersion).where(AssetVersion.asset_id == 2)).one().image_prompt == "a bottle at dawn"
        assert s.get(Run, 1).brief == load_brief("examples/campaign.yaml").model_dump(mode="json")
        review.edit(s, 2, Actor("anna", "reviewer", ("de-DE",)), expected_version=1, image_prompt="a desk")
    with session_scope(old_url) as s:  # the migrated image version restores
        asset = review.restore(s, 2, 1, Actor("anna", "reviewer", ("de-DE",)), expected_version=2)
        assert asset.image_prompt == "a bottle at dawn"
    result = CliRunner().invoke(app, ["audit", "verify", "--db", old_url])
    assert result.exit_code == 0 and "audit log ok: 3 entries" in result.output, result.output
