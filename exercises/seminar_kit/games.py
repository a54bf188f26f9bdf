"""The simulator behind each seminar game: the trainer's commands and their results.

The handouts tell the room, in plain words, what the simulator shows after a
game. The commands that show it, and what they gave, are for the trainer:
they sit in the facilitator guide's section "The simulator behind each game",
written here. Each game's text runs exactly the ``cfl`` lines it prints
(:func:`exercises.seminar_kit.guide.run`), and every number comes from the
runs or from the model's parameters.
"""

from __future__ import annotations

import pandas as pd

from simulations import Scenario
from simulations.experiments import Comparison
from simulations.present.format import money
from simulations.present.words import Difference, value

from .guide import DAYS, run

SHORT = "--set business.days=120 --set business.warmup_days=30"
"""A quarter after a month of settling: for quick looks in the room."""

TOLD = Scenario().customers.people_told
"""The model's number of people an unhappy lost customer tells."""

SPEAK_UP = 0.5
"""Module 14's role plays: half the unhappy customers speak up (as in module 14)."""

LINES: dict[str, list[str]] = {
    "cost": [f"cfl compare product_centric client_centric -n 5 {DAYS}"],
    "leave": [
        "cfl params --group customers",
        "cfl sweep product_centric --lever "
        f"customers.people_told=0,{TOLD:g},{3 * TOLD:g} -n 5 {DAYS}",
    ],
    "roleplay": [
        f"cfl sweep product_centric --lever service.greet_waiting=false,true -n 5 {SHORT}",
        f"cfl sweep product_centric --lever business.staff=3,4 -n 5 {SHORT}",
        "cfl sweep product_centric --lever service.training_level=0.1,0.5,0.9 -n 5 "
        f"{DAYS}",
    ],
    "yes_and": [
        "cfl sweep customer_oriented --lever service.script_flexibility=0,1 "
        f"--lever service.training_level=0.2,0.8 -n 5 {DAYS}"
    ],
    "small_talk": [
        "cfl sweep client_centric --lever service.script_flexibility=0,0.5,1 -n 5 "
        f"{DAYS}"
    ],
    "vocabulary": [
        "cfl sweep customer_oriented --lever "
        f"customers.expectation_spread=0.3,0.7,1.5 -n 5 {DAYS}",
        "cfl presets",
    ],
    "dislikes": [f"cfl compare product_centric client_centric -n 5 {DAYS}"],
    "explain": [
        "cfl sweep product_centric --lever service.training_level=0.1,0.5,0.9 -n 5 "
        f"{DAYS}"
    ],
    "complaints": [
        "cfl save customer_oriented put_right.toml --name put-right "
        "--set service.recovery=true",
        "cfl compare customer_oriented put_right.toml -n 5 "
        f"--set customers.complaint_chance={SPEAK_UP:g} {DAYS}",
        "cfl sweep customer_oriented --lever service.recovery_cost=100,350,700 "
        f"--set service.recovery=true --set customers.complaint_chance={SPEAK_UP:g} "
        f"-n 5 {DAYS}",
    ],
}
"""The command lines of each game's simulator step, as the guide prints them."""

WAITS = """
```python
from simulations import Scenario, single_run
from simulations.present import plots

shop = Scenario.preset("product_centric").copy(
    **{"business.days": 120, "business.warmup_days": 30}
)
run = single_run(shop, record_visits=True)
fig = plots.wait_distribution(run)
print(run.kpis["share_low"], run.kpis["share_standard"], run.kpis["share_wow"])
```
"""
"""A figure of one run's waits with the service standard marked (role-play)."""

COST = """
```python
from simulations.analytic import cost_of_lost_customer

cost = cost_of_lost_customer(
    first_year_sales=10_000, annual_growth=2_000, years=5, margin=0.20
)
assert cost.sales_lost == 70_000 and cost.profit_lost == 14_000  # [A4]'s example
print(cost.yearly_sales)  # change the four numbers to the room's own
```
"""
"""[A4]'s worked example as a cell (cost of a lost customer)."""


# ---------------------------------------------------------------- helpers
def _block(lines: list[str]) -> str:
    return "\n```bash\n" + "\n".join(lines) + "\n```\n"


