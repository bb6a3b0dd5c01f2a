"""Bad input to every public function of utils: a clear error at once, or a valid result.

For each public function (the ``__all__`` of the generic modules and the public functions of
every ``utils.lessons`` module), hypothesis replaces ONE argument by a bad value (wrong type,
None, NaN, negative, a billion, a huge list, a string ...) and calls it with a time and a memory
limit. Allowed outcomes:

* a ``ValueError`` or ``TypeError`` whose message names the argument as the caller wrote it;
* a valid result (some bad-looking values are fine, e.g. ``seed=10**9``), returned quickly;
* for exercise checks: a ``CheckResult`` (a check never raises for a learner).

Anything else fails: another exception type (from deep inside numpy, matplotlib, traitlets or
Keras), a message that does not name the argument, more than ``SECONDS`` of work, more than
``MEGABYTES`` of new Python memory (tracemalloc) or more than ``RSS_MEGABYTES`` of growth of the
whole process (what TensorFlow, JAX or torch allocate in C++ is invisible to tracemalloc).

Portable: the time limit is a thread join with a timeout (no SIGALRM, which Windows lacks) and the
process memory is sampled from /proc/self/statm, or ``resource``'s high-water mark elsewhere.
"""

from __future__ import annotations

import inspect
import os
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import checks, data, environment, errors, experiment, lessons, models, panel, plots, shapes

SECONDS = 5.0
EXAMPLES = 20  # bad calls per function and run (hypothesis, derandomized)
MEGABYTES = 64
RSS_MEGABYTES = 256  # a Dense of 10,000 x 10,000 grows the process by about 1.2 GB
BAD_VALUES = [None, "x", "", -1, 0, -(10**9), 10**9, 10**12, 1.5, float("nan"), float("inf"), True,
              [], [10**9], (1, "a"), {"a": 1}, object(), np.float64("nan"), np.zeros((3, 3)),
              np.full((2, 2), np.nan), b"bytes", ..., 2**63]
# Functions whose job is to accept anything (they explain what they were given) or that run a model.
SKIP = {
    "checks.run_check", "checks.is_placeholder", "checks.as_model", "checks.strict_mode",
    "errors.explain_error",
    "environment.muted_stderr", "environment.where_running", "environment.version_checks",
    "environment.data_checks",
    # checker plumbing: called by a check on an answer it has already read (a function: lessons 02-03;
    # a model: lessons 05 and 07), inside run_check, which explains anything they raise;
    # tests/test_checks.py covers them
    "checks.call_with_deadline", "checks.vanished_map", "checks.masked_call", "checks.fatal_call",
}


def _public_functions():
    found = []
    for module in (shapes, panel, plots, checks, data, errors, environment, experiment, models):
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and f"{module.__name__.split('.')[-1]}.{name}" not in SKIP:
                found.append((module.__name__.split(".")[-1], name, obj))
    for lesson in lessons.lesson_names():
        module = lessons.load(lesson)
        for name, obj in vars(module).items():
            if (inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == module.__name__
                    and f"{lesson}.{name}" not in SKIP):
                found.append((lesson, name, obj))
    return found


FUNCTIONS = [(m, n, f) for m, n, f in _public_functions()
             if any(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                    for p in inspect.signature(f).parameters.values())]

CASES = [pytest.param(m, n, f, id=f"{m}.{n}") for m, n, f in FUNCTIONS]


class _TimeOut(Exception):
    pass


