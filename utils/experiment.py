"""A fair comparison of models, as an experiment: train side by side, summarise seeds, conclude.

Generic (it knows no lesson). Three steps:

* :func:`train_together` trains several independent Keras models in ONE ``fit`` (one trace of the
  train step, one of the validation loss, one data iterator for all epochs), each with its own
  early stopping on the validation loss and its best weights restored;
* :func:`summarise_runs` turns runs (one dict per model and seed) into mean, spread and count per
  head; :func:`format_runs` prints that as a table, :func:`draw_runs` / :func:`runs_figure` draw
  every seed and the mean with its spread (colour + marker + hatch, Okabe-Ito, text >= 8 pt);
* :func:`conclusion` states what the numbers show: the best head, its lead over the runner-up,
  and whether that lead is larger than the seed-to-seed spread.

The spread is the sample standard deviation over seeds (``ddof=1``; 0 for a single run).
Importing this module does not import TensorFlow; :func:`train_together` imports Keras when called.

>>> runs = [{"head": "a", "acc": 0.5}, {"head": "a", "acc": 0.7}, {"head": "b", "acc": 0.6}]
>>> summarise_runs(runs, ["acc"])["a"]["acc"]
(0.6, 0.1414213562, 2)
"""

from __future__ import annotations

import itertools
import math
import numbers
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils import plots
from utils._validate import whole_number

__all__ = ["train_together", "summarise_runs", "format_runs", "draw_runs", "runs_figure", "conclusion",
           "points", "join_names"]

#: Bounds of :func:`train_together` (bigger runs take minutes or gigabytes on a laptop).
MAX_MODELS = 64
MAX_EPOCHS = 1000
MAX_BATCH = 65_536
MAX_SAMPLES = 1_000_000
#: Bounds of the summaries (a table or a figure of more is unreadable anyway).
MAX_RUNS = 10_000
MAX_HEADS = 24
#: Two means (or two runs' scores) closer than this are equal: a tie, not a win.
TIE = 1e-9


def _real(name: str, value: Any, low: float, high: float, *, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or not (
            (low < value if low_open else low <= value) and value <= high):
        bound = f"{'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"
        raise ValueError(f"{name} must be a finite number {bound}, got {name}={value!r}.")
    return float(value)


def _array(name: str, value: Any) -> np.ndarray:
    """A numeric, finite array with at least one sample, or a ValueError naming the argument."""
    if isinstance(value, (str, bytes, dict)) or value is None or value is Ellipsis:
        raise ValueError(f"{name} must be a NumPy array of numbers, got {name}={value!r}.")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a NumPy array of numbers, got {type(value).__name__}.") from None
    if arr.dtype.kind not in "biuf" or arr.dtype.kind == "b" or arr.ndim < 1 or len(arr) < 1:
        raise ValueError(f"{name} must be a non-empty NumPy array of numbers (one row per sample), got "
                         f"dtype {arr.dtype} and shape {arr.shape}.")
    if arr.size > 50_000_000 or len(arr) > MAX_SAMPLES:
        raise ValueError(f"{name} is too large for this course (at most {MAX_SAMPLES:,} samples and "
                         f"50,000,000 numbers), got shape {arr.shape}.")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{name} holds NaN or inf values.")
    return arr


def _check_models(models: Any) -> dict:
    import keras

    if not isinstance(models, Mapping) or not models:
        raise ValueError(f"models must be a non-empty dict name -> Keras model, got models={models!r}."[:300])
    if len(models) > MAX_MODELS:
        raise ValueError(f"models must hold at most {MAX_MODELS} models, got {len(models)}.")
    for name, model in models.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"models must be keyed by non-empty names (text), got the key {name!r}.")
        if not isinstance(model, keras.Model):
            raise ValueError(f"models[{name!r}] must be a Keras model, got {type(model).__name__}.")
        inputs, outputs = getattr(model, "inputs", None) or [None], getattr(model, "outputs", None) or [None]
        if len(inputs) != 1 or len(outputs) != 1:
            raise ValueError(f"models[{name!r}] must have one input and one output.")
    owners: dict = {}
    for name, model in models.items():  # independent models: a shared layer would get two gradients
        for variable in model.weights:
            other = owners.setdefault(id(variable), name)
            if other != name:
                raise ValueError(f"models[{other!r}] and models[{name!r}] share weights (the same model or "
                                 f"layer is in both): build each model separately, e.g. by calling a "
                                 f"function that builds one model once per entry.")
    return dict(models)


