"""Duration of immunosuppressive therapy: KDIGO 2024, EULAR 2023 and ACR 2024.

The three guidelines count from different points, so they are three rule sets, never blended:

* ``kdigo-2024-duration``: initial plus maintenance therapy for at least 36 months in total,
  counted from the **start of treatment**;
* ``eular-2023-duration``: treatment continued for at least 3 years **after renal response**;
* ``acr-2024-duration``: 3 to 5 years of total therapy for patients who reach a **complete
  renal response** (CRR), counted from the start of treatment.

Month arithmetic
----------------
Durations are compared in calendar months with exact date arithmetic, never by dividing days
by an average month length:

* `add_months` moves a date by whole calendar months and clamps the day to the end of a
  shorter month (31 January + 1 month = 28 or 29 February);
* `months_elapsed` is the number of completed calendar months between two dates plus the
  elapsed fraction of the next calendar month, as an exact `Fraction`. It is
  an integer exactly on the monthly anniversaries, so "at least 36 months" is reached on
  ``add_months(start, 36)`` and not one day earlier.

The verdict is a `DurationStatus`: ``continue`` (the minimum is not yet reached),
``sufficient`` (reached; for ACR 2024, inside the 3-5 year window), ``beyond_recommended``
(ACR 2024 only: more than 5 years), ``not_applicable`` (ACR 2024: no complete renal response)
and ``not_evaluable`` (a date the rule counts from is unknown).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs
from pydantic import Field, field_validator, model_validator

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind, register
from lupus_nephritis.thresholds import (
    Option,
    Threshold,
    flag_criterion,
    outcome_criterion,
    resolve_options,
)
from lupus_nephritis.units import Quantity, as_integer

# ----------------------------------------------------------------------------- calendar


def add_months(day: date, months: int) -> date:
    """Move ``day`` by whole calendar months, clamping to the end of a shorter month.

    Args:
        day: The date to move.
        months: Number of calendar months (may be negative).

    Returns:
        The date ``months`` calendar months later; e.g. 2024-01-31 + 1 month = 2024-02-29.

    Raises:
        InputError: ``months`` is not an integer, or the result is outside the calendar.
    """
    count = as_integer(months)
    if count is None:
        raise InputError(f"months must be an integer, got {months!r}")
    months = count
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise InputError(f"{day.isoformat()} + {months} months is outside the calendar")
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def months_elapsed(first: date, last: date) -> Fraction:
    """Exact calendar months from ``first`` to ``last``.

    Completed calendar months ``n`` (the largest ``n`` with ``add_months(first, n) <= last``)
    plus the fraction of the following calendar month elapsed: the days since
    ``add_months(first, n)`` divided by the length of that month step.

    Args:
        first: Start date.
        last: End date (not before ``first``).

    Returns:
        A non-negative fraction; an integer exactly when ``last`` is a monthly anniversary.

    Raises:
        InputError: ``last`` is before ``first``.
    """
    if last < first:
        raise InputError(f"{last.isoformat()} is before {first.isoformat()}")
    months = (last.year - first.year) * 12 + (last.month - first.month)
    while months > 0 and add_months(first, months) > last:
        months -= 1
    while add_months(first, months + 1) <= last:
        months += 1
    anchor = add_months(first, months)
    step = (add_months(first, months + 1) - anchor).days
    return months + Fraction((last - anchor).days, step)


# ----------------------------------------------------------------------------- inputs


class ResponseType(str, Enum):
    """Type of renal response."""

    COMPLETE = "complete"
    PARTIAL = "partial"


class _Frozen(FrozenModel):
    """Frozen, unknown fields rejected, library errors on bad input."""


class RenalResponse(_Frozen):
    """A renal response reached on a date.

    Attributes:
        date: Date the response was first documented.
        type: Complete or partial; ``None`` when the type is not known.
    """

    date: date
    type: ResponseType | None = Field(default=None, description="None = type unknown.")


class ImmunosuppressionCourse(_Frozen):
    """The dates a treatment-duration rule needs.

    Attributes:
        start_date: Start of initial (induction) immunosuppressive therapy.
        maintenance_start: Date of the switch from initial to maintenance therapy, if known.
        responses: Renal responses reached, with their dates and types (kept sorted).
        are_responses_complete: True when ``responses`` lists every renal response so far, so an
            empty list means "no response yet"; otherwise an empty list means "unknown" and
            an earlier, unrecorded response may precede the recorded ones.
        planned_stop_date: Planned (or actual) date immunosuppression stops, if any.
        assessment_date: Date of the assessment, if no ``at`` is passed to the check.
    """

    start_date: date
    maintenance_start: date | None = None
    responses: tuple[RenalResponse, ...] = ()
    are_responses_complete: bool = False
    planned_stop_date: date | None = None
    assessment_date: date | None = None

    @field_validator("responses")
    @classmethod
    def _sorted(cls, responses: tuple[RenalResponse, ...]) -> tuple[RenalResponse, ...]:
        return tuple(sorted(responses, key=lambda r: r.date))

    @model_validator(mode="after")
    def _ordered(self) -> ImmunosuppressionCourse:
        for name in ("maintenance_start", "planned_stop_date", "assessment_date"):
            value = getattr(self, name)
            if value is not None and value < self.start_date:
                raise ValueError(
                    f"{name} ({value}) is before the treatment start ({self.start_date})"
                )
        for response in self.responses:
            if response.date < self.start_date:
                raise ValueError(
                    f"renal response dated {response.date} is before the treatment start "
                    f"({self.start_date})"
                )
        return self


class DurationStatus(str, Enum):
    """Verdict of a treatment-duration rule."""

    CONTINUE = "continue"
    """The minimum duration is not reached yet: continue therapy."""
    SUFFICIENT = "sufficient"
    """The minimum is reached (ACR 2024: inside the recommended 3-5 year window)."""
    BEYOND_RECOMMENDED = "beyond_recommended"
    """Longer than the recommended maximum (ACR 2024: more than 5 years)."""
    NOT_APPLICABLE = "not_applicable"
    """The rule does not apply (ACR 2024: no complete renal response reached)."""
    NOT_EVALUABLE = "not_evaluable"
    """A date the rule needs is unknown."""


# ----------------------------------------------------------------------------- parameters


class DurationAnchor(str, Enum):
    """The date a duration rule counts from."""

    TREATMENT_START = "treatment-start"
    RENAL_RESPONSE = "renal-response"


@attrs.frozen(slots=True)
class DurationParameters:
    """Cited parameters of one treatment-duration rule set.

    Attributes:
        minimum: Minimum duration (months, comparator as the source states it).
        anchor: The date the duration is counted from.
        maximum: Upper end of a recommended window, if the source gives one.
        requires_complete_response: The rule applies only to patients who reached a
            complete renal response.
        gc_withdrawal: Months of complete response after which glucocorticoid withdrawal may
            be considered (informational; does not change the verdict).
    """

    minimum: Threshold
    anchor: DurationAnchor = attrs.field(converter=DurationAnchor)
    maximum: Threshold | None = None
    requires_complete_response: bool = False
    gc_withdrawal: Threshold | None = None


def _months(
    id: str, label: str, comparator: str, value: str, source_id: str, note: str
) -> Threshold:
    # Durations are compared in months ("mo"), exactly, through the quantity whose unit
    # system has calendar months and years (core has no separate duration quantity).
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="mo",
        quantity=Quantity.AGE,
        source_id=source_id,
        note=note,
    )


KDIGO_2024_PARAMETERS = DurationParameters(
    minimum=_months(
        "total-duration",
        "Initial plus maintenance immunosuppression for at least 36 months",
        ">=",
        "36",
        "kdigo-2024-ln",
        "Counted from the start of initial therapy (total of initial and maintenance phases).",
    ),
    anchor=DurationAnchor.TREATMENT_START,
    gc_withdrawal=_months(
        "gc-withdrawal-considered",
        "Glucocorticoid withdrawal may be considered after at least 12 months of complete response",
        ">=",
        "12",
        "kdigo-2024-ln",
        "Secondary summaries (medium confidence); counted from the first complete response "
        "and assumes it has been sustained. Informational: it does not change the verdict.",
    ),
)

EULAR_2023_PARAMETERS = DurationParameters(
    minimum=_months(
        "duration-after-response",
        "Treatment continued for at least 3 years after renal response",
        ">=",
        "36",
        "eular-2023-sle",
        "Stated as 3 years (= 36 calendar months); counted from the first renal response "
        "(medium confidence: quoted by a secondary source).",
    ),
    anchor=DurationAnchor.RENAL_RESPONSE,
)

ACR_2024_PARAMETERS = DurationParameters(
    minimum=_months(
        "minimum-total-duration",
        "Total therapy of at least 3 years for patients reaching complete renal response",
        ">=",
        "36",
        "acr-2024-ln",
        "Lower end of '3-5 years' (= 36 calendar months), counted from treatment start.",
    ),
    anchor=DurationAnchor.TREATMENT_START,
    maximum=_months(
        "maximum-total-duration",
        "Total therapy of at most 5 years",
        "<=",
        "60",
        "acr-2024-ln",
        "Upper end of '3-5 years' (= 60 calendar months); exactly 5 years is inside the "
        "window, any day later is beyond it.",
    ),
    requires_complete_response=True,
)


EULAR_2023_OPTIONS: tuple[Option, ...] = (
    Option(
        name="response_type",
        default="any",
        description=(
            "Which renal response starts the 3-year count. EULAR 2023 says 'after renal "
            "response' without a type, so the default counts from the first response of any "
            "type (partial or complete); 'complete' counts from the first complete response."
        ),
        choices=("any", "complete"),
        source_id="eular-2023-sle",
    ),
)


# ----------------------------------------------------------------------------- evaluation


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


def _course(value: ImmunosuppressionCourse | Mapping[str, Any]) -> ImmunosuppressionCourse:
    if isinstance(value, ImmunosuppressionCourse):
        return value
    if isinstance(value, Mapping):
        return ImmunosuppressionCourse.model_validate(value)
    raise InputError(
        f"expected an ImmunosuppressionCourse or a mapping, got {type(value).__name__}"
    )


@attrs.frozen(slots=True)
class _Anchor:
    """The date counted from: earliest and latest possible (equal when known exactly)."""

    earliest: date | None
    latest: date | None
    missing: tuple[str, ...] = ()
    note: str = ""
    not_started: bool = False


def _response_anchor(course: ImmunosuppressionCourse, on: date, *, complete_only: bool) -> _Anchor:
    """The first (complete) renal response on or before ``on``: earliest and latest possible.

    The latest possible date is the first recorded response that surely counts. The earliest
    is the first recorded response that might count (an untyped one, for ``complete_only``)
    or, when the responses are not marked complete, the treatment start: an unrecorded
    response may precede every recorded one.
    """
    what = "complete renal response" if complete_only else "renal response"
    seen = [r for r in course.responses if r.date <= on]
    counted = [r for r in seen if not complete_only or r.type is ResponseType.COMPLETE]
    untyped = [r for r in seen if complete_only and r.type is None]
    latest = counted[0].date if counted else None
    candidates = [r.date for r in counted[:1] + untyped]
    if not course.are_responses_complete:
        candidates.append(course.start_date)
    earliest = min(candidates) if candidates else None
    if latest is not None and earliest == latest:
        return _Anchor(latest, latest, note=f"first {what} {latest}")
    if earliest is None:
        return _Anchor(None, None, note=f"no {what} yet", not_started=True)
    missing: list[str] = []
    if untyped:
        missing.append("renal response type")
    if not course.are_responses_complete:
        missing.append("renal response date")
    if latest is None:
        note = f"first {what} not recorded; it cannot be before {earliest}"
    else:
        note = f"first {what} between {earliest} and {latest}"
    if not course.are_responses_complete:
        note += " (responses not marked complete: an earlier one may be unrecorded)"
    return _Anchor(earliest, latest, missing=tuple(missing), note=note)


def _complete_response(course: ImmunosuppressionCourse, on: date) -> Outcome:
    seen = [r for r in course.responses if r.date <= on]
    if any(r.type is ResponseType.COMPLETE for r in seen):
        return Outcome.MET
    if any(r.type is None for r in seen) or not course.are_responses_complete:
        return Outcome.UNKNOWN
    return Outcome.NOT_MET


def _reached(threshold: Threshold, anchor: _Anchor, on: date) -> Outcome:
    """Three-valued: reached with the latest anchor -> MET; not with the earliest -> NOT_MET."""
    if anchor.not_started:
        return Outcome.NOT_MET
    if anchor.latest is not None and threshold.holds(months_elapsed(anchor.latest, on) / 12):
        return Outcome.MET
    if anchor.earliest is not None and not threshold.holds(
        months_elapsed(anchor.earliest, on) / 12
    ):
        return Outcome.NOT_MET
    return Outcome.UNKNOWN


def evaluate_duration(
    rule_set: RuleSet,
    course: ImmunosuppressionCourse | Mapping[str, Any],
    *,
    at: date | str | None = None,
    **options: Any,
) -> Decision:
    """Apply a duration rule set to a course (see `check_treatment_duration`).

    Args:
        rule_set: A registered rule set of kind ``duration``.
        course: The course dates.
        at: Evaluation date.
        **options: Options of the rule set.

    Returns:
        A `Decision` with a `DurationStatus` verdict.
    """
    opts = resolve_options(rule_set.options, options, rule_set_id=rule_set.id)
    params: DurationParameters = rule_set.parameters
    data = _course(course)
    base: dict[str, Any] = {
        "rule_set_id": rule_set.id,
        "rule_set_version": rule_set.version,
        "kind": rule_set.kind.value,
        "options": opts,
        "source_ids": rule_set.source_ids,
    }
    if at is not None:
        on, basis = _to_date(at, what="at"), "at"
    elif data.planned_stop_date is not None:
        on, basis = data.planned_stop_date, "planned_stop_date"
    elif data.assessment_date is not None:
        on, basis = data.assessment_date, "assessment_date"
    else:
        return Decision(
            **base,
            verdict=DurationStatus.NOT_EVALUABLE,
            missing_inputs=("at",),
            details={"note": "no evaluation date: pass at=, planned_stop_date or assessment_date"},
        )
    if on < data.start_date:
        raise InputError(f"evaluation date {on} is before the treatment start {data.start_date}")

    details: dict[str, Any] = {"evaluated_on": on.isoformat(), "evaluated_at": basis}
    details["months_since_start"] = months_elapsed(data.start_date, on)
    if data.maintenance_start is not None and data.maintenance_start <= on:
        details["initial_phase_months"] = months_elapsed(data.start_date, data.maintenance_start)
        details["maintenance_months"] = months_elapsed(data.maintenance_start, on)

    criteria: list[Criterion] = []
    missing: list[str] = []
    complete = Outcome.MET
    if params.requires_complete_response:
        complete = _complete_response(data, on)
        criteria.append(
            flag_criterion(
                "complete-response",
                "Complete renal response reached (the rule applies only then)",
                None if complete is Outcome.UNKNOWN else complete is Outcome.MET,
                required=True,
                source_id=params.minimum.source_id,
                evidence=[
                    Evidence(
                        "renal_response",
                        date=r.date,
                        note=r.type.value if r.type else "type unknown",
                    )
                    for r in data.responses
                    if r.date <= on
                ],
                note=None
                if complete is not Outcome.UNKNOWN
                else "renal responses or their types not recorded",
            )
        )
        if complete is Outcome.UNKNOWN:
            missing.append("renal response")

    if params.anchor is DurationAnchor.TREATMENT_START:
        anchor = _Anchor(data.start_date, data.start_date, note="treatment start")
    else:
        anchor = _response_anchor(data, on, complete_only=opts.get("response_type") == "complete")
        missing.extend(anchor.missing)
    anchor_date = anchor.latest if anchor.latest == anchor.earliest else None
    criteria.append(
        outcome_criterion(
            "count-from",
            f"Duration counted from: {params.anchor.value.replace('-', ' ')}",
            Outcome.UNKNOWN if anchor.missing else Outcome.MET,
            source_id=params.minimum.source_id,
            observed=anchor_date.isoformat() if anchor_date else None,
            evidence=[Evidence(params.anchor.value, date=anchor_date)] if anchor_date else [],
            note=anchor.note,
        )
    )
    elapsed = months_elapsed(anchor_date, on) if anchor_date is not None else None
    minimum = _reached(params.minimum, anchor, on)
    criterion = params.minimum.check(
        None if elapsed is None else elapsed / 12,
        note=anchor.note if elapsed is None else None,
    )
    criteria.append(attrs.evolve(criterion, outcome=minimum))
    if anchor_date is not None:
        details["count_from"] = anchor_date.isoformat()
        details["months_elapsed"] = elapsed
        details["minimum_reached_on"] = add_months(
            anchor_date, _whole_months(params.minimum)
        ).isoformat()
    elif anchor.earliest is not None:
        details["count_from_earliest"] = anchor.earliest.isoformat()
        if anchor.latest is not None:
            details["count_from_latest"] = anchor.latest.isoformat()

    maximum = Outcome.MET
    if params.maximum is not None:
        criteria.append(params.maximum.check(None if elapsed is None else elapsed / 12))
        maximum = criteria[-1].outcome
        if anchor_date is not None:
            details["window_ends_on"] = add_months(
                anchor_date, _whole_months(params.maximum)
            ).isoformat()

    if params.gc_withdrawal is not None:
        criteria.append(_gc_withdrawal(params.gc_withdrawal, data, on))

    if complete is Outcome.NOT_MET:
        verdict = DurationStatus.NOT_APPLICABLE
    elif complete is Outcome.UNKNOWN:
        verdict = DurationStatus.NOT_EVALUABLE
    elif minimum is Outcome.NOT_MET:
        verdict = DurationStatus.CONTINUE
    elif minimum is Outcome.UNKNOWN:
        verdict = DurationStatus.NOT_EVALUABLE
    elif maximum is Outcome.NOT_MET:
        verdict = DurationStatus.BEYOND_RECOMMENDED
    else:
        verdict = DurationStatus.SUFFICIENT
    return Decision(
        **base,
        verdict=verdict,
        criteria=criteria,
        missing_inputs=tuple(dict.fromkeys(missing))
        if verdict is DurationStatus.NOT_EVALUABLE
        else (),
        assessed_on=on,
        details=details,
    )


def _whole_months(threshold: Threshold) -> int:
    value = Fraction(threshold.value)
    if value.denominator != 1:  # pragma: no cover - guarded by the parameter tests
        raise InputError(f"{threshold.id}: {threshold.value} is not a whole number of months")
    return int(value)


def _gc_withdrawal(threshold: Threshold, course: ImmunosuppressionCourse, on: date) -> Criterion:
    anchor = _response_anchor(course, on, complete_only=True)
    if anchor.not_started:
        return attrs.evolve(
            threshold.check(Fraction(0)),
            outcome=Outcome.NOT_MET,
            note="no complete renal response yet",
        )
    if anchor.latest is not None and anchor.latest == anchor.earliest:
        return threshold.check(
            months_elapsed(anchor.latest, on) / 12,
            evidence=[Evidence("complete_response", date=anchor.latest)],
            note="assumes the complete response has been sustained since that date",
        )
    return attrs.evolve(
        threshold.check(None, note=anchor.note), outcome=_reached(threshold, anchor, on)
    )


# ----------------------------------------------------------------------------- public API


def check_treatment_duration(
    course: ImmunosuppressionCourse | Mapping[str, Any],
    rule_set: str = "kdigo-2024-duration",
    *,
    at: date | str | None = None,
    **options: Any,
) -> Decision:
    """Check whether immunosuppressive therapy has lasted long enough under a guideline.

    Args:
        course: The course dates (an `ImmunosuppressionCourse` or a plain dict).
        rule_set: ``"kdigo-2024-duration"`` (>= 36 months from treatment start),
            ``"eular-2023-duration"`` (>= 3 years after renal response) or
            ``"acr-2024-duration"`` (3-5 years of total therapy, for patients reaching a
            complete renal response); ``"id@version"`` selects a version.
        at: Evaluation date. Default: the course's ``planned_stop_date`` (is stopping then
            long enough?), else its ``assessment_date``.
        **options: Options of the rule set (e.g. ``response_type="complete"`` for EULAR 2023).

    Returns:
        A `Decision` whose verdict is a
        `DurationStatus` value, with the months elapsed, the date counted from and
        the date the minimum is (or was) reached.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a duration rule set.
        OptionError: unknown option or value.
        InputError: bad dates (e.g. evaluation before treatment start).
        InputValidationError: ``course`` is not a valid course.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(
            f"expected a duration rule-set id (a string), got {type(rule_set).__name__}"
        )
    found = get_rule_set_of_kind(rule_set, RuleKind.DURATION)
    return evaluate_duration(found, course, at=at, **options)


