"""Read files and folders into articles: text pages, HTML pages and JSON records.

- `.txt`, `.md` and any file named explicitly with another extension: a page, split
  into articles (`split_page`);
- `.html`, `.htm`: the visible text (scripts and styles dropped, block elements on
  lines of their own, `h1`/`h2`/`h3+` as `#`/`##`/`###` headings), then split as a page;
- `.json` (one record or a list of them) and `.jsonl` (one record a line): a record is
  one article, never split. `text` is required; `id`, `title`, `published`, `source`,
  `locality`, `province` and `script` are used when present; other keys (`gold`,
  `page`, `lines`) are ignored.

Bytes are decoded as UTF-8 (with or without BOM), UTF-16/32 with a BOM, or whatever
charset-normalizer finds (GB18030/GBK, Big5, …) when the result reads as text. A file
cut off in the middle of its last character (an interrupted download or copy) still
reads: the incomplete character is dropped.

Article ids: a record's `id` (characters other than letters, digits, `_`, `-`, `.`
replaced by `_`); otherwise `<file stem>-<index>-<8 hex of sha1(normalised text)>`,
with the 1-based index of the article in its page or file (`split.article_id`).

Problems with one file or record are `KgWarning`s in the `ReadReport`; reading goes on.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import (
    W_BAD_NAME,
    W_BAD_RECORD,
    W_BINARY,
    W_EMPTY,
    W_NO_TEXT,
    W_SYMLINK,
    W_UNREADABLE,
    InputError,
    KgWarning,
)
from kg.ingest.normalize import normalize_text
from kg.ingest.split import bound_title, build_article, split_page
from kg.model import Article

__all__ = ["ReadReport", "read_corpus", "read_file", "list_files", "decode_bytes", "html_to_text", "SUFFIXES"]

PAGE_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
RECORD_SUFFIXES = (".json", ".jsonl")
SUFFIXES = PAGE_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# control characters other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# kana, Greek, Cyrillic, box drawing, Hangul and private use: what a wrong guess looks like
_UNLIKELY = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3130-\u318f\uac00-\ud7af\ue000-\uf8ff]")
_MIN_TEXT_SCORE = 0.8


@dataclass(slots=True)
class ReadReport:
    """What `read_corpus` did: files read and skipped, warnings, articles yielded."""

    files_read: int = 0
    files_skipped: int = 0
    warnings: list[KgWarning] = field(default_factory=list)
    articles: int = 0
    # how to read, set before: follow symbolic links out of the input folder (--follow-symlinks)
    follow_symlinks: bool = False

    def warn(self, code: str, path: Path | str, message: str, line: int | None = None) -> None:
        """Record a skippable problem with `path`."""
        self.warnings.append(KgWarning(code=code, path=str(path), message=message, line=line))


def read_corpus(
    paths: Iterable[Path | str], *, report: ReadReport | None = None, follow_symlinks: bool = False
) -> Iterator[Article]:
    """Every article in `paths` (files, or folders searched recursively), in path order.

    Files are read in sorted path order, each once. In folders only `.txt`, `.md`,
    `.html`, `.htm`, `.json` and `.jsonl` files are read (hidden ones skipped); a file
    named explicitly is read whatever its extension (unknown ones as text pages).

    Args:
        paths: files and folders.
        report: filled in as reading goes: counts and warnings.
        follow_symlinks: read what symbolic links in a folder point at even outside it
            (by default such a link is a W006 warning; see `list_files`).

    Raises:
        InputError: when no article at all could be read (a missing path, a folder
            without text files, only empty or broken files). Raised once the inputs
            are exhausted; problems with single files are warnings in `report`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "p.txt").write_text("青溪县政协\\n\\n开展专题调研\\n\\n3月5日,调研组走访企业。", encoding="utf-8")
    ...     [a.title for a in read_corpus([folder])]
    ['开展专题调研']
    """
    report = report if report is not None else ReadReport()
    report.follow_symlinks = report.follow_symlinks or follow_symlinks
    named = [Path(p) for p in paths]
    files = list_files(named, report)
    for path in files:
        for article in read_file(path, report=report):
            report.articles += 1
            yield article
    if report.articles == 0:
        raise InputError(_nothing_read(named, files, report))


def read_file(path: Path, *, report: ReadReport | None = None) -> Iterator[Article]:
    """The articles of one file, chosen by its extension (see the module docstring).

    Problems are warnings in `report`, never exceptions: an unreadable, empty or binary
    file yields nothing, a bad record is skipped.
    """
    report = report if report is not None else ReadReport()
    text = _read_text(path, report)
    if text is None:
        report.files_skipped += 1
        return
    report.files_read += 1
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_articles(text, path, report)
    elif suffix == ".json":
        yield from _json_articles(text, path, report)
    elif suffix in HTML_SUFFIXES:
        # line numbers would point into the extracted text, not the file: leave them out
        yield from (replace(a, lines=None) for a in split_page(html_to_text(text), str(path)))
    else:
        yield from split_page(text, str(path))


def decode_bytes(data: bytes) -> str | None:
    """The text in `data`, or None when it is not text in a supported encoding.

    UTF-8 (BOM optional) first, then a UTF-16/32 BOM. Otherwise the strict GB18030 and
    Big5 decodings and charset-normalizer's best guess compete: each must read as text
    (few control or replacement characters) and the one whose Chinese characters are
    most often common ones (GB2312, or Big5 level 1) wins, so Big5 bytes are not taken
    for rare GBK characters, nor GBK for Big5. charset-normalizer alone is unreliable
    on a few dozen bytes.

    >>> decode_bytes("政协会议".encode("gb18030")), decode_bytes("政協會議".encode("big5"))
    ('政协会议', '政協會議')
    >>> decode_bytes(bytes(range(256))) is None
    True

    A last character cut in half (UTF-8, UTF-16/32, GB18030 or Big5) is dropped:

    >>> decode_bytes("政协会议".encode("utf-8")[:-1]), decode_bytes("政协会议".encode("utf-16")[:-1])
    ('政协会', '政协会')
    """
    try:
        return _decode_cut(data, "utf-8-sig")
    except UnicodeDecodeError:
        pass
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_cut(data, encoding)
            except UnicodeDecodeError:
                return None
    scored = [(_text_score(text), -rank, text) for rank, text in enumerate(_candidates(data))]
    score, _, best = max(scored, default=(0.0, 0, ""))
    return best if score >= _MIN_TEXT_SCORE else None


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block element a paragraph.

    >>> html_to_text("<h1>临川县政协召开常委会议</h1><script>x=1</script><p>3月2日,会议召开。<br>会议强调,要抓好学习。</p>")
    '# 临川县政协召开常委会议\\n\\n3月2日,会议召开。\\n会议强调,要抓好学习。'
    """
    from bs4 import BeautifulSoup  # imported here: only HTML input needs it

    soup = BeautifulSoup(markup, "html.parser")
    text = "".join(_visible_strings(soup))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_DROPPED_TAGS = frozenset(["script", "style", "noscript", "template", "head", "iframe", "svg"])
