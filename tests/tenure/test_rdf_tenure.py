"""Posts in time in RDF (issue 18): dated statements, HELD_FORMERLY, and each spell as an
org:Membership with an OWL-Time interval; SHACL passes, and catches a broken spell."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.build_folder import load_build
from kg.rdf.mapping import write_rdf
from kg.rdf.validate import validate_graph

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
KG = rdflib.Namespace("https://example.org/kg/ontology#")


@pytest.fixture(scope="module")
def graph(tenure_build: Path, tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    b = load_build(tenure_build)
    path = tmp_path_factory.mktemp("rdf") / "graph.ttl"
    write_rdf(b.facts(), path, nodes=b.nodes, articles=b.articles)
    return rdflib.Graph().parse(path, format="turtle")


def test_the_rdf_with_time_conforms_to_the_shapes(graph: rdflib.Graph) -> None:
    report = validate_graph(graph)
    assert report.conforms, report.violations[:3]


def test_every_spell_is_a_membership_during_an_interval(graph: rdflib.Graph) -> None:
    rows = graph.query(
        """SELECT ?name ?begin ?end ?status WHERE {
             ?m a org:Membership ; org:member/rdfs:label ?name ; kg:post/rdfs:label "资溪县政协主席"@zh ;
                kg:status ?status ; org:memberDuring ?i .
             OPTIONAL { ?i time:hasBeginning/time:inXSDDate ?begin }
             OPTIONAL { ?i time:hasEnd/time:inXSDDate ?end }
           } ORDER BY ?name""",
        initNs={"org": ORG, "time": TIME, "kg": KG, "rdfs": rdflib.RDFS},
    )
    got = sorted((str(r.name), str(r.begin), str(r.end) if r.end else None, str(r.status)) for r in rows)
    assert got == [("周文澜", "2021-01-10", "2026-01-15", "ended"), ("陈立言", "2026-01-15", None, "current")]


def test_an_ended_post_is_stated_as_held_formerly_never_org_holds(graph: rdflib.Graph) -> None:
    rows = graph.query(
        """SELECT ?p ?tenure WHERE { ?st rdf:predicate ?p ; kg:tenure ?tenure . FILTER(?tenure IN ("end", "former")) }""",
        initNs={"kg": KG, "rdf": rdflib.RDF},
    )
    assert {(r.p, str(r.tenure)) for r in rows} == {(KG.heldFormerly, "end")}


def test_shacl_catches_a_membership_without_its_status(graph: rdflib.Graph) -> None:
    broken = rdflib.Graph()
    for triple in graph:
        broken.add(triple)
    member = next(graph.subjects(rdflib.RDF.type, ORG.Membership))
    broken.remove((member, KG.status, None))
    assert not validate_graph(broken).conforms
