"""New variants against a campaign's current A/B winners (`studio generate BRIEF --challengers N`).

For each recorded winner (campaign x locale x channel) up to N challengers are drafted as new variants
of the same locale, kind and channel, numbered after the existing ones. The winner is the first prompt
example (studio.experiments.learning) and the prompt asks for a different angle. Idempotent: a winner
that already has N challengers gets none more, so re-running the command does not pile up drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from studio.core.errors import InputError
from studio.experiments.learning import champions
from studio.generate.drafting import DraftMaker
from studio.plan.brief import Brief, PlannedAsset
from studio.review import records as svc
from studio.store.database import session_scope
from studio.store.tables import Asset

MAX_CHALLENGERS = 10
NOTE = ('This is a challenger to the current A/B winner "{text}" ({lift:+.0%} {metric} over the runner-up). '
        "Write a new variant with a different angle that could beat it; do not reword the winner.")


@dataclass
class ChallengeSummary:
    made: list[int] = field(default_factory=list)  # new asset ids
    winners: int = 0  # winners considered
    already: int = 0  # challengers that existed before this call


def generate_challengers(brief: Brief, campaign_id: int, n: int, *, profile: str, db_url: str | None = None,
                         locales: list[str] | None = None, kinds: list[str] | None = None,
                         actor: str = "cli") -> ChallengeSummary:
    """Draft, check and store up to ``n`` challengers per current winner of the campaign."""
    if not 1 <= n <= MAX_CHALLENGERS:
        raise InputError(f"--challengers must be between 1 and {MAX_CHALLENGERS}, got {n}", where="--challengers",
                         fix="ask for a few challengers at a time (e.g. --challengers 2)")
    summary = ChallengeSummary()
    work: list[tuple[str, list[PlannedAsset], int]] = []
    with session_scope(db_url) as session:
        for champ in champions(session, campaign_id, locales, kinds):
            winner = champ.asset
            summary.winners += 1
            siblings = session.exec(select(Asset).where(Asset.campaign_id == campaign_id, Asset.locale == winner.locale,
                                                        Asset.kind == winner.kind, Asset.channel == winner.channel)).all()
            have = sum(1 for a in siblings if (a.generation or {}).get("challenger_of") == winner.id)
            summary.already += have
            top = max(a.variant for a in siblings)
            duration = next((s.duration_s for s in brief.assets if s.kind == winner.kind and s.channel == winner.channel), None)
            jobs = [PlannedAsset(locale=winner.locale, kind=winner.kind, channel=winner.channel, variant=top + i + 1,
                                 duration_s=duration) for i in range(max(0, n - have))]
            if jobs:
                note = NOTE.format(text=champ.text[:200], lift=champ.decision.lift, metric=champ.decision.metric)
                work.append((note, jobs, winner.id))
    for note, jobs, winner_id in work:
        maker = DraftMaker(brief, profile, campaign_id, db_url, note=note, seed_offset=winner_id)
        made = maker.run_batch(jobs)
        with session_scope(db_url) as session:
            for asset, findings in made:
                asset.generation = {**(asset.generation or {}), "challenger_of": winner_id}
                session.add(asset)
                session.flush()
                svc.add_version(session, asset, author=f"model:{profile}", reason=f"challenger of asset {winner_id}")
                svc.store_findings(session, asset, findings)
                svc.audit(session, actor, "generate_challenger", "asset", asset.id, None,
                          {**svc.snapshot(asset), "challenger_of": winner_id})
                summary.made.append(asset.id)
    return summary
