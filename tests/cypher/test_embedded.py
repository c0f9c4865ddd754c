"""The embedded Cypher store: what `kg build` writes under exports/ and `kg cypher` reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from cypher_fixtures import HOSTILE, ROOT, hostile_facts

from kg.build_folder import load_build
from kg.cypher import embedded_engine
from kg.cypher.embedded_engine import EmbeddedGraph, open_store, store_path, write_store
from kg.cypher.loader import graph_counts, load_graph
from kg.cypher.statements import relationship_key
from kg.errors import InputError, QueryError


def expected_counts(folder: Path) -> tuple[int, int]:
    b = load_build(folder)
    return len(b.nodes), len({relationship_key(f) for f in b.facts()})


def is_gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_store_holds_every_node_and_every_distinct_fact(pages_build, tmp_path):
    b = load_build(pages_build)
    _, report = write_store(tmp_path, b.nodes, b.facts())
    nodes, rels = expected_counts(pages_build)
    assert report.counts.total_nodes == nodes
    assert report.counts.total_relationships == rels
    assert store_path(tmp_path).is_file()


def test_loading_the_same_build_twice_leaves_the_same_counts(pages_build, tmp_path):
    b = load_build(pages_build)
    with EmbeddedGraph.start(tmp_path) as graph:
        first = load_graph(graph, b.nodes, b.facts()).counts
        second = load_graph(graph, b.nodes, b.facts()).counts
    assert first == second
    assert first.total_relationships == expected_counts(pages_build)[1]


def test_a_bigger_build_adds_only_what_is_new(examples_build, tmp_path):
    b = load_build(examples_build)
    facts = list(b.facts())
    with EmbeddedGraph.start(tmp_path / "grown") as graph:
        load_graph(graph, b.nodes, facts[: len(facts) // 2])
        grown = load_graph(graph, b.nodes, facts).counts
    with EmbeddedGraph.start(tmp_path / "fresh") as graph:
        fresh = load_graph(graph, b.nodes, facts).counts
    assert grown == fresh


class Interrupted(Exception):
    pass


def test_an_interrupted_load_is_finished_by_loading_again(examples_build, tmp_path):
    b = load_build(examples_build)
    with EmbeddedGraph.start(tmp_path) as graph:
        sent = []

        def stop_after_five(batch):
            sent.append(batch)
            if len(sent) == 5:
                raise Interrupted

        with pytest.raises(Interrupted):
            load_graph(graph, b.nodes, b.facts(), batch_size=10, on_batch=stop_after_five)
        partial = graph_counts(graph)
        resumed = load_graph(graph, b.nodes, b.facts(), batch_size=10).counts
    assert partial.total_relationships < resumed.total_relationships
    assert (resumed.total_nodes, resumed.total_relationships) == expected_counts(examples_build)


def test_every_piece_of_evidence_of_a_repeated_fact_survives(examples_build, tmp_path):
    # 县政协副主席邓华、罗建军、吴秀英: one post, three spans of evidence in one sentence
    b = load_build(examples_build)
    write_store(tmp_path, b.nodes, b.facts())
    with open_store(tmp_path) as graph:
        rows = graph.query(
            "MATCH (p:Position {label: $post})-[r:POST_IN]->(o:CPPCCBody) RETURN r.end ORDER BY r.end",
            {"post": "宜黄县政协副主席"},
        ).rows
    assert rows == [[84], [88], [92]]


def test_hostile_strings_round_trip_unchanged(tmp_path):
    nodes, facts = hostile_facts()
    write_store(tmp_path, nodes, facts)
    with open_store(tmp_path) as graph:
        person = graph.query(
            "MATCH (p:Person {id: $id}) RETURN p.label, p.aliases, p.anchor", {"id": "person:hostile"}
        )
        held = graph.query("MATCH (:Person)-[r:HOLDS]->(x:Position) RETURN x.label, r.sentence, r.article")
        link = graph.query("MATCH ()-[r:POSSIBLY_SAME_AS]->() RETURN r.rule, r.reason")
    assert person.rows == [[HOSTILE[0], HOSTILE, HOSTILE[2]]]
    assert sorted((label, sentence) for label, sentence, _ in held.rows) == sorted((h, h) for h in HOSTILE)
    assert sorted(article for _, _, article in held.rows) == sorted(f"article {h}" for h in HOSTILE)
    assert link.rows == [["same_name_nested_regions", HOSTILE[5]]]


def test_cppcc_bodies_carry_the_extra_label(examples_build, tmp_path):
    b = load_build(examples_build)
    write_store(tmp_path, b.nodes, b.facts())
    with open_store(tmp_path) as graph:
        labels = graph.query("MATCH (o:CPPCCBody) RETURN DISTINCT o.kind, labels(o)").rows
    assert labels == [["cppcc", ["Organization", "CPPCCBody"]]]


def test_a_failed_load_keeps_the_previous_store(examples_build, tmp_path, monkeypatch):
    b = load_build(examples_build)
    write_store(tmp_path, b.nodes, b.facts())
    before = store_path(tmp_path).read_bytes()

    def broken(*args, **kwargs):
        raise Interrupted

    monkeypatch.setattr(embedded_engine, "load_graph", broken)
    with pytest.raises(Interrupted):
        write_store(tmp_path, b.nodes, b.facts())
    assert store_path(tmp_path).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.falkordb"]  # no half-built folder left


def test_two_stores_open_at_once_do_not_collide(examples_build, pages_build, tmp_path):
    for name, folder in (("a", examples_build), ("b", pages_build)):
        b = load_build(folder)
        write_store(tmp_path / name, b.nodes, b.facts())
    with open_store(tmp_path / "a") as a, open_store(tmp_path / "b") as b:
        assert a.pid != b.pid
        count_a = a.query("MATCH (n) RETURN count(n)").rows
        count_b = b.query("MATCH (n) RETURN count(n)").rows
    assert count_a == [[expected_counts(examples_build)[0]]]
    assert count_b == [[expected_counts(pages_build)[0]]]


def test_the_engine_process_stops_when_the_block_ends(tmp_path):
    nodes, facts = hostile_facts()
    write_store(tmp_path, nodes, facts)
    with open_store(tmp_path) as graph:
        pid = graph.pid
        assert pid and not is_gone(pid)
    assert is_gone(pid)
    with pytest.raises(QueryError), open_store(tmp_path) as graph:
        pid = graph.pid
        graph.query("MATCH (n) RETRN n")
    assert is_gone(pid)


def test_reading_never_changes_the_store(examples_build, tmp_path):
    b = load_build(examples_build)
    write_store(tmp_path, b.nodes, b.facts())
    before = store_path(tmp_path).read_bytes()
    with open_store(tmp_path) as graph:
        graph.query("MATCH (n) RETURN count(n)")
    assert store_path(tmp_path).read_bytes() == before


def test_a_folder_without_a_store_says_how_to_make_one(tmp_path):
    with pytest.raises(InputError, match="run `kg build PATHS -o"), open_store(tmp_path):
        pass


# -- kg cypher, as a user runs it ------------------------------------------------------


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = kg("build", str(ROOT / "examples"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_kg_build_writes_the_store_and_kg_cypher_prints_a_table(built):
    assert store_path(built).is_file()
    result = kg(
        "cypher",
        "--exports",
        str(built),
        "MATCH (p:Person)-[:HOLDS]->(:Position)-[:POST_IN]->(o) WHERE p.label = '郑国华' RETURN DISTINCT p.label, o.label",
    )
    assert result.returncode == 0, result.stderr
    assert "郑国华" in result.stdout and "临川区政协" in result.stdout
    assert result.stderr.strip() == "1 rows"


def test_kg_cypher_prints_json_records_with_parameters(built):
    result = kg(
        "cypher",
        "-e",
        str(built),
        "-f",
        "json",
        "--param",
        "name=郑国华",
        "MATCH (p:Person {label: $name})-[:HOLDS]->(x) RETURN x.label AS post ORDER BY post",
    )
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(result.stdout) == [{"post": "临川区政协主席"}, {"post": "临川区政协党组书记"}]


def test_kg_cypher_prints_csv(built):
    result = kg(
        "cypher", "-e", str(built), "-f", "csv", "MATCH (r:Region {code: '361002'}) RETURN r.label, r.code"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "r.label,r.code\n临川区,361002\n"


def test_kg_cypher_refuses_writes_in_one_line(built):
    result = kg("cypher", "-e", str(built), "CREATE (n:Person {id: 'x'})")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: kg cypher runs read-only queries (the store is rebuilt by `kg build`); "
        "remove CREATE/MERGE/SET/DELETE from the query"
    )


def test_kg_cypher_reports_a_syntax_error_in_one_line(built):
    result = kg("cypher", "-e", str(built), "MATCH (n) RETRN n")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the embedded engine rejected the query: ")


def test_kg_cypher_without_a_build_says_what_to_do(tmp_path):
    result = kg("cypher", "-e", str(tmp_path), "MATCH (n) RETURN n")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: no embedded Cypher store in {tmp_path}/ (graph.falkordb missing); "
        f"run `kg build PATHS -o {tmp_path}` first (without --no-stores), or pass --exports DIR"
    )
