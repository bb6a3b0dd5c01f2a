"""Lesson 08 (capstone: design a head): the spec, the planning panel, the design checks and the
experiment behind the spec (baselines miss it, the worked designs meet it, on 3 seeds)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import statistics
import time
from pathlib import Path

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from utils import shapes
from utils.checks import ExerciseError
from utils.lessons import lesson08

L = keras.layers
NOTEBOOK = Path(__file__).resolve().parent.parent / "solutions" / "08_capstone_design_a_head.ipynb"
GUIDE = Path(__file__).resolve().parent.parent / "instructors" / "README.md"
SEEDS = (0, 1, 2)


# --- the lesson's own code, read from the solutions notebook -------------------

def _code_cells() -> list[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _cell_with(marker: str) -> str:
    """The code cell containing ``marker``, without its check call; a shortened ``train(model,
    epochs=10)`` (section 3 keeps the notebook quick) becomes the full training call."""
    found = [c for c in _code_cells() if marker in c]
    assert len(found) == 1, f"expected one code cell containing {marker!r}"
    code = "\n".join(line for line in found[0].splitlines() if not line.startswith("lesson08.check_"))
    return re.sub(r"(?<!def )train\((\w+), epochs=\d+\)", r"train(\1)", code)


@pytest.fixture(scope="module")
def lesson():
    """The notebook's data and ``train`` cells run as the notebook runs them: one namespace."""
    namespace = {"keras": keras, "np": np}
    exec(_cell_with("data.digits_on_canvas("), namespace)
    exec(_cell_with("def train("), namespace)
    return namespace


def _run_design(lesson, marker: str, seed: int) -> dict:
    """Run the notebook cell found by ``marker`` (it builds and trains a model) with ``seed``."""
    namespace = dict(lesson, SEED=seed)
    with contextlib.redirect_stdout(io.StringIO()):  # the one line per epoch
        exec(_cell_with(marker), namespace)
    return namespace


def _build_design(lesson, marker: str, seed: int) -> dict:
    """The notebook cell found by ``marker`` with ``seed``, its ``train`` call recorded, not run."""
    namespace = dict(lesson, SEED=seed, train=lambda model, epochs=12: keras.callbacks.History())
    exec(_cell_with(marker), namespace)
    return namespace


def _training_settings() -> dict:
    """The notebook's ``train`` call, read from its cell: the experiment below trains the same way."""
    code = _cell_with("def train(")
    assert 'monitor="val_loss"' in code and "restore_best_weights=True" in code and "Adam(" in code
    return {"learning_rate": float(re.search(r"learning_rate=([\d.e-]+)", code).group(1)),
            "batch_size": int(re.search(r"batch_size=(\d+)", code).group(1)),
            "patience": int(re.search(r"patience=(\d+)", code).group(1)),
            "max_epochs": int(re.search(r"def train\(model, epochs=(\d+)\)", code).group(1))}


DESIGNS = {  # name in the notebook -> (marker of its cell, must meet the spec?)
    "no_conv": ("no_conv = keras.Sequential", False),
    "naive": ("naive = keras.Sequential", False),
    "design_a": ("design_a = keras.Sequential", True),
    "design_b": ("design_b = keras.Sequential", True),
}


@pytest.fixture(scope="module")
def trained(lesson):
    """Every design of the lesson, built by its notebook cell on each seed and trained with the notebook's
    settings (lesson08.TRAIN_SETTINGS, which a test below keeps equal to the notebook's ``train``: Adam,
    batch size, early stopping on the validation loss with its patience, best weights restored), one
    plain ``fit`` per model, as a learner would."""
    trained = {}
    for name, (marker, _) in DESIGNS.items():
        for seed in SEEDS:
            model = _build_design(lesson, marker, seed)[name]
            lesson08._train_design(model, seed=seed)
            trained[name, seed] = model
    return trained


@pytest.fixture(scope="module")
def worked(trained):
    """The worked designs A and B trained with seed 0, and (wrong answers) History objects."""
    return {"design_a": trained["design_a", 0], "design_b": trained["design_b", 0],
            "history_a": keras.callbacks.History(), "history_b": keras.callbacks.History()}


# --- the experiment behind the spec (issue 13): measured over 3 seeds -------------

#: How far the instructor guide's quoted accuracies may be from this machine's run: the numbers are
#: reproducible on one machine, but another CPU's float sums can move a few of the 300/450 predictions.
GUIDE_TOLERANCE = 0.02


