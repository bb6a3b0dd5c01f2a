"""The Colab-versions environment: one pin file with Colab's versions, rebuilt only when it changes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab_env  # noqa: E402  (tools/colab_env.py)

# What Colab ships (DESIGN.md, "Launching"): the pin file must say exactly this.
COLAB = {"tensorflow-cpu": "==2.20.*", "keras": "==3.13.*", "ipywidgets": "==7.7.*", "numpy": "==2.1.*",
         "matplotlib": "==3.10.*", "scikit-learn": "==1.6.*"}


def pins() -> dict[str, Requirement]:
    found = {}
    for line in colab_env.PINS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")):
            req = Requirement(line)
            found[req.name.lower()] = req
    return found


def test_the_pin_file_names_colabs_python_and_library_versions():
    assert colab_env.pinned_python() == (3, 13)
    found = pins()
    for name, spec in COLAB.items():
        assert str(found[name].specifier) == spec, name
    assert str(found["tensorflow"].specifier) == "==2.20.*"  # the full wheel off Linux x86_64
    assert {"pytest", "nbval", "ipykernel", "pytest-xdist"} <= set(found)


def test_the_pin_file_installs_wheels_only_so_no_compiler_is_needed():
    assert "--only-binary :all:" in colab_env.PINS.read_text(encoding="utf-8").splitlines()


def test_the_environment_counts_as_current_only_for_the_pins_it_was_built_from(tmp_path):
    pin_file = tmp_path / "pins.txt"
    pin_file.write_text("# python: 3.13\nkeras==3.13.*\n")
    env_dir = tmp_path / "env"
    python = colab_env.env_python(env_dir)
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert not colab_env.is_current(env_dir, pin_file)  # never stamped: a half-built environment
    (env_dir / colab_env.STAMP_NAME).write_text(colab_env.pins_digest(pin_file))
    assert colab_env.is_current(env_dir, pin_file)
    os.utime(pin_file, (0, 0))  # a checkout that only touches the file changes nothing
    assert colab_env.is_current(env_dir, pin_file)
    pin_file.write_text("# python: 3.13\n# Colab, checked today\nkeras==3.13.*  # as on Colab\n")
    assert colab_env.is_current(env_dir, pin_file)  # nor does a comment
    pin_file.write_text("# python: 3.13\nkeras==3.14.*\n")
    assert not colab_env.is_current(env_dir, pin_file)
    pin_file.write_text("# python: 3.12\nkeras==3.13.*\n")
    assert not colab_env.is_current(env_dir, pin_file)


def test_course_colab_python_chooses_the_interpreter(monkeypatch):
    monkeypatch.setenv("COURSE_COLAB_PYTHON", sys.executable)
    assert colab_env.find_python(sys.version_info[:2]) == [sys.executable]


def test_a_missing_python_says_how_to_install_one(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_COLAB_PYTHON", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    with pytest.raises(colab_env.NoPython, match="pyenv install 3.99.*COURSE_COLAB_PYTHON"):
        colab_env.find_python((3, 99))


def test_the_built_environment_has_exactly_colabs_versions():
    if not colab_env.is_current():
        pytest.skip("the Colab environment is not built (make colab builds it)")
    wanted = {name: req for name, req in pins().items() if req.marker is None or req.marker.evaluate()}
    code = ("import json, sys, importlib.metadata as m; names = json.loads(sys.argv[1]); "
            "versions = {n: m.version(n) for n in names}; "
            "print(json.dumps({'python': '%d.%d' % sys.version_info[:2], **versions}))")
    out = subprocess.run([str(colab_env.env_python()), "-c", code, json.dumps(sorted(wanted))],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    versions = json.loads(out.stdout)
    assert versions.pop("python") == "3.13"
    for name, req in wanted.items():
        assert req.specifier.contains(versions[name]), (name, versions[name], str(req.specifier))
