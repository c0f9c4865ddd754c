"""Extraction over many cores, in input order, with memory bounded by a window of batches.

Articles are read in the parent (reading is cheap), sent to worker processes in
batches, and their facts come back in the order the articles were read, so a build
with `--workers 8` writes the same bytes as one with `--workers 1`. At most
`2 × workers` batches are in flight, so memory does not grow with the corpus.

Workers are forked where the platform allows it and the parent runs no other thread,
after the parent has loaded jieba's dictionary and the gazetteer, so each starts warm;
otherwise they are spawned.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from kg.cache import FactCache, article_key, encode_facts
from kg.extract import DEFAULT_EXTRACTORS, extract_article, extractors
from kg.ingest.readers import ReadReport, list_files, read_corpus, read_file
from kg.model import Article, Fact
from kg.resolve.nodes import NodeIndex
from kg.sinks.jsonl import fact_row

__all__ = [
    "Extracted",
    "batches_of",
    "cache_key",
    "default_workers",
    "extract_all",
    "extract_files",
    "process_pool",
]

BATCH = 32


def default_workers() -> int:
    """The cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


Names = tuple[str, ...]  # the extractors a build runs, by registry name


def _extract_batch(articles: list[Article], names: Names = DEFAULT_EXTRACTORS) -> list[list[Fact]]:
    return [extract_article(a, names) for a in articles]


def cache_key(article: Article, names: Names = DEFAULT_EXTRACTORS) -> str:
    """The fact cache's key of an article extracted by `names`: `kg.cache.article_key`
    (the article, kg's extraction code and its default extractors' versions), and the
    name and version of each extractor when they are not the default set, so a build
    with a plug-in never reads facts another set of extractors found."""
    key = article_key(article)
    if names == DEFAULT_EXTRACTORS:
        return key
    signature = ",".join(f"{n}.v{extractors.get(n).version}" for n in names)
    return hashlib.sha256(f"{key}|{signature}".encode()).hexdigest()


@dataclass(slots=True)
class Extracted:
    """A batch of articles after extraction, in the form `kg build` writes and resolves.

    Workers fill it in, so the parent only copies bytes and merges indexes: each
    article's record line, its facts as scratch rows (`fact_row`), how many, its facts
    encoded for the cache (when one is in use), and every node mention of the batch.
    """

    articles: list[Article] = field(default_factory=list)
    records: list[bytes] = field(default_factory=list)
    rows: list[bytes] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    blobs: list[bytes | None] = field(default_factory=list)
    index: NodeIndex = field(default_factory=NodeIndex)
    keys: list[str] = field(default_factory=list)  # cache keys of `blobs`, when a worker read the file
    hits: int = 0  # articles a worker found in the cache

    def add(self, article: Article, facts: list[Fact], blob: bytes | None = None) -> None:
        self.articles.append(article)
        self.records.append(orjson.dumps(article.to_record()) + b"\n")
        self.rows.append(b"".join(map(fact_row, facts)))
        self.counts.append(len(facts))
        self.blobs.append(blob)
        add = self.index.add
        for fact in facts:
            add(fact.subject, fact.evidence)
            add(fact.object, fact.evidence)


def _extract_rows(articles: list[Article], for_cache: bool = False, names: Names = DEFAULT_EXTRACTORS) -> Extracted:
    out = Extracted()
    for article in articles:
        facts = extract_article(article, names)
        out.add(article, facts, encode_facts(facts) if for_cache else None)
    return out


def _extract_rows_in_worker(articles: list[Article], for_cache: bool, names: Names) -> Extracted:
    out = _extract_rows(articles, for_cache, names)
    out.articles = []  # the parent has them: do not send them back
    return out


def _warm_up() -> None:
    from kg.extract.text import segmenter
    from kg.gazetteer import gazetteer

    segmenter()
    gazetteer()


