"""Meetings: what was convened, by which body, on what date, presided over by whom.

    华亭市政协召开二届九次常委会会议            → held by 华亭市政协, kind 常委会会议, session 二届九次
    庄浪县政协主席杜宏远主持召开县政协十届十八次主席会议 → presided by 杜宏远
    会议决定政协武威市第五届委员会第一次会议于12月6日至8日召开 → scheduled, dated 12-06
    会议传达学习了12月9日中共中央政治局会议精神  → a dated meeting of 中共中央政治局
    政协第九届某某县委员会第三次会议5日在县城开幕 → the body is the committee named inside
    县政协九届二次会议举行第二次全体会议          → one meeting, labelled with its plenary

Trips (调研/考察/视察) are not meetings. A meeting inside `关于召开…的决定` is a document's
subject, not a meeting held; one to be prepared (`为开好县政协十届二次会议`) is not held.

A meeting's label is its name as a reader cites it; its identity (`MeetingMention.session`
and `kind`, with the body and the date) is the term, the plenary session, the kind and the
ordinal, so `九届二次会议` and `九届三次会议` of one body stay two meetings.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from kg.extract.bodies import BodyMention, cppcc_name, find_regions
from kg.extract.dates import DateMention
from kg.extract.positions import PersonMention
from kg.extract.text import cn_number, is_plausible_name, masked_titles, sentence_bounds
from kg.gazetteer import Division, gazetteer
from kg.lexicons import meeting_kinds, roles

__all__ = ["MeetingMention", "PersonSpan", "find_meetings", "main_meeting"]

_N = r"[一二三四五六七八九十百零〇\d]+"
_NOT_A_MEETING_AFTER = re.compile(
    r"(?:中心|厅|馆|大厦|大楼|场馆|议程|日程|精神|纪要|的决定|决定|成员|室|筹备|有关|名单|材料|文件|期间|以来|工作规则|选举办法|"
    r"总监票人|报告|审议|的建议|的意见|秘书|主席台|主持人|执行主席|代表|委员|上的讲话|开幕在即|召开前|前夕|"
    r"(?:开幕会|闭幕会|开幕式|闭幕式|全体会议)?上的)"
)
_NAME_STOP = "。,;:、()“”\n】【[]「」 \u3000\t"
_VERBS_BEFORE_NAME = (
    "主持召开", "召开", "举行", "举办", "召集", "传达学习了", "学习了", "决定", "建议", "听取", "上报", "于", "主持",
    "出席", "参加", "列席", "已经", "经过", "在",
)  # fmt: skip
_VERB_LAST_CHARS = frozenset(v[-1] for v in _VERBS_BEFORE_NAME)
_CONVENE_BEFORE = re.compile(r"(?:主持召开|召开|举行|举办|召集|开展|主持)$")
_DATE_TIME = (
    r"(?:[^,。;\n]{0,14}?日|今天|昨天|当天|前天)?(?:上午|下午|晚上|晚|早上|中午)?(?:\d{1,2}(?:时|点)(?:\d{1,2}分)?(?:许)?)?"
)
_HELD_AFTER = re.compile(
    rf"”?(?:第[^,。\n]{{1,6}}讲)?{_DATE_TIME}(?:在[^,。;\n]{{1,20}}?)?(?:隆重|胜利|顺利)?(?:召开|举行|开讲|开幕|闭幕)"
    r"|[^。;\n]{0,24}?(?:胜利|隆重|圆满|顺利)(?:闭幕|开幕)"
    # …会议圆满完成各项议程,11日上午在人民大会堂闭幕: opening and closing name only meetings
    r"|[^。;\n,]{0,20}?,[^。;\n]{0,30}?(?:闭幕|开幕)(?![会式词])"
)
# to be prepared or only talked about: 为开好…会议 / 就开好…全会 / 会议开幕前夕 / 即将召开的…
_PLANNED = re.compile(r"(?:开好|筹备|准备|迎接|即将|将要|拟|备战|确保)[^。;\n]{0,60}$")
_SEQUENCE = re.compile(r"(?:随后|接着|会后|会前|同日|当天|当日|之后)")
# 受省政协主席委托 / 会议主持人: words of a title chain that are not titles in roles.csv
_TITLE_WORDS = ("会议主持人", "主持人", "常务主席", "执行主席", "同志")

_FAMILIES = (
    ("党组", "党组会议"),
    ("主席团", "主席团会议"),
    ("主席", "主席会议"),
    ("常务委员会", "常委会会议"),
    ("常委", "常委会会议"),
    ("全体", "全体会议"),
    ("预备", "预备会议"),
)
# sub-meetings of a plenary session: their label keeps the session (九届二次会议第二次全体会议)
_SUB_KINDS = ("全体会议", "预备会议", "主席团会议")


@dataclass(frozen=True, slots=True)
class PersonSpan:
    """A person linked to a meeting, with the span of the name that states it."""

    name: str
    start: int
    end: int


@dataclass(slots=True)
class MeetingMention:
    name: str  # the label, as a reader cites it
    kind: str  # canonical kind: 常委会会议, 主席会议, 党组会议, 全体会议, 会议 (a plenary session) …
    session: str | None  # canonical term and session: 第9届第2次会议, 第12届常委会第25次
    start: int
    end: int
    body: BodyMention | None
    date: str | None
    scheduled: bool = False
    presiders: list[PersonSpan] = field(default_factory=list)
    attendees: list[PersonSpan] = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.kind


@cache
def _kind_pattern() -> re.Pattern[str]:
    kinds = "|".join(map(re.escape, meeting_kinds()))
    # (?!议): 协商会 is not a kind inside 中国人民政治协商会议
    return re.compile(rf"(?:\(扩大\))?(?:{kinds})(?!议)(?:\(扩大\))?")


@cache
def _titles() -> tuple[str, ...]:
    return tuple(sorted({*roles(), *_TITLE_WORDS}, key=len, reverse=True))


def _name_start(text: str, kind_start: int, floor: int) -> int:
    """Walk left from a meeting kind over its name: sessions, the body, quoted topics."""
    i = kind_start
    while i > floor:
        ch = text[i - 1]
        if ch in _NAME_STOP and ch not in "“”()":
            break
        # 党组会议和主席会议: two meetings, not one name
        if ch in "和及与、" and i - 1 > floor and text[i - 2] in "会议":
            break
        if ch in _VERB_LAST_CHARS and any(text.endswith(verb, 0, i) for verb in _VERBS_BEFORE_NAME):
            return i
        i -= 1
    return i


_FORMAL = re.compile(
    rf"(?:中国人民政治协商会议|政协)(?:第?{_N}届)?(?P<region>[\u4e00-\u9fff]{{2,16}}?)"
    rf"(?=(?:第?{_N}届)?委员会|第?{_N}届|{_N}次)"
)


def _formal_body(name: str, offset: int, home: Division | None) -> BodyMention | None:
    """The CPPCC committee a formal meeting name names: 政协第十届某县委员会 → 某县政协.

    >>> _formal_body("政协第十三届全国委员会第三十次主席会议", 0, None).name
    '全国政协'
    """
    m = _FORMAL.search(name)
    if m is None:
        return None
    region = m.group("region")
    start, end = offset + m.start(), offset + m.end()
    if region == "全国":
        return BodyMention(start, end, m.group(0), "全国政协", "cppcc", None)
    found = find_regions(region)
    if not found:
        return None
    rs, re_, _ = found[-1]  # 北京市昌平区 → 昌平区: the most specific
    d = gazetteer().resolve(region[rs:re_], [home.code] if home else [])
    if d is None:
        return None
    return BodyMention(start, end, m.group(0), f"{d.name}政协", "cppcc", d, None, region[rs:re_])


def _num(s: str | None) -> int | None:
    return cn_number(s) if s else None


_TERM = re.compile(rf"第?(?P<n>{_N})届")
_ORDINAL = re.compile(rf"第?(?P<n>{_N})次")


def _identity(name: str) -> tuple[str, str | None]:
    """(canonical kind, canonical session) of a meeting name.

    >>> _identity("政协第十二届某省委员会常务委员会第二十五次会议")
    ('常委会会议', '第12届常委会会议第25次')
    >>> _identity("政协某省十二届一次会议第四次全体会议")
    ('全体会议', '第12届第1次会议·全体会议第4次')
    >>> _identity("九届三次会议")
    ('会议', '第9届第3次会议')
    """
    fam_at, kind = -1, ""
    for word, canon in _FAMILIES:
        pos = name.find(word)
        if pos != -1 and (fam_at == -1 or pos < fam_at):
            fam_at, kind = pos, canon
    term_m = _TERM.search(name)
    term = _num(term_m.group("n")) if term_m else None
    ordinals = [(m.start(), m.end(), _num(m.group("n"))) for m in _ORDINAL.finditer(name)]
    plenary: int | None = None
    ordinal: int | None = None
    if fam_at == -1:
        kind = "会议" if re.search(r"会议$|全会$", name) and term is not None else _plain_kind(name)
        plenary = ordinals[0][2] if ordinals else None
    else:
        # an ordinal before the family word and followed by 会议 is the plenary's (十二届一次会议主席团);
        # of the others, the one nearest the family word is the meeting's own
        sessions = [o for o in ordinals if o[1] <= fam_at and name[o[1] : o[1] + 2] == "会议"]
        own = [o for o in ordinals if o not in sessions]
        near = sorted(own, key=lambda o: min(abs(o[1] - fam_at), abs(o[0] - fam_at - 2)))
        ordinal = near[0][2] if near else None
        plenary = sessions[-1][2] if sessions else None
    if term is None and plenary is None and ordinal is None:
        return kind, None
    parts = [f"第{term}届" if term is not None else ""]
    if plenary is not None:
        parts.append(f"第{plenary}次会议")
    if ordinal is not None:
        parts.append(("·" if plenary is not None else "") + f"{kind}第{ordinal}次")
    elif plenary is not None and fam_at != -1:
        parts.append(f"·{kind}")  # 第三次会议预备会议
    return kind, "".join(parts)


def _plain_kind(name: str) -> str:
    found = list(_kind_pattern().finditer(name))
    return found[-1].group(0).replace("(扩大)", "") if found else "会议"


def _clean_label(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim what is not the name: a modifier ending in 的, an opening quote left unclosed."""
    name = text[start:end]
    cut = name.rfind("的")
    if cut != -1:
        start += cut + 1
        name = name[cut + 1 :]
    while name and name[0] in '“”"':
        if name[0] == "“" and "”" in name:
            break
        start += 1
        name = name[1:]
    if name.count("“") > name.count("”") and text[end : end + 1] == "”":
        end += 1
    return start, end


