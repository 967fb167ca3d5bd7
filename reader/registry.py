"""A registry: named records in registration order, as sacrebleu keeps its ``METRICS``.

The input formats, the output formats and the engines are each one ``Registry``; what
offers a choice (the CLI's ``choices``, messages naming the choices) reads ``names()``, a
live view, so a record registered later is a choice too.
"""

from __future__ import annotations

from typing import Generic, Iterator, Sequence, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self) -> None:
        self._records: dict[str, T] = {}

    def register(self, name: str, record: T) -> T:
        """Add ``record`` as ``name`` (replacing one of that name)."""
        self._records[name] = record
        return record

    def unregister(self, name: str) -> None:
        self._records.pop(name, None)

    def get(self, name: str) -> T | None:
        return self._records.get(name)

    def records(self) -> tuple[T, ...]:
        return tuple(self._records.values())

    def names(self, *first: str) -> Sequence[str]:
        """The names, live, after ``first`` (a choice that is no record, such as ``auto``)."""
        return _Names(self._records, first)


class _Names(Sequence[str]):
    def __init__(self, records: dict[str, object], first: tuple[str, ...]) -> None:
        self._records, self._first = records, first

    def _names(self) -> tuple[str, ...]:
        return (*self._first, *self._records)

    def __getitem__(self, i):  # type: ignore[override]
        return self._names()[i]

    def __len__(self) -> int:
        return len(self._first) + len(self._records)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._first or name in self._records

    def __repr__(self) -> str:
        return repr(self._names())
