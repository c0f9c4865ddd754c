"""Neo4j's own Cypher 5 parser and linter, driven through tools/cypher-lint/lint.mjs."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from cypher_fixtures import ROOT

TOOL = ROOT / "tools" / "cypher-lint"


def lint(items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Diagnostics for each (query, parameters): [{query, diagnostics: [{severity, message}]}]."""
    if (
        shutil.which("node") is None
        or not (TOOL / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()
    ):
        pytest.skip(
            "Neo4j's Cypher linter is not installed: run `bash tools/setup/cypher-lint.sh` (make test does)"
        )
    # a loader sends one statement many times with other rows: Neo4j parses and checks the
    # text and the parameters it names, not their values, so each (text, names) once
    distinct = {(q, tuple(sorted(p))): (q, p) for q, p in reversed(items)}
    once = [distinct[key] for key in dict.fromkeys((q, tuple(sorted(p))) for q, p in items)]
    payload = json.dumps([{"query": q, "parameters": p} for q, p in once], ensure_ascii=False)
    done = subprocess.run(
        ["node", str(TOOL / "lint.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def problems(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """(severity, message, query) for every error and warning; empty when Neo4j accepts all."""
    return [
        (d["severity"], d["message"], r["query"][:200])
        for r in lint(items)
        for d in r["diagnostics"]
        if d["severity"] in ("error", "warning")
    ]
