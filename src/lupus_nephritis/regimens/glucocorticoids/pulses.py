"""Intravenous methylprednisolone pulse courses checked against a schedule's pulse regimens.

A schedule's `PulseSpec` states the
pulse regimen as its source does: a per-dose range (``daily_min`` / ``daily_max``), a number
of pulse days (``min_days`` / ``max_days``), a total over the course (``total_min`` /
``total_max``), the study days the pulses fall on (``first_day`` / ``last_day``), whether they
are consecutive, the body-weight band the regimen is for, and whether it is optional.

How the pulse course is read from dose records
----------------------------------------------
* The **window** runs from ``pulse_lookback_days`` days before study day 1 to study day
  ``pulse_window_days`` (options; the sources state no window). Only the window's records are
  the initial pulse course; pulses given later (e.g. for a flare) are not part of it.
* A **pulse day** is a day covered by an intravenous record of the pulsed drug
  (methylprednisolone in every source); its dose is the sum of those records' daily doses, in
  mg of that drug (the sources state pulse doses in methylprednisolone, not in prednisone
  equivalents). Intravenous records of another glucocorticoid are not counted (flag
  ``iv-glucocorticoid-not-pulsed-drug``).
* A window day without any dose record is **unknown** unless the records are complete; days
  after the assessment day are **not yet observed** (flag ``pulse-window-open``).

Three-valued outcomes
---------------------
A criterion is decided by the known days when they settle it whatever the unknown days hold:
an upper bound (per-dose maximum, total maximum, most days) broken by known pulses is not met;
a per-dose minimum broken by a known pulse is not met; a total minimum or a fewest-days bound
reached by known pulses is met. Otherwise, while a day is unknown or not yet observed, the
criterion is unknown. With no pulse at all, per-dose bounds hold vacuously, and an optional
regimen's lower bounds are met ("none given"); option ``pulse_requirement='optional'`` reads
every regimen so (by default a regimen is optional only where its source says so).

Verdict (`PulseStatus`) of one regimen: ``above_range`` if an upper bound is broken,
else ``below_range`` if a lower bound is, else ``outside_days`` if a pulse falls outside the
stated study days or the pulses are not consecutive where the source says they are, else
``not_evaluable`` if a criterion is unknown, else ``no_pulses`` when none was given, else
``within_range``. Regimens for a weight band apply by the body weight; with the weight
unknown, the verdict stands only when every candidate regimen gives the same one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.decisions import Criterion, Evidence
from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.logic import Outcome, all_of
from lupus_nephritis.models import GlucocorticoidDose
from lupus_nephritis.regimens.glucocorticoids.schedule import PulseSpec
from lupus_nephritis.steroids import Glucocorticoid
from lupus_nephritis.thresholds import Threshold

PULSE_COURSE_CRITERION = "pulse-course"
"""Id of the composite criterion a taper check adds for the pulse course."""

PULSE_CHECK_NOTE = (
    "Pulse course (since 1.1.0): the intravenous methylprednisolone records of the window "
    "(options pulse_window_days, default study days 1-14, and pulse_lookback_days, default 0) "
    "are checked against the pulse regimen (required or optional as its source states; option "
    "pulse_requirement='optional' makes none at all acceptable): each pulse day's dose (mg of "
    "methylprednisolone, "
    "not prednisone equivalents), the number of pulse days, the total, the stated study days "
    "and consecutive days. The result is the criterion 'pulse-course' and the details "
    "pulse_status, pulse_days and pulse_total_mg; it does not change the verdict on the oral "
    "dose (a pulse problem is flagged 'pulse-course-<status>'). check_glucocorticoid_pulses "
    "gives it as its own decision."
)
"""Shared docs note of the schedules that check pulses."""


class PulseStatus(str, Enum):
    """Verdict of a pulse-course check."""

    WITHIN_RANGE = "within_range"
    """Every stated bound of the pulse regimen holds."""
    ABOVE_RANGE = "above_range"
    """A per-dose maximum, the total maximum or the most pulse days is exceeded."""
    BELOW_RANGE = "below_range"
    """A per-dose minimum, the total minimum or the fewest pulse days is not reached."""
    OUTSIDE_DAYS = "outside_days"
    """A pulse falls outside the stated study days, or the pulses are not consecutive."""
    NO_PULSES = "no_pulses"
    """No pulse was given, and the regimen does not require one (optional, or no minimum)."""
    NOT_EVALUABLE = "not_evaluable"
    """Missing records or weight, or days not yet observed, leave the verdict open."""


_PROBLEMS = (PulseStatus.ABOVE_RANGE, PulseStatus.BELOW_RANGE, PulseStatus.OUTSIDE_DAYS)


@attrs.frozen(slots=True)
class PulseDay:
    """One day with intravenous pulses of the pulsed drug.

    Attributes:
        day: The date.
        mg: Total intravenous dose of the pulsed drug that day, in mg of that drug (exact).
        records: The records covering the day.
    """

    day: date
    mg: Fraction
    records: tuple[GlucocorticoidDose, ...]


@attrs.frozen(slots=True)
class PulseCourse:
    """The pulse course read from dose records (see the module docstring).

    Attributes:
        drug: The pulsed glucocorticoid.
        start: Study day 1.
        first: First day of the window.
        last: Last day of the window (inclusive).
        observed_through: Last day with data (the assessment day, or ``last``).
        days: The pulse days, in date order.
        unknown_days: Observed window days no record covers (records not complete).
        other_iv_records: Intravenous records of another glucocorticoid in the window.
    """

    drug: Glucocorticoid
    start: date
    first: date
    last: date
    observed_through: date
    days: tuple[PulseDay, ...]
    unknown_days: tuple[date, ...]
    other_iv_records: tuple[GlucocorticoidDose, ...]

    @property
    def is_open(self) -> bool:
        """Whether window days remain after the assessment day (not yet observed)."""
        return self.observed_through < self.last

    @property
    def pending(self) -> bool:
        """Whether unknown or not-yet-observed days could still hold pulses."""
        return self.is_open or bool(self.unknown_days)

    @property
    def total_mg(self) -> Fraction:
        """Total of the known pulse doses, mg."""
        return sum((d.mg for d in self.days), Fraction(0))

    def study_day(self, day: date) -> int:
        """Study day number of ``day`` (``start`` is day 1; days before it are 0, -1, ...)."""
        return (day - self.start).days + 1

    def describe_window(self) -> str:
        """Human text of the window, e.g. ``"study days 1-14 (2024-01-08 to 2024-01-21)"``."""
        return (
            f"study days {self.study_day(self.first)}-{self.study_day(self.last)} "
            f"({self.first.isoformat()} to {self.last.isoformat()})"
        )


def collect_pulse_course(
    records: Iterable[GlucocorticoidDose],
    *,
    drug: Glucocorticoid,
    start: date,
    at: date | None,
    window_days: int,
    lookback_days: int,
    records_complete: bool,
) -> PulseCourse:
    """Read the pulse course of ``drug`` from dose records.

    Args:
        records: Every dose record (all routes; they also tell which days are known).
        drug: The pulsed glucocorticoid.
        start: Study day 1.
        at: Assessment day (days after it are not yet observed); ``None``: the whole window.
        window_days: Days from study day 1 in the window (at least 1).
        lookback_days: Days before study day 1 in the window (at least 0).
        records_complete: Whether days without a record count as no dose.

    Returns:
        The pulse course.

    Raises:
        InputError: the window leaves the calendar.
    """
    try:
        first = start - timedelta(days=lookback_days)
        last = start + timedelta(days=window_days - 1)
    except OverflowError:
        raise InputError("the pulse window leaves the calendar") from None
    observed = last if at is None else min(last, at)
    all_records = tuple(records)
    pulse_records: dict[date, list[GlucocorticoidDose]] = {}
    covered: set[date] = set()
    other: list[GlucocorticoidDose] = []
    for record in all_records:
        lo = max(record.start, first)
        hi = min(record.last_day, observed)
        if hi < lo:
            continue
        days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
        covered.update(days)
        if record.route != "iv":
            continue
        if record.drug is not drug:
            other.append(record)
            continue
        for day in days:
            pulse_records.setdefault(day, []).append(record)
    pulse_days = tuple(
        PulseDay(day, sum((r.daily_dose.canonical for r in rs), Fraction(0)), tuple(rs))
        for day, rs in sorted(pulse_records.items())
    )
    unknown: tuple[date, ...] = ()
    if not records_complete and observed >= first:
        span = (observed - first).days + 1
        unknown = tuple(
            d for d in (first + timedelta(days=i) for i in range(span)) if d not in covered
        )
    return PulseCourse(
        drug=drug,
        start=start,
        first=first,
        last=last,
        observed_through=observed,
        days=pulse_days,
        unknown_days=unknown,
        other_iv_records=tuple(other),
    )


@attrs.frozen(slots=True)
class PulseAssessment:
    """A pulse course compared with a schedule's pulse regimens.

    Attributes:
        status: The verdict.
        criterion: The composite ``pulse-course`` criterion (one child per regimen assessed).
        missing: Inputs whose absence left something unknown.
        flags: Caveats (``pulse-window-open``, ``iv-glucocorticoid-not-pulsed-drug``).
        course: The course read from the records.
    """

    status: PulseStatus
    criterion: Criterion
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    course: PulseCourse

    def details(self) -> tuple[tuple[str, Any], ...]:
        """Named values for a decision: status, pulse days, total (mg), window."""
        course = self.course
        values: list[tuple[str, Any]] = [
            ("pulse_status", self.status.value),
            ("pulse_days", len(course.days)),
            ("pulse_total_mg", course.total_mg),
            ("pulse_window", course.describe_window()),
        ]
        if self.missing:
            values.append(("pulse_missing", ", ".join(self.missing)))
        return tuple(values)


def _day_evidence(course: PulseCourse) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            f"{course.drug.value}_iv",
            date=d.day,
            value=d.mg,
            unit="mg",
            note=f"study day {course.study_day(d.day)}",
        )
        for d in course.days
    )


def _pending_note(course: PulseCourse) -> str:
    parts = []
    if course.unknown_days:
        parts.append(f"no dose record on {len(course.unknown_days)} day(s) of the window")
    if course.is_open:
        parts.append(f"window open until {course.last.isoformat()}")
    return "; ".join(parts)


def _settle(criterion: Criterion, *, decided: bool, course: PulseCourse) -> Criterion:
    """Keep a decided outcome; otherwise unknown while days are pending."""
    if decided or not course.pending:
        return criterion
    note = _pending_note(course)
    return attrs.evolve(
        criterion,
        outcome=Outcome.UNKNOWN,
        note=f"{criterion.note}; {note}" if criterion.note else note,
    )


def _threshold_criterion(
    threshold: Threshold,
    observed: Fraction,
    *,
    kind: str,
    course: PulseCourse,
    note: str,
    optional_none: bool = False,
) -> Criterion:
    """A dose bound; ``kind`` is ``upper``, ``each-lower`` or ``total-lower``."""
    evidence = _day_evidence(course)
    base = threshold.check(observed, evidence=evidence, note=note)
    if optional_none and not course.days:
        return attrs.evolve(
            base, outcome=Outcome.MET, note=f"{note}; pulses are optional and none was given"
        )
    if kind == "total-lower":
        return _settle(base, decided=base.outcome is Outcome.MET, course=course)
    return _settle(base, decided=base.outcome is Outcome.NOT_MET, course=course)


def _vacuous(threshold: Threshold, course: PulseCourse) -> Criterion:
    """A per-dose bound with no pulse to compare: holds vacuously (unknown while pending)."""
    criterion = Criterion(
        id=threshold.id,
        label=threshold.label,
        outcome=Outcome.MET,
        comparator=threshold.comparator.value,
        threshold=threshold.value,
        threshold_unit=threshold.unit,
        source_id=threshold.source_id,
        note="no pulse given: holds for every pulse (vacuously)",
    )
    return _settle(criterion, decided=False, course=course)


def _count_criterion(
    id: str,
    label: str,
    comparator: str,
    bound: int,
    count: int,
    *,
    source_id: str,
    course: PulseCourse,
    upper: bool,
    optional_none: bool = False,
) -> Criterion:
    holds = count <= bound if upper else count >= bound
    criterion = Criterion(
        id=id,
        label=label,
        outcome=Outcome.from_bool(holds),
        observed=str(count),
        observed_unit="days",
        comparator=comparator,
        threshold=str(bound),
        threshold_unit="days",
        source_id=source_id,
        evidence=_day_evidence(course),
        note=f"{count} pulse day(s) in {course.describe_window()}",
    )
    if optional_none and not course.days:
        return attrs.evolve(
            criterion,
            outcome=Outcome.MET,
            note=f"{criterion.note}; pulses are optional and none was given",
        )
    decided = (not holds) if upper else holds
    return _settle(criterion, decided=decided, course=course)


def _study_days_criterion(spec: PulseSpec, course: PulseCourse) -> Criterion:
    first_day = spec.first_day if spec.first_day is not None else None
    last_day = spec.last_day if spec.last_day is not None else None
    outside = [
        d
        for d in course.days
        if (first_day is not None and course.study_day(d.day) < first_day)
        or (last_day is not None and course.study_day(d.day) > last_day)
    ]
    span = (
        f"{first_day if first_day is not None else '-'}-{last_day if last_day is not None else '-'}"
    )
    criterion = Criterion(
        id=f"{spec.id}-study-days",
        label=f"Pulses on study days {span} only",
        outcome=Outcome.from_bool(not outside),
        observed=", ".join(str(course.study_day(d.day)) for d in course.days) or "none",
        source_id=spec.source_id,
        evidence=_day_evidence(course),
        note="pulse study days outside the stated days: "
        + (", ".join(str(course.study_day(d.day)) for d in outside) or "none"),
    )
    return _settle(criterion, decided=bool(outside), course=course)


def _consecutive_criterion(spec: PulseSpec, course: PulseCourse) -> Criterion:
    days = [d.day for d in course.days]
    gaps: list[date] = []
    uncertain = False
    unknown = set(course.unknown_days)
    for earlier, later in itertools.pairwise(days):
        for offset in range(1, (later - earlier).days):
            gap = earlier + timedelta(days=offset)
            if gap in unknown:
                uncertain = True
            else:
                gaps.append(gap)
    criterion = Criterion(
        id=f"{spec.id}-consecutive",
        label="Pulses on consecutive days",
        outcome=Outcome.from_bool(not gaps),
        observed=", ".join(d.isoformat() for d in days) or "none",
        source_id=spec.source_id,
        evidence=_day_evidence(course),
        note="days without a pulse between pulse days: "
        + (", ".join(d.isoformat() for d in gaps) or "none"),
    )
    if gaps:
        return criterion
    if uncertain:
        return attrs.evolve(
            criterion,
            outcome=Outcome.UNKNOWN,
            note="a day between pulse days has no dose record",
        )
    return _settle(criterion, decided=False, course=course)


@attrs.frozen(slots=True)
class _SpecResult:
    spec: PulseSpec
    applies: Outcome
    status: PulseStatus
    criterion: Criterion
    missing: tuple[str, ...]


def _applicability(
    spec: PulseSpec, weight: Fraction | None, weight_evidence: Evidence | None
) -> tuple[Outcome, list[Criterion]]:
    criteria: list[Criterion] = []
    evidence = (weight_evidence,) if weight_evidence is not None else ()
    for band in (spec.min_weight, spec.max_weight):
        if band is not None:
            criteria.append(band.check(weight, evidence=evidence))
    outcome = all_of(c.outcome for c in criteria) if criteria else Outcome.MET
    return outcome, criteria


def _assess_spec(
    spec: PulseSpec,
    course: PulseCourse,
    weight: Fraction | None,
    weight_evidence: Evidence | None,
    *,
    all_optional: bool = False,
) -> _SpecResult:
    applies, band_criteria = _applicability(spec, weight, weight_evidence)
    doses = [d.mg for d in course.days]
    count = len(doses)
    optional_none = spec.optional or all_optional
    upper: list[Criterion] = []
    lower: list[Criterion] = []
    timing: list[Criterion] = []
    for bound, target, what in (
        (spec.daily_max, upper, "highest"),
        (spec.daily_min, lower, "lowest"),
    ):
        if bound is None:
            continue
        if doses:
            observed = max(doses) if what == "highest" else min(doses)
            target.append(
                _threshold_criterion(
                    bound,
                    observed,
                    kind="upper" if what == "highest" else "each-lower",
                    course=course,
                    note=f"{what} daily pulse dose",
                )
            )
        else:
            target.append(_vacuous(bound, course))
    if spec.total_max is not None:
        upper.append(
            _threshold_criterion(
                spec.total_max,
                course.total_mg,
                kind="upper",
                course=course,
                note="total of the pulse doses",
            )
        )
    if spec.total_min is not None:
        lower.append(
            _threshold_criterion(
                spec.total_min,
                course.total_mg,
                kind="total-lower",
                course=course,
                note="total of the pulse doses",
                optional_none=optional_none,
            )
        )
    if spec.max_days is not None:
        upper.append(
            _count_criterion(
                f"{spec.id}-days-max",
                f"At most {spec.max_days} pulse day(s)",
                "<=",
                spec.max_days,
                count,
                source_id=spec.source_id,
                course=course,
                upper=True,
            )
        )
    if spec.min_days is not None:
        lower.append(
            _count_criterion(
                f"{spec.id}-days-min",
                f"At least {spec.min_days} pulse day(s)",
                ">=",
                spec.min_days,
                count,
                source_id=spec.source_id,
                course=course,
                upper=False,
                optional_none=optional_none,
            )
        )
    if spec.first_day is not None or spec.last_day is not None:
        timing.append(_study_days_criterion(spec, course))
    if spec.consecutive:
        timing.append(_consecutive_criterion(spec, course))
    outcomes = [c.outcome for c in (*upper, *lower, *timing)]
    if any(c.outcome is Outcome.NOT_MET for c in upper):
        status = PulseStatus.ABOVE_RANGE
    elif any(c.outcome is Outcome.NOT_MET for c in lower):
        status = PulseStatus.BELOW_RANGE
    elif any(c.outcome is Outcome.NOT_MET for c in timing):
        status = PulseStatus.OUTSIDE_DAYS
    elif Outcome.UNKNOWN in outcomes or (course.pending and not course.days):
        status = PulseStatus.NOT_EVALUABLE
    elif not course.days:
        status = PulseStatus.NO_PULSES
    else:
        status = PulseStatus.WITHIN_RANGE
    missing: list[str] = []
    if applies is Outcome.UNKNOWN:
        missing.append("weight")
    if status is PulseStatus.NOT_EVALUABLE:
        missing.extend(f"glucocorticoid dose on {d.isoformat()}" for d in course.unknown_days)
    children = (*band_criteria, *upper, *lower, *timing)
    criterion = Criterion(
        id=spec.id,
        label=spec.label,
        outcome=_status_outcome(status),
        observed=status.value,
        source_id=spec.source_id,
        children=children,
        note=(spec.note + "; " if spec.note else "")
        + _requirement_note(spec, all_optional=all_optional),
    )
    return _SpecResult(spec, applies, status, criterion, tuple(missing))


def _requirement_note(spec: PulseSpec, *, all_optional: bool) -> str:
    if spec.optional:
        return "optional in the source"
    if all_optional:
        return "required by the source; treated as optional (option pulse_requirement='optional')"
    return "required by the source"


def _status_outcome(status: PulseStatus) -> Outcome:
    if status in _PROBLEMS:
        return Outcome.NOT_MET
    if status is PulseStatus.NOT_EVALUABLE:
        return Outcome.UNKNOWN
    return Outcome.MET


def check_pulse_drug(specs: Sequence[PulseSpec]) -> Glucocorticoid:
    """The single drug the pulse regimens pulse.

    Raises:
        LupusNephritisError: no regimens, or regimens pulsing different drugs.
    """
    drugs = {s.drug for s in specs}
    if len(drugs) != 1:
        raise LupusNephritisError("pulse regimens of a schedule must pulse one drug")
    return next(iter(drugs))


def assess_pulse_course(
    specs: Sequence[PulseSpec],
    course: PulseCourse,
    *,
    weight: Fraction | None,
    weight_evidence: Evidence | None = None,
    all_optional: bool = False,
) -> PulseAssessment:
    """Compare a pulse course with a schedule's pulse regimens.

    Args:
        specs: The schedule's pulse regimens.
        course: The course read by `collect_pulse_course`.
        weight: Body weight in kg (for weight-band regimens), ``None`` if unknown.
        weight_evidence: Where the weight came from.
        all_optional: Treat every regimen as optional (option ``pulse_requirement=
            'optional'``): no pulse at all is ``no_pulses``; pulses given are still checked.

    Returns:
        The assessment (verdict, composite criterion, missing inputs, flags).
    """
    results = [
        _assess_spec(s, course, weight, weight_evidence, all_optional=all_optional) for s in specs
    ]
    candidates = [r for r in results if r.applies is not Outcome.NOT_MET]
    certain = [r for r in candidates if r.applies is Outcome.MET]
    missing: list[str] = []
    if len(certain) == 1:
        chosen = certain
        status = certain[0].status
    elif candidates and len({r.status for r in candidates}) == 1:
        chosen = candidates
        status = candidates[0].status
    elif candidates:
        chosen = candidates
        status = PulseStatus.NOT_EVALUABLE
    else:  # no regimen for this weight: none of the stated bands holds
        chosen = results
        status = PulseStatus.NOT_EVALUABLE
        missing.append("a pulse regimen for this body weight")
    for result in chosen:
        missing.extend(m for m in result.missing if status is PulseStatus.NOT_EVALUABLE)
    flags: list[str] = []
    if course.is_open:
        flags.append("pulse-window-open")
    if course.other_iv_records:
        flags.append("iv-glucocorticoid-not-pulsed-drug")
    notes = [f"window {course.describe_window()}"]
    if course.other_iv_records:
        notes.append(
            "intravenous "
            + ", ".join(sorted({r.drug.value for r in course.other_iv_records}))
            + " not counted"
        )
    criterion = Criterion(
        id=PULSE_COURSE_CRITERION,
        label=f"Intravenous {course.drug.value} pulse course compared with the pulse regimen",
        outcome=_status_outcome(status),
        observed=status.value,
        source_id=chosen[0].spec.source_id,
        evidence=_day_evidence(course),
        children=tuple(r.criterion for r in chosen),
        note="; ".join(notes),
    )
    return PulseAssessment(
        status=status,
        criterion=criterion,
        missing=tuple(dict.fromkeys(missing)),
        flags=tuple(flags),
        course=course,
    )


__all__ = [
    "PULSE_CHECK_NOTE",
    "PULSE_COURSE_CRITERION",
    "PulseAssessment",
    "PulseCourse",
    "PulseDay",
    "PulseStatus",
    "assess_pulse_course",
    "check_pulse_drug",
    "collect_pulse_course",
]
