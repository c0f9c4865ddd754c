"""Sinks write a finished build somewhere: a file, an embedded store, a server, a page.

Adding a sink to kg is adding a module to this package: every module here is imported
on first use of the registry and registers its sink class with `@sinks.register(name)`.
Another package adds one through the `kg.sinks` entry-point group (see `kg.registry`).
Heavy libraries (database drivers, rdflib, pyvis) are imported inside `write`, so
`kg extract` never loads them.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kg.build_folder import Build
from kg.registry import Registry

__all__ = ["Sink", "WriteReport", "sinks", "build_sinks"]


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a sink wrote: how many facts, where, and any counts it keeps (nodes, edges…)."""

    sink: str
    facts: int
    path: str | None = None
    counts: dict[str, Any] = field(default_factory=dict)


class Sink(Protocol):
    """The contract of a sink: `Sink(out, **options).write(build) -> WriteReport`.

    - The class is constructed with `out`, the folder its output goes to by default (the
      build's own folder, in `kg build` and `kg export`), and its own keyword options
      (`sinks.get("rdf")(Path("exports"), format="ttl")`); it may check them and raise
      `ConfigError` there, before anything is written.
    - `write` is given the finished build, `kg.build_folder.Build`: `build.facts()` streams
      the resolved facts (both ends canonical nodes), `build.nodes` holds every node (also
      those in no fact), `build.articles` the article records. It may read them in any
      order and more than once; the build is not changed while it writes.
    - `write` returns a `WriteReport` (the facts it wrote, where, its own counts); it raises
      a `KgError` child (`StoreUnavailable`, `ConfigError`) with a message a user can act
      on, and is atomic: it writes beside its target and renames, so a failed write
      leaves the previous output whole.
    - `name` is its registry name; `on_build` is True when `kg build` runs it by default
      (the embedded Cypher store and graph.html; RDF and Neo4j are written on request).
      A plug-in sink from another package runs when named (`kg build --sinks NAME`);
      its `on_build` is not honoured, so installing a package never changes a plain build.

    Example, a sink that writes the number of facts::

        @sinks.register("count")
        class CountSink:
            name, on_build = "count", False

            def __init__(self, out: Path) -> None:
                self.path = Path(out) / "count.txt"

            def write(self, build: Build) -> WriteReport:
                n = sum(1 for _ in build.facts())
                with atomic_writer(self.path) as fh:  # kg.sinks.jsonl
                    fh.write(f"{n}\\n")
                return WriteReport(self.name, n, str(self.path))
    """

    name: str  # class attributes, both
    on_build: bool

    def __init__(self, out: Path, /, **options: Any) -> None: ...

    def write(self, build: Build) -> WriteReport: ...


sinks: Registry[type[Sink]] = Registry("sink")


def _import_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


def build_sinks() -> list[str]:
    """Names of kg's sinks that `kg build` runs after writing facts.jsonl, in name order."""
    return [name for name in sinks.builtin_names() if getattr(sinks.get(name), "on_build", False)]


_import_all()
