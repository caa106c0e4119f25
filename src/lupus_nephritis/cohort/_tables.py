"""The engine's tables: every subject numbered, every visit field sorted, every refusal reported.

`ingest` turns the caller's tables into a `Cohort`:

* ``subjects``: one row per subject (sorted by identifier; the row number is the subject's
  ``sid``), with its course (start date, the specimen assumed for unreported UPCR specimens,
  the creatinine conversion of the course or the call) and its patient columns;
* ``visits[field]``: the accepted follow-up values of one visit field, sorted by the
  *day key* ``K = sid * 2**23 + days since 1970 + 2**22`` (one row per subject and date), so
  that matching a visit to an assessment point is a binary search
  (`polars.Series.search_sorted`) and reading a field on a given visit is an exact key
  lookup - no join of the assessments with the visits;
* ``refs[field]``: the accepted values of the reference visits (``baseline``, ``pre_flare``,
  ``biopsy``), one row per subject and role;
* ``events``, the rejected rows and the subjects with a value whose float is not faithful.

Values are screened in two passes. The *fast pass* accepts, with a few column operations,
every value that is plainly valid: a finite number whose float is faithful (see
`._exact`), a known unit, a plausible value decided exactly from the float, a known
specimen and conversion, a subject, a date and a known role. Every other present value goes
to the *detailed pass* (`._ingest`), which applies the checks of
`lupus_nephritis.units.canonicalize` in its order and gives each refused value its
reason code. Both passes accept and refuse exactly the same values as the phase-1
screening; the fast pass only avoids building report columns for values that are fine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.cohort._doses import Doses, ingest_doses
from lupus_nephritis.cohort._exact import MIN_NORMAL, split_key, targets_by_unit, unit_factors
from lupus_nephritis.cohort._ingest import (
    _SPECIMENS,
    MEASURE_SCHEMA,
    REJECTED_SCHEMA,
    _date,
    _raw_long,
    _raw_wide,
    _rejects,
    _screen_common,
    _screen_flag,
    _screen_measure,
    _value_columns,
    default_parameters,
    ingest_courses,
    ingest_events,
    ingest_patients,
)
from lupus_nephritis.cohort.columns import (
    FLAG_FIELDS,
    MEASURE_FIELDS,
    REFERENCE_ROLES,
    VISIT_ROLE,
    Columns,
)
from lupus_nephritis.errors import InputError
from lupus_nephritis.units import DEFAULT_CREATININE_CONVERSION, CreatinineConversion, spec_for

#: Bits of the day part of a day key (days since 1970 + `DAY_OFFSET` < 2**23).
KEY_SHIFT = 23
#: Offset that makes the day part of a day key non-negative for every date of the calendar.
DAY_OFFSET = 1 << 22

_CONVERSIONS = tuple(c.value for c in CreatinineConversion)
_CREATININE_FIELDS = ("creatinine", "creatinine_uln")
_ROLES = (VISIT_ROLE, *REFERENCE_ROLES)

#: Value columns of a measure table (besides ``sid``, ``date``, ``K``, ``_row``).
MEASURE_VALUES = ("x", "ucode", "ex", "text", "specimen", "assumed")

#: Dtype of a table's ``specimen`` column (a code, not a string copied per row).
SPECIMEN_DTYPE = pl.Enum(list(_SPECIMENS))


def day_key(sid: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The day key of a subject and a date (see the module docstring)."""
    return sid.cast(pl.Int64) * (1 << KEY_SHIFT) + day.cast(pl.Int32).cast(pl.Int64) + DAY_OFFSET


