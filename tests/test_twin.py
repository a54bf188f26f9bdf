"""Today's business as a twin of the export: posteriors, ids, files, limits, mix.

Statistical tests state their confidence level (99%) and draw from fixed
seeds, so that each either holds or fails for good.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import known_business
from scipy import stats

from simulations import Scenario, single_run
from simulations.analytic.customer_base import (
    BGNBD,
    conditional_expected,
    conditional_spend,
    p_alive,
)
from simulations.calibration import calibrate, to_scenario
from simulations.calibration.arrivals import new_customers
from simulations.calibration.service_mix import (
    PILOT_REPLICATIONS,
    _MixProbe,
    odds_ratios,
    service_mix,
    solve,
)
from simulations.cli import main
from simulations.i18n import language
from simulations.model.twin import posterior_traits
from simulations.parameters import Customers, ParameterError, Twin

CDNOW = {"r": 0.2426, "alpha": 4.414, "a": 0.7929, "b": 2.426}
SPEND = {"p": 6.25, "q": 3.744, "v": 15.44}
Z99 = stats.norm.ppf(0.995)

PROFILES = pd.DataFrame(
    {  # x, t_x, T (weeks) and mean repeat spend of four kinds of customer
        "x": [0, 2, 7, 1],
        "t_x": [0.0, 30.4, 35.0, 2.0],
        "T": [38.9, 38.9, 38.0, 36.0],
        "mean_spend": [0.0, 22.3, 40.0, 15.0],
    }
)


def twin_of(table: pd.DataFrame, **fit) -> Twin:
    """A twin of the given customers (ids 0, 1, ...) with the CDNOW fit."""
    n = len(table)
    full = table.assign(
        id=[str(i) for i in range(n)], first_purchase=pd.Timestamp("1997-01-01")
    )
    return Twin(
        customers=Twin.table(full),
        unit="week",
        start_date="1997-10-01",
        purchases=fit.get("purchases", CDNOW),
        spend=fit.get("spend", SPEND),
    )


def test_posterior_draws_match_their_closed_form_means():
    """Each posterior draw against its conditional mean, 99% intervals.

    P(alive | x, t_x, T) (Fader, Hardie & Lee 2008), the rate Gamma(r + x,
    alpha + T) and the drop-out chance Beta(a, b + x) of the active, and the
    mean spend p / nu with nu Gamma(p x + q, v + x z) (Fader, Hardie & Lee
    2005): 20,000 draws of each of four customers.
    """
    copies = 20_000
    table = PROFILES.loc[PROFILES.index.repeat(copies)].reset_index(drop=True)
    twin = twin_of(table)
    c = Customers()
    draws = posterior_traits(twin, c, np.random.default_rng(7))
    m = BGNBD.of(CDNOW)
    population_spend = SPEND["p"] * SPEND["v"] / (SPEND["q"] - 1.0)
    for k, row in PROFILES.iterrows():
        mine = slice(k * copies, (k + 1) * copies)
        alive = draws["alive"][mine]
        want = float(p_alive(m, row["x"], row["t_x"], row["T"]))
        half = Z99 * math.sqrt(want * (1 - want) / copies) + 1e-12
        assert abs(alive.mean() - want) <= half, ("alive", k)
        checks = {
            "rate": (
                draws["rate"][mine][alive] * m.mean_rate,
                (m.r + row["x"]) / (m.alpha + row["T"]),
            ),
            "drop-out": (
                draws["leave_scale"][mine][alive] * m.mean_drop,
                m.a / (m.a + m.b + row["x"]),
            ),
            "spend": (
                draws["value"][mine] * population_spend / c.spend_mean,
                float(conditional_spend(*SPEND.values(), row["x"], row["mean_spend"])),
            ),
        }
        for name, (values, mean) in checks.items():
            half = Z99 * values.std(ddof=1) / math.sqrt(len(values))
            assert abs(values.mean() - mean) <= half, (name, k, values.mean(), mean)


def test_the_twin_forecasts_the_conditional_expectation():
    """Without service feedback the twin is BG/NBD: each kind of customer's
    simulated purchases in 20 weeks against equation 10, 99% intervals."""
    copies = 600
    table = PROFILES.loc[PROFILES.index.repeat(copies)].reset_index(drop=True)
    scenario = to_scenario(
        CDNOW, SPEND, "week", initial_customers=0, prospects_per_day=0.0
    ).set(
        **{
            "customers.service_feedback": False,
            "customers.patience": math.inf,
            "business.staff": 20,
            "business.days": 140,
            "business.warmup_days": 0,
        }
    )
    scenario.twin = twin_of(table)
    bought = single_run(scenario).transactions()
    per_customer = (
        bought.groupby(["customer", "date"])
        .size()
        .groupby("customer")
        .size()
        .reindex([str(i) for i in range(len(table))], fill_value=0)
        .to_numpy()
    )
    expected = conditional_expected(
        BGNBD.of(CDNOW), PROFILES["x"], PROFILES["t_x"], PROFILES["T"], 20.0
    )
    for k in range(len(PROFILES)):
        mine = per_customer[k * copies : (k + 1) * copies]
        half = Z99 * mine.std(ddof=1) / math.sqrt(copies)
        assert abs(mine.mean() - expected[k]) <= half, (k, mine.mean(), expected[k])


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    """A year of a known business (service feedback off), as a CRM export."""
    business = known_business(
        4.0,
        **{
            "customers.service_feedback": False,
            "business.days": 300,
            "business.warmup_days": 0,
        },
    )
    business.seed = 3
    sales = single_run(business).transactions()
    return sales.assign(customer="A-" + sales["customer"].astype(str))


def test_ids_are_kept_and_new_ones_never_collide(export, tmp_path):
    until = pd.Timestamp("2026-09-30")
    cal = calibrate(export[export["date"] <= until], unit="week")
    scenario = cal.scenario(new_customers=3.0).copy(**{"business.days": 90})
    assert scenario.twin.start_date == "2026-10-01"
    assert scenario.customers.initial_customers == 0
    run = single_run(scenario)
    bought = run.transactions()
    assert bought["date"].min() >= pd.Timestamp("2026-10-01")
    export_ids = set(cal.summary.index)
    ours = bought["customer"].isin(export_ids)
    assert ours.mean() > 0.5 and (~ours).sum() > 50
    customers = run.customers
    newcomers = customers[customers["origin"] != "twin"]
    assert newcomers["id"].is_unique and not set(newcomers["id"]) & export_ids
    assert set(customers.loc[customers["origin"] == "twin", "id"]) == export_ids
    # Through the command line: the saved scenario's run writes the same ids.
    saved = tmp_path / "today.toml"
    scenario.to_toml(saved)
    assert (tmp_path / "today.customers.csv").exists()
    out = tmp_path / "sim.csv"
    argv = ["run", str(saved), "-n", "1", "-w", "1", "-q", "--no-plots"]
    assert main([*argv, "-o", str(tmp_path / "run"), "--transactions", str(out)]) == 0
    written = pd.read_csv(out, dtype={"customer": str})
    assert written["date"].min() >= "2026-10-01"
    assert len(written) == len(bought)
    assert set(written["customer"]) == set(bought["customer"])


def test_fresh_ids_avoid_the_exports():
    assert Twin.fresh_ids(pd.Series(["007", "12"]), 2) == ["13", "14"]
    assert Twin.fresh_ids(pd.Series(["new-3", "new--1", "x"]), 2) == [
        "new---1",
        "new---2",
    ]


def test_saved_twin_reads_back_and_runs_the_same(export, tmp_path):
    cal = calibrate(export, unit="week")
    scenario = cal.scenario(service_feedback=False).copy(**{"business.days": 60})
    path = tmp_path / "twin.toml"
    scenario.to_toml(path)
    again = Scenario.from_toml(path)
    assert again.to_dict() == scenario.to_dict()
    assert single_run(again).kpis == single_run(scenario).kpis
    # A changed customers file is noticed; a broken one names row and column.
    table = tmp_path / "twin.customers.csv"
    text = table.read_text()
    lines = text.splitlines()
    first = lines[1].split(",")
    first[-1] = "999.0"  # another mean spend for the first customer
    table.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n")
    with pytest.raises(ParameterError, match="has changed since the scenario"):
        Scenario.from_toml(path)
    lines = text.splitlines()
    lines[3] = lines[3].split(",", 1)[0] + ",two,1,2,2026-01-01,3"
    table.write_text("\n".join(lines) + "\n")
    data = path.read_text().replace("customers_digest", "# customers_digest")
    path.write_text(data)
    with pytest.raises(ParameterError, match=r"row 4, column 'x': 'two'"):
        Scenario.from_toml(path)
    with language("ru"), pytest.raises(ParameterError) as refused:
        Scenario.from_toml(path)
    assert "строка 4, столбец 'x': 'two' — не число ≥ 0" in str(refused.value)
    table.unlink()
    status = main(["run", str(path), "-q", "-n", "1", "-o", str(tmp_path / "o")])
    assert status == 2


def nbd_export(customers: int = 1500, seed: int = 4) -> pd.DataFrame:
    """Purchases of customers who never drop out (Gamma-Poisson), two years."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.8, 1 / 8.0, customers)  # purchases a week
    start = rng.uniform(0, 26, customers)
    rows = []
    for i in range(customers):
        times = start[i] + np.concatenate(
            [[0.0], np.cumsum(rng.exponential(1 / rate[i], 60))]
        )
        times = times[times < 104]
        nu = rng.gamma(4.0, 1 / 20.0)
        for when in times:
            rows.append((i, when, rng.gamma(5.0) / nu))
    frame = pd.DataFrame(rows, columns=["customer", "week", "amount"])
    frame["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        np.floor(frame["week"] * 7), unit="D"
    )
    return frame[["customer", "date", "amount"]]