_HEADING_TAG = re.compile(r"^h[1-6]$")


def _visible_strings(soup: Any) -> Iterator[str]:
    """The text of a parsed page in document order, with the breaks of its block elements.

    One walk with a stack of its own, not edits of the tree: bs4's insert_before/after
    walk the subtree each time, so 100,000 nested `<div>` took minutes (issue 17), and a
    recursive walk would overflow Python's stack. Strings outside `<pre>` have their
    whitespace squeezed; a `<br>` is a line break; a heading starts with `#`.
    """
    from bs4.element import CData, NavigableString, Tag

    stack: list[tuple[Any, int]] = [(soup, 0)]  # (node, how many <pre> it is inside); None: a block ends
    while stack:
        node, pre = stack.pop()
        if node is None:
            yield "\n\n"
        elif isinstance(node, Tag):
            name = node.name
            if name in _DROPPED_TAGS:
                continue
            if name == "br":
                yield "\n"
                continue
            block = name in _BLOCK_TAG_SET
            if block:
                yield "\n\n"
                stack.append((None, pre))
            if _HEADING_TAG.match(name):
                yield "#" * min(int(name[1]), 3) + " "
            inner = pre + (name == "pre")
            stack.extend((child, inner) for child in reversed(node.contents))
        elif isinstance(node, NavigableString):
            if pre:
                if type(node) in (NavigableString, CData):  # what get_text() shows: no comments
                    yield str(node)
            else:
                # source line breaks inside a paragraph are not breaks: drop them between
                # Chinese characters, keep one space elsewhere (comments too, as ever)
                squeezed = re.sub(r"(?<=[\u3000-\u9fff])\s*\n\s*(?=[\u3000-\u9fff])", "", str(node))
                yield re.sub(r"\s+", " ", squeezed)


