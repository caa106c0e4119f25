"""Glucocorticoid exposure compared with cited taper schedules.

Three public checks build on the core primitives of `lupus_nephritis.timeline`
(`daily_prednisone`,
`check_exposure`,
`cumulative_dose`):

* `check_glucocorticoid_taper`: on schedule, above or below a taper schedule on a day,
  by how much, and since when;
* `check_glucocorticoid_exposure`: "more than X mg/day on >= N consecutive days or >= M
  days" over a window (e.g. the AURORA 1 steroid rule), or any custom `ExposureCheck`;
* `cumulative_glucocorticoid_exposure`: total prednisone-equivalent milligrams over a
  window (unknown when a day is unknown, unless the records are complete).

How a taper check decides
-------------------------
1. The **dose** is the prednisone-equivalent dose on the assessment day (option
   ``statistic="day"``), or the mean / maximum over the 7 days ending on it (never before
   study day 1). Only oral and route-unspecified records count by default (``routes``); a
   day without any record is unknown unless the records are complete.
2. The **rows** covering the assessment day give the bounds. A per-kg bound is
   ``min(rate x weight, cap)`` in mg; a per-kg range therefore gives a lower and an upper
   bound in mg. Rows anchored at the start of maintenance need ``maintenance_start``.
3. **Verdict**: ``above`` if the dose breaks an upper bound of a row that applies; ``below``
   if it breaks a lower bound; ``on_schedule`` if every bound that applies holds; otherwise
   ``not_evaluable`` (no row given by the sources, flagged ``no-schedule-row``; unknown dose,
   missing weight, or a row whose applicability is unknown and whose bound the dose breaks).
   A missing weight still gives ``above`` when the dose exceeds the cap of a per-kg row,
   because ``min(rate x weight, cap)`` can never exceed the cap.
4. **Difference**: dose minus the bound it breaks (positive above, negative below, 0 on
   schedule). **Since**: the first day of the current run of days with the same verdict,
   evaluated the same way day by day (flag ``run-start-uncertain`` when the run reaches a day
   that is not evaluable, so it may have started earlier).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.decisions import Criterion, Decision, Evidence, TaperStatus
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import GlucocorticoidDose, TreatmentCourse, Weight
from lupus_nephritis.regimens.glucocorticoids.pulses import (
    PulseAssessment,
    PulseStatus,
    assess_pulse_course,
    check_pulse_drug,
    collect_pulse_course,
)
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    STATISTIC_DAYS,
    Anchor,
    ExposureCheck,
    OffsetUnit,
    RowRole,
    TaperRow,
    TaperSchedule,
    offset_date,
)
from lupus_nephritis.registry import (
    SUPERSEDED_PREFIX,
    RuleKind,
    RuleSet,
    get_rule_set_of_kind,
    superseded_note,
)
from lupus_nephritis.steroids import DEFAULT_TABLE, EQUIVALENCE_TABLES
from lupus_nephritis.thresholds import (
    Comparator,
    Option,
    Threshold,
    outcome_criterion,
    resolve_options,
)
from lupus_nephritis.timeline import (
    check_exposure,
    cumulative_dose,
    daily_prednisone,
    exposure_window_option,
)
from lupus_nephritis.units import Quantity, as_integer, canonicalize, format_decimal

DoseInput = TreatmentCourse | Mapping[str, Any] | Sequence[GlucocorticoidDose | Mapping[str, Any]]
"""A treatment course (model or dict), or a sequence of dose records (models or dicts)."""

_ORAL_ROUTES = ("oral", None)


class ExposureStatus(str, Enum):
    """Verdict of an exposure check."""

    EXCEEDED = "exceeded"
    """The rule is breached (e.g. > 10 mg/day on >= 3 consecutive days)."""
    NOT_EXCEEDED = "not_exceeded"
    """The rule is not breached, even counting every unknown day as above the threshold."""
    NOT_EVALUABLE = "not_evaluable"
    """Unknown days could decide either way."""


# ----------------------------------------------------------------------------- inputs


def _to_date(value: object, *, what: str) -> date:
    if isinstance(value, datetime):
        # like pydantic's date fields: a datetime is a date only at exactly midnight
        if value.time() != time(0) or value.tzinfo is not None:
            raise InputError(f"{what}: expected a date, got a datetime with a time ({value})")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise InputError(f"{what}: expected a date, got {type(value).__name__}")


def _weight(value: object) -> Fraction:
    if isinstance(value, Weight):
        return value.canonical
    if isinstance(value, Mapping) or (isinstance(value, str) and " " in value.strip()):
        return Weight.model_validate(value).canonical
    return canonicalize(value, "kg", quantity=Quantity.WEIGHT, what="weight_kg")


@attrs.frozen(slots=True)
class _Doses:
    start: date | None
    records: tuple[GlucocorticoidDose, ...]
    complete: bool
    weight: Fraction | None
    weight_evidence: Evidence | None


def _doses(
    doses: DoseInput,
    *,
    start_date: date | str | None,
    records_complete: bool | None,
    weight_kg: object = None,
) -> _Doses:
    course: TreatmentCourse | None = None
    if isinstance(doses, TreatmentCourse):
        course = doses
    elif isinstance(doses, Mapping):
        course = TreatmentCourse.model_validate(doses)
    elif isinstance(doses, Sequence) and not isinstance(doses, (str, bytes)):
        records = tuple(
            d if isinstance(d, GlucocorticoidDose) else GlucocorticoidDose.model_validate(d)
            for d in doses
        )
    else:
        raise InputError(
            f"expected a TreatmentCourse, a course dict or a list of dose records, got "
            f"{type(doses).__name__}"
        )
    start = None if start_date is None else _to_date(start_date, what="start_date")
    if records_complete is not None and not isinstance(records_complete, bool):
        raise InputError(
            f"records_complete: expected True, False or None, got {records_complete!r}"
        )
    complete = bool(records_complete)
    weight: Fraction | None = None
    weight_evidence: Evidence | None = None
    if course is not None:
        records = course.glucocorticoids
        start = start or course.start_date
        if records_complete is None:
            complete = course.are_glucocorticoid_records_complete
        if course.patient is not None and course.patient.weight is not None:
            weight = course.patient.weight.canonical
            weight_evidence = Evidence(
                "weight",
                value=course.patient.weight.value,
                unit=course.patient.weight.unit,
                note="patient record",
            )
    if weight_kg is not None:
        weight = _weight(weight_kg)
        weight_evidence = Evidence("weight", value=weight, unit="kg", note="weight_kg argument")
    return _Doses(start, records, complete, weight, weight_evidence)


def _routes(records: Sequence[GlucocorticoidDose], routes: str) -> tuple[GlucocorticoidDose, ...]:
    if routes == "all":
        return tuple(records)
    return tuple(r for r in records if r.route in _ORAL_ROUTES)


def _overlapping(
    records: Sequence[GlucocorticoidDose], first: date, last: date
) -> tuple[GlucocorticoidDose, ...]:
    return tuple(r for r in records if r.start <= last and r.last_day >= first)


def _record_evidence(record: GlucocorticoidDose, table: str) -> Evidence:
    span = record.start.isoformat()
    if record.last_day != record.start:
        span += f" to {record.last_day.isoformat()}"
    route = record.route or "route unspecified"
    pred = format_decimal(record.prednisone_mg_per_day(table))
    return Evidence(
        "glucocorticoid_dose",
        date=record.start,
        value=record.daily_dose.value,
        unit=record.daily_dose.unit,
        note=f"{record.drug.value} {route}, {span}: {pred} mg/day prednisone equivalent",
    )


def _taper_rule_set(rule_set_id: object) -> RuleSet:
    """The taper rule set ``rule_set_id`` (a non-string id is unknown, not a TypeError)."""
    if not isinstance(rule_set_id, str):
        raise UnknownRuleSetError(
            f"expected a taper rule-set id (a string), got {type(rule_set_id).__name__}"
        )
    return get_rule_set_of_kind(rule_set_id, RuleKind.TAPER)


def _daily(
    records: Sequence[GlucocorticoidDose],
    first: date,
    last: date,
    *,
    records_complete: bool,
    table: str,
) -> dict[date, Fraction | None]:
    """`daily_prednisone`, with calendar overflow as InputError."""
    if last >= date.max:  # the day-by-day walk would step past the calendar's last day
        raise InputError(
            f"window {first.isoformat()} to {last.isoformat()} ends on the calendar's last day"
        )
    try:
        return daily_prednisone(
            records, first, last, records_complete=records_complete, table=table
        )
    except OverflowError:
        raise InputError(
            f"window {first.isoformat()} to {last.isoformat()} reaches the end of the calendar"
        ) from None


# ----------------------------------------------------------------------------- assessment


@attrs.frozen(slots=True)
class _Bound:
    threshold: Threshold
    mg: Fraction | None
    comparator: Comparator
    outcome: Outcome
    explanation: str


@attrs.frozen(slots=True)
class _RowResult:
    row: TaperRow
    applies: Outcome
    upper: _Bound | None
    lower: _Bound | None


@attrs.frozen(slots=True)
class _Assessment:
    day: date
    status: TaperStatus
    dose: Fraction | None
    unknown_days: tuple[date, ...]
    rows: tuple[_RowResult, ...]
    missing: tuple[str, ...]
    reason: str
    conflicting: bool = False


def _mg(value: Fraction) -> str:
    return f"{format_decimal(value)} mg"


@functools.lru_cache(maxsize=4096)
def _bound_value(
    threshold: Threshold, cap: Threshold | None, weight: Fraction | None, upper: bool
) -> tuple[Fraction | None, Comparator, str]:
    """The bound in mg (None when a per-kg bound lacks the weight), its comparator, and how."""
    comparator = threshold.comparator
    if threshold.quantity is Quantity.GLUCOCORTICOID_DOSE:
        return threshold.canonical, comparator, f"{threshold.describe()}/day"
    if weight is None:
        capped = f"; capped at {cap.describe()}/day" if cap is not None else ""
        return None, comparator, f"{threshold.describe()}/day needs the body weight{capped}"
    raw = threshold.canonical * weight
    explanation = (
        f"{format_decimal(threshold.value)} mg/kg x {format_decimal(weight)} kg = {_mg(raw)}"
    )
    if cap is None:
        return raw, comparator, explanation
    if cap.canonical < raw:
        # the cap binds; an upper bound takes the cap's comparator, a lower keeps its own
        mg = cap.canonical
        comparator = cap.comparator if upper else comparator
    else:
        mg = raw
    return mg, comparator, f"min({explanation}, cap {_mg(cap.canonical)}) = {_mg(mg)}"


def _bound(
    threshold: Threshold,
    cap: Threshold | None,
    weight: Fraction | None,
    dose: Fraction | None,
    *,
    upper: bool,
) -> _Bound:
    mg, comparator, explanation = _bound_value(threshold, cap, weight, upper)
    if dose is None:
        outcome = Outcome.UNKNOWN
    elif mg is not None:
        outcome = Outcome.from_bool(comparator.holds(dose, mg))
    elif cap is not None and upper and not cap.comparator.holds(dose, cap.canonical):
        outcome = Outcome.NOT_MET  # above the cap, hence above min(rate x weight, cap)
    elif cap is not None and not upper and dose >= cap.canonical:
        outcome = Outcome.MET  # at or above the cap, hence at or above min(rate x weight, cap)
    else:
        outcome = Outcome.UNKNOWN
    return _Bound(threshold, mg, comparator, outcome, explanation)


@attrs.frozen(slots=True)
class _Context:
    rule_set: RuleSet
    schedule: TaperSchedule
    rows: tuple[TaperRow, ...]
    start: date
    maintenance_start: date | None
    daily: Mapping[date, Fraction | None]
    weight: Fraction | None
    statistic: str
    earliest: bool
    lower_bounds: bool

    spans: tuple[tuple[date, date | None] | None, ...] = ()

    @classmethod
    def build(cls, **fields: Any) -> _Context:
        """A context with every row's span computed once (None: anchor date unknown)."""
        ctx = cls(**fields)
        spans: list[tuple[date, date | None] | None] = []
        for row in ctx.rows:
            maintenance = row.anchor is Anchor.MAINTENANCE_START
            anchor = ctx.maintenance_start if maintenance else ctx.start
            spans.append(None if anchor is None else row.span(anchor, earliest=ctx.earliest))
        return attrs.evolve(ctx, spans=tuple(spans))

    def applies(self, index: int, day: date) -> Outcome:
        span = self.spans[index]
        if span is None:
            return Outcome.UNKNOWN
        first, end = span
        return Outcome.from_bool(first <= day and (end is None or day < end))

    def window(self, day: date) -> tuple[date, ...]:
        length = STATISTIC_DAYS[self.statistic]
        first = max(self.start, day - timedelta(days=length - 1))
        return tuple(first + timedelta(days=i) for i in range((day - first).days + 1))

    def dose(self, day: date) -> tuple[Fraction | None, tuple[date, ...]]:
        days = self.window(day)
        values = [self.daily.get(d) for d in days]
        unknown = tuple(d for d, v in zip(days, values, strict=True) if v is None)
        if unknown:
            return None, unknown
        known = [v for v in values if v is not None]
        if self.statistic.startswith("max"):
            return max(known), ()
        return sum(known, Fraction(0)) / len(known), ()

    def assess(self, day: date) -> _Assessment:
        dose, unknown = self.dose(day)
        results: list[_RowResult] = []
        for index, row in enumerate(self.rows):
            applies = self.applies(index, day)
            if applies is Outcome.NOT_MET:
                continue
            upper = (
                None
                if row.upper is None
                else _bound(row.upper, row.cap, self.weight, dose, upper=True)
            )
            lower = (
                None
                if row.lower is None or not self.lower_bounds
                else _bound(row.lower, row.cap, self.weight, dose, upper=False)
            )
            results.append(_RowResult(row, applies, upper, lower))
        return _decide(self, day, dose, unknown, tuple(results))


