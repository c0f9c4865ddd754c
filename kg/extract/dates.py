"""Dates as news writes them, made ISO: `3月15日`, `15日`, `5月30号`, `昨日`, `昨(15)日`, `今天上午`,
`本月五日`, `七日电`.

The year comes from the date itself (`2022年1月14日`), else from the publication date, else
from a full date the text gives (a page's `2022年03月25日` time stamp); with no year knowable
the date is `--MM-DD` (xsd:gMonthDay).

A day said alone (`3日在京举行`, `本月五日`) takes the month of the date said last before it,
else of the dateline (`新华社北京12月3日电`), else of the publication date. Relative days
(`昨日`, `今天`) count from the publication date, else from the dateline's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extract.text import cn_number

__all__ = ["DateMention", "find_dates", "reference_date"]

_N = r"[0-9一二三四五六七八九十〇零两]{1,4}"
_CN_DAY = r"[一二三四五六七八九十廿卅]{1,3}"
# what may follow a day said in Chinese numerals alone: 七日电, 五日在莆田举行, 四日下午
_CN_DAY_AFTER = r"(?=电|讯|上午|下午|晚|早|凌晨|中午|[,，]|在|于|召开|举行|开幕|闭幕|起|至)"
_DATE = re.compile(
    rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_N})月(?P<d>{_N})(?:日|号)(?:(?:至|—|-|~)(?:{_N}月)?{_N}(?:日|号))?"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?P<this>本月)(?P<td>\d{1,2}|" + _CN_DAY + r")(?:日|号)"
    r"|(?<![月\d])(?P<mdd>[1-9][0-3]\d)日"  # 325日下午: a dropped 月 (3月25日)
    r"|(?<![月\d])(?P<dd>\d{1,2})(?:日|号)(?![\u4e00-\u9fff]*?月)"
    rf"|(?<![月\d一二三四五六七八九十廿卅第每昨今前期数半多连近逐])(?P<cd>{_CN_DAY})日{_CN_DAY_AFTER}"
    r"|(?P<yest>昨(?:日|天))|昨\((?P<yd>\d{1,2})\)日|(?P<today>今(?:日|天))"
    # 当天上午 / 同日 / a sentence that opens with the hour (下午14时,…): the day said last
    r"|(?P<same>当天|当日|同日)|(?:(?<=[。\n])|^)[ \t]*(?P<hour>上午|下午|晚上|中午)\d{1,2}(?:时|点)"
)
_FULL = re.compile(
    r"(?P<y>\d{4})(?:年(?P<m>\d{1,2})月(?P<d>\d{1,2})日|-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
)
# 新华社北京12月3日电 / 大西北网1月12日讯 / 【本报记者广州七日电】: the dateline's own date
_DATELINE_END = re.compile(r"(?:日|号)?(?:电|讯)")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    iso: str  # YYYY-MM-DD or --MM-DD
    dateline: bool = False  # the date of a dateline (`北京3月12日电`), not of an event


def _iso(year: int | None, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None:
        try:
            dt.date(2000, month, day)  # a leap year: 2月29日 stays possible
        except ValueError:
            return None
        return f"--{month:02d}-{day:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: dt.date | None) -> int | None:
    if ref is None:
        return None
    year = ref.year
    # a December meeting reported in a January paper belongs to the year before
    if (month - ref.month) > 6:
        year -= 1
    elif (ref.month - month) > 6:
        year += 1  # a January meeting announced in December
    return year


def _day_number(s: str) -> int | None:
    return cn_number(s.replace("廿", "二十").replace("卅", "三十"))


def reference_date(text: str, published: dt.date | None = None) -> dt.date | None:
    """The date the text is written on: the publication date, else the first full date it gives.

    >>> reference_date("来源:县委宣传部 时间:2022年03月25日 …")
    datetime.date(2022, 3, 25)
    >>> reference_date("无年份的3月5日") is None
    True
    """
    if published is not None:
        return published
    for m in _FULL.finditer(text):
        month, day = m.group("m") or m.group("im"), m.group("d") or m.group("id")
        try:
            return dt.date(int(m.group("y")), int(month), int(day))
        except ValueError:
            continue
    return None


def find_dates(
    text: str,
    published: dt.date | None = None,
    month_hint: int | None = None,
    source_date: dt.date | None = None,
) -> list[DateMention]:
    """Every date in `text`, resolved against the publication date.

    `source_date` is a weaker one (the day in the page's web address): it gives years only;
    the month of a day said alone, and the day `昨日` counts from, must come from the text or
    the record (a page may be filed days after the events it reports).

    >>> [d.iso for d in find_dates("3月15日,会议召开;15日闭幕", dt.date(2023, 3, 20))]
    ['2023-03-15', '2023-03-15']
    >>> [d.iso for d in find_dates("12月31日召开", dt.date(2024, 1, 3))]
    ['2023-12-31']
    >>> [d.iso for d in find_dates("昨(15)日召开,今天上午闭幕", dt.date(2023, 3, 16))]
    ['2023-03-15', '2023-03-16']
    >>> [d.iso for d in find_dates("5月30号")]
    ['--05-30']
    >>> [(d.iso, d.dateline) for d in find_dates("新华社北京12月3日电 政协某会议3日在京举行")]
    [('--12-03', True), ('--12-03', False)]
    >>> [d.iso for d in find_dates("27日下午开幕。\\n下午14时,召开第二次全体会议;当天闭幕", dt.date(2018, 1, 30))]
    ['2018-01-27', '2018-01-27', '2018-01-27']
    """
    out: list[DateMention] = []
    ref = reference_date(text, published)
    year_ref = ref or source_date  # what gives a year to a date said without one
    month = month_hint
    dateline: dt.date | None = None  # the dateline's date, when the dateline gives a month
    for m in _DATE.finditer(text):
        iso: str | None = None
        if m.group("m"):
            mo, da = cn_number(m.group("m")), cn_number(m.group("d"))
            if mo is None or da is None:
                continue
            year = int(m.group("y")) if m.group("y") else _year_for(mo, da, year_ref)
            iso = _iso(year, mo, da)
            month = mo
        elif m.group("iy"):
            iso = _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            month = int(m.group("im"))
        elif m.group("this"):
            da = _day_number(m.group("td"))
            base = ref or dateline
            if da is None or base is None:
                continue
            iso = _iso(_year_for(base.month, da, year_ref), base.month, da)
        elif m.group("mdd"):
            digits = m.group("mdd")
            mo, da = int(digits[0]), int(digits[1:])
            base = ref or dateline
            if base is None or base.month != mo:
                continue  # only a day of the paper's own month is read as a dropped 月
            iso = _iso(_year_for(mo, da, year_ref), mo, da)
            month = mo
        elif m.group("dd") or m.group("cd"):
            da = int(m.group("dd")) if m.group("dd") else _day_number(m.group("cd"))
            if da is None:
                continue
            mo = month
            back_year: int | None = None
            if mo is None and ref is not None:
                # 28日 in a paper of 3月2日 is the month before
                back = ref.replace(day=1) - dt.timedelta(days=1) if da > ref.day + 1 else ref
                mo, back_year = back.month, back.year
            if mo is None:
                continue
            iso = _iso(back_year if back_year is not None else _year_for(mo, da, year_ref), mo, da)
        elif m.group("yd"):
            base = ref or dateline
            if base is None:
                continue
            before = base - dt.timedelta(days=1)
            iso = _iso(_year_for(before.month, int(m.group("yd")), year_ref), before.month, int(m.group("yd")))
        elif m.group("yest"):
            base = ref or dateline
            if base is not None:
                day = base - dt.timedelta(days=1)
                iso = _iso(_year_for(day.month, day.day, year_ref), day.month, day.day)
        elif m.group("today"):
            base = ref or dateline
            if base is not None:
                iso = _iso(_year_for(base.month, base.day, year_ref), base.month, base.day)
        elif m.group("same") or m.group("hour"):
            iso = next((d.iso for d in reversed(out) if not d.dateline), None)
        if not iso:
            continue
        is_dateline = bool(_DATELINE_END.match(text, m.end())) and m.start() < 80
        if is_dateline and dateline is None and ref is None:
            mo_s, da_s = iso[-5:-3], iso[-2:]
            dateline = dt.date(2000, int(mo_s), int(da_s))  # a leap year: only month and day are read
        out.append(DateMention(m.start(), m.end(), iso, is_dateline))
    return out
