"""Entity resolution: one node per real-world thing, across articles and builds.

Articles here are fictional, written in the style of county CPPCC news (江西 抚州: 临川区,
宜黄县, 南城县 are real divisions; every person and event is made up).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.extract import extract_article
from kg.model import Article
from kg.pipeline import build
from kg.resolve import resolve
from kg.resolve.rules import load_rules


def article(id: str, text: str, dateline: str | None = None, **kw) -> Article:
    return Article(id=id, text=text, dateline=dateline, **kw)


def resolved(*articles: Article, rules=None):
    facts = [f for a in articles for f in extract_article(a)]
    return resolve(facts, rules)


def persons_named(resolution, name: str):
    return sorted((n for n in resolution.nodes.values() if n.type == "Person" and n.label == name), key=lambda n: n.id)


CHAIR_IN_CITY = article("city", "本报抚州讯 4月2日,抚州市政协主席张文博主持召开市政协五届八次常委会会议。", "抚州")
NAMED_IN_COUNTY = article("county", "本报临川讯 4月9日,张文博同志到临川区调研乡村振兴工作。", "临川")
CHAIR_IN_OTHER_COUNTY = article("other", "本报铜鼓讯 5月6日,铜鼓县政协主席张文博主持召开县政协十届五次常委会会议。", "铜鼓")


def test_one_person_across_articles_when_the_post_places_them_alike():
    first = article("a", "本报宜黄讯 宜黄县政协主席黄立新主持召开县政协十届五次常委会会议。", "宜黄")
    second = article("b", "本报宜黄讯 6月3日,县政协党组书记、主席黄立新带队调研。", "宜黄")
    _, resolution = resolved(first, second)
    [person] = persons_named(resolution, "黄立新")
    assert person.prop("mentions") == 2


def test_same_name_chairs_of_unrelated_places_stay_apart_without_a_link():
    facts, resolution = resolved(CHAIR_IN_CITY, CHAIR_IN_OTHER_COUNTY)
    assert len(persons_named(resolution, "张文博")) == 2
    assert [f for f in facts if f.predicate == "POSSIBLY_SAME_AS"] == []


def test_a_name_in_a_county_of_the_chairs_city_is_only_possibly_the_same():
    facts, resolution = resolved(CHAIR_IN_CITY, NAMED_IN_COUNTY)
    chair, named = sorted(persons_named(resolution, "张文博"), key=lambda n: n.prop("anchor"))
    assert (chair.prop("anchor"), named.prop("anchor")) == ("361000", "361002")
    [link] = [f for f in facts if f.predicate == "POSSIBLY_SAME_AS"]
    assert {link.subject.id, link.object.id} == {chair.id, named.id}
    assert dict(link.extra)["rule"] == "same_name_nested_regions"
    assert "contains" in dict(link.extra)["reason"]


def test_the_rules_table_can_turn_a_possible_match_into_a_merge(tmp_path):
    table = (Path(__file__).resolve().parents[2] / "schema" / "resolution_rules.csv").read_text(encoding="utf-8")
    merge = tmp_path / "rules.csv"
    merge.write_text(table.replace("same_name_nested_regions,possibly_same", "same_name_nested_regions,merge"), encoding="utf-8")
    facts, resolution = resolved(CHAIR_IN_CITY, NAMED_IN_COUNTY, rules=load_rules(merge))
    [person] = persons_named(resolution, "张文博")
    assert person.prop("anchor") == "361000" and person.prop("mentions") == 2
    assert not [f for f in facts if f.predicate == "POSSIBLY_SAME_AS"]
    assert {f.object.id for f in facts if f.object.label == "张文博"} == {person.id}


def test_an_unknown_action_in_the_rules_table_is_a_config_error(tmp_path):
    bad = tmp_path / "rules.csv"
    bad.write_text("rule,action,confidence,reason\nsame_name_nested_regions,fuse,0.5,x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown action 'fuse'"):
        load_rules(bad)


def test_every_form_of_a_county_committee_is_one_body_with_its_aliases():
    text = (
        "本报宜黄讯 5月20日,政协宜黄县委员会召开十届五次常委会会议。宜黄县政协党组书记、主席黄立新主持。"
        "县政协副主席邓华参加会议。"
    )
    _, resolution = resolved(article("a", text, "宜黄"))
    bodies = [n for n in resolution.nodes.values() if n.type == "Organization" and n.prop("kind") == "cppcc"]
    assert [b.label for b in bodies] == ["宜黄县政协"]
    assert {"政协宜黄县委员会", "县政协", "宜黄县政协"} <= set(bodies[0].prop("aliases"))
    assert bodies[0].prop("region_code") == "361026"


def test_a_party_committee_named_by_level_resolves_to_its_county():
    _, resolution = resolved(article("a", "本报宜黄讯 会议传达了县委全会精神。", "宜黄"))
    assert "宜黄县委" in {n.label for n in resolution.nodes.values() if n.type == "Organization"}


def test_a_renamed_division_resolves_to_its_current_name_with_the_old_one_as_alias():
    _, resolution = resolved(article("a", "本报讯 华亭县政协召开主席会议。"))
    region = resolution.nodes["region:620881"]
    assert region.label == "华亭市" and "华亭县" in region.prop("aliases")
    assert region.prop("level") == "county"


def test_a_wrong_level_in_the_text_is_corrected_and_noted():
    _, resolution = resolved(article("a", "本报讯 5月8日,陇西市政协召开党组会议。"))
    body = next(n for n in resolution.nodes.values() if n.label == "陇西县政协")
    assert body.prop("region_code") == "621122"
    assert body.prop("notes") == ("level corrected: 陇西市 → 陇西县",)
    assert "陇西市" in resolution.nodes["region:621122"].prop("aliases")


def test_regions_link_to_their_parents_up_to_the_province():
    facts, _ = resolved(article("a", "本报临川讯 临川区政协主席李明远主持会议。", "临川"))
    part_of = {(f.subject.label, f.object.label) for f in facts if f.predicate == "PART_OF"}
    assert part_of == {("临川区", "抚州市"), ("抚州市", "江西省")}


def test_national_bodies_are_located_in_the_country():
    facts, resolution = resolved(article("a", "本报宜黄讯 会议传达学习了全国政协十四届常委会会议精神。", "宜黄"))
    body = next(n for n in resolution.nodes.values() if n.label == "全国政协")
    assert body.prop("region_code") == "100000"
    assert ("全国政协", "中华人民共和国") in {(f.subject.label, f.object.label) for f in facts if f.predicate == "LOCATED_IN"}


def test_a_meeting_reported_twice_is_one_node():
    first = article("a", "本报宜黄讯 5月20日,宜黄县政协召开十届五次常委会会议。", "宜黄", published="2024-05-21")
    second = article("b", "本报宜黄讯 5月20日上午,县政协十届五次常委会会议召开。", "宜黄", published="2024-05-22")
    _, resolution = resolved(first, second)
    meetings = [n for n in resolution.nodes.values() if n.type == "Meeting"]
    assert len(meetings) == 1 and meetings[0].prop("mentions") == 2


def test_one_title_in_other_quotes_is_one_document_and_generic_titles_are_per_body():
    text_a = "本报宜黄讯 县政协常委会会议审议通过了《县政协常委会2024年工作要点》和《关于“乡村振兴”的调研报告》。"
    text_b = "本报南城讯 县政协常委会会议审议通过了《县政协常委会2024年工作要点》,学习了《关于「乡村振兴」的调研报告》。"
    _, resolution = resolved(article("a", text_a, "宜黄"), article("b", text_b, "南城"))
    docs = defaultdict(list)
    for n in resolution.nodes.values():
        if n.type == "Document":
            docs["要点" if "工作要点" in n.label else "报告"].append(n)
    assert len(docs["要点"]) == 2  # one per committee
    [report] = docs["报告"]
    assert set(report.prop("aliases")) == {"关于“乡村振兴”的调研报告", "关于「乡村振兴」的调研报告"}


# --- stable ids: the same corpus in any order gives the same graph ------------------------

FIXTURE_ARTICLES = [CHAIR_IN_CITY, NAMED_IN_COUNTY, CHAIR_IN_OTHER_COUNTY]


def _write_records(folder: Path, records: list[Article]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in records:
        path = folder / f"{a.id}.json"
        path.write_text(json.dumps({"id": a.id, "text": a.text, "title": a.id}, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _graph(out: Path) -> tuple[list[str], list[str]]:
    nodes = sorted((out / "nodes.jsonl").read_text(encoding="utf-8").splitlines())
    facts = sorted((out / "facts.jsonl").read_text(encoding="utf-8").splitlines())
    return nodes, facts


def test_shuffled_input_gives_identical_ids_and_facts(tmp_path):
    examples = Path(__file__).resolve().parents[2] / "examples"
    paths = _write_records(tmp_path / "in", FIXTURE_ARTICLES) + sorted(examples.iterdir())
    build(paths, tmp_path / "forward")
    shuffled = paths[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != paths
    build(shuffled, tmp_path / "shuffled")
    assert _graph(tmp_path / "forward") == _graph(tmp_path / "shuffled")


def test_adding_articles_keeps_the_ids_of_existing_nodes(tmp_path):
    paths = _write_records(tmp_path / "in", FIXTURE_ARTICLES)
    build(paths[:1], tmp_path / "small")
    build(paths, tmp_path / "large")
    ids = lambda out: {json.loads(line)["id"] for line in (out / "nodes.jsonl").open(encoding="utf-8")}  # noqa: E731
    assert ids(tmp_path / "small") <= ids(tmp_path / "large")
