"""Three-valued (Kleene) logic: met, not met, unknown.

Every rule combines its criteria with these operators, so missing data propagates as
``UNKNOWN`` instead of collapsing into a silent "no":

* ``all_of``: ``NOT_MET`` if any operand is ``NOT_MET``; else ``UNKNOWN`` if any is
  ``UNKNOWN``; else ``MET`` (the empty conjunction is ``MET``).
* ``any_of``: ``MET`` if any operand is ``MET``; else ``UNKNOWN`` if any is ``UNKNOWN``; else
  ``NOT_MET`` (the empty disjunction is ``NOT_MET``).
* ``negate``: swaps ``MET`` and ``NOT_MET``; ``UNKNOWN`` stays ``UNKNOWN``.

The operators ``&``, ``|`` and ``~`` are defined on `Outcome` with the same meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum

from lupus_nephritis.errors import InputError


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
    """Kleene conjunction of ``outcomes``.

    Args:
        outcomes: The outcomes to combine (an empty iterable gives ``MET``).

    Returns:
        ``NOT_MET`` if any outcome is not met, else ``UNKNOWN`` if any is unknown, else
        ``MET``.

    Raises:
        InputError: ``outcomes`` is not iterable or holds something other than an
            `Outcome`.
    """
    unknown = False
    for outcome in _iterate(outcomes):
        if outcome is Outcome.NOT_MET:
            return Outcome.NOT_MET
        if outcome is Outcome.UNKNOWN:
            unknown = True
        elif outcome is not Outcome.MET:
            raise _not_an_outcome(outcome)
    return Outcome.UNKNOWN if unknown else Outcome.MET


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Kleene disjunction of ``outcomes``.

    Args:
        outcomes: The outcomes to combine (an empty iterable gives ``NOT_MET``).

    Returns:
        ``MET`` if any outcome is met, else ``UNKNOWN`` if any is unknown, else ``NOT_MET``.

    Raises:
        InputError: ``outcomes`` is not iterable or holds something other than an
            `Outcome`.
    """
    unknown = False
    for outcome in _iterate(outcomes):
        if outcome is Outcome.MET:
            return Outcome.MET
        if outcome is Outcome.UNKNOWN:
            unknown = True
        elif outcome is not Outcome.NOT_MET:
            raise _not_an_outcome(outcome)
    return Outcome.UNKNOWN if unknown else Outcome.NOT_MET


def negate(outcome: Outcome) -> Outcome:
    """Kleene negation.

    Args:
        outcome: The outcome to negate.

    Returns:
        ``MET`` and ``NOT_MET`` swapped; ``UNKNOWN`` stays ``UNKNOWN``.

    Raises:
        InputError: ``outcome`` is not an `Outcome`.
    """
    if outcome is Outcome.MET:
        return Outcome.NOT_MET
    if outcome is Outcome.NOT_MET:
        return Outcome.MET
    if outcome is Outcome.UNKNOWN:
        return Outcome.UNKNOWN
    raise _not_an_outcome(outcome)


def _iterate(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
    try:
        return iter(outcomes)
    except TypeError:
        raise InputError(
            f"expected an iterable of Outcome, got {type(outcomes).__name__}"
        ) from None


def _not_an_outcome(value: object) -> InputError:
    return InputError(f"expected an Outcome (met / not met / unknown), got {value!r}")


__all__ = ["Outcome", "all_of", "any_of", "negate"]
