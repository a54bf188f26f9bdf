"""The exercise checks: right answers pass, typical mistakes get a useful hint,
and no input, however odd, makes a check raise.

Right answers are worked out here from the public API with each task's
numbers, independently of the check's own code. Checks that run comparisons
are marked ``slow``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from exercises import checks
from exercises.checks import m03_economics_of_loyalty, runs
from exercises.feedback import Feedback
from simulations import Scenario, single_run
from simulations import analytic as an
from simulations.experiments import compare
from simulations.present.labels import setting
from simulations.present.plots import mean_breakdown
from simulations.present.words import currency

# ------------------------------------------------------------------ helpers
RIGHT, WRONG, OPEN = "right", "wrong", "open"


def verdict(task: str, answer: Any) -> Feedback:
    feedback = checks.CHECKS[task](answer)
    assert isinstance(feedback, Feedback)
    assert feedback.status in (RIGHT, WRONG, OPEN)
    assert feedback.message
    return feedback


def assert_right(task: str, answer: Any) -> None:
    feedback = verdict(task, answer)
    assert feedback.status == RIGHT, feedback


def assert_wrong(task: str, answer: Any, *words: str) -> None:
    """Wrong, and the message names every word (case-insensitive)."""
    feedback = verdict(task, answer)
    assert feedback.status == WRONG, feedback
    for word in words:
        assert word.lower() in feedback.message.lower(), (word, feedback.message)


@pytest.fixture(scope="module")
def short_runs() -> dict[str, Any]:
    """Replication 0 of each preset over the exercises' short horizon."""
    return {
        name: single_run(
            Scenario.preset(name).copy(**checks.SHORT_RUN), record_visits=True
        )
        for name in ("product_centric", "customer_oriented", "client_centric")
    }


def paired(base: Scenario, alt: Scenario):
    """The comparison a student runs with the public API."""
    return compare(
        base,
        [alt],
        checks.REPLICATIONS,
        kpis=["profit", "churn_rate"],
        workers=1,
        progress=False,
    )


def pays(cmp) -> str:
    row = cmp.table.loc[(next(iter(cmp.alternatives)), "profit")]
    if row["ci_low"] > 0:
        return "yes"
    return "no" if row["ci_high"] < 0 else "unclear"


# ------------------------------------------------------------------ every check
ODD_INPUTS = [
    None,
    ...,
    "",
    "   ",
    "seventy",
    "12,5",
    [1, 2],
    (0.5,),
    {"a": 1},
    {1, 2},
    float("nan"),
    float("inf"),
    -1,
    True,
    np.float64(0.3),
    np.int64(3),
    np.array([1.0, 2.0]),
    object(),
    Scenario(),
]


@pytest.mark.parametrize("task", list(checks.CHECKS))
def test_blank_is_open(task: str) -> None:
    assert verdict(task, ...).status == OPEN
    assert verdict(task, None).status == OPEN
    assert checks.CHECKS[task]().status == OPEN  # called with no answer at all


@pytest.mark.parametrize("task", list(checks.CHECKS))
def test_odd_inputs_never_raise(task: str) -> None:
    for answer in ODD_INPUTS:
        if isinstance(answer, Scenario) and checks.CHECKS[task].kind == "scenario":
            continue  # a real scenario is a real answer: judged in its own tests
        feedback = verdict(task, answer)
        assert feedback.task.startswith(task + " ")


