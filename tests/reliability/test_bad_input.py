"""Bad input through `kg build`, as a user meets it: the line on stderr, the exit code, what is kept.

A bad file beside good ones is one `warning W00x …` line and the build goes on (exit 0);
only when nothing at all can be read does `kg` stop with one `Error: …` line (exit 1).
No case prints a traceback. Every page here is fictional, written in the style of the corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kg import cli

ROOT = Path(__file__).resolve().parents[2]

PAGE = (
    "临川县政协召开十届五次常委会会议\n\n"
    "本报临川讯(通讯员李明远)3月2日,临川县政协主席周海涛主持召开会议,"
    "审议通过了《县政协常委会2023年工作要点》。\n"
)
TRADITIONAL_PAGE = (
    "臨川縣政協召開十屆五次常委會會議\n\n"
    "本報臨川訊(通訊員李明遠)3月2日,臨川縣政協主席周海濤主持召開會議,"
    "審議通過了《縣政協常委會2023年工作要點》。\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 16


def kg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def build(out: Path, *inputs: Path) -> subprocess.CompletedProcess[str]:
    return kg("build", *map(str, inputs), "-o", str(out), "--no-stores")


def articles(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def holders(out: Path) -> set[str]:
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    return {f["subject"]["label"] for f in facts if f["predicate"] == "HOLDS"}


def warnings_and_summary(result: subprocess.CompletedProcess[str]) -> tuple[list[str], str]:
    """The warning lines and the summary line of a successful build's stderr."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    *warnings, summary = result.stderr.strip().splitlines()
    return warnings, summary


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single `Error: …` line of a failed command (exit 1, no traceback)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


# -- files that are not text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "W002 empty file"),
        ("photo.txt", PNG, "W003 not UTF-8, UTF-16, GB18030 or Big5 text (binary file?)"),
    ],
)
def test_a_file_with_nothing_readable_is_one_error_line_and_exit_1(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = build(tmp_path / "out", path)
    assert one_error_line(result) == f"Error: no article could be read from '{path}': {problem}"
    assert not (tmp_path / "out" / "facts.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "content", "warning"),
    [
        ("a_empty.txt", b"", "W002 {path}: empty file; skipped"),
        (
            "a_photo.txt",
            PNG,
            "W003 {path}: not UTF-8, UTF-16, GB18030 or Big5 text (binary file?); skipped",
        ),
    ],
)
def test_a_bad_file_beside_a_good_page_is_a_warning_and_the_page_still_builds(
    tmp_path: Path, name: str, content: bytes, warning: str
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / name).write_bytes(content)
    (folder / "b_page.txt").write_text(PAGE, encoding="utf-8")
    warnings, summary = warnings_and_summary(build(tmp_path / "out", folder))
    assert warnings == ["warning " + warning.format(path=folder / name)]
    assert summary.startswith("read 1 files (1 skipped), 1 articles, ")
    assert "周海涛" in holders(tmp_path / "out")


# -- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "page"),
    [("utf-8", PAGE), ("gb18030", PAGE), ("big5", TRADITIONAL_PAGE), ("utf-16", PAGE)],
)
def test_a_page_cut_in_the_middle_of_its_last_character_reads_without_that_character(
    tmp_path: Path, encoding: str, page: str
) -> None:
    # an interrupted download: the file ends one byte into the final 。
    data = page.rstrip("\n").encode(encoding)[:-1]
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    warnings, summary = warnings_and_summary(build(tmp_path / "out", path))
    assert warnings == []
    (article,) = articles(tmp_path / "out")
    assert article["title"] == "临川县政协召开十届五次常委会会议"
    assert article["text"].endswith("审议通过了《县政协常委会2023年工作要点》")
    assert "周海涛" in holders(tmp_path / "out")


