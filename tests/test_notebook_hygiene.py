"""Every committed notebook: clean, valid, on the template, with badges that point at itself."""

import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lessons  # noqa: E402
import course  # noqa: E402

# The lessons are what solutions/ holds (the source); everything else must follow from it.
LESSONS = sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
NOTEBOOKS = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
IDS = [f"{p.parent.name}/{p.name}" for p in NOTEBOOKS]
# Paths that only exist on one person's machine. /content/course is Colab's fixed clone target.
ABSOLUTE_PATH = re.compile(r"(/home/|/Users/|/root/|/work/|/tmp/|/private/|[A-Z]:\\\\)")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def sources(nb, kind=None):
    return [c["source"] for c in nb["cells"] if kind is None or c["cell_type"] == kind]


def test_every_lesson_has_its_notebooks_its_module_and_its_tests():
    """One room per lesson: NN_name in solutions/ and lessons/, utils/lessons/lessonNN.py and
    tests/test_lesson_NN_name.py; numbered 00, 01, ... without gaps."""
    assert LESSONS, "solutions/ holds no notebook"
    assert [name[:3] for name in LESSONS] == [f"{i:02d}_" for i in range(len(LESSONS))]
    assert sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb")) == LESSONS
    modules = sorted(p.stem for p in (ROOT / "utils" / "lessons").glob("lesson*.py"))
    assert modules == [f"lesson{name[:2]}" for name in LESSONS]
    for name in LESSONS:
        assert (ROOT / "tests" / f"test_lesson_{name}.py").is_file(), f"no tests/test_lesson_{name}.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_valid_and_has_no_outputs_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "widget state makes GitHub show 'Invalid Notebook'"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_uses_the_python3_kernel_and_no_absolute_paths(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for src in sources(nb):
        assert not ABSOLUTE_PATH.search(src), f"absolute path in: {src[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_badges_open_this_very_notebook(path):
    nb = load(path)
    badge_cells = [c for c in nb["cells"] if build_lessons.BADGES_TAG in c["metadata"].get("tags", [])]
    assert len(badge_cells) == 1, "one badges cell, right under the title"
    links = re.findall(r"\]\((https://[^)]+)\)\s*", badge_cells[0]["source"])
    targets = [unquote(link) for link in links if "badge" not in link and ".svg" not in link]
    own = f"{path.parent.name}/{path.name}"
    assert targets == [course.colab_url(own), course.binder_url(own)]
    assert all(course.GITHUB_REPO in t and course.BRANCH in t for t in targets)
    assert nb["cells"].index(badge_cells[0]) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_follows_the_lesson_template(path):
    nb = load(path)
    markdown = "\n".join(sources(nb, "markdown"))
    number = path.name[:2]
    assert sources(nb)[0].startswith(f"# {number} · "), "title: '# NN · Title'"
    for part in ("You will learn", "Time:", "You need:", "## Recap", "## Further reading"):
        assert part in markdown, f"missing '{part}'"
    setup = [c for c in nb["cells"] if build_lessons.SETUP_TAG in c["metadata"].get("tags", [])]
    assert len(setup) == 1 and setup[0]["source"] == build_lessons.setup_source()
    assert nb["cells"].index(setup[0]) < 6, "the set-up cell comes first among code cells"
    assert setup[0]["metadata"]["jupyter"] == {"source_hidden": True}, "set-up collapsed in JupyterLab"
    assert setup[0]["source"].startswith("# @title "), "set-up shown as a titled form on Colab"
    assert "## Check your understanding" in markdown


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_exercise_has_a_hint_and_a_check(path):
    nb = load(path)
    cells = nb["cells"]
    exercise_cells = [i for i, c in enumerate(cells) if build_lessons.BEGIN in c["source"]]
    assert exercise_cells, "each lesson has at least one exercise"
    for i in exercise_cells:
        src = cells[i]["source"]
        after = src.split(build_lessons.END, 1)[1]
        assert re.search(r"\blesson\d\d\.check_\w+\(", after), f"exercise without a check call: {src[:60]!r}"
        before = "\n".join(c["source"] for c in cells[max(0, i - 3):i] if c["cell_type"] == "markdown")
        assert "<details>" in before and "Hint" in before, f"exercise without a hint: {src[:80]!r}"


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb")), ids=lambda p: p.name)
def test_lessons_contain_no_answers(path):
    for src in sources(load(path)):
        assert build_lessons.BEGIN not in src and build_lessons.END not in src


