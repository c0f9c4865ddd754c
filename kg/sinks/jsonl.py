"""`facts.jsonl`: one fact per line, the contract other tools and the scorer read.

    {"subject": {node}, "predicate": "HOLDS", "object": {node}, "evidence": {...}, "confidence": 0.9}

Written atomically: to a temporary file beside the target, then renamed, so a failed
build leaves the previous export intact.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from kg.build_folder import Build
from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = ["JsonlSink", "atomic_writer", "fact_line", "fact_row", "make_readable", "render_row"]


def make_readable(path: Path | str) -> None:
    """Give a finished temporary file the mode a plain `open()` would (0644 under the usual
    umask): `mkstemp` makes it private, and an export is for others to read."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


@contextmanager
def atomic_writer(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file next to `path`; rename it over `path` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        make_readable(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fact_line(fact: Fact) -> str:
    return orjson.dumps(fact.to_dict()).decode()


def fact_row(fact: Fact) -> bytes:
    """A fact with its two ends as ids only, one line: the scratch form `kg build` keeps
    until resolution has decided the canonical nodes (`render_row` makes the real line).

    `["subject id", "PREDICATE", "object id"]<TAB>{"evidence": …, "confidence": …}`
    """
    head = orjson.dumps([fact.subject.id, fact.predicate, fact.object.id])
    tail: dict[str, Any] = {"evidence": fact.evidence.to_dict(), "confidence": round(fact.confidence, 3)}
    tail.update(fact.extra)
    return head + b"\t" + orjson.dumps(tail) + b"\n"


def render_row(row: bytes, node_json: Mapping[str, bytes]) -> bytes:
    """The facts.jsonl line of a `fact_row`, its ends filled in from `node_json` (id →
    the node's JSON); byte for byte `fact_line` of the resolved fact."""
    head, _, tail = row.partition(b"\t")
    subject, predicate, obj = orjson.loads(head)
    return b"".join(
        (b'{"subject":', node_json[subject], b',"predicate":', orjson.dumps(predicate),
         b',"object":', node_json[obj], b",", tail[1:])
    )  # fmt: skip


@sinks.register("jsonl")
class JsonlSink:
    """facts.jsonl in a folder (or at a path ending in .jsonl); `kg build` writes it itself."""

    name = "jsonl"
    on_build = False

    def __init__(self, out: Path) -> None:
        out = Path(out)
        self.path = out if out.suffix == ".jsonl" else out / "facts.jsonl"

    def write(self, build: Build) -> WriteReport:
        count = 0
        with atomic_writer(self.path) as fh:
            for fact in build.facts():
                fh.write(fact_line(fact) + "\n")
                count += 1
        return WriteReport(self.name, count, str(self.path))
