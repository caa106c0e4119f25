"""``derive_biopsy_indication`` on Dask and Spark frames equals the eager polars output.

Dask with its multiprocessing scheduler (every task pickled) and threads; Spark on the
session-scoped ``local[2]`` session of ``conftest.py``.
"""

from __future__ import annotations

import random
from typing import Any

import dask
import dask.dataframe as dd
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from lupus_nephritis.cohort import derive_biopsy_indication
from lupus_nephritis.errors import OptionError

from .biopsy_gen import biopsy_frames, cohort

RULE_SETS = ["kdigo-2024", "eular-2019", "acr-2012"]


def _tables() -> dict[str, pl.DataFrame]:
    tables = biopsy_frames(cohort(random.Random(77), 12))
    findings = pl.concat(  # rejected findings rows keep their global row number
        [
            tables["findings"],
            pl.DataFrame(
                {"USUBJID": ["B03", "B07"], "ADT": [None, None], "dipstick_protein": ["2+", "9+"]},
                schema={"USUBJID": pl.String, "ADT": pl.Date, "dipstick_protein": pl.String},
            ),
        ],
        how="diagonal",
    )
    return {"measurements": tables["measurements"], "findings": findings}


TABLES = _tables()


@pytest.fixture(scope="module")
def eager() -> Any:
    return derive_biopsy_indication(
        TABLES["measurements"], findings=TABLES["findings"], rule_sets=RULE_SETS
    )


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if t == pl.Null
    )
    return frame.sort(frame.columns, nulls_last=True)


def _assert_same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    assert got.columns == want.columns
    assert_frame_equal(_canonical(got), _canonical(want), check_exact=True)


def test_the_eager_run_has_rejected_rows_and_decisions(eager: Any) -> None:
    assert eager.decisions.height > 0
    assert eager.rejected.filter(pl.col("SOURCE") == "findings").height >= 2


def test_dask_output_equals_the_eager_output(eager: Any) -> None:
    # (the pickling of a job under the multiprocessing scheduler: test_distributed.py)
    measurements = dd.from_pandas(TABLES["measurements"].to_pandas(), npartitions=3)
    with dask.config.set(scheduler="threads"):
        result = derive_biopsy_indication(
            measurements, findings=TABLES["findings"].to_pandas(), rule_sets=RULE_SETS
        )
        assert isinstance(result.decisions, dd.DataFrame)
        decisions, rejected, scalar_rows = dask.compute(
            result.decisions, result.rejected, result.scalar_rows
        )
    _assert_same(pl.from_pandas(decisions), eager.decisions)
    _assert_same(pl.from_pandas(rejected), eager.rejected)
    _assert_same(pl.from_pandas(scalar_rows), eager.scalar_rows)
    assert result.engines == eager.engines


def test_dask_option_errors_are_raised_at_the_call() -> None:
    measurements = dd.from_pandas(TABLES["measurements"].to_pandas(), npartitions=2)
    with pytest.raises(OptionError):
        derive_biopsy_indication(measurements, sediment_role="sometimes")


def _from_spark(frame: Any) -> pl.DataFrame:
    return pl.DataFrame(pl.from_arrow(frame.toArrow()))


def test_spark_output_equals_the_eager_output(spark: Any, eager: Any) -> None:
    measurements = spark.createDataFrame(TABLES["measurements"].to_arrow())
    findings = spark.createDataFrame(TABLES["findings"].to_arrow())
    result = derive_biopsy_indication(measurements, findings=findings, rule_sets=RULE_SETS)
    _assert_same(_from_spark(result.decisions), eager.decisions)
    _assert_same(_from_spark(result.scalar_rows), eager.scalar_rows)
    # ROW: the row's global position (Spark keeps the order of a one-partition frame)
    _assert_same(_from_spark(result.rejected), eager.rejected)
