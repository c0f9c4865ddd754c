"""Page → articles: find where each article of a newspaper page starts, and build it.

A page is a run of non-blank lines. Each is read as one of three kinds:

- **header**: a Markdown heading (`#`, `##`, `###`), or a short line (at most 40
  characters) without `,` `。` `;`, that is not a numbered subheading (`一、…`),
  not a dateline (`本报…讯`) and not the rest of a paragraph broken by a column
  (the line before it is body text that does not end a sentence). A byline line
  (`□ 通讯员 柳青`) right after a header is a header too;
- **tail**: a credit line after body text (`通讯员 陆小鸥 摄影报道`, `(顾长风)`,
  `编辑:…`): it belongs to the article before it;
- **body**: everything else.

An article starts at every header that follows body or tail text (or opens the page)
and runs to the line before the next such header; its span is from its first header
line to its last non-blank line. Lines before the first header (a page opening
mid-article) make an article without headers.

Title: when the headers hold a `#` or `##` heading, the first heading of the highest
level (in this paper `###` marks kickers and section labels); otherwise the last header
line that is not a byline, credit, source line or subtitle (`——…`), because kickers
(`通渭县政协召开文史工作座谈会`) come above the headline (`让文史工作“活起来”`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.ingest.bylines import is_credit_line, parse_byline
from kg.ingest.normalize import (
    ends_sentence,
    fold_text,
    is_heading_like,
    is_traditional,
    repair_column_breaks,
    to_simplified,
)
from kg.model import Article

__all__ = ["MAX_TITLE", "split_page", "build_article", "article_id", "bound_title"]

# A headline is a line; one of thousands of characters is a page without line breaks,
# and every fact about the article carries its title (issue 17: 200 KB → 197 MB of facts).
MAX_TITLE = 100


def bound_title(title: str) -> str:
    """`title`, cut to `MAX_TITLE` characters (the last one `…`) when longer.

    >>> bound_title("临川县政协召开常委会议"), len(bound_title("会议强调," * 1000))
    ('临川县政协召开常委会议', 100)
    """
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"

_HEAD, _BODY, _TAIL = "header", "body", "tail"
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
# 一、 (二) 3. 4、 第五, : subheadings inside an article, never an article's header
_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.]|第[一二三四五六七八九十]+[,、])"
)
_DATELINE_START = re.compile(r"^本报[\u4e00-\u9fff]{0,8}讯")
# source, date and subtitle lines are headers, never the title
_NOT_TITLE = re.compile(r"^[—-]|\d{4}-\d{1,2}-\d{1,2}|来源|发布|点击|编辑")
_MAX_LOOKAHEAD = 4


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based line number in the input
    text: str  # folded (NFKC, pinyin notes removed), stripped, without Markdown marks
    level: int  # Markdown heading level; 0 for a plain line


def split_page(text: str, source: str) -> list[Article]:
    """Split the raw text of a newspaper page into its articles.

    Args:
        text: the page as read (any script, full- or half-width; `#` headings optional).
        source: where the page comes from; its file stem starts every article id.

    Returns:
        The articles in page order, each with `lines` = its span of the page (1-based,
        inclusive) and `original_text` = those lines as given.

    >>> page = "## 临川县政协召开常委会议\\n\\n本报临川讯(通讯员李明远)3月2日,会议召开。\\n\\n" \\
    ...        "青溪县政协\\n\\n开展专题调研\\n\\n3月5日,调研组走访了企业。(王 青)"
    >>> [(a.title, a.lines, [b.name for b in a.authors]) for a in split_page(page, "p.txt")]
    [('临川县政协召开常委会议', (1, 3), ['李明远']), ('开展专题调研', (5, 9), ['王青'])]
    """
    raw = _raw_lines(text)
    lines = _read_lines(raw)
    roles = _classify(lines)
    articles = []
    for index, block in enumerate(_blocks(lines, roles), start=1):
        first, last = block[0][0].number, block[-1][0].number
        original = "\n".join(raw[first - 1 : last])
        articles.append(_assemble(block, original=original, source=source, index=index, lines=(first, last)))
    return articles


def build_article(
    text: str,
    *,
    source: str,
    index: int = 1,
    id: str | None = None,  # noqa: A002 - the record field's name
    source_id: str | None = None,
    published: str | None = None,
    locality: str | None = None,
    province: str | None = None,
    script: str | None = None,
) -> Article:
    """One article from the whole text of a record (never split).

    Its leading header lines are found as on a page; the rest is body, with column
    breaks repaired. A `script` of `traditional` forces the conversion to simplified
    script and `simplified` prevents it; without one the text decides (`is_traditional`).

    >>> a = build_article("臨川縣政協召開常委會議\\n本報臨川訊(記者王 青)3月2日,會議召開。", source="r.json")
    >>> a.title, a.dateline, [(b.name, b.role) for b in a.authors], a.script
    ('临川县政协召开常委会议', '临川', [('王青', '记者')], 'traditional')
    """
    lines = _read_lines(_raw_lines(text))
    roles = _classify(lines)
    leading = True
    block = []
    for line, role in zip(lines, roles, strict=True):
        leading = leading and role == _HEAD
        block.append((line, _HEAD if leading else _BODY))
    return _assemble(
        block,
        original=text,
        source=source,
        index=index,
        id=id,
        source_id=source_id,
        published=published,
        locality=locality,
        province=province,
        script=script,
    )


def article_id(source: str, index: int, text: str) -> str:
    """The id of an article without one: `<file stem>-<index>-<8 hex of sha1(text)>`.

    Stable across runs and independent of other files; `text` is the normalised text,
    so an edited article gets a new id.

    >>> article_id("pages/000_9343.txt", 3, "正文")
    '000_9343-03-a0d95bc3'
    """
    stem = re.sub(r"[^\w.-]+", "_", Path(source).stem or "article").strip("_") or "article"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{index:02d}-{digest}"


def _raw_lines(text: str) -> list[str]:
    # \r\n, \n and a lone \r (old Mac files, or one pasted line in another file) each end a
    # line, as in editors; `cat -n` agrees on every file that has no lone \r
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _read_lines(raw: Sequence[str]) -> list[_Line]:
    lines = []
    for number, line in enumerate(raw, start=1):
        folded = fold_text(line).strip()
        if not folded:
            continue
        heading = _MARKDOWN.match(folded)
        if heading:
            lines.append(_Line(number, heading.group(2).strip(), len(heading.group(1))))
        else:
            lines.append(_Line(number, folded, 0))
    return lines


def _classify(lines: Sequence[_Line]) -> list[str]:
    """The kind of every line: header, body or tail (see the module docstring)."""
    roles: list[str] = []
    for k, line in enumerate(lines):
        prev = roles[-1] if roles else None
        if line.level:
            role = _HEAD
        elif is_credit_line(line.text):
            role = _TAIL if prev in (_BODY, _TAIL) else _HEAD
        elif prev == _BODY and not ends_sentence(lines[k - 1].text) and not _opens_article(lines, k):
            role = _BODY  # a column break: the paragraph goes on, however short this line is
        elif _is_header(line.text):
            role = _HEAD
        else:
            role = _BODY
        roles.append(role)
    return roles


def _is_header(text: str) -> bool:
    return is_heading_like(text) and not _NUMBERED.match(text) and not _DATELINE_START.match(text)


def _opens_article(lines: Sequence[_Line], k: int) -> bool:
    """Whether header-like lines from `k` on lead into a dateline or byline.

    Then they head a new article even though the paragraph before them stops mid-sentence
    (its article goes on elsewhere in the paper).
    """
    for line in lines[k : k + _MAX_LOOKAHEAD + 1]:
        if _DATELINE_START.match(line.text) or line.text.startswith("□") or line.level:
            return line is not lines[k]
        if not _is_header(line.text):
            return False
    return False


def _blocks(lines: Sequence[_Line], roles: Sequence[str]) -> list[list[tuple[_Line, str]]]:
    """Group lines into articles: a header after body or tail text starts one."""
    blocks: list[list[tuple[_Line, str]]] = []
    prev = None
    for line, role in zip(lines, roles, strict=True):
        if not blocks or (role == _HEAD and prev != _HEAD):
            blocks.append([])
        blocks[-1].append((line, role))
        prev = role
    return blocks


def _assemble(
    block: Sequence[tuple[_Line, str]],
    *,
    original: str,
    source: str,
    index: int,
    lines: tuple[int, int] | None = None,
    id: str | None = None,  # noqa: A002
    script: str | None = None,
    source_id: str | None = None,
    published: str | None = None,
    locality: str | None = None,
    province: str | None = None,
) -> Article:
    """Build the Article of one block: normalised text, title, headers, dateline, bylines."""
    header_lines = [line for line, role in block if role == _HEAD]
    headers = [line.text for line in header_lines]
    paragraphs = repair_column_breaks(line.text for line, role in block if role != _HEAD)
    traditional = script == "traditional" or (
        script is None and is_traditional("\n".join(headers + paragraphs))
    )
    if traditional:
        headers = [to_simplified(h) for h in headers]
        paragraphs = [to_simplified(p) for p in paragraphs]
    text = "\n".join(headers + paragraphs)
    dateline, authors = parse_byline(text)
    title_index = _title_index(header_lines)
    return Article(
        id=id or article_id(source, index, text),
        text=text,
        title=bound_title(headers[title_index]) if title_index is not None else "",
        source=source,
        lines=lines,
        original_text=original,
        dateline=dateline,
        authors=tuple(authors),
        headers=tuple(headers),
        script="traditional" if traditional else "simplified",
        source_id=source_id,
        published=published,
        locality=locality,
        province=province,
    )


def _title_index(headers: Sequence[_Line]) -> int | None:
    """Which header is the headline (rule in the module docstring)."""
    marked = [h.level for h in headers if h.level in (1, 2)]
    if marked:
        top = min(marked)
        return next(i for i, h in enumerate(headers) if h.level == top)
    candidates = [
        i
        for i, h in enumerate(headers)
        if not h.text.startswith("□") and not is_credit_line(h.text) and not _NOT_TITLE.search(h.text)
    ]
    if candidates:
        return candidates[-1]
    return 0 if headers else None
