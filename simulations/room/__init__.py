"""The seminar room's server, and the parts of it that the lab and the game share.

Two layers, each importing only downwards:

- below the faces (the lab and the game use them; they import neither):
  :mod:`~simulations.room.fair` (the fair queue of runs: one job per visitor,
  first come first served, Cancel, a cap on a run's work),
  :mod:`~simulations.room.pool` (the process's pool and its one fair queue),
  :mod:`~simulations.room.assets` (the page's front-end files, served
  read-only: no request writes a file or makes the server reach the
  internet), :mod:`~simulations.room.guard` (the room code, no server name),
  :mod:`~simulations.room.sessions` (session ids that only the server hands
  out; who is a person);
- above the faces: :mod:`~simulations.room.app` (the pages: the policy lab
  at ``/``, :class:`~simulations.lab.PolicyLab`, one light session per
  visitor; the seminar game under ``/game``) and
  :mod:`~simulations.room.server` (one Solara server process,
  ``bash scripts/app``).

Importing this package imports neither layer; nothing below the faces imports
:mod:`~simulations.room.app` or :mod:`~simulations.room.server`.
"""
