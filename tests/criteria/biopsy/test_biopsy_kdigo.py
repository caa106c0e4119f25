"""KDIGO 2021 and 2024 biopsy indication: every threshold inside, outside, at, missing."""

from __future__ import annotations

import pytest
from _biopsy_helpers import (
    INDICATED,
    INSUFFICIENT,
    NOT_INDICATED,
    assess,
    no_kidney_signal,
    outcome,
    verdict,
)

from lupus_nephritis.errors import OptionError

KDIGO = ("kdigo-2021-biopsy", "kdigo-2024-biopsy")
NEGATIVE_SCREEN = {"dipstick_protein": "negative", "upcr": "0.2 g/g"}


# ----------------------------------------------------------------------------- 24-hour protein


@pytest.mark.parametrize("rule", KDIGO)
def test_protein_24h_just_above_0_5_is_indicated_under_kdigo(rule: str) -> None:
    assert verdict(no_kidney_signal(protein_24h="0.51 g/d"), rule) == INDICATED


@pytest.mark.parametrize("rule", KDIGO)
def test_protein_24h_exactly_0_5_is_not_indicated_under_kdigo_default(rule: str) -> None:
    decision = assess(no_kidney_signal(protein_24h="0.5 g/d"), rule)
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "protein-24h-gt-0-5") == "not_met"


@pytest.mark.parametrize("rule", KDIGO)
def test_protein_24h_just_below_0_5_is_not_indicated_under_kdigo(rule: str) -> None:
    assert verdict(no_kidney_signal(protein_24h="0.49 g/d"), rule) == NOT_INDICATED


@pytest.mark.parametrize("rule", KDIGO)
def test_protein_24h_missing_after_positive_screen_is_insufficient_under_kdigo(rule: str) -> None:
    decision = assess(no_kidney_signal(upcr="0.8 g/g"), rule)
    assert decision.verdict == INSUFFICIENT
    assert "protein_24h" in decision.missing_inputs
    assert "screen-positive-quantification-needed" in decision.flags


@pytest.mark.parametrize("rule", KDIGO)
def test_protein_24h_missing_after_negative_screen_is_not_indicated_under_kdigo(rule: str) -> None:
    decision = assess(no_kidney_signal(**NEGATIVE_SCREEN), rule)
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "proteinuria") == "not_met"


def test_protein_24h_above_threshold_wins_over_negative_screen_under_kdigo_2024() -> None:
    data = no_kidney_signal(protein_24h="0.9 g/d", **NEGATIVE_SCREEN)
    assert verdict(data, "kdigo-2024-biopsy") == INDICATED


@pytest.mark.parametrize(
    ("value", "expected"),
    [("500 mg/(24.h)", INDICATED), ("499 mg/(24.h)", NOT_INDICATED), ("501 mg/d", INDICATED)],
)
def test_protein_24h_inclusive_reading_at_500_mg_under_kdigo_2024(
    value: str, expected: str
) -> None:
    data = no_kidney_signal(protein_24h=value)
    assert verdict(data, "kdigo-2024-biopsy", proteinuria_comparator=">=") == expected


def test_protein_24h_missing_with_inclusive_reading_is_insufficient_under_kdigo_2021() -> None:
    data = no_kidney_signal(upcr="0.6 g/g")
    assert verdict(data, "kdigo-2021-biopsy", proteinuria_comparator=">=") == INSUFFICIENT


def test_protein_24h_same_value_in_mg_gives_same_verdict_under_kdigo_2021() -> None:
    assert verdict(no_kidney_signal(protein_24h="510 mg/d"), "kdigo-2021-biopsy") == INDICATED
    assert verdict(no_kidney_signal(protein_24h="500 mg/d"), "kdigo-2021-biopsy") == NOT_INDICATED


# ----------------------------------------------------------------------------- screen


