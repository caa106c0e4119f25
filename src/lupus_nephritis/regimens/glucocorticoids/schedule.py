"""The data model of a glucocorticoid taper schedule: cited rows, pulses, exposure rules.

A `TaperSchedule` is the ``parameters`` object of a taper rule set. It holds:

* **rows** (`TaperRow`): a block of days (in study days, weeks or calendar months from
  the start of treatment, or from the start of maintenance) with bounds on the daily oral
  prednisone-equivalent dose. A bound is a cited
  `Threshold` in ``mg`` (or ``g``) per day, or in
  ``mg/kg`` per day with an optional cap in mg. Four shapes occur:

  - fixed dose: lower ``>= X`` and upper ``<= X`` mg (e.g. KDIGO 2024 weeks 5-6: 15 mg);
  - range: lower ``>= X`` and upper ``<= Y`` (e.g. AURORA 1 day 3: 20-25 mg);
  - per-kg range with cap: ``>= a`` and ``<= b`` mg/kg, each bound ``min(rate x weight, cap)``
    (e.g. KDIGO 2024 weeks 0-2: 0.5-0.6 mg/kg, at most 40 mg);
  - ceiling: only an upper bound, ``<= X`` or ``< X`` (e.g. ACR 2024: <= 5 mg by 6 months;
    KDIGO 2024 from week 25: < 2.5 mg).

  Rows the sources do not give are **absent**: on such a day a taper check is not evaluable.
* **pulses** (`PulseSpec`): intravenous methylprednisolone pulse ranges (per day, number
  of days, totals, the study days they fall on), as the sources state them; schedules with
  ``checks_pulses`` have the pulse course of the dose records checked against them (see
  `lupus_nephritis.regimens.glucocorticoids.pulses`);
* an **initial dose** (`InitialDose`) whose duration the sources do not state; it
  becomes a row only when the caller sets the ``initial_dose_weeks`` option;
* **exposure checks** (`ExposureCheck`): "more than X mg/day on >= N consecutive days or
  >= M days" over a window of study weeks (e.g. the AURORA 1 steroid rule);
* **withdrawal advice** (`WithdrawalAdvice`): "withdraw if possible" statements.

Week and day conventions (shared with `lupus_nephritis.timeline`): the anchor date is
study day 1; study week ``w`` starts on ``anchor + 7*w`` days, so the block "weeks 0-2" covers
days 1-21; calendar month ``m`` starts on ``add_months(anchor, m)``. A row's ``end`` is
exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

import attrs

from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.regimens.duration import add_months
from lupus_nephritis.steroids import DEFAULT_TABLE, EQUIVALENCE_TABLES, Glucocorticoid
from lupus_nephritis.thresholds import Comparator, Option, Threshold
from lupus_nephritis.timeline import (
    DEFAULT_WEEK_WINDOW_READING,
    EXPOSURE_WINDOW_OPTION,
    ExposureRule,
    WeekWindowReading,
    exposure_window_option,
    week_window,
)
from lupus_nephritis.units import Quantity


class Anchor(str, Enum):
    """The date a row's offsets count from."""

    TREATMENT_START = "treatment-start"
    MAINTENANCE_START = "maintenance-start"


class OffsetUnit(str, Enum):
    """Unit of a row's start and end offsets."""

    DAY = "day"
    """Study day ``n`` (day 1 is the anchor date)."""
    WEEK = "week"
    """Study week ``n`` (starts ``7*n`` days after the anchor date)."""
    MONTH = "month"
    """Calendar month ``n`` (starts ``add_months(anchor, n)``)."""


