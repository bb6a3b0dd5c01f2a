#!/usr/bin/env python3
"""The course's one test entry point, the same on Linux, macOS and Windows (bash, cmd, PowerShell).

``make test``, ``make check`` and every ``make <step>`` call this script, and so does a maintainer
without make, so both take one path. Each command gets its own environment, built afresh from the
caller's: strict checks (``COURSE_STRICT_CHECKS=1``) are set for solutions/ only and explicitly off for
lessons/, ``KERAS_BACKEND`` is set for every notebook and backend run, so nothing a shell ``set`` left
behind leaks into a run, and nothing depends on how a shell sets variables.

Steps (``all`` runs lint unit backends notebooks colab, what ``make test`` runs, in this order,
stopping at the first failed step unless ``--keep-going``; a step runs all its commands):

    lint       ruff on utils/tools/tests, ruff through nbqa on the notebooks
    check      lint + the fast unit tests (no lesson training, browser, website or notebook: -m "not
               slow and not browser and not site"; the corpus of real errors fits tiny models), for
               contributors: `make check`
    unit       lessons/ in sync with solutions/, then pytest tests/ (unit, hygiene, browser, website)
    backends   the fast tests that touch Keras (shapes, checks, errors, experiment, lessons, the corpus of
               real errors) on JAX and PyTorch, then the shape maths against Keras' layers (the slow
               tests of test_shapes.py); what trains there is covered by the notebooks step
    notebooks  solutions/ (strict) and lessons/ (lenient) with nbval, offline, on each backend
    colab      lessons/ and solutions/ under Colab's versions (.venv/colab) in a private /content with a
               stand-in google.colab, offline, on Colab's TensorFlow and JAX
    site       only the website: build it and check it in the browser (tools/site.py --check; the
               same test runs inside ``unit``, so ``all`` does not repeat it)

A step that cannot run here (no Python 3.12 for colab, no jax/torch) is reported as NOT RUN and fails
the run, unless ``COURSE_ALLOW_SKIP`` names it (``COURSE_ALLOW_SKIP=colab`` or ``=colab,backends``).
``COURSE_BACKENDS`` (default ``tensorflow,jax,torch``) chooses the backends of backends/notebooks;
``COURSE_STRICT_BACKENDS`` (default: the three) those whose solutions run strict.

Usage::

    python tools/run_tests.py all
    python tools/run_tests.py check
    python tools/run_tests.py notebooks colab
    python tools/run_tests.py --dry-run all     # print each command and its environment, run nothing

Run it with the course's environment's Python (``.venv/bin/python``, on Windows
``.venv\\Scripts\\python``); the colab step builds its own environment (tools/colab_env.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import colab_env  # noqa: E402  (tools/colab_env.py)

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("lint", "check", "unit", "backends", "notebooks", "colab", "site")
ALL = ("lint", "unit", "backends", "notebooks", "colab")  # = make test (the website's test is in unit)
# Set for every command: no TensorFlow C++ start-up noise, no .pyc files in the repo.
BASE_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"}
# Set unless the caller set them: one OpenMP thread per process. Two workers each run a kernel, and
# PyTorch's OpenMP threads spin on a busy core: two PyTorch kernels with 2 threads each trained lesson 06's
# model at 550 ms per epoch, with 1 thread each at 65 ms (2026-12-07, 2 cores). TensorFlow and JAX keep
# their own thread pools (unchanged: 2 threads each cost them 10-25% at most).
DEFAULT_ENV = {"OMP_NUM_THREADS": "1"}
# Variables a dry run shows for every command (the ones the steps set or must not inherit).
SHOWN_ENV = ("COURSE_STRICT_CHECKS", "KERAS_BACKEND", "OMP_NUM_THREADS", "TF_CPP_MIN_LOG_LEVEL",
             "PYTHONDONTWRITEBYTECODE")
STRICT = "COURSE_STRICT_CHECKS"
BACKEND = "KERAS_BACKEND"
ALLOW_SKIP = "COURSE_ALLOW_SKIP"
# Keras backend -> the module that must be importable for it.
BACKEND_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
# Solutions run strict on these backends (lessons run on every backend): every notebook on all three.
# PyTorch's solutions run took 4 minutes on 2 busy cores (2026-12-07, one OpenMP thread per kernel);
# COURSE_STRICT_BACKENDS=tensorflow,jax leaves it out for a quicker local run.
STRICT_BACKENDS = ("tensorflow", "jax", "torch")
# Colab ships all three, but its torch is a CUDA wheel; the Colab environment has TensorFlow and JAX.
COLAB_BACKENDS = ("tensorflow", "jax")
# Two workers on the 2 cores the budget assumes; each notebook is one xdist group (loadscope).
WORKERS = ["-n", os.environ.get("COURSE_TEST_WORKERS", "2")]
# A cell's time limit catches a hang, not a slow machine: lesson 06's experiment on PyTorch hit 600 s on
# 2 cores shared with other work (2026-12-07), where it takes about 2 minutes alone.
NBVAL = ["-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=1200",
         *WORKERS, "--dist", "loadscope"]
# The tests whose subject runs through Keras' backend, run again on JAX and PyTorch by `backends`: the
# fast ones (FAST), as the training ones took 8 and 16 minutes there and the notebooks step already runs
# every lesson's training on each backend.
BACKEND_TESTS = ["tests/test_shapes.py", "tests/test_checks.py", "tests/test_errors.py",
                 "tests/test_experiment.py", "tests/test_lesson_*.py",
                 "tests/real_errors/test_real_errors.py"]
FAST = "not slow and not browser and not site"  # make check's selection
OFFLINE = [str(ROOT / "tools" / "offline.py"), "--"]


FAILING = ("failed", "NOT RUN")  # outcomes that fail the run


@dataclass
class Command:
    """One process to run: its arguments and the variables it sets (None: removed)."""

    title: str
    argv: list[str]
    env: dict[str, str | None] = field(default_factory=dict)
    offline: bool = False  # run through tools/offline.py (network namespace or socket guard)

    def full_argv(self, python: str) -> list[str]:
        return [python, *OFFLINE, *self.argv] if self.offline else list(self.argv)

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        """A fresh copy of ``base`` with this command's variables: nothing carries over."""
        env = {**DEFAULT_ENV, **base, **BASE_ENV}
        for name, value in self.env.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env