@pytest.mark.parametrize(
    ("upcr", "expected"), [("0.51 g/g", "met"), ("0.5 g/g", "not_met"), ("0.49 g/g", "not_met")]
)
def test_screen_upcr_boundary_under_kdigo_2024(upcr: str, expected: str) -> None:
    decision = assess(no_kidney_signal(upcr=upcr, dipstick_protein="negative"), "kdigo-2024-biopsy")
    assert outcome(decision, "screen-upcr") == expected
    assert outcome(decision, "proteinuria-screen") == expected


def test_screen_upcr_in_mg_per_mmol_is_converted_exactly_under_kdigo_2024() -> None:
    # 0.5 g/g is 56.56 mg/mmol exactly; 56.56 is not above it, 56.57 is
    at = assess(no_kidney_signal(upcr="56.56 mg/mmol", dipstick_protein="negative"), "kdigo-2024")
    above = assess(
        no_kidney_signal(upcr="56.57 mg/mmol", dipstick_protein="negative"), "kdigo-2024"
    )
    assert outcome(at, "screen-upcr") == "not_met"
    assert outcome(above, "screen-upcr") == "met"


def test_screen_upcr_missing_with_negative_dipstick_is_a_negative_screen_under_kdigo_2021() -> None:
    decision = assess(no_kidney_signal(dipstick_protein="negative"), "kdigo-2021-biopsy")
    assert outcome(decision, "proteinuria-screen") == "not_met"
    assert decision.verdict == NOT_INDICATED


def test_screen_with_no_dipstick_and_no_upcr_is_insufficient_under_kdigo_2021() -> None:
    decision = assess(no_kidney_signal(), "kdigo-2021-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == (
        "dipstick_protein",
        "urine_specific_gravity",
        "upcr",
        "protein_24h",
    )


@pytest.mark.parametrize(
    ("grade", "expected"),
    [("3+", "met"), ("2+", "met"), ("1+", "not_met"), ("trace", "not_met")],
)
def test_dipstick_any_gravity_threshold_is_2_plus_under_kdigo_2024(
    grade: str, expected: str
) -> None:
    decision = assess(
        no_kidney_signal(dipstick_protein=grade, urine_specific_gravity="1.020"), "kdigo-2024"
    )
    assert outcome(decision, "dipstick-2plus") == expected
    assert outcome(decision, "dipstick-screen") == expected


def test_dipstick_missing_leaves_the_upcr_to_decide_the_screen_under_kdigo_2024() -> None:
    decision = assess(no_kidney_signal(upcr="0.2 g/g"), "kdigo-2024")
    assert outcome(decision, "dipstick-screen") == "unknown"
    assert outcome(decision, "proteinuria-screen") == "not_met"
    assert decision.verdict == NOT_INDICATED


@pytest.mark.parametrize(
    ("gravity", "expected"),
    [("1.009", "met"), ("1.010", "not_met"), ("1.011", "not_met")],
)
def test_dilute_specific_gravity_cut_is_below_1_010_under_kdigo_2021(
    gravity: str, expected: str
) -> None:
    decision = assess(
        no_kidney_signal(dipstick_protein="1+", urine_specific_gravity=gravity, upcr="0.1 g/g"),
        "kdigo-2021-biopsy",
    )
    assert outcome(decision, "dilute-urine") == expected
    assert outcome(decision, "dipstick-screen") == expected


def test_dipstick_1_plus_without_specific_gravity_is_unknown_under_kdigo_2021() -> None:
    decision = assess(no_kidney_signal(dipstick_protein="1+"), "kdigo-2021")
    assert outcome(decision, "dipstick-screen") == "unknown"
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("urine_specific_gravity", "upcr", "protein_24h")


def test_dipstick_trace_in_dilute_urine_is_not_a_positive_screen_under_kdigo_2021() -> None:
    decision = assess(
        no_kidney_signal(dipstick_protein="trace", urine_specific_gravity="1.002", upcr="0.1 g/g"),
        "kdigo-2021",
    )
    assert outcome(decision, "dipstick-1plus") == "not_met"
    assert decision.verdict == NOT_INDICATED


