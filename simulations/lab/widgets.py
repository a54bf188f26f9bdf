"""Levers to widgets: an input of the right kind for each lever, and back.

Each lever (:class:`~simulations.lab.levers.LeverSpec`) becomes a checkbox,
a drop-down, a number box or a slider with its range, unit and meaning; the
levers are laid out in tabs by Igor Mann's four directions, then Business
(:mod:`simulations.lab.lever_tabs`). The page (:mod:`simulations.lab.page`)
puts these together.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as w

from ..i18n import N_, _, get_language, language
from ..parameters import PRESETS
from ..present.format import number, unit_label
from ..present.labels import scenario_label, value_text, word_for
from .levers import HORIZON, LeverSpec
from .state import BASELINE_OPTION, FILE_OPTION, LAB_DAYS, LabState

TABS: tuple[str, ...] = ("attraction", "service", "retention", "winback", "business")
"""Lever tabs in order: Mann's four directions, then the business itself (their
titles are :data:`~simulations.present.tables.SECTION_LABELS`)."""

HORIZON_NOTE = N_(
    "Days and warm-up apply to baseline and scenario alike; the KPIs cover the "
    "days after the warm-up. For speed the lab simulates {days} days by default. "
    "For a firmer verdict, or a policy that pays back slowly, simulate more days."
)
"""The note under the levers of the Business tab (``{days}``: the default)."""


def horizon_note() -> str:
    """The Business tab's note, with the lab's default days.

    >>> "90 days" in horizon_note()
    True
    """
    return _(HORIZON_NOTE).format(days=number(LAB_DAYS))


class Looks:
    """Layout and style models shared by many widgets of one page.

    Each ipywidget brings a layout model and a style model of its own unless
    it is given one, and the server and the browser handle every model
    apart. The levers' widgets share theirs: about 100 fewer models for each
    visitor's page. Only widgets whose looks never change may share them.
    """

    def __init__(self) -> None:
        self._made: dict[tuple, w.Widget] = {}

    def _one(self, cls: type, traits: dict[str, Any]) -> Any:
        key = (cls, tuple(sorted(traits.items())))
        if key not in self._made:
            self._made[key] = cls(**traits)
        return self._made[key]

    def layout(self, **traits: Any) -> w.Layout:
        """The one layout with these traits."""
        return self._one(w.Layout, traits)

    def style(self, widget_class: type, **traits: Any) -> Any:
        """The one style of ``widget_class``'s kind with these traits."""
        return self._one(widget_class.class_traits()["style"].klass, traits)


_MAKING = threading.local()
"""The :class:`Looks` of the page being made in this thread, if any."""


def _plain_default(trait: Any) -> None:
    """Make a layout or style trait's default the page's shared plain one.

    Outside :func:`plain_looks_shared` (another thread, a notebook's own
    widgets) the default is a new model, as ipywidgets makes it.
    """
    if getattr(trait, "_cfl_shared", False):
        return
    make = trait.make_dynamic_default

    def default() -> Any:
        looks = getattr(_MAKING, "looks", None)
        return make() if looks is None else looks._one(trait.klass, {})

    trait.make_dynamic_default = default
    trait._cfl_shared = True


def _widget_classes(cls: type = w.DOMWidget) -> Iterator[type]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _widget_classes(sub)


@contextlib.contextmanager
def plain_looks_shared(looks: Looks) -> Iterator[None]:
    """Widgets made inside (in this thread) that are given no layout or style
    share one plain layout and one plain style of each kind: ``looks``'.

    Most widgets of the page never change their looks; each plain layout and
    style would otherwise be a model of its own for the server and the
    browser (about 75 of the page's 230). A widget whose looks change later
    must be given its own (``layout=w.Layout(...)``).
    """
    for cls in _widget_classes():
        for name in ("layout", "style"):
            trait = cls.class_traits().get(name)
            if trait is not None and hasattr(trait, "make_dynamic_default"):
                _plain_default(trait)
    before = getattr(_MAKING, "looks", None)
    _MAKING.looks = looks
    try:
        yield
    finally:
        _MAKING.looks = before