def _runs(lines: list[str]) -> list:
    """The results of the lines that run the model (not ``params``, ``presets``)."""
    runnable = [ln for ln in lines if ln.split()[1] in ("compare", "sweep", "save")]
    return run(runnable)


def _seconds(minutes: float) -> str:
    return f"{60 * minutes:.0f} s"


def _means(table: pd.DataFrame, lever: str, kpis: list[str]) -> pd.DataFrame:
    return table.groupby(lever)[kpis].mean()


def _levels(means: pd.Series, kpi: str, fmt=None) -> str:
    """'0: 12%, 10: 14%, 30: 18%' for a sweep's means of one measure."""
    fmt = fmt or (lambda x: f"{x:g}")
    return ", ".join(f"{fmt(k)}: {value(kpi, v)}" for k, v in means.items())


def _steadily(series: pd.Series) -> str:
    steps = series.diff().dropna()
    if (steps > 0).all():
        return "rose at every step"
    if (steps < 0).all():
        return "fell at every step"
    return "did not move the same way at every step"


def _against(result: Comparison, kpis: list[str]) -> str:
    alt = next(iter(result.alternatives))
    return "; ".join(Difference.of(result, alt, k).sentence for k in kpis)


# ---------------------------------------------------------------- the games
def _cost() -> str:
    (result,) = _runs(LINES["cost"])
    return (
        COST
        + _block(LINES["cost"])
        + "\nIn a run of this command, the client-centric business against the "
        f"product-centric one: {_against(result, ['churn_rate', 'value_created'])}.\n"
    )


def _leave() -> str:
    (table,) = _runs(LINES["leave"])
    lever = "customers.people_told"
    means = _means(table, lever, ["deterred", "active_customers"])
    return (
        _block(LINES["leave"])
        + f"\nThe model's lost customer tells {TOLD:g} people (an assumption; use the "
        "room's own figure from question 7). In a run of the sweep, by people told: "
        f"prospects put off {_levels(means['deterred'], 'deterred')}; active customers "
        f"at the end {_levels(means['active_customers'], 'active_customers')}.\n"
    )


def _roleplay() -> str:
    greet, staff, training = _runs(LINES["roleplay"])
    kpis = ["service_level", "mean_wait", "share_low", "profit"]
    g = _means(greet, "service.greet_waiting", kpis)
    s = _means(staff, "business.staff", kpis)
    t = _means(training, "service.training_level", ["share_wow"])
    yes_no = {False: "off", True: "on"}
    return (
        "\nRun the three businesses as in Demo 1, then draw the waits of one run with "
        "the standard marked as a red line:\n"
        + WAITS
        + "\nThen change one lever at a time, greeting first, then one more member of "
        "staff, then training:\n"
        + _block(LINES["roleplay"])
        + "\nIn a run of these sweeps (means of 5 runs): greeting "
        + ", ".join(
            f"{yes_no[bool(k)]}: served within the standard "
            f"{value('service_level', r['service_level'])}, mean wait "
            f"{_seconds(r['mean_wait'])}, low visits "
            f"{value('share_low', r['share_low'])}"
            for k, r in g.iterrows()
        )
        + "; staff "
        + ", ".join(
            f"{k}: mean wait {_seconds(r['mean_wait'])}, profit "
            f"{value('profit', r['profit'])}"
            for k, r in s.iterrows()
        )
        + f"; WOW visits by training level {_levels(t['share_wow'], 'share_wow')}.\n"
    )


def _yes_and() -> str:
    (table,) = _runs(LINES["yes_and"])
    keys = ["service.script_flexibility", "service.training_level"]
    means = table.groupby(keys)["profit"].mean()

    def name(point: tuple) -> str:
        return f"freedom {point[0]:.0%} with training {point[1]:.0%}"

    return (
        _block(LINES["yes_and"])
        + "\nIn a run of this sweep (means of 5 runs), profit: "
        + ", ".join(f"{name(p)} {value('profit', v)}" for p, v in means.items())
        + f". Worst: {name(means.idxmin())}; best: {name(means.idxmax())}.\n"
    )


