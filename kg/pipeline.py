"""`build()`: read → extract → write, the whole pipeline behind `kg build`.

Streams articles one at a time (memory stays flat in corpus size); exports are written
to temporary files and renamed only when the build succeeds, so a failed build leaves
the previous exports intact.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, Warning
from kg.extract import extract_article
from kg.ingest import ReadReport, read_corpus
from kg.model import Article, Fact
from kg.sinks.jsonl import atomic_writer, fact_line

__all__ = ["BuildReport", "build", "extract_paths"]


@dataclass(slots=True)
class BuildReport:
    files_read: int = 0
    files_skipped: int = 0
    articles: int = 0
    facts: int = 0
    warnings: list[Warning] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


def extract_paths(
    paths: Iterable[Path | str], report: ReadReport | None = None, on_article: Callable[[Article], None] | None = None
) -> Iterator[tuple[Article, list[Fact]]]:
    """Each article read from `paths` with its facts, in input order."""
    for article in read_corpus([Path(p) for p in paths], report=report):
        if on_article is not None:
            on_article(article)
        yield article, extract_article(article)


def build(
    paths: Iterable[Path | str], out_dir: Path | str, on_article: Callable[[Article], None] | None = None
) -> BuildReport:
    """Build the graph of a corpus into `out_dir`: `facts.jsonl` and `articles.jsonl`.

    Raises:
        InputError: nothing at all could be read (the previous exports are kept).
    """
    out = Path(out_dir)
    read_report = ReadReport()
    report = BuildReport()
    facts_path, articles_path = out / "facts.jsonl", out / "articles.jsonl"
    with atomic_writer(facts_path) as facts_fh, atomic_writer(articles_path) as articles_fh:
        for article, facts in extract_paths(paths, read_report, on_article):
            articles_fh.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")
            for fact in facts:
                facts_fh.write(fact_line(fact) + "\n")
            report.articles += 1
            report.facts += len(facts)
        if report.articles == 0:
            # raising inside the writers discards both temporary files
            raise InputError(
                f"no articles found in {', '.join(map(str, paths))}: "
                f"{read_report.files_read} files read, {read_report.files_skipped} skipped"
            )
    report.files_read = read_report.files_read
    report.files_skipped = read_report.files_skipped
    report.warnings = list(read_report.warnings)
    report.outputs = {"facts": str(facts_path), "articles": str(articles_path)}
    return report
