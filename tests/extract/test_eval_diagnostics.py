"""`kg eval`'s four diagnostics, each shown firing and not firing on facts written here.

The facts are fictional (an invented 青川 county committee and invented people); they have
the shape of a build's facts.jsonl: subject and object nodes, a predicate, evidence.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from kg.eval import diagnose

ROOT = Path(__file__).resolve().parents[2]

BODY = {"id": "organization:qc", "type": "Organization", "label": "青川县政协", "cppcc": True}
ARTICLE = {"id": "article:t-01", "type": "Article", "label": "青川县政协召开常委会会议"}
HEADLINE = "青川县政协召开常委会会议"


def person(name: str, *aliases: str) -> dict[str, Any]:
    return {
        "id": f"person:{name}",
        "type": "Person",
        "label": name,
        "name": name,
        "aliases": [name, *aliases],
    }


def meeting(key: str, label: str, date: str | None) -> dict[str, Any]:
    return {"id": f"meeting:{key}", "type": "Meeting", "label": label, "date": date}


def document(title: str) -> dict[str, Any]:
    return {"id": f"document:{title}", "type": "Document", "label": title, "title": title}


def fact(subject: dict, predicate: str, obj: dict, sentence: str = HEADLINE, article: str = "t-01") -> dict:
    return {
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "evidence": {"article": article, "sentence": sentence, "start": 0, "end": 1},
    }


def held(m: dict, article: str = "t-01", body: dict = BODY) -> list[dict]:
    return [
        fact(body, "HELD", m, article=article),
        fact({**ARTICLE, "id": f"article:{article}"}, "MENTIONS", m, article=article),
    ]


def write(
    tmp_path: Path, facts: list[dict], gold: dict[str, list[dict]], articles: list[dict] | None = None
) -> dict:
    """Write facts.jsonl, articles.jsonl and one gold record per article id; diagnose them."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for record_id, meetings in gold.items():
        record = {"id": record_id, "text": "…", "gold": {"meetings": meetings}}
        (gold_dir / f"{record_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    lines = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts)
    (tmp_path / "facts.jsonl").write_text(lines, encoding="utf-8")
    if articles is not None:
        text = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
        (tmp_path / "articles.jsonl").write_text(text, encoding="utf-8")
    return diagnose(gold_dir, tmp_path / "facts.jsonl")


def gold_meeting(name: str, date: str | None, body: str = "青川县政协") -> dict:
    return {"body": body, "name": name, "date": date, "presided_by": []}


STANDING = meeting("standing", "五届九次常委会会议", "--06-12")
GOLD_STANDING = gold_meeting("五届九次常委会会议", "--06-12")


# -- 1. evidence that does not name the person -------------------------------------------


def test_a_presider_shown_with_the_headline_is_counted(tmp_path):
    chair = person("林舟远")
    found = write(
        tmp_path, [*held(STANDING), fact(STANDING, "PRESIDED_BY", chair)], {"t-01": [GOLD_STANDING]}
    )
    assert found["unnamed_evidence"]["count"] == 1
    assert found["unnamed_evidence"]["examples"][0]["article"] == "t-01"
    assert "PRESIDED_BY 林舟远" in found["unnamed_evidence"]["examples"][0]["what"]


def test_a_presider_shown_with_the_sentence_that_names_them_is_not_counted(tmp_path):
    chair = person("林舟远")
    said = "会议由县政协主席林舟远主持。"
    found = write(
        tmp_path, [*held(STANDING), fact(STANDING, "PRESIDED_BY", chair, said)], {"t-01": [GOLD_STANDING]}
    )
    assert found["unnamed_evidence"]["count"] == 0


def test_every_person_linking_predicate_is_checked_on_its_person_side(tmp_path):
    someone = person("苏晓禾")
    post = {"id": "position:qc-vice", "type": "Position", "label": "青川县政协副主席", "role": "副主席"}
    facts = [
        fact(someone, "HOLDS", post),
        fact(STANDING, "ATTENDED_BY", someone),
        fact(ARTICLE, "AUTHORED_BY", someone),
        fact(ARTICLE, "MENTIONS", someone),  # not a person-linking fact
    ]
    found = write(tmp_path, facts, {"t-01": []})
    assert found["unnamed_evidence"]["count"] == 3


def test_traditional_script_spaces_and_aliases_still_name_the_person(tmp_path):
    facts = [
        fact(STANDING, "ATTENDED_BY", person("陈书远"), "縣政協副主席陳 書遠出席會議。"),
        fact(STANDING, "ATTENDED_BY", person("何晓川", "何小川"), "副主席何小川出席会议。"),
        fact(STANDING, "ATTENDED_BY", person("周学安"), "委员周学(xué)安发言。"),  # a pinyin note
    ]
    found = write(tmp_path, facts, {"t-01": []})
    assert found["unnamed_evidence"]["count"] == 0


# -- 2. meeting nodes that merge gold meetings ------------------------------------------


def test_one_node_for_two_meetings_of_one_body_on_one_day_is_a_merge(tmp_path):
    # 分别主持召开党组会议和主席会议: two meetings, one node
    node = meeting("group", "党组会议", "--05-14")
    gold = {"t-01": [gold_meeting("党组会议", "--05-14"), gold_meeting("主席会议", "--05-14")]}
    found = write(tmp_path, held(node), gold)
    assert found["merged_meetings"]["count"] == 1
    assert "stands for 2 gold meetings" in found["merged_meetings"]["examples"][0]["what"]


def test_two_nodes_for_two_meetings_on_one_day_are_not_merged(tmp_path):
    nodes = [meeting("group", "党组会议", "--05-14"), meeting("chairs", "主席会议", "--05-14")]
    gold = {"t-01": [gold_meeting("党组会议", "--05-14"), gold_meeting("主席会议", "--05-14")]}
    found = write(tmp_path, [f for n in nodes for f in held(n)], gold)
    assert found["merged_meetings"]["count"] == 0


def test_two_sessions_of_one_body_in_one_node_are_a_merge(tmp_path):
    # 五届二次 and 五届三次 of one body, reported a year apart, became one 第二次全体会议
    node = meeting("plenary", "第二次全体会议", "2021-03-02")
    gold = {
        "t-01": [gold_meeting("五届二次会议第二次全体会议", "2021-03-02")],
        "t-02": [gold_meeting("五届三次会议第二次全体会议", "2022-03-08")],
    }
    found = write(tmp_path, [*held(node, "t-01"), *held(node, "t-02")], gold)
    assert found["merged_meetings"]["count"] == 1
    assert found["merged_meetings"]["examples"][0]["article"] == "t-01, t-02"


def test_one_meeting_reported_by_two_articles_is_not_a_merge(tmp_path):
    gold = {"t-01": [GOLD_STANDING], "t-02": [gold_meeting("县政协五届九次常委会议", "--06-12")]}
    found = write(tmp_path, [*held(STANDING, "t-01"), *held(STANDING, "t-02")], gold)
    assert found["merged_meetings"]["count"] == 0


def test_the_same_day_of_two_years_is_two_meetings(tmp_path):
    node = meeting("plenary", "第一次全体会议", "2021-01-10")
    gold = {
        "t-01": [gold_meeting("五届一次会议第一次全体会议", "2021-01-10")],
        "t-02": [gold_meeting("五届二次会议第一次全体会议", "2022-01-10")],
    }
    found = write(tmp_path, [*held(node, "t-01"), *held(node, "t-02")], gold)
    assert found["merged_meetings"]["count"] == 1


# -- 3. meeting nodes with no gold meeting ----------------------------------------------


def test_a_meeting_that_lost_its_date_has_no_gold_counterpart(tmp_path):
    node = meeting("standing", "五届九次常委会会议", None)
    found = write(tmp_path, held(node), {"t-01": [GOLD_STANDING]})
    assert found["unmatched_meetings"]["count"] == 1
    assert "五届九次常委会会议 (青川县政协, --06-12)" in found["unmatched_meetings"]["examples"][0]["what"]


def test_a_meeting_of_the_wrong_body_has_no_gold_counterpart(tmp_path):
    county = {"id": "organization:qc-gov", "type": "Organization", "label": "青川县人民政府"}
    found = write(tmp_path, held(STANDING, body=county), {"t-01": [GOLD_STANDING]})
    assert found["unmatched_meetings"]["count"] == 1


def test_a_meeting_with_its_body_and_day_has_a_gold_counterpart(tmp_path):
    found = write(tmp_path, held(STANDING), {"t-01": [GOLD_STANDING]})
    assert found["unmatched_meetings"]["count"] == 0


def test_a_long_form_body_matches_as_the_scorer_matches(tmp_path):
    long_form = {**BODY, "label": "政协青川县委员会"}
    found = write(tmp_path, held(STANDING, body=long_form), {"t-01": [GOLD_STANDING]})
    assert found["unmatched_meetings"]["count"] == 0


def test_a_meeting_of_an_article_without_gold_is_not_judged(tmp_path):
    found = write(tmp_path, held(STANDING, "t-09"), {"t-01": []})
    assert found["unmatched_meetings"]["count"] == 0


def test_an_article_split_from_a_page_is_matched_to_its_gold_record_by_lines(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for gid, lines, meetings in [("p1-01", [3, 11], []), ("p1-02", [13, 31], [GOLD_STANDING])]:
        record = {
            "id": gid,
            "page": "page_01.txt",
            "lines": lines,
            "text": "…",
            "gold": {"meetings": meetings},
        }
        (gold_dir / f"{gid}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    built = "page_01-02-1a2b3c4d"
    articles = [{"id": built, "source": "../corpus/pages/page_01.txt", "lines": [13, 31]}]
    (tmp_path / "articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8"
    )
    facts = held(STANDING, built)
    (tmp_path / "facts.jsonl").write_text(
        "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts), encoding="utf-8"
    )
    found = diagnose(gold_dir, tmp_path / "facts.jsonl")
    assert found["unmatched_meetings"]["count"] == 0


# -- 4. documents linked to no meeting or body ------------------------------------------


def test_a_document_only_an_article_mentions_is_unlinked(tmp_path):
    plan = document("县政协年度协商计划")
    found = write(tmp_path, [*held(STANDING), fact(ARTICLE, "MENTIONS", plan)], {"t-01": [GOLD_STANDING]})
    assert found["unlinked_documents"]["count"] == 1
    assert found["unlinked_documents"]["examples"][0] == {
        "article": "t-01",
        "what": "document 《县政协年度协商计划》 is linked to no meeting or body",
    }


def test_a_document_adopted_by_a_meeting_or_issued_by_a_body_is_linked(tmp_path):
    plan, notice = document("县政协年度协商计划"), document("关于征集社情民意的通知")
    facts = [
        *held(STANDING),
        fact(ARTICLE, "MENTIONS", plan),
        fact(STANDING, "ADOPTED", plan),
        fact(ARTICLE, "MENTIONS", notice),
        fact(BODY, "ISSUED", notice),
    ]
    found = write(tmp_path, facts, {"t-01": [GOLD_STANDING]})
    assert found["unlinked_documents"]["count"] == 0


def test_a_document_linked_by_another_relation_is_linked(tmp_path):
    report = document("关于乡村道路养护的调研报告")
    facts = [*held(STANDING), fact(ARTICLE, "MENTIONS", report), fact(STANDING, "DISCUSSED", report)]
    found = write(tmp_path, facts, {"t-01": [GOLD_STANDING]})
    assert found["unlinked_documents"]["count"] == 0


# -- the command ------------------------------------------------------------------------


def test_kg_eval_prints_each_diagnostic_with_its_examples(tmp_path):
    chair = person("林舟远")
    write(tmp_path, [*held(STANDING), fact(STANDING, "PRESIDED_BY", chair)], {"t-01": [GOLD_STANDING]})
    args = [
        sys.executable,
        "-m",
        "kg.cli",
        "eval",
        str(tmp_path / "gold"),
        "--facts",
        str(tmp_path / "facts.jsonl"),
    ]
    table = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "unnamed_evidence         1" in table
    assert "t-01: PRESIDED_BY 林舟远: evidence 「青川县政协召开常委会会议」 does not name them" in table
    for name in ("merged_meetings          0", "unmatched_meetings       0", "unlinked_documents       0"):
        assert name in table
    scores = json.loads(
        subprocess.run([*args, "--json"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    )
    assert {k: v["count"] for k, v in scores["diagnostics"].items()} == {
        "unnamed_evidence": 1,
        "merged_meetings": 0,
        "unmatched_meetings": 0,
        "unlinked_documents": 0,
    }
