"""A printable demonstration of the glucocorticoid and duration checks on an embedded example.

Used by ``lupus-nephritis demo``: `demo_lines` returns the lines to print. The example
patient (70 kg) starts treatment on 2024-01-08 with three IV methylprednisolone pulses, then
oral prednisone that is tapered more slowly than the KDIGO 2024 reduced-dose scheme.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.duration import check_treatment_duration
from lupus_nephritis.regimens.glucocorticoids.taper import (
    check_glucocorticoid_exposure,
    check_glucocorticoid_pulses,
    check_glucocorticoid_taper,
    cumulative_glucocorticoid_exposure,
)
from lupus_nephritis.steroids import prednisone_equivalent
from lupus_nephritis.units import format_decimal

TENTH = Decimal("0.1")

#: The embedded example course (plain data, as an EHR integration would pass it).
EXAMPLE_COURSE: dict[str, Any] = {
    "start_date": "2024-01-08",
    "patient": {"weight": {"value": "70", "unit": "kg"}},
    "are_glucocorticoid_records_complete": True,
    "glucocorticoids": [
        {
            "start": "2024-01-08",
            "end": "2024-01-10",
            "daily_dose": "500 mg",
            "drug": "methylprednisolone",
            "route": "iv",
        },
        {
            "start": "2024-01-11",
            "end": "2024-01-28",
            "daily_dose": "40 mg",
            "drug": "prednisone",
            "route": "oral",
        },
        {
            "start": "2024-01-29",
            "end": "2024-02-11",
            "daily_dose": "25 mg",
            "drug": "prednisone",
            "route": "oral",
        },
        {
            "start": "2024-02-12",
            "end": "2024-03-10",
            "daily_dose": "20 mg",
            "drug": "prednisone",
            "route": "oral",
        },
        {
            "start": "2024-03-11",
            "end": "2024-04-30",
            "daily_dose": "8 mg",
            "drug": "methylprednisolone",
            "route": "oral",
        },
    ],
}

#: The embedded example of a course's dates for the duration rules.
EXAMPLE_DURATION: dict[str, Any] = {
    "start_date": "2024-01-08",
    "maintenance_start": "2024-07-08",
    "responses": [
        {"date": "2024-07-01", "type": "partial"},
        {"date": "2025-01-13", "type": "complete"},
    ],
    "are_responses_complete": True,
    "planned_stop_date": "2026-07-08",
}


def _mg(value: object) -> str:
    return "-" if value is None else f"{value} mg"


def _taper_line(decision: Decision) -> str:
    verdict = decision.verdict.replace("_", " ")
    week = decision.detail("study_week")
    dose = _mg(decision.detail("dose_mg"))
    low, high = decision.detail("lower_mg"), decision.detail("upper_mg")
    bounds = (
        f"{low}-{high} mg"
        if low is not None and low != high
        else _mg(high if high is not None else low)
    )
    line = f"  week {week}: {dose}/day vs {bounds}/day -> {verdict}"
    difference = decision.detail("difference_mg")
    if isinstance(difference, Decimal) and difference != 0:
        line += f" by {format_decimal(abs(difference))} mg"
    if decision.detail("since") is not None:
        line += f" (since {decision.detail('since')})"
    return line


def demo_lines() -> list[str]:
    """Lines showing equivalence, a taper check, exposure and duration on the example.

    Returns:
        Printable lines (no trailing newlines), deterministic for the embedded example.
    """
    lines = [
        "Glucocorticoids and treatment duration (embedded example: 70 kg, start 2024-01-08)",
        "",
        "Prednisone equivalents (exact): 8 mg methylprednisolone = "
        f"{format_decimal(prednisone_equivalent('8', 'methylprednisolone'))} mg; "
        "3 mg betamethasone = "
        f"{format_decimal(prednisone_equivalent('3', 'betamethasone'))} mg (FDA label) or "
        f"{format_decimal(prednisone_equivalent('3', 'betamethasone', table='conventional'))}"
        " mg (conventional tables)",
        "",
        "Taper check against kdigo-2024-gc-reduced (oral doses; IV pulses reported apart):",
    ]
    decision = None
    for week in (1, 3, 5, 7, 12):
        decision = check_glucocorticoid_taper(EXAMPLE_COURSE, "kdigo-2024-gc-reduced", at=week)
        lines.append(_taper_line(decision))
    if decision is not None:
        lines += ["", "Explained (week 12):", f"  {decision.summary}"]
    lines += ["", "IV methylprednisolone pulse course (500 mg on days 1-3) per schedule:"]
    for schedule in ("kdigo-2024-gc-reduced", "eular-2012-gc", "acr-2024-gc", "aurora-1-gc"):
        pulses = check_glucocorticoid_pulses(EXAMPLE_COURSE, schedule)
        lines.append(
            f"  {pulses.rule_set}: {pulses.verdict.replace('_', ' ')} "
            f"({pulses.detail('pulse_days')} pulse days, {_mg(pulses.detail('pulse_total_mg'))})"
        )
    total = cumulative_glucocorticoid_exposure(
        EXAMPLE_COURSE, first=date(2024, 1, 8), last=date(2024, 4, 7)
    )
    lines += [
        "",
        "Cumulative prednisone-equivalent exposure, weeks 0-12 (pulses included): "
        f"{_mg(None if total.total_mg is None else format_decimal(total.total_mg))}",
    ]
    exposure = check_glucocorticoid_exposure(
        EXAMPLE_COURSE, "aurora-1-gc", first=date(2024, 3, 1), last=date(2024, 3, 31)
    )
    lines.append(
        "AURORA 1 steroid rule (> 10 mg/day on >= 3 consecutive or >= 7 days), March 2024: "
        f"{exposure.verdict.replace('_', ' ')} "
        f"({exposure.detail('days_above')} days above, longest run "
        f"{exposure.detail('longest_run_days')} days)"
    )
    lines += ["", "Treatment duration at the planned stop date 2026-07-08:"]
    for rule_set in ("kdigo-2024-duration", "eular-2023-duration", "acr-2024-duration"):
        result = check_treatment_duration(EXAMPLE_DURATION, rule_set)
        elapsed = result.detail("months_elapsed")
        months = "-" if not isinstance(elapsed, Decimal) else str(elapsed.quantize(TENTH))
        lines.append(
            f"  {result.rule_set}: {result.verdict.replace('_', ' ')} "
            f"({months} months from {result.detail('count_from')}; minimum reached on "
            f"{result.detail('minimum_reached_on')})"
        )
    return lines


__all__ = ["EXAMPLE_COURSE", "EXAMPLE_DURATION", "demo_lines"]
