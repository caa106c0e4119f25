"""EULAR 2019 and EULAR 2012 biopsy indication: thresholds, persistence, specimen."""

from __future__ import annotations

import pytest
from _biopsy_helpers import INDICATED, INSUFFICIENT, NOT_INDICATED, assess, outcome, verdict

from lupus_nephritis.errors import OptionError

STABLE = {"has_unexplained_decline": False}


def first_morning(value: str, unit: str = "mg/g") -> dict[str, str]:
    return {"value": value, "unit": unit, "specimen": "first_morning"}


# ----------------------------------------------------------------------------- EULAR 2019


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.51 g/(24.h)", INDICATED), ("0.5 g/(24.h)", INDICATED), ("0.49 g/(24.h)", NOT_INDICATED)],
)
def test_protein_24h_boundary_is_inclusive_under_eular_2019(value: str, expected: str) -> None:
    data = {**STABLE, "protein_24h": value, "is_proteinuria_persistent": True}
    assert verdict(data, "eular-2019-biopsy") == expected


def test_protein_24h_missing_is_insufficient_under_eular_2019() -> None:
    decision = assess({**STABLE, "is_proteinuria_persistent": True}, "eular-2019-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("protein_24h", "upcr")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("500.1", "mg/g", INDICATED),
        ("500", "mg/g", INDICATED),
        ("0.5", "g/g", INDICATED),
        ("499.9", "mg/g", NOT_INDICATED),
    ],
)
def test_upcr_boundary_is_inclusive_in_mg_per_g_under_eular_2019(
    value: str, unit: str, expected: str
) -> None:
    data = {**STABLE, "upcr": first_morning(value, unit), "is_proteinuria_persistent": True}
    decision = assess(data, "eular-2019-biopsy")
    assert decision.verdict == expected
    assert decision.flags == ()


def test_upcr_exactly_500_mg_per_g_differs_from_acr_2024() -> None:
    data = {**STABLE, "upcr": first_morning("500"), "is_proteinuria_persistent": True}
    assert verdict(data, "eular-2019-biopsy") == INDICATED
    assert outcome(assess(data, "acr-2024-biopsy"), "upcr-gt-0-5") == "not_met"


def test_upcr_in_mg_per_mmol_is_compared_exactly_under_eular_2019() -> None:
    # 500 mg/g = 56.56 mg/mmol exactly
    at = {**STABLE, "upcr": first_morning("56.56", "mg/mmol"), "is_proteinuria_persistent": True}
    below = {**STABLE, "upcr": first_morning("56.55", "mg/mmol"), "is_proteinuria_persistent": True}
    assert verdict(at, "eular-2019-biopsy") == INDICATED
    assert verdict(below, "eular-2019-biopsy") == NOT_INDICATED


@pytest.mark.parametrize(
    ("specimen", "flag"),
    [("spot", "upcr-not-first-morning"), ("24h", "upcr-not-first-morning"), (None, None)],
)
def test_upcr_not_from_first_morning_is_not_used_by_default_under_eular_2019(
    specimen: str | None, flag: str | None
) -> None:
    upcr = {"value": "800", "unit": "mg/g", "specimen": specimen}
    decision = assess({**STABLE, "upcr": upcr, "is_proteinuria_persistent": True}, "eular-2019")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("protein_24h", "upcr")
    assert (flag or "upcr-specimen-unknown") in decision.flags
    note = str(decision.criterion("upcr-ge-500").note)
    assert note.startswith("missing: ")
    assert "EULAR names a first-morning void" in note
    assert dict(decision.options)["upcr_specimen_policy"] == "first-morning-only"


def test_spot_upcr_is_used_and_flagged_with_flag_policy_under_eular_2019() -> None:
    spot = {"value": "800", "unit": "mg/g", "specimen": "spot"}
    data = {**STABLE, "upcr": spot, "is_proteinuria_persistent": True}
    decision = assess(data, "eular-2019", upcr_specimen_policy="flag")
    assert decision.verdict == INDICATED
    assert "upcr-not-first-morning" in decision.flags
    unreported = assess({**data, "upcr": "800 mg/g"}, "eular-2019", upcr_specimen_policy="flag")
    assert unreported.verdict == INDICATED
    assert "upcr-specimen-unknown" in unreported.flags


