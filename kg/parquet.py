"""Parquet for data teams: a build as four tables that DuckDB, Spark, pandas and Polars read directly.

`write_parquet(build)` writes `DIR/parquet/` (hive partitioning, zstd compression):

    kg-parquet.json                          what was written: rows per table and per partition
    nodes/type=Person/part-0.parquet         one folder per node type
    facts/predicate=HOLDS/part-0.parquet     one folder per predicate
    articles/part-0.parquet
    spells/part-0.parquet                    the spells of `kg.tenure`

Columns (the partition column is in the folder name, not in the file, as Spark writes it):

- nodes: `id`, `label`, the common properties as typed columns (`name`, `aliases`
  list<string>, `mentions` int64, `kind`, `role`, `body`, `code`, `level`, `cppcc` bool, …,
  see `NODE_PROPERTIES`), and `props`, a JSON object of any other property (null if none);
- facts: `subject`, `subject_type`, `subject_label`, `object`, `object_type`,
  `object_label`, `confidence` (double), the evidence (`article`, `sentence`, `span_start`,
  `span_end` int32: `text[span_start:span_end]` of the article is the surface form,
  `extractor`), the fact's extra keys (`date`, `date_basis`, `tenure`, `rule`, `reason`)
  and `extra`, a JSON object of any other key;
- articles: `Article.to_record()`, `authors` a list<struct<name, role>>, `lines` as
  `first_line`/`last_line` int32;
- spells: the fields of `kg.tenure.Spell`; `evidence` a list<struct<article, sentence,
  date, predicate, tenure>>.

A partitioned table with no rows has no folder (a build without facts has no `facts/`);
`articles` and `spells` always have a file, empty or not.

Dates are strings: ISO `YYYY-MM-DD`, or `--MM-DD` where the text gives a day and no year,
which date32 could not hold; `try_cast(date AS DATE)` in DuckDB keeps the full ones.

Memory stays bounded: facts stream from `build.facts()` and at most `batch_rows` rows
are held across all partitions (the fullest partition is written as a row group when the
total reaches it). The tables are written into a folder beside the target, which takes
its place only when all are written, so a failed export leaves the previous one intact.

    >>> import tempfile
    >>> import pyarrow.dataset as ds
    >>> from kg.build_folder import load_build
    >>> from kg.pipeline import build
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["examples/records.jsonl"], out, stores=())
    >>> export = write_parquet(load_build(out))
    >>> export.folder.name, export.rows["facts"] == sum(1 for _ in load_build(out).facts())
    ('parquet', True)
    >>> ds.dataset(export.folder / "nodes", partitioning="hive").count_rows() == export.rows["nodes"]
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from kg.build_folder import Build
from kg.errors import ConfigError
from kg.model import Fact, Node
from kg.tenure import Spell, read_spells

__all__ = ["ParquetExport", "write_parquet", "NODE_PROPERTIES", "FACT_EXTRAS", "TABLES", "MANIFEST"]

TABLES = ("nodes", "facts", "articles", "spells")
MANIFEST = "kg-parquet.json"  # marks a folder as kg's: only such a folder is ever replaced
DEFAULT_BATCH_ROWS = 50_000

# property → column type ("string", "strings", "int", "bool"); a value of another type
# goes to the JSON column instead, so nothing is lost and the schema never changes
NODE_PROPERTIES = {
    "name": "string",
    "aliases": "strings",
    "mentions": "int",
    "kind": "string",
    "role": "string",
    "body": "string",
    "title": "string",
    "date": "string",
    "session": "string",
    "code": "string",
    "level": "string",
    "region_code": "string",
    "cppcc": "bool",
    "notes": "strings",
    "anchor": "string",
    "anchored_by": "string",
    "source": "string",
    "source_id": "string",
    "published": "string",
}
FACT_EXTRAS = {
    "date": "string",
    "date_basis": "string",
    "tenure": "string",
    "rule": "string",
    "reason": "string",
}
_ARTICLE_FIELDS = ("id", "title", "dateline", "text", "source", "source_id", "published", "locality", "province", "script")  # fmt: skip
_SPELL_EVIDENCE = ("article", "sentence", "date", "predicate", "tenure")


@dataclass
class ParquetExport:
    """What `write_parquet` wrote: the folder, rows per table and per partition."""

    folder: Path
    rows: dict[str, int] = field(default_factory=dict)
    partitions: dict[str, dict[str, int]] = field(default_factory=dict)

    def summary(self) -> str:
        """The line `kg export parquet` prints.

        >>> ParquetExport(Path("p"), {"nodes": 2, "facts": 3, "articles": 1, "spells": 0}).summary()
        'wrote 2 nodes, 3 facts, 1 articles, 0 spells → p/'
        """
        counts = ", ".join(f"{self.rows.get(t, 0)} {t}" for t in TABLES)
        return f"wrote {counts} → {self.folder}/"


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401  (pa.parquet is a submodule: imported, not an attribute)
    except ImportError as exc:
        raise ConfigError("the Parquet export needs pyarrow: pip install 'kg[parquet]'") from exc
    return pa


@cache
def _schemas() -> dict[str, Any]:
    """The file schema of each table (without its partition column)."""
    pa = _pyarrow()
    kinds = {"string": pa.string(), "strings": pa.list_(pa.string()), "int": pa.int64(), "bool": pa.bool_()}
    nodes = pa.schema(
        [("id", pa.string()), ("label", pa.string())]
        + [(name, kinds[kind]) for name, kind in NODE_PROPERTIES.items()]
        + [("props", pa.string())]
    )
    ends = [
        (f"{end}{part}", pa.string()) for end in ("subject", "object") for part in ("", "_type", "_label")
    ]
    facts = pa.schema(
        ends
        + [
            ("confidence", pa.float64()),
            ("article", pa.string()),
            ("sentence", pa.string()),
            ("span_start", pa.int32()),
            ("span_end", pa.int32()),
            ("extractor", pa.string()),
        ]
        + [(name, kinds[kind]) for name, kind in FACT_EXTRAS.items()]
        + [("extra", pa.string())]
    )
    byline = pa.struct([("name", pa.string()), ("role", pa.string())])
    articles = pa.schema(
        [(name, pa.string()) for name in _ARTICLE_FIELDS]
        + [
            ("authors", pa.list_(byline)),
            ("first_line", pa.int32()),
            ("last_line", pa.int32()),
            ("extra", pa.string()),
        ]
    )
    evidence = pa.struct([(name, pa.string()) for name in _SPELL_EVIDENCE])
    spells = pa.schema(
        [
            (name, pa.string())
            for name in ("person", "person_id", "post", "position_id", "role", "body", "body_id")
        ]
        + [(name, pa.string()) for name in ("region_code", "body_level", "rank", "rank_source")]
        + [(name, pa.string()) for name in ("start", "end", "first_seen", "last_seen", "status", "end_known")]
        + [("inferred", pa.bool_()), ("confidence", pa.float64()), ("as_of", pa.string())]
        + [("evidence", pa.list_(evidence))]
    )
    return {"nodes": nodes, "facts": facts, "articles": articles, "spells": spells}


def _fits(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "strings":
        return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    return isinstance(value, bool)


def _typed(pairs: Iterable[tuple[str, Any]], columns: Mapping[str, str]) -> tuple[dict[str, Any], str | None]:
    """Values of known columns by name, and the rest as a JSON object (None when empty)."""
    row: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in pairs:
        if value is None:
            continue
        if key in columns and _fits(value, columns[key]):
            row[key] = list(value) if isinstance(value, tuple) else value
        else:
            rest[key] = value
    return row, (orjson.dumps(rest, option=orjson.OPT_SORT_KEYS).decode() if rest else None)


def _node_row(node: Node) -> dict[str, Any]:
    row, rest = _typed(node.props, NODE_PROPERTIES)
    return {"id": node.id, "label": node.label, **row, "props": rest}


def _fact_row(fact: Fact) -> dict[str, Any]:
    row, rest = _typed(fact.extra, FACT_EXTRAS)
    e = fact.evidence
    return {
        "subject": fact.subject.id,
        "subject_type": fact.subject.type,
        "subject_label": fact.subject.label,
        "object": fact.object.id,
        "object_type": fact.object.type,
        "object_label": fact.object.label,
        "confidence": fact.confidence,
        "article": e.article_id,
        "sentence": e.sentence,
        "span_start": e.start,
        "span_end": e.end,
        "extractor": e.extractor,
        **row,
        "extra": rest,
    }


def _article_row(record: Mapping[str, Any]) -> dict[str, Any]:
    known = {*_ARTICLE_FIELDS, "authors", "lines"}
    lines = record.get("lines") or (None, None)
    rest = {k: v for k, v in record.items() if k not in known and v is not None}
    return {
        **{name: record.get(name) for name in _ARTICLE_FIELDS},
        "authors": [{"name": a.get("name"), "role": a.get("role")} for a in record.get("authors") or ()],
        "first_line": lines[0],
        "last_line": lines[1],
        "extra": orjson.dumps(rest, option=orjson.OPT_SORT_KEYS).decode() if rest else None,
    }


def _spell_row(spell: Spell) -> dict[str, Any]:
    row = spell.to_dict()
    row["evidence"] = [{k: e.get(k) for k in _SPELL_EVIDENCE} for e in spell.evidence]
    return row


class _PartitionedTable:
    """One table's files: rows buffered per partition, written as row groups by a
    ParquetWriter per partition, with at most `batch_rows` rows held in all."""

    def __init__(self, folder: Path, name: str, partition_by: str | None, batch_rows: int) -> None:
        self.pa = _pyarrow()
        self.folder = folder / name
        self.schema = _schemas()[name]
        self.partition_by = partition_by
        self.batch_rows = batch_rows
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.writers: dict[str, Any] = {}
        self.rows: Counter[str] = Counter()
        self.held = 0

    def add(self, row: dict[str, Any], partition: str = "") -> None:
        self.buffers.setdefault(partition, []).append(row)
        self.rows[partition] += 1
        self.held += 1
        if self.held >= self.batch_rows:
            self._flush(max(self.buffers, key=lambda p: len(self.buffers[p])))

    def _flush(self, partition: str) -> None:
        rows = self.buffers.pop(partition, [])
        if not rows:
            return
        self.held -= len(rows)
        writer = self.writers.get(partition)
        if writer is None:
            # the partition values are node types and predicates (kg.model): safe folder names
            where = self.folder / f"{self.partition_by}={partition}" if self.partition_by else self.folder
            where.mkdir(parents=True, exist_ok=True)
            writer = self.pa.parquet.ParquetWriter(where / "part-0.parquet", self.schema, compression="zstd")
            self.writers[partition] = writer
        columns = {name: [row.get(name) for row in rows] for name in self.schema.names}
        writer.write_batch(self.pa.RecordBatch.from_pydict(columns, schema=self.schema))

    def close(self) -> None:
        for partition in sorted(self.buffers):
            self._flush(partition)
        if not self.writers and not self.partition_by:  # an empty table still has its schema
            self.folder.mkdir(parents=True, exist_ok=True)
            self.pa.parquet.write_table(self.schema.empty_table(), self.folder / "part-0.parquet")
        for writer in self.writers.values():
            writer.close()


def write_parquet(
    build: Build, out: Path | str | None = None, batch_rows: int = DEFAULT_BATCH_ROWS
) -> ParquetExport:
    """Write the build's nodes, facts, articles and spells as a Parquet dataset.

    Args:
        build: the build to export (`kg.load_build(DIR)`).
        out: the folder to write (default `DIR/parquet/`); replaced if kg wrote it before.
        batch_rows: the most rows held in memory per table, and so the largest row group.

    Returns:
        The folder and the rows of each table and partition (as in `kg-parquet.json`).
        The nodes are those of nodes.jsonl and any a fact names that nodes.jsonl lacks,
        so the counts are those of `kg stats`.

    Raises:
        ConfigError: pyarrow is not installed, or `out` holds files kg did not write.
    """
    if batch_rows < 1:
        raise ConfigError(f"batch_rows must be at least 1, got {batch_rows}")
    target = Path(out) if out is not None else build.dir / "parquet"
    nodes = build.nodes
    export = ParquetExport(target)
    with _staged(target) as stage:
        unlisted: dict[str, Node] = {}  # fact ends nodes.jsonl lacks: `kg stats` counts them too
        facts = _PartitionedTable(stage, "facts", "predicate", batch_rows)
        for fact in build.facts():
            facts.add(_fact_row(fact), fact.predicate)
            for end in (fact.subject, fact.object):
                if end.id not in nodes:
                    unlisted.setdefault(end.id, end)
        tables = {"facts": facts}
        tables["nodes"] = _PartitionedTable(stage, "nodes", "type", batch_rows)
        for node in (*nodes.values(), *(unlisted[k] for k in sorted(unlisted))):
            tables["nodes"].add(_node_row(node), node.type)
        tables["articles"] = _PartitionedTable(stage, "articles", None, batch_rows)
        for record in build.articles.values():
            tables["articles"].add(_article_row(record))
        tables["spells"] = _PartitionedTable(stage, "spells", None, batch_rows)
        for spell in read_spells(build.dir):
            tables["spells"].add(_spell_row(spell))
        for name in TABLES:
            table = tables[name]
            table.close()
            export.rows[name] = sum(table.rows.values())
            if table.partition_by:
                export.partitions[name] = dict(sorted(table.rows.items()))
        manifest = {
            "format": "kg-parquet",
            "version": 1,
            "tables": {
                name: {
                    "rows": export.rows[name],
                    "partitioned_by": tables[name].partition_by,
                    "partitions": export.partitions.get(name),
                }
                for name in TABLES
            },
        }
        (stage / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return export


def _is_ours(path: Path) -> bool:
    return path.name in (*TABLES, MANIFEST)


@contextmanager
def _staged(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` to write into; it takes `target`'s place when the
    block succeeds (any files of the user's in `target` are carried over), else it is
    removed and `target` stays as it was. A `target` kg did not write is never touched."""
    from kg.sinks.jsonl import staged_folder  # scratch names `remove_leftovers` cleans up after a kill

    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target} is a file; pass -o with a folder for the Parquet tables")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise ConfigError(
            f"{target}/ is not empty and was not written by `kg export parquet` (no {MANIFEST}); "
            "pass -o with a new or empty folder"
        )
    with ExitStack() as stack:
        try:
            stage = stack.enter_context(staged_folder(target, _is_ours))
        except OSError as exc:
            raise ConfigError(
                f"cannot write beside {target}: {exc.strerror}; pass -o with a folder you may write"
            ) from exc
        yield stage
