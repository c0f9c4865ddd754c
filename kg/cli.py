"""`kg`: a thin shell over kg's public functions. Data to stdout, messages to stderr."""

from __future__ import annotations

import errno
import importlib
import json
import pkgutil
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

import kg.commands
from kg import __version__
from kg.commands import GROUPS, err
from kg.commands import progress as _progress
from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from Chinese CPPCC (政协) news: persons, posts, bodies, regions, "
    "meetings and documents, each fact with its evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}


class SplitFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    _state["debug"] = debug


def _report_warnings(warnings: list) -> None:  # type: ignore[type-arg]
    for w in warnings:
        err.print(f"[yellow]warning[/] {w}", highlight=False, markup=True)


def _names(option: str | None) -> list[str] | None:
    """`a, b` → ['a', 'b']; None when the option was not given.

    >>> _names("persons, meetings"), _names(""), _names(None)
    (['persons', 'meetings'], [], None)
    """
    if option is None:
        return None
    return [name.strip() for name in option.split(",") if name.strip()]


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt/.md pages, .html, .json/.jsonl records.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the exports into.")] = Path("exports"),
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="Resolution policy table (default: schema/resolution_rules.csv)."),
    ] = None,
    no_stores: Annotated[
        bool, typer.Option("--no-stores", help="Write only the JSONL files; skip the embedded store and graph.html.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help="Extraction processes (default: all cores).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Extract every article again instead of reusing DIR/.cache.")
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes on this machine) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
    shards: Annotated[
        bool,
        typer.Option(
            "--shards",
            help="With --engine dask: leave facts, nodes and articles as the workers' shards "
            "(DIR/facts/part-00000.jsonl, …) instead of one file each.",
        ),
    ] = False,
    extractors: Annotated[
        str | None,
        typer.Option(
            "--extractors",
            help="Comma-separated extractors to run, kg's or plug-ins' (default: kg's six: "
            "bylines,persons,positions,bodies,meetings,documents).",
        ),
    ] = None,
    sinks: Annotated[
        str | None,
        typer.Option(
            "--sinks",
            help="Comma-separated sinks to run on the finished build, kg's or plug-ins' "
            "(default: embedded,html; '' for none, as --no-stores).",
        ),
    ] = None,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            help="Read what symbolic links in an input folder point at outside it (default: skipped, W006).",
        ),
    ] = False,
) -> None:
    """Build the graph of a corpus: writes facts.jsonl, nodes.jsonl and articles.jsonl into --out.

    Example: kg build ../shared/corpus/pages -o exports/
    """
    from kg import build as run_build
    from kg.build_folder import remove_stale_exports
    from kg.errors import ConfigError

    if no_stores and sinks:
        raise ConfigError("--no-stores and --sinks disagree; pass one of them")
    stores = () if no_stores else _names(sinks)

    started = time.time()
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        report = run_build(
            paths,
            out,
            on_article=lambda a: progress.advance(task),
            rules=rules,
            stores=stores,
            workers=workers,
            cache=not no_cache,
            engine=engine,  # type: ignore[arg-type]  # checked by the pipeline: "local" or "dask"
            scheduler=scheduler,
            extractors=_names(extractors),
            follow_symlinks=follow_symlinks,
            shards=shards,
        )
    _report_warnings(report.warnings)
    err.print(
        f"read {report.files_read} files ({report.files_skipped} skipped), "
        f"{report.articles} articles, {report.facts} facts, {report.nodes} nodes "
        f"({report.links} possible same-person links; {report.extracted} articles extracted, "
        f"{report.cached} from the cache) → {out}/",
        highlight=False,
    )
    for name, path in report.outputs.items():
        if name not in ("facts", "nodes", "articles"):
            err.print(f"  {name}: {path}", highlight=False)
    stale = remove_stale_exports(out, started)
    if stale:
        names = ", ".join(p.name + ("/" if p.suffix == "" else "") for p in stale)
        err.print(f"  removed what an earlier build exported: {names} (`kg export …` writes them again)", highlight=False)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
) -> None:
    """Print the facts of a corpus as JSON lines (the same lines as facts.jsonl).

    Example: kg extract examples/ | head
    """
    from kg.ingest import ReadReport
    from kg.pipeline import extract_paths
    from kg.sinks.jsonl import fact_line

    report = ReadReport()
    out = sys.stdout
    for _article, facts in extract_paths(paths, report):
        for fact in facts:
            out.write(fact_line(fact) + "\n")
    _report_warnings(report.warnings)


@app.command()
def split(
    paths: Annotated[list[Path], typer.Argument(help="Pages, HTML files or records to split into articles.")],
    format: Annotated[SplitFormat, typer.Option("--format", "-f", help="jsonl: one article a line; text: a summary.")] = SplitFormat.jsonl,
) -> None:
    """Split pages into articles and print them (id, title, dateline, authors, text, source, lines).

    Example: kg split ../shared/corpus/pages --format jsonl
    """
    from kg.ingest import ReadReport, read_corpus

    report = ReadReport()
    for article in read_corpus(paths, report=report):
        if format is SplitFormat.jsonl:
            sys.stdout.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")
        else:
            lines = f"{article.lines[0]}-{article.lines[1]}" if article.lines else "-"
            authors = "、".join(b.name for b in article.authors)
            sys.stdout.write(f"{article.id}\t{lines}\t{article.dateline or ''}\t{authors}\t{article.title}\n")
    _report_warnings(report.warnings)
    err.print(
        f"read {report.files_read} files ({report.files_skipped} skipped), {report.articles} articles",
        highlight=False,
    )


