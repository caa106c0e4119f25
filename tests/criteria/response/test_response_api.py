from __future__ import annotations

from datetime import date

import pytest
from _response_courses import GUIDELINES, W26, W52, course, egfr, upcr, visit
from pydantic import ValidationError

from lupus_nephritis.criteria.response.api import (
    ResponseComparison,
    classify_renal_response,
    compare_renal_response,
    explain_decision,
    response_rule_sets,
)
from lupus_nephritis.criteria.response.demo import demo_lines
from lupus_nephritis.criteria.response.examples import EXAMPLE_COURSE, example_course
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import RuleKind, list_rule_sets


def test_classify_defaults_to_kdigo_2024() -> None:
    d = classify_renal_response(course())
    assert d.rule_set_id == "kdigo-2024"
    assert d.kind == "response"


def test_classify_accepts_model_or_dict_with_equal_results() -> None:
    data = course()
    assert classify_renal_response(TreatmentCourse.model_validate(data)) == (
        classify_renal_response(data)
    )


def test_classify_accepts_id_at_version() -> None:
    assert classify_renal_response(course(), "kdigo-2024@1.0.0").rule_set == "kdigo-2024@1.0.0"


def test_classify_refuses_unknown_definition_and_bad_course() -> None:
    with pytest.raises(UnknownRuleSetError):
        classify_renal_response(course(), "kdigo-2099")
    with pytest.raises(ValidationError):
        classify_renal_response({"start_date": "2024-01-01", "visits": [{"upcr": 1}]})


def test_classify_refuses_a_rule_set_of_another_kind() -> None:
    others = [r for r in list_rule_sets() if r.kind is not RuleKind.RESPONSE]
    if not others:  # nothing else registered: use the kind check directly
        from lupus_nephritis.registry import get_rule_set_of_kind

        with pytest.raises(UnknownRuleSetError):
            get_rule_set_of_kind("kdigo-2024", RuleKind.BIOPSY)
        return
    with pytest.raises(UnknownRuleSetError):
        classify_renal_response(course(), others[0].id)


def test_response_rule_sets_include_every_guideline_definition() -> None:
    ids = {r.id for r in response_rule_sets()}
    assert set(GUIDELINES) <= ids
    assert all(r.kind is RuleKind.RESPONSE for r in response_rule_sets())


def test_compare_all_registered_definitions_by_default() -> None:
    decisions = compare_renal_response(course())
    assert [d.rule_set_id for d in decisions] == [r.id for r in response_rule_sets()]


def test_compare_in_the_order_given() -> None:
    decisions = compare_renal_response(course(), ["eular-2012", "kdigo-2024"])
    assert [d.rule_set_id for d in decisions] == ["eular-2012", "kdigo-2024"]


def test_compare_passes_per_definition_options() -> None:
    data = course(base_egfr="100", cur_egfr="88")  # 12% decline
    a, b = compare_renal_response(
        data, ["kdigo-2024", "kdigo-2021"], options={"kdigo-2024": {"stability_band": 10}}
    )
    assert a.verdict == "none" and dict(a.options)["stability_band"] == 10
    assert b.verdict == "complete" and dict(b.options)["stability_band"] == 15


def test_compare_passes_shared_options_to_those_that_declare_them() -> None:
    data = course(cur_upcr=None)
    decisions = compare_renal_response(
        data, ["kdigo-2024", "eular-2012", "seed-review-2024"], policy="non-responder"
    )
    assert {d.verdict for d in decisions} == {"none"}
    assert {d.policy for d in decisions} == {"non-responder"}
    kd, eu = compare_renal_response(
        course(), ["kdigo-2024", "eular-2012"], spot_upcr="reject"
    )  # declared by KDIGO only
    assert dict(kd.options)["spot_upcr"] == "reject"
    assert "spot_upcr" not in dict(eu.options)


def test_compare_per_definition_options_win_over_shared() -> None:
    (d,) = compare_renal_response(
        course(),
        ["kdigo-2024"],
        policy="non-responder",
        options={"kdigo-2024": {"policy": "not-evaluable"}},
    )
    assert d.policy == "not-evaluable"


def test_compare_refuses_stray_options() -> None:
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], options={"eular-2012": {}})
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], complete_cut="0.7")
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], options={"kdigo-2024": {"nope": 1}})


