"""Datelines and bylines: where an article is datelined from, and who is credited.

`parse_byline` reads the conventions of Chinese news. Credits are looked for only where
the news puts them, never in running sentences:

- a credit in parentheses after a dateline that opens a paragraph:
  `本报临川讯(通讯员李明远)3月2日,…`, `本报讯 (南河融媒记者孙一鸣 何佳)`,
  `青溪融媒(记者 沈默/文 郑远/图)`, `东岭日报·东岭客户端5月3日讯(柯远)`,
  `新华社南河4月2日电(记者 林晓 钟岳)`; a bracketed opening `【本报记者 林晓 南河七日电】`;
- byline lines: `□ 通讯员 柳青 韩冬生`, `…建言献策。□ 林书远`, `本报记者 林晓 何川`;
- labelled lines (or `|`-separated fields of a line): `记者:罗一帆 苏木`,
  `作者:记者 林晓`, `图文/林晓 何川`, `文/图 林晓`, `供稿:融媒体中心 唐棠`;
- photo credits: `通讯员 陆小鸥 摄影报道`, `…现场。新华社记者 林晓 摄`, `(林晓 摄)`;
- a credit in parentheses closing a paragraph: `(顾长风)`, `(王 青)`, `(江北融媒梁晓)`,
  `(记者 陈小舟 何川 林晓 钟岳)`, `(撰稿人:叶知秋 审核人:钟山)`.

A credit is read token by token (role words, names, newsrooms); one token that is none of
these (`原题为《…》`, `当选副主席`, a clause) means the brackets or the line are not a
credit at all, and nobody in them is an author. Editors, reviewers and reposters
(`编辑:…`, `审核人:…`, `一审:…`, `转载:…`, `来源:…`) are not authors, nor is an office
(`(政协办供稿)`) or an unnamed credit (`(通讯员)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.model import Byline

__all__ = ["parse_byline", "is_credit_line", "ends_with_credit", "is_person_name", "starts_with_dateline"]

_IGNORED = None  # the role of words whose names are not authors (editors, sources)

# Role words, longest first when matched. Values are Byline roles, or _IGNORED.
_ROLE_WORDS: dict[str, str | None] = {
    "特约记者": "记者",
    "见习记者": "记者",
    "实习记者": "记者",
    "首席记者": "记者",
    "摄影记者": "摄影",
    "记者": "记者",
    "特约通讯员": "通讯员",
    "通讯员": "通讯员",
    "实习生": "通讯员",
    "摄影": "摄影",
    "摄像": "摄影",
    "图片": "摄影",
    "图文": "撰稿",  # 图文/林晓: text and pictures by the same hand
    "文图": "撰稿",
    "文字": "撰稿",
    "撰稿人": "撰稿",
    "撰稿": "撰稿",
    "撰文": "撰稿",
    "作者": "撰稿",
    "报道组": "记者",  # (某某报道组:甲 乙 丙): the paper's reporting team
    "供稿": "供稿",
    "责任编辑": _IGNORED,
    "值班编辑": _IGNORED,
    "编辑": _IGNORED,
    "责编": _IGNORED,
    "主编": _IGNORED,
    "美编": _IGNORED,
    "编审": _IGNORED,
    "审核人": _IGNORED,
    "审核": _IGNORED,
    "审稿": _IGNORED,
    "审校": _IGNORED,
    "初审": _IGNORED,
    "复审": _IGNORED,
    "终审": _IGNORED,
    "一审": _IGNORED,
    "二审": _IGNORED,
    "三审": _IGNORED,
    "签发": _IGNORED,
    "校对": _IGNORED,
    "监制": _IGNORED,
    "统筹": _IGNORED,
    "策划": _IGNORED,
    "稿件来源": _IGNORED,
    "信息来源": _IGNORED,
    "来源": _IGNORED,
    "转载": _IGNORED,
    "发布者": _IGNORED,
    "后援": _IGNORED,
}
# Role words that may follow the name they credit: 政协办供稿, 陆小鸥摄影, 林晓 撰稿
_AFTER_NAME = frozenset({"供稿", "摄影", "撰稿", "撰文"})
# One-character role words, only next to a slash or before a colon: 沈默/文, 图/郑远, 文:叶知秋
_SHORT_ROLES: dict[str, str | None] = {"文": "撰稿", "图": "摄影", "摄": "摄影"}
_ROLE_RE = re.compile("|".join(sorted(map(re.escape, _ROLE_WORDS), key=len, reverse=True)))
_CREDITED_RE = re.compile(
    "|".join(sorted((re.escape(w) for w, r in _ROLE_WORDS.items() if r), key=len, reverse=True))
)
# Field labels of a web page's meta line after which no credit follows: 时间:2023-03-12
_META_LABEL = re.compile(r"(?:发布)?时间|日期|点击量?|浏览量?|阅读量?|字号|源自|来源")

# The newsroom before a name: 南河融媒孙一鸣 → 孙一鸣, 江北县融媒体中心 → (none)
_ORG_PREFIX = re.compile(
    r"^.*?(?:融媒体中心|融媒体|融媒|新闻中心|广播电视台|电视台|日报社|日报|晚报|报社|报)"
)
# 本报张青 → 张青: "this paper" before a name
_OWN_PAPER = re.compile(r"^本[报网台刊站]")
# What may stand before a role word in one token: 新华社记者, 本报记者, 南河融媒记者, 东岭分站记者
_NEWSROOM = re.compile(
    r"^(?:本[报网台刊站]|驻[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff·]{0,14}"
    r"(?:报|网|社|台|站|刊|中心|融媒|融媒体|全媒体|客户端|频道|新闻|在线|视))$"
)
# Words that make a candidate an office, not a person: 政协办, 融媒体中心
_ORG_WORDS = re.compile(
    r"政协|委员会|政府|中心|融媒|新闻|宣传|电视|报社|日报|[办委局厅县市区省镇乡村室部社网]"
)
# Words that are never part of a credited name, though the candidate has a name's length:
# (张青当选), (扩大), (草案), (全文另发). Their brackets are then no credit at all.
_NOT_NAME = re.compile(
    r"当选|出席|主持|参加|讲话|发言|同志|主席|书记|代表|表示|指出|强调|报道|原题|全文|另发"
    r"|草案|试行|扩大|待续|摘要|节选|图为|现场|会议|活动|[的了是在与及]"
    # column labels after a role word: 记者手记, 记者观察, 通讯员视角
    r"|手记|观察|调查|视点|视角|连线|专访|见闻|直击|探访|体验|感言|日记|笔记"
    r"|族$"  # (蒙古族), (女,回族): a note after a name in a list
)
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8})+")
_CJK = re.compile(r"[\u4e00-\u9fff·]+")

# 本报华亭讯(通讯员安鹏伟) → place 华亭; 本报讯 (…) → no place; 仪陇融媒(记者 …) → no place
_DATELINE = re.compile(
    r"^(?:本报(?P<place>[\u4e00-\u9fff]{1,8}?)?讯|(?P<org>[\u4e00-\u9fff]{2,12}?(?:融媒体中心|融媒|日报|电视台|新闻网)讯?))"
    r"\s*(?:\((?P<credit>[^()]{1,60})\))?"
)
# Any dateline ending in 讯 or 电 with a credit: 本网南河5月3日讯(记者林晓), 新华社南河4月2日电(…)
_OPENING = re.compile(r"^[^。!?,;()【】]{0,30}?[讯电]\s*:?\s*\((?P<credit>[^()]{1,60})\)")
# The same without brackets, up to the date: 本报讯 记者 林晓 通讯员 何川 3月2日,…
_BARE_OPENING = re.compile(
    rf"^[^。!?,;()【】]{{0,30}}?[讯电]\s*:?\s*"
    rf"(?P<credit>[\u4e00-\u9fff·]{{0,14}}?(?:{_CREDITED_RE.pattern})[^,。;:()!?\d]{{1,30}}?)"
    r"(?=\s*(?:\d|[,。:;(]|近日|日前|今年|昨天|今天|$))"
)
# 【本报记者 林晓 南河七日电】: reporters, then place and day; the whole opening is bracketed
_BRACKET_OPENING = re.compile(r"^【(?P<inner>[^【】]{2,40}[讯电])】")
# □ 通讯员 张炜 韩陇生 (a whole line) or …建言献策。□ 吴嘉林 (ending a paragraph)
_BOX_CREDIT = re.compile(r"□\s*(?P<credit>[^□。!?,;()]{2,30})$")
# …(张维国) at the end of a paragraph
_PAREN_CREDIT = re.compile(r"\((?P<credit>[^()]{1,50})\)\s*$")
_AFTER_SENTENCE = re.compile(r"(?:^|[。!?”’」』…])\s*$")
# 记者:谭显明 曹林 / 编辑:曹冬梅 / 文/沈默 / 图文/林晓: a whole short field of labelled credits
_LABEL_LINE = re.compile(
    rf"^(?P<credit>(?:{_ROLE_RE.pattern}|[文图摄](?:/[文图])?)\s*[:/丨|]\s*[^。!?;]{{1,40}})$"
)
# 文 | 林晓 图 | 何川: a bar after a role word is its slash, not a field separator
_BAR_LABEL = re.compile(rf"^(?:{_ROLE_RE.pattern}|[文图摄])\s*\|")
# 本报记者 林晓 何川 / 文/图 林晓: a whole short line that starts with a credited role
_BYLINE_LINE = re.compile(
    rf"^(?P<credit>(?:[\u4e00-\u9fff·]{{0,14}}?(?:{_CREDITED_RE.pattern})|[文图]/[文图])\s*[^。!?;:]{{1,36}})$"
)
# 通讯员 李海平 刘富成 摄影报道 at the end of a paragraph, after its last sentence
_PHOTO_CREDIT = re.compile(r"(?:^|(?<=[。!?”’」』…]))\s*(?P<credit>[^。!?,;()]{2,40}?(?:摄影报道|\s摄))\s*$")
# …出席会议。记者 林晓 何川: a reporter's credit after the last sentence of a paragraph
_END_CREDIT = re.compile(
    rf"(?<=[。!?”’」』…])\s*(?P<credit>[\u4e00-\u9fff·]{{0,14}}?(?:{_CREDITED_RE.pattern})[^。!?,;()]{{1,30}})$"
)
# …出席。新华社记者 林晓 摄 会议听取了…: a photo credit between two sentences
_INLINE_PHOTO = re.compile(
    r"(?:^|(?<=[。!?”’」』…▲]))\s*(?P<credit>[^\s。!?,;:()▲][^。!?,;:()]{0,30}?\s摄)(?![影像制录于取入氏])"
)
# 会场(林晓 摄): a photo credit in parentheses, anywhere
_PAREN_PHOTO = re.compile(r"\((?P<credit>[^()]{2,30}?摄)\)")


def is_person_name(name: str, *, surnames: frozenset[str] | None = None) -> bool:
    """Whether `name` can be a person's name: 2-4 CJK characters (or a name with `·`).

    With `surnames`, the name must also start with one of them (used for bare credits,
    where nothing else says a person is meant).

    >>> is_person_name("李明远"), is_person_name("政协办"), is_person_name("阿依·买买提")
    (True, False, True)
    """
    if not _NAME.fullmatch(name) or _ORG_WORDS.search(name) or _NOT_NAME.search(name):
        return False
    if surnames is None or "·" in name:
        return True
    return name[:1] in surnames or name[:2] in surnames


def starts_with_dateline(line: str) -> bool:
    """Whether a line opens with a dateline (`本报临川讯`, `青溪融媒(记者 …)`).

    >>> starts_with_dateline("本报临川讯(通讯员李明远)3月2日,"), starts_with_dateline("本报讯 3月2日")
    (True, True)
    """
    match = _DATELINE.match(line.strip())
    return bool(match and (match.group("org") is None or match.group("credit")))


def is_credit_line(line: str) -> bool:
    """Whether a whole line is a credit (byline, photo credit, source or editor line).

    Such lines belong to the article around them: they never start a new article and
    are never joined to the paragraph before them.

    >>> [is_credit_line(s) for s in ("□ 通讯员 张炜 韩陇生", "通讯员 陆漪澜 摄影报道", "编辑:小鱼", "兰州市政协")]
    [True, True, True, False]
    >>> is_credit_line("图文/林晓 何川"), is_credit_line("记者节座谈会召开")
    (True, False)
    """
    line = line.strip()
    if len(line) > 50:
        return False
    if line.startswith("□") or _LABEL_LINE.match(line) or re.fullmatch(r"\([^()]{1,48}\)", line):
        return True
    if (match := _PHOTO_CREDIT.fullmatch(line)) and _ROLE_RE.search(line):
        return bool(_read_credit(line, match.span("credit")))
    if match := _BYLINE_LINE.match(line):
        return bool(_read_credit(line, match.span("credit")))
    return False


def ends_with_credit(line: str) -> bool:
    """Whether a line ends with a credit after its last sentence, as a photo caption does.

    The paragraph then ends there, though no sentence-final mark closes the line: the next
    line must not be joined to it (`…出席。新华社记者 林晓 摄` / `会议审议通过了…`).

    >>> ends_with_credit("全国政协副主席林远出席。新华社记者 柯晓岚 摄"), ends_with_credit("会议由林晓 摄")
    (True, False)
    """
    line = line.strip()
    for pattern in (_PHOTO_CREDIT, _END_CREDIT):
        if (match := pattern.search(line)) and (found := _read_credit(line, match.span("credit"))):
            if any(_bylines(found, 0, default="摄影", strict=True)):
                return True
    return False


def parse_byline(text: str) -> tuple[str | None, list[Byline]]:
    """The dateline place and the credited people of an article's normalised text.

    Each `Byline.start`/`end` are offsets of the name in `text`, so
    `text[b.start:b.end] == b.name`, except for a name typeset with an inner space
    (`记者王 钧`): the name is then `王钧` and `start`/`end` cover `王 钧`.
    A person credited twice is listed once, at the first credit.

    Args:
        text: normalised article text (simplified script, half-width punctuation).

    Returns:
        The place of a `本报X讯` dateline (None without one) and the bylines in text order.

    >>> place, people = parse_byline("本报临川讯(通讯员李明远 王 青)3月2日,临川县政协召开会议。")
    >>> place, [(b.name, b.role) for b in people]
    ('临川', [('李明远', '通讯员'), ('王青', '通讯员')])
    """
    place: str | None = None
    found: dict[str, Byline] = {}
    for start, line in _lines_with_offsets(text):
        dateline = _DATELINE.match(line)
        if dateline and place is None and dateline.group("place"):
            place = dateline.group("place")
        for byline in _bylines_in_line(line, start, dateline):
            found.setdefault(byline.name, byline)
    return place, sorted(found.values(), key=lambda b: b.start)


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


# Where a credit may stand in a line: the span of its text, the role of a name no role word
# names, and whether such a bare name must start with a known surname.
type _Site = tuple[tuple[int, int], str, bool]


def _bylines_in_line(line: str, start: int, dateline: re.Match[str] | None) -> Iterator[Byline]:
    """Every credit found in one line, by the conventions in the module docstring."""
    for span, default, strict in _credit_sites(line, dateline):
        found = _read_credit(line, span)
        if found:
            yield from _bylines(found, start, default=default, strict=strict)


def _credit_sites(line: str, dateline: re.Match[str] | None) -> Iterator[_Site]:
    """The places of one line where the news prints credits (the module docstring's list)."""
    if match := _OPENING.match(line):
        # the brackets right after 讯/电 hold the credit: a bare name needs no known surname
        yield match.span("credit"), "署名", False
    elif match := _BARE_OPENING.match(line):
        yield match.span("credit"), "署名", True
    elif dateline and dateline.group("credit") and _CREDITED_RE.search(dateline.group("credit")):
        yield dateline.span("credit"), "署名", True  # 仪陇融媒(记者 …): a newsroom, no 讯
    if match := _BRACKET_OPENING.match(line):
        if span := _bracket_credit(line, match):
            yield span, "署名", True
    stripped = line.rstrip()
    whole = list(_whole_line_sites(stripped))
    if whole:
        yield from whole
        return
    if (match := _PAREN_CREDIT.search(stripped)) and (
        _AFTER_SENTENCE.search(stripped, 0, match.start()) or _CREDITED_RE.search(match.group("credit"))
    ):
        yield match.span("credit"), "署名", True
    for match in _PAREN_PHOTO.finditer(stripped):
        yield match.span("credit"), "摄影", True
    if match := _PHOTO_CREDIT.search(stripped):
        yield match.span("credit"), "摄影", True
    elif match := _END_CREDIT.search(stripped):
        yield match.span("credit"), "署名", True
    for match in _INLINE_PHOTO.finditer(stripped):
        yield match.span("credit"), "摄影", True


def _whole_line_sites(line: str) -> Iterator[_Site]:
    """A line that is all credit (labels, □ and byline lines), or the label fields of a
    meta line (`发布时间:… | 来源:… | 作者:林晓`)."""
    if "|" in line and not _BAR_LABEL.match(line):
        for field in re.finditer(r"[^|]+", line):
            text = field.group().strip()
            if match := _LABEL_LINE.match(text):
                lead = field.start() + field.group().index(text)
                yield (lead + match.start("credit"), lead + match.end("credit")), "署名", True
    elif (match := _LABEL_LINE.match(line) or _BYLINE_LINE.match(line)) and _read_credit(
        line, match.span("credit")
    ) is not None:
        yield match.span("credit"), "署名", True
    elif match := _BOX_CREDIT.search(line):
        yield match.span("credit"), "署名", False


def _bracket_credit(line: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The reporters of `【本报记者 林晓 南河七日电】`: what comes before the place and day.

    Without a space between them (`【本报记者林晓南河七日电】`) a name cannot be told from
    the place, and the opening credits nobody.
    """
    inner_start, inner_end = match.span("inner")
    last_space = max(line.rfind(" ", inner_start, inner_end), line.rfind("\u3000", inner_start, inner_end))
    end = last_space if last_space > inner_start else inner_start
    roles = list(_CREDITED_RE.finditer(line, end, inner_end))
    if roles:  # 本报记者南河七日电: the role word, and no name, in the last token
        end = roles[-1].end()
    if end <= inner_start or not _CREDITED_RE.search(line, inner_start, end):
        return None
    return inner_start, end


@dataclass(slots=True)
class _Found:
    name: str
    role: str | None  # None: no role word named it (the site's default applies)
    start: int
    end: int
    labelled: bool  # a role word stood right before it or was attached to it


def _bylines(found: list[_Found], offset: int, *, default: str, strict: bool) -> Iterator[Byline]:
    """The persons among the names of one credit; offsets are shifted by `offset`."""
    from kg.lexicons import surnames  # the shared surname list, read on first use

    for item in found:
        known = surnames() if strict and not item.labelled else None
        if is_person_name(item.name, surnames=known):
            role = item.role or default
            yield Byline(name=item.name, role=role, start=offset + item.start, end=offset + item.end)


# Events a credit is read as: a role word, a role after a name, a photo marker (摄),
# a name, one character of a spaced name (王 钧), a newsroom or office, the end of the
# credits of a meta line, and anything else (which makes the whole segment no credit).
type _Event = tuple[str, str | None, int]


def _read_credit(line: str, span: tuple[int, int]) -> list[_Found] | None:
    """Names with their roles in `line[span]` (`记者 杨雁 通讯员 马炳辰`, `记者王 钧`).

    None when something in it is neither a role word, a name nor a newsroom: then the
    segment is text, not a credit. Names under an ignored role (`编辑:…`) are left out.
    """
    found: list[_Found] = []
    role: str | None = None
    labelled = False
    skipping = False  # inside the names of an ignored role word
    single: int | None = None  # position of a lone character waiting for its pair (王 钧)
    last_kind = ""
    for kind, value, pos in _credit_events(line, span):
        if kind == "end":
            break
        if kind == "role":
            skipping = value is None
            role, labelled, single, last_kind = value, True, None, kind
            continue
        if skipping:
            continue
        if kind == "junk":
            return None
        if kind == "post" and last_kind == "name" and found:
            last = found[-1]
            if value != "撰稿" or not last.labelled:  # 肖宁/文 under 记者 stays 记者
                last.role, last.labelled = value, True
        elif kind == "photo":
            for item in found:
                item.role = "摄影"
        elif kind == "piece" and value:
            if single is not None:
                found.append(_Found(line[single] + value, role, single, pos + 1, labelled))
                single, kind = None, "name"
            else:
                single = pos
        elif kind == "name" and value:
            single = None
            found.append(_Found(value, role, pos, pos + len(value), labelled))
        else:
            single = None
        last_kind = kind
    return found


def _credit_events(line: str, span: tuple[int, int]) -> Iterator[_Event]:
    segment = line[span[0] : span[1]]
    for token in re.finditer(r"[^\s:,;、]+", segment):
        pos = span[0] + token.start()
        labelled = segment[token.end() :].lstrip()[:1] in (":", "/", "|", "丨")
        if labelled and _META_LABEL.fullmatch(token.group()):
            yield "end", None, pos
            return
        glued = _META_LABEL.search(token.group()) if labelled else None
        if glued is not None and glued.end() == len(token.group()) and glued.start() > 0:
            # 作者:陈某某源自:县融媒体中心 — the next field's label glued to the name
            yield from _part_events(token.group()[: glued.start()], pos)
            yield "end", None, pos + glued.start()
            return
        parts = re.split(r"[/丨|]", token.group())
        for index, part in enumerate(parts):
            if part in _SHORT_ROLES and (len(parts) > 1 or labelled):
                # 沈默/文, 郑远/图: a role after the name; 文/叶知秋, 文:叶知秋: a role before it
                yield ("post" if index else "role"), _SHORT_ROLES[part], pos
            elif part:
                yield from _part_events(part, pos)
            pos += len(part) + 1


def _part_events(part: str, pos: int) -> Iterator[_Event]:
    """`南河融媒记者孙一鸣` → role 记者, name 孙一鸣 (the newsroom before the role word is
    dropped); `政协办供稿` → office 政协办, then role 供稿 for it; `陆小鸥摄影报道` → name, photo."""
    if part in ("摄", "摄影报道"):
        yield "photo", None, pos
        return
    if part == "报道":  # 记者 林晓 报道: says nothing more
        return
    for marker, kind in (("摄影报道", "photo"), ("报道", ""), ("摄", "photo")):
        if part.endswith(marker) and len(part) > len(marker):
            # 新华社记者林晓摄: a name after a role word, then 摄, in one token
            if marker != "摄" or _name_event(part[:-1], pos)[0] == "name" or _ROLE_RE.search(part[:-1]):
                yield from _part_events(part.removesuffix(marker), pos)
                if kind:
                    yield kind, None, pos + len(part) - len(marker)
                return
    matches = list(_ROLE_RE.finditer(part))
    if not matches:
        yield _name_event(part, pos)
        return
    first = matches[0]
    if len(matches) == 1 and first.start() > 0 and first.end() == len(part) and first.group() in _AFTER_NAME:
        yield _name_event(part[: first.start()], pos)
        yield "post", _ROLE_WORDS[first.group()], pos + first.start()
        return
    if first.start() > 0 and not _NEWSROOM.match(part[: first.start()]):
        yield "junk", None, pos  # 他对记者: a role word inside a sentence
        return
    for index, match in enumerate(matches):
        if index:  # text between two role words is a name; before the first, a newsroom
            between = part[matches[index - 1].end() : match.start()]
            if between:
                yield _name_event(between, pos + matches[index - 1].end())
        yield "role", _ROLE_WORDS[match.group()], pos + match.start()
    if matches[-1].end() < len(part):
        yield _name_event(part[matches[-1].end() :], pos + matches[-1].end())


def _name_event(text: str, pos: int) -> _Event:
    """A name (`孙一鸣`, `江北融媒梁晓` → `梁晓`), an office (`政协办`), a piece or junk."""
    if own := _OWN_PAPER.match(text):
        text, pos = text[own.end() :], pos + own.end()
    if len(text) == 1 and _CJK.fullmatch(text):
        return "piece", text, pos
    if len(text) >= 3 and text.endswith(("台", "网", "报", "社")) and _NEWSROOM.match(text):
        return "org", None, pos  # (山东台 某某 某某): a station, not a person
    if is_person_name(text):
        return "name", text, pos
    if not _CJK.fullmatch(text) or _NOT_NAME.search(text):
        return "junk", None, pos
    newsroom = _ORG_PREFIX.match(text)
    rest = text[newsroom.end() :] if newsroom else text
    if newsroom and not rest:
        return "org", None, pos
    if newsroom and is_person_name(rest):
        return "name", rest, pos + newsroom.end()
    if _ORG_WORDS.search(text) or _NEWSROOM.match(text):
        return "org", None, pos
    return "junk", None, pos
