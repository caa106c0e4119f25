"""Rule set ``seed-review-2024-regimens``: the combinations the seed review proposes (Figure 2).

The review proposes early combination therapy: MMF or cyclophosphamide plus belimumab, or MMF
plus voclosporin, with glucocorticoids (standard care: MMF or cyclophosphamide). Figure 2's
footnotes: voclosporin is not indicated with GFR below 45 mL/min, and only in combination with
MMF. Maintenance: MMF plus belimumab or voclosporin, or azathioprine with belimumab (standard:
MMF or azathioprine). Non-response or refractory disease (section 2.6.4): switch MMF to
cyclophosphamide or back, add rituximab, or multitarget therapy (CNI + MMF); data on a CNI
with belimumab are minimal.
"""

from __future__ import annotations

from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.regimens.catalogue import CNI
from lupus_nephritis.regimens.eligibility._common import (
    AZA_SLOT,
    BELIMUMAB_SLOT,
    CNI_SLOT,
    CYC_SLOT,
    MMF_SLOT,
    MPAA_SLOT,
    PREGNANCY_RULES,
    RITUXIMAB_SLOT,
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    VOCLOSPORIN_SLOT,
    Finding,
    OptionTables,
    PregnancyRules,
    RegimenOption,
    Rule,
    Slot,
    glucocorticoid_finding,
    listing_finding,
    make_decision,
    parse_inputs,
    pregnancy_findings,
    regimen_finding,
    threshold_finding,
)
from lupus_nephritis.regimens.models import DrugName
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "seed-review-2024-regimens"
_S = "seed-review-2024"
_E = Eligibility

CONVENTIONAL_CNI_SLOT = Slot(
    "tacrolimus or cyclosporine", (DrugName.TACROLIMUS, DrugName.CYCLOSPORINE)
)


@attrs.frozen(slots=True)
class Parameters:
    """Seed review (Figure 2 and section 2.6) regimen rules as data."""

    listing: Rule
    options: OptionTables
    voclosporin_gfr: Rule
    voclosporin_gfr_threshold: Threshold
    voclosporin_without_mmf: Rule
    belimumab_with_cni: Rule
    glucocorticoids: Rule
    pregnancy: PregnancyRules


def _o(
    option_id: str, slots: tuple[Slot, ...], preference: Eligibility, note: str
) -> RegimenOption:
    return RegimenOption(option_id, slots, preference, _S, note)


_INITIAL = (
    _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "standard care: glucocorticoids plus MMF"),
    _o("cyclophosphamide", (CYC_SLOT,), _E.ELIGIBLE, "standard care: glucocorticoids plus CYC"),
    _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "proposed early combination"),
    _o(
        "cyclophosphamide+belimumab",
        (CYC_SLOT, BELIMUMAB_SLOT),
        _E.ELIGIBLE,
        "proposed early combination (BLISS-LN)",
    ),
    _o(
        "mmf+voclosporin",
        (MMF_SLOT, VOCLOSPORIN_SLOT),
        _E.ELIGIBLE,
        "proposed early combination (AURORA)",
    ),
    _o(
        "mpaa+tacrolimus-or-cyclosporine",
        (MPAA_SLOT, CONVENTIONAL_CNI_SLOT),
        _E.CAUTION,
        "initial multitarget data were low quality and not multiethnic",
    ),
)

_LATER = (
    _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "switch to MMF (from cyclophosphamide)"),
    _o("cyclophosphamide", (CYC_SLOT,), _E.ELIGIBLE, "switch to cyclophosphamide (from MMF)"),
    _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "first-line combination"),
    _o(
        "cyclophosphamide+belimumab",
        (CYC_SLOT, BELIMUMAB_SLOT),
        _E.ELIGIBLE,
        "first-line combination",
    ),
    _o("mpaa+rituximab", (MPAA_SLOT, RITUXIMAB_SLOT), _E.ELIGIBLE, "add rituximab"),
    _o("cyclophosphamide+rituximab", (CYC_SLOT, RITUXIMAB_SLOT), _E.ELIGIBLE, "add rituximab"),
    _o("mpaa+cni", (MPAA_SLOT, CNI_SLOT), _E.ELIGIBLE, "multitarget therapy (CNI + MMF)"),
    _o(
        "mpaa+belimumab+rituximab",
        (MPAA_SLOT, BELIMUMAB_SLOT, RITUXIMAB_SLOT),
        _E.CAUTION,
        "small phase II proof-of-concept study; MMF dose tapered",
    ),
    _o(
        "cyclophosphamide+belimumab+rituximab",
        (CYC_SLOT, BELIMUMAB_SLOT, RITUXIMAB_SLOT),
        _E.CAUTION,
        "CALIBRATE: no gain in complete response",
    ),
    _o(
        "mpaa+cni+belimumab",
        (MPAA_SLOT, CNI_SLOT, BELIMUMAB_SLOT),
        _E.CAUTION,
        "a few patients reported (voclosporin + belimumab + MMF)",
    ),
)

