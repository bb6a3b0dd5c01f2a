"""The instructor guide (instructors/README.md) stays true to the notebooks in solutions/.

It must name only notebooks, exercise labels and section headings that exist, answer every exercise
of every notebook (each under its own notebook), and plan a workshop whose timings sum to 180 min.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "instructors" / "README.md"
SOLUTIONS = ROOT / "solutions"
WORKSHOP_MINUTES = 180

NOTEBOOK = re.compile(r"\b\d\d_[a-z0-9_]+\.ipynb\b")
EXERCISE_LABEL = re.compile(r"\*\*Exercise (\d+\.\d+)")           # how the guide answers one
EXERCISE_HEADING = re.compile(r"^### Exercise (\d+\.\d+)", re.MULTILINE)  # how a notebook defines one
EXERCISE_MENTION = re.compile(r"Exercises? (\d+\.\d+(?:(?:, | and |-|–)\d+\.\d+)*)")


def _markdown_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _solution_exercises() -> dict[str, list[str]]:
    """Notebook name -> its exercise labels ("2.1", ...), read from solutions/."""
    return {path.name: [label for cell in _markdown_cells(path) for label in EXERCISE_HEADING.findall(cell)]
            for path in sorted(SOLUTIONS.glob("*.ipynb"))}


def _headings(path: Path) -> set[str]:
    return {line.lstrip("#").strip() for cell in _markdown_cells(path)
            for line in cell.splitlines() if line.startswith("#")}


def _section(text: str, title: str) -> str:
    """The body of the ``## title...`` section of the guide (up to the next ``## ``)."""
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"the guide has no '## {title}' section"
    return match.group(1)


def _table_rows(section: str) -> list[list[str]]:
    """Rows of the first Markdown table in ``section`` as lists of stripped cells (header first)."""
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows if not set("".join(row)) <= set("-: ")]


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_notebook_the_guide_names_exists_in_solutions(guide):
    named = set(NOTEBOOK.findall(guide))
    missing = sorted(name for name in named if not (SOLUTIONS / name).exists())
    assert named and not missing, f"the guide names notebooks that are not in solutions/: {missing}"


def test_every_exercise_label_the_guide_mentions_exists(guide):
    labels = {label for found in _solution_exercises().values() for label in found}
    mentioned = {label for match in EXERCISE_MENTION.findall(guide)
                 for label in re.findall(r"\d+\.\d+", match)}
    assert mentioned and not sorted(mentioned - labels), (
        f"the guide mentions exercises that no notebook has: {sorted(mentioned - labels)}")


def test_every_exercise_of_every_notebook_is_answered_under_its_own_notebook(guide):
    answers = _section(guide, "Answers and discussion prompts")
    parts = re.split(r"^### `(\d\d_[a-z0-9_]+\.ipynb)`\s*$", answers, flags=re.M)
    in_guide = {name: EXERCISE_LABEL.findall(body) for name, body in zip(parts[1::2], parts[2::2])}
    in_solutions = _solution_exercises()
    assert sorted(in_guide) == sorted(in_solutions), "one '### `notebook`' heading per solutions notebook"
    for name, labels in in_solutions.items():
        assert sorted(in_guide[name]) == sorted(labels), (
            f"{name}: the guide answers {in_guide[name]}, the notebook has {labels}")


def test_every_answer_comes_with_a_discussion_prompt(guide):
    answers = _section(guide, "Answers and discussion prompts")
    entries = re.split(r"(?=^\*\*Exercise )", answers, flags=re.M)[1:]
    assert entries
    for entry in entries:
        assert "*Discuss:*" in entry, f"no discussion prompt for: {entry.splitlines()[0]}"


def test_every_misconception_points_at_a_real_section_of_a_real_notebook(guide):
    rows = _table_rows(_section(guide, "Misconceptions to watch for"))
    header, body = rows[0], rows[1:]
    notebook_col, section_col = header.index("notebook"), header.index("section")
    assert len(body) >= 10
    for row in body:
        name = row[notebook_col].strip("`")
        assert (SOLUTIONS / name).exists(), f"misconception {row[0]}: no notebook {name}"
        assert row[section_col] in _headings(SOLUTIONS / name), (
            f"misconception {row[0]}: {name} has no section headed {row[section_col]!r}")


