"""`kg export parquet`: the build as Parquet tables for DuckDB, Spark and pandas (see `kg.parquet`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.build_folder import DEFAULT_EXPORTS
from kg.commands import ExportsOption, err

__all__ = ["export_commands"]

export_commands = typer.Typer()


@export_commands.command(name="parquet")
def export_parquet(
    exports: ExportsOption = DEFAULT_EXPORTS,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The folder to write (default: <exports>/parquet/); replaced if an earlier export wrote it.",
        ),
    ] = None,
) -> None:
    """Write nodes, facts (with their evidence), articles and spells as a Parquet dataset.

    Hive-partitioned (nodes/type=Person/, facts/predicate=HOLDS/), so DuckDB, Spark and pandas read it as it is.

    Needs pyarrow: install kg with its parquet extra.

    Example: kg export parquet --exports exports/ -o exports/parquet
    """
    from kg.build_folder import load_build
    from kg.parquet import write_parquet

    export = write_parquet(load_build(exports), out)
    err.print(export.summary(), highlight=False)
