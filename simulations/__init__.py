"""Customer Focus Lab: a SimPy simulator of customer focus.

The public API in one place:

>>> from simulations import Scenario, single_run
>>> result = single_run(Scenario.preset("product_centric"))
>>> sorted(result.kpis)[:3]
['abandonment_rate', 'active_customers', 'arrival_rate']

See ``parameters`` for the scenario, ``model`` for one run, ``analytic`` for
queueing and loyalty formulas, ``experiments`` for replications and
comparisons.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import single_run as single_run
    from .parameters import PRESETS as PRESETS
    from .parameters import ParameterError as ParameterError
    from .parameters import Scenario as Scenario
    from .parameters import levers as levers
    from .results import KPIS as KPIS
    from .results import RunResult as RunResult
    from .vocabulary import PHASES as PHASES

_HOMES = {
    "KPIS": "results",
    "PHASES": "vocabulary",
    "PRESETS": "parameters",
    "ParameterError": "parameters",
    "RunResult": "results",
    "Scenario": "parameters",
    "levers": "parameters",
    "single_run": "model",
}
"""Where each name of the public API lives. They are imported when first
used, so that ``import simulations.cli`` starts fast (the model brings in
NumPy, pandas, SciPy and SimPy) and a Ctrl-C while it loads can be caught."""

__all__ = sorted(_HOMES)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a name of the public API on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'simulations' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
