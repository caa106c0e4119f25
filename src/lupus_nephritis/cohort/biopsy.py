"""``derive_biopsy_indication``: every subject x assessment date x biopsy rule set, one row each.

See `._biopsy` for how the findings of an assessment are read from the measurements and
the findings side table, and how the rule sets are vectorised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from lupus_nephritis.cohort import _distributed as distributed
from lupus_nephritis.cohort._biopsy import (
    FINDING_COLUMNS,
    biopsy_compiler_for,
    inconsistent,
    ingest_findings,
    scalar_findings,
)
from lupus_nephritis.cohort._engine import Workspace
from lupus_nephritis.cohort._frames import optional_polars, to_polars
from lupus_nephritis.cohort._progress import progress_bar
from lupus_nephritis.cohort._tables import Cohort, ingest
from lupus_nephritis.cohort.api import (
    ENGINES,
    CohortResult,
    _assemble,
    _names,
    _resolve_options,
)
from lupus_nephritis.cohort.columns import FLAG_FIELDS, Columns
from lupus_nephritis.criteria.biopsy.api import resolve_biopsy_rule_set
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.registry import RuleSet

#: Why a biopsy row was decided by the scalar path (``scalar_rows`` table).
BIOPSY_SCALAR_REASONS: Mapping[str, str] = {
    "not-vectorised": "the rule set (this version, these options) has no compiler",
    "requested": "engine='scalar'",
    "exact-tie-break": "a float margin was within the tolerance band: decided exactly",
    "inexact-input": "a value's float is not faithful (long decimal text): decided exactly",
}

_EMPTY_REPORT = {
    "_aid": pl.Int64,
    "subject": pl.String,
    "ADT": pl.Date,
    "REASON": pl.String,
    "PARAMCD": pl.String,
    "RULESET": pl.String,
}


def _assessment_rows(
    cohort: Cohort,
    findings: pl.DataFrame,
    assessments: pl.DataFrame | None,
    columns: Columns,
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``_aid, sid, subject, _t`` (+ ``start``) of every assessment, and rejected rows."""
    rejected: list[pl.DataFrame] = []
    if assessments is None:
        parts = [t.select("sid", "date") for t in cohort.visits.values() if t.height]
        dated = (
            pl.concat(parts)
            .unique()
            .join(cohort.subjects.select("sid", "subject"), on="sid", how="left")
            .select("subject", "date")
            if parts
            else pl.DataFrame(schema={"subject": pl.String, "date": pl.Date})
        )
        keys = pl.concat([dated, findings.select("subject", "date")]).unique()
        base = keys.sort("subject", "date")
    else:
        for name in (columns.subject, columns.date):
            if name not in assessments.columns:
                raise InputError(f"assessments: no column {name!r}")
        dtype = assessments.schema[columns.date]
        col = pl.col(columns.date)
        if dtype == pl.Date:
            day = col
        elif isinstance(dtype, pl.Datetime):
            day = col.dt.date()
        else:
            day = col.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
        table = assessments.with_row_index("_src_row").select(
            pl.col("_src_row").cast(pl.Int64),
            pl.col(columns.subject).cast(pl.String).alias("subject"),
            day.alias("date"),
            col.cast(pl.String).alias("_raw"),
        )
        invalid = table.filter(pl.col("date").is_null() | pl.col("subject").is_null())
        rejected.append(
            invalid.select(
                pl.lit("assessments").alias("SOURCE"),
                pl.col("_src_row").alias("ROW"),
                pl.col("subject").alias("SUBJECT"),
                pl.lit(columns.date).alias("FIELD"),
                pl.col("_raw").alias("VALUE"),
                pl.lit(None, dtype=pl.String).alias("UNIT"),
                pl.lit("assessment-invalid").alias("REASON"),
                pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
            )
        )
        base = table.filter(pl.col("date").is_not_null() & pl.col("subject").is_not_null())
        base = base.select("subject", "date")
    sid = cohort.sids(base.get_column("subject"))
    base = (
        base.with_columns(sid=sid)
        .with_row_index("_aid")
        .select(
            pl.col("_aid").cast(pl.Int64),
            "sid",
            "subject",
            pl.col("date").alias("_t"),
            pl.lit(None, dtype=pl.Date).alias("start"),
        )
    )
    return base, rejected


