"""The lab's "Save and load" panel: file name, save, load, upload, the files.

Closed at first, and most visitors never open it: its widgets are built the
first time it is opened (:class:`~simulations.lab.widgets.LazyPanel`), or
when code asks for one of them. Until then the panel keeps what it will
show (the file name, the list of files, the last message). Widgets and
wiring only; what the buttons do is in :mod:`simulations.lab.actions`.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..i18n import _
from .views import button
from .widgets import LazyPanel, built_part, hint

DEFAULT_NAME = "my_policy"
"""The file name the panel offers first."""


class FilesPanel:
    """File name, save and load buttons, an upload, and a line for messages."""

    file_name = built_part("file_name", "The file name box.")
    save_button = built_part("save_button", "*Save scenario*.")
    load_button = built_part("load_button", "*Load*.")
    load_target = built_part("load_target", "Load into the scenario or the baseline.")
    upload = built_part("upload", "Upload a scenario file.")
    report_button = built_part("report_button", "*Save report*.")
    files_box = built_part("files_box", "What was saved or loaded.")
    listing = built_part("listing", "The visitor's files.")

    def __init__(self, note: str) -> None:
        self.note = note
        self._shown = {"name": DEFAULT_NAME, "report": False, "files": "", "done": ""}
        self._callbacks: dict[str, Callable] = {}
        self.panel = LazyPanel(_("Save and load"), self._make)
        self.box = self.panel.box

    def _make(self) -> list[w.Widget]:
        shown = self._shown
        self._file_name = w.Text(
            value=shown["name"],
            description=_("File name"),
            tooltip=_("A plain name; .toml or .html is added."),
            style={"description_width": "80px"},
            layout=w.Layout(width="280px"),
        )
        self._file_name.add_class("cfl-file-name")
        auto = {"layout": w.Layout(width="auto")}
        self._save_button = button(
            "cfl-save", _("Save scenario (.toml)"), "save", **auto
        )
        self._load_button = button("cfl-load", _("Load (.toml)"), "folder-open", **auto)
        self._load_target = w.Dropdown(
            options=[(_("the scenario"), "scenario"), (_("the baseline"), "baseline")],
            value="scenario",
            description=_("Load into"),
            style={"description_width": "80px"},
            layout=w.Layout(width="280px"),
        )
        self._upload = w.FileUpload(
            accept=".toml", multiple=False, description=_("Upload .toml"), **auto
        )
        self._report_button = button(
            "cfl-save-report",
            _("Save report (.html)"),
            "file",
            disabled=not shown["report"],
            **auto,
        )
        self._files_box = hint(shown["done"])
        self._listing = hint(shown["files"], "cfl-muted")
        self._listing.add_class("cfl-listing")
        self._connect()
        return [
            w.HBox([self._file_name, self._save_button, self._report_button]),
            w.HBox([self._load_target, self._load_button, self._upload]),
            hint(html.escape(self.note), "cfl-muted"),
            self._listing,
            self._files_box,
        ]

    def wire(self, **callbacks: Callable) -> None:
        """Connect the widgets (now, or when built) to the page's callbacks.

        ``name`` (the file name changed), ``save``, ``load``, ``report`` (the
        buttons) and ``upload`` (a file uploaded).
        """
        with self.panel.lock:
            self._callbacks = callbacks
            if self.panel.built:
                self._connect()

    def _connect(self) -> None:
        call = self._callbacks
        if not call:
            return
        self._file_name.observe(call["name"], names="value")
        self._save_button.on_click(call["save"])
        self._load_button.on_click(call["load"])
        self._report_button.on_click(call["report"])
        self._upload.observe(call["upload"], names="value")

    def _set(self, key: str, value: object, show: Callable[[], None]) -> None:
        """Keep ``value`` for the panel; ``show()`` it if the panel is built."""
        with self.panel.lock:
            self._shown[key] = value
            if self.panel.built:
                show()

    # ------------------------------------------------------------ reading
    def name(self) -> str:
        """The file name typed (the default until the panel is opened)."""
        with self.panel.lock:
            return self._file_name.value if self.panel.built else self._shown["name"]

    def target(self) -> str:
        """Where a file is loaded: ``"scenario"`` (default) or ``"baseline"``."""
        with self.panel.lock:
            return self._load_target.value if self.panel.built else "scenario"

    # ------------------------------------------------------------ showing
    def report_ready(self) -> None:
        """A run is shown: its report can be saved."""

        def enable() -> None:
            self._report_button.disabled = False

        self._set("report", True, enable)

    def done(self, text: str) -> None:
        """Say what was saved or loaded (``text`` is HTML)."""
        text = f"<span class='cfl-ok'>{text}</span>"
        self._set("done", text, lambda: setattr(self._files_box, "value", text))

    def show_files(self, names: list[str]) -> None:
        """List the visitor's saved files (plain names)."""
        text = (
            html.escape(_("Your files: {names}").format(names=", ".join(names)))
            if names
            else html.escape(_("No saved files yet."))
        )
        self._set("files", text, lambda: setattr(self._listing, "value", text))
