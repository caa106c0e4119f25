"""The ``exposure_window`` option of the trial steroid windows (weeks A through B).

Study day ``d`` is ``week(0, d - 1)``. For the week-52 assessment of AURORA 1 the window
"weeks 44 through 52" is days 309-365 (visit days, default), 302-364 (whole weeks counted
from 1) or 309-371 (whole weeks counted from 0); REGENCY's "between weeks 64 and 76" is days
449-533, 442-532 or 449-539.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from _trial_courses import course, extra_dose, week

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.errors import OptionError

FM = "first_morning"
READINGS = ("nominal-visits", "whole-weeks", "whole-weeks-from-1")


def day(n: int) -> date:
    return week(0, n - 1)


def above_10_on(*days: int) -> list[dict[str, Any]]:
    # 8 mg on top of the course's 2.5 mg/day: 10.5 mg > 10 mg on each listed day
    return [extra_dose(day(d), day(d), "8") for d in days]


AURORA_WINDOWS = {
    "nominal-visits": (309, 365),
    "whole-weeks": (309, 371),
    "whole-weeks-from-1": (302, 364),
}


def aurora(extra: list[dict[str, Any]], reading: str, definition: str = "aurora-1") -> str:
    c = course(specimen=FM, steroid_extra=extra)
    return classify_renal_response(c, definition, exposure_window=reading).verdict


@pytest.mark.parametrize("reading", READINGS)
def test_aurora_1_steroid_window_first_and_last_day_under_each_reading(reading: str) -> None:
    first, last = AURORA_WINDOWS[reading]
    # three consecutive days above 10 mg inside the window fail the complete response
    assert aurora(above_10_on(first, first + 1, first + 2), reading) == "partial"
    assert aurora(above_10_on(last - 2, last - 1, last), reading) == "partial"
    # the same run moved one day out of the window keeps only two days inside: no breach
    assert aurora(above_10_on(first - 1, first, first + 1), reading) == "complete"
    assert aurora(above_10_on(last - 1, last, last + 1), reading) == "complete"
    # entirely outside
    assert aurora(above_10_on(first - 3, first - 2, first - 1), reading) == "complete"
    assert aurora(above_10_on(last + 1, last + 2, last + 3), reading) == "complete"


def test_aurora_1_default_reading_is_the_visit_days() -> None:
    c = course(specimen=FM, steroid_extra=above_10_on(302, 303, 304))
    assert classify_renal_response(c, "aurora-1").verdict == "complete"
    decision = classify_renal_response(c, "aurora-1")
    assert dict(decision.options)["exposure_window"] == "nominal-visits"


def test_aurora_1_whole_weeks_needs_dose_records_after_the_assessment() -> None:
    # records end on the assessment day (day 365) and are not complete: days 366-371 unknown
    c = course(specimen=FM, steroid_mg=None, steroid_records_complete=False)
    c["glucocorticoids"] = [extra_dose(day(1), day(365), "2.5")]
    assert classify_renal_response(c, "aurora-1").verdict == "complete"
    from_1 = classify_renal_response(c, "aurora-1", exposure_window="whole-weeks-from-1")
    assert from_1.verdict == "complete"
    past = classify_renal_response(c, "aurora-1", exposure_window="whole-weeks")
    assert past.verdict == "not_evaluable"  # six unknown days could hold 3 in a row
    assert "glucocorticoids" in past.missing_inputs
    c["glucocorticoids"] = [extra_dose(day(1), day(365), "2.5"), *above_10_on(363, 364, 365)]
    # days 363-365 above 10 mg: inside the visit days, two days inside the from-1 window
    assert classify_renal_response(c, "aurora-1").verdict == "partial"
    from_1 = classify_renal_response(c, "aurora-1", exposure_window="whole-weeks-from-1")
    assert from_1.verdict == "complete"


def test_aurora_1_first_release_has_no_exposure_window_option() -> None:
    c = course(specimen=FM)
    with pytest.raises(OptionError):
        classify_renal_response(c, "aurora-1@1.0.0", exposure_window="whole-weeks-from-1")
    breach = course(specimen=FM, steroid_extra=above_10_on(309, 310, 311))
    assert classify_renal_response(breach, "aurora-1@1.0.0").verdict == "partial"


@pytest.mark.parametrize("reading", READINGS)
def test_aura_lv_steroid_analogue_follows_the_reading(reading: str) -> None:
    # AURA-LV primary endpoint at week 24: the 8 weeks up to the week-24 visit (day 169)
    first, last = {
        "nominal-visits": (113, 169),
        "whole-weeks": (113, 175),
        "whole-weeks-from-1": (106, 168),
    }[reading]

    def verdict(*days: int) -> str:
        c = course(at_week=24, specimen=FM, steroid_extra=above_10_on(*days))
        return classify_renal_response(
            c, "aura-lv", steroid_rule="aurora-1-analogue", exposure_window=reading
        ).verdict

    assert verdict(first, first + 1, first + 2) == "none"
    assert verdict(last - 2, last - 1, last) == "none"
    assert verdict(first - 1, first, first + 1) == "complete"
    assert verdict(last - 1, last, last + 1) == "complete"


REGENCY_WINDOWS = {
    "nominal-visits": (449, 533),
    "whole-weeks": (449, 539),
    "whole-weeks-from-1": (442, 532),
}


def regency(extra_days: tuple[int, ...], reading: str | None) -> str:
    doses = [extra_dose(day(d), day(d), "5.01") for d in extra_days]  # 2.5 + 5.01 > 7.5
    c = course(at_week=76, specimen="24h", steroid_extra=doses)
    options = {} if reading is None else {"exposure_window": reading}
    return classify_renal_response(c, "regency-crr-steroid", **options).verdict


@pytest.mark.parametrize("reading", READINGS)
def test_regency_weeks_64_76_first_and_last_day_under_each_reading(reading: str) -> None:
    first, last = REGENCY_WINDOWS[reading]
    assert regency((first,), reading) == "none"
    assert regency((last,), reading) == "none"
    assert regency((first - 1,), reading) == "complete"
    assert regency((last + 1,), reading) == "complete"


def test_regency_exactly_7_5_on_every_day_passes_under_each_reading() -> None:
    c = course(at_week=76, specimen="24h", steroid_mg="7.5")
    for reading in READINGS:
        verdict = classify_renal_response(c, "regency-crr-steroid", exposure_window=reading)
        assert verdict.verdict == "complete"


def test_regency_first_release_reads_the_visit_days_only() -> None:
    assert regency((442,), None) == "complete"
    c = course(at_week=76, specimen="24h")
    with pytest.raises(OptionError):
        classify_renal_response(c, "regency-crr-steroid@1.0.0", exposure_window="whole-weeks")
    assert classify_renal_response(c, "regency-crr-steroid@1.0.0").rule_set == (
        "regency-crr-steroid@1.0.0"
    )


def test_aurora_2_sustained_crr_month_12_steroid_window_follows_the_reading() -> None:
    from _trial_courses import visit

    def sustained(reading: str | None, *days: int) -> str:
        c = course(
            specimen=FM,
            steroid_extra=above_10_on(*days),
            extra_visits=[visit(week(104), specimen=FM), visit(week(156), specimen=FM)],
        )
        options = {} if reading is None else {"exposure_window": reading}
        return classify_renal_response(c, "aurora-2-sustained-crr", **options).verdict

    assert sustained(None) == "complete"
    assert sustained(None, 302, 303, 304) == "complete"
    assert sustained("whole-weeks-from-1", 302, 303, 304) == "none"
    assert sustained("nominal-visits", 309, 310, 311) == "none"
    c = course(specimen=FM)
    with pytest.raises(OptionError):
        classify_renal_response(c, "aurora-2-sustained-crr@1.0.0", exposure_window="whole-weeks")
