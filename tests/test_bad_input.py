"""Bad input of every kind: one line on standard error, never a traceback.

Each case runs ``cfl`` in this process and checks the exit status, that
standard error is exactly one line, and that the line names the input.
"""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path

import pytest

from simulations.cli import main

SHORT = ["--set", "business.days=20", "--set", "business.warmup_days=0"]
BIG = "1" + "0" * 400
DEEP = "[" * 5000 + "]" * 5000


def _files(tmp_path: Path) -> dict[str, str]:
    """Bad scenario files and folders, by the placeholder the cases use."""

    def toml(name: str, text: str | bytes) -> str:
        path = tmp_path / f"{name}.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    (tmp_path / "folder.toml").mkdir()
    return {
        "MALFORMED": toml("malformed", "[business\nstaff = 3"),
        "MISSPELT": toml("misspelt", "[business]\nstaf = 3\n"),
        "BINARY": toml("binary", bytes(range(256)) * 4),
        "LATIN1": toml("latin1", 'name = "caf\xe9"\n'.encode("latin-1")),
        "NESTED": toml("nested", "a = " + "[" * 200_000 + "]" * 200_000 + "\n"),
        "HUGEINT": toml("hugeint", f"[business]\nstaff = {BIG}\n"),
        "HUGEFLOAT": toml("hugefloat", "[business]\nservice_time = 1e400\n"),
        "HUGESEED": toml("hugeseed", f"seed = {10**30}\n"),
        "LONGNAME": toml("longname", f'name = "{"n" * 300}"\n'),
        "SECTION": toml("section", "business = 3\n"),
        "FOLDER": str(tmp_path / "folder.toml"),
        "UNWRITABLE": str(blocker / "out"),
        "UNWRITABLE_FILE": str(blocker / "x.toml"),
    }


@pytest.fixture(scope="module")
def http_port():
    """A port that answers like a web server, not like Dask."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="module")
def silent_port():
    """A port that accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


