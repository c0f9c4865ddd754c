"""docs/queries.md: every question answered in Cypher and SPARQL, and the answers hold.

On the fictional `examples/` the documented tables are the answers of both engines; on
the two seed newspaper pages (read from ../shared at run time) both engines agree.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from queries_doc import DOC, parse, run_cypher, run_sparql

from kg.build_folder import load_build
from kg.pipeline import build
from kg.sinks import sinks

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "corpus" / "pages"
QUESTIONS = parse(DOC.read_text(encoding="utf-8"))
IDS = [q.title.split(".")[0] for q in QUESTIONS]


def _built(folder: Path, inputs: list[Path]) -> Path:
    build(inputs, folder, stores=("embedded",))
    sinks.get("rdf")(folder).write(load_build(folder))
    return folder


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("examples"), [ROOT / "examples"])


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    if not PAGES.is_dir():
        pytest.skip("../shared/corpus/pages is not beside the repo")
    return _built(tmp_path_factory.mktemp("pages"), [PAGES])


def test_the_doc_has_eight_questions_each_in_both_languages():
    assert len(QUESTIONS) >= 8
    assert all(q.cypher and q.sparql and len(q.answer) >= 1 for q in QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_cypher_gives_the_documented_answer(examples, question):
    assert run_cypher(examples, question) == question.answer


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_sparql_gives_the_same_answer_as_cypher(examples, question):
    cypher = run_cypher(examples, question)
    assert run_sparql(examples / "graph.ttl", question, cypher[0]) == cypher


# On the seed pages: Gansu, and a person the issue names.
SEED_PARAMS = {"province": "620000", "name": "王海明"}


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_both_engines_agree_on_the_seed_pages(pages, question):
    question.params = {k: SEED_PARAMS.get(k, v) for k, v in question.params.items()}
    cypher = run_cypher(pages, question)
    assert run_sparql(pages / "graph.ttl", question, cypher[0]) == cypher
    if question.title.startswith(("1.", "3.", "6.", "7.")):
        assert len(cypher) > 1, "expected rows on the seed pages"


def test_the_documented_cypher_passes_neo4js_linter():
    sys.path.insert(0, str(ROOT / "tests" / "cypher"))
    from cypher_lint import problems

    assert problems([(q.cypher, dict(q.params)) for q in QUESTIONS]) == []


# Posts in time: the documented Cypher reads the Spell nodes, and answers as kg holders and
# kg career do on any day, not only the documented one.
TENURE = {q.title.split(".")[0]: q for q in QUESTIONS if q.title.startswith("T")}


def test_the_tenure_questions_read_the_spell_nodes():
    assert sorted(TENURE) == ["T1", "T2", "T3"]
    assert all(":HAS_SPELL]->" in q.cypher and "org:Membership" in q.sparql for q in TENURE.values())


@pytest.mark.parametrize("day", ["2021-01-09", "2021-01-10", "2026-01-14", "2026-01-15", "2030-01-01"])
def test_who_held_a_post_on_a_day_is_what_kg_holders_says(examples, day):
    from kg.tenure import holders

    question = replace(TENURE["T1"], params={"post": "资溪县政协主席", "day": day})
    expected = sorted(s.person for s in holders(examples, "资溪县政协主席", day))
    cypher = run_cypher(examples, question)
    assert [row[0] for row in cypher[1:]] == expected
    assert run_sparql(examples / "graph.ttl", question, cypher[0]) == cypher


def test_the_career_is_what_kg_career_says(examples):
    from kg.tenure import spells_of_person

    # the parameters are given again: the seed-page test above rebinds the questions' own
    rows = run_cypher(examples, replace(TENURE["T2"], params={"name": "周文澜"}))[1:]
    assert [(post, status) for post, *_, status in rows] == [
        (s.post, s.status) for s in spells_of_person(examples, "周文澜")
    ]
