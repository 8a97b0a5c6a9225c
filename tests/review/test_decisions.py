"""The review state machine as a reviewer meets it: versions, locking, block findings, waivers, audit."""

import pytest
from sqlmodel import select

from studio.checks.finding import Finding
from studio.core.errors import Conflict, InputError, PermissionDenied, ReviewError
from studio.plan.brief import load_brief
from studio.review import decisions as review
from studio.review import records as svc
from studio.review.decisions import Actor
from studio.store.database import session_scope
from studio.store.tables import Asset, AuditLog, Campaign

DE = Actor("anna", "reviewer", ("de-DE",))
LEAD = Actor("lena", "lead", ("de-DE",))
FR = Actor("paul", "reviewer", ("fr-FR",))
BLOCK = Finding(rule="test.block", category="absolute_claim", severity="block", start=4, end=9,
                message="absolute claim", suggestion='Use "gute"')


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'review.db'}"


@pytest.fixture
def asset_id(db_url):
    brief = load_brief("examples/campaign.yaml")
    with session_scope(db_url) as s:
        camp = Campaign(name=brief.campaign, brand=brief.brand, brief=brief.model_dump(mode="json"), brief_hash="x")
        s.add(camp)
        s.flush()
        asset = Asset(campaign_id=camp.id, job_key="de-DE/copy/instagram/1", locale="de-DE", kind="copy",
                      channel="instagram", text="Die beste Trinkflasche von Fjell.")
        s.add(asset)
        s.flush()
        svc.add_version(s, asset, author="model:tiny", reason="generated")
        svc.store_findings(s, asset, [BLOCK])
        return asset.id


def test_block_finding_stops_approval_until_a_lead_waives_it(db_url, asset_id):
    with session_scope(db_url) as s:
        with pytest.raises(ReviewError, match="block finding"):
            review.decide(s, asset_id, "approve", DE, expected_version=1)
    with session_scope(db_url) as s, pytest.raises(PermissionDenied, match="lead"):
        review.waive(s, asset_id, "test.block", DE, reason="brand is in a test")
    with session_scope(db_url) as s:
        review.waive(s, asset_id, "test.block", LEAD, reason="Stiftung Warentest 2026, on file")
    with session_scope(db_url) as s:
        asset = review.decide(s, asset_id, "approve", DE, expected_version=2)
        assert asset.status == "approved"
        actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.entity_id == asset_id)).all()]
        assert actions == ["waive", "approve"]


def test_stale_version_is_a_conflict_that_shows_the_current_version(db_url, asset_id, monkeypatch):
    monkeypatch.setattr(svc, "run_checks", lambda asset, brief: [])
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=1, text="Die gute Trinkflasche von Fjell.")
    with session_scope(db_url) as s, pytest.raises(Conflict) as exc:
        review.edit(s, asset_id, LEAD, expected_version=1, text="Meine Fassung")
    assert exc.value.current["text"] == "Die gute Trinkflasche von Fjell."
    assert exc.value.current["version"] == 2
    with session_scope(db_url) as s:
        assert s.get(Asset, asset_id).text == "Die gute Trinkflasche von Fjell."  # nothing lost


def test_reject_needs_a_reason_and_other_locales_are_off_limits(db_url, asset_id):
    with session_scope(db_url) as s, pytest.raises(InputError, match="reason"):
        review.decide(s, asset_id, "reject", DE, expected_version=1, reason=" ")
    with session_scope(db_url) as s, pytest.raises(PermissionDenied, match="de-DE"):
        review.get_asset(s, asset_id, FR)


def test_versions_diff_and_restore(db_url, asset_id, monkeypatch):
    monkeypatch.setattr(svc, "run_checks", lambda asset, brief: [])
    with session_scope(db_url) as s:
        review.edit(s, asset_id, DE, expected_version=1, text="Die gute Trinkflasche von Fjell.")
    with session_scope(db_url) as s:
        assert "-Die beste" in review.diff(s, asset_id, 1, 2) and "+Die gute" in review.diff(s, asset_id, 1, 2)
        asset = review.restore(s, asset_id, 1, DE, expected_version=2)
        assert asset.version == 3 and asset.text.startswith("Die beste")
        assert [v.version for v in review.versions(s, asset_id)] == [1, 2, 3]


def test_audit_log_cannot_be_edited(db_url, asset_id):
    with session_scope(db_url) as s:
        review.comment(s, asset_id, DE, "Bitte kürzer")
    with pytest.raises(PermissionError), session_scope(db_url) as s:
        entry = s.exec(select(AuditLog)).first()
        entry.actor = "someone else"
        s.add(entry)
        s.flush()


def test_a_rules_replacement_fixes_the_span_and_the_recheck_clears_the_finding(db_url):
    """The one-click fix: a real de-DE block rule with a replacement, checked by the real engine."""
    from studio.checks.engine import get_check_engine

    text = "Jedem das Seine – Grillsaison bei Fjell."
    brief = load_brief("examples/campaign.yaml")
    with session_scope(db_url) as s:
        camp = Campaign(name="c", brand="Fjell", brief=brief.model_dump(mode="json"), brief_hash="x")
        s.add(camp)
        s.flush()
        asset = Asset(campaign_id=camp.id, job_key="de-DE/copy/instagram/1", locale="de-DE", kind="copy",
                      channel="instagram", text=text)
        s.add(asset)
        s.flush()
        svc.store_findings(s, asset, svc.run_checks(asset, brief))
        asset_id = asset.id
        nazi = next(f for f in svc.findings_of(s, asset_id) if f.rule == "de.symbols.nazi_phrases")
        assert nazi.severity == "block" and text[nazi.start:nazi.end] == "Jedem das Seine"
    with session_scope(db_url) as s:
        fixed = review.apply_suggestion(s, asset_id, nazi.id, DE, expected_version=1)
        assert fixed.text == "Für jeden das Richtige – Grillsaison bei Fjell."
        assert "de.symbols.nazi_phrases" not in {f.rule for f in svc.findings_of(s, asset_id)}
    with session_scope(db_url) as s:
        other = next(iter(svc.findings_of(s, asset_id)), None)
        if other is not None and review.suggested_text(fixed.text, other) is None:
            with pytest.raises(InputError, match="no in-place fix"):
                review.apply_suggestion(s, asset_id, other.id, DE, expected_version=2)
    assert get_check_engine().ruleset.by_id["de.symbols.nazi_phrases"].rule.replacement


def test_whole_asset_fix_goes_first_and_clears_the_missing_label():
    """de.ad.label (sponsored copy without 'Werbung') is fixed by putting the label first."""
    from studio.checks.asset import AssetMeta, CheckInput
    from studio.checks.engine import get_check_engine

    class Row:  # a stored finding's shape
        rule, start, end = "de.ad.label", None, None

    text = "Danke an Fjell für die Trinkflasche!"
    fixed = review.suggested_text(text, Row())
    assert fixed == "Werbung | Danke an Fjell für die Trinkflasche!"
    def item(t):
        return CheckInput(id="1", locale="de-DE", kind="copy", text=t, meta=AssetMeta(sponsored=True))

    assert "de.ad.label" in {f.rule for f in get_check_engine().check(item(text))}
    assert "de.ad.label" not in {f.rule for f in get_check_engine().check(item(fixed))}
