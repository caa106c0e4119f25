"""Rule set "eu-smpc": voclosporin under the EU product information, every threshold and rule."""

from __future__ import annotations

from typing import Any

import pytest
from _regimen_fixtures import CLEAN, check, egfr, outcome, reg, severity, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.models import PatientContext

RS = "eu-smpc"
E = Eligibility
VOC = reg("mmf", "voclosporin", "gc")

EU_CLEAN: dict[str, Any] = {
    **CLEAN,
    "is_of_childbearing_potential": True,
    "is_using_contraception": True,
    "has_soya_or_peanut_anaphylaxis": False,
}


def ctx(**overrides: Any) -> PatientContext:
    """The clean patient with the EU inputs known (``None`` makes an input missing)."""
    return PatientContext.model_validate({**EU_CLEAN, **overrides})


def test_clean_patient_voclosporin_with_mmf_is_eligible_under_eu_smpc() -> None:
    decision = check(RS, VOC, ctx())
    assert verdict(decision) is E.ELIGIBLE
    assert decision.rule_set == "eu-smpc@1.0.0"
    assert decision.missing_inputs == ()


def test_glucocorticoids_are_not_required_by_the_eu_indication() -> None:
    assert verdict(check(RS, reg("mmf", "voclosporin"), ctx())) is E.ELIGIBLE


# ---------------------------------------------------------------- MMF background


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("mmf", "voclosporin"), E.ELIGIBLE),
        (("voclosporin", "gc"), E.NOT_RECOMMENDED),
        (("aza", "voclosporin", "gc"), E.NOT_RECOMMENDED),
        (("mpa", "voclosporin", "gc"), E.NOT_RECOMMENDED),
        (("mmf", "voclosporin", "belimumab", "gc"), E.CAUTION),
        (("mmf", "voclosporin", "aza", "gc"), E.CAUTION),
        (("mmf", "voclosporin", "tacrolimus", "gc"), E.CAUTION),
        (("mmf", "voclosporin", "hcq", "gc"), E.ELIGIBLE),
    ],
)
def test_eu_indication_is_voclosporin_with_mycophenolate_mofetil(
    drugs: tuple[str, ...], expected: Eligibility
) -> None:
    assert verdict(check(RS, reg(*drugs), ctx())) is expected


def test_cyclophosphamide_with_voclosporin_is_not_recommended_under_eu_smpc() -> None:
    decision = check(RS, reg("cyc", "voclosporin", "gc", scheme="euro_lupus"), ctx())
    assert verdict(decision) is E.NOT_RECOMMENDED
    assert outcome(decision, "voclosporin-eu-with-cyclophosphamide") is Outcome.MET
    assert outcome(decision, "voclosporin-eu-beyond-mmf-background") is Outcome.NOT_MET


def test_mycophenolic_acid_counts_as_mmf_only_when_asked() -> None:
    mpa = reg("mpa", "voclosporin", "gc")
    decision = check(RS, mpa, ctx(), mycophenolic_acid="equivalent")
    assert verdict(decision) is E.ELIGIBLE
    assert "mycophenolic-acid-counted-as-mmf" in decision.flags
    assert outcome(check(RS, mpa, ctx()), "voclosporin-eu-without-mmf") is Outcome.MET


def test_us_and_eu_differ_on_an_azathioprine_background() -> None:
    aza = reg("aza", "voclosporin", "gc")
    assert verdict(check("us-labels", aza, ctx())) is E.CAUTION
    assert verdict(check(RS, aza, ctx())) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- ISN/RPS class


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        (["III"], E.ELIGIBLE),
        (["IV"], E.ELIGIBLE),
        (["V"], E.ELIGIBLE),
        (["III", "V"], E.ELIGIBLE),
        (["IV", "V"], E.ELIGIBLE),
        (["II"], E.NOT_RECOMMENDED),
        (["I"], E.NOT_RECOMMENDED),
        (["VI"], E.NOT_RECOMMENDED),
    ],
)
def test_eu_indication_classes_iii_iv_v(classes: list[str], expected: Eligibility) -> None:
    assert verdict(check(RS, VOC, ctx(isn_rps_classes=classes))) is expected


