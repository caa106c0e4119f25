"""Dask and Spark frames: the cohort engine run per partition of subjects, on the cluster.

The ``derive_*`` entry points hand a Dask or PySpark ``DataFrame`` to this module (detected
without importing either library unless the caller already has). The plan is the same on both
engines:

1. **Probe** on the driver: the eager entry point runs on empty frames with the caller's
   schemas, so that every argument error (unknown rule set, option, missing column) is raised
   at the call, as the library error the eager path raises, before any cluster work.
2. **Bucket** every table by subject: ``bucket = stable hash(subject as text) mod n`` (the
   text the engine itself joins on), and number every input row (``_row``) so the rejected
   table can point at the caller's row.
3. **Co-group** the tables by bucket (Dask: ``set_index`` on the bucket with one division per
   bucket, then ``map_partitions`` over the aligned tables; Spark: a tagged union grouped by
   bucket, ``applyInArrow``) and run the eager engine (polars) on each bucket. Every step of
   the engine groups by subject only, so a bucket's answer is the answer for its subjects.
4. Each bucket returns one **envelope** table holding its decisions (criterion outcomes packed
   as a JSON object), rejected rows (with the global row numbers), scalar-path rows, the
   criterion columns it produced and any library error. The envelope is persisted on the
   cluster; one small table (criterion columns, errors) comes back to the driver; the three
   result frames are lazy views on the persisted envelope with the criterion columns unpacked.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from lupus_nephritis import errors
from lupus_nephritis.decisions import CRITERION_COLUMN_PREFIX, DETAIL_COLUMN_PREFIX
from lupus_nephritis.errors import InputError, LupusNephritisError

if TYPE_CHECKING:
    from lupus_nephritis.cohort.api import CohortResult

#: The tables of a cohort job, in a fixed order (the rejected table's ``SOURCE`` values).
SOURCES: tuple[str, ...] = (
    "measurements",
    "courses",
    "patients",
    "events",
    "assessments",
    "doses",
    "findings",  # derive_biopsy_indication's side table
)

#: Entry points a job runs: ``renal`` (``derive_renal_response``), ``biopsy``
#: (``derive_biopsy_indication``).
ENTRIES: tuple[str, ...] = ("renal", "biopsy")

#: Leading columns of a decisions table after the subject (as ``cohort.api.ROW_COLUMNS``).
_ROW_COLUMNS = ("PARAMCD", "RULESET", "KIND", "AVALC", "ADT", "POLICY", "MISSING", "FLAGS")
_REJECTED_COLUMNS = ("SOURCE", "ROW", "SUBJECT", "FIELD", "VALUE", "UNIT", "REASON")
_REJECTED_ALL = (*_REJECTED_COLUMNS, "SUGGESTED_UNIT")
_SCALAR_COLUMNS = ("PARAMCD", "RULESET", "ADT", "REASON")

#: Envelope row tags: decisions, rejected, scalar rows, criterion columns, error.
TAG_DECISION, TAG_REJECTED, TAG_SCALAR, TAG_COLUMNS, TAG_ERROR = "D", "R", "S", "C", "X"

#: Internal column names added to the caller's tables.
ROW_ID, BUCKET = "_ln_row", "_ln_bucket"


def engine_of(frames: Mapping[str, object]) -> str | None:
    """``"dask"``, ``"spark"`` or None (eager) for the tables of one call.

    The measurements decide; side tables may be of the same engine or any eager frame.

    Raises:
        InputError: a side table is a Dask or Spark frame and the measurements are not of
            the same engine.
    """
    kinds = {name: _kind(frame) for name, frame in frames.items()}
    main = kinds.get("measurements") or kinds.get("frame")
    names = {"dask": "Dask", "spark": "Spark"}
    for name, kind in kinds.items():
        if kind is not None and kind != main:
            given = f"a {names[main]} DataFrame" if main else "an eager frame"
            raise InputError(
                f"{name}: a {names[kind]} DataFrame, but the measurements are {given}; pass "
                "the measurements on the same engine (or the side table as an eager frame)"
            )
    return main


def _kind(frame: object) -> str | None:
    if frame is None:
        return None
    dd = sys.modules.get("dask.dataframe")
    if dd is not None and isinstance(frame, dd.DataFrame):
        return "dask"
    sql = sys.modules.get("pyspark.sql")
    if sql is not None and isinstance(frame, sql.DataFrame):
        return "spark"
    return None


@attrs.frozen
class Job:
    """What every bucket runs (picklable: sent to the workers).

    Attributes:
        rule_sets: The ``rule_sets`` argument.
        kwargs: The other keyword arguments of ``derive_renal_response`` (``progress`` off).
        subject: The subject column name.
        subject_dtype: The polars dtype of the subject column in the decisions table.
        entry: The entry point (`ENTRIES`); ``kwargs`` are its keyword arguments.
    """

    rule_sets: Any
    kwargs: Mapping[str, Any]
    subject: str
    subject_dtype: Any
    entry: str = "renal"


def run_eager(
    entry: str, tables: Mapping[str, pl.DataFrame | None], rule_sets: Any, kwargs: Mapping[str, Any]
) -> CohortResult:
    """The eager entry point ``entry`` on polars tables (a bucket, or the driver's probe)."""
    if entry == "biopsy":
        from lupus_nephritis.cohort.biopsy import derive_biopsy_indication

        return derive_biopsy_indication(
            tables["measurements"],
            findings=tables.get("findings"),
            assessments=tables.get("assessments"),
            rule_sets=rule_sets,
            **kwargs,
        )
    from lupus_nephritis.cohort.api import derive_renal_response

    return derive_renal_response(
        tables["measurements"],
        courses=tables.get("courses"),
        patients=tables.get("patients"),
        events=tables.get("events"),
        assessments=tables.get("assessments"),
        doses=tables.get("doses"),
        rule_sets=rule_sets,
        **kwargs,
    )


def envelope_schema(subject_dtype: Any) -> dict[str, Any]:
    """The polars schema of a bucket's envelope table."""
    schema: dict[str, Any] = {"_table": pl.String(), "_crit": pl.String(), "_meta": pl.String()}
    schema["d_subject"] = subject_dtype
    for name in _ROW_COLUMNS:
        schema["d_" + name] = pl.Date() if name == "ADT" else pl.String()
    for name in _REJECTED_ALL:
        schema["r_" + name] = pl.Int64() if name == "ROW" else pl.String()
    schema["s_subject"] = subject_dtype
    for name in _SCALAR_COLUMNS:
        schema["s_" + name] = pl.Date() if name == "ADT" else pl.String()
    return schema


def run_bucket(
    job: Job, tables: Mapping[str, pl.DataFrame], rows: Mapping[str, pl.Series]
) -> pl.DataFrame:
    """Run the eager engine on one bucket's tables and pack its answer into an envelope.

    Args:
        job: The call's settings.
        tables: Source name -> the bucket's rows of that table (internal columns removed).
        rows: Source name -> the global row number of each row of ``tables[source]``.

    Returns:
        The envelope (`envelope_schema`); a library error becomes one ``X`` row.
    """
    schema = envelope_schema(job.subject_dtype)
    if all(table.height == 0 for table in tables.values()):  # an empty bucket: nothing to do
        return pl.DataFrame(schema=schema)
    try:
        result = run_eager(job.entry, tables, job.rule_sets, job.kwargs)
    except LupusNephritisError as error:
        payload = json.dumps({"error": type(error).__name__, "message": str(error)})
        return _envelope([pl.DataFrame({"_table": [TAG_ERROR], "_meta": [payload]})], schema)
    decisions: pl.DataFrame = result.decisions
    # the criterion and detail columns a bucket produced (buckets differ: merged on the driver)
    prefixes = (CRITERION_COLUMN_PREFIX, DETAIL_COLUMN_PREFIX)
    crit = [c for c in decisions.columns if c.startswith(prefixes)]
    packed = pl.struct(crit).struct.json_encode() if crit else pl.lit(None, dtype=pl.String)
    parts = [
        decisions.select(
            pl.lit(TAG_DECISION).alias("_table"),
            packed.alias("_crit"),
            pl.col(job.subject).cast(job.subject_dtype).alias("d_subject"),
            *[pl.col(c).alias("d_" + c) for c in _ROW_COLUMNS],
        ),
        _rejected_part(result.rejected, job.subject, rows),
        result.scalar_rows.select(
            pl.lit(TAG_SCALAR).alias("_table"),
            pl.col(job.subject).cast(job.subject_dtype).alias("s_subject"),
            *[pl.col(c).alias("s_" + c) for c in _SCALAR_COLUMNS],
        ),
        pl.DataFrame({"_table": [TAG_COLUMNS], "_crit": [json.dumps(crit)]}),
    ]
    return _envelope(parts, schema)


def _envelope(parts: Sequence[pl.DataFrame], schema: Mapping[str, Any]) -> pl.DataFrame:
    envelope = pl.concat(
        [p.select(pl.col(c).cast(schema[c]) for c in p.columns) for p in parts],
        how="diagonal",
    )
    return envelope.select(
        pl.col(c).cast(t) if c in envelope.columns else pl.lit(None, dtype=t).alias(c)
        for c, t in schema.items()
    )


def _rejected_part(
    rejected: pl.DataFrame, subject: str, rows: Mapping[str, pl.Series]
) -> pl.DataFrame:
    """Rejected rows with ``ROW`` turned from the bucket's position into the global row."""
    table = rejected.rename({subject: "SUBJECT"})
    maps = [
        pl.DataFrame({"_g": series.cast(pl.Int64)})
        .with_row_index("ROW")
        .select(pl.lit(source).alias("SOURCE"), pl.col("ROW").cast(pl.Int64), "_g")
        for source, series in rows.items()
    ]
    mapping = (
        pl.concat(maps)
        if maps
        else pl.DataFrame(schema={"SOURCE": pl.String, "ROW": pl.Int64, "_g": pl.Int64})
    )
    joined = table.with_columns(pl.col("ROW").cast(pl.Int64)).join(
        mapping, on=["SOURCE", "ROW"], how="left", maintain_order="left"
    )
    unmapped = joined.filter(pl.col("ROW").is_not_null() & pl.col("_g").is_null())
    if unmapped.height:  # pragma: no cover - an engine invariant
        raise AssertionError(f"rejected rows without a global row number: {unmapped.head(3)}")
    return joined.select(
        pl.lit(TAG_REJECTED).alias("_table"),
        *[(pl.col("_g") if c == "ROW" else pl.col(c)).alias("r_" + c) for c in _REJECTED_ALL],
    )


# ----------------------------------------------------------------------------- driver side


def raise_worker_error(meta: Sequence[str | None]) -> None:
    """Re-raise on the driver the first library error a bucket reported (``X`` rows).

    Raises:
        LupusNephritisError: the bucket's error, as the same class where it can be rebuilt
            from its message (else its nearest simple base class).
    """
    for text in meta:
        if not text:
            continue
        payload = json.loads(text)
        if "error" not in payload:
            continue
        cls: Any = getattr(errors, str(payload["error"]), LupusNephritisError)
        for candidate in getattr(cls, "__mro__", (LupusNephritisError,)):
            if isinstance(candidate, type) and issubclass(candidate, LupusNephritisError):
                try:
                    raise candidate(payload["message"])
                except TypeError:  # a class with another constructor (pydantic-based)
                    continue
        raise LupusNephritisError(payload["message"])  # pragma: no cover


def merge_orders(orders: Sequence[Sequence[str]]) -> list[str]:
    """One column order consistent with every bucket's criterion-column order.

    A topological order of the "comes before" pairs of all the orders (each bucket's columns
    follow the requested rule sets, each rule set's criteria in tree order); ties are broken
    by first appearance (orders taken in the given sequence). Orders that contradict each
    other (never produced by the engine) fall back to first appearance for the rest.
    """
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    indegree: dict[str, int] = {}
    for order in orders:
        for name in order:
            if name not in first:
                first[name] = len(first)
                after[name] = set()
                indegree[name] = 0
        for a, b in itertools.pairwise(order):
            if a != b and b not in after[a]:
                after[a].add(b)
                indegree[b] += 1
    ready = sorted((n for n, d in indegree.items() if d == 0), key=first.__getitem__)
    merged: list[str] = []
    while ready:
        name = ready.pop(0)
        merged.append(name)
        for successor in after[name]:
            indegree[successor] -= 1
            if indegree[successor] == 0:
                ready.append(successor)
        ready.sort(key=first.__getitem__)
    merged += sorted(set(first) - set(merged), key=first.__getitem__)
    return merged


def decisions_of(envelope: pl.DataFrame, crit: Sequence[str], subject: str) -> pl.DataFrame:
    """The decisions rows of an envelope, criterion outcomes unpacked into columns."""
    rows = envelope.filter(pl.col("_table") == TAG_DECISION)
    base = [pl.col("d_subject").alias(subject), *[pl.col("d_" + c).alias(c) for c in _ROW_COLUMNS]]
    if not crit:
        return rows.select(base)
    struct = pl.Struct({c: pl.String() for c in crit})
    return rows.select(*base, pl.col("_crit").str.json_decode(struct).alias("_c")).unnest("_c")


def rejected_of(envelope: pl.DataFrame, subject: str) -> pl.DataFrame:
    """The rejected rows of an envelope (subject column named as the caller's)."""
    rows = envelope.filter(pl.col("_table") == TAG_REJECTED)
    return rows.select(
        pl.col("r_" + c).alias(subject if c == "SUBJECT" else c) for c in _REJECTED_ALL
    )


def scalar_rows_of(envelope: pl.DataFrame, subject: str) -> pl.DataFrame:
    """The scalar-path report rows of an envelope."""
    rows = envelope.filter(pl.col("_table") == TAG_SCALAR)
    return rows.select(
        pl.col("s_subject").alias(subject), *[pl.col("s_" + c).alias(c) for c in _SCALAR_COLUMNS]
    )


def criterion_columns(info: pl.DataFrame) -> list[str]:
    """The decisions' criterion columns from the envelopes' ``C`` rows (errors re-raised)."""
    raise_worker_error(info.filter(pl.col("_table") == TAG_ERROR).get_column("_meta").to_list())
    texts = info.filter(pl.col("_table") == TAG_COLUMNS).get_column("_crit").unique().to_list()
    orders = [json.loads(t) for t in texts]
    # deterministic whatever order the engine returned the buckets in: fullest order first
    orders.sort(key=lambda o: (-len(o), o))
    merged = merge_orders(orders)
    # as an eager run: every criterion column, then every detail column
    return sorted(merged, key=lambda c: c.startswith(DETAIL_COLUMN_PREFIX))


def derive(
    flavour: str, measurements: Any, tables: Mapping[str, Any], rule_sets: Any, **kwargs: Any
) -> CohortResult:
    """``derive_renal_response`` on the engine ``flavour`` (``"dask"`` or ``"spark"``)."""
    kwargs["progress"] = False  # the engines show their own progress (Dask, Spark UI)
    if flavour == "dask":
        from lupus_nephritis.cohort import _dask

        result: CohortResult = _dask.derive_renal_response(measurements, tables, rule_sets, kwargs)
        return result
    from lupus_nephritis.cohort import _spark

    spark_result: CohortResult = _spark.derive_renal_response(
        measurements, tables, rule_sets, kwargs
    )
    return spark_result


def derive_biopsy(
    flavour: str, measurements: Any, tables: Mapping[str, Any], rule_sets: Any, **kwargs: Any
) -> CohortResult:
    """``derive_biopsy_indication`` on the engine ``flavour`` (``"dask"`` or ``"spark"``)."""
    kwargs["progress"] = False
    if flavour == "dask":
        from lupus_nephritis.cohort import _dask

        result: CohortResult = _dask.derive("biopsy", measurements, tables, rule_sets, kwargs)
        return result
    from lupus_nephritis.cohort import _spark

    spark_result: CohortResult = _spark.derive("biopsy", measurements, tables, rule_sets, kwargs)
    return spark_result


def derive_egfr(flavour: str, frame: Any, **kwargs: Any) -> Any:
    """``derive_egfr`` on the engine ``flavour`` (``"dask"`` or ``"spark"``)."""
    if flavour == "dask":
        from lupus_nephritis.cohort import _dask

        return _dask.derive_egfr(frame, kwargs)
    from lupus_nephritis.cohort import _spark

    return _spark.derive_egfr(frame, kwargs)


def subject_text(series: pl.Series) -> pl.Series:
    """The subject as the engine joins on it (text), nulls kept."""
    text: pl.Series = series.cast(pl.String)
    return text


__all__ = [
    "BUCKET",
    "ENTRIES",
    "ROW_ID",
    "SOURCES",
    "Job",
    "criterion_columns",
    "decisions_of",
    "derive",
    "derive_biopsy",
    "derive_egfr",
    "engine_of",
    "envelope_schema",
    "merge_orders",
    "raise_worker_error",
    "rejected_of",
    "run_bucket",
    "run_eager",
    "scalar_rows_of",
    "subject_text",
]
