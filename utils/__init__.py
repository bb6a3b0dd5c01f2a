"""Helpers for the course "From feature maps to decisions" (architecture: docs/architecture.md).

Generic modules, each knowing nothing about any lesson::

    shapes       conv/pool/Flatten shape maths and layer-stack traces (pure Python, instant)
    checks       exercise verdicts, answer readers and shared probes (Keras imported inside the probes)
    panel        widget panels: controls wired to a plain update function
    plots        drawing primitives and the figures several lessons share
    data         offline datasets (scikit-learn digits, synthetic signals and token sequences)
    models       head_report: where any Keras model's parameters go, what its head costs
    experiment   a comparison's summary: mean and spread per head, the computed conclusion, the figure
    errors       recognise the Keras errors the course teaches and explain them
    environment  lesson 00's set-up check (Python, packages, the active Keras backend)
    alt_text     every figure's description (screen readers, the website's alt text)
    _validate    the one way to check arguments: bounds declared in signatures (pydantic)

and one module per lesson, ``utils.lessons.lessonNN``, with that lesson's figures, panels
(listed in its ``PANELS``) and exercise checks:

>>> from utils import shapes
>>> shapes.conv_output_length(28, 3, stride=2, padding="same")
14
>>> from utils.lessons import lesson03
>>> lesson03.check_conv_shape((None, 14, 11, 8)).correct       # an exercise check
True
>>> lesson03.conv_explorer_panel in lesson03.PANELS         # a widget panel builder
True

``import utils`` itself imports nothing outside a notebook kernel; in one, it registers each figure's
description (:mod:`utils.alt_text`, which loads matplotlib and IPython, already there in a kernel).
"""

import sys as _sys

if "ipykernel" in _sys.modules:  # in a notebook: each figure describes itself (screen readers, alt text)
    from utils import alt_text as _alt_text

    _alt_text.register()
