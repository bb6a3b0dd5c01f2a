"""tools/run_tests.py: one test path for make and for bash, cmd and PowerShell users.

Strict checks are on for solutions/ only, a variable left in the shell (cmd's ``set`` persists) never
reaches another step, and notebooks always run through the offline wrapper.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_TESTS = ROOT / "tools" / "run_tests.py"
sys.path.insert(0, str(ROOT / "tools"))
import run_tests  # noqa: E402  (tools/run_tests.py)

PY = sys.executable
LEAKY_SHELL = {"COURSE_STRICT_CHECKS": "1", "PATH": os.environ.get("PATH", "")}


@pytest.fixture(autouse=True)
def content_possible(monkeypatch):
    """Plan the colab step as on a machine that can give it a /content (root or /content present)."""
    monkeypatch.setattr(run_tests.colab_env, "content_possible", lambda: (True, ""))
    monkeypatch.delenv("COURSE_BACKENDS", raising=False)
    monkeypatch.delenv("COURSE_ALLOW_SKIP", raising=False)


def planned(step: str) -> list[run_tests.Command]:
    return run_tests.commands(step, PY, build=False)


def by_kind(commands, kind):
    return [c for c in commands if kind in c.title]


def strict_of(command: run_tests.Command, base: dict) -> str | None:
    return command.environment(base).get("COURSE_STRICT_CHECKS")


def dry_run(*args: str, env: dict | None = None) -> dict[str, str]:
    """Title of each planned command -> its shown environment line, from the real command line."""
    out = subprocess.run([PY, str(RUN_TESTS), "--dry-run", *args], capture_output=True, text=True,
                         timeout=60, env={**os.environ, **(env or {})}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    shown = {}
    for line in out.stdout.splitlines():
        match = re.match(r"    (.+?)( \[offline\])?: (COURSE_STRICT_CHECKS=.*)$", line)
        if match:
            shown[match[1]] = match[3] + (" offline" if match[2] else "")
    return shown


@pytest.mark.all_backends
def test_strict_mode_is_on_for_solutions_and_explicitly_off_for_lessons_whatever_the_shell_left():
    for base in ({}, LEAKY_SHELL, {"COURSE_STRICT_CHECKS": "0"}, {"KERAS_BACKEND": "torch"}):
        for command in planned("notebooks") + planned("colab"):
            kind = "solutions" if "solutions" in command.title else "lessons"
            assert kind in command.argv
            assert strict_of(command, base) == ("1" if kind == "solutions" else "0"), command.title


@pytest.mark.all_backends
def test_every_notebook_runs_on_each_backend_with_the_backend_set_explicitly():
    runs = {(c.environment(LEAKY_SHELL)["KERAS_BACKEND"], c.argv[-1]) for c in planned("notebooks")}
    # Every notebook on all three backends: lessons lenient, solutions strict.
    assert runs == {(b, kind) for b in ("tensorflow", "jax", "torch") for kind in ("lessons", "solutions")}
    colab = {(c.environment({})["KERAS_BACKEND"], c.argv[3]) for c in planned("colab")}
    assert colab == {(b, kind) for b in ("tensorflow", "jax") for kind in ("solutions", "lessons")}
    backend_runs = planned("backends")
    assert [c.environment({})["KERAS_BACKEND"] for c in backend_runs] == ["jax", "jax", "torch", "torch"]
    shape_runs = [c for c in backend_runs if c.title.startswith("shape maths")]
    # The shape maths' slow tests compare with Keras' layers: on JAX and PyTorch too (review r10).
    assert len(shape_runs) == 2
    assert all(c.argv[-3:] == ["-m", "slow", "tests/test_shapes.py"] for c in shape_runs)
    for command in (c for c in backend_runs if c not in shape_runs):
        assert "tests/test_shapes.py" in command.argv and "tests/test_errors.py" in command.argv
        assert any(a.startswith("tests/test_lesson_") for a in command.argv)
        assert "tests/real_errors/test_real_errors.py" in command.argv  # the corpus on every backend
        marker = command.argv[len(command.argv) - command.argv[::-1].index("-m")]  # pytest's -m, the last
        assert marker == "not slow and not browser and not site"


@pytest.mark.all_backends
def test_course_backends_chooses_and_refuses_unknown_names(monkeypatch):
    monkeypatch.setenv("COURSE_BACKENDS", "tensorflow,jax")
    assert {c.environment({})["KERAS_BACKEND"] for c in planned("notebooks")} == {"tensorflow", "jax"}
    monkeypatch.setenv("COURSE_BACKENDS", "tensorflow,mxnet")
    with pytest.raises(ValueError, match="unknown backend.*mxnet"):
        planned("notebooks")


@pytest.mark.all_backends
def test_course_strict_backends_narrows_the_solutions_runs_and_refuses_unknown_names(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_BACKENDS", "tensorflow,jax")
    strict = {c.environment({})["KERAS_BACKEND"] for c in planned("notebooks") if "solutions" in c.argv}
    assert strict == {"tensorflow", "jax"}
    monkeypatch.setenv("COURSE_STRICT_BACKENDS", "tensorflow,theano")
    with pytest.raises(ValueError, match="COURSE_STRICT_BACKENDS.*theano"):
        planned("notebooks")


@pytest.mark.all_backends
def test_check_is_lint_plus_the_fast_tests_and_test_runs_with_loadfile():
    check = planned("check")
    assert [c.title for c in check[:2]] == [c.title for c in planned("lint")]
    fast = check[-1].argv
    assert fast[fast.index("not slow and not browser and not site") - 1] == "-m"
    for command in [check[-1], *planned("unit")[1:], *planned("backends")]:
        assert command.argv[command.argv.index("--dist") + 1] == "loadfile", command.title


@pytest.mark.slow  # two pytest workers start: about 20 s on busy cores
def test_the_pytest_command_really_keeps_one_files_tests_on_one_worker(tmp_path):
    """The corpus and the site build are module fixtures: a file split over two workers runs them twice
    (as --dist loadgroup silently did with pytest 9.2). Checked by running, not by reading the flags."""
    body = ("import os, pytest\n@pytest.mark.parametrize('i', range(6))\n"
            "def test_x(i):\n    open(os.path.join(os.path.dirname(__file__), f'{NAME}-{i}'), 'w')"
            ".write(os.environ.get('PYTEST_XDIST_WORKER', 'main'))\n")
    for name in ("one", "two"):
        (tmp_path / f"test_{name}.py").write_text(body.replace("{NAME}", name))
    argv = run_tests.pytest_tests(sys.executable, "-q", str(tmp_path))
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    for name in ("one", "two"):
        workers = {p.read_text() for p in tmp_path.glob(f"{name}-*")}
        assert len(workers) == 1 and "main" not in workers, (name, workers)


def test_steps_that_are_not_notebook_runs_never_inherit_strict_mode():
    for step in ("lint", "unit"):
        for command in planned(step):
            assert strict_of(command, LEAKY_SHELL) is None, command.title


@pytest.mark.all_backends
def test_the_command_line_dry_run_shows_each_commands_own_environment():
    # as after cmd's `set COURSE_STRICT_CHECKS=1`; colab allowed to be NOT RUN where no /content is possible
    shown = dry_run("all", env={"COURSE_STRICT_CHECKS": "1", "COURSE_ALLOW_SKIP": "colab"})
    assert shown["solutions on jax (strict)"].startswith("COURSE_STRICT_CHECKS=1 KERAS_BACKEND=jax ")
    assert shown["lessons on torch (lenient)"].startswith("COURSE_STRICT_CHECKS=0 KERAS_BACKEND=torch ")
    assert shown["pytest tests"].startswith("COURSE_STRICT_CHECKS=<unset> ")
    assert all("TF_CPP_MIN_LOG_LEVEL=3" in line for line in shown.values())


@pytest.mark.all_backends
def test_notebook_runs_and_only_they_go_through_the_offline_wrapper():
    shown = dry_run("all", env={"COURSE_ALLOW_SKIP": "colab"})
    offline = {title for title, line in shown.items() if line.endswith(" offline")}
    notebook_runs = {title for title in shown if title.startswith(("solutions ", "lessons "))}
    assert offline == notebook_runs - {"lessons in sync"}
    assert {c.title for c in planned("notebooks")} <= offline
    for command in planned("notebooks") + planned("colab"):
        argv = command.full_argv(PY)
        assert argv[:3] == [PY, str(ROOT / "tools" / "offline.py"), "--"]


def test_the_colab_step_runs_lessons_and_solutions_in_content_with_the_colab_environments_python():
    for colab in planned("colab"):
        assert colab.argv[0] == str(run_tests.colab_env.env_python())
        assert colab.argv[2:4] == ["content", "solutions" if "solutions" in colab.title else "lessons"]
        assert "--nbval-current-env" in colab.argv


def test_one_steps_environment_does_not_leak_into_the_next_when_really_run(monkeypatch, capfd):
    show = [PY, "-c", "import os; print('X =', os.environ.get('COURSE_STRICT_CHECKS'))"]
    fake = {"first": [run_tests.Command("sets it", show, {"COURSE_STRICT_CHECKS": "1"})],
            "second": [run_tests.Command("sets nothing", show, {})]}
    monkeypatch.setattr(run_tests, "commands", lambda step, python, build=True: fake[step])
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    base = dict(os.environ)
    assert run_tests.run_step("first", PY, base, dry_run=False) == "passed"
    assert run_tests.run_step("second", PY, base, dry_run=False) == "passed"
    printed = [line for line in capfd.readouterr().out.splitlines() if line.startswith("X =")]
    assert printed == ["X = 1", "X = None"]
    assert "COURSE_STRICT_CHECKS" not in base and "COURSE_STRICT_CHECKS" not in os.environ


def test_a_failing_step_stops_the_run_and_fails_it_unless_told_to_keep_going(monkeypatch, capfd):
    ran = []

    def fake(step, python, build=True):
        ran.append(step)
        code = 1 if step == "lint" else 0
        return [run_tests.Command(step, [PY, "-c", f"raise SystemExit({code})"])]

    monkeypatch.setattr(run_tests, "commands", fake)
    assert run_tests.main(["lint", "unit"]) == 1 and ran == ["lint"]
    ran.clear()
    assert run_tests.main(["--keep-going", "lint", "unit"]) == 1 and ran == ["lint", "unit"]
    assert "FAILED" in capfd.readouterr().out


def test_a_step_that_cannot_run_is_reported_not_run_and_fails_unless_explicitly_allowed(monkeypatch, capfd):
    def no_python():
        raise run_tests.colab_env.NoPython("Python 3.12 not found")

    monkeypatch.setattr(run_tests.colab_env, "ensure", no_python)
    monkeypatch.delenv("CI", raising=False)  # no longer matters: a skip fails everywhere
    assert run_tests.main(["colab"]) == 1
    out = capfd.readouterr().out
    assert "colab: NOT RUN: Python 3.12 not found" in out and "COURSE_ALLOW_SKIP=colab" in out
    assert re.search(r"step colab +NOT RUN ", out)
    monkeypatch.setenv("COURSE_ALLOW_SKIP", "backends,colab")
    assert run_tests.main(["colab"]) == 0
    assert re.search(r"step colab +NOT RUN \(allowed\)", capfd.readouterr().out)
    monkeypatch.setenv("COURSE_ALLOW_SKIP", "backends")
    assert run_tests.main(["colab"]) == 1


def test_a_full_disk_stops_the_colab_step_at_once_with_the_reason(monkeypatch, capfd):
    def full():
        raise run_tests.colab_env.NoSpace("building .venv/colab needs about 3.0 GB of free disk")

    monkeypatch.setattr(run_tests.colab_env, "ensure", full)
    monkeypatch.delenv("COURSE_ALLOW_SKIP", raising=False)
    assert run_tests.main(["colab"]) == 1
    assert "colab: NOT RUN: building .venv/colab needs about 3.0 GB" in capfd.readouterr().out


def test_no_content_folder_and_missing_backends_are_not_run_too(monkeypatch):
    monkeypatch.setattr(run_tests.colab_env, "content_possible", lambda: (False, "no /content"))
    assert run_tests.run_step("colab", PY, {}, dry_run=True) == "NOT RUN"
    monkeypatch.setattr(run_tests.importlib.util, "find_spec", lambda name: None)
    assert run_tests.run_step("notebooks", PY, {}, dry_run=True) == "NOT RUN"


def test_a_dry_run_builds_no_environment(monkeypatch):
    monkeypatch.setattr(run_tests.colab_env, "ensure", lambda: pytest.fail("dry run built .venv/colab"))
    assert run_tests.main(["--dry-run", "colab"]) == 0


def test_every_make_test_target_calls_the_entry_point():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^TESTS\s*:=\s*\$\(PY\) tools/run_tests\.py$", makefile, re.M)
    for step in ("lint", "check", "unit", "backends", "notebooks", "colab"):
        recipe = re.search(rf"^{step}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe and recipe[1].strip() == f"$(TESTS) {step}", step
    test_target = re.search(r"^test:(.*)$", makefile, re.M)[1].split()
    assert list(run_tests.ALL) == [t for t in test_target if t in run_tests.STEPS]  # `all` is `make test`


def test_the_readme_gives_the_entry_point_and_no_shell_specific_variable_recipes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python tools/run_tests.py all" in readme
    assert "COURSE_STRICT_CHECKS=1 pytest" not in readme and "set COURSE_STRICT_CHECKS" not in readme


@pytest.mark.all_backends
def test_every_command_runs_one_openmp_thread_unless_the_caller_chose_a_number():
    """Two workers on 2 cores: PyTorch kernels with 2 OpenMP threads each ran 8x slower (run_tests.py)."""
    for step in ("unit", "backends", "notebooks"):
        for command in planned(step):
            assert command.environment({})["OMP_NUM_THREADS"] == "1"
            assert command.environment({"OMP_NUM_THREADS": "4"})["OMP_NUM_THREADS"] == "4"
