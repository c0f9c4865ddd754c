"""`load_graph()`: the one loader that Neo4j and the embedded engine both run.

A target is anything with three methods (`CypherTarget`): prepare its schema, run one
write statement with parameters, and answer a read query. The loader sends the
statements of `kg.cypher.statements.graph_batches` in order and counts the result, so
what the embedded engine's tests check (counts, idempotence, resuming an interrupted
load) is what Neo4j receives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from kg.cypher.statements import DEFAULT_BATCH, Batch, count_queries, graph_batches
from kg.model import Fact, Node

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = ["CypherTarget", "GraphCounts", "LoadReport", "graph_counts", "load_graph"]


class CypherTarget(Protocol):
    """A Cypher store the loader can write to.

    - `ensure_schema()`: create the id indexes/constraints; safe to call again.
    - `write(query, params)`: run one write statement (a transaction of its own).
    - `read(query, params)`: run a read query; rows as lists, in column order.
    Each raises `StoreUnavailable` or `QueryError` with a message a user can act on.
    """

    def ensure_schema(self) -> None: ...

    def write(self, query: str, params: dict[str, Any]) -> None: ...

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]: ...


@dataclass(frozen=True, slots=True)
class GraphCounts:
    """Nodes per label and relationships per type (zeros left out)."""

    nodes: dict[str, int]
    relationships: dict[str, int]

    @property
    def total_nodes(self) -> int:
        return sum(v for k, v in self.nodes.items() if k != "CPPCCBody")  # CPPCC bodies are Organizations

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships}


@dataclass(slots=True)
class LoadReport:
    statements: int = 0
    node_rows: int = 0
    relationship_rows: int = 0
    spell_rows: int = 0  # each a Spell node and its HAS_SPELL and IN_POST
    seconds: float = 0.0
    counts: GraphCounts = field(default_factory=lambda: GraphCounts({}, {}))


def graph_counts(target: CypherTarget) -> GraphCounts:
    """Count every label and relationship type in the store, with the same queries on every engine."""
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    for kind, name, query in count_queries():
        rows = target.read(query)
        count = int(rows[0][0]) if rows else 0
        if count:
            (nodes if kind == "nodes" else rels)[name] = count
    return GraphCounts(nodes, rels)


def load_graph(
    target: CypherTarget,
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[Batch], None] | None = None,
    fresh: bool = False,
    spells: Iterable[Spell] = (),
) -> LoadReport:
    """Load nodes, facts and spells into `target`: schema first, then batched MERGE statements.

    Idempotent (every statement is a MERGE on the id or the evidence key), so loading the
    same build twice leaves the same counts, a bigger build adds only what is new, and an
    interrupted load is finished by running it again.

    Args:
        target: the store (`EmbeddedGraph`, `Neo4jTarget`).
        nodes: resolved nodes by id (`Build.nodes`).
        facts: the build's facts, streamed once.
        batch_size: rows per statement.
        on_batch: called after each statement (progress bars).
        fresh: the store holds nothing yet (the embedded store, written anew by each build):
            relationships are created, not merged, so loading stays linear in the facts
            however many relationships a hub node (a county, its 政协) has. Not idempotent.
        spells: the build's spells (`kg.cypher.spells.build_spells`), loaded last as
            `Spell` nodes; always merged, so loading them twice changes nothing.
    """
    started = time.perf_counter()
    report = LoadReport()
    target.ensure_schema()
    for batch in graph_batches(nodes, facts, batch_size, fresh=fresh, spells=spells):
        target.write(batch.query, batch.params)
        report.statements += 1
        if batch.kind == "nodes":
            report.node_rows += len(batch.rows)
        elif batch.kind == "spells":
            report.spell_rows += len(batch.rows)
        else:
            report.relationship_rows += len(batch.rows)
        if on_batch is not None:
            on_batch(batch)
    report.counts = graph_counts(target)
    report.seconds = time.perf_counter() - started
    return report
