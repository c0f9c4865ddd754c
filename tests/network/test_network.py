"""`kg.network`: the build as a networkx graph, its statistics and a person's timeline."""

from __future__ import annotations

import json
from collections import Counter

from kg.network import stats, to_networkx, who


def test_the_graph_holds_every_node_of_the_build_with_its_type_and_label(fuzhou):
    g = to_networkx(fuzhou)
    assert set(g.nodes) == set(fuzhou.nodes)
    region = next(n for n, d in g.nodes(data=True) if d["label"] == "抚州市")
    assert g.nodes[region]["type"] == "Region" and g.nodes[region]["code"] == "361000"


def test_a_fact_read_twice_is_one_edge_that_keeps_both_pieces_of_evidence(fuzhou):
    g = to_networkx(fuzhou)
    chair = next(p for p, d in g.nodes(data=True) if d["label"] == "抚州市政协主席")
    [(person, _, data)] = [(s, o, d) for s, o, d in g.in_edges(chair, data=True) if d["predicate"] == "HOLDS"]
    assert g.nodes[person]["label"] == "张文博"
    assert sorted(e["article"] for e in data["evidence"]) == ["fz-0402", "fz-0515"]


def test_stats_count_nodes_per_type_as_nodes_jsonl_holds_them(fuzhou):
    expected = Counter(n.type for n in fuzhou.nodes.values())
    assert stats(fuzhou)["nodes"] == dict(expected)


def test_stats_count_facts_and_distinct_edges_per_relationship(fuzhou):
    facts = Counter(f.predicate for f in fuzhou.facts())
    result = stats(fuzhou)
    assert result["facts"] == dict(facts)
    # 主席, 党组书记 and two 副主席 posts; 张文博 as 主席 is read in two articles
    assert (result["facts"]["HOLDS"], result["edges"]["HOLDS"]) == (5, 4)


def test_the_chair_is_the_most_connected_person_and_his_body_the_most_connected_body(fuzhou):
    result = stats(fuzhou)
    assert result["top_degree"]["persons"][0]["label"] == "张文博"
    assert result["top_betweenness"]["persons"][0]["label"] == "张文博"
    assert result["top_degree"]["bodies"][0]["label"] == "抚州市政协"


def test_meetings_are_counted_per_body_per_month(fuzhou):
    assert stats(fuzhou)["meetings_per_body_month"] == {"抚州市政协": {"2024-04": 1, "2024-05": 1}}


def test_components_leave_articles_out(fuzhou):
    components = stats(fuzhou)["components"]
    entities = sum(1 for n in fuzhou.nodes.values() if n.type != "Article")
    assert sum(components["largest"]) <= entities
    assert components["count"] >= 1


def test_stats_are_plain_json(fuzhou):
    assert json.loads(json.dumps(stats(fuzhou), ensure_ascii=False))["nodes"]["Person"] == 4


def test_who_lists_two_people_of_one_name_apart_with_the_reason_they_may_be_one(fuzhou):
    chair, named = who(fuzhou, "张文博")
    assert (chair.anchor, named.anchor) == ("361000", "361002")
    [link] = chair.same_as
    assert link["id"] == named.id and link["rule"] == "same_name_nested_regions"
    assert "contains" in link["reason"]
    assert named.same_as[0]["id"] == chair.id


def test_who_gives_the_posts_and_the_dated_meetings_with_their_articles(fuzhou):
    chair, _ = who(fuzhou, "张文博")
    assert {p["position"] for p in chair.posts} == {"抚州市政协主席", "抚州市政协党组书记"}
    assert [(m["date"], m["role"], m["meeting"], m["body"]) for m in chair.meetings] == [
        ("2024-04-02", "presided", "市政协五届八次常委会会议", "抚州市政协"),
        ("2024-05-15", "presided", "市政协五届二十次主席会议", "抚州市政协"),
    ]
    assert [m["articles"] for m in chair.meetings] == [["fz-0402"], ["fz-0515"]]
    assert [(a["id"], a["title"]) for a in chair.articles] == [
        ("fz-0402", "抚州市政协召开五届八次常委会会议"),
        ("fz-0515", "抚州市政协召开主席会议"),
    ]


def test_who_shows_meetings_attended(fuzhou):
    [li] = who(fuzhou, "李春燕")
    assert [(m["role"], m["date"]) for m in li.meetings] == [("attended", "2024-04-02")]


def test_who_finds_nobody_for_an_unknown_name(fuzhou):
    assert who(fuzhou, "无此人") == []
