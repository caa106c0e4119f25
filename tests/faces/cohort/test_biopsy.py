"""``derive_biopsy_indication`` gives the scalar path's rows for every biopsy rule set.

Fast profile in the normal suite (a few cohorts); the long profile runs the profile's own
number of examples: ``HYPOTHESIS_PROFILE=slow pytest tests/faces/cohort/test_biopsy.py -p
no:cacheprovider``.
"""

from __future__ import annotations

import os
import random
from datetime import date
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.cohort import derive_biopsy_indication
from lupus_nephritis.cohort._biopsy import BIOPSY_COMPILERS
from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.registry import RuleKind, get_rule_set, list_rule_sets

from .biopsy_gen import biopsy_frames, cohort, scalar_findings

_KDIGO = {
    "proteinuria_comparator": [">", ">="],
    "confirmation_measure": ["protein_24h", "protein_24h_or_24h_upcr", "protein_24h_or_any_upcr"],
    "sediment_role": ["supporting", "sufficient"],
    "dilute_specific_gravity_below": ["1.010", "1.020", 1.011, "1.0101"],
}
#: ``id@version`` -> option name -> values drawn. Compiled rule sets draw every option; the
#: others run on the scalar path (the property then checks the findings the face assembles).
OPTION_CHOICES: dict[str, dict[str, list[Any]]] = {
    "kdigo-2024-biopsy@1.0.0": {**_KDIGO, "abnormal_egfr_rule": ["flag-only", "flag-or-below-60"]},
    "kdigo-2021-biopsy@1.0.0": dict(_KDIGO),
    "acr-2024-biopsy@1.0.0": {
        "impaired_function_rule": ["flag-or-egfr-below-60", "flag-only"],
        "protein_24h_counts": [False, True],
    },
    "acr-2024-repeat-biopsy@1.0.0": {},
    "eular-2019-biopsy@1.0.0": {"upcr_specimen_policy": ["first-morning-only", "flag"]},
    "eular-2012-biopsy@1.0.0": {},
    "acr-2012-biopsy@1.0.0": {
        "upcr_in_combinations": [False, True],
        "confirm_sediment": [True, False],
    },
    "seed-review-2024-biopsy@1.0.0": {
        "proteinuria_comparator": [">", ">="],
        "any_proteinuria_dipstick_min": ["trace", "1+", "2+"],
        "any_proteinuria_upcr_floor": ["0.2", 0.5, "0.3"],
        "any_proteinuria_24h_floor": [None, "0.2", 0.5],
        "sediment_role": ["supporting", "sufficient"],
    },
}


def _examples(fast: int) -> int:
    """``fast`` in the normal suite; under ``HYPOTHESIS_PROFILE`` that profile's number."""
    if os.environ.get("HYPOTHESIS_PROFILE", "default") == "default":
        return fast
    return int(settings.default.max_examples)


def test_every_compiled_biopsy_rule_set_is_in_the_property() -> None:
    assert set(BIOPSY_COMPILERS) == set(OPTION_CHOICES)


def test_every_registered_biopsy_rule_set_is_compiled() -> None:
    assert {r.key for r in list_rule_sets(RuleKind.BIOPSY)} <= set(BIOPSY_COMPILERS)


def _expected(name: str, findings: dict[str, Any], opts: dict[str, Any]) -> dict[str, Any] | None:
    try:
        model = BiopsyFindings.model_validate(findings)
    except InputError:
        return None  # the face rejects the assessment (findings-inconsistent)
    return assess_biopsy_indication(model, name, **opts).to_row()


def _check(
    seed: int, names: list[str], *, engine: str = "auto", decline: bool = False
) -> tuple[int, int]:
    rng = random.Random(seed)
    data = cohort(rng, rng.randrange(1, 6))
    tables = biopsy_frames(data)
    expected_findings = scalar_findings(data)
    opts = {
        rs: {k: rng.choice(v) for k, v in OPTION_CHOICES.get(rs, {}).items() if rng.random() < 0.7}
        for rs in names
    }
    if decline:  # the eGFR-history fall: evaluated by the scalar path from the face's findings
        for rs in names:
            if any(o.name == "egfr_decline_percent" for o in get_rule_set(rs).options):
                opts[rs]["egfr_decline_percent"] = rng.choice([10, "25", 50])
    assessments = pl.DataFrame(
        {
            "USUBJID": [s for s, _ in expected_findings],
            "ADT": [d for _, d in expected_findings],
        },
        schema={"USUBJID": pl.String, "ADT": pl.Date},
    )
    result = derive_biopsy_indication(
        tables["measurements"],
        findings=tables["findings"],
        assessments=assessments,
        rule_sets=names,
        options=opts,
        engine=engine,
    )
    got_rows = {(r["USUBJID"], r["ADT"], r["RULESET"]): r for r in result.decisions.to_dicts()}
    handed = {
        (r["USUBJID"], r["ADT"], r["RULESET"]) for r in result.scalar_rows.iter_rows(named=True)
    }
    vectorised = total = 0
    for (subject, day), findings in expected_findings.items():
        for name in names:
            expected = _expected(name, findings, opts[name])
            key = (subject, day, name)
            if expected is None:
                assert key not in got_rows
                continue
            row = got_rows[key]
            got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
            assert got == {k: v for k, v in expected.items() if v is not None}, (key, opts[name])
            total += 1
            vectorised += key not in handed
    assert len(got_rows) == total
    return vectorised, total


