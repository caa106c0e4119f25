"""suggest_regimens: the options at each step, with the reasons they are offered or excluded."""

from __future__ import annotations

from typing import Any

import pytest
from _regimen_fixtures import CLEAN, egfr
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.algorithm import SuggestionStatus, suggest_regimens
from lupus_nephritis.registry import get_rule_set

S = SuggestionStatus
SEED = "seed-review-2024-algorithm"
KDIGO = "kdigo-2024-algorithm"
EULAR = "eular-2023-algorithm"
ACR = "acr-2024-algorithm"
ALGORITHMS = (SEED, KDIGO, EULAR, ACR)


def patient(**overrides: Any) -> dict[str, Any]:
    return {**CLEAN, **overrides}


def after(*drugs: str, response: str | None = "none", scheme: str | None = None) -> dict[str, Any]:
    prior: dict[str, Any] = {"drugs": list(drugs), "response": response}
    if scheme is not None:
        prior["cyclophosphamide_scheme"] = scheme
    return prior


def statuses(result: Any) -> dict[str, str]:
    return {d.subject: d.verdict for d in result.candidates}


def test_algorithm_rule_sets_are_registered() -> None:
    for rule_set in ALGORITHMS:
        assert get_rule_set(rule_set).kind.value == "algorithm"


def test_seed_initial_offers_the_figure_2_combinations() -> None:
    result = suggest_regimens(patient())
    assert result.rule_set == "seed-review-2024-algorithm@1.1.0"
    got = statuses(result)
    for label in (
        "MMF + GC",
        "CYC (euro_lupus) + GC",
        "MMF + belimumab + GC",
        "CYC (euro_lupus) + belimumab + GC",
        "MMF + voclosporin + GC",
    ):
        assert got[label] == "offered", label
    assert got["MMF + tacrolimus + GC"] == "offered_with_caution"
    assert "options with reasons, not a prescription" in result.notes


def test_seed_initial_voclosporin_excluded_below_45_with_its_reason() -> None:
    result = suggest_regimens(patient(egfr=egfr("40")))
    decision = result.candidate("MMF + voclosporin + GC")
    assert decision.verdict == "excluded"
    seed = decision.criterion("eligibility:seed-review-2024-regimens")
    assert seed.outcome is Outcome.MET
    assert decision.criterion("voclosporin-gfr").outcome is Outcome.MET
    assert decision.detail("eligibility.us-labels") == "not_recommended"


def test_seed_at_exactly_45_label_excludes_voclosporin_unless_labels_off() -> None:
    at_45 = patient(egfr=egfr("45"))
    with_labels = suggest_regimens(at_45).candidate("MMF + voclosporin + GC")
    without = suggest_regimens(at_45, label_rule_set="none").candidate("MMF + voclosporin + GC")
    assert with_labels.verdict == "excluded"
    assert without.verdict == "offered"
    assert dict(without.options)["label_rule_set"] == "none"


def test_pregnant_patient_mycophenolate_and_cyclophosphamide_are_excluded() -> None:
    result = suggest_regimens(patient(is_pregnant=True), rule_set=KDIGO)
    assert all(d.verdict == "excluded" for d in result.candidates)
    maintenance = suggest_regimens(
        patient(is_pregnant=True, prior_regimens=[after("mmf", "gc", response="complete")]),
        phase="maintenance",
        rule_set=KDIGO,
    )
    assert maintenance.candidate("AZA + GC").verdict == "offered"
    assert maintenance.candidate("MMF + GC").verdict == "excluded"


# ---------------------------------------------------------------- non-response and refractory


def test_seed_non_response_after_mmf_switches_to_cyclophosphamide_or_adds() -> None:
    result = suggest_regimens(patient(prior_regimens=[after("mmf", "gc")]), phase="non_response")
    got = statuses(result)
    assert got["MMF + GC"] == "excluded"
    assert result.candidate("MMF + GC").criterion("step-change").outcome is Outcome.MET
    assert got["CYC (euro_lupus) + GC"] == "offered"
    assert got["MMF + rituximab + GC"] == "offered"
    assert got["MMF + tacrolimus + GC"] == "offered"


