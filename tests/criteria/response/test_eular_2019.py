from __future__ import annotations

from datetime import timedelta

from _response_courses import START, W52, course, egfr, upcr, visit

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome

ID = "eular-2019"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


def p24(value: str | None) -> dict | None:
    return None if value is None else {"value": value, "unit": "g/d"}


def with_24h(base: str | None = "3", cur: str | None = "0.4", **kw: object) -> dict:
    kw.setdefault("base_egfr", "95")
    kw.setdefault("cur_egfr", "95")
    return course(
        baseline_extra={"protein_24h": p24(base)},
        visit_extra={"protein_24h": p24(cur)},
        **kw,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------ complete: < 0.5 g/d


def test_24h_protein_just_below_0_5_is_complete_under_eular_2019() -> None:
    d = classify(with_24h(cur="0.499"))
    assert d.verdict == "complete"
    assert d.criterion("proteinuria-complete").threshold_unit == "g/d"


def test_24h_protein_exactly_0_5_is_not_complete_under_eular_2019() -> None:
    d = classify(with_24h(cur="0.5"))
    assert d.criterion("proteinuria-complete").outcome is Outcome.NOT_MET
    assert d.verdict == "partial"


def test_24h_protein_just_above_0_5_is_partial_under_eular_2019() -> None:
    assert classify(with_24h(cur="0.501")).verdict == "partial"


def test_complete_cut_0_7_boundaries_under_eular_2019() -> None:
    assert classify(with_24h(cur="0.699"), complete_cut="0.7").verdict == "complete"
    assert classify(with_24h(cur="0.7"), complete_cut="0.7").verdict == "partial"
    assert classify(with_24h(cur="0.701"), complete_cut="0.7").verdict == "partial"


def test_upcr_is_used_when_no_24h_protein_and_flagged_under_eular_2019() -> None:
    d = classify(course(cur_upcr="499", unit="mg/g", base_egfr="95", cur_egfr="95"))
    assert d.verdict == "complete"
    assert "upcr-used-for-24h-target" in d.flags
    assert d.criterion("proteinuria-complete").threshold_unit == "mg/g"
    assert classify(course(cur_upcr="0.5", base_egfr="95", cur_egfr="95")).verdict == "partial"
    d7 = classify(course(cur_upcr="0.699", base_egfr="95", cur_egfr="95"), complete_cut="0.7")
    assert d7.verdict == "complete"


def test_24h_only_measure_refuses_upcr_under_eular_2019() -> None:
    d = classify(course(base_egfr="95", cur_egfr="95"), proteinuria_measure="protein_24h")
    assert d.verdict == "not_evaluable"
    assert "assessment.protein_24h" in d.missing_inputs


def test_upcr_measure_ignores_24h_protein_under_eular_2019() -> None:
    d = classify(with_24h(cur="0.6"), proteinuria_measure="upcr")  # UPCR 0.4 g/g
    assert d.verdict == "complete"
    assert "upcr-used-for-24h-target" not in d.flags


def test_missing_proteinuria_is_not_evaluable_under_eular_2019() -> None:
    d = classify(course(cur_upcr=None, base_egfr="95", cur_egfr="95"))
    assert d.verdict == "not_evaluable"
    assert {"assessment.upcr", "assessment.protein_24h"} <= set(d.missing_inputs)


# ------------------------------------------------------------------ (near-)normal GFR


def test_near_normal_gfr_boundaries_under_eular_2019() -> None:
    assert classify(with_24h(cur_egfr="81")).verdict == "complete"
    assert classify(with_24h(cur_egfr="80.9")).verdict == "none"
    assert classify(with_24h(cur_egfr="81.1")).verdict == "complete"
    assert classify(with_24h(cur_egfr=None)).verdict == "not_evaluable"


def test_gfr_exactly_90_is_normal_under_eular_2019() -> None:
    # the verdict cannot tell (90 is also near-normal), so the trace pins the comparator
    at_90 = classify(with_24h(cur_egfr="90"))
    assert at_90.verdict == "complete"
    assert at_90.criterion("gfr-normal").outcome is Outcome.MET
    below = classify(with_24h(cur_egfr="89.9"))
    assert below.verdict == "complete"
    assert below.criterion("gfr-normal").outcome is Outcome.NOT_MET


def test_stable_vs_reference_rule_under_eular_2019() -> None:
    rule = {"renal_function_rule": "stable-vs-reference"}
    assert classify(with_24h(base_egfr="50", cur_egfr="45"), **rule).verdict == "complete"
    assert classify(with_24h(base_egfr="50", cur_egfr="44.9"), **rule).verdict == "none"


# ------------------------------------------------------------------ partial


def test_reduction_boundaries_under_eular_2019() -> None:
    assert classify(with_24h(base="2", cur="1")).verdict == "partial"
    assert classify(with_24h(base="2", cur="1.002")).verdict == "none"
    assert classify(with_24h(base="2", cur="0.998")).verdict == "partial"


def test_reduction_compares_the_same_measure_under_eular_2019() -> None:
    # 24-hour protein at follow-up only: the reduction falls back to the UPCR pair
    data = with_24h(base=None, cur="0.6")
    d = classify(data)
    reduction = d.criterion("proteinuria-reduction")
    assert [e.field for e in reduction.evidence] == ["upcr", "upcr"]
    assert d.verdict == "partial"


def test_require_subnephrotic_option_under_eular_2019() -> None:
    # a nephrotic baseline: assessed explicitly at week 52
    data = with_24h(base="10", cur="3.5")
    assert classify_renal_response(data, ID, at=52).verdict == "partial"
    strict = classify_renal_response(data, ID, at=52, require_subnephrotic=True)
    assert strict.verdict == "none"
    assert strict.criterion("proteinuria-subnephrotic").outcome is Outcome.NOT_MET
    inside = with_24h(base="10", cur="3.499")
    assert classify_renal_response(inside, ID, at=52, require_subnephrotic=True).verdict == (
        "partial"
    )


# ------------------------------------------------------------------ deadline and milestones


def test_non_nephrotic_baseline_is_assessed_at_12_months_under_eular_2019() -> None:
    d = classify(with_24h(base="3.499"))
    assert d.assessed_on == W52
    assert d.detail("nephrotic_baseline") == "not_met"


def test_nephrotic_baseline_moves_the_deadline_to_24_months_under_eular_2019() -> None:
    w104 = START + timedelta(days=728)
    d = classify(with_24h(base="3.5", day=w104))
    assert d.detail("nephrotic_baseline") == "met"
    assert d.assessed_on == w104
    assert d.verdict == "complete"
    d18 = classify(with_24h(base="3.5"), nephrotic_deadline="month-18")
    assert d18.assessed_on == START + timedelta(days=546)
    assert classify(with_24h(base="3.5"), nephrotic_deadline="month-12").assessed_on == W52


def test_unknown_nephrotic_status_uses_12_months_and_is_flagged_under_eular_2019() -> None:
    d = classify(with_24h(base=None, base_upcr=None))
    assert d.assessed_on == W52
    assert "nephrotic-baseline-unknown" in d.flags


def test_explicit_at_keeps_the_deadline_in_details_under_eular_2019() -> None:
    d = classify_renal_response(with_24h(base="4"), ID, at=52)
    assert d.assessed_on == W52
    assert d.detail("complete_response_deadline") == "2025-12-29"


def test_milestones_are_informative_criteria_under_eular_2019() -> None:
    m3 = visit(START + timedelta(days=91), upcr=upcr("2.3"), egfr=egfr("95"))  # 23% < 25%
    m6 = visit(START + timedelta(days=182), upcr=upcr("1.4"), egfr=egfr("95"))  # 53%
    d = classify(course(visits=[m3, m6], base_egfr="95", cur_egfr="95"))
    assert d.verdict == "complete"  # a missed milestone never changes the category
    assert d.criterion("milestone-month-3").outcome is Outcome.NOT_MET
    assert d.criterion("milestone-month-6").outcome is Outcome.MET
    assert d.criterion("milestone-month-12").outcome is Outcome.MET
    assert d.detail("milestone_month_3") == "not_met"


def test_milestone_exactly_25_percent_is_met_under_eular_2019() -> None:
    m3 = visit(START + timedelta(days=91), upcr=upcr("2.25"))
    d = classify(course(visits=[m3], base_egfr="95", cur_egfr="95"))
    assert d.criterion("milestone-month-3").outcome is Outcome.MET
    assert d.criterion("milestone-month-6").outcome is Outcome.UNKNOWN
    assert d.missing_inputs == ()  # milestone data never count as missing inputs


def test_milestones_not_yet_due_are_left_out_under_eular_2019() -> None:
    from _response_courses import W26

    d = classify_renal_response(course(day=W26, base_egfr="95", cur_egfr="95"), ID, at=26)
    assert d.detail("milestone_month_12") == "not due"
    assert d.detail("milestone_month_6") == "met"
    ids = [c.id for c in d.criteria]
    assert "milestone-month-12" not in ids and "milestone-month-3" in ids


# ------------------------------------------------------------------ review additions

W104 = START + timedelta(days=728)


def test_upcr_just_above_500_mg_per_g_is_not_complete_under_eular_2019() -> None:
    d = classify(course(cur_upcr="500.1", unit="mg/g", base_egfr="95", cur_egfr="95"))
    assert d.criterion("proteinuria-complete").outcome is Outcome.NOT_MET
    assert d.verdict == "partial"


def test_upcr_700_mg_per_g_boundaries_with_cut_0_7_under_eular_2019() -> None:
    kw = {"unit": "mg/g", "base_egfr": "95", "cur_egfr": "95"}
    d = classify(course(cur_upcr="700", **kw), complete_cut="0.7")  # type: ignore[arg-type]
    assert d.criterion("proteinuria-complete").outcome is Outcome.NOT_MET
    assert d.criterion("proteinuria-complete").threshold == 700
    assert classify(course(cur_upcr="700.1", **kw), complete_cut="0.7").verdict == "partial"  # type: ignore[arg-type]
    assert classify(course(cur_upcr="699.9", **kw), complete_cut="0.7").verdict == "complete"  # type: ignore[arg-type]


def test_subnephrotic_upcr_boundaries_under_eular_2019() -> None:
    def data(cur: str) -> dict:
        return course(base_upcr="10", cur_upcr=cur, base_egfr="95", cur_egfr="95")

    strict = {"require_subnephrotic": True}
    d = classify_renal_response(data("3.5"), ID, at=52, **strict)
    assert d.criterion("proteinuria-subnephrotic").threshold_unit == "g/g"
    assert d.criterion("proteinuria-subnephrotic").outcome is Outcome.NOT_MET
    assert d.verdict == "none"
    assert classify_renal_response(data("3.499"), ID, at=52, **strict).verdict == "partial"
    assert classify_renal_response(data("3.501"), ID, at=52, **strict).verdict == "none"


def test_milestone_month_3_just_below_25_percent_is_not_met_under_eular_2019() -> None:
    m3 = visit(START + timedelta(days=91), upcr=upcr("2.251"))  # 24.97% below 3
    d = classify(course(visits=[m3], base_egfr="95", cur_egfr="95"))
    assert d.criterion("milestone-month-3").outcome is Outcome.NOT_MET
    assert d.verdict == "complete"


def test_milestone_month_6_boundaries_under_eular_2019() -> None:
    def at_month_6(value: str) -> Outcome:
        m6 = visit(START + timedelta(days=182), upcr=upcr(value))
        d = classify(course(visits=[m6], base_egfr="95", cur_egfr="95"))
        return d.criterion("milestone-month-6").outcome

    assert at_month_6("1.5") is Outcome.MET  # exactly 50%
    assert at_month_6("1.499") is Outcome.MET
    assert at_month_6("1.501") is Outcome.NOT_MET


def test_milestone_window_first_and_last_day_under_eular_2019() -> None:
    def outcome(offset: int) -> Outcome:
        m3 = visit(START + timedelta(days=91 + offset), upcr=upcr("1"))
        d = classify(course(visits=[m3], base_egfr="95", cur_egfr="95"))
        return d.criterion("milestone-month-3").outcome

    assert outcome(-28) is Outcome.MET
    assert outcome(28) is Outcome.MET
    assert outcome(-29) is Outcome.UNKNOWN
    assert outcome(29) is Outcome.UNKNOWN


def test_nephrotic_upcr_only_baseline_boundaries_under_eular_2019() -> None:
    # no 24-hour protein at baseline: the UPCR decides the nephrotic status
    at = course(base_upcr="3.5", base_egfr="95", cur_egfr="95", day=W104)
    d = classify(at)
    assert d.detail("nephrotic_baseline") == "met"
    assert d.assessed_on == W104
    below = classify(course(base_upcr="3.499", base_egfr="95", cur_egfr="95"))
    assert below.detail("nephrotic_baseline") == "not_met"
    assert below.assessed_on == W52
    assert "nephrotic-baseline-unknown" not in below.flags


def test_nephrotic_24h_only_baseline_is_decided_under_eular_2019() -> None:
    # no baseline UPCR: the 24-hour protein decides (it was "unknown" before the review)
    d = classify(with_24h(base="2", base_upcr=None))
    assert d.detail("nephrotic_baseline") == "not_met"
    assert "nephrotic-baseline-unknown" not in d.flags
    d = classify(with_24h(base="3.5", base_upcr=None, day=W104))
    assert d.detail("nephrotic_baseline") == "met"
    assert d.assessed_on == W104


def test_nephrotic_status_follows_the_proteinuria_measure_under_eular_2019() -> None:
    # 24-hour protein 4 g/d (nephrotic), UPCR 3 g/g (not): each measure decides alone
    data = with_24h(base="4", base_upcr="3")
    assert classify(data).detail("nephrotic_baseline") == "met"
    assert classify(data, proteinuria_measure="protein_24h").detail("nephrotic_baseline") == ("met")
    by_upcr = classify(data, proteinuria_measure="upcr")
    assert by_upcr.detail("nephrotic_baseline") == "not_met"
    assert by_upcr.assessed_on == W52


def test_stable_vs_reference_just_inside_and_improvement_under_eular_2019() -> None:
    rule = {"renal_function_rule": "stable-vs-reference"}
    assert classify(with_24h(base_egfr="50", cur_egfr="45.1"), **rule).verdict == "complete"
    assert classify(with_24h(base_egfr="50", cur_egfr="110"), **rule).verdict == "complete"
    d = classify(with_24h(base_egfr=None), **rule)
    assert d.verdict == "not_evaluable"
    assert "baseline.egfr" in d.missing_inputs


def test_zero_reference_proteinuria_is_flagged_under_eular_2019() -> None:
    d = classify(with_24h(base="0", base_upcr="0", cur="1"))
    assert d.verdict == "not_evaluable"
    assert "reference-zero" in d.flags


def test_24h_protein_in_mg_per_day_equals_g_per_day_under_eular_2019() -> None:
    data = course(
        base_egfr="95",
        cur_egfr="95",
        baseline_extra={"protein_24h": {"value": "3000", "unit": "mg/d"}},
        visit_extra={"protein_24h": {"value": "499", "unit": "mg/d"}},
    )
    assert classify(data).verdict == "complete"
    data["visits"][0]["protein_24h"] = {"value": "500", "unit": "mg/d"}
    assert classify(data).verdict == "partial"


def test_window_first_and_last_day_under_eular_2019() -> None:
    for offset, expected in ((-28, "complete"), (28, "complete"), (-29, "not_evaluable")):
        assert classify(with_24h(day=W52 + timedelta(days=offset))).verdict == expected
    assert classify(with_24h(day=W52 + timedelta(days=29))).verdict == "not_evaluable"


def test_missing_milestone_visit_is_explained_by_the_missing_current_value() -> None:
    d = classify(course(base_egfr="95", cur_egfr="95"))  # no visit near week 13
    m3 = d.criterion("milestone-month-3")
    assert m3.outcome is Outcome.UNKNOWN
    assert m3.note is not None and "no visit from 2024-03-04 to 2024-04-29 with upcr" in m3.note
    assert [e.visit_id for e in m3.evidence] == ["base"]
