"""parse_byline: datelines and credited people, with offsets into the article text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.ingest import parse_byline, read_corpus


def _people(text: str) -> list[tuple[str, str]]:
    return [(b.name, b.role) for b in parse_byline(text)[1]]


def test_dateline_with_a_correspondent() -> None:
    text = "本报临川讯(通讯员李明远)3月2日,临川县政协召开常委会会议。"
    place, (byline,) = parse_byline(text)
    assert (place, byline.name, byline.role) == ("临川", "李明远", "通讯员")
    assert text[byline.start : byline.end] == "李明远"


def test_dateline_with_two_correspondents() -> None:
    assert _people("本报青溪讯(通讯员周一凡 计云)3月4日,会议召开。") == [
        ("周一凡", "通讯员"),
        ("计云", "通讯员"),
    ]


def test_dateline_without_a_credit_gives_only_the_place() -> None:
    assert parse_byline("本报东岭讯 3月8日,东岭区政协组织委员调研。") == ("东岭", [])


def test_spaced_two_character_name_is_joined_and_its_span_covers_the_space() -> None:
    text = "本报南河讯(记者王 青)1月7日,会议召开。"
    _, (byline,) = parse_byline(text)
    assert (byline.name, byline.role, text[byline.start : byline.end]) == ("王青", "记者", "王 青")


def test_reporter_and_correspondent_in_one_dateline_without_a_place() -> None:
    place, people = parse_byline("本报讯(记者 周小禾 通讯员 钱立)12月25日,会议召开。")
    assert place is None
    assert [(b.name, b.role) for b in people] == [("周小禾", "记者"), ("钱立", "通讯员")]


def test_newsroom_before_the_reporter_is_dropped() -> None:
    assert _people("本报讯 (南河融媒记者孙一鸣 何佳)5月22日,会议召开。") == [
        ("孙一鸣", "记者"),
        ("何佳", "记者"),
    ]


def test_newsroom_dateline_with_text_and_photo_credits() -> None:
    assert _people("青溪融媒(记者 沈默/文 郑远/图)2月25日,会议举行。") == [("沈默", "记者"), ("郑远", "摄影")]


def test_byline_lines_with_and_without_a_role() -> None:
    text = "以学促干 为高质量发展聚力\n□ 通讯员 柳青 韩冬生\n正文。\n□ 林书远"
    assert _people(text) == [("柳青", "通讯员"), ("韩冬生", "通讯员"), ("林书远", "署名")]


def test_box_credit_at_the_end_of_a_paragraph() -> None:
    assert _people("为城区高质量发展凝聚共识、建言献策。□ 林书远") == [("林书远", "署名")]


def test_photo_credits_make_photographers() -> None:
    assert _people("活动现场。\n通讯员 陆小鸥 摄影报道") == [("陆小鸥", "摄影")]
    assert _people("了解了土壤改良等情况。 通讯员 郑一帆 孟秋 摄影报道") == [
        ("郑一帆", "摄影"),
        ("孟秋", "摄影"),
    ]


@pytest.mark.parametrize(
    ("ending", "people"),
    [
        ("落到实处。(顾长风)", [("顾长风", "署名")]),
        ("真实可信。(王 青)", [("王青", "署名")]),
        ("务实之策。(江北融媒梁晓)", [("梁晓", "署名")]),
        ("出席会议。(记者 陈小舟)", [("陈小舟", "记者")]),
        ("列席会议。(撰稿人:叶知秋 审核人:钟山)", [("叶知秋", "撰稿")]),
        ("新局面。(通讯员)", []),
        ("的目的。(政协办供稿)", []),
    ],
)
def test_trailing_credit_in_parentheses(ending: str, people: list[tuple[str, str]]) -> None:
    assert _people("会议强调,要抓好落实," + ending) == people


def test_closing_credit_lines() -> None:
    text = "参加会议。\n记者:罗一帆 苏木\n供稿:融媒体中心 唐棠\n编辑:林可\n(来源:江北融媒体中心 转载:康小雨)"
    assert _people(text) == [("罗一帆", "记者"), ("苏木", "记者"), ("唐棠", "供稿")]


def test_editors_and_sources_are_not_authors() -> None:
    assert _people("会议召开。\n稿件来源: 青溪在线\n编辑: 小鱼\n责任编辑:孟可") == []


def test_parentheses_inside_the_text_are_not_credits() -> None:
    assert _people("召开纪法教育专题学习(扩大)会议\n审议通过了《条例(试行)》。") == []


def test_a_name_credited_twice_is_listed_once() -> None:
    assert _people("本报临川讯(通讯员李明远)3月2日,会议召开。(李明远)") == [("李明远", "通讯员")]


@pytest.mark.parametrize("part", ["dev", "web"])
def test_bylines_find_every_gold_author_and_no_one_else(corpus: Path, part: str, request: Any) -> None:
    records = request.getfixturevalue(f"{part}_records")
    gold = {r["id"]: set(r["gold"]["authors"]) for r in records}
    for article in read_corpus([corpus / part]):
        assert {b.name for b in article.authors} == gold[article.source_id], article.source_id
        for byline in article.authors:
            assert article.text[byline.start : byline.end].replace(" ", "") == byline.name
