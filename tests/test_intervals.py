"""The skew warning: a stated rule, tested on samples with a known shape."""

from __future__ import annotations

import numpy as np

from simulations.experiments import skewness, too_skewed


def test_a_strongly_skewed_sample_of_ten_is_flagged() -> None:
    """Ten lognormal(sigma 1.5) values: flagged in at least 60% of 500 samples
    (their skewness is large and well above chance)."""
    rng = np.random.default_rng(1)
    flagged = [
        too_skewed(skewness(rng.lognormal(0.0, 1.5, 10)), 10) for _ in range(500)
    ]
    assert np.mean(flagged) >= 0.6


def test_normal_samples_are_rarely_flagged() -> None:
    """Ten normal values: the rule (skewness above 1 and above twice its
    standard error) flags at most 5% of 2,000 samples; its expected rate
    is about 1%, so 5% leaves a wide margin for chance."""
    rng = np.random.default_rng(2)
    flagged = [too_skewed(skewness(rng.normal(size=10)), 10) for _ in range(2000)]
    assert np.mean(flagged) <= 0.05


def test_enough_replications_are_never_flagged() -> None:
    """From 20 replications on, the t interval copes: no warning."""
    rng = np.random.default_rng(3)
    assert not too_skewed(skewness(rng.lognormal(0.0, 1.5, 20)), 20)
