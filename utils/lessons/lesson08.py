"""Lesson 08 (capstone: design a head): the spec, the planning panel, the progress line,
the goal map, the comparison of designs and the exercise checks.

The task: classify scikit-learn's 8x8 digits pasted at a random position on a 24x24
canvas (:func:`utils.data.digits_on_canvas`) with at most :data:`BUDGET` parameters and
at least :data:`TARGET` accuracy on the test split. Designs are tuned on the validation
split; each design check measures the test split once, as the final verdict, and only when
the validation accuracy is close to the target (at least ``TARGET - TEST_MARGIN``).

>>> print(plan(8, 16, 24, last_pool="none", head="gmp", hidden=0).splitlines()[-1])
✅ fits the budget: 22 parameters to spare.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from utils import checks, data, panel, plots, shapes
from utils._validate import whole_number

__all__ = [
    "CANVAS", "COPIES", "INPUT_SHAPE", "CLASSES", "BUDGET", "TARGET", "TEST_MARGIN", "HEADS", "LAST_POOLS",
    "dataset", "design_layers", "plan", "planner", "epoch_lines", "accuracy", "draw_goal_map",
    "goal_map", "compare", "NEW_CANVAS", "check_max_filters", "check_design_a", "check_design_b",
    "check_any_size", "SIZES_CHECKED", "PANELS",
]

#: The capstone's data: 8x8 digits at random positions on a CANVAS x CANVAS image,
#: each training digit pasted at COPIES positions (see utils.data.digits_on_canvas).
CANVAS, COPIES = 24, 2
INPUT_SHAPE, CLASSES = (CANVAS, CANVAS, 1), 10
#: The spec: at most BUDGET parameters ...
BUDGET = 5_000
#: ... and at least TARGET accuracy on the test split (measured once, by the check).
TARGET = 0.80
#: The checks measure the test split only for a model whose validation accuracy is at least
#: TARGET - TEST_MARGIN: well below it, the model is not ready for the final verdict.
TEST_MARGIN = 0.05

HEADS = {"flatten": "Flatten", "gap": "global average pooling", "gmp": "global max pooling"}
LAST_POOLS = ("2", "3", "none")
_GLOBAL = ("GlobalAveragePooling2D", "GlobalMaxPooling2D")


def dataset(canvas: int = CANVAS) -> data.CanvasSplit:
    """The capstone's splits (train, validation, test) on a ``canvas``-sized image."""
    return data.digits_on_canvas(canvas=canvas, copies=COPIES)


# ---------------------------------------------------------------------------
# Planning: a design as a stack for shapes.trace, every layer named by its role
# ---------------------------------------------------------------------------

def design_layers(filters: tuple | list, last_pool: str = "2", head: str = "flatten",
                  hidden: int = 0) -> list:
    """The capstone design as :mod:`utils.shapes` layers, each labelled with its role.

    ``filters`` lists the filters of each conv block (``Conv2D(f, 3, padding="same")``;
    a 0 leaves the block out). Every block but the last ends with ``MaxPooling2D(2)``;
    ``last_pool`` ("2", "3" or "none") is the pooling after the last block. Then the
    head (``"flatten"``, ``"gap"``, ``"gmp"``), an optional ``Dense(hidden)`` and the
    classifier ``Dense(10)``.

    >>> [layer.label for layer in design_layers((8,), "2", "flatten", 0)]
    ['block 1 conv', 'block 1 pool', 'head', 'classifier']
    """
    if not isinstance(head, str) or head not in HEADS:
        raise ValueError(f"head must be one of {tuple(HEADS)}, got head={head!r}.")
    if (not isinstance(last_pool, (str, int)) or isinstance(last_pool, bool)
            or str(last_pool) not in LAST_POOLS):
        raise ValueError(f"last_pool must be one of {LAST_POOLS}, got last_pool={last_pool!r}.")
    hidden = whole_number("hidden", hidden, minimum=0)
    if not isinstance(filters, (tuple, list)) or not 0 < len(filters) <= 6:
        raise ValueError(f"filters must be a list of 1 to 6 whole numbers (filters per block), "
                         f"got filters={filters!r:.60}.")
    blocks = []
    for f in filters:
        if isinstance(f, bool) or not isinstance(f, numbers.Integral) or f < 0:
            raise ValueError(f"filters must be whole numbers >= 0, got filters={tuple(filters)!r}.")
        if f:
            blocks.append(int(f))
    layers = []
    for number, f in enumerate(blocks, start=1):
        layers.append(shapes.conv(f, 3, padding="same", label=f"block {number} conv"))
        size = 2 if number < len(blocks) else (None if str(last_pool) == "none" else int(last_pool))
        if size:
            layers.append(shapes.pool(size, label=f"block {number} pool"))
    layers.append({"flatten": shapes.flatten, "gap": shapes.global_pool,
                   "gmp": lambda label: shapes.global_pool("max", label=label)}[head](label="head"))
    if hidden:
        layers.append(shapes.dense(hidden, label="hidden"))
    layers.append(shapes.dense(CLASSES, label="classifier"))
    return layers


