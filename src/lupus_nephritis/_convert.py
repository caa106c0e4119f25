"""Small converters shared by the core's attrs classes (documented errors on bad values)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from lupus_nephritis.errors import InputError

E = TypeVar("E", bound=Enum)


def to_enum(enum_cls: type[E], value: object) -> E:
    """``enum_cls(value)``, raising `InputError` (listing the choices) on a bad value."""
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(member.value) for member in enum_cls)
        raise InputError(
            f"{value!r} is not a valid {enum_cls.__name__}; choices: {choices}"
        ) from None
