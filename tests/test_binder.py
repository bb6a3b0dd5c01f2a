"""binder/ installs the same course libraries as requirements.txt, cacheably, without fighting repo2docker."""

import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
COURSE_LIBRARIES = {"tensorflow-cpu", "keras", "numpy", "matplotlib", "scikit-learn", "ipywidgets"}
# Binder's machine, for evaluating the platform markers of requirements.txt.
BINDER_PLATFORM = {"sys_platform": "linux", "platform_machine": "x86_64"}
REPO2DOCKER_OWNS = {"jupyterlab", "notebook", "ipykernel", "jupyter-server", "jupyterhub", "nbclassic"}


def lines(path: Path) -> list[str]:
    return [line.split(" #")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def requirements(path: Path, platform: dict | None = None) -> dict[str, Requirement]:
    """Name -> requirement, keeping only lines whose marker holds on ``platform`` (if given)."""
    found = {}
    for line in lines(path):
        req = Requirement(line)
        if platform is None or req.marker is None or req.marker.evaluate(platform):
            found[req.name.lower()] = req
    return found


def test_binder_requirements_refer_to_no_other_file_so_their_image_layer_is_cached():
    for line in lines(BINDER / "requirements.txt"):
        assert not line.startswith(("-", ".", "/")) and "://" not in line and "@" not in line, line


def test_binder_pins_the_course_libraries_exactly_as_requirements_txt_does_on_linux():
    binder = requirements(BINDER / "requirements.txt")
    root = requirements(ROOT / "requirements.txt", BINDER_PLATFORM)
    assert set(binder) == COURSE_LIBRARIES
    for name in sorted(COURSE_LIBRARIES):
        assert name in root, f"{name} is no longer in requirements.txt: update COURSE_LIBRARIES and binder/"
        assert binder[name].specifier == root[name].specifier, (
            f"{name}: binder/requirements.txt has {binder[name].specifier}, "
            f"requirements.txt has {root[name].specifier}")


def test_binder_leaves_jupyterlab_notebook_and_the_kernel_to_repo2docker():
    assert not set(requirements(BINDER / "requirements.txt")) & REPO2DOCKER_OWNS


def test_the_full_tensorflow_wheel_elsewhere_is_the_same_version_as_the_cpu_wheel_on_binder():
    root = requirements(ROOT / "requirements.txt")
    assert root["tensorflow"].specifier == root["tensorflow-cpu"].specifier


def test_binder_runs_a_python_that_tensorflow_has_wheels_for():
    match = re.fullmatch(r"python-3\.(\d+)", (BINDER / "runtime.txt").read_text(encoding="utf-8").strip())
    assert match and 10 <= int(match[1]) <= 13, "runtime.txt must say python-3.10 ... python-3.13"
