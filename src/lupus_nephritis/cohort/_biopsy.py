"""Biopsy indication over a cohort: findings tables, the scalar findings, vectorised rule sets.

A biopsy assessment is one subject on one date. Its
`BiopsyFindings` are read from

* the **measurements** (the cohort face's normalised visit tables, see `._tables`):
  the values dated on the assessment date (``upcr`` with its specimen, ``protein_24h``,
  ``urine_rbc``, ``acanthocytes``, the casts), the earlier UPCR and 24-hour protein values
  (``previous_upcr`` / ``previous_protein_24h``, oldest first) and the dated eGFR values up to
  the assessment date (``egfr_history``; the current eGFR is the one dated on the assessment
  date, else the latest earlier one, as ``BiopsyFindings.current_egfr``), optionally only
  within ``lookback_days``;
* the **findings** side table (one row per subject and date, `FINDING_COLUMNS`): the
  dipstick grade, specific gravity and the caller's statements.

Vectorised rule sets compile their criteria tree from the rule set's own parameters into
nullable boolean columns (null = unknown, Kleene ``&`` / ``|``); the missing inputs are the
scalar path's walk (`missing_inputs`: unknown
branches only, children before the node's own evidence, first occurrence kept) written as
conditions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

import attrs
import polars as pl

from lupus_nephritis.cohort._engine import (
    Named,
    Workspace,
    XCrit,
    decision_columns,
    measure_reading,
    threshold_crit,
)
from lupus_nephritis.cohort._ingest import _FALSE, _TRUE, value_for_scalar
from lupus_nephritis.cohort._tables import MEASURE_VALUES, Cohort, value_keys
from lupus_nephritis.criteria.biopsy._common import GradeThreshold
from lupus_nephritis.decisions import CRITERION_COLUMN_PREFIX, BiopsyIndication
from lupus_nephritis.errors import InputError
from lupus_nephritis.models import DipstickGrade
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import VisitWindow
from lupus_nephritis.units import Quantity, format_decimal, to_decimal

#: Yes/no columns of the findings table (``BiopsyFindings`` field names).
FINDING_FLAGS: tuple[str, ...] = (
    "is_proteinuria_persistent",
    "has_glomerular_haematuria",
    "is_sediment_confirmed",
    "has_unexplained_decline",
    "has_impaired_kidney_function",
    "are_other_causes_excluded",
    "is_in_remission",
    "is_flare_suspected",
    "has_persistent_abnormalities",
)
#: Every column the findings table may have (besides the subject and date columns).
FINDING_COLUMNS: tuple[str, ...] = (
    "dipstick_protein",
    "urine_specific_gravity",
    *FINDING_FLAGS,
    "explaining_causes",
    "treatment_start",
)
#: Separator of several causes in the ``explaining_causes`` column.
CAUSE_SEPARATOR = ";"

#: Reason codes of the rejected rows of the findings table (besides the shared ones).
BIOPSY_REASONS: Mapping[str, str] = {
    "dipstick-unknown": "dipstick_protein is not negative, trace, 1+, 2+, 3+ or 4+",
    "findings-inconsistent": "the findings contradict each other (has_unexplained_decline or "
    "are_other_causes_excluded true with explaining_causes, or treatment_start after the "
    "assessment date): BiopsyFindings refuses them",
}

_SG_MIN = Decimal("1.000")
_SG_MAX = Decimal("1.060")
_GRADES = tuple(g.value for g in DipstickGrade)

FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "subject": pl.String(),
    "date": pl.Date(),
    "dipstick_protein": pl.String(),
    "dip_rank": pl.Int8(),
    "urine_specific_gravity": pl.String(),
    **{name: pl.Boolean() for name in FINDING_FLAGS},
    "explaining_causes": pl.List(pl.String()),
    "treatment_start": pl.Date(),
    "_row": pl.Int64(),
}


# =============================================================================== findings table


def _reject(frame: pl.DataFrame, field: str, value: pl.Expr, reason: str) -> pl.DataFrame:
    return frame.select(
        pl.lit("findings").alias("SOURCE"),
        pl.col("_row").cast(pl.Int64).alias("ROW"),
        pl.col("subject").alias("SUBJECT"),
        pl.lit(field).alias("FIELD"),
        value.cast(pl.String).alias("VALUE"),
        pl.lit(None, dtype=pl.String).alias("UNIT"),
        pl.lit(reason).alias("REASON"),
        pl.lit(None, dtype=pl.String).alias("SUGGESTED_UNIT"),
    )


def _as_date(frame: pl.DataFrame, name: str) -> pl.Expr:
    dtype = frame.schema[name]
    col = pl.col(name)
    if dtype == pl.Date:
        return col
    if isinstance(dtype, pl.Datetime):
        return col.dt.date()
    if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum)):
        return col.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    return pl.lit(None, dtype=pl.Date)


def _bool(frame: pl.DataFrame, name: str) -> pl.Expr:
    if frame.schema[name] == pl.Boolean:
        return pl.col(name)
    text = pl.col(name).cast(pl.String).str.strip_chars().str.to_lowercase()
    return (
        pl.when(text.is_in(_TRUE))
        .then(pl.lit(True))
        .when(text.is_in(_FALSE))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


def _sg_status(texts: pl.Series) -> dict[str, str | None]:
    """Specific-gravity text -> its plain decimal text, or None when invalid (few values)."""
    out: dict[str, str | None] = {}
    for text in texts.unique().drop_nulls().to_list():
        try:
            value = to_decimal(text, what="urine_specific_gravity")
        except InputError:
            out[text] = None
            continue
        out[text] = format(value, "f") if _SG_MIN <= value <= _SG_MAX else None
    return out


def ingest_findings(
    frame: pl.DataFrame | None, subject: str, date_column: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The findings side table, typed (`FINDINGS_SCHEMA`), and its rejected rows.

    A row without a subject or a valid date is rejected whole; an invalid value rejects that
    value only (it becomes unknown); several rows for one subject and date are rejected
    (``duplicate-conflict``, or ``duplicate`` for identical copies after the first).
    """
    if frame is None:
        return pl.DataFrame(schema=FINDINGS_SCHEMA), []
    for name in (subject, date_column):
        if name not in frame.columns:
            raise InputError(f"findings: no column {name!r}")
    stray = sorted(set(frame.columns) - {subject, date_column, *FINDING_COLUMNS})
    if stray:
        raise InputError(
            f"findings: unknown column(s) {', '.join(stray)} (expected {', '.join(FINDING_COLUMNS)}"
            "; casts, UPCR, 24-hour protein, eGFR, urine RBC and acanthocytes are measurements)"
        )
    rows = frame.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    rejected: list[pl.DataFrame] = []
    raw_subject = pl.col(subject).cast(pl.String)
    day = _as_date(rows, date_column)
    rows = rows.with_columns(subject=raw_subject, _date=day)
    rejected.append(
        _reject(rows.filter(pl.col("subject").is_null()), subject, pl.lit(None), "subject-missing")
    )
    rows = rows.filter(pl.col("subject").is_not_null())
    bad_date = pl.col("_date").is_null()
    rejected.append(
        _reject(
            rows.filter(bad_date),
            date_column,
            pl.col(date_column).cast(pl.String),
            "date-unparseable",
        ).with_columns(
            REASON=pl.when(pl.col("VALUE").is_null())
            .then(pl.lit("date-missing"))
            .otherwise(pl.col("REASON"))
        )
    )
    rows = rows.filter(~bad_date)
    exprs: dict[str, pl.Expr] = {"subject": pl.col("subject"), "date": pl.col("_date")}
    if "dipstick_protein" in rows.columns:
        grade = pl.col("dipstick_protein").cast(pl.String).str.strip_chars().str.to_lowercase()
        valid = grade.is_in(_GRADES)
        given = pl.col("dipstick_protein").is_not_null()
        rejected.append(
            _reject(
                rows.filter(given & ~valid),
                "dipstick_protein",
                pl.col("dipstick_protein"),
                "dipstick-unknown",
            )
        )
        exprs["dipstick_protein"] = pl.when(valid).then(grade)
    else:
        exprs["dipstick_protein"] = pl.lit(None, dtype=pl.String)
    if "urine_specific_gravity" in rows.columns:
        text = pl.col("urine_specific_gravity").cast(pl.String).str.strip_chars()
        texts = rows.select(text).to_series()
        status = _sg_status(texts)
        plain = text.replace_strict(
            list(status), list(status.values()), default=None, return_dtype=pl.String
        )
        bad = text.is_not_null() & plain.is_null()
        rejected.append(
            _reject(rows.filter(bad), "urine_specific_gravity", text, "value-unparseable")
        )
        if rows.filter(bad).height:
            # a number outside 1.000-1.060 is implausible, text that is no number unparseable
            last = rejected.pop()
            numeric = last.get_column("VALUE").map_elements(_is_number, return_dtype=pl.Boolean)
            rejected.append(
                last.with_columns(
                    REASON=pl.when(numeric)
                    .then(pl.lit("implausible"))
                    .otherwise(pl.lit("value-unparseable"))
                )
            )
        exprs["urine_specific_gravity"] = plain
    else:
        exprs["urine_specific_gravity"] = pl.lit(None, dtype=pl.String)
    for name in FINDING_FLAGS:
        if name not in rows.columns:
            exprs[name] = pl.lit(None, dtype=pl.Boolean)
            continue
        value = _bool(rows, name)
        rejected.append(
            _reject(
                rows.filter(pl.col(name).is_not_null() & value.is_null()),
                name,
                pl.col(name),
                "value-unparseable",
            )
        )
        exprs[name] = value
    if "explaining_causes" in rows.columns:
        causes = (
            pl.col("explaining_causes")
            .cast(pl.String)
            .str.split(CAUSE_SEPARATOR)
            .list.eval(pl.element().str.strip_chars())
            .list.eval(pl.element().filter(pl.element() != ""))
        )
        exprs["explaining_causes"] = pl.when(pl.col("explaining_causes").is_not_null()).then(causes)
    else:
        exprs["explaining_causes"] = pl.lit(None, dtype=pl.List(pl.String))
    if "treatment_start" in rows.columns:
        start = _as_date(rows, "treatment_start")
        rejected.append(
            _reject(
                rows.filter(pl.col("treatment_start").is_not_null() & start.is_null()),
                "treatment_start",
                pl.col("treatment_start"),
                "date-unparseable",
            )
        )
        exprs["treatment_start"] = start
    else:
        exprs["treatment_start"] = pl.lit(None, dtype=pl.Date)
    exprs["_row"] = pl.col("_row")
    table = rows.select(**exprs)
    rank = list(range(len(_GRADES)))
    table = table.with_columns(
        dip_rank=pl.col("dipstick_protein").replace_strict(
            list(_GRADES), rank, default=None, return_dtype=pl.Int8
        ),
        explaining_causes=pl.col("explaining_causes").fill_null(
            pl.lit([], dtype=pl.List(pl.String))
        ),
    ).select(list(FINDINGS_SCHEMA))
    # duplicates: one row per subject and date
    key = ["subject", "date"]
    dup = pl.struct(key).is_duplicated()
    if table.select(dup.any()).item():
        values = [c for c in table.columns if c not in (*key, "_row")]
        multi = table.filter(dup).with_columns(
            _variants=pl.struct(values).n_unique().over(key),
            _rank=pl.int_range(pl.len()).over(key),
        )
        conflict = multi.filter(pl.col("_variants") > 1)
        copies = multi.filter((pl.col("_variants") == 1) & (pl.col("_rank") > 0))
        for part, reason in ((conflict, "duplicate-conflict"), (copies, "duplicate")):
            rejected.append(_reject(part, date_column, pl.col("date"), reason))
        keep = multi.filter((pl.col("_variants") == 1) & (pl.col("_rank") == 0))
        table = pl.concat(
            [table.filter(~dup), keep.select(table.columns)], how="vertical_relaxed"
        ).sort("_row")
    return table, [r for r in rejected if r.height]


