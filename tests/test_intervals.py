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


def test_skewness_and_the_t_quantile_agree_with_scipy() -> None:
    """The hand-written skewness and the kept t quantile give SciPy's numbers
    (to 1e-9) on samples of 3 to 100 values of any scale."""
    from scipy import stats

    from simulations.experiments.stats import t_quantile

    rng = np.random.default_rng(3)
    for n in (3, 4, 5, 10, 100):
        for _ in range(50):
            x = rng.lognormal(size=n) * rng.uniform(1e-3, 1e6)
            assert abs(skewness(x) - stats.skew(x, bias=False)) < 1e-9
        for level in (0.9, 0.95, 0.99):
            assert t_quantile(level, n - 1) == stats.t.ppf(0.5 + level / 2, n - 1)
