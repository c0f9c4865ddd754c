"""`kg load neo4j`: every statement it sends passes Neo4j's linter; errors are one clear line.

No Neo4j server can be installed here, so what the statements *do* is checked on the
embedded engine (tests/cypher/test_embedded.py runs the same `load_graph`), and what the
server says *no* with comes from a Bolt server that only refuses (fake_bolt.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cypher_fixtures import ROOT, hostile_facts
from cypher_lint import problems
from fake_bolt import FakeBolt

from kg.build_folder import load_build
from kg.cypher.loader import load_graph
from kg.cypher.statements import neo4j_schema_statements


class RecordingTarget:
    """Records what `load_graph` would send to Neo4j: the schema, each write, each read."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def ensure_schema(self) -> None:
        self.sent += [(s, {}) for s in neo4j_schema_statements()]

    def write(self, query: str, params: dict[str, Any]) -> None:
        self.sent.append((query, params))

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        self.sent.append((query, params or {}))
        return [[0]]


def test_every_statement_sent_for_the_seed_pages_passes_neo4js_linter(pages_build):
    b = load_build(pages_build)
    target = RecordingTarget()
    load_graph(target, b.nodes, b.facts())  # the default batch size, as `kg load neo4j` sends them
    assert len(target.sent) > 30
    assert problems(target.sent) == []


def test_statements_with_hostile_rows_pass_neo4js_linter():
    nodes, facts = hostile_facts()
    target = RecordingTarget()
    load_graph(target, nodes, facts)
    assert problems(target.sent) == []


def test_the_linter_does_report_a_broken_statement():
    found = problems([("UNWIND $rows AS row MERGE (n:Person {id: row.id}) RETRN n", {"rows": []})])
    assert found and found[0][0] == "error"


# -- errors, as a user meets them --------------------------------------------------------


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def build_dir(hostile_build: Path) -> str:
    return str(hostile_build)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_a_refused_connection_is_one_line_within_ten_seconds(build_dir):
    uri = f"bolt://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = kg("load", "neo4j", "-e", build_dir, "--uri", uri, env={"KG_NEO4J_PASSWORD": "x"})
    line = one_error_line(result)
    assert time.monotonic() - started < 10
    assert line.startswith(f"Error: cannot reach Neo4j at {uri} (")
    assert line.endswith("start it (see docs/cypher.md for a docker run line) or pass --uri")


def test_a_wrong_password_is_one_line(build_dir):
    with FakeBolt("auth") as uri:
        result = kg("load", "neo4j", "-e", build_dir, "--uri", uri, env={"KG_NEO4J_PASSWORD": "wrong"})
    assert one_error_line(result) == (
        f"Error: Neo4j at {uri} refused the login (The client is unauthorized due to authentication failure.); "
        "set KG_NEO4J_PASSWORD or check --user"
    )


def test_a_missing_database_is_one_line(build_dir):
    with FakeBolt("nodb") as uri:
        result = kg(
            "load",
            "neo4j",
            "-e",
            build_dir,
            "--uri",
            uri,
            "--database",
            "nope",
            env={"KG_NEO4J_PASSWORD": "x"},
        )
    assert one_error_line(result) == (
        f"Error: Neo4j at {uri} has no database 'nope'; create it (CREATE DATABASE nope) or pass --database"
    )


def test_without_a_password_and_a_terminal_it_says_where_the_password_goes(build_dir):
    env = {k: v for k, v in os.environ.items() if k != "KG_NEO4J_PASSWORD"}
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "load", "neo4j", "-e", build_dir],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert one_error_line(result) == (
        "Error: no Neo4j password: set KG_NEO4J_PASSWORD (it is never taken as a flag, which `ps` would show)"
    )


def test_there_is_no_password_flag(build_dir):
    result = kg("load", "neo4j", "-e", build_dir, "--password", "secret")
    assert result.returncode == 2
    assert "No such option: --password" in result.stderr