def _is_number(text: str | None) -> bool:
    if text is None:
        return False
    try:
        to_decimal(text, what="urine_specific_gravity")
    except InputError:
        return False
    return True


def inconsistent(frame_date: pl.Expr) -> pl.Expr:
    """Rows ``BiopsyFindings`` refuses (its model validator), on the joined findings columns."""
    causes = pl.col("f_explaining_causes").list.len().fill_null(0) > 0
    return (
        (causes & pl.col("f_has_unexplained_decline").fill_null(False))
        | (causes & pl.col("f_are_other_causes_excluded").fill_null(False))
        | (pl.col("f_treatment_start") > frame_date).fill_null(False)
    )


# =============================================================================== scalar findings


def _measure(field: str, row: Mapping[str, Any]) -> dict[str, Any]:
    code, conversion = value_keys(field, row["ucode"])
    measure: dict[str, Any] = {"value": value_for_scalar(row["x"], row["text"]), "unit": code}
    if conversion is not None:
        measure["conversion"] = conversion
    if field == "upcr" and row["specimen"] is not None and not row["assumed"]:
        measure["specimen"] = row["specimen"]
    return measure


_CURRENT = ("upcr", "protein_24h", "urine_rbc", "acanthocytes")
_CASTS = ("has_red_cell_casts", "has_white_cell_casts")