def _attach_inputs(cohort: Cohort, base: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """Findings columns (``f_<name>``) and the casts of the assessment date (``v_<name>``)."""
    stated = findings.select(
        "subject",
        pl.col("date").alias("_t"),
        *[pl.col(c).alias("f_" + c) for c in findings.columns if c not in ("subject", "date")],
    )
    frame = base.join(stated, on=["subject", "_t"], how="left", maintain_order="left")
    for field in FLAG_FIELDS:
        table = cohort.visits.get(field)
        if table is None or table.height == 0:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Boolean).alias("v_" + field))
            continue
        values = table.select("sid", pl.col("date").alias("_t"), pl.col("b").alias("v_" + field))
        frame = frame.join(values, on=["sid", "_t"], how="left", maintain_order="left")
    return frame


def _check_options(rule_set: RuleSet, opts: Mapping[str, Any]) -> None:
    """Let the rule set validate its options (numeric ranges ...) on empty findings."""
    if rule_set.evaluate is None:  # pragma: no cover - every biopsy rule set evaluates
        raise OptionError(f"rule set {rule_set.key} cannot be evaluated")
    rule_set.evaluate(BiopsyFindings(), **opts)


def _evaluate(
    cohort: Cohort,
    frame: pl.DataFrame,
    findings: pl.DataFrame,
    rule_set: RuleSet,
    opts: dict[str, Any],
    *,
    engine: str,
    lookback_days: int | None,
    progress: bool,
) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    compiler = biopsy_compiler_for(rule_set, opts) if engine != "scalar" else None
    if compiler is None and engine == "vectorised":
        raise OptionError(
            f"rule set {rule_set.key} is not vectorised (with these options); use engine='auto' "
            "or engine='scalar'"
        )
    inexact = pl.col("sid").is_in(cohort.inexact.implode()).fill_null(False)
    if compiler is None:
        scalar = frame.select("_aid", "sid", "subject", "_t", inexact.alias("_inexact"))
        vector = pl.DataFrame()
        reason: str | None = "requested" if engine == "scalar" else "not-vectorised"
        used = "scalar"
    else:
        ws = Workspace(cohort, frame)
        columns = compiler.compile(ws, rule_set, opts, lookback_days=lookback_days)
        vector = ws.frame.select(
            "_aid", "sid", "subject", "_t", *columns, inexact.alias("_inexact")
        )
        hand = pl.col("_amb") | pl.col("_inexact")
        scalar = vector.filter(hand).select("_aid", "sid", "subject", "_t", "_inexact")
        vector = vector.filter(~hand).drop("_amb", "_inexact", "sid", "_t")
        reason = None
        used = "vectorised"
    data = scalar_findings(cohort, findings, scalar, lookback_days)
    evaluate = rule_set.evaluate
    assert evaluate is not None  # checked by _check_options
    rows: list[dict[str, Any]] = []
    for aid in progress_bar(
        scalar.get_column("_aid").to_list(),
        total=scalar.height,
        enabled=progress,
        desc=f"{rule_set.key} (scalar)",
    ):
        decision = evaluate(BiopsyFindings.model_validate(data[aid]), **opts)
        row = decision.to_row()
        row["_aid"] = aid
        rows.append(row)
    scalar_rows = pl.from_dicts(rows, infer_schema_length=None) if rows else pl.DataFrame()
    if scalar_rows.height:
        scalar_rows = scalar_rows.join(
            scalar.select("_aid", "subject", "_inexact"), on="_aid", how="left"
        )
        why = (
            pl.lit(reason)
            if reason is not None
            else pl.when(pl.col("_inexact"))
            .then(pl.lit("inexact-input"))
            .otherwise(pl.lit("exact-tie-break"))
        )
        report = scalar_rows.select(
            "_aid", "subject", pl.col("ADT").cast(pl.Date), why.alias("REASON")
        ).with_columns(PARAMCD=pl.lit(rule_set.id), RULESET=pl.lit(rule_set.key))
        scalar_rows = scalar_rows.drop("_inexact")
    else:
        report = pl.DataFrame(schema=_EMPTY_REPORT)
    parts = [f for f in (vector, scalar_rows) if f.height]
    out = pl.concat(parts, how="diagonal_relaxed").sort("_aid") if parts else pl.DataFrame()
    return out, report, used