def train_together(models: Mapping, x_fit: Any, y_fit: Any, x_val: Any, y_val: Any, *,
                   loss: str = "sparse_categorical_crossentropy", max_epochs: int = 60, patience: int = 5,
                   min_delta: float = 1e-3, batch_size: int = 64, learning_rate: float = 1e-2,
                   seed: int = 0, progress: bool = False) -> dict:
    """Train independent Keras models on the same batches, each with its own early stopping.

    The models are wrapped in ONE Keras model with one output per model, so a single ``fit`` (one
    trace) trains them all, much faster than one ``fit`` each. They share no weights, the total loss
    is the sum of their losses, and Adam updates each weight from its own gradient only, so each
    model learns exactly as it would alone on these batches (tests/test_experiment.py checks it).
    Every epoch is one pass over ``x_fit`` in a new random order (drawn from ``seed``), cut into
    batches of ``batch_size`` (the last one smaller). After every epoch each model's validation loss
    (its mean loss on the validation set plus its own regularisation losses, in inference mode, as
    ``evaluate`` reports it for that model alone) is computed: a model's best weights are kept (as
    ``EarlyStopping(restore_best_weights=True)`` does), and training ends when every model has gone
    ``patience`` epochs without improving by more than ``min_delta``, or at ``max_epochs``. A model
    that has gone ``patience`` epochs without improving is stopped as it would be alone: later epochs
    (run for the other models) never replace its best weights. ``progress=True`` prints one short
    line per epoch (how many models are still training, and their validation losses).

    Arguments: ``models`` ``{name: model}`` (1 to 64 single-input, single-output Keras models);
    ``x_fit``/``y_fit`` the training data and ``x_val``/``y_val`` the validation data (NumPy arrays,
    one row per sample, finite; the test set never goes here); ``loss`` a Keras loss name;
    ``max_epochs`` 1-1000; ``patience`` 1-1000; ``min_delta`` a finite number from -1 to 1;
    ``batch_size`` 1-65,536; ``learning_rate`` (Adam) above 0 and at most 10; ``seed`` 0 to 2**32-1
    (the order of the batches; seed each model's weights before building it). Like
    ``keras.utils.set_random_seed(seed)``, which it calls, it reseeds Python's, NumPy's and
    TensorFlow's global random generators.

    Returns ``{name: best epoch (1-based)}``; each model holds its best weights afterwards (a model
    whose validation loss was never finite keeps its last weights, and its best epoch is 0).
    """
    import keras

    from utils import models as models_module

    models = _check_models(models)
    x_fit, y_fit, x_val, y_val = (_array(n, v) for n, v in
                                  (("x_fit", x_fit), ("y_fit", y_fit), ("x_val", x_val), ("y_val", y_val)))
    for x_name, x, y_name, y in (("x_fit", x_fit, "y_fit", y_fit), ("x_val", x_val, "y_val", y_val)):
        if len(x) != len(y):
            raise ValueError(f"{x_name} and {y_name} must hold the same number of samples, got {len(x)} "
                             f"and {len(y)}.")
    if x_val.shape[1:] != x_fit.shape[1:]:
        raise ValueError(f"x_val must have the same sample shape as x_fit {x_fit.shape[1:]}, got "
                         f"{x_val.shape[1:]}.")
    if y_val.shape[1:] != y_fit.shape[1:]:
        raise ValueError(f"y_val must have the same sample shape as y_fit {y_fit.shape[1:]}, got "
                         f"{y_val.shape[1:]}.")
    if not isinstance(loss, str) or not loss:
        raise ValueError(f"loss must be the name of a Keras loss such as "
                         f"'sparse_categorical_crossentropy', got loss={loss!r}.")
    try:
        keras.losses.get(loss)
    except (ValueError, TypeError):
        raise ValueError(f"loss must be the name of a Keras loss, got loss={loss!r}.") from None
    max_epochs = whole_number("max_epochs", max_epochs, 1, MAX_EPOCHS)
    patience = whole_number("patience", patience, 1, MAX_EPOCHS)
    min_delta = _real("min_delta", min_delta, -1.0, 1.0)
    batch_size = whole_number("batch_size", batch_size, 1, MAX_BATCH)
    learning_rate = _real("learning_rate", learning_rate, 0.0, 10.0, low_open=True)
    seed = whole_number("seed", seed, 0, 2**32 - 1)
    if not isinstance(progress, bool):
        raise ValueError(f"progress must be True or False, got progress={progress!r}.")
    sample = tuple(x_fit.shape[1:])
    for name, model in models.items():
        expected = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
        if expected is not None and (len(expected) != len(sample) or any(
                e is not None and e != s for e, s in zip(expected, sample))):
            raise ValueError(f"x_fit's samples have shape {sample}, but models[{name!r}] expects "
                             f"{expected}.")
    if loss.replace("_", "").lower().startswith("sparsecategorical"):  # also "SparseCategorical..."
        for y_name, y in (("y_fit", y_fit), ("y_val", y_val)):
            if y.ndim != 1 or y.min() < 0 or not np.array_equal(y, np.round(y)):
                raise ValueError(f"{y_name} must hold one whole class number >= 0 per sample for "
                                 f"loss={loss!r}.")
        for name, model in models.items():
            units = model.outputs[0].shape[-1] if getattr(model, "outputs", None) else None
            if units is not None and max(y_fit.max(), y_val.max()) >= units:
                raise ValueError(f"y_fit and y_val hold class {int(max(y_fit.max(), y_val.max()))}, but "
                                 f"models[{name!r}] outputs only {units} classes.")

    names = list(models)
    outputs = {name: f"model_{i}" for i, name in enumerate(names)}  # names Keras accepts in its logs
    inputs = keras.Input(sample)
    # Each model is wrapped in a uniquely named model: Keras needs unique layer names in one graph.
    wrapped = {}
    for name in names:
        inner = keras.Input(sample)
        wrapped[name] = keras.Model(inner, models[name](inner), name=outputs[name])
    together = keras.Model(inputs, {outputs[name]: wrapped[name](inputs) for name in names})
    together.compile(optimizer=keras.optimizers.Adam(learning_rate),
                     loss={outputs[name]: loss for name in names})
    # Adam's slots and the loss trackers, built now: made inside the first trace of the train step
    # they would make TensorFlow trace it twice (seconds for 9 models).
    models_module.build_training_state(together, x_fit[:1], {outputs[n]: y_fit[:1] for n in names})
    validation_losses = _validation_losses(together, {outputs[n]: wrapped[n] for n in names}, loss, x_val,
                                           y_val, batch_size)

    class PerModelStopping(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.best = dict.fromkeys(names, math.inf)
            self.wait = dict.fromkeys(names, 0)
            self.weights, self.epoch = {}, dict.fromkeys(names, 0)

        def on_epoch_end(self, epoch, logs=None):
            every = dict(zip(names, validation_losses()))  # in the order of members
            losses = {}
            for name in names:
                if self.wait[name] >= patience:  # stopped, as EarlyStopping would stop it alone
                    continue
                losses[name] = value = float(every[name])
                if value < self.best[name] - min_delta:
                    self.best[name], self.wait[name], self.epoch[name] = value, 0, epoch + 1
                    self.weights[name] = models[name].get_weights()
                else:
                    self.wait[name] += 1
            if min(self.wait.values()) >= patience:
                self.model.stop_training = True
            if progress:
                print(f"epoch {epoch + 1:>3}: {len(losses)} of {len(names)} models still training; "
                      f"validation loss {min(losses.values()):.3f} to {max(losses.values()):.3f}",
                      flush=True)

    stopping = PerModelStopping()
    keras.utils.set_random_seed(seed)  # the order of the batches
    together.fit(_epochs_of_batches(x_fit, {outputs[n]: y_fit for n in names}, batch_size, seed),
                 steps_per_epoch=math.ceil(len(x_fit) / batch_size), epochs=max_epochs, shuffle=False,
                 verbose=0, callbacks=[stopping])
    for name in names:
        if name in stopping.weights:
            models[name].set_weights(stopping.weights[name])
    return dict(stopping.epoch)


def _batch_loss(loss: str):
    """The Keras loss named ``loss`` as ``compile`` uses it: one mean value per batch, and labels
    of shape ``(n,)`` matched to outputs of shape ``(n, 1)`` (Keras's own rank rule)."""
    import keras

    found = keras.losses.get(loss)
    if isinstance(found, keras.losses.Loss):  # a class name such as "SparseCategoricalCrossentropy"
        return found

    def same_rank(y_true, y_pred):  # as keras.src.losses.loss.squeeze_or_expand_to_same_rank
        true_rank, pred_rank = len(y_true.shape), len(y_pred.shape)
        if pred_rank == true_rank + 1 and y_pred.shape[-1] == 1:
            return (keras.ops.expand_dims(y_true, -1), y_pred) if true_rank == 1 else \
                (y_true, keras.ops.squeeze(y_pred, -1))
        if true_rank == pred_rank + 1 and y_true.shape[-1] == 1:
            return (y_true, keras.ops.expand_dims(y_pred, -1)) if pred_rank == 1 else \
                (keras.ops.squeeze(y_true, -1), y_pred)
        return y_true, y_pred

    class Wrapped(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return found(*same_rank(y_true, y_pred))

    return Wrapped(name=loss)


def _validation_losses(together, members: Mapping, loss: str, x_val: np.ndarray, y_val: np.ndarray,
                       batch_size: int):
    """A function that returns each member model's validation loss, as ``evaluate`` computes it for
    that model alone: its mean loss in inference mode plus its own regularisation losses, over
    batches of ``batch_size`` weighted by their size. Traced once for any batch size (``evaluate``
    would trace a second graph and build a new iterator every epoch). ``members`` maps each of
    ``together``'s output names to the model that makes it; the losses come in that order."""
    import tensorflow as tf

    batch_loss = _batch_loss(loss)
    spec = [tf.TensorSpec((None, *x_val.shape[1:]), x_val.dtype),
            tf.TensorSpec((None, *y_val.shape[1:]), y_val.dtype)]

    @tf.function(input_signature=spec)
    def summed(x, y):
        predictions = together(x, training=False)
        count = tf.cast(tf.shape(x)[0], "float32")
        sums = []
        for key, member in members.items():
            value = tf.cast(batch_loss(y, predictions[key]), "float32")
            extra = member.losses  # weight and activity regularisers: evaluate adds them per batch
            if extra:
                value += tf.cast(tf.add_n(extra), "float32")
            sums.append(value * count)  # evaluate weights each batch's loss by the batch's size
        return tf.stack(sums)

    def mean_losses() -> np.ndarray:
        total = sum(summed(x_val[i:i + batch_size], y_val[i:i + batch_size]).numpy()
                    for i in range(0, len(x_val), batch_size))
        return total / len(x_val)

    return mean_losses


def _epochs_of_batches(x: np.ndarray, y: Any, batch_size: int, seed: int):
    """An endless ``tf.data`` stream of epochs: each epoch is ``x``/``y`` in a new random order
    (drawn from ``seed``) cut into batches of ``batch_size``, the last one smaller. ``fit`` with
    ``steps_per_epoch = ceil(len(x) / batch_size)`` then reads exactly one epoch per epoch.

    Why not ``fit(x, y, batch_size=...)``: Keras then builds a new data iterator every epoch
    (about 12 ms each) and traces the train step twice (full batches, then the smaller last one);
    here the batch size is unknown to the trace (one trace) and the iterator lives across epochs.
    """
    import tensorflow as tf

    return (tf.data.Dataset.from_tensor_slices((x, y))
            .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
            .batch(batch_size).repeat())


# ---------------------------------------------------------------------------
# Runs -> summary -> table, figure, conclusion
# ---------------------------------------------------------------------------

def _names(name: str, value: Any, limit: int) -> list:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence) or not value:
        raise ValueError(f"{name} must be a non-empty list of names, got {name}={value!r}."[:300])
    if len(value) > limit or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{name} must hold 1 to {limit} names (text), got {name}={list(value)!r}."[:300])
    return list(value)


def _check_runs(runs: Any, metrics: Sequence[str] = ()) -> list:
    if isinstance(runs, (str, bytes, Mapping)) or not isinstance(runs, Sequence) or not runs:
        raise ValueError(f"runs must be a non-empty list of dicts such as {{'head': 'gap', 'test': 0.97}}, "
                         f"got runs={runs!r}."[:300])
    if len(runs) > MAX_RUNS:
        raise ValueError(f"runs must hold at most {MAX_RUNS:,} runs, got {len(runs):,}.")
    for i, run in enumerate(runs):
        if not isinstance(run, Mapping) or not isinstance(run.get("head"), str):
            raise ValueError(f"runs[{i}] must be a dict with a 'head' name, got {run!r}."[:300])
        for m in metrics:
            value = run.get(m)
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Real)
                                      or not math.isfinite(value)):
                raise ValueError(f"runs[{i}][{m!r}] must be a finite number or None, got {value!r}.")
    return list(runs)


