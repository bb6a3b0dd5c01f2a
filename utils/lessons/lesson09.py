"""Lesson 09 (your own model): head costs at any image size as pure arithmetic (no Keras, fast
enough for a slider), the size panel, and the exercise checks. The tests compare every number with
:func:`utils.models.head_report` on the real models.

>>> head_costs("VGG16", 224)["own"]
123642856
"""

from __future__ import annotations

from typing import Any

from utils import checks, models, shapes
from utils._validate import whole_number
from utils.panel import Panel, dropdown, slider

__all__ = ["MODELS", "feature_map", "head_costs", "cost_table", "size_panel", "check_my_model",
           "check_vgg_head_at", "TRANSFER_SIDE", "PANELS"]

MAX_SIDE = 2048
_VGG16_BODY = [layer for filters, convs in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
               for layer in [shapes.conv(filters, 3, padding="same")] * convs + [shapes.pool(2)]]

#: name -> (input channels, the layers that set the last feature map's size, own head layers,
#: the own head in words, smallest side). ResNet50's path: ZeroPadding2D(3) + Conv2D(64, 7,
#: strides=2), ZeroPadding2D(1) + MaxPooling2D(3, strides=2), then the 1x1 strided convs that open
#: stages 3, 4 and 5 (keras/src/applications/resnet.py); its other layers keep the size.
MODELS = {
    "VGG16": (3, _VGG16_BODY,
              [shapes.flatten(), shapes.dense(4096), shapes.dense(4096), shapes.dense(1000)],
              "Flatten + Dense(4096) + Dense(4096) + Dense(1000)", 32),
    "ResNet50": (3, [shapes.conv(64, 7, strides=2, padding=3), shapes.pool(3, strides=2, padding=1),
                     shapes.conv(256, 1), shapes.conv(512, 1, strides=2), shapes.conv(1024, 1, strides=2),
                     shapes.conv(2048, 1, strides=2)],
                 [shapes.global_pool("avg"), shapes.dense(1000)], "GlobalAveragePooling2D + Dense(1000)", 32),
    "digits_cnn": (1, [shapes.conv(32, 3, padding="same"), shapes.pool(2)],
                   [shapes.flatten(), shapes.dense(10)], "Flatten + Dense(10)", 2),
}


def feature_map(name: str = "VGG16", side: int = 224) -> tuple:
    """The last feature map ``(H, W, C)`` of model ``name`` on ``side x side`` images (a trace, no Keras).

    >>> feature_map("ResNet50", 224)
    (7, 7, 2048)
    """
    if not isinstance(name, str) or name not in MODELS:
        raise ValueError(f"name must be one of {', '.join(map(repr, MODELS))}, "
                         f"got name={checks.short(name)}.")
    channels, body, _, _, smallest = MODELS[name]
    side = whole_number("side", side, smallest, MAX_SIDE)
    return shapes.trace((side, side, channels), body)[-1].shape[1:]


def head_costs(name: str = "VGG16", side: int = 224) -> dict:
    """Parameters of the model's own head (``"own"``) and of each head of :data:`utils.models.ALTERNATIVES`
    on its last feature map at ``side``, plus that map and the classifier width."""
    fmap = feature_map(name, side)
    own_layers = MODELS[name][2]
    classes = own_layers[-1].options["units"]
    own = shapes.total_params(shapes.trace(fmap, own_layers))
    return {"feature_map": fmap, "classes": classes, "own": own, **models.head_alternatives(fmap, classes)}


def cost_table(name: str = "VGG16", side: int = 224) -> str:
    """The head costs of :func:`head_costs` as a text table (parameters and float32 MB)."""
    costs = head_costs(name, side)
    heads = {f"its own head: {MODELS[name][3]}": costs["own"],
             **{label: costs[key] for key, label in models.ALTERNATIVES.items()}}
    rows = [f"{label:<62}{value:>14,}{value * 4 / 1e6:>8.1f} MB" for label, value in heads.items()]
    h, w, c = costs["feature_map"]
    title = f"{name} on {side}x{side} images: last feature map {h}x{w}x{c}, {costs['classes']:,} classes"
    return "\n".join([title, f"{'head':<62}{'parameters':>14}{'float32':>11}", "-" * 87, *rows])


