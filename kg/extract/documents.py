"""Documents: titles in 《》 and what happened to them.

    审议通过了《县政协常委会2023年工作要点》 → adopted
    传达学习了《中国共产党廉洁自律准则》     → studied
    会议印发了《关于征集文史资料的启事》     → issued
    研究制定了《市政协招商引资工作方案》     → other (only mentioned)

The relation comes from the nearest verb before the title in its sentence; a verb of
another kind (听取, 协商讨论, 研究) in between makes it `other`. So does a title that only
qualifies what was decided (`审议通过了《常委会工作报告》报告人`: the reporter, not the report)
and a verb that is an exhortation, not an act (`要深入学习贯彻《…意见》`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.text import sentence_bounds

__all__ = ["DocumentMention", "find_documents"]

_TITLE = re.compile(r"《(?P<title>[^《》]{2,120}?)》")
# 《常委会工作报告》报告人: the title qualifies the noun after it (and 及报告人 does not)
_QUALIFIES = re.compile(r"(?:\(草案\)|\(审议稿\)|\(征求意见稿\))?(?:报告人|起草人|起草说明|的说明|说明人)")
# 要深入学习贯彻…: what should be done, said in a speech
_EXHORTATION = re.compile(r"(?:要|应当|应该|需要|必须|务必)[^,;:,;:]{0,8}$")
_VERBS = [
    ("adopted", re.compile(r"(?:审议|讨论|协商|表决)?通过(?:了)?")),
    ("studied", re.compile(r"(?:传达)?学习(?:了)?|带领学习")),
    ("issued", re.compile(r"印发(?:了)?")),
    (
        "other",
        re.compile(
            r"听取(?:了)?|协商讨论(?:了)?|讨论(?:了)?|研究(?:了)?|制定(?:了)?|根据|按照|依据|围绕|以|审议(?:了)?"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class DocumentMention:
    title: str
    start: int  # offset of the title text (inside the brackets)
    end: int
    relation: str  # adopted | studied | issued | other
    sentence_start: int


def _relation(prefix: str) -> str:
    """The relation named by the verb nearest the end of `prefix`."""
    best_pos, best, best_start = -1, "other", 0
    for relation, pattern in _VERBS:
        for m in pattern.finditer(prefix):
            # 协商讨论通过: the longer verb ending later wins
            if m.end() > best_pos or (m.end() == best_pos and relation != "other"):
                best_pos, best, best_start = m.end(), relation, m.start()
    if best != "other" and _EXHORTATION.search(prefix[:best_start]):
        return "other"
    return best


# How far back from a title its verb is looked for: far enough for a list of dozens of
# titles after one 审议通过了, and a bound, so a text of one long sentence stays linear
_PREFIX_WINDOW = 1000


def _prefix(text: str, start: int, end: int) -> str:
    """text[start:end] without the 《》 titles in it: the words before a title.

    A window that opens inside a title begins after that title's 》.
    """
    window = text[start:end]
    close, open_ = window.find("》"), window.find("《")
    if close != -1 and (open_ == -1 or close < open_):
        window = window[close + 1 :]
    return _TITLE.sub("", window)


def find_documents(text: str) -> list[DocumentMention]:
    """Every 《》 title with its relation.

    >>> [(d.title, d.relation) for d in find_documents("会议学习了《甲纲要》,讨论通过了《乙意见》《丙办法》。")]
    [('甲纲要', 'studied'), ('乙意见', 'adopted'), ('丙办法', 'adopted')]
    >>> [(d.title, d.relation) for d in find_documents("审议通过了《丁报告》报告人、《戊报告》及报告人。")]
    [('丁报告', 'other'), ('戊报告', 'adopted')]
    """
    out: list[DocumentMention] = []
    for m in _TITLE.finditer(text):
        raw = m.group("title")
        title = raw.strip()
        if len(title) < 2:  # 《 x 》: the two-character minimum holds for the stripped title
            continue
        start = m.start("title") + (len(raw) - len(raw.lstrip()))  # the span is the title as written
        s_start, _ = sentence_bounds(text, m.start())
        prefix = _prefix(text, max(s_start, m.start() - _PREFIX_WINDOW), m.start())
        relation = "other" if _QUALIFIES.match(text, m.end()) else _relation(prefix)
        out.append(DocumentMention(title, start, start + len(title), relation, s_start))
    return out
