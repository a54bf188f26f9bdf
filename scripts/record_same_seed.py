"""Record the KPIs of the three presets and a plain queue for one seed, and
a digest of every record of a few short runs.

``tests/test_same_seed.py`` asserts that the model still gives these numbers
and these records, bit for bit. Re-record them
(``python scripts/record_same_seed.py``) only in a commit that changes the
mechanism or the order of random draws on purpose, and say so in its message.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pandas as pd

from simulations import PRESETS, Scenario, single_run
from simulations.model import Model
from simulations.records import RunRecords

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
OUT = DATA / "same_seed_kpis.json"
OUT_RECORDS = DATA / "same_seed_records.json"


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


def short_cases() -> dict[str, Scenario]:
    """Short runs whose every record is kept as a digest: each preset, the
    lab's typical own policy (one more member of staff), a plain queue, and
    the world's other branches (exponential service, gamma-gamma spend that
    varies visit to visit, key customers first, first-visit leaving off)."""
    short = {"business.days": 90, "business.warmup_days": 30}
    found = {name: Scenario.preset(name).copy(None, **short) for name in PRESETS}
    found["own_staff_4"] = Scenario.preset("product_centric").copy(
        None, **short, **{"business.staff": 4}
    )
    found["plain_queue"] = Scenario.plain_queue(432.0, 8.0, 3, days=20, patience=5.0)
    found["other_branches"] = Scenario.preset("client_centric").copy(
        None,
        **short,
        **{
            "business.service_distribution": "exponential",
            "customers.spend_distribution": "gamma_gamma",
            "customers.spend_visit_shape": 4.0,
            "customers.first_visit_leaving": False,
            "service.queue_discipline": "priority",
        },
    )
    return found


def digest(frame: pd.DataFrame | None) -> str:
    """SHA-256 of a table written out with every bit of every number."""
    if frame is None:
        return ""
    text = frame.to_csv(float_format="%.17g")
    return hashlib.sha256(text.encode()).hexdigest()


def digests(records: RunRecords) -> dict[str, str]:
    """Digests of a run's tables of visits, customers and days, and its sums."""
    sums = {
        "tally": repr(records.tally),
        "areas": repr((records.busy_area, records.wait_area, records.unfinished)),
        "outlooks": repr(
            (records.outlook_start.tolist(), records.outlook_end.tolist())
        ),
    }
    return {
        "visits": digest(records.visits),
        "customers": digest(records.customers),
        "daily": digest(records.daily),
        "sums": hashlib.sha256(json.dumps(sums, sort_keys=True).encode()).hexdigest(),
    }


def record_digests() -> dict[str, dict[str, str]]:
    """Digests of the records of each short case, replication 1, and of a
    run continued in rounds with levers changed between them."""
    table = {
        name: digests(Model(scenario, 1).run())
        for name, scenario in short_cases().items()
    }
    rounds = Model(short_cases()["product_centric"], 2, continuing=True)
    rounds.advance(30)
    rounds.set_levers({"business.staff": 5, "service.queue_discipline": "priority"})
    rounds.advance(30)
    rounds.set_levers({"business.staff": 2, "retention.loyalty_programme": True})
    rounds.advance(30)
    table["rounds"] = digests(rounds.records())
    return table


if __name__ == "__main__":
    OUT.write_text(json.dumps(record(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
    OUT_RECORDS.write_text(
        json.dumps(record_digests(), indent=1, sort_keys=True) + "\n"
    )
    print(f"wrote {OUT_RECORDS}")
