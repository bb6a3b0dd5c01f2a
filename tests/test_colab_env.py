"""The Colab-versions environment: one pin file with Colab's versions, rebuilt only when it changes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab_env  # noqa: E402  (tools/colab_env.py)

# What Colab ships (googlecolab/backend-info's pip-freeze.gpu.txt): the pin file must say exactly this.
COLAB = {"tensorflow-cpu": "==2.20.0", "keras": "==3.13.2", "ipywidgets": "==7.7.1", "numpy": "==2.0.2",
         "matplotlib": "==3.10.0", "scikit-learn": "==1.6.1", "jax": "==0.7.2", "ipykernel": "==6.17.1"}
CONSTRAINTS = ROOT / "tests" / "colab-constraints.txt"


def constraints() -> dict[str, str]:
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            found[req.name.lower().replace("_", "-")] = str(req.specifier)
    return found


def pins() -> dict[str, Requirement]:
    found = {}
    for line in colab_env.PINS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")):
            req = Requirement(line)
            found[req.name.lower()] = req
    return found


def test_the_pin_file_names_colabs_python_and_library_versions():
    assert colab_env.pinned_python() == (3, 12)  # os-info-gpu.txt: Python 3.12.13
    found = pins()
    for name, spec in COLAB.items():
        assert str(found[name].specifier) == spec, name
    assert str(found["tensorflow"].specifier) == "==2.20.0"  # the full wheel off Linux x86_64
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
    assert versions.pop("python") == "3.12"
    for name, req in wanted.items():
        assert req.specifier.contains(versions[name]), (name, versions[name], str(req.specifier))


def test_the_pins_and_colabs_constraints_agree_and_the_kernel_stack_is_colabs():
    assert "-c colab-constraints.txt" in colab_env.PINS.read_text(encoding="utf-8").splitlines()
    pinned, colab = pins(), constraints()
    for name, req in pinned.items():
        if str(req.specifier).startswith("==") and "*" not in str(req.specifier):
            assert colab[name.replace("_", "-")] == str(req.specifier), name
    for name, version in {"ipython": "7.34.0", "jupyter-client": "7.4.9", "traitlets": "5.7.1",
                          "protobuf": "5.29.6", "tornado": "6.5.1", "pyzmq": "26.2.1"}.items():
        assert colab[name] == f"=={version}", name
    assert not any("@" in line or "+" in line for line in CONSTRAINTS.read_text().splitlines()
                   if not line.startswith("#"))  # pip refuses URLs and local labels as constraints


def test_a_changed_constraint_rebuilds_the_environment(tmp_path):
    (tmp_path / "c.txt").write_text("keras==3.13.2\n")
    pin_file = tmp_path / "pins.txt"
    pin_file.write_text("# python: 3.12\n-c c.txt\nkeras==3.13.2\n")
    before = colab_env.pins_digest(pin_file)
    (tmp_path / "c.txt").write_text("keras==3.13.1\n")
    assert colab_env.pins_digest(pin_file) != before


def test_the_google_colab_stand_in_imports_beside_google_protobuf_and_records_the_widget_manager():
    code = ("import google.colab, google.protobuf; from google.colab import output; "
            "output.enable_custom_widget_manager(); print(output.custom_widget_manager_enabled)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "colab_stub")))
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr[-2000:]


def test_staging_copies_the_course_and_the_notebooks_and_imports_the_stand_in_at_kernel_start(tmp_path):
    content = colab_env.stage("lessons", tmp_path)
    assert content.name == "content" and (content / "course" / "utils" / "__init__.py").is_file()
    assert sorted(p.name for p in content.glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    startup = tmp_path / "ipython" / "profile_default" / "startup" / "00-google-colab.py"
    assert "import google.colab" in startup.read_text()


# The set-up cell of a lesson, then what Colab's branch must have done, in a kernel run the way the
# colab step runs it: in tools/offline.py's namespace, from /content, with the stand-in imported.
COLAB_BRANCH_PROBE = """
import os, sys
from google.colab import output
assert output.custom_widget_manager_enabled, "the set-up cell did not take its Colab branch"
assert os.getcwd() == "/content", os.getcwd()
assert str(ROOT) == "/content/course", ROOT
"""


def test_the_set_up_cell_takes_its_colab_branch_in_the_content_run(tmp_path):
    import nbformat
    import offline

    possible, why_not = colab_env.content_possible()
    if not possible or offline.netns_prefix()[0] is None:
        pytest.skip(f"no private /content here: {why_not or 'no network namespace'}")
    lesson = nbformat.read(ROOT / "lessons" / "00_welcome_and_setup.ipynb", as_version=4)
    setup = next(c for c in lesson.cells if "course-setup" in c.metadata.get("tags", []))
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup.source),
                                            nbformat.v4.new_code_cell(COLAB_BRANCH_PROBE)])
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "nbs").mkdir()
    nbformat.write(probe, tmp_path / "nbs" / "probe.ipynb")
    out = subprocess.run(offline.argv([sys.executable, str(ROOT / "tools" / "colab_env.py"), "content",
                                       str(tmp_path / "nbs"), "--", "-p", "no:cacheprovider",
                                       "--nbval-lax", "--nbval-current-env", "-q"], "netns"),
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "1 notebook(s) of nbs in /content" in out.stdout and "2 passed" in out.stdout  # both cells ran


def test_a_full_disk_is_named_before_anything_is_deleted_or_installed(monkeypatch, tmp_path):
    env_dir = tmp_path / "colab"
    (env_dir / "lib").mkdir(parents=True)
    (env_dir / "lib" / "old.bin").write_bytes(b"x" * 1000)  # a rebuild deletes it: it counts as free
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(colab_env.shutil, "disk_usage", lambda _: usage._replace(free=300_000_000))
    with pytest.raises(colab_env.NoSpace, match=r"needs about 3\.0 GB of free disk; 0\.3 GB is free there"):
        colab_env.check_space(env_dir)
    assert (env_dir / "lib" / "old.bin").exists()
    colab_env.check_space(env_dir, needed=300_001_000)  # the old copy's 1,000 bytes count as free
