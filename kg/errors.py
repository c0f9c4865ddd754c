"""Every user-facing error and warning code of kg lives here.

The CLI turns a `KgError` into one `Error: …` line on stderr and a non-zero exit;
skippable problems are `KgWarning`s with a short stable code, counted and summarised.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "KgError",
    "InputError",
    "ConfigError",
    "UnknownPluginError",
    "StoreUnavailable",
    "QueryError",
    "KgWarning",
    "W_UNREADABLE",
    "W_EMPTY",
    "W_BINARY",
    "W_BAD_RECORD",
    "W_NO_TEXT",
    "W_SYMLINK",
    "W_BAD_NAME",
    "W_DUPLICATE_ID",
    "W_BAD_CACHE",
]


class KgError(Exception):
    """Root of every error kg raises on purpose; its message is for the user."""


class InputError(KgError):
    """Nothing usable could be read from the given paths."""


class ConfigError(KgError):
    """An option or setting is wrong."""


class UnknownPluginError(KgError, KeyError):
    """No extractor or sink is registered under that name."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else ""


class StoreUnavailable(KgError):
    """A graph store (Neo4j, the embedded engine) cannot be reached or refused us."""


class QueryError(KgError):
    """A Cypher or SPARQL query was rejected."""


# Warning codes: stable, so tests and scripts can match them.
W_UNREADABLE = "W001"  # path could not be opened (permission, vanished)
W_EMPTY = "W002"  # file is empty or whitespace only
W_BINARY = "W003"  # file is not text in any supported encoding
W_BAD_RECORD = "W004"  # a JSON line or record could not be parsed
W_NO_TEXT = "W005"  # a JSON record has no usable `text`
W_SYMLINK = "W006"  # a symbolic link out of the input folder, not followed (--follow-symlinks)
W_BAD_NAME = "W007"  # a file name that is not UTF-8 (bytes no text encoding reads)
W_DUPLICATE_ID = "W008"  # two records with one id and different texts (one article node for both)
W_BAD_CACHE = "W009"  # a fact cache row that cannot be read; the article is extracted again


@dataclass(frozen=True, slots=True)
class KgWarning:
    """A skippable problem with one input: reported, counted, never fatal on its own."""

    code: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.code} {where}: {self.message}"
