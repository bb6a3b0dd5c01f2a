"""utils.models: the trace of a built model, head_report on any model.

head_report is compared with what Keras itself says: the rows of ``model.summary(expand_nested=True)``
(parsed from its printed table), ``count_params()``, every layer's output shape, the same architecture
actually built at another input size, and the alternative heads actually built on the same feature map.
"""

import re
import time
import tracemalloc

import keras
import numpy as np
import pytest

from utils import checks, models, shapes

L = keras.layers


# --- helpers: what Keras says -------------------------------------------------------------------

_ROW = re.compile(r"^(?:\s*└ )?(\S+) \((\w+)\)$")


def summary_rows(model, monkeypatch):
    """``(name, shape text, params)`` of every row ``model.summary(expand_nested=True)`` prints."""
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no cell wraps
    lines = []
    model.summary(expand_nested=True, line_length=400, print_fn=lambda text, **_: lines.append(text))
    rows = []
    for line in "\n".join(lines).splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        found = _ROW.match(cells[0])
        if not found:
            continue  # a continuation line of the "Connected to" column
        params = int(cells[2].split()[0].replace(",", ""))
        rows.append((found.group(1), cells[1], params))
    return rows


def report_rows(report):
    return [(r.name, "?" if r.shape is None else shapes.format_shape(r.shape), r.params) for r in report.rows]


def leaf_shapes(model):
    """name -> output shape of every leaf layer (nested models included), from Keras."""
    found = {}
    for layer in checks.all_layers(model):
        if isinstance(layer, keras.Model):
            continue
        nodes = layer._inbound_nodes
        if nodes:
            found[layer.name] = tuple(keras.tree.flatten(nodes[-1].output_tensors)[0].shape)
    return found


def assert_matches_keras(model, monkeypatch):
    report = models.head_report(model)
    rows, keras_rows = report_rows(report), summary_rows(model, monkeypatch)
    # where summary prints '?' (a subclassed model's pooling), the report computes the shape
    assert [k if k[1] == "?" else r for r, k in zip(rows, keras_rows)] == keras_rows
    assert report.total_params == model.count_params()
    assert sum(r.params for r in report.rows if r.depth == 0) == model.count_params()
    shapes_ = leaf_shapes(model)
    for row in report.rows:
        if row.name in shapes_:
            assert row.shape == shapes_[row.name], row.name
    return report


def assert_same_as_built(report, built):
    """A report computed at another size equals the model actually built at that size."""
    again = models.head_report(built)
    def key(rows):
        return [(r.kind, r.shape, r.params) for r in rows]

    assert key(report.rows) == key(again.rows)
    assert report.total_params == built.count_params()
    assert report.head_params == again.head_params and report.feature_map == again.feature_map
    assert report.alternatives == again.alternatives


# --- the course's models --------------------------------------------------------------------------

def digits_cnn(side=8, filters=32, classes=10):
    """Lesson 04's model."""
    return keras.Sequential([keras.Input((side, side, 1)),
                             L.Conv2D(filters, 3, padding="same", activation="relu"),
                             L.MaxPooling2D(2), L.Flatten(), L.Dense(classes, activation="softmax")],
                            name="digits_cnn")


def head_model(head, feature=(4, 4, 32), classes=10, side=8):
    """Lesson 05/06's body and one of the course's heads."""
    inputs = keras.Input((side, side, 1))
    x = L.Conv2D(16, 3, padding="same")(inputs)
    x = L.MaxPooling2D(2)(x)
    x = L.Conv2D(feature[-1], 3, padding="same")(x)
    return keras.Model(inputs, build_head(head, x, classes), name=head.replace("+", "_"))


def build_head(head, x, classes):
    if head == "flatten":
        return L.Dense(classes)(L.Flatten()(x))
    if head == "gap":
        return L.Dense(classes)(L.GlobalAveragePooling2D()(x))
    if head == "gmp":
        return L.Dense(classes)(L.GlobalMaxPooling2D()(x))
    if head == "adaptive":
        return L.Dense(classes)(L.Flatten()(L.AdaptiveAveragePooling2D(2)(x)))
    if head == "avg+max":
        return L.Dense(classes)(L.Concatenate()([L.GlobalAveragePooling2D()(x), L.GlobalMaxPooling2D()(x)]))
    if head == "nin":
        return L.GlobalAveragePooling2D()(L.Conv2D(classes, 1)(x))
    raise AssertionError(head)


