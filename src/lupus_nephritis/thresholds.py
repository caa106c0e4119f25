"""Cited thresholds and the shared primitives every rule combines.

A `Threshold` is data: an id, a label, a comparator, a value *in the unit its source
states*, the quantity, and the source id. `Threshold.check` converts an observed
canonical value exactly into the threshold's unit, compares with exact rational arithmetic
(see the boundary policy in `lupus_nephritis.units`) and returns an explained
`Criterion`. A missing value gives ``UNKNOWN``.

Percentage changes are defined once here: `percent_reduction`, `percent_change`
and `percent_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Literal

import attrs

from lupus_nephritis._convert import to_enum
from lupus_nephritis.decisions import Criterion, Evidence, Scalar
from lupus_nephritis.logic import Outcome, all_of, any_of
from lupus_nephritis.units import Quantity, factor, spec_for, to_decimal, to_fraction


class Comparator(str, Enum):
    """A comparison between an observed value (left) and a threshold (right)."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    def holds(self, observed: Fraction, threshold: Fraction) -> bool:
        """Exact comparison ``observed <op> threshold``."""
        if self is Comparator.LT:
            return observed < threshold
        if self is Comparator.LE:
            return observed <= threshold
        if self is Comparator.GT:
            return observed > threshold
        return observed >= threshold

    @property
    def words(self) -> str:
        """The comparator in words (for documentation)."""
        return {
            Comparator.LT: "below",
            Comparator.LE: "at or below",
            Comparator.GT: "above",
            Comparator.GE: "at or above",
        }[self]


def _decimal(value: object) -> Decimal:
    return to_decimal(value, what="threshold")


def _to_comparator(value: object) -> Comparator:
    return to_enum(Comparator, value)


def _to_quantity(value: object) -> Quantity:
    return to_enum(Quantity, value)


@attrs.frozen(slots=True)
class Threshold:
    """One cited threshold.

    Attributes:
        id: Criterion id this threshold produces (stable; traces and docs key on it).
        label: Human label, e.g. ``"UPCR below 0.5 g/g"``.
        comparator: How the observed value is compared with ``value``.
        value: The threshold in ``unit``, exactly as the source states it.
        unit: The unit the source states (UCUM code of ``quantity``).
        quantity: The quantity compared.
        source_id: Source of the threshold.
        note: Paraphrase of the source wording, ambiguities, or the reading chosen.
    """

    id: str
    label: str
    comparator: Comparator = attrs.field(converter=_to_comparator)
    value: Decimal = attrs.field(converter=_decimal)
    unit: str
    quantity: Quantity = attrs.field(converter=_to_quantity)
    source_id: str
    note: str | None = None
    _canonical: Fraction = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        spec_for(self.quantity).resolve_unit(self.unit)
        # cache the exact canonical value: comparisons then cost one Fraction comparison
        object.__setattr__(
            self, "_canonical", Fraction(self.value) * factor(self.quantity, self.unit)
        )

    @property
    def canonical(self) -> Fraction:
        """The threshold value in the quantity's canonical unit."""
        return self._canonical

    def in_unit(self, canonical: Fraction) -> Fraction:
        """Convert a canonical value exactly into this threshold's unit."""
        return canonical / factor(self.quantity, self.unit)

    def holds(self, canonical: Fraction) -> bool:
        """Whether a canonical value satisfies the threshold (exact comparison).

        Comparing ``canonical`` with the threshold's canonical value is exactly the same as
        comparing both in the threshold's unit (the conversion factor is a positive rational).
        """
        return self.comparator.holds(canonical, self._canonical)

    def outcome(self, canonical: Fraction | None) -> Outcome:
        """Three-valued outcome for a canonical value (``None`` -> ``UNKNOWN``)."""
        if canonical is None:
            return Outcome.UNKNOWN
        return Outcome.MET if self.holds(canonical) else Outcome.NOT_MET

    def check(
        self,
        canonical: Fraction | None,
        *,
        evidence: Iterable[Evidence] = (),
        note: str | None = None,
        id: str | None = None,
        label: str | None = None,
    ) -> Criterion:
        """Evaluate the threshold and explain it as a `Criterion`.

        Args:
            canonical: Observed value in the quantity's canonical unit, or ``None`` if missing.
            evidence: The measurements the value came from.
            note: Explanation to attach (e.g. why the value is missing).
            id: Override the criterion id (when one threshold serves several criteria).
            label: Override the label.
        """
        observed = None if canonical is None else self.in_unit(canonical)
        return Criterion(
            id=id or self.id,
            label=label or self.label,
            outcome=self.outcome(canonical),
            observed=observed,
            observed_unit=self.unit,
            comparator=self.comparator.value,
            threshold=self.value,
            threshold_unit=self.unit,
            source_id=self.source_id,
            evidence=tuple(evidence),
            note=note if note is not None else (None if canonical is not None else "missing"),
        )

    def describe(self) -> str:
        """``"UPCR < 0.5 g/g"``-style text for documentation."""
        return f"{self.comparator.value} {_plain(self.value)} {self.unit}"


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------------------- percentages


