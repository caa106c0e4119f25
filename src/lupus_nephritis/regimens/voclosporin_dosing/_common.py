"""Shared engine of the voclosporin eGFR dose-modification rule sets.

The label table compares the current eGFR with the baseline eGFR:

* eGFR at or above 60: no change, whatever the percentage change;
* eGFR below 60 and a decrease of at most 20%: no change;
* eGFR below 60 and a decrease above 20% and below 30%: reduce each dose by 7.9 mg (twice
  daily) and reassess within 2 weeks; if still reduced by more than 20%, reduce again;
* eGFR below 60 and a decrease of 30% or more: discontinue and reassess within 2 weeks;
* after an eGFR-driven discontinuation, restart (at 7.9 mg twice daily) only when eGFR is back
  to at least 80% of baseline; after an eGFR-driven reduction, consider increasing by 7.9 mg
  twice daily for each eGFR at least 80% of baseline, never above the starting dose.

The decrease is ``(baseline - current) / baseline * 100``, computed exactly
(`percent_reduction`); percent of baseline is
`percent_of`. Every threshold is a cited
`Threshold` on the rule set's parameters.

The EU SmPC adds a confirmation rule: act on a decrease only when two consecutive assessments
within 48 hours show it. With dates only (no times), two assessments on the same or consecutive
days are certainly within 48 hours, three or more days apart certainly not, and two days apart
cannot be decided without the times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome, all_of
from lupus_nephritis.models import EGFR
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold, outcome_criterion, percent_of, percent_reduction
from lupus_nephritis.units import format_decimal

HOURS_PER_DAY = 24
"""Unit conversion for the confirmation window when only dates are given."""
SECONDS_PER_HOUR = 3600
"""Unit conversion for the confirmation window with times."""


class VoclosporinDoseAction(str, Enum):
    """What the eGFR dose-modification rule says to do."""

    NO_CHANGE = "no_change"
    """No change to the current state (dose unchanged, or remain off after discontinuation)."""
    REDUCE_DOSE = "reduce_dose"
    """Reduce each dose by 7.9 mg (twice daily) and reassess within 2 weeks."""
    DISCONTINUE = "discontinue"
    """Discontinue and reassess within 2 weeks."""
    MAY_INCREASE = "may_increase"
    """After an eGFR-driven reduction: consider increasing by 7.9 mg twice daily."""
    MAY_RESTART = "may_restart"
    """After an eGFR-driven discontinuation: restart may be considered at 7.9 mg twice daily."""
    CONFIRM_FIRST = "confirm_first"
    """EU: the decrease must be confirmed by a second assessment within 48 h before acting."""
    NOT_EVALUABLE = "not_evaluable"
    """Inputs are missing."""


class VoclosporinStatus(str, Enum):
    """Where the patient stands with voclosporin when the eGFR is assessed."""

    ON_FULL_DOSE = "on_full_dose"
    """On the starting dose (no eGFR-driven reduction in effect)."""
    ON_REDUCED_DOSE = "on_reduced_dose"
    """On a dose reduced because of eGFR."""
    DISCONTINUED = "discontinued"
    """Stopped because of eGFR."""


@attrs.frozen(slots=True)
class DosingParameters:
    """The eGFR dose-modification table as cited data.

    Attributes:
        egfr_gate: Current eGFR below which decreases matter (< 60).
        decrease_reduce_lower: Decrease that starts the reduce band (> 20%).
        decrease_reduce_upper: Decrease that ends the reduce band (< 30%).
        decrease_discontinue: Decrease that means discontinuation (>= 30%).
        recovery: eGFR as percent of baseline for restart or up-titration (>= 80%).
        dose_step_mg: Reduction or increase per dose, mg (twice daily).
        restart_dose_mg: Dose at restart, mg twice daily.
        starting_dose_mg: Standard starting dose, mg twice daily. Up-titration never exceeds
            the patient's own starting dose, which is lower after a reduced start (eGFR below
            30, hepatic impairment, a moderate CYP3A4 inhibitor).
        reassess_within_days: Reassess eGFR within this many days after a change.
        confirmation_window_hours: EU: the two assessments confirming a decrease lie within
            this many hours (``None``: no confirmation needed).
        source_id: Source of the table.
    """

    egfr_gate: Threshold
    decrease_reduce_lower: Threshold
    decrease_reduce_upper: Threshold
    decrease_discontinue: Threshold
    recovery: Threshold
    dose_step_mg: Decimal
    restart_dose_mg: Decimal
    starting_dose_mg: Decimal
    reassess_within_days: int
    confirmation_window_hours: int | None
    source_id: str


def label_thresholds(source_id: str) -> dict[str, Threshold]:
    """The table's thresholds with ``source_id`` (the US and EU tables share the values)."""
    return {
        "egfr_gate": Threshold(
            id="egfr-below-60",
            label="current eGFR below 60 mL/min/1.73 m2",
            comparator="<",
            value="60",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=source_id,
            note="At or above 60 no adjustment is needed, whatever the percentage change.",
        ),
        "decrease_reduce_lower": Threshold(
            id="decrease-above-20",
            label="decrease from baseline above 20%",
            comparator=">",
            value="20",
            unit="%",
            quantity="percent",
            source_id=source_id,
            note="A decrease of exactly 20% needs no adjustment.",
        ),
        "decrease_reduce_upper": Threshold(
            id="decrease-below-30",
            label="decrease from baseline below 30%",
            comparator="<",
            value="30",
            unit="%",
            quantity="percent",
            source_id=source_id,
        ),
        "decrease_discontinue": Threshold(
            id="decrease-30-or-more",
            label="decrease from baseline of 30% or more",
            comparator=">=",
            value="30",
            unit="%",
            quantity="percent",
            source_id=source_id,
        ),
        "recovery": Threshold(
            id="recovered-80-percent",
            label="eGFR at least 80% of baseline",
            comparator=">=",
            value="80",
            unit="%",
            quantity="percent",
            source_id=source_id,
            note="Restart after discontinuation, or up-titration after a reduction.",
        ),
    }


