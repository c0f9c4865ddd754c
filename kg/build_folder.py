"""A finished build, read back: the nodes and facts that `kg build -o DIR` wrote.

Every reading command (`kg cypher`, `kg sparql`, `kg view`, `kg stats`, `kg export …`,
`kg load …`) starts here, so they all agree on what a build is:

- `DIR/nodes.jsonl`: one resolved node per line (`Node.to_dict()`), sorted by id;
- `DIR/facts.jsonl`: one fact per line (`Fact.to_dict()`), both ends resolved;
- `DIR/articles.jsonl`: the articles read (`Article.to_record()`).

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

__all__ = ["Build", "load_build", "iter_facts", "remove_stale_exports", "DEFAULT_EXPORTS", "DERIVED_EXPORTS"]

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
    """The facts of a facts.jsonl, one at a time (memory stays flat)."""
    for data in _lines(Path(path)):
        yield Fact.from_dict(data)


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

    def facts(self) -> Iterator[Fact]:
        return iter_facts(self.facts_path)

    @cached_property
    def nodes(self) -> dict[str, Node]:
        return {d["id"]: Node.from_dict(d) for d in _lines(self.nodes_path)}

    @cached_property
    def articles(self) -> dict[str, dict[str, Any]]:
        if not self.articles_path.is_file():
            return {}
        return {d["id"]: d for d in _lines(self.articles_path)}


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
    missing = [name for name in ("facts.jsonl", "nodes.jsonl") if not (folder / name).is_file()]
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