@attrs.frozen
class Cohort:
    """The normalised tables of one cohort (internal; see the module docstring).

    Attributes:
        subjects: ``sid, subject, start, has_course, conv_fb, spec_fb, sex, birth, age_x,
            age_ex, age_text, is_black`` (row ``sid`` is subject ``sid``).
        visits: Visit field -> ``K, sid, date, _row`` and the value columns (measures:
            `MEASURE_VALUES`; yes/no findings: ``b``), sorted by ``K``, ``K`` unique.
        refs: Visit field -> ``sid, role, date, _row`` and the value columns, one row per
            subject and role.
        events: ``sid, date, type``.
        rejected: Every row not used, with its reason.
        inexact: ``sid`` of the subjects with a value whose float is not faithful.
        subject_dtype: The subject column's dtype in the caller's measurements.
        doses: The accepted glucocorticoid dose records (see `._doses`).
    """

    subjects: pl.DataFrame
    visits: dict[str, pl.DataFrame]
    refs: dict[str, pl.DataFrame]
    events: pl.DataFrame
    rejected: pl.DataFrame
    inexact: pl.Series
    subject_dtype: pl.DataType
    doses: Doses = attrs.field(factory=Doses.empty)
    _cache: dict[tuple[str, ...], pl.DataFrame] = attrs.field(factory=dict, eq=False, repr=False)

    def ref_table(self, field: str, role: str) -> pl.DataFrame | None:
        """``refs[field]`` rows of ``role``, sorted by ``sid`` (None when no such field)."""
        table = self.refs.get(field)
        if table is None:
            return None
        key = ("ref", field, role)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = table.filter(pl.col("role") == role).sort("sid")
        return cached

    def ref_dates(self, role: str) -> pl.DataFrame:
        """``sid, date`` of every subject's ``role`` visit (any field), sorted by ``sid``."""
        key = ("refdates", role)
        cached = self._cache.get(key)
        if cached is None:
            # every field's reference rows of a subject share one date (conflicts refused)
            cached = pl.DataFrame(schema={"sid": pl.Int64, "date": pl.Date})
            for field in self.refs:
                table = self.ref_table(field, role)
                if table is None or table.height == 0:
                    continue
                rows = table.select("sid", "date")
                if cached.height:
                    rows = rows.join(cached, on="sid", how="anti")
                    if rows.height == 0:
                        continue
                    cached = pl.concat([cached, rows]).sort("sid")
                else:
                    cached = rows
            self._cache[key] = cached
        return cached

    def sids(self, subjects: pl.Series) -> pl.Series:
        """The ``sid`` of each subject identifier (null when unknown)."""
        table = self.subjects.select("subject", "sid")
        joined = (
            subjects.cast(pl.String)
            .to_frame("subject")
            .join(table, on="subject", how="left", maintain_order="left")
        )
        sid: pl.Series = joined.get_column("sid")
        return sid


# ----------------------------------------------------------------------------- subjects


def _subject_column(frame: pl.DataFrame, columns: Columns) -> pl.Series:
    subject: pl.Series = frame.get_column(columns.subject).cast(pl.String)
    return subject


def _runs(subject: pl.Series) -> tuple[pl.Series, pl.Series]:
    """``(run id per row, subject of each run)``: runs of equal consecutive identifiers.

    A registry extract sorted or grouped by subject has one run per subject, so mapping
    identifiers to ``sid`` costs a join of the runs only; any other order still works (more
    runs).
    """
    return subject.rle_id(), subject.rle().struct.field("value")


def _subjects_table(
    measured: pl.Series, courses: pl.DataFrame, patients: pl.DataFrame
) -> pl.DataFrame:
    known = pl.concat([measured, courses.get_column("subject")]).drop_nulls().unique().sort()
    table = (
        known.to_frame("subject").with_row_index("sid").with_columns(pl.col("sid").cast(pl.Int64))
    )
    table = table.join(courses, on="subject", how="left", maintain_order="left")
    table = table.join(patients, on="subject", how="left", maintain_order="left")
    out: pl.DataFrame = table.with_columns(has_course=pl.col("start").is_not_null())
    return out


def _row_sids(runs: tuple[pl.Series, pl.Series], table: pl.DataFrame) -> pl.Series:
    run_ids, run_subjects = runs
    per_run = (
        run_subjects.to_frame("subject")
        .join(table.select("subject", "sid"), on="subject", how="left", maintain_order="left")
        .get_column("sid")
    )
    return per_run.gather(run_ids)


# ----------------------------------------------------------------------------- measures


def _chain(column: pl.Expr, mapping: Mapping[Any, Any], dtype: pl.DataType) -> pl.Expr:
    """``mapping[column]`` (null when absent) as a when-chain: fast for a few keys."""
    out: pl.Expr = pl.lit(None, dtype=dtype)
    for key, value in reversed(list(mapping.items())):
        out = pl.when(column == key).then(pl.lit(value, dtype=dtype)).otherwise(out)
    return out


