"""The commands the facilitator guide shows, and what their runs say.

Each demonstration of ``facilitator_guide.md`` shows ``cfl`` commands and
quotes what they gave. Both are written here: the command lines come from
:data:`COMMANDS`, and :func:`guide_texts` runs exactly those lines (read by
``cfl``'s own parser, with its presets and ``--set`` changes) and words the
results. :mod:`exercises.seminar_kit.numbers` puts the texts into the guide.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Sequence
from typing import Any

import pandas as pd

from simulations import Scenario
from simulations.analytic import retention_uplift
from simulations.cli import apply_settings, build_parser, load_scenario, parse_value
from simulations.experiments import Comparison, compare, sweep
from simulations.present.labels import label, setting
from simulations.present.words import Difference, value

DAYS = "--set business.days=180 --set business.warmup_days=30"
"""Half a year, the first month left out: the horizon of every demonstration."""

BUDGET = Scenario.preset("product_centric").attraction.acquisition_budget
"""The product-centric business's advertising a month (the team challenge doubles it)."""

COMMANDS: dict[str, list[str]] = {
    "demo1": [
        f"cfl compare product_centric customer_oriented client_centric -n 5 {DAYS}"
    ],
    "demo2": [f"cfl sweep client_centric --lever business.staff=2,3,4,5 -n 5 {DAYS}"],
    "team": [
        "cfl save product_centric team1.toml --name team-1 "
        "--set service.training_level=0.6 --set service.greet_waiting=true "
        "--set winback.campaign=true",
        "cfl save product_centric ads.toml --name more-ads "
        f"--set attraction.acquisition_budget={2 * BUDGET:g}",
        "cfl save product_centric loyalty.toml --name loyalty-10 "
        "--set retention.loyalty_programme=true --set retention.discount=0.1",
        f"cfl compare product_centric team1.toml ads.toml loyalty.toml -n 10 {DAYS}",
    ],
    "tourism": [
        "cfl compare customer_oriented client_centric --set customers.expectation=7.5 "
        f"--set customers.tolerance=0.7 -n 5 {DAYS}",
        f"cfl compare customer_oriented client_centric -n 5 {DAYS}",
    ],
}
"""The command lines of each demonstration, as the guide prints them."""

SHOWN = {"tourism": 1}
"""Demonstrations whose guide shows only their first lines (the rest is a check)."""


# ---------------------------------------------------------------- running cfl lines
def _scenario(args: Any, source: str, files: dict[str, Scenario]) -> Scenario:
    """A preset or a file saved earlier in the same demonstration, with --set."""
    scenario = files[source].copy() if source in files else load_scenario(source)
    return apply_settings(scenario, args.set)


def run(lines: Sequence[str]) -> list[Any]:
    """Run ``cfl`` lines as the command would, in this process; one result a line.

    ``save`` keeps its scenario for the lines after it (nothing is written),
    ``compare`` gives a :class:`~simulations.experiments.Comparison`,
    ``sweep`` a table with one row per grid point and run. The same lines are
    run once a session (the same seed gives the same results).
    """
    return list(_run(tuple(lines)))


@functools.cache
def _run(lines: tuple[str, ...]) -> tuple[Any, ...]:
    files: dict[str, Scenario] = {}
    results: list[Any] = []
    for line in lines:
        args = build_parser().parse_args(shlex.split(line)[1:])
        if args.command == "save":
            scenario = _scenario(args, args.scenario, files)
            scenario.name = args.name or scenario.name
            files[args.file] = scenario
            results.append(scenario)
        elif args.command == "compare":
            base = _scenario(args, args.baseline, files)
            others = [_scenario(args, a, files) for a in args.alternatives]
            results.append(
                compare(base, others, args.replications, workers=2, progress=False)
            )
        elif args.command == "sweep":
            grid = {}
            for item in args.lever:
                key, _, values = item.partition("=")
                grid[key] = [parse_value(v) for v in values.split(",")]
            scenario = _scenario(args, args.scenario, files)
            results.append(
                sweep(scenario, grid, args.replications, workers=2, progress=False)
            )
        else:
            raise ValueError(f"the guide's demonstrations do not run {line!r}")
    return tuple(results)


def _block(name: str) -> str:
    lines = COMMANDS[name][: SHOWN.get(name, len(COMMANDS[name]))]
    return "\n```bash\n" + "\n".join(lines) + "\n```\n"


def lever(dotted: str) -> str:
    """A lever named as the policy lab names it, in italics, without the hint in
    brackets ("*staff training*"); the guide's prose never names a key."""
    return "*" + label(dotted).split(" (")[0] + "*"


def _mean(comparison: Comparison, name: str, kpi: str) -> float:
    return float(comparison.all[name].kpis[kpi].mean())


