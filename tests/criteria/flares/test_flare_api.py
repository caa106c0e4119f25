"""detect_renal_flares: dispatch, input validation, errors, demo and docs."""

from __future__ import annotations

import pydantic
import pytest

from lupus_nephritis.criteria.flares.api import detect_renal_flares
from lupus_nephritis.criteria.flares.demo import DEMO_COURSE, demo_lines
from lupus_nephritis.errors import OptionError, UnknownRuleSetError
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
