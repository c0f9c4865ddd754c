"""Sinks write facts somewhere: a JSONL file today; Neo4j, RDF, HTML with the stores issue.

A sink implements `write(facts) -> WriteReport`; heavy libraries are imported inside
the sink's module, so `kg extract` never loads a database driver.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kg.model import Fact
from kg.registry import Registry

__all__ = ["Sink", "WriteReport", "sinks"]


@dataclass(frozen=True, slots=True)
class WriteReport:
    sink: str
    facts: int
    path: str | None = None


class Sink(Protocol):
    name: str

    def write(self, facts: Iterable[Fact]) -> WriteReport: ...


sinks: Registry[type[Sink]] = Registry("sink")

from kg.sinks import jsonl as _jsonl  # noqa: E402,F401  (registers the built-in sinks)