def test_unknown_class_is_pending_under_eu_smpc() -> None:
    decision = check(RS, VOC, ctx(isn_rps_classes=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.missing_inputs == ("isn_rps_classes",)


# ---------------------------------------------------------------- age 18 to 75


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("17.9", E.NOT_RECOMMENDED),
        ("18", E.ELIGIBLE),
        ("75", E.ELIGIBLE),
        ("75.1", E.NOT_RECOMMENDED),
        ("80", E.NOT_RECOMMENDED),
    ],
)
def test_eu_age_boundaries_18_and_75(age: str, expected: Eligibility) -> None:
    assert verdict(check(RS, VOC, ctx(age_years=age))) is expected


def test_over_75_is_cited_to_the_eu_package_leaflet() -> None:
    decision = check(RS, VOC, ctx(age_years=76))
    criterion = decision.criterion("voclosporin-eu-age-over-75")
    assert (criterion.comparator, criterion.source_id) == (">", "lupkynis-eu-pl")


def test_missing_age_is_pending_under_eu_smpc() -> None:
    decision = check(RS, VOC, ctx(age_years=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.missing_inputs == ("age_years",)


# ---------------------------------------------------------------- severe renal impairment


@pytest.mark.parametrize(
    ("value", "expected"),
    [("44.9", E.NOT_RECOMMENDED), ("45", E.NOT_RECOMMENDED), ("45.1", E.ELIGIBLE)],
)
def test_eu_renal_impairment_default_egfr_45_boundary(value: str, expected: Eligibility) -> None:
    assert verdict(check(RS, VOC, ctx(egfr=egfr(value)))) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("29.9", E.NOT_RECOMMENDED), ("30", E.ELIGIBLE), ("45", E.ELIGIBLE)],
)
def test_eu_renal_impairment_option_egfr_below_30(value: str, expected: Eligibility) -> None:
    decision = check(RS, VOC, ctx(egfr=egfr(value)), renal_impairment_threshold="egfr-lt-30")
    assert verdict(decision) is expected


@pytest.mark.parametrize(
    ("reading", "threshold", "source_id"),
    [("egfr-le-45", "45", "lupkynis-uspi"), ("egfr-lt-30", "30", "kdigo-2012-ckd")],
)
def test_eu_renal_cut_offs_cite_where_their_number_comes_from(
    reading: str, threshold: str, source_id: str
) -> None:
    # the EU numeric cut-off is NOT FOUND: 45 is the US label's, 30 KDIGO's "severe" range
    decision = check(RS, VOC, ctx(egfr=egfr("20")), renal_impairment_threshold=reading)
    criterion = decision.criterion("voclosporin-eu-renal-impairment")
    assert (str(criterion.threshold), criterion.source_id) == (threshold, source_id)
    assert source_id in decision.source_ids


