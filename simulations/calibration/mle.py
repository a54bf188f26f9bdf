"""Maximum likelihood on positive parameters, with standard errors.

The models' parameters are all positive, so the search runs on their logs.
Standard errors come from the inverse of the observed information (minus
the Hessian of the log-likelihood), computed numerically in log-parameter
space and carried to the parameters by the delta method:
``se(theta) = theta * se(log theta)``. Intervals are computed on the log
scale, so they stay positive.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from scipy import optimize


@dataclass(frozen=True)
class Estimate:
    """Maximum likelihood estimates of positive parameters.

    Attributes
    ----------
    names
        Parameter names, in order.
    values
        The estimates.
    log_covariance
        Covariance matrix of the log estimates (inverse observed information).
    loglik
        The maximised log-likelihood.
    n
        Number of customers the fit used.
    """

    names: tuple[str, ...]
    values: np.ndarray
    log_covariance: np.ndarray
    loglik: float
    n: int

    @property
    def params(self) -> dict[str, float]:
        """Parameter name -> estimate."""
        return {k: float(v) for k, v in zip(self.names, self.values, strict=True)}

    @property
    def standard_errors(self) -> dict[str, float]:
        """Parameter name -> standard error (delta method)."""
        se = self.values * np.sqrt(np.clip(np.diag(self.log_covariance), 0, None))
        return {k: float(v) for k, v in zip(self.names, se, strict=True)}

    @property
    def well_determined(self) -> bool:
        """Whether every parameter has a finite standard error and sane size.

        False when the data do not pin the model down (too few customers or
        repeat purchases): the search ran off towards zero or infinity.
        """
        theta = np.log(self.values)
        variances = np.diag(self.log_covariance)
        return bool(
            np.all(np.abs(theta) < 20.0)
            and np.all(np.isfinite(variances))
            and np.all(variances > 0.0)
        )

    def interval(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Parameter name -> (low, high) confidence interval, on the log scale."""
        z = NormalDist().inv_cdf(0.5 + level / 2.0)
        se_log = np.sqrt(np.clip(np.diag(self.log_covariance), 0, None))
        return {
            k: (float(v * math.exp(-z * s)), float(v * math.exp(z * s)))
            for k, v, s in zip(self.names, self.values, se_log, strict=True)
        }


def fit_positive(
    loglik: Callable[[np.ndarray], float],
    start: Sequence[float],
    names: Sequence[str],
    n: int,
) -> Estimate:
    """Maximise ``loglik(params)`` over positive parameters.

    Parameters
    ----------
    loglik
        Total log-likelihood of the data at the given parameters.
    start
        Starting values (positive).
    names
        Parameter names.
    n
        Number of customers (to scale the search and to report).

    Returns
    -------
    Estimate
        Estimates, log-scale covariance and the maximum.
    """

    def objective(theta: np.ndarray) -> float:
        with np.errstate(all="ignore"):
            value = loglik(np.exp(np.clip(theta, -30.0, 30.0)))
        return -value / n if np.isfinite(value) else 1e300

    theta0 = np.log(np.asarray(start, dtype=float))
    first = optimize.minimize(
        objective,
        theta0,
        method="Nelder-Mead",
        options={"xatol": 1e-4, "fatol": 1e-10, "maxiter": 4000},
    )
    best = optimize.minimize(objective, first.x, method="BFGS", options={"gtol": 1e-9})
    theta = np.clip(best.x if best.fun <= first.fun else first.x, -30.0, 30.0)
    with np.errstate(all="ignore"):
        hessian = numerical_hessian(lambda t: loglik(np.exp(t)), theta)
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        covariance = np.full_like(hessian, np.nan)
    return Estimate(
        names=tuple(names),
        values=np.exp(theta),
        log_covariance=covariance,
        loglik=float(loglik(np.exp(theta))),
        n=n,
    )


def numerical_hessian(
    f: Callable[[np.ndarray], float], x: np.ndarray, step: float = 1e-4
) -> np.ndarray:
    """Hessian of ``f`` at ``x`` by central differences.

    Examples
    --------
    >>> h = numerical_hessian(lambda v: -(v[0] ** 2) - 3 * v[0] * v[1], np.ones(2))
    >>> np.round(h, 4)
    array([[-2., -3.],
           [-3.,  0.]])
    """
    k = len(x)
    hessian = np.empty((k, k))
    f0 = f(x)
    shifts = np.eye(k) * step
    for i in range(k):
        for j in range(i, k):
            if i == j:
                value = (f(x + shifts[i]) - 2.0 * f0 + f(x - shifts[i])) / step**2
            else:
                value = (
                    f(x + shifts[i] + shifts[j])
                    - f(x + shifts[i] - shifts[j])
                    - f(x - shifts[i] + shifts[j])
                    + f(x - shifts[i] - shifts[j])
                ) / (4.0 * step**2)
            hessian[i, j] = hessian[j, i] = value
    return hessian
