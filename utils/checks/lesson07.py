"""Checks of lesson 07's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    _layer_names,
    _normalise,
    check_value,
    is_placeholder,
    run_check,
)

__all__ = [
    "CAPSTONE_BUDGET",
    "CAPSTONE_TARGET",
    "CAPSTONE_INPUT",
    "CAPSTONE_CLASSES",
    "capstone_accuracy",
    "capstone_problems",
    "check_lesson07_capstone",
    "check_lesson07_max_hidden",
]


#: The capstone's spec: a digits classifier within this many parameters...
CAPSTONE_BUDGET = 5_000
#: ...that classifies at least this share of the fixed test split correctly.
CAPSTONE_TARGET = 0.90
CAPSTONE_INPUT = (8, 8, 1)
CAPSTONE_CLASSES = 10


def _shape_text(shape: Any) -> str:
    shape = _normalise(tuple(shape))
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def capstone_accuracy(model: Any) -> float:
    """Share of the fixed digits test split (450 images) that ``model`` classifies correctly.

    The model is run on the test images here (``training=False``); the predicted digit is
    the ``argmax`` of its 10 outputs, so probabilities (softmax) and logits both work.

    >>> capstone_accuracy(trained_model)   # doctest: +SKIP
    0.9733333333333334
    """
    import numpy as np

    from utils.data import load_digits

    split = load_digits()
    out = np.asarray(model(split.x_test, training=False))
    if out.shape != (len(split.x_test), CAPSTONE_CLASSES):
        raise ValueError(f"model output on the {len(split.x_test)} test images has shape {out.shape}, "
                         f"expected ({len(split.x_test)}, {CAPSTONE_CLASSES}).")
    if not np.isfinite(out).all():
        raise ValueError("the model outputs NaN or infinity: lower the learning rate and train again.")
    return float((out.argmax(axis=1) == split.y_test).mean())


def _capstone_trained_steps(model: Any) -> int | None:
    """Optimizer steps taken so far (0 = never trained), or None if the model was never compiled."""
    import numpy as np

    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    try:
        return int(np.asarray(optimizer.iterations))
    except Exception:  # an unusual optimizer: do not guess
        return -1


def capstone_problems(model: Any, budget: int = CAPSTONE_BUDGET, target: float = CAPSTONE_TARGET) -> list:
    """Every way ``model`` misses the capstone spec, in plain words (``[]`` = meets it).

    Criteria: one input compatible with ``(None, 8, 8, 1)``; one output of shape
    ``(None, 10)``; ``model.count_params() <= budget``; accuracy on the fixed test split
    ``>= target``, measured here by :func:`capstone_accuracy` (a learner's own number is
    never trusted). Accuracy is only measured once the input and output fit.
    """
    if not hasattr(model, "count_params") or not hasattr(model, "layers"):
        return [f"expected a Keras model, got {type(model).__name__}."]
    if not getattr(model, "built", True):
        return ["the model is not built yet: start it with keras.Input(shape=(8, 8, 1)) "
                "so Keras knows the input shape."]
    problems = []
    inputs, outputs = list(getattr(model, "inputs", None) or []), list(getattr(model, "outputs", None) or [])
    shapes_ok = True
    if len(inputs) != 1:
        shapes_ok = False
        problems.append(f"input: the model should take exactly one input (an image), "
                        f"it takes {len(inputs)}.")
    else:
        got = _normalise(tuple(inputs[0].shape))
        fits = len(got) == 4 and got[0] is None and all(
            g is None or g == w for g, w in zip(got[1:], CAPSTONE_INPUT))
        if not fits:
            shapes_ok = False
            problems.append(f"input: the model takes {_shape_text(got)}, but the digits are "
                            f"(None, 8, 8, 1): use keras.Input(shape=(8, 8, 1)).")
    if len(outputs) != 1:
        shapes_ok = False
        problems.append(f"output: the model should give exactly one output, it gives {len(outputs)}.")
    else:
        got = _normalise(tuple(outputs[0].shape))
        if got != (None, CAPSTONE_CLASSES):
            shapes_ok = False
            if len(got) > 2:
                why = ("it still has spatial axes: put Flatten or a global pooling layer before "
                       "the last Dense.")
            else:
                why = f"the last layer needs {CAPSTONE_CLASSES} units, one per digit: Dense(10)."
            problems.append(f"output: the shape is {_shape_text(got)}, expected (None, 10); {why}")
    params = int(model.count_params())
    if params > budget:
        sizes = [(layer.name, int(layer.count_params())) for layer in model.layers]
        name, top = max(sizes, key=lambda item: item[1]) if sizes else ("?", 0)
        problems.append(f"budget: the model has {params:,} parameters, {params - budget:,} over the "
                        f"budget of {budget:,}; the biggest layer is '{name}' with {top:,}.")
    if not shapes_ok:
        problems.append("accuracy: not measured yet; it is measured once the input and output "
                        "shapes are right.")
        return problems
    accuracy = capstone_accuracy(model)
    if accuracy < target:
        steps = _capstone_trained_steps(model)
        n = len(_lesson07_test_labels())
        why = (f"test accuracy is {accuracy:.3f} ({round(accuracy * n)} of {n} test digits), "
               f"below the target {target:.2f}")
        if steps is None:
            why += ": the model was never compiled or trained. Call model.compile(...) and model.fit(...)."
        elif steps == 0:
            why += ": the model is compiled but has not been trained yet. Call model.fit(...)."
        elif accuracy < 0.2:
            why += (": about chance level (0.10), so training did not work: check the loss and "
                    "the learning rate.")
        else:
            why += (": train for more epochs, or give the head more to work with (more filters "
                    "or a second block).")
        problems.append(f"accuracy: {why}")
    return problems


def _lesson07_test_labels():
    from utils.data import load_digits

    return load_digits().y_test


def check_lesson07_capstone(model: Any) -> CheckResult:
    """The capstone: any Keras model meeting the spec passes, whatever its head or body.

    Spec: input ``(8, 8, 1)``, output ``(None, 10)``, at most :data:`CAPSTONE_BUDGET`
    parameters and test accuracy at least :data:`CAPSTONE_TARGET`, which the check
    measures itself on the fixed test split. Every failed criterion is listed.
    """
    names = _layer_names(model) if not is_placeholder(model) else []
    kind = ("global-pooling head" if any(n.startswith("Global") for n in names)
            else "Flatten head" if "Flatten" in names else "")
    exercise = f"Capstone ({kind})" if kind else "Capstone"
    result = run_check(
        exercise, model, capstone_problems,
        hint="trace your design in the panel first; then train it (e.g. with the lesson's "
             "fit(model)) and run this check again.",
    )
    if result.correct:
        n = len(_lesson07_test_labels())
        params, accuracy = int(model.count_params()), capstone_accuracy(model)
        result.message = (f"{params:,} parameters ({100 * params / CAPSTONE_BUDGET:.0f}% of the "
                          f"{CAPSTONE_BUDGET:,} budget) and test accuracy {accuracy:.3f} "
                          f"({round(accuracy * n)} of {n} test digits, target {CAPSTONE_TARGET:.2f}).")
    return result


def check_lesson07_max_hidden(answer: Any) -> CheckResult:
    """Exercise 7.1: the most hidden units that fit the budget on 2 blocks of 16 filters + Flatten."""
    from utils.widgets import capstone_params

    def fits(units: int) -> bool:
        return capstone_params(2, 16, "flatten", units) <= CAPSTONE_BUDGET

    expected = 1
    while fits(expected + 1):
        expected += 1

    def explain(a: Any) -> str | None:
        a = _normalise(a)
        if isinstance(a, bool) or not isinstance(a, int):
            return f"a number of units is a whole number; you gave {a!r}."
        if a < 1:
            return ("with 0 units there is no hidden layer at all; the question asks for the "
                    "largest hidden layer.")
        total = capstone_params(2, 16, "flatten", a)
        if total > CAPSTONE_BUDGET:
            return (f"with {a} units the model has {total:,} parameters, over the budget of "
                    f"{CAPSTONE_BUDGET:,}.")
        return (f"{a} units fit ({total:,} parameters), but a bigger hidden layer fits too: "
                "how many parameters does ONE extra unit cost?")

    return check_value(
        "Exercise 7.1", answer, expected,
        hint="Write the total as (fixed part) + (cost of one unit) x units. One unit has 64 "
             "weights in, 1 bias and 10 weights out to the classifier.",
        explain=explain,
    )
