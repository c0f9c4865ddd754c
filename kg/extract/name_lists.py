"""Enumerations of persons: the lists of names Chinese news strings together with 、.

    全国政协副主席甲乙丙、丁戊、己庚辛和壬癸出席会议       → four names, each after the title
    主席团成员郑一鸣、卓雅(女)、帕丽达·吐尔逊等参加会议    → three names, one with a note, one transliterated
    在主席台就座的有:何敬山、曲央卓玛、罗增寿               → names with no title, one with no surname

A list is a run of segments cut by 、 inside one clause. Its inner segments must each be a
whole name; the first segment ends with one (after a title or an opening such as `有:`) and
the last begins with one (before 等, 出席, 当选 …). A run is taken as a list of persons only
when most of its inner names start with a known surname, or a title before it or a verb
after it says so; inside such a list a name needs no known surname (Tibetan names, 妥, 雒).
`和`/`及`/`与` join the last two names, unless the character belongs to the name (`…富和、`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.text import (
    NAME_END,
    contains_title,
    is_common_word,
    is_plausible_name,
    masked_titles,
    segmenter,
    title_ending_before,
    word_tag,
)
from kg.lexicons import surnames

__all__ = ["NameList", "find_name_lists", "is_words", "name_at"]

_CJK = "\u4e00-\u9fff"
# 卓雅(女) / 张某(满族) / 李某(特邀): a short note after a listed name
_NOTE = re.compile(r"\((?:女|男|[\u4e00-\u9fff]{1,3}族|特邀|列席|驻会|兼)\)")
_DOTTED = re.compile(rf"[{_CJK}]{{1,8}}(?:·[{_CJK}]{{1,8}})+")
_HAN = re.compile(rf"[{_CJK}]{{2,4}}")
_LONG_HAN = re.compile(rf"[{_CJK}]{{5,6}}")  # 久美曲智尖措: Tibetan names run to six characters
_VERB_IN_SHORT = re.compile(r"出席|参加|列席|主持|当选|分别|会议|同志|讲话|到会|指导|致辞")  # 卓雅出席
_VERB_INSIDE = re.compile(r"出席|参加|列席|主持|当选|分别|会议|同志|讲话|到会|指导|致辞|等|在|于|的|和|及|与")
_CLAUSE = re.compile(r"[^,，。;；:：!?！？\n“”\"《》]+")
_NAME_END = re.compile(NAME_END)
# where a transliterated name ends: fewer words than NAME_END, since 阿不来提 holds a 来
_DOTTED_END = r"(?=[、,，。;；:：()（）\s“”\"/]|$|等|出席|参加|列席|主持|当选|分别|同志|的|和|及|与)"
_DOTTED_AT = re.compile(rf"[{_CJK}]{{1,8}}?(?:·[{_CJK}]{{1,8}}?)+" + _DOTTED_END)
# what licenses a list: a verb that takes persons after it, or an opening before it
# …等出席 / 等市委、市政府领导 / 在主席台就座 / 辞去…委员: what persons do after a list
_AFTER = re.compile(r"(?:等(?:[\d一二三四五六七八九十百]+[人名位]|同志|领导|人|出席|参加|列席|$|[^,。;]{0,20}?(?:领导|同志|负责人))|在主席台|辞去|不再担任|分别|先后|一同|共同|出席|参加|列席|当选|陪同|就座|主持|到会|应邀|带队|同志|委员|$)")
# …就座的有 / 包括 / 领导 / 总监票人 (a plenary's 监票人, 召集人, 主持人 are persons)
_BEFORE = re.compile(
    r"(?:有|包括|是|为|领导|同志|人士|嘉宾|成员|代表|委员|常委|监票人|召集人|主持人|选举|增选|补选|推选)$"
)
_JOINERS = "和及与"


@dataclass(frozen=True, slots=True)
class NameList:
    """Names listed together, in order, each as (name, start, end); `licensed` says what vouched."""

    items: tuple[tuple[str, int, int], ...]
    start: int
    end: int
    licensed: str  # surnames | title | verb


def _whole_name(seg: str) -> str | None:
    """The segment as one listed name (its note dropped), or None."""
    seg = _NOTE.sub("", seg)
    if seg.endswith("等"):
        return None  # 罗增寿等: the list ends here, the name is the tail's
    if _DOTTED.fullmatch(seg):
        dotted = _DOTTED_AT.match(seg)
        return seg if dotted is not None and dotted.end() == len(seg) else None
    if (
        _HAN.fullmatch(seg)
        and is_plausible_name(seg, strict=False)
        and not _VERB_IN_SHORT.search(seg)
        and not is_words(seg)
    ):
        return seg
    if (
        _LONG_HAN.fullmatch(seg)
        and not _VERB_INSIDE.search(seg)
        and not contains_title(seg)
        and not is_words(seg)
        and is_plausible_name(seg[:4], strict=False)
    ):
        return seg
    return None


@lru_cache(maxsize=1 << 16)
def is_words(s: str) -> bool:
    """Whether `s` reads as ordinary words rather than a name: jieba knows it, or cuts it
    into words it knows (心系/大局), or it is a title of the lexicon.

    >>> is_words("心系大局"), is_words("多杰多旦"), is_words("名单"), is_words("李建国")
    (True, False, True, False)
    """
    from kg.gazetteer import gazetteer
    from kg.lexicons import roles

    if s in roles():
        return True
    if is_common_word(s):
        # jieba tags many Tibetan and Mongolian names as places (洛桑久美/ns), some Han ones
        # as proper nouns (nz): a place the gazetteer does not know is no reason to refuse a name
        return not (word_tag(s) in ("ns", "nz") and not gazetteer().lookup(s))
    tokens = segmenter().lcut(s)
    return len(tokens) >= 2 and all(len(t) >= 2 and is_common_word(t) for t in tokens)


def _has_name_end(text: str, pos: int) -> bool:
    return pos >= len(text) or _NAME_END.match(text, pos) is not None or _NOTE.match(text, pos) is not None


def name_at(text: str, pos: int, strict: bool = True, lengths: tuple[int, ...] = (3, 2)) -> tuple[str, int, int] | None:
    """The name that starts at `pos`, with its end decided by what follows it.

    A name ends where news prose goes on: punctuation, a verb that takes a person
    (`主持`, `出席`), or a word jieba knows (`围绕`) that does not run into the name.

    >>> name_at("秘书长林远航主持会议", 3)
    ('林远航', 3, 6)
    >>> name_at("局长孙晓喆围绕主题作报告", 2)
    ('孙晓喆', 2, 5)
    >>> name_at("副主席范青和马立出席", 3)
    ('范青', 3, 5)
    """
    dotted = _DOTTED_AT.match(text, pos)
    if dotted:
        return dotted.group(0), pos, dotted.end()
    for n in lengths:
        cand = text[pos : pos + n]
        if len(cand) < n or is_words(cand) or contains_title(cand):
            continue
        if is_plausible_name(cand, strict=strict) and _has_name_end(text, pos + n):
            if n == 3 and text[pos + 2] in _JOINERS and _starts_name(text, pos + 3):
                continue  # 范青和马立: 和 joins two names
            return cand, pos, pos + n
    for n in lengths:
        cand = text[pos : pos + n]
        nxt = text[pos + n : pos + n + 2]
        # 孙晓喆围绕…: the next word is one jieba knows, and the name's last character does
        # not make a word with the one after it
        if (
            len(cand) == n
            and not is_words(cand)
            and not contains_title(cand)
            and not (n == 3 and is_common_word(cand[:2]) and not strict)  # 文史和学习: no name
            and is_plausible_name(cand, strict=strict)
            and len(nxt) == 2
            and is_common_word(nxt)
            and not is_common_word(text[pos + n - 1 : pos + n + 1])
        ):
            return cand, pos, pos + n
    return None


def _starts_name(text: str, pos: int) -> bool:
    cand = text[pos : pos + 3]
    return bool(cand) and (is_plausible_name(cand[:2]) or is_plausible_name(cand))


def _head_name(seg: str, offset: int, licensed: bool) -> tuple[str, int, int] | None:
    """The name that ends the first segment (after a title or an opening such as `有`)."""
    from kg.extract.persons import name_before

    note = _NOTE.search(seg)
    clean = seg[: note.start()] if note is not None and note.end() == len(seg) else seg
    dotted = re.search(rf"[{_CJK}]{{1,8}}(?:·[{_CJK}]{{1,8}})+$", clean)
    if dotted:
        return dotted.group(0), offset + dotted.start(), offset + dotted.end()
    whole = _whole_name(clean)
    if whole is not None and len(whole) == 4 and is_common_word(whole[:2]) and is_plausible_name(whole[2:]):
        whole = None  # 选举吴华: a word, then a two-character name
    if whole is not None and (len(whole) <= 3 or (licensed and len(whole) == 4)):
        return whole, offset, offset + len(whole)
    # 副主席万钢 / 主席团成员郑心穗: a title ends right before the name
    for n in (3, 2, 4) if licensed else (3, 2):
        cand = clean[-n:]
        if len(clean) > n and title_ending_before(clean, len(clean) - n) and is_plausible_name(cand, strict=False):
            return cand, offset + len(clean) - n, offset + len(clean)
    found = name_before(clean, len(clean))
    if found is not None:
        return found[0], offset + found[1], offset + found[2]
    return None


def _tail_name(seg: str, offset: int, licensed: bool) -> list[tuple[str, int, int]]:
    """The name (or two joined by 和/及/与) that opens the last segment."""
    lengths = (3, 2, 4) if licensed else (3, 2)
    first = name_at(seg, 0, strict=not licensed, lengths=lengths)
    if first is None and licensed:
        # 党组成员甲、乙、付强参加会议: in a list a sure name may also be a word jieba knows
        first = next(
            (
                (seg[:n], 0, n)
                for n in (3, 2)
                if is_plausible_name(seg[:n]) and not contains_title(seg[:n]) and _has_name_end(seg, n)
            ),
            None,
        )
    if first is None:
        return []
    out = [(first[0], offset + first[1], offset + first[2])]
    pos = first[2]
    note = _NOTE.match(seg, pos)
    if note:
        pos = note.end()
    if pos < len(seg) and seg[pos] in _JOINERS:
        second = name_at(seg, pos + 1, strict=not licensed, lengths=lengths)
        if second is not None:
            out.append((second[0], offset + second[1], offset + second[2]))
    return out


@lru_cache(maxsize=8)  # one article's text is read by persons, positions and elections
def find_name_lists(text: str) -> tuple[NameList, ...]:
    """Every list of two or more persons' names in `text`.

    >>> [[n for n, _, _ in nl.items] for nl in find_name_lists("会议由张立主持,王芳、李建国、周一平和赵宁出席。")]
    [['王芳', '李建国', '周一平', '赵宁']]
    >>> [[n for n, _, _ in nl.items] for nl in find_name_lists("坚持政治协商、民主监督、参政议政")]
    []
    """
    masked = masked_titles(text)
    out: list[NameList] = list(_roster_lines(masked))
    for clause in _CLAUSE.finditer(masked):
        if out and out[-1].end == clause.start() - 1 and masked[out[-1].end] in ",，":
            # …陈金山、李政,郑钢淼、宗明: a clause of names only goes on with the list before it
            more = _names_only(clause.group(0), clause.start())
            if more:
                out.append(NameList(tuple(more), more[0][1], more[-1][2], "list"))
                continue
        if "、" not in clause.group(0):
            continue
        # 就座的有:何敬山、…: what opens the list may stand before the colon
        lead = masked[max(0, clause.start() - 8) : clause.start()].rstrip(":：,，")
        out.extend(_lists_in_clause(clause.group(0), clause.start(), lead))
    return tuple(sorted(out, key=lambda nl: nl.start))


# 副主席:甲乙丙  丁戊  己庚 — a roster line: a title, a colon, names apart by spaces
_ROSTER_LINE = re.compile(
    rf"(?m)^[ \t]*(?P<title>[^\n:：]{{1,16}}?)[:：][ \t]*"
    rf"(?P<names>[{_CJK}·]{{2,12}}(?:[ \t\u3000]+[{_CJK}·]{{2,12}})+)[ \t]*$"
)


def _roster_lines(text: str) -> list[NameList]:
    out: list[NameList] = []
    for m in _ROSTER_LINE.finditer(text):
        title = m.group("title").strip()
        if not title_ending_before(title, len(title)):
            continue
        items = []
        for token in re.finditer(rf"[{_CJK}·]+", m.group("names")):
            name = token.group(0)
            if _whole_name(name) is None:
                return out
            start = m.start("names") + token.start()
            items.append((name, start, start + len(name)))
        out.append(NameList(tuple(items), items[0][1], items[-1][2], "title"))
    return out


def _names_only(clause: str, base: int) -> list[tuple[str, int, int]]:
    """The clause's segments as names when every one of them is a sure name, else []."""
    items, pos = [], base
    for seg in clause.split("、"):
        name = _whole_name(seg)
        if name is None or not _is_sure_name(name):
            return []
        items.append((name, pos, pos + len(name)))
        pos += len(seg) + 1
    return items


