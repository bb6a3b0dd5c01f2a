"""Review case (issue 23, labelled by the truth): a refused training setting in lessons 06 and 07 must
not break any later cell. Runs the LEARNER notebook with a bad value injected into the training
settings and returns the indices of the cells that raised (only the training cell may)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]


def failing_cells(lesson: str, bad: str = '"forty"') -> tuple[int, list[int]]:
    """Run ``lessons/<lesson>`` with ``EPOCHS`` set to ``bad``: (index of the training cell, cells that
    raised). Every cell runs (errors allowed), as a learner would run the rest after a mistake."""
    nb = nbformat.read(ROOT / "lessons" / lesson, as_version=4)
    training = next(i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and "EPOCHS, PATIENCE" in c.source)
    nb.cells[training].source = re.sub(r"EPOCHS, PATIENCE, BATCH_SIZE, LEARNING_RATE = \d+",
                                       f"EPOCHS, PATIENCE, BATCH_SIZE, LEARNING_RATE = {bad}",
                                       nb.cells[training].source)
    client = NotebookClient(nb, timeout=600, allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "lessons")}})
    try:
        client.execute()
    except CellExecutionError:  # allow_errors keeps going; this is only a safety net
        pass
    raised = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    return training, raised


if __name__ == "__main__":
    for name in ("06_comparing_heads_fairly.ipynb", "07_beyond_images_and_pitfalls.ipynb"):
        print(name, failing_cells(name))
