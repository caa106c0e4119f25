"""Taper schedules as cited data: rows, sources, comparators, gaps, pulses, options."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.docgen import render_rule_set
from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    Anchor,
    ExposureCheck,
    OffsetUnit,
    TaperRow,
    TaperSchedule,
    block,
    dose,
    offset_date,
    per_kg,
)
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set, list_rule_sets
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.timeline import ExposureRule, day_date, study_day, week_date

TAPER_IDS = (
    "kdigo-2024-gc-reduced",
    "kdigo-2024-gc-high",
    "aurora-1-gc",
    "regency-gc",
    "tulip-ln-gc",
    "nobility-gc",
    "eular-2019-gc",
    "eular-2012-gc",
    "eular-2023-gc-maintenance",
    "acr-2024-gc",
    "seed-review-2024-gc",
)


def schedule(rule_set_id: str) -> TaperSchedule:
    params = get_rule_set(rule_set_id).parameters
    assert isinstance(params, TaperSchedule)
    return params


def row(rule_set_id: str, row_id: str) -> TaperRow:
    return next(r for r in schedule(rule_set_id).rows if r.id == row_id)


#: Schedules with pulse regimens: 1.1.0 checks the pulse course, 1.0.0 stays selectable.
PULSE_CHECKING_IDS = (
    "kdigo-2024-gc-reduced",
    "kdigo-2024-gc-high",
    "aurora-1-gc",
    "nobility-gc",
    "eular-2019-gc",
    "eular-2012-gc",
    "acr-2024-gc",
)


def test_every_expected_taper_rule_set_is_registered() -> None:
    registered = {r.id for r in list_rule_sets(RuleKind.TAPER)}
    assert set(TAPER_IDS) <= registered
    for rule_set_id in TAPER_IDS:
        # the first release stays selectable
        assert get_rule_set(f"{rule_set_id}@1.0.0").version == "1.0.0"
        expected = "1.1.0" if rule_set_id in PULSE_CHECKING_IDS else "1.0.0"
        assert get_rule_set(rule_set_id).version == CURRENT.get(rule_set_id, expected)


#: Versions past 1.1.0 / moved by the third exposure-window reading: aurora-1-gc 1.2.0
#: (pulses in 1.1.0, then the reading), regency-gc and tulip-ln-gc 1.1.0 (the reading).
CURRENT = {"aurora-1-gc": "1.2.0", "regency-gc": "1.1.0", "tulip-ln-gc": "1.1.0"}


def test_aurora_1_gc_keeps_every_earlier_version() -> None:
    versions = [
        r.version
        for r in list_rule_sets(RuleKind.TAPER, all_versions=True)
        if r.id == "aurora-1-gc"
    ]
    assert versions == ["1.0.0", "1.1.0", "1.2.0"]
    assert "whole-weeks-from-1" not in (
        get_rule_set("aurora-1-gc@1.1.0").option("exposure_window").choices or ()
    )
    assert get_rule_set("aurora-1-gc@1.1.0").parameters.checks_pulses


@pytest.mark.parametrize("rule_set_id", PULSE_CHECKING_IDS)
def test_schedules_with_pulses_check_them_from_1_1_0_and_keep_1_0_0(rule_set_id: str) -> None:
    current = get_rule_set(rule_set_id)
    previous = get_rule_set(f"{rule_set_id}@1.0.0")
    assert current.parameters.checks_pulses and current.parameters.pulses
    assert not previous.parameters.checks_pulses
    assert [p.id for p in previous.parameters.pulses] == [p.id for p in current.parameters.pulses]
    names = {o.name for o in current.options}
    assert {"pulse_window_days", "pulse_lookback_days"} <= names
    assert not {"pulse_window_days", "pulse_lookback_days"} & {o.name for o in previous.options}
    assert previous.parameters.rows == current.parameters.rows


def test_schedules_without_pulses_do_not_check_them() -> None:
    for rule_set_id in set(TAPER_IDS) - set(PULSE_CHECKING_IDS):
        params = get_rule_set(rule_set_id).parameters
        assert not params.pulses and not params.checks_pulses


@pytest.mark.parametrize("rule_set_id", TAPER_IDS)
def test_every_row_and_threshold_is_sourced_and_documented(rule_set_id: str) -> None:
    rule_set: RuleSet = get_rule_set(rule_set_id)
    params = schedule(rule_set_id)
    page = render_rule_set(rule_set)
    for r in params.rows:
        assert r.source_id in SOURCES
        assert r.source_id in rule_set.source_ids
        for t in (r.upper, r.lower, r.cap):
            if t is not None:
                assert t.source_id == r.source_id
                assert f"`{t.id}`" in page
    assert params.gaps
    assert rule_set.notes


@pytest.mark.parametrize("rule_set_id", TAPER_IDS)
@pytest.mark.parametrize("start", [date(2024, 1, 1), date(2024, 1, 31), date(2023, 8, 31)])
def test_treatment_rows_do_not_overlap(rule_set_id: str, start: date) -> None:
    rows = [r for r in schedule(rule_set_id).rows if r.anchor is Anchor.TREATMENT_START]
    for earliest in (False, True):
        spans = sorted(r.span(start, earliest=earliest) for r in rows)
        for (_, end), (next_first, _) in itertools.pairwise(spans):
            assert end is not None and end <= next_first


def test_kdigo_reduced_rows_as_stated() -> None:
    rows = schedule("kdigo-2024-gc-reduced").rows
    assert [r.describe_span() for r in rows] == [
        "weeks 0-2",
        "weeks 3-4",
        "weeks 5-6",
        "weeks 7-8",
        "weeks 9-10",
        "weeks 11-12",
        "weeks 13-24",
        "from week 25",
    ]
    assert [r.describe_dose() for r in rows] == [
        "0.5-0.6 mg/kg/day, at most 40 mg/day",
        "0.3-0.4 mg/kg/day",
        "15 mg/day",
        "10 mg/day",
        "7.5 mg/day",
        "5 mg/day",
        "2.5 mg/day",
        "< 2.5 mg/day",
    ]
    assert [r.shape for r in rows] == ["range", "range"] + ["fixed"] * 5 + ["ceiling"]


def test_kdigo_high_has_only_weeks_0_2() -> None:
    params = schedule("kdigo-2024-gc-high")
    assert [r.describe_dose() for r in params.rows] == ["0.8-1.0 mg/kg/day, at most 80 mg/day"]
    assert "NOT FOUND" in params.gaps


def test_kdigo_pulses_are_0_25_to_0_5_g_for_up_to_3_days() -> None:
    (pulse,) = schedule("kdigo-2024-gc-reduced").pulses
    assert pulse.daily_min is not None and pulse.daily_max is not None
    assert (pulse.daily_min.value, pulse.daily_min.unit) == (Decimal("0.25"), "g")
    assert (pulse.daily_max.value, pulse.daily_max.unit) == (Decimal("0.5"), "g")
    assert pulse.max_days == 3
    assert pulse.drug.value == "methylprednisolone"


def test_pulse_ranges_of_eular_and_acr_as_stated() -> None:
    (eular19,) = schedule("eular-2019-gc").pulses
    assert eular19.total_min is not None and eular19.total_max is not None
    assert (eular19.total_min.value, eular19.total_max.value) == (Decimal(500), Decimal(2500))
    (eular12,) = schedule("eular-2012-gc").pulses
    assert (eular12.min_days, eular12.max_days) == (3, 3)
    (acr,) = schedule("acr-2024-gc").pulses
    assert acr.daily_min is not None and acr.daily_max is not None
    assert (acr.daily_min.value, acr.daily_max.value, acr.min_days, acr.max_days) == (
        Decimal(250),
        Decimal(1000),
        1,
        3,
    )


@pytest.mark.parametrize(
    ("rule_set_id", "index", "field", "comparator", "value", "unit"),
    [
        ("acr-2024-gc", 0, "daily_min", ">=", "250", "mg"),
        ("acr-2024-gc", 0, "daily_max", "<=", "1000", "mg"),
        ("aurora-1-gc", 0, "daily_min", ">=", "0.5", "g"),
        ("aurora-1-gc", 0, "daily_max", "<=", "0.5", "g"),
        ("aurora-1-gc", 1, "daily_min", ">=", "0.25", "g"),
        ("aurora-1-gc", 1, "daily_max", "<=", "0.25", "g"),
        ("eular-2012-gc", 0, "daily_min", ">=", "500", "mg"),
        ("eular-2012-gc", 0, "daily_max", "<=", "750", "mg"),
        ("eular-2019-gc", 0, "total_min", ">=", "500", "mg"),
        ("eular-2019-gc", 0, "total_max", "<=", "2500", "mg"),
        ("kdigo-2024-gc-reduced", 0, "daily_min", ">=", "0.25", "g"),
        ("kdigo-2024-gc-reduced", 0, "daily_max", "<=", "0.5", "g"),
        ("nobility-gc", 0, "daily_min", ">=", "1000", "mg"),
        ("nobility-gc", 0, "daily_max", "<=", "1000", "mg"),
    ],
)
def test_pulse_dose_bounds_include_their_stated_value(
    rule_set_id: str, index: int, field: str, comparator: str, value: str, unit: str
) -> None:
    # pulse ranges are published data (checked by check_glucocorticoid_pulses); pin them: both
    # ends are inclusive, a pulse of exactly the stated dose is inside the range
    bound = getattr(schedule(rule_set_id).pulses[index], field)
    assert bound is not None
    assert bound.comparator.value == comparator
    assert (bound.value, bound.unit) == (Decimal(value), unit)
    assert bound.holds(bound.canonical)


def test_aurora_pulses_depend_on_45_kg() -> None:
    over, under = schedule("aurora-1-gc").pulses
    assert over.min_weight is not None and under.max_weight is not None
    assert over.min_weight.comparator.value == ">=" and over.min_weight.value == 45
    assert under.max_weight.comparator.value == "<" and under.max_weight.value == 45
    assert (over.first_day, over.last_day) == (1, 2)


def test_aurora_steroid_rule_as_stated() -> None:
    (check,) = schedule("aurora-1-gc").exposure_checks
    assert check.rule.threshold.comparator.value == ">"
    assert check.rule.threshold.value == 10
    assert (check.rule.min_consecutive_days, check.rule.min_total_days) == (3, 7)
    assert (check.first_week, check.last_week) == (44, 52)


def test_comparators_as_the_sources_state_them() -> None:
    assert row("eular-2019-gc", "taper-target").upper.comparator.value == "<="  # type: ignore[union-attr]
    assert row("eular-2019-gc", "maintenance").upper.comparator.value == "<"  # type: ignore[union-attr]
    assert row("kdigo-2024-gc-reduced", "from-week-25").upper.comparator.value == "<"  # type: ignore[union-attr]
    assert row("acr-2024-gc", "from-month-6").upper.comparator.value == "<="  # type: ignore[union-attr]
    assert row("eular-2023-gc-maintenance", "maintenance").anchor is Anchor.MAINTENANCE_START


def test_deadline_ranges_are_month_3_6_and_4_6() -> None:
    taper = row("eular-2019-gc", "taper-target")
    assert (taper.unit, taper.earliest_start, taper.start) == (OffsetUnit.MONTH, 3, 6)
    taper12 = row("eular-2012-gc", "taper-target")
    assert (taper12.earliest_start, taper12.start) == (4, 6)
    names = {o.name for o in get_rule_set("eular-2019-gc").options}
    assert "deadline_reading" in names
    assert "deadline_reading" not in {o.name for o in get_rule_set("acr-2024-gc").options}


def test_withdrawal_advice_only_where_stated() -> None:
    with_advice = {i for i in TAPER_IDS if schedule(i).withdrawal is not None}
    assert with_advice == {"eular-2023-gc-maintenance", "seed-review-2024-gc"}


def test_offset_dates_for_days_weeks_and_months() -> None:
    start = date(2024, 1, 31)
    assert offset_date(start, OffsetUnit.DAY, 3) == date(2024, 2, 2)
    assert offset_date(start, OffsetUnit.WEEK, 2) == date(2024, 2, 14)
    assert offset_date(start, OffsetUnit.MONTH, 1) == date(2024, 2, 29)


def test_row_span_is_end_exclusive() -> None:
    r = row("kdigo-2024-gc-reduced", "weeks-0-2")
    first, end = r.span(date(2024, 1, 1))
    assert first == date(2024, 1, 1)
    assert end == date(2024, 1, 1) + timedelta(days=21)


def test_malformed_rows_are_rejected() -> None:
    src = "kdigo-2024-ln"
    with pytest.raises(LupusNephritisError):
        block("x", src, weeks=(0, 1), months=(0, 1), fixed="5")
    with pytest.raises(LupusNephritisError):
        block("x", src, weeks=(0, 1))
    with pytest.raises(LupusNephritisError):
        block("x", src, weeks=(3, 1), fixed="5")
    with pytest.raises(LupusNephritisError):
        block("x", src, weeks=(0, 1), fixed="5", cap="40")  # a cap needs a per-kg bound
    with pytest.raises(LupusNephritisError):
        TaperRow(
            id="x",
            label="x",
            unit="week",
            start=0,
            end=1,
            source_id=src,
            upper=dose("u", "u", ">=", "5", src),
        )
    with pytest.raises(LupusNephritisError):
        TaperRow(
            id="x",
            label="x",
            unit="day",
            start=0,
            end=1,
            source_id=src,
            upper=dose("u", "u", "<=", "5", src),
        )
    with pytest.raises(LupusNephritisError):
        TaperRow(id="x", label="x", unit="week", start=0, end=None, source_id=src)
    with pytest.raises(LupusNephritisError):
        TaperRow(
            id="x",
            label="x",
            unit="week",
            start=0,
            end=3,
            source_id=src,
            upper=per_kg("u", "u", "<=", "0.5", src),
            cap=dose("c", "c", ">=", "40", src),
        )
    with pytest.raises(LupusNephritisError):
        TaperSchedule(
            rows=(
                block("a", src, weeks=(0, 1), fixed="5"),
                block("a", src, weeks=(2, 3), fixed="5"),
            ),
            gaps="-",
        )


def test_exposure_check_window_readings() -> None:
    check = schedule("aurora-1-gc").exposure_checks[0]
    start = date(2024, 1, 1)
    assert check.window(start) == (start + timedelta(days=308), start + timedelta(days=364))
    assert check.window(start, "whole-weeks")[1] == start + timedelta(days=370)
    with pytest.raises(InputError):
        check.window(start, "weekly")
    with pytest.raises(LupusNephritisError):
        ExposureCheck(
            id="x", label="x", rule=check.rule, first_week=5, last_week=4, source_id="aurora-1"
        )
    rule = ExposureRule(threshold=check.rule.threshold, min_consecutive_days=None, min_total_days=1)
    assert rule.describe().endswith(">= 1 days in total")


# ----------------------------------------------------------------------------- timeline convention

_starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=100, deadline=None)
@given(start=_starts, week=st.integers(min_value=0, max_value=520))
def test_week_offsets_follow_the_timeline_convention(start: date, week: int) -> None:
    # week w starts on study day 7w + 1, the nominal day timeline.week_date gives
    assert offset_date(start, OffsetUnit.WEEK, week) == week_date(start, week)
    assert study_day(start, offset_date(start, OffsetUnit.WEEK, week)) == 7 * week + 1
    assert offset_date(start, OffsetUnit.DAY, 7 * week + 1) == day_date(start, 7 * week + 1)


@pytest.mark.parametrize("rule_set_id", ["aurora-1-gc", "regency-gc", "tulip-ln-gc"])
def test_exposure_windows_are_the_timeline_nominal_week_days(rule_set_id: str) -> None:
    start = date(2023, 8, 31)
    for check in schedule(rule_set_id).exposure_checks:
        first, last = check.window(start)
        assert first == week_date(start, check.first_week)
        assert last == week_date(start, check.last_week)
        assert study_day(start, first) == 7 * check.first_week + 1


def test_offsets_outside_the_calendar_raise_input_error() -> None:
    with pytest.raises(InputError):
        offset_date(date(9999, 12, 1), OffsetUnit.WEEK, 10)
    with pytest.raises(InputError):
        offset_date(date(9999, 12, 1), OffsetUnit.MONTH, 1)
    with pytest.raises(InputError):
        offset_date(date(1, 1, 1), OffsetUnit.DAY, -5)