RUN = ["run", "product_centric", *SHORT]
CASES = [
    # sensitivity
    (
        ["sensitivity", "product_centric", "client_centric", "--params", "nope.x"],
        ["'nope.x'", "plausible range"],
    ),
    (
        ["sensitivity", "product_centric", "client_centric", "--kpi", "profitt"],
        ["'profitt'", "must be one of"],
    ),
    (
        ["sensitivity", "product_centric", "client_centric", "--trajectories", "1"],
        ["trajectories = 1", "from 2 to 1000"],
    ),
    (["sensitivity", "product_centric"], ["alternative"]),
    # scenario sources
    (["run", "no_such_preset"], ["'no_such_preset'", "choose one of"]),
    (["run", "MALFORMED"], ["malformed.toml", "TOML is malformed"]),
    (["run", "MISSPELT"], ["'business.staf'", "did you mean 'staff'"]),
    (["run", "BINARY"], ["binary.toml", "not UTF-8"]),
    (["run", "LATIN1"], ["latin1.toml", "not UTF-8"]),
    (["run", "NESTED"], ["nested.toml", "nested too deeply"]),
    (["run", "HUGEINT"], ["business.staff", "401 characters", "<= 500"]),
    (["run", "HUGEFLOAT"], ["business.service_time = inf", "<= 600"]),
    (["run", "HUGESEED"], ["seed = 1000000000000000000000000000000", "2**63"]),
    (["run", "LONGNAME"], ["name = 'nnnn", "at most 200"]),
    (["run", "SECTION"], ["[business]", "table"]),
    (["run", "FOLDER"], ["folder.toml", "cannot read"]),
    (["run", "missing.toml"], ["missing.toml", "cannot read"]),
    # --set
    ([*RUN, "--set", "business.staff=0"], ["business.staff = 0", ">= 1"]),
    ([*RUN, "--set", f"business.staff={BIG}"], ["business.staff", "<= 500"]),
    ([*RUN, "--set", f"business.service_time={BIG}"], ["business.service_time"]),
    ([*RUN, "--set", f"customers.initial_customers={BIG}"], ["initial_customers"]),
    ([*RUN, "--set", f"economics.margin=-{BIG}"], ["economics.margin"]),
    ([*RUN, "--set", f"seed={BIG}"], ["seed = 1000", "2**63"]),
    ([*RUN, "--set", "business.staff=1e400"], ["business.staff = inf"]),
    ([*RUN, "--set", "business.staff=nan"], ["business.staff = nan"]),
    ([*RUN, "--set", "business.service_time=inf"], ["business.service_time = inf"]),
    ([*RUN, "--set", "business.staff=true"], ["business.staff = true"]),
    ([*RUN, "--set", "business.staff=2.5"], ["business.staff = 2.5"]),
    ([*RUN, "--set", "business.staff=[1,2]"], ["business.staff = [1, 2]"]),
    ([*RUN, "--set", f"business.staff={DEEP}"], ["'[[[[", "nested too deeply"]),
    ([*RUN, "--set", "business.staff=three"], ["business.staff = 'three'"]),
    ([*RUN, "--set", "service.queue_discipline=lifo"], ["'lifo'", "'fifo'"]),
    ([*RUN, "--set", "service.key_share=0"], ["service.key_share = 0"]),
    ([*RUN, "--set", "business.warmup_days=400"], ["warmup_days = 400"]),
    ([*RUN, "--set", "staff"], ["--set 'staff'", "group.name=value"]),
    ([*RUN, "--set", "=3"], ["--set '=3'", "group.name=value"]),
    ([*RUN, "--set", "business.staf=3"], ["'business.staf'", "did you mean"]),
    ([*RUN, "--set", "nogroup.staff=3"], ["'nogroup'"]),
    ([*RUN, "--set", "x" * 5000 + "=3"], ["--set 'xxx", "group.name=value"]),
    ([*RUN, "--set", "seed=-1"], ["seed = -1", "from 0"]),
    ([*RUN, "--set", "name=123"], ["name = 123", "text"]),
    # options
    ([*RUN, "--seed", "-1"], ["seed = -1"]),
    ([*RUN, "--seed", str(10**30)], ["seed = 1000000000000000000000000000000"]),
    ([*RUN, "--seed", "abc"], ["--seed", "'abc'"]),
    ([*RUN, "-n", "0"], ["--replications 0"]),
    ([*RUN, "-n", "100000"], ["--replications 100000"]),
    ([*RUN, "-n", "abc"], ["--replications", "'abc'"]),
    ([*RUN, "-n", BIG], ["--replications 1000"]),
    ([*RUN, "-w", "0"], ["--workers 0"]),
    ([*RUN, "-w", "-3"], ["--workers -3"]),
    ([*RUN, "--confidence", "2"], ["--confidence 2"]),
    ([*RUN, "--confidence", "nan"], ["--confidence nan"]),
    ([*RUN, "--confidence", "0"], ["--confidence 0"]),
    ([*RUN, "--warmup", "abc"], ["--warmup 'abc'", "auto"]),
    ([*RUN, "--warmup", "-5"], ["warmup_days = -5"]),
    ([*RUN, "--warmup", BIG], ["warmup_days"]),
    ([*RUN, "-o", "UNWRITABLE"], ["cannot write to output folder", "a_file"]),
    ([*RUN, "--resume"], ["--resume", "no experiment to resume"]),
    ([*RUN, "--resume", "--overwrite"], ["--resume and --overwrite"]),
    ([*RUN, "--bogus"], ["--bogus"]),
    (["nope"], ["'nope'"]),
    ([], ["COMMAND"]),
    # --scheduler
    ([*RUN, "--scheduler", "garbage"], ["--scheduler 'garbage'", "host:port"]),
    ([*RUN, "--scheduler", "foo://bar"], ["--scheduler 'foo://bar'"]),
    ([*RUN, "--scheduler", ""], ["--scheduler ''"]),
    ([*RUN, "--scheduler", "tcp://127.0.0.1:99999"], ["'tcp://127.0.0.1:99999'"]),
    ([*RUN, "--scheduler", "tcp://127.0.0.1:9"], ["'tcp://127.0.0.1:9'", "reach"]),
    ([*RUN, "--scheduler", "HTTP"], ["cannot reach Dask scheduler", "127.0.0.1"]),
    pytest.param(
        [*RUN, "--scheduler", "SILENT"],
        ["cannot reach Dask scheduler", "127.0.0.1"],
        marks=pytest.mark.slow,
    ),
    # compare
    (["compare", "client_centric", "client_centric", *SHORT], ["must differ"]),
    (["compare", "client_centric", "missing.toml"], ["missing.toml"]),
    (["compare", "client_centric", "MALFORMED"], ["malformed.toml"]),
    # sweep
    (["sweep", "client_centric", "--lever", "business.staff=2,0"], ["staff = 0"]),
    (["sweep", "client_centric", "--lever", "staff"], ["--lever 'staff'"]),
    (["sweep", "client_centric", "--lever", "business.staff="], ["--lever"]),
    (["sweep", "client_centric", "--lever", "nope.x=1,2"], ["'nope'"]),
    (["sweep", "client_centric", "--lever", f"business.staff=1,{BIG}"], ["staff"]),
    (
        [
            "sweep",
            "client_centric",
            *("--lever", "business.staff=1,2", "--lever", "business.days=40,50"),
            *("--lever", "service.training_level=0,1"),
        ],
        ["3 levers"],
    ),
    (
        [
            "sweep",
            "client_centric",
            *("--lever", "business.staff=" + ",".join(["2"] * 2000)),
            *("--lever", "business.days=" + ",".join(["40"] * 2000)),
        ],
        ["4,000,000 grid points"],
    ),
    # params and save
    (["params", "--group", "nope"], ["--group 'nope'", "business"]),
    (["params", "--group", ""], ["--group ''"]),
    (["save", "client_centric", "UNWRITABLE_FILE"], ["x.toml"]),
    (["save", "client_centric", "x.toml", "--seed", str(2**63)], ["seed = 9223"]),
    (["save", "no_such_preset", "x.toml"], ["'no_such_preset'"]),
]


@pytest.mark.parametrize(("args", "words"), CASES)
def test_bad_input_is_one_line_that_names_it(
    tmp_path, capsys, monkeypatch, http_port, silent_port, args, words
):
    monkeypatch.chdir(tmp_path)
    replace = _files(tmp_path)
    replace["HTTP"] = f"tcp://127.0.0.1:{http_port}"
    replace["SILENT"] = f"tcp://127.0.0.1:{silent_port}"
    args = [replace.get(a, a) for a in args]
    if args and args[0] in ("run", "compare", "sweep"):
        args += ["-o", str(tmp_path / "out")] if "-o" not in args else []
        args += ["-w", "1"] if "-w" not in args else []
        args += ["-q", "--no-plots"]
    try:
        status = main(args)
    except SystemExit as stop:  # argparse
        status = stop.code
    err = capsys.readouterr().err
    assert status not in (0, None), err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cfl: error:"), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    assert len(CASES) >= 60
