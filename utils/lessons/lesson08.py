"""Lesson 08 (capstone: design a head): the spec, the planning panel, the progress line,
the goal map, the comparison of designs and the exercise checks.

The task: classify 8x8 digits pasted at random positions on a 24x24 canvas with at most
:data:`BUDGET` parameters and at least :data:`TARGET` test accuracy. Designs are tuned on the
validation split. A design check measures the test split only once the validation accuracy is at
least ``TARGET - TEST_MARGIN``, and then only on copies of the design rebuilt from its config and
trained on :data:`VERDICT_SEEDS` by :func:`_train_design` (the notebook's settings, training split
only), so neither the learner's ``train`` nor a model that has seen the test images leaks into the
verdict. It says pass or fail for their mean, never the score.

>>> print(plan(8, 16, 24, last_pool="none", head="gmp", hidden=0).splitlines()[-1])
✔ fits the budget: 22 parameters to spare.
"""

from __future__ import annotations

import contextlib
import gc
import io
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from utils import checks, data, panel, plots, shapes
from utils._validate import Array, BoundError, Choice, Flag, Real, Test, Whole, validated

__all__ = [
    "CANVAS", "COPIES", "INPUT_SHAPE", "CLASSES", "BUDGET", "TARGET", "TEST_MARGIN", "VERDICT_SEEDS",
    "TRAIN_SETTINGS", "HEADS", "LAST_POOLS", "dataset", "design_layers", "plan", "planner_panel",
    "epoch_lines", "accuracy", "draw_goal_map", "goal_map", "compare", "NEW_CANVAS", "check_max_filters",
    "check_design_a", "check_design_b", "check_smallest", "check_any_size", "SIZES_CHECKED", "PANELS",
]

#: The capstone's data: 8x8 digits at random positions on a CANVAS x CANVAS image,
#: each training digit pasted at COPIES positions (see utils.data.digits_on_canvas).
CANVAS, COPIES = 24, 2
INPUT_SHAPE, CLASSES = (CANVAS, CANVAS, 1), 10
#: The spec: at most BUDGET parameters and at least TARGET accuracy on the test split.
BUDGET, TARGET = 5_000, 0.80
#: Below TARGET - TEST_MARGIN on validation, a model is not ready for the verdict on the test split.
TEST_MARGIN = 0.05
#: The verdict: copies of the design rebuilt and trained with these seeds; their MEAN test accuracy counts.
VERDICT_SEEDS = (0, 1, 2)
#: The notebook's ``train`` settings, with which the checks train their verdict copies.
TRAIN_SETTINGS = {"learning_rate": 0.01, "batch_size": 64, "patience": 4, "max_epochs": 12}

HEADS = {"flatten": "Flatten", "gap": "global average pooling", "gmp": "global max pooling"}
LAST_POOLS = ("2", "3", "6", "none")
_GLOBAL = ("GlobalAveragePooling2D", "GlobalMaxPooling2D")


def dataset(canvas: int = CANVAS) -> data.CanvasSplit:
    """The capstone's splits (train, validation, test) on a ``canvas``-sized image."""
    return data.digits_on_canvas(canvas=canvas, copies=COPIES)


# --- planning: a design as a stack for shapes.trace, every layer named by its role ------------

@validated
def design_layers(filters: tuple[Whole(0, 256), ...], last_pool: Choice(*LAST_POOLS) = "2",
                  head: Choice(*HEADS) = "flatten", hidden: Whole(0, 4096) = 0) -> list:
    """The capstone design as :mod:`utils.shapes` layers, each labelled with its role: a conv block
    ``Conv2D(f, 3, padding="same")`` per non-zero entry of ``filters``, each but the last followed by
    ``MaxPooling2D(2)`` (the last by ``last_pool``), then the head, ``Dense(hidden)`` unless 0, ``Dense(10)``.

    >>> [layer.label for layer in design_layers((8,), "2", "flatten", 0)]
    ['block 1 conv', 'block 1 pool', 'head', 'classifier']
    """
    blocks = [f for f in filters if f]
    layers = []
    for number, f in enumerate(blocks, start=1):
        layers.append(shapes.conv(f, 3, padding="same", label=f"block {number} conv"))
        size = 2 if number < len(blocks) else (None if last_pool == "none" else int(last_pool))
        if size:
            layers.append(shapes.pool(size, label=f"block {number} pool"))
    layers.append(shapes.flatten(label="head") if head == "flatten"
                  else shapes.global_pool("max" if head == "gmp" else "avg", label="head"))
    if hidden:
        layers.append(shapes.dense(hidden, label="hidden"))
    return layers + [shapes.dense(CLASSES, label="classifier")]


