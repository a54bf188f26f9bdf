"""Whatever a visitor types, the lab shows it as plain text, never as markup.

Hostile text (an HTML tag with a script handler, a Markdown link to
``javascript:``) goes into every box a visitor fills: the scenario's name,
the file name, a lever, an uploaded scenario file, the calibration's column
names. After a run, no HTML the page shows and no report holds the tag as
markup, and no link leads to ``javascript:``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ipywidgets

from simulations.lab import PolicyLab
from simulations.room.fair import FairQueue

FAST = {"days": 40, "warmup_days": 5, "replications": 2, "workers": 1}
TAG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{TAG}[link](javascript:alert(2)) <script>alert(3)</script> & \"q'"


def html_shown(widget: ipywidgets.Widget) -> list[str]:
    """The HTML of every HTML widget in a widget tree."""
    found = []
    if isinstance(widget, ipywidgets.HTML | ipywidgets.HTMLMath):
        found.append(widget.value)
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            found += html_shown(child)
    return found


def assert_plain(html: str) -> None:
    assert TAG not in html and "<script>alert" not in html, html[:300]
    assert "href='javascript" not in html and 'href="javascript' not in html


def test_what_a_visitor_types_is_shown_as_text(tmp_path: Path) -> None:
    queue = FairQueue(ThreadPoolExecutor(1), slots=1)
    lab = PolicyLab(**FAST, save_dir=tmp_path, queue=queue)
    lab.inputs["business.staff"].value = HOSTILE  # refused, with the text shown
    assert HOSTILE in lab.error_text
    for page in html_shown(lab.widget):
        assert_plain(page)
    lab.inputs["business.staff"].value = "3"
    toml = f'name = "{HOSTILE.replace(chr(34), "")}"\n'.encode()
    lab._on_upload({"new": ({"name": f"{TAG}.toml", "content": memoryview(toml)},)})
    lab.file_name.value = HOSTILE
    lab.save_scenario()
    lab.name_box.value = HOSTILE
    lab.calibration.customer.value = HOSTILE
    lab.calibration.run(b"customer,date,amount\na,2026-01-01,10\n")
    assert TAG in lab.error_text  # the column it could not find
    lab.file_name.value = "report"
    results = lab.run()
    assert results is not None, lab.error_text
    assert results.scenario.name == HOSTILE
    shown = html_shown(lab.widget)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in page for page in shown)
    for page in shown:
        assert_plain(page)
    assert_plain(results.report)
