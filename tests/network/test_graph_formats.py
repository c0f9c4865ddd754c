"""`kg export graphml|gexf`: files Gephi and Cytoscape open, read back here with networkx."""

from __future__ import annotations

import networkx as nx

from kg.build_folder import Build
from kg.sinks import sinks


def _written(fuzhou, name, tmp_path):
    report = sinks.get(name)(fuzhou.dir, path=tmp_path / f"graph.{name}").write(fuzhou)
    return report, tmp_path / f"graph.{name}"


def test_graphml_keeps_types_labels_and_codes(fuzhou, tmp_path):
    report, path = _written(fuzhou, "graphml", tmp_path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == len(fuzhou.nodes) == report.counts["nodes"]
    body = next(d for _, d in g.nodes(data=True) if d["label"] == "抚州市政协")
    assert (body["type"], body["region_code"], body["cppcc"]) == ("Organization", "361000", True)
    region = next(d for _, d in g.nodes(data=True) if d["label"] == "临川区")
    assert region["code"] == "361002"


def test_graphml_edges_carry_the_relationship_and_its_evidence(fuzhou, tmp_path):
    _, path = _written(fuzhou, "graphml", tmp_path)
    g = nx.read_graphml(path, force_multigraph=True)
    holds = [d for _, _, d in g.edges(data=True) if d["predicate"] == "HOLDS" and d["evidence_count"] == 2]
    assert len(holds) == 1 and holds[0]["articles"] == "fz-0402|fz-0515"
    assert "张文博" in holds[0]["sentence"]


def test_gexf_opens_with_labels_and_types(fuzhou, tmp_path):
    report, path = _written(fuzhou, "gexf", tmp_path)
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == report.counts["nodes"]
    assert g.number_of_edges() == report.counts["edges"]
    labels = {d["label"]: d["type"] for _, d in g.nodes(data=True)}
    assert labels["张文博"] == "Person" and labels["市政协五届八次常委会会议"] == "Meeting"


def test_a_failed_export_keeps_the_previous_file(fuzhou, tmp_path):
    _, path = _written(fuzhou, "graphml", tmp_path)
    before = path.read_bytes()

    class Broken(Build):  # the build's facts, then a failure half-way through the export
        def facts(self):
            yield from super().facts()
            raise RuntimeError("disk full")

    try:
        sinks.get("graphml")(fuzhou.dir, path=path).write(Broken(fuzhou.dir))
    except RuntimeError:
        pass
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]
