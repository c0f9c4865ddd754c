"""`embedded`: the build as an embedded Cypher store, `DIR/graph.falkordb`, queried by `kg cypher`.

`kg build` runs it after writing the JSONL files. The store is loaded in a folder beside
it and renamed into place only when the load succeeded (see `kg.cypher.embedded_engine`).
"""

from __future__ import annotations

from pathlib import Path

from kg.build_folder import Build
from kg.sinks import WriteReport, sinks

__all__ = ["EmbeddedSink"]


@sinks.register("embedded")
class EmbeddedSink:
    """The embedded Cypher store (FalkorDBLite) of a build folder."""

    name = "embedded"
    on_build = True

    def __init__(self, out: Path, batch_size: int = 1000) -> None:
        self.out = Path(out)
        self.batch_size = batch_size

    def write(self, build: Build) -> WriteReport:
        from kg.cypher.embedded_engine import write_store
        from kg.cypher.spells import build_spells

        spells = build_spells(build.dir)  # none for a build written before spells were
        path, report = write_store(self.out, build.nodes, build.facts(), self.batch_size, spells=spells)
        return WriteReport(
            self.name,
            report.relationship_rows,
            str(path),
            {**report.counts.to_dict(), "seconds": round(report.seconds, 3)},
        )
