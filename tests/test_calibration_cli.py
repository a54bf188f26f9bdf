"""``cfl calibrate`` and ``cfl run --transactions``; bad input of each kind.

Bad input gets one line naming the row and the column, exit status 2 and no
traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simulations import Scenario
from simulations.calibration import CalibrationError, read_transactions
from simulations.cli import main

GOOD = (
    "id;day;paid\n"
    "a;2026-01-01;10\n"
    "a;2026-01-01;5\n"  # same day: one purchase of 15
    "a;2026-02-01;12.5\n"
    "b;2026-01-05;7\n"
    "c;2026-01-09;20\n"
    "c;2026-03-01;22\n"
    "c;2026-03-20;18\n"
    "d;2026-02-11;9\n"
)
COLUMNS = ["--customer", "id", "--date", "day", "--amount", "paid"]


def write(tmp_path: Path, content: str | bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD = {
    "missing column": (
        GOOD.replace("paid", "total", 1),
        "row 1 (header): column 'paid' not found",
    ),
    "unparsable date": (
        GOOD.replace("2026-02-01", "1 Feb 2026"),
        "row 4, column 'day': cannot read '1 Feb 2026' as a date",
    ),
    "negative amount": (
        GOOD.replace("b;2026-01-05;7", "b;2026-01-05;-7"),
        "row 5, column 'paid': negative amount '-7'",
    ),
    "unreadable amount": (
        GOOD.replace(";18", ";eighteen"),
        "row 8, column 'paid': cannot read 'eighteen' as an amount",
    ),
    "empty file": ("", "the file is empty"),
    "header only": ("id;day;paid\n", "the file has a header but no rows"),
    "one customer": ("id;day;paid\na;2026-01-01;3\na;2026-01-08;4\n", "only one"),
    "not utf-8": (
        GOOD.replace("c;2026-03-01", "\u00e7;2026-03-01").encode("latin-1"),
        "row 7, byte 1: the file is not UTF-8 text",
    ),
    "no customer id": (
        GOOD.replace("d;2026-02-11", ";2026-02-11"),
        "row 9, column 'id': no customer id",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_one_clear_line(kind, tmp_path, capsys):
    content, message = BAD[kind]
    path = write(tmp_path, content)
    status = main(["calibrate", str(path), *COLUMNS])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert "Traceback" not in captured.err


RUSSIAN_ERRORS = {
    "negative amount": "строка 5, столбец 'paid': отрицательная сумма '-7'",
    "unparsable date": "строка 4, столбец 'day': не удаётся прочитать '1 Feb 2026' "
    "как дату (ожидается ГГГГ-ММ-ДД или ГГГГММДД; задайте --date-format)",
    "empty file": "файл пуст (ни заголовка, ни строк)",
    "one customer": "по 2026-01-08 покупал только один клиент ('a')",
}


@pytest.mark.parametrize("kind", sorted(RUSSIAN_ERRORS))
def test_bad_input_in_russian(kind, tmp_path, capsys):
    from simulations import i18n

    path = write(tmp_path, BAD[kind][0])
    try:
        status = main(["--lang", "ru", "calibrate", str(path), *COLUMNS])
    finally:
        i18n.set_language(i18n.SOURCE)
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1, err
    assert err.startswith("cfl: ошибка: ") and RUSSIAN_ERRORS[kind] in err, err


def test_bad_input_from_the_library_names_row_and_column():
    with pytest.raises(CalibrationError, match=r"row 4, column 'day'"):
        read_transactions(
            GOOD.replace("2026-02-01", "2026-02-30").encode(), "id", "day", "paid"
        )


def test_bad_input_in_a_fresh_process_has_no_traceback(tmp_path):
    path = write(tmp_path, BAD["negative amount"][0])
    done = subprocess.run(
        [sys.executable, "-m", "simulations.cli", "calibrate", str(path), *COLUMNS],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("cfl: error: ")
    assert "Traceback" not in done.stderr


def test_separators_and_date_formats(tmp_path):
    comma = GOOD.replace(";", ",")
    tab = GOOD.replace(";", "\t")
    spaced = GOOD.replace(";", "  ").replace("2026-", "2026").replace("-", "")
    for content in (GOOD, comma, tab, spaced):
        frame = read_transactions(content.encode(), "id", "day", "paid")
        assert len(frame) == 8 and frame["amount"].sum() == pytest.approx(103.5)
    dotted = GOOD
    for day, month in (
        ("01", "01"),
        ("05", "01"),
        ("09", "01"),
        ("01", "02"),
        ("11", "02"),
        ("01", "03"),
        ("20", "03"),
    ):
        dotted = dotted.replace(f"2026-{month}-{day}", f"{day}.{month}.2026")
    frame = read_transactions(
        dotted.encode(), "id", "day", "paid", date_format="%d.%m.%Y"
    )
    assert frame["date"].min() == pd.Timestamp("2026-01-01")


def test_run_exports_transactions_that_calibrate_reads(tmp_path, capsys):
    exported = tmp_path / "sales.csv"
    status = main(
        [
            "run",
            "customer_oriented",
            "-n",
            "2",
            "-w",
            "1",
            "-q",
            "--no-plots",
            "-o",
            str(tmp_path / "run"),
            "--set",
            "business.days=60",
            "--set",
            "business.warmup_days=5",
            "--set",
            "customers.initial_customers=300",
            "--transactions",
            str(exported),
            "--start-date",
            "2025-03-01",
        ]
    )
    assert status == 0
    table = pd.read_csv(exported)
    assert list(table.columns) == ["replication", "customer", "date", "amount"]
    assert set(table["replication"]) == {0, 1}
    assert table["date"].min() == "2025-03-01"
    assert table["date"].max() <= "2025-04-29"  # day 59
    assert (table["amount"] > 0).all()
    one = table[table["replication"] == 0]
    one.to_csv(exported, index=False)
    capsys.readouterr()

    out, toml = tmp_path / "cal", tmp_path / "today.toml"
    status = main(
        [
            "calibrate",
            str(exported),
            "--customer",
            "customer",
            "--date",
            "date",
            "--amount",
            "amount",
            "--unit",
            "day",
            "--json",
            "--save",
            str(toml),
            "-o",
            str(out),
        ]
    )
    assert status == 0
    data = json.loads(capsys.readouterr().out)  # only JSON on standard output
    assert set(data) == {
        "bgnbd",
        "purchase_model",
        "limit",
        "gamma_gamma",
        "standard_errors",
        "customers",
        "unit",
        "until",
        "weakness",
        "new_customers",
        "check",
    }
    # 60 days may show no drop-out: then the fit is the NBD limit (r, alpha).
    assert {"r", "alpha"} <= set(data["bgnbd"]) <= {"r", "alpha", "a", "b"}
    assert data["purchase_model"].startswith(("BG/NBD", "NBD"))
    assert set(data["gamma_gamma"]) == {"p", "q", "v"}
    assert set(data["standard_errors"]) == {"bgnbd", "gamma_gamma"}
    assert data["unit"] == "day" and data["until"] == one["date"].max()
    assert data["customers"] == one["customer"].nunique()
    scenario = Scenario.from_toml(toml)
    assert scenario.customers.visit_rate_shape == pytest.approx(data["bgnbd"]["r"])
    for name in ("parameters.csv", "repeat_histogram.csv", "repeat_histogram.png"):
        assert (out / f"calibration_{name}").stat().st_size > 100, name


def test_text_report(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    # 4 customers cannot be trusted: exit status 3 and one line saying why.
    assert main(["calibrate", str(path), *COLUMNS, "--unit", "day"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "only 2 of 4 customers bought more than once" in lines[0]
    weak = ["--unit", "day", "--accept-weak-fit"]
    assert main(["calibrate", str(path), *COLUMNS, *weak]) == 0
    printed = capsys.readouterr().out
    assert "calibrated on 4 customers" in printed
    assert "BG/NBD" in printed and "standard error" in printed
    assert "fit check" in printed
    assert "warning: weak fit" in printed


CDNOW_OPTIONS = [
    "--customer", "customer", "--date", "date", "--amount", "amount",
    "--until", "1997-09-30", "--holdout-until", "1998-06-30",
]  # fmt: skip


def test_the_report_in_russian(cdnow_file, tmp_path, capsys):
    """``cfl --lang ru calibrate``: all in Russian, numbers as Russian writes them."""
    import re

    from simulations import i18n
    from tests.support.russian import english_words

    try:
        status = main(["--lang", "ru", "calibrate", str(cdnow_file), *CDNOW_OPTIONS])
        printed = capsys.readouterr().out
        assert status == 0, printed
        # A weak fit (4 customers), with its reason and warnings, in Russian too.
        path = write(tmp_path, GOOD)
        weak = ["--unit", "day", "--accept-weak-fit"]
        assert main(["--lang", "ru", "calibrate", str(path), *COLUMNS, *weak]) == 0
        printed_weak = capsys.readouterr().out
    finally:
        i18n.set_language(i18n.SOURCE)
    for text in (printed, printed_weak):
        assert not english_words(text), english_words(text)
        assert not re.search(r"\d\.\d", text), "a decimal point, not a comma"
    assert "по данным 2\u00a0357 клиентов" in printed
    assert "от 0,2192 до 0,2685" in printed  # r's 95% interval (published: 0.243)
    assert re.search(r"всего +2\u00a0357 +1\u00a0882,000", printed)
    assert re.search(r"\d,\d\u00a0₽ за визит", printed)
    assert "повторные покупки есть лишь у 2 из 4 клиентов" in printed_weak


def test_the_report_in_english(cdnow_file, capsys):
    assert main(["calibrate", str(cdnow_file), *CDNOW_OPTIONS]) == 0
    printed = capsys.readouterr().out
    assert "calibrated on 2,357 customers who bought from 1997-01-01" in printed
    assert "0.2192 to 0.2685" in printed
    assert "New customers: 0 a day, as in the data (no customer made" in printed
