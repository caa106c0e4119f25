"""Vectorised counterparts of the response engine's primitives (`criteria.response._common`).

A compiled rule set reads like its scalar ``evaluate``: the same five steps, each a function
here that builds polars expressions instead of Python values.

1. **Assessment point.** `assessment_dates` gives every assessment row its date
   (``_t``), exactly as `resolve_assessment_date`
   does (study week *w* = start + 7*w days; dates before the start and dates too close to the
   calendar's ends are refused: such rows go to the rejected table).
2. **Visit matching.** `Workspace.match` picks, per assessment and per datum, the visit
   the `VisitWindow` selects among the visits that have that
   datum (window: nearest within ``[t - before, t + after]``, ties to the later visit;
   nearest: the same without bounds; last observation: the latest on or before ``t``, within
   ``before`` days when ``before`` is not 0), like `select_visit`.
3. **Readings.** `XReading` is a `Reading`
   made of expressions: value in its unit (``x``, ``u``), canonical float (``c``), whether ``x``
   is faithful (``ex``), the missing-input names and the flags (each with the condition under
   which it is recorded), and the qualifier (specimen / equation).
4. **Criteria.** `threshold_crit`, `relative_crit`, `stability_crit`,
   `combine_crit`, `event_free_crit` return `XCrit` (a nullable boolean:
   null = unknown, so polars' Kleene ``&`` / ``|`` are the library's ``all_of`` / ``any_of``)
   together with an *ambiguity* expression: true where a float margin is too thin to decide
   (see `._exact`); such a row is decided by the scalar path.
5. **Verdict.** `categorize` and `apply_policy` map outcomes to the category and
   the policy flags, `decision_columns` writes the row (same columns as
   `lupus_nephritis.decisions.Decision.to_row`): missing inputs and flags are collected
   in the scalar trace's order and de-duplicated keeping the first occurrence.

Adding a rule set (e.g. a trial endpoint) means writing its compiler with these primitives
and registering it in `lupus_nephritis.cohort._response.COMPILERS` under its
``id@version``; see the developer section of the cohort guide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.cohort._egfr import BUILDERS, EgfrInputs
from lupus_nephritis.cohort._exact import (
    TOLERANCE,
    float_sign,
    holds,
    signed_given,
    unit_factors,
)
from lupus_nephritis.cohort._tables import (
    KEY_SHIFT,
    MEASURE_VALUES,
    Cohort,
    canonical_factor,
    day_key,
    unit_keys,
)
from lupus_nephritis.criteria.response._common import (
    DATE_GUARD,
    FLAG_EGFR_COMPUTED,
    FLAG_EVENT_NON_RESPONDER,
    FLAG_IMPUTED_NON_RESPONDER,
    FLAG_PROVISIONAL,
    FLAG_REFERENCE_ZERO,
    FLAG_SPECIMEN_ASSUMED,
    FLAG_SPECIMEN_DIFFERS,
    FLAG_SPECIMEN_MISMATCH,
    FLAG_SPECIMEN_UNREPORTED,
    FLAG_SPOT_UPCR,
    Policy,
)
from lupus_nephritis.decisions import (
    CRITERION_COLUMN_PREFIX,
    DETAIL_COLUMN_PREFIX,
    ROW_LIST_SEPARATOR,
)
from lupus_nephritis.errors import LupusNephritisError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import EventType, Specimen
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import (
    Threshold,
    percent_change,
    percent_of,
    percent_reduction,
)
from lupus_nephritis.timeline import VisitMatching, VisitWindow
from lupus_nephritis.units import Quantity, spec_for, to_decimal

Named = tuple[str, pl.Expr]
"""A name (missing input or flag) and the condition under which the trace records it."""

_EPOCH = date(1970, 1, 1)
#: Earliest / latest assessment date the scalar path accepts, as days since 1970-01-01.
GUARD_LO = (date.min + DATE_GUARD - _EPOCH).days
GUARD_HI = (date.max - DATE_GUARD - _EPOCH).days

_FALSE = pl.lit(False)


# =============================================================================== assessments


def assessment_dates(base: pl.DataFrame, default_week: int | None) -> pl.DataFrame:
    """``base`` (``_bid, subject, start, at_kind, at_week, at_date``) with ``_t`` and ``_bad``.

    ``_bad`` is null for a valid row, else the rejected-table reason. With ``default_week``
    None (a rule set evaluated by the scalar path, which knows its own default), rows without
    an explicit point are left to the scalar path (``_t`` null, ``_bad`` null).
    """
    start_days = pl.col("start").cast(pl.Int32).cast(pl.Int64)
    explicit = pl.col("at_kind") != "default"
    week = (
        pl.when(pl.col("at_kind") == "week")
        .then(pl.col("at_week"))
        .otherwise(pl.lit(default_week, dtype=pl.Int64))
    )
    days = (
        pl.when(pl.col("at_kind") == "date")
        .then(pl.col("at_date").cast(pl.Int32).cast(pl.Int64))
        .otherwise(start_days + week.cast(pl.Int64) * 7)
    )
    checked = explicit if default_week is None else pl.lit(True)
    bad = (
        pl.when((pl.col("at_kind") == "date") & (pl.col("at_date") < pl.col("start")))
        .then(pl.lit("assessment-before-start"))
        .when(checked & ((days < GUARD_LO) | (days > GUARD_HI)))
        .then(pl.lit("assessment-out-of-range"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return base.with_columns(
        _bad=bad,
        _t=pl.when(bad.is_null() & checked).then(days).cast(pl.Int32).cast(pl.Date),
    )


# =============================================================================== workspace


class Workspace:
    """The assessment rows of one rule set, with the matched data attached as columns.

    ``frame`` holds one row per assessment (``_aid, sid, subject, start, _t`` ...). Every
    method attaches columns computed by binary search in the cohort's sorted tables (see
    `._tables`), never by joining the assessments with the visits, and
    `put` / `reading` / `crit` materialise intermediate expressions as
    columns, so each step is a small expression evaluated once.
    """

    def __init__(self, cohort: Cohort, assessments: pl.DataFrame) -> None:
        self.cohort = cohort
        self.frame = assessments
        self._done: set[str] = set()
        self._count = 0

    # ------------------------------------------------------------------ materialising
    def put(self, expr: pl.Expr, name: str | None = None) -> pl.Expr:
        """Evaluate ``expr`` into a column now; return a reference to it."""
        if name is None:
            self._count += 1
            name = f"_k{self._count}"
        self.frame = self.frame.with_columns(expr.alias(name))
        return pl.col(name)

    def put_many(self, exprs: Sequence[pl.Expr]) -> list[pl.Expr]:
        """`put` for several expressions at once (one pass)."""
        names = []
        for _ in exprs:
            self._count += 1
            names.append(f"_k{self._count}")
        self.frame = self.frame.with_columns(e.alias(n) for e, n in zip(exprs, names, strict=True))
        return [pl.col(n) for n in names]

    def reading(self, reading: XReading) -> XReading:
        """``reading`` with its expressions materialised."""
        named = [*reading.missing, *reading.flags]
        exprs = [
            reading.x,
            reading.u,
            reading.c,
            reading.ex,
            reading.known,
            reading.qualifier,
            reading.ambiguous,
            *[cond.fill_null(False) for _, cond in named],
        ]
        cols = self.put_many(exprs)
        x, u, c, ex, known, qualifier, ambiguous = cols[:7]
        conds = cols[7:]
        n_missing = len(reading.missing)
        return attrs.evolve(
            reading,
            x=x,
            u=u,
            c=c,
            ex=ex,
            known=known,
            qualifier=qualifier,
            ambiguous=ambiguous,
            missing=tuple(
                (name, cond)
                for (name, _), cond in zip(reading.missing, conds[:n_missing], strict=True)
            ),
            flags=tuple(
                (name, cond)
                for (name, _), cond in zip(reading.flags, conds[n_missing:], strict=True)
            ),
        )

    def crit(self, crit: XCrit) -> XCrit:
        """``crit`` with its outcome and ambiguity materialised (children are kept).

        Rows whose float margin is too thin are decided exactly here, in Python, when the
        criterion has a `Resolver` and the row's values can be rebuilt exactly (a
        few rows: the others are decided by the float); a row that cannot stays ambiguous
        and goes to the scalar path.
        """
        outcome, ambiguous = self.put_many([crit.outcome, crit.ambiguous.fill_null(False)])
        if crit.resolve is not None:
            self._resolve(crit.resolve, outcome.meta.output_name(), ambiguous.meta.output_name())
        return attrs.evolve(crit, outcome=outcome, ambiguous=ambiguous, resolve=None)

    def _resolve(self, resolver: Resolver, outcome: str, ambiguous: str) -> None:
        mask = self.frame.get_column(ambiguous)
        if not mask.any():
            return
        rows = mask.arg_true()
        inputs = self.frame.filter(mask).select(
            e.alias(name) for name, e in resolver.inputs.items()
        )
        decided: list[int] = []
        values: list[bool | None] = []
        for position, row in zip(rows.to_list(), inputs.iter_rows(named=True), strict=True):
            try:
                values.append(resolver.decide(row))
            except Unresolvable:
                continue
            decided.append(position)
        if not decided:
            return
        index = pl.Series(decided, dtype=pl.UInt32)
        new_outcome = self.frame.get_column(outcome).clone()
        new_outcome.scatter(index, pl.Series(values, dtype=pl.Boolean))
        new_amb = mask.clone()
        new_amb.scatter(index, False)
        self.frame = self.frame.with_columns(new_outcome.alias(outcome), new_amb.alias(ambiguous))

    # ------------------------------------------------------------------ lookups
    def _attach(self, prefix: str, values: Mapping[str, pl.Series]) -> None:
        self.frame = self.frame.with_columns(s.alias(prefix + name) for name, s in values.items())

    def _null_columns(self, prefix: str, names: Iterable[str]) -> None:
        self.frame = self.frame.with_columns(
            pl.lit(None, dtype=_DTYPES[n]).alias(prefix + n) for n in names
        )

    def _keys(self, target: str) -> tuple[pl.Series, pl.Series]:
        sid = self.frame.get_column("sid")
        key = self.frame.select(day_key(pl.col("sid"), pl.col(target))).to_series()
        return sid, key

    def _best_index(self, table: pl.DataFrame, window: VisitWindow, target: str) -> pl.Series:
        """Row of ``table`` (sorted by ``K``) the window selects for each assessment, or null.

        As `lupus_nephritis.timeline.select_visit`: window = nearest within
        ``[t - before, t + after]``, ties to the later visit; nearest = the same without
        bounds; last observation = the latest on or before ``t`` (within ``before`` days
        when ``before`` is not 0).
        """
        _, key = self._keys(target)
        keys = table.get_column("K")
        n = keys.len()
        if n == 0:
            return pl.repeat(None, self.frame.height, dtype=pl.Int64, eager=True)
        # one binary search: the last visit on or before t; the next one is the first after
        last = keys.search_sorted(key.fill_null(0), side="right").cast(pl.Int64) - 1
        last = pl.select(pl.when(last >= 0).then(last)).to_series()
        first_index = pl.select(
            pl.when(last.is_null())
            .then(pl.lit(0, dtype=pl.Int64))
            .when(last + 1 < n)
            .then(last + 1)
        ).to_series()
        probe = pl.DataFrame(
            {
                "last": last,
                "first": first_index,
                "b_key": keys.gather(last),
                "a_key": keys.gather(first_index),
                "key": key,
            }
        )
        # same subject <=> same high bits of the key; the day difference is the key difference
        high = pl.col("key") // (1 << KEY_SHIFT)
        before_ok = (pl.col("b_key") // (1 << KEY_SHIFT) == high).fill_null(False)
        after_ok = (
            (pl.col("a_key") // (1 << KEY_SHIFT) == high) & (pl.col("a_key") > pl.col("key"))
        ).fill_null(False)
        db = pl.col("key") - pl.col("b_key")  # >= 0
        da = pl.col("a_key") - pl.col("key")  # > 0
        if window.method is VisitMatching.LAST_OBSERVATION:
            ok = before_ok
            if window.before_days:
                ok = ok & (db <= window.before_days)
            chosen: pl.Expr = pl.when(ok).then(pl.col("last"))
        else:
            if window.method is VisitMatching.WINDOW:
                before_ok = before_ok & (db <= window.before_days)
                after_ok = after_ok & (da <= window.after_days)
            # the later visit wins a tie
            chosen = (
                pl.when(before_ok & after_ok)
                .then(pl.when(da <= db).then(pl.col("first")).otherwise(pl.col("last")))
                .when(after_ok)
                .then(pl.col("first"))
                .when(before_ok)
                .then(pl.col("last"))
            )
        return probe.select(
            pl.when(pl.col("key").is_not_null()).then(chosen).cast(pl.Int64)
        ).to_series()

    def _take(
        self, table: pl.DataFrame, index: pl.Series, names: Sequence[str]
    ) -> dict[str, pl.Series]:
        out: dict[str, pl.Series] = {}
        for name in names:
            column = table.get_column(name)
            if column.null_count() == column.len():
                out[name] = pl.repeat(None, index.len(), dtype=column.dtype, eager=True)
            else:
                out[name] = column.gather(index)
        return out

    def _visits(self, field: str, specimen: Specimen | None = None) -> pl.DataFrame | None:
        table = self.cohort.visits.get(field)
        if table is None:
            return None
        if specimen is not None:
            table = table.filter(pl.col("specimen") == specimen.value)
        return table

    def _values(self, field: str, raw: Mapping[str, pl.Series]) -> dict[str, pl.Series]:
        """Measure columns ``x, u, c, ex, specimen, assumed`` from gathered table columns."""
        keys = unit_keys(field)
        factors = [float(f) for f in canonical_factor(field)]
        frame = pl.DataFrame(dict(raw))
        out = frame.select(
            pl.col("x"),
            pl.col("ucode")
            .replace_strict(
                list(range(len(keys))), list(keys), default=None, return_dtype=pl.String
            )
            .alias("u"),
            (
                pl.col("x")
                * pl.col("ucode").replace_strict(
                    list(range(len(keys))), factors, default=None, return_dtype=pl.Float64
                )
            ).alias("c"),
            pl.col("ex"),
            pl.col("text"),
            pl.col("specimen").cast(pl.String),
            pl.col("assumed"),
        )
        values = {n: out.get_column(n) for n in out.columns}
        if "date" in raw:
            values["date"] = raw["date"]
        return values

    # ------------------------------------------------------------------ matching
    def match(
        self,
        field: str,
        window: VisitWindow,
        prefix: str,
        *,
        specimen: Specimen | None = None,
        target: str = "_t",
    ) -> str:
        """Attach ``prefix`` + ``x, u, c, ex, specimen, assumed, date`` of the matched visit."""
        key = f"match:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        names = ("x", "u", "c", "ex", "text", "specimen", "assumed", "date")
        table = self._visits(field, specimen)
        if table is None or table.height == 0:
            self._null_columns(prefix, names)
            return prefix
        index = self._best_index(table, window, target)
        raw = self._take(table, index, (*MEASURE_VALUES, "date"))
        self._attach(prefix, self._values(field, raw))
        return prefix

    def _reference_index(self, table: pl.DataFrame) -> pl.Series:
        """Row of ``table`` (one per ``sid``, sorted by ``sid``) of each assessment's subject."""
        sid = self.frame.get_column("sid")
        tab_sid = table.get_column("sid")
        if table.height == 0:
            return pl.repeat(None, self.frame.height, dtype=pl.Int64, eager=True)
        pos = tab_sid.search_sorted(sid, side="left").cast(pl.Int64)
        probe = pl.DataFrame({"pos": pos, "sid": sid}).with_columns(
            pos=pl.when(pl.col("pos") < table.height).then(pl.col("pos"))
        )
        found = tab_sid.gather(probe.get_column("pos"))
        return (
            probe.with_columns(found=found)
            .select(pl.when(pl.col("found") == pl.col("sid")).then(pl.col("pos")))
            .to_series()
        )

    def _refs(self, field: str, role: str) -> pl.DataFrame | None:
        return self.cohort.ref_table(field, role)

    def reference(self, field: str, role: str, prefix: str) -> str:
        """Attach ``prefix`` + ``x, u, c, ex, specimen, assumed, date`` of the reference visit."""
        key = f"ref:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        names = ("x", "u", "c", "ex", "text", "specimen", "assumed", "date")
        table = self._refs(field, role)
        if table is None or table.height == 0:
            self._null_columns(prefix, names)
            return prefix
        index = self._reference_index(table)
        raw = self._take(table, index, (*MEASURE_VALUES, "date"))
        self._attach(prefix, self._values(field, raw))
        return prefix

    def _at_date(self, field: str, prefix: str, date_col: str, *, role: str | None) -> None:
        """Attach ``field``'s ``x, u, c, ex, text`` on the visit dated ``date_col``."""
        names = ("x", "u", "c", "ex", "text")
        if role is None:
            table = self._visits(field)
            if table is None or table.height == 0:
                self._null_columns(prefix, names)
                return
            _, key = self._keys(date_col)
            keys = table.get_column("K")
            pos = keys.search_sorted(key.fill_null(0), side="left").cast(pl.Int64)
            probe = pl.DataFrame({"pos": pos, "key": key}).with_columns(
                pos=pl.when(pl.col("pos") < table.height).then(pl.col("pos"))
            )
            found = keys.gather(probe.get_column("pos"))
            index = (
                probe.with_columns(found=found)
                .select(pl.when(pl.col("found") == pl.col("key")).then(pl.col("pos")))
                .to_series()
            )
        else:
            table = self._refs(field, role)
            if table is None or table.height == 0:
                self._null_columns(prefix, names)
                return
            index = self._reference_index(table)
            dates = table.get_column("date").gather(index)
            index = (
                pl.DataFrame({"i": index, "d": dates, "t": self.frame.get_column(date_col)})
                .select(pl.when(pl.col("d") == pl.col("t")).then(pl.col("i")))
                .to_series()
            )
        raw = self._take(table, index, MEASURE_VALUES)
        values = self._values(field, raw)
        self._attach(prefix, {n: values[n] for n in names})

    def _better(self, first: str, second: str, window: VisitWindow, out: str) -> None:
        """``out`` = the better of two candidate dates (the window's order)."""
        a, b, t = pl.col(first), pl.col(second), pl.col("_t")
        if window.method is VisitMatching.LAST_OBSERVATION:
            best = pl.max_horizontal(a, b)
        else:
            da = (a - t).dt.total_days()
            db = (b - t).dt.total_days()
            ka = da.abs() * 2 + (da < 0).cast(pl.Int64)
            kb = db.abs() * 2 + (db < 0).cast(pl.Int64)
            best = (
                pl.when(a.is_null())
                .then(b)
                .when(b.is_null())
                .then(a)
                .when(ka <= kb)
                .then(a)
                .otherwise(b)
            )
        self.frame = self.frame.with_columns(best.alias(out))

    def match_egfr(self, window: VisitWindow, prefix: str) -> str:
        """Attach the visit matched for an eGFR (one with an eGFR or a creatinine)."""
        key = f"egfr:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        dates = []
        indices: dict[str, pl.Series] = {}
        for field in ("egfr", "creatinine"):
            table = self._visits(field)
            if table is None or table.height == 0:
                continue
            index = self._best_index(table, window, "_t")
            indices[field] = index
            name = f"{prefix}cand_{field}"
            self.frame = self.frame.with_columns(table.get_column("date").gather(index).alias(name))
            dates.append(name)
        if not dates:
            self.frame = self.frame.with_columns(pl.lit(None, dtype=pl.Date).alias(prefix + "date"))
        elif len(dates) == 1:
            self.frame = self.frame.rename({dates[0]: prefix + "date"})
        else:
            self._better(dates[0], dates[1], window, prefix + "date")
            self.frame = self.frame.drop(dates)
        single = next(iter(indices)) if len(indices) == 1 else None
        for field, short in (("egfr", "egfr_"), ("creatinine", "cr_"), ("cystatin_c", "cys_")):
            table = self._visits(field)
            if field == single and table is not None:
                # the matched visit is this table's row: no second lookup
                values = self._values(field, self._take(table, indices[field], MEASURE_VALUES))
                self._attach(prefix + short, {n: values[n] for n in ("x", "u", "c", "ex", "text")})
            else:
                self._at_date(field, prefix + short, prefix + "date", role=None)
        return prefix

    def reference_egfr(self, role: str, prefix: str) -> str:
        """Attach the reference visit's eGFR, creatinine and cystatin C (and its date)."""
        key = f"refegfr:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        self.frame = self.frame.with_columns(self.reference_date(role).alias(prefix + "date"))
        self._at_date("egfr", prefix + "egfr_", prefix + "date", role=role)
        self._at_date("creatinine", prefix + "cr_", prefix + "date", role=role)
        self._at_date("cystatin_c", prefix + "cys_", prefix + "date", role=role)
        return prefix

    def reference_date(self, role: str) -> pl.Series:
        """The date of each assessment subject's ``role`` visit (any field), or null."""
        table = self.cohort.ref_dates(role)
        if table.height == 0:
            return pl.repeat(None, self.frame.height, dtype=pl.Date, eager=True)
        index = self._reference_index(table)
        return table.get_column("date").gather(index)

    def patient(self) -> None:
        """Attach ``pt_sex, pt_birth, pt_age, pt_black``."""
        if "patient" in self._done:
            return
        self._done.add("patient")
        sid = self.frame.get_column("sid")
        subjects = self.cohort.subjects
        self._attach(
            "pt_",
            {
                "sex": subjects.get_column("sex").gather(sid),
                "birth": subjects.get_column("birth").gather(sid),
                "age": subjects.get_column("age_x").gather(sid),
                "black": subjects.get_column("is_black").gather(sid),
            },
        )

    def event_count(self, types: Sequence[EventType], prefix: str, *, until: str = "_t") -> str:
        """Attach ``prefix + "n"``: events of ``types`` from the start to ``until`` (inclusive)."""
        key = f"events:{prefix}"
        if key in self._done:
            return prefix + "n"
        self._done.add(key)
        wanted = [t.value for t in types]
        events = self.cohort.events.filter(pl.col("type").is_in(wanted))
        if events.height == 0:
            self.frame = self.frame.with_columns(pl.lit(0, dtype=pl.UInt32).alias(prefix + "n"))
            return prefix + "n"
        counted = (
            self.frame.select("_aid", "sid", "start", pl.col(until).alias("_until"))
            .join(events, on="sid", how="inner")
            .filter((pl.col("date") >= pl.col("start")) & (pl.col("date") <= pl.col("_until")))
            .group_by("_aid")
            .agg(pl.len().alias(prefix + "n"))
        )
        self.frame = self.frame.join(counted, on="_aid", how="left", maintain_order="left")
        self.frame = self.frame.with_columns(pl.col(prefix + "n").fill_null(0))
        return prefix + "n"


