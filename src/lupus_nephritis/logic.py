"""Three-valued (Kleene) logic: met, not met, unknown.

Every rule combines its criteria with these operators, so missing data propagates as
``UNKNOWN`` instead of collapsing into a silent "no":

* ``all_of``: ``NOT_MET`` if any operand is ``NOT_MET``; else ``UNKNOWN`` if any is
  ``UNKNOWN``; else ``MET`` (the empty conjunction is ``MET``).
* ``any_of``: ``MET`` if any operand is ``MET``; else ``UNKNOWN`` if any is ``UNKNOWN``; else
  ``NOT_MET`` (the empty disjunction is ``NOT_MET``).
* ``negate``: swaps ``MET`` and ``NOT_MET``; ``UNKNOWN`` stays ``UNKNOWN``.

The operators ``&``, ``|`` and ``~`` are defined on :class:`Outcome` with the same meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Outcome(str, Enum):
    """The outcome of one criterion: met, not met, or unknown (not evaluable)."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    def __and__(self, other: object) -> Outcome:
        if not isinstance(other, Outcome):
            return NotImplemented
        return all_of((self, other))

    def __or__(self, other: object) -> Outcome:
        if not isinstance(other, Outcome):
            return NotImplemented
        return any_of((self, other))

    def __invert__(self) -> Outcome:
        return negate(self)

    @property
    def is_known(self) -> bool:
        """True unless the outcome is ``UNKNOWN``."""
        return self is not Outcome.UNKNOWN

    @classmethod
    def from_bool(cls, value: bool | None) -> Outcome:
        """``True`` -> ``MET``, ``False`` -> ``NOT_MET``, ``None`` -> ``UNKNOWN``."""
        if value is None:
            return cls.UNKNOWN
        return cls.MET if value else cls.NOT_MET

    def __str__(self) -> str:
        return self.value.replace("_", " ")


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene conjunction of ``outcomes``."""
    unknown = False
    for outcome in outcomes:
        if outcome is Outcome.NOT_MET:
            return Outcome.NOT_MET
        if outcome is Outcome.UNKNOWN:
            unknown = True
    return Outcome.UNKNOWN if unknown else Outcome.MET


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene disjunction of ``outcomes``."""
    unknown = False
    for outcome in outcomes:
        if outcome is Outcome.MET:
            return Outcome.MET
        if outcome is Outcome.UNKNOWN:
            unknown = True
    return Outcome.UNKNOWN if unknown else Outcome.NOT_MET


def negate(outcome: Outcome) -> Outcome:
    """Kleene negation."""
    if outcome is Outcome.MET:
        return Outcome.NOT_MET
    if outcome is Outcome.NOT_MET:
        return Outcome.MET
    return Outcome.UNKNOWN


__all__ = ["Outcome", "all_of", "any_of", "negate"]
