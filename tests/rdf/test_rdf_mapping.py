"""The build as RDF: IRIs, classes, literals, one direct triple per fact and one statement per evidence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdf_facts import fact, person

from kg.errors import ConfigError
from kg.model import Node
from kg.rdf.mapping import graph_quads, write_rdf
from kg.rdf.vocab import KG, node_iri

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
K = rdflib.Namespace(KG)
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = rdflib.Namespace(
    "http://www.w3.org/2001/XMLSchema#"
)  # not rdflib.XSD: a closed namespace warns under pytest
BASE = "https://example.org/kg/"

LI = person("李文华")
CHAIR = Node("position:c1", "Position", "陇西县政协主席", (("role", "主席"), ("body", "陇西县政协")))
BODY = Node(
    "organization:o1",
    "Organization",
    "陇西县政协",
    (
        ("kind", "cppcc"),
        ("cppcc", True),
        ("region_code", "621122"),
        ("aliases", ("县政协", "陇西县政协")),
        ("notes", ("level corrected: 陇西市 → 陇西县",)),
    ),
)
LONGXI = Node(
    "region:621122", "Region", "陇西县", (("code", "621122"), ("level", "county"), ("aliases", ("陇西县",)))
)
DINGXI = Node("region:621100", "Region", "定西市", (("code", "621100"), ("level", "prefecture")))
MEETING = Node(
    "meeting:m1",
    "Meeting",
    "十届五次常委会议",
    (("date", "--05-20"), ("kind", "常委会议"), ("session", "十届五次")),
)
DATED = Node("meeting:m2", "Meeting", "全体会议", (("date", "2024-05-21"),))


def graph(*facts, nodes=None) -> rdflib.Graph:
    g = rdflib.Graph()
    for q in graph_quads(list(facts), BASE, nodes=nodes):
        g.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
    return g


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # as rdflib's parsers read "text"
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def uri(node: Node) -> rdflib.URIRef:
    return rdflib.URIRef(node_iri(node.id, node.type, BASE))


def test_node_iris_are_the_base_the_type_and_the_rest_of_the_id():
    assert node_iri("person:51096eaea1005557", "Person", BASE) == BASE + "person/51096eaea1005557"
    assert node_iri("region:621122", "Region", "http://localhost/kg#") == "http://localhost/kg#region/621122"


def test_ids_with_iri_characters_are_percent_encoded():
    assert node_iri('article:web 1/<x>"', "Article", BASE) == BASE + "article/web%201%2F%3Cx%3E%22"


def test_a_repeated_fact_is_one_direct_triple_and_one_statement_per_evidence():
    g = graph(
        fact(LI, "HOLDS", CHAIR, article="a1"),
        fact(LI, "HOLDS", CHAIR, article="a2"),
        fact(LI, "HOLDS", CHAIR, article="a2"),
    )
    assert list(g.triples((uri(LI), ORG.holds, None))) == [(uri(LI), ORG.holds, uri(CHAIR))]
    statements = set(g.subjects(rdflib.RDF.predicate, ORG.holds))
    assert len(statements) == 2  # the third fact repeats the second's evidence exactly
    articles = {g.value(s, PROV.wasDerivedFrom / rdflib.RDF.type) for s in statements}
    assert articles  # the path resolves; the articles themselves:
    derived = {
        o
        for s in statements
        for o in g.objects(s, PROV.wasDerivedFrom)
        if (o, rdflib.RDF.type, K.Article) in g
    }
    assert derived == {rdflib.URIRef(BASE + "article/a1"), rdflib.URIRef(BASE + "article/a2")}


def test_a_statement_carries_the_sentence_span_extractor_and_confidence():
    g = graph(fact(LI, "HOLDS", CHAIR, sentence="县政协主席李文华主持会议。", start=5))
    st = next(g.subjects(rdflib.RDF.type, K.Statement))
    assert (g.value(st, rdflib.RDF.subject), g.value(st, rdflib.RDF.object)) == (uri(LI), uri(CHAIR))
    sentence = next(o for o in g.objects(st, PROV.wasDerivedFrom) if (o, rdflib.RDF.type, K.Sentence) in g)
    assert g.value(sentence, K.text) == rdflib.Literal("县政协主席李文华主持会议。", lang="zh")
    assert (g.value(st, K.start).toPython(), g.value(st, K.end).toPython()) == (5, 8)
    assert g.value(st, K.extractor) == rdflib.Literal("positions.v1")
    assert g.value(st, K.confidence) == rdflib.Literal("0.9", datatype=XSD.decimal)


def test_nodes_carry_their_kg_class_and_the_aligned_one():
    g = graph(fact(LI, "HOLDS", CHAIR), fact(CHAIR, "POST_IN", BODY))
    assert {(uri(LI), rdflib.URIRef("https://schema.org/Person")), (uri(CHAIR), ORG.Post)} <= set(
        g.subject_objects(rdflib.RDF.type)
    )
    assert set(g.objects(uri(BODY), rdflib.RDF.type)) == {K.Organization, K.CppccBody, ORG.Organization}


def test_chinese_text_is_tagged_zh_and_lists_become_repeated_literals():
    g = graph(fact(CHAIR, "POST_IN", BODY))
    assert g.value(uri(BODY), rdflib.RDFS.label) == rdflib.Literal("陇西县政协", lang="zh")
    assert set(g.objects(uri(BODY), SKOS.altLabel)) == {
        rdflib.Literal("县政协", lang="zh"),
        rdflib.Literal("陇西县政协", lang="zh"),
    }
    assert g.value(uri(BODY), SKOS.editorialNote) == rdflib.Literal("level corrected: 陇西市 → 陇西县")
    assert g.value(uri(BODY), K.kind) == rdflib.Literal("cppcc")


def test_dates_are_xsd_date_or_gmonthday_when_the_year_is_unknown():
    g = graph(nodes={n.id: n for n in (MEETING, DATED)})
    assert g.value(uri(MEETING), K.date) == rdflib.Literal("--05-20", datatype=XSD.gMonthDay)
    assert g.value(uri(DATED), K.date) == rdflib.Literal("2024-05-21", datatype=XSD.date)


def test_regions_link_to_their_gbt2260_code_and_parent():
    g = graph(fact(LONGXI, "PART_OF", DINGXI, extractor="bodies.v1"))
    assert g.value(uri(LONGXI), K.regionCode) == rdflib.Literal("621122")
    code = g.value(uri(LONGXI), K.hasCode)
    assert code == rdflib.URIRef(BASE + "gbt2260/621122")
    assert g.value(code, SKOS.notation) == rdflib.Literal("621122")
    assert (code, SKOS.inScheme, K.GBT2260) in g
    assert (uri(LONGXI), K.partOf, uri(DINGXI)) in g


def test_possibly_same_as_keeps_its_rule_and_reason_on_the_statement():
    other = person("李文华", anchor="621100", node_id="person:other")
    g = graph(
        fact(
            LI,
            "POSSIBLY_SAME_AS",
            other,
            extractor="resolve.v1",
            rule="same_name_nested_regions",
            reason="same name; nested",
        )
    )
    st = next(g.subjects(rdflib.RDF.predicate, K.possiblySameAs))
    assert g.value(st, K.rule) == rdflib.Literal("same_name_nested_regions")
    assert g.value(st, K.reason) == rdflib.Literal("same name; nested")


def test_nodes_in_no_fact_are_written_from_the_build(examples_build: Path):
    from kg.build_folder import load_build

    b = load_build(examples_build)
    g = graph(nodes=b.nodes)
    typed = {
        s for s in g.subjects(rdflib.RDF.type, None) if str(s).startswith(BASE) and "/gbt2260/" not in str(s)
    }
    assert typed - {rdflib.URIRef(BASE)} == {uri(n) for n in b.nodes.values()}


def test_every_format_holds_the_same_triples(examples_build: Path, tmp_path: Path):
    from kg.build_folder import load_build

    b = load_build(examples_build)
    graphs = {}
    for fmt in ("ttl", "nt", "jsonld", "trig"):
        path = write_rdf(b.facts(), tmp_path / f"g.{fmt}", fmt, nodes=b.nodes, articles=b.articles).path
        graphs[fmt] = {str(q.triple) for q in ox.parse(path=str(path))}
    assert graphs["ttl"] == graphs["nt"] == graphs["jsonld"] == graphs["trig"]


def test_trig_keeps_facts_and_evidence_in_two_named_graphs(examples_build: Path, tmp_path: Path):
    from kg.build_folder import load_build

    b = load_build(examples_build)
    path = write_rdf(b.facts(), tmp_path / "g.trig", "trig", nodes=b.nodes).path
    by_graph = {}
    for q in ox.parse(path=str(path)):
        by_graph.setdefault(str(q.graph_name), set()).add(q.predicate.value)
    assert KG + "start" in by_graph[f"<{BASE}graph/evidence>"]
    assert "http://www.w3.org/ns/org#holds" in by_graph[f"<{BASE}graph/facts>"]
    assert KG + "start" not in by_graph[f"<{BASE}graph/facts>"]


def test_the_same_build_gives_the_same_bytes(examples_build: Path, tmp_path: Path):
    from kg.build_folder import load_build

    b = load_build(examples_build)
    one = write_rdf(b.facts(), tmp_path / "1.ttl", nodes=b.nodes).path.read_bytes()
    two = write_rdf(load_build(examples_build).facts(), tmp_path / "2.ttl", nodes=b.nodes).path.read_bytes()
    assert one == two  # streamed in the build's own order, which is fixed


def test_a_relative_base_is_refused_with_an_example():
    with pytest.raises(ConfigError, match="not an absolute IRI; pass one like https://example.org/kg/"):
        list(graph_quads([], "kg/"))


def test_a_base_without_a_trailing_slash_is_refused():
    with pytest.raises(ConfigError, match="must end with '/' or '#'"):
        list(graph_quads([], "https://example.org/kg"))
