"""Compilers of the trial endpoints (`lupus_nephritis.criteria.response._trials`).

Each compiler mirrors its scalar ``evaluate`` step by step, on the primitives of
`._engine`, with what the trials add:

* **eGFR confirmation at a later visit** (`confirmation_visit`): the next follow-up
  visit after the matched eGFR visit (within the rule set's
  `Confirmation` interval) whose eGFR is known (reported, or
  computable with the chosen equation from that visit's creatinine and the patient), found
  by one binary search in the sorted table of such visits, as
  `confirm` walks the visits;
* **glucocorticoid exposure windows** (`steroid_crit`): the window "the N weeks up to
  the assessment" under the ``exposure_window`` reading, clipped to the treatment start, and
  the rule's clauses decided from the exact day counts of `._doses`;
* **events** from the course start up to the assessment (rescue, adjudicated eGFR events,
  the policy's intercurrent events), from the events side table;
* the **verdict** of `finish` (a primary
  complete response that decides the endpoint, the partial response's undecided case, the
  policy, the endpoint details).

Handover to the scalar path happens only where the engine's exact machinery cannot decide a
row: a float margin within the tolerance band that no exact rebuild settles (computed eGFR
at a percent boundary), or a candidate confirming visit whose eGFR computability is itself
ambiguous (a creatinine within a few ULPs of the plausibility limit). Dose records are exact
integers, so the steroid rule never hands a row over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from lupus_nephritis.cohort._doses import exposure_counts, exposure_runs
from lupus_nephritis.cohort._engine import (
    Named,
    Spliced,
    Workspace,
    XCrit,
    XReading,
    apply_policy,
    categorize,
    combine_crit,
    decision_columns,
    egfr_reading,
    event_free_crit,
    measure_reading,
    point_text,
    reference_zero,
    relative_crit,
    specimen_differs,
    stability_crit,
    threshold_crit,
    upcr_reading,
)
from lupus_nephritis.cohort._tables import KEY_SHIFT, day_key
from lupus_nephritis.criteria.response._common import (
    Policy,
    pick_point,
    pick_threshold,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    FLAG_PARTIAL_NOT_EVALUABLE,
    Adjudication,
    EgfrConfirmation,
)
from lupus_nephritis.models import EventType, Specimen
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import (
    DEFAULT_WEEK_WINDOW_READING,
    EXPOSURE_WINDOW_OPTION,
    Confirmation,
    ExposureRule,
    VisitWindow,
    WeekWindowReading,
)
from lupus_nephritis.units import Quantity

_FALSE = pl.lit(False)


def trial_week(rule_set: RuleSet, opts: Mapping[str, Any]) -> int:
    """Default study week of a trial rule set (its ``time_point`` option)."""
    return pick_point(rule_set.parameters.time_points, opts["time_point"]).week


# ----------------------------------------------------------------------------- subjects


def _subject_column(ws: Workspace, column: str, name: str) -> pl.Expr:
    """Attach a column of the subjects table (by ``sid``) as ``name``."""
    if name not in ws.frame.columns:
        values = ws.cohort.subjects.get_column(column).gather(ws.frame.get_column("sid"))
        ws.frame = ws.frame.with_columns(values.alias(name))
    return pl.col(name)


def _event_count(ws: Workspace, types: tuple[EventType, ...], prefix: str) -> pl.Expr:
    return pl.col(ws.event_count(types, prefix))


# ----------------------------------------------------------------------------- eGFR


def _known_egfr_visits(ws: Workspace, equation: str) -> pl.DataFrame:
    """``K, date, amb``: follow-up visits with a known eGFR (or an ambiguous one), by ``K``."""
    key = ("trials-egfr-visits", equation)
    cached = ws.cohort._cache.get(key)
    if cached is not None:
        return cached
    parts = [
        ws.cohort.visits[field].select("sid", "date")
        for field in ("egfr", "creatinine")
        if field in ws.cohort.visits
    ]
    schema = {"K": pl.Int64, "sid": pl.Int64, "date": pl.Date, "amb": pl.Boolean}
    if not parts:
        table = pl.DataFrame(schema=schema)
    else:
        visits = (
            pl.concat(parts)
            .unique()
            .sort("sid", "date")
            .with_columns(_aid=pl.int_range(pl.len(), dtype=pl.Int64), c_v_date=pl.col("date"))
        )
        vws = Workspace(ws.cohort, visits)
        vws.patient()
        for field, short in (("egfr", "egfr_"), ("creatinine", "cr_"), ("cystatin_c", "cys_")):
            vws._at_date(field, "c_v_" + short, "c_v_date", role=None)
        reading = egfr_reading("c_v_", "confirmation", equation)
        table = vws.frame.select(
            day_key(pl.col("sid"), pl.col("date")).alias("K"),
            "sid",
            "date",
            reading.known.fill_null(False).alias("_known"),
            reading.ambiguous.fill_null(False).alias("amb"),
        ).filter(pl.col("_known") | pl.col("amb"))
        table = table.select("K", "sid", "date", "amb").sort("K")
    ws.cohort._cache[key] = table
    return table


def confirmation_visit(
    ws: Workspace, confirmation: Confirmation, equation: str, index: str, prefix: str
) -> tuple[pl.Expr, pl.Expr]:
    """Attach the confirming visit's eGFR columns (``prefix`` + ``date``, ``egfr_``...).

    The confirming visit is the first follow-up visit at least ``min_days`` (and at most
    ``max_days``) after the visit dated ``index`` whose eGFR is known, as
    `confirm` finds it.

    Returns:
        ``(found, ambiguous)``: whether there is such a visit, and whether the first
        candidate's eGFR computability is ambiguous (the row goes to the scalar path).
    """
    table = _known_egfr_visits(ws, equation)
    lo = pl.col(index) + pl.duration(days=confirmation.min_days)
    key = ws.frame.select(day_key(pl.col("sid"), lo)).to_series()
    n = table.height
    if n == 0:
        ws.frame = ws.frame.with_columns(
            pl.lit(None, dtype=pl.Date).alias(prefix + "date"),
            pl.lit(False).alias(prefix + "amb"),
        )
    else:
        keys = table.get_column("K")
        pos = keys.search_sorted(key.fill_null(0), side="left").cast(pl.Int64)
        pos = pl.select(pl.when(pos < n).then(pos)).to_series()
        found_key = keys.gather(pos)
        same = (found_key // (1 << KEY_SHIFT)) == ws.frame.get_column("sid")
        ok = same.fill_null(False) & key.is_not_null()
        dates = table.get_column("date").gather(pos)
        ambs = table.get_column("amb").gather(pos)
        frame = pl.DataFrame({"ok": ok, "d": dates, "a": ambs, "i": ws.frame.get_column(index)})
        within = pl.lit(True)
        if confirmation.max_days is not None:
            within = pl.col("d") <= pl.col("i") + pl.duration(days=confirmation.max_days)
        chosen = frame.select(
            pl.when(pl.col("ok") & within).then(pl.col("d")).alias(prefix + "date"),
            (pl.col("ok") & within & pl.col("a")).fill_null(False).alias(prefix + "amb"),
        )
        ws.frame = ws.frame.with_columns(chosen.get_columns())
    for field, short in (("egfr", "egfr_"), ("creatinine", "cr_"), ("cystatin_c", "cys_")):
        ws._at_date(field, prefix + short, prefix + "date", role=None)
    return pl.col(prefix + "date").is_not_null(), pl.col(prefix + "amb")


def aurora_kidney_function(
    ws: Workspace,
    *,
    floor: Threshold,
    band: Threshold,
    confirmation: Confirmation,
    window: VisitWindow,
    equation: str,
    confirmation_mode: str,
    adjudication_mode: str,
    reference_role: str = "baseline",
) -> tuple[XCrit, list[Named], list[Named]]:
    """The AURORA eGFR component (`.._trials.aurora_kidney_function`).

    Returns:
        The ``kidney-function`` criterion, the missing inputs and the flags it records, in
        the scalar trace's order.
    """
    ws.patient()
    ws.reference_egfr(reference_role, "r_kf_")
    ws.match_egfr(window, "a_kf_")
    reference = ws.reading(egfr_reading("r_kf_", reference_role, equation))
    current = ws.reading(egfr_reading("a_kf_", "assessment", equation))
    at_floor = ws.crit(threshold_crit(floor, current))
    stable = ws.crit(stability_crit(band, reference, current))
    children = [at_floor, stable]
    missing: list[Named] = [*reference.missing, *current.missing]
    flags: list[Named] = [*reference.flags, reference_zero(reference), *current.flags]
    (failure,) = ws.put_many([~at_floor.outcome & ~stable.outcome])
    if EgfrConfirmation(confirmation_mode) is EgfrConfirmation.NEXT_MEASUREMENT:
        found, search_amb = confirmation_visit(ws, confirmation, equation, "a_kf_date", "c_kf_")
        confirming = ws.reading(egfr_reading("c_kf_", "confirmation", equation))
        c_floor = ws.crit(threshold_crit(floor, confirming))
        c_stable = ws.crit(stability_crit(band, reference, confirming))
        confirmed = ~c_floor.outcome & ~c_stable.outcome
        pending = failure.fill_null(False) & pl.col("a_kf_date").is_not_null()
        outcome = (
            pl.when(failure.not_())
            .then(pl.lit(True))
            .when(failure.is_null() | pl.col("a_kf_date").is_null())
            .then(pl.lit(None, dtype=pl.Boolean))
            .when(found)
            .then(confirmed.not_())
        )
        ambiguous = pending & (search_amb | (found & (c_floor.ambiguous | c_stable.ambiguous)))
        children.append(
            ws.crit(XCrit("egfr-failure-not-confirmed", outcome, ambiguous.fill_null(False)))
        )
        missing.append(("confirmation.egfr", pending & ~found))
    if Adjudication(adjudication_mode) is Adjudication.ADJUDICATED:
        count = _event_count(ws, (EventType.ADJUDICATED_EGFR_EVENT,), "adj_")
        recorded = _subject_column(ws, "adj_egfr", "_adj_egfr")
        value = pl.when(count > 0).then(pl.lit(True)).otherwise(recorded)
        children.append(ws.crit(XCrit("no-adjudicated-egfr-event", value.not_(), _FALSE)))
    kidney = ws.crit(combine_crit("kidney-function", children, mode="any"))
    if Adjudication(adjudication_mode) is Adjudication.ADJUDICATED:
        missing.append(
            (
                "course.has_adjudicated_egfr_event",
                kidney.outcome.is_null() & children[-1].outcome.is_null(),
            )
        )
    return kidney, missing, flags


# ----------------------------------------------------------------------------- steroids


def steroid_window_days(weeks: int, opts: Mapping[str, Any]) -> tuple[pl.Expr, pl.Expr]:
    """``(first, last)`` day numbers of the steroid window (see `.._trials.steroid_window`).

    "The ``weeks`` weeks up to the assessment" under the ``exposure_window`` reading
    (`week_window_before`), the first day clipped to the
    treatment start and the last day to the first.
    """
    reading = WeekWindowReading(opts.get(EXPOSURE_WINDOW_OPTION, DEFAULT_WEEK_WINDOW_READING))
    t = pl.col("_t").cast(pl.Int32).cast(pl.Int64)
    first = t - 7 * weeks
    last = t
    if reading is WeekWindowReading.WHOLE_WEEKS:
        last = t + 6
    elif reading is WeekWindowReading.WHOLE_WEEKS_FROM_1:
        first = first - 7
        last = t - 1
    start = pl.col("start").cast(pl.Int32).cast(pl.Int64)
    first = pl.max_horizontal(first, start)
    last = pl.max_horizontal(last, first)
    return first, last


def steroid_crit(
    ws: Workspace, rule: ExposureRule, weeks: int, opts: Mapping[str, Any], *, id: str
) -> XCrit:
    """Not breaching ``rule`` in the steroid window (`.._trials.steroid_window_criterion`).

    Children: the rule's clauses (``<id>-consecutive-days``, ``<id>-total-days``), met =
    breached, as `check_exposure` gives them.
    """
    first, last = steroid_window_days(weeks, opts)
    complete = _subject_column(ws, "gc_complete", "_gc_complete")
    ws.frame = ws.frame.with_columns(first.alias("_gw1"), last.alias("_gw2"))
    doses = ws.cohort.doses
    subjects = doses.records.get_column("sid").unique()
    flags = ws.cohort.subjects.select("sid", pl.col("gc_complete")).filter(
        pl.col("sid").is_in(subjects.implode())
    )
    runs = exposure_runs(doses, flags, rule.threshold)
    windows = ws.frame.select(
        "_aid",
        "sid",
        pl.col("_gw1").alias("w1"),
        pl.col("_gw2").alias("w2"),
        complete.alias("gc_complete"),
    )
    counts = exposure_counts(windows, runs, subjects)
    ws.frame = ws.frame.join(
        counts.rename({c: "_g" + c for c in counts.columns if c != "_aid"}),
        on="_aid",
        how="left",
        maintain_order="left",
    )
    clauses: list[XCrit] = []

    def clause(kind: str, observed: str, worst: str, minimum: int) -> XCrit:
        outcome = (
            pl.when(pl.col(observed) >= minimum)
            .then(pl.lit(True))
            .when(pl.col(worst) < minimum)
            .then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )
        return ws.crit(XCrit(f"{id}-{kind}", outcome, _FALSE))

    if rule.min_consecutive_days is not None:
        clauses.append(clause("consecutive-days", "_gk_run", "_gw_run", rule.min_consecutive_days))
    if rule.min_total_days is not None:
        clauses.append(clause("total-days", "_gk_total", "_gw_total", rule.min_total_days))
    breach = combine_crit(id, clauses, mode="any")
    return ws.crit(XCrit(id, breach.outcome.not_(), _FALSE, tuple(clauses)))


# ----------------------------------------------------------------------------- verdict


def finish_columns(
    ws: Workspace,
    rule_set: RuleSet,
    opts: Mapping[str, Any],
    *,
    complete: XCrit,
    partial: XCrit | None,
    missing: Sequence[Named | Spliced],
    flags: Sequence[Named | Spliced],
    intercurrent: tuple[EventType, ...],
    endpoint: str,
    complete_decides: bool = False,
    undecided_partial: str = "none",
    details_before: tuple[tuple[str, pl.Expr], ...] = (),
) -> list[pl.Expr]:
    """`.._trials.finish` as row columns (``details_before``: the rule set's own)."""
    category = categorize(complete.outcome, None if partial is None else partial.outcome)
    primary_not_met = complete.outcome.not_().fill_null(False) if complete_decides else _FALSE
    details: list[tuple[str, pl.Expr]] = list(details_before)
    if complete_decides and partial is not None:
        undecided = (complete.outcome.not_() & partial.outcome.is_null()).fill_null(False)
        category = pl.when(undecided).then(pl.lit(undecided_partial)).otherwise(category)
        flags = [*flags, (FLAG_PARTIAL_NOT_EVALUABLE, undecided)]
        details.append(
            (
                "partial_response_met",
                pl.when(partial.outcome.is_not_null()).then(
                    pl.when(partial.outcome).then(pl.lit("true")).otherwise(pl.lit("false"))
                ),
            )
        )
    (category,) = ws.put_many([category])
    criteria = [complete, *([partial] if partial is not None else [])]
    policy = opts["policy"]
    if Policy(policy) is not Policy.NOT_EVALUABLE:
        count = _event_count(ws, intercurrent, "ev_")
        events = event_free_crit("no-intercurrent-event", count.meta.output_name())
        criteria.append(events)
        verdict, policy_flags = apply_policy(category, policy, events)
        flags = [*flags, *policy_flags]
    else:
        verdict = category
    (verdict,) = ws.put_many([verdict])
    endpoint_met = (
        pl.when(verdict != "not_evaluable")
        .then(pl.when(verdict == "complete").then(pl.lit("true")).otherwise(pl.lit("false")))
        .when(primary_not_met)
        .then(pl.lit("false"))
    )
    details += [
        ("assessment_point", point_text(trial_week(rule_set, opts))),
        ("endpoint", pl.lit(endpoint)),
        ("endpoint_met", endpoint_met),
    ]
    return decision_columns(
        rule_set,
        verdict,
        criteria,
        missing=missing,
        flags=flags,
        policy=policy,
        details=details,
    )


# ----------------------------------------------------------------------------- AURORA 1


AURORA_1_OPTIONS = frozenset(
    {
        "time_point",
        "egfr_confirmation",
        "adjudication",
        "partial_reduction_comparator",
        EXPOSURE_WINDOW_OPTION,
        "partial_response_unknown",
        "visit_matching",
        "spot_upcr",
        "egfr_equation",
        "policy",
    }
)


def expected_upcr(
    ws: Workspace,
    window: VisitWindow,
    expected: Specimen,
    reject: bool,
    *,
    prefix: str = "a_upcr_",
    name: str = "assessment.upcr",
) -> XReading:
    """The UPCR matched to ``_t`` when the rule set asks for the ``expected`` specimen.

    With ``reject`` (option ``spot_upcr="reject"``) only visits of that specimen are
    candidates; otherwise any UPCR is used and flagged (`upcr_reading`).
    """
    ws.match("upcr", window, prefix, specimen=expected if reject else None)
    return ws.reading(
        upcr_reading(prefix, name, expected=expected, reject_other=reject, filtered=True)
    )


def _upcr_pair(ws: Workspace, p: Any, window: VisitWindow, reject: bool) -> tuple[XReading, ...]:
    upcr = expected_upcr(ws, window, p.upcr_specimen, reject)
    ws.reference("upcr", "baseline", "r_upcr_")
    base = ws.reading(
        upcr_reading(
            "r_upcr_", "baseline.upcr", expected=p.upcr_specimen, reject_other=reject,
            filtered=False,
        )
    )  # fmt: skip
    return upcr, base


def aurora_kidney(
    ws: Workspace, p: Any, opts: Mapping[str, Any], window: VisitWindow
) -> tuple[XCrit, list[Named], list[Named]]:
    """`aurora_kidney_function` with the AURORA parameters ``p`` and the resolved options."""
    return aurora_kidney_function(
        ws,
        floor=p.egfr_floor,
        band=p.egfr_decline,
        confirmation=p.egfr_confirmation,
        window=window,
        equation=opts["egfr_equation"],
        confirmation_mode=opts["egfr_confirmation"],
        adjudication_mode=opts["adjudication"],
    )


def aurora_complete(
    ws: Workspace,
    p: Any,
    opts: Mapping[str, Any],
    window: VisitWindow,
    upcr: XReading,
    *,
    steroid: bool,
) -> tuple[XCrit, list[Named], list[Named]]:
    """The AURORA complete response (`..aurora_1.aurora_complete`), missing, flags."""
    kidney, k_missing, k_flags = aurora_kidney(ws, p, opts, window)
    rescue = ws.crit(event_free_crit("no-rescue", ws.event_count(tuple(p.rescue_events), "rs_")))
    parts = [ws.crit(threshold_crit(p.complete_upcr, upcr)), kidney, rescue]
    missing: list[Named] = [*upcr.missing, *k_missing]
    flags: list[Named] = [*upcr.flags, *k_flags]
    if steroid and p.steroid_rule is not None and p.steroid_window_weeks is not None:
        rule = steroid_crit(ws, p.steroid_rule, p.steroid_window_weeks, opts, id="steroid-rule")
        parts.append(rule)
        missing.append(("glucocorticoids", rule.outcome.is_null()))
    return ws.crit(combine_crit("complete", parts, mode="all")), missing, flags


def _aurora_1(
    ws: Workspace,
    rule_set: RuleSet,
    opts: Mapping[str, Any],
    *,
    complete_decides: bool,
) -> list[pl.Expr]:
    """AURORA 1 (`lupus_nephritis.criteria.response.aurora_1._classify`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    upcr, base_upcr = _upcr_pair(ws, p, window, reject)
    complete, missing, flags = aurora_complete(ws, p, opts, window, upcr, steroid=True)
    missing += base_upcr.missing
    flags += [
        *base_upcr.flags,
        specimen_differs(base_upcr, upcr),
        reference_zero(base_upcr),
    ]
    reduction = next(
        t
        for t in p.partial_reductions
        if t.comparator.value == opts["partial_reduction_comparator"]
    )
    partial = ws.crit(
        combine_crit(
            "partial",
            [ws.crit(relative_crit(reduction, base_upcr, upcr, mode="reduction"))],
            mode="all",
        )
    )
    undecided = {"not-evaluable": "not_evaluable", "none": "none"}[
        opts.get("partial_response_unknown", "none")
    ]
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=partial,
        missing=missing,
        flags=flags,
        intercurrent=tuple(p.intercurrent_events),
        endpoint="complete renal response (CRR)",
        complete_decides=complete_decides,
        undecided_partial=undecided,
    )


def compile_aurora_1(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """``aurora-1@3.0.0`` and ``@2.0.0``: the complete response decides the endpoint."""
    return _aurora_1(ws, rule_set, opts, complete_decides=True)


def compile_aurora_1_v1(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """``aurora-1@1.0.0``: complete / partial / none as categorized, visit-day steroid window."""
    return _aurora_1(ws, rule_set, opts, complete_decides=False)


# ----------------------------------------------------------------------------- shared readings


def _egfr_pair(
    ws: Workspace, window: VisitWindow, role: str, equation: str
) -> tuple[XReading, XReading]:
    """Assessment eGFR and the ``role`` reference eGFR, attached to ``ws``."""
    ws.patient()
    ws.match_egfr(window, "a_kf_")
    ws.reference_egfr(role, "r_kf_")
    return (
        ws.reading(egfr_reading("a_kf_", "assessment", equation)),
        ws.reading(egfr_reading("r_kf_", role, equation)),
    )


def _any_upcr(ws: Workspace, window: VisitWindow) -> XReading:
    """The assessment UPCR of any specimen (no specimen expected, no flag but 'assumed')."""
    ws.match("upcr", window, "a_upcr_")
    return ws.reading(
        upcr_reading("a_upcr_", "assessment.upcr", expected=None, reject_other=False, filtered=True)
    )


# ----------------------------------------------------------------------------- BLISS-LN


BLISS_LN_OPTIONS = frozenset(
    {"time_point", "reference", "failure_events", "visit_matching", "egfr_equation", "policy"}
)


def compile_bliss_ln(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """BLISS-LN PERR and CRR (`lupus_nephritis.criteria.response.bliss_ln._evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    upcr = _any_upcr(ws, window)
    egfr, reference = _egfr_pair(ws, window, role, opts["egfr_equation"])
    kidney = ws.crit(
        combine_crit(
            "kidney-function",
            [
                ws.crit(threshold_crit(p.egfr_floor, egfr)),
                ws.crit(stability_crit(p.egfr_decline, reference, egfr)),
            ],
            mode="any",
        )
    )
    failure_types = dict(p.failure_event_sets)[opts["failure_events"]]
    no_failure = ws.crit(
        event_free_crit("no-treatment-failure", ws.event_count(tuple(failure_types), "tf_"))
    )
    complete = ws.crit(
        combine_crit(
            "complete", [ws.crit(threshold_crit(p.upcr, upcr)), kidney, no_failure], mode="all"
        )
    )
    endpoint = {
        "bliss-ln-perr": "primary efficacy renal response (PERR)",
        "bliss-ln-crr": "complete renal response (CRR)",
    }[rule_set.id]
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=[*upcr.missing, *egfr.missing, *reference.missing],
        flags=[*upcr.flags, *egfr.flags, *reference.flags, reference_zero(reference)],
        intercurrent=tuple(p.intercurrent_events),
        endpoint=endpoint,
        details_before=(("reference", pl.lit(role)),),
    )


# ----------------------------------------------------------------------------- sediment, creatinine


def match_flag(ws: Workspace, field: str, window: VisitWindow, prefix: str) -> pl.Expr:
    """Attach ``prefix + "b"``: the yes/no ``field`` of the visit matched to the assessment."""
    name = prefix + "b"
    if name not in ws.frame.columns:
        table = ws.cohort.visits.get(field)
        if table is None or table.height == 0:
            values = pl.repeat(None, ws.frame.height, dtype=pl.Boolean, eager=True)
        else:
            index = ws._best_index(table, window, "_t")
            values = table.get_column("b").gather(index)
        ws.frame = ws.frame.with_columns(values.alias(name))
    return pl.col(name)


def inactive_sediment(
    ws: Workspace, window: VisitWindow, rbc: Threshold
) -> tuple[XCrit, list[Named]]:
    """Urine RBC below ``rbc`` and no red-cell casts (`.._trials.inactive_sediment`)."""
    ws.match("urine_rbc", window, "a_rbc_")
    cells = ws.reading(measure_reading("a_rbc_", "assessment.urine_rbc", Quantity.URINE_RBC))
    casts = match_flag(ws, "has_red_cell_casts", window, "a_casts_")
    no_casts = ws.crit(XCrit("no-red-cell-casts", casts.not_(), _FALSE))
    sediment = ws.crit(
        combine_crit(
            "inactive-sediment", [ws.crit(threshold_crit(rbc, cells)), no_casts], mode="all"
        )
    )
    return sediment, [*cells.missing, ("assessment.has_red_cell_casts", casts.is_null())]


def creatinine_readings(ws: Workspace, window: VisitWindow) -> tuple[XReading, ...]:
    """Creatinine and ULN at the creatinine-matched visit and at baseline (trace order)."""
    ws.match("creatinine", window, "a_cr_")
    ws._at_date("creatinine_uln", "a_uln_", "a_cr_date", role=None)
    ws.reference("creatinine", "baseline", "r_cr_")
    ws.reference("creatinine_uln", "baseline", "r_uln_")
    cr = Quantity.CREATININE
    return (
        ws.reading(measure_reading("a_cr_", "assessment.creatinine", cr)),
        ws.reading(measure_reading("a_uln_", "assessment.creatinine_uln", cr)),
        ws.reading(measure_reading("r_cr_", "baseline.creatinine", cr)),
        ws.reading(measure_reading("r_uln_", "baseline.creatinine_uln", cr)),
    )


# ----------------------------------------------------------------------------- NOBILITY


NOBILITY_OPTIONS = frozenset({"time_point", "creatinine_rule", "visit_matching", "policy"})


def compile_nobility(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """NOBILITY CRR (`lupus_nephritis.criteria.response.nobility.evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    upcr = _any_upcr(ws, window)
    sediment, s_missing = inactive_sediment(ws, window, p.urine_rbc)
    current, uln, baseline, baseline_uln = creatinine_readings(ws, window)
    within = ws.crit(relative_crit(p.creatinine_at_most_uln, uln, current, mode="percent_of"))
    rise = ws.crit(relative_crit(p.creatinine_rise, baseline, current, mode="increase"))
    rule = opts["creatinine_rule"]
    if rule == "uln-only":
        creatinine = combine_crit("creatinine", [within], mode="all")
    elif rule == "lunar-style":
        near = ws.crit(
            combine_crit(
                "creatinine-near-baseline",
                [
                    ws.crit(
                        relative_crit(
                            p.baseline_within_uln, baseline_uln, baseline, mode="percent_of",
                            id="baseline-creatinine-within-normal",
                        )
                    ),
                    rise,
                ],
                mode="all",
            )
        )  # fmt: skip
        creatinine = combine_crit("creatinine", [within, near], mode="any")
    else:
        allowed = ws.crit(
            combine_crit(
                "creatinine-baseline-branch",
                [
                    ws.crit(
                        relative_crit(
                            p.baseline_above_uln, baseline_uln, baseline, mode="percent_of",
                            id="baseline-creatinine-above-uln",
                        )
                    ),
                    rise,
                ],
                mode="any",
            )
        )  # fmt: skip
        creatinine = combine_crit("creatinine", [within, allowed], mode="all")
    complete = ws.crit(
        combine_crit(
            "complete",
            [ws.crit(threshold_crit(p.upcr, upcr)), sediment, ws.crit(creatinine)],
            mode="all",
        )
    )
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=[
            *upcr.missing,
            *s_missing,
            *current.missing,
            *uln.missing,
            *baseline.missing,
            *baseline_uln.missing,
        ],
        flags=[*upcr.flags],
        intercurrent=tuple(p.intercurrent_events),
        endpoint="complete renal response (CRR)",
    )


# ----------------------------------------------------------------------------- REGENCY


REGENCY_OPTIONS = frozenset(
    {
        "time_point",
        "visit_matching",
        "spot_upcr",
        "egfr_equation",
        EXPOSURE_WINDOW_OPTION,
        "policy",
    }
)

_REGENCY_ENDPOINTS = {
    "regency-crr": "complete renal response (CRR)",
    "regency-crr-steroid": "CRR with prednisone <= 7.5 mg/day between weeks 64 and 76",
    "regency-upcr-0-8": "UPCR < 0.8 mg/mg without an intercurrent event",
}


def compile_regency(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """REGENCY endpoints (`lupus_nephritis.criteria.response.regency._evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    upcr = expected_upcr(ws, window, p.upcr_specimen, reject)
    parts = [ws.crit(threshold_crit(p.upcr, upcr))]
    missing: list[Named] = [*upcr.missing]
    flags: list[Named] = [*upcr.flags]
    if p.egfr_of_baseline is not None:
        egfr, base = _egfr_pair(ws, window, "baseline", opts["egfr_equation"])
        parts.append(
            ws.crit(
                relative_crit(
                    p.egfr_of_baseline, base, egfr, mode="percent_of", id="kidney-function"
                )
            )
        )
        missing += [*egfr.missing, *base.missing]
        flags += [*egfr.flags, *base.flags, reference_zero(base)]
    parts.append(
        ws.crit(
            event_free_crit(
                "no-endpoint-intercurrent-event",
                ws.event_count(tuple(p.intercurrent_events), "ie_"),
            )
        )
    )
    if p.steroid_rule is not None and p.steroid_window_weeks is not None:
        steroid = steroid_crit(
            ws, p.steroid_rule, p.steroid_window_weeks, opts, id="steroid-at-most-7-5"
        )
        parts.append(steroid)
        missing.append(("glucocorticoids", steroid.outcome.is_null()))
    complete = ws.crit(combine_crit("complete", parts, mode="all"))
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=missing,
        flags=flags,
        intercurrent=tuple(p.intercurrent_events),
        endpoint=_REGENCY_ENDPOINTS[rule_set.id],
    )


# ----------------------------------------------------------------------------- LUNAR


LUNAR_OPTIONS = frozenset({"time_point", "visit_matching", "policy"})


def compile_lunar(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """LUNAR CRR (`lupus_nephritis.criteria.response.lunar.evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    current, uln, baseline, baseline_uln = creatinine_readings(ws, window)
    near = ws.crit(
        combine_crit(
            "creatinine-near-baseline",
            [
                ws.crit(
                    relative_crit(
                        p.baseline_within_uln, baseline_uln, baseline, mode="percent_of",
                        id="baseline-creatinine-within-normal",
                    )
                ),
                ws.crit(relative_crit(p.creatinine_rise, baseline, current, mode="increase")),
            ],
            mode="all",
        )
    )  # fmt: skip
    creatinine = ws.crit(
        combine_crit(
            "creatinine",
            [
                ws.crit(relative_crit(p.creatinine_at_most_uln, uln, current, mode="percent_of")),
                near,
            ],
            mode="any",
        )
    )
    upcr = _any_upcr(ws, window)
    sediment, s_missing = inactive_sediment(ws, window, p.urine_rbc)
    complete = ws.crit(
        combine_crit(
            "complete", [creatinine, sediment, ws.crit(threshold_crit(p.upcr, upcr))], mode="all"
        )
    )
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=[
            *current.missing,
            *uln.missing,
            *baseline.missing,
            *baseline_uln.missing,
            *upcr.missing,
            *s_missing,
        ],
        flags=[*upcr.flags],
        intercurrent=tuple(p.intercurrent_events),
        endpoint="complete renal response (CRR)",
    )


# ----------------------------------------------------------------------------- AURA-LV


AURA_LV_OPTIONS = AURORA_1_OPTIONS | {"steroid_rule"}

#: Flag of an AURA-LV decision without its steroid component (the scalar rule set's).
FLAG_STEROID_NOT_APPLIED = "steroid-component-not-applied"


def compile_aura_lv(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """AURA-LV (`lupus_nephritis.criteria.response.aura_lv._classify`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    upcr = expected_upcr(ws, window, p.upcr_specimen, reject)
    steroid = opts["steroid_rule"] == "aurora-1-analogue"
    complete, missing, flags = aurora_complete(ws, p, opts, window, upcr, steroid=steroid)
    if not steroid:
        flags.append((FLAG_STEROID_NOT_APPLIED, pl.lit(True)))
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=missing,
        flags=flags,
        intercurrent=tuple(p.intercurrent_events),
        endpoint="complete renal remission (CRR)",
    )


# ----------------------------------------------------------------------------- TULIP-LN


TULIP_LN_OPTIONS = frozenset(
    {"time_point", "visit_matching", "spot_upcr", "egfr_equation", "policy"}
)

_TULIP_ENDPOINTS = {
    "tulip-ln-crr": "complete renal response (CRR)",
    "tulip-ln-crr-0-5": "complete renal response with UPCR <= 0.5 (CRR0.5)",
}


def compile_tulip_ln(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """TULIP-LN CRR and CRR0.5 (`lupus_nephritis.criteria.response.tulip_ln._evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    upcr = expected_upcr(ws, window, p.upcr_specimen, reject)
    egfr, base = _egfr_pair(ws, window, "baseline", opts["egfr_equation"])
    kidney = ws.crit(
        combine_crit(
            "kidney-function",
            [
                ws.crit(threshold_crit(p.egfr_floor, egfr)),
                ws.crit(stability_crit(p.egfr_decline, base, egfr)),
            ],
            mode="any",
        )
    )
    complete = ws.crit(
        combine_crit(
            "complete",
            [
                ws.crit(threshold_crit(p.upcr, upcr)),
                kidney,
                ws.crit(
                    event_free_crit(
                        "no-discontinuation",
                        ws.event_count(tuple(p.discontinuation_events), "dc_"),
                    )
                ),
                ws.crit(
                    event_free_crit(
                        "no-restricted-medication",
                        ws.event_count(tuple(p.restricted_medication_events), "rm_"),
                    )
                ),
            ],
            mode="all",
        )
    )
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=[*upcr.missing, *egfr.missing, *base.missing],
        flags=[*upcr.flags, *egfr.flags, *base.flags, reference_zero(base)],
        intercurrent=tuple(p.intercurrent_events),
        endpoint=_TULIP_ENDPOINTS[rule_set.id],
    )


# ----------------------------------------------------------------------------- ALMS


_ALMS_ENDPOINT = "ALMS induction response"

ALMS_OPTIONS = frozenset(
    {"time_point", "nephrotic_threshold", "creatinine_band", "visit_matching", "policy"}
)


def compile_alms(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """ALMS induction response (`lupus_nephritis.criteria.response.alms.evaluate`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    upcr = _any_upcr(ws, window)
    ws.reference("upcr", "baseline", "r_upcr_")
    base_upcr = ws.reading(
        upcr_reading("r_upcr_", "baseline.upcr", expected=None, reject_other=False, filtered=False)
    )
    nephrotic = pick_threshold(p.nephrotic, opts["nephrotic_threshold"])
    subnephrotic = pick_threshold(p.subnephrotic, opts["nephrotic_threshold"])
    proteinuria = ws.crit(
        combine_crit(
            "proteinuria",
            [
                ws.crit(
                    combine_crit(
                        "nephrotic-branch",
                        [
                            ws.crit(threshold_crit(nephrotic, base_upcr)),
                            ws.crit(threshold_crit(p.nephrotic_target, upcr)),
                        ],
                        mode="all",
                    )
                ),
                ws.crit(
                    combine_crit(
                        "subnephrotic-branch",
                        [
                            ws.crit(threshold_crit(subnephrotic, base_upcr)),
                            ws.crit(
                                relative_crit(
                                    p.subnephrotic_reduction, base_upcr, upcr, mode="reduction"
                                )
                            ),
                        ],
                        mode="all",
                    )
                ),
            ],
            mode="any",
        )
    )
    ws.match("creatinine", window, "a_cr_")
    ws.reference("creatinine", "baseline", "r_cr_")
    creatinine = ws.reading(measure_reading("a_cr_", "assessment.creatinine", Quantity.CREATININE))
    base_creatinine = ws.reading(
        measure_reading("r_cr_", "baseline.creatinine", Quantity.CREATININE)
    )
    band = pick_threshold(p.creatinine_bands, opts["creatinine_band"])
    complete = ws.crit(
        combine_crit(
            "complete",
            [proteinuria, ws.crit(stability_crit(band, base_creatinine, creatinine))],
            mode="all",
        )
    )
    return finish_columns(
        ws,
        rule_set,
        opts,
        complete=complete,
        partial=None,
        missing=[
            *upcr.missing,
            *base_upcr.missing,
            *creatinine.missing,
            *base_creatinine.missing,
        ],
        flags=[*upcr.flags, *base_upcr.flags, reference_zero(base_upcr)],
        intercurrent=tuple(p.intercurrent_events),
        endpoint=_ALMS_ENDPOINT,
    )


__all__ = [
    "ALMS_OPTIONS",
    "AURA_LV_OPTIONS",
    "AURORA_1_OPTIONS",
    "BLISS_LN_OPTIONS",
    "FLAG_STEROID_NOT_APPLIED",
    "LUNAR_OPTIONS",
    "NOBILITY_OPTIONS",
    "REGENCY_OPTIONS",
    "TULIP_LN_OPTIONS",
    "aurora_complete",
    "aurora_kidney",
    "aurora_kidney_function",
    "compile_alms",
    "compile_aura_lv",
    "compile_aurora_1",
    "compile_aurora_1_v1",
    "compile_bliss_ln",
    "compile_lunar",
    "compile_nobility",
    "compile_regency",
    "compile_tulip_ln",
    "confirmation_visit",
    "creatinine_readings",
    "expected_upcr",
    "finish_columns",
    "inactive_sediment",
    "match_flag",
    "steroid_crit",
    "steroid_window_days",
    "trial_week",
]
