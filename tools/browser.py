"""Find an installed Chrome or Chromium for Playwright, on Linux, macOS and Windows.

The browser test and ``make bench`` drive the system's browser (no Playwright browser download).
:func:`find_chromium` looks, in this order, at

1. ``COURSE_CHROMIUM``: a path to a Chrome/Chromium/Edge executable (or a command on PATH);
2. the usual install locations of this platform (Debian's /usr/bin/chromium, the macOS .app
   bundles, Program Files and the per-user install on Windows);
3. the usual command names on PATH (chromium, google-chrome, chrome, ...).

Microsoft Edge is Chromium too and ships with Windows, so it is the last resort there and on macOS.
:func:`install_hint` says how to get one on this platform, for skip and error messages.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ENV_VAR = "COURSE_CHROMIUM"


def _windows_locations() -> list[Path]:
    roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
    roots = [Path(r) for r in roots if r] or [Path(r"C:\Program Files"), Path(r"C:\Program Files (x86)")]
    relative = [Path("Google", "Chrome", "Application", "chrome.exe"),
                Path("Chromium", "Application", "chrome.exe"),
                Path("Microsoft", "Edge", "Application", "msedge.exe")]
    # Chrome before Edge, whichever of Program Files / the per-user folder holds it.
    return [root / rel for rel in relative for root in roots]


# System-wide places (module constants so tests can point them at an empty folder).
MACOS_FOLDERS = (Path("/Applications"),)
LINUX_LOCATIONS = tuple(Path(p) for p in (
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable", "/snap/bin/chromium", "/opt/google/chrome/chrome"))


def _macos_locations() -> list[Path]:
    apps = ["Google Chrome", "Chromium", "Google Chrome for Testing", "Microsoft Edge"]
    folders = [*MACOS_FOLDERS, Path.home() / "Applications"]
    return [folder / f"{app}.app" / "Contents" / "MacOS" / app for app in apps for folder in folders]


def known_locations(platform: str = sys.platform) -> list[Path]:
    """Where Chrome/Chromium usually lives on ``platform`` (a ``sys.platform`` value)."""
    if platform.startswith("win"):
        return _windows_locations()
    if platform == "darwin":
        return _macos_locations()
    return list(LINUX_LOCATIONS)


COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_chromium(platform: str = sys.platform) -> str | None:
    """Path of a Chrome/Chromium executable, or None (see the module docstring for the order).

    A ``COURSE_CHROMIUM`` that points at nothing runnable gives None rather than a silent fallback,
    so a typo shows up in the skip message instead of another browser being used.
    """
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        if _executable(Path(chosen)):
            return chosen
        return shutil.which(chosen)
    for path in known_locations(platform):
        if _executable(path):
            return str(path)
    for name in COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def install_hint(platform: str = sys.platform) -> str:
    """How to get a browser the tests can drive on ``platform``; always mentions COURSE_CHROMIUM."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return f"{ENV_VAR}={chosen!r} is not an executable: point it at chrome, chromium or msedge"
    if platform.startswith("win"):
        how = "install Google Chrome (`winget install Google.Chrome`, or https://www.google.com/chrome/)"
    elif platform == "darwin":
        how = "install Google Chrome (`brew install --cask google-chrome`, or https://www.google.com/chrome/)"
    else:
        how = ("install Chromium (Debian: `sudo apt-get install chromium`; Ubuntu: `sudo snap install "
               "chromium`; Fedora: `sudo dnf install chromium`)")
    return f"no Chrome/Chromium found: {how}, or set {ENV_VAR} to the browser's executable"
