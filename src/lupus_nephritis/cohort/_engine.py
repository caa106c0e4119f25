"""Vectorised counterparts of the response engine's primitives (:mod:`criteria.response._common`).

A compiled rule set reads like its scalar ``evaluate``: the same five steps, each a function
here that builds polars expressions instead of Python values.

1. **Assessment point.** :func:`assessment_dates` gives every assessment row its date
   (``_t``), exactly as :func:`~lupus_nephritis.criteria.response._common.resolve_assessment_date`
   does (study week *w* = start + 7*w days; dates before the start and dates too close to the
   calendar's ends are refused: such rows go to the rejected table).
2. **Visit matching.** :meth:`Workspace.match` picks, per assessment and per datum, the visit
   the :class:`~lupus_nephritis.timeline.VisitWindow` selects among the visits that have that
   datum (window: nearest within ``[t - before, t + after]``, ties to the later visit;
   nearest: the same without bounds; last observation: the latest on or before ``t``, within
   ``before`` days when ``before`` is not 0), like :func:`~lupus_nephritis.timeline.select_visit`.
3. **Readings.** :class:`XReading` is a :class:`~lupus_nephritis.criteria.response._common.Reading`
   made of expressions: value in its unit (``x``, ``u``), canonical float (``c``), whether ``x``
   is faithful (``ex``), the missing-input names and the flags (each with the condition under
   which it is recorded), and the qualifier (specimen / equation).
4. **Criteria.** :func:`threshold_crit`, :func:`relative_crit`, :func:`stability_crit`,
   :func:`combine_crit`, :func:`event_free_crit` return :class:`XCrit` (a nullable boolean:
   null = unknown, so polars' Kleene ``&`` / ``|`` are the library's ``all_of`` / ``any_of``)
   together with an *ambiguity* expression: true where a float margin is too thin to decide
   (see :mod:`._exact`); such a row is decided by the scalar path.
5. **Verdict.** :func:`categorize` and :func:`apply_policy` map outcomes to the category and
   the policy flags, :func:`decision_columns` writes the row (same columns as
   :meth:`lupus_nephritis.decisions.Decision.to_row`): missing inputs and flags are collected
   in the scalar trace's order and de-duplicated keeping the first occurrence.

Adding a rule set (e.g. a trial endpoint) means writing its compiler with these primitives
and registering it in :data:`lupus_nephritis.cohort._response.COMPILERS` under its
``id@version``; see the developer section of the cohort guide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

import attrs
import polars as pl

from lupus_nephritis.cohort._egfr import BUILDERS, EgfrInputs
from lupus_nephritis.cohort._exact import TOLERANCE, float_sign, holds, signed_given
from lupus_nephritis.cohort._ingest import Cohort
from lupus_nephritis.cohort.columns import VISIT_ROLE
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
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import VisitMatching, VisitWindow
from lupus_nephritis.units import Quantity, spec_for

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
    """The assessment rows of one rule set, with the matched data joined on as columns."""

    def __init__(self, cohort: Cohort, assessments: pl.DataFrame) -> None:
        self.cohort = cohort
        self.frame = assessments
        self._done: set[str] = set()
        self._keys = assessments.select("_aid", "subject", "_t")

    # ------------------------------------------------------------------ tables
    def _table(self, field: str) -> pl.DataFrame | None:
        return self.cohort.measures.get(field)

    def _visits(self, field: str) -> pl.DataFrame | None:
        table = self._table(field)
        if table is None:
            return None
        return table.filter(pl.col("role") == VISIT_ROLE)

    def _attach(self, columns: pl.DataFrame, on: str | list[str]) -> None:
        self.frame = self.frame.join(columns, on=on, how="left")

    def _null_columns(
        self, prefix: str, names: Iterable[str], dtypes: dict[str, pl.DataType]
    ) -> None:
        self.frame = self.frame.with_columns(
            pl.lit(None, dtype=dtypes[n]).alias(prefix + n) for n in names
        )

    # ------------------------------------------------------------------ matching
    def _best(self, candidates: pl.DataFrame, window: VisitWindow) -> pl.DataFrame:
        """Per assessment, the candidate row the window selects (``_aid`` + its columns)."""
        joined = self._keys.join(candidates, on="subject", how="inner")
        d = (pl.col("date") - pl.col("_t")).dt.total_days()
        if window.method is VisitMatching.LAST_OBSERVATION:
            keep = d <= 0
            if window.before_days:
                keep = keep & (d >= -window.before_days)
            key = -d
        else:
            keep = pl.lit(True)
            if window.method is VisitMatching.WINDOW:
                keep = (d >= -window.before_days) & (d <= window.after_days)
            key = d.abs() * 2 + (d < 0).cast(pl.Int64)
        joined = joined.filter(keep).with_columns(_k=key)
        return joined.filter(pl.col("_k") == pl.col("_k").min().over("_aid")).drop(
            "_k", "subject", "_t"
        )

    def match(
        self,
        field: str,
        window: VisitWindow,
        prefix: str,
        *,
        specimen: Specimen | None = None,
    ) -> str:
        """Attach ``prefix`` + ``x, u, c, ex, specimen, date`` of the matched visit of ``field``."""
        key = f"match:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        table = self._visits(field)
        names = ("x", "u", "c", "ex", "specimen", "assumed", "date")
        if table is not None and specimen is not None:
            table = table.filter(pl.col("specimen") == specimen.value)
        if table is None or table.height == 0:
            self._null_columns(prefix, names, _DTYPES)
            return prefix
        best = self._best(table.select("subject", "date", *names[:-1]), window)
        self._attach(best.rename({n: prefix + n for n in names}), "_aid")
        return prefix

    def reference(self, field: str, role: str, prefix: str) -> str:
        """Attach ``prefix`` + ``x, u, c, ex, specimen, date`` of the reference visit."""
        key = f"ref:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        table = self._table(field)
        names = ("x", "u", "c", "ex", "specimen", "assumed", "date")
        if table is None:
            self._null_columns(prefix, names, _DTYPES)
            return prefix
        rows = table.filter(pl.col("role") == role).select("subject", *names)
        self._attach(rows.rename({n: prefix + n for n in names}), "subject")
        return prefix

    def _at_date(self, field: str, prefix: str, date_col: str, *, role: str | None) -> None:
        """Attach ``field``'s values on the visit dated ``date_col`` (same subject and role)."""
        table = self._table(field)
        names = ("x", "u", "c", "ex")
        if table is None:
            self._null_columns(prefix, names, _DTYPES)
            return
        wanted = VISIT_ROLE if role is None else role
        rows = table.filter(pl.col("role") == wanted).select(
            "subject", pl.col("date").alias(date_col), *names
        )
        self._attach(rows.rename({n: prefix + n for n in names}), ["subject", date_col])

    def match_egfr(self, window: VisitWindow, prefix: str) -> str:
        """Attach the visit matched for an eGFR (one with an eGFR or a creatinine)."""
        key = f"egfr:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        dates = [
            t.select("subject", "date")
            for t in (self._visits("egfr"), self._visits("creatinine"))
            if t is not None
        ]
        if not dates:
            self.frame = self.frame.with_columns(pl.lit(None, dtype=pl.Date).alias(prefix + "date"))
        else:
            candidates = pl.concat(dates).unique()
            best = self._best(candidates, window)
            self._attach(best.rename({"date": prefix + "date"}), "_aid")
        self._at_date("egfr", prefix + "egfr_", prefix + "date", role=None)
        self._at_date("creatinine", prefix + "cr_", prefix + "date", role=None)
        self._at_date("cystatin_c", prefix + "cys_", prefix + "date", role=None)
        return prefix

    def reference_egfr(self, role: str, prefix: str) -> str:
        """Attach the reference visit's eGFR, creatinine and cystatin C (and its date)."""
        key = f"refegfr:{prefix}"
        if key in self._done:
            return prefix
        self._done.add(key)
        dates = [
            t.filter(pl.col("role") == role).select("subject", "date")
            for t in (self._table(f) for f in ("egfr", "creatinine", "cystatin_c"))
            if t is not None
        ]
        if not dates:
            self.frame = self.frame.with_columns(pl.lit(None, dtype=pl.Date).alias(prefix + "date"))
        else:
            self._attach(pl.concat(dates).unique().rename({"date": prefix + "date"}), "subject")
        self._at_date("egfr", prefix + "egfr_", prefix + "date", role=role)
        self._at_date("creatinine", prefix + "cr_", prefix + "date", role=role)
        self._at_date("cystatin_c", prefix + "cys_", prefix + "date", role=role)
        return prefix

    def patient(self) -> None:
        """Attach ``pt_sex, pt_birth, pt_age, pt_black``."""
        if "patient" in self._done:
            return
        self._done.add("patient")
        table = self.cohort.patients.select(
            "subject",
            pl.col("sex").alias("pt_sex"),
            pl.col("birth").alias("pt_birth"),
            pl.col("age_x").alias("pt_age"),
            pl.col("is_black").alias("pt_black"),
        )
        self._attach(table, "subject")

    def event_count(self, types: Sequence[EventType], prefix: str) -> str:
        """Attach ``prefix + "n"``: events of ``types`` from the start to ``_t`` (inclusive)."""
        key = f"events:{prefix}"
        if key in self._done:
            return prefix + "n"
        self._done.add(key)
        wanted = [t.value for t in types]
        events = self.cohort.events.filter(pl.col("type").is_in(wanted))
        counted = (
            self.frame.select("_aid", "subject", "start", "_t")
            .join(events, on="subject", how="inner")
            .filter((pl.col("date") >= pl.col("start")) & (pl.col("date") <= pl.col("_t")))
            .group_by("_aid")
            .agg(pl.len().alias(prefix + "n"))
        )
        self._attach(counted, "_aid")
        self.frame = self.frame.with_columns(pl.col(prefix + "n").fill_null(0))
        return prefix + "n"


