#!/usr/bin/env python3
"""Build (once) the Colab-versions environment from tests/colab-requirements.txt.

The environment lives in ``.venv/colab`` and is rebuilt only when the pins change: a stamp file holds
a SHA-256 of the pin file's Python version and requirement lines (content, not mtime, so a fresh
clone, a ``git checkout`` or an edited comment does not trigger a rebuild). The Python version comes
from the pin file's ``# python: X.Y`` line; the interpreter is found in this order:

1. ``COURSE_COLAB_PYTHON`` (a path or command),
2. ``pythonX.Y`` on PATH (a pyenv shim that is not activated fails to run and is skipped),
3. ``py -X.Y`` (the Windows launcher),
4. pyenv's ``~/.pyenv/versions/X.Y.*``.

Usage::

    python tools/colab_env.py            # create or reuse; prints the environment's python
    python tools/colab_env.py --force    # rebuild
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "tests" / "colab-requirements.txt"
ENV_DIR = ROOT / ".venv" / "colab"
STAMP_NAME = ".pins-sha256"


class NoPython(RuntimeError):
    """No interpreter of the pinned version was found (the message says how to get one)."""


def pinned_python(pins: Path = PINS) -> tuple[int, int]:
    """The ``# python: X.Y`` version named in the pin file."""
    match = re.search(r"^#\s*python:\s*(\d+)\.(\d+)\s*$", pins.read_text(encoding="utf-8"), re.M)
    if not match:
        raise ValueError(f"{pins} has no '# python: X.Y' line")
    return int(match[1]), int(match[2])


def env_python(env_dir: Path = ENV_DIR) -> Path:
    """The interpreter inside a venv (bin/python, or Scripts\\python.exe on Windows)."""
    if os.name == "nt":
        return env_dir / "Scripts" / "python.exe"
    return env_dir / "bin" / "python"


def _version_of(command: list[str]) -> tuple[int, int] | None:
    try:
        out = subprocess.run([*command, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.stdout.split()
    return (int(parts[0]), int(parts[1])) if out.returncode == 0 and len(parts) == 2 else None


def find_python(version: tuple[int, int]) -> list[str]:
    """A command that starts Python ``version`` (see the module docstring for the search order)."""
    dotted = f"{version[0]}.{version[1]}"
    candidates: list[list[str]] = []
    if os.environ.get("COURSE_COLAB_PYTHON"):
        candidates.append([os.environ["COURSE_COLAB_PYTHON"]])
    if shutil.which(f"python{dotted}"):
        candidates.append([shutil.which(f"python{dotted}")])
    if shutil.which("py"):
        candidates.append(["py", f"-{dotted}"])
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for folder in sorted(glob.glob(os.path.join(pyenv_root, "versions", f"{dotted}.*")), reverse=True):
        candidates.append([os.path.join(folder, "bin", f"python{dotted}")])
    for command in candidates:
        if _version_of(command) == version:
            return command
    raise NoPython(
        f"Python {dotted} not found (Colab's version, named in {PINS.name}). Install it (python.org, "
        f"`pyenv install {dotted}`, `brew install python@{dotted}`, `winget install Python.Python.{dotted}`) "
        f"or point COURSE_COLAB_PYTHON at one.")


def pins_digest(pins: Path = PINS) -> str:
    """SHA-256 of what pip and this tool read from the pin file: its Python version and its requirement
    and option lines, so editing a comment does not rebuild a 2 GB environment."""
    text = pins.read_text(encoding="utf-8")
    lines = [line.split(" #")[0].strip() for line in text.splitlines()]
    major, minor = pinned_python(pins)
    kept = [f"python {major}.{minor}", *(line for line in lines if line and not line.startswith("#"))]
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


def is_current(env_dir: Path = ENV_DIR, pins: Path = PINS) -> bool:
    """True when the environment exists and was built from the pin file as it is now."""
    stamp = env_dir / STAMP_NAME
    return (env_python(env_dir).exists() and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == pins_digest(pins))


def ensure(env_dir: Path = ENV_DIR, pins: Path = PINS, force: bool = False) -> Path:
    """Create or reuse the environment; return its python. Raises NoPython when none is found."""
    if not force and is_current(env_dir, pins):
        return env_python(env_dir)
    base = find_python(pinned_python(pins))
    started = time.monotonic()
    print(f"colab env: building {env_dir} from {pins.name} with {' '.join(base)}", flush=True)
    # Start clean: a half-built or outdated environment must not keep stale packages.
    shutil.rmtree(env_dir, ignore_errors=True)
    subprocess.run([*base, "-m", "venv", str(env_dir)], check=True)
    python = env_python(env_dir)
    quiet = ["--quiet", "--disable-pip-version-check"]
    subprocess.run([str(python), "-m", "pip", "install", *quiet, "-r", str(pins)], check=True)
    (env_dir / STAMP_NAME).write_text(pins_digest(pins) + "\n", encoding="utf-8")
    print(f"colab env: ready in {time.monotonic() - started:.0f} s", flush=True)
    return python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the pins did not change")
    args = parser.parse_args(argv)
    try:
        print(ensure(force=args.force))
    except NoPython as exc:
        print(f"colab env: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
