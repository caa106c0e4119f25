"""Rule set ``kdigo-2024-algorithm``: treatment steps under the KDIGO 2024 LN guideline.

Initial therapy per Recommendation 10.2.3.1.1; maintenance with MPAA (azathioprine as the
alternative; belimumab or a CNI continued if used initially); after non-response verify
adherence, then switch the initial regimen or add therapy; refractory disease: rituximab with
weaker evidence.
"""

from __future__ import annotations

from typing import Any

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.regimens.algorithms._engine import (
    LABEL_OPTION,
    AlgorithmParameters,
    RegimenSuggestions,
    StepPolicy,
    evaluate_algorithm,
)
from lupus_nephritis.regimens.eligibility import kdigo_2024 as eligibility
from lupus_nephritis.regimens.eligibility._common import (
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Rule,
)
from lupus_nephritis.regimens.models import CyclophosphamideScheme, DrugName, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option

RULE_SET_ID = "kdigo-2024-algorithm"
_K = "kdigo-2024-ln"

PARAMETERS = AlgorithmParameters(
    eligibility_rule_set=eligibility.RULE_SET_ID,
    options=eligibility.PARAMETERS.options,
    mpaa_representative=DrugName.MYCOPHENOLATE_MOFETIL,
    cyclophosphamide_scheme=CyclophosphamideScheme.EURO_LUPUS,
    step_policy=StepPolicy(
        "switch_or_add",
        Rule(
            "step-change",
            "Candidate neither switches the initial regimen's anchor nor adds to the regimen "
            "that failed",
            Eligibility.NOT_RECOMMENDED,
            _K,
            "Non-response: switch the initial regimen, or add belimumab, a CNI or anti-CD20.",
        ),
    ),
    maintenance_continuation=Rule(
        "maintenance-continuation",
        "Maintenance add-on (belimumab or a CNI) not used in the initial regimen",
        Eligibility.CAUTION,
        _K,
        "Belimumab or a CNI may continue in maintenance if used initially.",
    ),
    maintenance_without_response=Rule(
        "maintenance-after-no-response",
        "Maintenance after no response to the previous regimen",
        Eligibility.NOT_RECOMMENDED,
        _K,
        "Without a response the next step is the non-response work-up, not maintenance.",
    ),
    refractory_definition=None,
    min_failed_courses=None,
    continue_after_triple=None,
    escalate_after_partial_dual=None,
    adherence=Rule(
        "adherence",
        "Adherence and dosing not verified before changing therapy",
        Eligibility.CAUTION,
        _K,
        "Verify adherence and tolerability, doses, infusions given and drug levels; exclude "
        "infection and other causes; consider a repeat biopsy.",
    ),
    adjuncts=(
        "hydroxychloroquine for all patients unless contraindicated (1C)",
        "initial plus maintenance therapy for at least 36 months in total",
    ),
)

OPTIONS: tuple[Option, ...] = (LABEL_OPTION, UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(
    patient: object = None, phase: TreatmentPhase | str = TreatmentPhase.INITIAL, **options: Any
) -> RegimenSuggestions:
    """KDIGO 2024 options for one step, each with its reasons.

    Args:
        patient: A `PatientContext` or a mapping.
        phase: ``initial``, ``maintenance``, ``non_response`` or ``refractory``.
        **options: See `OPTIONS`.
    """
    return evaluate_algorithm(RULE_SET, PARAMETERS, patient, phase, options)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Treatment algorithm: KDIGO 2024 lupus nephritis guideline",
        kind=RuleKind.ALGORITHM,
        source_ids=(_K,),
        parameters=PARAMETERS,
        description=(
            "Lists the KDIGO 2024 regimens for a step (from kdigo-2024-regimens), adds the "
            "step's criteria (non-response and refractory: switch or add; maintenance: add-ons "
            "continue the initial regimen and follow a response; adherence verified before a "
            "change) and checks each candidate with kdigo-2024-regimens and, by default, "
            "us-labels."
        ),
        options=OPTIONS,
        notes=(
            "KDIGO gives no numeric definition of refractory disease (NOT FOUND); no count of "
            "failed courses is required.",
            "The adherence check is reported as a prerequisite of the non-response and "
            "refractory steps, not per candidate.",
            "Candidates: a mycophenolate slot is represented by MMF; a CNI slot gives one "
            "candidate per CNI; cyclophosphamide is given the Euro-Lupus scheme.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

PREVIOUS_VERSIONS = (
    register_previous_version(
        RULE_SET,
        "1.0.0",
        defaults={"unknowns": "strict"},
        change="unknown criteria no longer make every verdict not_evaluable: a decisive "
        "criterion that is met decides, otherwise the verdict is eligible_pending with the "
        "facts to confirm (option unknowns='actionable', the new default; 'strict' is 1.0.0).",
    ),
)

__all__ = ["OPTIONS", "PARAMETERS", "PREVIOUS_VERSIONS", "RULE_SET", "evaluate"]