def _guide_accuracies(exercise: str, count: int) -> list[float]:
    """The first ``count`` accuracies (written 0.ddd) the instructor guide quotes under ``exercise``."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(r"\b0\.\d{3}\b", text[text.index(f"**{exercise}"):])[:count]
    assert len(found) == count, f"the guide quotes fewer than {count} accuracies under {exercise}"
    return [float(v) for v in found]


def _agrees_with_guide(measured: list[float], quoted: list[float], what: str) -> None:
    if keras.backend.backend() != "tensorflow":
        return  # the guide quotes TensorFlow's runs; JAX's and PyTorch's kernels and random streams differ
    assert measured == pytest.approx(quoted, abs=GUIDE_TOLERANCE), (
        f"instructors/README.md quotes {what} {quoted}, this run measured "
        f"{[round(v, 3) for v in measured]}: update the guide (or the lesson) so they agree.")

def _judged_as_is(monkeypatch):
    """Make the verdict's retrained copies the given model itself, and return a ``train`` to pass: these
    tests judge one trained model per seed. (The retraining itself runs in solutions/08, strict, and in
    the fast tests with a recorder.) Without ``train`` a check gives no final verdict at all."""
    def copies(model, train):
        problem, val, _ = lesson08._validation(model)
        return [model], [val], problem

    monkeypatch.setattr(lesson08, "_copies_or_problem", copies)
    return lambda model: None


@pytest.mark.slow
def test_no_conv_and_naive_flatten_miss_the_spec_and_worked_designs_meet_it_on_every_seed(trained, strict,
                                                                                          monkeypatch):
    train = _judged_as_is(monkeypatch)
    split = lesson08.dataset()
    report = []
    for name, (_, must_pass) in DESIGNS.items():
        for seed in SEEDS:
            model = trained[name, seed]
            val = lesson08.accuracy(model, split.x_val, split.y_val)
            test = lesson08.accuracy(model, split.x_test, split.y_test)
            report.append(f"{name:<9} seed {seed}: {model.count_params():>5,} params, "
                          f"validation {val:.3f}, test {test:.3f}")
            assert model.count_params() <= lesson08.BUDGET  # every design fits: accuracy decides
            if must_pass:
                check = lesson08.check_design_a if name == "design_a" else lesson08.check_design_b
                assert check(model, train).correct  # strict: raises with the reason otherwise
            else:
                assert test < lesson08.TARGET and val < lesson08.TARGET
    print("\n".join(report))
    # The guide's comparison (after design B's six numbers): both baselines' test accuracy per seed.
    quoted = _guide_accuracies("Exercise 8.3", 12)[6:]
    measured = [lesson08.accuracy(trained[name, seed], split.x_test, split.y_test)
                for name in ("no_conv", "naive") for seed in SEEDS]
    _agrees_with_guide(measured, quoted, "the baselines' test accuracies")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["design_a", "design_b"])
def test_each_worked_design_passes_on_every_seed_with_the_notebooks_own_cell_and_training_call(lesson, name,
                                                                                               strict,
                                                                                               monkeypatch):
    # Not side by side: exactly what a learner runs (seed set, model built, train(model)), per seed.
    train = _judged_as_is(monkeypatch)
    check = lesson08.check_design_a if name == "design_a" else lesson08.check_design_b
    split, val, test = lesson08.dataset(), [], []
    for seed in SEEDS:
        model = _run_design(lesson, DESIGNS[name][0], seed)[name]
        assert check(model, train).correct  # strict: raises with the reason otherwise
        val.append(lesson08.accuracy(model, split.x_val, split.y_val))
        test.append(lesson08.accuracy(model, split.x_test, split.y_test))
    # The instructor guide quotes these runs: validation for seeds 0, 1, 2, then test.
    quoted = _guide_accuracies("Exercise 8.2" if name == "design_a" else "Exercise 8.3", 6)
    _agrees_with_guide(val + test, quoted, f"{name}'s validation and test accuracies")


@pytest.mark.slow
def test_the_notebooks_training_call_is_reproducible_with_the_seed_set_before_building(lesson):
    short = dict(lesson)
    two_epochs = re.sub(r"def train\(model, epochs=\d+\)", "def train(model, epochs=2)",
                        _cell_with("def train("))
    exec(two_epochs, short)
    first, again = (_run_design(short, DESIGNS["design_b"][0], 0)["design_b"] for _ in range(2))
    split = lesson08.dataset()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(again(split.x_val[:50])),
                               keras.ops.convert_to_numpy(first(split.x_val[:50])),
                               atol=1e-5)


# --- the planning panel: shapes.trace with roles ----------------------------------

def _keras_design(filters, last_pool, head, hidden):
    layers = []
    blocks = [f for f in filters if f]
    for number, f in enumerate(blocks, start=1):
        layers.append(L.Conv2D(f, 3, padding="same"))
        size = 2 if number < len(blocks) else (None if last_pool == "none" else int(last_pool))
        if size:
            layers.append(L.MaxPooling2D(size))
    heads = {"flatten": L.Flatten, "gap": L.GlobalAveragePooling2D, "gmp": L.GlobalMaxPooling2D}
    layers.append(heads[head]())
    if hidden:
        layers.append(L.Dense(hidden))
    return keras.Sequential([keras.Input(shape=lesson08.INPUT_SHAPE), *layers, L.Dense(10)])


@pytest.mark.parametrize("filters, last_pool, head, hidden", [
    ((8, 16, 24), "none", "gmp", 0), ((8, 16, 20), "3", "flatten", 0), ((3, 0, 0), "2", "flatten", 0),
    ((0, 0, 0), "2", "flatten", 8), ((4, 0, 6), "3", "gap", 12), ((8, 8, 8), "2", "flatten", 16),
])
def test_the_plan_agrees_with_the_same_model_built_by_keras(filters, last_pool, head, hidden):
    rows = shapes.trace(lesson08.INPUT_SHAPE, lesson08.design_layers(filters, last_pool, head, hidden))
    model = _keras_design(filters, last_pool, head, hidden)
    assert [r.shape for r in rows[1:]] == [tuple(layer.output.shape) for layer in model.layers]
    assert [r.params for r in rows[1:]] == [layer.count_params() for layer in model.layers]


def test_the_panel_expresses_every_design_of_the_lesson():
    assert "4,978" in lesson08.plan(8, 16, 24, "none", "gmp", 0)   # design B
    assert "4,958" in lesson08.plan(8, 16, 20, "3", "flatten", 0)  # design A
    assert "4,360" in lesson08.plan(3, 0, 0, "2", "flatten", 0)    # the naive Flatten head
    assert "4,706" in lesson08.plan(0, 0, 0, "2", "flatten", 8)    # no convolution


@pytest.mark.parametrize("settings, role", [
    ((8, 8, 32, "2", "flatten", 0), "the classifier with 2,890"),
    ((16, 32, 32, "none", "gmp", 0), "the block 3 conv with 9,248"),
    ((8, 0, 0, "2", "flatten", 64), "the hidden Dense with 73,792"),
])
def test_over_budget_messages_name_the_biggest_layer_by_its_role(settings, role):
    text = lesson08.plan(*settings)
    assert "✘ over the budget" in text and role in text and "dense_" not in text


def test_the_trace_labels_every_layer_with_its_role():
    text = lesson08.plan(8, 16, 24, "none", "gmp", 0)
    for role in ("[block 1 conv]", "[block 1 pool]", "[block 3 conv]", "[head]", "[classifier]"):
        assert role in text
    assert text.splitlines()[-1] == "✔ fits the budget: 22 parameters to spare."


def test_the_plan_refuses_impossible_designs_with_a_reason():
    with pytest.raises(ValueError, match="global pooling head on the raw image"):
        lesson08.plan(0, 0, 0, "2", "gap", 0)
    with pytest.raises(ValueError, match="head="):
        lesson08.plan(8, 0, 0, "2", "dense", 0)
    with pytest.raises(ValueError, match="last_pool="):
        lesson08.plan(8, 0, 0, "4", "gap", 0)
    with pytest.raises(ValueError, match="hidden="):
        lesson08.plan(8, 0, 0, "2", "gap", -1)
    with pytest.raises(ValueError, match="budget="):
        lesson08.plan(8, 0, 0, "2", "gap", 0, budget=0)


def test_the_plan_warns_when_a_flatten_design_flattens_a_1x1_map():
    """Review r19: the planner said "fits the budget" for a design that Exercise 8.2's check refuses."""
    text = lesson08.plan(8, 16, 24, "6", "flatten")
    assert "⚠ the Flatten receives a 1x1 map (None, 1, 1, 24)" in text and "fits the budget" in text
    keras.utils.set_random_seed(0)
    refused = lesson08._flatten_head_problem(_keras_design((8, 16, 24), "6", "flatten", 0).layers)
    assert refused and "1x1 map" in refused  # the check says the same about that design
    for fine in (lesson08.plan(8, 16, 24, "3", "flatten"), lesson08.plan(8, 16, 24, "6", "gmp")):
        assert "⚠" not in fine
    assert "the biggest layer is the hidden Dense with" in lesson08.plan(8, 16, 24, "none", "flatten", 64)


def test_the_panel_shows_an_impossible_design_as_a_message():
    box = lesson08.planner_panel()
    for name in ("block1", "block2", "block3"):
        box.controls[name].value = 0
    box.controls["head"].value = "gap"
    assert "course-error" in box.text_output.value and "raw image" in box.text_output.value


def test_the_planner_updates_fast_enough_for_a_slider():
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        lesson08.plan(32, 32, 32, "2", "flatten", 64)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.020


# --- training progress -------------------------------------------------------------

class _Logs(keras.callbacks.Callback):
    """Records every epoch's logs, to compare the printed lines with what Keras measured."""

    def on_train_begin(self, logs=None):
        self.epochs = []

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(dict(logs))


@pytest.mark.parametrize("metric", ["accuracy", keras.metrics.SparseCategoricalAccuracy(), "acc"])
def test_training_prints_one_short_line_per_epoch(metric):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), L.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.3), loss="sparse_categorical_crossentropy",
                  metrics=[metric])  # a high rate: the validation loss goes up and down
    x, y = np.random.rand(16, 4).astype("float32"), np.arange(16) % 2
    x_val, y_val = np.random.rand(16, 4).astype("float32"), np.arange(16) % 2
    out, logs = io.StringIO(), _Logs()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, validation_data=(x_val, y_val), epochs=8, verbose=0,
                  callbacks=[logs, lesson08.epoch_lines()])
    lines = out.getvalue().splitlines()
    pattern = (r"epoch +\d+: loss \d+\.\d{3} \| validation: loss \d+\.\d{3}( \(best\))?, "
               r"accuracy \d\.\d{3}")
    assert len(lines) == 8 and all(re.fullmatch(pattern, line) and len(line) < 80 for line in lines)
    # "(best)" marks each epoch whose validation LOSS beats every earlier one: what EarlyStopping
    # (monitor="val_loss", restore_best_weights=True) keeps; not the best validation accuracy.
    val_loss = [epoch["val_loss"] for epoch in logs.epochs]
    marked = [i for i, line in enumerate(lines) if "(best)" in line]
    improved = [i for i, v in enumerate(val_loss) if v < min(val_loss[:i], default=np.inf)]
    assert 0 < len(marked) < len(lines) and marked == improved
    accuracy_key = next(k for k in logs.epochs[0] if k.startswith("val_") and "acc" in k)
    assert [f"accuracy {epoch[accuracy_key]:.3f}" for epoch in logs.epochs] == [
        line.rsplit(", ", 1)[1] for line in lines]


