"""The trial demo prints every trial definition's verdict on its embedded course."""

from __future__ import annotations

from lupus_nephritis.criteria.response.trials_demo import TRIAL_DEFINITIONS, demo_lines
from lupus_nephritis.registry import RuleKind, get_rule_set


def test_demo_lists_every_trial_definition_with_its_verdict() -> None:
    lines = demo_lines()
    assert len(lines) == 2 + len(TRIAL_DEFINITIONS)
    text = "\n".join(lines)
    assert "- aurora-1@3.0.0: complete" in text
    assert "- bliss-ln-crr@1.0.0: none (not met: upcr, kidney-function)" in text
    assert "- tulip-ln-crr@1.0.0: none (not met: kidney-function)" in text


def test_demo_definitions_are_registered_response_rule_sets() -> None:
    for definition in TRIAL_DEFINITIONS:
        assert get_rule_set(definition).kind is RuleKind.RESPONSE