def test_seed_non_response_after_cyclophosphamide_switches_to_mmf() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("cyc", "gc", scheme="euro_lupus")]), phase="refractory"
    )
    got = statuses(result)
    assert got["MMF + GC"] == "offered"
    assert got["CYC (euro_lupus) + GC"] == "excluded"
    assert got["CYC (euro_lupus) + rituximab + GC"] == "offered"


def test_non_response_without_prior_regimen_is_pending_confirmation() -> None:
    result = suggest_regimens(patient(prior_regimens=None), phase="non_response")
    assert all(d.verdict == "offered_pending" for d in result.candidates)
    assert all("prior_regimens" in d.facts_to_confirm for d in result.candidates)
    assert result.pending == result.candidates
    strict = suggest_regimens(patient(prior_regimens=None), phase="non_response", unknowns="strict")
    assert all(d.verdict == "not_evaluable" for d in strict.candidates)
    assert all("prior_regimens" in d.missing_inputs for d in result.candidates)


def test_acr_inadequate_response_escalates_to_another_triple_or_anti_cd20() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "belimumab", "gc")]),
        phase="non_response",
        rule_set=ACR,
    )
    got = statuses(result)
    assert got["MMF + belimumab + GC"] == "excluded"
    assert got["MMF + voclosporin + GC"] == "offered"
    assert got["MMF + belimumab + rituximab + GC"] == "offered"
    assert got["MMF + belimumab + obinutuzumab + GC"] == "offered"
    assert "MMF + GC" not in got


def test_acr_adherence_is_a_prerequisite_not_a_candidate_reason() -> None:
    unknown = suggest_regimens(
        patient(prior_regimens=[after("mmf", "gc")], is_adherence_confirmed=None),
        phase="non_response",
        rule_set=ACR,
    )
    assert unknown.prerequisites[0].id == "adherence"
    assert unknown.prerequisites[0].outcome is Outcome.UNKNOWN
    assert suggest_regimens(patient(), rule_set=ACR).prerequisites == ()


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        (("none", "none"), S.OFFERED),
        (("none",), S.OFFERED_WITH_CAUTION),
        (("none", None), S.OFFERED_PENDING),
        (("complete", "none"), S.OFFERED_WITH_CAUTION),
    ],
)
def test_acr_refractory_needs_two_failed_courses(
    responses: tuple[str | None, ...], expected: SuggestionStatus
) -> None:
    drugs = [("cyc", "gc"), ("mmf", "belimumab", "gc")]
    prior = [
        after(*drugs[i % 2], response=r, scheme="euro_lupus" if i % 2 == 0 else None)
        for i, r in enumerate(responses)
    ]
    result = suggest_regimens(patient(prior_regimens=prior), phase="refractory", rule_set=ACR)
    assert result.candidate("MMF + rituximab + GC").verdict == expected.value


# ---------------------------------------------------------------- maintenance


def test_acr_maintenance_after_triple_with_complete_response_continues_it() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "belimumab", "gc", response="complete")]),
        phase="maintenance",
        rule_set=ACR,
    )
    got = statuses(result)
    assert got["MMF + belimumab + GC"] == "offered"
    assert got["MMF + GC"] == "offered_with_caution"
    assert got["MMF + voclosporin + GC"] == "offered_with_caution"


def test_acr_maintenance_after_cyclophosphamide_triple_continues_with_mmf() -> None:
    result = suggest_regimens(
        patient(
            prior_regimens=[
                after("cyc", "belimumab", "gc", response="complete", scheme="euro_lupus")
            ]
        ),
        phase="maintenance",
        rule_set=ACR,
    )
    assert result.candidate("MMF + belimumab + GC").verdict == "offered"


def test_acr_maintenance_after_dual_with_partial_response_suggests_escalation() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "gc", response="partial")]),
        phase="maintenance",
        rule_set=ACR,
    )
    decision = result.candidate("MMF + GC")
    assert decision.verdict == "offered_with_caution"
    assert decision.criterion("escalate-after-partial-dual").outcome is Outcome.MET


@pytest.mark.parametrize("rule_set", ALGORITHMS)
def test_maintenance_after_no_response_is_excluded(rule_set: str) -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "gc", response="none")]),
        phase="maintenance",
        rule_set=rule_set,
    )
    assert result.candidates
    assert all(d.verdict == "excluded" for d in result.candidates)


