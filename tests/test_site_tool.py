"""Unit tests of tools/site.py's page preparation: no kernel, no Sphinx, no browser (fast).

tests/test_site.py checks the built site end to end; these pin down the rules it relies on.
"""

from __future__ import annotations

import base64
import copy
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402
from nb import code, md  # noqa: E402

# tools/site.py shares its name with Python's `site` module: load it under another name.
_spec = importlib.util.spec_from_file_location("course_site", ROOT / "tools" / "site.py")
site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site)

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()


def _solution_notebook() -> dict:
    cells = [
        md("# 09 · Example\n\nDo one thing."),
        md("(badges)", tags=["course-badges"]),
        code("# (setup)", tags=["course-setup"]),
        md("**Exercise 9.1.** Halve it.\n\n<details><summary>Hint</summary>\n\nUse `//`.\n</details>"),
        code("### BEGIN SOLUTION\nside = 28 // 2\n### END SOLUTION\ncheck(side)"),
        code("assert side == 14", tags=["solution-only"]),
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_each_exercise_shows_the_learner_cell_then_its_solution_folded_behind_show_solution():
    cells = site.page_notebook(_solution_notebook(), "09_example.ipynb")["cells"]
    sources = [c["source"] for c in cells]
    exercise = sources.index("side = ...  # your code here\ncheck(side)")
    answer = cells[exercise + 1]
    assert answer["source"] == "side = 28 // 2\ncheck(side)"  # the markers are gone, the check stays
    assert "hide-cell" in answer["metadata"]["tags"] and site.SOLUTION_TAG in answer["metadata"]["tags"]
    assert answer["metadata"]["mystnb"]["code_prompt_show"] == "Show solution"
    assert not any("assert side" in s for s in sources), "solution-only cells stay off the page"


def test_the_badges_cell_becomes_launch_buttons_for_the_lesson_from_course_py():
    cells = site.page_notebook(_solution_notebook(), "09_example.ipynb")["cells"]
    launch = cells[1]["source"]
    assert course.binder_url("lessons/09_example.ipynb") in launch
    assert course.colab_url("lessons/09_example.ipynb") in launch
    assert "<img" not in launch, "no badge images: they would load from the web"


def _widget_state() -> dict:
    def model(name, state, buffers=None):
        return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state,
                **({"buffers": buffers} if buffers else {})}
    return {
        "box": model("VBoxModel", {"children": ["IPY_MODEL_controls", "IPY_MODEL_text", "IPY_MODEL_fig"]}),
        "controls": model("VBoxModel", {"children": ["IPY_MODEL_slider", "IPY_MODEL_pick"]}),
        "slider": model("IntSliderModel", {"description": "kernel", "value": 3}),
        "pick": model("DropdownModel", {"description": "padding", "index": 1,
                                        "_options_labels": ["valid", "same"]}),
        "text": model("HTMLModel", {"value": "<pre>output length: 6</pre>"}),
        "fig": model("ImageModel", {"format": "png", "width": "400", "layout": "IPY_MODEL_figlayout"},
                     [{"path": ["value"], "data": PNG, "encoding": "base64"}]),
        "figlayout": {"model_name": "LayoutModel", "state": {"display": None}},
    }


def test_a_saved_widget_becomes_its_static_view_with_a_kernel_note_and_launch_buttons():
    output = {"output_type": "display_data",
              "data": {site.WIDGET_MIME: {"model_id": "box"}, "text/plain": "Panel(...)"}}
    static = site.static_widget(output, _widget_state(), "lessons/09_example.ipynb", "intro")
    body = static["data"]["text/html"]
    assert site.WIDGET_MIME not in static["data"]
    assert "kernel = 3 · padding = same" in body
    assert "<pre>output length: 6</pre>" in body
    assert f'src="data:image/png;base64,{PNG}"' in body and 'alt="Figure of the widget' in body
    assert "need a running kernel" in body
    assert course.binder_url("lessons/09_example.ipynb") in body
    assert course.colab_url("lessons/09_example.ipynb") in body


