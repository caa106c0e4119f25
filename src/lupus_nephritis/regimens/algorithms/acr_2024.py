"""Rule set ``acr-2024-algorithm``: treatment steps under the ACR 2024 LN guideline.

Initial: triple therapy (MPAA + belimumab, MPAA + CNI, Euro-Lupus cyclophosphamide + belimumab),
dual therapy as the less-preferred option. Maintenance: after triple therapy with a complete
response continue the same regimen; after dual therapy with a complete response continue MPAA;
after dual therapy with a partial response escalate to triple therapy. Inadequate response:
check dose and adherence, then escalate (dual to triple; another triple or add anti-CD20).
Refractory (two failed standard courses): anti-CD20, or MPAA + belimumab + CNI.
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
from lupus_nephritis.regimens.eligibility import acr_2024 as eligibility
from lupus_nephritis.regimens.eligibility._common import (
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Rule,
)
from lupus_nephritis.regimens.models import CyclophosphamideScheme, DrugName, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option

RULE_SET_ID = "acr-2024-algorithm"
_A = "acr-2024-ln"

PARAMETERS = AlgorithmParameters(
    eligibility_rule_set=eligibility.RULE_SET_ID,
    options=eligibility.PARAMETERS.options,
    mpaa_representative=DrugName.MYCOPHENOLATE_MOFETIL,
    cyclophosphamide_scheme=CyclophosphamideScheme.EURO_LUPUS,
    step_policy=StepPolicy(
        "escalate",
        Rule(
            "step-change",
            "Candidate does not escalate from the regimen that failed (same regimen, or fewer "
            "immunosuppressants)",
            Eligibility.NOT_RECOMMENDED,
            _A,
            "Inadequate response: dual to triple therapy; triple to another triple, or add "
            "anti-CD20.",
        ),
    ),
    maintenance_continuation=Rule(
        "maintenance-continuation",
        "Maintenance add-on (belimumab or a CNI) not used in the initial regimen",
        Eligibility.CAUTION,
        _A,
        "After triple therapy the same regimen continues.",
    ),
    maintenance_without_response=Rule(
        "maintenance-after-no-response",
        "Maintenance after no response to the previous regimen",
        Eligibility.NOT_RECOMMENDED,
        _A,
        "Without at least a partial response the next step is escalation.",
    ),
    refractory_definition=Rule(
        "refractory-definition",
        "Fewer than two failed standard therapy courses recorded",
        Eligibility.CAUTION,
        _A,
        "Refractory disease: failure of two standard therapy courses; before that the "
        "inadequate-response step applies.",
    ),
    min_failed_courses=2,
    continue_after_triple=Rule(
        "continue-after-triple",
        "After triple therapy with a complete response, a maintenance regimen other than the "
        "same triple",
        Eligibility.CAUTION,
        _A,
        "Continue the same regimen (cyclophosphamide replaced by MPAA).",
    ),
    escalate_after_partial_dual=Rule(
        "escalate-after-partial-dual",
        "After dual therapy with only a partial response, maintenance instead of escalation",
        Eligibility.CAUTION,
        _A,
        "Escalate to triple therapy (phase non_response).",
    ),
    adherence=Rule(
        "adherence",
        "Dose and adherence not checked before escalating",
        Eligibility.CAUTION,
        _A,
        "Good practice statement: check dose and adherence first.",
    ),
    adjuncts=(
        "RAAS inhibition for any proteinuria, including below 0.5 g/g",
        "prednisone at most 5 mg/day by 6 months",
        "total therapy 3-5 years for patients reaching a complete renal response",
    ),
    triple_options=("mpaa+belimumab", "mpaa+cni", "cyclophosphamide+belimumab"),
    dual_options=("mpaa", "cyclophosphamide"),
)

OPTIONS: tuple[Option, ...] = (LABEL_OPTION, UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(
    patient: object = None, phase: TreatmentPhase | str = TreatmentPhase.INITIAL, **options: Any
) -> RegimenSuggestions:
    """ACR 2024 options for one step, each with its reasons.

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
        title="Treatment algorithm: ACR 2024 lupus nephritis guideline",
        kind=RuleKind.ALGORITHM,
        source_ids=(_A,),
        parameters=PARAMETERS,
        description=(
            "Lists the ACR 2024 regimens for a step (from acr-2024-regimens), adds the step's "
            "criteria (inadequate response: escalate; refractory: two failed standard courses; "
            "maintenance: continue the same triple after a complete response, escalate after a "
            "partial response to dual therapy; dose and adherence checked first) and checks "
            "each candidate with acr-2024-regimens and, by default, us-labels."
        ),
        options=OPTIONS,
        notes=(
            "A failed course is a prior regimen whose response is 'none'; with unknown "
            "responses the count may be undecidable (not evaluable).",
            "The timing of 'inadequate response' (no partial response by 6-12 months) and the "
            "refractory count are classified by acr-2024-phase (classify_treatment_phase); "
            "pass its decision as suggest_regimens(phase_decision=...) or choose the phase.",
            "Candidates: a mycophenolate slot is represented by MMF; CNI and anti-CD20 slots "
            "give one candidate per drug; cyclophosphamide is given the Euro-Lupus scheme.",
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
