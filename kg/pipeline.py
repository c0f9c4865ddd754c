"""`build()`: read → extract → resolve → write, the whole pipeline behind `kg build`.

Articles stream one at a time: their facts go to a scratch file while the resolver
keeps one entry per distinct node (memory grows with nodes, not with articles). Then
a second pass rewrites each fact with its canonical nodes. Exports are written to
temporary files and renamed only when the build succeeds, so a failed build leaves
the previous exports intact.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from kg.cache import FactCache
from kg.errors import ConfigError, InputError, Warning
from kg.graph import iter_facts
from kg.ingest import ReadReport, read_corpus
from kg.model import Article, Fact
from kg.parallel import Extracted, batches_of, extract_all, extract_batches
from kg.resolve import Resolver
from kg.resolve.rules import load_rules
from kg.sinks import build_sinks, sinks
from kg.sinks.jsonl import atomic_writer, render_row

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
    warnings: list[Warning] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


def extract_paths(
    paths: Iterable[Path | str],
    report: ReadReport | None = None,
    on_article: Callable[[Article], None] | None = None,
    workers: int = 1,
    cache: FactCache | None = None,
    scheduler: str | None = None,
    engine: str = "local",
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article read from `paths` with its facts, in input order.

    `workers` > 1 extracts in that many processes (same output); `cache` reuses the
    facts of articles extracted before (see `kg.cache`).
    """
    if engine == "dask":
        from kg.distributed import extract_with_dask

        pairs = extract_with_dask([Path(p) for p in paths], report or ReadReport(), scheduler)
    elif engine == "local":
        pairs = extract_all(read_corpus([Path(p) for p in paths], report=report), workers, cache)
    else:
        raise ConfigError(f"unknown engine {engine!r}; use local or dask")
    for article, facts in pairs:
        if on_article is not None:
            on_article(article)
        yield article, facts


def _extracted(
    paths: Iterable[Path | str],
    report: ReadReport,
    workers: int,
    cache: FactCache | None,
    scheduler: str | None,
    engine: str,
) -> Iterator[Extracted]:
    """The corpus in extracted batches, from local worker processes or a Dask cluster."""
    if engine == "local":
        return extract_batches(read_corpus([Path(p) for p in paths], report=report), workers, cache)
    return batches_of(extract_paths(paths, report, workers=workers, scheduler=scheduler, engine=engine))


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
) -> BuildReport:
    """Build the graph of a corpus into `out_dir`: `facts.jsonl`, `nodes.jsonl`, `articles.jsonl`.

    `rules` is a resolution policy table (default `schema/resolution_rules.csv`).
    `workers` is the number of extraction processes (the output is the same for any
    number); `cache` a SQLite file of facts by article content (`kg.cache`), so an
    unchanged article is not extracted again. `engine="dask"` extracts on a Dask cluster
    at `scheduler` (a local one when None) instead; the output is the same.
    `stores` names the sinks to run on the finished facts (default: every sink with
    `on_build`, such as the embedded Cypher store and graph.html; `()` for none).

    Raises:
        InputError: nothing at all could be read (the previous exports are kept).
        ConfigError: the rules table is missing or malformed.
    """
    out = Path(out_dir)
    store_names = build_sinks() if stores is None else [sinks.get(name).name for name in stores]  # fail fast
    read_report = ReadReport()
    report = BuildReport()
    resolver = Resolver(load_rules(Path(rules)) if rules is not None else None)
    facts_path, articles_path, nodes_path = out / "facts.jsonl", out / "articles.jsonl", out / "nodes.jsonl"
    with (
        atomic_writer(facts_path, binary=True) as facts_fh,
        atomic_writer(articles_path, binary=True) as articles_fh,
        atomic_writer(nodes_path, binary=True) as nodes_fh,
        tempfile.TemporaryFile("w+b", dir=out) as scratch,
        FactCache(cache) if cache is not None and engine == "local" else nullcontext() as fact_cache,
    ):
        for batch in _extracted(paths, read_report, workers, fact_cache, scheduler, engine):
            articles_fh.writelines(batch.records)
            scratch.writelines(batch.rows)
            resolver.add_index(batch.index)
            report.articles += len(batch.articles)
            report.facts += sum(batch.counts)
            if on_article is not None:
                for article in batch.articles:
                    on_article(article)
        if report.articles == 0:
            # raising inside the writers discards the temporary files
            raise InputError(
                f"no articles found in {', '.join(map(str, paths))}: "
                f"{read_report.files_read} files read, {read_report.files_skipped} skipped"
            )
        resolution = resolver.finish()
        node_json = {node_id: orjson.dumps(node.to_dict()) for node_id, node in resolution.nodes.items()}
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
        else:
            report.extracted = report.articles
    report.files_read = read_report.files_read
    report.files_skipped = read_report.files_skipped
    report.warnings = list(read_report.warnings)
    report.outputs = {"facts": str(facts_path), "articles": str(articles_path), "nodes": str(nodes_path)}
    for name in store_names:
        written = sinks.get(name)(out).write(iter_facts(facts_path))
        report.outputs[name] = written.path or str(out)
    return report
