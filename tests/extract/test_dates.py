"""Dates as news writes them: datelines, days said alone, relative days."""

import datetime as dt

from kg.extract.dates import find_dates


def isos(text: str, published: str | None = None) -> list[str]:
    return [d.iso for d in find_dates(text, dt.date.fromisoformat(published) if published else None)]


def test_a_day_alone_takes_the_dateline_month():
    assert isos("新华社北京12月3日电 某会议3日在京举行") == ["--12-03", "--12-03"]


def test_the_dateline_date_is_marked_as_one():
    assert [d.dateline for d in find_dates("大西北网1月12日讯 会议1月11日下午召开")] == [True, False]


def test_yesterday_counts_from_the_publication_date():
    assert isos("昨日下午,大会举行选举。", "2024-01-06") == ["2024-01-05"]


def test_yesterday_counts_from_the_dateline_when_there_is_no_publication_date():
    assert isos("新华社北京3月5日电 昨日,会议召开") == ["--03-05", "--03-04"]


def test_this_month_takes_the_publication_month():
    assert isos("会议于本月五日举行", "2024-01-09") == ["2024-01-05"]


def test_a_day_in_chinese_numerals_after_a_month():
    assert isos("3月2日报到,四日下午开幕") == ["--03-02", "--03-04"]


def test_a_day_with_no_month_anywhere_is_not_guessed():
    assert isos("【本报记者广州七日电】会议在广州召开") == []


def test_a_dropped_month_in_the_paper_s_own_month():
    assert isos("325日下午,大会闭幕", "2022-03-25") == ["2022-03-25"]


def test_a_later_day_than_the_paper_s_is_the_month_before():
    assert isos("28日,县政协召开会议", "2023-03-02") == ["2023-02-28"]


def test_the_year_of_a_full_date_in_the_text_makes_iso():
    assert isos("时间:2022年03月25日\n3月24日,会议召开") == ["2022-03-25", "2022-03-24"]


def test_a_span_of_days_for_three_days_is_no_date():
    assert isos("会议为期三日") == []
