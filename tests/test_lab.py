"""The policy lab without a browser: levers, runs, errors, files, the report.

Runs are short (60 days, 3 replications, in this process) so that the whole
file takes seconds; one test checks that the process pool gives the same
numbers as a run in this process.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulations import Scenario, levers
from simulations import lab as lab_module
from simulations.lab import CACHE, HORIZON, PolicyLab, lever_specs
from simulations.lab import state as lab_state
from simulations.lab.shared import RESULTS
from simulations.lab.widgets import show_value
from simulations.parameters import GROUPS, ParameterError
from simulations.present.report import html_report
from simulations.results import HEADLINE

FAST = {"days": 60, "warmup_days": 10, "replications": 3, "workers": 1}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    CACHE.clear()
    RESULTS.clear()
    yield
    CACHE.clear()
    RESULTS.clear()


@pytest.fixture(scope="module", autouse=True)
def _stop_pool() -> Iterator[None]:
    yield
    lab_module.shutdown_pool()


@pytest.fixture
def lab(tmp_path: Path) -> PolicyLab:
    return PolicyLab(**FAST, save_dir=tmp_path)


def finite(values: object) -> bool:
    return all(math.isfinite(float(x)) for x in values)


# ---------------------------------------------------------------- building
@pytest.mark.parametrize("code", ["en", "ru"])
def test_lever_tooltips_name_allowed_values_in_plain_words(code: str) -> None:
    from simulations.i18n import language
    from simulations.lab.widgets import make_widget
    from simulations.present.labels import word_for
    from tests.support.russian import english_words

    with language(code):
        specs = {s.dotted: s for s in lever_specs()}
        tips = {d: make_widget(s, s.default).tooltip for d, s in specs.items()}
        words = {c: word_for(c) for s in specs.values() for c in s.choices or ()}
    for dotted, spec in specs.items():
        if spec.kind is bool:  # a checkbox says yes or no by itself
            continue
        allowed = tips[dotted].removeprefix(spec.doc)
        for key in spec.choices or ():  # the dropdown's labels, never the keys
            assert words[key] != key and words[key] in allowed, (dotted, allowed)
            assert repr(key) not in allowed, (dotted, allowed)
        if code == "ru":
            assert not english_words(allowed), (dotted, allowed)
    if code == "ru":  # numbers as Russian writes them
        assert "0,5" in tips["retention.discount"]
        assert "3\u00a0650" in tips["business.days"]
        assert "«в порядке очереди»" in tips["service.queue_discipline"]
    else:
        assert "from 0 to 0.5" in tips["retention.discount"]
        assert "3,650" in tips["business.days"]


def test_levers_come_from_the_parameter_metadata(lab: PolicyLab) -> None:
    lever_rows = {
        f"{row['group']}.{row['name']}": row
        for row in Scenario.describe()
        if row["lever"]
    }
    assert set(lab.inputs) == set(lever_rows) | set(HORIZON)
    for dotted, row in lever_rows.items():
        widget = lab.inputs[dotted]
        assert row["meaning"] in widget.tooltip
        section, _, name = dotted.rpartition(".")
        meta = next(
            f.metadata
            for f in GROUPS[section].__dataclass_fields__.values()
            if f.name == name
        )
        if hasattr(widget, "min") and meta["low"] is not None:
            assert widget.min == meta["low"]
        if hasattr(widget, "max") and meta["high"] is not None:
            assert widget.max == meta["high"]
        if meta["choices"] is not None:
            assert [v for _, v in widget.options] == list(meta["choices"])
    assert lab.lever_tabs.titles[:4] == (
        "Attraction",
        "Working with the client",
        "Retention",
        "Return (win-back)",
    )
    assert lab.lever_tabs.titles[4] == "Business"
    assert {s.dotted for s in lever_specs()} == set(lab.inputs)


def test_the_scenario_starts_as_a_copy_of_the_baseline(lab: PolicyLab) -> None:
    base, scenario = lab.build()
    assert levers(base) == levers(scenario)
    assert base.business.days == scenario.business.days == 60
    assert base.name != scenario.name
    assert lab.error_text == ""
    bundle = lab._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


# ---------------------------------------------------------------- running
def test_run_change_a_lever_and_the_kpis_change(lab: PolicyLab) -> None:
    first = lab.run()
    assert first is not None, lab.error_text
    assert lab.results is first
    assert list(first.table.index) == list(HEADLINE)
    assert finite(
        first.table[["baseline", "scenario", "difference"]].to_numpy().ravel()
    )
    # Same policy, same random numbers: the same numbers exactly.
    assert (first.table["difference"] == 0).all()
    assert set(first.verdicts) == {"no clear difference"}
    assert first.cached == 3  # the copy waits for the baseline's runs

    assert lab.set_lever("business.staff", 5)
    assert "cfl-changed" in lab.hints["business.staff"].value
    second = lab.run()
    assert second is not None, lab.error_text
    assert second.cached == 3  # the baseline came from the cache
    table = second.table
    assert table.loc["profit", "baseline"] == first.table.loc["profit", "baseline"]
    assert table.loc["profit", "scenario"] != first.table.loc["profit", "scenario"]
    # Two more staff: less waiting, lower occupancy, higher staff cost.
    assert table.loc["occupancy", "difference"] < 0
    assert table.loc["occupancy", "verdict"].startswith("Staff occupancy lower")
    assert table.loc["mean_wait", "difference"] < 0
    assert second.timings["kpis"] <= second.timings["total"]
    assert "Staff occupancy lower" in lab.table_box.value
    # On the page the verdicts speak in the KPIs' units.
    assert table.loc["occupancy", "plain"].startswith("Staff occupancy lower by ")
    assert " ± " in table.loc["occupancy", "plain"]
    assert "\xa0pp (95%)" in table.loc["occupancy", "plain"]
    assert table.loc["occupancy", "plain"] in lab.summary_box.value
    assert len(lab.figure_tabs.children) == len(second.images) >= 4
    assert lab.figure_tabs.selected_index == 0
    # The figures are SVG for the browser to draw, one chart per panel.
    assert all(chart.value.count("<svg") >= 1 for chart in lab.figure_tabs.children)
    assert lab.figure_tabs.children[0].value.count("<svg") == 3  # three KPIs
    # The report is made only when asked for, then offered for download.
    assert not second._reports
    assert "data:text/html" not in lab.report_link.value
    lab.make_report_button.click()
    assert second._reports["en"].startswith("<!DOCTYPE html>")
    assert lab.report_link.value.count("data:text/html") == 1


def test_levers_of_the_four_directions_reach_the_scenario(lab: PolicyLab) -> None:
    changes = {
        "attraction.acquisition_budget": 1000.0,
        "attraction.referral_programme": True,
        "service.training_level": 0.7,
        "service.queue_discipline": "priority",
        "retention.loyalty_programme": True,
        "retention.discount": 0.1,
        "winback.campaign": True,
        "winback.contact_after_days": 20.0,
    }
    for name, value in changes.items():
        assert lab.set_lever(name, value), lab.error_text
        assert lab.inputs[name].value in (value, show_value(value))
    _, scenario = lab.build()
    for name, value in changes.items():
        assert scenario.get(name) == value
    lab.reset_to_baseline()
    base, scenario = lab.build()
    assert levers(base) == levers(scenario)


def test_the_pool_gives_the_same_numbers(tmp_path: Path) -> None:
    here = PolicyLab(**FAST, save_dir=tmp_path)
    here.set_lever("service.training_level", 0.6)
    alone = here.run()
    CACHE.clear()
    pooled_lab = PolicyLab(**{**FAST, "workers": 2}, save_dir=tmp_path)
    pooled_lab.set_lever("service.training_level", 0.6)
    pooled = pooled_lab.run()
    assert alone is not None and pooled is not None, pooled_lab.error_text
    assert pooled.cached == 0
    columns = ["baseline", "scenario", "difference", "difference_hw"]
    assert alone.table[columns].equals(pooled.table[columns])


# ---------------------------------------------------------------- errors
def test_an_impossible_combination_is_a_message_not_an_exception(
    lab: PolicyLab,
) -> None:
    assert not lab.set_lever("business.warmup_days", 60)  # = days
    assert "business.warmup_days = 60" in lab.error_text
    assert "less than business.days = 60" in lab.error_text
    assert lab.error_box.layout.display == "block"
    assert lab.run() is None
    assert lab.error_text.startswith("Cannot run: business.warmup_days")
    assert lab.results is None
    assert lab.set_lever("business.warmup_days", 10)
    assert lab.error_text == ""
    assert lab.error_box.layout.display == "none"


def test_a_value_out_of_range_is_refused_with_its_range(lab: PolicyLab) -> None:
    assert not lab.set_lever("service.training_level", 2)
    assert lab.error_text == (
        "service.training_level = 2.0 is not allowed; must be a number >= 0 and <= 1"
    )
    assert lab.lever_values["service.training_level"] != 2
    assert not lab.set_lever("service.target_wait", 0)  # the bound is open
    assert "service.target_wait" in lab.error_text
    assert not lab.set_lever("business.staf", 4)
    assert "not a lever" in lab.error_text
    assert not lab.set_lever("customers.patience", 5.0)  # an assumption


def test_an_open_bound_typed_into_the_page_is_caught(lab: PolicyLab) -> None:
    lab.inputs["service.target_wait"].value = "0"  # as if typed on the page
    assert "service.target_wait = 0.0 is not allowed" in lab.error_text


def test_an_error_during_the_run_is_shown(
    lab: PolicyLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(lab_state, "compare", broken)
    assert lab.run() is None
    assert lab.error_text == "The run failed; nothing was changed. Please try again."
    assert not lab.run_button.disabled  # the page is usable again

    def refused(*args: object, **kwargs: object) -> None:
        raise ParameterError("replications = 0 is not allowed")

    monkeypatch.setattr(lab_state, "compare", refused)
    assert lab.run() is None
    assert lab.error_text == "Cannot run: replications = 0 is not allowed"


def test_a_failing_callback_never_raises(lab: PolicyLab) -> None:
    lab.run_button.click()  # through the page's callback: a full run
    lab.wait(300)
    assert lab.error_text == ""
    assert lab.results is not None
    lab.file_name.value = "../outside"
    lab.save_button.click()
    assert "not allowed" in lab.error_text


# ---------------------------------------------------------------- files
def test_save_then_load_round_trip(lab: PolicyLab, tmp_path: Path) -> None:
    lab.set_lever("business.staff", 4)
    lab.set_lever("retention.loyalty_programme", True)
    lab.set_lever("retention.eligible_from", "loyal")
    lab.set_lever("winback.campaign", True)
    wanted = dict(lab.lever_values)
    path = lab.save_scenario("my policy")
    assert path == tmp_path / "my policy.toml"
    saved = Scenario.from_toml(path)
    assert saved.business.staff == 4
    assert saved.business.days == 60
    assert saved.name == "new policy"

    lab.reset_to_baseline()
    assert lab.lever_values != wanted
    assert lab.load_scenario("my policy.toml")
    assert lab.lever_values == wanted
    assert lab.inputs["business.staff"].value == "4"
    assert lab.scenario_picker.label == "file: my policy.toml"
    _, scenario = lab.build()
    assert scenario.to_dict() == saved.to_dict()
    assert "Loaded" in lab.files_box.value


def test_load_into_the_baseline_and_by_upload(lab: PolicyLab) -> None:
    text = Scenario.preset("client_centric").to_toml()
    assert lab.load_scenario_text(text, "cc.toml", target="baseline")
    base, scenario = lab.build()
    assert base.service.training_level == 0.8
    # The scenario was an unchanged copy of the baseline: it follows.
    assert levers(scenario) == levers(base)

    other = Scenario.preset("customer_oriented").to_toml().encode()
    lab._on_upload({"new": ({"name": "co.toml", "content": memoryview(other)},)})
    assert lab.error_text == ""
    _, scenario = lab.build()
    assert scenario.attraction.acquisition_budget == 30000.0
    assert lab.name_box.value == "customer-oriented"


def test_file_errors_are_shown(lab: PolicyLab, tmp_path: Path) -> None:
    assert not lab.load_scenario("missing")
    assert "no saved scenario 'missing.toml'" in lab.error_text
    (tmp_path / "bad.toml").write_text("[business]\nstaff = 0\n")
    assert not lab.load_scenario("bad")
    assert "business.staff = 0 is not allowed" in lab.error_text
    (tmp_path / "broken.toml").write_text("[business\n")
    assert not lab.load_scenario("broken")
    assert "TOML is malformed" in lab.error_text
    for name in ("../up", "/etc/passwd", ".hidden", ""):
        assert lab.save_scenario(name) is None
        assert "not allowed" in lab.error_text
    assert lab.save_report("early") is None
    assert "run a comparison first" in lab.error_text
    lab.set_lever("business.warmup_days", 60)
    assert lab.save_scenario("impossible") is None
    assert "warmup_days" in lab.error_text
    assert not (tmp_path / "impossible.toml").exists()


# ---------------------------------------------------------------- the report
def test_the_report_has_verdicts_parameters_and_images(
    lab: PolicyLab, tmp_path: Path
) -> None:
    lab.set_lever("business.staff", 5)
    lab.set_lever("service.greet_waiting", True)
    results = lab.run()
    assert results is not None, lab.error_text
    page = results.report
    assert page.startswith("<!DOCTYPE html>")
    for verdict in results.verdicts:
        assert verdict in page
    for verdict in results.plain_verdicts:
        if not verdict.endswith("no clear difference"):
            assert verdict in page
    assert "Staff occupancy lower" in page
    # Parameters by their plain labels; the dotted name is the row's tooltip.
    assert "Staff serving at once (lever)" in page and "title='business.staff'" in page
    assert "Greeting waiting customers (lever)" in page
    assert "title='customers.patience'" in page  # the assumptions are listed too
    figures = re.findall(r"<figure><div class='cfl-figure'>", page)
    assert len(figures) == len(results.images) >= 4
    assert page.count("<svg") >= 2 * len(figures)  # each figure has its panels
    assert "3 runs" in page
    assert "95% confidence" in page
    assert re.search(r"created\s*<span class=\"cfl-date\">\d{4}-\d\d-\d\d", page)
    assert "<script" not in page and "http://" not in page and "https://" not in page

    path = lab.save_report("report")
    assert path == tmp_path / "report.html"
    assert path.read_text(encoding="utf-8") == page
    # The report is a function of the comparison alone.
    again = html_report(results.comparison, results.baseline, results.scenario)
    assert again.count("<svg") == page.count("<svg")


def test_baseline_presets_and_the_scenario_picker(lab: PolicyLab) -> None:
    lab.baseline_picker.value = "customer_oriented"  # as on the page
    base, scenario = lab.build()
    assert base.name == "customer-oriented"
    assert levers(scenario) == levers(base)  # an unchanged copy follows

    lab.set_lever("business.staff", 4)
    lab.baseline_picker.value = "client_centric"
    base, scenario = lab.build()
    assert base.name == "client-centric"
    assert scenario.business.staff == 4  # an edited scenario stays
    assert scenario.attraction.acquisition_budget == 30000.0

    lab.scenario_picker.value = "product_centric"
    _, scenario = lab.build()
    assert levers(scenario) == levers(Scenario.preset("product_centric"))
    assert lab.notice_box.layout.display == "none"  # presets differ in levers only


# ---------------------------------------------------------------- layers
def test_the_state_needs_no_widgets_and_nothing_below_imports_the_lab() -> None:
    code = (
        "import sys\n"
        "import simulations.present.report, simulations.experiments\n"
        "assert not any(m.startswith('simulations.lab') for m in sys.modules)\n"
        "from simulations.lab import state\n"
        "lab = state.LabState(days=60, warmup_days=10, workers=1)\n"
        "lab.set('business.staff', 4)\n"
        "assert lab.build()[1].business.staff == 4\n"
        "assert 'ipywidgets' not in sys.modules, 'the state imported ipywidgets'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
