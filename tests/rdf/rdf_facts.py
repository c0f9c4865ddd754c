"""Hand-made nodes and facts for the RDF tests (fictional names)."""

from __future__ import annotations

from kg.model import Evidence, Fact, Node


def person(name: str, anchor: str = "621122", node_id: str | None = None) -> Node:
    return Node(
        node_id or f"person:{anchor}x{len(name)}",
        "Person",
        name,
        (("name", name), ("anchor", anchor), ("anchored_by", "post"), ("aliases", (name,))),
    )


def fact(
    subject: Node,
    predicate: str,
    obj: Node,
    sentence: str = "县政协主席李文华主持会议。",
    article: str = "a1",
    start: int = 0,
    extractor: str = "positions.v1",
    **extra: object,
) -> Fact:
    return Fact(
        subject,
        predicate,
        obj,
        Evidence(article, sentence, start, start + 3, extractor),
        0.9,
        tuple(extra.items()),
    )