_DTYPES: dict[str, pl.DataType] = {
    "x": pl.Float64(),
    "u": pl.String(),
    "c": pl.Float64(),
    "ex": pl.Boolean(),
    "text": pl.String(),
    "specimen": pl.String(),
    "assumed": pl.Boolean(),
    "date": pl.Date(),
}


# =============================================================================== readings


@attrs.frozen
class XReading:
    """A reading as expressions (see the module docstring).

    Attributes:
        name: ``"<role>.<field>"``.
        quantity: The quantity read.
        x: The value in unit ``u`` (float; faithful where ``ex``).
        u: The unit code.
        c: The canonical value (float).
        ex: Whether ``x`` is faithful (decisions on it are exact); false for computed values.
        known: Whether the value is present.
        missing: Missing-input names in trace order, each with its condition.
        flags: Flags in trace order, each with its condition.
        qualifier: Specimen of a UPCR (or null).
        ambiguous: Rows the reading itself cannot decide exactly.
    """

    name: str
    quantity: Quantity
    x: pl.Expr
    u: pl.Expr
    c: pl.Expr
    ex: pl.Expr
    known: pl.Expr
    missing: tuple[Named, ...] = ()
    flags: tuple[Named, ...] = ()
    qualifier: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.String))
    ambiguous: pl.Expr = attrs.field(factory=lambda: pl.lit(False))
    rv: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Float64))
    ru: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.String))
    rmode: pl.Expr = attrs.field(factory=lambda: pl.lit(0, dtype=pl.Int8))
    rt: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.String))


