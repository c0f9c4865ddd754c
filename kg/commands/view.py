"""The viewer and analysis commands: `kg view`, `kg stats`, `kg who`, `kg export graphml|gexf`.

Each parses its options, calls one public function (`kg.viewer.write_page`,
`kg.network.stats`, `kg.network.who`, the `graphml`/`gexf` sinks) and prints the result:
data to stdout, messages to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.build_folder import DEFAULT_EXPORTS, load_build
from kg.commands import ExportsOption, err, terminal_safe
from kg.errors import InputError

__all__ = ["commands", "export_commands"]

commands = typer.Typer()
export_commands = typer.Typer()


class ViewFormat(StrEnum):
    text = "text"
    json = "json"


# ---------------------------------------------------------------- kg view


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@commands.command()
def view(
    exports: ExportsOption = DEFAULT_EXPORTS,
    subgraph: Annotated[
        str | None,
        typer.Option(
            "--subgraph", help="Write a page of one node's neighbourhood: a name, alias or node id."
        ),
    ] = None,
    hops: Annotated[
        int, typer.Option("--hops", min=1, max=6, help="How far --subgraph reaches (edges).")
    ] = 2,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Where to write the page (default: DIR/graph.html, or DIR/graph-NAME.html)."
        ),
    ] = None,
    screenshot: Annotated[
        Path | None,
        typer.Option("--screenshot", help="Also render the page in headless Chromium and save a PNG here."),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option(
            "--select", help="With --screenshot: select this node (name, alias or id) to show its evidence."
        ),
    ] = None,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Only write the page; do not open a browser.")
    ] = False,
) -> None:
    """Write the interactive graph page (offline, one file) and open it in a browser.

    Without --subgraph the page is DIR/graph.html (rewritten from the build). With a display
    the page opens in the default browser; otherwise its path is printed.

    Example: kg view --subgraph "宕昌县政协" --hops 2
    """
    from kg.viewer import subgraph_page_name, write_page

    build = load_build(exports)
    target = out or (exports / (subgraph_page_name(subgraph) if subgraph else "graph.html"))
    page = write_page(build, target, focus=subgraph, hops=hops)
    err.print(f"wrote {page.path}: {page.nodes} nodes, {page.edges} edges", highlight=False)
    if screenshot is not None:
        from kg.viewer.browser import take_screenshot
        from kg.viewer.data import find_nodes

        chosen = find_nodes(build.nodes, select) if select else []
        if select and not chosen:
            raise InputError(f"--select {select!r} names no node in {exports}/; check the spelling")
        take_screenshot(page.path, screenshot, select=chosen[0] if chosen else None)
        err.print(f"screenshot: {screenshot}", highlight=False)
    typer.echo(str(page.path.resolve()))
    if not no_open and screenshot is None and _has_display():
        import webbrowser

        webbrowser.open(page.path.resolve().as_uri())


# ---------------------------------------------------------------- kg stats


def _format_stats(s: dict[str, Any]) -> str:
    lines = ["nodes"]
    lines += [f"  {k:<16} {v:>7}" for k, v in s["nodes"].items()]
    lines.append(f"  {'total':<16} {sum(s['nodes'].values()):>7}")
    lines.append("relationships (distinct edges / facts)")
    lines += [f"  {k:<16} {v:>7} {s['facts'].get(k, 0):>7}" for k, v in s["edges"].items()]
    for measure, title in (
        ("top_degree", "degree"),
        ("top_betweenness", f"betweenness ({s['betweenness']})"),
    ):
        for group in ("persons", "bodies"):
            lines.append(f"most connected {group} by {title}")
            rows = s[measure][group]
            lines += [f"  {r['score']:>8g}  {r['label']}  ({r['id']})" for r in rows] or ["  (none)"]
    c = s["components"]
    lines.append(
        f"connected components (without articles): {c['count']}; largest {c['largest']}; isolated nodes {c['isolated']}"
    )
    lines.append("meetings per body per month")
    for body, months in s["meetings_per_body_month"].items():
        lines.append(f"  {body}: " + ", ".join(f"{m} {n}" for m, n in months.items()))
    if not s["meetings_per_body_month"]:
        lines.append("  (none)")
    return "\n".join(lines)


@commands.command()
def stats(
    exports: ExportsOption = DEFAULT_EXPORTS,
    format: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = ViewFormat.text,
    top: Annotated[int, typer.Option("--top", min=1, help="How many persons and bodies to rank.")] = 10,
) -> None:
    """Counts per node and relationship type, most connected persons and bodies, components, meetings per month.

    Example: kg stats --exports exports/ --format json
    """
    from kg.network import stats as compute

    result = compute(load_build(exports), top=top)
    if format is ViewFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo(_format_stats(result))


# ---------------------------------------------------------------- kg who


def _place_names(nodes: dict[str, Any]) -> dict[str, str]:
    """Region code → the place's name: `360926` → `铜鼓县`."""
    return {str(n.prop("code")): n.label for n in nodes.values() if n.type == "Region" and n.prop("code")}


