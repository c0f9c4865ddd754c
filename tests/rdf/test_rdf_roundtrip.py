"""Hostile strings (quotes, backslashes, `})`, `<script>`, newlines) survive the RDF export and SPARQL unchanged.

Written then parsed gives the same literals, in every format and with both parsers; a
query that takes the string as a binding finds the node and returns the string as is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdf_facts import fact

from kg.model import Node
from kg.rdf.mapping import write_rdf
from kg.rdf.sparql import Term, format_result, open_engine
from kg.rdf.vocab import node_iri

# rdflib's own JSON-LD and TriG parsers use its deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

HOSTILE = [
    'say "hi"',
    "back\\slash \\n not a newline",
    "}) ; DROP GRAPH <x> ; SELECT * WHERE { ?s ?p ?o",
    "<script>alert('x')</script>",
    "line one\nline two\r\nline three",
    "'''triple single''' \"\"\"triple double\"\"\"",
    "tab\there # not a comment",
    "@zh ^^<http://www.w3.org/2001/XMLSchema#integer>",
    "县政协主席“李文华”(兼)",
    "\u0000nul and \u007f del and \u2028 line separator",
    " leading and trailing spaces ",
]

# Any text without surrogates (which UTF-8, and so RDF, cannot carry).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


def _graph_with(text: str, article_id: str = "a1") -> tuple[list, Node]:
    who = Node(
        "person:hostile",
        "Person",
        text,
        (("name", text), ("anchor", "621122"), ("aliases", (text, "李文华"))),
    )
    post = Node("position:p1", "Position", "陇西县政协主席", ())
    return [fact(who, "HOLDS", post, sentence=text, article=article_id)], who


def _literals_rdflib(path: Path, fmt: str) -> set[str]:
    if fmt == "trig":
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        objects = [o for _, _, o, _ in ds.quads((None, None, None, None))]
    else:
        objects = list(
            rdflib.Graph()
            .parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
            .objects()
        )
    return {str(o) for o in objects if isinstance(o, rdflib.Literal)}


def _literals_oxigraph(path: Path) -> set[str]:
    return {q.object.value for q in ox.parse(path=str(path)) if isinstance(q.object, ox.Literal)}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_written_and_read_back_unchanged(tmp_path: Path, fmt: str, text: str):
    facts, _ = _graph_with(text)
    path = write_rdf(facts, tmp_path / f"g.{fmt}", fmt).path
    assert text in _literals_oxigraph(path)
    assert text in _literals_rdflib(path, fmt)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_round_trips_through_every_format(tmp_path: Path, fmt: str, text: str):
    facts, _ = _graph_with(text)
    path = write_rdf(facts, tmp_path / f"g.{fmt}", fmt).path
    assert text in _literals_oxigraph(path)
    assert text in _literals_rdflib(path, fmt)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article_id=TEXT)
def test_any_article_id_gives_an_iri_that_parses_back_to_itself(tmp_path: Path, article_id: str):
    facts, _ = _graph_with("李文华", article_id=article_id)
    path = write_rdf(facts, tmp_path / "g.nt", "nt").path
    iri = node_iri(f"article:{article_id}", "Article")
    subjects = {q.subject.value for q in ox.parse(path=str(path))}
    assert iri in subjects
    assert {str(s) for s in rdflib.Graph().parse(path, format="nt").subjects()} == subjects


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_string_is_a_binding_that_finds_its_node_and_comes_back_unchanged(
    tmp_path: Path, engine: str, text: str
):
    facts, who = _graph_with(text)
    path = write_rdf(facts, tmp_path / "g.ttl").path
    result = open_engine(path, engine).query(
        "SELECT ?person ?name ?sentence WHERE { ?person rdfs:label ?name . "
        "?st rdf:subject ?person ; prov:wasDerivedFrom ?s . ?s kg:text ?sentence }",
        {"name": Term.literal(text, lang="zh")},
    )
    assert [(r[0].value, r[1].value, r[2].value) for r in result.rows] == [
        (node_iri(who.id, "Person"), text, text)
    ]
    as_json = json.loads(format_result(result, "json"))
    assert as_json["results"]["bindings"][0]["sentence"] == {
        "type": "literal",
        "value": text,
        "xml:lang": "zh",
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_bound_as_a_value_matches_only_itself(tmp_path: Path, text: str):
    facts, _ = _graph_with(text)
    path = write_rdf(facts, tmp_path / "g.nt", "nt").path
    engine = open_engine(path, "oxigraph")
    query = "SELECT ?alias WHERE { ?p skos:altLabel ?alias }"
    found = engine.query(query, {"alias": Term.literal(text, lang="zh")}).rows
    assert [r[0].value for r in found] == [text]
    missing = engine.query(query, {"alias": Term.literal(text + "x", lang="zh")}).rows
    assert missing == ()
