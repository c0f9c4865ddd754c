"""Graph analysis with networkx: a build as a `MultiDiGraph`, its statistics, a person's timeline.

`to_networkx(build)` folds repeated facts (the same edge read in several articles) into one
edge per (subject, predicate, object) that keeps every piece of evidence, so nothing a reader
needs to check a fact is lost. `stats()` and `who()` read that graph; `kg stats`, `kg who`
and `kg export graphml|gexf` are thin shells over them.

Centrality and components are measured on the *entity* graph: Article nodes and MENTIONS /
AUTHORED_BY edges are left out, because every article links everything it names and would
make each reporter the most "central" person of the corpus.

    >>> import tempfile
    >>> from kg.build_folder import load_build
    >>> from kg.pipeline import build
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["examples/records.jsonl"], out, stores=())
    >>> g = to_networkx(load_build(out))
    >>> sorted({d["type"] for _, d in g.nodes(data=True)})[:3]
    ['Article', 'Document', 'Meeting']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.build_folder import Build
from kg.model import Fact, Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ENTITY_EXCLUDED_PREDICATES",
    "PersonTimeline",
    "entity_graph",
    "flat_graph",
    "graph_from_facts",
    "month_of",
    "stats",
    "to_networkx",
    "who",
]

# Edges from articles to what they name: provenance, not relations between entities.
ENTITY_EXCLUDED_PREDICATES = frozenset({"MENTIONS", "AUTHORED_BY"})

# Above this many entity nodes, betweenness is estimated from a fixed sample of sources
# (networkx's `k`), which keeps `kg stats` to seconds on a 10,000-node build.
_EXACT_BETWEENNESS_LIMIT = 2000
_BETWEENNESS_SAMPLE = 500


def _node_attrs(node: Node) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": node.type, "label": node.label}
    for key, value in node.props:
        attrs[key] = list(value) if isinstance(value, tuple) else value
    return attrs


def graph_from_facts(facts: Iterable[Fact], nodes: dict[str, Node] | None = None) -> nx.MultiDiGraph:
    """A `MultiDiGraph` with one edge per distinct (subject, predicate, object), keyed by predicate.

    Each edge holds `predicate`, `confidence` (the highest seen), `evidence` (a list of
    `Evidence.to_dict()`, one per fact) and any extra keys of the fact (`rule`, `reason`).
    `nodes` (id → Node, as in nodes.jsonl) adds nodes no fact touches and their merged props.
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    for node in (nodes or {}).values():
        g.add_node(node.id, **_node_attrs(node))
    for fact in facts:
        for end in (fact.subject, fact.object):
            if end.id not in g:
                g.add_node(end.id, **_node_attrs(end))
        s, o, key = fact.subject.id, fact.object.id, fact.predicate
        if g.has_edge(s, o, key):
            data = g.edges[s, o, key]
            data["confidence"] = max(data["confidence"], fact.confidence)
        else:
            g.add_edge(
                s, o, key=key, predicate=key, confidence=fact.confidence, evidence=[], **dict(fact.extra)
            )
            data = g.edges[s, o, key]
        evidence = fact.evidence.to_dict()
        if evidence not in data["evidence"]:
            data["evidence"].append(evidence)
    return g


def to_networkx(build: Build) -> nx.MultiDiGraph:
    """The whole build as a `MultiDiGraph` (see `graph_from_facts`); node attributes include `type` and `label`."""
    return graph_from_facts(build.facts(), build.nodes)