def hint(text: str, cls: str = "cfl-hint", looks: Looks | None = None) -> w.HTML:
    """A line of small text (HTML) with a CSS class (looks shared, if given)."""
    shared = {}
    if looks is not None:
        shared = {"layout": looks.layout(), "style": looks.style(w.HTML)}
    box = w.HTML(text, **shared)
    box.add_class(cls)
    return box


class BuiltOnce:
    """The children of ``box``, made the first time they are needed.

    ``make()`` returns them; it runs once, in the language in use when this
    was made, with ``looks`` shared by its widgets. A ``lock`` shared with
    other code keeps what ``make`` reads steady while it runs.
    """

    def __init__(
        self,
        box: w.Box,
        make: Callable[[], list[w.Widget]],
        looks: Looks | None = None,
        lock: threading.RLock | None = None,
    ) -> None:
        self.language = get_language()
        self.built = False
        self.lock = lock or threading.RLock()
        self._box = box
        self._make = make
        self._looks = looks or Looks()

    def build(self) -> None:
        """Make the children unless they are made."""
        with self.lock:
            if self.built:
                return
            with language(self.language), plain_looks_shared(self._looks):
                children = self._make()
            self.built = True
            self._box.children = children


class LazyPanel(BuiltOnce):
    """A closed accordion whose content is built the first time it is opened.

    Until then it holds an empty box: a visitor who never opens it costs the
    server no widget models for its content (:meth:`build` makes it early for
    code that needs the widgets).
    """

    def __init__(self, title: str, make: Callable[[], list[w.Widget]]) -> None:
        content = w.VBox()
        super().__init__(content, make)
        self.box = w.Accordion(children=[content], titles=(title,))
        self.box.observe(self._opened, names="selected_index")

    def _opened(self, change: dict) -> None:
        if change["new"] is not None:
            self.build()


def built_part(name: str, doc: str) -> property:
    """A widget of an object's :class:`LazyPanel` (``.panel``), built on first use.

    The widget itself is the attribute ``_<name>``, set by the panel's ``make``.
    """

    def get(self: Any) -> Any:
        self.panel.build()
        return getattr(self, "_" + name)

    return property(get, doc=doc)


# ---------------------------------------------------------------- one lever
def make_widget(
    spec: LeverSpec, value: Any, looks: Looks | None = None
) -> w.ValueWidget:
    """The input widget of one lever, with its range, unit and meaning."""
    looks = looks or Looks()
    kind: type
    if spec.kind is bool:
        kind, own = w.Checkbox, {"value": bool(value), "indent": True}
    elif spec.kind is str:
        options = [(word_for(c), c) for c in spec.choices]
        kind, own = w.Dropdown, {"options": options, "value": value}
    elif not text_box(spec):
        kind = w.FloatSlider
        own = {
            "value": value,
            "min": spec.low,
            "max": spec.high,
            "step": 0.01 if spec.high <= 0.5 else 0.05,
            "readout_format": ".2f",
            "continuous_update": False,
        }
    else:
        # A text box, not a number box: ipywidgets' number boxes clamp a value
        # out of range without a word, and drop what they cannot read ("1e12"
        # becomes 112). The server reads and checks the text (levers.read_value).
        kind = w.Text
        own = {"value": show_value(value), "continuous_update": False}
    tooltip = spec.doc
    if spec.kind is not bool:  # a checkbox says yes or no by itself
        tooltip = _("{meaning} Allowed: {allowed}.").format(
            meaning=spec.doc, allowed=spec.plain_allowed
        )
    widget = kind(
        description=spec.label,
        tooltip=tooltip,
        style=looks.style(kind, description_width="210px"),
        layout=looks.layout(width="440px"),
        **own,
    )
    widget.add_class("cfl-lever")
    widget.add_class("cfl-lever-" + spec.dotted.replace(".", "-").replace("_", "-"))
    return widget


