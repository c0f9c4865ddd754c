"""parse_byline never makes an author of someone the text only names (issue 15).

One test per way a name has been, or could be, taken for a byline; fictional names.
"""

from __future__ import annotations

import pytest

from kg.ingest import parse_byline


def _names(text: str) -> list[str]:
    return [b.name for b in parse_byline(text)[1]]


def test_names_elected_in_a_closing_original_title_note_are_not_authors() -> None:
    # a repost's note of its original headline closes the article in brackets
    text = "委员们热烈鼓掌表示祝贺。\n(原题为《林远当选南河省政协主席,何川、钟岳等9人当选副主席》)"
    assert _names(text) == []


def test_a_name_before_dangxuan_in_closing_brackets_is_not_an_author() -> None:
    assert _names("选举结果当场宣布。(何川当选)") == []


def test_bracketed_names_in_a_sentence_are_not_a_credit() -> None:
    assert _names("会议由秘书长(何川)主持,委员们踊跃发言。") == []


def test_a_closing_bracket_note_of_the_text_is_not_a_credit() -> None:
    assert _names("会议审议了有关文件。(全文另发)") == []


def test_a_reporter_mentioned_in_a_sentence_is_not_an_author() -> None:
    assert _names("会议期间,委员钟岳接受记者 林晓 采访时说,要把提案办好。") == []


def test_a_line_opening_with_the_word_reporter_is_not_a_byline() -> None:
    assert _names("记者从会上获悉,何川等3人当选副主席。") == []


def test_a_line_with_reporter_inside_a_clause_is_not_a_byline() -> None:
    assert _names("他对记者 林晓 说") == []


def test_the_subject_of_a_portrait_caption_is_not_its_photographer() -> None:
    assert _names("林远 东岭政府网 图\n政协东岭市第五届委员会召开第一次全体会议。") == []


def test_a_name_before_a_word_starting_with_she_is_not_a_photographer() -> None:
    assert _names("会场布置简朴大方。钟岳 摄影作品展同期开幕。") == []


@pytest.mark.parametrize(
    "credit",
    [
        "责任编辑:何川",
        "编辑:何川",
        "责编:何川",
        "审核:何川",
        "审核人:何川",
        "一审:何川",
        "三审:何川",
        "(责编:何川、钟岳)",
    ],
)
def test_editor_and_reviewer_credits_are_not_authors(credit: str) -> None:
    assert _names(f"会议召开。\n{credit}") == []


def test_the_editor_in_a_meta_line_is_not_an_author() -> None:
    assert _names("发布时间:2024-05-03 10:00 | 来源:东岭网 | 责任编辑:何川东岭5月3日电 会议召开。") == []


def test_a_column_label_after_the_word_reporter_is_not_a_name() -> None:
    assert _names("记者手记\n委员们的建议,一条条落到了实处。") == []


def test_a_dateline_followed_by_a_sentence_about_reporters_credits_nobody() -> None:
    assert _names("本报讯 记者日前从南河市政协获悉,全市政协委员提交提案300件。") == []


def test_an_ethnicity_note_in_closing_brackets_is_not_a_name() -> None:
    assert _names("列席人员名单附后。(蒙古族)") == []


def test_a_station_in_the_credit_is_no_author() -> None:
    assert _names("齐鲁网济南3月2日讯 (山东台 林晓 郝文)据报道,会议召开。") == ["林晓", "郝文"]


def test_a_photo_credit_run_together_with_its_name() -> None:
    found = parse_byline("全国政协主席出席。新华社记者柯晓岚摄\n新华社北京电 会议召开。")[1]
    assert [(b.name, b.role) for b in found] == [("柯晓岚", "摄影")]


def test_a_reporting_team_credits_its_reporters_and_support_is_no_author() -> None:
    assert _names("会议召开。\n(某评社报道组:林晓 郝文 卓雅 后援:周一平)") == ["林晓", "郝文", "卓雅"]
