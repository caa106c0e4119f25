"""Helpers shared by the trial response rule sets (built on `._common`).

The trial modules (``aurora_1.py``, ``bliss_ln.py``, ``regency.py`` ...) combine the engine's
readings and criteria; what several trials share beyond the engine lives here:

* `floor_or_stable`: "eGFR at or above a floor OR no decline beyond a band" (AURORA,
  BLISS-LN, TULIP-LN, the cohort modified PERR/CRR);
* `aurora_kidney_function`: the AURORA form of it, with the *confirmation* of a
  decrease and the *adjudication* nuance as explicit options (`EgfrConfirmation`,
  `Adjudication`);
* `steroid_window_criterion`: a glucocorticoid exposure rule over the weeks before the
  assessment, recording unknown dose days as missing;
* `creatinine_readings` with `creatinine_within_uln`,
  `baseline_creatinine_vs_uln` and `creatinine_rise`: the pieces of "creatinine at
  most the ULN, or at most X% above a normal baseline" (LUNAR, NOBILITY);
* `inactive_sediment`: red cells below a count per HPF and no red-cell casts;
* `finish`: the verdict, the policy, the endpoint details and the decision.

Events (rescue, treatment failure, withdrawal ...) count from the course start (study day 1,
randomisation) up to the assessment, both in endpoint components (`events_criterion`)
and in the trial-style policies (`policy_events_criterion`); an event dated before the
start belongs to an earlier course. A reference value of exactly zero makes a percent change
undefined: the criterion is unknown and the decision is flagged ``reference-zero``
(`zero_reference_flags`).

Verdict semantics of the trial rule sets: a rule set with a complete and a partial response
(``aurora-1``) uses complete / partial / none. A rule set for a single binary endpoint (PERR,
CRR, adequate response, ...) uses ``complete`` for "endpoint met" and ``none`` for "not
met"; its decision details say which endpoint (``endpoint``) and whether it was met
(``endpoint_met``). Undecidable is always ``not_evaluable``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    ASSESSMENT,
    FLAG_REFERENCE_ZERO,
    AssessmentPoint,
    Policy,
    Reading,
    Trace,
    apply_policy,
    assessment_egfr,
    assessment_flag,
    assessment_measure,
    categorize,
    describe_point,
    event_free_criterion,
    events_until,
    flag_reading_criterion,
    glucocorticoid_criterion,
    match_visit,
    pick_point,
    read_egfr,
    read_measure,
    reference_visit,
    relative_criterion,
    resolve_assessment_date,
    response_decision,
    stability_criterion,
    threshold_criterion,
    window_text,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence, ResponseCategory
from lupus_nephritis.logic import Outcome, all_of, negate
from lupus_nephritis.models import EventType, TreatmentCourse, Visit
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import (
    Option,
    Threshold,
    combine,
    flag_criterion,
    outcome_criterion,
    percent_reduction,
)
from lupus_nephritis.timeline import (
    DEFAULT_WEEK_WINDOW_READING,
    EXPOSURE_WINDOW_OPTION,
    Confirmation,
    ExposureRule,
    VisitWindow,
    confirm,
    week_window_before,
)

#: Flag: the primary (complete) response is decided not met while the secondary partial
#: response could not be computed (see `finish`, ``complete_decides``).
FLAG_PARTIAL_NOT_EVALUABLE = "partial-response-not-evaluable"

#: Note on the visit window every trial rule set uses (protocol windows are not public).
TRIAL_WINDOW_NOTE = (
    "Library default: the trial's visit windows are not public; the nearest visit within "
    "14 days of the assessment point is used (option visit_matching)."
)


def trial_window() -> VisitWindow:
    """The library's default trial visit window: nearest visit within +/- 14 days."""
    return VisitWindow("window", before_days=14, after_days=14, note=TRIAL_WINDOW_NOTE)


class EgfrConfirmation(str, Enum):
    """How a "confirmed" eGFR decrease is read (AURORA; the definition is NOT FOUND)."""

    NEXT_MEASUREMENT = "next-measurement"
    """The numeric failure must also be present at the next eGFR measurement."""
    SINGLE_MEASUREMENT = "single-measurement"
    """The assessment measurement alone decides."""


class Adjudication(str, Enum):
    """Whether failing the AURORA eGFR component needs an adjudicated eGFR-related event."""

    ADJUDICATED = "adjudicated"
    NUMERIC_ONLY = "numeric-only"


