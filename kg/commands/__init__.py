"""`kg` subcommands beyond the core four, one module per family (stores, RDF, viewer…).

Adding commands is adding a module here. A module may define any of these
`typer.Typer()` objects, and `kg.cli` merges their commands in:

- `commands`: top-level commands (`kg cypher`, `kg stats`);
- `export_commands`: `kg export <format>`;
- `load_commands`: `kg load <server>`;
- `serve_commands`: `kg serve <protocol>`.

Shared pieces every command uses live here: the `--exports` option, the stderr
console and the progress bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["GROUPS", "ExportsOption", "err", "progress"]

# attribute name in a command module → the `kg` group its commands join ("" = top level)
GROUPS = {"commands": "", "export_commands": "export", "load_commands": "load", "serve_commands": "serve"}

err = Console(stderr=True, soft_wrap=True)

ExportsOption = Annotated[
    Path,
    typer.Option("--exports", "-e", help="The build to read: the folder `kg build -o DIR` wrote.", show_default=True),
]


def progress() -> Progress:
    """A progress bar on stderr; silent when stderr is not a terminal (pipes, CI, tests)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
