"""From the caller's tables to the engine's normalised tables, with every rejected row reported.

Measurements come in long layout (one row per subject, date, parameter, value, unit) or wide
layout (one row per subject and date, one column per parameter, units in ``<column>_UNIT``
columns or given per column). Both become one normalised table per visit field::

    subject (str) | role | date | x (float64) | u (UCUM code) | c (canonical, float64)
    | ex (x is faithful, see lupus_nephritis.cohort._exact) | text | specimen

``x`` is the value as given, ``u`` its resolved unit; ``c = x * factor(u)`` in float is used
only where a float margin is trusted (see `._exact`). Checks follow
`lupus_nephritis.units.canonicalize` in its order (number, not negative, zero allowed,
unit accepted, plausible), with the same exact bounds and the same factors (read from
`lupus_nephritis.units.SPECS`, never copied). NaN and null values are absent data, not
negative findings: such rows are not measurements and are not reported. Every other row that
is not used is reported in the rejected table with a reason code (`REASONS`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl

from lupus_nephritis.cohort._exact import (
    CONVENTION_SEPARATOR,
    FAITHFUL_DIGITS,
    MIN_NORMAL,
    holds,
    signed_given,
    split_key,
    unit_factors,
)
from lupus_nephritis.cohort.columns import (
    FLAG_FIELDS,
    MEASURE_FIELDS,
    REFERENCE_ROLES,
    VISIT_ROLE,
    Columns,
)
from lupus_nephritis.errors import ImplausibleValueError, InputError, UnitError
from lupus_nephritis.models import EventType, Sex, Specimen
from lupus_nephritis.thresholds import Comparator
from lupus_nephritis.units import (
    DEFAULT_CREATININE_CONVERSION,
    CreatinineConversion,
    Quantity,
    canonicalize,
    spec_for,
    to_decimal,
)

#: Reason codes of the rejected table (stable strings; docs and tests key on them).
REASONS: Mapping[str, str] = {
    "subject-missing": "no subject identifier",
    "parameter-unknown": "parameter code not mapped to a visit field the cohort face reads",
    "date-missing": "no date",
    "date-unparseable": "the date is not an ISO date",
    "role-unknown": "role is not visit, baseline, pre_flare or biopsy",
    "value-unparseable": "the value is not a number (or not yes/no for a finding)",
    "non-finite": "the value is infinite (or NaN written as text)",
    "negative": "the value is negative",
    "zero-not-allowed": "zero is not a valid value of the quantity",
    "unit-missing": "no unit (units are never assumed)",
    "unit-unknown": "the unit is not an accepted UCUM unit of the quantity",
    "implausible": "the value lies outside the quantity's plausible range",
    "unit-mixup-suspected": "implausible in the unit given, plausible in SUGGESTED_UNIT",
    "specimen-unknown": "UPCR specimen (or a course's default specimen) is not 24h, spot or "
    "first_morning",
    "conversion-unknown": "creatinine conversion (of a value or a course) is not 88.4 or "
    "molar-mass",
    "duplicate": "an identical copy of a row already used",
    "duplicate-conflict": "two or more different values for one subject, date and field",
    "reference-date-conflict": "a reference visit (baseline ...) has rows on several dates",
    "sex-invalid": "sex is not female or male",
    "age-invalid": "age is not a plausible number of years",
    "birth-date-unparseable": "the birth date is not an ISO date",
    "is-black-invalid": "is_black is not yes/no",
    "event-unknown": "event type is not one of the EventType values",
    "start-date-missing": "the course has no (parseable) start date",
    "course-duplicate": "more than one course row for the subject",
    "patient-duplicate": "more than one patient row for the subject",
    "course-missing": "the subject's measurements have no course (start date) to assess",
    "assessment-before-start": "the assessment date is before the treatment start",
    "assessment-out-of-range": "the assessment point is too close to the calendar's end",
    "dose-missing": "a glucocorticoid dose record without a dose",
    "dose-end-before-start": "a glucocorticoid dose record ends before it starts",
    "drug-unknown": "the drug is not one of the Glucocorticoid values",
    "flag-invalid": "a course's yes/no column is not yes/no",
}

REJECTED_SCHEMA: dict[str, pl.DataType] = {
    "SOURCE": pl.String(),
    "ROW": pl.Int64(),
    "SUBJECT": pl.String(),
    "FIELD": pl.String(),
    "VALUE": pl.String(),
    "UNIT": pl.String(),
    "REASON": pl.String(),
    "SUGGESTED_UNIT": pl.String(),
}

_DECIMAL_TEXT = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_TRUE = ("true", "t", "yes", "y", "1", "on")
_FALSE = ("false", "f", "no", "n", "0", "off")
_SPECIMENS = tuple(s.value for s in Specimen)

MEASURE_SCHEMA: dict[str, pl.DataType] = {
    "subject": pl.String(),
    "role": pl.String(),
    "date": pl.Date(),
    "x": pl.Float64(),
    "u": pl.String(),
    "c": pl.Float64(),
    "ex": pl.Boolean(),
    "text": pl.String(),
    "specimen": pl.String(),
    "assumed": pl.Boolean(),
}

_CONVERSIONS = tuple(c.value for c in CreatinineConversion)
#: Visit fields that are serum creatinines (a µmol/L value depends on the conversion).
_CREATININE_FIELDS = ("creatinine", "creatinine_uln")


# ----------------------------------------------------------------------------- helpers


def _subject(frame: pl.DataFrame, columns: Columns, what: str) -> pl.Expr:
    if columns.subject not in frame.columns:
        raise InputError(f"{what}: no subject column {columns.subject!r}")
    return pl.col(columns.subject).cast(pl.String)


def _date(frame: pl.DataFrame, name: str) -> tuple[pl.Expr, pl.Expr]:
    """``(date, status)`` where status is null, ``"date-missing"`` or ``"date-unparseable"``."""
    dtype = frame.schema[name]
    col = pl.col(name)
    if dtype == pl.Date:
        parsed = col
    elif isinstance(dtype, pl.Datetime):
        parsed = col.dt.date()
    elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        parsed = col.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    else:
        parsed = pl.lit(None, dtype=pl.Date)
    status = (
        pl.when(col.is_null())
        .then(pl.lit("date-missing"))
        .when(parsed.is_null())
        .then(pl.lit("date-unparseable"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return parsed, status


def _value_columns(frame: pl.DataFrame, name: str) -> list[pl.Expr]:
    """Parse a value column into ``x, ex, text, vkind, vstr`` (see the module docstring).

    ``vkind``: ``ok`` (x usable), ``absent`` (NaN / null / empty), ``python`` (decided by the
    exact scalar conversion: unusual text or a value whose float is not faithful),
    ``non-finite``.
    """
    dtype = frame.schema[name]
    col = pl.col(name)
    if dtype.is_numeric():
        x = col.cast(pl.Float64)
        vstr = col.cast(pl.String)
        faithful = col.cast(pl.Float64).abs() <= 2.0**53 if dtype.is_integer() else pl.lit(True)
        vkind = (
            pl.when(col.is_null() | x.is_nan())
            .then(pl.lit("absent"))
            .when(x.is_infinite())
            .then(pl.lit("non-finite"))
            .when(faithful)
            .then(pl.lit("ok"))
            .otherwise(pl.lit("python"))
        )
        text = pl.when(vkind == "python").then(vstr).otherwise(pl.lit(None, dtype=pl.String))
        return [x.alias("x"), text.alias("text"), vkind.alias("vkind"), vstr.alias("vstr")]
    if dtype == pl.Boolean:
        vstr = col.cast(pl.String)
        vkind = pl.when(col.is_null()).then(pl.lit("absent")).otherwise(pl.lit("python"))
        return [
            pl.lit(None, dtype=pl.Float64).alias("x"),
            vstr.alias("text"),
            vkind.alias("vkind"),
            vstr.alias("vstr"),
        ]
    stripped = col.cast(pl.String).str.strip_chars()
    x = stripped.cast(pl.Float64, strict=False)
    digits = (
        stripped.str.replace(r"[eE].*$", "")
        .str.replace_all(r"[+\-.]", "")
        .str.strip_chars_start("0")
        .str.strip_chars_end("0")
        .str.len_chars()
    )
    plain = stripped.str.contains(_DECIMAL_TEXT)
    faithful = (
        plain
        & (digits <= FAITHFUL_DIGITS)
        & x.is_finite()
        & ((x == 0) & (digits == 0) | (x.abs() >= MIN_NORMAL))
    )
    vkind = (
        pl.when(stripped.is_null() | (stripped == ""))
        .then(pl.lit("absent"))
        .when(faithful)
        .then(pl.lit("ok"))
        .otherwise(pl.lit("python"))
    )
    return [x.alias("x"), stripped.alias("text"), vkind.alias("vkind"), stripped.alias("vstr")]


def _unit_code(unit: pl.Expr, quantity: Quantity) -> pl.Expr:
    spec = spec_for(quantity)
    mapping = {code: code for code in spec.factors}
    mapping.update(spec.aliases)
    return unit.replace_strict(
        list(mapping), list(mapping.values()), default=None, return_dtype=pl.String
    )


def _factor_float(unit: pl.Expr, quantity: Quantity) -> pl.Expr:
    factors = unit_factors(quantity)
    return unit.replace_strict(
        list(factors),
        [float(f) for f in factors.values()],
        default=None,
        return_dtype=pl.Float64,
    )


def _unit_key(code: pl.Expr, conversion: pl.Expr) -> pl.Expr:
    """The unit key of a creatinine (see `._exact.convention_key`).

    Its UCUM code, plus ``@<conversion>`` for a µmol/L value under a conversion other than
    the default.
    """
    suffix = conversion.replace_strict(
        _CONVERSIONS,
        [
            "" if c == DEFAULT_CREATININE_CONVERSION.value else CONVENTION_SEPARATOR + c
            for c in _CONVERSIONS
        ],
        default="",
        return_dtype=pl.String,
    )
    converts = code == "umol/L"
    return pl.when(converts & conversion.is_not_null()).then(code + suffix).otherwise(code)


def _rejects(
    frame: pl.DataFrame, reason: pl.Expr | str, suggested: pl.Expr | None = None
) -> pl.DataFrame:
    reason_expr = pl.lit(reason) if isinstance(reason, str) else reason
    return frame.select(
        pl.col("_src").alias("SOURCE"),
        pl.col("_row").cast(pl.Int64).alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.col("_field_raw").cast(pl.String).alias("FIELD"),
        pl.col("vstr").cast(pl.String).alias("VALUE"),
        pl.col("unit_raw").cast(pl.String).alias("UNIT"),
        reason_expr.cast(pl.String).alias("REASON"),
        (suggested if suggested is not None else pl.lit(None, dtype=pl.String))
        .cast(pl.String)
        .alias("SUGGESTED_UNIT"),
    )


def empty_rejected() -> pl.DataFrame:
    """An empty rejected table."""
    return pl.DataFrame(schema=REJECTED_SCHEMA)


def _python_screen(
    text: str, unit: str | None, quantity: Quantity, conversion: str | None = None
) -> tuple[str | None, str | None]:
    """Exact screening of one unusual value: ``(reason, suggested unit)``; reason None = ok."""
    try:
        canonicalize(
            text,
            unit if unit is not None else "",
            quantity=quantity,
            creatinine_conversion=conversion,
        )
    except ImplausibleValueError:
        return _mixup_exact(text, unit, quantity, conversion)
    except UnitError:
        return ("unit-missing" if unit is None else "unit-unknown"), None
    except InputError as error:
        message = str(error)
        if "negative" in message:
            return "negative", None
        if "greater than zero" in message:
            return "zero-not-allowed", None
        if "finite" in message:
            return "non-finite", None
        return "value-unparseable", None
    return None, None


def _mixup_exact(
    text: str, unit: str | None, quantity: Quantity, conversion: str | None = None
) -> tuple[str, str | None]:
    spec = spec_for(quantity)
    code = spec.resolve_unit(unit if unit is not None else "")
    number = Fraction(to_decimal(text))
    key = code
    if conversion is not None and quantity is Quantity.CREATININE:
        key = _key_text(code, conversion)
    canonical = number * unit_factors(quantity)[key]
    for alt in spec.mixup_order:
        if alt == code:
            continue
        as_alt = number * spec.factors[alt]
        if spec.plausible_min <= as_alt <= spec.plausible_max and as_alt != canonical:
            return "unit-mixup-suspected", alt
    return "implausible", None


def _key_text(code: str, conversion: str) -> str:
    from lupus_nephritis.cohort._exact import convention_key

    return convention_key(code, CreatinineConversion(conversion))


# ----------------------------------------------------------------------------- measurements


def _raw_long(frame: pl.DataFrame, columns: Columns, parameters: Mapping[str, str]) -> pl.DataFrame:
    for name in (columns.date, columns.parameter, columns.value):
        if name not in frame.columns:
            raise InputError(f"measurements (long layout): no column {name!r}")
    date, status = _date(frame, columns.date)
    field = (
        pl.col(columns.parameter)
        .cast(pl.String)
        .replace_strict(list(parameters), list(parameters.values()), default=None)
    )
    has_unit = columns.unit in frame.columns
    has_spec = columns.specimen in frame.columns
    has_role = columns.role in frame.columns
    has_conv = columns.conversion in frame.columns
    if "_row" not in frame.columns:
        frame = frame.with_row_index("_row")
    return frame.select(
        pl.lit("measurements").alias("_src"),
        pl.col("_row"),
        pl.col(columns.parameter).cast(pl.String).alias("_field_raw"),
        field.alias("field"),
        _subject(frame, columns, "measurements").alias("subject"),
        date.alias("date"),
        status.alias("date_status"),
        (pl.col(columns.role).cast(pl.String) if has_role else pl.lit(None, dtype=pl.String)).alias(
            "role_raw"
        ),
        *_value_columns(frame, columns.value),
        (pl.col(columns.unit).cast(pl.String) if has_unit else pl.lit(None, dtype=pl.String)).alias(
            "unit_raw"
        ),
        (
            pl.col(columns.specimen).cast(pl.String) if has_spec else pl.lit(None, dtype=pl.String)
        ).alias("specimen_raw"),
        (
            pl.col(columns.conversion).cast(pl.String)
            if has_conv
            else pl.lit(None, dtype=pl.String)
        ).alias("conversion_raw"),
    )


def _raw_wide(
    frame: pl.DataFrame,
    columns: Columns,
    parameters: Mapping[str, str],
    units: Mapping[str, str],
) -> pl.DataFrame:
    if columns.date not in frame.columns:
        raise InputError(f"measurements (wide layout): no column {columns.date!r}")
    if "_row" not in frame.columns:
        frame = frame.with_row_index("_row")
    date, status = _date(frame, columns.date)
    subject = _subject(frame, columns, "measurements")
    role = (
        pl.col(columns.role).cast(pl.String)
        if columns.role in frame.columns
        else pl.lit(None, dtype=pl.String)
    )
    parts: list[pl.DataFrame] = []
    for column, field in parameters.items():
        if column not in frame.columns:
            continue
        unit_col = column + columns.unit_suffix
        if unit_col in frame.columns:
            unit = pl.col(unit_col).cast(pl.String)
        elif column in units:
            unit = pl.lit(units[column], dtype=pl.String)
        else:
            unit = pl.lit(None, dtype=pl.String)
        spec_col = column + columns.specimen_suffix
        specimen = (
            pl.col(spec_col).cast(pl.String)
            if spec_col in frame.columns
            else pl.lit(None, dtype=pl.String)
        )
        conv_col = column + columns.conversion_suffix
        conversion = (
            pl.col(conv_col).cast(pl.String)
            if conv_col in frame.columns
            else pl.lit(None, dtype=pl.String)
        )
        part = frame.select(
            pl.lit("measurements").alias("_src"),
            pl.col("_row"),
            pl.lit(column).alias("_field_raw"),
            pl.lit(field, dtype=pl.String).alias("field"),
            subject.alias("subject"),
            date.alias("date"),
            status.alias("date_status"),
            role.alias("role_raw"),
            *_value_columns(frame, column),
            unit.alias("unit_raw"),
            specimen.alias("specimen_raw"),
            conversion.alias("conversion_raw"),
        ).filter(pl.col("vkind") != "absent")
        parts.append(part)
    if not parts:
        raise InputError(
            "measurements (wide layout): none of the parameter columns "
            f"{', '.join(sorted(parameters))} is present"
        )
    return pl.concat(parts, how="vertical_relaxed")


def _screen_common(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Reasons that do not depend on the field's quantity; returns (kept, rejected)."""
    role_ok = pl.col("role_raw").is_null() | pl.col("role_raw").is_in(
        [VISIT_ROLE, *REFERENCE_ROLES]
    )
    reason = (
        pl.when(pl.col("subject").is_null())
        .then(pl.lit("subject-missing"))
        .when(pl.col("field").is_null())
        .then(pl.lit("parameter-unknown"))
        .when(pl.col("date_status").is_not_null())
        .then(pl.col("date_status"))
        .when(~role_ok)
        .then(pl.lit("role-unknown"))
        .when(pl.col("vkind") == "non-finite")
        .then(pl.lit("non-finite"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    raw = raw.filter(pl.col("vkind") != "absent").with_columns(_reason=reason)
    rejected = _rejects(raw.filter(pl.col("_reason").is_not_null()), pl.col("_reason"))
    kept = raw.filter(pl.col("_reason").is_null()).with_columns(
        role=pl.col("role_raw").fill_null(VISIT_ROLE)
    )
    return kept, rejected


def _screen_measure(rows: pl.DataFrame, field: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Screen one measure field's rows as canonicalize would; returns (accepted, rejected).

    ``rows`` may carry ``_conv_fb`` (the creatinine conversion of the call, else of the course)
    and ``_spec_fb`` (the specimen assumed for an unreported UPCR specimen).
    """
    quantity = MEASURE_FIELDS[field]
    spec = spec_for(quantity)
    creatinine = field in _CREATININE_FIELDS
    conv_raw = pl.col("conversion_raw") if "conversion_raw" in rows.columns else None
    fallback = pl.col("_conv_fb") if "_conv_fb" in rows.columns else None
    conversion_bad: pl.Expr = pl.lit(False)
    if creatinine and conv_raw is not None:
        conversion_bad = conv_raw.is_not_null() & ~conv_raw.is_in(_CONVERSIONS)
    conversion: pl.Expr = pl.lit(None, dtype=pl.String)
    if creatinine:
        given = pl.when(~conversion_bad).then(conv_raw) if conv_raw is not None else conversion
        conversion = pl.coalesce(given, fallback) if fallback is not None else given
    rows = rows.with_columns(_conv=conversion).with_columns(
        u=_unit_key(_unit_code(pl.col("unit_raw"), quantity), pl.col("_conv"))
        if creatinine
        else _unit_code(pl.col("unit_raw"), quantity)
    )
    x = pl.col("x")
    u = pl.col("u")
    lo_sign, lo_unres = signed_given(x, u, quantity, spec.plausible_min)
    hi_sign, hi_unres = signed_given(x, u, quantity, spec.plausible_max)
    plausible = holds(Comparator.GE, lo_sign) & holds(Comparator.LE, hi_sign)
    suggestion: pl.Expr = pl.lit(None, dtype=pl.String)
    for alt in reversed(spec.mixup_order):
        alt_lo, _ = signed_given(x, pl.lit(alt), quantity, spec.plausible_min)
        alt_hi, _ = signed_given(x, pl.lit(alt), quantity, spec.plausible_max)
        fits = (
            holds(Comparator.GE, alt_lo)
            & holds(Comparator.LE, alt_hi)
            & (u != alt)
            & (_factor_float(u, quantity) != float(spec.factors[alt]))
        )
        suggestion = pl.when(fits).then(pl.lit(alt)).otherwise(suggestion)
    specimen_bad = (
        pl.col("specimen_raw").is_not_null() & ~pl.col("specimen_raw").is_in(_SPECIMENS)
        if field == "upcr"
        else pl.lit(False)
    )
    ok_kind = pl.col("vkind") == "ok"
    reason = (
        pl.when(~ok_kind)
        .then(pl.lit(None, dtype=pl.String))
        .when(x < 0)
        .then(pl.lit("negative"))
        .when((x == 0) & (not spec.zero_allowed))
        .then(pl.lit("zero-not-allowed"))
        .when(pl.col("unit_raw").is_null())
        .then(pl.lit("unit-missing"))
        .when(u.is_null())
        .then(pl.lit("unit-unknown"))
        .when(lo_unres | hi_unres)
        .then(pl.lit("_exact"))
        .when(~plausible & suggestion.is_not_null())
        .then(pl.lit("unit-mixup-suspected"))
        .when(~plausible)
        .then(pl.lit("implausible"))
        .when(specimen_bad)
        .then(pl.lit("specimen-unknown"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    rows = rows.with_columns(_reason=reason, _suggested=suggestion)
    # values the float test cannot settle, and unusual text: the exact conversion decides
    exact_needed = pl.col("_reason").eq_missing("_exact")
    special = rows.filter((pl.col("vkind") == "python") | exact_needed)
    if special.height:
        decided = [
            _python_screen(text if text is not None else repr(xv), unit, quantity, conv)
            for text, xv, unit, conv in zip(
                special["text"].to_list(),
                special["x"].to_list(),
                special["unit_raw"].to_list(),
                special["_conv"].to_list(),
                strict=True,
            )
        ]
        exact_x: list[float | None] = []
        for (reason_code, _), text, xv in zip(
            decided, special["text"].to_list(), special["x"].to_list(), strict=True
        ):
            if reason_code is None and text is not None:
                exact_x.append(float(Fraction(to_decimal(text))))
            else:
                exact_x.append(xv)
        special = special.with_columns(
            _reason=pl.Series([d[0] for d in decided], dtype=pl.String),
            _suggested=pl.Series([d[1] for d in decided], dtype=pl.String),
            x=pl.Series(exact_x, dtype=pl.Float64),
            _inexact=pl.col("vkind") == "python",
        )
        rows = pl.concat(
            [
                rows.filter((pl.col("vkind") != "python") & ~exact_needed).with_columns(
                    _inexact=pl.lit(False)
                ),
                special,
            ],
            how="vertical_relaxed",
        )
        if field == "upcr":
            rows = rows.with_columns(
                _reason=pl.when(pl.col("_reason").is_null() & specimen_bad)
                .then(pl.lit("specimen-unknown"))
                .otherwise(pl.col("_reason"))
            )
    else:
        rows = rows.with_columns(_inexact=pl.lit(False))
    if creatinine:
        rows = rows.with_columns(
            _reason=pl.when(pl.col("_reason").is_null() & conversion_bad)
            .then(pl.lit("conversion-unknown"))
            .otherwise(pl.col("_reason"))
        )
    rejected = _rejects(
        rows.filter(pl.col("_reason").is_not_null()),
        pl.col("_reason"),
        pl.when(pl.col("_reason") == "unit-mixup-suspected").then(pl.col("_suggested")),
    )
    spec_fb = pl.col("_spec_fb") if "_spec_fb" in rows.columns else pl.lit(None, dtype=pl.String)
    if field == "upcr":
        specimen = pl.coalesce(pl.col("specimen_raw"), spec_fb)
        assumed = pl.col("specimen_raw").is_null() & spec_fb.is_not_null()
    else:
        specimen, assumed = pl.lit(None, dtype=pl.String), pl.lit(False)
    accepted = rows.filter(pl.col("_reason").is_null()).with_columns(
        c=pl.col("x") * _factor_float(pl.col("u"), quantity),
        ex=~pl.col("_inexact"),
        text=pl.when(pl.col("_inexact")).then(pl.col("text")),
        specimen=specimen,
        assumed=assumed,
    )
    return accepted, rejected


def _screen_flag(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    text = pl.col("vstr").str.strip_chars().str.to_lowercase()
    value = (
        pl.when(text.is_in(_TRUE))
        .then(pl.lit(True))
        .when(text.is_in(_FALSE))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )
    rows = rows.with_columns(b=value)
    rejected = _rejects(rows.filter(pl.col("b").is_null()), "value-unparseable")
    return rows.filter(pl.col("b").is_not_null()), rejected


def _dedupe(rows: pl.DataFrame, value_cols: list[str]) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    key = ["subject", "role", "date"]
    if not rows.select(pl.struct(key).is_duplicated().any()).item():
        return rows, []
    dup = pl.struct(key).is_duplicated()
    single = rows.filter(~dup)
    multi = rows.filter(dup).sort("_row")
    variants = pl.struct(value_cols).n_unique().over(key)
    multi = multi.with_columns(_variants=variants, _rank=pl.int_range(pl.len()).over(key))
    conflict = multi.filter(pl.col("_variants") > 1)
    same = multi.filter(pl.col("_variants") == 1)
    keep = same.filter(pl.col("_rank") == 0).drop("_variants", "_rank")
    rejected = [
        _rejects(conflict, "duplicate-conflict"),
        _rejects(same.filter(pl.col("_rank") > 0), "duplicate"),
    ]
    return pl.concat([single, keep], how="vertical_relaxed"), rejected


def default_parameters() -> dict[str, str]:
    """Parameter code -> visit field: every field the cohort face reads, under its own name."""
    return {name: name for name in (*MEASURE_FIELDS, *FLAG_FIELDS)}


# ----------------------------------------------------------------------------- side tables


def _side_rejects(
    frame: pl.DataFrame, source: str, field: str, value: pl.Expr, reason: str
) -> pl.DataFrame:
    return frame.select(
        pl.lit(source).alias("SOURCE"),
        pl.col("_row").cast(pl.Int64).alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.lit(field).alias("FIELD"),
        value.cast(pl.String).alias("VALUE"),
        pl.lit(None, dtype=pl.String).alias("UNIT"),
        pl.lit(reason).alias("REASON"),
        pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
    )


def ingest_courses(
    frame: pl.DataFrame | None,
    columns: Columns,
    *,
    creatinine_conversion: str | None = None,
    default_upcr_specimen: str | None = None,
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``subject, start, conv_fb, spec_fb`` (one per subject) and the rejected rows.

    ``conv_fb`` / ``spec_fb``: the creatinine conversion and the assumed UPCR specimen of the
    call (``creatinine_conversion`` / ``default_upcr_specimen``), else of the course's own
    columns; an invalid course value is reported and ignored.
    """
    schema = {
        "subject": pl.String,
        "start": pl.Date,
        "conv_fb": pl.String,
        "spec_fb": pl.String,
        "gc_complete": pl.Boolean,
        "adj_egfr": pl.Boolean,
    }
    if frame is None:
        return pl.DataFrame(schema=schema), []
    if columns.start_date not in frame.columns:
        raise InputError(f"courses: no start-date column {columns.start_date!r}")
    start, status = _date(frame, columns.start_date)

    def optional(name: str) -> pl.Expr:
        if name in frame.columns:
            return pl.col(name).cast(pl.String).str.strip_chars()
        return pl.lit(None, dtype=pl.String)

    table = frame.with_row_index("_row").select(
        "_row",
        _subject(frame, columns, "courses").alias("subject"),
        start.alias("start"),
        status.alias("status"),
        pl.col(columns.start_date).cast(pl.String).alias("_raw"),
        optional(columns.creatinine_conversion).alias("conv_raw"),
        optional(columns.default_upcr_specimen).alias("spec_raw"),
    )
    rejected = [
        _side_rejects(
            table.filter(pl.col("status").is_not_null() | pl.col("subject").is_null()),
            "courses",
            columns.start_date,
            pl.col("_raw"),
            "start-date-missing",
        )
    ]
    table = table.filter(pl.col("status").is_null() & pl.col("subject").is_not_null())
    dup = table.filter(pl.col("subject").is_duplicated())
    if dup.height:
        rejected.append(
            _side_rejects(dup, "courses", columns.start_date, pl.col("_raw"), "course-duplicate")
        )
        table = table.filter(~pl.col("subject").is_duplicated())
    bad_conv = pl.col("conv_raw").is_not_null() & ~pl.col("conv_raw").is_in(_CONVERSIONS)
    bad_spec = pl.col("spec_raw").is_not_null() & ~pl.col("spec_raw").is_in(_SPECIMENS)
    for bad, field, raw, reason in (
        (bad_conv, columns.creatinine_conversion, "conv_raw", "conversion-unknown"),
        (bad_spec, columns.default_upcr_specimen, "spec_raw", "specimen-unknown"),
    ):
        hit = table.filter(bad)
        if hit.height:
            rejected.append(_side_rejects(hit, "courses", field, pl.col(raw), reason))
    conv: pl.Expr = pl.when(~bad_conv).then(pl.col("conv_raw"))
    spec: pl.Expr = pl.when(~bad_spec).then(pl.col("spec_raw"))
    if creatinine_conversion is not None:
        conv = pl.lit(creatinine_conversion, dtype=pl.String)
    if default_upcr_specimen is not None:
        spec = pl.lit(default_upcr_specimen, dtype=pl.String)
    flags: list[pl.Expr | pl.Series] = []
    for name, alias in (
        (columns.gc_records_complete, "gc_complete"),
        (columns.adjudicated_egfr_event, "adj_egfr"),
    ):
        if name not in frame.columns:
            flags.append(pl.lit(None, dtype=pl.Boolean).alias(alias))
            continue
        given = frame.get_column(name)
        if given.dtype == pl.Boolean:
            parsed = pl.Series(alias, given)
        else:
            text = given.cast(pl.String).str.strip_chars().str.to_lowercase()
            parsed = text.replace_strict(
                list(_YES_NO), list(_YES_NO.values()), default=None, return_dtype=pl.Boolean
            ).alias(alias)
            bad = text.is_not_null() & parsed.is_null()
            if bad.any():
                hit = (
                    frame.with_row_index("_row")
                    .filter(bad)
                    .with_columns(_subject(frame, columns, "courses").alias("subject"))
                )
                rejected.append(_side_rejects(hit, "courses", name, pl.col(name), "flag-invalid"))
        flags.append(
            pl.Series(alias, parsed).gather(table.get_column("_row").cast(pl.Int64)).alias(alias)
        )
    return (
        table.select("subject", "start", conv.alias("conv_fb"), spec.alias("spec_fb"), *flags),
        rejected,
    )


_YES_NO = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False,
           "n": False, "0": False}  # fmt: skip


def ingest_patients(
    frame: pl.DataFrame | None, columns: Columns
) -> tuple[pl.DataFrame, list[pl.DataFrame], pl.DataFrame]:
    """``subject, sex, birth, age_x, age_ex, age_text, is_black``, rejects, inexact subjects."""
    schema = {
        "subject": pl.String,
        "sex": pl.String,
        "birth": pl.Date,
        "age_x": pl.Float64,
        "age_ex": pl.Boolean,
        "age_text": pl.String,
        "is_black": pl.Boolean,
    }
    if frame is None:
        return pl.DataFrame(schema=schema), [], pl.DataFrame(schema={"subject": pl.String})
    base = frame.with_row_index("_row")
    cols: list[pl.Expr] = ["_row", _subject(frame, columns, "patients").alias("subject")]  # type: ignore[list-item]
    rejected: list[pl.DataFrame] = []
    sex = (
        pl.col(columns.sex).cast(pl.String)
        if columns.sex in frame.columns
        else pl.lit(None, dtype=pl.String)
    )
    sexes = [s.value for s in Sex]
    cols.append(sex.alias("sex_raw"))
    if columns.birth_date in frame.columns:
        birth, status = _date(frame, columns.birth_date)
        cols += [
            birth.alias("birth"),
            pl.when(status == "date-unparseable").then(True).otherwise(False).alias("birth_bad"),
            pl.col(columns.birth_date).cast(pl.String).alias("birth_raw"),
        ]
    else:
        cols += [
            pl.lit(None, dtype=pl.Date).alias("birth"),
            pl.lit(False).alias("birth_bad"),
            pl.lit(None, dtype=pl.String).alias("birth_raw"),
        ]
    if columns.age in frame.columns:
        cols += _value_columns(frame, columns.age)
    else:
        cols += [
            pl.lit(None, dtype=pl.Float64).alias("x"),
            pl.lit(None, dtype=pl.String).alias("text"),
            pl.lit("absent").alias("vkind"),
            pl.lit(None, dtype=pl.String).alias("vstr"),
        ]
    if columns.is_black in frame.columns:
        black_raw = pl.col(columns.is_black).cast(pl.String).str.strip_chars().str.to_lowercase()
        cols.append(black_raw.alias("black_raw"))
    else:
        cols.append(pl.lit(None, dtype=pl.String).alias("black_raw"))
    table = base.select(cols).filter(pl.col("subject").is_not_null())
    dup = table.filter(pl.col("subject").is_duplicated())
    if dup.height:
        rejected.append(
            _side_rejects(dup, "patients", columns.subject, pl.col("subject"), "patient-duplicate")
        )
        table = table.filter(~pl.col("subject").is_duplicated())
    bad_sex = table.filter(pl.col("sex_raw").is_not_null() & ~pl.col("sex_raw").is_in(sexes))
    if bad_sex.height:
        rejected.append(
            _side_rejects(bad_sex, "patients", columns.sex, pl.col("sex_raw"), "sex-invalid")
        )
    bad_birth = table.filter(pl.col("birth_bad"))
    if bad_birth.height:
        rejected.append(
            _side_rejects(
                bad_birth,
                "patients",
                columns.birth_date,
                pl.col("birth_raw"),
                "birth-date-unparseable",
            )
        )
    # age: a plausible number of years (0-130), exact at the bounds
    age_spec = spec_for(Quantity.AGE)
    lo_sign, lo_unres = signed_given(pl.col("x"), pl.lit("a"), Quantity.AGE, age_spec.plausible_min)
    hi_sign, hi_unres = signed_given(pl.col("x"), pl.lit("a"), Quantity.AGE, age_spec.plausible_max)
    age_ok = (pl.col("vkind") == "ok") & (lo_sign >= 0) & (hi_sign <= 0) & ~lo_unres & ~hi_unres
    table = table.with_columns(_age_ok=age_ok)
    python_age = table.filter(pl.col("vkind") == "python")
    inexact = pl.DataFrame(schema={"subject": pl.String})
    if python_age.height:
        oks: list[bool] = []
        xs: list[float | None] = []
        for text in python_age["text"].to_list():
            try:
                value = canonicalize(text, "a", quantity=Quantity.AGE)
            except InputError:
                oks.append(False)
                xs.append(None)
            else:
                oks.append(True)
                xs.append(float(value))
        python_age = python_age.with_columns(
            _age_ok=pl.Series(oks, dtype=pl.Boolean), x=pl.Series(xs, dtype=pl.Float64)
        )
        table = pl.concat(
            [table.filter(pl.col("vkind") != "python"), python_age], how="vertical_relaxed"
        )
        inexact = python_age.filter(pl.col("_age_ok")).select("subject")
    bad_age = table.filter((pl.col("vkind") != "absent") & ~pl.col("_age_ok"))
    if bad_age.height:
        rejected.append(
            _side_rejects(bad_age, "patients", columns.age, pl.col("vstr"), "age-invalid")
        )
    black = (
        pl.when(pl.col("black_raw").is_in(_TRUE))
        .then(pl.lit(True))
        .when(pl.col("black_raw").is_in(_FALSE))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )
    bad_black = table.filter(pl.col("black_raw").is_not_null() & black.is_null())
    if bad_black.height:
        rejected.append(
            _side_rejects(
                bad_black, "patients", columns.is_black, pl.col("black_raw"), "is-black-invalid"
            )
        )
    out = table.select(
        "subject",
        pl.when(pl.col("sex_raw").is_in(sexes)).then(pl.col("sex_raw")).alias("sex"),
        pl.col("birth"),
        pl.when(pl.col("_age_ok")).then(pl.col("x")).alias("age_x"),
        (pl.col("vkind") == "ok").alias("age_ex"),
        pl.when(pl.col("_age_ok") & (pl.col("vkind") == "python"))
        .then(pl.col("text"))
        .alias("age_text"),
        black.alias("is_black"),
    )
    return out, rejected, inexact


def ingest_events(
    frame: pl.DataFrame | None, columns: Columns
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``subject, date, type`` and the rejected rows."""
    schema = {"subject": pl.String, "date": pl.Date, "type": pl.String}
    if frame is None:
        return pl.DataFrame(schema=schema), []
    for name in (columns.date, columns.event):
        if name not in frame.columns:
            raise InputError(f"events: no column {name!r}")
    date, status = _date(frame, columns.date)
    table = frame.with_row_index("_row").select(
        "_row",
        _subject(frame, columns, "events").alias("subject"),
        date.alias("date"),
        status.alias("status"),
        pl.col(columns.date).cast(pl.String).alias("_date_raw"),
        pl.col(columns.event).cast(pl.String).alias("type"),
    )
    types = [t.value for t in EventType]
    rejected = []
    bad_date = table.filter(pl.col("status").is_not_null())
    if bad_date.height:
        rejected.append(
            _side_rejects(bad_date, "events", columns.date, pl.col("_date_raw"), "date-unparseable")
        )
    bad_type = table.filter(pl.col("status").is_null() & ~pl.col("type").is_in(types))
    if bad_type.height:
        rejected.append(
            _side_rejects(bad_type, "events", columns.event, pl.col("type"), "event-unknown")
        )
    ok = table.filter(
        pl.col("status").is_null() & pl.col("type").is_in(types) & pl.col("subject").is_not_null()
    )
    return ok.select("subject", "date", "type"), rejected


def screen_column(
    frame: pl.DataFrame,
    column: str,
    unit: pl.Expr,
    field: str,
    *,
    conversion: pl.Expr | None = None,
    fallback_conversion: str | None = None,
) -> tuple[pl.Series, pl.Series]:
    """Screen one value column (with its unit) as canonicalize would, row by row of ``frame``.

    ``frame`` must have a ``_egfr_row`` row index. Returns ``(canonical float, reason)``
    Series aligned with ``frame``: the canonical value converted to float (exactly the
    scalar path's ``float(canonical)`` for unit factor 1, a float product otherwise), and the
    rejected-table reason (null when accepted; ``missing-input`` when absent). A creatinine
    converts with its row's ``conversion``, else ``fallback_conversion``, else the default.
    """
    quantity = MEASURE_FIELDS[field]
    raw = frame.select(
        pl.col("_egfr_row").alias("_row"),
        pl.lit("frame").alias("_src"),
        pl.lit(column).alias("_field_raw"),
        pl.lit(None, dtype=pl.String).alias("subject"),
        *_value_columns(frame, column),
        unit.alias("unit_raw"),
        pl.lit(None, dtype=pl.String).alias("specimen_raw"),
        (conversion if conversion is not None else pl.lit(None, dtype=pl.String)).alias(
            "conversion_raw"
        ),
        pl.lit(fallback_conversion, dtype=pl.String).alias("_conv_fb"),
    )
    present = raw.filter(~pl.col("vkind").is_in(["absent", "non-finite"]))
    accepted, rejected = _screen_measure(present, field)
    exact: list[float | None] = []
    for text, key in zip(accepted["text"].to_list(), accepted["u"].to_list(), strict=True):
        if text is None:
            exact.append(None)
            continue
        code, chosen = split_key(key)
        exact.append(
            float(canonicalize(text, code, quantity=quantity, creatinine_conversion=chosen))
        )
    accepted = accepted.with_columns(
        _exact=pl.Series(exact, dtype=pl.Float64),
    ).select("_row", pl.coalesce("_exact", "c").alias("_value"))
    reasons = pl.concat(
        [
            rejected.select(pl.col("ROW").alias("_row"), pl.col("REASON").alias("_reason")),
            raw.filter(pl.col("vkind") == "non-finite").select(
                pl.col("_row").cast(pl.Int64), pl.lit("non-finite").alias("_reason")
            ),
        ],
        how="vertical_relaxed",
    )
    joined = (
        frame.select(pl.col("_egfr_row").cast(pl.Int64).alias("_row"))
        .join(accepted.with_columns(pl.col("_row").cast(pl.Int64)), on="_row", how="left")
        .join(reasons, on="_row", how="left")
        .with_columns(
            _reason=pl.when(pl.col("_value").is_null() & pl.col("_reason").is_null())
            .then(pl.lit("missing-input"))
            .otherwise(pl.col("_reason"))
        )
        .sort("_row")
    )
    return joined.get_column("_value"), joined.get_column("_reason")


def value_for_scalar(x: float | None, text: str | None) -> Any:
    """The value to hand the scalar path: the original text when the float is not faithful."""
    if text is not None:
        return text
    if x is None or not math.isfinite(x):
        return None
    return x


def decimal_text(value: Any) -> str:
    """Plain text of a number (for messages)."""
    return str(Decimal(repr(value))) if isinstance(value, float) else str(value)


__all__ = [
    "REASONS",
    "REJECTED_SCHEMA",
    "default_parameters",
    "empty_rejected",
    "ingest_courses",
    "ingest_events",
    "ingest_patients",
    "screen_column",
    "value_for_scalar",
]
