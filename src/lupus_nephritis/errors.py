"""The package's exception hierarchy.

Every error raised on purpose by ``lupus_nephritis`` derives from :class:`LupusNephritisError`.
Bad input to a public function raises either a pydantic ``ValidationError`` (when it passes
through an input model) or one of the classes below; never a bare ``TypeError``, ``KeyError``
or ``ZeroDivisionError``.

Each class carries a stable ``code`` (used in messages and documentation).
"""

from __future__ import annotations


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


__all__ = [
    "ImplausibleValueError",
    "InputError",
    "LupusNephritisError",
    "OptionError",
    "OutOfDomainError",
    "UnitError",
    "UnknownCriterionError",
    "UnknownRuleSetError",
]
