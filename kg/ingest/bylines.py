"""Datelines and bylines: where an article is datelined from, and who is credited.

`parse_byline` reads the conventions of Chinese local news:

- a dateline that opens a paragraph, with the credit in parentheses:
  `本报临川讯(通讯员李明远)3月2日,…`, `本报讯(记者 周小禾 通讯员 钱立)`,
  `本报讯 (南河融媒记者孙一鸣 何佳)`, `青溪融媒(记者 沈默/文 郑远/图)`;
- byline lines: `□ 通讯员 柳青 韩冬生` (in the header block) and `…建言献策。□ 林书远`;
- photo credits ending a paragraph: `通讯员 陆小鸥 摄影报道`;
- a credit in parentheses closing the article: `(顾长风)`, `(王 青)`, `(江北融媒梁晓)`,
  `(记者 陈小舟)`, `(撰稿人:叶知秋 审核人:钟山)`;
- closing lines: `记者:罗一帆 苏木`, `供稿:融媒体中心 唐棠`.

Editors, reviewers and reposters (`编辑:…`, `审核人:…`, `转载:…`, `来源:…`) are not
authors, nor is an office (`(政协办供稿)`) or an unnamed credit (`(通讯员)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.model import Byline

__all__ = ["parse_byline", "is_credit_line", "is_person_name", "starts_with_dateline"]

_IGNORED = None  # the role of words whose names are not authors (editors, sources)

# Role words, longest first when matched. Values are Byline roles, or _IGNORED.
_ROLE_WORDS: dict[str, str | None] = {
    "特约记者": "记者",
    "见习记者": "记者",
    "实习记者": "记者",
    "首席记者": "记者",
    "摄影记者": "摄影",
    "融媒记者": "记者",
    "记者": "记者",
    "特约通讯员": "通讯员",
    "通讯员": "通讯员",
    "实习生": "通讯员",
    "摄影": "摄影",
    "撰稿人": "撰稿",
    "撰稿": "撰稿",
    "撰文": "撰稿",
    "作者": "撰稿",
    "供稿": "供稿",
    "责任编辑": _IGNORED,
    "编辑": _IGNORED,
    "责编": _IGNORED,
    "主编": _IGNORED,
    "美编": _IGNORED,
    "审核人": _IGNORED,
    "审核": _IGNORED,
    "审稿": _IGNORED,
    "初审": _IGNORED,
    "复审": _IGNORED,
    "终审": _IGNORED,
    "校对": _IGNORED,
    "监制": _IGNORED,
    "稿件来源": _IGNORED,
    "信息来源": _IGNORED,
    "来源": _IGNORED,
    "转载": _IGNORED,
    "发布者": _IGNORED,
}
# One-character role words, only next to a slash or colon: 沈默/文, 图/郑远, 文:叶知秋
_SHORT_ROLES: dict[str, str | None] = {"文": "撰稿", "图": "摄影", "摄": "摄影"}
_ROLE_RE = re.compile("|".join(sorted(map(re.escape, _ROLE_WORDS), key=len, reverse=True)))

# The newsroom before a name: 南河融媒孙一鸣 → 孙一鸣, 江北县融媒体中心 → (none)
_ORG_PREFIX = re.compile(
    r"^.*?(?:融媒体中心|融媒体|融媒|新闻中心|广播电视台|电视台|日报社|日报|晚报|报社|报)"
)
# Words that make a candidate an office, not a person: 政协办, 融媒体中心
_ORG_WORDS = re.compile(
    r"政协|委员会|政府|中心|融媒|新闻|宣传|电视|报社|日报|[办委局厅县市区省镇乡村室部社网]"
)
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8})+")

# 本报华亭讯(通讯员安鹏伟) → place 华亭; 本报讯 (…) → no place; 仪陇融媒(记者 …) → no place
_DATELINE = re.compile(
    r"^(?:本报(?P<place>[\u4e00-\u9fff]{1,8}?)?讯|(?P<org>[\u4e00-\u9fff]{2,12}?(?:融媒体中心|融媒|日报|电视台|新闻网)讯?))"
    r"\s*(?:\((?P<credit>[^()]{1,60})\))?"
)
# □ 通讯员 张炜 韩陇生 (a whole line) or …建言献策。□ 吴嘉林 (ending a paragraph)
_BOX_CREDIT = re.compile(r"□\s*(?P<credit>[^□。!?,;()]{2,30})$")
# …(张维国) at the end of a paragraph, or a whole line (来源:… 转载:…)
_PAREN_CREDIT = re.compile(r"(?:^|(?<=[。!?”’」』…]))\s*\((?P<credit>[^()]{1,50})\)\s*$")
# 记者:谭显明 曹林 / 编辑:曹冬梅 / 文/沈默: a whole short line of labelled credits
_LABEL_LINE = re.compile(rf"^(?P<credit>(?:{_ROLE_RE.pattern}|[文图])\s*[:/]\s*[^。!?,;]{{1,40}})$")
# 通讯员 李海平 刘富成 摄影报道 at the end of a paragraph, after its last sentence
_PHOTO_CREDIT = re.compile(r"(?:^|(?<=[。!?”’」』…]))\s*(?P<credit>[^。!?,;()]{2,40}?(?:摄影报道|\s摄))\s*$")


def is_person_name(name: str, *, surnames: frozenset[str] | None = None) -> bool:
    """Whether `name` can be a person's name: 2-4 CJK characters (or a name with `·`).

    With `surnames`, the name must also start with one of them (used for bare credits,
    where nothing else says a person is meant).

    >>> is_person_name("李明远"), is_person_name("政协办"), is_person_name("阿依·买买提")
    (True, False, True)
    """
    if not _NAME.fullmatch(name) or _ORG_WORDS.search(name):
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
    """
    line = line.strip()
    if len(line) > 50:
        return False
    return bool(
        line.startswith("□")
        or _LABEL_LINE.match(line)
        or re.fullmatch(r"\([^()]{1,48}\)", line)
        or (_PHOTO_CREDIT.fullmatch(line) and _ROLE_RE.search(line))
    )


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


