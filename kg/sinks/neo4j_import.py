"""`neo4j-import`: `DIR/neo4j-import/`, CSV files and the command for `neo4j-admin database import full`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["Neo4jImportSink"]


@sinks.register("neo4j-import")
class Neo4jImportSink:
    """The bulk-import files of the build (see `kg.cypher.neo4j_import`)."""

    name = "neo4j-import"
    on_build = False

    def __init__(
        self, out: Path, folder: Path | None = None, database: str = "neo4j", shards: int | None = None
    ) -> None:
        self.out = Path(out)
        self.shards = shards
        self.folder = Path(folder) if folder is not None else self.out / "neo4j-import"
        self.database = database

    def write(self, facts: Iterable[Fact]) -> WriteReport:
        from kg.cypher.neo4j_import import write_import, write_import_build
        from kg.graph import Build

        build = Build(self.out)
        if build.nodes_path.is_file() and build.facts_path.is_file():
            # a finished build: its files are cut into shards written in parallel
            files = write_import_build(self.folder, self.out, self.database, self.shards)
        else:
            files = write_import(self.folder, {}, facts, self.database)
        return WriteReport(
            self.name,
            files.relationship_count,
            str(self.folder),
            {"nodes": files.node_count, "relationships": files.relationship_count, "command": files.command},
        )
