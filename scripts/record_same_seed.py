"""Record the KPIs of the three presets and a plain queue for one seed.

``tests/test_same_seed.py`` asserts that the model still gives these numbers.
Re-record them (``python scripts/record_same_seed.py``) only in a commit that
changes the mechanism or the order of random draws on purpose, and say so in
its message.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from simulations import PRESETS, Scenario, single_run

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "same_seed_kpis.json"


def cases() -> dict[str, Scenario]:
    """The scenarios whose numbers are recorded, by name."""
    found = {name: Scenario.preset(name) for name in PRESETS}
    found["plain_queue"] = Scenario.plain_queue(432.0, 8.0, 7, days=60, patience=5.0)
    return found


def record() -> dict[str, dict[str, float | None]]:
    """KPIs of each case for its default seed; NaN is written as null."""
    table = {}
    for name, scenario in cases().items():
        kpis = single_run(scenario).kpis
        table[name] = {k: (None if math.isnan(v) else v) for k, v in kpis.items()}
    return table


if __name__ == "__main__":
    OUT.write_text(json.dumps(record(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