@pytest.mark.parametrize("task", list(checks.CHECKS))
def test_wrong_type_gets_a_clear_message(task: str) -> None:
    kind = checks.CHECKS[task].kind
    if kind == "number":
        assert_wrong(task, "seventy", "expected a number", "text")
        assert_wrong(task, [1, 2], "expected a number", "list")
        assert_wrong(task, float("nan"), "nan")
        assert_wrong(task, "189000", "without quotes")
    elif kind == "whole":
        assert_wrong(task, "seventy", "whole number", "text")
        assert_wrong(task, [1, 2], "whole number", "list")
        assert_wrong(task, 2.5, "whole number")
        assert_wrong(task, "6", "without quotes")
    elif kind == "choice":
        assert_wrong(task, 42, "as text")
        assert_wrong(task, ["b"], "as text")
        assert_wrong(task, "zzz", "not an option")
    elif kind == "text":
        assert_wrong(task, 42, "text in quotes")
        assert_wrong(task, ["an answer"], "text in quotes")
        assert verdict(task, "  ").status == OPEN
    elif kind == "scenario":
        assert_wrong(task, "my scenario", "expected your scenario", "text")
        assert_wrong(task, [1, 2], "expected your scenario", "list")
        assert_wrong(task, 4, "expected your scenario")
    else:  # pragma: no cover - a new kind needs its own test
        pytest.fail(f"unknown kind {kind!r}")


SHAPELESS = {
    "a scenario": Scenario(),
    "a table": pd.DataFrame({"profit": [1.0, 2.0]}),
    "a list of 50 items": list(range(50)),
    "a dict of 1 item": {"business.staff": Scenario()},
}
"""Answers of a wrong type whose full printout would bury the hint."""


@pytest.mark.parametrize("task", list(checks.CHECKS))
def test_a_wrong_type_gets_one_short_line(task: str) -> None:
    """Never a printout of the object (or a traceback): one line, a few words."""
    kind = checks.CHECKS[task].kind
    for words, answer in SHAPELESS.items():
        if kind == "scenario" and words in ("a scenario", "a dict of 1 item"):
            continue  # a scenario task reads these (and runs them)
        if kind == "text":
            continue  # free text takes only text, and says so
        feedback = verdict(task, answer)
        assert feedback.status == WRONG, (task, words, feedback)
        assert "\n" not in feedback.message and len(feedback.message) < 240, feedback
        assert "Scenario(" not in feedback.message, feedback
        if kind in ("number", "whole", "choice"):
            assert words in feedback.message, (words, feedback.message)


def test_every_task_is_registered_in_order() -> None:
    numbers = list(checks.TASKS)
    modules = sorted({int(n.split(".")[0]) for n in numbers})
    assert modules == list(range(1, 10))
    for module in modules:
        tasks = checks.all_tasks(module)
        assert [int(t.split(".")[1]) for t in tasks] == list(range(1, len(tasks) + 1))
    for number, check in checks.CHECKS.items():
        assert check.__name__ == f"check_{number.replace('.', '_')}"
        assert getattr(checks, check.__name__) is check


# ------------------------------------------------------------------ module 01
def test_1_choices() -> None:
    assert_right("1.1", "customer-oriented")
    assert_right("1.1", "  Customer-Oriented ")
    assert_wrong("1.1", "client-centric", "management")
    assert_wrong("1.1", "product-centric", "staff")
    assert_right("1.2", "b")
    assert_wrong("1.2", "a", "value")
    assert_right("1.3", "client-centric")
    assert_wrong("1.3", "customer-oriented", "reactive")


@pytest.mark.slow
def test_1_4_reads_the_paired_wait() -> None:
    base = Scenario.preset("product_centric").copy(**checks.SHORT_RUN)
    alt = Scenario.preset("client_centric").copy(**checks.SHORT_RUN)
    cmp = compare(
        base, [alt], checks.REPLICATIONS, kpis=["mean_wait"], workers=1, progress=False
    )
    row = cmp.table.loc[("client-centric", "mean_wait")]
    assert row["ci_low"] > 0  # the client-centric customers clearly wait longer
    assert_right("1.4", "worse")
    assert_right("1.4", " Worse ")
    assert_wrong("1.4", "better", "higher is worse")
    assert_wrong("1.4", "no clear difference", "include zero")