_DTYPES: dict[str, pl.DataType] = {
    "x": pl.Float64(),
    "u": pl.String(),
    "c": pl.Float64(),
    "ex": pl.Boolean(),
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
    )


def upcr_reading(
    prefix: str, name: str, *, expected: Specimen | None, reject_other: bool, filtered: bool
) -> XReading:
    """:func:`~lupus_nephritis.criteria.response._common.read_upcr` on columns ``prefix + ...``.

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
    """:func:`~lupus_nephritis.criteria.response._common.read_egfr` on columns ``prefix + ...``."""
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


def threshold_crit(threshold: Threshold, reading: XReading, *, id: str | None = None) -> XCrit:
    """:func:`~lupus_nephritis.criteria.response._common.threshold_criterion` as expressions."""
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
    return XCrit(id or threshold.id, outcome, ambiguous)


def relative_crit(
    threshold: Threshold,
    reference: XReading,
    current: XReading,
    *,
    mode: str,
    id: str | None = None,
) -> XCrit:
    """:func:`~lupus_nephritis.criteria.response._common.relative_criterion` as expressions.

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
    return XCrit(id or threshold.id, outcome, ambiguous)


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
    """:func:`~lupus_nephritis.criteria.response._common.categorize` as an expression."""
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
    """:func:`~lupus_nephritis.criteria.response._common.apply_policy` as expressions."""
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
    """:func:`~lupus_nephritis.criteria.response._common.specimen_flags` as a named condition."""
    return (
        FLAG_SPECIMEN_DIFFERS,
        (
            reference.qualifier.is_not_null()
            & current.qualifier.is_not_null()
            & (reference.qualifier != current.qualifier)
        ).fill_null(False),
    )


