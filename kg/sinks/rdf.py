"""`graph.ttl` (or .nt, .jsonld, .trig): the build as RDF in the kg ontology, on request.

Not run by `kg build` (`on_build = False`): `kg export rdf` writes it, and `kg sparql`
writes it the first time it needs it. The mapping lives in `kg.rdf.mapping`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["RdfSink"]


@sinks.register("rdf")
class RdfSink:
    """The build in `out` as RDF: `out/graph.<ext>`, or `path` when given.

    When `out` holds the build's `nodes.jsonl` and `articles.jsonl` (it does after `kg
    build`), nodes in no fact are written too and node descriptions come from there.

    Options: `format` (ttl, nt, jsonld, trig), `base` (the IRI data is minted under),
    `path` (where to write).
    """

    name = "rdf"
    on_build = False

    def __init__(
        self, out: Path, format: str = "ttl", base: str | None = None, path: Path | str | None = None
    ) -> None:
        from kg.rdf.mapping import FORMATS, rdf_format
        from kg.rdf.vocab import DEFAULT_BASE, check_base

        rdf_format(format)  # fail fast on an unknown format
        self.out = Path(out)
        self.format = format
        self.base = check_base(base or DEFAULT_BASE)
        self.path = Path(path) if path is not None else self.out / f"graph.{FORMATS[format][1]}"

    def write(self, facts: Iterable[Fact]) -> WriteReport:
        from kg.graph import Build
        from kg.rdf.mapping import write_rdf

        build = Build(self.out)
        nodes = build.nodes if build.nodes_path.is_file() else None
        articles = build.articles if build.articles_path.is_file() else None
        report = write_rdf(facts, self.path, self.format, self.base, nodes, articles)
        return WriteReport(
            self.name,
            report.facts,
            str(report.path),
            {"triples": report.triples, "statements": report.statements, "format": self.format},
        )