def _exact(value: object, what: str) -> Fraction | None:
    """``value`` as an exact Fraction under the boundary policy (``None`` stays ``None``)."""
    if value is None or type(value) is Fraction:
        return value
    return to_fraction(value, what=what)


def percent_reduction(baseline: Fraction | None, current: Fraction | None) -> Fraction | None:
    """Reduction from ``baseline`` to ``current`` in percent of ``baseline``.

    ``(baseline - current) / baseline * 100``, exact. ``None`` when either value is missing or
    the baseline is zero (a reduction from zero is undefined, not "0%").

    Args:
        baseline: The reference value (a Fraction; other numbers and numeric strings are
            read exactly under the boundary policy), or ``None`` when missing.
        current: The later value, same rules, or ``None`` when missing.

    Returns:
        The reduction in percent (negative for a rise), or ``None`` when undefined.

    Raises:
        InputError: A value is not a finite number.
    """
    baseline = _exact(baseline, "baseline")
    current = _exact(current, "current value")
    if baseline is None or current is None or baseline == 0:
        return None
    return (baseline - current) / baseline * 100


def percent_change(baseline: Fraction | None, current: Fraction | None) -> Fraction | None:
    """Signed change from ``baseline`` in percent: ``(current - baseline) / baseline * 100``.

    Args:
        baseline: The reference value (as in `percent_reduction`), or ``None``.
        current: The later value, or ``None``.

    Returns:
        The signed change in percent (positive for a rise), or ``None`` when undefined.

    Raises:
        InputError: A value is not a finite number.
    """
    reduction = percent_reduction(baseline, current)
    return None if reduction is None else -reduction


def percent_of(baseline: Fraction | None, current: Fraction | None) -> Fraction | None:
    """``current`` as a percentage of ``baseline`` (``current / baseline * 100``).

    Args:
        baseline: The reference value (as in `percent_reduction`), or ``None``.
        current: The later value, or ``None``.

    Returns:
        ``current`` in percent of ``baseline``, exact, or ``None`` when either is missing
        or the baseline is zero.

    Raises:
        InputError: A value is not a finite number.
    """
    baseline = _exact(baseline, "baseline")
    current = _exact(current, "current value")
    if baseline is None or current is None or baseline == 0:
        return None
    return current / baseline * 100


def ratio(baseline: Fraction | None, current: Fraction | None) -> Fraction | None:
    """``current / baseline`` (``None`` when undefined), e.g. for "2-fold rise" rules.

    Args:
        baseline: The reference value (as in `percent_reduction`), or ``None``.
        current: The later value, or ``None``.

    Returns:
        The exact ratio, or ``None`` when either is missing or the baseline is zero.

    Raises:
        InputError: A value is not a finite number.
    """
    baseline = _exact(baseline, "baseline")
    current = _exact(current, "current value")
    if baseline is None or current is None or baseline == 0:
        return None
    return current / baseline


