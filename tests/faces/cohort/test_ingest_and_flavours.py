"""Rejected rows, frame flavours and derive_egfr against the scalar equations."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from lupus_nephritis import egfr as E  # noqa: N812
from lupus_nephritis.cohort import Columns, derive_egfr, derive_renal_response
from lupus_nephritis.errors import LupusNephritisError, OptionError

START = date(2024, 1, 1)
WEEK52 = date(2024, 12, 30)


def _long(rows: list[tuple[str, date, str, object, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "USUBJID": [r[0] for r in rows],
            "ADT": [r[1] for r in rows],
            "PARAMCD": [r[2] for r in rows],
            "AVAL": [None if r[3] is None else str(r[3]) for r in rows],
            "AVALU": [r[4] for r in rows],
        }
    )


COURSES = pl.DataFrame({"USUBJID": ["p1"], "TRTSDT": [START]})


@pytest.mark.parametrize(
    ("value", "unit", "reason"),
    [
        ("-1", "g/g", "negative"),
        ("abc", "g/g", "value-unparseable"),
        ("inf", "g/g", "non-finite"),
        ("0.5", "g/l", "unit-unknown"),
        ("0.5", None, "unit-missing"),
        ("50", "g/g", "unit-mixup-suspected"),
        ("40000", "g/g", "implausible"),
    ],
)
def test_bad_upcr_rows_are_rejected_with_their_reason(value, unit, reason) -> None:
    m = _long([("p1", WEEK52, "upcr", value, unit)])
    result = derive_renal_response(m, courses=COURSES)
    assert result.rejected.get_column("REASON").to_list() == [reason]


def test_upcr_exactly_30_g_g_is_plausible_and_30_000001_is_not() -> None:
    m = _long([("p1", WEEK52, "upcr", "30", "g/g"), ("p1", START, "upcr", "30.000001", "g/g")])
    result = derive_renal_response(m, courses=COURSES)
    assert result.rejected.get_column("ROW").to_list() == [1]


def test_nan_and_null_values_are_absent_not_rejected() -> None:
    m = pl.DataFrame(
        {
            "USUBJID": ["p1", "p1"],
            "ADT": [WEEK52, WEEK52],
            "PARAMCD": ["upcr", "egfr"],
            "AVAL": [float("nan"), None],
            "AVALU": ["g/g", "mL/min/{1.73_m2}"],
        }
    )
    result = derive_renal_response(m, courses=COURSES)
    assert result.rejected.height == 0
    assert "assessment.upcr" in result.decisions.get_column("MISSING")[0]


def test_conflicting_duplicates_are_all_rejected_identical_ones_kept_once() -> None:
    m = _long(
        [
            ("p1", WEEK52, "upcr", "0.4", "g/g"),
            ("p1", WEEK52, "upcr", "0.6", "g/g"),
            ("p1", START, "egfr", "90", "mL/min/{1.73_m2}"),
            ("p1", START, "egfr", "90", "mL/min/{1.73_m2}"),
        ]
    )
    result = derive_renal_response(m, courses=COURSES)
    reasons = sorted(result.rejected.get_column("REASON").to_list())
    assert reasons == ["duplicate", "duplicate-conflict", "duplicate-conflict"]


def test_subject_without_course_is_reported() -> None:
    m = _long([("p9", WEEK52, "upcr", "0.4", "g/g")])
    result = derive_renal_response(m, courses=COURSES)
    assert result.rejected.get_column("REASON").to_list() == ["course-missing"]
    assert result.decisions.get_column("AVALC").to_list() == ["not_evaluable"]


def test_assessment_before_start_is_rejected() -> None:
    m = _long([("p1", WEEK52, "upcr", "0.4", "g/g")])
    result = derive_renal_response(m, courses=COURSES, at=date(2023, 1, 1))
    assert result.rejected.get_column("REASON").to_list() == ["assessment-before-start"]
    assert result.decisions.height == 0


def test_engine_vectorised_refuses_a_rule_set_without_compiler(monkeypatch) -> None:
    from lupus_nephritis.cohort._response import COMPILERS

    # every registered response rule set is compiled: take one compiler away
    monkeypatch.delitem(COMPILERS, "aurora-2-good-renal-outcome@1.0.0")
    m = _long([("p1", WEEK52, "upcr", "0.4", "g/g")])
    with pytest.raises(OptionError):
        derive_renal_response(
            m, courses=COURSES, rule_sets=["aurora-2-good-renal-outcome"], engine="vectorised"
        )
    auto = derive_renal_response(m, courses=COURSES, rule_sets=["aurora-2-good-renal-outcome"])
    assert auto.engines == {"aurora-2-good-renal-outcome@1.0.0": "scalar"}
    assert set(auto.scalar_rows.get_column("REASON")) == {"not-vectorised"}


def test_custom_columns_and_parameter_codes() -> None:
    m = pl.DataFrame(
        {
            "ID": [1, 1],
            "DAY": [START, WEEK52],
            "CODE": ["UPCR", "UPCR"],
            "V": [3.0, 0.4],
            "U": ["g/g", "g/g"],
            "R": ["baseline", None],
        }
    )
    cols = Columns(
        subject="ID",
        date="DAY",
        parameter="CODE",
        value="V",
        unit="U",
        role="R",
        start_date="START",
    )
    result = derive_renal_response(
        m,
        courses=pl.DataFrame({"ID": [1], "START": [START]}),
        columns=cols,
        parameters={"UPCR": "upcr"},
    )
    assert result.decisions.schema["ID"] == pl.Int64
    assert result.decisions.get_column("CRIT_upcr-complete").to_list() == ["met"]


@pytest.mark.parametrize("flavour", ["pandas", "pyarrow", "duckdb", "lazy"])
def test_the_callers_flavour_comes_back(flavour) -> None:
    m = _long([("p1", WEEK52, "upcr", "0.4", "g/g")])
    native = {
        "pandas": lambda f: f.to_pandas(),
        "pyarrow": lambda f: f.to_arrow(),
        "duckdb": lambda f: duckdb.from_arrow(f.to_arrow()),
        "lazy": lambda f: f.lazy(),
    }[flavour](m)
    result = derive_renal_response(native, courses=COURSES)
    expected = {
        "pandas": pd.DataFrame,
        "pyarrow": pa.Table,
        "duckdb": duckdb.DuckDBPyRelation,
        "lazy": pl.LazyFrame,
    }[flavour]
    assert isinstance(result.decisions, expected)


def test_import_lupus_nephritis_does_not_import_polars() -> None:
    import subprocess
    import sys

    code = "import sys, lupus_nephritis; print('polars' in sys.modules, 'narwhals' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


_SCALAR = {
    "ckd-epi-2021-cr": lambda r: E.egfr_ckd_epi_2021(
        creatinine_mg_dl=r["scr"], age=r["age"], sex=r["sex"]
    ),
    "ekfc-2021": lambda r: E.egfr_ekfc_2021(creatinine_mg_dl=r["scr"], age=r["age"], sex=r["sex"]),
    "ckd-epi-2012-cys": lambda r: E.egfr_ckd_epi_2012_cys(
        cystatin_c_mg_l=r["cys"], age=r["age"], sex=r["sex"]
    ),
}


@pytest.mark.parametrize("equation", sorted(_SCALAR))
def test_derive_egfr_equals_the_scalar_equation_bit_for_bit(equation) -> None:
    import random

    rng = random.Random(3)
    rows = [
        {
            "scr": round(rng.uniform(0.1, 29.9), rng.choice([1, 2, 5])),
            "cys": round(rng.uniform(0.1, 15), 2),
            "age": float(rng.randrange(0, 125)),
            "sex": rng.choice(["female", "male"]),
        }
        for _ in range(400)
    ] + [{"scr": 30.0, "cys": 1.0, "age": 18.0, "sex": "male"}]
    frame = pl.DataFrame(rows).rename({"scr": "creatinine", "cys": "cystatin_c"})
    out = derive_egfr(frame, equation=equation, units={"creatinine": "mg/dL", "cystatin_c": "mg/L"})
    for row, value in zip(rows, out.get_column("EGFR").to_list(), strict=True):
        try:
            expected = _SCALAR[equation](row)
        except LupusNephritisError:
            expected = None
        assert value == expected


def test_derive_egfr_mdrd_idms_equals_the_scalar_equation_bit_for_bit() -> None:
    import random

    rng = random.Random(11)
    rows = [
        {
            "scr": round(rng.uniform(0.1, 29.9), rng.choice([1, 2, 5])),
            "age": float(rng.randrange(0, 125)),
            "sex": rng.choice(["female", "male"]),
            "black": rng.choice([True, False, None]),
        }
        for _ in range(300)
    ]
    frame = pl.DataFrame(rows).rename({"scr": "creatinine", "black": "is_black"})
    out = derive_egfr(frame, equation="mdrd-idms", units={"creatinine": "mg/dL"})
    assert set(out.get_column("EGFR_EQUATION").to_list()) == {"mdrd-idms@1.0.0"}
    computed = 0
    for row, value in zip(rows, out.get_column("EGFR").to_list(), strict=True):
        try:
            expected = E.egfr_mdrd_idms(
                creatinine_mg_dl=row["scr"], age=row["age"], sex=row["sex"], is_black=row["black"]
            )
        except LupusNephritisError:
            expected = None
        assert value == expected, row
        computed += expected is not None
    assert computed > 100  # adults with a recorded race flag


def test_derive_egfr_has_a_builder_for_every_registered_equation() -> None:
    from lupus_nephritis.cohort._egfr import BUILDERS, INPUTS

    assert set(BUILDERS) == set(E.EQUATIONS) == set(INPUTS)