@settings(max_examples=_examples(6))
@given(st.integers(min_value=0, max_value=2**32))
def test_frame_rows_equal_scalar_rows_for_compiled_rule_sets(seed: int) -> None:
    _check(seed, list(OPTION_CHOICES))


@settings(max_examples=_examples(2))
@given(st.integers(min_value=0, max_value=2**32))
def test_scalar_engine_rows_equal_scalar_rows(seed: int) -> None:
    # the findings the face hands the scalar path (previous values, eGFR history ...)
    _check(seed, list(OPTION_CHOICES), engine="scalar")


@settings(max_examples=_examples(2))
@given(st.integers(min_value=0, max_value=2**32))
def test_egfr_decline_percent_rows_equal_scalar_rows(seed: int) -> None:
    _check(seed, list(OPTION_CHOICES), decline=True)


def test_most_compiled_rows_are_decided_by_the_vectorised_engine() -> None:
    vectorised = total = 0
    for seed in range(4):
        v, t = _check(seed, list(OPTION_CHOICES))
        vectorised += v
        total += t
    assert total > 0
    assert vectorised >= total * 3 // 4


# ----------------------------------------------------------------------------- boundaries


def _one(
    rows: list[dict[str, Any]], stated: dict[str, Any] | None = None, **opts: Any
) -> dict[str, Any]:
    m = pl.DataFrame(
        [{"USUBJID": "S", "ADT": date(2024, 3, 1), "SPECIMEN": None, **r} for r in rows],
        schema={
            "USUBJID": pl.String,
            "ADT": pl.Date,
            "PARAMCD": pl.String,
            "AVAL": pl.String,
            "AVALU": pl.String,
            "SPECIMEN": pl.String,
        },
    )
    findings = None
    if stated is not None:
        findings = pl.DataFrame([{"USUBJID": "S", "ADT": date(2024, 3, 1), **stated}])
    result = derive_biopsy_indication(
        m, findings=findings, rule_sets=["kdigo-2024"], engine="vectorised", **opts
    )
    assert result.scalar_rows.height == 0
    row: dict[str, Any] = result.decisions.row(0, named=True)
    return row


def _p24(value: str, unit: str = "g/d") -> dict[str, Any]:
    return {"PARAMCD": "protein_24h", "AVAL": value, "AVALU": unit}


def test_protein_24h_exactly_0_5_g_per_day_is_not_above_the_kdigo_2024_cut() -> None:
    assert _one([_p24("0.5")])["CRIT_proteinuria-quantified"] == "not_met"


def test_protein_24h_just_above_0_5_g_per_day_indicates_a_biopsy_under_kdigo_2024() -> None:
    assert _one([_p24("0.5000001")])["AVALC"] == "indicated"


def test_protein_24h_just_below_0_5_g_per_day_is_not_above_the_kdigo_2024_cut() -> None:
    assert _one([_p24("0.4999999")])["CRIT_proteinuria-quantified"] == "not_met"


def test_protein_24h_exactly_500_mg_per_day_meets_the_inclusive_kdigo_2024_reading() -> None:
    row = _one([_p24("500", "mg/(24.h)")], proteinuria_comparator=">=")
    assert row["CRIT_protein-24h-ge-500"] == "met"
    assert row["AVALC"] == "indicated"


def test_missing_protein_24h_after_a_positive_screen_is_insufficient_data() -> None:
    row = _one([{"PARAMCD": "upcr", "AVAL": "0.6", "AVALU": "g/g"}])
    assert row["AVALC"] == "insufficient_data"
    assert "protein_24h" in row["MISSING"].split(", ")
    assert "screen-positive-quantification-needed" in row["FLAGS"]


