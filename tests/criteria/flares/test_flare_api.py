"""detect_renal_flares: dispatch, input validation, errors, demo and docs."""

from __future__ import annotations

from datetime import date, datetime

import pydantic
import pytest

from lupus_nephritis.criteria.flares.api import detect_renal_flares
from lupus_nephritis.criteria.flares.demo import DEMO_COURSE, demo_lines
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import RuleKind, get_rule_set


def test_default_definition_is_kdigo_2012_relapse() -> None:
    assert detect_renal_flares(DEMO_COURSE).rule_set_id == "kdigo-2012-relapse"


def test_model_and_mapping_give_the_same_decision() -> None:
    model = TreatmentCourse.model_validate(DEMO_COURSE)
    assert detect_renal_flares(model) == detect_renal_flares(DEMO_COURSE)


def test_reference_keyword_is_passed_to_the_rule_set() -> None:
    decision = detect_renal_flares(DEMO_COURSE, reference="baseline")
    assert dict(decision.options)["reference"] == "baseline"
    assert decision.verdict == "none"
    assert detect_renal_flares(DEMO_COURSE).verdict == "moderate"


def test_versioned_definition_is_accepted() -> None:
    decision = detect_renal_flares(DEMO_COURSE, "aurora-2-flare@1.0.0")
    assert decision.verdict == "flare"


def test_unknown_definition_raises() -> None:
    with pytest.raises(UnknownRuleSetError):
        detect_renal_flares(DEMO_COURSE, "no-such-flare")


def test_bad_reference_raises_option_error() -> None:
    with pytest.raises(OptionError):
        detect_renal_flares(DEMO_COURSE, "aurora-2-flare", reference="nadir")


def test_invalid_course_mapping_raises_validation_error() -> None:
    with pytest.raises(pydantic.ValidationError):
        detect_renal_flares({"start_date": "2024-01-01", "visits": [{"date": "x"}]})


def test_bad_at_raises_input_error() -> None:
    from lupus_nephritis.errors import InputError

    with pytest.raises(InputError):
        detect_renal_flares(DEMO_COURSE, at="week 3")  # type: ignore[arg-type]


def test_both_flare_rule_sets_are_registered_as_flare_kind() -> None:
    for rule_set_id in ("kdigo-2012-relapse", "aurora-2-flare"):
        assert get_rule_set(rule_set_id).kind is RuleKind.FLARE


def test_demo_lines_show_both_definitions() -> None:
    lines = demo_lines()
    text = "\n".join(lines)
    assert "kdigo-2012-relapse@1.0.0 (reference: nadir): moderate" in text
    assert "aurora-2-flare@1.0.0 (reference: post-response-nadir): flare" in text


# ------------------------------------------------------------------- hostile inputs

FLARE_IDS = ("kdigo-2012-relapse", "aurora-2-flare")


@pytest.mark.parametrize("definition", FLARE_IDS)
@pytest.mark.parametrize(
    "at",
    [-1, 10**6, 10**12, True, "52", 52.0, date(2023, 12, 31), date.min],
    ids=repr,
)
def test_bad_at_raises_input_error_under_every_flare_definition(
    definition: str, at: object
) -> None:
    with pytest.raises(InputError):
        detect_renal_flares(DEMO_COURSE, definition, at=at)  # type: ignore[arg-type]


@pytest.mark.parametrize("definition", FLARE_IDS)
def test_at_as_datetime_is_read_as_its_date(definition: str) -> None:
    on_date = detect_renal_flares(DEMO_COURSE, definition, at=date(2025, 7, 7))
    on_datetime = detect_renal_flares(DEMO_COURSE, definition, at=datetime(2025, 7, 7, 23, 59))
    assert on_datetime == on_date


@pytest.mark.parametrize("definition", FLARE_IDS)
def test_at_on_the_course_start_and_week_0_are_accepted(definition: str) -> None:
    start = date.fromisoformat(DEMO_COURSE["start_date"])
    assert detect_renal_flares(DEMO_COURSE, definition, at=start).verdict == "not_evaluable"
    assert detect_renal_flares(DEMO_COURSE, definition, at=0).verdict == "not_evaluable"


@pytest.mark.parametrize("definition", FLARE_IDS)
@pytest.mark.parametrize(
    "upcr",
    [
        {"value": "300", "unit": "mg/dL"},
        {"value": "300"},
        "300",
        300,
        {"value": "-1", "unit": "mg/g"},
        {"value": "nan", "unit": "mg/g"},
        {"value": "300", "unit": "mg/g", "extra": 1},
    ],
    ids=repr,
)
def test_bad_units_and_values_in_dicts_raise_validation_errors(
    definition: str, upcr: object
) -> None:
    bad = {"start_date": "2024-01-01", "visits": [{"date": "2024-04-01", "upcr": upcr}]}
    with pytest.raises(pydantic.ValidationError):
        detect_renal_flares(bad, definition)


@pytest.mark.parametrize("definition", FLARE_IDS)
def test_course_without_visits_is_not_evaluable(definition: str) -> None:
    decision = detect_renal_flares({"start_date": "2024-01-01", "visits": []}, definition)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs


@pytest.mark.parametrize("definition", FLARE_IDS)
@pytest.mark.parametrize(
    "options",
    [{"nadir": True}, {"missing_data": "lenient"}, {"reference": 5}, {"course_summary": None}],
    ids=repr,
)
def test_unknown_option_names_and_values_raise_option_error(
    definition: str, options: dict[str, object]
) -> None:
    with pytest.raises(OptionError):
        detect_renal_flares(DEMO_COURSE, definition, **options)


@pytest.mark.parametrize("course", [None, [1, 2], "course", 5], ids=repr)
def test_a_course_that_is_not_a_mapping_raises_input_error(course: object) -> None:
    with pytest.raises(InputError):
        detect_renal_flares(course)  # type: ignore[arg-type]
