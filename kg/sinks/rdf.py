"""`graph.ttl` (or .nt, .jsonld, .trig): the build as RDF in the kg ontology, on request.

Not run by `kg build` (`on_build = False`): `kg export rdf` writes it, and `kg sparql`
writes it the first time it needs it. The mapping lives in `kg.rdf.mapping`.
"""

from __future__ import annotations

from pathlib import Path

from kg.build_folder import Build
from kg.sinks import WriteReport, sinks

__all__ = ["RdfSink"]


@sinks.register("rdf")
class RdfSink:
    """The build in `out` as RDF: `out/graph.<ext>`, or `path` when given.

    Nodes in no fact are written too, and node descriptions come from the build's
    nodes and articles.

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

    def write(self, build: Build) -> WriteReport:
        from kg.manifest import build_stamp
        from kg.rdf.mapping import write_rdf

        # the first line names the build, so readers know which build a graph.ttl is of
        stamp = build_stamp(build.dir)
        report = write_rdf(build, self.path, self.format, self.base, comment=stamp)  # streamed from its files
        return WriteReport(
            self.name,
            report.facts,
            str(report.path),
            {"triples": report.triples, "statements": report.statements, "format": self.format},
        )
