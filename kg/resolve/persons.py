"""Person identity: the same name is one person only where the evidence places it.

Policy (kept simple and visible; `schema/resolution_rules.csv` sets what happens to
same-name persons with different anchors):
- a person named with a post is anchored to the region of that post's body
  (王海明 chair of 酒泉市政协 ≠ 王海明 chair of 宕昌县政协);
- a person named without a post is anchored to the article's place;
- national leaders (习近平) are anchored nationally.
Mentions with the same name and anchor are one Person node, across articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.gazetteer import gazetteer
from kg.model import Node, stable_id

__all__ = ["SameNamePair", "pair_rule", "person_anchor", "person_id", "plan_merges", "same_name_pairs"]


def person_anchor(post_regions: list[str], home_region: str | None, national: bool = False) -> str:
    """The anchor a mention resolves to: a region code, or 'national'.

    >>> person_anchor(["621223"], "620100")
    '621223'
    >>> person_anchor([], "620100")
    '620100'
    """
    if national:
        return "national"
    if post_regions:
        return "national" if post_regions[0] == "100000" else post_regions[0]
    return home_region or "unplaced"


def person_id(name: str, anchor: str) -> str:
    return stable_id("Person", f"{name}@{anchor}")


@dataclass(frozen=True, slots=True)
class SameNamePair:
    """Two Person nodes with one name and different anchors, and the rule that fits them."""

    first: str  # node ids, first < second
    second: str
    rule: str


def pair_rule(anchor_a: str, anchor_b: str) -> str:
    """Which rule of `schema/resolution_rules.csv` fits two anchors of one name.

    >>> pair_rule("621223", "620000")   # 宕昌县 lies in 甘肃省
    'same_name_nested_regions'
    >>> pair_rule("621223", "620900")   # 宕昌县 (陇南) and 酒泉市
    'same_name_unrelated_regions'
    >>> pair_rule("national", "621223"), pair_rule("unplaced", "621223")
    ('same_name_national_and_regional', 'same_name_one_unplaced')
    """
    anchors = {anchor_a, anchor_b}
    if "unplaced" in anchors:
        return "same_name_one_unplaced"
    if "national" in anchors:
        return "same_name_national_and_regional"
    g = gazetteer()
    if g.is_within(anchor_a, anchor_b) or g.is_within(anchor_b, anchor_a):
        return "same_name_nested_regions"
    return "same_name_unrelated_regions"


def same_name_pairs(persons: Iterable[Node]) -> Iterator[SameNamePair]:
    """Every pair of Person nodes that share a name, with its rule, in a stable order."""
    by_name: dict[str, list[Node]] = defaultdict(list)
    for p in persons:
        by_name[p.label].append(p)
    for name in sorted(by_name):
        group = sorted(by_name[name], key=lambda n: n.id)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                yield SameNamePair(a.id, b.id, pair_rule(a.prop("anchor", "unplaced"), b.prop("anchor", "unplaced")))


def plan_merges(persons: list[Node], pairs: list[SameNamePair], merging: set[str]) -> dict[str, str]:
    """Which nodes fold into which, for pairs whose rule's action is `merge`.

    A node anchored only by its place folds into a node anchored by a post when that is
    its one candidate; with two candidates it is ambiguous and stays (linked, not merged).
    """
    by_id = {p.id: p for p in persons}
    candidates: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        if pair.rule not in merging:
            continue
        a, b = by_id[pair.first], by_id[pair.second]
        for source, target in ((a, b), (b, a)):
            if source.prop("anchored_by") != "post" and target.prop("anchored_by") == "post":
                candidates[source.id].add(target.id)
    return {source: next(iter(targets)) for source, targets in sorted(candidates.items()) if len(targets) == 1}