def test_the_best_epoch_line_marks_the_weights_early_stopping_keeps():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), L.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x, y = np.random.rand(32, 4).astype("float32"), np.arange(32) % 2  # labels unrelated: val loss wobbles
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, validation_data=(x[::-1], y), epochs=12, verbose=0,
                  callbacks=[stop, lesson08.epoch_lines()])
    marked = [int(re.match(r"epoch +(\d+)", line).group(1)) for line in out.getvalue().splitlines()
              if "(best)" in line]
    assert marked[-1] == stop.best_epoch + 1


def test_the_epoch_line_finds_the_accuracy_whatever_its_name(capsys):
    line = lesson08.epoch_lines()
    line.on_train_begin()
    line.on_epoch_end(0, {"loss": 1, "val_loss": 1, "val_sparse_categorical_accuracy": 0.5})
    line.on_epoch_end(1, {"loss": 1, "val_loss": 0.5, "val_compile_metrics": 0.25})
    line.on_epoch_end(2, {"loss": 1})
    out = capsys.readouterr().out.splitlines()
    assert "accuracy 0.500" in out[0] and "(best)" in out[1] and "metric 0.250" in out[1]
    assert "validation" not in out[2]


# --- Exercise 8.1 (transfer): the largest last block on a 32x32 canvas -------------

def test_max_filters_answer_agrees_with_keras():
    def params(f):
        return _keras_design_on(32, (8, 16, f)).count_params()

    assert params(12) <= lesson08.BUDGET < params(13)


def _keras_design_on(side, filters):
    layers = [layer for f in filters for layer in (L.Conv2D(f, 3, padding="same"), L.MaxPooling2D(2))]
    return keras.Sequential([keras.Input((side, side, 1)), *layers, L.Flatten(), L.Dense(10)])


@pytest.mark.parametrize("answer", [12, np.int64(12), np.array([12]), 12.0, (5000 - 1258) // 305])
def test_max_filters_accepts_every_form_of_the_right_number(answer, strict):
    assert lesson08.check_max_filters(answer).correct


@pytest.mark.parametrize("answer, why", [
    (13, "5,223 parameters, just over the budget of 5,000: a filter count that solves the equation with a "
         "fraction rounds DOWN"),   # 12.27 rounded up (review r20)
    (14, "over the budget of 5,000. Did you forget the biases"),
    (15, "answer for the lesson's 24x24 canvas"),
    (11, "more fit too"),
    (12.5, "not a whole number"),
    ("12", "whole number"),
    (0, "whole number >= 1"),
])
def test_max_filters_explains_wrong_answers(answer, why):
    result = lesson08.check_max_filters(answer)
    assert result.status == "wrong" and why in result.message


def test_max_filters_placeholder_and_strict_mode(strict):
    with pytest.raises(ExerciseError, match="not attempted"):
        lesson08.check_max_filters(...)
    with pytest.raises(ExerciseError):
        lesson08.check_max_filters(13)


# --- the design checks (Exercises 8.2 and 8.3) ---------------------------------------

def _functional(model, shape=lesson08.INPUT_SHAPE):
    """The same trained layers wired with the functional API (weights shared)."""
    inputs = keras.Input(shape=shape)
    x = inputs
    for layer in model.layers:
        x = layer(x)
    return keras.Model(inputs, x)


def _nested(model):
    return keras.Sequential([keras.Input(shape=lesson08.INPUT_SHAPE), model], name="nested")


class _Subclassed(keras.Model):
    def __init__(self, trained_model):
        super().__init__()
        self.body = trained_model.layers

    def call(self, x):
        for layer in self.body:
            x = layer(x)
        return x


def _subclassed(model):
    sub = _Subclassed(model)
    sub(np.zeros((1, *lesson08.INPUT_SHAPE), "float32"))
    return sub


def _logits(model):
    """The same weights without the softmax: the argmax, and so the accuracy, is unchanged."""
    config = model.get_config()
    config["layers"][-1]["config"]["activation"] = "linear"
    copy = keras.Sequential.from_config(config)
    copy.set_weights(model.get_weights())
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("form", [lambda m: m, _functional, _nested, _subclassed, _logits])
@pytest.mark.parametrize("name, check", [("design_a", lesson08.check_design_a),
                                         ("design_b", lesson08.check_design_b)])
def test_design_checks_accept_every_way_of_writing_a_model(worked, name, check, form, strict, monkeypatch):
    result = check(form(worked[name]), _judged_as_is(monkeypatch))
    assert result.correct and "final verdict" in result.message and "measured once" in result.message


@pytest.mark.slow
def test_design_b_check_accepts_a_model_that_takes_any_image_size(worked, strict, monkeypatch):
    any_size = _functional(worked["design_b"], shape=(None, None, 1))
    assert lesson08.check_design_b(any_size, _judged_as_is(monkeypatch)).correct


@pytest.mark.slow
def test_design_checks_enforce_their_head(worked):
    a_given_b = lesson08.check_design_a(worked["design_b"])
    assert a_given_b.status == "wrong" and "must contain a keras.layers.Flatten" in a_given_b.text()
    b_given_a = lesson08.check_design_b(worked["design_a"])
    assert b_given_a.status == "wrong" and "must not contain a Flatten" in b_given_a.text()
    hidden_flatten = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE),
                                       keras.Sequential([L.Conv2D(4, 3), L.Flatten()]), L.Dense(10)])
    assert "must not contain a Flatten" in lesson08.check_design_b(hidden_flatten).text()  # nested too


@pytest.mark.slow
def test_design_checks_reject_a_history_instead_of_the_model(worked):
    result = lesson08.check_design_a(worked["history_a"])
    assert result.status == "wrong" and "History" in result.message


def test_design_checks_explain_an_untrained_model_and_do_not_touch_the_test_split():
    keras.utils.set_random_seed(0)
    model = _keras_design((8, 16, 24), "none", "gmp", 0)
    result = lesson08.check_design_b(model)
    assert result.status == "wrong" and "not been trained yet" in result.text()
    assert "test split: not measured" in result.text()


def test_design_checks_explain_a_missing_head_by_the_output_shape():
    no_head = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(4, 3, padding="same"),
                                L.Flatten(), L.Reshape((24, 24, 4)), L.Dense(10)])
    result = lesson08.check_design_a(no_head)
    assert "output: the shape is (None, 24, 24, 10)" in result.text() and "spatial axes" in result.text()


def test_design_checks_explain_nan_outputs():
    keras.utils.set_random_seed(0)
    model = _keras_design((8, 16, 24), "none", "gmp", 0)
    weights = model.get_weights()
    weights[-1][0] = np.nan  # a diverged training leaves NaN in the weights
    model.set_weights(weights)
    assert "NaN" in lesson08.check_design_b(model).text()


def test_design_checks_name_the_biggest_layer_by_role_when_over_budget():
    big = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                            L.MaxPooling2D(2), L.Flatten(), L.Dense(10)])
    text = lesson08.check_design_a(big).text()
    assert "budget: the model has 11,610 parameters" in text and "classifier right after Flatten" in text


def test_design_checks_explain_a_wrong_input_size_and_a_design_without_convolution():
    small = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(4, 3), L.Flatten(), L.Dense(10)])
    assert "use keras.Input(shape=(24, 24, 1))" in lesson08.check_design_a(small).text()
    dense_only = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Flatten(), L.Dense(8), L.Dense(10)])
    assert "no convolution" in lesson08.check_design_a(dense_only).text()


def _vector_flatten(form):
    """Conv -> GlobalMaxPooling2D -> Flatten -> Dense(10): the Flatten flattens a vector, doing nothing."""
    keras.utils.set_random_seed(0)
    if form == "sequential":
        return keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                                 L.GlobalMaxPooling2D(), L.Flatten(), L.Dense(10)])
    if form == "nested":  # the Flatten inside a nested model: its input comes from the outer one
        return keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                                 L.GlobalMaxPooling2D(), keras.Sequential([L.Flatten(), L.Dense(10)])])
    inputs = keras.Input(lesson08.INPUT_SHAPE)
    x = L.GlobalMaxPooling2D()(L.Conv2D(8, 3, padding="same")(inputs))
    return keras.Model(inputs, L.Dense(10)(L.Flatten()(x)))


