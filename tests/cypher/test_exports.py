"""`kg export cypher` (a script for cypher-shell) and `kg export neo4j-import` (neo4j-admin CSVs)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from cypher_fixtures import HOSTILE, ROOT, hostile_facts, read_typed
from cypher_lint import problems

from kg.build_folder import load_build
from kg.cypher.embedded_engine import EmbeddedGraph
from kg.cypher.loader import graph_counts, load_graph
from kg.cypher.neo4j_import import write_import
from kg.cypher.script import script_lines, split_script
from kg.cypher.statements import node_row, relationship_key


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def data_statements(statements: list[str]) -> list[str]:
    """The script's MERGE statements (the CREATE CONSTRAINT/FULLTEXT lines are Neo4j's schema)."""
    return [s for s in statements if not s.startswith("CREATE ")]


# -- the .cypher script ------------------------------------------------------------------


def test_every_line_of_the_seed_pages_script_passes_neo4js_linter(pages_build):
    result = kg("export", "cypher", "--exports", str(pages_build))
    assert result.returncode == 0, result.stderr
    statements = split_script((pages_build / "graph.cypher").read_text(encoding="utf-8"))
    assert statements[0].startswith("CREATE CONSTRAINT person_id IF NOT EXISTS")
    assert problems([(s, {}) for s in statements]) == []


def test_a_script_of_hostile_strings_passes_neo4js_linter():
    nodes, facts = hostile_facts()
    assert problems([(line.removesuffix(";"), {}) for line in script_lines(nodes, facts)]) == []


def test_the_script_builds_the_same_graph_as_the_loader_and_twice_changes_nothing(examples_build, tmp_path):
    b = load_build(examples_build)
    statements = data_statements(split_script("\n".join(script_lines(b.nodes, b.facts()))))
    with EmbeddedGraph.start(tmp_path / "script") as graph:
        graph.ensure_schema()
        for statement in statements:
            graph.write(statement, {})
        once = graph_counts(graph)
        for statement in statements:
            graph.write(statement, {})
        twice = graph_counts(graph)
    with EmbeddedGraph.start(tmp_path / "loader") as graph:
        loaded = load_graph(graph, b.nodes, b.facts()).counts
    assert once == twice == loaded


def test_hostile_strings_round_trip_through_the_script(tmp_path):
    nodes, facts = hostile_facts()
    text = "\n".join(script_lines(nodes, facts))
    assert len(text.split("\n")) == len(split_script(text))  # newlines in strings are escaped
    with EmbeddedGraph.start(tmp_path) as graph:
        graph.ensure_schema()
        for statement in data_statements(split_script(text)):
            graph.write(statement, {})
        person = graph.query(
            "MATCH (p:Person {id: 'person:hostile'}) RETURN p.label, p.aliases, p.anchor"
        ).rows
        held = graph.query("MATCH (:Person)-[r:HOLDS]->(x) RETURN x.label, r.sentence, r.article").rows
        reason = graph.query("MATCH ()-[r:POSSIBLY_SAME_AS]->() RETURN r.reason").rows
    assert person == [[HOSTILE[0], HOSTILE, HOSTILE[2]]]
    assert sorted(held) == sorted([h, h, f"article {h}"] for h in HOSTILE)
    assert reason == [[HOSTILE[5]]]


# -- neo4j-admin import files -------------------------------------------------------------


def test_import_files_hold_every_node_and_fact_as_the_loader_does(pages_build, tmp_path):
    result = kg("export", "neo4j-import", "--exports", str(pages_build), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    b = load_build(pages_build)
    spells = ("nodes_Spell", "relationships_HAS_SPELL", "relationships_IN_POST")  # from spells.jsonl, not the facts
    by_id = {}
    for path in tmp_path.glob("nodes_*.csv"):
        for row in read_typed(path) if not path.name.startswith(spells) else []:
            by_id[row.pop("id")] = row
    assert by_id == {n.id: node_row(n)["props"] for n in b.nodes.values()}
    rels = sum(len(read_typed(p)) for p in tmp_path.glob("relationships_*.csv") if not p.name.startswith(spells))
    assert rels == len({relationship_key(f) for f in b.facts()})


def test_the_command_line_names_every_file_once(examples_build, tmp_path):
    b = load_build(examples_build)
    files = write_import(tmp_path, b.nodes, b.facts())
    named = re.findall(r"--(?:nodes|relationships)=\S+=(\S+\.csv)", files.command)
    assert sorted(named) == sorted(p.name for p in tmp_path.glob("*.csv"))
    assert "--nodes=Organization:CPPCCBody=nodes_Organization_CPPCCBody.csv" in files.command
    assert files.command.startswith("neo4j-admin database import full neo4j ")
    assert files.command in (tmp_path / "import.sh").read_text(encoding="utf-8")


def test_a_failed_import_export_keeps_the_previous_files(examples_build, tmp_path):
    b = load_build(examples_build)
    folder = tmp_path / "neo4j-import"
    write_import(folder, b.nodes, b.facts())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def broken():
        yield from b.facts()
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_import(folder, b.nodes, broken())
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["neo4j-import"]  # no staging folder left behind


def test_a_new_import_export_replaces_the_old_csvs_and_keeps_the_users_files(examples_build, tmp_path):
    b = load_build(examples_build)
    folder = tmp_path / "neo4j-import"
    folder.mkdir()
    (folder / "relationships_HOLDS.0.csv").write_text("a shard of an older export\n", encoding="utf-8")
    (folder / "NOTES.md").write_text("ours\n", encoding="utf-8")
    files = write_import(folder, b.nodes, b.facts())
    assert not (folder / "relationships_HOLDS.0.csv").exists()
    assert (folder / "NOTES.md").read_text(encoding="utf-8") == "ours\n"
    assert all(p.parent == folder and p.is_file() for paths in files.relationships.values() for p in paths)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_hostile_strings_round_trip_through_the_import_files(tmp_path):
    nodes, facts = hostile_facts()
    write_import(tmp_path, nodes, facts)
    person = next(r for r in read_typed(tmp_path / "nodes_Person.csv") if r["id"] == "person:hostile")
    assert (person["label"], person["aliases"], person["anchor"]) == (HOSTILE[0], HOSTILE, HOSTILE[2])
    held = read_typed(tmp_path / "relationships_HOLDS.csv")
    assert sorted((r["sentence"], r["article"]) for r in held) == sorted((h, f"article {h}") for h in HOSTILE)
    (link,) = read_typed(tmp_path / "relationships_POSSIBLY_SAME_AS.csv")
    assert (link["rule"], link["reason"]) == ("same_name_nested_regions", HOSTILE[5])


def test_shards_of_a_build_hold_the_same_rows_as_one_file_each(pages_build, tmp_path):
    from kg.cypher.neo4j_import import write_import_build

    def rows(folder, pattern):
        return sorted(
            json.dumps(r, sort_keys=True, ensure_ascii=False)
            for p in folder.glob(pattern)
            for r in read_typed(p)
        )

    one = write_import_build(tmp_path / "one", pages_build, shards=1)
    three = write_import_build(tmp_path / "three", pages_build, shards=3)
    assert len(list((tmp_path / "three").glob("relationships_HOLDS*.csv"))) > 1
    for pattern in ("nodes_*.csv", "relationships_*.csv"):
        assert rows(tmp_path / "three", pattern) == rows(tmp_path / "one", pattern)
    assert (three.node_count, three.relationship_count) == (one.node_count, one.relationship_count)
    named = re.findall(r"--(?:nodes|relationships)=\S+=(\S+\.csv)", three.command)
    assert sorted(named) == sorted(p.name for p in (tmp_path / "three").glob("*.csv"))


def test_a_build_in_shards_gives_the_import_rows_of_a_build_in_one_file_each(pages_build, tmp_path):
    """What `kg build --engine dask --shards` leaves: facts/ and nodes/ of part-NNNNN.jsonl."""
    import shutil

    from kg.cypher.neo4j_import import write_import_build

    sharded = tmp_path / "sharded"
    sharded.mkdir()
    for name in ("facts", "nodes"):
        lines = (pages_build / f"{name}.jsonl").read_bytes().splitlines(keepends=True)
        (sharded / name).mkdir()
        half = len(lines) // 2
        for k, part in enumerate((lines[:half], lines[half:])):
            (sharded / name / f"part-{k:05d}.jsonl").write_bytes(b"".join(part))
    for name in ("articles.jsonl", "spells.jsonl"):
        shutil.copy(pages_build / name, sharded / name)

    def rows(folder):
        return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for p in folder.glob("*.csv") for r in read_typed(p))

    one = write_import_build(tmp_path / "one", pages_build, shards=2)
    two = write_import_build(tmp_path / "two", sharded, shards=2)
    assert rows(tmp_path / "two") == rows(tmp_path / "one")
    assert (two.node_count, two.relationship_count) == (one.node_count, one.relationship_count) != (0, 0)


def test_kg_export_cypher_and_neo4j_import_carry_the_spells_as_the_build_sinks_do(examples_build, tmp_path):
    spells = sum(1 for line in (examples_build / "spells.jsonl").read_text(encoding="utf-8").splitlines() if line)
    script = tmp_path / "graph.cypher"
    assert kg("export", "cypher", "--exports", str(examples_build), "-o", str(script)).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert "MERGE (s:Spell {id: row.id})" in text
    assert len(set(re.findall(r"spell:[0-9A-Za-z_-]+", text))) == spells
    done = kg("export", "neo4j-import", "--exports", str(examples_build), "-o", str(tmp_path / "import"))
    assert done.returncode == 0, done.stderr
    assert len(read_typed(tmp_path / "import" / "nodes_Spell.csv")) == spells
    assert "--nodes=Spell=nodes_Spell.csv" in done.stdout
