"""The whole build on a Dask cluster: extraction, resolution and writing on the workers.

`kg build --engine dask` calls `write_build_with_dask`. The machine running `kg build`
only plans the work and adds up counts: what grows with the corpus (articles, facts, the
node index) stays on the workers and in the staging folder, which every worker must see
(a shared or network file system; a `LocalCluster`'s workers share this machine's).

Each step is a `dask.bag` over the cluster:

1. extract: partition p (consecutive input files, about `PART_BYTES` of them) is read and
   extracted by one worker, which writes `articles/part-p.jsonl` and the facts as scratch
   rows with node ids only (`kg.sinks.jsonl.fact_row`) to `.rows/part-p`, and hands on
   its node mentions, `(id, (Mentions, partitions that mention it))`;
2. by id: the mentions `groupby` their node id into K key partitions, where they are
   merged (`merge_mentions`) into each node's canonical form, written to the key
   partition's sorted run (`.runs/`);
3. persons by name: Person nodes `groupby` their name, so the same-name rules
   (`kg.resolve.resolve_same_names`) see every candidate: folds and POSSIBLY_SAME_AS links;
4. rewrite: every (partition, id, where the node's line is in its run) `groupby`
   partition, and partition p's worker reads the lines it needs and rewrites `.rows/part-p`
   into `facts/part-p.jsonl`;
5. in order: one task merges the sorted runs of nodes as streams (one open file per run,
   memory flat) into `nodes/part-….jsonl`, and the links sorted by name into the last
   facts shard;
6. spells (`kg.tenure`): where the facts about posts are in the new shards `groupby`
   position, then by the post's body, where `derive_spells` makes the body's spells from
   those lines; their sorted runs are merged into spells.jsonl as the nodes are.

The shuffles carry ids and references into the staging folder, not nodes or fact lines: a
worker's share of a shuffle is small, and what it reads back is one partition's worth.

The shards, read in name order, are byte for byte the files a local build writes: facts
in input order and then the links by name, nodes by id. Without `shards`, this machine
concatenates them into facts.jsonl, nodes.jsonl and articles.jsonl (a streaming copy).
"""

from __future__ import annotations

import hashlib
import heapq
import pickle
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from kg.errors import W_DUPLICATE_ID, ConfigError, InputError, KgWarning
from kg.ingest import ReadReport
from kg.ingest.readers import _nothing_read, list_files, read_file
from kg.model import Node
from kg.resolve import is_person, resolve_same_names
from kg.resolve.nodes import Mentions, NodeIndex, merge_mentions, node_of
from kg.resolve.rules import ResolutionRule
from kg.tenure import SPELLS_FILE, TENURE_PREDICATES

__all__ = ["PART_BYTES", "NODE_SHARD_LINES", "DaskBuildReport", "write_build_with_dask", "shard_name"]

PART_BYTES = 4_000_000  # input per extraction partition: its rows and index fit a worker easily
KEYS_PER_PART = 4  # key partitions per extraction partition: small shuffle tasks, little held at once
NODE_SHARD_LINES = 1_000_000  # nodes per nodes/part-….jsonl
SHARDED = ("facts", "nodes", "articles")  # DIR/NAME/part-NNNNN.jsonl, or DIR/NAME.jsonl



def shard_name(number: int) -> str:
    """The file name of shard `number`: names sort in shard order.

    >>> shard_name(3)
    'part-00003.jsonl'
    """
    return f"part-{number:05d}.jsonl"


@dataclass(slots=True)
class DaskBuildReport:
    """What the cluster did, in counts: this machine never sees the rows themselves."""

    articles: int = 0
    facts: int = 0  # extracted facts, links not included
    nodes: int = 0
    links: int = 0
    merged: int = 0
    warnings: list[KgWarning] = field(default_factory=list)


@dataclass(slots=True)
class _Part:
    """What one extraction partition hands on (its rows are in the staging folder)."""

    number: int
    articles: int = 0
    facts: int = 0
    files_read: int = 0
    files_skipped: int = 0
    warnings: list[KgWarning] = field(default_factory=list)
    # its node mentions, `(id, (Mentions, (number,)))`, and each article id with (its place in
    # the input, a digest of its text, its file) for W008 across partitions: pickled in the
    # staging folder, not held by the worker until every step that reads them has run
    mentions: str = ""
    article_ids: str = ""