def head_only(head, feature, classes):
    """Just the head, on a feature map: its count_params is the head's cost."""
    inputs = keras.Input(feature)
    return keras.Model(inputs, build_head(head, inputs, classes))


def test_the_digits_model_report_matches_keras_and_names_the_dense_after_flatten(monkeypatch):
    model = digits_cnn()
    report = assert_matches_keras(model, monkeypatch)
    assert report.spatial_layer == model.layers[1].name and report.feature_map == (4, 4, 32)
    assert [r.kind for r in report.head] == ["Flatten", "Dense"]
    assert report.head_params == model.layers[-1].count_params() == 512 * 10 + 10
    assert report.head_share == pytest.approx(5130 / 5450) and report.head_memory_share == report.head_share
    assert report.head_bytes == 4 * 5130 and report.total_bytes == 4 * 5450
    assert report.classes == 10 and report.classes_own
    assert not report.any_size and report.fixed_by == model.layers[-1].name and "512" in report.why
    text = str(report)
    assert "94%" in text and "330" in text and "5,130" in text and len(report.sentences()) == 3


@pytest.mark.parametrize("head", list(models.ALTERNATIVES))
def test_every_course_head_is_found_and_its_alternatives_equal_heads_built_with_keras(head, monkeypatch):
    model = head_model(head)
    report = assert_matches_keras(model, monkeypatch)
    own = model.count_params() - 160 - 4640  # the body: Conv2D(16, 3) on 1 channel + Conv2D(32, 3) on 16
    spatial = {"nin": "conv2d_1x1"}.get(head)
    if spatial is None:
        assert report.feature_map == (4, 4, 32) and report.head_params == own
    else:  # the NiN head's 1x1 conv keeps height and width: it is the last spatial layer
        assert report.feature_map == (4, 4, 10) and report.head_params == 0
    for key in models.ALTERNATIVES:  # each alternative, built with Keras on this feature map
        built = head_only(key, report.feature_map, report.classes).count_params()
        assert report.alternatives[key] == built, key
    c, k = report.feature_map[-1], report.classes  # and by formula
    assert report.alternatives == {"flatten": 16 * c * k + k, "gap": c * k + k, "gmp": c * k + k,
                                   "adaptive": 4 * c * k + k, "avg+max": 2 * c * k + k, "nin": c * k + k}
    assert report.any_size == (head not in ("flatten",))


@pytest.mark.parametrize("side", [9, 16, 33])
@pytest.mark.parametrize("head", ["flatten", "gap", "adaptive", "avg+max"])
def test_another_input_size_equals_the_model_built_at_that_size(head, side):
    report = models.head_report(head_model(head), input_size=side)
    assert_same_as_built(report, head_model(head, side=side))
    assert report.input_shape == (None, side, side, 1) and report.built_input_shape == (None, 8, 8, 1)


