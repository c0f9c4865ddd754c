"""Persons named without a post: attendance lists, `X同志`, speakers, credits, leaders.

    杨千军、顾克明、贾晓华及闫志勇参加会议 → four persons (see name_lists.py)
    关于李刚同志任职的决定               → 李刚
    杜建平强调, …                       → 杜建平
    编辑:曹冬梅                          → 曹冬梅 (a person, not an author)

Names here must start with a known surname (`schema/lexicons/surnames.txt`); names met
with a post come from `positions.py`, where the title vouches for them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kg.extract.name_lists import find_name_lists, is_words, name_at
from kg.extract.text import NAME_END, is_common_word, is_plausible_name, segmenter
from kg.gazetteer import gazetteer
from kg.lexicons import national_leaders, surnames

__all__ = ["find_other_persons"]

_CJK = r"[\u4e00-\u9fff]"
_COMRADE = re.compile(r"同志")
_SPEAKER = re.compile(r"(?:在讲话中|在会上)?(?:强调|指出|要求|表示|说|认为|介绍|希望|提出)(?=[,:：])")
# newsroom credits: persons, never authors (一审/二审/三审 are the three reviews a story passes)
_PEOPLE_ONLY_LABELS = {
    "编辑", "责任编辑", "责编", "值班编辑", "美编", "审核人", "审核", "转载", "校对", "撰稿人", "撰稿",
    "一审", "二审", "三审", "初审", "复审", "终审", "审校", "编审", "监制", "签发",
}
_CREDIT_LABELS = "|".join(sorted(_PEOPLE_ONLY_LABELS | {"供稿", "来源"}, key=len, reverse=True))
_CREDIT = re.compile(rf"(?P<label>{_CREDIT_LABELS})[:：]\s*(?P<name>{_CJK}{{2,3}})" + NAME_END)
_OUTLET_ENDS = ("网", "报", "台", "社", "刊", "号", "端")
_PEOPLE_CREDIT_OPEN = re.compile(
    "(?:" + "|".join(sorted(_PEOPLE_ONLY_LABELS, key=len, reverse=True)) + r")[:：]\s*"
)
# (责编:甲、乙) / 编辑:甲 乙: further names of the same credit
_MORE_CREDITS = re.compile(rf"[、 ](?P<name>{_CJK}{{2,3}})" + NAME_END)
# 监票人是甲等26人 / 乙等135名同志当选: one name standing for a counted group
_COUNTED = re.compile(r"等[\d一二三四五六七八九十百]+(?:名|人|位)")
# ,甲列席。 / 。乙出席: a clause that opens with a name and a verb only a person does
_CLAUSE_VERB = re.compile(r"(?:列席|出席|主持|参加|致辞|讲话|发言|在主席台)")
# 乙书记的讲话: a leader named before the title, as speech refers to them
_SPEECH_OF = re.compile(r"(?:同志)?在[^,。;、]{1,16}?时的(?:重要)?讲话")
_TITLE_AFTER = re.compile(r"(?:书记|省长|市长|县长|区长|主席|部长)(?=的|讲话|指出|强调|要求|在|,|。)")


def find_other_persons(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of persons found by the patterns above."""
    out: list[tuple[str, int, int]] = []
    for name_list in find_name_lists(text):
        out.extend(name_list.items)
    # (the word after a name, whether the name must open its clause: 杜建平强调, …)
    for pattern, opens_clause in ((_COMRADE, False), (_SPEAKER, True), (_COUNTED, False), (_CLAUSE_VERB, True)):
        for m in pattern.finditer(text):
            found = name_before(text, m.start())
            if found is not None and (not opens_clause or found[1] == 0 or text[found[1] - 1] in "。,;\n"):
                out.append(found)
    for m in _SPEECH_OF.finditer(text):
        # 、某某在某地调研时的讲话精神: a leader named by the speech they gave
        found = _name_after_break(text, m.start(), "、,;\n", lengths=(4, 3, 2))
        if found is not None:
            out.append(found)
    for m in _TITLE_AFTER.finditer(text):
        found = _name_after_break(text, m.start(), "。,;\n和与及、")
        if found is not None:
            out.append(found)
    for m in _PEOPLE_CREDIT_OPEN.finditer(text):
        # 责任编辑:卢某新华社北京…: the line break was lost; the name ends where a word begins
        if not _CREDIT.match(text, m.start()):
            found = name_at(text, m.end())
            if found is not None:
                out.append(found)
    for m in _CREDIT.finditer(text):
        if m.group("label") in _PEOPLE_ONLY_LABELS:
            pos = m.end("name")
            while (more := _MORE_CREDITS.match(text, pos)) is not None and is_plausible_name(more.group("name")):
                out.append((more.group("name"), more.start("name"), more.end("name")))
                pos = more.end("name")
        name = m.group("name")
        # after 编辑: only a person can follow, even a pen name without a surname (小鱼);
        # after 来源/供稿 an outlet can (来源:枞阳在线)
        people_only = m.group("label") in _PEOPLE_ONLY_LABELS
        if not people_only and name.endswith(_OUTLET_ENDS):
            continue  # 来源:红网 — an outlet, not a person
        if is_plausible_name(name, strict=False) and (
            (people_only and not gazetteer().lookup(name)) or not is_common_word(name)
        ):
            out.append((m.group("name"), m.start("name"), m.end("name")))
    any_leader, patterns = _leader_patterns()
    if any_leader.search(text):
        for name, pattern in patterns:
            for m in pattern.finditer(text):
                out.append((name, m.start(), m.start() + len(name)))
    return out