def test_a_fit_at_the_boundary_forecasts_with_the_limit(tmp_path, capsys):
    """Nobody drops out: b runs off, and the forecast is NBD's, never negative."""
    sales = nbd_export()
    cal = calibrate(sales, until="2024-12-31", holdout_until="2025-12-28")
    assert cal.model.limit == "NBD (nobody drops out)"
    assert "b ran off" in cal.purchases.note or "a ran off" in cal.purchases.note
    assert set(cal.bgnbd.params) == {"r", "alpha"}
    assert cal.weakness() is None
    s = cal.summary
    weeks = (pd.Timestamp("2025-12-28") - pd.Timestamp("2024-12-31")).days / 7
    nbd = (cal.model.r + s["frequency"]) / (cal.model.alpha + s["T"]) * weeks
    assert cal.holdout.loc["total", "predicted"] == pytest.approx(nbd.sum())
    assert cal.holdout.loc["total", "predicted"] == pytest.approx(
        cal.holdout.loc["total", "actual"], rel=0.1
    )
    scenario = cal.scenario(service_feedback=False)
    assert scenario.customers.leave_after_standard == 0.0
    # Near the boundary the closed form stays finite, positive and below NBD.
    for b in (1e4, 1e9, 1e13):
        near = BGNBD(cal.model.r, cal.model.alpha, 0.8, b)
        found = conditional_expected(near, s["frequency"], s["recency"], s["T"], 50)
        assert np.all(np.isfinite(found)) and np.all(found >= 0)
        assert found.sum() <= nbd.sum() / weeks * 50 * (1 + 1e-9)
    path = tmp_path / "nbd.csv"
    sales.to_csv(path, index=False)
    columns = ["--customer", "customer", "--date", "date", "--amount", "amount"]
    argv = ["calibrate", str(path), *columns, "--until", "2024-12-31"]
    assert main([*argv, "--holdout-until", "2025-12-28"]) == 0
    printed = capsys.readouterr().out
    assert "limit: " in printed and "NBD (nobody drops out)" in printed


