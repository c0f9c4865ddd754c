"""A build → the data the graph page draws: vis-network nodes, edges and options, built with pyvis.

pyvis builds the vis-network node and edge records and the physics options; kg adds what
the page needs beyond drawing, kept apart from the vis records so vis never sees it:
each node's type, aliases, properties and regions (for the filters), each edge's
evidence, and the tables the evidence points into (articles, sentences).

Evidence is stored once: `evidence[i] = [article index, sentence index, surface, extractor]`
and nodes and edges refer to it by index, so a sentence read by five facts is in the page once.
An edge whose evidence was cut (`merge_facts(..., max_evidence=N)`, the overview of a big
build) also says how many of its facts' evidence the page left out: `edges[i]["more"]`.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Evidence, Fact, Node

__all__ = [
    "NODE_STYLES",
    "LARGE_GRAPH",
    "Edges",
    "PageData",
    "article_records",
    "find_nodes",
    "merge_fact_records",
    "merge_facts",
    "name_forms",
    "neighbourhood",
    "page_data",
]

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


def name_forms(name: str) -> list[str]:
    """The forms a name is looked up by: as written, then in simplified script (kg keeps
    labels in simplified script; a traditional name is found through its simplified form).

    The form as written comes first: t2s changes some name characters it should not, so a
    simplified name that t2s would alter still matches itself.

    >>> name_forms(" 張金鎖 "), name_forms("张金锁")
    (['張金鎖', '张金锁'], ['张金锁'])
    """
    from kg.ingest.normalize import to_simplified

    wanted = name.strip()
    simplified = to_simplified(wanted)
    return [wanted] if simplified == wanted else [wanted, simplified]


def find_nodes(nodes: dict[str, Node], name: str) -> list[str]:
    """Ids of the nodes whose id, label or an alias is `name`, in either script (Articles
    only by id or title). The name as written wins over its simplified form."""
    for wanted in name_forms(name):
        if wanted in nodes:
            return [wanted]
        found = sorted(
            n.id
            for n in nodes.values()
            if n.label == wanted or wanted in (n.prop("aliases") or ()) or n.prop("title") == wanted
        )
        if found:
            return found
    return []


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
    if "surface" in evidence:  # read already, from an article record not kept (`article_records`)
        return str(evidence["surface"])
    text = articles.get(evidence["article"], {}).get("text") or ""
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return str(text[start:end])
    return ""


def page_data(
    facts: Iterable[Fact] | Edges,
    nodes: dict[str, Node] | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
    focus: str | None = None,
    hops: int = 2,
    title: str | None = None,
) -> PageData:
    """The page's data for a build's facts (all of them, or the `hops` neighbourhood of `focus`).

    `facts` may come merged already (`merge_facts`), as the overview of a big build does
    to keep only some evidence per edge. `nodes` (nodes.jsonl, id → Node) adds nodes no
    fact touches and their merged properties; `articles` (articles.jsonl records by id)
    gives evidence its titles and the surface forms to highlight. Both are optional: the
    facts' own ends suffice.

    The steps: merge the facts into edges, find what to show (a neighbourhood of
    `focus`, or everything), place every shown node in its regions, seed positions, then
    draw nodes and edges with pyvis (their evidence into shared tables) and set the options.

    Raises:
        InputError: `focus` names no node.
    """
    from pyvis.network import Network

    nodes = dict(nodes or {})
    articles = articles or {}
    edges_read = facts if isinstance(facts, Edges) else merge_facts(facts)
    for end in edges_read.ends.values():
        nodes.setdefault(end.id, end)
    merged = edges_read.merged
    adjacency = _adjacency(merged)
    keep, focus_info = _focus(nodes, adjacency, focus, hops)
    regions = _regions(nodes, merged)

    shown = sorted((n for n in nodes.values() if keep is None or n.id in keep), key=lambda n: n.id)
    shown_ids = {n.id for n in shown}
    edges = [(k, v) for k, v in sorted(merged.items()) if k[0] in shown_ids and k[2] in shown_ids]
    degree: dict[str, int] = {n.id: len(adjacency.get(n.id, set()) & shown_ids) for n in shown}
    large = sum(1 for n in shown if n.type not in HIDDEN_AT_START) > LARGE_GRAPH

    net = Network(directed=True)
    positions = _positions(shown, edges, regions, degree)
    info = _draw_nodes(net, shown, positions, degree, regions)
    tables = _EvidenceTables(nodes, articles)
    edge_info = _draw_edges(net, edges, tables)
    options = _options(net, large, len(shown))

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
        "evidence": tables.rows,
        "sentences": tables.sentences,
        "articles": tables.articles,
        "regions": _region_rows(nodes),
        "options": options,
        "toSimplified": _to_simplified(info),
        "labelled": _labelled(info),
        "settleMs": 8000 if large else 3000,
    }
    return PageData(payload, len(vis_nodes), len(vis_edges))


_Key = tuple[str, str, str]  # (subject id, predicate, object id)
_EdgeList = list[tuple[_Key, dict[str, Any]]]


@dataclass(slots=True)
class Edges:
    """Facts merged into edges (`merge_facts`): the edge records by (subject, predicate,
    object) id, and each node at an end, as first read."""

    merged: dict[_Key, dict[str, Any]]
    ends: dict[str, Node]


def merge_facts(facts: Iterable[Fact], max_evidence: int | None = None) -> Edges:
    """One edge per (subject, predicate, object): the highest confidence, and every evidence,
    or only the first `max_evidence` distinct ones (in input order) and the count of the
    facts whose evidence was left out (`"more"`).

    The facts are read one at a time, so with `max_evidence` memory holds the edges, not
    the facts: the overview of a big build reads millions of facts into a few thousand edges.

    >>> from kg.model import Evidence
    >>> a, b = Node("person:a", "Person", "甲"), Node("position:b", "Position", "乙县政协主席")
    >>> read = [Fact(a, "HOLDS", b, Evidence(f"n{i}", "甲任乙县政协主席。", 0, 1, "t.v1")) for i in range(5)]
    >>> edge = merge_facts(read, max_evidence=2).merged["person:a", "HOLDS", "position:b"]
    >>> [ev["article"] for ev in edge["evidence"]], edge["more"]
    (['n0', 'n1'], 3)
    """
    merging = _Merging(max_evidence)
    for fact in facts:
        merging.add(fact)
    return merging.edges


def merge_fact_records(records: Iterable[dict[str, Any]], max_evidence: int | None = None) -> Edges:
    """`merge_facts` of facts.jsonl records (`Fact.to_dict()`), with the same edges, but a
    record becomes a Fact only when it starts an edge or its evidence is kept: the rest only
    raise their edge's confidence and count (between the 5,000 nodes of a 100 MB build's
    overview, 1.4 M facts make 5,500 edges: making each a Fact was most of the page's time).

    >>> from kg.model import Evidence
    >>> a, b = Node("person:a", "Person", "甲"), Node("position:b", "Position", "乙县政协主席")
    >>> read = [Fact(a, "HOLDS", b, Evidence(f"n{i}", "甲任乙县政协主席。", 0, 1, "t.v1")) for i in range(5)]
    >>> merge_fact_records([f.to_dict() for f in read], max_evidence=2) == merge_facts(read, max_evidence=2)
    True
    """
    merging = _Merging(max_evidence)
    for record in records:
        edge = merging.edges.merged.get(
            (record["subject"]["id"], record["predicate"], record["object"]["id"])
        )
        if edge is not None and merging.is_full(edge):
            merging.read(
                edge, record.get("confidence", 1.0), Evidence.from_dict(record["evidence"]).to_dict()
            )
        else:
            merging.add(Fact.from_dict(record))
    return merging.edges


class _Merging:
    """The edges merged so far (`merge_facts`, `merge_fact_records`)."""

    def __init__(self, max_evidence: int | None) -> None:
        self.max_evidence = max_evidence
        self.edges = Edges({}, {})
        self._sentences: dict[str, str] = {}  # one string per kept sentence, however many facts read it

    def is_full(self, edge: dict[str, Any]) -> bool:
        return self.max_evidence is not None and len(edge["evidence"]) >= self.max_evidence

    def add(self, fact: Fact) -> None:
        for end in (fact.subject, fact.object):
            self.edges.ends.setdefault(end.id, end)
        key = (fact.subject.id, fact.predicate, fact.object.id)
        edge = self.edges.merged.get(key)
        if edge is None:
            edge = self.edges.merged[key] = {
                "confidence": 0.0,
                "evidence": [],
                "extra": dict(fact.extra),
                "more": 0,
            }
        self.read(edge, fact.confidence, fact.evidence.to_dict())

    def read(self, edge: dict[str, Any], confidence: float, evidence: dict[str, Any]) -> None:
        """One more fact of `edge`: its confidence and evidence (`Evidence.to_dict()`)."""
        edge["confidence"] = max(edge["confidence"], confidence)
        if self.max_evidence is not None and evidence in edge["evidence"]:
            return  # the same evidence again (one row on the page): nothing left out
        if self.is_full(edge):
            edge["more"] += 1
            return
        evidence["sentence"] = self._sentences.setdefault(evidence["sentence"], evidence["sentence"])
        edge["evidence"].append(evidence)


def article_records(edges: Edges, records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records of the articles the edges' evidence cites, by id, without their text:
    each evidence takes its surface form now (`article.text[start:end]`), so a page of
    a big build holds no article's whole text, only the sentences it shows.

    `records` (a build's `article_lines()`) is read one at a time.
    """
    cited: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in edges.merged.values():
        for evidence in edge["evidence"]:
            cited[evidence["article"]].append(evidence)
    kept: dict[str, dict[str, Any]] = {}
    for record in records:
        evidences = cited.get(record["id"])
        if evidences is None:
            continue
        for evidence in evidences:
            evidence["surface"] = _surface({record["id"]: record}, evidence)
        kept[record["id"]] = {k: v for k, v in record.items() if k != "text"}
    return kept


