from __future__ import annotations

from datetime import date, timedelta

import pytest
from _response_courses import START, W26, W52, course, egfr, upcr, visit
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

ID = "kdigo-2024"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------ complete: UPCR < 0.5 g/g


def test_upcr_just_below_0_5_is_complete_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr="0.499"))
    assert d.verdict == "complete"
    assert d.criterion("upcr-complete").outcome is Outcome.MET
    assert d.rule_set == "kdigo-2024@1.1.0"


def test_upcr_exactly_0_5_is_not_complete_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr="0.5"))
    assert d.criterion("upcr-complete").outcome is Outcome.NOT_MET
    assert d.verdict == "partial"  # 83% reduction, < 3 g/g, stable


def test_upcr_just_above_0_5_is_partial_under_kdigo_2024() -> None:
    assert classify(course(cur_upcr="0.501")).verdict == "partial"


def test_upcr_missing_is_not_evaluable_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr=None))
    assert d.verdict == "not_evaluable"
    assert "assessment.upcr" in d.missing_inputs
    assert d.criterion("upcr-complete").outcome is Outcome.UNKNOWN


def test_upcr_52_mg_per_mmol_is_below_0_5_g_per_g_under_kdigo_2024() -> None:
    # KDIGO's "50 mg/mmol" is a rounding; 52 mg/mmol is 0.4597 g/g
    d = classify(course(cur_upcr="52", unit="mg/mmol"))
    assert d.verdict == "complete"
    assert d.criterion("upcr-complete").observed_unit == "g/g"


def test_upcr_500_mg_per_g_is_not_complete_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr="500", unit="mg/g"))
    assert d.criterion("upcr-complete").outcome is Outcome.NOT_MET


# ------------------------------------------------------------------ partial: >= 50% and < 3 g/g


def test_reduction_exactly_50_percent_is_partial_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1"))
    assert d.criterion("upcr-reduction").outcome is Outcome.MET
    assert d.verdict == "partial"


def test_reduction_just_below_50_percent_is_none_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1.002"))
    assert d.criterion("upcr-reduction").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_reduction_just_above_50_percent_is_partial_under_kdigo_2024() -> None:
    assert classify(course(base_upcr="2", cur_upcr="0.998")).verdict == "partial"


def test_reduction_without_baseline_upcr_is_not_evaluable_under_kdigo_2024() -> None:
    d = classify(course(base_upcr=None, cur_upcr="1"))
    assert d.verdict == "not_evaluable"
    assert "baseline.upcr" in d.missing_inputs


def test_zero_baseline_upcr_makes_the_reduction_unknown_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="0", cur_upcr="1"))
    assert d.criterion("upcr-reduction").outcome is Outcome.UNKNOWN
    assert d.verdict == "not_evaluable"


def test_upcr_just_below_3_after_halving_is_partial_under_kdigo_2024() -> None:
    assert classify(course(base_upcr="8", cur_upcr="2.999")).verdict == "partial"


def test_upcr_exactly_3_is_not_partial_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="8", cur_upcr="3"))
    assert d.criterion("upcr-partial").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_upcr_just_above_3_is_none_under_kdigo_2024() -> None:
    assert classify(course(base_upcr="8", cur_upcr="3.001")).verdict == "none"


# ------------------------------------------------------------------ kidney-function stability


def test_egfr_decline_exactly_15_percent_is_stable_under_kdigo_2024() -> None:
    d = classify(course(base_egfr="100", cur_egfr="85"))
    assert d.criterion("kidney-function").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_egfr_decline_just_over_15_percent_is_not_stable_under_kdigo_2024() -> None:
    d = classify(course(base_egfr="100", cur_egfr="84.9"))
    assert d.criterion("kidney-function").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_egfr_decline_just_under_15_percent_is_stable_under_kdigo_2024() -> None:
    assert classify(course(base_egfr="100", cur_egfr="85.1")).verdict == "complete"