@validated
def plan(block1: Whole(0, 256), block2: Whole(0, 256), block3: Whole(0, 256),
         last_pool: Choice(*LAST_POOLS) = "2", head: Choice(*HEADS) = "flatten",
         hidden: Whole(0, 4096) = 0, budget: Whole(1, 10**7) = BUDGET) -> str:
    """The planning panel's text: the design's trace and its budget verdict. A design that cannot be
    built (a map that shrinks to nothing, a global pooling on no map) raises a ValueError.

    >>> "block 2 conv" in plan(8, 16, 0, "2", "gap", 0)
    True
    """
    layers = design_layers((block1, block2, block3), last_pool, head, hidden)
    if head != "flatten" and not any(layer.kind == "conv" for layer in layers):
        raise ValueError("a global pooling head on the raw image keeps one number (its mean or max "
                         "brightness): add at least one conv block.")
    rows = shapes.trace(INPUT_SHAPE, layers)
    total = shapes.total_params(rows)
    filled = round(20 * min(total / budget, 1.0))
    bar = f"budget {budget:,}: [{'█' * filled}{'░' * (20 - filled)}]"
    lines = [shapes.format_trace(rows, budget=budget), bar]
    flat_in = next((rows[i].shape for i, layer in enumerate(layers) if layer.kind == "flatten"), None)
    if head == "flatten" and flat_in is not None and len(flat_in) == 4 and flat_in[1] * flat_in[2] == 1:
        # Exercise 8.2's check refuses it as a Flatten design: say so before anyone trains it.
        lines.append(f"⚠ the Flatten receives a 1x1 map {shapes.format_shape(flat_in)}: that is a global-"
                     "pooling head in disguise, not a Flatten design. Pool less, so that a 2x2 map or more "
                     "reaches the Flatten.")
    if total <= budget:
        return "\n".join([*lines, f"✔ fits the budget: {budget - total:,} parameters to spare."])
    layer, row = max(zip(layers, rows[1:]), key=lambda pair: pair[1].params)
    label = "hidden Dense" if layer.label == "hidden" else layer.label
    return "\n".join([*lines, f"✘ over the budget by {total - budget:,} parameters; the biggest layer "
                              f"is the {label} with {row.params:,}."])


def planner_panel() -> panel.Panel:
    """Lesson 08: plan a design (filters per block, last pooling, head, hidden units) live."""
    return panel.Panel(
        plan,
        block1=panel.slider("block 1 filters (0 = no block)", 8, 0, 32, step=2),
        block2=panel.slider("block 2 filters", 16, 0, 32, step=2),
        block3=panel.slider("block 3 filters", 24, 0, 32, step=2),
        last_pool=panel.dropdown("pooling after the last block", [(f"MaxPooling2D({p})", p) for p in
                                 LAST_POOLS[:-1]] + [("none", "none")], value="none"),
        head=panel.dropdown("head", [(text, key) for key, text in HEADS.items()], value="flatten"),
        # Steps of 8: the website's lookup of every reachable setting keeps lesson 08's page under 1.5 MB.
        hidden=panel.slider("hidden Dense units (0 = none)", 0, 0, 64, step=8),
    )


PANELS = [planner_panel]


# --- training: one short line per epoch, and the checks' own training ----------------------------

@validated
def epoch_lines(every: Whole(1, 10_000) = 1) -> Any:
    """A Keras callback that prints one short line per epoch (or every ``every``-th): the training loss,
    the validation loss and accuracy. ``(best)`` marks a new lowest validation loss: the weights that
    ``EarlyStopping(monitor="val_loss", restore_best_weights=True)`` keeps are those of the last one.

    >>> model.fit(..., validation_data=(x_val, y_val), callbacks=[epoch_lines()], verbose=0)  # doctest: +SKIP
    epoch   1: loss 1.912 | validation: loss 1.650 (best), accuracy 0.533
    """
    import keras

    class EpochLine(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.best = math.inf

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            val_loss = logs.get("val_loss")
            best = val_loss is not None and val_loss < self.best  # as EarlyStopping compares
            self.best = val_loss if best else self.best
            if (epoch + 1) % every:
                return
            # The validation accuracy's key, whatever the metric's name (val_accuracy, val_acc, ...)
            key = next((k for k in logs if k.startswith("val_") and "acc" in k),
                       "val_compile_metrics" if "val_compile_metrics" in logs else None)
            parts = [f"loss {val_loss:.3f}" + (" (best)" if best else "")] if val_loss is not None else []
            if key is not None:
                name = "metric" if key == "val_compile_metrics" else "accuracy"
                parts.append(f"{name} {float(logs[key]):.3f}")
            text = f"epoch {epoch + 1:>3}: loss {logs.get('loss', float('nan')):.3f}"
            print(text + (f" | validation: {', '.join(parts)}" if parts else ""), flush=True)

    return EpochLine()


def _is_model(value: Any) -> bool:
    import keras

    return isinstance(value, keras.Model)


KerasModel = Test(_is_model, "a Keras model")
Images = Array("a non-empty batch (N, height, width, channels)", (4,), 50_000_000)
Labels = Array("one whole-number label >= 0 per image", (1,), 10_000_000, kind="labels")


@validated
def _train_design(model: KerasModel, seed: Whole(0, 2**32 - 1) | None = None,
                  from_logits: Flag = False) -> Any:
    """Train ``model`` as the notebook's ``train`` does (:data:`TRAIN_SETTINGS`: Adam, early stopping on
    the validation loss, best weights restored) on the training split only, after setting the seed if
    given: the design checks' trusted copy of ``train``. Returns the History."""
    import keras

    if seed is not None:
        keras.utils.set_random_seed(int(seed))
    split = dataset()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=TRAIN_SETTINGS["learning_rate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits),
                  metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=TRAIN_SETTINGS["patience"],
                                         restore_best_weights=True)
    return model.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val),
                     epochs=TRAIN_SETTINGS["max_epochs"], batch_size=TRAIN_SETTINGS["batch_size"],
                     callbacks=[stop], verbose=0)


# --- measuring a model safely -----------------------------------------------------------------

def _predict(model: Any, images: np.ndarray) -> np.ndarray:
    """Scores of ``model`` on ``images`` in small batches (no training behaviour, few MB), as NumPy."""
    import keras

    return np.concatenate([keras.ops.convert_to_numpy(model(images[i:i + 64], training=False))
                           for i in range(0, len(images), 64)])


