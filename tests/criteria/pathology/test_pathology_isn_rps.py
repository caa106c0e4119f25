"""ISN/RPS 2003 and 2018 classification: class cuts, subclasses, adequacy, missing data."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from lupus_nephritis.criteria.pathology.api import classify_isn_rps
from lupus_nephritis.criteria.pathology.demo import DEMO_BIOPSY, demo_lines
from lupus_nephritis.criteria.pathology.models import KidneyBiopsy
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError, UnknownRuleSetError

BOTH = ("isn-rps-2003", "isn-rps-2018")


def biopsy(**fields: Any) -> dict[str, Any]:
    """20 glomeruli, 1 sclerosed, no proliferative or membranous lesion; override freely."""
    data: dict[str, Any] = {
        "glomeruli_total": 20,
        "glomeruli_globally_sclerosed": 1,
        "glomeruli_involved": 0,
        "subepithelial_deposits": "absent",
        "has_mesangial_deposits": True,
        "has_mesangial_hypercellularity": False,
        "has_mesangial_matrix_expansion": False,
    }
    data.update(fields)
    return data


def proliferative(involved: int, **fields: Any) -> dict[str, Any]:
    """``involved`` glomeruli with active, segmental lesions; override freely."""
    data = biopsy(
        glomeruli_involved=involved,
        glomeruli_active=involved,
        glomeruli_chronic=0,
        glomeruli_segmental=involved,
        glomeruli_global=0,
    )
    data.update(fields)
    return data


def verdict(data: dict[str, Any], rule: str, **options: Any) -> str:
    return classify_isn_rps(data, rule, **options).verdict


# ----------------------------------------------------------------------------- class IV vs III


@pytest.mark.parametrize("rule", BOTH)
@pytest.mark.parametrize(("involved", "expected"), [(11, "IV"), (10, "IV"), (9, "III"), (1, "III")])
def test_class_iv_cut_is_at_least_50_percent_of_glomeruli(
    rule: str, involved: int, expected: str
) -> None:
    decision = classify_isn_rps(proliferative(involved), rule)
    assert decision.detail("class") == expected
    assert decision.verdict.startswith(expected)


@pytest.mark.parametrize("rule", BOTH)
def test_involvement_missing_is_not_evaluable(rule: str) -> None:
    data = biopsy()
    del data["glomeruli_involved"]
    decision = classify_isn_rps(data, rule)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("glomeruli_involved",)


@pytest.mark.parametrize("rule", BOTH)
def test_involvement_as_percentage_at_50_is_class_iv(rule: str) -> None:
    data = biopsy(percent_involved="50 %")
    del data["glomeruli_involved"]
    assert classify_isn_rps(data, rule).detail("class") == "IV"
    assert classify_isn_rps(dict(data, percent_involved="49.9 %"), rule).detail("class") == "III"


def test_no_involvement_is_not_class_iii_under_isn_rps_2018() -> None:
    decision = classify_isn_rps(biopsy(glomeruli_involved=0), "isn-rps-2018")
    assert decision.criterion("class-iii-involvement").outcome.value == "not_met"
    assert decision.verdict == "I"


# ----------------------------------------------------------------------------- class VI


@pytest.mark.parametrize("rule", BOTH)
@pytest.mark.parametrize(("sclerosed", "expected"), [(19, "VI"), (18, "VI"), (17, "not VI")])
def test_class_vi_cut_is_at_least_90_percent_globally_sclerosed(
    rule: str, sclerosed: int, expected: str
) -> None:
    data = biopsy(glomeruli_globally_sclerosed=sclerosed, has_residual_activity=False)
    result = verdict(data, rule)
    assert (result == "VI") is (expected == "VI")


@pytest.mark.parametrize("rule", BOTH)
def test_class_vi_with_residual_activity_is_classified_by_the_active_lesions(rule: str) -> None:
    data = proliferative(18, glomeruli_globally_sclerosed=18, has_residual_activity=True)
    decision = classify_isn_rps(data, rule)
    assert decision.detail("class") == "IV"
    assert decision.criterion("no-residual-activity").outcome.value == "not_met"


@pytest.mark.parametrize("rule", BOTH)
def test_class_vi_residual_activity_derived_from_active_glomeruli(rule: str) -> None:
    data = biopsy(glomeruli_globally_sclerosed=18, glomeruli_active=0)
    assert verdict(data, rule) == "VI"


@pytest.mark.parametrize("rule", BOTH)
def test_class_vi_residual_activity_derived_from_exactly_0_percent_active(rule: str) -> None:
    data = biopsy(glomeruli_globally_sclerosed=18, percent_active="0 %")
    decision = classify_isn_rps(data, rule)
    assert decision.verdict == "VI"
    assert decision.criterion("no-residual-activity").outcome.value == "met"


@pytest.mark.parametrize("rule", BOTH)
def test_class_vi_residual_activity_unknown_is_not_evaluable(rule: str) -> None:
    decision = classify_isn_rps(biopsy(glomeruli_globally_sclerosed=18), rule)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("has_residual_activity",)


@pytest.mark.parametrize("rule", BOTH)
def test_global_sclerosis_missing_is_not_evaluable_without_residual_activity(rule: str) -> None:
    data = proliferative(12, glomeruli_active=0, glomeruli_chronic=12)
    del data["glomeruli_globally_sclerosed"]
    decision = classify_isn_rps(data, rule)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("glomeruli_globally_sclerosed",)


@pytest.mark.parametrize("rule", BOTH)
def test_global_sclerosis_missing_with_residual_activity_rules_out_class_vi(rule: str) -> None:
    data = proliferative(12)
    del data["glomeruli_globally_sclerosed"]
    decision = classify_isn_rps(data, rule)
    assert decision.detail("class") == "IV"
    assert decision.criterion("class-vi").outcome.value == "not_met"


# ----------------------------------------------------------------------------- class V


@pytest.mark.parametrize("rule", BOTH)
def test_membranous_alone_is_class_v(rule: str) -> None:
    assert verdict(biopsy(subepithelial_deposits="present"), rule) == "V"


@pytest.mark.parametrize("rule", BOTH)
def test_isolated_subepithelial_deposits_are_not_class_v(rule: str) -> None:
    assert verdict(biopsy(subepithelial_deposits="isolated"), rule) == "I"


def test_membranous_with_class_iv_is_combined_under_isn_rps_2018() -> None:
    assert verdict(proliferative(12, subepithelial_deposits="present"), "isn-rps-2018") == "IV+V"
    assert verdict(proliferative(5, subepithelial_deposits="present"), "isn-rps-2018") == "III+V"


@pytest.mark.parametrize("rule", BOTH)
def test_subepithelial_deposits_missing_with_proliferative_lesions_is_not_evaluable(
    rule: str,
) -> None:
    data = proliferative(12)
    del data["subepithelial_deposits"]
    decision = classify_isn_rps(data, rule)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("subepithelial_deposits",)


@pytest.mark.parametrize(
    ("glomeruli", "surface", "expected"),
    [
        ("50 %", "50 %", "IV+V"),
        ("60 %", "70 %", "IV+V"),
        ("49 %", "80 %", "IV"),
        ("80 %", "49 %", "IV"),
    ],
)
def test_combined_v_extent_rule_boundary_under_isn_rps_2018(
    glomeruli: str, surface: str, expected: str
) -> None:
    data = proliferative(
        12,
        subepithelial_deposits="present",
        percent_glomeruli_membranous=glomeruli,
        percent_capillary_surface_membranous=surface,
    )
    decision = classify_isn_rps(data, "isn-rps-2018", combined_v_rule="extent-50-50")
    assert decision.verdict == expected
    assert ("membranous-below-combined-extent" in decision.flags) is (expected == "IV")


@pytest.mark.parametrize(
    ("glomeruli", "surface", "with_v"),
    [
        ("50 %", "50 %", True),  # both exactly 50%: '>= 50%' on both
        ("49.9 %", "80 %", False),
        ("80 %", "49.9 %", False),
    ],
)
def test_combined_v_extent_exactly_50_percent_is_iv_plus_v_under_isn_rps_2003(
    glomeruli: str, surface: str, with_v: bool
) -> None:
    data = proliferative(
        12,
        subepithelial_deposits="present",
        percent_glomeruli_membranous=glomeruli,
        percent_capillary_surface_membranous=surface,
    )
    decision = classify_isn_rps(data, "isn-rps-2003", combined_v_rule="extent-50-50")
    assert decision.detail("class") == "IV"
    assert decision.detail("membranous") is with_v
    assert decision.verdict.endswith("+V") is with_v
    assert ("membranous-below-combined-extent" in decision.flags) is not with_v


def test_combined_v_extent_missing_is_not_evaluable_under_isn_rps_2018() -> None:
    data = proliferative(12, subepithelial_deposits="present")
    decision = classify_isn_rps(data, "isn-rps-2018", combined_v_rule="extent-50-50")
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == (
        "percent_glomeruli_membranous",
        "percent_capillary_surface_membranous",
    )


# ----------------------------------------------------------------------------- classes I and II


@pytest.mark.parametrize(("nuclei", "expected"), [(5, "II"), (4, "II"), (3, "I")])
def test_mesangial_hypercellularity_is_4_or_more_nuclei_under_isn_rps_2018(
    nuclei: int, expected: str
) -> None:
    assert verdict(biopsy(mesangial_max_nuclei=nuclei), "isn-rps-2018") == expected


def test_mesangial_nuclei_missing_falls_back_to_reading_under_isn_rps_2018() -> None:
    assert verdict(biopsy(has_mesangial_hypercellularity=True), "isn-rps-2018") == "II"
    data = biopsy()
    del data["has_mesangial_hypercellularity"]
    decision = classify_isn_rps(data, "isn-rps-2018")
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("has_mesangial_hypercellularity",)


def test_nuclei_count_is_not_read_under_isn_rps_2003() -> None:
    data = biopsy(mesangial_max_nuclei=6)
    del data["has_mesangial_hypercellularity"]
    assert verdict(data, "isn-rps-2003") == "not_evaluable"


@pytest.mark.parametrize("rule", BOTH)
def test_matrix_expansion_with_deposits_is_class_ii(rule: str) -> None:
    assert verdict(biopsy(has_mesangial_matrix_expansion=True), rule) == "II"


@pytest.mark.parametrize("rule", BOTH)
def test_no_mesangial_deposits_is_unclassified(rule: str) -> None:
    decision = classify_isn_rps(biopsy(has_mesangial_deposits=False), rule)
    assert decision.verdict == "unclassified"
    assert "no-mesangial-immune-deposits" in decision.flags


@pytest.mark.parametrize("rule", BOTH)
def test_mesangial_deposits_missing_is_not_evaluable(rule: str) -> None:
    data = biopsy()
    del data["has_mesangial_deposits"]
    decision = classify_isn_rps(data, rule)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("has_mesangial_deposits",)


# ----------------------------------------------------------------------------- adequacy


@pytest.mark.parametrize("rule", BOTH)
@pytest.mark.parametrize(("total", "expected"), [(11, "I"), (10, "I"), (9, "insufficient_sample")])
def test_adequacy_needs_10_glomeruli_by_default(rule: str, total: int, expected: str) -> None:
    assert verdict(biopsy(glomeruli_total=total, glomeruli_globally_sclerosed=0), rule) == expected


@pytest.mark.parametrize("rule", BOTH)
def test_adequacy_unknown_is_flagged_and_classification_proceeds(rule: str) -> None:
    data = biopsy(percent_globally_sclerosed="5 %", percent_involved="60 %")
    for name in ("glomeruli_total", "glomeruli_globally_sclerosed", "glomeruli_involved"):
        del data[name]
    decision = classify_isn_rps(data, rule)
    assert decision.detail("class") == "IV"
    assert "sample-adequacy-unknown" in decision.flags


def test_adequacy_option_moves_the_cut_under_isn_rps_2018() -> None:
    data = biopsy(glomeruli_total=8, glomeruli_globally_sclerosed=0)
    assert verdict(data, "isn-rps-2018") == "insufficient_sample"
    assert verdict(data, "isn-rps-2018", min_glomeruli=8) == "I"
    assert verdict(data, "isn-rps-2018", min_glomeruli=0) == "I"


@pytest.mark.parametrize("bad", [-1, 2.5, True, "10"])
def test_invalid_min_glomeruli_raises_option_error(bad: object) -> None:
    with pytest.raises(OptionError):
        classify_isn_rps(biopsy(), "2018", min_glomeruli=bad)


# ----------------------------------------------------------------------------- 2003 subclasses


@pytest.mark.parametrize(
    ("active", "chronic", "expected"),
    [(6, 0, "III (A)"), (6, 2, "III (A/C)"), (0, 4, "III (C)")],
)
def test_activity_subclasses_under_isn_rps_2003(active: int, chronic: int, expected: str) -> None:
    data = proliferative(6, glomeruli_active=active, glomeruli_chronic=chronic)
    decision = classify_isn_rps(data, "2003")
    assert decision.verdict == expected
    assert decision.rule_set_id == "isn-rps-2003"


def test_activity_subclass_missing_leaves_it_out_under_isn_rps_2003() -> None:
    data = proliferative(6)
    del data["glomeruli_chronic"]
    decision = classify_isn_rps(data, "2003")
    assert decision.verdict == "III"
    assert "subclass-not-evaluable" in decision.flags
    assert decision.missing_inputs == ("glomeruli_chronic",)


def test_no_active_or_chronic_lesions_recorded_is_flagged_under_isn_rps_2003() -> None:
    data = proliferative(6, glomeruli_active=0)
    decision = classify_isn_rps(data, "2003")
    assert decision.verdict == "III"
    assert "no-active-or-chronic-lesions-recorded" in decision.flags


@pytest.mark.parametrize(
    ("segmental", "global_", "expected"),
    [(7, 5, "IV-S (A)"), (5, 7, "IV-G (A)"), (12, 0, "IV-S (A)"), (0, 12, "IV-G (A)")],
)
def test_iv_segmental_and_global_under_isn_rps_2003(
    segmental: int, global_: int, expected: str
) -> None:
    data = proliferative(12, glomeruli_segmental=segmental, glomeruli_global=global_)
    assert verdict(data, "2003") == expected


@pytest.mark.parametrize(
    ("option", "expected"),
    [("unresolved", "IV (A)"), ("segmental", "IV-S (A)"), ("global", "IV-G (A)")],
)
def test_iv_tie_at_exactly_50_percent_under_isn_rps_2003(option: str, expected: str) -> None:
    data = proliferative(12, glomeruli_segmental=6, glomeruli_global=6)
    decision = classify_isn_rps(data, "2003", iv_tie_rule=option)
    assert decision.verdict == expected
    assert "iv-segmental-global-tie" in decision.flags


def test_iv_extent_derived_from_one_count_under_isn_rps_2003() -> None:
    data = proliferative(12, glomeruli_segmental=3)
    del data["glomeruli_global"]
    decision = classify_isn_rps(data, "2003")
    assert decision.verdict == "IV-G (A)"
    assert decision.criterion("iv-global").observed is not None


def test_iv_extent_missing_leaves_s_g_out_under_isn_rps_2003() -> None:
    data = proliferative(12)
    del data["glomeruli_segmental"]
    del data["glomeruli_global"]
    decision = classify_isn_rps(data, "2003")
    assert decision.verdict == "IV (A)"
    assert "subclass-not-evaluable" in decision.flags
    assert set(decision.missing_inputs) == {"glomeruli_segmental", "glomeruli_global"}


def test_full_2003_label_with_membranous() -> None:
    decision = classify_isn_rps(DEMO_BIOPSY, "2003")
    assert decision.verdict == "IV-G (A/C)+V"
    assert decision.detail("segmental_global") == "G"
    assert decision.detail("activity_subclass") == "A/C"
    assert decision.detail("membranous") is True


def test_2018_drops_subclasses_and_reports_nih_indices() -> None:
    decision = classify_isn_rps(DEMO_BIOPSY, "2018")
    assert decision.verdict == "IV+V"
    assert decision.detail("activity_index") == 11
    assert decision.detail("chronicity_index") == 4
    assert decision.detail("segmental_global") is None
    assert "iv_tie_rule" not in dict(decision.options)


def test_iv_tie_option_does_not_exist_under_isn_rps_2018() -> None:
    with pytest.raises(OptionError):
        classify_isn_rps(DEMO_BIOPSY, "2018", iv_tie_rule="global")


# ----------------------------------------------------------------------------- api, model, json


@pytest.mark.parametrize("version", ["2003", "2018", "isn-rps-2003", "isn-rps-2018@1.0.0"])
def test_versions_select_the_rule_set(version: str) -> None:
    decision = classify_isn_rps(DEMO_BIOPSY, version)
    assert decision.kind == "pathology"
    assert decision.rule_set_id.startswith("isn-rps-")


@pytest.mark.parametrize("version", ["2010", "nih-activity-chronicity-2018", "kdigo-2024-biopsy"])
def test_unknown_versions_raise(version: str) -> None:
    with pytest.raises(UnknownRuleSetError):
        classify_isn_rps(DEMO_BIOPSY, version)


@pytest.mark.parametrize("rule", BOTH)
def test_classification_json_round_trip_is_lossless(rule: str) -> None:
    decision = classify_isn_rps(DEMO_BIOPSY, rule)
    assert Decision.from_json(decision.to_json()) == decision


@pytest.mark.parametrize("rule", BOTH)
def test_all_missing_biopsy_is_not_evaluable(rule: str) -> None:
    decision = classify_isn_rps({}, rule)
    assert decision.verdict == "not_evaluable"
    assert "glomeruli_globally_sclerosed" in decision.missing_inputs


@pytest.mark.parametrize(
    "bad",
    [
        {"glomeruli_total": 10, "glomeruli_involved": 11},
        {"glomeruli_total": 10, "glomeruli_globally_sclerosed": 12},
        {"glomeruli_involved": 5, "glomeruli_segmental": 3, "glomeruli_global": 3},
        {"glomeruli_involved": 5, "percent_involved": "25 %"},
        {"glomeruli_total": -1},
        {"glomeruli_total": 10.0},
        {"glomeruli_total": True},
        {"percent_involved": "120 %"},
        {"subepithelial_deposits": "maybe"},
        {"activity": {"fibrinoid_necrosis": 4}},
        {"unknown": 1},
    ],
)
def test_invalid_biopsies_raise_validation_error(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        KidneyBiopsy.model_validate(bad)


def test_percentages_are_exact_from_counts() -> None:
    decision = classify_isn_rps(proliferative(1, glomeruli_total=3), "2018", min_glomeruli=0)
    observed = decision.criterion("class-iii-involvement").observed
    assert str(observed).startswith("33.33333333")
    assert decision.verdict == "III"


def test_pathology_demo_lines() -> None:
    lines = demo_lines()
    assert any("IV-G (A/C)+V" in line for line in lines)
    assert any("IV+V" in line for line in lines)
    assert any("activity index 11/24" in line for line in lines)
    assert any("chronicity index 4/12" in line for line in lines)


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "bad",
    [
        {"glomeruli_total": 10, "glomeruli_active": 11},
        {"glomeruli_total": 10, "glomeruli_chronic": 11},
        {"glomeruli_involved": 3, "glomeruli_active": 4},
        {"glomeruli_total": 20, "glomeruli_involved": 2, "percent_active": "50 %"},
        {"percent_involved": "10 %", "percent_active": "10.5 %"},
        {"percent_involved_segmental": "60 %", "percent_involved_global": "50 %"},
        {"glomeruli_total": float("nan")},
        {"glomeruli_total": "20"},
        {"percent_involved": "nan %"},
        {"percent_involved": "1e400 %"},
        {"percent_globally_sclerosed": "90 g/g"},
        {"mesangial_max_nuclei": -4},
        {"chronicity": {"tubular_atrophy": "100.01 %"}},
        {1: 2},
    ],
)
@pytest.mark.parametrize("version", ["2003", "2018"])
def test_hostile_biopsies_raise_validation_error(bad: dict[Any, Any], version: str) -> None:
    with pytest.raises(ValidationError):
        classify_isn_rps(bad, version)


def test_active_glomeruli_up_to_the_involved_ones_are_accepted() -> None:
    data = proliferative(6, glomeruli_active=6)
    assert classify_isn_rps(data, "2003").verdict == "III (A)"
    mixed = proliferative(10, glomeruli_active=None, percent_active="50 %")
    assert classify_isn_rps(mixed, "2003").verdict == "IV-S (A)"


@pytest.mark.parametrize("version", [None, 2018, 2003.0, ["2018"]])
def test_non_string_version_raises_unknown_rule_set_error(version: object) -> None:
    with pytest.raises(UnknownRuleSetError):
        classify_isn_rps(DEMO_BIOPSY, version)  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", BOTH)
@pytest.mark.parametrize(
    ("percent", "expected"), [("90.01 %", "VI"), ("90 %", "VI"), ("89.99 %", "I")]
)
def test_class_vi_cut_given_as_a_percentage(rule: str, percent: str, expected: str) -> None:
    data = biopsy(percent_globally_sclerosed=percent, has_residual_activity=False)
    del data["glomeruli_globally_sclerosed"]
    assert verdict(data, rule) == expected


@pytest.mark.parametrize("rule", BOTH)
def test_zero_glomeruli_with_adequacy_disabled_is_not_evaluable(rule: str) -> None:
    data = biopsy(glomeruli_total=0, glomeruli_globally_sclerosed=0, glomeruli_involved=0)
    decision = classify_isn_rps(data, rule, min_glomeruli=0)
    assert decision.verdict == "not_evaluable"
    assert decision.criterion("class-vi-sclerosis").note == "undefined: glomeruli_total is 0"


@pytest.mark.parametrize("rule", BOTH)
def test_absurdly_small_percentages_are_evaluated_exactly_not_crashed(rule: str) -> None:
    data = biopsy(percent_involved="1e-400 %", activity={"fibrinoid_necrosis": "1e-400 %"})
    del data["glomeruli_involved"]
    decision = classify_isn_rps(data, rule)
    assert decision.detail("class") == "III"
    assert Decision.from_json(decision.to_json()) == decision
