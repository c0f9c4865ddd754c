"""Meetings: what was convened, by which body, on what date, presided over by whom.

    华亭市政协召开二届九次常委会会议            → held by 华亭市政协, kind 常委会会议, session 二届九次
    庄浪县政协主席杜宏远主持召开县政协十届十八次主席会议 → presided by 杜宏远
    会议决定政协武威市第五届委员会第一次会议于12月6日至8日召开 → scheduled, dated 12-06
    会议传达学习了12月9日中共中央政治局会议精神  → a dated meeting of 中共中央政治局

Trips (调研/考察/视察) are not meetings. A meeting inside `关于召开…的决定` is a document's
subject, not a meeting held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.extract.bodies import BodyMention
from kg.extract.dates import DateMention
from kg.extract.positions import PersonMention
from kg.extract.text import masked_titles, sentence_bounds
from kg.gazetteer import Division
from kg.lexicons import meeting_kinds

__all__ = ["MeetingMention", "find_meetings", "main_meeting"]

_N = r"[一二三四五六七八九十百零〇\d]+"
_SESSION = re.compile(rf"第?{_N}届(?:委员会|省政协|市政协|县政协|区政协)?(?:第?{_N}次)?|第{_N}次|{_N}届{_N}次")
_CONVENE_BEFORE = re.compile(r"(?:主持召开|召开|举行|举办|召集|开展)$")
_NOT_A_MEETING_AFTER = re.compile(
    r"(?:议程|日程|精神|纪要|的决定|决定|成员|室|筹备|有关|名单|材料|文件|期间|以来|工作规则|选举办法|"
    r"总监票人|报告|审议|的建议|的意见|秘书|主席台|主持人|执行主席|代表|委员)"
)
_NAME_STOP = "。,;:、()“”\n"


@dataclass(slots=True)
class MeetingMention:
    name: str
    kind: str
    session: str | None
    start: int
    end: int
    body: BodyMention | None
    date: str | None
    scheduled: bool = False
    presiders: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        for fam in ("党组", "主席", "常委", "常务委员", "全体", "预备"):
            if fam in self.name:
                return "常委" if fam == "常务委员" else fam
        return self.kind


@cache
def _kind_pattern() -> re.Pattern[str]:
    kinds = "|".join(map(re.escape, meeting_kinds()))
    return re.compile(rf"(?:\(扩大\))?(?:{kinds})(?:\(扩大\))?")


_VERBS_BEFORE_NAME = ("主持召开", "召开", "举行", "举办", "召集", "传达学习了", "学习了", "决定", "建议", "听取", "上报", "于")
_VERB_LAST_CHARS = frozenset(v[-1] for v in _VERBS_BEFORE_NAME)


def _name_start(text: str, kind_start: int, floor: int) -> int:
    """Walk left from a meeting kind over its name: sessions, the body, quoted topics."""
    i = kind_start
    while i > floor:
        ch = text[i - 1]
        if ch in _NAME_STOP and ch not in "“”()":
            break
        if ch in _VERB_LAST_CHARS and any(text.endswith(verb, 0, i) for verb in _VERBS_BEFORE_NAME):
            return i
        i -= 1
    return i


def find_meetings(
    text: str,
    bodies: list[BodyMention],
    people: list[PersonMention],
    dates: list[DateMention],
    home: Division | None,
    lead_date: str | None,
) -> list[MeetingMention]:
    """Meetings convened or scheduled in the text, merged when one meeting is said twice."""
    masked = masked_titles(text)
    found: list[MeetingMention] = []
    for m in _kind_pattern().finditer(masked):
        after = masked[m.end() : m.end() + 8]
        s_start, s_end = sentence_bounds(masked, m.start())
        # 传达学习了12月9日中共中央政治局会议精神: a dated meeting of a named body
        explicit_dated = any(
            b.end <= m.start() and m.start() - b.end <= 2 and any(d.end == b.start for d in dates) for b in bodies
        )
        if after.startswith("暨") or (_NOT_A_MEETING_AFTER.match(after) and not explicit_dated):
            continue
        name_start = _name_start(masked, m.start(), s_start)
        before = masked[max(s_start, name_start - 8) : name_start]
        if re.search(r"(?:关于|即将|将要|拟)(?:召开|举行)?$", before) or "关于召开" in masked[s_start:m.start()][-20:]:
            continue
        name = masked[name_start : m.end()].strip("“”")
        if not name or "＿" in name:
            continue
        kind = m.group(0).replace("(扩大)", "")
        session_m = _SESSION.search(name)
        session = session_m.group(0) if session_m else None
        inside = [b for b in bodies if name_start <= b.start and b.end <= m.start()]
        convened = bool(_CONVENE_BEFORE.search(masked[s_start:name_start]))
        follow = masked[m.end() : m.end() + 30]
        scheduled_m = re.match(r"(?:将)?于(?P<date>[^,。;]{2,16}?)(?:在[^,。;]{1,10})?(?:召开|举行)", follow)
        held_after = re.match(r"”?(?:第[^,。]{1,6}讲)?(?:在[^,。;]{1,20}?)?(?:召开|举行|开讲|开幕)", follow)
        sub_meeting = re.match(r"举行", follow)  # 九届二次会议举行第二次全体会议: the second is the one
        if sub_meeting:
            continue
        date: str | None = None
        scheduled = False
        if scheduled_m:
            sched = [d for d in dates if m.end() <= d.start < m.end() + 20]
            if not sched:
                continue  # 于1月中旬召开: no date to keep
            date, scheduled = sched[0].iso, True
        else:
            prior = [d for d in dates if s_start <= d.start < m.start()]
            date = prior[-1].iso if prior else None
            if date is None and lead_date and (convened or held_after):
                date = lead_date
        if not (convened or held_after or scheduled or explicit_dated):
            # 上报市政协主席会议、市委常委会会议: a standing meeting named with its body
            if not (inside and kind in ("常委会会议", "主席会议") and m.start() - inside[-1].end <= 8):
                continue
        body = inside[-1] if inside else None
        if body is None:
            # the clause's subject: 莒南县政协在县委党校召开… is the 政协's meeting, not the 县委's
            subject = [b for b in bodies if s_start <= b.start and b.end <= name_start]
            cppcc = [b for b in subject if b.kind == "cppcc"]
            body = (cppcc or subject)[-1] if subject else None
        if body is None and date is None:
            continue  # 多次召开推进会: no body and no date, nothing to anchor it
        if body is None and home is not None:
            # a CPPCC paper's headline `召开党组理论学习中心组会议` is the article's own 政协
            body = BodyMention(name_start, name_start, "", f"{home.name}政协", "cppcc", home)
        found.append(MeetingMention(name, kind, session, name_start, m.end(), body, date, scheduled))
    _assign_people(masked, found, people)
    return _merge(found)


def main_meeting(meetings: list[MeetingMention]) -> MeetingMention | None:
    """The meeting the article is about: the first dated one, else the first named.

    `会议由…主持` and a document the sentence names no meeting for belong to it.
    """
    return next((mt for mt in meetings if mt.date), meetings[0] if meetings else None)


def _assign_people(text: str, meetings: list[MeetingMention], people: list[PersonMention]) -> None:
    main = main_meeting(meetings)
    if main is None:
        return
    for p in people:
        after = text[p.end : p.end + 6]
        s_start, s_end = sentence_bounds(text, p.start)
        in_sentence = [mt for mt in meetings if s_start <= mt.start < s_end]
        if re.match(r"(?:分别)?主持", after):
            targets = [mt for mt in in_sentence if mt.start > p.end] or in_sentence or [main]
            for mt in targets:
                if p.name not in mt.presiders:
                    mt.presiders.append(p.name)
        elif re.search(r"出席|参加|列席", text[p.end : s_end]):
            target = in_sentence[0] if in_sentence else main
            if p.name not in target.attendees and p.name not in target.presiders:
                target.attendees.append(p.name)


def _merge(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """One mention per meeting: same body, date and family (or same body and session)."""
    merged: list[MeetingMention] = []
    for mt in meetings:
        body = mt.body.name if mt.body else None
        twin = next(
            (
                o
                for o in merged
                if (o.body.name if o.body else None) == body
                and (
                    (o.date and o.date == mt.date and o.family == mt.family)
                    or (o.session and o.session == mt.session and o.family == mt.family)
                    or (o.name == mt.name and (o.date == mt.date or not o.date or not mt.date))
                )
            ),
            None,
        )
        if twin is None:
            merged.append(mt)
            continue
        twin.date = twin.date or mt.date
        for name in mt.presiders:
            if name not in twin.presiders:
                twin.presiders.append(name)
        for name in mt.attendees:
            if name not in twin.attendees and name not in twin.presiders:
                twin.attendees.append(name)
    return merged
