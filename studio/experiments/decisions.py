"""Experiments: per campaign x locale x channel, the variants (assets) with results compete on the brief's
metric. ``refresh`` re-decides one experiment after new results and, when a winner is declared (or a
different one overtakes it), records the decision, an audit entry and the ``experiment.decided``
webhook in the caller's transaction.

A recorded decision stands when later data make the test undecided again: the CMS may already have
acted on it, and the expected-loss rule only declares when choosing the leader is cheap even if wrong.
The live numbers are always shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from pydantic import ValidationError
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from studio.core.errors import NotFound
from studio.experiments.stats import Arm, compare, decide
from studio.plan.brief import Brief, ExperimentSettings
from studio.review.records import audit, checked_text
from studio.store.outbox import enqueue
from studio.store.tables import Asset, AssetResult, Campaign, ExperimentDecision, utcnow

METRIC_LABEL = {"ctr": "CTR (clicks / impressions)", "conversion_rate": "conversion rate (conversions / clicks)"}


@dataclass
class VariantState:
    asset_id: int
    variant: int
    status: str
    preview: str
    impressions: int
    clicks: int
    conversions: int
    spend: float
    days: int
    trials: int  # impressions (ctr) or clicks (conversion_rate)
    successes: int
    mean: float  # posterior mean of the rate
    low: float  # 95% credible interval
    high: float
    p_best: float
    expected_loss: float


@dataclass
class ExperimentState:
    campaign_id: int
    campaign: str
    brand: str
    locale: str
    channel: str
    metric: str
    settings: dict
    state: str  # collecting | undecided | decided
    reason: str
    variants: list[VariantState] = field(default_factory=list)
    leader_asset_id: int | None = None  # live: the variant most likely best now ...
    probability: float | None = None  # ... its probability of being best,
    expected_loss: float | None = None  # ... the rate lost if it is not,
    lift: float | None = None  # ... and its posterior mean over the runner-up's, minus 1
    live_winner_asset_id: int | None = None  # the rule's verdict on the data now
    winner_asset_id: int | None = None  # the recorded decision (what the CMS was told)
    decided_probability: float | None = None
    decided_lift: float | None = None
    decided_at: dt.datetime | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def settings_of(campaign: Campaign) -> ExperimentSettings:
    """The brief's experiment settings; a stored brief that no longer validates as a whole (e.g. a locale
    since removed) still has its own ``experiment`` block read, else the defaults."""
    try:
        return Brief.model_validate(campaign.brief).experiment
    except ValidationError:
        try:
            return ExperimentSettings.model_validate((campaign.brief or {}).get("experiment") or {})
        except (ValidationError, AttributeError):
            return ExperimentSettings()


def _totals(session: Session, campaign_id: int, locale: str, channel: str):
    return session.exec(
        select(Asset, func.sum(AssetResult.impressions), func.sum(AssetResult.clicks),
               func.sum(AssetResult.conversions), func.sum(AssetResult.spend), func.count(AssetResult.id))
        .join(AssetResult, AssetResult.asset_id == Asset.id)
        .where(Asset.campaign_id == campaign_id, Asset.locale == locale, AssetResult.channel == channel)
        .group_by(Asset.id).order_by(Asset.variant, Asset.id)).all()


def experiment_state(session: Session, campaign: Campaign, locale: str, channel: str) -> ExperimentState:
    """Live posteriors of every variant, the rule's verdict, and the recorded decision if any."""
    settings = settings_of(campaign)
    rows = _totals(session, campaign.id, locale, channel)
    conv = settings.metric == "conversion_rate"
    arms = [Arm(asset.id, int(clicks if conv else impressions), int(conversions if conv else clicks))
            for asset, impressions, clicks, conversions, _spend, _days in rows]
    posteriors = compare(arms)
    verdict = decide(posteriors, min_samples=settings.min_samples, probability=settings.probability,
                     max_expected_loss=settings.max_expected_loss)
    variants = [VariantState(asset_id=asset.id, variant=asset.variant, status=asset.status,
                             preview=checked_text(asset)[:90], impressions=int(impressions), clicks=int(clicks),
                             conversions=int(conversions), spend=round(float(spend), 2), days=int(days),
                             trials=post.trials, successes=post.successes, mean=post.mean, low=post.low,
                             high=post.high, p_best=post.p_best, expected_loss=post.expected_loss)
                for (asset, impressions, clicks, conversions, spend, days), post in zip(rows, posteriors)]
    state = ExperimentState(
        campaign_id=campaign.id, campaign=campaign.name, brand=campaign.brand, locale=locale, channel=channel,
        metric=settings.metric, settings=settings.model_dump(), variants=variants, reason=verdict.reason,
        state="decided" if verdict.winner is not None else ("collecting" if verdict.reason.startswith("collecting")
                                                             or len(variants) < 2 else "undecided"),
        leader_asset_id=verdict.leader, live_winner_asset_id=verdict.winner, winner_asset_id=verdict.winner, probability=verdict.probability,
        expected_loss=verdict.expected_loss, lift=verdict.lift)
    recorded = _recorded(session, campaign.id, locale, channel, settings.metric)
    if recorded is not None:
        _show_recorded(state, recorded)
        if verdict.winner is None:
            state.reason = (f"decided on {recorded.decided_at:%Y-%m-%d} (probability {recorded.probability:.3f}); "
                            f"live: {verdict.reason}")
    return state


