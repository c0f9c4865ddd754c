"""`kg export neo4j-import`: CSV files for `neo4j-admin database import full`, the bulk path.

For millions of facts, the offline importer is much faster than MERGE statements. The
folder holds:

- `nodes_<Label>.csv` (and `nodes_Organization_CPPCCBody.csv` for CPPCC bodies, imported
  with both labels): header `id:ID,label,<prop>[:type]…`;
- `relationships_<TYPE>.csv`: header `:START_ID,:END_ID,article,sentence,start:long,
  end:long,extractor,confidence:double[,rule,reason]`, one row per evidence key;
- the build's spells (`kg.cypher.spells`): `nodes_Spell.csv`, and
  `relationships_HAS_SPELL.csv` and `relationships_IN_POST.csv` (header `:START_ID,:END_ID`);
- `import.sh`: the neo4j-admin command line, and `schema.cypher`: the constraints and
  full-text index to run once the database is started (the importer creates none).

The graph model is the one of `kg.cypher.statements`. Strings are quoted CSV (quotes
doubled, newlines kept: `--multiline-fields=true`); empty unquoted fields are absent
properties. Arrays are split on U+001F (`--array-delimiter=U+001F`), a control character
no text holds, so aliases with `;` or `,` stay whole.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from kg.cypher.spells import SPELL_LABEL, build_spells, spell_rows
from kg.cypher.statements import (
    CPPCC_LABEL,
    distinct_facts,
    is_cppcc_body,
    neo4j_schema_statements,
    node_row,
    relationship_row,
)
from kg.model import NODE_TYPES, PREDICATES, Fact, Node

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = [
    "ARRAY_DELIMITER",
    "ImportFiles",
    "write_import",
    "write_import_build",
    "header_type",
    "import_command",
]

ARRAY_DELIMITER = "\x1f"
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
SHARD_BYTES = 64_000_000  # of facts.jsonl per shard (a few hundred MB of rows in memory)
_REL_FIXED = ["article", "sentence", "start:long", "end:long", "extractor", "confidence:double"]


@dataclass(slots=True)
class ImportFiles:
    """What `write_import` wrote: files by label/type, the command, the counts."""

    folder: Path
    nodes: dict[str, list[Path]] = field(default_factory=dict)  # "Person", "Organization:CPPCCBody" → files
    relationships: dict[str, list[Path]] = field(default_factory=dict)  # "HOLDS" → files (one per shard)
    node_count: int = 0
    relationship_count: int = 0
    command: str = ""


def header_type(values: Iterable[Any]) -> str:
    """The neo4j-admin header type of a property column from its values.

    >>> header_type(["a", "b"]), header_type([1, 2]), header_type([["x"], ["y", "z"]]), header_type([1, "a"])
    ('string', 'long', 'string[]', 'string')
    """
    kinds: set[str] = set()
    for value in values:
        if isinstance(value, list):
            inner = {_TYPES.get(type(v)) for v in value}
            if len(inner) > 1 or None in inner:
                return "string"
            kinds.add(f"{inner.pop()}[]" if inner else "[]")
        else:
            kind = _TYPES.get(type(value))
            if kind is None:
                return "string"
            kinds.add(kind)
    if "[]" in kinds:  # an empty list fits any array type
        kinds.discard("[]")
        if not kinds:
            return "string[]"
        if not all(k.endswith("[]") for k in kinds):
            return "string"
    return kinds.pop() if len(kinds) == 1 else "string"


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(
            str(v).lower() if isinstance(v, bool) else str(v).replace(ARRAY_DELIMITER, " ") for v in value
        )
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")  # plain names and types: nothing to quote
        writer = csv.writer(fh, quoting=csv.QUOTE_STRINGS, lineterminator="\n")
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _node_file(folder: Path, group: str, rows: list[dict[str, Any]], suffix: str = "") -> Path:
    keys: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        for key, value in row["props"].items():
            if key != "label":
                keys[key].append(value)
    columns = [(key, header_type(values)) for key, values in sorted(keys.items())]
    header = ["id:ID", "label"] + [k if t == "string" else f"{k}:{t}" for k, t in columns]
    body = (
        [row["id"], row["props"]["label"]] + [_cell(row["props"].get(k), t) for k, t in columns]
        for row in rows
    )
    path = folder / f"nodes_{group.replace(':', '_')}{suffix}.csv"
    _write_csv(path, header, body)
    return path


def _write_nodes(out: Path, nodes: Iterable[Node], files: ImportFiles, suffix: str = "") -> None:
    """One file per label group (with its own header) for these nodes."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (NODE_TYPES.index(n.type), n.id)):
        groups[f"{node.type}:{CPPCC_LABEL}" if is_cppcc_body(node) else node.type].append(node_row(node))
    for group, rows in groups.items():
        files.nodes.setdefault(group, []).append(_node_file(out, group, rows, suffix))
        files.node_count += len(rows)


