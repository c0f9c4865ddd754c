"""Cypher commands: `kg cypher`, `kg load neo4j`, `kg export cypher`, `kg export neo4j-import`.

Each parses its options, calls one function of `kg.cypher`, and prints; data goes to
stdout, messages to stderr.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.commands import ExportsOption, err, progress, terminal_safe
from kg.cypher.neo4j_loader import PASSWORD_ENV
from kg.errors import ConfigError, InputError

__all__ = ["commands", "load_commands", "export_commands", "parse_param", "format_value"]

commands = typer.Typer()
load_commands = typer.Typer()
export_commands = typer.Typer()


class CypherFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def parse_param(text: str) -> tuple[str, Any]:
    """`k=v` → (k, v): v as JSON when it parses (numbers, lists, quoted strings), else the text.

    >>> parse_param("name=刘志强"), parse_param("n=3"), parse_param('ids=["a","b"]')
    (('name', '刘志强'), ('n', 3), ('ids', ['a', 'b']))
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip().isidentifier():
        raise ConfigError(
            f"--param {text!r} is not NAME=VALUE; write e.g. --param name=刘志强 (used as $name)"
        )
    try:
        return key.strip(), json.loads(value)
    except json.JSONDecodeError:
        return key.strip(), value


def format_value(value: Any) -> str:
    """A result value as one table cell: nodes as `(:Label 名称)`, relationships as `[:TYPE]`.

    >>> format_value({"labels": ["Person"], "properties": {"label": "刘志强", "id": "person:x"}})
    '(:Person 刘志强)'
    >>> format_value(["a", 1]), format_value(None)
    ('["a", 1]', '')
    """
    if value is None:
        return ""
    if isinstance(value, dict) and "labels" in value and "properties" in value:
        labels = "".join(f":{label}" for label in value["labels"])
        return f"({labels} {value['properties'].get('label', value['properties'].get('id', ''))})"
    if isinstance(value, dict) and "type" in value and "properties" in value:
        return f"[:{value['type']}]"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _number_like(params: dict[str, Any], raw: dict[str, str]) -> dict[str, str]:
    """The parameters that were written bare and read as numbers: `-p code=360000`."""
    return {
        k: raw[k]
        for k, v in params.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and raw[k].strip() == raw[k]
    }


def _query_text(query: str | None, query_file: Path | None) -> str:
    if query_file is not None:
        if not query_file.is_file():
            raise InputError(f"no query file at {query_file}")
        return query_file.read_text(encoding="utf-8")
    if query == "-":
        return sys.stdin.read()
    if query:
        return query
    raise ConfigError("give a query: kg cypher 'MATCH …', kg cypher - (stdin) or --query-file FILE")


@commands.command(name="cypher")
def cypher_command(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A read-only Cypher query, e.g. MATCH (p:Person) RETURN p.label. '-' reads stdin."
        ),
    ] = None,
    exports: ExportsOption = Path("exports"),
    query_file: Annotated[
        Path | None, typer.Option("--query-file", "-q", help="Read the query from this file (.cypher).")
    ] = None,
    format: Annotated[
        CypherFormat, typer.Option("--format", "-f", help="table (for people), json or csv (for programs).")
    ] = CypherFormat.table,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A query parameter NAME=VALUE (VALUE as JSON if it parses), used as $NAME. "
            "A bare number that matches nothing is tried again as text: -p code=360000.",
        ),
    ] = None,
    wide: Annotated[
        bool, typer.Option("--wide", "-w", help="Table: print every cell whole, however wide the table.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds a query may run before it is stopped.")
    ] = 60.0,
) -> None:
    """Query the build's embedded Cypher store (written by `kg build`) and print the rows.

    Example: kg cypher "MATCH (p:Person)-[:HOLDS]->(:Position)-[:POST_IN]->(o) RETURN p.label, o.label"
    """
    from kg.cypher.embedded_engine import STORE_NAME, open_store

    text = _query_text(query, query_file)
    _check_store_of_build(exports, STORE_NAME)
    pairs = [parse_param(p) for p in param or []]
    params = dict(pairs)
    raw = {p.partition("=")[0].strip(): p.partition("=")[2] for p in param or []}
    with open_store(exports) as graph:
        result = graph.query(text, params, timeout=timeout)
        numbers = _number_like(params, raw)
        if not result.rows and numbers:
            # properties such as region codes are text: 360000 the number never equals "360000"
            retry = graph.query(text, params | numbers, timeout=timeout)
            names = ", ".join(f"${k}" for k in numbers)
            if retry.rows:
                result = retry
                err.print(
                    f"note: {names} matched nothing as a number and was used as text "
                    f"(write -p 'NAME=\"VALUE\"' for text, NAME=VALUE for a number)",
                    highlight=False,
                    markup=False,
                )
            else:
                err.print(
                    f"note: 0 rows with {names} as a number or as text",
                    highlight=False,
                    markup=False,
                )
    if format is CypherFormat.json:
        typer.echo(json.dumps(result.records(), ensure_ascii=False, indent=2))
    elif format is CypherFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([format_value(v) for v in row] for row in result.rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*(terminal_safe(c) for c in result.columns), show_lines=False)
        for row in result.rows:
            table.add_row(*(terminal_safe(format_value(v)) for v in row), end_section=False)
        Console(soft_wrap=False, width=1_000_000 if wide else None, markup=False).print(table)
        err.print(f"{len(result.rows)} rows", highlight=False)


