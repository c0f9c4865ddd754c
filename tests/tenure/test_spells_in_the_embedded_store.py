"""`kg build` loads the spells into the embedded Cypher store as `Spell` nodes (issue 18):
who held 资溪县政协主席 on a day, asked in Cypher, is who `kg holders --at` says."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cypher.embedded_engine import open_store
from kg.pipeline import build
from kg.tenure import holders, read_spells

from .conftest import SAMPLE

CHAIR = "资溪县政协主席"
IN_OFFICE_ON = """
MATCH (p:Person)-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(:Position {label: $post})
WHERE coalesce(s.start, s.first_seen) <= $day
  AND CASE WHEN s.end IS NOT NULL THEN $day < s.end
           WHEN s.status = 'current' THEN true
           ELSE $day <= s.last_seen END
RETURN p.label ORDER BY p.label
"""


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tenure-store")
    build([SAMPLE], out, stores=("embedded",))
    return out


def _in_office(folder: Path, post: str, day: str) -> list[str]:
    with open_store(folder) as graph:
        return [name for (name,) in graph.query(IN_OFFICE_ON, {"post": post, "day": day}).rows]


@pytest.mark.parametrize(
    ("day", "chairs"),
    [
        ("2021-01-09", []),  # before the first election
        ("2021-01-10", ["周文澜"]),  # the plenary that elected him
        ("2023-03-01", ["周文澜"]),  # inside the first spell
        ("2026-01-14", ["周文澜"]),  # the day before his successor's election
        ("2026-01-15", ["陈立言"]),  # the successor's first day: a stated end is exclusive
        ("2026-03-01", ["陈立言"]),  # inside the second spell
        ("2030-01-01", ["陈立言"]),  # after the newest article: still current
    ],
)
def test_cypher_on_the_store_names_who_held_the_chair_on_a_day(
    stored: Path, day: str, chairs: list[str]
) -> None:
    assert _in_office(stored, CHAIR, day) == chairs
    assert [s.person for s in holders(stored, CHAIR, day)] == chairs  # kg holders --at agrees


def test_every_spell_of_the_build_is_a_spell_node_between_its_person_and_post(stored: Path) -> None:
    with open_store(stored) as graph:
        rows = graph.query(
            "MATCH (p:Person)-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(q:Position) "
            "RETURN p.id, q.id, s.start, s.end, s.first_seen, s.last_seen, s.status, s.end_known, "
            "s.inferred, s.confidence, s.rank"
        ).rows
    assert sorted(rows, key=str) == sorted(
        (
            [s.person_id, s.position_id, s.start, s.end, s.first_seen, s.last_seen, s.status, s.end_known,
             s.inferred, s.confidence, s.rank]
            for s in read_spells(stored)
        ),
        key=str,
    )  # fmt: skip


def test_a_succession_inferred_without_a_statement_says_so_in_the_store(stored: Path) -> None:
    with open_store(stored) as graph:
        rows = graph.query(
            "MATCH (p:Person {label: '江志远'})-[:HAS_SPELL]->(s:Spell) "
            "RETURN s.end, s.status, s.end_known, s.inferred, s.confidence"
        ).rows
    assert rows == [["2026-01-15", "ended", "succession", True, 0.6]]


def test_the_articles_behind_a_spell_are_the_builds_article_nodes(stored: Path) -> None:
    with open_store(stored) as graph:
        titles = graph.query(
            "MATCH (:Person {label: '周文澜'})-[:HAS_SPELL]->(s:Spell)-[:IN_POST]->(:Position {label: $post}) "
            "MATCH (a:Article) WHERE a.id IN [x IN s.articles | 'article:' + x] "
            "RETURN a.published ORDER BY a.published",
            {"post": CHAIR},
        ).rows
    assert titles == [["2021-01-11"], ["2022-05-19"], ["2023-09-13"], ["2026-01-16"]]