def test_a_panel_whose_default_view_is_printed_just_above_gets_a_note_not_a_second_copy():
    # Review r19: lessons 02, 03 and 05 show a panel's default view, then the panel; the site showed it twice.
    output = {"output_type": "display_data", "data": {site.WIDGET_MIME: {"model_id": "box"}}}
    static = site.static_widget(output, _widget_state(), "lessons/09_example.ipynb", "",
                                above="some text before\noutput   length: 6\n")
    body = static["data"]["text/html"]
    assert "<img" not in body and "output length" not in body
    assert "At its default values (kernel = 3 · padding = same) this panel shows the output above" in body
    assert "need a running kernel" in body and course.binder_url("lessons/09_example.ipynb") in body


def test_a_panel_tagged_as_shown_above_that_was_not_stops_the_build_with_the_reason():
    output = {"output_type": "display_data", "data": {site.WIDGET_MIME: {"model_id": "box"}}}
    with pytest.raises(ValueError, match="course-default-above.*not the one above"):
        site.static_widget(output, _widget_state(), "lessons/09_example.ipynb", "", above="output length: 7")


def test_a_hidden_figure_slot_is_left_out_of_the_static_view():
    state = _widget_state()
    state["figlayout"]["state"]["display"] = "none"  # a panel with no figure at these values
    output = {"output_type": "display_data", "data": {site.WIDGET_MIME: {"model_id": "box"}}}
    static = site.static_widget(output, state, "lessons/09_example.ipynb", "")
    assert "<img" not in static["data"]["text/html"]


def test_figures_get_alt_text_from_the_sentence_that_introduces_them():
    nb = {"cells": [md("## 1. Windows\n\nSome context.\n\nThe picture shows **one** row of `x`:"),
                    {**code("plot()"), "outputs": [{"output_type": "display_data", "metadata": {},
                                                    "data": {"image/png": PNG}}]}],
          "metadata": {}}
    cell = site.static_page(nb, "09_example.ipynb")["cells"][1]
    assert cell["metadata"]["mystnb"]["image"]["alt"] == "The picture shows one row of x:"


def test_alt_text_keeps_whole_sentences_from_the_end_and_skips_folded_hints():
    long = "First sentence is long enough. " * 20 + "Here is the figure:"
    assert site.introducing_sentence(long).endswith("Here is the figure:")
    assert len(site.introducing_sentence(long)) <= site.ALT_LIMIT
    hinted = "Look at this:\n\n<details><summary>Hint</summary>\n\nsecret\n</details>"
    assert site.introducing_sentence(hinted) == "Look at this:"


def test_links_to_repository_files_that_are_not_pages_point_to_github():
    text = "[code](../utils/shapes.py) [lesson](../lessons/02_flatten.ipynb) [web](https://x.org) [a](#top)"
    fixed = site.repo_links(text, "instructors")
    assert f"[code]({course.repo_url()}/blob/{course.BRANCH}/utils/shapes.py)" in fixed
    assert "[lesson](../lessons/02_flatten.ipynb)" in fixed
    assert "[web](https://x.org)" in fixed and "[a](#top)" in fixed
    solution_link = site.repo_links("[s](../solutions/02_flatten.ipynb)", "instructors")
    assert solution_link == "[s](../lessons/02_flatten.ipynb)", "a lesson's page holds its solutions"


def test_a_lessons_next_line_and_the_guides_path_become_links_but_code_and_links_stay():
    names = ["04_a_cnn_with_flatten.ipynb", "08_capstone_design_a_head.ipynb", "09_your_own_model.ipynb"]
    here = "08_capstone_design_a_head.ipynb"
    text = "Next: **09 · Your own model**: more. Instructors: see `instructors/README.md`; `**04 · x**`."
    linked = site.link_lessons(text, names, "lessons", here=here)
    assert linked == ("Next: [**09 · Your own model**](09_your_own_model.ipynb): more. Instructors: see "
                      "[the instructor guide](../instructors/README.md); `**04 · x**`.")   # review r10
    own = "Next: **08 · Capstone**."  # the page itself: no link
    assert site.link_lessons(own, names, "lessons", here=here) == own
    already = "[**04 · A CNN**](elsewhere.ipynb)"
    assert site.link_lessons(already, names, "instructors") == already
    assert site.link_lessons("**04 · A CNN**", names, "instructors") == (
        "[**04 · A CNN**](../lessons/04_a_cnn_with_flatten.ipynb)")
    # Review r20: the guide's tables name notebooks as code; each links to its page (once, not its own).
    table = ("| 3 | `04_a_cnn_with_flatten.ipynb` | [`08_capstone_design_a_head.ipynb`](x.ipynb) | "
             "`other.ipynb` |")
    assert site.link_lessons(table, names, "instructors") == (
        "| 3 | [`04_a_cnn_with_flatten.ipynb`](../lessons/04_a_cnn_with_flatten.ipynb) | "
        "[`08_capstone_design_a_head.ipynb`](x.ipynb) | `other.ipynb` |")
    assert site.link_lessons("see `08_capstone_design_a_head.ipynb`", names, "lessons", here=here) == (
        "see `08_capstone_design_a_head.ipynb`")