def _decide(
    ctx: _Context,
    day: date,
    dose: Fraction | None,
    unknown: tuple[date, ...],
    results: tuple[_RowResult, ...],
) -> _Assessment:
    def assessment(status: TaperStatus, missing: Sequence[str], reason: str) -> _Assessment:
        return _Assessment(day, status, dose, unknown, results, tuple(missing), reason)

    if not results:
        week = (day - ctx.start).days // 7
        return assessment(
            TaperStatus.NOT_EVALUABLE,
            (),
            f"the sources give no row for study week {week}: {ctx.schedule.gaps}",
        )
    certain = [r for r in results if r.applies is Outcome.MET]
    above = any(r.upper is not None and r.upper.outcome is Outcome.NOT_MET for r in certain)
    below = any(r.lower is not None and r.lower.outcome is Outcome.NOT_MET for r in certain)
    if above or below:
        status = TaperStatus.ABOVE if above else TaperStatus.BELOW
        result = assessment(status, (), "")
        return attrs.evolve(result, conflicting=above and below)
    missing: list[str] = []
    if dose is None:
        missing.extend(f"glucocorticoid dose on {d.isoformat()}" for d in unknown)
    needs_weight = [
        b
        for r in results
        if r.row.per_kg
        for b in (r.upper, r.lower)
        if b is not None and b.mg is None and b.outcome is Outcome.UNKNOWN
    ]
    if ctx.weight is None and needs_weight:
        missing.append("weight")
    uncertain_rows = [
        r
        for r in results
        if r.applies is Outcome.UNKNOWN
        and any(b is not None and b.outcome is not Outcome.MET for b in (r.upper, r.lower))
    ]
    if uncertain_rows or not certain:
        missing.append("maintenance_start")
    if missing:
        return assessment(
            TaperStatus.NOT_EVALUABLE,
            tuple(dict.fromkeys(missing)),
            "missing: " + ", ".join(dict.fromkeys(missing)),
        )
    return assessment(TaperStatus.ON_SCHEDULE, (), "")