def test_stability_band_10_boundaries_under_kdigo_2024() -> None:
    assert classify(course(base_egfr="100", cur_egfr="90"), stability_band=10).verdict == (
        "complete"
    )
    assert classify(course(base_egfr="100", cur_egfr="89.9"), stability_band=10).verdict == ("none")
    assert classify(course(base_egfr="100", cur_egfr="90.1"), stability_band=10).verdict == (
        "complete"
    )


def test_egfr_improvement_is_never_penalised_under_kdigo_2024() -> None:
    d = classify(course(base_egfr="40", cur_egfr="120"))
    assert d.verdict == "complete"


def test_missing_followup_egfr_is_not_evaluable_under_kdigo_2024() -> None:
    d = classify(course(cur_egfr=None))
    assert d.verdict == "not_evaluable"
    assert "assessment.egfr" in d.missing_inputs


def test_missing_baseline_egfr_is_not_evaluable_under_kdigo_2024() -> None:
    d = classify(course(base_egfr=None))
    assert d.verdict == "not_evaluable"
    assert d.missing_inputs == ("baseline.egfr",)


def test_missing_egfr_with_failing_upcr_is_still_none_under_kdigo_2024() -> None:
    # neither CR nor PR can hold whatever the eGFR: decided by three-valued logic
    d = classify(course(base_upcr="3", cur_upcr="2.5", cur_egfr=None))
    assert d.verdict == "none"
    assert "assessment.egfr" in d.missing_inputs


def test_creatinine_metric_rise_of_exactly_15_percent_is_stable_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "1.00 mg/dL"},
        visit_extra={"creatinine": "1.15 mg/dL"},
    )
    d = classify(data, kidney_function_metric="creatinine")
    assert d.verdict == "complete"
    data["visits"][0]["creatinine"] = "1.151 mg/dL"
    assert classify(data, kidney_function_metric="creatinine").verdict == "none"


def test_creatinine_in_umol_per_l_gives_the_same_rise_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "100 umol/L"},
        visit_extra={"creatinine": "115 umol/L"},
    )
    assert classify(data, kidney_function_metric="creatinine").verdict == "complete"


def test_egfr_is_computed_from_creatinine_when_not_reported_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "0.9 mg/dL"},
        visit_extra={"creatinine": "0.9 mg/dL"},
        patient={"sex": "female", "age_years": "40"},
    )
    d = classify(data)
    assert d.verdict == "complete"
    assert "egfr-computed" in d.flags
    notes = [e.note or "" for e in d.criterion("kidney-function").evidence]
    assert any("ckd-epi-2021-cr" in n for n in notes)


def test_egfr_not_computable_without_sex_is_not_evaluable_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "0.9 mg/dL"},
        visit_extra={"creatinine": "0.9 mg/dL"},
        patient={"age_years": "40"},
    )
    d = classify(data)
    assert d.verdict == "not_evaluable"
    assert "patient.sex" in d.missing_inputs


# ------------------------------------------------------------------ specimen


def test_spot_upcr_is_decided_but_flagged_provisional_under_kdigo_2024() -> None:
    d = classify(course(specimen="spot"))
    assert d.verdict == "complete"
    assert "spot-upcr-used" in d.flags and "provisional" in d.flags
    assert "upcr-specimen-differs-from-reference" in d.flags


def test_unreported_specimen_is_flagged_under_kdigo_2024() -> None:
    d = classify(course(specimen=None))
    assert "upcr-specimen-unreported" in d.flags


def test_spot_upcr_rejected_on_request_under_kdigo_2024() -> None:
    d = classify(course(specimen="spot"), spot_upcr="reject")
    assert d.verdict == "not_evaluable"
    assert "assessment.upcr" in d.missing_inputs


def test_reject_uses_a_24h_visit_in_the_window_under_kdigo_2024() -> None:
    extra = visit(W52 - timedelta(days=10), id="h24", upcr=upcr("0.3"), egfr=egfr("80"))
    d = classify(course(specimen="spot", visits=[extra]), spot_upcr="reject")
    assert d.verdict == "complete"
    assert d.criterion("upcr-complete").evidence[0].visit_id == "h24"