def test_dilute_cut_option_moves_the_boundary_under_kdigo_2024() -> None:
    data = no_kidney_signal(dipstick_protein="1+", urine_specific_gravity="1.012", upcr="0.1 g/g")
    assert outcome(assess(data, "kdigo-2024"), "dilute-urine") == "not_met"
    moved = assess(data, "kdigo-2024", dilute_specific_gravity_below="1.015")
    assert outcome(moved, "dilute-urine") == "met"
    assert ("dilute_specific_gravity_below", "1.015") in moved.options


@pytest.mark.parametrize("bad", ["abc", "0.99", "1.2", None])
def test_invalid_dilute_cut_raises_option_error_under_kdigo_2024(bad: object) -> None:
    with pytest.raises(OptionError):
        assess({}, "kdigo-2024", dilute_specific_gravity_below=bad)


# ---------------------------------------------------------------- quantification by UPCR


def test_upcr_does_not_quantify_by_default_under_kdigo_2024() -> None:
    decision = assess(no_kidney_signal(upcr="2.0 g/g"), "kdigo-2024")
    assert decision.verdict == INSUFFICIENT


@pytest.mark.parametrize(
    ("upcr", "criterion", "expected"),
    [
        ("0.51 g/g", "met", INDICATED),
        ("0.5 g/g", "not_met", NOT_INDICATED),
        ("0.49 g/g", "not_met", NOT_INDICATED),
    ],
)
def test_any_upcr_quantifies_with_option_under_kdigo_2024(
    upcr: str, criterion: str, expected: str
) -> None:
    data = no_kidney_signal(upcr=upcr, dipstick_protein="negative")
    decision = assess(data, "kdigo-2024", confirmation_measure="protein_24h_or_any_upcr")
    assert outcome(decision, "upcr-quantified-gt-0-5") == criterion
    assert decision.verdict == expected
    assert ("upcr-used-for-quantification" in decision.flags) is (expected == INDICATED)


def test_spot_upcr_is_not_used_when_only_24h_upcr_counts_under_kdigo_2021() -> None:
    spot = {"value": "0.9", "unit": "g/g", "specimen": "spot"}
    h24 = {"value": "0.9", "unit": "g/g", "specimen": "24h"}
    option = {"confirmation_measure": "protein_24h_or_24h_upcr"}
    assert verdict(no_kidney_signal(upcr=spot), "kdigo-2021", **option) == INSUFFICIENT
    assert verdict(no_kidney_signal(upcr=h24), "kdigo-2021", **option) == INDICATED


def test_inclusive_upcr_quantification_at_0_5_under_kdigo_2021() -> None:
    data = no_kidney_signal(upcr={"value": "0.5", "unit": "g/g", "specimen": "24h"})
    decision = assess(
        data,
        "kdigo-2021",
        confirmation_measure="protein_24h_or_24h_upcr",
        proteinuria_comparator=">=",
    )
    assert decision.verdict == INDICATED
    assert outcome(decision, "upcr-quantified-ge-0-5") == "met"


# ----------------------------------------------------------------------------- sediment


@pytest.mark.parametrize(
    ("percent", "expected"),
    [("5.01 %", "met"), ("5 %", "met"), ("4.99 %", "not_met")],
)
def test_acanthocytes_threshold_is_5_percent_under_kdigo_2024(percent: str, expected: str) -> None:
    decision = assess(
        no_kidney_signal(
            acanthocytes=percent, has_red_cell_casts=False, has_white_cell_casts=False
        ),
        "kdigo-2024",
    )
    assert outcome(decision, "acanthocytes") == expected
    assert outcome(decision, "active-sediment") == expected


def test_acanthocytes_missing_leaves_sediment_unknown_under_kdigo_2024() -> None:
    decision = assess(
        no_kidney_signal(has_red_cell_casts=False, has_white_cell_casts=False), "kdigo-2024"
    )
    assert outcome(decision, "active-sediment") == "unknown"