def confirmation_option(default: str, *, source_id: str, reason: str) -> Option:
    """The ``egfr_confirmation`` option (how a 'confirmed' decrease is read)."""
    return Option(
        "egfr_confirmation",
        default,
        "How 'confirmed' eGFR decrease is read (the protocol definition is NOT FOUND): "
        "'next-measurement' = the numeric failure at the assessment (eGFR below the floor "
        "and decreased beyond the band) must also be present at the next eGFR measurement "
        "(none yet -> unknown); 'single-measurement' = the assessment value alone decides. "
        + reason,
        choices=tuple(c.value for c in EgfrConfirmation),
        source_id=source_id,
    )


def adjudication_option(default: str, *, source_id: str, reason: str) -> Option:
    """The ``adjudication`` option (AURORA's adjudicated eGFR-event nuance)."""
    return Option(
        "adjudication",
        default,
        "'adjudicated' = the eGFR component fails only when the numbers fail (eGFR below the "
        "floor AND decreased beyond the band, confirmed) AND an adjudicated treatment- or "
        "disease-related eGFR event occurred (EventType.ADJUDICATED_EGFR_EVENT on or before "
        "the assessment, else TreatmentCourse.has_adjudicated_egfr_event; None = unknown); "
        "'numeric-only' = the numbers alone decide. " + reason,
        choices=tuple(a.value for a in Adjudication),
        source_id=source_id,
    )


def time_points_date(
    course: TreatmentCourse, at: object, points: Sequence[AssessmentPoint], name: str
) -> tuple[AssessmentPoint, date]:
    """The named default point and the assessment date (``at`` overrides the point)."""
    point = pick_point(points, name)
    return point, resolve_assessment_date(course, at, default_week=point.week)


# =============================================================================== criteria


def floor_or_stable(
    floor: Threshold,
    band: Threshold,
    reference: Reading,
    current: Reading,
    *,
    label: str,
    source_id: str,
    id: str = "kidney-function",
    extra: Sequence[Criterion] = (),
) -> Criterion:
    """Met when ``current`` is at or above ``floor`` OR its worsening is within ``band``.

    The worsening is measured from ``reference`` (Kleene OR; ``extra`` criteria join the
    disjunction).
    """
    return combine(
        id,
        label,
        [
            threshold_criterion(floor, current),
            stability_criterion(band, reference, current),
            *extra,
        ],
        mode="any",
        source_id=source_id,
    )


def adjudicated_egfr_event(
    course: TreatmentCourse, until: date
) -> tuple[bool | None, tuple[Evidence, ...], str]:
    """Whether an adjudicated eGFR-related event occurred (value, evidence, note).

    A dated ``ADJUDICATED_EGFR_EVENT`` from the course start up to ``until`` means yes;
    otherwise the course's ``has_adjudicated_egfr_event`` answers (None = not adjudicated /
    unknown).
    """
    found = events_until(
        course, (EventType.ADJUDICATED_EGFR_EVENT,), until, since=course.start_date
    )
    if found:
        evidence = tuple(Evidence(e.type.value, date=e.date, note=e.note) for e in found)
        dates = ", ".join(e.date.isoformat() for e in found)
        return True, evidence, f"adjudicated eGFR event on {dates}"
    value = course.has_adjudicated_egfr_event
    if value is None:
        return None, (), "missing: course.has_adjudicated_egfr_event (not adjudicated)"
    evidence = (Evidence("has_adjudicated_egfr_event", value=value),)
    return value, evidence, "as recorded on the course"


