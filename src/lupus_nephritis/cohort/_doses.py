"""Glucocorticoid dose records as a side table, and exposure rules over day windows.

**Ingestion** (`ingest_doses`). One row per dose record: subject, first day, last day
(optional: one day), daily dose with its UCUM unit, and the drug (a
`Glucocorticoid` value), as
`GlucocorticoidDose` takes them. Each distinct
``(dose, unit, drug)`` is screened once with the library's own functions
(`canonicalize` and
`prednisone_equivalent`, default equivalence table), which
gives the exact prednisone-equivalent daily amount as a fraction; a registry has few distinct
doses, so this costs a handful of Python calls, never one per record. Every amount is then a
scaled integer over one common denominator (`Doses.scale`), so sums of overlapping
records and the comparison with a threshold are exact integer arithmetic. Refused records go to
the rejected table (source ``doses``).

**Exposure** (`exposure_counts`). The scalar
`check_exposure` walks the days of a window: a day is *known
above* the threshold, *known not above*, or *unknown* (no record covers it and the course's
records are not complete). Here each subject's timeline is cut once into segments of constant
daily total (a sweep over the records' first days and the days after their last days), each
segment is classified, adjacent segments of the same class are merged into runs, and each
assessment window is intersected with the runs: the days known above (``k_total``), the
longest run of them (``k_run``), and the same counting unknown days as above (``w_total``,
``w_run``, the worst case) - exactly the four numbers the scalar clauses compare.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.cohort._ingest import _date, _python_screen, _side_rejects, _value_columns
from lupus_nephritis.cohort.columns import Columns
from lupus_nephritis.errors import InputError
from lupus_nephritis.steroids import DEFAULT_TABLE, Glucocorticoid, prednisone_equivalent
from lupus_nephritis.thresholds import Comparator, Threshold
from lupus_nephritis.units import Quantity, canonicalize

#: ``SOURCE`` of the rejected rows of the dose table.
DOSE_SOURCE = "doses"

#: Day numbers standing for "before / after every record" (days since 1970-01-01).
_MINUS_INF = -(10**7)
_PLUS_INF = 10**7

#: Largest scaled amount kept exact in Int64 sums (a subject's records added up).
_INT_LIMIT = 2**62

DOSE_SCHEMA: dict[str, pl.DataType] = {
    "sid": pl.Int64(),
    "first": pl.Date(),
    "last": pl.Date(),
    "end": pl.Date(),
    "value": pl.Float64(),
    "text": pl.String(),
    "unit": pl.String(),
    "drug": pl.String(),
    "q": pl.Int64(),
}


@attrs.frozen
class Doses:
    """The accepted dose records of a cohort.

    Attributes:
        records: ``sid, first, last, end`` (``end`` as given, null = one day), ``value`` /
            ``text`` (the dose as handed to the scalar path: the float, or the text when the
            float is not faithful), ``unit``, ``drug`` and ``q``: the prednisone-equivalent
            daily amount times `scale` (an exact integer).
        scale: The common denominator of every amount (mg = ``q / scale``).
    """

    records: pl.DataFrame
    scale: int = 1

    @classmethod
    def empty(cls) -> Doses:
        """No dose records."""
        return cls(pl.DataFrame(schema=DOSE_SCHEMA), 1)


def _amount(value: Any, unit: str | None, drug: str | None) -> tuple[str | None, Fraction | None]:
    """``(reason, exact prednisone-equivalent mg/day)`` of one distinct dose."""
    if value is None:
        return "dose-missing", None
    text = value if isinstance(value, str) else repr(value)
    reason, _ = _python_screen(text, unit, Quantity.GLUCOCORTICOID_DOSE)
    if reason is not None:
        return reason, None
    try:
        drug_value = Glucocorticoid(drug)
    except ValueError:
        return "drug-unknown", None
    canonical = canonicalize(value, unit or "", quantity=Quantity.GLUCOCORTICOID_DOSE)
    return None, prednisone_equivalent(canonical, drug_value, table=DEFAULT_TABLE)


def ingest_doses(
    frame: pl.DataFrame | None, columns: Columns, sids: Callable[[pl.Series], pl.Series]
) -> tuple[Doses, list[pl.DataFrame], pl.Series]:
    """The accepted records, the rejected rows and the subjects to hand to the scalar path.

    ``sids`` maps subject identifiers to the cohort's ``sid`` (null = unknown subject: such
    records belong to no course and are ignored, like events).

    Raises:
        InputError: a required column is missing.
    """
    none = pl.Series(dtype=pl.Int64)
    if frame is None:
        return Doses.empty(), [], none
    for name in (columns.subject, columns.dose_start, columns.dose, columns.drug):
        if name not in frame.columns:
            raise InputError(f"doses: no column {name!r}")
    first, first_status = _date(frame, columns.dose_start)
    if columns.dose_end in frame.columns:
        end, end_status = _date(frame, columns.dose_end)
    else:
        end, end_status = pl.lit(None, dtype=pl.Date), pl.lit("date-missing")
    numeric = frame.schema[columns.dose].is_numeric()
    unit = (
        pl.col(columns.dose_unit).cast(pl.String).str.strip_chars()
        if columns.dose_unit in frame.columns
        else pl.lit(None, dtype=pl.String)
    )
    table = frame.with_row_index("_row").select(
        "_row",
        pl.col(columns.subject).cast(pl.String).alias("subject"),
        first.alias("first"),
        first_status.alias("first_status"),
        pl.col(columns.dose_start).cast(pl.String).alias("first_raw"),
        end.alias("end"),
        end_status.alias("end_status"),
        (
            pl.col(columns.dose_end).cast(pl.String)
            if columns.dose_end in frame.columns
            else pl.lit(None, dtype=pl.String)
        ).alias("end_raw"),
        *_value_columns(frame, columns.dose),
        unit.alias("unit"),
        pl.col(columns.drug).cast(pl.String).str.strip_chars().str.to_lowercase().alias("drug"),
    )
    table = table.with_columns(sid=sids(table.get_column("subject")))
    table = table.filter(pl.col("sid").is_not_null())
    rejected: list[pl.DataFrame] = []

    def refuse(mask: pl.Expr, field: str, value: pl.Expr, reason: pl.Expr | str) -> None:
        nonlocal table
        mask = mask.fill_null(False)
        why = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
        hit = table.filter(mask).with_columns(_why=why.cast(pl.String))
        if hit.height:
            bad = _side_rejects(hit, DOSE_SOURCE, field, value, "")
            bad = bad.with_columns(REASON=hit.get_column("_why"))
            if field == columns.dose:
                bad = bad.with_columns(UNIT=hit.get_column("unit"))
            rejected.append(bad)
            table = table.filter(~mask)

    refuse(
        pl.col("first_status").is_not_null(),
        columns.dose_start,
        pl.col("first_raw"),
        pl.col("first_status"),
    )
    refuse(
        pl.col("end_raw").is_not_null() & (pl.col("end_status") == "date-unparseable"),
        columns.dose_end,
        pl.col("end_raw"),
        "date-unparseable",
    )
    refuse(
        (pl.col("end") < pl.col("first")).fill_null(False),
        columns.dose_end,
        pl.col("end").cast(pl.String),
        "dose-end-before-start",
    )
    # one exact screening per distinct (dose, unit, drug)
    key = pl.when(pl.col("vkind") == "absent").then(None).otherwise(pl.col("vstr"))
    table = table.with_columns(_key=key)
    distinct = table.select("_key", "x", "text", "unit", "drug").unique(
        ["_key", "unit", "drug"], keep="first", maintain_order=True
    )
    reasons: list[str | None] = []
    amounts: list[Fraction | None] = []
    for k, x, text, u, drug in distinct.iter_rows():
        value: Any = None if k is None else (x if numeric and math.isfinite(x) else text)
        reason, amount = _amount(value, u, drug)
        reasons.append(reason)
        amounts.append(amount)
    scale = 1
    for amount in amounts:
        if amount is not None:
            scale = scale * amount.denominator // math.gcd(scale, amount.denominator)
    scaled = [None if a is None else int(a * scale) for a in amounts]
    screened = distinct.select("_key", "unit", "drug").with_columns(
        _reason=pl.Series(reasons, dtype=pl.String),
        q=pl.Series(scaled, dtype=pl.Object if _too_big(scaled) else pl.Int64),
    )
    inexact = none
    if screened.schema["q"] == pl.Object:  # pragma: no cover - amounts beyond Int64
        screened = screened.with_columns(q=pl.lit(None, dtype=pl.Int64))
        inexact = table.get_column("sid").unique()
    table = table.join(screened, on=["_key", "unit", "drug"], how="left", nulls_equal=True)
    bad_drug = pl.col("_reason") == "drug-unknown"
    refuse(bad_drug, columns.drug, pl.col("drug"), "drug-unknown")
    refuse(pl.col("_reason").is_not_null(), columns.dose, pl.col("vstr"), pl.col("_reason"))
    # a subject whose amounts could overflow an Int64 sum is decided by the scalar path
    totals = table.group_by("sid").agg(pl.col("q").sum().alias("_sum"))
    heavy = totals.filter(pl.col("_sum") >= _INT_LIMIT // 2).get_column("sid")
    if heavy.len():  # pragma: no cover - more than ~10**18 scaled mg on one subject
        inexact = pl.concat([inexact, heavy]).unique()
    numeric_value = pl.col("x") if numeric else pl.lit(None, dtype=pl.Float64)
    records = table.select(
        "sid",
        "first",
        pl.coalesce(pl.col("end"), pl.col("first")).alias("last"),
        "end",
        pl.when(pl.col("vkind") == "ok").then(numeric_value).alias("value"),
        pl.when((pl.col("vkind") != "ok") | ~pl.lit(numeric)).then(pl.col("text")).alias("text"),
        "unit",
        "drug",
        "q",
    ).sort("sid", "first")
    return Doses(records, scale), rejected, inexact


def _too_big(values: list[int | None]) -> bool:
    return any(v is not None and abs(v) >= _INT_LIMIT for v in values)


# ----------------------------------------------------------------------------- exposure


def _holds(comparator: Comparator, diff: pl.Expr) -> pl.Expr:
    if comparator is Comparator.LT:
        return diff < 0
    if comparator is Comparator.LE:
        return diff <= 0
    if comparator is Comparator.GT:
        return diff > 0
    return diff >= 0


def _runs(segments: pl.DataFrame, flag: str) -> pl.DataFrame:
    """``sid, a, b``: maximal runs of consecutive segments where ``flag`` holds."""
    marked = segments.with_columns(
        _run=(pl.col(flag) != pl.col(flag).shift(1).over("sid")).fill_null(True).cum_sum()
    )
    return (
        marked.filter(pl.col(flag))
        .group_by("sid", "_run")
        .agg(pl.col("a").min(), pl.col("b").max())
        .select("sid", "a", "b")
    )


def exposure_runs(
    doses: Doses, complete: pl.DataFrame, threshold: Threshold
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Runs of days known above ``threshold`` and of days possibly above it (worst case).

    Args:
        doses: The cohort's dose records.
        complete: ``sid, gc_complete`` of every subject with records (True = days without a
            record are 0 mg, else unknown).
        threshold: The daily prednisone-equivalent threshold (canonical mg).

    Returns:
        ``(known, worst)``, each ``sid, a, b`` (inclusive day numbers since 1970-01-01) for
        the subjects that have records.
    """
    target = threshold.canonical
    factor = target.denominator
    scale = doses.scale * factor
    goal = int(target * scale)
    records = doses.records
    if records.height == 0:
        empty = pl.DataFrame(schema={"sid": pl.Int64, "a": pl.Int64, "b": pl.Int64})
        return empty, empty
    day = pl.col("first").cast(pl.Int32).cast(pl.Int64)
    after = pl.col("last").cast(pl.Int32).cast(pl.Int64) + 1
    q = pl.col("q") * factor
    edges = pl.concat(
        [
            records.select("sid", day.alias("a"), q.alias("dq"), pl.lit(1).alias("dn")),
            records.select("sid", after.alias("a"), (-q).alias("dq"), pl.lit(-1).alias("dn")),
            records.select("sid")
            .unique()
            .with_columns(
                a=pl.lit(_MINUS_INF, dtype=pl.Int64), dq=pl.lit(0, dtype=pl.Int64), dn=pl.lit(0)
            ),
        ],
        how="vertical_relaxed",
    )
    segments = (
        edges.group_by("sid", "a")
        .agg(pl.col("dq").sum(), pl.col("dn").sum())
        .sort("sid", "a")
        .with_columns(
            total=pl.col("dq").cum_sum().over("sid"),
            n=pl.col("dn").cum_sum().over("sid"),
            b=(pl.col("a").shift(-1).over("sid") - 1).fill_null(_PLUS_INF),
        )
        .join(complete, on="sid", how="left")
    )
    covered = pl.col("n") > 0
    known = covered | pl.col("gc_complete").fill_null(False)
    amount = pl.when(covered).then(pl.col("total")).otherwise(0)
    above = known & _holds(threshold.comparator, amount - goal)
    segments = segments.with_columns(_k=above, _w=above | ~known)
    return _runs(segments, "_k"), _runs(segments, "_w")


