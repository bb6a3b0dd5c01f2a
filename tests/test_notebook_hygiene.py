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

LESSONS = [
    "00_welcome_and_setup", "01_tensors_shapes_and_the_batch_axis", "02_flatten",
    "03_conv_and_pool_shape_math", "04_a_cnn_with_flatten", "05_global_pooling_alternatives",
    "06_beyond_images_and_pitfalls", "07_capstone_design_a_head",
]
NOTEBOOKS = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
IDS = [f"{p.parent.name}/{p.name}" for p in NOTEBOOKS]
# Paths that only exist on one person's machine. /content/course is Colab's fixed clone target.
ABSOLUTE_PATH = re.compile(r"(/home/|/Users/|/root/|/work/|/tmp/|/private/|[A-Z]:\\\\)")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def sources(nb, kind=None):
    return [c["source"] for c in nb["cells"] if kind is None or c["cell_type"] == kind]


def test_every_lesson_of_the_design_exists_in_both_folders():
    for folder in ("solutions", "lessons"):
        names = sorted(p.stem for p in (ROOT / folder).glob("*.ipynb"))
        assert names == LESSONS, f"{folder}/ should hold exactly the lessons of DESIGN.md"


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
        assert "checks." in after, f"exercise cell without a check call: {src[:80]!r}"
        before = "\n".join(c["source"] for c in cells[max(0, i - 3):i] if c["cell_type"] == "markdown")
        assert "<details>" in before and "Hint" in before, f"exercise without a hint: {src[:80]!r}"


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.ipynb")), ids=lambda p: p.name)
def test_lessons_contain_no_answers(path):
    for src in sources(load(path)):
        assert build_lessons.BEGIN not in src and build_lessons.END not in src


WIDGET_CALL = re.compile(r"^\s*(widgets\.\w+_widget|widgets\.panel)\(", re.MULTILINE)


def is_widget_cell(cell):
    if cell["cell_type"] != "code":
        return False
    lines = [ln for ln in cell["source"].strip().split("\n") if ln.strip() and not ln.startswith("#")]
    return bool(lines) and bool(WIDGET_CALL.match(lines[-1]))


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_widget_follows_a_question_and_a_static_picture(path):
    cells = load(path)["cells"]
    widget_cells = [i for i, c in enumerate(cells) if is_widget_cell(c)]
    if path.name[:2] in ("00", "01", "02", "03", "04", "05", "06", "07"):
        assert widget_cells, "each lesson has at least one widget"
    for i in widget_cells:
        window = cells[max(0, i - 4):i]
        static = [c for c in window if c["cell_type"] == "code" and not is_widget_cell(c)]
        assert static, f"widget without a static result before it: {cells[i]['source'][:60]!r}"
        questions = [c for c in window if c["cell_type"] == "markdown" and "?" in c["source"]]
        assert questions, f"widget without a guiding question before it: {cells[i]['source'][:60]!r}"