def panel_builders(path):
    """Names of the panel builders that the notebook's lesson module registers in PANELS."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from utils import lessons

    module = f"lesson{path.name[:2]}"
    if module not in lessons.lesson_names():
        return module, []
    return module, [builder.__name__ for builder in getattr(lessons.load(module), "PANELS", [])]


def widget_cell_builders(cell, module, builders):
    """The registered builders that a code cell's last line calls (``lesson03.conv_explorer()``)."""
    if cell["cell_type"] != "code":
        return []
    lines = [ln for ln in cell["source"].strip().split("\n")
             if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    return [b for b in builders if re.match(rf"\s*{module}\.{b}\(", lines[-1])]


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_registered_panel_is_shown_after_a_question_and_a_static_picture(path):
    module, builders = panel_builders(path)
    cells = load(path)["cells"]
    shown = set()
    for i, cell in enumerate(cells):
        called = widget_cell_builders(cell, module, builders)
        if not called:
            continue
        shown.update(called)
        window = cells[max(0, i - 4):i]
        static = [c for c in window
                  if c["cell_type"] == "code" and not widget_cell_builders(c, module, builders)]
        assert static, f"widget without a static result before it: {cell['source'][:60]!r}"
        questions = [c for c in window if c["cell_type"] == "markdown" and "?" in c["source"]]
        assert questions, f"widget without a guiding question before it: {cell['source'][:60]!r}"
    assert shown == set(builders), f"registered in {module}.PANELS but never shown: {set(builders) - shown}"


# ---------------------------------------------------------------------------
# Exercises: a transfer exercise per lesson, tiered hints that never give the answer, a self-test
# ---------------------------------------------------------------------------

EXERCISE_HEADING = re.compile(r"^### Exercise (\d+)\.(\d+)( \(transfer\))?: \S", re.MULTILINE)
HINT = re.compile(r"<details><summary>Hint (\d)</summary>(.*?)(?=<details><summary>Hint|</details>)",
                  re.DOTALL)


def solution_lines(nb):
    """Every meaningful line of code between BEGIN and END SOLUTION in the notebook."""
    lines = []
    for src in sources(nb, "code"):
        for block in re.findall(rf"{build_lessons.BEGIN}\n(.*?){build_lessons.END}", src, re.DOTALL):
            lines += [ln.strip() for ln in block.split("\n")
                      if len(ln.strip()) >= 8 and not ln.strip().startswith("#")]
    return lines


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_lesson_has_a_transfer_exercise(path):
    markdown = "\n".join(sources(load(path), "markdown"))
    headings = EXERCISE_HEADING.findall(markdown)
    assert headings, "exercise headings look like '### Exercise N.M: title'"
    assert all(int(n) == int(path.name[:2]) for n, _, _ in headings), "exercise numbers start with the lesson"
    assert any(transfer for _, _, transfer in headings), "no '### Exercise N.M (transfer): ...' exercise"


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_hints_come_in_tiers_and_never_contain_the_solution_code(path):
    nb = load(path)
    answers = solution_lines(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown" or "### Exercise" not in cell["source"]:
            continue
        tiers = [int(n) for n, _ in HINT.findall(cell["source"])]
        assert tiers[:2] == [1, 2], f"needs Hint 1 (nudge) then Hint 2 (method): {cell['source'][:60]!r}"
        assert cell["source"].index("Hint 2") > cell["source"].index("Hint 1")
        for _, text in HINT.findall(cell["source"]):
            leaked = [line for line in answers if line in text]
            assert not leaked, f"a hint contains solution code: {leaked}"


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_lesson_ends_with_a_self_test_with_collapsed_answers(path):
    cells = [c for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    heads = [i for i, c in enumerate(cells) if c["source"].startswith("## Self-test")]
    assert heads, "missing '## Self-test'"
    recap = next(i for i, c in enumerate(cells) if c["source"].startswith("## Recap"))
    body = "\n".join(c["source"] for c in cells[heads[0]:recap])
    asked = re.sub(r"<details>.*?</details>", "", body, flags=re.DOTALL)  # the questions, answers removed
    questions = re.findall(r"^\s*(?:\d+\.|\*\*Q\d)", asked, flags=re.MULTILINE)
    assert 2 <= len(questions) <= 3, f"the self-test asks {len(questions)} numbered questions; 2-3 expected"
    assert "<details><summary>Answer" in body, "the self-test's answers are collapsed"
