"""Checks of the seminar kit in ``exercises/seminar_kit/``.

The kit is Markdown for trainers, so these tests check what a trainer relies
on: every seminar game has a handout with the same seven sections, both
agendas exist and add up, each module has one game and the agendas say the
same, and every name the kit uses (notebook, script,
``cfl`` command, lever, KPI, plotting or analytic function) is real. The
Python cells the kit prints are run, so a renamed function fails here first.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shlex
import textwrap
from pathlib import Path

import matplotlib
import pytest

from simulations import KPIS, PRESETS, Scenario, analytic
from simulations.cli import apply_settings, build_parser, load_scenario, parse_value
from simulations.parameters import GROUPS
from simulations.present import plots

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "exercises" / "seminar_kit"
HANDOUTS = KIT / "handouts"
GUIDE = KIT / "facilitator_guide.md"
README = KIT / "README.md"

GAMES = {
    "cost_of_a_lost_customer.md": "cost of a lost customer",
    "why_customers_leave.md": "why customers leave",
    "service_levels_role_play.md": "service levels role-play",
    "yes_and.md": "Yes, and...",
    "small_talk.md": "small talk",
    "vocabulary.md": "Vocabulary",
    "guess_what_he_dislikes.md": "Guess what he dislikes",
    "explain_to_someone_who_doesnt_understand.md": (
        "Explain to someone who doesn't understand"
    ),
}
"""Handout file -> seminar game (from [A4], the source article on HORECA)."""

HEADINGS = [
    "## Goal",
    "## Set-up",
    "## Timing",
    "## Rules",
    "## Debrief questions",
    "## How the simulator supports the debrief",
    "## Sources",
]
"""The sections of every handout, in this order."""

ROLE_PLAYS = {
    "complaint_role_play.md": "three ways to handle one complaint",
    "silent_customer.md": "the silent customer",
    "yes_and_complaint.md": '"Yes, and..." with an unhappy customer',
}
"""Handout file -> module 14's role play, after one of [A4]'s games."""

ROLE_PLAY_HEADINGS = [*HEADINGS[:4], "## Observer checklist", *HEADINGS[4:]]
"""A role play's handout has the sections of a game's, and an observer's checklist."""

MODULES = (
    "00_start_here",
    "01_customer_focus_models",
    "02_four_directions",
    "03_economics_of_loyalty",
    "04_service_levels",
    "05_loyalty_phases",
    "06_valuable_customers",
    "07_feedback_and_metrics",
    "08_organisation",
    "09_presets_side_by_side",
    "10_policy_lab",
    "11_service_profit_chain",
    "12_case_studies",
    "13_capstone",
    "14_complaints_and_recovery",
)
"""The course notebooks in ``notebooks/``, by stem."""

EXPECTED_FUTURE = {
    "scripts/app": "launcher of the policy lab web page, owned by another issue",
    "exercises/student/": "student exercises, owned by another issue",
}
"""Paths the kit names that other parts of the project are still writing."""

TOOLS = {"cfl", "nbconvert"}
"""Programs the kit names in backticks, besides KPIs, levers and modules."""

SOURCE_FACTS = {
    "cost_of_a_lost_customer.md": ["10 + 12 + 14 + 16 + 18", "70", "14", "20%"],
    "service_levels_role_play.md": ["3 teams", "10 minutes", "0 to 10"],
    "yes_and.md": ["pairs", "3 to 5 minutes"],
    "vocabulary.md": ["5 to 10 minutes", "programmer", "journalist"],
}
"""Facts from [A4] that a handout must keep (timings, team sizes...)."""

NUMBERED_ITEMS = {"why_customers_leave.md": 7, "small_talk.md": 6}
"""Handouts whose rules hold a nested numbered list of a set length."""

