"""RDF commands: `kg export rdf`, `kg sparql`, `kg validate`, `kg serve sparql`.

Each reads the build in `--exports` (default `exports/`), or an RDF file given with
`--data`, calls one function of `kg.rdf`, and prints: data to stdout, messages to stderr.
`kg sparql`, `kg validate` and `kg serve sparql` read `<exports>/graph.ttl`, writing it
from the build first when it is missing or was made from another build (`ensure_graph`).
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from kg.commands import ExportsOption, err, terminal_safe
from kg.errors import ConfigError, InputError, QueryError

__all__ = ["commands", "export_commands", "serve_commands"]

commands = typer.Typer()
export_commands = typer.Typer()
serve_commands = typer.Typer()

_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
DEFAULT_BASE = "https://example.org/kg/"  # the same as kg.rdf.vocab.DEFAULT_BASE (not imported: startup cost)


class RdfFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"


class SparqlFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class EngineChoice(StrEnum):
    auto = "auto"
    oxigraph = "oxigraph"
    rdflib = "rdflib"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        help="An RDF file (.ttl, .nt, .jsonld, .trig) to read instead of the build's graph.ttl.",
    ),
]


def _within[T](seconds: float, run: Callable[..., T], *args: Any) -> T:
    """`run(*args)` in a thread the process does not wait for, so Ctrl-C (which Python
    delivers to the main thread only, between bytecodes) and `--timeout` stop a query
    that the engine runs in native code; the process ends right after either."""
    done: dict[str, Any] = {}

    def target() -> None:
        try:
            done["value"] = run(*args)
        except BaseException as exc:  # handed to the main thread
            done["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="kg-sparql-query")
    worker.start()
    deadline = time.monotonic() + seconds
    while worker.is_alive():
        if time.monotonic() > deadline:
            raise QueryError(
                f"query stopped after {seconds:g} s (--timeout); narrow it (LIMIT, a bound subject) or raise --timeout"
            )
        worker.join(0.05)  # short waits: a KeyboardInterrupt gets through between them
    if "error" in done:
        raise done["error"]
    return cast(T, done["value"])


def _data(data: Path | None, exports: Path) -> Path:
    """The RDF file a command reads: `--data`, or the build's graph.ttl (brought up to date)."""
    if data is None:
        from kg.rdf.mapping import ensure_graph

        return ensure_graph(
            exports, lambda report: err.print(f"wrote {report.triples} triples → {report.path}", highlight=False)
        )
    if not data.is_file():
        raise InputError(f"no RDF file at {data}; write one with `kg export rdf -o {data}`")
    return data


@export_commands.command(name="rdf")
def export_rdf(
    exports: ExportsOption = Path("exports"),
    format: Annotated[
        RdfFormat,
        typer.Option(
            "--format", "-f", help="ttl, nt, jsonld or trig (facts and evidence as two named graphs)."
        ),
    ] = RdfFormat.ttl,
    base: Annotated[
        str, typer.Option("--base", help="The IRI node IRIs are minted under: <base>person/<id>.")
    ] = DEFAULT_BASE,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The file to write (default: <exports>/graph.<format>)."),
    ] = None,
) -> None:
    """Write the build as RDF in the kg ontology (schema/kg.ttl), each fact with its evidence.

    Example: kg export rdf --format ttl --base https://example.org/kg/
    """
    from kg.build_folder import load_build
    from kg.sinks import sinks

    build = load_build(exports)
    report = sinks.get("rdf")(build.dir, format=format.value, base=base, path=out).write(build)
    err.print(
        f"wrote {report.counts['triples']} triples ({report.facts} facts, {report.counts['statements']} statements) → {report.path}",
        highlight=False,
    )