def plan(block1: int, block2: int, block3: int, last_pool: str = "2", head: str = "flatten",
         hidden: int = 0, budget: int = BUDGET) -> str:
    """Update function of the planning panel: the design's trace and its budget verdict.

    Raises a ValueError (shown as a message in the panel) for a design that cannot be
    built, e.g. a map that shrinks to nothing or a global pooling on no map at all.

    >>> "block 2 conv" in plan(8, 16, 0, "2", "gap", 0)
    True
    """
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a whole number >= 1, got budget={budget!r}.")
    for name, value in (("block1", block1), ("block2", block2), ("block3", block3)):
        whole_number(name, value, minimum=0)
    layers = design_layers((block1, block2, block3), last_pool, head, hidden)
    if head != "flatten" and not any(layer.kind == "conv" for layer in layers):
        raise ValueError("a global pooling head on the raw image keeps one number (its mean or max "
                         "brightness): add at least one conv block.")
    rows = shapes.trace(INPUT_SHAPE, layers)
    total = shapes.total_params(rows)
    used = min(total / budget, 1.0)
    bar = "█" * round(20 * used) + "░" * (20 - round(20 * used))
    lines = [shapes.format_trace(rows, budget=budget), f"budget {budget:,}: [{bar}]"]
    if total <= budget:
        lines.append(f"✅ fits the budget: {budget - total:,} parameters to spare.")
    else:
        (layer, row) = max(zip(layers, rows[1:]), key=lambda pair: pair[1].params)
        lines.append(f"❌ over the budget by {total - budget:,} parameters; the biggest layer is the "
                     f"{layer.label} with {row.params:,}.")
    return "\n".join(lines)


def planner() -> panel.Panel:
    """Lesson 08: plan a design (filters per block, last pooling, head, hidden units) live."""
    return panel.Panel(
        plan,
        block1=panel.slider("block 1 filters (0 = no block)", 8, 0, 32, step=2),
        block2=panel.slider("block 2 filters", 16, 0, 32, step=2),
        block3=panel.slider("block 3 filters", 24, 0, 32, step=2),
        last_pool=panel.dropdown("pooling after the last block", [("MaxPooling2D(2)", "2"),
                                 ("MaxPooling2D(3)", "3"), ("none", "none")], value="none"),
        head=panel.dropdown("head", [(text, key) for key, text in HEADS.items()], value="gmp"),
        hidden=panel.slider("hidden Dense units (0 = none)", 0, 0, 64, step=4),
    )


PANELS = [planner]


# ---------------------------------------------------------------------------
# Training: one short line per epoch
# ---------------------------------------------------------------------------

def _accuracy_key(logs: Mapping) -> str | None:
    """The validation accuracy's key in Keras' logs, whatever the metric's name
    (``val_accuracy``, ``val_sparse_categorical_accuracy``, ``val_acc``, ...)."""
    names = [k for k in logs if k.startswith("val_") and "acc" in k]
    return names[0] if names else ("val_compile_metrics" if "val_compile_metrics" in logs else None)


def epoch_lines(every: int = 1) -> Any:
    """A Keras callback that prints one short line per epoch (or every ``every``-th): the
    training loss, the validation loss and the validation accuracy, so a long run shows what
    it is doing. ``(best)`` marks an epoch whose validation loss is the lowest so far: the
    weights ``EarlyStopping(monitor="val_loss", restore_best_weights=True)`` keeps at the end
    are those of the last marked epoch. (TensorFlow is imported only when this is called.)

    >>> model.fit(..., validation_data=(x_val, y_val), callbacks=[epoch_lines()], verbose=0)  # doctest: +SKIP
    epoch   1: loss 1.912 | validation: loss 1.650 (best), accuracy 0.533
    """
    import keras

    from utils import models  # imports Keras, so only here

    every = whole_number("every", every)

    class EpochLine(keras.callbacks.Callback):
        best = math.inf

        def on_train_begin(self, logs=None):
            # Plumbing, for speed only: fit's first trace then runs once instead of twice.
            models.build_training_state(self.model)
            self.best = math.inf

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            val_loss, key = logs.get("val_loss"), _accuracy_key(logs)
            best = val_loss is not None and val_loss < self.best  # as EarlyStopping compares
            if best:
                self.best = val_loss
            if (epoch + 1) % every:
                return
            parts = []
            if val_loss is not None:
                parts.append(f"loss {val_loss:.3f}" + (" (best)" if best else ""))
            if key is not None:
                name = "metric" if key == "val_compile_metrics" else "accuracy"
                parts.append(f"{name} {float(logs[key]):.3f}")
            text = f"epoch {epoch + 1:>3}: loss {logs.get('loss', float('nan')):.3f}"
            print(text + (f" | validation: {', '.join(parts)}" if parts else ""), flush=True)

    return EpochLine()


# ---------------------------------------------------------------------------
# Measuring a model safely
# ---------------------------------------------------------------------------

def _predict(model: Any, images: np.ndarray) -> np.ndarray:
    """Scores of ``model`` on ``images`` in small batches (no training behaviour, few MB)."""
    outs = [np.asarray(model(images[i:i + 150], training=False)) for i in range(0, len(images), 150)]
    return np.concatenate(outs)