#: ``rmode`` of a reading: its exact value cannot be rebuilt from the frame.
EXACT_NONE = 0
#: ``rmode``: the exact value is the decimal ``repr(rv)`` in unit ``ru``: a faithful input,
#: or a computed eGFR (the scalar path reads the same float as its shortest decimal).
EXACT_DECIMAL = 1
#: ``rmode``: the exact value is the decimal text ``rt`` in unit ``ru`` (an input whose float
#: is not faithful, e.g. 17 significant digits; ``rv`` is its correctly rounded float).
EXACT_TEXT = 2


class Unresolvable(Exception):  # noqa: N818 - internal control flow, never escapes
    """A row's exact value cannot be rebuilt: the scalar path decides it."""


def exact_value(
    quantity: Quantity, rv: float | None, ru: str | None, rmode: int, rt: str | None = None
) -> Fraction | None:
    """The scalar path's exact canonical value of one reading row (None = missing)."""
    if rv is None:
        return None
    if ru is None:
        raise Unresolvable
    if rmode == EXACT_DECIMAL:
        return Fraction(repr(rv)) * unit_factors(quantity)[ru]
    if rmode == EXACT_TEXT and rt is not None:
        return Fraction(to_decimal(rt)) * unit_factors(quantity)[ru]
    raise Unresolvable