def aurora_kidney_function(
    course: TreatmentCourse,
    *,
    floor: Threshold,
    band: Threshold,
    confirmation: Confirmation,
    assessed_on: date,
    window: VisitWindow,
    equation: str,
    confirmation_mode: EgfrConfirmation | str,
    adjudication_mode: Adjudication | str,
    trace: Trace,
    source_id: str,
    reference_role: str = "baseline",
) -> Criterion:
    """The AURORA eGFR component: eGFR >= floor OR no confirmed decrease beyond ``band``.

    Children of the returned ``"kidney-function"`` criterion (Kleene OR): the floor, the
    decrease band (``band`` is the *passing* band, e.g. decline ``<= 20 %``), then, by option,
    ``"egfr-failure-not-confirmed"`` (met when the numeric failure is not confirmed at the
    next eGFR measurement) and ``"no-adjudicated-egfr-event"``. The component therefore fails
    only when every child fails.
    """
    ref_visit = reference_visit(course, reference_role)
    reference = trace.use(read_egfr(course, ref_visit, role=reference_role, equation=equation))
    trace.flag(*zero_reference_flags(reference))
    current = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    visit = match_visit(course, assessed_on, window, "egfr")
    at_floor = threshold_criterion(floor, current)
    stable = stability_criterion(band, reference, current)
    children: list[Criterion] = [at_floor, stable]
    failure = all_of((negate(at_floor.outcome), negate(stable.outcome)))
    if EgfrConfirmation(confirmation_mode) is EgfrConfirmation.NEXT_MEASUREMENT:
        children.append(
            _not_confirmed(
                course,
                visit,
                failure,
                reference,
                floor=floor,
                band=band,
                confirmation=confirmation,
                equation=equation,
                trace=trace,
                source_id=source_id,
            )
        )
    label = f"eGFR {floor.describe()} or no confirmed decrease beyond the band ({band.describe()})"
    if Adjudication(adjudication_mode) is Adjudication.ADJUDICATED:
        value, evidence, note = adjudicated_egfr_event(course, assessed_on)
        children.append(
            flag_criterion(
                "no-adjudicated-egfr-event",
                "No adjudicated treatment- or disease-related eGFR event",
                value,
                required=False,
                source_id=source_id,
                evidence=evidence,
                note=note,
            )
        )
        label += ", or no adjudicated eGFR-related event"
    result = combine("kidney-function", label, children, mode="any", source_id=source_id)
    adjudicated = Adjudication(adjudication_mode) is Adjudication.ADJUDICATED
    if adjudicated and result.outcome is children[-1].outcome is Outcome.UNKNOWN:
        trace.missing("course.has_adjudicated_egfr_event")
    return result


def _not_confirmed(
    course: TreatmentCourse,
    visit: Visit | None,
    failure: Outcome,
    reference: Reading,
    *,
    floor: Threshold,
    band: Threshold,
    confirmation: Confirmation,
    equation: str,
    trace: Trace,
    source_id: str,
) -> Criterion:
    cid = "egfr-failure-not-confirmed"
    label = "Numeric eGFR failure not confirmed at the next eGFR measurement"
    if failure is Outcome.NOT_MET:
        return outcome_criterion(
            cid, label, Outcome.MET, source_id=source_id, note="no numeric failure to confirm"
        )
    if failure is Outcome.UNKNOWN or visit is None:
        return outcome_criterion(
            cid, label, Outcome.UNKNOWN, source_id=source_id, note="numeric failure undecided"
        )

    def fails(v: Visit) -> Outcome:
        reading = read_egfr(course, v, role="confirmation", equation=equation)
        if reading.value is None:
            return Outcome.UNKNOWN
        decline = percent_reduction(reference.value, reading.value)
        return all_of((negate(floor.outcome(reading.value)), negate(band.outcome(decline))))

    outcome, confirming = confirm(course.visits, visit, confirmation, fails)
    evidence: tuple[Evidence, ...] = ()
    if confirming is not None:
        evidence = read_egfr(course, confirming, role="confirmation", equation=equation).evidence
    if outcome is Outcome.UNKNOWN:
        trace.missing("confirmation.egfr")
        note = f"missing: no eGFR measurement after {visit.date.isoformat()} to confirm"
    elif outcome is Outcome.MET:
        note = "failure confirmed at the next eGFR measurement"
    else:
        note = "failure not present at the next eGFR measurement"
    return outcome_criterion(
        cid, label, negate(outcome), source_id=source_id, evidence=evidence, note=note
    )


def steroid_window_criterion(
    course: TreatmentCourse,
    rule: ExposureRule,
    first: date,
    last: date,
    *,
    id: str,
    label: str,
    trace: Trace,
) -> Criterion:
    """Met when the daily prednisone equivalent in ``[first, last]`` does not breach ``rule``.

    The span is clipped to the treatment start. Unknown dose days (records not complete) can
    leave it unknown; then ``"glucocorticoids"`` is recorded as missing.
    """
    first = max(first, course.start_date)
    last = max(last, first)
    criterion = glucocorticoid_criterion(course, rule, first, last, id=id, label=label)
    if criterion.outcome is Outcome.UNKNOWN:
        trace.missing("glucocorticoids")
    return criterion


def weeks_before(assessed_on: date, weeks: int) -> date:
    """The date ``weeks`` weeks before ``assessed_on``."""
    return assessed_on - timedelta(weeks=weeks)