@pytest.mark.parametrize("task", ["1.5", "2.5", "5.5", "8.5"])
def test_free_text(task: str) -> None:
    feedback = verdict(task, "We are product-centric: scripts everywhere.")
    assert feedback.status == RIGHT
    assert "model answer" in feedback.message
    assert verdict(task, "...").status == OPEN


# ------------------------------------------------------------------ module 02
def test_2_choices() -> None:
    assert_right("2.1", "b")
    assert_wrong("2.1", "a", "well")
    assert_right("2.2", "retention")
    assert_wrong("2.2", "attraction", "module 02", "discounts")


@pytest.mark.slow
def test_2_3_where_the_gain_comes_from() -> None:
    product = checks.short_preset("product_centric")
    client = checks.short_preset("client_centric")
    cmp = compare(
        product,
        [client],
        checks.REPLICATIONS,
        workers=1,
        progress=False,
        kpis=["profit"],
    )
    gap = mean_breakdown(cmp.alternatives[client.name]) - mean_breakdown(cmp.baseline)
    gap = gap.drop("profit")
    assert gap.idxmax() == "gross_margin"  # not the saving on advertising
    assert 0 < gap["attraction"] < gap["gross_margin"]
    for line in ("service", "retention", "winback"):
        assert gap[line] < 0  # it spends more on three directions
    assert_right("2.3", "b")
    assert_right("2.3", " B ")
    assert_wrong("2.3", "a", "advertising is one line", "largest")
    assert_wrong("2.3", "c", "costs in the table")
    table = checks.m02_four_directions.breakdown_table()
    assert list(table.columns) == [product.name, client.name]
    money = currency()
    assert table.map(lambda text: text == "0" or text.endswith(money)).all().all()


@pytest.mark.slow
def test_2_4_stop_the_programme_and_the_campaign() -> None:
    base = checks.short_preset("client_centric", checks.COMPARE_RUN)
    cut = base.copy(
        "cut",
        **{"retention.loyalty_programme": False, "winback.campaign": False},
    )
    cmp = compare(
        base,
        [cut],
        checks.REPLICATIONS,
        kpis=["profit", "value_created", "active_customers"],
        workers=1,
        progress=False,
    )
    t = cmp.table
    assert t.loc[("cut", "profit"), "ci_low"] > 0  # more profit without them
    assert t.loc[("cut", "value_created"), "ci_low"] > 0  # and more value created
    assert t.loc[("cut", "active_customers"), "ci_high"] < 0  # but fewer customers
    assert checks.CUT_OPTIONS == ("stop", "keep", "test")
    assert_right("2.4", "stop")
    assert_wrong("2.4", "keep", "value created")  # the tempting row is not all
    assert_wrong("2.4", "test", "both rows")
    table = checks.m02_four_directions.cut_table()
    assert "verdict" not in table.columns  # the learner judges
    assert not table.to_string().count("clearly")


# ------------------------------------------------------------------ module 03
def test_3_1_and_3_2_lost_customer() -> None:
    sales = sum(24_000 + 3_000 * k for k in range(6))
    profit = 0.15 * sales
    assert_right("3.1", sales)
    five_years = sum(24_000 + 3_000 * k for k in range(5))
    seven_years = sum(24_000 + 3_000 * k for k in range(7))
    assert_wrong("3.1", five_years, "off by a year")
    assert_wrong("3.1", seven_years, "off by a year")
    assert_wrong("3.1", 24_000 * 6, "grow")
    assert_wrong("3.1", sum(27_000 + 3_000 * k for k in range(6)), "first year")
    assert_wrong("3.1", profit, "profit")
    assert_right("3.2", profit)
    assert_wrong("3.2", sales, "margin")
    assert_wrong("3.2", 15 * sales, "0.15")
    assert_wrong("3.2", 0.15 * five_years, "off by a year")


CLV = {"m": 180.0, "r": 0.75, "d": 0.08}