def entity_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """An undirected simple graph of the entities: no Article nodes, no MENTIONS/AUTHORED_BY edges."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d.get("type") != "Article")
    simple.add_edges_from(
        (s, o)
        for s, o, d in g.edges(data=True)
        if d["predicate"] not in ENTITY_EXCLUDED_PREDICATES and s in simple and o in simple and s != o
    )
    return simple


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value)
    return str(value)


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars, as GraphML and GEXF need.

    Lists become `|`-joined strings (aliases `县政协|宕昌县政协`); an edge's evidence becomes
    `evidence_count`, `articles` (ids, `|`-joined) and `sentence` (the first one); None is dropped.
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for s, o, key, d in g.edges(keys=True, data=True):
        attrs = {k: _scalar(v) for k, v in d.items() if k != "evidence" and v is not None}
        evidence = d.get("evidence", [])
        attrs["label"] = d["predicate"]
        attrs["evidence_count"] = len(evidence)
        attrs["articles"] = "|".join(sorted({e["article"] for e in evidence}))
        attrs["sentence"] = evidence[0]["sentence"] if evidence else ""
        flat.add_edge(s, o, key=key, **attrs)
    return flat


def month_of(date: str | None) -> str:
    """The month of a meeting date: `2024-05` for ISO dates, `--05` when the year is unknown.

    >>> month_of("2024-05-20"), month_of("--04-08"), month_of(None)
    ('2024-05', '--04', 'unknown')
    """
    if not date:
        return "unknown"
    if date.startswith("--"):
        return date[:4]
    return date[:7]


def _ranked(scores: dict[str, float], g: nx.MultiDiGraph, types: set[str], top: int) -> list[dict[str, Any]]:
    rows = [(n, s) for n, s in scores.items() if g.nodes[n].get("type") in types]
    rows.sort(key=lambda r: (-r[1], g.nodes[r[0]]["label"], r[0]))
    return [
        {"id": n, "label": g.nodes[n]["label"], "type": g.nodes[n]["type"], "score": round(s, 4)}
        for n, s in rows[:top]
    ]


def _is_body(attrs: dict[str, Any]) -> bool:
    return attrs.get("type") == "Organization"


def stats(build: Build, top: int = 10) -> dict[str, Any]:
    """Counts, centrality, components and meetings per body per month, as a JSON-ready dict.

    Keys: `nodes` (count per type), `edges` (distinct edges per predicate), `facts` (facts
    per predicate, counting repeats), `top_degree` / `top_betweenness` (`persons` and
    `bodies`: id, label, type, score), `components` (count, sizes of the largest, isolated
    nodes; on the entity graph), `meetings_per_body_month` (body label → month → count),
    `betweenness` (`exact` or `sampled from N sources`).
    """
    import networkx as nx

    facts_per_predicate: Counter[str] = Counter()

    def counted(facts: Iterable[Fact]) -> Iterable[Fact]:
        for fact in facts:
            facts_per_predicate[fact.predicate] += 1
            yield fact

    g = graph_from_facts(counted(build.facts()), build.nodes)
    entities = entity_graph(g)

    degree = {n: float(d) for n, d in entities.degree()}
    if entities.number_of_nodes() > _EXACT_BETWEENNESS_LIMIT:
        k = min(_BETWEENNESS_SAMPLE, entities.number_of_nodes())
        betweenness = nx.betweenness_centrality(entities, k=k, seed=0)
        how = f"sampled from {k} sources"
    else:
        betweenness = nx.betweenness_centrality(entities)
        how = "exact"

    components = sorted((len(c) for c in nx.connected_components(entities)), reverse=True)

    meetings: dict[str, Counter[str]] = defaultdict(Counter)
    for s, o, d in g.edges(data=True):
        if d["predicate"] == "HELD" and g.nodes[o].get("type") == "Meeting":
            meetings[g.nodes[s]["label"]][month_of(g.nodes[o].get("date"))] += 1

    return {
        "nodes": dict(sorted(Counter(d["type"] for _, d in g.nodes(data=True)).items())),
        "edges": dict(sorted(Counter(d["predicate"] for _, _, d in g.edges(data=True)).items())),
        "facts": dict(sorted(facts_per_predicate.items())),
        "top_degree": {
            "persons": _ranked(degree, g, {"Person"}, top),
            "bodies": _ranked(degree, g, {"Organization"}, top),
        },
        "top_betweenness": {
            "persons": _ranked(betweenness, g, {"Person"}, top),
            "bodies": _ranked(betweenness, g, {"Organization"}, top),
        },
        "betweenness": how,
        "components": {
            "count": len(components),
            "largest": components[:5],
            "isolated": sum(1 for size in components if size == 1),
        },
        "meetings_per_body_month": {
            body: dict(sorted(months.items())) for body, months in sorted(meetings.items())
        },
    }


@dataclass(slots=True)
class PersonTimeline:
    """One Person node as `kg who` shows it: posts, meetings, articles and possible namesakes.

    `posts`: {position, body, articles}; `meetings`: {role (presided/attended), meeting,
    date, body, articles}, in date order (undated last); `articles`: {id, title, published}
    of every article that names this person; `same_as`: {id, label, anchor, rule, reason,
    confidence} for each POSSIBLY_SAME_AS link.
    """

    id: str
    label: str
    anchor: str | None
    anchored_by: str | None
    aliases: list[str]
    posts: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    same_as: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _articles_of(data: dict[str, Any]) -> list[str]:
    return sorted({e["article"] for e in data.get("evidence", [])})


def _date_key(date: str | None) -> tuple[int, str]:
    # ISO dates first in order, then year-less --MM-DD, then undated
    if not date:
        return (2, "")
    return (1, date) if date.startswith("--") else (0, date)


def who(build: Build, name: str, g: nx.MultiDiGraph | None = None) -> list[PersonTimeline]:
    """Every Person node whose label or an alias is `name`, each with its timeline.

    Same-name people are separate entries (ordered by anchor), so a reader can tell
    them apart; POSSIBLY_SAME_AS links between them carry the rule and reason.
    """
    g = g if g is not None else to_networkx(build)
    wanted = name.strip()
    people = [
        n
        for n, d in g.nodes(data=True)
        if d.get("type") == "Person" and (d.get("label") == wanted or wanted in (d.get("aliases") or []))
    ]
    titles = build.articles
    out: list[PersonTimeline] = []
    for pid in sorted(people, key=lambda p: (str(g.nodes[p].get("anchor")), p)):
        d = g.nodes[pid]
        t = PersonTimeline(
            pid, d["label"], d.get("anchor"), d.get("anchored_by"), list(d.get("aliases") or [d["label"]])
        )
        article_ids: set[str] = set()
        for _, pos, e in g.out_edges(pid, data=True):
            if e["predicate"] == "HOLDS":
                bodies = [
                    g.nodes[b]["label"]
                    for _, b, pe in g.out_edges(pos, data=True)
                    if pe["predicate"] == "POST_IN"
                ]
                body = bodies[0] if bodies else g.nodes[pos].get("body")
                t.posts.append({"position": g.nodes[pos]["label"], "body": body, "articles": _articles_of(e)})
        for src, _, e in g.in_edges(pid, data=True):
            if e["predicate"] != "POSSIBLY_SAME_AS":  # the link's evidence is the other person's
                article_ids.update(_articles_of(e))
            if e["predicate"] in ("PRESIDED_BY", "ATTENDED_BY"):
                m = g.nodes[src]
                hosts = [
                    g.nodes[h]["label"]
                    for h, _, he in g.in_edges(src, data=True)
                    if he["predicate"] == "HELD"
                ]
                t.meetings.append(
                    {
                        "role": "presided" if e["predicate"] == "PRESIDED_BY" else "attended",
                        "meeting": m["label"],
                        "date": m.get("date"),
                        "body": hosts[0] if hosts else None,
                        "articles": _articles_of(e),
                    }
                )
        for _, _, e in g.out_edges(pid, data=True):
            if e["predicate"] != "POSSIBLY_SAME_AS":
                article_ids.update(_articles_of(e))
        for other, direction in [(o, "out") for _, o in g.out_edges(pid)] + [
            (s, "in") for s, _ in g.in_edges(pid)
        ]:
            edge_data = g.get_edge_data(*((pid, other) if direction == "out" else (other, pid)), default={})
            link = edge_data.get("POSSIBLY_SAME_AS")
            if link:
                o = g.nodes[other]
                t.same_as.append(
                    {
                        "id": other,
                        "label": o["label"],
                        "anchor": o.get("anchor"),
                        "rule": link.get("rule"),
                        "reason": link.get("reason"),
                        "confidence": link.get("confidence"),
                    }
                )
        t.posts.sort(key=lambda p: (p["body"] or "", p["position"]))
        t.meetings.sort(key=lambda m: (_date_key(m["date"]), m["meeting"]))
        t.articles = sorted(
            (
                {
                    "id": a,
                    "title": titles.get(a, {}).get("title", ""),
                    "published": titles.get(a, {}).get("published"),
                }
                for a in article_ids
            ),
            key=lambda a: (_date_key(a["published"]), a["id"]),
        )
        out.append(t)
    return out
