"""The Beta-Binomial comparison against brute force, and the stopping rule's three conditions."""

import numpy as np
import pytest

from studio.experiments.stats import Arm, compare, decide


@pytest.mark.parametrize("arms", [
    [Arm("a", 1000, 20), Arm("b", 1000, 30)],
    [Arm("a", 100_000, 2000), Arm("b", 100_000, 2100), Arm("c", 90_000, 1700)],
    [Arm("a", 0, 0), Arm("b", 10, 1)],
    [Arm("a", 500, 499), Arm("b", 40, 1)],
])
def test_probability_best_and_expected_loss_match_monte_carlo(arms):
    rng = np.random.default_rng(1)
    draws = np.array([rng.beta(1 + a.successes, 1 + a.trials - a.successes, 300_000) for a in arms])
    p_best = np.bincount(draws.argmax(0), minlength=len(arms)) / draws.shape[1]
    loss = draws.max(0).mean() - draws.mean(1)
    posts = compare(arms)
    assert [p.key for p in posts] == [a.key for a in arms]
    assert sum(p.p_best for p in posts) == pytest.approx(1.0)
    for post, pb, el in zip(posts, p_best, loss):
        assert post.p_best == pytest.approx(pb, abs=0.004)
        assert post.expected_loss == pytest.approx(el, rel=0.02, abs=1e-6)
        assert post.low < post.mean < post.high
        inside = np.mean((draws[posts.index(post)] >= post.low) & (draws[posts.index(post)] <= post.high))
        assert inside == pytest.approx(0.95, abs=0.005)


def test_a_clear_leader_wins_only_past_every_threshold():
    posts = compare([Arm(1, 20_000, 400), Arm(2, 20_000, 560)])
    rule = dict(min_samples=1000, probability=0.998, max_expected_loss=0.01)
    won = decide(posts, **rule)
    assert won.winner == 2 and won.probability > 0.998 and won.lift == pytest.approx(561 / 401 - 1, rel=0.01)
    assert decide(posts, **{**rule, "min_samples": 20_001}).winner is None
    assert "collecting" in decide(posts, **{**rule, "min_samples": 20_001}).reason
    assert decide(posts, **{**rule, "max_expected_loss": 1e-9}).winner is None


def test_a_close_race_is_undecided_and_says_why():
    verdict = decide(compare([Arm(1, 5000, 100), Arm(2, 5000, 104)]), min_samples=1000, probability=0.998,
                     max_expected_loss=0.01)
    assert verdict.winner is None and verdict.leader == 2 and "probability" in verdict.reason


def test_one_variant_is_no_experiment_and_impossible_counts_are_refused():
    assert decide(compare([Arm(1, 9000, 300)]), min_samples=1, probability=0.9, max_expected_loss=0.5).winner is None
    with pytest.raises(ValueError, match="successes"):
        compare([Arm(1, 10, 11), Arm(2, 10, 1)])
