"""One canonical node per id, merged from every mention, whatever order they came in.

Extractors emit a node each time they meet a thing; the same id may arrive with
different surface forms (`县政协`, `政协宕昌县委员会`), a meeting's date known in one
report and not another, a person anchored by a post in one article and by the place
in the next. `NodeIndex` folds them so that the result never depends on input order:
set-valued properties (`aliases`, `notes`) are unions, and a scalar takes its most
frequent non-empty value (ties: the longest, then the first in sort order).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.model import Evidence, Node

__all__ = ["Mentions", "NodeIndex", "merge_mentions", "merge_nodes", "node_of"]

SET_PROPS = ("aliases", "notes")
# How a person's identity was anchored, strongest first (see kg.resolve.persons).
_ANCHOR_RANK = {"post": 0, "national": 1, "place": 2, "none": 3}


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _best(counts: dict[Any, int]) -> Any:
    """The most frequent value; ties go to the longest, then the first in sort order."""
    if len(counts) == 1:  # the usual case, and the hot one
        return next(iter(counts))
    return min(counts, key=lambda v: (-counts[v], -len(str(v)), str(v)))


def _count_into(mine: dict[Any, int], theirs: dict[Any, int]) -> None:
    for value, n in theirs.items():
        mine[value] = mine.get(value, 0) + n


_IDENTITY_PROPS = ("anchor", "anchored_by")

# What the mentions of one id added, as plain data (pickled fast, merged by `merge_mentions`):
# (node type, {(label, props): count}, a person's earliest evidence, articles that mention it).
Mentions = tuple[str, dict[tuple[str, tuple[tuple[str, Any], ...]], int], tuple[str, int, int, str, str] | None, int]


# Each distinct (label, props) form of a node is counted as it comes (one dict update
# per mention) and only unfolded into labels and properties when the node is asked for:
# mentions are many, forms per node few. Plain dicts pickle fast from worker processes.
# Articles are a set only within a batch; across batches they are a count (an article is
# read in one batch), so a region named in every article costs an int, not a set of ids.
@dataclass(slots=True)
class _Seen:
    type: str
    forms: dict[tuple[str, tuple[tuple[str, Any], ...]], int] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)  # of the current batch
    first: tuple[str, int, int, str, str] | None = None  # a person's earliest evidence, by (article, start)
    counted: int = 0  # articles of batches already settled

    def add(self, node: Node, evidence: Evidence | None) -> None:
        form = (node.label, node.props)
        forms = self.forms
        forms[form] = forms.get(form, 0) + 1
        if evidence is not None:
            self.articles.add(evidence.article_id)
            if self.type != "Person":
                return  # only a person's first evidence is used (POSSIBLY_SAME_AS links)
            first = self.first
            if first is None or evidence.article_id <= first[0]:
                key = (evidence.article_id, evidence.start, evidence.end, evidence.sentence, evidence.extractor)
                if first is None or key < first:
                    self.first = key

    @property
    def mentions(self) -> int:
        return self.counted + len(self.articles)

    def settle(self) -> _Seen:
        """Turn this batch's article set into a count (see the note above the class)."""
        if self.articles:
            self.counted += len(self.articles)
            self.articles = set()
        return self

    def update(self, other: _Seen, identity: bool = True) -> None:
        """Add everything `other` saw (of the same id, or of one folded into it).

        `identity=False` leaves out the anchor, which is the identity of a folded node."""
        if identity:
            _count_into(self.forms, other.forms)
        else:
            for (label, props), n in other.forms.items():
                form = (label, tuple(p for p in props if p[0] not in _IDENTITY_PROPS))
                self.forms[form] = self.forms.get(form, 0) + n
        self.settle()
        self.counted += other.mentions
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first

    def node(self, node_id: str) -> Node:
        if len(self.forms) == 1:  # seen one way only (most nodes): its props as they came
            ((label, form_props),) = self.forms
            keys = [key for key, _ in form_props]
            if len(set(keys)) == len(keys):
                scalar = sorted((k, _freeze(v)) for k, v in form_props if k not in SET_PROPS and v is not None and v != "")
                listed = sorted((k, tuple(sorted(set(v)))) for k, v in form_props if k in SET_PROPS)
                return Node(node_id, self.type, label, (*scalar, *listed, ("mentions", self.mentions)))
        labels: dict[str, int] = {}
        scalars: dict[str, dict[Any, int]] = {}
        sets: dict[str, set[str]] = {}
        for (label, form_props), n in self.forms.items():
            labels[label] = labels.get(label, 0) + n
            for key, value in form_props:
                if key in SET_PROPS:
                    sets.setdefault(key, set()).update(value)
                elif value is not None and value != "":
                    counts = scalars.setdefault(key, {})
                    value = _freeze(value)
                    counts[value] = counts.get(value, 0) + n
        props: list[tuple[str, Any]] = []
        for key in sorted(scalars):
            counts = scalars[key]
            if key == "anchored_by":
                props.append((key, min(counts, key=lambda v: _ANCHOR_RANK.get(v, 9))))
            else:
                props.append((key, _best(counts)))
        for key in sorted(sets):
            props.append((key, tuple(sorted(sets[key]))))
        props.append(("mentions", self.mentions))
        return Node(node_id, self.type, _best(labels), tuple(props))


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

    def mentions(self) -> Iterator[tuple[str, Mentions]]:
        """Every id with what its mentions added, in the plain form workers exchange (`Mentions`)."""
        for node_id, seen in self._seen.items():
            yield node_id, (seen.type, seen.forms, seen.first, seen.mentions)

    @classmethod
    def of(cls, items: Iterable[tuple[str, Mentions]]) -> NodeIndex:
        """The index of what `mentions` gave (of one or many indexes, merged by `merge_mentions`)."""
        index = cls()
        index.__setstate__(dict(items))
        return index

    # Pickled as plain tuples (workers send their index to the parent): 3× faster than
    # pickling one dataclass instance per node.
    def __getstate__(self) -> dict[str, tuple[Any, ...]]:
        return {i: (s.type, s.forms, s.first, s.mentions) for i, s in self._seen.items()}

    def __setstate__(self, state: dict[str, tuple[Any, ...]]) -> None:
        self._seen = {i: _Seen(t, forms, set(), first, n) for i, (t, forms, first, n) in state.items()}

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

    def merge(self, other: NodeIndex) -> None:
        """Add everything another index saw (one worker's batch): the result is the same
        as adding its mentions here one by one, in any order. `other` is used up."""
        for node_id, theirs in other._seen.items():
            mine = self._seen.get(node_id)
            if mine is None:
                self._seen[node_id] = theirs.settle()
            else:
                mine.update(theirs)

    def fold(self, source: str, target: str) -> None:
        """Merge everything seen of `source` into `target` (a resolved merge); `source` is gone."""
        self._seen[target].update(self._seen.pop(source), identity=False)


def merge_mentions(a: Mentions, b: Mentions) -> Mentions:
    """What two indexes saw of one id, together: as `NodeIndex.merge` adds them (in any order).

    >>> one, two = NodeIndex(), NodeIndex()
    >>> one.add(Node("region:1", "Region", "临川")); two.add(Node("region:1", "Region", "临川区"))
    >>> (_, a), = one.mentions(); (_, b), = two.mentions()
    >>> sorted(merge_mentions(a, b)[1].values())
    [1, 1]
    """
    forms = dict(a[1])
    _count_into(forms, b[1])
    first = b[2] if a[2] is None or (b[2] is not None and b[2] < a[2]) else a[2]
    return a[0], forms, first, a[3] + b[3]


def node_of(node_id: str, mentions: Mentions) -> Node:
    """The canonical node of an id from what its mentions added (`NodeIndex.node`)."""
    kind, forms, first, count = mentions
    return _Seen(kind, forms, set(), first, count).node(node_id)


def merge_nodes(nodes: list[Node]) -> Node:
    """Fold several mentions of one id into its canonical node (order does not matter)."""
    index = NodeIndex()
    for n in nodes:
        index.add(n)
    return index.node(nodes[0].id)
