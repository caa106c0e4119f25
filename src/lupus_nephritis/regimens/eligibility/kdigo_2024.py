"""Rule set ``kdigo-2024-regimens``: regimen eligibility under the KDIGO 2024 LN guideline.

Initial therapy for active class III/IV (+/- V) LN (Recommendation 10.2.3.1.1, 1B):
glucocorticoids plus one of mycophenolic acid analogues (MPAA), low-dose IV cyclophosphamide,
belimumab with MPAA or low-dose IV cyclophosphamide, or MPAA with a calcineurin inhibitor (CNI)
when kidney function is not severely impaired. Maintenance with MPAA (1B), azathioprine as the
alternative; belimumab or a CNI may continue. Non-response: switch the initial regimen;
refractory disease: rituximab (weaker evidence).
"""

from __future__ import annotations

from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.regimens.catalogue import CNI
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
    class_group,
    flag_finding,
    glucocorticoid_finding,
    hydroxychloroquine_flags,
    listing_finding,
    make_decision,
    parse_inputs,
    pregnancy_findings,
    scheme_finding,
    threshold_finding,
    tri_all,
)
from lupus_nephritis.regimens.models import (
    CyclophosphamideScheme,
    DrugName,
    TreatmentPhase,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "kdigo-2024-regimens"
_K = "kdigo-2024-ln"
_E = Eligibility


@attrs.frozen(slots=True)
class Parameters:
    """KDIGO 2024 regimen rules as data."""

    listing: Rule
    options: OptionTables
    cni_egfr: Rule
    cni_egfr_threshold: Threshold
    belimumab_egfr: Rule
    belimumab_egfr_threshold: Threshold
    cyclophosphamide_scheme: Rule
    cyclophosphamide_schemes_flagged: tuple[CyclophosphamideScheme, ...]
    glucocorticoids: Rule
    azathioprine_maintenance: Rule
    pregnancy: PregnancyRules
    hydroxychloroquine_flag: str
    class_v_flag: str


def _o(option_id: str, slots: tuple[Any, ...], preference: Eligibility, note: str) -> RegimenOption:
    return RegimenOption(option_id, slots, preference, _K, note)


_INITIAL_PROLIFERATIVE = (
    _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "MMF 1.0-1.5 g or MPA 0.72-1.08 g twice daily, with GC"),
    _o("cyclophosphamide", (CYC_SLOT,), _E.ELIGIBLE, "low-dose IV cyclophosphamide, with GC"),
    _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "belimumab with MPAA"),
    _o(
        "cyclophosphamide+belimumab",
        (CYC_SLOT, BELIMUMAB_SLOT),
        _E.ELIGIBLE,
        "belimumab with low-dose IV cyclophosphamide",
    ),
    _o(
        "mpaa+cni",
        (MPAA_SLOT, CNI_SLOT),
        _E.ELIGIBLE,
        "MPAA with a CNI when kidney function is not severely impaired (see cni-egfr)",
    ),
)