def _adjacency(merged: dict[_Key, dict[str, Any]]) -> dict[str, set[str]]:
    """Neighbours by relationships between entities (provenance edges left out)."""
    adjacency: dict[str, set[str]] = defaultdict(set)
    for s, p, o in merged:
        if p not in _PROVENANCE and s != o:
            adjacency[s].add(o)
            adjacency[o].add(s)
    return adjacency


LABELLED = 25  # names always drawn: the most connected nodes


def _labelled(info: list[dict[str, Any]]) -> list[str]:
    """The ids of the most connected nodes (by degree, then mentions), whose names the page
    keeps readable at every zoom, so the first view is not unlabelled shapes."""
    ranked = sorted(
        (n for n in info if n["type"] != "Article"),
        key=lambda n: (-n["degree"], -int(n["props"].get("mentions") or 0), n["id"]),
    )
    return [n["id"] for n in ranked[:LABELLED]]


def _to_simplified(info: list[dict[str, Any]]) -> dict[str, str]:
    """Traditional character → its simplified form, for the characters of the page's names,
    so the search box finds 張金鎖 as 张金锁 (the labels are in simplified script)."""
    import opencc

    used = {c for n in info for name in [n["label"], *n.get("aliases", ())] for c in str(name)}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and target != source and target in used:
            table[source] = target
    return dict(sorted(table.items()))


