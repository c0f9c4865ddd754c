"""`neo4j-import`: `DIR/neo4j-import/`, CSV files and the command for `neo4j-admin database import full`."""

from __future__ import annotations

from pathlib import Path

from kg.build_folder import Build
from kg.sinks import WriteReport, sinks

__all__ = ["Neo4jImportSink"]


@sinks.register("neo4j-import")
class Neo4jImportSink:
    """The bulk-import files of the build (see `kg.cypher.neo4j_import`); with `scheduler`
    (`tcp://host:8786`), the CSV shards are written by that Dask cluster's workers."""

    name = "neo4j-import"
    on_build = False
    on_cluster = True  # takes the `scheduler` of `kg build --engine dask` (kg.pipeline.build)

    def __init__(
        self,
        out: Path,
        folder: Path | None = None,
        database: str = "neo4j",
        shards: int | None = None,
        scheduler: str | None = None,
    ) -> None:
        self.out = Path(out)
        self.shards = shards
        self.scheduler = scheduler
        self.folder = Path(folder) if folder is not None else self.out / "neo4j-import"
        self.database = database

    def write(self, build: Build) -> WriteReport:
        from kg.cypher.neo4j_import import write_import_build

        # the build's files are cut into shards written in parallel (here, or on the Dask
        # workers), into a folder beside the target that replaces it only when every shard is written
        files = write_import_build(self.folder, build.dir, self.database, self.shards, self.scheduler)
        return WriteReport(
            self.name,
            files.relationship_count,
            str(self.folder),
            {"nodes": files.node_count, "relationships": files.relationship_count, "command": files.command},
        )