def unit_keys(field: str) -> tuple[str, ...]:
    """The unit keys of a field's quantity; a table's ``ucode`` is an index into them."""
    return tuple(unit_factors(MEASURE_FIELDS[field]))


def _raw_unit_codes(field: str) -> dict[str, int]:
    """Raw unit text (codes and aliases) -> index of its (default-convention) unit key."""
    spec = spec_for(MEASURE_FIELDS[field])
    keys = unit_keys(field)
    out = {code: keys.index(code) for code in spec.factors}
    for alias, code in spec.aliases.items():
        out[alias] = keys.index(code)
    return out


def _per_code(ucode: pl.Expr, values: Sequence[Any], dtype: pl.DataType) -> pl.Expr:
    return _chain(ucode, dict(enumerate(values)), dtype)


@attrs.frozen
class _Source:
    """Where one visit field's values are in the caller's measurements."""

    field: str
    column: str | None  # wide layout: the value column
    codes: tuple[str, ...]  # long layout: the parameter codes mapped to the field


class _Measurements:
    """The caller's measurements with the per-row subject ids and parsed common columns."""

    def __init__(
        self,
        frame: pl.DataFrame,
        columns: Columns,
        layout: str,
        parameters: Mapping[str, str],
        units: Mapping[str, str],
        sids: pl.Series,
    ) -> None:
        self.frame = frame.with_row_index("_row")
        self.columns = columns
        self.layout = layout
        self.parameters = dict(parameters)
        self.units = dict(units)
        date, _ = _date(frame, columns.date)
        role = (
            pl.col(columns.role).cast(pl.String)
            if columns.role in frame.columns
            else pl.lit(None, dtype=pl.String)
        )
        base = self.frame.select("_row", date.alias("date"), role.alias("role"))
        base = base.with_columns(sid=sids)
        role_col = pl.col("role")
        self.base = base.with_columns(
            K=day_key(pl.col("sid"), pl.col("date")),
            role_ok=role_col.is_null() | role_col.is_in(_ROLES),
            is_visit=(role_col.is_null() | (role_col == VISIT_ROLE)),
        )

    # -------------------------------------------------------------- sources
    def sources(self) -> list[_Source]:
        if self.layout == "wide":
            present = [c for c in self.parameters if c in self.frame.columns]
            if not present:
                raise InputError(
                    "measurements (wide layout): none of the parameter columns "
                    f"{', '.join(sorted(self.parameters))} is present"
                )
            return [_Source(self.parameters[c], c, ()) for c in present]
        by_field: dict[str, list[str]] = {}
        for code, field in self.parameters.items():
            by_field.setdefault(field, []).append(code)
        return [_Source(f, None, tuple(codes)) for f, codes in by_field.items()]

    def _wide_exprs(self, column: str) -> dict[str, pl.Expr]:
        cols = self.columns
        names = self.frame.columns

        def optional(name: str) -> pl.Expr:
            return pl.col(name).cast(pl.String) if name in names else pl.lit(None, dtype=pl.String)

        unit_col = column + cols.unit_suffix
        if unit_col in names:
            unit = pl.col(unit_col).cast(pl.String)
        else:
            unit = pl.lit(self.units.get(column), dtype=pl.String)
        return {
            "value": pl.col(column),
            "unit_raw": unit,
            "specimen_raw": optional(column + cols.specimen_suffix),
            "conversion_raw": optional(column + cols.conversion_suffix),
        }

    def _long_exprs(self) -> dict[str, pl.Expr]:
        cols = self.columns
        names = self.frame.columns

        def optional(name: str) -> pl.Expr:
            return pl.col(name).cast(pl.String) if name in names else pl.lit(None, dtype=pl.String)

        return {
            "value": pl.col(cols.value),
            "unit_raw": optional(cols.unit),
            "specimen_raw": optional(cols.specimen),
            "conversion_raw": optional(cols.conversion),
        }

    def lean(self, source: _Source) -> pl.DataFrame:
        """``_row, date, role, sid, x, absent, ok, unit_raw, specimen_raw, conversion_raw``."""
        if source.column is not None:
            exprs = self._wide_exprs(source.column)
            frame, base = self.frame, self.base
        else:
            exprs = self._long_exprs()
            param = pl.col(self.columns.parameter).cast(pl.String)
            mask = self.frame.select(param.is_in(list(source.codes))).to_series()
            frame = self.frame.filter(mask)
            base = self.base.filter(mask)
        exprs.pop("value")
        x, absent, ok = _fast_value(frame, source.column or self.columns.value)
        parsed = frame.select(
            x.alias("x"),
            absent.alias("absent"),
            ok.alias("ok"),
            *[e.alias(k) for k, e in exprs.items()],
        )
        return base.hstack(parsed.get_columns())

    def raw(self, source: _Source, rows: pl.Series) -> pl.DataFrame:
        """The rows ``rows`` (``_row`` numbers) of ``source`` in the detailed pass's layout."""
        picked = self.frame.filter(pl.col("_row").is_in(rows.implode()))
        if source.column is not None:
            return _raw_wide(picked, self.columns, {source.column: source.field}, self.units)
        return _raw_long(picked, self.columns, dict.fromkeys(source.codes, source.field))

    def unmapped(self) -> pl.DataFrame:
        """Long layout: the rows whose parameter code is mapped to no field (detailed pass)."""
        if self.layout != "long":
            return pl.DataFrame()
        param = pl.col(self.columns.parameter).cast(pl.String)
        picked = self.frame.filter(~param.is_in(list(self.parameters)) | param.is_null())
        if picked.height == 0:
            return pl.DataFrame()
        return _raw_long(picked, self.columns, self.parameters)


