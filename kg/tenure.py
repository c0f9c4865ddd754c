"""Posts in time: each person's spells in each post, derived from a build's dated post facts.

A spell is one stretch of one person in one post (`Position`):

- `start` / `end`: the days the text says the post was taken (当选, 选举…为, 任命 …) and
  left (不再担任, 免去 …), each with the article and sentence that say it;
- `first_seen` / `last_seen`: the first and last day an article states the post for
  (the date of the meeting its sentence reports, else the article's publication date);
- `status`, as of the newest dated post mention at the body: `ended` (an end was stated,
  inferred or implied by 原…), `current` (open, and seen at or after the body's latest
  stated change of post), `unknown` (open, but not seen since the body's posts last changed,
  or never dated);
- `end_known`: `stated`, `succession` (a post with one holder at a time, 主席, 党组书记 or
  秘书长 of a body, ends when the text states a successor's start; `inferred` is then
  true and the confidence lower) or `none`;
- `rank` (级别) from `lexicons/ranks.csv`, by the body's level and the role, or
  `undefined`.

Only full ISO dates order a spell; a `--MM-DD` day (no year knowable) is kept in the
evidence but places nothing. Resolution needs the whole build, so this reads it whole.

    >>> import tempfile
    >>> from kg.pipeline import build
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["examples/tenure_records.jsonl"], out, stores=())
    >>> [(s.person, s.start, s.end, s.status, s.end_known) for s in read_spells(out) if s.post == "资溪县政协主席"]
    [('周文澜', '2021-01-10', '2026-01-15', 'ended', 'stated'), ('陈立言', '2026-01-15', None, 'current', 'none')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from kg.build_folder import Build, load_build
from kg.errors import InputError
from kg.lexicons import _rows
from kg.manifest import is_of_build
from kg.model import Fact, Node

__all__ = [
    "Spell",
    "SINGLE_HOLDER_ROLES",
    "TENURE_PREDICATES",
    "derive_spells",
    "holders",
    "in_office",
    "rank_of",
    "read_spells",
    "spells_of_person",
    "write_spells",
]

# A body has one of each at a time: a stated start of another holder ends the spell before.
SINGLE_HOLDER_ROLES = frozenset({"主席", "党组书记", "秘书长"})
SPELLS_FILE = "spells.jsonl"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUCCESSION_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Spell:
    """One person in one post for one stretch of time; see the module docstring."""

    person: str
    person_id: str
    post: str  # the Position's label, 资溪县政协主席
    position_id: str
    role: str
    body: str
    body_id: str | None
    region_code: str | None
    body_level: str | None  # national | province | prefecture | county
    rank: str  # 县处级正职 …, or "undefined"
    rank_source: str | None
    start: str | None
    end: str | None
    first_seen: str | None
    last_seen: str | None
    status: str  # current | ended | unknown
    end_known: str  # stated | succession | none
    inferred: bool
    confidence: float
    as_of: str | None  # the newest day a post at the body is stated for
    evidence: tuple[dict[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["evidence"] = list(self.evidence)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Spell:
        return cls(**{**data, "evidence": tuple(data.get("evidence", ()))})


@dataclass(slots=True)
class _Mention:
    """What a spell keeps of one HOLDS or HELD_FORMERLY fact (not the fact: a big build has millions)."""

    date: str | None
    tenure: str | None  # start | end | former | None
    predicate: str
    article_id: str
    sentence: str
    start: int


@cache
def _rank_table() -> dict[tuple[str, str], tuple[str, str]]:
    return {(r["level"], r["role"]): (r["rank"], r["source"]) for r in _rows("ranks.csv")}


def rank_of(level: str | None, role: str) -> tuple[str, str | None]:
    """The rank (级别) of a role at a committee of a level, and the table row's source.

    >>> rank_of("county", "主席")[0], rank_of("national", "副主席")[0], rank_of("county", "常委")
    ('县处级正职', '国家级副职', ('undefined', None))
    """
    found = _rank_table().get((level or "", role))
    return (found[0], found[1]) if found else ("undefined", None)


def _body_level(body: Node | None) -> str | None:
    if body is None or not body.prop("cppcc"):
        return None  # ranks.csv covers CPPCC committees only
    code = body.prop("region_code")
    if code == "100000":
        return "national"
    from kg.gazetteer import gazetteer

    division = gazetteer().by_code.get(code) if code else None
    return division.level if division is not None else None


def _iso(date: str | None) -> str | None:
    return date if date and _ISO.match(date) else None


def derive_spells(facts: Iterable[Fact], nodes: Mapping[str, Node] | None = None) -> list[Spell]:
    """The spells of every person in every post the facts state (HOLDS, HELD_FORMERLY).

    `nodes` (id → resolved node, as in nodes.jsonl) gives each post its body; without it the
    bodies come from the facts' POST_IN.
    """
    nodes = dict(nodes or {})
    mentions: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    ends: dict[tuple[str, str], tuple[Node, Node]] = {}  # the person and post of the first fact
    body_of: dict[str, str] = {}
    for fact in facts:
        if fact.predicate == "POST_IN":
            body_of.setdefault(fact.subject.id, fact.object.id)
            nodes.setdefault(fact.object.id, fact.object)
        elif fact.predicate in ("HOLDS", "HELD_FORMERLY"):
            extra = dict(fact.extra)
            key, e = (fact.subject.id, fact.object.id), fact.evidence
            ends.setdefault(key, (fact.subject, fact.object))
            mentions[key].append(
                _Mention(extra.get("date"), extra.get("tenure"), fact.predicate, e.article_id, e.sentence, e.start)
            )
    spells = [s for key in sorted(mentions) for s in _spells_of(mentions[key], ends[key], nodes, body_of)]
    return _with_status(_with_successions(spells))


def _evidence(m: _Mention) -> dict[str, Any]:
    return {
        "article": m.article_id,
        "sentence": m.sentence,
        "date": m.date,
        "predicate": m.predicate,
        "tenure": m.tenure,
    }


def _order(m: _Mention) -> tuple[str, bool, str, int, str]:
    """Mentions by day (starts first), then by article and place: the same for any input order."""
    return (_iso(m.date) or "", m.tenure != "start", m.article_id, m.start, m.predicate)


def _spells_of(
    found: list[_Mention], ends: tuple[Node, Node], nodes: dict[str, Node], body_of: dict[str, str]
) -> Iterator[Spell]:
    """One person's spells in one post: a stated end closes a spell; a later mention opens the next."""
    person, position = nodes.get(ends[0].id, ends[0]), nodes.get(ends[1].id, ends[1])
    body_id = body_of.get(position.id)
    body = nodes.get(body_id) if body_id else None
    level = _body_level(body)
    role = str(position.prop("role") or "")
    rank, source = rank_of(level, role)
    base = Spell(
        person.label, person.id, position.label, position.id, role, str(position.prop("body") or ""),
        body_id, body.prop("region_code") if body else None, level, rank, source,
        None, None, None, None, "unknown", "none", False, 0.9, None,
    )  # fmt: skip
    # undated mentions go first: they belong to the first spell, placing nothing
    ordered = sorted(found, key=_order)
    spell: Spell | None = None
    for m in ordered:
        day = _iso(m.date)
        if m.predicate == "HELD_FORMERLY":
            if spell is None:
                spell = base
            ended = m.tenure == "end"
            spell = replace(
                spell,
                end=day if ended else spell.end,
                status="ended",
                end_known="stated",
                evidence=spell.evidence + (_evidence(m),),
            )
            yield spell
            spell = None
            continue
        if spell is None:
            spell = replace(base, start=day if m.tenure == "start" else None)
        elif m.tenure == "start" and spell.start is None and spell.first_seen is None:
            spell = replace(spell, start=day)
        spell = replace(
            spell,
            first_seen=spell.first_seen or day,
            last_seen=day or spell.last_seen,
            evidence=spell.evidence + (_evidence(m),),
        )
    if spell is not None:
        yield spell


