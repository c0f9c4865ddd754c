"""Parameters reach the embedded engine unchanged: any text, through kg's fast header."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cypher.embedded_engine import EmbeddedGraph, params_header

HOSTILE = [
    '"}) DETACH DELETE n //', "C:\\dir\\", "end\\", "a\nb\r\tc", "ctl\x01\x1b\x7f", "\\u0041 is not A",
    "\\\\u0001", "`backtick`", "{\"k\": 1}", "'single'", "中文\u2028", "x" * 10_000,
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with EmbeddedGraph.start(tmp_path_factory.mktemp("engine")) as graph:
        yield graph


def round_trip(engine: EmbeddedGraph, values: list[str]) -> list[str]:
    engine.write("MATCH (n:T) DELETE n", {})
    rows = [{"id": i, "props": {"text": v, "list": [v, v]}} for i, v in enumerate(values)]
    engine.write("UNWIND $rows AS row CREATE (n:T {id: row.id}) SET n += row.props", {"rows": rows})
    got = engine.read("MATCH (n:T) RETURN n.id, n.text, n.list ORDER BY n.id")
    assert [row[2] for row in got] == [[v, v] for v in values]
    return [row[1] for row in got]


def test_hostile_strings_reach_the_engine_unchanged(engine):
    assert round_trip(engine, HOSTILE) == HOSTILE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00")), min_size=1, max_size=5))
def test_any_text_reaches_the_engine_unchanged(engine, values):
    assert round_trip(engine, values) == values


def test_map_keys_are_backticked_and_numbers_stay_numbers():
    assert params_header({"rows": [{"id": "a", "n": 1}]}) == 'CYPHER `rows`=[{`id`:"a",`n`:1}] '


@pytest.mark.parametrize("name", ["", "a`b"])
def test_a_parameter_name_the_engine_cannot_parse_is_refused(name):
    with pytest.raises(ValueError):
        params_header({name: 1})
