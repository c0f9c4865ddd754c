"""`kg cypher`, `kg sparql`, `kg who`, `kg view` as a first-time user runs them (issue 19)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, input=stdin
    )


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    result = kg("build", str(ROOT / "examples"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


REGION = "MATCH (r:Region {code: $code}) RETURN r.label AS region"


def test_a_bare_number_parameter_matches_a_text_property_and_says_so(exports):
    result = kg("cypher", REGION, "-e", str(exports), "-p", "code=360000", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["region", "江西省"]
    assert result.stderr.strip() == (
        "note: $code matched nothing as a number and was used as text "
        "(write -p 'NAME=\"VALUE\"' for text, NAME=VALUE for a number)"
    )


def test_a_bare_number_that_matches_nothing_either_way_says_both_were_tried(exports):
    result = kg("cypher", REGION, "-e", str(exports), "-p", "code=999999", "-f", "csv")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["region"]
    assert result.stderr.strip() == "note: 0 rows with $code as a number or as text"


def test_a_quoted_parameter_is_text_and_needs_no_note(exports):
    result = kg("cypher", REGION, "-e", str(exports), "-p", 'code="360000"', "-f", "csv")
    assert result.stdout.splitlines() == ["region", "江西省"]
    assert result.stderr == ""


def test_kg_cypher_reads_the_query_from_a_file_or_from_stdin(exports, tmp_path):
    query = tmp_path / "q.cypher"
    query.write_text(REGION, encoding="utf-8")
    from_file = kg("cypher", "-q", str(query), "-e", str(exports), "-p", 'code="360000"', "-f", "csv")
    from_stdin = kg("cypher", "-", "-e", str(exports), "-p", 'code="360000"', "-f", "csv", stdin=REGION)
    assert from_file.stdout == from_stdin.stdout == "region\n江西省\n"


def test_kg_cypher_wide_prints_long_sentences_whole(exports):
    query = "MATCH (:Person)-[h:HOLDS]->() WITH h.sentence AS s ORDER BY size(s) DESC RETURN s LIMIT 1"
    sentence = json.loads(kg("cypher", query, "-e", str(exports), "-f", "json").stdout)[0]["s"]
    assert len(sentence) > 40
    narrow = kg("cypher", query, "-e", str(exports))
    wide = kg("cypher", query, "-e", str(exports), "--wide")
    assert sentence not in narrow.stdout  # cut or wrapped at 80 columns
    assert sentence in wide.stdout


def test_regular_expressions_are_refused_with_what_to_use_instead(exports):
    result = kg("cypher", "MATCH (p:Person) WHERE p.label =~ '刘.*' RETURN p.label", "-e", str(exports))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: the embedded engine has no regular expressions (=~); use CONTAINS, STARTS WITH "
        "or ENDS WITH (see docs/queries.md), or run the query on Neo4j"
    )


def test_a_query_past_its_timeout_is_said_to_be_a_timeout(exports):
    result = kg(
        "cypher", "UNWIND range(1, 300000000) AS x RETURN count(x)", "-e", str(exports), "--timeout", "0.5"
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: the query ran past its 0.5 s timeout and was stopped; "
        "allow longer with `kg cypher --timeout SECONDS`"
    )


def test_a_truncated_store_is_said_to_be_truncated_not_a_missing_package(exports, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "graph.falkordb").write_bytes((exports / "graph.falkordb").read_bytes()[:3000])
    result = kg("cypher", "RETURN 1", "-e", str(broken))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: the embedded store {broken}/graph.falkordb cannot be loaded (truncated or corrupt); "
        f"build it again with `kg build PATHS -o {broken}`"
    )


SPARQL_POSTS = "SELECT ?name ?post WHERE { ?p rdfs:label ?name ; org:holds/rdfs:label ?post } ORDER BY ?post"


def test_sparql_bind_of_plain_chinese_matches_the_zh_labels_kg_writes(exports):
    plain = kg("sparql", SPARQL_POSTS, "-e", str(exports), "--bind", "name=郑国华", "-f", "csv")
    tagged = kg("sparql", SPARQL_POSTS, "-e", str(exports), "--bind", "name@zh=郑国华", "-f", "csv")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == tagged.stdout
    assert "临川区政协主席" in plain.stdout
    assert (
        "note: ?name matched nothing as a plain string and was bound as @zh, as kg writes its labels "
        "(write --bind NAME@zh=VALUE to say so)"
    ) in plain.stderr


def test_kg_who_finds_a_person_written_in_traditional_script(exports):
    simplified = kg("who", "郑国华", "-e", str(exports), "-f", "json")
    traditional = kg("who", "鄭國華", "-e", str(exports), "-f", "json")
    assert traditional.returncode == 0, traditional.stderr
    assert traditional.stdout == simplified.stdout


def test_kg_who_names_the_place_of_the_anchor_not_only_its_code(exports):
    result = kg("who", "郑国华", "-e", str(exports))
    first = result.stdout.splitlines()[0]
    assert "anchor 临川区 (361002, post)" in first
    assert (
        json.loads(kg("who", "郑国华", "-e", str(exports), "-f", "json").stdout)[0]["anchor_name"] == "临川区"
    )


def test_kg_view_subgraph_and_select_accept_traditional_script(exports, tmp_path):
    page = tmp_path / "p.html"
    result = kg("view", "-e", str(exports), "--subgraph", "臨川區政協", "--no-open", "-o", str(page))
    assert result.returncode == 0, result.stderr
    assert page.is_file()
    from kg.build_folder import load_build
    from kg.viewer.data import find_nodes

    nodes = load_build(exports).nodes
    assert find_nodes(nodes, "鄭國華") == find_nodes(nodes, "郑国华") != []


def test_terminal_tables_escape_control_characters_from_the_corpus(tmp_path):
    record = {
        "id": "esc-1",
        "title": "县政协召开会议\x1b]52;c;aGVsbG8=\x07\x1b[2J",
        "published": "2024-03-01",
        "text": "临川区政协主席郑国华主持召开会议\x1b[31m。",
    }
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", str(tmp_path / "in"), "-o", str(out)).returncode == 0
    outputs = [
        kg("cypher", "MATCH (a:Article) RETURN a.title", "-e", str(out), "--wide").stdout,
        kg("sparql", "SELECT ?t WHERE { ?a a kg:Article ; rdfs:label ?t }", "-e", str(out)).stdout,
        kg("who", "郑国华", "-e", str(out)).stdout,
    ]
    for text in outputs:
        assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]52;c;aGVsbG8=\\x07" in outputs[0]
    assert "\\x1b]52" in outputs[1] and "\\x1b]52" in outputs[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_kg_doctor_exits_1_when_neo4j_cannot_be_reached(tmp_path):
    result = kg("doctor", "-e", str(tmp_path), "--neo4j-uri", f"bolt://127.0.0.1:{_free_port()}")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("required check failed: Neo4j")


def test_python_dash_m_kg_is_the_kg_command():
    result = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    assert result.stdout.startswith("kg ")


def test_rebuilding_another_corpus_removes_the_exports_of_the_old_one(tmp_path):
    out = tmp_path / "out"
    assert kg("build", str(ROOT / "examples"), "-o", str(out)).returncode == 0
    for args in (
        ("export", "graphml"),
        ("export", "gexf"),
        ("export", "cypher"),
        ("export", "rdf", "-f", "jsonld"),
        ("export", "neo4j-import"),
        ("export", "parquet"),
        ("view", "--subgraph", "郑国华", "--no-open"),
    ):
        assert kg(*args, "-e", str(out)).returncode == 0, args
    derived = ["graph.cypher", "graph.gexf", "graph.graphml", "graph.jsonld", "neo4j-import", "parquet"]
    assert all((out / name).exists() for name in derived)
    assert list(out.glob("graph-*.html"))
    result = kg("build", str(ROOT / "tests" / "fixtures" / "linchuan_page.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert not [name for name in derived if (out / name).exists()]
    assert not list(out.glob("graph-*.html"))
    assert (out / "graph.html").is_file() and (out / "graph.falkordb").is_file()  # this build's own
    assert "  removed what an earlier build exported: graph-" in result.stderr


def test_kg_holders_and_career_take_either_script(exports):
    post = kg("holders", "资溪县政协主席", "-e", str(exports), "-f", "json")
    assert post.returncode == 0, post.stderr
    assert json.loads(post.stdout)  # the fictional two-term county of examples/
    assert kg("holders", "資溪縣政協主席", "-e", str(exports), "-f", "json").stdout == post.stdout
    person = kg("career", "周文澜", "-e", str(exports), "-f", "json")
    assert person.returncode == 0, person.stderr
    assert kg("career", "周文瀾", "-e", str(exports), "-f", "json").stdout == person.stdout
