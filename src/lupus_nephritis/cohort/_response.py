"""Compilers: each vectorised response rule set, built from its own registered parameters.

A compiler takes the `Workspace` of one rule set, the
rule set and its resolved options, and returns the row columns
(`decision_columns`). It mirrors the scalar
``evaluate`` of the rule set line by line (same readings in the same trace order, same
criteria, same ids), reading every number from ``rule_set.parameters``.

`COMPILERS` maps ``"id@version"`` to a `Compiler`. A rule-set version without a
compiler (for instance after a definition change bumps the version) is not vectorised: the
entry points then evaluate it with the scalar path (or refuse, with ``engine="vectorised"``),
never with a compiler written for another version. A compiler also lists the option names it
implements; a rule set declaring any other option is not vectorised either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.cohort import _guidelines
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
    specimen_differs,
    stability_crit,
    threshold_crit,
    upcr_reading,
)
from lupus_nephritis.cohort._exact import holds, signed_given
from lupus_nephritis.cohort._tables import Cohort
from lupus_nephritis.criteria.response._common import (
    Policy,
    pick_point,
    pick_threshold,
    with_matching,
)
from lupus_nephritis.criteria.response._kdigo import FLAG_LATE_RESPONSE
from lupus_nephritis.decisions import DETAIL_COLUMN_PREFIX, ROW_LIST_SEPARATOR
from lupus_nephritis.models import EventType
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import VisitWindow
from lupus_nephritis.units import Quantity

CompileFn = Callable[[Workspace, RuleSet, Mapping[str, Any]], list[pl.Expr]]
PostFn = Callable[["Compiler", Cohort, RuleSet, Mapping[str, Any], pl.DataFrame], pl.DataFrame]


@attrs.frozen
class Compiler:
    """A vectorised rule set.

    Attributes:
        compile: Builds the row columns on a workspace.
        options: Option names the compiler implements (all of the rule set's).
        default_week: Study week used when ``at`` is not given, from the resolved options.
        post: A step on the evaluated rows (``_aid, subject, start, _t`` and the row
            columns), for what needs the rule set evaluated at other points (e.g. KDIGO
            2024's late-response report); it may add columns and set ``_amb``.
    """

    compile: CompileFn
    options: frozenset[str]
    default_week: Callable[[RuleSet, Mapping[str, Any]], int]
    post: PostFn | None = None

    def evaluate(
        self, cohort: Cohort, rule_set: RuleSet, opts: Mapping[str, Any], points: pl.DataFrame
    ) -> pl.DataFrame:
        """Evaluate at ``points`` (``_aid, sid, subject, start, at_kind, at_week, at_date, _t``).

        Returns ``_aid``, ``sid``, ``subject`` and the row columns (``post`` is not applied).
        """
        ws = Workspace(cohort, points)
        columns = self.compile(ws, rule_set, opts)
        return ws.frame.select("_aid", "sid", "subject", *columns)


def _time_point_week(rule_set: RuleSet, opts: Mapping[str, Any]) -> int:
    return pick_point(rule_set.parameters.time_points, opts["time_point"]).week


# ----------------------------------------------------------------------------- shared steps


def _kidney_function(
    ws: Workspace, window: VisitWindow, role: str, metric: str, equation: str
) -> tuple[XReading, XReading]:
    """Assessment and reference kidney function (eGFR or creatinine), attached to ``ws``."""
    ws.patient()
    if metric == "egfr":
        ws.match_egfr(window, "a_kf_")
        ws.reference_egfr(role, "r_kf_")
    else:
        ws.match("creatinine", window, "a_kf_cr_")
        ws.reference("creatinine", role, "r_kf_cr_")
    return (
        ws.reading(kidney_function_reading("a_kf_", "assessment", metric, equation)),
        ws.reading(kidney_function_reading("r_kf_", role, metric, equation)),
    )


def _policy(
    ws: Workspace, category: pl.Expr, policy: str, types: tuple[EventType, ...]
) -> tuple[pl.Expr, list[XCrit], tuple[Named, ...]]:
    if Policy(policy) is Policy.NOT_EVALUABLE:
        return category, [], ()
    count = ws.event_count(types, "ev_")
    events = event_free_crit("no-intercurrent-event", count)
    final, flags = apply_policy(category, policy, events)
    return final, [events], flags


def constant_percent_of(
    threshold: Threshold, constant: Threshold, current: XReading, *, id: str | None = None
) -> XCrit:
    """``percent_of(constant, current) <op> threshold`` as one exact comparison.

    ``current / K * 100 <op> T`` is ``current <op> T * K / 100`` (K > 0), a single-value
    comparison with an exact rational target, so faithful values are decided exactly.
    """
    target = Fraction(threshold.value) * constant.canonical / 100
    surrogate = Threshold(
        id=id or threshold.id,
        label=threshold.label,
        comparator=threshold.comparator,
        value=_fraction_text(target / _unit_factor(current.quantity, constant.unit)),
        unit=constant.unit,
        quantity=current.quantity,
        source_id=threshold.source_id,
    )
    if surrogate.canonical != target:  # pragma: no cover - the target is a short decimal
        return _constant_percent_fallback(threshold, target, current, id=id)
    return threshold_crit(surrogate, current, id=id or threshold.id)


def _unit_factor(quantity: Quantity, unit: str) -> Fraction:
    from lupus_nephritis.units import factor

    return factor(quantity, unit)


def _fraction_text(value: Fraction) -> str:
    from lupus_nephritis.units import fraction_to_decimal

    return format(fraction_to_decimal(value, 28), "f")


def _constant_percent_fallback(
    threshold: Threshold, target: Fraction, current: XReading, *, id: str | None
) -> XCrit:  # pragma: no cover - only for a target that is not a short decimal
    sign, unresolved = signed_given(current.x, current.u, current.quantity, target)
    outcome = pl.when(current.known).then(holds(threshold.comparator, sign))
    return XCrit(id or threshold.id, outcome, current.known & (unresolved | ~current.ex))


# ----------------------------------------------------------------------------- KDIGO


KDIGO_OPTIONS = frozenset(
    {
        "stability_band",
        "partial_reduction_comparator",
        "kidney_function_metric",
        "time_point",
        "visit_matching",
        "reference",
        "spot_upcr",
        "egfr_equation",
        "policy",
    }
)


def compile_kdigo(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """KDIGO 2021 / 2024 (`evaluate_kdigo`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    role = opts["reference"]
    metric = opts["kidney_function_metric"]
    equation = opts["egfr_equation"]

    ws.match("upcr", window, "a_upcr_", specimen=p.upcr_specimen if reject else None)
    ws.reference("upcr", role, "r_upcr_")
    upcr = ws.reading(
        upcr_reading(
            "a_upcr_",
            "assessment.upcr",
            expected=p.upcr_specimen,
            reject_other=reject,
            filtered=True,
        )
    )
    ref_upcr = ws.reading(
        upcr_reading(
            "r_upcr_", f"{role}.upcr", expected=p.upcr_specimen, reject_other=reject, filtered=False
        )
    )
    function, ref_function = _kidney_function(ws, window, role, metric, equation)

    band = pick_threshold(p.stability_bands, opts["stability_band"])
    reduction = p.partial_reductions[0]
    comparator = opts.get("partial_reduction_comparator")
    if comparator is not None:
        reduction = next(t for t in p.partial_reductions if t.comparator.value == comparator)
    stable = ws.crit(stability_crit(band, ref_function, function))
    complete = ws.crit(
        combine_crit(
            "complete", [ws.crit(threshold_crit(p.complete_upcr, upcr)), stable], mode="all"
        )
    )
    partial = ws.crit(
        combine_crit(
            "partial",
            [
                ws.crit(relative_crit(reduction, ref_upcr, upcr, mode="reduction")),
                ws.crit(threshold_crit(p.partial_upcr, upcr)),
                stable,
            ],
            mode="all",
        )
    )
    category = categorize(complete.outcome, partial.outcome)
    verdict, events, policy_flags = _policy(ws, category, opts["policy"], p.intercurrent_events)
    missing = [*upcr.missing, *ref_upcr.missing, *function.missing, *ref_function.missing]
    flags = [
        *upcr.flags,
        *ref_upcr.flags,
        specimen_differs(ref_upcr, upcr),
        *function.flags,
        *ref_function.flags,
        reference_zero(ref_upcr, ref_function),
        *policy_flags,
    ]
    week = _time_point_week(rule_set, opts)
    return decision_columns(
        rule_set,
        verdict,
        [complete, partial, *events],
        missing=missing,
        flags=flags,
        policy=opts["policy"],
        details=[
            ("assessment_point", point_text(week)),
            ("reference", pl.lit(role)),
            ("kidney_function_metric", pl.lit(metric)),
        ],
    )


# ----------------------------------------------------------------------------- EULAR 2012


EULAR_2012_OPTIONS = frozenset(
    {
        "renal_function_rule",
        "time_point",
        "visit_matching",
        "reference",
        "egfr_equation",
        "policy",
    }
)


def compile_eular_2012(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """EULAR/ERA-EDTA 2012 (`lupus_nephritis.criteria.response.eular_2012`)."""
    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    rule = opts["renal_function_rule"]
    equation = opts["egfr_equation"]

    ws.match("upcr", window, "a_upcr_")
    ws.reference("upcr", role, "r_upcr_")
    upcr = ws.reading(
        upcr_reading("a_upcr_", "assessment.upcr", expected=None, reject_other=False, filtered=True)
    )
    ref_upcr = ws.reading(
        upcr_reading("r_upcr_", f"{role}.upcr", expected=None, reject_other=False, filtered=False)
    )
    egfr, ref_egfr = _kidney_function(ws, window, role, "egfr", equation)

    if rule == "stable-vs-reference":
        function = ws.crit(stability_crit(p.reference_band, ref_egfr, egfr))
    else:
        is_normal = ws.crit(threshold_crit(p.normal_gfr, egfr))
        near = ws.crit(constant_percent_of(p.near_normal_gfr, p.normal_gfr, egfr))
        if rule == "near-normal":
            children = [is_normal, near]
        else:
            children = [
                is_normal,
                ws.crit(
                    combine_crit(
                        "near-normal-after-abnormal",
                        [ws.crit(threshold_crit(p.abnormal_gfr, ref_egfr)), near],
                        mode="all",
                    )
                ),
            ]
        function = ws.crit(combine_crit("kidney-function", children, mode="any"))
    complete = ws.crit(
        combine_crit(
            "complete", [ws.crit(threshold_crit(p.complete_upcr, upcr)), function], mode="all"
        )
    )
    partial = ws.crit(
        combine_crit(
            "partial",
            [
                ws.crit(relative_crit(p.partial_reduction, ref_upcr, upcr, mode="reduction")),
                ws.crit(threshold_crit(p.subnephrotic_upcr, upcr)),
                function,
            ],
            mode="all",
        )
    )
    category = categorize(complete.outcome, partial.outcome)
    verdict, events, policy_flags = _policy(ws, category, opts["policy"], p.intercurrent_events)
    uses_ref_egfr = rule != "near-normal"
    missing = [*upcr.missing, *ref_upcr.missing, *egfr.missing]
    flags: list[Named] = [
        *upcr.flags,
        *ref_upcr.flags,
        specimen_differs(ref_upcr, upcr),
        *egfr.flags,
    ]
    if uses_ref_egfr:
        missing += ref_egfr.missing
        flags += ref_egfr.flags
    zero = (ref_upcr, ref_egfr) if rule == "stable-vs-reference" else (ref_upcr,)
    flags += [reference_zero(*zero), *policy_flags]
    return decision_columns(
        rule_set,
        verdict,
        [complete, partial, *events],
        missing=missing,
        flags=flags,
        policy=opts["policy"],
        details=[
            ("assessment_point", point_text(_time_point_week(rule_set, opts))),
            ("reference", pl.lit(role)),
            ("renal_function_rule", pl.lit(rule)),
        ],
    )


# ----------------------------------------------------------------------------- ACR 2024


ACR_2024_OPTIONS = frozenset(
    {
        "proteinuria_unit",
        "kidney_function_metric",
        "time_point",
        "visit_matching",
        "reference",
        "egfr_equation",
        "policy",
    }
)


def compile_acr_2024(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """ACR 2024 provisional (`lupus_nephritis.criteria.response.acr_2024`)."""
    from lupus_nephritis.criteria.response import acr_2024 as module

    p = rule_set.parameters
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    metric = opts["kidney_function_metric"]
    equation = opts["egfr_equation"]
    if opts["proteinuria_unit"] == "mg/d":
        target = p.complete_protein_24h
        ws.match("protein_24h", window, "a_prot_")
        proteinuria = ws.reading(
            measure_reading("a_prot_", "assessment.protein_24h", Quantity.PROTEIN_24H)
        )
    else:
        target = p.complete_upcr
        ws.match("upcr", window, "a_prot_")
        proteinuria = ws.reading(
            upcr_reading(
                "a_prot_", "assessment.upcr", expected=None, reject_other=False, filtered=True
            )
        )
    function, ref_function = _kidney_function(ws, window, role, metric, equation)
    complete = ws.crit(
        combine_crit(
            "complete",
            [
                ws.crit(threshold_crit(target, proteinuria)),
                ws.crit(stability_crit(p.kidney_band, ref_function, function)),
            ],
            mode="all",
        )
    )
    category = categorize(complete.outcome, None)
    verdict, events, policy_flags = _policy(ws, category, opts["policy"], p.intercurrent_events)
    flags: list[Named] = [
        (module.FLAG_PROVISIONAL_DEFINITION, pl.lit(True)),
        *proteinuria.flags,
        *function.flags,
        *ref_function.flags,
        reference_zero(ref_function),
        *policy_flags,
        (module.FLAG_NO_PARTIAL, verdict == "none"),
    ]
    return decision_columns(
        rule_set,
        verdict,
        [complete, *events],
        missing=[*proteinuria.missing, *function.missing, *ref_function.missing],
        flags=flags,
        policy=opts["policy"],
        details=[
            ("assessment_point", point_text(_time_point_week(rule_set, opts))),
            ("reference", pl.lit(role)),
        ],
    )


def kdigo_late_response(
    compiler: Compiler,
    cohort: Cohort,
    rule_set: RuleSet,
    opts: Mapping[str, Any],
    rows: pl.DataFrame,
) -> pl.DataFrame:
    """The late-response report of KDIGO 2024 (`.._kdigo._late_response`).

    For each complete or partial row assessed after the response window's end, the rule set
    is evaluated (same options, policy ``not-evaluable``) at every UPCR visit from the start
    to the assessment and at the window's end, all at once; the first point reaching the
    row's level decides. Adds the flag ``late-response`` and the details
    ``response_window_end``, ``late_response``, ``first_response_on``; a row whose points
    include an ambiguous evaluation is handed to the scalar path.
    """
    window_end = rule_set.parameters.response_window_end
    level = pl.col("AVALC").replace_strict(
        list(_RANK), list(_RANK.values()), default=0, return_dtype=pl.Int8
    )
    ranked = level > 0
    end = (pl.col("start").cast(pl.Int32) + 7 * window_end.week).cast(pl.Date)
    rows = rows.with_columns(_end=end, _level=level)
    late_rows = rows.filter(ranked & (pl.col("_t") > pl.col("_end")))
    summary = pl.DataFrame(
        schema={
            "_aid": pl.Int64,
            "_met_within": pl.Date,
            "_undecided": pl.Boolean,
            "_met_later": pl.Date,
            "_inner_amb": pl.Boolean,
        }
    )
    if late_rows.height:
        parents = late_rows.select(
            pl.col("_aid").alias("_parent"), "sid", "subject", "start", "_t", "_end", "_level"
        )
        upcr = cohort.visits.get("upcr")
        dated: list[pl.DataFrame] = [parents.with_columns(_d=pl.col("_end"))]
        if upcr is not None:
            days = upcr.select("sid", _d=pl.col("date"))
            dated.append(
                parents.join(days, on="sid", how="inner").filter(
                    (pl.col("_d") > pl.col("start")) & (pl.col("_d") <= pl.col("_t"))
                )
            )
        points = (
            pl.concat(dated, how="vertical_relaxed")
            .unique(["_parent", "_d"])
            .with_row_index("_aid")
            .with_columns(pl.col("_aid").cast(pl.Int64))
        )
        inner = {**opts, "policy": Policy.NOT_EVALUABLE.value}
        evaluated = compiler.evaluate(
            cohort,
            rule_set,
            inner,
            points.select(
                "_aid",
                "sid",
                "subject",
                "start",
                pl.lit("date").alias("at_kind"),
                pl.lit(None, dtype=pl.Int64).alias("at_week"),
                pl.col("_d").alias("at_date"),
                pl.col("_d").alias("_t"),
            ),
        ).select("_aid", "AVALC", "_amb")
        judged = points.join(evaluated, on="_aid", maintain_order="left").with_columns(
            _met=pl.col("AVALC").replace_strict(
                list(_RANK), list(_RANK.values()), default=0, return_dtype=pl.Int8
            )
            >= pl.col("_level"),
            _within=pl.col("_d") <= pl.col("_end"),
        )
        summary = (
            judged.group_by("_parent")
            .agg(
                pl.col("_d").filter(pl.col("_met") & pl.col("_within")).min().alias("_met_within"),
                (pl.col("_within") & (pl.col("AVALC") == "not_evaluable"))
                .any()
                .alias("_undecided"),
                pl.col("_d").filter(pl.col("_met") & ~pl.col("_within")).min().alias("_met_later"),
                pl.col("_amb").any().alias("_inner_amb"),
            )
            .rename({"_parent": "_aid"})
        )
    if summary.height:
        rows = rows.join(summary, on="_aid", how="left", maintain_order="left")
    else:
        rows = rows.with_columns(
            pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in summary.schema.items()
            if name != "_aid"
        )
    after = pl.col("_t") > pl.col("_end")
    met_within = pl.col("_met_within").is_not_null()
    undecided = pl.col("_undecided").fill_null(False)
    is_late = ranked & after & ~met_within & ~undecided
    late_text = (
        pl.when(~ranked)
        .then(pl.lit(None, dtype=pl.String))
        .when(~after | met_within)
        .then(pl.lit("false"))
        .when(undecided)
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.lit("true"))
    )
    first = (
        pl.when(ranked & after & met_within)
        .then(pl.col("_met_within"))
        .when(is_late)
        .then(pl.coalesce(pl.col("_met_later"), pl.col("_t")))
    )
    flags = pl.col("FLAGS")
    return rows.with_columns(
        FLAGS=pl.when(is_late)
        .then(
            pl.when(flags == "")
            .then(pl.lit(FLAG_LATE_RESPONSE))
            .otherwise(flags + pl.lit(ROW_LIST_SEPARATOR + FLAG_LATE_RESPONSE))
        )
        .otherwise(flags),
        **{
            DETAIL_COLUMN_PREFIX + "response_window_end": pl.when(ranked).then(
                pl.col("_end").cast(pl.String)
            ),
            DETAIL_COLUMN_PREFIX + "late_response": late_text,
            DETAIL_COLUMN_PREFIX + "first_response_on": first.cast(pl.String),
        },
        _amb=pl.col("_amb") | pl.col("_inner_amb").fill_null(False),
    ).drop("_end", "_level", "_met_within", "_undecided", "_met_later", "_inner_amb")


_RANK = {"partial": 1, "complete": 2}


#: ``"id@version"`` -> compiler of every vectorised response rule set.
COMPILERS: dict[str, Compiler] = {
    "kdigo-2024@1.1.0": Compiler(
        compile_kdigo, KDIGO_OPTIONS, _time_point_week, post=kdigo_late_response
    ),
    "kdigo-2024@1.0.0": Compiler(compile_kdigo, KDIGO_OPTIONS, _time_point_week),
    "kdigo-2021@1.0.0": Compiler(compile_kdigo, KDIGO_OPTIONS, _time_point_week),
    "eular-2012@1.0.0": Compiler(compile_eular_2012, EULAR_2012_OPTIONS, _time_point_week),
    "acr-2024-provisional@1.0.0": Compiler(compile_acr_2024, ACR_2024_OPTIONS, _time_point_week),
}

# seed-review-2024, modified-perr / modified-crr, eular-2019 (module _guidelines)
COMPILERS.update(
    {
        "seed-review-2024@1.0.0": Compiler(
            _guidelines.compile_seed_review,
            _guidelines.SEED_REVIEW_OPTIONS,
            _guidelines.default_point_week,
        ),
        "modified-perr@1.0.0": Compiler(
            _guidelines.compile_modified,
            _guidelines.MODIFIED_OPTIONS,
            _guidelines.default_point_week,
        ),
        "modified-crr@1.0.0": Compiler(
            _guidelines.compile_modified,
            _guidelines.MODIFIED_OPTIONS,
            _guidelines.default_point_week,
        ),
        "eular-2019@1.0.0": Compiler(
            _guidelines.compile_eular_2019,
            _guidelines.EULAR_2019_OPTIONS,
            _guidelines.eular_2019_week,
        ),
    }
)

# ----------------------------------------------------------------------------- trial endpoints
# (compilers in `._trials`)
from lupus_nephritis.cohort import _trials  # noqa: E402 - the trial compilers use this module's primitives

COMPILERS.update(
    {
        "aurora-1@3.0.0": Compiler(
            _trials.compile_aurora_1, _trials.AURORA_1_OPTIONS, _trials.trial_week
        ),
        "aurora-1@2.0.0": Compiler(
            _trials.compile_aurora_1, _trials.AURORA_1_OPTIONS, _trials.trial_week
        ),
        "aurora-1@1.0.0": Compiler(
            _trials.compile_aurora_1_v1, _trials.AURORA_1_OPTIONS, _trials.trial_week
        ),
        "bliss-ln-perr@1.0.0": Compiler(
            _trials.compile_bliss_ln, _trials.BLISS_LN_OPTIONS, _trials.trial_week
        ),
        "bliss-ln-crr@1.0.0": Compiler(
            _trials.compile_bliss_ln, _trials.BLISS_LN_OPTIONS, _trials.trial_week
        ),
        "nobility-crr@1.0.0": Compiler(
            _trials.compile_nobility, _trials.NOBILITY_OPTIONS, _trials.trial_week
        ),
        **{
            key: Compiler(_trials.compile_regency, _trials.REGENCY_OPTIONS, _trials.trial_week)
            for key in (
                "regency-crr@1.0.0",
                "regency-crr-steroid@1.1.0",
                "regency-crr-steroid@1.0.0",
                "regency-upcr-0-8@1.0.0",
            )
        },
        "lunar-crr@1.0.0": Compiler(
            _trials.compile_lunar, _trials.LUNAR_OPTIONS, _trials.trial_week
        ),
        "aura-lv@1.1.0": Compiler(
            _trials.compile_aura_lv, _trials.AURA_LV_OPTIONS, _trials.trial_week
        ),
        "aura-lv@1.0.0": Compiler(
            _trials.compile_aura_lv, _trials.AURA_LV_OPTIONS, _trials.trial_week
        ),
        "tulip-ln-crr@1.0.0": Compiler(
            _trials.compile_tulip_ln, _trials.TULIP_LN_OPTIONS, _trials.trial_week
        ),
        "tulip-ln-crr-0-5@1.0.0": Compiler(
            _trials.compile_tulip_ln, _trials.TULIP_LN_OPTIONS, _trials.trial_week
        ),
        "alms-response@1.0.0": Compiler(
            _trials.compile_alms, _trials.ALMS_OPTIONS, _trials.trial_week
        ),
    }
)


# AURORA 2 endpoints over a span of visits (compilers in `._aurora_2`)
from lupus_nephritis.cohort import _aurora_2  # noqa: E402 - uses the trial compilers

COMPILERS.update(
    {
        "aurora-2-adequate-response@1.0.0": Compiler(
            _aurora_2.compile_adequate, _aurora_2.ADEQUATE_OPTIONS, _trials.trial_week
        ),
        "aurora-2-good-renal-outcome@1.0.0": Compiler(
            _aurora_2.compile_good, _aurora_2.GOOD_OPTIONS, _trials.trial_week
        ),
        "aurora-2-sustained-crr@1.1.0": Compiler(
            _aurora_2.compile_sustained, _aurora_2.SUSTAINED_OPTIONS, _trials.trial_week
        ),
        "aurora-2-sustained-crr@1.0.0": Compiler(
            _aurora_2.compile_sustained, _aurora_2.SUSTAINED_OPTIONS, _trials.trial_week
        ),
    }
)


def compiler_for(rule_set: RuleSet) -> Compiler | None:
    """The compiler of ``rule_set`` (its exact version), or None when it is not vectorised."""
    compiler = COMPILERS.get(rule_set.key)
    if compiler is None:
        return None
    if not {o.name for o in rule_set.options} <= compiler.options:
        return None
    return compiler


__all__ = [
    "COMPILERS",
    "Compiler",
    "compiler_for",
    "constant_percent_of",
    "kdigo_late_response",
]