_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title",
]  # fmt: skip
_BLOCK_TAG_SET = frozenset(_BLOCK_TAGS)


def list_files(named: list[Path], report: ReadReport) -> list[Path]:
    """The files `read_corpus` reads, in its order: sorted, without duplicates; missing
    paths are warnings in `report`.

    In a folder, a symbolic link is followed only when its target lies inside that folder
    (a link to `/etc/passwd` is a W006 warning), unless `report.follow_symlinks`; a file
    whose name is not UTF-8 is a W007 warning; a kg build folder (one holding `.kg.lock`,
    such as `-o` pointing inside the input) is never read as input.
    """
    found: set[Path] = set()
    for path in named:
        if not _is_unicode(str(path)):
            report.warn(W_BAD_NAME, _printable(path), "file name is not UTF-8; skipped (rename it)")
            report.files_skipped += 1
        elif path.is_dir():
            found.update(_folder_files(path, report))
        elif path.is_file():
            found.add(path)
        else:
            report.warn(W_UNREADABLE, path, "no such file or directory")
            report.files_skipped += 1
    return sorted(found)


BUILD_MARKER = ".kg.lock"  # the lock file every kg build folder holds (kg.pipeline)


def _folder_files(root: Path, report: ReadReport) -> Iterator[Path]:
    """The readable files under `root`: not hidden, not in a kg build folder, links checked."""
    inside = os.path.realpath(root)
    seen = {inside}  # real folders walked, so a link loop (with --follow-symlinks) ends
    for folder, dirs, files in os.walk(root, followlinks=report.follow_symlinks):
        here = Path(folder)
        if here != root and (here / BUILD_MARKER).is_file():  # kg's own output (`kg build . -o exports`)
            dirs.clear()
            continue
        kept = []
        for name in sorted(dirs):
            sub = here / name
            if name.startswith(".") or not _linked_inside(sub, inside, report):
                continue
            real = os.path.realpath(sub)
            if sub.is_symlink() and not report.follow_symlinks:
                continue  # a link inside the folder: its files are read where they are
            if real not in seen:
                seen.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in files:
            file = here / name
            if name.startswith(".") or file.suffix.lower() not in SUFFIXES:
                continue
            if not _is_unicode(str(file)):
                report.warn(W_BAD_NAME, _printable(file), "file name is not UTF-8; skipped (rename it)")
                report.files_skipped += 1
            elif _linked_inside(file, inside, report) and file.is_file():
                yield file


def _linked_inside(path: Path, inside: str, report: ReadReport) -> bool:
    """False (with a W006 warning) for a link whose target is outside the folder `inside`."""
    if report.follow_symlinks or not path.is_symlink():
        return True
    target = os.path.realpath(path)
    if target == inside or target.startswith(inside.rstrip(os.sep) + os.sep):
        return True
    report.warn(
        W_SYMLINK,
        _printable(path),
        f"symbolic link to {_printable(Path(target))}, outside the input folder; skipped "
        "(pass --follow-symlinks to read it)",
    )
    report.files_skipped += 1
    return False


