"""tools/build_lessons.py: answers are stripped, generated cells are regenerated, drift is caught."""

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lessons  # noqa: E402
import course  # noqa: E402
from nb import badges, code, md, setup, write  # noqa: E402

SOLUTION = """\
from utils import checks
### BEGIN SOLUTION
hidden = 3
n_flat = hidden * 4
### END SOLUTION
checks.check_value("Ex", n_flat, expected=12)"""


def test_the_committed_lessons_are_up_to_date():
    assert build_lessons.main(["--check"]) == 0


def test_a_block_becomes_a_placeholder_for_the_names_the_check_uses():
    stripped = build_lessons.strip_solutions(SOLUTION)
    assert "n_flat = ...  # your code here" in stripped
    assert "hidden" not in stripped
    assert stripped.endswith('checks.check_value("Ex", n_flat, expected=12)')
    compile(stripped, "<lesson>", "exec")


def test_a_function_becomes_a_stub_that_keeps_its_signature():
    src = ("### BEGIN SOLUTION\ndef out_len(i, k, s=1):\n    return (i - k) // s + 1\n"
           "### END SOLUTION\ncheck(out_len)")
    stripped = build_lessons.strip_solutions(src)
    assert "def out_len(i, k, s=1):\n    return ...  # your code here" in stripped
    namespace = {}
    exec(stripped.replace("check(out_len)", ""), namespace)
    assert namespace["out_len"](5, 3) is Ellipsis


def test_indented_blocks_keep_their_indentation():
    src = "for i in range(2):\n    ### BEGIN SOLUTION\n    x = i\n    ### END SOLUTION\n    print(x)"
    assert "\n    x = ...  # your code here\n" in build_lessons.strip_solutions(src)


@pytest.mark.parametrize("src", ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION",
                                 "### BEGIN SOLUTION\nx = (\n### END SOLUTION"])
def test_unbalanced_or_broken_blocks_are_errors(src):
    with pytest.raises(ValueError):
        build_lessons.strip_solutions(src)


def make_course(tmp_path):
    (tmp_path / "solutions").mkdir()
    write(str(tmp_path / "solutions" / "01_demo.ipynb"), [
        md("# 01 · Demo"), badges(), setup(), code(SOLUTION),
        md("worked notes", tags=["solution-only"]),
    ])
    return tmp_path


def test_build_writes_lessons_regenerates_cells_and_then_check_passes(tmp_path, capsys):
    root = make_course(tmp_path)
    assert build_lessons.main(["--check", "--root", str(root)]) == 1
    assert "out of date: lessons/01_demo.ipynb" in capsys.readouterr().err
    assert build_lessons.main(["--root", str(root)]) == 0
    assert build_lessons.main(["--check", "--root", str(root)]) == 0
    lesson = json.loads((root / "lessons" / "01_demo.ipynb").read_text())
    sources = [c["source"] for c in lesson["cells"]]
    assert "lessons/01_demo.ipynb" in sources[1] and "colab" in sources[1]
    assert sources[2] == build_lessons.setup_source()
    assert "n_flat = ...  # your code here" in sources[3]
    assert "worked notes" not in sources  # solution-only cell removed
    solution = json.loads((root / "solutions" / "01_demo.ipynb").read_text())
    assert "solutions/01_demo.ipynb" in solution["cells"][1]["source"]
    assert "n_flat = hidden * 4" in solution["cells"][3]["source"]


def test_check_catches_a_hand_edited_lesson_and_a_stale_one(tmp_path):
    root = make_course(tmp_path)
    build_lessons.main(["--root", str(root)])
    lesson = root / "lessons" / "01_demo.ipynb"
    lesson.write_text(lesson.read_text().replace("your code here", "edited by hand"))
    assert build_lessons.main(["--check", "--root", str(root)]) == 1
    build_lessons.main(["--root", str(root)])
    shutil.copy(lesson, root / "lessons" / "09_orphan.ipynb")
    assert build_lessons.main(["--check", "--root", str(root)]) == 1
    build_lessons.main(["--root", str(root)])
    assert not (root / "lessons" / "09_orphan.ipynb").exists()


def test_outputs_and_widget_state_are_cleared_in_solutions(tmp_path):
    root = make_course(tmp_path)
    path = root / "solutions" / "01_demo.ipynb"
    nb = json.loads(path.read_text())
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "12"}]
    nb["cells"][3]["execution_count"] = 7
    path.write_text(json.dumps(nb))
    build_lessons.main(["--root", str(root)])
    cleaned = json.loads(path.read_text())
    assert "widgets" not in cleaned["metadata"]
    assert cleaned["cells"][3]["outputs"] == [] and cleaned["cells"][3]["execution_count"] is None


def test_badly_named_notebooks_are_refused(tmp_path, capsys):
    root = make_course(tmp_path)
    shutil.copy(root / "solutions" / "01_demo.ipynb", root / "solutions" / "Demo Lesson.ipynb")
    assert build_lessons.main(["--root", str(root)]) == 2
    assert "NN_slug.ipynb" in capsys.readouterr().err


def test_the_set_up_cell_outside_the_course_says_where_to_get_utils():
    """Site review r7: a downloaded notebook failed with "utils/ not found" and no way forward."""
    source = build_lessons.setup_source()
    assert course.zip_url() in source and f"git clone {course.repo_url()}" in source and "Colab" in source
