"""`graph.graphml` and `graph.gexf`: the build for Gephi, Cytoscape and yEd, written with networkx.

One node per node of the build, with `type`, `label` and every property (`code`,
`region_code`, `date`, aliases `|`-joined) as attributes; one edge per distinct
(subject, predicate, object), keyed and labelled by predicate, with `confidence`,
`evidence_count`, `articles` and the first evidence `sentence`. Written beside the
target and renamed, so a failed export keeps the previous file.

XML 1.0 cannot carry the C0 control characters other than tab, line feed and carriage
return (nor U+FFFE, U+FFFF or a lone surrogate): in ids and attributes each becomes
U+FFFD, so the file still opens; the other exports keep them. A carriage return is
written as `&#13;`, so it reads back as itself rather than as a line feed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kg.build_folder import Build
from kg.model import Fact
from kg.sinks import WriteReport, sinks
from kg.sinks.jsonl import make_readable, scratch_prefix

__all__ = ["GexfSink", "GraphmlSink"]

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: Any) -> Any:
    """A string with what XML 1.0 cannot carry replaced by U+FFFD; other values as they are.

    >>> _xml_safe("控制\x01字符\x1b[31m"), _xml_safe(3)
    ('控制\ufffd字符\ufffd[31m', 3)
    """
    return _NOT_IN_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _xml_graph(g: Any) -> Any:
    """A copy of a flat MultiDiGraph whose ids, keys and attributes XML can carry."""
    import networkx as nx

    safe = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        safe.add_node(_xml_safe(n), **{k: _xml_safe(v) for k, v in d.items()})
    for s, o, key, d in g.edges(keys=True, data=True):
        safe.add_edge(
            _xml_safe(s), _xml_safe(o), key=_xml_safe(key), **{k: _xml_safe(v) for k, v in d.items()}
        )
    return safe


def _write_graphml(g: Any, path: str) -> None:
    import networkx as nx

    nx.write_graphml(g, path, encoding="utf-8", named_key_ids=True)
    # ElementTree writes a carriage return in element text as is, and every XML parser
    # reads that back as a line feed; its character reference survives. (Attributes,
    # and so all of GEXF, are escaped by ElementTree itself; markup holds no \r.)
    data = Path(path).read_bytes()
    if b"\r" in data:
        Path(path).write_bytes(data.replace(b"\r", b"&#13;"))


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

    def write(self, build: Build) -> WriteReport:
        from kg.network import flat_graph, graph_from_facts

        facts_seen = 0

        def counted(items: Iterable[Fact]) -> Iterable[Fact]:
            nonlocal facts_seen
            for fact in items:
                facts_seen += 1
                yield fact

        g = _xml_graph(flat_graph(graph_from_facts(counted(build.facts()), build.nodes)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=scratch_prefix(self.path.name), suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        try:
            self._writer()(g, tmp)
            make_readable(tmp)
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
        return _write_graphml


@sinks.register("gexf")
class GexfSink(_NetworkxFileSink):
    """`DIR/graph.gexf` (or the `.gexf` path given), GEXF 1.2 with node and edge labels."""

    name = "gexf"
    suffix = ".gexf"

    def _writer(self) -> Callable[[Any, str], None]:
        import networkx as nx

        return lambda g, path: nx.write_gexf(g, path, encoding="utf-8", version="1.2draft")