def _role_status(ctx: _Context, assessment: _Assessment, role: RowRole) -> TaperStatus | None:
    """The verdict on the rows of one role only (``None``: no such row covers the day)."""
    rows = tuple(r for r in assessment.rows if r.row.role is role)
    if not rows:
        return None
    unknown = assessment.unknown_days
    return _decide(ctx, assessment.day, assessment.dose, unknown, rows).status


def _difference(assessment: _Assessment) -> Fraction | None:
    dose = assessment.dose
    if dose is None or assessment.status is TaperStatus.NOT_EVALUABLE:
        return None
    certain = [r for r in assessment.rows if r.applies is Outcome.MET]
    if assessment.status is TaperStatus.ABOVE:
        broken = [
            r.upper.mg
            for r in certain
            if r.upper is not None and r.upper.outcome is Outcome.NOT_MET and r.upper.mg is not None
        ]
        if not broken:  # above a cap with unknown weight: measured against the cap
            broken = [
                r.row.cap.canonical
                for r in certain
                if r.row.cap is not None
                and r.upper is not None
                and r.upper.outcome is Outcome.NOT_MET
            ]
        return dose - min(broken)
    if assessment.status is TaperStatus.BELOW:
        broken = [
            r.lower.mg
            for r in certain
            if r.lower is not None and r.lower.outcome is Outcome.NOT_MET and r.lower.mg is not None
        ]
        return dose - max(broken)
    return Fraction(0)