def _rss_mb() -> float:
    """Resident memory of this process in MB: /proc on Linux; elsewhere the high-water mark that
    ``resource`` keeps (it only grows, so it still shows a call that pushed it up); 0 without either."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows: tracemalloc alone
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


def _call_with_limits(fn, kwargs, seconds=None):
    """Call ``fn(**kwargs)`` in a worker thread; raise _TimeOut after ``seconds`` (SECONDS); record the
    peak of new Python memory and of process growth (sampled every few milliseconds) in ``peak_mb``
    and ``rss_mb``. Returns ``(result, None)`` or ``(None, the ValueError/TypeError/Unusable)``."""
    outcome = {}

    def run():
        try:
            outcome["result"] = fn(**kwargs)
        except (ValueError, TypeError, checks.Unusable) as exc:
            outcome["error"] = exc
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["raised"] = exc

    base = top = _rss_mb()
    tracemalloc.start()
    worker = threading.Thread(target=run, daemon=True, name="fuzz-call")
    deadline = time.monotonic() + (seconds or SECONDS)
    try:
        worker.start()
        while worker.is_alive() and time.monotonic() < deadline:
            worker.join(0.005)
            top = max(top, _rss_mb())
        top = max(top, _rss_mb())  # what the result holds (a model of a billion weights) counts too
    finally:
        _call_with_limits.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        _call_with_limits.rss_mb = top - base
    if worker.is_alive():
        raise _TimeOut  # the call is left behind in its daemon thread
    if "raised" in outcome:
        raise outcome["raised"]
    return outcome.get("result"), outcome.get("error")


def _axes():
    return plots.new_figure(3, 2).subplots()


# Valid values for required arguments by name, then candidates tried in turn until the call works.
BY_NAME = {
    "layers": lambda: [shapes.conv(2, 3), shapes.flatten(), shapes.dense(3)],
    "rows": lambda: shapes.trace((8, 8, 1), [shapes.conv(2, 3)]), "shape": (None, 4, 4, 2),
    "result": "text", "figure": lambda: plots.new_figure(2, 1), "grid": lambda: np.arange(6).reshape(2, 3),
    "names": ["a", "b"], "values": [1, 2], "params": [1, 2], "answer": 3, "exc": lambda: ValueError("x"),
    "fmap": lambda: np.arange(18, dtype="float32").reshape(3, 3, 2), "ax": lambda: _axes(),
    "checks": lambda: environment.data_checks(),
    "model": lambda: _tiny_image_model(),  # utils.models reads a built Keras model
}
# Where one function needs other valid values than the name suggests.
def _tiny_image_model():
    import keras

    return keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3)])


_RUNS = [{"head": h, "seed": s, "val": v} for s, (a, b) in enumerate([(0.9, 0.8), (0.85, 0.88)])
         for h, v in (("a", a), ("b", b))]
# with the metrics lesson 06 reads (test, the overfitting gap)
_SCORED = [{**r, "test": r["val"] - 0.01, "overfit": 0.1 - r["val"] / 10} for r in _RUNS]


def _summary():
    return experiment.summarise_runs(_SCORED, ["val", "test", "overfit"])


BY_FUNCTION = {"shape_mistake": {"got": (8, 8, 16), "expected": (None, 8, 8, 16)},
               "as_shape": {"answer": (None, 2)},
               "parameter_bars": {"conv_blocks": {"block1": 10}, "head": {"fc": 20}},
               # utils.experiment (values may be callables, called for each baseline search)
               "summarise_runs": {"runs": _RUNS, "metrics": ["val"]},
               "format_runs": {"summary": lambda: experiment.summarise_runs(_RUNS, ["val"])},
               "conclusion": {"summary": lambda: experiment.summarise_runs(_RUNS, ["val"]), "key": "val"},
               "draw_runs": {"runs": _RUNS, "metric": "val", "heads": ["a", "b"]},
               "runs_figure": {"runs": _RUNS, "metrics": {"val": "validation"}, "heads": ["a", "b"]},
               # lesson 05
               "field_per_position": {"side": 8, "layers": [(3, 1, "same"), (2, 2, "valid")]},
               # lesson 06
               "anecdotes": {"runs": _RUNS, "metric": "val", "heads": ["a", "b"]},
               "seed_table": {"runs": _RUNS, "metric": "val", "heads": ["a", "b"]},
               "versus": {"summary": _summary, "head": "a", "other": "b", "metric": "test",
                          "params": {"a": 10, "b": 25}},
               "validation_vs_test": {"summary": _summary},
               "overfitting": {"summary": _summary},
               "best_seed_bias": {"runs": _SCORED, "heads": ["a", "b"]},
               # lesson 07
               "sound_share": {"length": 128, "event_length": 32},
               "draw_signals": {"axes": lambda: plots.new_figure(3, 2).subplots(1, 1, squeeze=False),
                                "x": np.zeros((1, 16)), "y": [0], "class_names": ["a"]},
               "signal_examples": {"x": np.zeros((2, 16, 1)), "y": [0, 1], "class_names": ["a", "b"]},
               "draw_dilution": {"lengths": [1, 2], "curves": {"a": [0.5, 0.4]}, "ylabel": "y"},
               "dilution_figure": {"lengths": [1, 2], "curves": {"a": [0.5, 0.4]}, "ylabel": "y"},
               # lesson 08
               "design_layers": {"filters": (8, 16)},
               "plan": {"block1": 8, "block2": 16, "block3": 0},
               "accuracy": {"model": _tiny_image_model, "images": np.zeros((3, 4, 4, 1), "float32"),
                            "labels": [0, 1, 2]},
               "draw_goal_map": {"points": {"A": (4958, 0.9)}},
               "goal_map": {"points": {"A": (4958, 0.9)}},
               "compare": {"designs": {}}}
CANDIDATES = [2, 8, (8, 8, 1), [1, 2], "valid", 0.5, lambda: np.arange(18, dtype="float32").reshape(3, 3, 2),
              lambda: ValueError("x"), _axes, lambda: {"a": np.arange(6).reshape(2, 3)}, ..., 1]


def _value(candidate):
    return candidate() if callable(candidate) and not isinstance(candidate, type(...)) else candidate


_BASELINES: dict = {}


def _baseline(fn, given=None):
    """Keyword arguments of a call that works: defaults, then candidates for the required ones.

    The search follows the errors: when a call fails naming argument ``p``, the next candidate for
    ``p`` is tried. Returns None when no working call is found (the function is then only checked
    for never raising from inside)."""
    given = given or {}
    if fn in _BASELINES:
        return _BASELINES[fn]
    params = [p for p in inspect.signature(fn).parameters.values()
              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    choice = {p.name: 0 for p in params if p.default is p.empty and p.name not in BY_NAME}
    found = None
    for _ in range(60):
        kwargs = {p.name: _value(given[p.name]) if p.name in given else p.default if p.default is not p.empty
                  else _value(BY_NAME[p.name]) if p.name in BY_NAME else _value(CANDIDATES[choice[p.name]])
                  for p in params}
        try:
            result, error = _call_with_limits(fn, dict(kwargs), seconds=120)  # first calls load data
        except Exception:  # noqa: BLE001
            result, error = None, TypeError("?")
        _close(result)
        if error is None:
            found = kwargs
            break
        named = [n for n in choice if n in str(error) and choice[n] + 1 < len(CANDIDATES)]
        if not named:
            break
        choice[named[0]] += 1
    _BASELINES[fn] = found
    return found


def _close(result):
    import matplotlib.pyplot as plt

    for part in (result if isinstance(result, tuple) else (result,)):
        if hasattr(part, "savefig"):
            plt.close(part)
        elif isinstance(part, panel.Panel):
            part.close()


@pytest.mark.parametrize(("module", "name", "fn"), CASES)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_bad_input_gets_a_clear_error_or_a_valid_result_within_limits(module, name, fn, data):
    kwargs = _baseline(fn, BY_FUNCTION.get(name, {}))
    if kwargs is None:
        pytest.fail(f"{module}.{name}: no working call found from defaults and candidate values")
    kwargs = dict(kwargs)
    target = data.draw(st.sampled_from(sorted(kwargs)), label="argument")
    bad = data.draw(st.sampled_from(BAD_VALUES), label="value")
    kwargs[target] = bad
    try:
        result, error = _call_with_limits(fn, kwargs)
    except _TimeOut:
        pytest.fail(f"{module}.{name}({target}={bad!r}) ran for more than {SECONDS} s")
    except Exception as exc:  # noqa: BLE001 - this is what the test is about
        pytest.fail(f"{module}.{name}({target}={bad!r}) raised {type(exc).__name__} from inside: {exc}"[:500])
    assert _call_with_limits.peak_mb <= MEGABYTES, (
        f"{module}.{name}({target}={bad!r}) allocated {_call_with_limits.peak_mb:.0f} MB")
    assert _call_with_limits.rss_mb <= RSS_MEGABYTES, (
        f"{module}.{name}({target}={bad!r}) grew the process by {_call_with_limits.rss_mb:.0f} MB")
    if error is not None and not isinstance(error, checks.Unusable):  # Unusable speaks to the learner
        message = str(error)
        assert target in message, f"{module}.{name}({target}={bad!r}): message does not name it: {message}"
    if name.startswith("check_") and error is None:
        assert isinstance(result, checks.CheckResult)
    _close(result)


def test_the_fuzzer_covers_every_generic_module_and_every_lesson():
    covered = {m for m, _, _ in FUNCTIONS}
    assert {"shapes", "panel", "plots", "checks", "data", "errors"} <= covered
    assert set(lessons.lesson_names()) <= covered | {"lesson00"}
    assert len(FUNCTIONS) * EXAMPLES >= 1000  # bad calls per run


def test_the_limits_see_memory_outside_python_and_stop_a_call_that_never_returns():
    """The limits themselves: memory allocated outside Python's allocator shows in the process growth;
    a call that never returns is stopped."""
    import ctypes

    def allocate_in_c(megabytes):
        buffer = ctypes.create_string_buffer(megabytes * 2**20)  # touched (zeroed), so resident
        time.sleep(0.2)  # held a while, as a built model holds its weights
        return len(buffer)

    _call_with_limits(allocate_in_c, {"megabytes": 300}, seconds=120)  # memory is the point, not time
    if _rss_mb():  # a platform with a process-memory reading
        assert _call_with_limits.rss_mb >= 250
    stop = threading.Event()
    with pytest.raises(_TimeOut):
        _call_with_limits(lambda: stop.wait(30), {}, seconds=0.3)
    stop.set()


def test_no_posix_only_api_is_needed(monkeypatch):
    """As on Windows: without signal.SIGALRM, /proc or resource the limits still work."""
    import builtins
    import signal

    monkeypatch.delattr(signal, "SIGALRM", raising=False)
    monkeypatch.delattr(signal, "setitimer", raising=False)
    real_open, real_import = builtins.open, builtins.__import__
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: (_ for _ in ()).throw(OSError(path))
                        if str(path).startswith("/proc") else real_open(path, *a, **k))
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (_ for _ in ()).throw(ImportError(name))
                        if name == "resource" else real_import(name, *a, **k))
    assert _rss_mb() == 0.0
    assert _call_with_limits(lambda n: n + 1, {"n": 1}) == (2, None)
    with pytest.raises(_TimeOut):
        _call_with_limits(lambda: time.sleep(5), {}, seconds=0.2)