@validated
def accuracy(model: Test(lambda m: callable(m) and not isinstance(m, type), "a Keras model"), images: Images,
             labels: Labels) -> float:
    """Share of ``images`` whose highest score is the right label (softmax or logits alike).

    >>> accuracy(trained_model, x_val, y_val)   # doctest: +SKIP
    0.9
    """
    if len(labels) != len(images):
        raise BoundError(f"labels must be one label per image: {len(images)} images, {len(labels)} labels.")
    problem, scores = _scores_problem(model, images.astype("float32"), classes=None)
    if problem:
        raise ValueError(problem)
    return float((scores.argmax(axis=1) == labels).mean())


def _scores_problem(model: Any, images: np.ndarray, advice: bool = True,
                    classes: int | None = CLASSES) -> tuple[str | None, np.ndarray | None]:
    """Run ``model`` on ``images``: a problem with its output (an error, a shape, NaN), or the scores.
    ``advice=False`` leaves the general fix out of the message for an error Keras raised."""
    try:
        scores = _predict(model, images)
    except Exception as exc:  # noqa: BLE001 - a learner's model: explain what failed in words
        from utils.errors import diagnose

        found = diagnose(exc)
        return (f"the model cannot run on the {shapes.format_shape(images.shape)} images: "
                f"{found.what}" + (f" {found.fix}" if advice else "")), None
    if scores.ndim != 2 or (classes and scores.shape[1] != classes) or len(scores) != len(images):
        why = ("it still has spatial axes: put Flatten or a global pooling layer before the last Dense."
               if scores.ndim > 2 else "the last layer needs 10 units, one per digit: Dense(10).")
        shape = shapes.format_shape((None, *scores.shape[1:]))
        return f"output: the shape is {shape}, expected (None, 10); {why}", None
    if not np.isfinite(scores).all():
        return ("the model outputs NaN or infinity on the validation images: training diverged. "
                "Rebuild it (set the seed first) and train with a lower learning rate."), None
    return None, scores


def _validation(model: Any) -> tuple[str | None, float, np.ndarray | None]:
    """A problem with ``model``'s output on the validation images, or None; its accuracy and scores."""
    problem, scores = _scores_problem(model, dataset().x_val)
    return problem, (0.0 if problem else float((scores.argmax(1) == dataset().y_val).mean())), scores


# --- reading a design: its layers, by role ----------------------------------------------------

def _layers(model: Any) -> list:
    """Every leaf layer of ``model`` (nested and subclassed models included) but its InputLayer."""
    return [layer for layer in checks.all_layers(model, leaves_only=True)
            if type(layer).__name__ != "InputLayer"]


def _input_shape(layer: Any) -> tuple | None:
    """The shape ``layer`` receives, or None when Keras does not know it (a subclassed model's layer)."""
    try:
        return tuple(layer.input.shape)
    except Exception:  # noqa: BLE001 - no symbolic input: the caller judges by the layers alone
        return None


def _positions(shape: tuple | None) -> int | None:
    """Positions (height x width, an unknown size counted as 2) of a 4-D map shape, else None."""
    return math.prod(s or 2 for s in shape[1:3]) if shape is not None and len(shape) == 4 else None


def _is_conv(layer: Any) -> bool:
    """Conv2D, DepthwiseConv2D, SeparableConv2D, ...: a layer that slides shared weights over the map."""
    return "Conv" in type(layer).__name__ and hasattr(layer, "kernel_size")


def _is_flatten(layer: Any) -> bool:
    """A Flatten, or a Reshape to one axis (``Reshape((-1,))``), which flattens the same way."""
    kind = type(layer).__name__
    return kind == "Flatten" or (kind == "Reshape" and len(tuple(getattr(layer, "target_shape", ()))) == 1)


def _role(layers: list, i: int) -> str:
    """How the lesson names ``layers[i]``: a conv block, the classifier, a hidden Dense, ..."""
    kind = type(layers[i]).__name__
    if _is_conv(layers[i]):
        filters = getattr(layers[i], "filters", "?")
        return f"block {sum(map(_is_conv, layers[:i + 1]))} conv ({kind} with {filters} filters)"
    if kind != "Dense":
        return kind
    last = i == max(j for j, layer in enumerate(layers) if type(layer).__name__ == "Dense")
    if i > 0 and type(layers[i - 1]).__name__ == "Flatten":
        return f"{'classifier' if last else 'hidden Dense'} right after Flatten"
    return "classifier (the last Dense)" if last else "hidden Dense"


def _flatten_head_problem(layers: list) -> str | None:
    """Why the Flatten design's Flatten is no Flatten head (it flattens a vector or a 1x1 map), or None."""
    for i, layer in enumerate(layers):
        if not _is_flatten(layer):
            continue
        pooled = [type(other).__name__ for other in layers[:i] if type(other).__name__ in _GLOBAL]
        if pooled:
            return (f"{pooled[-1]} already turns the map into one number per channel (with keepdims=True "
                    "too): that is a global-pooling head, and the Flatten after it changes nothing. In the "
                    "Flatten design, Flatten itself turns a small map (2x2 or more) into the vector.")
        shape = _input_shape(layer) or ()
        if len(shape) == 4 and _positions(shape) <= 1:
            return (f"the Flatten receives a 1x1 map, {shapes.format_shape(shape)}: a pooling that leaves "
                    "one position is a global-pooling head. Pool the map small, not to one position.")
        if 0 < len(shape) < 4:
            return (f"the Flatten receives {shapes.format_shape(shape)}, a vector, not a map: put Flatten "
                    "right after the last conv block (and its pooling), so that it flattens a small map.")
    return None


