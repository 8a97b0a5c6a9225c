"""Beta-Binomial comparison of variants, and the stopping rule that declares a winner.

Each variant's rate (CTR or conversion rate) gets a Beta(1 + successes, 1 + failures) posterior. From
the posteriors, by numerical integration (deterministic: the same counts give the same answer):

- ``p_best``: P(variant i has the highest rate) = ∫ f_i(x) ∏_{j≠i} F_j(x) dx
- ``expected_loss``: E[max_j θ_j − θ_i] = ∫ (1 − ∏_j F_j(x)) dx − E[θ_i], the rate given up on average
  by choosing i
- a central credible interval from the Beta quantiles.

A winner is declared only when every variant has ``min_samples`` trials, the leader's ``p_best`` reaches
``probability`` and its expected loss is at most ``max_expected_loss`` of its own rate. The expected loss
does not depend on when one looks: peeking every day cannot make a bad choice look cheap, which a
fixed-horizon p-value does not promise (bench/ab.py measures the rule under daily peeking).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special, stats
from scipy.integrate import trapezoid

PRIOR = (1.0, 1.0)  # uniform Beta prior on every rate
LEVEL = 0.95  # credible interval shown per variant
_POINTS = 801  # grid points per variant posterior (mean ± _WIDTH sd)
_WIDTH = 12.0


@dataclass(frozen=True)
class Arm:
    """One variant's counts: ``trials`` (impressions or clicks) and ``successes`` (clicks or conversions)."""

    key: object
    trials: int
    successes: int


@dataclass(frozen=True)
class Posterior:
    key: object
    trials: int
    successes: int
    mean: float
    low: float  # credible interval (LEVEL)
    high: float
    p_best: float
    expected_loss: float


@dataclass(frozen=True)
class Decision:
    winner: object | None  # an Arm key, or None while undecided
    reason: str  # why (not) yet, in words
    leader: object | None = None
    probability: float = 0.0
    expected_loss: float = 0.0
    lift: float = 0.0  # leader's posterior mean over the runner-up's, minus 1


def _params(arm: Arm) -> tuple[float, float]:
    if arm.trials < 0 or arm.successes < 0 or arm.successes > arm.trials:
        raise ValueError(f"variant {arm.key!r}: successes must be between 0 and trials ({arm.successes}/{arm.trials})")
    return PRIOR[0] + arm.successes, PRIOR[1] + arm.trials - arm.successes


def _grid(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Points that resolve every posterior: a dense stretch around each one, plus 0 and 1. Between the
    stretches every integrand is flat (each CDF is 0 or 1 there), so the trapezoid rule stays exact."""
    mean, sd = a / (a + b), np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    lo, hi = np.clip(mean - _WIDTH * sd, 0.0, 1.0), np.clip(mean + _WIDTH * sd, 0.0, 1.0)
    steps = np.linspace(0.0, 1.0, _POINTS)
    return np.unique(np.concatenate([[0.0, 1.0], (lo[:, None] + (hi - lo)[:, None] * steps).ravel()]))


def compare(arms: Sequence[Arm], level: float = LEVEL) -> list[Posterior]:
    """Posterior summaries of every arm, in the given order."""
    if not arms:
        return []
    params = np.array([_params(arm) for arm in arms])
    a, b = params[:, 0], params[:, 1]
    x = _grid(a, b)
    means = a / (a + b)
    if len(arms) == 1:
        p_best, loss = np.ones(1), np.zeros(1)
    else:
        pdf = stats.beta.pdf(x[None, :], a[:, None], b[:, None])
        cdf = special.betainc(a[:, None], b[:, None], x[None, :])  # the Beta CDF
        p_best = np.empty(len(arms))
        for i in range(len(arms)):
            others = np.prod(np.delete(cdf, i, axis=0), axis=0)
            p_best[i] = trapezoid(pdf[i] * others, x)
        p_best = np.clip(p_best, 0.0, None)
        p_best /= p_best.sum()  # quadrature error aside, these sum to 1
        e_max = trapezoid(1.0 - np.prod(cdf, axis=0), x)
        loss = np.clip(e_max - means, 0.0, None)
    tail = (1.0 - level) / 2
    low = special.betaincinv(a, b, tail)
    high = special.betaincinv(a, b, 1.0 - tail)
    return [Posterior(key=arm.key, trials=arm.trials, successes=arm.successes, mean=float(means[i]),
                      low=float(low[i]), high=float(high[i]), p_best=float(p_best[i]), expected_loss=float(loss[i]))
            for i, arm in enumerate(arms)]


def decide(posteriors: Sequence[Posterior], *, min_samples: int, probability: float,
           max_expected_loss: float) -> Decision:
    """The stopping rule: a winner only past the minimum sample, the probability and the loss thresholds."""
    if len(posteriors) < 2:
        return Decision(None, "an experiment needs results for at least two variants")
    ranked = sorted(posteriors, key=lambda p: (-p.p_best, -p.mean))
    leader, runner_up = ranked[0], max((p for p in ranked[1:]), key=lambda p: p.mean)
    lift = leader.mean / runner_up.mean - 1.0 if runner_up.mean > 0 else 0.0
    common = dict(leader=leader.key, probability=leader.p_best, expected_loss=leader.expected_loss, lift=lift)
    short = [p for p in posteriors if p.trials < min_samples]
    if short:
        return Decision(None, f"collecting: {len(short)} variant(s) below {min_samples} trials", **common)
    if leader.p_best < probability:
        return Decision(None, f"undecided: the leader is best with probability {leader.p_best:.3f} "
                              f"(needs {probability:g})", **common)
    if leader.expected_loss > max_expected_loss * leader.mean:
        return Decision(None, f"undecided: choosing the leader risks {leader.expected_loss / leader.mean:.2%} of its "
                              f"rate (needs at most {max_expected_loss:.2%})", **common)
    return Decision(leader.key, f"decided: best with probability {leader.p_best:.3f}, expected loss "
                                f"{leader.expected_loss / max(leader.mean, 1e-12):.2%} of its rate", **common)