def _printable(path: Path) -> str:
    """A path as text that can be printed and written as UTF-8 (undecodable bytes as U+FFFD)."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _read_text(path: Path, report: ReadReport) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.warn(W_UNREADABLE, path, f"cannot read: {(exc.strerror or str(exc)).lower()}")
        return None
    if not data.strip():
        report.warn(W_EMPTY, path, "empty file; skipped")
        return None
    text = decode_bytes(data)
    if text is None:
        report.warn(W_BINARY, path, "not UTF-8, UTF-16, GB18030 or Big5 text (binary file?); skipped")
        return None
    if not text.strip():
        report.warn(W_EMPTY, path, "whitespace only; skipped")
        return None
    return text


# reasons the codecs give for bytes that stop in the middle of a character
_CUT_REASONS = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")


def _decode_cut(data: bytes, encoding: str) -> str:
    """`data` decoded strictly, except that an incomplete last character is dropped.

    Only a cut at the very end is forgiven: a file truncated mid-character has lost at
    most that character, while bad bytes anywhere else mean another encoding.
    No warning: a cut on a character boundary cannot be seen at all, so a warning would
    flag only some truncated files.

    Raises:
        UnicodeDecodeError: the bytes are not `encoding`, or not only at their end.
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        cut = len(exc.object) - exc.start  # exc.object may lack a BOM the codec consumed
        if exc.end != len(exc.object) or exc.reason not in _CUT_REASONS or cut >= len(data):
            raise
        return data[:-cut].decode(encoding)


def _candidates(data: bytes) -> Iterator[str]:
    from charset_normalizer import from_bytes  # imported here: most input is UTF-8

    for encoding in ("gb18030", "big5"):
        try:
            yield _decode_cut(data, encoding)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is not None:
        yield str(best)


