"""Sinks write a build's facts somewhere: a file, an embedded store, a server, a page.

Adding a sink is adding a module to this package: every module here is imported on
first use of the registry and registers its sink class with `@sinks.register(name)`.
Heavy libraries (database drivers, rdflib, pyvis) are imported inside `write`, so
`kg extract` never loads them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from kg.model import Fact
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
    """The contract of a sink.

    A sink class is constructed with the exports folder of a build and its own keyword
    options (`sinks.get("rdf")(Path("exports"), format="ttl")`), and `write` takes the
    build's resolved facts (both ends are canonical nodes) once, as an iterator.

    - `name`: its registry name.
    - `on_build`: True when `kg build` runs it after writing facts.jsonl (the embedded
      Cypher store and graph.html are; RDF and Neo4j are written on request).
    - `write` returns a `WriteReport`; it raises a `KgError` child (`StoreUnavailable`,
      `ConfigError`) with a message a user can act on, and leaves the previous output
      intact when it fails (write beside, then rename).
    """

    name: ClassVar[str]
    on_build: ClassVar[bool]

    def write(self, facts: Iterable[Fact]) -> WriteReport: ...


sinks: Registry[type[Sink]] = Registry("sink")


def _import_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


def build_sinks() -> list[str]:
    """Names of the sinks `kg build` runs after writing facts.jsonl, in name order."""
    return [name for name in sinks.names() if getattr(sinks.get(name), "on_build", False)]


_import_all()