def _run_start(ctx: _Context, current: _Assessment) -> tuple[date, bool]:
    """First day of the current run of days with the same verdict, and whether uncertain."""
    day = current.day
    while day > ctx.start:
        previous = ctx.assess(day - timedelta(days=1))
        if previous.status is TaperStatus.NOT_EVALUABLE:
            return day, True
        if previous.status is not current.status:
            return day, False
        day -= timedelta(days=1)
    return day, False


# ----------------------------------------------------------------------------- criteria


def _bound_criterion(
    result: _RowResult, bound: _Bound, dose: Fraction | None, weight_evidence: Evidence | None
) -> Criterion:
    note = bound.explanation
    if result.row.note:
        note += f". {result.row.note}"
    if result.applies is Outcome.UNKNOWN:
        note += ". Applies only from the start of maintenance, which is not given"
    evidence = (weight_evidence,) if result.row.per_kg and weight_evidence is not None else ()
    return Criterion(
        id=bound.threshold.id,
        label=bound.threshold.label,
        outcome=bound.outcome,
        observed=dose,
        observed_unit="mg",
        comparator=bound.comparator.value,
        threshold=bound.mg,
        threshold_unit="mg",
        source_id=result.row.source_id,
        evidence=evidence,
        note=note,
    )


def _criteria(
    ctx: _Context,
    assessment: _Assessment,
    records: Sequence[GlucocorticoidDose],
    table: str,
    weight_evidence: Evidence | None,
) -> list[Criterion]:
    day = assessment.day
    certain = [r for r in assessment.rows if r.applies is Outcome.MET]
    week = (day - ctx.start).days // 7
    if certain:
        rows_text = "; ".join(
            f"{r.row.label}: {r.row.describe_dose()} ({r.row.source_id})" for r in certain
        )
        row_criterion = outcome_criterion(
            "schedule-row",
            "Schedule row(s) covering the assessment day",
            Outcome.MET,
            source_id=certain[0].row.source_id,
            observed=", ".join(r.row.label for r in certain),
            evidence=[Evidence("assessment_day", date=day, note=f"study week {week}")],
            note=rows_text,
        )
    else:
        row_criterion = outcome_criterion(
            "schedule-row",
            "Schedule row(s) covering the assessment day",
            Outcome.UNKNOWN,
            source_id=ctx.rule_set.source_ids[0],
            evidence=[Evidence("assessment_day", date=day, note=f"study week {week}")],
            note=assessment.reason
            or "the only rows that could apply are anchored at maintenance start, not given",
        )
    window = ctx.window(day)
    used = _overlapping(records, window[0], window[-1])
    statistic = ctx.statistic
    span = (
        f"on {day.isoformat()}"
        if len(window) == 1
        else f"{statistic} over {window[0].isoformat()} to {window[-1].isoformat()}"
    )
    dose_note = f"prednisone equivalent ({table} table), {span}"
    if assessment.unknown_days:
        dose_note += f"; no dose record on {len(assessment.unknown_days)} day(s)"
    criteria = [
        row_criterion,
        Criterion(
            id="dose",
            label="Prednisone-equivalent dose (mg/day) compared with the schedule",
            outcome=Outcome.MET if assessment.dose is not None else Outcome.UNKNOWN,
            observed=assessment.dose,
            observed_unit="mg",
            source_id=ctx.rule_set.source_ids[0],
            evidence=tuple(_record_evidence(r, table) for r in used),
            note=dose_note,
        ),
    ]
    for result in assessment.rows:
        for bound in (result.upper, result.lower):
            if bound is not None:
                criteria.append(_bound_criterion(result, bound, assessment.dose, weight_evidence))
    return criteria


# ----------------------------------------------------------------------------- public API


def _resolve(rule_set: RuleSet, options: dict[str, Any], table: str | None) -> dict[str, Any]:
    if table is not None:
        given = options.get("equivalence_table")
        if given is not None and given != table:
            raise OptionError(
                f"table={table!r} conflicts with equivalence_table={given!r}; give one"
            )
        options = {**options, "equivalence_table": table}
    return resolve_options(rule_set.options, options, rule_set_id=rule_set.id)


def _assessment_day(start: date, at: object) -> date:
    """The assessment day: a date (or ISO string), or an integer study week."""
    week = as_integer(at)
    if week is not None:
        try:
            return offset_date(start, OffsetUnit.WEEK, week)
        except (OverflowError, InputError):
            raise InputError(f"at: study week {at} is outside the calendar") from None
    return _to_date(at, what="at")


def _initial_weeks(value: object) -> int | None:
    if value is None:
        return None
    weeks = as_integer(value)
    if weeks is None or weeks < 1:
        raise OptionError(f"option initial_dose_weeks={value!r} must be a positive integer")
    return weeks


