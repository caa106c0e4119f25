"""PySpark DataFrames in, PySpark DataFrames out (see `lupus_nephritis.cohort._distributed`).

The number of subject buckets is the session's ``spark.sql.shuffle.partitions``. Every table
is tagged with its name, numbered (``monotonically_increasing_id``: the rejected table's
``ROW``), bucketed by ``pmod(xxhash64(cast(subject as string)), n)`` and its columns renamed
to positional names; the tables are unioned (``unionByName(allowMissingColumns=True)``),
grouped by bucket and handed to the eager engine with ``applyInArrow`` and an explicit output
schema. Needs PySpark 4.0 or later (``applyInArrow``, ``toArrow``); the executors need this
package and the ``frame`` extra installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import reduce
from typing import Any

import polars as pl

from lupus_nephritis.cohort._distributed import (
    BUCKET,
    ROW_ID,
    TAG_COLUMNS,
    TAG_DECISION,
    TAG_ERROR,
    TAG_REJECTED,
    TAG_SCALAR,
    Job,
    criterion_columns,
    envelope_schema,
    run_bucket,
)
from lupus_nephritis.errors import InputError

_ROW_COLUMNS = ("PARAMCD", "RULESET", "KIND", "AVALC", "ADT", "POLICY", "MISSING", "FLAGS")
_REJECTED = ("SOURCE", "ROW", "SUBJECT", "FIELD", "VALUE", "UNIT", "REASON", "SUGGESTED_UNIT")
_SCALAR = ("PARAMCD", "RULESET", "ADT", "REASON")


def _col(name: str) -> Any:
    from pyspark.sql import functions as F  # noqa: N812

    return F.col("`" + name.replace("`", "``") + "`")


def _large_types(spark: Any) -> bool:
    value = spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    return str(value).lower() == "true"


def _buckets(spark: Any) -> int:
    """The number of subject buckets: ``spark.sql.shuffle.partitions`` (200 if not a number)."""
    value = str(spark.conf.get("spark.sql.shuffle.partitions", "200"))
    return max(int(value), 1) if value.isdigit() else 200


def _arrow_schema(schema: Any, spark: Any) -> Any:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema, prefers_large_types=_large_types(spark))


def _empty(frame: Any) -> pl.DataFrame:
    table = frame.limit(0).toArrow()
    return pl.DataFrame(pl.from_arrow(table))


def _to_spark(frame: object, spark: Any, what: str) -> Any:
    import narwhals.stable.v2 as nw

    try:
        native: Any = nw.from_native(frame)
    except TypeError:
        raise InputError(
            f"{what}: expected a DataFrame (Spark, pandas, polars, pyarrow ...), got "
            f"{type(frame).__name__}"
        ) from None
    table = (
        native.collect(backend="polars").to_native()
        if isinstance(native, nw.LazyFrame)
        else native.to_polars()
    )
    return spark.createDataFrame(table.to_arrow())


def _spark_type(dtype: pl.DataType) -> Any:
    from pyspark.sql import types as T  # noqa: N812

    if dtype == pl.Date:
        return T.DateType()
    if dtype == pl.Int64:
        return T.LongType()
    return T.StringType()


def _envelope_struct(subject_type: Any, subject_dtype: pl.DataType) -> Any:
    from pyspark.sql import types as T  # noqa: N812

    fields = []
    for name, dtype in envelope_schema(subject_dtype).items():
        kind = subject_type if name in ("d_subject", "s_subject") else _spark_type(dtype)
        fields.append(T.StructField(name, kind, True))
    return T.StructType(fields)


def _bucket_runner(
    job: Job, layout: Sequence[tuple[str, Sequence[str]]], arrow_schema: Any
) -> Callable[[Any], Any]:
    def run(table: Any) -> Any:
        frame = pl.DataFrame(pl.from_arrow(table))
        tables: dict[str, pl.DataFrame] = {}
        rows: dict[str, pl.Series] = {}
        for index, (source, names) in enumerate(layout):
            part = frame.filter(pl.col("_t") == source)
            rows[source] = part.get_column(ROW_ID)
            tables[source] = part.select(
                pl.col(f"c{index}_{i}").alias(name) for i, name in enumerate(names)
            )
        return run_bucket(job, tables, rows).to_arrow().cast(arrow_schema)

    return run


def derive_renal_response(
    measurements: Any, tables: Mapping[str, Any], rule_sets: Any, kwargs: Mapping[str, Any]
) -> Any:
    """``derive_renal_response`` on Spark: a ``CohortResult`` of Spark DataFrames.

    Raises:
        LupusNephritisError: what the eager path raises for the same arguments and data.
    """
    return derive("renal", measurements, tables, rule_sets, kwargs)


def derive(
    entry: str,
    measurements: Any,
    tables: Mapping[str, Any],
    rule_sets: Any,
    kwargs: Mapping[str, Any],
) -> Any:
    """The entry point ``entry`` (``renal`` or ``biopsy``) on Spark.

    Raises:
        LupusNephritisError: what the eager path raises for the same arguments and data.
    """
    from pyspark import StorageLevel
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F  # noqa: N812
    from pyspark.sql import types as T  # noqa: N812

    from lupus_nephritis.cohort._distributed import run_eager
    from lupus_nephritis.cohort.api import CohortResult
    from lupus_nephritis.cohort.columns import Columns

    spark = measurements.sparkSession
    columns: Columns = kwargs.get("columns") or Columns()
    subject = columns.subject
    frames: dict[str, Any] = {"measurements": measurements}
    for name, frame in tables.items():
        if frame is None:
            continue
        frames[name] = frame if isinstance(frame, DataFrame) else _to_spark(frame, spark, name)
    empty = {name: _empty(frame) for name, frame in frames.items()}
    probe = run_eager(entry, empty, rule_sets, kwargs)
    for name, frame in frames.items():
        if subject not in frame.columns:
            raise InputError(f"{name}: no subject column {subject!r}")
    subject_dtype = probe.decisions.schema[subject]
    job = Job(
        rule_sets=rule_sets,
        kwargs=dict(kwargs),
        subject=subject,
        subject_dtype=subject_dtype,
        entry=entry,
    )
    n = _buckets(spark)
    layout: list[tuple[str, list[str]]] = []
    parts = []
    for index, (name, frame) in enumerate(frames.items()):
        names = list(frame.columns)
        layout.append((name, names))
        parts.append(
            frame.select(
                F.lit(name).alias("_t"),
                F.pmod(F.xxhash64(_col(subject).cast("string")), F.lit(n)).alias(BUCKET),
                F.monotonically_increasing_id().alias(ROW_ID),
                *[_col(c).alias(f"c{index}_{i}") for i, c in enumerate(names)],
            )
        )
    union = reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), parts)
    subject_type = measurements.schema[subject].dataType
    struct = _envelope_struct(subject_type, subject_dtype)
    runner = _bucket_runner(job, layout, _arrow_schema(struct, spark))
    envelope = (
        union.groupBy(BUCKET)
        .applyInArrow(runner, schema=struct)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    info = envelope.filter(F.col("_table").isin(TAG_COLUMNS, TAG_ERROR)).select(
        "_table", "_crit", "_meta"
    )
    crit = criterion_columns(pl.DataFrame(pl.from_arrow(info.toArrow())))
    tag = F.col("_table")
    decision_cols = [
        F.col("d_subject").alias(subject),
        *[F.col("d_" + c).alias(c) for c in _ROW_COLUMNS],
    ]
    if crit:
        packed = T.StructType([T.StructField(c, T.StringType(), True) for c in crit])
        unpacked = F.from_json(F.col("_crit"), packed)
        decision_cols += [unpacked.getField(c).alias(c) for c in crit]
    decisions = envelope.filter(tag == TAG_DECISION).select(*decision_cols)
    rejected = envelope.filter(tag == TAG_REJECTED).select(
        *[F.col("r_" + c).alias(subject if c == "SUBJECT" else c) for c in _REJECTED]
    )
    scalar_rows = envelope.filter(tag == TAG_SCALAR).select(
        F.col("s_subject").alias(subject), *[F.col("s_" + c).alias(c) for c in _SCALAR]
    )
    return CohortResult(
        decisions=decisions, rejected=rejected, scalar_rows=scalar_rows, engines=probe.engines
    )


def derive_egfr(frame: Any, kwargs: Mapping[str, Any]) -> Any:
    """``derive_egfr`` on Spark: the frame with the eGFR columns, per partition (lazy).

    Raises:
        LupusNephritisError: what the eager path raises for the same arguments.
    """
    pa = importlib.import_module("pyarrow")
    from pyspark.sql import types as T  # noqa: N812

    from lupus_nephritis.cohort.api import derive_egfr as eager

    eager(_empty(frame), **kwargs)  # argument errors now
    spark = frame.sparkSession
    output = str(kwargs.get("output", "EGFR"))
    added = {
        output: T.DoubleType(),
        output + "_REASON": T.StringType(),
        output + "_EQUATION": T.StringType(),
    }
    fields = [
        T.StructField(f.name, added[f.name], True) if f.name in added else f
        for f in frame.schema.fields
    ]
    present = {f.name for f in fields}
    fields += [T.StructField(k, v, True) for k, v in added.items() if k not in present]
    schema = T.StructType(fields)
    text = pa.large_string() if _large_types(spark) else pa.string()
    types = {output: pa.float64(), output + "_REASON": text, output + "_EQUATION": text}
    return frame.mapInArrow(_egfr_batches(dict(kwargs), types), schema=schema)


def _egfr_batches(
    kwargs: Mapping[str, Any], types: Mapping[str, Any]
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        pa = importlib.import_module("pyarrow")

        from lupus_nephritis.cohort.api import derive_egfr as eager

        for batch in batches:
            table = pa.Table.from_batches([batch])
            computed = eager(pl.DataFrame(pl.from_arrow(batch)), **kwargs)
            for name, kind in types.items():
                column = computed.get_column(name).to_arrow().cast(kind)
                if name in table.column_names:
                    table = table.set_column(table.column_names.index(name), name, column)
                else:
                    table = table.append_column(pa.field(name, kind), column)
            yield from table.to_batches()

    return run


__all__ = ["derive", "derive_egfr", "derive_renal_response"]
