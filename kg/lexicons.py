"""Word lists kg's extractors share, read from `kg/data/lexicons/` (linked as `schema/lexicons/`; CSV and text files).

The files carry a header comment saying where they come from; code holds the rules.
Set `KG_LEXICON_DIR` to use another folder.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ConfigError
from kg.resources import data_path

__all__ = [
    "RoleEntry",
    "lexicon_path",
    "roles",
    "org_kinds",
    "surnames",
    "meeting_kinds",
    "national_leaders",
    "national_bodies",
]


def lexicon_path(name: str) -> Path:
    """Path of a lexicon file: `$KG_LEXICON_DIR/name` or the one kg ships (`kg/data/lexicons/name`)."""
    base = os.environ.get("KG_LEXICON_DIR")
    return Path(base) / name if base else data_path("lexicons", name)


def _lines(name: str) -> list[str]:
    path = lexicon_path(name)
    if not path.is_file():
        raise ConfigError(f"lexicon {name!r} not found at {path}; set KG_LEXICON_DIR to the lexicon folder")
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_lines(name)))


@dataclass(frozen=True, slots=True)
class RoleEntry:
    surface: str
    role: str
    body: str  # same | party | government | ufwd | org | publicity | congress | central


@cache
def roles() -> dict[str, RoleEntry]:
    """Title surface form → entry (role kept in the graph, default body)."""
    return {r["surface"]: RoleEntry(r["surface"], r["role"], r["body"]) for r in _rows("roles.csv")}


@cache
def org_kinds() -> dict[str, tuple[str, str]]:
    """Body suffix surface → (canonical suffix, kind): 政协党组 → (政协, cppcc)."""
    return {r["surface"]: (r["canonical"], r["kind"]) for r in _rows("org_kinds.csv")}


@cache
def surnames() -> frozenset[str]:
    return frozenset(_lines("surnames.txt"))


@cache
def meeting_kinds() -> tuple[str, ...]:
    return tuple(sorted(_lines("meeting_kinds.txt"), key=len, reverse=True))


@cache
def national_leaders() -> dict[str, tuple[str, str]]:
    out = {}
    for line in _lines("national_leaders.txt"):
        name, role, body = line.split(",")
        out[name] = (role, body)
    return out


@cache
def national_bodies() -> dict[str, tuple[str, str]]:
    """National body surface → (canonical name, kind): 中央统战部 → (中共中央统战部, central)."""
    return {r["surface"]: (r["canonical"], r["kind"]) for r in _rows("national_bodies.csv")}
