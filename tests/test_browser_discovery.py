"""tools/browser.py finds Chrome/Chromium on Linux, macOS and Windows, and says how to get one."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import browser  # noqa: E402  (tools/browser.py)

EXE = ".exe" if os.name == "nt" else ""
CHROME_EXE = Path("Google", "Chrome", "Application", "chrome.exe")


def fake_browser(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def nothing_installed(monkeypatch, tmp_path):
    """No browser anywhere: empty PATH, Windows folders and home in tmp, no COURSE_CHROMIUM."""
    monkeypatch.delenv("COURSE_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.setenv(name, str(tmp_path / name))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(browser, "LINUX_LOCATIONS", ())
    monkeypatch.setattr(browser, "MACOS_FOLDERS", ())
    return tmp_path


def test_course_chromium_wins_over_every_installed_browser(monkeypatch, tmp_path):
    chosen = fake_browser(tmp_path / f"my-chrome{EXE}")
    monkeypatch.setenv("COURSE_CHROMIUM", str(chosen))
    for platform in ("linux", "darwin", "win32"):
        assert browser.find_chromium(platform) == str(chosen)


def test_a_course_chromium_that_points_at_nothing_finds_nothing_and_the_hint_names_it(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CHROMIUM", str(tmp_path / "missing"))
    assert browser.find_chromium() is None
    assert "COURSE_CHROMIUM=" in browser.install_hint() and "missing" in browser.install_hint()


def test_chrome_in_program_files_is_found_on_windows(nothing_installed):
    chrome = fake_browser(nothing_installed / "PROGRAMFILES" / CHROME_EXE)
    assert browser.find_chromium("win32") == str(chrome)


def test_edge_is_the_last_resort_on_windows(nothing_installed):
    edge = fake_browser(nothing_installed / "PROGRAMFILES(X86)" / "Microsoft" / "Edge" / "Application"
                        / "msedge.exe")
    assert browser.find_chromium("win32") == str(edge)
    chrome = fake_browser(nothing_installed / "LOCALAPPDATA" / CHROME_EXE)
    assert browser.find_chromium("win32") == str(chrome)


def test_chrome_in_the_users_applications_folder_is_found_on_macos(nothing_installed):
    app = nothing_installed / "home" / "Applications" / "Google Chrome.app" / "Contents" / "MacOS"
    chrome = fake_browser(app / "Google Chrome")
    assert browser.find_chromium("darwin") == str(chrome)


def test_the_usual_system_locations_are_searched_on_each_platform():
    assert Path("/usr/bin/chromium") in browser.known_locations("linux")
    assert Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome") in browser.known_locations(
        "darwin")
    windows = [str(p).replace("/", "\\") for p in browser.known_locations("win32")]
    assert any(p.endswith(r"Google\Chrome\Application\chrome.exe") for p in windows)


def test_a_browser_on_path_is_found_when_no_usual_location_has_one(nothing_installed):
    on_path = fake_browser(nothing_installed / "bin" / f"google-chrome{EXE}")
    for platform in ("linux", "darwin", "win32"):
        assert browser.find_chromium(platform) == str(on_path)


def test_nothing_installed_gives_none_and_a_hint_for_this_platform(nothing_installed):
    for platform in ("linux", "darwin", "win32"):
        assert browser.find_chromium(platform) is None
    assert "apt-get install chromium" in browser.install_hint("linux")
    assert "brew install --cask google-chrome" in browser.install_hint("darwin")
    assert "winget install Google.Chrome" in browser.install_hint("win32")
    assert all("COURSE_CHROMIUM" in browser.install_hint(p) for p in ("linux", "darwin", "win32"))


def test_the_browser_test_and_bench_use_this_discovery():
    sys.path.insert(0, str(ROOT / "tests"))
    import jupyter_browser

    assert jupyter_browser.find_chromium is browser.find_chromium
    assert jupyter_browser.install_hint is browser.install_hint
