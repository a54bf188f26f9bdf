"""The comparison in words and tables: verdicts, the KPI table, the parameters.

The lab's page and the HTML report (:mod:`simulations.present.report`) show
the same pieces, made here, so they always agree. Nothing here computes a
statistic: means, intervals and verdicts come from
:mod:`simulations.experiments`; numbers are written by
:mod:`simulations.present.format`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..experiments import Comparison, Replications
from ..experiments.compare import sentence
from ..i18n import N_, Labels, _
from ..parameters import GROUPS, Scenario
from ..results import HEADLINE, KPIS
from ..vocabulary import DIRECTIONS
from .format import (
    kpi_difference,
    kpi_half_width,
    kpi_unit,
    kpi_value,
    percent,
    unit_label,
)
from .labels import label as parameter_label
from .labels import scenario_label, value_text
from .units import upper_first

SECTION_LABELS: Labels = Labels(
    {
        "business": N_("Business"),
        **DIRECTIONS.english,
        "customers": N_("Customers (assumptions)"),
        "economics": N_("Economics (assumptions)"),
    }
)
"""Heading of each parameter group: Mann's four directions use the plots' labels."""


# ---------------------------------------------------------------- verdicts
def verdict_kind(verdict: str) -> str:
    """``better``, ``worse``, ``unclear`` or ``changed`` for an English verdict.

    Tables read the ``kind`` column of a comparison instead; this reads the
    sentence (for comparisons stored before that column existed).

    Examples
    --------
    >>> verdict_kind("Profit higher by 1,200 ± 300 (95%): better")
    'better'
    >>> verdict_kind("no clear difference")
    'unclear'
    """
    if verdict.endswith(": better"):
        return "better"
    if verdict.endswith(": worse"):
        return "worse"
    if verdict == "no clear difference":
        return "unclear"
    return "changed"


def pairing_note(narrowing: float) -> str:
    """What pairing the runs did to an interval, in words ("" if unknown).

    ``narrowing`` is 1 - paired half-width / independent half-width. It is an
    estimate from the runs themselves: with few runs, or two policies whose
    customers soon go separate ways (so the paired results hardly move
    together), it comes out near zero or even below it by chance. Below zero
    is no "negative narrowing": pairing simply did not help there.

    Examples
    --------
    >>> pairing_note(0.43)
    'pairing the runs made the interval 43% narrower than independent runs would'
    >>> print(pairing_note(-0.06))
    pairing the runs did not narrow the interval here: the paired results moved
    together too little
    >>> pairing_note(float("nan"))
    ''
    """
    if not isinstance(narrowing, float) or math.isnan(narrowing):
        return ""
    if narrowing >= 0.005:
        return _(
            "pairing the runs made the interval {share} narrower than "
            "independent runs would"
        ).format(share=percent(narrowing, 0))
    return _(
        "pairing the runs did not narrow the interval here: the paired results "
        "moved together too little"
    )


def plain_verdict(
    row: Mapping[str, Any], confidence: float, currency: str | None = None
) -> str:
    """The verdict of a KPI row in words, with numbers in the KPI's units.

    The judgement (better, worse, no clear difference) is the one of
    :func:`simulations.experiments.verdict`, read from ``row["kind"]``; the
    numbers are written as people read them (thousands separated, shares in
    percentage points, money in ``currency``).

    Examples
    --------
    >>> row = {"kpi": "profit", "label": "Profit", "kind": "worse",
    ...        "difference": -62295.0, "difference_hw": 5290.0}
    >>> plain_verdict(row, 0.95, "RUB")
    'Profit lower by 62,295 ± 5,290\xa0RUB (95%): worse'
    >>> plain_verdict({**row, "kind": "unclear"}, 0.95)
    'Profit: no clear difference'
    """
    if row["kind"] == "unclear":
        return _("{kpi}: no clear difference").format(kpi=row["label"])
    return sentence(
        row["kpi"], row["difference"], row["difference_hw"], confidence, currency
    )


def short_verdict(row: Mapping[str, Any]) -> str:
    """One or few words for a table cell: better, worse, higher, lower...

    Examples
    --------
    >>> short_verdict({"kind": "changed", "difference": -0.15})
    'lower'
    """
    words = {
        "unclear": _("no clear difference"),
        "better": _("better"),
        "worse": _("worse"),
    }
    if row["kind"] in words:
        return words[row["kind"]]
    return _("higher") if row["difference"] > 0 else _("lower")


# ---------------------------------------------------------------- KPI rows
def currency_of(comparison: Comparison) -> str:
    """The currency of a comparison's money (its scenarios share one)."""
    return comparison.baseline.scenario.economics.currency