def _with_successions(spells: list[Spell]) -> list[Spell]:
    """End an open spell of a one-holder post where the text states a successor's start."""
    starts: dict[str, list[str]] = defaultdict(list)  # position → stated start days
    for s in spells:
        if s.role in SINGLE_HOLDER_ROLES and s.start:
            starts[s.position_id].append(s.start)
    out = []
    for s in spells:
        since = s.start or s.first_seen
        later = sorted(d for d in starts.get(s.position_id, ()) if since and d > since and d != s.start)
        if s.end_known == "none" and later and (s.last_seen or "") <= later[0]:
            s = replace(
                s, end=later[0], status="ended", end_known="succession", inferred=True,
                confidence=_SUCCESSION_CONFIDENCE,
            )  # fmt: skip
        out.append(s)
    return out


def _with_status(spells: list[Spell]) -> list[Spell]:
    """`as_of` (the newest day a post at the body is stated for) and `current`/`unknown` for the open spells."""
    newest: dict[str, str] = {}
    changed: dict[str, str] = {}  # body → the day of its latest stated start or end
    for s in spells:
        key = s.body_id or s.body
        for e in s.evidence:
            day = _iso(e["date"])
            if day is None:
                continue
            newest[key] = max(newest.get(key, day), day)
            if e["tenure"] in ("start", "end"):
                changed[key] = max(changed.get(key, day), day)
    out = []
    for s in spells:
        key = s.body_id or s.body
        status = s.status
        if status != "ended":
            seen = s.last_seen
            status = "current" if seen is not None and seen >= changed.get(key, "") else "unknown"
        out.append(replace(s, status=status, as_of=newest.get(key)))
    return sorted(out, key=lambda s: (s.post, s.start or s.first_seen or "9999", s.person_id))


