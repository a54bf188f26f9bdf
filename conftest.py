"""Project-wide pytest plugins.

:mod:`tests.support.clean_outputs` checks the outputs of every notebook cell
that nbval runs (no warning, NaN, traceback, machine path; plain words where
learners read them), so that the notebooks run once for both checks.
"""

pytest_plugins = ["tests.support.clean_outputs"]
