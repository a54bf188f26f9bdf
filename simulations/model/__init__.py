"""The simulation model: customers, staff, the market and the books of one run.

Dependencies run downwards: ``run`` wires ``customers``, ``service`` (with
``staff``), ``market`` and ``ledger``, which draw from ``streams``. A run ends
in plain :class:`~simulations.records.RunRecords`; ``results`` turns them
into KPIs. Nothing here imports a face (lab, command line, report, plots).
"""

from .run import Model, single_run

__all__ = ["Model", "single_run"]
