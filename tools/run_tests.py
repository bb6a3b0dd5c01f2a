#!/usr/bin/env python3
"""The course's one test entry point, the same on Linux, macOS and Windows (bash, cmd, PowerShell).

``make test`` and every ``make <step>`` call this script, and so does a maintainer without make,
so both take one path. Each command gets its own environment, built afresh from the caller's:
strict checks (``COURSE_STRICT_CHECKS=1``) are set for solutions/ only and explicitly off for
lessons/, so nothing a shell ``set`` left behind leaks into a run, and nothing depends on how a
shell sets variables.

Steps (``all`` runs the first four, what ``make test`` runs, in this order, stopping at the first
failure unless ``--keep-going``):

    lint       ruff on utils/tools/tests, ruff through nbqa on the notebooks
    unit       lessons/ in sync with solutions/, then pytest tests/ (unit, hygiene, browser, website)
    notebooks  solutions/ (strict) and lessons/ (lenient) with nbval, offline
    colab      lessons/ with nbval under Colab's versions (.venv/colab), lenient, offline
    site       only the website: build it and check it in the browser (tools/site.py --check; the
               same test runs inside ``unit``, so ``all`` does not repeat it)

Usage::

    python tools/run_tests.py all
    python tools/run_tests.py notebooks colab
    python tools/run_tests.py --dry-run all     # print each command and its environment, run nothing

Run it with the course's environment's Python (``.venv/bin/python``, on Windows
``.venv\\Scripts\\python``); the colab step builds its own environment (tools/colab_env.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import colab_env  # noqa: E402  (tools/colab_env.py)

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("lint", "unit", "notebooks", "colab", "site")
ALL = ("lint", "unit", "notebooks", "colab")  # = make test (the website's test is part of unit)
# Set for every command: no TensorFlow C++ start-up noise, no .pyc files in the repo.
BASE_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"}
# Variables a dry run shows for every command (the ones the steps set or must not inherit).
SHOWN_ENV = ("COURSE_STRICT_CHECKS", "TF_CPP_MIN_LOG_LEVEL", "PYTHONDONTWRITEBYTECODE")
STRICT = "COURSE_STRICT_CHECKS"
NBVAL = ["-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=600",
         "-n", "2", "--dist", "loadscope"]
OFFLINE = [str(ROOT / "tools" / "offline.py"), "--"]


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
        env = {**base, **BASE_ENV}
        for name, value in self.env.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env


class Skip(Exception):
    """A step that cannot run here (the message says why and what to do)."""


def colab_python(build: bool) -> str:
    """The Colab environment's Python; builds it (or rebuilds it for changed pins) when ``build``."""
    if not build:
        return str(colab_env.env_python())
    try:
        return str(colab_env.ensure())
    except colab_env.NoPython as exc:
        raise Skip(str(exc)) from exc


def commands(step: str, python: str, build: bool = True) -> list[Command]:
    """The commands of ``step``; ``python`` is the course environment's interpreter."""
    if step == "lint":
        return [
            Command("ruff", [python, "-m", "ruff", "check", "utils", "tools", "tests"], {STRICT: None}),
            Command("ruff on notebooks", [python, "-m", "nbqa", "ruff", "lessons", "solutions"],
                    {STRICT: None}),
        ]
    if step == "unit":
        # tests/conftest.py starts every test lenient; a test opts into strict mode itself.
        return [
            Command("lessons in sync", [python, "tools/build_lessons.py", "--check"], {STRICT: None}),
            Command("pytest tests", [python, "-m", "pytest", "-n", "2", "tests"], {STRICT: None}),
        ]
    if step == "notebooks":
        return [
            Command("solutions (strict)", [python, "-m", "pytest", *NBVAL, "solutions"], {STRICT: "1"},
                    offline=True),
            Command("lessons (lenient)", [python, "-m", "pytest", *NBVAL, "lessons"], {STRICT: "0"},
                    offline=True),
        ]
    if step == "colab":
        colab = colab_python(build)
        return [Command("lessons on Colab's versions (lenient)", [colab, "-m", "pytest", *NBVAL, "lessons"],
                        {STRICT: "0"}, offline=True)]
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


def run_step(step: str, python: str, base: dict[str, str], dry_run: bool) -> str:
    """Run one step; return 'passed', 'failed' or 'skipped: why'."""
    try:
        planned = commands(step, python, build=not dry_run)
    except Skip as exc:
        if os.environ.get("CI"):
            print(f"== {step}: cannot run: {exc} (CI is set, so this fails)", flush=True)
            return "failed"
        print(f"== {step}: SKIPPED: {exc}", flush=True)
        return f"skipped: {exc}"
    for command in planned:
        if dry_run:
            print(describe(command, python, base))
            continue
        print(f"== {step}: {command.title}", flush=True)
        code = subprocess.run(command.full_argv(python), cwd=ROOT, env=command.environment(base)).returncode
        if code != 0:
            print(f"== {step}: {command.title} FAILED (exit status {code})", flush=True)
            return "failed"
    return "passed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("steps", nargs="+", choices=(*STEPS, "all"), metavar="STEP",
                        help=f"one or more of: {', '.join(STEPS)}, all (= {' '.join(ALL)})")
    parser.add_argument("--dry-run", action="store_true",
                        help="print each command and its environment instead of running it")
    parser.add_argument("-k", "--keep-going", action="store_true", help="run later steps after a failure")
    args = parser.parse_args(argv)
    steps = [s for s in STEPS if s in args.steps or ("all" in args.steps and s in ALL)]
    python, base = sys.executable, dict(os.environ)
    results: list[tuple[str, str, float]] = []
    for step in steps:
        started = time.monotonic()
        outcome = run_step(step, python, base, args.dry_run)
        results.append((step, outcome, time.monotonic() - started))
        if outcome == "failed" and not args.keep_going:
            break
    if not args.dry_run:
        print("\n== summary")
        for step, outcome, seconds in results:
            print(f"   {step:<10} {outcome:<8} {seconds:6.0f} s")
    return 1 if any(outcome == "failed" for _, outcome, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
