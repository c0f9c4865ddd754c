"""Issue 17: input trees an adversary arranged: links out of the folder, names that are
not UTF-8, kg's own output inside its input. Each is a warning with a code (or nothing),
never a file kg was not asked to read. Every page here is fictional.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.ingest import ReadReport
from kg.ingest.readers import read_corpus

ROOT = Path(__file__).resolve().parents[2]

PAGE = (
    "临川县政协召开十届五次常委会会议\n\n"
    "本报临川讯(通讯员李明远)3月2日,临川县政协主席周海涛主持召开会议,"
    "审议通过了《县政协常委会2023年工作要点》。\n"
)
SECRET = "root:x:0:0:root:/root:/bin/bash 机密文件内容\n"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def articles(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def warning_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("warning ")]


def tree_with_links(tmp_path: Path) -> Path:
    """in/p.txt, and in/ links to a file and a folder outside it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (folder / "etc").symlink_to(tmp_path / "outside", target_is_directory=True)
    return folder


def test_a_link_out_of_the_input_folder_is_a_w006_warning_and_not_read_issue_17(tmp_path: Path):
    folder = tree_with_links(tmp_path)
    result = kg("build", str(folder), "-o", str(tmp_path / "out"), "--no-stores", "--no-cache")
    outside = tmp_path / "outside"
    assert warning_lines(result) == [
        f"warning W006 {folder}/etc: symbolic link to {outside}, outside the input folder; skipped "
        "(pass --follow-symlinks to read it)",
        f"warning W006 {folder}/passwd.txt: symbolic link to {outside}/secret.txt, outside the input folder; "
        "skipped (pass --follow-symlinks to read it)",
    ]
    assert [a["source"] for a in articles(tmp_path / "out")] == [f"{folder}/p.txt"]
    assert "机密" not in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8")


def test_links_out_of_the_folder_are_read_when_asked_issue_17(tmp_path: Path):
    folder = tree_with_links(tmp_path)
    report = ReadReport()
    sources = sorted(a.source for a in read_corpus([folder], report=report, follow_symlinks=True))
    assert sources == [f"{folder}/etc/secret.txt", f"{folder}/p.txt", f"{folder}/passwd.txt"]
    assert report.warnings == []


def test_a_link_inside_the_input_folder_is_read_once_where_it_points_issue_17(tmp_path: Path):
    folder = tmp_path / "in"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "p.txt").write_text(PAGE, encoding="utf-8")
    (folder / "same.txt").symlink_to(folder / "pages" / "p.txt")
    (folder / "again").symlink_to(folder / "pages", target_is_directory=True)
    report = ReadReport()
    sources = [a.source for a in read_corpus([folder], report=report)]
    assert sources == [f"{folder}/pages/p.txt", f"{folder}/same.txt"] and report.warnings == []


def test_a_file_name_that_is_not_utf8_is_a_w007_warning_and_the_rest_builds_issue_17(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"caf\xe9.txt")  # Latin-1 bytes, not UTF-8
    with open(bad, "wb") as fh:
        fh.write(PAGE.replace("李明远", "王立新").encode("utf-8"))
    result = kg("build", str(folder), "-o", str(tmp_path / "out"), "--no-stores", "--no-cache")
    assert warning_lines(result) == [
        f"warning W007 {folder}/caf\ufffd.txt: file name is not UTF-8; skipped (rename it)"
    ]
    assert [a["source"] for a in articles(tmp_path / "out")] == [f"{folder}/p.txt"]