def _write_relationships(
    out: Path,
    facts: Iterable[Fact],
    files: ImportFiles,
    suffix: str = "",
    ends: dict[str, Node] | None = None,
) -> None:
    """One file per relationship type (with its own header) for these facts; the ends of
    facts are added to `ends` when given (to write nodes no node list has)."""
    extras: dict[str, set[str]] = defaultdict(set)
    rows_by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in distinct_facts(facts):
        if ends is not None:
            for end in (fact.subject, fact.object):
                ends.setdefault(end.id, end)
        row = relationship_row(fact)
        rows_by_type[fact.predicate].append(row)
        extras[fact.predicate].update(k for k in row["props"] if k not in ("sentence", "confidence"))
    for predicate in PREDICATES:
        if predicate not in rows_by_type:
            continue
        extra = sorted(extras[predicate])
        header = [":START_ID", ":END_ID", *_REL_FIXED, *extra]
        body = (
            [
                r["subject"],
                r["object"],
                r["article"],
                r["props"]["sentence"],
                r["start"],
                r["end"],
                r["extractor"],
                r["props"]["confidence"],
            ]
            + [_cell(r["props"].get(k), "string") for k in extra]
            for r in rows_by_type[predicate]
        )
        path = out / f"relationships_{predicate}{suffix}.csv"
        files.relationship_count += _write_csv(path, header, body)
        files.relationships.setdefault(predicate, []).append(path)


def _write_spells(out: Path, spells: Iterable[Spell], files: ImportFiles) -> None:
    """`nodes_Spell.csv` and its two relationship files; nothing when there is no spell."""
    rows = spell_rows(spells)
    if not rows:
        return
    files.nodes.setdefault(SPELL_LABEL, []).append(_node_file(out, SPELL_LABEL, rows))
    files.node_count += len(rows)
    for rel, ends in (("HAS_SPELL", ("person", "id")), ("IN_POST", ("id", "position"))):
        path = out / f"relationships_{rel}.csv"
        files.relationship_count += _write_csv(
            path, [":START_ID", ":END_ID"], ([r[k] for k in ends] for r in rows)
        )
        files.relationships.setdefault(rel, []).append(path)


def import_command(files: ImportFiles, database: str = "neo4j") -> str:
    """The neo4j-admin command line for the files (run from their folder, database stopped)."""
    parts = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
    ]
    parts += [f"--nodes={label}={path.name}" for label, paths in files.nodes.items() for path in paths]
    parts += [
        f"--relationships={rel}={path.name}" for rel, paths in files.relationships.items() for path in paths
    ]
    return " ".join(shlex.quote(p) for p in parts)


def write_import(
    folder: Path | str,
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    database: str = "neo4j",
    spells: Iterable[Spell] = (),
) -> ImportFiles:
    """Write the import folder for nodes, facts and spells held in memory (one file per label and type).

    Atomic: the files are written into a folder beside `folder`, which replaces it only
    when all are written (see `_staged`).
    """
    with _staged(folder) as out:
        files = ImportFiles(out)
        all_nodes = dict(nodes)
        _write_relationships(out, facts, files, ends=all_nodes)
        _write_nodes(out, all_nodes.values(), files)
        _write_spells(out, spells, files)
        _finish(files, database)
    return _moved(files, Path(folder))


