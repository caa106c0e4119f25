"""Shared machinery of the flare rule sets: reference selection and the scan over a course.

A flare rule compares each follow-up ("index") visit with a *reference* value of the same
quantity. Which value is the reference is a named rule (`ReferenceRule`), chosen by
the caller through each rule set's ``reference`` option:

* ``baseline``: the course's ``baseline`` visit (fixed for every index visit);
* ``previous``: the last earlier value of that quantity (baseline included);
* ``nadir``: the lowest earlier value of that quantity (baseline included).

The scan evaluates every assessment visit (a visit that carries at least one datum the rule
reads) up to the assessment date, then summarises the per-visit outcomes into one
`Decision` whose verdict is a
`FlareSeverity`. Missing data make a level ``UNKNOWN``;
a course with no flare found and an unknown level somewhere is "not evaluable" unless the
caller picks the named ``measured-only`` policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from typing import Any, Generic, TypeVar

import attrs

from lupus_nephritis.decisions import Criterion, Decision, Evidence, FlareSeverity
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import Measure, TreatmentCourse, Visit
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.timeline import week_date
from lupus_nephritis.units import as_integer

T = TypeVar("T", Fraction, bool)


#: Flag: a flare was found, but an earlier visit could not exclude one (first-flare summary).
FLAG_EARLIER_NOT_EXCLUDED = "earlier-flare-not-excluded"

#: Missing input of a scan with no assessable visit.
MISSING_NO_VISITS = "follow-up visits with the data this rule reads"


class ReferenceRule(str, Enum):
    """How the reference value of a flare comparison is chosen."""

    BASELINE = "baseline"
    PREVIOUS = "previous"
    NADIR = "nadir"


class MissingPolicy(str, Enum):
    """What a course with unknown components but no flare found is called."""

    STRICT = "strict"
    """Not evaluable (a flare cannot be ruled out)."""
    MEASURED_ONLY = "measured-only"
    """'none', judged on the measured data only; flagged and recorded as the policy."""


class CourseSummary(str, Enum):
    """Which flare the course-level verdict reports."""

    FIRST_FLARE = "first-flare"
    WORST = "worst"


def as_course(course: TreatmentCourse | Mapping[str, Any]) -> TreatmentCourse:
    """Validate a plain mapping into a `TreatmentCourse` (models pass through)."""
    if isinstance(course, TreatmentCourse):
        return course
    if isinstance(course, Mapping):
        return TreatmentCourse.model_validate(course)
    raise InputError(f"expected a TreatmentCourse or a mapping, got {type(course).__name__}")


def resolve_at(course: TreatmentCourse, at: date | int | None) -> date | None:
    """The last date included in a scan: a date, a study week (int), or None (no limit).

    A ``datetime`` is reduced to its date. The point must not precede the course start
    (study day 1), and a study week must be ``>= 0`` and fall within the calendar.

    Raises:
        InputError: ``at`` is of another type (a boolean included), a negative week, a week
            beyond the calendar, or a date before the course start.
    """
    if at is None:
        return None
    if isinstance(at, datetime):
        at = at.date()
    if isinstance(at, date):
        if at < course.start_date:
            raise InputError(
                f"at: {at.isoformat()} is before the course start {course.start_date.isoformat()}"
            )
        return at
    week = as_integer(at)
    if week is None:
        raise InputError(f"at: expected a date or a study week number, got {at!r}")
    at = week
    if at < 0:
        raise InputError(f"at: study week must be >= 0, got {at}")
    try:
        return week_date(course.start_date, at)
    except OverflowError:
        raise InputError(
            f"at: study week {at} from {course.start_date.isoformat()} is beyond the calendar"
        ) from None


def assessment_visits(
    course: TreatmentCourse,
    *,
    until: date | None,
    reads: Callable[[Visit], bool],
    after: date | None = None,
) -> tuple[Visit, ...]:
    """Follow-up visits to assess: after ``after`` (or the baseline date), up to ``until``."""
    floor = after
    if floor is None and course.baseline is not None:
        floor = course.baseline.date
    return tuple(
        v
        for v in course.visits
        if reads(v) and (floor is None or v.date > floor) and (until is None or v.date <= until)
    )


def earlier_visits(course: TreatmentCourse, index: Visit) -> list[Visit]:
    """The baseline (if dated earlier) and every course visit dated before ``index``."""
    found: list[Visit] = []
    if course.baseline is not None and course.baseline.date < index.date:
        found.append(course.baseline)
    found.extend(v for v in course.visits if v.date < index.date)
    return found


@attrs.frozen(slots=True)
class Reading(Generic[T]):
    """A value read from a visit (or missing), with where it came from."""

    field: str
    value: T | None
    visit: Visit | None
    given: Measure | None = None
    note: str | None = None

    def evidence(self) -> tuple[Evidence, ...]:
        """Evidence for a criterion (empty when nothing was read)."""
        if self.visit is None or self.value is None:
            return ()
        if self.given is not None:
            return (
                Evidence(
                    self.field,
                    date=self.visit.date,
                    visit_id=self.visit.id,
                    value=self.given.value,
                    unit=self.given.unit,
                    note=self.note,
                ),
            )
        return (
            Evidence(
                self.field,
                date=self.visit.date,
                visit_id=self.visit.id,
                value=self.value,
                note=self.note,
            ),
        )


MeasureGetter = Callable[[Visit], Measure | None]


def measure_reading(field: str, visit: Visit | None, get: MeasureGetter) -> Reading[Fraction]:
    """The canonical value of a measure on ``visit`` (missing when absent)."""
    measure = get(visit) if visit is not None else None
    if measure is None:
        return Reading(field, None, visit)
    return Reading(field, measure.canonical, visit, measure)


def reference_measure(
    course: TreatmentCourse, index: Visit, field: str, get: MeasureGetter, rule: ReferenceRule
) -> Reading[Fraction]:
    """The reference value of a measure for ``index`` under ``rule``."""
    name = f"reference {field}"
    if rule is ReferenceRule.BASELINE:
        reading = measure_reading(name, course.baseline, get)
        return attrs.evolve(reading, note="course baseline")
    candidates = [v for v in earlier_visits(course, index) if get(v) is not None]
    if not candidates:
        return Reading(name, None, None, note=f"no earlier {field}")
    if rule is ReferenceRule.PREVIOUS:
        chosen = candidates[-1]
    else:
        # lowest earlier value; ties go to the latest visit
        chosen = min(reversed(candidates), key=lambda v: _canonical(get(v)))
    reading = measure_reading(name, chosen, get)
    return attrs.evolve(reading, note=f"{rule.value} value")


def _canonical(measure: Measure | None) -> Fraction:
    if measure is None:  # pragma: no cover - filtered by the caller
        raise InputError("missing measure")
    return measure.canonical


FlagGetter = Callable[[Visit], bool | None]


def flag_reading(field: str, visit: Visit | None, get: FlagGetter) -> Reading[bool]:
    """A yes/no finding on ``visit`` (missing when absent)."""
    value = get(visit) if visit is not None else None
    return Reading(field, value, visit)


def reference_flag(
    course: TreatmentCourse, index: Visit, field: str, get: FlagGetter, rule: ReferenceRule
) -> Reading[bool]:
    """The reference of a yes/no finding (nadir = absent at any earlier visit)."""
    name = f"reference {field}"
    if rule is ReferenceRule.BASELINE:
        return attrs.evolve(flag_reading(name, course.baseline, get), note="course baseline")
    candidates = [v for v in earlier_visits(course, index) if get(v) is not None]
    if not candidates:
        return Reading(name, None, None, note=f"no earlier {field}")
    if rule is ReferenceRule.PREVIOUS:
        chosen = candidates[-1]
    else:
        absent = [v for v in candidates if get(v) is False]
        chosen = absent[-1] if absent else candidates[-1]
    return attrs.evolve(flag_reading(name, chosen, get), note=f"{rule.value} value")


# --------------------------------------------------------------------------- summarising


@attrs.frozen(slots=True)
class VisitResult:
    """One assessed visit: its explained criterion and the outcome of each flare level."""

    visit: Visit
    criterion: Criterion
    levels: tuple[tuple[FlareSeverity, Outcome], ...]
    missing: tuple[tuple[FlareSeverity, tuple[str, ...]], ...]

    def missing_above(self, severity: FlareSeverity | None) -> tuple[str, ...]:
        """Missing inputs of the levels more severe than ``severity`` (all if None)."""
        names: list[str] = []
        for level, items in self.missing:
            if level is severity:
                break
            names.extend(items)
        return tuple(dict.fromkeys(names))

    @property
    def met(self) -> FlareSeverity | None:
        """The most severe level met at this visit (levels are ordered most severe first)."""
        for severity, outcome in self.levels:
            if outcome is Outcome.MET:
                return severity
        return None

    def unknown_above(self, severity: FlareSeverity | None) -> bool:
        """Whether a level more severe than ``severity`` is unknown (all levels if None)."""
        for level, outcome in self.levels:
            if level is severity:
                return False
            if outcome is Outcome.UNKNOWN:
                return True
        return False


def visit_criterion(
    visit: Visit, levels: Sequence[Criterion], *, source_id: str, ordinal: int
) -> Criterion:
    """A composite criterion for one visit: met when any flare level is met."""
    from lupus_nephritis.logic import any_of

    outcome = any_of(c.outcome for c in levels)
    met = next((c.id for c in levels if c.outcome is Outcome.MET), None)
    label = f"Visit on {visit.date.isoformat()}"
    if visit.id:
        label += f" ({visit.id})"
    return Criterion(
        id=f"visit-{ordinal}",
        label=label,
        outcome=outcome,
        observed=met,
        comparator="any",
        source_id=source_id,
        evidence=(Evidence("visit", date=visit.date, visit_id=visit.id),),
        children=tuple(levels),
    )


def missing_of(criteria: Iterable[Criterion], visit: Visit) -> tuple[str, ...]:
    """Names of the data whose absence left leaf criteria unknown at ``visit``."""
    names: list[str] = []

    def walk(c: Criterion) -> None:
        if c.children:
            for child in c.children:
                walk(child)
            return
        if c.outcome is Outcome.UNKNOWN and c.note and c.note.startswith("missing"):
            what = c.note.removeprefix("missing").strip(": ") or c.id
            names.append(f"{what} (visit {visit.date.isoformat()})")

    for criterion in criteria:
        walk(criterion)
    return tuple(dict.fromkeys(names))


def summarise(
    rule_set: RuleSet,
    results: Sequence[VisitResult],
    *,
    options: Mapping[str, Any],
    policy: MissingPolicy,
    summary: CourseSummary,
    assessed_on: date | None,
    extra_flags: Iterable[str] = (),
    extra_details: Iterable[tuple[str, Any]] = (),
    extra_missing: Iterable[str] = (),
    empty_verdict: FlareSeverity = FlareSeverity.NOT_EVALUABLE,
) -> Decision:
    """Turn per-visit results into the course-level flare decision.

    Args:
        rule_set: The rule set deciding (id, version, kind, sources).
        results: One result per assessed visit, in date order.
        options: The resolved options (recorded in the decision).
        policy: What a course with unknowns and no flare is called.
        summary: Whether the verdict reports the first flare or the worst one.
        assessed_on: Last date included in the scan.
        extra_flags: Flags decided by the caller.
        extra_details: Details decided by the caller.
        extra_missing: Missing inputs decided by the caller.
        empty_verdict: Verdict when no visit could be assessed.
    """
    flags: list[str] = list(extra_flags)
    missing: list[str] = list(extra_missing)
    flare_results = [r for r in results if r.met is not None]
    details: list[tuple[str, Any]] = [("visits_assessed", len(results))]
    verdict: FlareSeverity
    if not results:
        verdict = empty_verdict
        if empty_verdict is FlareSeverity.NOT_EVALUABLE:
            missing.append(MISSING_NO_VISITS)
    elif not flare_results:
        for result in results:
            missing.extend(result.missing_above(None))
        any_unknown = any(r.unknown_above(None) for r in results)
        if not any_unknown:
            verdict = FlareSeverity.NONE
        elif policy is MissingPolicy.MEASURED_ONLY:
            verdict = FlareSeverity.NONE
            flags.append("unmeasured-components-treated-as-absent")
        else:
            verdict = FlareSeverity.NOT_EVALUABLE
    else:
        first = flare_results[0]
        order = [severity for severity, _ in first.levels]
        worst = min((r.met for r in flare_results if r.met is not None), key=order.index)
        deciding = (
            first
            if summary is CourseSummary.FIRST_FLARE
            else next(r for r in flare_results if r.met is worst)
        )
        verdict = deciding.met or FlareSeverity.NOT_EVALUABLE
        details += [
            ("first_flare_on", first.visit.date.isoformat()),
            ("first_flare_severity", first.met.value if first.met else None),
            ("worst_severity", worst.value),
            ("deciding_visit_date", deciding.visit.date.isoformat()),
            ("deciding_visit_id", deciding.visit.id),
            ("flare_visits", len(flare_results)),
        ]
        if summary is CourseSummary.FIRST_FLARE:
            if deciding.unknown_above(verdict):
                flags.append("higher-severity-not-excluded")
                missing.extend(deciding.missing_above(verdict))
            earlier = [r for r in results if r.visit.date < first.visit.date]
            if any(r.unknown_above(None) for r in earlier):
                flags.append(FLAG_EARLIER_NOT_EXCLUDED)
                for result in earlier:
                    missing.extend(result.missing_above(None))
        elif any(r.unknown_above(verdict) for r in results):
            flags.append("higher-severity-not-excluded")
            for result in results:
                missing.extend(result.missing_above(verdict))
    details.extend(extra_details)
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=verdict,
        criteria=tuple(r.criterion for r in results),
        missing_inputs=tuple(dict.fromkeys(missing)),
        flags=tuple(dict.fromkeys(flags)),
        policy=policy.value,
        options=tuple(sorted((k, _option_value(v)) for k, v in options.items())),
        assessed_on=assessed_on,
        details=tuple(details),
        source_ids=rule_set.source_ids,
    )


def _option_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


__all__ = [
    "FLAG_EARLIER_NOT_EXCLUDED",
    "MISSING_NO_VISITS",
    "CourseSummary",
    "MissingPolicy",
    "Reading",
    "ReferenceRule",
    "VisitResult",
    "as_course",
    "assessment_visits",
    "earlier_visits",
    "flag_reading",
    "measure_reading",
    "reference_flag",
    "reference_measure",
    "resolve_at",
    "summarise",
    "visit_criterion",
]
