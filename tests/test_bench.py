"""Unit tests of the pure parts of tools/bench.py (percentiles, budget marks, tables)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bench  # noqa: E402


def test_percentile_matches_numpy_linear_interpolation():
    np = pytest.importorskip("numpy")
    values = [12.0, 3.5, 7.0, 1.0, 9.25, 30.0, 4.0]
    for q in (0, 5, 25, 50, 90, 95, 100):
        assert bench.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert bench.median([4, 1, 3, 2]) == 2.5
    assert bench.median([5]) == 5


@pytest.mark.parametrize("values, q", [([], 50), ([1, 2], -1), ([1, 2], 101)])
def test_percentile_rejects_empty_values_and_q_outside_0_to_100(values, q):
    with pytest.raises(ValueError, match="values|q"):
        bench.percentile(values, q)


def test_a_notebook_within_twice_the_bare_kernel_and_1_gb_is_not_marked():
    assert bench.notebook_flags(seconds=18, bare_seconds=9, peak_mb=1000) == []


def test_a_notebook_between_2x_and_3x_only_gets_a_warning():
    flags = bench.notebook_flags(seconds=25, bare_seconds=10, peak_mb=700)
    assert flags == ["warn: > 2x bare (typical)"]
    assert not bench.over_budget({"flags": flags})


def test_a_notebook_over_3x_or_over_1_gb_is_over_budget():
    slow = bench.notebook_flags(seconds=31, bare_seconds=10, peak_mb=None)
    fat = bench.notebook_flags(seconds=10, bare_seconds=10, peak_mb=1100)
    assert slow == ["OVER: > 3x bare"]
    assert fat == ["OVER: peak memory > 1024 MB"]
    assert bench.over_budget({"flags": slow}) and bench.over_budget({"flags": fat})


def test_notebook_flags_need_a_positive_bare_time():
    with pytest.raises(ValueError, match="bare_seconds"):
        bench.notebook_flags(10, 0, None)


def test_all_notebooks_may_take_twice_n_bare_kernels():
    assert bench.total_flags(total_seconds=160, count=8, bare_seconds=10) == []
    assert bench.total_flags(total_seconds=161, count=8, bare_seconds=10)[0].startswith("OVER")
    assert bench.total_flags(total_seconds=5, count=0, bare_seconds=10) == []


def test_slider_budget_is_20_ms_for_math_and_150_ms_otherwise():
    assert bench.slider_budget_ms("math") == 20
    assert bench.slider_budget_ms("keras") == 150
    assert bench.slider_budget_ms("figure") == 150
    assert bench.slider_flags(19.9, "math") == []
    assert bench.slider_flags(20.1, "math") == ["OVER: median > 20 ms"]
    assert bench.slider_flags(120, "keras") == []
    assert bench.slider_flags(151, "unknown") == ["OVER: median > 150 ms"]


def test_bounce_steps_through_the_slider_range_and_turns_at_the_ends():
    assert bench.bounce(4, 1, 5, 1, 6) == [5, 4, 3, 2, 1, 2]
    assert bench.bounce(1, 1, 5, 2, 4) == [3, 5, 3, 1]
    values = bench.bounce(28, 1, 64, 1, 20)
    assert all(a != b for a, b in zip([28, *values], values))  # every value is a change


def test_bounce_gives_nothing_for_a_slider_with_a_single_value():
    assert bench.bounce(3, 3, 3, 1, 5) == []
    with pytest.raises(ValueError, match="step"):
        bench.bounce(1, 1, 5, 0, 3)


def test_peak_memory_is_parsed_from_the_last_cells_output():
    out = "hello\nCOURSE_BENCH_MAXRSS_KB 716800\n"
    assert bench.peak_mb(out) == 700
    assert bench.peak_mb("no marker") is None


def test_markdown_table_right_aligns_numeric_columns_and_escapes_pipes():
    table = bench.markdown_table(["name", "ms"], [["a|b", 1.234], ["c", None]])
    assert table.splitlines() == ["| name | ms |", "|---|--:|", "| a\\|b | 1.23 |", "| c | - |"]


def test_report_marks_rows_over_budget():
    result = {
        "date": "today", "machine": "test",
        "bare_kernel": {"median_s": 10.0, "runs_s": [10.0, 9.0, 11.0], "peak_mb": 650},
        "notebooks": [
            {"notebook": "lessons/00_a.ipynb", "seconds": 15.0, "ratio": 1.5, "peak_mb": 700,
             "status": "ok", "flags": []},
            {"notebook": "lessons/01_b.ipynb", "seconds": 35.0, "ratio": 3.5, "peak_mb": 700,
             "status": "ok", "flags": bench.notebook_flags(35, 10, 700)},
        ],
        "total": {"count": 2, "seconds": 50.0, "ratio_to_n_bare": 2.5,
                  "flags": bench.total_flags(50, 2, 10)},
    }
    text = bench.report_markdown(result)
    assert "| lessons/00_a.ipynb | 15.0 | 1.50 | 700 | ok | ok |" in text
    assert "OVER: > 3x bare" in text
    assert "All 2 notebooks: 50 s = 2.50x (n x bare); OVER" in text


def test_the_readme_table_is_replaced_between_its_markers_only():
    readme = "intro\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\noutro\n"
    updated = bench.with_bench_table(readme, "| new | table |\n")
    assert updated == "intro\n<!-- bench:begin -->\n| new | table |\n<!-- bench:end -->\noutro\n"
    titled = bench.with_bench_table(readme, "## Benchmark\n\n| new | table |\n")
    assert "## Benchmark" not in titled and "| new | table |" in titled
    with pytest.raises(ValueError, match="markers"):
        bench.with_bench_table("no markers", "x")


def test_the_backends_table_puts_each_backend_side_by_side_with_bare_and_totals():
    measured = (("tensorflow", 5.0, 6.0, 600), ("jax", 3.0, 3.5, 400), ("torch", 4.0, 4.2, 500))
    bare = {b: {"median_s": m, "cpu_s": c, "peak_mb": p} for b, m, c, p in measured}
    rows = [{"notebook": "lessons/00.ipynb", "backend": b, "status": "ok", "seconds": s, "cpu_s": s,
             "peak_mb": m} for b, s, m in (("tensorflow", 6.0, 650), ("jax", 4.0, 450), ("torch", 5.0, 520))]
    rows.append({"notebook": "lessons/01.ipynb", "backend": "torch", "status": "FAILED", "seconds": None})
    table = bench.backend_table(rows, bare, ["tensorflow", "jax", "torch"]).splitlines()
    assert table[0].split("|")[2:5] == [" tensorflow s ", " tensorflow CPU s ", " tensorflow MB "]

    def cells(line):
        return [c.strip() for c in line.strip("|").split("|")]

    def numbers(line):
        return [float(c) for c in cells(line)[1:]]

    bare_row = next(line for line in table if line.startswith("| bare kernel"))
    assert numbers(bare_row) == [5.0, 6.0, 600, 3.0, 3.5, 400, 4.0, 4.2, 500]
    assert cells(next(line for line in table if "lessons/01.ipynb" in line))[7] == "FAILED"
    assert cells(table[-1])[0] == "all notebooks" and numbers(table[-1]) == [6, 6, 650, 4, 4, 450, 5, 5, 520]


def test_the_kernels_cpu_time_is_parsed_from_its_output():
    assert bench.cpu_seconds("x\nCOURSE_BENCH_CPU_S 12.5\n") == 12.5
    assert bench.cpu_seconds("nothing") is None
