from __future__ import annotations

from _response_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome

ID = "eular-2012"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


def normal(**kw: object) -> dict:
    kw.setdefault("base_egfr", "95")
    kw.setdefault("cur_egfr", "95")
    return course(**kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ UPCR < 50 mg/mmol


def test_upcr_just_below_50_mg_per_mmol_is_complete_under_eular_2012() -> None:
    assert classify(normal(cur_upcr="49.9", unit="mg/mmol")).verdict == "complete"


def test_upcr_exactly_50_mg_per_mmol_is_not_complete_under_eular_2012() -> None:
    d = classify(normal(cur_upcr="50", unit="mg/mmol"))
    assert d.criterion("upcr-complete").outcome is Outcome.NOT_MET
    assert d.verdict == "partial"


def test_upcr_just_above_50_mg_per_mmol_is_partial_under_eular_2012() -> None:
    assert classify(normal(cur_upcr="50.1", unit="mg/mmol")).verdict == "partial"


def test_upcr_0_45_g_per_g_is_complete_under_kdigo_but_not_eular_2012() -> None:
    # 0.45 g/g = 50.9 mg/mmol: the 50 mg/mmol cut is 0.442 g/g, stricter than 0.5 g/g
    data = normal(cur_upcr="0.45")
    d = classify(data)
    assert d.criterion("upcr-complete").outcome is Outcome.NOT_MET
    assert d.criterion("upcr-complete").threshold_unit == "mg/mmol"
    assert classify_renal_response(data, "kdigo-2024").verdict == "complete"


def test_upcr_missing_is_not_evaluable_under_eular_2012() -> None:
    d = classify(normal(cur_upcr=None))
    assert d.verdict == "not_evaluable"
    assert "assessment.upcr" in d.missing_inputs


# ------------------------------------------------------------------ renal function vs normal GFR


def test_gfr_normal_is_met_at_90_under_eular_2012() -> None:
    assert classify(course(base_egfr="95", cur_egfr="90")).verdict == "complete"


def test_previously_normal_gfr_must_stay_normal_under_eular_2012() -> None:
    d = classify(course(base_egfr="95", cur_egfr="89.9"))
    assert d.criterion("kidney-function").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_previously_abnormal_gfr_within_10_percent_of_normal_boundaries_eular_2012() -> None:
    # near-normal = at least 90% of normal GFR (90) = 81
    assert classify(course(base_egfr="60", cur_egfr="81")).verdict == "complete"
    assert classify(course(base_egfr="60", cur_egfr="80.9")).verdict == "none"
    assert classify(course(base_egfr="60", cur_egfr="81.1")).verdict == "complete"


def test_near_normal_for_everyone_option_under_eular_2012() -> None:
    data = course(base_egfr="95", cur_egfr="85")
    assert classify(data).verdict == "none"
    assert classify(data, renal_function_rule="near-normal").verdict == "complete"


def test_stable_vs_reference_option_boundaries_under_eular_2012() -> None:
    rule = {"renal_function_rule": "stable-vs-reference"}
    assert classify(course(base_egfr="50", cur_egfr="45"), **rule).verdict == "complete"
    assert classify(course(base_egfr="50", cur_egfr="44.9"), **rule).verdict == "none"


def test_missing_reference_gfr_is_not_evaluable_when_it_matters_under_eular_2012() -> None:
    d = classify(course(base_egfr=None, cur_egfr="85"))
    assert d.verdict == "not_evaluable"
    assert "baseline.egfr" in d.missing_inputs
    # a normal GFR does not need the reference
    assert classify(course(base_egfr=None, cur_egfr="95")).verdict == "complete"


def test_missing_current_gfr_is_not_evaluable_under_eular_2012() -> None:
    assert classify(course(cur_egfr=None)).verdict == "not_evaluable"


# ------------------------------------------------------------------ partial: >= 50% to < 3.5 g/g


def test_reduction_boundaries_under_eular_2012() -> None:
    assert classify(normal(base_upcr="2", cur_upcr="1")).verdict == "partial"
    assert classify(normal(base_upcr="2", cur_upcr="1.002")).verdict == "none"
    assert classify(normal(base_upcr="2", cur_upcr="0.998")).verdict == "partial"
    assert classify(normal(base_upcr=None, cur_upcr="1")).verdict == "not_evaluable"


def test_subnephrotic_boundaries_under_eular_2012() -> None:
    assert classify(normal(base_upcr="10", cur_upcr="3.499")).verdict == "partial"
    d = classify(normal(base_upcr="10", cur_upcr="3.5"))
    assert d.criterion("upcr-subnephrotic").outcome is Outcome.NOT_MET
    assert d.verdict == "none"
    assert classify(normal(base_upcr="10", cur_upcr="3.501")).verdict == "none"


def test_month_6_time_point_under_eular_2012() -> None:
    from _response_courses import W26

    d = classify(normal(day=W26), time_point="month-6")
    assert d.assessed_on == W26 and d.verdict == "complete"


def test_eular_2012_decision_cites_sources() -> None:
    d = classify(normal())
    assert d.rule_set == "eular-2012@1.0.0"
    assert d.criterion("gfr-normal").source_id == "kdigo-2012-ckd"
    assert d.criterion("upcr-complete").source_id == "eular-2012-ln"


# ------------------------------------------------------------------ review additions


def test_gfr_just_above_normal_is_met_under_eular_2012() -> None:
    d = classify(course(base_egfr="95", cur_egfr="90.1"))
    assert d.criterion("gfr-normal").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_reference_gfr_exactly_90_is_not_previously_abnormal_under_eular_2012() -> None:
    d = classify(course(base_egfr="90", cur_egfr="85"))
    assert d.criterion("previously-abnormal").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_reference_gfr_just_below_90_is_previously_abnormal_under_eular_2012() -> None:
    d = classify(course(base_egfr="89.9", cur_egfr="85"))
    assert d.criterion("previously-abnormal").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_stable_vs_reference_just_inside_and_improvement_under_eular_2012() -> None:
    rule = {"renal_function_rule": "stable-vs-reference"}
    assert classify(course(base_egfr="50", cur_egfr="45.1"), **rule).verdict == "complete"
    assert classify(course(base_egfr="50", cur_egfr="120"), **rule).verdict == "complete"
    d = classify(course(base_egfr=None, cur_egfr="120"), **rule)
    assert d.verdict == "not_evaluable"
    assert "baseline.egfr" in d.missing_inputs


def test_zero_reference_upcr_is_flagged_under_eular_2012() -> None:
    d = classify(normal(base_upcr="0", cur_upcr="1"))
    assert d.verdict == "not_evaluable"
    assert "reference-zero" in d.flags


def test_24h_protein_is_never_used_as_a_upcr_under_eular_2012() -> None:
    data = normal(cur_upcr=None, visit_extra={"protein_24h": {"value": "0.2", "unit": "g/d"}})
    d = classify(data)
    assert d.verdict == "not_evaluable"
    assert "assessment.upcr" in d.missing_inputs


def test_upcr_in_mg_per_g_compared_in_mg_per_mmol_under_eular_2012() -> None:
    # 50 mg/mmol = 442.008 mg/g exactly (creatinine 113.12 g/mol): 442 is below, 442.1 above
    assert classify(normal(cur_upcr="442", unit="mg/g")).verdict == "complete"
    assert classify(normal(cur_upcr="442.1", unit="mg/g")).verdict == "partial"


def test_window_first_and_last_day_under_eular_2012() -> None:
    from datetime import timedelta

    from _response_courses import W52

    for offset, expected in ((-28, "complete"), (28, "complete"), (-29, "not_evaluable")):
        assert classify(normal(day=W52 + timedelta(days=offset))).verdict == expected
    assert classify(normal(day=W52 + timedelta(days=29))).verdict == "not_evaluable"
