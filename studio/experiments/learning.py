"""Generation learns from experiments: A/B winners become the preferred prompt examples for later drafts
of the same brand, locale and channel, ahead of merely approved drafts; and a winner can be challenged
by new variants (``studio generate --challengers N``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from studio.review.queue import approved_examples
from studio.review.records import checked_text
from studio.store.tables import Asset, Campaign, ExperimentDecision


@dataclass(frozen=True)
class WinningExample:
    text: str
    asset_id: int
    campaign: str
    locale: str
    channel: str
    metric: str
    lift: float  # over the runner-up, when the winner was declared
    probability: float


def winning_examples(session: Session, brand: str, locale: str, channel: str, kind: str,
                     k: int = 3) -> list[WinningExample]:
    """Declared winners of this brand, locale, channel and kind (their current text, with reviewer edits),
    largest lift first. A winner a reviewer later rejected is no longer an example."""
    if k <= 0:
        return []
    rows = session.exec(
        select(ExperimentDecision, Asset, Campaign)
        .join(Asset, Asset.id == ExperimentDecision.winner_asset_id)
        .join(Campaign, Campaign.id == ExperimentDecision.campaign_id)
        .where(Campaign.brand == brand, ExperimentDecision.locale == locale, ExperimentDecision.channel == channel,
               Asset.kind == kind, Asset.status != "rejected")
        .order_by(col(ExperimentDecision.lift).desc(), col(ExperimentDecision.decided_at).desc())).all()
    out, seen = [], set()
    for decision, asset, campaign in rows:
        text = checked_text(asset).strip()
        if not text or text in seen:
            continue
        seen.add(text)
        out.append(WinningExample(text=text, asset_id=asset.id, campaign=campaign.name, locale=decision.locale,
                                  channel=decision.channel, metric=decision.metric, lift=decision.lift,
                                  probability=decision.probability))
    return out[:k]


def preferred_examples(session: Session, brand: str, locale: str, channel: str, kind: str, k: int = 2) -> list[str]:
    """Prompt examples: A/B winners first, then approved drafts (review.queue.approved_examples)."""
    if k <= 0:
        return []
    winners = [w.text for w in winning_examples(session, brand, locale, channel, kind, k=k)]
    approved = approved_examples(session, brand, locale, channel, kind, k=k + len(winners))
    return list(dict.fromkeys(winners + approved))[:k]


@dataclass(frozen=True)
class Champion:
    """A campaign's current winner that challengers are written against."""

    asset: Asset
    decision: ExperimentDecision
    text: str


def champions(session: Session, campaign_id: int, locales: list[str] | None = None,
              kinds: list[str] | None = None) -> list[Champion]:
    """The campaign's recorded winners (one per locale x channel x metric), optionally filtered."""
    rows = session.exec(select(ExperimentDecision, Asset).join(Asset, Asset.id == ExperimentDecision.winner_asset_id)
                        .where(ExperimentDecision.campaign_id == campaign_id)
                        .order_by(ExperimentDecision.locale, ExperimentDecision.channel)).all()
    return [Champion(asset=asset, decision=decision, text=checked_text(asset)) for decision, asset in rows
            if (not locales or asset.locale in locales) and (not kinds or asset.kind in kinds)]
