"""Dates as news writes them, made ISO: `3月15日`, `15日`, `5月30号`, `昨日`, `昨(15)日`, `今天上午`.

The year comes from the date itself (`2022年1月14日`), else from the publication date;
with no year knowable the date is `--MM-DD` (xsd:gMonthDay).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extract.text import cn_number

__all__ = ["DateMention", "find_dates"]

_N = r"[0-9一二三四五六七八九十〇零两]{1,4}"
_DATE = re.compile(
    rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_N})月(?P<d>{_N})(?:日|号)(?:(?:至|—|-|~)(?:{_N}月)?{_N}(?:日|号))?"
    rf"|(?<![月\d])(?P<dd>\d{{1,2}})(?:日|号)(?![\u4e00-\u9fff]*?月)"
    r"|(?P<yest>昨(?:日|天))|昨\((?P<yd>\d{1,2})\)日|(?P<today>今(?:日|天))"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    iso: str  # YYYY-MM-DD or --MM-DD


def _iso(year: int | None, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    # a December meeting reported in a January paper belongs to the year before
    if (month - published.month) > 6:
        year -= 1
    return year


def find_dates(text: str, published: dt.date | None = None, month_hint: int | None = None) -> list[DateMention]:
    """Every date in `text`, resolved against the publication date.

    >>> [d.iso for d in find_dates("3月15日,会议召开;15日闭幕", dt.date(2023, 3, 20))]
    ['2023-03-15', '2023-03-15']
    >>> [d.iso for d in find_dates("12月31日召开", dt.date(2024, 1, 3))]
    ['2023-12-31']
    >>> [d.iso for d in find_dates("昨(15)日召开,今天上午闭幕", dt.date(2023, 3, 16))]
    ['2023-03-15', '2023-03-16']
    >>> [d.iso for d in find_dates("5月30号")]
    ['--05-30']
    """
    out: list[DateMention] = []
    month = month_hint
    for m in _DATE.finditer(text):
        iso: str | None = None
        if m.group("m"):
            mo, da = cn_number(m.group("m")), cn_number(m.group("d"))
            if mo is None or da is None:
                continue
            year = int(m.group("y")) if m.group("y") else _year_for(mo, da, published)
            iso = _iso(year, mo, da)
            month = mo
        elif m.group("dd"):
            da = int(m.group("dd"))
            mo = month or (published.month if published else None)
            if mo is None:
                continue
            iso = _iso(_year_for(mo, da, published), mo, da)
        elif m.group("yd"):
            da = int(m.group("yd"))
            if published is None:
                continue
            ref = published - dt.timedelta(days=1)
            iso = _iso(ref.year, ref.month, da)
        elif m.group("yest") and published is not None:
            iso = (published - dt.timedelta(days=1)).isoformat()
        elif m.group("today") and published is not None:
            iso = published.isoformat()
        if iso:
            out.append(DateMention(m.start(), m.end(), iso))
    return out
