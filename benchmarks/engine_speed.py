"""CPU of one replication of the lab's run, against another revision's engine.

A visitor's own run in the room simulates 5 replications of their policy
over the lab's horizon (``LAB_DAYS``, warm-up included); the first keeps its
visits for the figures. This report times exactly that, for the lab's typical
own policy (one more member of staff than the product-centric baseline) and
for the three presets, with this checkout's engine and with a reference
revision's (``--reference``, default ``main``), in the same process and in
turns, so that a change in the load of a shared machine hits both alike.

The reference is the revision's ``simulations/`` folder, taken with
``git archive`` into a temporary folder and imported under another name. The
report also checks that both give the same KPIs for every replication timed
(the records themselves are compared bit for bit by
``tests/test_same_seed.py``).

CPU seconds of this process are reported, not wall time: other work on a
shared machine does not inflate them. Each figure is the median over
``--repeats`` turns of the CPU of the 5 replications, divided by 5.

    python benchmarks/engine_speed.py               # about 1 min of CPU
    python benchmarks/engine_speed.py --repeats 3 --cases own_staff_4
    python benchmarks/engine_speed.py --reference HEAD~3

A report, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import math
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import simulations
from simulations import PRESETS, Scenario
from simulations.lab.state import DEFAULT_REPLICATIONS, LAB_DAYS, LAB_WARMUP_DAYS

ROOT = Path(__file__).resolve().parents[1]
REPLICATIONS = DEFAULT_REPLICATIONS
HORIZON = {"business.days": LAB_DAYS, "business.warmup_days": LAB_WARMUP_DAYS}
GOAL_S = 0.14  # CPU a replication that fits page + own run in 1.2 s (README)


def cases() -> dict[str, dict[str, object]]:
    """Lever changes from the product-centric preset, or a preset, by name."""
    found: dict[str, dict[str, object]] = {"own_staff_4": {"business.staff": 4}}
    for name in PRESETS:
        found[name] = {}
    return found


def scenario_of(package: ModuleType, case: str) -> Scenario:
    """The case's scenario, built by ``package`` (this checkout or the reference)."""
    preset = "product_centric" if case == "own_staff_4" else case
    changes = {**HORIZON, **cases()[case]}
    return package.Scenario.preset(preset).copy(case, **changes)


def load_reference(revision: str, folder: Path) -> ModuleType | None:
    """Import ``revision``'s ``simulations`` package as ``cfl_reference``."""
    try:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "simulations"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"reference {revision!r} not read ({error}); absolute figures only")
        return None
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(folder, filter="data")
    init = folder / "simulations" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "cfl_reference", init, submodule_search_locations=[str(init.parent)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["cfl_reference"] = module
    spec.loader.exec_module(module)
    return module


def five(package: ModuleType, scenario: Scenario) -> Callable[[], list[dict]]:
    """The lab's five replications of ``scenario``; the first keeps its visits."""
    run = importlib.import_module(package.__name__ + ".model").single_run

    def go() -> list[dict]:
        return [run(scenario, i, i == 0).kpis for i in range(REPLICATIONS)]

    return go


def cpu_of(work: Callable[[], list[dict]]) -> tuple[float, list[dict]]:
    """CPU seconds of one call of ``work``, and what it returned.

    The garbage the call leaves is collected inside the measurement: an
    engine that only put off collecting would otherwise look faster.
    """
    gc.collect()
    start = time.process_time()
    result = work()
    gc.collect()
    return time.process_time() - start, result


def same(a: list[dict], b: list[dict]) -> bool:
    """Whether two lists of KPIs are equal, NaN equal to NaN."""
    return all(
        x.keys() == y.keys()
        and all(x[k] == y[k] or (math.isnan(x[k]) and math.isnan(y[k])) for k in x)
        for x, y in zip(a, b, strict=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="turns of each case")
    parser.add_argument("--reference", default="main", help="git revision to beat")
    parser.add_argument("--cases", nargs="+", default=list(cases()), choices=cases())
    args = parser.parse_args()
    print(
        f"CPU seconds a replication (median of {args.repeats} turns of "
        f"{REPLICATIONS} replications, {LAB_DAYS} days, the first {LAB_WARMUP_DAYS} "
        "a warm-up); "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}: the machine may "
        "be shared, so CPU time is reported, not wall time"
    )
    with tempfile.TemporaryDirectory() as folder:
        reference = load_reference(args.reference, Path(folder))
        header = f"{'case':<20}{'this checkout':>14}"
        if reference is not None:
            header += f"{args.reference[:12]:>14}{'speed-up':>10}  same KPIs"
        print(header)
        for case in args.cases:
            mine = five(simulations, scenario_of(simulations, case))
            theirs = (
                None
                if reference is None
                else five(reference, scenario_of(reference, case))
            )
            cpu_mine, cpu_theirs, agree = [], [], True
            for _ in range(args.repeats):
                seconds, kpis = cpu_of(mine)
                cpu_mine.append(seconds / REPLICATIONS)
                if theirs is not None:
                    seconds, kpis_ref = cpu_of(theirs)
                    cpu_theirs.append(seconds / REPLICATIONS)
                    agree = agree and same(kpis, kpis_ref)
            line = f"{case:<20}{statistics.median(cpu_mine):>13.3f}s"
            if cpu_theirs:
                ratio = statistics.median(cpu_theirs) / statistics.median(cpu_mine)
                line += f"{statistics.median(cpu_theirs):>13.3f}s{ratio:>9.2f}x"
                line += "  yes" if agree else "  NO: the numbers differ"
            print(line)
    print(
        f"goal for the room (README): about {GOAL_S:.2f} s a replication, so that "
        "the page and an own run of 5 replications cost the server <= 1.2 s"
    )


if __name__ == "__main__":
    main()