def test_an_output_folder_inside_the_input_folder_is_never_read_back_issue_17(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    out = folder / "exports"
    counts = []
    for _ in range(3):
        result = kg("build", str(folder), "-o", str(out), "--no-stores", "--no-cache")
        assert result.returncode == 0, result.stderr
        counts.append(len(articles(out)))
    assert counts == [1, 1, 1]


def test_a_build_keeps_the_users_own_tmp_files_and_build_folders_in_its_output_issue_17(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    mine = [out / ".notes.tmp", out / ".graph.ttl.draft.tmp", out / ".build-2024" / "plan.txt"]
    for path in mine:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    result = kg("build", str(folder), "-o", str(out), "--no-stores", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert [p.read_text(encoding="utf-8") for p in mine] == ["mine"] * 3


def test_a_build_leaves_the_temporary_file_of_an_export_still_running_issue_17(tmp_path: Path):
    from kg.sinks.jsonl import scratch_prefix

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    running = out / f"{scratch_prefix('graph.ttl')}a1b2c3.tmp"  # this process: alive
    running.write_text("@prefix kg: <https://example.org/kg/> .\n", encoding="utf-8")
    gone = out / ".graph.ttl.kg999999999-d4e5f6.tmp"  # a process that is no more
    gone.write_text("", encoding="utf-8")
    result = kg("build", str(folder), "-o", str(out), "--no-stores", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert running.exists() and not gone.exists()


def test_a_record_without_line_breaks_gets_a_bounded_title_and_facts_issue_17(tmp_path: Path):
    # a heading that runs on for 40 KB: the article's title, and so in every fact about it
    sentence = "临川县政协主席周海涛主持召开会议,审议通过了《县政协常委会2023年工作要点》,"
    text = "# " + sentence * 300
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": text}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "r2", "title": sentence * 300, "text": PAGE}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = kg("build", str(records), "-o", str(out), "--no-stores", "--no-cache")
    assert result.returncode == 0, result.stderr
    titles = [a["title"] for a in articles(out)]
    assert [len(t) for t in titles] == [100, 100] and all(t.endswith("…") for t in titles)
    assert titles[0].startswith(sentence)
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    article_nodes = [n for f in facts for n in (f["subject"], f["object"]) if n["type"] == "Article"]
    assert article_nodes and {len(n["label"]) for n in article_nodes} == {
        len(n["title"]) for n in article_nodes
    } == {100}


def _seconds_to_extract(text: str) -> float:
    import time

    from kg.extract import DEFAULT_EXTRACTORS, extract_article
    from kg.ingest.split import build_article

    extract_article(
        build_article(PAGE, source="warm.json", id="warm"), DEFAULT_EXTRACTORS
    )  # dictionaries loaded
    article = build_article(text, source="big.json", id="big")
    started = time.perf_counter()
    facts = extract_article(article, DEFAULT_EXTRACTORS)
    assert facts
    return time.perf_counter() - started


def test_a_half_megabyte_record_without_line_breaks_extracts_in_linear_time_issue_17():
    # 8,000 meetings, dates and bodies on one line: every meeting scanned every date and body
    # (about 60 s here before; a few seconds now)
    sentence = (
        "3月2日,临川县政协主席周海涛主持召开县政协十届五次常委会会议,"
        "审议通过了《县政协常委会2023年工作要点》。会议强调,要抓好学习。"
    )
    assert _seconds_to_extract(sentence * 8000) < 30


def test_a_long_sentence_of_document_titles_extracts_in_linear_time_issue_17():
    # no full stop at all: every title looked for its verb across the whole text before it
    sentence = "临川县政协主席周海涛主持召开会议,审议通过了《县政协常委会2023年工作要点》,"
    assert _seconds_to_extract(sentence * 3000) < 20


def test_a_page_of_100000_nested_divs_is_read_in_linear_time_issue_17():
    import time

    from kg.ingest.readers import html_to_text

    page = (
        "<html><body>"
        + "<div>" * 100_000
        + "<p>临川县政协召开常委会议</p>"
        + "</div>" * 100_000
        + "</body></html>"
    )
    started = time.perf_counter()
    assert html_to_text(page) == "临川县政协召开常委会议"
    assert time.perf_counter() - started < 30  # minutes before: bs4's inserts walked the subtree each time


def test_a_json_file_nested_3000_deep_is_a_w004_warning_and_the_rest_builds_issue_17(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p.txt").write_text(PAGE, encoding="utf-8")
    (folder / "deep.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    (folder / "deep.jsonl").write_text('{"a":' * 3000 + "1" + "}" * 3000 + "\n", encoding="utf-8")
    result = kg("build", str(folder), "-o", str(tmp_path / "out"), "--no-stores", "--no-cache")
    deep = "JSON nested too deep to be a record (arrays or objects inside each other thousands of times)"
    assert warning_lines(result) == [
        f"warning W004 {folder}/deep.json: {deep}; file skipped",
        f"warning W004 {folder}/deep.jsonl:1: {deep}; line skipped",
    ]
    assert [a["source"] for a in articles(tmp_path / "out")] == [f"{folder}/p.txt"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_damaged_row_of_the_fact_cache_is_a_w009_warning_and_the_build_goes_on_issue_17(
    tmp_path: Path, workers: str
):
    import sqlite3

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(PAGE.replace("李明远", "王立新"), encoding="utf-8")
    out = tmp_path / "out"
    first = kg("build", str(folder), "-o", str(out), "--no-stores", "-j", workers)
    assert first.returncode == 0, first.stderr
    facts = (out / "facts.jsonl").read_bytes()
    cache = out / ".cache" / "facts.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE facts SET data = x'0badc0de' WHERE rowid = (SELECT min(rowid) FROM facts)")
    result = kg("build", str(folder), "-o", str(out), "--no-stores", "-j", workers)
    (line,) = warning_lines(result)
    assert (
        line.startswith(f"warning W009 {cache}: ") and "extracted again (--no-cache skips the cache)" in line
    )
    assert (out / "facts.jsonl").read_bytes() == facts


def test_two_records_with_one_id_and_different_texts_are_a_w008_warning_issue_17(tmp_path: Path):
    records = tmp_path / "records.jsonl"
    other = PAGE.replace("李明远", "王立新")
    lines = [{"id": "lc-001", "text": PAGE}, {"id": "lc-001", "text": PAGE}, {"id": "lc-001", "text": other}]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    result = kg("build", str(records), "-o", str(tmp_path / "out"), "--no-stores", "--no-cache")
    assert warning_lines(result) == [
        f"warning W008 {records}: article id 'lc-001' was read before, from {records}, with another text; "
        "the two are one article node now: give each record its own id"
    ]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "mixed"])
def test_a_page_with_cr_only_or_mixed_line_ends_splits_like_one_with_newlines_issue_17(ending: str):
    from kg.ingest.split import split_page

    second = "华亭市政协召开二届九次常委会会议\n\n本报华亭讯(通讯员安鹏伟)3月5日,华亭市政协主席王海明主持召开会议。\n"
    page = PAGE + "\n" + second
    if ending == "mixed":
        odd = page.replace("\n", "\r")
        written = odd[: len(odd) // 2].replace("\r", "\r\n") + odd[len(odd) // 2 :]
    else:
        written = page.replace("\n", ending)
    expected = [(a.title, a.text) for a in split_page(page, "p.txt")]
    assert len(expected) == 2
    assert [(a.title, a.text) for a in split_page(written, "p.txt")] == expected


@pytest.mark.parametrize(
    "mark",
    ["\u200d", "\u200b", "\u202e", "\u00ad", "\ufeff", "\ufe0f"],
    ids=["ZWJ", "ZWSP", "RLO", "SHY", "BOM", "VS16"],
)
def test_an_invisible_character_inside_a_name_neither_drops_nor_invents_a_person_issue_17(mark: str):
    from kg.extract import DEFAULT_EXTRACTORS, extract_article
    from kg.ingest.split import build_article

    plain = build_article(PAGE, source="r.json", id="r1")
    marked = build_article(
        PAGE.replace("周海涛", f"周{mark}海涛").replace("李明远", f"李明{mark}远"), source="r.json", id="r1"
    )
    assert marked.text == plain.text and mark in marked.original_text

    def persons(article: Any) -> set[str]:
        facts = extract_article(article, DEFAULT_EXTRACTORS)
        for f in facts:  # offsets are into the normalised text
            ev = f.evidence
            assert article.text[ev.start : ev.end] in ev.sentence
        return {n.label for f in facts for n in (f.subject, f.object) if n.type == "Person"}

    assert persons(marked) == persons(plain) and {"周海涛", "李明远"} <= persons(plain)


def test_a_county_of_20000_articles_loads_into_the_embedded_store_in_linear_time_issue_17(tmp_path: Path):
    # every article's 政协 is LOCATED_IN the one county: 20,000 relationships between the
    # same two nodes, which MERGE compared one by one (about 90 s here before; 2 s now)
    import time

    from kg.cypher.embedded_engine import write_store
    from kg.model import Evidence, Fact, Node

    body = Node("organization:linchuan", "Organization", "临川县政协")
    county = Node("region:361002", "Region", "临川区")
    nodes = {body.id: body, county.id: county}
    facts = []
    for i in range(20_000):
        article = Node(f"article:a{i}", "Article", f"第{i}篇")
        nodes[article.id] = article
        evidence = Evidence(f"a{i}", "临川县政协召开会议", 0, 5, "bodies.v1")
        facts += [Fact(body, "LOCATED_IN", county, evidence), Fact(article, "MENTIONS", body, evidence)]
    started = time.perf_counter()
    _, report = write_store(tmp_path, nodes, facts)
    assert time.perf_counter() - started < 30
    assert report.counts.relationships == {"LOCATED_IN": 20_000, "MENTIONS": 20_000}


def test_kg_build_follow_symlinks_reads_links_out_of_the_folder_issue_17(tmp_path: Path):
    folder = tree_with_links(tmp_path)
    out = tmp_path / "out"
    result = kg("build", str(folder), "-o", str(out), "--no-stores", "--no-cache", "--follow-symlinks")
    assert warning_lines(result) == []
    assert sorted(a["source"] for a in articles(out)) == [
        f"{folder}/etc/secret.txt",
        f"{folder}/p.txt",
        f"{folder}/passwd.txt",
    ]


def test_a_sentence_is_found_in_constant_time_in_a_text_with_no_full_stop_issue_17():
    # every mention asks for its sentence; with no 。 and no line break each ask went back
    # to the start of the text (20,000 asks in 1 MB: about a minute here before)
    import time

    from kg.extract.text import SENTENCE_REACH, sentence_bounds

    text = "临川县政协主席周海涛出席会议," * 70_000
    started = time.perf_counter()
    spans = [sentence_bounds(text, pos) for pos in range(len(text) // 2, len(text), 25)]
    assert time.perf_counter() - started < 5
    assert all(hi - lo <= 2 * SENTENCE_REACH for lo, hi in spans)
