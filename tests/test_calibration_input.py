"""``cfl calibrate``: options and file contents it must refuse in one line.

Each refusal names the option, or the row and the column, with the value and
what is allowed: never "internal error", a RuntimeWarning, or a scenario
parameter the user never set. Long calibrations say on a terminal what they
are doing.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from simulations.calibration import read_transactions

HEADER = "id;day;paid"
ROWS = [
    f"c{c};2026-{1 + (c * 7 + k * 37) % 12:02d}-{1 + (c + k * 5) % 28:02d};"
    f"{10 + c % 7 + k}"
    for c in range(40)
    for k in range(1 + c % 4)
]
COLUMNS = ["--customer", "id", "--date", "day", "--amount", "paid"]


def _file(tmp_path: Path, rows: list[str], header: str = HEADER) -> str:
    path = tmp_path / "sales.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def _calibrate(*args: str, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    """cfl calibrate in a fresh process (RuntimeWarnings would show)."""
    return subprocess.run(
        [sys.executable, "-m", "simulations.cli", "calibrate", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


def _one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("cfl: error: "), lines[0]
    assert "internal error" not in lines[0] and "Warning" not in done.stderr
    return lines[0]


def _swap(rows: list[str], i: int, new: str) -> list[str]:
    return [*rows[:i], new, *rows[i + 1 :]]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--date-format", "%Q", ["--date-format", "'%Q'", "strptime format"]),
        ("--date-format", "%", ["--date-format", "'%'", "strptime format"]),
        ("--sep", "(", ["'('", "--sep", "does not occur", "row 1 (header)"]),
        ("--sep", "[", ["'['", "--sep", "does not occur"]),
        ("--sep", "((", ["--sep", "'(('", "one character"]),
        ("--until", "9999-12-31", ["--until 9999-12-31", "1900-01-01 to 2199-12-31"]),
        ("--until", "1600-01-01", ["--until 1600-01-01", "1900-01-01 to 2199-12-31"]),
    ],
)
def test_a_bad_option_is_one_line_naming_it(tmp_path, option, value, words):
    line = _one_line(_calibrate(_file(tmp_path, ROWS), *COLUMNS, option, value))
    for word in words:
        assert word in line, line


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("c1;9999-12-31;10", ["row 11, column 'day'", "'9999-12-31'", "1900-01-01"]),
        ("c1;1600-01-01;10", ["row 11, column 'day'", "'1600-01-01'", "2199-12-31"]),
        ("c1;2026-03-01;1e300", ["row 11, column 'paid'", "'1e300'", "10,000,000"]),
    ],
)
def test_a_row_out_of_range_is_refused_naming_it(tmp_path, row, words):
    line = _one_line(_calibrate(_file(tmp_path, _swap(ROWS, 9, row)), *COLUMNS))
    for word in words:
        assert word in line, line


def test_huge_amounts_everywhere_name_the_file_not_a_parameter(tmp_path):
    rows = [r.rsplit(";", 1)[0] + ";1e300" for r in ROWS]
    line = _one_line(_calibrate(_file(tmp_path, rows), *COLUMNS))
    assert "row 2, column 'paid'" in line and "customers." not in line


def test_purchases_all_on_one_day_name_the_date_column(tmp_path):
    rows = [r.split(";")[0] + ";2026-03-01;" + r.rsplit(";", 1)[1] for r in ROWS]
    line = _one_line(_calibrate(_file(tmp_path, rows), *COLUMNS))
    assert "column 'day'" in line and "2026-03-01" in line, line
    assert "customers." not in line
    line = _one_line(
        _calibrate(_file(tmp_path, ROWS), *COLUMNS, "--until", "2026-01-01")
    )
    assert "2026-01-01" in line and "different days" in line, line


def test_quoted_header_names_are_the_names(tmp_path):
    plain = read_transactions(_file(tmp_path, ROWS), "id", "day", "paid")
    quoted = _file(tmp_path, ROWS, header='"id";"day";"paid"')
    assert read_transactions(quoted, "id", "day", "paid").equals(plain)
    assert _calibrate(quoted, *COLUMNS).returncode == 0


def test_progress_shows_on_a_terminal_only(tmp_path):
    path = _file(tmp_path, ROWS)
    quiet = _calibrate(path, *COLUMNS)
    assert quiet.returncode == 0 and quiet.stderr == ""
    main_end, term_end = pty.openpty()
    size = struct.pack("HHHH", 24, 100, 0, 0)  # rows, columns: a real terminal's
    fcntl.ioctl(term_end, termios.TIOCSWINSZ, size)
    done = _calibrate(path, *COLUMNS, stderr=term_end)
    os.close(term_end)
    shown = b""
    while True:
        try:
            chunk = os.read(main_end, 4096)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_end)
    assert done.returncode == 0
    text = shown.decode("utf-8", "replace")
    for stage in ("calibrating", "reading", "checking dates", "fitting"):
        assert stage in text, text
