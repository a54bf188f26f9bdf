"""Argument checks shared by the closed-form results.

Every function in :mod:`simulations.analytic` refuses impossible input with
:class:`AnalyticError`, whose message names the function, the parameter, the
value given and what is allowed. Each check returns the cleaned value so
callers can write ``rate = _positive("erlang_c", "arrival_rate", arrival_rate)``.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["AnalyticError"]


class AnalyticError(ValueError):
    """Raised when an input to a closed-form result is impossible.

    It subclasses :class:`ValueError`, so callers that already catch
    ``ValueError`` keep working.
    """


def _show(value: object) -> str:
    """Format a value for an error message without NumPy's ``np.float64(...)``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return repr(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return repr(float(value))
    return repr(value)


def _refuse(func: str, name: str, value: object, allowed: str) -> AnalyticError:
    return AnalyticError(
        f"{func}: {name}={_show(value)} is not allowed; must be {allowed}"
    )


def _finite(func: str, name: str, value: object, allowed: str) -> float:
    """Return ``value`` as a float if it is a finite real number (not a bool)."""
    # bool is an int subclass; True as a rate or a count is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _refuse(func, name, value, allowed)
    number = float(value)
    if not math.isfinite(number):
        raise _refuse(func, name, value, allowed)
    return number


def _real(func: str, name: str, value: object) -> float:
    return _finite(func, name, value, "a finite real number")


def _positive(func: str, name: str, value: object) -> float:
    number = _finite(func, name, value, "> 0")
    if number <= 0.0:
        raise _refuse(func, name, value, "> 0")
    return number


def _non_negative(func: str, name: str, value: object) -> float:
    number = _finite(func, name, value, ">= 0")
    if number < 0.0:
        raise _refuse(func, name, value, ">= 0")
    return number


def _whole(func: str, name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``.

    Whole floats such as ``3.0`` are accepted because they often come out of
    arithmetic; ``2.5`` and ``True`` are refused.
    """
    allowed = f"a whole number >= {minimum}"
    if isinstance(value, bool):
        raise _refuse(func, name, value, allowed)
    if isinstance(value, numbers.Integral):
        whole = int(value)
    elif isinstance(value, numbers.Real) and float(value).is_integer():
        whole = int(float(value))
    else:
        raise _refuse(func, name, value, allowed)
    if whole < minimum:
        raise _refuse(func, name, value, allowed)
    return whole


def _retention(func: str, name: str, value: object) -> float:
    allowed = "in [0, 1)"
    number = _finite(func, name, value, allowed)
    # r = 1 means customers never leave: the infinite-horizon sums diverge
    # when there is no discounting, so the whole family refuses it.
    if not 0.0 <= number < 1.0:
        raise _refuse(func, name, value, allowed)
    return number