def parse_egfr(value: object, what: str) -> EGFR | None:
    """An eGFR measure from a model, a mapping or ``"52 mL/min/{1.73_m2}"`` (``None`` stays)."""
    if value is None or isinstance(value, EGFR):
        return value
    if isinstance(value, (Mapping, str)):
        return EGFR.model_validate(value)
    raise InputError(
        f"{what}: give an eGFR with its unit, e.g. '52 mL/min/{{1.73_m2}}' or "
        f"{{'value': 52, 'unit': 'mL/min/{{1.73_m2}}'}}, not {type(value).__name__}"
    )


def parse_when(value: object, what: str) -> date | datetime | None:
    """A date or datetime from a model value or an ISO string (``None`` stays)."""
    if value is None or isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return (
                datetime.fromisoformat(text)
                if "T" in text or " " in text
                else date.fromisoformat(text)
            )
        except ValueError:
            raise InputError(f"{what}: {value!r} is not an ISO date or datetime") from None
    raise InputError(f"{what}: expected a date or datetime, got {type(value).__name__}")


def within_window(first: date | datetime, second: date | datetime, hours: int) -> Outcome:
    """Whether two assessments lie within ``hours`` of each other (unknown when undecidable).

    With two datetimes the interval is exact. With a date on either side, the calendar-day
    distance ``d`` bounds the interval to the open range ``((d - 1) * 24, (d + 1) * 24)`` hours.
    """
    if isinstance(first, datetime) and isinstance(second, datetime):
        if (first.tzinfo is None) != (second.tzinfo is None):
            raise InputError("assessment times must both have, or both lack, a time zone")
        seconds = abs((second - first).total_seconds())
        return Outcome.from_bool(Fraction(seconds) <= hours * SECONDS_PER_HOUR)
    d1 = first.date() if isinstance(first, datetime) else first
    d2 = second.date() if isinstance(second, datetime) else second
    days = abs((d2 - d1).days)
    if (days + 1) * HOURS_PER_DAY <= hours:
        return Outcome.MET
    if (days - 1) * HOURS_PER_DAY >= hours:
        return Outcome.NOT_MET
    return Outcome.UNKNOWN