def offset_date(anchor: date, unit: OffsetUnit, value: int) -> date:
    """The first date of offset ``value`` in ``unit`` from ``anchor``.

    Args:
        anchor: Study day 1.
        unit: Day, week or calendar month.
        value: The offset (study day number for days, else week or month number).

    Returns:
        The calendar date where the offset starts.

    Raises:
        InputError: the offset falls outside the calendar (years 1-9999).
    """
    try:
        if unit is OffsetUnit.DAY:
            return anchor + timedelta(days=value - 1)
        if unit is OffsetUnit.WEEK:
            return anchor + timedelta(days=7 * value)
    except OverflowError:
        raise InputError(
            f"{unit.value} {value} from {anchor.isoformat()} is outside the calendar"
        ) from None
    return add_months(anchor, value)


_DOSE_UNITS = {Quantity.GLUCOCORTICOID_DOSE, Quantity.DOSE_PER_KG}


def _check_bound(row_id: str, name: str, bound: Threshold | None, allowed: set[Comparator]) -> None:
    if bound is None:
        return
    if bound.quantity not in _DOSE_UNITS:
        raise LupusNephritisError(f"row {row_id}: {name} must be a dose (mg or mg/kg)")
    if bound.comparator not in allowed:
        ops = ", ".join(sorted(c.value for c in allowed))
        raise LupusNephritisError(f"row {row_id}: {name} comparator must be one of {ops}")


def _stated(value: Decimal) -> str:
    """The value as the source states it (the Decimal's own digits, e.g. ``1.0``)."""
    return format(value, "f")


def _words(threshold: Threshold) -> str:
    return f"{_stated(threshold.value)} {threshold.unit}/day"


def _span_text(
    unit: OffsetUnit, start: int, end: int | None, anchor: Anchor, earliest_start: int | None
) -> str:
    name = unit.value
    first = f"{earliest_start}-{start}" if earliest_start is not None else str(start)
    if end is None:
        text = f"from {name} {first}"
    elif end - start == 1 and earliest_start is None:
        text = f"{name} {first}"
    else:
        text = f"{name}s {first}-{end - 1}"
    if anchor is Anchor.MAINTENANCE_START:
        text += " of maintenance"
    return text


class RowRole(str, Enum):
    """What a taper row prescribes: a dose range to give, or a ceiling to reach."""

    SCHEME = "scheme"
    TARGET = "target"


