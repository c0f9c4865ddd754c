"""`cypher-script`: `DIR/graph.cypher`, a self-contained script for `cypher-shell -f` (see `kg.cypher.script`)."""

from __future__ import annotations

from pathlib import Path

from kg.build_folder import Build
from kg.sinks import WriteReport, sinks

__all__ = ["CypherScriptSink"]


@sinks.register("cypher-script")
class CypherScriptSink:
    """A `.cypher` script of the build: constraints, then parameter-free MERGE statements (spells last)."""

    name = "cypher-script"
    on_build = False

    def __init__(self, out: Path, path: Path | None = None) -> None:
        from kg.cypher.script import SCRIPT_NAME

        self.out = Path(out)
        self.path = Path(path) if path is not None else self.out / SCRIPT_NAME

    def write(self, build: Build) -> WriteReport:
        from kg.cypher.script import write_script
        from kg.cypher.spells import build_spells

        statements = write_script(self.path, build.nodes, build.facts(), spells=build_spells(build.dir))
        return WriteReport(self.name, statements, str(self.path), {"statements": statements})