def exposure_counts(
    windows: pl.DataFrame, runs: tuple[pl.DataFrame, pl.DataFrame], has_records: pl.Series
) -> pl.DataFrame:
    """``_aid, k_total, k_run, w_total, w_run`` of every window ``_aid, sid, w1, w2``.

    ``w1`` / ``w2``: inclusive day numbers. A subject without records has no known day above
    the threshold; every day is unknown (worst case above) unless ``gc_complete``
    (column of ``windows``).
    """
    known, worst = runs
    out = windows.select("_aid")
    for name, table in (("k", known), ("w", worst)):
        overlap = (
            windows.select("_aid", "sid", "w1", "w2")
            .join(table, on="sid", how="inner")
            .with_columns(
                _len=(pl.min_horizontal("b", "w2") - pl.max_horizontal("a", "w1") + 1).clip(
                    lower_bound=0
                )
            )
            .group_by("_aid")
            .agg(
                pl.col("_len").sum().alias(f"{name}_total"),
                pl.col("_len").max().alias(f"{name}_run"),
            )
        )
        out = out.join(overlap, on="_aid", how="left", maintain_order="left")
    span = pl.col("w2") - pl.col("w1") + 1
    without = ~pl.col("sid").is_in(has_records.implode())
    blank = (without & ~pl.col("gc_complete").fill_null(False)).fill_null(False)
    extra = windows.select(
        "_aid",
        _wn=pl.when(blank).then(span).otherwise(0),
    )
    out = out.join(extra, on="_aid", how="left", maintain_order="left")
    return out.select(
        "_aid",
        pl.col("k_total").fill_null(0),
        pl.col("k_run").fill_null(0),
        pl.when(pl.col("_wn") > 0)
        .then(pl.col("_wn"))
        .otherwise(pl.col("w_total").fill_null(0))
        .alias("w_total"),
        pl.when(pl.col("_wn") > 0)
        .then(pl.col("_wn"))
        .otherwise(pl.col("w_run").fill_null(0))
        .alias("w_run"),
    )


__all__ = [
    "DOSE_SCHEMA",
    "DOSE_SOURCE",
    "Doses",
    "exposure_counts",
    "exposure_runs",
    "ingest_doses",
]
