"""Helpers for the course "From feature maps to decisions".

Import the submodule you need::

    from utils import shapes, checks      # pure Python, instant
    from utils import models, plots       # these import Keras / matplotlib

``import utils`` itself imports nothing heavy: submodules load on first use, so a
notebook that only needs the shape formulas never starts TensorFlow.
"""

import importlib

__all__ = [
    "shapes", "data", "models", "plots", "widgets", "checks", "errors", "environment",
]


def __getattr__(name):
    # Lazy submodules: `utils.shapes` works after a bare `import utils`.
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'utils' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