def test_new_customers_as_the_data_show_them():
    first = pd.to_datetime(
        pd.Series(["2026-01-02", "2026-02-01", "2026-03-10", "2026-03-25"])
    )
    until = pd.Timestamp("2026-03-31")
    found = new_customers(first, until, "recent", window_weeks=4)
    assert found.per_day == pytest.approx(2 / 28)
    assert "2 first purchases in the 28 days to 2026-03-31" in found.reason
    closed = new_customers(first, pd.Timestamp("2026-07-31"), "recent")
    assert closed.per_day == 0 and "no customer made a first purchase" in closed.reason
    assert new_customers(first, until, "none").per_day == 0
    assert new_customers(first, until, "2.5").per_day == 2.5
    with pytest.raises(ValueError, match="choose 'recent', 'none' or a number"):
        new_customers(first, until, "lots")


def test_no_chance_reaches_one_unless_the_mean_does():
    ratios = odds_ratios(Scenario())
    mix = np.array([0.6, 0.35, 0.05])  # a business with mostly low service
    for mean in (0.05, 0.25, 0.6, 0.9):
        found = solve(mean, mix, ratios)
        assert mix @ found == pytest.approx(mean)
        assert np.all(found < 1.0)
        odds = found / (1 - found)
        assert odds / odds[1] == pytest.approx(ratios)