def steroid_window(assessed_on: date, weeks: int, opts: Mapping[str, Any]) -> tuple[date, date]:
    """The steroid window "the ``weeks`` weeks up to the assessment" under the option's reading.

    The assessment date plays the week-B visit (e.g. AURORA 1's weeks 44 through 52 for the
    week-52 assessment); ``opts["exposure_window"]`` selects the reading (absent: the first
    release's visit days). See `lupus_nephritis.timeline.week_window_before`.
    """
    reading = opts.get(EXPOSURE_WINDOW_OPTION, DEFAULT_WEEK_WINDOW_READING)
    return week_window_before(assessed_on, weeks, reading)


def events_criterion(
    course: TreatmentCourse,
    types: Iterable[EventType],
    until: date,
    *,
    id: str,
    label: str,
    source_id: str,
) -> Criterion:
    """Met when no event of ``types`` is recorded from the course start up to ``until``.

    Trial endpoints count events after treatment start (randomisation) only: an event dated
    before ``course.start_date`` (e.g. a treatment failure of an earlier regimen) is ignored.
    """
    return event_free_criterion(
        course, types, until, id=id, label=label, source_id=source_id, since=course.start_date
    )


def policy_events_criterion(
    course: TreatmentCourse,
    policy: str,
    until: date,
    *,
    types: Iterable[EventType],
    source_id: str,
) -> Criterion | None:
    """The ``"no-intercurrent-event"`` criterion a trial-style policy needs (None otherwise).

    As `policy_event_criterion`, counting
    only events from the course start up to ``until`` (see `events_criterion`).
    """
    if Policy(policy) is Policy.NOT_EVALUABLE:
        return None
    return event_free_criterion(
        course,
        tuple(types),
        until,
        id="no-intercurrent-event",
        label="No intercurrent event from the start up to the assessment (policy)",
        source_id=source_id,
        since=course.start_date,
    )


def zero_reference_flags(*references: Reading) -> tuple[str, ...]:
    """``("reference-zero",)`` when a known reference value is exactly zero.

    A percent change from zero is undefined, so the criterion built on it is unknown although
    no input is missing; the flag says why.
    """
    if any(r.value is not None and r.value == 0 for r in references):
        return (FLAG_REFERENCE_ZERO,)
    return ()


@attrs.frozen(slots=True)
class CreatinineReadings:
    """Creatinine and the laboratory's upper limit of normal (ULN), now and at baseline."""

    current: Reading
    uln: Reading
    baseline: Reading
    baseline_uln: Reading


def creatinine_readings(
    course: TreatmentCourse, assessed_on: date, window: VisitWindow, *, trace: Trace
) -> CreatinineReadings:
    """Read creatinine and its ULN at the matched assessment visit and at baseline."""
    visit = match_visit(course, assessed_on, window, "creatinine")
    current = read_measure(visit, "creatinine", role=ASSESSMENT)
    if visit is None:
        current = attrs.evolve(
            current, note=f"creatinine: {window_text(assessed_on, window)} with creatinine"
        )
    return CreatinineReadings(
        current=trace.use(current),
        uln=trace.use(read_measure(visit, "creatinine_uln", role=ASSESSMENT)),
        baseline=trace.use(read_measure(course.baseline, "creatinine", role="baseline")),
        baseline_uln=trace.use(read_measure(course.baseline, "creatinine_uln", role="baseline")),
    )


def creatinine_within_uln(
    threshold: Threshold, readings: CreatinineReadings, *, id: str = "creatinine-at-most-uln"
) -> Criterion:
    """Creatinine as a percentage of the same visit's ULN, compared with ``threshold``."""
    return relative_criterion(threshold, readings.uln, readings.current, mode="percent_of", id=id)


def baseline_creatinine_vs_uln(
    threshold: Threshold, readings: CreatinineReadings, *, id: str
) -> Criterion:
    """Baseline creatinine as a percentage of the baseline ULN, compared with ``threshold``."""
    return relative_criterion(
        threshold, readings.baseline_uln, readings.baseline, mode="percent_of", id=id
    )


def creatinine_rise(
    threshold: Threshold, readings: CreatinineReadings, *, id: str | None = None
) -> Criterion:
    """The percent rise of creatinine from baseline, compared with ``threshold``."""
    return relative_criterion(
        threshold, readings.baseline, readings.current, mode="increase", id=id
    )