# ------------------------------------------------------------------ time point and window


def test_default_assessment_is_week_52_under_kdigo_2024() -> None:
    assert classify(course()).assessed_on == W52


def test_month_6_time_point_is_week_26_under_kdigo_2024() -> None:
    d = classify(course(day=W26), time_point="month-6")
    assert d.assessed_on == W26
    assert d.verdict == "complete"


def test_at_accepts_a_week_or_a_date_under_kdigo_2024() -> None:
    assert classify_renal_response(course(day=W26), ID, at=26).assessed_on == W26
    assert classify_renal_response(course(day=W26), ID, at=W26).verdict == "complete"


def test_window_first_and_last_day_under_kdigo_2024() -> None:
    for offset, expected in ((-28, "complete"), (-29, "not_evaluable"), (28, "complete")):
        assert classify(course(day=W52 + timedelta(days=offset))).verdict == expected
    assert classify(course(day=W52 + timedelta(days=29))).verdict == "not_evaluable"


def test_nearest_and_last_observation_matching_under_kdigo_2024() -> None:
    far = course(day=W52 + timedelta(days=60))
    assert classify(far).verdict == "not_evaluable"
    assert classify(far, visit_matching="nearest").verdict == "complete"
    assert classify(far, visit_matching="last_observation").verdict == "not_evaluable"
    early = course(day=W52 - timedelta(days=20))
    assert classify(early, visit_matching="last_observation").verdict == "complete"


def test_each_datum_comes_from_the_nearest_visit_that_has_it_under_kdigo_2024() -> None:
    lab = visit(W52 + timedelta(days=3), id="lab", egfr=egfr("79"))
    d = classify(course(cur_egfr=None, visits=[lab]))
    assert d.verdict == "complete"
    evidence = d.criterion("kidney-function").evidence
    assert [e.visit_id for e in evidence] == ["base", "lab"]


def test_pre_flare_reference_under_kdigo_2024() -> None:
    data = course(pre_flare={"date": "2023-10-01", "upcr": upcr("3"), "egfr": egfr("100")})
    assert classify(data).verdict == "complete"  # vs baseline 80: stable
    d = classify(data, reference="pre_flare")
    assert d.verdict == "none"  # 80 vs 100 is a 20% decline
    assert d.detail("reference") == "pre_flare"


# ------------------------------------------------------------------ policies


def _withdrawn() -> dict:
    data = course(cur_upcr=None, cur_egfr=None)
    data["events"] = [{"type": "withdrawal", "date": "2024-08-01"}]
    return data


def test_default_policy_reports_withdrawal_as_not_evaluable_under_kdigo_2024() -> None:
    d = classify(_withdrawn())
    assert d.verdict == "not_evaluable"
    assert d.policy == "not-evaluable"


def test_intercurrent_event_policy_makes_a_non_responder_under_kdigo_2024() -> None:
    d = classify(_withdrawn(), policy="intercurrent-event-non-responder")
    assert d.verdict == "none"
    assert "intercurrent-event-non-responder" in d.flags
    assert d.criterion("no-intercurrent-event").outcome is Outcome.NOT_MET


def test_rescue_before_assessment_overrides_complete_under_event_policy_kdigo_2024() -> None:
    data = course(events=[{"type": "rescue_therapy", "date": "2024-06-01"}])
    assert classify(data).verdict == "complete"
    assert classify(data, policy="intercurrent-event-non-responder").verdict == "none"


def test_event_after_assessment_does_not_count_under_kdigo_2024() -> None:
    data = course(events=[{"type": "death", "date": "2025-06-01"}])
    assert classify(data, policy="non-responder").verdict == "complete"


