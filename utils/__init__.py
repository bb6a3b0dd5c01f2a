"""Helpers for the course "From feature maps to decisions".

Generic modules (each knows nothing about any lesson)::

    from utils import shapes, checks      # pure Python, instant: shape maths, exercise checks
    from utils import panel, plots        # widget panels, drawing primitives
    from utils import data, models, errors, environment

and one module per lesson with that lesson's figures, panels and exercise checks::

    from utils.lessons import lesson03
    lesson03.conv_explorer()              # a widget panel
    lesson03.check_out_len(out_len)       # an exercise check

``import utils`` itself imports nothing heavy; ``utils.shapes`` and ``utils.checks``
never import TensorFlow.
"""

import sys as _sys

if "ipykernel" in _sys.modules:  # in a notebook: each figure describes itself (screen readers, alt text)
    from utils import alt_text as _alt_text

    _alt_text.register()