def test_the_mix_mapping_reproduces_the_fitted_drop_out(export):
    """With service feedback on, fresh runs of the twin over the period the
    data cover (not those the mapping was solved on) give the fitted mean
    chance of leaving per repeat purchase, and pay the fitted mean spend.

    99% interval of the difference between the mean of 10 fresh runs and the
    mapping's own estimate of the mix (from PILOT_REPLICATIONS runs of the
    same length): ``t * sd * sqrt(1 / 10 + 1 / PILOT_REPLICATIONS)``.
    """
    cal = calibrate(export, unit="week")
    twin = cal.replay(cal.scenario())
    c = twin.customers
    chances = np.array([c.leave_after_low, c.leave_after_standard, c.leave_after_wow])
    means, paid = [], []
    for replication in range(100, 110):
        probe = _MixProbe(twin, replication)
        probe.run()
        means.append(float(probe.weights @ chances) / probe.own)
        paid.append(probe.paid / probe.purchases * c.spend_mean)
    target = cal.model.mean_drop
    fitted_spend = cal.gamma_gamma.params
    fitted_spend = fitted_spend["p"] * fitted_spend["v"] / (fitted_spend["q"] - 1)
    for values, want in ((means, target), (paid, fitted_spend)):
        mean, sd = np.mean(values), np.std(values, ddof=1)
        spread = math.sqrt(1 / len(values) + 1 / PILOT_REPLICATIONS)
        half = stats.t.ppf(0.995, len(values) - 1) * sd * spread
        assert abs(mean - want) <= half, (mean, half, want)
    assert service_mix(twin, days=30, replications=1).weights.sum() <= 1.0


def test_todays_business_from_a_file_checks_itself(export):
    """The lab's upload in one call: a twin of the whole file, checked on a
    twin fitted without its last 12 weeks; a short file: the period again."""
    from simulations.calibration.today import todays_business

    data = export.to_csv(index=False).encode()
    found = todays_business(data, replications=2)
    last = pd.Timestamp(export["date"].max())
    assert (
        found.scenario.twin.start_date
        == (last + pd.Timedelta(days=1)).date().isoformat()
    )
    assert found.check.holdout is not None and "last 12 weeks" in found.checked
    from simulations.i18n import language

    with language("ru"):  # said in the visitor's language, wherever it ran
        assert found.checked.startswith("Модель настроили без последних недель")
    assert found.check.holdout.actual > 0
    short = export[export["date"] < export["date"].min() + pd.Timedelta(days=200)]
    found = todays_business(short.to_csv(index=False).encode(), replications=2)
    assert found.check.holdout is None and "too short" in found.checked
    with pytest.raises(ValueError, match="cannot be trusted"):
        todays_business(short.head(40).to_csv(index=False).encode())


def test_a_scenario_from_elsewhere_may_name_no_file(export, tmp_path):
    """Text that came from an upload may not make the server read a file, and a
    customers file lies beside its scenario, never in another folder."""
    cal = calibrate(export, unit="week")
    path = tmp_path / "today.toml"
    cal.scenario(service_feedback=False).to_toml(path)
    text = path.read_text()
    with pytest.raises(ParameterError, match="read it from its own file"):
        Scenario.from_toml_text(text)
    for name in ("../today.customers.csv", "/etc/passwd", "..", ".hidden"):
        bad = text.replace('"today.customers.csv"', repr(name).replace("'", '"'))
        with pytest.raises(ParameterError, match="without a folder"):
            Scenario.from_toml_text(bad, folder=tmp_path)
    assert Scenario.from_toml_text(text, folder=tmp_path).twin is not None


