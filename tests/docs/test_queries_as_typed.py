"""docs/queries.md through the commands, as a user types them after `make run` (issue 19):
`kg cypher QUERY -p NAME=VALUE` and `kg sparql QUERY --bind NAME=VALUE`, values as the
page's `Parameters:` lines write them, in the folder `make run` wrote."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from queries_doc import DOC, parse

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = parse(DOC.read_text(encoding="utf-8"))
IDS = [q.title.split(".")[0] for q in QUESTIONS]


def kg(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    cwd = tmp_path_factory.mktemp("clone")
    result = kg(cwd, "build", str(ROOT / "examples"), "-o", "exports/")  # what `make run` does
    assert result.returncode == 0, result.stderr
    return cwd


def _rows(text: str) -> list[list[str]]:
    return [
        [{"True": "true", "False": "false"}.get(c, c) for c in row] for row in csv.reader(io.StringIO(text))
    ]


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_kg_cypher_with_the_documented_parameters_gives_the_documented_answer(clone, question):
    params = [arg for k, v in question.params.items() for arg in ("-p", f"{k}={v}")]
    result = kg(clone, "cypher", question.cypher, *params, "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert _rows(result.stdout) == question.answer


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_kg_sparql_with_the_documented_bindings_gives_the_documented_answer(clone, question):
    binds = [arg for k, v in question.params.items() for arg in ("--bind", f"{k}={v}")]
    result = kg(clone, "sparql", question.sparql, *binds, "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    index = [rows[0].index(column) for column in question.answer[0]]
    assert [[row[i] for i in index] for row in rows] == question.answer
