"""The cfl command line: outputs, summaries, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simulations.cli import main
from simulations.present.format import money

SHORT = ["--set", "business.days=40", "--set", "business.warmup_days=5"]


def cfl(*args: str) -> subprocess.CompletedProcess:
    """Run the command line in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "simulations.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
    )


def test_run_writes_csv_json_and_plots(tmp_path, capsys):
    out = tmp_path / "run"
    status = main(
        ["run", "product_centric", "-n", "3", "-w", "1", "-q", "-o", str(out), *SHORT]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "Profit, RUB" in printed and "±" in printed
    table = pd.read_csv(out / "replications_product_centric.csv", index_col=0)
    assert len(table) == 3
    summary = json.loads((out / "summary.json").read_text())
    assert summary["replications"] == 3
    assert summary["scenario"]["business"]["days"] == 40
    for name in (
        "kpi_profit.png",
        "phases_product_centric.png",
        "waits_product_centric.png",
        "pareto_product_centric.png",
        "directions_product_centric.png",
    ):
        assert (out / name).stat().st_size > 1000, name


def test_compare_prints_verdicts_and_writes_the_table(tmp_path, capsys):
    out = tmp_path / "cmp"
    status = main(
        [
            "compare",
            "product_centric",
            "client_centric",
            "-n",
            "3",
            "-w",
            "2",
            "-q",
            "--no-plots",
            "-o",
            str(out),
            *SHORT,
        ]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "Against the baseline 'product-centric'" in printed
    assert "WOW visits" in printed and "(95%)" in printed
    assert "Profit higher by" in printed or "Profit: no clear difference" in printed
    # Better training costs more every month; value created leaves that out.
    extra = money(30 * 3 * (0.8 - 0.1) * 850.0)  # staff, training, its cost a day
    said = f"costs {extra} a month more in staff and training"
    assert " ".join(said.split()) in " ".join(printed.split())
    table = pd.read_csv(out / "comparison.csv")
    assert set(table["alternative"]) == {"client-centric"}
    assert {"difference", "ci_low", "ci_high", "verdict", "crn_narrowing"} <= set(table)


def test_sweep_writes_a_tidy_table(tmp_path):
    out = tmp_path / "sweep"
    status = main(
        [
            "sweep",
            "customer_oriented",
            "--lever",
            "business.staff=2,3",
            "-n",
            "2",
            "-w",
            "2",
            "-q",
            "-o",
            str(out),
            *SHORT,
        ]
    )
    assert status == 0
    table = pd.read_csv(out / "sweep.csv")
    assert len(table) == 4
    assert sorted(table["business.staff"].unique()) == [2, 3]
    assert (out / "sweep.png").exists()


def test_save_writes_a_scenario_that_loads_back(tmp_path):
    path = tmp_path / "mine.toml"
    assert (
        main(
            [
                "save",
                "client_centric",
                str(path),
                "--set",
                "business.staff=5",
                "--name",
                "mine",
            ]
        )
        == 0
    )
    from simulations import Scenario

    loaded = Scenario.from_toml(path)
    assert loaded.business.staff == 5 and loaded.name == "mine"


def test_presets_and_params_list(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    # The lever in words, its values as people say them, the key to type.
    row = next(line for line in out.splitlines() if "service.queue_discipline" in line)
    assert row.startswith("Who is served first") and "key customers first" in row
    assert "48,000\u00a0RUB a month" in out and "False" not in out
    assert main(["params", "--group", "winback"]) == 0
    assert "contact_after_days" in capsys.readouterr().out
    assert main(["params", "--ranges", "--group", "service"]) == 0
    out = capsys.readouterr().out
    assert "service.recovery_wow = 0.1; plausible: 0 to 0.3" in out
    assert "source: de Matos, Henrique & Rossi 2007" in out
    assert "customers." not in out  # only the group asked for


@pytest.mark.parametrize("command", [[], ["run"], ["compare"], ["sweep"], ["save"]])
def test_help_everywhere(command):
    result = cfl(*command, "--help")
    assert result.returncode == 0
    assert "usage: cfl" in result.stdout


def _bad_toml(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "no_such_preset"], ["preset 'no_such_preset' is unknown"]),
        (["run", "MALFORMED"], ["TOML is malformed"]),
        (
            ["run", "MISSPELT"],
            ["unknown parameter 'business.staf'", "did you mean 'staff'"],
        ),
        (["run", "--set", "business.staff=0"], ["business.staff = 0", ">= 1"]),
        (["run", "--set", "service.queue_discipline=lifo"], ["'fifo', 'priority'"]),
        (["run", "--set", "business.warmup_days=400"], ["warmup_days = 400"]),
        (["run", "-o", "UNWRITABLE"], ["cannot write to output folder"]),
        (["run", "missing.toml"], ["cannot read scenario file"]),
        (["run", "-n", "0"], ["--replications 0"]),
        (["run", "--confidence", "2"], ["--confidence 2"]),
        (
            ["sweep", "client_centric", "--lever", "business.staff=2,0"],
            ["business.staff = 0"],
        ),
        (
            ["sweep", "client_centric", "--lever", "staff"],
            ["expected group.name=v1,v2"],
        ),
    ],
)
def test_bad_input_exits_with_one_clear_line(tmp_path, args, words):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    replace = {
        "MALFORMED": _bad_toml(tmp_path, "malformed", "[business\nstaff = 3"),
        "MISSPELT": _bad_toml(tmp_path, "misspelt", "[business]\nstaf = 3\n"),
        "UNWRITABLE": str(blocker / "out"),
    }
    args = [replace.get(a, a) for a in args]
    result = cfl(*args, "-o", str(tmp_path / "out")) if "-o" not in args else cfl(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cfl: error:")
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.slow
def test_run_on_a_dask_scheduler_gives_the_local_numbers(tmp_path, capsys):
    """`--scheduler ADDRESS` spreads the runs over a Dask cluster (here on loopback)."""
    distributed = pytest.importorskip("distributed")
    local, remote = tmp_path / "local", tmp_path / "dask"
    args = ["run", "customer_oriented", "-n", "2", "-q", "--no-plots", *SHORT]
    assert main([*args, "-w", "1", "-o", str(local)]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        assert (
            main([*args, "--scheduler", cluster.scheduler_address, "-o", str(remote)])
            == 0
        )
    pd.testing.assert_frame_equal(
        pd.read_csv(local / "replications_customer_oriented.csv"),
        pd.read_csv(remote / "replications_customer_oriented.csv"),
    )


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path):
    result = cfl(
        "run", "-n", "1", "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path)
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot reach Dask scheduler" in result.stderr
