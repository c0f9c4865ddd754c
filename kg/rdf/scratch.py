"""The scratch SQLite file of an RDF export: where each node and direct triple first occurs.

The export writes a node's description and a fact's direct triple once, at the fact that
first mentions them, so over a whole build it would have to remember every node id and
every triple. This file remembers them instead: a first pass over the facts notes each key
with a position (`note_node`, `note_triple`), the first note of a key wins, and the second
pass reads the winning positions back in order (`firsts`). Memory stays at SQLite's page
cache however large the build; the file lives next to the output and goes with `close`.

It also holds a build's nodes by id (`add_nodes`, `node_line`, `unseen_node_lines` in id
order) and article titles, so that nodes.jsonl need not be held in memory either.

    >>> with Scratch() as scratch:
    ...     for position, node_id in enumerate(["person:a", "position:b", "person:a"]):
    ...         scratch.note_node(node_id, position)
    ...     scratch.note_triple(b"person:a holds position:b", 10)
    ...     scratch.note_triple(b"person:a holds position:b", 11)
    ...     list(scratch.firsts())
    [0, 1, 10]
"""

from __future__ import annotations

import heapq
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

__all__ = ["Scratch"]

_BATCH = 20_000  # rows a write sends to SQLite at once
_CACHE_KIB = 32 * 1024  # SQLite's page cache: what the export holds of its keys


class Scratch:
    """A temporary SQLite file in `folder` (default: the system's temporary folder).

    Positions must be noted in increasing order: the first note of a key is the one kept.
    """

    def __init__(self, folder: Path | str | None = None, prefix: str = "kg-rdf-") -> None:
        self._dir = tempfile.TemporaryDirectory(prefix=prefix, dir=folder)
        self._db = sqlite3.connect(Path(self._dir.name) / "scratch.sqlite")
        for pragma in (
            "journal_mode = OFF",
            "synchronous = OFF",
            "temp_store = FILE",
            f"cache_size = -{_CACHE_KIB}",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(
            """
            CREATE TABLE first_node (id TEXT PRIMARY KEY, position INTEGER) WITHOUT ROWID;
            CREATE TABLE first_triple (key BLOB PRIMARY KEY, position INTEGER) WITHOUT ROWID;
            CREATE TABLE node (id TEXT PRIMARY KEY, line BLOB) WITHOUT ROWID;
            CREATE TABLE article (id TEXT PRIMARY KEY, title TEXT) WITHOUT ROWID;
            CREATE TABLE article_run (id TEXT);
            """
        )
        self._pending: dict[str, list[tuple[object, ...]]] = {
            "INSERT OR IGNORE INTO first_node VALUES (?, ?)": [],
            "INSERT OR IGNORE INTO first_triple VALUES (?, ?)": [],
            "INSERT INTO article_run VALUES (?)": [],
        }
        self._node_rows, self._triple_rows, self._run_rows = self._pending.values()
        self.has_articles = False

    @property
    def folder(self) -> Path:
        """The scratch folder, for other scratch files of the same export."""
        return Path(self._dir.name)

    # -- the first pass --------------------------------------------------------------------

    def note_node(self, node_id: str, position: int) -> None:
        self._node_rows.append((node_id, position))
        if len(self._node_rows) >= _BATCH:
            self._flush()

    def note_triple(self, key: bytes, position: int) -> None:
        """`key`: a digest of the triple (the caller's choice, e.g. 16 bytes of blake2b)."""
        self._triple_rows.append((key, position))
        if len(self._triple_rows) >= _BATCH:
            self._flush()

    def note_article_run(self, article_id: str) -> None:
        """The facts of `article_id` start here (after another article's)."""
        self._run_rows.append((article_id,))
        if len(self._run_rows) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        for sql, rows in self._pending.items():
            if rows:
                self._db.executemany(sql, rows)
                rows.clear()

    # -- the second pass -------------------------------------------------------------------

    def firsts(self) -> Iterator[int]:
        """The positions where a node or a triple was first noted, in increasing order."""
        self._flush()
        nodes = (p for (p,) in self._db.execute("SELECT position FROM first_node ORDER BY position"))
        triples = (p for (p,) in self._db.execute("SELECT position FROM first_triple ORDER BY position"))
        return heapq.merge(nodes, triples)

    def scattered_articles(self) -> set[str]:
        """The articles whose facts come in more than one run (a link added after the rest)."""
        self._flush()
        sql = "SELECT id FROM article_run GROUP BY id HAVING count(*) > 1"
        return {article_id for (article_id,) in self._db.execute(sql)}

    def is_noted_node(self, node_id: str) -> bool:
        self._flush()
        return self._db.execute("SELECT 1 FROM first_node WHERE id = ?", (node_id,)).fetchone() is not None

    # -- a build's nodes and article titles ------------------------------------------------

    def add_nodes(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """(id, line) pairs; a later line of the same id replaces the earlier, as in a dict."""
        self._db.executemany("INSERT OR REPLACE INTO node VALUES (?, ?)", rows)

    def node_line(self, node_id: str) -> bytes | None:
        row = self._db.execute("SELECT line FROM node WHERE id = ?", (node_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def unseen_node_lines(self) -> Iterator[bytes]:
        """The lines of the nodes no fact noted, in id order (code-point order, as `sorted`)."""
        self._flush()
        sql = "SELECT line FROM node WHERE NOT EXISTS (SELECT 1 FROM first_node f WHERE f.id = node.id) ORDER BY id"
        return (bytes(line) for (line,) in self._db.execute(sql))

    def add_articles(self, rows: Iterable[tuple[str, str | None]]) -> None:
        """(id, title) pairs; a later row of the same id replaces the earlier."""
        self._db.executemany("INSERT OR REPLACE INTO article VALUES (?, ?)", rows)
        self.has_articles = True

    def article_title(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT title FROM article WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    # -- its life --------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