def _spec_problems(model: Any, head: str) -> list[str]:
    """Problems with the form of ``model`` (no training needed): head, convolution, input, budget."""
    layers = _layers(model)
    classes = [type(layer).__name__ for layer in layers]
    problems = []
    if head == "flatten" and not any(map(_is_flatten, layers)):
        problems.append("this is the Flatten design: its head must contain a keras.layers.Flatten "
                        f"(found {', '.join(sorted(set(classes))) or 'no layers'}).")
    elif head == "flatten" and (problem := _flatten_head_problem(layers)):
        problems.append(problem)
    if head == "global" and "Flatten" in classes:
        problems.append("this is the global-pooling design, so it must not contain a Flatten: "
                        "let GlobalAveragePooling2D or GlobalMaxPooling2D turn the map into a vector.")
    if head == "global" and not set(classes) & set(_GLOBAL):
        problems.append("this is the global-pooling design: use GlobalAveragePooling2D or "
                        "GlobalMaxPooling2D as the head.")
    if not any(map(_is_conv, layers)):
        problems.append("the design has no convolution: the lesson showed that a model without "
                        "one misses the spec; start with a conv block.")
    inputs = list(getattr(model, "inputs", None) or [])
    got = tuple(inputs[0].shape) if inputs else None
    if got and not (len(inputs) == 1 and len(got) == 4
                    and all(g is None or int(g) == w for g, w in zip(got[1:], INPUT_SHAPE))):
        problems.append(f"input: the model takes {shapes.format_shape(got)}, but the images are "
                        f"(None, {CANVAS}, {CANVAS}, 1): use keras.Input(shape=({CANVAS}, {CANVAS}, 1)).")
    params = int(model.count_params())
    if params > BUDGET:
        sizes = [int(layer.count_params()) if layer.built else 0 for layer in layers]
        top = int(np.argmax(sizes))
        problems.append(f"budget: the model has {params:,} parameters, {params - BUDGET:,} over the budget "
                        f"of {BUDGET:,}; the biggest layer is the {_role(layers, top)} with {sizes[top]:,}.")
    return problems


# --- why a design falls short: the causes the checks name ---------------------------------------

#: Low accuracy has two possible causes, which the check cannot tell apart: the design, said by whether
#: a Dense sees a large map (True) or not (False), and the training (:data:`_NOT_TRAINED`).
_CANNOT_LEARN = {
    True: ". Section 3 showed it: a Dense that sees a large map learns each position apart. Spend the budget "
          "on conv blocks, and pool the map small before the head.",
    False: ": its layers may be too few or too small to recognise a digit wherever it sits. Spend the "
           "budget on conv blocks (more filters, one more block) before the head.",
}
_NOT_TRAINED = ("The model was not fully trained. Set the seed, rebuild it and run train(model) with its "
                "default epochs.")


def _has_large_map_dense(model: Any) -> bool:
    """Does a Dense see a map larger than 2x2 (after a Flatten, or applied to the map itself)?
    When the layers cannot tell (no symbolic shapes), assume it may."""
    layers = _layers(model)
    flattened_large = False
    for layer in layers:
        shape = _input_shape(layer)
        if shape is None:
            return any(type(other).__name__ == "Dense" for other in layers)
        large = (_positions(shape) or 0) > 4
        flattened_large = flattened_large or (_is_flatten(layer) and large)
        if type(layer).__name__ == "Dense" and (flattened_large or large):
            return True
    return False


def _two_causes(model: Any, second: str | None = None) -> str:
    """The two causes of a low accuracy; ``second`` (e.g. the epoch budget) replaces "not fully trained"."""
    return (f"there are two possible causes. 1) The design may be unable to learn this task"
            f"{_CANNOT_LEARN[_has_large_map_dense(model)]} 2) {second or _NOT_TRAINED}")


def _logits_cause(model: Any, scores: np.ndarray) -> str | None:
    """The third cause of a model stuck near chance, when it holds: raw scores (no softmax) trained
    with a loss that expects probabilities (``from_logits=False``, the default, and train's)."""
    if scores.min() >= 0 and np.allclose(scores.sum(axis=1), 1, atol=1e-3):
        return None  # probabilities: a softmax at the end
    loss = getattr(model, "loss", None)
    if loss is None or getattr(loss, "_fn_kwargs", {}).get("from_logits", False):
        return None  # not trained yet, or trained with a loss that expects logits
    return ("the last layer gives raw scores (logits: no softmax), but the loss expects probabilities "
            "(from_logits=False, as in train), so training cannot learn: add activation=\"softmax\" to the "
            "last Dense, or train with loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True).")


def _budget_cause(model: Any) -> str | None:
    """In place of "not fully trained", when it holds: the model's last ``fit`` used the whole epoch
    budget and its validation loss was still falling at its last epoch."""
    losses = (getattr(getattr(model, "history", None), "history", None) or {}).get("val_loss") or []
    if len(losses) < TRAIN_SETTINGS["max_epochs"] or int(np.argmin(losses)) != len(losses) - 1:
        return None
    average = any(type(layer).__name__ == "GlobalAveragePooling2D" for layer in checks.all_layers(model))
    return (f"The design learns too slowly for the budget: its validation loss was still falling at the "
            f"last of its {len(losses)} epochs, the most the spec allows (lesson08.TRAIN_SETTINGS), so "
            "training longer is not an option; the design must learn within the budget."
            + (" A global AVERAGE learns slowly here: most of each map is blank canvas, which dilutes the "
               "mean." if average else ""))


def _below_target(model: Any, scores: np.ndarray, what: str) -> str:
    """``what`` (the accuracy found) and its causes: the logits mistake alone when it holds."""
    return f"{what}: {_logits_cause(model, scores) or _two_causes(model, _budget_cause(model))}"


# --- the verdict: copies of the design, retrained by the lesson ---------------------------------