class _Batch:
    """A batch of articles: facts found in the cache, and a future for the rest."""

    def __init__(self, articles: list[Article], cache: FactCache | None, names: Names = DEFAULT_EXTRACTORS) -> None:
        self.articles = articles
        self.names = names
        self.for_cache = cache is not None
        self.keys = [cache_key(a, names) for a in articles] if cache is not None else []
        self.facts: list[list[Fact] | None] = (
            [cache.get(k) for k in self.keys] if cache is not None else [None] * len(articles)
        )
        self.misses = [a for a, f in zip(articles, self.facts, strict=True) if f is None]
        self.future: Future[list[list[Fact]]] | None = None

    def start(self, pool: ProcessPoolExecutor, rows: bool) -> _Batch:
        """Send the articles the cache lacks to a worker (a batch found whole needs none);
        `rows`: come back in the build's form (`Extracted`), else as lists of facts."""
        if self.misses:
            if rows:
                self.future = pool.submit(_extract_rows_in_worker, self.misses, self.for_cache, self.names)  # type: ignore[arg-type]
            else:
                self.future = pool.submit(_extract_batch, self.misses, self.names)
        return self

    def results(self, cache: FactCache | None) -> list[list[Fact]]:
        fresh = iter(self.future.result() if self.future is not None else _extract_batch(self.misses, self.names))
        out: list[list[Fact]] = []
        for i, facts in enumerate(self.facts):
            if facts is None:
                facts = next(fresh)
                if cache is not None:
                    cache.put(self.keys[i], facts)
            out.append(facts)
        return out

    def extracted(self, cache: FactCache | None) -> Extracted:
        """`results` in the build's form: the misses come back as rows from the worker."""
        if self.future is not None:
            fresh: Extracted = self.future.result()  # type: ignore[assignment]
            fresh.articles = self.misses
        else:
            fresh = _extract_rows(self.misses, cache is not None, self.names)
        if len(self.misses) == len(self.articles):
            out = fresh
        else:  # interleave cache hits with the worker's rows, in input order
            out, taken = Extracted(index=fresh.index), 0
            for facts in self.facts:
                if facts is None:
                    for name in ("articles", "records", "rows", "counts", "blobs"):
                        getattr(out, name).append(getattr(fresh, name)[taken])
                    taken += 1
                else:
                    out.add(self.articles[len(out.articles)], facts)
        if cache is not None:
            for key, blob, hit in zip(self.keys, out.blobs, self.facts, strict=True):
                if hit is None and blob is not None:
                    cache.put_encoded(key, blob)
        return out


def _pool(workers: int) -> ProcessPoolExecutor:
    _warm_up()
    return process_pool(workers)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes: forked (they inherit what the parent loaded) when the parent
    runs no other thread, else spawned."""
    # fork is fast (workers inherit the loaded dictionaries) but unsafe in a process that
    # already runs threads (a Dask client, a notebook): then start clean processes instead
    methods = mp.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    return ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=die_with_parent)


def die_with_parent() -> None:
    """Make this process end when its parent does, even when the parent is SIGKILLed
    (an interrupted `kg build` must not leave workers behind). Linux only; elsewhere the
    pool's own shutdown is all there is."""
    import signal

    # Ctrl-C reaches the whole process group: the parent handles it (one line, exit 130)
    # and stops the pool; a worker that took it too would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform != "linux":
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(1)


def _serial_batches(
    articles: Iterable[Article], cache: FactCache | None, names: Names = DEFAULT_EXTRACTORS
) -> Iterator[Extracted]:
    """Batches extracted here, one after another (`--workers 1`)."""
    source = iter(articles)
    while batch := list(islice(source, BATCH)):
        yield _Batch(batch, cache, names).extracted(cache)


# Files up to this size are read, split and extracted whole by one worker (reading and
# normalising then run in parallel too); bigger ones (a large JSONL of records) are read
# here and sent in batches of articles, so no worker holds a huge file's facts at once.
FILE_TASK_BYTES = 4_000_000
FILE_TASK_FILES = 64
_WORKER_CACHES: dict[str, Any] = {}


def _extract_files(
    paths: list[Path], cache_path: str | None, names: Names = DEFAULT_EXTRACTORS
) -> tuple[Extracted, ReadReport]:
    """Whole files in a worker: their articles read and extracted, or taken from the cache."""
    from kg.cache import cached_facts, is_corrupt_row, read_only
    from kg.errors import W_BAD_CACHE

    report, out = ReadReport(), Extracted()
    if cache_path is not None and cache_path not in _WORKER_CACHES:
        _WORKER_CACHES[cache_path] = read_only(cache_path)
    db = _WORKER_CACHES.get(cache_path) if cache_path is not None else None
    for article in (a for path in paths for a in read_file(path, report=report)):
        report.articles += 1
        key = cache_key(article, names) if cache_path is not None else ""
        facts = cached_facts(db, key) if db is not None else None
        if facts is not None:
            out.hits += 1
            out.add(article, facts)
            continue
        if db is not None and cache_path is not None and is_corrupt_row(db, key):
            report.warn(
                W_BAD_CACHE,
                cache_path,
                f"the cached facts of article {article.id} could not be read (a damaged row); "
                "extracted again (--no-cache skips the cache)",
            )
        facts = extract_article(article, names)
        out.add(article, facts, encode_facts(facts) if cache_path is not None else None)
        if cache_path is not None:
            out.keys.append(key)
    return out, report