def text_box(spec: LeverSpec) -> bool:
    """True when the lever's widget is a text box (numbers but fractions)."""
    if spec.kind is bool or spec.kind is str:
        return False
    fraction = spec.low is not None and spec.high is not None and spec.high <= 1
    return not (spec.kind is float and fraction)


def show_value(value: Any) -> str:
    """A number as a lever's text box shows it.

    Examples
    --------
    >>> show_value(3), show_value(0.5), show_value(2000.0), show_value(1e-7)
    ('3', '0.5', '2000', '1e-07')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def hint_text(spec: LeverSpec, baseline: Any, value: Any, currency: str = "RUB") -> str:
    """The text beside a lever: its unit and the baseline's value, if changed.

    Examples
    --------
    >>> from simulations.lab.levers import lever_specs
    >>> wait = next(s for s in lever_specs() if s.name == "target_wait")
    >>> hint_text(wait, 0.5, 1.0)
    "min · <b class='cfl-changed'>baseline: 0.5</b>"
    >>> hint_text(wait, 0.5, 0.5)
    'min · baseline: 0.5'
    """
    unit = f"{html.escape(unit_label(spec.unit, currency))} · " if spec.unit else ""
    if spec.dotted in HORIZON:
        return unit + html.escape(_("both scenarios"))
    before = html.escape(_("baseline: {value}").format(value=value_text(baseline)))
    if baseline != value:
        return f"{unit}<b class='cfl-changed'>{before}</b>"
    return f"{unit}{before}"


# ---------------------------------------------------------------- pickers
def preset_options() -> list[tuple[str, str]]:
    """The presets as drop-down options: ``("product-centric", "product_centric")``."""
    return [(scenario_label(p.replace("_", "-")), p) for p in PRESETS]


def _picker(description: str, tooltip: str) -> w.Dropdown:
    return w.Dropdown(
        options=preset_options(),
        description=description,
        tooltip=tooltip,
        style={"description_width": "130px"},
        layout=w.Layout(width="340px"),
    )


def _show_choice(
    dropdown: w.Dropdown, options: list[tuple[str, str]], value: str
) -> None:
    if list(dropdown.options) != options:
        dropdown.options = options
    if dropdown.value != value:
        dropdown.value = value


class Pickers:
    """Today's business, the scenario's start and name, and *Reset to baseline*.

    Call :meth:`show` (with the widgets' callbacks held back) to show a
    :class:`~simulations.lab.state.LabState`.
    """

    def __init__(self) -> None:
        self.baseline_picker = _picker(
            _("Today (baseline)"),
            _("The business as it is today; the scenario is compared with it."),
        )
        self.scenario_picker = _picker(
            _("Scenario starts as"),
            _("Where the scenario's levers start; then change them below."),
        )
        self.name_box = w.Text(
            description=_("Scenario name"),
            style={"description_width": "110px"},
            layout=w.Layout(width="300px"),
        )
        self.reset_button = w.Button(
            description=_("Reset to baseline"),
            icon="undo",
            tooltip=_("Set every lever of the scenario back to the baseline's value."),
        )
        self.reset_button.add_class("cfl-reset")
        self.rows = [
            w.HBox([self.baseline_picker, self.scenario_picker]),
            w.HBox([self.name_box, self.reset_button]),
        ]

    def show(self, state: LabState) -> None:
        """Show the state's choices: presets, the files loaded, the name."""
        extra = [(state.baseline_file, FILE_OPTION)] if state.baseline_file else []
        _show_choice(
            self.baseline_picker, [*preset_options(), *extra], state.baseline_choice
        )
        extra = [(state.scenario_file, FILE_OPTION)] if state.scenario_file else []
        _show_choice(
            self.scenario_picker,
            [(_("copy of the baseline"), BASELINE_OPTION), *preset_options(), *extra],
            state.scenario_choice,
        )
        if self.name_box.value != state.name:
            self.name_box.value = state.name
