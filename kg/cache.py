"""A content-addressed cache of extracted facts, so a re-build re-extracts only what changed.

The key is a hash of everything extraction reads: the article record (id, text, title,
dateline, headers, dates, place), the extractor versions, kg's version, and every file
`fingerprint_sources` lists: the code of `kg/ingest/`, `kg/extract/` and `kg/resolve/`, the
lexicons, the gazetteer's table and jieba's dictionary. Change any of them and the entry is
simply not found. Entries live in one SQLite file (`exports/.cache/facts.sqlite` by default),
compressed; the cache is an optimisation only: a missing or unreadable cache is
rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from functools import cache
from pathlib import Path

import orjson

from kg import __version__
from kg.extract import EXTRACTOR_VERSION
from kg.lexicons import lexicon_path
from kg.model import Article, Fact

__all__ = ["FactCache", "article_key", "encode_facts", "fingerprint_sources", "read_only", "sources_digest"]


def fingerprint_sources() -> list[Path]:
    """Every file whose content shapes the facts of an article, in a stable order.

    The code that reads articles and extracts and resolves facts (`kg/ingest/`,
    `kg/extract/`, `kg/resolve/`, the gazetteer and the model), the lexicons, the
    gazetteer's division table and jieba's dictionary. kg runs no statistical model.
    """
    from kg.gazetteer import gazetteer_sources

    package = Path(__file__).resolve().parent
    code = [
        *sorted((package / "ingest").glob("*.py")),
        *sorted((package / "extract").glob("*.py")),
        *sorted((package / "resolve").glob("*.py")),
        package / "gazetteer.py",
        package / "lexicons.py",
        package / "model.py",
    ]
    lexicons = sorted(p for p in lexicon_path("roles.csv").parent.glob("*") if p.is_file())
    return [*code, *lexicons, *gazetteer_sources(), _jieba_dictionary()]


def _jieba_dictionary() -> Path:
    """The dictionary kg's tokenizer loads (jieba's own `dict.txt`), found without loading it."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.origin is not None, "jieba is a dependency of kg"
    return Path(spec.origin).parent / "dict.txt"


def sources_digest(paths: list[Path]) -> bytes:
    """kg's version, the extractor versions and the bytes of `paths`, hashed."""
    h = hashlib.sha256(f"{__version__}|{EXTRACTOR_VERSION}".encode())
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.digest()


@cache
def _fingerprint() -> bytes:
    """Hashed once per process: editing a rule, a lexicon or a dictionary without bumping a
    version still misses."""
    return sources_digest(fingerprint_sources())


def encode_facts(facts: list[Fact]) -> bytes:
    """Facts as a cache entry stores them (compressed JSON); workers encode, the parent stores."""
    return zlib.compress(orjson.dumps([f.to_dict() for f in facts]), 1)


def read_only(path: Path | str) -> sqlite3.Connection | None:
    """A read-only connection to a cache file for worker processes (the parent writes);
    None when there is no readable cache yet."""
    try:
        # never waits: the cache is written in WAL mode, so a reader is never locked out,
        # and a lookup that fails is only a miss
        db = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, timeout=0)
        db.execute("SELECT 1 FROM facts LIMIT 1")
    except sqlite3.Error:
        return None
    return db


def cached_facts(db: sqlite3.Connection, key: str) -> list[Fact] | None:
    """The facts stored under `key`, or None (also for a row that cannot be read: see
    `is_corrupt_row`; the article is then extracted again and the row replaced)."""
    try:
        row = db.execute("SELECT data FROM facts WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    try:
        return [Fact.from_dict(d) for d in orjson.loads(zlib.decompress(row[0]))]
    except Exception:  # zlib.error, orjson.JSONDecodeError, a missing key: a damaged row
        return None


def is_corrupt_row(db: sqlite3.Connection, key: str) -> bool:
    """Whether `key` has a row that `cached_facts` cannot read (a damaged cache file)."""
    try:
        row = db.execute("SELECT data FROM facts WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return False
    return row is not None and cached_facts(db, key) is None


def article_key(article: Article) -> str:
    """The cache key of an article: what extraction reads, and the code that reads it."""
    record = article.to_record()
    record.pop("source", None)  # the same article moved to another file extracts the same
    record["headers"] = list(article.headers)
    record["original"] = article.original_text if article.script != "simplified" else ""
    h = hashlib.sha256(_fingerprint())
    h.update(orjson.dumps(record, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


class FactCache:
    """Facts by article key, in a SQLite file; use as a context manager."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.hits = 0
        self.misses = 0
        self.corrupt = 0  # rows that could not be read (W009); their articles were extracted again
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> FactCache:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            # a corrupt cache is thrown away: it only ever saves time
            self.path.unlink(missing_ok=True)
            self._db = self._open()
        return self

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        # WAL: worker processes read the cache while this connection writes to it
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        db.commit()
        return db

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            if exc[0] is None:
                self._db.commit()
            self._db.close()
            self._db = None

    def get(self, key: str) -> list[Fact] | None:
        assert self._db is not None, "use FactCache as a context manager"
        facts = cached_facts(self._db, key)
        if facts is None:
            self.misses += 1
            self.corrupt += is_corrupt_row(self._db, key)
        else:
            self.hits += 1
        return facts

    def put(self, key: str, facts: list[Fact]) -> None:
        self.put_encoded(key, encode_facts(facts))

    def put_encoded(self, key: str, data: bytes) -> None:
        """Store an entry already encoded by `encode_facts` (in a worker)."""
        assert self._db is not None, "use FactCache as a context manager"
        self._db.execute("INSERT OR REPLACE INTO facts (key, data) VALUES (?, ?)", (key, data))