@attrs.frozen(slots=True)
class TaperRow:
    """One cited block of a taper schedule.

    Attributes:
        id: Stable row id (e.g. ``"weeks-0-2"``); criteria ids derive from its thresholds.
        label: Human label (e.g. ``"weeks 0-2"``).
        unit: Unit of ``start`` and ``end``.
        start: First offset of the block (study day, week or month number).
        end: End offset, exclusive; ``None`` when the block is open-ended.
        source_id: Source of the row.
        upper: Upper bound (``<=`` or ``<``), in mg or mg/kg per day.
        lower: Lower bound (``>=``), in mg or mg/kg per day.
        cap: Maximum in mg per day applied to per-kg bounds: ``min(rate x weight, cap)``.
        anchor: What the offsets count from.
        earliest_start: For a deadline stated as a range ("by 3-6 months"), the earlier
            end of the range; ``start`` holds the later one. The ``deadline_reading`` option
            chooses between them.
        note: Paraphrase of the source wording, or the reading chosen.
    """

    id: str
    label: str
    unit: OffsetUnit = attrs.field(converter=OffsetUnit)
    start: int
    end: int | None
    source_id: str
    upper: Threshold | None = None
    lower: Threshold | None = None
    cap: Threshold | None = None
    anchor: Anchor = attrs.field(default=Anchor.TREATMENT_START, converter=Anchor)
    earliest_start: int | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.upper is None and self.lower is None:
            raise LupusNephritisError(f"row {self.id}: needs an upper or a lower bound")
        _check_bound(self.id, "upper", self.upper, {Comparator.LE, Comparator.LT})
        _check_bound(self.id, "lower", self.lower, {Comparator.GE})
        if self.cap is not None:
            if self.cap.quantity is not Quantity.GLUCOCORTICOID_DOSE:
                raise LupusNephritisError(f"row {self.id}: the cap must be in mg")
            if self.cap.comparator is not Comparator.LE:
                raise LupusNephritisError(f"row {self.id}: the cap comparator must be <=")
            if not self.per_kg:
                raise LupusNephritisError(f"row {self.id}: a cap needs a per-kg bound")
        if self.unit is OffsetUnit.DAY and self.start < 1:
            raise LupusNephritisError(f"row {self.id}: study days start at 1")
        if self.start < 0:
            raise LupusNephritisError(f"row {self.id}: negative start")
        if self.end is not None and self.end <= self.start:
            raise LupusNephritisError(f"row {self.id}: end must be after start")
        if self.earliest_start is not None and not 0 <= self.earliest_start < self.start:
            raise LupusNephritisError(f"row {self.id}: earliest_start must precede start")

    @property
    def role(self) -> RowRole:
        """``scheme`` for a prescribed dose (a row with a lower bound), else ``target``.

        A scheme row says what dose to give (e.g. KDIGO's "0.5-0.6 mg/kg/day in weeks 0-2");
        a target row only caps the dose (e.g. "at most 7.5 mg/day from week 12"). A taper
        check reports the dose against each kind separately (``scheme_status``,
        ``target_status``).
        """
        return RowRole.SCHEME if self.lower is not None else RowRole.TARGET

    @property
    def per_kg(self) -> bool:
        """Whether a bound is stated per kilogram of body weight."""
        return any(
            b is not None and b.quantity is Quantity.DOSE_PER_KG for b in (self.upper, self.lower)
        )

    @property
    def shape(self) -> str:
        """``"fixed"``, ``"range"``, ``"ceiling"`` or ``"floor"``."""
        if self.upper is not None and self.lower is not None:
            same = (self.upper.value, self.upper.unit) == (self.lower.value, self.lower.unit)
            return "fixed" if same and self.upper.comparator is Comparator.LE else "range"
        return "ceiling" if self.upper is not None else "floor"

    def start_offset(self, *, earliest: bool = False) -> int:
        """The start offset under a deadline reading (``earliest`` or the default latest)."""
        if earliest and self.earliest_start is not None:
            return self.earliest_start
        return self.start

    def span(self, anchor: date, *, earliest: bool = False) -> tuple[date, date | None]:
        """First date and exclusive end date of the row for a given anchor date."""
        first = offset_date(anchor, self.unit, self.start_offset(earliest=earliest))
        end = None if self.end is None else offset_date(anchor, self.unit, self.end)
        return first, end

    def describe_span(self) -> str:
        """Human text of the block, e.g. ``"weeks 0-2"`` or ``"from month 6"``."""
        return _span_text(self.unit, self.start, self.end, self.anchor, self.earliest_start)

    def describe_dose(self) -> str:
        """Human text of the bounds, e.g. ``"0.5-0.6 mg/kg/day, at most 40 mg/day"``."""
        shape = self.shape
        if shape == "fixed" and self.upper is not None:
            text = _words(self.upper)
        elif shape == "range" and self.upper is not None and self.lower is not None:
            text = f"{_stated(self.lower.value)}-{_stated(self.upper.value)} {self.upper.unit}/day"
        elif self.upper is not None:
            text = f"{self.upper.comparator.value} {_words(self.upper)}"
        elif self.lower is not None:
            text = f">= {_words(self.lower)}"
        else:  # pragma: no cover - excluded by __attrs_post_init__
            text = "no bound"
        if self.cap is not None:
            text += f", at most {_words(self.cap)}"
        return text