PARAMETERS = Parameters(
    listing=Rule(
        "regimen-listed",
        "Regimen not a preferred KDIGO 2024 option for its phase",
        _E.NOT_RECOMMENDED,
        _K,
    ),
    options=OptionTables(
        initial_proliferative=_INITIAL_PROLIFERATIVE,
        initial_pure_v=(
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "pure class V (low-medium confidence)"),
            _o("cni", (CNI_SLOT,), _E.ELIGIBLE, "pure class V (low-medium confidence)"),
            _o(
                "mpaa+cni",
                (MPAA_SLOT, CNI_SLOT),
                _E.ELIGIBLE,
                "pure class V: MPAA/CNI combination mentioned (low-medium confidence)",
            ),
        ),
        maintenance=(
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "MPAA for maintenance (1B)"),
            _o(
                "azathioprine",
                (AZA_SLOT,),
                _E.ELIGIBLE,
                "alternative (pregnancy planning, MPAA intolerance); see azathioprine-maintenance",
            ),
            _o(
                "mpaa+belimumab",
                (MPAA_SLOT, BELIMUMAB_SLOT),
                _E.ELIGIBLE,
                "belimumab may continue if used initially",
            ),
            _o(
                "mpaa+cni",
                (MPAA_SLOT, CNI_SLOT),
                _E.ELIGIBLE,
                "a CNI may continue if used initially",
            ),
            _o(
                "azathioprine+belimumab",
                (AZA_SLOT, BELIMUMAB_SLOT),
                _E.ELIGIBLE,
                "belimumab may continue if used initially, with the azathioprine alternative "
                "(BLISS-LN: cyclophosphamide then azathioprine); see azathioprine-maintenance",
            ),
        ),
        non_response=(
            *_INITIAL_PROLIFERATIVE,
            _o(
                "mpaa+anti-cd20",
                (MPAA_SLOT, ANTI_CD20_SLOT),
                _E.CAUTION,
                "anti-CD20 (rituximab) for refractory disease, weaker evidence",
            ),
            _o(
                "cyclophosphamide+anti-cd20",
                (CYC_SLOT, ANTI_CD20_SLOT),
                _E.CAUTION,
                "anti-CD20 (rituximab) for refractory disease, weaker evidence",
            ),
        ),
        refractory=(
            *_INITIAL_PROLIFERATIVE,
            _o(
                "mpaa+anti-cd20",
                (MPAA_SLOT, ANTI_CD20_SLOT),
                _E.CAUTION,
                "rituximab listed for refractory disease with weaker evidence",
            ),
            _o(
                "cyclophosphamide+anti-cd20",
                (CYC_SLOT, ANTI_CD20_SLOT),
                _E.CAUTION,
                "rituximab listed for refractory disease with weaker evidence",
            ),
        ),
    ),
    cni_egfr=Rule(
        "cni-egfr",
        "Calcineurin inhibitor with eGFR at or below 45",
        _E.NOT_RECOMMENDED,
        _K,
        "MPAA + CNI only when kidney function is not severely impaired: encoded as eGFR > 45 "
        "(Figure 5), so 45 itself is excluded. Rec 10.2.3.1.1 prints '<= 45' (an internal "
        "inconsistency of the guideline).",
    ),
    cni_egfr_threshold=Threshold(
        id="cni-egfr",
        label="eGFR at or below 45 mL/min/1.73 m2",
        comparator="<=",
        value="45",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=_K,
        note="CNI eligible only with eGFR > 45 (Figure 5); the recommendation text prints <= 45.",
    ),
    belimumab_egfr=Rule(
        "belimumab-egfr",
        "Belimumab with eGFR below 30",
        _E.NOT_RECOMMENDED,
        _K,
        "Belimumab-containing triple therapy with eGFR >= 30 (executive summary; one secondary "
        "source, medium confidence).",
    ),
    belimumab_egfr_threshold=Threshold(
        id="belimumab-egfr",
        label="eGFR below 30 mL/min/1.73 m2",
        comparator="<",
        value="30",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=_K,
    ),
    cyclophosphamide_scheme=Rule(
        "cyclophosphamide-scheme",
        "Cyclophosphamide other than low-dose IV (Euro-Lupus)",
        _E.CAUTION,
        _K,
        "The recommendation names low-dose IV cyclophosphamide; high-dose IV and oral doses "
        "appear in KDIGO material as alternatives.",
    ),
    cyclophosphamide_schemes_flagged=(CyclophosphamideScheme.NIH, CyclophosphamideScheme.ORAL),
    glucocorticoids=Rule(
        "glucocorticoids",
        "Initial-type regimen without glucocorticoids",
        _E.CAUTION,
        _K,
        "Every KDIGO initial regimen is glucocorticoids plus an immunosuppressant.",
    ),
    azathioprine_maintenance=Rule(
        "azathioprine-maintenance",
        "Azathioprine maintenance without a reason to avoid MPAA (pregnancy, planned pregnancy, "
        "MPAA intolerance)",
        _E.CAUTION,
        _K,
        "MPAA is the maintenance agent (1B); azathioprine is the alternative, e.g. for "
        "pregnancy planning or MPAA intolerance.",
    ),
    pregnancy=PREGNANCY_RULES,
    hydroxychloroquine_flag="hydroxychloroquine-for-all-patients",
    class_v_flag="kdigo-class-v-thresholds-not-found",
)

