"""The extractor contract and its registry.

An extractor is a small object with a `name`, a `version` and a call that turns one
article's analysis into facts::

    @extractors.register("meetings")
    class MeetingExtractor:
        name = "meetings"
        version = "1"
        def __call__(self, analysis: ArticleAnalysis) -> Iterator[Fact]: ...

It may not raise on odd text: return no facts instead. Every fact's evidence must
point inside `analysis.article.text`. Bump `version` when the output changes (the
incremental cache keys on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from kg.model import Fact
from kg.registry import Registry

if TYPE_CHECKING:
    from kg.extract.analysis import ArticleAnalysis

__all__ = ["Extractor", "extractors"]


class Extractor(Protocol):
    name: str
    version: str

    def __call__(self, analysis: ArticleAnalysis) -> Iterator[Fact]: ...


extractors: Registry[type[Extractor]] = Registry("extractor")