def write_import_build(
    folder: Path | str,
    build_dir: Path | str,
    database: str = "neo4j",
    shards: int | None = None,
    scheduler: str | None = None,
) -> ImportFiles:
    """Write the import folder of a finished build in parallel shards, one process each.

    facts.jsonl and nodes.jsonl are cut into `shards` byte ranges (default: one per core;
    a cut between facts of one article moves to the next article, so repeats stay
    together); each shard writes its own files, each with its header, and the command
    names them all (`--relationships=HOLDS=a.csv --relationships=HOLDS=b.csv`: Neo4j
    reads every group with its own header). Memory is one shard's rows per process.
    The build's spells (spells.jsonl; none for a build written before spells were) are
    written in one file each. Atomic, as `write_import` is.

    With `scheduler` (`tcp://host:8786`), the shards are Dask tasks on that cluster's
    workers (default: one per worker thread), which write into the staged folder beside
    `folder`: it and the build must be on a file system every worker sees. For the same
    number of shards the files are those of the local processes, byte for byte.

    Raises:
        ConfigError: the scheduler cannot be reached, Dask is not installed, or the
            workers wrote files this machine cannot see (no shared file system).
    """
    with ExitStack() as stack:
        client = None
        if scheduler is not None:  # first: an unreachable scheduler leaves nothing behind
            from kg.distributed import dask_client

            client = stack.enter_context(dask_client(scheduler))
        out = stack.enter_context(_staged(folder))
        files = _write_shards(out, Path(build_dir).absolute(), shards, client)
        _write_spells(out, build_spells(build_dir), files)
        _finish(files, database)
    return _moved(files, Path(folder))


_Job = tuple[Callable[..., ImportFiles], tuple[Any, ...]]