@pytest.mark.parametrize("form", ["sequential", "functional", "nested"])
def test_design_a_check_refuses_a_flatten_that_only_flattens_a_vector(form):
    text = lesson08.check_design_a(_vector_flatten(form)).text()
    assert "GlobalMaxPooling2D already turns the map into one number per channel" in text
    assert "that is a global-pooling head" in text and "test split: not measured" in text


def _nested_global_then_flatten(form):
    """The global pooling hidden in a nested model, the Flatten after it (outside or nested too)."""
    keras.utils.set_random_seed(0)
    body = keras.Sequential([L.Conv2D(24, 3, padding="same"), L.GlobalMaxPooling2D()])
    if form == "flatten outside":
        return keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), body, L.Flatten(), L.Dense(10)])
    if form == "flatten nested":
        return keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), body,
                                 keras.Sequential([L.Flatten(), L.Dense(10)])])
    inputs = keras.Input(lesson08.INPUT_SHAPE)
    return keras.Model(inputs, L.Dense(10)(L.Flatten()(body(inputs))))


@pytest.mark.parametrize("form", ["flatten outside", "flatten nested", "functional"])
def test_design_a_check_names_the_global_pooling_inside_a_nested_model_before_flatten(form):
    text = lesson08.check_design_a(_nested_global_then_flatten(form)).text()
    assert "GlobalMaxPooling2D already turns the map into one number per channel" in text
    assert "that is a global-pooling head" in text
    assert "put Flatten right after the last conv block" not in text and "Traceback" not in text


def test_design_a_check_without_global_pooling_before_a_vector_flatten_names_no_pooling():
    keras.utils.set_random_seed(0)
    reshaped = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(4, 3, padding="same"),
                                 L.MaxPooling2D(4), L.Reshape((144,)), L.Flatten(), L.Dense(10)])
    text = lesson08.check_design_a(reshaped).text()
    assert "the Flatten receives (None, 144), a vector, not a map" in text
    assert "put Flatten right after the last conv block" in text and "global-pooling head" not in text


def test_design_a_check_accepts_a_reshape_to_one_axis_as_the_flatten():
    # Review finding: Reshape((-1,)) in place of Flatten was refused ("must contain a keras.layers.Flatten").
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                              L.MaxPooling2D(2), L.Conv2D(16, 3, padding="same"), L.MaxPooling2D(6),
                              L.Reshape((-1,)), L.Dense(10, activation="softmax")])
    text = lesson08.check_design_a(model).text()
    assert "must contain a keras.layers.Flatten" not in text and "Flatten receives" not in text
    assert "not been trained yet" in text


def test_a_head_without_a_dense_is_not_told_its_dense_sees_a_large_map():
    # Review finding: a NiN head (1x1 conv to 10 + global pooling) near chance was told
    # "a Dense that sees a large map" though it has no Dense.
    keras.utils.set_random_seed(0)
    nin = _pretend_trained(keras.Sequential([
        keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(4, 3, padding="same", activation="relu"),
        L.MaxPooling2D(2), L.Conv2D(10, 1), L.GlobalAveragePooling2D(), L.Softmax()]))
    text = lesson08.check_design_b(nin).text()
    assert "two possible causes" in text and "unable to learn this task" in text
    assert "a Dense that sees a large map" not in text and "not fully trained" in text


@pytest.mark.parametrize("form", [lambda m: m, _functional, _nested])
def test_design_a_check_accepts_the_form_of_a_flatten_that_flattens_a_map(form):
    keras.utils.set_random_seed(0)
    design = _keras_design((8, 16, 20), "3", "flatten", 0)  # design A's layers, untrained
    text = lesson08.check_design_a(form(design)).text()
    assert "not been trained yet" in text and "Flatten receives" not in text


def _pretend_trained(model):
    """An optimizer that has taken steps, without the time training takes: the check then
    judges a model near chance as trained (as the naive design of section 3 is)."""
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.optimizer.iterations.assign(33)
    return model


def _softmax(model):
    """The same model with a softmax at the end (the course's designs end with one)."""
    return keras.Sequential([model, L.Softmax()])


def test_design_checks_name_both_causes_of_an_accuracy_near_chance():
    keras.utils.set_random_seed(0)
    model = _pretend_trained(_softmax(_keras_design((3, 0, 0), "2", "flatten", 0)))
    text = lesson08.check_design_a(model).text()
    assert "near chance (0.10): there are two possible causes" in text
    assert "The design may be unable to learn this task" in text and "Section 3" in text
    assert "not fully trained" in text and "train(model)" in text
    assert "check the loss and the learning rate" not in text


@pytest.mark.slow
def test_design_checks_name_both_causes_for_a_naive_design_and_a_good_one_trained_briefly(lesson, trained):
    # The lesson's own naive design trained with the full call: its DESIGN is at fault ...
    naive = lesson08.check_design_a(trained["naive", 0]).text()
    assert "two possible causes" in naive and "unable to learn this task" in naive
    # ... and a good design (B) trained for one epoch only: its TRAINING is. Both messages name both.
    short = dict(lesson)
    exec(re.sub(r"def train\(model, epochs=\d+\)", "def train(model, epochs=1)",
                _cell_with("def train(")), short)
    brief = _run_design(short, DESIGNS["design_b"][0], 0)["design_b"]
    text = lesson08.check_design_b(brief).text()
    assert "below the target" in text and "two possible causes" in text
    assert "not fully trained" in text and "unable to learn this task" in text
    assert "Improve the design on the VALIDATION split" not in text


def _scores_with_validation_accuracy(monkeypatch, val, test=None, copies=None):
    """Replace the model's scores: right on the first ``val`` share of the validation images and the
    first ``test`` share (default: ``val``) of the test images; ``copies`` = (val, test) for any model
    other than the first one scored (the check's retrained copies). Returns the list of splits scored."""
    split, scored, first_model = lesson08.dataset(), [], []

    def predict(model, images):
        first_model.append(first_model[0] if first_model else model)
        v, t = (val, val if test is None else test) if model is first_model[0] or copies is None else copies
        if images.shape == split.x_val.shape and np.array_equal(images, split.x_val):
            scored.append("validation")
            share, labels = v, split.y_val
        elif images.shape == split.x_test.shape:
            scored.append("test")
            share, labels = t, split.y_test
        else:
            scored.append("other")
            share, labels = 1.0, np.zeros(len(images), int)
        right = np.where(np.arange(len(images)) < round(share * len(images)), labels, (labels + 1) % 10)
        return np.eye(lesson08.CLASSES, dtype="float32")[right]

    monkeypatch.setattr(lesson08, "_predict", predict)
    return scored


def _copies_scored(monkeypatch, val, test=None):
    """The learner's model and the check's retrained copies both score ``val`` on validation and ``test``
    on the test split; the copies' training is recorded, not run. Returns (splits scored, a train)."""
    _recording_train_design(monkeypatch, [])
    test = val if test is None else test
    scored = _scores_with_validation_accuracy(monkeypatch, val, test=test, copies=(val, test))
    return scored, _recording_train([])


def _recording_train(calls):
    """A stand-in for the notebook's ``train``: records each model it is given (the check's copies)."""
    def train(model, epochs=12):
        calls.append(model)
        print("epoch 1: ...")  # the check must keep the copies' epoch lines out of its output
        return keras.callbacks.History()
    return train


@pytest.mark.parametrize("check, head", [(lesson08.check_design_a, "flatten"),
                                         (lesson08.check_design_b, "gmp")])