KIT_FILES = sorted(KIT.rglob("*.md"))
GROUP_NAMES = "|".join(GROUPS)
PARAMETERS = {(row["group"], row["name"]) for row in Scenario.describe()}
FENCE = re.compile(r"^[ \t]*```(\w*)\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL)


# ---------------------------------------------------------------- helpers
def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def prose(markdown: str) -> str:
    """The Markdown without its fenced code blocks."""
    return FENCE.sub("", markdown)


def sections(markdown: str) -> dict[str, str]:
    """Level-2 sections of a document (outside code), heading -> body."""
    found: dict[str, str] = {}
    current = None
    in_code = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            current = line.strip()
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found


def level2(markdown: str) -> list[str]:
    """Level-2 headings, in order, outside code blocks."""
    return list(sections(markdown))


def code_blocks(language: str) -> list[tuple[str, str]]:
    """(file name, code) of every fenced block of one language in the kit."""
    return [
        (path.relative_to(KIT).as_posix(), textwrap.dedent(match.group(2)))
        for path in KIT_FILES
        for match in FENCE.finditer(text(path))
        if match.group(1) == language
    ]


def cfl_commands() -> list[tuple[str, str]]:
    """(file name, command) of every ``cfl`` command line the kit shows."""
    found = []
    for path in KIT_FILES:
        markdown = text(path)
        name = path.relative_to(KIT).as_posix()
        for block in FENCE.finditer(markdown):
            found += [(name, ln.strip()) for ln in block.group(2).splitlines()]
        found += [(name, span) for span in re.findall(r"`([^`\n]+)`", prose(markdown))]
    return [(n, c) for n, c in found if re.match(r"cfl\s+\w", c)]


def agenda_tables(body: str) -> list[list[list[str]]]:
    """Rows of each agenda table in a section (header and rule left out)."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in [*body.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if rows and rows[0][0] == "Start":
            tables.append(rows[2:])
        rows = []
    return tables


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def agendas() -> dict[str, list[list[list[str]]]]:
    parts = sections(text(GUIDE))
    return {
        name: agenda_tables(parts.get(name, ""))
        for name in ("## One-day agenda", "## Two-day agenda")
    }


# ---------------------------------------------------------------- handouts
def test_every_game_of_the_brief_has_a_handout():
    present = {p.name for p in HANDOUTS.glob("*.md")}
    missing = sorted(set(GAMES) - present)
    assert not missing, f"no handout for: {[GAMES[m] for m in missing]}"


def test_readme_lists_every_handout_and_the_guide():
    readme = text(README)
    for name in [*GAMES, "facilitator_guide.md"]:
        assert name in readme, f"README.md does not mention {name}"


@pytest.mark.parametrize("name", sorted(GAMES))
def test_handout_has_the_seven_sections_in_order(name):
    markdown = text(HANDOUTS / name)
    assert markdown.startswith("# "), f"{name}: must start with a '# ' title"
    assert level2(markdown) == HEADINGS, f"{name}: sections {level2(markdown)}"


@pytest.mark.parametrize("name", sorted(GAMES))
def test_handout_sections_have_real_content(name):
    parts = sections(text(HANDOUTS / name))
    for heading, body in parts.items():
        words = len(prose(body).split())
        assert words >= 12, f"{name}: '{heading}' has only {words} words"
    assert re.search(r"\d+\s*minutes", parts["## Timing"]), f"{name}: no timing"
    assert len(re.findall(r"^\s*\d+\.\s", parts["## Rules"], re.M)) >= 3, name
    assert parts["## Debrief questions"].count("?") >= 3, name
    simulator = parts["## How the simulator supports the debrief"]
    assert re.search(r"\b[Mm]odule \d\d\b", simulator), (
        f"{name}: the simulator section names no course module"
    )
    assert not re.search(r"`cfl |```|notebooks/", simulator), (
        f"{name}: commands and code belong to the facilitator guide, not the handout"
    )
    assert re.search(r"\[A[1-5]\]", parts["## Sources"]), (
        f"{name}: no source article cited as [A1]-[A5]"
    )


@pytest.mark.parametrize("name", sorted(ROLE_PLAYS))
def test_role_play_has_an_observer_checklist_and_timings(name):
    markdown = text(HANDOUTS / name)
    assert markdown.startswith("# Role play: "), name
    assert level2(markdown) == ROLE_PLAY_HEADINGS, f"{name}: {level2(markdown)}"
    parts = sections(markdown)
    for heading, body in parts.items():
        assert len(prose(body).split()) >= 12, f"{name}: '{heading}' is too short"
    checklist = [
        line
        for line in parts["## Observer checklist"].splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    ]
    assert len(checklist) >= 6, f"{name}: a checklist of {len(checklist) - 1} items"
    assert all(line.count("|") >= 4 for line in checklist), "a column to tick and note"
    timing = parts["## Timing"]
    assert re.search(r"\d+ minutes", timing) and "In all, about" in timing, name
    assert len(re.findall(r"^\s*\d+\.\s", parts["## Rules"], re.M)) >= 3, name
    assert parts["## Debrief questions"].count("?") >= 3, name
    assert "Module 14" in parts["## How the simulator supports the debrief"], name
    assert re.search(r"\[A4\]", parts["## Sources"]), name
    assert "kit's suggestion" in parts["## Sources"], "say what the kit added"


def test_module_14_names_each_role_play_and_its_time():
    nb = json.loads(
        (ROOT / "notebooks" / "14_complaints_and_recovery.ipynb").read_text()
    )
    page = "\n".join("".join(c["source"]) for c in nb["cells"])
    for name in ROLE_PLAYS:
        title = text(HANDOUTS / name).splitlines()[0].removeprefix("# Role play: ")
        assert title.lower() in page.lower(), f"module 14 does not name {title!r}"
        total = re.search(r"In all, about (\d+) minutes", text(HANDOUTS / name))
        assert total and f"about {total[1]} minutes" in page, (name, total)


@pytest.mark.parametrize("name", sorted(SOURCE_FACTS))
def test_handout_keeps_the_facts_of_the_source(name):
    markdown = text(HANDOUTS / name)
    for fact in SOURCE_FACTS[name]:
        assert fact in markdown, f"{name}: lost the source's fact {fact!r}"


@pytest.mark.parametrize("name", sorted(NUMBERED_ITEMS))
def test_handout_keeps_the_sources_list(name):
    rules = sections(text(HANDOUTS / name))["## Rules"]
    items = re.findall(r"^\s{3,}\d+\.\s", rules, re.MULTILINE)
    assert len(items) == NUMBERED_ITEMS[name], f"{name}: {len(items)} items"


# ---------------------------------------------------------------- the guide
def test_guide_has_both_agendas_as_tables():
    for name, tables in agendas().items():
        assert tables, f"facilitator_guide.md: no table under '{name}'"
    assert len(agendas()["## Two-day agenda"]) == 2, "two-day agenda: one per day"


def test_guide_has_the_other_sections():
    headings = level2(text(GUIDE))
    for needed in (
        "## Running the simulator in front of the room",
        "## Debrief patterns",
        "## Adapting for sectors",
        "## Cases to cite",
        "## Sources",
    ):
        assert needed in headings, f"facilitator_guide.md lacks '{needed}'"
    sectors = sections(text(GUIDE))["## Adapting for sectors"]
    for sector in ("### Banks", "### Education", "### Tourism"):
        assert sector in sectors, f"no sector notes for {sector}"


def test_agenda_blocks_follow_each_other():
    for name, tables in agendas().items():
        for rows in tables:
            for row, after in itertools.pairwise(rows):
                length = int(row[3])
                assert length > 0, f"{name}: {row}"
                assert minutes(row[0]) + length == minutes(after[0]), (
                    f"{name}: {row[0]} + {length} min is not {after[0]}"
                )
            day = minutes(rows[-1][0]) + int(rows[-1][3]) - minutes(rows[0][0])
            assert day <= 9 * 60, f"{name}: a day of {day} minutes"


def test_every_module_01_to_13_is_in_an_agenda():
    named = {
        module.strip()
        for tables in agendas().values()
        for rows in tables
        for row in rows
        for module in row[1].split(",")
    }
    assert named - {"—"} <= set(MODULES), f"unknown modules {named - set(MODULES)}"
    missing = [m for m in MODULES[1:] if m not in named]
    assert not missing, f"modules in no agenda: {missing}"


def test_cases_cite_their_source():
    cases = sections(text(GUIDE))["## Cases to cite"]
    bullets = re.findall(r"^- \*\*(.+?)\*\*(.*?)(?=^- |\Z)", cases, re.M | re.S)
    assert len(bullets) >= 13, f"only {len(bullets)} cases"
    for title, body in bullets:
        assert re.search(r"\(\[A[1-5]\]", body), f"case {title!r} cites no article"


def game_table() -> dict[str, str]:
    """Module stem -> its game, from the guide's 'One game per module' table."""
    body = sections(text(GUIDE)).get("## One game per module", "")
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in body.splitlines()
        if line.startswith("| ") and not line.startswith("| module")
    ]
    return {row[0]: row[1] for row in rows if row[0] in MODULES}