@attrs.frozen(slots=True)
class InitialDose:
    """A starting oral dose whose duration the sources do not state.

    It is not evaluated unless the caller sets the ``initial_dose_weeks`` option, which turns
    it into a row covering weeks ``0`` to ``initial_dose_weeks - 1``.

    Attributes:
        id: Row id used when it becomes a row.
        label: Human label.
        source_id: Source of the dose.
        upper: Upper bound (mg or mg/kg per day).
        lower: Lower bound (mg or mg/kg per day).
        cap: Cap in mg per day for per-kg bounds.
        note: What the source leaves open.
    """

    id: str
    label: str
    source_id: str
    upper: Threshold | None = None
    lower: Threshold | None = None
    cap: Threshold | None = None
    note: str | None = None

    def as_row(self, weeks: int) -> TaperRow:
        """The initial dose as a row covering study weeks ``0 .. weeks - 1``."""
        return TaperRow(
            id=self.id,
            label=self.label,
            unit=OffsetUnit.WEEK,
            start=0,
            end=weeks,
            source_id=self.source_id,
            upper=self.upper,
            lower=self.lower,
            cap=self.cap,
            note=f"{self.note or ''} Duration {weeks} week(s) set by the initial_dose_weeks "
            "option (not stated by the source).".strip(),
        )


@attrs.frozen(slots=True)
class PulseSpec:
    """An intravenous glucocorticoid pulse regimen as a source states it.

    Attributes:
        id: Stable id.
        label: Human label.
        drug: The pulsed glucocorticoid (methylprednisolone in every source here).
        source_id: Source.
        daily_min: Lowest daily pulse dose (``>=``), in the unit the source states.
        daily_max: Highest daily pulse dose (``<=``).
        total_min: Lowest total over the pulse course.
        total_max: Highest total over the pulse course.
        min_days: Fewest pulse days.
        max_days: Most pulse days.
        first_day: First study day of the pulses, when fixed by the source.
        last_day: Last study day of the pulses, when fixed by the source.
        min_weight: Applies only at or above this body weight.
        max_weight: Applies only below this body weight.
        optional: The source makes the pulses optional.
        consecutive: The source says the pulses are given on consecutive days.
        note: Paraphrase or reading chosen.
    """

    id: str
    label: str
    drug: Glucocorticoid = attrs.field(converter=Glucocorticoid)
    source_id: str
    daily_min: Threshold | None = None
    daily_max: Threshold | None = None
    total_min: Threshold | None = None
    total_max: Threshold | None = None
    min_days: int | None = None
    max_days: int | None = None
    first_day: int | None = None
    last_day: int | None = None
    min_weight: Threshold | None = None
    max_weight: Threshold | None = None
    optional: bool = False
    consecutive: bool = False
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("daily_min", "daily_max", "total_min", "total_max"):
            bound = getattr(self, name)
            if bound is not None and bound.quantity is not Quantity.GLUCOCORTICOID_DOSE:
                raise LupusNephritisError(f"pulse {self.id}: {name} must be in mg or g")
        for low, high in ((self.min_days, self.max_days), (self.first_day, self.last_day)):
            if low is not None and high is not None and high < low:
                raise LupusNephritisError(f"pulse {self.id}: a range ends before it starts")

    @property
    def weight_bounded(self) -> bool:
        """Whether the regimen applies only to a band of body weight."""
        return self.min_weight is not None or self.max_weight is not None


@attrs.frozen(slots=True)
class ExposureCheck:
    """A named daily-dose exposure rule over a window of study weeks.

    Attributes:
        id: Stable id (the criterion id of the check).
        label: Human label.
        rule: The rule (threshold, consecutive days, total days).
        first_week: First study week of the window.
        last_week: Last study week of the window (inclusive).
        source_id: Source.
        note: Paraphrase or reading chosen.
    """

    id: str
    label: str
    rule: ExposureRule
    first_week: int
    last_week: int
    source_id: str
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.last_week < self.first_week:
            raise LupusNephritisError(f"exposure check {self.id}: window ends before it starts")

    def window(
        self, start: date, reading: WeekWindowReading | str = DEFAULT_WEEK_WINDOW_READING
    ) -> tuple[date, date]:
        """First and last date (inclusive) of the window for a treatment start date.

        Args:
            start: Study day 1.
            reading: A `WeekWindowReading` (the option
                ``exposure_window``): ``"nominal-visits"`` (default) from the week-A visit day
                to the week-B visit day; ``"whole-weeks"`` whole weeks numbered from 0 (to 6
                days past the week-B visit); ``"whole-weeks-from-1"`` whole weeks numbered
                from 1 (from 7 days before the week-A visit to the day before the week-B
                visit). See `week_window`.

        Returns:
            ``(first, last)`` dates, both inclusive.

        Raises:
            InputError: unknown reading.
        """
        return week_window(start, self.first_week, self.last_week, reading)