def alternative(comparison: Comparison, name: str | None = None) -> Replications:
    """The replications of the scenario ``name`` (default: the first one)."""
    if name is not None and name in comparison.alternatives:
        return comparison.alternatives[name]
    return next(iter(comparison.alternatives.values()))


def kpi_rows(
    comparison: Comparison,
    kpis: Sequence[str] = HEADLINE,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """One row per KPI: both means with half-widths, the paired difference.

    The numbers are read from ``Replications.summary`` and
    ``Comparison.table``; nothing is recomputed.
    """
    alt = alternative(comparison, name)
    conf = comparison.confidence
    currency = currency_of(comparison)
    base_sum = comparison.baseline.summary(conf)
    alt_sum = alt.summary(conf)
    table = comparison.table.loc[alt.name]
    rows = []
    for kpi in kpis:
        if kpi not in table.index:
            continue
        paired = table.loc[kpi]
        info = KPIS[kpi]
        rows.append(
            {
                "kpi": kpi,
                "label": info.label,
                "unit": kpi_unit(kpi, currency),
                "baseline": float(base_sum.loc[kpi, "mean"]),
                "baseline_hw": float(base_sum.loc[kpi, "half_width"]),
                "scenario": float(alt_sum.loc[kpi, "mean"]),
                "scenario_hw": float(alt_sum.loc[kpi, "half_width"]),
                "difference": float(paired["difference"]),
                "difference_hw": float(paired["half_width"]),
                "verdict": str(paired["verdict"]),
                "kind": str(paired["kind"])
                if "kind" in paired.index
                else verdict_kind(str(paired["verdict"])),
                "pairs": int(paired["pairs"]),
            }
        )
        rows[-1]["plain"] = plain_verdict(rows[-1], conf, currency)
    return rows


def kpi_frame(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> pd.DataFrame:
    """:func:`kpi_rows` as a table indexed by KPI name."""
    return pd.DataFrame(kpi_rows(comparison, kpis, name)).set_index("kpi")


# ---------------------------------------------------------------- HTML
STYLE = """
.cfl-kpis { border-collapse: collapse; font-size: 14px; margin: 6px 0 12px 0; }
.cfl-kpis th, .cfl-kpis td { border-bottom: 1px solid #ddd; padding: 4px 10px;
  text-align: right; vertical-align: top; }
.cfl-kpis th { background: #f3f6fa; }
.cfl-kpis td.cfl-label, .cfl-kpis th.cfl-label { text-align: left; }
.cfl-kpis td.cfl-verdict { text-align: left; max-width: 26em; }
.cfl-better { color: #1a7f37; font-weight: 600; }
.cfl-worse { color: #b42318; font-weight: 600; }
.cfl-unclear { color: #6b7280; }
.cfl-changed { color: #1f4e9c; }
.cfl-pm { color: #6b7280; font-size: 12px; }
.cfl-caveat { color: #6b4e00; font-size: 14px; max-width: 46em; }
"""
"""CSS of the KPI table, shared by the lab page and the report."""


def kpi_table_html(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> str:
    """The KPI table as HTML: baseline, scenario, difference ± half-width, verdict.

    Each value cell carries ``data-kpi`` and ``data-role`` attributes so that
    a browser test can read the numbers.
    """
    alt = alternative(comparison, name)
    mean = _("mean ± {confidence} half-width").format(
        confidence=percent(comparison.confidence, 0)
    )
    kpi, unit, difference = _("KPI"), _("unit"), _("difference")
    paired, verdict = _("paired, ± half-width"), _("verdict")
    head = (
        f"<tr><th class='cfl-label'>{kpi}</th><th>{unit}</th>"
        f"<th>{html.escape(scenario_label(comparison.baseline.name))}<br>"
        f"<span class='cfl-pm'>{mean}</span></th>"
        f"<th>{html.escape(scenario_label(alt.name))}<br>"
        f"<span class='cfl-pm'>{mean}</span></th>"
        f"<th>{difference}<br><span class='cfl-pm'>"
        f"{paired}</span></th>"
        f"<th class='cfl-label'>{verdict}</th></tr>"
    )
    body = []
    for row in kpi_rows(comparison, kpis, name):
        k = row["kpi"]
        attr = html.escape(k)
        body.append(
            "<tr>"
            f"<td class='cfl-label'>{html.escape(row['label'])}</td>"
            f"<td>{html.escape(row['unit'])}</td>"
            f"<td data-kpi='{attr}' data-role='baseline'>"
            f"{kpi_value(k, row['baseline'])}"
            f" <span class='cfl-pm'>± {kpi_half_width(k, row['baseline_hw'])}</span>"
            "</td>"
            f"<td data-kpi='{attr}' data-role='scenario'>"
            f"{kpi_value(k, row['scenario'])}"
            f" <span class='cfl-pm'>± {kpi_half_width(k, row['scenario_hw'])}</span>"
            "</td>"
            f"<td data-kpi='{attr}' data-role='difference'>"
            f"{kpi_difference(k, row['difference'])}"
            f" <span class='cfl-pm'>± {kpi_half_width(k, row['difference_hw'])}"
            "</span></td>"
            f"<td class='cfl-verdict cfl-{row['kind']}' "
            f"title='{html.escape(row['verdict'])}'>"
            f"{html.escape(short_verdict(row))}</td>"
            "</tr>"
        )
    return (
        f"<table class='cfl-kpis'><thead>{head}</thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def verdicts_html(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> str:
    """The plain verdicts as a list: clear differences first, then the rest."""
    rows = kpi_rows(comparison, kpis, name)
    clear = [r for r in rows if r["kind"] != "unclear"]
    unclear = [r["label"] for r in rows if r["kind"] == "unclear"]
    items = [
        f"<li class='cfl-{r['kind']}'>{html.escape(r['plain'])}</li>" for r in clear
    ]
    if unclear:
        text = _("No clear difference in: {kpis}.").format(kpis=", ".join(unclear))
        items.append(f"<li class='cfl-unclear'>{html.escape(text)}</li>")
    return f"<ul class='cfl-verdicts'>{''.join(items)}</ul>"


# ---------------------------------------------------------------- parameters
def parameter_rows(baseline: Scenario, scenario: Scenario) -> list[dict[str, Any]]:
    """Every parameter of both scenarios, with its unit and whether it differs."""
    rows = []
    for section, group in GROUPS.items():
        for meta in group.describe():
            dotted = f"{section}.{meta['name']}"
            a, b = baseline.get(dotted), scenario.get(dotted)
            rows.append(
                {
                    "section": section,
                    "parameter": dotted,
                    "label": upper_first(parameter_label(dotted)),
                    "unit": unit_label(meta["unit"], scenario.economics.currency),
                    "lever": meta["lever"],
                    "meaning": meta["meaning"],
                    "baseline": a,
                    "scenario": b,
                    "changed": a != b,
                }
            )
    return rows


def parameters_html(baseline: Scenario, scenario: Scenario) -> str:
    """Both scenarios' parameters side by side, by group; changes highlighted.

    Each row shows the parameter's plain label; its dotted name (as in a TOML
    file) is the row's tooltip.
    """
    parameter, unit, meaning = _("parameter"), _("unit"), _("meaning")
    parts = [
        f"<table class='cfl-params'><thead><tr><th>{parameter}</th>"
        f"<th>{unit}</th><th>{html.escape(scenario_label(baseline.name))}</th>"
        f"<th>{html.escape(scenario_label(scenario.name))}</th>"
        f"<th>{meaning}</th></tr>"
        "</thead><tbody>"
    ]
    section = None
    for row in parameter_rows(baseline, scenario):
        if row["section"] != section:
            section = row["section"]
            label = SECTION_LABELS.get(section, section)
            parts.append(f"<tr class='cfl-section'><th colspan='5'>{label}</th></tr>")
        classes = " ".join(
            c
            for c, on in (("cfl-lever", row["lever"]), ("cfl-diff", row["changed"]))
            if on
        )
        mark = _(" (lever)") if row["lever"] else ""
        parts.append(
            f"<tr class='{classes}' title='{html.escape(row['parameter'])}'>"
            f"<td>{html.escape(row['label'])}{mark}</td>"
            f"<td>{html.escape(row['unit'])}</td>"
            f"<td>{html.escape(value_text(row['baseline']))}</td>"
            f"<td>{html.escape(value_text(row['scenario']))}</td>"
            f"<td>{html.escape(row['meaning'])}</td></tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)