@cache
def _leader_patterns() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """One pattern per national leader, and one that finds whether any is named at all."""
    patterns = []
    for name, (role, _body) in national_leaders().items():
        # 习近平 is unambiguous; a two-character name (李强) counts only with its title
        pattern = re.escape(name) if len(name) >= 3 else re.escape(name) + f"(?={re.escape(role)})"
        patterns.append((name, re.compile(pattern)))
    any_leader = re.compile("|".join(p.pattern for _, p in patterns) or "(?!)")
    return any_leader, patterns


@lru_cache(maxsize=1 << 14)
def _tokens(window: str) -> list[str]:
    tokens: list[str] = segmenter().lcut(window)
    return tokens


def _name_after_break(
    text: str, anchor: int, breaks: str, lengths: tuple[int, ...] = (3, 2)
) -> tuple[str, int, int] | None:
    """A name that ends at `anchor` right after one of `breaks` (…和栗某书记); a
    four-character one (a Tibetan name) needs no known surname but must be no words."""
    for n in lengths:
        start = anchor - n
        if start >= 0 and (start == 0 or text[start - 1] in breaks):
            cand = text[start:anchor]
            sure = is_plausible_name(cand) if n < 4 else is_plausible_name(cand, strict=False)
            if sure and not is_common_word(cand) and not is_words(cand):
                return cand, start, anchor
    return None


def name_before(text: str, anchor: int) -> tuple[str, int, int] | None:
    """The person's name that ends at `anchor`, with jieba deciding where it begins.

    jieba keeps 李刚 whole in 关于李刚同志 but splits 杨/改革 in 杨改革指出: a lone surname
    followed by a two-character word is joined back into one name.

    >>> name_before("关于李刚同志任职", 4)
    ('李刚', 2, 4)
    >>> name_before("会上,杨改革指出", 6)
    ('杨改革', 3, 6)
    """
    window_start = max(0, anchor - 8)
    # 。徐立全当选: a clause that is only the name needs no segmenter
    clause_start = max(text.rfind(ch, window_start, anchor) for ch in "。,;:、\n( ") + 1
    if clause_start > 0 or window_start == 0:
        whole = text[clause_start:anchor]
        if 2 <= len(whole) <= 3 and is_plausible_name(whole) and not is_common_word(whole):
            return whole, clause_start, anchor
    tokens = _tokens(text[window_start:anchor])
    if not tokens:
        return None
    candidates = [tokens[-1]]
    if len(tokens) >= 2 and len(tokens[-2]) == 1 and tokens[-2] in surnames() and len(tokens[-1]) <= 2:
        candidates.insert(0, tokens[-2] + tokens[-1])
    for cand in candidates:
        if 2 <= len(cand) <= 3 and is_plausible_name(cand) and not is_common_word(cand):
            return cand, anchor - len(cand), anchor
    # 选举严明轩: jieba cut the name (严明/轩), but a word it knows ends right before it
    for n in (3, 2):
        cand, before = text[anchor - n : anchor], text[max(0, anchor - n - 2) : anchor - n]
        if anchor - n >= 0 and is_plausible_name(cand) and not is_common_word(cand) and is_common_word(before):
            return cand, anchor - n, anchor
    return None
