"""Person identity: the same name is one person only where the evidence places it.

Policy (kept simple and visible; `schema/resolution_rules.csv` documents it):
- a person named with a post is anchored to the region of that post's body
  (王海明 chair of 酒泉市政协 ≠ 王海明 chair of 宕昌县政协);
- a person named without a post is anchored to the article's place;
- national leaders (习近平) are anchored nationally.
Mentions with the same name and anchor are one Person node, across articles.
"""

from __future__ import annotations

from kg.model import stable_id

__all__ = ["person_anchor", "person_id"]


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
        return post_regions[0]
    return home_region or "unplaced"


def person_id(name: str, anchor: str) -> str:
    return stable_id("Person", f"{name}@{anchor}")
