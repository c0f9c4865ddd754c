"""parse_byline: datelines and credited people, with offsets into the article text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import build_article, parse_byline, read_corpus


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


# Forms from the news of other places (issue 15): each one a fictional example.


def test_photographer_credit_between_two_paragraphs_of_the_text() -> None:
    text = "全国政协副主席林远出席。 新华社记者 柯晓岚 摄 会议听取了有关情况的汇报。"
    assert _people(text) == [("柯晓岚", "摄影")]


def test_photo_credit_run_into_the_next_paragraph_still_ends_at_its_marker() -> None:
    # the caption's line lost its break: …开幕现场。钟岳 摄 / 市政协主席… became one line
    assert _people("▲市政协五届二次会议开幕现场。钟岳 摄市政协主席林远出席会议。") == [("钟岳", "摄影")]


def test_photo_credit_in_parentheses_inside_a_paragraph() -> None:
    assert _people("委员们认真审议报告(林晓 摄),并提出意见建议。") == [("林晓", "摄影")]


def test_text_and_pictures_line_credits_both_names() -> None:
    assert _people("秘书长何川在主席台就座。\n图文/柯晓岚 钟岳") == [("柯晓岚", "撰稿"), ("钟岳", "撰稿")]


def test_text_slash_picture_line_without_a_colon() -> None:
    assert _people("会议听取了汇报。\n文/图 柯晓岚") == [("柯晓岚", "撰稿")]


def test_author_label_before_a_reporter() -> None:
    assert _people("会议强调,要抓好落实。\n来源:东岭政协\n作者:记者 柯晓岚\n编辑:何川") == [
        ("柯晓岚", "记者")
    ]


def test_author_label_with_three_names() -> None:
    assert _people("会议结束。\n来源:东岭网\n作者:林晓 何川 钟岳\n编辑:柯远") == [
        ("林晓", "撰稿"),
        ("何川", "撰稿"),
        ("钟岳", "撰稿"),
    ]


def test_names_separated_by_commas_and_enumeration_marks() -> None:
    assert [n for n, _ in _people("会议结束。\n作者:林晓、何川,钟岳")] == ["林晓", "何川", "钟岳"]


def test_four_reporters_in_one_closing_bracket() -> None:
    text = "为南河高质量发展贡献智慧力量。(记者 林晓 何川 钟岳 柯晓岚 )"
    assert _people(text) == [("林晓", "记者"), ("何川", "记者"), ("钟岳", "记者"), ("柯晓岚", "记者")]


def test_reporter_in_a_bracket_closing_an_article_without_a_full_stop() -> None:
    assert _people("市政协副主席何川等参加会议(记者 钟岳)") == [("钟岳", "记者")]


def test_bare_name_right_after_a_newsroom_dateline() -> None:
    text = "东岭日报·东岭客户端5月3日讯(柯远)2日,东岭市政协召开常委会会议。"
    assert _people(text) == [("柯远", "署名")]


def test_bare_name_after_a_dateline_needs_no_common_surname() -> None:
    assert _people("本报讯(晓岚)3月2日,会议召开。") == [("晓岚", "署名")]


def test_website_dateline_with_a_reporter() -> None:
    place, people = parse_byline("本网南河5月3日讯(记者林晓岚)5月3日,南河市政协召开主席会议。")
    assert (place, [(b.name, b.role) for b in people]) == (None, [("林晓岚", "记者")])


def test_news_agency_dateline_with_two_reporters() -> None:
    assert _people("新华社南河4月2日电(记者 林晓、钟岳)政协南河市委员会2日召开会议。") == [
        ("林晓", "记者"),
        ("钟岳", "记者"),
    ]


def test_bracketed_opening_with_reporters_before_the_place_and_day() -> None:
    assert _people("【本报记者 林晓 何川 南河七日电】南河市政协召开常委会议。") == [
        ("林晓", "记者"),
        ("何川", "记者"),
    ]


def test_bracketed_opening_without_a_name_credits_nobody() -> None:
    assert _people("【本报记者南河七日电】南河市政协召开常委会议。") == []


def test_correspondents_line_without_a_box() -> None:
    assert _people("东岭区政协开展调研\n通讯员 林晓 何川\n5月3日,东岭区政协组织委员调研。") == [
        ("林晓", "通讯员"),
        ("何川", "通讯员"),
    ]


def test_photographer_label_line() -> None:
    assert _people("会议召开。\n摄影:钟岳\n编辑:何川") == [("钟岳", "摄影")]


def test_credit_field_of_a_web_page_meta_line() -> None:
    text = "发布时间:2024-05-03 10:00 | 来源:东岭日报 | 作者:林晓 | 责任编辑:何川\n会议召开。"
    assert _people(text) == [("林晓", "撰稿")]


def test_reporter_without_a_common_surname() -> None:
    assert _people("会议召开。(记者 晓岚)") == [("晓岚", "记者")]


def test_uyghur_name_with_a_middle_dot() -> None:
    assert _people("会议召开。(记者 阿依·买买提)") == [("阿依·买买提", "记者")]


def test_traditional_script_record_gives_simplified_names() -> None:
    article = build_article(
        "南河市政協召開主席會議\n本網南河5月3日訊(記者林曉嵐)5月3日,南河市政協召開主席會議。\n會場。新華社記者 柯曉嵐 攝",
        source="r.json",
    )
    assert [(b.name, b.role) for b in article.authors] == [("林晓岚", "记者"), ("柯晓岚", "摄影")]
    for byline in article.authors:
        assert article.text[byline.start : byline.end] == byline.name


def test_dateline_credit_without_brackets_runs_up_to_the_date() -> None:
    assert _people("本报讯 记者 林晓 通讯员 何川 3月2日,南河市政协召开主席会议。") == [
        ("林晓", "记者"),
        ("何川", "通讯员"),
    ]


def test_reporters_named_after_the_last_sentence_of_a_paragraph() -> None:
    assert _people("市政协副主席何川参加会议。记者 林晓 钟岳") == [("林晓", "记者"), ("钟岳", "记者")]


def test_reported_by_after_the_names() -> None:
    assert _people("南河市政协召开常委会议\n本报记者 林晓 报道\n会议召开。") == [("林晓", "记者")]
    assert _people("会议召开。(记者 钟岳 通讯员 何川报道)") == [("钟岳", "记者"), ("何川", "通讯员")]


def test_a_bar_after_a_role_word_works_like_a_slash() -> None:
    assert _people("会议召开。\n文 | 林晓  图 | 何川") == [("林晓", "撰稿"), ("何川", "摄影")]
    assert _people("会议召开。\n文丨林晓") == [("林晓", "撰稿")]


# Credit-like text cut and joined at random: role words, names, brackets, separators.
_CREDIT_PIECES = st.sampled_from(
    ["记者", "通讯员", "摄", "摄影报道", "图文", "文", "图", "/", "|", "丨", ":", " ", "、", ",", "。",
     "(", ")", "【", "】", "讯", "电", "本报", "新华社", "编辑", "作者", "林晓", "何", "川", "王 青",
     "当选", "《", "》", "\n", "3月2日", "报道"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(), st.lists(st.one_of(_CREDIT_PIECES, st.text(max_size=2)), max_size=30).map("".join)
    )
)
def test_every_byline_span_covers_its_name_in_any_text(text: str) -> None:
    for byline in parse_byline(text)[1]:
        assert 0 <= byline.start < byline.end <= len(text)
        assert text[byline.start : byline.end].replace(" ", "") == byline.name


def test_dense_bylines_find_every_gold_author_and_no_one_else(corpus: Path) -> None:
    gold = {}
    for path in sorted((corpus / "dense").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        gold[record["id"]] = set(record["gold"]["authors"])
    for article in read_corpus([corpus / "dense"]):
        assert {b.name for b in article.authors} == gold[article.source_id], article.source_id
        for byline in article.authors:
            assert article.text[byline.start : byline.end].replace(" ", "") == byline.name