_TESTED: set = set()  # ids of the models whose test accuracy the checks have measured
_JUDGED_VALIDATION: dict[int, float] = {}  # id(model) -> mean validation accuracy of its judged copies


def _trained_from_logits(model: Any) -> bool:
    """Was ``model`` compiled with a loss that expects logits (``from_logits=True``)?"""
    loss = getattr(model, "loss", None)
    return bool(getattr(loss, "from_logits", False) or getattr(loss, "_fn_kwargs", {}).get("from_logits"))


def _copies_or_problem(model: Any, train: Callable) -> tuple[list, list[float], str | None]:
    """Copies of ``model``'s design rebuilt with new weights from each of VERDICT_SEEDS and trained by
    :func:`_train_design` (never by the learner's ``train``, which might fit the test images), their
    validation accuracies, and what went wrong (with the learner's model too), or None."""
    import keras

    from_logits = _trained_from_logits(model)

    def fit(seed: int) -> Any:
        keras.utils.set_random_seed(seed)
        copy = keras.models.clone_model(model)
        with contextlib.redirect_stdout(io.StringIO()):
            _train_design(copy, from_logits=from_logits)
        # From now on the copy is only measured: drop its compiled training and evaluation graphs (Keras
        # rebuilds them if ever needed), so that the lesson's kernel stays within its 1 GB budget.
        copy.train_function = copy.test_function = None
        gc.collect()
        return copy

    try:
        copies = [checks.call_with_deadline(fit, seed, seconds=600, what="train(model)")
                  for seed in VERDICT_SEEDS]
    except Exception as exc:  # noqa: BLE001 - e.g. a subclassed model that cannot be cloned
        return [], [], (f"the check could not rebuild your design to train it on more seeds "
                        f"({type(exc).__name__}: {str(exc)[:120]}). Build it with keras.Sequential.")
    vals = []
    for m in [model, *copies]:
        problem, val, _ = _validation(m)
        if problem:
            return [], [], (f"a copy of your design, rebuilt and trained with the notebook's train "
                            f"settings: {problem}")
        vals.append(val)
    return copies, vals[1:], None  # the copies alone: the learner's own model may have seen other data


def _final_verdict(model: Any, train: Callable | None) -> list[str]:
    """Pass (no problem) or fail on the test split, from the mean over the design retrained on
    VERDICT_SEEDS; never the exact test score. Without ``train`` there is no final verdict: the
    learner's own model may have been trained on anything, the test images included."""
    if train is None:
        raise checks.NotAttempted(
            f"validation accuracy {_validation(model)[1]:.3f}: the spec's other criteria are met. For the "
            "final verdict, pass the notebook's train function too, e.g. check_design_b(design_b, train): "
            f"the check then trains {len(VERDICT_SEEDS)} fresh copies of your design on the training split "
            "only and judges them on the test split once (your own model may have seen other data).")
    models, vals, problem = _copies_or_problem(model, train)
    if problem:
        return [problem]
    seeds = f"{len(models)} seeds" if len(models) > 1 else "one seed"
    if np.mean(vals) < TARGET:  # the verdict is for a design that meets the target on validation
        own = _validation(model)[1]
        if own >= TARGET:  # the learner's model got there, the budget's copies did not
            return [f"the mean validation accuracy of the {seeds} rebuilt copies is {np.mean(vals):.3f}, "
                    f"below the target {TARGET:.2f}, although your own model reached {own:.3f}. The copies "
                    f"train on seeds {', '.join(map(str, VERDICT_SEEDS))} with the spec's budget (at "
                    f"most {TRAIN_SETTINGS['max_epochs']} epochs, lesson08.TRAIN_SETTINGS): a design this "
                    "close to the target passes or fails by the seed (or yours trained longer than the "
                    "budget). Find a design that reaches the target with a margin, with train(model) as "
                    "given. Test split: not measured."]
        # Copies still improving at the last epoch the spec allows: the budget, not the task, stopped them.
        budget = next((cause for cause in map(_budget_cause, models) if cause), None)
        return [f"the mean validation accuracy ({seeds}) is {np.mean(vals):.3f}, below the target "
                f"{TARGET:.2f}: " + (f"{budget} Test split: not measured." if budget else
                "tune on validation first. Improve the design until the validation accuracy train prints "
                "reaches the target, then run this check again. Test split: not measured.")]
    tests = [accuracy(m, dataset().x_test, dataset().y_test) for m in models]
    _TESTED.add(id(model))
    _JUDGED_VALIDATION[id(model)] = float(np.mean(vals))  # what the PASS message reports
    if np.mean(tests) < TARGET:
        causes = [_logits_cause(m, _validation(m)[2]) for m in models]
        return [f"validation accuracy {np.mean(vals):.3f} (mean of {seeds}); final verdict on the test "
                f"split: FAIL, the mean test accuracy of {seeds} is below the target {TARGET:.2f}: "
                f"{next((c for c in causes if c), _two_causes(model))} Compare designs on the VALIDATION "
                "split, not by re-running this check."]
    return []


#: The ``train`` argument of the design checks: the notebook's training function (a class is refused).
Train = Test(lambda train: train is None or (callable(train) and not isinstance(train, type)),
             "the notebook's training function, train(model)")


