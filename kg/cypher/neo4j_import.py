"""`kg export neo4j-import`: CSV files for `neo4j-admin database import full`, the bulk path.

For millions of facts, the offline importer is much faster than MERGE statements. The
folder holds:

- `nodes_<Label>.csv` (and `nodes_Organization_CPPCCBody.csv` for CPPCC bodies, imported
  with both labels): header `id:ID,label,<prop>[:type]…`;
- `relationships_<TYPE>.csv`: header `:START_ID,:END_ID,article,sentence,start:long,
  end:long,extractor,confidence:double[,rule,reason]`, one row per evidence key;
- `import.sh`: the neo4j-admin command line, and `schema.cypher`: the constraints and
  full-text index to run once the database is started (the importer creates none).

The graph model is the one of `kg.cypher.statements`. Strings are quoted CSV (quotes
doubled, newlines kept: `--multiline-fields=true`); empty unquoted fields are absent
properties. Arrays are split on U+001F (`--array-delimiter=U+001F`), a control character
no text holds, so aliases with `;` or `,` stay whole.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.cypher.statements import (
    CPPCC_LABEL,
    is_cppcc_body,
    neo4j_schema_statements,
    node_row,
    relationship_key,
    relationship_row,
)
from kg.model import NODE_TYPES, PREDICATES, Fact, Node

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "write_import", "header_type", "import_command"]

ARRAY_DELIMITER = "\x1f"
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_REL_FIXED = ["article", "sentence", "start:long", "end:long", "extractor", "confidence:double"]


@dataclass(slots=True)
class ImportFiles:
    """What `write_import` wrote: files by label/type, the command, the counts."""

    folder: Path
    nodes: dict[str, Path] = field(default_factory=dict)  # "Person" or "Organization:CPPCCBody" → file
    relationships: dict[str, Path] = field(default_factory=dict)
    node_count: int = 0
    relationship_count: int = 0
    command: str = ""


def header_type(values: Iterable[Any]) -> str:
    """The neo4j-admin header type of a property column from its values.

    >>> header_type(["a", "b"]), header_type([1, 2]), header_type([["x"], ["y", "z"]]), header_type([1, "a"])
    ('string', 'long', 'string[]', 'string')
    """
    kinds: set[str] = set()
    for value in values:
        if isinstance(value, list):
            inner = {_TYPES.get(type(v)) for v in value}
            if len(inner) > 1 or None in inner:
                return "string"
            kinds.add(f"{inner.pop()}[]" if inner else "[]")
        else:
            kind = _TYPES.get(type(value))
            if kind is None:
                return "string"
            kinds.add(kind)
    if "[]" in kinds:  # an empty list fits any array type
        kinds.discard("[]")
        if not kinds:
            return "string[]"
        if not all(k.endswith("[]") for k in kinds):
            return "string"
    return kinds.pop() if len(kinds) == 1 else "string"


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(
            str(v).lower() if isinstance(v, bool) else str(v).replace(ARRAY_DELIMITER, " ") for v in value
        )
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")  # plain names and types: nothing to quote
        writer = csv.writer(fh, quoting=csv.QUOTE_STRINGS, lineterminator="\n")
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _node_file(folder: Path, group: str, rows: list[dict[str, Any]]) -> int:
    keys: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        for key, value in row["props"].items():
            if key != "label":
                keys[key].append(value)
    columns = [(key, header_type(values)) for key, values in sorted(keys.items())]
    header = ["id:ID", "label"] + [k if t == "string" else f"{k}:{t}" for k, t in columns]
    body = (
        [row["id"], row["props"]["label"]] + [_cell(row["props"].get(k), t) for k, t in columns]
        for row in rows
    )
    return _write_csv(folder / f"nodes_{group.replace(':', '_')}.csv", header, body)


def import_command(files: ImportFiles, database: str = "neo4j") -> str:
    """The neo4j-admin command line for the files (run from their folder, database stopped)."""
    parts = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
    ]
    parts += [f"--nodes={label}={path.name}" for label, path in files.nodes.items()]
    parts += [f"--relationships={rel}={path.name}" for rel, path in files.relationships.items()]
    return " ".join(shlex.quote(p) for p in parts)


def write_import(
    folder: Path | str, nodes: Mapping[str, Node], facts: Iterable[Fact], database: str = "neo4j"
) -> ImportFiles:
    """Write the import folder for a build's nodes and facts (node files, relationship files, command)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv"):
        old.unlink()
    files = ImportFiles(out)
    all_nodes = dict(nodes)
    extras: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[Any, ...]] = set()
    rows_by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        key = relationship_key(fact)
        if key in seen:
            continue
        seen.add(key)
        for end in (fact.subject, fact.object):
            all_nodes.setdefault(end.id, end)
        row = relationship_row(fact)
        rows_by_type[fact.predicate].append(row)
        extras[fact.predicate].update(k for k in row["props"] if k not in ("sentence", "confidence"))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(all_nodes.values(), key=lambda n: (NODE_TYPES.index(n.type), n.id)):
        groups[f"{node.type}:{CPPCC_LABEL}" if is_cppcc_body(node) else node.type].append(node_row(node))
    for group, rows in groups.items():
        files.node_count += _node_file(out, group, rows)
        files.nodes[group] = out / f"nodes_{group.replace(':', '_')}.csv"
    for predicate in PREDICATES:
        if predicate not in rows_by_type:
            continue
        extra = sorted(extras[predicate])
        header = [":START_ID", ":END_ID", *_REL_FIXED, *extra]
        body = (
            [
                r["subject"],
                r["object"],
                r["article"],
                r["props"]["sentence"],
                r["start"],
                r["end"],
                r["extractor"],
                r["props"]["confidence"],
            ]
            + [_cell(r["props"].get(k), "string") for k in extra]
            for r in rows_by_type[predicate]
        )
        path = out / f"relationships_{predicate}.csv"
        files.relationship_count += _write_csv(path, header, body)
        files.relationships[predicate] = path
    files.command = import_command(files, database)
    (out / "import.sh").write_text(
        "#!/bin/sh\n# Bulk-load this build into an empty, stopped Neo4j 5 database, then start it and run\n"
        "# `cypher-shell -f schema.cypher` for the constraints and the full-text index.\n"
        f'cd "$(dirname "$0")" && {files.command} "$@"\n',
        encoding="utf-8",
    )
    (out / "import.sh").chmod(0o755)
    (out / "schema.cypher").write_text(
        "".join(s + ";\n" for s in neo4j_schema_statements()), encoding="utf-8"
    )
    return files
