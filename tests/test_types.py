"""kg/ type-checks: mypy (pinned in the dev extra, configured in pyproject.toml) passes.

So every `# type: ignore[code]` in kg/ means something: `warn_unused_ignores` fails the
run when one is no longer needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_passes_over_kg() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],  # files and options: [tool.mypy]
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