def _lists_in_clause(clause: str, base: int, lead: str) -> list[NameList]:
    segs = clause.split("、")
    offsets, pos = [], base
    for seg in segs:
        offsets.append(pos)
        pos += len(seg) + 1
    whole = [_whole_name(s) for s in segs]
    out: list[NameList] = []
    lo = 0
    while lo < len(segs) - 1:
        hi = lo + 1  # segments lo+1 … hi-1 are whole names; hi, when it exists, is the tail
        while hi < len(segs) and whole[hi] is not None:
            hi += 1
        found = _read_run(segs, offsets, whole, lo, hi, lead if lo == 0 else "")
        if found is not None:
            out.append(found)
        lo = max(hi, lo + 1)
    return out


def _read_run(
    segs: list[str], offsets: list[int], whole: list[str | None], lo: int, hi: int, lead: str
) -> NameList | None:
    """Names of segments lo..hi (hi the tail, when it exists) or None when it is no list."""
    if hi == lo + 1 and not _may_hold_names(segs[lo], segs[hi] if hi < len(segs) else ""):
        return None  # 政治协商、民主监督: two segments, neither edge opens like a name
    inner = [whole[k] for k in range(lo + 1, hi) if whole[k] is not None]
    inner_names: list[str] = [w for w in inner if w is not None]
    tail_seg = segs[hi] if hi < len(segs) else None
    head_seg = segs[lo]
    after = _tail_rest(tail_seg) if tail_seg is not None else ""
    if tail_seg is not None and hi + 1 < len(segs):
        after += "、" + "、".join(segs[hi + 1 :])  # 何某等市委、市政府领导: the clause goes on
    head = _head_after_opening(head_seg, offsets[lo]) or _head_name(head_seg, offsets[lo], True)
    before = lead + (head_seg[: head[1] - offsets[lo]] if head is not None else head_seg)
    licensed = ""
    if _AFTER.match(after or "$"):
        licensed = "verb"
    elif _BEFORE.search(before) or title_ending_before(before, len(before)):
        licensed = "title"
    strict_inner = sum(_is_sure_name(w) for w in inner_names)
    if not licensed and (strict_inner < 3 or strict_inner < len(inner_names)):
        return None  # with nothing around it to say so, only a list of sure names is one
    items: list[tuple[str, int, int]] = []
    if not licensed:
        head = _head_after_opening(head_seg, offsets[lo]) or _head_name(head_seg, offsets[lo], False)
    if head is not None:
        items.append(head)
    for k in range(lo + 1, hi):
        w = whole[k]
        if w is not None:
            start = offsets[k] + segs[k].index(w)
            items.append((w, start, start + len(w)))
    if len(items) + (tail_seg is not None) < 2 or any(is_words(name) for name, _, _ in items):
        return None  # the tail is read below, where a sure name jieba knows as a word may stay
    if tail_seg is not None:
        items.extend(_tail_name(tail_seg, offsets[hi], bool(licensed) or strict_inner >= 2))
    if len(items) < 2:
        return None
    if sum(_is_sure_name(name) for name, _, _ in items) < 0.5 * len(items):
        return None  # most names in a real list have a known surname
    return NameList(tuple(items), items[0][1], items[-1][2], licensed or "surnames")


