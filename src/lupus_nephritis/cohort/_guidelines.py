"""Compilers of the remaining guideline and cohort response definitions.

``seed-review-2024``, ``modified-perr`` and ``modified-crr``, each mirroring its scalar
``evaluate`` line by line (same readings in the same trace order, same criteria and ids, same
details), every number read from the rule set's own ``parameters``. They are registered in
`lupus_nephritis.cohort._response.COMPILERS`.

This module imports only the engine's primitives (not `._response`), so the compiler
table can import it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from lupus_nephritis.cohort._engine import (
    Named,
    Workspace,
    XCrit,
    XReading,
    apply_policy,
    categorize,
    combine_crit,
    decision_columns,
    event_free_crit,
    kidney_function_reading,
    measure_reading,
    point_text,
    reference_zero,
    relative_crit,
    stability_crit,
    threshold_crit,
    upcr_reading,
)
from lupus_nephritis.criteria.response._common import (
    Policy,
    pick_point,
    pick_threshold,
    with_matching,
)
from lupus_nephritis.models import EventType
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.timeline import VisitWindow
from lupus_nephritis.units import Quantity

_COMMON_OPTIONS = ("time_point", "visit_matching", "reference", "egfr_equation", "policy")


def _egfr_pair(
    ws: Workspace, window: VisitWindow, role: str, equation: str
) -> tuple[XReading, XReading]:
    """Assessment eGFR and the ``role`` visit's eGFR (reported, else computed)."""
    ws.patient()
    ws.match_egfr(window, "a_kf_")
    ws.reference_egfr(role, "r_kf_")
    return (
        ws.reading(kidney_function_reading("a_kf_", "assessment", "egfr", equation)),
        ws.reading(kidney_function_reading("r_kf_", role, "egfr", equation)),
    )


def _events(
    ws: Workspace, category: pl.Expr, policy: str, types: tuple[EventType, ...]
) -> tuple[pl.Expr, list[XCrit], tuple[Named, ...]]:
    """The policy step: the event-free criterion (trial-style policies) and the verdict."""
    if Policy(policy) is Policy.NOT_EVALUABLE:
        return category, [], ()
    count = ws.event_count(types, "ev_")
    events = event_free_crit("no-intercurrent-event", count)
    final, flags = apply_policy(category, policy, events)
    return final, [events], flags


def _upcr(ws: Workspace, window: VisitWindow) -> XReading:
    ws.match("upcr", window, "a_upcr_")
    return ws.reading(
        upcr_reading("a_upcr_", "assessment.upcr", expected=None, reject_other=False, filtered=True)
    )


def default_point_week(rule_set: RuleSet, opts: Mapping[str, Any]) -> int:
    """Study week of the ``time_point`` option (the default assessment point)."""
    return pick_point(rule_set.parameters.time_points, opts["time_point"]).week


# ----------------------------------------------------------------------------- seed review

SEED_REVIEW_OPTIONS = frozenset({"stability_band", *_COMMON_OPTIONS})