def test_a_flatten_head_grows_with_the_image_and_a_global_head_does_not():
    model = digits_cnn()
    costs = {side: models.head_report(model, input_size=side).head_params for side in (8, 16, 32)}
    assert costs == {s: shapes.dense_params((s // 2) ** 2 * 32, 10) for s in (8, 16, 32)}
    gap = head_model("gap")
    assert {models.head_report(gap, input_size=s).head_params for s in (8, 16, 32)} == {330}


def test_a_non_square_size_and_the_classes_argument():
    report = models.head_report(digits_cnn(), input_size=(16, 10), classes=3)
    assert report.feature_map == (8, 5, 32) and report.head_params == shapes.dense_params(8 * 5 * 32, 10)
    assert report.classes == 3 and report.alternatives["gap"] == 32 * 3 + 3


def test_a_model_without_a_head_prices_heads_for_1000_classes_unless_told():
    body = keras.Sequential([keras.Input((8, 8, 3)), L.Conv2D(8, 3), L.MaxPooling2D(2)])
    report = models.head_report(body)
    assert report.head == [] and report.head_params == 0 and report.feature_map == (3, 3, 8)
    assert report.classes == 1000 and not report.classes_own and report.alternatives["gap"] == 8 * 1000 + 1000
    assert report.any_size and "no head" in str(report)
    assert models.head_report(body, classes=5).alternatives["flatten"] == 72 * 5 + 5


def test_a_one_dimensional_model():
    model = keras.Sequential([keras.Input((40, 2)), L.Conv1D(8, 5), L.MaxPooling1D(2), L.Flatten(),
                              L.Dense(4)])
    report = models.head_report(model)
    assert report.feature_map == (18, 8) and report.head_params == 18 * 8 * 4 + 4
    assert report.alternatives["adaptive"] == 2 * 8 * 4 + 4 and not report.any_size
    longer = keras.Sequential([keras.Input((80, 2)), L.Conv1D(8, 5), L.MaxPooling1D(2), L.Flatten(),
                               L.Dense(4)])
    assert_same_as_built(models.head_report(model, input_size=80), longer)


def test_a_variable_size_model_accepts_any_size_and_has_no_flatten_price():
    model = keras.Sequential([keras.Input((None, None, 3)), L.Conv2D(8, 3), L.GlobalMaxPooling2D(),
                              L.Dense(2)])
    report = models.head_report(model)
    assert report.any_size and report.feature_map == (None, None, 8)
    assert report.alternatives["flatten"] is None
    assert report.alternatives["gap"] == 18 and "accepts any image size" in str(report)
    at = models.head_report(model, input_size=20)
    assert at.feature_map == (18, 18, 8) and at.alternatives["flatten"] == 18 * 18 * 8 * 2 + 2


# --- nested and subclassed models ------------------------------------------------------------------

def nested_sequential(side=12):
    body = keras.Sequential([keras.Input((side, side, 3)), L.Conv2D(8, 3), L.MaxPooling2D(2)], name="body")
    return keras.Sequential([keras.Input((side, side, 3)), body, L.Flatten(), L.Dense(6)], name="outer")


def nested_functional(side=12):
    inner_in = keras.Input((side, side, 3))
    inner = keras.Model(inner_in, L.Conv2D(4, 3, padding="same")(L.Conv2D(8, 3)(inner_in)), name="inner")
    inputs = keras.Input((side, side, 3))
    x = inner(inputs)
    x = L.Add()([x, L.Conv2D(4, 1)(x)])  # a branch: not a plain chain
    outputs = keras.Sequential([L.Flatten(), L.Dense(5)], name="classifier")(x)
    return keras.Model(inputs, outputs, name="nested_functional")


@pytest.mark.parametrize("make", [nested_sequential, nested_functional])
def test_nested_models_are_expanded_as_summary_shows_them(make, monkeypatch):
    model = make()
    report = assert_matches_keras(model, monkeypatch)
    assert any(r.depth == 1 for r in report.rows) and any(not r.leaf for r in report.rows)
    assert report.head_params == model.layers[-1].count_params()  # the Dense, or the classifier Sequential
    assert [r.kind for r in report.head] == ["Flatten", "Dense"] and not report.any_size


@pytest.mark.parametrize("make", [nested_sequential, nested_functional])
def test_nested_models_at_another_size_equal_the_models_built_there(make):
    assert_same_as_built(models.head_report(make(), input_size=20), make(20))


class Subclassed(keras.Model):
    def __init__(self, classes=7, **kwargs):
        super().__init__(**kwargs)
        self.conv = L.Conv2D(6, 3)
        self.pool = L.MaxPooling2D(2)
        self.flat = L.Flatten()
        self.out = L.Dense(classes)

    def call(self, x):
        return self.out(self.flat(self.pool(self.conv(x))))


def test_a_subclassed_model_once_built(monkeypatch):
    model = Subclassed(name="mine")
    model(np.zeros((2, 10, 10, 1), "float32"))
    report = assert_matches_keras(model, monkeypatch)
    # summary shows the batch of the call that built it (2), as here
    assert [r.shape[1:] for r in report.rows] == [(8, 8, 6), (4, 4, 6), (96,), (7,)]  # pooling: '?' there
    assert report.head_params == 96 * 7 + 7 and report.feature_map == (4, 4, 6) and not report.any_size
    assert report.classes == 7 and report.classes_own and report.alternatives["gap"] == 6 * 7 + 7
    at = models.head_report(model, input_size=18)
    assert at.feature_map == (8, 8, 6) and at.head_params == 8 * 8 * 6 * 7 + 7


def test_a_subclassed_model_that_is_not_a_chain_is_reported_not_crashed_on():
    class Branches(keras.Model):
        def __init__(self):
            super().__init__()
            self.a, self.b = L.Conv2D(4, 3, padding="same"), L.Conv2D(4, 1)
            self.pool, self.out = L.GlobalAveragePooling2D(), L.Dense(3)

        def call(self, x):
            return self.out(self.pool(self.a(x) + self.b(x)))

    model = Branches()
    model(np.zeros((1, 6, 6, 2), "float32"))
    report = models.head_report(model, input_size=12)
    assert report.unknown and "chain" in report.unknown[0][1]
    assert models.head_report(model).head_params == 4 * 3 + 3


def test_a_layer_whose_output_cannot_be_computed_at_another_size_is_reported_not_crashed_on():
    model = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(2, 1), L.Reshape((128,)), L.Dense(3)])
    assert models.head_report(model).head_params == 128 * 3 + 3
    report = models.head_report(model, input_size=16)
    names = [name for name, _ in report.unknown]
    assert names[:1] == [model.layers[1].name] and report.head_params is None
    assert "?" in str(report) and "not computed" in str(report)
    built = models.head_report(model)
    assert not built.any_size and built.fixed_by == model.layers[1].name


# --- what it refuses ------------------------------------------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (lambda: L.Dense(3), "got the layer Dense"),
    (lambda: keras.Sequential, "the class Sequential itself"),
    (lambda: Subclassed, "the class Subclassed itself"),
    (lambda: keras.Sequential([L.Dense(3)]), "is not built yet"),
    (lambda: Subclassed(), "is not built yet"),
    (lambda: "model", "got str"),
    (lambda: None, "got NoneType"),
])
def test_what_is_not_a_built_model_gets_one_named_line(make, message):
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        models.head_report(make())
    assert str(caught.value).startswith("model") and "\n" not in str(caught.value)


