"""Customer Focus Lab: a SimPy simulator of customer focus.

The public API in one place:

>>> from simulations import Scenario, single_run
>>> result = single_run(Scenario.preset("product_centric"))
>>> sorted(result.kpis)[:3]
['abandonment_rate', 'active_customers', 'arrival_rate']

See ``parameters`` for the scenario, ``model`` for one run, ``analytic`` for
queueing and loyalty formulas, ``experiments`` for replications and
comparisons. ``set_language("ru")`` (or ``CFL_LANG=ru``) makes every label,
verdict, table, figure and message Russian (see ``i18n``).
"""

from .i18n import set_language
from .model import single_run
from .parameters import PRESETS, ParameterError, Scenario, levers
from .results import KPIS, RunResult
from .vocabulary import PHASES

__all__ = [
    "KPIS",
    "PHASES",
    "PRESETS",
    "ParameterError",
    "RunResult",
    "Scenario",
    "levers",
    "set_language",
    "single_run",
]
__version__ = "0.1.0"
