"""The interactive graph page: `exports/graph.html`, `kg view`, and its screenshot.

>>> import tempfile
>>> from pathlib import Path
>>> from kg.build_folder import load_build
>>> from kg.pipeline import build
>>> out = Path(tempfile.mkdtemp())
>>> _ = build(["examples/records.jsonl"], out, stores=())
>>> page = write_page(load_build(out), out / "graph.html")
>>> page.nodes > 0 and "https://" not in page.path.read_text(encoding="utf-8").split("kg-data")[0]
True
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.build_folder import Build
from kg.model import Fact, Node
from kg.sinks.jsonl import atomic_writer
from kg.viewer.data import LARGE_GRAPH, page_data
from kg.viewer.page import render_page

__all__ = ["LARGE_GRAPH", "MAX_NODES", "PageReport", "subgraph_page_name", "write_html", "write_page"]

# Past this many nodes the page of a whole build is an overview of the most-mentioned
# ones: a browser lays out 5,000 nodes in under 10 s, 10,000 in about 16 s.
MAX_NODES = 5000


@dataclass(frozen=True, slots=True)
class PageReport:
    """A written page: where, and how many nodes and edges it holds (articles included)."""

    path: Path
    nodes: int
    edges: int


def write_html(
    path: Path | str,
    facts: Iterable[Fact],
    nodes: dict[str, Node] | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
    focus: str | None = None,
    hops: int = 2,
    title: str | None = None,
) -> PageReport:
    """Write the page of `facts` to `path` atomically (beside it, then renamed).

    Raises:
        InputError: `focus` names no node.
    """
    target = Path(path)
    data = page_data(facts, nodes, articles, focus=focus, hops=hops, title=title)
    html = render_page(data.payload)
    with atomic_writer(target) as fh:  # a page for any browser to open: readable, like every export
        fh.write(html)
    return PageReport(target, data.nodes, data.edges)


def write_page(
    build: Build, path: Path | str, focus: str | None = None, hops: int = 2, max_nodes: int | None = MAX_NODES
) -> PageReport:
    """Write the page of a build (or of `focus`'s `hops` neighbourhood) to `path`.

    A build of more than `max_nodes` nodes is drawn as an overview: its `max_nodes`
    most-mentioned nodes and the facts between them (the title says so); `focus` pages
    and `max_nodes=None` draw everything.

    Raises:
        InputError: `focus` names no node of the build.
    """
    if focus is None and max_nodes is not None:
        total, keep = _most_mentioned(build, max_nodes)
        if total > max_nodes:
            facts = [f for f in build.facts() if f.subject.id in keep and f.object.id in keep]
            cited = {f.evidence.article_id for f in facts}
            nodes = {d["id"]: Node.from_dict(d) for d in build.node_lines() if d["id"] in keep}
            articles = {d["id"]: d for d in build.article_lines() if d["id"] in cited}
            title = f"kg graph — the {len(keep):,} most-mentioned of {total:,} nodes (kg view --subgraph NAME for the rest)"
            return write_html(path, facts, nodes, articles, title=title)
    return write_html(path, build.facts(), build.nodes, build.articles, focus=focus, hops=hops)


def _most_mentioned(build: Build, limit: int) -> tuple[int, set[str]]:
    """How many nodes the build has, and the ids of the `limit` most mentioned (ties: by id),
    read in one pass that holds only those."""
    total = 0

    def ranked() -> Iterable[tuple[int, str]]:
        nonlocal total
        for data in build.node_lines():
            total += 1
            yield -int(data.get("mentions") or 0), data["id"]

    top = heapq.nsmallest(limit, ranked())  # a heap of `limit` entries, not a sort of all
    return total, {node_id for _, node_id in top}


def subgraph_page_name(name: str) -> str:
    """The file name `kg view --subgraph NAME` writes by default.

    >>> subgraph_page_name("宕昌县政协"), subgraph_page_name("a/b c")
    ('graph-宕昌县政协.html', 'graph-a_b_c.html')
    """
    return "graph-" + (re.sub(r"[^\w.-]+", "_", name.strip()) or "subgraph") + ".html"
