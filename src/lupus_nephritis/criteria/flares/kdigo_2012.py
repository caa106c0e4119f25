"""KDIGO 2012 lupus nephritis relapse (Table 29): mild, moderate and severe.

Rule set ``kdigo-2012-relapse``. Every follow-up visit is compared with a reference value
(see the ``reference`` option) and graded:

* **mild**: glomerular haematuria rising from fewer than 5 to more than 15 RBC/hpf with at
  least 2 acanthocytes/hpf, and/or recurrence of at least one red- or white-cell cast;
* **moderate**: a creatinine rise of 0.20-1.0 mg/dL (reference below 2.0 mg/dL) or
  0.40-1.5 mg/dL (reference 2.0 mg/dL or more), and/or a uPCR rise by reference bucket
  (below 500 mg/g to at least 1000 mg/g; 500-1000 mg/g to at least 2000 mg/g with the value
  below 5000 mg/g; above 1000 mg/g to at least twice the reference with the value below
  5000 mg/g);
* **severe**: a creatinine rise above 1.0 mg/dL (reference below 2.0) or above 1.5 mg/dL
  (reference 2.0 or more), and/or an absolute uPCR increase above 5000 mg/g.

Thresholds keep the units of the table (mg/g, mg/dL); the table's mg/mmol pairs are kept as
a second, selectable threshold set (``upcr_thresholds="mg/mmol-as-printed"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.criteria.flares._scan import (
    CourseSummary,
    MissingPolicy,
    Reading,
    ReferenceRule,
    VisitResult,
    as_course,
    assessment_visits,
    earlier_visits,
    flag_reading,
    measure_reading,
    missing_of,
    reference_flag,
    reference_measure,
    resolve_at,
    summarise,
    visit_criterion,
)
from lupus_nephritis.decisions import Criterion, Decision, FlareSeverity
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import TreatmentCourse, Visit
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import (
    Option,
    Threshold,
    combine,
    flag_criterion,
    percent_of,
    resolve_options,
)

RULE_SET_ID = "kdigo-2012-relapse"
SOURCE = "kdigo-2012-gn"


@attrs.frozen(slots=True)
class CreatinineBand:
    """Creatinine-rise thresholds for one reference-creatinine band."""

    reference: Threshold
    moderate_min: Threshold
    moderate_max: Threshold
    severe: Threshold


@attrs.frozen(slots=True)
class UpcrThresholds:
    """uPCR thresholds of Table 29 in one unit (as the table prints them)."""

    reference_low: Threshold
    reference_mid_min: Threshold
    reference_mid_max: Threshold
    reference_high: Threshold
    low_target: Threshold
    mid_target: Threshold
    ceiling: Threshold
    severe_rise: Threshold
    severe_level: Threshold


@attrs.frozen(slots=True)
class Parameters:
    """Every threshold of KDIGO 2012 Table 29, as cited data."""

    haematuria_reference: Threshold
    haematuria_rise: Threshold
    acanthocytes: Threshold
    creatinine_low: CreatinineBand
    creatinine_high: CreatinineBand
    upcr_fold: Threshold
    upcr_mg_g: UpcrThresholds
    upcr_mg_mmol_printed: UpcrThresholds


def _t(
    id: str,
    label: str,
    comparator: str,
    value: str,
    unit: str,
    quantity: str,
    note: str | None = None,
) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit=unit,
        quantity=quantity,
        source_id=SOURCE,
        note=note,
    )


_RANGE_NOTE = "The table prints a range; both ends are read as inclusive."
_MMOL_NOTE = (
    "mg/mmol value as printed beside the mg/g value (the table converts with a rounded factor "
    "of 100; the exact factor is 113.12)."
)


def _upcr_thresholds(
    unit: str, values: Mapping[str, str], suffix: str, note: str | None
) -> UpcrThresholds:
    def t(id: str, label: str, comparator: str, key: str, extra: str | None = None) -> Threshold:
        text = " ".join(x for x in (extra, note) if x) or None
        return _t(
            f"{id}{suffix}",
            f"{label} {values[key]} {unit}",
            comparator,
            values[key],
            unit,
            "upcr",
            text,
        )

    return UpcrThresholds(
        reference_low=t("upcr-reference-low", "Reference uPCR below", "<", "low"),
        reference_mid_min=t(
            "upcr-reference-mid-min", "Reference uPCR at least", ">=", "low", _RANGE_NOTE
        ),
        reference_mid_max=t(
            "upcr-reference-mid-max", "Reference uPCR at most", "<=", "mid", _RANGE_NOTE
        ),
        reference_high=t("upcr-reference-high", "Reference uPCR above", ">", "mid"),
        low_target=t("upcr-rise-to-low-target", "uPCR rises to at least", ">=", "mid"),
        mid_target=t("upcr-rise-to-mid-target", "uPCR rises to at least", ">=", "high"),
        ceiling=t(
            "upcr-moderate-ceiling",
            "uPCR value below",
            "<",
            "ceiling",
            "Upper bound of the moderate buckets (the uPCR value itself).",
        ),
        severe_rise=t(
            "upcr-severe-rise",
            "uPCR increase above",
            ">",
            "ceiling",
            "Default reading: the increase over the reference ('absolute increase').",
        ),
        severe_level=t(
            "upcr-severe-level",
            "uPCR value above",
            ">",
            "ceiling",
            "Alternative reading (option severe_proteinuria='level'): the value itself.",
        ),
    )


PARAMETERS = Parameters(
    haematuria_reference=_t(
        "haematuria-reference",
        "Reference urine RBC below 5/hpf",
        "<",
        "5",
        "/[HPF]",
        "urine_rbc",
        "Glomerular haematuria must rise from fewer than 5 RBC/hpf.",
    ),
    haematuria_rise=_t(
        "haematuria-rise",
        "Urine RBC above 15/hpf",
        ">",
        "15",
        "/[HPF]",
        "urine_rbc",
        "Infection must be excluded by the clinician; the library has no infection input.",
    ),
    acanthocytes=_t(
        "acanthocytes",
        "At least 2 acanthocytes/hpf",
        ">=",
        "2",
        "/[HPF]",
        "urine_rbc",
        "Read from Visit.acanthocytes_per_hpf.",
    ),
    creatinine_low=CreatinineBand(
        reference=_t(
            "creatinine-reference-low",
            "Reference creatinine below 2.0 mg/dL",
            "<",
            "2.0",
            "mg/dL",
            "creatinine",
            "Printed with the pair < 177 umol/L.",
        ),
        moderate_min=_t(
            "creatinine-rise-low-min",
            "Creatinine rise at least 0.20 mg/dL",
            ">=",
            "0.20",
            "mg/dL",
            "creatinine",
            _RANGE_NOTE,
        ),
        moderate_max=_t(
            "creatinine-rise-low-max",
            "Creatinine rise at most 1.0 mg/dL",
            "<=",
            "1.0",
            "mg/dL",
            "creatinine",
            _RANGE_NOTE,
        ),
        severe=_t(
            "creatinine-rise-low-severe",
            "Creatinine rise above 1.0 mg/dL",
            ">",
            "1.0",
            "mg/dL",
            "creatinine",
        ),
    ),
    creatinine_high=CreatinineBand(
        reference=_t(
            "creatinine-reference-high",
            "Reference creatinine 2.0 mg/dL or more",
            ">=",
            "2.0",
            "mg/dL",
            "creatinine",
        ),
        moderate_min=_t(
            "creatinine-rise-high-min",
            "Creatinine rise at least 0.40 mg/dL",
            ">=",
            "0.40",
            "mg/dL",
            "creatinine",
            _RANGE_NOTE,
        ),
        moderate_max=_t(
            "creatinine-rise-high-max",
            "Creatinine rise at most 1.5 mg/dL",
            "<=",
            "1.5",
            "mg/dL",
            "creatinine",
            _RANGE_NOTE,
        ),
        severe=_t(
            "creatinine-rise-high-severe",
            "Creatinine rise above 1.5 mg/dL",
            ">",
            "1.5",
            "mg/dL",
            "creatinine",
        ),
    ),
    upcr_fold=_t(
        "upcr-two-fold",
        "uPCR at least twice the reference",
        ">=",
        "200",
        "%",
        "percent",
        "'At least 2-fold', expressed as the value in percent of the reference.",
    ),
    upcr_mg_g=_upcr_thresholds(
        "mg/g", {"low": "500", "mid": "1000", "high": "2000", "ceiling": "5000"}, "", None
    ),
    upcr_mg_mmol_printed=_upcr_thresholds(
        "mg/mmol",
        {"low": "50", "mid": "100", "high": "200", "ceiling": "500"},
        "-mmol",
        _MMOL_NOTE,
    ),
)

OPTIONS = (
    Option(
        "reference",
        ReferenceRule.NADIR.value,
        "Reference value each visit is compared with: 'nadir' (lowest earlier value of the same "
        "quantity, baseline included), 'previous' (last earlier value) or 'baseline' (the "
        "course baseline). The table says 'baseline' meaning the patient's state before the "
        "relapse; a treatment course's baseline is usually the active disease at treatment "
        "start, so the library defaults to the nadir (the best state reached).",
        tuple(r.value for r in ReferenceRule),
        SOURCE,
    ),
    Option(
        "upcr_thresholds",
        "mg/g",
        "Which printed uPCR thresholds to apply: 'mg/g' (default; inputs in any unit are "
        "converted exactly) or 'mg/mmol-as-printed' (the table's mg/mmol pairs 50/100/200/500, "
        "printed with a rounded factor of 100 instead of 113.12, so each is about 12% lower "
        "than its mg/g value: the buckets shift down and the rise targets are reached "
        "sooner).",
        ("mg/g", "mg/mmol-as-printed"),
        SOURCE,
    ),
    Option(
        "severe_proteinuria",
        "rise",
        "Reading of 'absolute increase in uPCR > 5000 mg/g': 'rise' (default, literal: the "
        "increase over the reference) or 'level' (the value itself above 5000 mg/g). Under "
        "'rise' a value of 5000 mg/g or more reached by a smaller increase is neither moderate "
        "nor severe by uPCR (flagged 'upcr-between-moderate-and-severe').",
        ("rise", "level"),
        SOURCE,
    ),
    Option(
        "cast_recurrence",
        "absent-at-reference",
        "'Recurrence' of casts: 'absent-at-reference' (default; casts now, none at the "
        "reference) or 'present' (any red- or white-cell cast counts).",
        ("absent-at-reference", "present"),
        SOURCE,
    ),
    Option(
        "missing_data",
        MissingPolicy.STRICT.value,
        "A course with no relapse found but an unmeasured component at some visit: 'strict' "
        "(default) gives not evaluable; 'measured-only' gives none, judged on measured data "
        "only, and flags it.",
        tuple(p.value for p in MissingPolicy),
        None,
    ),
    Option(
        "course_summary",
        CourseSummary.FIRST_FLARE.value,
        "Which relapse the verdict reports: 'first-flare' (default; severity at the first "
        "visit meeting any grade) or 'worst' (the most severe grade over the course). Both are "
        "always in the details.",
        tuple(s.value for s in CourseSummary),
        None,
    ),
)

_LEVELS = (FlareSeverity.SEVERE, FlareSeverity.MODERATE, FlareSeverity.MILD)


def _reads(visit: Visit) -> bool:
    return any(
        x is not None
        for x in (
            visit.creatinine,
            visit.upcr,
            visit.urine_rbc,
            visit.has_red_cell_casts,
            visit.has_white_cell_casts,
        )
    )


def _check(threshold: Threshold, reading: Reading[Fraction], *, evidence: Any = None) -> Criterion:
    ev = reading.evidence() if evidence is None else evidence
    note = None if reading.value is not None else f"missing: {reading.field}"
    return threshold.check(reading.value, evidence=ev, note=note)


def _delta(
    field: str, current: Reading[Fraction], reference: Reading[Fraction]
) -> Reading[Fraction]:
    quantity = field.removesuffix(" rise")
    if current.value is None:
        return Reading(quantity, None, current.visit)
    if reference.value is None:
        return Reading(f"reference {quantity}", None, None)
    return Reading(field, current.value - reference.value, current.visit)


def _creatinine(
    course: TreatmentCourse, visit: Visit, rule: ReferenceRule
) -> tuple[Criterion, Criterion]:
    p = PARAMETERS
    ref = reference_measure(course, visit, "creatinine", lambda v: v.creatinine, rule)
    cur = measure_reading("creatinine", visit, lambda v: v.creatinine)
    rise = _delta("creatinine rise", cur, ref)
    ev = ref.evidence() + cur.evidence()
    moderate_branches = []
    severe_branches = []
    for name, band in (("low", p.creatinine_low), ("high", p.creatinine_high)):
        in_band = _check(band.reference, ref)
        moderate_branches.append(
            combine(
                f"creatinine-moderate-{name}",
                f"Moderate creatinine rise ({band.reference.label})",
                [
                    in_band,
                    _check(band.moderate_min, rise, evidence=ev),
                    _check(band.moderate_max, rise, evidence=ev),
                ],
                mode="all",
                source_id=SOURCE,
            )
        )
        severe_branches.append(
            combine(
                f"creatinine-severe-{name}",
                f"Severe creatinine rise ({band.reference.label})",
                [in_band, _check(band.severe, rise, evidence=ev)],
                mode="all",
                source_id=SOURCE,
            )
        )
    moderate = combine(
        "creatinine-moderate",
        "Moderate relapse by creatinine",
        moderate_branches,
        mode="any",
        source_id=SOURCE,
    )
    severe = combine(
        "creatinine-severe",
        "Severe relapse by creatinine",
        severe_branches,
        mode="any",
        source_id=SOURCE,
    )
    return moderate, severe


def _upcr(
    course: TreatmentCourse, visit: Visit, rule: ReferenceRule, opts: Mapping[str, Any]
) -> tuple[Criterion, Criterion, bool]:
    p = PARAMETERS
    u = p.upcr_mg_g if opts["upcr_thresholds"] == "mg/g" else p.upcr_mg_mmol_printed
    ref = reference_measure(course, visit, "upcr", lambda v: v.upcr, rule)
    cur = measure_reading("upcr", visit, lambda v: v.upcr)
    ev = ref.evidence() + cur.evidence()
    fold = percent_of(ref.value, cur.value)
    fold_reading: Reading[Fraction] = Reading(
        "upcr" if cur.value is None else "reference upcr", fold, visit
    )
    if cur.value is not None and ref.value == 0:
        fold_reading = Reading("non-zero reference upcr", None, visit)
    low = combine(
        "upcr-moderate-low",
        f"uPCR from below {u.reference_low.value} to at least {u.low_target.value} "
        f"{u.low_target.unit}",
        [_check(u.reference_low, ref), _check(u.low_target, cur)],
        mode="all",
        source_id=SOURCE,
    )
    mid = combine(
        "upcr-moderate-mid",
        f"uPCR from {u.reference_mid_min.value}-{u.reference_mid_max.value} to at least "
        f"{u.mid_target.value} {u.mid_target.unit}, below {u.ceiling.value}",
        [
            _check(u.reference_mid_min, ref),
            _check(u.reference_mid_max, ref),
            _check(u.mid_target, cur),
            _check(u.ceiling, cur),
        ],
        mode="all",
        source_id=SOURCE,
    )
    high = combine(
        "upcr-moderate-high",
        f"uPCR from above {u.reference_high.value} {u.reference_high.unit} to at least "
        f"twice the reference, below {u.ceiling.value}",
        [
            _check(u.reference_high, ref),
            _check(p.upcr_fold, fold_reading, evidence=ev),
            _check(u.ceiling, cur),
        ],
        mode="all",
        source_id=SOURCE,
    )
    moderate = combine(
        "upcr-moderate", "Moderate relapse by uPCR", [low, mid, high], mode="any", source_id=SOURCE
    )
    if opts["severe_proteinuria"] == "rise":
        rise = _delta("upcr rise", cur, ref)
        severe_leaf = _check(u.severe_rise, rise, evidence=ev)
    else:
        severe_leaf = _check(u.severe_level, cur)
    severe = combine(
        "upcr-severe", "Severe relapse by uPCR", [severe_leaf], mode="any", source_id=SOURCE
    )
    gap = (
        cur.value is not None
        and not u.ceiling.holds(cur.value)
        and moderate.outcome is Outcome.NOT_MET
        and severe.outcome is Outcome.NOT_MET
    )
    return moderate, severe, gap


def _mild(
    course: TreatmentCourse, visit: Visit, rule: ReferenceRule, opts: Mapping[str, Any]
) -> Criterion:
    p = PARAMETERS
    ref_rbc = reference_measure(course, visit, "urine rbc", lambda v: v.urine_rbc, rule)
    rbc = measure_reading("urine rbc", visit, lambda v: v.urine_rbc)
    acan = measure_reading("acanthocytes per hpf", visit, lambda v: v.acanthocytes_per_hpf)
    haematuria = combine(
        "glomerular-haematuria",
        "Glomerular haematuria from < 5 to > 15 RBC/hpf with >= 2 acanthocytes/hpf",
        [
            _check(p.haematuria_reference, ref_rbc),
            _check(p.haematuria_rise, rbc),
            _check(p.acanthocytes, acan),
        ],
        mode="all",
        source_id=SOURCE,
    )
    casts_now = flag_reading("cellular casts", visit, lambda v: v.has_cellular_casts)
    cast_children = [
        flag_criterion(
            "casts-present",
            "Red- or white-cell cast present",
            casts_now.value,
            required=True,
            source_id=SOURCE,
            evidence=casts_now.evidence(),
            note=None if casts_now.value is not None else "missing: cellular casts",
        )
    ]
    if opts["cast_recurrence"] == "absent-at-reference":
        casts_ref = reference_flag(
            course, visit, "cellular casts", lambda v: v.has_cellular_casts, rule
        )
        cast_children.append(
            flag_criterion(
                "casts-absent-at-reference",
                "No cellular cast at the reference",
                casts_ref.value,
                required=False,
                source_id=SOURCE,
                evidence=casts_ref.evidence(),
                note=None if casts_ref.value is not None else "missing: reference cellular casts",
            )
        )
    casts = combine(
        "cast-recurrence",
        "Recurrence of >= 1 red- or white-cell cast",
        cast_children,
        mode="all",
        source_id=SOURCE,
    )
    return combine("mild", "Mild relapse", [haematuria, casts], mode="any", source_id=SOURCE)


def _assess(
    course: TreatmentCourse, visit: Visit, ordinal: int, opts: Mapping[str, Any]
) -> tuple[VisitResult, bool]:
    rule = ReferenceRule(opts["reference"])
    cr_moderate, cr_severe = _creatinine(course, visit, rule)
    up_moderate, up_severe, gap = _upcr(course, visit, rule, opts)
    severe = combine(
        "severe", "Severe relapse", [cr_severe, up_severe], mode="any", source_id=SOURCE
    )
    moderate = combine(
        "moderate", "Moderate relapse", [cr_moderate, up_moderate], mode="any", source_id=SOURCE
    )
    mild = _mild(course, visit, rule, opts)
    levels = (severe, moderate, mild)
    criterion = visit_criterion(visit, levels, source_id=SOURCE, ordinal=ordinal)
    result = VisitResult(
        visit=visit,
        criterion=criterion,
        levels=tuple((lv, c.outcome) for lv, c in zip(_LEVELS, levels, strict=True)),
        missing=tuple((lv, missing_of((c,), visit)) for lv, c in zip(_LEVELS, levels, strict=True)),
    )
    return result, gap


def evaluate(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """Grade renal relapse over a course under KDIGO 2012 Table 29.

    Args:
        course: The treatment course (model or plain mapping).
        at: Last date assessed (a date, or a study week number); None assesses every visit.
        **options: See the rule set's options (``reference``, ``upcr_thresholds``,
            ``severe_proteinuria``, ``cast_recurrence``, ``missing_data``,
            ``course_summary``).

    Returns:
        A decision whose verdict is a `FlareSeverity`
        (``none``, ``mild``, ``moderate``, ``severe`` or ``not_evaluable``), with one criterion
        per assessed visit.
    """
    course = as_course(course)
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    until = resolve_at(course, at)
    visits = assessment_visits(course, until=until, reads=_reads)
    if ReferenceRule(opts["reference"]) is not ReferenceRule.BASELINE:
        # the first observation of a course is where comparisons start, not a relapse
        visits = tuple(v for v in visits if earlier_visits(course, v))
    results: list[VisitResult] = []
    flags: list[str] = []
    for ordinal, visit in enumerate(visits, start=1):
        result, gap = _assess(course, visit, ordinal, opts)
        results.append(result)
        if gap:
            flags.append("upcr-between-moderate-and-severe")
    if any(r.met is FlareSeverity.MILD for r in results):
        flags.append("infection-not-excluded-by-library")
    return summarise(
        RULE_SET,
        results,
        options=opts,
        policy=MissingPolicy(opts["missing_data"]),
        summary=CourseSummary(opts["course_summary"]),
        assessed_on=until,
        extra_flags=flags,
        extra_details=(("reference_rule", opts["reference"]),),
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="KDIGO 2012 lupus nephritis relapse (Table 29)",
        kind=RuleKind.FLARE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Grades renal relapse (mild, moderate, severe) at every follow-up visit against a "
            "reference value chosen by the 'reference' option, from glomerular haematuria and "
            "casts (mild), a creatinine rise by reference band or a uPCR rise by reference "
            "bucket (moderate), and a larger creatinine rise or an absolute uPCR increase "
            "above 5000 mg/g (severe). The verdict is the severity of the first relapse "
            "(or the worst, by option); 'none' requires every graded component at every "
            "assessed visit to be known, else the course is not evaluable."
        ),
        options=OPTIONS,
        notes=(
            "Reference: Table 29 compares with 'baseline' without defining it for a course; "
            "the library defaults to the nadir (option 'reference').",
            "Ranges '0.20-1.0', '0.40-1.5' and '500-1000' are read with both ends inclusive; "
            "the severe grades use the strict '>' of the table, so a creatinine rise of "
            "exactly 1.0 mg/dL (reference < 2.0) is moderate, not severe.",
            "The lowest uPCR bucket (< 500 mg/g) states no 5000 mg/g ceiling, so none is "
            "applied there; the other two buckets require the value to stay below 5000 mg/g.",
            "'Absolute increase in uPCR > 5000 mg/g' is read as the increase over the "
            "reference (option 'severe_proteinuria'); values of 5000 mg/g or more reached by a "
            "smaller increase are flagged.",
            "The table's mg/mmol pairs (50/100/200/500 mg/mmol, creatinine < 177 umol/L) are "
            "rounded conversions; the mg/g and mg/dL values are applied unless the caller "
            "selects 'mg/mmol-as-printed'. Creatinine rises have no printed umol/L pair here.",
            "Haematuria must be glomerular and infection excluded: the library has no input "
            "for either, so a mild relapse is flagged 'infection-not-excluded-by-library'.",
            "Only uPCR is read (a 24-hour protein is a different quantity and is not converted).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "Parameters", "evaluate"]