def reference_zero(*references: XReading) -> Named:
    """:func:`~lupus_nephritis.criteria.response._common.reference_zero_flags` as a condition."""
    zero = _FALSE
    for reading in references:
        zero = zero | (reading.known & (reading.c == 0)).fill_null(False)
    return FLAG_REFERENCE_ZERO, zero


def _names(items: Sequence[Named]) -> pl.Expr:
    if not items:
        return pl.lit("")
    listed = pl.concat_list(
        [pl.when(cond.fill_null(False)).then(pl.lit(name)) for name, cond in items]
    )
    return listed.list.drop_nulls().list.unique(maintain_order=True).list.join(ROW_LIST_SEPARATOR)


def _depth_first(criteria: Sequence[XCrit]) -> list[XCrit]:
    ordered: list[XCrit] = []
    stack = list(reversed(criteria))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def _outcome_text(outcome: pl.Expr) -> pl.Expr:
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
    missing: Sequence[Named],
    flags: Sequence[Named],
    policy: str | None,
    extra_ambiguity: Sequence[pl.Expr] = (),
    details: Sequence[tuple[str, pl.Expr]] = (),
) -> list[pl.Expr]:
    """The row columns (as :meth:`Decision.to_row`) plus ``_amb`` (decide with the scalar path).

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
        columns.append(_outcome_text(node.outcome).alias(CRITERION_COLUMN_PREFIX + node.id))
    for name, value in details:
        columns.append(value.cast(pl.String).alias(DETAIL_COLUMN_PREFIX + name))
    for extra in extra_ambiguity:
        ambiguous = ambiguous | extra
    columns.append(ambiguous.fill_null(False).alias("_amb"))
    return columns


def point_text(default_week: int) -> pl.Expr:
    """:func:`~lupus_nephritis.criteria.response._common.describe_point` as an expression."""
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
    "point_text",
    "reference_zero",
    "relative_crit",
    "specimen_differs",
    "stability_crit",
    "threshold_crit",
    "upcr_reading",
]
