"""Contract every registered rule set must honour (like holidays' common country tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from lupus_nephritis.docgen import render_rule_set
from lupus_nephritis.registry import RuleSet, list_rule_sets
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.thresholds import Threshold

TESTS = Path(__file__).parent
RULE_SETS = list_rule_sets(all_versions=True)


def _test_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in TESTS.rglob("test_*.py")
        if p.name != "test_rule_set_contract.py"
    )


TEST_TEXT = _test_text()


def _thresholds(value: object) -> list[Threshold]:
    found: list[Threshold] = []
    if isinstance(value, Threshold):
        found.append(value)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            found.extend(_thresholds(getattr(value, field.name)))
    elif isinstance(value, (tuple, list)):
        for item in value:
            found.extend(_thresholds(item))
    elif isinstance(value, dict):
        for item in value.values():
            found.extend(_thresholds(item))
    return found


def test_there_are_rule_sets() -> None:
    assert len(RULE_SETS) >= 1


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.key)
def test_rule_set_is_sourced_and_versioned(rule_set: RuleSet) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", rule_set.version)
    assert rule_set.source_ids
    assert all(s in SOURCES for s in rule_set.source_ids)
    assert rule_set.title and rule_set.description
    assert rule_set.evaluate is not None or rule_set.kind.value in ("equation", "equivalence")


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.key)
def test_every_threshold_names_a_known_source(rule_set: RuleSet) -> None:
    for threshold in _thresholds(rule_set.parameters):
        assert threshold.source_id in SOURCES, (rule_set.key, threshold.id)


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.key)
def test_parameters_are_frozen_data(rule_set: RuleSet) -> None:
    params = rule_set.parameters
    assert attrs.has(type(params))
    field = attrs.fields(type(params))[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(params, field.name, None)


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.key)
def test_docs_page_lists_every_threshold_and_option(rule_set: RuleSet) -> None:
    page = render_rule_set(rule_set)
    assert rule_set.id in page and rule_set.version in page
    for threshold in _thresholds(rule_set.parameters):
        assert f"`{threshold.id}`" in page
    for option in rule_set.options:
        assert f"`{option.name}`" in page
    for source_id in rule_set.source_ids:
        assert source_id in page


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.key)
def test_rule_set_has_its_own_tests(rule_set: RuleSet) -> None:
    assert f'"{rule_set.id}"' in TEST_TEXT, f"no test mentions {rule_set.id!r}"


def test_ids_are_unique_per_version() -> None:
    keys = [r.key for r in RULE_SETS]
    assert len(keys) == len(set(keys))


def _all_missing_decisions(rule_set: RuleSet) -> list[Any]:
    """Decisions of ``rule_set`` on input that holds nothing beyond the bare minimum."""
    import lupus_nephritis as ln

    kind = rule_set.kind.value
    course = {"start_date": "2024-01-01"}
    if kind == "response":
        return [ln.classify_renal_response(course, rule_set.key)]
    if kind == "flare":
        return [ln.detect_renal_flares(course, rule_set.key)]
    if kind == "biopsy":
        return [ln.assess_biopsy_indication({}, rule_set.key)]
    if kind == "pathology":
        if rule_set.id.startswith("isn-rps"):
            return [ln.classify_isn_rps({}, rule_set.key)]
        assert rule_set.evaluate is not None
        return [rule_set.evaluate({})]
    if kind == "eligibility":
        return [
            ln.check_regimen_eligibility({"drugs": drugs}, {}, rule_set.key)
            for drugs in (["mmf", "gc"], ["mmf", "voclosporin", "gc"], ["azathioprine", "gc"])
        ]
    if kind == "dosing":
        if rule_set.id.startswith("benlysta"):
            return [ln.check_belimumab_dosing([], rule_set=rule_set.key).overall]
        return [ln.voclosporin_dose_action(None, None, rule_set=rule_set.key)]
    if kind == "taper":
        return [ln.check_glucocorticoid_taper(course, rule_set.key, at=week) for week in (1, 26)]
    if kind == "duration":
        return [ln.check_treatment_duration(course, rule_set.key)]
    if kind == "algorithm":
        return list(ln.suggest_regimens({}, "initial", rule_set.key).candidates)
    if kind == "phase":
        return [ln.classify_treatment_phase(course, rule_set=rule_set.key)]
    if kind == "safety":
        return [ln.check_safety_stop_rule({}, rule_set.key)]
    return []


#: The verdict each kind gives when it cannot decide.
UNDECIDED = {"biopsy": "insufficient_data"}


@pytest.mark.parametrize(
    "rule_set",
    [r for r in RULE_SETS if r.kind.value not in ("equation", "equivalence")],
    ids=lambda r: r.key,
)
def test_all_missing_input_is_not_evaluable(rule_set: RuleSet) -> None:
    decisions = _all_missing_decisions(rule_set)
    assert decisions, rule_set.key
    for decision in decisions:
        if decision.verdict in ("eligible_pending", "offered_pending"):
            # the actionable reading of eligibility and algorithm rule sets: nothing decisive
            # is certain, so the verdict waits for the facts it lists (never "eligible")
            assert rule_set.kind.value in ("eligibility", "algorithm"), rule_set.key
            assert decision.facts_to_confirm, rule_set.key
            assert set(decision.facts_to_confirm) <= set(decision.missing_inputs), rule_set.key
            assert decision.detail("best_case") in ("eligible", "caution"), rule_set.key
            continue
        if rule_set.kind.value == "eligibility" and decision.verdict != "not_evaluable":
            # a restriction that follows from the regimen alone (e.g. not a listed option for
            # the phase) is decided whatever the missing patient data would say
            assert decision.verdict != "eligible"
            assert decision.detail("best_case") == decision.verdict
            assert decision.verdict in ("not_recommended", "contraindicated", "caution")
            if decision.detail("worst_case") != decision.verdict:
                # decisive under the actionable reading; the unknowns could only worsen it
                assert decision.verdict in ("not_recommended", "contraindicated")
            continue
        if rule_set.kind.value == "algorithm" and decision.verdict == "excluded":
            # a candidate excluded by a decisive restriction of the regimen alone
            assert decision.detail("best_case") in ("not_recommended", "contraindicated")
            continue
        assert decision.verdict == UNDECIDED.get(rule_set.kind.value, "not_evaluable"), (
            rule_set.key,
            decision.verdict,
        )
        # an undecided verdict is explained: missing inputs, or a flag saying why not
        assert decision.missing_inputs or decision.flags, (rule_set.key, decision.verdict)


def _latest(rule_set_id: str) -> RuleSet:
    from lupus_nephritis.registry import get_rule_set

    return get_rule_set(rule_set_id)


@pytest.mark.parametrize(
    "rule_set",
    [r for r in RULE_SETS if r.version != _latest(r.id).version],
    ids=lambda r: r.key,
)
def test_every_earlier_version_says_how_it_differs_on_the_latest_page(rule_set: RuleSet) -> None:
    from lupus_nephritis.registry import SUPERSEDED_PREFIX

    assert rule_set.notes[0].startswith(SUPERSEDED_PREFIX), rule_set.key
    page = render_rule_set(_latest(rule_set.id))
    assert f"- `{rule_set.key}` (still selectable): {rule_set.notes[0]}" in page


def test_earlier_version_without_a_change_note_lists_its_option_differences() -> None:
    from lupus_nephritis.docgen import _version_change
    from lupus_nephritis.thresholds import Option

    current = _latest("kdigo-2024")
    old = attrs.evolve(
        current,
        version="0.9.0",
        notes=("An unrelated first note.",),
        options=(
            *(
                attrs.evolve(o, default="10") if o.name == "stability_band" else o
                for o in current.options
                if o.name != "partial_reduction_comparator"
            ),
            Option("legacy_switch", "on", "An option removed since."),
        ),
    )
    text = _version_change(old, current)
    assert "no option `partial_reduction_comparator`" in text
    assert "option `legacy_switch` (removed since)" in text
    assert "option `stability_band` defaults to `10`" in text
    assert "An unrelated first note." not in text
    same = attrs.evolve(current, version="0.9.0", notes=())
    assert _version_change(same, current) == "see the changelog's Definition changes."