class _FileTask:
    """A file a worker reads and extracts whole."""

    def __init__(self, future: Future[tuple[Extracted, ReadReport]], report: ReadReport) -> None:
        self.future = future
        self.report = report

    def extracted(self, cache: FactCache | None) -> Extracted:
        out, read = self.future.result()
        self.report.files_read += read.files_read
        self.report.files_skipped += read.files_skipped
        self.report.warnings.extend(read.warnings)
        self.report.articles += read.articles
        if cache is not None:
            cache.hits += out.hits
            cache.misses += len(out.keys)
            for key, blob in zip(out.keys, (b for b in out.blobs if b is not None), strict=True):
                cache.put_encoded(key, blob)
        return out


def extract_files(
    paths: list[Path],
    report: ReadReport,
    workers: int,
    cache: FactCache | None = None,
    names: Names = DEFAULT_EXTRACTORS,
) -> Iterator[Extracted]:
    """The corpus in the build's form (`Extracted`), in input order: each page is read, split and extracted by a worker,
    big files are read here in batches of articles; in input order, the same output.

    Raises:
        InputError: no article at all could be read (as `read_corpus` does).
    """
    if workers <= 1:
        yield from _serial_batches(read_corpus(paths, report=report), cache, names)
        return
    from kg.errors import InputError
    from kg.ingest.readers import _nothing_read

    files = list_files(paths, report)
    cache_path = str(cache.path) if cache is not None else None
    with _pool(workers) as pool:
        pending: deque[_Batch | _FileTask] = deque()
        units = _Peekable(files)
        big: Iterator[Article] = iter(())

        def submit() -> bool:
            nonlocal big
            while True:
                batch = list(islice(big, BATCH))
                if batch:
                    pending.append(_Batch(batch, cache, names).start(pool, rows=True))
                    return True
                group: list[Path] = []
                total = 0  # small files travel together (a folder of 10,000 notes)
                while len(group) < FILE_TASK_FILES:
                    path = units.peek()
                    if path is None:
                        break
                    size = _size(path)
                    if size > FILE_TASK_BYTES or (group and total + size > FILE_TASK_BYTES):
                        break
                    group.append(next(units))
                    total += size
                if group:
                    pending.append(_FileTask(pool.submit(_extract_files, group, cache_path, names), report))
                    return True
                path = next(units, None)
                if path is None:
                    return False
                big = _counted(read_file(path, report=report), report)

        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            unit = pending.popleft()
            submit()
            yield unit.extracted(cache)
    if report.articles == 0:
        raise InputError(_nothing_read(paths, files, report))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_file says why, in the worker


class _Peekable:
    def __init__(self, items: list[Path]) -> None:
        self.items, self.at = items, 0

    def peek(self) -> Path | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def __next__(self) -> Path:
        if self.at >= len(self.items):
            raise StopIteration
        self.at += 1
        return self.items[self.at - 1]


def _counted(articles: Iterable[Article], report: ReadReport) -> Iterator[Article]:
    for article in articles:
        report.articles += 1
        yield article


def batches_of(pairs: Iterable[tuple[Article, list[Fact]]]) -> Iterator[Extracted]:
    """Articles already extracted elsewhere (a Dask cluster), in the build's form."""
    source = iter(pairs)
    while chunk := list(islice(source, BATCH)):
        out = Extracted()
        for article, facts in chunk:
            out.add(article, facts)
        yield out


def extract_all(
    articles: Iterable[Article],
    workers: int = 1,
    cache: FactCache | None = None,
    names: Names = DEFAULT_EXTRACTORS,
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article with its facts, in input order: from `cache` when it has them, else
    extracted, by `workers` processes when more than one."""
    source = iter(articles)
    if workers <= 1:
        while batch := list(islice(source, BATCH)):
            b = _Batch(batch, cache, names)
            yield from zip(batch, b.results(cache), strict=True)
        return
    with _pool(workers) as pool:
        pending: deque[_Batch] = deque()

        def submit() -> bool:
            batch = list(islice(source, BATCH))
            if batch:
                pending.append(_Batch(batch, cache, names).start(pool, rows=False))
            return bool(batch)

        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            b = pending.popleft()
            submit()
            yield from zip(b.articles, b.results(cache), strict=True)