def _clv_forms() -> dict[str, float]:
    m, r, d = CLV["m"], CLV["r"], CLV["d"]
    return {
        "3.3": m * (1 + d) / (1 + d - r),
        "3.4": m * r / (1 + d - r),
        "3.5": m / (1 + d - r),
        "3.6": sum(m * r**t / (1 + d) ** t for t in range(5)),
    }


def test_3_3_to_3_6_clv_forms() -> None:
    forms = _clv_forms()
    for task, value in forms.items():
        assert_right(task, value)
        assert_right(task, round(value, 2))
    # the wrong formula variant is named
    assert_wrong("3.3", forms["3.4"], "first payment next period")
    assert_wrong("3.3", forms["3.5"], "end of the period")
    assert_wrong("3.4", forms["3.3"], "first payment today")
    assert_wrong("3.5", forms["3.4"], "next period")
    assert_wrong("3.4", forms["3.6"], "truncated")
    m, r = CLV["m"], CLV["r"]
    assert_wrong("3.3", m / (1 - r), "discount")
    # the horizon: off by a year, or no horizon at all
    four = sum(m * r**t / (1 + CLV["d"]) ** t for t in range(4))
    assert_wrong("3.6", four, "off by a year")
    assert_wrong("3.6", forms["3.3"], "without a horizon")
    assert_wrong("3.6", forms["3.6"] / (1 + CLV["d"]), "not discounted")


def test_3_7_retention_uplift() -> None:
    def value(r: float, d: float = 0.08) -> float:
        return r / (1 + d - r)

    rise = value(0.90) / value(0.85) - 1
    assert_right("3.7", rise)
    assert_wrong("3.7", 100 * rise, "percentage")
    assert_wrong("3.7", 1 + rise, "ratio")
    now = (1.08 / (1.08 - 0.90)) / (1.08 / (1.08 - 0.85)) - 1
    assert_wrong("3.7", now, "existing customer")
    assert_wrong("3.7", value(0.90, 0.0) / value(0.85, 0.0) - 1, "discount")
    assert_wrong("3.7", 0.05, "rise in retention")


def test_3_choices() -> None:
    assert_right("3.8", "b")
    assert_wrong("3.8", "a", "firm")
    assert_right("3.9", "b")
    assert_wrong("3.9", "a", "primary study")


@pytest.mark.slow
def test_3_10_does_the_programme_pay() -> None:
    base = checks.retention_base()
    alt = base.copy(
        "two percent",
        **{
            "retention.loyalty_programme": True,
            "retention.eligible_from": "regular",
            "retention.discount": 0.02,
        },
    )
    cmp = compare(
        base,
        [alt],
        checks.REPLICATIONS,
        kpis=["profit", "value_created"],
        workers=1,
        progress=False,
    )
    profit = cmp.table.loc[("two percent", "profit")]
    value = cmp.table.loc[("two percent", "value_created")]
    assert profit["ci_high"] < 0  # the discount to every member costs profit
    assert value["ci_low"] < 0 < value["ci_high"]  # value created: not proven
    assert_right("3.10", "unclear")
    assert_right("3.10", " Unclear ")
    assert_wrong("3.10", "yes", "whole interval", "above zero")
    assert_wrong("3.10", "no", "value-created row")
    assert "beyond the horizon" in verdict("3.10", "unclear").message


def test_3_10_a_free_programme_changes_nothing() -> None:
    """The artefact the old task taught is gone: giving nothing keeps nobody."""
    from simulations.model.customers import member_leave_factor

    free = checks.retention_base().copy(
        **{
            "retention.loyalty_programme": True,
            "retention.discount": 0.0,
            "retention.cost_per_member": 0.0,
        }
    )
    assert member_leave_factor(free) == 1.0
    assert m03_economics_of_loyalty.PROGRAMME["retention.discount"] > 0


