#!/usr/bin/env python3
"""Build (once) the Colab-versions environment from tests/colab-requirements.txt (+ its constraints).

The environment lives in ``.venv/colab`` and is rebuilt only when the pins change: a stamp file holds
a SHA-256 of the pin file's Python version and requirement lines (content, not mtime, so a fresh
clone, a ``git checkout`` or an edited comment does not trigger a rebuild). The Python version comes
from the pin file's ``# python: X.Y`` line; the interpreter is found in this order:

1. ``COURSE_COLAB_PYTHON`` (a path or command),
2. ``pythonX.Y`` on PATH (a pyenv shim that is not activated fails to run and is skipped),
3. ``py -X.Y`` (the Windows launcher),
4. pyenv's ``~/.pyenv/versions/X.Y.*``.

The run itself (``content``, called by tools/run_tests.py inside tools/offline.py's namespace)
copies the course to a fresh ``content/course`` folder, the notebooks of one kind beside it, and
bind-mounts that folder on ``/content`` in the namespace's private mount table, so each run sees its
own ``/content`` and the machine's is untouched. The kernel starts with a stand-in ``google.colab``
(tests/colab_stub) already imported, as on Colab: the set-up cell's Colab branch runs (the clone is
skipped because /content/course exists, then the widget manager is enabled).

Usage::

    python tools/colab_env.py            # create or reuse; prints the environment's python
    python tools/colab_env.py --force    # rebuild
    python tools/colab_env.py content lessons -- -n 2 ...   # (inside offline.py) run pytest in /content
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


class NoSpace(RuntimeError):
    """Too little free disk to build the environment (checked before anything is deleted or installed)."""


# The built environment takes 2.3 GB (TensorFlow 1.2 GB, jaxlib 0.3 GB, measured 2026-12-07); pip also
# unpacks each wheel beside it. Checking first turns a pip OSError after minutes into one clear line.
NEEDED_BYTES = 3 * 10**9


def _tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def check_space(env_dir: Path = ENV_DIR, needed: int = NEEDED_BYTES) -> None:
    """Raise NoSpace unless the disk holding ``env_dir`` has ``needed`` bytes, counting the old copy
    that a rebuild deletes."""
    parent = env_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(parent).free + (_tree_bytes(env_dir) if env_dir.is_dir() else 0)
    if free < needed:
        raise NoSpace(f"building {env_dir} needs about {needed / 1e9:.1f} GB of free disk; "
                      f"{free / 1e9:.1f} GB is free there. Free some space and run again.")


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
    for line in list(kept):  # a constraints file (-c FILE) is part of what pip reads: its pins count too
        if line.startswith("-c "):
            constraints = pins.parent / line[3:].strip()
            kept += [c.split(" #")[0].strip() for c in constraints.read_text(encoding="utf-8").splitlines()
                     if c.strip() and not c.lstrip().startswith("#")]
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


def is_current(env_dir: Path = ENV_DIR, pins: Path = PINS) -> bool:
    """True when the environment exists and was built from the pin file as it is now."""
    stamp = env_dir / STAMP_NAME
    return (env_python(env_dir).exists() and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == pins_digest(pins))


def ensure(env_dir: Path = ENV_DIR, pins: Path = PINS, force: bool = False) -> Path:
    """Create or reuse the environment; return its python. Raises NoPython when none is found and
    NoSpace when the disk is too full to build it."""
    if not force and is_current(env_dir, pins):
        return env_python(env_dir)
    base = find_python(pinned_python(pins))
    check_space(env_dir)
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


CONTENT = Path("/content")
STUB = ROOT / "tests" / "colab_stub"
# What a clone of the course holds that the notebooks use (the rest would only slow the copy).
COURSE_PARTS = ("utils", "lessons", "solutions", "tools", "README.md")


def content_possible() -> tuple[bool, str]:
    """Whether a run can have its own /content here (Linux namespaces, and /content to mount on)."""
    if not sys.platform.startswith("linux"):
        return False, f"a private /content needs Linux mount namespaces (this is {sys.platform})"
    if CONTENT.is_dir():
        return True, ""
    if os.geteuid() == 0:
        return True, ""  # stage() creates the empty mount point
    return False, "/content does not exist and only root may create it (`sudo mkdir /content` once)"


def stage(kind: str, top: Path) -> Path:
    """``top``/content: the course in course/, the notebooks of ``kind`` beside it, an IPython start-up."""
    content = top / "content"
    course = content / "course"
    for part in COURSE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, course / part, ignore=shutil.ignore_patterns("__pycache__", "website"))
        elif source.is_file():
            shutil.copy2(source, course / part)
    for notebook in sorted((ROOT / kind).glob("*.ipynb")):
        shutil.copy2(notebook, content / notebook.name)
    startup = top / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-google-colab.py").write_text("import google.colab  # as on Colab, before any cell\n",
                                                encoding="utf-8")
    return content


def bind_mount(source: Path, target: Path) -> None:
    """``mount --bind source target`` (private to the current mount namespace)."""
    import ctypes

    ms_bind, ms_rec = 4096, 16384
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(str(source).encode(), str(target).encode(), None, ms_bind | ms_rec, None) != 0:
        raise OSError(ctypes.get_errno(), f"cannot bind-mount {source} on {target}")


def run_in_content(kind: str, pytest_args: list[str]) -> int:
    """Inside tools/offline.py's namespace: stage, mount on /content, run pytest on the notebooks."""
    if os.environ.get("COURSE_OFFLINE") != "netns":
        print("colab env: the /content run needs tools/offline.py's network namespace", file=sys.stderr)
        return 2
    import tempfile

    with tempfile.TemporaryDirectory(prefix="course-colab-") as tmp:
        content = stage(kind, Path(tmp))
        CONTENT.mkdir(exist_ok=True)  # an empty mount point (root only: content_possible() checked)
        bind_mount(content, CONTENT)
        # PYDEVD_...: ipykernel 6.17's debugger warns about Python 3.12's frozen modules at every start.
        env = dict(os.environ, IPYTHONDIR=str(Path(tmp) / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(STUB), os.environ.get("PYTHONPATH")])))
        notebooks = sorted(p.name for p in CONTENT.glob("*.ipynb"))
        print(f"colab env: {len(notebooks)} notebook(s) of {Path(kind).name} in /content, "
              "course in /content/course, "
              "google.colab stand-in imported at kernel start", flush=True)
        return subprocess.run([sys.executable, "-m", "pytest", *pytest_args, *notebooks],
                              cwd=CONTENT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["content"]:
        kind, rest = argv[1], argv[2:]
        return run_in_content(kind, rest[1:] if rest[:1] == ["--"] else rest)
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
