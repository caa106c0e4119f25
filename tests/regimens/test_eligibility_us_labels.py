"""Rule set "us-labels": every threshold inside, outside, at and missing; every label rule."""

from __future__ import annotations

import pytest
from _regimen_fixtures import check, ctx, egfr, outcome, reg, severity, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

RS = "us-labels"
E = Eligibility
VOC = reg("mmf", "voclosporin", "gc")


def test_clean_patient_voclosporin_with_mmf_and_gc_is_eligible_under_us_labels() -> None:
    decision = check(RS, VOC, ctx())
    assert verdict(decision) is E.ELIGIBLE
    assert decision.rule_set == "us-labels@1.1.0"
    assert decision.missing_inputs == ()
    assert decision.subject == "MMF + voclosporin + GC"


# ---------------------------------------------------------------- voclosporin baseline eGFR <= 45


@pytest.mark.parametrize(
    ("value", "expected", "met"),
    [
        ("44.9", E.NOT_RECOMMENDED, Outcome.MET),
        ("45", E.NOT_RECOMMENDED, Outcome.MET),
        ("45.1", E.ELIGIBLE, Outcome.NOT_MET),
    ],
)
def test_voclosporin_baseline_egfr_45_boundary_under_us_labels(
    value: str, expected: Eligibility, met: Outcome
) -> None:
    decision = check(RS, VOC, ctx(egfr=egfr(value)))
    assert outcome(decision, "voclosporin-baseline-egfr") is met
    assert verdict(decision) is expected


def test_voclosporin_egfr_exactly_45_is_not_recommended_under_us_labels() -> None:
    decision = check(RS, VOC, ctx(egfr=egfr("45")))
    criterion = decision.criterion("voclosporin-baseline-egfr")
    assert criterion.comparator == "<="
    assert criterion.source_id == "lupkynis-uspi"
    assert severity(decision, "voclosporin-baseline-egfr") == "not_recommended"


