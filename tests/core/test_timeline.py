from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import GlucocorticoidDose, Visit
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import (
    Confirmation,
    ExposureRule,
    VisitMatching,
    VisitWindow,
    check_exposure,
    confirm,
    cumulative_dose,
    daily_prednisone,
    day_date,
    select_visit,
    study_day,
    visits_between,
    week_date,
)

START = date(2024, 1, 1)


def v(day: int, upcr: str | None = "1 g/g") -> Visit:
    return Visit.model_validate({"date": day_date(START, day), "upcr": upcr, "id": f"d{day}"})


def test_study_days_and_weeks() -> None:
    assert study_day(START, START) == 1
    assert day_date(START, 1) == START
    assert week_date(START, 52) == START + timedelta(days=364)
    assert study_day(START, week_date(START, 52)) == 365
    with pytest.raises(InputError):
        week_date(START, Fraction(1, 3))


VISITS = [v(300), v(350), v(372), v(380, None)]
TARGET = week_date(START, 52)  # day 365


def test_window_selects_nearest_in_window() -> None:
    window = VisitWindow(VisitMatching.WINDOW, before_days=14, after_days=14)
    chosen = select_visit(VISITS, TARGET, window, lambda x: x.upcr is not None)
    assert chosen is not None and chosen.id == "d372"


def test_window_first_and_last_day() -> None:
    window = VisitWindow(VisitMatching.WINDOW, before_days=15, after_days=7)
    assert select_visit([v(350)], TARGET, window) is not None  # first day (365 - 15)
    assert select_visit([v(349)], TARGET, window) is None  # one day before
    assert select_visit([v(372)], TARGET, window) is not None  # last day (365 + 7)
    assert select_visit([v(373)], TARGET, window) is None  # one day after


def test_window_tie_goes_to_later_visit() -> None:
    window = VisitWindow(VisitMatching.WINDOW, before_days=10, after_days=10)
    chosen = select_visit([v(360), v(370)], TARGET, window)
    assert chosen is not None and chosen.id == "d370"


def test_nearest_and_last_observation() -> None:
    assert select_visit(VISITS, TARGET, VisitWindow(VisitMatching.NEAREST)).id == "d372"  # type: ignore[union-attr]
    locf = select_visit(VISITS, TARGET, VisitWindow(VisitMatching.LAST_OBSERVATION))
    assert locf is not None and locf.id == "d350"
    bounded = VisitWindow(VisitMatching.LAST_OBSERVATION, before_days=10)
    assert select_visit(VISITS, TARGET, bounded) is None
    assert select_visit([], TARGET, VisitWindow(VisitMatching.NEAREST)) is None


def test_visits_between() -> None:
    assert [x.id for x in visits_between(VISITS, day_date(START, 350), day_date(START, 372))] == [
        "d350",
        "d372",
    ]


def test_confirmation() -> None:
    def high(x: Visit) -> Outcome:
        if x.upcr is None:
            return Outcome.UNKNOWN
        return Outcome.MET if x.upcr.canonical > 1 else Outcome.NOT_MET

    visits = [v(10, "2 g/g"), v(12, None), v(20, "3 g/g"), v(40, "0.5 g/g")]
    outcome, by = confirm(visits, visits[0], Confirmation(min_days=1, max_days=30), high)
    assert outcome is Outcome.MET and by is not None and by.id == "d20"
    outcome, by = confirm(visits, visits[2], Confirmation(min_days=1), high)
    assert outcome is Outcome.NOT_MET and by is not None and by.id == "d40"
    outcome, by = confirm(visits, visits[3], Confirmation(min_days=1), high)
    assert outcome is Outcome.UNKNOWN and by is None


def dose(first: int, last: int, mg: str, drug: str = "prednisone") -> GlucocorticoidDose:
    return GlucocorticoidDose.model_validate(
        {
            "start": day_date(START, first),
            "end": day_date(START, last),
            "daily_dose": f"{mg} mg",
            "drug": drug,
        }
    )


AURORA_STEROID = ExposureRule(
    Threshold(
        "pred", "prednisone above 10 mg/day", ">", "10", "mg", "glucocorticoid_dose", "aurora-1"
    ),
    min_consecutive_days=3,
    min_total_days=7,
)


