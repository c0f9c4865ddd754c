"""`kg doctor`: the checks of `kg.environment`, one line each with its fix; exit 1 when a
required one failed."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.commands import err
from kg.environment import check_environment

__all__ = ["commands"]

commands = typer.Typer()


class DoctorFormat(StrEnum):
    text = "text"
    json = "json"


@commands.command()
def doctor(
    exports: Annotated[
        Path, typer.Option("--exports", "-e", help="The folder builds write to; checked for write access.")
    ] = Path("exports"),
    neo4j_uri: Annotated[
        str | None,
        typer.Option(
            "--neo4j-uri",
            "--uri",
            envvar="KG_NEO4J_URI",
            help="Also log in to Neo4j at this Bolt URI (or KG_NEO4J_URI); password from KG_NEO4J_PASSWORD.",
        ),
    ] = None,
    neo4j_user: Annotated[
        str,
        typer.Option("--neo4j-user", "--user", envvar="KG_NEO4J_USER", help="Neo4j user (or KG_NEO4J_USER)."),
    ] = "neo4j",
    format: Annotated[
        DoctorFormat, typer.Option("--format", "-f", help="text (one line per check) or json (for scripts).")
    ] = DoctorFormat.text,
) -> None:
    """Check Python, packages, jieba, the embedded engine, exports and test tools; say how to fix each.

    Exit 0 when every required check passes, 1 otherwise; optional ones only inform.

    Example: kg doctor --neo4j-uri bolt://localhost:7687
    """
    as_text = format is DoctorFormat.text
    checks = check_environment(
        exports, neo4j_uri, neo4j_user, (lambda c: typer.echo(c.line())) if as_text else None
    )
    failed = [c for c in checks if not c.passed]
    if not as_text:
        report = {"ok": not failed, "checks": [asdict(c) | {"passed": c.passed} for c in checks]}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif failed:
        checks_failed = (
            "1 required check failed" if len(failed) == 1 else f"{len(failed)} required checks failed"
        )
        err.print(f"{checks_failed}: {', '.join(c.label for c in failed)}", highlight=False)
    else:
        required, optional = sum(c.required for c in checks), sum(c.status == "optional" for c in checks)
        tail = (
            f"; {optional} optional {'tool is' if optional == 1 else 'tools are'} missing" if optional else ""
        )
        err.print(f"kg is ready: all {required} required checks passed{tail}", highlight=False)
    if failed:
        raise typer.Exit(1)
