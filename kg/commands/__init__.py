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

import re
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

__all__ = ["GROUPS", "ExportsOption", "err", "progress", "terminal_safe"]

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


# C0 and C1 controls and DEL: ESC starts ANSI/OSC sequences (colours, cursor moves,
# OSC 52 writes the clipboard), and C1's CSI (U+009B) does too
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str, keep_lines: bool = False) -> str:
    r"""`text` with every control character written as an escape (`\x1b`), so data from
    the corpus cannot drive the terminal; line breaks too unless `keep_lines`. Only for
    what people read: json and csv output carry the data unchanged.

    >>> terminal_safe("政协\x1b]52;c;aGk=\x07会议")
    '政协\\x1b]52;c;aGk=\\x07会议'
    >>> terminal_safe("a\tb\nc"), terminal_safe("a\tb\nc", keep_lines=True)
    ('a\\x09b\\x0ac', 'a\\x09b\nc')
    """
    pattern = _CONTROL_BUT_NEWLINE if keep_lines else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
