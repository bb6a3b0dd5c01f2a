"""The trace of any built model (what ``model.summary()`` shows) and the report on its head.

``trace`` returns the rows :func:`utils.shapes.trace` predicts, so the two compare row by row.
``head_report`` builds and allocates nothing: shapes come from the model's graph, parameter counts
from the built layers or, at another image size, from the formulas of :mod:`utils.shapes`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import keras

from utils import shapes
from utils._validate import BoundError, KindError, whole_number
from utils.checks import all_layers
from utils.shapes import TraceRow, format_trace

__all__ = ["trace", "format_trace", "head_report", "head_alternatives", "HeadReport", "ReportRow",
           "ALTERNATIVES"]

#: The heads the course teaches (lesson 05), as ``key: label``; :func:`head_report` prices each.
ALTERNATIVES = {
    "flatten": "Flatten + Dense",
    "gap": "global average + Dense",
    "gmp": "global max + Dense",
    "adaptive": "adaptive 2x2 + Flatten + Dense",
    "avg+max": "average + max + Dense",
    "nin": "Network in Network (1x1 conv + global average)",
}
#: Classifier width assumed when the model has no classifier of its own (ImageNet's 1,000 classes).
DEFAULT_CLASSES = 1000
MAX_SIDE = 100_000
BYTES_PER_PARAM = 4  # float32


def trace(model: keras.Model) -> list[TraceRow]:
    """Every layer's class, output shape and parameter count, input first, as
    :class:`utils.shapes.TraceRow` rows, from Keras itself: what ``model.summary()`` shows."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    if not model.built:
        raise ValueError("model is not built: start it with keras.Input(shape=...).")
    return [TraceRow("Input", tuple(model.inputs[0].shape), 0)] + [
        TraceRow(type(layer).__name__, tuple(layer.output.shape), int(layer.count_params()))
        for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


# --- head_report: where a model's parameters sit, what its head costs, what other heads would cost ---

@dataclass(frozen=True)
class ReportRow:
    """One row of ``model.summary(expand_nested=True)`` (``depth`` 1 is inside a nested model); None for
    a ``shape`` that cannot be computed (``note`` says why) or ``params`` no formula here covers."""

    name: str
    kind: str
    shape: tuple | None
    params: int | None
    depth: int = 0
    leaf: bool = True
    note: str = ""


@dataclass
class HeadReport:
    """What :func:`head_report` finds; ``str(report)`` is a short table and three sentences."""

    model_name: str
    input_shape: tuple
    built_input_shape: tuple
    rows: list
    total_params: int
    spatial_layer: str | None
    feature_map: tuple | None
    head: list
    head_params: int | None
    classes: int
    classes_own: bool
    alternatives: dict
    any_size: bool
    fixed_by: str | None = None
    why: str = ""
    unknown: list = field(default_factory=list)
    built_total_params: int = 0

    @property
    def total_bytes(self) -> int:
        """float32 weight memory of the whole model, in bytes (4 per parameter)."""
        return BYTES_PER_PARAM * self.total_params

    @property
    def head_bytes(self) -> int | None:
        return None if self.head_params is None else BYTES_PER_PARAM * self.head_params

    @property
    def head_share(self) -> float | None:
        """The head's share of all parameters (0 to 1)."""
        if self.head_params is None or not self.total_params:
            return None
        return self.head_params / self.total_params

    @property
    def head_memory_share(self) -> float | None:
        """The head's share of the float32 weight memory: ``head_share``, as every weight takes 4 bytes."""
        return self.head_share

    def table(self) -> str:
        """Every row (the whole summary, nested models indented), with the total."""
        width = max([len("   " * r.depth + r.name + r.kind) + 3 for r in self.rows] + [20])
        lines = [f"{'layer (type)':<{width}}{'output shape':<22}{'params':>13}", "-" * (width + 35)]
        for r in self.rows:
            label = "   " * r.depth + f"{r.name} ({r.kind})"
            lines.append(f"{label:<{width}}{_shape_text(r.shape):<22}{_fmt(r.params):>13}")
        lines += ["-" * (width + 35), f"{'total':<{width + 22}}{_fmt(self.total_params):>13}"]
        return "\n".join(lines)

    def sentences(self) -> list[str]:
        """What the head costs, what a global-average head would cost, and which image sizes work."""
        total, head, own, gap = self.total_params, self.head, self.head_params, self.alternatives.get("gap")
        at = ""
        if self.input_shape != self.built_input_shape:
            at = " at " + "x".join("?" if s is None else str(s) for s in self.input_shape[1:-1])
        if self.spatial_layer is None:
            first = (f"{self.model_name} has no layer whose output still has height and width, so there is "
                     "no feature map and no head to report.")
        elif not head:
            first = (f"{self.model_name} ends with its feature map ({self.spatial_layer}, "
                     f"{_shape_text((None, *self.feature_map))}): it has no head yet; all {total:,} "
                     "parameters are in the body.")
        elif own is None:
            first = f"The head after {self.spatial_layer} has layers whose size{at} cannot be computed here."
        else:
            names = ", ".join(r.name for r in head[:4]) + (", ..." if len(head) > 4 else "")
            first = (f"The head ({names}){at} holds {self.head_share:.0%} of the {total:,} parameters "
                     f"({_mb(own)} of {_mb(total)} of float32 weights)")
            flat = next((i for i, r in enumerate(head) if r.kind in ("Flatten", "Reshape")), len(head))
            dense = next((r for r in head[flat + 1:] if r.kind == "Dense"), None)
            if dense is not None and dense.params and dense.params != own:
                first += f"; {dense.name}, the Dense after Flatten, alone {dense.params / total:.0%}"
            first += "."
        second = ""
        if self.feature_map is not None and gap is not None:
            width = f"{self.classes:,} classes" + (
                "" if self.classes_own else " (the model has no classifier: pass classes= to change)")
            if head and own is not None and own > gap:
                second = (f"A global-average head (GlobalAveragePooling + Dense, {width}) would need {gap:,} "
                          f"parameters instead of {own:,}.")
            elif head and own is not None:
                second = (f"Its head ({own:,} parameters) already costs no more than a global-average head "
                          f"({gap:,} for {width}).")
            else:
                second = (f"For {width}, a global-average head would add {gap:,} parameters, a Flatten head "
                          f"{_fmt(self.alternatives['flatten'])}.")
        if self.any_size:
            fixed_input = any(s is not None for s in self.built_input_shape[1:-1])
            third = "No weight depends on the image size: " + (
                "rebuild its keras.Input with None for height and width to accept any size." if fixed_input
                else "it accepts any image size.")
        else:
            third = f"It accepts only its built input size: {self.why}" + (
                " A global pooling head would accept any size." if gap is not None else "")
        return [s for s in (first, second, third) if s]

    def __str__(self) -> str:
        lines = [f"{self.model_name}: input {_shape_text(self.input_shape)}, {self.total_params:,} parameters"
                 + (f" (built for {_shape_text(self.built_input_shape)})"
                    if self.input_shape != self.built_input_shape else "")]
        if self.spatial_layer is not None:
            lines.append(f"last feature map: {self.spatial_layer} {_shape_text((None, *self.feature_map))}")
            if self.head:
                width = max(len(f"{r.name} ({r.kind})") for r in self.head) + 2
                lines.append("head:")
                for r in self.head:
                    share = ("" if r.params is None or not self.total_params
                             else f"{r.params / self.total_params:>6.1%}")
                    lines.append(f"  {f'{r.name} ({r.kind})':<{width}}{_shape_text(r.shape):<16}"
                                 f"{_fmt(r.params):>14} {share}")
            lines.append(f"other heads on this map ({self.classes:,} classes):")
            lines += [f"  {label:<48}{_fmt(self.alternatives[key]):>14}"
                      for key, label in ALTERNATIVES.items()]
        lines += [f"not computed: {name}: {reason}" for name, reason in self.unknown[:3]]
        return "\n".join(lines + [""] + self.sentences())

    def _repr_pretty_(self, printer, cycle):  # IPython shows the text, not the dataclass fields
        printer.text(str(self))


def _fmt(value) -> str:
    return "?" if value is None else f"{value:,}"


def _shape_text(shape) -> str:
    return "?" if shape is None else shapes.format_shape(shape)


def _mb(n_params) -> str:
    n_bytes = BYTES_PER_PARAM * n_params
    return f"{n_bytes / 1e6:,.1f} MB" if n_bytes >= 1e5 else f"{n_bytes / 1e3:,.1f} kB"


# --- reading a built model ---------------------------------------------------------------------

def _shape_of(x) -> tuple:
    return tuple(None if s is None else int(s) for s in x.shape)


def _one_shape(structure) -> tuple | None:
    """The shape of a layer's output: the single tensor's, or the first of several."""
    flat = keras.tree.flatten(structure)
    return _shape_of(flat[0]) if flat else None


def _is_container(layer) -> bool:
    return bool(getattr(layer, "layers", None)) and isinstance(layer, keras.Model)


def _summary_layers(model) -> list:
    """The layers ``model.summary()`` lists, in its order (InputLayer rows for functional models)."""
    if isinstance(model, keras.Sequential):
        return list(model.layers)
    if isinstance(model, keras.Model) and hasattr(model, "_operations") and hasattr(model, "_nodes_by_depth"):
        return list(model._operations)
    return list(getattr(model, "layers", []))


def _params(layer) -> int:
    if not hasattr(layer, "count_params") or not getattr(layer, "built", False):
        return 0
    return int(layer.count_params())


def _built_shape(layer) -> tuple | None:
    """The output shape ``model.summary()`` prints for ``layer`` (None where it prints '?')."""
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes:
        return _one_shape(nodes[-1].output_tensors)
    build = getattr(layer, "_build_shapes_dict", None) or {}
    if not build:
        return None
    try:
        out = layer.compute_output_shape(**build)
    except Exception:  # noqa: BLE001 - summary prints '?' there too
        return None
    while isinstance(out, (list, tuple)) and out and isinstance(out[0], (list, tuple)):
        out = out[0]  # several outputs: the first one
    return tuple(out) if isinstance(out, (list, tuple)) else None


def _built_input_shape(layer) -> tuple | None:
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes and nodes[-1].input_tensors:
        return _shape_of(nodes[-1].input_tensors[0])
    shape = next(iter((getattr(layer, "_build_shapes_dict", None) or {}).values()), None)
    if isinstance(shape, (tuple, list)) and all(s is None or isinstance(s, int) for s in shape):
        return tuple(shape)
    return None


def _graph(model):
    """The Functional graph behind ``model`` (Sequential keeps one), or None (subclassed)."""
    if isinstance(model, keras.Sequential):
        return getattr(model, "_functional", None)
    if hasattr(model, "_nodes_by_depth") and hasattr(model, "inputs") and model.inputs:
        return model
    return None


class _Walk:
    """Shapes and parameters of every layer of ``model`` on inputs of ``input_shapes``: each operation
    gets KerasTensors and answers with ``compute_output_spec`` (nothing is built). The first layer with
    weights whose input's last axis changes fixes the input size (``fixed``); a Dense there is re-priced."""

    def __init__(self, model, input_shapes: list[tuple]):
        self.shapes: dict[int, tuple | None] = {}  # id(layer) -> new output shape
        self.params: dict[int, int | None] = {}
        self.unknown: list[tuple[str, str]] = []
        self.fixed: tuple | None = None  # (layer, old input shape, new input shape)
        inputs = [keras.KerasTensor(s) for s in input_shapes]
        self.model(model, inputs[0] if len(inputs) == 1 else inputs)

    def _apply(self, layer, args, kwargs, old_inputs):
        """New output KerasTensor(s) of ``layer`` called on ``args``; None when unknown."""
        if _is_container(layer):
            out = self.model(layer, args[0] if len(args) == 1 else list(args))
            self.shapes[id(layer)] = None if out is None else _one_shape(out)
            return out
        new = [_shape_of(t) for t in keras.tree.flatten((args, kwargs)) if isinstance(t, keras.KerasTensor)]
        params = _params(layer)
        if params and old_inputs and new and old_inputs[0][-1] != new[0][-1]:  # weights for another size
            self.fixed = self.fixed or (layer, old_inputs[0], new[0])
            if isinstance(layer, keras.layers.Dense) and new[0][-1] is not None:
                params = shapes.dense_params(new[0][-1], layer.units, layer.use_bias)
            else:
                params = None
        self.params[id(layer)] = params
        try:
            out = layer.compute_output_spec(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported, not crashed on
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.unknown.append((layer.name, f"{type(exc).__name__}: {first}"[:200]))
            self.shapes[id(layer)] = None
            return None
        self.shapes[id(layer)] = _one_shape(out)
        return out

    def model(self, model, inputs):
        """Walk ``model`` on ``inputs`` (KerasTensors); returns its new outputs (or None)."""
        graph = _graph(model)
        if graph is None:
            return self._subclassed(model, inputs)
        values = dict(zip(map(id, graph.inputs), keras.tree.flatten(inputs)))
        for depth in sorted(graph._nodes_by_depth, reverse=True):
            for node in graph._nodes_by_depth[depth]:
                op = node.operation
                if node.is_input:
                    first = values.get(id(node.outputs[0]))
                    self.shapes[id(op)] = None if first is None else _shape_of(first)
                    self.params.setdefault(id(op), 0)
                elif any(values.get(id(t)) is None for t in node.input_tensors):
                    self.shapes[id(op)] = None  # an unknown input: unknown here too, and so are its weights
                    self.params.setdefault(id(op), None if _params(op) else 0)
                    values.update((id(t), None) for t in node.outputs)
                else:
                    args, kwargs = node.arguments.fill_in(values)
                    out = self._apply(op, args, kwargs, [_shape_of(t) for t in node.input_tensors])
                    flat = keras.tree.flatten(out) if out is not None else [None] * len(node.outputs)
                    values.update((id(t), y) for t, y in zip(node.outputs, flat))
        outs = [values.get(id(t)) for t in graph.outputs]
        if any(o is None for o in outs):
            return None
        return outs[0] if len(outs) == 1 else outs

    def _subclassed(self, model, inputs):
        """A subclassed model has no graph: if its layers form a chain (each one's built input is the
        previous one's built output; a layer with no recorded shapes is taken on trust), follow it."""
        layers = list(getattr(model, "layers", []))
        outputs = [_built_input_shape(model)] + [_built_shape(layer) for layer in layers[:-1]]
        chain = bool(layers) and all(seen is None or prev is None or seen == prev
                                     for seen, prev in zip(map(_built_input_shape, layers), outputs))
        if chain and isinstance(inputs, keras.KerasTensor):
            x = inputs
            for layer in layers:
                x = self._apply(layer, (x,), {}, [_built_input_shape(layer)])
                if x is None:
                    return None
            return x
        for layer in layers:
            self.shapes[id(layer)] = None
            self.params[id(layer)] = _params(layer)
        not_chain = "a subclassed model whose call is not a chain of its layers"
        try:
            out = model.compute_output_spec(inputs)
        except Exception as exc:  # noqa: BLE001 - reported, not crashed on
            self.unknown.append((model.name, f"{not_chain} ({type(exc).__name__})"))
            return None
        self.unknown.append((model.name, f"{not_chain}: only its output shape is known at this size"))
        return out


def _check_model(model) -> None:
    """One-line errors for what is not a built model (as checks.as_model words them)."""
    if isinstance(model, type):
        name = getattr(model, "__name__", "?")
        raise KindError(f"model must be a built Keras model, got the class {name} itself: build one "
                        f"(model = {name}(...), or keras.Sequential([keras.Input(...), ...])) and pass it.")
    if hasattr(model, "history") and hasattr(model, "model") and not hasattr(model, "layers"):
        raise KindError("model must be a Keras model, got a History (what model.fit returns): "
                        "pass the model itself.")
    if isinstance(model, keras.layers.Layer) and not isinstance(model, keras.Model):
        raise KindError(f"model must be a Keras model, got the layer {type(model).__name__} "
                        f"{model.name!r}: put it in a model (keras.Sequential([keras.Input(...), layer])).")
    if not isinstance(model, keras.Model):
        raise KindError(f"model must be a Keras model, got {type(model).__name__}.")
    if not model.built:
        raise BoundError(f"model {model.name!r} is not built yet, so its shapes are unknown: start it with "
                         "keras.Input(shape=...) or call it once on a batch.")


def _input_shapes(model) -> list[tuple]:
    if getattr(model, "inputs", None):
        return [_shape_of(x) for x in model.inputs]
    shape = _built_input_shape(model)
    if shape is None:
        raise BoundError(f"model {model.name!r} is built but its input shape is unknown: call it once on a "
                         "batch (model(x)) so Keras records it.")
    return [shape]


def _new_shapes(model, built: list[tuple], input_size) -> list[tuple]:
    """The input shapes at ``input_size`` (an int side, or one size per spatial axis)."""
    if isinstance(input_size, (str, bytes, bool)) or not isinstance(input_size, (numbers.Integral, Sequence)):
        raise KindError(f"input_size must be a whole number (a square image's side) or a tuple such as "
                        f"(224, 160), got input_size={input_size!r}.")
    rank = max(len(s) - 2 for s in built)
    if rank < 1:
        raise BoundError(f"input_size: model {model.name!r} takes inputs of shape "
                         f"{shapes.format_shape(built[0])} with no height or width to change.")
    if isinstance(input_size, numbers.Integral):
        sizes = (whole_number("input_size", input_size, 1, MAX_SIDE),) * rank
    elif len(input_size) != rank:
        raise BoundError(f"input_size must have {rank} entries (one per spatial axis of the input "
                         f"{shapes.format_shape(built[0])}), got input_size={tuple(input_size)!r}.")
    else:
        sizes = tuple(whole_number(f"input_size[{i}]", s, 1, MAX_SIDE) for i, s in enumerate(input_size))
    return [(s[0], *sizes, s[-1]) if len(s) - 2 == rank else s for s in built]


def _rows(model, shape_of, params_of, depth=0) -> list[ReportRow]:
    """The rows of ``model.summary(expand_nested=True)``; a nested model's own row counts its layers."""
    rows = []
    for layer in _summary_layers(model):
        shape, kind = shape_of(layer), type(layer).__name__
        note = "" if shape is not None else "output shape unknown"
        if not _is_container(layer):
            rows.append(ReportRow(layer.name, kind, shape, params_of(layer), depth, True, note))
            continue
        inner = _rows(layer, shape_of, params_of, depth + 1)
        if params_of is _params:
            own = _params(layer)
        else:
            leaf_params = [r.params for r in inner if r.leaf]
            own = None if any(p is None for p in leaf_params) else sum(leaf_params)
        rows += [ReportRow(layer.name, kind, shape, own, depth, False, note), *inner]
    return rows


def head_alternatives(feature_map: tuple | None, classes: int) -> dict:
    """Parameters of each head of :data:`ALTERNATIVES` on ``feature_map`` ``(H, W, C)``
    (None: that head needs a known size), from :func:`utils.shapes.trace`; nothing is built."""
    classes = whole_number("classes", classes, 1, 10**7)
    if feature_map is None:
        return {key: None for key in ALTERNATIVES}
    if isinstance(feature_map, (str, bytes)) or not isinstance(feature_map, Sequence) \
            or not 2 <= len(feature_map) <= 4:
        raise BoundError(f"feature_map must be (height, width, channels) or (length, channels), "
                         f"got feature_map={feature_map!r}."[:300])
    feature_map = tuple(None if s is None else whole_number("feature_map", s, 1, 10**7) for s in feature_map)
    if feature_map[-1] is None:
        return {key: None for key in ALTERNATIVES}
    dense = shapes.dense(classes)
    stacks = {
        "flatten": [shapes.flatten(), dense],
        "gap": [shapes.global_pool("avg"), dense],
        "gmp": [shapes.global_pool("max"), dense],
        "adaptive": [shapes.adaptive_pool(2), shapes.flatten(), dense],
        "nin": [shapes.conv(classes, 1), shapes.global_pool("avg")],
    }

    def params(key):
        if key == "avg+max":  # two global poolings side by side: 2*C numbers reach the Dense
            return shapes.dense_params(2 * feature_map[-1], classes)
        try:
            return shapes.total_params(shapes.trace(feature_map, stacks[key]))
        except ValueError:  # Flatten of an unknown size: no Dense can follow
            return None

    return {key: params(key) for key in ALTERNATIVES}


def head_report(model, input_size=None, classes=None) -> HeadReport:
    """Where ``model``'s parameters sit, what its head costs and what the course's heads would cost.

    ``model``: any built Keras model (Sequential, functional, nested, subclassed once called,
    ``keras.applications``). ``input_size``: another image size to report on, a side (``448``) or one
    size per spatial axis (``(448, 320)``); a Dense after Flatten is re-priced for its new inputs.
    ``classes``: the classifier width for the alternatives (default: the model's own output width, or
    1,000 without a head). The :class:`HeadReport`'s ``head`` is the rows after the last layer whose
    output still has height and width; ``alternatives`` maps each key of :data:`ALTERNATIVES` to its
    parameters; ``any_size`` is False when a weight fixes the input size (``fixed_by``, ``why``).
    """
    _check_model(model)
    if classes is not None:
        classes = whole_number("classes", classes, 1, 10**7)
    built = _input_shapes(model)
    input_shapes = built if input_size is None else _new_shapes(model, built, input_size)
    walk = None if input_size is None else _Walk(model, input_shapes)
    if walk is not None:
        def shape_of(layer):
            return walk.shapes.get(id(layer), _built_shape(layer) if not walk.shapes else None)

        def params_of(layer):
            return walk.params.get(id(layer), _params(layer))
    else:
        shape_of, params_of = _built_shape, _params
        if _graph(model) is None:  # subclassed: fill the '?' that summary shows from the chain of layers
            chain = _Walk(model, built[:1])

            def shape_of(layer):
                return _built_shape(layer) or chain.shapes.get(id(layer))

    rows = _rows(model, shape_of, params_of)
    if not rows and not isinstance(model, keras.Sequential):
        rows = [ReportRow(model.name, type(model).__name__, shape_of(model), params_of(model))]
    leaves = [r for r in rows if r.leaf]
    built_total = int(model.count_params())
    top = [r.params for r in rows if r.depth == 0]
    total = sum(top) if walk is not None and all(p is not None for p in top) else built_total

    # The last layer whose output still has height and width; an adaptive pooling belongs to the
    # head (its grid is fixed by design, whatever the image: lesson 05's "adaptive 2x2 + Flatten").
    spatial_at = max((i for i, r in enumerate(leaves) if r.shape is not None and len(r.shape) >= 3
                      and not r.kind.startswith("Adaptive")), default=None)
    output = _one_shape(model.outputs) if getattr(model, "outputs", None) else _built_shape(model)
    if output is None and leaves:  # a subclassed model: its last layer's output at the built size
        last = next((layer for layer in all_layers(model) if layer.name == leaves[-1].name), None)
        output = leaves[-1].shape if last is None else _built_shape(last)
    if spatial_at is None and output is not None and len(output) >= 3:
        spatial_at = len(leaves) - 1
    head = leaves[spatial_at + 1:] if spatial_at is not None else []
    head_params = None if any(r.params is None for r in head) else sum(r.params for r in head)
    feature_map = tuple(leaves[spatial_at].shape[1:]) if spatial_at is not None else None
    own = bool(head) and output is not None and len(output) == 2
    width = int(classes or (output[-1] if own else DEFAULT_CLASSES))

    # Does another size work? Walk at twice the built size (larger: no "too small" failure).
    doubled = [(s[0], *(2 * d for d in s[1:-1]), s[-1]) if len(s) >= 3 and None not in s[1:-1] else s
               for s in built]
    probe = walk or (_Walk(model, doubled) if doubled != built else None)
    fixed_by, why = None, ""
    if probe is not None and probe.fixed is not None:
        layer, old, new = probe.fixed
        what = "kernel" if hasattr(layer, "kernel") else "weights"
        got = "an unknown number" if new[-1] is None else f"{new[-1]:,}"
        fixed_by = layer.name
        why = (f"{layer.name} ({type(layer).__name__}) has a {what} made for exactly {old[-1]:,} inputs, and "
               f"at another image size it would get {got} (what Flatten hands on grows with the image).")
    elif probe is not None and probe is not walk and probe.unknown:
        fixed_by, reason = probe.unknown[0]
        why = f"{fixed_by} cannot compute its output at another size ({reason})"

    return HeadReport(
        model_name=model.name, input_shape=tuple(input_shapes[0]), built_input_shape=tuple(built[0]),
        rows=rows, total_params=total, feature_map=feature_map,
        spatial_layer=leaves[spatial_at].name if spatial_at is not None else None, head=head,
        head_params=head_params, classes=width,
        classes_own=own and not classes, alternatives=head_alternatives(feature_map, width),
        any_size=fixed_by is None, fixed_by=fixed_by, why=why, unknown=list(walk.unknown) if walk else [],
        built_total_params=built_total)
