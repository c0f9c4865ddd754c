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


def presided_evidence(text: str, **meta: object) -> list[tuple[str, str]]:
    """(person, text at the evidence span) of every PRESIDED_BY fact."""
    facts = extract_article(Article(id="t", text=text, **meta))
    return [
        (f.object.label, text[f.evidence.start : f.evidence.end])
        for f in facts
        if f.predicate == "PRESIDED_BY"
    ]


def labels(text: str, **meta: object) -> set[tuple[str, str | None]]:
    facts = extract_article(Article(id="t", text=text, **meta))
    return {(f.object.label, f.object.prop("date")) for f in facts if f.predicate == "HELD"}


def test_a_day_alone_takes_the_month_of_the_dateline():
    text = (
        "新华社北京11月4日电 政协第十五届全国委员会第十二次主席会议4日在京举行,全国政协主席贺文山主持会议。"
    )
    assert meetings(text) == {("全国政协", "--11-04", ("贺文山",))}


def test_a_formal_county_name_gives_its_committee_and_a_session_date_after_the_name():
    text = "大西北网5月9日讯 中国人民政治协商会议第九届临泽县委员会第三次会议5月8日下午在县城开幕。"
    assert meetings(text) == {("临泽县政协", "--05-08", ())}


def test_a_plenary_subject_labels_its_sub_meeting():
    text = "政协湖南省十三届二次会议1月20日上午在长沙举行第三次全体会议。大会主席团常务主席、会议主持人林志远主持会议。"
    assert labels(text) == {("政协湖南省十三届二次会议第三次全体会议", "--01-20")}
    assert meetings(text) == {("湖南省政协", "--01-20", ("林志远",))}


def test_two_sessions_of_one_body_stay_two_meetings():
    def meeting_ids(text: str) -> set[str]:
        facts = extract_article(Article(id="t", text=text, locality="宜黄县"))
        return {f.object.id for f in facts if f.predicate == "HELD"}

    # two years' plenaries, both opened on 3月2日 (the pages carry no year)
    second = meeting_ids("3月2日,县政协九届二次会议开幕。")
    third = meeting_ids("3月2日,县政协九届三次会议开幕。")
    assert len(second) == len(third) == 1
    assert second != third


def test_a_meeting_to_be_prepared_is_not_a_dated_meeting():
    text = "5月6日,县政协召开十届八次常委会议。就开好县政协十届二次全会,吴立平强调,要认识召开县政协十届二次会议的重要意义。"
    assert meetings(text, locality="鄢陵县") == {("鄢陵县政协", "--05-06", ())}


def test_presiding_over_two_meetings_gives_two():
    text = "5月20日下午,县政协主席、党组书记程立安分别主持召开政协党组会议和主席会议。"
    found = labels(text, locality="枞阳县")
    assert found == {("政协党组会议", "--05-20"), ("主席会议", "--05-20")}


def test_labels_drop_headline_prefixes_datelines_and_modifiers():
    text = (
        "【聚焦两会】政协第十一届尖扎县委员会第三次会议闭幕\n"
        "【本报记者西宁九日电】3月9日下午,备受全县关注的政协第十一届尖扎县委员会第三次会议胜利闭幕。"
    )
    assert labels(text) == {("政协第十一届尖扎县委员会第三次会议", "--03-09")}


def test_an_anaphor_is_not_a_meeting():
    text = "3月9日,县政协召开十届五次常委会议。他指出,这是在关键节点上召开的一次重要会议。"
    assert labels(text, locality="尖扎县") == {("十届五次常委会议", "--03-09")}


def test_a_meeting_with_a_day_we_cannot_place_is_left_out():
    text = "【本报消息】某市政协八届一次会议于本月五日举行。"
    assert meetings(text, locality="莆田市") == set()


def test_presided_in_a_later_sentence_by_delegation():
    text = (
        "12月17日,政协第十届西藏自治区委员会召开第23次主席会议。"
        "受自治区政协主席委托,自治区政协副主席洛桑平措主持会议。"
    )
    assert labels(text) == {("政协第十届西藏自治区委员会第23次主席会议", "--12-17")}
    assert meetings(text) == {("西藏自治区政协", "--12-17", ("洛桑平措",))}


def test_presider_and_attendee_evidence_is_the_sentence_naming_them():
    text = "4月8日,临川区政协召开三届十二次常委会会议。会议由区政协副主席郑国华主持。"
    assert presided_evidence(text, dateline="临川") == [("郑国华", "郑国华")]
    facts = extract_article(Article(id="t", text=text, dateline="临川"))
    ev = next(f.evidence for f in facts if f.predicate == "PRESIDED_BY")
    assert "郑国华" in ev.sentence


def test_a_presider_named_without_a_title_before_the_opening_session():
    text = "5月15日上午,中国人民政治协商会议第十三届青岛市委员会第五次会议开幕。副主席杨志华等出席。杨志华主持开幕会。"
    assert meetings(text) == {("青岛市政协", "--05-15", ("杨志华",))}


def test_a_sentence_opening_with_the_hour_is_on_the_day_said_last():
    text = (
        "27日下午,省政协十一届一次会议在省会举行。\n"
        "下午3时,在大会主席团常务主席郝仁杰的主持下,省政协十一届一次会议召开第二次全体会议。"
    )
    found = meetings(text, locality="福建省", published="2023-01-28")
    assert ("福建省政协", "2023-01-27", ("郝仁杰",)) in found
    assert all(date for _, date, _ in found)


def test_a_headline_meeting_with_no_date_is_the_articles_dated_one():
    text = "郝仁杰主持召开全国政协主席会议\n新华社北京3月5日电 政协第十四届全国委员会第九次主席会议5日在京举行。"
    assert meetings(text, locality="中华人民共和国") == {("全国政协", "--03-05", ("郝仁杰",))}


def test_a_venue_and_a_meeting_since_which_are_no_meetings():
    text = "3月9日,县政协十届五次会议在县国际会议中心开幕。他说,县政协十届四次会议以来,委员们积极履职。"
    assert labels(text, locality="金溪县") == {("县政协十届五次会议", "--03-09")}


def test_a_plenary_that_closes_after_its_business_is_held_on_that_day():
    text = "新华社北京3月11日电 政协第九届全国委员会第四次会议圆满完成各项议程,11日上午在北京闭幕。"
    assert meetings(text, locality="中华人民共和国") == {("全国政协", "--03-11", ())}
