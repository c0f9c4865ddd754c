"""The resolution issue's targets on the real dev corpus, read from ../shared at run time."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kg.pipeline import build

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")


def _built(tmp_path_factory, name: str) -> tuple[dict[str, dict], list[dict]]:
    out = tmp_path_factory.mktemp(name)
    build([CORPUS / name], out)
    nodes = {n["id"]: n for n in map(json.loads, (out / "nodes.jsonl").open(encoding="utf-8"))}
    facts = [json.loads(line) for line in (out / "facts.jsonl").open(encoding="utf-8")]
    return nodes, facts


@pytest.fixture(scope="module", params=["pages", "web"])
def graph(request, tmp_path_factory):
    return _built(tmp_path_factory, request.param)


@needs_corpus
def test_the_two_wang_haiming_of_the_seed_pages_are_two_people(tmp_path_factory):
    nodes, facts = _built(tmp_path_factory, "pages")
    wangs = [n for n in nodes.values() if n["type"] == "Person" and n["label"] == "王海明"]
    assert len(wangs) == 2
    bodies = {
        n["id"]: {nodes[p["object"]["id"]]["body"] for p in facts if p["predicate"] == "HOLDS" and p["subject"]["id"] == n["id"]}
        for n in wangs
    }
    assert sorted(map(sorted, bodies.values())) == [["宕昌县政协"], ["酒泉市政协"]]


@needs_corpus
def test_longxi_resolves_to_the_county(tmp_path_factory):
    nodes, _ = _built(tmp_path_factory, "pages")
    assert nodes["region:621122"]["label"] == "陇西县"
    assert "陇西县政协" in {n["label"] for n in nodes.values() if n.get("region_code") == "621122"}


@needs_corpus
def test_every_body_and_region_has_a_region_code(graph):
    nodes, _ = graph
    missing = [n["label"] for n in nodes.values() if n["type"] == "Organization" and not n.get("region_code")]
    missing += [n["label"] for n in nodes.values() if n["type"] == "Region" and not n.get("code")]
    assert missing == []


@needs_corpus
def test_no_two_people_of_one_name_share_a_body(graph):
    nodes, facts = graph
    holders = defaultdict(set)
    for f in facts:
        if f["predicate"] == "HOLDS":
            holders[(f["subject"]["label"], nodes[f["object"]["id"]]["body"])].add(f["subject"]["id"])
    assert {k: v for k, v in holders.items() if len(v) > 1} == {}


@needs_corpus
def test_facts_and_nodes_agree(graph):
    nodes, facts = graph
    assert {f[end]["id"] for f in facts for end in ("subject", "object")} == set(nodes)
