"""Rule set ``acr-2024-regimens``: regimen eligibility under the ACR 2024 LN guideline.

Class III/IV (+/- V): triple therapy is conditionally recommended: glucocorticoids plus MPAA +
belimumab, MPAA + a calcineurin inhibitor (CNI), or Euro-Lupus cyclophosphamide + belimumab
(MPAA replacing cyclophosphamide after its course). Proteinuria >= 3 g/g favours MPAA + CNI;
extrarenal manifestations favour belimumab. MPAA-based regimens are preferred over
cyclophosphamide-based ones; Euro-Lupus over high-dose IV (conditional) and over oral (strong).
Pure class V: MPAA + CNI with proteinuria >= 1 g/g; below that, glucocorticoids and/or one of
MPAA, azathioprine or a CNI. Inadequate response: escalate (dual to triple; another triple or
add anti-CD20). Refractory (two failed standard courses): anti-CD20, or MPAA + belimumab + CNI.
"""

from __future__ import annotations

from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.eligibility._common import (
    ANTI_CD20_SLOT,
    AZA_SLOT,
    BELIMUMAB_SLOT,
    CNI_SLOT,
    CYC_SLOT,
    MPAA_SLOT,
    PREGNANCY_RULES,
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Finding,
    OptionTables,
    PregnancyRules,
    RegimenOption,
    Rule,
    Slot,
    class_group,
    core_drugs,
    flag_finding,
    gate,
    glucocorticoid_finding,
    hydroxychloroquine_flags,
    listing_finding,
    make_decision,
    parse_inputs,
    pregnancy_findings,
    regimen_finding,
    scheme_finding,
    threshold_finding,
)
from lupus_nephritis.regimens.models import (
    CyclophosphamideScheme,
    DrugName,
    PatientContext,
    Regimen,
    TreatmentPhase,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "acr-2024-regimens"
_A = "acr-2024-ln"
_E = Eligibility


@attrs.frozen(slots=True)
class Parameters:
    """ACR 2024 regimen rules as data."""

    listing: Rule
    options: OptionTables
    cyclophosphamide_based: Rule
    high_dose_cyclophosphamide: Rule
    high_dose_schemes: tuple[CyclophosphamideScheme, ...]
    oral_cyclophosphamide: Rule
    oral_schemes: tuple[CyclophosphamideScheme, ...]
    belimumab_triple_with_high_proteinuria: Rule
    high_proteinuria_threshold: Threshold
    cni_triple_with_extrarenal_activity: Rule
    class_v_regimen_choice: Rule
    class_v_threshold: Threshold
    glucocorticoids: Rule
    pregnancy: PregnancyRules
    hydroxychloroquine_flag: str
    belimumab_triples: tuple[str, ...]
    cni_triples: tuple[str, ...]
    class_v_triple: str


def _o(
    option_id: str, slots: tuple[Slot, ...], preference: Eligibility, note: str
) -> RegimenOption:
    return RegimenOption(option_id, slots, preference, _A, note)


_TRIPLES = (
    _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "triple therapy"),
    _o("mpaa+cni", (MPAA_SLOT, CNI_SLOT), _E.ELIGIBLE, "triple therapy (no CNI preferred)"),
    _o(
        "cyclophosphamide+belimumab",
        (CYC_SLOT, BELIMUMAB_SLOT),
        _E.ELIGIBLE,
        "triple therapy with Euro-Lupus cyclophosphamide; MPAA replaces it after the course",
    ),
)
_TRIPLES_PLUS_ANTI_CD20 = tuple(
    _o(f"{o.id}+anti-cd20", (*o.slots, ANTI_CD20_SLOT), _E.ELIGIBLE, "triple therapy + anti-CD20")
    for o in _TRIPLES
)

