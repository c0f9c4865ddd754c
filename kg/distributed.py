"""Extraction on a Dask cluster: `kg build --engine dask --scheduler tcp://host:8786`.

The input files are a `dask.bag`; each worker reads, splits and extracts whole files
(reading, normalising and extraction are per article, so they scale with workers). The
facts come back to the machine running `kg build` in input order, one partition at a
time, and resolution and writing happen there, exactly as in a local build: the output
is byte-for-byte the same. Resolution is a reduction over distinct nodes (memory grows
with nodes, not articles); it is the part that does not spread across the cluster yet.

Without `--scheduler`, a `LocalCluster` of worker processes on 127.0.0.1 is started
for the build and shut down after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ConfigError, InputError, KgWarning
from kg.ingest import ReadReport
from kg.ingest.readers import _nothing_read, list_files, read_file
from kg.model import Article, Fact

__all__ = ["extract_with_dask"]


@dataclass
class _FileResult:
    articles: list[tuple[Article, list[Fact]]] = field(default_factory=list)
    files_read: int = 0
    files_skipped: int = 0
    warnings: list[KgWarning] = field(default_factory=list)


def _extract_file(path: str, names: tuple[str, ...] | None = None) -> _FileResult:
    from kg.extract import DEFAULT_EXTRACTORS, extract_article

    report = ReadReport()
    out = _FileResult()
    for article in read_file(Path(path), report=report):
        out.articles.append((article, extract_article(article, names or DEFAULT_EXTRACTORS)))
    out.files_read, out.files_skipped, out.warnings = report.files_read, report.files_skipped, report.warnings
    return out


def extract_with_dask(
    paths: list[Path],
    report: ReadReport,
    scheduler: str | None = None,
    partitions: int | None = None,
    names: tuple[str, ...] | None = None,
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article of `paths` with its facts, in input order, extracted on a Dask cluster
    by the extractors `names` (default: kg's). A plug-in extractor must be installed on
    every worker.

    Raises:
        ConfigError: Dask is not installed, or the scheduler cannot be reached.
        InputError: nothing at all could be read.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("the dask engine needs dask and distributed: pip install 'dask[distributed]'") from exc
    files = list_files(paths, report)
    with ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            else:
                cluster = stack.enter_context(
                    LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; is it running?") from exc
        if files:
            count = partitions or max(1, min(len(files), 4 * len(client.scheduler_info().get("workers", {})) or 4))
            bag = db.from_sequence([str(f) for f in files], npartitions=count).map(_extract_file, names=names)
            futures = client.compute(bag.to_delayed())
            for future in futures:  # in partition order, so in input order
                for result in future.result():
                    report.files_read += result.files_read
                    report.files_skipped += result.files_skipped
                    report.warnings.extend(result.warnings)
                    for article, facts in result.articles:
                        report.articles += 1
                        yield article, facts
                future.release()
    if report.articles == 0:
        raise InputError(_nothing_read(paths, files, report))
