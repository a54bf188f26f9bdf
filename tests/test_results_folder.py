"""What the command line leaves on disk: checksums, a rebuilt manifest,
transactions on --resume, atomic writes, paths checked before the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from simulations.cli import main
from simulations.experiments import store as run_store

SHORT = ["--set", "business.days=30", "--set", "business.warmup_days=5"]
QUIET = ["-q", "--no-plots", "-w", "1"]
RUN = ["run", "product_centric", "-n", "3", *SHORT, *QUIET]
TABLE = "replications_product_centric.csv"


def _err(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _runs(folder: Path) -> list[Path]:
    return sorted(folder.glob("runs/*/*.pkl"))


def _same_table(a: Path, b: Path, name: str = TABLE) -> None:
    pd.testing.assert_frame_equal(pd.read_csv(a / name), pd.read_csv(b / name))


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> Path:
    """An uninterrupted run with its transactions, to compare against."""
    out = tmp_path_factory.mktemp("whole")
    assert main([*RUN, "-o", str(out), "--transactions", str(out / "tx.csv")]) == 0
    return out


def test_transactions_on_resume_are_those_of_an_uninterrupted_run(
    whole, tmp_path, capsys
):
    out = tmp_path / "o"
    assert main([*RUN, "-o", str(out)]) == 0  # finished, without the visits
    tx = tmp_path / "tx.csv"
    assert main([*RUN, "-o", str(out), "--resume", "--transactions", str(tx)]) == 0
    assert tx.read_bytes() == (whole / "tx.csv").read_bytes()
    assert _manifest(out)["complete"] is True
    # Interrupted, then resumed with the transactions: the same rows again.
    _runs(out)[1].unlink()
    manifest = _manifest(out)
    (out / "manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    tx.unlink()
    assert main([*RUN, "-o", str(out), "--resume", "--transactions", str(tx)]) == 0
    assert tx.read_bytes() == (whole / "tx.csv").read_bytes()
    _same_table(whole, out)
    assert _err(capsys) == []


def test_a_finished_experiment_stays_finished_when_a_resume_fails(
    tmp_path, capsys, monkeypatch
):
    out = tmp_path / "o"
    assert main([*RUN, "-o", str(out)]) == 0

    def broken(*args, **kwargs):
        raise ValueError("no table today")

    monkeypatch.setattr("simulations.cli.run.write_runs", broken)
    assert main([*RUN, "-o", str(out), "--resume"]) == 1
    assert _manifest(out)["complete"] is True


def test_a_changed_byte_in_a_stored_run_is_found_and_the_run_redone(
    whole, tmp_path, capsys
):
    out = tmp_path / "o"
    assert main([*RUN, "-o", str(out)]) == 0
    assert len(_manifest(out)["runs"]) == 3
    damaged = _runs(out)[1]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    capsys.readouterr()
    assert main([*RUN, "-o", str(out), "--resume"]) == 0
    lines = _err(capsys)
    assert len(lines) == 1 and lines[0].startswith("cfl: warning: 1 stored"), lines
    assert "checksum" in lines[0] and damaged.name in lines[0]
    _same_table(whole, out)
    assert main([*RUN, "-o", str(out), "--resume"]) == 0  # all good again
    assert _err(capsys) == []


@pytest.mark.parametrize("damage", ["truncated", "not json", "a list", "missing"])
def test_a_damaged_manifest_is_rebuilt_from_the_intact_runs(
    whole, tmp_path, capsys, damage
):
    out = tmp_path / "o"
    assert main([*RUN, "-o", str(out)]) == 0
    _runs(out)[2].unlink()  # unfinished
    text = (out / "manifest.json").read_text()
    path = out / "manifest.json"
    if damage == "missing":
        path.unlink()
    else:
        path.write_text(
            {"truncated": text[: len(text) // 2], "not json": "\x00x"}.get(
                damage, "[1, 2]"
            )
        )
    capsys.readouterr()
    assert main([*RUN, "-o", str(out)]) == 2  # not silently replaced
    lines = _err(capsys)
    assert len(lines) == 1 and "--resume" in lines[0], lines
    kept = [p.stat().st_mtime_ns for p in _runs(out)]
    assert main([*RUN, "-o", str(out), "--resume"]) == 0
    lines = _err(capsys)
    assert len(lines) == 1 and "rebuilt from the 2 intact" in lines[0], lines
    assert [p.stat().st_mtime_ns for p in _runs(out)[:2]] == kept  # not run again
    _same_table(whole, out)
    manifest = _manifest(out)
    assert manifest["complete"] is True and len(manifest["runs"]) == 3


def test_a_rebuilt_manifest_refuses_the_runs_of_another_experiment(tmp_path, capsys):
    out = tmp_path / "o"
    assert main([*RUN, "-o", str(out), "--seed", "1"]) == 0
    (out / "manifest.json").write_text("{")
    capsys.readouterr()
    assert main([*RUN, "-o", str(out), "--seed", "2", "--resume"]) == 2
    lines = _err(capsys)
    assert len(lines) == 1 and "of another experiment" in lines[0], lines
    assert len(_runs(out)) == 3  # nothing lost


def _linked(path: Path, text: str) -> Path:
    """``path`` with ``text`` in it, and a hard link to it beside it."""
    path.write_text(text)
    link = path.with_name(path.name + ".link")
    os.link(path, link)
    return link


def test_files_are_replaced_whole_never_written_in_place(tmp_path):
    """A file written in place would change its hard link too."""
    out = tmp_path / "o"
    out.mkdir()
    tx, toml = tmp_path / "tx.csv", tmp_path / "my.toml"
    links = [
        _linked(tx, "old"),
        _linked(toml, "old"),
        _linked(out / TABLE, "old"),
        _linked(out / "manifest.json", json.dumps({"complete": True})),
    ]
    assert main([*RUN, "-o", str(out), "--transactions", str(tx)]) == 0
    assert main(["save", "client_centric", str(toml), "--force"]) == 0
    assert all(
        link.read_text() != path.read_text()
        for link, path in zip(
            links, [tx, toml, out / TABLE, out / "manifest.json"], strict=True
        )
    )
    assert [link.read_text() for link in links[:3]] == ["old"] * 3


def test_save_refuses_to_replace_a_file_without_force(tmp_path, capsys):
    path = tmp_path / "my.toml"
    path.write_text("mine")
    assert main(["save", "client_centric", str(path)]) == 2
    lines = _err(capsys)
    assert len(lines) == 1 and str(path) in lines[0] and "--force" in lines[0]
    assert path.read_text() == "mine"
    assert main(["save", "client_centric", str(path), "--force"]) == 0
    assert 'name = "client-centric"' in path.read_text()


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("missing/tx.csv", ["--transactions", "'missing'", "does not exist"]),
        ("/sys/tx.csv", ["--transactions", "'/sys'", "cannot write"]),
        ("FOLDER", ["--transactions", "is a folder"]),
    ],
)
def test_a_transactions_path_that_cannot_be_written_stops_before_the_run(
    tmp_path, capsys, monkeypatch, where, words
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(run_store.RunStore, "save", _no_save)
    where = str(tmp_path) if where == "FOLDER" else where
    status = main([*RUN, "-o", str(tmp_path / "o"), "--transactions", where])
    assert status == 2
    lines = _err(capsys)
    assert len(lines) == 1 and lines[0].startswith("cfl: error: --transactions")
    for word in words:
        assert word in lines[0], lines[0]
    assert "None" not in lines[0]


def _no_save(*args, **kwargs):
    raise AssertionError("a replication ran before the paths were checked")


@pytest.mark.parametrize("where", ["/sys/cfl-results", "/proc/cfl-results"])
def test_an_output_folder_that_cannot_be_made_stops_before_the_run(
    capsys, monkeypatch, where
):
    monkeypatch.setattr(run_store.RunStore, "save", _no_save)
    assert main([*RUN, "-o", where]) == 2
    lines = _err(capsys)
    assert len(lines) == 1 and f"cannot write to output folder {where!r}" in lines[0]
    assert "None" not in lines[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_folder_that_stops_taking_files_mid_run_is_one_line(
    whole, tmp_path, capsys, monkeypatch, workers
):
    """The results folder stops taking files after two replications (as when
    it is made read-only; the tests run as root, whom permissions do not stop)."""
    out = tmp_path / "o"
    real = run_store.atomic_write
    calls = []

    def refusing(path, write):
        calls.append(path)
        if len(calls) > 2:
            raise PermissionError(13, "Permission denied", str(path) + ".tmp")
        return real(path, write)

    monkeypatch.setattr(run_store, "atomic_write", refusing)
    args = ["run", "product_centric", "-n", "6", *SHORT, "-q", "--no-plots"]
    assert main([*args, "-w", workers, "-o", str(out)]) == 2
    lines = _err(capsys)
    assert len(lines) == 1 and "cannot write to output folder" in lines[0], lines
    assert "Permission denied" in lines[0] and "2 replications" in lines[0]
    assert len(_runs(out)) == 2
    monkeypatch.setattr(run_store, "atomic_write", real)
    assert main([*args, "-w", workers, "-o", str(out), "--resume"]) == 0
    full = tmp_path / "full"
    assert main([*args, "-w", "1", "-o", str(full)]) == 0
    _same_table(full, out)
