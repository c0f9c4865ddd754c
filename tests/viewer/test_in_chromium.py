"""The graph page driven in headless Chromium, opened from file:// with every other request refused."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

from kg.viewer import write_page
from kg.viewer.browser import offline_page

PROVENANCE = {"MENTIONS", "AUTHORED_BY"}


@contextmanager
def opened(browser, page_path, timeout_ms=60_000):
    with offline_page(browser, page_path) as view:
        view.wait_until_laid_out(timeout_ms)
        yield view


def js(view, script, arg=None):
    return view.page.evaluate(script, arg)


def visible(view) -> set[str]:
    return set(js(view, "() => window.kgViewer.visibleNodeIds()"))


def selected(view) -> list[str]:
    return js(view, "() => window.kgViewer.network.getSelectedNodes()")


def panel_title(view) -> str:
    return view.page.inner_text("#details .node-title .label")


def node_id(build, label, type_=None) -> str:
    [found] = [n.id for n in build.nodes.values() if n.label == label and (type_ is None or n.type == type_)]
    return found


def click_node(view, nid):
    point = js(
        view,
        """(id) => {
            const net = window.kgViewer.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        nid,
    )
    view.page.mouse.click(point["x"], point["y"])


def click_edge(view, eid):
    point = js(
        view,
        """(id) => {
            const net = window.kgViewer.network;
            const mid = net.body.edges[id].edgeType.getPoint(0.5);
            net.moveTo({position: mid, scale: 2.5, animation: false});
            const p = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
            const box = document.querySelector('#graph canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        eid,
    )
    view.page.mouse.click(point["x"], point["y"])


def test_the_page_draws_from_file_with_no_request_and_no_error(browser, examples):
    with opened(browser, examples.dir / "graph.html") as view:
        assert view.refused == []
        assert view.errors == []
        assert view.page.get_attribute("body", "data-ready") == "true"


def test_the_refusal_of_requests_is_real(browser, tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<img src="http://example.invalid/x.png"><script src="https://cdn.invalid/a.js"></script>', "utf-8"
    )
    with offline_page(browser, page) as view:
        view.page.wait_for_load_state("load")
        assert sorted(view.refused) == ["http://example.invalid/x.png", "https://cdn.invalid/a.js"]


def test_the_graph_has_every_node_of_the_build(browser, examples):
    entities = {n.id for n in examples.nodes.values() if n.type != "Article"}
    with opened(browser, examples.dir / "graph.html") as view:
        assert visible(view) == entities
        assert js(view, "() => window.kgViewer.network.body.nodeIndices.length") == len(entities)
        view.page.check('#legend input[data-type="Article"]')  # articles start hidden
        assert visible(view) == set(examples.nodes)


def test_search_by_name_focuses_the_person(browser, examples):
    zheng = node_id(examples, "郑国华")
    with opened(browser, examples.dir / "graph.html") as view:
        view.page.fill("#search", "郑国华")
        assert view.page.inner_text("#search-results li:first-child .result-label") == "郑国华"
        view.page.press("#search", "Enter")
        assert selected(view) == [zheng]
        assert panel_title(view) == "郑国华"
        centre = js(view, "() => window.kgViewer.network.getViewPosition()")
        where = js(view, "(id) => window.kgViewer.network.getPositions([id])[id]", zheng)
        assert abs(centre["x"] - where["x"]) < 1 and abs(centre["y"] - where["y"]) < 1


def test_search_by_alias_finds_the_body(browser, examples):
    body = node_id(examples, "抚州市政协")
    with opened(browser, examples.dir / "graph.html") as view:
        view.page.fill("#search", "市政协")
        view.page.click("#search-results li:first-child")
        assert selected(view) == [body]


def test_clicking_a_node_shows_its_properties_and_evidence(browser, examples):
    zheng = node_id(examples, "郑国华")
    with opened(browser, examples.dir / "graph.html") as view:
        click_node(view, zheng)
        assert panel_title(view) == "郑国华"
        assert zheng in view.page.inner_text("#details table.props")
        titles = view.page.locator("#details li.evidence .article-title").all_inner_texts()
        assert "凝聚共识谋发展 担当作为促振兴" in titles
        marks = view.page.locator("#details li.evidence mark").all_inner_texts()
        assert "郑国华" in marks


def test_clicking_an_edge_shows_the_sentence_it_was_read_in(browser, examples):
    zheng, post = node_id(examples, "郑国华"), node_id(examples, "临川区政协主席")
    with opened(browser, examples.dir / "graph.html") as view:
        [edge] = [
            e["id"]
            for e in js(view, "() => window.kgViewer.data.edges")
            if (e["from"], e["predicate"], e["to"]) == (zheng, "HOLDS", post)
        ]
        click_edge(view, edge)
        assert "HOLDS" in view.page.inner_text("#details .edge-title")
        [quote] = view.page.locator("#details li.evidence blockquote").all_inner_texts()
        assert "区政协党组书记、主席郑国华主持会议" in quote


def test_the_type_filter_hides_a_type(browser, examples):
    persons = {n.id for n in examples.nodes.values() if n.type == "Person"}
    with opened(browser, examples.dir / "graph.html") as view:
        view.page.uncheck('#legend input[data-type="Person"]')
        shown = visible(view)
        assert shown and not (shown & persons)


def test_the_region_filter_keeps_one_county(browser, examples):
    with opened(browser, examples.dir / "graph.html") as view:
        view.page.select_option("#region", "361002")
        labels = {examples.nodes[n].label for n in visible(view)}
        assert {"临川区", "临川区政协", "临川区政协主席", "郑国华", "三届十二次常委会会议"} <= labels
        assert not labels & {"南丰县政协", "抚州市", "江西省"}


def test_a_bodys_neighbourhood_shows_it_and_its_neighbours(browser, examples):
    body = node_id(examples, "临川区政协")
    expected = {body}
    for f in examples.facts():
        if f.predicate not in PROVENANCE and body in (f.subject.id, f.object.id):
            expected |= {f.subject.id, f.object.id}
    with opened(browser, examples.dir / "graph.html") as view:
        js(view, "(id) => window.kgViewer.focusNode(id)", body)
        view.page.click('#details button[data-hops="1"]')
        assert visible(view) == expected
        view.page.click("#reset")
        assert len(visible(view)) > len(expected)


def test_an_injected_name_stays_text(browser, hostile, evil):
    page = write_page(hostile, hostile.dir / "graph.html").path
    with opened(browser, page) as view:
        dialogs: list[str] = []
        view.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        view.page.fill("#search", "<img")
        assert view.page.inner_text("#search-results li:first-child .result-label") == evil["name"]
        view.page.press("#search", "Enter")
        assert panel_title(view) == evil["name"]
        assert view.page.inner_text("#details li.evidence blockquote") == evil["sentence"]
        assert (
            view.page.inner_text("#details li.evidence .article-title")
            == "<script>alert('title')</script>标题"
        )
        assert (
            js(view, "() => document.querySelectorAll('img, #details script, #search-results script').length")
            == 0
        )
        assert js(view, "() => window.pwned === undefined") is True
        assert dialogs == [] and view.errors == []


def test_a_graph_of_5000_nodes_opens_and_search_works(browser, large):
    page = write_page(large, large.dir / "graph.html", max_nodes=None)  # all of it, past the overview cap
    assert page.nodes > 5000
    with opened(browser, page.path, timeout_ms=60_000) as view:
        assert len(visible(view)) == page.nodes
        view.page.fill("#search", "人17号3")
        view.page.press("#search", "Enter")
        assert selected(view) == ["person:b17p3"]
        assert panel_title(view) == "人17号3"


def test_kg_view_screenshot_saves_a_png(examples, tmp_path, browser):
    png = tmp_path / "graph.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "view",
            "--exports",
            str(examples.dir),
            "--screenshot",
            str(png),
            "--select",
            "郑国华",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_kg_view_select_of_an_unknown_name_is_one_error_line(examples, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "view",
            "--exports",
            str(examples.dir),
            "--screenshot",
            str(tmp_path / "x.png"),
            "--select",
            "不存在",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"Error: --select '不存在' names no node in {examples.dir}/; check the spelling"
    )
    assert not (tmp_path / "x.png").exists()
