"""kg: knowledge graphs from Chinese CPPCC (政协) news, each fact with its evidence.

The public API, typed (kg ships `py.typed`):

- `build(paths, out_dir, *, …)`: read → extract → resolve → write a build folder;
  every option of `kg build`. Returns a `BuildReport`.
- `load_build(out_dir)`: a finished build read back (`Build`: facts, nodes, articles).
- `extract_article(article)` / `extract(articles)`: facts of articles, no files.
- The data types (`Article`, `Node`, `Fact`, `Evidence`, `stable_id`), the errors
  (`KgError` and its children, `KgWarning`), and the plug-in registries
  `extractors` and `sinks` with their contracts `Extractor` and `Sink`
  (`WriteReport`, `atomic_writer` for sinks). Other packages add plug-ins through the
  entry-point groups `kg.extractors` and `kg.sinks` (see `kg.registry`).

    >>> import kg
    >>> facts = kg.extract_article(kg.Article(id="x", text="本报临川讯 3月2日,临川区政协主席李明远主持召开会议。", dateline="临川"))
    >>> ("李明远", "HOLDS") in {(f.subject.label, f.predicate) for f in facts}
    True

Names used only by builds and sinks (`BuildReport`, `Build`, `load_build`, `Sink`,
`WriteReport`, `sinks`, `atomic_writer`) are imported on first use, so `import kg`
stays light.
"""

from __future__ import annotations

__version__ = "0.1.0"

import os
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kg.errors import (  # noqa: E402
    ConfigError,
    InputError,
    KgError,
    KgWarning,
    QueryError,
    StoreUnavailable,
    UnknownPluginError,
)
from kg.extract import Extractor, extract, extract_article, extractors  # noqa: E402
from kg.model import Article, Evidence, Fact, Node, stable_id  # noqa: E402

if TYPE_CHECKING:
    from kg.build_folder import Build, load_build
    from kg.pipeline import BuildReport
    from kg.sinks import Sink, WriteReport, sinks
    from kg.sinks.jsonl import atomic_writer

__all__ = [
    "Article",
    "Build",
    "BuildReport",
    "ConfigError",
    "Evidence",
    "Extractor",
    "Fact",
    "InputError",
    "KgError",
    "KgWarning",
    "Node",
    "QueryError",
    "Sink",
    "StoreUnavailable",
    "UnknownPluginError",
    "WriteReport",
    "__version__",
    "atomic_writer",
    "build",
    "extract",
    "extract_article",
    "extractors",
    "load_build",
    "sinks",
    "stable_id",
]

_LAZY = {
    "Build": "kg.build_folder",
    "load_build": "kg.build_folder",
    "BuildReport": "kg.pipeline",
    "Sink": "kg.sinks",
    "WriteReport": "kg.sinks",
    "sinks": "kg.sinks",
    "atomic_writer": "kg.sinks.jsonl",
}

PathLike = str | os.PathLike[str]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # found once, then an ordinary attribute
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def build(
    paths: PathLike | Iterable[PathLike],
    out_dir: PathLike = "exports",
    *,
    workers: int | None = None,
    stores: Iterable[str] | None = None,
    extractors: Iterable[str] | None = None,
    rules: PathLike | None = None,
    cache: PathLike | bool = True,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    on_article: Callable[[Article], None] | None = None,
    follow_symlinks: bool = False,
    shards: bool = False,
) -> BuildReport:
    """Build the graph of a corpus into `out_dir`, as `kg build PATHS -o OUT_DIR` does.

    Writes `facts.jsonl`, `nodes.jsonl` and `articles.jsonl`, then runs the sinks
    (by default the embedded Cypher store `graph.falkordb` and `graph.html`). Everything
    is staged and moved into `out_dir` only when the whole build succeeded, so a failed
    build leaves the previous one readable. The output does not depend on `workers`,
    `engine` or the cache.

    Args:
        paths: files or folders (`.txt`/`.md` pages, `.html`, `.json`/`.jsonl` records),
            or one of them.
        out_dir: the build folder (`--out`).
        workers: extraction processes (`--workers`); None: every core this process may use.
        stores: sinks to run on the finished build, kg's or plug-ins' (`--sinks`); None:
            kg's default ones; `()`: none, only the JSONL files (`--no-stores`).
        extractors: extractors to run, by name (`--extractors`); None: kg's six.
        rules: a resolution policy table (`--rules`); None: the one kg ships.
        cache: the fact cache, a SQLite file (`kg.cache`): True for
            `OUT_DIR/.cache/facts.sqlite`, a path for another, False for none (`--no-cache`).
        engine: `"local"` processes, or `"dask"` to build on a Dask cluster (`--engine`):
            extraction, resolution and writing on its workers (`kg.distributed_build`).
        scheduler: the Dask scheduler's address (`--scheduler`); None: a local cluster.
        on_article: called with each article once it is extracted (a progress bar); not
            with the dask engine, whose articles never come back to this process.
        follow_symlinks: read what symbolic links in an input folder point at outside it
            (`--follow-symlinks`); by default such a link is a W006 warning.
        shards: with the dask engine, leave facts, nodes and articles as the workers'
            shards, `OUT_DIR/facts/part-00000.jsonl`, … (`--shards`); `kg.load_build` and
            every reader take either form.

    Returns:
        A `BuildReport`: counts (files, articles, facts, nodes, links, cache hits),
        the warnings (`KgWarning`, each with a stable code) and the files written.

    Raises:
        InputError: nothing at all could be read.
        ConfigError: a bad option, rules table or engine.
        UnknownPluginError: no extractor or sink of a name given (before anything is read).

    Example:
        >>> import tempfile, kg
        >>> out = tempfile.mkdtemp()
        >>> report = kg.build("examples/records.jsonl", out, workers=1, stores=(), cache=False)
        >>> report.articles, sorted(p.name for p in Path(out).iterdir() if not p.name.startswith("."))
        (5, ['articles.jsonl', 'build.json', 'facts.jsonl', 'nodes.jsonl', 'spells.jsonl'])
        >>> "谢国强" in {n.label for n in kg.load_build(out).nodes.values()}
        True
    """
    from kg.parallel import default_workers
    from kg.pipeline import build as run_build

    path_list = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    out = Path(out_dir)
    cache_path = out / ".cache" / "facts.sqlite" if cache is True else None if cache is False else Path(cache)
    return run_build(
        path_list,
        out,
        on_article=on_article,
        rules=Path(rules) if rules is not None else None,
        stores=stores,
        workers=workers if workers is not None else default_workers(),
        cache=cache_path,
        engine=engine,
        scheduler=scheduler,
        extractor_names=extractors,
        follow_symlinks=follow_symlinks,
        shards=shards,
    )
