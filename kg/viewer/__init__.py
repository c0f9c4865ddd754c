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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from kg.build_folder import Build
from kg.errors import InputError
from kg.model import Fact, Node
from kg.sinks.jsonl import atomic_writer
from kg.viewer.data import LARGE_GRAPH, Edges, article_records, merge_fact_records, page_data
from kg.viewer.page import render_page

__all__ = [
    "LARGE_GRAPH",
    "MAX_EVIDENCE",
    "MAX_NODES",
    "PageReport",
    "subgraph_page_name",
    "write_html",
    "write_page",
]

# Past this many nodes the page of a whole build is an overview of the most-mentioned
# ones: a browser lays out 5,000 nodes in under 10 s, 10,000 in about 16 s.
MAX_NODES = 5000

# The evidence an overview keeps per edge (the first read; the page counts the rest): at
# 100 MB of news one edge between two top nodes is read in up to thousands of articles, and
# keeping every one made the page's memory grow with the facts, not with the drawing.
MAX_EVIDENCE = 20


@dataclass(frozen=True, slots=True)
class PageReport:
    """A written page: where, and how many nodes and edges it holds (articles included)."""

    path: Path
    nodes: int
    edges: int


def write_html(
    path: Path | str,
    facts: Iterable[Fact] | Edges,
    nodes: dict[str, Node] | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
    focus: str | None = None,
    hops: int = 2,
    title: str | None = None,
) -> PageReport:
    """Write the page of `facts` (or of edges merged already, `merge_facts`) to `path`
    atomically (beside it, then renamed).

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
    most-mentioned nodes and the facts between them (the title says so), each edge with
    the evidence of its first `MAX_EVIDENCE` facts and the count of the rest. It is read
    in passes over the build's files that hold only those nodes and edges, so its memory
    does not grow with the facts. `focus` pages and `max_nodes=None` draw everything.

    Raises:
        InputError: `focus` names no node of the build.
    """
    if focus is None and max_nodes is not None:
        total, keep = _most_mentioned(build, max_nodes)
        if total > max_nodes:
            edges = merge_fact_records(_records_between(build, keep), max_evidence=MAX_EVIDENCE)
            nodes = {d["id"]: Node.from_dict(d) for d in build.node_lines() if d["id"] in keep}
            articles = article_records(edges, build.article_lines())
            title = f"kg graph — the {len(keep):,} most-mentioned of {total:,} nodes (kg view --subgraph NAME for the rest)"
            return write_html(path, edges, nodes, articles, title=title)
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


# A line of facts.jsonl starts with its subject's id (`Fact.to_dict` puts it first).
_SUBJECT_ID = b'{"subject":{"id":"'


def _records_between(build: Build, keep: set[str]) -> Iterator[dict[str, Any]]:
    """The facts of `build` with both ends in `keep`, as records (`Fact.to_dict()`), one at
    a time. Most lines are not even parsed: their subject, read from the raw line, is not
    kept (at 100 MB, three lines in four: an article's MENTIONS of what it names)."""
    keep_raw = {node_id.encode() for node_id in keep}
    for path in build.fact_files:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, start=1):
                if _subject_is_not(keep_raw, line) or not line.strip():
                    continue
                try:
                    data = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise InputError(
                        f"{path}: line {n} is not JSON ({exc.msg}); rebuild with `kg build`"
                    ) from exc
                if data["subject"]["id"] in keep and data["object"]["id"] in keep:
                    yield data


def _subject_is_not(keep_raw: set[bytes], line: bytes) -> bool:
    r"""Whether the raw `line` surely has a subject id outside `keep_raw` (False: parse it to know).

    >>> line = b'{"subject":{"id":"person:a","type":"Person"},"predicate":"HOLDS"}'
    >>> _subject_is_not({b"person:b"}, line), _subject_is_not({b"person:a"}, line)
    (True, False)
    >>> _subject_is_not({b"person:b"}, line.replace(b"person:a", b'person:\\"a'))  # escaped: parse it
    False
    """
    if not line.startswith(_SUBJECT_ID):
        return False
    end = line.find(b'"', len(_SUBJECT_ID))
    subject = line[len(_SUBJECT_ID) : end]
    return end > 0 and b"\\" not in subject and subject not in keep_raw


def subgraph_page_name(name: str) -> str:
    """The file name `kg view --subgraph NAME` writes by default.

    >>> subgraph_page_name("宕昌县政协"), subgraph_page_name("a/b c")
    ('graph-宕昌县政协.html', 'graph-a_b_c.html')
    """
    return "graph-" + (re.sub(r"[^\w.-]+", "_", name.strip()) or "subgraph") + ".html"