def summarise_runs(runs: Sequence[Mapping], metrics: Sequence[str]) -> dict:
    """Group ``runs`` (dicts with a ``"head"`` key and the ``metrics``) by head, in order of first
    appearance: ``{head: {metric: (mean, std, n)}}``, std the sample standard deviation over the
    runs (``ddof=1``; 0.0 for one run). ``None`` or missing values (a metric a head cannot have)
    are skipped; a metric with no value gives ``(None, None, 0)``.

    >>> summarise_runs([{"head": "a", "acc": 0.9}], ["acc", "long"])["a"]
    {'acc': (0.9, 0.0, 1), 'long': (None, None, 0)}
    """
    metrics = _names("metrics", metrics, 32)
    runs = _check_runs(runs, metrics)
    grouped: dict = {}
    for run in runs:
        grouped.setdefault(run["head"], {m: [] for m in metrics})
        for m in metrics:
            if run.get(m) is not None:
                grouped[run["head"]][m].append(float(run[m]))
    if len(grouped) > MAX_HEADS:
        raise ValueError(f"runs must name at most {MAX_HEADS} heads, got {len(grouped)}.")
    out = {}
    for head, values in grouped.items():
        out[head] = {}
        for m, v in values.items():
            if not v:
                out[head][m] = (None, None, 0)
                continue
            std = float(np.std(v, ddof=1)) if len(v) > 1 else 0.0
            out[head][m] = (round(float(np.mean(v)), 10), round(std, 10), len(v))
    return out


