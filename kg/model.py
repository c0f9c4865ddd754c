"""Plain data types that cross stage boundaries: ingest → extract → resolve → sinks.

Only the standard library is used here, so every stage (and every user) can import
these types without pulling in jieba, rdflib or a database driver.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = [
    "Article",
    "Byline",
    "Evidence",
    "Fact",
    "Node",
    "NODE_TYPES",
    "PREDICATES",
    "stable_id",
]

NODE_TYPES = (
    "Person",
    "Position",
    "Organization",
    "Region",
    "Meeting",
    "Document",
    "Article",
)

PREDICATES = (
    "HOLDS",  # Person → Position
    "HELD_FORMERLY",  # Person → Position: a post the text says the person held before (原…, 不再担任)
    "POST_IN",  # Position → Organization
    "LOCATED_IN",  # Organization → Region
    "PART_OF",  # Region → Region
    "HELD",  # Organization → Meeting
    "PRESIDED_BY",  # Meeting → Person
    "ATTENDED_BY",  # Meeting → Person
    "ADOPTED",  # Meeting | Organization → Document
    "STUDIED",  # Meeting | Organization → Document
    "ISSUED",  # Meeting | Organization → Document
    "CITED",  # Meeting | Organization → Document: heard, discussed or named, not adopted/studied/issued
    "AUTHORED_BY",  # Article → Person
    "MENTIONS",  # Article → any node
    "POSSIBLY_SAME_AS",  # Person → Person, an uncertain merge kept apart
)


@lru_cache(maxsize=1 << 16)  # the same few thousand nodes are met again and again
def stable_id(kind: str, key: str) -> str:
    """A deterministic node id from a node type and its canonical key.

    Ids never depend on processing order, so two builds of the same corpus agree.

    >>> stable_id("Region", "620881")
    'region:620881'
    >>> stable_id("Person", "王海明@宕昌县政协").startswith("person:")
    True
    """
    prefix = kind.lower()
    if key.isascii() and key.replace("-", "").replace("_", "").isalnum() and len(key) <= 40:
        return f"{prefix}:{key}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}:{digest}"


@dataclass(frozen=True, slots=True)
class Byline:
    """A credited person in an article's byline: reporter, correspondent, photographer.

    `start`/`end` are offsets of the name in `Article.text`.
    """

    name: str
    role: str  # 通讯员 | 记者 | 摄影 | 撰稿 | 供稿 | 署名 (a bare trailing credit such as (张维国))
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read from a page, an HTML file or a JSON record.

    `text` is the normalised text (simplified script, half-width digits, column
    breaks repaired) that every extractor reads and every offset points into;
    `original_text` is what the input held, kept for provenance.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    lines: tuple[int, int] | None = None
    original_text: str = ""
    source_id: str | None = None
    dateline: str | None = None  # place in 本报华亭讯 → 华亭
    authors: tuple[Byline, ...] = ()
    headers: tuple[str, ...] = ()  # headline, kicker and section lines, in page order
    published: str | None = None  # ISO date
    locality: str | None = None
    province: str | None = None
    script: str = "simplified"

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Article.id must not be empty")
        if self.lines is not None and self.lines[0] > self.lines[1]:
            raise ValueError(f"Article.lines must be [first, last], got {self.lines}")

    def to_record(self) -> dict[str, Any]:
        """The JSON record `kg split --format jsonl` prints."""
        return {
            "id": self.id,
            "title": self.title,
            "dateline": self.dateline,
            "authors": [{"name": b.name, "role": b.role} for b in self.authors],
            "text": self.text,
            "source": self.source,
            "lines": list(self.lines) if self.lines else None,
            "source_id": self.source_id,
            "published": self.published,
            "locality": self.locality,
            "province": self.province,
            "script": self.script,
        }


@dataclass(frozen=True, slots=True)
class Node:
    """A graph node: its stable id, type, canonical Chinese label and properties."""

    id: str
    type: str
    label: str
    props: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.type not in NODE_TYPES:
            raise ValueError(f"unknown node type {self.type!r}; expected one of {NODE_TYPES}")
        if not self.id or not self.label:
            raise ValueError(f"a {self.type} node needs an id and a label, got {self.id!r}/{self.label!r}")

    def prop(self, name: str, default: Any = None) -> Any:
        for key, value in self.props:
            if key == name:
                return value
        return default

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label}
        for key, value in self.props:
            out[key] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        props = tuple(
            (k, tuple(v) if isinstance(v, list) else v)
            for k, v in data.items()
            if k not in ("id", "type", "label")
        )
        return cls(id=data["id"], type=data["type"], label=data["label"], props=props)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: `article.text[start:end]` is the surface form."""

    article_id: str
    sentence: str
    start: int
    end: int
    extractor: str  # registry name + version, e.g. "positions.v1"

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(data["article"], data["sentence"], data["start"], data["end"], data["extractor"])


@dataclass(frozen=True, slots=True)
class Fact:
    """A typed edge between two nodes, with its evidence and a confidence in [0, 1]."""

    subject: Node
    predicate: str
    object: Node
    evidence: Evidence
    confidence: float = 1.0
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.predicate not in PREDICATES:
            raise ValueError(f"unknown predicate {self.predicate!r}; expected one of {PREDICATES}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "subject": self.subject.to_dict(),
            "predicate": self.predicate,
            "object": self.object.to_dict(),
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
        }
        out.update(dict(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        """The inverse of `to_dict`: a line of facts.jsonl back into a Fact."""
        known = {"subject", "predicate", "object", "evidence", "confidence"}
        return cls(
            Node.from_dict(data["subject"]),
            data["predicate"],
            Node.from_dict(data["object"]),
            Evidence.from_dict(data["evidence"]),
            data.get("confidence", 1.0),
            tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k not in known),
        )
