"""Data the Cypher tests share: paths, facts whose every string is hostile, and a CSV reader as neo4j-admin reads."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from kg.cypher.neo4j_import import ARRAY_DELIMITER
from kg.model import Evidence, Fact, Node

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / ".." / "shared" / "corpus" / "pages"

# Strings that break string-built queries, CSV writers and script escaping.
HOSTILE = [
    "quote \" and ' apostrophe",
    'back\\slash \\" \\n not-a-newline \\u0041',
    "}) MATCH (n) DETACH DELETE n //",
    "<script>alert('x')</script>",
    "line\nbreak\r\ttab",
    "semi; colon；full-width，comma, `backtick`",
    "宕昌县政协 $param {id: 1}",
]


def hostile_facts() -> tuple[dict[str, Node], list[Fact]]:
    """A person holding posts whose every string is hostile; evidence too."""
    person = Node(
        "person:hostile", "Person", HOSTILE[0], (("aliases", tuple(HOSTILE)), ("anchor", HOSTILE[2]))
    )
    body = Node(
        "organization:hostile",
        "Organization",
        HOSTILE[3],
        (("kind", "cppcc"), ("cppcc", True), ("aliases", (HOSTILE[4],))),
    )
    nodes = {person.id: person, body.id: body}
    facts = []
    for i, text in enumerate(HOSTILE):
        post = Node(f"position:hostile-{i}", "Position", text, (("role", text), ("body", HOSTILE[3])))
        nodes[post.id] = post
        facts.append(
            Fact(person, "HOLDS", post, Evidence(f"article {text}", text, i, i + 3, "positions.v1"), 0.9)
        )
        facts.append(Fact(post, "POST_IN", body, Evidence("a-1", text, i, i + 1, "positions.v1"), 0.8))
    facts.append(
        Fact(
            person,
            "POSSIBLY_SAME_AS",
            person,
            Evidence("a-1", HOSTILE[1], 0, 1, "resolve.v1"),
            0.5,
            (("rule", "same_name_nested_regions"), ("reason", HOSTILE[5])),
        )
    )
    return nodes, facts


HEADER = re.compile(
    r"^(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>ID|string|long|double|boolean|string\[\]|long\[\]|double\[\]|boolean\[\]))?|:START_ID|:END_ID)$"
)


def read_typed(path: Path) -> list[dict[str, Any]]:
    """A CSV as neo4j-admin reads it with --array-delimiter=U+001F: typed values, empty cells absent."""
    with path.open(encoding="utf-8", newline="") as fh:
        header = fh.readline().rstrip("\n").split(",")
        for field in header:
            assert HEADER.match(field), (path.name, field)
        rows = []
        for raw in csv.reader(fh):
            row: dict[str, Any] = {}
            for field, cell in zip(header, raw, strict=True):
                if cell == "":
                    continue
                name, _, kind = field.partition(":")
                name = name or field
                convert = {"long": int, "double": float, "boolean": lambda v: v == "true"}
                if kind.endswith("[]"):
                    value: Any = [convert.get(kind[:-2], str)(v) for v in cell.split(ARRAY_DELIMITER)]
                else:
                    value = convert.get(kind, str)(cell)
                row[name] = value
            rows.append(row)
    return rows
