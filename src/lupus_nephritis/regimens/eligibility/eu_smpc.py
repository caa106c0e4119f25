"""Rule set ``eu-smpc``: regimen eligibility against the EU product information (voclosporin).

The EU marketing authorisation of Lupkynis (voclosporin) differs from the US label: it is for
adults with active ISN/RPS class III, IV or V lupus nephritis (mixed III/V and IV/V included)
**in combination with mycophenolate mofetil**, where the US label says "a background
immunosuppressive therapy regimen". This rule set checks a regimen containing voclosporin
against the EU SmPC and package leaflet: the MMF background, the class, adults up to 75 years,
the contraindications (hypersensitivity, strong CYP3A4 inhibitors), soya or peanut anaphylaxis,
severe hepatic or renal impairment, pregnancy and contraception, breastfeeding, interacting
drugs and vaccination. Other drugs of the regimen are not judged (flag
``no-eu-smpc-facts:<drug>``); a regimen without voclosporin is not evaluable under it.
"""

from __future__ import annotations

from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.models import Sex
from lupus_nephritis.regimens.catalogue import ADJUNCTS
from lupus_nephritis.regimens.eligibility._common import (
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
    Finding,
    Rule,
    flag_finding,
    gate,
    make_decision,
    parse_inputs,
    regimen_finding,
    threshold_finding,
    tri_all,
    value_threshold_finding,
)
from lupus_nephritis.regimens.models import (
    Cyp3a4Inhibition,
    DrugName,
    HepaticImpairment,
    IsnRpsClass,
    PatientContext,
    Regimen,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "eu-smpc"

_E = Eligibility
_SMPC = "lupkynis-eu-smpc"
_PL = "lupkynis-eu-pl"
_PTA = "pta-forum-2023-voclosporin"
_USPI = "lupkynis-uspi"
_CKD = "kdigo-2012-ckd"

#: ISN/RPS classes of the EU indication (a biopsy with any of them, alone or mixed, qualifies).
INDICATED_CLASSES: tuple[IsnRpsClass, ...] = (IsnRpsClass.III, IsnRpsClass.IV, IsnRpsClass.V)


@attrs.frozen(slots=True)
class VoclosporinEuRules:
    """Lupkynis (voclosporin) EU product-information rules."""

    without_mmf: Rule
    beyond_mmf_background: Rule
    with_cyclophosphamide: Rule
    indicated_classes: tuple[IsnRpsClass, ...]
    outside_indicated_classes: Rule
    age_minimum: Rule
    age_minimum_threshold: Threshold
    age_maximum: Rule
    age_maximum_threshold: Threshold
    hypersensitivity: Rule
    strong_cyp3a4_inhibitor: Rule
    moderate_cyp3a4_inhibitor: Rule
    strong_cyp3a4_inducer: Rule
    soya_or_peanut_anaphylaxis: Rule
    severe_hepatic_impairment: Rule
    renal_impairment: Rule
    renal_impairment_le_45: Threshold
    renal_impairment_lt_30: Threshold
    pregnancy: Rule
    no_contraception: Rule
    breastfeeding: Rule
    vaccination: Rule


@attrs.frozen(slots=True)
class Parameters:
    """Every rule of the ``eu-smpc`` rule set, with its source."""

    voclosporin: VoclosporinEuRules


PARAMETERS = Parameters(
    voclosporin=VoclosporinEuRules(
        without_mmf=Rule(
            "voclosporin-eu-without-mmf",
            "Voclosporin without mycophenolate mofetil",
            _E.NOT_RECOMMENDED,
            _SMPC,
            "EU indication: in combination with mycophenolate mofetil (section 4.1; 4.2: "
            "'should be used in combination with mycophenolate mofetil'). Mycophenolic acid "
            "counts only with option mycophenolic_acid='equivalent'.",
        ),
        beyond_mmf_background=Rule(
            "voclosporin-eu-beyond-mmf-background",
            "Voclosporin with an immunosuppressant other than mycophenolate mofetil",
            _E.CAUTION,
            _SMPC,
            "The authorised combination is voclosporin with MMF; other immunosuppressants "
            "(azathioprine, a biologic, another calcineurin inhibitor) are outside it and were "
            "not studied with voclosporin. Glucocorticoids and hydroxychloroquine are adjuncts.",
        ),
        with_cyclophosphamide=Rule(
            "voclosporin-eu-with-cyclophosphamide",
            "Voclosporin with cyclophosphamide",
            _E.NOT_RECOMMENDED,
            _SMPC,
            "Cyclophosphamide is not the authorised MMF background; voclosporin with "
            "cyclophosphamide was not studied (the US label says 'not recommended').",
        ),
        indicated_classes=INDICATED_CLASSES,
        outside_indicated_classes=Rule(
            "voclosporin-eu-class",
            "Voclosporin for lupus nephritis without ISN/RPS class III, IV or V",
            _E.NOT_RECOMMENDED,
            _SMPC,
            "EU indication: active class III, IV or V lupus nephritis, including mixed III/V "
            "and IV/V; a biopsy with only class I, II or VI is outside it.",
        ),
        age_minimum=Rule(
            "voclosporin-eu-age-under-18",
            "Voclosporin under 18 years of age",
            _E.NOT_RECOMMENDED,
            _SMPC,
            "Indicated for adults; the package leaflet says not to take it under 18 (not studied).",
        ),
        age_minimum_threshold=Threshold(
            id="voclosporin-eu-age-under-18",
            label="age below 18 years",
            comparator="<",
            value="18",
            unit="a",
            quantity="age",
            source_id=_SMPC,
        ),
        age_maximum=Rule(
            "voclosporin-eu-age-over-75",
            "Voclosporin above 75 years of age",
            _E.NOT_RECOMMENDED,
            _PL,
            "Not recommended over the age of 75 because not studied (package leaflet; "
            "secondary summary of the Fachinformation agrees).",
        ),
        age_maximum_threshold=Threshold(
            id="voclosporin-eu-age-over-75",
            label="age above 75 years",
            comparator=">",
            value="75",
            unit="a",
            quantity="age",
            source_id=_PL,
            note="'Over the age of 75': 75 itself is not over it; an age given as a fraction "
            "of a year above 75 is.",
        ),
        hypersensitivity=Rule(
            "voclosporin-eu-hypersensitivity",
            "Voclosporin after hypersensitivity to voclosporin",
            _E.CONTRAINDICATED,
            _SMPC,
            "Contraindication (section 4.3): hypersensitivity to the active substance or an "
            "excipient.",
        ),
        strong_cyp3a4_inhibitor=Rule(
            "voclosporin-eu-strong-cyp3a4-inhibitor",
            "Voclosporin with a strong CYP3A4 inhibitor (e.g. ketoconazole, itraconazole, "
            "clarithromycin)",
            _E.CONTRAINDICATED,
            _SMPC,
            "Contraindication (section 4.3): co-administration with strong CYP3A4 inhibitors.",
        ),
        moderate_cyp3a4_inhibitor=Rule(
            "voclosporin-eu-moderate-cyp3a4-inhibitor",
            "Voclosporin with a moderate CYP3A4 inhibitor",
            _E.CAUTION,
            _PL,
            "An interaction to manage (the leaflet names fluconazole, diltiazem and verapamil "
            "among the medicines to tell the doctor about); the EU dose adjustment itself was "
            "not read (the US label gives 15.8 mg morning, 7.9 mg evening).",
        ),
        strong_cyp3a4_inducer=Rule(
            "voclosporin-eu-strong-cyp3a4-inducer",
            "Voclosporin with a strong CYP3A4 inducer",
            _E.CAUTION,
            _PL,
            "An interaction to manage (the leaflet names carbamazepine, phenobarbital, "
            "rifampicin, efavirenz and St John's wort); the EU wording beyond that was not "
            "read (the US label says avoid).",
        ),
        soya_or_peanut_anaphylaxis=Rule(
            "voclosporin-eu-soya-peanut-anaphylaxis",
            "Voclosporin after anaphylaxis to soya or peanut",
            _E.NOT_RECOMMENDED,
            _PL,
            "The capsules may contain traces of soya lecithin; a patient with anaphylactic "
            "reactions to soya or peanut must not use them (encoded as not recommended, the "
            "severity of a 'do not' that is not a section 4.3 contraindication).",
        ),
        severe_hepatic_impairment=Rule(
            "voclosporin-eu-severe-hepatic-impairment",
            "Voclosporin in severe hepatic impairment (Child-Pugh C)",
            _E.NOT_RECOMMENDED,
            _PL,
            "Not studied in severe liver problems and therefore not recommended.",
        ),
        renal_impairment=Rule(
            "voclosporin-eu-renal-impairment",
            "Voclosporin with severe renal impairment at baseline",
            _E.NOT_RECOMMENDED,
            _PTA,
            "The EU product information advises against use in severe renal impairment "
            "(secondary summary); the numeric EU cut-off was not read. Default eGFR <= 45 (the "
            "trials' exclusion and the US label's 'not recommended' cut-off); option "
            "renal_impairment_threshold='egfr-lt-30' uses KDIGO's 'severe' (eGFR below 30).",
        ),
        renal_impairment_le_45=Threshold(
            id="voclosporin-eu-renal-egfr-le-45",
            label="baseline eGFR at or below 45 mL/min/1.73 m2",
            comparator="<=",
            value="45",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=_USPI,
            note="Default reading (option renal_impairment_threshold='egfr-le-45'): the number "
            "is the US label's 'not recommended' cut-off (the EU text read gives none).",
        ),
        renal_impairment_lt_30=Threshold(
            id="voclosporin-eu-renal-egfr-lt-30",
            label="baseline eGFR below 30 mL/min/1.73 m2",
            comparator="<",
            value="30",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=_CKD,
            note="Option renal_impairment_threshold='egfr-lt-30': 'severe' read as the KDIGO "
            "GFR categories below 30 (G4-G5).",
        ),
        pregnancy=Rule(
            "voclosporin-eu-pregnancy",
            "Voclosporin during pregnancy",
            _E.NOT_RECOMMENDED,
            _PL,
            "Not recommended during pregnancy.",
        ),
        no_contraception=Rule(
            "voclosporin-eu-no-contraception",
            "Voclosporin in a woman of childbearing potential not using contraception",
            _E.NOT_RECOMMENDED,
            _PL,
            "Not recommended in women of childbearing potential not using contraception.",
        ),
        breastfeeding=Rule(
            "voclosporin-eu-breastfeeding",
            "Voclosporin while breastfeeding",
            _E.CAUTION,
            _PL,
            "The doctor decides whether to stop treatment or breastfeeding (no firm rule in "
            "the EU text read; the Swiss text advises against breastfeeding for 7 days after "
            "the last dose).",
        ),
        vaccination=Rule(
            "voclosporin-eu-vaccination",
            "Voclosporin with a (live) vaccination planned",
            _E.CAUTION,
            _PL,
            "Voclosporin may affect the response to vaccination; tell the doctor about a "
            "planned vaccination (or one within the last 30 days).",
        ),
    ),
)

OPTIONS: tuple[Option, ...] = (
    Option(
        name="mycophenolic_acid",
        default="outside_indication",
        description=(
            "Whether mycophenolic acid (enteric-coated mycophenolate sodium) fills the EU "
            "indication's MMF background: 'outside_indication' (default: the indication names "
            "mycophenolate mofetil, the drug of the trials) or 'equivalent' (counted as MMF, "
            "flag 'mycophenolic-acid-counted-as-mmf')."
        ),
        choices=("outside_indication", "equivalent"),
        source_id=_SMPC,
    ),
    Option(
        name="renal_impairment_threshold",
        default="egfr-le-45",
        description=(
            "The baseline eGFR read as the severe renal impairment the EU product information "
            "advises against (its numeric cut-off was not read): 'egfr-le-45' (default: the "
            "trials excluded eGFR <= 45 and the US label does not recommend it) or "
            "'egfr-lt-30' (KDIGO's severe range)."
        ),
        choices=("egfr-le-45", "egfr-lt-30"),
        source_id=_PTA,
    ),
    Option(
        name="hypersensitivity_unknown",
        default="not_evaluable",
        description=(
            "When hypersensitive_to is not recorded: 'not_evaluable' (default; the "
            "contraindication cannot be excluded) or 'assume_none' (treat as no known "
            "hypersensitivity and flag 'hypersensitivity-not-recorded')."
        ),
        choices=("not_evaluable", "assume_none"),
    ),
    UNKNOWN_CAUTION_OPTION,
    UNKNOWNS_OPTION,
)


def _hypersensitive(context: PatientContext, opts: dict[str, Any]) -> bool | None:
    if context.hypersensitive_to is None:
        return False if opts["hypersensitivity_unknown"] == "assume_none" else None
    return DrugName.VOCLOSPORIN in context.hypersensitive_to


def _female_only(finding: Finding, ctx: PatientContext) -> list[Finding]:
    applies = None if ctx.sex is None else ctx.sex is Sex.FEMALE
    gated = gate(finding, applies, field="sex", why="to women")
    return [] if gated is None else [gated]


def _class_finding(p: VoclosporinEuRules, ctx: PatientContext) -> Finding:
    classes = ctx.isn_rps_classes
    outside = None if classes is None else not any(c in p.indicated_classes for c in classes)
    observed = None if classes is None else "+".join(c.value for c in classes)
    return flag_finding(
        p.outside_indicated_classes, outside, field="isn_rps_classes", observed=observed
    )


def _background(
    p: VoclosporinEuRules, regimen: Regimen, opts: dict[str, Any]
) -> tuple[list[Finding], list[str]]:
    flags: list[str] = []
    mmf_like = {DrugName.MYCOPHENOLATE_MOFETIL}
    if opts["mycophenolic_acid"] == "equivalent":
        mmf_like.add(DrugName.MYCOPHENOLIC_ACID)
        if regimen.has(DrugName.MYCOPHENOLIC_ACID):
            flags.append("mycophenolic-acid-counted-as-mmf")
    others = regimen.drug_set - ADJUNCTS - mmf_like - {DrugName.VOCLOSPORIN}
    findings = [
        regimen_finding(p.without_mmf, not regimen.has(*mmf_like)),
        regimen_finding(p.with_cyclophosphamide, regimen.has(DrugName.CYCLOPHOSPHAMIDE)),
        regimen_finding(
            p.beyond_mmf_background,
            bool(others - {DrugName.CYCLOPHOSPHAMIDE}),
            detail=", ".join(sorted(d.value for d in others)) or None,
        ),
    ]
    return findings, flags


def _voclosporin(
    p: VoclosporinEuRules, regimen: Regimen, ctx: PatientContext, opts: dict[str, Any]
) -> tuple[list[Finding], list[str]]:
    findings, flags = _background(p, regimen, opts)
    findings.append(_class_finding(p, ctx))
    findings.append(
        value_threshold_finding(
            p.age_minimum, p.age_minimum_threshold, ctx.age_years, field="age_years", unit="a"
        )
    )
    findings.append(
        value_threshold_finding(
            p.age_maximum, p.age_maximum_threshold, ctx.age_years, field="age_years", unit="a"
        )
    )
    findings.append(
        flag_finding(p.hypersensitivity, _hypersensitive(ctx, opts), field="hypersensitive_to")
    )
    inhibitor = ctx.cyp3a4_inhibitor
    for rule, level in (
        (p.strong_cyp3a4_inhibitor, Cyp3a4Inhibition.STRONG),
        (p.moderate_cyp3a4_inhibitor, Cyp3a4Inhibition.MODERATE),
    ):
        findings.append(
            flag_finding(
                rule,
                None if inhibitor is None else inhibitor is level,
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
    findings.append(
        flag_finding(
            p.soya_or_peanut_anaphylaxis,
            ctx.has_soya_or_peanut_anaphylaxis,
            field="has_soya_or_peanut_anaphylaxis",
        )
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
    renal = (
        p.renal_impairment_le_45
        if opts["renal_impairment_threshold"] == "egfr-le-45"
        else p.renal_impairment_lt_30
    )
    findings.append(threshold_finding(p.renal_impairment, renal, ctx.egfr, field="egfr"))
    findings.append(flag_finding(p.pregnancy, ctx.pregnant, field="is_pregnant"))
    no_contraception = tri_all(
        (
            ctx.is_of_childbearing_potential,
            None if ctx.is_using_contraception is None else not ctx.is_using_contraception,
        )
    )
    findings += _female_only(
        flag_finding(
            p.no_contraception,
            no_contraception,
            field=_contraception_fields(ctx),
        ),
        ctx,
    )
    findings.append(flag_finding(p.breastfeeding, ctx.breastfeeding, field="is_breastfeeding"))
    findings.append(
        flag_finding(p.vaccination, ctx.is_live_vaccine_planned, field="is_live_vaccine_planned")
    )
    return findings, flags


def _contraception_fields(ctx: PatientContext) -> tuple[str, ...]:
    """The inputs a contraception finding lacks (both when neither decides it)."""
    fields = []
    if ctx.is_of_childbearing_potential is None:
        fields.append("is_of_childbearing_potential")
    if ctx.is_using_contraception is None and ctx.is_of_childbearing_potential is not False:
        fields.append("is_using_contraception")
    return tuple(fields) or ("is_of_childbearing_potential", "is_using_contraception")


def evaluate(regimen: object, patient: object = None, **options: Any) -> Decision:
    """Check a regimen against the EU product information of voclosporin.

    Args:
        regimen: A `Regimen` or a mapping.
        patient: A `PatientContext` or a mapping.
        **options: See `OPTIONS`.

    Returns:
        The eligibility decision (verdict: an `Eligibility`);
        ``not_evaluable`` with flag ``no-eu-smpc-facts`` when the regimen has no voclosporin.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    reg, ctx = parse_inputs(regimen, patient)
    findings: list[Finding] = []
    flags: list[str] = []
    if reg.has(DrugName.VOCLOSPORIN):
        found, found_flags = _voclosporin(PARAMETERS.voclosporin, reg, ctx, opts)
        findings += found
        flags += found_flags
    flags += [
        f"no-eu-smpc-facts:{d.value}"
        for d in reg.drugs
        if d is not DrugName.VOCLOSPORIN and d not in ADJUNCTS
    ]
    if ctx.hypersensitive_to is None and opts["hypersensitivity_unknown"] == "assume_none":
        flags.append("hypersensitivity-not-recorded")
    policy = f"hypersensitivity_unknown={opts['hypersensitivity_unknown']}"
    decision = make_decision(RULE_SET, reg, findings, options=opts, flags=flags, policy=policy)
    if not reg.has(DrugName.VOCLOSPORIN):
        return attrs.evolve(
            decision,
            verdict=Eligibility.NOT_EVALUABLE,
            flags=(*decision.flags, "no-eu-smpc-facts"),
        )
    return decision


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Regimen eligibility: EU product information (voclosporin)",
        kind=RuleKind.ELIGIBILITY,
        source_ids=(_SMPC, _PL, _PTA, _USPI, _CKD),
        parameters=PARAMETERS,
        description=(
            "Checks a regimen containing voclosporin against the Lupkynis EU SmPC and package "
            "leaflet: the EU indication (in combination with mycophenolate mofetil; active "
            "ISN/RPS class III, IV or V, including mixed III/V and IV/V; adults), not above 75 "
            "years, the contraindications (hypersensitivity, strong CYP3A4 inhibitors), soya or "
            "peanut anaphylaxis, severe hepatic impairment, severe renal impairment (baseline "
            "eGFR <= 45 by default), pregnancy and a woman of childbearing potential without "
            "contraception (not recommended), and as cautions breastfeeding, moderate CYP3A4 "
            "inhibitors, strong inducers and vaccination. Other drugs of the regimen are not "
            "judged; a regimen without voclosporin is not evaluable under this rule set."
        ),
        options=OPTIONS,
        notes=(
            "Beside us-labels: the US indication accepts any background immunosuppressive "
            "therapy, the EU one names mycophenolate mofetil. Without MMF the regimen is "
            "outside the EU indication ('not recommended'); MMF plus another immunosuppressant "
            "(azathioprine, a biologic) is 'caution', plus cyclophosphamide 'not recommended'.",
            "Read from the EU SmPC (sections 4.1-4.3: indication, posology, contraindications) "
            "and the EU package leaflet (special populations, pregnancy, interactions); SmPC "
            "sections 4.4-4.6 were not read in full, so the leaflet's statements stand in for "
            "them and cite it.",
            "Severe renal impairment: the EU numeric cut-off is NOT FOUND; the default <= 45 "
            "mL/min/1.73 m2 follows the trials' exclusion and the US label (option "
            "renal_impairment_threshold). The patient context's egfr is read as the baseline "
            "eGFR.",
            "No EU blood-pressure threshold for starting voclosporin was found (the US label's "
            "165/105 mmHg is not applied); the leaflet says blood pressure is checked every two "
            "weeks for the first month.",
            "Glucocorticoids are not part of the EU indication's wording and are not required "
            "here (the US label doses voclosporin with MMF and corticosteroids).",
            "Age 'over 75' is read strictly (> 75 years); adults means 18 or over.",
            "Severity mapping as us-labels: a section 4.3 contraindication is "
            "'contraindicated'; 'not recommended', 'must not use' and use outside the "
            "authorised indication are 'not recommended'; an interaction to manage or a "
            "decision left to the doctor is 'caution'.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["INDICATED_CLASSES", "OPTIONS", "PARAMETERS", "RULE_SET", "Parameters", "evaluate"]