def _fast_value(frame: pl.DataFrame, name: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``(x, absent, ok)`` of column ``name``.

    Its float, its absence (null / NaN / empty text) and whether the fast pass may accept it
    (a finite number whose float is faithful, see `._exact`).
    """
    dtype = frame.schema[name]
    value = pl.col(name)
    if dtype.is_float():
        x = value.cast(pl.Float64)
        absent = x.is_null() | x.is_nan()
        return x, absent, ~absent & x.is_finite()
    if dtype.is_integer():
        x = value.cast(pl.Float64)
        absent = x.is_null()
        return x, absent, ~absent & (x.abs() <= 2.0**53)
    if dtype == pl.Boolean:
        return pl.lit(None, dtype=pl.Float64), value.is_null(), pl.lit(False)
    x_e, _, vkind_e, _ = (e.meta.undo_aliases() for e in _value_columns(frame, name))
    return x_e, vkind_e == "absent", vkind_e == "ok"


def _constant(frame: pl.DataFrame, name: str) -> tuple[bool, Any]:
    """``(True, value)`` when column ``name`` holds one value (or only nulls) on every row."""
    column = frame.get_column(name)
    if column.len() == 0:
        return True, None
    nulls = column.null_count()
    if nulls == column.len():
        return True, None
    if nulls:
        return False, None
    first = column[0]
    return bool((column == first).all()), first


def _fast_screen(lean: pl.DataFrame, field: str, subjects: pl.DataFrame) -> pl.DataFrame:
    """Add ``ucode``, ``specimen``, ``assumed`` and ``fast`` (accepted by the fast pass).

    A column holding one value everywhere (a unit, a specimen) is read once, so the checks
    on it are constants.
    """
    quantity = MEASURE_FIELDS[field]
    spec = spec_for(quantity)
    keys = unit_keys(field)
    sid = lean.get_column("sid")
    extra: dict[str, pl.Series] = {}
    creatinine = field in _CREATININE_FIELDS
    if creatinine and subjects.get_column("conv_fb").null_count() < subjects.height:
        extra["_conv_fb"] = subjects.get_column("conv_fb").gather(sid)
    if field == "upcr" and subjects.get_column("spec_fb").null_count() < subjects.height:
        extra["_spec_fb"] = subjects.get_column("spec_fb").gather(sid)
    if extra:
        lean = lean.with_columns(**extra)
    conv_fb = pl.col("_conv_fb") if "_conv_fb" in lean.columns else pl.lit(None, dtype=pl.String)
    spec_fb = pl.col("_spec_fb") if "_spec_fb" in lean.columns else None
    codes = _raw_unit_codes(field)
    constant_unit, unit_value = _constant(lean, "unit_raw")
    code: int | None = None
    if constant_unit:
        code = codes.get(unit_value) if unit_value is not None else None
        ucode: pl.Expr = pl.lit(code, dtype=pl.Int8)
    else:
        ucode = _chain(pl.col("unit_raw"), codes, pl.Int8())
    conv_ok: pl.Expr = pl.lit(True)
    if creatinine:
        own = pl.col("conversion_raw")
        conv_ok = own.is_null() | own.is_in(_CONVERSIONS)
        effective = pl.coalesce(own, conv_fb)
        umol = keys.index("umol/L")
        for conversion in CreatinineConversion:
            if conversion is DEFAULT_CREATININE_CONVERSION:
                continue
            key = keys.index(f"umol/L@{conversion.value}")
            ucode = (
                pl.when((ucode == umol) & (effective == conversion.value))
                .then(pl.lit(key, dtype=pl.Int8))
                .otherwise(ucode)
            )
        constant_unit = False
    lean = lean.with_columns(ucode=ucode)
    x = pl.col("x")
    lo = targets_by_unit(quantity, spec.plausible_min)
    hi = targets_by_unit(quantity, spec.plausible_max)
    if constant_unit:
        if code is None:
            plausible: pl.Expr = pl.lit(False)
        else:
            (lo_ref, lo_short), (hi_ref, hi_short) = lo[keys[code]], hi[keys[code]]
            low_ok = (x >= lo_ref) if lo_short else (x > lo_ref)
            high_ok = (x <= hi_ref) if hi_short else (x < hi_ref)
            plausible = low_ok & high_ok
    else:
        u = pl.col("ucode")
        lo_e = _per_code(u, [lo[k][0] for k in keys], pl.Float64())
        hi_e = _per_code(u, [hi[k][0] for k in keys], pl.Float64())
        lo_s = _per_code(u, [lo[k][1] for k in keys], pl.Boolean())
        hi_s = _per_code(u, [hi[k][1] for k in keys], pl.Boolean())
        plausible = ((x > lo_e) | ((x == lo_e) & lo_s)) & ((x < hi_e) | ((x == hi_e) & hi_s))
        plausible = plausible & u.is_not_null()
    sign_ok = (x > 0) if not spec.zero_allowed else (x >= 0)
    spec_ok: pl.Expr = pl.lit(True)
    specimen: pl.Expr = pl.lit(None, dtype=SPECIMEN_DTYPE)
    assumed: pl.Expr = pl.lit(False)
    if field == "upcr":
        constant_spec, spec_value = _constant(lean, "specimen_raw")
        raw_spec = pl.col("specimen_raw")
        if constant_spec:
            valid = spec_value is None or spec_value in _SPECIMENS
            spec_ok = pl.lit(valid)
            coded = pl.lit(spec_value if valid else None, dtype=SPECIMEN_DTYPE)
        else:
            spec_ok = raw_spec.is_null() | raw_spec.is_in(_SPECIMENS)
            coded = pl.when(spec_ok).then(raw_spec).cast(SPECIMEN_DTYPE)
        if spec_fb is None:
            specimen = coded
        else:
            specimen = pl.coalesce(coded, spec_fb.cast(SPECIMEN_DTYPE))
            assumed = raw_spec.is_null() & spec_fb.is_not_null()
    fast = (
        pl.col("ok")
        & pl.col("sid").is_not_null()
        & pl.col("date").is_not_null()
        & pl.col("role_ok")
        & sign_ok
        & plausible
        & spec_ok
        & conv_ok
    )
    return lean.with_columns(fast=fast.fill_null(False), specimen=specimen, assumed=assumed)


def _fast_parts(lean: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Accepted fast-pass rows in the table layout: ``(visits with K, references)``."""
    values = ["_row", "sid", "date", "x", "ucode", "specimen", "assumed"]
    fast = pl.col("fast")
    visit = pl.col("is_visit")
    visits = lean.select("K", *values, "fast", "is_visit").filter(fast & visit)
    refs = lean.select(*values, "role", "fast", "is_visit").filter(fast & ~visit)
    extra = [pl.lit(True).alias("ex"), pl.lit(None, dtype=pl.String).alias("text")]
    return (
        visits.select("K", *values[:5], *extra, *values[5:]),
        refs.select(*values[:5], *extra, *values[5:], "role"),
    )


def _slow_accepted(
    accepted: pl.DataFrame, field: str, cohort_sids: Callable[[pl.Series], pl.Series]
) -> pl.DataFrame:
    """Accepted detailed-pass rows (``_screen_measure`` output) in the table layout."""
    keys = unit_keys(field)
    return accepted.select(
        pl.col("_row").cast(pl.UInt32),
        pl.Series("sid", cohort_sids(accepted.get_column("subject")), dtype=pl.Int64),
        "date",
        pl.col("x").cast(pl.Float64),
        _chain(pl.col("u"), {k: i for i, k in enumerate(keys)}, pl.Int8()).alias("ucode"),
        pl.col("ex").cast(pl.Boolean),
        pl.col("text").cast(pl.String),
        pl.col("specimen").cast(pl.String).cast(SPECIMEN_DTYPE),
        pl.col("assumed").cast(pl.Boolean),
        "role",
    )


def _ranked_duplicates(
    frame: pl.DataFrame, key: list[str], values: Sequence[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split rows sharing ``key``: ``(kept, rejected _row + _reason)``.

    Identical copies keep their first row (``duplicate`` for the others); different values
    for one key are all refused (``duplicate-conflict``), as in `._ingest._dedupe`.
    """
    dup = pl.struct(key).is_duplicated()
    multi = frame.filter(dup).sort("_row")
    if multi.height == 0:
        return frame, pl.DataFrame(schema={"_row": pl.UInt32, "_reason": pl.String})
    multi = multi.with_columns(
        _variants=pl.struct(list(values)).n_unique().over(key),
        _rank=pl.int_range(pl.len()).over(key),
    )
    reasons = multi.filter((pl.col("_variants") > 1) | (pl.col("_rank") > 0)).select(
        "_row",
        pl.when(pl.col("_variants") > 1)
        .then(pl.lit("duplicate-conflict"))
        .otherwise(pl.lit("duplicate"))
        .alias("_reason"),
    )
    keep = multi.filter((pl.col("_variants") == 1) & (pl.col("_rank") == 0)).drop(
        "_variants", "_rank"
    )
    return pl.concat([frame.filter(~dup), keep], how="vertical_relaxed"), reasons


def _place(
    visits: pl.DataFrame, refs: pl.DataFrame, values: Sequence[str]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """``(visits sorted by K, references, rejected _row + _reason)`` of one field."""
    if not visits.get_column("K").is_sorted():
        visits = visits.sort("K", "_row")
    rejected: list[pl.DataFrame] = []
    if visits.height > 1 and (visits.get_column("K").diff() == 0).any():
        visits, bad = _ranked_duplicates(visits, ["K"], values)
        rejected.append(bad)
        visits = visits.sort("K", "_row")
    if refs.height:
        refs, bad = _ranked_duplicates(refs, ["sid", "role", "date"], values)
        rejected.append(bad)
    reasons = (
        pl.concat(rejected, how="vertical_relaxed")
        if rejected
        else pl.DataFrame(schema={"_row": pl.UInt32, "_reason": pl.String})
    )
    return visits, refs, reasons


def _split(table: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Detailed-pass rows (``role`` filled) as ``(visits with K, references)``."""
    is_visit = pl.col("role") == VISIT_ROLE
    visits = table.filter(is_visit).drop("role")
    visits = visits.with_columns(K=day_key(pl.col("sid"), pl.col("date")))
    return visits.select("K", *[c for c in visits.columns if c != "K"]), table.filter(~is_visit)


def _reference_conflicts(
    refs: dict[str, pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """Refuse every reference row of a subject and role recorded on several dates.

    Returns the references kept and, per field, the ``_row`` + ``_reason`` refused.
    """
    role_code = _chain(pl.col("role"), {r: i for i, r in enumerate(REFERENCE_ROLES)}, pl.Int64())
    key = pl.col("sid") * len(REFERENCE_ROLES) + role_code
    dated = [t.select(key.alias("_key"), "date") for t in refs.values() if t.height]
    if not dated:
        return refs, {}
    days = pl.concat(dated)
    counts = days.group_by("_key").agg(pl.col("date").n_unique().alias("n"))
    bad = counts.filter(pl.col("n") > 1).get_column("_key")
    if bad.len() == 0:
        return refs, {}
    wanted = bad.implode()
    kept: dict[str, pl.DataFrame] = {}
    refused: dict[str, pl.DataFrame] = {}
    for field, table in refs.items():
        hit = key.is_in(wanted)
        hits = table.filter(hit)
        if hits.height:
            refused[field] = hits.select("_row", pl.lit("reference-date-conflict").alias("_reason"))
        kept[field] = table.filter(~hit)
    return kept, refused


def _report(source_rows: pl.DataFrame, reasons: pl.DataFrame) -> pl.DataFrame:
    """Rejected-table rows for ``reasons`` (``_row`` + ``_reason``) of raw rows."""
    joined = source_rows.join(
        reasons.with_columns(pl.col("_row").cast(source_rows.schema["_row"])), on="_row"
    )
    return _rejects(joined, pl.col("_reason"))


def _check_parameters(parameters: Mapping[str, str] | None) -> dict[str, str]:
    mapping = dict(parameters) if parameters is not None else default_parameters()
    readable = {*MEASURE_FIELDS, *FLAG_FIELDS}
    stray = sorted(set(mapping.values()) - readable)
    if stray:
        raise InputError(
            f"parameters: {', '.join(stray)} are not visit fields the cohort face reads; "
            f"readable fields: {', '.join(sorted(readable))}"
        )
    return mapping


def _layout(frame: pl.DataFrame, columns: Columns, layout: str) -> str:
    if layout == "auto":
        return (
            "long"
            if columns.parameter in frame.columns and columns.value in frame.columns
            else "wide"
        )
    if layout not in ("long", "wide"):
        raise InputError(f"layout: expected 'auto', 'long' or 'wide', got {layout!r}")
    if layout == "long":
        for name in (columns.date, columns.parameter, columns.value):
            if name not in frame.columns:
                raise InputError(f"measurements (long layout): no column {name!r}")
    elif columns.date not in frame.columns:
        raise InputError(f"measurements (wide layout): no column {columns.date!r}")
    return layout


def ingest(
    measurements: pl.DataFrame,
    columns: Columns,
    *,
    layout: str = "auto",
    parameters: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    courses: pl.DataFrame | None = None,
    patients: pl.DataFrame | None = None,
    events: pl.DataFrame | None = None,
    creatinine_conversion: str | None = None,
    default_upcr_specimen: str | None = None,
    doses: pl.DataFrame | None = None,
) -> Cohort:
    """Normalise every table of a cohort (see the module docstring).

    ``creatinine_conversion`` and ``default_upcr_specimen`` are the call's choices (already
    validated); they override the courses' own.
    """
    if columns.subject not in measurements.columns:
        raise InputError(f"measurements: no subject column {columns.subject!r}")
    layout = _layout(measurements, columns, layout)
    mapping = _check_parameters(parameters)
    course_table, rejected = ingest_courses(
        courses,
        columns,
        creatinine_conversion=creatinine_conversion,
        default_upcr_specimen=default_upcr_specimen,
    )
    patient_table, patient_rejects, patient_inexact = ingest_patients(patients, columns)
    rejected = [*rejected, *patient_rejects]
    subject = _subject_column(measurements, columns)
    runs = _runs(subject)
    subjects = _subjects_table(runs[1], course_table, patient_table)
    source = _Measurements(
        measurements, columns, layout, mapping, units or {}, _row_sids(runs, subjects)
    )

    def sids(values: pl.Series) -> pl.Series:
        found: pl.Series = (
            values.cast(pl.String)
            .to_frame("subject")
            .join(
                subjects.select("subject", "sid"), on="subject", how="left", maintain_order="left"
            )
            .get_column("sid")
        )
        return found

    accepted: dict[str, list[tuple[pl.DataFrame, pl.DataFrame]]] = {}
    sources: dict[str, list[_Source]] = {}
    inexact: list[pl.Series] = [pl.Series(dtype=pl.Int64)]
    del patient_inexact  # an age from text is read exactly (float of its exact value)
    for src in source.sources():
        sources.setdefault(src.field, []).append(src)
        lean = source.lean(src)
        flag_field = src.field in FLAG_FIELDS
        if not flag_field:
            lean = _fast_screen(lean, src.field, subjects)
            residual = lean.filter(~pl.col("absent") & ~pl.col("fast"))
            accepted.setdefault(src.field, []).append(_fast_parts(lean))
        else:
            residual = lean.filter(~pl.col("absent"))
        if residual.height == 0:
            continue
        raw = source.raw(src, residual.get_column("_row"))
        kept, bad = _screen_common(raw)
        rejected.append(bad)
        if flag_field:
            ok, bad = _screen_flag(kept)
            rejected.append(bad)
            accepted.setdefault(src.field, []).append(
                _split(
                    ok.select(
                        pl.col("_row").cast(pl.UInt32),
                        pl.Series("sid", sids(ok.get_column("subject")), dtype=pl.Int64),
                        "date",
                        "b",
                        "role",
                    )
                )
            )
            continue
        fallbacks = subjects.select(
            "subject", pl.col("conv_fb").alias("_conv_fb"), pl.col("spec_fb").alias("_spec_fb")
        )
        kept = kept.join(fallbacks, on="subject", how="left")
        ok, bad = _screen_measure(kept, src.field)
        rejected.append(bad)
        slow = _slow_accepted(ok, src.field, sids)
        # a value whose float is not faithful is decided from its text where a float margin
        # is thin; only one outside the normal float range goes to the scalar path
        x = pl.col("x").abs()
        odd = ~pl.col("ex") & ((x < MIN_NORMAL) | (x > 2.0**53))
        inexact.append(slow.filter(odd).get_column("sid"))
        accepted[src.field].append(_split(slow))
    unmapped = source.unmapped()
    if unmapped.height:
        _, bad = _screen_common(unmapped)
        rejected.append(bad)

    visits: dict[str, pl.DataFrame] = {}
    refs: dict[str, pl.DataFrame] = {}
    reasons: dict[str, list[pl.DataFrame]] = {}
    for field, parts in accepted.items():
        visit_parts = [v for v, _ in parts if v.height]
        ref_parts = [r for _, r in parts if r.height]
        if not visit_parts and not ref_parts:
            continue
        template = parts[0]
        visit_table = pl.concat(visit_parts, how="vertical_relaxed") if visit_parts else template[0]
        ref_table = pl.concat(ref_parts, how="vertical_relaxed") if ref_parts else template[1]
        values = ("b",) if field in FLAG_FIELDS else MEASURE_VALUES
        visit_table, ref_table, bad_rows = _place(visit_table, ref_table, values)
        visits[field] = visit_table
        refs[field] = ref_table
        reasons.setdefault(field, []).append(bad_rows)
    refs, conflicts = _reference_conflicts(refs)
    for field, bad_rows in conflicts.items():
        reasons[field].append(bad_rows)
    for field, reason_parts in reasons.items():
        bad_rows = pl.concat(reason_parts, how="vertical_relaxed")
        if bad_rows.height == 0:
            continue
        for src in sources[field]:
            raw = source.raw(src, bad_rows.get_column("_row"))
            rejected.append(_report(raw, bad_rows))

    event_table, event_rejects = ingest_events(events, columns)
    rejected.extend(event_rejects)
    event_table = event_table.with_columns(sid=sids(event_table.get_column("subject"))).filter(
        pl.col("sid").is_not_null()
    )
    dose_records, dose_rejects, dose_inexact = ingest_doses(doses, columns, sids)
    rejected.extend(dose_rejects)
    inexact.append(dose_inexact)
    all_rejected = (
        pl.concat(rejected, how="vertical_relaxed").cast(REJECTED_SCHEMA)  # type: ignore[arg-type]
        if rejected
        else pl.DataFrame(schema=REJECTED_SCHEMA)
    )
    inexact_sids = pl.concat(inexact).drop_nulls().unique().sort()
    return Cohort(
        subjects=subjects,
        visits=visits,
        refs=refs,
        events=event_table.select("sid", "date", "type"),
        rejected=all_rejected.sort("SOURCE", "ROW", "FIELD"),
        inexact=inexact_sids,
        subject_dtype=measurements.schema[columns.subject],
        doses=dose_records,
    )


def value_keys(field: str, ucode: int) -> tuple[str, str | None]:
    """``(UCUM code, conversion)`` of a ``ucode`` of ``field`` (for the scalar path)."""
    return split_key(unit_keys(field)[ucode])


def canonical_factor(field: str) -> list[Fraction]:
    """Exact factor of each ``ucode`` of ``field``."""
    factors = unit_factors(MEASURE_FIELDS[field])
    return [factors[k] for k in unit_keys(field)]


__all__ = [
    "DAY_OFFSET",
    "KEY_SHIFT",
    "MEASURE_SCHEMA",
    "MEASURE_VALUES",
    "Cohort",
    "canonical_factor",
    "day_key",
    "ingest",
    "unit_keys",
    "value_keys",
]