def _reading_exprs(prefix: str, reading: XReading) -> dict[str, pl.Expr]:
    return {
        prefix + "known": reading.known,
        prefix + "rv": reading.rv,
        prefix + "ru": reading.ru,
        prefix + "rmode": reading.rmode,
        prefix + "rt": reading.rt,
    }


def _row_value(row: Mapping[str, Any], prefix: str, quantity: Quantity) -> Fraction | None:
    if not row[prefix + "known"]:
        return None
    return exact_value(
        quantity, row[prefix + "rv"], row[prefix + "ru"], row[prefix + "rmode"], row[prefix + "rt"]
    )


@attrs.frozen
class Resolver:
    """Decides the ambiguous rows of a criterion exactly, in Python (few rows).

    Attributes:
        inputs: Expressions the decision needs, by name.
        decide: From one row's inputs, the exact outcome (None = unknown); raises
            `Unresolvable` when the row cannot be rebuilt exactly.
    """

    inputs: Mapping[str, pl.Expr]
    decide: Callable[[Mapping[str, Any]], bool | None]


def measure_reading(prefix: str, name: str, quantity: Quantity) -> XReading:
    """A measure read from columns ``prefix + x/u/c/ex``."""
    x = pl.col(prefix + "x")
    known = x.is_not_null()
    return XReading(
        name=name,
        quantity=quantity,
        x=x,
        u=pl.col(prefix + "u"),
        c=pl.col(prefix + "c"),
        ex=pl.col(prefix + "ex"),
        known=known,
        missing=((name, ~known),),
        rv=x,
        ru=pl.col(prefix + "u"),
        rmode=_exact_mode(prefix),
        rt=pl.col(prefix + "text"),
    )


