"""Taper checks report the dose against scheme rows and target rows separately."""

from __future__ import annotations

from typing import Any

import pytest

from lupus_nephritis import TaperStatus, check_glucocorticoid_taper, list_rule_sets
from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.glucocorticoids.schedule import RowRole, TaperSchedule

S = TaperStatus


def _course(mg: str | None, *, weight: str = "60 kg") -> dict[str, Any]:
    records = (
        []
        if mg is None
        else [
            {
                "start": "2024-01-01",
                "end": "2025-12-31",
                "daily_dose": f"{mg} mg",
                "drug": "prednisone",
            }
        ]
    )
    return {
        "start_date": "2024-01-01",
        "patient": {"weight": weight},
        "are_glucocorticoid_records_complete": mg is not None,
        "glucocorticoids": records,
    }


def _check(mg: str | None, schedule: str, week: int) -> Decision:
    return check_glucocorticoid_taper(_course(mg), schedule, at=week)


@pytest.mark.parametrize("rule_set", list_rule_sets("taper"), ids=lambda r: r.id)
def test_every_row_with_a_lower_bound_is_a_scheme_row_and_every_other_a_target(
    rule_set: Any,
) -> None:
    schedule: TaperSchedule = rule_set.parameters
    for row in schedule.rows:
        assert row.role is (RowRole.SCHEME if row.lower is not None else RowRole.TARGET)


@pytest.mark.parametrize(
    ("mg", "expected"),
    [("14.5", S.BELOW), ("15", S.ON_SCHEDULE), ("15.5", S.ABOVE)],
)
def test_kdigo_reduced_weeks_5_6_scheme_row_at_15_mg(mg: str, expected: TaperStatus) -> None:
    decision = _check(mg, "kdigo-2024-gc-reduced", 5)
    assert decision.scheme_status is expected
    assert decision.target_status is None  # no ceiling-only row covers week 5
    assert decision.verdict == expected.value


@pytest.mark.parametrize(
    ("mg", "expected"),
    [("2.4", S.ON_SCHEDULE), ("2.5", S.ABOVE), ("2.6", S.ABOVE)],
)
def test_kdigo_reduced_from_week_25_target_below_2_5_mg(mg: str, expected: TaperStatus) -> None:
    decision = _check(mg, "kdigo-2024-gc-reduced", 30)
    assert decision.target_status is expected
    assert decision.scheme_status is None


@pytest.mark.parametrize(
    ("mg", "expected"),
    [("2.4", S.ON_SCHEDULE), ("2.5", S.ON_SCHEDULE), ("2.6", S.ABOVE)],
)
def test_aurora_1_from_week_16_target_at_most_2_5_mg(mg: str, expected: TaperStatus) -> None:
    decision = _check(mg, "aurora-1-gc", 16)
    assert decision.target_status is expected
    assert decision.detail("target_status") == expected.value


def test_missing_dose_leaves_both_kinds_not_evaluable_where_rows_apply() -> None:
    scheme = _check(None, "kdigo-2024-gc-reduced", 5)
    assert scheme.scheme_status is S.NOT_EVALUABLE
    assert scheme.target_status is None
    target = _check(None, "aurora-1-gc", 20)
    assert target.target_status is S.NOT_EVALUABLE
    assert target.scheme_status is None


def test_no_row_gives_neither_status() -> None:
    decision = _check("5", "nobility-gc", 4)  # NOBILITY gives no row before week 12
    assert decision.verdict == "not_evaluable"
    assert decision.scheme_status is None
    assert decision.target_status is None


def test_statuses_round_trip_through_json() -> None:
    decision = _check("15.5", "kdigo-2024-gc-reduced", 5)
    again = Decision.from_json(decision.to_json())
    assert again.scheme_status is S.ABOVE
    assert again == decision
