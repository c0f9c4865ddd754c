"""Spells as `Spell` nodes in every Cypher store (issue 18): the loader Neo4j runs, the
`.cypher` script and the neo4j-admin CSVs, on the fictional 资溪县政协 over two terms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cypher_fixtures import HOSTILE, hostile_facts, read_typed
from cypher_lint import problems
from test_neo4j import RecordingTarget

from kg.build_folder import load_build
from kg.cypher.embedded_engine import EmbeddedGraph
from kg.cypher.loader import graph_counts, load_graph
from kg.cypher.script import SCRIPT_NAME, split_script
from kg.cypher.spells import build_spells, spell_rows
from kg.sinks import sinks
from kg.tenure import derive_spells, read_spells

CHAIR = "资溪县政协主席"
# whom the text shows in the chair on a day, as `kg holders --at` answers (tests/tenure)
IN_THE_CHAIR = """
MATCH (p:Person)-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(:Position {label: $post})
WHERE coalesce(s.start, s.first_seen) <= $day
  AND CASE WHEN s.end IS NOT NULL THEN $day < s.end
           WHEN s.status = 'current' THEN true
           ELSE $day <= s.last_seen END
RETURN p.label ORDER BY p.label
"""


def spells_in(graph: EmbeddedGraph) -> list[list[Any]]:
    return graph.query(
        "MATCH (p:Person)-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(q:Position) "
        "RETURN p.label, q.label, s.start, s.end, s.status ORDER BY q.label, p.label"
    ).rows


def expected(folder: Path) -> list[list[Any]]:
    return sorted([s.person, s.post, s.start, s.end, s.status] for s in read_spells(folder))


def test_every_statement_neo4j_is_sent_for_the_spells_passes_its_linter(tenure_build):
    b = load_build(tenure_build)
    target = RecordingTarget()
    load_graph(target, b.nodes, b.facts(), spells=build_spells(b.dir))
    spell_statements = [(q, p) for q, p in target.sent if ":Spell" in q]
    assert spell_statements and "CREATE CONSTRAINT spell_id IF NOT EXISTS" in spell_statements[0][0]
    assert any("MERGE (p)-[:HAS_SPELL]->(s)" in q for q, _ in spell_statements)
    assert problems(target.sent) == []


def test_the_script_holds_the_spells_and_passes_neo4js_linter(tenure_build, tmp_path):
    sinks.get("cypher-script")(tmp_path).write(load_build(tenure_build))
    statements = split_script((tmp_path / SCRIPT_NAME).read_text(encoding="utf-8"))
    spell_lines = [s for s in statements if "MERGE (s:Spell" in s]
    assert len(spell_lines) == 1 and "周文澜 资溪县政协主席 2021-01-10–2026-01-15" in spell_lines[0]
    assert problems([(s, {}) for s in statements]) == []


def test_the_script_run_on_the_embedded_engine_answers_who_held_the_chair(tenure_build, tmp_path):
    sinks.get("cypher-script")(tmp_path).write(load_build(tenure_build))
    statements = split_script((tmp_path / SCRIPT_NAME).read_text(encoding="utf-8"))
    with EmbeddedGraph.start(tmp_path / "store") as graph:
        graph.ensure_schema()
        for statement in statements:
            if not statement.startswith("CREATE "):  # Neo4j's constraints; the engine has its own indexes
                graph.write(statement, {})
        assert sorted(spells_in(graph)) == expected(tenure_build)
        assert graph.query(IN_THE_CHAIR, {"post": CHAIR, "day": "2023-03-01"}).rows == [["周文澜"]]


def test_loading_the_spells_twice_changes_nothing(tenure_build, tmp_path):
    b = load_build(tenure_build)
    spells = build_spells(b.dir)
    with EmbeddedGraph.start(tmp_path) as graph:
        once = load_graph(graph, b.nodes, b.facts(), spells=spells).counts
        twice = load_graph(graph, b.nodes, b.facts(), spells=spells).counts
    assert once == twice
    assert (once.nodes["Spell"], once.relationships["HAS_SPELL"], once.relationships["IN_POST"]) == (8, 8, 8)


def test_the_import_files_hold_every_spell_and_both_its_ends(tenure_build, tmp_path):
    report = sinks.get("neo4j-import")(tmp_path, folder=tmp_path / "import").write(load_build(tenure_build))
    folder = tmp_path / "import"
    nodes = {r["id"]: r for r in read_typed(folder / "nodes_Spell.csv")}
    assert nodes == {r["id"]: {"id": r["id"], **r["props"]} for r in spell_rows(read_spells(tenure_build))}
    chair = next(r for r in nodes.values() if r["label"].startswith("周文澜 资溪县政协主席"))
    assert (chair["start"], chair["end"], chair["rank"], chair["inferred"]) == (
        "2021-01-10", "2026-01-15", "县处级正职", False,
    )  # fmt: skip
    assert chair["articles"] == ["zx-2021-01", "zx-2022-05", "zx-2023-09", "zx-2026-01"]
    has = {(r[":START_ID"], r[":END_ID"]) for r in read_typed(folder / "relationships_HAS_SPELL.csv")}
    in_post = {(r[":START_ID"], r[":END_ID"]) for r in read_typed(folder / "relationships_IN_POST.csv")}
    b = load_build(tenure_build)
    assert {end for end, _ in has} <= {n.id for n in b.nodes.values() if n.type == "Person"}
    assert {end for _, end in in_post} <= {n.id for n in b.nodes.values() if n.type == "Position"}
    assert {s for _, s in has} == {s for s, _ in in_post} == set(nodes)
    command = report.counts["command"]
    assert "--nodes=Spell=nodes_Spell.csv" in command
    assert "--relationships=HAS_SPELL=relationships_HAS_SPELL.csv" in command
    assert "CREATE CONSTRAINT spell_id" in (folder / "schema.cypher").read_text(encoding="utf-8")


def test_a_build_written_before_spells_were_loads_none_and_does_not_fail(tenure_build, tmp_path):
    older = tmp_path / "older"
    older.mkdir()
    for name in ("nodes.jsonl", "facts.jsonl", "articles.jsonl"):  # no spells.jsonl, no manifest
        shutil.copy(tenure_build / name, older / name)
    b = load_build(older)
    assert build_spells(older) == []
    sinks.get("neo4j-import")(older).write(b)
    assert not (older / "neo4j-import" / "nodes_Spell.csv").exists()
    sinks.get("cypher-script")(older).write(b)
    script = split_script((older / SCRIPT_NAME).read_text(encoding="utf-8"))
    assert not any("MERGE (s:Spell" in statement for statement in script)
    with EmbeddedGraph.start(tmp_path / "store") as graph:
        load_graph(graph, b.nodes, b.facts(), spells=build_spells(older))
        assert "Spell" not in graph_counts(graph).nodes


def test_hostile_evidence_of_a_spell_round_trips_and_passes_neo4js_linter(tmp_path):
    nodes, facts = hostile_facts()
    spells = derive_spells(facts, nodes)
    target = RecordingTarget()
    load_graph(target, nodes, facts, spells=spells)
    assert problems(target.sent) == []
    with EmbeddedGraph.start(tmp_path) as graph:
        load_graph(graph, nodes, facts, spells=spells)
        rows = graph.query(
            "MATCH (:Person)-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(q) RETURN q.label, s.evidence"
        ).rows
    assert sorted((post, json.loads(evidence)[0]["sentence"]) for post, evidence in rows) == sorted(
        (h, h) for h in HOSTILE
    )