def test_maintenance_add_on_not_given_initially_is_caution() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "gc", response="complete")]),
        phase="maintenance",
        rule_set=KDIGO,
    )
    decision = result.candidate("MMF + belimumab + GC")
    assert decision.verdict == "offered_with_caution"
    assert decision.criterion("maintenance-continuation").outcome is Outcome.MET
    assert result.candidate("MMF + GC").verdict == "offered"


# ---------------------------------------------------------------- class, inputs, output


def test_initial_with_unknown_class_lists_every_class_group() -> None:
    result = suggest_regimens(patient(isn_rps_classes=None), rule_set=ACR)
    got = statuses(result)
    assert "GC" in got
    assert got["GC"] == "offered_pending"
    assert got["MMF + belimumab + GC"] == "offered_pending"


def test_initial_class_ii_has_no_candidates() -> None:
    result = suggest_regimens(patient(isn_rps_classes=["II"]), rule_set=KDIGO)
    assert result.candidates == ()
    assert any("classes I, II or VI" in n for n in result.notes)


def test_eular_and_kdigo_initial_candidates_differ_on_cyclosporine() -> None:
    eular = statuses(suggest_regimens(patient(), rule_set=EULAR))
    kdigo = statuses(suggest_regimens(patient(), rule_set=KDIGO))
    assert eular["MMF + cyclosporine + GC"] == "offered_with_caution"
    assert kdigo["MMF + cyclosporine + GC"] == "offered"


def test_bad_phase_rule_set_and_option() -> None:
    with pytest.raises(InputError):
        suggest_regimens(patient(), phase="induction")
    with pytest.raises(UnknownRuleSetError):
        suggest_regimens(patient(), rule_set="kdigo-2024-regimens")
    with pytest.raises(OptionError):
        suggest_regimens(patient(), label_rule_set="eu-labels")


def test_lines_and_to_dict() -> None:
    result = suggest_regimens(patient(egfr=egfr("40")), rule_set=SEED)
    lines = result.lines()
    assert lines[0] == "seed-review-2024-algorithm@1.1.0 - initial:"
    assert any("MMF + voclosporin + GC: excluded" in line for line in lines)
    assert any("Voclosporin with GFR below 45" in line for line in lines)
    data = result.to_dict()
    assert data["phase"] == "initial"
    assert len(data["candidates"]) == len(result.candidates)
    assert result.offered and result.excluded
    with pytest.raises(KeyError):
        result.candidate("nothing")


@settings(max_examples=25)
@given(
    rule_set=st.sampled_from(ALGORITHMS),
    phase=st.sampled_from(["initial", "maintenance", "non_response", "refractory"]),
    removed=st.sets(st.sampled_from(sorted(CLEAN)), max_size=3),
)
def test_candidates_are_decisions_that_round_trip(
    rule_set: str, phase: str, removed: set[str]
) -> None:
    data = patient(prior_regimens=[after("mmf", "gc", response="partial")])
    data.update(dict.fromkeys(removed))
    result = suggest_regimens(data, phase=phase, rule_set=rule_set)
    for decision in result.candidates:
        assert decision.kind == "algorithm"
        assert decision.verdict in {s.value for s in SuggestionStatus}
        assert Decision.from_json(decision.to_json()) == decision


# ---------------------------------------------------------------- review additions


def test_with_status_rejects_an_unknown_status() -> None:
    result = suggest_regimens(patient(), rule_set=SEED)
    with pytest.raises(InputError):
        result.with_status("maybe")
    assert result.with_status("offered") == tuple(
        c for c in result.candidates if c.verdict == "offered"
    )


def test_unknown_candidate_is_a_package_error_and_still_a_key_error() -> None:
    from lupus_nephritis.errors import LupusNephritisError
    from lupus_nephritis.regimens.algorithms._engine import UnknownCandidateError

    result = suggest_regimens(patient(), rule_set=SEED)
    with pytest.raises(UnknownCandidateError) as caught:
        result.candidate("nothing")
    assert isinstance(caught.value, LupusNephritisError)
    assert isinstance(caught.value, KeyError)