def test_one_game_per_module_table_covers_every_module():
    games = game_table()
    missing = [m for m in MODULES[1:] if m not in games]
    assert not missing, f"no game (or 'none') named for {missing}"


def test_agenda_games_match_the_game_table():
    games = game_table()
    for name, tables in agendas().items():
        for rows in tables:
            for row in rows:
                found = re.match(r"Game of module (\d\d): ([^;(]+)", row[2])
                if not found:
                    continue
                module = next(m for m in MODULES if m.startswith(found.group(1)))
                said = found.group(2).strip().rstrip(".")
                assert said.lower() in games[module].lower(), (
                    f"{name}: {row[0]} runs {said!r} as the game of {module}, but the "
                    f"table gives {games[module]!r}"
                )


def test_one_day_agenda_gives_module_03_a_realistic_slot():
    minutes_03 = sum(
        int(row[3])
        for rows in agendas()["## One-day agenda"]
        for row in rows
        if "03_economics_of_loyalty" in row[1]
    )
    assert 45 <= minutes_03 <= 75, f"module 03 gets {minutes_03} minutes in one day"


def test_every_game_has_its_simulator_step_in_the_guide():
    body = sections(text(GUIDE)).get("## The simulator behind each game", "")
    steps = {h.strip().lower() for h in re.findall(r"^### (.+)$", body, re.M)}
    for game in GAMES.values():
        assert game.lower() in steps, f"no '### {game}' in the guide's game section"