def test_compare_at_for_all_or_per_definition() -> None:
    data = course(day=W26)
    same = compare_renal_response(data, ["kdigo-2024", "eular-2012"], at=26)
    assert {d.assessed_on for d in same} == {W26}
    mixed = compare_renal_response(data, ["kdigo-2024", "eular-2012"], at={"kdigo-2024": 26})
    assert [d.assessed_on for d in mixed] == [W26, W52]


def test_response_comparison_table() -> None:
    comparison = ResponseComparison(
        compare_renal_response(example_course(), ["kdigo-2024", "eular-2012"])
    )
    assert comparison.verdicts == {"kdigo-2024@1.1.0": "complete", "eular-2012@1.0.0": "partial"}
    assert not comparison.agree
    lines = comparison.lines()
    assert lines[0].startswith("rule set")
    assert "kdigo-2024@1.1.0" in lines[1] and "complete" in lines[1]
    assert comparison.rows()[1]["verdict"] == "partial"
    assert ResponseComparison(()).agree


def test_explain_decision_lists_the_criterion_tree() -> None:
    d = classify_renal_response(course(cur_upcr=None, specimen="spot"), policy="non-responder")
    lines = explain_decision(d)
    assert lines[0] == "kdigo-2024@1.1.0: none (assessed on 2024-12-30)"
    assert any(line.startswith("    - UPCR below 0.5 g/g") for line in lines)
    assert "  missing: assessment.upcr" in lines
    assert "  policy: non-responder" in lines


def test_example_course_is_valid_and_copied() -> None:
    data = example_course()
    TreatmentCourse.model_validate(data)
    data["visits"].clear()
    assert EXAMPLE_COURSE["visits"]


def test_example_course_separates_kdigo_2024_and_eular_2012() -> None:
    data = example_course()
    assert classify_renal_response(data, "kdigo-2024").verdict == "complete"
    assert classify_renal_response(data, "eular-2012").verdict == "partial"


def test_demo_lines_show_the_comparison_and_policies() -> None:
    lines = demo_lines()
    text = "\n".join(lines)
    assert all(isinstance(line, str) for line in lines)
    assert "kdigo-2024@1.1.0            complete" in text
    assert "eular-2012@1.0.0            partial" in text
    assert "policy=non-responder: none" in text
    assert "spot-upcr-used" in text


def test_classify_at_a_date() -> None:
    d = classify_renal_response(course(day=date(2024, 9, 1)), at=date(2024, 9, 1))
    assert d.assessed_on == date(2024, 9, 1) and d.verdict == "complete"


# ------------------------------------------------------------------ review additions: hostile input


@pytest.mark.parametrize("definition", GUIDELINES)
@pytest.mark.parametrize(
    "at",
    [-1, 52.0, "2024-12-30", True, 10**6, 10**12, date.max, date(2023, 12, 31)],
    ids=repr,
)
def test_bad_assessment_points_raise_input_error(definition: str, at: object) -> None:
    with pytest.raises(InputError):
        classify_renal_response(course(), definition, at=at)  # type: ignore[arg-type]


@pytest.mark.parametrize("definition", GUIDELINES)
@pytest.mark.parametrize(
    "upcr_value",
    [
        "0.4 mg/dl",
        "80 mL/min/{1.73_m2}",
        "400 g/g",
        "-1 g/g",
        "0.4",
        {"value": "nan", "unit": "g/g"},
    ],
    ids=repr,
)
def test_bad_measures_raise_validation_error(definition: str, upcr_value: object) -> None:
    data = course()
    data["visits"][0]["upcr"] = upcr_value
    with pytest.raises(ValidationError):
        classify_renal_response(data, definition)


@pytest.mark.parametrize("definition", GUIDELINES)
def test_bare_number_measure_and_unknown_field_raise_validation_error(definition: str) -> None:
    data = course()
    data["visits"][0]["egfr"] = 80
    with pytest.raises(ValidationError):
        classify_renal_response(data, definition)
    with pytest.raises(ValidationError):
        classify_renal_response({**course(), "upcr": "1 g/g"}, definition)


