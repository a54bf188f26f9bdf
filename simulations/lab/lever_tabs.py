"""The levers' tabs, each built the first time it is shown.

A visitor sees one tab of levers at a time, and most never open every tab.
Each widget is a model the server keeps, sends to the browser and answers
for, so :class:`LeverInputs` builds the first tab at once and another the
first time it is selected (or one of its levers is asked for by code). Until
then the tab is an empty box, and what it will show (the lever's value, the
hint beside it) is kept in plain dictionaries.
"""

from __future__ import annotations

import functools
import html
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import ipywidgets as w

from ..i18n import _
from ..present.tables import SECTION_LABELS
from .levers import LeverSpec
from .widgets import (
    TABS,
    BuiltOnce,
    Looks,
    hint,
    hint_text,
    horizon_note,
    make_widget,
    show_value,
    text_box,
)

OTHER = "other"
"""The tab of levers whose group is none of :data:`TABS` (none today)."""


class BuiltOnLookup(Mapping):
    """Widgets by dotted name; looking one up builds its tab first.

    Iterating, ``len`` and ``in`` build nothing: they go by the lever names.
    """

    def __init__(
        self, names: Iterable[str], built: dict[str, Any], build: Callable[[str], None]
    ) -> None:
        self._names = tuple(names)
        self._built = built
        self._build = build

    def __getitem__(self, dotted: str) -> Any:
        if dotted not in self._built:
            if dotted not in self._names:
                raise KeyError(dotted)
            self._build(dotted)
        return self._built[dotted]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, dotted: object) -> bool:
        return dotted in self._names


class LeverInputs:
    """The levers' widgets in tabs, calling ``on_change(dotted, value)``.

    The first tab is built at once; each other tab the first time it is
    selected or one of its levers is looked up in :attr:`inputs` or
    :attr:`hints`, in the language in use when this was made.

    Parameters
    ----------
    specs, values
        The levers and the values their widgets show first.
    on_change
        Called with a lever's dotted name and the value typed or chosen.
    guard
        Wraps the tab's callback (the page's: errors become a message).

    Attributes
    ----------
    tabs
        One tab per direction, then Business (and Other, for levers of any
        other group).
    inputs, hints
        The input widget and the hint beside it, by dotted name.
    """

    def __init__(
        self,
        specs: Iterable[LeverSpec],
        values: Mapping[str, Any],
        on_change: Callable[[str, Any], None],
        guard: Callable[[Callable[..., Any]], Callable[..., Any]] = lambda fn: fn,
    ) -> None:
        self._on_change = on_change
        self._looks = Looks()
        self._lock = lock = threading.RLock()
        self._specs = {s.dotted: s for s in specs}
        self._values = {dotted: values[dotted] for dotted in self._specs}
        self._hint_texts = dict.fromkeys(self._specs, "")
        sections = list(TABS)
        if any(s.section not in TABS for s in self._specs.values()):
            sections.append(OTHER)
        self._sections = sections
        self._built_inputs: dict[str, w.ValueWidget] = {}
        self._built_hints: dict[str, w.HTML] = {}
        self.inputs = BuiltOnLookup(self._specs, self._built_inputs, self._build_of)
        self.hints = BuiltOnLookup(self._specs, self._built_hints, self._build_of)
        pages = [w.VBox(layout=self._looks.layout()) for _s in sections]
        # One lock for all tabs: a value put while a tab is built is not lost.
        self._later = [
            BuiltOnce(page, functools.partial(self._make_tab, s), self._looks, lock)
            for page, s in zip(pages, sections, strict=True)
        ]
        self.tabs = w.Tab(children=pages)
        titles = tuple(SECTION_LABELS[section] for section in TABS)
        self.tabs.titles = titles + ((_("Other"),) if OTHER in sections else ())
        self.build_tab(0)
        self.tabs.observe(guard(self._on_tab), names="selected_index")

    # ------------------------------------------------------------ building
    def _section_of(self, dotted: str) -> str:
        section = self._specs[dotted].section
        return section if section in TABS else OTHER

    def _build_of(self, dotted: str) -> None:
        self.build_tab(self._sections.index(self._section_of(dotted)))

    def _on_tab(self, change: dict) -> None:
        if change["new"] is not None:
            self.build_tab(change["new"])

    def build_tab(self, index: int) -> None:
        """Build the widgets of tab ``index`` unless they are built."""
        self._later[index].build()

    def _make_tab(self, section: str) -> list[w.Widget]:
        rows: list[w.Widget] = []
        for dotted, spec in self._specs.items():
            if self._section_of(dotted) == section:
                rows += self._rows(spec, doc=section != OTHER)
        if section == "business":
            rows.append(hint(html.escape(horizon_note()), "cfl-muted", self._looks))
        return rows

    def _rows(self, spec: LeverSpec, doc: bool) -> list[w.Widget]:
        looks = self._looks
        widget = make_widget(spec, self._values[spec.dotted], looks)
        widget.observe(
            lambda change, d=spec.dotted: self._on_change(d, change["new"]),
            names="value",
        )
        box = hint(self._hint_texts[spec.dotted], looks=looks)
        self._built_inputs[spec.dotted] = widget
        self._built_hints[spec.dotted] = box
        rows: list[w.Widget] = [w.HBox([widget, box], layout=looks.layout())]
        if doc:
            rows.append(hint(html.escape(spec.doc), "cfl-doc", looks))
        return rows

    @property
    def built(self) -> list[str]:
        """The sections whose tabs are built, in tab order."""
        return [
            s
            for s, later in zip(self._sections, self._later, strict=True)
            if later.built
        ]

    # ------------------------------------------------------------ showing
    def show(self, values: Mapping[str, Any]) -> None:
        """Put ``values`` into the widgets that show something else."""
        for dotted in self._specs:
            self.put(dotted, values[dotted])

    def put(self, dotted: str, value: Any) -> None:
        """Show ``value`` in the lever's widget (as text in a text box).

        A lever whose tab is not built yet shows it once built.
        """
        with self._lock:
            self._values[dotted] = value
            widget = self._built_inputs.get(dotted)
        if widget is None:
            return
        shown = show_value(value) if isinstance(widget, w.Text) else value
        if widget.value != shown:
            widget.value = shown

    def read(self) -> dict[str, Any]:
        """The values the widgets show (or will show, once built), by dotted name."""
        shown = {}
        for dotted, spec in self._specs.items():
            widget = self._built_inputs.get(dotted)
            if widget is not None:
                shown[dotted] = widget.value
            else:
                value = self._values[dotted]
                shown[dotted] = show_value(value) if text_box(spec) else value
        return shown

    def show_hints(
        self,
        specs: Mapping[str, LeverSpec],
        baseline: Mapping[str, Any],
        values: Any,
        currency: str = "RUB",
    ) -> None:
        """Write beside each lever its unit and the baseline's value."""
        for dotted in self._specs:
            text = hint_text(
                specs[dotted], baseline.get(dotted), values[dotted], currency
            )
            with self._lock:
                self._hint_texts[dotted] = text
                box = self._built_hints.get(dotted)
            if box is not None:
                box.value = text