def _evidence(field: str, egfr: EGFR, when: date | datetime | None) -> Evidence:
    day = when.date() if isinstance(when, datetime) else when
    note = when.isoformat() if isinstance(when, datetime) else None
    return Evidence(field, date=day, value=egfr.value, unit=egfr.unit, note=note)


@attrs.frozen(slots=True)
class Band:
    """The table row an eGFR falls in, with the criteria that placed it there."""

    action: VoclosporinDoseAction | None
    criteria: tuple[Criterion, ...]
    reduction: Fraction | None
    percent_of_baseline: Fraction | None


def band(
    p: DosingParameters,
    baseline: EGFR,
    current: EGFR,
    *,
    status: VoclosporinStatus,
    suffix: str = "",
    evidence: tuple[Evidence, ...] = (),
) -> Band:
    """Place one eGFR in the table (``action`` is ``None`` for "no qualifying decrease")."""
    reduction = percent_reduction(baseline.canonical, current.canonical)
    share = percent_of(baseline.canonical, current.canonical)

    def ident(threshold: Threshold) -> str:
        return threshold.id + suffix

    gate = p.egfr_gate.check(current.canonical, evidence=evidence, id=ident(p.egfr_gate))
    above20 = p.decrease_reduce_lower.check(
        reduction, evidence=evidence, id=ident(p.decrease_reduce_lower)
    )
    below30 = p.decrease_reduce_upper.check(
        reduction, evidence=evidence, id=ident(p.decrease_reduce_upper)
    )
    over30 = p.decrease_discontinue.check(
        reduction, evidence=evidence, id=ident(p.decrease_discontinue)
    )
    recovered = p.recovery.check(share, evidence=evidence, id=ident(p.recovery))
    criteria = [gate, above20, below30, over30]
    action: VoclosporinDoseAction | None = None
    if all_of((gate.outcome, over30.outcome)) is Outcome.MET:
        action = VoclosporinDoseAction.DISCONTINUE
    elif all_of((gate.outcome, above20.outcome, below30.outcome)) is Outcome.MET:
        action = VoclosporinDoseAction.REDUCE_DOSE
    if status is not VoclosporinStatus.ON_FULL_DOSE:
        criteria.append(recovered)
    return Band(action, tuple(criteria), reduction, share)


_SEVERITY = {
    None: 0,
    VoclosporinDoseAction.REDUCE_DOSE: 1,
    VoclosporinDoseAction.DISCONTINUE: 2,
}


