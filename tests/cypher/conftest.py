"""Builds the Cypher tests share: the examples, the seed pages, and one of hostile strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cypher_fixtures import PAGES, ROOT, hostile_facts

from kg.pipeline import build


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    build([ROOT / "examples"], out, stores=())
    return out


@pytest.fixture(scope="session")
def tenure_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fictional 资溪县政协 over two terms: a build with spells (spells.jsonl)."""
    out = tmp_path_factory.mktemp("tenure")
    build([ROOT / "examples" / "tenure_records.jsonl"], out, stores=())
    return out


@pytest.fixture(scope="session")
def pages_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PAGES.is_dir():
        pytest.skip("the seed pages (../shared/corpus/pages) are not here")
    out = tmp_path_factory.mktemp("pages")
    build([PAGES], out, stores=())
    return out


@pytest.fixture
def hostile_build(tmp_path: Path) -> Path:
    """A build folder (nodes.jsonl, facts.jsonl) written from `hostile_facts()`."""
    nodes, facts = hostile_facts()
    with (tmp_path / "nodes.jsonl").open("w", encoding="utf-8") as fh:
        for node in nodes.values():
            fh.write(json.dumps(node.to_dict(), ensure_ascii=False) + "\n")
    with (tmp_path / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for fact in facts:
            fh.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
    return tmp_path
