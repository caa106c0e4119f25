"""Windows over a course: study days and weeks, visit matching, confirmation, dose exposure.

Conventions (used by every rule set):

* ``start_date`` is **study day 1**; study week *w* is nominally day ``7*w + 1`` (so "week 52"
  is 364 days after the start date). `week_date` gives that date.
* A window "weeks A through B" has several readings (`WeekWindowReading`, the shared
  option ``exposure_window`` built by `exposure_window_option`): from the week-A visit
  day to the week-B visit day (``nominal-visits``, the library default), or as whole study
  weeks numbered from 0 (``whole-weeks``) or from 1 (``whole-weeks-from-1``).
  `week_window` and `week_window_before` give the dates.
* Visit matching is a named policy (`VisitMatching`): the nearest visit within a
  window around the target, the nearest visit at any distance, or the last observation on or
  before the target. Ties within a window go to the **later** visit.
* Glucocorticoid exposure is counted per calendar day in prednisone equivalents; overlapping
  dose records add up. Days without a record are unknown unless the course says its records
  are complete (then they count as 0 mg).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import Enum
from fractions import Fraction
from typing import TypeVar

import attrs

from lupus_nephritis._convert import to_enum
from lupus_nephritis.decisions import Criterion, Evidence
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome, any_of
from lupus_nephritis.models import GlucocorticoidDose, Visit
from lupus_nephritis.steroids import DEFAULT_TABLE
from lupus_nephritis.thresholds import Option, Threshold

T = TypeVar("T")


def study_day(start: date, day: date) -> int:
    """Study day of ``day`` when ``start`` is day 1."""
    return (day - start).days + 1


def day_date(start: date, day: int) -> date:
    """Calendar date of study day ``day`` (day 1 is ``start``)."""
    return start + timedelta(days=day - 1)


def week_date(start: date, week: int | Fraction) -> date:
    """Nominal calendar date of study week ``week`` (``start + 7 * week`` days)."""
    days = Fraction(week) * 7
    if days.denominator != 1:
        raise InputError(f"week {week} does not fall on a whole day")
    return start + timedelta(days=int(days))


class WeekWindowReading(str, Enum):
    """How a window "weeks A through B" is turned into study days (both ends inclusive).

    Study day 1 is the start date; the week-*w* visit is nominally on day ``7*w + 1``.
    """

    NOMINAL_VISITS = "nominal-visits"
    """From the week-A visit day to the week-B visit day: days ``7A+1`` to ``7B+1``."""
    WHOLE_WEEKS = "whole-weeks"
    """Whole study weeks numbered from 0 (week *w* = days ``7w+1`` to ``7w+7``, the numbering
    of schedules with a "week 0"): days ``7A+1`` to ``7B+7``, past the week-B visit."""
    WHOLE_WEEKS_FROM_1 = "whole-weeks-from-1"
    """Whole study weeks numbered from 1 (week *w* = days ``7(w-1)+1`` to ``7w``, the weeks
    of treatment): days ``7A-6`` to ``7B``, ending the day before the week-B visit."""


#: Name of the shared option that selects a `WeekWindowReading`.
EXPOSURE_WINDOW_OPTION = "exposure_window"

#: The library's default reading (the visit days), kept from the first release.
DEFAULT_WEEK_WINDOW_READING = WeekWindowReading.NOMINAL_VISITS

_WEEK_READING_TEXT = {
    WeekWindowReading.NOMINAL_VISITS: "from the week-A visit day (study day 7A+1) to the week-B "
    "visit day (day 7B+1)",
    WeekWindowReading.WHOLE_WEEKS: "whole study weeks numbered from 0 (week w = days 7w+1 to "
    "7w+7): days 7A+1 to 7B+7, i.e. 6 days past the week-B visit",
    WeekWindowReading.WHOLE_WEEKS_FROM_1: "whole study weeks numbered from 1 (week w = days "
    "7(w-1)+1 to 7w): days 7A-6 to 7B, ending the day before the week-B visit",
}


def _reading(reading: object) -> WeekWindowReading:
    try:
        return WeekWindowReading(reading)
    except ValueError:
        known = ", ".join(r.value for r in WeekWindowReading)
        raise InputError(
            f"unknown week-window reading {reading!r}; choose one of {known}"
        ) from None


def week_window(
    start: date,
    first_week: int,
    last_week: int,
    reading: WeekWindowReading | str = DEFAULT_WEEK_WINDOW_READING,
) -> tuple[date, date]:
    """First and last date (inclusive) of "weeks ``first_week`` through ``last_week``".

    Args:
        start: Study day 1.
        first_week: Week A.
        last_week: Week B (``>= first_week``).
        reading: A `WeekWindowReading` (or its value).

    Returns:
        ``(first, last)``; a first day before ``start`` (week 0 read from 1) is clipped to it.

    Raises:
        InputError: unknown reading, the window ends before it starts (or before the start
            date: "weeks 0-0" counted from 1), or it falls beyond the calendar.
    """
    if last_week < first_week:
        raise InputError(f"weeks {first_week}-{last_week}: the window ends before it starts")
    chosen = _reading(reading)
    try:
        first = start + timedelta(days=7 * first_week)
        last = start + timedelta(days=7 * last_week)
        if chosen is WeekWindowReading.WHOLE_WEEKS:
            last += timedelta(days=6)
        elif chosen is WeekWindowReading.WHOLE_WEEKS_FROM_1:
            first -= timedelta(days=7)
            last -= timedelta(days=1)
    except OverflowError:
        raise InputError(
            f"weeks {first_week}-{last_week} from {start.isoformat()} fall beyond the calendar"
        ) from None
    if last < start:
        raise InputError(
            f"weeks {first_week}-{last_week} read as {chosen.value} have no day on or after "
            "the start (there is no week 0 when weeks are counted from 1)"
        )
    return max(first, start), last


def week_window_before(
    visit_day: date, weeks: int, reading: WeekWindowReading | str = DEFAULT_WEEK_WINDOW_READING
) -> tuple[date, date]:
    """The window "the ``weeks`` weeks up to the visit on ``visit_day``" (inclusive dates).

    ``visit_day`` plays the week-B visit day and week A is ``weeks`` weeks earlier, so the
    result equals `week_window` for a visit on its nominal day (e.g. AURORA 1's "weeks
    44 through 52" for the week-52 assessment is ``week_window_before(day_365, 8)``). The
    caller clips the first day to the treatment start.

    Raises:
        InputError: unknown reading, ``weeks`` is negative, or the window falls beyond the
            calendar.
    """
    if weeks < 0:
        raise InputError(f"a window of {weeks} weeks is not a window")
    chosen = _reading(reading)
    try:
        first = visit_day - timedelta(days=7 * weeks)
        last = visit_day
        if chosen is WeekWindowReading.WHOLE_WEEKS:
            last += timedelta(days=6)
        elif chosen is WeekWindowReading.WHOLE_WEEKS_FROM_1:
            first -= timedelta(days=7)
            last -= timedelta(days=1)
    except OverflowError:
        raise InputError(
            f"{weeks} weeks up to {visit_day.isoformat()} fall beyond the calendar"
        ) from None
    return first, last


def exposure_window_option(
    default: WeekWindowReading | str = DEFAULT_WEEK_WINDOW_READING,
    *,
    source_id: str | None = None,
    reason: str | None = None,
) -> Option:
    """The shared ``exposure_window`` option: how a window "weeks A through B" is read.

    Every rule set with such a window declares it through this builder, so the name, the
    choices and the wording are the same everywhere.
    """
    chosen = _reading(default)
    text = (
        "Reading of a window 'weeks A through B' (both ends inclusive): "
        + "; ".join(f"'{r.value}' = {_WEEK_READING_TEXT[r]}" for r in WeekWindowReading)
        + "."
    )
    if reason:
        text += f" Default '{chosen.value}': {reason}"
    return Option(
        EXPOSURE_WINDOW_OPTION,
        chosen.value,
        text,
        choices=tuple(r.value for r in WeekWindowReading),
        source_id=source_id,
    )


class VisitMatching(str, Enum):
    """How a visit is matched to an assessment point."""

    WINDOW = "window"
    """Nearest visit within ``[target - before, target + after]`` days (ties: the later)."""
    NEAREST = "nearest"
    """Nearest visit at any distance (ties: the later)."""
    LAST_OBSERVATION = "last_observation"
    """Last visit on or before the target (optionally no more than ``before`` days earlier)."""


def _to_visitmatching(value: object) -> VisitMatching:
    return to_enum(VisitMatching, value)


@attrs.frozen(slots=True)
class VisitWindow:
    """A named visit-matching policy around an assessment point (in days).

    Attributes:
        method: The matching policy.
        before_days: Days before the target still accepted.
        after_days: Days after the target still accepted (ignored by last observation).
        source_id: Source of the window, or None when it is the library's documented default.
        note: Why these values.
    """

    method: VisitMatching = attrs.field(converter=_to_visitmatching)
    before_days: int = 0
    after_days: int = 0
    source_id: str | None = None
    note: str | None = None

    def describe(self) -> str:
        """Human text for documentation."""
        if self.method is VisitMatching.NEAREST:
            return "nearest visit to the target date"
        if self.method is VisitMatching.LAST_OBSERVATION:
            bound = f" within {self.before_days} days" if self.before_days else ""
            return f"last visit on or before the target date{bound}"
        return f"nearest visit from {self.before_days} days before to {self.after_days} days after"


def select_visit(
    visits: Sequence[Visit],
    target: date,
    window: VisitWindow,
    has: Callable[[Visit], bool] = lambda v: True,
) -> Visit | None:
    """The visit that ``window`` matches to ``target`` among those for which ``has`` is true."""
    candidates = [v for v in visits if has(v)]
    if window.method is VisitMatching.LAST_OBSERVATION:
        earliest = target - timedelta(days=window.before_days) if window.before_days else None
        eligible = [
            v for v in candidates if v.date <= target and (earliest is None or v.date >= earliest)
        ]
        return max(eligible, key=lambda v: v.date) if eligible else None
    if window.method is VisitMatching.WINDOW:
        lo = target - timedelta(days=window.before_days)
        hi = target + timedelta(days=window.after_days)
        candidates = [v for v in candidates if lo <= v.date <= hi]
    if not candidates:
        return None
    return min(candidates, key=lambda v: (abs((v.date - target).days), -v.date.toordinal()))


def visits_between(
    visits: Iterable[Visit], first: date, last: date, has: Callable[[Visit], bool] = lambda v: True
) -> tuple[Visit, ...]:
    """Visits dated within ``[first, last]`` (inclusive) for which ``has`` is true."""
    return tuple(v for v in visits if first <= v.date <= last and has(v))


@attrs.frozen(slots=True)
class Confirmation:
    """How a finding is confirmed by a later measurement.

    Attributes:
        min_days: The confirming measurement is at least this many days later.
        max_days: ... and at most this many days later (None: any later measurement).
        source_id: Source, or None for the library's documented default.
        note: Why these values.
    """

    min_days: int = 1
    max_days: int | None = None
    source_id: str | None = None
    note: str | None = None


def confirm(
    visits: Sequence[Visit],
    index_visit: Visit,
    confirmation: Confirmation,
    check: Callable[[Visit], Outcome],
) -> tuple[Outcome, Visit | None]:
    """Whether the finding at ``index_visit`` is confirmed by the next evaluable visit.

    The next visit (in the allowed interval) where ``check`` is not ``UNKNOWN`` decides:
    ``MET`` if it also shows the finding, ``NOT_MET`` if it does not. With no evaluable
    visit in the interval the result is ``UNKNOWN``.
    """
    lo = index_visit.date + timedelta(days=confirmation.min_days)
    hi = (
        index_visit.date + timedelta(days=confirmation.max_days)
        if confirmation.max_days is not None
        else None
    )
    for visit in visits:
        if visit.date < lo or (hi is not None and visit.date > hi):
            continue
        outcome = check(visit)
        if outcome is not Outcome.UNKNOWN:
            return outcome, visit
    return Outcome.UNKNOWN, None


# --------------------------------------------------------------------------- glucocorticoids


#: Longest dose window handled (100 years of daily doses).
MAX_WINDOW_DAYS = 36525


def daily_prednisone(
    records: Iterable[GlucocorticoidDose],
    first: date,
    last: date,
    *,
    records_complete: bool,
    table: str = DEFAULT_TABLE,
) -> dict[date, Fraction | None]:
    """Prednisone-equivalent mg for every day in ``[first, last]``.

    Overlapping records add up. A day no record covers is ``None`` (unknown) unless
    ``records_complete`` is true, in which case it is 0 mg.
    """
    if last < first:
        raise InputError(f"window ends ({last}) before it starts ({first})")
    span = (last - first).days + 1
    if span > MAX_WINDOW_DAYS:
        raise InputError(
            f"dose window of {span} days exceeds the supported {MAX_WINDOW_DAYS} days "
            f"({first} to {last})"
        )
    empty: Fraction | None = Fraction(0) if records_complete else None
    days: dict[date, Fraction | None] = {first + timedelta(days=i): empty for i in range(span)}
    for record in records:
        amount = record.prednisone_mg_per_day(table)
        start = max(record.start, first)
        end = min(record.last_day, last)
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            current = days[day]
            days[day] = amount if current is None else current + amount
    return days


def _longest_run(flags: Sequence[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


@attrs.frozen(slots=True)
class ExposureRule:
    """A daily-dose rule: above a threshold on >= N consecutive days or >= M days in total.

    Attributes:
        threshold: Daily prednisone-equivalent threshold (e.g. ``> 10 mg``).
        min_consecutive_days: N (None: no consecutive-days clause).
        min_total_days: M (None: no total-days clause).
    """

    threshold: Threshold
    min_consecutive_days: int | None
    min_total_days: int | None

    def __attrs_post_init__(self) -> None:
        if self.min_consecutive_days is None and self.min_total_days is None:
            raise InputError("an exposure rule needs a consecutive-days or a total-days clause")

    def describe(self) -> str:
        """Human text for documentation."""
        clauses = []
        if self.min_consecutive_days is not None:
            clauses.append(f">= {self.min_consecutive_days} consecutive days")
        if self.min_total_days is not None:
            clauses.append(f">= {self.min_total_days} days in total")
        return f"prednisone equivalent {self.threshold.describe()}/day on " + " or ".join(clauses)


def check_exposure(
    daily: Mapping[date, Fraction | None],
    rule: ExposureRule,
    *,
    id: str,
    label: str,
) -> Criterion:
    """Whether the daily doses in ``daily`` breach ``rule`` (``MET`` = breached).

    The result is a composite criterion (any of) with one child per clause of the rule:
    ``<id>-consecutive-days`` (longest run of days above the threshold) and
    ``<id>-total-days`` (days above the threshold in the window). Unknown days are resolved
    conservatively: a clause is ``MET`` if the known days alone breach it, ``NOT_MET`` if it
    would not be breached even with every unknown day above the threshold, and ``UNKNOWN``
    otherwise.
    """
    ordered = sorted(daily)
    known: list[bool] = []
    worst: list[bool] = []
    for day in ordered:
        amount = daily[day]
        known.append(amount is not None and rule.threshold.holds(amount))
        worst.append(amount is None or rule.threshold.holds(amount))
    unknown_days = sum(1 for d in ordered if daily[d] is None)
    over = [d for d, flag in zip(ordered, known, strict=True) if flag]
    evidence = tuple(
        Evidence("prednisone_equivalent", date=d, value=daily[d], unit="mg") for d in over
    )
    window_note = f"window {ordered[0]} to {ordered[-1]}" if ordered else "empty window"
    if unknown_days:
        window_note += f"; {unknown_days} day(s) without dose records"

    def clause(kind: str, observed: int, worst_case: int, minimum: int) -> Criterion:
        if observed >= minimum:
            outcome = Outcome.MET
        elif worst_case < minimum:
            outcome = Outcome.NOT_MET
        else:
            outcome = Outcome.UNKNOWN
        words = "consecutive days" if kind == "consecutive-days" else "days in total"
        return Criterion(
            id=f"{id}-{kind}",
            label=f"{rule.threshold.label} on >= {minimum} {words}",
            outcome=outcome,
            observed=observed,
            observed_unit="d",
            comparator=">=",
            threshold=minimum,
            threshold_unit="d",
            source_id=rule.threshold.source_id,
            evidence=evidence,
            note=window_note,
        )

    children: list[Criterion] = []
    if rule.min_consecutive_days is not None:
        children.append(
            clause(
                "consecutive-days",
                _longest_run(known),
                _longest_run(worst),
                rule.min_consecutive_days,
            )
        )
    if rule.min_total_days is not None:
        children.append(clause("total-days", sum(known), sum(worst), rule.min_total_days))
    return Criterion(
        id=id,
        label=label,
        outcome=any_of(c.outcome for c in children),
        comparator="any",
        source_id=rule.threshold.source_id,
        children=tuple(children),
        note=f"{len(over)} day(s) {rule.threshold.describe()}/day; {window_note}",
    )


def cumulative_dose(daily: Mapping[date, Fraction | None]) -> Fraction | None:
    """Total prednisone-equivalent mg over the days (``None`` if any day is unknown)."""
    total = Fraction(0)
    for amount in daily.values():
        if amount is None:
            return None
        total += amount
    return total


__all__ = [
    "DEFAULT_WEEK_WINDOW_READING",
    "EXPOSURE_WINDOW_OPTION",
    "Confirmation",
    "ExposureRule",
    "VisitMatching",
    "VisitWindow",
    "WeekWindowReading",
    "check_exposure",
    "confirm",
    "cumulative_dose",
    "daily_prednisone",
    "day_date",
    "exposure_window_option",
    "select_visit",
    "study_day",
    "visits_between",
    "week_date",
    "week_window",
    "week_window_before",
]
