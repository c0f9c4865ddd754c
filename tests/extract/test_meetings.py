"""Meetings: body, date, presider — and what is not a meeting."""

from kg.extract import extract_article
from kg.model import Article


def meetings(text: str, **meta: object) -> set[tuple[str, str | None, tuple[str, ...]]]:
    facts = extract_article(Article(id="t", text=text, **meta))
    held = {f.object.id: f.subject.label for f in facts if f.predicate == "HELD"}
    presided: dict[str, list[str]] = {}
    for f in facts:
        if f.predicate == "PRESIDED_BY":
            presided.setdefault(f.subject.id, []).append(f.object.label)
    nodes = {f.object.id: f.object for f in facts if f.predicate == "HELD"}
    return {(held[i], nodes[i].prop("date"), tuple(sorted(presided.get(i, [])))) for i in nodes}


def test_a_standing_committee_meeting_with_its_date_and_presider():
    text = "本报临川讯(通讯员周明远)4月8日,临川区政协召开三届十二次常委会会议。区政协党组书记、主席郑国华主持会议。"
    assert meetings(text, dateline="临川") == {("临川区政协", "--04-08", ("郑国华",))}


def test_the_year_comes_from_the_publication_date():
    text = "5月20日上午,宜黄县政协召开十届五次常委会议。"
    assert meetings(text, locality="宜黄县", published="2024-05-21") == {("宜黄县政协", "2024-05-20", ())}


def test_a_scheduled_meeting_takes_its_own_date():
    text = "12月2日,市政协召开四届十次常委会议。会议决定政协抚州市第五届委员会第一次会议于12月9日召开。"
    found = meetings(text, locality="抚州市")
    assert ("抚州市政协", "--12-09", ()) in found
    assert ("抚州市政协", "--12-02", ()) in found


def test_a_meeting_to_be_decided_on_is_not_a_meeting_held():
    text = "3月1日,县政协召开主席会议,审议通过了关于召开县政协十届三次会议的决定(草案)。"
    assert meetings(text, locality="金溪县") == {("金溪县政协", "--03-01", ())}


def test_trips_are_not_meetings():
    assert meetings("4月2日,县政协组织委员赴乡镇开展专题调研。", locality="金溪县") == set()


def test_a_headline_and_its_lead_sentence_are_one_meeting():
    text = (
        "召开党组理论学习中心组(扩大)学习会议\n"
        "本报南丰讯 4月9日,南丰县政协党组书记、主席刘志强主持召开县政协党组理论学习中心组(扩大)学习会议。"
    )
    found = meetings(text, dateline="南丰", headers=("召开党组理论学习中心组(扩大)学习会议",))
    assert found == {("南丰县政协", "--04-09", ("刘志强",))}