def accuracy(model: Any, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of ``images`` whose highest score is the right label (softmax or logits alike).

    >>> accuracy(trained_model, x_val, y_val)   # doctest: +SKIP
    0.9
    """
    if not callable(model) or isinstance(model, type):
        raise ValueError(f"model must be a Keras model, got model={model!r:.60}.")
    try:
        images = np.asarray(images, dtype="float32")
    except (TypeError, ValueError):
        raise ValueError(f"images must be an array of images, got images={images!r:.60}.") from None
    if images.ndim != 4 or len(images) == 0 or images.size > 50_000_000:
        raise ValueError(f"images must be a non-empty batch (N, height, width, channels), got images of "
                         f"shape {images.shape}.")
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple, np.ndarray)):
        raise ValueError(f"labels must be one whole-number label per image, got labels={labels!r:.60}.")
    labels = np.asarray(labels)
    if labels.shape != (len(images),) or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be one whole-number label per image ({len(images)} images), got "
                         f"labels of shape {labels.shape} and dtype {labels.dtype}.")
    try:
        scores = _predict(model, images)
    except Exception as exc:  # noqa: BLE001 - a learner's model: say what failed, with both names
        raise ValueError(f"model could not score images of shape {images.shape}: "
                         f"{type(exc).__name__}: {str(exc)[:200]}") from None
    if scores.ndim != 2 or len(scores) != len(images):
        raise ValueError(f"model must give one row of class scores per image, got {scores.shape} for "
                         f"images of shape {images.shape}.")
    return float((scores.argmax(axis=1) == labels).mean())


def _leaf_layers(model: Any) -> list:
    flatten = getattr(model, "_flatten_layers", None)
    layers = flatten(include_self=False, recursive=True) if flatten else list(getattr(model, "layers", []))
    return [layer for layer in layers if not getattr(layer, "_flatten_layers", None)
            or not list(layer._flatten_layers(include_self=False, recursive=False))]


def _roles(model: Any) -> list[tuple[str, int]]:
    """``(role, parameters)`` of every layer with weights, named as the lesson names them."""
    layers = [layer for layer in _leaf_layers(model) if type(layer).__name__ != "InputLayer"]
    denses = [i for i, layer in enumerate(layers) if type(layer).__name__ == "Dense"]
    out, convs = [], 0
    for i, layer in enumerate(layers):
        kind = type(layer).__name__
        params = int(layer.count_params()) if getattr(layer, "built", True) else 0
        if kind.startswith("Conv"):
            convs += 1
            role = f"block {convs} conv ({kind} with {getattr(layer, 'filters', '?')} filters)"
        elif kind == "Dense":
            before = type(layers[i - 1]).__name__ if i else ""
            role = ("classifier (the last Dense)" if denses and i == denses[-1]
                    else f"hidden Dense after {before}" if before else "hidden Dense")
            if before == "Flatten" and i != denses[-1]:
                role = "hidden Dense right after Flatten"
            elif before == "Flatten":
                role = "classifier right after Flatten"
        else:
            role = kind
        out.append((role, params))
    return out


def _shape_text(shape: Any) -> str:
    return shapes.format_shape(tuple(None if s is None else int(s) for s in shape))


def _feeder(graph: Any, tensor: Any, entry: tuple) -> Any:
    """A function from the model's input batch to the value of ``tensor`` (in ``graph``), or None."""
    to_graph = entry[1]
    inputs = list(getattr(graph, "inputs", None) or [])
    if to_graph is None or len(inputs) != 1:
        return None

    def feed(x: np.ndarray) -> Any:
        import keras

        x = to_graph(x)
        return x if tensor is inputs[0] else keras.Model(inputs[0], tensor)(x, training=False)

    return feed


def _source(tensor: Any, entry: tuple) -> str:
    """Class name of the layer that makes ``tensor``; a nested model's input is its caller's."""
    history = getattr(tensor, "_keras_history", None)
    name = type(history.operation).__name__ if history else "the layer before"
    return entry[0] if name == "InputLayer" else name


def _global_inside(tensor: Any, entry: tuple) -> str | None:
    """The global pooling layer (class name) inside the nested model that makes ``tensor``, or None;
    a nested model's input is its caller's (``entry``)."""
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return None
    op = history.operation
    if type(op).__name__ == "InputLayer":
        return entry[2] if len(entry) > 2 else None
    if not hasattr(op, "layers"):
        return None
    found = [type(layer).__name__ for layer in _leaf_layers(op) if type(layer).__name__ in _GLOBAL]
    return found[-1] if found else None


def _graph_nodes(model: Any, entry: tuple = ("the input", lambda x: x, None)) -> list | None:
    """``(node, entry, graph)`` for every node of ``model``'s own graph, nested models' graphs included.

    ``entry`` describes what feeds the node's graph: the class of the layer before it, a
    function from the model's input batch to the graph's input (None if unknown), and the
    global pooling layer inside that layer when it is a nested model (or None). None
    for a model without a graph (subclassed, or a subclassed one nested inside). The nodes
    are the model's own: a reused layer also has nodes from the model it was first used in.
    """
    graph = getattr(model, "_functional", None) or model
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:
        return None
    found = []
    for nodes in by_depth.values():
        for node in nodes:
            found.append((node, entry, graph))
            op = node.operation
            tensors = list(getattr(node, "input_tensors", None) or [])
            if hasattr(op, "layers") and op is not model and op is not graph and tensors:
                inner = _graph_nodes(op, (_source(tensors[0], entry), _feeder(graph, tensors[0], entry),
                                          _global_inside(tensors[0], entry)))
                if inner is None:
                    return None
                found += inner
    return found


def _flatten_inputs(model: Any) -> list[tuple]:
    """``(input shape, class of the layer before, feed, global pooling)`` of each Flatten in ``model``.

    ``feed`` computes the Flatten's input from the model's input batch (None if unknown);
    ``global pooling`` names the global pooling layer inside the layer before, when that is a
    nested model (else None).
    From the model's own graph; for a subclassed model, from the nodes its Flatten
    layers have (so possibly none: then nothing is known, and nothing is refused).
    """
    found = []
    try:
        nodes = _graph_nodes(model)
    except Exception:  # noqa: BLE001 - an unusual model: nothing known, so nothing refused
        return []
    if nodes is None:
        nodes = [(node, ("the layer before", None, None), None) for layer in _leaf_layers(model)
                 if type(layer).__name__ == "Flatten" for node in getattr(layer, "_inbound_nodes", [])]
    for node, entry, graph in nodes:
        tensors = list(getattr(node, "input_tensors", None) or [])
        if type(node.operation).__name__ != "Flatten" or not tensors:
            continue
        feed = _feeder(graph, tensors[0], entry) if graph is not None else None
        found.append((tuple(tensors[0].shape), _source(tensors[0], entry), feed,
                      _global_inside(tensors[0], entry)))
    return found


def _flatten_of_a_vector(model: Any) -> str | None:
    """Why the model's Flatten does nothing (it receives a vector, not a map), or None."""
    seen = _flatten_inputs(model)
    if not seen or any(len(shape) >= 4 for shape, *_ in seen):
        return None
    shape, before, _, inside = seen[0]
    maker = before if before in _GLOBAL else f"the {inside} inside {before}" if inside else None
    fix = (f"here {maker} already {'makes' if maker == before else 'turns the map into'} the vector, so "
           "this is a global-pooling head. Remove "
           f"the {inside or before}, and pool the map small enough before Flatten instead."
           if maker else
           "put Flatten right after the last conv block (pooled small enough).")
    source = (f"{before} (the {inside} inside it turns the map into a vector)"
              if maker and before not in _GLOBAL else before)
    return (f"the Flatten receives {_shape_text(shape)} from {source}: a vector, not a map, so it "
            "changes nothing. In the Flatten design, Flatten itself turns the conv map "
            f"(None, height, width, channels) into the vector: {fix}")


def _spec_problems(model: Any, head: str | None) -> tuple[list[str], Any]:
    """Problems with the form of ``model`` (no training needed), and the model itself."""
    model = checks.as_model(model)
    problems = []
    classes = [c for c in checks.layer_classes(model) if c != "InputLayer"]
    if head == "flatten" and "Flatten" not in classes:
        problems.append("this is the Flatten design: its head must contain a keras.layers.Flatten "
                        f"(found {', '.join(sorted(set(classes))) or 'no layers'}).")
    elif head == "flatten" and (vector := _flatten_of_a_vector(model)):
        problems.append(vector)
    if head == "global":
        if "Flatten" in classes:
            problems.append("this is the global-pooling design, so it must not contain a Flatten: "
                            "let GlobalAveragePooling2D or GlobalMaxPooling2D turn the map into a vector.")
        if not any(c in _GLOBAL for c in classes):
            problems.append("this is the global-pooling design: use GlobalAveragePooling2D or "
                            "GlobalMaxPooling2D as the head.")
    if not any(c.startswith("Conv") for c in classes) and head:
        problems.append("the design has no convolution: the lesson showed that a model without "
                        "one misses the spec; start with a conv block.")
    inputs = list(getattr(model, "inputs", None) or [])
    if inputs:
        got = tuple(inputs[0].shape)
        fits = len(inputs) == 1 and len(got) == 4 and all(
            g is None or int(g) == w for g, w in zip(got[1:], INPUT_SHAPE))
        if not fits:
            problems.append(f"input: the model takes {_shape_text(got)}, but the images are "
                            f"(None, {CANVAS}, {CANVAS}, 1): use keras.Input(shape=({CANVAS}, {CANVAS}, 1)).")
    for layer in _leaf_layers(model):
        try:
            out_shape = tuple(layer.output.shape)
        except Exception:  # subclassed models have no symbolic outputs
            break
        if any(s == 0 for s in out_shape[1:]):
            problems.append(f"the feature map shrinks to nothing at {type(layer).__name__} "
                            f"({_shape_text(out_shape)}): pool less, or use padding='same'.")
            break
    params = int(model.count_params())
    if params > BUDGET:
        role, top = max(_roles(model), key=lambda pair: pair[1], default=("?", 0))
        problems.append(f"budget: the model has {params:,} parameters, {params - BUDGET:,} over the "
                        f"budget of {BUDGET:,}; the biggest layer is the {role} with {top:,}.")
    return problems, model


def _scores_problem(model: Any, images: np.ndarray,
                    advice: bool = True) -> tuple[str | None, np.ndarray | None]:
    """Run ``model`` on ``images``; a problem with its output (shape, NaN), or the scores.
    ``advice=False`` leaves the general fix out of the message for an error Keras raised."""
    try:
        scores = _predict(model, images)
    except Exception as exc:  # an input the model cannot take: explain it in words
        from utils.errors import diagnose

        found = diagnose(exc)
        return (f"the model cannot run on the {shapes.format_shape(images.shape)} images: "
                f"{found.what}" + (f" {found.fix}" if advice else "")), None
    if scores.ndim != 2 or scores.shape[1] != CLASSES:
        why = ("it still has spatial axes: put Flatten or a global pooling layer before the last Dense."
               if scores.ndim > 2 else "the last layer needs 10 units, one per digit: Dense(10).")
        shape = shapes.format_shape((None, *scores.shape[1:]))
        return f"output: the shape is {shape}, expected (None, 10); {why}", None
    if not np.isfinite(scores).all():
        return ("the model outputs NaN or infinity on the validation images: training diverged. "
                "Rebuild it (set the seed first) and train with a lower learning rate."), None
    return None, scores


_TESTED: set = set()  # ids of the models whose test accuracy the checks have measured

#: Low accuracy has two possible causes, and the check cannot tell them apart.
_TWO_CAUSES = ("there are two possible causes. 1) The design may be unable to learn this task. Section 3 "
               "showed it: a Dense that sees a large map learns each position apart. Spend the "
               "budget on conv blocks, and pool the map small before the head. 2) The model was "
               "not fully trained. Set the seed, rebuild it and run train(model) with its default "
               "epochs.")


def _judge_design(model: Any, head: str) -> list[str]:
    split = dataset()
    problems, model = _spec_problems(model, head)
    problem, scores = _scores_problem(model, split.x_val)
    if problem:
        return [*problems, problem]
    val = float((scores.argmax(1) == split.y_val).mean())
    if val < 0.2:
        steps = getattr(getattr(model, "optimizer", None), "iterations", None)
        trained = steps is not None and int(np.asarray(steps)) > 0
        problems.append(f"validation accuracy is {val:.3f}, about chance ({1 / CLASSES:.2f}): "
                        + (_TWO_CAUSES if trained
                           else "the model has not been trained yet: call train(model)."))
    if problems:
        return problems + ["test split: not measured (the spec's other criteria come first)."]
    if val < TARGET - TEST_MARGIN:  # the final verdict waits for a model that may meet the spec
        return [f"validation accuracy is {val:.3f}, well below the target {TARGET:.2f}: {_TWO_CAUSES}",
                f"test split: not measured. It stays untouched until the validation accuracy is close "
                f"to the target ({TARGET - TEST_MARGIN:.2f} or more), so that it still gives an honest "
                "final verdict."]
    test = accuracy(model, split.x_test, split.y_test)
    _TESTED.add(id(model))
    if test < TARGET:
        return [f"validation accuracy {val:.3f}; the final verdict on the test split is {test:.3f} "
                f"({round(test * len(split.y_test))} of {len(split.y_test)}), below the target "
                f"{TARGET:.2f}: {_TWO_CAUSES} Compare designs on the VALIDATION split, not by "
                "re-running this check."]
    return []


def _design_success(model: Any) -> str:
    split = dataset()
    params = int(model.count_params())
    val, test = accuracy(model, split.x_val, split.y_val), accuracy(model, split.x_test, split.y_test)
    note = ""
    if len(_TESTED) > 3:
        note = (f" Note: the test split has now judged {len(_TESTED)} models; choosing among them by "
                "this number would make it a second validation split.")
    return (f"{params:,} parameters ({100 * params / BUDGET:.0f}% of {BUDGET:,}); validation accuracy "
            f"{val:.3f}; final verdict on the {len(split.y_test)} test images, measured once here: "
            f"{test:.3f} (target {TARGET:.2f}).{note}")


_DESIGN_HINT = ("trace the design in the planning panel first (budget), set the seed, build it, "
                "train(model), then run this check; tune on the validation accuracy train prints.")


def _check_design(exercise: str, model: Any, head: str) -> checks.CheckResult:
    result = checks.run_check(exercise, model, lambda m: _judge_design(m, head), hint=_DESIGN_HINT)
    if result.correct:
        result.message = _design_success(model)
    return result


def check_design_a(model: Any) -> checks.CheckResult:
    """Exercise 8.2: a design with a Flatten head that meets the whole spec."""
    return _check_design("Exercise 8.2 (Flatten design)", model, "flatten")


def check_design_b(model: Any) -> checks.CheckResult:
    """Exercise 8.3: a design with a global-pooling head (and no Flatten) that meets the whole spec."""
    return _check_design("Exercise 8.3 (global-pooling design)", model, "global")


# ---------------------------------------------------------------------------
# Exercise 8.1 (transfer): the largest last block that fits on a bigger canvas
# ---------------------------------------------------------------------------

NEW_CANVAS = 32  # Exercise 8.1's camera


def _plan_total(canvas: int, f: int) -> int:
    """Parameters of Exercise 8.1's plan: blocks of 8, 16 and f filters, each + MaxPooling2D(2), Flatten."""
    layers = design_layers((8, 16, f), "2", "flatten")
    return shapes.total_params(shapes.trace((canvas, canvas, 1), layers))


def _largest_fitting(canvas: int) -> int:
    return max(f for f in range(1, 129) if _plan_total(canvas, f) <= BUDGET)


def check_max_filters(answer: Any) -> checks.CheckResult:
    """Exercise 8.1: the most filters ``f`` that block 3 can have in the plan (8, 16, f), each block
    with MaxPooling2D(2), Flatten, Dense(10), on a 32x32 canvas, within :data:`BUDGET`."""
    expected = _largest_fitting(NEW_CANVAS)

    def explain(value: Any) -> str | None:
        if not isinstance(value, int) or value < 1:
            return f"a number of filters is a whole number >= 1; you gave {value!r}."
        if value == _largest_fitting(CANVAS):
            return (f"{value} is the answer for the lesson's {CANVAS}x{CANVAS} canvas; on {NEW_CANVAS}x"
                    f"{NEW_CANVAS} the map before Flatten is larger, so each filter costs more.")
        if value > 128:
            return f"{value} filters is far over the budget; count block 3's conv and the classifier."
        total = _plan_total(NEW_CANVAS, value)
        if total > BUDGET:
            return (f"with {value} filters the design has {total:,} parameters, over the budget of "
                    f"{BUDGET:,}. Did you forget the biases, or count the map before Flatten too small?")
        return (f"{value} filters fit ({total:,} parameters), but more fit too: what does ONE "
                "extra filter cost in block 3's conv and in the classifier?")

    return checks.check_value(
        "Exercise 8.1", answer, expected, explain=explain,
        hint="write the total as (everything that does not depend on f) + (cost of one filter) x f.")


# ---------------------------------------------------------------------------
# Exercise 8.4 (transfer): the same trained layers on a canvas of any size
# ---------------------------------------------------------------------------

#: The canvases Exercise 8.4's check runs a model on: the lesson's, the new camera's, and one
#: more. With design A's pooling, 24x24 and 32x32 both end in a 2x2 map before Flatten (by
#: coincidence); 40x40 does not, so a Flatten head cannot pass by luck.
SIZES_CHECKED = (CANVAS, NEW_CANVAS, 40)


def _map_sizes(feed: Any) -> dict:
    """``canvas -> (height, width)`` of the map a Flatten receives, for each of SIZES_CHECKED
    (``feed`` computes it from the images; an empty dict if it cannot)."""
    if feed is None:
        return {}
    try:
        return {c: tuple(int(s) for s in np.shape(feed(np.zeros((1, c, c, 1), "float32")))[1:3])
                for c in SIZES_CHECKED}
    except Exception:  # noqa: BLE001 - only for a better message: without it, say less
        return {}


def _flatten_any_size(model: Any, failures: dict) -> str | None:
    """Why a Flatten head cannot take any size (with what happened on the canvases), or None.

    ``failures`` maps each canvas the model could not run on to the problem, in words.
    """
    maps = [(shape, feed) for shape, _, feed, _ in _flatten_inputs(model) if len(shape) >= 4]
    unsized = [(shape, feed) for shape, feed in maps if None in shape[1:-1]]
    if not unsized and not (failures and "Flatten" in checks.layer_classes(model)):
        return None
    text = "the model has a Flatten"
    if unsized:
        text += f" that receives a map of any size, {_shape_text(unsized[0][0])}"
    text += (": Flatten's output grows with the map, so the Dense after it fits one map size only. "
             "A Flatten head cannot accept any image size.")
    shape, feed = (unsized or maps or [((), None)])[0]
    sizes = _map_sizes(feed)
    ran = [c for c in SIZES_CHECKED if c not in failures]

    def hw(c: int) -> str:
        return "x".join(map(str, sizes[c]))

    if len(ran) >= 2:
        same = {sizes[c] for c in ran} if all(c in sizes for c in ran) else set()
        where = f"the same {hw(ran[0])} map" if len(same) == 1 else "a map of the same size"
        text += (f" It runs on {' and '.join(f'{c}x{c}' for c in ran)} only by coincidence: the "
                 f"pooling shrinks each of them to {where} before Flatten.")
    if failures:
        first = min(failures)
        if first in sizes and ran and ran[0] in sizes and shape and shape[-1] is not None:
            values = {c: math.prod(sizes[c]) * int(shape[-1]) for c in (first, ran[0])}
            text += (f" On {first}x{first} canvases the map is {hw(first)}: Flatten gives {values[first]:,} "
                     f"values, and the Dense after it was built for {values[ran[0]]:,}.")
        else:
            there = f" (a {hw(first)} map before Flatten)" if first in sizes else ""
            text += f" On {first}x{first} canvases{there}, {failures[first]}"
    return text + (" Use the layers of your global-pooling design: its output size does not depend "
                   "on the map.")


def check_any_size(model: Any) -> checks.CheckResult:
    """Exercise 8.4: a model that takes ``(None, None, 1)`` and runs on canvases of every size in
    :data:`SIZES_CHECKED`, trained (validation accuracy >= TARGET on 24x24). Reports its accuracy
    on each. A Flatten head that receives a map of any size is refused: it runs only on the
    canvases its pooling happens to shrink to the right map."""
    def judge(answer: Any) -> list[str]:
        m = checks.as_model(answer)
        problems = []
        inputs = list(getattr(m, "inputs", None) or [])
        if inputs and tuple(inputs[0].shape)[1:3] != (None, None):
            problems.append(f"the model's input is {_shape_text(inputs[0].shape)}: a fixed size. "
                            "Use keras.Input(shape=(None, None, 1)) so any height and width fit.")
            return problems
        if m.count_params() > 20 * BUDGET:
            return [f"the model has {m.count_params():,} parameters; reuse the trained layers of your "
                    "design instead of a new, large model."]
        failures = {}
        for canvas in SIZES_CHECKED:
            problem, _ = _scores_problem(m, dataset(canvas).x_val[:150], advice=False)
            if problem:
                failures[canvas] = problem
        flatten = _flatten_any_size(m, failures)
        if flatten:
            return [flatten]
        if failures:
            canvas = min(failures)
            problem, _ = _scores_problem(m, dataset(canvas).x_val[:150])  # again, with the advice
            return [f"on {canvas}x{canvas} canvases: {problem or failures[canvas]}"]
        val = accuracy(m, dataset().x_val, dataset().y_val)
        if val < TARGET:
            problems.append(f"validation accuracy on {CANVAS}x{CANVAS} is {val:.3f}, below {TARGET:.2f}: "
                            "reuse the layers of a trained design, they carry its weights.")
        return problems

    result = checks.run_check(
        "Exercise 8.4", model, judge,
        hint="which head's output size does not depend on the map's size? Keep that design's layers.")
    if result.correct:
        found = [f"{c}x{c}: {accuracy(model, dataset(c).x_val, dataset(c).y_val):.3f}" for c in SIZES_CHECKED]
        result.message = (f"The model runs on any canvas. Validation accuracy on {found[0]} (the size it was "
                          f"trained on); on canvases it never saw in training: {', '.join(found[1:])}.")
    return result


# ---------------------------------------------------------------------------
# Comparing designs: a table and the goal map (validation accuracy)
# ---------------------------------------------------------------------------

def draw_goal_map(ax, points: dict, budget: int = BUDGET, target: float = TARGET) -> list:
    """Designs as points (parameters, accuracy) over the goal region; returns the artists.

    ``points`` maps a name to ``(params, accuracy)``. A point inside the shaded box
    ("<= budget parameters, >= target accuracy") is a candidate. Each design gets its
    own marker and a number (1, 2, ...) that the legend names, so colour is never the
    only cue. The y axis spans the accuracies and the target, not 0 to 1, so designs
    close together are drawn apart; the numbers are placed when the figure is drawn,
    against their rendered size, so that none overlaps another number or a marker
    (a number set away from its point is joined to it by a thin line).
    """
    plots.check_axes(ax)
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a whole number >= 1, got budget={budget!r}.")
    if isinstance(target, bool) or not isinstance(target, numbers.Real) or not 0 < target <= 1:
        raise ValueError(f"target must be an accuracy in (0, 1], got target={target!r}.")
    if not isinstance(points, Mapping) or len(points) > len(plots.MARKERS):
        raise ValueError(f"points must be a dict {{name: (params, accuracy)}} with at most "
                         f"{len(plots.MARKERS)} designs, got points={points!r:.60}.")
    checked = {}
    for name, value in points.items():
        if not (isinstance(value, (tuple, list)) and len(value) == 2
                and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)
                and all(math.isfinite(v) for v in value)):
            raise ValueError(f"points[{name!r}] must be (params, accuracy), two numbers, got {value!r}.")
        params, acc = int(value[0]), float(value[1])
        if params < 1 or not 0 <= acc <= 1:
            raise ValueError(f"points[{name!r}] = {value!r}: params must be >= 1 and accuracy in [0, 1].")
        checked[name] = (params, acc)
    sizes = [p for p, _ in checked.values()] + [budget]
    x_lo, x_hi = min(sizes) / 3, max(sizes) * 3
    y_lo, y_hi = _accuracy_range([a for _, a in checked.values()], target)
    artists = [ax.fill_between([x_lo, budget], target, 1.0, color=plots.PALETTE[2], alpha=0.18, lw=0,
                               hatch="//", label=f"goal: ≤ {budget:,} params, ≥ {target:.2f}")]
    artists += [ax.axvline(budget, color=plots.PALETTE[2], ls="--", lw=1),
                ax.axhline(target, color=plots.PALETTE[2], ls="--", lw=1)]
    ax.set_xscale("log")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    markers, labels = [], []
    for i, (name, (params, acc)) in enumerate(checked.items()):
        number = str(i + 1)
        # Hollow markers: two designs at almost the same point both stay visible.
        markers += ax.plot(params, acc, plots.MARKERS[i % len(plots.MARKERS)], ms=9, mew=2,
                           fillstyle="none", color=plots.PALETTE[i % len(plots.PALETTE)],
                           label=f"{number}: {name}", zorder=4)
        labels.append(ax.annotate(
            number, (params, acc), textcoords="offset points", xytext=(10, 8), ha="center", va="center",
            fontsize=plots.MIN_FONT + 1, weight="bold", zorder=5,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.8, "shrinkA": 0, "shrinkB": 5}))
    placer = _LabelPlacer(labels, markers)
    ax.add_artist(placer)
    artists += markers + labels + [placer]
    ax.set_xlabel("parameters (log scale)", fontsize=plots.MIN_FONT + 1)
    ax.set_ylabel("validation accuracy", fontsize=plots.MIN_FONT + 1)
    # Outside the axes, on the right: the legend never hides a point or its number.
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=plots.MIN_FONT, framealpha=0.9)
    return artists


