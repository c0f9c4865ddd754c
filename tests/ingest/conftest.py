"""Shared fixtures for the ingest tests: the real corpus beside the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """The shared corpus (`../shared/corpus`); tests that need it skip without it."""
    if not (CORPUS / "pages").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS.resolve()}")
    return CORPUS


@pytest.fixture
def dev_records(corpus: Path) -> list[dict[str, Any]]:
    """The 18 hand-checked article records of the two seed pages."""
    return _records(corpus / "dev")


@pytest.fixture
def web_records(corpus: Path) -> list[dict[str, Any]]:
    """The 21 web news records (five in traditional script)."""
    return _records(corpus / "web")


@pytest.fixture
def fixtures() -> Path:
    """`tests/fixtures`: fictional texts in the style of the real pages."""
    return Path(__file__).parents[1] / "fixtures"


def _records(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