def compile_seed_review(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """The seed review's complete response (`...criteria.response.seed_review`)."""
    from lupus_nephritis.criteria.response.seed_review import FLAG_NO_PARTIAL

    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    upcr = _upcr(ws, window)
    egfr, ref_egfr = _egfr_pair(ws, window, role, opts["egfr_equation"])
    band = pick_threshold(p.stability_bands, opts["stability_band"])
    complete = ws.crit(
        combine_crit(
            "complete",
            [
                ws.crit(threshold_crit(p.complete_upcr, upcr)),
                ws.crit(stability_crit(band, ref_egfr, egfr)),
            ],
            mode="all",
        )
    )
    category = categorize(complete.outcome, None)
    verdict, events, policy_flags = _events(ws, category, opts["policy"], p.intercurrent_events)
    verdict = ws.put(verdict)
    return decision_columns(
        rule_set,
        verdict,
        [complete, *events],
        missing=[*upcr.missing, *egfr.missing, *ref_egfr.missing],
        flags=[
            *upcr.flags,
            *egfr.flags,
            *ref_egfr.flags,
            reference_zero(ref_egfr),
            *policy_flags,
            (FLAG_NO_PARTIAL, verdict == "none"),
        ],
        policy=opts["policy"],
        details=[
            ("assessment_point", point_text(default_point_week(rule_set, opts))),
            ("reference", pl.lit(role)),
        ],
    )


# ----------------------------------------------------------------------------- modified PERR/CRR

MODIFIED_OPTIONS = frozenset({"proteinuria_measure", *_COMMON_OPTIONS})

_ENDPOINTS = {
    "modified-perr": "modified primary efficacy renal response (mPERR)",
    "modified-crr": "modified complete renal response (mCRR)",
}


def compile_modified(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """Modified PERR / CRR (`lupus_nephritis.criteria.response.modified_perr`).

    The endpoint step is `finish` without a
    partial response: categorize, policy, details ``assessment_point``, ``endpoint``,
    ``endpoint_met``.
    """
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    measure = opts["proteinuria_measure"]
    if measure == "upcr":
        protein = _upcr(ws, window)
        target = p.upcr
    else:
        ws.match("protein_24h", window, "a_prot_")
        protein = ws.reading(
            measure_reading("a_prot_", "assessment.protein_24h", Quantity.PROTEIN_24H)
        )
        target = p.protein_24h
    proteinuria = ws.crit(threshold_crit(target, protein))
    egfr, reference = _egfr_pair(ws, window, role, opts["egfr_equation"])
    function = ws.crit(
        combine_crit(
            "kidney-function",
            [
                ws.crit(threshold_crit(p.egfr_floor, egfr)),
                ws.crit(stability_crit(p.egfr_decline, reference, egfr)),
            ],
            mode="any",
        )
    )
    complete = ws.crit(combine_crit("complete", [function, proteinuria], mode="all"))
    category = categorize(complete.outcome, None)
    verdict, events, policy_flags = _events(ws, category, opts["policy"], p.intercurrent_events)
    verdict = ws.put(verdict)
    endpoint_met = (
        pl.when(verdict == "not_evaluable")
        .then(pl.lit(None, dtype=pl.String))
        .when(verdict == "complete")
        .then(pl.lit("true"))
        .otherwise(pl.lit("false"))
    )
    return decision_columns(
        rule_set,
        verdict,
        [complete, *events],
        missing=[*protein.missing, *egfr.missing, *reference.missing],
        flags=[
            *protein.flags,
            *egfr.flags,
            *reference.flags,
            reference_zero(reference),
            *policy_flags,
        ],
        policy=opts["policy"],
        details=[
            ("reference", pl.lit(role)),
            ("proteinuria_measure", pl.lit(measure)),
            ("assessment_point", point_text(default_point_week(rule_set, opts))),
            ("endpoint", pl.lit(_ENDPOINTS[rule_set.id])),
            ("endpoint_met", endpoint_met),
        ],
    )


# ----------------------------------------------------------------------------- EULAR 2019

EULAR_2019_OPTIONS = frozenset(
    {
        "complete_cut",
        "proteinuria_measure",
        "renal_function_rule",
        "nephrotic_deadline",
        "require_subnephrotic",
        "visit_matching",
        "reference",
        "egfr_equation",
        "policy",
    }
)

_MEASURE_FIELDS = {
    "protein_24h_or_upcr": ("protein_24h", "upcr"),
    "protein_24h": ("protein_24h",),
    "upcr": ("upcr",),
}
_QUANTITY = {"protein_24h": Quantity.PROTEIN_24H, "upcr": Quantity.UPCR}
_SHORT = {"protein_24h": "p24", "upcr": "upcr"}


def eular_2019_week(rule_set: RuleSet, opts: Mapping[str, Any]) -> int:
    """The standard 12-month deadline (a nephrotic reference moves it per row)."""
    return pick_point(rule_set.parameters.deadlines, "month-12").week


def _proteinuria_reading(prefix: str, name: str, field: str, *, assessment: bool) -> XReading:
    if field == "upcr":
        return upcr_reading(prefix, name, expected=None, reject_other=False, filtered=assessment)
    return measure_reading(prefix, name, _QUANTITY[field])


def _first(conds: Sequence[pl.Expr]) -> list[pl.Expr]:
    """``sel_i``: condition ``i`` holds and no earlier one does."""
    out: list[pl.Expr] = []
    earlier: pl.Expr = pl.lit(False)
    for cond in conds:
        out.append(cond & ~earlier)
        earlier = earlier | cond
    return out


def _selected(id: str, crits: Sequence[XCrit], sel: Sequence[pl.Expr]) -> XCrit:
    """The criterion of the selected alternative (null when none is selected)."""
    outcome: Any = pl.when(sel[0]).then(crits[0].outcome)
    ambiguous: pl.Expr = sel[0] & crits[0].ambiguous
    for crit, cond in zip(crits[1:], sel[1:], strict=True):
        outcome = outcome.when(cond).then(crit.outcome)
        ambiguous = ambiguous | (cond & crit.ambiguous)
    return XCrit(id, outcome, ambiguous.fill_null(False))


def _gated(items: Sequence[Named], cond: pl.Expr) -> list[Named]:
    return [(name, c & cond) for name, c in items]


class _Alternatives:
    """The measure alternatives of EULAR 2019 (``_current``, ``_pair``, ``_either``)."""

    def __init__(self, ws: Workspace, fields: Sequence[str], refs: Sequence[XReading]) -> None:
        self.ws = ws
        self.fields = tuple(fields)
        self.refs = tuple(refs)

    def currents(self, window: VisitWindow, tag: str, target: str) -> list[XReading]:
        out = []
        for field in self.fields:
            prefix = f"{tag}_{_SHORT[field]}_"
            self.ws.match(field, window, prefix, target=target)
            out.append(
                self.ws.reading(
                    _proteinuria_reading(prefix, f"assessment.{field}", field, assessment=True)
                )
            )
        return out

    def current(
        self, readings: Sequence[XReading]
    ) -> tuple[list[pl.Expr], list[Named], list[Named]]:
        """Selection (first known, else the first), missing inputs and flags of ``_current``."""
        known = [r.known for r in readings]
        none = ~pl.any_horizontal(known)
        sel = _first(known)
        sel[0] = sel[0] | none
        missing = [m for r in readings for m in _gated(r.missing, none)]
        flags = [f for r, c in zip(readings, sel, strict=True) for f in _gated(r.flags, c)]
        return sel, missing, flags

    def pair(
        self, currents: Sequence[XReading]
    ) -> tuple[list[pl.Expr], list[pl.Expr], list[Named], list[Named], pl.Expr]:
        """``_pair``: the complete pair's selection, the chosen index, missing, flags, zero."""
        complete = [r.known & c.known for r, c in zip(self.refs, currents, strict=True)]
        none = ~pl.any_horizontal(complete)
        pair_sel = _first(complete)
        touched = [r.known | c.known for r, c in zip(self.refs, currents, strict=True)]
        index = _first(touched)
        index[0] = index[0] | ~pl.any_horizontal(touched)
        chosen = [p | (none & i) for p, i in zip(pair_sel, index, strict=True)]
        missing = [m for r in self.refs for m in _gated(r.missing, none)]
        missing += [m for c in currents for m in _gated(c.missing, none)]
        flags = [f for r, c in zip(self.refs, chosen, strict=True) for f in _gated(r.flags, c)]
        flags += [f for r, c in zip(currents, chosen, strict=True) for f in _gated(r.flags, c)]
        zero: pl.Expr = pl.lit(False)
        for reading, cond in zip(self.refs, chosen, strict=True):
            zero = zero | (cond & reading.known & (reading.c == 0)).fill_null(False)
        return pair_sel, chosen, missing, flags, zero


def compile_eular_2019(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """EULAR/ERA-EDTA 2019 (`lupus_nephritis.criteria.response.eular_2019`).

    The default assessment point depends on the row: the nephrotic-range reference moves the
    deadline (option ``nephrotic_deadline``), so the reference proteinuria is read first and
    ``_t`` is set again for rows without an explicit point. Milestones are matched at their
    own dates and are columns only where due.
    """
    from lupus_nephritis.cohort._engine import GUARD_HI
    from lupus_nephritis.cohort._response import constant_percent_of
    from lupus_nephritis.criteria.response._common import FLAG_REFERENCE_ZERO
    from lupus_nephritis.criteria.response.eular_2019 import (
        FLAG_NEPHROTIC_UNKNOWN,
        FLAG_UPCR_FOR_24H,
    )
    from lupus_nephritis.decisions import CRITERION_COLUMN_PREFIX
    from lupus_nephritis.logic import Outcome

    p = rule_set.parameters
    role = opts["reference"]
    measure = opts["proteinuria_measure"]
    rule = opts["renal_function_rule"]
    cut = opts["complete_cut"]
    window = with_matching(p.window, opts["visit_matching"])
    fields = _MEASURE_FIELDS[measure]

    # reference proteinuria and the nephrotic baseline (decides the default deadline)
    refs = []
    for field in fields:
        prefix = f"r_{_SHORT[field]}_"
        ws.reference(field, role, prefix)
        refs.append(
            ws.reading(_proteinuria_reading(prefix, f"{role}.{field}", field, assessment=False))
        )
    nephrotic_thresholds = {"protein_24h": p.nephrotic_protein_24h, "upcr": p.nephrotic_upcr}
    ref_sel = _first([r.known for r in refs])
    nephrotic = ws.crit(
        _selected(
            "nephrotic-baseline",
            [
                ws.crit(threshold_crit(nephrotic_thresholds[f], r))
                for f, r in zip(fields, refs, strict=True)
            ],
            ref_sel,
        )
    )
    standard = pick_point(p.deadlines, "month-12")
    extended = pick_point(p.deadlines, opts["nephrotic_deadline"])
    deadline = ws.put(
        pl.when(nephrotic.outcome.fill_null(False))
        .then(pl.lit(extended.week))
        .otherwise(pl.lit(standard.week))
        .cast(pl.Int64)
    )
    start_days = pl.col("start").cast(pl.Int32).cast(pl.Int64)
    moved = (pl.col("at_kind") == "default") & (deadline != standard.week)
    new_days = start_days + deadline * 7
    out_of_range = ws.put(moved & (new_days > GUARD_HI))
    ws.frame = ws.frame.with_columns(
        _t=pl.when(moved & ~out_of_range)
        .then(new_days.cast(pl.Int32).cast(pl.Date))
        .otherwise(pl.col("_t"))
    )

    # assessment proteinuria, the same-measure pair, kidney function
    alternatives = _Alternatives(ws, fields, refs)
    currents = alternatives.currents(window, "a", "_t")
    cur_sel, cur_missing, cur_flags = alternatives.current(currents)
    pair_sel, pair_chosen, pair_missing, pair_flags, zero = alternatives.pair(currents)
    equation = opts["egfr_equation"]
    egfr, ref_egfr = _egfr_pair(ws, window, role, equation)

    complete_24h = pick_threshold(p.complete_protein_24h, cut)
    targets = {
        "protein_24h": complete_24h,
        "upcr": p.complete_upcr[p.complete_protein_24h.index(complete_24h)],
    }
    ceilings = {"protein_24h": p.subnephrotic_protein_24h, "upcr": p.subnephrotic_upcr}

    def on_current(
        thresholds: Mapping[str, Any], readings: Sequence[XReading], sel: Sequence[pl.Expr], id: str
    ) -> XCrit:
        crits = [
            ws.crit(threshold_crit(thresholds[f], r, id=id))
            for f, r in zip(fields, readings, strict=True)
        ]
        return ws.crit(_selected(id, crits, sel))

    def reduction(threshold: Any, readings: Sequence[XReading], sel: Sequence[pl.Expr]) -> XCrit:
        crits = [
            ws.crit(relative_crit(threshold, r, c, mode="reduction"))
            for r, c in zip(refs, readings, strict=True)
        ]
        return ws.crit(_selected(threshold.id, crits, sel))

    if rule == "stable-vs-reference":
        function = ws.crit(stability_crit(p.reference_band, ref_egfr, egfr))
    else:
        function = ws.crit(
            combine_crit(
                "kidney-function",
                [
                    ws.crit(threshold_crit(p.normal_gfr, egfr)),
                    ws.crit(constant_percent_of(p.near_normal_gfr, p.normal_gfr, egfr)),
                ],
                mode="any",
            )
        )
    target = on_current(targets, currents, cur_sel, "proteinuria-complete")
    complete = ws.crit(combine_crit("complete", [target, function], mode="all"))
    partial_children = [reduction(p.partial_reduction, currents, pair_sel), function]
    if opts["require_subnephrotic"]:
        partial_children.insert(
            1, on_current(ceilings, currents, cur_sel, "proteinuria-subnephrotic")
        )
    partial = ws.crit(combine_crit("partial", partial_children, mode="all"))
    category = categorize(complete.outcome, partial.outcome)
    verdict, events, policy_flags = _events(ws, category, opts["policy"], p.intercurrent_events)

    # milestones, each at its own date, where due
    milestones: list[XCrit] = []
    present: dict[str, pl.Expr] = {}
    details: list[tuple[str, pl.Expr]] = []
    for point in p.milestone_points:
        target_col = f"_m{point.week}"
        ws.frame = ws.frame.with_columns(
            (start_days + 7 * point.week).cast(pl.Int32).cast(pl.Date).alias(target_col)
        )
        due = ws.put(pl.col(target_col) <= pl.col("_t"))
        readings = alternatives.currents(window, f"m{point.week}", target_col)
        if point.name == "month-12":
            sel, _, _ = alternatives.current(readings)
            milestone = on_current(targets, readings, sel, "milestone-month-12")
        else:
            threshold = p.milestone_month_3 if point.name == "month-3" else p.milestone_month_6
            chosen, _, _, _, _ = alternatives.pair(readings)
            milestone = reduction(threshold, readings, chosen)
        milestone = ws.crit(XCrit(milestone.id, milestone.outcome, due & milestone.ambiguous))
        milestones.append(milestone)
        present[CRITERION_COLUMN_PREFIX + milestone.id] = due
        text = (
            pl.when(milestone.outcome.is_null())
            .then(pl.lit(Outcome.UNKNOWN.value))
            .when(milestone.outcome)
            .then(pl.lit(Outcome.MET.value))
            .otherwise(pl.lit(Outcome.NOT_MET.value))
        )
        details.append(
            (
                f"milestone_{point.name.replace('-', '_')}",
                pl.when(due).then(text).otherwise(pl.lit("not due")),
            )
        )

    stable = rule == "stable-vs-reference"
    upcr_used = pl.lit(False)
    if measure == "protein_24h_or_upcr":
        upcr_index = fields.index("upcr")
        upcr_used = (cur_sel[upcr_index] & currents[upcr_index].known) | (
            pair_chosen[upcr_index] & currents[upcr_index].known
        )
    flags: list[Named] = [
        (FLAG_NEPHROTIC_UNKNOWN, nephrotic.outcome.is_null()),
        *cur_flags,
        *pair_flags,
        (FLAG_REFERENCE_ZERO, zero),
        (FLAG_UPCR_FOR_24H, upcr_used.fill_null(False)),
        *egfr.flags,
    ]
    missing: list[Named] = [*cur_missing, *pair_missing, *egfr.missing]
    if stable:
        flags += [*ref_egfr.flags, reference_zero(ref_egfr)]
        missing += ref_egfr.missing
    flags += policy_flags
    deadline_date = (start_days + deadline * 7).cast(pl.Int32).cast(pl.Date)
    point_detail = (
        pl.when(pl.col("at_kind") == "date")
        .then(pl.col("at_date").dt.strftime("%Y-%m-%d"))
        .when(pl.col("at_kind") == "week")
        .then(pl.lit("week ") + pl.col("at_week").cast(pl.String))
        .otherwise(pl.lit("week ") + deadline.cast(pl.String))
    )
    nephrotic_text = (
        pl.when(nephrotic.outcome.is_null())
        .then(pl.lit(Outcome.UNKNOWN.value))
        .when(nephrotic.outcome)
        .then(pl.lit(Outcome.MET.value))
        .otherwise(pl.lit(Outcome.NOT_MET.value))
    )
    columns = decision_columns(
        rule_set,
        verdict,
        [complete, partial, *events, nephrotic, *milestones],
        missing=missing,
        flags=flags,
        policy=opts["policy"],
        extra_ambiguity=[out_of_range],
        details=[
            *details,
            ("assessment_point", point_detail),
            ("complete_response_deadline", deadline_date.dt.strftime("%Y-%m-%d")),
            ("nephrotic_baseline", nephrotic_text),
            ("reference", pl.lit(role)),
        ],
    )
    out = []
    for column in columns:
        name = column.meta.output_name()
        out.append(pl.when(present[name]).then(column).alias(name) if name in present else column)
    return out


__all__ = [
    "EULAR_2019_OPTIONS",
    "MODIFIED_OPTIONS",
    "SEED_REVIEW_OPTIONS",
    "compile_eular_2019",
    "compile_modified",
    "compile_seed_review",
    "default_point_week",
    "eular_2019_week",
]