def test_non_responder_policy_imputes_missing_data_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr=None), policy="non-responder")
    assert d.verdict == "none"
    assert "missing-data-non-responder" in d.flags
    assert "assessment.upcr" in d.missing_inputs


def test_missing_data_with_event_policy_stays_not_evaluable_under_kdigo_2024() -> None:
    d = classify(course(cur_upcr=None), policy="intercurrent-event-non-responder")
    assert d.verdict == "not_evaluable"


# ------------------------------------------------------------------ options and results


def test_unknown_option_is_refused_under_kdigo_2024() -> None:
    with pytest.raises(OptionError):
        classify(course(), stability_bandwidth=10)


def test_invalid_option_value_is_refused_under_kdigo_2024() -> None:
    with pytest.raises(OptionError):
        classify(course(), stability_band=12)


@pytest.mark.parametrize(
    ("current", "comparator", "expected"),
    [
        ("1", ">=", "partial"),  # exactly 50% from 2
        ("1", ">", "none"),
        ("1.002", ">=", "none"),  # 49.9%
        ("1.002", ">", "none"),
        ("0.998", ">", "partial"),  # 50.1%
    ],
)
def test_partial_reduction_comparator_at_50_percent_under_kdigo_2024(
    current: str, comparator: str, expected: str
) -> None:
    d = classify(course(base_upcr="2", cur_upcr=current), partial_reduction_comparator=comparator)
    assert d.verdict == expected
    assert dict(d.options)["partial_reduction_comparator"] == comparator


def test_partial_reduction_comparator_default_is_at_least_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1"))
    assert dict(d.options)["partial_reduction_comparator"] == ">="
    assert d.criterion("upcr-reduction").comparator == ">="


def test_partial_reduction_comparator_with_baseline_missing_is_not_evaluable() -> None:
    d = classify(course(base_upcr=None, cur_upcr="1"), partial_reduction_comparator=">")
    assert d.verdict == "not_evaluable"
    assert "baseline.upcr" in d.missing_inputs


def test_first_release_of_kdigo_2024_has_no_comparator_option() -> None:
    with pytest.raises(OptionError):
        classify_renal_response(course(), "kdigo-2024@1.0.0", partial_reduction_comparator=">")
    d = classify_renal_response(course(base_upcr="2", cur_upcr="1"), "kdigo-2024@1.0.0")
    assert (d.verdict, d.rule_set) == ("partial", "kdigo-2024@1.0.0")
    assert d.detail("late_response") is None and "response_window_end" not in dict(d.details)


# ------------------------------------------------------------------ late response (> month 12)

W78 = START + timedelta(days=7 * 78)


def _late_course(**upcrs: str | None) -> dict:
    """Baseline UPCR 3 g/g; one visit per keyword (``w26``, ``w52``...) with that UPCR."""
    days = {
        "w26": W26,
        "w51": W52 - timedelta(days=1),
        "w52": W52,
        "w52_plus_1": W52 + timedelta(days=1),
        "w78": W78,
    }
    visits = [
        visit(days[name], upcr=upcr(value), egfr=egfr("80"))
        for name, value in upcrs.items()
        if value is not None
    ]
    data = course()
    data["visits"] = visits
    return data


def test_response_first_reached_after_month_12_is_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w52="2.5", w78="0.3"), at=78)
    assert d.verdict == "complete"
    assert d.detail("late_response") is True
    assert "late-response" in d.flags
    assert d.detail("first_response_on") == W78.isoformat()
    assert d.detail("response_window_end") == W52.isoformat()


def test_partial_response_within_the_window_is_not_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="1.2", w52="1.2", w78="1.2"), at=78)
    assert d.verdict == "partial"
    assert d.detail("late_response") is False
    assert d.detail("first_response_on") == W26.isoformat()
    assert "late-response" not in d.flags


def test_complete_response_after_an_early_partial_one_is_a_late_complete_response() -> None:
    d = classify(_late_course(w26="1.2", w52="1.2", w78="0.3"), at=78)
    assert d.verdict == "complete"
    assert d.detail("late_response") is True
    assert d.detail("first_response_on") == W78.isoformat()