def test_team_challenge_has_an_answer_key():
    headings = [h for h in sections(text(GUIDE)) if h.startswith("## ")]
    assert "## Running the simulator in front of the room" in headings
    assert "### Team challenge: answer key" in text(GUIDE)


def test_slides_command_is_the_project_script():
    for path in KIT_FILES:
        assert "nbconvert --to slides" not in text(path), path.name
    assert "bash scripts/slides" in text(README)


# ---------------------------------------------------------------- names used
def test_notebooks_named_are_course_modules():
    for path in KIT_FILES:
        for stem in re.findall(r"notebooks/(\w+)", text(path)):
            assert stem in MODULES, f"{path.name}: unknown notebook {stem!r}"
        for number in re.findall(r"\b(?:[Nn]otebook|[Mm]odule)s? (\d\d)\b", text(path)):
            assert any(m.startswith(number) for m in MODULES), (
                f"{path.name}: no module {number}"
            )


def test_paths_named_exist():
    for path in KIT_FILES:
        for found in re.findall(r"(?:exercises|scripts)/[\w./-]*\w/?", text(path)):
            if found in EXPECTED_FUTURE:
                continue
            assert (ROOT / found).exists(), f"{path.name}: {found} does not exist"
        for found in re.findall(r"\bhandouts/[\w-]+\.md", text(path)):
            assert (KIT / found).exists(), f"{path.name}: {found} does not exist"


