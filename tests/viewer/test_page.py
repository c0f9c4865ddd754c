"""The graph page as a file: self-contained, escaped, and the same graph as the build."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from kg.errors import InputError
from kg.viewer import write_page
from kg.viewer.data import page_data
from kg.viewer.page import safe_json


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: str | None = None
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("id") == "kg-data"

    def handle_data(self, data):
        if self._in_data:
            self.data = (self.data or "") + data

    def handle_endtag(self, tag):
        self._in_data = False


def parsed(path):
    tags = _Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def test_the_build_writes_graph_html_beside_the_jsonl_files(examples):
    assert (examples.dir / "graph.html").is_file()


def test_the_page_loads_nothing_from_anywhere(examples):
    tags = parsed(examples.dir / "graph.html")
    assert [t for t, a in tags.tags if "src" in a or "href" in a] == []
    assert "link" not in {t for t, _ in tags.tags}
    [csp] = [
        a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_the_page_holds_every_node_and_distinct_edge_of_the_build(examples):
    data = json.loads(parsed(examples.dir / "graph.html").data)
    assert {n["id"] for n in data["nodes"]} == set(examples.nodes)
    assert len(data["visNodes"]) == len(examples.nodes)
    distinct = {(f.subject.id, f.predicate, f.object.id) for f in examples.facts()}
    assert {(e["from"], e["predicate"], e["to"]) for e in data["edges"]} == distinct


def test_every_edge_keeps_its_evidence_with_the_article_title(examples):
    data = json.loads(parsed(examples.dir / "graph.html").data)
    titles = {a["id"]: a["title"] for a in examples.articles.values()}
    for edge in data["edges"]:
        assert edge["evidence"], edge
        for ref in edge["evidence"]:
            article, sentence, *_ = data["evidence"][ref]
            assert data["articles"][article]["title"] == titles[data["articles"][article]["id"]]
            assert data["sentences"][sentence]


def test_nodes_in_a_county_carry_its_prefecture_and_province_for_the_region_filter(examples):
    data = json.loads(parsed(examples.dir / "graph.html").data)
    body = next(n for n in data["nodes"] if n["label"] == "临川区政协")
    assert {"361002", "361000", "360000"} <= set(body["regions"])
    chair = next(n for n in data["nodes"] if n["label"] == "郑国华")
    assert "361002" in chair["regions"]


def test_a_corpus_string_cannot_close_the_data_block(hostile, evil):
    page = write_page(hostile, hostile.dir / "graph.html")
    html = page.path.read_text(encoding="utf-8")
    assert evil["name"] not in html and "</script><script>window.pwned" not in html
    data = json.loads(parsed(page.path).data)
    assert evil["name"] in {n["label"] for n in data["nodes"]}
    assert data["sentences"] == [evil["sentence"]]


def test_safe_json_escapes_what_html_would_read():
    text = safe_json({"s": "</script>&<!--\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script>&<!--\u2028"}


def test_a_subgraph_holds_only_the_neighbourhood(examples):
    data = page_data(examples.facts(), examples.nodes, examples.articles, focus="临川区政协", hops=1).payload
    labels = {n["label"] for n in data["nodes"]}
    assert "临川区政协" in labels and "临川区" in labels and "三届十二次常委会会议" in labels
    assert "郑国华" not in labels  # two hops away, through the post
    assert not any(n["type"] == "Article" for n in data["nodes"])
    two = page_data(examples.facts(), examples.nodes, examples.articles, focus="临川区政协", hops=2).payload
    assert "郑国华" in {n["label"] for n in two["nodes"]}


def test_a_subgraph_of_an_unknown_name_says_what_to_do(examples):
    with pytest.raises(InputError, match="no node named '不存在' in the build"):
        page_data(examples.facts(), examples.nodes, focus="不存在")


def test_kg_view_subgraph_writes_a_focused_page(examples):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "view",
            "--exports",
            str(examples.dir),
            "--subgraph",
            "临川区政协",
            "--hops",
            "2",
            "--no-open",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    path = examples.dir / "graph-临川区政协.html"
    assert result.stdout.strip() == str(path.resolve())
    data = json.loads(parsed(path).data)
    assert data["focus"]["name"] == "临川区政协" and data["focus"]["hops"] == 2
    assert len(data["nodes"]) < len(examples.nodes)


def test_kg_view_of_an_unknown_subgraph_is_one_error_line(examples):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "view",
            "--exports",
            str(examples.dir),
            "--subgraph",
            "不存在",
            "--no-open",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        result.stderr.startswith("Error: no node named '不存在'")
        and len(result.stderr.strip().splitlines()) == 1
    )