# ------------------------------------------------------------------ module 04
def test_4_1_and_4_2_erlang_c() -> None:
    levels = {c: an.erlang_c(0.9, 4.0, c, 0.5).service_level for c in range(4, 10)}
    smallest = min(c for c, level in levels.items() if level >= 0.8)
    assert_right("4.1", smallest)
    assert_wrong("4.1", smallest + 1, "smallest", "in turn")
    assert_wrong("4.1", smallest - 1, "smallest", "in turn")
    # Too few and too many get the same words: two tries cannot bracket the answer.
    below = verdict("4.1", smallest - 1).message.replace(str(smallest - 1), "N")
    above = verdict("4.1", smallest + 1).message.replace(str(smallest + 1), "N")
    assert below == above
    assert_wrong("4.1", 3, "grows without end")
    assert_wrong("4.1", 0, "at least 1")
    result = an.erlang_c(0.9, 4.0, smallest, 0.5)
    assert_right("4.2", result.service_level)
    assert_right("4.2", round(result.service_level, 2))  # two decimals will do
    assert_wrong("4.2", 100 * result.service_level, "percentage")
    assert_wrong("4.2", 1 - result.p_wait, "do not wait")
    assert_wrong("4.2", levels[smallest + 1], f"{smallest + 1} staff")
    # a percentage: a clear message, never "too high", and no answer or formula shown
    for typed in (85, "85%", round(100 * result.service_level)):
        message = verdict("4.2", typed).message
        assert "percentage" in message and "too high" not in message, message
        assert "erlang_c(" not in message
    assert verdict("4.2", "85%").message.endswith("0.85")
    wrong = verdict("4.2", 0.5).message
    assert "erlang_c(" not in wrong and f"{result.service_level:.3}" not in wrong
    right_4_1 = verdict("4.1", smallest).message
    assert f"{result.service_level:.1%}" not in right_4_1  # 4.1 does not give away 4.2


def test_4_3_cheapest_staffing() -> None:
    office = checks.ticket_office()
    # the worked search: Erlang C over staff and training in steps of 0.1
    rate = office.attraction.prospects_per_day / (office.business.open_hours * 60)
    best = None
    for staff in range(1, 20):
        for step in range(11):
            service = office.business.service_time * (1 - 0.15 * step / 10)
            if rate * service >= staff:
                continue
            if an.erlang_c(rate, service, staff, 0.5).service_level >= 0.8:
                e = office.economics
                cost = staff * (e.staff_cost + e.training_cost * step / 10)
                if best is None or cost < best[0]:
                    best = (cost, staff, step / 10)
    assert best is not None
    _, staff, training = best
    answer = {"business.staff": staff, "service.training_level": training}
    assert_right("4.3", answer)
    assert_right("4.3", office.copy("mine", **answer))
    assert_right("4.3", checks.m04_service_levels.staffing(staff, training))
    costs = checks.m04_service_levels.office_costs()
    wage = setting("economics.staff_cost", office.economics.staff_cost)
    assert wage in costs and "15%" in costs  # from the scenario
    untrained = [
        s
        for s in range(1, 20)
        if rate * 8.0 < s and an.erlang_c(rate, 8.0, s, 0.5).service_level >= 0.8
    ]
    fine_but_dear = min(untrained)
    assert_wrong("4.3", {"business.staff": fine_but_dear}, "cheaper", "Erlang C")
    assert_wrong("4.3", {"business.staff": staff - 1}, "only", "Erlang C")
    assert_wrong("4.3", {"business.staff": 3}, "only")  # unstable queue: 0%
    assert_wrong("4.3", answer | {"business.open_hours": 12.0}, "change only")
    assert_wrong("4.3", {"business.staff": 0}, "refuses", "business.staff")
    assert_wrong("4.3", {"service.training_level": 1.5}, "training_level")


