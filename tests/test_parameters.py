"""Scenario parameters: checked when set, described, and kept in TOML.

A bad value is refused with a :class:`ParameterError` whose message names the
parameter and what is allowed; a misspelt name is refused with a suggestion.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from pathlib import Path

import pytest

from simulations import PRESETS, ParameterError, Scenario, levers
from simulations.parameters import GROUPS

# ---------------------------------------------------------------- bad values

BAD_VALUES = [
    # (dotted name, value, words the message must contain)
    ("business.staff", -1, ["business.staff", "-1", "whole number", ">= 1"]),
    ("business.staff", 0, ["business.staff", ">= 1", "<= 500"]),
    ("business.staff", 2.5, ["business.staff", "2.5", "whole number", ">= 1"]),
    ("business.staff", True, ["business.staff", "true", "whole number"]),
    ("business.staff", "3", ["business.staff", "'3'", "whole number"]),
    ("business.staff", 501, ["business.staff", "<= 500"]),
    ("customers.leave_after_low", 1.5, ["leave_after_low", "1.5", ">= 0", "<= 1"]),
    ("customers.leave_after_low", -0.1, ["leave_after_low", ">= 0", "<= 1"]),
    ("winback.success_chance", 1.5, ["winback.success_chance", "<= 1"]),
    ("service.queue_discipline", "lifo", ["queue_discipline", "'lifo'", "'fifo'"]),
    ("retention.eligible_from", "vip", ["eligible_from", "'vip'", "'regular'"]),
    ("business.service_distribution", "gamma", ["service_distribution", "one of"]),
    ("retention.loyalty_programme", 1, ["loyalty_programme", "true or false"]),
    ("business.service_time", math.nan, ["business.service_time", "nan", "> 0"]),
    ("customers.patience", math.nan, ["customers.patience", "nan", "> 0"]),
    ("business.service_time", math.inf, ["business.service_time", "inf", "<= 600"]),
    ("attraction.prospects_per_day", math.inf, ["prospects_per_day", "inf"]),
    ("customers.patience", -math.inf, ["customers.patience", "> 0"]),
    ("customers.patience", 0.0, ["customers.patience", "> 0"]),
    ("business.days", math.inf, ["business.days", "inf", "whole number"]),
    ("business.open_hours", 0, ["business.open_hours", "> 0", "<= 24"]),
    ("business.open_hours", 25, ["business.open_hours", "<= 24"]),
    ("service.key_share", 1.0, ["service.key_share", "< 1"]),
    ("service.target_wait", 0, ["service.target_wait", "> 0"]),
]


@pytest.mark.parametrize(
    ("dotted", "value", "words"),
    BAD_VALUES,
    ids=[f"{d}={v!r}" for d, v, _ in BAD_VALUES],
)
def test_bad_value_is_refused_naming_parameter_and_range(
    dotted: str, value: object, words: list[str]
) -> None:
    """Setting through copy(), set() and the attribute all refuse it."""
    group, _, name = dotted.partition(".")
    scenario = Scenario()
    before = scenario.to_dict()
    for attempt in (
        lambda: scenario.copy(**{dotted: value}),
        lambda: Scenario().set(**{dotted: value}),
        lambda: setattr(getattr(scenario, group), name, value),
        lambda: Scenario.from_dict({group: {name: value}}),
    ):
        with pytest.raises(ParameterError) as err:
            attempt()
        message = str(err.value)
        for word in words:
            assert word in message, f"{word!r} missing from {message!r}"
        assert "must be" in message
    assert scenario.to_dict() == before  # a refused value leaves no trace


@pytest.mark.parametrize(
    ("dotted", "value"),
    [
        ("customers.patience", math.inf),
        ("business.staff", 4.0),
        ("service.key_share", 0.5),
        ("customers.leave_after_low", 1.0),
        ("customers.leave_after_low", 0.0),
        ("service.queue_discipline", "priority"),
    ],
)
def test_good_edge_values_are_accepted(dotted: str, value: object) -> None:
    """Allowed values, including closed bounds and infinite patience."""
    scenario = Scenario().copy(**{dotted: value})
    assert scenario.get(dotted) == value


def test_whole_number_float_is_stored_as_int() -> None:
    """staff = 4.0 is accepted and kept as the whole number 4."""
    scenario = Scenario().copy(**{"business.staff": 4.0})
    assert scenario.business.staff == 4
    assert type(scenario.business.staff) is int


def test_misspelt_attribute_suggests_the_right_name() -> None:
    scenario = Scenario()
    with pytest.raises(ParameterError, match=r"business\.staf.*did you mean 'staff'"):
        scenario.business.staf = 3
    with pytest.raises(ParameterError, match="did you mean 'staff'"):
        scenario.set(**{"business.staf": 3})
    with pytest.raises(ParameterError, match="did you mean 'patience'"):
        scenario.get("customers.patiense")
    assert not hasattr(scenario.business, "staf")


def test_misspelt_group_and_top_level_names_are_refused() -> None:
    with pytest.raises(ParameterError, match="did you mean 'business'"):
        Scenario().set(**{"busines.staff": 3})
    with pytest.raises(ParameterError, match="did you mean 'seed'"):
        Scenario().set(seeds=3)
    with pytest.raises(ParameterError, match="seed"):
        Scenario().set(seed=-1)
    with pytest.raises(ParameterError, match="seed"):
        Scenario().set(seed=1.5)


def test_unknown_section_in_a_toml_dict_is_refused() -> None:
    with pytest.raises(ParameterError, match="did you mean 'business'") as err:
        Scenario.from_dict({"busines": {"staff": 3}})
    assert "busines" in str(err.value)
    with pytest.raises(ParameterError, match="marketing"):
        Scenario.from_dict({"marketing": {"budget": 3}})
    with pytest.raises(ParameterError, match=r"\[business\] must be a table"):
        Scenario.from_dict({"business": 3})
    with pytest.raises(ParameterError, match=r"customers\.patiense"):
        Scenario.from_dict({"customers": {"patiense": 3.0}})


def test_warmup_must_be_shorter_than_the_horizon() -> None:
    for warmup, days in [(100, 100), (200, 100)]:
        with pytest.raises(ParameterError) as err:
            Scenario().set(**{"business.days": days, "business.warmup_days": warmup})
        message = str(err.value)
        assert "business.warmup_days" in message
        assert f"less than business.days = {days}" in message
    assert Scenario().set(**{"business.days": 100, "business.warmup_days": 99})


def test_rules_tying_two_parameters_are_checked() -> None:
    with pytest.raises(ParameterError, match="advocate_satisfaction"):
        Scenario().set(**{"customers.advocate_satisfaction": 0.1})
    with pytest.raises(ParameterError, match="service_time_cv"):
        Scenario().set(
            **{
                "business.service_distribution": "exponential",
                "business.service_time_cv": 0.5,
            }
        )


def test_a_whole_group_must_have_the_right_type() -> None:
    scenario = Scenario()
    with pytest.raises(ParameterError, match="Business"):
        scenario.business = scenario.service


# ---------------------------------------------------------------- TOML


def changed_scenario() -> Scenario:
    """A scenario with a value changed in every group, and infinite patience."""
    return Scenario(name="round trip", seed=7).set(
        **{
            "business.staff": 5,
            "attraction.referral_programme": True,
            "service.queue_discipline": "priority",
            "retention.eligible_from": "loyal",
            "winback.contact_after_days": 12.5,
            "customers.patience": math.inf,
            "economics.margin": 0.4,
        }
    )


@pytest.mark.parametrize("name", [None, *PRESETS])
def test_toml_round_trip(name: str | None, tmp_path: Path) -> None:
    scenario = changed_scenario() if name is None else Scenario.preset(name)
    text = scenario.to_toml()
    again = Scenario.from_toml_text(text)
    assert again.to_dict() == scenario.to_dict()
    # Through a file as well.
    path = tmp_path / "scenario.toml"
    scenario.to_toml(path)
    assert Scenario.from_toml(path).to_dict() == scenario.to_dict()
    assert again == scenario


def test_toml_keeps_infinite_patience() -> None:
    again = Scenario.from_toml_text(changed_scenario().to_toml())
    assert again.customers.patience == math.inf


def test_copy_is_deep() -> None:
    base = Scenario()
    other = base.copy("other", **{"business.staff": 7})
    assert other.name == "other"
    assert other.business.staff == 7
    assert base.business.staff == 3
    assert other.customers is not base.customers


def test_missing_toml_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ParameterError, match="cannot read scenario file") as err:
        Scenario.from_toml(missing)
    assert "nowhere.toml" in str(err.value)


def test_malformed_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[business\nstaff = 3\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="malformed") as err:
        Scenario.from_toml(path)
    assert "broken.toml" in str(err.value)
    with pytest.raises(ParameterError, match="malformed"):
        Scenario.from_toml_text("staff = = 3")


def test_bad_value_in_toml_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"business\.staff = -2"):
        Scenario.from_toml_text("[business]\nstaff = -2\n")
    with pytest.raises(ParameterError, match=r"business\.staff = true"):
        Scenario.from_toml_text("[business]\nstaff = true\n")


# ---------------------------------------------------------------- presets


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ParameterError, match="customer_obsessed") as err:
        Scenario.preset("customer_obsessed")
    for name in PRESETS:
        assert name in str(err.value)


def test_preset_names_are_forgiving_about_spelling() -> None:
    assert Scenario.preset("Client-Centric").to_dict() == (
        Scenario.preset("client_centric").to_dict()
    )


def test_presets_differ_only_in_levers() -> None:
    """Non-lever parameters are equal across presets (the name aside); the
    presets differ from each other in at least one lever."""
    presets = {name: Scenario.preset(name) for name in PRESETS}
    rows = Scenario.describe()
    assumptions = [f"{r['group']}.{r['name']}" for r in rows if not r["lever"]]
    lever_names = [f"{r['group']}.{r['name']}" for r in rows if r["lever"]]
    assert set(levers(presets[PRESETS[0]])) == set(lever_names)
    assert len(assumptions) > 30 and len(lever_names) > 10

    for (a, sa), (b, sb) in itertools.combinations(presets.items(), 2):
        differ = {
            k: (sa.get(k), sb.get(k)) for k in assumptions if sa.get(k) != sb.get(k)
        }
        assert not differ, f"{a} and {b} differ outside the levers: {differ}"
        assert sa.seed == sb.seed
        assert levers(sa) != levers(sb), f"{a} and {b} have the same levers"
        assert sa.name != sb.name

    # Every field of every group is covered by describe(): lever or assumption.
    fields = {
        f"{section}.{f.name}"
        for section, group in GROUPS.items()
        for f in dataclasses.fields(group)
    }
    assert fields == set(assumptions) | set(lever_names)


# ---------------------------------------------------------------- describe

RANGE = re.compile(
    r"^(a whole number|a number) (>=?) (-?[\d.e+]+)( and <=? [\d.e+]+)?$"
)


def test_describe_lists_every_parameter_with_an_allowed_range() -> None:
    rows = Scenario.describe()
    data = Scenario().to_dict()
    listed = {(r["group"], r["name"]) for r in rows}
    expected = {(g, n) for g in GROUPS for n in data[g]}
    assert listed == expected
    for row in rows:
        where = f"{row['group']}.{row['name']}"
        assert row["meaning"].strip(), where
        default = row["default"]
        allowed = row["allowed"]
        if isinstance(default, bool):
            assert allowed == "true or false", where
        elif isinstance(default, str):
            # A long list of choices (the currency codes) is said in words.
            assert allowed.startswith(("one of ", "an ")), where
            assert repr(default) in allowed, where
        else:
            assert RANGE.match(allowed), f"{where}: {allowed!r}"
        # The default is itself allowed.
        assert Scenario().copy(**{where: default}).get(where) == default


def test_describe_states_the_bounds_of_staff_and_patience() -> None:
    rows = {f"{r['group']}.{r['name']}": r for r in Scenario.describe()}
    assert rows["business.staff"]["allowed"] == "a whole number >= 1 and <= 500"
    assert rows["customers.patience"]["allowed"] == "a number > 0"
    assert rows["service.queue_discipline"]["allowed"] == "one of 'fifo', 'priority'"
    assert rows["business.staff"]["lever"] is True
    assert rows["customers.patience"]["lever"] is False
    assert rows["business.service_time"]["unit"] == "min"


def test_a_refused_set_changes_nothing():
    """set() is all or nothing: a refused change leaves earlier ones undone."""
    s = Scenario()
    before = s.to_dict()
    with pytest.raises(ParameterError, match="open_hours"):
        s.set(**{"business.staff": 5, "business.open_hours": 30})
    with pytest.raises(ParameterError, match="warmup_days"):
        s.set(**{"business.warmup_days": 400})
    assert s.to_dict() == before


def test_the_currency_is_an_iso_code_and_roubles_by_default() -> None:
    assert Scenario().economics.currency == "RUB"
    assert Scenario().copy(**{"economics.currency": "EUR"}).economics.currency == "EUR"
    with pytest.raises(ParameterError, match=r"economics.currency = 'roubles' is not"):
        Scenario().copy(**{"economics.currency": "roubles"})
    back = Scenario.from_toml_text(
        Scenario().copy(**{"economics.currency": "KZT"}).to_toml()
    )
    assert back.economics.currency == "KZT"


def test_every_source_of_a_plausible_range_reads_in_the_language_in_use() -> None:
    """Sources are marked for translation: the Russian tornado and
    ``cfl params --ranges`` cite them in Russian (authors in Russian letters)."""
    from simulations.i18n import _, language
    from simulations.parameters import TownRules, plausible_ranges

    english = plausible_ranges()
    with language("ru"):
        russian = plausible_ranges()
    assert english.keys() == russian.keys() and len(english) >= 20
    for name, row in english.items():
        assert row["source"], name  # a plausible range needs a source
        said = russian[name]["source"]
        assert said != row["source"] and re.search("[а-яё]", said), (name, said)
    town = {f.name: f.metadata for f in dataclasses.fields(TownRules)}
    with language("ru"):
        for name, meta in town.items():
            if meta["plausible"] is not None:
                assert re.search("[а-яё]", _(meta["source"])), name