def test_active_sediment_supports_but_does_not_indicate_by_default_under_kdigo_2024() -> None:
    data = no_kidney_signal(protein_24h="0.3 g/d", acanthocytes="12 %")
    decision = assess(data, "kdigo-2024")
    assert decision.verdict == NOT_INDICATED
    assert "active-sediment" in decision.flags


def test_active_sediment_indicates_when_sufficient_under_kdigo_2024() -> None:
    data = no_kidney_signal(protein_24h="0.3 g/d", has_red_cell_casts=True)
    decision = assess(data, "kdigo-2024", sediment_role="sufficient")
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "active-sediment"


def test_sediment_unknown_makes_insufficient_only_when_sufficient_under_kdigo_2021() -> None:
    data = no_kidney_signal(protein_24h="0.3 g/d")
    assert verdict(data, "kdigo-2021") == NOT_INDICATED
    assert verdict(data, "kdigo-2021", sediment_role="sufficient") == INSUFFICIENT


# ----------------------------------------------------------------------------- kidney function


@pytest.mark.parametrize(
    ("egfr", "expected"),
    [("59.9", INDICATED), ("60", NOT_INDICATED), ("60.1", NOT_INDICATED)],
)
def test_egfr_below_60_boundary_under_kdigo_2021(egfr: str, expected: str) -> None:
    data = no_kidney_signal(
        protein_24h="0.2 g/d", egfr=f"{egfr} mL/min/{{1.73_m2}}", are_other_causes_excluded=True
    )
    assert verdict(data, "kdigo-2021-biopsy") == expected


def test_egfr_missing_is_insufficient_under_kdigo_2021() -> None:
    data = {"protein_24h": "0.2 g/d", "has_unexplained_decline": False}
    decision = assess(data, "kdigo-2021-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert "egfr" in decision.missing_inputs


def test_low_egfr_with_another_cause_is_not_indicated_under_kdigo_2021() -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "egfr": "40 mL/min/{1.73_m2}",
        "explaining_causes": ["volume depletion"],
    }
    decision = assess(data, "kdigo-2021-biopsy")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "egfr-falling") == "not_met"


def test_low_egfr_without_cause_assessment_is_insufficient_under_kdigo_2021() -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "egfr": "40 mL/min/{1.73_m2}",
        "has_unexplained_decline": False,
    }
    decision = assess(data, "kdigo-2021-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("are_other_causes_excluded",)


def test_egfr_below_60_alone_is_not_abnormal_by_default_under_kdigo_2024() -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "egfr": "45 mL/min/{1.73_m2}",
        "has_unexplained_decline": False,
        "are_other_causes_excluded": True,
    }
    decision = assess(data, "kdigo-2024-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("has_impaired_kidney_function",)
    assert verdict(data, "kdigo-2024-biopsy", abnormal_egfr_rule="flag-or-below-60") == INDICATED


def test_egfr_below_expected_for_age_indicates_under_kdigo_2024() -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "has_impaired_kidney_function": True,
        "are_other_causes_excluded": True,
    }
    assert verdict(data, "kdigo-2024-biopsy") == INDICATED


def test_unexplained_decline_indicates_under_kdigo_2024() -> None:
    decision = assess({"protein_24h": "0.2 g/d", "has_unexplained_decline": True}, "kdigo-2024")
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "kidney-function"


@pytest.mark.parametrize(
    ("latest", "expected"),
    [("74", INDICATED), ("75", INDICATED), ("76", NOT_INDICATED)],
)
def test_numeric_decline_option_boundary_at_25_percent_under_kdigo_2021(
    latest: str, expected: str
) -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "are_other_causes_excluded": True,
        "egfr_history": [
            {"date": "2024-01-01", "egfr": "100 mL/min/{1.73_m2}"},
            {"date": "2024-04-01", "egfr": "90 mL/min/{1.73_m2}"},
            {"date": "2024-07-01", "egfr": f"{latest} mL/min/{{1.73_m2}}"},
        ],
    }
    assert verdict(data, "kdigo-2021-biopsy", egfr_decline_percent="25") == expected


