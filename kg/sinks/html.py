"""`graph.html`: the interactive graph page, written after every `kg build` (see `kg.viewer`).

A self-contained file (vis-network from pyvis, the data and the script inline) that
opens from disk with no network. Written beside the target and renamed, so a failed
write keeps the previous page.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.build_folder import Build
from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["HtmlSink"]


@sinks.register("html")
class HtmlSink:
    """`DIR/graph.html` for a build: the whole graph, or an overview when it has more than `max_nodes` nodes."""

    name = "html"
    on_build = True

    def __init__(self, out: Path, path: Path | str | None = None, max_nodes: int | None = None) -> None:
        from kg.viewer import MAX_NODES

        out = Path(out)
        self.dir = out.parent if out.suffix == ".html" else out
        self.path = Path(path) if path is not None else (out if out.suffix == ".html" else out / "graph.html")
        self.max_nodes = MAX_NODES if max_nodes is None else max_nodes

    def write(self, build: Build) -> WriteReport:
        from kg.viewer import write_html, write_page

        counted = 0

        def counting(items: Iterable[Fact]) -> Iterable[Fact]:
            nonlocal counted
            for fact in items:
                counted += 1
                yield fact

        if _count_lines(build.node_files) > self.max_nodes:
            # too big to draw whole: an overview of the most-mentioned nodes
            counted = _count_lines(build.fact_files)  # count the lines, don't parse them
            page = write_page(build, self.path, max_nodes=self.max_nodes)
        else:
            page = write_html(self.path, counting(build.facts()), build.nodes, build.articles)
        return WriteReport(self.name, counted, str(page.path), {"nodes": page.nodes, "edges": page.edges})


def _count_lines(files: list[Path]) -> int:
    """The lines of a file or of its shards, counted without parsing them."""
    total = 0
    for path in files:
        with path.open("rb") as fh:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return total
