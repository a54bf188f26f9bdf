"""The lab's page builds what the visitor sees: the lever tabs on first view.

Each widget is a model the room's server keeps and sends to the browser, so
a fresh page builds the first lever tab only; another tab is built the first
time it is selected, or when code looks one of its levers up. These tests
check that a fresh page holds fewer models, and that nothing the levers do
is lost on a tab built late: values set before it was built, hints, Reset,
a refused value, and the page's language. The closed panels "Watch a day"
and "Save and load" are built the first time they are opened.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import ipywidgets as w
import pytest

from simulations import Scenario
from simulations.i18n import language
from simulations.lab import HORIZON, PolicyLab, lever_specs
from simulations.lab.widgets import TABS
from tests.test_lab import FAST, _empty_cache, _stop_pool

__all__ = ["_empty_cache", "_stop_pool"]  # the lab tests' fixtures: fresh caches

MOST_MODELS = 100
"""Widget models a fresh lab may build (with every tab and panel built: 174)."""


def models() -> int:
    """Widget models alive in this process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(w.Widget.widgets)


def tab_of(section: str) -> int:
    return TABS.index(section)


def test_a_fresh_page_builds_one_lever_tab_yet_offers_every_lever(
    tmp_path: Path,
) -> None:
    PolicyLab(**FAST, save_dir=tmp_path)  # imports and shared looks made once
    before = models()
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    made = models() - before
    assert made < MOST_MODELS, made
    assert lab.levers.built == ["attraction"]
    assert not lab.watch.panel.built and not lab.file_controls.panel.built
    assert set(lab.inputs) == {s.dotted for s in lever_specs()}
    assert "business.staff" in lab.inputs and "business.staf" not in lab.inputs
    assert lab.levers.built == ["attraction"]  # asking what exists builds nothing
    with pytest.raises(KeyError):
        lab.inputs["business.staf"]
    # Looking a lever up builds its tab, once.
    staff = lab.inputs["business.staff"]
    assert lab.levers.built == ["attraction", "business"]
    assert lab.inputs["business.staff"] is staff
    page = lab.lever_tabs.children[tab_of("business")]
    rows = [row.children for row in page.children if isinstance(row, w.HBox)]
    assert (staff, lab.hints["business.staff"]) in rows
    # Selecting a tab, as a visitor does, builds it.
    lab.lever_tabs.selected_index = tab_of("service")
    assert lab.levers.built == ["attraction", "service", "business"]
    assert len(lab.lever_tabs.children[tab_of("service")].children) > 0
    assert len(lab.lever_tabs.children[tab_of("retention")].children) == 0
    # Built or not, the widgets read the scenario's values.
    values = lab.levers.read()
    assert set(values) == set(lab.inputs)
    assert values["business.days"] == "60"
    assert values["retention.discount"] == lab.lever_values["retention.discount"]


def test_a_loaded_scenario_shows_on_a_tab_built_later(tmp_path: Path) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    loaded = Scenario.preset("client_centric")
    assert loaded.service.training_level != lab.lever_values["service.training_level"]
    assert lab.load_scenario_text(loaded.to_toml(), "cc.toml")
    assert "service" not in lab.levers.built
    lab.lever_tabs.selected_index = tab_of("service")
    training = lab.inputs["service.training_level"]
    assert training.value == loaded.service.training_level
    assert "cfl-changed" in lab.hints["service.training_level"].value
    # The loaded horizon too, on the Business tab.
    assert lab.inputs["business.days"].value == str(loaded.business.days)

    # A lever set by code before its tab is built, then Reset before it is built.
    lab.set_lever("winback.contact_after_days", 21)
    lab.set_lever("retention.discount", 0.2)
    lab.lever_tabs.selected_index = tab_of("winback")
    assert lab.inputs["winback.contact_after_days"].value == "21"
    lab.reset_to_baseline()
    assert "retention" not in lab.levers.built
    lab.lever_tabs.selected_index = tab_of("retention")
    base = lab.state.baseline
    assert lab.inputs["retention.discount"].value == base.retention.discount
    assert "cfl-changed" not in lab.hints["retention.discount"].value
    assert lab.inputs["winback.contact_after_days"].value == str(
        int(base.winback.contact_after_days)
    )


def test_a_value_typed_on_a_tab_built_later_is_checked(tmp_path: Path) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    lab.lever_tabs.selected_index = tab_of("business")
    lab.inputs["business.staff"].value = "0"  # as if typed on the page
    assert "business.staff" in lab.error_text
    assert lab.inputs["business.staff"].value == "0"  # the refused text stays
    lab.inputs["business.staff"].value = "4"
    assert lab.error_text == ""
    assert lab.lever_values["business.staff"] == 4
    assert "cfl-changed" in lab.hints["business.staff"].value
    assert set(HORIZON) <= set(lab.inputs)


def test_a_tab_built_later_speaks_the_page_language(tmp_path: Path) -> None:
    lab = PolicyLab(lang="ru", **FAST, save_dir=tmp_path)
    with language("en"):  # another page, or none, in the server's thread
        lab.lever_tabs.selected_index = tab_of("business")
        staff = lab.inputs["business.staff"]
        assert staff.description == "Сотрудников на смене"
        assert "Допустимо:" in staff.tooltip
        page = lab.lever_tabs.children[tab_of("business")]
        assert "Число дней и разогрев" in page.children[-1].value
        discount = lab.inputs["retention.discount"]  # built by looking it up
        assert discount.description == "Скидка программы на каждый визит"


def test_the_files_panel_is_built_when_opened_and_shows_what_happened(
    tmp_path: Path,
) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    assert lab.save_scenario("before") == tmp_path / "before.toml"
    assert lab.run() is not None, lab.error_text
    assert not lab.file_controls.panel.built  # saving and running built nothing
    lab.files_panel.selected_index = 0  # the visitor opens the panel
    assert lab.file_controls.panel.built
    assert "Saved the scenario as before.toml" in lab.files_box.value
    assert "before.toml" in lab.file_controls.listing.value
    assert not lab.report_button.disabled  # the run's report can be saved
    assert lab.file_name.value == "my_policy"
    # Its buttons work once built.
    lab.file_name.value = "after"
    lab.save_button.click()
    assert (tmp_path / "after.toml").exists(), lab.error_text
    lab.report_button.click()
    assert (tmp_path / "after.html").exists(), lab.error_text
    assert "Saved the report as after.html" in lab.files_box.value


def test_watch_a_day_is_built_when_opened_in_the_page_language(
    tmp_path: Path,
) -> None:
    lab = PolicyLab(lang="ru", **FAST, save_dir=tmp_path)
    assert lab.run() is not None, lab.error_text
    assert not lab.watch.panel.built
    with language("en"):
        lab.files_panel.selected_index = 0
        lab.watch.box.selected_index = 0  # opening it builds it, then replays
    assert lab.file_name.description == "Имя файла"
    assert lab.watch.button.description == "Показать день"
    deadline = time.monotonic() + 60  # the replay is built in the background
    while "cfl-replay-frame" not in lab.watch.view.value:
        assert time.monotonic() < deadline, lab.error_text
        time.sleep(0.05)
    assert lab.watch.shown_for is lab.results
