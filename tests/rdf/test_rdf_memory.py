"""The RDF export streams a build with flat memory and writes the bytes it wrote before (issue 20).

The reference is the export as it was: one pass over the facts, every node id, direct
triple, statement and sentence it had written held in a set. `reference_bytes` keeps that
algorithm here, on the same quad-making code, so the two-pass export (a scratch file for
where things first occur, per-article sets) is checked against it byte for byte.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
import pytest
from rdf_facts import fact, person

from kg.build_folder import Build, load_build
from kg.model import Evidence, Fact, Node
from kg.rdf import mapping, scratch
from kg.rdf.mapping import _POST_PREDICATES, _Mapper, _Source, rdf_format, write_rdf
from kg.rdf.vocab import DEFAULT_BASE, PREFIXES, data_prefixes
from kg.tenure import derive_spells

FORMATS = ("ttl", "nt", "trig", "jsonld")


class _Dicts(_Source):
    def __init__(self, nodes: Mapping[str, Node], articles: Mapping[str, Mapping[str, Any]]) -> None:
        self.nodes, self.articles = nodes, articles

    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def article_title(self, article_id: str) -> str | None:
        return self.articles.get(article_id, {}).get("title")


class SeenSets:
    """The de-duplication before issue 20: everything written so far, in sets."""

    def __init__(self) -> None:
        self.nodes: set[str] = set()
        self.triples: set[tuple[str, str, str]] = set()
        self.statements: set[str] = set()
        self.sentences: set[str] = set()

    def next_fact(self) -> None:
        pass

    def is_first_node(self, slot: int, node_id: str) -> bool:
        return _is_new(self.nodes, node_id)

    def is_first_triple(self, subject: str, predicate: str, object: str) -> bool:
        return _is_new(self.triples, (subject, predicate, object))

    def is_new_statement(self, article_id: str, iri: str) -> bool:
        return _is_new(self.statements, iri)

    def is_new_sentence(self, article_id: str, iri: str) -> bool:
        return _is_new(self.sentences, iri)


def _is_new(seen: set[Any], key: Any) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def reference_quads(
    facts: Iterable[Fact], nodes: Mapping[str, Node], articles: Mapping[str, Mapping[str, Any]]
) -> Iterator[ox.Quad]:
    mapper, seen = _Mapper(DEFAULT_BASE, _Dicts(nodes, articles)), SeenSets()
    yield from mapper.dataset()
    posts = []
    for f in facts:
        if f.predicate in _POST_PREDICATES:
            posts.append(f)
        yield from mapper.fact(f, seen)
    for spell in derive_spells(posts, nodes):
        yield from mapper.membership(spell)
    for node_id in sorted(nodes):
        if seen.is_first_node(0, nodes[node_id].id):
            yield from mapper.node(nodes[node_id])


def reference_bytes(
    facts: Iterable[Fact],
    fmt: str,
    nodes: Mapping[str, Node] | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
    tmp: Path | None = None,
) -> bytes:
    assert tmp is not None
    quads = reference_quads(facts, nodes or {}, articles or {})
    path = tmp / f"reference.{fmt}"
    with path.open("wb") as fh:
        data = quads if fmt == "trig" else (q.triple for q in quads)
        ox.serialize(data, fh, rdf_format(fmt), prefixes={**PREFIXES, **data_prefixes(DEFAULT_BASE)})
    return path.read_bytes()


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of 100 kB of generated pages: thousands of facts, repeated triples and nodes."""
    from kg.pipeline import build
    from kg.synth import write_corpus

    corpus = tmp_path_factory.mktemp("synthetic-corpus")
    write_corpus(corpus, 100_000, seed=1, page_bytes=20_000)
    out = tmp_path_factory.mktemp("synthetic-build")
    build([corpus], out, stores=(), workers=1)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_examples_streamed_from_their_files_give_the_bytes_of_the_old_export(
    examples_build: Path, tmp_path: Path, fmt: str
):
    b = load_build(examples_build)
    streamed = write_rdf(b, tmp_path / f"g.{fmt}", fmt).path.read_bytes()
    assert streamed == reference_bytes(b.facts(), fmt, b.nodes, b.articles, tmp_path)


@pytest.mark.parametrize("fmt", ("ttl", "nt"))
def test_a_generated_corpus_gives_the_bytes_of_the_old_export(
    synthetic_build: Path, tmp_path: Path, fmt: str
):
    b = load_build(synthetic_build)
    streamed = write_rdf(b, tmp_path / f"g.{fmt}", fmt).path.read_bytes()
    assert streamed == reference_bytes(b.facts(), fmt, b.nodes, b.articles, tmp_path)


def test_facts_from_an_iterable_give_the_bytes_of_the_build_they_come_from(
    examples_build: Path, tmp_path: Path
):
    b = load_build(examples_build)
    from_build = write_rdf(b, tmp_path / "1.ttl").path.read_bytes()
    from_iterable = write_rdf(
        b.facts(), tmp_path / "2.ttl", nodes=b.nodes, articles=b.articles
    ).path.read_bytes()
    assert from_build == from_iterable