def test_response_exactly_at_week_52_is_not_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w52="0.3", w78="0.3"), at=78)
    assert d.detail("late_response") is False
    assert d.detail("first_response_on") == W52.isoformat()


def test_response_the_day_before_week_52_is_not_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w51="0.3", w78="0.3"), at=78)
    assert d.detail("late_response") is False
    assert d.detail("first_response_on") == (W52 - timedelta(days=1)).isoformat()


def test_response_the_day_after_week_52_is_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w52="2.5", w52_plus_1="0.3", w78="0.3"), at=78)
    assert d.detail("late_response") is True
    assert d.detail("first_response_on") == (W52 + timedelta(days=1)).isoformat()


def test_assessment_at_week_52_is_never_late_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w52="0.3"))
    assert d.verdict == "complete"
    assert d.detail("late_response") is False
    assert d.detail("first_response_on") is None


def test_undecidable_window_leaves_late_response_unknown_under_kdigo_2024() -> None:
    data = _late_course(w52="2.5", w78="0.3")
    data["visits"].append(visit(W26, upcr=upcr("0.3")))  # no eGFR: undecidable at week 26
    data["visits"] = [v for v in data["visits"] if v["date"] != W52.isoformat()]
    data["visits"].append(visit(W52, upcr=upcr("2.5")))  # no eGFR at week 52 either
    d = classify(data, at=78)
    assert d.verdict == "complete"
    assert d.detail("late_response") is None
    assert "late-response" not in d.flags


def test_no_response_has_no_late_response_details_under_kdigo_2024() -> None:
    d = classify(_late_course(w26="2.5", w52="2.5", w78="2.5"), at=78)
    assert d.verdict == "none"
    assert "late_response" not in dict(d.details)


def test_late_response_uses_the_callers_options_under_kdigo_2024() -> None:
    # exactly 50% at week 26 is partial under '>=' only; the week-78 partial is 60%
    data = _late_course(w26="1.5", w52="2.5", w78="1.2")
    assert classify(data, at=78).detail("late_response") is False
    strict = classify(data, at=78, partial_reduction_comparator=">")
    assert strict.verdict == "partial"
    assert strict.detail("late_response") is True


def test_decision_records_options_and_round_trips_under_kdigo_2024() -> None:
    d = classify(course(), stability_band=10)
    assert dict(d.options)["stability_band"] == 10
    assert dict(d.options)["policy"] == "not-evaluable"
    assert Decision.from_json(d.to_json()) == d
    assert d.summary.startswith("kdigo-2024@1.1.0: complete")


def test_all_missing_course_is_not_evaluable_under_kdigo_2024() -> None:
    d = classify_renal_response({"start_date": START.isoformat()}, ID)
    assert d.verdict == "not_evaluable"
    assert set(d.missing_inputs) >= {"assessment.upcr", "baseline.upcr", "assessment.egfr"}


def test_assessment_before_start_is_refused_under_kdigo_2024() -> None:
    from lupus_nephritis.errors import InputError

    with pytest.raises(InputError):
        classify_renal_response(course(), ID, at=date(2023, 1, 1))


# ------------------------------------------------------------------ review additions


def test_creatinine_rise_just_under_15_percent_is_stable_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "1.00 mg/dL"},
        visit_extra={"creatinine": "1.149 mg/dL"},
    )
    d = classify(data, kidney_function_metric="creatinine")
    assert d.criterion("kidney-function").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_creatinine_fall_is_never_penalised_under_kdigo_2024() -> None:
    data = course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": "2.5 mg/dL"},
        visit_extra={"creatinine": "0.8 mg/dL"},
    )
    d = classify(data, kidney_function_metric="creatinine")
    assert d.criterion("kidney-function").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_missing_creatinine_is_not_evaluable_under_kdigo_2024() -> None:
    data = course(base_egfr=None, cur_egfr=None, baseline_extra={"creatinine": "1.0 mg/dL"})
    d = classify(data, kidney_function_metric="creatinine")
    assert d.verdict == "not_evaluable"
    assert "assessment.creatinine" in d.missing_inputs