def test_the_workshop_plan_sums_to_three_hours_and_schedules_every_lesson(guide):
    rows = _table_rows(_section(guide, "Workshop plan"))
    header, body = rows[0], rows[1:]
    minutes = [int(row[header.index("min")]) for row in body]
    assert sum(minutes) == WORKSHOP_MINUTES, f"the plan sums to {sum(minutes)} min, not {WORKSHOP_MINUTES}"
    scheduled = {NOTEBOOK.search(row[header.index("notebook")]).group(0)
                 for row in body if NOTEBOOK.search(row[header.index("notebook")])}
    assert scheduled == {path.name for path in SOLUTIONS.glob("*.ipynb")}


def test_the_workshop_plan_start_times_add_up(guide):
    rows = _table_rows(_section(guide, "Workshop plan"))
    header, body = rows[0], rows[1:]
    elapsed = 0
    for row in body:
        hours, mins = map(int, row[header.index("start")].split(":"))
        block = row[header.index("block")]
        assert hours * 60 + mins == elapsed, f"row {block!r} should start at {elapsed} min"
        elapsed += int(row[header.index("min")])


def _self_paced_minutes(name: str) -> int:
    """The "**Time:** about N min" a notebook's header states."""
    text = (SOLUTIONS / name).read_text(encoding="utf-8")
    return int(re.search(r"Time:\*\* about (\d+) min", text).group(1))


def test_every_lesson_of_04_to_08_given_less_than_its_time_says_what_is_cut(guide):
    """Issue 21: fitting lessons 04-08 into 85 minutes must be feasible or cut explicitly."""
    rows = _table_rows(_section(guide, "Workshop plan"))
    header, body = rows[0], rows[1:]
    planned = {}
    for row in body:
        found = NOTEBOOK.search(row[header.index("notebook")])
        if found and found.group(0)[:2] in {"04", "05", "06", "07", "08"}:
            name, minutes = found.group(0), int(row[header.index("min")])
            planned[name], how, needs = minutes, row[header.index("how")], _self_paced_minutes(name)
            assert minutes >= needs or "cut" in how.lower(), f"{name}: {minutes} of {needs} min, no cut named"
    assert len(planned) == 5
    total = sum(planned.values())
    section = _section(guide, "Workshop plan")
    assert f"get {total} minutes" in section
    assert f"add up to {sum(map(_self_paced_minutes, planned))}" in section


def test_the_guide_states_the_padded_lengths_of_exercise_7_4_as_the_check_uses_them(guide):
    from utils.lessons import lesson07

    entry = guide[guide.index("**Exercise 7.4"):].split("**Exercise", 2)[1]
    short, long = lesson07.PADDED_LENGTHS
    assert f"padded to {short} and to {long} tokens" in " ".join(entry.split())


def test_the_guide_says_logits_pass_only_with_from_logits(guide):
    capstone = guide[guide.index("### `08_capstone_design_a_head.ipynb`"):]
    flat = " ".join(capstone.split())
    assert "softmax or logits)" not in flat and "from_logits=True" in flat


def _flat(text: str) -> str:
    return " ".join(text.split())


def _entry(guide: str, label: str) -> str:
    """The guide's answer to ``**Exercise label``, up to the next exercise or heading, as one line."""
    start = guide.index(f"**Exercise {label}")
    rest = guide[start + 2:]
    marks = ("**Exercise", "**Challenge", "\n### ", "\n## ")
    ends = [i for i in (rest.find(mark) for mark in marks) if i >= 0]
    return _flat(guide[start:start + 2 + min(ends)])


def test_every_lesson_cut_from_the_room_is_named_as_cut_or_homework(guide):
    """A 0-minute row is honest only if it says the lesson is cut (the plan cannot hide a lesson in 0 min)."""
    rows = _table_rows(_section(guide, "Workshop plan"))
    header, body = rows[0], rows[1:]
    for row in body:
        if NOTEBOOK.search(row[header.index("notebook")]) and int(row[header.index("min")]) == 0:
            how = row[header.index("how")].lower()
            name = row[header.index("notebook")]
            assert "cut" in how and "homework" in how, f"{name}: 0 min, not named as cut"