def write_build_with_dask(
    stage: Path,
    paths: Iterable[Path | str],
    read_report: ReadReport,
    rules: dict[str, ResolutionRule],
    scheduler: str | None,
    names: tuple[str, ...],
    shards: bool = True,
) -> DaskBuildReport:
    """Write facts, nodes and articles of the corpus at `paths` into `stage`, every step on
    the Dask cluster at `scheduler` (a local one when None): as shards
    (`facts/part-00000.jsonl`, …, see the module docstring), or, without `shards`, as the
    three single files a local build writes (the same bytes either way).

    `stage` must be a folder every worker can write to. Read problems go to `read_report`.

    Raises:
        ConfigError: Dask is not installed, or the scheduler cannot be reached.
        InputError: nothing at all could be read.
    """
    from kg.distributed import dask_client

    try:
        import dask.bag as db
    except ImportError as exc:
        raise ConfigError("the dask engine needs dask and distributed: pip install 'dask[distributed]'") from exc
    path_list = [Path(p) for p in paths]
    files = list_files(path_list, read_report)
    for name in ("facts", "nodes", "articles", ".rows", ".runs"):
        (stage / name).mkdir()
    with dask_client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        parts = _partitions(files, workers)
        count = len(parts)
        extracted = db.from_sequence(list(enumerate(parts)), npartitions=max(1, count)).map(
            _extract_part, stage=str(stage), names=names
        )
        keys = max(1, KEYS_PER_PART * count)
        by_id = (
            extracted.map(_mentions_of).flatten()
            .groupby(_first, npartitions=keys)
            .map_partitions(_settle, stage=str(stage))
        )  # fmt: skip
        by_name = (
            by_id.filter(partial(_is, "person"))
            .groupby(_second, npartitions=keys)
            .map_partitions(_resolve_names, rules=rules, stage=str(stage))
        )
        node_runs = db.concat([by_id.filter(partial(_is, "run")), by_name.filter(partial(_is, "run"))])
        rewrites = (
            db.concat([by_id.filter(partial(_is, "want")), by_name.filter(_is_wanted)])
            .groupby(_second, npartitions=keys)
            .map(_rewrite_part, stage=str(stage))
        )
        # posts in time (kg.tenure): a post's mentions go to its body, where its spells are made
        spells_by_body = (
            rewrites.map(_second).flatten()
            .groupby(_first, npartitions=keys)
            .map(_to_body, stage=str(stage))
            .filter(_is_not_none)
            .groupby(_first, npartitions=keys)
            .map_partitions(_spells_of_bodies, stage=str(stage))
        )  # fmt: skip
        duplicates = (
            extracted.map(_article_ids_of).flatten()
            .groupby(_first, npartitions=keys)
            .filter(_is_repeated)
            .map(_duplicate_warnings)
            .flatten()
        )  # fmt: skip
        runs = partial(_write_run, stage=str(stage))
        # every result a bag reduction (one Item): wrapping each partition in a `delayed` of
        # its own would cull the whole graph once per partition on this machine
        results = [
            extracted.map(_summary).reduction(list, _concat),
            rewrites.map(_first).sum(),
            node_runs.map(_second).reduction(list, _sorted_concat).apply(
                partial(_merge_nodes, folder=str(stage / "nodes"), per_shard=NODE_SHARD_LINES)
            ),
            by_name.filter(partial(_is, "link")).map_partitions(runs, kind="links").reduction(list, _sorted_concat)
            .apply(partial(_merge_into, path=str(stage / "facts" / shard_name(count)))),
            by_name.filter(partial(_is, "merged")).map(_second).sum(),
            duplicates.reduction(list, _concat),
            spells_by_body.map_partitions(runs, kind="spells").reduction(list, _sorted_concat)
            .apply(partial(_merge_into, path=str(stage / SPELLS_FILE))),
        ]  # fmt: skip
        # one graph, so every step (an extraction writes files) runs once, and what a step
        # made is let go as soon as the steps that read it are done
        futures = client.compute(results, optimize_graph=False)
        summary, rows_written, node_count, link_count, merged_count, duplicate_warnings, _ = client.gather(futures)
    report = DaskBuildReport(nodes=node_count, links=link_count, merged=merged_count)
    for articles, facts, files_read, files_skipped, warnings in summary:
        report.articles += articles
        report.facts += facts
        read_report.files_read += files_read
        read_report.files_skipped += files_skipped
        read_report.warnings.extend(warnings)
    read_report.articles += report.articles
    read_report.warnings.extend(duplicate_warnings)
    if report.articles == 0:
        raise InputError(_nothing_read(path_list, files, read_report))
    if rows_written != report.facts:  # a partition lost rows on the way: never write a partial build
        raise RuntimeError(f"the cluster rewrote {rows_written} of {report.facts} facts; run the build again")
    shutil.rmtree(stage / ".rows")
    shutil.rmtree(stage / ".runs")
    if not shards:
        for name in SHARDED:
            _concatenate(stage / name, stage / f"{name}.jsonl")
    return report