def _evaluator(rule_set_id: str) -> Any:
    def evaluate(
        course: ImmunosuppressionCourse | Mapping[str, Any],
        *,
        at: date | str | None = None,
        **options: Any,
    ) -> Decision:
        return check_treatment_duration(course, rule_set_id, at=at, **options)

    evaluate.__doc__ = f"Apply ``{rule_set_id}`` (see `check_treatment_duration`)."
    return evaluate


_COMMON_NOTES = (
    "Months are calendar months with exact date arithmetic: the minimum is reached on the "
    "monthly anniversary (add_months clamps to the end of shorter months), not by dividing "
    "days by an average month length.",
    "The evaluation date is `at` when given, else the planned stop date (is stopping then "
    "long enough?), else the assessment date; without any of them the result is not "
    "evaluable.",
)

KDIGO_2024_DURATION = register(
    RuleSet(
        id="kdigo-2024-duration",
        version="1.0.0",
        title="KDIGO 2024 total duration of immunosuppression",
        kind=RuleKind.DURATION,
        source_ids=("kdigo-2024-ln",),
        parameters=KDIGO_2024_PARAMETERS,
        description=(
            "Initial plus maintenance immunosuppressive therapy should last at least 36 "
            "months in total, counted from the start of initial therapy. Verdict: "
            "'continue' before 36 calendar months, 'sufficient' from the 36-month "
            "anniversary. An informational criterion reports whether glucocorticoid "
            "withdrawal may be considered (at least 12 months of complete response)."
        ),
        notes=(
            *_COMMON_NOTES,
            "The withdrawal criterion rests on secondary KDIGO-based summaries (medium "
            "confidence, '>=' per gaps-and-corrections C11) and does not change the verdict; "
            "it counts from the first complete response and is 'unknown' when that date is "
            "uncertain and decides it (responses not marked complete).",
            "Renal response dates are not needed for the 36-month rule.",
        ),
        evaluate=_evaluator("kdigo-2024-duration"),
        module=__name__,
    )
)

