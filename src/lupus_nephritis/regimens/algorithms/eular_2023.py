"""Rule set ``eular-2023-algorithm``: treatment steps under EULAR 2023 (with EULAR 2019).

Initial therapy: glucocorticoids with mycophenolate or low-dose IV cyclophosphamide, with
belimumab or a CNI (voclosporin, tacrolimus) as add-on; maintenance with MMF or azathioprine;
after non-response switch the regimen or add rituximab (2019); rituximab for refractory disease.
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
from lupus_nephritis.regimens.eligibility import eular_2023 as eligibility
from lupus_nephritis.regimens.eligibility._common import (
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Rule,
)
from lupus_nephritis.regimens.models import CyclophosphamideScheme, DrugName, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option

RULE_SET_ID = "eular-2023-algorithm"
_E23 = "eular-2023-sle"
_E19 = "eular-2019-ln"

PARAMETERS = AlgorithmParameters(
    eligibility_rule_set=eligibility.RULE_SET_ID,
    options=eligibility.PARAMETERS.options,
    mpaa_representative=DrugName.MYCOPHENOLATE_MOFETIL,
    cyclophosphamide_scheme=CyclophosphamideScheme.EURO_LUPUS,
    step_policy=StepPolicy(
        "switch_or_add",
        Rule(
            "step-change",
            "Candidate neither switches the regimen's anchor nor adds to the regimen that failed",
            Eligibility.NOT_RECOMMENDED,
            _E19,
            "Non-response: switch to another initial regimen, or add rituximab (2019).",
        ),
    ),
    maintenance_continuation=Rule(
        "maintenance-continuation",
        "Maintenance add-on (belimumab or a CNI) not used in the initial regimen",
        Eligibility.CAUTION,
        _E23,
        "Belimumab or a CNI is added at the start of treatment and continued.",
    ),
    maintenance_without_response=Rule(
        "maintenance-after-no-response",
        "Maintenance after no response to the previous regimen",
        Eligibility.NOT_RECOMMENDED,
        _E19,
        "Without a response the next step is switching or rituximab, not maintenance.",
    ),
    refractory_definition=None,
    min_failed_courses=None,
    continue_after_triple=None,
    escalate_after_partial_dual=None,
    adherence=None,
    adjuncts=(
        "hydroxychloroquine, target 5 mg/kg real body weight per day",
        "maintenance glucocorticoids at most 5 mg/day prednisone equivalent, withdrawn when "
        "possible",
        "continue treatment at least 3 years after renal response",
    ),
)

OPTIONS: tuple[Option, ...] = (LABEL_OPTION, UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(
    patient: object = None, phase: TreatmentPhase | str = TreatmentPhase.INITIAL, **options: Any
) -> RegimenSuggestions:
    """EULAR 2023 options for one step, each with its reasons.

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
        title="Treatment algorithm: EULAR 2023 (with EULAR/ERA-EDTA 2019)",
        kind=RuleKind.ALGORITHM,
        source_ids=(_E23, _E19),
        parameters=PARAMETERS,
        description=(
            "Lists the EULAR regimens for a step (from eular-2023-regimens), adds the step's "
            "criteria (non-response and refractory: switch or add; maintenance: add-ons continue "
            "the initial regimen and follow a response) and checks each candidate with "
            "eular-2023-regimens and, by default, us-labels."
        ),
        options=OPTIONS,
        notes=(
            "EULAR 2023 gives no count of failed courses for refractory disease (ACR 2012 and "
            "EULAR also differ on timing); none is required.",
            "Candidates: a mycophenolate slot is represented by MMF; the EULAR CNI slot gives "
            "voclosporin and tacrolimus; cyclophosphamide is given the Euro-Lupus scheme.",
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
