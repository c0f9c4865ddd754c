"""docs/queries.md: every question answered in Cypher and SPARQL, and the answers hold.

On the fictional `examples/` the documented tables are the answers of both engines; on
the two seed newspaper pages (read from ../shared at run time) both engines agree.
"""

from __future__ import annotations

import sys
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