class Skip(Exception):
    """A step that cannot run here (the message says why and what to do)."""


def _known(variable: str, names: list[str]) -> None:
    """Refuse backend names in ``variable`` that the course does not know."""
    unknown = [b for b in names if b not in BACKEND_MODULES]
    if unknown:
        raise ValueError(f"{variable}: unknown backend(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(BACKEND_MODULES)}")


def backends() -> list[str]:
    """The backends chosen by COURSE_BACKENDS (default all three), in the course's order."""
    chosen = [b.strip() for b in os.environ.get("COURSE_BACKENDS", "tensorflow,jax,torch").split(",")]
    _known("COURSE_BACKENDS", chosen)
    return [b for b in BACKEND_MODULES if b in chosen]


def strict_backends() -> tuple[str, ...]:
    """The backends whose solutions run strict: COURSE_STRICT_BACKENDS, or STRICT_BACKENDS."""
    chosen = os.environ.get("COURSE_STRICT_BACKENDS")
    if not chosen:
        return STRICT_BACKENDS
    names = [b.strip() for b in chosen.split(",") if b.strip()]
    _known("COURSE_STRICT_BACKENDS", names)
    return tuple(names)


def require_backends(names: list[str], python: str) -> None:
    """Skip (NOT RUN) when a chosen backend's library is missing from the course's environment."""
    if python != sys.executable:
        return  # another interpreter: its pytest will say what is missing
    missing = [n for n in names if importlib.util.find_spec(BACKEND_MODULES[n]) is None]
    if missing:
        raise Skip(f"{', '.join(missing)} not installed (pip install -r requirements-dev.txt; or choose "
                   f"backends with COURSE_BACKENDS=tensorflow,jax)")