def _is_anaphor(name: str) -> bool:
    """这次会议, 本次常委会会议, 一次重要会议: a meeting referred to, not named."""
    if name in ("会议", "大会", "会") or re.match(rf"(?:每)?{_N}次", name):
        return True  # 每两月举办1次政协理论大讲堂: how often, not which
    return bool(
        re.match(
            r"(?:一次|这次|本次|此次|该次|上次|下次|各次|历次|每次|多次|首次|这个|此|本|该|各|有关)", name
        )
    )


def find_meetings(
    text: str,
    bodies: list[BodyMention],
    people: list[PersonMention],
    dates: list[DateMention],
    home: Division | None,
    lead_date: str | None,
    others: list[tuple[str, int, int]] | tuple[tuple[str, int, int], ...] = (),
) -> list[MeetingMention]:
    """Meetings convened or scheduled in the text, merged when one meeting is said twice.

    `people` and `others` (persons named without a post) give the names of presiders and
    attendees; a presider the lists missed is read from the title chain before 主持.
    """
    masked = masked_titles(text)
    found: list[MeetingMention] = []
    consumed: list[tuple[int, int]] = []  # plenary names that only prefix a sub-meeting
    # Dates and bodies looked up by offset (bisect), not scanned whole for every meeting:
    # a text of one long sentence would make every scan as long as the text (issue 17).
    by_date = _Spans(dates)
    event_dates = _Spans([d for d in dates if not d.dateline])
    dateline_dates = _Spans([d for d in dates if d.dateline])
    by_body = _Spans(bodies)
    date_ends = {d.end for d in dates}
    dated_body_ends = {b.end for b in bodies if b.start in date_ends}
    home_region = next((b.region for b in bodies if b.kind == "cppcc" and b.region is not None), None)
    for m in _kind_pattern().finditer(masked):
        after = masked[m.end() : m.end() + 8]
        s_start, s_end = sentence_bounds(masked, m.start())
        # 传达学习了12月9日中共中央政治局会议精神: a dated meeting of a named body
        explicit_dated = any(m.start() - gap in dated_body_ends for gap in range(3))
        if after.startswith("暨") or (_NOT_A_MEETING_AFTER.match(after) and not explicit_dated):
            continue
        raw_start = _name_start(masked, m.start(), s_start)
        before = masked[max(s_start, raw_start - 8) : raw_start]
        if (
            re.search(r"(?:关于|即将|将要|拟)(?:召开|举行)?$", before)
            or "关于召开" in masked[s_start : m.start()][-20:]
        ):
            continue
        relative = (
            masked[max(s_start, raw_start - 1) : raw_start + 1].startswith("的")
            or "的" in masked[raw_start : m.start()]
        )
        name_start, name_end = _clean_label(masked, raw_start, m.end())
        # 传达学习了12月9日中共中央政治局会议精神: the date is not part of the name
        for d in by_date.starting(name_start, m.start()):
            if name_start <= d.start:
                name_start = max(name_start, d.end)
        name = masked[name_start:name_end]
        if not name or "＿" in name or _is_anaphor(name):
            continue
        bare = name.replace("(扩大)", "") in meeting_kinds()
        if relative and bare:
            continue  # 在随后召开的座谈会上: a meeting in passing, not one named
        follow = masked[m.end() : m.end() + 40]
        if re.match(r"”?(?:开幕|召开)?(?:前夕|在即|之际|前|以来)", follow):
            continue  # 县政协十四届三次会议开幕前夕: not yet held
        # 举行A会议和B会议: the verb convenes both
        convened = bool(_CONVENE_BEFORE.search(masked[s_start:raw_start])) or bool(
            re.search(r"(?:召开|举行|举办|主持)[^,。;\n]*?会议[和及与、]$", masked[s_start:raw_start])
        )
        scheduled_m = re.match(
            r"(?:将)?于(?P<date>[^,。;\n]{2,16}?)(?:在[^,。;\n]{1,10})?(?:召开|举行)", follow
        )
        held_m = _HELD_AFTER.match(follow)
        # 九届二次会议1月28日在某地举行第四次全体会议: the second is the one
        sub_m = re.match(rf"{_DATE_TIME}(?:在[^,。;\n]{{1,20}}?)?(?:举行|召开)", follow)
        if sub_m and _kind_pattern().match(masked, m.end() + sub_m.end()):
            consumed.append((name_start, m.end() + sub_m.end()))
            continue
        planned = bool(_PLANNED.search(masked[s_start:raw_start])) and not scheduled_m
        own = by_date.starting(m.end(), m.end() + (held_m.end() if held_m else 0))
        prior = event_dates.last_starting(s_start, m.start())
        dateline = dateline_dates.last_starting(s_start, m.start())
        date: str | None = None
        scheduled = False
        if scheduled_m:
            sched = by_date.starting(m.end(), m.end() + 20)
            if not sched:
                continue  # 于1月中旬召开: no date to keep
            date, scheduled = sched[0].iso, True
        elif own:
            date = own[0].iso
        elif prior:
            date = prior[-1].iso
            # 决定9月26日召开…: a meeting decided on, still to come
            scheduled = bool(
                re.search(r"(?:决定|定于|将于|拟于|将在)[^,。;\n]{0,16}$", masked[s_start:raw_start])
            )
        elif dateline:
            date = dateline[-1].iso
        elif planned:
            continue  # 就开好县政协十届二次全会: not a dated meeting held
        held = convened or bool(held_m) or scheduled or explicit_dated
        if date is None and held and lead_date:
            date = lead_date
        if not held:
            inside_body = [b for b in by_body.starting(name_start, m.start()) if b.end <= m.start()]
            # 上报市政协主席会议、市委常委会会议: a standing meeting named with its body
            if not (
                inside_body
                and m.group(0) in ("常委会会议", "主席会议")
                and m.start() - inside_body[-1].end <= 8
            ):
                continue
        if date is None and _SEQUENCE.search(masked[s_start:raw_start]):
            date = "?"  # 随后举行…: the date of the meeting before it, filled in below
        body = _body_of(masked, name_start, m.start(), s_start, by_body, home_region)
        if (
            body is None
            and date is None
            and not re.search(r"(?:已|已经|先后)(?:召开|举办|举行)$", masked[s_start:raw_start])
        ):
            continue  # 多次召开推进会: no body and no date, nothing to anchor it (已举办…: one held)
        if date is None and (
            _has_unread_day(masked[s_start:raw_start], by_date, s_start)
            or (lead_date is None and _has_unread_day(masked[:80], by_date, 0))
        ):
            continue  # 四日下午…召开座谈会 with no month knowable: a date we cannot give
        if body is None and home is not None:
            # a CPPCC paper's headline `召开党组理论学习中心组会议` is the article's own 政协
            body = BodyMention(name_start, name_start, "", cppcc_name(home), "cppcc", home)
        kind, session = _identity(name)
        found.append(MeetingMention(name, kind, session, name_start, name_end, body, date, scheduled))
    found = [mt for mt in found if not any(s <= mt.start and mt.end <= e for s, e in consumed)]
    _add_plenary_context(masked, found, bodies)
    _fill_sequence_dates(found)
    _assign_people(masked, found, people, others)
    return _merge(found)