def _text_score(text: str) -> float:
    """How much decoded bytes read as text: 0 (garbage) to 1 (only common characters).

    A long text is scored on evenly spaced samples (`_sample`): it only has to tell
    encodings apart, and scoring every character of a 50 MB page takes seconds per guess.
    """
    text = _sample(text)
    if len(_CONTROL.findall(text)) > max(1, len(text) // 200):
        return 0.0
    cjk = [c for c in text if "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"]
    unlikely = len(_UNLIKELY.findall(text))
    if not cjk:
        return 0.0 if unlikely > len(text) // 50 else 1.0
    common = sum(_is_common_hanzi(c) for c in cjk)
    return max(0.0, (common - unlikely) / len(cjk))


_SAMPLE_CHARS, _SAMPLES = 4096, 16


def _sample(text: str) -> str:
    """`text` itself when short, else `_SAMPLES` evenly spaced slices of `_SAMPLE_CHARS` characters."""
    if len(text) <= _SAMPLE_CHARS * _SAMPLES:
        return text
    step = len(text) // _SAMPLES
    return "".join(text[i * step : i * step + _SAMPLE_CHARS] for i in range(_SAMPLES))


@cache
def _is_common_hanzi(char: str) -> bool:
    """In GB2312 (6,763 simplified characters) or Big5 level 1 (5,401 traditional ones)."""
    try:
        char.encode("gb2312")
        return "\u4e00" <= char <= "\u9fff"
    except UnicodeEncodeError:
        pass
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return b"\xa4\x40" <= code <= b"\xc6\x7e"


def _json_articles(text: str, path: Path, report: ReadReport) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.warn(W_BAD_RECORD, path, f"malformed JSON ({_json_problem(exc)}); file skipped", exc.lineno)
        return
    except RecursionError:  # [[[[…]]]] thousands deep: no record is shaped like that
        report.warn(W_BAD_RECORD, path, _TOO_DEEP + "; file skipped")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        article = _record_article(record, path, index, report, line=None)
        if article is not None:
            yield article


def _jsonl_articles(text: str, path: Path, report: ReadReport) -> Iterator[Article]:
    index = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.warn(W_BAD_RECORD, path, f"malformed JSON ({_json_problem(exc)}); line skipped", number)
            continue
        except RecursionError:
            report.warn(W_BAD_RECORD, path, _TOO_DEEP + "; line skipped", number)
            continue
        index += 1
        article = _record_article(record, path, index, report, line=number)
        if article is not None:
            yield article


_TOO_DEEP = "JSON nested too deep to be a record (arrays or objects inside each other thousands of times)"


def _json_problem(exc: json.JSONDecodeError) -> str:
    """What the JSON parser objects to and where on the line.

    >>> try:
    ...     json.loads('{"text": "3月1日,\\n"}')
    ... except json.JSONDecodeError as exc:
    ...     _json_problem(exc)
    'Invalid control character, column 16'
    """
    # the parser says "Invalid control character at" and relies on its own suffix for the place
    return f"{exc.msg.removesuffix(' at')}, column {exc.colno}"


def _record_article(
    record: Any, path: Path, index: int, report: ReadReport, line: int | None
) -> Article | None:
    """One record as an article, or None (with a warning) when it cannot be one."""
    where = f"record {index}" if line is None else "record"
    if not isinstance(record, dict):
        report.warn(
            W_BAD_RECORD, path, f"{where} is a JSON {type(record).__name__}, not an object; skipped", line
        )
        return None
    text = record.get("text")
    record_id = record.get("id")
    if not isinstance(text, str) or not text.strip():
        label = f"record {record_id!r}" if record_id is not None else where
        report.warn(W_NO_TEXT, path, f"{label} has no 'text'; skipped", line)
        return None
    broken = [k for k in _RECORD_STRINGS if isinstance(record.get(k), str) and not _is_unicode(record[k])]
    if broken:
        label = f"record {record_id!r}" if isinstance(record_id, str) and _is_unicode(record_id) else where
        report.warn(W_BAD_RECORD, path, f"{label} has a lone surrogate (\\uD800–\\uDFFF) in {broken[0]!r}; skipped", line)
        return None
    script = record.get("script") if record.get("script") in ("simplified", "traditional") else None
    article = build_article(
        text,
        source=str(path),  # the id's stem comes from the file, even when `source` is a URL
        index=index,
        id=_clean_id(record_id),
        source_id=str(record_id) if record_id is not None else None,
        script=script,
        published=_optional_str(record.get("published")),
        locality=_optional_str(record.get("locality")),
        province=_optional_str(record.get("province")),
    )
    source = record.get("source")
    if isinstance(source, str) and source.strip():
        article = replace(article, source=source.strip())
    title = record.get("title")
    if isinstance(title, str) and title.strip():
        article = replace(article, title=bound_title(normalize_text(title.strip())))
    return article


_RECORD_STRINGS = ("text", "id", "title", "source", "published", "locality", "province")


def _is_unicode(value: str) -> bool:
    """False for a string with a lone surrogate (JSON allows `\\ud800`; UTF-8 cannot hold it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_id(value: Any) -> str | None:
    if value is None:
        return None
    cleaned = re.sub(r"[^\w.-]+", "_", str(value)).strip("_")
    return cleaned or None


def _optional_str(value: Any) -> str | None:
    return str(value) if value is not None else None


def _nothing_read(named: list[Path], files: list[Path], report: ReadReport) -> str:
    """The one-line message of the InputError raised when no article could be read.

    It names the first problem (with its file and line) and counts the others.

    >>> report = ReadReport()
    >>> report.warn("W002", "p/a.txt", "empty file; skipped")
    >>> report.warn("W002", "p/b.txt", "empty file; skipped")
    >>> _nothing_read([Path("p")], [Path("p/a.txt"), Path("p/b.txt")], report)
    "no article could be read from 2 files in 'p': W002 p/a.txt: empty file (and 1 more warning)"
    """
    shown = ", ".join(f"'{p}'" for p in named[:3]) + (" …" if len(named) > 3 else "")
    if not named:
        return "no input given; name page files (.txt, .md, .html, .json, .jsonl) or folders of them"
    if not files:
        if all(not p.exists() for p in named):
            return f"no such file or directory: {shown}; check the path"
        return f"no .txt, .md, .html, .htm, .json or .jsonl files in {shown}; point kg at pages or records"
    one_file = len(files) == 1 and named == files  # its name is already in the message
    source = f"'{files[0]}'" if one_file else f"{len(files)} {_plural(len(files), 'file')} in {shown}"
    if not report.warnings:
        return f"no article could be read from {source}"
    first, others = report.warnings[0], len(report.warnings) - 1
    if one_file:
        where = f"line {first.line}: " if first.line else ""
    else:
        where = f"{first.path}:{first.line}: " if first.line else f"{first.path}: "
    # "; skipped" is said of a file among others; here nothing at all was read
    message = first.message.rsplit("; ", 1)[0] if first.message.endswith("skipped") else first.message
    more = f" (and {others} more {_plural(others, 'warning')})" if others else ""
    return f"no article could be read from {source}: {first.code} {where}{message}{more}"


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