@attrs.frozen(slots=True)
class WithdrawalAdvice:
    """A "withdraw glucocorticoids if possible" statement.

    Attributes:
        text: Paraphrase of the statement.
        source_id: Source.
    """

    text: str
    source_id: str


@attrs.frozen(slots=True)
class TaperSchedule:
    """The cited parameters of a taper rule set.

    Attributes:
        rows: Rows with bounds on the daily oral prednisone-equivalent dose.
        gaps: What the sources do not give (shown when a day has no row).
        pulses: Intravenous pulse regimens.
        initial_dose: Starting dose of unstated duration (see `InitialDose`).
        exposure_checks: Exposure rules over windows (e.g. AURORA 1's steroid rule).
        withdrawal: "Withdraw if possible" advice, if the source gives it.
        checks_pulses: Whether a taper check also checks the intravenous methylprednisolone
            pulse course of the dose records against ``pulses`` (version 1.1.0 of the
            schedules with pulses; 1.0.0 stored them as documentation only).
    """

    rows: tuple[TaperRow, ...]
    gaps: str
    pulses: tuple[PulseSpec, ...] = ()
    initial_dose: InitialDose | None = None
    exposure_checks: tuple[ExposureCheck, ...] = ()
    withdrawal: WithdrawalAdvice | None = None
    checks_pulses: bool = False

    def __attrs_post_init__(self) -> None:
        ids = [r.id for r in self.rows]
        if len(ids) != len(set(ids)):
            raise LupusNephritisError("duplicate row ids in a taper schedule")
        pulse_ids = [p.id for p in self.pulses]
        if len(pulse_ids) != len(set(pulse_ids)):
            raise LupusNephritisError("duplicate pulse ids in a taper schedule")
        if self.checks_pulses and not self.pulses:
            raise LupusNephritisError("checks_pulses needs at least one pulse regimen")

    @property
    def has_deadline_ranges(self) -> bool:
        """Whether a row states its start as a range (needs ``deadline_reading``)."""
        return any(r.earliest_start is not None for r in self.rows)

    def exposure_check(self, check_id: str | None = None) -> ExposureCheck:
        """The exposure check ``check_id`` (default: the first one).

        Raises:
            InputError: the schedule has no (such) exposure check.
        """
        if not self.exposure_checks:
            raise InputError("this schedule defines no exposure check")
        if check_id is None:
            return self.exposure_checks[0]
        for check in self.exposure_checks:
            if check.id == check_id:
                return check
        known = ", ".join(c.id for c in self.exposure_checks)
        raise InputError(f"no exposure check {check_id!r}; known: {known}")


# ----------------------------------------------------------------------------- builders


def dose(
    id: str,
    label: str,
    comparator: str,
    value: str,
    source_id: str,
    *,
    unit: str = "mg",
    note: str | None = None,
) -> Threshold:
    """A daily-dose threshold in mg (or g) per day.

    Args:
        id: Criterion id.
        label: Human label.
        comparator: ``<=``, ``<`` or ``>=``.
        value: Decimal string, as the source states it.
        source_id: Source.
        unit: ``"mg"`` (default) or ``"g"``.
        note: Paraphrase or reading.

    Returns:
        The threshold.
    """
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit=unit,
        quantity=Quantity.GLUCOCORTICOID_DOSE,
        source_id=source_id,
        note=note,
    )