def _check_design(exercise: str, model: Any, head: str, train: Callable | None) -> checks.CheckResult:
    """A design check: the spec's form first, then the validation accuracy, then the final verdict."""
    def judge(answer: Any) -> list[str]:
        m = checks.as_model(answer)
        problems = _spec_problems(m, head)
        problem, val, scores = _validation(m)
        if problem:
            return [*problems, problem]
        if val < 0.2:
            import keras

            steps = getattr(getattr(m, "optimizer", None), "iterations", None)
            trained = steps is not None and int(keras.ops.convert_to_numpy(steps)) > 0
            chance = f"validation accuracy is {val:.3f}, near chance ({1 / CLASSES:.2f})"
            problems.append(_below_target(m, scores, chance) if trained else
                            f"{chance}: the model has not been trained yet: call train(model).")
        if problems:
            return problems + ["test split: not measured (the spec's other criteria come first)."]
        if val < TARGET - TEST_MARGIN:  # the final verdict waits for a model that may meet the spec
            return [_below_target(m, scores, f"validation accuracy is {val:.3f}, well below the target "
                                             f"{TARGET:.2f}"),
                    f"test split: not measured. It stays untouched until the validation accuracy is close "
                    f"to the target ({TARGET - TEST_MARGIN:.2f} or more), so that it still gives an honest "
                    "final verdict."]
        return _final_verdict(m, train)

    hint = ("trace the design in the planning panel first (budget), set the seed, build it, "
            "train(model), then run this check; tune on the validation accuracy train prints.")
    result = checks.run_check(exercise, model, judge, hint=hint)
    if result.correct:
        params, seeds = int(model.count_params()), len(VERDICT_SEEDS)
        again = (f" Note: the test split has now judged {len(_TESTED)} models; choosing among them by "
                 "the verdict would make it a second validation split." if len(_TESTED) > 3 else "")
        judged = _JUDGED_VALIDATION[id(model)]  # the verdict judged the rebuilt copies: their accuracy
        result.message = (f"{params:,} parameters ({100 * params / BUDGET:.0f}% of {BUDGET:,}); mean "
                          f"validation accuracy of the {seeds} rebuilt copies {judged:.3f}; final verdict on "
                          f"the {len(dataset().y_test)} test images, measured once here: PASS (mean test "
                          f"accuracy of {seeds} seeds >= {TARGET:.2f}; the score itself stays private, so "
                          "nobody tunes on it)." + again)
    return result


@validated
def check_design_a(model: Any, train: Train = None) -> checks.CheckResult:
    """Exercise 8.2: a design with a Flatten head that meets the whole spec. With ``train`` (the
    notebook's training function), the final verdict also judges the design rebuilt and retrained on
    VERDICT_SEEDS by :func:`_train_design` (the learner's ``train`` is not called)."""
    return _check_design("Exercise 8.2 (Flatten design)", model, "flatten", train)


@validated
def check_design_b(model: Any, train: Train = None) -> checks.CheckResult:
    """Exercise 8.3: a design with a global-pooling head (and no Flatten) that meets the whole spec."""
    return _check_design("Exercise 8.3 (global-pooling design)", model, "global", train)


@validated
def check_smallest(model: Any, train: Train = None) -> checks.CheckResult:
    """Challenge 8.5: the smallest design (any head) whose mean validation accuracy over the design
    retrained on VERDICT_SEEDS by the lesson reaches the target (``train`` is required for a verdict:
    the learner's own model may have been fitted on anything). A search: the test split stays untouched."""
    found = {}

    def judge(answer: Any) -> list[str]:
        m = checks.as_model(answer)
        if problems := _spec_problems(m, head="any"):
            return problems
        if train is None:
            raise checks.NotAttempted(
                "the spec's other criteria are met. For a verdict, pass the notebook's train function too, "
                f"e.g. check_smallest(smallest, train): the check trains {len(VERDICT_SEEDS)} fresh copies "
                "of your design on the training split only and judges their mean validation accuracy.")
        _, vals, problem = _copies_or_problem(m, train)
        found["vals"] = vals
        if problem or np.mean(vals) >= TARGET:
            return [problem] if problem else []
        return [_below_target(m, _validation(m)[2], f"the mean validation accuracy of {len(vals)} seed(s) "
                              f"is {np.mean(vals):.3f}, below the target {TARGET:.2f}")]

    result = checks.run_check("Challenge 8.5 (smallest design)", model, judge,
                              hint="halve the filters of each block and check again; which layer costs most?")
    if result.correct:
        vals, params = found["vals"], int(model.count_params())
        result.message = (f"{params:,} parameters ({100 * params / BUDGET:.0f}% of the budget); validation "
                          f"accuracy {np.mean(vals):.3f} (mean of {len(vals)} seed{'s' * (len(vals) > 1)}, "
                          f"lowest {min(vals):.3f}). Can a smaller design pass too?")
    return result


# --- Exercise 8.1 (transfer): the largest last block that fits on a bigger canvas -------------

NEW_CANVAS = 32  # Exercise 8.1's camera


def _plan_total(canvas: int, f: int) -> int:
    """Parameters of Exercise 8.1's plan: blocks of 8, 16 and f filters, each + MaxPooling2D(2), Flatten."""
    return shapes.total_params(shapes.trace((canvas, canvas, 1), design_layers((8, 16, f), "2", "flatten")))


def _largest_fitting(canvas: int) -> int:
    return max(f for f in range(1, 129) if _plan_total(canvas, f) <= BUDGET)


