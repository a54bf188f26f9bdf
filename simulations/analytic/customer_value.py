"""Customer lifetime value and the value of better retention.

The small formulas the course uses to put money on customer focus: the three
infinite-horizon CLV forms of Fader & Hardie, a finite horizon, spending
growth with tenure, and the relative rise in value when retention improves.
The cost of one lost customer is in :mod:`simulations.analytic.lost_customer`.

Units: every rate is "per period", one period chosen by the caller.
"""

from __future__ import annotations

from .checks import _non_negative, _real, _refuse, _retention, _whole

__all__ = [
    "clv_first_payment_end",
    "clv_first_payment_next",
    "clv_first_payment_now",
    "clv_truncated",
    "clv_with_growth",
    "retention_uplift",
]


def _clv_inputs(
    func: str, margin: float, retention: float, discount: float
) -> tuple[float, float, float]:
    return (
        _real(func, "margin", margin),
        _retention(func, "retention", retention),
        _non_negative(func, "discount", discount),
    )


def clv_first_payment_now(margin: float, retention: float, discount: float) -> float:
    """Expected customer lifetime value, counting a payment made today.

    Fits when the customer pays at sign-up (or at the start of each
    period, e.g. an annual subscription paid up front) and you value a
    customer who is just joining: ``m (1 + d) / (1 + d - r)``.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number
        (negative for a loss-making customer).
    retention : float
        Probability that a customer still active at one payment makes the
        next, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 0 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_now(100.0, 0.8, 0.1), 6)  # 100 * 1.1 / 0.3
    366.666667

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_now", margin, retention, discount)
    return m * (1.0 + d) / (1.0 + d - r)


def clv_first_payment_next(margin: float, retention: float, discount: float) -> float:
    """Expected value of a customer's future payments, the first one period away.

    Fits when the current period's payment has already been collected
    (or is ignored) and the question is what an existing customer is
    still worth: the next payment comes one period from now and only if the
    customer is retained, ``m r / (1 + d - r)``. This is also
    :func:`clv_first_payment_now` minus the payment made today.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 1 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_next(100.0, 0.8, 0.1), 6)  # 100 * 0.8 / 0.3
    266.666667

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_next", margin, retention, discount)
    return m * r / (1.0 + d - r)


