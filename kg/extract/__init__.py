"""Extraction: articles in, facts with evidence out.

    >>> from kg.model import Article
    >>> facts = extract_article(Article(id="t1", text="本报临川讯 3月2日,临川区政协主席李明远主持召开区政协三届五次常委会会议。",
    ...                                  dateline="临川"))
    >>> sorted({f.predicate for f in facts})
    ['HELD', 'HOLDS', 'LOCATED_IN', 'MENTIONS', 'PART_OF', 'POST_IN', 'PRESIDED_BY']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract import facts as _facts  # noqa: F401  (registers the built-in extractors)
from kg.extract.analysis import ArticleAnalysis
from kg.extract.base import Extractor, extractors
from kg.model import Article, Fact

__all__ = ["extract", "extract_article", "extractors", "Extractor", "ArticleAnalysis", "EXTRACTOR_VERSION"]

DEFAULT_EXTRACTORS = ("bylines", "persons", "positions", "bodies", "meetings", "documents")


def _instances(names: Iterable[str]) -> list[Extractor]:
    return [extractors.get(n)() for n in names]


EXTRACTOR_VERSION = ",".join(f"{n}.v{extractors.get(n).version}" for n in DEFAULT_EXTRACTORS)


def extract_article(article: Article, names: Iterable[str] = DEFAULT_EXTRACTORS) -> list[Fact]:
    """All facts the named extractors find in one article, in a stable order."""
    analysis = ArticleAnalysis(article)
    out: list[Fact] = []
    for extractor in _instances(names):
        out.extend(extractor(analysis))
    return out


def extract(articles: Iterable[Article], names: Iterable[str] = DEFAULT_EXTRACTORS) -> Iterator[Fact]:
    """Facts of each article in turn (a generator: memory stays flat in corpus size)."""
    chosen = tuple(names)
    for article in articles:
        yield from extract_article(article, chosen)
