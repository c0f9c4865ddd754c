"""Text normalisation: one form of every article's text for all extractors to read.

Three steps make `normalize_text`: Unicode NFKC (full-width digits, letters and
punctuation become half-width), removal of the pinyin notes that script-conversion
sites leave after a character (`政協(xié)` → `政協`), and traditional → simplified
script (OpenCC `t2s`) when the text is written in traditional script.

`repair_column_breaks` is the structural step: newspaper pages break words across
columns (`三抓三` / blank line / `促”行动`), and it joins such lines back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from kg.ingest.bylines import ends_with_credit, is_credit_line, starts_with_dateline

__all__ = [
    "normalize_text",
    "fold_text",
    "strip_pinyin_notes",
    "is_traditional",
    "to_simplified",
    "ends_sentence",
    "is_heading_like",
    "repair_column_breaks",
]

# Share of CJK characters that t2s must change before a text counts as traditional.
# Simplified news keeps the odd traditional form (强 typed as 強) or a name character
# t2s would wrongly change (孙以乾 → 赵以干); real traditional text changes 20-35 %.
_TRADITIONAL_SHARE = 0.05

# everything but CJK characters: deleting it counts them without a list of 1-character
# strings (findall on a 50 MB page would hold ~1 GB of them)
_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# 政協(xié) → 政協: a parenthesised pinyin syllable right after a CJK character. A tone
# mark is required so that real parentheses such as 会议(a) or 报告(draft) stay.
_PINYIN_NOTE = re.compile(
    rf"(?<=[\u3400-\u9fff])\((?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,7}}\)"
)
# Sentence-final punctuation, optionally closed by quotes or brackets: 。 ！ ？ … and 。”
_SENTENCE_END = re.compile(r"(?:[。!?！？]|\.\.\.|…)[”’」』》)\]]*$")
# 。(张维国) or 。(记者 陈蕾): a credit in parentheses after the last sentence.
_CREDIT_AFTER_END = re.compile(r"(?:[。!?！？]|\.\.\.|…)[”’」』]*\s*\([^()]{1,40}\)$")
_CLAUSE_PUNCT = re.compile(r"[,。;，；]")
_MAX_HEADING = 40
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")


@cache
def _converter() -> Any:
    from opencc import OpenCC  # created once, on first use: loading the dictionaries is slow

    return OpenCC("t2s")


# Look-alike characters that typesetting puts in place of common ones: 巿 (fú, "knee
# cover") for 市 in 莆田巿政协. One for one, so offsets are kept.
_LOOKALIKES = str.maketrans({"巿": "市"})


# Characters that show nothing but cut a name in two for every rule (周\u200b海涛 is no
# 周海涛): zero-width spaces and joiners, bidirectional controls (RLO), the soft hyphen,
# a BOM inside the text, variation selectors (VS16) and NUL, which no store takes.
# Removed before anything reads the text; `Article.original_text` keeps them.
_INVISIBLE = dict.fromkeys(
    [0x00, 0xAD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x180F, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + list(range(0x202A, 0x202F))  # LRE, RLE, PDF, LRO, RLO
    + list(range(0x2060, 0x2070))  # word joiner, invisible operators, LRI … PDI
    + list(range(0xFE00, 0xFE10))  # variation selectors 1-16
    + list(range(0xE0100, 0xE01F0))  # variation selectors 17-256
    + list(range(0xE0000, 0xE0080))  # tag characters
)


def fold_text(text: str) -> str:
    """NFKC, invisible characters removed, pinyin notes removed: the script-independent
    part of `normalize_text`.

    >>> fold_text("３月１５日，政協(xié)召開")
    '3月15日,政協召開'
    >>> fold_text("周\u200b海\u200d涛\u202e主\u00ad持\ufeff会议\ufe0f")
    '周海涛主持会议'
    """
    return strip_pinyin_notes(unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_LOOKALIKES))


def strip_pinyin_notes(text: str) -> str:
    """Remove pinyin notes such as `(xié)` that follow a CJK character.

    >>> strip_pinyin_notes("劉學(xué)寧出席北辰區(qū)政協(xié)會議")
    '劉學寧出席北辰區政協會議'
    >>> strip_pinyin_notes("常委(扩大)会议")
    '常委(扩大)会议'
    """
    return _PINYIN_NOTE.sub("", text)


def to_simplified(text: str) -> str:
    """Convert to simplified script with OpenCC `t2s`, whatever the text looks like.

    >>> to_simplified("政協會議")
    '政协会议'
    """
    return str(_converter().convert(text))


@cache
def _traditional_only() -> dict[int, None]:
    """A `str.translate` table deleting every character that OpenCC's t2s changes."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split(" ")[0] != source:
            table[ord(source)] = None
    return table


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional script.

    True when at least 5 % of its CJK characters are ones t2s would change, so a
    simplified article with one stray traditional character is left alone. Counting
    characters (one `str.translate`) is 20× faster than converting the text.

    >>> is_traditional("縣政協召開常委會議"), is_traditional("县政协召开常委会议")
    (True, False)
    """
    cjk = len(_NOT_CJK.sub("", text))
    if not cjk:
        return False
    changed = len(text) - len(text.translate(_traditional_only()))
    return changed > 0 and changed / cjk >= _TRADITIONAL_SHARE


def normalize_text(text: str) -> str:
    """The normalised form of `text`: NFKC, pinyin notes removed, simplified script.

    Line breaks are kept; column breaks are not repaired here (see
    `repair_column_breaks`). Script conversion happens only when the whole text reads
    as traditional (`is_traditional`).

    >>> normalize_text("北辰區(qū)政協(xié)２月２６日召開會議")
    '北辰区政协2月26日召开会议'
    """
    folded = fold_text(text)
    return to_simplified(folded) if is_traditional(folded) else folded


def ends_sentence(line: str) -> bool:
    """Whether a (folded) line ends a sentence, so a following line starts a new paragraph.

    Sentence-final punctuation counts, also before closing quotes (`。”`), as does a
    credit after it (`。(张维国)`) or a whole credit line (`通讯员 陆漪澜 摄影报道`).

    >>> [ends_sentence(s) for s in ("开展“三抓三", "力量。", "落实。(张维国)", "□ 石宽")]
    [False, True, True, True]
    """
    line = line.rstrip()
    return bool(
        _SENTENCE_END.search(line) or _CREDIT_AFTER_END.search(line) or is_credit_line(line) or ends_with_credit(line)
    )


def is_heading_like(line: str) -> bool:
    """Whether a (folded) line is short enough and free of clause punctuation to be a heading.

    >>> is_heading_like("华亭市政协召开二届九次常委会会议"), is_heading_like("次,开展交流会2次。")
    (True, False)
    """
    line = line.strip()
    return 0 < len(line) <= _MAX_HEADING and not _CLAUSE_PUNCT.search(line)


def repair_column_breaks(lines: Iterable[str]) -> list[str]:
    """Join lines split by a column break; return one paragraph per item.

    Blank lines are ignored. A line continues on the next non-blank line when it does
    not end a sentence (`ends_sentence`), unless one of the two stands alone: a
    Markdown heading, a credit line (`编辑:曹冬梅`), a heading-like line that starts
    a paragraph (a subheading in a record), or a dateline (`本报临川讯…`), which always
    starts a paragraph. Lines are expected folded (`fold_text`).

    >>> repair_column_breaks(["今年,华亭市政协以开展“三抓三", "", "促”行动为契机,谋划工作。", "", "会议强调,要抓好学习。"])
    ['今年,华亭市政协以开展“三抓三促”行动为契机,谋划工作。', '会议强调,要抓好学习。']
    """
    paragraphs: list[str] = []
    open_ = False  # whether the last paragraph may continue on the next line
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        standalone = bool(_MARKDOWN_HEADING.match(line)) or is_credit_line(line)
        if open_ and not standalone and not starts_with_dateline(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
            # a heading-like line that starts a paragraph is a subheading, never broken
            standalone = standalone or is_heading_like(line)
        open_ = not standalone and not ends_sentence(paragraphs[-1])
    return paragraphs