def pytest_tests(python: str, *args: str) -> list[str]:
    """pytest on tests/ files with two workers. ``--dist loadfile`` keeps each file on one worker, so a
    module fixture (the error corpus, the site build) runs once. Not ``loadgroup``: with pytest 9.2 it
    silently ignores ``xdist_group`` marks (pytest-dev/pytest-xdist#1386), which ran the corpus twice."""
    return [python, "-m", "pytest", "-p", "no:cacheprovider", *WORKERS, "--dist", "loadfile", *args]


def colab_python(build: bool) -> str:
    """The Colab environment's Python; builds it (or rebuilds it for changed pins) when ``build``."""
    if not build:
        return str(colab_env.env_python())
    try:
        return str(colab_env.ensure())
    except (colab_env.NoPython, colab_env.NoSpace) as exc:  # NOT RUN, which fails unless allowed
        raise Skip(str(exc)) from exc


def commands(step: str, python: str, build: bool = True) -> list[Command]:
    """The commands of ``step``; ``python`` is the course environment's interpreter."""
    if step == "lint":
        return [
            Command("ruff", [python, "-m", "ruff", "check", "utils", "tools", "tests"], {STRICT: None}),
            Command("ruff on notebooks", [python, "-m", "nbqa", "ruff", "lessons", "solutions"],
                    {STRICT: None}),
        ]
    if step == "check":
        return [*commands("lint", python, build),
                Command("fast unit tests", pytest_tests(python, "-q", "-m", FAST, "tests"),
                        {STRICT: None, BACKEND: None})]
    if step == "unit":
        # tests/conftest.py starts every test lenient; a test opts into strict mode itself.
        return [
            Command("lessons in sync", [python, "tools/build_lessons.py", "--check"], {STRICT: None}),
            Command("pytest tests", pytest_tests(python, "tests"), {STRICT: None, BACKEND: "tensorflow"}),
        ]
    if step == "backends":
        others = [b for b in backends() if b != "tensorflow"]
        require_backends(others, python)
        tests = sorted(str(p.relative_to(ROOT)) for pattern in BACKEND_TESTS for p in ROOT.glob(pattern))
        planned = []
        for b in others:
            planned.append(Command(f"tests on {b}", pytest_tests(python, "-q", "-m", FAST, *tests),
                                   {STRICT: None, BACKEND: b}))
            # The shape maths against Keras' own layers (slow: property tests), on this backend too.
            planned.append(Command(f"shape maths against Keras on {b}",
                                   pytest_tests(python, "-q", "-m", "slow", "tests/test_shapes.py"),
                                   {STRICT: None, BACKEND: b}))
        return planned
    if step == "notebooks":
        chosen = backends()
        require_backends(chosen, python)
        planned = []
        for b in chosen:
            if b in strict_backends():
                planned.append(Command(f"solutions on {b} (strict)",
                                       [python, "-m", "pytest", *NBVAL, "solutions"],
                                       {STRICT: "1", BACKEND: b}, offline=True))
            planned.append(Command(f"lessons on {b} (lenient)", [python, "-m", "pytest", *NBVAL, "lessons"],
                                   {STRICT: "0", BACKEND: b}, offline=True))
        return planned
    if step == "colab":
        possible, why_not = colab_env.content_possible()
        if not possible:
            raise Skip(f"the Colab run needs its own /content: {why_not}")
        colab = colab_python(build)
        nbval = [a for a in NBVAL if a != "-p" and a != "no:cacheprovider"]
        planned = []
        for b in (b for b in COLAB_BACKENDS if b in backends()):
            for kind, strict in (("solutions", "1"), ("lessons", "0")):
                argv = [colab, str(ROOT / "tools" / "colab_env.py"), "content", kind, "--",
                        "-p", "no:cacheprovider", *nbval]
                mode = "strict" if strict == "1" else "lenient"
                planned.append(Command(f"{kind} on Colab's versions, {b} ({mode})", argv,
                                       {STRICT: strict, BACKEND: b}, offline=True))
        return planned
    if step == "site":
        if not (ROOT / "tools" / "site.py").is_file():
            raise Skip("tools/site.py is not in this checkout")
        return [Command("website, built and checked", [python, "tools/site.py", "--check"], {STRICT: None})]
    raise ValueError(f"unknown step {step!r}; choose from {', '.join(STEPS)} or all")


