"""Rule set ``us-labels``: regimen eligibility against the US drug labels.

Checks every drug of a regimen that has label facts in the fact base: LUPKYNIS (voclosporin),
BENLYSTA (belimumab), GAZYVA (obinutuzumab, LN indication), CellCept/Myfortic (mycophenolate),
cyclophosphamide and azathioprine. Each criterion cites its own label. Drugs without US LN label
facts (tacrolimus, cyclosporine, rituximab, anifrolumab) are not judged by this rule set; the
decision flags them (``no-us-ln-label-facts:<drug>``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility, Evidence
from lupus_nephritis.models import Sex
from lupus_nephritis.regimens.catalogue import BACKGROUND_IMMUNOSUPPRESSANTS, MPAA
from lupus_nephritis.regimens.eligibility._common import (
    PREGNANCY_RULES,
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Finding,
    PregnancyRules,
    Rule,
    combined_finding,
    flag_finding,
    gate,
    make_decision,
    parse_inputs,
    pregnancy_findings,
    regimen_finding,
    threshold_finding,
    value_threshold_finding,
)
from lupus_nephritis.regimens.models import (
    Cyp3a4Inhibition,
    DrugName,
    GenotypeStatus,
    HepaticImpairment,
    PatientContext,
    Regimen,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_previous_version
from lupus_nephritis.thresholds import Option, Threshold, resolve_options
from lupus_nephritis.units import Quantity, factor

RULE_SET_ID = "us-labels"

_E = Eligibility
_VOC = "lupkynis-uspi"
_BEL = "benlysta-uspi"
_GAZ = "gazyva-uspi-ln"
_MYC = "cellcept-uspi"
_CYC = "cyclophosphamide-label"
_AZA = "azathioprine-uspi"


@attrs.frozen(slots=True)
class VoclosporinRules:
    """LUPKYNIS (voclosporin) US label rules."""

    baseline_egfr: Rule
    baseline_egfr_threshold: Threshold
    severe_renal_impairment: Rule
    severe_renal_impairment_threshold: Threshold
    no_background_therapy: Rule
    without_mmf: Rule
    without_glucocorticoids: Rule
    with_cyclophosphamide: Rule
    with_azathioprine: Rule
    strong_cyp3a4_inhibitor: Rule
    moderate_cyp3a4_inhibitor: Rule
    strong_cyp3a4_inducer: Rule
    blood_pressure: Rule
    systolic_threshold: Threshold
    diastolic_threshold: Threshold
    hypertensive_emergency: Rule
    pregnancy: Rule
    breastfeeding: Rule
    live_vaccine: Rule
    severe_hepatic_impairment: Rule
    mild_moderate_hepatic_impairment: Rule
    age: Rule
    age_threshold: Threshold
    hypersensitivity: Rule


@attrs.frozen(slots=True)
class BelimumabRules:
    """BENLYSTA (belimumab) US label rules."""

    age: Rule
    age_threshold: Threshold
    severe_cns_lupus: Rule
    no_background_therapy: Rule
    anaphylaxis: Rule
    pregnancy_planning: Rule


@attrs.frozen(slots=True)
class ObinutuzumabRules:
    """GAZYVA (obinutuzumab) US label rules for lupus nephritis."""

    age: Rule
    age_threshold: Threshold
    no_background_therapy: Rule


@attrs.frozen(slots=True)
class MycophenolateRules:
    """CellCept/Myfortic (mycophenolate) label rules beyond pregnancy."""

    breastfeeding: Rule
    renal_impairment: Rule
    renal_impairment_threshold: Threshold


@attrs.frozen(slots=True)
class CyclophosphamideRules:
    """Cyclophosphamide label rules beyond pregnancy."""

    breastfeeding: Rule
    hypersensitivity: Rule


@attrs.frozen(slots=True)
class AzathioprineRules:
    """Azathioprine label rules (TPMT/NUDT15)."""

    homozygous_deficiency: Rule
    heterozygous: Rule


@attrs.frozen(slots=True)
class Parameters:
    """Every rule of the ``us-labels`` rule set, with its label source."""

    voclosporin: VoclosporinRules
    belimumab: BelimumabRules
    obinutuzumab: ObinutuzumabRules
    mycophenolate: MycophenolateRules
    cyclophosphamide: CyclophosphamideRules
    azathioprine: AzathioprineRules
    pregnancy: PregnancyRules
    drugs_without_label_facts: tuple[DrugName, ...]


PARAMETERS = Parameters(
    voclosporin=VoclosporinRules(
        baseline_egfr=Rule(
            "voclosporin-baseline-egfr",
            "Voclosporin with baseline eGFR at or below 45",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Not recommended with baseline eGFR <= 45 unless the benefit exceeds the risk "
            "(risk of acute and/or chronic nephrotoxicity); 45 itself is not recommended.",
        ),
        baseline_egfr_threshold=Threshold(
            id="voclosporin-baseline-egfr",
            label="baseline eGFR at or below 45 mL/min/1.73 m2",
            comparator="<=",
            value="45",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=_VOC,
            note="US PI v11: not recommended if baseline eGFR <= 45 unless benefit exceeds risk.",
        ),
        severe_renal_impairment=Rule(
            "voclosporin-severe-renal-impairment",
            "Voclosporin with baseline eGFR below 30 (if used: start at 15.8 mg twice daily)",
            _E.CAUTION,
            _VOC,
            "If used despite the eGFR recommendation, the starting dose is 15.8 mg twice daily.",
        ),
        severe_renal_impairment_threshold=Threshold(
            id="voclosporin-severe-renal-impairment",
            label="baseline eGFR below 30 mL/min/1.73 m2",
            comparator="<",
            value="30",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=_VOC,
        ),
        no_background_therapy=Rule(
            "voclosporin-no-background-therapy",
            "Voclosporin without a background immunosuppressant (MPAA, cyclophosphamide or "
            "azathioprine)",
            _E.NOT_RECOMMENDED,
            _VOC,
            "The US indication is in combination with a background immunosuppressive regimen.",
        ),
        without_mmf=Rule(
            "voclosporin-without-mmf",
            "Voclosporin without mycophenolate mofetil",
            _E.CAUTION,
            _VOC,
            "The label's dosing is with MMF and corticosteroids (AURORA); another background "
            "(including mycophenolic acid in place of MMF) was not studied.",
        ),
        without_glucocorticoids=Rule(
            "voclosporin-without-glucocorticoids",
            "Voclosporin without glucocorticoids",
            _E.CAUTION,
            _VOC,
            "The label's dosing is with MMF and corticosteroids.",
        ),
        with_cyclophosphamide=Rule(
            "voclosporin-with-cyclophosphamide",
            "Voclosporin with cyclophosphamide",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Safety and efficacy not established with cyclophosphamide; use not recommended.",
        ),
        with_azathioprine=Rule(
            "voclosporin-with-azathioprine",
            "Voclosporin with azathioprine",
            _E.CAUTION,
            _VOC,
            "Not studied with azathioprine (no data; the seed review gives voclosporin with MMF "
            "only).",
        ),
        strong_cyp3a4_inhibitor=Rule(
            "voclosporin-strong-cyp3a4-inhibitor",
            "Voclosporin with a strong CYP3A4 inhibitor (e.g. ketoconazole, itraconazole, "
            "clarithromycin)",
            _E.CONTRAINDICATED,
            _VOC,
            "Contraindication (ketoconazole raised voclosporin AUC about 18-fold).",
        ),
        moderate_cyp3a4_inhibitor=Rule(
            "voclosporin-moderate-cyp3a4-inhibitor",
            "Voclosporin with a moderate CYP3A4 inhibitor (dose 15.8 mg morning, 7.9 mg evening)",
            _E.CAUTION,
            _VOC,
            "Reduce to 15.8 mg in the morning and 7.9 mg in the evening; mild inhibitors need no "
            "change.",
        ),
        strong_cyp3a4_inducer=Rule(
            "voclosporin-strong-cyp3a4-inducer",
            "Voclosporin with a strong CYP3A4 inducer",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Avoid strong CYP3A4 inducers.",
        ),
        blood_pressure=Rule(
            "voclosporin-blood-pressure",
            "Voclosporin with blood pressure above 165/105 mmHg",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Do not initiate above 165/105 mmHg (during therapy: discontinue and treat). "
            "Whether systolic or diastolic alone suffices is unstated; see the "
            "blood_pressure_reading option.",
        ),
        systolic_threshold=Threshold(
            id="voclosporin-systolic",
            label="systolic pressure above 165 mmHg",
            comparator=">",
            value="165",
            unit="mm[Hg]",
            quantity="blood_pressure",
            source_id=_VOC,
        ),
        diastolic_threshold=Threshold(
            id="voclosporin-diastolic",
            label="diastolic pressure above 105 mmHg",
            comparator=">",
            value="105",
            unit="mm[Hg]",
            quantity="blood_pressure",
            source_id=_VOC,
        ),
        hypertensive_emergency=Rule(
            "voclosporin-hypertensive-emergency",
            "Voclosporin during a hypertensive emergency",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Do not initiate in a hypertensive emergency.",
        ),
        pregnancy=Rule(
            "voclosporin-pregnancy",
            "Voclosporin during pregnancy",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Avoid in pregnancy: the capsules contain alcohol (21.6 mg per capsule); animal "
            "embryo-fetal lethality (medium confidence, drugs.com-derived label text).",
        ),
        breastfeeding=Rule(
            "voclosporin-breastfeeding",
            "Voclosporin while breastfeeding",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Breastfeeding not recommended during therapy and for at least 7 days after the last "
            "dose.",
        ),
        live_vaccine=Rule(
            "voclosporin-live-vaccine",
            "Voclosporin with a live vaccine planned",
            _E.CAUTION,
            _VOC,
            "Avoid live vaccines during therapy. The label's 'avoid' is about the vaccine, not "
            "voclosporin, so a planned live vaccine is 'caution' (reschedule or forgo it).",
        ),
        severe_hepatic_impairment=Rule(
            "voclosporin-severe-hepatic-impairment",
            "Voclosporin in severe hepatic impairment (Child-Pugh C)",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Not recommended in Child-Pugh C.",
        ),
        mild_moderate_hepatic_impairment=Rule(
            "voclosporin-hepatic-impairment",
            "Voclosporin in mild or moderate hepatic impairment (dose 15.8 mg twice daily)",
            _E.CAUTION,
            _VOC,
            "Child-Pugh A or B: 15.8 mg twice daily.",
        ),
        age=Rule(
            "voclosporin-age",
            "Voclosporin under 18 years of age",
            _E.NOT_RECOMMENDED,
            _VOC,
            "Indicated for adults; paediatric safety and efficacy not established.",
        ),
        age_threshold=Threshold(
            id="voclosporin-age",
            label="age below 18 years",
            comparator="<",
            value="18",
            unit="a",
            quantity="age",
            source_id=_VOC,
        ),
        hypersensitivity=Rule(
            "voclosporin-hypersensitivity",
            "Voclosporin after serious hypersensitivity to voclosporin",
            _E.CONTRAINDICATED,
            _VOC,
            "Contraindication: serious or severe hypersensitivity to voclosporin or excipients.",
        ),
    ),
    belimumab=BelimumabRules(
        age=Rule(
            "belimumab-age",
            "Belimumab under 5 years of age",
            _E.NOT_RECOMMENDED,
            _BEL,
            "Indicated from 5 years of age.",
        ),
        age_threshold=Threshold(
            id="belimumab-age",
            label="age below 5 years",
            comparator="<",
            value="5",
            unit="a",
            quantity="age",
            source_id=_BEL,
        ),
        severe_cns_lupus=Rule(
            "belimumab-severe-cns-lupus",
            "Belimumab with severe active central nervous system lupus",
            _E.NOT_RECOMMENDED,
            _BEL,
            "Limitation of use (current label): not evaluated, not recommended. The older "
            "limitation 'not with other biologics or IV cyclophosphamide' is historical and not "
            "applied.",
        ),
        no_background_therapy=Rule(
            "belimumab-no-background-therapy",
            "Belimumab without standard background immunosuppression",
            _E.NOT_RECOMMENDED,
            _BEL,
            "Indicated for active LN in patients receiving standard therapy (BLISS-LN: MMF, or "
            "cyclophosphamide then azathioprine).",
        ),
        anaphylaxis=Rule(
            "belimumab-anaphylaxis",
            "Belimumab after anaphylaxis with belimumab",
            _E.CONTRAINDICATED,
            _BEL,
            "Contraindication: previous anaphylaxis with belimumab.",
        ),
        pregnancy_planning=Rule(
            "belimumab-pregnancy-planning",
            "Belimumab in a woman planning a pregnancy",
            _E.CAUTION,
            _BEL,
            "Females of reproductive potential use effective contraception during treatment and "
            "for at least 4 months after the last dose. Applies to women only.",
        ),
    ),
    obinutuzumab=ObinutuzumabRules(
        age=Rule(
            "obinutuzumab-age",
            "Obinutuzumab under 18 years of age",
            _E.NOT_RECOMMENDED,
            _GAZ,
            "The LN indication is for adults.",
        ),
        age_threshold=Threshold(
            id="obinutuzumab-age",
            label="age below 18 years",
            comparator="<",
            value="18",
            unit="a",
            quantity="age",
            source_id=_GAZ,
        ),
        no_background_therapy=Rule(
            "obinutuzumab-no-background-therapy",
            "Obinutuzumab without standard background immunosuppression",
            _E.NOT_RECOMMENDED,
            _GAZ,
            "Indicated for adults with active LN receiving standard therapy.",
        ),
    ),
    mycophenolate=MycophenolateRules(
        breastfeeding=Rule(
            "mycophenolate-breastfeeding",
            "Mycophenolate while breastfeeding",
            _E.NOT_RECOMMENDED,
            _MYC,
            "Not recommended during therapy and for 6 weeks after (ex-US labels contraindicate "
            "it).",
        ),
        renal_impairment=Rule(
            "mmf-severe-renal-impairment",
            "MMF with GFR below 25 (no more than 1 g twice daily)",
            _E.CAUTION,
            _MYC,
            "Transplant label: with GFR below 25 mL/min/1.73 m2, at most 1 g twice daily.",
        ),
        renal_impairment_threshold=Threshold(
            id="mmf-severe-renal-impairment",
            label="GFR below 25 mL/min/1.73 m2",
            comparator="<",
            value="25",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=_MYC,
            note="The label speaks of GFR; the eGFR given is compared.",
        ),
    ),
    cyclophosphamide=CyclophosphamideRules(
        breastfeeding=Rule(
            "cyclophosphamide-breastfeeding",
            "Cyclophosphamide while breastfeeding",
            _E.CONTRAINDICATED,
            _CYC,
            "Contraindicated in breastfeeding (UK SmPC).",
        ),
        hypersensitivity=Rule(
            "cyclophosphamide-hypersensitivity",
            "Cyclophosphamide after hypersensitivity to cyclophosphamide",
            _E.CONTRAINDICATED,
            _CYC,
            "Contraindication (UK SmPC). Other contraindications (acute infection, marrow "
            "depression, urinary outflow obstruction, acute urothelial toxicity) are not modelled.",
        ),
    ),
    azathioprine=AzathioprineRules(
        homozygous_deficiency=Rule(
            "azathioprine-tpmt-nudt15-deficiency",
            "Azathioprine with homozygous TPMT or NUDT15 deficiency",
            _E.NOT_RECOMMENDED,
            _AZA,
            "Label: consider alternative therapy (severe myelotoxicity). Encoded as 'not "
            "recommended' rather than 'contraindicated' because the label does not list it as a "
            "contraindication.",
        ),
        heterozygous=Rule(
            "azathioprine-tpmt-nudt15-heterozygous",
            "Azathioprine with heterozygous TPMT or NUDT15 deficiency (reduce the dose)",
            _E.CAUTION,
            _AZA,
            "Label: reduce the dose (CPIC numeric reductions NOT FOUND).",
        ),
    ),
    pregnancy=PREGNANCY_RULES,
    drugs_without_label_facts=(
        DrugName.TACROLIMUS,
        DrugName.CYCLOSPORINE,
        DrugName.RITUXIMAB,
        DrugName.ANIFROLUMAB,
    ),
)

OPTIONS: tuple[Option, ...] = (
    Option(
        name="blood_pressure_reading",
        default="either",
        description=(
            "How '> 165/105 mmHg' is read: 'either' (systolic > 165 OR diastolic > 105, the "
            "conservative reading, default) or 'both' (systolic > 165 AND diastolic > 105)."
        ),
        choices=("either", "both"),
        source_id=_VOC,
    ),
    Option(
        name="hypersensitivity_unknown",
        default="not_evaluable",
        description=(
            "When hypersensitive_to is not recorded: 'not_evaluable' (default; the label "
            "contraindications cannot be excluded) or 'assume_none' (treat as no known "
            "hypersensitivity and flag 'hypersensitivity-not-recorded')."
        ),
        choices=("not_evaluable", "assume_none"),
    ),
    Option(
        name="genotype_unknown",
        default="not_evaluable",
        description=(
            "When TPMT/NUDT15 status is unknown: 'not_evaluable' (default) or 'flag' (judge "
            "azathioprine without it and flag 'tpmt-nudt15-not-tested'). The current label asks "
            "to consider testing; an older label recommended testing before starting."
        ),
        choices=("not_evaluable", "flag"),
        source_id=_AZA,
    ),
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
)


def _hypersensitive(context: PatientContext, drug: DrugName, opts: dict[str, Any]) -> bool | None:
    if context.hypersensitive_to is None:
        return False if opts["hypersensitivity_unknown"] == "assume_none" else None
    return drug in context.hypersensitive_to


def _voclosporin(
    p: VoclosporinRules, regimen: Regimen, ctx: PatientContext, opts: dict[str, Any]
) -> list[Finding]:
    findings = [
        threshold_finding(p.baseline_egfr, p.baseline_egfr_threshold, ctx.egfr, field="egfr"),
        threshold_finding(
            p.severe_renal_impairment, p.severe_renal_impairment_threshold, ctx.egfr, field="egfr"
        ),
        regimen_finding(p.no_background_therapy, not regimen.has(*BACKGROUND_IMMUNOSUPPRESSANTS)),
        regimen_finding(p.without_mmf, not regimen.has(DrugName.MYCOPHENOLATE_MOFETIL)),
        regimen_finding(p.without_glucocorticoids, not regimen.has(DrugName.GLUCOCORTICOIDS)),
        regimen_finding(p.with_cyclophosphamide, regimen.has(DrugName.CYCLOPHOSPHAMIDE)),
        regimen_finding(p.with_azathioprine, regimen.has(DrugName.AZATHIOPRINE)),
    ]
    inhibitor = ctx.cyp3a4_inhibitor
    findings.append(
        flag_finding(
            p.strong_cyp3a4_inhibitor,
            None if inhibitor is None else inhibitor is Cyp3a4Inhibition.STRONG,
            field="cyp3a4_inhibitor",
            observed=inhibitor,
        )
    )
    findings.append(
        flag_finding(
            p.moderate_cyp3a4_inhibitor,
            None if inhibitor is None else inhibitor is Cyp3a4Inhibition.MODERATE,
            field="cyp3a4_inhibitor",
            observed=inhibitor,
        )
    )
    findings.append(
        flag_finding(
            p.strong_cyp3a4_inducer,
            ctx.takes_strong_cyp3a4_inducer,
            field="takes_strong_cyp3a4_inducer",
        )
    )
    findings.append(_blood_pressure(p, ctx, opts))
    findings.append(
        flag_finding(
            p.hypertensive_emergency,
            ctx.has_hypertensive_emergency,
            field="has_hypertensive_emergency",
        )
    )
    findings.append(flag_finding(p.pregnancy, ctx.pregnant, field="is_pregnant"))
    findings.append(flag_finding(p.breastfeeding, ctx.breastfeeding, field="is_breastfeeding"))
    findings.append(
        flag_finding(p.live_vaccine, ctx.is_live_vaccine_planned, field="is_live_vaccine_planned")
    )
    hepatic = ctx.hepatic_impairment
    findings.append(
        flag_finding(
            p.severe_hepatic_impairment,
            None if hepatic is None else hepatic is HepaticImpairment.CHILD_PUGH_C,
            field="hepatic_impairment",
            observed=hepatic,
        )
    )
    findings.append(
        flag_finding(
            p.mild_moderate_hepatic_impairment,
            None
            if hepatic is None
            else hepatic in (HepaticImpairment.CHILD_PUGH_A, HepaticImpairment.CHILD_PUGH_B),
            field="hepatic_impairment",
            observed=hepatic,
        )
    )
    findings.append(
        value_threshold_finding(p.age, p.age_threshold, ctx.age_years, field="age_years", unit="a")
    )
    findings.append(
        flag_finding(
            p.hypersensitivity,
            _hypersensitive(ctx, DrugName.VOCLOSPORIN, opts),
            field="hypersensitive_to",
        )
    )
    return findings


def _blood_pressure(p: VoclosporinRules, ctx: PatientContext, opts: dict[str, Any]) -> Finding:
    bp = ctx.blood_pressure
    children = []
    for threshold, value in (
        (p.systolic_threshold, None if bp is None else bp.systolic),
        (p.diastolic_threshold, None if bp is None else bp.diastolic),
    ):
        canonical = None
        evidence: tuple[Evidence, ...] = ()
        if value is not None and bp is not None:
            canonical = Fraction(value) * factor(Quantity.BLOOD_PRESSURE, bp.unit)
            evidence = (Evidence("blood_pressure", value=value, unit=bp.unit),)
        children.append(threshold.check(canonical, evidence=evidence))
    mode = "any" if opts["blood_pressure_reading"] == "either" else "all"
    return combined_finding(
        p.blood_pressure,
        children,
        mode=mode,
        missing=("blood_pressure",) if bp is None else (),
    )


def _belimumab(
    p: BelimumabRules, regimen: Regimen, ctx: PatientContext, opts: dict[str, Any]
) -> list[Finding]:
    return [
        value_threshold_finding(p.age, p.age_threshold, ctx.age_years, field="age_years", unit="a"),
        flag_finding(
            p.severe_cns_lupus,
            ctx.has_severe_active_cns_lupus,
            field="has_severe_active_cns_lupus",
        ),
        regimen_finding(p.no_background_therapy, not regimen.has(*BACKGROUND_IMMUNOSUPPRESSANTS)),
        flag_finding(
            p.anaphylaxis, _hypersensitive(ctx, DrugName.BELIMUMAB, opts), field="hypersensitive_to"
        ),
        *_female_only(
            flag_finding(
                p.pregnancy_planning, ctx.is_planning_pregnancy, field="is_planning_pregnancy"
            ),
            ctx,
        ),
    ]


def _female_only(finding: Finding, ctx: PatientContext) -> list[Finding]:
    """The finding for a woman; nothing for a man; unknown-if-met when the sex is unknown."""
    applies = None if ctx.sex is None else ctx.sex is Sex.FEMALE
    gated = gate(finding, applies, field="sex", why="to women")
    return [] if gated is None else [gated]


def _obinutuzumab(p: ObinutuzumabRules, regimen: Regimen, ctx: PatientContext) -> list[Finding]:
    return [
        value_threshold_finding(p.age, p.age_threshold, ctx.age_years, field="age_years", unit="a"),
        regimen_finding(p.no_background_therapy, not regimen.has(*BACKGROUND_IMMUNOSUPPRESSANTS)),
    ]


def _azathioprine(
    p: AzathioprineRules, ctx: PatientContext, opts: dict[str, Any]
) -> tuple[list[Finding], list[str]]:
    statuses = (ctx.tpmt, ctx.nudt15)
    flags: list[str] = []
    known = [s for s in statuses if s is not None]
    homozygous: bool | None
    heterozygous: bool | None
    if GenotypeStatus.HOMOZYGOUS in known:
        homozygous = True
    elif len(known) == len(statuses):
        homozygous = False
    else:
        homozygous = None
    if GenotypeStatus.HETEROZYGOUS in known:
        heterozygous = True
    elif len(known) == len(statuses):
        heterozygous = False
    else:
        heterozygous = None
    if opts["genotype_unknown"] == "flag" and len(known) < len(statuses):
        flags.append("tpmt-nudt15-not-tested")
        homozygous = bool(homozygous)
        heterozygous = bool(heterozygous)
    observed = ", ".join(
        f"{name} {'unknown' if s is None else s.value}"
        for name, s in (("TPMT", ctx.tpmt), ("NUDT15", ctx.nudt15))
    )
    return (
        [
            flag_finding(
                p.homozygous_deficiency, homozygous, field="tpmt/nudt15", observed=observed
            ),
            flag_finding(p.heterozygous, heterozygous, field="tpmt/nudt15", observed=observed),
        ],
        flags,
    )


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against the US labels of its drugs.

    Args:
        regimen: A `Regimen` or a mapping.
        patient: A `PatientContext` or a mapping.
        **options: See `OPTIONS`.

    Returns:
        The eligibility decision (verdict: an `Eligibility`).
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    reg, ctx = parse_inputs(regimen, patient)
    p = PARAMETERS
    findings: list[Finding] = []
    flags: list[str] = []
    if reg.has(DrugName.VOCLOSPORIN):
        findings += _voclosporin(p.voclosporin, reg, ctx, opts)
    if reg.has(DrugName.BELIMUMAB):
        findings += _belimumab(p.belimumab, reg, ctx, opts)
    if reg.has(DrugName.OBINUTUZUMAB):
        findings += _obinutuzumab(p.obinutuzumab, reg, ctx)
        flags.append("hbv-pml-boxed-warnings")
    findings += pregnancy_findings(p.pregnancy, reg, ctx)
    if reg.has(*MPAA):
        findings.append(
            flag_finding(p.mycophenolate.breastfeeding, ctx.breastfeeding, field="is_breastfeeding")
        )
        flags.append("mycophenolate-rems")
    if reg.has(DrugName.MYCOPHENOLATE_MOFETIL):
        findings.append(
            threshold_finding(
                p.mycophenolate.renal_impairment,
                p.mycophenolate.renal_impairment_threshold,
                ctx.egfr,
                field="egfr",
            )
        )
    if reg.has(DrugName.CYCLOPHOSPHAMIDE):
        findings.append(
            flag_finding(
                p.cyclophosphamide.breastfeeding, ctx.breastfeeding, field="is_breastfeeding"
            )
        )
        findings.append(
            flag_finding(
                p.cyclophosphamide.hypersensitivity,
                _hypersensitive(ctx, DrugName.CYCLOPHOSPHAMIDE, opts),
                field="hypersensitive_to",
            )
        )
        flags.append("cyclophosphamide-fertility-counselling")
    if reg.has(DrugName.AZATHIOPRINE):
        aza_findings, aza_flags = _azathioprine(p.azathioprine, ctx, opts)
        findings += aza_findings
        flags += aza_flags
    flags += [f"no-us-ln-label-facts:{d.value}" for d in p.drugs_without_label_facts if reg.has(d)]
    if ctx.hypersensitive_to is None and opts["hypersensitivity_unknown"] == "assume_none":
        flags.append("hypersensitivity-not-recorded")
    policy = ", ".join(
        f"{name}={opts[name]}" for name in ("hypersensitivity_unknown", "genotype_unknown")
    )
    return make_decision(RULE_SET, reg, findings, options=opts, flags=flags, policy=policy)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="Regimen eligibility: US drug labels",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_VOC, _BEL, _GAZ, _MYC, _CYC, _AZA),
        parameters=PARAMETERS,
        description=(
            "Checks each drug of a regimen against its US label facts: voclosporin (baseline "
            "eGFR <= 45 not recommended, background therapy with MMF and glucocorticoids, not "
            "with cyclophosphamide, CYP3A4 inhibitors and inducers, blood pressure above "
            "165/105 mmHg, pregnancy, breastfeeding, live vaccines, hepatic impairment, age, "
            "hypersensitivity); belimumab (age 5 and over, severe active CNS lupus, standard "
            "background therapy, anaphylaxis, pregnancy planning); obinutuzumab (adults, "
            "standard background therapy); mycophenolate and cyclophosphamide (pregnancy, "
            "pregnancy planning, breastfeeding); azathioprine (TPMT/NUDT15). Each criterion "
            "records the severity it triggers; the worst certain severity is the verdict, and "
            "missing data that could make it worse give 'not evaluable' (option "
            "unknown_caution for caution-level criteria)."
        ),
        options=OPTIONS,
        notes=(
            "Severity mapping: a label contraindication is 'contraindicated'; 'not recommended', "
            "'avoid' (said of the drug) and 'do not initiate' are 'not recommended'; a required "
            "dose change, a combination outside the studied one, or an 'avoid' said of something "
            "else (live vaccines during therapy) is 'caution'.",
            "Missing data: an unknown criterion that could worsen the verdict makes it 'not "
            "evaluable'. Caution-level criteria often go unrecorded (e.g. "
            "is_live_vaccine_planned); option unknown_caution='flag' lets them pass with a "
            "flag 'unverified-caution:<criterion id>' (default 'not_evaluable', the strict "
            "reading, because these decisions may feed analyses that must not count an "
            "unverified caution as eligible).",
            "Voclosporin baseline eGFR: the label's comparator is <= 45, so exactly 45 is not "
            "recommended (the seed review's Figure 2 says < 45; see seed-review-2024-regimens). "
            "The patient context's egfr is read as the baseline eGFR (for a patient already on "
            "voclosporin, give the pre-treatment value; eGFR changes on treatment are the "
            "dosing rule sets' job).",
            "Voclosporin blood pressure '> 165/105 mmHg': the label does not say whether either "
            "value suffices; default 'either' (conservative), option blood_pressure_reading.",
            "Voclosporin pregnancy: 'avoid' rests on a drugs.com-derived page (medium "
            "confidence); the US label pregnancy text itself was NOT FOUND.",
            "Voclosporin without MMF: the US indication says 'background immunosuppressive "
            "therapy' (no background at all is not recommended); a background other than MMF "
            "(mycophenolic acid, azathioprine) is 'caution'. The EU indication requires MMF.",
            "Azathioprine homozygous TPMT/NUDT15 deficiency: the label says 'consider "
            "alternative therapy', not a contraindication, so it is encoded as 'not "
            "recommended'; heterozygous is 'caution' (reduce the dose).",
            "Mycophenolate in pregnancy: 'contraindicated' follows the ex-US labels and the US "
            "boxed warning; the US section 8.3 wording was NOT FOUND.",
            "Belimumab: the older 'not with other biologics or IV cyclophosphamide' limitation "
            "is historical and not applied; paediatric SC LN weight bands NOT FOUND. A woman "
            "planning a pregnancy is 'caution' (contraception during and for at least 4 months "
            "after the last dose); the label's pregnancy wording itself is not in the fact base.",
            "Tacrolimus, cyclosporine, rituximab and anifrolumab have no US LN label facts in "
            "the fact base and are flagged, not judged.",
            "Hypersensitivity is checked where the label lists it: voclosporin, belimumab "
            "(anaphylaxis), cyclophosphamide.",
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
