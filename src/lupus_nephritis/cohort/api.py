"""Entry points of the cohort face: a DataFrame in, a DataFrame out.

* `derive_renal_response` - every subject x assessment x response rule set, one
  ADaM-like row each (the columns of `lupus_nephritis.decisions.Decision.to_row`),
  vectorised for the compiled rule sets, the scalar path for the others;
* `derive_egfr` - an eGFR column computed with any registered equation.

Both accept any frame narwhals reads (polars eager or lazy, pandas, pyarrow, DuckDB ...) and
return the caller's flavour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

import attrs
import polars as pl

from lupus_nephritis._convert import to_enum
from lupus_nephritis.cohort import _distributed as distributed
from lupus_nephritis.cohort._engine import Workspace, assessment_dates
from lupus_nephritis.cohort._frames import Back, optional_polars, to_polars
from lupus_nephritis.cohort._ingest import REJECTED_SCHEMA
from lupus_nephritis.cohort._progress import progress_bar
from lupus_nephritis.cohort._response import compiler_for
from lupus_nephritis.cohort._scalar import build_courses, evaluate_rows
from lupus_nephritis.cohort._tables import Cohort, ingest
from lupus_nephritis.cohort.columns import Columns
from lupus_nephritis.criteria.response._common import options_for
from lupus_nephritis.decisions import CRITERION_COLUMN_PREFIX, DETAIL_COLUMN_PREFIX
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.models import Specimen
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind
from lupus_nephritis.units import CreatinineConversion

#: Engines: ``auto`` (vectorised where compiled, else scalar), ``vectorised`` (refuse a rule
#: set that is not compiled), ``scalar`` (the scalar path for every row).
ENGINES = ("auto", "vectorised", "scalar")

#: Leading columns of a decisions table (after the subject column).
ROW_COLUMNS = ("PARAMCD", "RULESET", "KIND", "AVALC", "ADT", "POLICY", "MISSING", "FLAGS")

#: Why a row was decided by the scalar path (``scalar_rows`` table).
SCALAR_REASONS: Mapping[str, str] = {
    "not-vectorised": "the rule set (this version, these options) has no compiler",
    "requested": "engine='scalar'",
    "exact-tie-break": "a float margin was within the tolerance band: decided exactly",
    "inexact-input": "a value's float is not faithful (long decimal text): decided exactly",
}


@attrs.frozen
class CohortResult:
    """What a ``derive_*`` call returns.

    Attributes:
        decisions: One row per subject x assessment x rule set (caller's frame flavour).
        rejected: Every input row that was not used, with its reason code (see
            `lupus_nephritis.cohort.REASONS`).
        scalar_rows: Which decision rows the scalar path produced, and why (see
            `SCALAR_REASONS`).
        engines: ``"id@version"`` -> ``"vectorised"`` or ``"scalar"``.
    """

    decisions: Any
    rejected: Any
    scalar_rows: Any
    engines: Mapping[str, str]


# ----------------------------------------------------------------------------- arguments


def _names(rule_sets: object) -> list[str]:
    if isinstance(rule_sets, str):
        return [rule_sets]
    if not isinstance(rule_sets, Sequence) or not all(isinstance(r, str) for r in rule_sets):
        raise InputError("rule_sets: expected a rule-set id or a sequence of ids")
    if not rule_sets:
        raise InputError("rule_sets: expected at least one rule-set id, got an empty sequence")
    return list(rule_sets)


def _choice(enum: type[Enum], value: object, what: str) -> str | None:
    """The value of ``enum`` that ``value`` names (None stays None)."""
    if value is None:
        return None
    try:
        return str(to_enum(enum, value).value)
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def _global_at(at: object) -> tuple[str, int | None, date | None]:
    if at is None:
        return "default", None, None
    if isinstance(at, bool):
        raise InputError(f"at: expected a date or a study week, got a boolean ({at!r})")
    if isinstance(at, datetime):
        return "date", None, at.date()
    if isinstance(at, date):
        return "date", None, at
    if isinstance(at, int):
        if at < 0:
            raise InputError(f"at: study week must be >= 0, got {at}")
        return "week", at, None
    raise InputError(f"at: expected a date or a study week (int), got {type(at).__name__}")


def _assessments(
    cohort: Cohort, assessments: pl.DataFrame | None, at: object, columns: Columns
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Base assessment rows ``_bid, subject, start, at_kind, at_week, at_date`` + rejects."""
    rejected: list[pl.DataFrame] = []
    courses = cohort.subjects.filter(pl.col("has_course")).select("sid", "subject", "start")
    if assessments is None:
        g_kind, g_week, g_day = _global_at(at)
        base = courses.with_columns(
            at_kind=pl.lit(g_kind),
            at_week=pl.lit(g_week, dtype=pl.Int64),
            at_date=pl.lit(g_day, dtype=pl.Date),
            _src_row=pl.lit(None, dtype=pl.Int64),
        )
    else:
        if at is not None:
            raise InputError("give either at or an assessments table, not both")
        for name in (columns.subject, columns.at):
            if name not in assessments.columns:
                raise InputError(f"assessments: no column {name!r}")
        dtype = assessments.schema[columns.at]
        col = pl.col(columns.at)
        kind: pl.Expr
        week: pl.Expr
        day: pl.Expr
        if dtype.is_integer():
            kind = pl.when(col.is_not_null()).then(pl.lit("week"))
            week, day = col.cast(pl.Int64), pl.lit(None, dtype=pl.Date)
        elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
            kind = pl.when(col.is_not_null()).then(pl.lit("date"))
            week = pl.lit(None, dtype=pl.Int64)
            day = col.cast(pl.Date) if dtype == pl.Date else col.dt.date()
        else:
            parsed = col.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
            kind = pl.when(parsed.is_not_null()).then(pl.lit("date"))
            week, day = pl.lit(None, dtype=pl.Int64), parsed
        table = assessments.with_row_index("_src_row").select(
            pl.col("_src_row").cast(pl.Int64),
            pl.col(columns.subject).cast(pl.String).alias("subject"),
            kind.alias("at_kind"),
            week.alias("at_week"),
            day.alias("at_date"),
            col.cast(pl.String).alias("_raw"),
        )
        invalid = table.filter(
            pl.col("at_kind").is_null() | (pl.col("at_week") < 0).fill_null(False)
        )
        rejected.append(_reject_assessments(invalid, columns, "assessment-invalid"))
        table = table.filter(
            pl.col("at_kind").is_not_null() & (pl.col("at_week") >= 0).fill_null(True)
        )
        orphan = table.join(courses, on="subject", how="anti")
        rejected.append(_reject_assessments(orphan, columns, "course-missing"))
        base = table.join(courses, on="subject", how="inner", maintain_order="left").drop("_raw")
    base = base.with_row_index("_bid").with_columns(pl.col("_bid").cast(pl.Int64))
    return base, rejected


def _reject_assessments(table: pl.DataFrame, columns: Columns, reason: str) -> pl.DataFrame:
    return table.select(
        pl.lit("assessments").alias("SOURCE"),
        pl.col("_src_row").cast(pl.Int64).alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.lit(columns.at).alias("FIELD"),
        pl.col("_raw").alias("VALUE")
        if "_raw" in table.columns
        else pl.lit(None, dtype=pl.String).alias("VALUE"),
        pl.lit(None, dtype=pl.String).alias("UNIT"),
        pl.lit(reason).alias("REASON"),
        pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
    )


def _orphans(cohort: Cohort) -> pl.DataFrame:
    """One rejected row per subject with accepted measurements but without a course."""
    candidates = cohort.subjects.filter(~pl.col("has_course")).select("sid", "subject")
    tables = [*cohort.visits.values(), *cohort.refs.values()]
    if not tables or candidates.height == 0:
        return pl.DataFrame(schema=REJECTED_SCHEMA)
    wanted = candidates.get_column("sid").implode()
    measured = pl.concat(
        [t.select("sid").filter(pl.col("sid").is_in(wanted)) for t in tables]
    ).unique()
    orphan = candidates.join(measured, on="sid", how="semi").sort("subject")
    return orphan.select(
        pl.lit("courses").alias("SOURCE"),
        pl.lit(None, dtype=pl.Int64).alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.lit(None, dtype=pl.String).alias("FIELD"),
        pl.lit(None, dtype=pl.String).alias("VALUE"),
        pl.lit(None, dtype=pl.String).alias("UNIT"),
        pl.lit("course-missing").alias("REASON"),
        pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
    )


def _resolve_options(
    rule_sets: list[tuple[str, RuleSet]],
    options: Mapping[str, Mapping[str, Any]] | None,
    shared: Mapping[str, Any],
) -> list[dict[str, Any]]:
    per = dict(options or {})
    for name, value in per.items():
        if not isinstance(value, Mapping):
            raise OptionError(f"options[{name!r}]: expected a mapping of option values")
    known = {n for n, _ in rule_sets} | {r.id for _, r in rule_sets}
    stray = sorted(set(per) - known)
    if stray:
        raise OptionError(f"options given for rule set(s) not evaluated: {', '.join(stray)}")
    declared = {o.name for _, r in rule_sets for o in r.options}
    unused = sorted(set(shared) - declared)
    if unused:
        raise OptionError(f"option(s) {', '.join(unused)} are declared by none of the rule sets")
    resolved = []
    for name, rule_set in rule_sets:
        own = {o.name for o in rule_set.options}
        chosen = {k: v for k, v in shared.items() if k in own}
        chosen.update(per.get(name, per.get(rule_set.id, {})))
        resolved.append(options_for(rule_set.options, chosen, rule_set_id=rule_set.id))
    return resolved


# ----------------------------------------------------------------------------- engine


def _scalar_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame()
    return pl.from_dicts(rows, infer_schema_length=None)


def _evaluate_rule_set(
    cohort: Cohort,
    base: pl.DataFrame,
    rule_set: RuleSet,
    opts: dict[str, Any],
    *,
    engine: str,
    courses_cache: dict[str, dict[str, Any]],
    progress: bool,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, str]:
    """``(rows, rejected assessments, scalar rows, engine used)`` of one rule set."""
    compiler = compiler_for(rule_set) if engine != "scalar" else None
    if compiler is None and engine == "vectorised":
        raise OptionError(
            f"rule set {rule_set.key} is not vectorised (with these options); use engine='auto' "
            "or engine='scalar'"
        )
    default_week = compiler.default_week(rule_set, opts) if compiler is not None else None
    dated = assessment_dates(base, default_week)
    good = dated.filter(pl.col("_bad").is_null()).with_columns(_aid=pl.col("_bid"))
    if compiler is None:
        scalar = good.with_columns(_inexact=pl.lit(False))
        vector = pl.DataFrame()
        reason: str | None = "requested" if engine == "scalar" else "not-vectorised"
        used = "scalar"
    else:
        ws = Workspace(cohort, good)
        columns = compiler.compile(ws, rule_set, opts)
        vector = ws.frame.select(
            "_aid",
            "sid",
            "subject",
            "start",
            "_t",
            *columns,
            pl.col("sid").is_in(cohort.inexact.implode()).alias("_inexact"),
        )
        if compiler.post is not None:
            vector = compiler.post(compiler, cohort, rule_set, opts, vector)
        vector = vector.drop("start", "_t", "sid")
        handover = vector.filter(pl.col("_amb") | pl.col("_inexact"))
        scalar = good.join(handover.select("_aid", "_inexact"), on="_aid", how="inner")
        vector = vector.filter(~(pl.col("_amb") | pl.col("_inexact"))).drop("_amb", "_inexact")
        reason = None
        used = "vectorised"
    needed = sorted(set(scalar.get_column("subject").to_list()) - set(courses_cache))
    if needed:
        courses_cache.update(build_courses(cohort, needed))
    scalar_dicts, refused = evaluate_rows(rule_set, opts, scalar, courses_cache, progress=progress)
    scalar_rows = _scalar_frame(scalar_dicts)
    bad = pl.concat(
        [
            dated.filter(pl.col("_bad").is_not_null()),
            dated.filter(pl.col("_bid").is_in(refused)).with_columns(
                _bad=pl.lit("assessment-out-of-range")
            ),
        ],
        how="vertical_relaxed",
    )
    rejected = bad.select(
        pl.lit("assessments").alias("SOURCE"),
        pl.col("_src_row").alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.lit(rule_set.key).alias("FIELD"),
        pl.coalesce(
            pl.col("at_date").cast(pl.String),
            pl.col("at_week").cast(pl.String),
            pl.lit("default"),
        ).alias("VALUE"),
        pl.lit(None, dtype=pl.String).alias("UNIT"),
        pl.col("_bad").alias("REASON"),
        pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
    )
    if scalar_rows.height:
        why = (
            pl.lit(reason)
            if reason is not None
            else pl.when(pl.col("_inexact"))
            .then(pl.lit("inexact-input"))
            .otherwise(pl.lit("exact-tie-break"))
        )
        scalar_rows = scalar_rows.join(
            scalar.select("_aid", "subject", "_inexact"), on="_aid", how="left"
        )
        report = scalar_rows.select(
            "_aid", "subject", pl.col("ADT").cast(pl.Date), why.alias("REASON")
        ).with_columns(PARAMCD=pl.lit(rule_set.id), RULESET=pl.lit(rule_set.key))
        scalar_rows = scalar_rows.drop("_inexact")
    else:
        report = pl.DataFrame(
            schema={
                "_aid": pl.Int64,
                "subject": pl.String,
                "ADT": pl.Date,
                "REASON": pl.String,
                "PARAMCD": pl.String,
                "RULESET": pl.String,
            }
        )
    parts = [f for f in (vector, scalar_rows) if f.height]
    rows = pl.concat(parts, how="diagonal_relaxed").sort("_aid") if parts else pl.DataFrame()
    return rows, rejected, report, used


def _finish(frames: list[pl.DataFrame], cohort: Cohort, columns: Columns) -> pl.DataFrame:
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(
            {columns.subject: pl.Series([], dtype=cohort.subject_dtype)}
            | {c: pl.Series([], dtype=pl.String) for c in ROW_COLUMNS}
        ).with_columns(pl.col("ADT").cast(pl.Date))
    table = pl.concat(frames, how="diagonal_relaxed")
    crit = [c for c in table.columns if c.startswith(CRITERION_COLUMN_PREFIX)]
    details = [c for c in table.columns if c.startswith(DETAIL_COLUMN_PREFIX)]
    ordered = table.select(
        pl.col("subject").cast(cohort.subject_dtype).alias(columns.subject),
        *ROW_COLUMNS,
        *crit,
        *details,
    )
    return ordered


def _assemble(
    frames: list[pl.DataFrame],
    rejected: list[pl.DataFrame],
    reports: list[pl.DataFrame],
    engines: dict[str, str],
    cohort: Cohort,
    columns: Columns,
    back: Back,
) -> CohortResult:
    """The `CohortResult` of the evaluated rule sets, in the caller's flavour (``back``)."""
    decisions = _finish(frames, cohort, columns)
    all_rejected = (
        pl.concat([cohort.rejected, *rejected], how="vertical_relaxed")
        .cast(REJECTED_SCHEMA)  # type: ignore[arg-type]
        .unique(maintain_order=True)
        .rename({"SUBJECT": columns.subject})
    )
    scalar_rows = pl.concat(reports, how="vertical_relaxed").select(
        pl.col("subject").cast(cohort.subject_dtype).alias(columns.subject),
        "PARAMCD",
        "RULESET",
        "ADT",
        "REASON",
    )
    return CohortResult(
        decisions=back(decisions),
        rejected=back(all_rejected),
        scalar_rows=back(scalar_rows),
        engines=engines,
    )


def derive_renal_response(
    measurements: Any,
    *,
    courses: Any,
    rule_sets: str | Sequence[str] = ("kdigo-2024",),
    patients: Any = None,
    events: Any = None,
    assessments: Any = None,
    at: date | int | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    columns: Columns | None = None,
    layout: str = "auto",
    parameters: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    engine: str = "auto",
    progress: bool = False,
    creatinine_conversion: str | None = None,
    default_upcr_specimen: str | None = None,
    doses: Any = None,
    **shared_options: Any,
) -> CohortResult:
    """Classify the renal response of every subject of a cohort, under one or more rule sets.

    A Dask or PySpark ``measurements`` frame runs on its engine, per bucket of subjects, and
    gives a result of the same flavour with the same rows (see the guide page "Registry jobs
    on a cluster"; the call runs the job and persists its output on the cluster).

    Args:
        measurements: Visits and reference visits, long layout (``USUBJID, ADT, PARAMCD,
            AVAL, AVALU`` [, ``SPECIMEN``, ``ROLE``]) or wide layout (``USUBJID, ADT`` [,
            ``ROLE``] and one column per parameter, e.g. ``upcr`` with its unit in
            ``upcr_UNIT``); any frame narwhals reads, or a Dask or PySpark DataFrame (side
            tables then of the same engine or eager). ``ROLE`` is ``visit`` (or null),
            ``baseline``, ``pre_flare`` or ``biopsy``.
        courses: One row per subject: ``USUBJID, TRTSDT`` (treatment start = study day 1).
        rule_sets: Response rule-set ids (``"id"`` or ``"id@version"``).
        patients: Optional ``USUBJID, SEX, BRTHDT, AGE, IS_BLACK`` (for computed eGFR).
        events: Optional intercurrent events ``USUBJID, ADT, EVENT`` (EventType values).
        assessments: Optional ``USUBJID, AT`` rows (a date or an integer study week each);
            several per subject are allowed. Without it every subject is assessed once at
            ``at``.
        at: The assessment point for every subject (date, study week or None for each rule
            set's default); not with ``assessments``.
        options: Per-rule-set options, ``{"kdigo-2024": {"stability_band": 10}}``.
        columns: Column names (`Columns`).
        layout: ``"auto"`` (long when the parameter and value columns exist), ``"long"``
            or ``"wide"``.
        parameters: Parameter code (long) or column name (wide) -> visit field, e.g.
            ``{"UPCR": "upcr", "CREAT": "creatinine"}``; default: the field names.
        units: Wide layout: a fixed unit per column without a unit column.
        engine: ``"auto"``, ``"vectorised"`` or ``"scalar"`` (see `ENGINES`).
        progress: Show a progress bar for the scalar rows (off by default).
        creatinine_conversion: How creatinines in µmol/L convert to mg/dL (``"88.4"``, the
            default, or ``"molar-mass"``) for every course; overrides the courses'
            ``CREATININE_CONVERSION`` column; a value's own ``CONVERSION`` always wins (as
            ``classify_renal_response(..., creatinine_conversion=)``).
        default_upcr_specimen: Specimen assumed for every UPCR whose specimen is not
            reported (``"24h"``, ``"spot"``, ``"first_morning"``); overrides the courses'
            ``DEFAULT_UPCR_SPECIMEN`` column. Readings using it are flagged
            ``upcr-specimen-assumed``.
        doses: Optional glucocorticoid dose records ``USUBJID, ASTDT, AENDT, DOSE, DOSEU,
            DRUG`` (first day, last day inclusive or null = one day, daily dose, its unit,
            the ``Glucocorticoid``), as ``TreatmentCourse.glucocorticoids``; the courses'
            optional ``GC_RECORDS_COMPLETE`` column says whether days without a record are
            0 mg (else unknown), ``ADJUDICATED_EGFR_EVENT`` gives
            ``TreatmentCourse.has_adjudicated_egfr_event``. Refused records are in the
            rejected table (source ``doses``).
        **shared_options: Options passed to every rule set that declares them (e.g.
            ``policy="non-responder"``).

    Returns:
        A `CohortResult`: the decisions table (subject column then the columns of
        `to_row`), the rejected rows, which rows the
        scalar path decided, and the engine of each rule set.

    Raises:
        InputError: a table lacks a required column, ``at`` is invalid, a frame is not
            readable, or ``creatinine_conversion`` / ``default_upcr_specimen`` is not a
            conversion / specimen.
        UnknownRuleSetError: an unknown rule-set id.
        OptionError: an unknown or invalid option, or a rule set that is not vectorised
            with ``engine="vectorised"``.
    """
    if engine not in ENGINES:
        raise OptionError(f"engine: expected one of {', '.join(ENGINES)}, got {engine!r}")
    side = {"courses": courses, "patients": patients, "events": events}
    side["assessments"] = assessments
    if doses is not None:
        side["doses"] = doses
    flavour = distributed.engine_of({"measurements": measurements, **side})
    if flavour is not None:  # Dask / Spark: per partition of subjects, on the cluster
        return distributed.derive(
            flavour, measurements, side, rule_sets, at=at, options=options, columns=columns,
            layout=layout, parameters=parameters, units=units, engine=engine,
            creatinine_conversion=creatinine_conversion,
            default_upcr_specimen=default_upcr_specimen, **shared_options,
        )  # fmt: skip
    columns = columns or Columns()
    conversion = _choice(CreatinineConversion, creatinine_conversion, "creatinine_conversion")
    specimen = _choice(Specimen, default_upcr_specimen, "default_upcr_specimen")
    table, back = to_polars(measurements, what="measurements")
    names = _names(rule_sets)
    resolved_sets = [(n, get_rule_set_of_kind(n, RuleKind.RESPONSE)) for n in names]
    resolved_options = _resolve_options(resolved_sets, options, shared_options)
    cohort = ingest(
        table,
        columns,
        layout=layout,
        parameters=parameters,
        units=units,
        courses=optional_polars(courses, what="courses"),
        patients=optional_polars(patients, what="patients"),
        events=optional_polars(events, what="events"),
        creatinine_conversion=conversion,
        default_upcr_specimen=specimen,
        doses=optional_polars(doses, what="doses"),
    )
    base, rejected = _assessments(
        cohort, optional_polars(assessments, what="assessments"), at, columns
    )
    rejected.append(_orphans(cohort))
    frames: list[pl.DataFrame] = []
    reports: list[pl.DataFrame] = []
    engines: dict[str, str] = {}
    cache: dict[str, dict[str, Any]] = {}
    pairs = list(zip(resolved_sets, resolved_options, strict=True))
    for (_, rule_set), opts in progress_bar(
        pairs, total=len(pairs), enabled=progress, desc="rule sets"
    ):
        rows, bad, report, used = _evaluate_rule_set(
            cohort, base, rule_set, opts, engine=engine, courses_cache=cache, progress=progress
        )
        frames.append(rows)
        rejected.append(bad)
        reports.append(report)
        engines[rule_set.key] = used
    return _assemble(frames, rejected, reports, engines, cohort, columns, back)


# ----------------------------------------------------------------------------- eGFR

#: Equation inputs that carry a unit, and their quantity.
_EGFR_MEASURES = {
    "creatinine": "creatinine",
    "cystatin_c": "cystatin_c",
    "height": "height",
}


def derive_egfr(
    frame: Any,
    *,
    equation: str = "ckd-epi-2021-cr",
    inputs: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    unit_suffix: str = "_UNIT",
    output: str = "EGFR",
    creatinine_conversion: str | None = None,
    conversion_suffix: str = "_CONVERSION",
) -> Any:
    """Add an eGFR column computed with a registered equation (kind ``equation``).

    Each row is computed exactly as the scalar path computes it: the creatinine (and cystatin
    C, height) is canonicalised with the exact unit factors and plausibility ranges of
    `lupus_nephritis.units`, converted to float and passed through the same float
    operations as the equation's function in `lupus_nephritis.egfr`. A row that cannot be
    computed gets a null eGFR and a reason instead of an exception.

    A Dask or PySpark frame gets the columns per partition, lazily, on its engine.

    Args:
        frame: Any frame narwhals reads, or a Dask or PySpark DataFrame; one row per
            measurement.
        equation: Equation id (``lupus-nephritis rules`` lists them, kind ``equation``).
        inputs: Input -> column name for ``creatinine``, ``cystatin_c``, ``age`` (years),
            ``sex`` (``female`` / ``male``), ``height``, ``is_black`` (default: those names).
        units: Input -> a fixed unit (e.g. ``{"creatinine": "umol/L"}``) for inputs without
            a unit column; otherwise the unit is read from ``<column><unit_suffix>``.
        unit_suffix: Suffix of the unit columns.
        creatinine_conversion: How a creatinine in µmol/L converts to mg/dL (``"88.4"``,
            the default, or ``"molar-mass"``) where the row does not say (a
            ``<creatinine column><conversion_suffix>`` column, when present, wins).
        conversion_suffix: Suffix of the per-row creatinine conversion column.
        output: Name of the eGFR column; ``<output>_REASON`` (null when computed:
            ``missing-input``, ``invalid-input``, ``implausible``, ``out-of-domain``, or a
            rejected-table reason for an input value such as ``unit-unknown``) and
            ``<output>_EQUATION`` (``id@version``) are added too.

    Returns:
        The frame with the three columns added, in the caller's flavour.

    Raises:
        UnknownRuleSetError: ``equation`` is not a registered equation.
        InputError: a column named in ``inputs`` is missing, ``frame`` is not a frame, or
            ``creatinine_conversion`` is not a conversion.
    """
    from lupus_nephritis.cohort._egfr import BUILDERS, INPUTS, EgfrInputs
    from lupus_nephritis.cohort._ingest import screen_column

    flavour = distributed.engine_of({"frame": frame})
    if flavour is not None:  # Dask / Spark: per partition, on the cluster
        return distributed.derive_egfr(
            flavour, frame, equation=equation, inputs=inputs, units=units,
            unit_suffix=unit_suffix, output=output, creatinine_conversion=creatinine_conversion,
            conversion_suffix=conversion_suffix,
        )  # fmt: skip
    rule_set = get_rule_set_of_kind(equation, RuleKind.EQUATION)
    conversion = _choice(CreatinineConversion, creatinine_conversion, "creatinine_conversion")
    table, back = to_polars(frame, what="frame")
    names = {k: k for k in ("creatinine", "cystatin_c", "age", "sex", "height", "is_black")}
    names.update(inputs or {})
    needed = INPUTS[rule_set.id]
    work = table.with_row_index("_egfr_row")
    exprs: dict[str, pl.Expr] = {}
    reasons: list[pl.Expr] = []
    for name in needed:
        column = names[name]
        if column not in work.columns:
            if name == "age" and rule_set.id == "schwartz-bedside-2009":
                exprs[name] = pl.lit(None, dtype=pl.Float64)
                continue
            raise InputError(f"derive_egfr: no column {column!r} for input {name}")
        if name in _EGFR_MEASURES:
            unit_col = column + unit_suffix
            unit = (
                pl.col(unit_col).cast(pl.String)
                if unit_col in work.columns
                else pl.lit((units or {}).get(name), dtype=pl.String)
            )
            conv_col = column + conversion_suffix
            value_s, reason_s = screen_column(
                work,
                column,
                unit,
                _EGFR_MEASURES[name],
                conversion=pl.col(conv_col).cast(pl.String)
                if name == "creatinine" and conv_col in work.columns
                else None,
                fallback_conversion=conversion if name == "creatinine" else None,
            )
            work = work.with_columns(value_s.alias(f"_in_{name}"), reason_s.alias(f"_why_{name}"))
            exprs[name] = pl.col(f"_in_{name}")
            reasons.append(pl.col(f"_why_{name}"))
        elif name == "sex":
            exprs[name] = pl.col(column).cast(pl.String)
        elif name == "is_black":
            exprs[name] = pl.col(column).cast(pl.Boolean)
        else:
            exprs[name] = pl.col(column).cast(pl.Float64)
    value, reason = BUILDERS[rule_set.id](EgfrInputs(**exprs))
    input_reason = pl.coalesce(reasons) if reasons else pl.lit(None, dtype=pl.String)
    final_reason = pl.coalesce(input_reason, reason)
    out = work.with_columns(
        pl.when(final_reason.is_null()).then(value).alias(output),
        final_reason.alias(output + "_REASON"),
        pl.lit(rule_set.key).alias(output + "_EQUATION"),
    )
    drop = ["_egfr_row", *[c for c in out.columns if c.startswith(("_in_", "_why_"))]]
    return back(out.drop(drop))


def vectorised_rule_sets() -> list[str]:
    """The response rule sets (``"id@version"``) the cohort face vectorises, sorted.

    Every other rule set (or version) is evaluated per subject by the scalar path with
    ``engine="auto"``, and refused with ``engine="vectorised"``.

    Returns:
        The ``id@version`` keys of the registered rule sets that have a compiler covering
        all their options.
    """
    from lupus_nephritis.cohort._response import COMPILERS
    from lupus_nephritis.registry import get_rule_set

    return sorted(key for key in COMPILERS if compiler_for(get_rule_set(key)) is not None)


__all__ = [
    "ENGINES",
    "ROW_COLUMNS",
    "SCALAR_REASONS",
    "CohortResult",
    "derive_egfr",
    "derive_renal_response",
    "vectorised_rule_sets",
]
