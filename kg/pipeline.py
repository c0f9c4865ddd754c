"""`build()`: read → extract → resolve → write, the whole pipeline behind `kg build`.

Articles stream in batches from the extraction workers: their facts go to a scratch
file while the resolver keeps one entry per distinct node (memory grows with nodes, not
with articles). Then a second pass writes each fact with its canonical nodes.

Everything (the JSONL files, then the stores) is written into a staging folder
`DIR/.build-XXXX/` and committed into DIR only when the whole build succeeded, in one
step a kill cannot leave half done (`kg.manifest`: a manifest, build.json, and a journal),
so a failed or killed build leaves the previous exports intact and readable. A lock file
lets one build at a time write to DIR; it also clears what killed builds left.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from kg.build_folder import Build
from kg.cache import FactCache
from kg.errors import W_BAD_CACHE, W_DUPLICATE_ID, ConfigError, InputError, KgWarning
from kg.extract import DEFAULT_EXTRACTORS, extractors
from kg.ingest import ReadReport, read_corpus
from kg.manifest import commit, finish_interrupted_commit, write_manifest
from kg.model import Article, Fact
from kg.parallel import Extracted, batches_of, extract_all, extract_files
from kg.resolve import Resolver
from kg.resolve.rules import load_rules
from kg.sinks import build_sinks, sinks
from kg.sinks.jsonl import remove_leftovers, render_row
from kg.tenure import SPELLS_FILE, write_spells

__all__ = ["BuildReport", "build", "extract_paths"]


@dataclass(slots=True)
class BuildReport:
    files_read: int = 0
    files_skipped: int = 0
    articles: int = 0
    facts: int = 0
    nodes: int = 0
    links: int = 0  # POSSIBLY_SAME_AS
    merged: int = 0  # person nodes folded into another by a `merge` rule
    extracted: int = 0  # articles extracted in this build
    cached: int = 0  # articles whose facts came from the cache
    warnings: list[KgWarning] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    build_id: str = ""  # in DIR/build.json, and in what is derived from the build later (kg.manifest)


def extract_paths(
    paths: Iterable[Path | str],
    report: ReadReport | None = None,
    on_article: Callable[[Article], None] | None = None,
    workers: int = 1,
    cache: FactCache | None = None,
    scheduler: str | None = None,
    engine: str = "local",
    extractor_names: Iterable[str] | None = None,
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article read from `paths` with its facts, in input order.

    `workers` > 1 extracts in that many processes (same output); `cache` reuses the
    facts of articles extracted before (see `kg.cache`); `extractor_names` picks the
    extractors (default: kg's, `kg.extract.DEFAULT_EXTRACTORS`).
    """
    names = _extractor_names(extractor_names)
    if engine == "dask":
        from kg.distributed import extract_with_dask

        pairs = extract_with_dask([Path(p) for p in paths], report or ReadReport(), scheduler, names=names)
    elif engine == "local":
        pairs = extract_all(read_corpus([Path(p) for p in paths], report=report), workers, cache, names)
    else:
        raise ConfigError(f"unknown engine {engine!r}; use local or dask")
    for article, facts in pairs:
        if on_article is not None:
            on_article(article)
        yield article, facts


def _extractor_names(names: Iterable[str] | None) -> tuple[str, ...]:
    """The extractors to run, checked now (an unknown name fails before anything is read)."""
    if names is None:
        return DEFAULT_EXTRACTORS
    chosen = tuple(dict.fromkeys(names))  # in the order given, once each
    if not chosen:
        raise ConfigError("no extractors named; pass at least one, e.g. --extractors persons,positions")
    for name in chosen:
        extractors.get(name)  # raises UnknownPluginError listing what exists
    return chosen


def _extracted(
    paths: Iterable[Path | str],
    report: ReadReport,
    workers: int,
    cache: FactCache | None,
    scheduler: str | None,
    engine: str,
    names: tuple[str, ...],
) -> Iterator[Extracted]:
    """The corpus in extracted batches, from local worker processes or a Dask cluster."""
    if engine == "local":
        return extract_files([Path(p) for p in paths], report, workers, cache, names)
    return batches_of(
        extract_paths(paths, report, workers=workers, scheduler=scheduler, engine=engine, extractor_names=names)
    )