def _partitions(files: list[Path], workers: int) -> list[list[str]]:
    """Consecutive runs of input files, about `PART_BYTES` each and at least two per worker
    (while there are files), so that partition order is input order."""
    sizes = [_size(f) for f in files]
    total = sum(sizes)
    count = min(len(files), max(2 * workers, -(-total // PART_BYTES)))
    if count == 0:
        return []
    parts: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for path, size in zip(files, sizes, strict=True):
        # the partition this file starts in, by the share of all bytes before it
        at = min(count - 1, done * count // total) if total else 0
        parts[at].append(str(path))
        done += size
    return [p for p in parts if p]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_file says why, on the worker


def _extract_part(numbered: tuple[int, list[str]], stage: str, names: tuple[str, ...]) -> _Part:
    """Read and extract one partition's files on a worker: its articles and scratch rows
    go to the staging folder, its node mentions on to the shuffle."""
    from kg.extract import extract_article
    from kg.parallel import BATCH, Extracted

    number, files = numbered
    out, report, index = _Part(number), ReadReport(), NodeIndex()
    folder = Path(stage)
    article_ids: list[tuple[str, tuple[tuple[int, int], bytes, str]]] = []
    (folder / "facts" / shard_name(number)).touch()  # a partition with no facts still has its shard
    articles = (a for f in files for a in read_file(Path(f), report=report))
    with (
        (folder / "articles" / shard_name(number)).open("wb") as records,
        (folder / ".rows" / shard_name(number)).open("wb") as rows,
    ):
        # in batches, as a local build does: an article's mentions are counted once per
        # batch, then the batch's sets of article ids become plain counts
        while chunk := list(islice(articles, BATCH)):
            batch = Extracted()
            for article in chunk:
                facts = extract_article(article, names)
                batch.add(article, facts)
                digest = hashlib.sha1(article.text.encode("utf-8")).digest()
                article_ids.append((article.id, ((number, out.articles), digest, article.source)))
                out.articles += 1
                out.facts += len(facts)
            records.writelines(batch.records)
            rows.writelines(batch.rows)
            index.merge(batch.index)
    out.mentions = _pickled(
        [(node_id, (mentions, (number,))) for node_id, mentions in index.mentions()],
        folder / ".rows" / f"mentions-{number:05d}",
    )
    out.article_ids = _pickled(article_ids, folder / ".rows" / f"articles-{number:05d}")
    out.files_read, out.files_skipped, out.warnings = report.files_read, report.files_skipped, report.warnings
    return out


def _pickled(items: list[Any], path: Path) -> str:
    with path.open("wb") as fh:
        pickle.dump(items, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return str(path)


def _unpickled(path: str) -> list[Any]:
    with open(path, "rb") as fh:
        return list(pickle.load(fh))


def _mentions_of(part: _Part) -> list[tuple[str, tuple[Mentions, tuple[int, ...]]]]:
    return _unpickled(part.mentions)


def _article_ids_of(part: _Part) -> list[tuple[str, tuple[tuple[int, int], bytes, str]]]:
    return _unpickled(part.article_ids)


def _summary(part: _Part) -> tuple[int, int, int, int, list[KgWarning]]:
    return part.articles, part.facts, part.files_read, part.files_skipped, part.warnings


def _concat(parts: list[list[Any]]) -> list[Any]:
    return [item for part in parts for item in part]


def _sorted_concat(parts: list[list[str]]) -> list[str]:
    return sorted(item for part in parts for item in part)


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _second(item: tuple[Any, ...]) -> Any:
    return item[1]


def _is(tag: str, item: tuple[Any, ...]) -> bool:
    return bool(item[0] == tag)


def _is_wanted(item: tuple[Any, ...]) -> bool:
    return item[0] in ("want", "alias")


_Seen = tuple[Mentions, tuple[int, ...]]  # what partitions saw of an id, and which saw it


def _merge_seen(seen: list[tuple[str, _Seen]]) -> _Seen:
    """What every partition saw of one id (one entry each), together."""
    mentions, parts = seen[0][1]
    for _, (more, where) in seen[1:]:
        mentions, parts = merge_mentions(mentions, more), (*parts, *where)
    return mentions, tuple(sorted(parts))


def _json(node: Node) -> bytes:
    # copied to exact-size bytes: orjson's own result keeps a 4 KiB buffer per call
    return memoryview(orjson.dumps(node.to_dict())).tobytes()


def _settle(groups: Iterable[tuple[str, list[tuple[str, _Seen]]]], stage: str) -> list[tuple[Any, ...]]:
    """Each id's canonical node: a person goes on to its name's group; any other node is
    final, written to this key partition's run, and wanted by every partition whose facts
    name it (by its place in the run, not its bytes: see `_write_node_run`)."""
    out: list[tuple[Any, ...]] = []
    final: list[tuple[str, bytes, tuple[int, ...]]] = []
    for node_id, seen in groups:
        mentions, parts = _merge_seen(seen)
        node = node_of(node_id, mentions)
        if is_person(node_id):
            out.append(("person", node.label, node_id, mentions, parts))
        else:
            final.append((node_id, _json(node), parts))
    out.extend(_write_node_run(final, stage))
    return out


def _write_node_run(nodes: list[tuple[str, bytes, tuple[int, ...]]], stage: str) -> list[tuple[Any, ...]]:
    """`nodes` (id, JSON, partitions that name it) as one sorted run in `.runs/`, for
    `_merged`; returns ("run", path) and, for each partition naming a node, ("want",
    partition, id, where its JSON is). The shuffles carry these small references, not the
    nodes: the rewrite reads each line it needs from the run (the staging folder is shared)."""
    if not nodes:
        return []
    path = str(Path(stage) / ".runs" / f"nodes-{uuid.uuid4().hex}")
    out: list[tuple[Any, ...]] = [("run", path)]
    at = 0
    with open(path, "wb") as fh:
        for node_id, data, parts in sorted(nodes, key=_first):
            head = orjson.dumps(node_id) + b"\t"
            fh.write(head + data + b"\n")
            ref = (path, at + len(head), len(data))
            out.extend(("want", part, node_id, ref) for part in parts)
            at += len(head) + len(data) + 1
    return out


def _resolve_names(
    groups: Iterable[tuple[str, list[tuple[Any, ...]]]], rules: dict[str, ResolutionRule], stage: str
) -> list[tuple[Any, ...]]:
    """The same-name rules on each name's persons (all of them: grouped by name), in name
    order, so this partition's links come out sorted by name as a local build's do. The
    persons that stay go to this partition's node run (`_write_node_run`); a folded one is
    wanted under its own id, with the line of the person it was folded into."""
    out: list[tuple[Any, ...]] = []
    final: list[tuple[str, bytes, tuple[int, ...]]] = []
    for name, members in sorted(groups, key=_first):
        members = sorted(members, key=lambda m: m[2])
        index = NodeIndex.of((m[2], m[3]) for m in members)
        persons = [index.node(m[2]) for m in members]
        remap, folded, links = resolve_same_names(index, persons, rules)
        data = {p.id: _json(folded.get(p.id, p)) for p in persons if p.id not in remap}
        wanted: dict[str, set[int]] = {node_id: set() for node_id in data}
        for _, _, node_id, _, parts in members:
            wanted[remap.get(node_id, node_id)].update(parts)
        final.extend((node_id, line, tuple(sorted(wanted[node_id]))) for node_id, line in data.items())
        out.extend(
            ("alias", part, node_id, remap[node_id])
            for _, _, node_id, _, parts in members
            if node_id in remap
            for part in parts
        )
        out.extend(("link", name, orjson.dumps(link.to_dict())) for link in links)
        out.append(("merged", len(remap)))
    out.extend(_write_node_run(final, stage))
    return out


# position id, ((partition, row), predicate, offset, length): a fact about a post in its shard
_Post = tuple[str, tuple[tuple[int, int], str, int, int]]


def _rewrite_part(group: tuple[int, list[tuple[Any, ...]]], stage: str) -> tuple[int, list[_Post]]:
    """Partition `part`'s facts with their resolved nodes: `.rows/` → `facts/`. Returns how
    many, and where the facts about posts are in the new shard, by position, for the spells."""
    from kg.sinks.jsonl import render_row

    part, wanted = group
    node_json = _read_wanted(wanted)
    folder = Path(stage)
    posts: list[_Post] = []
    count = at = 0
    with (
        (folder / ".rows" / shard_name(part)).open("rb") as rows,
        (folder / "facts" / shard_name(part)).open("wb") as fh,
    ):
        for row in rows:
            line = render_row(row, node_json)
            fh.write(line)
            subject, predicate, obj = orjson.loads(row.partition(b"\t")[0])
            if predicate in TENURE_PREDICATES:
                position = subject if predicate == "POST_IN" else obj
                posts.append((position, ((part, count), predicate, at, len(line))))
            count += 1
            at += len(line)
    return count, posts


def _read_wanted(wanted: list[tuple[Any, ...]]) -> dict[str, bytes]:
    """id → node JSON for one partition: each ("want", part, id, (run, offset, length)) read
    from its run in file order, then each ("alias", part, id, canonical id) of a folded person."""
    by_run: dict[str, list[tuple[int, int, str]]] = {}
    for tag, _, node_id, where in wanted:
        if tag == "want":
            by_run.setdefault(where[0], []).append((where[1], where[2], node_id))
    node_json: dict[str, bytes] = {}
    for path, refs in by_run.items():
        with open(path, "rb") as fh:
            for offset, length, node_id in sorted(refs):
                fh.seek(offset)
                node_json[node_id] = fh.read(length)
    for tag, _, node_id, canonical in wanted:
        if tag == "alias":
            node_json[node_id] = node_json[canonical]
    return node_json


class _Lines:
    """Lines of the staging folder's facts shards by (partition, offset, length), each shard opened once."""

    def __init__(self, stage: str) -> None:
        self.folder = Path(stage) / "facts"
        self.open: dict[int, Any] = {}

    def __call__(self, part: int, offset: int, length: int) -> bytes:
        fh = self.open.get(part)
        if fh is None:
            fh = self.open[part] = (self.folder / shard_name(part)).open("rb")
        fh.seek(offset)
        return bytes(fh.read(length))

    def close(self) -> None:
        for fh in self.open.values():
            fh.close()


def _is_not_none(item: object) -> bool:
    return item is not None


_Fact = tuple[int, int, int]  # a fact line in the facts shards: partition, offset, length


def _to_body(group: tuple[str, list[_Post]], stage: str) -> tuple[str, list[_Fact]] | None:
    """A post's mentions, and the first fact of its body (as `derive_spells` takes the first
    POST_IN), under the key its spells are grouped by (`kg.tenure._with_status`): the body's
    id, else the body's name. None for a post no one holds."""
    _, facts = group
    ordered = sorted(fact for _, fact in facts)
    post_in = [(p, at, n) for (p, _), predicate, at, n in ordered if predicate == "POST_IN"][:1]
    held = [(p, at, n) for (p, _), predicate, at, n in ordered if predicate != "POST_IN"]
    if not held:
        return None
    lines = _Lines(stage)
    try:
        if post_in:
            return "id " + orjson.loads(lines(*post_in[0]))["object"]["id"], post_in + held
        props = dict(orjson.loads(lines(*held[0]))["object"].get("props") or {})
    finally:
        lines.close()
    return "name " + str(props.get("body") or ""), held


def _spells_of_bodies(
    groups: Iterable[tuple[str, list[tuple[str, list[_Fact]]]]], stage: str
) -> list[tuple[str, Any, bytes]]:
    """The spells of each body's posts (`kg.tenure.derive_spells`: successions and status are
    decided per post and per body, so a body's facts are all it needs), each under the key
    a local build orders them by, the position breaking ties as a local build's order does."""
    from kg.model import Fact
    from kg.tenure import derive_spells

    out: list[tuple[str, Any, bytes]] = []
    lines = _Lines(stage)
    try:
        for _, posts in groups:
            facts = [Fact.from_dict(orjson.loads(lines(*where))) for _, refs in posts for where in refs]
            for spell in derive_spells(facts):
                key = (spell.post, spell.start or spell.first_seen or "9999", spell.person_id, spell.position_id)
                out.append(("spell", key, orjson.dumps(spell.to_dict())))
    finally:
        lines.close()
    return out


def _write_run(items: Iterable[tuple[str, Any, bytes]], stage: str, kind: str) -> list[str]:
    """One key partition's lines, sorted by their key (a link's name, a spell's order), each
    `key as JSON<TAB>line`, into a run in `.runs/` for `_merged` to merge with the others."""
    path = str(Path(stage) / ".runs" / f"{kind}-{uuid.uuid4().hex}")
    with open(path, "wb") as fh:
        for _, key, line in sorted(items, key=_second):
            fh.write(orjson.dumps(key) + b"\t" + line + b"\n")
    return [path]


def _merged(runs: list[str]) -> Iterator[bytes]:
    """The lines of sorted runs in one sorted stream, one line of each run in memory.
    Ties keep their run's order (heapq.merge is stable): a link's name is in one run."""

    def read(path: str) -> Iterator[tuple[Any, bytes]]:
        with open(path, "rb") as fh:
            for line in fh:
                key, _, rest = line.partition(b"\t")
                yield orjson.loads(key), rest

    for _, line in heapq.merge(*map(read, runs), key=_first):
        yield line


def _merge_nodes(runs: list[str], folder: str, per_shard: int) -> int:
    """nodes/part-….jsonl: the nodes of every run by id, `per_shard` a file (returns how many)."""
    count, fh = 0, open(Path(folder) / shard_name(0), "wb")
    try:
        for line in _merged(runs):
            if count and count % per_shard == 0:
                fh.close()
                fh = open(Path(folder) / shard_name(count // per_shard), "wb")
            fh.write(line)
            count += 1
    finally:
        fh.close()
    return count


def _merge_into(runs: list[str], path: str) -> int:
    """The lines of every run in key order into one file (the links shard, spells.jsonl);
    returns how many."""
    count = 0
    with open(path, "wb") as fh:
        for line in _merged(runs):
            fh.write(line)
            count += 1
    return count


_Read = tuple[tuple[int, int], bytes, str]  # (partition, position), text digest, file


def _is_repeated(group: tuple[str, list[tuple[str, _Read]]]) -> bool:
    return len(group[1]) > 1


def _duplicate_warnings(group: tuple[str, list[tuple[str, _Read]]]) -> list[KgWarning]:
    """W008 for each later article of an id whose text differs from the first one read."""
    article_id, reads = group
    first, *later = sorted(read for _, read in reads)
    return [
        KgWarning(
            W_DUPLICATE_ID,
            source,
            f"article id {article_id!r} was read before, from {first[2]}, with another text; "
            "the two are one article node now: give each record its own id",
        )
        for _, digest, source in later
        if digest != first[1]
    ]


def _concatenate(folder: Path, target: Path) -> None:
    """The shards of `folder`, in order, into one file `target` (a streaming copy); the folder goes."""
    with target.open("wb") as out:
        for shard in sorted(folder.glob("part-*.jsonl")):
            with shard.open("rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
    shutil.rmtree(folder)
