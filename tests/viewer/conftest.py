"""Builds for the viewer tests: the project's examples, a hostile one, a large synthetic one,
and one headless Chromium for the whole session (skipped, saying why, when none is installed)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kg.build_folder import Build, load_build
from kg.model import Evidence, Fact, Node
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[2]

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE = "本报讯 </script><script>window.pwned = 1</script>" + EVIL_NAME + "主持会议。"


def write_build(folder: Path, facts: Iterable[Fact], articles: Iterable[dict] = ()) -> Build:
    """A build folder written by hand: facts.jsonl, nodes.jsonl (every end, once), articles.jsonl."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, Node] = {}
    with (folder / "facts.jsonl").open("w", encoding="utf-8") as fh:
        for fact in facts:
            nodes.setdefault(fact.subject.id, fact.subject)
            nodes.setdefault(fact.object.id, fact.object)
            fh.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
    with (folder / "nodes.jsonl").open("w", encoding="utf-8") as fh:
        for node_id in sorted(nodes):
            fh.write(json.dumps(nodes[node_id].to_dict(), ensure_ascii=False) + "\n")
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for record in articles:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return load_build(folder)


def _evidence(article: str, sentence: str, extractor: str = "test.v1") -> Evidence:
    return Evidence(article, sentence, 0, min(3, len(sentence)), extractor)


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project's fictional examples/, built by the real pipeline (graph.html included)."""
    out = tmp_path_factory.mktemp("examples")
    build([ROOT / "examples"], out, stores=["html"])
    return load_build(out)


@pytest.fixture(scope="session")
def evil() -> dict[str, str]:
    """The hostile strings, for tests to look for."""
    return {"name": EVIL_NAME, "sentence": EVIL_SENTENCE}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A person whose name is an HTML tag, in a sentence that tries to close the data block."""
    evil = Node(
        "person:evil", "Person", EVIL_NAME, (("name", EVIL_NAME), ("aliases", (EVIL_NAME, "坏人<b>")))
    )
    post = Node("position:chair", "Position", "临川区政协主席", (("role", "主席"), ("body", "临川区政协")))
    body = Node(
        "organization:lc",
        "Organization",
        "临川区政协",
        (("kind", "cppcc"), ("cppcc", True), ("region_code", "361002")),
    )
    article = {"id": "evil-1", "title": "<script>alert('title')</script>标题", "text": EVIL_SENTENCE}
    facts = [
        Fact(evil, "HOLDS", post, Evidence("evil-1", EVIL_SENTENCE, 0, 3, "positions.v1"), 0.9),
        Fact(post, "POST_IN", body, Evidence("evil-1", EVIL_SENTENCE, 0, 3, "positions.v1"), 0.9),
    ]
    return write_build(tmp_path_factory.mktemp("hostile"), facts, [article])


def synthetic_facts(bodies: int) -> Iterator[Fact]:
    """A graph shaped like a year of county news: per body a region, 8 persons with posts, 3 meetings.

    Each body brings 1 body + 1 county + 8 persons + 8 posts + 3 meetings = 21 nodes.
    """
    province = Node("region:360000", "Region", "江西省", (("code", "360000"), ("level", "province")))
    for b in range(bodies):
        pref_code = f"36{b // 40 + 1:02d}00"
        county_code = f"36{b // 40 + 1:02d}{b % 40 + 1:02d}"
        prefecture = Node(
            f"region:{pref_code}",
            "Region",
            f"虚构{b // 40}市",
            (("code", pref_code), ("level", "prefecture")),
        )
        county = Node(
            f"region:{county_code}", "Region", f"虚构{b}县", (("code", county_code), ("level", "county"))
        )
        body = Node(
            f"organization:b{b}",
            "Organization",
            f"虚构{b}县政协",
            (
                ("kind", "cppcc"),
                ("cppcc", True),
                ("region_code", county_code),
                ("aliases", ("县政协", f"虚构{b}县政协")),
            ),
        )
        art = f"a{b}"
        sentence = f"本报虚构{b}讯 虚构{b}县政协主席召开会议。"
        yield Fact(body, "LOCATED_IN", county, _evidence(art, sentence))
        yield Fact(county, "PART_OF", prefecture, _evidence(art, sentence))
        yield Fact(prefecture, "PART_OF", province, _evidence(art, sentence))
        meetings = [
            Node(
                f"meeting:b{b}m{m}", "Meeting", f"十届{m + 1}次常委会会议", (("date", f"2024-0{m + 1}-1{m}"),)
            )
            for m in range(3)
        ]
        for meeting in meetings:
            yield Fact(body, "HELD", meeting, _evidence(art, sentence))
        for p in range(8):
            person = Node(f"person:b{b}p{p}", "Person", f"人{b}号{p}", (("anchor", county_code),))
            post = Node(f"position:b{b}p{p}", "Position", f"虚构{b}县政协委员{p}", (("role", "委员"),))
            yield Fact(person, "HOLDS", post, _evidence(art, sentence))
            yield Fact(post, "POST_IN", body, _evidence(art, sentence))
            yield Fact(meetings[p % 3], "ATTENDED_BY", person, _evidence(art, sentence), 0.7)


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """About 5,000 nodes (240 bodies × 21, plus prefectures and the province)."""
    return write_build(tmp_path_factory.mktemp("large"), synthetic_facts(240))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from kg.errors import ConfigError
    from kg.viewer.browser import chromium

    try:
        with chromium() as b:
            yield b
    except ConfigError as exc:
        pytest.skip(f"no headless Chromium ({exc})")
