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

import multiprocessing as mp
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from kg.cache import FactCache, article_key
from kg.extract import extract_article
from kg.model import Article, Fact

__all__ = ["default_workers", "extract_all"]

BATCH = 32


def default_workers() -> int:
    """The cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _extract_batch(articles: list[Article]) -> list[list[Fact]]:
    return [extract_article(a) for a in articles]


def _warm_up() -> None:
    from kg.extract.text import segmenter
    from kg.gazetteer import gazetteer

    segmenter()
    gazetteer()


class _Batch:
    """A batch of articles: facts found in the cache, and a future for the rest."""

    def __init__(self, articles: list[Article], cache: FactCache | None) -> None:
        self.articles = articles
        self.keys = [article_key(a) for a in articles] if cache is not None else []
        self.facts: list[list[Fact] | None] = (
            [cache.get(k) for k in self.keys] if cache is not None else [None] * len(articles)
        )
        self.misses = [a for a, f in zip(articles, self.facts, strict=True) if f is None]
        self.future: Future[list[list[Fact]]] | None = None

    def results(self, cache: FactCache | None) -> list[list[Fact]]:
        fresh = iter(self.future.result() if self.future is not None else _extract_batch(self.misses))
        out: list[list[Fact]] = []
        for i, facts in enumerate(self.facts):
            if facts is None:
                facts = next(fresh)
                if cache is not None:
                    cache.put(self.keys[i], facts)
            out.append(facts)
        return out


def extract_all(
    articles: Iterable[Article], workers: int = 1, cache: FactCache | None = None
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article with its facts, in input order: from `cache` when it has them, else
    extracted, by `workers` processes when more than one."""
    source = iter(articles)
    if workers <= 1:
        while batch := list(islice(source, BATCH)):
            b = _Batch(batch, cache)
            yield from zip(batch, b.results(cache), strict=True)
        return
    _warm_up()
    # fork is fast (workers inherit the loaded dictionaries) but unsafe in a process that
    # already runs threads (a Dask client, a notebook): then start clean processes instead
    methods = mp.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    with ProcessPoolExecutor(workers, mp_context=mp.get_context(method)) as pool:
        pending: deque[_Batch] = deque()

        def submit() -> bool:
            batch = list(islice(source, BATCH))
            if batch:
                b = _Batch(batch, cache)
                if b.misses:  # a batch found whole in the cache needs no worker
                    b.future = pool.submit(_extract_batch, b.misses)
                pending.append(b)
            return bool(batch)

        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            b = pending.popleft()
            submit()
            yield from zip(b.articles, b.results(cache), strict=True)