def test_an_article_whose_facts_come_back_later_keeps_each_sentence_and_statement_once(tmp_path: Path):
    # a POSSIBLY_SAME_AS link comes after every article, with the evidence of one of them
    li, wang = person("李文华", node_id="person:li"), person("王海明", node_id="person:wang")
    first = fact(li, "MENTIONS", wang, article="a1", sentence="李文华、王海明出席。")
    others = [fact(wang, "MENTIONS", li, article="a2", sentence="王海明发言。")]
    facts = [
        first,
        *others,
        first,
        fact(li, "POSSIBLY_SAME_AS", wang, article="a1", sentence="李文华、王海明出席。"),
    ]
    streamed = write_rdf(facts, tmp_path / "g.nt", "nt").path.read_bytes()
    assert streamed == reference_bytes(facts, "nt", tmp=tmp_path)
    assert streamed.count("李文华、王海明出席。".encode()) == 1


def test_a_build_brings_its_own_nodes(examples_build: Path, tmp_path: Path):
    b = load_build(examples_build)
    with pytest.raises(TypeError, match="a Build brings its own nodes and articles"):
        write_rdf(b, tmp_path / "g.ttl", nodes=b.nodes)


def test_the_scratch_file_goes_with_the_export(examples_build: Path, tmp_path: Path):
    write_rdf(load_build(examples_build), tmp_path / "g.ttl")
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def _write_build(folder: Path, articles: int) -> Build:
    """A build of `articles` articles, each naming three people of its own in one post."""
    folder.mkdir()
    post = Node("position:p1", "Position", "陇西县政协委员", (("role", "委员"),))
    nodes, lines = {post.id: post}, []
    for a in range(articles):
        for k in range(3):
            who = Node(f"person:{a}-{k}", "Person", f"委员{a}-{k}", (("name", f"委员{a}-{k}"),))
            nodes[who.id] = who
            ev = Evidence(f"a{a}", f"委员{a}-{k}当选。", 0, 5, "positions.v3")
            lines.append(orjson.dumps(Fact(who, "MENTIONS", post, ev, 0.9).to_dict()))
    (folder / "facts.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "nodes.jsonl").write_bytes(
        b"".join(orjson.dumps(nodes[k].to_dict()) + b"\n" for k in sorted(nodes))
    )
    (folder / "articles.jsonl").write_bytes(b"")
    return Build(folder)


def _traced_peak(build: Build, path: Path) -> int:
    tracemalloc.start()
    try:
        write_rdf(build, path, "nt")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_when_the_build_grows_fourfold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # the caches and write batches, made small enough to fill here
    monkeypatch.setattr(mapping, "_REFS_CACHED", 64)
    monkeypatch.setattr(scratch, "_BATCH", 100)
    small = _traced_peak(_write_build(tmp_path / "small", 100), tmp_path / "small.nt")
    large = _traced_peak(_write_build(tmp_path / "large", 400), tmp_path / "large.nt")
    # the sets of before grew by about 1 kB a fact: 900 more facts would be 900 kB
    assert large - small < 100_000, (small, large)


def _copy_build(build: Path, to: Path, shards: bool = False, spells: bool = True) -> Build:
    """The build's files in `to`: facts and nodes cut in two shards each when `shards`."""
    to.mkdir()
    for name in ("facts", "nodes", "articles"):
        lines = (build / f"{name}.jsonl").read_bytes().splitlines(keepends=True)
        if shards and name != "articles":
            (to / name).mkdir()
            half = len(lines) // 2
            (to / name / "part-00000.jsonl").write_bytes(b"".join(lines[:half]))
            (to / name / "part-00001.jsonl").write_bytes(b"".join(lines[half:]))
        else:
            (to / f"{name}.jsonl").write_bytes(b"".join(lines))
    if spells:  # written after the facts, so it is this build's (no manifest here)
        (to / "spells.jsonl").write_bytes((build / "spells.jsonl").read_bytes())
    return Build(to)


def test_a_build_in_shards_gives_the_bytes_of_the_one_file(examples_build: Path, tmp_path: Path):
    one = write_rdf(load_build(examples_build), tmp_path / "one.nt", "nt").path.read_bytes()
    sharded = _copy_build(examples_build, tmp_path / "sharded", shards=True)
    assert write_rdf(sharded, tmp_path / "sharded.nt", "nt").path.read_bytes() == one


def test_a_build_without_spells_jsonl_derives_the_same_memberships(examples_build: Path, tmp_path: Path):
    one = write_rdf(load_build(examples_build), tmp_path / "one.nt", "nt").path.read_bytes()
    assert b"Membership" in one
    bare = _copy_build(examples_build, tmp_path / "bare", spells=False)
    assert write_rdf(bare, tmp_path / "bare.nt", "nt").path.read_bytes() == one
