"""Where and when an article is: its place (`home`) and its publication date.

The place decides what a bare `县政协` means. It comes from, in order: the record's
`locality`, the dateline (`本报康县讯` → 康县), the headline block (`庆阳市政协`,
`临洮县洮阳镇:`), then the first region named with a body in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extract.bodies import find_regions
from kg.gazetteer import NATIONAL, Division, gazetteer
from kg.model import Article

__all__ = ["ArticleContext", "article_context"]


@dataclass(frozen=True, slots=True)
class ArticleContext:
    home: Division | None
    published: dt.date | None
    home_source: str  # locality | dateline | headline | text | none
    source_date: dt.date | None = None  # the day in the record's web address, a weaker date

    @property
    def province(self) -> Division | None:
        if self.home is None:
            return None
        return gazetteer().parent_chain(self.home.code)[-1]


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# news sites put the publication day in the address: /2023-01/08/, /20230108/, /202301/08/
_URL_DATE = re.compile(r"(?<!\d)(20\d\d)[-/]?(\d\d)[-/]?(\d\d)(?!\d)")


def _date_in_source(source: str | None) -> dt.date | None:
    """The publication date a web address carries, when the record gives none.

    >>> _date_in_source("http://example.com/news/2023-01/08/content_1.htm")
    datetime.date(2023, 1, 8)
    """
    if not source or "/" not in source:
        return None
    for m in _URL_DATE.finditer(source):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


# national news: its 政协 is 全国政协 (see kg.extract.bodies.cppcc_name)
_COUNTRY = {"中华人民共和国", "中国", "全国"}


def _lowest(found: list[tuple[int, int, Division]]) -> Division | None:
    """Of the regions in a headline, the most specific one (a county before its city)."""
    order = {"county": 0, "prefecture": 1, "province": 2}
    return min((d for _, _, d in found), key=lambda d: order[d.level], default=None)


def article_context(article: Article) -> ArticleContext:
    """Resolve the article's place and date.

    >>> from kg.model import Article
    >>> ctx = article_context(Article(id="a", text="本报陇西讯 3月13日,陇西市政协召开会议。", dateline="陇西"))
    >>> ctx.home.name, ctx.home_source
    ('陇西县', 'dateline')
    """
    g = gazetteer()
    published = _parse_date(article.published)
    source_date = _date_in_source(article.source)
    header_text = "\n".join(article.headers) or article.title
    near = [d.code for _, _, d in find_regions(header_text)]
    if article.locality in _COUNTRY:
        return ArticleContext(NATIONAL, published, "locality", source_date)
    if article.locality:
        d = g.resolve(article.locality, near)
        if d is None and article.province:
            d = g.resolve(article.province)
        if d is not None:
            return ArticleContext(d, published, "locality", source_date)
    if article.dateline:
        d = g.resolve(article.dateline, near)
        if d is not None:
            return ArticleContext(d, published, "dateline", source_date)
    d = _lowest(find_regions(header_text))
    if d is not None:
        return ArticleContext(d, published, "headline", source_date)
    body = article.text[:300]
    d = _lowest(find_regions(body)[:3])
    if d is not None:
        return ArticleContext(d, published, "text", source_date)
    if article.province:
        d = g.resolve(article.province)
        if d is not None:
            return ArticleContext(d, published, "locality", source_date)
    return ArticleContext(None, published, "none", source_date)
