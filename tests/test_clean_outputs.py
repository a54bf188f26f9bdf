"""The clean-outputs check that rides on nbval's run of the notebooks.

:mod:`tests.support.clean_outputs` fails a notebook cell whose outputs show a
warning, NaN, a traceback or a machine path, and, in the course modules and
student exercises, keys, paths, commands or code names. The notebooks
themselves are checked when nbval runs them (``pytest --nbval-lax notebooks``,
part of CI); here the checker is tested on made-up outputs, and once through
pytest on a tiny notebook, so that a broken hook cannot pass silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from tests.support.clean_outputs import dirty, is_learner_notebook

ROOT = Path(__file__).resolve().parents[1]


def _stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def _html(text: str) -> dict:
    return {"output_type": "display_data", "data": {"text/html": text}}


def test_each_kind_of_dirt_is_found() -> None:
    cases = {
        "a warning": _stream("x.py:3: RuntimeWarning: Mean of empty slice\n"),
        "NaN": _html("<table><tr><td>yes</td><td>NaN</td></tr></table>"),
        "a traceback": _stream("Traceback (most recent call last):\n  ...\n"),
        "a machine path": _stream("cfl command: /usr/local/bin/cfl\n"),
    }
    for what, output in cases.items():
        found = dirty([output], learner=False)
        assert any(f.startswith(what) for f in found), (what, found)
    assert dirty([_stream("careful\n", "stderr")], learner=False)


def test_plain_words_are_checked_only_where_learners_read() -> None:
    leak = _html("<p>Set <code>service.greet_waiting</code> in my.toml</p>")
    assert dirty([leak], learner=True)
    assert not dirty([leak], learner=False)
    assert is_learner_notebook(ROOT / "notebooks" / "04_service_levels.ipynb")
    assert is_learner_notebook(ROOT / "exercises" / "student" / "04_x.ipynb")
    assert not is_learner_notebook(ROOT / "exercises" / "solutions" / "04_x.ipynb")


def test_clean_outputs_pass() -> None:
    outputs = [
        _stream("Profit: 4,300 ₽ more a month (95% interval 3,500 to 5,100 ₽)\n"),
        _html("<table><tr><td>Mean wait</td><td>n/a</td></tr></table>"),
        {"output_type": "display_data", "data": {"image/png": "iVBOR..."}},
    ]
    assert dirty(outputs, learner=True) == []


def test_nbval_fails_a_cell_with_a_warning(tmp_path: Path) -> None:
    """The hook is live: nbval passes a clean cell and fails a warning."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("print('fine')"),
        nbformat.v4.new_code_cell(
            "import warnings\nwarnings.warn('careful', RuntimeWarning)"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT)]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.support.clean_outputs",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "-q",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-2000:]
    assert "1 failed, 1 passed" in out, out[-2000:]
    assert "outputs are not clean" in out and "stderr" in out, out[-2000:]