EULAR_2023_DURATION = register(
    RuleSet(
        id="eular-2023-duration",
        version="1.0.0",
        title="EULAR 2023 duration of treatment after renal response",
        kind=RuleKind.DURATION,
        source_ids=("eular-2023-sle",),
        parameters=EULAR_2023_PARAMETERS,
        description=(
            "After a renal response, treatment should continue for at least 3 years. The "
            "count starts at the first renal response (option `response_type`). Verdict: "
            "'continue' before the third anniversary of the response (or while no response "
            "has been reached), 'sufficient' from it; 'not_evaluable' when the date the count "
            "starts is uncertain and decides the verdict (responses not recorded, or not "
            "marked complete)."
        ),
        options=EULAR_2023_OPTIONS,
        notes=(
            *_COMMON_NOTES,
            "Medium confidence: the 3-year statement comes from a secondary page quoting "
            "EULAR 2023.",
            "With `are_responses_complete=True` and no response, the verdict is 'continue' (the "
            "3-year period has not started). Without `are_responses_complete=True` an earlier "
            "response may be unrecorded, so the count may have started as early as the "
            "treatment start: the verdict is 'sufficient' only if 3 years have passed since the "
            "first recorded response, 'continue' only if 3 years have not passed even since the "
            "treatment start, and 'not_evaluable' in between.",
            "An untyped response counts for response_type='any'; for 'complete' it makes the "
            "start date uncertain, and the verdict is decided only if it is the same with "
            "the earliest and the latest possible start.",
        ),
        evaluate=_evaluator("eular-2023-duration"),
        module=__name__,
    )
)

