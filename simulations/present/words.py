"""Comparisons in plain words, for the course and the reports.

A verdict alone ("better") hides how much better. Here every paired difference
becomes a sentence with its practical size, in the measure's own unit, rounded
to what its interval supports: "10 s more waiting", "4,300 ₽ more profit a
month". The judgement words ("clearly better", "no clear difference") come
from the comparison's verdict (:func:`simulations.experiments.verdict`), never
from the caller. Numbers are written by :mod:`simulations.present.format`.

* :class:`Difference` - one paired difference with its interval and verdict,
  read from a :class:`~simulations.experiments.Comparison` or computed from
  paired values; ``.size``, ``.interval``, ``.judgement`` and ``.sentence``;
* :func:`value` - one mean in its unit ("4.2 min", "120,000 ₽", "45.7%");
* :func:`comparison_table` - the table a learner reads: means, difference with
  its interval, practical size and verdict, with units and plain labels;
* :func:`markdown` - a string as Markdown output, for notebook cells that write
  their numbers from the run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..experiments import Comparison, t_interval, verdict
from ..results import KPIS
from ..vocabulary import MONTH_DAYS
from .format import step, supported
from .tables import verdict_kind

CURRENCY_SIGNS: dict[str, str] = {"RUB": "₽", "USD": "$", "EUR": "€"}
"""How a currency code is written after an amount."""

DEFAULT_CURRENCY = "RUB"
"""Money is in roubles unless a scenario says otherwise."""

SECONDS_BELOW = 2.0
"""Minutes under which a time difference reads better in seconds."""

# Measure -> (noun after "more"/"less", word for less, word for more). A measure
# missing here reads "<label> lower by <size>".
NOUNS: dict[str, tuple[str, str, str]] = {
    "mean_wait": ("waiting", "less", "more"),
    "profit": ("profit", "less", "more"),
    "profit_per_month": ("profit a month", "less", "more"),
    "profit_pv": ("profit in today's money", "less", "more"),
    "value_created": ("value created", "less", "more"),
    "customer_equity": ("customer equity", "less", "more"),
    "revenue": ("revenue", "less", "more"),
    "gross_margin": ("gross margin", "less", "more"),
    "margin_per_customer": ("margin per customer", "less", "more"),
    "active_customers": ("active customers at the end", "fewer", "more"),
    "new_customers": ("customers gained", "fewer", "more"),
    "lost_customers": ("customers lost", "fewer", "more"),
    "won_back": ("customers won back", "fewer", "more"),
    "deterred": ("prospects put off", "fewer", "more"),
    "customers_loyal": ("loyal customers at the end", "fewer", "more"),
    "customers_advocate": ("advocates at the end", "fewer", "more"),
    "complaints": ("complaints", "fewer", "more"),
    "silent_dissatisfied": ("low visits without a complaint", "fewer", "more"),
    "visits": ("visits", "fewer", "more"),
}

FLOWS = (
    "new_customers",
    "lost_customers",
    "won_back",
    "deterred",
    "complaints",
    "silent_dissatisfied",
    "visits",
)
"""Counts over the measured period that can be put per month (money too)."""

JUDGEMENT: dict[str, str] = {
    "better": "clearly better",
    "worse": "clearly worse",
    "unclear": "no clear difference",
    "higher": "clearly higher",
    "lower": "clearly lower",
}
"""The words of each verdict kind, as a learner reads them."""


def currency(scenario: Any = None) -> str:
    """The sign written after an amount of money (roubles by default).

    Examples
    --------
    >>> currency()
    '₽'
    """
    economics = getattr(scenario, "economics", None)
    code = getattr(economics, "currency", None) or DEFAULT_CURRENCY
    return CURRENCY_SIGNS.get(str(code), str(code))


def _months(scenario: Any) -> float:
    """Months in the measured period of a scenario."""
    business = scenario.business
    return (business.days - business.warmup_days) / MONTH_DAYS


def _unit(kpi: str) -> str:
    info = KPIS.get(kpi)
    return info.unit if info else ""


def _amount(
    kpi: str, x: float, half_width: float | None, sign: str, seconds: bool
) -> tuple[str, str]:
    """A magnitude and its unit: ('4,300', '₽') or ('10', 's').

    ``seconds`` writes a time in seconds (for small differences).
    """
    unit = _unit(kpi)
    if unit == "min":
        if seconds:
            return supported(
                60 * x, None if half_width is None else 60 * half_width
            ), "s"
        return supported(x, half_width), "min"
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        return supported(100 * x, hw), "percentage points"
    text = supported(x, half_width)
    if unit == "money":
        return text, sign
    if unit in ("points", "customers", "people") and kpi not in NOUNS:
        return text, unit
    return text, ""


def _joined(number: str, unit: str) -> str:
    if not number.strip("0.,-"):
        return "0"  # a bound that rounds to nothing needs no unit
    return f"{number} {unit}" if unit else number


def upper_first(text: str) -> str:
    """A sentence's first letter in upper case: 'churn a month' -> 'Churn a month'."""
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Churn a month' -> 'churn a month'; 'WOW' stays.

    Examples
    --------
    >>> lower_first("Churn a month"), lower_first("WOW visits")
    ('churn a month', 'WOW visits')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def value(kpi: str, x: float, half_width: float | None = None, sign: str = "") -> str:
    """One mean in its unit, rounded to what its interval supports.

    Examples
    --------
    >>> value("mean_wait", 4.234, 0.31), value("profit", 123456.0, 2100.0, "₽")
    ('4.2 min', '123,000 ₽')
    >>> value("mean_wait", 0.35, 0.05)
    '21 s'
    >>> value("churn_rate", 0.04567, 0.004), value("nps", 21.37, 2.4)
    ('4.6%', '21 points')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    unit = _unit(kpi)
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        return f"{supported(100 * x, hw)}%"
    if unit == "min":
        if abs(x) < 1:
            hw = None if half_width is None else 60 * half_width
            return f"{supported(60 * x, hw)} s"
        return f"{supported(x, half_width)} min"
    text = supported(x, half_width)
    if unit == "money":
        return f"{text} {sign or currency()}"
    if unit in ("points", "customers", "people"):
        return f"{text} {unit}"
    if unit == "per min":
        return f"{text} a minute"
    return text


@dataclass(frozen=True)
class Difference:
    """A paired difference (alternative minus baseline) in plain words.

    Attributes
    ----------
    kpi
        The measure (a key of :data:`simulations.results.KPIS`).
    difference, half_width
        Mean paired difference and the half-width of its interval (NaN with
        one pair).
    confidence
        Confidence level of the interval.
    runs
        Pairs of runs behind it.
    kind
        ``better``, ``worse``, ``unclear`` or ``changed`` (a measure with no
        better direction), read from the verdict.
    per
        Words after the size, e.g. ``"a month"`` (empty: over the whole run).
    sign
        Currency sign of money.
    """

    kpi: str
    difference: float
    half_width: float
    confidence: float
    runs: int
    kind: str
    per: str = ""
    sign: str = "₽"

    # ------------------------------------------------------------ builders
    @classmethod
    def of(
        cls,
        comparison: Comparison,
        alternative: str,
        kpi: str,
        *,
        per_month: bool = False,
    ) -> Difference:
        """The difference of one measure in a comparison.

        ``per_month`` divides a total (money, customers, counts) by the
        months of the measured period, so that it reads "... a month".
        """
        row = comparison.table.loc[(alternative, kpi)]
        diff, hw = float(row["difference"]), float(row["half_width"])
        scenario = comparison.baseline.scenario
        per = ""
        if per_month and (_unit(kpi) == "money" or kpi in FLOWS):
            months = _months(scenario)
            diff, hw, per = diff / months, hw / months, "a month"
        return cls(
            kpi,
            diff,
            hw,
            comparison.confidence,
            int(row["pairs"]),
            verdict_kind(str(row["verdict"])),
            per,
            currency(scenario),
        )

    @classmethod
    def of_pairs(
        cls,
        kpi: str,
        before: Sequence[float],
        after: Sequence[float],
        confidence: float = 0.95,
        **words: str,
    ) -> Difference:
        """The difference of paired values that are not a KPI of the run.

        ``kpi`` names a measure with the same unit and better direction (the
        wait of key customers reads like ``"mean_wait"``). The verdict is the
        one :func:`simulations.experiments.verdict` gives.
        """
        pairs = np.asarray(after, float) - np.asarray(before, float)
        diff, hw = t_interval(pairs, confidence)
        text = verdict(kpi, diff, hw, confidence)
        return cls(kpi, diff, hw, confidence, len(pairs), verdict_kind(text), **words)

    # ------------------------------------------------------------ words
    @property
    def clear(self) -> bool:
        """True when the whole interval lies on one side of zero."""
        return self.kind != "unclear"

    @property
    def _hw(self) -> float | None:
        return None if step(self.half_width) is None else self.half_width

    @property
    def _seconds(self) -> bool:
        """Times in seconds when the difference and its interval are small."""
        far = abs(self.difference) + (self._hw or 0.0)
        return _unit(self.kpi) == "min" and far < SECONDS_BELOW

    def _amount(self, x: float) -> tuple[str, str]:
        return _amount(self.kpi, x, self._hw, self.sign, self._seconds)

    def _less_more(self) -> tuple[str, str]:
        if self.kpi in NOUNS:
            return NOUNS[self.kpi][1], NOUNS[self.kpi][2]
        return "lower", "higher"

    def _tail(self) -> str:
        return f" {self.per}" if self.per else ""

    def _label(self) -> str:
        return lower_first(KPIS[self.kpi].label if self.kpi in KPIS else self.kpi)

    @property
    def size(self) -> str:
        """The practical size: '10 s more waiting', '4,300 ₽ more profit a month'.

        Examples
        --------
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").size
        '10 s more waiting'
        >>> Difference("churn_rate", -0.0149, 0.00595, 0.95, 5, "better").size
        'churn a month lower by 1.5 percentage points'
        """
        amount = _joined(*self._amount(abs(self.difference)))
        less, more = self._less_more()
        word = more if self.difference > 0 else less
        if self.kpi in NOUNS:
            return f"{amount} {word} {NOUNS[self.kpi][0]}{self._tail()}"
        return f"{self._label()}{self._tail()} {word} by {amount}"

    @property
    def amount(self) -> str:
        """The signed size alone, for a table cell: '20,000 ₽ more'.

        Examples
        --------
        >>> Difference("active_customers", 30.2, 19.0, 0.95, 5, "better").amount
        '30 more'
        """
        less, more = self._less_more()
        word = more if self.difference > 0 else less
        return f"{_joined(*self._amount(abs(self.difference)))} {word}{self._tail()}"

    @property
    def interval(self) -> str:
        """The interval of the difference in words, with its direction.

        Examples
        --------
        >>> Difference("profit", 9727.0, 11115.0, 0.95, 5, "unclear").interval
        'from 1,000 ₽ less to 21,000 ₽ more'
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").interval
        '7 to 13 s more'
        """
        hw = self._hw
        if hw is None:
            return "no interval from a single run"
        low, high = self.difference - hw, self.difference + hw
        less, more = self._less_more()
        if low > 0 or high < 0:
            a, b = sorted((abs(low), abs(high)))
            word = more if high > 0 else less
            last = _joined(*self._amount(b))
            return f"{self._amount(a)[0]} to {last} {word}{self._tail()}"
        first = _joined(*self._amount(-low))
        return (
            f"from {first}{'' if first == '0' else ' ' + less} to "
            f"{_joined(*self._amount(high))} {more}{self._tail()}"
        )

    @property
    def line(self) -> str:
        """The size and the judgement, for a list of findings.

        Examples
        --------
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").line
        '10 s more waiting (clearly worse)'
        >>> Difference("churn_rate", 0.001, 0.004, 0.95, 5, "unclear").line
        'Churn a month: no clear difference'
        """
        if not self.clear:
            return f"{upper_first(self._label())}: no clear difference"
        return f"{upper_first(self.size)} ({self.judgement})"

    @property
    def judgement(self) -> str:
        """'clearly better', 'clearly worse', 'no clear difference', ..."""
        if self.kind == "changed":
            return JUDGEMENT["higher" if self.difference > 0 else "lower"]
        return JUDGEMENT[self.kind]

    @property
    def sentence(self) -> str:
        """Size, interval, runs and judgement in one plain sentence.

        Examples
        --------
        >>> print(Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").sentence)
        10 s more waiting (95% interval 7 to 13 s more, 5 runs each): clearly worse
        >>> print(Difference("profit", 9727.0, 11115.0, 0.95, 5, "unclear").sentence)
        no clear difference in profit (95% interval from 1,000 ₽ less to
        21,000 ₽ more, 5 runs each)
        """
        how = f"{self.confidence:.0%} interval {self.interval}, {self.runs} runs each"
        if not self.clear:
            what = NOUNS[self.kpi][0] if self.kpi in NOUNS else self._label()
            return f"no clear difference in {what}{self._tail()} ({how})"
        return f"{self.size} ({how}): {self.judgement}"

    def __str__(self) -> str:
        return self.sentence


def comparison_table(
    comparison: Comparison,
    kpis: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    change: str = "change",
    baseline: str | None = None,
    per_month: bool = False,
) -> pd.DataFrame:
    """The table a learner reads: means, the difference, its size and verdict.

    One row per (alternative, measure), every cell with its unit, every
    number rounded to what its interval supports.

    Parameters
    ----------
    comparison
        The comparison to show.
    kpis
        Measures, in order.
    names
        Alternatives to show (default: all).
    change
        Heading of the alternatives' column in the index.
    baseline
        Heading of the baseline's column (default: its scenario name).
    per_month
        Put totals per month of the measured period (see :meth:`Difference.of`).
    """
    rows = []
    base = comparison.baseline
    base_summary = base.summary(comparison.confidence)
    sign = currency(base.scenario)
    for name in names or list(comparison.alternatives):
        alt_summary = comparison.alternatives[name].summary(comparison.confidence)
        for kpi in kpis:
            d = Difference.of(comparison, name, kpi, per_month=per_month)
            scale = 1.0 / _months(base.scenario) if d.per else 1.0
            rows.append(
                {
                    change: name,
                    "measure": KPIS[kpi].label + (f", {d.per}" if d.per else ""),
                    baseline or base.name: value(
                        kpi,
                        scale * base_summary.loc[kpi, "mean"],
                        scale * base_summary.loc[kpi, "half_width"],
                        sign,
                    ),
                    "with the change": value(
                        kpi,
                        scale * alt_summary.loc[kpi, "mean"],
                        scale * alt_summary.loc[kpi, "half_width"],
                        sign,
                    ),
                    "difference": d.amount if d.clear else "no clear difference",
                    f"{d.confidence:.0%} interval": d.interval,
                    "verdict": d.judgement,
                }
            )
    return pd.DataFrame(rows).set_index([change, "measure"])


def markdown(text: str) -> Any:
    """``text`` as Markdown output of a notebook cell (its value displays it)."""
    from IPython.display import Markdown

    return Markdown(text)
