"""`kg export cypher`: a self-contained `.cypher` script that `cypher-shell -f` runs.

The constraints and the full-text index first, then the loader's own statements with
`$rows` replaced by a list literal: `UNWIND [{id: "…", props: {…}}, …] AS row MERGE …`,
the spells' `Spell` nodes last (`kg.cypher.spells`).
So the script builds the same graph as `kg load neo4j`, idempotently, and needs no
parameters. One statement per line, each ending in `;` (newlines inside strings are
written `\\n`), so the script splits on line ends.

Strings are double-quoted with `\\\\`, `\\"`, `\\n`, `\\r` and `\\t` escaped: the escapes that
Neo4j and FalkorDB read alike (FalkorDB has no `\\uXXXX`), so the tests run the very same
lines on the embedded engine and get every string back unchanged.

    >>> cypher_literal({"label": 'say "hi"\\n', "aliases": ["a\\\\b"], "n": 3, "ok": True})
    '{label: "say \\\\"hi\\\\"\\\\n", aliases: ["a\\\\\\\\b"], n: 3, ok: true}'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cypher.statements import graph_batches, neo4j_schema_statements
from kg.model import Fact, Node

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = ["cypher_literal", "script_lines", "split_script", "write_script", "SCRIPT_NAME", "SCRIPT_BATCH"]

SCRIPT_NAME = "graph.cypher"
SCRIPT_BATCH = 200  # rows per statement: cypher-shell sends each statement as one transaction
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _key(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal (strings, numbers, booleans, null, lists, maps).

    Raises:
        ValueError: a float that is not finite, or a type Cypher has no literal for.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPES) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"no Cypher literal for {type(value).__name__} {value!r}")


def script_lines(
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    batch_size: int = SCRIPT_BATCH,
    schema: bool = True,
    spells: Iterable[Spell] = (),
) -> Iterator[str]:
    """The script's statements, one per line, each ending in `;` (the schema first unless `schema=False`)."""
    if schema:
        for statement in neo4j_schema_statements():
            yield statement + ";"
    for batch in graph_batches(nodes, facts, batch_size, spells=spells):
        body = batch.query.removeprefix("UNWIND $rows AS row ")
        yield f"UNWIND {cypher_literal(batch.rows)} AS row {body};"


def split_script(text: str) -> list[str]:
    """The statements of a script `write_script` wrote (comment lines skipped, `;` removed)."""
    out = []
    for line in text.split("\n"):
        if line and not line.startswith("//"):
            out.append(line.removesuffix(";"))
    return out


def write_script(
    path: Path | str,
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    batch_size: int = SCRIPT_BATCH,
    spells: Iterable[Spell] = (),
) -> int:
    """Write the script to `path` (atomically), the spells' nodes too; returns the number of statements."""
    from kg.sinks.jsonl import atomic_writer

    count = 0
    with atomic_writer(Path(path)) as fh:
        fh.write(
            "// kg: the graph of one build, for Neo4j 5. Run: cypher-shell -a bolt://localhost:7687 -u neo4j -f "
            f"{Path(path).name}\n// Idempotent: every statement is a MERGE; running it twice changes nothing.\n"
        )
        for line in script_lines(nodes, facts, batch_size, spells=spells):
            fh.write(line + "\n")
            count += 1
    return count
