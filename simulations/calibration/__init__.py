"""Calibrate the simulator to a real business from its transactions.

Fit BG/NBD (purchase frequency and drop-out; Fader, Hardie & Lee 2005) and
Gamma-Gamma (spend) to a CRM export by maximum likelihood, check the fit,
and turn it into a scenario of the model ("today's business"):

.. code-block:: python

    from simulations.calibration import calibrate_file

    cal = calibrate_file("sales.csv", "customer_id", "date", "amount")
    cal.parameters()  # estimates, standard errors, intervals
    scenario = cal.scenario()  # the business, ready to simulate

Modules: ``transactions`` (reading, checks, RFM summary), ``bgnbd``,
``gamma_gamma``, ``mle`` (maximum likelihood and standard errors),
``limits`` (fits that run to a boundary, fits that cannot be trusted),
``arrivals`` (new customers as the data show them), ``service_mix``
(drop-out at the business's own service mix, found by ``search``),
``scenario`` (fits to a scenario), ``calibrate`` (all in one call) and
``check`` (the twin checks itself against the data). The package runs the
model; nothing in the model imports it.
"""

from .calibrate import Calibration, calibrate, calibrate_file
from .mle import Estimate
from .scenario import to_scenario
from .transactions import UNITS, CalibrationError, read_transactions, rfm_summary

__all__ = [
    "UNITS",
    "Calibration",
    "CalibrationError",
    "Estimate",
    "calibrate",
    "calibrate_file",
    "read_transactions",
    "rfm_summary",
    "to_scenario",
]