def _check_summary(summary: Any) -> dict:
    if not isinstance(summary, Mapping) or not summary:
        raise ValueError(f"summary must be the dict summarise_runs returns, got summary={summary!r}."[:300])
    metrics = None
    for head, row in summary.items():
        if not isinstance(row, Mapping) or not row or not all(
                isinstance(v, tuple) and len(v) == 3 for v in row.values()):
            raise ValueError(f"summary[{head!r}] must map each metric to (mean, std, n), as summarise_runs "
                             f"returns, got {row!r}."[:300])
        if metrics is None:
            metrics = list(row)
        elif list(row) != metrics:
            raise ValueError(f"summary: every head must have the same metrics, got {metrics} and "
                             f"{list(row)}.")
    return dict(summary)


def _check_labels(labels: Any) -> dict:
    if labels is None:
        return {}
    if not isinstance(labels, Mapping) or not all(isinstance(v, str) for v in labels.values()):
        raise ValueError(f"labels must be a dict name -> display text (or None), "
                         f"got labels={labels!r}."[:300])
    return dict(labels)


def _cell(mean: float | None, std: float | None, n: int) -> str:
    if mean is None:
        return "n/a"
    if float(mean).is_integer() and float(std).is_integer():  # counts: epochs, parameters
        return f"{mean:,.0f}" if std == 0 and n > 1 else f"{mean:,.0f} ± {std:,.0f}"
    if abs(mean) <= 1:  # accuracies and other shares
        return f"{mean:.3f} ± {std:.3f}"
    return f"{mean:,.1f} ± {std:,.1f}"


