"""A small typed registry for plug-ins (extractors, sinks).

    >>> things: Registry[int] = Registry("thing")
    >>> @things.register("one")
    ... def one() -> int: return 1
    >>> things.get("two")
    Traceback (most recent call last):
    kg.errors.UnknownPluginError: no thing named 'two'; available: one
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.errors import UnknownPluginError

__all__ = ["Registry"]




class Registry[T]:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def add(item: T) -> T:
            if name in self._items:
                raise ValueError(f"a {self.kind} named {name!r} is already registered")
            self._items[name] = item
            return item

        return add

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            available = ", ".join(sorted(self._items)) or "none"
            raise UnknownPluginError(f"no {self.kind} named {name!r}; available: {available}") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._items
