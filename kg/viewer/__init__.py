"""The interactive graph page: `exports/graph.html`, `kg view`, and its screenshot.

>>> import tempfile
>>> from pathlib import Path
>>> from kg.graph import load_build
>>> from kg.pipeline import build
>>> out = Path(tempfile.mkdtemp())
>>> _ = build(["examples/records.jsonl"], out, stores=())
>>> page = write_page(load_build(out), out / "graph.html")
>>> page.nodes > 0 and "https://" not in page.path.read_text(encoding="utf-8").split("kg-data")[0]
True
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.graph import Build
from kg.model import Fact, Node
from kg.viewer.data import LARGE_GRAPH, page_data
from kg.viewer.page import render_page

__all__ = ["LARGE_GRAPH", "PageReport", "subgraph_page_name", "write_html", "write_page"]


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
) -> PageReport:
    """Write the page of `facts` to `path` atomically (beside it, then renamed).

    Raises:
        InputError: `focus` names no node.
    """
    target = Path(path)
    data = page_data(facts, nodes, articles, focus=focus, hops=hops)
    html = render_page(data.payload)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
        os.chmod(tmp, 0o644)  # a page to open in any browser, not a secret
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return PageReport(target, data.nodes, data.edges)


def write_page(build: Build, path: Path | str, focus: str | None = None, hops: int = 2) -> PageReport:
    """Write the page of a build (or of `focus`'s `hops` neighbourhood) to `path`.

    Raises:
        InputError: `focus` names no node of the build.
    """
    return write_html(path, build.facts(), build.nodes, build.articles, focus=focus, hops=hops)


def subgraph_page_name(name: str) -> str:
    """The file name `kg view --subgraph NAME` writes by default.

    >>> subgraph_page_name("宕昌县政协"), subgraph_page_name("a/b c")
    ('graph-宕昌县政协.html', 'graph-a_b_c.html')
    """
    return "graph-" + (re.sub(r"[^\w.-]+", "_", name.strip()) or "subgraph") + ".html"