def test_exercise_3_4_states_both_shapes_the_check_computes(guide):
    from utils import shapes
    from utils.lessons import lesson03

    s = lesson03.SIGNAL
    rows = shapes.trace((s["length"], 1), [shapes.conv(s["filters"], s["kernel"], dilation=s["dilation"]),
                                           shapes.pool(s["pool"], padding="same")])
    layers = [shapes.conv(s["filters"], s["kernel"], dilation=s["dilation"]),
              shapes.pool(s["pool"], padding="same")]
    short = shapes.trace((lesson03.SHORTER, 1), layers)
    assert lesson03.check_dilated_signal(rows[1].shape, rows[2].shape, short[2].shape).correct
    entry = _entry(guide, "3.4")
    assert all(f"**{shape}**" in entry for shape in (rows[1].shape, rows[2].shape, short[2].shape))
    k_eff = shapes.effective_kernel_size(s["kernel"], s["dilation"])
    n = s["length"]
    for wrong in (n - (s["kernel"] - 1) * s["dilation"] + 1, n - k_eff, n - s["kernel"] * s["dilation"] + 1,
                  n - s["kernel"] + 1, n):  # the conv lengths the guide says the check names
        assert not lesson03.check_dilated_signal((None, wrong, s["filters"]), rows[2].shape).correct
        assert f"{wrong} (" in entry, f"the guide does not name the wrong conv length {wrong}"


def test_exercise_6_1_numbers_are_computed_from_the_exercise_scores(guide):
    import numpy as np

    from utils.lessons import lesson06

    a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
    entry = _entry(guide, "6.1")
    for value in (abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1)), max(a.std(), b.std()),
                  min(a.std(ddof=1), b.std(ddof=1))):
        assert f"{value:.4f}" in entry, f"{value:.4f} missing from the guide's Exercise 6.1"
    assert "real = False" in entry and not abs(a.mean() - b.mean()) > max(a.std(ddof=1), b.std(ddof=1))
    assert lesson06.check_flaws("Flaws: B, C, D").correct and "Flaws: B, C, D" in _entry(guide, "6.2")


def test_exercise_9_2_numbers_come_from_lesson09(guide):
    from utils import shapes
    from utils.lessons import lesson09

    side = lesson09.TRANSFER_SIDE
    costs = lesson09.head_costs("VGG16", side)
    h = costs["feature_map"][0]
    fc1 = shapes.dense_params(h * h * 512, 4096)
    entry = _entry(guide, "9.2")
    assert f"**{costs['own']:,}**" in entry and f"{h}×{h}×512" in entry and f"on {side}×{side}" in entry
    assert lesson09.check_vgg_head_at(costs["own"]).correct
    wrong = [lesson09.head_costs("VGG16", 224)["own"], fc1, costs["own"] - (4096 + 4096 + 1000),
             costs["flatten"]]
    for value in wrong:
        assert f"{value:,}" in entry, f"{value:,} missing from the guide's Exercise 9.2"
        assert not lesson09.check_vgg_head_at(value).correct


def _budget(notebook: str) -> dict:
    """The ``EPOCHS, PATIENCE, BATCH_SIZE, LEARNING_RATE = ...`` line of a notebook's code."""
    text = json.loads((SOLUTIONS / notebook).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in text["cells"] if c["cell_type"] == "code")
    found = re.search(r"^EPOCHS, PATIENCE, BATCH_SIZE, LEARNING_RATE = (\d+), (\d+), (\d+), ([\d.]+)",
                      code, re.M)
    assert found, f"{notebook}: no budget line"
    return dict(zip(("epochs", "patience", "batch", "lr"), found.groups()))


@pytest.mark.parametrize("notebook", ["06_comparing_heads_fairly.ipynb",
                                      "07_beyond_images_and_pitfalls.ipynb"])
def test_the_training_budget_the_guide_quotes_is_the_notebooks(guide, notebook):
    budget = _budget(notebook)
    body = _flat(guide[guide.index(f"### `{notebook}`"):].split("\n### `", 1)[0])
    assert f"Adam({budget['lr']})" in body and f"batches of {budget['batch']}" in body
    assert f"at most {budget['epochs']} epochs" in body and f"patience={budget['patience']}" in body
    assert "train_together" not in body   # the lessons call fit themselves now