PARAMETERS = Parameters(
    listing=Rule(
        "regimen-listed",
        "Regimen not a preferred ACR 2024 option for its phase",
        _E.NOT_RECOMMENDED,
        _A,
    ),
    options=OptionTables(
        initial_proliferative=(
            *_TRIPLES,
            _o("mpaa", (MPAA_SLOT,), _E.CAUTION, "dual therapy; triple therapy is preferred"),
            _o(
                "cyclophosphamide",
                (CYC_SLOT,),
                _E.CAUTION,
                "dual therapy; triple therapy is preferred",
            ),
        ),
        initial_pure_v=(
            attrs.evolve(
                _o("glucocorticoids-alone", (), _E.ELIGIBLE, "pure class V, proteinuria < 1 g/g"),
                requires=(DrugName.GLUCOCORTICOIDS,),
            ),
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "pure class V, proteinuria < 1 g/g"),
            _o("azathioprine", (AZA_SLOT,), _E.ELIGIBLE, "pure class V, proteinuria < 1 g/g"),
            _o("cni", (CNI_SLOT,), _E.ELIGIBLE, "pure class V, proteinuria < 1 g/g"),
            _o(
                "mpaa+cni", (MPAA_SLOT, CNI_SLOT), _E.ELIGIBLE, "pure class V, proteinuria >= 1 g/g"
            ),
        ),
        maintenance=(
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "after dual therapy with CRR: continue MPAA"),
            _o("azathioprine", (AZA_SLOT,), _E.CAUTION, "MPAA is preferred over azathioprine"),
            _o(
                "mpaa+belimumab",
                (MPAA_SLOT, BELIMUMAB_SLOT),
                _E.ELIGIBLE,
                "after triple therapy with CRR: continue the same regimen",
            ),
            _o(
                "mpaa+cni",
                (MPAA_SLOT, CNI_SLOT),
                _E.ELIGIBLE,
                "after triple therapy with CRR: continue the same regimen",
            ),
        ),
        non_response=(*_TRIPLES, *_TRIPLES_PLUS_ANTI_CD20),
        refractory=(
            _o("mpaa+anti-cd20", (MPAA_SLOT, ANTI_CD20_SLOT), _E.ELIGIBLE, "anti-CD20"),
            _o(
                "cyclophosphamide+anti-cd20",
                (CYC_SLOT, ANTI_CD20_SLOT),
                _E.ELIGIBLE,
                "anti-CD20",
            ),
            _o(
                "mpaa+belimumab+cni",
                (MPAA_SLOT, BELIMUMAB_SLOT, CNI_SLOT),
                _E.ELIGIBLE,
                "three non-glucocorticoid immunosuppressants",
            ),
            *_TRIPLES_PLUS_ANTI_CD20,
        ),
    ),
    cyclophosphamide_based=Rule(
        "cyclophosphamide-based",
        "Cyclophosphamide-based initial regimen",
        _E.CAUTION,
        _A,
        "An MPAA-based regimen is preferred over a cyclophosphamide-based one (conditional).",
    ),
    high_dose_cyclophosphamide=Rule(
        "cyclophosphamide-high-dose",
        "High-dose monthly IV cyclophosphamide",
        _E.CAUTION,
        _A,
        "Euro-Lupus low-dose is preferred over high-dose monthly IV (conditional).",
    ),
    high_dose_schemes=(CyclophosphamideScheme.NIH,),
    oral_cyclophosphamide=Rule(
        "cyclophosphamide-oral",
        "Daily oral cyclophosphamide",
        _E.NOT_RECOMMENDED,
        _A,
        "Euro-Lupus low-dose is recommended over daily oral cyclophosphamide (strong).",
    ),
    oral_schemes=(CyclophosphamideScheme.ORAL,),
    belimumab_triple_with_high_proteinuria=Rule(
        "triple-choice-proteinuria",
        "Belimumab triple (without a CNI) with proteinuria at or above 3 g/g",
        _E.CAUTION,
        _A,
        "With proteinuria >= 3 g/g ACR suggests the MPAA + CNI triple.",
    ),
    high_proteinuria_threshold=Threshold(
        id="triple-choice-proteinuria",
        label="UPCR at or above 3 g/g",
        comparator=">=",
        value="3",
        unit="g/g",
        quantity="upcr",
        source_id=_A,
    ),
    cni_triple_with_extrarenal_activity=Rule(
        "triple-choice-extrarenal",
        "CNI triple (without belimumab) with active extrarenal lupus",
        _E.CAUTION,
        _A,
        "With extrarenal manifestations ACR suggests a belimumab-containing triple.",
    ),
    class_v_regimen_choice=Rule(
        "class-v-regimen-choice",
        "Pure class V regimen not the one ACR suggests for the proteinuria level",
        _E.CAUTION,
        _A,
        "Proteinuria >= 1 g/g: MPAA + CNI triple; below 1 g/g: glucocorticoids and/or one of "
        "MPAA, azathioprine or a CNI.",
    ),
    class_v_threshold=Threshold(
        id="class-v-regimen-choice",
        label="UPCR at or above 1 g/g",
        comparator=">=",
        value="1",
        unit="g/g",
        quantity="upcr",
        source_id=_A,
    ),
    glucocorticoids=Rule(
        "glucocorticoids",
        "Initial-type regimen without glucocorticoids (class III/IV or later steps)",
        _E.CAUTION,
        _A,
        "ACR regimens for class III/IV include glucocorticoids (IV pulses then oral taper).",
    ),
    pregnancy=PREGNANCY_RULES,
    hydroxychloroquine_flag="hydroxychloroquine-for-all-patients",
    belimumab_triples=("mpaa+belimumab", "cyclophosphamide+belimumab"),
    cni_triples=("mpaa+cni",),
    class_v_triple="mpaa+cni",
)

