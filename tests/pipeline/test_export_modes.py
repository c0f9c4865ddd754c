"""Exports are for others to read: every file a build or an export writes gets the mode a
plain `open()` gives (0644 under umask 022), not the private mode of a temporary file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.build_folder import Build
from kg.pipeline import build
from kg.sinks import sinks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_export_is_readable_by_others(tmp_path, umask_022):
    out = tmp_path / "out"
    build([ROOT / "examples"], out, stores=["html"])
    for name in ("rdf", "graphml", "cypher-script"):
        sinks.get(name)(out).write(Build(out))
    written = [p for p in out.iterdir() if p.is_file() and not p.name.startswith(".")]
    assert {"facts.jsonl", "nodes.jsonl", "articles.jsonl", "graph.html", "graph.ttl", "graph.graphml"} <= {
        p.name for p in written
    }
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name