def _exact_mode(prefix: str) -> pl.Expr:
    return (
        pl.when(pl.col(prefix + "ex"))
        .then(pl.lit(EXACT_DECIMAL))
        .when(pl.col(prefix + "text").is_not_null())
        .then(pl.lit(EXACT_TEXT))
        .otherwise(pl.lit(EXACT_NONE))
        .cast(pl.Int8)
    )


def upcr_reading(
    prefix: str, name: str, *, expected: Specimen | None, reject_other: bool, filtered: bool
) -> XReading:
    """`read_upcr` on columns ``prefix + ...``.

    ``filtered``: the matching already kept only visits of the expected specimen.
    """
    base = measure_reading(prefix, name, Quantity.UPCR)
    spec = pl.col(prefix + "specimen")
    present = base.known
    if expected is not None and reject_other and not filtered:
        present = present & (spec == expected.value).fill_null(False)
    flags: tuple[Named, ...] = ()
    if expected is not None and not reject_other:
        other = spec.is_not_null() & (spec != expected.value)
        if expected is Specimen.H24:
            flags = (
                (FLAG_SPECIMEN_UNREPORTED, present & spec.is_null()),
                (FLAG_SPOT_UPCR, present & other),
                (FLAG_PROVISIONAL, present & (spec.is_null() | other)),
            )
        else:
            flags = (
                (FLAG_SPECIMEN_UNREPORTED, present & spec.is_null()),
                (FLAG_PROVISIONAL, present & spec.is_null()),
                (FLAG_SPECIMEN_MISMATCH, present & other),
            )
    flags = (*flags, (FLAG_SPECIMEN_ASSUMED, present & pl.col(prefix + "assumed").fill_null(False)))
    return attrs.evolve(
        base,
        known=present,
        missing=((name, ~present),),
        flags=flags,
        qualifier=pl.when(present).then(spec),
    )