def test_4_choices() -> None:
    assert_right("4.4", "standard")
    assert_wrong("4.4", "wow", "exceeds")
    assert_wrong("4.4", "low", "unmet")
    assert_right("4.5", "b")
    assert_wrong("4.5", "a", "start", "module 04")
    assert_wrong("4.5", "c", "contact")


# ------------------------------------------------------------------ module 05
def test_5_1_ladder() -> None:
    assert_right("5.1", "b")
    assert_wrong("5.1", "a", "regular")
    assert_wrong("5.1", "c", "threshold")
    # the rule the task teaches, from the model itself
    from simulations.model.customers import Customer, Rules

    rules = Rules.from_scenario(Scenario())
    her = Customer(0, 40.0, 7.0, "organic", 0.0, False)
    for _ in range(6):
        her.judge(7.0, 0.0, True, rules)  # exactly what she expected
        her.move_on_ladder(rules)
    assert her.phase == "regular"


def test_5_2_break_even_contact() -> None:
    value = 120 / (1 + 0.10 - 0.6)
    assert_right("5.2", 0.25 * value)
    assert_wrong("5.2", value, "does every contact")
    assert "one contact in" not in verdict("5.2", value).message  # no ratio given
    assert_wrong("5.2", 0.25 * 120 * 1.1 / 0.5, "end of the first year")
    assert_wrong("5.2", 0.25 * 120 * 0.6 / 0.5, "for sure")
    assert_wrong("5.2", value / 0.25, "multiply")


@pytest.mark.slow
@pytest.mark.parametrize("task", ["5.3", "5.4"])
def test_5_3_and_5_4_does_win_back_pay(task: str) -> None:
    preset, cost = checks.WINBACK_TASKS[task]
    off, on = checks.winback_pair(preset, cost)
    assert off.winback.campaign is False
    assert on.winback.campaign is True
    assert on.winback.cost_per_contact == cost
    right = pays(paired(off, on))
    assert_right(task, right)
    assert "interval" in verdict(task, right).message
    for other in {"yes", "no", "unclear"} - {right}:
        assert_wrong(task, other, "interval")
    table = checks.m05_loyalty_phases.winback_table(preset, cost)
    assert "verdict" not in table.columns  # no verdict above the judgement
    assert "clearly" not in table.to_string()


# ------------------------------------------------------------------ module 06
def _margins(run) -> np.ndarray:
    margin = run.customers["margin"].to_numpy(float)
    return np.sort(margin[margin > 0])[::-1]


def _top(values: np.ndarray, share: float) -> float:
    n = round(share * len(values))
    return float(values[:n].sum() / values.sum())


def test_6_1_and_6_2_pareto(short_runs: dict[str, Any]) -> None:
    run = short_runs[checks.PARETO_PRESET]
    margins = _margins(run)
    top20, top10 = _top(margins, 0.2), _top(margins, 0.1)
    assert_right("6.1", top20)
    assert_right("6.1", top20 + 0.01)  # read off the curve: close is enough
    assert_wrong("6.1", 100 * top20, "percentage")
    assert_wrong("6.1", 0.8, "rule of thumb")
    everyone = np.sort(run.customers["margin"].to_numpy(float))[::-1]
    if abs(_top(everyone, 0.2) - top20) > 0.015:
        assert_wrong("6.1", _top(everyone, 0.2), "brought some margin")
    assert_right("6.2", top10)
    assert_wrong("6.2", top20, "top 10%")
    assert_wrong("6.2", 100 * top10, "percentage")


def test_6_3_measured_share() -> None:
    assert_right("6.3", "b")
    assert_wrong("6.3", "a", "sales", "profit")
    assert_wrong("6.3", "c", "far from equal")