def format_runs(summary: Mapping, labels: Mapping[str, str] | None = None) -> str:
    """A text table of :func:`summarise_runs`: one row per head, one column per metric, each cell
    ``mean ± std`` over the seeds (whole numbers without decimals; a count equal in every run as
    one number; ``n/a`` where the head cannot have that metric). ``labels`` maps head or metric
    names to the text shown (default: the names).

    >>> print(format_runs(summarise_runs([{"head": "gap", "test": 0.9}, {"head": "gap", "test": 0.92}],
    ...                                  ["test"]), {"test": "test acc"}).splitlines()[2])
    gap     0.910 ± 0.014
    """
    summary, labels = _check_summary(summary), _check_labels(labels)
    metrics = list(next(iter(summary.values())))
    heads = {h: labels.get(h, str(h)) for h in summary}
    head_width = max(len(h) for h in heads.values()) + 2
    cols = [labels.get(m, str(m)) for m in metrics]
    cells = {h: [_cell(*summary[h][m]) for m in metrics] for h in summary}
    widths = [max(len(c), *(len(cells[h][j]) for h in summary)) + 3 for j, c in enumerate(cols)]
    lines = [f"{'head':<{head_width}}" + "".join(f"{c:>{w}}" for c, w in zip(cols, widths))]
    lines.append("-" * len(lines[0]))
    for h in summary:
        lines.append(f"{heads[h]:<{head_width}}" + "".join(f"{c:>{w}}" for c, w in zip(cells[h], widths)))
    counts = sorted({v[2] for row in summary.values() for v in row.values() if v[2]})
    seeds = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}" if counts else "0"
    note = f"(mean ± standard deviation over {seeds} seeds"
    if any(v[0] is None for row in summary.values() for v in row.values()):
        note += "; n/a: the head cannot have this number"
    lines.append(note + ")")
    return "\n".join(lines)