def _focus(
    nodes: dict[str, Node], adjacency: dict[str, set[str]], focus: str | None, hops: int
) -> tuple[set[str] | None, dict[str, Any] | None]:
    """The ids to show around `focus` (None: all) and what the page says about the focus."""
    if focus is None:
        return None, None
    roots = find_nodes(nodes, focus)
    if not roots:
        raise InputError(
            f"no node named {focus!r} in the build (searched ids, labels and aliases); "
            "check the spelling, or open the whole graph with `kg view` and use its search box"
        )
    keep = {n for n in neighbourhood(roots, adjacency, hops) if nodes[n].type != "Article"}
    return keep, {"name": focus, "hops": hops, "roots": roots}


# Region codes flow along these relationships, one group after another: a post is where
# its body is, a person where the post is, a meeting or document where its body/meeting is.
_REGION_FLOW = (
    ("POST_IN",),
    ("HOLDS", "HELD"),
    ("PRESIDED_BY", "ATTENDED_BY", "ADOPTED", "STUDIED", "ISSUED", "CITED"),
)


def _regions(nodes: dict[str, Node], merged: dict[_Key, dict[str, Any]]) -> dict[str, set[str]]:
    """Each node's region codes (for the region filter): its own code and its ancestors,
    else those of what it belongs to (post → body → region)."""
    regions: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        regions[node.id].update(
            _ancestors(node.prop("code") if node.type == "Region" else node.prop("region_code"))
        )
        if node.type == "Person":
            regions[node.id].update(_ancestors(node.prop("anchor")))
    for group in _REGION_FLOW:
        for s, p, o in merged:
            if p not in group:
                continue
            if p in ("POST_IN", "HOLDS"):
                regions[s].update(regions[o])
            else:
                regions[o].update(regions[s])
    return regions