def test_design_checks_leave_the_test_split_untouched_well_below_the_target(monkeypatch, check, head):
    keras.utils.set_random_seed(0)
    filters, last_pool = ((8, 16, 20), "3") if head == "flatten" else ((8, 16, 24), "none")  # designs A, B
    model = _keras_design(filters, last_pool, head, 0)
    scored = _scores_with_validation_accuracy(monkeypatch, 0.283)
    tested_before = set(lesson08._TESTED)
    result = check(model)
    text = result.text()
    assert result.status == "wrong" and "test" not in scored and lesson08._TESTED == tested_before
    assert "validation accuracy is 0.283, well below the target 0.80: there are two possible causes" in text
    assert "not fully trained" in text and "unable to learn this task" in text
    margin = f"{lesson08.TARGET - lesson08.TEST_MARGIN:.2f}"
    assert (f"test split: not measured. It stays untouched until the validation accuracy is close to the "
            f"target ({margin} or more)") in text
    assert "final verdict on the test split is" not in text and "Traceback" not in text


def test_design_checks_measure_the_test_split_once_validation_reaches_the_target(monkeypatch):
    keras.utils.set_random_seed(0)
    model = _keras_design((8, 16, 24), "none", "gmp", 0)
    above = lesson08.TARGET + 0.01
    scored, train = _copies_scored(monkeypatch, above, test=above)
    result = lesson08.check_design_b(model, train)
    assert result.correct and "test" in scored and "final verdict on the 450 test images" in result.message
    assert lesson08.TEST_MARGIN == 0.05


def test_a_validation_accuracy_below_the_target_never_passes_even_with_a_high_test_accuracy(monkeypatch):
    # Review finding: validation 0.770 with a test mean above the target was a PASS.
    keras.utils.set_random_seed(0)
    model = _keras_design((8, 16, 24), "none", "gmp", 0)
    scored, train = _copies_scored(monkeypatch, 0.77, test=0.82)
    tested_before = set(lesson08._TESTED)
    result = lesson08.check_design_b(model, train)
    text = result.text()
    assert not result.correct and "PASS" not in text and "tune on validation first" in text
    assert "0.770, below the target 0.80" in text and "test" not in scored
    assert lesson08._TESTED == tested_before and "Traceback" not in text


def test_the_lesson_says_when_the_checks_measure_the_test_split():
    """The brief (and the module) state the rule the design checks follow."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    brief = next(c["source"] for c in nb["cells"] if "Three splits, three jobs" in c["source"])
    margin = f"{lesson08.TARGET - lesson08.TEST_MARGIN:.2f}"
    said = " ".join(brief.split())
    assert "your model's validation accuracy must be close to the target" in said
    assert f"({margin} or more) before the check retrains copies" in said  # the first step
    assert f"must reach the target ({lesson08.TARGET:.2f}) before it runs them on the test split" in said
    assert "TARGET - TEST_MARGIN" in lesson08.__doc__


def test_design_checks_wait_for_a_placeholder_and_raise_in_strict_mode(strict):
    with pytest.raises(ExerciseError, match="not attempted"):
        lesson08.check_design_a(...)
    with pytest.raises(ExerciseError, match="History"):
        lesson08.check_design_b(keras.callbacks.History())
    with pytest.raises(ExerciseError, match="Keras model"):
        lesson08.check_design_b(0.93)


# --- Exercise 8.4 (transfer): the same trained layers on any canvas size -------------

@pytest.mark.slow
@pytest.mark.parametrize("build", [
    lambda w: keras.Sequential([keras.Input((None, None, 1)), *w["design_b"].layers]),
    lambda w: _functional(w["design_b"], shape=(None, None, 1)),
    lambda w: keras.Sequential([keras.Input((None, None, 1)), keras.Sequential(w["design_b"].layers)]),
    lambda w: _subclassed(w["design_b"]),
])
def test_any_size_accepts_trained_global_pooling_layers_in_any_form(worked, build, strict):
    result = lesson08.check_any_size(build(worked))
    assert result.correct and "32x32" in result.message


@pytest.mark.slow
def test_any_size_rejects_fixed_sizes_untrained_models_and_histories(worked):
    assert "fixed size" in lesson08.check_any_size(worked["design_b"]).text()
    keras.utils.set_random_seed(0)
    fresh = keras.Sequential([keras.Input((None, None, 1)), L.Conv2D(4, 3), L.GlobalMaxPooling2D(),
                              L.Dense(10)])
    assert "reuse the layers of a trained design" in lesson08.check_any_size(fresh).text()
    assert "History" in lesson08.check_any_size(worked["history_b"]).text()
    flat = keras.Sequential([keras.Input((None, None, 1)), L.Conv2D(4, 3), L.Flatten()])
    assert "output" in lesson08.check_any_size(flat).text()
    assert lesson08.check_any_size(...).status == "not attempted"


def test_any_size_success_message_reads_as_a_sentence(monkeypatch, strict):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None, None, 1)), L.Conv2D(4, 3), L.GlobalMaxPooling2D(),
                              L.Dense(10)])
    monkeypatch.setattr(lesson08, "accuracy", lambda m, images, labels: 0.9)  # as if trained
    result = lesson08.check_any_size(model)
    assert result.correct and result.message[0].isupper()
    assert ("✔ Exercise 8.4: correct. The model runs on any canvas. Validation accuracy on 24x24: 0.900"
            in result.text())


def _design_a_layers():
    """Design A's layers (Flatten after MaxPooling2D(3)), built for 24x24: weights need no training
    to show the coincidence (24x24 and 32x32 both end in a 2x2 map before Flatten)."""
    keras.utils.set_random_seed(0)
    return _keras_design((8, 16, 20), "3", "flatten", 0)


@pytest.mark.parametrize("build", [
    lambda a: keras.Sequential([keras.Input((None, None, 1)), *a.layers]),
    lambda a: _functional(a, shape=(None, None, 1)),
    lambda a: keras.Sequential([keras.Input((None, None, 1)), keras.Sequential(a.layers)]),
])
def test_any_size_refuses_a_flatten_head_that_runs_on_24_and_32_only_by_coincidence(build):
    model = build(_design_a_layers())
    for side in (24, 32):  # the coincidence: both sizes run
        assert model(np.zeros((1, side, side, 1), "float32")).shape == (1, 10)
    text = lesson08.check_any_size(model).text()
    assert "A Flatten head cannot accept any image size" in text
    assert "It runs on 24x24 and 32x32 only by coincidence" in text
    assert "On 40x40 canvases" in text and "80" in text and "180" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("build", [
    lambda a: keras.Sequential([keras.Input((None, None, 1)), a]),  # design A itself, nested
    _subclassed,  # no graph to read: what it does on 40x40 shows it
])
def test_any_size_explains_a_flatten_head_that_fails_on_40_in_other_forms(build):
    text = lesson08.check_any_size(build(_design_a_layers())).text()
    assert "the model has a Flatten" in text and "A Flatten head cannot accept any image size" in text
    assert "only by coincidence" in text and "On 40x40 canvases" in text


@pytest.mark.slow
def test_any_size_accepts_a_flatten_after_adaptive_pooling_and_checks_three_canvases(worked, strict):
    design_a = worked["design_a"]
    inputs = keras.Input((None, None, 1))
    x = inputs
    for layer in design_a.layers[:-3]:  # the conv blocks, without MaxPooling2D(3)
        x = layer(x)
    x = L.AdaptiveMaxPooling2D(2)(x)  # always a 2x2 map: Flatten's output no longer depends on the size
    model = keras.Model(inputs, design_a.layers[-1](design_a.layers[-2](x)))
    result = lesson08.check_any_size(model)
    assert result.correct and all(f"{side}x{side}: " in result.message for side in lesson08.SIZES_CHECKED)
    assert lesson08.SIZES_CHECKED == (24, 32, 40)


def test_any_size_explains_an_adaptive_head_that_falls_below_the_target_without_contradicting_it(monkeypatch):
    """Review r19: AdaptiveMaxPooling2D before a Flatten was told it needs a head whose answer does not depend
    on the map's size, which it already has; what differs is what each cell of the grid covers."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None, None, 1)), L.Conv2D(4, 3), L.AdaptiveMaxPooling2D(2),
                              L.Flatten(), L.Dense(10, activation="softmax")])
    monkeypatch.setattr(lesson08, "accuracy", lambda m, images, labels: 0.9 if images.shape[1] == 24 else 0.7)
    text = lesson08.check_any_size(model).text()
    assert "falls below the target" in text and "Adaptive pooling fixes the size of the grid" in text
    assert "does not depend on the map's size" not in text.split("Hint")[0]


