"""`build.json`: which files make up a build, and the one step that commits a build.

A build is staged whole in `DIR/.build-…/` (see `kg.pipeline`). Committing it moves a
dozen files and folders into DIR, and no file system moves a dozen names in one step. So
the commit is a small write-ahead log:

1. the staging folder gets its manifest, `build.json`: a build id and every file with its
   size;
2. `DIR/.kg-commit.json` is written (atomically): from here on the build *is* committed;
3. the staged files replace DIR's, the files of the previous manifest that the new build
   does not have are removed (kg made them, the old manifest says so), `build.json` is
   moved last and the journal removed.

A build killed before 2 changed nothing in DIR. One killed after 2 is finished by whoever
comes next: the next build, or any reader (`kg.build_folder.load_build` calls
`finish_interrupted_commit`). Readers check the files against the manifest, and what is
derived later from a build (graph.ttl) records the build id it was made from, so a file of
another build is never read as this one's.

    >>> import tempfile
    >>> out, stage = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (stage / "facts.jsonl").write_text("{}\\n")
    >>> manifest = write_manifest(stage)
    >>> commit(stage, out)
    >>> read_manifest(out) == manifest, check_files(out, manifest)
    (True, None)
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from kg.errors import InputError

__all__ = [
    "JOURNAL",
    "MANIFEST",
    "Manifest",
    "build_stamp",
    "check_files",
    "commit",
    "finish_interrupted_commit",
    "is_of_build",
    "new_build_id",
    "read_manifest",
    "write_manifest",
]

MANIFEST = "build.json"
JOURNAL = ".kg-commit.json"
FORMAT = "kg-build/1"
LOCK = ".kg.lock"

# Names earlier versions of kg wrote into a build folder without a manifest; a new build
# that does not write one of them removes it, so it cannot pass for part of the new build.
_LEGACY_OUTPUTS = ("spells.jsonl", "graph.falkordb", "graph.html")


@dataclass(frozen=True)
class Manifest:
    """The files of one build: `files` maps each path (relative, `/`-separated) to its size."""

    build_id: str
    created: str
    kg_version: str
    files: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "build_id": self.build_id, "created": self.created,
                "kg_version": self.kg_version, "files": self.files}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(data["build_id"], data["created"], data["kg_version"], dict(data["files"]))

    @property
    def top_level(self) -> set[str]:
        """The names directly in the build folder (a shard folder counts once)."""
        return {name.split("/", 1)[0] for name in self.files}


def new_build_id() -> str:
    """A build id: when it was made (UTC) and 8 random hex digits, so ids sort by time.

    >>> len(new_build_id()), new_build_id() != new_build_id()
    (25, True)
    """
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(4)


def _files(folder: Path) -> dict[str, int]:
    """Every file under `folder` but hidden ones (kg's temporary names), with its size."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name == MANIFEST:
            continue
        if path.is_file():
            found[relative.as_posix()] = path.stat().st_size
    return found


def write_manifest(stage: Path, build_id: str | None = None) -> Manifest:
    """Write `stage/build.json` for the files now in `stage`; call it when the build is whole."""
    from kg import __version__

    manifest = Manifest(build_id or new_build_id(), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        __version__, _files(stage))  # fmt: skip
    _write_json(stage / MANIFEST, manifest.to_dict())
    return manifest


def read_manifest(folder: Path | str) -> Manifest | None:
    """The manifest of the build in `folder`, or None for a build kg wrote before manifests.

    Raises:
        InputError: build.json is there but not a manifest of this kg.
    """
    path = Path(folder) / MANIFEST
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise InputError(
            f"{path} cannot be read ({exc}); build again with `kg build … -o {Path(folder)}`"
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path} is not a kg build manifest ({FORMAT}); build again with `kg build`")
    return Manifest.from_dict(data)


def check_files(folder: Path | str, manifest: Manifest, suffix: str = ".jsonl") -> None:
    """Raise unless every file the manifest names that ends with `suffix` (the build's
    data; a store or a page is checked by its reader, `is_of_build`, as `kg view` may
    write the page again) is in `folder` with its recorded size.

    Raises:
        InputError: a file is missing or not the one the build wrote (say which).
    """
    folder = Path(folder)
    for name, size in manifest.files.items():
        if not name.endswith(suffix):
            continue
        try:
            actual = (folder / name).stat().st_size
        except OSError:
            actual = None
        if actual != size:
            found = "missing" if actual is None else f"{actual} bytes, the build wrote {size}"
            raise InputError(
                f"{folder}/ is not one whole build: {name} is not the file build {manifest.build_id} "
                f"wrote ({found}); build again with `kg build PATHS -o {folder}`"
            )


def build_stamp(folder: Path | str) -> str | None:
    """The line a file derived from the build in `folder` starts with (`kg build ID`), so
    a reader can tell it from one of another build; None for a build without a manifest."""
    manifest = read_manifest(folder)
    return None if manifest is None else f"kg build {manifest.build_id}"


def is_of_build(folder: Path | str, name: str) -> bool:
    """Whether `folder/name` is the file the build in `folder` wrote (same size as in its
    manifest); for a build without a manifest, whether it is not older than its facts."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    path = folder / name
    if manifest is None:
        facts = folder / "facts.jsonl"
        return path.is_file() and facts.is_file() and path.stat().st_mtime >= facts.stat().st_mtime
    return name in manifest.files and path.is_file() and path.stat().st_size == manifest.files[name]


def commit(stage: Path, out: Path) -> None:
    """Make the build staged (with its manifest) in `stage` the build in `out`, as one step:
    once the journal is written the build counts as committed, and whoever comes next
    finishes the moves if this process is killed during them. Call it holding out's lock."""
    _write_json(out / JOURNAL, {"stage": stage.name})
    _roll_forward(stage, out)


def finish_interrupted_commit(out: Path | str, wait: float = 60.0, holding_lock: bool = False) -> bool:
    """Finish a commit a killed build left half done in `out` (see the module's text).

    A reader calls it first: when the build that is committing still runs, this waits up to
    `wait` seconds for it; a build calls it with `holding_lock`. Returns whether a commit
    was finished here.

    Raises:
        InputError: the commit cannot be finished here (no write access; still running).
    """
    out = Path(out)
    if not (out / JOURNAL).exists():
        return False
    deadline = time.monotonic() + wait
    while True:
        try:
            with nullcontext() if holding_lock else _locked(out):
                if not (out / JOURNAL).exists():
                    return False  # the committing build finished while we waited
                stage_name = str(orjson.loads((out / JOURNAL).read_bytes())["stage"])
                if not stage_name.startswith(".build-") or Path(stage_name).name != stage_name:
                    raise ValueError(f"{JOURNAL} names {stage_name!r}, not a staging folder of kg's")
                _roll_forward(out / stage_name, out)
                return True
        except BlockingIOError:
            if time.monotonic() > deadline or not (out / JOURNAL).exists():
                if (out / JOURNAL).exists():
                    raise InputError(
                        f"a build is committing into {out}/ and has not finished; try again"
                    ) from None
                return False
            time.sleep(0.05)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
            raise InputError(
                f"a build into {out}/ was killed while committing and cannot be finished here ({exc}); "
                f"run `kg build PATHS -o {out}` again"
            ) from exc


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock, as for the build (kg.pipeline)
        yield
        return
    with (out / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a build holds it
        yield


def _roll_forward(stage: Path, out: Path) -> None:
    """Moves of a commit; each step can be done again, so a commit killed anywhere here is
    finished by running this again."""
    old = read_manifest(out)
    new = read_manifest(stage) if stage.is_dir() else None
    if new is not None:  # else its manifest was moved: only the clearing up was left
        for entry in sorted(stage.iterdir()):
            if entry.name.startswith(".") or entry.name == MANIFEST:
                continue
            _replace(entry, out / entry.name)
        kept = new.top_level
        for name in old.files if old else {}:
            if name.split("/", 1)[0] not in kept:
                _remove(out / name)
        for name in _LEGACY_OUTPUTS if old is None else ():
            if name not in kept:
                _remove(out / name)
        if old:  # shard folders the old build had and the new one has not: empty now
            for folder in {n.split("/", 1)[0] for n in old.files if "/" in n} - kept:
                with suppress(OSError):
                    (out / folder).rmdir()
        os.replace(stage / MANIFEST, out / MANIFEST)
    shutil.rmtree(stage, ignore_errors=True)
    (out / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(out)


def _replace(source: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)  # os.replace cannot put anything over a folder
    elif source.is_dir() and (target.exists() or target.is_symlink()):
        target.unlink()
    os.replace(source, target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write `path` whole or not at all, and on disk before the call returns."""
    tmp = path.with_name(f".{path.name}.kg{os.getpid()}-{secrets.token_hex(3)}.tmp")
    with tmp.open("wb") as fh:
        fh.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