def test_a_history_is_refused():
    model = keras.Sequential([keras.Input((2,)), L.Dense(1)])
    model.compile(loss="mse")
    history = model.fit(np.zeros((4, 2)), np.zeros((4, 1)), verbose=0)
    with pytest.raises(TypeError, match="History"):
        models.head_report(history)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"input_size": 0}, "input_size must be a whole number from 1"),
    ({"input_size": "big"}, "input_size must be a whole number"),
    ({"input_size": (8, 8, 8)}, "input_size must have 2 entries"),
    ({"input_size": (8, -1)}, "input_size[1]"),
    ({"input_size": 2.5}, "input_size"),
    ({"classes": 0}, "classes"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        models.head_report(digits_cnn(), **kwargs)


def test_a_model_without_height_and_width_has_no_size_to_change():
    model = keras.Sequential([keras.Input((5,)), L.Dense(2)])
    report = models.head_report(model)
    assert report.spatial_layer is None and report.head == [] and "no feature map" in str(report)
    with pytest.raises(ValueError, match="input_size"):
        models.head_report(model, input_size=8)


def test_a_too_small_size_is_reported_not_crashed_on():
    report = models.head_report(digits_cnn(), input_size=1)
    assert report.rows and report.unknown and "max_pooling2d" in report.unknown[0][0]


# --- keras.applications (weights=None: nothing downloaded) ---------------------------------------

APPS = {  # name -> (builder, keyword arguments, first size, second size)
    "VGG16": (lambda **k: keras.applications.VGG16(weights=None, **k), {"include_top": False}, 64, 96),
    "ResNet50": (lambda **k: keras.applications.ResNet50(weights=None, **k), {"classes": 10}, 64, 96),
    "MobileNetV2": (lambda **k: keras.applications.MobileNetV2(weights=None, **k),
                    {"include_top": False, "pooling": "max"}, 96, 128),
    "EfficientNetB0": (lambda **k: keras.applications.EfficientNetB0(weights=None, **k), {"classes": 10},
                       64, 96),
    "DenseNet121": (lambda **k: keras.applications.DenseNet121(weights=None, **k),
                    {"include_top": False, "pooling": "avg"}, 64, 96),
    "Xception": (lambda **k: keras.applications.Xception(weights=None, **k),
                 {"include_top": False, "pooling": "avg"}, 75, 96),
}


@pytest.fixture(scope="module")
def built_apps():
    """Each application built once, at two sizes (built lazily; the module keeps them)."""
    cache = {}

    def get(name, which):
        if (name, which) not in cache:
            make, kwargs, first, second = APPS[name]
            side = first if which == 0 else second
            keras.utils.set_random_seed(0)
            cache[name, which] = make(input_shape=(side, side, 3), **kwargs)
        return cache[name, which]

    yield get
    cache.clear()
    keras.backend.clear_session()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(APPS))
