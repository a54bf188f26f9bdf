"""The scenario: every lever and assumption of one simulated business.

A :class:`Scenario` holds seven groups. Four of them are Igor Mann's four
directions of customer focus, the levers a manager pulls:

* ``attraction``  - bringing new customers in (привлечение);
* ``service``     - working with the client at each visit (работа);
* ``retention``   - keeping them (удержание);
* ``winback``     - getting lost ones back (возвращение).

The other three describe the world the levers act on: ``business`` (staff,
hours, horizon), ``customers`` (how people behave) and ``economics``
(money). The presets differ only in lever values, never in hidden rules.

Every value is checked when it is set. A bad one raises
:class:`ParameterError` naming the parameter, the value and what is allowed;
a misspelt name is refused with a suggestion. Scenarios read from and write to
TOML.

Time unit: the model clock counts *opening minutes*. A day is
``business.open_hours * 60`` minutes long
(:func:`~simulations.vocabulary.day_minutes`) and a month is
:data:`~simulations.vocabulary.MONTH_DAYS` days.

The package, by module:

* :mod:`.schema` - :func:`param`, :class:`Group`, :class:`ParameterError`,
  the value checks;
* :mod:`.directions` - the four lever groups (Attraction, Service,
  Retention, Winback);
* :mod:`.world` - Business, Customers, Economics;
* :mod:`.scenario` - :class:`Scenario`, :data:`GROUPS`, :data:`PRESETS`;
* :mod:`.twin` - :class:`Twin`, the customers of a CRM export that a
  calibrated scenario carries;
* :mod:`.catalogue` - :func:`levers`, :func:`plausible_ranges`,
  :func:`needs`, :func:`outcome_key`;
* :mod:`.town` - :class:`TownRules`: how the prospects of the seminar
  game's shared town choose among its businesses (not part of a scenario);
* ``presets/*.toml`` - the shipped scenarios.
"""

from __future__ import annotations

from ..vocabulary import PHASES
from .catalogue import levers, needs, outcome_key, plausible_ranges
from .directions import Attraction, Retention, Service, Winback
from .scenario import GROUPS, PRESETS, Scenario
from .schema import INF, Group, ParameterError, param
from .town import TownRules
from .twin import Twin
from .world import Business, Customers, Economics

__all__ = [
    "GROUPS",
    "INF",
    "PHASES",
    "PRESETS",
    "Attraction",
    "Business",
    "Customers",
    "Economics",
    "Group",
    "ParameterError",
    "Retention",
    "Scenario",
    "Service",
    "TownRules",
    "Twin",
    "Winback",
    "levers",
    "needs",
    "outcome_key",
    "param",
    "plausible_ranges",
]
