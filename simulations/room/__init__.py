"""The policy lab for a whole seminar room: one light web server.

:mod:`simulations.room.server` starts one Solara server process
(``bash scripts/app``); :mod:`simulations.room.app` is its page, the same
widgets as notebook 10 (:class:`~simulations.lab.PolicyLab`), one light
session per visitor. Every visitor's runs go through the lab's shared fair
queue (:mod:`simulations.lab.fair`, :mod:`simulations.lab.shared`); each
visitor's files live in a folder of their own, found by a browser cookie;
:mod:`simulations.room.guard` keeps the room code and hides the server's name;
:mod:`simulations.room.assets` serves the page's front-end files read-only
(no request writes a file or makes the server reach the internet).

Nothing below this package imports it.
"""
