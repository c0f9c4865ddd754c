"""`graph.graphml` and `graph.gexf`: the build for Gephi, Cytoscape and yEd, written with networkx.

One node per node of the build, with `type`, `label` and every property (`code`,
`region_code`, `date`, aliases `|`-joined) as attributes; one edge per distinct
(subject, predicate, object), keyed and labelled by predicate, with `confidence`,
`evidence_count`, `articles` and the first evidence `sentence`. Written beside the
target and renamed, so a failed export keeps the previous file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["GexfSink", "GraphmlSink"]


class _NetworkxFileSink:
    name = ""
    suffix = ""
    on_build = False

    def __init__(self, out: Path, path: Path | str | None = None) -> None:
        out = Path(out)
        self.dir = out if out.suffix != self.suffix else out.parent
        self.path = (
            Path(path)
            if path is not None
            else (out if out.suffix == self.suffix else out / f"graph{self.suffix}")
        )

    def _writer(self) -> Callable[[Any, str], None]:
        raise NotImplementedError

    def write(self, facts: Iterable[Fact]) -> WriteReport:
        from kg.analysis import flat_graph, graph_from_facts
        from kg.graph import load_build

        nodes_file = self.dir / "nodes.jsonl"
        nodes = (
            load_build(self.dir).nodes
            if nodes_file.is_file() and (self.dir / "facts.jsonl").is_file()
            else None
        )
        facts_seen = 0

        def counted(items: Iterable[Fact]) -> Iterable[Fact]:
            nonlocal facts_seen
            for fact in items:
                facts_seen += 1
                yield fact

        g = flat_graph(graph_from_facts(counted(facts), nodes))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        try:
            self._writer()(g, tmp)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return WriteReport(
            self.name,
            facts_seen,
            str(self.path),
            {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
        )


@sinks.register("graphml")
class GraphmlSink(_NetworkxFileSink):
    """`DIR/graph.graphml` (or the `.graphml` path given)."""

    name = "graphml"
    suffix = ".graphml"

    def _writer(self) -> Callable[[Any, str], None]:
        import networkx as nx

        return lambda g, path: nx.write_graphml(g, path, encoding="utf-8", named_key_ids=True)


@sinks.register("gexf")
class GexfSink(_NetworkxFileSink):
    """`DIR/graph.gexf` (or the `.gexf` path given), GEXF 1.2 with node and edge labels."""

    name = "gexf"
    suffix = ".gexf"

    def _writer(self) -> Callable[[Any, str], None]:
        import networkx as nx

        return lambda g, path: nx.write_gexf(g, path, encoding="utf-8", version="1.2draft")
