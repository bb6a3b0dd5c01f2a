"""Environment check for lesson 00: where am I running, and is everything here?

>>> where_running() in ("local", "binder", "colab")
True
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import os
import sys
from collections.abc import Callable
from typing import NamedTuple

from utils._validate import Test, validated

__all__ = ["muted_stderr", "REQUIRED", "BACKENDS", "where_running", "active_backend", "Check",
           "version_checks", "data_checks", "report"]

#: distribution -> (import name, minimum major.minor tested, what to do if missing/old)
REQUIRED = {
    # 3.13.0 added AdaptiveAveragePooling2D / AdaptiveMaxPooling2D, which lessons 05 and 06 use.
    "keras": ("keras", (3, 13), "pip install -r requirements.txt (on Colab: pip install 'keras>=3.13', "
                                "then Runtime > Restart session)"),
    "numpy": ("numpy", (1, 26), "pip install -r requirements.txt"),
    "matplotlib": ("matplotlib", (3, 7), "pip install -r requirements.txt"),
    "scikit-learn": ("sklearn", (1, 3), "pip install -r requirements.txt"),
    "ipywidgets": ("ipywidgets", (7, 6), "pip install -r requirements.txt, then restart JupyterLab"),
}
#: Keras backend (``KERAS_BACKEND``) -> the distributions it needs, each with its minimum major.minor.
#: Only the active backend is required; Colab ships all three.
BACKENDS = {
    "tensorflow": {"tensorflow": (2, 16)},
    "jax": {"jax": (0, 4), "jaxlib": (0, 4)},
    "torch": {"torch": (2, 1)},
}


@contextlib.contextmanager
def muted_stderr():
    """Silence the process-level stderr (file descriptor 2) inside the ``with`` block: TensorFlow's C++
    core prints start-up notices there, which Jupyter shows as alarming red text. Python errors still
    propagate."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (some embedded consoles): nothing to mute
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class Check(NamedTuple):
    """One line of the environment report."""

    name: str
    ok: bool
    detail: str
    advice: str = ""


def where_running() -> str:
    """``"colab"``, ``"binder"`` or ``"local"``."""
    if "google.colab" in sys.modules:
        return "colab"
    if any(key.startswith("BINDER_") for key in os.environ) or "JUPYTERHUB_SERVICE_PREFIX" in os.environ:
        return "binder"
    return "local"


def _installed_version(dist: str) -> str | None:
    # tensorflow-cpu provides the `tensorflow` module under another distribution name.
    for name in (dist, f"{dist}-cpu") if dist == "tensorflow" else (dist,):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def active_backend() -> str:
    """The Keras backend this kernel uses: ``keras.backend.backend()`` if Keras is importable, else what
    ``KERAS_BACKEND`` (then Keras' default, TensorFlow) would choose."""
    try:
        return importlib.import_module("keras").backend.backend()
    except Exception:  # noqa: BLE001 - Keras missing or broken: version_checks reports it
        return os.environ.get("KERAS_BACKEND", "tensorflow")


def _package_check(dist: str, minimum: tuple, advice: str) -> Check:
    version = _installed_version(dist)
    if version is None:
        return Check(dist, False, "not installed", advice)
    # major.minor, ignoring anything but digits ("2.16.0rc1" -> (2, 16))
    if tuple(int("".join(filter(str.isdigit, part)) or 0) for part in version.split(".")[:2]) < minimum:
        return Check(dist, False, f"{version} (need >= {'.'.join(map(str, minimum))})", advice)
    return Check(dist, True, version)


def version_checks() -> list[Check]:
    """Python, every required package and what the active Keras backend needs: installed, new enough?"""
    # 3.11 is the oldest Python for which numpy, matplotlib, scikit-learn and tensorflow publish wheels.
    checks = [Check("python", sys.version_info >= (3, 11), sys.version.split()[0],
                    "" if sys.version_info >= (3, 11) else "install Python 3.11 or newer")]
    checks += [_package_check(dist, minimum, advice) for dist, (_module, minimum, advice) in REQUIRED.items()]
    backend = active_backend()
    needs = BACKENDS.get(backend)
    if needs is None:
        return [*checks, Check("backend", False, backend,
                                f"set KERAS_BACKEND to one of {', '.join(BACKENDS)}")]
    advice = (f"pip install {' '.join(needs)} (or choose another backend: KERAS_BACKEND=tensorflow, jax "
              "or torch, set before keras is imported)")
    main, *others = [_package_check(dist, minimum, advice) for dist, minimum in needs.items()]
    return [*checks, main._replace(name="backend", detail=f"{backend} {main.detail}"), *others]


def _loads(name: str, describe: Callable[[], str], advice: str) -> Check:
    try:
        return Check(name, True, describe())
    except Exception as exc:  # report, don't crash the setup notebook
        return Check(name, False, f"{type(exc).__name__}: {exc}", advice)


def data_checks() -> list[Check]:
    """The offline datasets load without the network."""
    from utils import data

    def digits() -> str:
        split = data.load_digits()
        return f"{len(split.x_train) + len(split.x_test)} images of {split.x_train.shape[1:]}"

    return [_loads("digits", digits, "reinstall scikit-learn: pip install -r requirements.txt"),
            _loads("sample photo", lambda: f"china.jpg {data.sample_photo().shape}",
                   "reinstall scikit-learn and pillow: pip install -r requirements.txt")]


@validated
def report(checks: Test(lambda v: isinstance(v, (list, tuple)) and all(isinstance(c, Check) for c in v),
                        "a list of environment.Check, e.g. version_checks()")) -> str:
    """A plain-text table of checks, with advice under each failing line."""
    lines = []
    for check in checks:
        lines.append(f"{'OK ' if check.ok else 'FIX'}  {check.name:<14}{check.detail}")
        if not check.ok and check.advice:
            lines.append(f"     -> {check.advice}")
    return "\n".join(lines)