def check_glucocorticoid_taper(
    doses: DoseInput,
    schedule: str = "kdigo-2024-gc-reduced",
    *,
    at: date | int | str,
    weight_kg: object = None,
    start_date: date | str | None = None,
    maintenance_start: date | str | None = None,
    records_complete: bool | None = None,
    table: str | None = None,
    **options: Any,
) -> Decision:
    """Compare glucocorticoid exposure on a day with a cited taper schedule.

    Args:
        doses: A `TreatmentCourse` (or dict), whose start date,
            dose records, completeness flag and patient weight are used; or a list of
            `GlucocorticoidDose` records (or dicts), then with
            ``start_date``.
        schedule: Taper rule-set id (``"kdigo-2024-gc-reduced"``, ``"aurora-1-gc"``, ...),
            optionally ``"id@version"``.
        at: Assessment day: a date (or ISO string), or an ``int`` study week ``w`` meaning the
            nominal day of that week (``start_date + 7*w`` days).
        weight_kg: Body weight for per-kg rows: a number in kg, a ``"70 kg"`` string or a
            `Weight`; overrides the course's patient weight.
        start_date: Study day 1 of the schedule; overrides the course start date.
        maintenance_start: First day of maintenance therapy (for maintenance-anchored rows,
            e.g. EULAR 2023 and the seed review).
        records_complete: Whether the records list every day a glucocorticoid was taken
            (uncovered days then count as 0 mg); default: the course's flag, else False.
        table: Shorthand for the ``equivalence_table`` option.
        **options: Options of the rule set (``statistic``, ``routes``, ``lower_bounds``,
            ``deadline_reading``, ``initial_dose_weeks``; see its docs page).

    Returns:
        A `Decision` whose verdict is a
        `TaperStatus` value, with criteria for the row, the
        dose and every bound (observed mg vs bound mg, with its source), and details
        ``dose_mg``, ``lower_mg``, ``upper_mg``, ``difference_mg``, ``since``, ``run_days``,
        and the verdict against each kind of row that covers the day: ``scheme_status``
        (prescribed dose ranges) and ``target_status`` (ceilings), also typed as
        ``decision.scheme_status`` / ``decision.target_status``.

    Raises:
        UnknownRuleSetError: ``schedule`` is not a taper rule set.
        OptionError: unknown option or value.
        InputError: bad dates or doses (e.g. no start date).
        InputValidationError: invalid dose records or course.
    """
    rule_set = _taper_rule_set(schedule)
    params: TaperSchedule = rule_set.parameters
    opts = _resolve(rule_set, dict(options), table)
    data = _doses(
        doses, start_date=start_date, records_complete=records_complete, weight_kg=weight_kg
    )
    if data.start is None:
        raise InputError("start_date is required when dose records are given without a course")
    start = data.start
    day = _assessment_day(start, at)
    maintenance = (
        None if maintenance_start is None else _to_date(maintenance_start, what="maintenance_start")
    )
    if maintenance is not None and maintenance < start:
        raise InputError(
            f"maintenance_start ({maintenance.isoformat()}) is before the treatment start "
            f"({start.isoformat()})"
        )
    rows = params.rows
    weeks = _initial_weeks(opts.get("initial_dose_weeks"))
    if weeks is not None and params.initial_dose is not None:
        rows = (params.initial_dose.as_row(weeks), *rows)
    table_name = str(opts["equivalence_table"])
    records = _routes(data.records, str(opts["routes"]))
    base: dict[str, Any] = {
        "rule_set_id": rule_set.id,
        "rule_set_version": rule_set.version,
        "kind": rule_set.kind.value,
        "options": opts,
        "source_ids": rule_set.source_ids,
        "assessed_on": day,
    }
    if day < start:
        return Decision(
            **base,
            verdict=TaperStatus.NOT_EVALUABLE,
            criteria=[
                outcome_criterion(
                    "schedule-row",
                    "Schedule row(s) covering the assessment day",
                    Outcome.UNKNOWN,
                    source_id=rule_set.source_ids[0],
                    evidence=[Evidence("assessment_day", date=day)],
                    note=f"the assessment day is before study day 1 ({start.isoformat()})",
                )
            ],
            details={"study_day": (day - start).days + 1},
        )
    daily = _daily(records, start, day, records_complete=data.complete, table=table_name)
    ctx = _Context.build(
        rule_set=rule_set,
        schedule=params,
        rows=rows,
        start=start,
        maintenance_start=maintenance,
        daily=daily,
        weight=data.weight,
        statistic=str(opts["statistic"]),
        earliest=opts.get("deadline_reading") == "earliest",
        lower_bounds=opts["lower_bounds"] == "apply",
    )
    assessment = ctx.assess(day)
    criteria = _criteria(
        ctx,
        assessment,
        data.records if opts["routes"] == "all" else records,
        table_name,
        data.weight_evidence,
    )
    details: dict[str, Any] = {
        "study_day": (day - start).days + 1,
        "study_week": (day - start).days // 7,
        "statistic": ctx.statistic,
        "dose_mg": assessment.dose,
    }
    certain = [r for r in assessment.rows if r.applies is Outcome.MET]
    uppers = [r.upper.mg for r in certain if r.upper is not None and r.upper.mg is not None]
    lowers = [r.lower.mg for r in certain if r.lower is not None and r.lower.mg is not None]
    if lowers:
        details["lower_mg"] = max(lowers)
    if uppers:
        details["upper_mg"] = min(uppers)
    details["difference_mg"] = _difference(assessment)
    for role in RowRole:
        status = _role_status(ctx, assessment, role)
        if status is not None:
            details[f"{role.value}_status"] = status.value
    if data.weight is not None:
        details["weight_kg"] = data.weight
    if maintenance is not None:
        details["maintenance_start"] = maintenance.isoformat()
    flags: list[str] = []
    if assessment.status is not TaperStatus.NOT_EVALUABLE:
        since, uncertain = _run_start(ctx, assessment)
        details["since"] = since.isoformat()
        details["run_days"] = (day - since).days + 1
        if uncertain:
            flags.append("run-start-uncertain")
    if not assessment.rows:
        flags.append("no-schedule-row")
    if assessment.conflicting:
        flags.append("conflicting-rows")
    window = ctx.window(day)
    if opts["routes"] == "oral" and any(
        r.route not in _ORAL_ROUTES for r in _overlapping(data.records, window[0], window[-1])
    ):
        flags.append("non-oral-doses-excluded")
    if params.withdrawal is not None and assessment.dose is not None and assessment.dose > 0:
        flags.append("withdrawal-advised-if-possible")
    if params.checks_pulses:
        pulses = _pulse_assessment(params, data, start=start, at=day, opts=opts)
        criteria.append(pulses.criterion)
        details.update(pulses.details())
        flags.extend(pulses.flags)
        if pulses.status not in (PulseStatus.WITHIN_RANGE, PulseStatus.NO_PULSES):
            flags.append(f"pulse-course-{pulses.status.value.replace('_', '-')}")
    return Decision(
        **base,
        verdict=assessment.status,
        criteria=criteria,
        missing_inputs=assessment.missing,
        flags=flags,
        details=details,
    )