def test_applications_match_summary_count_params_and_the_same_model_built_at_another_size(
        name, built_apps, monkeypatch):
    small, large = built_apps(name, 0), built_apps(name, 1)
    report = assert_matches_keras(small, monkeypatch)
    kwargs = APPS[name][1]
    if kwargs.get("include_top", True):
        assert report.head and report.head[-1].shape == (None, kwargs.get("classes", 1000))
        assert report.classes_own and report.head_params == small.layers[-1].count_params()
    elif kwargs.get("pooling"):
        assert [r.kind for r in report.head] == [
            {"avg": "GlobalAveragePooling2D", "max": "GlobalMaxPooling2D"}[kwargs["pooling"]]]
        assert report.head_params == 0
    else:
        assert report.head == [] and report.feature_map == small.output_shape[1:]
    assert report.any_size  # none of these (without VGG's Flatten head) depends on the image size
    assert_same_as_built(models.head_report(small, input_size=APPS[name][3]), large)


@pytest.mark.slow
def test_vgg16_with_its_flatten_head_priced_at_224_without_building_it():
    """VGG16 with its top is 138 M parameters at 224x224; built at 32x32 it is small, and the
    report at 224 must give the published count (the paper's Table 2, Keras' own count)."""
    keras.utils.set_random_seed(0)
    vgg = keras.applications.VGG16(weights=None, include_top=True, input_shape=(32, 32, 3))
    report = models.head_report(vgg)
    assert report.total_params == vgg.count_params() and report.fixed_by == "fc1" and not report.any_size
    assert "512" in report.why and [r.name for r in report.head] == ["flatten", "fc1", "fc2", "predictions"]
    tracemalloc.start()
    at224 = models.head_report(vgg, input_size=224)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20e6  # fc1 at 224 would be 411 MB of float32 weights: nothing is allocated
    assert at224.total_params == 138_357_544 and at224.head_params == 123_642_856
    assert next(r for r in at224.rows if r.name == "fc1").params == 25088 * 4096 + 4096
    assert at224.alternatives["gap"] == 513_000 and at224.feature_map == (7, 7, 512)
    text = str(at224)
    assert "89%" in text and "513,000" in text and "123,642,856" in text and "fc1" in text
    del vgg
    keras.backend.clear_session()


@pytest.mark.slow
def test_resnet50_answers_in_under_a_second(built_apps):
    keras.utils.set_random_seed(0)
    resnet = keras.applications.ResNet50(weights=None)
    for size in (None, 320):
        start = time.process_time()  # CPU time: the machine running the tests may be shared
        report = models.head_report(resnet, input_size=size)
        assert time.process_time() - start < 1.0
        assert report.total_params == resnet.count_params() == 25_636_712
    assert report.feature_map == (10, 10, 2048) and report.head_params == 2048 * 1000 + 1000
    del resnet
    keras.backend.clear_session()


# --- trace (lesson 04) ----------------------------------------------------------------------------

def test_the_trace_matches_keras_summary_numbers():
    model = keras.Sequential([keras.Input((8, 8, 1)), L.Conv2D(16, 3, padding="same"), L.MaxPooling2D(2),
                              L.Conv2D(32, 3, padding="same"), L.MaxPooling2D(2), L.Flatten(), L.Dense(16),
                              L.Dense(10)])
    rows = models.trace(model)
    assert rows[0].shape == (None, 8, 8, 1)
    assert [r.shape for r in rows[1:]] == [tuple(layer.output.shape) for layer in model.layers]
    assert shapes.total_params(rows) == model.count_params()
    flatten = next(r for r in rows if r.layer == "Flatten")
    assert flatten.shape == (None, 2 * 2 * 32) and flatten.params == 0
    table = models.format_trace(rows)
    assert "Flatten" in table and f"{model.count_params():,}" in table


def test_trace_refuses_what_is_not_a_model():
    with pytest.raises(TypeError, match="keras.Model"):
        models.trace(keras.layers.Dense(3))