def draw_runs(ax, runs: Sequence[Mapping], metric: str, heads: Sequence[str], *,
              labels: Mapping[str, str] | None = None, chance: float | None = None) -> list:
    """On ``ax``: per head, a bar at the mean with its spread (sample std) as an error bar, and
    every seed as a point. Each head has its own colour (Okabe-Ito), hatch and marker, so colour
    is never the only cue; a head without a value of ``metric`` is marked "cannot run". ``chance``
    (e.g. 0.1 for 10 classes) draws a dotted reference line. Returns the artists."""
    plots.check_axes(ax)
    if not isinstance(metric, str) or not metric:
        raise ValueError(f"metric must be the name of a number in the runs, got metric={metric!r}.")
    heads = _names("heads", heads, MAX_HEADS)
    runs = _check_runs(runs, [metric])
    labels = _check_labels(labels)
    if chance is not None:
        chance = _real("chance", chance, 0.0, 1.0)
    known = {r["head"] for r in runs}
    if not set(heads) & known:
        raise ValueError(f"heads must name heads of the runs ({sorted(known)[:8]}), got heads={heads!r}.")
    artists, everything = [], []
    for i, head in enumerate(heads):
        values = [float(r[metric]) for r in runs if r["head"] == head and r.get(metric) is not None]
        colour = plots.PALETTE[i % len(plots.PALETTE)]
        if not values:
            artists.append(ax.text(i, 0.5, "cannot\nrun", ha="center", va="center", fontsize=9,
                                   transform=ax.get_xaxis_transform()))
            continue
        everything += values
        spread = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
        artists += ax.bar(i, np.mean(values), yerr=spread, color=colour, alpha=0.35, width=0.7,
                          hatch=plots.HATCHES[(i + 1) % len(plots.HATCHES)], edgecolor=colour,
                          error_kw={"capsize": 5, "elinewidth": 1.5, "ecolor": "black"})
        jitter = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        artists += ax.plot(i + jitter, values, ls="none", marker=plots.MARKERS[i % len(plots.MARKERS)],
                           ms=6, color=colour, markeredgecolor="black")
    # Long names wrap at spaces, so neighbouring tick labels never run into each other.
    ax.set_xticks(range(len(heads)), [textwrap.fill(labels.get(h, h), 12) for h in heads], fontsize=9)
    ax.set_xlim(-0.5, len(heads) - 0.5)  # the same slots in every panel, "cannot run" ones included
    if everything:
        low, high = min(everything), max(everything)
        if chance is not None:
            low = min(low, chance)
        pad = max(0.05 * (high - low), 0.01)
        # Bars start at the bottom of the axes: show the differences, but say where the axis starts.
        ax.set_ylim(low - 4 * pad, high + 3 * pad)  # room for the top markers
    if chance is not None:
        ax.axhline(chance, color="dimgrey", ls=":", lw=1)
        ax.text(len(heads) - 0.52, chance, "chance", va="center", ha="right", fontsize=9, color="dimgrey",
                zorder=5, bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    ax.tick_params(labelsize=9)
    ax.grid(axis="y", alpha=0.3)
    return artists


def runs_figure(runs: Sequence[Mapping], metrics: Mapping[str, str], heads: Sequence[str], *,
                labels: Mapping[str, str] | None = None, chance: float | None = None,
                ylabel: str = "accuracy") -> Figure:
    """One panel per metric (``{metric: panel title}``) drawn by :func:`draw_runs`, sharing the
    y axis, so the panels compare directly.

    >>> runs_figure([{"head": "a", "acc": 0.9}, {"head": "b", "acc": 0.8}], {"acc": "test"}, ["a", "b"])
    <Figure size 300x300 with 1 Axes>
    """
    if not isinstance(metrics, Mapping) or not metrics or len(metrics) > 6 or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metrics.items()):
        raise ValueError(f"metrics must be a dict of 1-6 entries metric -> panel title, "
                         f"got metrics={metrics!r}."[:300])
    if not isinstance(ylabel, str):
        raise ValueError(f"ylabel must be text, got ylabel={ylabel!r}.")
    heads = _names("heads", heads, MAX_HEADS)
    fig = plots.new_figure(max(3.0, 0.75 * len(heads) + 0.8) * len(metrics), 3.0)
    axes = np.atleast_1d(fig.subplots(1, len(metrics), sharey=True))
    for ax, (metric, title) in zip(axes, metrics.items()):
        draw_runs(ax, runs, metric, heads, labels=labels, chance=chance)
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel(ylabel, fontsize=9)
    return fig


