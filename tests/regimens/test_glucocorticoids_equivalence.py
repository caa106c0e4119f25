"""Glucocorticoid equivalence rule sets: every drug's factor, linearity, inversion, conflict."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.docgen import render_rule_set
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.regimens.glucocorticoids.equivalence import (
    EQUIVALENCE_RULE_SET_IDS,
    convert_glucocorticoid_dose,
    equivalence_rule_set,
)
from lupus_nephritis.registry import RuleKind, get_rule_set
from lupus_nephritis.steroids import (
    EQUIVALENCE_TABLES,
    Glucocorticoid,
    from_prednisone_equivalent,
    prednisone_equivalent,
)

FDA = "glucocorticoid-equivalence-fda-label"
CONVENTIONAL = "glucocorticoid-equivalence-conventional"

# mg equivalent to 5 mg prednisone, per drug, as the reference facts state them (section 7.1)
EXPECTED_FDA = {
    "prednisone": "5",
    "prednisolone": "5",
    "methylprednisolone": "4",
    "triamcinolone": "4",
    "dexamethasone": "0.75",
    "betamethasone": "0.75",
    "hydrocortisone": "20",
    "cortisone": "25",
    "deflazacort": "6",
}
EXPECTED_CONVENTIONAL = {**EXPECTED_FDA, "betamethasone": "0.6"}

drugs = st.sampled_from(list(Glucocorticoid))
tables = st.sampled_from(sorted(EQUIVALENCE_TABLES))
amounts = st.decimals(min_value=0, max_value=3000, places=3, allow_nan=False)


def test_both_tables_are_registered_as_equivalence_rule_sets() -> None:
    fda = get_rule_set(FDA)
    conventional = get_rule_set(CONVENTIONAL)
    assert fda.kind is RuleKind.EQUIVALENCE
    assert conventional.kind is RuleKind.EQUIVALENCE
    assert fda.parameters.is_default is True
    assert conventional.parameters.is_default is False
    assert EQUIVALENCE_RULE_SET_IDS == {"fda-label": FDA, "conventional": CONVENTIONAL}


@pytest.mark.parametrize(
    ("rule_set_id", "expected"), [(FDA, EXPECTED_FDA), (CONVENTIONAL, EXPECTED_CONVENTIONAL)]
)
def test_parameters_list_every_drug_with_its_mg_and_source(
    rule_set_id: str, expected: dict[str, str]
) -> None:
    params = get_rule_set(rule_set_id).parameters
    rows = {row.drug: row for row in params.rows}
    assert set(rows) == {g.value for g in Glucocorticoid}
    for drug, mg in expected.items():
        assert rows[drug].mg_equivalent_to_5_mg_prednisone == Decimal(mg)
        assert Fraction(rows[drug].prednisone_mg_per_mg) == Fraction(5) / Fraction(mg)
    assert rows["deflazacort"].source_id == "deflazacort-leaflet"
    assert rows["dexamethasone"].source_id == "prednisolone-fda-label"


@pytest.mark.parametrize("rule_set_id", [FDA, CONVENTIONAL])
def test_docs_page_lists_every_drug_and_its_mg(rule_set_id: str) -> None:
    page = render_rule_set(get_rule_set(rule_set_id))
    for row in get_rule_set(rule_set_id).parameters.rows:
        assert row.drug in page
    assert "20/3" in page  # dexamethasone factor, exact
    assert "deflazacort-leaflet" in page


@pytest.mark.parametrize(("drug", "mg"), sorted(EXPECTED_FDA.items()))
def test_each_drug_equivalent_dose_is_5_mg_prednisone_fda_label(drug: str, mg: str) -> None:
    assert prednisone_equivalent(mg, drug) == 5
    evaluate = get_rule_set(FDA).evaluate
    assert evaluate is not None
    assert evaluate(mg, drug) == 5


@pytest.mark.parametrize(("drug", "mg"), sorted(EXPECTED_CONVENTIONAL.items()))
def test_each_drug_equivalent_dose_is_5_mg_prednisone_conventional(drug: str, mg: str) -> None:
    assert prednisone_equivalent(mg, drug, table="conventional") == 5
    evaluate = get_rule_set(CONVENTIONAL).evaluate
    assert evaluate is not None
    assert evaluate(mg, drug) == 5


def test_betamethasone_conflict_gives_different_prednisone_equivalents() -> None:
    # 3 mg betamethasone: 20 mg prednisone by the FDA label, 25 mg by the conventional tables
    fda, conventional = get_rule_set(FDA).evaluate, get_rule_set(CONVENTIONAL).evaluate
    assert fda is not None and conventional is not None
    assert fda("3", "betamethasone") == 20
    assert conventional("3", "betamethasone") == 25


def test_tables_agree_on_every_drug_except_betamethasone() -> None:
    for drug in Glucocorticoid:
        same = prednisone_equivalent(1, drug) == prednisone_equivalent(
            1, drug, table="conventional"
        )
        assert same is (drug is not Glucocorticoid.BETAMETHASONE)


def test_dexamethasone_4_mg_is_exactly_80_thirds_mg_prednisone() -> None:
    assert prednisone_equivalent("4", "dexamethasone") == Fraction(80, 3)


def test_convert_methylprednisolone_to_dexamethasone() -> None:
    # 16 mg methylprednisolone = 20 mg prednisone = 3 mg dexamethasone
    assert convert_glucocorticoid_dose("16", "methylprednisolone", "dexamethasone") == 3


def test_equivalence_rule_set_lookup_by_table_and_by_id() -> None:
    assert equivalence_rule_set("conventional").id == CONVENTIONAL
    assert equivalence_rule_set(FDA).id == FDA
    assert equivalence_rule_set().id == FDA
    with pytest.raises(OptionError):
        equivalence_rule_set("bogus")


def test_negative_dose_is_rejected() -> None:
    with pytest.raises(InputError):
        convert_glucocorticoid_dose("-1", "prednisone", "dexamethasone")


def test_unknown_drug_is_rejected() -> None:
    with pytest.raises(OptionError):
        convert_glucocorticoid_dose("1", "cortisol-x", "prednisone")


@settings(max_examples=80, deadline=None)
@given(drug=drugs, table=tables, a=amounts, b=amounts, k=st.integers(min_value=0, max_value=50))
def test_prednisone_equivalent_is_linear(
    drug: Glucocorticoid, table: str, a: Decimal, b: Decimal, k: int
) -> None:
    def f(x: object) -> Fraction:
        return prednisone_equivalent(x, drug, table=table)

    assert f(a + b) == f(a) + f(b)
    assert f(k * a) == k * f(a)
    assert f(0) == 0


@settings(max_examples=80, deadline=None)
@given(drug=drugs, table=tables, amount=amounts)
def test_prednisone_equivalent_is_invertible(
    drug: Glucocorticoid, table: str, amount: Decimal
) -> None:
    prednisone = prednisone_equivalent(amount, drug, table=table)
    assert from_prednisone_equivalent(prednisone, drug, table=table) == Fraction(amount)
    assert prednisone_equivalent(
        from_prednisone_equivalent(amount, drug, table=table), drug, table=table
    ) == Fraction(amount)


@settings(max_examples=60, deadline=None)
@given(source=drugs, target=drugs, table=tables, amount=amounts)
def test_conversion_round_trips_between_any_two_drugs(
    source: Glucocorticoid, target: Glucocorticoid, table: str, amount: Decimal
) -> None:
    there = convert_glucocorticoid_dose(amount, source, target, table=table)
    assert convert_glucocorticoid_dose(there, target, source, table=table) == Fraction(amount)


@settings(max_examples=60, deadline=None)
@given(drug=drugs, table=tables, a=amounts, b=amounts)
def test_prednisone_equivalent_is_monotone(
    drug: Glucocorticoid, table: str, a: Decimal, b: Decimal
) -> None:
    lo, hi = sorted((a, b))
    assert prednisone_equivalent(lo, drug, table=table) <= prednisone_equivalent(
        hi, drug, table=table
    )