# --- comparing designs never breaks on a wrong answer --------------------------------

def test_compare_skips_missing_and_wrong_designs_with_a_note():
    keras.utils.set_random_seed(0)
    fine = _keras_design((4, 0, 0), "2", "gap", 0)
    spatial = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Dense(10)])
    text, figure = lesson08.compare({"fine": fine, "todo": ..., "history": keras.callbacks.History(),
                                     "spatial": spatial, "number": 0.9})
    assert isinstance(figure, Figure)
    assert "fine" in text.splitlines()[2]
    for note in ("todo: not built yet", "history: skipped", "spatial: skipped, output", "number: skipped"):
        assert note in text


def test_goal_map_keeps_the_number_of_a_design_near_1_inside_the_axes():
    """Review r19: design 3's number sat on the top border, the axis being clamped to 1.0."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = lesson08.goal_map({"A": (4978, 0.947), "B": (4706, 0.99), "C": (3000, 0.985)})
    FigureCanvasAgg(fig).draw()
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    top = ax.get_window_extent(renderer).y1
    assert all(text.get_window_extent(renderer).y1 <= top for text in ax.texts)


def test_goal_map_draws_points_with_markers_and_numbers_and_rejects_bad_points():
    assert isinstance(lesson08.goal_map({}), Figure)
    assert isinstance(lesson08.goal_map({"A": (4958, 0.9), "B": (4706, 0.15)}), Figure)
    with pytest.raises(ValueError, match="points\\['A'\\]"):
        lesson08.goal_map({"A": (4958,)})
    with pytest.raises(ValueError, match="target="):
        lesson08.goal_map({}, target=1.5)
    with pytest.raises(ValueError, match="points\\['A'\\]"):
        lesson08.goal_map({"A": ("many", 0.9)})
    with pytest.raises(ValueError, match="points"):
        lesson08.goal_map([(4958, 0.9)])


def _numbers(figure, tight=False):
    """The goal map's numbers and a renderer, after the figure is laid out as it will be shown
    (``tight``: as the notebook shows it, saved with bbox_inches="tight")."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    if tight:
        figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    canvas.draw()
    return [t for t in figure.axes[0].texts if t.get_text().isdigit()], canvas.get_renderer()


def _clustered(seed):
    """Eight designs near the budget, as a class's tuned designs are: 4000-4210 parameters, 0.90-0.93."""
    rng = np.random.default_rng(seed)
    return {f"design {i}": (int(rng.integers(4000, 4211)), float(rng.uniform(0.90, 0.93))) for i in range(8)}


@pytest.mark.parametrize("points", [
    {"no convolution": (4706, 0.137), "naive Flatten head": (4360, 0.117),  # the lesson's four designs
     "design A (Flatten)": (3706, 0.947), "design B (global pooling)": (2986, 0.967)},
    {"no convolution": (4706, 0.137), "naive Flatten head": (4360, 0.117),  # A and B almost touching
     "design A (Flatten)": (4958, 0.917), "design B (global pooling)": (4978, 0.923)},
    {name: (4958, 0.917) for name in "abcd"},  # four on exactly one spot: four corners
    {"at the top": (4990, 1.0), "at the bottom": (4990, 0.0), "far left": (60, 0.5),
     "far right": (90_000, 0.5)},
])
@pytest.mark.parametrize("tight", [False, True])
def test_goal_map_numbers_never_overlap_and_every_marker_stays_visible(points, tight):
    """Fixed offsets (a corner per design, by its place in the list) keep up to four numbers apart,
    even on one spot; the lesson compares four designs."""
    figure = lesson08.goal_map(points)
    numbers, renderer = _numbers(figure, tight)
    ax = figure.axes[0]
    assert [t.get_text() for t in numbers] == [str(i + 1) for i in range(len(points))]
    boxes = [Text.get_window_extent(t, renderer) for t in numbers]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])  # no other number,
    lines = [line for line in ax.lines if line.get_marker() not in ("None", None, "")]
    marks = [line.get_window_extent(renderer) for line in lines]
    assert not any(box.overlaps(mark) for box in boxes for mark in marks)  # ... no marker
    assert all(t.get_fontsize() >= 8 for t in numbers)
    assert len({line.get_marker() for line in lines}) == len(points)  # a shape per design, not colour only
    assert all(line.get_fillstyle() == "none" for line in lines)  # hollow: a marker never hides another
    legend = ax.get_legend()
    named = [f"{i + 1}: {name}" for i, name in enumerate(points)]
    assert [t.get_text() for t in legend.get_texts()][1:] == named  # the legend names each number
    assert not any(legend.get_window_extent(renderer).overlaps(box) for box in boxes)


def test_goal_map_zooms_the_accuracy_axis_to_the_designs_and_keeps_the_goal_visible():
    figure = lesson08.goal_map(_clustered(0))
    ax = figure.axes[0]
    low, high = ax.get_ylim()
    assert 0.7 <= low < lesson08.TARGET and high == 1.0  # the 0.80 line and the goal box stay in view
    lesson = lesson08.goal_map({"no convolution": (4706, 0.137), "design B": (4978, 0.923)}).axes[0]
    assert lesson.get_ylim()[0] <= 0.137 - 0.02 and lesson.get_ylim()[1] >= 0.923 + 0.02
    assert lesson08.goal_map({}).axes[0].get_ylim() == pytest.approx((0.65, 0.85))  # the target, 0.2 wide
    left, right = ax.get_xlim()
    assert left < 4000 and right > lesson08.BUDGET


def test_compare_with_no_designs_loads_no_data_and_refuses_a_list():
    text, figure = lesson08.compare({})
    assert isinstance(figure, Figure) and "design" in text
    with pytest.raises(ValueError, match="designs"):
        lesson08.compare([_keras_design((4, 0, 0), "2", "gap", 0)])


def test_accuracy_scores_a_model_and_names_each_bad_argument():
    model = keras.Sequential([keras.Input((4, 4, 1)), L.Flatten(), L.Dense(3)])
    images = np.zeros((3, 4, 4, 1), "float32")
    assert 0 <= lesson08.accuracy(model, images, [0, 1, 2]) <= 1
    with pytest.raises(ValueError, match="model must be"):
        lesson08.accuracy("model", images, [0, 1, 2])
    with pytest.raises(ValueError, match="images must be"):
        lesson08.accuracy(model, images[0], [0, 1, 2])
    with pytest.raises(ValueError, match="labels must be"):
        lesson08.accuracy(model, images, [0, 1])
    with pytest.raises(ValueError, match="images must be"):
        lesson08.accuracy(model, [[1], [1, 2]], [0, 1])
    with pytest.raises(ValueError, match="cannot run on the"):
        lesson08.accuracy(model, np.zeros((3, 5, 5, 1), "float32"), [0, 1, 2])


@pytest.mark.parametrize("kwargs, name", [
    ({"filters": 8}, "filters"), ({"filters": (8,), "head": ["gap"]}, "head"),
    ({"filters": (8,), "last_pool": 2.0}, "last_pool"), ({"filters": (8,), "hidden": -1}, "hidden"),
    ({"filters": (8, "16")}, "filters"),
])
def test_design_layers_names_the_bad_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        lesson08.design_layers(**kwargs)


# --- issue 21: checks that accepted wrong answers (one regression test each) ------------

def _gmp_design():
    keras.utils.set_random_seed(0)
    return _softmax(_keras_design((8, 16, 24), "none", "gmp", 0))