def size_panel() -> Panel:
    """Question: when the image side doubles, which head costs 4x more, and which costs the same?"""
    # The slider first: the question is about the side (and the browser test moves the first control).
    return Panel(cost_table, side=slider("image side (pixels)", 224, 32, 512, step=16),
                 name=dropdown("model", list(MODELS), "VGG16"))


PANELS = [size_panel]


# Exercise checks

def check_my_model(model: Any, head_params: Any) -> checks.CheckResult:
    """Exercise 9.1: your prediction of the parameters after the last feature map of YOUR model
    (``models.head_report(model).head_params``); each common slip is named."""
    def judge(answer):
        if model is ...:
            raise checks.NotAttempted
        try:
            report = models.head_report(model)
        except (TypeError, ValueError) as exc:
            raise checks.Unusable(str(exc).replace("model must", "your model must")) from None
        value = checks.as_whole_number(answer, "your parameter count")
        expected = report.head_params
        if expected is None:
            raise checks.Unusable("head_report cannot price this model's head; pick another model.")
        if value == expected:
            return None
        if not report.head:
            return (f"your model ends with its feature map ({report.spatial_layer}): its head has "
                    "0 parameters.")
        reasons = {report.total_params: "that is the whole model; count only the layers after the last "
                                        "feature map.",
                   report.total_params - expected: "that is the body (everything up to the last feature "
                                                   "map), not the head."}
        dense = [r for r in report.head if r.params]
        if dense:
            reasons.setdefault(dense[-1].params, "that is only the last layer; add every layer after the "
                                                 "last feature map.")
        for key, label in models.ALTERNATIVES.items():
            cost = report.alternatives.get(key)
            if cost is not None and cost != expected:
                reasons.setdefault(cost, f"that is what a {label} head would cost, not the model's own head.")
        biases = sum(r.shape[-1] for r in dense if r.shape and r.kind in ("Dense", "Conv2D", "Conv1D"))
        if biases:
            reasons.setdefault(expected - biases, "you forgot the biases: one per unit of each Dense.")
        return reasons.get(value, f"you gave {value:,}; list the layers after {report.spatial_layer} and add "
                                  "their parameters (inputs x units + units for each Dense).")

    return checks.run_check("Exercise 9.1", head_params, judge,
                            hint="Find the last layer whose output still has height and width; every layer "
                                 "after it is the head.")


#: Exercise 9.2 (transfer): VGG16's classic head on images of this side.
TRANSFER_SIDE = 300


def check_vgg_head_at(answer: Any) -> checks.CheckResult:
    """Exercise 9.2: parameters of VGG16's Flatten + 4096 + 4096 + 1000 head on 300x300 images.

    >>> check_vgg_head_at(head_costs("VGG16", 300)["own"]).correct
    True
    """
    costs = head_costs("VGG16", TRANSFER_SIDE)
    expected, side = costs["own"], costs["feature_map"][0]
    fc1 = shapes.dense_params(side * side * 512, 4096)
    rest, ceil_side = expected - fc1, -(-TRANSFER_SIDE // 32)
    judge = checks.judge_against(
        expected, read=lambda ans: checks.as_whole_number(ans, "your parameter count"),
        known={
            head_costs("VGG16", 224)["own"]:
                "that is the head at 224x224; at 300 the last feature map is larger, so fc1 is.",
            fc1: "that is fc1 alone; the head also has fc2 and predictions.",
            expected - (4096 + 4096 + 1000): "you forgot the biases: one per unit of each Dense.",
            shapes.dense_params(ceil_side ** 2 * 512, 4096) + rest: "the max-poolings round DOWN (floor).",
            shapes.dense_params(side * side * 3, 4096) + rest:
                "Flatten sees the 512 channels of the last feature map, not the image's 3.",
            costs["flatten"]: "that is Flatten + Dense(1000); VGG16's head has fc1 and fc2 (4096 units "
                              "each) first.",
        },
        otherwise=lambda value: f"you gave {value:,}; find the side after five MaxPooling2D(2), then "
                                "Flatten's length, then each Dense's inputs x units + units.")

    return checks.run_check("Exercise 9.2", answer, judge,
                            hint="Five MaxPooling2D(2) halve the side five times; only fc1 depends on it.")