def scalar_findings(
    cohort: Cohort,
    findings: pl.DataFrame,
    rows: pl.DataFrame,
    lookback_days: int | None,
) -> dict[int, dict[str, Any]]:
    """``BiopsyFindings`` mappings of assessment ``rows`` (``_aid, sid, subject, _t``)."""
    if rows.height == 0:
        return {}
    wanted = rows.get_column("sid").drop_nulls().unique().implode()
    by_sid: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for field in (*_CURRENT, "egfr", *_CASTS):
        table = cohort.visits.get(field)
        if table is None:
            continue
        for row in table.filter(pl.col("sid").is_in(wanted)).sort("K").iter_rows(named=True):
            by_sid.setdefault(row["sid"], {}).setdefault(field, []).append(row)
    stated = {
        (r["subject"], r["date"]): r
        for r in findings.join(
            rows.select("subject", pl.col("_t").alias("date")), on=["subject", "date"], how="semi"
        ).iter_rows(named=True)
    }
    out: dict[int, dict[str, Any]] = {}
    for aid, sid, subject, day in rows.select("_aid", "sid", "subject", "_t").iter_rows():
        data: dict[str, Any] = {"assessed_on": day}
        fields = by_sid.get(sid, {}) if sid is not None else {}

        def inside(row: Mapping[str, Any], day: date = day) -> bool:
            return lookback_days is None or (day - row["date"]).days <= lookback_days

        for field in _CURRENT:
            for row in fields.get(field, ()):
                if row["date"] == day:
                    data[field] = _measure(field, row)
        for field in _CASTS:
            for row in fields.get(field, ()):
                if row["date"] == day:
                    data[field] = row["b"]
        for field, name in (("upcr", "previous_upcr"), ("protein_24h", "previous_protein_24h")):
            earlier = [
                _measure(field, r) for r in fields.get(field, ()) if r["date"] < day and inside(r)
            ]
            if earlier:
                data[name] = earlier
        history = [
            {"date": r["date"], "egfr": _measure("egfr", r)}
            for r in fields.get("egfr", ())
            if r["date"] <= day and inside(r)
        ]
        if history:
            data["egfr_history"] = history
            if history[-1]["date"] == day:
                data["egfr"] = history[-1]["egfr"]
        said = stated.get((subject, day))
        if said is not None:
            row = said
            if row["dipstick_protein"] is not None:
                data["dipstick_protein"] = row["dipstick_protein"]
            if row["urine_specific_gravity"] is not None:
                data["urine_specific_gravity"] = row["urine_specific_gravity"]
            for name in FINDING_FLAGS:
                if row[name] is not None:
                    data[name] = row[name]
            if row["explaining_causes"]:
                data["explaining_causes"] = list(row["explaining_causes"])
            if row["treatment_start"] is not None:
                data["treatment_start"] = row["treatment_start"]
        out[aid] = data
    return out


# =============================================================================== criteria trees


@attrs.frozen
class BNode:
    """A criterion of a biopsy tree as columns.

    Attributes:
        id: Criterion id (as in the scalar decision).
        outcome: Nullable boolean column (null = unknown).
        children: Sub-criteria.
        missing: Evidence fields the scalar criterion marks missing, each with its condition.
        ambiguous: Rows a float margin cannot decide (handed to the scalar path).
    """

    id: str
    outcome: pl.Expr
    children: tuple[BNode, ...] = ()
    missing: tuple[Named, ...] = ()
    ambiguous: pl.Expr = attrs.field(factory=lambda: pl.lit(False))

    def crit(self) -> XCrit:
        """The engine's criterion (for the row columns)."""
        return XCrit(self.id, self.outcome, self.ambiguous, tuple(c.crit() for c in self.children))


@attrs.frozen
class EarlierPart:
    """One measure whose earlier values can establish persistence.

    Attributes:
        field: Visit field (``protein_24h`` or ``upcr``).
        threshold: The threshold each earlier value is compared with.
        head: Criterion-id head (``<prefix>-<threshold id>``, as ``repeat_checks``).
        quantity: The field's quantity.
        specimen: Only UPCRs of this specimen are usable (None: every value).
    """

    field: str
    threshold: Threshold
    head: str
    quantity: Quantity
    specimen: str | None = None


