"""Same seed, same numbers: the recorded KPIs of the presets and a plain queue,
and the records of a few short runs, bit for bit.

A refactoring must not change a single number. The KPIs' tolerance is relative
1e-9, so a library's last-bit change does not fail it; the records are compared
by a digest of every bit, which a faster engine must keep (a change of the order
in which a stream's numbers are used shows here first). A change of mechanism
re-records both with ``python scripts/record_same_seed.py`` in a commit that
says so.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "data" / "same_seed_kpis.json").read_text())
RECORDED_RECORDS = json.loads(
    (ROOT / "tests" / "data" / "same_seed_records.json").read_text()
)

spec = importlib.util.spec_from_file_location(
    "record_same_seed", ROOT / "scripts" / "record_same_seed.py"
)
recorder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(recorder)


@pytest.fixture(scope="module")
def now() -> dict[str, dict[str, float | None]]:
    return recorder.record()


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_same_seed_same_kpis(now, case):
    assert set(now[case]) == set(RECORDED[case])
    for kpi, value in RECORDED[case].items():
        got = now[case][kpi]
        if value is None:
            assert got is None, kpi
        else:
            assert got is not None and math.isclose(
                got, value, rel_tol=1e-9, abs_tol=1e-12
            ), f"{case}.{kpi}: {got} != recorded {value}"


@pytest.fixture(scope="module")
def digests_now() -> dict[str, dict[str, str]]:
    return recorder.record_digests()


@pytest.mark.parametrize("case", sorted(RECORDED_RECORDS))
def test_same_seed_same_records(digests_now, case):
    assert digests_now[case] == RECORDED_RECORDS[case], (
        f"{case}: the records differ from those recorded"
    )
