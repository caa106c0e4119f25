"""KDIGO 2021 renal response (complete / partial / no response) - rule set ``"kdigo-2021"``.

KDIGO 2021 glomerular diseases guideline, lupus nephritis chapter (paraphrased). The KDIGO
2024 update reproduces these definitions, so the criteria equal those of ``"kdigo-2024"``;
this rule set cites the 2021 guideline and offers the one reading that differs between the
sources available for 2021: the comparator of the 50% reduction (option
``partial_reduction_comparator``).

* **complete response**: 24-hour urine PCR below 0.5 g/g with kidney function stable or
  improved (within 10-15% of baseline), within 6-12 months of starting therapy;
* **partial response**: proteinuria reduced by at least 50% and to below 3 g/g, with stable
  or improved kidney function, within 6-12 months;
* **no response**: neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from lupus_nephritis.criteria.response._common import (
    DEFAULT_INTERCURRENT_EVENTS,
    AssessmentPoint,
)
from lupus_nephritis.criteria.response._kdigo import KdigoParameters, evaluate_kdigo, kdigo_options
from lupus_nephritis.decisions import Decision
from lupus_nephritis.models import Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "kdigo-2021"
SOURCE = "kdigo-2021-gd"

PARAMETERS = KdigoParameters(
    complete_upcr=Threshold(
        id="upcr-complete",
        label="UPCR below 0.5 g/g",
        comparator="<",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="PCR from a 24-hour urine collection; '50 mg/mmol' in the text is a rounding "
        "(0.5 g/g is 56.6 mg/mmol exactly), so the value is compared in g/g.",
    ),
    partial_reductions=(
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by at least 50% from the reference",
            comparator=">=",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'by at least 50%', as the KDIGO 2024 figure reproduces the 2021 definition "
            "(default).",
        ),
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by more than 50% from the reference",
            comparator=">",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'> 50%', the paraphrase of KDIGO 2021 by Anders et al. (NDT 2023); option "
            "partial_reduction_comparator='>'.",
        ),
    ),
    partial_upcr=Threshold(
        id="upcr-partial",
        label="UPCR below 3 g/g",
        comparator="<",
        value="3",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="'3 g/g (300 mg/mmol)'; compared in g/g (3 g/g is 339 mg/mmol exactly).",
    ),
    stability_bands=(
        Threshold(
            id="kidney-function",
            label="Kidney function stable: worsening from the reference at most 10%",
            comparator="<=",
            value="10",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Lower end of 'within 10-15% of baseline' (option stability_band=10).",
        ),
        Threshold(
            id="kidney-function",
            label="Kidney function stable: worsening from the reference at most 15%",
            comparator="<=",
            value="15",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Upper end of 'within 10-15% of baseline' (default); improvement always passes.",
        ),
    ),
    upcr_specimen=Specimen.H24,
    time_points=(
        AssessmentPoint("month-6", 26, SOURCE, "6 months read as study week 26"),
        AssessmentPoint("month-12", 52, SOURCE, "12 months read as study week 52"),
    ),
    window=VisitWindow(
        "window",
        before_days=28,
        after_days=28,
        note="Library default: KDIGO states no visit window; nearest visit within 4 weeks.",
    ),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

OPTIONS = kdigo_options(PARAMETERS, SOURCE, reduction_option=True)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under KDIGO 2021.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page); unknown names raise
            `OptionError`.

    Returns:
        A response `Decision`.
    """
    return evaluate_kdigo(RULE_SET, PARAMETERS, OPTIONS, course, at, options)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="KDIGO 2021 renal response (complete / partial / none)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Complete response: 24-hour urine PCR below 0.5 g/g with kidney function stable or "
            "improved (within the stability band of the reference). Partial response: PCR "
            "reduced by at least 50% (option: more than 50%) and below 3 g/g, with the same "
            "kidney-function condition. No response: neither. Assessed 6-12 months after the "
            "start of therapy (default 12 months, study week 52)."
        ),
        options=OPTIONS,
        notes=(
            "Sources: the KDIGO 2021 text was not read directly; its definitions are known from "
            "the KDIGO 2024 response figure (which reproduces them) and from the comparison "
            "table of Anders et al. (NDT 2023). The guideline citation is marked secondary.",
            "Partial-response comparator: the 2024 figure says 'by at least 50%', Anders et al. "
            "paraphrase 2021 as '> 50%'. Option partial_reduction_comparator ('>=' default, "
            "'>'); only a reduction of exactly 50% is affected.",
            "Stability band: 'within 10-15% of baseline', a range. Option stability_band (10 or "
            "15), default 15 (outer end), inclusive; improvement always passes.",
            "Kidney-function metric: not stated. Option kidney_function_metric, default eGFR "
            "(reported, else computed with option egfr_equation).",
            "Time point: 'within 6-12 months'. Option time_point (month-6 = week 26, month-12 = "
            "week 52), default month-12; `at` overrides it.",
            "Specimen: a spot or first-morning UPCR is used where a 24-hour PCR is asked for, "
            "flagged spot-upcr-used and provisional (option spot_upcr='reject' refuses it).",
            "Missing data: not addressed by KDIGO; default not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
