"""Dated post facts (issue 18): every HOLDS carries its date and where the date comes from;
starts and ends are marked; a former post is never a HOLDS."""

from __future__ import annotations

from kg.extract import extract_article
from kg.model import Article


def _posts(
    text: str, published: str | None = "2024-05-21", locality: str = "资溪县"
) -> list[tuple[str, ...]]:
    article = Article("t1", text, published=published, locality=locality, province="江西省")
    out = []
    for f in extract_article(article):
        if f.predicate in ("HOLDS", "HELD_FORMERLY"):
            extra = dict(f.extra)
            out.append(
                (
                    f.subject.label,
                    f.predicate,
                    f.object.label,
                    extra.get("date"),
                    extra["date_basis"],
                    extra.get("tenure"),
                )
            )
    return out


def test_a_post_at_a_dated_meeting_carries_the_meeting_date() -> None:
    text = "5月20日,资溪县政协召开十届五次常委会会议。县政协党组书记、主席黄明远主持会议。"
    assert ("黄明远", "HOLDS", "资溪县政协主席", "2024-05-20", "meeting", None) in _posts(text)


def test_a_post_outside_any_meeting_carries_the_publication_date() -> None:
    text = "近日,资溪县政协主席黄明远带队到乡镇调研竹产业发展情况。"
    assert _posts(text) == [("黄明远", "HOLDS", "资溪县政协主席", "2024-05-21", "published", None)]


def test_a_post_with_no_date_at_all_says_none() -> None:
    text = "近日,资溪县政协主席黄明远带队到乡镇调研竹产业发展情况。"
    assert _posts(text, published=None) == [("黄明远", "HOLDS", "资溪县政协主席", None, "none", None)]


def test_an_election_at_a_plenary_starts_the_post_on_the_plenary_day() -> None:
    text = "1月10日,政协资溪县第十届委员会第一次会议闭幕。\n经全体委员无记名投票选举,周文澜当选为县政协主席。"
    assert ("周文澜", "HOLDS", "资溪县政协主席", "2024-01-10", "meeting", "start") in _posts(text)


def test_no_longer_holding_a_post_is_held_formerly_with_an_end_never_holds() -> None:
    text = "1月15日,政协资溪县第十一届委员会第一次会议举行选举大会。会议选举陈立言为县政协主席。周文澜不再担任县政协主席职务。"
    found = _posts(text)
    assert ("周文澜", "HELD_FORMERLY", "资溪县政协主席", "2024-01-15", "meeting", "end") in found
    assert not [p for p in found if p[0] == "周文澜" and p[1] == "HOLDS"]


def test_a_former_chair_marked_yuan_is_held_formerly() -> None:
    text = "近日,原县政协主席周文澜来到资溪县政协机关座谈,县政协主席陈立言主持。"
    found = _posts(text)
    assert ("周文澜", "HELD_FORMERLY", "资溪县政协主席", "2024-05-21", "published", "former") in found
    assert ("陈立言", "HOLDS", "资溪县政协主席", "2024-05-21", "published", None) in found
