"""Spells derived at build time (issue 18), on the fictional 资溪县政协 over two terms."""

from __future__ import annotations

from pathlib import Path

import orjson

from kg.model import Fact
from kg.tenure import Spell, derive_spells, rank_of, read_spells


def _spell(build: Path, post: str, person: str) -> Spell:
    (found,) = [s for s in read_spells(build) if s.post == post and s.person == person]
    return found


def test_the_build_writes_spells_jsonl(tenure_build: Path) -> None:
    lines = (tenure_build / "spells.jsonl").read_bytes().splitlines()
    assert len(lines) == 8
    assert {"person", "person_id", "post", "start", "end", "status", "end_known", "rank"} <= orjson.loads(
        lines[0]
    ).keys()


def test_a_stated_end_closes_the_first_chairs_spell(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协主席", "周文澜")
    assert (s.start, s.end, s.first_seen, s.last_seen) == (
        "2021-01-10",
        "2026-01-15",
        "2021-01-10",
        "2023-09-12",
    )
    assert (s.status, s.end_known, s.inferred) == ("ended", "stated", False)


def test_the_successor_is_current_from_the_plenary(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协主席", "陈立言")
    assert (s.start, s.end, s.status, s.end_known, s.as_of) == (
        "2026-01-15",
        None,
        "current",
        "none",
        "2026-04-21",
    )


def test_a_successors_stated_start_ends_a_one_holder_post_by_inference(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协秘书长", "江志远")
    assert (s.end, s.status, s.end_known, s.inferred) == ("2026-01-15", "ended", "succession", True)
    assert s.confidence < _spell(tenure_build, "资溪县政协秘书长", "葛振宇").confidence


def test_a_vice_chair_not_seen_since_the_new_term_is_unknown_not_ended(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协副主席", "邱海燕")
    assert (s.end, s.status, s.end_known) == (None, "unknown", "none")


def test_a_re_elected_vice_chair_keeps_one_spell_from_the_first_election(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协副主席", "许明")
    assert (s.start, s.last_seen, s.status) == ("2021-01-10", "2026-04-21", "current")


def test_each_date_cites_its_article_and_sentence(tenure_build: Path) -> None:
    s = _spell(tenure_build, "资溪县政协主席", "周文澜")
    ended = [e for e in s.evidence if e["tenure"] == "end"]
    assert [(e["article"], e["date"]) for e in ended] == [("zx-2026-01", "2026-01-15")]
    assert "不再担任" in ended[0]["sentence"]


def test_ranks_come_from_the_table_and_say_undefined_otherwise(tenure_build: Path) -> None:
    assert _spell(tenure_build, "资溪县政协主席", "陈立言").rank == "县处级正职"
    assert _spell(tenure_build, "资溪县政协党组书记", "周文澜").rank == "undefined"
    assert rank_of("province", "主席")[0] == "省部级正职"


def test_spells_are_the_same_whatever_the_order_of_the_facts(tenure_build: Path) -> None:
    from kg.build_folder import load_build

    b = load_build(tenure_build)
    facts = list(b.facts())
    assert derive_spells(reversed(facts), b.nodes) == derive_spells(facts, b.nodes)


def test_no_holds_fact_is_a_former_post(tenure_build: Path) -> None:
    rows = [orjson.loads(line) for line in (tenure_build / "facts.jsonl").read_bytes().splitlines()]
    assert not [r for r in rows if r["predicate"] == "HOLDS" and r.get("tenure") in ("end", "former")]


def test_spells_do_not_depend_on_fact_order_property(tenure_build: Path) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kg.build_folder import load_build

    b = load_build(tenure_build)
    facts = list(b.facts())
    expected = derive_spells(facts, b.nodes)

    @settings(max_examples=25, deadline=None)
    @given(st.permutations(facts))
    def check(shuffled: list[Fact]) -> None:
        assert derive_spells(shuffled, b.nodes) == expected

    check()
