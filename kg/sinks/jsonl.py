"""`facts.jsonl`: one fact per line, the contract other tools and the scorer read.

    {"subject": {node}, "predicate": "HOLDS", "object": {node}, "evidence": {...}, "confidence": 0.9}

Written atomically: to a temporary file beside the target, then renamed, so a failed
build leaves the previous export intact.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from kg.build_folder import Build
from kg.model import Fact
from kg.sinks import WriteReport, sinks

__all__ = [
    "JsonlSink",
    "atomic_writer",
    "fact_line",
    "fact_row",
    "make_readable",
    "remove_leftovers",
    "render_row",
    "scratch_prefix",
    "staged_folder",
]

# What kg's temporary files and folders are called: `.NAME.kgPID-XXXX[.tmp]` (the staging
# folder `.build-kgPID-XXXX`): a name no user file has, and the process that made it, so a
# clean-up removes only what a process that is gone left behind.
_SCRATCH = re.compile(r"^\.(?:build-|.+\.)kg(?P<pid>[0-9]+)-[A-Za-z0-9_]+(?:\.tmp)?$")


def scratch_prefix(name: str) -> str:
    """The prefix of a temporary file or folder kg makes for `name` (see `remove_leftovers`).

    >>> import os; scratch_prefix("facts.jsonl") == f".facts.jsonl.kg{os.getpid()}-"
    True
    """
    return f".{name}.kg{os.getpid()}-"


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove what killed kg processes left in `folder`: only names kg makes
    (`scratch_prefix`), and only those of a process no longer running, so a user's own
    `.notes.tmp` and the temporary file of an export running now are never touched.

    Returns:
        The paths removed.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name in (".facts.jsonl.kg999999999-ab12cd.tmp", ".mine.tmp", scratch_prefix("x") + "z.tmp"):
    ...     _ = (d / name).write_text("")
    >>> [p.name for p in remove_leftovers(d)], sorted(p.name for p in d.iterdir())[0]
    (['.facts.jsonl.kg999999999-ab12cd.tmp'], '.mine.tmp')
    """
    removed = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        match = _SCRATCH.match(path.name)
        if match is None or _is_running(int(match.group("pid"))):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return pid < 2**22  # another user's process (or a pid no system has)
    return True


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
    fd, tmp = tempfile.mkstemp(prefix=scratch_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        make_readable(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_folder(target: Path, is_ours: Callable[[Path], bool]) -> Iterator[Path]:
    """A fresh folder beside `target` to write a folder export into; when the block
    succeeds it takes `target`'s place, with the files of `target` that `is_ours` says kg
    did not write carried over, else it is removed and `target` stays as it was.

    Raises:
        OSError: no folder can be made beside `target`.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=scratch_prefix(target.name), suffix=".tmp", dir=target.parent))
    try:
        yield stage
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(stage, 0o777 & ~mask)  # mkdtemp's folder is private; an export is for others
        if not target.is_dir():
            os.replace(stage, target)
            return
        for kept in target.iterdir():  # not ours: carried over
            if not is_ours(kept) and not (stage / kept.name).exists():
                os.replace(kept, stage / kept.name)
        old = target.with_name(f"{scratch_prefix(target.name)}old.tmp")
        os.replace(target, old)
        os.replace(stage, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
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