def inactive_sediment(
    course: TreatmentCourse,
    assessed_on: date,
    window: VisitWindow,
    rbc: Threshold,
    *,
    trace: Trace,
    source_id: str,
) -> Criterion:
    """Inactive urine sediment: red cells below ``rbc`` per HPF AND no red-cell casts."""
    cells = trace.use(assessment_measure(course, assessed_on, window, "urine_rbc"))
    casts = trace.use_flag(assessment_flag(course, assessed_on, window, "has_red_cell_casts"))
    return combine(
        "inactive-sediment",
        f"Inactive sediment: urine RBC {rbc.describe()} and no red-cell casts",
        [
            threshold_criterion(rbc, cells),
            flag_reading_criterion(
                casts,
                required=False,
                id="no-red-cell-casts",
                label="No red-cell casts",
                source_id=source_id,
            ),
        ],
        mode="all",
        source_id=source_id,
    )


# =============================================================================== verdict


def finish(
    rule_set: RuleSet,
    course: TreatmentCourse,
    *,
    complete: Criterion,
    partial: Criterion | None = None,
    trace: Trace,
    opts: dict[str, Any],
    at: object,
    point: AssessmentPoint,
    assessed_on: date,
    intercurrent_events: Iterable[EventType],
    endpoint: str,
    source_id: str,
    extra: Sequence[Criterion] = (),
    complete_decides: bool = False,
    undecided_partial: ResponseCategory = ResponseCategory.NONE,
) -> Decision:
    """Categorize, apply the policy, record the endpoint details and build the decision.

    With ``complete_decides`` (a trial whose primary endpoint is the complete response and
    whose partial response is secondary, e.g. AURORA 1), the endpoint details follow the
    complete response: a complete response decided *not met* gives ``endpoint_met`` False
    even when the partial response is unknown. The verdict of that case is
    ``undecided_partial``: ``none`` (non-responder for the secondary endpoint, as
    ``aurora-1@2.0.0``) or ``not_evaluable`` (partial or none, undecided; the policy may still
    impute it). Either way the partial criterion stays in the trace as unknown with its
    missing inputs, the decision is flagged ``partial-response-not-evaluable`` and the detail
    ``partial_response_met`` is ``None``.
    """
    criteria = [complete, *([partial] if partial is not None else []), *extra]
    category = categorize(complete.outcome, None if partial is None else partial.outcome)
    primary_not_met = complete_decides and complete.outcome is Outcome.NOT_MET
    if complete_decides and partial is not None:
        if complete.outcome is Outcome.NOT_MET and partial.outcome is Outcome.UNKNOWN:
            category = undecided_partial
            trace.flag(FLAG_PARTIAL_NOT_EVALUABLE)
        trace.detail(
            "partial_response_met",
            None if partial.outcome is Outcome.UNKNOWN else partial.outcome is Outcome.MET,
        )
    policy = opts["policy"]
    events = policy_events_criterion(
        course, policy, assessed_on, types=intercurrent_events, source_id=source_id
    )
    if events is not None:
        criteria.append(events)
    category, flags = apply_policy(category, policy, event_free=events)
    trace.flag(*flags)
    trace.detail("assessment_point", describe_point(at, point.week))
    trace.detail("endpoint", endpoint)
    if category is not ResponseCategory.NOT_EVALUABLE:
        endpoint_met: bool | None = category is ResponseCategory.COMPLETE
    else:
        endpoint_met = False if primary_not_met else None
    trace.detail("endpoint_met", endpoint_met)
    return response_decision(
        rule_set,
        category,
        criteria,
        trace,
        policy=policy,
        options=opts,
        assessed_on=assessed_on,
    )


__all__ = [
    "FLAG_PARTIAL_NOT_EVALUABLE",
    "TRIAL_WINDOW_NOTE",
    "Adjudication",
    "CreatinineReadings",
    "EgfrConfirmation",
    "adjudicated_egfr_event",
    "adjudication_option",
    "aurora_kidney_function",
    "baseline_creatinine_vs_uln",
    "confirmation_option",
    "creatinine_readings",
    "creatinine_rise",
    "creatinine_within_uln",
    "events_criterion",
    "finish",
    "floor_or_stable",
    "inactive_sediment",
    "policy_events_criterion",
    "steroid_window",
    "steroid_window_criterion",
    "time_points_date",
    "trial_window",
    "weeks_before",
    "zero_reference_flags",
]
