"""Comparisons in plain words, for the course and the reports.

A verdict alone ("better") hides how much better. Here every paired difference
becomes a sentence with its practical size, in the measure's own unit, rounded
to what its interval supports: "10 s more waiting", "4,300 RUB more profit a
month". The judgement words ("clearly better", "no clear difference") come
from the same judgement as the comparison's verdict
(``experiments.compare.judge``, on the numbers, so in any language), never from
the caller. Numbers are written by :mod:`simulations.present.format`.

* :class:`Difference` - one paired difference with its interval and verdict,
  read from a :class:`~simulations.experiments.Comparison` or computed from
  paired values; ``.size``, ``.interval``, ``.judgement`` and ``.sentence``;
* :func:`~simulations.present.units.value` - one mean in its unit ("4.2 min",
  "120,000 RUB", "45.7%"), re-exported here;
* :func:`comparison_table` - the table a learner reads: means, difference with
  its interval, practical size and verdict, with units and plain labels;
* :func:`markdown` - a string as Markdown output, for notebook cells that write
  their numbers from the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..experiments import Comparison, t_interval
from ..experiments.compare import judge
from ..i18n import _, ngettext
from ..results import KPIS
from .format import percent, step
from .units import (
    FLOWS,
    JUDGEMENT,
    NOUNS,
    SECONDS_BELOW,
    currency,
    joined,
    lower_first,
    magnitude,
    months_measured,
    unit_of,
    upper_first,
    value,
)

__all__ = [
    "Difference",
    "comparison_table",
    "currency",
    "lower_first",
    "markdown",
    "upper_first",
    "value",
]


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
        better direction), judged from the difference and its interval.
    per
        Words after the size, e.g. ``"a month"`` (empty: over the whole run).
    sign
        Currency sign of money.
    noun
        What is counted, when it is not the measure's own noun (referral
        customers counted like "new_customers").
    """

    kpi: str
    difference: float
    half_width: float
    confidence: float
    runs: int
    kind: str
    per: str = ""
    sign: str = "RUB"
    noun: str = ""

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
        # From the numbers, never from the verdict's words (they follow the language).
        kind = judge(kpi, diff, hw)
        scenario = comparison.baseline.scenario
        per = ""
        if per_month and (unit_of(kpi) == "money" or kpi in FLOWS):
            months = months_measured(scenario)
            diff, hw, per = diff / months, hw / months, "a month"
        return cls(
            kpi,
            diff,
            hw,
            comparison.confidence,
            int(row["pairs"]),
            kind,
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
        kind = judge(kpi, diff, hw)
        return cls(kpi, diff, hw, confidence, len(pairs), kind, **words)

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
        return unit_of(self.kpi) == "min" and far < SECONDS_BELOW

    def _magnitude(self, x: float) -> tuple[str, str]:
        return magnitude(self.kpi, x, self._hw, self.sign, self._seconds)

    @property
    def _noun(self) -> str:
        return self.noun or _(NOUNS[self.kpi][0])

    def _less_more(self) -> tuple[str, str]:
        if self.kpi in NOUNS:
            return _(NOUNS[self.kpi][1]), _(NOUNS[self.kpi][2])
        return _("lower"), _("higher")

    def _tail(self) -> str:
        return f" {_(self.per)}" if self.per else ""

    def _label(self) -> str:
        return lower_first(KPIS[self.kpi].label if self.kpi in KPIS else self.kpi)

    @property
    def size(self) -> str:
        """The practical size: '10 s more waiting', '4,300 RUB more profit a month'.

        Examples
        --------
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").size
        '10\xa0s more waiting'
        >>> Difference("churn_rate", -0.0149, 0.00595, 0.95, 5, "better").size
        'churn a month lower by 1.5\xa0percentage points'
        """
        amount, word = self._signed()
        if self.kpi in NOUNS:
            return _("{amount} {more_or_less} {noun}{per}").format(
                amount=amount, more_or_less=word, noun=self._noun, per=self._tail()
            )
        return _("{measure}{per} {higher_or_lower} by {amount}").format(
            measure=self._label(), per=self._tail(), higher_or_lower=word, amount=amount
        )

    def _signed(self) -> tuple[str, str]:
        """The magnitude with its unit, and the measure's word for more or less."""
        less, more = self._less_more()
        word = more if self.difference > 0 else less
        return joined(*self._magnitude(abs(self.difference))), word

    @property
    def amount(self) -> str:
        """The signed size alone, for a table cell: '20,000 RUB more'.

        Examples
        --------
        >>> Difference("active_customers", 30.2, 19.0, 0.95, 5, "better").amount
        '30 more'
        """
        amount, word = self._signed()
        return _("{amount} {more_or_less}{per}").format(
            amount=amount, more_or_less=word, per=self._tail()
        )

    @property
    def interval(self) -> str:
        """The interval of the difference in words, with its direction.

        Examples
        --------
        >>> Difference("profit", 9727.0, 11115.0, 0.95, 5, "unclear").interval
        'from 1,000\xa0RUB less to 21,000\xa0RUB more'
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").interval
        '7 to 13\xa0s more'
        """
        hw = self._hw
        if hw is None:
            return _("no interval from a single run")
        low, high = self.difference - hw, self.difference + hw
        less, more = self._less_more()
        if low > 0 or high < 0:
            a, b = sorted((abs(low), abs(high)))
            word = more if high > 0 else less
            return _("{low} to {high} {more_or_less}{per}").format(
                low=self._magnitude(a)[0],
                high=joined(*self._magnitude(b)),
                more_or_less=word,
                per=self._tail(),
            )
        first, last = joined(*self._magnitude(-low)), joined(*self._magnitude(high))
        if first == "0":
            return _("from 0 to {high} {more}{per}").format(
                high=last, more=more, per=self._tail()
            )
        return _("from {low} {less} to {high} {more}{per}").format(
            low=first, less=less, high=last, more=more, per=self._tail()
        )

    @property
    def line(self) -> str:
        """The size and the judgement, for a list of findings.

        Examples
        --------
        >>> Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse").line
        '10\xa0s more waiting (clearly worse)'
        >>> Difference("churn_rate", 0.001, 0.004, 0.95, 5, "unclear").line
        'Churn a month: no clear difference'
        """
        if not self.clear:
            what = self.noun or self._label()
            return _("{measure}: no clear difference").format(measure=upper_first(what))
        return f"{upper_first(self.size)} ({self.judgement})"

    @property
    def judgement(self) -> str:
        """'clearly better', 'clearly worse', 'no clear difference', ..."""
        if self.kind == "changed":
            return _(JUDGEMENT["higher" if self.difference > 0 else "lower"])
        return _(JUDGEMENT[self.kind])

    @property
    def sentence(self) -> str:
        """Size, interval, runs and judgement in one plain sentence.

        Examples
        --------
        >>> def show(d):  # no-break spaces as plain ones, for reading
        ...     print(d.sentence.replace("\xa0", " "))
        >>> show(Difference("mean_wait", 0.16, 0.05, 0.95, 5, "worse"))
        10 s more waiting (95% interval 7 to 13 s more, 5 runs each): clearly worse
        >>> show(Difference("profit", 9727.0, 11115.0, 0.95, 5, "unclear"))
        no clear difference in profit (95% interval from 1,000 RUB less to
        21,000 RUB more, 5 runs each)
        """
        how = ngettext(
            "{confidence} interval {interval}, {runs} run each",
            "{confidence} interval {interval}, {runs} runs each",
            self.runs,
        ).format(
            confidence=percent(self.confidence, 0),
            interval=self.interval,
            runs=self.runs,
        )
        if not self.clear:
            what = self._noun if self.kpi in NOUNS else self._label()
            return _("no clear difference in {what}{per} ({how})").format(
                what=what, per=self._tail(), how=how
            )
        return f"{self.size} ({how}): {self.judgement}"

    def __str__(self) -> str:
        return self.sentence


def comparison_table(
    comparison: Comparison,
    kpis: Sequence[str],
    names: Sequence[str] | None = None,
    *,
    change: str | None = None,
    baseline: str | None = None,
    per_month: bool = False,
    verdicts: bool = True,
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
        Heading of the alternatives' column in the index (default: "change").
    baseline
        Heading of the baseline's column (default: its scenario name).
    per_month
        Put totals per month of the measured period (see :meth:`Difference.of`).
    verdicts
        False for a table that a learner judges: the difference is given as a
        signed amount even when it is not clear, and there is no verdict column.
    """
    change = change or _("change")
    measure, with_change = _("measure"), _("with the change")
    difference = _("difference")
    interval, verdict = _("{confidence} interval"), _("verdict")
    rows = []
    base = comparison.baseline
    base_summary = base.summary(comparison.confidence)
    sign = currency(base.scenario)
    for name in names or list(comparison.alternatives):
        alt_summary = comparison.alternatives[name].summary(comparison.confidence)
        for kpi in kpis:
            d = Difference.of(comparison, name, kpi, per_month=per_month)
            scale = 1.0 / months_measured(base.scenario) if d.per else 1.0
            rows.append(
                {
                    change: name,
                    measure: KPIS[kpi].label + (f", {_(d.per)}" if d.per else ""),
                    baseline or base.name: value(
                        kpi,
                        scale * base_summary.loc[kpi, "mean"],
                        scale * base_summary.loc[kpi, "half_width"],
                        sign,
                    ),
                    with_change: value(
                        kpi,
                        scale * alt_summary.loc[kpi, "mean"],
                        scale * alt_summary.loc[kpi, "half_width"],
                        sign,
                    ),
                    difference: d.amount
                    if d.clear or not verdicts
                    else _("no clear difference"),
                    interval.format(confidence=percent(d.confidence, 0)): d.interval,
                    verdict: d.judgement,
                }
            )
            if not verdicts:
                rows[-1].pop(verdict)
    return pd.DataFrame(rows).set_index([change, measure])


def markdown(text: str) -> Any:
    """``text`` as Markdown output of a notebook cell (its value displays it)."""
    from IPython.display import Markdown

    return Markdown(text)