def test_voclosporin_missing_egfr_is_eligible_pending_under_us_labels() -> None:
    decision = check(RS, VOC, ctx(egfr=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "egfr" in decision.missing_inputs
    assert outcome(decision, "voclosporin-baseline-egfr") is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("value", "met"),
    [("29.9", Outcome.MET), ("30", Outcome.NOT_MET), ("30.1", Outcome.NOT_MET), (None, None)],
)
def test_voclosporin_severe_renal_impairment_below_30_under_us_labels(
    value: str | None, met: Outcome | None
) -> None:
    decision = check(RS, VOC, ctx(egfr=None if value is None else egfr(value)))
    expected = Outcome.UNKNOWN if met is None else met
    assert outcome(decision, "voclosporin-severe-renal-impairment") is expected
    assert severity(decision, "voclosporin-severe-renal-impairment") == "caution"


def test_mmf_egfr_in_mg_per_dl_style_alias_unit_gives_same_verdict() -> None:
    alias = check(RS, VOC, ctx(egfr={"value": "45", "unit": "mL/min/1.73m2"}))
    assert verdict(alias) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- combinations


def test_voclosporin_alone_has_no_background_therapy_and_is_not_recommended() -> None:
    decision = check(RS, reg("voclosporin", "gc"), ctx())
    assert outcome(decision, "voclosporin-no-background-therapy") is Outcome.MET
    assert outcome(decision, "voclosporin-without-mmf") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_voclosporin_with_cyclophosphamide_is_not_recommended_under_us_labels() -> None:
    decision = check(RS, reg("cyc", "voclosporin", "gc", scheme="euro_lupus"), ctx())
    assert outcome(decision, "voclosporin-with-cyclophosphamide") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_voclosporin_with_azathioprine_is_caution_not_established() -> None:
    decision = check(RS, reg("aza", "voclosporin", "gc"), ctx())
    assert outcome(decision, "voclosporin-with-azathioprine") is Outcome.MET
    assert outcome(decision, "voclosporin-no-background-therapy") is Outcome.NOT_MET
    assert verdict(decision) is E.CAUTION


def test_voclosporin_with_mpa_instead_of_mmf_is_caution() -> None:
    decision = check(RS, reg("mpa", "voclosporin", "gc"), ctx())
    assert outcome(decision, "voclosporin-without-mmf") is Outcome.MET
    assert verdict(decision) is E.CAUTION


def test_voclosporin_without_glucocorticoids_is_caution() -> None:
    decision = check(RS, reg("mmf", "voclosporin"), ctx())
    assert outcome(decision, "voclosporin-without-glucocorticoids") is Outcome.MET
    assert verdict(decision) is E.CAUTION


# ---------------------------------------------------------------- CYP3A4


@pytest.mark.parametrize(
    ("inhibitor", "expected"),
    [
        ("strong", E.CONTRAINDICATED),
        ("moderate", E.CAUTION),
        ("mild", E.ELIGIBLE),
        ("none", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_voclosporin_cyp3a4_inhibitor_strength(
    inhibitor: str | None, expected: Eligibility
) -> None:
    decision = check(RS, VOC, ctx(cyp3a4_inhibitor=inhibitor))
    assert verdict(decision) is expected


def test_strong_cyp3a4_inhibitor_contraindication_wins_over_missing_data() -> None:
    decision = check(RS, VOC, ctx(cyp3a4_inhibitor="strong", egfr=None, is_pregnant=None))
    assert verdict(decision) is E.CONTRAINDICATED
    assert "egfr" in decision.missing_inputs
    assert decision.detail("best_case") == "contraindicated"


def test_voclosporin_strong_inducer_is_not_recommended() -> None:
    assert verdict(check(RS, VOC, ctx(takes_strong_cyp3a4_inducer=True))) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- blood pressure > 165/105


@pytest.mark.parametrize(
    ("systolic", "diastolic", "either", "both"),
    [
        ("165", "104", Outcome.NOT_MET, Outcome.NOT_MET),
        ("165.1", "100", Outcome.MET, Outcome.NOT_MET),
        ("150", "105", Outcome.NOT_MET, Outcome.NOT_MET),
        ("150", "105.1", Outcome.MET, Outcome.NOT_MET),
        ("166", "106", Outcome.MET, Outcome.MET),
    ],
)
def test_voclosporin_blood_pressure_above_165_105(
    systolic: str, diastolic: str, either: Outcome, both: Outcome
) -> None:
    patient = ctx(blood_pressure={"systolic": systolic, "diastolic": diastolic, "unit": "mmHg"})
    default = check(RS, VOC, patient)
    strict = check(RS, VOC, patient, blood_pressure_reading="both")
    assert outcome(default, "voclosporin-blood-pressure") is either
    assert outcome(strict, "voclosporin-blood-pressure") is both
    assert dict(default.options)["blood_pressure_reading"] == "either"


def test_voclosporin_blood_pressure_missing_is_eligible_pending() -> None:
    decision = check(RS, VOC, ctx(blood_pressure=None))
    assert outcome(decision, "voclosporin-blood-pressure") is Outcome.UNKNOWN
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "blood_pressure" in decision.missing_inputs


def test_voclosporin_hypertensive_emergency_is_not_recommended() -> None:
    assert verdict(check(RS, VOC, ctx(has_hypertensive_emergency=True))) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- pregnancy, vaccines, liver, age


def test_voclosporin_and_mmf_in_pregnancy_mmf_contraindication_wins() -> None:
    decision = check(RS, VOC, ctx(is_pregnant=True))
    assert outcome(decision, "voclosporin-pregnancy") is Outcome.MET
    assert outcome(decision, "mycophenolate-pregnancy") is Outcome.MET
    assert verdict(decision) is E.CONTRAINDICATED


def test_voclosporin_pregnancy_alone_is_not_recommended_with_azathioprine() -> None:
    decision = check(RS, reg("aza", "voclosporin", "gc"), ctx(is_pregnant=True))
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_male_patient_pregnancy_unknown_is_taken_as_not_pregnant() -> None:
    decision = check(RS, VOC, ctx(sex="male", is_pregnant=None, is_breastfeeding=None))
    assert outcome(decision, "voclosporin-pregnancy") is Outcome.NOT_MET
    assert verdict(decision) is E.ELIGIBLE


def test_voclosporin_live_vaccine_planned_is_caution() -> None:
    assert verdict(check(RS, VOC, ctx(is_live_vaccine_planned=True))) is E.CAUTION


@pytest.mark.parametrize(
    ("hepatic", "expected"),
    [
        ("child_pugh_c", E.NOT_RECOMMENDED),
        ("child_pugh_b", E.CAUTION),
        ("child_pugh_a", E.CAUTION),
        ("none", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_voclosporin_hepatic_impairment(hepatic: str | None, expected: Eligibility) -> None:
    assert verdict(check(RS, VOC, ctx(hepatic_impairment=hepatic))) is expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("17.9", E.NOT_RECOMMENDED),
        ("18", E.ELIGIBLE),
        ("18.1", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_voclosporin_age_18_boundary(age: str | None, expected: Eligibility) -> None:
    assert verdict(check(RS, VOC, ctx(age_years=age))) is expected


def test_voclosporin_hypersensitivity_is_contraindicated() -> None:
    decision = check(RS, VOC, ctx(hypersensitive_to=["voclosporin"]))
    assert verdict(decision) is E.CONTRAINDICATED


def test_hypersensitivity_not_recorded_is_eligible_pending_unless_option() -> None:
    strict = check(RS, VOC, ctx(hypersensitive_to=None))
    assert verdict(strict) is E.ELIGIBLE_PENDING
    assert "hypersensitive_to" in strict.missing_inputs
    lenient = check(RS, VOC, ctx(hypersensitive_to=None), hypersensitivity_unknown="assume_none")
    assert verdict(lenient) is E.ELIGIBLE
    assert "hypersensitivity-not-recorded" in lenient.flags
    assert "hypersensitivity_unknown=assume_none" in (lenient.policy or "")


# ---------------------------------------------------------------- belimumab

BEL = reg("mmf", "belimumab", "gc")


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("4.9", E.NOT_RECOMMENDED),
        ("5", E.ELIGIBLE),
        ("5.1", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_belimumab_age_5_boundary_under_us_labels(age: str | None, expected: Eligibility) -> None:
    assert verdict(check(RS, BEL, ctx(age_years=age))) is expected


def test_belimumab_with_severe_active_cns_lupus_is_not_recommended() -> None:
    decision = check(RS, BEL, ctx(has_severe_active_cns_lupus=True))
    assert outcome(decision, "belimumab-severe-cns-lupus") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_belimumab_cns_lupus_unknown_is_eligible_pending() -> None:
    decision = check(RS, BEL, ctx(has_severe_active_cns_lupus=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.missing_inputs == ("has_severe_active_cns_lupus",)


def test_belimumab_without_background_therapy_is_not_recommended() -> None:
    assert verdict(check(RS, reg("belimumab", "gc"), ctx())) is E.NOT_RECOMMENDED


def test_belimumab_with_cyclophosphamide_is_not_limited_by_the_historical_label() -> None:
    decision = check(RS, reg("cyc", "belimumab", "gc", scheme="euro_lupus"), ctx())
    assert verdict(decision) is E.ELIGIBLE


def test_belimumab_anaphylaxis_is_contraindicated() -> None:
    assert verdict(check(RS, BEL, ctx(hypersensitive_to=["belimumab"]))) is E.CONTRAINDICATED


@pytest.mark.parametrize(
    ("sex", "planning", "expected", "met"),
    [
        ("female", True, E.CAUTION, Outcome.MET),
        ("female", False, E.ELIGIBLE, Outcome.NOT_MET),
        ("female", None, E.ELIGIBLE_PENDING, Outcome.UNKNOWN),
        (None, True, E.ELIGIBLE_PENDING, Outcome.UNKNOWN),
        ("male", True, None, None),
    ],
)
def test_belimumab_in_a_woman_planning_pregnancy_is_caution(
    sex: str | None, planning: bool | None, expected: Eligibility | None, met: Outcome | None
) -> None:
    regimen = reg("aza", "belimumab", "gc", phase="maintenance")
    decision = check(RS, regimen, ctx(sex=sex, is_planning_pregnancy=planning))
    if met is None:
        with pytest.raises(KeyError):
            decision.criterion("belimumab-pregnancy-planning")
        assert verdict(decision) is E.ELIGIBLE
        return
    assert outcome(decision, "belimumab-pregnancy-planning") is met
    assert verdict(decision) is expected
    assert severity(decision, "belimumab-pregnancy-planning") == "caution"


# ---------------------------------------------------------------- obinutuzumab

OBZ = reg("mmf", "obinutuzumab", "gc")


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("17.9", E.NOT_RECOMMENDED),
        ("18", E.ELIGIBLE),
        ("18.1", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_obinutuzumab_age_18_boundary_under_us_labels(
    age: str | None, expected: Eligibility
) -> None:
    decision = check(RS, OBZ, ctx(age_years=age))
    assert verdict(decision) is expected
    assert "hbv-pml-boxed-warnings" in decision.flags


def test_obinutuzumab_without_background_is_not_recommended() -> None:
    assert verdict(check(RS, reg("obinutuzumab", "gc"), ctx())) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- mycophenolate

MMF = reg("mmf", "gc")


@pytest.mark.parametrize(
    ("value", "met"),
    [("24.9", Outcome.MET), ("25", Outcome.NOT_MET), ("25.1", Outcome.NOT_MET), (None, None)],
)
def test_mmf_gfr_below_25_dose_cap(value: str | None, met: Outcome | None) -> None:
    decision = check(RS, MMF, ctx(egfr=None if value is None else egfr(value)))
    if met is None:
        assert outcome(decision, "mmf-severe-renal-impairment") is Outcome.UNKNOWN
        assert verdict(decision) is E.ELIGIBLE_PENDING
    else:
        assert outcome(decision, "mmf-severe-renal-impairment") is met
        assert verdict(decision) is (E.CAUTION if met is Outcome.MET else E.ELIGIBLE)


def test_mpa_has_no_mmf_renal_cap_criterion() -> None:
    decision = check(RS, reg("mpa", "gc"), ctx(egfr=egfr("20")))
    with pytest.raises(KeyError):
        decision.criterion("mmf-severe-renal-impairment")
    assert verdict(decision) is E.ELIGIBLE


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("is_pregnant", E.CONTRAINDICATED),
        ("is_planning_pregnancy", E.NOT_RECOMMENDED),
        ("is_breastfeeding", E.NOT_RECOMMENDED),
    ],
)
def test_mycophenolate_pregnancy_planning_and_breastfeeding(
    field: str, expected: Eligibility
) -> None:
    decision = check(RS, MMF, ctx(**{field: True}))
    assert verdict(decision) is expected
    assert "mycophenolate-rems" in decision.flags


# ---------------------------------------------------------------- cyclophosphamide

CYC = reg("cyc", "gc", scheme="euro_lupus")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("is_pregnant", E.CONTRAINDICATED),
        ("is_planning_pregnancy", E.NOT_RECOMMENDED),
        ("is_breastfeeding", E.CONTRAINDICATED),
    ],
)
def test_cyclophosphamide_pregnancy_planning_and_breastfeeding(
    field: str, expected: Eligibility
) -> None:
    decision = check(RS, CYC, ctx(**{field: True}))
    assert verdict(decision) is expected
    assert "cyclophosphamide-fertility-counselling" in decision.flags


def test_cyclophosphamide_hypersensitivity_is_contraindicated() -> None:
    assert verdict(check(RS, CYC, ctx(hypersensitive_to=["cyc"]))) is E.CONTRAINDICATED


# ---------------------------------------------------------------- azathioprine TPMT/NUDT15

AZA = reg("aza", "gc", phase="maintenance")


@pytest.mark.parametrize(
    ("tpmt", "nudt15", "expected"),
    [
        ("homozygous", "normal", E.NOT_RECOMMENDED),
        ("normal", "homozygous", E.NOT_RECOMMENDED),
        ("heterozygous", "normal", E.CAUTION),
        ("normal", "heterozygous", E.CAUTION),
        ("normal", "normal", E.ELIGIBLE),
        ("homozygous", None, E.NOT_RECOMMENDED),
        ("heterozygous", None, E.ELIGIBLE_PENDING),
        (None, None, E.ELIGIBLE_PENDING),
    ],
)
def test_azathioprine_tpmt_nudt15(
    tpmt: str | None, nudt15: str | None, expected: Eligibility
) -> None:
    decision = check(RS, AZA, ctx(tpmt=tpmt, nudt15=nudt15))
    assert verdict(decision) is expected


def test_azathioprine_unknown_genotype_flag_option() -> None:
    decision = check(RS, AZA, ctx(tpmt=None, nudt15=None), genotype_unknown="flag")
    assert verdict(decision) is E.ELIGIBLE
    assert "tpmt-nudt15-not-tested" in decision.flags


def test_azathioprine_in_pregnancy_has_no_pregnancy_criterion() -> None:
    decision = check(RS, AZA, ctx(is_pregnant=True))
    assert verdict(decision) is E.ELIGIBLE


# ---------------------------------------------------------------- drugs without label facts


def test_rituximab_and_tacrolimus_are_flagged_not_judged() -> None:
    decision = check(RS, reg("mmf", "rituximab", "tacrolimus", "gc"), ctx())
    assert "no-us-ln-label-facts:rituximab" in decision.flags
    assert "no-us-ln-label-facts:tacrolimus" in decision.flags
    assert verdict(decision) is E.ELIGIBLE


def test_unknown_option_is_rejected_by_us_labels() -> None:
    with pytest.raises(OptionError):
        check(RS, VOC, ctx(), blood_pressure_reading="systolic-only")
    with pytest.raises(OptionError):
        check(RS, VOC, ctx(), no_such_option=True)


def test_decision_round_trips_through_json() -> None:
    from lupus_nephritis.decisions import Decision

    decision = check(RS, VOC, ctx(egfr=egfr("45"), cyp3a4_inhibitor=None))
    assert Decision.from_json(decision.to_json()) == decision


@pytest.mark.parametrize(
    ("systolic", "diastolic"), [("165", "105"), ("165.1", "90"), ("150", "106")]
)
def test_blood_pressure_unit_spelling_does_not_change_the_outcome(
    systolic: str, diastolic: str
) -> None:
    outcomes = {
        unit: outcome(
            check(
                RS,
                VOC,
                ctx(blood_pressure={"systolic": systolic, "diastolic": diastolic, "unit": unit}),
            ),
            "voclosporin-blood-pressure",
        )
        for unit in ("mmHg", "mm[Hg]")
    }
    assert outcomes["mmHg"] is outcomes["mm[Hg]"]
