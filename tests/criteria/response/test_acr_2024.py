from __future__ import annotations

from _response_courses import W26, course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import get_rule_set

ID = "acr-2024-provisional"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


def test_every_decision_is_flagged_provisional_under_acr_2024_provisional() -> None:
    for data in (course(), course(cur_upcr="2"), course(cur_upcr=None)):
        assert "provisional-definition" in classify(data).flags


def test_rule_set_is_labelled_provisional() -> None:
    rule_set = get_rule_set(ID)
    assert "PROVISIONAL" in rule_set.title
    assert any("Low confidence" in note for note in rule_set.notes)


def test_upcr_just_below_500_mg_per_g_is_complete_under_acr_2024_provisional() -> None:
    assert classify(course(cur_upcr="499.9", unit="mg/g")).verdict == "complete"


def test_upcr_exactly_500_mg_per_g_is_not_complete_under_acr_2024_provisional() -> None:
    d = classify(course(cur_upcr="0.5"))
    assert d.criterion("proteinuria-complete").outcome is Outcome.NOT_MET
    assert d.verdict == "none"
    assert "partial-response-not-defined" in d.flags


def test_upcr_just_above_500_mg_per_g_is_none_under_acr_2024_provisional() -> None:
    assert classify(course(cur_upcr="500.1", unit="mg/g")).verdict == "none"


def test_upcr_missing_is_not_evaluable_under_acr_2024_provisional() -> None:
    assert classify(course(cur_upcr=None)).verdict == "not_evaluable"


def test_24h_protein_reading_boundaries_under_acr_2024_provisional() -> None:
    def with_24h(value: str | None) -> dict:
        extra = {} if value is None else {"protein_24h": {"value": value, "unit": "mg/d"}}
        return course(cur_upcr="2", visit_extra=extra)

    opt = {"proteinuria_unit": "mg/d"}
    assert classify(with_24h("499"), **opt).verdict == "complete"
    assert classify(with_24h("500"), **opt).verdict == "none"
    assert classify(with_24h("501"), **opt).verdict == "none"
    d = classify(with_24h(None), **opt)
    assert d.verdict == "not_evaluable"
    assert "assessment.protein_24h" in d.missing_inputs


def test_kidney_band_20_boundaries_under_acr_2024_provisional() -> None:
    assert classify(course(base_egfr="100", cur_egfr="80")).verdict == "complete"
    assert classify(course(base_egfr="100", cur_egfr="79.9")).verdict == "none"
    assert classify(course(base_egfr="100", cur_egfr="80.1")).verdict == "complete"
    assert classify(course(base_egfr=None)).verdict == "not_evaluable"


def test_month_6_reading_under_acr_2024_provisional() -> None:
    d = classify(course(day=W26), time_point="month-6")
    assert d.assessed_on == W26 and d.verdict == "complete"


# ------------------------------------------------------------------ review additions


def _creatinine(base: str, cur: str) -> dict:
    return course(
        base_egfr=None,
        cur_egfr=None,
        baseline_extra={"creatinine": f"{base} mg/dL"},
        visit_extra={"creatinine": f"{cur} mg/dL"},
    )


def test_creatinine_rise_20_percent_boundaries_under_acr_2024_provisional() -> None:
    opt = {"kidney_function_metric": "creatinine"}
    assert classify(_creatinine("1.00", "1.20"), **opt).verdict == "complete"
    assert classify(_creatinine("1.00", "1.199"), **opt).verdict == "complete"
    d = classify(_creatinine("1.00", "1.201"), **opt)
    assert d.criterion("kidney-function").outcome is Outcome.NOT_MET
    assert d.verdict == "none"
    assert classify(_creatinine("2.00", "0.9"), **opt).verdict == "complete"  # improvement


def test_missing_current_egfr_is_not_evaluable_under_acr_2024_provisional() -> None:
    d = classify(course(cur_egfr=None))
    assert d.verdict == "not_evaluable"
    assert "assessment.egfr" in d.missing_inputs
    assert "partial-response-not-defined" not in d.flags


def test_upcr_failing_decides_none_despite_missing_egfr_under_acr_2024_provisional() -> None:
    d = classify(course(cur_upcr="0.8", cur_egfr=None))
    assert d.verdict == "none"
    assert "assessment.egfr" in d.missing_inputs


def test_upcr_is_not_used_for_the_mg_per_day_reading_under_acr_2024_provisional() -> None:
    d = classify(course(cur_upcr="0.1"), proteinuria_unit="mg/d")
    assert d.verdict == "not_evaluable"
    assert "assessment.protein_24h" in d.missing_inputs


def test_notes_record_both_transcriptions_of_the_band_under_acr_2024_provisional() -> None:
    notes = " ".join(get_rule_set(ID).notes)
    assert "+/-20%" in notes and "'(+20% from baseline)'" in notes


def test_window_first_and_last_day_under_acr_2024_provisional() -> None:
    from datetime import timedelta

    from _response_courses import W52

    for offset, expected in ((-28, "complete"), (28, "complete"), (-29, "not_evaluable")):
        assert classify(course(day=W52 + timedelta(days=offset))).verdict == expected
