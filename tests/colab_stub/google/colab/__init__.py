"""A stand-in for Colab's ``google.colab`` package, for the Colab-versions test run only.

Colab imports ``google.colab`` in every kernel before the first cell, and the course's set-up cell
takes its Colab branch when it finds it in ``sys.modules``: it clones the course into
/content/course (already there in the test run) and enables Colab's widget manager. This package
offers what the course calls and records the calls; tools/colab_env.py puts it on the kernel's
path and imports it at kernel start (an IPython start-up file), as Colab does.
``google`` has no ``__init__.py`` here, so it stays a namespace package and google.protobuf
(TensorFlow's) still imports.
"""

from . import output

__all__ = ["output"]
