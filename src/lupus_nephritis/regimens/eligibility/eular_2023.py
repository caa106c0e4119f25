"""Rule set ``eular-2023-regimens``: regimen eligibility under EULAR 2023 (and EULAR 2019).

EULAR 2023 (SLE update): active LN is treated with glucocorticoids plus mycophenolate or
low-dose IV cyclophosphamide; adding belimumab or a calcineurin inhibitor (voclosporin or
tacrolimus) should be considered; cyclophosphamide for organ-threatening disease, rituximab for
refractory disease. Where EULAR 2023 is silent the 2019 EULAR/ERA-EDTA LN recommendations fill in:
maintenance with MMF or azathioprine, switch or rituximab after non-response, and pure class V
treated with MMF when proteinuria exceeds 1 g/24 h despite RAAS blockade.
"""

from __future__ import annotations

from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.regimens.eligibility._common import (
    AZA_SLOT,
    BELIMUMAB_SLOT,
    CYC_SLOT,
    MPAA_SLOT,
    PREGNANCY_RULES,
    RITUXIMAB_SLOT,
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Finding,
    OptionTables,
    PregnancyRules,
    RegimenOption,
    Rule,
    Slot,
    class_group,
    gate,
    glucocorticoid_finding,
    hydroxychloroquine_flags,
    listing_finding,
    make_decision,
    parse_inputs,
    pregnancy_findings,
    scheme_finding,
    threshold_finding,
)
from lupus_nephritis.regimens.models import CyclophosphamideScheme, DrugName, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "eular-2023-regimens"
_E23 = "eular-2023-sle"
_E19 = "eular-2019-ln"
_E = Eligibility

EULAR_CNI_SLOT = Slot(
    "CNI (voclosporin or tacrolimus)", (DrugName.VOCLOSPORIN, DrugName.TACROLIMUS)
)
CYCLOSPORINE_SLOT = Slot("cyclosporine", (DrugName.CYCLOSPORINE,))


@attrs.frozen(slots=True)
class Parameters:
    """EULAR 2023 (and 2019) regimen rules as data."""

    listing: Rule
    options: OptionTables
    cyclophosphamide_scheme: Rule
    cyclophosphamide_schemes_flagged: tuple[CyclophosphamideScheme, ...]
    glucocorticoids: Rule
    class_v_proteinuria: Rule
    class_v_protein_24h_threshold: Threshold
    class_v_upcr_surrogate_threshold: Threshold
    pregnancy: PregnancyRules
    hydroxychloroquine_flag: str


def _o(
    option_id: str, slots: tuple[Slot, ...], preference: Eligibility, note: str, source: str = _E23
) -> RegimenOption:
    return RegimenOption(option_id, slots, preference, source, note)


_INITIAL = (
    _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "glucocorticoids plus mycophenolate (anchor)"),
    _o("cyclophosphamide", (CYC_SLOT,), _E.ELIGIBLE, "glucocorticoids plus low-dose IV CYC"),
    _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "add-on belimumab"),
    _o(
        "cyclophosphamide+belimumab",
        (CYC_SLOT, BELIMUMAB_SLOT),
        _E.ELIGIBLE,
        "add-on belimumab",
    ),
    _o("mpaa+cni", (MPAA_SLOT, EULAR_CNI_SLOT), _E.ELIGIBLE, "add-on voclosporin or tacrolimus"),
    _o(
        "mpaa+cyclosporine",
        (MPAA_SLOT, CYCLOSPORINE_SLOT),
        _E.CAUTION,
        "EULAR names voclosporin or tacrolimus (2019: MMF + CNI, especially tacrolimus)",
        _E19,
    ),
)

_RITUXIMAB = (
    _o(
        "mpaa+rituximab",
        (MPAA_SLOT, RITUXIMAB_SLOT),
        _E.ELIGIBLE,
        "rituximab for refractory disease (2019: switch or rituximab after non-response)",
    ),
    _o(
        "cyclophosphamide+rituximab",
        (CYC_SLOT, RITUXIMAB_SLOT),
        _E.ELIGIBLE,
        "rituximab for refractory disease (2019: switch or rituximab after non-response)",
    ),
)