@pytest.mark.parametrize(
    ("gravity", "dilute"), [("1.009", "met"), ("1.010", "not_met"), ("1.011", "not_met")]
)
def test_specific_gravity_at_the_dilute_cut_of_1_010(gravity: str, dilute: str) -> None:
    row = _one([_p24("0.1")], {"dipstick_protein": "1+", "urine_specific_gravity": gravity})
    assert row["CRIT_dilute-urine"] == dilute


@pytest.mark.parametrize(("egfr", "low"), [("59.9", "met"), ("60", "not_met"), ("60.1", "not_met")])
def test_egfr_at_60_under_kdigo_2024_flag_or_below_60(egfr: str, low: str) -> None:
    row = _one(
        [{"PARAMCD": "egfr", "AVAL": egfr, "AVALU": "mL/min/{1.73_m2}"}],
        {"has_impaired_kidney_function": False},
        abnormal_egfr_rule="flag-or-below-60",
    )
    assert row["CRIT_egfr-below-60"] == low


def test_acanthocytes_exactly_5_percent_make_the_sediment_active() -> None:
    row = _one([{"PARAMCD": "acanthocytes", "AVAL": "5", "AVALU": "%"}])
    assert row["CRIT_acanthocytes"] == "met"
    assert "active-sediment" in row["FLAGS"]


@pytest.mark.parametrize(
    ("start", "met"),
    [(date(2023, 9, 1), "met"), (date(2023, 9, 2), "not_met"), (date(2023, 8, 31), "met")],
)
def test_treatment_exactly_6_calendar_months_meets_acr_2024_repeat(start: date, met: str) -> None:
    m = pl.DataFrame(
        {"USUBJID": ["S"], "ADT": [date(2024, 3, 1)], "PARAMCD": ["upcr"], "AVAL": ["1"]},
    ).with_columns(AVALU=pl.lit("g/g"))
    findings = pl.DataFrame(
        {
            "USUBJID": ["S"],
            "ADT": [date(2024, 3, 1)],
            "treatment_start": [start],
            "has_persistent_abnormalities": [True],
        }
    )
    result = derive_biopsy_indication(
        m, findings=findings, rule_sets=["acr-2024-repeat"], engine="vectorised"
    )
    assert result.decisions.get_column("CRIT_treatment-6-months").to_list() == [met]


def test_missing_treatment_start_is_listed_under_acr_2024_repeat() -> None:
    m = pl.DataFrame(
        {"USUBJID": ["S"], "ADT": [date(2024, 3, 1)], "PARAMCD": ["upcr"], "AVAL": ["1"]},
    ).with_columns(AVALU=pl.lit("g/g"))
    findings = pl.DataFrame(
        {"USUBJID": ["S"], "ADT": [date(2024, 3, 1)], "has_persistent_abnormalities": [True]}
    )
    row = derive_biopsy_indication(
        m, findings=findings, rule_sets=["acr-2024-repeat"], engine="vectorised"
    ).decisions.row(0, named=True)
    assert row["AVALC"] == "insufficient_data"
    assert row["MISSING"] == "is_in_remission, is_flare_suspected, treatment_start"


# ----------------------------------------------------------------------------- behaviour


def test_egfr_decline_percent_goes_to_the_scalar_path() -> None:
    rng = random.Random(3)
    tables = biopsy_frames(cohort(rng, 3))
    result = derive_biopsy_indication(
        tables["measurements"],
        findings=tables["findings"],
        rule_sets=["kdigo-2024"],
        egfr_decline_percent=25,
    )
    assert result.engines == {"kdigo-2024-biopsy@1.0.0": "scalar"}
    assert set(result.scalar_rows.get_column("REASON")) == {"not-vectorised"}
    with pytest.raises(OptionError):
        derive_biopsy_indication(
            tables["measurements"],
            rule_sets=["kdigo-2024"],
            engine="vectorised",
            egfr_decline_percent=25,
        )


def test_engine_scalar_gives_the_same_table() -> None:
    rng = random.Random(11)
    tables = biopsy_frames(cohort(rng, 5))
    kwargs: dict[str, Any] = {
        "findings": tables["findings"],
        "rule_sets": ["kdigo-2024", "kdigo-2021"],
    }
    auto = derive_biopsy_indication(tables["measurements"], **kwargs)
    scalar = derive_biopsy_indication(tables["measurements"], engine="scalar", **kwargs)
    assert auto.decisions.equals(scalar.decisions.select(auto.decisions.columns))
    assert set(auto.engines.values()) == {"vectorised"}