def age_at(day: pl.Expr) -> pl.Expr:
    """Age in completed years on ``day`` from ``pt_birth``, else ``pt_age`` (float)."""
    birth = pl.col("pt_birth")
    before_birthday = (day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)) < (
        birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)
    )
    years = (
        day.dt.year().cast(pl.Int32)
        - birth.dt.year().cast(pl.Int32)
        - before_birthday.cast(pl.Int32)
    )
    return pl.when(birth.is_not_null()).then(years.cast(pl.Float64)).otherwise(pl.col("pt_age"))


def egfr_reading(prefix: str, role: str, equation: str) -> XReading:
    """`read_egfr` on columns ``prefix + ...``."""
    name = f"{role}.egfr"
    reported = pl.col(prefix + "egfr_x").is_not_null()
    has_cr = pl.col(prefix + "cr_x").is_not_null()
    sex = pl.col("pt_sex")
    age = age_at(pl.col(prefix + "date"))
    cystatin = pl.col(prefix + "cys_c")
    black = pl.col("pt_black")
    sex_miss = sex.is_null()
    age_miss = age.is_null()
    cys_miss = cystatin.is_null() if equation == "ckd-epi-2021-cr-cys" else _FALSE
    black_miss = black.is_null() if equation == "ckd-epi-2009-cr" else _FALSE
    needs = sex_miss | age_miss | cys_miss | black_miss
    scr = pl.col(prefix + "cr_c")
    value, reason = BUILDERS[equation](
        EgfrInputs(creatinine=scr, age=age, sex=sex, cystatin_c=cystatin, is_black=black)
    )
    tries = ~reported & has_cr & ~needs
    computed = tries & reason.is_null()
    known = reported | computed
    exact_scr = (pl.col(prefix + "cr_u") == "mg/dL") & pl.col(prefix + "cr_ex")
    # The equation's float inputs equal the scalar path's float(canonical) when the factor is
    # 1 (a value's float is its exact float, also for long decimal text) and the age comes
    # from a birth date or an accepted age: then the computed eGFR is the same double.
    float_scr = pl.col(prefix + "cr_u") == "mg/dL"
    age_exact = pl.col("pt_birth").is_not_null() | pl.col("pt_age").is_not_null()
    edge = (scr - spec_for(Quantity.CREATININE).plausible_max.__float__()).abs() <= 30 * TOLERANCE
    return XReading(
        name=name,
        quantity=Quantity.EGFR,
        x=pl.when(reported).then(pl.col(prefix + "egfr_x")).otherwise(value),
        u=pl.when(reported)
        .then(pl.col(prefix + "egfr_u"))
        .otherwise(pl.lit(spec_for(Quantity.EGFR).canonical_unit)),
        c=pl.when(reported).then(pl.col(prefix + "egfr_c")).otherwise(value),
        ex=pl.when(reported).then(pl.col(prefix + "egfr_ex")).otherwise(_FALSE),
        known=known,
        missing=(
            (name, ~reported & (~has_cr | (tries & reason.is_not_null()))),
            ("patient.sex", ~reported & has_cr & sex_miss),
            ("patient.age", ~reported & has_cr & age_miss),
            (f"{role}.cystatin_c", ~reported & has_cr & cys_miss),
            ("patient.is_black", ~reported & has_cr & black_miss),
        ),
        flags=((FLAG_EGFR_COMPUTED, computed),),
        ambiguous=(tries & ~exact_scr & edge).fill_null(False),
        rv=pl.when(reported).then(pl.col(prefix + "egfr_x")).otherwise(value),
        ru=pl.when(reported)
        .then(pl.col(prefix + "egfr_u"))
        .otherwise(pl.lit(spec_for(Quantity.EGFR).canonical_unit)),
        rmode=pl.when(reported)
        .then(_exact_mode(prefix + "egfr_"))
        .when(float_scr.fill_null(False) & age_exact)
        .then(pl.lit(EXACT_DECIMAL, dtype=pl.Int8))
        .otherwise(pl.lit(EXACT_NONE, dtype=pl.Int8)),
        rt=pl.when(reported).then(pl.col(prefix + "egfr_text")),
    )


def kidney_function_reading(prefix: str, role: str, metric: str, equation: str) -> XReading:
    """EGFR (``metric="egfr"``) or creatinine reading from columns ``prefix + ...``."""
    if metric == "egfr":
        return egfr_reading(prefix, role, equation)
    return measure_reading(prefix + "cr_", f"{role}.creatinine", Quantity.CREATININE)


# =============================================================================== criteria


@attrs.frozen
class XCrit:
    """A criterion as expressions.

    Attributes:
        id: Criterion id (as in the scalar decision).
        outcome: Nullable boolean: true = met, false = not met, null = unknown.
        ambiguous: True where the outcome must be decided exactly by the scalar path.
        children: Sub-criteria (composites).
    """

    id: str
    outcome: pl.Expr
    ambiguous: pl.Expr
    children: tuple[XCrit, ...] = ()
    resolve: Resolver | None = None


