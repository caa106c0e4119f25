"""Readings of a window "weeks A through B" (timeline.week_window and the shared option)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lupus_nephritis.errors import InputError
from lupus_nephritis.registry import list_rule_sets
from lupus_nephritis.timeline import (
    DEFAULT_WEEK_WINDOW_READING,
    EXPOSURE_WINDOW_OPTION,
    WeekWindowReading,
    exposure_window_option,
    week_date,
    week_window,
    week_window_before,
)

START = date(2024, 1, 1)


def days(window: tuple[date, date]) -> tuple[int, int]:
    """Study days (day 1 = START) of a window's ends."""
    return ((window[0] - START).days + 1, (window[1] - START).days + 1)


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("nominal-visits", (309, 365)),
        ("whole-weeks", (309, 371)),
        ("whole-weeks-from-1", (302, 364)),
    ],
)
def test_weeks_44_through_52_under_each_reading(reading: str, expected: tuple[int, int]) -> None:
    assert days(week_window(START, 44, 52, reading)) == expected
    assert days(week_window_before(week_date(START, 52), 8, reading)) == expected


@pytest.mark.parametrize(
    ("first", "last", "reading", "expected"),
    [
        (64, 76, "nominal-visits", (449, 533)),
        (64, 76, "whole-weeks", (449, 539)),
        (64, 76, "whole-weeks-from-1", (442, 532)),
        (24, 52, "nominal-visits", (169, 365)),
        (24, 52, "whole-weeks", (169, 371)),
        (24, 52, "whole-weeks-from-1", (162, 364)),
    ],
)
def test_regency_and_tulip_windows_under_each_reading(
    first: int, last: int, reading: str, expected: tuple[int, int]
) -> None:
    assert days(week_window(START, first, last, reading)) == expected


def test_default_reading_is_the_visit_days() -> None:
    assert DEFAULT_WEEK_WINDOW_READING is WeekWindowReading.NOMINAL_VISITS
    assert week_window(START, 44, 52) == week_window(START, 44, 52, "nominal-visits")


def test_week_0_read_from_1_is_clipped_to_the_start() -> None:
    assert week_window(START, 0, 2, "whole-weeks-from-1") == (START, START + timedelta(days=13))


@given(
    first=st.integers(0, 200),
    length=st.integers(0, 60),
    reading=st.sampled_from(list(WeekWindowReading)),
)
def test_window_before_the_week_b_visit_equals_the_week_window(
    first: int, length: int, reading: WeekWindowReading
) -> None:
    last = first + length
    if last == 0 and reading is WeekWindowReading.WHOLE_WEEKS_FROM_1:
        with pytest.raises(InputError, match="no week 0"):
            week_window(START, first, last, reading)
        return
    by_weeks = week_window(START, first, last, reading)
    before = week_window_before(week_date(START, last), length, reading)
    assert by_weeks == (max(before[0], START), before[1])
    assert by_weeks[0] <= by_weeks[1]


def test_unknown_reading_is_an_input_error() -> None:
    with pytest.raises(InputError, match="whole-weeks-from-1"):
        week_window(START, 44, 52, "weekly")
    with pytest.raises(InputError):
        week_window_before(START, 8, "weekly")


def test_reversed_or_negative_windows_are_input_errors() -> None:
    with pytest.raises(InputError):
        week_window(START, 52, 44)
    with pytest.raises(InputError):
        week_window_before(START, -1)


def test_windows_beyond_the_calendar_are_input_errors() -> None:
    with pytest.raises(InputError):
        week_window(date(9999, 6, 1), 44, 52)
    with pytest.raises(InputError):
        week_window_before(date(1, 1, 2), 8)


def test_the_option_builder_lists_every_reading_and_its_days() -> None:
    option = exposure_window_option(reason="why.")
    assert option.name == EXPOSURE_WINDOW_OPTION == "exposure_window"
    assert option.default == "nominal-visits"
    assert option.choices == ("nominal-visits", "whole-weeks", "whole-weeks-from-1")
    assert "7A-6" in option.description and option.description.endswith("why.")
    with pytest.raises(InputError):
        exposure_window_option("weekly")


def test_every_current_rule_set_with_a_weeks_window_declares_the_same_option() -> None:
    declaring = {
        r.id: r.option(EXPOSURE_WINDOW_OPTION)
        for r in list_rule_sets()
        if any(o.name == EXPOSURE_WINDOW_OPTION for o in r.options)
    }
    assert set(declaring) == {
        "aura-lv",
        "aurora-1",
        "aurora-1-gc",
        "aurora-2-sustained-crr",
        "regency-crr-steroid",
        "regency-gc",
        "tulip-ln-gc",
    }
    for option in declaring.values():
        assert option.choices == tuple(r.value for r in WeekWindowReading)
        assert option.default == DEFAULT_WEEK_WINDOW_READING.value
