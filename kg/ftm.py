"""FollowTheMoney entities of a build's spells: what OpenSanctions, nomenklatura and Aleph read.

One JSON object per entity (`{"id", "schema", "properties": {name: [values]}}`):

- `Person` for each holder (`topics` `role.pep` where one of their posts has a defined rank
  in `lexicons/ranks.csv`: a committee's 主席, 副主席 or 秘书长, the posts OpenSanctions
  counts as politically exposed);
- `PublicBody` for each body, `Position` for each post (`organization` the body, `country`
  `cn`, `subnationalArea` the body's region below the national level, `topics`
  `gov.national`, `gov.state` for a province, `gov.muni` for a prefecture or county);
- `Occupancy` for each spell (`holder`, `post`, `startDate`/`endDate` where the text states
  or a succession implies them, `status` current, ended or unknown);
- `Article` for each article a spell rests on, the `proof` of its Person and Occupancy.

kg needs no FollowTheMoney package to write these; the tests validate them with it.

    >>> import tempfile
    >>> from kg.pipeline import build
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["examples/tenure_records.jsonl"], out, stores=())
    >>> sorted({e["schema"] for e in ftm_entities(out)})
    ['Article', 'Occupancy', 'Person', 'Position', 'PublicBody']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.build_folder import load_build
from kg.tenure import read_spells

__all__ = ["ftm_entities", "ftm_id"]

_TOPICS = {
    "national": "gov.national",
    "province": "gov.state",
    "prefecture": "gov.muni",
    "county": "gov.muni",
}


def ftm_id(*key: str) -> str:
    """A FollowTheMoney entity id from kg's keys: `kg-` and a digest, stable across builds.

    >>> ftm_id("person:1")
    'kg-dc7d742886b35ca46b5497bd6caf6fac8206ef7b'
    """
    return "kg-" + hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()


def _entity(entity_id: str, schema: str, **props: list[str] | str | None) -> dict[str, Any]:
    properties = {}
    for name, value in props.items():
        values = [value] if isinstance(value, str) else [v for v in (value or []) if v]
        if values:
            properties[name] = sorted(set(values))
    return {"id": entity_id, "schema": schema, "properties": properties}


def ftm_entities(exports: Path | str) -> Iterator[dict[str, Any]]:
    """Every FollowTheMoney entity of the spells in `exports`, each once, in a stable order."""
    build = load_build(exports)
    spells = read_spells(exports)
    articles = build.articles
    from kg.gazetteer import gazetteer

    divisions = gazetteer().by_code
    seen: set[str] = set()

    def once(entity: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if entity["id"] not in seen:
            seen.add(entity["id"])
            yield entity

    pep = {s.person_id for s in spells if s.rank != "undefined"}
    cited_by_person: dict[str, set[str]] = {}
    for s in spells:
        cited_by_person.setdefault(s.person_id, set()).update(e["article"] for e in s.evidence)
    for s in spells:
        cited = sorted({e["article"] for e in s.evidence})
        proofs = [ftm_id("article", a) for a in cited]
        for article_id in cited:
            record = articles.get(article_id, {})
            source = str(record.get("source") or "")
            yield from once(
                _entity(
                    ftm_id("article", article_id),
                    "Article",
                    title=str(record.get("title") or article_id),
                    publishedAt=record.get("published"),
                    sourceUrl=source if source.startswith(("http://", "https://")) else None,
                    language="zho",
                )
            )
        topics = ["role.pep"] if s.person_id in pep else []
        yield from once(
            _entity(
                ftm_id(s.person_id),
                "Person",
                name=s.person,
                country="cn",
                topics=topics,
                proof=[ftm_id("article", a) for a in cited_by_person[s.person_id]],
            )
        )
        body_id = ftm_id(s.body_id or s.body)
        yield from once(_entity(body_id, "PublicBody", name=s.body, country="cn"))
        region = divisions.get(s.region_code) if s.region_code and s.body_level != "national" else None
        yield from once(
            _entity(
                ftm_id(s.position_id),
                "Position",
                name=s.post,
                country="cn",
                organization=body_id,
                subnationalArea=region.name if region is not None else None,
                topics=_TOPICS.get(s.body_level or ""),
            )
        )
        key = (s.person_id, s.position_id, s.start or s.first_seen or "")
        yield from once(
            _entity(
                ftm_id("occupancy", *key),
                "Occupancy",
                holder=ftm_id(s.person_id),
                post=ftm_id(s.position_id),
                startDate=s.start,
                endDate=s.end,
                status=s.status,
                description=f"first seen {s.first_seen or '-'}, last seen {s.last_seen or '-'}; "
                f"end known: {s.end_known}; rank: {s.rank}",
                proof=proofs,
            )
        )