def per_kg(
    id: str, label: str, comparator: str, value: str, source_id: str, *, note: str | None = None
) -> Threshold:
    """A daily-dose threshold in mg/kg of body weight per day (see `dose`)."""
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="mg/kg",
        quantity=Quantity.DOSE_PER_KG,
        source_id=source_id,
        note=note,
    )


def weight(id: str, label: str, comparator: str, value: str, source_id: str) -> Threshold:
    """A body-weight threshold in kg (for weight-dependent pulses)."""
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="kg",
        quantity=Quantity.WEIGHT,
        source_id=source_id,
    )


def block(
    id: str,
    source_id: str,
    *,
    weeks: tuple[int, int | None] | None = None,
    months: tuple[int, int | None] | None = None,
    days: tuple[int, int | None] | None = None,
    fixed: str | None = None,
    mg: tuple[str, str] | None = None,
    mg_per_kg: tuple[str, str] | None = None,
    ceiling: tuple[str, str] | None = None,
    cap: str | None = None,
    anchor: Anchor = Anchor.TREATMENT_START,
    earliest_start: int | None = None,
    note: str | None = None,
) -> TaperRow:
    """Build a row from a compact description (used by the schedule modules).

    Exactly one of ``weeks``/``months``/``days`` (first, last inclusive; ``None`` = open) and
    one dose shape: ``fixed`` mg, ``mg`` range (low, high), ``mg_per_kg`` range (low, high,
    optional ``cap``) or ``ceiling`` (comparator, mg). Values are decimal strings exactly as
    the source states them.

    Returns:
        The row, with thresholds ``<id>-lower``, ``<id>-upper`` and ``<id>-cap``.
    """
    spans = [(OffsetUnit.WEEK, weeks), (OffsetUnit.MONTH, months), (OffsetUnit.DAY, days)]
    chosen = [(u, s) for u, s in spans if s is not None]
    if len(chosen) != 1:
        raise LupusNephritisError(f"row {id}: give exactly one of weeks, months, days")
    unit, (first, last) = chosen[0]
    end = None if last is None else last + 1
    when = _span_text(unit, first, end, anchor, earliest_start)
    lower = upper = None
    if fixed is not None:
        lower = dose(f"{id}-lower", f"At least {fixed} mg/day ({when})", ">=", fixed, source_id)
        upper = dose(f"{id}-upper", f"At most {fixed} mg/day ({when})", "<=", fixed, source_id)
    elif mg is not None:
        lower = dose(f"{id}-lower", f"At least {mg[0]} mg/day ({when})", ">=", mg[0], source_id)
        upper = dose(f"{id}-upper", f"At most {mg[1]} mg/day ({when})", "<=", mg[1], source_id)
    elif mg_per_kg is not None:
        lo, hi = mg_per_kg
        lower = per_kg(f"{id}-lower", f"At least {lo} mg/kg/day ({when})", ">=", lo, source_id)
        upper = per_kg(f"{id}-upper", f"At most {hi} mg/kg/day ({when})", "<=", hi, source_id)
    elif ceiling is not None:
        op, value = ceiling
        words = "At most" if op == "<=" else "Below"
        upper = dose(f"{id}-upper", f"{words} {value} mg/day ({when})", op, value, source_id)
    else:
        raise LupusNephritisError(f"row {id}: no dose given")
    cap_threshold = (
        None
        if cap is None
        else dose(f"{id}-cap", f"Per-kg dose capped at {cap} mg/day ({when})", "<=", cap, source_id)
    )
    return TaperRow(
        id=id,
        label=when,
        unit=unit,
        start=first,
        end=end,
        source_id=source_id,
        upper=upper,
        lower=lower,
        cap=cap_threshold,
        anchor=anchor,
        earliest_start=earliest_start,
        note=note,
    )


# ----------------------------------------------------------------------------- options

