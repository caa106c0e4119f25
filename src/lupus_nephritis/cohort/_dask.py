"""Dask DataFrames in, Dask DataFrames out (see `lupus_nephritis.cohort._distributed`).

The number of subject buckets is the measurements' number of partitions: repartition the
input to choose it. Every table is bucketed by a stable hash of the subject text
(``pandas.util.hash_pandas_object``, the hash Dask's own shuffles use), indexed on the bucket
with one division per bucket (``set_index(..., divisions=...)``: no quantiles are computed),
and the aligned partitions are handed together to the eager engine by ``map_partitions``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import polars as pl

from lupus_nephritis.cohort._distributed import (
    BUCKET,
    ROW_ID,
    SOURCES,
    Job,
    criterion_columns,
    decisions_of,
    envelope_schema,
    rejected_of,
    run_bucket,
    scalar_rows_of,
    subject_text,
)
from lupus_nephritis.errors import InputError


def _module(name: str) -> Any:
    """An optional dependency, imported on use (typed loosely: stubs are optional)."""
    return importlib.import_module(name)


def _to_pandas(frame: pl.DataFrame) -> Any:
    """A polars frame as pandas with pyarrow-backed dtypes (nullable, exact, stable)."""
    return frame.to_pandas(use_pyarrow_extension_array=True)


def _eager_to_pandas(frame: object, what: str) -> Any:
    import narwhals.stable.v2 as nw

    try:
        native: Any = nw.from_native(frame)
    except TypeError:
        raise InputError(
            f"{what}: expected a DataFrame (Dask, pandas, polars, pyarrow ...), got "
            f"{type(frame).__name__}"
        ) from None
    if isinstance(native, nw.LazyFrame):
        return native.collect(backend="polars").to_native().to_pandas()
    return native.to_pandas()


def _polars(part: Any) -> pl.DataFrame:
    """A pandas partition as polars (the conversion the eager path applies to pandas)."""
    import narwhals.stable.v2 as nw

    frame: pl.DataFrame = nw.from_native(part, eager_only=True).to_polars()
    return frame


def _empty(meta: Any) -> pl.DataFrame:
    return _polars(meta.iloc[:0])


def _bucketed(frame: Any, subject: str, n: int) -> Any:
    """``frame`` numbered (``ROW_ID``) and indexed on its subject bucket, ``n`` divisions."""
    np = _module("numpy")

    frame = frame.reset_index(drop=True)
    frame = frame.assign(**{ROW_ID: 1})
    frame = frame.assign(**{ROW_ID: frame[ROW_ID].cumsum() - 1})
    meta = frame._meta.assign(**{BUCKET: np.int64(0)})
    tagged = frame.map_partitions(_add_bucket, subject, n, meta=meta)
    return tagged.set_index(BUCKET, divisions=list(range(n + 1)))


def _add_bucket(part: Any, subject: str, n: int) -> Any:
    pd = _module("pandas")

    text = subject_text(_polars(part[[subject]]).get_column(subject)).to_pandas()
    hashed = pd.util.hash_pandas_object(text, index=False).to_numpy()
    return part.assign(**{BUCKET: (hashed % n).astype("int64")})


def _run_partition(job: Job, *parts: Any) -> Any:
    tables: dict[str, pl.DataFrame] = {}
    rows: dict[str, pl.Series] = {}
    for source, part in zip(SOURCES, parts, strict=True):
        if part is None:
            continue
        part = part.reset_index(drop=True)
        rows[source] = pl.Series(part[ROW_ID].to_numpy(dtype="int64"))
        tables[source] = _polars(part.drop(columns=[ROW_ID]))
    return _to_pandas(run_bucket(job, tables, rows))


def _select(envelope: Any, pick: Any, *args: Any) -> Any:
    return _to_pandas(pick(_polars(envelope), *args))


def derive_renal_response(
    measurements: Any, tables: Mapping[str, Any], rule_sets: Any, kwargs: Mapping[str, Any]
) -> Any:
    """``derive_renal_response`` on Dask: a ``CohortResult`` of Dask DataFrames.

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
    """The entry point ``entry`` (``renal`` or ``biopsy``) on Dask.

    Raises:
        LupusNephritisError: what the eager path raises for the same arguments and data.
    """
    dd = _module("dask.dataframe")

    from lupus_nephritis.cohort._distributed import run_eager
    from lupus_nephritis.cohort.api import CohortResult
    from lupus_nephritis.cohort.columns import Columns

    columns: Columns = kwargs.get("columns") or Columns()
    subject = columns.subject
    frames: dict[str, Any] = {"measurements": measurements}
    for name, frame in tables.items():
        if frame is None:
            continue
        if not isinstance(frame, dd.DataFrame):
            frame = dd.from_pandas(_eager_to_pandas(frame, name), npartitions=1)
        frames[name] = frame
    # the probe: argument and schema errors now, as the eager path raises them
    empty = {name: _empty(frame._meta) for name, frame in frames.items()}
    probe = run_eager(entry, empty, rule_sets, kwargs)
    for name, frame in frames.items():
        if subject not in frame.columns:
            raise InputError(f"{name}: no subject column {subject!r}")
    job = Job(
        rule_sets=rule_sets,
        kwargs=dict(kwargs),
        subject=subject,
        subject_dtype=probe.decisions.schema[subject],
        entry=entry,
    )
    n = max(int(measurements.npartitions), 1)
    bucketed = {name: _bucketed(frame, subject, n) for name, frame in frames.items()}
    meta = _to_pandas(pl.DataFrame(schema=envelope_schema(job.subject_dtype)))
    envelope = dd.map_partitions(
        _run_partition,
        job,
        *[bucketed.get(source) for source in SOURCES],
        meta=meta,
        clear_divisions=True,
    ).persist()
    info = envelope[envelope["_table"].isin(["C", "X"])][["_table", "_crit", "_meta"]]
    crit = criterion_columns(_polars(info.compute()))

    def view(pick: Any, *args: Any) -> Any:
        return envelope.map_partitions(
            _select, pick, *args, meta=_select(meta, pick, *args), clear_divisions=True
        )

    return CohortResult(
        decisions=view(decisions_of, crit, subject),
        rejected=view(rejected_of, subject),
        scalar_rows=view(scalar_rows_of, subject),
        engines=probe.engines,
    )


def derive_egfr(frame: Any, kwargs: Mapping[str, Any]) -> Any:
    """``derive_egfr`` on Dask: the frame with the eGFR columns, per partition (lazy).

    Raises:
        LupusNephritisError: what the eager path raises for the same arguments.
    """
    from lupus_nephritis.cohort.api import derive_egfr as eager

    eager(_empty(frame._meta), **kwargs)  # argument errors now
    return frame.map_partitions(
        _egfr_partition, dict(kwargs), meta=_egfr_partition(frame._meta.iloc[:0], kwargs)
    )


def _egfr_partition(part: Any, kwargs: Mapping[str, Any]) -> Any:
    from lupus_nephritis.cohort.api import derive_egfr as eager

    output = str(kwargs.get("output", "EGFR"))
    added = (output, output + "_REASON", output + "_EQUATION")
    computed = _to_pandas(eager(_polars(part), **kwargs).select(added))
    computed.index = part.index
    return part.assign(**{name: computed[name] for name in added})


__all__ = ["derive", "derive_egfr", "derive_renal_response"]