PARAMETERS = Parameters(
    listing=Rule(
        "regimen-listed",
        "Regimen not a preferred EULAR 2023/2019 option for its phase",
        _E.NOT_RECOMMENDED,
        _E23,
    ),
    options=OptionTables(
        initial_proliferative=_INITIAL,
        initial_pure_v=(
            _o(
                "mpaa",
                (MPAA_SLOT,),
                _E.ELIGIBLE,
                "pure class V: MMF plus glucocorticoids preferred (see class-v-proteinuria)",
                _E19,
            ),
        ),
        maintenance=(
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "MMF maintenance", _E19),
            _o("azathioprine", (AZA_SLOT,), _E.ELIGIBLE, "AZA maintenance (pregnancy plans)", _E19),
            _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "add-on continued"),
            _o("mpaa+cni", (MPAA_SLOT, EULAR_CNI_SLOT), _E.ELIGIBLE, "add-on continued"),
            _o(
                "azathioprine+belimumab",
                (AZA_SLOT, BELIMUMAB_SLOT),
                _E.CAUTION,
                "not named by EULAR; BLISS-LN background after cyclophosphamide",
            ),
        ),
        non_response=(
            *_INITIAL,
            *(attrs.evolve(o, source_id=_E19) for o in _RITUXIMAB),
        ),
        refractory=(
            *_RITUXIMAB,
            *(
                attrs.evolve(
                    o,
                    preference=_E.CAUTION,
                    note=f"{o.note}; refractory disease: EULAR 2023 names rituximab "
                    "(cyclophosphamide for organ-threatening disease)",
                )
                for o in _INITIAL
            ),
        ),
    ),
    cyclophosphamide_scheme=Rule(
        "cyclophosphamide-scheme",
        "Cyclophosphamide other than low-dose IV (Euro-Lupus)",
        _E.CAUTION,
        _E23,
        "The anchor is low-dose IV cyclophosphamide; EULAR 2019 keeps high-dose "
        "cyclophosphamide as an alternative for adverse prognostic factors; oral is not named.",
    ),
    cyclophosphamide_schemes_flagged=(CyclophosphamideScheme.NIH, CyclophosphamideScheme.ORAL),
    glucocorticoids=Rule(
        "glucocorticoids",
        "Initial-type regimen without glucocorticoids",
        _E.CAUTION,
        _E23,
        "Active LN is treated with glucocorticoids plus mycophenolate or cyclophosphamide.",
    ),
    class_v_proteinuria=Rule(
        "class-v-proteinuria",
        "Immunosuppression for pure class V with proteinuria at or below 1 g/24 h",
        _E.NOT_RECOMMENDED,
        _E19,
        "Pure class V: immunosuppression (MMF plus glucocorticoids) when proteinuria is "
        "nephrotic-range or above 1 g/24 h despite RAAS blockade.",
    ),
    class_v_protein_24h_threshold=Threshold(
        id="class-v-proteinuria",
        label="24-hour proteinuria at or below 1 g/d",
        comparator="<=",
        value="1",
        unit="g/d",
        quantity="protein_24h",
        source_id=_E19,
        note="EULAR 2012/2019: immunosuppression if proteinuria > 1 g/24 h despite RAAS blockade.",
    ),
    class_v_upcr_surrogate_threshold=Threshold(
        id="class-v-proteinuria-upcr",
        label="UPCR at or below 1 g/g (surrogate for 1 g/24 h, by option only)",
        comparator="<=",
        value="1",
        unit="g/g",
        quantity="upcr",
        source_id=_E19,
        note="Used only with class_v_proteinuria='upcr_surrogate'; a UPCR is not a 24-h amount.",
    ),
    pregnancy=PREGNANCY_RULES,
    hydroxychloroquine_flag="hydroxychloroquine-for-all-patients",
)

OPTIONS: tuple[Option, ...] = (
    Option(
        name="class_v_proteinuria",
        default="protein_24h",
        description=(
            "Measure for the pure class V threshold (1 g/24 h): 'protein_24h' (default; the "
            "source's unit) or 'upcr_surrogate' (compare UPCR <= 1 g/g instead when no 24-h "
            "collection is given; flagged 'upcr-used-for-24h-protein')."
        ),
        choices=("protein_24h", "upcr_surrogate"),
        source_id=_E19,
    ),
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
)


