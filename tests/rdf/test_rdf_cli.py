"""`kg export rdf`, `kg sparql`, `kg validate`, `kg serve sparql` as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdf_facts import fact

from kg.model import Node
from kg.rdf.mapping import write_rdf
from kg.resources import data_path

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.fixture()
def build_dir(examples_build: Path, tmp_path: Path) -> Path:
    """A private copy of the examples build (commands write graph.ttl into it)."""
    out = tmp_path / "build"
    shutil.copytree(examples_build, out, ignore=shutil.ignore_patterns("graph.*"))
    return out


@pytest.mark.parametrize("command", ["export rdf", "sparql", "validate", "serve sparql"])
def test_every_rdf_command_has_help_with_an_example(command: str):
    result = kg(*command.split(), "--help")
    assert result.returncode == 0
    assert "Example: kg " in result.stdout


def test_export_rdf_writes_graph_ttl_into_the_build(build_dir: Path):
    result = kg("export", "rdf", "--exports", str(build_dir))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("wrote ") and result.stderr.rstrip().endswith(f"→ {build_dir}/graph.ttl")
    assert "@prefix org: <http://www.w3.org/ns/org#> ." in (build_dir / "graph.ttl").read_text(
        encoding="utf-8"
    )


def test_export_rdf_takes_a_format_a_base_and_an_output(build_dir: Path, tmp_path: Path):
    out = tmp_path / "g.nt"
    result = kg(
        "export",
        "rdf",
        "-e",
        str(build_dir),
        "--format",
        "nt",
        "--base",
        "http://localhost/kg/",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<http://localhost/kg/")


def test_sparql_prints_a_table_and_writes_the_graph_first(build_dir: Path):
    result = kg(
        "sparql",
        "-e",
        str(build_dir),
        "SELECT ?name ?code WHERE { ?r a kg:Region ; rdfs:label ?name ; kg:regionCode ?code } ORDER BY ?code LIMIT 3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("name    code\n------  ------\n江西省  360000\n宜春市  360900\n铜鼓县  360926\n")
    assert result.stderr.startswith("wrote ") and "3 rows" in result.stderr
    assert (build_dir / "graph.ttl").is_file()


def test_sparql_takes_a_hostile_value_as_a_binding_and_prints_it_back_unchanged(tmp_path: Path):
    hostile = '"}) ; <script>alert(1)</script>\n\\ DROP ALL #'
    who = Node("person:h", "Person", hostile, (("anchor", "unplaced"),))
    post = Node("position:p", "Position", "陇西县政协主席", ())
    data = write_rdf([fact(who, "HOLDS", post)], tmp_path / "h.ttl").path
    query = "SELECT ?p ?name WHERE { ?p rdfs:label ?name }"
    for engine in ("oxigraph", "rdflib"):
        result = kg(
            "sparql",
            "--data",
            str(data),
            query,
            "--bind",
            f"name@zh={hostile}",
            "-f",
            "json",
            "--engine",
            engine,
        )
        assert result.returncode == 0, result.stderr
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert [b["name"]["value"] for b in bindings] == [hostile], engine


def test_a_sparql_syntax_error_is_one_line_and_exit_1(build_dir: Path):
    result = kg("sparql", "-e", str(build_dir), "SELECT ?x WHERE { ?x ?y }")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: SPARQL syntax error: ")
    assert "Traceback" not in result.stderr


def test_reading_commands_without_a_build_say_how_to_make_one(tmp_path: Path):
    result = kg("sparql", "-e", str(tmp_path), "ASK {}")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: no build in {tmp_path}/ (facts.jsonl and nodes.jsonl missing); "
        f"run `kg build PATHS -o {tmp_path}` first, or pass --exports DIR"
    )


def test_a_bad_base_is_one_line_and_exit_1(build_dir: Path):
    result = kg("export", "rdf", "-e", str(build_dir), "--base", "example.org/kg/")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Error: --base 'example.org/kg/' is not an absolute IRI; pass one like https://example.org/kg/"
    )


def test_validate_passes_a_build_and_fails_broken_data(build_dir: Path, tmp_path: Path):
    ok = kg("validate", "-e", str(build_dir))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout == "" and "triples conform to" in ok.stderr
    broken = tmp_path / "broken.ttl"
    text = (build_dir / "graph.ttl").read_text(encoding="utf-8")
    broken.write_text(text.replace('kg:level "prefecture"', 'kg:level "village"', 1), encoding="utf-8")
    bad = kg("validate", "--data", str(broken))
    assert bad.returncode == 1
    assert bad.stdout.startswith("Violation: region:") and "kg:level" in bad.stdout
    assert (
        bad.stderr.strip()
        == f"Error: {broken}: 1 SHACL violations (listed above) against {data_path('shapes.ttl')}"
    )


def test_serve_sparql_answers_on_loopback_until_stopped(build_dir: Path):
    kg("export", "rdf", "-e", str(build_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "sparql", "-e", str(build_dir), "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()  # "SPARQL endpoint on http://127.0.0.1:PORT/sparql (N triples); …"
        url = line.split(" on ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:")
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Person }"})
        with urllib.request.urlopen(f"{url}?{query}", timeout=10) as r:
            assert int(json.load(r)["results"]["bindings"][0]["n"]["value"]) > 5
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()
