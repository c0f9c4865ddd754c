"""What a reader sees of the graph page before and after a click (issue 19), in headless
Chromium: names at the first view and every zoom, a graph drawn at once, a neighbourhood
laid out apart, --select zooming in, no panel or tooltip left from a hidden selection, and a
search box that shows its whole placeholder and reads traditional script."""

from __future__ import annotations

import math
from contextlib import contextmanager

import pytest

from kg.viewer import write_page
from kg.viewer.browser import offline_page

from .conftest import synthetic_facts, write_build
from .test_in_chromium import js, node_id, selected, visible


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    """About 460 nodes, the size of the web dev set."""
    build = write_build(tmp_path_factory.mktemp("medium"), synthetic_facts(22))
    page = write_page(build, build.dir / "graph.html", max_nodes=None)
    assert 400 < page.nodes < 520
    return page.path


@contextmanager
def drawn(browser, path):
    """The page once it has drawn its first frame (not waiting for the layout to settle)."""
    with offline_page(browser, path) as view:
        view.page.wait_for_selector("body[data-drawn=true]", state="attached", timeout=60_000)
        yield view


def on_screen_label_sizes(view) -> list[float]:
    return js(
        view,
        """() => {
            const net = window.kgViewer.network;
            return window.kgViewer.data.labelled.map(id => net.body.nodes[id].options.font.size * net.getScale());
        }""",
    )


def test_the_most_connected_nodes_are_named_at_the_first_view_and_when_zoomed_out(browser, medium):
    with drawn(browser, medium) as view:
        view.wait_until_laid_out()
        assert js(view, "() => window.kgViewer.network.getScale()") < 0.5  # a whole graph: zoomed out
        sizes = on_screen_label_sizes(view)
        assert len(sizes) >= 20
        assert min(sizes) >= 12  # drawn (vis-network drops labels under 7 px) and readable
        box = view.page.query_selector("#graph canvas").bounding_box()
        view.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(4):
            view.page.mouse.wheel(0, 400)
        view.page.wait_for_timeout(100)  # the wheel's zoom events are handled
        assert js(view, "() => window.kgViewer.network.getScale()") < 0.3
        assert min(on_screen_label_sizes(view)) >= 12
        assert "Size: number of connections" in view.page.inner_text("#legend")


def test_the_graph_is_drawn_at_once_and_settles_afterwards(browser, medium):
    with drawn(browser, medium) as view:
        assert js(view, "() => window.kgViewer.drawnAt") < 4000  # ms; it was 6-7 s before the layout showed
        assert view.page.is_hidden("#loading")
        spread = js(
            view,
            """() => {
                const p = Object.values(window.kgViewer.network.getPositions());
                const xs = p.map(q => q.x), ys = p.map(q => q.y);
                return Math.max(...xs) - Math.min(...xs) + Math.max(...ys) - Math.min(...ys);
            }""",
        )
        assert spread > 500  # at its seeded positions, not piled at the origin
        view.wait_until_laid_out()


def dom_positions(view, ids) -> dict[str, dict[str, float]]:
    return js(
        view,
        """(ids) => {
            const net = window.kgViewer.network;
            const out = {};
            for (const [id, p] of Object.entries(net.getPositions(ids))) out[id] = net.canvasToDOM(p);
            return out;
        }""",
        list(ids),
    )


def test_a_two_hop_neighbourhood_is_laid_out_apart_and_fills_the_view(browser, medium):
    with drawn(browser, medium) as view:
        view.wait_until_laid_out()
        body = js(
            view, "() => window.kgViewer.data.nodes.find(n => n.style === 'CppccBody' && n.degree > 3).id"
        )
        js(view, "(id) => window.kgViewer.focusNode(id)", body)
        view.page.click('#details button[data-hops="2"]')
        ids = visible(view)
        assert len(ids) >= 8
        points = list(dom_positions(view, ids).values())
        closest = min(
            math.dist((a["x"], a["y"]), (b["x"], b["y"]))
            for i, a in enumerate(points)
            for b in points[i + 1 :]
        )
        assert closest >= 25  # px: shapes and labels apart
        box = view.page.query_selector("#graph canvas").bounding_box()
        width = max(p["x"] for p in points) - min(p["x"] for p in points)
        height = max(p["y"] for p in points) - min(p["y"] for p in points)
        assert width >= 0.5 * box["width"] or height >= 0.5 * box["height"]
        before = js(view, "(id) => window.kgViewer.network.getPositions([id])[id]", body)
        view.page.click("#reset")  # the whole graph gets its own layout back
        after = js(view, "(id) => window.kgViewer.network.getPositions([id])[id]", body)
        assert len(visible(view)) > len(ids) and after == before


def test_select_zooms_to_the_node_it_selects(browser, examples):
    zheng = node_id(examples, "郑国华")
    with drawn(browser, examples.dir / "graph.html") as view:
        view.wait_until_laid_out()
        js(view, "() => window.kgViewer.network.moveTo({scale: 0.2, animation: false})")
        js(view, "(id) => window.kgViewer.selectNode(id)", zheng)  # what kg view --select calls
        assert selected(view) == [zheng]
        centre = js(view, "() => window.kgViewer.network.getViewPosition()")
        where = js(view, "(id) => window.kgViewer.network.getPositions([id])[id]", zheng)
        assert abs(centre["x"] - where["x"]) < 1 and abs(centre["y"] - where["y"]) < 1
        assert js(view, "() => window.kgViewer.network.getScale()") >= 1


def test_a_filter_that_hides_the_selection_clears_its_panel_and_tooltip(browser, examples):
    zheng = node_id(examples, "郑国华")
    with drawn(browser, examples.dir / "graph.html") as view:
        view.wait_until_laid_out()
        js(view, "(id) => window.kgViewer.focusNode(id)", zheng)  # selected, its panel open
        point = js(
            view,
            """(id) => {
                const net = window.kgViewer.network;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.querySelector('#graph canvas').getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y};
            }""",
            zheng,
        )
        view.page.mouse.move(point["x"] - 20, point["y"] - 20)
        view.page.mouse.move(point["x"], point["y"], steps=5)  # the pointer rests on it: a tooltip
        view.page.wait_for_selector("#tooltip", state="visible", timeout=5000)
        assert view.page.inner_text("#details .node-title .label") == "郑国华"
        view.page.uncheck('#legend input[data-type="Person"]')
        assert selected(view) == []
        assert view.page.query_selector("#details .node-title") is None
        assert "Click a node" in view.page.inner_text("#details")
        assert view.page.is_hidden("#tooltip")


def test_the_search_box_shows_its_whole_placeholder(browser, examples):
    with drawn(browser, examples.dir / "graph.html") as view:
        fits = js(
            view,
            """() => {
                const box = document.getElementById('search');
                const style = getComputedStyle(box);
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.font = style.font;
                const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return [ctx.measureText(box.placeholder).width, room];
            }""",
        )
        assert fits[0] <= fits[1], fits


def test_the_search_box_finds_a_name_typed_in_traditional_script(browser, examples):
    with drawn(browser, examples.dir / "graph.html") as view:
        view.page.fill("#search", "鄭國華")
        assert view.page.inner_text("#search-results li:first-child .result-label") == "郑国华"
