"""A build too big to draw whole: the page shows its most-mentioned nodes and says so."""

from __future__ import annotations

import json

from kg.sinks import sinks

from .test_page import parsed


def test_a_build_over_the_cap_is_drawn_as_its_most_mentioned_nodes(examples, tmp_path):
    page = tmp_path / "overview.html"
    report = sinks.get("html")(examples.dir, path=page, max_nodes=10).write(examples)
    data = json.loads(parsed(page).data)

    by_mentions = sorted(examples.nodes.values(), key=lambda n: (-(n.prop("mentions") or 0), n.id))
    assert {n["id"] for n in data["nodes"]} == {n.id for n in by_mentions[:10]}
    assert report.counts["nodes"] == 10
    assert f"10 most-mentioned of {len(examples.nodes)} nodes" in data["title"]
    # only facts between two drawn nodes, each still with its evidence
    drawn = {n["id"] for n in data["nodes"]}
    assert data["edges"] and all(e["from"] in drawn and e["to"] in drawn for e in data["edges"])


def test_a_build_under_the_cap_is_drawn_whole(examples, tmp_path):
    page = tmp_path / "whole.html"
    sinks.get("html")(examples.dir, path=page, max_nodes=len(examples.nodes)).write(examples)
    data = json.loads(parsed(page).data)
    assert {n["id"] for n in data["nodes"]} == set(examples.nodes)
    assert data["title"] == "kg graph"