def _pulse_int(opts: Mapping[str, Any], name: str, minimum: int) -> int:
    value = opts.get(name)
    number = as_integer(value)
    if number is None or number < minimum:
        raise OptionError(f"option {name}={value!r} must be an integer of at least {minimum}")
    return number


def _pulse_assessment(
    params: TaperSchedule,
    data: _Doses,
    *,
    start: date,
    at: date | None,
    opts: Mapping[str, Any],
) -> PulseAssessment:
    """The pulse course of the records compared with the schedule's pulse regimens."""
    course = collect_pulse_course(
        data.records,
        drug=check_pulse_drug(params.pulses),
        start=start,
        at=at,
        window_days=_pulse_int(opts, "pulse_window_days", 1),
        lookback_days=_pulse_int(opts, "pulse_lookback_days", 0),
        records_complete=data.complete,
    )
    return assess_pulse_course(
        params.pulses,
        course,
        weight=data.weight,
        weight_evidence=data.weight_evidence,
        all_optional=opts.get("pulse_requirement") == "optional",
    )


def check_glucocorticoid_pulses(
    doses: DoseInput,
    schedule: str = "kdigo-2024-gc-reduced",
    *,
    at: date | int | str | None = None,
    weight_kg: object = None,
    start_date: date | str | None = None,
    records_complete: bool | None = None,
    **options: Any,
) -> Decision:
    """Check the intravenous methylprednisolone pulse course against a schedule's pulses.

    The pulse course is read from the dose records (intravenous records of the pulsed drug in
    the window ``pulse_lookback_days`` before study day 1 to study day ``pulse_window_days``)
    and compared with each pulse regimen of the schedule: per-dose range, number of pulse
    days, total, the study days they fall on, consecutive days where stated, weight band. See
    `lupus_nephritis.regimens.glucocorticoids.pulses` for the three-valued reading.

    Args:
        doses: A course (model or dict) or a list of dose records (see
            `check_glucocorticoid_taper`).
        schedule: A taper rule-set id whose version checks pulses (``kdigo-2024-gc-reduced``,
            ``kdigo-2024-gc-high``, ``acr-2024-gc``, ``aurora-1-gc``, ``eular-2012-gc``,
            ``eular-2019-gc``, ``nobility-gc``), optionally ``id@version``.
        at: Assessment day (date, ISO string or study week); days after it are not yet
            observed. ``None`` (default): the records are final, the whole window is read.
        weight_kg: Body weight for weight-band regimens (AURORA 1), overriding the course's.
        start_date: Study day 1, overriding the course's.
        records_complete: Whether days without a record mean no dose (default: the course's
            flag, else False).
        **options: Options of the rule set (``pulse_window_days``, ``pulse_lookback_days``,
            ``pulse_requirement``; the taper options are accepted too).

    Returns:
        A `Decision` whose verdict is a `PulseStatus`
        value, with the ``pulse-course`` criterion (one child per regimen, each with its
        bounds) and details ``pulse_days``, ``pulse_total_mg``, ``pulse_window``.

    Raises:
        UnknownRuleSetError: ``schedule`` is not a taper rule set.
        InputError: the schedule (version) does not check pulses, or bad dates or doses.
        OptionError: unknown option or value.
        InputValidationError: invalid dose records or course.
    """
    rule_set = _taper_rule_set(schedule)
    params: TaperSchedule = rule_set.parameters
    if not params.checks_pulses:
        reason = (
            "states no pulse regimen"
            if not params.pulses
            else "stores its pulse regimens without checking them; use its latest version"
        )
        raise InputError(f"rule set {rule_set.key} {reason}")
    opts = _resolve(rule_set, dict(options), None)
    data = _doses(
        doses, start_date=start_date, records_complete=records_complete, weight_kg=weight_kg
    )
    if data.start is None:
        raise InputError("start_date is required when dose records are given without a course")
    day = None if at is None else _assessment_day(data.start, at)
    pulses = _pulse_assessment(params, data, start=data.start, at=day, opts=opts)
    details: dict[str, Any] = dict(pulses.details())
    if data.weight is not None:
        details["weight_kg"] = data.weight
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=pulses.status,
        criteria=[pulses.criterion],
        missing_inputs=pulses.missing if pulses.status is PulseStatus.NOT_EVALUABLE else (),
        flags=pulses.flags,
        options=opts,
        assessed_on=day,
        details=details,
        source_ids=rule_set.source_ids,
        subject="pulse course",
    )