def window(records: list[GlucocorticoidDose], complete: bool = True) -> dict[date, Fraction | None]:
    return daily_prednisone(
        records, day_date(START, 309), day_date(START, 365), records_complete=complete
    )


def test_exposure_exactly_10_mg_never_breaches() -> None:
    crit = check_exposure(window([dose(309, 365, "10")]), AURORA_STEROID, id="s", label="s")
    assert crit.outcome is Outcome.NOT_MET


def test_exposure_3_consecutive_days_above_breaches_2_does_not() -> None:
    three = check_exposure(window([dose(320, 322, "10.5")]), AURORA_STEROID, id="s", label="s")
    two = check_exposure(window([dose(320, 321, "10.5")]), AURORA_STEROID, id="s", label="s")
    assert three.outcome is Outcome.MET
    assert two.outcome is Outcome.NOT_MET


def test_exposure_7_scattered_days_breach_6_do_not() -> None:
    seven = [dose(d, d, "20") for d in (310, 312, 314, 316, 318, 320, 322)]
    six = seven[:6]
    assert check_exposure(window(seven), AURORA_STEROID, id="s", label="s").outcome is Outcome.MET
    assert check_exposure(window(six), AURORA_STEROID, id="s", label="s").outcome is Outcome.NOT_MET


def test_exposure_with_unknown_days_is_three_valued() -> None:
    partial = window([dose(309, 360, "5")], complete=False)  # days 361-365 unknown
    crit = check_exposure(partial, AURORA_STEROID, id="s", label="s")
    assert crit.outcome is Outcome.UNKNOWN
    assert "without dose records" in (crit.note or "")
    nearly_all = window([dose(309, 364, "5")], complete=False)  # only day 365 unknown
    assert check_exposure(nearly_all, AURORA_STEROID, id="s", label="s").outcome is Outcome.NOT_MET


def test_overlapping_records_add_up_in_prednisone_equivalents() -> None:
    days = window([dose(309, 365, "5"), dose(330, 332, "4", "methylprednisolone")])
    assert days[day_date(START, 330)] == 10  # 5 + 4 mg MP (= 5 mg prednisone)
    assert check_exposure(days, AURORA_STEROID, id="s", label="s").outcome is Outcome.NOT_MET
    more = window([dose(309, 365, "6"), dose(330, 332, "4", "methylprednisolone")])
    assert check_exposure(more, AURORA_STEROID, id="s", label="s").outcome is Outcome.MET


def test_cumulative_dose() -> None:
    assert cumulative_dose(window([dose(309, 365, "5")])) == 5 * 57
    assert cumulative_dose(window([dose(309, 364, "5")], complete=False)) is None


def test_exposure_rule_needs_a_clause() -> None:
    with pytest.raises(InputError):
        ExposureRule(AURORA_STEROID.threshold, None, None)
    with pytest.raises(InputError):
        daily_prednisone([], START, START - timedelta(days=1), records_complete=True)


def test_exposure_reports_the_clause_that_decided() -> None:
    scattered = [dose(d, d, "11") for d in (310, 312, 314, 316, 318, 320, 322)]
    crit = check_exposure(window(scattered), AURORA_STEROID, id="s", label="s")
    assert crit.outcome is Outcome.MET
    consecutive = crit.find("s-consecutive-days")
    total = crit.find("s-total-days")
    assert consecutive is not None
    assert total is not None
    assert consecutive.outcome is Outcome.NOT_MET
    assert consecutive.observed == 1
    assert consecutive.threshold == 3
    assert total.outcome is Outcome.MET
    assert total.observed == 7
    assert total.threshold == 7
    assert len(total.evidence) == 7


def test_total_days_only_rule() -> None:
    rule = ExposureRule(AURORA_STEROID.threshold, min_consecutive_days=None, min_total_days=2)
    crit = check_exposure(window([dose(320, 321, "12")]), rule, id="t", label="t")
    assert crit.outcome is Outcome.MET
    assert [c.id for c in crit.children] == ["t-total-days"]


def test_dose_window_at_the_end_of_the_calendar_and_too_long() -> None:
    last = date.max
    days = daily_prednisone([], last - timedelta(days=2), last, records_complete=True)
    assert len(days) == 3
    with pytest.raises(InputError, match="exceeds"):
        daily_prednisone([], date(1900, 1, 1), date(2100, 1, 1), records_complete=True)