def test_one_folder_in_utf8_gb18030_big5_and_utf16_gives_the_same_simplified_text(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_utf8.txt").write_bytes(PAGE.encode("utf-8"))
    (folder / "b_utf8_bom.txt").write_bytes(PAGE.encode("utf-8-sig"))
    (folder / "c_gb18030.txt").write_bytes(PAGE.encode("gb18030"))
    (folder / "d_big5.txt").write_bytes(TRADITIONAL_PAGE.encode("big5"))
    (folder / "e_utf16.txt").write_bytes(PAGE.encode("utf-16"))
    (folder / "f_utf16_traditional.txt").write_bytes(TRADITIONAL_PAGE.encode("utf-16"))
    warnings, summary = warnings_and_summary(build(tmp_path / "out", folder))
    assert warnings == []
    assert summary.startswith("read 6 files (0 skipped), 6 articles, ")
    read = articles(tmp_path / "out")
    assert {a["text"] for a in read} == {PAGE.strip().replace("\n\n", "\n")}
    assert [a["script"] for a in read] == ["simplified"] * 3 + ["traditional", "simplified", "traditional"]


# -- size ---------------------------------------------------------------------------------


def test_a_50_mb_page_on_one_line_is_read_in_seconds_and_bounded_memory(tmp_path: Path) -> None:
    # `kg split` reads and splits exactly as `kg build` does; extraction of one 16-million-
    # character article is another matter (its sentence lookups scan the whole line: minutes, not seconds)
    sentence = "临川县政协主席周海涛主持召开会议,审议通过了《县政协常委会2023年工作要点》。".encode()
    path = tmp_path / "one_line.txt"
    path.write_bytes(sentence * (50_000_000 // len(sentence) + 1))
    measure = (
        "import atexit, resource, sys\n"
        "atexit.register(lambda: print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))\n"
        f"sys.argv = ['kg', 'split', {str(path)!r}, '--format', 'text']\n"
        "from kg.cli import main\n"
        "main()\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", measure], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    summary, peak = result.stderr.strip().splitlines()
    assert summary == "read 1 files (0 skipped), 1 articles"
    assert len(result.stdout.splitlines()) == 1
    assert seconds < 60
    assert int(peak.split()[1]) < 800 * 1024  # KiB: the page is 50 MB as bytes, 33 MB as a str


def test_a_folder_of_10000_tiny_pages_builds_every_one(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(
            f"临川县政协召开第{i}次主席会议\n\n3月{i % 28 + 1}日,临川县政协主席周海涛主持召开会议。\n",
            encoding="utf-8",
        )
    started = time.monotonic()
    warnings, summary = warnings_and_summary(build(tmp_path / "out", folder))
    assert time.monotonic() - started < 60
    assert warnings == []
    assert summary.startswith("read 10000 files (0 skipped), 10000 articles, ")
    assert len(articles(tmp_path / "out")) == 10_000


# -- JSON records -------------------------------------------------------------------------


def test_a_record_without_text_is_a_w005_warning_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "lc-001", "title": "临川县政协召开主席会议"}\n'
        + json.dumps({"id": "lc-002", "text": PAGE}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    warnings, summary = warnings_and_summary(build(tmp_path / "out", path))
    assert warnings == [f"warning W005 {path}:1: record 'lc-001' has no 'text'; skipped"]
    assert [a["id"] for a in articles(tmp_path / "out")] == ["lc-002"]


def test_a_json_file_whose_only_record_has_no_text_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"id": "lc-001", "title": "临川县政协召开主席会议"}', encoding="utf-8")
    assert one_error_line(build(tmp_path / "out", path)) == (
        f"Error: no article could be read from '{path}': W005 record 'lc-001' has no 'text'"
    )


def test_malformed_json_lines_are_w004_warnings_with_file_and_line_and_good_lines_load(
    tmp_path: Path,
) -> None:
    # line 5 holds a raw tab inside a string, as hand-edited JSON often does
    good = [json.dumps({"id": f"lc-00{i}", "text": PAGE}, ensure_ascii=False) for i in (1, 4)]
    path = tmp_path / "records.jsonl"
    path.write_text(
        f'{good[0]}\n{{"id": "lc-002", "text": \nnot JSON at all\n{good[1]}\n{{"id": "lc-005", "text": "3月1日,\t会议召开。"}}\n',
        encoding="utf-8",
    )
    warnings, summary = warnings_and_summary(build(tmp_path / "out", path))
    assert warnings == [
        f"warning W004 {path}:2: malformed JSON (Expecting value, column 26); line skipped",
        f"warning W004 {path}:3: malformed JSON (Expecting value, column 1); line skipped",
        f"warning W004 {path}:5: malformed JSON (Invalid control character, column 32); line skipped",
    ]
    assert [a["id"] for a in articles(tmp_path / "out")] == ["lc-001", "lc-004"]


# -- paths --------------------------------------------------------------------------------


def test_a_path_that_does_not_exist_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "pagess"
    assert one_error_line(build(tmp_path / "out", missing)) == (
        f"Error: no such file or directory: '{missing}'; check the path"
    )


def test_a_missing_path_beside_a_good_one_is_a_warning_and_the_rest_builds(tmp_path: Path) -> None:
    page, missing = tmp_path / "page.txt", tmp_path / "pagess"
    page.write_text(PAGE, encoding="utf-8")
    warnings, summary = warnings_and_summary(build(tmp_path / "out", missing, page))
    assert warnings == [f"warning W001 {missing}: no such file or directory"]
    assert summary.startswith("read 1 files (1 skipped), 1 articles, ")


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """`kg ARGS` in this process (so a test can patch it): the exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    monkeypatch.setitem(cli._state, "debug", False)
    try:
        cli.main()
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    return code, capsys.readouterr().err


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A page that cannot be opened, as after `chmod 000` (root ignores modes, so we patch)."""
    path = tmp_path / "pages" / "a_locked.txt"
    path.parent.mkdir()
    path.write_text(PAGE, encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    return path


def test_an_unreadable_file_alone_is_one_error_line_and_exit_1(
    locked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stderr = run_main(
        monkeypatch, capsys, "build", str(locked), "-o", str(out), "--no-stores", "-j", "1"
    )
    assert (code, stderr) == (
        1,
        f"Error: no article could be read from '{locked}': W001 cannot read: permission denied\n",
    )


def test_an_unreadable_file_beside_a_good_page_is_a_w001_warning(
    locked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (locked.parent / "b_page.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    code, stderr = run_main(
        monkeypatch, capsys, "build", str(locked.parent), "-o", str(out), "--no-stores", "-j", "1"
    )
    assert code == 0
    *warnings, summary = stderr.strip().splitlines()
    assert warnings == [f"warning W001 {locked}: cannot read: permission denied"]
    assert summary.startswith("read 1 files (1 skipped), 1 articles, ")


# -- kg itself failing --------------------------------------------------------------------

BROKEN_BUILD = (
    "import sys\n"
    "import kg.pipeline\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('resolver state lost')\n"
    "kg.pipeline.build = broken\n"
    "from kg.cli import main\n"
    "sys.argv = ['kg', *sys.argv[1:]]\n"
    "main()\n"
)


def test_an_unexpected_internal_error_is_one_line_pointing_at_debug(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_BUILD, "build", str(tmp_path), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert one_error_line(result) == (
        "Error: RuntimeError: resolver state lost (run with --debug for the traceback)"
    )


def test_debug_shows_the_traceback_of_an_unexpected_error(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_BUILD, "--debug", "build", str(tmp_path), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.strip().splitlines()[-1] == "RuntimeError: resolver state lost"
