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

    def __init__(self, out: Path, path: Path | str | None = None) -> None:
        out = Path(out)
        self.dir = out.parent if out.suffix == ".html" else out
        self.path = Path(path) if path is not None else (out if out.suffix == ".html" else out / "graph.html")

    def write(self, facts: Iterable[Fact]) -> WriteReport:
        from kg.graph import load_build
        from kg.viewer import write_html

        counted = 0

        def counting(items: Iterable[Fact]) -> Iterable[Fact]:
            nonlocal counted
            for fact in items:
                counted += 1
                yield fact

        # nodes.jsonl may be absent when the sink is given bare facts: their ends suffice
        has_build = (self.dir / "nodes.jsonl").is_file() and (self.dir / "facts.jsonl").is_file()
        build = load_build(self.dir) if has_build else None
        page = write_html(
            self.path, counting(facts), build.nodes if build else None, build.articles if build else None
        )
        return WriteReport(self.name, counted, str(page.path), {"nodes": page.nodes, "edges": page.edges})