def check_max_filters(answer: Any) -> checks.CheckResult:
    """Exercise 8.1: the most filters ``f`` that block 3 can have in the plan (8, 16, f), each block
    with MaxPooling2D(2), Flatten, Dense(10), on a 32x32 canvas, within :data:`BUDGET`."""
    def explain(value: Any) -> str | None:
        if not isinstance(value, int) or value < 1:
            return f"a number of filters is a whole number >= 1; you gave {value!r}."
        if value == _largest_fitting(CANVAS):
            return (f"{value} is the answer for the lesson's {CANVAS}x{CANVAS} canvas; on {NEW_CANVAS}x"
                    f"{NEW_CANVAS} the map before Flatten is larger, so each filter costs more.")
        if value > 128:
            return f"{value} filters is far over the budget; count block 3's conv and the classifier."
        total = _plan_total(NEW_CANVAS, value)
        if total > BUDGET and value == _largest_fitting(NEW_CANVAS) + 1:  # e.g. 12.27 rounded up (r20)
            return (f"with {value} filters the design has {total:,} parameters, just over the budget of "
                    f"{BUDGET:,}: a filter count that solves the equation with a fraction rounds DOWN.")
        if total > BUDGET:
            return (f"with {value} filters the design has {total:,} parameters, over the budget of "
                    f"{BUDGET:,}. Did you forget the biases, or count the map before Flatten too small?")
        return (f"{value} filters fit ({total:,} parameters), but more fit too: what does ONE "
                "extra filter cost in block 3's conv and in the classifier?")

    return checks.check_value(
        "Exercise 8.1", answer, _largest_fitting(NEW_CANVAS), explain=explain,
        hint="write the total as (everything that does not depend on f) + (cost of one filter) x f.")


# --- Exercise 8.4 (transfer): the same trained layers on a canvas of any size ------------------

#: The canvases Exercise 8.4's check runs a model on. With design A's pooling, 24x24 and 32x32 both end
#: in a 2x2 map before Flatten (by coincidence); 40x40 does not, so a Flatten head cannot pass by luck.
SIZES_CHECKED = (CANVAS, NEW_CANVAS, 40)


def check_any_size(model: Any) -> checks.CheckResult:
    """Exercise 8.4: a model that takes ``(None, None, 1)`` and reaches TARGET validation accuracy on
    every canvas of :data:`SIZES_CHECKED`; it reports the accuracy on each. A Flatten head is refused by
    what it does: it fails on a canvas its pooling does not happen to shrink to its Dense's map size."""
    found: dict[int, float] = {}  # validation accuracy per canvas

    def judge(answer: Any) -> list[str]:
        m = checks.as_model(answer)
        inputs = list(getattr(m, "inputs", None) or [])
        if inputs and tuple(inputs[0].shape)[1:3] != (None, None):
            return [f"the model's input is {shapes.format_shape(tuple(inputs[0].shape))}: a fixed size. "
                    "Use keras.Input(shape=(None, None, 1)) so any height and width fit."]
        if m.count_params() > 20 * BUDGET:
            return [f"the model has {m.count_params():,} parameters; reuse the trained layers of your "
                    "design instead of a new, large model."]
        classes = checks.layer_classes(m)
        failures = {c: p for c in SIZES_CHECKED
                    if (p := _scores_problem(m, dataset(c).x_val[:150], advice=False)[0])}
        ran = [f"{c}x{c}" for c in SIZES_CHECKED if c not in failures]
        if failures and "Flatten" in classes:
            first = min(failures)
            coincidence = (f" It runs on {' and '.join(ran)} only by coincidence: the pooling shrinks each "
                           "of them to a map of the size the Dense was built for." if ran else "")
            return [f"the model has a Flatten: Flatten's output grows with the map, so the Dense after it "
                    f"fits one map size only. A Flatten head cannot accept any image size.{coincidence} On "
                    f"{first}x{first} canvases, {failures[first]} Use the layers of your global-pooling "
                    "design: its output size does not depend on the map."]
        if failures:
            canvas = min(failures)
            problem, _ = _scores_problem(m, dataset(canvas).x_val[:150])  # again, with the advice
            return [f"on {canvas}x{canvas} canvases: {problem}"]
        # Judged by its accuracy on each canvas, not by its layers: a Resizing layer in front of a
        # global-pooling head runs everywhere, but fell to 0.62 and 0.37 on the new canvases.
        found.update({c: accuracy(m, dataset(c).x_val, dataset(c).y_val) for c in SIZES_CHECKED})
        if found[CANVAS] < TARGET:
            return [f"validation accuracy on {CANVAS}x{CANVAS} is {found[CANVAS]:.3f}, below {TARGET:.2f}: "
                    "reuse the layers of a trained design, they carry its weights."]
        fallen = [f"{c}x{c}: {found[c]:.3f}" for c in SIZES_CHECKED if found[c] < TARGET]
        if fallen:
            need = (" The camera needs a head whose answer does not depend on the map's size: the layers of "
                    "your global-pooling design, as they are.")
            if "Resizing" in classes:
                why = (" A Resizing layer squeezes every canvas to one size, so a digit on a larger canvas "
                       f"shrinks (on 40x40 to {CANVAS / 40:.0%} of the size it was trained on).")
            elif any(name.startswith("Adaptive") for name in classes):
                # Its output size is already fixed: saying "a head whose size does not depend" would be wrong.
                why = (" Adaptive pooling fixes the size of the grid, not what each cell covers: on a larger "
                       "canvas every cell pools a larger region, so the Dense after it reads features unlike "
                       "those it was trained on.")
                need = " Try the layers of your global-pooling design, as they are."
            else:
                why = ""
            return [f"the model runs on every canvas, but on the new ones its validation accuracy falls "
                    f"below the target {TARGET:.2f} ({', '.join(fallen)}; {found[CANVAS]:.3f} on "
                    f"{CANVAS}x{CANVAS}).{why}{need}"]
        return []

    result = checks.run_check(
        "Exercise 8.4", model, judge,
        hint="which head's output size does not depend on the map's size? Keep that design's layers.")
    if result.correct:
        scores = [f"{c}x{c}: {found[c]:.3f}" for c in SIZES_CHECKED]
        result.message = (f"The model runs on any canvas. Validation accuracy on {scores[0]} (the size it "
                          f"was trained on); on canvases it never saw in training: {', '.join(scores[1:])}.")
    return result


