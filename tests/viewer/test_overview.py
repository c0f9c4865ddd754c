"""A build too big to draw whole: the page shows its most-mentioned nodes, at most
MAX_EVIDENCE evidence rows per edge with the count of the rest, and says so."""

from __future__ import annotations

import json

import pytest

from kg.build_folder import Build
from kg.model import Evidence, Fact, Node
from kg.sinks import sinks
from kg.viewer import MAX_EVIDENCE, write_page

from .conftest import write_build
from .test_in_chromium import js, opened
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


# One chair read in more articles than an overview keeps evidence for; a member, mentioned
# once, makes the build one node over a cap of three (so the page is an overview).
CHAIR_READINGS = MAX_EVIDENCE + 5


@pytest.fixture(scope="module")
def chair(tmp_path_factory: pytest.TempPathFactory) -> Build:
    wang = Node("person:wang", "Person", "王海明", (("mentions", CHAIR_READINGS),))
    chair_post = Node("position:lc-chair", "Position", "临川区政协主席", (("mentions", CHAIR_READINGS),))
    body = Node(
        "organization:lc", "Organization", "临川区政协", (("cppcc", True), ("mentions", CHAIR_READINGS))
    )
    li = Node("person:li", "Person", "李小红", (("mentions", 1),))
    facts, articles = [], []
    for i in range(CHAIR_READINGS):
        text = f"本报临川讯(通讯员安小平)3月{i + 1}日,临川区政协主席王海明主持召开第{i + 1}次主席会议。"
        at = text.index("王海明")
        articles.append({"id": f"lc-{i:02d}", "title": f"区政协召开第{i + 1}次主席会议", "text": text})
        facts.append(
            Fact(wang, "HOLDS", chair_post, Evidence(f"lc-{i:02d}", text, at, at + 3, "positions.v1"))
        )
        facts.append(
            Fact(chair_post, "POST_IN", body, Evidence(f"lc-{i:02d}", text, at - 7, at, "positions.v1"))
        )
    text = "本报临川讯 区政协委员李小红参加调研。"
    articles.append({"id": "lc-member", "title": "委员调研", "text": text})
    facts.append(Fact(li, "HOLDS", chair_post, Evidence("lc-member", text, 7, 10, "positions.v1")))
    return write_build(tmp_path_factory.mktemp("chair"), facts, articles)


def wang_holds(data: dict) -> dict:
    [edge] = [e for e in data["edges"] if (e["from"], e["predicate"]) == ("person:wang", "HOLDS")]
    return edge


def test_an_overview_keeps_the_first_evidence_of_an_edge_and_counts_the_rest(chair, tmp_path):
    write_page(chair, tmp_path / "graph.html", max_nodes=3)
    data = json.loads(parsed(tmp_path / "graph.html").data)

    holds = wang_holds(data)
    cited = [data["articles"][data["evidence"][ref][0]]["id"] for ref in holds["evidence"]]
    assert cited == [f"lc-{i:02d}" for i in range(MAX_EVIDENCE)]  # the first read
    assert holds["more"] == CHAIR_READINGS - MAX_EVIDENCE


def test_an_overview_marks_the_name_in_its_sentences_without_the_articles_text(chair, tmp_path):
    write_page(chair, tmp_path / "graph.html", max_nodes=3)
    data = json.loads(parsed(tmp_path / "graph.html").data)

    assert {data["evidence"][ref][2] for ref in wang_holds(data)["evidence"]} == {"王海明"}
    assert all("text" not in article for article in data["articles"])


def test_a_build_under_the_cap_keeps_every_evidence_of_an_edge(chair, tmp_path):
    sinks.get("html")(chair.dir, path=tmp_path / "graph.html").write(chair)
    data = json.loads(parsed(tmp_path / "graph.html").data)

    holds = wang_holds(data)
    assert len(holds["evidence"]) == CHAIR_READINGS and "more" not in holds
    write_page(chair, tmp_path / "whole.html", max_nodes=None)  # every fact, drawn whole
    assert (tmp_path / "graph.html").read_bytes() == (tmp_path / "whole.html").read_bytes()


def test_the_panel_of_an_edge_says_how_much_evidence_the_overview_left_out(browser, chair, tmp_path):
    write_page(chair, tmp_path / "graph.html", max_nodes=3)
    with opened(browser, tmp_path / "graph.html") as view:
        holds = wang_holds(js(view, "() => window.kgViewer.data"))
        js(view, "(id) => window.kgViewer.showEdge(id)", holds["id"])

        assert view.page.inner_text("#details h3") == f"证据 Evidence ({CHAIR_READINGS})"
        assert view.page.inner_text("#details .left-out").endswith(
            "and 5 more, left out of this overview (kg view --subgraph NAME shows all)"
        )