def derive_biopsy_indication(
    measurements: Any,
    *,
    rule_sets: str | Sequence[str] = ("kdigo-2024-biopsy",),
    findings: Any = None,
    assessments: Any = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    columns: Columns | None = None,
    layout: str = "auto",
    parameters: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    lookback_days: int | None = None,
    engine: str = "auto",
    progress: bool = False,
    **shared_options: Any,
) -> CohortResult:
    """Whether each assessment of a cohort calls for a kidney biopsy, under biopsy rule sets.

    An assessment is one subject on one date. Its findings
    (`BiopsyFindings`) are the measurements
    dated that day (``upcr`` with its specimen, ``protein_24h``, ``urine_rbc``,
    ``acanthocytes``, ``has_red_cell_casts``, ``has_white_cell_casts``), the earlier UPCR and
    24-hour protein values of the subject (``previous_upcr`` / ``previous_protein_24h``,
    oldest first), the dated eGFR values up to that day (``egfr_history``; the current eGFR
    is the one of that day, else the latest earlier one) and the findings table's row of that
    subject and date. Missing data stay unknown (``insufficient_data`` with the missing
    inputs), never a negative finding.

    A Dask or PySpark ``measurements`` frame runs on its engine, per bucket of subjects
    (side tables of the same engine or eager), and gives a result of the same flavour with
    the same rows, as ``derive_renal_response`` does.

    The rule sets listed by ``lupus-nephritis rules`` with kind ``biopsy`` that have a
    compiler run vectorised (see the cohort guide for the list and the options left to the
    scalar path); the others, and the rare rows a float margin cannot decide, are evaluated
    by the scalar rule set itself (reported in ``scalar_rows``).

    Args:
        measurements: Long (``USUBJID, ADT, PARAMCD, AVAL, AVALU`` [, ``SPECIMEN``]) or wide
            (``USUBJID, ADT``, one column per parameter) measurements, as
            `derive_renal_response` reads them; any frame
            narwhals reads. Rows with a reference ``ROLE`` (baseline ...) are not read here.
        rule_sets: Biopsy rule sets (``"kdigo-2024-biopsy"`` or the short form
            ``"kdigo-2024"``, optionally ``@version``).
        findings: Optional side table, one row per subject and date (``USUBJID, ADT``) with
            any of the columns ``dipstick_protein`` (``negative``, ``trace``, ``1+`` ...
            ``4+``), ``urine_specific_gravity`` (1.000-1.060), the yes/no statements
            ``is_proteinuria_persistent``, ``has_glomerular_haematuria``,
            ``is_sediment_confirmed``, ``has_unexplained_decline``,
            ``has_impaired_kidney_function``, ``are_other_causes_excluded``,
            ``is_in_remission``, ``is_flare_suspected``, ``has_persistent_abnormalities``,
            ``explaining_causes`` (text, several separated by ``;``) and ``treatment_start``
            (a date).
        assessments: Optional ``USUBJID, ADT`` rows (the assessment dates). Default: every
            date with a measurement or a findings row.
        options: Per-rule-set options, ``{"kdigo-2024-biopsy": {"sediment_role":
            "sufficient"}}`` (keyed by the name given or the rule-set id).
        columns: Column names (`Columns`).
        layout: ``"auto"``, ``"long"`` or ``"wide"`` (as ``derive_renal_response``).
        parameters: Parameter code (long) or column name (wide) -> field name.
        units: Wide layout: a fixed unit per column without a unit column.
        lookback_days: Earlier values (previous UPCR / 24-hour protein, the eGFR history and
            the latest-earlier eGFR) are read only within this many days before the
            assessment date; None (default) reads every earlier value of the subject (the
            frame is taken as one episode).
        engine: ``"auto"``, ``"vectorised"`` or ``"scalar"`` (see
            `ENGINES`).
        progress: Show a progress bar for the scalar rows (off by default).
        **shared_options: Options passed to every rule set that declares them.

    Returns:
        A `CohortResult`: the decisions (subject column, then
        the columns of `to_row`: ``PARAMCD``,
        ``RULESET`` = ``id@version``, ``KIND`` = ``biopsy``, ``AVALC`` = ``indicated`` /
        ``not_indicated`` / ``insufficient_data``, ``ADT``, ``MISSING``, ``FLAGS``, one
        ``CRIT_<id>`` per criterion, ``DTL_sufficient`` / ``DTL_fired`` /
        ``DTL_supporting``), the rejected rows (measurements and findings with a reason
        code, see `REASONS` and
        `BIOPSY_REASONS`; an assessment whose findings
        contradict each other is rejected as ``findings-inconsistent``), the rows the scalar
        path decided, and the engine of each rule set.

    Raises:
        InputError: a table lacks a required column, a findings column is unknown, a frame
            is not readable, ``rule_sets`` is empty, or ``lookback_days`` is not a
            non-negative integer.
        UnknownRuleSetError: a name is not a biopsy rule set.
        OptionError: an unknown or invalid option, or a rule set that is not vectorised
            with ``engine="vectorised"``.

    Example:
        >>> import polars as pl
        >>> from lupus_nephritis.cohort import derive_biopsy_indication
        >>> m = pl.DataFrame({"USUBJID": ["A"], "ADT": ["2024-03-01"], "PARAMCD": ["protein_24h"],
        ...                   "AVAL": [0.8], "AVALU": ["g/d"]})
        >>> derive_biopsy_indication(m).decisions.get_column("AVALC").to_list()
        ['indicated']
    """
    if engine not in ENGINES:
        raise OptionError(f"engine: expected one of {', '.join(ENGINES)}, got {engine!r}")
    side = {"findings": findings, "assessments": assessments}
    flavour = distributed.engine_of({"measurements": measurements, **side})
    if flavour is not None:  # Dask / Spark: per bucket of subjects, on the cluster
        return distributed.derive_biopsy(
            flavour, measurements, side, rule_sets, options=options, columns=columns,
            layout=layout, parameters=parameters, units=units, lookback_days=lookback_days,
            engine=engine, **shared_options,
        )  # fmt: skip
    if lookback_days is not None and (
        isinstance(lookback_days, bool) or not isinstance(lookback_days, int) or lookback_days < 0
    ):
        raise InputError(f"lookback_days: expected a non-negative integer, got {lookback_days!r}")
    columns = columns or Columns()
    table, back = to_polars(measurements, what="measurements")
    names = _names(rule_sets)
    if not names:
        raise InputError("rule_sets: give at least one biopsy rule set")
    resolved_sets = [(n, resolve_biopsy_rule_set(n)) for n in names]
    resolved_options = _resolve_options(resolved_sets, options, shared_options)
    for (_, rule_set), opts in zip(resolved_sets, resolved_options, strict=True):
        _check_options(rule_set, opts)
    cohort = ingest(table, columns, layout=layout, parameters=parameters, units=units)
    found, rejected = ingest_findings(
        optional_polars(findings, what="findings"), columns.subject, columns.date
    )
    base, bad = _assessment_rows(
        cohort, found, optional_polars(assessments, what="assessments"), columns
    )
    rejected += bad
    frame = _attach_inputs(cohort, base, found)
    refused = inconsistent(pl.col("_t"))
    rejected.append(
        frame.filter(refused).select(
            pl.lit("findings").alias("SOURCE"),
            pl.lit(None, dtype=pl.Int64).alias("ROW"),
            pl.col("subject").alias("SUBJECT"),
            pl.lit(None, dtype=pl.String).alias("FIELD"),
            pl.col("_t").cast(pl.String).alias("VALUE"),
            pl.lit(None, dtype=pl.String).alias("UNIT"),
            pl.lit("findings-inconsistent").alias("REASON"),
            pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
        )
    )
    frame = frame.filter(~refused)
    frames: list[pl.DataFrame] = []
    reports: list[pl.DataFrame] = []
    engines: dict[str, str] = {}
    pairs = list(zip(resolved_sets, resolved_options, strict=True))
    for (_, rule_set), opts in progress_bar(
        pairs, total=len(pairs), enabled=progress, desc="rule sets"
    ):
        rows, report, used = _evaluate(
            cohort,
            frame,
            found,
            rule_set,
            opts,
            engine=engine,
            lookback_days=lookback_days,
            progress=progress,
        )
        frames.append(rows)
        reports.append(report)
        engines[rule_set.key] = used
    return _assemble(frames, rejected, reports, engines, cohort, columns, back)


__all__ = ["BIOPSY_SCALAR_REASONS", "FINDING_COLUMNS", "derive_biopsy_indication"]
