"""Plain names of the parameters (simulations.present.labels).

Learners and managers read a lever as "greeting waiting customers", never as
its dotted key. These tests check that every lever and every assumption that a
"how sure is this?" check can vary has a plain name, that the names are unique
(so a team's change written with them is read back to one lever), and that a
change written in plain words reaches the model, or is refused in one line.
"""

from __future__ import annotations

import pytest

from simulations import ParameterError, Scenario, levers
from simulations.parameters import plausible_ranges
from simulations.present.labels import LABELS, from_plain, label, lever_table, setting


def test_every_lever_and_assumption_has_a_plain_name():
    shown = [*levers(Scenario()), *plausible_ranges()]
    missing = [key for key in shown if key not in LABELS]
    assert not missing, f"no plain name for {missing}"


def test_plain_names_are_unique_and_plain():
    names = [label(key) for key in LABELS]
    assert len(set(names)) == len(names), "two parameters share a plain name"
    for name in names:
        assert "_" not in name and "." not in name, name


@pytest.mark.parametrize("key", list(levers(Scenario())))
def test_a_lever_written_in_plain_words_reaches_the_model(key):
    base = Scenario.preset("client_centric")
    written = setting(key, base.get(key))
    changes = from_plain({label(key).upper(): written})
    assert changes == {key: base.get(key)}, (key, written, changes)
    base.copy(**changes)  # the model takes it


def test_a_misspelt_lever_or_a_bad_value_is_refused_in_one_line():
    with pytest.raises(ParameterError, match='"staf training" is not a lever'):
        from_plain({"staf training": "50%"})
    with pytest.raises(ParameterError) as err:
        Scenario().copy(**from_plain({"staff training": "150%"}))
    assert "\n" not in str(err.value) and "training_level" in str(err.value)


def test_the_lever_table_shows_plain_words_only():
    table = lever_table(
        [Scenario.preset(n) for n in ("product_centric", "client_centric")]
    )
    text = table.to_string()
    assert "." not in "".join(table.index) and "_" not in text
    assert "Greeting waiting customers" in table.index