def test_invalid_option_is_an_option_error() -> None:
    m = pl.DataFrame({"USUBJID": ["S"], "ADT": ["2024-03-01"], "PARAMCD": ["upcr"]})
    with pytest.raises(OptionError):
        derive_biopsy_indication(m, dilute_specific_gravity_below="2")


def test_findings_table_rejects_bad_values_and_contradictions() -> None:
    m = pl.DataFrame(
        {
            "USUBJID": ["S"],
            "ADT": ["2024-03-01"],
            "PARAMCD": ["upcr"],
            "AVAL": ["1"],
            "AVALU": ["g/g"],
        }
    )
    findings = pl.DataFrame(
        {
            "USUBJID": ["S", "S", "T"],
            "ADT": ["2024-03-01", "2024-03-02", "not a date"],
            "dipstick_protein": ["5+", "2+", "1+"],
            "urine_specific_gravity": ["1015", "abc", "1.010"],
            "has_unexplained_decline": [None, "true", None],
            "explaining_causes": [None, "NSAID", None],
        }
    )
    result = derive_biopsy_indication(m, findings=findings)
    reasons = sorted(result.rejected.get_column("REASON").to_list())
    assert reasons == [
        "date-unparseable",
        "dipstick-unknown",
        "findings-inconsistent",
        "implausible",
        "value-unparseable",
    ]
    assert result.decisions.select("USUBJID", "ADT").rows() == [("S", date(2024, 3, 1))]


def test_no_rule_set_is_an_input_error() -> None:
    m = pl.DataFrame({"USUBJID": ["S"], "ADT": ["2024-03-01"], "PARAMCD": ["upcr"]})
    with pytest.raises(InputError, match="at least one"):
        derive_biopsy_indication(m, rule_sets=[])


def test_unknown_findings_column_is_an_input_error() -> None:
    m = pl.DataFrame(
        {
            "USUBJID": ["S"],
            "ADT": ["2024-03-01"],
            "PARAMCD": ["upcr"],
            "AVAL": ["1"],
            "AVALU": ["g/g"],
        }
    )
    with pytest.raises(InputError, match="unknown column"):
        derive_biopsy_indication(
            m, findings=pl.DataFrame({"USUBJID": ["S"], "ADT": ["x"], "y": [1]})
        )


def test_pandas_wide_measurements_come_back_as_pandas() -> None:
    wide = pd.DataFrame(
        {
            "USUBJID": ["A", "B"],
            "ADT": ["2024-01-10", "2024-01-11"],
            "protein_24h": [0.9, 0.2],
            "protein_24h_UNIT": ["g/d", "g/d"],
        }
    )
    result = derive_biopsy_indication(wide, rule_sets=["kdigo-2024", "seed-review-2024"])
    assert isinstance(result.decisions, pd.DataFrame)
    verdicts = dict(
        zip(
            result.decisions["USUBJID"] + "/" + result.decisions["PARAMCD"],
            result.decisions["AVALC"],
            strict=True,
        )
    )
    assert verdicts["A/kdigo-2024-biopsy"] == "indicated"
    assert result.engines == {
        "kdigo-2024-biopsy@1.0.0": "vectorised",
        "seed-review-2024-biopsy@1.0.0": "vectorised",
    }


def test_lookback_limits_the_earlier_egfr() -> None:
    m = pl.DataFrame(
        {
            "USUBJID": ["S", "S"],
            "ADT": [date(2024, 1, 1), date(2024, 3, 1)],
            "PARAMCD": ["egfr", "protein_24h"],
            "AVAL": ["40", "0.1"],
            "AVALU": ["mL/min/{1.73_m2}", "g/d"],
        }
    )
    kwargs: dict[str, Any] = {"rule_sets": ["kdigo-2021"]}
    within = derive_biopsy_indication(m, **kwargs).decisions
    assert (
        within.filter(pl.col("ADT") == date(2024, 3, 1)).get_column("CRIT_egfr-below-60")[0]
        == "met"
    )
    short = derive_biopsy_indication(m, lookback_days=30, **kwargs).decisions
    assert (
        short.filter(pl.col("ADT") == date(2024, 3, 1)).get_column("CRIT_egfr-below-60")[0]
        == "unknown"
    )
    with pytest.raises(InputError):
        derive_biopsy_indication(m, lookback_days=-1, **kwargs)