# --- comparing designs: a table and the goal map (validation accuracy) ------------------------

#: Where each design's number sits, in points from its marker, by the design's place in the list:
#: neighbours in the list (often neighbours on the map) get different corners.
_NUMBER_OFFSETS = ((9, 9), (9, -11), (-11, 9), (-11, -11))


@validated
def draw_goal_map(ax: Any, points: dict, budget: Whole(1, 10**7) = BUDGET,
                  target: Real(0.01, 1) = TARGET) -> list:
    """Designs as points (parameters, accuracy) over the goal region; returns the artists.

    ``points`` maps a name to ``(params, accuracy)``; a point inside the shaded box (<= budget
    parameters, >= target accuracy) is a candidate. Each design gets its own hollow marker and a
    number that the legend names, so colour is never the only cue. The y axis spans the accuracies
    and the target, not 0 to 1, so designs close together are drawn apart.
    """
    plots.check_axes(ax)
    if len(points) > len(plots.MARKERS):
        raise ValueError(f"points must hold at most {len(plots.MARKERS)} designs, got {len(points)}.")
    for name, value in points.items():
        ok = (isinstance(value, (tuple, list)) and len(value) == 2
              and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)
              and all(map(math.isfinite, value)))
        if not ok or value[0] < 1 or not 0 <= value[1] <= 1:
            raise ValueError(f"points[{name!r}] must be (params >= 1, accuracy in [0, 1]), got {value!r}.")
    sizes = [p for p, _ in points.values()] + [budget]
    values = [a for _, a in points.values()] + [target]
    lo = max(0.0, math.floor((min(values) - 0.03) * 20) / 20)
    hi = min(1.0, math.ceil((max(values) + 0.03) * 20) / 20)
    if hi - lo < 0.2:  # at least 0.2 of accuracy, ending at hi where the axis fits
        lo = max(0.0, hi - 0.2)
        hi = min(1.0, lo + 0.2)
    if hi == 1.0 and max(values) > 0.97:  # room above 1.0 for the number of a design near the top
        hi = 1.03
    artists = [ax.fill_between([min(sizes) / 3, budget], target, 1.0, color=plots.PALETTE[2], alpha=0.18,
                               lw=0, hatch="//", label=f"goal: ≤ {budget:,} params, ≥ {target:.2f}"),
               ax.axvline(budget, color=plots.PALETTE[2], ls="--", lw=1),
               ax.axhline(target, color=plots.PALETTE[2], ls="--", lw=1)]
    ax.set(xscale="log", xlim=(min(sizes) / 3, max(sizes) * 3), ylim=(round(lo, 2), round(hi, 2)))
    for i, (name, (params, acc)) in enumerate(points.items()):
        # Hollow markers: two designs at almost the same point both stay visible.
        artists += ax.plot(params, acc, plots.MARKERS[i], ms=9, mew=2, fillstyle="none",
                           color=plots.PALETTE[i % len(plots.PALETTE)], label=f"{i + 1}: {name}", zorder=4)
        artists.append(ax.annotate(str(i + 1), (params, acc), textcoords="offset points",
                                   xytext=_NUMBER_OFFSETS[i % 4], ha="center", va="center", zorder=5,
                                   fontsize=plots.MIN_FONT + 1, weight="bold",
                                   bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                                         "alpha": 0.8}))
    ax.set_xlabel("parameters (log scale)", fontsize=plots.MIN_FONT + 1)
    ax.set_ylabel("validation accuracy", fontsize=plots.MIN_FONT + 1)
    # Outside the axes, on the right: the legend never hides a point or its number.
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=plots.MIN_FONT, framealpha=0.9)
    return artists


def goal_map(points: dict, budget: int = BUDGET, target: float = TARGET):
    """Figure with :func:`draw_goal_map`."""
    fig = plots.new_figure(8.4, 3.6)
    ax = fig.subplots()
    draw_goal_map(ax, points, budget, target)
    ax.set_title(f"Designs on the validation split after at most {TRAIN_SETTINGS['max_epochs']} epochs: "
                 "the shaded box is the goal", fontsize=plots.MIN_FONT + 2)  # the budget ranks them (r20)
    return fig


@validated
def compare(designs: dict) -> tuple[str, Any]:
    """Table and goal map of ``designs`` (name -> model) on the VALIDATION split.

    A design that is missing (``...`` or None: its cell failed or was not run), not a model (e.g. a
    History) or that gives the wrong output is skipped with a note, so a wrong answer never breaks
    this cell. Returns ``(text, figure)``.
    """
    lines = [f"{'design':<28}{'params':>8}  {'fits':<5}{'validation accuracy':>20}", "-" * 63]
    points, notes = {}, []
    for name, model in designs.items():
        if model is Ellipsis or model is None:
            notes.append(f"{name}: not built yet (or its cell failed), skipped.")
            continue
        try:
            model = checks.as_model(model)
            if model.count_params() > 20 * BUDGET:
                raise checks.Unusable(f"{model.count_params():,} parameters is far over the budget.")
        except checks.Unusable as exc:
            notes.append(f"{name}: skipped, {exc}")
            continue
        problem, val, _ = _validation(model)
        if problem:
            notes.append(f"{name}: skipped, {problem}")
            continue
        params = int(model.count_params())
        points[name] = (params, val)
        lines.append(f"{name:<28}{params:>8,}  {'yes' if params <= BUDGET else 'no':<5}{val:>20.3f}")
    return "\n".join(lines + [f"note: {n}" for n in notes]), goal_map(points)
