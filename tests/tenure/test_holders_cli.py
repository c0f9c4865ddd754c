"""`kg holders`, `kg career` and `kg export spells` on the fictional 资溪县政协 (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def _holders(build: Path, post: str, at: str) -> list[dict[str, object]]:
    result = kg("holders", post, "--at", at, "--format", "json", "--exports", str(build))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("at", "chairs"),
    [
        ("2021-01-09", []),  # before the first election: no one the text shows
        ("2021-01-10", ["周文澜"]),  # the plenary's day: the elected chair is in office
        ("2023-03-01", ["周文澜"]),  # inside the first spell
        ("2026-01-14", ["周文澜"]),  # the day before the successor's election
        ("2026-01-15", ["陈立言"]),  # the successor's first day; the stated end is exclusive
        ("2030-01-01", ["陈立言"]),  # after the newest article: still current
    ],
)
def test_holders_at_a_date_inside_on_the_edges_and_outside_each_spell(
    tenure_build: Path, at: str, chairs: list[str]
) -> None:
    assert [r["person"] for r in _holders(tenure_build, "资溪县政协主席", at)] == chairs


def test_holders_json_has_the_documented_keys(tenure_build: Path) -> None:
    (row,) = _holders(tenure_build, "资溪县政协主席", "2023-03-01")
    assert {"person", "person_id", "start", "end", "status"} <= row.keys()
    assert (row["start"], row["end"], row["status"]) == ("2021-01-10", "2026-01-15", "ended")


def test_an_unknown_spell_answers_only_up_to_its_last_mention(tenure_build: Path) -> None:
    assert [r["person"] for r in _holders(tenure_build, "资溪县政协副主席", "2023-09-12")] == [
        "许明",
        "邱海燕",
    ]
    assert [r["person"] for r in _holders(tenure_build, "资溪县政协副主席", "2024-06-01")] == ["许明"]


def test_holders_of_a_post_no_one_holds_prints_an_empty_list_and_exits_0(tenure_build: Path) -> None:
    assert _holders(tenure_build, "资溪县政协党组副书记", "2023-03-01") == []


def test_holders_refuses_a_date_that_is_not_one(tenure_build: Path) -> None:
    result = kg("holders", "资溪县政协主席", "--at", "2023/03/01", "--exports", str(tenure_build))
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "Error: --at '2023/03/01' is not a date; pass one like 2023-03-01",
    )


def test_holders_table_lists_every_spell_of_the_post(tenure_build: Path) -> None:
    result = kg("holders", "资溪县政协主席", "--exports", str(tenure_build))
    assert result.stdout.splitlines() == [
        "person\tstart\tend\tfirst_seen\tlast_seen\tstatus\tend_known\trank",
        "周文澜\t2021-01-10\t2026-01-15\t2021-01-10\t2023-09-12\tended\tstated\t县处级正职",
        "陈立言\t2026-01-15\t-\t2026-01-15\t2026-04-21\tcurrent\tnone\t县处级正职",
    ]


def test_career_shows_a_persons_spells_in_order_with_ranks_and_articles(tenure_build: Path) -> None:
    result = kg("career", "周文澜", "--exports", str(tenure_build))
    lines = result.stdout.splitlines()
    assert "资溪县政协主席  [县处级正职]  2021-01-10 → 2026-01-15  ended, end by stated" in lines[0]
    assert lines[1] == "    articles: zx-2021-01, zx-2022-05, zx-2023-09, zx-2026-01"
    assert "资溪县政协党组书记  [undefined]  2022-05-18 → 2022-05-18  unknown" in lines[2]


def test_export_spells_reads_back_with_the_csv_module(tenure_build: Path) -> None:
    result = kg("export", "spells", "--exports", str(tenure_build))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 8
    secretary = next(r for r in rows if r["person"] == "江志远")
    assert (
        secretary["body_code"],
        secretary["body_level"],
        secretary["end_known"],
        secretary["inferred"],
    ) == (
        "361028",
        "county",
        "succession",
        "True",
    )


def test_who_lists_a_persons_spells_in_order_with_ranks_and_articles(tenure_build: Path) -> None:
    result = kg("who", "周文澜", "--exports", str(tenure_build))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("  spells:")
    assert lines[start + 1 : start + 3] == [
        "    资溪县政协主席  [县处级正职]  2021-01-10 → 2026-01-15  ended, end by stated"
        "  (articles zx-2021-01, zx-2022-05, zx-2023-09, zx-2026-01)",
        "    资溪县政协党组书记  [undefined]  2022-05-18 → 2022-05-18  unknown  (articles zx-2022-05)",
    ]


def test_who_json_carries_each_persons_spells(tenure_build: Path) -> None:
    result = kg("who", "陈立言", "--exports", str(tenure_build), "--format", "json")
    (person,) = json.loads(result.stdout)
    assert [(s["post"], s["rank"], s["start"], s["end"], s["status"]) for s in person["spells"]] == [
        ("资溪县政协主席", "县处级正职", "2026-01-15", None, "current")
    ]
    assert person["spells"][0]["articles"] == ["zx-2026-01", "zx-2026-04"]


def test_who_escapes_control_characters_in_the_spells(tmp_path: Path) -> None:
    from kg.model import Evidence, Fact, Node

    person = Node("person:x", "Person", "郑国华")
    post = Node("position:x", "Position", "县政协主席\x1b[2J", (("role", "主席"),))
    fact = Fact(person, "HOLDS", post, Evidence("a-1", "县政协主席郑国华", 0, 5, "positions.v1"), 0.9)
    (tmp_path / "nodes.jsonl").write_text(
        "".join(json.dumps(n.to_dict(), ensure_ascii=False) + "\n" for n in (person, post)), encoding="utf-8"
    )
    (tmp_path / "facts.jsonl").write_text(
        json.dumps(fact.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = kg("who", "郑国华", "--exports", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "    县政协主席\\x1b[2J  [undefined]  - → -  unknown  (articles a-1)" in result.stdout.splitlines()