@pytest.mark.parametrize("definition", GUIDELINES)
def test_empty_and_non_course_inputs(definition: str) -> None:
    with pytest.raises(ValidationError):
        classify_renal_response({}, definition)
    for bad in (None, "course", [course()]):
        with pytest.raises(InputError):
            classify_renal_response(bad, definition)  # type: ignore[arg-type]
    empty = classify_renal_response({"start_date": "2024-01-01", "visits": []}, definition)
    assert empty.verdict == "not_evaluable"


@pytest.mark.parametrize("definition", GUIDELINES)
def test_unknown_option_names_and_values_raise_option_error(definition: str) -> None:
    for options in ({"nope": 1}, {"policy": None}, {"policy": ["x"]}, {"reference": "pre-flare"}):
        with pytest.raises(OptionError):
            classify_renal_response(course(), definition, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("definition", GUIDELINES)
def test_visit_before_start_is_not_used_at_week_52(definition: str) -> None:
    data = course(cur_upcr=None, cur_egfr=None)
    data["visits"].append(visit(date(2023, 6, 1), upcr=upcr("0.1"), egfr=egfr("95")))
    assert classify_renal_response(data, definition, at=52).verdict == "not_evaluable"


@pytest.mark.parametrize("definition", [5, None, b"kdigo-2024", ["kdigo-2024"]], ids=repr)
def test_non_string_definition_raises_input_error(definition: object) -> None:
    with pytest.raises(InputError):
        classify_renal_response(course(), definition)  # type: ignore[arg-type]


def test_unknown_definition_ids_raise_unknown_rule_set_error() -> None:
    for name in ("", "kdigo-2024@9.9.9", "kdigo-2024@@", "KDIGO-2024"):
        with pytest.raises(UnknownRuleSetError):
            classify_renal_response(course(), name)


def test_compare_accepts_a_single_id_string() -> None:
    (d,) = compare_renal_response(course(), "eular-2012")
    assert d.rule_set_id == "eular-2012"


def test_compare_refuses_malformed_definitions_and_options() -> None:
    with pytest.raises(InputError):
        compare_renal_response(course(), 5)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        compare_renal_response(course(), [None])  # type: ignore[list-item]
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], options={"kdigo-2024": 5})  # type: ignore[dict-item]
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], options="kdigo-2024")  # type: ignore[arg-type]
    with pytest.raises(OptionError):
        compare_renal_response(course(), ["kdigo-2024"], options=[("kdigo-2024", {})])  # type: ignore[arg-type]


def test_compare_refuses_at_for_a_definition_not_compared() -> None:
    with pytest.raises(InputError):
        compare_renal_response(course(), ["kdigo-2024"], at={"kdigo-2025": 26})
    with pytest.raises(InputError):
        compare_renal_response(course(), None, at=10**9)


def test_compare_with_no_definitions_is_empty() -> None:
    assert compare_renal_response(course(), []) == ()
    assert ResponseComparison(compare_renal_response(course(), [])).agree


def test_verdicts_print_as_plain_text() -> None:
    d = classify_renal_response(course())
    assert f"{d.verdict}" == "complete"
    assert explain_decision(d)[0].startswith("kdigo-2024@1.1.0: complete")


def test_compare_accepts_any_iterable_of_ids_in_order() -> None:
    ids = (name for name in ("eular-2012", "kdigo-2024"))
    assert [d.rule_set_id for d in compare_renal_response(course(), ids)] == [
        "eular-2012",
        "kdigo-2024",
    ]
    with pytest.raises(InputError):
        compare_renal_response(course(), b"kdigo-2024")  # type: ignore[arg-type]


def test_policy_ignores_events_before_the_treatment_start_under_kdigo_2024() -> None:
    from lupus_nephritis import classify_renal_response

    course = {
        "start_date": "2024-01-08",
        "baseline": {"date": "2024-01-08", "upcr": "3.2 g/g", "egfr": "78 mL/min/{1.73_m2}"},
        "visits": [{"date": "2025-01-06", "upcr": "0.4 g/g", "egfr": "80 mL/min/{1.73_m2}"}],
        "events": [{"type": "treatment_failure", "date": "2023-11-01"}],
    }
    decision = classify_renal_response(course, "kdigo-2024", policy="non-responder")
    assert decision.verdict == "complete"
    later = {**course, "events": [{"type": "treatment_failure", "date": "2024-06-01"}]}
    assert classify_renal_response(later, "kdigo-2024", policy="non-responder").verdict == "none"
