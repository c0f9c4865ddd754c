"""kg: knowledge graphs from Chinese CPPCC (政协) news.

    >>> import kg
    >>> facts = kg.extract_article(kg.Article(id="x", text="本报临川讯 3月2日,临川区政协主席李明远主持召开会议。", dateline="临川"))
    >>> ("李明远", "HOLDS") in {(f.subject.label, f.predicate) for f in facts}
    True
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.errors import KgError  # noqa: E402
from kg.extract import extract, extract_article  # noqa: E402
from kg.model import Article, Evidence, Fact, Node  # noqa: E402

__all__ = ["Article", "Evidence", "Fact", "KgError", "Node", "__version__", "build", "extract", "extract_article"]


def build(paths, out_dir):  # type: ignore[no-untyped-def]
    """Build a corpus into `out_dir` (see `kg.pipeline.build`)."""
    from kg.pipeline import build as _build

    return _build(paths, out_dir)