def clv_first_payment_end(margin: float, retention: float, discount: float) -> float:
    """Expected customer lifetime value when payments come at period ends.

    Fits when a newly acquired customer pays in arrears (billed at the end
    of each period) and is certain to make the first payment; later
    payments need the customer to be retained: ``m / (1 + d - r)``.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 1 of m r**(t - 1) / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_end(100.0, 0.8, 0.1), 6)  # 100 / 0.3
    333.333333

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_end", margin, retention, discount)
    return m / (1.0 + d - r)


def clv_truncated(
    margin: float, retention: float, discount: float, periods: int
) -> float:
    """Customer lifetime value over a finite horizon, first payment now.

    Fits when the firm only credits a customer with a fixed planning
    horizon (say five years) rather than forever; the first payment is made
    today, as in :func:`clv_first_payment_now`, which is the limit as
    ``periods`` grows.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.
    periods : int
        Number of payments counted, a whole number >= 1.

    Returns
    -------
    float
        ``sum over t = 0 .. periods - 1 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1),
        ``discount`` is negative or not finite, or ``periods`` is not a
        whole number >= 1.

    Notes
    -----
    Evaluated as the geometric sum ``m (1 - q**T) / (1 - q)`` with
    ``q = r / (1 + d) < 1``, so a long horizon costs no more than a short
    one.

    Examples
    --------
    >>> round(clv_truncated(100.0, 0.5, 0.0, 3), 6)  # 100 + 50 + 25
    175.0

    References
    ----------
    P. S. Fader, B. G. S. Hardie, note on the finite-horizon CLV,
    http://brucehardie.com/notes/033/
    """
    func = "clv_truncated"
    m, r, d = _clv_inputs(func, margin, retention, discount)
    periods = _whole(func, "periods", periods)
    q = r / (1.0 + d)  # survival-and-discount factor per period; < 1
    return m * (1.0 - q**periods) / (1.0 - q)


def clv_with_growth(
    margin: float,
    retention: float,
    discount: float,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
) -> float:
    """Value of a new customer whose spending grows with tenure, less its cost.

    The margin of period ``t`` (t = 1, 2, ...) is ``m (1 + g)^(t-1)``, paid if
    the customer is still there, with chance ``r^t``, and discounted by
    ``(1 + d)^t``. Summed, this is ``m r / (1 + d - r (1 + g)) - A``. With
    ``g = 0`` and ``A = 0`` it is :func:`clv_first_payment_next`.

    Reichheld & Sasser's figures include both effects: loyal customers buy
    more as years pass, and the cost of winning a customer is paid once,
    however long they stay. Both make a rise in retention worth more.

    Parameters
    ----------
    margin : float
        Margin of the first period; finite.
    retention : float
        Retention rate per period; in [0, 1).
    discount : float
        Discount rate per period; >= 0.
    growth : float
        Growth of the margin per period of tenure; > -1, and small enough
        that ``retention * (1 + growth) < 1 + discount`` (else the sum has no
        finite value).
    acquisition_cost : float
        Cost of winning the customer, paid once at the start; >= 0.

    Examples
    --------
    >>> round(clv_with_growth(100.0, 0.8, 0.1), 2) == round(
    ...     clv_first_payment_next(100.0, 0.8, 0.1), 2)
    True
    >>> round(clv_with_growth(100.0, 0.8, 0.1, growth=0.05, acquisition_cost=50), 1)
    257.7
    """
    func = "clv_with_growth"
    margin = _real(func, "margin", margin)
    retention = _retention(func, "retention", retention)
    discount = _non_negative(func, "discount", discount)
    growth = _real(func, "growth", growth)
    if growth <= -1.0:
        raise _refuse(func, "growth", growth, "> -1")
    if retention * (1.0 + growth) >= 1.0 + discount:
        raise _refuse(
            func,
            "growth",
            growth,
            f"small enough that retention*(1+growth) < 1+discount = {1 + discount:g}",
        )
    acquisition_cost = _non_negative(func, "acquisition_cost", acquisition_cost)
    return margin * retention / (1.0 + discount - retention * (1.0 + growth)) - (
        acquisition_cost
    )


def retention_uplift(
    margin: float,
    retention_before: float,
    retention_after: float,
    discount: float,
    *,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
) -> float:
    """Relative rise in customer value when retention improves.

    Customer value here is the expected discounted margin of an existing
    customer, ``m r / (1 + d - r)`` (:func:`clv_first_payment_next`). The
    result is ``value_after / value_before - 1``; the margin cancels, so
    only its sign matters, and it must not be zero.

    This reproduces the mechanism behind Reichheld & Sasser's "Zero
    Defections" (1990): a small rise in retention lengthens the expected
    lifetime ``1 / (1 - r)`` a lot when ``r`` is already high, so a
    5-point rise lifts the net present value of a customer by tens of
    percent (the article reports roughly 25% to 85% across industries; the
    often-quoted "25% to 95%" is from Reichheld & Schefter, 2000). Their
    figures also include spending growth, referrals and lower serving costs
    with tenure, which this formula leaves out. It is the value of a
    customer, not the profit of the firm.

    Parameters
    ----------
    margin : float
        Margin per period per customer; finite and not zero.
    retention_before : float
        Retention rate before the change; in (0, 1).
    retention_after : float
        Retention rate after the change; in [0, 1). A lower value gives a
        negative result (a fall in value).
    discount : float
        Discount rate per period; >= 0.
    growth, acquisition_cost : float
        Margin growth with tenure and the one-off cost of winning the
        customer, as in :func:`clv_with_growth`. Both push the uplift up,
        towards the top of Reichheld's range.

    Returns
    -------
    float
        Relative change, e.g. 0.275 for +27.5%.

    Raises
    ------
    AnalyticError
        If ``margin`` is zero or not finite, a retention rate is out of
        range, or ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(retention_uplift(100.0, 0.80, 0.85, 0.10), 3)
    0.275
    >>> round(retention_uplift(100.0, 0.90, 0.95, 0.10), 3)
    0.407
    >>> round(retention_uplift(100.0, 0.80, 0.85, 0.10, growth=0.05,
    ...                        acquisition_cost=200.0), 2)
    0.95

    References
    ----------
    F. F. Reichheld, W. E. Sasser Jr. (1990), "Zero Defections: Quality
    Comes to Services", Harvard Business Review 68(5), 105-111.
    F. F. Reichheld, P. Schefter (2000), "E-Loyalty: Your Secret Weapon on
    the Web", Harvard Business Review 78(4), 105-113.
    """
    func = "retention_uplift"
    margin = _real(func, "margin", margin)
    if margin == 0.0:
        # With zero margin the customer is worth nothing before and after.
        raise _refuse(func, "margin", margin, "finite and not 0")
    before = _retention(func, "retention_before", retention_before)
    if before == 0.0:
        raise _refuse(func, "retention_before", before, "in (0, 1)")
    after = _retention(func, "retention_after", retention_after)
    discount = _non_negative(func, "discount", discount)

    value_before = clv_with_growth(margin, before, discount, growth, acquisition_cost)
    value_after = clv_with_growth(margin, after, discount, growth, acquisition_cost)
    if value_before <= 0.0:
        raise _refuse(
            func,
            "acquisition_cost",
            acquisition_cost,
            "below the customer's value before the change (else no relative rise)",
        )
    return value_after / value_before - 1.0