@pytest.mark.parametrize("rule_set", ALGORITHMS)
def test_unknown_live_vaccine_plan_under_unknown_caution_option(rule_set: str) -> None:
    data = patient(is_live_vaccine_planned=None)
    strict = suggest_regimens(data, rule_set=rule_set, unknowns="strict")
    lenient = suggest_regimens(data, rule_set=rule_set, unknown_caution="flag", unknowns="strict")
    voclosporin = "MMF + voclosporin + GC"
    assert strict.candidate(voclosporin).verdict == "not_evaluable"
    pending = suggest_regimens(data, rule_set=rule_set).candidate(voclosporin)
    assert pending.verdict == "offered_pending"
    assert "is_live_vaccine_planned" in pending.facts_to_confirm
    assert lenient.candidate(voclosporin).verdict in ("offered", "offered_with_caution")
    flagged = lenient.candidate(voclosporin)
    if flagged.verdict == "offered":
        assert "unverified-caution:voclosporin-live-vaccine" in flagged.flags
    assert dict(flagged.options)["unknown_caution"] == "flag"
    assert flagged.policy == "unknowns=strict, unknown_caution=flag"
    assert strict.candidate("MMF + GC").verdict == lenient.candidate("MMF + GC").verdict


@settings(max_examples=30)
@given(
    rule_set=st.sampled_from(ALGORITHMS),
    phase=st.sampled_from(["initial", "maintenance", "non_response", "refractory"]),
    removed=st.sets(st.sampled_from(sorted(set(CLEAN) - {"sex"})), max_size=4),
)
def test_unknown_caution_flag_only_turns_not_evaluable_into_offered(
    rule_set: str, phase: str, removed: set[str]
) -> None:
    data = patient(prior_regimens=[after("mmf", "gc", response="partial")])
    data.update(dict.fromkeys(removed))
    strict = statuses(suggest_regimens(data, phase=phase, rule_set=rule_set, unknowns="strict"))
    lenient = statuses(
        suggest_regimens(
            data, phase=phase, rule_set=rule_set, unknown_caution="flag", unknowns="strict"
        )
    )
    assert strict.keys() == lenient.keys()
    for label, status in strict.items():
        if lenient[label] != status:
            assert status == "not_evaluable"
            assert lenient[label] == "offered"
    # the actionable reading decides every candidate the strict reading decides, the same way
    actionable = statuses(suggest_regimens(data, phase=phase, rule_set=rule_set))
    for label, status in strict.items():
        if status == "not_evaluable":
            assert actionable[label] in ("offered_pending", "excluded")
        else:
            assert actionable[label] == status


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((patient(),), {"phase": [1]}, InputError),
        ((patient(),), {"phase": ""}, InputError),
        ((patient(),), {"phase_decision": "non_response"}, InputError),
        ((patient(),), {"phase": 3}, InputError),
        ((patient(),), {"rule_set": "nope"}, UnknownRuleSetError),
        ((patient(),), {"unknown_caution": "ignore"}, OptionError),
        ((patient(),), {"label_rule_set": []}, OptionError),
        ((patient(),), {"colour": "red"}, OptionError),
    ],
)
def test_hostile_suggest_arguments_raise_package_errors(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        suggest_regimens(*args, **kwargs)


@pytest.mark.parametrize(
    "data",
    [
        [],
        "patient",
        {"egfr": {"value": float("nan"), "unit": "mL/min/{1.73_m2}"}},
        {"egfr": {"value": -1, "unit": "mL/min/{1.73_m2}"}},
        {"egfr": {"value": 50, "unit": "umol/L"}},
        {"prior_regimens": [{"drugs": ["mmf"], "response": "great"}]},
        {"prior_regimens": [{"drugs": ["unknown-drug"]}]},
    ],
)
def test_hostile_suggest_patients_raise_validation_errors(data: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        suggest_regimens(data, phase="non_response")


def test_kdigo_refractory_offers_anti_cd20_with_caution_and_says_why() -> None:
    result = suggest_regimens(
        patient(prior_regimens=[after("mmf", "gc")]), phase="refractory", rule_set=KDIGO
    )
    got = statuses(result)
    assert got["MMF + obinutuzumab + GC"] == "offered_with_caution"
    assert got["MMF + rituximab + GC"] == "offered_with_caution"
    assert got["MMF + tacrolimus + GC"] == "offered"  # multitarget (CNI + MMF) adds to MMF
    assert got["CYC (euro_lupus) + GC"] == "offered"  # switch MMF -> CYC
    line = next(x for x in result.lines() if x.startswith("  MMF + obinutuzumab + GC"))
    assert "listed only as a less-preferred option (mpaa+anti-cd20)" in line
