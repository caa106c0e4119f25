"""Rule set ``seed-review-2024-algorithm``: the seed review's proposed algorithm (Figure 2).

Initial therapy: glucocorticoids with MMF or cyclophosphamide plus belimumab, or MMF plus
voclosporin (voclosporin not with GFR < 45, and only with MMF); standard care MMF or
cyclophosphamide. Maintenance: MMF plus belimumab or voclosporin, or azathioprine with belimumab.
Non-response or refractory disease (section 2.6.4): switch MMF to cyclophosphamide or back, add
rituximab, or multitarget therapy (CNI + MMF).
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
from lupus_nephritis.regimens.eligibility import seed_review_2024 as eligibility
from lupus_nephritis.regimens.eligibility._common import (
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Rule,
)
from lupus_nephritis.regimens.models import CyclophosphamideScheme, DrugName, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option

RULE_SET_ID = "seed-review-2024-algorithm"
_S = "seed-review-2024"

PARAMETERS = AlgorithmParameters(
    eligibility_rule_set=eligibility.RULE_SET_ID,
    options=eligibility.PARAMETERS.options,
    mpaa_representative=DrugName.MYCOPHENOLATE_MOFETIL,
    cyclophosphamide_scheme=CyclophosphamideScheme.EURO_LUPUS,
    step_policy=StepPolicy(
        "switch_or_add",
        Rule(
            "step-change",
            "Candidate neither switches the anchor (MMF <-> cyclophosphamide) nor adds to the "
            "regimen that failed",
            Eligibility.NOT_RECOMMENDED,
            _S,
            "Non-response or refractory disease: switch to the other first-line anchor, add "
            "rituximab, or multitarget therapy (section 2.6.4).",
        ),
    ),
    maintenance_continuation=Rule(
        "maintenance-continuation",
        "Maintenance add-on (belimumab or a CNI) not given in the previous regimen",
        Eligibility.CAUTION,
        _S,
        "The maintenance combinations continue the BLISS-LN and AURORA regimens.",
    ),
    maintenance_without_response=Rule(
        "maintenance-after-no-response",
        "Maintenance after no response to the previous regimen",
        Eligibility.NOT_RECOMMENDED,
        _S,
        "Without a response the next step is the non-response step, not maintenance.",
    ),
    refractory_definition=None,
    min_failed_courses=None,
    continue_after_triple=None,
    escalate_after_partial_dual=None,
    adherence=None,
    adjuncts=(
        "maintenance prednisone at most 5 mg/day, tapered to zero if possible (seed review 2.6.3)",
    ),
)

OPTIONS: tuple[Option, ...] = (LABEL_OPTION, UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(
    patient: object = None, phase: TreatmentPhase | str = TreatmentPhase.INITIAL, **options: Any
) -> RegimenSuggestions:
    """The seed review's options for one step, each with its reasons.

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
        title="Treatment algorithm: the seed review's proposal (Figure 2)",
        kind=RuleKind.ALGORITHM,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "Lists the regimens the seed review proposes for a step (from "
            "seed-review-2024-regimens), adds the step's criteria (non-response and refractory: "
            "switch MMF <-> cyclophosphamide or add to the failed regimen; maintenance: add-ons "
            "continue the initial regimen and follow a response) and checks each candidate "
            "with seed-review-2024-regimens and, by default, us-labels. Each candidate is "
            "offered, offered with caution, excluded or not evaluable, with its reasons."
        ),
        options=OPTIONS,
        notes=(
            "The review does not separate the non-response and refractory steps or define "
            "refractory disease by a count of failed courses; both steps use the same list.",
            "Candidates: a mycophenolate slot is represented by MMF (MPA 720 mg ~ MMF 1000 mg); "
            "a CNI slot gives one candidate per CNI; cyclophosphamide is given the Euro-Lupus "
            "scheme.",
            "Figure 2's drawing itself was not available; its footnotes and the text of "
            "sections 2.6.3-2.6.4 are encoded.",
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
