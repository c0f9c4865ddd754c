"""Files kg reads at run time, shipped inside the package under `kg/data/`.

The repository's `schema/` links to these files (it stays the documented home of the model);
a wheel carries them as package data, so an installed kg finds them wherever it lives.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["data_path"]


def data_path(*parts: str) -> Path:
    """Path of a file kg ships: `data_path("lexicons", "roles.csv")`.

    kg is installed as plain files (never zipped), so the resource is a real path.

    >>> data_path("kg.ttl").is_file()
    True
    """
    return Path(str(files("kg").joinpath("data", *parts)))