OPTIONS: tuple[Option, ...] = (UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against KDIGO 2024.

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
    listed, option = listing_finding(p.listing, p.options, reg, ctx, source="KDIGO 2024")
    findings: list[Finding] = [listed]
    if reg.has(*CNI):
        findings.append(threshold_finding(p.cni_egfr, p.cni_egfr_threshold, ctx.egfr, field="egfr"))
    if reg.has(DrugName.BELIMUMAB):
        findings.append(
            threshold_finding(p.belimumab_egfr, p.belimumab_egfr_threshold, ctx.egfr, field="egfr")
        )
    for extra in (
        scheme_finding(p.cyclophosphamide_scheme, reg, p.cyclophosphamide_schemes_flagged),
        glucocorticoid_finding(p.glucocorticoids, reg),
    ):
        if extra is not None:
            findings.append(extra)
    if reg.phase is TreatmentPhase.MAINTENANCE and reg.has(DrugName.AZATHIOPRINE):
        no_reason = tri_all(
            (
                None if ctx.pregnant is None else not ctx.pregnant,
                None if ctx.is_planning_pregnancy is None else not ctx.is_planning_pregnancy,
                None if ctx.is_mpaa_intolerant is None else not ctx.is_mpaa_intolerant,
            )
        )
        findings.append(
            flag_finding(
                p.azathioprine_maintenance,
                no_reason,
                field=("is_pregnant", "is_planning_pregnancy", "is_mpaa_intolerant"),
            )
        )
    findings += pregnancy_findings(p.pregnancy, reg, ctx)
    flags = hydroxychloroquine_flags(reg, p.hydroxychloroquine_flag)
    if reg.phase is TreatmentPhase.INITIAL and class_group(ctx.isn_rps_classes) == "pure_v":
        flags.append(p.class_v_flag)
    details = [("matched_option", option.id if option else None)]
    return make_decision(RULE_SET, reg, findings, options=opts, flags=flags, details=details)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Regimen eligibility: KDIGO 2024 lupus nephritis guideline",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_K, "cellcept-uspi", "cyclophosphamide-label"),
        parameters=PARAMETERS,
        description=(
            "Checks a regimen against the KDIGO 2024 options for its phase (initial therapy "
            "split by ISN/RPS class: III/IV +/- V, or pure V), the CNI kidney-function limit "
            "(eGFR > 45), the belimumab limit (eGFR >= 30), low-dose IV cyclophosphamide, "
            "glucocorticoids with initial therapy, MPAA before azathioprine in maintenance, and "
            "mycophenolate and cyclophosphamide in pregnancy (azathioprine is the switch). "
            "Regimens the guideline does not list are 'not recommended'."
        ),
        options=OPTIONS,
        notes=(
            "CNI eGFR: KDIGO 2024 is internally inconsistent. Recommendation 10.2.3.1.1 says "
            "a CNI may be used when kidney function is 'not severely impaired' but prints "
            "'eGFR <= 45'; Figure 5 gives voclosporin for eGFR > 45. Encoded: CNI only if "
            "eGFR > 45, so exactly 45 is not recommended.",
            "Belimumab eGFR >= 30 rests on one secondary report of the executive summary "
            "(medium confidence).",
            "Pure class V: KDIGO's proteinuria thresholds for immunosuppression were NOT FOUND; "
            "MPAA, a CNI or both are listed (low-medium confidence) and the decision is "
            "flagged 'kdigo-class-v-thresholds-not-found'.",
            "Classes I, II and VI: the guideline's regimen lists here cover classes III, IV "
            "and V, so any immunosuppressive regimen for them is 'not recommended' (not listed).",
            "Maintenance belimumab or CNI 'may continue if used initially': the listing does "
            "not check what was used initially (the algorithm does).",
            "Refractory disease: no numeric KDIGO definition was found; rituximab (anti-CD20) "
            "is 'caution' (weaker evidence). Obinutuzumab is matched as anti-CD20 (KDIGO "
            "summaries name anti-CD20 therapy).",
            "Mycophenolate and cyclophosphamide in pregnancy are checked from their labels "
            "(shared pregnancy rules); KDIGO recommends switching MMF to azathioprine (1B).",
            "Hydroxychloroquine for all patients unless contraindicated (1C): flagged when "
            "absent, not a verdict.",
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