def _class_v_finding(
    p: Parameters, reg: Any, ctx: Any, opts: dict[str, Any]
) -> tuple[Finding | None, list[str]]:
    if reg.phase is not TreatmentPhase.INITIAL:
        return None, []
    group = class_group(ctx.isn_rps_classes)
    applies = None if group is None else group == "pure_v"
    flags: list[str] = []
    if ctx.protein_24h is None and opts["class_v_proteinuria"] == "upcr_surrogate":
        finding = threshold_finding(
            p.class_v_proteinuria, p.class_v_upcr_surrogate_threshold, ctx.upcr, field="upcr"
        )
        if ctx.upcr is not None and applies is not False:
            flags.append("upcr-used-for-24h-protein")
    else:
        finding = threshold_finding(
            p.class_v_proteinuria,
            p.class_v_protein_24h_threshold,
            ctx.protein_24h,
            field="protein_24h",
        )
    return gate(finding, applies, field="isn_rps_classes", why="to pure class V"), flags


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against EULAR 2023 (completed by EULAR/ERA-EDTA 2019).

    Args:
        regimen: A `Regimen` or a mapping.
        patient: A `PatientContext` or a mapping.
        **options: See `OPTIONS`.

    Returns:
        The eligibility decision.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    reg, ctx = parse_inputs(regimen, patient)
    p = PARAMETERS
    listed, option = listing_finding(p.listing, p.options, reg, ctx, source="EULAR 2023/2019")
    findings: list[Finding] = [listed]
    class_v, flags = _class_v_finding(p, reg, ctx, opts)
    for extra in (
        class_v,
        scheme_finding(p.cyclophosphamide_scheme, reg, p.cyclophosphamide_schemes_flagged),
        glucocorticoid_finding(p.glucocorticoids, reg),
    ):
        if extra is not None:
            findings.append(extra)
    findings += pregnancy_findings(p.pregnancy, reg, ctx)
    flags += hydroxychloroquine_flags(reg, p.hydroxychloroquine_flag)
    details = [("matched_option", option.id if option else None)]
    return make_decision(RULE_SET, reg, findings, options=opts, flags=flags, details=details)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Regimen eligibility: EULAR 2023 (with EULAR/ERA-EDTA 2019 for LN details)",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_E23, _E19, "cellcept-uspi", "cyclophosphamide-label"),
        parameters=PARAMETERS,
        description=(
            "Checks a regimen against the EULAR options for its phase: glucocorticoids plus "
            "mycophenolate or low-dose IV cyclophosphamide, with belimumab or a CNI "
            "(voclosporin, tacrolimus) as add-on; MMF or azathioprine maintenance; switch or "
            "rituximab after non-response; rituximab for refractory disease; pure class V with "
            "MMF only when 24-h proteinuria exceeds 1 g; and mycophenolate and cyclophosphamide "
            "in pregnancy."
        ),
        options=OPTIONS,
        notes=(
            "EULAR 2023 is an SLE update; what it leaves to the LN-specific 2019 "
            "recommendations (maintenance agents, non-response, pure class V) is taken from "
            "EULAR/ERA-EDTA 2019 and cited as such. EULAR 2025 (kidney involvement) is a later "
            "version and is not blended in.",
            "No EULAR CNI eGFR threshold was found; the voclosporin label limit is in us-labels.",
            "Cyclosporine: EULAR names voclosporin or tacrolimus, so MPAA + cyclosporine is "
            "'caution'.",
            "Pure class V: immunosuppression when proteinuria > 1 g/24 h despite RAAS "
            "blockade; at or below 1 g/24 h it is 'not recommended'. The source's unit is g/24 h, "
            "so a UPCR is used only with the class_v_proteinuria='upcr_surrogate' option.",
            "Azathioprine + belimumab maintenance is 'caution' (not named by EULAR; it is the "
            "BLISS-LN background after cyclophosphamide).",
            "Refractory disease: rituximab combinations are listed; switching among the initial "
            "options is 'caution' at that step.",
            "Hydroxychloroquine (target 5 mg/kg/day) for all patients: flagged when absent.",
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

__all__ = ["OPTIONS", "PARAMETERS", "PREVIOUS_VERSIONS", "RULE_SET", "Parameters", "evaluate"]