def describe(command: Command, python: str, base: dict[str, str]) -> str:
    """What a dry run prints: the command line and the shown variables (or 'unset')."""
    env = command.environment(base)
    shown = " ".join(f"{name}={env[name]}" if name in env else f"{name}=<unset>" for name in SHOWN_ENV)
    offline = " [offline]" if command.offline else ""
    return f"$ {subprocess.list2cmdline(command.full_argv(python))}\n    {command.title}{offline}: {shown}"


def skip_allowed(step: str) -> bool:
    """True when COURSE_ALLOW_SKIP names ``step`` (comma-separated), or says ``all``."""
    allowed = {s.strip() for s in os.environ.get(ALLOW_SKIP, "").split(",")}
    return step in allowed or "all" in allowed


def run_step(step: str, python: str, base: dict[str, str], dry_run: bool,
             timings: list[tuple[str, str, float]] | None = None) -> str:
    """Run one step (all its commands); return 'passed', 'failed', 'NOT RUN' or 'NOT RUN (allowed)'."""
    try:
        planned = commands(step, python, build=not dry_run)
    except Skip as exc:
        if skip_allowed(step):
            print(f"== {step}: NOT RUN: {exc} ({ALLOW_SKIP} allows it)", flush=True)
            return "NOT RUN (allowed)"
        print(f"== {step}: NOT RUN: {exc}\n   This fails the run; set {ALLOW_SKIP}={step} to accept it.",
              flush=True)
        return "NOT RUN"
    outcome = "passed"
    for command in planned:
        if dry_run:
            print(describe(command, python, base))
            continue
        print(f"== {step}: {command.title}", flush=True)
        started = time.monotonic()
        code = subprocess.run(command.full_argv(python), cwd=ROOT, env=command.environment(base)).returncode
        if timings is not None:
            timings.append((command.title, "passed" if code == 0 else "FAILED", time.monotonic() - started))
        if code != 0:
            print(f"== {step}: {command.title} FAILED (exit status {code})", flush=True)
            outcome = "failed"
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("steps", nargs="+", choices=(*STEPS, "all"), metavar="STEP",
                        help=f"one or more of: {', '.join(STEPS)}, all (= {' '.join(ALL)})")
    parser.add_argument("--dry-run", action="store_true",
                        help="print each command and its environment instead of running it")
    parser.add_argument("-k", "--keep-going", action="store_true", help="run later steps after a failure")
    args = parser.parse_args(argv)
    steps = [s for s in STEPS if s in args.steps or ("all" in args.steps and s in ALL)]
    if "check" in steps and "lint" in steps:
        steps.remove("lint")  # check starts with lint
    python, base = sys.executable, dict(os.environ)
    results: list[tuple[str, str, float]] = []
    timings: list[tuple[str, str, float]] = []
    for step in steps:
        started = time.monotonic()
        outcome = run_step(step, python, base, args.dry_run, timings)
        results.append((step, outcome, time.monotonic() - started))
        if outcome in FAILING and not args.keep_going:
            break
    if not args.dry_run:
        print("\n== summary")
        for title, outcome, seconds in timings:
            print(f"   {title:<52} {outcome:<8} {seconds:6.0f} s")
        for step, outcome, seconds in results:
            print(f"   step {step:<47} {outcome:<8} {seconds:6.0f} s")
        print(f"   total {sum(seconds for *_, seconds in results):53.0f} s")
    return 1 if any(outcome in FAILING for _, outcome, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