def _small_talk() -> str:
    (table,) = _runs(LINES["small_talk"])
    lever = "service.script_flexibility"
    means = _means(table, lever, ["share_wow", "active_customers"])
    effect = Scenario().service.flexibility_effect
    pct = lambda x: f"freedom {x:.0%}"  # noqa: E731
    return (
        _block(LINES["small_talk"])
        + f"\nFull freedom with full training adds {effect:g} quality points to a visit "
        "(an assumption of the model). In a run of this sweep (means of 5 runs): WOW "
        f"visits {_levels(means['share_wow'], 'share_wow', pct)}; active customers at the "
        f"end {_levels(means['active_customers'], 'active_customers', pct)}.\n"
    )


def _vocabulary() -> str:
    (table,) = _runs(LINES["vocabulary"])
    lever = "customers.expectation_spread"
    means = _means(table, lever, ["share_low", "share_wow"])
    return (
        _block(LINES["vocabulary"])
        + "\nIn a run of the sweep (means of 5 runs), as the spread of expectations "
        f"grew, low visits {_steadily(means['share_low'])} "
        f"({_levels(means['share_low'], 'share_low')}) and WOW visits "
        f"{_steadily(means['share_wow'])} ({_levels(means['share_wow'], 'share_wow')}). "
        "The second command shows that only the client-centric business serves key "
        "customers first.\n"
    )


def _dislikes() -> str:
    (result,) = _runs(LINES["dislikes"])
    chance = Scenario().customers.complaint_chance
    return (
        _block(LINES["dislikes"])
        + f"\nThe model's chance of complaining after a low visit is {chance:.0%} (an "
        f"assumption), so about {(1 - chance) / chance:.0f} low visits stay silent for "
        "each complaint: the assumption turned round, not a finding. In a run of this "
        "command, the client-centric business against the product-centric one: "
        f"{_against(result, ['share_low', 'churn_rate'])}.\n"
    )


def _explain() -> str:
    (table,) = _runs(LINES["explain"])
    lever = "service.training_level"
    means = _means(table, lever, ["share_wow", "profit"])
    pct = lambda x: f"training {x:.0%}"  # noqa: E731
    return (
        _block(LINES["explain"])
        + f"\nIn a run of this sweep (means of 5 runs): WOW visits "
        f"{_levels(means['share_wow'], 'share_wow', pct)}; profit "
        f"{_levels(means['profit'], 'profit', pct)}. Training costs "
        f"{money(Scenario().economics.training_cost)} a day of full training for "
        "each member of staff (an assumption).\n"
    )


def _complaints() -> str:
    _, result, table = _runs(LINES["complaints"])
    lever = "service.recovery_cost"
    means = _means(table, lever, ["profit", "value_created"])
    without = float(next(iter(result.all.values())).kpis["value_created"].mean())
    s = Scenario().service
    price = lambda x: f"at {money(x)} a complaint"  # noqa: E731
    return (
        _block(LINES["complaints"])
        + f"\nThe first lines turn on putting complaints right (it works "
        f"{s.recovery_success:.0%} of the time; {s.recovery_wow:.0%} of the recoveries "
        f"that work end in a WOW; each complaint costs {money(s.recovery_cost)}: "
        "assumptions of the model), in a business where half the unhappy customers "
        "speak up. In a run of the comparison, with recovery against without: "
        f"{_against(result, ['churn_rate', 'lost_customers', 'profit', 'value_created'])}"
        ". In a run of the sweep (means of 5 runs), value created "
        f"{_levels(means['value_created'], 'value_created', price)}, against "
        f"{value('value_created', without)} without recovery; profit "
        f"{_levels(means['profit'], 'profit', price)}.\n"
    )


def games_texts() -> dict[str, str]:
    """Every computed text of the guide's section on the games, by key."""
    return {
        "games.cost": _cost(),
        "games.leave": _leave(),
        "games.roleplay": _roleplay(),
        "games.yes_and": _yes_and(),
        "games.small_talk": _small_talk(),
        "games.vocabulary": _vocabulary(),
        "games.dislikes": _dislikes(),
        "games.explain": _explain(),
        "games.complaints": _complaints(),
    }