def test_the_twins_refusals_speak_the_readers_language(tmp_path):
    """A bad [twin] table or customers file is refused in one line that names
    the input, the value and what is allowed, in English and in Russian."""
    twin_of(PROFILES).write(tmp_path / "today.customers.csv")
    table = {
        "customers_file": "today.customers.csv",
        "start_date": "1997-10-01",
        "unit": "week",
        **CDNOW,
        **SPEND,
    }
    assert Scenario.from_dict({"twin": table}, tmp_path).twin.unit == "week"
    no_spend = pd.DataFrame({c: ["1"] for c in ("id", "x", "t_x", "T")})
    no_spend.assign(first_purchase="1997-01-01").to_csv(
        tmp_path / "short.csv", index=False
    )
    (tmp_path / "latin1.csv").write_bytes("id,x\nJosé,1\n".encode("latin-1"))
    cases = [  # the [twin] table, the English and the Russian refusal
        (
            {**table, "unit": "fortnight"},
            "twin.unit = 'fortnight' is not allowed; "
            "must be one of 'day', 'week', 'month'",
            "twin.unit = 'fortnight' недопустимо: "
            "нужно одно из значений: 'day', 'week', 'month'",
        ),
        (
            {**table, "b": -1},
            "twin.b = -1.0 is not allowed; must be a number > 0 (inf for a limit)",
            "twin.b = -1.0 недопустимо: нужно число > 0 (в предельном случае — inf)",
        ),
        (
            {**table, "untis": "week"},
            "unknown parameter 'twin.untis'; did you mean 'unit'?",
            "неизвестный параметр 'twin.untis'; может быть, имелось в виду 'unit'?",
        ),
        (
            {**table, "customers_file": "short.csv"},
            "column 'mean_spend' not found; a customers file has the columns "
            "id, x, t_x, T, first_purchase, mean_spend",
            "столбец 'mean_spend' не найден; в файле клиентов должны быть "
            "столбцы id, x, t_x, T, first_purchase, mean_spend",
        ),
        (
            {**table, "customers_file": "latin1.csv"},
            "latin1.csv': the customers file is not UTF-8 text",
            "latin1.csv': файл клиентов не в кодировке UTF-8",
        ),
        (
            {**table, "start_date": "soon"},
            "twin.start_date = 'soon' is not allowed; must be a date like 2026-01-01",
            "twin.start_date = 'soon' недопустимо: нужно указать дату вида 2026-01-01",
        ),
        (
            {k: v for k, v in table.items() if k != "customers_file"},
            "twin.customers_file is missing; must be the name of a file beside "
            "the scenario file, without a folder",
            "twin.customers_file не задан: нужно имя файла, который лежит рядом "
            "с файлом сценария, без папки",
        ),
        (
            "today.customers.csv",
            "[twin] must be a table of parameters",
            "[twin] должен быть таблицей параметров",
        ),
    ]
    for data, english, russian in cases:
        with pytest.raises(ParameterError) as refused:
            Scenario.from_dict({"twin": data}, tmp_path)
        assert english in str(refused.value)
        with language("ru"), pytest.raises(ParameterError) as refused:
            Scenario.from_dict({"twin": data}, tmp_path)
        assert russian in str(refused.value)
        assert "\n" not in str(refused.value)


