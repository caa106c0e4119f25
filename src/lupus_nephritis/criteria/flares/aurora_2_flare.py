"""AURORA 2 renal flare: UPCR buckets after an adequate response.

Rule set ``aurora-2-flare``. In the AURORA 2 continuation study a renal flare could only
follow an *adequate response* (sustained UPCR at or below 0.7 mg/mg). The flare threshold
depends on the post-response UPCR:

* post-response UPCR below 0.2 mg/mg: flare when UPCR rises above 1 mg/mg;
* post-response UPCR from 0.2 to 1.0 mg/mg: flare when UPCR rises above 2 mg/mg.

In the trial each flare was adjudicated by a blinded clinical endpoints committee; the
library applies the numeric rule and flags every flare it finds as not adjudicated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.criteria.flares._scan import (
    CourseSummary,
    MissingPolicy,
    Reading,
    VisitResult,
    as_course,
    measure_reading,
    missing_of,
    resolve_at,
    summarise,
    visit_criterion,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence, FlareSeverity
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import TreatmentCourse, Visit
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import (
    Option,
    Threshold,
    combine,
    outcome_criterion,
    resolve_options,
)
from lupus_nephritis.timeline import Confirmation, confirm

RULE_SET_ID = "aurora-2-flare"
SOURCE = "aurora-2"

#: Flag of a decision that found a flare by the numeric rule (the trial adjudicated flares).
FLAG_NOT_ADJUDICATED = "numeric-rule-not-adjudicated"
#: Flag of a "none" verdict because no adequate response preceded (no flare by definition).
FLAG_NO_ADEQUATE_RESPONSE = "no-adequate-response"
#: Missing input when no UPCR was measured after the baseline.
MISSING_FOLLOW_UP_UPCR = "follow-up upcr"
#: Prefix of the missing input of a qualifying last UPCR with no later one to confirm it.
MISSING_CONFIRMING_PREFIX = "confirming upcr after "


class FlareReference(str, Enum):
    """Which UPCR is the 'post-response' value a later visit is compared with."""

    POST_RESPONSE_NADIR = "post-response-nadir"
    RESPONSE_VISIT = "response-visit"
    BASELINE = "baseline"


class ResponseConfirmation(str, Enum):
    """How 'sustained' is read for the adequate response that must precede a flare."""

    NEXT_MEASUREMENT = "next-measurement"
    SINGLE_MEASUREMENT = "single-measurement"


@attrs.frozen(slots=True)
class Parameters:
    """Thresholds of the AURORA 2 adequate response and flare rule, as cited data."""

    adequate_response: Threshold
    sustained: Confirmation
    low_bucket: Threshold
    mid_bucket_min: Threshold
    mid_bucket_max: Threshold
    low_bucket_flare: Threshold
    mid_bucket_flare: Threshold


def _t(id: str, label: str, comparator: str, value: str, note: str | None = None) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="mg/mg",
        quantity="upcr",
        source_id=SOURCE,
        note=note,
    )


PARAMETERS = Parameters(
    adequate_response=_t(
        "adequate-response-upcr",
        "UPCR at or below 0.7 mg/mg (adequate response)",
        "<=",
        "0.7",
        "Adequate response = sustained UPCR <= 0.7 mg/mg.",
    ),
    sustained=Confirmation(
        min_days=1,
        max_days=None,
        source_id=None,
        note=(
            "'Sustained' is not defined in the public sources (NOT FOUND); library default: "
            "confirmed by the next UPCR measurement (option adequate_response_confirmation)."
        ),
    ),
    low_bucket=_t("post-response-upcr-low", "Post-response UPCR below 0.2 mg/mg", "<", "0.2"),
    mid_bucket_min=_t(
        "post-response-upcr-mid-min",
        "Post-response UPCR at least 0.2 mg/mg",
        ">=",
        "0.2",
        "'0.2 to 1.0': 0.2 is read as belonging to this bucket (the first bucket is '< 0.2').",
    ),
    mid_bucket_max=_t(
        "post-response-upcr-mid-max",
        "Post-response UPCR at most 1.0 mg/mg",
        "<=",
        "1.0",
        "'0.2 to 1.0': 1.0 is read as inclusive; values above 1.0 are outside both buckets.",
    ),
    low_bucket_flare=_t("flare-upcr-above-1", "UPCR above 1 mg/mg", ">", "1"),
    mid_bucket_flare=_t("flare-upcr-above-2", "UPCR above 2 mg/mg", ">", "2"),
)

OPTIONS = (
    Option(
        "reference",
        FlareReference.POST_RESPONSE_NADIR.value,
        "The 'post-response UPCR' a visit is compared with: 'post-response-nadir' (default; "
        "lowest UPCR from the adequate response up to the previous visit), 'response-visit' "
        "(the UPCR at the visit the adequate response began) or 'baseline' (the course "
        "baseline UPCR, for callers who store the post-response state there). The source "
        "does not say which; the nadir is the best post-response level reached.",
        tuple(r.value for r in FlareReference),
        SOURCE,
    ),
    Option(
        "adequate_response_confirmation",
        ResponseConfirmation.NEXT_MEASUREMENT.value,
        "How 'sustained' UPCR <= 0.7 mg/mg is read: 'next-measurement' (default; the next UPCR "
        "is also <= 0.7) or 'single-measurement'. Not defined in the public sources.",
        tuple(c.value for c in ResponseConfirmation),
        SOURCE,
    ),
    Option(
        "missing_data",
        MissingPolicy.STRICT.value,
        "A course with no flare found but an undecidable visit (no reference, or a reference "
        "outside both buckets): 'strict' (default) gives not evaluable; 'measured-only' gives "
        "none and flags it.",
        tuple(p.value for p in MissingPolicy),
        None,
    ),
)


@attrs.frozen(slots=True)
class AdequateResponse:
    """Whether and when an adequate response began, explained."""

    outcome: Outcome
    visit: Visit | None
    criterion: Criterion
    missing: tuple[str, ...] = ()


def _with_upcr(course: TreatmentCourse, until: date | None) -> tuple[Visit, ...]:
    return tuple(
        v
        for v in course.visits
        if v.upcr is not None
        and (course.baseline is None or v.date > course.baseline.date)
        and (until is None or v.date <= until)
    )


def find_adequate_response(
    course: TreatmentCourse,
    *,
    until: date | None,
    confirmation: ResponseConfirmation | str = ResponseConfirmation.NEXT_MEASUREMENT,
) -> AdequateResponse:
    """The first visit at which an adequate (sustained UPCR <= 0.7 mg/mg) response began.

    Args:
        course: The treatment course.
        until: Last date considered (None: every visit).
        confirmation: How 'sustained' is read.

    Returns:
        ``MET`` with the onset visit, ``NOT_MET`` when UPCR was measured after the baseline
        and no visit qualifies, or ``UNKNOWN`` when the first qualifying value has no later
        UPCR to confirm it or no UPCR was measured after the baseline at all (missing data
        are never read as "no response").
    """
    p = PARAMETERS
    mode = ResponseConfirmation(confirmation)
    visits = _with_upcr(course, until)
    label = f"Adequate response: sustained UPCR {p.adequate_response.describe()}"
    if not visits:
        crit = outcome_criterion(
            "adequate-response",
            label,
            Outcome.UNKNOWN,
            source_id=SOURCE,
            note="missing: follow-up upcr (no UPCR measured after the baseline"
            + (f" up to {until.isoformat()})" if until is not None else ")"),
        )
        return AdequateResponse(Outcome.UNKNOWN, None, crit, (MISSING_FOLLOW_UP_UPCR,))
    for visit in visits:
        upcr = visit.upcr
        if upcr is None or not p.adequate_response.holds(upcr.canonical):
            continue
        first = p.adequate_response.check(
            upcr.canonical,
            evidence=(Evidence("upcr", visit.date, visit.id, upcr.value, upcr.unit),),
        )
        if mode is ResponseConfirmation.SINGLE_MEASUREMENT:
            crit = combine("adequate-response", label, [first], mode="all", source_id=SOURCE)
            return AdequateResponse(Outcome.MET, visit, crit)
        outcome, confirming = confirm(
            visits,
            visit,
            p.sustained,
            lambda v: p.adequate_response.outcome(v.upcr.canonical if v.upcr else None),
        )
        if confirming is not None and confirming.upcr is not None:
            second = p.adequate_response.check(
                confirming.upcr.canonical,
                evidence=(
                    Evidence(
                        "upcr",
                        confirming.date,
                        confirming.id,
                        confirming.upcr.value,
                        confirming.upcr.unit,
                        note="confirming measurement",
                    ),
                ),
                id="adequate-response-confirmed",
            )
        else:
            second = outcome_criterion(
                "adequate-response-confirmed",
                "Confirmed by the next UPCR",
                Outcome.UNKNOWN,
                source_id=SOURCE,
                note="missing: confirming upcr",
            )
        if outcome is Outcome.NOT_MET:
            continue
        crit = combine("adequate-response", label, [first, second], mode="all", source_id=SOURCE)
        missing = (
            (MISSING_CONFIRMING_PREFIX + visit.date.isoformat(),)
            if outcome is Outcome.UNKNOWN
            else ()
        )
        return AdequateResponse(outcome, visit if outcome is Outcome.MET else None, crit, missing)
    crit = outcome_criterion(
        "adequate-response",
        label,
        Outcome.NOT_MET,
        source_id=SOURCE,
        note=f"no sustained UPCR {p.adequate_response.describe()} among {len(visits)} UPCR "
        "measurement(s)",
    )
    return AdequateResponse(Outcome.NOT_MET, None, crit)


def _reference(
    course: TreatmentCourse,
    onset: Visit | None,
    index: Visit,
    history: Sequence[Visit],
    rule: FlareReference,
) -> Reading[Fraction]:
    field = "post-response upcr"
    if rule is FlareReference.BASELINE:
        reading = measure_reading(field, course.baseline, lambda v: v.upcr)
        return attrs.evolve(reading, note="course baseline")
    if onset is None:  # pragma: no cover - guarded by the caller
        return Reading(field, None, None)
    if rule is FlareReference.RESPONSE_VISIT:
        return attrs.evolve(
            measure_reading(field, onset, lambda v: v.upcr), note="adequate-response visit"
        )
    candidates = [v for v in history if onset.date <= v.date < index.date and v.upcr]
    chosen = min(reversed(candidates), key=lambda v: v.upcr.canonical if v.upcr else Fraction(0))
    return attrs.evolve(
        measure_reading(field, chosen, lambda v: v.upcr), note="post-response nadir"
    )


def flare_at(
    course: TreatmentCourse,
    index: Visit,
    reference: Reading[Fraction],
    *,
    ordinal: int,
) -> VisitResult:
    """Whether ``index`` shows an AURORA 2 flare against ``reference`` (explained)."""
    p = PARAMETERS
    current = measure_reading("upcr", index, lambda v: v.upcr)
    ref_note = None if reference.value is not None else "missing: post-response upcr"
    ref_ev = reference.evidence()

    def ref_check(t: Threshold) -> Criterion:
        return t.check(reference.value, evidence=ref_ev, note=ref_note)

    cur_ev = current.evidence()
    low = combine(
        "flare-from-low",
        f"Post-response UPCR {p.low_bucket.describe()} and UPCR now "
        f"{p.low_bucket_flare.describe()}",
        [ref_check(p.low_bucket), p.low_bucket_flare.check(current.value, evidence=cur_ev)],
        mode="all",
        source_id=SOURCE,
    )
    mid = combine(
        "flare-from-mid",
        f"Post-response UPCR {p.mid_bucket_min.describe()} and "
        f"{p.mid_bucket_max.describe()}, and UPCR now {p.mid_bucket_flare.describe()}",
        [
            ref_check(p.mid_bucket_min),
            ref_check(p.mid_bucket_max),
            p.mid_bucket_flare.check(current.value, evidence=cur_ev),
        ],
        mode="all",
        source_id=SOURCE,
    )
    children: list[Criterion] = [low, mid]
    flare = combine("flare", "AURORA 2 renal flare", children, mode="any", source_id=SOURCE)
    outside = reference.value is not None and not (
        p.low_bucket.holds(reference.value)
        or (p.mid_bucket_min.holds(reference.value) and p.mid_bucket_max.holds(reference.value))
    )
    if outside:
        flare = Criterion(
            id="flare",
            label="AURORA 2 renal flare",
            outcome=Outcome.UNKNOWN,
            comparator="any",
            source_id=SOURCE,
            children=tuple(children),
            note="post-response UPCR outside both published buckets",
        )
    criterion = visit_criterion(index, (flare,), source_id=SOURCE, ordinal=ordinal)
    missing = missing_of((flare,), index)
    if outside:
        missing = (*missing, f"post-response upcr within the buckets (visit {index.date})")
    return VisitResult(
        index, criterion, ((FlareSeverity.FLARE, flare.outcome),), ((FlareSeverity.FLARE, missing),)
    )


def evaluate(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """Detect an AURORA 2 renal flare over a course.

    Args:
        course: The treatment course (model or plain mapping).
        at: Last date assessed (a date, or a study week number); None assesses every visit.
        **options: ``reference``, ``adequate_response_confirmation``, ``missing_data``.

    Returns:
        A decision whose verdict is ``flare``, ``none`` or ``not_evaluable``. With no adequate
        response there can be no AURORA 2 flare: the verdict is ``none``, flagged
        ``no-adequate-response``. Without any follow-up UPCR the adequate response itself is
        unknown and the verdict is ``not_evaluable``.
    """
    course = as_course(course)
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    until = resolve_at(course, at)
    rule = FlareReference(opts["reference"])
    policy = MissingPolicy(opts["missing_data"])
    history = _with_upcr(course, until)
    flags: list[str] = []
    details: list[tuple[str, Any]] = [("reference_rule", rule.value)]
    missing: list[str] = []
    if rule is FlareReference.BASELINE:
        onset = None
        index_visits = history
    else:
        response = find_adequate_response(
            course, until=until, confirmation=opts["adequate_response_confirmation"]
        )
        details.append(("adequate_response", response.outcome.value))
        if response.outcome is not Outcome.MET or response.visit is None:
            verdict = (
                FlareSeverity.NONE
                if response.outcome is Outcome.NOT_MET
                else FlareSeverity.NOT_EVALUABLE
            )
            return Decision(
                rule_set_id=RULE_SET.id,
                rule_set_version=RULE_SET.version,
                kind=RULE_SET.kind.value,
                verdict=verdict,
                criteria=(response.criterion,),
                missing_inputs=response.missing,
                flags=(FLAG_NO_ADEQUATE_RESPONSE,) if verdict is FlareSeverity.NONE else (),
                policy=policy.value,
                options=tuple(sorted(opts.items())),
                assessed_on=until,
                details=tuple(details),
                source_ids=RULE_SET.source_ids,
            )
        onset = response.visit
        details.append(("adequate_response_on", onset.date.isoformat()))
        index_visits = tuple(v for v in history if v.date > onset.date)
    results = [
        flare_at(course, visit, _reference(course, onset, visit, history, rule), ordinal=n)
        for n, visit in enumerate(index_visits, start=1)
    ]
    if any(r.met is FlareSeverity.FLARE for r in results):
        flags.append(FLAG_NOT_ADJUDICATED)
    return summarise(
        RULE_SET,
        results,
        options=opts,
        policy=policy,
        summary=CourseSummary.FIRST_FLARE,
        assessed_on=until,
        extra_flags=flags,
        extra_details=details,
        extra_missing=missing,
        empty_verdict=FlareSeverity.NONE if onset is not None else FlareSeverity.NOT_EVALUABLE,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="AURORA 2 renal flare",
        kind=RuleKind.FLARE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "After an adequate response (sustained UPCR <= 0.7 mg/mg), a renal flare is a "
            "rise of UPCR above 1 mg/mg when the post-response UPCR was below 0.2 mg/mg, or "
            "above 2 mg/mg when it was 0.2 to 1.0 mg/mg. Every later UPCR measurement is "
            "compared with the post-response value chosen by the 'reference' option; the "
            "verdict is 'flare', 'none' or 'not_evaluable'."
        ),
        options=OPTIONS,
        notes=(
            "Flares in AURORA 2 were adjudicated by a blinded clinical endpoints committee; "
            "the library applies only the numeric rule and flags each flare found "
            "'numeric-rule-not-adjudicated'.",
            "Bucket edges: '< 0.2' and '0.2 to 1.0' are read so that 0.2 and 1.0 both belong "
            "to the second bucket (not stated by the source). A post-response UPCR above 1.0 "
            "cannot follow an adequate response (<= 0.7) unless the caller's baseline "
            "reference is used; such a visit is undecidable.",
            "'Sustained' (adequate response) is NOT FOUND in the public sources: option "
            "'adequate_response_confirmation', default confirmed by the next UPCR.",
            "Which post-response value is the reference is not stated: option 'reference', "
            "default the post-response nadir.",
            "With no adequate response there is no AURORA 2 flare by definition: verdict "
            "'none' with the flag 'no-adequate-response'. With no UPCR measured after the "
            "baseline the adequate response is unknown: verdict 'not_evaluable' (missing "
            "'follow-up upcr'), never a silent 'none'.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = [
    "FLAG_NOT_ADJUDICATED",
    "FLAG_NO_ADEQUATE_RESPONSE",
    "MISSING_CONFIRMING_PREFIX",
    "MISSING_FOLLOW_UP_UPCR",
    "OPTIONS",
    "PARAMETERS",
    "RULE_SET",
    "AdequateResponse",
    "FlareReference",
    "Parameters",
    "ResponseConfirmation",
    "evaluate",
    "find_adequate_response",
    "flare_at",
]