class _Spans[Mention: (DateMention, BodyMention)]:
    """Mentions (dates, bodies) by where they start, for lookups by offset in log time."""

    def __init__(self, items: Sequence[Mention]) -> None:
        self.items: list[Mention] = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def starting(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in [lo, hi), in text order."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def last_starting(self, lo: int, hi: int) -> list[Mention]:
        """The last mention that starts in [lo, hi), as a list of at most one."""
        end = bisect_left(self.starts, hi)
        return self.items[end - 1 : end] if end and self.starts[end - 1] >= lo else []

    def before(self, lo: int, hi: int) -> Iterator[Mention]:
        """The mentions that start in [lo, hi), last first."""
        for k in range(bisect_left(self.starts, hi) - 1, bisect_left(self.starts, lo) - 1, -1):
            yield self.items[k]


def _body_of(
    text: str,
    name_start: int,
    kind_start: int,
    s_start: int,
    bodies: _Spans[BodyMention],
    home: Division | None,
) -> BodyMention | None:
    formal = _formal_body(text[name_start:kind_start], name_start, home)
    if formal is not None:
        return formal
    inside = [b for b in bodies.starting(name_start, kind_start) if b.end <= kind_start]
    if inside:
        return inside[-1]
    # the clause's subject: 莒南县政协在县委党校召开… is the 政协's meeting, not the 县委's
    last: BodyMention | None = None
    for b in bodies.before(s_start, name_start):
        if b.end > name_start:
            continue
        if b.kind == "cppcc":
            return b
        last = last or b
    return last


_DAY_WORD = re.compile(r"(?:本月)?[一二三四五六七八九十廿卅\d]{1,3}(?:日|号)")


def _has_unread_day(clause: str, dates: _Spans[DateMention], offset: int) -> bool:
    """Whether the clause says a day that no DateMention reads (`四日`, `本月五日` with no month)."""
    for m in _DAY_WORD.finditer(clause):
        start = offset + m.start()
        # a date that covers the day starts at most a date's length before it
        near = dates.starting(start - _LONGEST_DATE, offset + m.end())
        if not any(d.start <= start < d.end or start <= d.start < offset + m.end() for d in near):
            return True
    return False


_LONGEST_DATE = 64  # characters: 二〇二三年十二月二十八日上午 and the like, with room to spare


# a plenary session (九届二次会议, 第十一届某县委员会第四次会议) or a committee of one term
_PLENARY_CORE = re.compile(
    rf"(?:中国人民政治协商会议|政协)[\u4e00-\u9fff]{{2,12}}?第?{_N}届委员会(?:第?{_N}次会议)?"
    rf"|(?:第?{_N}届[\u4e00-\u9fff]{{0,14}}?第?{_N}次会议|{_N}届{_N}次会议)(?:大会)?(?:主席团)?"
    rf"|第?{_N}届[\u4e00-\u9fff]{{2,12}}?委员会"
)
_COMMITTEE_LEAD = re.compile(r"(?:中国人民政治协商会议|政协)(?P<region>[\u4e00-\u9fff]{0,10}?)$")


def _plenaries(text: str, start: int, end: int, bodies: list[BodyMention]) -> list[tuple[int, int]]:
    """Spans of plenary sessions and term committees in text[start:end], each with its body.

    The body is the one that ends where the session begins (`县政协` + `九届二次会议`), or the
    `政协`/`中国人民政治协商会议` of a formal name (`政协` + `第十届某区委员会`).
    """
    out: list[tuple[int, int]] = []
    for p in _PLENARY_CORE.finditer(text, start, end):
        lead = p.start()
        body = next((b for b in bodies if b.end == p.start() and b.start >= start), None)
        if body is not None:
            lead = body.start
        else:
            formal = _COMMITTEE_LEAD.search(text, max(start, p.start() - 16), p.start())
            if formal is not None and _is_region(formal.group("region")):
                lead = formal.start()
            elif "委员会" in p.group(0) and not p.group(0).startswith(("政协", "中国人民政治协商会议")):
                continue  # 第十届委员会 with nothing before it: no name to give
        out.append((lead, p.end()))
    return out


def _is_region(s: str) -> bool:
    """Whether `s` is empty, 全国, or made of region names only (北京市昌平区)."""
    if s in ("", "全国"):
        return True
    found = find_regions(s)
    return bool(found) and found[0][0] == 0 and found[-1][1] == len(s)


def _add_plenary_context(text: str, meetings: list[MeetingMention], bodies: list[BodyMention]) -> None:
    """A meeting named without its term (第二次全体会议, 第22次主席会议) takes its context's.

    The context is the subject of its clause (`县政协九届二次会议举行第二次全体会议`,
    `区政协十五届一次会议主席团召开第一次会议`, `政协第十届某区委员会召开第22次主席会议`),
    else, for a sub-meeting of a plenary, the last plenary named before it.
    """
    for mt in meetings:
        if "届" in mt.name:
            continue
        s_start, _ = sentence_bounds(text, mt.start)
        context = None
        for lead, end in _plenaries(text, s_start, mt.start, bodies):
            rest = text[end : mt.start]
            if re.fullmatch(rf"{_DATE_TIME}(?:在[^,。;\n]{{1,20}}?)?(?:举行|召开)", rest):
                context = text[lead:end]
        if context is None and mt.kind in _SUB_KINDS:
            earlier = [
                (lead, end)
                for lead, end in _plenaries(text, 0, mt.start, bodies)
                if "次会议" in text[lead:end]
            ]
            if earlier:
                context = re.sub(r"(?:大会)?主席团$", "", text[slice(*earlier[-1])])
        if context is None:
            continue
        if mt.kind == "会议" and context.endswith("主席团"):
            mt.kind = "主席团会议"  # 主席团召开第一次会议
        mt.name = context + mt.name
        kind, session = _identity(mt.name)
        mt.kind, mt.session = (kind if mt.kind == "会议" else mt.kind), session


def _fill_sequence_dates(meetings: list[MeetingMention]) -> None:
    last: str | None = None
    for mt in meetings:
        if mt.date == "?":
            mt.date = last
        elif mt.date and not mt.scheduled:
            last = mt.date


def main_meeting(meetings: list[MeetingMention]) -> MeetingMention | None:
    """The meeting the article is about: the first dated one held, else the first dated, else the first.

    `会议由…主持` and a document the sentence names no meeting for belong to it.
    """
    held = next((mt for mt in meetings if mt.date and not mt.scheduled), None)
    return held or next((mt for mt in meetings if mt.date), meetings[0] if meetings else None)


_PRESIDE = re.compile(r"(?:分别)?主持(?!人|词|下|的|工作)|的主持下")
_TIME_BEFORE = re.compile(
    r"(?:\d{1,2}日|[一二三四五六七八九十]{1,3}日|今天|昨天|当天|当日)?(?:上午|下午|晚上|晚|早上|中午)?(?:在[^,。;\n]{1,8})?(?:分别)?$"
)


def _presider_before(text: str, pos: int, floor: int, names: list[str]) -> PersonSpan | None:
    """The person whose name ends right before 主持 at `pos` (a time or place may come between).

    A name the analysis found wins; else the run after the last title (`副主席王某主持`),
    else a lone plausible name (`王某主持会议`).
    """
    window = text[floor:pos]
    tm = _TIME_BEFORE.search(window)
    end = floor + (tm.start() if tm else len(window))
    for name in names:
        if text.endswith(name, floor, end):
            return PersonSpan(name, end - len(name), end)
    run = re.search(r"[\u4e00-\u9fff·]{2,12}$", text[floor:end])
    if run is None:
        return None
    chunk = run.group(0)
    cut = max((chunk.rfind(t) + len(t) for t in _titles() if t in chunk[:-1]), default=0)
    cand = chunk[cut:]
    lenient = cut > 0 or text[floor + run.start() - 1 : floor + run.start()] in "、,:"
    if 2 <= len(cand) <= 4 and is_plausible_name(cand, strict=not lenient) and not cand.startswith("会议"):
        return PersonSpan(cand, end - len(cand), end)
    return None


def _assign_people(
    text: str,
    meetings: list[MeetingMention],
    people: list[PersonMention],
    others: list[tuple[str, int, int]] | tuple[tuple[str, int, int], ...],
) -> None:
    main = main_meeting(meetings)
    if main is None:
        return
    spans: list[tuple[str, int, int]] = [(p.name, p.start, p.end) for p in people]
    spans += [(n, s, e) for n, s, e in others]
    names = sorted({n for n, _, _ in spans if n}, key=len, reverse=True)
    # meetings by start, to find a sentence's meetings without scanning all (issue 17)
    order = sorted(range(len(meetings)), key=lambda k: meetings[k].start)
    starts = [meetings[k].start for k in order]

    def in_sentence_of(s_start: int, s_end: int) -> list[MeetingMention]:
        """The meetings that start in [s_start, s_end), in the order of `meetings`."""
        picked = order[bisect_left(starts, s_start) : bisect_left(starts, s_end)]
        return [meetings[k] for k in sorted(picked)]

    for v in _PRESIDE.finditer(text):
        s_start, s_end = sentence_bounds(text, v.start())
        if text[max(s_start, v.start() - 1) : v.start()] == "由":
            continue  # 会议由…主持 is read from the name before it; 由 right before is no name
        # 在大会主持人某某的主持下,召开第二次全体会议: the name ends before 的
        who = _presider_before(text, v.start(), s_start, names)
        if who is None:
            continue
        in_sentence = in_sentence_of(s_start, s_end)
        clause_end = _clause_end(text, v.end(), s_end)
        targets = [mt for mt in in_sentence if v.end() <= mt.start < clause_end]
        if not targets:
            earlier = [mt for mt in in_sentence if mt.start < who.start]
            targets = earlier[-1:] or [main]
        for mt in targets:
            if all(p.name != who.name for p in mt.presiders):
                mt.presiders.append(who)
    for name, start, end in sorted(spans, key=lambda s: s[1]):
        s_start, s_end = sentence_bounds(text, start)
        if not re.search(r"出席|参加|列席", text[end:s_end]):
            continue
        in_sentence = in_sentence_of(s_start, s_end)
        target = in_sentence[0] if in_sentence else main
        if all(p.name != name for p in target.attendees + target.presiders):
            target.attendees.append(PersonSpan(name, start, end))


def _clause_end(text: str, pos: int, s_end: int) -> int:
    """Where the clause after 主持 ends: the first break that is not inside a meeting's name."""
    m = re.compile(r"[,;:。]").search(text, pos, s_end)
    return m.start() if m else s_end


def _merge(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """One mention per meeting: same body and kind, and the same session or the same date.

    Two sessions that differ (`九届二次`, `九届三次`) never merge; nor do two dates.
    """
    merged: list[MeetingMention] = []
    for mt in meetings:
        twin = next((o for o in merged if _same(o, mt)), None)
        if twin is None:
            merged.append(mt)
            continue
        twin.date = twin.date or mt.date
        twin.scheduled = twin.scheduled and mt.scheduled
        if _label_rank(mt) > _label_rank(twin):
            twin.name, twin.start, twin.end = mt.name, mt.start, mt.end
        twin.session = _longer(twin.session, mt.session)
        if mt.body is not None and (twin.body is None or not twin.body.surface):
            twin.body = mt.body
        for p in mt.presiders:
            if all(p.name != q.name for q in twin.presiders):
                twin.presiders.append(p)
        for p in mt.attendees:
            if all(p.name != q.name for q in twin.attendees + twin.presiders):
                twin.attendees.append(p)
    # 九届二次会议 said beside its 第二次全体会议 of the same day: the sub-meeting is the one held
    subs = [mt for mt in merged if mt.session and "·" in mt.session]
    kept: list[MeetingMention] = []
    for mt in merged:
        sub = next(
            (
                o
                for o in subs
                if mt.kind == "会议"
                and mt.session
                and o.session
                and o.session.startswith(mt.session + "·")
                and o.date == mt.date
                and (o.body.name if o.body else None) == (mt.body.name if mt.body else None)
            ),
            None,
        )
        if sub is None:
            kept.append(mt)
            continue
        for p in mt.presiders:
            if all(p.name != q.name for q in sub.presiders):
                sub.presiders.append(p)
        sub.attendees += [p for p in mt.attendees if all(p.name != q.name for q in sub.attendees)]
    kept = _fold_undated(kept)
    for mt in kept:
        mt.attendees = [p for p in mt.attendees if all(p.name != q.name for q in mt.presiders)]
    return kept


def _fold_undated(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """An undated mention with no session (a headline's `某某主持召开全国政协主席会议`) is the
    article's one dated meeting of that body and kind, when there is exactly one."""
    out: list[MeetingMention] = []
    for mt in meetings:
        body = mt.body.name if mt.body else None
        dated = [
            o
            for o in meetings
            if o is not mt and o.date and o.kind == mt.kind and (o.body.name if o.body else None) == body
        ]
        if mt.date or mt.session or len(dated) != 1:
            out.append(mt)
            continue
        for p in mt.presiders:
            if all(p.name != q.name for q in dated[0].presiders):
                dated[0].presiders.append(p)
        dated[0].attendees += [p for p in mt.attendees if all(p.name != q.name for q in dated[0].attendees)]
    return out


def _longer(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return b if len(b) > len(a) and b.startswith(a[: len(a) // 2]) else a


def _same(a: MeetingMention, b: MeetingMention) -> bool:
    if (a.body.name if a.body else None) != (b.body.name if b.body else None):
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if a.session and b.session:
        return a.kind == b.kind and (a.session == b.session or _compatible(a.session, b.session))
    if a.kind != b.kind:
        return False
    return (
        bool(a.date and a.date == b.date)
        or a.name == b.name
        or a.name.endswith(b.name)
        or b.name.endswith(a.name)
    )


def _compatible(a: str, b: str) -> bool:
    """第12届常委会会议第25次 and 常委会会议第25次: one says the term, the other does not."""
    return a.endswith(b) or b.endswith(a)


def _label_rank(mt: MeetingMention) -> tuple[int, int]:
    """A dated mention in the body beats a headline's; a fuller name beats a short one."""
    return (1 if "届" in mt.name else 0, len(mt.name))