def test_missing_egfr_is_pending_under_eu_smpc() -> None:
    decision = check(RS, VOC, ctx(egfr=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert outcome(decision, "voclosporin-eu-renal-impairment") is Outcome.UNKNOWN


# ---------------------------------------------------------------- contraindications and warnings


@pytest.mark.parametrize(
    ("overrides", "criterion", "expected"),
    [
        (
            {"cyp3a4_inhibitor": "strong"},
            "voclosporin-eu-strong-cyp3a4-inhibitor",
            E.CONTRAINDICATED,
        ),
        ({"cyp3a4_inhibitor": "moderate"}, "voclosporin-eu-moderate-cyp3a4-inhibitor", E.CAUTION),
        ({"cyp3a4_inhibitor": "mild"}, "voclosporin-eu-strong-cyp3a4-inhibitor", E.ELIGIBLE),
        (
            {"hypersensitive_to": ["voclosporin"]},
            "voclosporin-eu-hypersensitivity",
            E.CONTRAINDICATED,
        ),
        ({"hypersensitive_to": ["belimumab"]}, "voclosporin-eu-hypersensitivity", E.ELIGIBLE),
        (
            {"has_soya_or_peanut_anaphylaxis": True},
            "voclosporin-eu-soya-peanut-anaphylaxis",
            E.NOT_RECOMMENDED,
        ),
        (
            {"hepatic_impairment": "child_pugh_c"},
            "voclosporin-eu-severe-hepatic-impairment",
            E.NOT_RECOMMENDED,
        ),
        (
            {"hepatic_impairment": "child_pugh_b"},
            "voclosporin-eu-severe-hepatic-impairment",
            E.ELIGIBLE,
        ),
        ({"takes_strong_cyp3a4_inducer": True}, "voclosporin-eu-strong-cyp3a4-inducer", E.CAUTION),
        ({"is_pregnant": True}, "voclosporin-eu-pregnancy", E.NOT_RECOMMENDED),
        ({"is_breastfeeding": True}, "voclosporin-eu-breastfeeding", E.CAUTION),
        ({"is_live_vaccine_planned": True}, "voclosporin-eu-vaccination", E.CAUTION),
    ],
)
def test_eu_smpc_rules(overrides: dict[str, Any], criterion: str, expected: Eligibility) -> None:
    decision = check(RS, VOC, ctx(**overrides))
    assert verdict(decision) is expected
    met = Outcome.NOT_MET if expected is E.ELIGIBLE else Outcome.MET
    assert outcome(decision, criterion) is met


def test_unrecorded_hypersensitivity_is_pending_unless_assumed_none() -> None:
    decision = check(RS, VOC, ctx(hypersensitive_to=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assumed = check(RS, VOC, ctx(hypersensitive_to=None), hypersensitivity_unknown="assume_none")
    assert verdict(assumed) is E.ELIGIBLE
    assert "hypersensitivity-not-recorded" in assumed.flags


def test_a_strong_inhibitor_contraindicates_whatever_else_is_missing() -> None:
    decision = check(RS, VOC, ctx(cyp3a4_inhibitor="strong", egfr=None, age_years=None))
    assert verdict(decision) is E.CONTRAINDICATED
    assert severity(decision, "voclosporin-eu-strong-cyp3a4-inhibitor") == "contraindicated"


# ---------------------------------------------------------------- contraception


@pytest.mark.parametrize(
    ("childbearing", "contraception", "expected"),
    [
        (True, False, E.NOT_RECOMMENDED),
        (True, True, E.ELIGIBLE),
        (False, False, E.ELIGIBLE),
        (False, None, E.ELIGIBLE),
        (True, None, E.ELIGIBLE_PENDING),
        (None, True, E.ELIGIBLE),
        (None, False, E.ELIGIBLE_PENDING),
    ],
)
def test_woman_of_childbearing_potential_without_contraception(
    childbearing: bool | None, contraception: bool | None, expected: Eligibility
) -> None:
    patient = ctx(is_of_childbearing_potential=childbearing, is_using_contraception=contraception)
    decision = check(RS, VOC, patient)
    assert verdict(decision) is expected


def test_contraception_rule_names_what_it_misses() -> None:
    decision = check(RS, VOC, ctx(is_of_childbearing_potential=None, is_using_contraception=None))
    assert set(decision.missing_inputs) == {
        "is_of_childbearing_potential",
        "is_using_contraception",
    }


def test_contraception_rule_does_not_apply_to_men() -> None:
    male = {k: v for k, v in EU_CLEAN.items() if k != "is_of_childbearing_potential"}
    patient = PatientContext.model_validate(
        {**male, "sex": "male", "is_pregnant": None, "is_breastfeeding": None}
    )
    decision = check(RS, VOC, patient)
    assert verdict(decision) is E.ELIGIBLE
    ids = [c.id for c in decision.criteria]
    assert "voclosporin-eu-no-contraception" not in ids


def test_childbearing_potential_for_a_man_is_refused() -> None:
    from lupus_nephritis.errors import InputValidationError

    with pytest.raises(InputValidationError):
        PatientContext.model_validate({"sex": "male", "is_of_childbearing_potential": True})


# ---------------------------------------------------------------- scope, options, missing data


def test_regimen_without_voclosporin_is_not_evaluable_under_eu_smpc() -> None:
    decision = check(RS, reg("mmf", "belimumab", "gc"), ctx())
    assert verdict(decision) is E.NOT_EVALUABLE
    assert "no-eu-smpc-facts" in decision.flags
    assert "no-eu-smpc-facts:belimumab" in decision.flags
    assert decision.criteria == ()


def test_every_input_missing_is_pending_with_the_facts_to_confirm() -> None:
    decision = check(RS, VOC, PatientContext())
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "egfr" in decision.facts_to_confirm
    assert "isn_rps_classes" in decision.facts_to_confirm


def test_strict_unknowns_give_not_evaluable() -> None:
    decision = check(RS, VOC, ctx(egfr=None), unknowns="strict")
    assert verdict(decision) is E.NOT_EVALUABLE


@pytest.mark.parametrize(
    "options",
    [
        {"mycophenolic_acid": "yes"},
        {"renal_impairment_threshold": "45"},
        {"hypersensitivity_unknown": "maybe"},
        {"blood_pressure_reading": "either"},
    ],
)
def test_bad_options_raise_option_error(options: dict[str, Any]) -> None:
    with pytest.raises(OptionError):
        check(RS, VOC, ctx(), **options)