def _positions(
    shown: list[Node], edges: _EdgeList, regions: dict[str, set[str]], degree: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """Seeded positions of every shown node; an article beside what it mentions."""
    positions = _seed_positions(shown, regions, degree)
    for (s, p, o), _ in edges:
        if p in _PROVENANCE and s not in positions and o in positions:
            positions[s] = (positions[o][0] + 40, positions[o][1] - 40)
    for node in shown:
        positions.setdefault(node.id, (0, 0))
    return positions


class _EvidenceTables:
    """The page's evidence, each article, sentence and evidence row stored once."""

    def __init__(self, nodes: dict[str, Node], articles: dict[str, dict[str, Any]]) -> None:
        self.nodes, self.records = nodes, articles
        self.articles: list[dict[str, Any]] = []
        self.sentences: list[str] = []
        self.rows: list[list[Any]] = []
        self._article_index: dict[str, int] = {}
        self._sentence_index: dict[str, int] = {}
        self._row_index: dict[tuple[Any, ...], int] = {}

    def ref(self, ev: dict[str, Any]) -> int:
        """The index of an evidence row `[article, sentence, surface, extractor]`."""
        aid = ev["article"]
        if aid not in self._article_index:
            record = self.records.get(aid, {})
            self._article_index[aid] = len(self.articles)
            self.articles.append(
                {
                    "id": aid,
                    "title": record.get("title")
                    or (self.nodes[f"article:{aid}"].label if f"article:{aid}" in self.nodes else ""),
                    "published": record.get("published"),
                    "source": record.get("source"),
                    "lines": record.get("lines"),
                }
            )
        sentence = ev.get("sentence") or ""
        if sentence not in self._sentence_index:
            self._sentence_index[sentence] = len(self.sentences)
            self.sentences.append(sentence)
        row = [
            self._article_index[aid],
            self._sentence_index[sentence],
            _surface(self.records, ev),
            ev.get("extractor", ""),
        ]
        key = tuple(row)
        if key not in self._row_index:
            self._row_index[key] = len(self.rows)
            self.rows.append(row)
        return self._row_index[key]


# pyvis collects the vis-network records and options; Network.add_node/add_edge check
# membership in a list (quadratic on 10,000 nodes), so its Node/Edge classes are used
# directly after kg has checked both ends itself.


def _draw_nodes(
    net: Any,
    shown: list[Node],
    positions: dict[str, tuple[int, int]],
    degree: dict[str, int],
    regions: dict[str, set[str]],
) -> list[dict[str, Any]]:
    """The vis records of the shown nodes (into `net`), and what the page keeps of each."""
    from pyvis.node import Node as VisNode

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
    return info


def _draw_edges(net: Any, edges: _EdgeList, tables: _EvidenceTables) -> list[dict[str, Any]]:
    """The vis records of the edges (into `net`), and each edge's predicate and evidence."""
    from pyvis.edge import Edge as VisEdge

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
                "evidence": sorted({tables.ref(ev) for ev in data["evidence"]}),
            }
        )
        if data.get("more"):  # evidence the overview left out: the page says how much
            edge_info[-1]["more"] = data["more"]
    return edge_info


def _options(net: Any, large: bool, shown: int) -> dict[str, Any]:
    """vis-network options: pyvis's ForceAtlas2 physics, kg's look; a large graph trades looks for speed."""
    net.force_atlas_2based(
        gravity=-60, central_gravity=0.012, spring_length=90, spring_strength=0.06, damping=0.6, overlap=0.2
    )
    options: dict[str, Any] = json.loads(net.options.to_json())
    # no stabilisation before the first draw: the nodes start at seeded positions and the
    # physics settles them while the page is already usable (viewer.js stops it)
    options["physics"]["stabilization"] = {"enabled": False}
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
    options["layout"] = {"improvedLayout": shown <= 300, "randomSeed": 7}
    return options


def _region_rows(nodes: dict[str, Node]) -> list[dict[str, Any]]:
    """The regions of the build, for the region filter, by code."""
    return sorted(
        (
            {"code": n.prop("code"), "label": n.label, "level": n.prop("level")}
            for n in nodes.values()
            if n.type == "Region" and isinstance(n.prop("code"), str)
        ),
        key=lambda r: r["code"],
    )
