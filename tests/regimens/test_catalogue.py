"""The drug catalogue: complete, cited, and the exact MPA/MMF equivalence."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.errors import InputError
from lupus_nephritis.models import Dose
from lupus_nephritis.regimens.catalogue import (
    CATALOGUE,
    CNI,
    MPA_MMF_EQUIVALENCE,
    DrugClass,
    Route,
    convert_mycophenolate,
    drugs_in_class,
    get_drug,
    list_drugs,
    mmf_to_mpa,
    mpa_to_mmf,
)
from lupus_nephritis.regimens.models import DrugName
from lupus_nephritis.sources import SOURCES


def test_every_drug_has_a_catalogue_entry_with_known_sources() -> None:
    assert set(CATALOGUE) == set(DrugName)
    for drug in list_drugs():
        assert drug.source_ids, drug.name
        assert all(s in SOURCES for s in drug.source_ids), drug.name
        for dose in drug.doses:
            assert dose.source_id in SOURCES, (drug.name, dose.id)
            assert dose.confidence in ("high", "medium", "low")
            assert dose.route in drug.routes


def test_label_dosing_facts() -> None:
    voclosporin = get_drug("voclosporin").dose("standard")
    assert (voclosporin.amount, voclosporin.unit, voclosporin.frequency) == (
        Decimal("23.7"),
        "mg",
        "twice daily",
    )
    euro_lupus = get_drug("cyc").dose("euro-lupus")
    assert euro_lupus.amount == Decimal("500")
    assert euro_lupus.course is not None and "6 doses" in euro_lupus.course
    belimumab = get_drug("belimumab")
    assert {d.route for d in belimumab.doses} == {Route.IV, Route.SC}
    assert belimumab.dose("iv").amount == Decimal("10")
    assert belimumab.dose("sc-adult-ln").amount == Decimal("400")
    assert get_drug("obinutuzumab").dose("ln").amount == Decimal("1000")


def test_drugs_without_dosing_facts_have_none() -> None:
    for name in ("rituximab", "cyclosporine", "anifrolumab"):
        assert get_drug(name).doses == ()


def test_unknown_dose_and_drug_raise_input_error() -> None:
    with pytest.raises(InputError, match="no dosing fact"):
        get_drug("mmf").dose("nope")
    with pytest.raises(InputError):
        get_drug("aspirin")


def test_classes() -> None:
    assert {d.name for d in drugs_in_class(DrugClass.CALCINEURIN_INHIBITOR)} == set(CNI)
    assert get_drug("belimumab").drug_class is DrugClass.ANTI_BAFF_ANTIBODY
    assert get_drug("obinutuzumab").drug_class is DrugClass.ANTI_CD20_ANTIBODY


@pytest.mark.parametrize(
    ("mmf", "mpa"),
    [(1000, 720), (500, 360), (2000, 1440), (3000, 2160), ("1500", 1080)],
)
def test_mmf_mpa_equivalence_is_exact(mmf: object, mpa: int) -> None:
    assert mmf_to_mpa(mmf) == Fraction(mpa)
    assert mpa_to_mmf(mpa) == Fraction(mmf if isinstance(mmf, int) else int(str(mmf)))


def test_equivalence_accepts_doses_with_units() -> None:
    assert mmf_to_mpa("2 g") == Fraction(1440)
    assert mmf_to_mpa({"value": 1, "unit": "g"}) == Fraction(720)
    assert mpa_to_mmf(Dose.model_validate("1.44 g")) == Fraction(2000)
    assert MPA_MMF_EQUIVALENCE.source_id == "mpa-mmf-equivalence"


def test_convert_mycophenolate() -> None:
    assert convert_mycophenolate(720, "mpa", "mmf") == Fraction(1000)
    assert convert_mycophenolate(1000, "mmf", "mpa") == Fraction(720)
    assert convert_mycophenolate(1000, "mmf", "mmf") == Fraction(1000)
    with pytest.raises(InputError):
        convert_mycophenolate(1000, "mmf", "azathioprine")
    with pytest.raises(InputError):
        convert_mycophenolate(1000, "mmf", "unknown-drug")


@pytest.mark.parametrize("bad", [-1, "abc", float("nan"), True])
def test_equivalence_rejects_bad_amounts(bad: object) -> None:
    with pytest.raises(InputError):
        mmf_to_mpa(bad)


@settings(max_examples=60)
@given(st.decimals(min_value=0, max_value=5000, places=2))
def test_mmf_mpa_round_trip_is_exact(amount: Decimal) -> None:
    assert mpa_to_mmf(mmf_to_mpa(amount)) == Fraction(amount)


# ---------------------------------------------------------------- review additions


def test_mpa_720_mg_is_mmf_1000_mg_from_the_cited_equivalence() -> None:
    assert MPA_MMF_EQUIVALENCE.drug_mg == Decimal("720")
    assert MPA_MMF_EQUIVALENCE.equivalent_mg == Decimal("1000")
    assert mpa_to_mmf("720 mg") == Fraction(1000)
    assert mmf_to_mpa({"value": "1000", "unit": "mg"}) == Fraction(720)
    assert mpa_to_mmf("0.72 g") == Fraction(1000)


def test_converter_has_no_glucocorticoid_plausibility_ceiling() -> None:
    # 3.5 g (a weekly or pharmacy total) converts like the bare number 3500 mg.
    assert mmf_to_mpa("3.5 g") == mmf_to_mpa(3500) == Fraction(2520)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [1000],
        float("inf"),
        Decimal("NaN"),
        "2 kg",
        "nan g",
        "-1 g",
        {"value": 1},
        {"value": 1, "unit": "mg", "extra": 1},
        {"value": -1, "unit": "mg"},
        {"value": 1, "unit": 5},
        "1000mg",
    ],
)
def test_converters_reject_hostile_amounts_with_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        mmf_to_mpa(bad)
    with pytest.raises(InputError):
        mpa_to_mmf(bad)


@pytest.mark.parametrize("bad", ["x", None, 5])
def test_unknown_drug_class_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        drugs_in_class(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("source", "target"), [(5, "mmf"), (None, "mpa"), ("mmf", [])])
def test_convert_mycophenolate_rejects_non_drug_names(source: object, target: object) -> None:
    with pytest.raises(InputError):
        convert_mycophenolate(1000, source, target)  # type: ignore[arg-type]


def test_catalogue_covers_the_issue_drug_list_with_routes_and_label_dosing() -> None:
    cyc = get_drug("cyclophosphamide")
    assert {d.id for d in cyc.doses} == {"euro-lupus", "nih", "oral"}
    assert cyc.dose("euro-lupus").amount == Decimal("500")
    assert cyc.dose("nih").unit == "g/m2"
    belimumab = get_drug("belimumab")
    assert set(belimumab.routes) == {Route.IV, Route.SC}
    assert belimumab.dose("iv").amount == Decimal("10")
    assert belimumab.dose("sc-adult-ln").amount == Decimal("400")
    voclosporin = get_drug("voclosporin")
    assert voclosporin.dose("standard").amount == Decimal("23.7")
    assert voclosporin.dose("severe-renal-impairment").amount == Decimal("15.8")
    assert voclosporin.dose("moderate-cyp3a4-inhibitor").amount == Decimal("15.8")
    for name in DrugName:
        entry = CATALOGUE[name]
        assert entry.drug_class in DrugClass
        assert entry.routes
