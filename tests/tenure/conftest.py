"""The fictional 资溪县政协 over two terms (examples/tenure_records.jsonl), built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tenure_records.jsonl"


@pytest.fixture(scope="session")
def tenure_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tenure")
    build([SAMPLE], out, stores=())
    return out