def write_spells(folder: Path | str) -> Path:
    """Derive the spells of the build in `folder` and write them to `folder/spells.jsonl`."""
    b = Build(Path(folder))
    path = b.dir / SPELLS_FILE
    spells = _spells_of_build(b)
    with path.open("wb") as fh:
        fh.writelines(orjson.dumps(s.to_dict()) + b"\n" for s in spells)
    return path


TENURE_PREDICATES = frozenset({"POST_IN", "HOLDS", "HELD_FORMERLY"})  # the facts derive_spells reads
# a predicate's name in quotes: in any line of such a fact, however the JSON is spaced
_TENURE_MARKERS = tuple(b'"' + p.encode() + b'"' for p in sorted(TENURE_PREDICATES))


def _spells_of_build(b: Build) -> list[Spell]:
    """The spells of a build's facts files, each line parsed only when it may be about a post;
    the facts carry their resolved nodes, so nodes.jsonl is not read."""

    def tenure_facts() -> Iterator[Fact]:
        for path in b.fact_files:
            with path.open("rb") as fh:
                for line in fh:
                    if any(marker in line for marker in _TENURE_MARKERS):
                        fact = Fact.from_dict(orjson.loads(line))
                        if fact.predicate in TENURE_PREDICATES:
                            yield fact

    return derive_spells(tenure_facts())


def read_spells(exports: Path | str) -> list[Spell]:
    """The spells of a build: its spells.jsonl, or derived now for a build written without one."""
    b = load_build(exports)
    path = b.dir / SPELLS_FILE
    if not is_of_build(b.dir, SPELLS_FILE):  # none, or another build's (kg.manifest)
        return _spells_of_build(b)
    try:
        return [
            Spell.from_dict(orjson.loads(line)) for line in path.read_bytes().splitlines() if line.strip()
        ]
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise InputError(f"{path} is not a spells file of this kg; rebuild with `kg build`") from exc


def in_office(spell: Spell, day: str) -> bool:
    """Whether the text shows the spell's person in the post on `day` (an ISO date).

    From the stated start (else the first dated mention) up to the day before the end; an
    open spell runs on while `current`, and only to its last mention while `unknown`.

    >>> s = Spell("甲", "person:1", "X县政协主席", "position:1", "主席", "X县政协", None, None, "county",
    ...           "县处级正职", None, "2021-01-10", "2026-01-15", "2021-01-10", "2023-09-12",
    ...           "ended", "stated", False, 0.9, "2026-04-21")
    >>> [in_office(s, d) for d in ("2021-01-09", "2021-01-10", "2026-01-14", "2026-01-15")]
    [False, True, True, False]
    """
    since = spell.start or spell.first_seen
    if since is None or day < since:
        return False
    if spell.end is not None:
        return day < spell.end
    if spell.status == "current":
        return True
    return spell.last_seen is not None and day <= spell.last_seen


def holders(exports: Path | str, post: str, at: str | None = None) -> list[Spell]:
    """The spells of a post (by its label, 资溪县政协主席), or only those in office on `at`.

    Raises:
        InputError: `at` is not an ISO date (YYYY-MM-DD).
    """
    if at is not None and not _ISO.match(at):
        raise InputError(f"--at {at!r} is not a date; pass one like 2023-03-01")
    found = [s for s in read_spells(exports) if s.post == post]
    return [s for s in found if in_office(s, at)] if at is not None else found


def spells_of_person(exports: Path | str, name: str) -> list[Spell]:
    """Every spell of the persons named `name` (all of them, if the build keeps two apart), in order."""
    found = [s for s in read_spells(exports) if s.person == name]
    return sorted(found, key=lambda s: (s.person_id, s.start or s.first_seen or "9999", s.post))
