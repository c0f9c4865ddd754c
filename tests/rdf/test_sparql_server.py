"""`kg serve sparql`: a read-only SPARQL protocol endpoint on 127.0.0.1, queried over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import ConfigError
from kg.rdf.server import SparqlServer, make_server
from kg.rdf.sparql import run_query

HOLDERS = "SELECT ?name ?post WHERE { ?p rdfs:label ?name ; org:holds/rdfs:label ?post } ORDER BY ?name ?post"


@pytest.fixture(scope="module")
def server(examples_ttl: Path) -> Iterator[SparqlServer]:
    srv = make_server(examples_ttl, port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def get(url: str, **headers: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def post(url: str, body: bytes, content_type: str, **headers: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type, **headers}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_it_listens_on_loopback_only(server: SparqlServer):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_get_answers_with_sparql_json(server: SparqlServer, examples_ttl: Path):
    status, ctype, body = get(f"{server.url}?{urllib.parse.urlencode({'query': HOLDERS})}")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    rows = [(b["name"]["value"], b["post"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    expected = [(r[0].value, r[1].value) for r in run_query(examples_ttl, HOLDERS).rows]
    assert rows == expected and ("郑国华", "临川区政协主席") in rows


def test_post_form_and_csv_by_accept_header(server: SparqlServer):
    status, ctype, body = post(
        server.url,
        urllib.parse.urlencode({"query": HOLDERS}).encode(),
        "application/x-www-form-urlencoded",
        Accept="text/csv",
    )
    assert status == 200 and ctype.startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert table[0] == ["name", "post"] and ["郑国华", "临川区政协主席"] in table


def test_post_a_sparql_query_body(server: SparqlServer):
    status, _, body = post(
        server.url, b"ASK { region:361002 kg:partOf+ region:360000 }", "application/sparql-query"
    )
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_comes_back_as_turtle(server: SparqlServer):
    query = "CONSTRUCT { ?r kg:partOf ?p } WHERE { ?r kg:partOf ?p }"
    status, ctype, body = get(
        f"{server.url}?{urllib.parse.urlencode({'query': query})}", Accept="text/turtle"
    )
    assert status == 200 and ctype.startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert triples and {t.predicate.value for t in triples} == {"https://example.org/kg/ontology#partOf"}


def test_a_bad_query_is_a_400_with_the_reason(server: SparqlServer):
    status, _, body = get(f"{server.url}?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE { ?x ?y }'})}")
    assert status == 400 and body.decode().startswith("SPARQL syntax error")


def test_updates_are_refused(server: SparqlServer):
    status, _, body = post(
        server.url,
        b"update=INSERT+DATA+%7B%3Ca%3Ab%3E+%3Ca%3Ac%3E+%3Ca%3Ad%3E+%7D",
        "application/x-www-form-urlencoded",
    )
    assert status == 400 and "read-only" in body.decode()
    status, _, _ = post(server.url, b"INSERT DATA { <a:b> <a:c> <a:d> }", "application/sparql-query")
    assert status == 400


def test_federated_service_calls_are_refused(server: SparqlServer):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = get(f"{server.url}?{urllib.parse.urlencode({'query': query})}")
    assert status == 400 and "SERVICE" in body.decode()


def test_browser_pages_get_no_cors_headers_unless_asked_issue_17(server: SparqlServer, examples_ttl: Path):
    request = urllib.request.Request(server.url, method="OPTIONS", headers={"Origin": "http://evil.example"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 204 and "Access-Control-Allow-Origin" not in r.headers
    status, _, _ = get(
        f"{server.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}", Origin="http://evil.example"
    )
    assert status == 200
    with urllib.request.urlopen(
        f"{server.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}", timeout=10
    ) as r:
        assert "Access-Control-Allow-Origin" not in r.headers
    opted = make_server(examples_ttl, port=0, cors_origin="http://localhost:8080", workers=1)
    thread = threading.Thread(target=opted.serve_forever, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(
            opted.url, method="OPTIONS", headers={"Origin": "http://localhost:8080"}
        )
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.status == 204
            assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"
            assert "POST" in r.headers["Access-Control-Allow-Methods"]
    finally:
        opted.shutdown()
        opted.server_close()


def test_a_taken_port_says_to_pick_another(server: SparqlServer, examples_ttl: Path):
    with pytest.raises(ConfigError, match=r"cannot listen on 127\.0\.0\.1:\d+ .*pass another --port"):
        make_server(examples_ttl, port=server.server_address[1])