def _password() -> str:
    """From KG_NEO4J_PASSWORD, else a hidden prompt on a terminal; never a flag (it shows in `ps`)."""
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if sys.stdin.isatty():
        return str(typer.prompt("Neo4j password", hide_input=True))
    raise ConfigError(
        f"no Neo4j password: set {PASSWORD_ENV} (it is never taken as a flag, which `ps` would show)"
    )


def _check_store_of_build(exports: Path, name: str) -> None:
    """Refuse a store that another build wrote: its answers would be about another corpus."""
    from kg.errors import InputError
    from kg.manifest import finish_interrupted_commit, is_of_build, read_manifest

    finish_interrupted_commit(exports)  # a build killed while committing: finish it first
    if read_manifest(exports) is not None and (exports / name).exists() and not is_of_build(exports, name):
        raise InputError(
            f"{exports / name} is not the store of the build in {exports}/ (another build wrote it); "
            f"build again with `kg build PATHS -o {exports}`"
        )


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


@load_commands.command(name="neo4j")
def load_neo4j_command(
    exports: ExportsOption = Path("exports"),
    uri: Annotated[
        str,
        typer.Option("--uri", envvar="KG_NEO4J_URI", help="Bolt URI of the Neo4j server (or KG_NEO4J_URI)."),
    ] = "bolt://localhost:7687",
    user: Annotated[
        str, typer.Option("--user", envvar="KG_NEO4J_USER", help="Neo4j user (or KG_NEO4J_USER).")
    ] = "neo4j",
    database: Annotated[str, typer.Option("--database", "-d", help="The database to load into.")] = "neo4j",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND statement.")] = 1000,
) -> None:
    """Load the build into Neo4j 5 (password from KG_NEO4J_PASSWORD or a prompt); safe to run again.

    Example: KG_NEO4J_PASSWORD=secret kg load neo4j --uri bolt://localhost:7687 --user neo4j
    """
    from kg.build_folder import load_build
    from kg.cypher.neo4j_loader import load_neo4j

    build = load_build(exports)  # before the prompt: a missing build needs no password
    password = _password()
    total = len(build.nodes) + sum(map(_count_lines, build.fact_files))
    with progress() as bar:
        task = bar.add_task(f"loading into {uri}", total=total)
        report = load_neo4j(
            exports,
            uri,
            user,
            password,
            database,
            batch_size,
            on_batch=lambda b: bar.advance(task, len(b.rows)),
        )
    counts = report.counts
    err.print(
        f"Neo4j at {uri} (database {database}) now holds {counts.total_nodes} nodes and "
        f"{counts.total_relationships} relationships ({report.statements} statements, {report.seconds:.1f} s)",
        highlight=False,
    )
    for kind, values in (("nodes", counts.nodes), ("relationships", counts.relationships)):
        typer.echo(f"{kind}: " + ", ".join(f"{name} {n}" for name, n in values.items()))


@export_commands.command(name="cypher")
def export_cypher_command(
    exports: ExportsOption = Path("exports"),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The script to write (default: EXPORTS/graph.cypher).")
    ] = None,
) -> None:
    """Write a self-contained .cypher script (constraints + MERGE statements) for cypher-shell -f.

    Example: kg export cypher -o graph.cypher && cypher-shell -u neo4j -f graph.cypher
    """
    from kg.build_folder import load_build
    from kg.sinks import sinks

    build = load_build(exports)  # the sink's code path, spells included, as `kg build --sinks cypher-script`
    report = sinks.get("cypher-script")(build.dir, path=out).write(build)
    err.print(f"{report.counts['statements']} statements → {report.path}", highlight=False)


@export_commands.command(name="neo4j-import")
def export_neo4j_import_command(
    exports: ExportsOption = Path("exports"),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The folder to write (default: EXPORTS/neo4j-import).")
    ] = None,
    database: Annotated[
        str, typer.Option("--database", "-d", help="The database neo4j-admin imports into.")
    ] = "neo4j",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786): the cluster's workers write the CSV shards "
            "(the build and the output folder on a file system they share); default: processes here.",
        ),
    ] = None,
) -> None:
    """Write CSV files and the command line for neo4j-admin database import full (bulk loading).

    Example: kg export neo4j-import -o import/ && sh import/import.sh
    """
    from kg.build_folder import load_build
    from kg.sinks import sinks

    build = load_build(exports)  # the sink's code path: shards in parallel, spells included
    folder = out or Path(exports) / "neo4j-import"
    sink = sinks.get("neo4j-import")(build.dir, folder=folder, database=database, scheduler=scheduler)
    report = sink.write(build)
    err.print(
        f"{report.counts['nodes']} nodes and {report.counts['relationships']} relationships → {folder}/; "
        f"with Neo4j stopped, run {folder}/import.sh, then cypher-shell -f {folder}/schema.cypher",
        highlight=False,
    )
    typer.echo(report.counts["command"])
