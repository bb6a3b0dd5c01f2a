"""Matplotlib figures used across the lessons.

Every function returns a ``matplotlib.figure.Figure`` (it never calls
``plt.show()``), so the same figure can be shown statically in a notebook,
inside a widget, or checked in a test. Figures are built with the object API
(``Figure()``), so they are not kept alive by pyplot's global state.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["new_figure", "image_grid", "feature_maps", "param_bars", "training_curves"]


def new_figure(width: float = 6.0, height: float = 3.0) -> Figure:
    """A detached Figure (not registered with pyplot) of the given size in inches."""
    if width <= 0 or height <= 0:
        raise ValueError(f"figure size must be positive, got width={width}, height={height}.")
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def image_grid(
    images: np.ndarray, labels: Optional[Sequence] = None, columns: int = 8,
    title: str = "",
) -> Figure:
    """Show ``(N, H, W)`` or ``(N, H, W, C)`` images in a grid with optional labels."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"images must have shape (N, H, W) or (N, H, W, C) with N >= 1, got {images.shape}."
        )
    if columns < 1:
        raise ValueError(f"columns must be >= 1, got columns={columns}.")
    n = len(images)
    cols = min(columns, n)
    rows = -(-n // cols)
    fig = new_figure(1.1 * cols, 1.2 * rows + (0.3 if title else 0))
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap="gray_r" if images.ndim == 3 else None)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def feature_maps(fmap: np.ndarray, max_channels: int = 8, title: str = "") -> Figure:
    """Show the channels of one feature map ``(H, W, C)`` side by side."""
    fmap = np.asarray(fmap)
    if fmap.ndim != 3:
        raise ValueError(f"fmap must have shape (H, W, C), got shape {fmap.shape}.")
    channels = min(fmap.shape[-1], max_channels)
    fig = new_figure(1.6 * channels, 1.9)
    axes = np.atleast_1d(fig.subplots(1, channels, squeeze=False).ravel())
    for c, ax in enumerate(axes):
        ax.imshow(fmap[..., c], cmap="viridis")
        ax.set_title(f"channel {c}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return fig


def param_bars(names: Sequence[str], params: Sequence[int], title: str = "Parameters per layer") -> Figure:
    """Horizontal bars of parameter counts, each labelled with its count and share."""
    names, params = list(names), [int(p) for p in params]
    if len(names) != len(params) or not names:
        raise ValueError(
            f"names and params must be non-empty and the same length, got {len(names)} and {len(params)}."
        )
    total = sum(params) or 1
    fig = new_figure(7, 0.45 * len(names) + 1.2)
    ax = fig.subplots()
    y = np.arange(len(names))[::-1]
    ax.barh(y, params, color="#4c72b0")
    ax.set_yticks(y, names)
    for yi, p in zip(y, params):
        ax.text(p, yi, f" {p:,} ({100 * p / total:.1f}%)", va="center", fontsize=9)
    ax.set_xlabel("parameters")
    ax.set_xlim(0, max(params) * 1.45 + 1)
    ax.set_title(title)
    return fig


def training_curves(histories: dict, metric: str = "accuracy") -> Figure:
    """Train (dashed) and test (solid) curves of ``metric`` for each named History."""
    if not histories:
        raise ValueError("histories must map a name to a keras History (or its .history dict).")
    fig = new_figure(6, 3.2)
    ax = fig.subplots()
    for i, (name, hist) in enumerate(histories.items()):
        h = getattr(hist, "history", hist)
        if metric not in h:
            raise ValueError(f"metric={metric!r} is not in the history of {name!r}: {sorted(h)}.")
        colour = f"C{i}"
        ax.plot(h[metric], "--", color=colour, label=f"{name} (train)")
        if f"val_{metric}" in h:
            ax.plot(h[f"val_{metric}"], "-", color=colour, label=f"{name} (test)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------------------
# Lesson-specific figures. Keep each lesson's figures in its own section below.
# ---------------------------------------------------------------------------

# --- lesson 01 ---------------------------------------------------------------

# --- lesson 02 ---------------------------------------------------------------

# --- lesson 03 ---------------------------------------------------------------

# --- lesson 04 ---------------------------------------------------------------

# --- lesson 05 ---------------------------------------------------------------

# --- lesson 06 ---------------------------------------------------------------

# --- lesson 07 ---------------------------------------------------------------