def test_lever_names_are_scenario_parameters():
    pattern = re.compile(rf"(?<![\w./])({GROUP_NAMES})\.([A-Za-z_]\w*)")
    for path in KIT_FILES:
        for group, name in pattern.findall(text(path)):
            assert (group, name) in PARAMETERS, (
                f"{path.name}: {group}.{name} is not a parameter of Scenario"
            )


def test_plot_and_analytic_functions_exist():
    for path in KIT_FILES:
        for name in re.findall(r"\bplots\.(\w+)", text(path)):
            assert callable(getattr(plots, name, None)), f"plots.{name}"
        for name in re.findall(r"\banalytic\.(\w+)", text(path)):
            assert callable(getattr(analytic, name, None)), f"analytic.{name}"


def test_backticked_names_are_real():
    choices = {
        choice
        for group in GROUPS.values()
        for f in dataclasses.fields(group)
        for choice in f.metadata["choices"] or ()
    }
    known = {*KPIS, *(name for _, name in PARAMETERS), *MODULES, *PRESETS, *choices}
    known |= TOOLS
    for path in KIT_FILES:
        for name in re.findall(r"`([a-z][a-z0-9_]*)`", prose(text(path))):
            assert name in known, f"{path.name}: `{name}` is no KPI, lever or module"


def test_kpis_read_in_code_are_kpis():
    for where, code in code_blocks("python"):
        for name in re.findall(r"kpis\[\"(\w+)\"\]", code):
            assert name in KPIS, f"{where}: {name!r} is not a KPI"


@pytest.mark.parametrize(("where", "command"), cfl_commands())
def test_cfl_commands_are_valid(where, command):
    parser = build_parser()
    try:
        args = parser.parse_args(shlex.split(command)[1:])
    except SystemExit as err:
        pytest.fail(f"{where}: `{command}` is refused by the cfl parser ({err})")
    sources = {
        "run": [getattr(args, "scenario", None)],
        "compare": [
            getattr(args, "baseline", None),
            *getattr(args, "alternatives", []),
        ],
        "sweep": [getattr(args, "scenario", None)],
        "save": [getattr(args, "scenario", None)],
    }.get(args.command, [])
    for source in sources:
        if source is None or source.endswith(".toml"):
            continue  # a file the trainer writes during the seminar
        assert source in PRESETS, f"{where}: {source!r} is not a preset"
        scenario = apply_settings(load_scenario(source), args.set)
        for item in getattr(args, "lever", None) or []:
            key, _, values = item.partition("=")
            for value in values.split(","):
                scenario.copy(**{key: parse_value(value)})
    if args.command == "params" and args.group:
        assert args.group in GROUPS, f"{where}: no group {args.group!r}"


@pytest.mark.parametrize(("where", "code"), code_blocks("python"))
def test_python_cells_run(where, code):
    import matplotlib.pyplot as plt

    try:
        exec(compile(code, where, "exec"), {"__name__": "kit_cell"})
    finally:
        plt.close("all")


# ---------------------------------------------------------------- agreement
def _session_plan_minutes() -> int:
    """Minutes of the game guide's session plan (its table with a 'Block' column)."""
    parts = sections(text(KIT / "game_guide.md"))
    body = next(b for h, b in parts.items() if h.startswith("## Session plan"))
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in body.splitlines()
        if line.startswith("| ") and not line.startswith("| Start")
    ]
    return sum(int(row[2]) for row in rows if row[2].isdigit())


def test_the_game_fits_its_slot_in_the_two_day_agenda():
    slots = [
        int(row[3])
        for rows in agendas()["## Two-day agenda"]
        for row in rows
        if "seminar game" in row[2].lower()
    ]
    assert slots == [120], f"the two-day agenda gives the seminar game {slots}"
    assert _session_plan_minutes() == slots[0], (
        f"game_guide.md plans {_session_plan_minutes()} minutes, the agenda {slots[0]}"
    )


