"""Compilers of the AURORA 2 endpoints (`lupus_nephritis.criteria.response.aurora_2`).

These endpoints look at a *span of visits*, not at one matched visit:

* ``aurora-2-adequate-response``: the first follow-up UPCR at or below 0.7 mg/mg confirmed by
  the next UPCR, among the UPCR visits after the baseline up to the assessment. Each UPCR
  visit's comparison is decided once, exactly, on the visits table (`_upcr_visits`); each
  assessment then finds its onset by binary search and a backward fill over the subject's
  sorted visits, never by a loop over rows;
* ``aurora-2-good-renal-outcome``: the adequate response and no ``aurora-2-flare`` flare. The
  flare scan checks each post-response UPCR once against the rule's five thresholds; the
  post-response nadir is never formed (its bucket tests are "some / all UPCR from the onset
  up to the previous visit", counted with prefix sums), so every comparison stays exact;
* ``aurora-2-sustained-crr``: the AURORA 1 complete renal response at month 12, then a renal
  response at *every* later clinic visit up to the end of the period. The later visits of all
  assessments form a second workspace (one row per assessment x visit, its own date as the
  assessment date) on which the AURORA 1 primitives of `._trials` run unchanged; the rows are
  then aggregated back (Kleene AND, the ``visit-<n>`` criteria, and the missing inputs and
  flags in trace order, spliced into the row's lists with `Spliced`).

A decision's criterion tree holds one ``visit-<n>`` criterion per later visit; the frame has
one ``CRIT_visit-<n>`` column per ordinal up to the largest number of later visits, null
where a decision has fewer. Rows the scalar path refuses (an end of period before month 12)
are handed to it, so the refusal is its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.cohort._engine import (
    Named,
    Spliced,
    Workspace,
    XCrit,
    combine_crit,
    event_free_crit,
    measure_reading,
    outcome_text,
    threshold_crit,
)
from lupus_nephritis.cohort._tables import KEY_SHIFT, MEASURE_VALUES, day_key
from lupus_nephritis.cohort._trials import (
    AURORA_1_OPTIONS,
    aurora_complete,
    aurora_kidney,
    expected_upcr,
    finish_columns,
)
from lupus_nephritis.criteria.flares._scan import FLAG_EARLIER_NOT_EXCLUDED, MISSING_NO_VISITS
from lupus_nephritis.criteria.flares.aurora_2_flare import (
    FLAG_NOT_ADJUDICATED,
    MISSING_CONFIRMING_PREFIX,
    MISSING_FOLLOW_UP_UPCR,
    FlareReference,
    ResponseConfirmation,
)
from lupus_nephritis.criteria.flares.aurora_2_flare import PARAMETERS as FLARE_PARAMETERS
from lupus_nephritis.criteria.response._common import with_matching
from lupus_nephritis.decisions import CRITERION_COLUMN_PREFIX
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.units import Quantity

_NO_NAMES = pl.lit([], dtype=pl.List(pl.String))


def _day_text(day: pl.Expr) -> pl.Expr:
    return day.dt.strftime("%Y-%m-%d")


def _insert_after(columns: list[pl.Expr], name: str, extra: Sequence[pl.Expr]) -> list[pl.Expr]:
    """``columns`` with ``extra`` placed right after the column named ``name``."""
    names = [c.meta.output_name() for c in columns]
    at = names.index(name) + 1
    return [*columns[:at], *extra, *columns[at:]]


def _or_ambiguous(columns: list[pl.Expr], extra: pl.Expr) -> list[pl.Expr]:
    """``columns`` with rows where ``extra`` holds handed to the scalar path (``_amb``)."""
    return [
        (c | extra.fill_null(False)).alias("_amb") if c.meta.output_name() == "_amb" else c
        for c in columns
    ]


# ============================================================================ adequate response

ADEQUATE_OPTIONS = frozenset({"time_point", "adequate_response_confirmation", "policy"})


def _visit_checks(ws: Workspace, thresholds: Sequence[Threshold]) -> pl.DataFrame:
    """``K, sid, date, i, c0 .. cN, amb``: every follow-up UPCR visit, sorted by ``K``.

    ``c<k>``: the visit's UPCR holds ``thresholds[k]`` (decided exactly, as
    `Threshold.holds`); ``amb``: the engine could not decide one of them exactly; ``i``: the
    row number.
    """
    key = ("aurora-2-upcr", *(f"{t.id} {t.comparator.value} {t.canonical}" for t in thresholds))
    cached = ws.cohort._cache.get(key)
    if cached is not None:
        return cached
    schema: dict[str, Any] = {"K": pl.Int64, "sid": pl.Int64, "date": pl.Date, "i": pl.Int64}
    schema |= {f"c{k}": pl.Boolean for k in range(len(thresholds))} | {"amb": pl.Boolean}
    table = ws.cohort.visits.get("upcr")
    if table is None or table.height == 0:
        out = pl.DataFrame(schema=schema)
    else:
        vws = Workspace(
            ws.cohort,
            table.select(
                "K", "sid", "date", _aid=pl.int_range(pl.len(), dtype=pl.Int64), _t=pl.col("date")
            ),
        )
        vws._attach("v_", vws._values("upcr", {n: table.get_column(n) for n in MEASURE_VALUES}))
        reading = measure_reading("v_", "upcr", Quantity.UPCR)
        crits = [vws.crit(threshold_crit(t, reading)) for t in thresholds]
        ambiguous = crits[0].ambiguous
        for crit in crits[1:]:
            ambiguous = ambiguous | crit.ambiguous
        out = vws.frame.select(
            "K",
            "sid",
            "date",
            pl.col("_aid").alias("i"),
            *(c.outcome.fill_null(False).alias(f"c{k}") for k, c in enumerate(crits)),
            ambiguous.alias("amb"),
        )
    ws.cohort._cache[key] = out
    return out


def _upcr_visits(ws: Workspace, rule_set: RuleSet) -> pl.DataFrame:
    """`_visit_checks` of the adequate-response threshold (column ``h``)."""
    return _visit_checks(ws, (rule_set.parameters.adequate_upcr,)).rename({"c0": "h"})


def _adequate(
    ws: Workspace, rule_set: RuleSet, confirmation: str, prefix: str
) -> tuple[XCrit, list[pl.Expr], Spliced]:
    """`find_adequate_response` up to ``_t``, as columns ``prefix + ...``.

    Returns:
        The ``adequate-response`` criterion (its children are the extra columns), the
        columns of its two children (null where the scalar tree has no such child), and the
        missing inputs.
    """
    visits = _upcr_visits(ws, rule_set)
    single = ResponseConfirmation(confirmation) is ResponseConfirmation.SINGLE_MEASUREMENT
    n = visits.height
    base = ws.reference_date("baseline")
    frame = ws.frame.select("sid", "_t").with_columns(_base=base)
    lo_key = (
        pl.when(pl.col("_base").is_not_null())
        .then(day_key(pl.col("sid"), pl.col("_base")) + 1)
        .otherwise(pl.col("sid").cast(pl.Int64) * (1 << KEY_SHIFT))
    )
    keys = frame.select(lo_key.alias("lo"), day_key(pl.col("sid"), pl.col("_t")).alias("hi"))
    if n == 0:
        lo = pl.Series([0] * ws.frame.height, dtype=pl.Int64)
        hi = pl.Series([-1] * ws.frame.height, dtype=pl.Int64)
    else:
        k = visits.get_column("K")
        lo = k.search_sorted(keys.get_column("lo"), side="left").cast(pl.Int64)
        hi = k.search_sorted(keys.get_column("hi"), side="right").cast(pl.Int64) - 1
    index = visits.with_columns(
        _pair=(pl.col("h") & pl.col("h").shift(-1).over("sid").fill_null(False)),
        _amb_n=pl.col("amb").cast(pl.Int64).cum_sum(),
    ).with_columns(
        # the first qualifying visit at or after each one, within its subject
        _next=pl.when(pl.col("h" if single else "_pair"))
        .then(pl.col("i"))
        .backward_fill()
        .over("sid"),
    )
    probe = pl.DataFrame({"lo": lo, "hi": hi}).with_columns(
        _has=pl.col("hi") >= pl.col("lo"),
    )
    if n:
        lo_safe = probe.select(pl.when(pl.col("_has")).then(pl.col("lo"))).to_series()
        hi_safe = probe.select(pl.when(pl.col("_has")).then(pl.col("hi"))).to_series()
        nxt = index.get_column("_next").gather(lo_safe)
        amb_n = index.get_column("_amb_n")
        before = probe.select(
            pl.when(pl.col("_has") & (pl.col("lo") > 0)).then(pl.col("lo") - 1)
        ).to_series()
        spans = pl.DataFrame(
            {
                "nxt": nxt,
                "h_hi": index.get_column("h").gather(hi_safe),
                "d_hi": index.get_column("date").gather(hi_safe),
                "amb": amb_n.gather(hi_safe) - amb_n.gather(before).fill_null(0),
                "hi": hi_safe,
            }
        )
        onset_i = spans.select(
            pl.when(pl.col("nxt") <= (pl.col("hi") if single else pl.col("hi") - 1)).then(
                pl.col("nxt")
            )
        ).to_series()
        onset = index.get_column("date").gather(onset_i)
        ws.frame = ws.frame.with_columns(
            probe.get_column("_has").alias(prefix + "has"),
            lo.alias(prefix + "lo"),
            hi.alias(prefix + "hi"),
            onset_i.alias(prefix + "oi"),
            onset.alias(prefix + "on"),
            spans.get_column("h_hi").alias(prefix + "h_last"),
            spans.get_column("d_hi").alias(prefix + "d_last"),
            (spans.get_column("amb").fill_null(0) > 0).alias(prefix + "amb"),
        )
    else:
        ws.frame = ws.frame.with_columns(
            pl.lit(False).alias(prefix + "has"),
            pl.lit(0, dtype=pl.Int64).alias(prefix + "lo"),
            pl.lit(-1, dtype=pl.Int64).alias(prefix + "hi"),
            pl.lit(None, dtype=pl.Int64).alias(prefix + "oi"),
            pl.lit(None, dtype=pl.Date).alias(prefix + "on"),
            pl.lit(None, dtype=pl.Boolean).alias(prefix + "h_last"),
            pl.lit(None, dtype=pl.Date).alias(prefix + "d_last"),
            pl.lit(False).alias(prefix + "amb"),
        )
    has = pl.col(prefix + "has")
    met = pl.col(prefix + "on").is_not_null()
    # no onset: the last visit still qualifies and has no later UPCR to confirm it
    pending = has & ~met & pl.col(prefix + "h_last").fill_null(False) & pl.lit(not single)
    outcome = pl.when(met).then(pl.lit(True)).when(~has | pending).then(None).otherwise(False)
    crit = ws.crit(XCrit("adequate-response", outcome, pl.col(prefix + "amb")))
    ws.frame = ws.frame.with_columns(crit.outcome.alias(prefix + "outcome"))
    children = [
        pl.when(met | pending)
        .then(pl.lit(Outcome.MET.value))
        .alias(CRITERION_COLUMN_PREFIX + rule_set.parameters.adequate_upcr.id)
    ]
    if not single:
        children.append(
            pl.when(met)
            .then(pl.lit(Outcome.MET.value))
            .when(pending)
            .then(pl.lit(Outcome.UNKNOWN.value))
            .alias(CRITERION_COLUMN_PREFIX + "adequate-response-confirmed")
        )
    missing = Spliced(
        pl.when(~has)
        .then(pl.lit([MISSING_FOLLOW_UP_UPCR], dtype=pl.List(pl.String)))
        .when(pending)
        .then(
            pl.concat_list(
                [pl.lit(MISSING_CONFIRMING_PREFIX) + _day_text(pl.col(prefix + "d_last"))]
            )
        )
        .otherwise(_NO_NAMES)
    )
    return crit, children, missing


def compile_adequate(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """AURORA 2 adequate response (`..aurora_2.evaluate_adequate_response`)."""
    p = rule_set.parameters
    crit, children, missing = _adequate(ws, rule_set, opts["adequate_response_confirmation"], "aq_")
    columns = finish_columns(
        ws,
        rule_set,
        opts,
        complete=crit,
        partial=None,
        missing=[missing],
        flags=[],
        intercurrent=tuple(p.intercurrent_events),
        endpoint="adequate response (sustained UPCR <= 0.7 mg/mg)",
        details_before=(("adequate_response_on", _day_text(pl.col("aq_on"))),),
    )
    return _insert_after(columns, CRITERION_COLUMN_PREFIX + "adequate-response", children)


# ============================================================================ good renal outcome

GOOD_OPTIONS = frozenset(
    {"time_point", "adequate_response_confirmation", "flare_reference", "policy"}
)


def _and3(*values: pl.Expr) -> pl.Expr:
    """Kleene AND (polars' ``&`` on nullable booleans is Kleene)."""
    out = values[0]
    for value in values[1:]:
        out = out & value
    return out


def _flare_scan(
    ws: Workspace, reference: FlareReference, prefix: str
) -> tuple[pl.Expr, pl.Expr, Spliced, list[Named], list[pl.Expr]]:
    """The ``aurora-2-flare`` decision up to ``_t`` (after `_adequate` with ``prefix``).

    Every post-response UPCR visit is checked once, exactly, against the flare rule's five
    thresholds. The post-response nadir is never formed: "nadir < 0.2" is "some UPCR from the
    onset up to the previous visit is < 0.2", "nadir >= 0.2" is "all are", "nadir <= 1.0" is
    "some is", counted with prefix sums over the subject's sorted visits.

    Returns:
        The flare verdict (``flare``, ``none``, ``not_evaluable``), the row's extra
        ambiguity, the scan's missing inputs (kept only when the verdict is undecided), its
        flags, and the columns of its criteria (``visit-<n>`` and the first visit's
        sub-criteria), in tree order.
    """
    f = FLARE_PARAMETERS
    checks = (
        f.low_bucket,
        f.mid_bucket_min,
        f.mid_bucket_max,
        f.low_bucket_flare,
        f.mid_bucket_flare,
    )
    visits = _visit_checks(ws, checks).with_columns(
        _p_low=pl.col("c0").cast(pl.Int64).cum_sum() - pl.col("c0").cast(pl.Int64),
        _p_mid=pl.col("c1").cast(pl.Int64).cum_sum() - pl.col("c1").cast(pl.Int64),
        _p_max=pl.col("c2").cast(pl.Int64).cum_sum() - pl.col("c2").cast(pl.Int64),
        _p_amb=pl.col("amb").cast(pl.Int64).cum_sum(),
    )
    baseline = reference is FlareReference.BASELINE
    onset = pl.col(prefix + "oi")
    lo = pl.col(prefix + "lo")
    hi = pl.col(prefix + "hi")
    ref_cols: list[pl.Expr] = []
    ambiguous: pl.Expr = pl.lit(False)
    if baseline:
        # the course baseline UPCR (any specimen), checked against the bucket edges
        ws.reference("upcr", "baseline", "fb_")
        reading = measure_reading("fb_", "baseline.upcr", Quantity.UPCR)
        for threshold, name in zip(checks[:3], ("_r_low", "_r_mid", "_r_max"), strict=True):
            crit = ws.crit(threshold_crit(threshold, reading))
            ref_cols.append(crit.outcome.alias(name))
            ambiguous = ambiguous | crit.ambiguous
        first = lo
    else:
        first = onset + 1
    # ambiguity of any UPCR check the scan reads (the visits after the baseline up to _t)
    amb_n = visits.get_column("_p_amb")
    bounds = ws.frame.select(
        pl.when(hi >= lo).then(lo).alias("lo"), pl.when(hi >= lo).then(hi).alias("hi")
    )
    if visits.height:
        before = bounds.select(pl.when(pl.col("lo") > 0).then(pl.col("lo") - 1)).to_series()
        counted = amb_n.gather(bounds.get_column("hi")) - amb_n.gather(before).fill_null(0)
        ws.frame = ws.frame.with_columns((counted.fill_null(0) > 0).alias("_fl_amb"))
    else:
        ws.frame = ws.frame.with_columns(pl.lit(False).alias("_fl_amb"))
    ambiguous = ambiguous | pl.col("_fl_amb")
    parents = ws.frame.select(
        pl.col("_aid").alias("_paid"),
        "sid",
        first.alias("_first"),
        hi.alias("_last"),
        onset.alias("_oi"),
        *ref_cols,
    ).filter(pl.col("_first").is_not_null() & (pl.col("_last") >= pl.col("_first")))
    span = parents.join(visits, on="sid", how="inner").filter(
        (pl.col("i") >= pl.col("_first")) & (pl.col("i") <= pl.col("_last"))
    )
    if not baseline:
        # the reference of each index visit: the onset visit, or every UPCR from the onset
        # up to the previous visit (the nadir)
        at_onset = visits.select(
            pl.col("i").alias("_oi"),
            pl.col("c0").alias("_o_low"),
            pl.col("c1").alias("_o_mid"),
            pl.col("c2").alias("_o_max"),
            pl.col("_p_low").alias("_o_p_low"),
            pl.col("_p_mid").alias("_o_p_mid"),
            pl.col("_p_max").alias("_o_p_max"),
        )
        span = span.join(at_onset, on="_oi", how="left")
        if reference is FlareReference.RESPONSE_VISIT:
            span = span.with_columns(
                _r_low=pl.col("_o_low"), _r_mid=pl.col("_o_mid"), _r_max=pl.col("_o_max")
            )
        else:
            count = pl.col("i") - pl.col("_oi")
            span = span.with_columns(
                _r_low=(pl.col("_p_low") - pl.col("_o_p_low")) > 0,
                _r_mid=(pl.col("_p_mid") - pl.col("_o_p_mid")) == count,
                _r_max=(pl.col("_p_max") - pl.col("_o_p_max")) > 0,
            )
    ref_known = pl.col("_r_low").is_not_null()
    low = _and3(pl.col("_r_low"), pl.col("c3"))
    mid = _and3(pl.col("_r_mid"), pl.col("_r_max"), pl.col("c4"))
    outside = ref_known & ~(pl.col("_r_low") | (pl.col("_r_mid") & pl.col("_r_max")))
    flare = pl.when(outside.fill_null(False)).then(None).otherwise(low | mid)
    day = _day_text(pl.col("date"))
    rows = span.with_columns(
        _ord=pl.col("i") - pl.col("_first") + 1,
        _fl=flare,
        _low=low,
        _mid=mid,
    ).with_columns(
        _m=pl.concat_list(
            [
                pl.when(~ref_known).then(pl.lit("post-response upcr (visit ") + day + pl.lit(")")),
                pl.when(outside.fill_null(False)).then(
                    pl.lit("post-response upcr within the buckets (visit ") + day + pl.lit(")")
                ),
            ]
        ).list.drop_nulls(),
    )
    most = int(rows.select(pl.col("_ord").max()).item() or 0)
    first_row = pl.col("_ord") == 1
    sub = {
        "flare": "_fl",
        "flare-from-low": "_low",
        f.low_bucket.id: "_r_low",
        f.low_bucket_flare.id: "c3",
        "flare-from-mid": "_mid",
        f.mid_bucket_min.id: "_r_mid",
        f.mid_bucket_max.id: "_r_max",
        f.mid_bucket_flare.id: "c4",
    }
    fl = pl.col("_fl")
    found = pl.col("_ord").filter(fl.fill_null(False)).min()
    summary = (
        rows.sort("_paid", "_ord")
        .group_by("_paid", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("_fs_n"),
            found.alias("_fs_first"),
            fl.is_null().any().alias("_fs_unknown"),
            (fl.is_null() & (pl.col("_ord") < found)).any().alias("_fs_earlier"),
            pl.col("_m").list.explode(keep_nulls=False, empty_as_null=False).alias("_fs_m"),
            *(
                outcome_text(pl.col(column)).filter(first_row).first().alias(f"_fs_{cid}")
                for cid, column in sub.items()
            ),
            *(
                outcome_text(fl).filter(pl.col("_ord") == k).first().alias(f"_fs_v{k}")
                for k in range(1, most + 1)
            ),
        )
        .rename({"_paid": "_aid"})
    )
    ws.frame = ws.frame.join(summary, on="_aid", how="left", maintain_order="left").with_columns(
        pl.col("_fs_n").fill_null(0)
    )
    n = pl.col("_fs_n")
    adequate = pl.col(prefix + "outcome")
    if baseline:
        verdict = (
            pl.when(n == 0)
            .then(pl.lit("not_evaluable"))
            .when(pl.col("_fs_first").is_not_null())
            .then(pl.lit("flare"))
            .when(pl.col("_fs_unknown"))
            .then(pl.lit("not_evaluable"))
            .otherwise(pl.lit("none"))
        )
    else:
        verdict = (
            pl.when(adequate.not_().fill_null(False))
            .then(pl.lit("none"))  # no adequate response: no AURORA 2 flare by definition
            .when(adequate.is_null())
            .then(pl.lit("not_evaluable"))
            .when(n == 0)
            .then(pl.lit("none"))
            .when(pl.col("_fs_first").is_not_null())
            .then(pl.lit("flare"))
            .when(pl.col("_fs_unknown"))
            .then(pl.lit("not_evaluable"))
            .otherwise(pl.lit("none"))
        )
    (verdict,) = ws.put_many([verdict])
    names = Spliced(
        pl.when(n == 0)
        .then(pl.lit([MISSING_NO_VISITS] if baseline else [], dtype=pl.List(pl.String)))
        .otherwise(pl.col("_fs_m"))
    )
    flagged = pl.col("_fs_first").is_not_null()
    flags: list[Named] = [
        (FLAG_NOT_ADJUDICATED, flagged),
        (FLAG_EARLIER_NOT_EXCLUDED, flagged & pl.col("_fs_earlier").fill_null(False)),
    ]
    columns = [pl.col("_fs_v1").alias(CRITERION_COLUMN_PREFIX + "visit-1")] if most else []
    if most:
        columns += [pl.col(f"_fs_{cid}").alias(CRITERION_COLUMN_PREFIX + cid) for cid in sub]
        columns += [
            pl.col(f"_fs_v{k}").alias(f"{CRITERION_COLUMN_PREFIX}visit-{k}")
            for k in range(2, most + 1)
        ]
    return verdict, ambiguous, names, flags, columns


def compile_good(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """AURORA 2 good renal outcome (`..aurora_2.evaluate_good_renal_outcome`)."""
    p = rule_set.parameters
    crit, children, missing = _adequate(ws, rule_set, opts["adequate_response_confirmation"], "aq_")
    reference = FlareReference(opts["flare_reference"])
    verdict, ambiguous, flare_missing, flare_flags, flare_columns = _flare_scan(
        ws, reference, "aq_"
    )
    no_flare = ws.crit(
        XCrit(
            "no-renal-flare",
            pl.when(verdict == "flare")
            .then(pl.lit(False))
            .when(verdict == "none")
            .then(pl.lit(True))
            .otherwise(pl.lit(None, dtype=pl.Boolean)),
            ambiguous,
        )
    )
    good = ws.crit(combine_crit("good-renal-outcome", [crit, no_flare], mode="all"))
    undecided = no_flare.outcome.is_null()
    columns = finish_columns(
        ws,
        rule_set,
        opts,
        complete=good,
        partial=None,
        missing=[
            missing,
            Spliced(pl.when(undecided).then(flare_missing.names).otherwise(_NO_NAMES)),
        ],
        flags=flare_flags,
        intercurrent=tuple(p.intercurrent_events),
        endpoint="good renal outcome (adequate response and no renal flare)",
        details_before=(("adequate_response_on", _day_text(pl.col("aq_on"))),),
    )
    columns = _insert_after(columns, CRITERION_COLUMN_PREFIX + "adequate-response", children)
    return _insert_after(columns, CRITERION_COLUMN_PREFIX + "no-renal-flare", flare_columns)


# ============================================================================ sustained CRR

#: The sustained CRR has the AURORA 1 options but its partial-response ones.
SUSTAINED_OPTIONS = AURORA_1_OPTIONS - {"partial_reduction_comparator", "partial_response_unknown"}

#: Placeholder of the per-visit UPCR's name (``visit-<date>.upcr``), replaced per row.
_VISIT_UPCR = "\x00visit.upcr"


def _names_list(items: Sequence[Named]) -> pl.Expr:
    """The names of ``items`` whose condition holds, in order (the visit's own date filled in)."""
    parts = []
    for name, cond in items:
        text = (
            pl.lit("visit-") + _day_text(pl.col("_t")) + pl.lit(".upcr")
            if name == _VISIT_UPCR
            else pl.lit(name)
        )
        parts.append(pl.when(cond.fill_null(False)).then(text))
    if not parts:
        return _NO_NAMES
    return pl.concat_list(parts).list.drop_nulls()


def _later_visit_dates(ws: Workspace) -> pl.DataFrame:
    """``sid, date`` of every follow-up visit with a UPCR, an eGFR or a creatinine."""
    parts = [
        ws.cohort.visits[field].select("sid", "date")
        for field in ("upcr", "egfr", "creatinine")
        if field in ws.cohort.visits
    ]
    if not parts:
        return pl.DataFrame(schema={"sid": pl.Int64, "date": pl.Date})
    return pl.concat(parts).unique().sort("sid", "date")


def _later_visits(
    ws: Workspace, p: Any, opts: Mapping[str, Any], first: pl.Expr, last: pl.Expr
) -> int:
    """Attach the later visits' aggregate (``_sv_*``); return the largest number of visits."""
    frame = ws.frame.select(
        "_aid", "sid", "subject", "start", first.alias("_lo"), last.alias("_hi")
    )
    span = (
        frame.join(_later_visit_dates(ws), on="sid", how="inner")
        .filter((pl.col("date") > pl.col("_lo")) & (pl.col("date") <= pl.col("_hi")))
        .sort("_aid", "date")
        .with_columns(_ord=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("_aid"))
        .select(
            pl.col("_aid").alias("_paid"),
            "_ord",
            "sid",
            "subject",
            "start",
            pl.col("date").alias("_t"),
        )
        .with_columns(_aid=pl.int_range(pl.len(), dtype=pl.Int64))
    )
    if span.height == 0:
        ws.frame = ws.frame.with_columns(
            pl.lit(True).alias("_sv_out"),
            pl.lit(False).alias("_sv_amb"),
            _NO_NAMES.alias("_sv_missing"),
            _NO_NAMES.alias("_sv_flags"),
            pl.lit(0, dtype=pl.Int64).alias("_sv_n"),
        )
        return 0
    params = p.response
    window = p.visit_window
    reject = opts["spot_upcr"] == "reject"
    vws = Workspace(ws.cohort, span)
    upcr = expected_upcr(
        vws, window, params.upcr_specimen, reject, prefix="v_upcr_", name=_VISIT_UPCR
    )
    kidney, k_missing, k_flags = aurora_kidney(vws, params, opts, window)
    visit = vws.crit(
        combine_crit(
            "visit", [vws.crit(threshold_crit(params.complete_upcr, upcr)), kidney], mode="all"
        )
    )
    rows = vws.frame.select(
        "_paid",
        "_ord",
        visit.outcome.alias("_o"),
        visit.ambiguous.alias("_a"),
        outcome_text(visit.outcome).alias("_text"),
        _names_list([*upcr.missing, *k_missing]).alias("_m"),
        _names_list([*upcr.flags, *k_flags]).alias("_f"),
    )
    most = int(rows.select(pl.col("_ord").max()).item() or 0)
    o = pl.col("_o")
    summary = (
        rows.sort("_paid", "_ord")
        .group_by("_paid", maintain_order=True)
        .agg(
            pl.when(o.not_().any())  # Kleene AND over the visits: one not met decides
            .then(pl.lit(False))
            .when(o.is_null().any())
            .then(pl.lit(None, dtype=pl.Boolean))
            .otherwise(pl.lit(True))
            .alias("_sv_out"),
            pl.col("_a").any().alias("_sv_amb"),
            pl.col("_m").list.explode(keep_nulls=False, empty_as_null=False).alias("_sv_missing"),
            pl.col("_f").list.explode(keep_nulls=False, empty_as_null=False).alias("_sv_flags"),
            pl.len().cast(pl.Int64).alias("_sv_n"),
            *(
                pl.col("_text").filter(pl.col("_ord") == k).first().alias(f"_sv_v{k}")
                for k in range(1, most + 1)
            ),
        )
        .rename({"_paid": "_aid"})
    )
    ws.frame = ws.frame.join(summary, on="_aid", how="left", maintain_order="left").with_columns(
        # no later visit: "every later visit" holds vacuously (the scalar all([]) is met)
        pl.when(pl.col("_sv_n").is_null())
        .then(pl.lit(True))
        .otherwise(pl.col("_sv_out"))
        .alias("_sv_out"),
        pl.col("_sv_amb").fill_null(False),
        pl.col("_sv_missing").fill_null(_NO_NAMES),
        pl.col("_sv_flags").fill_null(_NO_NAMES),
        pl.col("_sv_n").fill_null(0),
    )
    return most


def compile_sustained(ws: Workspace, rule_set: RuleSet, opts: Mapping[str, Any]) -> list[pl.Expr]:
    """AURORA 2 sustained CRR (`..aurora_2._sustained`)."""
    p = rule_set.parameters
    params = p.response
    window = with_matching(params.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    # month 12: the AURORA 1 complete response, evaluated with the assessment date moved there
    month_12 = pl.col("start") + timedelta(weeks=p.month_12_week)
    ws.frame = ws.frame.with_columns(_end=pl.col("_t"), _t=month_12)
    upcr = expected_upcr(ws, window, params.upcr_specimen, reject)
    crr_12, missing, flags = aurora_complete(ws, params, opts, window, upcr, steroid=True)
    crr_12 = attrs.evolve(crr_12, id="crr-month-12")
    ws.match("upcr", window, "m12_upcr_")
    ws.frame = ws.frame.with_columns(_m12=pl.col("_t"), _t=pl.col("_end"))
    # the end of the period: a UPCR visit matched to it (no specimen filter)
    ws.match("upcr", window, "end_upcr_")
    covered = pl.col("end_upcr_date")
    first = pl.coalesce(pl.col("m12_upcr_date"), pl.col("_m12"))
    last = pl.when(covered.is_not_null()).then(pl.max_horizontal("_t", covered)).otherwise("_t")
    most = _later_visits(ws, p, opts, first, last)
    maintained = XCrit("maintained", pl.col("_sv_out"), pl.col("_sv_amb"))
    at_end = XCrit(
        "assessed-at-end",
        pl.when(covered.is_not_null()).then(pl.lit(True)),
        pl.lit(False),
    )
    rescue = ws.crit(
        event_free_crit(
            "no-rescue-through-end", ws.event_count(tuple(params.rescue_events), "rse_")
        )
    )
    sustained = ws.crit(
        combine_crit("sustained-crr", [crr_12, maintained, at_end, rescue], mode="all")
    )
    status = (
        pl.when(sustained.outcome.is_null())
        .then(pl.lit("unknown"))
        .when(sustained.outcome)
        .then(pl.lit("sustained"))
        .otherwise(pl.lit("not sustained"))
    )
    columns = finish_columns(
        ws,
        rule_set,
        opts,
        complete=sustained,
        partial=None,
        missing=[*missing, Spliced(pl.col("_sv_missing")), ("end.upcr", covered.is_null())],
        flags=[*flags, Spliced(pl.col("_sv_flags"))],
        intercurrent=tuple(params.intercurrent_events),
        endpoint="sustained complete renal response",
        details_before=(
            ("trial_status", status),
            ("later_visits_assessed", pl.col("_sv_n").cast(pl.String)),
        ),
    )
    visits = [
        pl.col(f"_sv_v{k}").alias(f"{CRITERION_COLUMN_PREFIX}visit-{k}") for k in range(1, most + 1)
    ]
    columns = _insert_after(columns, CRITERION_COLUMN_PREFIX + "maintained", visits)
    # an end before month 12 is refused by the scalar path (InputError): hand it over
    return _or_ambiguous(columns, pl.col("_t") < pl.col("_m12"))


__all__ = [
    "ADEQUATE_OPTIONS",
    "SUSTAINED_OPTIONS",
    "compile_adequate",
    "compile_sustained",
]