def _accuracy_range(accuracies: list, target: float) -> tuple[float, float]:
    """The goal map's y limits: the accuracies and the target with a margin, in steps of 0.05,
    at least 0.2 wide, within [0, 1]."""
    values = accuracies + [target]
    lo = max(0.0, math.floor((min(values) - 0.03) * 20) / 20)
    hi = min(1.0, math.ceil((max(values) + 0.03) * 20) / 20)
    if hi - lo < 0.2:
        lo = max(0.0, hi - 0.2)
        hi = min(1.0, lo + 0.2)
    return round(lo, 2), round(hi, 2)


def _label_spots():
    """Where a point's number may go, in points from the point: near first, and at each distance
    right and up first; farther spots get a leader line."""
    angles = (45, 315, 135, 225, 90, 270, 0, 180, 22.5, 337.5, 157.5, 202.5, 67.5, 292.5, 112.5, 247.5)
    for radius in (11, 13, 15, 18, 22, 27, 33, 40, 48, 57, 67, 78, 90):
        for angle in angles:
            yield (radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle)))


#: Farther than this (in points) from its point, a number is joined to it by a line.
_LEADER_FROM = 16


class _LabelPlacer(Artist):
    """Places the goal map's numbers each time the figure is drawn, after the layout: each
    number goes to the first free spot (:func:`_label_spots`) where its rendered box stays
    inside the axes and overlaps no marker, no number placed before and no leader line."""

    def __init__(self, labels: list, markers: list):
        super().__init__()
        self._labels, self._markers = labels, markers
        self.set_zorder(0)  # drawn before the numbers (zorder 5), which it moves
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        if not self._labels:
            return
        ax, px = self.axes, renderer.points_to_pixels(1.0)
        frame = ax.bbox.padded(-2 * px)
        centres, marks = [], []
        for line in self._markers:
            x, y = ax.transData.transform(line.get_xydata()[0])
            half = (line.get_markersize() + line.get_markeredgewidth()) / 2 * px
            centres.append((x, y))
            marks.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
        # The most crowded points first: a point inside a cluster still finds a free spot (with a
        # leader line out of the cluster) before the numbers of the points around it close it in.
        near = [sum(math.dist(c, d) < 30 * px for d in centres) for c in centres]
        placed, segments = [], []
        for i in sorted(range(len(centres)), key=lambda k: -near[k]):
            label, (cx, cy) = self._labels[i], centres[i]
            size = Text.get_window_extent(label, renderer)
            w, h = size.width / 2 + 1.5 * px, size.height / 2 + 1.5 * px
            best, fewest = None, None
            for dx, dy in _label_spots():
                x, y = cx + dx * px, cy + dy * px
                box = Bbox.from_extents(x - w, y - h, x + w, y + h)
                line = ((cx, cy), (x, y)) if math.hypot(dx, dy) > _LEADER_FROM else None
                # A number on a marker or on another number is worse than a line crossing one.
                clashes = (10 * sum(box.overlaps(m) for m in marks + placed)
                           + sum(_crosses(s, box) for s in segments)
                           + (sum(_crosses(line, b) for b in placed) if line else 0)
                           + (sum(_crosses(line, m) for j, m in enumerate(marks) if j != i) if line else 0)
                           + (0 if frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
                              else 1000))
                if fewest is None or clashes < fewest:
                    best, fewest = (dx, dy, box, line), clashes
                if clashes == 0:
                    break
            dx, dy, box, line = best
            label.xyann = (dx, dy)
            label.arrow_patch.set_visible(line is not None)
            placed.append(box)
            if line:
                segments.append(line)


