"""Typed reading of the tables of a TOML data file; every error names the file and the field."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from budgetkg.errors import BudgetKGError

T = TypeVar("T")
Choice = TypeVar("Choice", bound=str)


class FiguresError(BudgetKGError):
    """A data file of the samples is malformed, lacks a field or holds a value of the wrong kind."""

    def __init__(self, source: Path, field: str, reason: str) -> None:
        self.source = source
        self.field = field
        self.reason = reason
        super().__init__(f"{source}: {field}: {reason}" if field else f"{source}: {reason}")


class Fields:
    """The fields of one TOML table, read by kind.

    Reading a field marks it as known; :meth:`complete` then rejects any field nobody read, so a
    misspelt name is an error rather than a silently ignored line.
    """

    def __init__(self, source: Path, path: str, data: Mapping[str, object]) -> None:
        self.source = source
        self.path = path
        self._data = data
        self._read: set[str] = set()

    def where(self, key: str) -> str:
        """The dotted name of a field of this table, as error messages print it."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, reason: str) -> FiguresError:
        """An error about the field ``key`` of this table (about the table itself when ``key`` is empty)."""
        return FiguresError(self.source, self.where(key) if key else self.path, reason)

    def has(self, key: str) -> bool:
        """Whether the table holds the field ``key``."""
        return key in self._data

    def names(self) -> list[str]:
        """The names of all fields, in the order of the file (all of them count as read)."""
        self._read.update(self._data)
        return list(self._data)

    def _get(self, key: str, kind: type[T], what: str) -> T:
        self._read.add(key)
        if key not in self._data:
            raise self.error(key, "missing")
        value = self._data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"expected {what}, found {value!r}")
        return value

    def text(self, key: str) -> str:
        """A string."""
        return self._get(key, str, "a string")

    def integer(self, key: str) -> int:
        """An integer."""
        return self._get(key, int, "an integer")

    def flag(self, key: str) -> bool:
        """true or false."""
        return self._get(key, bool, "true or false")

    def amount(self, key: str) -> Decimal:
        """An exact amount, written as a string such as ``"12.30"``."""
        text = self._get(key, str, 'an amount written as a string, such as "12.30"')
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self.error(key, f"{text!r} is not a decimal amount") from None
        if not value.is_finite():
            raise self.error(key, f"{text!r} is not a finite amount")
        return value

    def choice(self, key: str, choices: tuple[Choice, ...]) -> Choice:
        """One of ``choices``."""
        value = self.text(key)
        for choice in choices:
            if choice == value:
                return choice
        raise self.error(key, f"{value!r} is none of {', '.join(repr(choice) for choice in choices)}")

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings."""
        items = self._get(key, list, "a list of strings")
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self.error(f"{key}[{index}]", f"expected a string, found {item!r}")
        return tuple(str(item) for item in items)

    def table(self, key: str) -> Fields:
        """A table below this one."""
        return self._fields(self.where(key), self._get(key, dict, "a table"))

    def tables(self, key: str) -> list[Fields]:
        """A list of tables: ``[[key]]`` sections, or a list of inline tables."""
        out: list[Fields] = []
        for index, item in enumerate(self._get(key, list, "a list of tables")):
            if not isinstance(item, dict):
                raise self.error(f"{key}[{index}]", f"expected a table, found {item!r}")
            out.append(self._fields(f"{self.where(key)}[{index}]", item))
        return out

    def complete(self, value: T) -> T:
        """``value``, once every field of the table has been read; an unknown field is an error."""
        unknown = [key for key in self._data if key not in self._read]
        if unknown:
            raise self.error(unknown[0], "unknown field")
        return value

    def _fields(self, path: str, data: dict[object, object]) -> Fields:
        return Fields(self.source, path, {str(key): value for key, value in data.items()})


def read_toml(path: Path) -> Fields:
    """The top-level table of a TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FiguresError(path, "", str(error)) from None
    return Fields(path, "", data)
