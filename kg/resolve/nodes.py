"""One canonical node per id, merged from every mention, whatever order they came in.

Extractors emit a node each time they meet a thing; the same id may arrive with
different surface forms (`县政协`, `政协宕昌县委员会`), a meeting's date known in one
report and not another, a person anchored by a post in one article and by the place
in the next. `NodeIndex` folds them so that the result never depends on input order:
set-valued properties (`aliases`, `notes`) are unions, and a scalar takes its most
frequent non-empty value (ties: the longest, then the first in sort order).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.model import Evidence, Node

__all__ = ["NodeIndex", "merge_nodes"]

SET_PROPS = ("aliases", "notes")
# How a person's identity was anchored, strongest first (see kg.resolve.persons).
_ANCHOR_RANK = {"post": 0, "national": 1, "place": 2, "none": 3}


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _best(counts: Counter[Any]) -> Any:
    """The most frequent value; ties go to the longest, then the first in sort order."""
    return min(counts, key=lambda v: (-counts[v], -len(str(v)), str(v)))


@dataclass(slots=True)
class _Seen:
    type: str
    labels: Counter[str] = field(default_factory=Counter)
    scalars: dict[str, Counter[Any]] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)
    first: tuple[str, int, int, str, str] | None = None  # the earliest evidence, by (article, start)

    def add(self, node: Node, evidence: Evidence | None) -> None:
        self.labels[node.label] += 1
        for key, value in node.props:
            if key in SET_PROPS:
                self.sets.setdefault(key, set()).update(value)
            elif value is not None and value != "":
                self.scalars.setdefault(key, Counter())[_freeze(value)] += 1
        if evidence is not None:
            self.articles.add(evidence.article_id)
            key = (evidence.article_id, evidence.start, evidence.end, evidence.sentence, evidence.extractor)
            if self.first is None or key < self.first:
                self.first = key

    def node(self, node_id: str) -> Node:
        props: list[tuple[str, Any]] = []
        for key in sorted(self.scalars):
            counts = self.scalars[key]
            if key == "anchored_by":
                props.append((key, min(counts, key=lambda v: _ANCHOR_RANK.get(v, 9))))
            else:
                props.append((key, _best(counts)))
        for key in sorted(self.sets):
            props.append((key, tuple(sorted(self.sets[key]))))
        props.append(("mentions", len(self.articles)))
        return Node(node_id, self.type, _best(self.labels), tuple(props))


class NodeIndex:
    """Every node seen, by id, with what each mention added.

    >>> from kg.model import Node
    >>> index = NodeIndex()
    >>> index.add(Node("organization:x", "Organization", "临川区政协", (("aliases", ("区政协",)),)))
    >>> index.add(Node("organization:x", "Organization", "临川区政协", (("aliases", ("政协临川区委员会",)),)))
    >>> index.node("organization:x").prop("aliases")
    ('区政协', '政协临川区委员会')
    """

    def __init__(self) -> None:
        self._seen: dict[str, _Seen] = {}

    def add(self, node: Node, evidence: Evidence | None = None) -> None:
        seen = self._seen.get(node.id)
        if seen is None:
            seen = self._seen[node.id] = _Seen(node.type)
        seen.add(node, evidence)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._seen

    def __len__(self) -> int:
        return len(self._seen)

    def ids(self) -> list[str]:
        return sorted(self._seen)

    def node(self, node_id: str) -> Node:
        return self._seen[node_id].node(node_id)

    def first_evidence(self, node_id: str) -> Evidence | None:
        first = self._seen[node_id].first
        if first is None:
            return None
        article, start, end, sentence, extractor = first
        return Evidence(article, sentence, start, end, extractor)

    def articles(self, node_id: str) -> set[str]:
        return set(self._seen[node_id].articles)

    def fold(self, source: str, target: str) -> None:
        """Merge everything seen of `source` into `target` (a resolved merge); `source` is gone."""
        src, dst = self._seen.pop(source), self._seen[target]
        dst.labels.update(src.labels)
        for key, counts in src.scalars.items():
            if key in ("anchor", "anchored_by"):
                continue  # the target's anchor is the identity
            dst.scalars.setdefault(key, Counter()).update(counts)
        for key, values in src.sets.items():
            dst.sets.setdefault(key, set()).update(values)
        dst.articles |= src.articles
        if src.first is not None and (dst.first is None or src.first < dst.first):
            dst.first = src.first


def merge_nodes(nodes: list[Node]) -> Node:
    """Fold several mentions of one id into its canonical node (order does not matter)."""
    index = NodeIndex()
    for n in nodes:
        index.add(n)
    return index.node(nodes[0].id)
