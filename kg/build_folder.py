"""A finished build, read back: the nodes and facts that `kg build -o DIR` wrote.

Every reading command (`kg cypher`, `kg sparql`, `kg view`, `kg stats`, `kg export …`,
`kg load …`) starts here, so they all agree on what a build is:

- `DIR/nodes.jsonl`: one resolved node per line (`Node.to_dict()`), sorted by id;
- `DIR/facts.jsonl`: one fact per line (`Fact.to_dict()`), both ends resolved;
- `DIR/articles.jsonl`: the articles read (`Article.to_record()`).

A build on a Dask cluster may leave each of the three as shards instead
(`kg build --engine dask --shards`): `DIR/facts/part-00000.jsonl`, `part-00001.jsonl`, …,
the lines of the one file split in name order (`Build.fact_files` lists them).

    >>> import tempfile
    >>> from kg.pipeline import build
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["examples/records.jsonl"], out)
    >>> b = load_build(out)
    >>> sum(1 for n in b.nodes.values() if n.type == "Article") == len(b.articles)
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from kg.errors import InputError
from kg.model import Fact, Node

__all__ = [
    "Build",
    "load_build",
    "export_files",
    "fact_files_at",
    "iter_facts",
    "remove_stale_exports",
    "DEFAULT_EXPORTS",
    "DERIVED_EXPORTS",
]

DEFAULT_EXPORTS = Path("exports")

# What `kg export …` and `kg view --subgraph` write into a build's folder by default: made
# from one build, wrong beside the next. graph.ttl is not here: readers rewrite it when
# it is older than the facts (`kg.rdf.mapping.ensure_graph`).
DERIVED_EXPORTS = (
    "graph.graphml",
    "graph.gexf",
    "graph.cypher",
    "graph.jsonld",
    "graph.nt",
    "graph.trig",
    "graph-*.html",
    "neo4j-import",
    "parquet",
)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n} is not JSON ({exc.msg}); rebuild with `kg build`") from exc


def iter_facts(path: Path | str) -> Iterator[Fact]:
    """The facts of a facts.jsonl, of a folder of its shards or of a build folder
    (`fact_files_at`), one at a time (memory stays flat)."""
    for file in fact_files_at(path):
        for data in _lines(file):
            yield Fact.from_dict(data)


def export_files(folder: Path | str, name: str) -> list[Path]:
    """The files of a build's export `name` ("facts", "nodes", "articles"), in order:
    `folder/NAME.jsonl`, else its shards `folder/NAME/part-*.jsonl`; [] when neither is there.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); (d / "facts").mkdir()
    >>> for n in (1, 0): _ = (d / "facts" / f"part-0000{n}.jsonl").write_text("")
    >>> [p.name for p in export_files(d, "facts")], export_files(d, "nodes")
    (['part-00000.jsonl', 'part-00001.jsonl'], [])
    """
    single = Path(folder) / f"{name}.jsonl"
    if single.is_file():
        return [single]
    shards = Path(folder) / name
    return sorted(shards.glob("part-*.jsonl")) if shards.is_dir() else []


def fact_files_at(path: Path | str) -> list[Path]:
    """The facts files `path` names: a facts.jsonl (or any file) itself, the shards in a
    folder of them, or a build folder's facts (`export_files`)."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return export_files(path, "facts") or sorted(path.glob("part-*.jsonl"))


def _lines_of(files: list[Path]) -> Iterator[dict[str, Any]]:
    for file in files:
        yield from _lines(file)


@dataclass(frozen=True)
class Build:
    """The exports folder of one build."""

    dir: Path

    @property
    def facts_path(self) -> Path:
        return self.dir / "facts.jsonl"

    @property
    def nodes_path(self) -> Path:
        return self.dir / "nodes.jsonl"

    @property
    def articles_path(self) -> Path:
        return self.dir / "articles.jsonl"

    # The files to read: the one file, or its shards (read in this order, they are its lines).
    @property
    def fact_files(self) -> list[Path]:
        return export_files(self.dir, "facts")

    @property
    def node_files(self) -> list[Path]:
        return export_files(self.dir, "nodes")

    @property
    def article_files(self) -> list[Path]:
        return export_files(self.dir, "articles")

    @property
    def facts_mtime(self) -> float:
        """When the facts were last written (their newest file): what derived files compare to."""
        return max((p.stat().st_mtime for p in self.fact_files), default=0.0)

    def facts(self) -> Iterator[Fact]:
        for data in _lines_of(self.fact_files):
            yield Fact.from_dict(data)

    def node_lines(self) -> Iterator[dict[str, Any]]:
        """The nodes as JSON objects, one at a time, in id order (memory stays flat)."""
        return _lines_of(self.node_files)

    def article_lines(self) -> Iterator[dict[str, Any]]:
        """The article records, one at a time, in input order."""
        return _lines_of(self.article_files)

    @cached_property
    def nodes(self) -> dict[str, Node]:
        return {d["id"]: Node.from_dict(d) for d in self.node_lines()}

    @cached_property
    def articles(self) -> dict[str, dict[str, Any]]:
        return {d["id"]: d for d in self.article_lines()}


def load_build(exports: Path | str = DEFAULT_EXPORTS) -> Build:
    """The build in `exports` (default `exports/`).

    A build killed while it committed into the folder is finished first; the files are
    checked against the build's manifest (`kg.manifest`).

    Raises:
        InputError: the folder holds no build (no nodes.jsonl and facts.jsonl), or not one
            whole build (a file is not the one its manifest names).
    """
    from kg.manifest import check_files, finish_interrupted_commit, read_manifest

    folder = Path(exports)
    finish_interrupted_commit(folder)  # a build killed while committing: finish it first
    manifest = read_manifest(folder)
    if manifest is not None:
        check_files(folder, manifest)
        return Build(folder)
    missing = [f"{name}.jsonl" for name in ("facts", "nodes") if not export_files(folder, name)]  # or shards
    if missing:
        raise InputError(
            f"no build in {folder}/ ({' and '.join(missing)} missing); "
            f"run `kg build PATHS -o {folder}` first, or pass --exports DIR"
        )
    return Build(folder)


def remove_stale_exports(folder: Path | str, since: float) -> list[Path]:
    """Remove the derived exports (`DERIVED_EXPORTS`) in `folder` last written before
    `since` (a `time.time()`), so none of an earlier build stays beside a new one.

    Call it after a build that started at `since`; what the build's own sinks wrote is
    newer and stays. Returns what was removed, sorted.

    >>> import os, tempfile, time
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "graph.gexf").write_text("<gexf/>"); os.utime(d / "graph.gexf", (0, 0))
    7
    >>> [p.name for p in remove_stale_exports(d, time.time())], (d / "graph.gexf").exists()
    (['graph.gexf'], False)
    """
    import shutil

    removed = []
    for pattern in DERIVED_EXPORTS:
        for path in Path(folder).glob(pattern):
            if path.is_symlink() or path.lstat().st_mtime >= since:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return sorted(removed)
