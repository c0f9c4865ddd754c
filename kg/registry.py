"""A small typed registry for plug-ins (extractors, sinks), open to other packages.

kg's own plug-ins register with a decorator; another package registers through an
entry point in the group `kg.<kind>s` (`kg.extractors`, `kg.sinks`), loaded the first
time its name is asked for, the way pytest and rdflib find theirs. In the plug-in's
`pyproject.toml`:

    [project.entry-points."kg.sinks"]
    csv = "kg_csv.sink:CsvSink"

A name has one owner: an entry point under a name kg itself uses is ignored (kg's own
stays), so installing a package never changes what a built-in name means. Listing the
names (`names()`, an unknown-name error) does not import any plug-in.

    >>> things: Registry[int] = Registry("thing")
    >>> @things.register("one")
    ... def one() -> int: return 1
    >>> things.get("two")
    Traceback (most recent call last):
    kg.errors.UnknownPluginError: no thing named 'two'; available: one
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint, entry_points

from kg.errors import ConfigError, UnknownPluginError

__all__ = ["Registry"]


class Registry[T]:
    """Plug-ins of one kind by name: kg's own, then those of installed packages.

    Args:
        kind: what the items are, for messages ("extractor", "sink").
        group: the entry-point group other packages register in (default `kg.<kind>s`).
    """

    def __init__(self, kind: str, group: str | None = None) -> None:
        self.kind = kind
        self.group = group if group is not None else f"kg.{kind}s"
        self._items: dict[str, T] = {}
        self._builtin: set[str] = set()

    def register(self, name: str) -> Callable[[T], T]:
        """A decorator that registers its target under `name` (kg's own plug-ins)."""

        def add(item: T) -> T:
            if name in self._items and self._items[name] is not item:
                raise ValueError(f"a {self.kind} named {name!r} is already registered")
            self._items[name] = item
            self._builtin.add(name)
            return item

        return add

    def get(self, name: str) -> T:
        """The item registered as `name`, loading a plug-in package's entry point if need be.

        Raises:
            UnknownPluginError: nothing is registered under `name` (the message lists what is).
            ConfigError: a plug-in's entry point is there but fails to load.
        """
        if name not in self._items:
            point = self._entry_points().get(name)
            if point is None:
                available = ", ".join(self.names()) or "none"
                raise UnknownPluginError(f"no {self.kind} named {name!r}; available: {available}")
            item = self._load(point)
            self._items.setdefault(name, item)
        return self._items[name]

    def is_builtin(self, name: str) -> bool:
        """Whether `name` is one of kg's own (not from another package's entry point)."""
        return name in self._builtin

    def builtin_names(self) -> list[str]:
        return sorted(self._builtin)

    def names(self) -> list[str]:
        """Every name: registered here and offered by installed packages (not imported)."""
        return sorted(set(self._items) | set(self._entry_points()))

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._items or name in self._entry_points())

    def _entry_points(self) -> dict[str, EntryPoint]:
        # not cached: a package installed while kg runs (a notebook, a test) is found too
        return {point.name: point for point in entry_points(group=self.group) if point.name not in self._builtin}

    def _load(self, point: EntryPoint) -> T:
        where = f"{point.value}" + (f" (package {point.dist.name})" if point.dist is not None else "")
        try:
            item: T = point.load()
        except Exception as exc:  # an import error, or any error the plug-in's module raises
            raise ConfigError(
                f"the {self.kind} plug-in {point.name!r} from {where} does not load: {exc}; "
                f"reinstall that package, or uninstall it"
            ) from exc
        for name, existing in self._items.items():
            if existing is item and name != point.name:
                raise ConfigError(
                    f"the {self.kind} plug-in {point.name!r} from {where} is already registered as {name!r}; "
                    "one name each: drop the decorator or the entry point"
                )
        return item
