"""Engine of the belimumab dosing rule sets: the label schedule checked dose by dose.

The schedule (all numbers are cited parameters of the rule set):

* **intravenous**: a dose per kg of body weight (10 mg/kg in the US label) at 2-week intervals
  for the first 3 doses, then at 4-week intervals;
* **subcutaneous, started as such** (lupus nephritis): a loading dose (400 mg, two 200 mg
  injections) once weekly for the first 4 doses, then a maintenance dose (200 mg) once weekly;
* **intravenous to subcutaneous** (lupus nephritis): allowed once the first 2 intravenous doses
  were given; the first subcutaneous dose falls 1 to 2 weeks after the last intravenous dose
  and is a maintenance dose by default (option ``sc_dose_after_iv``), then weekly.

How a dose is judged
--------------------
* **Timing**: the interval from the previous dose (option ``timing_reference="previous-dose"``,
  default: the label states intervals between doses) or the nominal date counted from the first
  dose of the route (``"schedule"``) is compared with the label's interval. The label states
  no window; option ``timing_tolerance_days`` (default 0) widens each interval by that many days
  on either side. The IV-to-SC window (1 to 2 weeks) is the label's own range, used as stated.
* **Dose**: an intravenous dose is compared per kg (``dose_per_kg``, or ``dose`` divided by the
  weight); a subcutaneous dose in mg. The label states no tolerance; option
  ``dose_tolerance_percent`` (default 0) widens each dose bound by that percentage.
* **Verdict per dose** (`BelimumabDoseStatus`): ``wrong_dose`` when the dose is outside
  its bounds; otherwise ``early`` or ``late`` when the timing is off (a switch to subcutaneous
  before the second intravenous dose is ``early``); otherwise ``not_evaluable`` when something
  is unknown (no dose recorded, an intravenous dose in mg without the weight, a sequence the
  label does not cover such as a return from subcutaneous to intravenous); otherwise
  ``on_schedule``.
* **Records**: the administration records are read as the whole course (every dose given);
  a dose missing from them reads as a late next dose and shifts the dose count.
* **Overall** (`BelimumabDosingStatus`): ``deviation`` when a dose deviates or, with
  ``as_of``, the next dose is overdue; ``not_evaluable`` when nothing deviates but something is
  unknown or there are no doses; otherwise ``on_schedule``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import Weight
from lupus_nephritis.regimens.belimumab_dosing.models import BelimumabDose, BelimumabRoute
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Option, Threshold, combine
from lupus_nephritis.units import Quantity, as_integer, canonicalize, format_decimal, to_fraction


class BelimumabDoseStatus(str, Enum):
    """Verdict on one belimumab administration."""

    ON_SCHEDULE = "on_schedule"
    EARLY = "early"
    LATE = "late"
    WRONG_DOSE = "wrong_dose"
    NOT_EVALUABLE = "not_evaluable"


class BelimumabDosingStatus(str, Enum):
    """Verdict on a course of belimumab administrations."""

    ON_SCHEDULE = "on_schedule"
    """Every dose on schedule (and, with ``as_of``, the next dose not overdue)."""
    DEVIATION = "deviation"
    """A dose early, late or wrong, or the next dose overdue."""
    NOT_EVALUABLE = "not_evaluable"
    """No deviation found, but something is unknown (or there are no doses)."""


@attrs.frozen(slots=True)
class ScheduleInterval:
    """A cited interval in days.

    Attributes:
        id: Stable id (criteria derive from it).
        label: What the interval is.
        days: The interval, in days.
        source_id: Source.
        note: Paraphrase of the source, or the reading chosen.
    """

    id: str
    label: str
    days: int
    source_id: str
    note: str | None = None

    def describe(self) -> str:
        """The interval in words, e.g. ``"14 days"``."""
        return f"{self.days} days"


@attrs.frozen(slots=True)
class DoseCount:
    """A cited number of doses.

    Attributes:
        id: Stable id.
        label: What is counted.
        count: The number of doses.
        source_id: Source.
        note: Paraphrase of the source, or the reading chosen.
    """

    id: str
    label: str
    count: int
    source_id: str
    note: str | None = None

    def describe(self) -> str:
        """The count in words, e.g. ``"3 doses"``."""
        return f"{self.count} doses"


@attrs.frozen(slots=True)
class BelimumabDosingParameters:
    """The belimumab lupus nephritis schedule as cited data.

    Attributes:
        iv_dose_lower: Intravenous dose, lower bound per kg (``>=``).
        iv_dose_upper: Intravenous dose, upper bound per kg (``<=``).
        iv_loading_doses: Number of intravenous doses given at the loading interval.
        iv_loading_interval: Interval between the loading intravenous doses.
        iv_maintenance_interval: Interval between later intravenous doses.
        sc_loading_dose_lower: Subcutaneous loading dose, lower bound (mg).
        sc_loading_dose_upper: Subcutaneous loading dose, upper bound (mg).
        sc_loading_doses: Number of subcutaneous loading doses.
        sc_dose_lower: Subcutaneous maintenance dose, lower bound (mg).
        sc_dose_upper: Subcutaneous maintenance dose, upper bound (mg).
        sc_interval: Interval between subcutaneous doses.
        switch_min_iv_doses: Intravenous doses completed before switching to subcutaneous.
        switch_earliest: Earliest first subcutaneous dose after the last intravenous one.
        switch_latest: Latest first subcutaneous dose after the last intravenous one.
        source_id: Source of the schedule.
    """

    iv_dose_lower: Threshold
    iv_dose_upper: Threshold
    iv_loading_doses: DoseCount
    iv_loading_interval: ScheduleInterval
    iv_maintenance_interval: ScheduleInterval
    sc_loading_dose_lower: Threshold
    sc_loading_dose_upper: Threshold
    sc_loading_doses: DoseCount
    sc_dose_lower: Threshold
    sc_dose_upper: Threshold
    sc_interval: ScheduleInterval
    switch_min_iv_doses: DoseCount
    switch_earliest: ScheduleInterval
    switch_latest: ScheduleInterval
    source_id: str


def dosing_options(source_id: str) -> tuple[Option, ...]:
    """The options of a belimumab dosing rule set (what the label leaves open).

    Args:
        source_id: The label whose open points the options resolve.

    Returns:
        ``timing_tolerance_days``, ``timing_reference``, ``dose_tolerance_percent`` and
        ``sc_dose_after_iv``, with documented defaults.
    """
    return (
        Option(
            name="timing_tolerance_days",
            default=0,
            description=(
                "Days a dose may fall before or after its nominal interval and still be on "
                "schedule (a non-negative integer). The label states no window, so the default "
                "0 reports any deviation; set the window of your protocol. Not applied to the "
                "label's own 1-to-2-week IV-to-SC range."
            ),
            source_id=source_id,
        ),
        Option(
            name="timing_reference",
            default="previous-dose",
            description=(
                "What a dose's timing is measured from: 'previous-dose' (default: the label "
                "states intervals between doses, so a late dose moves the next one) or "
                "'schedule' (nominal dates counted from the first dose of the route, as a "
                "trial visit schedule)."
            ),
            choices=("previous-dose", "schedule"),
            source_id=source_id,
        ),
        Option(
            name="dose_tolerance_percent",
            default=0,
            description=(
                "Percentage by which a dose may differ from the label dose and still be "
                "correct (a number from 0 to 50). The label states none, so the default 0 "
                "reports any difference (for example vial rounding of an intravenous dose); "
                "set your local rounding rule."
            ),
            source_id=source_id,
        ),
        Option(
            name="sc_dose_after_iv",
            default="maintenance",
            description=(
                "Dose of the subcutaneous doses after a switch from intravenous dosing: "
                "'maintenance' (default: the loading regimen is for starting treatment "
                "subcutaneously; after intravenous loading the label's switch instructions "
                "give the first subcutaneous dose as 200 mg, read with medium confidence) or "
                "'loading' (the loading dose for the first doses, as when starting "
                "subcutaneously)."
            ),
            choices=("maintenance", "loading"),
            source_id=source_id,
        ),
    )


# ----------------------------------------------------------------------------- inputs


@attrs.frozen(slots=True)
class _Administration:
    """Records of one day and route, combined."""

    day: date
    route: BelimumabRoute
    mg: Fraction | None
    mg_per_kg: Fraction | None
    weight: Fraction | None
    records: tuple[BelimumabDose, ...]
    missing_dose: bool


def _records(doses: object) -> tuple[BelimumabDose, ...]:
    if isinstance(doses, (str, bytes)) or not isinstance(doses, Iterable):
        raise InputError(
            "doses: give a list of belimumab administration records (models or mappings), "
            f"not {type(doses).__name__}"
        )
    items = list(doses)
    return tuple(
        d if isinstance(d, BelimumabDose) else BelimumabDose.model_validate(d) for d in items
    )


def _combine(records: Sequence[BelimumabDose]) -> tuple[_Administration, ...]:
    by_day: dict[date, list[BelimumabDose]] = {}
    for record in records:
        by_day.setdefault(record.date, []).append(record)
    result: list[_Administration] = []
    for day in sorted(by_day):
        group = by_day[day]
        routes = {r.route for r in group}
        if len(routes) > 1:
            raise InputError(f"{day.isoformat()}: intravenous and subcutaneous records on one day")
        route = group[0].route
        in_mg = [r.dose.canonical for r in group if r.dose is not None]
        per_kg = [r.dose_per_kg.canonical for r in group if r.dose_per_kg is not None]
        if in_mg and per_kg:
            raise InputError(f"{day.isoformat()}: doses in mg and in mg/kg on one day")
        weights = {r.weight.canonical for r in group if r.weight is not None}
        if len(weights) > 1:
            raise InputError(f"{day.isoformat()}: different body weights on one day")
        missing = any(r.dose is None and r.dose_per_kg is None for r in group)
        result.append(
            _Administration(
                day=day,
                route=route,
                mg=sum(in_mg, Fraction(0)) if in_mg and not missing else None,
                mg_per_kg=sum(per_kg, Fraction(0)) if per_kg and not missing else None,
                weight=next(iter(weights)) if weights else None,
                records=tuple(group),
                missing_dose=missing,
            )
        )
    return tuple(result)


def _weight(value: object) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, Weight):
        return value.canonical
    if isinstance(value, Mapping) or (isinstance(value, str) and " " in value.strip()):
        return Weight.model_validate(value).canonical
    return canonicalize(value, "kg", quantity=Quantity.WEIGHT, what="weight_kg")


def _as_of(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise InputError("as_of: expected a date, not a datetime")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"as_of: {value!r} is not an ISO date") from None
    raise InputError(f"as_of: expected a date, got {type(value).__name__}")


def _int_option(opts: Mapping[str, Any], name: str) -> int:
    value = opts[name]
    number = as_integer(value)
    if number is None or number < 0:
        raise OptionError(f"option {name}={value!r} must be a non-negative integer")
    return number


def _percent_option(opts: Mapping[str, Any], name: str) -> Fraction:
    value = opts[name]
    if isinstance(value, bool):
        raise OptionError(f"option {name}={value!r} must be a number from 0 to 50")
    try:
        number = to_fraction(value, what=name)
    except InputError:
        raise OptionError(f"option {name}={value!r} must be a number from 0 to 50") from None
    if not 0 <= number <= 50:
        raise OptionError(f"option {name}={value!r} must be a number from 0 to 50")
    return number


# ----------------------------------------------------------------------------- criteria


def _evidence(admin: _Administration) -> tuple[Evidence, ...]:
    items: list[Evidence] = []
    for record in admin.records:
        if record.dose is not None:
            value, unit = record.dose.value, record.dose.unit
        elif record.dose_per_kg is not None:
            value, unit = record.dose_per_kg.value, record.dose_per_kg.unit
        else:
            value, unit = None, None
        items.append(
            Evidence(
                "belimumab_dose",
                date=record.date,
                visit_id=record.id,
                value=value,
                unit=unit,
                note=record.route.value,
            )
        )
    return tuple(items)


def _bound(
    threshold: Threshold,
    observed: Fraction | None,
    *,
    tolerance: Fraction,
    upper: bool,
    evidence: tuple[Evidence, ...],
    note: str,
) -> Criterion:
    """A dose bound, widened by ``tolerance`` percent, compared exactly."""
    scale = 1 + tolerance / 100 if upper else 1 - tolerance / 100
    bound = threshold.canonical * scale
    outcome = (
        Outcome.UNKNOWN
        if observed is None
        else Outcome.from_bool(threshold.comparator.holds(observed, bound))
    )
    text = note if observed is None else None
    if tolerance:
        widened = f"widened by {format_decimal(tolerance)}% (option dose_tolerance_percent)"
        text = f"{text}; {widened}" if text else widened
    return Criterion(
        id=threshold.id,
        label=threshold.label,
        outcome=outcome,
        observed=None if observed is None else threshold.in_unit(observed),
        observed_unit=threshold.unit,
        comparator=threshold.comparator.value,
        threshold=threshold.in_unit(bound),
        threshold_unit=threshold.unit,
        source_id=threshold.source_id,
        evidence=evidence,
        note=text,
    )


def _dose_criterion(
    lower: Threshold,
    upper: Threshold,
    observed: Fraction | None,
    *,
    tolerance: Fraction,
    evidence: tuple[Evidence, ...],
    note: str,
    label: str,
) -> Criterion:
    children = [
        _bound(lower, observed, tolerance=tolerance, upper=False, evidence=evidence, note=note),
        _bound(upper, observed, tolerance=tolerance, upper=True, evidence=evidence, note=note),
    ]
    return combine("dose", label, children, mode="all", source_id=lower.source_id, note=note)


def _untimed_criterion(evidence: tuple[Evidence, ...], note: str | None = None) -> Criterion:
    """Timing of a dose with no interval to check: the first dose, or an uncovered sequence."""
    return Criterion(
        id="timing",
        label="Timing",
        outcome=Outcome.MET if note is None else Outcome.UNKNOWN,
        source_id=None,
        evidence=evidence,
        note=note or "first dose of the course: it starts the schedule",
    )


def _timing_criterion(
    interval: ScheduleInterval,
    actual: int,
    expected: int,
    *,
    tolerance: int,
    reference: str,
    evidence: tuple[Evidence, ...],
) -> Criterion:
    deviation = actual - expected
    outcome = Outcome.from_bool(abs(deviation) <= tolerance)
    words = "on the nominal day"
    if deviation:
        words = f"{abs(deviation)} day(s) {'early' if deviation < 0 else 'late'}"
    what = "after the previous dose" if reference == "previous-dose" else "from the first dose"
    return Criterion(
        id="timing",
        label=f"{interval.label} ({expected} days {what})",
        outcome=outcome,
        observed=actual,
        observed_unit="days",
        comparator="==",
        threshold=expected,
        threshold_unit="days",
        source_id=interval.source_id,
        evidence=evidence,
        note=f"{words}; tolerance +/- {tolerance} day(s) (option timing_tolerance_days)",
    )


def _switch_criteria(
    p: BelimumabDosingParameters, iv_count: int, days_after_iv: int, evidence: tuple[Evidence, ...]
) -> tuple[Criterion, Criterion]:
    count = p.switch_min_iv_doses
    doses = Criterion(
        id="iv-to-sc-after-iv-doses",
        label=count.label,
        outcome=Outcome.from_bool(iv_count >= count.count),
        observed=iv_count,
        observed_unit="doses",
        comparator=">=",
        threshold=count.count,
        threshold_unit="doses",
        source_id=count.source_id,
        evidence=evidence,
        note=count.note,
    )
    earliest = Criterion(
        id="iv-to-sc-earliest",
        label=p.switch_earliest.label,
        outcome=Outcome.from_bool(days_after_iv >= p.switch_earliest.days),
        observed=days_after_iv,
        observed_unit="days",
        comparator=">=",
        threshold=p.switch_earliest.days,
        threshold_unit="days",
        source_id=p.switch_earliest.source_id,
        evidence=evidence,
    )
    latest = Criterion(
        id="iv-to-sc-latest",
        label=p.switch_latest.label,
        outcome=Outcome.from_bool(days_after_iv <= p.switch_latest.days),
        observed=days_after_iv,
        observed_unit="days",
        comparator="<=",
        threshold=p.switch_latest.days,
        threshold_unit="days",
        source_id=p.switch_latest.source_id,
        evidence=evidence,
    )
    timing = combine(
        "timing",
        f"First subcutaneous dose {p.switch_earliest.days}-{p.switch_latest.days} days after "
        "the last intravenous dose",
        (earliest, latest),
        mode="all",
        source_id=p.switch_earliest.source_id,
        note=f"{days_after_iv} day(s) after the last intravenous dose",
    )
    return doses, timing


# ----------------------------------------------------------------------------- engine


@attrs.frozen(slots=True)
class _Judged:
    admin: _Administration
    number: int
    phase: str
    status: BelimumabDoseStatus
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    details: tuple[tuple[str, Any], ...]


def _status(criteria: Sequence[Criterion], deviation: int | None) -> BelimumabDoseStatus:
    by_id = {c.id: c for c in criteria}
    dose = by_id.get("dose")
    if dose is not None and dose.outcome is Outcome.NOT_MET:
        return BelimumabDoseStatus.WRONG_DOSE
    switch = by_id.get("iv-to-sc-after-iv-doses")
    if switch is not None and switch.outcome is Outcome.NOT_MET:
        return BelimumabDoseStatus.EARLY
    timing = by_id.get("timing")
    if timing is not None and timing.outcome is Outcome.NOT_MET:
        if timing.id == "timing" and timing.children:
            early = timing.children[0].outcome is Outcome.NOT_MET
        else:
            early = deviation is not None and deviation < 0
        return BelimumabDoseStatus.EARLY if early else BelimumabDoseStatus.LATE
    if any(c.outcome is Outcome.UNKNOWN for c in criteria):
        return BelimumabDoseStatus.NOT_EVALUABLE
    return BelimumabDoseStatus.ON_SCHEDULE


@attrs.frozen(slots=True)
class _Settings:
    timing_tolerance: int
    reference: str
    dose_tolerance: Fraction
    sc_after_iv: str
    weight: Fraction | None


_UNCOVERED = "the label gives no schedule after a return from subcutaneous to intravenous dosing"


@attrs.frozen(slots=True)
class _Judgement:
    phase: str
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...]
    flags: tuple[str, ...]
    deviation: int | None
    details: tuple[tuple[str, Any], ...]


def _iv_dose(
    p: BelimumabDosingParameters,
    admins: Sequence[_Administration],
    index: int,
    s: _Settings,
) -> _Judgement:
    admin = admins[index]
    before = admins[:index]
    evidence = _evidence(admin)
    iv_number = 1 + sum(1 for a in before if a.route is BelimumabRoute.IV)
    after_sc = any(a.route is BelimumabRoute.SC for a in before)
    phase = (
        "iv-after-sc"
        if after_sc
        else "iv-loading"
        if iv_number <= p.iv_loading_doses.count
        else "iv-maintenance"
    )
    missing: list[str] = []
    details: list[tuple[str, Any]] = [("route", admin.route.value)]
    weight = admin.weight if admin.weight is not None else s.weight
    per_kg = admin.mg_per_kg
    note = "dose per kg of body weight"
    if admin.missing_dose:
        note = "no dose recorded"
        missing.append(f"dose on {admin.day.isoformat()}")
    elif per_kg is None and admin.mg is not None:
        if weight is not None:
            per_kg = admin.mg / weight
            note = f"{format_decimal(admin.mg)} mg / {format_decimal(weight)} kg"
        else:
            note = "an intravenous dose in mg needs the body weight"
            missing.append(f"weight on {admin.day.isoformat()}")
    criteria = [
        _dose_criterion(
            p.iv_dose_lower,
            p.iv_dose_upper,
            per_kg,
            tolerance=s.dose_tolerance,
            evidence=evidence,
            note=note,
            label=f"Intravenous dose {format_decimal(p.iv_dose_lower.value)} mg/kg",
        )
    ]
    if per_kg is not None:
        details.append(("dose_mg_per_kg", per_kg))
    flags: list[str] = []
    deviation: int | None = None
    if after_sc:
        criteria.append(_untimed_criterion(evidence, _UNCOVERED))
        flags.append("sc-to-iv-return-not-covered")
    elif iv_number == 1:
        criteria.append(_untimed_criterion(evidence))
    else:
        loading = iv_number <= p.iv_loading_doses.count
        interval = p.iv_loading_interval if loading else p.iv_maintenance_interval
        if s.reference == "previous-dose":
            actual = (admin.day - before[-1].day).days
            expected = interval.days
        else:
            first = next(a.day for a in before if a.route is BelimumabRoute.IV)
            actual = (admin.day - first).days
            expected = _nominal_iv_offset(p, iv_number)
        deviation = actual - expected
        criteria.append(
            _timing_criterion(
                interval,
                actual,
                expected,
                tolerance=s.timing_tolerance,
                reference=s.reference,
                evidence=evidence,
            )
        )
        details += [("interval_days", actual), ("expected_days", expected)]
    return _Judgement(
        phase, tuple(criteria), tuple(missing), tuple(flags), deviation, tuple(details)
    )


def _sc_dose(
    p: BelimumabDosingParameters,
    admins: Sequence[_Administration],
    index: int,
    s: _Settings,
) -> _Judgement:
    admin = admins[index]
    before = admins[:index]
    evidence = _evidence(admin)
    ivs = [a for a in before if a.route is BelimumabRoute.IV]
    scs = [a for a in before if a.route is BelimumabRoute.SC]
    sc_number = len(scs) + 1
    switched = bool(ivs)
    first_sc = next((i for i, a in enumerate(before) if a.route is BelimumabRoute.SC), None)
    returned = first_sc is not None and any(
        a.route is BelimumabRoute.IV for a in before[first_sc + 1 :]
    )
    loading = (not switched or s.sc_after_iv == "loading") and sc_number <= (
        p.sc_loading_doses.count
    )
    phase = (
        "sc-after-sc-to-iv"
        if returned
        else ("sc-loading" if loading else "sc-maintenance") + ("-after-iv" if switched else "")
    )
    lower, upper = (
        (p.sc_loading_dose_lower, p.sc_loading_dose_upper)
        if loading
        else (p.sc_dose_lower, p.sc_dose_upper)
    )
    missing: list[str] = []
    note = "subcutaneous fixed dose"
    if admin.missing_dose:
        note = "no dose recorded"
        missing.append(f"dose on {admin.day.isoformat()}")
    criteria = [
        _dose_criterion(
            lower,
            upper,
            admin.mg,
            tolerance=s.dose_tolerance,
            evidence=evidence,
            note=note,
            label=f"Subcutaneous {'loading' if loading else 'maintenance'} dose "
            f"{format_decimal(lower.value)} mg",
        )
    ]
    details: list[tuple[str, Any]] = [("route", admin.route.value)]
    if admin.mg is not None:
        details.append(("dose_mg", admin.mg))
    deviation: int | None = None
    if returned:
        criteria.append(_untimed_criterion(evidence, _UNCOVERED))
    elif switched and sc_number == 1:
        after = (admin.day - ivs[-1].day).days
        criteria += list(_switch_criteria(p, len(ivs), after, evidence))
        details.append(("days_after_last_iv", after))
    elif sc_number == 1:
        criteria.append(_untimed_criterion(evidence))
    else:
        if s.reference == "previous-dose":
            actual = (admin.day - before[-1].day).days
            expected = p.sc_interval.days
        else:
            actual = (admin.day - scs[0].day).days
            expected = p.sc_interval.days * (sc_number - 1)
        deviation = actual - expected
        criteria.append(
            _timing_criterion(
                p.sc_interval,
                actual,
                expected,
                tolerance=s.timing_tolerance,
                reference=s.reference,
                evidence=evidence,
            )
        )
        details += [("interval_days", actual), ("expected_days", expected)]
    return _Judgement(phase, tuple(criteria), tuple(missing), (), deviation, tuple(details))


def _judge(
    p: BelimumabDosingParameters, admins: Sequence[_Administration], s: _Settings
) -> list[_Judged]:
    judged: list[_Judged] = []
    for index, admin in enumerate(admins):
        judge = _iv_dose if admin.route is BelimumabRoute.IV else _sc_dose
        j = judge(p, admins, index, s)
        status = _status(j.criteria, j.deviation)
        judged.append(
            _Judged(
                admin=admin,
                number=index + 1,
                phase=j.phase,
                status=status,
                criteria=j.criteria,
                missing=j.missing if status is BelimumabDoseStatus.NOT_EVALUABLE else (),
                flags=j.flags,
                details=(("sequence", index + 1), ("phase", j.phase), *j.details),
            )
        )
    return judged


def _nominal_iv_offset(p: BelimumabDosingParameters, n: int) -> int:
    """Days from the first intravenous dose to the nominal day of intravenous dose ``n``."""
    loading = p.iv_loading_doses.count
    if n <= loading:
        return p.iv_loading_interval.days * (n - 1)
    return p.iv_loading_interval.days * (loading - 1) + p.iv_maintenance_interval.days * (
        n - loading
    )


def _next_due(
    p: BelimumabDosingParameters, judged: Sequence[_Judged], s: _Settings
) -> tuple[date, ScheduleInterval] | None:
    """Nominal date of the next dose after the last one (None when not covered)."""
    last = judged[-1]
    if last.phase in ("iv-after-sc", "sc-after-sc-to-iv"):
        return None
    if last.admin.route is BelimumabRoute.SC:
        return last.admin.day + timedelta(days=p.sc_interval.days), p.sc_interval
    iv_count = sum(1 for j in judged if j.admin.route is BelimumabRoute.IV)
    interval = (
        p.iv_loading_interval if iv_count < p.iv_loading_doses.count else p.iv_maintenance_interval
    )
    return last.admin.day + timedelta(days=interval.days), interval


@attrs.frozen(slots=True)
class BelimumabDosingCheck:
    """A belimumab course checked dose by dose.

    Attributes:
        overall: The decision on the whole course (verdict: a `BelimumabDosingStatus`
            value); its criteria are ``dose-<n>`` (one per administration, the dose's criteria
            as children, ids prefixed ``dose-<n>-``) and, with ``as_of``, ``next-dose``.
        doses: One decision per administration, in date order (verdict: a
            `BelimumabDoseStatus` value).
    """

    overall: Decision
    doses: tuple[Decision, ...]

    @property
    def verdict(self) -> str:
        """The overall verdict."""
        return self.overall.verdict


def _prefixed(criterion: Criterion, prefix: str) -> Criterion:
    return attrs.evolve(
        criterion,
        id=f"{prefix}-{criterion.id}",
        children=tuple(_prefixed(c, prefix) for c in criterion.children),
    )


def evaluate_dosing(
    rule_set: RuleSet,
    p: BelimumabDosingParameters,
    doses: object,
    *,
    weight_kg: object,
    as_of: object,
    options: Mapping[str, Any],
) -> BelimumabDosingCheck:
    """Check belimumab administrations against the rule set's schedule."""
    settings = _Settings(
        timing_tolerance=_int_option(options, "timing_tolerance_days"),
        reference=str(options["timing_reference"]),
        dose_tolerance=_percent_option(options, "dose_tolerance_percent"),
        sc_after_iv=str(options["sc_dose_after_iv"]),
        weight=_weight(weight_kg),
    )
    today = _as_of(as_of)
    admins = _combine(_records(doses))
    if today is not None and admins and today < admins[-1].day:
        raise InputError(f"as_of ({today.isoformat()}) is before the last dose")
    judged = _judge(p, admins, settings)
    base: dict[str, Any] = {
        "rule_set_id": rule_set.id,
        "rule_set_version": rule_set.version,
        "kind": rule_set.kind.value,
        "options": tuple(options.items()),
        "source_ids": rule_set.source_ids,
    }
    per_dose = tuple(
        Decision(
            **base,
            verdict=j.status,
            criteria=j.criteria,
            missing_inputs=j.missing,
            flags=j.flags,
            assessed_on=j.admin.day,
            details=j.details,
            subject=f"belimumab dose {j.number} ({j.admin.route.value}, {j.admin.day.isoformat()})",
        )
        for j in judged
    )
    criteria: list[Criterion] = []
    for j in judged:
        prefix = f"dose-{j.number}"
        outcome = {
            BelimumabDoseStatus.ON_SCHEDULE: Outcome.MET,
            BelimumabDoseStatus.NOT_EVALUABLE: Outcome.UNKNOWN,
        }.get(j.status, Outcome.NOT_MET)
        criteria.append(
            Criterion(
                id=prefix,
                label=f"Dose {j.number}: {j.admin.route.value} on {j.admin.day.isoformat()}",
                outcome=outcome,
                observed=j.status.value,
                source_id=p.source_id,
                evidence=_evidence(j.admin),
                children=tuple(_prefixed(c, prefix) for c in j.criteria),
                note=j.phase,
            )
        )
    details: dict[str, Any] = {"doses": len(judged)}
    for status in BelimumabDoseStatus:
        count = sum(1 for j in judged if j.status is status)
        if count:
            details[f"doses_{status.value}"] = count
    overdue = False
    if judged:
        due = _next_due(p, judged, settings)
        if due is not None:
            details["next_dose_due"] = due[0].isoformat()
            if today is not None:
                days_late = (today - due[0]).days
                overdue = days_late > settings.timing_tolerance
                criteria.append(
                    Criterion(
                        id="next-dose",
                        label=f"Next dose not overdue on {today.isoformat()} ({due[1].label})",
                        outcome=Outcome.from_bool(not overdue),
                        observed=today.isoformat(),
                        comparator="<=",
                        threshold=(due[0] + timedelta(days=settings.timing_tolerance)).isoformat(),
                        source_id=due[1].source_id,
                        note=f"next dose due {due[0].isoformat()}; tolerance "
                        f"{settings.timing_tolerance} day(s)",
                    )
                )
    statuses = {j.status for j in judged}
    deviating = statuses - {BelimumabDoseStatus.ON_SCHEDULE, BelimumabDoseStatus.NOT_EVALUABLE}
    missing = tuple(dict.fromkeys(m for j in judged for m in j.missing))
    flags = tuple(dict.fromkeys(f for j in judged for f in j.flags))
    if deviating or overdue:
        verdict = BelimumabDosingStatus.DEVIATION
    elif not judged or BelimumabDoseStatus.NOT_EVALUABLE in statuses:
        verdict = BelimumabDosingStatus.NOT_EVALUABLE
    else:
        verdict = BelimumabDosingStatus.ON_SCHEDULE
    if not judged:
        missing = ("belimumab doses",)
    if overdue:
        flags = (*flags, "next-dose-overdue")
    overall = Decision(
        **base,
        verdict=verdict,
        criteria=criteria,
        missing_inputs=missing if verdict is BelimumabDosingStatus.NOT_EVALUABLE else (),
        flags=flags,
        assessed_on=today,
        details=details,
        subject="belimumab course",
    )
    return BelimumabDosingCheck(overall=overall, doses=per_dose)


__all__ = [
    "BelimumabDoseStatus",
    "BelimumabDosingCheck",
    "BelimumabDosingParameters",
    "BelimumabDosingStatus",
    "DoseCount",
    "ScheduleInterval",
    "dosing_options",
    "evaluate_dosing",
]
