"""A build → the data the graph page draws: vis-network nodes, edges and options, built with pyvis.

pyvis builds the vis-network node and edge records and the physics options; kg adds what
the page needs beyond drawing, kept apart from the vis records so vis never sees it:
each node's type, aliases, properties and regions (for the filters), each edge's
evidence, and the tables the evidence points into (articles, sentences).

Evidence is stored once: `evidence[i] = [article index, sentence index, surface, extractor]`
and nodes and edges refer to it by index, so a sentence read by five facts is in the page once.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError
from kg.model import Fact, Node

__all__ = ["NODE_STYLES", "LARGE_GRAPH", "PageData", "page_data", "find_nodes", "neighbourhood"]

# type → (colour, vis shape, legend text); CPPCC bodies get their own entry.
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "Person": ("#e15759", "dot", "人物 Person"),
    "Position": ("#f28e2b", "diamond", "职务 Position"),
    "CppccBody": ("#2f5f98", "square", "政协 CPPCC body"),
    "Organization": ("#76b7e5", "square", "机构 Organization"),
    "Region": ("#59a14f", "triangle", "地区 Region"),
    "Meeting": ("#af7aa1", "star", "会议 Meeting"),
    "Document": ("#9c755f", "triangleDown", "文件 Document"),
    "Article": ("#bab0ac", "dot", "文章 Article"),
}

# Types drawn when the page opens; articles link to everything they name, so they start hidden.
HIDDEN_AT_START = ("Article",)

# Past this many drawn nodes the page trades looks for speed: straight edges, a short
# stabilisation, edges hidden while dragging or zooming.
LARGE_GRAPH = 1500

# Relationships that say where a fact was read, not how two entities relate: the page
# keeps them as evidence, and the neighbourhood of a node does not walk through them.
_PROVENANCE = frozenset({"MENTIONS", "AUTHORED_BY"})

_FONT_FACE = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"
_LABEL_MAX = 14  # characters of a long title drawn on the canvas; the panel shows all of it


@dataclass(frozen=True, slots=True)
class PageData:
    """Everything the page template needs, JSON-ready (`payload`), and its size."""

    payload: dict[str, Any]
    nodes: int
    edges: int


def _style_key(node: Node) -> str:
    if node.type == "Organization" and node.prop("cppcc"):
        return "CppccBody"
    return node.type


def _ancestors(code: Any) -> list[str]:
    """A GB/T 2260 code and the codes of the prefecture, province and country around it.

    >>> _ancestors("621223")
    ['100000', '620000', '621200', '621223']
    >>> _ancestors("national"), _ancestors("100000")
    ([], ['100000'])
    """
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return []
    return sorted({"100000", code[:2] + "0000", code[:4] + "00", code})


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _props(node: Node) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in node.props if k != "aliases"}


def find_nodes(nodes: dict[str, Node], name: str) -> list[str]:
    """Ids of the nodes whose id, label or an alias is `name` (Articles only by id or title)."""
    wanted = name.strip()
    if wanted in nodes:
        return [wanted]
    return sorted(
        n.id
        for n in nodes.values()
        if n.label == wanted or wanted in (n.prop("aliases") or ()) or n.prop("title") == wanted
    )


def neighbourhood(roots: Iterable[str], adjacency: dict[str, set[str]], hops: int) -> set[str]:
    """The nodes within `hops` edges of `roots` (edges taken both ways).

    >>> sorted(neighbourhood(["a"], {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}}, 2))
    ['a', 'b', 'c']
    """
    seen = set(roots)
    frontier = deque((r, 0) for r in seen)
    while frontier:
        node, depth = frontier.popleft()
        if depth == hops:
            continue
        for other in adjacency.get(node, ()):
            if other not in seen:
                seen.add(other)
                frontier.append((other, depth + 1))
    return seen


def _seed_positions(
    shown: list[Node], regions: dict[str, set[str]], degree: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """Starting positions: one cluster per county (else prefecture, province), clusters on a spiral.

    Nodes of one place are usually linked (a body, its posts, their holders, its meetings),
    so starting them together lets a short stabilisation untangle even 10,000 nodes.
    Deterministic: the same build always opens the same way.
    """
    golden = math.pi * (3 - math.sqrt(5))
    clusters: dict[str, list[Node]] = defaultdict(list)
    for node in shown:
        if node.type == "Article":
            continue  # placed beside what it mentions, by the caller
        codes = sorted(regions.get(node.id, ()), key=lambda c: (c.endswith("0000"), c.endswith("00"), c))
        clusters[codes[0] if codes else ""].append(node)
    order = sorted(clusters, key=lambda k: (-len(clusters[k]), k))
    positions: dict[str, tuple[int, int]] = {}
    for i, key in enumerate(order):
        members = sorted(clusters[key], key=lambda n: (-degree.get(n.id, 0), n.id))
        spread = 28 * math.sqrt(len(members))
        cx = 260 * math.sqrt(i) * math.cos(i * golden) * (1 + spread / 600)
        cy = 260 * math.sqrt(i) * math.sin(i * golden) * (1 + spread / 600)
        for j, node in enumerate(members):
            r = 28 * math.sqrt(j)
            positions[node.id] = (round(cx + r * math.cos(j * golden)), round(cy + r * math.sin(j * golden)))
    return positions


def _surface(articles: dict[str, dict[str, Any]], evidence: dict[str, Any]) -> str:
    text = articles.get(evidence["article"], {}).get("text") or ""
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return str(text[start:end])
    return ""


def page_data(
    facts: Iterable[Fact],
    nodes: dict[str, Node] | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
    focus: str | None = None,
    hops: int = 2,
    title: str | None = None,
) -> PageData:
    """The page's data for a build's facts (all of them, or the `hops` neighbourhood of `focus`).

    `nodes` (nodes.jsonl, id → Node) adds nodes no fact touches and their merged
    properties; `articles` (articles.jsonl records by id) gives evidence its titles and
    the surface forms to highlight. Both are optional: the facts' own ends suffice.

    Raises:
        InputError: `focus` names no node.
    """
    from pyvis.edge import Edge as VisEdge
    from pyvis.network import Network
    from pyvis.node import Node as VisNode

    nodes = dict(nodes or {})
    articles = articles or {}
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact in facts:
        for end in (fact.subject, fact.object):
            nodes.setdefault(end.id, end)
        key = (fact.subject.id, fact.predicate, fact.object.id)
        edge = merged.setdefault(key, {"confidence": 0.0, "evidence": [], "extra": dict(fact.extra)})
        edge["confidence"] = max(edge["confidence"], fact.confidence)
        edge["evidence"].append(fact.evidence.to_dict())

    adjacency: dict[str, set[str]] = defaultdict(set)
    for s, p, o in merged:
        if p not in _PROVENANCE and s != o:
            adjacency[s].add(o)
            adjacency[o].add(s)

    focus_info: dict[str, Any] | None = None
    keep: set[str] | None = None
    if focus is not None:
        roots = find_nodes(nodes, focus)
        if not roots:
            raise InputError(
                f"no node named {focus!r} in the build (searched ids, labels and aliases); "
                "check the spelling, or open the whole graph with `kg view` and use its search box"
            )
        keep = {n for n in neighbourhood(roots, adjacency, hops) if nodes[n].type != "Article"}
        focus_info = {"name": focus, "hops": hops, "roots": roots}

    # node regions: its own code, else those of what it belongs to (post → body → region)
    regions: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        regions[node.id].update(
            _ancestors(node.prop("code") if node.type == "Region" else node.prop("region_code"))
        )
        if node.type == "Person":
            regions[node.id].update(_ancestors(node.prop("anchor")))
    for predicate_order in (
        ("POST_IN",),
        ("HOLDS", "HELD"),
        ("PRESIDED_BY", "ATTENDED_BY", "ADOPTED", "STUDIED", "ISSUED", "CITED"),
    ):
        for s, p, o in merged:
            if p not in predicate_order:
                continue
            if p == "POST_IN":
                regions[s].update(regions[o])  # the post is where its body is
            elif p == "HOLDS":
                regions[s].update(regions[o])  # the person, where the post is
            else:
                regions[o].update(regions[s])  # the meeting or document, where its body/meeting is

    shown = [n for n in nodes.values() if keep is None or n.id in keep]
    shown.sort(key=lambda n: n.id)
    shown_ids = {n.id for n in shown}
    edges = [(k, v) for k, v in sorted(merged.items()) if k[0] in shown_ids and k[2] in shown_ids]
    degree: dict[str, int] = {n.id: len(adjacency.get(n.id, set()) & shown_ids) for n in shown}
    large = sum(1 for n in shown if n.type not in HIDDEN_AT_START) > LARGE_GRAPH

    # pyvis collects the vis-network records and options; Network.add_node/add_edge check
    # membership in a list (quadratic on 10,000 nodes), so its Node/Edge classes are used
    # directly after kg has checked both ends itself.
    net = Network(directed=True)
    article_index: dict[str, int] = {}
    article_rows: list[dict[str, Any]] = []
    sentence_index: dict[str, int] = {}
    sentences: list[str] = []
    evidence_index: dict[tuple[Any, ...], int] = {}
    evidence_rows: list[list[Any]] = []

    def evidence_ref(ev: dict[str, Any]) -> int:
        aid = ev["article"]
        if aid not in article_index:
            record = articles.get(aid, {})
            article_index[aid] = len(article_rows)
            article_rows.append(
                {
                    "id": aid,
                    "title": record.get("title")
                    or (nodes[f"article:{aid}"].label if f"article:{aid}" in nodes else ""),
                    "published": record.get("published"),
                    "source": record.get("source"),
                    "lines": record.get("lines"),
                }
            )
        sentence = ev.get("sentence") or ""
        if sentence not in sentence_index:
            sentence_index[sentence] = len(sentences)
            sentences.append(sentence)
        row = [article_index[aid], sentence_index[sentence], _surface(articles, ev), ev.get("extractor", "")]
        key = tuple(row)
        if key not in evidence_index:
            evidence_index[key] = len(evidence_rows)
            evidence_rows.append(row)
        return evidence_index[key]

    positions = _seed_positions(shown, regions, degree)
    for (s, p, o), _ in edges:
        if p in _PROVENANCE and s not in positions and o in positions:
            positions[s] = (positions[o][0] + 40, positions[o][1] - 40)
    for node in shown:
        positions.setdefault(node.id, (0, 0))
    info: list[dict[str, Any]] = []
    for node in shown:
        colour, shape, _ = NODE_STYLES[_style_key(node)]
        size = 8 + 4 * math.sqrt(degree[node.id]) if node.type != "Article" else 6
        vis = VisNode(
            node.id,
            shape,
            label=_short(node.label),
            color=colour,
            size=round(min(size, 40), 1),
            x=positions[node.id][0],
            y=positions[node.id][1],
        ).options
        net.nodes.append(vis)
        net.node_ids.append(node.id)
        info.append(
            {
                "id": node.id,
                "label": node.label,
                "type": node.type,
                "style": _style_key(node),
                "aliases": [a for a in (node.prop("aliases") or ()) if a != node.label],
                "props": _props(node),
                "regions": sorted(regions[node.id]),
                "degree": degree[node.id],
            }
        )
    edge_info: list[dict[str, Any]] = []
    for i, ((s, p, o), data) in enumerate(edges):
        vis = VisEdge(s, o, directed=True, id=f"e{i}", label=p).options
        if p in _PROVENANCE:
            vis["color"] = {"color": "#d5d5d5", "highlight": "#888888"}
        net.edges.append(vis)
        edge_info.append(
            {
                "id": f"e{i}",
                "from": s,
                "to": o,
                "predicate": p,
                "confidence": round(data["confidence"], 3),
                "extra": {k: v for k, v in data["extra"].items() if isinstance(v, str | int | float | bool)},
                "evidence": sorted({evidence_ref(ev) for ev in data["evidence"]}),
            }
        )

    net.force_atlas_2based(
        gravity=-60, central_gravity=0.012, spring_length=90, spring_strength=0.06, damping=0.6, overlap=0.2
    )
    options = json.loads(net.options.to_json())
    options["physics"]["stabilization"].update(
        {"iterations": 80 if large else 600, "updateInterval": 25, "fit": True}
    )
    options["physics"]["minVelocity"] = 1.0
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
        "color": {"color": "#a9a9a9", "highlight": "#333333", "hover": "#555555", "inherit": False},
        "width": 1,
        "selectionWidth": 2,
        "font": {"size": 10, "face": _FONT_FACE, "color": "#555555", "strokeWidth": 3, "align": "middle"},
    }
    options["nodes"] = {
        "font": {
            "size": 14,
            "face": _FONT_FACE,
            "color": "#222222",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1,
        "scaling": {"label": {"drawThreshold": 7}},
    }
    options["interaction"] = {
        "hover": not large,
        "hideEdgesOnDrag": large,
        "hideEdgesOnZoom": large,
        "tooltipDelay": 300,
        "multiselect": False,
        "navigationButtons": False,
        "keyboard": False,
    }
    options["layout"] = {"improvedLayout": len(shown) <= 300, "randomSeed": 7}

    region_rows = sorted(
        (
            {"code": n.prop("code"), "label": n.label, "level": n.prop("level")}
            for n in nodes.values()
            if n.type == "Region" and isinstance(n.prop("code"), str)
        ),
        key=lambda r: r["code"],
    )
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()
    payload = {
        "title": title or (f"{focus} — {hops} hops" if focus is not None else "kg graph"),
        "focus": focus_info,
        "large": large,
        "styles": {k: {"color": c, "shape": s, "legend": t} for k, (c, s, t) in NODE_STYLES.items()},
        "hiddenAtStart": list(HIDDEN_AT_START),
        "provenance": sorted(_PROVENANCE),
        "visNodes": vis_nodes,
        "visEdges": vis_edges,
        "nodes": info,
        "edges": edge_info,
        "evidence": evidence_rows,
        "sentences": sentences,
        "articles": article_rows,
        "regions": region_rows,
        "options": options,
    }
    return PageData(payload, len(vis_nodes), len(vis_edges))