def evaluate_dosing(
    rule_set: RuleSet,
    p: DosingParameters,
    baseline_egfr: object,
    current_egfr: object,
    *,
    status: object,
    current_at: object,
    confirmation_egfr: object,
    confirmation_at: object,
    options: Mapping[str, Any],
    follow_us_rows: bool = True,
    notes: tuple[str, ...] = (),
) -> Decision:
    """Apply the dose-modification table (and the EU confirmation rule when configured)."""
    baseline = parse_egfr(baseline_egfr, "baseline_egfr")
    current = parse_egfr(current_egfr, "current_egfr")
    confirmation = parse_egfr(confirmation_egfr, "confirmation_egfr")
    when = parse_when(current_at, "current_at")
    confirmation_when = parse_when(confirmation_at, "confirmation_at")
    try:
        state = VoclosporinStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in VoclosporinStatus)
        raise InputError(f"status {status!r} is not one of: {known}") from None
    if baseline is not None and baseline.canonical == 0:
        raise InputError("baseline_egfr: a baseline of 0 has no percentage change")

    def decision(
        verdict: VoclosporinDoseAction,
        criteria: tuple[Criterion, ...],
        *,
        missing: tuple[str, ...] = (),
        details: tuple[tuple[str, Any], ...] = (),
        flags: tuple[str, ...] = (),
    ) -> Decision:
        return Decision(
            rule_set_id=rule_set.id,
            rule_set_version=rule_set.version,
            kind=rule_set.kind.value,
            verdict=verdict,
            criteria=criteria,
            missing_inputs=missing,
            flags=flags,
            options=tuple(options.items()),
            assessed_on=when.date() if isinstance(when, datetime) else when,
            details=(("status", state.value), *details),
            source_ids=rule_set.source_ids,
            subject="voclosporin",
        )

    if baseline is None or current is None:
        absent = tuple(
            name
            for name, v in (("baseline_egfr", baseline), ("current_egfr", current))
            if v is None
        )
        unknown = (
            p.egfr_gate.check(None if current is None else current.canonical),
            p.decrease_reduce_lower.check(None),
        )
        return decision(VoclosporinDoseAction.NOT_EVALUABLE, unknown, missing=absent)

    first = band(
        p,
        baseline,
        current,
        status=state,
        evidence=(
            _evidence("baseline_egfr", baseline, None),
            _evidence("current_egfr", current, when),
        ),
    )
    details: list[tuple[str, Any]] = [
        ("percent_decrease", first.reduction),
        ("percent_of_baseline", first.percent_of_baseline),
    ]
    criteria: list[Criterion] = list(first.criteria)
    missing: list[str] = []
    flags: list[str] = []
    action: VoclosporinDoseAction | None = first.action
    if (
        action is not None
        and p.confirmation_window_hours is not None
        and state is not VoclosporinStatus.DISCONTINUED
    ):
        action, extra, extra_missing = _confirm(
            p, baseline, current, when, confirmation, confirmation_when, state, action
        )
        criteria += extra
        missing += extra_missing

    final: VoclosporinDoseAction
    if action in (VoclosporinDoseAction.REDUCE_DOSE, VoclosporinDoseAction.DISCONTINUE):
        if state is VoclosporinStatus.DISCONTINUED:
            final = VoclosporinDoseAction.NO_CHANGE
            details.append(("instruction", "remain off; reassess"))
        elif action is VoclosporinDoseAction.REDUCE_DOSE and not follow_us_rows:
            final = VoclosporinDoseAction.NOT_EVALUABLE
            flags.append("eu-table-row-not-found")
        else:
            final = action
            details += _instruction(p, action)
    elif action is not None:  # confirm first, not evaluable, or not confirmed
        final = action
    elif (
        state is VoclosporinStatus.ON_FULL_DOSE
        or p.recovery.outcome(first.percent_of_baseline) is not Outcome.MET
    ):
        final = VoclosporinDoseAction.NO_CHANGE
        details.append(("instruction", "no change"))
    elif not follow_us_rows:
        final = VoclosporinDoseAction.NOT_EVALUABLE
        flags.append("eu-table-row-not-found")
    elif state is VoclosporinStatus.DISCONTINUED:
        final = VoclosporinDoseAction.MAY_RESTART
        details.append(
            (
                "instruction",
                f"restart may be considered at {format_decimal(p.restart_dose_mg)} mg twice daily",
            )
        )
    else:
        final = VoclosporinDoseAction.MAY_INCREASE
        details.append(
            (
                "instruction",
                f"consider increasing by {format_decimal(p.dose_step_mg)} mg twice daily, not "
                f"above the starting dose ({format_decimal(p.starting_dose_mg)} mg twice daily "
                "unless the patient started lower)",
            )
        )
    return decision(
        final,
        tuple(criteria),
        missing=tuple(missing),
        details=tuple(details),
        flags=tuple(flags),
    )