@pytest.mark.slow
def test_6_4_key_customers_wait_less() -> None:
    runs = [
        single_run(checks.short_preset(checks.PRIORITY_PRESET), i, record_visits=True)
        for i in range(checks.REPLICATIONS)
    ]
    visits = pd.concat(
        [r.visits[r.visits["day"] >= r.warmup_days] for r in runs], ignore_index=True
    )
    key = visits.loc[visits["key"], "wait"].mean()
    others = visits.loc[~visits["key"], "wait"].mean()
    assert others > key  # priority works
    assert_right("6.4", others / key)
    assert_wrong("6.4", key / others, "key customers against the others")
    assert_wrong("6.4", others, "minutes")
    shown = checks.m06_valuable_customers.key_customer_visits()
    assert set(shown["run"]) == set(range(1, checks.REPLICATIONS + 1))


# ------------------------------------------------------------------ module 07
def test_7_1_nps() -> None:
    survey = list(checks.SURVEY)
    n = len(survey)
    promoters = sum(s >= 9 for s in survey) / n
    detractors = sum(s <= 6 for s in survey) / n
    score = 100 * (promoters - detractors)
    assert_right("7.1", score)
    assert_wrong("7.1", score / 100, "share")  # a share, not points
    passives_as_promoters = 100 * (sum(s >= 7 for s in survey) / n - detractors)
    assert_wrong("7.1", passives_as_promoters, "passives")
    seven_as_detractor = 100 * (promoters - sum(s <= 7 for s in survey) / n)
    assert_wrong("7.1", seven_as_detractor, "passive")
    assert_wrong("7.1", 100 * promoters, "subtract the detractors")
    assert_wrong("7.1", sum(survey) / n, "mean score")


def test_7_2_churn() -> None:
    assert_right("7.2", 90 / (1_200 * 3))
    assert_wrong("7.2", 90 / 1_200, "a month")
    assert_wrong("7.2", 100 * 90 / (1_200 * 3), "percentage")
    assert_wrong("7.2", 30, "divide by the active customers")


def test_7_3_hearing_more_changes_only_what_is_heard() -> None:
    from exercises.checks import m07_feedback_and_metrics as m07

    quiet, loud = (m07._complaint_kpis(c) for c in m07.COMPLAINT_CHANCES)
    assert loud["complaints"] > 2 * quiet["complaints"]
    low = lambda k: k["complaints"] + k["silent_dissatisfied"]  # noqa: E731
    assert low(loud) == low(quiet)  # per-customer streams: the same visits go badly
    assert loud["lost_customers"] == quiet["lost_customers"]
    assert m07.hearing_more() == "a"
    assert_right("7.3", "a")
    assert_wrong("7.3", "b", "customers lost")
    assert_wrong("7.3", "c", "without a complaint")
    assert "_" not in checks.complaint_counts().to_string()  # plain words


def test_7_choices() -> None:
    assert_right("7.4", "b")
    assert_wrong("7.4", "a", "without a complaint")
    assert_right("7.5", "a")
    assert_wrong("7.5", "b", "missing")


# ------------------------------------------------------------------ module 08
def test_8_choices() -> None:
    assert_right("8.1", "staff")
    assert_right("8.1", "Staff")
    assert_wrong("8.1", "skills", "people")
    assert_right("8.2", "structure")
    assert_wrong("8.2", "systems", "departments")
    assert_right("8.3", "a")
    assert_wrong("8.3", "c", "tool")


@pytest.mark.slow
def test_8_4_hire_or_train() -> None:
    base = Scenario.preset("product_centric").copy(**checks.SHORT_RUN)
    hire = paired(base, base.copy("hire", **{"business.staff": 4}))
    train = paired(base, base.copy("train", **{"service.training_level": 0.8}))
    assert pays(hire) == "no"  # a fourth salary for a short queue
    assert pays(train) == "yes"
    assert_right("8.4", "train")
    assert_right("8.4", "Train ")
    assert_wrong("8.4", "hire", "both parts of the goal", "'hire'")
    assert_wrong("8.4", "neither", "both moves")
    evidence = checks.people_evidence()
    assert set(evidence.index) == {"today", "hire", "train"}
    assert "clearly" in evidence.loc["train", "Profit"]


