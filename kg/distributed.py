"""Extraction on a Dask cluster, and the connection to one.

`dask_client` connects to the scheduler (`--scheduler tcp://host:8786`), or starts a
`LocalCluster` of worker processes on 127.0.0.1 for the block and shuts it down after it.
`kg build --engine dask` runs the whole build on the workers (`kg.distributed_build`).

`extract_with_dask` extracts only: the input files are a `dask.bag`, each worker reads,
splits and extracts whole files, and the facts come back to this process in input order,
one partition at a time (`kg.pipeline.extract_paths`, for a caller that wants the facts).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, InputError, KgWarning
from kg.ingest import ReadReport
from kg.ingest.readers import _nothing_read, list_files, read_file
from kg.model import Article, Fact

__all__ = ["dask_client", "extract_with_dask"]


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


_NO_DASK = "the dask engine needs dask and distributed: pip install 'dask[distributed]'"


@contextmanager
def dask_client(scheduler: str | None = None) -> Iterator[Any]:
    """A `distributed.Client` of the scheduler at `scheduler`, or of a `LocalCluster` of
    2 worker processes on 127.0.0.1 started for the block and shut down after it.

    Raises:
        ConfigError: Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(_NO_DASK) from exc
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
        yield client


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
    except ImportError as exc:
        raise ConfigError(_NO_DASK) from exc
    files = list_files(paths, report)
    with dask_client(scheduler) as client:
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