class Tree:
    """Builds the nodes of one rule set on a workspace (each outcome materialised)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._count = 0

    def node(
        self,
        id: str,
        outcome: pl.Expr,
        children: Sequence[BNode] = (),
        missing: Sequence[Named] = (),
        ambiguous: pl.Expr | None = None,
    ) -> BNode:
        """A node with its outcome materialised."""
        amb = pl.lit(False) if ambiguous is None else ambiguous
        for child in children:
            amb = amb | child.ambiguous
        col, amb_col = self.ws.put_many([outcome, amb.fill_null(False)])
        return BNode(id, col, tuple(children), tuple(missing), amb_col)

    def all(self, id: str, children: Sequence[BNode]) -> BNode:
        """Kleene AND (``combine(mode="all")``)."""
        outcome = children[0].outcome
        for child in children[1:]:
            outcome = outcome & child.outcome
        return self.node(id, outcome, children)

    def any(self, id: str, children: Sequence[BNode]) -> BNode:
        """Kleene OR (``combine(mode="any")``)."""
        outcome = children[0].outcome
        for child in children[1:]:
            outcome = outcome | child.outcome
        return self.node(id, outcome, children)

    def any_known(self, id: str, children: Sequence[BNode]) -> BNode:
        """Decided by the known children (`..biopsy._common.any_known`)."""
        known = pl.any_horizontal([c.outcome.is_not_null() for c in children])
        met = pl.any_horizontal([c.outcome.fill_null(False) for c in children])
        return self.node(id, pl.when(known).then(met), children)

    def flag(self, id: str, field: str, value: pl.Expr, *, required: bool = True) -> BNode:
        """`..biopsy._common.check_flag` on a nullable boolean column."""
        return self.node(id, value == required, missing=[(field, value.is_null())])

    def measure(
        self,
        threshold: Threshold,
        prefix: str,
        field: str,
        quantity: Quantity,
        *,
        id: str | None = None,
        unusable: pl.Expr | None = None,
    ) -> BNode:
        """`..biopsy._common.check_measure` on the measure columns ``prefix + ...``."""
        reading = self.ws.reading(measure_reading(prefix, field, quantity))
        crit = self.ws.crit(threshold_crit(threshold, reading, id=id))
        known = reading.known
        outcome = crit.outcome
        if unusable is not None:
            outcome = pl.when(unusable.fill_null(False)).then(None).otherwise(outcome)
            missing = ~known | unusable.fill_null(False)
        else:
            missing = ~known
        return self.node(
            id or threshold.id, outcome, missing=[(field, missing)], ambiguous=crit.ambiguous
        )

    def grade(self, threshold: GradeThreshold, rank: pl.Expr) -> BNode:
        """`GradeThreshold.check` on a dipstick rank column."""
        return self.node(
            threshold.id,
            rank >= threshold.minimum.rank,
            missing=[("dipstick_protein", rank.is_null())],
        )

    def not_otherwise_explained(self, id: str) -> BNode:
        """`..biopsy._common.not_otherwise_explained`."""
        causes = pl.col("f_explaining_causes").list.len().fill_null(0) > 0
        excluded = pl.col("f_are_other_causes_excluded")
        return self.node(
            id,
            pl.when(causes).then(pl.lit(False)).otherwise(excluded == True),  # noqa: E712
            missing=[("are_other_causes_excluded", ~causes & excluded.is_null())],
        )

    def earlier(
        self,
        id: str,
        parts: Sequence[EarlierPart],
        fields: Sequence[str],
        lookback_days: int | None,
    ) -> tuple[BNode, list[pl.Expr]]:
        """The ``<id>`` node of `..biopsy._common.persistence` and its repeat checks.

        Every earlier value of each part's field (before the assessment date, within
        ``lookback_days``; numbered oldest first, 1-based, counting skipped values as
        `repeat_checks` does) is compared with
        the part's threshold on a table of (assessment, earlier value) pairs; the node is met
        when one of them meets it, else unknown with ``fields`` missing. Returns the node and
        the ``CRIT_<head>-earlier-<n>`` columns (null where the row has no such value).
        """
        ws = self.ws
        any_met: pl.Expr = pl.lit(False)
        ambiguous: pl.Expr = pl.lit(False)
        columns: list[pl.Expr] = []
        for part in parts:
            self._count += 1
            tag = f"_e{self._count}_"
            table = ws.cohort.visits.get(part.field)
            judged = self._earlier_part(part, table, tag, lookback_days)
            if judged is None:
                continue
            names, summary = judged
            ws.frame = ws.frame.join(summary, on="_aid", how="left", maintain_order="left")
            any_met = any_met | pl.col(tag + "any").fill_null(False)
            ambiguous = ambiguous | pl.col(tag + "amb").fill_null(False)
            for n, name in names:
                columns.append(
                    pl.col(name).alias(CRITERION_COLUMN_PREFIX + f"{part.head}-earlier-{n}")
                )
        met = ws.put(any_met)
        node = self.node(
            id,
            pl.when(met).then(pl.lit(True)),
            missing=[(f, ~met) for f in fields],
            ambiguous=ambiguous,
        )
        return node, columns

    def _earlier_part(
        self,
        part: EarlierPart,
        table: pl.DataFrame | None,
        tag: str,
        lookback_days: int | None,
    ) -> tuple[list[tuple[int, str]], pl.DataFrame] | None:
        if table is None or table.height == 0:
            return None
        ws = self.ws
        pairs = (
            ws.frame.select("_aid", "sid", "_t")
            .join(table.select("sid", "date", *MEASURE_VALUES), on="sid", how="inner")
            .filter(pl.col("date") < pl.col("_t"))
        )
        if lookback_days is not None:
            pairs = pairs.filter((pl.col("_t") - pl.col("date")).dt.total_days() <= lookback_days)
        pairs = pairs.sort("_aid", "date").with_columns(n=pl.int_range(pl.len()).over("_aid") + 1)
        if part.specimen is not None:
            pairs = pairs.filter(pl.col("specimen") == part.specimen)
        if pairs.height == 0:
            return None
        sub = Workspace(ws.cohort, pairs)
        raw = {name: pairs.get_column(name) for name in MEASURE_VALUES}
        sub._attach("e_", sub._values(part.field, raw))
        reading = sub.reading(measure_reading("e_", "earlier", part.quantity))
        crit = sub.crit(threshold_crit(part.threshold, reading))
        judged = sub.frame.select("_aid", "n", o=crit.outcome, a=crit.ambiguous)
        numbers = sorted(judged.get_column("n").unique().to_list())
        text = pl.when(pl.col("o")).then(pl.lit("met")).otherwise(pl.lit("not_met"))
        names = [(n, f"{tag}n{n}") for n in numbers]
        summary = judged.group_by("_aid").agg(
            pl.col("o").fill_null(False).any().alias(tag + "any"),
            pl.col("a").any().alias(tag + "amb"),
            *[text.filter(pl.col("n") == n).first().alias(name) for n, name in names],
        )
        return names, summary

    def egfr_decline(self, id: str) -> BNode:
        """`..biopsy._common.egfr_decline` without ``percent`` (the reported statement).

        Any ``explaining_causes`` make it not met.
        """
        causes = pl.col("f_explaining_causes").list.len().fill_null(0) > 0
        reported = self.flag(
            f"{id}-reported", "has_unexplained_decline", pl.col("f_has_unexplained_decline")
        )
        return self.node(
            id, pl.when(causes).then(pl.lit(False)).otherwise(reported.outcome), [reported]
        )


def missing_conditions(sufficient: Sequence[BNode], insufficient: pl.Expr) -> list[Named]:
    """The scalar walk of unknown branches, as named conditions in trace order."""
    out: list[Named] = []

    def walk(node: BNode, above: pl.Expr) -> None:
        here = above & node.outcome.is_null()
        for child in node.children:
            walk(child, here)
        for name, cond in node.missing:
            out.append((name, here & cond))

    for node in sufficient:
        walk(node, insufficient)
    return out


def biopsy_columns(
    rule_set: RuleSet,
    ws: Workspace,
    sufficient: Sequence[BNode],
    supporting: Sequence[BNode],
    flags: Sequence[Named],
    extra: Sequence[pl.Expr] = (),
    present: Mapping[str, pl.Expr] | None = None,
) -> list[pl.Expr]:
    """The row columns of `..biopsy._common.make_decision` (plus ``_amb``).

    ``extra``: criterion columns built elsewhere (the earlier-value checks, whose number
    varies per row), appended after the tree's. ``present``: criterion id -> the rows whose
    scalar tree has that criterion (its column is null elsewhere).
    """
    any_met = sufficient[0].outcome
    for node in sufficient[1:]:
        any_met = any_met | node.outcome
    verdict = ws.put(
        pl.when(any_met.is_null())
        .then(pl.lit(BiopsyIndication.INSUFFICIENT_DATA.value))
        .when(any_met)
        .then(pl.lit(BiopsyIndication.INDICATED.value))
        .otherwise(pl.lit(BiopsyIndication.NOT_INDICATED.value))
    )
    insufficient = verdict == BiopsyIndication.INSUFFICIENT_DATA.value
    fired = pl.concat_str(
        [pl.when(n.outcome.fill_null(False)).then(pl.lit(n.id)) for n in sufficient],
        separator=", ",
        ignore_nulls=True,
    )
    details: list[tuple[str, pl.Expr]] = [
        ("sufficient", pl.lit(", ".join(n.id for n in sufficient))),
        ("fired", pl.when(fired != "").then(fired)),
    ]
    if supporting:
        details.append(("supporting", pl.lit(", ".join(n.id for n in supporting))))
    columns = decision_columns(
        rule_set,
        verdict,
        [n.crit() for n in (*sufficient, *supporting)],
        missing=missing_conditions(sufficient, insufficient),
        flags=flags,
        policy=None,
        details=details,
    )
    if present:
        prefixed = {CRITERION_COLUMN_PREFIX + k: v for k, v in present.items()}
        columns = [
            pl.when(prefixed[name]).then(c).alias(name)
            if (name := c.meta.output_name()) in prefixed
            else c
            for c in columns
        ]
    return [*columns[:-1], *extra, columns[-1]]


# =============================================================================== KDIGO

#: Same-day matching: the value dated on the assessment date.
SAME_DAY = VisitWindow("window", before_days=0, after_days=0, note="value on the assessment date")

KDIGO_OPTIONS = frozenset(
    {
        "proteinuria_comparator",
        "confirmation_measure",
        "sediment_role",
        "dilute_specific_gravity_below",
        "egfr_decline_percent",
        "abnormal_egfr_rule",
    }
)


def sg_below(limit: Decimal, texts: pl.Series) -> tuple[list[str], list[bool]]:
    """Specific-gravity texts and whether each is below ``limit`` (exact, few values)."""
    keys = list(texts.unique().drop_nulls().to_list())
    return keys, [Fraction(Decimal(t)) < Fraction(limit) for t in keys]


def compile_kdigo_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """KDIGO 2021 / 2024 biopsy (`evaluate_kdigo`).

    ``egfr_decline_percent`` other than None is not compiled (see `compilable`).
    """
    from lupus_nephritis.criteria.biopsy._kdigo import RULE_2021

    p = rule_set.parameters
    tree = Tree(ws)
    ws.match("upcr", SAME_DAY, "b_upcr_")
    ws.match("protein_24h", SAME_DAY, "b_p24_")
    ws.match("acanthocytes", SAME_DAY, "b_acan_")
    current_egfr = VisitWindow("last_observation", before_days=lookback_days or 0)
    ws.match("egfr", current_egfr, "b_egfr_")

    # screen
    limit = to_decimal(opts["dilute_specific_gravity_below"], what="dilute_specific_gravity_below")
    keys, below = sg_below(limit, ws.frame.get_column("f_urine_specific_gravity"))
    dilute = tree.node(
        "dilute-urine",
        pl.col("f_urine_specific_gravity").replace_strict(
            keys, below, default=None, return_dtype=pl.Boolean
        ),
        missing=[("urine_specific_gravity", pl.col("f_urine_specific_gravity").is_null())],
    )
    rank = pl.col("f_dip_rank")
    dipstick = tree.any(
        "dipstick-screen",
        [
            tree.grade(p.dipstick_any_gravity, rank),
            tree.all("dipstick-dilute", [tree.grade(p.dipstick_dilute, rank), dilute]),
        ],
    )
    screen = tree.any_known(
        "proteinuria-screen",
        [dipstick, tree.measure(p.screen_upcr, "b_upcr_", "upcr", Quantity.UPCR)],
    )

    # quantification
    inclusive = opts["proteinuria_comparator"] == ">="
    q24 = tree.measure(
        p.confirm_24h_ge if inclusive else p.confirm_24h_gt,
        "b_p24_",
        "protein_24h",
        Quantity.PROTEIN_24H,
    )
    q_children = [q24]
    flags: list[Named] = []
    measure_option = opts["confirmation_measure"]
    if measure_option != "protein_24h":
        unusable = None
        if measure_option == "protein_24h_or_24h_upcr":
            unusable = pl.col("b_upcr_x").is_not_null() & (
                pl.col("b_upcr_specimen").is_null() | (pl.col("b_upcr_specimen") != "24h")
            )
        q_upcr = tree.measure(
            p.confirm_upcr_ge if inclusive else p.confirm_upcr_gt,
            "b_upcr_",
            "upcr",
            Quantity.UPCR,
            unusable=unusable,
        )
        q_children.append(q_upcr)
        flags.append(
            (
                "upcr-used-for-quantification",
                q_upcr.outcome.fill_null(False) & ~q24.outcome.fill_null(False),
            )
        )
    quantified = tree.any_known("proteinuria-quantified", q_children)
    proteinuria = tree.node(
        "proteinuria",
        pl.when(quantified.outcome.is_not_null())
        .then(quantified.outcome)
        .when(screen.outcome == False)  # noqa: E712
        .then(pl.lit(False)),
        [screen, quantified],
    )

    # kidney function
    decline = tree.egfr_decline("egfr-falling")
    if p.kidney_function_rule == RULE_2021:
        low = tree.all(
            "egfr-low",
            [
                tree.measure(p.low_egfr, "b_egfr_", "egfr", Quantity.EGFR),
                tree.not_otherwise_explained("egfr-low-not-otherwise-explained"),
            ],
        )
    else:
        abnormal_children = [
            tree.flag(
                "egfr-below-expected-for-age",
                "has_impaired_kidney_function",
                pl.col("f_has_impaired_kidney_function"),
            )
        ]
        if opts["abnormal_egfr_rule"] == "flag-or-below-60":
            abnormal_children.append(tree.measure(p.low_egfr, "b_egfr_", "egfr", Quantity.EGFR))
        low = tree.all(
            "egfr-low",
            [
                tree.any("egfr-abnormal", abnormal_children),
                tree.not_otherwise_explained("egfr-low-not-otherwise-explained"),
            ],
        )
    kidney = tree.any("kidney-function", [low, decline])

    # sediment
    sediment = tree.any(
        "active-sediment",
        [
            tree.measure(p.acanthocytes, "b_acan_", "acanthocytes", Quantity.PERCENT),
            tree.flag("red-cell-casts", "has_red_cell_casts", pl.col("v_has_red_cell_casts")),
            tree.flag("white-cell-casts", "has_white_cell_casts", pl.col("v_has_white_cell_casts")),
        ],
    )
    sufficient = [proteinuria, kidney]
    supporting: list[BNode] = []
    if opts["sediment_role"] == "sufficient":
        sufficient.append(sediment)
    else:
        supporting.append(sediment)
        flags.append(("active-sediment", sediment.outcome.fill_null(False)))
    flags.append(
        (
            "screen-positive-quantification-needed",
            screen.outcome.fill_null(False) & quantified.outcome.is_null(),
        )
    )
    return biopsy_columns(rule_set, ws, sufficient, supporting, flags)


# =============================================================================== ACR 2024

ACR_2024_OPTIONS = frozenset(
    {"impaired_function_rule", "protein_24h_counts", "egfr_decline_percent"}
)


def compile_acr_2024_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """ACR 2024 initial biopsy (`lupus_nephritis.criteria.biopsy.acr_2024`)."""
    p = rule_set.parameters
    tree = Tree(ws)
    ws.match("upcr", SAME_DAY, "b_upcr_")
    upcr = tree.measure(p.upcr, "b_upcr_", "upcr", Quantity.UPCR)
    children = [upcr]
    flags: list[Named] = []
    if opts["protein_24h_counts"]:
        ws.match("protein_24h", SAME_DAY, "b_p24_")
        protein = tree.measure(p.protein_24h, "b_p24_", "protein_24h", Quantity.PROTEIN_24H)
        children.append(protein)
        flags.append(
            ("protein-24h-used", protein.outcome.fill_null(False) & ~upcr.outcome.fill_null(False))
        )
    proteinuria = tree.any_known("proteinuria", children)
    impaired_children = [
        tree.flag(
            "impaired-kidney-function-reported",
            "has_impaired_kidney_function",
            pl.col("f_has_impaired_kidney_function"),
        )
    ]
    if opts["impaired_function_rule"] == "flag-or-egfr-below-60":
        ws.match("egfr", VisitWindow("last_observation", before_days=lookback_days or 0), "b_egfr_")
        impaired_children.append(tree.measure(p.impaired_egfr, "b_egfr_", "egfr", Quantity.EGFR))
    kidney = tree.any(
        "kidney-function",
        [
            tree.all(
                "impaired-not-explained",
                [
                    tree.any_known("impaired-kidney-function", impaired_children),
                    tree.not_otherwise_explained("impaired-not-otherwise-explained"),
                ],
            ),
            tree.egfr_decline("unexplained-decline"),
        ],
    )
    return biopsy_columns(rule_set, ws, [proteinuria, kidney], [], flags)


def compile_acr_2024_repeat_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """ACR 2024 repeat biopsy (`lupus_nephritis.criteria.biopsy.acr_2024_repeat`).

    Six calendar months: polars' month offset clamps the day to the month's end, as
    `add_months` does.
    """
    duration = rule_set.parameters.treatment_duration
    tree = Tree(ws)
    flare = tree.all(
        "flare-in-remission",
        [
            tree.flag("in-remission", "is_in_remission", pl.col("f_is_in_remission")),
            tree.flag("suspected-flare", "is_flare_suspected", pl.col("f_is_flare_suspected")),
        ],
    )
    start = pl.col("f_treatment_start")
    months = tree.node(
        duration.id,
        pl.col("_t") >= start.dt.offset_by(f"{duration.months}mo"),
        missing=[("treatment_start", start.is_null())],
    )
    persistent = tree.all(
        "persistent-after-treatment",
        [
            months,
            tree.flag(
                "ongoing-abnormalities",
                "has_persistent_abnormalities",
                pl.col("f_has_persistent_abnormalities"),
            ),
        ],
    )
    return biopsy_columns(rule_set, ws, [flare, persistent], [], [])


# =============================================================================== persistence


def persistence(
    tree: Tree,
    id: str,
    parts: Sequence[EarlierPart],
    fields: Sequence[str],
    lookback_days: int | None,
) -> tuple[BNode, list[pl.Expr]]:
    """`..biopsy._common.persistence`: the statement and/or an earlier value."""
    reported = tree.flag(
        f"{id}-reported", "is_proteinuria_persistent", pl.col("f_is_proteinuria_persistent")
    )
    earlier, columns = tree.earlier(f"{id}-earlier", parts, fields, lookback_days)
    return tree.any_known(id, [reported, earlier]), columns


_BOTH = ("previous_upcr", "previous_protein_24h")


# =============================================================================== EULAR


def compile_eular_2019_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """EULAR/ERA-EDTA 2019 biopsy (`lupus_nephritis.criteria.biopsy.eular_2019`)."""
    p = rule_set.parameters
    tree = Tree(ws)
    strict = opts["upcr_specimen_policy"] == "first-morning-only"
    wanted = p.first_morning_specimen.value
    ws.match("upcr", SAME_DAY, "b_upcr_")
    ws.match("protein_24h", SAME_DAY, "b_p24_")
    present = pl.col("b_upcr_x").is_not_null()
    specimen = pl.col("b_upcr_specimen")
    other = present & (specimen.is_null() | (specimen != wanted))
    level = tree.any_known(
        "proteinuria-level",
        [
            tree.measure(p.protein_24h, "b_p24_", "protein_24h", Quantity.PROTEIN_24H),
            tree.measure(
                p.upcr, "b_upcr_", "upcr", Quantity.UPCR, unusable=other if strict else None
            ),
        ],
    )
    persistent, extra = persistence(
        tree,
        "proteinuria-persistent",
        [
            EarlierPart("protein_24h", p.protein_24h, p.protein_24h.id, Quantity.PROTEIN_24H),
            EarlierPart("upcr", p.upcr, p.upcr.id, Quantity.UPCR, wanted if strict else None),
        ],
        _BOTH,
        lookback_days,
    )
    proteinuria = tree.all("proteinuria", [level, persistent])
    fall = tree.egfr_decline("gfr-fall")
    flags: list[Named] = [
        ("upcr-specimen-unknown", present & specimen.is_null()),
        ("upcr-not-first-morning", present & (specimen != wanted).fill_null(False)),
        (
            "persistence-not-established",
            level.outcome.fill_null(False) & persistent.outcome.is_null(),
        ),
    ]
    return biopsy_columns(rule_set, ws, [proteinuria, fall], [], flags, extra)


def _cellular_casts(tree: Tree, id: str) -> BNode:
    """`..biopsy._common.cellular_casts`."""
    return tree.any(
        id,
        [
            tree.flag(f"{id}-red", "has_red_cell_casts", pl.col("v_has_red_cell_casts")),
            tree.flag(f"{id}-white", "has_white_cell_casts", pl.col("v_has_white_cell_casts")),
        ],
    )


def compile_eular_2012_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """EULAR/ERA-EDTA 2012 biopsy (`lupus_nephritis.criteria.biopsy.eular_2012`)."""
    p = rule_set.parameters
    tree = Tree(ws)
    ws.match("upcr", SAME_DAY, "b_upcr_")
    ws.match("protein_24h", SAME_DAY, "b_p24_")
    level = tree.measure(p.protein_24h, "b_p24_", "protein_24h", Quantity.PROTEIN_24H)
    reproducible, extra = persistence(
        tree,
        "proteinuria-reproducible",
        [EarlierPart("protein_24h", p.protein_24h, p.protein_24h.id, Quantity.PROTEIN_24H)],
        ("previous_protein_24h",),
        lookback_days,
    )
    proteinuria = tree.all("proteinuria", [level, reproducible])
    supporting = tree.any(
        "haematuria-or-casts",
        [
            tree.flag(
                "glomerular-haematuria",
                "has_glomerular_haematuria",
                pl.col("f_has_glomerular_haematuria"),
            ),
            _cellular_casts(tree, "cellular-casts"),
        ],
    )
    flags: list[Named] = [
        ("with-glomerular-haematuria-or-casts", supporting.outcome.fill_null(False)),
        (
            "upcr-not-used",
            pl.col("b_upcr_x").is_not_null() & pl.col("b_p24_x").is_null(),
        ),
    ]
    return biopsy_columns(rule_set, ws, [proteinuria], [supporting], flags, extra)


# =============================================================================== ACR 2012

ACR_2012_OPTIONS = frozenset({"upcr_in_combinations", "confirm_sediment"})


def compile_acr_2012_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """ACR 2012 biopsy (`lupus_nephritis.criteria.biopsy.acr_2012`)."""
    p = rule_set.parameters
    tree = Tree(ws)
    ws.match("upcr", SAME_DAY, "b_upcr_")
    ws.match("protein_24h", SAME_DAY, "b_p24_")
    ws.match("urine_rbc", SAME_DAY, "b_rbc_")
    extra: list[pl.Expr] = []

    def confirmed(protein: Threshold, upcr: Threshold | None, id: str) -> BNode:
        children = [tree.measure(protein, "b_p24_", "protein_24h", Quantity.PROTEIN_24H)]
        parts = [EarlierPart("protein_24h", protein, f"{id}-{protein.id}", Quantity.PROTEIN_24H)]
        fields: tuple[str, ...] = ("previous_protein_24h",)
        if upcr is not None:
            children.append(tree.measure(upcr, "b_upcr_", "upcr", Quantity.UPCR))
            parts.append(EarlierPart("upcr", upcr, f"{id}-{upcr.id}", Quantity.UPCR))
            fields = _BOTH
        level = tree.any_known(f"{id}-level", children)
        confirmed_node, columns = persistence(tree, f"{id}-confirmed", parts, fields, lookback_days)
        extra.extend(columns)
        return tree.all(id, [level, confirmed_node])

    creatinine = tree.egfr_decline("rising-creatinine")
    high = confirmed(p.protein_24h_high, p.upcr_high, "proteinuria-1g")
    low_upcr = p.upcr_low if opts["upcr_in_combinations"] else None

    def with_sediment(finding: BNode, id: str) -> BNode:
        children = [confirmed(p.protein_24h_low, low_upcr, f"{id}-proteinuria"), finding]
        if opts["confirm_sediment"]:
            children.append(
                tree.flag(
                    f"{id}-sediment-confirmed",
                    "is_sediment_confirmed",
                    pl.col("f_is_sediment_confirmed"),
                )
            )
        return tree.all(id, children)

    haematuria = with_sediment(
        tree.measure(p.haematuria, "b_rbc_", "urine_rbc", Quantity.URINE_RBC),
        "proteinuria-haematuria",
    )
    casts = with_sediment(_cellular_casts(tree, "cellular-casts"), "proteinuria-casts")
    return biopsy_columns(rule_set, ws, [creatinine, high, haematuria, casts], [], [], extra)


# =============================================================================== seed review

SEED_REVIEW_OPTIONS = frozenset(
    {
        "proteinuria_comparator",
        "any_proteinuria_dipstick_min",
        "any_proteinuria_upcr_floor",
        "any_proteinuria_24h_floor",
        "sediment_role",
    }
)


def compile_seed_review_biopsy(
    ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any], *, lookback_days: int | None
) -> list[pl.Expr]:
    """The seed review's broader indication (`..criteria.biopsy.seed_review_2024`).

    The option-defined floors become thresholds exactly as the scalar rule set builds them.
    """
    p = rule_set.parameters
    source = p.protein_24h_gt.source_id
    tree = Tree(ws)
    ws.match("upcr", SAME_DAY, "b_upcr_")
    ws.match("protein_24h", SAME_DAY, "b_p24_")
    ws.match("acanthocytes", SAME_DAY, "b_acan_")
    inclusive = opts["proteinuria_comparator"] == ">="
    proteinuria = tree.any_known(
        "proteinuria",
        [
            tree.measure(
                p.protein_24h_ge if inclusive else p.protein_24h_gt,
                "b_p24_",
                "protein_24h",
                Quantity.PROTEIN_24H,
            ),
            tree.measure(p.upcr_ge if inclusive else p.upcr_gt, "b_upcr_", "upcr", Quantity.UPCR),
        ],
    )
    decrease = tree.egfr_decline("egfr-decrease")

    # glomerular haematuria: the statement, else acanthocytes or red-cell casts
    stated = pl.col("f_has_glomerular_haematuria")
    derived = ws.put(stated.is_null())
    acanthocytes = tree.measure(p.acanthocytes, "b_acan_", "acanthocytes", Quantity.PERCENT)
    red = tree.flag(
        "glomerular-haematuria-red-cell-casts", "has_red_cell_casts", pl.col("v_has_red_cell_casts")
    )
    acanthocytes = attrs.evolve(
        acanthocytes, missing=tuple((n, derived & c) for n, c in acanthocytes.missing)
    )
    red = attrs.evolve(red, missing=tuple((n, derived & c) for n, c in red.missing))
    haematuria = tree.node(
        "glomerular-haematuria",
        pl.when(derived).then(acanthocytes.outcome | red.outcome).otherwise(stated == True),  # noqa: E712
        [acanthocytes, red],
    )

    # any degree of proteinuria (option-defined floors)
    grade = DipstickGrade(opts["any_proteinuria_dipstick_min"])
    upcr_floor = to_decimal(opts["any_proteinuria_upcr_floor"], what="any_proteinuria_upcr_floor")
    h24_option = opts["any_proteinuria_24h_floor"]
    p24_known = pl.col("b_p24_x").is_not_null()
    dip_rank = pl.col("f_dip_rank")
    dip_outcome = dip_rank >= grade.rank
    if h24_option is None:
        dip_outcome = pl.when(p24_known & (dip_outcome == False)).then(None).otherwise(dip_outcome)  # noqa: E712
    children = [
        tree.node(
            "any-proteinuria-dipstick",
            dip_outcome,
            missing=[("dipstick_protein", dip_rank.is_null())],
        ),
        tree.measure(
            Threshold(
                id="any-proteinuria-upcr",
                label=f"UPCR at or above {format_decimal(upcr_floor)} g/g",
                comparator=">=",
                value=upcr_floor,
                unit="g/g",
                quantity="upcr",
                source_id=source,
            ),
            "b_upcr_",
            "upcr",
            Quantity.UPCR,
        ),
    ]
    present: dict[str, pl.Expr] = {
        "acanthocytes": derived,
        "glomerular-haematuria-red-cell-casts": derived,
    }
    if h24_option is not None:
        floor = to_decimal(h24_option, what="any_proteinuria_24h_floor")
        children.append(
            tree.measure(
                Threshold(
                    id="any-proteinuria-24h",
                    label=f"24-hour protein at or above {format_decimal(floor)} g/day",
                    comparator=">=",
                    value=floor,
                    unit="g/d",
                    quantity="protein_24h",
                    source_id=source,
                ),
                "b_p24_",
                "protein_24h",
                Quantity.PROTEIN_24H,
            )
        )
    else:
        children.append(tree.node("any-proteinuria-24h", pl.lit(None, dtype=pl.Boolean)))
        present["any-proteinuria-24h"] = p24_known
    broader = tree.all(
        "haematuria-with-proteinuria",
        [haematuria, tree.any_known("any-proteinuria", children)],
    )
    sediment = tree.any("active-sediment", [haematuria, _cellular_casts(tree, "cellular-casts")])
    sufficient = [proteinuria, decrease, broader]
    supporting: list[BNode] = []
    flags: list[Named] = []
    if opts["sediment_role"] == "sufficient":
        sufficient.append(sediment)
    else:
        supporting.append(sediment)
        flags.append(("active-sediment", sediment.outcome.fill_null(False)))
    guideline = proteinuria.outcome.fill_null(False) | decrease.outcome.fill_null(False)
    flags.append(("expert-suggestion", broader.outcome.fill_null(False) & ~guideline))
    return biopsy_columns(rule_set, ws, sufficient, supporting, flags, present=present)


def kdigo_compilable(opts: Mapping[str, Any]) -> bool:
    """The numeric ``egfr_decline_percent`` (an eGFR-history fall) is left to the scalar path.

    (Used by every compiled rule set with that option.)
    """
    return opts.get("egfr_decline_percent") is None


class BiopsyCompileFn(Protocol):
    """Builds the row columns of one biopsy rule set on a workspace."""

    def __call__(
        self,
        ws: Workspace,
        rule_set: RuleSet,
        opts: Mapping[str, Any],
        *,
        lookback_days: int | None,
    ) -> list[pl.Expr]: ...


def always(opts: Mapping[str, Any]) -> bool:
    """Every option value is compiled."""
    return True


@attrs.frozen
class BiopsyCompiler:
    """A vectorised biopsy rule set.

    Attributes:
        compile: Builds the row columns on a workspace.
        options: Option names the compiler implements.
        compilable: Whether the resolved options are compiled (else the scalar path).
    """

    compile: BiopsyCompileFn
    options: frozenset[str]
    compilable: Callable[[Mapping[str, Any]], bool] = always


#: ``"id@version"`` -> compiler of every vectorised biopsy rule set.
BIOPSY_COMPILERS: dict[str, BiopsyCompiler] = {
    "kdigo-2024-biopsy@1.0.0": BiopsyCompiler(
        compile_kdigo_biopsy, KDIGO_OPTIONS, kdigo_compilable
    ),
    "kdigo-2021-biopsy@1.0.0": BiopsyCompiler(
        compile_kdigo_biopsy, KDIGO_OPTIONS - {"abnormal_egfr_rule"}, kdigo_compilable
    ),
    "acr-2024-biopsy@1.0.0": BiopsyCompiler(
        compile_acr_2024_biopsy, ACR_2024_OPTIONS, kdigo_compilable
    ),
    "acr-2024-repeat-biopsy@1.0.0": BiopsyCompiler(
        compile_acr_2024_repeat_biopsy, frozenset(), always
    ),
    "eular-2019-biopsy@1.0.0": BiopsyCompiler(
        compile_eular_2019_biopsy,
        frozenset({"upcr_specimen_policy", "egfr_decline_percent"}),
        kdigo_compilable,
    ),
    "eular-2012-biopsy@1.0.0": BiopsyCompiler(compile_eular_2012_biopsy, frozenset(), always),
    "acr-2012-biopsy@1.0.0": BiopsyCompiler(compile_acr_2012_biopsy, ACR_2012_OPTIONS, always),
    "seed-review-2024-biopsy@1.0.0": BiopsyCompiler(
        compile_seed_review_biopsy, SEED_REVIEW_OPTIONS, always
    ),
}


def biopsy_compiler_for(rule_set: RuleSet, opts: Mapping[str, Any]) -> BiopsyCompiler | None:
    """The compiler of ``rule_set`` with these options, or None (scalar path)."""
    compiler = BIOPSY_COMPILERS.get(rule_set.key)
    if compiler is None:
        return None
    if not {o.name for o in rule_set.options} <= compiler.options:
        return None
    if not compiler.compilable(opts):
        return None
    return compiler


__all__ = [
    "BIOPSY_COMPILERS",
    "BIOPSY_REASONS",
    "CAUSE_SEPARATOR",
    "FINDING_COLUMNS",
    "FINDING_FLAGS",
    "BNode",
    "BiopsyCompiler",
    "Tree",
    "biopsy_compiler_for",
    "ingest_findings",
    "scalar_findings",
]
