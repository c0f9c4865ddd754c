"""Posts in time: `kg holders POST`, `kg career NAME`, `kg export spells` and `kg export ftm`.

Each reads the build's spells (`spells.jsonl`, see `kg.tenure`) and prints: data to
stdout, messages to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.build_folder import DEFAULT_EXPORTS
from kg.commands import ExportsOption, err, terminal_safe
from kg.errors import InputError

if TYPE_CHECKING:
    from kg.tenure import Spell

__all__ = [
    "commands",
    "export_commands",
    "SPELL_COLUMNS",
    "spell_articles",
    "spell_json",
    "spell_rows",
    "spell_summary",
]

commands = typer.Typer()
export_commands = typer.Typer()


class HoldersFormat(StrEnum):
    table = "table"
    json = "json"


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


# -- a spell as people and scripts read it; `kg who` shows spells with these too


def spell_articles(s: Spell) -> list[str]:
    """The ids of the articles behind a spell, sorted."""
    return sorted({e["article"] for e in s.evidence})


def spell_summary(s: Spell) -> str:
    """One line of a spell: post, rank, from → to, status and how the end is known.

    An open spell runs to `-` while current, else to its last mention.
    """
    until = s.end or (None if s.status == "current" else s.last_seen)
    how = f", end by {s.end_known}" if s.end_known != "none" else ""
    return f"{s.post}  [{s.rank}]  {_cell(s.start or s.first_seen)} → {_cell(until)}  {s.status}{how}"


def spell_json(s: Spell) -> dict[str, Any]:
    """A spell as `--format json` prints it (`kg holders`, `kg career`, `kg who`)."""
    return {
        "person": s.person,
        "person_id": s.person_id,
        "post": s.post,
        "rank": s.rank,
        "start": s.start,
        "end": s.end,
        "first_seen": s.first_seen,
        "last_seen": s.last_seen,
        "status": s.status,
        "end_known": s.end_known,
        "inferred": s.inferred,
        "confidence": s.confidence,
        "articles": spell_articles(s),
    }


@commands.command()
def holders(
    post: Annotated[str, typer.Argument(help="A post by its label, body and role: 资溪县政协主席.")],
    at: Annotated[
        str | None, typer.Option("--at", help="Only those the text shows in office on this day (YYYY-MM-DD).")
    ] = None,
    format: Annotated[
        HoldersFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = HoldersFormat.table,
    exports: ExportsOption = DEFAULT_EXPORTS,
) -> None:
    """Who held a post, spell by spell (start, end, first and last seen, status), or who held it on --at.

    Prints nothing but `[]` (json) or a note (table) when no one did; that is no error.

    Example: kg holders 资溪县政协主席 --at 2023-03-01 --format json
    """
    from kg.tenure import holders as find
    from kg.viewer.data import name_forms

    # either script: 資溪縣政協主席 is found as 资溪县政协主席
    found = next((spells for form in name_forms(post) if (spells := find(exports, form, at))), [])
    if format is HoldersFormat.json:
        typer.echo(json.dumps([spell_json(s) for s in found], ensure_ascii=False))
        return
    if not found:
        err.print(
            f"no one holds {post} {'on ' + at if at else ''} in {exports}/".replace("  ", " "),
            highlight=False,
        )
        return
    typer.echo("person\tstart\tend\tfirst_seen\tlast_seen\tstatus\tend_known\trank")
    for s in found:
        cells = (s.person, s.start, s.end, s.first_seen, s.last_seen, s.status, s.end_known, s.rank)
        typer.echo("\t".join(terminal_safe(_cell(c)) for c in cells))


@commands.command()
def career(
    name: Annotated[str, typer.Argument(help="A person's name, e.g. 周文澜.")],
    exports: ExportsOption = DEFAULT_EXPORTS,
    format: Annotated[
        HoldersFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = HoldersFormat.table,
) -> None:
    """A person's spells in order: each post with its rank, dates, status and the articles behind it.

    Example: kg career 周文澜 --exports exports/
    """
    from kg.tenure import spells_of_person
    from kg.viewer.data import name_forms

    found = next((spells for form in name_forms(name) if (spells := spells_of_person(exports, form))), [])
    if not found:
        raise InputError(f"no post of anyone named {name!r} in {exports}/; try `kg who {name}`")
    if format is HoldersFormat.json:
        typer.echo(json.dumps([spell_json(s) for s in found], ensure_ascii=False))
        return
    for s in found:
        typer.echo(terminal_safe(f"{s.person} ({s.person_id})  {spell_summary(s)}"))
        typer.echo(terminal_safe(f"    articles: {', '.join(spell_articles(s))}"))


SPELL_COLUMNS = (
    "person", "person_id", "post", "role", "rank", "body", "body_code", "body_level",
    "start", "end", "first_seen", "last_seen", "status", "end_known", "inferred", "confidence", "articles",
)  # fmt: skip


def spell_rows(spells: list[Any]) -> list[dict[str, str]]:
    """The rows of `kg export spells`: one a spell, in the shape of researchers' career tables."""
    rows = []
    for s in spells:
        data = spell_json(s) | {
            "role": s.role,
            "body": s.body,
            "body_code": s.region_code,
            "body_level": s.body_level,
        }
        data["articles"] = ";".join(data["articles"])
        rows.append({k: "" if data[k] is None else str(data[k]) for k in SPELL_COLUMNS})
    return rows


@export_commands.command(name="spells")
def export_spells(
    exports: ExportsOption = DEFAULT_EXPORTS,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="CSV file to write (default: stdout).")
    ] = None,
) -> None:
    """Write every spell as CSV: person, post, role, rank, body and its GB/T 2260 code, dates, status, articles.

    Example: kg export spells --exports exports/ -o spells.csv
    """
    from kg.tenure import read_spells

    rows = spell_rows(read_spells(exports))
    fh = out.open("w", encoding="utf-8", newline="") if out is not None else sys.stdout
    try:
        writer = csv.DictWriter(fh, fieldnames=SPELL_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out is not None:
            fh.close()
    if out is not None:
        err.print(f"wrote {len(rows)} spells → {out}", highlight=False)


@export_commands.command(name="ftm")
def export_ftm(
    exports: ExportsOption = DEFAULT_EXPORTS,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="JSON-lines file to write (default: stdout).")
    ] = None,
) -> None:
    """Write the spells as FollowTheMoney entities, one JSON object a line (Person, Position, Occupancy …).

    For `ftm` tools, nomenklatura and Aleph; see kg.ftm for what each entity holds.

    Example: kg export ftm --exports exports/ -o spells.ftm.json
    """
    from kg.ftm import ftm_entities

    fh = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    count = 0
    try:
        for entity in ftm_entities(exports):
            fh.write(json.dumps(entity, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if out is not None:
            fh.close()
    if out is not None:
        err.print(f"wrote {count} entities → {out}", highlight=False)
