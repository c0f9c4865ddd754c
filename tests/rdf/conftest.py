"""Shared fixtures for the RDF tests: a build of the fictional examples, and hand-made facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build examples/ -o DIR` (JSONL only), once per session."""
    out = tmp_path_factory.mktemp("examples")
    build([ROOT / "examples"], out, stores=())
    return out


@pytest.fixture(scope="session")
def examples_ttl(examples_build: Path) -> Path:
    from kg.build_folder import load_build
    from kg.rdf.mapping import write_rdf

    b = load_build(examples_build)
    return write_rdf(b.facts(), examples_build / "graph.ttl", nodes=b.nodes, articles=b.articles).path
