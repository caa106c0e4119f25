"""ACR 2024 (initial and repeat) and ACR 2012 biopsy indication."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from _biopsy_helpers import INDICATED, INSUFFICIENT, NOT_INDICATED, assess, outcome, verdict

from lupus_nephritis.criteria.biopsy._common import add_months, completed_months
from lupus_nephritis.decisions import Criterion
from lupus_nephritis.errors import OptionError

NORMAL = {"egfr": "95 mL/min/{1.73_m2}", "has_unexplained_decline": False}


# ----------------------------------------------------------------------------- ACR 2024


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [
        ("0.51 g/g", INDICATED),
        ("0.500001 g/g", INDICATED),
        ("0.5 g/g", NOT_INDICATED),
        ("500 mg/g", NOT_INDICATED),
        ("0.49 g/g", NOT_INDICATED),
    ],
)
def test_upcr_boundary_is_strict_under_acr_2024(upcr: str, expected: str) -> None:
    assert verdict({**NORMAL, "upcr": upcr}, "acr-2024-biopsy") == expected


def test_upcr_missing_is_insufficient_under_acr_2024() -> None:
    decision = assess({**NORMAL, "protein_24h": "2 g/d"}, "acr-2024-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("upcr",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.51 g/d", INDICATED), ("0.5 g/d", NOT_INDICATED), ("0.49 g/d", NOT_INDICATED)],
)
def test_protein_24h_counts_only_with_option_under_acr_2024(value: str, expected: str) -> None:
    data = {**NORMAL, "protein_24h": value}
    assert verdict(data, "acr-2024-biopsy") == INSUFFICIENT
    decision = assess(data, "acr-2024-biopsy", protein_24h_counts=True)
    assert decision.verdict == expected
    assert ("protein-24h-used" in decision.flags) is (expected == INDICATED)


@pytest.mark.parametrize(
    ("egfr", "expected"), [("59.9", INDICATED), ("60", NOT_INDICATED), ("60.1", NOT_INDICATED)]
)
def test_impaired_function_egfr_boundary_under_acr_2024(egfr: str, expected: str) -> None:
    data = {
        "upcr": "0.1 g/g",
        "egfr": f"{egfr} mL/min/{{1.73_m2}}",
        "has_unexplained_decline": False,
        "are_other_causes_excluded": True,
    }
    assert verdict(data, "acr-2024-biopsy") == expected


def test_impaired_function_missing_is_insufficient_under_acr_2024() -> None:
    decision = assess({"upcr": "0.1 g/g", "has_unexplained_decline": False}, "acr-2024-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == (
        "has_impaired_kidney_function",
        "egfr",
        "are_other_causes_excluded",
    )


def test_egfr_of_60_without_statement_is_not_impaired_under_acr_2024() -> None:
    decision = assess({**NORMAL, "upcr": "0.1 g/g"}, "acr-2024-biopsy")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "impaired-kidney-function") == "not_met"


def test_flag_only_rule_ignores_low_egfr_under_acr_2024() -> None:
    data = {
        "upcr": "0.1 g/g",
        "egfr": "40 mL/min/{1.73_m2}",
        "has_unexplained_decline": False,
        "are_other_causes_excluded": True,
    }
    assert verdict(data, "acr-2024-biopsy") == INDICATED
    assert verdict(data, "acr-2024-biopsy", impaired_function_rule="flag-only") == INSUFFICIENT


def test_impaired_function_explained_otherwise_is_not_indicated_under_acr_2024() -> None:
    data = {
        "upcr": "0.1 g/g",
        "egfr": "40 mL/min/{1.73_m2}",
        "explaining_causes": ["sepsis"],
    }
    assert verdict(data, "acr-2024-biopsy") == NOT_INDICATED


def test_unexplained_decline_indicates_under_acr_2024() -> None:
    data = {"upcr": "0.1 g/g", "egfr": "80 mL/min/{1.73_m2}", "has_unexplained_decline": True}
    assert verdict(data, "acr-2024-biopsy") == INDICATED


def test_invalid_option_value_raises_under_acr_2024() -> None:
    with pytest.raises(OptionError):
        assess({}, "acr-2024-biopsy", impaired_function_rule="egfr-below-45")


# ----------------------------------------------------------------------------- ACR 2024 repeat


def repeat(start: str, on: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "treatment_start": start,
        "assessed_on": on,
        "has_persistent_abnormalities": True,
        "is_in_remission": False,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("on", "expected"),
    [("2024-07-15", INDICATED), ("2024-07-14", NOT_INDICATED), ("2024-12-01", INDICATED)],
)
def test_six_months_of_treatment_boundary_under_acr_2024_repeat(on: str, expected: str) -> None:
    assert verdict(repeat("2024-01-15", on), "acr-2024-repeat-biopsy") == expected


def test_six_months_counts_to_end_of_shorter_month_under_acr_2024_repeat() -> None:
    assert verdict(repeat("2023-08-31", "2024-02-29"), "acr-2024-repeat-biopsy") == INDICATED
    assert verdict(repeat("2023-08-31", "2024-02-28"), "acr-2024-repeat-biopsy") == NOT_INDICATED


def test_treatment_start_missing_is_insufficient_under_acr_2024_repeat() -> None:
    data = {
        "assessed_on": "2024-07-15",
        "has_persistent_abnormalities": True,
        "is_in_remission": False,
    }
    decision = assess(data, "acr-2024-repeat-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("treatment_start",)


def test_no_ongoing_abnormalities_is_not_indicated_under_acr_2024_repeat() -> None:
    data = repeat("2024-01-15", "2024-09-01", has_persistent_abnormalities=False)
    assert verdict(data, "acr-2024-repeat-biopsy") == NOT_INDICATED


def test_suspected_flare_in_remission_indicates_under_acr_2024_repeat() -> None:
    decision = assess(
        {"is_in_remission": True, "is_flare_suspected": True}, "acr-2024-repeat-biopsy"
    )
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "flare-in-remission"


def test_suspected_flare_unknown_is_insufficient_under_acr_2024_repeat() -> None:
    decision = assess(
        {"is_in_remission": True, "has_persistent_abnormalities": False}, "acr-2024-repeat-biopsy"
    )
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("is_flare_suspected",)


def test_month_arithmetic_helpers_agree() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert completed_months(date(2024, 1, 15), date(2024, 7, 14)) == 5
    assert completed_months(date(2024, 1, 15), date(2024, 7, 15)) == 6
    assert completed_months(date(2024, 7, 15), date(2024, 1, 15)) == 0


# ----------------------------------------------------------------------------- ACR 2012

CONFIRMED = {"is_proteinuria_persistent": True, "has_unexplained_decline": False}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.01 g/d", INDICATED), ("1.0 g/d", INDICATED), ("0.99 g/d", INSUFFICIENT)],
)
def test_protein_24h_1g_boundary_under_acr_2012(value: str, expected: str) -> None:
    # below 1 g the 0.5 g combinations need the sediment, which is unknown here
    decision = assess({**CONFIRMED, "protein_24h": value}, "acr-2012-biopsy")
    assert decision.verdict == expected
    assert outcome(decision, "proteinuria-1g") == ("met" if expected == INDICATED else "not_met")


@pytest.mark.parametrize(
    ("upcr", "expected"), [("1.0 g/g", "met"), ("0.99 g/g", "not_met"), ("1000 mg/g", "met")]
)
def test_spot_upcr_1g_boundary_under_acr_2012(upcr: str, expected: str) -> None:
    decision = assess({**CONFIRMED, "upcr": upcr}, "acr-2012-biopsy")
    assert outcome(decision, "proteinuria-1g-level") == expected


def test_protein_missing_is_insufficient_under_acr_2012() -> None:
    decision = assess(CONFIRMED, "acr-2012-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs[:2] == ("protein_24h", "upcr")


def test_unconfirmed_1g_proteinuria_is_insufficient_under_acr_2012() -> None:
    decision = assess({"protein_24h": "1.5 g/d", "has_unexplained_decline": False}, "acr-2012")
    assert decision.verdict == INSUFFICIENT
    assert "is_proteinuria_persistent" in decision.missing_inputs


def test_confirmation_by_earlier_value_under_acr_2012() -> None:
    base = {"protein_24h": "1.5 g/d", "has_unexplained_decline": False}
    assert verdict({**base, "previous_protein_24h": ["1.0 g/d"]}, "acr-2012") == INDICATED
    assert verdict({**base, "previous_upcr": ["1.2 g/g"]}, "acr-2012") == INDICATED


def sediment(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        **CONFIRMED,
        "has_red_cell_casts": False,
        "has_white_cell_casts": False,
        "urine_rbc": "2 /[HPF]",
        "is_sediment_confirmed": True,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("rbc", "expected"),
    [("6 /[HPF]", INDICATED), ("5 /[HPF]", INDICATED), ("4 /[HPF]", NOT_INDICATED)],
)
def test_haematuria_boundary_with_half_gram_under_acr_2012(rbc: str, expected: str) -> None:
    assert verdict(sediment(protein_24h="0.6 g/d", urine_rbc=rbc), "acr-2012") == expected


def test_haematuria_missing_is_insufficient_under_acr_2012() -> None:
    data = sediment(protein_24h="0.6 g/d")
    del data["urine_rbc"]
    decision = assess(data, "acr-2012")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("urine_rbc",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.51 g/d", INDICATED), ("0.5 g/d", INDICATED), ("0.49 g/d", NOT_INDICATED)],
)
def test_half_gram_boundary_with_casts_under_acr_2012(value: str, expected: str) -> None:
    assert verdict(sediment(protein_24h=value, has_red_cell_casts=True), "acr-2012") == expected


def test_unconfirmed_sediment_is_insufficient_by_default_under_acr_2012() -> None:
    data = sediment(protein_24h="0.6 g/d", has_white_cell_casts=True, is_sediment_confirmed=None)
    assert verdict(data, "acr-2012") == INSUFFICIENT
    assert verdict(data, "acr-2012", confirm_sediment=False) == INDICATED


def test_upcr_in_combinations_only_with_option_under_acr_2012() -> None:
    data = sediment(upcr="0.5 g/g", urine_rbc="8 /[HPF]", protein_24h="0.2 g/d")
    assert verdict(data, "acr-2012") == NOT_INDICATED
    decision = assess(data, "acr-2012", upcr_in_combinations=True)
    assert decision.verdict == INDICATED
    assert outcome(decision, "upcr-ge-0-5") == "met"


def test_rising_creatinine_without_other_cause_indicates_under_acr_2012() -> None:
    decision = assess({"has_unexplained_decline": True}, "acr-2012-biopsy")
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "rising-creatinine"


def test_repeat_check_ids_are_unique_per_branch_under_acr_2012() -> None:
    data = sediment(protein_24h="0.6 g/d", previous_protein_24h=["0.7 g/d"])
    decision = assess(data, "acr-2012")
    ids = [c.id for top in decision.criteria for c in _walk(top)]
    earlier = [i for i in ids if "earlier" in i and i.endswith("-1")]
    assert len(earlier) == len(set(earlier)) >= 3


def _walk(criterion: Criterion) -> Iterator[Criterion]:
    yield criterion
    for child in criterion.children:
        yield from _walk(child)


def test_spot_upcr_just_above_1g_under_acr_2012() -> None:
    decision = assess({**CONFIRMED, "upcr": "1.01 g/g"}, "acr-2012-biopsy")
    assert decision.verdict == INDICATED
    assert outcome(decision, "upcr-ge-1-0") == "met"


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [("0.51 g/g", INDICATED), ("0.5 g/g", INDICATED), ("0.49 g/g", NOT_INDICATED)],
)
def test_upcr_half_gram_boundary_in_combinations_under_acr_2012(upcr: str, expected: str) -> None:
    data = sediment(upcr=upcr, urine_rbc="8 /[HPF]")
    assert verdict(data, "acr-2012", upcr_in_combinations=True) == expected


def test_half_gram_proteinuria_missing_with_haematuria_is_insufficient_under_acr_2012() -> None:
    decision = assess(sediment(urine_rbc="8 /[HPF]"), "acr-2012", upcr_in_combinations=True)
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs[:2] == ("protein_24h", "upcr")


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [("1.01 g/d", INDICATED), ("1.0 g/d", INDICATED), ("0.99 g/d", INSUFFICIENT)],
)
def test_earlier_value_below_1g_leaves_confirmation_open_under_acr_2012(
    earlier: str, expected: str
) -> None:
    # a single earlier value below 1 g/24 h does not refute confirmation: a repeat is needed
    data = {
        "protein_24h": "1.5 g/d",
        "previous_protein_24h": [earlier],
        "has_unexplained_decline": False,
        "urine_rbc": "0 /[HPF]",
        "has_red_cell_casts": False,
        "has_white_cell_casts": False,
    }
    decision = assess(data, "acr-2012-biopsy")
    assert decision.verdict == expected
    if expected == INSUFFICIENT:
        assert outcome(decision, "proteinuria-1g-confirmed") == "unknown"
        assert "is_proteinuria_persistent" in decision.missing_inputs
        stated = assess({**data, "is_proteinuria_persistent": False}, "acr-2012-biopsy")
        assert stated.verdict == NOT_INDICATED
