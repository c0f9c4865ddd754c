"""Entity resolution: one node per real-world thing, across articles and builds.

Most identity is decided by the ids themselves, which are functions of canonical keys
(`kg.extract.nodes`): a body by its official name, a region by its GB/T 2260 code, a
meeting by body + session + kind (or date + kind), a document by its title (qualified by
body when generic), a person by name + anchor (`kg.resolve.persons`). What is left needs
the whole corpus, so it happens here, after extraction:

- every mention of an id is folded into one canonical node (`NodeIndex`): aliases and
  notes are unions, scalars the most frequent value, so input order never matters;
- same-name persons with different anchors are matched against the policy table
  `schema/resolution_rules.csv`: linked by POSSIBLY_SAME_AS with the reason, merged, or
  kept apart.

This is the one stage that needs the whole set: `Resolver.add` every fact, then `finish`.

    >>> from kg.extract import extract_article
    >>> from kg.model import Article
    >>> a = Article(id="a", text="本报临川讯 临川区政协主席李明远主持会议。", dateline="临川")
    >>> b = Article(id="b", text="本报临川讯 李明远同志在区政协机关调研。", dateline="临川")
    >>> facts, resolution = resolve([*extract_article(a), *extract_article(b)])
    >>> [n.prop("mentions") for n in resolution.nodes.values() if n.label == "李明远"]
    [2]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.model import Evidence, Fact, Node
from kg.resolve.nodes import NodeIndex
from kg.resolve.persons import plan_merges, same_name_pairs
from kg.resolve.rules import ResolutionRule, load_rules

__all__ = ["Resolution", "Resolver", "is_person", "resolve", "resolve_same_names"]


@dataclass(slots=True)
class Resolution:
    """The outcome: canonical nodes by id, ids folded into others, and the links to add."""

    nodes: dict[str, Node]
    remap: dict[str, str] = field(default_factory=dict)
    links: list[Fact] = field(default_factory=list)

    def canonical(self, node_id: str) -> str:
        return self.remap.get(node_id, node_id)

    def apply(self, fact: Fact) -> Fact:
        """The fact with both ends replaced by their canonical nodes."""
        return Fact(
            self.nodes[self.canonical(fact.subject.id)],
            fact.predicate,
            self.nodes[self.canonical(fact.object.id)],
            fact.evidence,
            fact.confidence,
            fact.extra,
        )

    def apply_dict(self, fact: dict[str, Any]) -> dict[str, Any]:
        """`apply` for a fact already in its JSON form (a line of facts.jsonl)."""
        out = dict(fact)
        for end in ("subject", "object"):
            out[end] = self.nodes[self.canonical(fact[end]["id"])].to_dict()
        return out


class Resolver:
    """Collects every node of a corpus's facts, then decides identities once.

    Memory grows with the number of distinct nodes, not with facts or articles.
    """

    def __init__(self, rules: dict[str, ResolutionRule] | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()
        self.index = NodeIndex()

    def add(self, fact: Fact) -> None:
        self.index.add(fact.subject, fact.evidence)
        self.index.add(fact.object, fact.evidence)

    def add_index(self, index: NodeIndex) -> None:
        """Add every mention another index collected (a worker's batch of facts)."""
        self.index.merge(index)

    def finish(self) -> Resolution:
        index = self.index
        ids = index.ids()
        nodes = {i: index.node(i) for i in ids}
        persons = [nodes[i] for i in ids if is_person(i)]
        remap, folded, links = resolve_same_names(index, persons, self.rules)
        for source in remap:
            del nodes[source]
        nodes.update(folded)
        return Resolution(nodes, remap, links)


def is_person(node_id: str) -> bool:
    """Whether an id is a Person's, the one kind whose identity needs the same-name rules."""
    return node_id.startswith("person:")


def resolve_same_names(
    index: NodeIndex, persons: list[Node], rules: dict[str, ResolutionRule]
) -> tuple[dict[str, str], dict[str, Node], list[Fact]]:
    """The same-name rules on `persons` (nodes of `index`, sorted by id): which ids fold
    into which (`index` folds them), the nodes that changed by it, and the POSSIBLY_SAME_AS
    links, ordered by name.

    Only persons of one name meet here, so a build on a cluster calls this once per group
    of names (`kg.distributed_build`) and gets what one call over every person gives.
    """
    pairs = list(same_name_pairs(persons))
    merging = {r.rule for r in rules.values() if r.action == "merge"}
    remap = plan_merges(persons, pairs, merging)
    nodes = {p.id: p for p in persons}
    for source, target in remap.items():
        index.fold(source, target)
        del nodes[source]
    folded = {target: index.node(target) for target in set(remap.values())}
    nodes.update(folded)
    links: list[Fact] = []
    done: set[tuple[str, str]] = set()
    for pair in pairs:
        rule = rules[pair.rule]
        a, b = remap.get(pair.first, pair.first), remap.get(pair.second, pair.second)
        if a == b or rule.action == "keep_apart":
            continue
        a, b = sorted((a, b))
        if (a, b) in done:
            continue
        done.add((a, b))
        evidence = index.first_evidence(a) or Evidence("", "", 0, 0, "resolve")
        evidence = Evidence(evidence.article_id, evidence.sentence, evidence.start, evidence.end, "resolve.v1")
        extra = (("rule", rule.rule), ("reason", rule.reason))
        links.append(Fact(nodes[a], "POSSIBLY_SAME_AS", nodes[b], evidence, rule.confidence, extra))
    return remap, folded, links


def resolve(facts: Iterable[Fact], rules: dict[str, ResolutionRule] | None = None) -> tuple[list[Fact], Resolution]:
    """Resolve a corpus's facts in memory: canonical facts plus POSSIBLY_SAME_AS links.

    `kg.pipeline.build` does the same in two streaming passes over a file.
    """
    kept = list(facts)
    resolver = Resolver(rules)
    for fact in kept:
        resolver.add(fact)
    resolution = resolver.finish()
    return [resolution.apply(f) for f in kept] + resolution.links, resolution