def _write_shards(out: Path, build: Path, shards: int | None, client: Any = None) -> ImportFiles:
    from kg.build_folder import Build
    from kg.parallel import default_workers

    workers = (_cluster_threads(client) if client is not None else 0) or default_workers()
    finished = Build(build)  # one file each, or the shards a Dask build left (Build.fact_files)
    # one shard per core, and more for a big build: a shard's rows are held while its files are written
    by_size = -(-sum(p.stat().st_size for p in finished.fact_files) // SHARD_BYTES)
    count = max(1, shards if shards is not None else max(workers, by_size))
    fact_ranges = _ranges_of(finished.fact_files, count, _article_of)
    node_ranges = _ranges_of(finished.node_files, count, None)
    width = len(str(max(len(fact_ranges), len(node_ranges))))
    jobs: list[_Job] = [(_node_shard, (out, *r, f".{k:0{width}d}")) for k, r in enumerate(node_ranges)]
    jobs += [(_fact_shard, (out, *r, f".{k:0{width}d}")) for k, r in enumerate(fact_ranges)]
    results = _on_cluster(client, jobs) if client is not None else _in_processes(min(count, workers), jobs)
    files = ImportFiles(out)
    for shard in results:  # in job order, so the command names the files as the local pool does
        for group, paths in shard.nodes.items():
            files.nodes.setdefault(group, []).extend(paths)
        for predicate, paths in shard.relationships.items():
            files.relationships.setdefault(predicate, []).extend(paths)
        files.node_count += shard.node_count
        files.relationship_count += shard.relationship_count
    return files


def _in_processes(workers: int, jobs: list[_Job]) -> list[ImportFiles]:
    from kg.parallel import process_pool

    with process_pool(workers) as pool:
        futures = [pool.submit(job, *args) for job, args in jobs]
        return [future.result() for future in futures]


def _on_cluster(client: Any, jobs: list[_Job]) -> list[ImportFiles]:
    """The jobs as tasks on the cluster's workers (`distributed.Client`), results in job order."""
    from kg.errors import ConfigError

    futures = [client.submit(job, *args, pure=False) for job, args in jobs]
    results: list[ImportFiles] = client.gather(futures)
    for shard in results:
        for path in (p for paths in [*shard.nodes.values(), *shard.relationships.values()] for p in paths):
            if not path.is_file():
                raise ConfigError(
                    f"the Dask workers wrote {path}, which this machine cannot see; write the import "
                    f"to a folder on a file system every worker shares (-o), or leave out --scheduler"
                )
    return results


def _cluster_threads(client: Any) -> int:
    """The worker threads of the cluster (0 before any worker has joined)."""
    return sum(int(n) for n in client.nthreads().values())


def _lines_between(path: Path, lo: int, hi: int) -> Iterator[dict[str, Any]]:
    with path.open("rb") as fh:
        fh.seek(lo)
        while fh.tell() < hi:
            line = fh.readline()
            if not line:
                break
            if line.strip():
                yield orjson.loads(line)


def _node_shard(out: Path, path: Path, lo: int, hi: int, suffix: str) -> ImportFiles:
    files = ImportFiles(out)
    _write_nodes(out, (Node.from_dict(d) for d in _lines_between(path, lo, hi)), files, suffix)
    return files


def _fact_shard(out: Path, path: Path, lo: int, hi: int, suffix: str) -> ImportFiles:
    files = ImportFiles(out)
    _write_relationships(out, (Fact.from_dict(d) for d in _lines_between(path, lo, hi)), files, suffix)
    return files


def _article_of(line: bytes) -> Any:
    return orjson.loads(line)["evidence"]["article"]


def _ranges_of(paths: list[Path], count: int, key: Callable[[bytes], Any] | None) -> list[tuple[Path, int, int]]:
    """About `count` ranges over the files, each file's share by its size (`_ranges`)."""
    total = sum(p.stat().st_size for p in paths) or 1
    return [
        (path, lo, hi)
        for path in paths
        for lo, hi in _ranges(path, max(1, round(count * path.stat().st_size / total)), key)
    ]


def _ranges(path: Path, count: int, key: Callable[[bytes], Any] | None) -> list[tuple[int, int]]:
    """`count` byte ranges of whole lines covering the file; with `key`, a cut moves on
    until the line's key changes (facts of one article stay in one range)."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as fh:
        for k in range(1, count):
            fh.seek(max(cuts[-1], size * k // count))
            if fh.tell() > 0:
                fh.readline()  # to the start of the next whole line
            if key is not None:
                pos = fh.tell()
                line = fh.readline()
                first = key(line) if line.strip() else None
                while line:
                    nxt_pos = fh.tell()
                    nxt = fh.readline()
                    if not nxt.strip() or key(nxt) != first:
                        fh.seek(nxt_pos)
                        break
                    line = nxt
                else:
                    fh.seek(pos)
            if fh.tell() >= size or fh.tell() <= cuts[-1]:
                continue
            cuts.append(fh.tell())
    cuts.append(size)
    return [(lo, hi) for lo, hi in zip(cuts, cuts[1:], strict=False) if hi > lo]


_OURS = ("*.csv", "import.sh", "schema.cypher")  # what a previous export wrote (and this one replaces)


@contextmanager
def _staged(folder: Path | str) -> Iterator[Path]:
    """A fresh folder beside `folder` to write into (`staged_folder`): a failed export
    never leaves half its CSVs, and the user's own files there are kept."""
    from kg.sinks.jsonl import staged_folder  # here: kg.sinks loads the cypher modules

    with staged_folder(Path(folder), lambda path: any(path.match(pattern) for pattern in _OURS)) as stage:
        yield stage


def _moved(files: ImportFiles, folder: Path) -> ImportFiles:
    """`files` with their paths in `folder`, where the staged folder was moved."""
    files.folder = folder
    files.nodes = {k: [folder / p.name for p in v] for k, v in files.nodes.items()}
    files.relationships = {k: [folder / p.name for p in v] for k, v in files.relationships.items()}
    return files


def _finish(files: ImportFiles, database: str) -> ImportFiles:
    out = files.folder
    files.command = import_command(files, database)
    (out / "import.sh").write_text(
        "#!/bin/sh\n# Bulk-load this build into an empty, stopped Neo4j 5 database, then start it and run\n"
        "# `cypher-shell -f schema.cypher` for the constraints and the full-text index.\n"
        f'cd "$(dirname "$0")" && {files.command} "$@"\n',
        encoding="utf-8",
    )
    (out / "import.sh").chmod(0o755)
    (out / "schema.cypher").write_text(
        "".join(s + ";\n" for s in neo4j_schema_statements()), encoding="utf-8"
    )
    return files