#: Statistic name -> number of days it summarises (ending on the assessment day).
STATISTIC_DAYS: Mapping[str, int] = MappingProxyType({"day": 1, "mean-7d": 7, "max-7d": 7})


#: Default of the ``pulse_window_days`` option (a library default: no source states a window).
DEFAULT_PULSE_WINDOW_DAYS = 14
#: Default of the ``pulse_lookback_days`` option.
DEFAULT_PULSE_LOOKBACK_DAYS = 0
#: Default of the ``pulse_requirement`` option (each regimen as its source states it).
DEFAULT_PULSE_REQUIREMENT = "as-stated"


def pulse_options(*, source_id: str | None) -> tuple[Option, ...]:
    """The options of a pulse-course check (declared by schedules that check pulses).

    Args:
        source_id: The schedule's main source (whose open point the options resolve).

    Returns:
        ``pulse_window_days``, ``pulse_lookback_days`` and ``pulse_requirement``, with
        documented defaults.
    """
    return (
        Option(
            name="pulse_window_days",
            default=DEFAULT_PULSE_WINDOW_DAYS,
            description=(
                "Length in days, from study day 1, of the window whose intravenous "
                "methylprednisolone records form the initial pulse course (a positive "
                "integer). No source states a window; the default of 14 days (a library "
                "default) holds every schedule's pulse days (at most 3) with room for a late "
                "or an extra pulse, and leaves out pulses given weeks later (e.g. for a "
                "flare), which are not part of the initial course."
            ),
            source_id=source_id,
        ),
        Option(
            name="pulse_lookback_days",
            default=DEFAULT_PULSE_LOOKBACK_DAYS,
            description=(
                "Days before study day 1 also searched for pulses (a non-negative integer; "
                "default 0). Set it when pulses were given at screening, before the "
                "treatment start (NOBILITY allowed pulses at screening or randomisation)."
            ),
            source_id=source_id,
        ),
        Option(
            name="pulse_requirement",
            default=DEFAULT_PULSE_REQUIREMENT,
            description=(
                "Whether a course with no pulse at all meets a regimen that states a minimum "
                "(a number of pulse days or a total): 'as-stated' (default: the regimen as its "
                "source gives it, so the pulses are required where the source recommends them "
                "as part of the regimen, e.g. ACR 2024's conditional recommendation of 1-3 "
                "pulses, EULAR 2012's three pulses, EULAR 2019's 500-2500 mg, the AURORA 1 "
                "protocol, and optional only where it says so, e.g. NOBILITY; none at all is "
                "then below_range) or 'optional' (every regimen optional: none at all is "
                "no_pulses, for a registry where pulses are given only when clinically "
                "indicated). Pulses that were given are checked against every bound either way."
            ),
            choices=("as-stated", "optional"),
            source_id=source_id,
        ),
    )


