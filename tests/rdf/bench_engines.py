"""Measure rdflib against pyoxigraph for `kg sparql`: load time and query time by export size.

Not a test (pytest does not collect it); the numbers in docs/rdf.md come from here:

    .venv/bin/python tests/rdf/bench_engines.py ../shared/corpus/web --copies 1 3 15

It builds the corpus, then makes larger graphs by replicating every fact with renamed ids
(`person:x` → `person:x~3`, articles too), exports each as Turtle, and times each engine
loading it and answering four queries (best of three runs per query).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kg.build_folder import load_build
from kg.model import Evidence, Fact, Node
from kg.pipeline import build
from kg.rdf.mapping import write_rdf
from kg.rdf.sparql import OxigraphEngine, RdflibEngine

QUERIES = {
    "holders (3-way join)": (
        "SELECT ?name ?post ?body WHERE { ?p org:holds ?pos ; rdfs:label ?name . "
        "?pos rdfs:label ?post ; org:postIn/rdfs:label ?body }",
        {},
    ),
    "bodies → province (path kg:partOf*)": (
        "SELECT ?body ?prov WHERE { ?b a kg:CppccBody ; rdfs:label ?body ; kg:locatedIn/kg:partOf* ?r . "
        '?r kg:level "province" ; rdfs:label ?prov }',
        {},
    ),
    "statements per predicate (GROUP BY)": (
        "SELECT ?pred (COUNT(?st) AS ?n) WHERE { ?st a kg:Statement ; rdf:predicate ?pred } GROUP BY ?pred",
        {},
    ),
    "evidence of one person (bound name)": (
        "SELECT ?name ?text WHERE { ?p rdfs:label ?name . ?st rdf:subject ?p ; prov:wasDerivedFrom ?s . ?s kg:text ?text }",
        {},  # the name: the first post holder's, found at run time
    ),
}


def _rename(node: Node, k: int) -> Node:
    if node.type == "Region":  # regions are shared: the same country, more people
        return node
    return replace(node, id=f"{node.id}~{k}")


def replicate(build_dir: Path, copies: int, out: Path) -> Path:
    """A build folder holding `copies` renamed copies of every fact and node."""
    b = load_build(build_dir)
    out.mkdir(parents=True, exist_ok=True)
    facts = list(b.facts())
    with (out / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for f in facts:
                ev = Evidence(
                    f"{f.evidence.article_id}~{k}",
                    f.evidence.sentence,
                    f.evidence.start,
                    f.evidence.end,
                    f.evidence.extractor,
                )
                fh.write(
                    json.dumps(
                        Fact(
                            _rename(f.subject, k),
                            f.predicate,
                            _rename(f.object, k),
                            ev,
                            f.confidence,
                            f.extra,
                        ).to_dict(),
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    with (out / "nodes.jsonl").open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for n in b.nodes.values():
                if n.type != "Region" or k == 0:
                    fh.write(json.dumps(_rename(n, k).to_dict(), ensure_ascii=False) + "\n")
    return out


def _best(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(ttl: Path) -> dict[str, object]:
    row: dict[str, object] = {"MiB": round(ttl.stat().st_size / 2**20, 1)}
    for cls in (OxigraphEngine, RdflibEngine):
        start = time.perf_counter()
        engine = cls(ttl)
        row[f"{cls.name} load s"] = round(time.perf_counter() - start, 3)
        row["triples"] = engine.triples
        holder = engine.query(
            "SELECT ?name WHERE { ?p org:holds ?x ; rdfs:label ?name } ORDER BY ?name LIMIT 1"
        ).rows[0][0]
        for label, (query, bindings) in QUERIES.items():
            bound = bindings or ({"name": holder} if "?name" in query and "bound" in label else {})
            rows = len(engine.query(query, bound).rows)
            row[f"{cls.name} {label} ms ({rows} rows)"] = round(
                1000 * _best(lambda e=engine, q=query, b=bound: e.query(q, b)), 1
            )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 3, 15])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        base = Path(tmp) / "build"
        build([args.corpus], base, stores=())
        for copies in args.copies:
            folder = base if copies == 1 else replicate(base, copies, Path(tmp) / f"x{copies}")
            b = load_build(folder)
            ttl = write_rdf(b.facts(), folder / "graph.ttl", nodes=b.nodes).path
            print(json.dumps({"copies": copies, **measure(ttl)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