def _spells_by_person(exports: Path, people: list[Any]) -> dict[str, list[Any]]:
    """Person id → that person's spells in order (`kg.tenure.spells_of_person`)."""
    from kg.tenure import spells_of_person

    found: dict[str, list[Any]] = {p.id: [] for p in people}
    for label in dict.fromkeys(p.label for p in people):
        for s in spells_of_person(exports, label):
            if s.person_id in found:
                found[s.person_id].append(s)
    return found


def _format_who(
    people: list[Any], places: dict[str, str] | None = None, spells: dict[str, list[Any]] | None = None
) -> str:
    from kg.commands.holders import spell_articles, spell_summary

    out: list[str] = []
    places = places or {}
    spells = spells or {}
    for i, p in enumerate(people, start=1):
        aliases = "、".join(a for a in p.aliases if a != p.label)
        place = places.get(str(p.anchor))
        anchor = f"{place} ({p.anchor}, {p.anchored_by})" if place else f"{p.anchor} ({p.anchored_by})"
        out.append(f"[{i}] {p.label}  {p.id}  anchor {anchor}" + (f"  aliases {aliases}" if aliases else ""))
        out.append("  posts:" if p.posts else "  posts: (none)")
        out += [
            f"    {x['position']}  (body {x['body']}; articles {', '.join(x['articles'])})" for x in p.posts
        ]
        mine = spells.get(p.id, [])
        out.append("  spells:" if mine else "  spells: (none)")
        out += [f"    {spell_summary(x)}  (articles {', '.join(spell_articles(x))})" for x in mine]
        out.append("  meetings:" if p.meetings else "  meetings: (none)")
        for m in p.meetings:
            out.append(
                f"    {m['date'] or '(no date)'}  {m['role']:<9} {m['meeting']}  ({m['body'] or '?'}; {', '.join(m['articles'])})"
            )
        out.append("  articles:")
        out += ["    " + "  ".join(x for x in (a["id"], a["published"], a["title"]) if x) for a in p.articles]
        for link in p.same_as:
            out.append(
                f"  possibly the same as {link['label']} {link['id']} (anchor {link['anchor']}): "
                f"{link['reason']} [rule {link['rule']}, confidence {link['confidence']}]"
            )
        out.append("")
    return "\n".join(out).rstrip()


@commands.command()
def who(
    name: Annotated[str, typer.Argument(help="A person's name or alias, e.g. 王海明.")],
    exports: ExportsOption = DEFAULT_EXPORTS,
    format: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = ViewFormat.text,
) -> None:
    """Every person with that name: posts, spells in order with ranks, meetings presided or attended (dated), the articles that say so.

    Same-name people are listed apart, with any POSSIBLY_SAME_AS link between them and its reason.

    Example: kg who 王海明 --exports exports/
    """
    from kg.network import who as find
    from kg.viewer.data import name_forms

    build = load_build(exports)
    people = next((found for form in name_forms(name) if (found := find(build, form))), [])
    if not people:
        raise InputError(f"no person named {name!r} in {exports}/; try `kg stats` to see who is there")
    places = _place_names(build.nodes)
    spells = _spells_by_person(exports, people)
    if format is ViewFormat.json:
        from kg.commands.holders import spell_json

        rows = [
            p.to_dict()
            | {"anchor_name": places.get(str(p.anchor)), "spells": [spell_json(s) for s in spells[p.id]]}
            for p in people
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False))
    else:
        typer.echo(terminal_safe(_format_who(people, places, spells), keep_lines=True))


# ---------------------------------------------------------------- kg export graphml|gexf


def _export(name: str, exports: Path, out: Path | None) -> None:
    from kg.sinks import sinks

    build = load_build(exports)
    report = sinks.get(name)(exports, path=out).write(build)
    err.print(
        f"wrote {report.path}: {report.counts['nodes']} nodes, {report.counts['edges']} edges",
        highlight=False,
    )


@export_commands.command()
def graphml(
    exports: ExportsOption = DEFAULT_EXPORTS,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: DIR/graph.graphml).")
    ] = None,
) -> None:
    """Write the graph as GraphML for Gephi, Cytoscape or yEd: types, labels and codes as attributes.

    Example: kg export graphml --exports exports/ -o graph.graphml
    """
    _export("graphml", exports, out)


@export_commands.command()
def gexf(
    exports: ExportsOption = DEFAULT_EXPORTS,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: DIR/graph.gexf).")
    ] = None,
) -> None:
    """Write the graph as GEXF 1.2 for Gephi: types, labels and codes as attributes.

    Example: kg export gexf --exports exports/ -o graph.gexf
    """
    _export("gexf", exports, out)