def without_pulse_check(rule_set: RuleSet, *, version: str) -> RuleSet:
    """The superseded ``version`` of a taper rule set, from before pulses were checked.

    The schedule's pulse regimens stay as documentation (as that version had them); its
    taper check adds no pulse criteria, and the pulse options are not declared.

    Args:
        rule_set: The current rule set (whose schedule checks pulses).
        version: The superseded version (``"1.0.0"``).

    Returns:
        The superseded rule set, to be registered beside the current one.
    """
    params: TaperSchedule = rule_set.parameters
    old = attrs.evolve(
        params,
        checks_pulses=False,
        pulses=tuple(attrs.evolve(p, consecutive=False) for p in params.pulses),
    )
    pulse_names = {"pulse_window_days", "pulse_lookback_days", "pulse_requirement"}
    return attrs.evolve(
        rule_set,
        version=version,
        parameters=old,
        options=tuple(o for o in rule_set.options if o.name not in pulse_names),
        notes=(
            superseded_note(
                rule_set.version,
                "this version stores the pulse regimens as documentation only and does not "
                "check the pulse course.",
            ),
            *(n for n in rule_set.notes if not n.startswith(SUPERSEDED_PREFIX)),
        ),
        evaluate=taper_evaluator(f"{rule_set.id}@{version}"),
    )


#: Keyword arguments of `check_glucocorticoid_taper` that are not rule-set options.
_CHECK_KEYWORDS = frozenset(
    {"weight_kg", "start_date", "maintenance_start", "records_complete", "table"}
)


def taper_evaluator(rule_set_id: str) -> Callable[..., Decision]:
    """The ``evaluate`` function of a taper rule set.

    Args:
        rule_set_id: The rule set's id.

    Returns:
        ``evaluate(doses, *, at=None, **kwargs)``: `check_glucocorticoid_taper` with
        this schedule; without ``at`` the decision is not evaluable (missing ``at``).
    """

    def evaluate(
        doses: DoseInput, *, at: date | int | str | None = None, **kwargs: Any
    ) -> Decision:
        if at is None:
            rule_set = get_rule_set_of_kind(rule_set_id, RuleKind.TAPER)
            # the check's own keywords are accepted; anything else must be an option
            options = {k: v for k, v in kwargs.items() if k not in _CHECK_KEYWORDS}
            resolved = _resolve(rule_set, options, kwargs.get("table"))
            _initial_weeks(resolved.get("initial_dose_weeks"))
            return Decision(
                rule_set_id=rule_set.id,
                rule_set_version=rule_set.version,
                kind=rule_set.kind.value,
                verdict=TaperStatus.NOT_EVALUABLE,
                missing_inputs=("at",),
                options=resolved,
                source_ids=rule_set.source_ids,
            )
        return check_glucocorticoid_taper(doses, rule_set_id, at=at, **kwargs)

    evaluate.__doc__ = f"Apply ``{rule_set_id}`` (see `check_glucocorticoid_taper`)."
    return evaluate


#: Options of a custom `ExposureCheck` passed to `check_glucocorticoid_exposure`.
CUSTOM_EXPOSURE_OPTIONS: tuple[Option, ...] = (
    Option(
        name="equivalence_table",
        default=DEFAULT_TABLE,
        description="Glucocorticoid equivalence table for prednisone equivalents.",
        choices=tuple(EQUIVALENCE_TABLES),
        source_id="prednisolone-fda-label",
    ),
    exposure_window_option(reason="the visit days (library default)."),
    Option(
        name="exposure_routes",
        default="all",
        description="Which dose records count: 'all' routes (default) or 'oral' only.",
        choices=("all", "oral"),
    ),
)

_EXPOSURE_OPTION_NAMES = ("equivalence_table", "exposure_window", "exposure_routes")


def check_glucocorticoid_exposure(
    doses: DoseInput,
    rule: str | ExposureCheck = "aurora-1-gc",
    *,
    check: str | None = None,
    start_date: date | str | None = None,
    first: date | str | None = None,
    last: date | str | None = None,
    records_complete: bool | None = None,
    table: str | None = None,
    **options: Any,
) -> Decision:
    """Check a "more than X mg/day on >= N consecutive days or >= M days" rule over a window.

    Args:
        doses: A course (model or dict) or a list of dose records (see
            `check_glucocorticoid_taper`).
        rule: A taper rule-set id that defines exposure checks (``"aurora-1-gc"``: > 10 mg/day
            on >= 3 consecutive days or >= 7 days in weeks 44-52; ``"regency-gc"``,
            ``"tulip-ln-gc"``), or a custom `ExposureCheck`.
        check: Which exposure check of the rule set (default: its first).
        start_date: Study day 1 (overrides the course's); needed for week windows.
        first: First day of the window (overrides the check's weeks).
        last: Last day of the window, inclusive (overrides the check's weeks).
        records_complete: Whether uncovered days count as 0 mg (default: the course's flag).
        table: Shorthand for the ``equivalence_table`` option.
        **options: ``equivalence_table``, ``exposure_window``, ``exposure_routes``.

    Returns:
        A `Decision` with an `ExposureStatus` verdict.
        Unknown days are resolved as in `check_exposure`:
        exceeded if the known days breach the rule, not exceeded if it holds even with every
        unknown day above the threshold, else not evaluable.

    Raises:
        UnknownRuleSetError: ``rule`` is not a taper rule set.
        InputError: the rule set has no exposure check, or the window is undefined.
        OptionError: unknown option or value.
    """
    subject: str | None = None
    source_ids: tuple[str, ...]
    if isinstance(rule, ExposureCheck):
        exposure = rule
        declared = CUSTOM_EXPOSURE_OPTIONS
        rule_set_id, version, source_ids = "custom-exposure-check", "0.0.0", (rule.source_id,)
        subject = rule.id
    else:
        rule_set = _taper_rule_set(rule)
        params: TaperSchedule = rule_set.parameters
        exposure = params.exposure_check(check)
        declared = tuple(o for o in rule_set.options if o.name in _EXPOSURE_OPTION_NAMES)
        rule_set_id, version, source_ids = rule_set.id, rule_set.version, rule_set.source_ids
    if table is not None:
        options = {**options, "equivalence_table": table}
    opts = resolve_options(declared, options, rule_set_id=rule_set_id)
    data = _doses(doses, start_date=start_date, records_complete=records_complete)
    if first is not None and last is not None:
        window_first, window_last = _to_date(first, what="first"), _to_date(last, what="last")
    elif data.start is None:
        raise InputError("start_date is required to place the window's study weeks")
    else:
        window_first, window_last = exposure.window(data.start, str(opts["exposure_window"]))
        if first is not None:
            window_first = _to_date(first, what="first")
        if last is not None:
            window_last = _to_date(last, what="last")
    records = _routes(data.records, "oral" if opts["exposure_routes"] == "oral" else "all")
    daily = _daily(
        records,
        window_first,
        window_last,
        records_complete=data.complete,
        table=str(opts["equivalence_table"]),
    )
    criterion = check_exposure(daily, exposure.rule, id=exposure.id, label=exposure.label)
    if exposure.note:
        criterion = attrs.evolve(criterion, note=f"{criterion.note}. {exposure.note}")
    verdict = {
        Outcome.MET: ExposureStatus.EXCEEDED,
        Outcome.NOT_MET: ExposureStatus.NOT_EXCEEDED,
        Outcome.UNKNOWN: ExposureStatus.NOT_EVALUABLE,
    }[criterion.outcome]
    unknown_days = sum(1 for v in daily.values() if v is None)
    return Decision(
        rule_set_id=rule_set_id,
        rule_set_version=version,
        kind=RuleKind.TAPER.value,
        verdict=verdict,
        criteria=[criterion],
        missing_inputs=(f"glucocorticoid doses on {unknown_days} day(s) of the window",)
        if verdict is ExposureStatus.NOT_EVALUABLE
        else (),
        flags=("custom-rule",) if subject else (),
        options=opts,
        assessed_on=window_last,
        details={
            "check": exposure.id,
            "window_first": window_first.isoformat(),
            "window_last": window_last.isoformat(),
            "window_days": len(daily),
            "days_above": sum(
                1
                for amount in daily.values()
                if amount is not None and exposure.rule.threshold.holds(amount)
            ),
            "longest_run_days": _longest_known_run(daily, exposure.rule.threshold),
            "unknown_days": unknown_days,
        },
        source_ids=source_ids,
        subject=subject,
    )


