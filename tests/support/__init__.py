"""Helpers the tests and the benchmarks share; not part of the package.

* :mod:`tests.support.room` - the room's application in the test process, raw requests;
* :mod:`tests.support.webapp` - start and stop the policy lab's web app
  (``scripts/app``) on a free loopback port, and the flags for headless
  Chromium.
"""
