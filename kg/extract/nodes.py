"""Builders for the graph's nodes, so every extractor names things the same way.

Ids are deterministic functions of canonical keys (see `kg.model.stable_id`).
Person ids here are provisional (`person:<name>`); `kg.resolve.persons` anchors
them to a body or region so that two people who share a name stay apart.
"""

from __future__ import annotations

from functools import cache

from kg.gazetteer import NATIONAL, Division, gazetteer
from kg.lexicons import national_bodies
from kg.model import Article, Node, stable_id

__all__ = [
    "person_node",
    "org_node",
    "region_node",
    "position_node",
    "meeting_node",
    "document_node",
    "article_node",
]


# Bodies of the whole country: located in NATIONAL (code 100000), not in a province.
NATIONAL_BODIES = frozenset(name for name, _kind in national_bodies().values())


def person_node(name: str) -> Node:
    return Node(stable_id("Person", name), "Person", name, (("name", name), ("aliases", (name,))))


def org_node(
    name: str,
    kind: str,
    region: Division | None,
    aliases: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> Node:
    """An Organization; CPPCC committees carry `cppcc=True` (the `CPPCCBody` label in stores).

    `aliases` are the surface forms seen (`县政协`, `政协宕昌县委员会`); `notes` say what
    resolution corrected (`level corrected: 陇西市 → 陇西县`).
    """
    if region is None and name in NATIONAL_BODIES:
        region = NATIONAL
    props: list[tuple[str, object]] = [("kind", kind), ("cppcc", kind == "cppcc")]
    if region is not None:
        props.append(("region_code", region.code))
    props.append(("aliases", tuple(sorted({name, *aliases}))))
    if notes:
        props.append(("notes", tuple(sorted(set(notes)))))
    return Node(stable_id("Organization", name), "Organization", name, tuple(props))


@cache
def region_node(division: Division, aliases: tuple[str, ...] = ()) -> Node:
    """A Region with its GB/T 2260 code and level; former names (华亭县) are aliases."""
    names = {division.name, *gazetteer().former_names_of(division.code), *(a for a in aliases if len(a) >= 2)}
    return Node(
        stable_id("Region", division.code),
        "Region",
        division.name,
        (("code", division.code), ("level", division.level), ("aliases", tuple(sorted(names)))),
    )


def position_node(role: str, body: Node) -> Node:
    label = f"{body.label}{role}"
    return Node(stable_id("Position", f"{role}@{body.label}"), "Position", label, (("role", role), ("body", body.label)))


def meeting_node(name: str, body: Node | None, date: str | None, kind: str, session: str | None) -> Node:
    """A Meeting keyed by body + (session and kind, or date and kind, or name)."""
    body_label = body.label if body is not None else "?"
    if session:
        key = f"{body_label}|{session}|{kind}"
    elif date:
        key = f"{body_label}|{date}|{kind}"
    else:
        key = f"{body_label}|{name}"
    props: list[tuple[str, object]] = [("name", name), ("kind", kind), ("date", date)]
    if session:
        props.append(("session", session))
    return Node(stable_id("Meeting", key), "Meeting", name, tuple(props))


# Titles that only make sense with their body (every committee adopts a 工作要点).
_GENERIC_TITLE_MARKS = ("工作要点", "工作报告", "会议议程", "会议日程", "议程(草案)", "日程(草案)", "工作计划")


_QUOTES = str.maketrans({c: None for c in "\"'“”‘’「」『』〈〉<>"})


def document_key(title: str) -> str:
    """A title's canonical form: no spaces, no inner quotes (the text is already simplified).

    >>> document_key("关于“乡村 振兴”的意见") == document_key("关于「乡村振兴」的意见")
    True
    """
    return "".join(title.split()).translate(_QUOTES)


def document_node(title: str, body: Node | None = None) -> Node:
    """A Document; a generic title (`县政协常委会2023年工作要点`) is qualified by its body.

    The same title written with other quotes or spaces is the same Document; what was
    written is kept as an alias.
    """
    key = document_key(title)
    generic = title.startswith(("县", "市", "区", "州", "旗", "省", "会议", "政协")) or len(title) <= 6
    if body is not None and generic and any(m in title for m in _GENERIC_TITLE_MARKS):
        key = f"{key}@{body.label}"
    return Node(stable_id("Document", key), "Document", title, (("title", title), ("aliases", (title,))))


def article_node(article: Article) -> Node:
    props: list[tuple[str, object]] = [("title", article.title or article.id), ("source", article.source)]
    if article.source_id:
        props.append(("source_id", article.source_id))
    if article.published:
        props.append(("published", article.published))
    return Node(f"article:{article.id}", "Article", article.title or article.id, tuple(props))