def _crosses(segment: tuple, box: Any) -> bool:
    """Whether the straight ``segment`` ((x, y), (x, y)) in pixels passes through ``box``."""
    (x0, y0), (x1, y1) = segment
    return any(box.contains(x0 + (x1 - x0) * t / 24, y0 + (y1 - y0) * t / 24) for t in range(25))


def goal_map(points: dict, budget: int = BUDGET, target: float = TARGET):
    """Figure with :func:`draw_goal_map`."""
    fig = plots.new_figure(8.4, 3.6)
    ax = fig.subplots()
    draw_goal_map(ax, points, budget, target)
    ax.set_title("Designs on the validation split: the shaded box is the goal", fontsize=plots.MIN_FONT + 2)
    return fig


def compare(designs: dict) -> tuple[str, Any]:
    """Table and goal map of ``designs`` (name -> model) on the VALIDATION split.

    A design that is missing (``...``), not a model (e.g. a History) or that gives the
    wrong output is skipped with a note, so a wrong answer never breaks this cell.
    Returns ``(text, figure)``.
    """
    if not isinstance(designs, Mapping):
        raise ValueError(f"designs must be a dict {{name: model}}, got designs={designs!r:.60}.")
    split = dataset() if designs else None
    lines = [f"{'design':<28}{'params':>8}  {'fits':<5}{'validation accuracy':>20}", "-" * 63]
    points, notes = {}, []
    for name, model in designs.items():
        if model is Ellipsis or model is None:
            notes.append(f"{name}: not built yet, skipped.")
            continue
        try:
            model = checks.as_model(model)
        except checks.Unusable as exc:
            notes.append(f"{name}: skipped, {exc}")
            continue
        if model.count_params() > 20 * BUDGET:
            notes.append(f"{name}: skipped, {model.count_params():,} parameters is far over the budget.")
            continue
        problem, scores = _scores_problem(model, split.x_val)
        if problem:
            notes.append(f"{name}: skipped, {problem}")
            continue
        params, val = int(model.count_params()), float((scores.argmax(1) == split.y_val).mean())
        points[name] = (params, val)
        lines.append(f"{name:<28}{params:>8,}  {'yes' if params <= BUDGET else 'no':<5}{val:>20.3f}")
    text = "\n".join(lines + [f"note: {n}" for n in notes])
    return text, goal_map(points)