# ---------------------------------------------------------------- the texts
def _demo1(result: Comparison) -> dict[str, str]:
    names = list(result.all)
    waits = {n: _mean(result, n, "mean_wait") for n in names}
    churn = {n: _mean(result, n, "churn_rate") for n in names}
    longest = max(waits, key=waits.get)
    shown = ", ".join(f"{n} {60 * waits[n]:.0f} s" for n in names)
    text = (
        f"In a run of this command the {longest} business had the *longest* mean "
        f"wait ({shown})."
    )
    question = ""
    if longest == "client-centric" and min(churn, key=churn.get) == longest:
        text += (
            " It keeps more customers with the same three staff, and it serves key "
            "customers first."
        )
        question = (
            '\n- "The client-centric business has longer queues and yet loses fewer '
            'customers. How can that be?" (It greets waiting customers and its visits '
            "are better: in the policy lab, compare the levers "
            f"{lever('service.greet_waiting')} and {lever('service.training_level')} "
            "of the three businesses.)"
        )
    return {"demo1.wait": text, "demo1.question": question}


def _steadily(series: pd.Series, up: bool) -> bool:
    steps = series.diff().dropna()
    return bool((steps > 0).all() if up else (steps < 0).all())


def _demo2(table: pd.DataFrame) -> str:
    means = table.groupby("business.staff")[["profit", "nps", "mean_wait"]].mean()
    best = int(means["profit"].idxmax())
    nps = (
        "the loyalty index rose with each extra member of staff"
        if _steadily(means["nps"], up=True)
        else "the loyalty index did not rise with every extra member of staff"
    )
    wait = (
        "the mean wait fell with each one"
        if _steadily(means["mean_wait"], up=False)
        else "the mean wait did not fall with every one"
    )
    staffs = ", ".join(
        f"{int(s)} staff {value('profit', p)}" for s, p in means["profit"].items()
    )
    return (
        f"In a run of this command, {nps} and {wait}, but profit over the measured "
        f"months was highest with {best} staff (mean profit: {staffs})."
    )


def _team(result: Comparison) -> dict[str, str]:
    said = {
        name: {k: Difference.of(result, name, k) for k in ("profit", "churn_rate")}
        for name in result.alternatives
    }
    runs = len(result.baseline.results)
    days = result.baseline.scenario.business
    both = all(d.kind == "better" for d in said["team-1"].values())
    goal = (
        'both verdicts are "better": this change meets the goal'
        if both
        else 'the verdicts are not both "better": this change misses the goal'
    )

    def line(name: str) -> str:
        d = said[name]
        return f"{d['profit'].sentence}; {d['churn_rate'].sentence}"

    return {
        "team.example": (
            "Example: training to 0.6, greeting on, win-back campaign on (`team1.toml` "
            f"above). In a run of the commands above ({runs} pairs of {days.days}-day "
            f"runs, the first {days.warmup_days} left out), against the product-centric "
            f"baseline: {line('team-1')}. So {goal}."
        ),
        "team.ads": (
            f"Doubling the {lever('attraction.acquisition_budget')} alone (to "
            f"{setting('attraction.acquisition_budget', 2 * BUDGET)}, `ads.toml`): "
            f"in the same run, {line('more-ads')}."
        ),
        "team.loyalty": (
            "A loyalty programme with a 10% discount alone (`loyalty.toml`) pays the "
            f"discount on every member's spend: in the same run, {line('loyalty-10')}."
        ),
    }


def _tourism(strict: Comparison, usual: Comparison) -> str:
    names = list(strict.all)
    parts = [
        f"in the {n} business from {value('share_low', _mean(usual, n, 'share_low'))} "
        f"to {value('share_low', _mean(strict, n, 'share_low'))}"
        for n in names
    ]
    centric = Difference.of(strict, names[1], "share_low")
    return (
        "In a run of this command and of the same without the two `--set` changes of "
        f"the customers, stricter customers raised the share of low visits {parts[0]} "
        f"and {parts[1]}. With strict customers, the {names[1]} business against the "
        f"{names[0]} one: {centric.sentence}."
    )


def _figures() -> str:
    low = retention_uplift(1.0, 0.80, 0.85, 0.10)
    high = retention_uplift(1.0, 0.90, 0.95, 0.10)
    return (
        "Module 03's formula for the value of a customer reproduces the mechanism: "
        "with a yearly discount rate of 10%, retention rising from 80% to 85% a year "
        f"raises a customer's value by about {low:+.0%}, and from 90% to 95% by about "
        f"{high:+.0%}."
    )


def guide_texts() -> dict[str, str]:
    """Every computed text of the facilitator guide, by key."""
    (demo1,) = run(COMMANDS["demo1"])
    (demo2,) = run(COMMANDS["demo2"])
    *_, team = run(COMMANDS["team"])
    strict, usual = run(COMMANDS["tourism"])
    return {
        **{f"{name}.command": _block(name) for name in COMMANDS},
        **_demo1(demo1),
        "demo2.result": _demo2(demo2),
        **_team(team),
        "tourism.result": _tourism(strict, usual),
        "figures.retention": _figures(),
    }