# ------------------------------------------------------------------ module 09
@pytest.mark.slow
def test_9_1_to_9_3_presets_side_by_side() -> None:
    product, client = checks.presets_pair()
    cmp = paired(product, client)
    row = cmp.table.loc[(client.name, "profit")]
    # The advertising no longer bought is a part of the gain, not all of it.
    months = (product.business.days - product.business.warmup_days) / 30
    saving = months * (
        product.attraction.acquisition_budget - client.attraction.acquisition_budget
    )
    assert 0 < saving < row["ci_low"]
    assert_right("9.1", "part")
    assert_wrong("9.1", "all", "no longer spent")
    assert_wrong("9.1", "none", "what is left")
    churn = cmp.table.loc[(client.name, "churn_rate"), "verdict"]
    word = churn.rsplit(": ", 1)[-1]
    assert_right("9.2", word)
    for other in set(checks.VERDICTS) - {word}:
        assert_wrong("9.2", other, "churn")
    expected = "a" if row["crn_narrowing"] >= 0.25 else "c"
    assert_right("9.3", expected)
    assert_wrong("9.3", "b", "not at the difference")
    assert_wrong("9.3", ({"a", "c"} - {expected}).pop(), "pairing")


@pytest.mark.slow
def test_9_4_policy() -> None:
    base = checks.policy_base()
    policy = {"service.training_level": 0.8, "service.script_flexibility": 0.6}
    assert pays(paired(base, base.copy("trained", **policy))) == "yes"
    assert_right("9.4", policy)
    assert_right("9.4", {"staff training": "80%", "freedom from scripts": "60%"})
    assert_wrong("9.4", {"business.staff": 4}, "loses money")
    assert_wrong("9.4", {"staf serving at once": 4}, "is not a lever")


def test_9_4_rules() -> None:
    base = checks.policy_base()
    assert_wrong("9.4", {}, "baseline itself")
    assert_wrong("9.4", base.copy("same"), "baseline itself")
    four = {
        "service.training_level": 0.8,
        "service.script_flexibility": 0.6,
        "business.staff": 4,
        "service.greet_waiting": False,
    }
    assert_wrong("9.4", four, "keep it to 3")
    assert_wrong("9.4", {"customers.patience": 60.0}, "not a policy")
    assert_wrong("9.4", {"business.staff": -1}, "refuses", "business.staff")


# ------------------------------------------------------------------ internals
def test_a_crashing_check_becomes_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(m03_economics_of_loyalty, "_lost", boom)
    feedback = checks.check_3_1(70_000)
    assert feedback.status == WRONG
    assert "could not be checked" in feedback.message
    assert "simulated failure" in feedback.message


def test_short_preset() -> None:
    s = checks.short_preset("client_centric")
    assert s.business.days == checks.SHORT_RUN["business.days"]
    assert s.business.warmup_days == checks.SHORT_RUN["business.warmup_days"]
    assert s.service.queue_discipline == "priority"


def test_a_failed_run_becomes_wrong_and_is_not_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_compare = compare

    def flaky(*args: Any, **kwargs: Any):
        def runner(scenario: Scenario, replication: int, record: bool):
            if replication == 1:
                raise OSError("disk full")
            return single_run(scenario, replication, record)

        return real_compare(*args, **kwargs, runner=runner)

    runs._compare_cached.cache_clear()
    monkeypatch.setattr(runs, "compare", flaky)
    base = checks.short_preset("customer_oriented")
    alt = base.copy("more training", **{"service.training_level": 0.8})
    with pytest.raises(RuntimeError, match="disk full"):
        checks.profit_comparison(base, alt)
    assert runs._compare_cached.cache_info().currsize == 0
    feedback = checks.check_9_2("better")
    assert feedback.status == WRONG
    assert "disk full" in feedback.message
    runs._compare_cached.cache_clear()