def test_each_day_opens_with_the_test_and_the_seminar_closes_with_it_and_the_form():
    # The test before and after measures the room's gain only if the same
    # people take it at the start and at the very end.
    for name, tables in agendas().items():
        first, last = tables[0][0], tables[-1][-1]
        assert "test before" in first[2], f"{name}: the opening {first} has no test"
        assert "the test" in first[4], f"{name}: {first} hands out no test"
        assert "test after" in last[2], f"{name}: the close {last} has no test"
        assert "feedback form" in last[4], f"{name}: {last} hands out no form"
    guide = " ".join(text(GUIDE).split())
    assert "docs/print/pre_post_test.pdf" in guide
    assert "docs/print/feedback_form.pdf" in guide


def test_each_agenda_teaches_what_the_test_before_and_after_asks():
    # A question on a module the seminar leaves out measures nothing.
    sheet = text(ROOT / "exercises" / "print" / "pre_post_scoring.md")
    rows = re.findall(r"^\| (\d+) \| [A-D] \| (.+?) \|$", sheet, re.MULTILINE)
    assert len(rows) == 10, "the scoring sheet names no module for some question"
    for name, tables in agendas().items():
        shown = {row[1][:2] for rows in tables for row in rows}
        shown |= {m[:2] for rows in tables for row in rows for m in row[1].split(", ")}
        for number, taught in rows:
            modules = re.findall(r"\b(\d\d)\b", taught)
            assert modules, f"question {number}: no module in {taught!r}"
            missing = [m for m in modules if m not in shown]
            assert not missing, f"{name}: question {number} needs module {missing}"


def test_the_capstone_gets_what_its_notebook_asks_for():
    nb = json.loads((ROOT / "notebooks" / "13_capstone.ipynb").read_text("utf-8"))
    intro = "".join(nb["cells"][0]["source"])
    time_line = next(ln for ln in intro.splitlines() if ln.startswith("Time:"))
    asked = [int(m) for m in re.findall(r"(\d+) minutes", intro)]
    given = [
        int(row[3])
        for rows in agendas()["## Two-day agenda"]
        for row in rows
        if "13_capstone" in row[1]
    ]
    assert given == asked, f"notebook 13 says {time_line!r}; the agenda gives {given}"
    sources = ["".join(c["source"]) for c in nb["cells"]]
    notes = " ".join("".join(s for s in sources if "Trainer notes" in s).split())
    work = re.search(r"Team work, (\d+) minutes: (.*?)\. Presentations, (\d+)", notes)
    assert work, "notebook 13's trainer notes give no timing of the team work"
    parts = [int(m) for m in re.findall(r"(\d+)", work.group(2))]
    assert sum(parts) == int(work.group(1)) == asked[0], (work.group(0), parts)
    assert int(work.group(3)) == asked[1]


# ---------------------------------------------------------------- computed numbers
def test_computed_spans_are_well_formed():
    from exercises.seminar_kit import numbers

    for name in numbers.SOURCES:
        markdown = text(KIT / name)
        opened = markdown.count("<!-- computed: ")
        assert opened == len(numbers.keys(markdown)) > 0, name
        assert markdown.count("<!-- end -->") == opened, f"{name}: unbalanced markers"


@pytest.mark.slow
def test_the_kit_states_what_the_runs_give():
    """Every number and verdict between computed markers is what a fresh run gives.

    The texts are written by ``python -m exercises.seminar_kit.numbers`` from the
    same seed; a change of the model that moves a number fails here until the
    kit is regenerated (and its prose reread).
    """
    from exercises.seminar_kit import numbers

    stale = numbers.outdated()
    assert not stale, (
        f"{stale}: the numbers differ from the runs; run "
        "`python -m exercises.seminar_kit.numbers` and reread the text around them"
    )