def test_numeric_decline_needs_two_readings_under_kdigo_2021() -> None:
    data = {
        "protein_24h": "0.2 g/d",
        "egfr_history": [{"date": "2024-07-01", "egfr": "80 mL/min/{1.73_m2}"}],
    }
    decision = assess(data, "kdigo-2021-biopsy", egfr_decline_percent="25")
    assert decision.verdict == INSUFFICIENT
    assert "egfr_history" in decision.missing_inputs


@pytest.mark.parametrize("bad", ["0", "-5", "101", "x"])
def test_invalid_decline_percent_raises_option_error_under_kdigo_2024(bad: str) -> None:
    with pytest.raises(OptionError):
        assess({}, "kdigo-2024", egfr_decline_percent=bad)


def test_unknown_option_raises_option_error_under_kdigo_2021() -> None:
    with pytest.raises(OptionError):
        assess({}, "kdigo-2021", proteinuria_cutoff="0.3")
    with pytest.raises(OptionError):
        assess({}, "kdigo-2021", abnormal_egfr_rule="flag-only")


def test_options_used_are_recorded_under_kdigo_2024() -> None:
    decision = assess({}, "kdigo-2024")
    options = dict(decision.options)
    assert options["proteinuria_comparator"] == ">"
    assert options["abnormal_egfr_rule"] == "flag-only"
    assert decision.rule_set == "kdigo-2024-biopsy@1.0.0"
    assert decision.kind == "biopsy"


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [("0.51", INDICATED), ("0.5", INDICATED), ("0.49", NOT_INDICATED)],
)
def test_inclusive_24h_upcr_quantification_boundary_under_kdigo_2021(
    upcr: str, expected: str
) -> None:
    data = no_kidney_signal(
        upcr={"value": upcr, "unit": "g/g", "specimen": "24h"}, dipstick_protein="negative"
    )
    decision = assess(
        data,
        "kdigo-2021",
        confirmation_measure="protein_24h_or_24h_upcr",
        proteinuria_comparator=">=",
    )
    assert decision.verdict == expected


@pytest.mark.parametrize(
    ("egfr", "expected"),
    [("59.9", INDICATED), ("60", INSUFFICIENT), ("60.1", INSUFFICIENT)],
)
def test_egfr_below_60_option_boundary_under_kdigo_2024(egfr: str, expected: str) -> None:
    # without the caller's statement, an eGFR of 60 or more may still be below the level
    # expected for age: unknown, not normal
    data = {
        "protein_24h": "0.2 g/d",
        "egfr": f"{egfr} mL/min/{{1.73_m2}}",
        "has_unexplained_decline": False,
        "are_other_causes_excluded": True,
    }
    assert verdict(data, "kdigo-2024-biopsy", abnormal_egfr_rule="flag-or-below-60") == expected


@pytest.mark.parametrize("rule", KDIGO)
def test_upcr_quantification_missing_is_insufficient_under_kdigo(rule: str) -> None:
    data = no_kidney_signal(dipstick_protein="3+")
    decision = assess(data, rule, confirmation_measure="protein_24h_or_any_upcr")
    assert decision.verdict == INSUFFICIENT
    assert outcome(decision, "upcr-quantified-gt-0-5") == "unknown"
    assert decision.missing_inputs == ("protein_24h", "upcr")
    assert "screen-positive-quantification-needed" in decision.flags


@pytest.mark.parametrize("rule", KDIGO)
def test_quantified_24h_decides_even_without_any_screen_under_kdigo(rule: str) -> None:
    # the screen only decides whether the path is entered; a quantification always decides
    assert verdict(no_kidney_signal(protein_24h="0.51 g/d"), rule) == INDICATED
    decision = assess(no_kidney_signal(protein_24h="0.2 g/d"), rule)
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "proteinuria-screen") == "unknown"
