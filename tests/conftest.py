"""Shared test set-up: import utils from the repo root, quiet TensorFlow, lenient checks,
reproducible property tests, and the ``slow`` mark on the tests `make check` leaves out."""

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (derandomize): a failure in CI reproduces
# locally, and a run never fails by luck. `HYPOTHESIS_PROFILE=explore pytest ...` searches afresh
# (random draws, more examples) when hunting for new failures; hypothesis prints the seed to replay.
settings.register_profile("course", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True,
                          max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def lenient_checks(monkeypatch):
    """Tests start in the learner's (lenient) mode; a test opts into strict mode itself."""
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)


@pytest.fixture
def strict(monkeypatch):
    """Strict mode, as CI runs solutions/: a wrong answer raises ExerciseError."""
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")


# Tests measured at 2 s or more (any case) on the 2 shared cores (pytest --durations --junitxml,
# 2026-12-06, 8 engineers' load) that carry no mark of their own: they train a model, compare with
# Keras layer by layer, or start kernels and subprocesses. Listed here, in one place, so that the
# owners of the test files need not touch them; a "file::test" name covers all its parametrized cases.
# `make check` deselects them (-m "not slow ..."); `make test` runs everything.
SLOW = frozenset({
    "tests/review_cases/test_review_scripts.py::test_a_reviews_case_script_finds_every_check_agreeing_with_the_truth",
    "tests/test_colab_env.py::test_the_set_up_cell_takes_its_colab_branch_in_the_content_run",
    "tests/test_browser_portability.py::test_stop_works_without_posix_only_apis",
    "tests/test_browser_portability.py::test_terminate_tree_ends_a_server_without_killpg_or_sigkill",
    "tests/test_browser_portability.py::test_terminate_tree_on_posix_ends_the_whole_group_including_children",
    "tests/test_checks.py::test_as_model_refuses_a_history_and_what_is_not_a_model",
    "tests/test_errors.py::test_a_changed_length_inside_a_compiled_evaluate_is_recognised_on_every_backend",
    "tests/test_errors.py::test_a_channels_first_convolution_that_tensorflow_cannot_run_on_cpu_is_explained",
    "tests/test_errors.py::test_explain_never_raises_whatever_the_message",
    "tests/test_fuzz.py::test_bad_input_gets_a_clear_error_or_a_valid_result_within_limits",
    "tests/test_lesson_02_flatten.py::test_flat_index_view_states_the_position_keras_flatten_gives",
    "tests/test_lesson_02_flatten.py::test_section_1_checks_the_dense_by_hand_at_a_position_where_the_map_is_not_zero",
    "tests/test_lesson_02_flatten.py::test_the_explorer_is_registered_and_follows_its_first_slider",
    "tests/test_lesson_03_conv_and_pool_shape_math.py::test_conv_formula_agrees_with_keras_or_refuses_like_shapes",
    "tests/test_lesson_03_conv_and_pool_shape_math.py::test_exercise_3_2_accepts_different_correct_functions",
    "tests/test_lesson_05_global_pooling_alternatives.py::test_any_size_heads_really_run_on_two_sizes_in_keras",
    "tests/test_lesson_05_global_pooling_alternatives.py::test_cam_panel_follows_its_controls",
    "tests/test_lesson_05_global_pooling_alternatives.py::test_channel_panel_text_changes_with_its_slider",
    "tests/test_lesson_05_global_pooling_alternatives.py::test_exercise_5_3_accepts_every_model_that_meets_the_spec",
    "tests/test_lesson_05_global_pooling_alternatives.py::test_exercise_5_3_explains_what_misses_the_spec",
    "tests/test_lesson_07_beyond_images_and_pitfalls.py::test_padding_proof_model_accepts_every_mask_keeping_design",
    "tests/test_lesson_07_beyond_images_and_pitfalls.py::test_padding_proof_model_pads_to_the_lengths_the_exercise_text_names",
    "tests/test_lesson_08_capstone_design_a_head.py::test_any_size_accepts_a_flatten_after_adaptive_pooling_and_checks_three_canvases",
    "tests/test_lesson_08_capstone_design_a_head.py::test_any_size_accepts_trained_global_pooling_layers_in_any_form",
    "tests/test_lesson_08_capstone_design_a_head.py::test_any_size_explains_a_flatten_head_that_fails_on_40_in_other_forms",
    "tests/test_lesson_08_capstone_design_a_head.py::test_any_size_refuses_a_flatten_head_that_runs_on_24_and_32_only_by_coincidence",
    "tests/test_lesson_08_capstone_design_a_head.py::test_compare_skips_missing_and_wrong_designs_with_a_note",
    "tests/test_lesson_08_capstone_design_a_head.py::test_design_b_check_accepts_a_model_that_takes_any_image_size",
    "tests/test_lesson_08_capstone_design_a_head.py::test_design_checks_accept_every_way_of_writing_a_model",
    "tests/test_lesson_08_capstone_design_a_head.py::test_design_checks_enforce_their_head",
    "tests/test_lesson_08_capstone_design_a_head.py::test_design_checks_name_both_causes_for_a_naive_design_and_a_good_one_trained_briefly",
    "tests/test_lesson_08_capstone_design_a_head.py::test_each_worked_design_passes_on_every_seed_with_the_notebooks_own_cell_and_training_call",
    "tests/test_lesson_08_capstone_design_a_head.py::test_goal_map_numbers_never_overlap_and_every_marker_stays_visible",
    "tests/test_lesson_08_capstone_design_a_head.py::test_no_conv_and_naive_flatten_miss_the_spec_and_worked_designs_meet_it_on_every_seed",
    "tests/test_lesson_08_capstone_design_a_head.py::test_the_best_epoch_line_marks_the_weights_early_stopping_keeps",
    "tests/test_lesson_08_capstone_design_a_head.py::test_the_notebooks_training_call_is_reproducible_with_the_seed_set_before_building",
    "tests/test_lesson_08_capstone_design_a_head.py::test_training_prints_one_short_line_per_epoch",
    "tests/test_offline_guard.py::test_a_notebook_kernel_started_like_make_test_does_is_offline",
    "tests/test_offline_guard.py::test_a_root_process_inside_cannot_setns_back_into_the_outer_network_namespace",
    "tests/test_offline_guard.py::test_inside_the_network_namespace_neither_a_kernel_nor_its_child_processes_can_connect",
    "tests/test_offline_guard.py::test_notebook_runs_use_the_network_namespace_and_say_so_when_one_can_be_made",
    "tests/test_offline_guard.py::test_plain_unshare_n_as_root_is_escapable_which_is_why_the_wrapper_does_not_use_it",
    "tests/test_offline_guard.py::test_the_guard_blocks_remote_hosts_and_allows_loopback",
    "tests/test_offline_guard.py::test_the_guard_closes_what_python_can_raw_sockets_sendto_ctypes_lookups_proxies_and_children",
    "tests/test_offline_guard.py::test_the_wrapper_passes_on_the_exit_status_of_its_command",
    "tests/test_offline_guard.py::test_without_the_flag_the_guard_changes_nothing",
    "tests/test_offline_guard.py::test_without_the_guard_the_same_bypasses_get_through_so_the_test_can_fail",
    "tests/test_offline_guard.py::test_without_unshare_the_notebook_runs_fall_back_to_the_guard_and_say_so",
    "tests/test_panels.py::test_every_registered_panel_also_works_with_ipywidgets_7_as_on_colab",
    "tests/test_panels.py::test_every_registered_panel_starts_clean_and_every_control_moves",
    "tests/test_shapes.py::test_a_window_bigger_than_the_input_is_rejected_by_keras_too",
    "tests/test_shapes.py::test_conv1d_agrees_with_keras",
    "tests/test_shapes.py::test_conv2d_agrees_with_keras_on_each_axis",
    "tests/test_shapes.py::test_flat_index_matches_keras_flatten_order",
    "tests/test_shapes.py::test_flatten_agrees_with_keras",
    "tests/test_shapes.py::test_int_padding_agrees_with_zero_padding_then_valid",
    "tests/test_shapes.py::test_pooling2d_agrees_with_keras",
    "tests/test_shapes.py::test_pooling_agrees_with_keras",
    "tests/test_shapes.py::test_the_trace_agrees_with_keras_layer_by_layer",
})


# make check's environment (requirements-check.txt) has TensorFlow only; make test's has JAX and PyTorch too.
MISSING_BACKENDS = [m for m in ("jax", "torch") if importlib.util.find_spec(m) is None]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)
        if MISSING_BACKENDS and item.get_closest_marker("all_backends"):
            item.add_marker(pytest.mark.skip(reason=f"plans every backend: {', '.join(MISSING_BACKENDS)} not "
                                                    "installed (requirements-dev.txt; make test has them)"))
