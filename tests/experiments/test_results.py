"""Results intake as a CMS meets it: each bad row and field named, nothing stored on error, and a resent
day replaces the first report instead of counting twice."""

import datetime as dt

import pytest
from sqlmodel import func, select

from studio.experiments.results import ResultsError, latest_today, results_of, store_results, validate_rows
from studio.store.database import session_scope
from studio.store.tables import AssetResult
from tests.experiments.helpers import report

WHERE = lambda i: f"rows[{i}]"  # noqa: E731
GOOD = {"day": "2026-05-01", "impressions": 1000, "clicks": 30, "conversions": 2, "spend": 12.5}


def problems(records):
    with pytest.raises(ResultsError) as info:
        validate_rows(records, where=WHERE)
    return {(e["field"], e["message"].split(" ")[0]) for e in info.value.errors}, info.value


@pytest.mark.parametrize("change, field", [
    ({"clicks": 1001}, "rows[1].clicks"),
    ({"impressions": -1}, "rows[1].impressions"),
    ({"conversions": 31}, "rows[1].conversions"),
    ({"spend": -3}, "rows[1].spend"),
    ({"day": "2026-13-01"}, "rows[1].day"),
    ({"channel": "myspace"}, "rows[1].channel"),
    ({"clicks": "many"}, "rows[1].clicks"),
])
def test_each_bad_value_is_named_by_row_and_field(change, field):
    found, err = problems([GOOD, {**GOOD, **change}])
    assert {f for f, _ in found} == {field}
    assert str(err).startswith(field) and "nothing was stored" in err.fix


def test_a_future_day_is_refused_but_today_anywhere_on_earth_is_not():
    tomorrow_everywhere = latest_today() + dt.timedelta(days=1)
    found, _ = problems([{**GOOD, "day": tomorrow_everywhere.isoformat()}])
    assert found == {("rows[0].day", str(tomorrow_everywhere))}
    assert validate_rows([{**GOOD, "day": dt.date.today().isoformat()}], where=WHERE)


def test_user_level_fields_are_refused_as_private_data():
    found, err = problems([{**GOOD, "user_id": "u-17", "gclid": "abc"}])
    assert {f for f, _ in found} == {"rows[0].user_id", "rows[0].gclid"}
    assert "aggregate" in err.fix and "user-level" in err.message


def test_every_problem_of_a_batch_is_reported_at_once():
    found, err = problems([{**GOOD, "clicks": 5000}, GOOD, {**GOOD, "impressions": -5}])
    assert {f for f, _ in found} == {"rows[0].clicks", "rows[2].impressions"}
    assert "and 1 more" in err.message


def test_resending_a_day_replaces_it_and_the_totals_do_not_double(db_url, make_asset):
    asset = make_asset("Frisch unterwegs.", channel="meta_feed")
    report(db_url, asset, days=3, impressions=1000, clicks=20)
    report(db_url, asset, days=3, impressions=1000, clicks=20)  # the CMS resends the same export
    report(db_url, asset, days=1, impressions=1200, clicks=25)  # day 1 corrected
    with session_scope(db_url) as s:
        rows = results_of(s, asset)
        assert s.exec(select(func.count()).select_from(AssetResult)).one() == 3
    assert [(r.impressions, r.clicks) for r in rows] == [(1200, 25), (1000, 20), (1000, 20)]
    assert all(r.channel == "meta_feed" for r in rows)  # the asset's channel when the row names none


def test_the_same_day_twice_in_one_batch_is_refused_naming_both_rows(db_url, make_asset):
    asset = make_asset("Frisch unterwegs.")
    rows = validate_rows([GOOD, {**GOOD, "clicks": 31}], where=WHERE)
    with session_scope(db_url) as s, pytest.raises(ResultsError, match=r"rows\[1\].*first: rows\[0\]"):
        store_results(s, {asset: rows}, source="test")
    with session_scope(db_url) as s:
        assert results_of(s, asset) == []


def test_a_stored_brief_that_no_longer_validates_keeps_its_experiment_settings(db_url, make_asset, campaign_id):
    from studio.experiments.decisions import campaign_experiments
    from studio.store.tables import Campaign

    asset = make_asset("Frisch unterwegs.")
    with session_scope(db_url) as s:
        camp = s.get(Campaign, campaign_id)
        camp.brief = {**camp.brief, "locales": ["xx-XX"], "experiment": {"metric": "conversion_rate", "min_samples": 5}}
        s.add(camp)
    report(db_url, asset, days=2, impressions=100, clicks=10, conversions=1)
    with session_scope(db_url) as s:
        [exp] = campaign_experiments(s, campaign_id)
    assert exp.metric == "conversion_rate" and exp.variants[0].trials == 20 and exp.variants[0].successes == 2
