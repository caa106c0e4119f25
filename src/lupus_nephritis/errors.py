"""The package's exception hierarchy.

Every error raised on purpose by ``lupus_nephritis`` derives from `LupusNephritisError`,
so one ``except LupusNephritisError`` catches them all; never a bare ``TypeError``, ``KeyError``
or ``ZeroDivisionError``.

Input that fails an input model (a course, a visit, a measurement with a bad unit...) raises
`InputValidationError`: a library error that is *also* a pydantic ``ValidationError``,
so code written against either family keeps working. It carries the pydantic details
(``errors()``: location, message, type, input) and the field path
(`field`).
When the first problem is a unit or a plausibility problem it is the more specific
`UnitValidationError` or `ImplausibleValueValidationError` (caught by
``except UnitError`` / ``except ImplausibleValueError`` too).

Each class carries a stable ``code`` (used in messages and documentation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic_core import ValidationError as _PydanticValidationError

if TYPE_CHECKING:  # pragma: no cover
    from pydantic_core import InitErrorDetails


class LupusNephritisError(Exception):
    """Base class of every error the package raises on purpose."""

    code: str = "ln-error"


class InputError(LupusNephritisError, ValueError):
    """An input value is invalid: wrong type, not finite, negative, or outside its domain."""

    code = "invalid-input"


class UnitError(InputError):
    """A unit is not accepted for the quantity, or two quantities were confused."""

    code = "invalid-unit"


class ImplausibleValueError(InputError):
    """A value lies outside the plausible range of its quantity (often a unit mix-up)."""

    code = "implausible-value"


class OutOfDomainError(InputError):
    """An equation or rule was asked to work outside its validated domain (e.g. age range)."""

    code = "out-of-domain"


class UnknownRuleSetError(LupusNephritisError, LookupError):
    """No rule set is registered under the requested id (or id and version)."""

    code = "unknown-rule-set"


class OptionError(LupusNephritisError, ValueError):
    """An option passed to a rule set is unknown or has an invalid value."""

    code = "invalid-option"


class UnknownCriterionError(LupusNephritisError, KeyError):
    """A decision has no criterion with the requested id (also a ``KeyError``)."""

    code = "unknown-criterion"


class InputValidationError(InputError, _PydanticValidationError):
    """An input failed validation by an input model (also a pydantic ``ValidationError``).

    Raised by the input models' constructors and ``model_validate*`` methods, hence by every
    public function that accepts a mapping. ``errors()`` gives pydantic's details (``loc``,
    ``msg``, ``type``, ``input``, ``ctx``); `field` is the path of the first problem.
    Build one with `from_pydantic`, not directly.
    """

    code = "invalid-input-model"

    @property
    def fields(self) -> tuple[str, ...]:
        """Dotted paths of every problem, e.g. ``("visits.0.upcr",)`` (``""`` = the root)."""
        return tuple(_dotted(error.get("loc", ())) for error in self.errors())

    @property
    def field(self) -> str:
        """Dotted path of the first problem (``""`` when the whole input is at fault)."""
        fields = self.fields
        return fields[0] if fields else ""

    def __str__(self) -> str:
        return _PydanticValidationError.__str__(self)


class UnitValidationError(InputValidationError, UnitError):
    """An input model rejected a unit (also a `UnitError` and a pydantic error)."""

    code = "invalid-unit"


class ImplausibleValueValidationError(InputValidationError, ImplausibleValueError):
    """An input model rejected an implausible value (often a unit mix-up)."""

    code = "implausible-value"


def _dotted(loc: object) -> str:
    if not isinstance(loc, (tuple, list)):
        return str(loc)
    return ".".join(str(part) for part in loc)


def _error_class(errors: list[Any]) -> type[InputValidationError]:
    for error in errors[:1]:
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, UnitError):
            return UnitValidationError
        if isinstance(cause, ImplausibleValueError):
            return ImplausibleValueValidationError
    return InputValidationError


def from_pydantic(error: _PydanticValidationError) -> InputValidationError:
    """The library error for a pydantic ``ValidationError`` (returned as is if it is one).

    Args:
        error: The error pydantic raised.

    Returns:
        An `InputValidationError` (or subclass) with the same title and details.
    """
    if isinstance(error, InputValidationError):
        return error
    details = error.errors(include_url=False)
    cls = _error_class(details)
    line_errors: list[Any] = []
    for detail in details:
        line: dict[str, Any] = {
            "type": detail["type"],
            "loc": tuple(detail.get("loc", ())),
            "input": detail.get("input"),
        }
        if "ctx" in detail:
            line["ctx"] = detail["ctx"]
        line_errors.append(line)
    try:
        return cls.from_exception_data(error.title, cast("list[InitErrorDetails]", line_errors))
    except Exception:
        fallback = [
            {
                "type": "value_error",
                "loc": tuple(d.get("loc", ())),
                "input": d.get("input"),
                "ctx": {"error": ValueError(d.get("msg", "invalid"))},
            }
            for d in details
        ]
        return cls.from_exception_data(error.title, cast("list[InitErrorDetails]", fallback))


__all__ = [
    "ImplausibleValueError",
    "ImplausibleValueValidationError",
    "InputError",
    "InputValidationError",
    "LupusNephritisError",
    "OptionError",
    "OutOfDomainError",
    "UnitError",
    "UnitValidationError",
    "UnknownCriterionError",
    "UnknownRuleSetError",
    "from_pydantic",
]