def _longest_known_run(daily: Mapping[date, Fraction | None], threshold: Threshold) -> int:
    best = run = 0
    for day in sorted(daily):
        amount = daily[day]
        run = run + 1 if amount is not None and threshold.holds(amount) else 0
        best = max(best, run)
    return best


@attrs.frozen(slots=True)
class CumulativeExposure:
    """Total prednisone-equivalent exposure over a window.

    Attributes:
        first: First day of the window.
        last: Last day of the window (inclusive).
        days: Number of days in the window.
        total_mg: Exact total in prednisone-equivalent mg; ``None`` if any day is unknown.
        known_mg: Total over the days with known doses (a lower bound when days are unknown).
        unknown_days: Days without a dose record (empty when the records are complete).
        table: Equivalence table used.
        routes: ``"all"`` or ``"oral"``.
    """

    first: date
    last: date
    days: int
    total_mg: Fraction | None
    known_mg: Fraction
    unknown_days: tuple[date, ...]
    table: str
    routes: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (numbers as exact decimal text, dates as ISO strings)."""
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "days": self.days,
            "total_mg": None if self.total_mg is None else format_decimal(self.total_mg),
            "known_mg": format_decimal(self.known_mg),
            "unknown_days": [d.isoformat() for d in self.unknown_days],
            "table": self.table,
            "routes": self.routes,
        }


def cumulative_glucocorticoid_exposure(
    doses: DoseInput,
    *,
    first: date | str,
    last: date | str,
    records_complete: bool | None = None,
    table: str = DEFAULT_TABLE,
    routes: str = "all",
) -> CumulativeExposure:
    """Total prednisone-equivalent milligrams from ``first`` to ``last`` (inclusive).

    Args:
        doses: A course (model or dict) or a list of dose records.
        first: First day of the window.
        last: Last day of the window, inclusive.
        records_complete: Whether uncovered days count as 0 mg (default: the course's flag,
            else False: uncovered days are unknown and the total is ``None``).
        table: Equivalence table (``"fda-label"`` default or ``"conventional"``).
        routes: ``"all"`` (default: pulses included) or ``"oral"`` (oral and unspecified).

    Returns:
        A `CumulativeExposure`.

    Raises:
        InputError: the window ends before it starts.
        OptionError: unknown table or routes.
    """
    if not isinstance(routes, str) or routes not in ("all", "oral"):
        raise OptionError(f"routes={routes!r} is not one of: 'all', 'oral'")
    if not isinstance(table, str) or table not in EQUIVALENCE_TABLES:
        raise OptionError(f"unknown equivalence table {table!r}")
    data = _doses(doses, start_date=None, records_complete=records_complete)
    start, end = _to_date(first, what="first"), _to_date(last, what="last")
    daily = _daily(
        _routes(data.records, routes), start, end, records_complete=data.complete, table=table
    )
    known = sum((v for v in daily.values() if v is not None), Fraction(0))
    return CumulativeExposure(
        first=start,
        last=end,
        days=len(daily),
        total_mg=cumulative_dose(daily),
        known_mg=known,
        unknown_days=tuple(d for d, v in daily.items() if v is None),
        table=table,
        routes=routes,
    )


__all__ = [
    "CUSTOM_EXPOSURE_OPTIONS",
    "CumulativeExposure",
    "DoseInput",
    "ExposureStatus",
    "check_glucocorticoid_exposure",
    "check_glucocorticoid_pulses",
    "check_glucocorticoid_taper",
    "cumulative_glucocorticoid_exposure",
    "taper_evaluator",
    "without_pulse_check",
]