def test_check_from_the_command_line(export, tmp_path, capsys):
    """``--check --json``: the same numbers as JSON, and the tracking plot."""
    import json

    path = tmp_path / "sales.csv"
    export.to_csv(path, index=False)
    columns = ["--customer", "customer", "--date", "date", "--amount", "amount"]
    period = ["--until", "2026-08-31", "--holdout-until", "2026-10-27"]
    out = tmp_path / "out"
    argv = ["calibrate", str(path), *columns, *period, "--check", "--json"]
    assert main([*argv, "--replications", "3", "-o", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    check = data["check"]
    assert check["replications"] == 3
    holdout = check["holdout_purchases"]
    assert holdout["low"] <= holdout["simulated"] <= holdout["high"]
    assert set(check["holdout_customers_by_purchases"]) == {"0", "1", "2", "3+"}
    assert check["sentence"].startswith("Today's business ")
    assert (out / "calibration_tracking.png").stat().st_size > 10_000
    assert json.loads((out / "calibration_check.json").read_text()) == check


def test_new_outputs_are_written_whole(export, tmp_path, monkeypatch, capsys):
    """The customers table beside a saved scenario, the check's plot and JSON:
    a write that fails half-way leaves the earlier files as they were, and no
    half-written file behind (the disk fills up; the plot cannot be drawn)."""
    from pathlib import Path

    from matplotlib.figure import Figure

    path = tmp_path / "sales.csv"
    export.to_csv(path, index=False)
    columns = ["--customer", "customer", "--date", "date", "--amount", "amount"]
    period = ["--until", "2026-08-31", "--holdout-until", "2026-10-27"]
    out, saved = tmp_path / "out", tmp_path / "today.toml"
    argv = ["calibrate", str(path), *columns, *period, "--replications", "2"]
    assert main([*argv, "--check", "-o", str(out), "--save", str(saved)]) == 0
    capsys.readouterr()
    table = tmp_path / "today.customers.csv"
    before = {p: p.read_bytes() for p in (saved, table, *out.iterdir())}

    write_text = Path.write_text

    def disk_full(self, data, *args, **kwargs):
        if ".customers.csv" in self.name:
            write_text(self, data[: len(data) // 2], *args, **kwargs)
            raise OSError(28, "No space left on device")
        return write_text(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full)
    assert main([*argv, "--save", str(saved)]) == 2
    assert "cannot write" in capsys.readouterr().err
    monkeypatch.undo()

    def broken_plot(self, target, *args, **kwargs):
        Path(target).write_bytes(b"\x89PNG half")
        raise RuntimeError("the plot could not be drawn")

    monkeypatch.setattr(Figure, "savefig", broken_plot)
    assert main([*argv, "--check", "-o", str(out)]) != 0
    assert "could not be drawn" in capsys.readouterr().err
    monkeypatch.undo()
    after = {p: p.read_bytes() for p in (saved, table, *out.iterdir())}
    assert after.keys() == before.keys()  # no temporary file left anywhere
    for name in (saved, table, out / "calibration_tracking.png"):
        assert after[name] == before[name], name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["sales.csv", "out", "today.toml", "today.customers.csv"]
    )


def test_the_self_check_in_russian(export, tmp_path, capsys):
    """``cfl --lang ru calibrate --check``: the check's table and sentence in
    Russian words and numbers; the lab's words for it too."""
    import re

    from simulations.calibration.check import self_check
    from simulations.i18n import SOURCE, language, set_language
    from simulations.present.self_check import check_html
    from tests.support.russian import ALLOWED, latin_words

    path = tmp_path / "sales.csv"
    export.to_csv(path, index=False)
    columns = ["--customer", "customer", "--date", "date", "--amount", "amount"]
    period = ["--until", "2026-08-31", "--holdout-until", "2026-10-27"]
    argv = ["--lang", "ru", "calibrate", str(path), *columns, *period, "--check"]
    try:
        assert main([*argv, "--replications", "2", "-o", str(tmp_path / "o")]) == 0
    finally:
        set_language(SOURCE)
    printed = capsys.readouterr().out
    start = printed.index("самопроверка: ваш бизнес смоделирован 2 раза")
    block = printed[start:].split("\nрезультаты записаны в ")[0]
    allowed = ALLOWED | {"BG", "NBD"}
    assert not latin_words(block, allowed), block
    assert "Модель вашего бизнеса " in block and "(период настройки)" in block
    assert re.search(r"\d+,\d\u00a0%", block), block  # shares: "12,3 %"
    # The lab's words for the same check (its figures from a quick check).
    cal = calibrate(export[export["date"] <= pd.Timestamp("2026-08-31")], unit="week")
    check = self_check(cal, cal.scenario(), replications=2)
    with language("ru"):
        shown = re.sub(r"<[^>]+>", " ", check_html(check))
    assert "Повторных покупок у ваших клиентов" in shown
    assert not latin_words(shown, allowed), shown
    assert "repeat purchases" in check_html(check)  # English outside the block