PARAMETERS = Parameters(
    listing=Rule(
        "regimen-listed",
        "Regimen not a preferred option of the seed review for its phase",
        _E.NOT_RECOMMENDED,
        _S,
    ),
    options=OptionTables(
        initial_proliferative=_INITIAL,
        initial_pure_v=_INITIAL,
        maintenance=(
            _o("mpaa", (MPAA_SLOT,), _E.ELIGIBLE, "standard maintenance: MMF"),
            _o("azathioprine", (AZA_SLOT,), _E.ELIGIBLE, "standard maintenance: azathioprine"),
            _o("mpaa+belimumab", (MPAA_SLOT, BELIMUMAB_SLOT), _E.ELIGIBLE, "MMF plus belimumab"),
            _o(
                "mmf+voclosporin",
                (MMF_SLOT, VOCLOSPORIN_SLOT),
                _E.ELIGIBLE,
                "MMF plus voclosporin (AURORA 2)",
            ),
            _o(
                "azathioprine+belimumab",
                (AZA_SLOT, BELIMUMAB_SLOT),
                _E.ELIGIBLE,
                "azathioprine with belimumab (BLISS-LN)",
            ),
        ),
        non_response=_LATER,
        refractory=_LATER,
    ),
    voclosporin_gfr=Rule(
        "voclosporin-gfr",
        "Voclosporin with GFR below 45",
        _E.NOT_RECOMMENDED,
        _S,
        "Figure 2 footnote a: not indicated with GFR < 45 mL/min. The US label says <= 45 "
        "(see us-labels): at exactly 45 the two differ.",
    ),
    voclosporin_gfr_threshold=Threshold(
        id="voclosporin-gfr",
        label="eGFR below 45 mL/min/1.73 m2",
        comparator="<",
        value="45",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=_S,
        note="The figure writes 'GFR < 45 ml/min'; compared with the eGFR given.",
    ),
    voclosporin_without_mmf=Rule(
        "voclosporin-without-mmf",
        "Voclosporin without MMF",
        _E.NOT_RECOMMENDED,
        _S,
        "Figure 2 footnote b: voclosporin only in combination with MMF (no data with "
        "cyclophosphamide or azathioprine). Mycophenolic acid is not MMF here.",
    ),
    belimumab_with_cni=Rule(
        "belimumab-with-cni",
        "Belimumab combined with a calcineurin inhibitor",
        _E.CAUTION,
        _S,
        "Minimal data (small retrospective series with tacrolimus; four patients with "
        "voclosporin).",
    ),
    glucocorticoids=Rule(
        "glucocorticoids",
        "Initial-type regimen without glucocorticoids",
        _E.CAUTION,
        _S,
        "Standard and proposed regimens include glucocorticoids; glucocorticoid-free regimens "
        "are investigational.",
    ),
    pregnancy=PREGNANCY_RULES,
)

OPTIONS: tuple[Option, ...] = (UNKNOWNS_OPTION, UNKNOWN_CAUTION_OPTION)


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against the seed review's proposed combinations.

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
    listed, option = listing_finding(p.listing, p.options, reg, ctx, source="the seed review")
    findings: list[Finding] = [listed]
    if reg.has(DrugName.VOCLOSPORIN):
        findings.append(
            threshold_finding(
                p.voclosporin_gfr, p.voclosporin_gfr_threshold, ctx.egfr, field="egfr"
            )
        )
        findings.append(
            regimen_finding(p.voclosporin_without_mmf, not reg.has(DrugName.MYCOPHENOLATE_MOFETIL))
        )
    if reg.has(DrugName.BELIMUMAB) and reg.has(*CNI):
        findings.append(regimen_finding(p.belimumab_with_cni, True))
    gc = glucocorticoid_finding(p.glucocorticoids, reg)
    if gc is not None:
        findings.append(gc)
    findings += pregnancy_findings(p.pregnancy, reg, ctx)
    details = [("matched_option", option.id if option else None)]
    return make_decision(RULE_SET, reg, findings, options=opts, details=details)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Regimen eligibility: the seed review's proposed combinations (Figure 2)",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_S, "cellcept-uspi", "cyclophosphamide-label"),
        parameters=PARAMETERS,
        description=(
            "Checks a regimen against the combinations the seed review proposes for each "
            "phase (Figure 2 and section 2.6): MMF or cyclophosphamide with belimumab, MMF "
            "with voclosporin (GFR >= 45, MMF only), maintenance MMF or azathioprine with "
            "belimumab or MMF with voclosporin, and for non-response or refractory disease a "
            "switch between MMF and cyclophosphamide, added rituximab or multitarget therapy. "
            "Belimumab with a CNI is 'caution' (minimal data)."
        ),
        options=OPTIONS,
        notes=(
            "Voclosporin GFR: Figure 2 says 'not indicated with GFR < 45 mL/min' while the US "
            "label says 'not recommended with baseline eGFR <= 45'. This rule set follows the "
            "figure (< 45), so eGFR exactly 45 passes here and fails us-labels.",
            "The review writes MMF; the MMF/cyclophosphamide anchors accept mycophenolic acid "
            "(720 mg ~ MMF 1000 mg) but the voclosporin footnote is read literally (MMF).",
            "Figure 2 is not split by ISN/RPS class; the same initial options are used for "
            "pure class V.",
            "Investigational agents the review discusses (obinutuzumab, anifrolumab, "
            "atacicept, ianalumab, secukinumab, zetomipzomib, CAR-T, low-dose IL-2) are not "
            "part of Figure 2 and are not listed.",
            "The review does not state which step (non-response or refractory) each option "
            "belongs to; the same list serves both.",
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
