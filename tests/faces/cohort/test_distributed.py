"""Dask and Spark frames: the distributed output equals the eager polars output and the scalar path.

The engines run for real: Dask with its multiprocessing scheduler (every task pickled, as on a
cluster) and threads, Spark on the session-scoped ``local[2]`` session of ``conftest.py``.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from datetime import date
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from lupus_nephritis import TreatmentCourse, get_rule_set
from lupus_nephritis.cohort import derive_egfr, derive_renal_response
from lupus_nephritis.cohort._distributed import (
    Job,
    criterion_columns,
    engine_of,
    envelope_schema,
    merge_orders,
    run_bucket,
)
from lupus_nephritis.errors import (
    InputError,
    LupusNephritisError,
    OptionError,
    UnknownRuleSetError,
)

from .cohort_gen import cohort, frames, scalar_courses

#: Vectorised rule sets (the KDIGO, EULAR 2012, ACR definitions and AURORA 1, with its dose
#: records and course flags as side tables).
RULE_SETS = [
    "kdigo-2021",
    "eular-2012",
    "acr-2024-provisional",
    "kdigo-2024",
    "aurora-1",
    "aurora-2-sustained-crr",
]
OPTIONS: dict[str, dict[str, Any]] = {
    "kdigo-2021": {"stability_band": 15},
    "acr-2024-provisional": {"proteinuria_unit": "mg/d"},
}
WEEKS = (26, 52, 156)  # week 26: before month 12, refused by the AURORA 2 rule set


def _cohort() -> dict[str, Any]:
    """A generated cohort, plus the edge rows a partitioned run must keep."""
    data = cohort(random.Random(2024), 24)
    tables = frames(data)
    measurements = pl.concat(
        [
            tables["measurements"],
            pl.DataFrame(  # a subject measured without a course: course-missing
                {
                    "USUBJID": ["ORPHAN"],
                    "ADT": [date(2021, 1, 1)],
                    "PARAMCD": ["upcr"],
                    "AVAL": ["1.5"],
                    "AVALU": ["g/g"],
                    "SPECIMEN": ["24h"],
                    "ROLE": ["visit"],
                    "CONVERSION": [None],
                },
                schema=tables["measurements"].schema,
            ),
        ]
    )
    courses = pl.concat(  # a course without measurements still gets its decisions
        [
            tables["courses"],
            pl.DataFrame({"USUBJID": ["NOMEAS"], "TRTSDT": [date(2021, 3, 1)]}),
        ],
        how="diagonal",
    )
    subjects = courses.get_column("USUBJID").to_list()
    assessments = pl.DataFrame(
        {
            "USUBJID": [s for s in subjects for _ in WEEKS] + ["S000", "GHOST"],
            "AT": [w for _ in subjects for w in WEEKS] + [-1, 52],  # invalid, no course
        }
    )
    return {
        "data": data,
        "measurements": measurements,
        "courses": courses,
        "patients": tables["patients"],
        "events": tables["events"],
        "doses": tables["doses"],
        "assessments": assessments,
    }


COHORT = _cohort()


def _call(measurements: Any, rule_sets: list[str] = RULE_SETS, **side: Any) -> Any:
    return derive_renal_response(
        measurements,
        courses=side.get("courses", COHORT["courses"]),
        patients=side.get("patients", COHORT["patients"]),
        events=side.get("events", COHORT["events"]),
        doses=side.get("doses", COHORT["doses"]),
        assessments=side.get("assessments", COHORT["assessments"]),
        rule_sets=rule_sets,
        options={k: v for k, v in OPTIONS.items() if k in rule_sets},
    )


#: Cheap rule sets (a small query plan each) for the partitioning tests.
CHEAP = ["aurora-2-adequate-response", "eular-2019"]


@pytest.fixture(scope="module")
def eager() -> Any:
    return _call(COHORT["measurements"])


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if t == pl.Null
    )
    return frame.sort(frame.columns, nulls_last=True)


def _assert_same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    assert got.columns == want.columns
    assert_frame_equal(_canonical(got), _canonical(want), check_exact=True)


def _from_dask(frame: Any) -> pl.DataFrame:
    return pl.from_pandas(frame.compute())


def _from_spark(frame: Any) -> pl.DataFrame:
    return pl.DataFrame(pl.from_arrow(frame.toArrow()))


# ----------------------------------------------------------------------------- the oracle


def test_eager_rows_equal_the_scalar_path_at_every_assessment(eager) -> None:
    courses = scalar_courses(COHORT["data"])
    got: Counter[tuple[Any, ...]] = Counter()
    for row in eager.decisions.iter_rows(named=True):
        got[tuple(sorted((k, v) for k, v in row.items() if v is not None))] += 1
    want: Counter[tuple[Any, ...]] = Counter()
    for subject, mapping in courses.items():
        course = TreatmentCourse.model_validate(mapping)
        for name in RULE_SETS:
            for week in WEEKS:
                try:
                    decision = get_rule_set(name).evaluate(course, at=week, **OPTIONS.get(name, {}))
                except LupusNephritisError:
                    continue  # refused assessment: a rejected row, not a decision
                row = {"USUBJID": subject, **decision.to_row()}
                want[tuple(sorted((k, v) for k, v in row.items() if v is not None))] += 1
    nomeas = eager.decisions.filter(pl.col("USUBJID") == "NOMEAS")
    # every rule set at every week, but AURORA 2 at week 26 (before month 12: refused)
    assert nomeas.height == len(RULE_SETS) * len(WEEKS) - 1
    for row in nomeas.iter_rows(named=True):
        got[tuple(sorted((k, v) for k, v in row.items() if v is not None))] -= 1
    assert +got == want
    reasons = set(eager.rejected.get_column("REASON").to_list())
    assert {"course-missing", "assessment-invalid"} <= reasons


# ----------------------------------------------------------------------------- Dask


def test_dask_output_equals_the_eager_output(eager) -> None:
    measurements = dd.from_pandas(COHORT["measurements"].to_pandas(), npartitions=2)
    courses = dd.from_pandas(COHORT["courses"].to_pandas(), npartitions=2)
    # the multiprocessing scheduler pickles every task, as a cluster does
    with dask.config.set(scheduler="processes"):
        # side tables: a Dask frame, a polars frame and a pandas frame
        result = _call(measurements, courses=courses, events=COHORT["events"].to_pandas())
        assert isinstance(result.decisions, dd.DataFrame)
        assert isinstance(result.rejected, dd.DataFrame)
        decisions, rejected, scalar_rows = dask.compute(
            result.decisions, result.rejected, result.scalar_rows
        )
    _assert_same(pl.from_pandas(decisions), eager.decisions)
    # ROW is the row's global position, as in the eager table
    _assert_same(pl.from_pandas(rejected), eager.rejected)
    _assert_same(pl.from_pandas(scalar_rows), eager.scalar_rows)
    assert result.engines == eager.engines


def test_dask_buckets_follow_the_measurements_partitions() -> None:
    measurements = dd.from_pandas(COHORT["measurements"].to_pandas(), npartitions=4)
    with dask.config.set(scheduler="threads"):
        result = _call(measurements, CHEAP)
        assert result.decisions.npartitions == 4
        parts = [result.decisions.get_partition(i).compute() for i in range(4)]
    subjects = [set(p["USUBJID"]) for p in parts]
    assert sum(len(s) for s in subjects) == len(set().union(*subjects))  # a subject: one part
    _assert_same(pl.from_pandas(pd.concat(parts)), _call(COHORT["measurements"], CHEAP).decisions)


def test_dask_errors_are_raised_at_the_call_as_library_errors() -> None:
    measurements = dd.from_pandas(COHORT["measurements"].to_pandas(), npartitions=2)
    with pytest.raises(UnknownRuleSetError):
        derive_renal_response(measurements, courses=COHORT["courses"], rule_sets=["nope"])
    with pytest.raises(OptionError):
        derive_renal_response(measurements, courses=COHORT["courses"], stability_band=12)
    with pytest.raises(InputError, match="TRTSDT"):
        derive_renal_response(measurements, courses=COHORT["courses"].rename({"TRTSDT": "X"}))
    with pytest.raises(InputError, match="Dask DataFrame, but the measurements"):
        derive_renal_response(
            COHORT["measurements"], courses=dd.from_pandas(COHORT["courses"].to_pandas())
        )


def test_dask_derive_egfr_equals_the_eager_columns_bit_for_bit() -> None:
    frame = _egfr_frame()
    want = derive_egfr(frame, equation="ekfc-2021")
    ddf = dd.from_pandas(frame.to_pandas(), npartitions=3)
    with dask.config.set(scheduler="threads"):
        got = derive_egfr(ddf, equation="ekfc-2021")
        assert isinstance(got, dd.DataFrame)
        table = pl.from_pandas(got.compute())
    assert table.columns == want.columns
    added = ["EGFR", "EGFR_REASON", "EGFR_EQUATION"]
    assert_frame_equal(table.select(added), want.select(added), check_exact=True)


def _egfr_frame() -> pl.DataFrame:
    rng = random.Random(5)
    n = 60
    return pl.DataFrame(
        {
            "creatinine": [
                None if i % 11 == 0 else round(rng.uniform(0.2, 12), rng.choice([1, 2]))
                for i in range(n)
            ],
            "creatinine_UNIT": [rng.choice(["mg/dL", "umol/L", "mg/L", None]) for _ in range(n)],
            "age": [float(rng.randrange(2, 95)) for _ in range(n)],
            "sex": [rng.choice(["female", "male", None]) for _ in range(n)],
        }
    )


# ----------------------------------------------------------------------------- Spark


def _spark_frame(spark: Any, frame: pl.DataFrame, partitions: int = 1) -> Any:
    sdf = spark.createDataFrame(frame.to_arrow())
    return sdf.repartition(partitions) if partitions > 1 else sdf


def test_spark_output_equals_the_eager_output(spark, eager) -> None:
    from pyspark.sql import functions as F  # noqa: N812

    measurements = spark.createDataFrame(COHORT["measurements"].to_arrow())
    courses = spark.createDataFrame(COHORT["courses"].to_arrow())
    result = _call(measurements, courses=courses, patients=COHORT["patients"].to_pandas())
    assert type(result.decisions).__name__ == "DataFrame"
    assert result.decisions.schema["ADT"].dataType.typeName() == "date"
    _assert_same(_from_spark(result.decisions), eager.decisions)
    _assert_same(_from_spark(result.scalar_rows), eager.scalar_rows)
    # ROW is Spark's monotonically_increasing_id of the row (its position within a partition)
    ids = {
        "measurements": [
            r[0] for r in measurements.select(F.monotonically_increasing_id()).collect()
        ],
        "courses": [r[0] for r in courses.select(F.monotonically_increasing_id()).collect()],
    }
    want = eager.rejected.with_columns(
        pl.struct("SOURCE", "ROW")
        .map_elements(
            lambda r: None if r["ROW"] is None else ids.get(r["SOURCE"], range(10**6))[r["ROW"]],
            return_dtype=pl.Int64,
        )
        .alias("ROW")
    )
    _assert_same(_from_spark(result.rejected), want)
    assert result.engines == eager.engines


def test_spark_groups_by_subject_whatever_the_input_partitioning(spark) -> None:
    measurements = _spark_frame(spark, COHORT["measurements"], partitions=3)
    result = _call(measurements, CHEAP)
    eager = _call(COHORT["measurements"], CHEAP)
    _assert_same(_from_spark(result.decisions), eager.decisions)
    got = _from_spark(result.rejected).drop("ROW")
    _assert_same(got, eager.rejected.drop("ROW"))


def test_spark_errors_are_raised_at_the_call_as_library_errors(spark) -> None:
    measurements = spark.createDataFrame(COHORT["measurements"].to_arrow())
    with pytest.raises(UnknownRuleSetError):
        derive_renal_response(measurements, courses=COHORT["courses"], rule_sets=["nope"])
    with pytest.raises(InputError, match="USUBJID"):
        derive_renal_response(
            measurements.withColumnRenamed("USUBJID", "ID"), courses=COHORT["courses"]
        )
    with pytest.raises(InputError, match="Spark DataFrame, but the measurements"):
        derive_renal_response(
            COHORT["measurements"], courses=spark.createDataFrame(COHORT["courses"].to_arrow())
        )


def test_spark_derive_egfr_equals_the_eager_columns_bit_for_bit(spark) -> None:
    frame = _egfr_frame()
    want = derive_egfr(frame)
    got = derive_egfr(_spark_frame(spark, frame, partitions=2))
    table = _from_spark(got)
    assert table.columns == want.columns
    assert_frame_equal(_canonical(table), _canonical(want), check_exact=True)


# ----------------------------------------------------------------------------- pieces


def test_a_library_error_in_a_bucket_is_re_raised_on_the_driver_as_itself() -> None:
    job = Job(rule_sets=["nope"], kwargs={}, subject="USUBJID", subject_dtype=pl.String())
    envelope = run_bucket(job, {"measurements": COHORT["measurements"]}, {})
    assert envelope.schema == pl.Schema(envelope_schema(pl.String()))
    assert envelope.get_column("_table").to_list() == ["X"]
    with pytest.raises(UnknownRuleSetError, match="nope"):
        criterion_columns(envelope)


def test_engine_of_eager_frames_is_none_and_does_not_import_the_engines() -> None:
    assert engine_of({"measurements": COHORT["measurements"], "courses": None}) is None
    code = (
        "import sys, polars, lupus_nephritis.cohort as c; "
        "c.derive_egfr(polars.DataFrame({'creatinine': [1.0], 'creatinine_UNIT': ['mg/dL'], "
        "'age': [40.0], 'sex': ['female']})); "
        "print('dask' in sys.modules, 'pyspark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


_ORDER = [f"c{i}" for i in range(12)]


@given(st.lists(st.lists(st.sampled_from(_ORDER), unique=True), max_size=6))
def test_merged_column_order_keeps_every_bucket_order(picks) -> None:
    orders = [sorted(p, key=_ORDER.index) for p in picks]  # subsequences of one order
    merged = merge_orders(orders)
    assert sorted(merged) == sorted({c for o in orders for c in o})
    for order in orders:
        assert [c for c in merged if c in order] == order


def test_dask_more_buckets_than_subjects_gives_the_eager_rows() -> None:
    few = COHORT["measurements"].filter(pl.col("USUBJID").is_in(["S000", "S001"]))
    courses = COHORT["courses"].filter(pl.col("USUBJID").is_in(["S000", "S001"]))
    want = derive_renal_response(few, courses=courses, rule_sets=RULE_SETS[:1])
    with dask.config.set(scheduler="sync"):
        got = derive_renal_response(
            dd.from_pandas(few.to_pandas(), npartitions=6), courses=courses, rule_sets=RULE_SETS[:1]
        )
        _assert_same(_from_dask(got.decisions), want.decisions)
        _assert_same(_from_dask(got.rejected), want.rejected)
