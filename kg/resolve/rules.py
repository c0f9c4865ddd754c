"""The resolution policy table, `schema/resolution_rules.csv`, read into plain data.

The table says what to do with two Person nodes that share a name but not an anchor:
`merge` them, link them `possibly_same` (POSSIBLY_SAME_AS, with the reason), or
`keep_apart`. The rules themselves (what "nested regions" means) live in
`kg.resolve.persons`; the table only chooses the action, so a user changes the
policy by editing one cell, not code.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ConfigError
from kg.resources import data_path

__all__ = ["ACTIONS", "RULES", "ResolutionRule", "load_rules", "rules_path"]

ACTIONS = ("merge", "possibly_same", "keep_apart")

# Every rule kg knows, in the order they are tried on a pair of same-name persons.
RULES = (
    "same_name_nested_regions",
    "same_name_national_and_regional",
    "same_name_one_unplaced",
    "same_name_unrelated_regions",
)


@dataclass(frozen=True, slots=True)
class ResolutionRule:
    rule: str
    action: str
    confidence: float
    reason: str


def rules_path() -> Path:
    """`$KG_RESOLUTION_RULES`, else the table kg ships (`kg/data/resolution_rules.csv`)."""
    override = os.environ.get("KG_RESOLUTION_RULES")
    if override:
        return Path(override)
    return data_path("resolution_rules.csv")


@cache
def load_rules(path: Path | None = None) -> dict[str, ResolutionRule]:
    """The policy table as {rule: ResolutionRule}; every known rule must be present.

    Raises:
        ConfigError: the file is missing, or a row names an unknown rule or action.

    >>> load_rules()["same_name_nested_regions"].action
    'possibly_same'
    """
    path = path or rules_path()
    if not path.is_file():
        raise ConfigError(f"resolution rules not found at {path}; pass --rules or set KG_RESOLUTION_RULES to a CSV file like schema/resolution_rules.csv")
    out: dict[str, ResolutionRule] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if line.strip() and not line.startswith("#"))
        for n, row in enumerate(rows, start=2):
            rule, action = (row.get("rule") or "").strip(), (row.get("action") or "").strip()
            if rule not in RULES:
                raise ConfigError(f"{path}: row {n}: unknown rule {rule!r}; known rules: {', '.join(RULES)}")
            if action not in ACTIONS:
                raise ConfigError(f"{path}: row {n}: unknown action {action!r} for {rule}; use one of {', '.join(ACTIONS)}")
            try:
                confidence = float(row.get("confidence") or 0)
            except ValueError:
                raise ConfigError(f"{path}: row {n}: confidence must be a number in [0, 1]") from None
            out[rule] = ResolutionRule(rule, action, min(max(confidence, 0.0), 1.0), (row.get("reason") or "").strip())
    missing = [r for r in RULES if r not in out]
    if missing:
        raise ConfigError(f"{path}: no row for {', '.join(missing)}; every rule needs an action")
    return out