def test_earlier_spot_upcr_does_not_establish_persistence_by_default_under_eular_2019() -> None:
    data = {**STABLE, "upcr": first_morning("600"), "previous_upcr": ["700 mg/g"]}
    assert verdict(data, "eular-2019") == INSUFFICIENT
    assert verdict(data, "eular-2019", upcr_specimen_policy="flag") == INDICATED


def test_persistence_from_earlier_value_meeting_threshold_under_eular_2019() -> None:
    data = {**STABLE, "upcr": first_morning("600"), "previous_upcr": [first_morning("510")]}
    decision = assess(data, "eular-2019")
    assert decision.verdict == INDICATED
    assert outcome(decision, "proteinuria-persistent") == "met"


def test_earlier_value_just_below_threshold_leaves_persistence_open_under_eular_2019() -> None:
    # new proteinuria is not yet persistent, but that asks for a repeat test, not "no biopsy"
    data = {**STABLE, "upcr": first_morning("600"), "previous_upcr": [first_morning("499")]}
    decision = assess(data, "eular-2019")
    assert decision.verdict == INSUFFICIENT
    assert outcome(decision, "proteinuria-persistent") == "unknown"
    assert outcome(decision, "upcr-ge-500-earlier-1") == "not_met"
    assert decision.missing_inputs == (
        "is_proteinuria_persistent",
        "previous_upcr",
        "previous_protein_24h",
    )
    assert "persistence-not-established" in decision.flags


def test_earlier_value_exactly_at_500_establishes_persistence_under_eular_2019() -> None:
    earlier = [first_morning("499"), first_morning("500")]
    data = {**STABLE, "upcr": first_morning("600"), "previous_upcr": earlier}
    decision = assess(data, "eular-2019")
    assert decision.verdict == INDICATED
    assert outcome(decision, "proteinuria-persistent-earlier") == "met"


def test_persistence_reported_false_is_not_indicated_under_eular_2019() -> None:
    data = {
        **STABLE,
        "upcr": first_morning("600"),
        "previous_upcr": ["300 mg/g"],
        "is_proteinuria_persistent": False,
    }
    decision = assess(data, "eular-2019")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "proteinuria-persistent") == "not_met"


def test_persistence_earlier_24h_value_exactly_at_threshold_under_eular_2019() -> None:
    data = {**STABLE, "protein_24h": "0.8 g/d", "previous_protein_24h": ["0.5 g/d"]}
    assert verdict(data, "eular-2019") == INDICATED


def test_persistence_missing_is_insufficient_under_eular_2019() -> None:
    decision = assess({**STABLE, "protein_24h": "1.2 g/d"}, "eular-2019")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == (
        "is_proteinuria_persistent",
        "previous_upcr",
        "previous_protein_24h",
    )
    assert "persistence-not-established" in decision.flags


def test_reported_persistence_wins_over_earlier_value_below_under_eular_2019() -> None:
    data = {
        **STABLE,
        "protein_24h": "0.8 g/d",
        "previous_protein_24h": ["0.3 g/d"],
        "is_proteinuria_persistent": True,
    }
    assert verdict(data, "eular-2019") == INDICATED


def test_unexplained_fall_in_gfr_indicates_under_eular_2019() -> None:
    decision = assess({"protein_24h": "0.1 g/d", "has_unexplained_decline": True}, "eular-2019")
    assert decision.verdict == INDICATED
    assert decision.detail("fired") == "gfr-fall"


def test_fall_in_gfr_missing_is_insufficient_under_eular_2019() -> None:
    decision = assess({"protein_24h": "0.1 g/d"}, "eular-2019")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("has_unexplained_decline",)


def test_explained_fall_in_gfr_is_not_met_under_eular_2019() -> None:
    data = {"protein_24h": "0.1 g/d", "explaining_causes": ["NSAID"]}
    decision = assess(data, "eular-2019")
    assert decision.verdict == NOT_INDICATED
    assert decision.criterion("gfr-fall").note == "explained by: NSAID"


@pytest.mark.parametrize(
    ("latest", "expected"), [("69", INDICATED), ("70", INDICATED), ("71", NOT_INDICATED)]
)
def test_numeric_gfr_fall_option_at_30_percent_under_eular_2019(latest: str, expected: str) -> None:
    data = {
        "protein_24h": "0.1 g/d",
        "are_other_causes_excluded": True,
        "egfr_history": [
            {"date": "2024-03-01", "egfr": f"{latest} mL/min/{{1.73_m2}}"},
            {"date": "2024-01-01", "egfr": "100 mL/min/{1.73_m2}"},
        ],
    }
    assert verdict(data, "eular-2019", egfr_decline_percent="30") == expected


