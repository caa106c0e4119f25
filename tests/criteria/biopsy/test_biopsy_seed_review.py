"""The seed review's broader biopsy indication (expert suggestion, not a guideline)."""

from __future__ import annotations

import pytest
from _biopsy_helpers import INDICATED, INSUFFICIENT, NOT_INDICATED, assess, outcome, verdict

from lupus_nephritis.errors import OptionError

RULE = "seed-review-2024-biopsy"
NO_HAEMATURIA = {
    "has_unexplained_decline": False,
    "has_glomerular_haematuria": False,
    "has_red_cell_casts": False,
    "has_white_cell_casts": False,
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.51 g/d", INDICATED), ("0.5 g/d", NOT_INDICATED), ("0.49 g/d", NOT_INDICATED)],
)
def test_protein_24h_boundary_is_strict_under_seed_review(value: str, expected: str) -> None:
    assert verdict({**NO_HAEMATURIA, "protein_24h": value}, RULE) == expected


def test_protein_24h_inclusive_reading_of_section_2_6_1_under_seed_review() -> None:
    data = {**NO_HAEMATURIA, "protein_24h": "0.5 g/d"}
    assert verdict(data, RULE, proteinuria_comparator=">=") == INDICATED
    assert verdict(
        {**NO_HAEMATURIA, "protein_24h": "0.49 g/d"}, RULE, proteinuria_comparator=">="
    ) == (NOT_INDICATED)


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [("501 mg/g", INDICATED), ("500 mg/g", NOT_INDICATED), ("0.499 g/g", NOT_INDICATED)],
)
def test_upcr_boundary_is_strict_under_seed_review(upcr: str, expected: str) -> None:
    assert verdict({**NO_HAEMATURIA, "upcr": upcr}, RULE) == expected


def test_upcr_exactly_500_with_inclusive_reading_under_seed_review() -> None:
    decision = assess({**NO_HAEMATURIA, "upcr": "500 mg/g"}, RULE, proteinuria_comparator=">=")
    assert decision.verdict == INDICATED
    assert outcome(decision, "upcr-ge-500") == "met"


def test_proteinuria_missing_is_insufficient_under_seed_review() -> None:
    decision = assess(NO_HAEMATURIA, RULE)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("protein_24h", "upcr")


def test_glomerular_haematuria_with_low_grade_proteinuria_indicates_under_seed_review() -> None:
    data = {"has_unexplained_decline": False, "upcr": "0.3 g/g", "acanthocytes": "10 %"}
    decision = assess(data, RULE)
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "haematuria-with-proteinuria"
    assert "expert-suggestion" in decision.flags
    # the same findings are not an indication under any guideline rule set
    assert verdict(data, "acr-2024-biopsy") != INDICATED
    assert verdict(data, "eular-2019-biopsy") != INDICATED


@pytest.mark.parametrize(
    ("percent", "expected"),
    [("5.1 %", INDICATED), ("5 %", INDICATED), ("4.9 %", NOT_INDICATED)],
)
def test_acanthocyte_boundary_for_glomerular_haematuria_under_seed_review(
    percent: str, expected: str
) -> None:
    data = {
        "has_unexplained_decline": False,
        "upcr": "0.3 g/g",
        "acanthocytes": percent,
        "has_red_cell_casts": False,
        "has_white_cell_casts": False,
    }
    assert verdict(data, RULE) == expected


def test_acanthocytes_missing_is_insufficient_under_seed_review() -> None:
    data = {"has_unexplained_decline": False, "upcr": "0.3 g/g", "has_red_cell_casts": False}
    decision = assess(data, RULE)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("acanthocytes",)


def test_reported_glomerular_haematuria_takes_precedence_under_seed_review() -> None:
    data = {
        "has_unexplained_decline": False,
        "upcr": "0.3 g/g",
        "acanthocytes": "1 %",
        "has_glomerular_haematuria": True,
    }
    assert verdict(data, RULE) == INDICATED


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [("0.21 g/g", INDICATED), ("0.2 g/g", INDICATED), ("0.19 g/g", NOT_INDICATED)],
)
def test_any_proteinuria_upcr_floor_default_0_2_under_seed_review(upcr: str, expected: str) -> None:
    data = {"has_unexplained_decline": False, "upcr": upcr, "has_glomerular_haematuria": True}
    assert verdict(data, RULE) == expected


def test_any_proteinuria_upcr_floor_option_under_seed_review() -> None:
    data = {"has_unexplained_decline": False, "upcr": "0.15 g/g", "has_glomerular_haematuria": True}
    assert verdict(data, RULE) == NOT_INDICATED
    assert verdict(data, RULE, any_proteinuria_upcr_floor="0.1") == INDICATED