def _bylines_in_line(line: str, start: int, dateline: re.Match[str] | None) -> Iterator[Byline]:
    """Every credit found in one line, by the conventions in the module docstring."""
    if dateline and dateline.group("credit"):
        # 本报讯(…) always credits; a newsroom dateline (仪陇融媒(…)) only with a role word
        if dateline.group("org") is None or _ROLE_RE.search(dateline.group("credit")):
            yield from _credit(line, start, dateline.span("credit"), default="署名", strict=True)
    stripped = line.rstrip()
    if match := _LABEL_LINE.match(stripped):
        yield from _credit(line, start, match.span("credit"), default="署名", strict=True)
    elif match := _BOX_CREDIT.search(stripped):
        yield from _credit(line, start, match.span("credit"), default="署名", strict=False)
    elif match := _PAREN_CREDIT.search(stripped):
        yield from _credit(line, start, match.span("credit"), default="署名", strict=True)
    elif (match := _PHOTO_CREDIT.search(stripped)) and _ROLE_RE.search(match.group("credit")):
        yield from _credit(line, start, match.span("credit"), default="摄影", strict=False)


@dataclass(slots=True)
class _Found:
    name: str
    role: str | None
    start: int
    end: int
    explicit: bool  # a role word named the role (else the context's default applies)


def _credit(line: str, offset: int, span: tuple[int, int], *, default: str, strict: bool) -> Iterator[Byline]:
    """Bylines of one credit segment `line[span]`; offsets are shifted by `offset`."""
    from kg.lexicons import surnames  # the shared surname list, read on first use

    for item in _scan_credit(line, span):
        role = item.role if item.explicit else default
        if role is None:
            continue
        known = None if (item.explicit or not strict) else surnames()
        if is_person_name(item.name, surnames=known):
            yield Byline(name=item.name, role=role, start=offset + item.start, end=offset + item.end)


# Events a credit segment is read as: a role word, a name, a role after a name, 摄影报道.
type _Event = tuple[str, str | None, int]


def _scan_credit(line: str, span: tuple[int, int]) -> list[_Found]:
    """Names with their roles in `line[span]`: `记者 杨雁 通讯员 马炳辰`, `记者王 钧`."""
    found: list[_Found] = []
    role: str | None = None
    explicit = False
    single: int | None = None  # position of a lone character waiting for its pair (王 钧)
    for kind, value, pos in _credit_events(line, span):
        if kind == "role":
            role, explicit, single = value, True, None
        elif kind == "suffix" and found:
            last = found[-1]
            if value != "撰稿" or not last.explicit:  # 肖宁/文 under 记者 stays 记者
                last.role, last.explicit = value, True
        elif kind == "photo":
            for item in found:
                item.role, item.explicit = "摄影", True
        elif kind == "name" and value:
            if len(value) == 1 and single is not None:
                found.append(_Found(line[single] + value, role, single, pos + 1, explicit))
                single = None
            elif len(value) == 1:
                single = pos
            else:
                single = None
                found.append(_Found(value, role, pos, pos + len(value), explicit))
    return found


def _credit_events(line: str, span: tuple[int, int]) -> Iterator[_Event]:
    for token in re.finditer(r"[^\s:,;、]+", line[span[0] : span[1]]):
        pos = span[0] + token.start()
        parts = token.group().split("/")
        for index, part in enumerate(parts):
            if len(parts) > 1 and part in _SHORT_ROLES:
                # 沈默/文, 郑远/图: a role after the name; 文/叶知秋: a role before it
                yield ("suffix" if index else "role"), _SHORT_ROLES[part], pos
            elif part:
                yield from _part_events(part, pos)
            pos += len(part) + 1


def _part_events(part: str, pos: int) -> Iterator[_Event]:
    """`南河融媒记者孙一鸣` → role 记者, name 孙一鸣 (the newsroom before the role word is
    dropped); `政协办供稿` → name 政协办, then role 供稿 for it; `陆小鸥摄影报道` → name, photo."""
    if part == "摄":
        yield "photo", None, pos
        return
    if part.endswith("摄影报道"):
        if part != "摄影报道":
            yield from _part_events(part.removesuffix("摄影报道"), pos)
        yield "photo", None, pos
        return
    matches = list(_ROLE_RE.finditer(part))
    if len(matches) == 1 and matches[0].start() > 0 and matches[0].end() == len(part):
        yield _name_event(part[: matches[0].start()], pos)
        yield "suffix", _ROLE_WORDS[matches[0].group()], pos + matches[0].start()
        return
    last = 0
    for match in matches:
        if last:  # text between two role words is a name; before the first, a newsroom
            yield _name_event(part[last : match.start()], pos + last)
        yield "role", _ROLE_WORDS[match.group()], pos + match.start()
        last = match.end()
    if last < len(part):
        yield _name_event(part[last:], pos + last)


def _name_event(text: str, pos: int) -> _Event:
    name = _ORG_PREFIX.sub("", text)
    return "name", name, pos + len(text) - len(name)