def conclusion(summary: Mapping, key: str = "test", labels: Mapping[str, str] | None = None) -> dict:
    """What the numbers show about metric ``key`` (higher is better): the head with the best mean,
    its lead over the runner-up, and whether that lead is larger than the seed-to-seed spread (the
    larger of the two heads' standard deviations). Heads without a value of ``key`` are left out.

    Returns ``{"best", "runner_up", "worst", "lead", "spread", "clear", "tie", "sentence"}``;
    ``tie`` lists the heads whose means equal the best one (more than one: no winner, and ``clear``
    is False); ``clear`` is ``lead > spread`` without a tie and with at least two runs of each of
    the two heads (one run has no spread), and ``sentence`` says it in words (``labels`` maps head
    names to text).

    >>> s = summarise_runs([{"head": h, "t": v} for h, v in [("a", .9), ("a", .92), ("b", .8), ("b", .81)]],
    ...                    ["t"])
    >>> conclusion(s, "t")["clear"]
    True
    """
    summary, labels = _check_summary(summary), _check_labels(labels)
    if not isinstance(key, str) or key not in next(iter(summary.values())):
        raise ValueError(f"key must be one of the summary's metrics {list(next(iter(summary.values())))}, "
                         f"got key={key!r}.")
    ranked = sorted((h for h in summary if summary[h][key][0] is not None),
                    key=lambda h: summary[h][key][0], reverse=True)
    if len(ranked) < 2:
        raise ValueError(f"summary must hold at least two heads with a value of {key!r} to compare.")
    best, second, worst = ranked[0], ranked[1], ranked[-1]
    name = {h: labels.get(h, str(h)) for h in ranked}
    top = summary[best][key][0]
    tie = [h for h in ranked if top - summary[h][key][0] < TIE]  # equal means: no winner to name
    lead = top - summary[second][key][0]
    spread = max(summary[best][key][1], summary[second][key][1])
    single = min(summary[best][key][2], summary[second][key][2]) < 2  # one run: no spread to measure
    clear = bool(lead > spread) and len(tie) == 1 and not single
    what = labels.get(key, key)
    if len(tie) > 1:
        sentence = (f"Best mean {what}: a tie between {join_names(name[h] for h in tie)} ({top:.3f} each): "
                    f"these runs do not separate them.")
    elif single:
        sentence = (f"Best {what}: {name[best]} ({top:.3f}), {points(lead)} points ahead of {name[second]}; "
                    f"with one run per head no seed-to-seed spread can be measured, so these runs cannot "
                    f"tell whether the lead is more than chance.")
    else:
        sentence = (f"Best mean {what}: {name[best]} ({top:.3f}), {points(lead)} points ahead of "
                    f"{name[second]}; the seed-to-seed spread is {points(spread)} points, "
                    + ("so the lead is larger than the spread." if clear else
                       "so the lead is within the spread: these runs do not separate the two."))
    if summary[worst][key][0] < summary[second][key][0] - TIE:  # a head below the runner-up
        sentence += (f" Lowest: {name[worst]} ({summary[worst][key][0]:.3f}), "
                     f"{points(top - summary[worst][key][0])} points below the best.")
    return {"best": best, "runner_up": second, "worst": worst, "lead": lead, "spread": spread,
            "clear": clear, "tie": tie, "sentence": sentence}


def points(share: float) -> str:
    """A difference of two shares (accuracies) in percentage points, with enough digits that a
    small non-zero lead never reads as 0.0: ``points(0.0123) == "1.2"``, ``points(0.0004) == "0.04"``.

    >>> points(0.0123), points(0.0004), points(0.00001), points(0.0)
    ('1.2', '0.04', 'less than 0.01', '0.0')
    """
    value = 100 * abs(_real("share", share, -1e6, 1e6))
    if value == 0 or value >= 0.095:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.01 else "less than 0.01"


def join_names(names) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``."""
    if isinstance(names, (str, bytes, Mapping)) or not hasattr(names, "__iter__"):
        raise ValueError(f"names must be a list of texts, got names={names!r}."[:300])
    names = list(itertools.islice(names, MAX_HEADS + 1))
    if not names or len(names) > MAX_HEADS or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must hold 1 to {MAX_HEADS} texts, got names={names!r}."[:300])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