def threshold_crit(threshold: Threshold, reading: XReading, *, id: str | None = None) -> XCrit:
    """`threshold_criterion` as expressions."""
    if reading.quantity is not threshold.quantity:
        raise LupusNephritisError(
            f"threshold {threshold.id} compares {threshold.quantity.value}, "
            f"got a {reading.quantity.value} reading ({reading.name})"
        )
    sign_exact, unresolved = signed_given(
        reading.x, reading.u, threshold.quantity, threshold.canonical
    )
    target = float(threshold.canonical)
    sign_float, thin = float_sign(reading.c - target, reading.c.abs() + abs(target))
    exact = holds(threshold.comparator, sign_exact)
    approx = holds(threshold.comparator, sign_float)
    outcome = pl.when(reading.known).then(pl.when(reading.ex).then(exact).otherwise(approx))
    ambiguous = (reading.known & pl.when(reading.ex).then(unresolved).otherwise(thin)).fill_null(
        False
    ) | reading.ambiguous
    quantity = reading.quantity

    def decide(row: Mapping[str, Any]) -> bool | None:
        if row["own_amb"]:
            raise Unresolvable
        value = _row_value(row, "v_", quantity)
        return None if value is None else threshold.holds(value)

    resolver = Resolver({**_reading_exprs("v_", reading), "own_amb": reading.ambiguous}, decide)
    return XCrit(id or threshold.id, outcome, ambiguous, resolve=resolver)


def relative_crit(
    threshold: Threshold,
    reference: XReading,
    current: XReading,
    *,
    mode: str,
    id: str | None = None,
) -> XCrit:
    """`relative_criterion` as expressions.

    The percentage ``p`` is never formed: ``sign(p - T)`` is the sign of a linear form in the
    two canonical values (``reduction``: ``(100 - T) r - 100 c``; ``increase``:
    ``100 c - (100 + T) r``; ``percent_of``: ``100 c - T r``; the reference ``r`` is > 0),
    decided in float only outside the tolerance band.
    """
    if threshold.quantity is not Quantity.PERCENT:
        raise LupusNephritisError(f"threshold {threshold.id} is not a percentage")
    if reference.quantity is not current.quantity:
        raise LupusNephritisError(f"{reference.name} and {current.name} are different quantities")
    t = float(threshold.value)
    r = reference.c
    c = current.c
    if mode == "reduction":
        a, b = 100.0 - t, 100.0
        margin = a * r - b * c
    elif mode == "increase":
        a, b = 100.0 + t, 100.0
        margin = b * c - a * r
    elif mode == "percent_of":
        a, b = t, 100.0
        margin = b * c - a * r
    else:  # pragma: no cover - programming error
        raise LupusNephritisError(f"unknown relative mode {mode!r}")
    scale = abs(a) * r.abs() + b * c.abs()
    sign, thin = float_sign(margin, scale)
    known = reference.known & current.known & (r != 0)
    outcome = pl.when(known).then(holds(threshold.comparator, sign))
    ambiguous = (known & thin).fill_null(False) | reference.ambiguous | current.ambiguous
    percent = _PERCENT[mode]
    quantity = current.quantity

    def decide(row: Mapping[str, Any]) -> bool | None:
        if row["own_amb"]:
            raise Unresolvable
        value = percent(_row_value(row, "r_", quantity), _row_value(row, "c_", quantity))
        return None if value is None else threshold.holds(value)

    inputs = {
        **_reading_exprs("r_", reference),
        **_reading_exprs("c_", current),
        "own_amb": reference.ambiguous | current.ambiguous,
    }
    return XCrit(id or threshold.id, outcome, ambiguous, resolve=Resolver(inputs, decide))


_PERCENT: dict[str, Callable[[Fraction | None, Fraction | None], Fraction | None]] = {
    "reduction": percent_reduction,
    "increase": percent_change,
    "percent_of": percent_of,
}


def stability_crit(band: Threshold, reference: XReading, current: XReading) -> XCrit:
    """Kidney-function stability: eGFR decline or creatinine rise at most ``band``."""
    mode = "increase" if current.quantity is Quantity.CREATININE else "reduction"
    return relative_crit(band, reference, current, mode=mode)


def combine_crit(id: str, children: Sequence[XCrit], *, mode: str) -> XCrit:
    """Kleene ``all`` / ``any`` of ``children``."""
    outcome = children[0].outcome
    ambiguous = children[0].ambiguous
    for child in children[1:]:
        outcome = (outcome & child.outcome) if mode == "all" else (outcome | child.outcome)
        ambiguous = ambiguous | child.ambiguous
    return XCrit(id, outcome, ambiguous, tuple(children))


def event_free_crit(id: str, count_column: str) -> XCrit:
    """Met when no event was counted (the events table is the complete record)."""
    return XCrit(id, pl.col(count_column) == 0, _FALSE)


# =============================================================================== verdicts


def categorize(complete: pl.Expr, partial: pl.Expr | None) -> pl.Expr:
    """`categorize` as an expression."""
    verdict = (
        pl.when(complete.is_null())
        .then(pl.lit("not_evaluable"))
        .when(complete)
        .then(pl.lit("complete"))
    )
    if partial is None:
        return verdict.otherwise(pl.lit("none"))
    return (
        verdict.when(partial.is_null())
        .then(pl.lit("not_evaluable"))
        .when(partial)
        .then(pl.lit("partial"))
        .otherwise(pl.lit("none"))
    )


def apply_policy(
    category: pl.Expr, policy: str, event_free: XCrit | None
) -> tuple[pl.Expr, tuple[Named, ...]]:
    """`apply_policy` as expressions."""
    chosen = Policy(policy)
    if chosen is Policy.NOT_EVALUABLE or event_free is None:
        return category, ()
    had_event = event_free.outcome.not_()
    event_flag = had_event & (category != "none")
    after_events = pl.when(had_event).then(pl.lit("none")).otherwise(category)
    if chosen is Policy.NON_RESPONDER:
        imputed = ~had_event & (category == "not_evaluable")
        final = pl.when(imputed).then(pl.lit("none")).otherwise(after_events)
        return final, (
            (FLAG_EVENT_NON_RESPONDER, event_flag),
            (FLAG_IMPUTED_NON_RESPONDER, imputed),
        )
    return after_events, ((FLAG_EVENT_NON_RESPONDER, event_flag),)


