"""utils.environment: where we run, versions, and the offline data check."""

from utils import environment


def test_this_machine_is_local_and_fully_ready(monkeypatch):
    for key in list(environment.os.environ):
        if key.startswith("BINDER_") or key == "JUPYTERHUB_SERVICE_PREFIX":
            monkeypatch.delenv(key)
    assert environment.where_running() == "local"
    checks = environment.version_checks() + environment.data_checks()
    assert all(c.ok for c in checks), environment.report(checks)
    assert {c.name for c in checks} >= {"python", "keras", "backend", "ipywidgets", "digits"}
    import keras

    backend = next(c for c in checks if c.name == "backend")
    assert backend.detail.startswith(keras.backend.backend())  # the active backend and its version


def test_binder_and_colab_are_recognised(monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert environment.where_running() == "binder"
    monkeypatch.setitem(environment.sys.modules, "google.colab", object())
    assert environment.where_running() == "colab"


def test_an_old_or_missing_package_gets_advice(monkeypatch):
    versions = {"keras": "3.12.4", "tensorflow": None}  # 3.12 lacks the adaptive pooling layers
    monkeypatch.setattr(environment, "_installed_version",
                        lambda dist: versions.get(dist, "99.0"))
    monkeypatch.setattr(environment, "active_backend", lambda: "tensorflow")
    by_name = {c.name: c for c in environment.version_checks()}
    assert not by_name["keras"].ok and "need >= 3.13" in by_name["keras"].detail
    assert not by_name["backend"].ok and by_name["backend"].detail == "tensorflow not installed"
    report = environment.report(list(by_name.values()))
    assert "FIX  keras" in report and "-> pip install -r requirements.txt" in report


def test_only_the_active_backend_is_required_and_jax_needs_jaxlib(monkeypatch):
    monkeypatch.setattr(environment, "_installed_version",
                        lambda dist: None if dist == "tensorflow" else "99.0")
    monkeypatch.setattr(environment, "active_backend", lambda: "jax")
    by_name = {c.name: c for c in environment.version_checks()}
    assert all(c.ok for c in by_name.values()) and "jaxlib" in by_name
    assert by_name["backend"].detail == "jax 99.0"
    monkeypatch.setattr(environment, "_installed_version",
                        lambda dist: "0.3.1" if dist == "jaxlib" else "99.0")
    by_name = {c.name: c for c in environment.version_checks()}
    assert not by_name["jaxlib"].ok and "pip install jax jaxlib" in by_name["jaxlib"].advice
    monkeypatch.setattr(environment, "active_backend", lambda: "numpy")
    assert not {c.name: c for c in environment.version_checks()}["backend"].ok


def test_the_active_backend_is_what_keras_uses():
    import keras

    assert environment.active_backend() == keras.backend.backend()