def test_invalid_specimen_policy_raises_option_error_under_eular_2019() -> None:
    with pytest.raises(OptionError):
        assess({}, "eular-2019", upcr_specimen_policy="any")


# ----------------------------------------------------------------------------- EULAR 2012


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.51 g/(24.h)", INDICATED), ("0.5 g/(24.h)", INDICATED), ("0.49 g/(24.h)", NOT_INDICATED)],
)
def test_protein_24h_boundary_is_inclusive_under_eular_2012(value: str, expected: str) -> None:
    data = {"protein_24h": value, "is_proteinuria_persistent": True}
    assert verdict(data, "eular-2012-biopsy") == expected


def test_protein_24h_missing_is_insufficient_under_eular_2012() -> None:
    decision = assess({"upcr": "2 g/g", "is_proteinuria_persistent": True}, "eular-2012-biopsy")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("protein_24h",)
    assert "upcr-not-used" in decision.flags


def test_reproducible_from_earlier_24h_value_under_eular_2012() -> None:
    assert (
        verdict({"protein_24h": "0.9 g/d", "previous_protein_24h": ["0.5 g/d"]}, "eular-2012")
        == INDICATED
    )
    # an earlier value below the threshold does not refute reproducibility: a repeat is needed
    below = assess({"protein_24h": "0.9 g/d", "previous_protein_24h": ["0.49 g/d"]}, "eular-2012")
    assert below.verdict == INSUFFICIENT
    assert below.missing_inputs == ("is_proteinuria_persistent", "previous_protein_24h")
    stated = {"protein_24h": "0.9 g/d", "previous_protein_24h": ["0.49 g/d"]}
    assert verdict({**stated, "is_proteinuria_persistent": False}, "eular-2012") == NOT_INDICATED


def test_reproducibility_missing_is_insufficient_under_eular_2012() -> None:
    decision = assess({"protein_24h": "0.9 g/d"}, "eular-2012")
    assert decision.verdict == INSUFFICIENT
    assert decision.missing_inputs == ("is_proteinuria_persistent", "previous_protein_24h")


def test_haematuria_or_casts_are_supporting_only_under_eular_2012() -> None:
    with_casts = {"protein_24h": "0.3 g/d", "has_red_cell_casts": True}
    decision = assess(with_casts, "eular-2012")
    assert decision.verdict == NOT_INDICATED
    assert "with-glomerular-haematuria-or-casts" in decision.flags
    assert outcome(decision, "haematuria-or-casts") == "met"


def test_options_are_rejected_under_eular_2012() -> None:
    with pytest.raises(OptionError):
        assess({}, "eular-2012", upcr_specimen_policy="flag")


# ------------------------------------------------- alternative measurements: the known decide


def test_24h_below_threshold_decides_without_a_upcr_under_eular_2019() -> None:
    data = {**STABLE, "protein_24h": "0.49 g/d", "is_proteinuria_persistent": True}
    decision = assess(data, "eular-2019")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "upcr-ge-500") == "unknown"
    assert outcome(decision, "protein-24h-ge-0-5") == "not_met"
    assert decision.missing_inputs == ()


def test_upcr_below_threshold_decides_without_a_24h_protein_under_eular_2019() -> None:
    data = {**STABLE, "upcr": first_morning("499"), "is_proteinuria_persistent": True}
    decision = assess(data, "eular-2019")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "protein-24h-ge-0-5") == "unknown"


def test_disagreeing_measurements_either_one_meeting_is_enough_under_eular_2019() -> None:
    data = {
        **STABLE,
        "protein_24h": "0.3 g/d",
        "upcr": first_morning("500"),
        "is_proteinuria_persistent": True,
    }
    assert verdict(data, "eular-2019") == INDICATED
    swapped = {**data, "protein_24h": "0.5 g/d", "upcr": first_morning("100")}
    assert verdict(swapped, "eular-2019") == INDICATED


def test_unusable_upcr_does_not_stop_the_24h_protein_deciding_under_eular_2019() -> None:
    spot = {"value": "900", "unit": "mg/g", "specimen": "spot"}
    data = {**STABLE, "protein_24h": "0.2 g/d", "upcr": spot, "is_proteinuria_persistent": True}
    decision = assess(data, "eular-2019", upcr_specimen_policy="first-morning-only")
    assert decision.verdict == NOT_INDICATED
    assert outcome(decision, "upcr-ge-500") == "unknown"
