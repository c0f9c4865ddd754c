"""SHACL: the exports of real builds conform; broken data is reported node by node."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from conftest import CORPUS

from kg.rdf.validate import validate_file, validate_graph
from kg.rdf.vocab import KG, ONTOLOGY_PATH, SHAPES_PATH

K = rdflib.Namespace(KG)
# rdflib's own JSON-LD and TriG parsers use its deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _export(build_dir: Path, fmt: str = "ttl") -> Path:
    from kg.build_folder import load_build
    from kg.rdf.mapping import write_rdf

    b = load_build(build_dir)
    return write_rdf(b.facts(), build_dir / f"graph.{fmt}", fmt, nodes=b.nodes, articles=b.articles).path


@pytest.fixture(scope="module")
def pages_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = CORPUS / "pages"
    if not pages.is_dir():
        pytest.skip(f"seed pages not found at {pages}")
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("pages")
    build([pages], out, stores=())
    return _export(out)


def test_the_seed_pages_export_has_zero_violations(pages_ttl: Path):
    report = validate_file(pages_ttl)
    assert [str(v) for v in report.violations] == []
    assert report.triples > 3000


@pytest.mark.parametrize("fmt", ["ttl", "trig", "jsonld"])
def test_the_examples_export_conforms_in_every_format(examples_build: Path, fmt: str):
    report = validate_file(_export(examples_build, fmt))
    assert report.conforms, [str(v) for v in report.violations]


def test_a_statement_whose_direct_triple_is_gone_is_a_violation(examples_ttl: Path):
    g = rdflib.Graph().parse(examples_ttl)
    st = next(g.subjects(rdflib.RDF.type, K.Statement))
    s, p, o = (g.value(st, t) for t in (rdflib.RDF.subject, rdflib.RDF.predicate, rdflib.RDF.object))
    g.remove((s, p, o))
    report = validate_graph(g)
    assert not report.conforms
    assert {v.value.removeprefix("statement:") for v in report.violations} >= {str(st).rsplit("/", 1)[1]}
    assert all("a triple the graph does not hold" in v.message for v in report.violations)


def test_a_wrong_literal_names_the_node_the_property_and_the_value(examples_ttl: Path):
    g = rdflib.Graph().parse(examples_ttl)
    region = next(g.subjects(rdflib.RDF.type, K.Region))
    g.set((region, K.regionCode, rdflib.Literal("62112")))
    g.set((region, K.level, rdflib.Literal("village")))
    violations = validate_graph(g).violations
    assert {(v.path, v.value) for v in violations} == {
        ("kg:regionCode", '"62112"'),
        ("kg:level", '"village"'),
    }
    assert {v.focus for v in violations} == {"region:" + str(region).rsplit("/", 1)[1]}


def test_a_date_that_is_a_plain_string_is_a_violation(examples_ttl: Path):
    g = rdflib.Graph().parse(examples_ttl)
    meeting = next(g.subjects(K.date, None))
    g.set((meeting, K.date, rdflib.Literal("5月20日")))
    assert [v.path for v in validate_graph(g).violations] == ["kg:date"]


def test_a_label_without_zh_is_a_violation(examples_ttl: Path):
    g = rdflib.Graph().parse(examples_ttl)
    person = next(g.subjects(rdflib.RDF.type, K.Person))
    g.set((person, rdflib.RDFS.label, rdflib.Literal("Li Wenhua", lang="en")))
    assert [v.path for v in validate_graph(g).violations] == ["rdfs:label"]


def test_every_class_and_property_of_the_ontology_has_a_chinese_and_an_english_label():
    onto = rdflib.Graph().parse(ONTOLOGY_PATH)
    terms = {s for s in onto.subjects() if str(s).startswith(KG)}
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in onto.objects(term, rdflib.RDFS.label)}
        assert {"zh", "en"} <= langs, term


def test_every_class_of_the_ontology_has_a_shape():
    onto = rdflib.Graph().parse(ONTOLOGY_PATH)
    shapes = rdflib.Graph().parse(SHAPES_PATH)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    classes = set(onto.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    assert classes <= set(shapes.objects(None, sh.targetClass))
