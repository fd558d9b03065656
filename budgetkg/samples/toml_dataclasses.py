"""Reading TOML tables into frozen dataclasses, field by field, by the type each field declares.

A field the table leaves out takes the dataclass's default; without one it is an error.  The types
read are ``str``, ``int``, ``bool``, ``Decimal`` (written as a string), ``Literal`` choices, ``X | None``,
``tuple[str, ...]``, fixed ``tuple[str, str, …]``, dataclasses and ``tuple[<dataclass>, ...]``.  A
``ValueError`` the dataclass raises on construction becomes an error naming the table.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeVar, get_args, get_origin, get_type_hints

from budgetkg.samples.toml_fields import Fields

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")

FieldReader = Callable[[Fields, str], object]
"""Reads one field of a table in a way of its own (given the table and the field's name)."""


def read_dataclass(kind: type[D], fields: Fields, readers: Mapping[str, FieldReader] | None = None) -> D:
    """A ``kind`` from the table ``fields``; ``readers`` read the fields named in their own way."""
    readers = readers or {}
    hints = get_type_hints(kind)
    values: dict[str, object] = {}
    for field in dataclasses.fields(kind):
        if field.name in readers:
            values[field.name] = readers[field.name](fields, field.name)
        elif fields.has(field.name) or not _has_default(field):
            values[field.name] = read_value(fields, field.name, hints[field.name])
    make: Callable[..., D] = kind
    try:
        value = make(**values)
    except ValueError as error:
        raise fields.error("", str(error)) from None
    return fields.complete(value)


def _has_default(field: dataclasses.Field[object]) -> bool:
    return field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING


def read_value(fields: Fields, key: str, kind: object) -> object:
    """The field ``key`` of ``fields``, read as the type ``kind``."""
    simple: dict[object, FieldReader] = {
        str: Fields.text,
        int: Fields.integer,
        bool: Fields.flag,
        Decimal: Fields.amount,
    }
    if kind in simple:
        return simple[kind](fields, key)
    origin, arguments = get_origin(kind), get_args(kind)
    if origin is Literal:
        return fields.choice(key, tuple(str(argument) for argument in arguments))
    if origin is types.UnionType and type(None) in arguments:
        (present,) = (argument for argument in arguments if argument is not type(None))
        return read_value(fields, key, present) if fields.has(key) else None
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return read_dataclass(kind, fields.table(key))
    if origin is tuple and arguments[-1:] == (Ellipsis,):
        item = arguments[0]
        if item is str:
            return fields.texts(key)
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return tuple(read_dataclass(item, table) for table in fields.tables(key))
    if origin is tuple and all(argument is str for argument in arguments):
        texts = fields.texts(key)
        if len(texts) != len(arguments):
            raise fields.error(key, f"expected {len(arguments)} strings, found {len(texts)}")
        return texts
    raise TypeError(f"no way to read {kind!r} from TOML")