@commands.command(name="sparql")
def sparql_command(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A SPARQL 1.1 query; prefixes kg:, org:, prov:, rdfs:, person:, region: … are predeclared. '-' reads stdin."
        ),
    ] = None,
    data: DataOption = None,
    exports: ExportsOption = Path("exports"),
    query_file: Annotated[
        Path | None, typer.Option("--query-file", "-q", help="Read the query from this file (.rq).")
    ] = None,
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            "-b",
            help="Bind a variable to a string: NAME=VALUE, or NAME@zh=VALUE for a Chinese literal. The variable must be selected.",
        ),
    ] = None,
    bind_iri: Annotated[
        list[str] | None, typer.Option("--bind-iri", help="Bind a variable to an IRI: NAME=IRI.")
    ] = None,
    format: Annotated[
        SparqlFormat,
        typer.Option(
            "--format", "-f", help="table (for people), json, csv or tsv (SPARQL 1.1 result formats)."
        ),
    ] = SparqlFormat.table,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine", help="auto (pyoxigraph), oxigraph, or rdflib (pure Python, for small files)."
        ),
    ] = EngineChoice.auto,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds a query may run before it is stopped.")
    ] = 60.0,
) -> None:
    """Run a SPARQL query over the build's RDF and print the results.

    Example: kg sparql 'SELECT ?name ?post WHERE { ?p rdfs:label ?name ; org:holds/rdfs:label ?post }' --bind name@zh=王海明
    """
    from kg.rdf.sparql import format_result, parse_binding, run_query

    if query_file is not None:
        if not query_file.is_file():
            raise InputError(f"no query file at {query_file}")
        text = query_file.read_text(encoding="utf-8")
    elif query == "-":
        text = sys.stdin.read()
    elif query:
        text = query
    else:
        raise ConfigError("give a query: kg sparql 'SELECT …', kg sparql - (stdin) or --query-file FILE")
    bindings = dict(parse_binding(b) for b in bind or [])
    bindings.update(parse_binding(b, iri=True) for b in bind_iri or [])
    path = _data(data, exports)
    result = _within(timeout, run_query, path, text, bindings, engine.value)
    chinese = {
        k: t for k, t in bindings.items() if t.kind == "literal" and not t.lang and not t.datatype and _CJK.search(t.value)
    }
    if result.kind != "ask" and not result.rows and chinese:
        # kg writes its labels as "…"@zh, which a plain "…" never equals
        from kg.rdf.sparql import Term

        tagged = bindings | {k: Term.literal(t.value, lang="zh") for k, t in chinese.items()}
        retry = _within(timeout, run_query, path, text, tagged, engine.value)
        names = ", ".join(f"?{k}" for k in chinese)
        if retry.rows:
            result = retry
            err.print(
                f"note: {names} matched nothing as a plain string and was bound as @zh, as kg writes "
                "its labels (write --bind NAME@zh=VALUE to say so)",
                highlight=False,
                markup=False,
            )
        else:
            err.print(f"note: 0 rows with {names} as a plain or an @zh string", highlight=False, markup=False)
    out = format_result(result, format.value)
    sys.stdout.write(terminal_safe(out, keep_lines=True) if format is SparqlFormat.table else out)
    size = "" if result.kind == "ask" else f"{len(result.rows)} rows, "
    err.print(f"{size}{result.seconds * 1000:.1f} ms ({result.engine})", highlight=False)


@commands.command(name="validate")
def validate_command(
    data: DataOption = None,
    exports: ExportsOption = Path("exports"),
    shapes: Annotated[
        Path | None,
        typer.Option("--shapes", help="SHACL shapes to check against (default: schema/shapes.ttl)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the violations as JSON.")] = False,
) -> None:
    """Check the build's RDF against the SHACL shapes; list every violation and exit 1 if any.

    Example: kg validate --exports exports/
    """
    from kg.rdf.validate import validate_file
    from kg.rdf.vocab import SHAPES_PATH

    path = _data(data, exports)
    shapes_path = shapes or SHAPES_PATH
    if not shapes_path.is_file():
        raise InputError(f"no SHACL shapes at {shapes_path}")
    report = validate_file(path, shapes_path)
    if as_json:
        rows = [
            {"severity": v.severity, "focus": v.focus, "path": v.path, "message": v.message, "value": v.value}
            for v in report.violations
        ]
        typer.echo(
            json.dumps(
                {"data": str(path), "triples": report.triples, "conforms": report.conforms, "results": rows},
                ensure_ascii=False,
            )
        )
    else:
        for violation in report.violations:
            typer.echo(str(violation))
    if not report.conforms:
        count = sum(1 for v in report.violations if v.severity == "Violation")
        raise InputError(f"{path}: {count} SHACL violations (listed above) against {shapes_path}")
    err.print(f"{path}: {report.triples} triples conform to {shapes_path}", highlight=False)


@serve_commands.command(name="sparql")
def serve_sparql(
    data: DataOption = None,
    exports: ExportsOption = Path("exports"),
    port: Annotated[
        int, typer.Option("--port", "-p", help="Port on 127.0.0.1 (0: any free port).", min=0, max=65535)
    ] = 7878,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before it is stopped (503).", min=0.1)
    ] = 30.0,
    cors_origin: Annotated[
        str | None,
        typer.Option(
            "--cors-origin",
            help="Let pages of this origin (e.g. http://localhost:8080, or *) read answers; off by default.",
        ),
    ] = None,
) -> None:
    """Serve the build's RDF as a read-only SPARQL endpoint on 127.0.0.1 (for YASGUI and other tools).

    Federated queries (SERVICE) are refused, requests must name 127.0.0.1 or localhost as
    their host, and no other web page may read the answers unless --cors-origin says so.

    Example: kg serve sparql --port 7878   (then query http://127.0.0.1:7878/sparql)
    """
    from kg.rdf.server import make_server

    server = make_server(_data(data, exports), port, timeout=timeout, cors_origin=cors_origin)
    err.print(f"SPARQL endpoint on {server.url} ({server.triples} triples); Ctrl-C stops it", highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)
    finally:
        server.server_close()