@app.command(name="eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Folder of gold records (*.json with a 'gold' key).")],
    facts: Annotated[
        Path | None, typer.Option("--facts", help="Score this facts.jsonl (or a build folder, or a folder of its shards) instead of building the gold folder.")
    ] = None,
    input: Annotated[
        Path | None, typer.Option("--input", help="Build this input (e.g. ../shared/corpus/pages) and score it.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show: Annotated[
        int,
        typer.Option("--show", help="List up to N misses and spurious facts per type, and N examples a diagnostic."),
    ] = 0,
) -> None:
    """Score extraction against gold: P/R/F1 for persons, positions, authors, meetings, documents.

    Then four diagnostics with examples: person-linking facts whose evidence does not name
    the person, meeting nodes that merge gold meetings, meeting nodes with no gold meeting,
    documents linked to no meeting or body.

    Example: kg eval ../shared/corpus/dev  (builds the dev records and scores them)
    """
    from kg.eval import KEYS, diagnostics_table, evaluate, score_table
    from kg.pipeline import build as run_build

    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        if facts is None:
            run_build([input or gold], tmp, stores=())  # scoring reads only the JSONL files
            facts = Path(tmp) / "facts.jsonl"
        scores = evaluate(gold, facts, examples=max(show, 3))
    if as_json:
        typer.echo(json.dumps(scores, ensure_ascii=False))
        return
    typer.echo(score_table(scores))
    ident = scores["identity"]
    typer.echo(f"identity   duplicate nodes: {ident['duplicate_nodes']}  wrong merges: {ident['wrong_merges']}")
    typer.echo(diagnostics_table(scores["diagnostics"]))
    if show:
        for key in KEYS:
            typer.echo(f"\n[{key}] missed: {scores[key]['missed'][:show]}")
            typer.echo(f"[{key}] spurious: {scores[key]['spurious'][:show]}")


def _add_command_modules() -> None:
    """Merge in the commands of every module in `kg.commands` (see its docstring)."""
    groups: dict[str, typer.Typer] = {"": app}
    helps = {
        "export": "Write the build in another format (RDF, Cypher script, Neo4j import CSVs, GraphML…).",
        "load": "Load the build into a database server (Neo4j).",
        "serve": "Serve the build over a protocol (a local SPARQL endpoint).",
    }
    for module in pkgutil.iter_modules(kg.commands.__path__):
        if module.name.startswith("_"):
            continue
        mod = importlib.import_module(f"kg.commands.{module.name}")
        for attr, group in GROUPS.items():
            sub = getattr(mod, attr, None)
            if sub is None:
                continue
            if group not in groups:
                groups[group] = typer.Typer(help=helps[group], no_args_is_help=True)
                app.add_typer(groups[group], name=group)
            groups[group].registered_commands.extend(sub.registered_commands)


_add_command_modules()


class _Terminated(Exception):
    """SIGTERM, raised in the main thread so every `finally` (staging folders, the engine's
    private copy) runs before the process ends."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def _file_being_written(exc: BaseException) -> str | None:
    """The file a full disk stopped: its OSError names none, but the frames it went through
    hold it, as an open file or as the `path` being written (the innermost one wins)."""
    import io

    tb = exc.__traceback__
    files: list[str] = []
    paths: list[str] = []
    while tb is not None:
        local = tb.tb_frame.f_locals
        for value in local.values():
            name = getattr(value, "name", None) if isinstance(value, io.IOBase) else None
            if isinstance(name, str) and not name.startswith("<"):  # not <stdout>
                files.append(name)
        if isinstance(local.get("path"), Path | str):
            paths.append(str(local["path"]))
        tb = tb.tb_next
    found = files or paths
    return found[-1] if found else None


def _unexpected(exc: Exception) -> NoReturn:
    """Usage errors as click shows them; anything else one line pointing at --debug."""
    # usage errors: click's ClickException, or typer's own since typer vendored click
    if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
        exc.show()  # type: ignore[attr-defined]
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    if _state["debug"]:
        raise exc
    err.print(f"Error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", highlight=False, markup=False)
    sys.exit(1)


def main() -> None:
    """Entry point: one `Error: …` line and exit 1 for any KgError (traceback with --debug).

    Ctrl-C is one line and exit 130, SIGTERM one line and exit 143, both after cleaning up;
    a command that exits non-zero (a failed `kg doctor` check) keeps its exit code.
    """
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = app(standalone_mode=False)
    except KgError as exc:
        if _state["debug"]:
            raise
        err.print(f"Error: {exc}", highlight=False, markup=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("Interrupted (Ctrl-C).", markup=False, highlight=False)
        sys.exit(130)
    except _Terminated:
        err.print("Terminated (SIGTERM).", markup=False, highlight=False)
        sys.exit(143)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT) or _state["debug"]:
            _unexpected(exc)
        where = exc.filename or _file_being_written(exc)
        target = f" while writing {where}" if where else ""
        err.print(
            f"Error: no space left on the device{target}; free some space or write elsewhere (-o DIR)",
            highlight=False,
            markup=False,
        )
        sys.exit(1)
    except Exception as exc:  # usage errors and the unexpected
        _unexpected(exc)
    # without standalone mode typer returns the exit code of `raise typer.Exit(n)`, and 130
    # for a Ctrl-C it caught itself
    if code == 130:
        err.print("Interrupted (Ctrl-C).", markup=False, highlight=False)
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