def specimen_differs(reference: XReading, current: XReading) -> Named:
    """`specimen_flags` as a named condition."""
    return (
        FLAG_SPECIMEN_DIFFERS,
        (
            reference.qualifier.is_not_null()
            & current.qualifier.is_not_null()
            & (reference.qualifier != current.qualifier)
        ).fill_null(False),
    )


def reference_zero(*references: XReading) -> Named:
    """`reference_zero_flags` as a condition."""
    zero = _FALSE
    for reading in references:
        zero = zero | (reading.known & (reading.c == 0)).fill_null(False)
    return FLAG_REFERENCE_ZERO, zero


@attrs.frozen
class Spliced:
    """Names that vary by row (a ``list[str]`` expression, in trace order), spliced into a list.

    For a span of visits whose names carry a date (``visit-2021-03-04.upcr``) or whose
    number varies by row. A null list contributes nothing.
    """

    names: pl.Expr


def _names(items: Sequence[Named | Spliced]) -> pl.Expr:
    """The names whose condition holds, in trace order, each once (its first occurrence)."""
    if not items:
        return pl.lit("")
    if any(isinstance(item, Spliced) for item in items):
        lists = [
            item.names.fill_null(pl.lit([], dtype=pl.List(pl.String)))
            if isinstance(item, Spliced)
            else pl.concat_list([pl.when(item[1].fill_null(False)).then(pl.lit(item[0]))])
            for item in items
        ]
        return (
            pl.concat_list(lists)
            .list.drop_nulls()
            .list.unique(maintain_order=True)
            .list.join(ROW_LIST_SEPARATOR)
        )
    parts: list[pl.Expr] = []
    earlier: dict[str, list[pl.Expr]] = {}
    for item in items:
        assert not isinstance(item, Spliced)
        name, cond = item
        holds_now = cond.fill_null(False)
        emitted = holds_now
        for previous in earlier.get(name, ()):
            emitted = emitted & ~previous
        earlier.setdefault(name, []).append(holds_now)
        parts.append(pl.when(emitted).then(pl.lit(name)))
    return pl.concat_str(parts, separator=ROW_LIST_SEPARATOR, ignore_nulls=True)


def _depth_first(criteria: Sequence[XCrit]) -> list[XCrit]:
    ordered: list[XCrit] = []
    stack = list(reversed(criteria))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def outcome_text(outcome: pl.Expr) -> pl.Expr:
    """A nullable boolean outcome as its ``Outcome`` value (null = ``unknown``)."""
    return (
        pl.when(outcome.is_null())
        .then(pl.lit(Outcome.UNKNOWN.value))
        .when(outcome)
        .then(pl.lit(Outcome.MET.value))
        .otherwise(pl.lit(Outcome.NOT_MET.value))
    )


def decision_columns(
    rule_set: RuleSet,
    verdict: pl.Expr,
    criteria: Sequence[XCrit],
    *,
    missing: Sequence[Named | Spliced],
    flags: Sequence[Named | Spliced],
    policy: str | None,
    extra_ambiguity: Sequence[pl.Expr] = (),
    details: Sequence[tuple[str, pl.Expr]] = (),
) -> list[pl.Expr]:
    """The row columns (as `Decision.to_row`) plus ``_amb`` (decide with the scalar path).

    ``details``: ``(name, text expression)`` of each ``DTL_<name>`` column (null = the
    decision has no such detail, or its value is unknown).
    """
    columns = [
        pl.lit(rule_set.id).alias("PARAMCD"),
        pl.lit(rule_set.key).alias("RULESET"),
        pl.lit(rule_set.kind.value).alias("KIND"),
        verdict.alias("AVALC"),
        pl.col("_t").alias("ADT"),
        pl.lit(policy, dtype=pl.String).alias("POLICY"),
        _names(missing).alias("MISSING"),
        _names(flags).alias("FLAGS"),
    ]
    seen: set[str] = set()
    ambiguous: pl.Expr = _FALSE
    for node in _depth_first(criteria):
        ambiguous = ambiguous | node.ambiguous
        if node.id in seen:
            continue
        seen.add(node.id)
        columns.append(outcome_text(node.outcome).alias(CRITERION_COLUMN_PREFIX + node.id))
    for name, value in details:
        columns.append(value.cast(pl.String).alias(DETAIL_COLUMN_PREFIX + name))
    for extra in extra_ambiguity:
        ambiguous = ambiguous | extra
    columns.append(ambiguous.fill_null(False).alias("_amb"))
    return columns


def point_text(default_week: int) -> pl.Expr:
    """`describe_point` as an expression."""
    return (
        pl.when(pl.col("at_kind") == "date")
        .then(pl.col("at_date").dt.strftime("%Y-%m-%d"))
        .when(pl.col("at_kind") == "week")
        .then(pl.lit("week ") + pl.col("at_week").cast(pl.String))
        .otherwise(pl.lit(f"week {default_week}"))
    )


def exact_fraction(value: Fraction) -> float:
    """A canonical constant as float (for documentation of what the float path compares)."""
    return float(value)


__all__ = [
    "GUARD_HI",
    "GUARD_LO",
    "Named",
    "Spliced",
    "Workspace",
    "XCrit",
    "XReading",
    "age_at",
    "apply_policy",
    "assessment_dates",
    "categorize",
    "combine_crit",
    "decision_columns",
    "egfr_reading",
    "event_free_crit",
    "kidney_function_reading",
    "measure_reading",
    "outcome_text",
    "point_text",
    "reference_zero",
    "relative_crit",
    "specimen_differs",
    "stability_crit",
    "threshold_crit",
    "upcr_reading",
]
