"""`graph.html`: the interactive graph page, written after every `kg build` (see `kg.viewer`).

A self-contained file (vis-network from pyvis, the data and the script inline) that
opens from disk with no network. Written beside the target and renamed, so a failed
write keeps the previous page.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["HtmlSink"]


@sinks.register("html")
class HtmlSink:
    """`DIR/graph.html` for the build in DIR (nodes.jsonl and articles.jsonl are read from there)."""

    name = "html"
    on_build = True

    def __init__(self, out: Path, path: Path | str | None = None, max_nodes: int | None = None) -> None:
        from kg.viewer import MAX_NODES

        out = Path(out)
        self.dir = out.parent if out.suffix == ".html" else out
        self.path = Path(path) if path is not None else (out if out.suffix == ".html" else out / "graph.html")
        self.max_nodes = MAX_NODES if max_nodes is None else max_nodes

    def write(self, facts: Iterable[Fact]) -> WriteReport:
        from kg.graph import load_build
        from kg.viewer import write_html, write_page

        counted = 0

        def counting(items: Iterable[Fact]) -> Iterable[Fact]:
            nonlocal counted
            for fact in items:
                counted += 1
                yield fact

        # nodes.jsonl may be absent when the sink is given bare facts: their ends suffice
        has_build = (self.dir / "nodes.jsonl").is_file() and (self.dir / "facts.jsonl").is_file()
        build = load_build(self.dir) if has_build else None
        if build is not None and _count_lines(build.nodes_path) > self.max_nodes:
            # too big to draw whole: an overview of the most-mentioned nodes
            counted = _count_lines(build.facts_path)  # the facts given are the build's: count, don't parse
            page = write_page(build, self.path, max_nodes=self.max_nodes)
        else:
            page = write_html(
                self.path, counting(facts), build.nodes if build else None, build.articles if build else None
            )
        return WriteReport(self.name, counted, str(page.path), {"nodes": page.nodes, "edges": page.edges})


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