def test_without_train_no_final_verdict_so_a_model_trained_on_the_test_split_cannot_pass(monkeypatch):
    """Review r7: checked without ``train``, a model trained on train + test (validation 0.98) passed: the
    verdict rested on the learner's own model. Now only the retrained copies get a final verdict."""
    scored = _scores_with_validation_accuracy(monkeypatch, 0.98, test=1.0)
    result = lesson08.check_design_b(_gmp_design())
    assert not result.correct and result.status == "not attempted" and "PASS" not in result.text()
    assert "check_design_b(design_b, train)" in result.text() and "test" not in scored


@pytest.mark.parametrize("test_share", [0.81, 0.86, 0.90])
def test_the_verdict_is_pass_or_fail_and_never_prints_the_test_accuracy(monkeypatch, test_share):
    _, train = _copies_scored(monkeypatch, 0.85, test=test_share)
    result = lesson08.check_design_b(_gmp_design(), train)
    assert result.correct and "PASS" in result.message
    exact = round(test_share * 450) / 450
    assert f"{exact:.3f}" not in result.text() and f"{exact:.2f}" not in result.text().replace("0.80", "")
    _, train = _copies_scored(monkeypatch, 0.85, test=0.70)
    failed = lesson08.check_design_b(_gmp_design(), train).text()
    assert "FAIL" in failed and "0.700" not in failed and "0.70 " not in failed


def _recording_train_design(monkeypatch, calls):
    """Replace the lesson's trusted training function (the verdict copies') by a recorder."""
    def _train_design(model, seed=None, from_logits=False):
        calls.append(model)
        print("epoch 1: ...")
        return keras.callbacks.History()
    monkeypatch.setattr(lesson08, "_train_design", _train_design)


def test_the_verdict_retrains_the_design_on_more_seeds_and_judges_the_mean(monkeypatch):
    calls, learner_calls = [], []
    _recording_train_design(monkeypatch, calls)
    # The learner's own seed is lucky (0.95 on test); the design on other seeds is not (0.60).
    _scores_with_validation_accuracy(monkeypatch, 0.95, test=0.95, copies=(0.82, 0.60))
    model = _gmp_design()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = lesson08.check_design_b(model, _recording_train(learner_calls))
    assert len(calls) == len(lesson08.VERDICT_SEEDS) == 3 and all(c is not model for c in calls)
    assert len({id(c) for c in calls}) == 3 and "epoch 1" not in out.getvalue()
    assert learner_calls == []  # the copies are trained by the lesson, never by the learner's train
    assert not result.correct and "FAIL" in result.text() and "3 seeds" in result.text()
    _scores_with_validation_accuracy(monkeypatch, 0.95, test=0.95, copies=(0.90, 0.88))
    passed = lesson08.check_design_b(model, _recording_train([]))
    assert passed.correct and "mean test accuracy of 3 seeds" in passed.message


def test_retrained_copies_scoring_higher_on_test_are_not_accused_of_seeing_it(monkeypatch):
    """Review r6: the copies never see the test split, so a test score above validation is chance for
    them; the leakage guard applies only to the learner's own model (checked without ``train``)."""
    _recording_train_design(monkeypatch, [])
    _scores_with_validation_accuracy(monkeypatch, 0.95, test=0.95, copies=(0.82, 0.90))
    result = lesson08.check_design_b(_gmp_design(), _recording_train([]))
    assert result.correct and "withheld" not in result.text()


def test_a_learners_train_that_fits_the_test_images_does_not_change_the_verdict(monkeypatch):
    # Review finding: the verdict copies were trained by the learner's own train, so a train on
    # train + test leaked into the verdict. Now the copies are trained by lesson08._train_design.
    trusted = []
    _recording_train_design(monkeypatch, trusted)
    _scores_with_validation_accuracy(monkeypatch, 0.95, test=0.95, copies=(0.85, 0.60))
    model = _gmp_design()
    leaky_calls = []

    def leaky_train(model, epochs=12):  # the learner's shortcut: fit on train + test
        leaky_calls.append(model)
        split = lesson08.dataset()
        x, y = np.concatenate([split.x_train, split.x_test]), np.concatenate([split.y_train, split.y_test])
        return model.fit(x, y, epochs=1, verbose=0)

    honest = lesson08.check_design_b(model, _recording_train([]))
    leaky = lesson08.check_design_b(model, leaky_train)
    assert leaky_calls == [] and len(trusted) == 6
    assert honest.correct is leaky.correct is False and "FAIL" in leaky.text()


def test_the_verdict_rests_on_the_retrained_copies_alone_never_on_the_learners_own_model(monkeypatch):
    # Second review: the learner's own model (which may have been trained on the test images) was one of
    # the 3 models in the means, so a 0.92 on test could lift honest copies at 0.77 over the target.
    _recording_train_design(monkeypatch, [])
    _scores_with_validation_accuracy(monkeypatch, 0.95, test=0.95, copies=(0.80, 0.77))
    result = lesson08.check_design_b(_gmp_design(), _recording_train([]))
    assert not result.correct and "FAIL" in result.text()


def test_the_trusted_training_function_uses_the_notebooks_train_settings():
    assert lesson08.TRAIN_SETTINGS == _training_settings()


def test_without_train_the_check_asks_for_it_before_any_final_verdict(monkeypatch):
    _scores_with_validation_accuracy(monkeypatch, 0.9)
    result = lesson08.check_design_b(_gmp_design())
    assert result.status == "not attempted" and "fresh copies" in result.message


@pytest.mark.parametrize("keepdims_pool", [L.GlobalMaxPooling2D, L.GlobalAveragePooling2D])
def test_a_global_pooling_with_keepdims_then_flatten_is_not_the_flatten_design(keepdims_pool):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                              L.MaxPooling2D(2), L.Conv2D(16, 3, padding="same"),
                              keepdims_pool(keepdims=True), L.Flatten(), L.Dense(10, activation="softmax")])
    text = lesson08.check_design_a(model).text()
    assert "global-pooling head" in text and "keepdims=True" in text and "test split: not measured" in text
    # ... and a MaxPooling2D that leaves a 1x1 map is one too
    one = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Conv2D(8, 3, padding="same"),
                            L.MaxPooling2D(24), L.Flatten(), L.Dense(10)])
    assert "1x1 map" in lesson08.check_design_a(one).text()


@pytest.mark.parametrize("conv", [lambda: L.SeparableConv2D(16, 3, padding="same"),
                                  lambda: L.DepthwiseConv2D(3, padding="same"),
                                  lambda: L.Conv2D(16, 3, padding="same")])
def test_every_kind_of_2d_convolution_counts_as_a_convolution(conv):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), conv(), L.GlobalMaxPooling2D(),
                              L.Dense(10, activation="softmax")])
    text = lesson08.check_design_b(model).text()
    assert "no convolution" not in text and "not been trained yet" in text


def test_a_logits_design_trained_with_the_notebooks_loss_names_the_logits_cause(lesson):
    keras.utils.set_random_seed(0)
    logits = _keras_design((8, 16, 24), "none", "gmp", 0)  # Dense(10) without softmax
    model = _pretend_trained(logits)  # the loss train uses: sparse_categorical_crossentropy, no from_logits
    text = lesson08.check_design_b(model).text()
    assert "logits" in text and "from_logits=True" in text and 'activation="softmax"' in text
    # with from_logits=True the same raw scores are fine: the logits cause is not named
    keras.utils.set_random_seed(0)
    fine = _keras_design((8, 16, 24), "none", "gmp", 0)
    fine.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    fine.optimizer.iterations.assign(33)
    assert "logits" not in lesson08.check_design_b(fine).text()


@pytest.mark.slow
def test_a_logits_design_really_trained_by_the_notebooks_train_gets_the_logits_cause(lesson):
    keras.utils.set_random_seed(0)
    model = _keras_design((8, 16, 24), "none", "gmp", 0)
    with contextlib.redirect_stdout(io.StringIO()):
        lesson["train"](model, epochs=2)
    text = lesson08.check_design_b(model).text()
    assert lesson08.accuracy(model, lesson["x_val"], lesson["y_val"]) < 0.5
    assert "logits" in text and "from_logits=True" in text


# --- challenge 8.5: the smallest design that passes on validation ---------------------

