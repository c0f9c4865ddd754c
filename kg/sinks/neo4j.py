"""`neo4j`: the build loaded into a Neo4j 5 server (see `kg.cypher.neo4j_loader`); `kg load neo4j`."""

from __future__ import annotations

import os
from pathlib import Path

from kg.build_folder import Build
from kg.errors import ConfigError
from kg.sinks import WriteReport, sinks

__all__ = ["Neo4jSink"]


@sinks.register("neo4j")
class Neo4jSink:
    """Neo4j at `uri`; the password comes from `password` or KG_NEO4J_PASSWORD."""

    name = "neo4j"
    on_build = False

    def __init__(
        self,
        out: Path,
        uri: str = "bolt://localhost:7687",
        user: str = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        batch_size: int = 1000,
    ) -> None:
        self.out = Path(out)
        self.uri, self.user, self.database, self.batch_size = uri, user, database, batch_size
        self.password = password or os.environ.get("KG_NEO4J_PASSWORD")
        if not self.password:
            raise ConfigError("no Neo4j password: set KG_NEO4J_PASSWORD")

    def write(self, build: Build) -> WriteReport:
        from kg.cypher.loader import load_graph
        from kg.cypher.neo4j_loader import Neo4jTarget
        from kg.cypher.spells import build_spells

        assert self.password is not None
        spells = build_spells(build.dir)  # none for a build written before spells were
        with Neo4jTarget(self.uri, self.user, self.password, self.database) as target:
            target.verify()
            report = load_graph(target, build.nodes, build.facts(), self.batch_size, spells=spells)
        return WriteReport(self.name, report.relationship_rows, self.uri, report.counts.to_dict())