@pytest.mark.parametrize(
    ("grade", "expected"), [("1+", INDICATED), ("trace", INDICATED), ("negative", NOT_INDICATED)]
)
def test_any_proteinuria_dipstick_minimum_trace_under_seed_review(
    grade: str, expected: str
) -> None:
    data = {
        "has_unexplained_decline": False,
        "dipstick_protein": grade,
        "has_glomerular_haematuria": True,
    }
    decision = assess(data, RULE)
    assert outcome(decision, "any-proteinuria") == ("met" if expected == INDICATED else "not_met")
    # with a 24-hour protein compared below its floor, the dipstick decides the verdict
    low_24h = {**data, "protein_24h": "0.2 g/d"}
    assert verdict(low_24h, RULE, any_proteinuria_24h_floor="0.3") == expected


def test_dipstick_missing_is_insufficient_for_any_proteinuria_under_seed_review() -> None:
    data = {"has_unexplained_decline": False, "has_glomerular_haematuria": True}
    decision = assess(data, RULE)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("protein_24h", "upcr", "dipstick_protein")


def test_negative_dipstick_does_not_override_an_uncompared_24h_protein_under_seed_review() -> None:
    # 0.2 g/day is measured proteinuria; with no 24-h floor set it cannot be compared, and a
    # negative dipstick (insensitive to low-grade proteinuria) must not rule it out alone
    data = {
        "has_unexplained_decline": False,
        "protein_24h": "0.2 g/d",
        "dipstick_protein": "negative",
        "has_glomerular_haematuria": True,
    }
    decision = assess(data, RULE)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("upcr",)
    assert outcome(decision, "any-proteinuria-dipstick") == "unknown"
    assert outcome(decision, "any-proteinuria-24h") == "unknown"
    assert verdict({**data, "upcr": "0.1 g/g"}, RULE) == NOT_INDICATED
    assert verdict({**data, "upcr": "0.2 g/g"}, RULE) == INDICATED
    assert verdict(data, RULE, any_proteinuria_24h_floor="0.15") == INDICATED
    assert verdict(data, RULE, any_proteinuria_24h_floor="0.25") == NOT_INDICATED


def test_any_proteinuria_dipstick_minimum_option_under_seed_review() -> None:
    data = {
        "has_unexplained_decline": False,
        "dipstick_protein": "trace",
        "has_glomerular_haematuria": True,
    }
    assert outcome(assess(data, RULE), "any-proteinuria") == "met"
    raised = assess(data, RULE, any_proteinuria_dipstick_min="1+")
    assert outcome(raised, "any-proteinuria") == "not_met"
    one_plus = assess({**data, "dipstick_protein": "1+"}, RULE, any_proteinuria_dipstick_min="1+")
    assert outcome(one_plus, "any-proteinuria") == "met"
    assert one_plus.verdict == INDICATED


def test_24h_floor_for_any_proteinuria_is_off_by_default_under_seed_review() -> None:
    data = {
        "has_unexplained_decline": False,
        "protein_24h": "0.3 g/d",
        "has_glomerular_haematuria": True,
    }
    decision = assess(data, RULE)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("dipstick_protein", "upcr")
    assert verdict(data, RULE, any_proteinuria_24h_floor="0.3") == INDICATED
    assert verdict(data, RULE, any_proteinuria_24h_floor="0.31") == NOT_INDICATED


def test_sediment_alone_indicates_only_when_sufficient_under_seed_review() -> None:
    data = {
        "has_unexplained_decline": False,
        "protein_24h": "0.1 g/d",
        "upcr": "0.1 g/g",
        "dipstick_protein": "negative",
        "has_white_cell_casts": True,
        "has_glomerular_haematuria": False,
    }
    decision = assess(data, RULE)
    assert decision.verdict == NOT_INDICATED
    assert "active-sediment" in decision.flags
    assert verdict(data, RULE, sediment_role="sufficient") == INDICATED


def test_unexplained_decrease_in_egfr_indicates_under_seed_review() -> None:
    decision = assess({**NO_HAEMATURIA, "upcr": "0.1 g/g", "has_unexplained_decline": True}, RULE)
    assert decision.verdict == INDICATED
    assert "expert-suggestion" not in decision.flags


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("any_proteinuria_upcr_floor", "0"),
        ("any_proteinuria_upcr_floor", None),
        ("any_proteinuria_24h_floor", "-1"),
        ("any_proteinuria_dipstick_min", "negative"),
        ("proteinuria_comparator", "=>"),
    ],
)
def test_invalid_options_raise_under_seed_review(name: str, value: object) -> None:
    with pytest.raises(OptionError):
        assess({}, RULE, **{name: value})


@pytest.mark.parametrize(
    ("upcr", "protein", "expected"),
    [
        ("501 mg/g", "0.1 g/d", INDICATED),
        ("499 mg/g", "0.1 g/d", NOT_INDICATED),
        ("0.1 g/g", "0.51 g/d", INDICATED),
    ],
)
def test_inclusive_reading_inside_and_outside_under_seed_review(
    upcr: str, protein: str, expected: str
) -> None:
    data = {**NO_HAEMATURIA, "upcr": upcr, "protein_24h": protein}
    assert verdict(data, RULE, proteinuria_comparator=">=") == expected