def test_the_guide_links_to_its_answers_page_on_the_site_not_to_a_missing_file_on_github():
    guide = (ROOT / "instructors" / "README.md").read_text(encoding="utf-8")
    names = [p.name for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))]
    page, answers = site.guide_pages(guide, names)
    assert "](answers.md)" in page, "review r11: the answers page links went to GitHub"
    assert "/blob/" + course.BRANCH + "/instructors/answers.md" not in page
    assert answers.startswith("---\nnosearch: true")


def test_an_exercises_not_attempted_output_is_left_off_the_page_but_other_learner_outputs_stay():
    page = site.page_notebook(_solution_notebook(), "09_example.ipynb")
    learner = site.learner_page(page)
    stream = {"output_type": "stream", "name": "stdout"}
    for cell in learner["cells"]:  # what the learner's run printed
        if cell["cell_type"] == "code":
            text = ("✎ Exercise 9.1: not attempted. Replace the `...`" if "check(side)" in cell["source"]
                    else "set up")
            cell["outputs"] = [{**stream, "text": text}]
    full = copy.deepcopy(page)
    for cell in full["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{**stream, "text": "✔ Exercise 9.1: correct."}]
    merged = site.merged_page(full, learner)
    code = [c for c in merged["cells"] if c["cell_type"] == "code"]
    exercise = next(c for c in code if c["source"].startswith("side = ..."))
    assert exercise["outputs"] == [], "review r11: 'not attempted' above its solution is noise on a website"
    assert next(c for c in code if site._is_solution(c))["outputs"][0]["text"] == "✔ Exercise 9.1: correct."
    assert any(c["outputs"] and c["outputs"][0]["text"] == "set up" for c in code)


def _two_exercises(after_first: str, second: str = "check(half)", first: str = "side = 28 // 2") -> dict:
    """A page: exercise 9.1, then ``after_first`` (a learner cell, or "" for none), then exercise 9.2."""
    cells = [code("import numpy as np", tags=["course-setup"]),
             code(f"### BEGIN SOLUTION\n{first}\n### END SOLUTION\ncheck(side)")]
    if after_first:
        cells.append(code(after_first))
    cells.append(code(f"### BEGIN SOLUTION\nhalf = 7\n### END SOLUTION\n{second}"))
    return site.page_notebook({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                              "09_example.ipynb")


def test_a_page_runs_once_when_every_cell_after_its_first_answer_is_an_attempt_that_reads_no_answer():
    assert not site.learner_run_needed(_two_exercises(""))
    assert not site.learner_run_needed(_two_exercises("", second="check(np.array([half]))"))  # np: a module


def test_a_page_runs_twice_when_a_later_cell_may_print_what_an_earlier_answer_caused():
    assert site.learner_run_needed(_two_exercises("print(side)"))  # not an attempt: shows the answer's value
    assert site.learner_run_needed(_two_exercises("", second="check(half, side)"))  # an attempt reading side
    assert site.learner_run_needed(_two_exercises("", first="runs.append(14)", second="check(half, runs)"))
    assert site.learner_run_needed(_two_exercises("", first="table['side'] = 14", second="check(table)"))
    assert site.learner_run_needed(_two_exercises("", first="def side_of(x): return x", second="side_of(1)"))
    assert site._changed_names("%time side = 14", set()) is None  # IPython, not Python: judged unsafe


def test_after_a_single_run_an_attempt_that_printed_more_than_not_attempted_sends_the_page_to_a_second_run():
    page = _two_exercises("")
    for cell in site._code_cells(page):
        said = "✎ Exercise 9.2: not attempted." if cell["source"].startswith("half = ...") else "✔ correct"
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": said}]
    assert site._quiet_attempts(page)
    attempt = next(c for c in site._code_cells(page) if c["source"].startswith("half = ..."))
    attempt["outputs"][0]["text"] = "half is 7"  # e.g. a print the attempt makes before its check
    assert not site._quiet_attempts(page)


def test_the_readme_names_the_lessons_whose_page_runs_twice():
    """The README says which lessons run a second time without the answers: those learner_run_needed
    picks from the real solutions (a lesson gaining a cell after its first exercise joins them)."""
    pages = {p.name: site.page_notebook(json.loads(p.read_text(encoding="utf-8")), p.name)
             for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))}
    twice = [name[:2] for name, page in pages.items() if site.learner_run_needed(page)]
    said = re.search(r"runs a second time without the worked\s+answers[^)]*today lessons ([\d, and]+)\)",
                     (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said, "README: the sentence on which lessons run twice is gone"
    assert re.findall(r"\d\d", said.group(1)) == twice, (said.group(1), twice)


def test_every_lesson_of_a_range_or_list_links_to_its_page():
    names = [f"{i:02d}_x.ipynb" for i in range(10)]
    assert site.link_lessons("see lessons 03-05.", names, "lessons", here="08_x.ipynb") == (
        "see [lessons 03](03_x.ipynb)-[05](05_x.ipynb).")  # review r13: only 03 was a link
    assert site.link_lessons("lessons 04, 05 and 08", names, "lessons", here="08_x.ipynb") == (
        "[lessons 04](04_x.ipynb), [05](05_x.ipynb) and 08")  # the page itself: no link
    assert site.link_lessons("lesson 5 and 2 cats", names, "lessons") == "[lesson 5](05_x.ipynb) and 2 cats"


def test_a_learner_cell_that_prints_otherwise_with_the_answers_is_followed_by_that_output_folded():
    page = _two_exercises("print('side is', side)")   # reads the answer's name: not an attempt
    learner = copy.deepcopy(site.learner_page(page))  # its own run: its own cells
    stream = {"output_type": "stream", "name": "stdout"}
    for nb, said in ((page, "side is 14"), (learner, "side is Ellipsis")):
        for cell in site._code_cells(nb):
            cell["outputs"] = [{**stream, "text": said if cell["source"].startswith("print") else "ok"}]
    merged = site.merged_page(page, learner)
    sources = [c["source"] for c in merged["cells"]]
    reader = sources.index("print('side is', side)")
    folded = merged["cells"][reader + 1]
    assert merged["cells"][reader]["outputs"][0]["text"] == "side is Ellipsis"  # the learner's run, open
    assert folded["outputs"][0]["text"] == "side is 14"  # review r13: lesson 08 compared no designs
    assert {"remove-input", "hide-output", site.WORKED_TAG} <= set(folded["metadata"]["tags"])
    assert folded["metadata"]["mystnb"]["code_prompt_show"] == "Show the output with the worked answers"
    for cell in site._code_cells(learner):  # the same output in both runs: nothing folded after it
        cell["outputs"] = [{**stream, "text": "side is 14" if cell["source"].startswith("print") else "ok"}]
    assert len(site.merged_page(page, learner)["cells"]) == len(page["cells"])


def test_a_print_flushed_in_chunks_is_one_output_and_a_lone_newline_no_empty_box():
    """Review r16: a table printed in 3 chunks became a table box between two plain ones, out of order."""
    stream = {"output_type": "stream", "name": "stdout"}
    table = "".join(f"{head:<28}{params:>10,}  parameters  test accuracy {acc:.3f}\n"
                    for head, params, acc in (("Flatten", 5130, 0.91), ("global average", 330, 0.88),
                                              ("global max", 330, 0.93)))
    chunks = [{**stream, "text": part} for part in (table[:30], table[30:60], table[60:])]
    chunks += [{**stream, "name": "stderr", "text": "a warning\n"}, {**stream, "text": "\n"}]
    assert site._joined_streams(chunks) == [{**stream, "text": table}, chunks[3], chunks[4]]
    nb = {"cells": [code("print(table)")], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    nb["cells"][0]["outputs"] = chunks[:3] + [{**stream, "text": "\n"}]
    [out] = site.static_page(nb, "09_example.ipynb")["cells"][0]["outputs"]
    shown = out["data"]["text/html"]
    assert 'class="course-table"' in shown and shown.index("Flatten") < shown.index("global max")