def build(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    on_article: Callable[[Article], None] | None = None,
    rules: Path | str | None = None,
    stores: Iterable[str] | None = None,
    workers: int = 1,
    cache: Path | str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    extractor_names: Iterable[str] | None = None,
    follow_symlinks: bool = False,
    shards: bool = False,
) -> BuildReport:
    """Build the graph of a corpus into `out_dir`: `facts.jsonl`, `nodes.jsonl`, `articles.jsonl`
    and `spells.jsonl` (posts in time, `kg.tenure`).

    `kg.build` is the documented front door (keyword options, every one described);
    this is what it and `kg build` call.

    `rules` is a resolution policy table (default: the one kg ships, `schema/resolution_rules.csv`).
    `workers` is the number of extraction processes (the output is the same for any
    number); `cache` a SQLite file of facts by article content (`kg.cache`), so an
    unchanged article is not extracted again. `engine="dask"` extracts on a Dask cluster
    at `scheduler` (a local one when None) instead; the output is the same.
    With a `scheduler`, the neo4j-import sink writes its CSV shards on that cluster's workers too.
    `stores` names the sinks to run on the finished build (default: kg's sinks with
    `on_build`, the embedded Cypher store and graph.html; `()` for none), plug-ins too.
    `extractor_names` names the extractors (default: kg's six), plug-ins too.
    `follow_symlinks` reads what links in an input folder point at outside it (by default a
    W006 warning); kg's own build folders inside the input are never read back.
    `shards` (dask engine only) leaves facts, nodes and articles as the shards the workers
    wrote, `facts/part-00000.jsonl`, … (`kg.distributed_build`), instead of one file each.

    Raises:
        InputError: nothing at all could be read (the previous exports are kept).
        ConfigError: the rules table is missing or malformed.
        UnknownPluginError: no extractor or sink of a name given (before anything is read).
    """
    out = Path(out_dir)
    store_names = build_sinks() if stores is None else list(dict.fromkeys(stores))
    for name in store_names:
        sinks.get(name)  # fail fast: an unknown name before anything is read
    names = _extractor_names(extractor_names)
    read_report = ReadReport(follow_symlinks=follow_symlinks)
    report = BuildReport()
    resolver = Resolver(load_rules(Path(rules)) if rules is not None else None)
    with _exclusive(out) as stage:
        _write_build(
            stage, paths, read_report, report, resolver, on_article, workers, cache, engine, scheduler, names, shards
        )
        if not (stage / SPELLS_FILE).is_file():  # the dask engine derives them on the cluster
            write_spells(stage)  # posts in time (kg.tenure), before the stores that may load them
        build_id = write_manifest(stage).build_id  # the sinks may stamp what they write with it
        for name in store_names:
            sink = sinks.get(name)
            # a sink that can run on the cluster (neo4j-import's CSV shards) does so on the build's
            on_cluster = engine == "dask" and scheduler is not None and getattr(sink, "on_cluster", False)
            written = sink(stage, **({"scheduler": scheduler} if on_cluster else {})).write(Build(stage))
            where = Path(written.path or stage)
            report.outputs[name] = str(out / where.relative_to(stage) if where.is_relative_to(stage) else where)
        report.build_id = _commit(stage, out, build_id)
    end = "" if shards else ".jsonl"  # shards: the folder of facts/part-00000.jsonl, …
    report.outputs = {"facts": str(out / f"facts{end}"), "articles": str(out / f"articles{end}"),
                      "nodes": str(out / f"nodes{end}"), **report.outputs}  # fmt: skip
    return report


