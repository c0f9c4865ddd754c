"""The graph model as Cypher: schema statements, parameterised MERGE statements and their rows.

One model for every Cypher store (Neo4j, the embedded engine, the `.cypher` script and the
neo4j-admin CSVs), so the same query text runs everywhere:

- a node's label is its type (`Person`, `Position`, `Organization`, `Region`, `Meeting`,
  `Document`, `Article`); CPPCC bodies (`kind == "cppcc"`) also carry `CPPCCBody`;
  properties are `id`, `label` and the node's props (lists stay lists);
- a relationship's type is the predicate; it carries its evidence (`article`, `sentence`,
  `start`, `end`, `extractor`), `confidence`, and `rule`/`reason` where present;
- one relationship per (subject, predicate, object, article, start, end, extractor): every
  piece of evidence survives, and loading the same facts again creates nothing;
- each spell (posts in time, `kg.tenure`) is a `Spell` node,
  `(:Person)-[:HAS_SPELL]->(:Spell)-[:IN_POST]->(:Position)` (see `kg.cypher.spells`),
  loaded after the facts.

Labels and relationship types cannot be parameters in Cypher, so they are the only part
of a statement built from text, and only from the fixed lists `NODE_TYPES`/`PREDICATES`;
every value travels as a parameter (`$rows`).

    >>> merge_nodes_query("Person")
    'UNWIND $rows AS row MERGE (n:Person {id: row.id}) SET n += row.props'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kg.cypher.spells import SPELL_LABEL, SPELL_RELATIONSHIPS, merge_spells_query, spell_row_batches
from kg.model import NODE_TYPES, PREDICATES, Fact, Node

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = [
    "CPPCC_LABEL",
    "LABELS",
    "ID_LABELS",
    "RELATIONSHIP_TYPES",
    "EVIDENCE_KEY",
    "Batch",
    "is_cppcc_body",
    "node_row",
    "relationship_row",
    "relationship_key",
    "distinct_facts",
    "merge_nodes_query",
    "merge_relationships_query",
    "graph_batches",
    "neo4j_schema_statements",
    "embedded_index_statements",
    "count_queries",
    "property_value",
]

CPPCC_LABEL = "CPPCCBody"
LABELS = (*NODE_TYPES, CPPCC_LABEL, SPELL_LABEL)
# every label with an `id` of its own (CPPCCBody is an extra label of Organization)
ID_LABELS = (*NODE_TYPES, SPELL_LABEL)
RELATIONSHIP_TYPES = (*PREDICATES, *SPELL_RELATIONSHIPS)
# The evidence that tells two relationships with the same ends and type apart.
EVIDENCE_KEY = ("article", "start", "end", "extractor")
DEFAULT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Batch:
    """One statement and the rows it takes as `$rows`."""

    kind: Literal["nodes", "relationships", "spells"]
    entity: str  # the node label or the relationship type (`Spell` for spells)
    query: str
    rows: list[dict[str, Any]]

    @property
    def params(self) -> dict[str, Any]:
        return {"rows": self.rows}


def _check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown node label {label!r}; expected one of {LABELS}")
    return label


def _check_type(predicate: str) -> str:
    if predicate not in PREDICATES:
        raise ValueError(f"unknown relationship type {predicate!r}; expected one of {PREDICATES}")
    return predicate


def property_value(value: Any) -> Any:
    """A value Neo4j and FalkorDB can store as a property; None when it should be left out.

    Strings, numbers and booleans stay; lists of one scalar type stay lists; anything else
    (maps, mixed lists) becomes its JSON text, since neither store keeps maps as properties.

    >>> property_value(("县政协", "政协宕昌县委员会"))
    ['县政协', '政协宕昌县委员会']
    >>> property_value({"a": 1})
    '{"a": 1}'
    >>> property_value(None) is None
    True
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        items = list(value)
        kinds = {type(v) for v in items}
        if len(kinds) <= 1 and kinds <= {str, int, float, bool}:
            return items
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _props(pairs: Iterable[tuple[str, Any]], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in skip:
            continue
        stored = property_value(value)
        if stored is not None:
            out[key] = stored
    return out


def is_cppcc_body(node: Node) -> bool:
    """True for CPPCC committees, which carry the extra label `CPPCCBody`."""
    return node.type == "Organization" and (node.prop("kind") == "cppcc" or node.prop("cppcc") is True)


def node_row(node: Node) -> dict[str, Any]:
    """The `$rows` entry of a node: its id, and `label` plus its props as `props`.

    >>> node_row(Node("region:620881", "Region", "华亭市", (("code", "620881"), ("aliases", ("华亭县",)))))
    {'id': 'region:620881', 'props': {'label': '华亭市', 'code': '620881', 'aliases': ['华亭县']}}
    """
    return {"id": node.id, "props": {"label": node.label, **_props(node.props, skip=("id", "type", "label"))}}


def relationship_key(fact: Fact) -> tuple[Any, ...]:
    """What makes a relationship one: both ends, the type and the evidence key."""
    e = fact.evidence
    return (fact.subject.id, fact.predicate, fact.object.id, e.article_id, e.start, e.end, e.extractor)


def relationship_row(fact: Fact) -> dict[str, Any]:
    """The `$rows` entry of a fact: both ends' ids, the evidence key, and the rest as `props`."""
    e = fact.evidence
    props = {"sentence": e.sentence, "confidence": round(fact.confidence, 3), **_props(fact.extra)}
    return {
        "subject": fact.subject.id,
        "object": fact.object.id,
        "article": e.article_id,
        "start": e.start,
        "end": e.end,
        "extractor": e.extractor,
        "props": props,
    }


def merge_nodes_query(label: str, cppcc: bool = False) -> str:
    """`UNWIND $rows AS row MERGE …` for nodes of one type (CPPCC bodies get their extra label)."""
    extra = f", n:{CPPCC_LABEL}" if cppcc else ""
    return f"UNWIND $rows AS row MERGE (n:{_check_label(label)} {{id: row.id}}) SET n += row.props{extra}"


def merge_relationships_query(predicate: str, subject_type: str, object_type: str) -> str:
    """`UNWIND $rows AS row MATCH … MERGE (a)-[r:TYPE {evidence key}]->(b)` for one type and pair of ends.

    The ends are matched with their labels so the `id` index (or constraint) is used.

    >>> merge_relationships_query("HOLDS", "Person", "Position")  # doctest: +NORMALIZE_WHITESPACE
    'UNWIND $rows AS row MATCH (a:Person {id: row.subject}) MATCH (b:Position {id: row.object})
     MERGE (a)-[r:HOLDS {article: row.article, start: row.start, end: row.end, extractor: row.extractor}]->(b)
     SET r += row.props'
    """
    key = ", ".join(f"{k}: row.{k}" for k in EVIDENCE_KEY)
    return (
        f"UNWIND $rows AS row MATCH (a:{_check_label(subject_type)} {{id: row.subject}}) "
        f"MATCH (b:{_check_label(object_type)} {{id: row.object}}) "
        f"MERGE (a)-[r:{_check_type(predicate)} {{{key}}}]->(b) SET r += row.props"
    )


def create_relationships_query(predicate: str, subject_type: str, object_type: str) -> str:
    """`UNWIND $rows AS row MATCH … CREATE (a)-[r:TYPE {evidence key}]->(b)`: for a store
    loaded fresh, where no relationship exists yet and the rows are distinct.

    MERGE looks at every relationship already between the two ends, so the thousands of
    `LOCATED_IN` of one county's 政协 (one per article) made a load quadratic (issue 17).

    >>> create_relationships_query("HOLDS", "Person", "Position")  # doctest: +NORMALIZE_WHITESPACE
    'UNWIND $rows AS row MATCH (a:Person {id: row.subject}) MATCH (b:Position {id: row.object})
     CREATE (a)-[r:HOLDS {article: row.article, start: row.start, end: row.end, extractor: row.extractor}]->(b)
     SET r += row.props'
    """
    return merge_relationships_query(predicate, subject_type, object_type).replace(
        f"MERGE (a)-[r:{predicate} ", f"CREATE (a)-[r:{predicate} "
    )


def _node_group(node: Node) -> tuple[int, bool]:
    return (NODE_TYPES.index(node.type), is_cppcc_body(node))


def _node_batches(nodes: Iterable[Node], size: int) -> Iterator[Batch]:
    groups: dict[tuple[int, bool], list[Node]] = defaultdict(list)
    for node in nodes:
        groups[_node_group(node)].append(node)
    for (type_index, cppcc), members in sorted(groups.items()):
        label = NODE_TYPES[type_index]
        query = merge_nodes_query(label, cppcc)
        members.sort(key=lambda n: n.id)
        for i in range(0, len(members), size):
            yield Batch("nodes", label, query, [node_row(n) for n in members[i : i + size]])


def distinct_facts(facts: Iterable[Fact]) -> Iterator[Fact]:
    """The facts, each relationship (`relationship_key`) once.

    A build's facts come article by article, and repeats share their article, so only the
    keys of the current article are remembered: memory stays flat. (A repeat across
    articles would be MERGEd again by a loader, which changes nothing.)
    """
    seen: set[tuple[Any, ...]] = set()
    article = None
    for fact in facts:
        if fact.evidence.article_id != article:
            article = fact.evidence.article_id
            seen.clear()
        key = relationship_key(fact)
        if key not in seen:
            seen.add(key)
            yield fact


def graph_batches(
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    batch_size: int = DEFAULT_BATCH,
    fresh: bool = False,
    spells: Iterable[Spell] = (),
) -> Iterator[Batch]:
    """Every statement that loads a build, in order: all nodes first, then relationships,
    then the spells (`kg.cypher.spells`), whose ends are loaded by then.

    `nodes` are the resolved nodes (`Build.nodes`); facts stream through once, grouped by
    type and end labels and flushed every `batch_size` rows, so memory stays flat. A fact
    end missing from `nodes` is loaded from the fact itself before its relationship.
    Repeated facts with the same evidence key are sent once. `fresh` (a store with no
    relationships yet) CREATEs relationships instead of MERGEing them: the evidence key
    holds the article, and repeats are dropped within an article, so no two rows are one
    relationship, and the load stays linear however many relationships a node has.

    >>> from kg.model import Evidence
    >>> p, q = Node("person:a", "Person", "甲"), Node("position:b", "Position", "县政协主席")
    >>> f = Fact(p, "HOLDS", q, Evidence("art-1", "县政协主席甲", 0, 5, "positions.v1"), 0.9)
    >>> [(b.kind, b.entity, len(b.rows)) for b in graph_batches({p.id: p}, [f, f])]
    [('nodes', 'Person', 1), ('nodes', 'Position', 1), ('relationships', 'HOLDS', 1)]
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    yield from _node_batches(nodes.values(), batch_size)
    known = set(nodes)
    pending_nodes: dict[str, Node] = {}
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)

    def flush(group: tuple[str, str, str]) -> Iterator[Batch]:
        if pending_nodes:
            yield from _node_batches(pending_nodes.values(), batch_size)
            known.update(pending_nodes)
            pending_nodes.clear()
        rows = groups.pop(group)
        query = create_relationships_query(*group) if fresh else merge_relationships_query(*group)
        yield Batch("relationships", group[0], query, rows)

    for fact in distinct_facts(facts):
        for end in (fact.subject, fact.object):
            if end.id not in known and end.id not in pending_nodes:
                pending_nodes[end.id] = end
        group = (fact.predicate, fact.subject.type, fact.object.type)
        groups[group].append(relationship_row(fact))
        if len(groups[group]) >= batch_size:
            yield from flush(group)
    for group in sorted(groups):
        yield from flush(group)
    for rows in spell_row_batches(spells, batch_size):
        yield Batch("spells", SPELL_LABEL, merge_spells_query(), rows)


def neo4j_schema_statements() -> list[str]:
    """Constraints and indexes for Neo4j 5, run before any MERGE (each is idempotent).

    A uniqueness constraint on `id` per node type (it is also the index MERGE uses), and
    one full-text index over `label` and `aliases` with Lucene's CJK analyzer, so Chinese
    names match by their characters: `CALL db.index.fulltext.queryNodes("kg_names", "宕昌")`.
    """
    out = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in ID_LABELS
    ]
    out.append(
        f"CREATE FULLTEXT INDEX kg_names IF NOT EXISTS FOR (n:{'|'.join(NODE_TYPES)}) "
        "ON EACH [n.label, n.aliases] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    return out


def embedded_index_statements() -> dict[str, str]:
    """FalkorDB's index on `id` per node type and `Spell` (no IF NOT EXISTS there: check first)."""
    return {label: f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in ID_LABELS}


def count_queries() -> Iterator[tuple[str, str, str]]:
    """(kind, name, query) counting each label and relationship type; the same text on both engines."""
    for label in LABELS:
        yield "nodes", label, f"MATCH (n:{label}) RETURN count(n) AS count"
    for predicate in RELATIONSHIP_TYPES:
        yield "relationships", predicate, f"MATCH ()-[r:{predicate}]->() RETURN count(r) AS count"
