"""check_glucocorticoid_exposure (AURORA 1, REGENCY, TULIP-LN, custom) and cumulative exposure."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.regimens.glucocorticoids.schedule import ExposureCheck, dose
from lupus_nephritis.regimens.glucocorticoids.taper import (
    CumulativeExposure,
    ExposureStatus,
    check_glucocorticoid_exposure,
    cumulative_glucocorticoid_exposure,
)
from lupus_nephritis.timeline import ExposureRule

START = date(2024, 1, 1)
EXCEEDED, NOT_EXCEEDED, NE = (
    ExposureStatus.EXCEEDED.value,
    ExposureStatus.NOT_EXCEEDED.value,
    ExposureStatus.NOT_EVALUABLE.value,
)


def study_day(n: int) -> date:
    return START + timedelta(days=n - 1)


def rec(
    first: date, last: date, mg: str, *, drug: str = "prednisone", route: str | None = "oral"
) -> dict[str, Any]:
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daily_dose": f"{mg} mg",
        "drug": drug,
        "route": route,
    }


def course(records: list[dict[str, Any]], *, complete: bool = True) -> dict[str, Any]:
    return {
        "start_date": START.isoformat(),
        "glucocorticoids": records,
        "are_glucocorticoid_records_complete": complete,
    }


def days_at(mg: str, *days: int) -> list[dict[str, Any]]:
    return [rec(study_day(d), study_day(d), mg) for d in days]


# AURORA 1 window "weeks 44 through 52": study days 309 (week 44) to 365 (week 52)
FIRST, LAST = 309, 365
AURORA = "aurora-1-gc"


def aurora(records: list[dict[str, Any]], **kwargs: Any) -> Decision:
    return check_glucocorticoid_exposure(course(records, **kwargs), AURORA)


def test_aurora_window_is_study_days_309_to_365() -> None:
    decision = aurora([])
    assert decision.detail("window_first") == study_day(FIRST).isoformat()
    assert decision.detail("window_last") == study_day(LAST).isoformat()
    assert decision.detail("window_days") == Decimal(57)
    assert decision.verdict == NOT_EXCEEDED


def test_aurora_3_consecutive_days_above_10_mg_exceed_the_steroid_rule() -> None:
    decision = aurora(days_at("10.01", 320, 321, 322))
    assert decision.verdict == EXCEEDED
    assert decision.detail("longest_run_days") == Decimal(3)
    assert decision.rule_set_id == AURORA


def test_aurora_2_consecutive_days_above_10_mg_do_not() -> None:
    assert aurora(days_at("10.01", 320, 321)).verdict == NOT_EXCEEDED


def test_aurora_exactly_10_mg_on_3_consecutive_days_does_not_exceed() -> None:
    assert aurora(days_at("10", 320, 321, 322)).verdict == NOT_EXCEEDED


def test_aurora_7_separate_days_above_10_mg_exceed_but_6_do_not() -> None:
    seven = (310, 312, 314, 316, 318, 320, 322)
    assert aurora(days_at("11", *seven)).verdict == EXCEEDED
    assert aurora(days_at("11", *seven[:6])).verdict == NOT_EXCEEDED
    assert aurora(days_at("11", *seven)).detail("days_above") == Decimal(7)


def test_aurora_window_first_and_last_day_count_and_outside_days_do_not() -> None:
    assert aurora(days_at("20", FIRST, FIRST + 1, FIRST + 2)).verdict == EXCEEDED
    assert aurora(days_at("20", LAST - 2, LAST - 1, LAST)).verdict == EXCEEDED
    assert aurora(days_at("20", FIRST - 3, FIRST - 2, FIRST - 1)).verdict == NOT_EXCEEDED
    assert aurora(days_at("20", LAST + 1, LAST + 2, LAST + 3)).verdict == NOT_EXCEEDED


def test_aurora_whole_weeks_window_reaches_day_371() -> None:
    data = course(days_at("20", LAST + 1, LAST + 2, LAST + 3))
    decision = check_glucocorticoid_exposure(data, AURORA, exposure_window="whole-weeks")
    assert decision.verdict == EXCEEDED
    assert decision.detail("window_last") == study_day(371).isoformat()


def test_aurora_unknown_days_that_could_breach_are_not_evaluable() -> None:
    # known days 0 mg except days 330-340 unknown: could be 3 consecutive days above 10 mg
    records = [
        rec(study_day(FIRST), study_day(329), "5"),
        rec(study_day(341), study_day(LAST), "5"),
    ]
    decision = aurora(records, complete=False)
    assert decision.verdict == NE
    assert decision.missing_inputs == ("glucocorticoid doses on 11 day(s) of the window",)


def test_aurora_unknown_days_that_cannot_breach_are_not_exceeded() -> None:
    # only 2 unknown days, apart: neither 3 consecutive nor 7 in total even if above
    records = [
        rec(study_day(FIRST), study_day(319), "5"),
        rec(study_day(321), study_day(329), "5"),
        rec(study_day(331), study_day(LAST), "5"),
    ]
    assert aurora(records, complete=False).verdict == NOT_EXCEEDED


def test_aurora_known_breach_wins_over_unknown_days() -> None:
    records = days_at("15", 320, 321, 322)
    assert aurora(records, complete=False).verdict == EXCEEDED


def test_aurora_iv_pulses_count_unless_oral_only() -> None:
    pulses = [rec(study_day(330), study_day(332), "500", drug="methylprednisolone", route="iv")]
    assert check_glucocorticoid_exposure(course(pulses), AURORA).verdict == EXCEEDED
    oral = check_glucocorticoid_exposure(course(pulses), AURORA, exposure_routes="oral")
    assert oral.verdict == NOT_EXCEEDED


def test_aurora_betamethasone_table_matters_at_the_threshold() -> None:
    # 1.5 mg betamethasone = 10 mg (FDA label, not above) or 12.5 mg (conventional, above)
    records = [rec(study_day(330), study_day(332), "1.5", drug="betamethasone")]
    assert check_glucocorticoid_exposure(course(records), AURORA).verdict == NOT_EXCEEDED
    assert (
        check_glucocorticoid_exposure(course(records), AURORA, table="conventional").verdict
        == EXCEEDED
    )


def test_window_override_with_dates() -> None:
    data = course(days_at("20", 10, 11, 12))
    decision = check_glucocorticoid_exposure(data, AURORA, first=study_day(1), last=study_day(20))
    assert decision.verdict == EXCEEDED
    partial = check_glucocorticoid_exposure(
        [rec(study_day(10), study_day(12), "20")],
        AURORA,
        first="2024-01-01",
        last="2024-01-20",
        records_complete=True,
    )
    assert partial.verdict == EXCEEDED


def test_week_window_needs_a_start_date() -> None:
    with pytest.raises(InputError):
        check_glucocorticoid_exposure([rec(study_day(1), study_day(2), "5")], AURORA)


def test_schedule_without_exposure_check_raises() -> None:
    with pytest.raises(InputError):
        check_glucocorticoid_exposure(course([]), "kdigo-2024-gc-reduced")
    with pytest.raises(InputError):
        check_glucocorticoid_exposure(course([]), AURORA, check="no-such-check")


def test_taper_only_options_are_rejected_by_the_exposure_check() -> None:
    with pytest.raises(OptionError):
        check_glucocorticoid_exposure(course([]), AURORA, statistic="mean-7d")
    with pytest.raises(OptionError):
        check_glucocorticoid_exposure(course([]), AURORA, exposure_window="weekly")


def test_exposure_decision_round_trips_through_json() -> None:
    decision = aurora(days_at("10.01", 320, 321, 322))
    assert Decision.from_json(decision.to_json()) == decision


# ----------------------------------------------------------------------------- REGENCY, TULIP

REGENCY = "regency-gc"
TULIP = "tulip-ln-gc"


def test_regency_weeks_64_76_at_most_7_5_mg_every_day() -> None:
    window = (7 * 64 + 1, 7 * 76 + 1)  # study days 449 to 533
    steady = [rec(study_day(window[0]), study_day(window[1]), "7.5")]
    decision = check_glucocorticoid_exposure(course(steady), REGENCY)
    assert decision.verdict == NOT_EXCEEDED
    assert decision.detail("window_first") == study_day(449).isoformat()
    assert decision.detail("window_last") == study_day(533).isoformat()
    one_day = [*steady, rec(study_day(window[1]), study_day(window[1]), "0.01")]
    assert check_glucocorticoid_exposure(course(one_day), REGENCY).verdict == EXCEEDED
    first_day = [rec(study_day(window[0]), study_day(window[0]), "7.51")]
    assert check_glucocorticoid_exposure(course(first_day), REGENCY).verdict == EXCEEDED
    before = [rec(study_day(window[0] - 1), study_day(window[0] - 1), "20")]
    assert check_glucocorticoid_exposure(course(before), REGENCY).verdict == NOT_EXCEEDED
    unknown = check_glucocorticoid_exposure(course(steady[:0], complete=False), REGENCY)
    assert unknown.verdict == NE


def test_tulip_ln_sustained_7_5_mg_weeks_24_52() -> None:
    window = (7 * 24 + 1, 7 * 52 + 1)
    steady = [rec(study_day(window[0]), study_day(window[1]), "7.5")]
    assert check_glucocorticoid_exposure(course(steady), TULIP).verdict == NOT_EXCEEDED
    spike = [*steady, rec(study_day(200), study_day(200), "2.5")]
    assert check_glucocorticoid_exposure(course(spike), TULIP).verdict == EXCEEDED
    assert (
        check_glucocorticoid_exposure(course(steady, complete=False), TULIP).verdict == NOT_EXCEEDED
    )
    gap = [rec(study_day(window[0]), study_day(250), "7.5")]
    assert check_glucocorticoid_exposure(course(gap, complete=False), TULIP).verdict == NE


# ----------------------------------------------------------------------------- custom rule


def test_custom_exposure_check_is_reported_as_custom() -> None:
    custom = ExposureCheck(
        id="over-20-mg",
        label="Above 20 mg/day on 2 consecutive days in weeks 0-4",
        rule=ExposureRule(
            threshold=dose("over-20", "More than 20 mg/day", ">", "20", "kdigo-2024-ln"),
            min_consecutive_days=2,
            min_total_days=None,
        ),
        first_week=0,
        last_week=4,
        source_id="kdigo-2024-ln",
    )
    decision = check_glucocorticoid_exposure(course(days_at("25", 3, 4)), custom)
    assert decision.verdict == EXCEEDED
    assert decision.rule_set_id == "custom-exposure-check"
    assert decision.subject == "over-20-mg"
    assert "custom-rule" in decision.flags
    assert (
        check_glucocorticoid_exposure(course(days_at("25", 3, 5)), custom).verdict == NOT_EXCEEDED
    )
    with pytest.raises(OptionError):
        check_glucocorticoid_exposure(course([]), custom, statistic="day")


# ----------------------------------------------------------------------------- cumulative


def test_cumulative_exposure_sums_prednisone_equivalents_exactly() -> None:
    records = [
        rec(study_day(1), study_day(3), "500", drug="methylprednisolone", route="iv"),
        rec(study_day(1), study_day(21), "40"),
        rec(study_day(22), study_day(28), "4", drug="dexamethasone"),
    ]
    total = cumulative_glucocorticoid_exposure(course(records), first=START, last=study_day(28))
    # 3 x 625 + 21 x 40 + 7 x 80/3
    assert total.total_mg == Fraction(1875) + 840 + Fraction(560, 3)
    assert total.days == 28
    assert total.unknown_days == ()
    oral = cumulative_glucocorticoid_exposure(
        course(records), first=START, last=study_day(28), routes="oral"
    )
    assert oral.total_mg == 840 + Fraction(560, 3)


def test_cumulative_exposure_is_unknown_when_a_day_is_unknown() -> None:
    records = [rec(study_day(1), study_day(10), "10"), rec(study_day(12), study_day(20), "10")]
    total = cumulative_glucocorticoid_exposure(
        course(records, complete=False), first=START, last=study_day(20)
    )
    assert total.total_mg is None
    assert total.known_mg == 190
    assert total.unknown_days == (study_day(11),)
    complete = cumulative_glucocorticoid_exposure(course(records), first=START, last=study_day(20))
    assert complete.total_mg == 190


def test_cumulative_exposure_with_conventional_table_and_dict_output() -> None:
    records = [rec(study_day(1), study_day(2), "3", drug="betamethasone")]
    fda = cumulative_glucocorticoid_exposure(
        records, first=START, last=study_day(2), records_complete=True
    )
    conventional = cumulative_glucocorticoid_exposure(
        records, first=START, last=study_day(2), records_complete=True, table="conventional"
    )
    assert fda.total_mg == 40
    assert conventional.total_mg == 50
    assert isinstance(fda, CumulativeExposure)
    assert fda.to_dict()["total_mg"] == "40"


def test_cumulative_exposure_rejects_bad_arguments() -> None:
    with pytest.raises(InputError):
        cumulative_glucocorticoid_exposure(course([]), first=study_day(5), last=study_day(1))
    with pytest.raises(OptionError):
        cumulative_glucocorticoid_exposure(course([]), first=START, last=START, routes="iv")
    with pytest.raises(OptionError):
        cumulative_glucocorticoid_exposure(course([]), first=START, last=START, table="x")


@settings(max_examples=50, deadline=None)
@given(
    doses=st.lists(st.decimals(min_value=0, max_value=60, places=1), min_size=1, max_size=30),
    split=st.integers(min_value=1, max_value=29),
)
def test_cumulative_exposure_is_additive_over_adjacent_windows(
    doses: list[Decimal], split: int
) -> None:
    records = [rec(study_day(i + 1), study_day(i + 1), str(mg)) for i, mg in enumerate(doses)]
    data = course(records)
    last = study_day(len(doses))
    split = min(split, len(doses))
    whole = cumulative_glucocorticoid_exposure(data, first=START, last=last).total_mg
    head = cumulative_glucocorticoid_exposure(data, first=START, last=study_day(split)).total_mg
    if split == len(doses):
        assert whole == head
        return
    tail = cumulative_glucocorticoid_exposure(data, first=study_day(split + 1), last=last)
    assert head is not None and tail.total_mg is not None
    assert whole == head + tail.total_mg == sum(Fraction(d) for d in doses)


@settings(max_examples=40, deadline=None)
@given(
    mg=st.decimals(min_value="0", max_value="30", places=2),
    days=st.lists(st.integers(min_value=FIRST, max_value=LAST), max_size=12, unique=True),
)
def test_aurora_steroid_rule_is_monotone_in_the_dose(mg: Decimal, days: list[int]) -> None:
    low = aurora(days_at(str(mg), *days)).verdict
    high = aurora(days_at(str(mg + 1), *days)).verdict
    assert not (low == EXCEEDED and high == NOT_EXCEEDED)


# ----------------------------------------------------------------------------- every window edge

_CHECKS = [
    ("aurora-1-gc", "steroid-rule", 44, 52, "10", 3),
    ("regency-gc", "weeks-64-76", 64, 76, "7.5", 1),
    ("tulip-ln-gc", "sustained-weeks-24-52", 24, 52, "7.5", 1),
]


@pytest.mark.parametrize(("rule_set_id", "check", "first_week", "last_week", "mg", "run"), _CHECKS)
@pytest.mark.parametrize("reading", ["nominal-visits", "whole-weeks", "whole-weeks-from-1"])
def test_exposure_window_first_and_last_day_count_and_the_days_outside_do_not(
    rule_set_id: str,
    check: str,
    first_week: int,
    last_week: int,
    mg: str,
    run: int,
    reading: str,
) -> None:
    # study days of the window's ends: the week-A and week-B visits are days 7A+1 and 7B+1;
    # whole weeks from 0 are days 7w+1..7w+7, whole weeks from 1 are days 7(w-1)+1..7w
    first, last = {
        "nominal-visits": (7 * first_week + 1, 7 * last_week + 1),
        "whole-weeks": (7 * first_week + 1, 7 * (last_week + 1)),
        "whole-weeks-from-1": (7 * (first_week - 1) + 1, 7 * last_week),
    }[reading]
    above = str(Decimal(mg) + Decimal("0.01"))

    def verdict(*days: int, dose: str = above) -> str:
        data = course(days_at(dose, *days))
        decision = check_glucocorticoid_exposure(
            data, rule_set_id, check=check, exposure_window=reading
        )
        assert decision.detail("window_first") == study_day(first).isoformat()
        assert decision.detail("window_last") == study_day(last).isoformat()
        return decision.verdict

    assert verdict(*range(first, first + run)) == EXCEEDED
    assert verdict(*range(last - run + 1, last + 1)) == EXCEEDED
    assert verdict(*range(first - run, first)) == NOT_EXCEEDED
    assert verdict(*range(last + 1, last + 1 + run)) == NOT_EXCEEDED
    # exactly at the threshold (not above it) on every window day never breaches
    assert verdict(*range(first, last + 1), dose=mg) == NOT_EXCEEDED


@pytest.mark.parametrize(("rule_set_id", "check", "first_week", "last_week", "mg", "run"), _CHECKS)
def test_exposure_unknown_first_or_last_day_is_not_evaluable_when_it_could_breach(
    rule_set_id: str, check: str, first_week: int, last_week: int, mg: str, run: int
) -> None:
    first, last = 7 * first_week + 1, 7 * last_week + 1
    if run == 1:  # any single unknown day could breach a "on any day" rule
        known = [rec(study_day(first + 1), study_day(last), "0")]
        data = course(known, complete=False)
        assert check_glucocorticoid_exposure(data, rule_set_id, check=check).verdict == NE
        known = [rec(study_day(first), study_day(last - 1), "0")]
        data = course(known, complete=False)
        assert check_glucocorticoid_exposure(data, rule_set_id, check=check).verdict == NE
    else:  # one unknown day cannot make 3 consecutive days or 7 days
        known = [rec(study_day(first + 1), study_day(last), "0")]
        data = course(known, complete=False)
        assert check_glucocorticoid_exposure(data, rule_set_id, check=check).verdict == NOT_EXCEEDED


@pytest.mark.parametrize(("rule_set_id", "check", "first_week", "last_week", "mg", "run"), _CHECKS)
def test_first_release_offers_two_window_readings_with_the_same_verdicts(
    rule_set_id: str, check: str, first_week: int, last_week: int, mg: str, run: int
) -> None:
    data = course(days_at("20", *range(7 * first_week + 1, 7 * first_week + 1 + run)))
    for reading in ("nominal-visits", "whole-weeks"):
        new = check_glucocorticoid_exposure(data, rule_set_id, check=check, exposure_window=reading)
        old = check_glucocorticoid_exposure(
            data, f"{rule_set_id}@1.0.0", check=check, exposure_window=reading
        )
        assert (old.verdict, old.details) == (new.verdict, new.details)
        assert old.rule_set == f"{rule_set_id}@1.0.0"
    with pytest.raises(OptionError):
        check_glucocorticoid_exposure(
            data, f"{rule_set_id}@1.0.0", check=check, exposure_window="whole-weeks-from-1"
        )


def test_aurora_steroid_rule_under_whole_weeks_from_1_ends_the_day_before_the_week_52_visit() -> (
    None
):
    # days 302-364: three days above 10 mg at days 362-364 breach; 363-365 only two inside
    inside = check_glucocorticoid_exposure(
        course(days_at("10.5", 362, 363, 364)), AURORA, exposure_window="whole-weeks-from-1"
    )
    assert inside.verdict == EXCEEDED
    edge = check_glucocorticoid_exposure(
        course(days_at("10.5", 363, 364, 365)), AURORA, exposure_window="whole-weeks-from-1"
    )
    assert edge.verdict == NOT_EXCEEDED
    # the default (visit days 309-365) counts day 365 but not day 302
    assert check_glucocorticoid_exposure(
        course(days_at("10.5", 363, 364, 365)), AURORA
    ).verdict == (EXCEEDED)
    early = course(days_at("10.5", 302, 303, 304))
    assert check_glucocorticoid_exposure(early, AURORA).verdict == NOT_EXCEEDED
    assert (
        check_glucocorticoid_exposure(early, AURORA, exposure_window="whole-weeks-from-1").verdict
        == EXCEEDED
    )
