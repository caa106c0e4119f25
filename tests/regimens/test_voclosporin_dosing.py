"""Voclosporin eGFR dose modification: "lupkynis-us-egfr-dosing" and "lupkynis-eu-egfr-dosing"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.voclosporin_dosing._common import within_window
from lupus_nephritis.regimens.voclosporin_dosing.api import (
    VoclosporinDoseAction,
    voclosporin_dose_action,
)
from lupus_nephritis.registry import get_rule_set

US = "lupkynis-us-egfr-dosing"
EU = "lupkynis-eu-egfr-dosing"
A = VoclosporinDoseAction
UNIT = "mL/min/{1.73_m2}"


def g(value: str) -> str:
    return f"{value} {UNIT}"


def action(decision: Decision) -> VoclosporinDoseAction:
    return VoclosporinDoseAction(decision.verdict)


def test_both_dosing_rule_sets_are_registered_as_dosing() -> None:
    for rule_set in (US, EU):
        assert get_rule_set(rule_set).kind.value == "dosing"


# ---------------------------------------------------------------- eGFR < 60 gate


@pytest.mark.parametrize(
    ("current", "expected"),
    [("59.9", A.DISCONTINUE), ("60", A.NO_CHANGE), ("60.1", A.NO_CHANGE)],
)
def test_us_egfr_below_60_gate_with_a_large_decrease(current: str, expected: A) -> None:
    decision = voclosporin_dose_action(g("100"), g(current))
    assert action(decision) is expected
    assert decision.criterion("egfr-below-60").comparator == "<"


# ---------------------------------------------------------------- decrease > 20 and < 30


@pytest.mark.parametrize(
    ("current", "expected", "decrease"),
    [
        ("40.1", A.NO_CHANGE, "19.8"),
        ("40", A.NO_CHANGE, "20"),
        ("39.9", A.REDUCE_DOSE, "20.2"),
        ("35.1", A.REDUCE_DOSE, "29.8"),
        ("35", A.DISCONTINUE, "30"),
        ("34.9", A.DISCONTINUE, "30.2"),
    ],
)
def test_us_decrease_bands_at_20_and_30_percent(current: str, expected: A, decrease: str) -> None:
    decision = voclosporin_dose_action(g("50"), g(current))
    assert action(decision) is expected
    assert decision.detail("percent_decrease") == Decimal(decrease)


def test_us_decrease_of_exactly_30_percent_is_not_below_30_under_lupkynis_us() -> None:
    # discontinuation decides at exactly 30% either way, so the trace pins the comparator
    at_30 = voclosporin_dose_action(g("50"), g("35"))
    assert action(at_30) is A.DISCONTINUE
    assert at_30.criterion("decrease-below-30").outcome is Outcome.NOT_MET
    assert at_30.criterion("decrease-30-or-more").outcome is Outcome.MET
    just_below = voclosporin_dose_action(g("50"), g("35.01"))
    assert action(just_below) is A.REDUCE_DOSE
    assert just_below.criterion("decrease-below-30").outcome is Outcome.MET


def test_us_reduce_instruction_and_reassessment() -> None:
    decision = voclosporin_dose_action(g("80"), g("58"))
    assert action(decision) is A.REDUCE_DOSE
    assert decision.detail("instruction") == (
        "reduce each dose by 7.9 mg (twice daily); reassess within 14 days"
    )
    assert decision.detail("reassess_within_days") == Decimal(14)
    assert decision.rule_set == "lupkynis-us-egfr-dosing@1.0.0"


def test_us_exact_decrease_is_not_a_float_artefact() -> None:
    decision = voclosporin_dose_action(g("80"), g("64"))
    assert decision.detail("percent_decrease") == Decimal(20)
    assert action(decision) is A.NO_CHANGE


def test_us_rising_egfr_is_no_change() -> None:
    decision = voclosporin_dose_action(g("50"), g("55"))
    assert action(decision) is A.NO_CHANGE
    assert decision.detail("percent_decrease") == Decimal(-10)


# ---------------------------------------------------------------- after reduction / discontinuation


@pytest.mark.parametrize(
    ("current", "expected"),
    [("40.1", A.MAY_RESTART), ("40", A.MAY_RESTART), ("39.9", A.NO_CHANGE)],
)
def test_us_restart_only_at_80_percent_of_baseline(current: str, expected: A) -> None:
    decision = voclosporin_dose_action(g("50"), g(current), status="discontinued")
    assert action(decision) is expected
    if expected is A.MAY_RESTART:
        assert "7.9 mg twice daily" in str(decision.detail("instruction"))


def test_us_discontinued_and_still_falling_remains_off() -> None:
    decision = voclosporin_dose_action(g("50"), g("30"), status="discontinued")
    assert action(decision) is A.NO_CHANGE
    assert decision.detail("instruction") == "remain off; reassess"


@pytest.mark.parametrize(
    ("current", "expected"),
    [("40", A.MAY_INCREASE), ("39.9", A.REDUCE_DOSE), ("34", A.DISCONTINUE)],
)
def test_us_on_reduced_dose(current: str, expected: A) -> None:
    decision = voclosporin_dose_action(g("50"), g(current), status="on_reduced_dose")
    assert action(decision) is expected


def test_us_on_reduced_dose_above_60_but_below_80_percent_is_no_change() -> None:
    decision = voclosporin_dose_action(g("100"), g("70"), status="on_reduced_dose")
    assert action(decision) is A.NO_CHANGE


# ---------------------------------------------------------------- missing and bad input


@pytest.mark.parametrize(("baseline", "current"), [(None, g("50")), (g("50"), None), (None, None)])
def test_missing_egfr_is_not_evaluable(baseline: str | None, current: str | None) -> None:
    for rule_set in (US, EU):
        decision = voclosporin_dose_action(baseline, current, rule_set=rule_set)
        assert action(decision) is A.NOT_EVALUABLE
        assert decision.missing_inputs


def test_bad_inputs_raise_package_or_validation_errors() -> None:
    with pytest.raises(ValidationError):
        voclosporin_dose_action("50", g("40"))
    with pytest.raises(InputError):
        voclosporin_dose_action(50, g("40"))
    with pytest.raises(InputError):
        voclosporin_dose_action(g("0"), g("40"))
    with pytest.raises(InputError):
        voclosporin_dose_action(g("50"), g("40"), status="paused")
    with pytest.raises(InputError):
        voclosporin_dose_action(g("50"), g("40"), rule_set=EU, current_at="yesterday")
    with pytest.raises(OptionError):
        voclosporin_dose_action(g("50"), g("40"), colour="red")
    with pytest.raises(UnknownRuleSetError):
        voclosporin_dose_action(g("50"), g("40"), rule_set="us-labels")


def test_accepts_models_and_mappings() -> None:
    from lupus_nephritis.models import EGFR

    decision = voclosporin_dose_action(
        EGFR.model_validate(g("80")), {"value": "58", "unit": "mL/min/1.73m2"}
    )
    assert action(decision) is A.REDUCE_DOSE


# ---------------------------------------------------------------- EU confirmation within 48 h

T0 = datetime(2025, 3, 3, 8, 0)


def eu(
    current: str, confirmation: str | None, first: object, second: object, **kw: Any
) -> Decision:
    return voclosporin_dose_action(
        g("80"),
        g(current),
        rule_set=EU,
        current_at=first,
        confirmation_egfr=None if confirmation is None else g(confirmation),
        confirmation_at=second,
        **kw,
    )


def test_eu_unconfirmed_decrease_means_confirm_first() -> None:
    decision = eu("58", None, T0, None)
    assert action(decision) is A.CONFIRM_FIRST
    assert decision.missing_inputs == ("confirmation_egfr",)
    assert decision.criterion("confirmation").outcome is Outcome.UNKNOWN


def test_eu_no_qualifying_decrease_needs_no_confirmation() -> None:
    assert action(eu("70", None, T0, None)) is A.NO_CHANGE


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (timedelta(hours=47, minutes=59), A.REDUCE_DOSE),
        (timedelta(hours=48), A.REDUCE_DOSE),
        (timedelta(hours=48, minutes=1), A.CONFIRM_FIRST),
    ],
)
def test_eu_confirmation_window_48_hours(hours: timedelta, expected: A) -> None:
    assert action(eu("58", "57", T0, T0 + hours)) is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, A.REDUCE_DOSE), (1, A.REDUCE_DOSE), (2, A.NOT_EVALUABLE), (3, A.CONFIRM_FIRST)],
)
def test_eu_confirmation_window_with_dates_only(days: int, expected: A) -> None:
    first = date(2025, 3, 3)
    decision = eu("58", "57", first, first + timedelta(days=days))
    assert action(decision) is expected
    if expected is A.NOT_EVALUABLE:
        assert decision.missing_inputs == ("assessment times",)


def test_eu_confirmation_without_dates_is_not_evaluable() -> None:
    decision = eu("58", "57", None, None)
    assert action(decision) is A.NOT_EVALUABLE
    assert set(decision.missing_inputs) == {"current_at", "confirmation_at"}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("58", "50", A.REDUCE_DOSE),
        ("50", "58", A.REDUCE_DOSE),
        ("50", "52", A.DISCONTINUE),
        ("58", "70", A.NO_CHANGE),
    ],
)
def test_eu_confirmed_action_is_the_milder_of_the_two(first: str, second: str, expected: A) -> None:
    assert action(eu(first, second, T0, T0 + timedelta(hours=24))) is expected


def test_eu_rows_not_found_option() -> None:
    strict = eu("58", "57", T0, T0 + timedelta(hours=2), unconfirmed_eu_rows="not_evaluable")
    assert action(strict) is A.NOT_EVALUABLE
    assert "eu-table-row-not-found" in strict.flags
    stop = eu("50", "52", T0, T0 + timedelta(hours=2), unconfirmed_eu_rows="not_evaluable")
    assert action(stop) is A.DISCONTINUE
    restart = voclosporin_dose_action(
        g("80"), g("70"), rule_set=EU, status="discontinued", unconfirmed_eu_rows="not_evaluable"
    )
    assert action(restart) is A.NOT_EVALUABLE


def test_eu_restart_needs_no_confirmation() -> None:
    decision = voclosporin_dose_action(g("80"), g("64"), rule_set=EU, status="discontinued")
    assert action(decision) is A.MAY_RESTART


def test_window_rejects_mixed_time_zones() -> None:
    from datetime import timezone

    with pytest.raises(InputError):
        within_window(T0, T0.replace(tzinfo=timezone.utc), 48)


# ---------------------------------------------------------------- properties

_SEVERITY = {A.NO_CHANGE: 0, A.REDUCE_DOSE: 1, A.DISCONTINUE: 2}
values = st.decimals(min_value=Decimal("1"), max_value=150, places=1)


@settings(max_examples=80)
@given(baseline=values, a=values, b=values)
def test_a_lower_current_egfr_never_gives_a_milder_action(
    baseline: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = min(a, b), max(a, b)
    at_low = action(voclosporin_dose_action(g(str(baseline)), g(str(low))))
    at_high = action(voclosporin_dose_action(g(str(baseline)), g(str(high))))
    assert _SEVERITY[at_low] >= _SEVERITY[at_high]


@settings(max_examples=60)
@given(baseline=values, first=values, second=values)
def test_eu_confirmed_action_is_never_more_severe_than_us(
    baseline: Decimal, first: Decimal, second: Decimal
) -> None:
    us = action(voclosporin_dose_action(g(str(baseline)), g(str(first))))
    eu_decision = voclosporin_dose_action(
        g(str(baseline)),
        g(str(first)),
        rule_set=EU,
        current_at=T0,
        confirmation_egfr=g(str(second)),
        confirmation_at=T0 + timedelta(hours=12),
    )
    confirmed = action(eu_decision)
    assert confirmed in _SEVERITY
    assert _SEVERITY[confirmed] <= _SEVERITY[us]
    assert Decision.from_json(eu_decision.to_json()) == eu_decision


# ---------------------------------------------------------------- review additions

#: Actions from mildest to most severe, for the monotonicity properties.
ORDER = {
    A.MAY_INCREASE: 0,
    A.MAY_RESTART: 0,
    A.NO_CHANGE: 1,
    A.CONFIRM_FIRST: 2,
    A.REDUCE_DOSE: 3,
    A.DISCONTINUE: 4,
}
STATUSES = ("on_full_dose", "on_reduced_dose", "discontinued")


@settings(max_examples=100)
@given(
    baseline=values,
    a=values,
    b=values,
    status=st.sampled_from(STATUSES),
    rule_set=st.sampled_from((US, EU)),
)
def test_a_lower_current_egfr_never_gives_a_milder_action_for_any_status(
    baseline: Decimal, a: Decimal, b: Decimal, status: str, rule_set: str
) -> None:
    low, high = min(a, b), max(a, b)
    at_low = action(
        voclosporin_dose_action(g(str(baseline)), g(str(low)), rule_set=rule_set, status=status)
    )
    at_high = action(
        voclosporin_dose_action(g(str(baseline)), g(str(high)), rule_set=rule_set, status=status)
    )
    assert ORDER[at_low] >= ORDER[at_high]


@settings(max_examples=80)
@given(
    baseline=values,
    a=values,
    b=values,
    second=values,
    status=st.sampled_from(("on_full_dose", "on_reduced_dose")),
)
def test_eu_a_lower_first_egfr_never_gives_a_milder_confirmed_action(
    baseline: Decimal, a: Decimal, b: Decimal, second: Decimal, status: str
) -> None:
    low, high = min(a, b), max(a, b)

    def at(first: Decimal) -> A:
        return action(
            voclosporin_dose_action(
                g(str(baseline)),
                g(str(first)),
                rule_set=EU,
                status=status,
                current_at=T0,
                confirmation_egfr=g(str(second)),
                confirmation_at=T0 + timedelta(hours=6),
            )
        )

    assert ORDER[at(low)] >= ORDER[at(high)]


@pytest.mark.parametrize(
    ("baseline", "current", "expected"),
    [
        ("50", "40", A.NO_CHANGE),  # exactly 20%: no change
        ("50", "39.99", A.REDUCE_DOSE),  # just above 20%
        ("50", "35.01", A.REDUCE_DOSE),  # just below 30%
        ("50", "35", A.DISCONTINUE),  # exactly 30%: discontinue
        ("85.7", "59.99", A.DISCONTINUE),  # just inside the < 60 gate, 30% or more
        ("85.7", "60", A.NO_CHANGE),  # exactly 60: gate closed
    ],
)
def test_us_table_boundaries_built_from_decimal_strings(
    baseline: str, current: str, expected: A
) -> None:
    assert action(voclosporin_dose_action(g(baseline), g(current))) is expected


def test_eu_after_discontinuation_a_further_decrease_needs_no_confirmation() -> None:
    decision = voclosporin_dose_action(g("50"), g("30"), rule_set=EU, status="discontinued")
    assert action(decision) is A.NO_CHANGE
    assert decision.detail("instruction") == "remain off; reassess"
    assert decision.missing_inputs == ()
    with pytest.raises(KeyError):
        decision.criterion("confirmation")


def test_eu_on_reduced_dose_further_decrease_still_needs_confirmation() -> None:
    decision = voclosporin_dose_action(g("50"), g("38"), rule_set=EU, status="on_reduced_dose")
    assert action(decision) is A.CONFIRM_FIRST


@pytest.mark.parametrize("rule_set", [US, EU])
def test_current_egfr_zero_is_a_100_percent_decrease(rule_set: str) -> None:
    decision = voclosporin_dose_action(g("50"), g("0"), rule_set=rule_set)
    assert decision.detail("percent_decrease") == Decimal(100)
    assert action(decision) in (A.DISCONTINUE, A.CONFIRM_FIRST)


@pytest.mark.parametrize(
    ("baseline", "current", "kwargs", "error"),
    [
        ({"value": float("nan"), "unit": UNIT}, g("40"), {}, ValidationError),
        ("nan " + UNIT, g("40"), {}, ValidationError),
        (g("-5"), g("40"), {}, ValidationError),
        ("50 mg/dL", g("40"), {}, ValidationError),
        (g("500"), g("40"), {}, ValidationError),
        (g("0"), g("0"), {}, InputError),
        (50.0, g("40"), {}, InputError),
        (True, g("40"), {}, InputError),
        ([50], g("40"), {}, InputError),
        (g("50"), g("40"), {"status": [1]}, InputError),
        (g("50"), g("40"), {"status": None}, InputError),
        (g("50"), g("40"), {"current_at": 5}, InputError),
        (g("50"), g("40"), {"rule_set": EU, "unconfirmed_eu_rows": "maybe"}, OptionError),
        (g("50"), g("40"), {"rule_set": "nope"}, UnknownRuleSetError),
        (g("50"), g("40"), {"rule_set": "us-labels@1.0.0"}, UnknownRuleSetError),
        (
            g("50"),
            g("30"),
            {
                "rule_set": EU,
                "current_at": "2024-01-01",
                "confirmation_egfr": 30,
                "confirmation_at": "2024-01-01",
            },
            InputError,
        ),
        (
            g("50"),
            g("30"),
            {
                "rule_set": EU,
                "current_at": "2024-13-01",
                "confirmation_egfr": g("30"),
                "confirmation_at": "2024-01-01",
            },
            InputError,
        ),
    ],
)
def test_hostile_dosing_inputs_raise_package_or_validation_errors(
    baseline: object, current: object, kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        voclosporin_dose_action(baseline, current, **kwargs)


def test_may_increase_instruction_caps_at_the_patients_own_starting_dose() -> None:
    decision = voclosporin_dose_action(g("50"), g("45"), status="on_reduced_dose")
    assert action(decision) is A.MAY_INCREASE
    text = str(decision.detail("instruction"))
    assert "not above the starting dose (23.7 mg twice daily" in text
    assert "unless the patient started lower" in text