def _write_build(
    stage: Path,
    paths: Iterable[Path | str],
    read_report: ReadReport,
    report: BuildReport,
    resolver: Resolver,
    on_article: Callable[[Article], None] | None,
    workers: int,
    cache: Path | str | None,
    engine: str,
    scheduler: str | None,
    names: tuple[str, ...],
    shards: bool = False,
) -> None:
    """facts.jsonl, articles.jsonl and nodes.jsonl of the corpus, in the staging folder
    (or their shards, `shards`); with the dask engine, all of it on the cluster."""
    if shards and engine != "dask":
        raise ConfigError("shards are written by the cluster: use --shards with --engine dask")
    if engine == "dask":
        _write_build_on_dask(stage, paths, read_report, report, resolver, scheduler, names, shards)
        return
    with (
        (stage / "facts.jsonl").open("wb") as facts_fh,
        (stage / "articles.jsonl").open("wb") as articles_fh,
        (stage / "nodes.jsonl").open("wb") as nodes_fh,
        tempfile.TemporaryFile("w+b", dir=stage) as scratch,
        FactCache(cache) if cache is not None and engine == "local" else nullcontext() as fact_cache,
    ):
        first_read: dict[str, tuple[bytes, str]] = {}  # article id → digest of its text, its file
        for batch in _extracted(paths, read_report, workers, fact_cache, scheduler, engine, names):
            for article in batch.articles:
                _check_duplicate_id(article, first_read, read_report)
            articles_fh.writelines(batch.records)
            scratch.writelines(batch.rows)
            resolver.add_index(batch.index)
            report.articles += len(batch.articles)
            report.facts += sum(batch.counts)
            if on_article is not None:
                for article in batch.articles:
                    on_article(article)
        if report.articles == 0:
            raise InputError(
                f"no articles found in {', '.join(map(str, paths))}: "
                f"{read_report.files_read} files read, {read_report.files_skipped} skipped"
            )
        resolution = resolver.finish()
        # copied to exact-size bytes: orjson's own result keeps a 4 KiB buffer per call
        node_json = {i: memoryview(orjson.dumps(n.to_dict())).tobytes() for i, n in resolution.nodes.items()}
        node_json.update({source: node_json[target] for source, target in resolution.remap.items()})
        scratch.seek(0)
        facts_fh.writelines(render_row(row, node_json) for row in scratch)
        for link in resolution.links:
            facts_fh.write(orjson.dumps(link.to_dict()) + b"\n")
        nodes_fh.writelines(node_json[node_id] + b"\n" for node_id in sorted(resolution.nodes))
        report.facts += len(resolution.links)
        report.nodes = len(resolution.nodes)
        report.links = len(resolution.links)
        report.merged = len(resolution.remap)
        if fact_cache is not None:
            report.cached, report.extracted = fact_cache.hits, fact_cache.misses
            if fact_cache.corrupt:
                read_report.warn(
                    W_BAD_CACHE,
                    fact_cache.path,
                    f"{fact_cache.corrupt} damaged rows of the fact cache could not be read; "
                    "their articles were extracted again (--no-cache skips the cache)",
                )
        else:
            report.extracted = report.articles
    report.files_read = read_report.files_read
    report.files_skipped = read_report.files_skipped
    report.warnings = list(read_report.warnings)


def _write_build_on_dask(
    stage: Path,
    paths: Iterable[Path | str],
    read_report: ReadReport,
    report: BuildReport,
    resolver: Resolver,
    scheduler: str | None,
    names: tuple[str, ...],
    shards: bool,
) -> None:
    """`_write_build` on a Dask cluster: this process only adds up the counts."""
    from kg.distributed_build import write_build_with_dask

    done = write_build_with_dask(stage, paths, read_report, resolver.rules, scheduler, names, shards=shards)
    report.articles = report.extracted = done.articles
    report.facts = done.facts + done.links
    report.nodes, report.links, report.merged = done.nodes, done.links, done.merged
    report.files_read = read_report.files_read
    report.files_skipped = read_report.files_skipped
    report.warnings = list(read_report.warnings)


def _check_duplicate_id(article: Article, first_read: dict[str, tuple[bytes, str]], report: ReadReport) -> None:
    """A W008 warning when an article has the id of an earlier one with another text:
    the two become one article node, so the user should know (a copy is no news)."""
    digest = hashlib.sha1(article.text.encode("utf-8")).digest()
    first = first_read.setdefault(article.id, (digest, article.source))
    if first[0] != digest:
        report.warn(
            W_DUPLICATE_ID,
            article.source,
            f"article id {article.id!r} was read before, from {first[1]}, with another text; "
            "the two are one article node now: give each record its own id",
        )


# What a build leaves behind when it is killed (the staging folder, temporary files of
# atomic writers and of the embedded store) is removed by the next build, under the lock:
# only names kg makes, of processes that are gone (`remove_leftovers`).
_STAGE_PREFIX = ".build-"


@contextmanager
def _exclusive(out: Path) -> Iterator[Path]:
    """A staging folder inside `out`, for this build alone: one build at a time writes to
    `out` (a lock file), and what killed builds left there is removed first."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock, the rest still holds
        fcntl = None  # type: ignore[assignment]
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".kg.lock").open("a") as lock:
        try:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise ConfigError(f"another kg build is writing to {out}/; wait for it, or build into another folder") from exc
        finish_interrupted_commit(out, holding_lock=True)  # before its staging folder looks left over
        remove_leftovers(out)
        stage = Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}kg{os.getpid()}-", dir=out))
        try:
            yield stage
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _commit(stage: Path, out: Path, build_id: str) -> str:
    """Make the finished build in its staging folder the build in `out`, in one step that a
    kill cannot leave half done (`kg.manifest.commit`); returns the build's id."""
    write_manifest(stage, build_id)  # again: now with what the sinks wrote
    commit(stage, out)
    return build_id