# ---------------------------------------------------------------------------- composites


def flag_criterion(
    id: str,
    label: str,
    value: bool | None,
    *,
    required: bool,
    source_id: str | None,
    evidence: Iterable[Evidence] = (),
    note: str | None = None,
) -> Criterion:
    """A yes/no criterion: met when ``value == required``; unknown when ``value`` is None.

    Example: "no rescue therapy" is ``flag_criterion("no-rescue", ..., rescue_given,
    required=False, ...)``.
    """
    if value is None:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.MET if value is required else Outcome.NOT_MET
    return Criterion(
        id=id,
        label=label,
        outcome=outcome,
        observed=value,
        comparator="==",
        threshold=required,
        source_id=source_id,
        evidence=tuple(evidence),
        note=note if note is not None else (None if value is not None else "missing"),
    )


def combine(
    id: str,
    label: str,
    children: Sequence[Criterion],
    *,
    mode: Literal["all", "any"],
    source_id: str | None = None,
    note: str | None = None,
) -> Criterion:
    """A composite criterion: Kleene AND (``"all"``) or OR (``"any"``) of its children."""
    outcome = (
        all_of(c.outcome for c in children)
        if mode == "all"
        else any_of(c.outcome for c in children)
    )
    return Criterion(
        id=id,
        label=label,
        outcome=outcome,
        comparator=mode,
        source_id=source_id,
        children=tuple(children),
        note=note,
    )


def outcome_criterion(
    id: str,
    label: str,
    outcome: Outcome,
    *,
    source_id: str | None,
    observed: Scalar = None,
    evidence: Iterable[Evidence] = (),
    note: str | None = None,
) -> Criterion:
    """A criterion whose outcome was decided by a non-threshold rule (explained in ``note``)."""
    return Criterion(
        id=id,
        label=label,
        outcome=outcome,
        observed=observed,
        source_id=source_id,
        evidence=tuple(evidence),
        note=note,
    )


# ---------------------------------------------------------------------------- options


@attrs.frozen(slots=True)
class Option:
    """A rule-set option that a source leaves open, with its documented default.

    Attributes:
        name: Keyword the caller passes (e.g. ``"stability_band"``).
        default: The default value.
        description: What the option decides, and why the default was chosen.
        choices: Allowed values, when the option is categorical.
        source_id: The source whose ambiguity the option resolves, if any.
    """

    name: str
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None
    source_id: str | None = None

    def validate(self, value: Any) -> Any:
        """Return ``value`` if acceptable.

        Raises:
            OptionError: ``value`` is not one of ``choices``.
        """
        from lupus_nephritis.errors import OptionError

        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise OptionError(f"option {self.name}={value!r} is not one of: {allowed}")
        return value


def resolve_options(
    declared: Sequence[Option], given: dict[str, Any], *, rule_set_id: str
) -> dict[str, Any]:
    """Merge caller options over declared defaults, rejecting unknown names and bad values."""
    from lupus_nephritis.errors import OptionError

    known = {o.name: o for o in declared}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise OptionError(
            f"{rule_set_id}: unknown option(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known)) or 'none'}"
        )
    resolved: dict[str, Any] = {}
    for option in declared:
        resolved[option.name] = option.validate(given.get(option.name, option.default))
    return resolved


def require_fraction(value: object, *, what: str) -> Fraction:
    """Exact fraction from a number, raising `InputError` on bad input."""
    if isinstance(value, Fraction):
        return value
    return Fraction(to_decimal(value, what=what))


__all__ = [
    "Comparator",
    "Option",
    "Threshold",
    "combine",
    "flag_criterion",
    "outcome_criterion",
    "percent_change",
    "percent_of",
    "percent_reduction",
    "ratio",
    "require_fraction",
    "resolve_options",
]