def _instruction(p: DosingParameters, action: VoclosporinDoseAction) -> list[tuple[str, Any]]:
    if action is VoclosporinDoseAction.REDUCE_DOSE:
        text = (
            f"reduce each dose by {format_decimal(p.dose_step_mg)} mg (twice daily); reassess "
            f"within {p.reassess_within_days} days"
        )
    else:
        text = (
            f"discontinue; reassess within {p.reassess_within_days} days; restart only at eGFR "
            f">= {format_decimal(p.recovery.value)}% of baseline"
        )
    return [("instruction", text), ("reassess_within_days", p.reassess_within_days)]


def _confirm(
    p: DosingParameters,
    baseline: EGFR,
    current: EGFR,
    when: date | datetime | None,
    confirmation: EGFR | None,
    confirmation_when: date | datetime | None,
    state: VoclosporinStatus,
    action: VoclosporinDoseAction,
) -> tuple[VoclosporinDoseAction, list[Criterion], list[str]]:
    hours = p.confirmation_window_hours
    if hours is None:  # pragma: no cover - guarded by the caller
        return action, [], []
    label = f"decrease confirmed by a second assessment within {hours} h"
    if confirmation is None:
        criterion = outcome_criterion(
            "confirmation",
            label,
            Outcome.UNKNOWN,
            source_id=p.source_id,
            note="no confirmatory assessment given: confirm before adjusting",
        )
        return VoclosporinDoseAction.CONFIRM_FIRST, [criterion], ["confirmation_egfr"]
    if when is None or confirmation_when is None:
        absent = [
            n
            for n, v in (("current_at", when), ("confirmation_at", confirmation_when))
            if v is None
        ]
        criterion = outcome_criterion(
            "confirmation",
            label,
            Outcome.UNKNOWN,
            source_id=p.source_id,
            note="assessment dates are needed to check the 48-hour window",
        )
        return VoclosporinDoseAction.NOT_EVALUABLE, [criterion], absent
    window = within_window(when, confirmation_when, hours)
    window_criterion = outcome_criterion(
        "confirmation-window",
        f"second assessment within {hours} h of the first",
        window,
        source_id=p.source_id,
        evidence=(
            _evidence("current_egfr", current, when),
            _evidence("confirmation_egfr", confirmation, confirmation_when),
        ),
        note=None
        if window is not Outcome.UNKNOWN
        else "dates two days apart: give times to decide the 48-hour window",
    )
    if window is Outcome.UNKNOWN:
        return VoclosporinDoseAction.NOT_EVALUABLE, [window_criterion], ["assessment times"]
    if window is Outcome.NOT_MET:
        return VoclosporinDoseAction.CONFIRM_FIRST, [window_criterion], []
    second = band(
        p,
        baseline,
        confirmation,
        status=VoclosporinStatus.ON_FULL_DOSE,
        suffix="-confirmation",
        evidence=(_evidence("confirmation_egfr", confirmation, confirmation_when),),
    )
    confirmed = min((action, second.action), key=lambda a: _SEVERITY[a])
    summary = outcome_criterion(
        "confirmation",
        label,
        Outcome.MET if confirmed is not None else Outcome.NOT_MET,
        source_id=p.source_id,
        observed=None if confirmed is None else confirmed.value,
        note="the confirmed action is the milder of the two assessments",
    )
    result = confirmed if confirmed is not None else VoclosporinDoseAction.NO_CHANGE
    if confirmed is None and state is not VoclosporinStatus.ON_FULL_DOSE:
        result = VoclosporinDoseAction.NO_CHANGE
    return result, [window_criterion, *second.criteria, summary], []


__all__ = [
    "HOURS_PER_DAY",
    "SECONDS_PER_HOUR",
    "Band",
    "DosingParameters",
    "VoclosporinDoseAction",
    "VoclosporinStatus",
    "band",
    "evaluate_dosing",
    "label_thresholds",
    "parse_egfr",
    "parse_when",
    "within_window",
]
