"""split_page: a newspaper page becomes its articles, with their line spans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.ingest import split_page


@pytest.fixture
def fictional_page(fixtures: Path) -> str:
    return (fixtures / "linchuan_page.txt").read_text(encoding="utf-8")


def test_seed_pages_split_like_the_dev_set(corpus: Path, dev_records: list[dict[str, Any]]) -> None:
    gold: dict[str, list[tuple[int, int]]] = {}
    for record in dev_records:
        gold.setdefault(record["page"], []).append(tuple(record["lines"]))
    assert len(gold) == 2
    for page_file in sorted((corpus / "pages").glob("*.txt")):
        articles = split_page(page_file.read_text(encoding="utf-8"), str(page_file))
        assert [a.lines for a in articles] == sorted(gold[page_file.name]), page_file.name


def test_original_text_of_a_split_article_is_its_span_as_given(
    corpus: Path, dev_records: list[dict[str, Any]]
) -> None:
    records = {r["id"]: r for r in dev_records}
    page = corpus / "pages" / records["p2-04"]["page"]
    articles = split_page(page.read_text(encoding="utf-8"), str(page))
    by_span = {a.lines: a for a in articles}
    for record in records.values():
        if record["page"] == page.name:
            assert by_span[tuple(record["lines"])].original_text == record["text"]


def test_fictional_page_splits_into_its_four_articles(fictional_page: str) -> None:
    articles = split_page(fictional_page, "tests/fixtures/linchuan_page.txt")
    assert [a.lines for a in articles] == [(2, 16), (18, 26), (28, 32), (34, 38)]


def test_headline_is_the_last_header_line_on_an_unmarked_page(fictional_page: str) -> None:
    articles = split_page(fictional_page, "tests/fixtures/linchuan_page.txt")
    assert [a.title for a in articles] == [
        "以学促干 为高质量发展聚力",
        "凝心聚力谋发展 履职尽责促振兴",
        "南河市政协开展“送法下乡”活动",
        "调研特色农业发展情况",
    ]


def test_headers_keep_section_label_body_name_headline_and_byline_in_order(fictional_page: str) -> None:
    first = split_page(fictional_page, "tests/fixtures/linchuan_page.txt")[0]
    assert first.headers == (
        "“三抓三促”行动进行时",
        "临川县政协",
        "以学促干 为高质量发展聚力",
        "□ 通讯员 柳青 韩冬生",
    )
    assert first.text.startswith(
        "“三抓三促”行动进行时\n临川县政协\n以学促干 为高质量发展聚力\n□ 通讯员 柳青 韩冬生\n"
    )


def test_column_breaks_inside_an_article_are_rejoined(fictional_page: str) -> None:
    articles = split_page(fictional_page, "tests/fixtures/linchuan_page.txt")
    assert "读书活动6次,举办专题讲座3场。" in articles[0].text
    assert "扎实开展好集中学习和个人自学" in articles[0].text
    assert "深入开展“三抓三促”行动" in articles[1].text


def test_photo_credit_line_belongs_to_the_article_before_it(fictional_page: str) -> None:
    photo = split_page(fictional_page, "tests/fixtures/linchuan_page.txt")[2]
    assert photo.text.endswith("\n通讯员 陆小鸥 摄影报道")
    assert [(b.name, b.role) for b in photo.authors] == [("陆小鸥", "摄影")]


def test_markdown_heading_of_highest_level_is_the_title() -> None:
    page = "### 青溪县政协\n\n## 召开十届三次常委会会议\n\n本报青溪讯(通讯员李明远)3月2日,会议召开。"
    (article,) = split_page(page, "p.md")
    assert article.title == "召开十届三次常委会会议"
    assert article.headers == ("青溪县政协", "召开十届三次常委会会议")


def test_short_line_after_a_paragraph_broken_mid_word_is_body_not_a_header() -> None:
    page = (
        "临川县政协\n\n完善工作机制\n\n"
        "3月4日,会议要求根据各委办年度工作目标、领\n\n导交办以及相关部门来文安排\n\n的工作任务,每月初制定计划。"
    )
    (article,) = split_page(page, "p.txt")
    assert article.text.endswith(
        "根据各委办年度工作目标、领导交办以及相关部门来文安排的工作任务,每月初制定计划。"
    )


def test_headers_leading_into_a_dateline_start_an_article_after_an_unfinished_paragraph() -> None:
    page = (
        "临川县政协\n\n开展专题调研\n\n3月4日,调研组先后走访了企业,并深入推进\n\n"
        "西山县政协召开主席会议\n\n本报西山讯(通讯员赵一鸣)3月9日,西山县政协召开主席会议。"
    )
    assert [a.title for a in split_page(page, "p.txt")] == ["开展专题调研", "西山县政协召开主席会议"]


def test_ids_are_stable_and_start_with_the_file_stem(fictional_page: str) -> None:
    first = [a.id for a in split_page(fictional_page, "tests/fixtures/linchuan_page.txt")]
    assert first == [a.id for a in split_page(fictional_page, "elsewhere/linchuan_page.txt")]
    assert first[0].startswith("linchuan_page-01-") and len(set(first)) == 4


_LINES = st.sampled_from(
    [
        "临川县政协",
        "## 召开常委会议",
        "□ 通讯员 柳青",
        "本报临川讯(通讯员李明远)3月2日,会议召开。",
        "会议强调,要抓好学习,扎实开展好",
        "促”行动为契机,谋划工作。",
        "通讯员 陆小鸥 摄影报道",
        "(顾长风)",
        "",
        "   ",
    ]
)


@given(st.lists(_LINES, max_size=30))
def test_splitting_never_loses_a_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    articles = split_page(text, "p.txt")
    covered = [n for a in articles if a.lines for n in range(a.lines[0], a.lines[1] + 1)]
    assert covered == sorted(set(covered))  # spans in page order, never overlapping
    non_blank = [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert set(non_blank) <= set(covered)