OPTIONS: tuple[Option, ...] = (UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def _is_option(options: tuple[RegimenOption, ...], ids: tuple[str, ...], reg: Regimen) -> bool:
    """Whether the regimen's core matches one of the options with these ids."""
    return any(o.id in ids and o.matches(core_drugs(reg)) for o in options)


def _triple_choice(p: Parameters, reg: Regimen, ctx: PatientContext) -> list[Finding]:
    if reg.phase is TreatmentPhase.MAINTENANCE:
        return []
    group = class_group(ctx.isn_rps_classes)
    applies = None if group is None else group == "proliferative"
    if reg.phase is not TreatmentPhase.INITIAL:
        applies = True
    is_belimumab_triple = _is_option(p.options.initial_proliferative, p.belimumab_triples, reg)
    is_cni_triple = _is_option(p.options.initial_proliferative, p.cni_triples, reg)
    findings: list[Finding] = []
    if is_belimumab_triple:
        found = threshold_finding(
            p.belimumab_triple_with_high_proteinuria,
            p.high_proteinuria_threshold,
            ctx.upcr,
            field="upcr",
        )
        gated = gate(found, applies, field="isn_rps_classes", why="to class III/IV")
        if gated is not None:
            findings.append(gated)
    if is_cni_triple:
        found = flag_finding(
            p.cni_triple_with_extrarenal_activity,
            ctx.has_extrarenal_activity,
            field="has_extrarenal_activity",
        )
        gated = gate(found, applies, field="isn_rps_classes", why="to class III/IV")
        if gated is not None:
            findings.append(gated)
    return findings


def _class_v(p: Parameters, reg: Regimen, ctx: PatientContext) -> Finding | None:
    if reg.phase is not TreatmentPhase.INITIAL:
        return None
    group = class_group(ctx.isn_rps_classes)
    applies = None if group is None else group == "pure_v"
    is_mpaa_cni = _is_option(p.options.initial_pure_v, (p.class_v_triple,), reg)
    high = threshold_finding(p.class_v_regimen_choice, p.class_v_threshold, ctx.upcr, field="upcr")
    outcome = high.criterion.outcome
    if outcome is Outcome.UNKNOWN:
        mismatch: bool | None = None
    else:
        mismatch = (outcome is Outcome.MET) != is_mpaa_cni
    detail = f"regimen is {'the MPAA + CNI triple' if is_mpaa_cni else 'not the MPAA + CNI triple'}"
    found = flag_finding(
        p.class_v_regimen_choice,
        mismatch,
        field="upcr",
        detail=detail,
        observed=None if ctx.upcr is None else str(ctx.upcr),
    )
    found = attrs.evolve(found, criterion=attrs.evolve(found.criterion, children=(high.criterion,)))
    return gate(found, applies, field="isn_rps_classes", why="to pure class V")


def _glucocorticoids(p: Parameters, reg: Regimen, ctx: PatientContext) -> Finding | None:
    found = glucocorticoid_finding(p.glucocorticoids, reg)
    if found is None:
        return None
    if reg.phase is TreatmentPhase.INITIAL:
        group = class_group(ctx.isn_rps_classes)
        applies = None if group is None else group != "pure_v"
        return gate(found, applies, field="isn_rps_classes", why="outside pure class V")
    return found


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against ACR 2024.

    Args:
        regimen: A `Regimen` or a mapping.
        patient: A `PatientContext` or a mapping.
        **options: See `OPTIONS` (``unknown_caution``); unknown names raise
            ``OptionError``.

    Returns:
        The eligibility decision.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    reg, ctx = parse_inputs(regimen, patient)
    p = PARAMETERS
    listed, option = listing_finding(p.listing, p.options, reg, ctx, source="ACR 2024")
    findings: list[Finding] = [listed]
    if reg.phase.is_initial_type and reg.has(DrugName.CYCLOPHOSPHAMIDE):
        findings.append(regimen_finding(p.cyclophosphamide_based, True))
    for extra in (
        scheme_finding(p.high_dose_cyclophosphamide, reg, p.high_dose_schemes),
        scheme_finding(p.oral_cyclophosphamide, reg, p.oral_schemes),
        _class_v(p, reg, ctx),
        _glucocorticoids(p, reg, ctx),
    ):
        if extra is not None:
            findings.append(extra)
    findings += _triple_choice(p, reg, ctx)
    findings += pregnancy_findings(p.pregnancy, reg, ctx)
    flags = hydroxychloroquine_flags(reg, p.hydroxychloroquine_flag)
    details = [("matched_option", option.id if option else None)]
    return make_decision(RULE_SET, reg, findings, options=opts, flags=flags, details=details)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Regimen eligibility: ACR 2024 lupus nephritis guideline",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_A, "cellcept-uspi", "cyclophosphamide-label"),
        parameters=PARAMETERS,
        description=(
            "Checks a regimen against the ACR 2024 options for its phase: triple therapy for "
            "class III/IV (dual therapy is 'caution'), the choice between the belimumab and "
            "CNI triples (UPCR >= 3 g/g favours MPAA + CNI; extrarenal activity favours "
            "belimumab), MPAA over cyclophosphamide, Euro-Lupus over high-dose IV and oral "
            "cyclophosphamide, pure class V by proteinuria (>= 1 g/g: MPAA + CNI), escalation "
            "after inadequate response, anti-CD20 or MPAA + belimumab + CNI for refractory "
            "disease, and mycophenolate and cyclophosphamide in pregnancy."
        ),
        options=OPTIONS,
        notes=(
            "Conditional recommendations are encoded as preferences: a listed but "
            "less-preferred regimen (dual therapy, azathioprine maintenance, "
            "cyclophosphamide-based, high-dose IV cyclophosphamide, the other triple) is "
            "'caution'; a regimen ACR does not list, or daily oral cyclophosphamide (strong "
            "recommendation against), is 'not recommended'.",
            "'Proteinuria >= 3 g/g' and '>= 1 g/g' are compared with the UPCR in g/g "
            "(exact conversion from mg/mmol or mg/g).",
            "When both UPCR >= 3 g/g and extrarenal activity are present, either triple gets a "
            "caution (ACR does not rank the two conditions).",
            "Pure class V with UPCR < 1 g/g: MPAA + CNI is 'caution' (more than ACR suggests); "
            "with UPCR >= 1 g/g, a single immunosuppressant is 'caution'.",
            "Pure class V 'glucocorticoids alone' matches only a regimen that contains "
            "glucocorticoids (hydroxychloroquine alone is not an ACR class V regimen).",
            "Refractory means two failed standard courses (checked by the algorithm, not here); "
            "anti-CD20 covers rituximab and obinutuzumab. ACR prefers no specific CNI.",
            "ACR 2024 gives no CNI or belimumab eGFR limit in the fact base; see us-labels and "
            "kdigo-2024-regimens.",
            "Maintenance after triple therapy continues the same regimen; after dual therapy, "
            "MPAA over azathioprine; after dual therapy with only a partial response, escalate "
            "(phase non_response).",
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
