"""Small text helpers shared by the extractors: sentences, Chinese numerals, names."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.lexicons import surnames

__all__ = [
    "sentence_bounds",
    "Sentence",
    "sentences",
    "cn_number",
    "NAME_END",
    "is_plausible_name",
    "masked_titles",
    "is_common_word",
    "segmenter",
    "title_ending_before",
    "contains_title",
    "title_at",
    "without_honorific",
    "word_tag",
]

_SENTENCE_END = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”」』]?|\n|$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in the article text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(text: str) -> Iterator[Sentence]:
    """Split text into sentences at 。！？ and line breaks, keeping offsets.

    >>> [s.text for s in sentences("会议召开。王明主持。\\n标题")]
    ['会议召开。', '王明主持。', '标题']
    """
    for m in _SENTENCE_END.finditer(text):
        chunk = m.group(0)
        stripped = chunk.rstrip("\n")
        if stripped.strip():
            lead = len(stripped) - len(stripped.lstrip())
            yield Sentence(stripped.strip(), m.start() + lead)


# The most a sentence reaches on either side of a mention: far beyond any real sentence,
# and a bound, so a text with no 。 and no line break costs the same per mention anywhere
SENTENCE_REACH = 2000


def sentence_bounds(text: str, pos: int, end: int | None = None) -> tuple[int, int]:
    """[start, stop) of the sentence around text[pos:end]: from after the last 。 or line
    break before `pos` to just past the next 。 (or the line break) at or after `end`, at
    most `SENTENCE_REACH` characters either way.

    >>> text = "甲开会。乙主持\\n丙"
    >>> text[slice(*sentence_bounds(text, 5))]
    '乙主持'
    >>> sentence_bounds("甲" * 10_000, 5_000)
    (3000, 7000)
    """
    end = pos if end is None else end
    floor, ceiling = max(0, pos - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    stop = text.rfind("。", floor, pos)
    line = text.rfind("\n", max(stop + 1, floor), pos)
    start = max(stop, line) + 1 if max(stop, line) != -1 else floor
    full_stop = text.find("。", end, ceiling)
    line_break = text.find("\n", end, full_stop if full_stop != -1 else ceiling)
    if line_break != -1:
        return start, line_break
    return start, full_stop + 1 if full_stop != -1 else ceiling


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s: str) -> int | None:
    """Parse an Arabic or Chinese numeral up to the hundreds.

    >>> [cn_number(x) for x in ("十", "十四", "二十五", "三十一", "43", "一百零二")]
    [10, 14, 25, 31, 43, 102]
    """
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# What may follow a person's name in news prose: punctuation, conjunctions and the verbs
# that take a person as subject (王海明主持, 韩淑芬、贾兴业出席, 李刚同志).
NAME_END = (
    r"(?=[、,，。;；:：()（）\[\]【】\s“”\"/]|$|及|和|与|等|主持|出席|参加|列席|强调|指出|要求|表示|讲话|作|所作|所做|到会|传达|"
    r"\d|当选|同志|带队|的|围绕|再次|特邀|介绍|在|为|到|来|前往|率|陪同|提出|希望|总结|宣读|通报|传达|就|对|向|代表|应邀|"
    r"一行|分别|先后|主讲|致辞|发言|说|也|还|提名|任|兼|担任|同|调研|视察|考察|看望|走访|深入|带领)"
)

_NOT_NAME_CHARS = set("的了是在和与及等个们这那其各全本该此会议届次年月日号时县市区省州旗镇乡村委党政府")
# …but these end many given names (秦某全, 罗某和, 蔡某州, 陈某会) when a surname opens the name
_NAME_FINAL_OK = set("全和州会")
_NEVER_FINAL = set("等的了在是")
# …and these stand inside many given names after a surname (罗时祥, 王月华, 李年丰)
_NAME_INNER_OK = set("时全会和年月日其本各")
_MINORITY_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+")
_FUNCTION_WORDS = {"关于", "对于", "由于", "按照", "根据", "围绕", "通过", "经过", "为了", "同时", "以及", "其中", "目前"}
_NOT_NAMES = {"同志", "主持", "出席", "参加", "委员", "常委", "主席", "书记", "部长", "领导", "代表", "成员", "负责人"}


def is_plausible_name(name: str, strict: bool = True) -> bool:
    """Whether a 2–5 character string can be a person's name.

    `strict` requires a known surname (or a 4-character minority-style name is refused);
    list slots after a title are lenient, since `旗委常委、统战部长莫日格吉雅` is certain.

    >>> is_plausible_name("王海明"), is_plausible_name("会议成员"), is_plausible_name("欧阳明")
    (True, False, True)
    >>> is_plausible_name("额尔敦布"), is_plausible_name("额尔敦布", strict=False)
    (False, True)
    >>> is_plausible_name("买买提·艾力")
    True
    """
    if _MINORITY_NAME.fullmatch(name):
        return True  # 买买提·艾力: a transliterated name, the dot vouches for it
    if not 2 <= len(name) <= 5 or name in _NOT_NAMES:
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    if any(ch in _NOT_NAME_CHARS - {"次"} for ch in name[1:]) and not _has_surname(name):  # 次: 多吉次珠
        return False
    if name[:2] in _FUNCTION_WORDS:
        return False
    if strict:
        # four-character Han names are rare unless the surname is compound (欧阳…)
        size_ok = len(name) <= 3 or name[:2] in surnames()
        inner_ok = not any(ch in _NOT_NAME_CHARS - _NAME_INNER_OK for ch in name[1:-1])
        final_ok = name[-1] not in _NOT_NAME_CHARS or name[-1] in _NAME_FINAL_OK
        return _has_surname(name) and size_ok and inner_ok and final_ok
    # 次仁…, 次旦…: Tibetan names open with 次 (time, order), so it may start a lenient name
    if name[-1] in _NEVER_FINAL:
        return False  # 罗平等: the list ends with 等, the name does not
    return name[0] not in _NOT_NAME_CHARS or name.startswith(("次仁", "次旦", "次央", "次珍"))


def _has_surname(name: str) -> bool:
    known = surnames()
    return name[:2] in known or name[0] in known


@cache
def segmenter() -> Any:
    """kg's own `jieba.Tokenizer`, with user words from the gazetteer (tag `ns`) and the
    titles lexicon (tag `nnt`).

    Loaded once per process; every extractor that segments uses this one, so region
    names and titles are never cut in half around a person's name. It is a tokenizer of
    kg's own: a host application's `jieba.lcut` is never changed by importing kg.
    """
    import jieba

    from kg.gazetteer import gazetteer
    from kg.lexicons import roles

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for name in gazetteer().names:
        tokenizer.add_word(name, freq=2000, tag="ns")
    for title in roles():
        tokenizer.add_word(title, freq=2000, tag="nnt")
    return tokenizer


@cache
def _jieba_tags() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary, with kg's own user words."""
    import jieba.posseg

    tokenizer = segmenter()
    tags = dict(jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    tags.update(tokenizer.user_word_tag_tab)
    return tags


def word_tag(s: str) -> str | None:
    """jieba's part-of-speech tag for a word it knows (`名单` → n), else None."""
    return _jieba_tags().get(s)


def is_common_word(s: str) -> bool:
    """Whether jieba's dictionary knows `s` as an ordinary word, not a name (分工, 名单, 全体).

    >>> is_common_word("名单"), is_common_word("莫日格吉雅"), is_common_word("习近平")
    (True, False, False)
    """
    tag = _jieba_tags().get(s)
    return tag is not None and not tag.startswith("nr")


_TITLE = re.compile(r"《[^《》]*》")


def masked_titles(text: str) -> str:
    """The text with 《…》 titles blanked (same length), so names inside titles are not posts.

    >>> masked_titles("学习《张三文集》后")
    '学习《＿＿＿＿》后'
    """
    return _TITLE.sub(lambda m: "《" + "＿" * (len(m.group(0)) - 2) + "》", text)


def title_ending_before(text: str, pos: int) -> bool:
    """Whether a title of the lexicon ends right at `pos` (`…副主席|万钢`).

    >>> title_ending_before("全国政协副主席万钢", 7)
    True
    """
    return _title_at_end().search(text, max(0, pos - 12), pos) is not None


# religious titles news writes after a name: 某某·某某大毛拉, 某某活佛 (the name is without them)
_HONORIFICS = ("大毛拉", "毛拉", "阿訇", "活佛", "法师")


def without_honorific(name: str) -> str:
    """The name without a religious title written after it.

    >>> without_honorific("艾力·买买提大毛拉")
    '艾力·买买提'
    """
    for title in _HONORIFICS:
        if name.endswith(title) and len(name) - len(title) >= 2:
            return name[: -len(title)]
    return name


def title_at(text: str, pos: int) -> bool:
    """Whether a title of the lexicon starts at `pos` (`国家统计局|局长`)."""
    return _any_title().match(text, pos) is not None


def contains_title(text: str) -> bool:
    """Whether any title of the lexicon occurs in `text` (`副主席章某` holds 副主席)."""
    return _any_title().search(text) is not None


@cache
def _any_title() -> re.Pattern[str]:
    from kg.lexicons import roles

    return re.compile("|".join(map(re.escape, sorted(roles(), key=len, reverse=True))))


@cache
def _title_at_end() -> re.Pattern[str]:
    from kg.lexicons import roles

    surfaces = sorted(roles(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, surfaces)) + ")$")
