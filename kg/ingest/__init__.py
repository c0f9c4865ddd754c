"""Ingest: read pages, HTML and JSON records into normalised `Article`s.

>>> from kg.ingest import split_page
>>> [a.title for a in split_page("## 临川县政协召开常委会议\\n\\n3月2日,会议召开。", "p.txt")]
['临川县政协召开常委会议']
"""

from kg.ingest.bylines import parse_byline
from kg.ingest.normalize import normalize_text, repair_column_breaks
from kg.ingest.readers import ReadReport, read_corpus, read_file
from kg.ingest.split import build_article, split_page

__all__ = [
    "ReadReport",
    "read_corpus",
    "read_file",
    "split_page",
    "build_article",
    "normalize_text",
    "repair_column_breaks",
    "parse_byline",
]