def test_the_smallest_design_challenge_judges_on_validation_only_and_on_several_seeds(monkeypatch):
    calls, learner_calls = [], []
    _recording_train_design(monkeypatch, calls)  # the copies are trained by the lesson's settings
    scored = _scores_with_validation_accuracy(monkeypatch, 0.86, copies=(0.83, 0.83))
    result = lesson08.check_smallest(_gmp_design(), _recording_train(learner_calls))
    assert result.correct and "test" not in scored and len(calls) == 3 and learner_calls == []
    assert "mean of 3 seeds" in result.message and "parameters" in result.message
    scored = _scores_with_validation_accuracy(monkeypatch, 0.86, copies=(0.70, 0.70))
    failed = lesson08.check_smallest(_gmp_design(), _recording_train([])).text()
    assert "below the target" in failed and "test" not in scored


def test_the_smallest_design_challenge_refuses_what_breaks_the_spec():
    keras.utils.set_random_seed(0)
    assert "no convolution" in lesson08.check_smallest(
        keras.Sequential([keras.Input(lesson08.INPUT_SHAPE), L.Flatten(), L.Dense(10)])).text()
    assert "budget" in lesson08.check_smallest(_keras_design((8, 0, 0), "2", "flatten", 0)).text()
    assert lesson08.check_smallest(...).status == "not attempted"


def test_the_smallest_design_challenge_gives_no_verdict_without_train(monkeypatch):
    """Review r12: without train, 8.5 judged the learner's own model, which may be fitted on anything (a
    268-parameter design fitted on train + validation passed at 0.833; its honest copies reach 0.760)."""
    _scores_with_validation_accuracy(monkeypatch, 0.95, copies=(0.70, 0.70))
    result = lesson08.check_smallest(_gmp_design())
    assert result.status == "not attempted" and "pass the notebook's train function" in result.text()


@pytest.mark.slow
def test_the_smallest_solution_passes_on_validation_on_every_seed(lesson):
    for seed in SEEDS:
        model = _run_design(lesson, "smallest = keras.Sequential", seed)["smallest"]
        assert model.count_params() < 1_500
        assert lesson08.accuracy(model, lesson["x_val"], lesson["y_val"]) >= lesson08.TARGET


# --- issue 23: no later cell breaks on an earlier mistake ----------------------------

@pytest.mark.slow
def test_the_learner_notebook_runs_on_after_a_broken_design_cell():
    """The learner's notebook with a syntax error in exercise 8.2 and exercise 8.3 left as it is
    (``design_b = ...``): every later cell still runs, and Compare skips both designs with a note."""
    import nbformat
    from nbclient import NotebookClient

    lessons = NOTEBOOK.parent.parent / "lessons"
    lesson_nb = nbformat.read(lessons / NOTEBOOK.name, as_version=4)
    broken = next(c for c in lesson_nb.cells if "design_a = " in c.source and c.cell_type == "code")
    broken.source = broken.source.replace("design_a = ...", "design_a = keras.Sequential([")
    NotebookClient(lesson_nb, timeout=600, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(lessons)}}).execute()
    errors = [(i, o.get("ename")) for i, c in enumerate(lesson_nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [(lesson_nb.cells.index(broken), "SyntaxError")], errors
    compare = next(c for c in lesson_nb.cells if "lesson08.compare(" in c.source)
    text = "".join(o.get("text", "") for o in compare.outputs)
    assert "design A (Flatten): not built yet (or its cell failed), skipped" in text
    assert "design B (global pooling): not built yet" in text


@pytest.mark.parametrize("check", [lesson08.check_design_a, lesson08.check_design_b, lesson08.check_smallest])
def test_a_train_argument_that_is_not_a_function_gets_a_named_error(check):
    with pytest.raises(ValueError, match="train must be the notebook's training function"):
        check(..., train=12)


def test_a_pass_judged_on_rebuilt_copies_reports_the_copies_validation_accuracy(monkeypatch):
    # Review r4: a PASS showed the learner's own 0.783 although only the copies were judged
    _recording_train_design(monkeypatch, [])
    _scores_with_validation_accuracy(monkeypatch, 0.783, test=0.783, copies=(0.90, 0.88))
    passed = lesson08.check_design_b(_gmp_design(), _recording_train([]))
    assert passed.correct and "mean validation accuracy of the 3 rebuilt copies 0.900" in passed.message
    assert "0.783" not in passed.message


def test_a_design_still_improving_at_the_epoch_budget_is_told_the_budget_is_the_second_cause():
    """Review r6: a global-average design at 0.63 after 12 epochs, its validation loss still falling, was
    told to train with the default epochs, which it had. Review r7: the first cause (too small a design)
    stays: a 146-parameter model still improving at epoch 12 may need more filters."""
    model = keras.Sequential([keras.Input((None, None, 1)), keras.layers.Conv2D(4, 3),
                              keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(10, activation="softmax")])
    history = keras.callbacks.History()
    epochs = lesson08.TRAIN_SETTINGS["max_epochs"]
    history.history = {"val_loss": list(np.linspace(2.0, 1.0, epochs))}
    model.history = history
    text = lesson08._below_target(model, np.full((3, 10), 0.1), "validation accuracy is 0.633")
    assert "1) The design may be unable to learn" in text and "more filters" in text
    assert "2) The design learns too slowly for the budget" in text and "global AVERAGE" in text
    assert "default epochs" not in text
    history.history = {"val_loss": [2.0, 1.0] + [1.5] * (epochs - 2)}   # best epoch early: not the budget
    text = lesson08._below_target(model, np.full((3, 10), 0.1), "low")
    assert "too slowly" not in text and "default epochs" in text


def test_verdict_copies_still_improving_at_the_epoch_budget_name_the_budget_not_tuning(monkeypatch):
    """Review r18: a global-average design whose three verdict copies were still improving at epoch 12
    (0.633 on validation; 0.873 with 40 epochs) was told to "tune on validation first", as if the design
    could not learn. The budget is named instead; a copy that stopped early still gets the tuning advice."""
    epochs = lesson08.TRAIN_SETTINGS["max_epochs"]

    def copy(losses):
        model = keras.Sequential([keras.Input((None, None, 1)), keras.layers.Conv2D(4, 3),
                                  keras.layers.GlobalAveragePooling2D(),
                                  keras.layers.Dense(10, activation="softmax")])
        model.history = keras.callbacks.History()
        model.history.history = {"val_loss": losses}
        return model

    falling = copy(list(np.linspace(2.0, 1.0, epochs)))
    monkeypatch.setattr(lesson08, "_copies_or_problem", lambda m, t: ([falling] * 3, [0.63] * 3, None))
    monkeypatch.setattr(lesson08, "_validation", lambda model: (None, 0.63, None))
    [text] = lesson08._final_verdict(falling, train=lambda m: None)
    assert "0.630, below the target" in text and "learns too slowly for the budget" in text
    assert "global AVERAGE" in text and "tune on validation first" not in text and "2)" not in text
    early = copy([2.0, 1.0] + [1.5] * 4)
    monkeypatch.setattr(lesson08, "_copies_or_problem", lambda m, t: ([early] * 3, [0.63] * 3, None))
    [text] = lesson08._final_verdict(early, train=lambda m: None)
    assert "tune on validation first" in text and "too slowly" not in text


@pytest.mark.slow
@pytest.mark.parametrize("design", ["design_a", "design_b"])
def test_exercise_8_4_judges_resizing_by_the_accuracy_on_the_new_canvases(worked, design):
    """Reviews r8 and r10: Resizing(24, 24) before the Flatten design passed 8.4 (0.607 on 32x32, 0.327 on
    40x40), and, once refused by name, before the global-pooling design (0.620, 0.367)."""
    model = keras.Sequential([keras.Input((None, None, 1)), keras.layers.Resizing(24, 24),
                              *worked[design].layers])
    result = lesson08.check_any_size(model)
    assert result.status == "wrong", result.text()
    assert "falls below the target" in result.text()
    assert "Resizing layer squeezes every canvas" in result.text()
