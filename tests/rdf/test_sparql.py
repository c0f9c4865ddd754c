"""SPARQL over an export: both engines give the same answers; values go in as bindings."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError, InputError, QueryError
from kg.rdf.sparql import SparqlResult, Term, format_result, open_engine, parse_binding, run_query

QUERIES = [
    # who holds which post in which body
    "SELECT ?name ?post ?body WHERE { ?p org:holds ?pos ; rdfs:label ?name . ?pos rdfs:label ?post ; "
    "org:postIn/rdfs:label ?body } ORDER BY ?name ?post",
    # CPPCC bodies and the province above them, through the transitive part-of path
    "SELECT ?body ?province WHERE { ?b a kg:CppccBody ; rdfs:label ?body ; kg:locatedIn/kg:partOf* ?r . "
    '?r kg:level "province" ; rdfs:label ?province } ORDER BY ?body',
    # facts per predicate, counted through their evidence
    "SELECT ?pred (COUNT(?st) AS ?n) WHERE { ?st a kg:Statement ; rdf:predicate ?pred } GROUP BY ?pred ORDER BY ?pred",
    # meetings with a month-day date
    "SELECT ?m ?date WHERE { ?m a kg:Meeting ; kg:date ?date FILTER(datatype(?date) = xsd:gMonthDay) } ORDER BY ?m",
]


@pytest.fixture(scope="module")
def engines(examples_ttl: Path):
    return {name: open_engine(examples_ttl, name) for name in ("oxigraph", "rdflib")}


@pytest.mark.parametrize("query", QUERIES)
def test_oxigraph_and_rdflib_give_the_same_rows(engines, query: str):
    ox_rows = engines["oxigraph"].query(query).rows
    assert ox_rows, "the query should find something in the examples"
    assert ox_rows == engines["rdflib"].query(query).rows


def test_a_person_is_found_by_a_bound_chinese_name(engines):
    query = "SELECT ?name ?post WHERE { ?p rdfs:label ?name ; org:holds/rdfs:label ?post } ORDER BY ?post"
    for engine in engines.values():
        rows = engine.query(query, {"name": Term.literal("郑国华", lang="zh")}).rows
        assert [r[1].value for r in rows] == ["临川区政协主席", "临川区政协党组书记"], engine.name


def test_node_ids_are_prefixed_names_in_queries(engines):
    region = (
        engines["oxigraph"].query('SELECT ?r WHERE { ?r kg:regionCode "361002" ; a kg:Region }').rows[0][0]
    )
    assert region.value.endswith("/region/361002")
    for engine in engines.values():
        assert engine.query("ASK { region:361002 kg:partOf+ region:360000 }").boolean is True


def test_an_iri_binding(engines):
    query = "SELECT ?r ?name WHERE { ?r rdfs:label ?name }"
    for engine in engines.values():
        rows = engine.query(query, {"r": Term.iri("https://example.org/kg/region/360000")}).rows
        assert [r[1].value for r in rows] == ["江西省"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_bound_variable_must_be_selected(engines, engine: str):
    with pytest.raises(
        QueryError, match=r"the query does not select \?name; a bound variable must be in the result"
    ):
        engines[engine].query("SELECT ?p WHERE { ?p rdfs:label ?name }", {"name": Term.literal("x")})


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_syntax_error_is_a_query_error(engines, engine: str):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        engines[engine].query("SELECT ?x WHERE { ?x ?y }")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_updates_are_refused(engines, engine: str):
    with pytest.raises(QueryError, match="not updates; the export is read-only"):
        engines[engine].query("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }")


def test_construct_gives_triples_as_rows(engines):
    result = engines["oxigraph"].query("CONSTRUCT { ?r kg:partOf ?p } WHERE { ?r kg:partOf ?p }")
    assert result.kind == "graph" and result.variables == ("subject", "predicate", "object")
    assert {r[1].value for r in result.rows} == {"https://example.org/kg/ontology#partOf"}


def test_trig_named_graphs_are_queried_as_one(examples_build: Path, tmp_path: Path):
    from kg.build_folder import load_build
    from kg.rdf.mapping import write_rdf

    b = load_build(examples_build)
    trig = write_rdf(b.facts(), tmp_path / "g.trig", "trig", nodes=b.nodes).path
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }"
    )
    counts = {name: run_query(trig, query, engine=name).rows[0][0].value for name in ("oxigraph", "rdflib")}
    assert counts["oxigraph"] == counts["rdflib"] != "0"


def test_a_missing_file_says_how_to_make_one(tmp_path: Path):
    with pytest.raises(InputError, match="no RDF file at .*; write one with `kg export rdf`"):
        open_engine(tmp_path / "none.ttl")


def test_an_unknown_engine_lists_the_choices(examples_ttl: Path):
    with pytest.raises(ConfigError, match="choose one of auto, oxigraph, rdflib"):
        open_engine(examples_ttl, "jena")


def test_bindings_parse_strings_languages_and_iris():
    assert parse_binding("n=a=b") == ("n", Term.literal("a=b"))
    assert parse_binding("?n@zh-Hans=李") == ("n", Term.literal("李", lang="zh-Hans"))
    with pytest.raises(ConfigError, match="is not an absolute IRI"):
        parse_binding("r=not an iri", iri=True)


def test_the_table_aligns_chinese_and_escapes_newlines():
    result = SparqlResult(
        "select",
        ("name", "note"),
        (
            (Term.literal("李文华", lang="zh"), Term.literal("a\nb")),
            (Term.iri("https://example.org/kg/region/1"), None),
        ),
        prefixes={"region": "https://example.org/kg/region/"},
    )
    assert format_result(result) == ("name      note\n--------  ----\n李文华    a\\nb\nregion:1\n")


def test_csv_and_tsv_follow_the_sparql_result_formats():
    result = SparqlResult(
        "select", ("s", "o"), ((Term.iri("http://x/a"), Term.literal('say "hi"', lang="zh")),)
    )
    assert format_result(result, "csv") == 's,o\r\nhttp://x/a,"say ""hi"""\r\n'
    assert format_result(result, "tsv") == '?s\t?o\n<http://x/a>\t"say \\"hi\\""@zh\n'
