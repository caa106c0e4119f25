"""Compilers of the remaining guideline and cohort response definitions.

``seed-review-2024``, ``modified-perr`` and ``modified-crr``, each mirroring its scalar
``evaluate`` line by line (same readings in the same trace order, same criteria and ids, same
details), every number read from the rule set's own ``parameters``. They are registered in
:data:`lupus_nephritis.cohort._response.COMPILERS`.

This module imports only the engine's primitives (not :mod:`._response`), so the compiler
table can import it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    """The seed review's complete response (:mod:`...criteria.response.seed_review`)."""
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
    """Modified PERR / CRR (:mod:`lupus_nephritis.criteria.response.modified_perr`).

    The endpoint step is :func:`~lupus_nephritis.criteria.response._trials.finish` without a
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


__all__ = [
    "MODIFIED_OPTIONS",
    "SEED_REVIEW_OPTIONS",
    "compile_modified",
    "compile_seed_review",
    "default_point_week",
]
