"""Every row of the README's "Failure behaviour" table names tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def failure_rows() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Failure behaviour", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [re.findall(r"`(test_\w+)`", row) for row in rows[1:]]  # the first row is the header


def test_every_row_of_the_failure_table_names_a_test_that_exists():
    defined = {
        name
        for path in (ROOT / "tests").rglob("test_*.py")
        for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)
    }
    rows = failure_rows()
    assert len(rows) >= 20
    for names in rows:
        assert names, "a row without a test"
        assert set(names) <= defined, set(names) - defined
