"""Lesson 09 (your own model): the pure-math head costs against head_report on real models, the
panel, and the exercise checks with several right and wrong answers."""

import time

import keras
import pytest

from utils import models, shapes
from utils.lessons import lesson09

L = keras.layers


def test_the_digits_model_costs_equal_head_report_on_the_model_built_at_each_side():
    for side in (8, 9, 16, 40):
        model = keras.Sequential([keras.Input((side, side, 1)), L.Conv2D(32, 3, padding="same"),
                                  L.MaxPooling2D(2), L.Flatten(), L.Dense(10)])
        report, costs = models.head_report(model), lesson09.head_costs("digits_cnn", side)
        assert costs["feature_map"] == report.feature_map and costs["own"] == report.head_params
        assert {k: costs[k] for k in models.ALTERNATIVES} == report.alternatives


@pytest.fixture(scope="module")
def vgg_body():
    keras.utils.set_random_seed(0)
    model = keras.applications.VGG16(weights=None, include_top=False, input_shape=(64, 64, 3))
    yield model
    del model
    keras.backend.clear_session()


@pytest.fixture(scope="module")
def resnet():
    keras.utils.set_random_seed(0)
    model = keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3))
    yield model
    del model
    keras.backend.clear_session()


@pytest.mark.slow
@pytest.mark.parametrize("side", [32, 100, 224, 300, 449])
def test_vgg16_and_resnet50_feature_maps_and_heads_equal_head_report_at_every_side(side, vgg_body, resnet):
    report = models.head_report(vgg_body, input_size=side)
    assert lesson09.feature_map("VGG16", side) == report.feature_map
    costs = lesson09.head_costs("VGG16", side)
    assert {k: costs[k] for k in models.ALTERNATIVES} == report.alternatives
    report = models.head_report(resnet, input_size=side)
    costs = lesson09.head_costs("ResNet50", side)
    assert costs["feature_map"] == report.feature_map and costs["own"] == report.head_params


def test_the_classic_vgg16_head_is_the_published_count():
    assert lesson09.head_costs("VGG16", 224)["own"] == 102_764_544 + 16_781_312 + 4_097_000


def test_the_table_and_the_panel_are_fast_and_say_what_grows():
    start = time.process_time()  # CPU time, not wall time: the tests may share the machine
    text = lesson09.cost_table("VGG16", 448)
    assert time.process_time() - start < 0.05
    assert "14x14x512" in text and f"{lesson09.head_costs('VGG16', 448)['own']:,}" in text
    panel = lesson09.size_panel()
    try:
        for name in lesson09.MODELS:
            for side in (32, 224, 512):
                assert f"{side}x{side}" in panel.update_function(name=name, side=side)
    finally:
        panel.close()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: lesson09.head_costs("AlexNet", 224), "name"),
    (lambda: lesson09.head_costs("VGG16", 16), "side"),
    (lambda: lesson09.feature_map("VGG16", 10**6), "side"),
    (lambda: lesson09.cost_table("VGG16", 2.5), "side"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- exercise 9.1 ------------------------------------------------------------------------------

def _model():
    return keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(16, 3), L.MaxPooling2D(2), L.Flatten(),
                             L.Dense(64), L.Dense(10)])


RIGHT = 13 * 13 * 16 * 64 + 64 + 64 * 10 + 10


@pytest.mark.parametrize("answer", [RIGHT, float(RIGHT), __import__("numpy").int64(RIGHT)])
def test_9_1_accepts_the_head_in_any_form(answer):
    assert lesson09.check_my_model(_model(), answer).correct


@pytest.mark.parametrize(("answer", "reason"), [
    (RIGHT + 160, "whole model"),
    (160, "body"),
    (650, "only the last layer"),
    (RIGHT - 74, "biases"),
    (16 * 10 + 10, "global average"),
    (12345, "list the layers"),
])
def test_9_1_explains_each_wrong_prediction(answer, reason):
    result = lesson09.check_my_model(_model(), answer)
    assert not result.correct and reason in result.message


@pytest.mark.parametrize(("model", "reason"), [
    (L.Dense(3), "layer"), (keras.Sequential, "class"), (keras.Sequential([L.Dense(2)]), "not built"),
    ("my model", "Keras model"),
])
def test_9_1_explains_what_is_not_a_model_without_crashing(model, reason):
    result = lesson09.check_my_model(model, 10)
    assert not result.correct and reason in result.message


def test_9_1_not_attempted():
    assert not lesson09.check_my_model(..., ...).correct
    assert not lesson09.check_my_model(_model(), ...).correct


# --- exercise 9.2 ------------------------------------------------------------------------------

EXPECTED = (9 * 9 * 512 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 1000 + 1000)


@pytest.mark.parametrize("answer", [EXPECTED, float(EXPECTED), __import__("numpy").int64(EXPECTED)])
def test_9_2_accepts_the_head(answer):
    assert lesson09.check_vgg_head_at(answer).correct


@pytest.mark.parametrize(("answer", "reason"), [
    (123_642_856, "224x224"),
    (9 * 9 * 512 * 4096 + 4096, "fc1 alone"),
    (EXPECTED - 4096 - 4096 - 1000, "biases"),
    (shapes.dense_params(10 * 10 * 512, 4096) + 4096 * 4096 + 4096 + 4096 * 1000 + 1000, "round DOWN"),
    (shapes.dense_params(9 * 9 * 3, 4096) + 4096 * 4096 + 4096 + 4096 * 1000 + 1000, "512 channels"),
    (9 * 9 * 512 * 1000 + 1000, "Flatten + Dense(1000)"),
    (1, "five MaxPooling2D"),
    ("many", "whole number"),
])
def test_9_2_explains_each_wrong_answer(answer, reason):
    result = lesson09.check_vgg_head_at(answer)
    assert not result.correct and reason in result.message
