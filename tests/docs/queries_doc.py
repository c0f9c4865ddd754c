"""Reading `docs/queries.md` and running its questions on both engines.

Shared by the test and by the script that writes the answer tables, so the two can
never disagree about what a question's answer is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


@dataclass
class Question:
    title: str
    params: dict[str, str]
    cypher: str
    sparql: str
    answer: list[list[str]]  # the documented rows, header first


def parse(text: str) -> list[Question]:
    out = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        title = block.splitlines()[0].strip()
        cypher = re.search(r"```cypher\n(.*?)```", block, re.S)
        sparql = re.search(r"```sparql\n(.*?)```", block, re.S)
        if not (cypher and sparql):
            continue
        params = dict(re.findall(r"`\$(\w+)` = `([^`]*)`", block))
        rows = [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in block.splitlines()
            if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line.strip())
        ]
        out.append(Question(title, params, cypher.group(1).strip(), sparql.group(1).strip(), rows))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def run_cypher(exports: Path, q: Question) -> list[list[str]]:
    from kg.cypher.embedded_engine import open_store

    with open_store(exports) as store:
        result = store.query(q.cypher, dict(q.params))
    return [result.columns, *[[_cell(v) for v in row] for row in result.rows]]


def run_sparql(data: Path, q: Question, columns: list[str]) -> list[list[str]]:
    """Rows of the SPARQL query, in the Cypher query's columns (SPARQL must select a
    bound variable too, so it may return more)."""
    from kg.rdf.sparql import parse_binding, run_query

    bindings = dict(parse_binding(f"{k}={v}") for k, v in q.params.items())
    result = run_query(data, q.sparql, bindings)
    index = [result.variables.index(c) for c in columns]
    return [columns, *[[_cell(row[i].value if row[i] is not None else None) for i in index] for row in result.rows]]