def taper_options(schedule: TaperSchedule, *, source_id: str) -> tuple[Option, ...]:
    """The options of a taper rule set (those its schedule needs).

    Args:
        schedule: The schedule (decides which optional options apply).
        source_id: The schedule's main source (whose open points the options resolve).

    Returns:
        The options, with documented defaults.
    """
    options = [
        Option(
            name="statistic",
            default="day",
            description=(
                "Which dose is compared with the schedule: 'day' = the prednisone-equivalent "
                "dose on the assessment day (default: schedules state daily doses); "
                "'mean-7d' / 'max-7d' = mean / maximum over the 7 days ending on it. Bounds "
                "are those of the assessment day."
            ),
            choices=tuple(STATISTIC_DAYS),
            source_id=source_id,
        ),
        Option(
            name="equivalence_table",
            default=DEFAULT_TABLE,
            description=(
                "Glucocorticoid equivalence table for prednisone equivalents; the sources "
                "disagree on betamethasone (0.75 mg FDA label, default, vs 0.6 mg)."
            ),
            choices=tuple(EQUIVALENCE_TABLES),
            source_id="prednisolone-fda-label",
        ),
        Option(
            name="routes",
            default="oral",
            description=(
                "Which dose records count: 'oral' (default) = oral and route-unspecified "
                "records, since schedules describe the oral dose and pulses are separate; "
                "'all' adds intravenous and intramuscular doses."
            ),
            choices=("oral", "all"),
            source_id=source_id,
        ),
        Option(
            name="lower_bounds",
            default="apply",
            description=(
                "Whether a dose under a row's lower bound (or under a fixed example dose) is "
                "'below' schedule ('apply', default) or on schedule ('ignore': only "
                "over-exposure is flagged)."
            ),
            choices=("apply", "ignore"),
            source_id=source_id,
        ),
    ]
    if schedule.has_deadline_ranges:
        options.append(
            Option(
                name="deadline_reading",
                default="latest",
                description=(
                    "A target stated 'by X-Y months' applies from month Y ('latest', default: "
                    "the patient still meets the guideline until the end of the range) or "
                    "from month X ('earliest')."
                ),
                choices=("latest", "earliest"),
                source_id=source_id,
            )
        )
    if schedule.initial_dose is not None:
        options.append(
            Option(
                name="initial_dose_weeks",
                default=None,
                description=(
                    "Number of weeks the untimed starting dose applies from week 0. The "
                    "source does not state it, so by default (None) the starting dose is not "
                    "evaluated and those weeks have no row."
                ),
                source_id=source_id,
            )
        )
    if schedule.checks_pulses:
        options.extend(pulse_options(source_id=source_id))
    if schedule.exposure_checks:
        options.append(
            exposure_window_option(
                source_id=source_id,
                reason="the visit days, the reading of the first release; the sources' "
                "wording ('weeks A through B', 'between weeks A and B') does not say how the "
                "days are counted (see the rule set's notes).",
            )
        )
        options.append(
            Option(
                name="exposure_routes",
                default="all",
                description=(
                    "Which dose records an exposure check counts: 'all' (default: the rules "
                    "speak of the prednisone-equivalent dose, whatever the route) or 'oral'."
                ),
                choices=("all", "oral"),
                source_id=source_id,
            )
        )
    return tuple(options)


def first_release_options(options: tuple[Option, ...]) -> tuple[Option, ...]:
    """``options`` with ``exposure_window`` as the first release (1.0.0) declared it.

    Version 1.0.0 of the taper rule sets offered two readings ('nominal-visits',
    'whole-weeks'); ``whole-weeks-from-1`` came with 1.1.0. Used to keep 1.0.0 selectable.
    """
    legacy = Option(
        name=EXPOSURE_WINDOW_OPTION,
        default=DEFAULT_WEEK_WINDOW_READING.value,
        description=(
            "Window of an exposure check 'weeks A-B': from the nominal day of week A "
            "to the nominal day of week B ('nominal-visits', default: the visit days) "
            "or to the last day of week B ('whole-weeks')."
        ),
        choices=(WeekWindowReading.NOMINAL_VISITS.value, WeekWindowReading.WHOLE_WEEKS.value),
        source_id=next((o.source_id for o in options if o.name == EXPOSURE_WINDOW_OPTION), None),
    )
    return tuple(legacy if o.name == EXPOSURE_WINDOW_OPTION else o for o in options)


__all__ = [
    "DEFAULT_PULSE_LOOKBACK_DAYS",
    "DEFAULT_PULSE_REQUIREMENT",
    "DEFAULT_PULSE_WINDOW_DAYS",
    "STATISTIC_DAYS",
    "Anchor",
    "ExposureCheck",
    "InitialDose",
    "OffsetUnit",
    "PulseSpec",
    "RowRole",
    "TaperRow",
    "TaperSchedule",
    "WithdrawalAdvice",
    "block",
    "dose",
    "first_release_options",
    "offset_date",
    "per_kg",
    "pulse_options",
    "taper_options",
    "weight",
]
