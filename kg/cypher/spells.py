"""Spells (posts in time, `kg.tenure`) in the Cypher stores: `Spell` nodes between a person and a post.

    (:Person)-[:HAS_SPELL]->(:Spell)-[:IN_POST]->(:Position)

A spell spans many `HOLDS` facts (one per article and sentence), so it is a node of its
own rather than properties on one of them: `start`, `end`, `first_seen`, `last_seen`,
`status`, `end_known`, `inferred`, `confidence`, `rank`, `rank_source`, `as_of`,
`articles` (the ids of the articles behind it, in the order of their mentions) and
`evidence` (the JSON text of each mention: article, sentence, date, predicate,
tenure), each only where it has a value. Everything about the person and the post stays
on the nodes at the ends. The same node, with the same id, reaches every Cypher store:
the embedded one, Neo4j, the `.cypher` script and the neo4j-admin CSVs.

A spell's id is `spell:` and the digest the RDF export names its `org:Membership` by
(person, post and the day the spell begins), so one spell is one thing in both graphs.

    >>> from kg.tenure import Spell
    >>> s = Spell("甲", "person:1", "X县政协主席", "position:1", "主席", "X县政协", None, None, "county",
    ...           "县处级正职", None, "2021-01-10", None, "2021-01-10", "2023-09-12",
    ...           "current", "none", False, 0.9, "2023-09-12")
    >>> row = spell_rows([s])[0]
    >>> row["id"], row["person"], row["position"], row["props"]["label"], row["props"]["status"]
    ('spell:002ef303a0b578e6', 'person:1', 'position:1', '甲 X县政协主席 2021-01-10–', 'current')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = [
    "SPELL_LABEL",
    "SPELL_RELATIONSHIPS",
    "build_spells",
    "merge_spells_query",
    "spell_id",
    "spell_row_batches",
    "spell_rows",
]

SPELL_LABEL = "Spell"
SPELL_RELATIONSHIPS = ("HAS_SPELL", "IN_POST")  # Person → Spell, Spell → Position
# what a Spell node carries, in this order; person and post live on the nodes at its ends
_PROPS = (
    "start", "end", "first_seen", "last_seen", "status", "end_known", "inferred", "confidence",
    "rank", "rank_source", "as_of",
)  # fmt: skip


def spell_id(spell: Spell) -> str:
    """`spell:` and the digest of (person, post, the day it begins) that RDF's `org:Membership` uses."""
    key = "\x1f".join((spell.person_id, spell.position_id, spell.start or spell.first_seen or ""))
    return "spell:" + hashlib.sha1(key.encode()).hexdigest()[:16]


def _label(spell: Spell) -> str:
    return f"{spell.person} {spell.post} {spell.start or spell.first_seen or '?'}–{spell.end or ''}"


def spell_rows(spells: Iterable[Spell]) -> list[dict[str, Any]]:
    """The `$rows` of the spells: `id`, the `person` and `position` ids at its ends, and `props`.

    Two spells of one person in one post with no day to begin on (undated mentions on
    both sides of a 原… ) would share an id; the second gets `-2`, so neither is lost.
    """
    from kg.cypher.statements import property_value

    rows = []
    seen: dict[str, int] = {}
    for spell in spells:
        base = spell_id(spell)
        seen[base] = seen.get(base, 0) + 1
        props: dict[str, Any] = {"label": _label(spell)}
        for name in _PROPS:
            value = property_value(getattr(spell, name))
            if value is not None:
                props[name] = value
        props["articles"] = list(dict.fromkeys(str(e["article"]) for e in spell.evidence))
        if spell.evidence:
            props["evidence"] = property_value(list(spell.evidence))
        rows.append(
            {
                "id": base if seen[base] == 1 else f"{base}-{seen[base]}",
                "person": spell.person_id,
                "position": spell.position_id,
                "props": props,
            }
        )
    return rows


def merge_spells_query() -> str:
    """`UNWIND $rows AS row …`: each spell node and its two relationships, merged on their ids.

    >>> merge_spells_query()  # doctest: +NORMALIZE_WHITESPACE
    'UNWIND $rows AS row MATCH (p:Person {id: row.person}) MATCH (q:Position {id: row.position})
     MERGE (s:Spell {id: row.id}) SET s += row.props MERGE (p)-[:HAS_SPELL]->(s) MERGE (s)-[:IN_POST]->(q)'
    """
    return (
        "UNWIND $rows AS row MATCH (p:Person {id: row.person}) MATCH (q:Position {id: row.position}) "
        f"MERGE (s:{SPELL_LABEL} {{id: row.id}}) SET s += row.props "
        "MERGE (p)-[:HAS_SPELL]->(s) MERGE (s)-[:IN_POST]->(q)"
    )


def spell_row_batches(spells: Iterable[Spell], size: int) -> Iterator[list[dict[str, Any]]]:
    """The spells' rows, `size` at a time."""
    rows = spell_rows(spells)
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def build_spells(folder: Path | str) -> list[Spell]:
    """The spells of the build in `folder` (its spells.jsonl), for the stores to load.

    A build written before builds wrote spells.jsonl has none: the stores load no spell
    and say nothing (rebuild with `kg build` to have them).
    """
    from kg.tenure import SPELLS_FILE, read_spells

    if not (Path(folder) / SPELLS_FILE).is_file():
        return []
    return read_spells(folder)