def _head_after_opening(seg: str, offset: int) -> tuple[str, int, int] | None:
    """还有县领导斯琴巴特尔: a name of up to five characters right after an opening word."""
    for n in (2, 3, 4, 5):  # the shortest: 包括马志达 is 包括 + 马志达
        cand, rest = seg[-n:], seg[:-n]
        if len(seg) > n and _BEFORE.search(rest) and _whole_name(cand) is not None:
            return cand, offset + len(rest), offset + len(seg)
    return None


def _may_hold_names(head: str, tail: str) -> bool:
    """A cheap first look: the head ends, and the tail starts, where a name could be."""
    known = surnames()
    ends = head[-3:-2], head[-2:-1], head[-4:-2], head[-3:-1]
    starts = tail[:1], tail[:2]
    return ("·" in head[-9:] or any(s in known for s in ends if s)) and (
        "·" in tail[:12] or any(s in known for s in starts if s)
    )


def _is_sure_name(name: str) -> bool:
    return is_plausible_name(name) or bool(_DOTTED.fullmatch(name))


def _tail_rest(seg: str) -> str:
    """What follows the name that opens the tail segment (for licensing)."""
    found = name_at(seg, 0, strict=False, lengths=(3, 2, 4))
    if found is None:
        return "?"
    rest = _NOTE.sub("", seg[found[2] :])
    if rest[:1] in _JOINERS:
        second = name_at(rest, 1, strict=False, lengths=(3, 2, 4))
        if second is not None:
            rest = rest[second[2] :]
    return rest
