"""Tiny authoring helper: write a notebook from a list of (kind, source[, tags]) cells.

Authors may keep a notebook as a Python script that calls ``write`` (handy for
review), or edit the .ipynb in JupyterLab; either way solutions/ is the source.

    from tools.nb import md, code, write
    write("solutions/02_flatten.ipynb", [md("# 02 · Flatten"), code("x = 1")])
"""

from __future__ import annotations

import sys
import textwrap
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_lessons import BADGES_TAG, SETUP_TAG, dumps  # noqa: E402


def _cell(kind: str, source: str, tags=()) -> dict:
    cell = {
        "cell_type": kind,
        "id": uuid.uuid5(uuid.NAMESPACE_URL, kind + source).hex[:12],
        "metadata": {"tags": list(tags)} if tags else {},
        "source": textwrap.dedent(source).strip("\n"),
    }
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def md(source: str, tags=()) -> dict:
    return _cell("markdown", source, tags)


def code(source: str, tags=()) -> dict:
    return _cell("code", source, tags)


def badges() -> dict:
    """Placeholder that build_lessons.py fills with this notebook's Colab/Binder links."""
    return md("(badges are generated)", tags=[BADGES_TAG])


def setup() -> dict:
    """Placeholder that build_lessons.py fills with the shared set-up cell."""
    return code("# (setup is generated)", tags=[SETUP_TAG])


def write(path: str, cells: list) -> None:
    ids = [c["id"] for c in cells]
    for i, c in enumerate(cells):  # identical cells would share an id: make them unique
        if ids.count(c["id"]) > 1:
            c["id"] = f"{c['id'][:8]}{i:04d}"
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    Path(path).write_text(dumps(nb), encoding="utf-8")