def _show_recorded(state: ExperimentState, recorded: ExperimentDecision) -> None:
    state.state, state.winner_asset_id, state.decided_at = "decided", recorded.winner_asset_id, recorded.decided_at
    state.decided_probability, state.decided_lift = recorded.probability, recorded.lift


def _recorded(session: Session, campaign_id: int, locale: str, channel: str, metric: str) -> ExperimentDecision | None:
    return session.exec(select(ExperimentDecision).where(
        ExperimentDecision.campaign_id == campaign_id, ExperimentDecision.locale == locale,
        ExperimentDecision.channel == channel, ExperimentDecision.metric == metric)).first()


def experiment_keys(session: Session, campaign_id: int) -> list[tuple[str, str]]:
    """(locale, channel) of every experiment of the campaign that has results, sorted."""
    return sorted(set(session.exec(select(Asset.locale, AssetResult.channel)
                                   .join(AssetResult, AssetResult.asset_id == Asset.id)
                                   .where(Asset.campaign_id == campaign_id)).all()))


def campaign_experiments(session: Session, campaign_id: int, locales: list[str] | None = None) -> list[ExperimentState]:
    """Every experiment of the campaign (optionally only some locales)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(f"campaign {campaign_id} does not exist", where="campaign_id",
                       fix="use a campaign id from POST /v1/campaigns or the dashboard")
    return [experiment_state(session, campaign, locale, channel) for locale, channel in experiment_keys(session, campaign_id)
            if locales is None or locale in locales]


def refresh(session: Session, campaign_id: int, locale: str, channel: str, *, actor: str) -> ExperimentState:
    """Re-decide one experiment; record a new (or changed) winner with its audit entry and webhook."""
    campaign = session.get(Campaign, campaign_id)
    state = experiment_state(session, campaign, locale, channel)
    live = state.live_winner_asset_id
    recorded = _recorded(session, campaign_id, locale, channel, state.metric)
    if live is None or (recorded is not None and recorded.winner_asset_id == live):
        return state
    before = None
    if recorded is None:
        recorded = ExperimentDecision(campaign_id=campaign_id, locale=locale, channel=channel, metric=state.metric,
                                      winner_asset_id=live, probability=0, expected_loss=0, lift=0, trials=0)
    else:
        before = {"winner_asset_id": recorded.winner_asset_id, "probability": recorded.probability}
    recorded.winner_asset_id, recorded.probability = live, state.probability
    recorded.expected_loss, recorded.lift = state.expected_loss, state.lift
    recorded.trials, recorded.decided_at = sum(v.trials for v in state.variants), utcnow()
    try:
        with session.begin_nested():  # a concurrent upload may record the same decision first
            session.add(recorded)
            session.flush()
    except IntegrityError:
        return experiment_state(session, campaign, locale, channel)
    _show_recorded(state, recorded)
    audit(session, actor, "experiment_decided", "experiment", recorded.id, before,
          {"winner_asset_id": live, "locale": locale, "channel": channel, "metric": state.metric,
           "probability": state.probability, "lift": state.lift})
    enqueue(session, "experiment.decided", webhook_payload(state))
    return state


def webhook_payload(state: ExperimentState) -> dict:
    winner = next(v for v in state.variants if v.asset_id == state.winner_asset_id)
    return {
        "campaign_id": state.campaign_id, "campaign": state.campaign, "brand": state.brand, "locale": state.locale,
        "channel": state.channel, "metric": state.metric,
        "winner": {"asset_id": winner.asset_id, "variant": winner.variant, "probability": state.decided_probability,
                   "lift": state.decided_lift, "expected_loss": winner.expected_loss, "rate": winner.mean,
                   "low": winner.low, "high": winner.high},
        "variants": [{"asset_id": v.asset_id, "variant": v.variant, "trials": v.trials, "successes": v.successes,
                      "rate": v.mean, "low": v.low, "high": v.high, "p_best": v.p_best} for v in state.variants],
        "decided_at": state.decided_at.isoformat() if state.decided_at else None,
    }
