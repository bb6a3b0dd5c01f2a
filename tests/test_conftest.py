"""tests/conftest.py: its list of slow tests names only tests that exist."""

from conftest import ROOT, SLOW


def test_every_name_in_the_slow_list_is_a_test_that_exists():
    """A renamed or deleted test must leave SLOW too, or its successor runs inside `make check`."""
    missing = []
    for name in sorted(SLOW):
        path, function = name.split("::")
        source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else ""
        if f"def {function}(" not in source:
            missing.append(name)
    assert missing == []