ACR_2024_DURATION = register(
    RuleSet(
        id="acr-2024-duration",
        version="1.0.0",
        title="ACR 2024 total duration of therapy (3-5 years after reaching CRR)",
        kind=RuleKind.DURATION,
        source_ids=("acr-2024-ln",),
        parameters=ACR_2024_PARAMETERS,
        description=(
            "For patients who reach a complete renal response, total therapy should last "
            "3 to 5 years, counted from treatment start. Verdict: 'continue' before 3 years, "
            "'sufficient' from 3 years up to and including 5 years (the recommended window), "
            "'beyond_recommended' after 5 years, 'not_applicable' when no complete renal "
            "response was reached, 'not_evaluable' when responses are not recorded."
        ),
        notes=(
            *_COMMON_NOTES,
            "ACR 2024 gives the range only for patients reaching CRR; it gives no duration "
            "for others, so they get 'not_applicable' rather than a guessed rule.",
            "The 3-5 years are read as total therapy from treatment start, both ends "
            "inclusive: exactly 5 years is 'sufficient', a day later 'beyond_recommended'.",
        ),
        evaluate=_evaluator("acr-2024-duration"),
        module=__name__,
    )
)


__all__ = [
    "ACR_2024_DURATION",
    "EULAR_2023_DURATION",
    "KDIGO_2024_DURATION",
    "DurationAnchor",
    "DurationParameters",
    "DurationStatus",
    "ImmunosuppressionCourse",
    "RenalResponse",
    "ResponseType",
    "add_months",
    "check_treatment_duration",
    "evaluate_duration",
    "months_elapsed",
]