def test_zero_reference_upcr_is_flagged_under_kdigo_2024() -> None:
    d = classify(course(base_upcr="0", cur_upcr="1"))
    assert d.verdict == "not_evaluable"
    assert d.missing_inputs == ()  # nothing is missing: the flag explains the verdict
    assert "reference-zero" in d.flags


def test_zero_reference_egfr_is_flagged_under_kdigo_2024() -> None:
    d = classify(course(base_egfr="0", cur_egfr="40"))
    assert d.criterion("kidney-function").outcome is Outcome.UNKNOWN
    assert "reference-zero" in d.flags


def test_nonzero_reference_is_not_flagged_under_kdigo_2024() -> None:
    assert "reference-zero" not in classify(course()).flags


def test_month_6_window_first_and_last_day_under_kdigo_2024() -> None:
    for offset, expected in ((-28, "complete"), (-29, "not_evaluable"), (28, "complete")):
        data = course(day=W26 + timedelta(days=offset))
        assert classify(data, time_point="month-6").verdict == expected
    late = course(day=W26 + timedelta(days=29))
    assert classify(late, time_point="month-6").verdict == "not_evaluable"


def test_week_0_is_the_start_date_under_kdigo_2024() -> None:
    d = classify_renal_response(course(day=START + timedelta(days=14)), ID, at=0)
    assert d.assessed_on == START
    assert d.verdict == "complete"  # the visit 14 days later is inside the window


@pytest.mark.parametrize("at", [10**6, 10**12, date.max, date(9999, 1, 1)])
def test_assessment_beyond_the_calendar_is_refused_under_kdigo_2024(at: object) -> None:
    from lupus_nephritis.errors import InputError

    with pytest.raises(InputError):
        classify_renal_response(course(), ID, at=at)  # type: ignore[arg-type]


def test_start_near_the_end_of_the_calendar_is_refused_under_kdigo_2024() -> None:
    from lupus_nephritis.errors import InputError

    with pytest.raises(InputError):
        classify_renal_response({"start_date": "9999-06-01"}, ID)


def test_late_response_reads_every_visit_of_a_day_with_two_upcrs() -> None:
    # two visits on the week-26 date: one UPCR fails the complete cut, the other meets it;
    # the day is not skipped, so the complete response counts as reached within the window
    data = _late_course(w52="2.5", w78="0.3")
    data["visits"] += [
        visit(W26, upcr=upcr("2.5"), egfr=egfr("80")),
        visit(W26, upcr=upcr("0.3"), egfr=egfr("80")),
    ]
    full = classify(data, at=78)
    assert full.verdict == "complete"
    at_26 = classify(data, at=26).verdict
    assert full.detail("late_response") is (at_26 != "complete")


@settings(max_examples=40, deadline=None)
@given(
    upcrs=st.lists(
        st.sampled_from(["0.3", "0.5", "1.2", "1.5", "2.5", "3.5"]), min_size=2, max_size=6
    ),
    at=st.integers(min_value=53, max_value=104),
)
def test_late_response_shortcut_gives_the_full_evaluations_answer(
    upcrs: list[str], at: int
) -> None:
    import lupus_nephritis.criteria.response._kdigo as engine

    data = course()
    data["visits"] = [
        visit(START + timedelta(weeks=13 * (i + 1)), upcr=upcr(u), egfr=egfr("80"))
        for i, u in enumerate(upcrs)
    ]
    shortcut = classify(data, at=at)
    original = engine._ruled_out_by_upcr
    engine._ruled_out_by_upcr = lambda *args: frozenset()  # type: ignore[assignment]
    try:
        full = classify(data, at=at)
    finally:
        engine._ruled_out_by_upcr = original
    assert shortcut == full
