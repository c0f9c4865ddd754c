"""read_corpus: files and folders of pages, HTML and JSON records become articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.errors import W_BAD_RECORD, W_BINARY, W_EMPTY, W_NO_TEXT, W_UNREADABLE, InputError
from kg.ingest import ReadReport, read_corpus

SIMPLIFIED_PAGE = (
    "临川县政协召开十届五次常委会会议\n\n"
    "本报临川讯(通讯员李明远)3月2日,临川县政协主席周海涛主持召开会议,"
    "审议通过了《县政协常委会2023年工作要点》。\n"
)
TRADITIONAL_PAGE = (
    "臨川縣政協召開十屆五次常委會會議\n\n"
    "本報臨川訊(通訊員李明遠)3月2日,臨川縣政協主席周海濤主持召開會議,"
    "審議通過了《縣政協常委會2023年工作要點》。\n"
)


def _read(*paths: Path) -> tuple[list[Any], ReadReport]:
    report = ReadReport()
    return list(read_corpus(paths, report=report)), report


def test_gb18030_page_reads_as_simplified_text(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(SIMPLIFIED_PAGE.encode("gb18030"))
    (article,), _ = _read(path)
    assert article.title == "临川县政协召开十届五次常委会会议"
    assert [b.name for b in article.authors] == ["李明远"]


def test_big5_page_is_normalised_to_simplified_and_keeps_its_original(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL_PAGE.encode("big5"))
    (article,), _ = _read(path)
    assert article.text.startswith("临川县政协召开十届五次常委会会议\n本报临川讯(通讯员李明远)")
    assert article.script == "traditional"
    assert article.original_text == TRADITIONAL_PAGE.rstrip("\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_utf8_with_bom_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(SIMPLIFIED_PAGE.encode(encoding))
    (article,), _ = _read(path)
    assert article.title == "临川县政协召开十届五次常委会会议"
    assert article.lines == (1, 3)


def test_dev_records_load_as_articles_with_their_ids(corpus: Path, dev_records: list[dict[str, Any]]) -> None:
    articles, report = _read(corpus / "dev")
    assert [a.source_id for a in articles] == [r["id"] for r in dev_records]
    assert [a.id for a in articles] == [r["id"] for r in dev_records]
    assert all(a.lines is None for a in articles)
    assert [a.locality for a in articles] == [r["locality"] for r in dev_records]
    assert report.files_read == 18 and report.warnings == []


def test_traditional_web_records_are_converted(corpus: Path, web_records: list[dict[str, Any]]) -> None:
    articles, _ = _read(corpus / "web")
    assert [a.script for a in articles] == [r["script"] for r in web_records]
    assert all("政協" not in a.text and "(xié)" not in a.text for a in articles)


def test_jsonl_records_keep_metadata_and_default_the_source_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scraped.jsonl"
    records = [
        {"id": "qx/001", "text": "青溪县政协召开主席会议\n3月9日,会议召开。", "published": "2023-03-09"},
        {
            "text": "东岭区政协开展调研\n3月8日,调研组走访企业。",
            "source": "https://example.org/a",
            "title": "调研",
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    (first, second), _ = _read(path)
    assert (first.id, first.source_id, first.source, first.published) == (
        "qx_001",
        "qx/001",
        str(path),
        "2023-03-09",
    )
    assert second.id.startswith("scraped-02-") and second.source == "https://example.org/a"
    assert (first.title, second.title) == ("青溪县政协召开主席会议", "调研")


def test_json_file_with_a_list_of_records_gives_one_article_each(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps([{"id": "a", "text": "3月1日,会议召开。"}, {"id": "b", "text": "3月2日,会议召开。"}])
    )
    articles, _ = _read(path)
    assert [a.id for a in articles] == ["a", "b"]


def test_html_page_is_stripped_of_scripts_and_split(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>站点</title><style>p{}</style></head><body>"
        "<h3>青溪县政协</h3><h2>召开十届三次常委会会议</h2><script>var a=1;</script>"
        "<p>本报青溪讯(通讯员李明远)3月2日,会议召开。</p>"
        "<h2>东岭区政协开展调研</h2><div>3月8日,调研组走访企业。</div></body></html>",
        encoding="utf-8",
    )
    articles, _ = _read(path)
    assert [a.title for a in articles] == ["召开十届三次常委会会议", "东岭区政协开展调研"]
    assert "var a" not in articles[0].text and articles[0].lines is None


def test_files_are_read_in_sorted_path_order_whatever_the_argument_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{name}标题\n\n3月1日,会议召开。", encoding="utf-8")
    forward, _ = _read(tmp_path / "sub", tmp_path / "b.txt", tmp_path / "a.txt")
    backward, _ = _read(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "sub")
    assert [a.id for a in forward] == [a.id for a in backward]
    assert [a.title for a in forward] == ["a.txt标题", "b.txt标题", "sub/c.md标题"]


def test_empty_file_is_a_w002_warning_and_other_files_still_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    articles, report = _read(tmp_path)
    assert len(articles) == 1
    assert [(w.code, Path(w.path).name) for w in report.warnings] == [(W_EMPTY, "empty.txt")]
    assert (report.files_read, report.files_skipped, report.articles) == (1, 1, 1)


def test_binary_file_is_a_w003_warning(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + bytes(range(256)) * 8)
    (tmp_path / "page.txt").write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    _, report = _read(tmp_path)
    (warning,) = report.warnings
    assert warning.code == W_BINARY
    assert warning.message.startswith("not UTF-8, UTF-16, GB18030 or Big5 text (binary file?)")


def test_malformed_jsonl_line_is_a_w004_warning_with_its_line_and_good_lines_load(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "a", "text": "3月1日,会议召开。"}\n{"id": "b", "text": \n{"id": "c", "text": "3月3日,会议召开。"}\n',
        encoding="utf-8",
    )
    articles, report = _read(path)
    assert [a.id for a in articles] == ["a", "c"]
    assert [(w.code, w.line) for w in report.warnings] == [(W_BAD_RECORD, 2)]


def test_record_without_text_is_a_w005_warning(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "a", "title": "只有标题"}\n{"id": "b", "text": "3月2日,会议召开。"}\n', encoding="utf-8"
    )
    articles, report = _read(path)
    assert [a.id for a in articles] == ["b"]
    assert [(w.code, w.line) for w in report.warnings] == [(W_NO_TEXT, 1)]


def test_explicit_file_with_unknown_extension_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.news"
    path.write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    articles, _ = _read(path)
    assert len(articles) == 1


def test_folder_walk_skips_unknown_extensions(tmp_path: Path) -> None:
    (tmp_path / "page.news").write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    (tmp_path / "page.txt").write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    articles, report = _read(tmp_path)
    assert len(articles) == 1 and report.files_read == 1


def test_nonexistent_path_is_an_input_error_with_a_one_line_message(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        _read(tmp_path / "missing.txt")
    assert str(error.value) == f"no such file or directory: '{tmp_path / 'missing.txt'}'; check the path"


def test_empty_directory_is_an_input_error_with_a_one_line_message(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        _read(tmp_path)
    message = str(error.value)
    assert message.startswith("no .txt, .md, .html, .htm, .json or .jsonl files in ") and "\n" not in message


def test_only_bad_files_is_an_input_error_naming_the_first_problem(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(InputError) as error:
        _read(tmp_path)
    assert str(error.value) == (
        f"no article could be read from 1 file in '{tmp_path}': W002 {tmp_path / 'empty.txt'}: empty file"
    )


def test_unreadable_file_is_a_w001_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked, page = tmp_path / "a_locked.txt", tmp_path / "b_page.txt"
    locked.write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    page.write_text(SIMPLIFIED_PAGE, encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse_locked(self: Path) -> bytes:
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse_locked)
    articles, report = _read(tmp_path)
    assert len(articles) == 1
    assert [(w.code, w.message) for w in report.warnings] == [
        (W_UNREADABLE, "cannot read: permission denied")
    ]


def test_guessing_the_encoding_of_a_long_gb18030_page_keeps_no_object_per_character() -> None:
    import tracemalloc

    from kg.ingest.readers import decode_bytes

    page = "临川县政协主席周海涛主持召开会议,审议通过了《县政协常委会2023年工作要点》。" * 30_000
    data = page.encode("gb18030")
    tracemalloc.start()
    try:
        assert decode_bytes(data) == page
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # scoring every character of each candidate decoding took ~77 MB here (and seconds)
    assert peak < 40_000_000
